/* HTTP tests: the admin page "Algemene documenten" (/app/beheer/documenten):
 * the categories of "Belangrijke documenten" (R10) and the general
 * documents (R9), driven like a browser without JavaScript: form posts with
 * csrf_token (multipart for the upload), Post/Redirect/Get, inline Dutch
 * errors (422), refusals as 403 pages; the JSON API and core agree. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <curl/curl.h>
#include "core/actor.h"
#include "core/general.h"
#include "docgen.h"
#include "staffc.h"

#define PAGE "/app/beheer/documenten"
#define CATS "/app/beheer/documenten/categorieen"
#define SAVED_CATS PAGE "?opgeslagen=1#categories-h"

/* --- helpers ---------------------------------------------------------------- */

/* The categories as core has them, in order. */
static json_t *categories(void)
{
	struct actor sys = actor_system();
	json_t *l = NULL;
	assert_int_equal(category_list(&T.app, &sys, &l), K_OK);
	return l;
}

/* The id of the category called name (0 when there is none). */
static long long category_id(const char *name)
{
	json_t *l = categories(), *c;
	size_t i;
	long long id = 0;
	json_array_foreach(json_object_get(l, "items"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "name")), name) == 0)
			id = json_integer_value(json_object_get(c, "id"));
	json_decref(l);
	return id;
}

/* The general document id from GET /api/v1/general-documents (the JSON API
 * on the same session), or NULL; decref *list after use. */
