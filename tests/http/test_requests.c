/* HTTP tests: document types and document requests (API.md "Document
 * requests and documents"; REQUIREMENTS R1, R2, R5, R6, M6; issue 5 items 2,
 * 5, 6, 8): admin-only document types with the seeded validities; checklists
 * and items by hand (shared automatically, one mail per action); the R2
 * visibility rule, each condition flipped on its own; approve and reject
 * (reason required, re-requested subject, one mail); delivery through
 * request_mark_delivered; a client reaching another dossier's item gets 404
 * and an audit line; progress numbers exactly as the issue asks. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "core/notify.h"
#include "core/request.h"
#include "vaultc.h"

static char admin_secret[64];

static int setup(void **state)
{
	vt_serve(NULL);
	tapp_staff(&T, "binnendienst@kantoor.nl", "Bo Binnendienst", "backoffice", VT_PW, NULL);
	tapp_staff(&T, ST_ADMIN, "Ada Beheer", "admin", VT_PW, admin_secret);
	return 0;
}

#define KAREL "karel@voorbeeld.nl"
#define KAREL_MOB "+31612345678"
#define LIES "lies@voorbeeld.nl"
#define LIES_MOB "+31687654321"

/* doctype_id: the id of the type named name (from the list). */
static int64_t doctype_id(struct httpc *s, const char *name)
{
	json_t *l = call(s, "GET", "/api/v1/document-types", NULL, 200), *v;
	size_t i;
	int64_t id = 0;
	json_array_foreach(json_object_get(l, "items"), i, v)
		if (strcmp(jstr(v, "name"), name) == 0)
			id = jint(v, "id");
	json_decref(l);
	assert_true(id > 0);
	return id;
}

/* new_type: an admin-made type; category NULL = none. */
static int64_t new_type(const char *name, const char *category, const char *by)
{
	struct httpc adm;
	login_totp(&adm, ST_ADMIN, admin_secret);
	json_t *in = json_pack("{s:s, s:s}", "name", name, "delivered_by", by);
	if (category)
		json_object_set_new(in, "category", json_string(category));
	json_t *t = call(&adm, "POST", "/api/v1/document-types", J(in), 201);
	int64_t id = jint(t, "id");
	json_decref(t);
	httpc_free(&adm);
	return id;
}

static int64_t product(struct httpc *s, int64_t d, bool pub)
{
	json_t *p = call(s, "POST", pathf("/api/v1/dossiers/%lld/products", (long long)d),
			 J(json_pack("{s:s, s:b}", "type", "mortgage", "public", pub)), 201);
	int64_t id = jint(p, "id");
	json_decref(p);
	return id;
}

/* client_vault: a private dossier for first/email/mobile, invited and
 * activated; c ends signed in as its client. */
static int64_t client_vault(struct httpc *s, struct httpc *c, const char *first, const char *email,
			    const char *mobile)
{
	int64_t d = vt_private(s, first, email, mobile);
	json_decref(vt_invite(s, d, NULL));
	vt_activate_sms(c, email, mobile);
	return d;
}

/* checklist: POST .../checklist with the type ids; returns the item ids. */
static void checklist(struct httpc *s, int64_t p, int n, const int64_t *types, int64_t *ids)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(types[i]));
	json_t *j = call(s, "POST", pathf("/api/v1/products/%lld/checklist", (long long)p),
			 J(json_pack("{s:o}", "document_type_ids", arr)), 201);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), n);
	for (int i = 0; i < n; i++) {
		json_t *it = json_array_get(items, i);
		assert_string_equal(jstr(it, "status"), "open");
		assert_int_equal(jint(it, "product_id"), p);
		ids[i] = jint(it, "id");
	}
	json_decref(j);
}

/* portal_ids: the item ids the client sees, count returned. */
static int portal_ids(struct httpc *c, int64_t *ids, int max)
{
	json_t *j = call(c, "GET", "/api/v1/portal/requests", NULL, 200), *v;
	size_t i;
	int n = 0;
	json_array_foreach(json_object_get(j, "items"), i, v) {
		assert_non_null(json_object_get(v, "product_id"));
		assert_non_null(json_object_get(v, "subject"));
		assert_non_null(json_object_get(v, "status"));
		assert_null(json_object_get(v, "dossier_id"));
		if (n < max)
			ids[n] = jint(v, "id");
		n++;
	}
	json_decref(j);
	return n;
}

