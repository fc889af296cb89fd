/* HTTP tests: parties and products of a dossier (API.md "Staff API —
 * dossiers", D2, D3): persons with typed contacts and their validation
 * (e-mail, phone in E.164, mobile, postcode, dates, roles), partial updates,
 * deletion, organisations, the seven product types, rights holders, product
 * cards, and a search index that follows every change. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "core/validate.h"
#include "staffc.h"

/* --- helpers -------------------------------------------------------------- */

static json_t *get_person(struct httpc *c, int64_t id)
{
	return call(c, "GET", pathf("/api/v1/persons/%lld", (long long)id), NULL, 200);
}

static const char *persons_of(int64_t dossier)
{
	return pathf("/api/v1/dossiers/%lld/persons", (long long)dossier);
}

static const char *person_path(int64_t id)
{
	return pathf("/api/v1/persons/%lld", (long long)id);
}

/* A person with every kind of typed contact detail. */
static const char *full_person(const char *role)
{
	return J(json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}], "
		"s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}], "
		"s:[{s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s, s:s}]}",
		"role", role, "first_name", "Jan", "infix", "de", "last_name", "Vries", "birth_date", "1980-05-17",
		"nationality", "Nederlandse",
		"emails", "type", "private", "address", "jan@example.nl", "type", "work", "address", "jan@werk.nl",
		"type", "general", "address", "info@devries.nl",
		"phones", "type", "mobile", "number", "06 12345678", "type", "home", "number", "020 1234567", "type",
		"work", "number", "+31 10 123 4567", "type", "general", "number", "0031 30 123 4567",
		"addresses", "type", "home", "street", "Kerkstraat", "house_number", "12a", "postcode", "1234ab", "city",
		"Amsterdam", "type", "postal", "street", "Postbus", "house_number", "100", "postcode", "1234 AB", "city",
		"Amsterdam", "country", "NL", "type", "visiting", "street", "Grote Markt", "house_number", "1",
		"postcode", "1000", "city", "Brussel", "country", "BE"));
}

static void check_full_person(const json_t *p)
{
	assert_string_equal(jstr(p, "first_name"), "Jan");
	assert_string_equal(jstr(p, "infix"), "de");
	assert_string_equal(jstr(p, "last_name"), "Vries");
	assert_string_equal(jstr(p, "birth_date"), "1980-05-17");
	assert_string_equal(jstr(p, "nationality"), "Nederlandse");
	json_t *e = json_object_get(p, "emails"), *ph = json_object_get(p, "phones"), *a = json_object_get(p, "addresses");
	assert_int_equal(json_array_size(e), 3);
	assert_string_equal(jstr(json_array_get(e, 0), "type"), "private");
	assert_string_equal(jstr(json_array_get(e, 0), "address"), "jan@example.nl");
	assert_string_equal(jstr(json_array_get(e, 1), "type"), "work");
	assert_string_equal(jstr(json_array_get(e, 2), "type"), "general");
	assert_int_equal(json_array_size(ph), 4);
	/* stored in E.164, whatever way they were typed */
	assert_string_equal(jstr(json_array_get(ph, 0), "type"), "mobile");
	assert_string_equal(jstr(json_array_get(ph, 0), "number"), "+31612345678");
	assert_string_equal(jstr(json_array_get(ph, 1), "type"), "home");
	assert_string_equal(jstr(json_array_get(ph, 1), "number"), "+31201234567");
	assert_string_equal(jstr(json_array_get(ph, 2), "number"), "+31101234567");
	assert_string_equal(jstr(json_array_get(ph, 3), "type"), "general");
	assert_string_equal(jstr(json_array_get(ph, 3), "number"), "+31301234567");
	assert_int_equal(json_array_size(a), 3);
	json_t *home = json_array_get(a, 0);
	assert_string_equal(jstr(home, "type"), "home");
	assert_string_equal(jstr(home, "street"), "Kerkstraat");
	assert_string_equal(jstr(home, "house_number"), "12a");
	assert_string_equal(jstr(home, "postcode"), "1234 AB"); /* normalised */
	assert_string_equal(jstr(home, "city"), "Amsterdam");
	assert_string_equal(jstr(home, "country"), "NL"); /* default */
	assert_string_equal(jstr(json_array_get(a, 1), "type"), "postal");
	assert_string_equal(jstr(json_array_get(a, 1), "postcode"), "1234 AB");
	assert_string_equal(jstr(json_array_get(a, 2), "type"), "visiting");
	assert_string_equal(jstr(json_array_get(a, 2), "postcode"), "1000"); /* foreign: as typed */
	assert_string_equal(jstr(json_array_get(a, 2), "country"), "BE");
}

/* --- tests ---------------------------------------------------------------- */

/* --- persons -------------------------------------------------------------- */

static void test_person_create(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	json_t *p = call(&c, "POST", persons_of(d), full_person("applicant1"), 201);
	int64_t pid = jint(p, "id");
	assert_true(pid > 0);
	assert_string_equal(jstr(p, "role"), "applicant1");
	assert_int_equal(jint(p, "dossier_id"), d);
	assert_true(json_is_null(json_object_get(p, "bsn")));
	check_full_person(p);
	json_decref(p);
	/* the same through GET person and GET dossier */
	p = get_person(&c, pid);
	check_full_person(p);
	json_decref(p);
	json_t *dos = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(dos, "persons")), 1);
	check_full_person(json_array_get(json_object_get(dos, "persons"), 0));
	assert_string_equal(jstr(dos, "name"), "Jan de Vries");
	json_decref(dos);
	/* the minimum: role and last name */
	p = call(&c, "POST", persons_of(d), "{\"role\":\"other\",\"last_name\":\"Bakker\"}", 201);
	assert_true(json_is_null(json_object_get(p, "birth_date")));
	assert_int_equal(json_array_size(json_object_get(p, "emails")), 0);
	json_decref(p);
	/* unknown dossier */
	call_err(&c, "POST", persons_of(999999), full_person("applicant1"), 404, "not_found", NULL);
	call_err(&c, "GET", person_path(999999), NULL, 404, "not_found", NULL);
	httpc_free(&c);
}

