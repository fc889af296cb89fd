/* Documents in the vault: personal documents shared on the vault's first
 * activation and afterwards by the "public" switch (R7), the policy sheet in
 * the vault (R8), general documents with an end date measured against the
 * vault's creation (R9), the categories of "Belangrijke documenten" (R10)
 * and unnamed provider documents (R11). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include "core/document.h"
#include "core/validate.h"
#include "docgen.h"
#include "vaultc.h"

static char admin_secret[64];
#define ADMIN "beheer@kantoor.nl"
#define MOB "+31612345678"

static int setup(void **state)
{
	vt_serve(NULL);
	tapp_staff(&T, ADMIN, "Ada Beheer", "admin", VT_PW, admin_secret);
	return 0;
}

/* staff_doc: the advisor adds a one-page document; returns its id */
static int64_t staff_doc(struct httpc *s, int64_t dossier, const char *desc, int public_, const char *extra_name,
			 const char *extra_value)
{
	struct http_resp r;
	struct mem m = make_pdf(1);
	const char *fields[] = {"description", desc, "public", public_ ? "true" : "false", extra_name, extra_value, NULL};
	assert_int_equal(httpc_upload_data(s, pathf("/api/v1/dossiers/%lld/documents", (long long)dossier), fields, "file",
					   "doc.pdf", m.data, m.len, &r), 0);
	assert_int_equal(r.status, 201);
	int64_t id = jint(r.json, "id");
	http_resp_free(&r);
	free(m.data);
	return id;
}

/* provider_doc: a document delivered by a process (source data, B5) */
static int64_t provider_doc(int64_t dossier, const char *name, int public_)
{
	char path[300];
	snprintf(path, sizeof path, "%s/provider.pdf", T.dir);
	struct mem m = make_pdf(2);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(m.data, 1, m.len, f), m.len);
	assert_int_equal(fclose(f), 0);
	free(m.data);
	int64_t id = 0;
	struct kfail kf = {0};
	assert_int_equal(document_import(&T.app, dossier, 0, "provider", name, public_, path, &id, &kf), K_OK);
	unlink(path);
	return id;
}

/* find: the item with id in the client's documents (personal or general) */
static json_t *find(json_t *list, const char *key, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(list, key), i, v)
		if (jint(v, "id") == id)
			return v;
	return NULL;
}

static bool client_sees(struct httpc *cl, int64_t id)
{
	json_t *l = call(cl, "GET", "/api/v1/portal/documents", NULL, 200);
	bool seen = find(l, "items", id) || find(l, "general", id);
	json_decref(l);
	return seen;
}

static void set_public(struct httpc *s, int64_t id, bool on)
{
	json_decref(call(s, "PATCH", pathf("/api/v1/documents/%lld", (long long)id),
			 on ? "{\"public\":true}" : "{\"public\":false}", 200));
}

static long client_download(struct httpc *cl, int64_t id)
{
	struct http_resp r;
	assert_int_equal(httpc_req(cl, "GET", pathf("/api/v1/portal/documents/%lld/content", (long long)id), NULL, NULL, 0,
				   &r), 0);
	long status = r.status;
	if (status == 200) {
		char cd[128], nosniff[32];
		assert_non_null(http_header(&r, "Content-Disposition", cd, sizeof cd));
		assert_non_null(strstr(cd, "attachment"));
		assert_non_null(http_header(&r, "X-Content-Type-Options", nosniff, sizeof nosniff));
		assert_string_equal(nosniff, "nosniff");
	}
	http_resp_free(&r);
	return status;
}

/* R7: the first activation shows every public personal document; after it
 * only the switch shares — not a later activation, not a document that
 * arrives marked public. R11: the provider's unnamed document is pdf.pdf. */
