/* Helpers for the vault HTTP tests (see vaultc.h). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "store/db.h"
#include "vaultc.h"

void vt_serve(void (*tweak)(struct config *cfg))
{
	st_serve(tweak);
	tapp_staff(&T, VT_ADV, "Anna Adviseur", "advisor", VT_PW, NULL);
}

int vt_setup(void **state)
{
	vt_serve(NULL);
	return 0;
}

/* --- staff ---------------------------------------------------------------- */

void vt_staff(struct httpc *c)
{
	login(c, VT_ADV);
}

int64_t vt_dossier(struct httpc *c, const char *kind)
{
	return new_dossier(c, kind, NULL);
}

int64_t vt_person(struct httpc *c, int64_t dossier, const char *role, const char *first, const char *email,
		  const char *phone_type, const char *phone)
{
	json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "role", role, "first_name", first, "last_name", "Jansen",
			       "birth_date", "1980-05-17");
	if (email)
		json_object_set_new(in, "emails", json_pack("[{s:s, s:s}]", "type", "private", "address", email));
	if (phone)
		json_object_set_new(in, "phones", json_pack("[{s:s, s:s}]", "type", phone_type, "number", phone));
	json_t *p = call(c, "POST", pathf("/api/v1/dossiers/%lld/persons", (long long)dossier), J(in), 201);
	int64_t id = jint(p, "id");
	json_decref(p);
	return id;
}

int64_t vt_org(struct httpc *c, int64_t dossier, const char *role, const char *name, const char *email,
	       const char *mobile)
{
	json_t *in = json_pack("{s:s, s:s}", "role", role, "name", name);
	if (email)
		json_object_set_new(in, "emails", json_pack("[{s:s, s:s}]", "type", "general", "address", email));
	if (mobile)
		json_object_set_new(in, "phones", json_pack("[{s:s, s:s}]", "type", "mobile", "number", mobile));
	json_t *o = call(c, "POST", pathf("/api/v1/dossiers/%lld/organisations", (long long)dossier), J(in), 201);
	int64_t id = jint(o, "id");
	json_decref(o);
	return id;
}

int64_t vt_private(struct httpc *c, const char *first, const char *email, const char *mobile)
{
	int64_t d = vt_dossier(c, "private");
	vt_person(c, d, "applicant1", first, email, "mobile", mobile);
	return d;
}

json_t *vt_invite(struct httpc *c, int64_t dossier, const char *body)
{
	return call(c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation", (long long)dossier), body ? body : "{}",
		    201);
}

json_t *vt_vault(struct httpc *c, int64_t dossier)
{
	return call(c, "GET", pathf("/api/v1/dossiers/%lld/vault", (long long)dossier), NULL, 200);
}

void vt_upload_scene(struct httpc *s, struct httpc *cl, const char *email, int n, int64_t *dossier,
		     int64_t *items)
{
	vt_staff(s);
	*dossier = vt_private(s, "Mila", email, "+31612345678");
	json_decref(vt_invite(s, *dossier, NULL));
	vt_activate_sms(cl, email, "+31612345678");
	json_t *p = call(s, "POST", pathf("/api/v1/dossiers/%lld/products", (long long)*dossier),
			 "{\"type\":\"service\",\"public\":true}", 201);
	int64_t prod = jint(p, "id");
	json_decref(p);
	json_t *types = call(s, "GET", "/api/v1/document-types", NULL, 200);
	json_t *all = json_object_get(types, "items"), *ids = json_array();
	assert_true(n >= 1 && (size_t)n <= json_array_size(all));
	for (int i = 0; i < n; i++)
		json_array_append_new(ids, json_integer(jint(json_array_get(all, i), "id")));
	json_decref(types);
	json_t *list = call(s, "POST", pathf("/api/v1/products/%lld/checklist", (long long)prod),
			    J(json_pack("{s:o}", "document_type_ids", ids)), 201);
	for (int i = 0; i < n; i++)
		items[i] = jint(json_array_get(json_object_get(list, "items"), i), "id");
	json_decref(list);
}

long vt_upload(struct httpc *c, int64_t item, int n, const char *const *names, const void *const *datas,
	       const size_t *lens, struct http_resp *r)
{
	const char *path = pathf("/api/v1/portal/requests/%lld/files", (long long)item);
	assert_int_equal(httpc_upload_many(c, path, n, names, datas, lens, r), 0);
	return r->status;
}

/* --- the outbox and the audit log, straight from the database --------------- */

int64_t vt_events(const char *kind)
{
	struct db *db = store_acquire(T.app.store);
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM outbox WHERE kind = $1");
	assert_non_null(st);
	db_bind_text(st, 1, kind);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	store_release(T.app.store, db);
	return n;
}

json_t *vt_last(const char *kind)
{
	struct db *db = store_acquire(T.app.store);
	struct db_stmt *st = db_prepare(db, "SELECT payload FROM outbox WHERE kind = $1 ORDER BY id DESC LIMIT 1");
	assert_non_null(st);
	db_bind_text(st, 1, kind);
	json_t *j = NULL;
	if (db_step(st) == DB_ROW)
		j = json_loads(db_col_text(st, 0), 0, NULL);
	db_done(st);
	store_release(T.app.store, db);
	if (!j)
		fail_msg("no %s event in the outbox", kind);
	return j;
}

