/* HTTP tests: BSN privacy (issue "dossier core", privacy). A BSN is shown
 * masked ("*****2333") in every response and page, never reaches the server
 * log or the database file in plain form, is checked with the 11-test, and
 * is only revealed by a separate, audited call that needs the right. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "staffc.h"
#include "util/log.h"

#define BSN "111222333"
#define MASK "*****2333"

/* Everything the server said during a test (every call() answer, the pages
 * fetched), to search for the BSN. */
static struct buf seen;
static int saved_stderr = -1;
static char logpath[300];

/* --- helpers -------------------------------------------------------------- */

static int setup(void **state)
{
	st_serve(NULL);
	st_add_team();
	buf_init(&seen, 64u << 20);
	api_record(&seen);
	return 0;
}

static void capture_end(void);

static int teardown(void **state)
{
	capture_end();
	if (logpath[0])
		unlink(logpath);
	logpath[0] = '\0';
	tapp_close(&T);
	api_record(NULL);
	buf_free(&seen);
	return 0;
}

/* --- capture and scanning -------------------------------------------------- */

/* capture_begin: from now on the server logs everything (debug level) and
 * stderr goes to a temp file. */
static void capture_begin(void)
{
	snprintf(logpath, sizeof logpath, "/tmp/kluis-bsn-log-XXXXXX");
	int fd = mkstemp(logpath);
	assert_true(fd >= 0);
	fflush(stderr);
	saved_stderr = dup(2);
	assert_true(saved_stderr >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	close(fd);
	log_set_quiet(0);
	log_set_level(LOG_DEBUG);
}

static void capture_end(void)
{
	if (saved_stderr < 0)
		return;
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	saved_stderr = -1;
	log_set_level(LOG_INFO);
	log_set_quiet(getenv("TEST_VERBOSE") == NULL);
}

/* slurp: a whole file (NULL if it does not exist). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	*len = 0;
	if (!f)
		return NULL;
	struct buf b;
	buf_init(&b, 1u << 30);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(buf_add(&b, chunk, n), 0);
	fclose(f);
	char *out = malloc(b.len + 1);
	assert_non_null(out);
	if (b.len)
		memcpy(out, b.data, b.len);
	out[b.len] = '\0';
	*len = b.len;
	buf_free(&b);
	return out;
}

static int contains(const char *hay, size_t len, const char *needle)
{
	return hay && memmem(hay, len, needle, strlen(needle)) != NULL;
}

/* assert_nowhere: the needle is in no response seen, not in the log and
 * not in the database files. */
static void assert_nowhere(const char *needle)
{
	if (contains(seen.data, seen.len, needle))
		fail_msg("%s appears in an API response or page", needle);
	size_t len;
	char *log = slurp(logpath, &len);
	assert_non_null(log);
	/* the capture worked: request lines were logged */
	assert_true(contains(log, len, "req id="));
	if (contains(log, len, needle))
		fail_msg("%s appears in the server log", needle);
	free(log);
	static const char *const files[] = {"kluis.db", "kluis.db-wal", "kluis.db-journal", NULL};
	int found_db = 0;
	for (int i = 0; files[i]; i++) {
		char path[600];
		snprintf(path, sizeof path, "%s/%s", T.dir, files[i]);
		char *data = slurp(path, &len);
		if (!data)
			continue;
		found_db += len > 0;
		if (contains(data, len, needle))
			fail_msg("%s appears in plain form in %s", needle, files[i]);
		free(data);
	}
	assert_true(found_db > 0);
}

static int count_audit(struct httpc *admin, int64_t dossier, const char *action, int64_t actor, int64_t object)
{
	json_t *a = call(admin, "GET", pathf("/api/v1/dossiers/%lld/audit", (long long)dossier), NULL, 200);
	size_t i;
	json_t *v;
	int n = 0;
	json_array_foreach(json_object_get(a, "items"), i, v)
		n += strcmp(jstr(v, "action"), action) == 0 && jint(v, "actor_id") == actor && jint(v, "object_id") == object;
	json_decref(a);
	return n;
}

static const char *persons_of(int64_t dossier)
{
	return pathf("/api/v1/dossiers/%lld/persons", (long long)dossier);
}

static const char *reveal_path(int64_t person)
{
	return pathf("/api/v1/persons/%lld/reveal-bsn", (long long)person);
}

/* --- tests ---------------------------------------------------------------- */

static void test_bsn_masked_everywhere(void **state)
{
	struct httpc c, admin;
	capture_begin();
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	json_t *p = call(&c, "POST", persons_of(d),
			 "{\"role\":\"applicant1\",\"first_name\":\"Bas\",\"last_name\":\"Burgerservice\",\"birth_date\":"
			 "\"1980-05-17\",\"bsn\":\"" BSN "\",\"emails\":[{\"type\":\"private\",\"address\":\"bas@example.nl\"}]}",
			 201);
	int64_t pid = jint(p, "id");
	assert_string_equal(jstr(p, "bsn"), MASK);
	json_decref(p);
	/* written with dots and spaces it is the same BSN */
	p = call(&c, "POST", persons_of(d),
		 "{\"role\":\"applicant2\",\"last_name\":\"Acht\",\"bsn\":\"1234.5672\"}", 201);
	assert_string_equal(jstr(p, "bsn"), "*****5672");
	json_decref(p);
	p = call(&c, "GET", pathf("/api/v1/persons/%lld", (long long)pid), NULL, 200);
	assert_string_equal(jstr(p, "bsn"), MASK);
	assert_null(json_object_get(p, "bsn_last4"));
	assert_null(json_object_get(p, "bsn_enc"));
	json_decref(p);
	p = call(&c, "PATCH", pathf("/api/v1/persons/%lld", (long long)pid), "{\"first_name\":\"Bastiaan\"}", 200);
	assert_string_equal(jstr(p, "bsn"), MASK);
	json_decref(p);
	json_t *dos = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	assert_string_equal(jstr(json_array_get(json_object_get(dos, "persons"), 0), "bsn"), MASK);
	json_decref(dos);
	json_decref(call(&c, "GET", "/api/v1/dossiers?q=burgerservice", NULL, 200));
	json_decref(call(&c, "GET", "/api/v1/dossiers?q=bas%40example.nl", NULL, 200));
	json_decref(call(&c, "GET", "/api/v1/dossiers?q=17-05-1980", NULL, 200));
	json_decref(call(&c, "GET", "/api/v1/dossiers", NULL, 200));
	/* a product with this person as rights holder */
	json_decref(call(&c, "POST", pathf("/api/v1/dossiers/%lld/products", (long long)d), "{\"type\":\"service\"}", 201));
	/* the staff pages that show the dossier or the person, where they exist
	 * (a page that is not there yet answers 404 and is skipped) */
	const char *pages[] = {
		pathf("/app/dossiers/%lld", (long long)d),
		pathf("/app/dossiers/%lld?tab=partijen", (long long)d),
		pathf("/app/dossiers/%lld?tab=producten", (long long)d),
		pathf("/app/personen/%lld", (long long)pid),
		"/app/dossiers?q=burgerservice",
		"/app/dossiers/zoek?q=burgerservice",
		"/app/",
		NULL,
	};
	int pages_seen = 0;
	for (int i = 0; pages[i]; i++) {
		struct http_resp r;
		assert_int_equal(httpc_req(&c, "GET", pages[i], NULL, NULL, 0, &r), 0);
		if (r.status == 200) {
			pages_seen++;
			buf_add(&seen, r.body.data, r.body.len);
		} else if (r.status != 404) {
			fail_msg("GET %s: %ld", pages[i], r.status);
		}
		http_resp_free(&r);
	}
	assert_true(pages_seen >= 1); /* at least the dashboard */
	login_admin(&admin);
	assert_int_equal(count_audit(&admin, d, "person.create", team.adv_id, pid), 1);
	capture_end();
	assert_true(contains(seen.data, seen.len, MASK));
	assert_nowhere(BSN);
	assert_nowhere("012345672");
	httpc_free(&admin);
	httpc_free(&c);
}

static void test_invalid_bsn(void **state)
{
	struct httpc c;
	login(&c, "adviseur@kantoor.nl");
	int64_t d = new_dossier(&c, "private", NULL);
	static const char *const bad[] = {
		"\"111222334\"", /* one digit changed: fails the 11-test */
		"\"211222333\"", "\"11122233\"", "\"1112223333\"", "\"000000000\"", "\"11122233a\"", "\"111-222-333\"",
		"111222333", /* a number, not a string */
		NULL,
	};
	for (int i = 0; bad[i]; i++) {
		char body[200];
		snprintf(body, sizeof body, "{\"role\":\"applicant1\",\"last_name\":\"Fout\",\"bsn\":%s}", bad[i]);
		json_t *j = call(&c, "POST", persons_of(d), body, 422);
		json_t *e = json_object_get(j, "error");
		assert_string_equal(jstr(e, "code"), "invalid_bsn");
		assert_string_equal(jstr(e, "field"), "bsn");
		/* the message does not repeat the number */
		assert_null(strstr(jstr(e, "message"), "11122233"));
		json_decref(j);
	}
	/* none of them made a person */
	json_t *dos = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(dos, "persons")), 0);
	json_decref(dos);
	/* a wrong BSN in a change leaves the old one */
	json_t *p = call(&c, "POST", persons_of(d), "{\"role\":\"applicant1\",\"last_name\":\"Goed\",\"bsn\":\"" BSN "\"}",
			 201);
	int64_t pid = jint(p, "id");
	json_decref(p);
	call_err(&c, "PATCH", pathf("/api/v1/persons/%lld", (long long)pid), "{\"bsn\":\"111222334\",\"last_name\":\"X\"}",
		 422, "invalid_bsn", "bsn");
	p = call(&c, "POST", reveal_path(pid), "{}", 200);
	assert_string_equal(jstr(p, "bsn"), BSN);
	json_decref(p);
	p = call(&c, "GET", pathf("/api/v1/persons/%lld", (long long)pid), NULL, 200);
	assert_string_equal(jstr(p, "last_name"), "Goed");
	json_decref(p);
	httpc_free(&c);
}