static json_t *api_general(struct httpc *c, long long id, json_t **list)
{
	struct http_resp r;
	pg_get(c, "/api/v1/general-documents", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(r.json);
	*list = json_incref(r.json);
	http_resp_free(&r);
	json_t *d;
	size_t i;
	json_array_foreach(json_object_get(*list, "items"), i, d)
		if (json_integer_value(json_object_get(d, "id")) == id)
			return d;
	return NULL;
}

static size_t general_count(void)
{
	struct actor sys = actor_system();
	json_t *l = NULL;
	assert_int_equal(general_list(&T.app, &sys, &l), K_OK);
	size_t n = json_array_size(json_object_get(l, "items"));
	json_decref(l);
	return n;
}

/* upload: the page's upload form as multipart (csrf_token included unless
 * with_token is 0), one PDF of pages pages (0: no file at all). */
static void upload(struct httpc *c, const char *desc, long long category, const char *public_, const char *end,
		   int pages, int with_token, struct http_resp *r)
{
	char csrf[128], cat[24];
	pg_csrf(c, csrf, sizeof csrf);
	snprintf(cat, sizeof cat, "%lld", category);
	const char *fields[16];
	int n = 0;
	if (with_token) {
		fields[n++] = "csrf_token";
		fields[n++] = csrf;
	}
	fields[n++] = "description";
	fields[n++] = desc;
	fields[n++] = "category_id";
	fields[n++] = cat;
	fields[n++] = "end_date";
	fields[n++] = end;
	if (public_) {
		fields[n++] = "public";
		fields[n++] = public_;
	}
	fields[n] = NULL;
	struct mem m = pages ? make_pdf(pages) : (struct mem){NULL, 0};
	assert_int_equal(httpc_upload_data(c, PAGE, fields, pages ? "file" : "other", "folder.pdf",
					   pages ? (const void *)m.data : "", m.len, r),
			 0);
	free(m.data);
}

/* The id in a Location ".../documenten?opgeslagen=1#doc-ID". */
static long long doc_from_location(const struct http_resp *r)
{
	char v[512];
	assert_int_equal(r->status, 303);
	assert_non_null(http_header(r, "Location", v, sizeof v));
	const char *p = strstr(v, PAGE "?opgeslagen=1#doc-");
	assert_ptr_equal(p, v);
	long long id = strtoll(v + strlen(PAGE "?opgeslagen=1#doc-"), NULL, 10);
	assert_true(id > 0);
	return id;
}

/* The part of html from the heading of group category up to the next group
 * heading or the end of the documents section (copied into out). */
static void group_html(const char *html, long long category, char *out, size_t outlen)
{
	char marker[64];
	snprintf(marker, sizeof marker, "id=\"group-%lld\"", category);
	const char *p = strstr(html, marker);
	assert_non_null(p);
	const char *end = strstr(p + 1, "<h3 id=\"group-");
	const char *sec = strstr(p, "</section>");
	assert_non_null(sec);
	if (!end || end > sec)
		end = sec;
	snprintf(out, outlen, "%.*s", (int)(end - p), p);
}

/* --- tests ------------------------------------------------------------------ */

/* R10: the seeded categories; add, duplicate, bad position, rename and
 * reorder through the forms */
static void test_categories(void **state)
{
	struct httpc c;
	struct http_resp r;
	form_admin_login(&c, "baas@kantoor.nl", "Bea Baas");

	/* the admin navigation leads here */
	pg_get(&c, "/app/beheer", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_str(&r.body), "href=\"/app/beheer/documenten\""));
	http_resp_free(&r);

	pg_get(&c, PAGE, &r);
	assert_int_equal(r.status, 200);
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "<h1>Algemene documenten</h1>"));
	assert_non_null(strstr(html, "href=\"/app/beheer/documenten\" aria-current=\"page\">Algemene documenten"));
	assert_non_null(strstr(html, "class=\"adm-value\">Dienstverlening</td>"));
	assert_non_null(strstr(html, "class=\"adm-value\">Privacy</td>"));
	assert_non_null(strstr(html, "class=\"adm-value\">Voorwaarden</td>"));
	assert_true(strstr(html, ">Dienstverlening</td>") < strstr(html, ">Voorwaarden</td>"));
	/* the end-date rule is explained; no documents yet */
	assert_non_null(strstr(html, "niet meer te zien in kluizen die daarna worden aangemaakt"));
	assert_non_null(strstr(html, "Er zijn nog geen algemene documenten"));
	assert_non_null(strstr(html, "action=\"" CATS "\""));
	assert_non_null(strstr(html, "enctype=\"multipart/form-data\""));
	assert_non_null(strstr(html, "<input id=\"up-end\" name=\"end_date\" type=\"date\""));
	assert_non_null(strstr(html, ">Privacy</option>"));
	assert_null(strstr(html, "<script>"));
	assert_null(strstr(html, "style=\""));
	assert_null(strstr(html, "De wijzigingen zijn opgeslagen"));
	http_resp_free(&r);

	/* add one */
	pg_post_form(&c, CATS, "name=Hypotheek&position=5", &r);
	pg_assert_location(&r, SAVED_CATS);
	http_resp_free(&r);
	pg_get(&c, PAGE "?opgeslagen=1", &r);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "De wijzigingen zijn opgeslagen"));
	assert_non_null(strstr(html, "class=\"adm-value\">Hypotheek</td>"));
	http_resp_free(&r);
	long long hyp = category_id("Hypotheek");
	assert_true(hyp > 0);

	/* the same name again (other case): 422, the message at the field, the
	 * input kept, nothing added */
	pg_post_form(&c, CATS, "name=hypotheek&position=7", &r);
	assert_int_equal(r.status, 422);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "<p class=\"adm-field-error\" id=\"cat-name-err\">Er is al een categorie met deze "
				     "naam.</p>"));
	assert_non_null(strstr(html, "value=\"hypotheek\" maxlength=\"80\" required autocomplete=\"off\" "
				     "aria-invalid=\"true\" aria-describedby=\"cat-name-err\""));
	assert_non_null(strstr(html, "value=\"7\""));
	assert_non_null(strstr(html, "class=\"adm-value\">Hypotheek</td>")); /* the list is still there */
	http_resp_free(&r);
	/* an empty name, a position that is no number */
	pg_post_form(&c, CATS, "name=", &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(buf_str(&r.body), "Vul een naam in (maximaal 80 tekens)."));
	http_resp_free(&r);
	pg_post_form(&c, CATS, "name=Pensioen&position=veel", &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(buf_str(&r.body), "id=\"cat-pos-err\">Gebruik een volgnummer van 0 tot 10000.</p>"));
	http_resp_free(&r);
	json_t *l = categories();
	assert_int_equal(json_array_size(json_object_get(l, "items")), 4);
	json_decref(l);

	/* rename and reorder: first in the list now */
	char path[128];
	snprintf(path, sizeof path, CATS "/%lld", hyp);
	pg_post_form(&c, path, "name=Hypotheken&position=0", &r);
	pg_assert_location(&r, SAVED_CATS);
	http_resp_free(&r);
	l = categories();
	json_t *first = json_array_get(json_object_get(l, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "name")), "Hypotheken");
	assert_int_equal(json_integer_value(json_object_get(first, "position")), 0);
	json_decref(l);
	pg_get(&c, PAGE, &r);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, ">Hypotheken</td>"));
	assert_true(strstr(html, ">Hypotheken</td>") < strstr(html, ">Dienstverlening</td>"));
	http_resp_free(&r);
	/* renaming to a name in use: the message in that row, its form open */
	pg_post_form(&c, path, "name=Privacy&position=0", &r);
	assert_int_equal(r.status, 422);
	html = buf_str(&r.body);
	char want[256];
	snprintf(want, sizeof want, "id=\"cat-%lld-name-err\">Er is al een categorie met deze naam.</p>", hyp);
	assert_non_null(strstr(html, want));
	assert_non_null(strstr(html, "<details class=\"adm-edit\" open>"));
	http_resp_free(&r);
	assert_true(category_id("Hypotheken") == hyp);
	/* an unknown category */
	pg_post_form(&c, CATS "/999999", "name=Nieuw", &r);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);

	/* names are escaped */
	pg_post_form(&c, CATS, "name=%3Cb%3Ex%3C%2Fb%3E", &r);
	pg_assert_location(&r, SAVED_CATS);
	http_resp_free(&r);
	pg_get(&c, PAGE, &r);
	assert_null(strstr(buf_str(&r.body), "<b>x</b>"));
	assert_non_null(strstr(buf_str(&r.body), "&lt;b&gt;x&lt;/b&gt;"));
	http_resp_free(&r);
	httpc_free(&c);
}