static int64_t me_id(struct httpc *c)
{
	json_t *me = call(c, "GET", "/api/v1/portal/me", NULL, 200);
	int64_t id = jint(me, "id");
	json_decref(me);
	return id;
}

static void progress(int64_t d, int want_percent, int want_open)
{
	int pct = -1, open = -1;
	assert_int_equal(request_progress(&T.app, d, true, &pct, &open), K_OK);
	assert_int_equal(pct, want_percent);
	assert_int_equal(open, want_open);
}

static void deliver(int64_t id)
{
	struct actor sys = actor_system();
	assert_int_equal(request_mark_delivered(&T.app, &sys, id, 1000 + id), K_OK);
}

/* rendered: the newest mail to `to` with template tmpl renders; its subject
 * contains subj and its text contains text. */
static void rendered(const char *to, const char *tmpl, const char *subj, const char *text)
{
	char *subject = NULL, *body = NULL, *html = NULL;
	json_t *m = vt_last_mail(to, tmpl);
	assert_int_equal(notify_render_mail(&T.app, tmpl, json_object_get(m, "vars"), &subject, &body, &html), K_OK);
	if (!strstr(subject, subj) || !strstr(body, text))
		fail_msg("%s: subject \"%s\", text \"%s\"", tmpl, subject, body);
	assert_non_null(html);
	free(subject);
	free(body);
	free(html);
	json_decref(m);
}

/* --- tests ------------------------------------------------------------------ */

/* Seeded types with their validity; only an admin may add one. */
static void test_doctypes(void **state)
{
	struct httpc s, bo, adm;
	vt_staff(&s);
	json_t *l = call(&s, "GET", "/api/v1/document-types", NULL, 200), *v;
	static const struct {
		const char *name;
		int months;
	} seeds[] = {{"Taxatierapport", 6}, {"Werkgeversverklaring", 3}, {"Salarisstrook", 3}, {"Bouwkundig rapport", 12}};
	for (size_t k = 0; k < 4; k++) {
		size_t i;
		int found = 0;
		json_array_foreach(json_object_get(l, "items"), i, v) {
			if (strcmp(jstr(v, "name"), seeds[k].name) != 0)
				continue;
			found = 1;
			assert_int_equal(jint(v, "validity_months"), seeds[k].months);
			assert_string_equal(jstr(v, "delivered_by"), "client");
			assert_true(json_is_string(json_object_get(v, "category")));
		}
		assert_true(found);
	}
	json_decref(l);
	const char *body = "{\"name\":\"Paspoort\",\"category\":\"Identiteit\"}";
	call_err(&s, "POST", "/api/v1/document-types", body, 403, "forbidden", NULL);
	httpc_init(&bo, T.base);
	assert_int_equal(httpc_login(&bo, "binnendienst@kantoor.nl", VT_PW, NULL), 200);
	call_err(&bo, "POST", "/api/v1/document-types", body, 403, "forbidden", NULL);
	login_totp(&adm, ST_ADMIN, admin_secret);
	json_t *t = call(&adm, "POST", "/api/v1/document-types", body, 201);
	assert_string_equal(jstr(t, "name"), "Paspoort");
	assert_string_equal(jstr(t, "category"), "Identiteit");
	assert_string_equal(jstr(t, "delivered_by"), "client");
	assert_true(json_is_null(json_object_get(t, "validity_months")));
	json_decref(t);
	t = call(&adm, "POST", "/api/v1/document-types",
		 "{\"name\":\"Hypotheekofferte\",\"delivered_by\":\"lender\",\"validity_months\":2}", 201);
	assert_string_equal(jstr(t, "delivered_by"), "lender");
	assert_true(json_is_null(json_object_get(t, "category")));
	assert_int_equal(jint(t, "validity_months"), 2);
	json_decref(t);
	call_err(&adm, "POST", "/api/v1/document-types", "{\"name\":\"paspoort\"}", 409, "name_taken", "name");
	call_err(&adm, "POST", "/api/v1/document-types", "{\"category\":\"X\"}", 422, "missing_field", "name");
	call_err(&adm, "POST", "/api/v1/document-types", "{\"name\":\"A\",\"delivered_by\":\"bank\"}", 422,
		 "invalid_delivered_by", "delivered_by");
	call_err(&adm, "POST", "/api/v1/document-types", "{\"name\":\"B\",\"validity_months\":0}", 422,
		 "invalid_validity", "validity_months");
	call_err(&adm, "POST", "/api/v1/document-types", "{\"name\":\"C\",\"validity_months\":\"3\"}", 422,
		 "invalid_validity", "validity_months");
	httpc_free(&s);
	httpc_free(&bo);
	httpc_free(&adm);
}

