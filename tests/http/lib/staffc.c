/* The staff side of the HTTP tests (see staffc.h). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <curl/curl.h>
#include "staffc.h"

struct test_app T;
struct st_team team;
static char admin_secret[64]; /* the team admin's TOTP secret */

void st_serve(void (*tweak)(struct config *cfg))
{
	tapp_serve(&T, NULL, tweak);
	memset(&team, 0, sizeof team);
	admin_secret[0] = '\0';
}

void st_add_team(void)
{
	team.admin_id = tapp_staff(&T, ST_ADMIN, "Ada Beheer", "admin", ST_PW, admin_secret);
	team.adv_id = tapp_staff(&T, "adviseur@kantoor.nl", "Anna Adviseur", "advisor", ST_PW, NULL);
	team.adv2_id = tapp_staff(&T, "adviseur2@kantoor.nl", "Bert Adviseur", "advisor", ST_PW, NULL);
	team.bo_id = tapp_staff(&T, "binnendienst@kantoor.nl", "Bo Binnendienst", "backoffice", ST_PW, NULL);
}

int st_setup(void **state)
{
	st_serve(NULL);
	return 0;
}

int st_team_setup(void **state)
{
	st_serve(NULL);
	st_add_team();
	return 0;
}

int st_teardown(void **state)
{
	tapp_close(&T);
	return 0;
}

/* --- sign-in ----------------------------------------------------------------- */

void login(struct httpc *c, const char *email)
{
	httpc_init(c, T.base);
	assert_int_equal(httpc_login(c, email, ST_PW, NULL), 200);
}

void login_totp(struct httpc *c, const char *email, const char *secret)
{
	char code[7];
	httpc_init(c, T.base);
	app_clock_advance(&T.app, 30);
	tapp_totp_now(&T, secret, code);
	assert_int_equal(httpc_login(c, email, ST_PW, code), 200);
}

void login_admin(struct httpc *c)
{
	assert_true(admin_secret[0] != '\0');
	login_totp(c, ST_ADMIN, admin_secret);
}

int64_t form_admin_login(struct httpc *c, const char *email, const char *name)
{
	char secret[64], code[7];
	int64_t id = tapp_staff(&T, email, name, "admin", ST_PW, secret);
	tapp_totp_now(&T, secret, code);
	httpc_init(c, T.base);
	pg_login(c, email, ST_PW, code);
	return id;
}

int64_t form_advisor_login(struct httpc *c, const char *email, const char *name)
{
	int64_t id = tapp_staff(&T, email, name, "advisor", ST_PW, NULL);
	httpc_init(c, T.base);
	pg_login(c, email, ST_PW, NULL);
	return id;
}

/* --- dossiers ------------------------------------------------------------------ */

int64_t new_dossier(struct httpc *c, const char *kind, const char *name)
{
	json_t *in = json_pack("{s:s}", "kind", kind);
	if (name)
		json_object_set_new(in, "name", json_string(name));
	json_t *d = call(c, "POST", "/api/v1/dossiers", J(in), 201);
	int64_t id = jint(d, "id");
	json_decref(d);
	return id;
}

int64_t add_person(struct httpc *c, int64_t dossier, const char *role, const char *first, const char *last,
		   const char *birth, const char *email, const char *postcode)
{
	json_t *in = json_pack("{s:s, s:s, s:s}", "role", role, "first_name", first, "last_name", last);
	if (birth)
		json_object_set_new(in, "birth_date", json_string(birth));
	if (email)
		json_object_set_new(in, "emails", json_pack("[{s:s, s:s}]", "type", "private", "address", email));
	if (postcode)
		json_object_set_new(in, "addresses", json_pack("[{s:s, s:s, s:s, s:s, s:s}]", "type", "home", "street",
							       "Dorpsstraat", "house_number", "1", "postcode", postcode,
							       "city", "Ergenshuizen"));
	json_t *p = call(c, "POST", pathf("/api/v1/dossiers/%lld/persons", (long long)dossier), J(in), 201);
	int64_t id = jint(p, "id");
	json_decref(p);
	return id;
}

json_t *search(struct httpc *c, const char *q, int page, int per_page)
{
	char *esc = curl_easy_escape(NULL, q, (int)strlen(q));
	const char *path = page ? pathf("/api/v1/dossiers?q=%s&page=%d&per_page=%d", esc, page, per_page)
				: pathf("/api/v1/dossiers?q=%s", esc);
	curl_free(esc);
	json_t *j = call(c, "GET", path, NULL, 200);
	json_t *items = json_object_get(j, "items");
	assert_true(json_is_array(items));
	assert_true(json_is_integer(json_object_get(j, "total")));
	return j;
}

void expect_ids(struct httpc *c, const char *q, const int64_t *ids)
{
	json_t *j = search(c, q, 0, 0);
	json_t *items = json_object_get(j, "items");
	size_t want = 0;
	while (ids[want])
		want++;
	if (json_array_size(items) != want || jint(j, "total") != (int64_t)want)
		fail_msg("search \"%s\": %zu items (total %lld), want %zu: %s", q, json_array_size(items),
			 (long long)jint(j, "total"), want, J(json_incref(j)));
	for (size_t k = 0; k < want; k++) {
		size_t i;
		json_t *v;
		int found = 0;
		json_array_foreach(items, i, v) {
			if (jint(v, "id") == ids[k])
				found = 1;
			/* the item shape of API.md */
			jstr(v, "number");
			jstr(v, "name");
			jstr(v, "status");
		}
		if (!found)
			fail_msg("search \"%s\" misses dossier %lld: %s", q, (long long)ids[k], J(json_incref(j)));
	}
	const char *hint = json_string_value(json_object_get(j, "hint"));
	if (want == 0)
		assert_true(hint && strlen(hint) > 10);
	else
		assert_null(json_object_get(j, "hint"));
	json_decref(j);
}