static void test_first_activation_only(void **state)
{
	struct httpc s, cl, cl2;
	vt_staff(&s);
	int64_t d = vt_private(&s, "Noor", "noor@voorbeeld.nl", MOB);
	int64_t a = staff_doc(&s, d, "Paspoort", 1, NULL, NULL);
	int64_t b = staff_doc(&s, d, "Notitie adviseur", 0, NULL, NULL);
	int64_t q = provider_doc(d, "", 1); /* public before the first activation */

	json_decref(vt_invite(&s, d, NULL));
	vt_activate_sms(&cl, "noor@voorbeeld.nl", MOB);
	assert_true(client_sees(&cl, a));
	assert_true(client_sees(&cl, q));
	assert_false(client_sees(&cl, b));
	assert_int_equal(vt_audit(d, "documents.share_first"), 1);
	assert_int_equal(client_download(&cl, a), 200);
	int64_t denied = vt_audit(d, "document.denied");
	assert_int_equal(client_download(&cl, b), 404);
	assert_int_equal(vt_audit(d, "document.denied"), denied + 1);

	/* after it: marked public by a process is not shared ... */
	int64_t p = provider_doc(d, NULL, 1);
	assert_false(client_sees(&cl, p));
	json_t *list = call(&s, "GET", pathf("/api/v1/dossiers/%lld/documents", (long long)d), NULL, 200);
	json_t *pj = find(list, "items", p);
	assert_non_null(pj);
	assert_true(json_is_true(json_object_get(pj, "public")));
	assert_false(json_is_true(json_object_get(pj, "shared")));
	assert_string_equal(jstr(pj, "description"), "pdf.pdf"); /* R11 */
	assert_true(json_is_true(json_object_get(find(list, "items", a), "shared")));
	json_decref(list);
	/* ... the switch is */
	set_public(&s, b, true);
	set_public(&s, a, false);
	assert_true(client_sees(&cl, b));
	assert_false(client_sees(&cl, a));
	assert_int_equal(client_download(&cl, a), 404);

	/* a new vault after unlinking does not share again */
	call_empty(&s, "DELETE", pathf("/api/v1/dossiers/%lld/vault", (long long)d), NULL, 204);
	json_decref(vt_invite(&s, d, NULL));
	vt_activate_sms(&cl2, "noor@voorbeeld.nl", MOB);
	assert_false(client_sees(&cl2, p));
	assert_false(client_sees(&cl2, a));
	assert_true(client_sees(&cl2, b));
	assert_true(client_sees(&cl2, q));
	assert_int_equal(vt_audit(d, "documents.share_first"), 1);
	set_public(&s, p, true);
	assert_true(client_sees(&cl2, p));

	/* R11: renamed by the advisor */
	json_t *ren = call(&s, "PATCH", pathf("/api/v1/documents/%lld", (long long)p),
			   "{\"description\":\"Loonstrook januari\"}", 200);
	assert_string_equal(jstr(ren, "description"), "Loonstrook januari");
	json_decref(ren);
	httpc_free(&cl2);
	httpc_free(&cl);
	httpc_free(&s);
}

/* R8 in the vault: the client sees the newest policy sheet only */
static void test_policy_sheet_in_vault(void **state)
{
	struct httpc s, cl;
	vt_staff(&s);
	int64_t d = vt_private(&s, "Tim", "tim@voorbeeld.nl", MOB);
	json_decref(vt_invite(&s, d, NULL));
	vt_activate_sms(&cl, "tim@voorbeeld.nl", MOB);
	json_t *p = call(&s, "POST", pathf("/api/v1/dossiers/%lld/products", (long long)d),
			 "{\"type\":\"non_life_insurance\",\"public\":true,\"name\":\"Inboedel\"}", 201);
	char pid[32];
	snprintf(pid, sizeof pid, "%lld", (long long)jint(p, "id"));
	json_decref(p);
	struct http_resp r;
	struct mem m = make_pdf(1);
	const char *fields[] = {"product_id", pid, "policy_sheet", "true", "description", "Polisblad 2025", NULL};
	assert_int_equal(httpc_upload_data(&s, pathf("/api/v1/dossiers/%lld/documents", (long long)d), fields, "file",
					   "polis.pdf", m.data, m.len, &r), 0);
	assert_int_equal(r.status, 201);
	int64_t old = jint(r.json, "id");
	http_resp_free(&r);
	assert_true(client_sees(&cl, old));
	fields[5] = "Polisblad 2026";
	assert_int_equal(httpc_upload_data(&s, pathf("/api/v1/dossiers/%lld/documents", (long long)d), fields, "file",
					   "polis.pdf", m.data, m.len, &r), 0);
	assert_int_equal(r.status, 201);
	int64_t cur = jint(r.json, "id");
	http_resp_free(&r);
	assert_true(client_sees(&cl, cur));
	assert_false(client_sees(&cl, old));
	free(m.data);
	httpc_free(&cl);
	httpc_free(&s);
}