/* R9: upload a general document with an end date; it is listed under its
 * category; switch it off and on, rename it, clear the end date */
static void test_upload_and_switch(void **state)
{
	struct httpc c;
	struct http_resp r;
	char grp[16384], path[128], want[256];
	form_admin_login(&c, "baas@kantoor.nl", "Bea Baas");
	long long privacy = category_id("Privacy"), dienst = category_id("Dienstverlening");
	assert_true(privacy > 0 && dienst > 0);

	/* refused uploads: the form again with the message at the field, the
	 * values kept, nothing stored */
	upload(&c, "", privacy, "1", "2030-12-31", 1, 1, &r);
	assert_int_equal(r.status, 422);
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "id=\"up-desc-err\">Vul een omschrijving in"));
	assert_non_null(strstr(html, "aria-invalid=\"true\" aria-describedby=\"up-desc-err\""));
	snprintf(want, sizeof want, "<option value=\"%lld\" selected>Privacy</option>", privacy);
	assert_non_null(strstr(html, want));
	assert_non_null(strstr(html, "value=\"2030-12-31\""));
	http_resp_free(&r);
	upload(&c, "Privacyverklaring", privacy, "1", "31-12-2030", 1, 1, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(buf_str(&r.body), "id=\"up-end-err\">Vul een datum in als JJJJ-MM-DD.</p>"));
	assert_non_null(strstr(buf_str(&r.body), "value=\"Privacyverklaring\""));
	http_resp_free(&r);
	upload(&c, "Privacyverklaring", 0, "1", "", 1, 1, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(buf_str(&r.body), "id=\"up-cat-err\">Kies een categorie.</p>"));
	http_resp_free(&r);
	upload(&c, "Privacyverklaring", privacy, "1", "", 0, 1, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(buf_str(&r.body), "id=\"up-file-err\">"));
	http_resp_free(&r);
	assert_int_equal(general_count(), 0);

	/* a two-page PDF, public, with an end date */
	upload(&c, "Privacyverklaring 2026", privacy, "1", "2030-12-31", 2, 1, &r);
	long long id = doc_from_location(&r);
	http_resp_free(&r);
	upload(&c, "Dienstverleningsdocument", dienst, NULL, "", 1, 1, &r);
	long long other = doc_from_location(&r);
	assert_true(other != id);
	http_resp_free(&r);
	pg_get(&c, PAGE, &r);
	assert_int_equal(r.status, 200);
	html = buf_str(&r.body);
	assert_null(strstr(html, "Er zijn nog geen algemene documenten"));
	group_html(html, privacy, grp, sizeof grp);
	assert_non_null(strstr(grp, ">Privacy</h3>"));
	assert_non_null(strstr(grp, "class=\"adm-value\">Privacyverklaring 2026</td>"));
	assert_non_null(strstr(grp, "adm-badge-on\">Publiek</span>"));
	assert_non_null(strstr(grp, ">31-12-2030</td>"));
	assert_non_null(strstr(grp, "data-label=\"Pagina's\">2</td>"));
	snprintf(want, sizeof want, "href=\"/api/v1/documents/%lld/content\"", id);
	assert_non_null(strstr(grp, want));
	assert_null(strstr(grp, "Dienstverleningsdocument"));
	group_html(html, dienst, grp, sizeof grp);
	assert_non_null(strstr(grp, "class=\"adm-value\">Dienstverleningsdocument</td>"));
	assert_non_null(strstr(grp, "<span class=\"adm-badge\">Niet publiek</span>"));
	assert_non_null(strstr(grp, "<span class=\"muted\">Geen</span>"));
	assert_null(strstr(grp, "Privacyverklaring"));
	/* Dienstverlening (position 1) comes before Privacy (2) */
	snprintf(want, sizeof want, "id=\"group-%lld\"", dienst);
	const char *gd = strstr(html, want);
	snprintf(want, sizeof want, "id=\"group-%lld\"", privacy);
	assert_true(gd && gd < strstr(html, want));
	http_resp_free(&r);
	/* the download link works */
	snprintf(path, sizeof path, "/api/v1/documents/%lld/content", id);
	pg_get(&c, path, &r);
	assert_int_equal(r.status, 200);
	assert_memory_equal(buf_str(&r.body), "%PDF", 4);
	http_resp_free(&r);
	/* the JSON API agrees */
	json_t *list = NULL, *d = api_general(&c, id, &list);
	assert_non_null(d);
	assert_true(json_is_true(json_object_get(d, "public")));
	assert_string_equal(json_string_value(json_object_get(d, "end_date")), "2030-12-31");
	assert_string_equal(json_string_value(json_object_get(d, "category")), "Privacy");
	assert_int_equal(json_integer_value(json_object_get(d, "pages")), 2);
	json_decref(list);

	/* switch it non-public */
	snprintf(path, sizeof path, PAGE "/%lld", id);
	char loc[128];
	snprintf(loc, sizeof loc, PAGE "?opgeslagen=1#doc-%lld", id);
	pg_post_form(&c, path, "public=0", &r);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	d = api_general(&c, id, &list);
	assert_non_null(d);
	assert_true(json_is_false(json_object_get(d, "public")));
	assert_string_equal(json_string_value(json_object_get(d, "end_date")), "2030-12-31");
	assert_string_equal(json_string_value(json_object_get(d, "description")), "Privacyverklaring 2026");
	json_decref(list);
	pg_get(&c, PAGE, &r);
	group_html(buf_str(&r.body), privacy, grp, sizeof grp);
	assert_non_null(strstr(grp, "<span class=\"adm-badge\">Niet publiek</span>"));
	assert_non_null(strstr(grp, "name=\"public\" value=\"1\""));
	assert_non_null(strstr(grp, ">Publiek aanzetten</button>"));
	http_resp_free(&r);
	/* and on again */
	pg_post_form(&c, path, "public=1", &r);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	d = api_general(&c, id, &list);
	assert_true(json_is_true(json_object_get(d, "public")));
	json_decref(list);

	/* rename and move the end date; then clear it */
	pg_post_form(&c, path, "description=Privacyverklaring&end_date=2031-06-30", &r);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	d = api_general(&c, id, &list);
	assert_string_equal(json_string_value(json_object_get(d, "description")), "Privacyverklaring");
	assert_string_equal(json_string_value(json_object_get(d, "end_date")), "2031-06-30");
	assert_true(json_is_true(json_object_get(d, "public")));
	json_decref(list);
	pg_get(&c, PAGE, &r);
	assert_non_null(strstr(buf_str(&r.body), ">30-06-2031</td>"));
	http_resp_free(&r);
	pg_post_form(&c, path, "description=Privacyverklaring&end_date=", &r);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	d = api_general(&c, id, &list);
	const json_t *end = json_object_get(d, "end_date");
	assert_true(!end || json_is_null(end) || strcmp(json_string_value(end), "") == 0);
	json_decref(list);

	/* refused changes: the message in the document's row, its form open */
	pg_post_form(&c, path, "description=Privacyverklaring&end_date=morgen", &r);
	assert_int_equal(r.status, 422);
	html = buf_str(&r.body);
	snprintf(want, sizeof want, "id=\"doc-%lld-end-err\">Vul een datum in als JJJJ-MM-DD.</p>", id);
	assert_non_null(strstr(html, want));
	assert_non_null(strstr(html, "value=\"morgen\""));
	assert_non_null(strstr(html, "<details class=\"adm-edit\" open>"));
	http_resp_free(&r);
	pg_post_form(&c, path, "description=&end_date=", &r);
	assert_int_equal(r.status, 422);
	snprintf(want, sizeof want, "id=\"doc-%lld-desc-err\">Vul een omschrijving in", id);
	assert_non_null(strstr(buf_str(&r.body), want));
	http_resp_free(&r);
	d = api_general(&c, id, &list);
	assert_string_equal(json_string_value(json_object_get(d, "description")), "Privacyverklaring");
	json_decref(list);
	/* no such general document */
	pg_post_form(&c, PAGE "/999999", "public=0", &r);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	httpc_free(&c);
}