/* R1 + M6: a checklist creates open items, audited, and ONE mail; an item by
 * hand too; the staff list shows all with status. */
static void test_checklist(void **state)
{
	struct httpc s, c;
	vt_staff(&s);
	int64_t d = client_vault(&s, &c, "Karel", KAREL, KAREL_MOB);
	int64_t p = product(&s, d, true);
	int64_t types[3] = {doctype_id(&s, "Salarisstrook"), doctype_id(&s, "Werkgeversverklaring"),
			    doctype_id(&s, "Taxatierapport")}, ids[3];
	int64_t mails = vt_events("mail.send");
	checklist(&s, p, 3, types, ids);
	assert_int_equal(vt_events("mail.send"), mails + 1);
	json_t *m = vt_last_mail(KAREL, "new_requests");
	json_t *vars = json_object_get(m, "vars");
	assert_int_equal(jint(vars, "count"), 3);
	assert_int_equal(json_array_size(json_object_get(vars, "items")), 3);
	assert_non_null(strstr(jstr(vars, "link"), "/portaal/"));
	json_decref(m);
	assert_int_equal(vt_audit(d, "request.create"), 3);
	rendered(KAREL, "new_requests", "3 nieuwe documentverzoeken", "- Werkgeversverklaring");
	/* by hand, with a subject of its own */
	json_t *it = call(&s, "POST", pathf("/api/v1/products/%lld/requests", (long long)p),
			  J(json_pack("{s:I, s:s}", "document_type_id", (json_int_t)types[0], "subject",
				      "Salarisstrook december")), 201);
	assert_string_equal(jstr(it, "subject"), "Salarisstrook december");
	assert_string_equal(jstr(it, "status"), "open");
	assert_true(json_is_true(json_object_get(it, "visible")));
	json_decref(it);
	assert_int_equal(vt_events("mail.send"), mails + 2);
	m = vt_last_mail(KAREL, "new_requests");
	assert_int_equal(jint(json_object_get(m, "vars"), "count"), 1);
	json_decref(m);
	/* the staff list */
	json_t *l = call(&s, "GET", pathf("/api/v1/products/%lld/requests", (long long)p), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(l, "items")), 4);
	assert_string_equal(jstr(json_array_get(json_object_get(l, "items"), 0), "subject"), "Salarisstrook");
	json_decref(l);
	/* the client sees all four: shared automatically */
	int64_t seen[8];
	assert_int_equal(portal_ids(&c, seen, 8), 4);
	/* errors */
	call_err(&s, "POST", "/api/v1/products/999999/checklist", "{\"document_type_ids\":[1]}", 404, NULL, NULL);
	call_err(&s, "GET", "/api/v1/products/999999/requests", NULL, 404, NULL, NULL);
	call_err(&s, "POST", pathf("/api/v1/products/%lld/checklist", (long long)p), "{\"document_type_ids\":[]}", 422,
		 "missing_field", "document_type_ids");
	call_err(&s, "POST", pathf("/api/v1/products/%lld/checklist", (long long)p),
		 "{\"document_type_ids\":[1, 999999]}", 422, "invalid_document_type", "document_type_ids[1]");
	call_err(&s, "POST", pathf("/api/v1/products/%lld/requests", (long long)p), "{}", 422, "missing_field",
		 "document_type_id");
	assert_int_equal(vt_events("mail.send"), mails + 2);
	/* no vault: items, no mail */
	int64_t d2 = vt_private(&s, "Piet", "piet@voorbeeld.nl", "+31611111111");
	int64_t p2 = product(&s, d2, true);
	checklist(&s, p2, 1, types, ids);
	assert_int_equal(vt_events("mail.send"), mails + 2);
	/* a client session is no staff session */
	call_err(&c, "GET", pathf("/api/v1/products/%lld/requests", (long long)p), NULL, 401, NULL, NULL);
	httpc_free(&s);
	httpc_free(&c);
}

/* R2: visible only with a public product AND a category AND delivered by
 * the client — each condition flipped on its own; another dossier's items
 * never appear. */