/* general_doc: the admin adds a general document */
static int64_t general_doc(struct httpc *adm, const char *desc, int64_t category, int public_, const char *end)
{
	struct http_resp r;
	struct mem m = make_pdf(1);
	char cat[24];
	snprintf(cat, sizeof cat, "%lld", (long long)category);
	const char *fields[] = {"description", desc, "category_id", cat, "public", public_ ? "true" : "false",
				"end_date", end ? end : "", NULL};
	assert_int_equal(httpc_upload_data(adm, "/api/v1/general-documents", fields, "file", "algemeen.pdf", m.data,
					   m.len, &r), 0);
	assert_int_equal(r.status, 201);
	assert_string_equal(jstr(r.json, "kind"), "general");
	int64_t id = jint(r.json, "id");
	http_resp_free(&r);
	free(m.data);
	return id;
}

static int64_t first_category(struct httpc *c)
{
	json_t *l = call(c, "GET", "/api/v1/document-categories", NULL, 200);
	int64_t id = jint(json_array_get(json_object_get(l, "items"), 0), "id");
	json_decref(l);
	assert_true(id > 0);
	return id;
}

/* R9: a general document with an end date stays in vaults that existed
 * before it, and is not shown in vaults created after it */
static void test_general_end_date(void **state)
{
	struct httpc s, adm, c1, c2;
	char end[11], today[11];
	vt_staff(&s);
	login_totp(&adm, ADMIN, admin_secret);
	int64_t cat = first_category(&adm);
	validate_today_iso(app_now(&T.app) + 10 * 86400, end);
	int64_t g1 = general_doc(&adm, "Dienstverleningsdocument 2026", cat, 1, end);
	int64_t g2 = general_doc(&adm, "Concept (niet publiek)", cat, 0, NULL);
	int64_t g3 = general_doc(&adm, "Privacyverklaring", cat, 1, NULL);

	int64_t d1 = vt_private(&s, "Eva", "eva@voorbeeld.nl", MOB);
	json_decref(vt_invite(&s, d1, NULL));
	vt_activate_sms(&c1, "eva@voorbeeld.nl", MOB);
	assert_true(client_sees(&c1, g1));
	assert_false(client_sees(&c1, g2));
	assert_true(client_sees(&c1, g3));

	/* past the end date (sessions end with the idle timeout) */
	app_clock_advance(&T.app, 11 * 86400);
	httpc_free(&s);
	httpc_free(&adm);
	vt_staff(&s);
	login_totp(&adm, ADMIN, admin_secret);
	validate_today_iso(app_now(&T.app), today);
	int64_t g4 = general_doc(&adm, "Tarievenkaart", cat, 1, today); /* ends today: still shown today */
	int64_t d2 = vt_private(&s, "Sem", "sem@voorbeeld.nl", "+31687654321");
	json_decref(vt_invite(&s, d2, NULL));
	vt_activate_sms(&c2, "sem@voorbeeld.nl", "+31687654321");
	assert_false(client_sees(&c2, g1));
	assert_true(client_sees(&c2, g3));
	assert_true(client_sees(&c2, g4));
	int64_t denied = vt_audit(d2, "document.denied");
	assert_int_equal(client_download(&c2, g1), 404);
	assert_int_equal(vt_audit(d2, "document.denied"), denied + 1);
	assert_int_equal(client_download(&c2, g3), 200);

	/* the vault that existed before keeps it, while it is public */
	assert_int_equal(vt_login(&c1, "eva@voorbeeld.nl", VT_CPW, NULL, NULL), 200);
	assert_true(client_sees(&c1, g1));
	assert_int_equal(client_download(&c1, g1), 200);
	/* only who manages document types switches a general document */
	call_err(&s, "PATCH", pathf("/api/v1/documents/%lld", (long long)g1), "{\"public\":false}", 403, "forbidden",
		 NULL);
	set_public(&adm, g1, false);
	assert_false(client_sees(&c1, g1));

	/* staff see every general document (red folders) with the dossier */
	json_t *l = call(&s, "GET", pathf("/api/v1/dossiers/%lld/documents", (long long)d1), NULL, 200);
	assert_non_null(find(l, "general", g1));
	assert_non_null(find(l, "general", g2));
	assert_string_equal(jstr(find(l, "general", g3), "category"), "Dienstverlening");
	json_decref(l);
	httpc_free(&c1);
	httpc_free(&c2);
	httpc_free(&adm);
	httpc_free(&s);
}