static void test_person_errors(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	const char *url = persons_of(d);
#define P(extra) "{\"role\":\"applicant1\",\"first_name\":\"Jan\",\"last_name\":\"Jansen\"" extra "}"
	/* e-mail */
	call_err(&c, "POST", url, P(",\"emails\":[{\"type\":\"private\",\"address\":\"jan@@example.nl\"}]"), 422,
		 "invalid_email", "emails[0].address");
	call_err(&c, "POST", url, P(",\"emails\":[{\"type\":\"private\",\"address\":\"jan@example\"}]"), 422,
		 "invalid_email", "emails[0].address");
	call_err(&c, "POST", url,
		 P(",\"emails\":[{\"type\":\"private\",\"address\":\"jan@example.nl\"},"
		   "{\"type\":\"work\",\"address\":\"jan at werk.nl\"}]"),
		 422, "invalid_email", "emails[1].address");
	call_err(&c, "POST", url, P(",\"emails\":[{\"type\":\"private\"}]"), 422, "invalid_email", "emails[0].address");
	call_err(&c, "POST", url, P(",\"emails\":[{\"type\":\"home\",\"address\":\"jan@example.nl\"}]"), 422,
		 "invalid_type", "emails[0].type");
	call_err(&c, "POST", url, P(",\"emails\":\"jan@example.nl\""), 422, "invalid_field", "emails");
	/* phone: a digit short, a digit too many, letters, empty */
	call_err(&c, "POST", url, P(",\"phones\":[{\"type\":\"mobile\",\"number\":\"06 1234567\"}]"), 422,
		 "invalid_phone", "phones[0].number");
	call_err(&c, "POST", url, P(",\"phones\":[{\"type\":\"home\",\"number\":\"020 123456\"}]"), 422,
		 "invalid_phone", "phones[0].number");
	call_err(&c, "POST", url, P(",\"phones\":[{\"type\":\"mobile\",\"number\":\"06 123456789\"}]"), 422,
		 "invalid_phone", "phones[0].number");
	call_err(&c, "POST", url, P(",\"phones\":[{\"type\":\"mobile\",\"number\":\"06 1234567a\"}]"), 422,
		 "invalid_phone", "phones[0].number");
	call_err(&c, "POST", url, P(",\"phones\":[{\"type\":\"mobile\",\"number\":\"\"}]"), 422, "invalid_phone",
		 "phones[0].number");
	call_err(&c, "POST", url,
		 P(",\"phones\":[{\"type\":\"mobile\",\"number\":\"0612345678\"},{\"type\":\"work\",\"number\":\"0612\"}]"),
		 422, "invalid_phone", "phones[1].number");
	call_err(&c, "POST", url, P(",\"phones\":[{\"type\":\"fax\",\"number\":\"0612345678\"}]"), 422, "invalid_type",
		 "phones[0].type");
	/* a fixed line typed as mobile */
	call_err(&c, "POST", url, P(",\"phones\":[{\"type\":\"mobile\",\"number\":\"020 1234567\"}]"), 422,
		 "not_mobile", "phones[0].number");
	/* postcode */
	call_err(&c, "POST", url,
		 P(",\"addresses\":[{\"type\":\"home\",\"street\":\"Laan\",\"house_number\":\"1\",\"postcode\":\"123 AB\","
		   "\"city\":\"Utrecht\"}]"),
		 422, "invalid_postcode", "addresses[0].postcode");
	call_err(&c, "POST", url,
		 P(",\"addresses\":[{\"type\":\"home\",\"street\":\"Laan\",\"postcode\":\"0123 AB\",\"city\":\"X\"}]"), 422,
		 "invalid_postcode", "addresses[0].postcode");
	call_err(&c, "POST", url,
		 P(",\"addresses\":[{\"type\":\"home\",\"street\":\"Laan\",\"postcode\":\"1234 SS\",\"city\":\"X\"}]"), 422,
		 "invalid_postcode", "addresses[0].postcode");
	call_err(&c, "POST", url, P(",\"addresses\":[{\"type\":\"home\",\"street\":\"Laan\",\"city\":\"X\"}]"), 422,
		 "invalid_postcode", "addresses[0].postcode");
	call_err(&c, "POST", url,
		 P(",\"addresses\":[{\"type\":\"home\",\"postcode\":\"1234AB\",\"country\":\"nederland\"}]"), 422,
		 "invalid_country", "addresses[0].country");
	call_err(&c, "POST", url, P(",\"addresses\":[{\"type\":\"work\",\"postcode\":\"1234AB\"}]"), 422,
		 "invalid_type", "addresses[0].type");
	/* dates: impossible, wrong form, in the future */
	call_err(&c, "POST", url, P(",\"birth_date\":\"2023-02-30\""), 422, "invalid_date", "birth_date");
	call_err(&c, "POST", url, P(",\"birth_date\":\"2023-02-29\""), 422, "invalid_date", "birth_date");
	call_err(&c, "POST", url, P(",\"birth_date\":\"17-05-1980\""), 422, "invalid_date", "birth_date");
	call_err(&c, "POST", url, P(",\"birth_date\":\"2199-01-01\""), 422, "invalid_date", "birth_date");
	/* roles and names */
	call_err(&c, "POST", url, "{\"role\":\"applicant3\",\"last_name\":\"Jansen\"}", 422, "invalid_role", "role");
	call_err(&c, "POST", url, "{\"role\":\"\",\"last_name\":\"Jansen\"}", 422, "invalid_role", "role");
	call_err(&c, "POST", url, "{\"last_name\":\"Jansen\"}", 422, "missing_field", "role");
	call_err(&c, "POST", url, "{\"role\":\"applicant1\",\"first_name\":\"Jan\"}", 422, "missing_field",
		 "last_name");
	call_err(&c, "POST", url, "{\"role\":\"applicant1\",\"last_name\":\"\"}", 422, "missing_field", "last_name");
	call_err(&c, "POST", url, "{\"role\":\"applicant1\",\"last_name\":42}", 422, "invalid_field", "last_name");
	call_err(&c, "POST", url, "{\"role\":\"applicant1\",\"last_name\":\"a\\nb\"}", 422, "invalid_field",
		 "last_name");
	/* none of these made a person */
	json_t *dos = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(dos, "persons")), 0);
	json_decref(dos);
	/* so the first applicant is still free */
	json_decref(call(&c, "POST", url, P(""), 201));
