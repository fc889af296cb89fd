/* Unit tests for the demo data (src/core/demo.c): `kluis demo` seeds a firm
 * with two offices, staff of each role and 50 valid Dutch dossiers through
 * core, the same every time, and a second run adds nothing. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "core/demo.h"
#include "core/dossier.h"
#include "core/general.h"
#include "core/office.h"
#include "testutil.h"
#include "util/err.h"

static struct test_app T;

static int setup(void **state)
{
	(void)state;
	tapp_open(&T, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tapp_close(&T);
	return 0;
}

/* demo_seed with its output captured into *text (caller frees). */
static int seed(struct app *app, char **text)
{
	size_t len = 0;
	FILE *f = open_memstream(text, &len);
	assert_non_null(f);
	int rc = demo_seed(app, f);
	fclose(f);
	return rc;
}

static json_t *all_dossiers(struct app *app)
{
	struct actor sys = actor_system();
	json_t *out = NULL;
	assert_int_equal(dossier_search(app, &sys, "", 1, DOSSIER_PAGE_MAX, &out), K_OK);
	return out;
}

static size_t list_size(int rc, json_t *list)
{
	assert_int_equal(rc, K_OK);
	size_t n = json_array_size(json_object_get(list, "items"));
	json_decref(list);
	return n;
}

static size_t office_count(struct app *app)
{
	struct actor sys = actor_system();
	json_t *l = NULL;
	int rc = office_list(app, &sys, &l);
	return list_size(rc, l);
}

static size_t staff_count(struct app *app)
{
	struct actor sys = actor_system();
	json_t *l = NULL;
	int rc = employee_list(app, &sys, &l);
	return list_size(rc, l);
}

static int64_t dossier_count(struct app *app)
{
	json_t *d = all_dossiers(app);
	int64_t n = json_integer_value(json_object_get(d, "total"));
	json_decref(d);
	return n;
}

static void assert_postcode(const char *pc)
{
	assert_non_null(pc);
	assert_int_equal(strlen(pc), 7);
	assert_true(pc[0] >= '1' && pc[0] <= '9');
	for (int i = 1; i < 4; i++)
		assert_true(pc[i] >= '0' && pc[i] <= '9');
	assert_int_equal(pc[4], ' ');
	assert_true(pc[5] >= 'A' && pc[5] <= 'Z' && pc[6] >= 'A' && pc[6] <= 'Z');
	assert_false(pc[5] == 'S' && (pc[6] == 'A' || pc[6] == 'D' || pc[6] == 'S'));
}

/* q finds dossier id among its results */
static void assert_finds(struct app *app, const char *q, int64_t id)
{
	struct actor sys = actor_system();
	json_t *out = NULL;
	assert_int_equal(dossier_search(app, &sys, q, 1, DOSSIER_PAGE_MAX, &out), K_OK);
	size_t i;
	json_t *v;
	int found = 0;
	json_array_foreach(json_object_get(out, "items"), i, v)
		found |= json_integer_value(json_object_get(v, "id")) == id;
	if (!found)
		fail_msg("search \"%s\" did not find dossier %lld", q, (long long)id);
	json_decref(out);
}