/* R10: admin-managed categories */
static void test_categories(void **state)
{
	struct httpc s, adm;
	vt_staff(&s);
	login_totp(&adm, ADMIN, admin_secret);
	json_t *l = call(&s, "GET", "/api/v1/document-categories", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(l, "items")), 3);
	json_decref(l);
	call_err(&s, "POST", "/api/v1/document-categories", "{\"name\":\"Hypotheek\"}", 403, "forbidden", NULL);
	json_t *c = call(&adm, "POST", "/api/v1/document-categories", "{\"name\":\"Hypotheek\",\"position\":0}", 201);
	int64_t hyp = jint(c, "id");
	json_decref(c);
	call_err(&adm, "POST", "/api/v1/document-categories", "{\"name\":\"hypotheek\"}", 422, "name_in_use", "name");
	call_err(&adm, "POST", "/api/v1/document-categories", "{\"name\":\"\"}", 422, "invalid_field", "name");
	l = call(&s, "GET", "/api/v1/document-categories", NULL, 200);
	assert_string_equal(jstr(json_array_get(json_object_get(l, "items"), 0), "name"), "Hypotheek");
	json_decref(l);
	c = call(&adm, "PATCH", pathf("/api/v1/document-categories/%lld", (long long)hyp),
		 "{\"name\":\"Hypotheken\",\"position\":9}", 200);
	assert_string_equal(jstr(c, "name"), "Hypotheken");
	json_decref(c);
	call_err(&adm, "PATCH", pathf("/api/v1/document-categories/%lld", (long long)hyp), "{\"name\":\"Privacy\"}", 422,
		 "name_in_use", "name");
	call_err(&adm, "PATCH", "/api/v1/document-categories/99999", "{\"name\":\"X\"}", 404, "not_found", NULL);

	/* a category with documents cannot go; an empty one can */
	int64_t g = general_doc(&adm, "Hypotheekwijzer", hyp, 1, NULL);
	assert_true(g > 0);
	call_err(&adm, "DELETE", pathf("/api/v1/document-categories/%lld", (long long)hyp), NULL, 409, "in_use", NULL);
	int64_t other = first_category(&adm);
	call_empty(&adm, "DELETE", pathf("/api/v1/document-categories/%lld", (long long)other), NULL, 204);
	l = call(&s, "GET", "/api/v1/document-categories", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(l, "items")), 3);
	json_decref(l);

	/* a general document needs a description and a category */
	struct http_resp r;
	struct mem m = make_pdf(1);
	const char *nocat[] = {"description", "Los", "category_id", "99999", NULL};
	assert_int_equal(httpc_upload_data(&adm, "/api/v1/general-documents", nocat, "file", "a.pdf", m.data, m.len, &r),
			 0);
	assert_int_equal(r.status, 422);
	assert_string_equal(json_err_code(&r), "invalid_category");
	http_resp_free(&r);
	const char *nodesc[] = {"description", "", "category_id", "1", NULL};
	assert_int_equal(httpc_upload_data(&adm, "/api/v1/general-documents", nodesc, "file", "a.pdf", m.data, m.len, &r),
			 0);
	assert_int_equal(r.status, 422);
	http_resp_free(&r);
	/* only who manages document types adds one */
	const char *ok[] = {"description", "Los", "category_id", "1", NULL};
	assert_int_equal(httpc_upload_data(&s, "/api/v1/general-documents", ok, "file", "a.pdf", m.data, m.len, &r), 0);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	free(m.data);
	l = call(&s, "GET", "/api/v1/general-documents", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(l, "items")), 1);
	json_decref(l);
	httpc_free(&adm);
	httpc_free(&s);
}