/* R10: a category with documents cannot be deleted (core's message, nothing
 * lost); an empty one can */
static void test_delete_category(void **state)
{
	struct httpc c;
	struct http_resp r;
	char path[128];
	form_admin_login(&c, "baas@kantoor.nl", "Bea Baas");
	long long privacy = category_id("Privacy"), voorw = category_id("Voorwaarden");
	upload(&c, "Privacyverklaring", privacy, "1", "", 1, 1, &r);
	long long id = doc_from_location(&r);
	http_resp_free(&r);

	snprintf(path, sizeof path, CATS "/%lld/verwijderen", privacy);
	pg_post_form(&c, path, "", &r);
	assert_int_equal(r.status, 422);
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "<p class=\"alert\" role=\"alert\">Er staan nog documenten in deze categorie."));
	assert_non_null(strstr(html, "class=\"adm-value\">Privacy</td>"));
	assert_non_null(strstr(html, "class=\"adm-value\">Privacyverklaring</td>"));
	http_resp_free(&r);
	assert_int_equal(category_id("Privacy"), privacy);
	json_t *list = NULL;
	assert_non_null(api_general(&c, id, &list));
	json_decref(list);

	snprintf(path, sizeof path, CATS "/%lld/verwijderen", voorw);
	pg_post_form(&c, path, "", &r);
	pg_assert_location(&r, SAVED_CATS);
	http_resp_free(&r);
	assert_int_equal(category_id("Voorwaarden"), 0);
	pg_get(&c, PAGE, &r);
	assert_null(strstr(buf_str(&r.body), ">Voorwaarden</td>"));
	assert_null(strstr(buf_str(&r.body), ">Voorwaarden</option>"));
	http_resp_free(&r);
	/* gone already */
	pg_post_form(&c, path, "", &r);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	httpc_free(&c);
}

