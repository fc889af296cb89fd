/* HTTP tests: the dossier calls of API.md ("Staff API — dossiers", D1, D9):
 * create, view, search (fields, diacritics, dates, postcodes, e-mail,
 * number, ranking, pagination, hints, FTS syntax), change, audit, rights. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "staffc.h"

/* --- tests ---------------------------------------------------------------- */

static void test_create(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	json_t *d = call(&c, "POST", "/api/v1/dossiers", "{\"kind\":\"private\"}", 201);
	assert_true(jint(d, "id") > 0);
	assert_true(strlen(jstr(d, "number")) > 0);
	assert_string_equal(jstr(d, "kind"), "private");
	assert_string_equal(jstr(d, "status"), "prospect");
	/* the advisor who creates a dossier becomes its financial advisor */
	assert_int_equal(jint(d, "advisor_id"), team.adv_id);
	assert_int_equal(json_array_size(json_object_get(d, "persons")), 0);
	assert_true(json_is_array(json_object_get(d, "organisations")));
	assert_true(json_is_array(json_object_get(d, "products")));
	char number1[32];
	snprintf(number1, sizeof number1, "%s", jstr(d, "number"));
	int64_t id1 = jint(d, "id");
	json_decref(d);

	d = call(&c, "POST", "/api/v1/dossiers", "{\"kind\":\"business\",\"name\":\"Bakkerij De Korenbloem BV\"}", 201);
	assert_string_equal(jstr(d, "kind"), "business");
	assert_string_equal(jstr(d, "status"), "prospect");
	assert_string_equal(jstr(d, "name"), "Bakkerij De Korenbloem BV");
	assert_true(jint(d, "id") != id1);
	assert_string_not_equal(jstr(d, "number"), number1);
	json_decref(d);

	/* validation */
	call_err(&c, "POST", "/api/v1/dossiers", "{\"kind\":\"zakelijk\"}", 422, "invalid_kind", "kind");
	call_err(&c, "POST", "/api/v1/dossiers", "{\"kind\":\"\"}", 422, "invalid_kind", "kind");
	call_err(&c, "POST", "/api/v1/dossiers", "{\"kind\":1}", 422, "missing_field", "kind");
	call_err(&c, "POST", "/api/v1/dossiers", "{}", 422, "missing_field", "kind");
	call_err(&c, "POST", "/api/v1/dossiers", "{\"name\":\"Jansen\"}", 422, "missing_field", "kind");
	char longname[200];
	memset(longname, 'x', 151);
	longname[151] = '\0';
	call_err(&c, "POST", "/api/v1/dossiers", J(json_pack("{s:s, s:s}", "kind", "private", "name", longname)), 422,
		 "invalid_field", "name");
	call_err(&c, "POST", "/api/v1/dossiers", "{\"kind\":\"private\",\"name\":\"a\\u0001b\"}", 422, "invalid_field",
		 "name");
	call_err(&c, "POST", "/api/v1/dossiers", "{\"kind\":\"private\",\"advisor_id\":999999}", 422,
		 "invalid_advisor", "advisor_id");
	call_err(&c, "POST", "/api/v1/dossiers", "{\"kind\":\"private\",\"advisor_id\":\"x\"}", 422, "invalid_advisor",
		 "advisor_id");
	call_err(&c, "POST", "/api/v1/dossiers", "{\"kind\":\"private\",\"office_id\":999999}", 422, "invalid_office",
		 "office_id");
	/* a named advisor wins over the creator */
	d = call(&c, "POST", "/api/v1/dossiers", J(json_pack("{s:s, s:I}", "kind", "private", "advisor_id",
							      (json_int_t)team.adv2_id)), 201);
	assert_int_equal(jint(d, "advisor_id"), team.adv2_id);
	json_decref(d);
	/* not JSON */
	struct http_resp r;
	assert_int_equal(httpc_req(&c, "POST", "/api/v1/dossiers", "text/plain", "kind=private", 12, &r), 0);
	assert_int_equal(r.status, 415);
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_get(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t id = new_dossier(&c, "private", NULL);
	int64_t pid = add_person(&c, id, "applicant1", "Jan", "Jansen", "1980-05-17", NULL, NULL);
	json_decref(call(&c, "POST", pathf("/api/v1/dossiers/%lld/organisations", (long long)id),
			 "{\"name\":\"Werkgever BV\",\"role\":\"employer\"}", 201));
	json_decref(call(&c, "POST", pathf("/api/v1/dossiers/%lld/products", (long long)id),
			 "{\"type\":\"mortgage\",\"public\":true}", 201));
	json_t *d = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)id), NULL, 200);
	assert_int_equal(jint(d, "id"), id);
	assert_true(strlen(jstr(d, "number")) > 0);
	assert_string_equal(jstr(d, "kind"), "private");
	assert_string_equal(jstr(d, "status"), "prospect");
	/* the name follows the applicants when none was given */
	assert_string_equal(jstr(d, "name"), "Jan Jansen");
	json_t *persons = json_object_get(d, "persons"), *orgs = json_object_get(d, "organisations"),
	       *products = json_object_get(d, "products");
	assert_int_equal(json_array_size(persons), 1);
	assert_int_equal(jint(json_array_get(persons, 0), "id"), pid);
	assert_string_equal(jstr(json_array_get(persons, 0), "last_name"), "Jansen");
	assert_string_equal(jstr(json_array_get(persons, 0), "birth_date"), "1980-05-17");
	assert_int_equal(json_array_size(orgs), 1);
	assert_string_equal(jstr(json_array_get(orgs, 0), "name"), "Werkgever BV");
	assert_int_equal(json_array_size(products), 1);
	assert_string_equal(jstr(json_array_get(products, 0), "type"), "mortgage");
	assert_true(json_is_true(json_object_get(json_array_get(products, 0), "public")));
	json_decref(d);
	/* unknown ids */
	call_err(&c, "GET", "/api/v1/dossiers/999999", NULL, 404, "not_found", NULL);
	call_err(&c, "GET", "/api/v1/dossiers/0", NULL, 404, "not_found", NULL);
	call_err(&c, "GET", "/api/v1/dossiers/abc", NULL, 404, "not_found", NULL);
	httpc_free(&c);
}