static void test_seed_creates_firm(void **state)
{
	(void)state;
	struct actor sys = actor_system();
	char *text = NULL;
	struct timespec t0, t1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	assert_int_equal(seed(&T.app, &text), K_OK);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	/* fast: CPU time, so a busy machine does not fail the test */
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (secs >= 2.0)
		fail_msg("seeding took %.2f s of CPU", secs);
	assert_non_null(strstr(text, "demo: 2 offices, 5 staff, 50 dossiers\n"));
	assert_non_null(strstr(text, "adviseur@demo-advies.nl"));
	free(text);

	/* the firm's general documents, public, under their categories (R9) */
	json_t *general = NULL;
	assert_int_equal(general_list(&T.app, &sys, &general), K_OK);
	assert_int_equal(json_array_size(json_object_get(general, "items")), 3);
	json_t *g0 = json_array_get(json_object_get(general, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(g0, "category")), "Dienstverlening");
	assert_true(json_is_true(json_object_get(g0, "public")));
	assert_true(json_integer_value(json_object_get(g0, "pages")) >= 1);
	json_decref(general);

	/* two offices, each with public and non-public contact details */
	json_t *offices = NULL;
	assert_int_equal(office_list(&T.app, &sys, &offices), K_OK);
	assert_int_equal(json_array_size(json_object_get(offices, "items")), 2);
	size_t i, j;
	json_t *o, *c;
	json_array_foreach(json_object_get(offices, "items"), i, o) {
		json_t *full = NULL;
		assert_int_equal(office_get(&T.app, &sys, json_integer_value(json_object_get(o, "id")), &full), K_OK);
		int pub = 0, priv = 0, addr = 0;
		json_array_foreach(json_object_get(full, "contacts"), j, c) {
			if (json_is_true(json_object_get(c, "public")))
				pub++;
			else
				priv++;
			if (strcmp(json_string_value(json_object_get(c, "kind")), "address") == 0) {
				addr++;
				assert_postcode(json_string_value(json_object_get(c, "postcode")));
			}
		}
		assert_true(pub >= 3);
		assert_true(priv >= 1);
		assert_true(addr >= 1);
		assert_true(json_array_size(json_object_get(full, "employees")) >= 2);
		json_decref(full);
	}
	json_decref(offices);

	/* staff of every role, all in an office; one advisor supported by a
	 * user, one by a workflow group */
	json_t *staff = NULL;
	assert_int_equal(employee_list(&T.app, &sys, &staff), K_OK);
	int admin = 0, advisor = 0, backoffice = 0, by_user = 0, by_group = 0, public_ = 0;
	json_array_foreach(json_object_get(staff, "items"), i, o) {
		const char *role = json_string_value(json_object_get(o, "role"));
		admin += strcmp(role, "admin") == 0;
		advisor += strcmp(role, "advisor") == 0;
		backoffice += strcmp(role, "backoffice") == 0;
		public_ += json_is_true(json_object_get(o, "public"));
		assert_true(json_integer_value(json_object_get(o, "office_id")) > 0);
		by_user += json_integer_value(json_object_get(o, "support_user_id")) > 0;
		by_group += json_integer_value(json_object_get(o, "support_group_id")) > 0;
	}
	json_decref(staff);
	assert_true(admin >= 1 && advisor >= 1 && backoffice >= 1);
	assert_int_equal(admin + advisor + backoffice, 5);
	assert_int_equal(by_user, 1);
	assert_int_equal(by_group, 1);
	assert_true(public_ >= 2 && public_ < 5);

	/* the logins file: one line per account, admins with a TOTP secret */
	struct demo_login logins[8];
	int n = demo_logins(&T.app, logins, 8);
	assert_int_equal(n, 5);
	for (int k = 0; k < n; k++)
		assert_int_equal(logins[k].totp_secret[0] != '\0', strcmp(logins[k].role, "admin") == 0);
}