static void test_reveal(void **state)
{
	struct httpc adv, bo, admin, anon;
	capture_begin();
	login(&adv, "adviseur@kantoor.nl");
	login(&bo, "binnendienst@kantoor.nl");
	login_admin(&admin);
	int64_t d = new_dossier(&adv, "private", NULL);
	json_t *p = call(&adv, "POST", persons_of(d), "{\"role\":\"applicant1\",\"last_name\":\"Open\",\"bsn\":\"" BSN "\"}",
			 201);
	int64_t pid = jint(p, "id");
	json_decref(p);
	p = call(&adv, "POST", persons_of(d), "{\"role\":\"applicant2\",\"last_name\":\"Zonder\"}", 201);
	int64_t none = jint(p, "id");
	json_decref(p);
	assert_int_equal(count_audit(&admin, d, "bsn.reveal", team.adv_id, pid), 0);
	/* an advisor may reveal it: unmasked, not cached, audited */
	struct http_resp r;
	assert_int_equal(httpc_json(&adv, "POST", reveal_path(pid), "{}", &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "bsn")), BSN);
	char cc[128];
	assert_non_null(http_header(&r, "Cache-Control", cc, sizeof cc));
	assert_string_equal(cc, "no-store");
	http_resp_free(&r); /* not added to `seen`: this is the one place it may appear */
	assert_int_equal(count_audit(&admin, d, "bsn.reveal", team.adv_id, pid), 1);
	/* the back office may not: refused, and the attempt is audited */
	call_err(&bo, "POST", reveal_path(pid), "{}", 403, "forbidden", NULL);
	assert_int_equal(count_audit(&admin, d, "bsn.reveal_denied", team.bo_id, pid), 1);
	assert_int_equal(count_audit(&admin, d, "bsn.reveal", team.bo_id, pid), 0);
	/* no BSN, no person, no session */
	call_err(&adv, "POST", reveal_path(none), "{}", 404, "not_found", NULL);
	call_err(&adv, "POST", reveal_path(999999), "{}", 404, "not_found", NULL);
	assert_int_equal(count_audit(&admin, d, "bsn.reveal", team.adv_id, none), 0);
	httpc_init(&anon, T.base);
	call_err(&anon, "POST", reveal_path(pid), "{}", 401, "unauthenticated", NULL);
	httpc_free(&anon);
	/* another BSN replaces it; removing it makes reveal 404 */
	p = call(&adv, "PATCH", pathf("/api/v1/persons/%lld", (long long)pid), "{\"bsn\":\"123456782\"}", 200);
	assert_string_equal(jstr(p, "bsn"), "*****6782");
	json_decref(p);
	assert_int_equal(httpc_json(&adv, "POST", reveal_path(pid), "{}", &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "bsn")), "123456782");
	http_resp_free(&r);
	p = call(&adv, "PATCH", pathf("/api/v1/persons/%lld", (long long)pid), "{\"bsn\":null}", 200);
	assert_true(json_is_null(json_object_get(p, "bsn")));
	json_decref(p);
	call_err(&adv, "POST", reveal_path(pid), "{}", 404, "not_found", NULL);
	capture_end();
	/* even revealed, it never reached the log */
	assert_nowhere(BSN);
	assert_nowhere("123456782");
	httpc_free(&adv);
	httpc_free(&bo);
	httpc_free(&admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bsn_masked_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_bsn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reveal, setup, teardown),
	};
	return cmocka_run_group_tests_name("http_bsn_privacy", tests, NULL, NULL);
}