#undef P
	httpc_free(&c);
}

static void test_birth_date_today_and_future(void **state)
{
	struct httpc c;
	char today[11], tomorrow[11];
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	validate_today_iso(app_now(&T.app), today);
	validate_today_iso(app_now(&T.app) + 86400, tomorrow);
	const char *born_tomorrow = J(json_pack("{s:s, s:s, s:s}", "role", "other", "last_name", "Baby", "birth_date",
						tomorrow));
	call_err(&c, "POST", persons_of(d), born_tomorrow, 422, "invalid_date", "birth_date");
	json_decref(call(&c, "POST", persons_of(d),
			 J(json_pack("{s:s, s:s, s:s}", "role", "other", "last_name", "Baby", "birth_date", today)), 201));
	/* two days later, "tomorrow" is in the past */
	app_clock_advance(&T.app, 2 * 86400);
	httpc_free(&c);
	login(&c, "adviseur@kantoor.nl"); /* the old session idled out */
	json_decref(call(&c, "POST", persons_of(d), born_tomorrow, 201));
	httpc_free(&c);
}

static void test_applicant_roles(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	const char *url = persons_of(d);
	json_t *p = call(&c, "POST", url, "{\"role\":\"applicant1\",\"last_name\":\"Eerste\"}", 201);
	int64_t a1 = jint(p, "id");
	json_decref(p);
	call_err(&c, "POST", url, "{\"role\":\"applicant1\",\"last_name\":\"Nogeen\"}", 409, "first_applicant_exists",
		 "role");
	p = call(&c, "POST", url, "{\"role\":\"applicant2\",\"last_name\":\"Tweede\"}", 201);
	int64_t a2 = jint(p, "id");
	json_decref(p);
	call_err(&c, "POST", url, "{\"role\":\"applicant2\",\"last_name\":\"Nogeen\"}", 409, "second_applicant_exists",
		 "role");
	/* other parties: as many as needed */
	p = call(&c, "POST", url, "{\"role\":\"other\",\"last_name\":\"Kind\"}", 201);
	int64_t o1 = jint(p, "id");
	json_decref(p);
	json_decref(call(&c, "POST", url, "{\"role\":\"other\",\"last_name\":\"Kind\"}", 201));
	/* the first applicant of another dossier is unaffected */
	int64_t d2 = new_dossier(&c, "private", NULL);
	json_decref(call(&c, "POST", persons_of(d2), "{\"role\":\"applicant1\",\"last_name\":\"Ander\"}", 201));
	/* changing a role into a taken one is refused too */
	call_err(&c, "PATCH", person_path(o1), "{\"role\":\"applicant1\"}", 409, "first_applicant_exists", "role");
	call_err(&c, "PATCH", person_path(o1), "{\"role\":\"applicant2\"}", 409, "second_applicant_exists", "role");
	/* freeing the role makes it available */
	json_decref(call(&c, "PATCH", person_path(a1), "{\"role\":\"other\"}", 200));
	p = call(&c, "PATCH", person_path(o1), "{\"role\":\"applicant1\"}", 200);
	assert_string_equal(jstr(p, "role"), "applicant1");
	assert_string_equal(jstr(p, "last_name"), "Kind");
	json_decref(p);
	/* the dossier's list: applicant1, applicant2, then the others */
	json_t *dos = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	json_t *persons = json_object_get(dos, "persons");
	assert_int_equal(json_array_size(persons), 4);
	assert_int_equal(jint(json_array_get(persons, 0), "id"), o1);
	assert_int_equal(jint(json_array_get(persons, 1), "id"), a2);
	json_decref(dos);
	httpc_free(&c);
}

