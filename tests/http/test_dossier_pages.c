/* HTTP tests of the dossier pages: search (full page and htmx fragment),
 * new dossier, dossier page, person/product forms with inline errors, dossier
 * edit, BSN reveal (D1–D3 pages of issue 3). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "staffc.h"

static int setup(void **state)
{
	st_serve(NULL);
	tapp_staff(&T, "adv@kantoor.nl", "Anna Adviseur", "advisor", ST_PW, NULL);
	tapp_staff(&T, "bo@kantoor.nl", "Bert Binnendienst", "backoffice", ST_PW, NULL);
	return 0;
}

/* form_dossier: a new dossier through the form; returns its id */
static long long form_dossier(struct httpc *c)
{
	struct http_resp r;
	char loc[128];
	long long id = 0;
	assert_int_equal(pg_post(c, "/app/dossiers", "kind=private", &r), 303);
	assert_non_null(http_header(&r, "Location", loc, sizeof loc));
	assert_int_equal(sscanf(loc, "/app/dossiers/%lld", &id), 1);
	http_resp_free(&r);
	return id;
}

static void test_search_page_and_fragment(void **state)
{
	struct httpc c;
	struct http_resp r;
	char path[128];
	login(&c, "adv@kantoor.nl");
	assert_int_equal(pg_get(&c, "/app/dossiers", &r), 200);
	assert_non_null(strstr(buf_str(&r.body), "type=\"search\""));
	assert_non_null(strstr(buf_str(&r.body), "hx-get=\"/app/dossiers/zoek\""));
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/app/dossiers/zoek?q=zzzqqq", &r), 200);
	assert_null(strstr(buf_str(&r.body), "<html"));
	assert_non_null(strstr(buf_str(&r.body), "Geen dossiers gevonden"));
	http_resp_free(&r);
	long long id = form_dossier(&c);
	snprintf(path, sizeof path, "/app/dossiers/%lld/personen", id);
	assert_int_equal(pg_post(&c, path, "role=applicant1&first_name=Lotte&last_name=Bakker&postcode_0=3811ab&street_0=Hof&city_0=Amersfoort", &r), 303);
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/app/dossiers/zoek?q=3811+AB", &r), 200);
	assert_non_null(strstr(buf_str(&r.body), "Lotte Bakker"));
	assert_non_null(strstr(buf_str(&r.body), "3811 AB"));
	http_resp_free(&r);
	/* without JavaScript: the full page with the query */
	assert_int_equal(pg_get(&c, "/app/dossiers?q=bakker", &r), 200);
	assert_non_null(strstr(buf_str(&r.body), "<html"));
	assert_non_null(strstr(buf_str(&r.body), "Lotte Bakker"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_dossier_page_tabs(void **state)
{
	struct httpc c;
	struct http_resp r;
	char path[128];
	login(&c, "adv@kantoor.nl");
	long long id = form_dossier(&c);
	snprintf(path, sizeof path, "/app/dossiers/%lld", id);
	assert_int_equal(pg_get(&c, path, &r), 200);
	const char *h = buf_str(&r.body);
	assert_non_null(strstr(h, "Partijen &amp; Objecten"));
	assert_non_null(strstr(h, "Producten"));
	assert_non_null(strstr(h, "Documenten"));
	assert_non_null(strstr(h, "Kluis"));
	assert_non_null(strstr(h, "Brondata"));
	assert_non_null(strstr(h, "Persoon toevoegen"));
	assert_non_null(strstr(h, "Prospect"));
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/app/dossiers/999999", &r), 404);
	http_resp_free(&r);
	/* edit: name and advisor */
	assert_int_equal(pg_post(&c, path, "name=Familie+Bakker", &r), 303);
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, path, &r), 200);
	assert_non_null(strstr(buf_str(&r.body), "Familie Bakker"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_person_form_errors(void **state)
{
	struct httpc c;
	struct http_resp r;
	char path[128];
	login(&c, "adv@kantoor.nl");
	long long id = form_dossier(&c);
	snprintf(path, sizeof path, "/app/dossiers/%lld/personen", id);
	/* a phone a digit short in the second slot: error on that slot, input kept */
	assert_int_equal(pg_post(&c, path, "role=applicant1&last_name=Test&phone_type_1=home&phone_1=06+1234567", &r), 422);
	const char *h = buf_str(&r.body);
	assert_non_null(strstr(h, "id=\"e-phone_1\""));
	assert_non_null(strstr(h, "aria-invalid=\"true\""));
	assert_non_null(strstr(h, "value=\"06 1234567\""));
	http_resp_free(&r);
	/* a bad postcode */
	assert_int_equal(pg_post(&c, path, "role=applicant1&last_name=Test&street_0=Hof&postcode_0=0123AB&city_0=X", &r), 422);
	assert_non_null(strstr(buf_str(&r.body), "id=\"e-postcode_0\""));
	http_resp_free(&r);
	/* a second first applicant */
	assert_int_equal(pg_post(&c, path, "role=applicant1&last_name=Een", &r), 303);
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, path, "role=applicant1&last_name=Twee", &r), 409);
	assert_non_null(strstr(buf_str(&r.body), "al een eerste aanvrager"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_product_page_card(void **state)
{
	struct httpc c;
	struct http_resp r;
	char path[128], loc[128];
	login(&c, "adv@kantoor.nl");
	long long id = form_dossier(&c);
	snprintf(path, sizeof path, "/app/dossiers/%lld/personen", id);
	assert_int_equal(pg_post(&c, path, "role=applicant1&first_name=Piet&last_name=Pol", &r), 303);
	http_resp_free(&r);
	snprintf(path, sizeof path, "/app/dossiers/%lld/producten", id);
	assert_int_equal(pg_post(&c, path, "type=mortgage&status=open&card_lender=Voorbeeldbank&card_amount=250000&card_start_date=2026-13-01", &r), 422);
	assert_non_null(strstr(buf_str(&r.body), "id=\"e-card_start_date\""));
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, path, "type=mortgage&status=open&public=1&card_lender=Voorbeeldbank&card_amount=250000", &r), 303);
	assert_non_null(http_header(&r, "Location", loc, sizeof loc));
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, loc, &r), 200);
	const char *h = buf_str(&r.body);
	assert_non_null(strstr(h, "Hypotheek"));
	assert_non_null(strstr(h, "Voorbeeldbank"));
	assert_non_null(strstr(h, "250000"));
	assert_non_null(strstr(h, "Piet Pol")); /* default rights holder */
	assert_non_null(strstr(h, "Zichtbaar in de kluis"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_bsn_reveal_page(void **state)
{
	struct httpc c, bo;
	struct http_resp r;
	char path[128];
	long long pid = 0;
	login(&c, "adv@kantoor.nl");
	long long id = form_dossier(&c);
	snprintf(path, sizeof path, "/app/dossiers/%lld/personen", id);
	assert_int_equal(pg_post(&c, path, "role=applicant1&last_name=Geheim&bsn=111222333", &r), 303);
	http_resp_free(&r);
	snprintf(path, sizeof path, "/app/dossiers/%lld", id);
	assert_int_equal(pg_get(&c, path, &r), 200);
	assert_non_null(strstr(buf_str(&r.body), "*****2333"));
	assert_null(strstr(buf_str(&r.body), "111222333"));
	const char *p = strstr(buf_str(&r.body), "/app/personen/");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "/app/personen/%lld", &pid), 1);
	http_resp_free(&r);
	snprintf(path, sizeof path, "/app/personen/%lld", pid);
	assert_int_equal(pg_get(&c, path, &r), 200);
	assert_null(strstr(buf_str(&r.body), "111222333")); /* the edit form never pre-fills it */
	http_resp_free(&r);
	snprintf(path, sizeof path, "/app/personen/%lld/bsn", pid);
	assert_int_equal(pg_post(&c, path, "", &r), 200);
	assert_non_null(strstr(buf_str(&r.body), "111222333"));
	char cc[64];
	assert_non_null(http_header(&r, "Cache-Control", cc, sizeof cc));
	assert_string_equal(cc, "no-store");
	http_resp_free(&r);
	login(&bo, "bo@kantoor.nl");
	assert_int_equal(pg_post(&bo, path, "", &r), 403);
	assert_null(strstr(buf_str(&r.body), "111222333"));
	http_resp_free(&r);
	httpc_free(&bo);
	httpc_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_search_page_and_fragment, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_dossier_page_tabs, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_person_form_errors, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_product_page_card, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_bsn_reveal_page, setup, st_teardown),
	};
	return cmocka_run_group_tests_name("dossier_pages", tests, NULL, NULL);
}