static void test_visibility(void **state)
{
	struct httpc s, c, c2;
	vt_staff(&s);
	int64_t d = client_vault(&s, &c, "Karel", KAREL, KAREL_MOB);
	int64_t ok_type = doctype_id(&s, "Salarisstrook");
	int64_t nocat = new_type("Interne notitie", NULL, "client");
	int64_t lender = new_type("Hypotheekakte", "Woning", "lender");
	int64_t p = product(&s, d, true);
	int64_t ids[3], seen[8];
	int64_t types[3] = {ok_type, nocat, lender};
	checklist(&s, p, 3, types, ids);
	/* only the item that meets all three */
	assert_int_equal(portal_ids(&c, seen, 8), 1);
	assert_int_equal(seen[0], ids[0]);
	json_t *l = call(&s, "GET", pathf("/api/v1/products/%lld/requests", (long long)p), NULL, 200);
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(l, "items"), 0), "visible")));
	assert_true(json_is_false(json_object_get(json_array_get(json_object_get(l, "items"), 1), "visible")));
	assert_true(json_is_false(json_object_get(json_array_get(json_object_get(l, "items"), 2), "visible")));
	json_decref(l);
	/* product not public: gone; public again: back */
	json_decref(call(&s, "PATCH", pathf("/api/v1/products/%lld", (long long)p), "{\"public\":false}", 200));
	assert_int_equal(portal_ids(&c, seen, 8), 0);
	json_decref(call(&s, "PATCH", pathf("/api/v1/products/%lld", (long long)p), "{\"public\":true}", 200));
	assert_int_equal(portal_ids(&c, seen, 8), 1);
	/* the pure rule, one condition at a time */
	json_t *it = json_pack("{s:b, s:s, s:s}", "product_public", 1, "category", "Inkomen", "delivered_by", "client");
	assert_true(request_visible(it));
	json_object_set_new(it, "product_public", json_false());
	assert_false(request_visible(it));
	json_object_set_new(it, "product_public", json_true());
	json_object_set_new(it, "category", json_null());
	assert_false(request_visible(it));
	json_object_set_new(it, "category", json_string(""));
	assert_false(request_visible(it));
	json_object_set_new(it, "category", json_string("Inkomen"));
	json_object_set_new(it, "delivered_by", json_string("lender"));
	assert_false(request_visible(it));
	json_decref(it);
	/* a checklist with only invisible items sends no mail */
	int64_t mails = vt_events("mail.send");
	int64_t only_hidden[2] = {nocat, lender};
	checklist(&s, p, 2, only_hidden, ids);
	assert_int_equal(vt_events("mail.send"), mails);
	/* another client: its own items only, never Karel's */
	int64_t d2 = client_vault(&s, &c2, "Lies", LIES, LIES_MOB);
	int64_t p2 = product(&s, d2, true);
	checklist(&s, p2, 1, &ok_type, ids);
	assert_int_equal(portal_ids(&c2, seen, 8), 1);
	assert_int_equal(seen[0], ids[0]);
	assert_int_equal(portal_ids(&c, seen, 8), 1);
	assert_true(seen[0] != ids[0]);
	httpc_free(&s);
	httpc_free(&c);
	httpc_free(&c2);
}

/* R5: approve and reject; the reason is required; the subject is marked
 * re-requested once; one mail per rejection; the client sees reason and
 * comment. */