static void test_search_fields(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d1 = new_dossier(&c, "private", NULL);
	add_person(&c, d1, "applicant1", "Jan", "Jansen", "1980-05-17", "jan.jansen@example.nl", "1234AB");
	int64_t d2 = new_dossier(&c, "business", "Financi\xc3\xab" "le Planning Zuid BV");
	json_decref(call(&c, "POST", pathf("/api/v1/dossiers/%lld/organisations", (long long)d2),
			 "{\"name\":\"FPZ Holding\",\"role\":\"client\",\"kvk\":\"12345678\","
			 "\"emails\":[{\"type\":\"general\",\"address\":\"info@fpz.nl\"}],"
			 "\"addresses\":[{\"type\":\"visiting\",\"street\":\"Markt\",\"house_number\":\"2\","
			 "\"postcode\":\"1234 ac\",\"city\":\"Ergens\"}]}",
			 201));
	int64_t d3 = new_dossier(&c, "private", NULL);
	add_person(&c, d3, "applicant1", "Piet", "Pietersen", "1975-01-02", "piet@voorbeeld.nl", "5678 CD");
	json_t *d = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d3), NULL, 200);
	char number3[32];
	snprintf(number3, sizeof number3, "%s", jstr(d, "number"));
	json_decref(d);

	/* name, diacritics folded both ways, case-insensitive */
	expect_ids(&c, "financiele", IDS(d2));
	expect_ids(&c, "Financi\xc3\xab" "le", IDS(d2));
	expect_ids(&c, "FINANCIELE planning", IDS(d2));
	expect_ids(&c, "jansen", IDS(d1));
	expect_ids(&c, "Jans", IDS(d1)); /* type-ahead prefix */
	expect_ids(&c, "fpz holding", IDS(d2));
	expect_ids(&c, "12345678", IDS(d2)); /* KvK number */
	/* birth date in both ways of typing */
	expect_ids(&c, "17-05-1980", IDS(d1));
	expect_ids(&c, "1980-05-17", IDS(d1));
	expect_ids(&c, "17/05/1980", IDS(d1));
	expect_ids(&c, "02-01-1975", IDS(d3));
	expect_ids(&c, "18-05-1980", NONE);
	expect_ids(&c, "1980-17-05", NONE);
	/* postcode with and without space, any case */
	expect_ids(&c, "1234AB", IDS(d1));
	expect_ids(&c, "1234 ab", IDS(d1));
	expect_ids(&c, "1234ab", IDS(d1));
	expect_ids(&c, "1234 AC", IDS(d2));
	expect_ids(&c, "1234", IDS(d1, d2));
	expect_ids(&c, "5678CD", IDS(d3));
	expect_ids(&c, "1234 AD", NONE);
	/* e-mail */
	expect_ids(&c, "jan.jansen@example.nl", IDS(d1));
	expect_ids(&c, "piet@voorbeeld.nl", IDS(d3));
	expect_ids(&c, "info@fpz.nl", IDS(d2));
	expect_ids(&c, "jan.jansen@voorbeeld.nl", NONE);
	/* dossier number */
	expect_ids(&c, number3, IDS(d3));
	/* several words narrow down (AND) */
	expect_ids(&c, "jansen 17-05-1980", IDS(d1));
	expect_ids(&c, "jansen 1975-01-02", NONE);
	expect_ids(&c, "Pietersen 5678 cd", IDS(d3));
	/* nothing found: an explaining hint */
	json_t *j = search(&c, "Zwartkruis", 0, 0);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	assert_int_equal(jint(j, "total"), 0);
	assert_non_null(strstr(jstr(j, "hint"), "Zwartkruis"));
	json_decref(j);
	/* empty q: every dossier, most recently changed first */
	j = search(&c, "", 0, 0);
	assert_int_equal(jint(j, "total"), 3);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
	assert_null(json_object_get(j, "hint"));
	json_decref(j);
	httpc_free(&c);
}

