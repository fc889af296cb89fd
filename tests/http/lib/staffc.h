#ifndef KLUIS_TESTS_STAFFC_H
#define KLUIS_TESTS_STAFFC_H
/* The staff side of the HTTP tests: the test server T with the cmocka
 * setups that open it (st_setup, st_team_setup, or st_serve in a file's own
 * setup) and st_teardown, the usual staff team, sign-in through the JSON API
 * (login, login_admin, login_totp) and through the login form
 * (form_*_login), and the dossier steps of the staff API (new_dossier,
 * add_person, search, expect_ids). A test file that includes this header
 * uses T and does not declare its own. */
#include <jansson.h>
#include <stdint.h>
#include "apic.h"
#include "httpc.h"
#include "pagec.h"
#include "testutil.h"

#define ST_PW "zeer-geheim-wachtwoord-42" /* every staff member's password */
#define ST_ADMIN "beheer@kantoor.nl"      /* the team's admin (with TOTP) */

/* The team st_team_setup adds, all with password ST_PW: their user ids. */
struct st_team {
	int64_t admin_id; /* ST_ADMIN, "Ada Beheer", admin with a TOTP secret */
	int64_t adv_id;   /* adviseur@kantoor.nl, "Anna Adviseur", advisor */
	int64_t adv2_id;  /* adviseur2@kantoor.nl, "Bert Adviseur", advisor */
	int64_t bo_id;    /* binnendienst@kantoor.nl, "Bo Binnendienst", back office */
};

/* T: the test server the helpers here and in vaultc.h talk to, fresh for
 * each test (or group) that one of the setups below opens. */
extern struct test_app T;
/* team: the ids of the team, after st_team_setup or st_add_team. */
extern struct st_team team;

/* st_serve: tapp_serve(&T) without extra routes, with config tweak (NULL =
 * none); for a file's own setup. */
void st_serve(void (*tweak)(struct config *cfg));
/* st_add_team: add the team above to T (ids into team). */
void st_add_team(void);
/* st_setup: cmocka setup: st_serve(NULL). */
int st_setup(void **state);
/* st_team_setup: cmocka setup: st_serve(NULL) and st_add_team(). */
int st_team_setup(void **state);
/* st_teardown: cmocka teardown: tapp_close(&T). */
int st_teardown(void **state);

/* login: c (fresh) signed in through the JSON API as email with ST_PW,
 * no TOTP; must answer 200 (the CSRF token is kept). */
void login(struct httpc *c, const char *email);
/* login_totp: like login for an account with TOTP secret; moves the app
 * clock 30 s first (a fresh TOTP step: codes are single-use). */
void login_totp(struct httpc *c, const char *email, const char *secret);
/* login_admin: login_totp as the team's admin ST_ADMIN (st_add_team
 * first). */
void login_admin(struct httpc *c);
/* form_admin_login: a new admin account (email, name, ST_PW, TOTP) signed
 * in on c (fresh) through the login form (pg_login: 303 to /app/); returns
 * its id. */
int64_t form_admin_login(struct httpc *c, const char *email, const char *name);
/* form_advisor_login: the same for a new advisor without TOTP. */
int64_t form_advisor_login(struct httpc *c, const char *email, const char *name);

/* new_dossier: POST /api/v1/dossiers of kind and name (NULL = none), want
 * 201; returns its id. */
int64_t new_dossier(struct httpc *c, const char *kind, const char *name);
/* add_person: a person with role and names in dossier, with an optional
 * birth date, private e-mail and home address at postcode (each NULL =
 * none); want 201; returns its id. */
int64_t add_person(struct httpc *c, int64_t dossier, const char *role, const char *first, const char *last,
		   const char *birth, const char *email, const char *postcode);
/* search: GET /api/v1/dossiers?q=q (escaped), with page and per_page
 * unless page is 0; want 200 with an items array and an integer total;
 * returns the body (decref it). */
json_t *search(struct httpc *c, const char *q, int page, int per_page);
/* expect_ids: searching q finds exactly the dossiers in ids (a 0-ended
 * list: IDS(...) or NONE), in any order, total included, every item with a
 * number, name and status; an empty result carries a hint, another none. */
void expect_ids(struct httpc *c, const char *q, const int64_t *ids);
#define IDS(...) ((const int64_t[]){__VA_ARGS__, 0})
#define NONE ((const int64_t[]){0})

#endif
