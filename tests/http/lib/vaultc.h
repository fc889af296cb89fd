#ifndef KLUIS_TESTS_VAULTC_H
#define KLUIS_TESTS_VAULTC_H
/* Helpers shared by the vault HTTP tests (test_vault_api.c, test_portal_api.c,
 * the upload and document tests): the staff steps that build a dossier and
 * invite it, the outbox read straight from the database (so the tests do not
 * depend on the mail/SMS handlers), and the client steps of activation and
 * sign-in. The JSON calls (call, J, pathf, ...) are apic.h's, staff sign-in
 * is staffc.h's, and so is T, the test server: vt_setup, or vt_serve in a
 * file's own setup, opens it. */
#include <jansson.h>
#include <stdint.h>
#include "apic.h"
#include "httpc.h"
#include "staffc.h"
#include "testutil.h"

#define VT_PW ST_PW                            /* staff */
#define VT_CPW "mijn-eigen-kluis-wachtwoord-7" /* clients */
#define VT_ADV "adviseur@kantoor.nl"

/* vt_serve: st_serve(tweak) and the advisor VT_ADV ("Anna Adviseur",
 * password VT_PW); for a file's own setup. */
void vt_serve(void (*tweak)(struct config *cfg));
/* vt_setup: cmocka setup: vt_serve(NULL) (st_teardown closes it). */
int vt_setup(void **state);

/* vt_staff: c signed in as the advisor VT_ADV (added by the setup). */
void vt_staff(struct httpc *c);
/* vt_dossier: a new dossier of kind (new_dossier without a name); returns
 * its id. */
int64_t vt_dossier(struct httpc *c, const char *kind);
/* vt_person: a person with role, optional e-mail and optional phone of
 * phone_type ("mobile", "home", ...); returns its id. */
int64_t vt_person(struct httpc *c, int64_t dossier, const char *role, const char *first, const char *email,
		  const char *phone_type, const char *phone);
/* vt_org: an organisation with role, optional e-mail and mobile. */
int64_t vt_org(struct httpc *c, int64_t dossier, const char *role, const char *name, const char *email,
	       const char *mobile);
/* vt_private: a private dossier whose applicant1 has email and mobile. */
int64_t vt_private(struct httpc *c, const char *first, const char *email, const char *mobile);
/* vt_invite: POST .../vault/invitation with body (NULL = {}), want 201;
 * returns the answer. */
json_t *vt_invite(struct httpc *c, int64_t dossier, const char *body);
/* vt_vault: GET .../vault (200). */
json_t *vt_vault(struct httpc *c, int64_t dossier);

/* vt_upload_scene: the setting of the upload tests: s (fresh) signed in as
 * VT_ADV; a private dossier (into *dossier) whose applicant "Mila" has email
 * and mobile +31612345678, invited, its vault activated by SMS on cl (fresh,
 * ends signed in); a public service product whose checklist asks for the
 * first n (at least 1) document types, their item ids into items[0..n-1]. */
void vt_upload_scene(struct httpc *s, struct httpc *cl, const char *email, int n, int64_t *dossier,
		     int64_t *items);
/* vt_upload: the client c delivers n files (names, datas, lens) for the
 * request item: the portal's multipart POST .../requests/{item}/files; the
 * answer into r (free it); returns r->status. */
long vt_upload(struct httpc *c, int64_t item, int n, const char *const *names, const void *const *datas,
	       const size_t *lens, struct http_resp *r);

/* The outbox, read from the database. */
/* vt_events: how many events of kind were queued so far. */
int64_t vt_events(const char *kind);
/* vt_last: the payload of the newest event of kind (decref it), or fail. */
json_t *vt_last(const char *kind);
/* vt_last_mail: the newest "mail.send" payload; it must go to `to` with
 * template `tmpl` (either may be NULL = any). */
json_t *vt_last_mail(const char *to, const char *tmpl);
/* vt_link_token: the t= token of a link ("...?t=TOKEN") into out[64]. */
void vt_link_token(const char *link, char out[64]);
/* vt_mail_token: the token of the newest mail's vars.link (to/tmpl as for
 * vt_last_mail). */
void vt_mail_token(const char *to, const char *tmpl, char out[64]);
/* vt_sms_code: the 6-digit code in the newest "sms.send" text, which must go
 * to `to` (NULL = any). */
void vt_sms_code(const char *to, char code[7]);
/* vt_audit: how many audit lines with action exist for dossier. */
int64_t vt_audit(int64_t dossier, const char *action);
/* vt_view_as_csrf: the CSRF token of the newest view-as client session (the
 * one a rendered page would carry). */
void vt_view_as_csrf(char out[64]);

/* Client side. */
/* vt_client: a fresh client (cookie jar) on the test server. */
void vt_client(struct httpc *c);
/* vt_sms: POST /portal/activation/sms {token}, want status. */
void vt_sms(struct httpc *c, const char *token, long want);
/* vt_activate_body: {"token", code_field: code?, "password"} as text. */
const char *vt_activation_body(const char *token, const char *code_field, const char *code, const char *password);
/* vt_activate: POST /portal/activation, want 200: c is signed in (cookie and
 * CSRF token kept). */
void vt_activate(struct httpc *c, const char *token, const char *code_field, const char *code,
		 const char *password);
/* vt_activate_sms: the whole SMS activation of the newest invitation mail
 * to email, with password VT_CPW; c (fresh) ends signed in. */
void vt_activate_sms(struct httpc *c, const char *email, const char *mobile);
/* vt_login: POST /portal/session; on 200 the CSRF token is kept. Returns the
 * status; *code (may be NULL) gets the error code. */
long vt_login(struct httpc *c, const char *email, const char *password, const char *totp, char code[64]);
/* vt_portal_cookie: the client's kluis_portal cookie value into out[64]. */
void vt_portal_cookie(struct httpc *c, char out[64]);

#endif