static void test_dossiers_are_complete_and_findable(void **state)
{
	(void)state;
	struct actor sys = actor_system();
	char *text = NULL;
	assert_int_equal(seed(&T.app, &text), K_OK);
	free(text);

	json_t *list = all_dossiers(&T.app);
	assert_int_equal(json_integer_value(json_object_get(list, "total")), 50);
	json_t *items = json_object_get(list, "items");
	assert_int_equal(json_array_size(items), 50);
	int business = 0, second = 0, bsn = 0, services = 0, product_types = 0, mobiles = 0, searched = 0;
	unsigned seen_types = 0;
	size_t i, j, k;
	json_t *v, *p, *x;
	json_array_foreach(items, i, v) {
		int64_t id = json_integer_value(json_object_get(v, "id"));
		json_t *d = NULL;
		assert_int_equal(dossier_get(&T.app, &sys, id, &d), K_OK);
		business += strcmp(json_string_value(json_object_get(d, "kind")), "business") == 0;
		assert_true(json_integer_value(json_object_get(d, "advisor_id")) > 0);
		int first = 0, client_org = 0;
		const char *postcode = NULL, *birth = NULL;
		json_array_foreach(json_object_get(d, "persons"), j, p) {
			const char *role = json_string_value(json_object_get(p, "role"));
			first += strcmp(role, "applicant1") == 0;
			second += strcmp(role, "applicant2") == 0;
			const char *b = json_string_value(json_object_get(p, "bsn"));
			if (b) { /* masked, never the number itself */
				bsn++;
				assert_int_equal(strncmp(b, "*****", 5), 0);
			}
			json_array_foreach(json_object_get(p, "phones"), k, x) {
				const char *num = json_string_value(json_object_get(x, "number"));
				if (strcmp(json_string_value(json_object_get(x, "type")), "mobile") == 0) {
					mobiles++;
					assert_int_equal(strncmp(num, "+316", 4), 0);
					assert_int_equal(strlen(num), 12);
				}
			}
			json_array_foreach(json_object_get(p, "addresses"), k, x) {
				assert_postcode(json_string_value(json_object_get(x, "postcode")));
				postcode = json_string_value(json_object_get(x, "postcode"));
			}
			if (!birth)
				birth = json_string_value(json_object_get(p, "birth_date"));
		}
		json_array_foreach(json_object_get(d, "organisations"), j, p)
			client_org += strcmp(json_string_value(json_object_get(p, "role")), "client") == 0;
		assert_true(first == 1 || client_org == 1);
		json_array_foreach(json_object_get(d, "products"), j, p) {
			const char *type = json_string_value(json_object_get(p, "type"));
			services += strcmp(type, "service") == 0;
			static const char *const types[] = {"service",  "mortgage",        "life_insurance",
							    "non_life_insurance", "contract", "consumer_credit",
							    "savings_banking"};
			for (unsigned t = 0; t < 7; t++)
				if (strcmp(type, types[t]) == 0)
					seen_types |= 1u << t;
		}
		/* find it by its applicant's postcode, birth date (dd-mm-jjjj)
		 * and dossier number */
		if (postcode) {
			assert_finds(&T.app, postcode, id);
			char dmy[16];
			assert_non_null(birth);
			snprintf(dmy, sizeof dmy, "%.2s-%.2s-%.4s", birth + 8, birth + 5, birth);
			assert_finds(&T.app, dmy, id);
			assert_finds(&T.app, json_string_value(json_object_get(d, "number")), id);
			searched++;
		}
		json_decref(d);
	}
	json_decref(list);
	for (unsigned t = 0; t < 7; t++)
		product_types += (seen_types >> t) & 1u;
	assert_int_equal(business, 10);
	assert_true(second >= 15 && second <= 30); /* about half of the 40 private ones */
	assert_true(bsn >= 5);
	assert_true(services >= 40);
	assert_int_equal(product_types, 7);
	assert_true(mobiles >= 50);
	assert_true(searched >= 40);
}

static void test_second_seed_adds_nothing(void **state)
{
	(void)state;
	char *text = NULL;
	assert_int_equal(seed(&T.app, &text), K_OK);
	free(text);
	struct demo_login before[8];
	int nbefore = demo_logins(&T.app, before, 8);

	assert_int_equal(seed(&T.app, &text), K_OK);
	assert_non_null(strstr(text, "demo: 2 offices, 5 staff, 50 dossiers"));
	assert_non_null(strstr(text, "none added"));
	free(text);
	assert_int_equal(office_count(&T.app), 2);
	assert_int_equal(staff_count(&T.app), 5);
	assert_int_equal(dossier_count(&T.app), 50);
	struct demo_login after[8];
	assert_int_equal(demo_logins(&T.app, after, 8), nbefore);
	for (int i = 0; i < nbefore; i++)
		assert_string_equal(after[i].password, before[i].password);
}

/* the same seed gives the same dossiers */
static void test_deterministic(void **state)
{
	(void)state;
	struct test_app other;
	char *text = NULL;
	assert_int_equal(seed(&T.app, &text), K_OK);
	free(text);
	tapp_open(&other, NULL);
	assert_int_equal(seed(&other.app, &text), K_OK);
	free(text);
	json_t *a = all_dossiers(&T.app), *b = all_dossiers(&other.app);
	size_t i;
	json_t *v;
	assert_int_equal(json_array_size(json_object_get(b, "items")), 50);
	json_array_foreach(json_object_get(a, "items"), i, v) {
		size_t j;
		json_t *w, *match = NULL;
		json_array_foreach(json_object_get(b, "items"), j, w)
			if (strcmp(json_string_value(json_object_get(v, "number")),
				   json_string_value(json_object_get(w, "number"))) == 0)
				match = w;
		assert_non_null(match);
		assert_string_equal(json_string_value(json_object_get(v, "name")),
				    json_string_value(json_object_get(match, "name")));
	}
	json_decref(a);
	json_decref(b);
	tapp_close(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seed_creates_firm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dossiers_are_complete_and_findable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_seed_adds_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