json_t *vt_last_mail(const char *to, const char *tmpl)
{
	json_t *m = vt_last("mail.send");
	if (to && strcmp(jstr(m, "to"), to) != 0)
		fail_msg("newest mail goes to %s, want %s", jstr(m, "to"), to);
	if (tmpl && strcmp(jstr(m, "template"), tmpl) != 0)
		fail_msg("newest mail has template %s, want %s", jstr(m, "template"), tmpl);
	return m;
}

void vt_link_token(const char *link, char out[64])
{
	const char *t = strstr(link, "?t=");
	if (!t)
		fail_msg("no ?t= in link %s", link);
	t += 3;
	size_t n = strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
	assert_true(n > 0 && n < 64);
	memcpy(out, t, n);
	out[n] = '\0';
}

void vt_mail_token(const char *to, const char *tmpl, char out[64])
{
	json_t *m = vt_last_mail(to, tmpl);
	vt_link_token(jstr(json_object_get(m, "vars"), "link"), out);
	json_decref(m);
}

void vt_sms_code(const char *to, char code[7])
{
	json_t *s = vt_last("sms.send");
	if (to && strcmp(jstr(s, "to"), to) != 0)
		fail_msg("newest SMS goes to %s, want %s", jstr(s, "to"), to);
	const char *p = jstr(s, "text");
	code[0] = '\0';
	for (; *p; p++) {
		size_t n = strspn(p, "0123456789");
		if (n == 6) {
			memcpy(code, p, 6);
			code[6] = '\0';
			break;
		}
		if (n)
			p += n - 1;
	}
	if (!code[0])
		fail_msg("no 6-digit code in SMS \"%s\"", jstr(s, "text"));
	json_decref(s);
}

int64_t vt_audit(int64_t dossier, const char *action)
{
	struct db *db = store_acquire(T.app.store);
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM audit_log WHERE dossier_id = $1 AND action = $2");
	assert_non_null(st);
	db_bind_int(st, 1, dossier);
	db_bind_text(st, 2, action);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	store_release(T.app.store, db);
	return n;
}

void vt_view_as_csrf(char out[64])
{
	struct db *db = store_acquire(T.app.store);
	struct db_stmt *st = db_prepare(db, "SELECT csrf_token FROM client_sessions WHERE view_as_staff_id IS NOT NULL "
					    "ORDER BY id DESC LIMIT 1");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(out, 64, "%s", db_col_text(st, 0));
	db_done(st);
	store_release(T.app.store, db);
}

/* --- client ----------------------------------------------------------------- */

void vt_client(struct httpc *c)
{
	httpc_init(c, T.base);
}

void vt_sms(struct httpc *c, const char *token, long want)
{
	json_decref(call(c, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", token)), want));
}

const char *vt_activation_body(const char *token, const char *code_field, const char *code, const char *password)
{
	json_t *in = json_pack("{s:s}", "token", token);
	if (code_field && code)
		json_object_set_new(in, code_field, json_string(code));
	if (password)
		json_object_set_new(in, "password", json_string(password));
	return J(in);
}

void vt_activate(struct httpc *c, const char *token, const char *code_field, const char *code,
		 const char *password)
{
	json_t *j = call(c, "POST", "/api/v1/portal/activation", vt_activation_body(token, code_field, code, password),
			 200);
	assert_string_equal(jstr(j, "status"), "active");
	snprintf(c->csrf, sizeof c->csrf, "%s", jstr(j, "csrf_token"));
	json_decref(j);
	char cookie[64];
	vt_portal_cookie(c, cookie);
}

void vt_activate_sms(struct httpc *c, const char *email, const char *mobile)
{
	char token[64], code[7];
	vt_client(c);
	vt_mail_token(email, "invitation", token);
	vt_sms(c, token, 200);
	vt_sms_code(mobile, code);
	vt_activate(c, token, "sms_code", code, VT_CPW);
}

long vt_login(struct httpc *c, const char *email, const char *password, const char *totp, char code[64])
{
	json_t *in = json_pack("{s:s, s:s}", "email", email, "password", password);
	if (totp)
		json_object_set_new(in, "totp", json_string(totp));
	struct http_resp r;
	int saved = c->send_csrf;
	c->send_csrf = 0;
	assert_int_equal(httpc_json(c, "POST", "/api/v1/portal/session", J(in), &r), 0);
	c->send_csrf = saved;
	long st = r.status;
	if (code)
		snprintf(code, 64, "%s", json_err_code(&r));
	if (st == 200)
		snprintf(c->csrf, sizeof c->csrf, "%s", jstr(r.json, "csrf_token"));
	http_resp_free(&r);
	return st;
}

void vt_portal_cookie(struct httpc *c, char out[64])
{
	if (!httpc_cookie(c, "kluis_portal", out, 64) || !out[0])
		fail_msg("no kluis_portal cookie");
}