static void test_person_patch(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	json_t *p = call(&c, "POST", persons_of(d), full_person("applicant1"), 201);
	int64_t pid = jint(p, "id");
	json_decref(p);
	/* only the first name: everything else stays */
	p = call(&c, "PATCH", person_path(pid), "{\"first_name\":\"Johannes\"}", 200);
	assert_string_equal(jstr(p, "first_name"), "Johannes");
	json_object_set_new(p, "first_name", json_string("Jan"));
	check_full_person(p);
	assert_string_equal(jstr(p, "role"), "applicant1");
	json_decref(p);
	p = get_person(&c, pid);
	assert_string_equal(jstr(p, "first_name"), "Johannes");
	assert_int_equal(json_array_size(json_object_get(p, "phones")), 4);
	json_decref(p);
	/* a given array replaces the old one; the others stay */
	p = call(&c, "PATCH", person_path(pid), "{\"emails\":[{\"type\":\"work\",\"address\":\"nieuw@werk.nl\"}]}", 200);
	assert_int_equal(json_array_size(json_object_get(p, "emails")), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(p, "emails"), 0), "address"), "nieuw@werk.nl");
	assert_int_equal(json_array_size(json_object_get(p, "phones")), 4);
	assert_int_equal(json_array_size(json_object_get(p, "addresses")), 3);
	json_decref(p);
	p = call(&c, "PATCH", person_path(pid), "{\"phones\":[]}", 200);
	assert_int_equal(json_array_size(json_object_get(p, "phones")), 0);
	assert_int_equal(json_array_size(json_object_get(p, "emails")), 1);
	assert_string_equal(jstr(p, "birth_date"), "1980-05-17");
	json_decref(p);
	p = call(&c, "PATCH", person_path(pid), "{\"phones\":[{\"type\":\"mobile\",\"number\":\"+31 6 87654321\"}]}",
		 200);
	assert_string_equal(jstr(json_array_get(json_object_get(p, "phones"), 0), "number"), "+31687654321");
	json_decref(p);
	/* an empty birth date clears it */
	p = call(&c, "PATCH", person_path(pid), "{\"birth_date\":\"\"}", 200);
	assert_true(json_is_null(json_object_get(p, "birth_date")));
	json_decref(p);
	/* invalid changes are refused and change nothing */
	call_err(&c, "PATCH", person_path(pid), "{\"first_name\":\"X\",\"emails\":[{\"type\":\"work\",\"address\":\"x@\"}]}",
		 422, "invalid_email", "emails[0].address");
	call_err(&c, "PATCH", person_path(pid), "{\"phones\":[{\"type\":\"mobile\",\"number\":\"020 1234567\"}]}", 422,
		 "not_mobile", "phones[0].number");
	call_err(&c, "PATCH", person_path(pid), "{\"last_name\":\"\"}", 422, "missing_field", "last_name");
	call_err(&c, "PATCH", person_path(pid), "{\"birth_date\":\"2023-02-30\"}", 422, "invalid_date", "birth_date");
	call_err(&c, "PATCH", person_path(pid), "{\"role\":\"boss\"}", 422, "invalid_role", "role");
	p = get_person(&c, pid);
	assert_string_equal(jstr(p, "first_name"), "Johannes");
	assert_string_equal(jstr(p, "last_name"), "Vries");
	assert_string_equal(jstr(json_array_get(json_object_get(p, "emails"), 0), "address"), "nieuw@werk.nl");
	assert_string_equal(jstr(json_array_get(json_object_get(p, "phones"), 0), "number"), "+31687654321");
	json_decref(p);
	call_err(&c, "PATCH", person_path(999999), "{\"first_name\":\"X\"}", 404, "not_found", NULL);
	httpc_free(&c);
}

static void test_person_delete(void **state)
{
	struct httpc c, admin;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	json_t *p = call(&c, "POST", persons_of(d), full_person("applicant1"), 201);
	int64_t pid = jint(p, "id");
	json_decref(p);
	struct http_resp r;
	assert_int_equal(httpc_json(&c, "DELETE", person_path(pid), NULL, &r), 0);
	assert_int_equal(r.status, 204);
	assert_int_equal(r.body.len, 0);
	http_resp_free(&r);
	call_err(&c, "GET", person_path(pid), NULL, 404, "not_found", NULL);
	call_err(&c, "DELETE", person_path(pid), NULL, 404, "not_found", NULL);
	call_err(&c, "PATCH", person_path(pid), "{\"first_name\":\"X\"}", 404, "not_found", NULL);
	json_t *dos = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(dos, "persons")), 0);
	json_decref(dos);
	/* the role is free again */
	json_decref(call(&c, "POST", persons_of(d), full_person("applicant1"), 201));
	/* create, change and delete are in the audit log */
	login_admin(&admin);
	json_t *a = call(&admin, "GET", pathf("/api/v1/dossiers/%lld/audit", (long long)d), NULL, 200);
	int created = 0, deleted = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(a, "items"), i, v) {
		created += strcmp(jstr(v, "action"), "person.create") == 0;
		deleted += strcmp(jstr(v, "action"), "person.delete") == 0 && jint(v, "object_id") == pid &&
			   jint(v, "actor_id") == team.adv_id;
	}
	assert_int_equal(created, 2);
	assert_int_equal(deleted, 1);
	json_decref(a);
	httpc_free(&admin);
	httpc_free(&c);
}