static void test_search_ranking(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	/* a: the name matches; b (newer, so first on a tie): only an e-mail */
	int64_t a = new_dossier(&c, "private", NULL);
	add_person(&c, a, "applicant1", "Mira", "Vlierboom", NULL, NULL, NULL);
	int64_t b = new_dossier(&c, "private", NULL);
	add_person(&c, b, "applicant1", "Kees", "Smit", NULL, "vlierboom@example.nl", NULL);
	json_t *j = search(&c, "vlierboom", 0, 0);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(jint(json_array_get(items, 0), "id"), a);
	assert_int_equal(jint(json_array_get(items, 1), "id"), b);
	json_decref(j);
	/* the dossier whose number is typed comes before one that merely has it
	 * inside a KvK number */
	int64_t x = new_dossier(&c, "business", "Getal BV");
	json_t *d = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)x), NULL, 200);
	char number[32], kvk[40];
	snprintf(number, sizeof number, "%s", jstr(d, "number"));
	json_decref(d);
	snprintf(kvk, sizeof kvk, "%s9", number); /* 7-digit number + 1 = a KvK number */
	assert_int_equal(strlen(kvk), 8);
	int64_t y = new_dossier(&c, "business", "Andere BV");
	json_decref(call(&c, "POST", pathf("/api/v1/dossiers/%lld/organisations", (long long)y),
			 J(json_pack("{s:s, s:s, s:s}", "name", "Andere BV", "role", "client", "kvk", kvk)), 201));
	j = search(&c, number, 0, 0);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(jint(json_array_get(items, 0), "id"), x);
	assert_int_equal(jint(json_array_get(items, 1), "id"), y);
	json_decref(j);
	httpc_free(&c);
}