/* other staff get the forbidden page, for the page and every form; a form
 * without the CSRF token is refused */
static void test_refusals(void **state)
{
	struct httpc adv, c;
	struct http_resp r;
	char path[128];
	form_admin_login(&c, "baas@kantoor.nl", "Bea Baas");
	long long privacy = category_id("Privacy");
	upload(&c, "Privacyverklaring", privacy, "1", "", 1, 1, &r);
	long long id = doc_from_location(&r);
	http_resp_free(&r);

	form_advisor_login(&adv, "adviseur@kantoor.nl", "Anna Adviseur");
	pg_get(&adv, PAGE, &r);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(buf_str(&r.body), "<html"));
	assert_non_null(strstr(buf_str(&r.body), "Geen toegang"));
	assert_null(strstr(buf_str(&r.body), "Privacyverklaring"));
	http_resp_free(&r);
	pg_post_form(&adv, CATS, "name=Eigen&position=1", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	snprintf(path, sizeof path, CATS "/%lld", privacy);
	pg_post_form(&adv, path, "name=Anders", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	snprintf(path, sizeof path, CATS "/%lld/verwijderen", category_id("Voorwaarden"));
	pg_post_form(&adv, path, "", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	snprintf(path, sizeof path, PAGE "/%lld", id);
	pg_post_form(&adv, path, "public=0", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	upload(&adv, "Van de adviseur", privacy, "1", "", 1, 1, &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	/* nothing changed */
	assert_int_equal(category_id("Eigen"), 0);
	assert_true(category_id("Privacy") == privacy);
	assert_true(category_id("Voorwaarden") > 0);
	assert_int_equal(general_count(), 1);
	json_t *list = NULL, *d = api_general(&c, id, &list);
	assert_true(json_is_true(json_object_get(d, "public")));
	json_decref(list);
	httpc_free(&adv);

	/* the admin without the token: refused, nothing happens */
	pg_post(&c, CATS, "name=Zonder+token", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	assert_int_equal(category_id("Zonder token"), 0);
	snprintf(path, sizeof path, PAGE "/%lld", id);
	pg_post(&c, path, "public=0", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	snprintf(path, sizeof path, CATS "/%lld/verwijderen", category_id("Voorwaarden"));
	pg_post(&c, path, "", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	assert_true(category_id("Voorwaarden") > 0);
	upload(&c, "Zonder token", privacy, "1", "", 1, 0, &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	assert_int_equal(general_count(), 1);
	d = api_general(&c, id, &list);
	assert_true(json_is_true(json_object_get(d, "public")));
	json_decref(list);

	/* signed out: to the login page */
	struct httpc anon;
	httpc_init(&anon, T.base);
	pg_get(&anon, PAGE, &r);
	pg_assert_location(&r, "/app/login");
	http_resp_free(&r);
	httpc_free(&anon);
	httpc_free(&c);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_categories, st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_upload_and_switch, st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_delete_category, st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_refusals, st_setup, st_teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