static void test_search_index_follows_parties(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", "Indextest");
	expect_ids(&c, "9876ZX", NONE);
	int64_t pid = add_person(&c, d, "applicant1", "Mira", "Zoekmans", "1991-03-04", "mira@zoek.nl", "9876zx");
	expect_ids(&c, "9876ZX", IDS(d));
	expect_ids(&c, "9876 zx", IDS(d));
	expect_ids(&c, "zoekmans", IDS(d));
	expect_ids(&c, "04-03-1991", IDS(d));
	expect_ids(&c, "mira@zoek.nl", IDS(d));
	/* a changed address, e-mail, name and birth date */
	json_decref(call(&c, "PATCH", person_path(pid),
			 "{\"addresses\":[{\"type\":\"home\",\"street\":\"Laan\",\"house_number\":\"2\",\"postcode\":\"5555 AA\","
			 "\"city\":\"Zwolle\"}],\"emails\":[{\"type\":\"private\",\"address\":\"mira@elders.nl\"}],"
			 "\"last_name\":\"Vindmans\",\"birth_date\":\"1991-03-05\"}",
			 200));
	expect_ids(&c, "9876ZX", NONE);
	expect_ids(&c, "5555AA", IDS(d));
	expect_ids(&c, "mira@zoek.nl", NONE);
	expect_ids(&c, "mira@elders.nl", IDS(d));
	expect_ids(&c, "zoekmans", NONE);
	expect_ids(&c, "vindmans", IDS(d));
	expect_ids(&c, "04-03-1991", NONE);
	expect_ids(&c, "05-03-1991", IDS(d));
	/* the address removed */
	json_decref(call(&c, "PATCH", person_path(pid), "{\"addresses\":[]}", 200));
	expect_ids(&c, "5555AA", NONE);
	expect_ids(&c, "vindmans", IDS(d));
	/* an organisation's postcode counts too */
	json_t *o = call(&c, "POST", pathf("/api/v1/dossiers/%lld/organisations", (long long)d),
			 "{\"name\":\"Werkgever Zoekbaar BV\",\"role\":\"employer\",\"addresses\":[{\"type\":\"visiting\","
			 "\"street\":\"Plein\",\"house_number\":\"3\",\"postcode\":\"4444BB\",\"city\":\"Breda\"}]}",
			 201);
	int64_t oid = jint(o, "id");
	json_decref(o);
	expect_ids(&c, "4444 BB", IDS(d));
	expect_ids(&c, "zoekbaar", IDS(d));
	json_decref(call(&c, "PATCH", pathf("/api/v1/organisations/%lld", (long long)oid), "{\"addresses\":[]}", 200));
	expect_ids(&c, "4444 BB", NONE);
	call_empty(&c, "DELETE", pathf("/api/v1/organisations/%lld", (long long)oid), NULL, 204);
	expect_ids(&c, "zoekbaar", NONE);
	/* the person deleted */
	call_empty(&c, "DELETE", person_path(pid), NULL, 204);
	expect_ids(&c, "vindmans", NONE);
	expect_ids(&c, "indextest", IDS(d));
	httpc_free(&c);
}

/* --- organisations -------------------------------------------------------- */

/* D3: a service keeps at least one rights holder: its only holder cannot be
 * deleted until another one is added. */
static void test_sole_rights_holder_kept(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	int64_t p1 = add_person(&c, d, "applicant1", "Eva", "Enig", NULL, NULL, NULL);
	json_t *prod = call(&c, "POST", pathf("/api/v1/dossiers/%lld/products", (long long)d), "{\"type\":\"service\"}", 201);
	int64_t prod_id = jint(prod, "id");
	json_decref(prod);
	call_err(&c, "DELETE", pathf("/api/v1/persons/%lld", (long long)p1), NULL, 409, "sole_rights_holder", NULL);
	int64_t p2 = add_person(&c, d, "applicant2", "Tom", "Twee", NULL, NULL, NULL);
	json_t *in = json_pack("{s:[{s:I}]}", "holders", "person_id", (json_int_t)p2);
	json_decref(call(&c, "PATCH", pathf("/api/v1/products/%lld", (long long)prod_id), J(in), 200));
	call_empty(&c, "DELETE", pathf("/api/v1/persons/%lld", (long long)p1), NULL, 204);
	httpc_free(&c);
}

static void test_organisations(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "business", NULL);
	const char *url = pathf("/api/v1/dossiers/%lld/organisations", (long long)d);
	json_t *o = call(&c, "POST", url,
			 "{\"name\":\"Bakkerij Korenbloem BV\",\"role\":\"client\",\"kvk\":\"12345678\","
			 "\"emails\":[{\"type\":\"general\",\"address\":\"info@korenbloem.nl\"}],"
			 "\"phones\":[{\"type\":\"general\",\"number\":\"030-1234567\"}],"
			 "\"addresses\":[{\"type\":\"visiting\",\"street\":\"Molenweg\",\"house_number\":\"4\","
			 "\"postcode\":\"3511ab\",\"city\":\"Utrecht\"}]}",
			 201);
	int64_t oid = jint(o, "id");
	assert_true(oid > 0);
	assert_string_equal(jstr(o, "name"), "Bakkerij Korenbloem BV");
	assert_string_equal(jstr(o, "role"), "client");
	assert_string_equal(jstr(o, "kvk"), "12345678");
	assert_string_equal(jstr(json_array_get(json_object_get(o, "phones"), 0), "number"), "+31301234567");
	assert_string_equal(jstr(json_array_get(json_object_get(o, "addresses"), 0), "postcode"), "3511 AB");
	json_decref(o);
	/* a business dossier without a name takes its client's */
	json_t *dos = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	assert_string_equal(jstr(dos, "name"), "Bakkerij Korenbloem BV");
	assert_int_equal(json_array_size(json_object_get(dos, "organisations")), 1);
	json_decref(dos);
	/* errors */
	call_err(&c, "POST", url, "{\"name\":\"X BV\",\"role\":\"client\",\"kvk\":\"1234567\"}", 422, "invalid_kvk", "kvk");
	call_err(&c, "POST", url, "{\"name\":\"X BV\",\"role\":\"client\",\"kvk\":\"1234567a\"}", 422, "invalid_kvk",
		 "kvk");
	call_err(&c, "POST", url, "{\"name\":\"X BV\",\"role\":\"client\",\"kvk\":\"123456789\"}", 422, NULL, "kvk");
	call_err(&c, "POST", url, "{\"name\":\"X BV\",\"role\":\"klant\"}", 422, "invalid_role", "role");
	call_err(&c, "POST", url, "{\"name\":\"X BV\"}", 422, "missing_field", "role");
	call_err(&c, "POST", url, "{\"role\":\"client\"}", 422, "missing_field", "name");
	call_err(&c, "POST", url, "{\"name\":\"\",\"role\":\"client\"}", 422, "missing_field", "name");
	call_err(&c, "POST", url,
		 "{\"name\":\"X BV\",\"role\":\"client\",\"emails\":[{\"type\":\"general\",\"address\":\"info@\"}]}", 422,
		 "invalid_email", "emails[0].address");
	call_err(&c, "POST", url,
		 "{\"name\":\"X BV\",\"role\":\"client\",\"phones\":[{\"type\":\"general\",\"number\":\"030-123456\"}]}", 422,
		 "invalid_phone", "phones[0].number");
	call_err(&c, "POST", pathf("/api/v1/dossiers/%d/organisations", 999999), "{\"name\":\"X BV\",\"role\":\"client\"}",
		 404, "not_found", NULL);
	/* other roles; without a KvK number */
	o = call(&c, "POST", url, "{\"name\":\"Werkgever BV\",\"role\":\"employer\"}", 201);
	assert_string_equal(jstr(o, "kvk"), "");
	json_decref(o);
	json_decref(call(&c, "POST", url, "{\"name\":\"Notaris\",\"role\":\"other\"}", 201));
	/* change and delete */
	const char *opath = pathf("/api/v1/organisations/%lld", (long long)oid);
	o = call(&c, "PATCH", opath, "{\"name\":\"Bakkerij Korenbloem Holding BV\"}", 200);
	assert_string_equal(jstr(o, "name"), "Bakkerij Korenbloem Holding BV");
	assert_string_equal(jstr(o, "kvk"), "12345678"); /* kept */
	assert_int_equal(json_array_size(json_object_get(o, "emails")), 1);
	json_decref(o);
	call_err(&c, "PATCH", opath, "{\"kvk\":\"123\"}", 422, "invalid_kvk", "kvk");
	call_err(&c, "PATCH", "/api/v1/organisations/999999", "{\"name\":\"X\"}", 404, "not_found", NULL);
	struct http_resp r;
	assert_int_equal(httpc_json(&c, "DELETE", opath, NULL, &r), 0);
	assert_int_equal(r.status, 204);
	http_resp_free(&r);
	call_err(&c, "DELETE", opath, NULL, 404, "not_found", NULL);
	dos = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(dos, "organisations")), 2);
	json_decref(dos);
	httpc_free(&c);
}

