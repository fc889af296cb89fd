/* The client's upload (R3, X3) and the task it makes (R4, D7): files checked
 * by content, merged into one PDF, stored encrypted; uploads within two
 * hours make one task. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <qpdf/qpdf-c.h>
#include <unistd.h>
#include "core/request.h"
#include "docgen.h"
#include "vaultc.h"

/* moving the clock past the idle timeout ends both sessions: sign in again */
static void relogin(struct httpc *s, struct httpc *cl, const char *email)
{
	httpc_free(s);
	vt_staff(s);
	assert_int_equal(vt_login(cl, email, VT_CPW, NULL, NULL), 200);
}

static size_t ntasks(struct httpc *s)
{
	json_t *t = call(s, "GET", "/api/v1/tasks?assignee=me", NULL, 200);
	size_t n = json_array_size(json_object_get(t, "items"));
	json_decref(t);
	return n;
}

static void test_three_files_one_pdf_and_tasks(void **state)
{
	struct httpc s, cl;
	struct http_resp r;
	int64_t d, items[2];
	vt_upload_scene(&s, &cl, "mila@voorbeeld.nl", 2, &d, items);
	struct mem a = make_pdf(1), b = make_pdf(2), c = make_png();
	const char *names[] = {"loonstrook.pdf", "werkgever.pdf", "foto.png"};
	const void *datas[] = {a.data, b.data, c.data};
	size_t lens[] = {a.len, b.len, c.len};
	assert_int_equal(vt_upload(&cl, items[0], 3, names, datas, lens, &r), 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "pages")), 4); /* 1 + 2 + the photo */
	int64_t doc = json_integer_value(json_object_get(r.json, "document_id"));
	http_resp_free(&r);
	/* the item is delivered; the advisor (handler) has one task */
	assert_int_equal(ntasks(&s), 1);
	/* a second upload an hour later adds to that task */
	app_clock_advance(&T.app, 3600);
	relogin(&s, &cl, "mila@voorbeeld.nl");
	assert_int_equal(vt_upload(&cl, items[1], 1, names, datas, lens, &r), 201);
	http_resp_free(&r);
	assert_int_equal(ntasks(&s), 1);
	/* three hours after the first: a new task */
	app_clock_advance(&T.app, 2 * 3600 + 1);
	relogin(&s, &cl, "mila@voorbeeld.nl");
	assert_int_equal(vt_upload(&cl, items[1], 1, names, datas, lens, &r), 201);
	http_resp_free(&r);
	assert_int_equal(ntasks(&s), 2);
	/* the advisor downloads the merged PDF as an attachment */
	assert_int_equal(httpc_req(&s, "GET", pathf("/api/v1/documents/%lld/content", (long long)doc), NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	char v[128];
	assert_non_null(http_header(&r, "Content-Disposition", v, sizeof v));
	assert_non_null(strstr(v, "attachment"));
	assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "application/pdf");
	assert_memory_equal(buf_str(&r.body), "%PDF", 4);
	http_resp_free(&r);
	/* inline for the review, still nosniff */
	assert_int_equal(httpc_req(&s, "GET", pathf("/api/v1/documents/%lld/content?inline=1", (long long)doc), NULL, NULL,
				   0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(http_header(&r, "Content-Disposition", v, sizeof v));
	assert_int_equal(strncmp(v, "inline", 6), 0);
	assert_non_null(http_header(&r, "X-Content-Type-Options", v, sizeof v));
	http_resp_free(&r);
	/* the document is in the dossier with its page count; the blob on disk
	 * is encrypted (no %PDF anywhere in the listing's blob) */
	json_t *docs = call(&s, "GET", pathf("/api/v1/dossiers/%lld/documents", (long long)d), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(docs, "items")), 3);
	assert_null(json_object_get(json_array_get(json_object_get(docs, "items"), 0), "blob_id"));
	json_decref(docs);
	/* not public: the client cannot download it (and gets 404, not 403) */
	assert_int_equal(httpc_req(&cl, "GET", pathf("/api/v1/portal/documents/%lld/content", (long long)doc), NULL, NULL,
				   0, &r), 0);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	/* R7/R11: the advisor renames and shares it; now the client can */
	json_t *upd = call(&s, "PATCH", pathf("/api/v1/documents/%lld", (long long)doc),
			   "{\"public\":true,\"description\":\"Loonstroken 2026\"}", 200);
	assert_string_equal(jstr(upd, "description"), "Loonstroken 2026");
	json_decref(upd);
	call_err(&s, "PATCH", pathf("/api/v1/documents/%lld", (long long)doc), "{\"end_date\":\"2026-02-30\"}", 422,
		 "invalid_date", "end_date");
	assert_int_equal(httpc_req(&cl, "GET", pathf("/api/v1/portal/documents/%lld/content", (long long)doc), NULL, NULL,
				   0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_memory_equal(buf_str(&r.body), "%PDF", 4);
	http_resp_free(&r);
	json_t *mine = call(&cl, "GET", "/api/v1/portal/documents", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(mine, "items")), 1);
	json_decref(mine);
	free(a.data);
	free(b.data);
	free(c.data);
	httpc_free(&cl);
	httpc_free(&s);
}

static void test_refused_files(void **state)
{
	struct httpc s, cl, other;
	struct http_resp r;
	int64_t d, items[2], d2, items2[2];
	vt_upload_scene(&s, &cl, "noor@voorbeeld.nl", 2, &d, items);
	const char *html = "<html><body><script>alert(1)</script></body></html>";
	const char *names[] = {"loonstrook.pdf"};
	const void *datas[] = {html};
	size_t lens[] = {strlen(html)};
	assert_int_equal(vt_upload(&cl, items[0], 1, names, datas, lens, &r), 422);
	assert_string_equal(json_err_code(&r), "unsupported_type");
	http_resp_free(&r);
	const char *broken = "%PDF-1.7\n1 0 obj <<>> endobj\n";
	datas[0] = broken;
	lens[0] = strlen(broken);
	assert_int_equal(vt_upload(&cl, items[0], 1, names, datas, lens, &r), 422);
	assert_string_equal(json_err_code(&r), "unreadable");
	http_resp_free(&r);
	assert_int_equal(ntasks(&s), 0); /* nothing delivered, no task */
	/* another client cannot deliver to this item */
	httpc_free(&s);
	vt_upload_scene(&s, &other, "sem@voorbeeld.nl", 2, &d2, items2);
	struct mem a = make_pdf(1);
	datas[0] = a.data;
	lens[0] = a.len;
	assert_int_equal(vt_upload(&other, items[0], 1, names, datas, lens, &r), 404);
	http_resp_free(&r);
	free(a.data);
	httpc_free(&other);
	httpc_free(&cl);
	httpc_free(&s);
}

/* the vault's overview lists the requests with an upload form that works
 * without JavaScript; progress follows deliveries (R6) */
static void test_upload_page(void **state)
{
	struct httpc s, cl;
	struct http_resp r;
	int64_t d, items[2];
	vt_upload_scene(&s, &cl, "lotte@voorbeeld.nl", 2, &d, items);
	assert_int_equal(httpc_req(&cl, "GET", "/portaal/", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_str(&r.body), "enctype=\"multipart/form-data\""));
	assert_non_null(strstr(buf_str(&r.body), "<strong>0%</strong>"));
	assert_non_null(strstr(buf_str(&r.body), "aria-label=\"2 open acties\"")); /* the product's bell */
	http_resp_free(&r);
	struct mem a = make_pdf(2);
	const char *names[] = {"scan.pdf"};
	const void *datas[] = {a.data};
	size_t lens[] = {a.len};
	assert_int_equal(httpc_upload_many(&cl, pathf("/portaal/verzoeken/%lld/bestanden", (long long)items[0]), 1, names,
					   datas, lens, &r), 0);
	assert_int_equal(r.status, 303);
	char v[128];
	assert_non_null(http_header(&r, "Location", v, sizeof v));
	assert_non_null(strstr(v, "geleverd=1"));
	http_resp_free(&r);
	assert_int_equal(httpc_req(&cl, "GET", "/portaal/?geleverd=1", NULL, NULL, 0, &r), 0);
	assert_non_null(strstr(buf_str(&r.body), "<strong>50%</strong>"));
	assert_non_null(strstr(buf_str(&r.body), "Uw documenten zijn ontvangen"));
	assert_non_null(strstr(buf_str(&r.body), "Ontvangen, wordt bekeken"));
	assert_non_null(strstr(buf_str(&r.body), "aria-label=\"1 open acties\""));
	http_resp_free(&r);
	free(a.data);
	httpc_free(&cl);
	httpc_free(&s);
}

/* R5 through the pages: the advisor reviews on the dossier's Documenten tab;
 * a rejection with its reason reaches the client's overview */
static void test_review_pages(void **state)
{
	struct httpc s, cl;
	struct http_resp r;
	int64_t d, items[2];
	vt_upload_scene(&s, &cl, "femke@voorbeeld.nl", 2, &d, items);
	struct mem a = make_pdf(1);
	const char *names[] = {"a.pdf"};
	const void *datas[] = {a.data};
	size_t lens[] = {a.len};
	for (int i = 0; i < 2; i++) {
		assert_int_equal(vt_upload(&cl, items[i], 1, names, datas, lens, &r), 201);
		http_resp_free(&r);
	}
	assert_int_equal(httpc_req(&s, "GET", pathf("/app/dossiers/%lld?tab=documenten", (long long)d), NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_str(&r.body), "Geleverd — beoordelen"));
	assert_non_null(strstr(buf_str(&r.body), pathf("/app/verzoeken/%lld/goedkeuren", (long long)items[0])));
	http_resp_free(&r);
	const char *approve = "comment=Duidelijk+leesbaar";
	assert_int_equal(httpc_req(&s, "POST", pathf("/app/verzoeken/%lld/goedkeuren", (long long)items[0]),
				   "application/x-www-form-urlencoded", approve, strlen(approve), &r), 0);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	const char *reject = "reason=De+datum+is+niet+leesbaar";
	assert_int_equal(httpc_req(&s, "POST", pathf("/app/verzoeken/%lld/afkeuren", (long long)items[1]),
				   "application/x-www-form-urlencoded", reject, strlen(reject), &r), 0);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	/* a rejection without a reason is refused */
	assert_int_equal(httpc_req(&s, "POST", pathf("/app/verzoeken/%lld/afkeuren", (long long)items[0]),
				   "application/x-www-form-urlencoded", "reason=", 7, &r), 0);
	assert_int_equal(r.status, 422);
	http_resp_free(&r);
	assert_int_equal(httpc_req(&cl, "GET", "/portaal/", NULL, NULL, 0, &r), 0);
	const char *h = buf_str(&r.body);
	assert_non_null(strstr(h, "Afgekeurd: De datum is niet leesbaar"));
	assert_non_null(strstr(h, "Opnieuw aanleveren"));
	assert_non_null(strstr(h, "<strong>50%</strong>")); /* one of two handled after the rejection */
	http_resp_free(&r);
	free(a.data);
	httpc_free(&cl);
	httpc_free(&s);
}

/* X3: a file older than the document type's validity is reported to the
 * advisor with the page count */
static void test_first_time_right(void **state)
{
	struct httpc s, cl;
	struct http_resp r;
	int64_t d, items[2];
	vt_upload_scene(&s, &cl, "bram@voorbeeld.nl", 2, &d, items);
	struct mem a = make_pdf_dated(2, "2019-03-01T10:00:00");
	const char *names[] = {"oude-strook.pdf"};
	const void *datas[] = {a.data};
	size_t lens[] = {a.len};
	assert_int_equal(vt_upload(&cl, items[0], 1, names, datas, lens, &r), 201);
	http_resp_free(&r);
	json_t *docs = call(&s, "GET", pathf("/api/v1/dossiers/%lld/documents", (long long)d), NULL, 200);
	json_t *checks = json_object_get(json_array_get(json_object_get(docs, "items"), 0), "checks");
	int pages_seen = 0, too_old = 0;
	size_t i;
	json_t *c;
	json_array_foreach(checks, i, c) {
		if (strcmp(jstr(c, "check"), "pages") == 0 && jint(c, "pages") == 2)
			pages_seen = 1;
		if (strcmp(jstr(c, "check"), "too_old") == 0 && strcmp(jstr(c, "file"), "oude-strook.pdf") == 0)
			too_old = 1;
	}
	assert_true(pages_seen);
	assert_true(too_old);
	json_decref(docs);
	assert_int_equal(httpc_req(&s, "GET", pathf("/app/dossiers/%lld?tab=documenten", (long long)d), NULL, NULL, 0, &r), 0);
	assert_non_null(strstr(buf_str(&r.body), "Ouder dan"));
	http_resp_free(&r);
	free(a.data);
	httpc_free(&cl);
	httpc_free(&s);
}

/* R8: a new policy sheet of an insurance product makes the old one
 * non-public and itself public; only insurances have policy sheets */
static void test_policy_sheet(void **state)
{
	struct httpc s, cl;
	struct http_resp r;
	int64_t d, items[2];
	vt_upload_scene(&s, &cl, "tim@voorbeeld.nl", 2, &d, items);
	json_t *p = call(&s, "POST", pathf("/api/v1/dossiers/%lld/products", (long long)d),
			 "{\"type\":\"non_life_insurance\",\"public\":true,\"name\":\"Inboedel\"}", 201);
	char pid[32];
	snprintf(pid, sizeof pid, "%lld", (long long)jint(p, "id"));
	json_decref(p);
	struct mem a = make_pdf(1);
	const char *fields[] = {"product_id", pid, "policy_sheet", "true", "description", "Polisblad 2025", NULL};
	assert_int_equal(httpc_upload_data(&s, pathf("/api/v1/dossiers/%lld/documents", (long long)d), fields, "file",
					   "polis.pdf", a.data, a.len, &r), 0);
	assert_int_equal(r.status, 201);
	int64_t first = json_integer_value(json_object_get(r.json, "id"));
	assert_true(json_is_true(json_object_get(r.json, "public")));
	http_resp_free(&r);
	fields[5] = "Polisblad 2026";
	assert_int_equal(httpc_upload_data(&s, pathf("/api/v1/dossiers/%lld/documents", (long long)d), fields, "file",
					   "polis.pdf", a.data, a.len, &r), 0);
	assert_int_equal(r.status, 201);
	int64_t second = json_integer_value(json_object_get(r.json, "id"));
	http_resp_free(&r);
	json_t *docs = call(&s, "GET", pathf("/api/v1/dossiers/%lld/documents", (long long)d), NULL, 200);
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(docs, "items"), i, v) {
		if (jint(v, "id") == first)
			assert_false(json_is_true(json_object_get(v, "public")));
		if (jint(v, "id") == second)
			assert_true(json_is_true(json_object_get(v, "public")));
	}
	json_decref(docs);
	/* a policy sheet on a service is refused */
	json_t *svc = call(&s, "POST", pathf("/api/v1/dossiers/%lld/products", (long long)d), "{\"type\":\"service\"}", 201);
	snprintf(pid, sizeof pid, "%lld", (long long)jint(svc, "id"));
	json_decref(svc);
	assert_int_equal(httpc_upload_data(&s, pathf("/api/v1/dossiers/%lld/documents", (long long)d), fields, "file",
					   "polis.pdf", a.data, a.len, &r), 0);
	assert_int_equal(r.status, 422);
	assert_string_equal(json_err_code(&r), "not_insurance");
	http_resp_free(&r);
	free(a.data);
	httpc_free(&cl);
	httpc_free(&s);
}

/* R5: the lender rejects through the same path (actor "lender") */
static void test_lender_rejects(void **state)
{
	struct httpc s, cl;
	struct http_resp r;
	int64_t d, items[2];
	vt_upload_scene(&s, &cl, "iris@voorbeeld.nl", 2, &d, items);
	struct mem a = make_pdf(1);
	const char *names[] = {"a.pdf"};
	const void *datas[] = {a.data};
	size_t lens[] = {a.len};
	assert_int_equal(vt_upload(&cl, items[0], 1, names, datas, lens, &r), 201);
	http_resp_free(&r);
	struct actor lender = {ACTOR_LENDER, 0, ROLE_NONE, "", ""};
	struct kfail f = {0};
	json_t *in = json_pack("{s:s}", "reason", "Loonstrook ouder dan drie maanden"), *out = NULL;
	assert_int_equal(request_reject(&T.app, &lender, items[0], in, &out, &f), 0);
	json_decref(in);
	json_decref(out);
	/* a client actor may not review */
	struct actor client = {ACTOR_CLIENT, 1, ROLE_NONE, "", ""};
	in = json_pack("{s:s}", "reason", "x");
	assert_int_not_equal(request_reject(&T.app, &client, items[0], in, &out, &f), 0);
	json_decref(in);
	assert_int_equal(httpc_req(&cl, "GET", "/portaal/", NULL, NULL, 0, &r), 0);
	assert_non_null(strstr(buf_str(&r.body), "Afgekeurd: Loonstrook ouder dan drie maanden"));
	http_resp_free(&r);
	assert_true(vt_audit(d, "request.reject") >= 1);
	free(a.data);
	httpc_free(&cl);
	httpc_free(&s);
}

/* an owner-password-only PDF (opens without a password) in memory */
static struct mem make_owner_encrypted(void)
{
	struct mem plain = make_pdf(1), out = {NULL, 0};
	char in[] = "/tmp/kluis-enc-in-XXXXXX", enc[64];
	int fd = mkstemp(in);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, plain.data, plain.len), (ssize_t)plain.len);
	close(fd);
	snprintf(enc, sizeof enc, "%s.pdf", in);
	qpdf_data q = qpdf_init();
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_silence_errors(q);
	assert_false(qpdf_read(q, in, "") & QPDF_ERRORS);
	assert_false(qpdf_init_write(q, enc) & QPDF_ERRORS);
	qpdf_set_r6_encryption_parameters2(q, "", "eigenaar-geheim", QPDF_TRUE, QPDF_TRUE, QPDF_TRUE, QPDF_TRUE,
					   QPDF_TRUE, QPDF_TRUE, qpdf_r3p_full, QPDF_TRUE);
	assert_false(qpdf_write(q) & QPDF_ERRORS);
	qpdf_cleanup(&q);
	FILE *f = fopen(enc, "rb");
	assert_non_null(f);
	out.data = malloc(1 << 20);
	out.len = fread(out.data, 1, 1 << 20, f);
	fclose(f);
	unlink(in);
	unlink(enc);
	free(plain.data);
	return out;
}