static void test_search_pagination(void **state)
{
	struct httpc c;
	int64_t ids[25];
	login(&c, "adviseur@kantoor.nl");
	for (int i = 0; i < 25; i++) {
		char name[64];
		snprintf(name, sizeof name, "Paginatest %02d", i);
		ids[i] = new_dossier(&c, "private", name);
	}
	new_dossier(&c, "private", "Iemand Anders");
	int seen[25] = {0};
	int sizes[4] = {10, 10, 5, 0};
	for (int page = 1; page <= 4; page++) {
		json_t *j = search(&c, "paginatest", page, 10);
		json_t *items = json_object_get(j, "items");
		assert_int_equal(jint(j, "total"), 25);
		assert_int_equal(jint(j, "page"), page);
		assert_int_equal(jint(j, "per_page"), 10);
		assert_int_equal(json_array_size(items), sizes[page - 1]);
		size_t i;
		json_t *v;
		json_array_foreach(items, i, v) {
			int k;
			for (k = 0; k < 25 && ids[k] != jint(v, "id"); k++)
				;
			assert_true(k < 25);
			seen[k]++;
		}
		json_decref(j);
	}
	for (int k = 0; k < 25; k++)
		assert_int_equal(seen[k], 1); /* every dossier on exactly one page */
	/* the same without a query: 26 dossiers */
	json_t *j = search(&c, "", 2, 10);
	assert_int_equal(jint(j, "total"), 26);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 10);
	json_decref(j);
	j = search(&c, "", 3, 10);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 6);
	json_decref(j);
	/* out-of-range paging falls back to sane values */
	j = search(&c, "paginatest", 0, 0);
	assert_int_equal(jint(j, "page"), 1);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 20);
	json_decref(j);
	j = call(&c, "GET", "/api/v1/dossiers?q=paginatest&page=1&per_page=500", NULL, 200);
	assert_true(jint(j, "per_page") <= 100);
	json_decref(j);
	httpc_free(&c);
}