/* --- products ------------------------------------------------------------- */

static const char *products_of(int64_t dossier)
{
	return pathf("/api/v1/dossiers/%lld/products", (long long)dossier);
}

static int has_holder(const json_t *p, const char *key, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(p, "holders"), i, v)
		if (json_integer_value(json_object_get(v, key)) == id)
			return 1;
	return 0;
}

static void test_product_types(void **state)
{
	static const struct {
		const char *type, *label;
	} types[] = {
		{"service", "Dienst"},
		{"mortgage", "Hypotheek"},
		{"life_insurance", "Levensverzekering"},
		{"non_life_insurance", "Schadeverzekering"},
		{"contract", "Contract"},
		{"consumer_credit", "Consumptief krediet"},
		{"savings_banking", "Vermogen & bankieren"},
	};
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	add_person(&c, d, "applicant1", "Jan", "Jansen", NULL, NULL, NULL);
	int64_t ids[7];
	for (int i = 0; i < 7; i++) {
		json_t *in = json_pack("{s:s, s:b}", "type", types[i].type, "public", i % 2 == 0);
		json_t *p = call(&c, "POST", products_of(d), J(in), 201);
		ids[i] = jint(p, "id");
		assert_string_equal(jstr(p, "type"), types[i].type);
		assert_string_equal(jstr(p, "type_label"), types[i].label);
		assert_true(json_is_boolean(json_object_get(p, "public")));
		assert_int_equal(json_is_true(json_object_get(p, "public")), i % 2 == 0);
		assert_string_equal(jstr(p, "status"), "open");
		assert_int_equal(jint(p, "dossier_id"), d);
		json_decref(p);
	}
	/* all listed on the dossier, with labels */
	json_t *dos = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	json_t *products = json_object_get(dos, "products");
	assert_int_equal(json_array_size(products), 7);
	for (int i = 0; i < 7; i++) {
		size_t k;
		json_t *v;
		int found = 0;
		json_array_foreach(products, k, v)
			if (jint(v, "id") == ids[i]) {
				found = 1;
				assert_string_equal(jstr(v, "type_label"), types[i].label);
			}
		assert_true(found);
	}
	json_decref(dos);
	/* public defaults to false */
	json_t *p = call(&c, "POST", products_of(d), "{\"type\":\"contract\"}", 201);
	assert_true(json_is_false(json_object_get(p, "public")));
	json_decref(p);
	/* errors */
	call_err(&c, "POST", products_of(d), "{\"type\":\"pension\"}", 422, "invalid_type", "type");
	call_err(&c, "POST", products_of(d), "{\"public\":true}", 422, "missing_field", "type");
	call_err(&c, "POST", products_of(d), "{\"type\":\"mortgage\",\"public\":\"ja\"}", 422, "invalid_field", "public");
	call_err(&c, "POST", products_of(d), "{\"type\":\"mortgage\",\"status\":\"lopend\"}", 422, "invalid_status",
		 "status");
	call_err(&c, "POST", products_of(999999), "{\"type\":\"mortgage\"}", 404, "not_found", NULL);
	call_err(&c, "GET", "/api/v1/products/999999", NULL, 404, "not_found", NULL);
	httpc_free(&c);
}