static void test_review(void **state)
{
	struct httpc s, c;
	vt_staff(&s);
	int64_t d = client_vault(&s, &c, "Karel", KAREL, KAREL_MOB);
	int64_t p = product(&s, d, true);
	int64_t types[2] = {doctype_id(&s, "Salarisstrook"), doctype_id(&s, "Taxatierapport")}, ids[2];
	checklist(&s, p, 2, types, ids);
	const char *rej = pathf("/api/v1/requests/%lld/reject", (long long)ids[0]);
	/* nothing delivered yet */
	call_err(&s, "POST", rej, "{\"reason\":\"Onleesbaar\"}", 409, "not_delivered", NULL);
	deliver(ids[0]);
	assert_int_equal(vt_audit(d, "request.deliver"), 1);
	call_err(&s, "POST", rej, "{}", 422, "missing_field", "reason");
	call_err(&s, "POST", rej, "{\"reason\":\"\"}", 422, "missing_field", "reason");
	int64_t mails = vt_events("mail.send");
	json_t *it = call(&s, "POST", rej, "{\"reason\":\"De foto is onscherp.\",\"comment\":\"Graag als pdf.\"}", 200);
	assert_string_equal(jstr(it, "status"), "rejected");
	assert_true(json_is_true(json_object_get(it, "re_requested")));
	assert_string_equal(jstr(it, "subject"), "Salarisstrook" REQUEST_RE_REQUESTED);
	assert_string_equal(jstr(it, "reason"), "De foto is onscherp.");
	json_decref(it);
	assert_int_equal(vt_events("mail.send"), mails + 1);
	json_t *m = vt_last_mail(KAREL, "request_rejected");
	assert_string_equal(jstr(json_object_get(m, "vars"), "reason"), "De foto is onscherp.");
	assert_string_equal(jstr(json_object_get(m, "vars"), "subject"), "Salarisstrook");
	json_decref(m);
	assert_int_equal(vt_audit(d, "request.reject"), 1);
	rendered(KAREL, "request_rejected", "Document afgekeurd: Salarisstrook", "Reden: De foto is onscherp.");
	/* the client sees it */
	json_t *l = call(&c, "GET", "/api/v1/portal/requests", NULL, 200);
	json_t *first = json_array_get(json_object_get(l, "items"), 0);
	assert_int_equal(jint(first, "id"), ids[0]);
	assert_string_equal(jstr(first, "status"), "rejected");
	assert_string_equal(jstr(first, "reason"), "De foto is onscherp.");
	assert_string_equal(jstr(first, "comment"), "Graag als pdf.");
	assert_string_equal(jstr(first, "subject"), "Salarisstrook" REQUEST_RE_REQUESTED);
	assert_null(json_object_get(json_array_get(json_object_get(l, "items"), 1), "comment"));
	json_decref(l);
	/* delivered again and rejected again: the mark is not doubled */
	deliver(ids[0]);
	it = call(&s, "POST", rej, "{\"reason\":\"Nog steeds onscherp.\"}", 200);
	assert_string_equal(jstr(it, "subject"), "Salarisstrook" REQUEST_RE_REQUESTED);
	json_decref(it);
	/* approve: once */
	deliver(ids[0]);
	const char *appr = pathf("/api/v1/requests/%lld/approve", (long long)ids[0]);
	it = call(&s, "POST", appr, "{\"comment\":\"Dank u wel.\"}", 200);
	assert_string_equal(jstr(it, "status"), "approved");
	assert_string_equal(jstr(it, "comment"), "Dank u wel.");
	json_decref(it);
	call_err(&s, "POST", appr, "{}", 409, "already_approved", NULL);
	assert_int_equal(vt_audit(d, "request.approve"), 1);
	/* an approved item cannot be delivered again */
	struct actor sys = actor_system();
	assert_int_equal(request_mark_delivered(&T.app, &sys, ids[0], 5), K_ECONFLICT);
	assert_int_equal(request_mark_delivered(&T.app, &sys, ids[1], 0), K_EINVAL);
	/* unknown item; a client session is no staff session */
	call_err(&s, "POST", "/api/v1/requests/999999/approve", "{}", 404, NULL, NULL);
	call_err(&c, "POST", appr, "{}", 401, NULL, NULL);
	httpc_free(&s);
	httpc_free(&c);
}

/* A client reaching another dossier's item (or an invisible own one) gets
 * K_ENOTFOUND and an audit line; its own visible item works. */
static void test_client_access(void **state)
{
	struct httpc s, c, c2;
	vt_staff(&s);
	int64_t d = client_vault(&s, &c, "Karel", KAREL, KAREL_MOB);
	int64_t d2 = client_vault(&s, &c2, "Lies", LIES, LIES_MOB);
	int64_t p = product(&s, d, true), p2 = product(&s, d2, true), hidden_p = product(&s, d, false);
	int64_t t = doctype_id(&s, "Salarisstrook"), mine, theirs, hidden;
	checklist(&s, p, 1, &t, &mine);
	checklist(&s, p2, 1, &t, &theirs);
	checklist(&s, hidden_p, 1, &t, &hidden);
	struct actor karel = {ACTOR_CLIENT, me_id(&c), ROLE_NONE, "", ""};
	json_t *out = NULL;
	assert_int_equal(request_client_get(&T.app, &karel, theirs, &out), K_ENOTFOUND);
	assert_null(out);
	assert_int_equal(vt_audit(d2, "request.denied"), 1);
	assert_int_equal(request_mark_delivered(&T.app, &karel, theirs, 7), K_ENOTFOUND);
	assert_int_equal(vt_audit(d2, "request.denied"), 2);
	assert_int_equal(request_mark_delivered(&T.app, &karel, hidden, 7), K_ENOTFOUND);
	assert_int_equal(vt_audit(d, "request.denied"), 1);
	assert_int_equal(request_mark_delivered(&T.app, &karel, 999999, 7), K_ENOTFOUND);
	/* their item is untouched */
	json_t *l = call(&s, "GET", pathf("/api/v1/products/%lld/requests", (long long)p2), NULL, 200);
	assert_string_equal(jstr(json_array_get(json_object_get(l, "items"), 0), "status"), "open");
	json_decref(l);
	/* its own item */
	assert_int_equal(request_client_get(&T.app, &karel, mine, &out), K_OK);
	assert_int_equal(jint(out, "id"), mine);
	json_decref(out);
	assert_int_equal(request_mark_delivered(&T.app, &karel, mine, 7), K_OK);
	l = call(&c, "GET", "/api/v1/portal/requests", NULL, 200);
	assert_string_equal(jstr(json_array_get(json_object_get(l, "items"), 0), "status"), "delivered");
	json_decref(l);
	/* a client may not approve */
	assert_int_equal(request_approve(&T.app, &karel, mine, NULL, &out, NULL), K_EDENIED);
	httpc_free(&s);
	httpc_free(&c);
	httpc_free(&c2);
}