static void test_search_fts_syntax(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d1 = new_dossier(&c, "private", NULL);
	add_person(&c, d1, "applicant1", "Jan", "Jansen", "1980-05-17", "jan@example.nl", "1234AB");
	static const char *const inputs[] = {
		"\"", "\"\"", "\"jansen", "jansen\"", "\"jan jansen\"", "jansen*", "*", "**", "NEAR(jan jansen)",
		"NEAR(jan jansen, 2)", "jan NEAR jansen", "(jansen", "jansen)", "()", "(jan OR jansen) AND NOT piet",
		"OR", "AND", "NOT", "jan OR", "OR jan", "NEAR", "names:jansen", "{names}: jansen", "-jansen", "^jansen",
		"jansen +", "+", "'", "\\", "%", "%%", "_", "jan\"sen", "\"*\"", "* OR *", ":", "{", "}", "[", "]",
		"a b c d e f g h i j k l m n o p", "jansen -- ", "; DROP TABLE dossiers; --", "\xc3\xa9", "\xe2\x80\x94",
		NULL,
	};
	for (int i = 0; inputs[i]; i++) {
		json_t *j = search(&c, inputs[i], 0, 0);
		json_decref(j);
	}
	/* operators are plain words: they neither widen nor break the search */
	expect_ids(&c, "\"jansen", IDS(d1));
	expect_ids(&c, "jansen*", IDS(d1));
	expect_ids(&c, "(jansen)", IDS(d1));
	expect_ids(&c, "jansen OR piet", NONE);
	expect_ids(&c, "NOT jansen", NONE);
	/* text that is not UTF-8 is refused cleanly, never a server error */
	struct http_resp r;
	static const char *const raw[] = {"%C3", "%FF%FE", "jan%C3sen", "%ED%A0%80", NULL};
	for (int i = 0; raw[i]; i++) {
		assert_int_equal(httpc_req(&c, "GET", pathf("/api/v1/dossiers?q=%s", raw[i]), NULL, NULL, 0, &r), 0);
		if (r.status != 200 && r.status != 400 && r.status != 422)
			fail_msg("q=%s: status %ld: %s", raw[i], r.status, buf_str(&r.body));
		assert_non_null(r.json);
		http_resp_free(&r);
	}
	/* a long non-ASCII query without results still explains itself */
	char q[220] = "x"; /* odd length: a cut at 100 bytes splits a character */
	for (int i = 0; i < 60; i++)
		memcpy(q + 1 + 2 * i, "\xc3\xab", 3);
	json_t *j = search(&c, q, 0, 0);
	assert_int_equal(jint(j, "total"), 0);
	assert_non_null(json_string_value(json_object_get(j, "hint")));
	json_decref(j);
	/* an over-long query is no server error either */
	char longq[260];
	memset(longq, 'a', 250);
	longq[250] = '\0';
	assert_int_equal(httpc_req(&c, "GET", pathf("/api/v1/dossiers?q=%s", longq), NULL, NULL, 0, &r), 0);
	assert_true(r.status == 200 || r.status == 400 || r.status == 422);
	assert_non_null(r.json);
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_patch(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t id = new_dossier(&c, "private", "Oude Naam");
	add_person(&c, id, "applicant1", "Jan", "Jansen", NULL, NULL, NULL);
	const char *path = pathf("/api/v1/dossiers/%lld", (long long)id);
	json_t *d = call(&c, "PATCH", path, "{\"name\":\"Familie Kwakkelstein\"}", 200);
	assert_string_equal(jstr(d, "name"), "Familie Kwakkelstein");
	assert_int_equal(jint(d, "advisor_id"), team.adv_id); /* untouched */
	json_decref(d);
	d = call(&c, "GET", path, NULL, 200);
	assert_string_equal(jstr(d, "name"), "Familie Kwakkelstein");
	json_decref(d);
	/* the search index follows the new name */
	expect_ids(&c, "kwakkelstein", IDS(id));
	expect_ids(&c, "oude naam", NONE);
	/* the advisor */
	d = call(&c, "PATCH", path, J(json_pack("{s:I}", "advisor_id", (json_int_t)team.adv2_id)), 200);
	assert_int_equal(jint(d, "advisor_id"), team.adv2_id);
	assert_string_equal(jstr(d, "name"), "Familie Kwakkelstein");
	json_decref(d);
	d = call(&c, "PATCH", path, "{\"status\":\"client\"}", 200);
	assert_string_equal(jstr(d, "status"), "client");
	json_decref(d);
	/* an empty name falls back to the applicants' names */
	d = call(&c, "PATCH", path, "{\"name\":\"\"}", 200);
	assert_string_equal(jstr(d, "name"), "Jan Jansen");
	json_decref(d);
	expect_ids(&c, "kwakkelstein", NONE);
	/* errors change nothing */
	call_err(&c, "PATCH", path, "{\"status\":\"klant\"}", 422, "invalid_status", "status");
	call_err(&c, "PATCH", path, "{\"advisor_id\":999999}", 422, "invalid_advisor", "advisor_id");
	call_err(&c, "PATCH", path, "{\"handler_id\":999999}", 422, "invalid_handler", "handler_id");
	call_err(&c, "PATCH", path, "{\"name\":5}", 422, "invalid_field", "name");
	call_err(&c, "PATCH", "/api/v1/dossiers/999999", "{\"name\":\"X\"}", 404, "not_found", NULL);
	d = call(&c, "GET", path, NULL, 200);
	assert_string_equal(jstr(d, "status"), "client");
	assert_int_equal(jint(d, "advisor_id"), team.adv2_id);
	json_decref(d);
	httpc_free(&c);
}

static int count_audit(const json_t *audit, const char *action, int64_t actor)
{
	size_t i;
	json_t *v;
	int n = 0;
	json_array_foreach(json_object_get(audit, "items"), i, v)
		if (strcmp(jstr(v, "action"), action) == 0 && (actor == 0 || jint(v, "actor_id") == actor))
			n++;
	return n;
}

static void test_audit(void **state)
{
	struct httpc adv, admin, bo;
	login(&adv, "adviseur@kantoor.nl");
	login(&bo, "binnendienst@kantoor.nl");
	login_admin(&admin);
	int64_t id = new_dossier(&adv, "private", "Audit Test");
	const char *audit = pathf("/api/v1/dossiers/%lld/audit", (long long)id);
	json_t *a = call(&admin, "GET", audit, NULL, 200);
	assert_int_equal(count_audit(a, "dossier.create", team.adv_id), 1);
	assert_int_equal(count_audit(a, "dossier.view", 0), 0);
	json_decref(a);
	/* each view is one line, with who did it */
	json_decref(call(&adv, "GET", pathf("/api/v1/dossiers/%lld", (long long)id), NULL, 200));
	a = call(&admin, "GET", audit, NULL, 200);
	assert_int_equal(count_audit(a, "dossier.view", team.adv_id), 1);
	json_t *first = json_array_get(json_object_get(a, "items"), 0); /* newest first */
	assert_string_equal(jstr(first, "action"), "dossier.view");
	assert_string_equal(jstr(first, "object_type"), "dossier");
	assert_int_equal(jint(first, "object_id"), id);
	json_decref(a);
	json_decref(call(&bo, "GET", pathf("/api/v1/dossiers/%lld", (long long)id), NULL, 200));
	json_decref(call(&adv, "GET", pathf("/api/v1/dossiers/%lld", (long long)id), NULL, 200));
	a = call(&admin, "GET", audit, NULL, 200);
	assert_int_equal(count_audit(a, "dossier.view", team.adv_id), 2);
	assert_int_equal(count_audit(a, "dossier.view", team.bo_id), 1);
	json_decref(a);
	/* changes are audited too */
	json_decref(call(&adv, "PATCH", pathf("/api/v1/dossiers/%lld", (long long)id), "{\"name\":\"Nieuw\"}", 200));
	a = call(&admin, "GET", audit, NULL, 200);
	assert_int_equal(count_audit(a, "dossier.update", team.adv_id), 1);
	json_decref(a);
	/* only admins read the audit log */
	call_err(&bo, "GET", audit, NULL, 403, "forbidden", NULL);
	call_err(&adv, "GET", audit, NULL, 403, "forbidden", NULL);
	call_err(&admin, "GET", "/api/v1/dossiers/999999/audit", NULL, 404, "not_found", NULL);
	/* a refused audit read is no dossier view */
	a = call(&admin, "GET", audit, NULL, 200);
	assert_int_equal(count_audit(a, "dossier.view", team.bo_id), 1);
	json_decref(a);
	httpc_free(&adv);
	httpc_free(&bo);
	httpc_free(&admin);
}

static void test_rights(void **state)
{
	struct httpc bo, admin, anon;
	/* D9: the back office works on dossiers too */
	login(&bo, "binnendienst@kantoor.nl");
	json_t *d = call(&bo, "POST", "/api/v1/dossiers", "{\"kind\":\"private\",\"name\":\"Binnendienst Dossier\"}", 201);
	int64_t id = jint(d, "id");
	assert_string_equal(jstr(d, "status"), "prospect");
	assert_true(json_is_null(json_object_get(d, "advisor_id"))); /* not an advisor */
	json_decref(d);
	expect_ids(&bo, "binnendienst", IDS(id));
	json_decref(call(&bo, "GET", pathf("/api/v1/dossiers/%lld", (long long)id), NULL, 200));
	json_decref(call(&bo, "PATCH", pathf("/api/v1/dossiers/%lld", (long long)id), "{\"name\":\"Bd Dossier\"}", 200));
	add_person(&bo, id, "applicant1", "Els", "Bakker", NULL, NULL, NULL);
	login_admin(&admin);
	d = call(&admin, "POST", "/api/v1/dossiers", "{\"kind\":\"business\"}", 201);
	json_decref(d);
	expect_ids(&admin, "bakker", IDS(id));
	/* not signed in: 401 everywhere */
	httpc_init(&anon, T.base);
	call_err(&anon, "POST", "/api/v1/dossiers", "{\"kind\":\"private\"}", 401, "unauthenticated", NULL);
	call_err(&anon, "GET", "/api/v1/dossiers?q=bakker", NULL, 401, "unauthenticated", NULL);
	call_err(&anon, "GET", "/api/v1/dossiers", NULL, 401, "unauthenticated", NULL);
	call_err(&anon, "GET", pathf("/api/v1/dossiers/%lld", (long long)id), NULL, 401, "unauthenticated", NULL);
	call_err(&anon, "PATCH", pathf("/api/v1/dossiers/%lld", (long long)id), "{\"name\":\"x\"}", 401,
		 "unauthenticated", NULL);
	call_err(&anon, "GET", pathf("/api/v1/dossiers/%lld/audit", (long long)id), NULL, 401, "unauthenticated", NULL);
	/* signed in but without the CSRF token: refused */
	bo.send_csrf = 0;
	call_err(&bo, "POST", "/api/v1/dossiers", "{\"kind\":\"private\"}", 403, "csrf", NULL);
	httpc_free(&anon);
	httpc_free(&bo);
	httpc_free(&admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_get, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_search_fields, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_search_ranking, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_search_pagination, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_search_fts_syntax, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_patch, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_audit, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_rights, st_team_setup, st_teardown),
	};
	return cmocka_run_group_tests_name("http_dossier_api", tests, NULL, NULL);
}