static char *get_page(struct httpc *c, const char *path)
{
	struct http_resp r;
	assert_int_equal(httpc_req(c, "GET", path, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	char *body = strndup(r.body.data ? r.body.data : "", r.body.len);
	http_resp_free(&r);
	return body;
}

static long post_form(struct httpc *c, const char *path, const char *body)
{
	struct http_resp r;
	assert_int_equal(httpc_req(c, "POST", path, "application/x-www-form-urlencoded", body, strlen(body), &r), 0);
	long st = r.status;
	http_resp_free(&r);
	return st;
}

/* The pages: the advisor's blue and red folders with the public switch and
 * renaming; the client's "Mijn documenten" and "Belangrijke documenten". */
static void test_pages(void **state)
{
	struct httpc s, adm, cl;
	vt_staff(&s);
	login_totp(&adm, ADMIN, admin_secret);
	int64_t g = general_doc(&adm, "Klachtenregeling", first_category(&adm), 1, NULL);
	int64_t d = vt_private(&s, "Lotte", "lotte@voorbeeld.nl", MOB);
	json_decref(vt_invite(&s, d, NULL));
	vt_activate_sms(&cl, "lotte@voorbeeld.nl", MOB);

	/* the advisor adds a document through the page form, not public */
	struct http_resp r;
	struct mem m = make_pdf(3);
	const char *fields[] = {"description", "Hypotheekofferte", NULL};
	assert_int_equal(httpc_upload_data(&s, pathf("/app/dossiers/%lld/documenten", (long long)d), fields, "file",
					   "offerte.pdf", m.data, m.len, &r), 0);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	free(m.data);
	json_t *l = call(&s, "GET", pathf("/api/v1/dossiers/%lld/documents", (long long)d), NULL, 200);
	int64_t doc = jint(json_array_get(json_object_get(l, "items"), 0), "id");
	assert_int_equal(jint(json_array_get(json_object_get(l, "items"), 0), "pages"), 3);
	json_decref(l);
	char *page = get_page(&s, pathf("/app/dossiers/%lld?tab=documenten", (long long)d));
	assert_non_null(strstr(page, "Persoonlijke documenten"));
	assert_non_null(strstr(page, "Algemene documenten"));
	assert_non_null(strstr(page, "Klachtenregeling"));
	assert_non_null(strstr(page, "Niet in de kluis"));
	free(page);
	page = get_page(&cl, "/portaal/documenten");
	assert_null(strstr(page, "Hypotheekofferte"));
	free(page);

	/* the switch shares it; renaming shows the new name to the client */
	assert_int_equal(post_form(&s, pathf("/app/documenten/%lld", (long long)doc), "public=true"), 303);
	assert_int_equal(post_form(&s, pathf("/app/documenten/%lld", (long long)doc), "description=Offerte+ABN"), 303);
	page = get_page(&s, pathf("/app/dossiers/%lld?tab=documenten", (long long)d));
	assert_non_null(strstr(page, "In de kluis"));
	free(page);
	page = get_page(&cl, "/portaal/documenten");
	assert_non_null(strstr(page, "Offerte ABN"));
	assert_non_null(strstr(page, pathf("/api/v1/portal/documents/%lld/content", (long long)doc)));
	free(page);
	page = get_page(&cl, "/portaal/documenten?tab=belangrijk");
	assert_non_null(strstr(page, "Dienstverlening"));
	assert_non_null(strstr(page, "Klachtenregeling"));
	assert_non_null(strstr(page, pathf("/api/v1/portal/documents/%lld/content", (long long)g)));
	free(page);
	/* an empty name is refused with a message; nothing changes */
	call_err(&s, "PATCH", pathf("/api/v1/documents/%lld", (long long)doc), "{\"description\":\"\"}", 422,
		 "invalid_field", "description");
	assert_int_equal(post_form(&s, pathf("/app/documenten/%lld", (long long)doc), "description="), 422);
	json_t *after = call(&s, "GET", pathf("/api/v1/dossiers/%lld/documents", (long long)d), NULL, 200);
	assert_string_equal(jstr(find(after, "items", doc), "description"), "Offerte ABN");
	json_decref(after);
	httpc_free(&cl);
	httpc_free(&adm);
	httpc_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_activation_only, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_policy_sheet_in_vault, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_general_end_date, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_categories, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_pages, setup, st_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