static void test_product_holders(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	/* a service needs a rights holder; an empty dossier has none */
	int64_t empty = new_dossier(&c, "private", NULL);
	call_err(&c, "POST", products_of(empty), "{\"type\":\"service\",\"public\":true}", 422, "no_rights_holder",
		 "holders");
	/* other products do not */
	json_t *p = call(&c, "POST", products_of(empty), "{\"type\":\"mortgage\"}", 201);
	assert_int_equal(json_array_size(json_object_get(p, "holders")), 0);
	json_decref(p);
	/* an "other party" alone is no default holder */
	int64_t other_only = new_dossier(&c, "private", NULL);
	add_person(&c, other_only, "other", "Kees", "Kind", NULL, NULL, NULL);
	call_err(&c, "POST", products_of(other_only), "{\"type\":\"service\"}", 422, "no_rights_holder", "holders");

	/* default holders: the applicants */
	int64_t d = new_dossier(&c, "private", NULL);
	int64_t a1 = add_person(&c, d, "applicant1", "Jan", "Jansen", NULL, NULL, NULL);
	int64_t a2 = add_person(&c, d, "applicant2", "Jet", "Jansen", NULL, NULL, NULL);
	int64_t o = add_person(&c, d, "other", "Kees", "Jansen", NULL, NULL, NULL);
	p = call(&c, "POST", products_of(d), "{\"type\":\"service\",\"public\":true}", 201);
	int64_t service = jint(p, "id");
	assert_int_equal(json_array_size(json_object_get(p, "holders")), 2);
	assert_true(has_holder(p, "person_id", a1));
	assert_true(has_holder(p, "person_id", a2));
	assert_false(has_holder(p, "person_id", o));
	json_decref(p);
	/* explicit holders */
	p = call(&c, "POST", products_of(d), J(json_pack("{s:s, s:[{s:I}]}", "type", "service", "holders", "person_id",
							   (json_int_t)o)),
		 201);
	assert_int_equal(json_array_size(json_object_get(p, "holders")), 1);
	assert_true(has_holder(p, "person_id", o));
	json_decref(p);
	/* holders of another dossier, unknown ones, malformed ones */
	int64_t elsewhere = add_person(&c, other_only, "applicant1", "Vreemd", "Ander", NULL, NULL, NULL);
	call_err(&c, "POST", products_of(d), J(json_pack("{s:s, s:[{s:I}]}", "type", "service", "holders", "person_id",
							  (json_int_t)elsewhere)),
		 422, "invalid_holder", "holders[0]");
	call_err(&c, "POST", products_of(d), J(json_pack("{s:s, s:[{s:I}, {s:I}]}", "type", "mortgage", "holders",
							  "person_id", (json_int_t)a1, "person_id", (json_int_t)999999)),
		 422, "invalid_holder", "holders[1]");
	call_err(&c, "POST", products_of(d), J(json_pack("{s:s, s:[{s:I, s:I}]}", "type", "service", "holders",
							  "person_id", (json_int_t)a1, "organisation_id", (json_int_t)1)),
		 422, "invalid_holder", "holders[0]");
	call_err(&c, "POST", products_of(d), "{\"type\":\"service\",\"holders\":[{}]}", 422, "invalid_holder",
		 "holders[0]");
	call_err(&c, "POST", products_of(d), "{\"type\":\"service\",\"holders\":[]}", 422, "no_rights_holder", "holders");
	call_err(&c, "POST", products_of(d), "{\"type\":\"service\",\"holders\":5}", 422, "invalid_field", "holders");
	/* changing holders: never none for a service, never from elsewhere */
	const char *sp = pathf("/api/v1/products/%lld", (long long)service);
	call_err(&c, "PATCH", sp, "{\"holders\":[]}", 422, "no_rights_holder", "holders");
	call_err(&c, "PATCH", sp, J(json_pack("{s:[{s:I}]}", "holders", "person_id", (json_int_t)elsewhere)), 422,
		 "invalid_holder", "holders[0]");
	p = call(&c, "PATCH", sp, J(json_pack("{s:[{s:I}]}", "holders", "person_id", (json_int_t)a2)), 200);
	assert_int_equal(json_array_size(json_object_get(p, "holders")), 1);
	assert_true(has_holder(p, "person_id", a2));
	json_decref(p);
	/* a business dossier: the client organisation is the default holder */
	int64_t b = new_dossier(&c, "business", NULL);
	json_t *org = call(&c, "POST", pathf("/api/v1/dossiers/%lld/organisations", (long long)b),
			   "{\"name\":\"Klant BV\",\"role\":\"client\"}", 201);
	int64_t oid = jint(org, "id");
	json_decref(org);
	p = call(&c, "POST", products_of(b), "{\"type\":\"service\"}", 201);
	assert_int_equal(json_array_size(json_object_get(p, "holders")), 1);
	assert_true(has_holder(p, "organisation_id", oid));
	json_decref(p);
	httpc_free(&c);
}