/* R6 exactly as the issue asks: 3 items → 0, one delivered → 33, all
 * delivered → 100, one rejected → 67; the overview and its bells agree. */
static void test_progress(void **state)
{
	struct httpc s, c;
	vt_staff(&s);
	int64_t d = client_vault(&s, &c, "Karel", KAREL, KAREL_MOB);
	progress(d, 0, 0);
	int64_t p = product(&s, d, true), other = product(&s, d, true);
	int64_t types[3] = {doctype_id(&s, "Salarisstrook"), doctype_id(&s, "Werkgeversverklaring"),
			    doctype_id(&s, "Taxatierapport")}, ids[3];
	checklist(&s, p, 3, types, ids);
	/* an invisible item does not count for the client */
	int64_t lender = new_type("Hypotheekakte", "Woning", "lender"), hidden;
	checklist(&s, p, 1, &lender, &hidden);
	progress(d, 0, 3);
	deliver(ids[0]);
	progress(d, 33, 2);
	deliver(ids[1]);
	deliver(ids[2]);
	progress(d, 100, 0);
	json_decref(call(&s, "POST", pathf("/api/v1/requests/%lld/reject", (long long)ids[1]),
			 "{\"reason\":\"Verlopen.\"}", 200));
	progress(d, 67, 1);
	/* approval keeps it handled */
	json_decref(call(&s, "POST", pathf("/api/v1/requests/%lld/approve", (long long)ids[0]), "{}", 200));
	progress(d, 67, 1);
	/* counting every item, the lender's open one too */
	int pct = 0, open = 0;
	assert_int_equal(request_progress(&T.app, d, false, &pct, &open), K_OK);
	assert_int_equal(pct, 50);
	assert_int_equal(open, 2);
	/* the overview */
	json_t *o = call(&c, "GET", "/api/v1/portal/overview", NULL, 200);
	assert_int_equal(jint(o, "progress"), 67);
	assert_int_equal(jint(o, "open_actions"), 1);
	json_t *prods = json_object_get(o, "products");
	assert_int_equal(json_array_size(prods), 2);
	assert_int_equal(jint(json_array_get(prods, 0), "id"), p);
	assert_int_equal(jint(json_array_get(prods, 0), "open_actions"), 1);
	assert_string_equal(jstr(json_array_get(prods, 0), "type"), "mortgage");
	assert_int_equal(jint(json_array_get(prods, 1), "id"), other);
	assert_int_equal(jint(json_array_get(prods, 1), "open_actions"), 0);
	assert_string_equal(jstr(json_object_get(o, "advisor"), "name"), "Anna Adviseur");
	json_decref(o);
	/* a non-public product has no tab */
	json_decref(call(&s, "PATCH", pathf("/api/v1/products/%lld", (long long)other), "{\"public\":false}", 200));
	o = call(&c, "GET", "/api/v1/portal/overview", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(o, "products")), 1);
	json_decref(o);
	/* a staff session is no client session */
	call_err(&s, "GET", "/api/v1/portal/overview", NULL, 401, NULL, NULL);
	httpc_free(&s);
	httpc_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_doctypes, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_checklist, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_visibility, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_review, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_client_access, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_progress, setup, st_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