/* R3: a secured PDF is refused with "encrypted", also when only an owner
 * password is set (it would open and merge to an unsecured copy) */
static void test_encrypted_refused(void **state)
{
	struct httpc s, cl;
	struct http_resp r;
	int64_t d, items[2];
	vt_upload_scene(&s, &cl, "joost@voorbeeld.nl", 2, &d, items);
	struct mem e = make_owner_encrypted(), ok = make_pdf(1);
	const char *names[] = {"beveiligd.pdf", "gewoon.pdf"};
	const void *datas[] = {e.data, ok.data};
	size_t lens[] = {e.len, ok.len};
	for (int n = 1; n <= 2; n++) { /* alone, and together with a normal file */
		assert_int_equal(vt_upload(&cl, items[0], n, names, datas, lens, &r), 422);
		assert_string_equal(json_err_code(&r), "encrypted");
		http_resp_free(&r);
	}
	json_t *docs = call(&s, "GET", pathf("/api/v1/dossiers/%lld/documents", (long long)d), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(docs, "items")), 0); /* nothing stored */
	json_decref(docs);
	free(e.data);
	free(ok.data);
	httpc_free(&cl);
	httpc_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_three_files_one_pdf_and_tasks, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_refused_files, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_upload_page, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_review_pages, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_first_time_right, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_policy_sheet, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_lender_rejects, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_encrypted_refused, vt_setup, st_teardown),
	};
	return cmocka_run_group_tests_name("upload", tests, NULL, NULL);
}