static void test_product_patch_and_card(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	add_person(&c, d, "applicant1", "Jan", "Jansen", NULL, NULL, NULL);
	json_t *p = call(&c, "POST", products_of(d),
			 "{\"type\":\"service\",\"name\":\"Hypotheekadvies\",\"public\":true,\"card\":{\"advice_kind\":"
			 "\"Aankoop\",\"start_date\":\"2024-01-15\",\"fee\":\"2500,00\"}}",
			 201);
	int64_t id = jint(p, "id");
	assert_string_equal(jstr(p, "name"), "Hypotheekadvies");
	json_t *card = json_object_get(p, "card");
	assert_string_equal(jstr(card, "advice_kind"), "Aankoop");
	assert_string_equal(jstr(card, "start_date"), "2024-01-15");
	assert_string_equal(jstr(card, "fee"), "2500,00");
	json_decref(p);
	const char *path = pathf("/api/v1/products/%lld", (long long)id);
	/* public, status, name */
	p = call(&c, "PATCH", path, "{\"public\":false}", 200);
	assert_true(json_is_false(json_object_get(p, "public")));
	assert_string_equal(jstr(p, "name"), "Hypotheekadvies");
	assert_string_equal(jstr(p, "status"), "open");
	json_decref(p);
	p = call(&c, "PATCH", path, "{\"status\":\"in_progress\",\"name\":\"Oversluiten\"}", 200);
	assert_string_equal(jstr(p, "status"), "in_progress");
	assert_string_equal(jstr(p, "status_label"), "In behandeling");
	assert_string_equal(jstr(p, "name"), "Oversluiten");
	assert_true(json_is_false(json_object_get(p, "public")));
	assert_string_equal(jstr(json_object_get(p, "card"), "fee"), "2500,00"); /* card kept */
	json_decref(p);
	p = call(&c, "PATCH", path, "{\"public\":true}", 200);
	assert_true(json_is_true(json_object_get(p, "public")));
	json_decref(p);
	p = call(&c, "GET", path, NULL, 200);
	assert_true(json_is_true(json_object_get(p, "public")));
	assert_string_equal(jstr(p, "status"), "in_progress");
	assert_string_equal(jstr(p, "name"), "Oversluiten");
	json_decref(p);
	call_err(&c, "PATCH", path, "{\"status\":\"klaar\"}", 422, "invalid_status", "status");
	call_err(&c, "PATCH", path, "{\"status\":5}", 422, "invalid_status", "status");
	call_err(&c, "PATCH", path, "{\"public\":\"nee\"}", 422, "invalid_field", "public");
	call_err(&c, "PATCH", path, "{\"name\":7}", 422, "invalid_field", "name");
	call_err(&c, "PATCH", "/api/v1/products/999999", "{\"public\":true}", 404, "not_found", NULL);
	/* card fields are checked against the product type */
	call_err(&c, "PATCH", path, "{\"card\":{\"lender\":\"Bank\"}}", 422, "unknown_field", "card.lender");
	call_err(&c, "PATCH", path, "{\"card\":{\"start_date\":\"2023-02-30\"}}", 422, "invalid_date", "card.start_date");
	call_err(&c, "PATCH", path, "{\"card\":{\"start_date\":\"15-01-2024\"}}", 422, "invalid_date", "card.start_date");
	call_err(&c, "PATCH", path, "{\"card\":{\"fee\":\"veel\"}}", 422, "invalid_amount", "card.fee");
	call_err(&c, "PATCH", path, "{\"card\":{\"fee\":\"1.000,00\"}}", 422, "invalid_amount", "card.fee");
	call_err(&c, "PATCH", path, "{\"card\":[1]}", 422, "invalid_field", "card");
	call_err(&c, "POST", products_of(d), "{\"type\":\"mortgage\",\"card\":{\"fee\":\"100\"}}", 422, "unknown_field",
		 "card.fee");
	call_err(&c, "POST", products_of(d), "{\"type\":\"mortgage\",\"card\":{\"start_date\":\"2023-13-01\"}}", 422,
		 "invalid_date", "card.start_date");
	/* nothing of that was stored */
	p = call(&c, "GET", path, NULL, 200);
	assert_string_equal(jstr(json_object_get(p, "card"), "start_date"), "2024-01-15");
	assert_string_equal(jstr(json_object_get(p, "card"), "fee"), "2500,00");
	assert_string_equal(jstr(p, "status"), "in_progress");
	json_decref(p);
	/* a mortgage card; numbers are accepted as amounts */
	p = call(&c, "POST", products_of(d),
		 "{\"type\":\"mortgage\",\"card\":{\"lender\":\"Hypotheekbank\",\"amount\":350000,\"interest_rate\":\"3,85\"}}",
		 201);
	assert_string_equal(jstr(json_object_get(p, "card"), "amount"), "350000");
	assert_string_equal(jstr(json_object_get(p, "card"), "interest_rate"), "3,85");
	json_decref(p);
	httpc_free(&c);
}

static void test_backoffice_works_on_parties(void **state)
{
	struct httpc bo, anon;
	login(&bo, "binnendienst@kantoor.nl");
	int64_t d = new_dossier(&bo, "private", NULL);
	int64_t pid = add_person(&bo, d, "applicant1", "Els", "Bakker", NULL, NULL, NULL);
	json_decref(call(&bo, "PATCH", person_path(pid), "{\"first_name\":\"Elisabeth\"}", 200));
	json_decref(call(&bo, "POST", products_of(d), "{\"type\":\"service\"}", 201));
	json_decref(call(&bo, "POST", pathf("/api/v1/dossiers/%lld/organisations", (long long)d),
			 "{\"name\":\"Werkgever BV\",\"role\":\"employer\"}", 201));
	httpc_init(&anon, T.base);
	call_err(&anon, "POST", persons_of(d), "{\"role\":\"other\",\"last_name\":\"X\"}", 401, "unauthenticated", NULL);
	call_err(&anon, "GET", person_path(pid), NULL, 401, "unauthenticated", NULL);
	call_err(&anon, "PATCH", person_path(pid), "{\"first_name\":\"X\"}", 401, "unauthenticated", NULL);
	call_err(&anon, "DELETE", person_path(pid), NULL, 401, "unauthenticated", NULL);
	call_err(&anon, "POST", products_of(d), "{\"type\":\"mortgage\"}", 401, "unauthenticated", NULL);
	httpc_free(&anon);
	httpc_free(&bo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_person_create, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_sole_rights_holder_kept, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_person_errors, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_birth_date_today_and_future, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_applicant_roles, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_person_patch, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_person_delete, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_search_index_follows_parties, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_organisations, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_product_types, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_product_holders, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_product_patch_and_card, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_backoffice_works_on_parties, st_team_setup, st_teardown),
	};
	return cmocka_run_group_tests_name("http_party_api", tests, NULL, NULL);
}
