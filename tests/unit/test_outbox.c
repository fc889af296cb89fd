/* Unit tests: the transactional outbox (DESIGN.md "Data flow of a write"):
 * events commit with their change, run at least once, retry with backoff,
 * give up after OUTBOX_MAX_ATTEMPTS, and transactional handlers apply their
 * effect exactly once. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "core/outbox.h"
#include "store/db.h"
#include "store/outbox_store.h"
#include "testutil.h"
#include "util/err.h"

static struct test_app T;

/* What the test handlers saw. */
static int calls_ok, calls_fail, calls_flaky;
static int64_t last_attempts;
static int64_t last_id;
static char last_key[64];
static int flaky_fail_until; /* the flaky handler fails while attempts <= this */

static int h_ok(struct app *app, struct db *db, const struct outbox_event *ev, char *err, size_t errlen)
{
	calls_ok++;
	last_attempts = ev->attempts;
	last_id = ev->id;
	snprintf(last_key, sizeof last_key, "%s", ev->key);
	const char *who = json_string_value(json_object_get(ev->payload, "who"));
	assert_non_null(who);
	assert_string_equal(who, "klant");
	return K_OK;
}

static int h_fail(struct app *app, struct db *db, const struct outbox_event *ev, char *err, size_t errlen)
{
	calls_fail++;
	last_attempts = ev->attempts;
	snprintf(err, errlen, "remote said no");
	return K_EIO;
}

/* Transactional: records its effect under a key, then fails on the early
 * attempts. The effect must be rolled back with the failure. */
static int h_flaky(struct app *app, struct db *db, const struct outbox_event *ev, char *err, size_t errlen)
{
	calls_flaky++;
	last_attempts = ev->attempts;
	char key[96];
	snprintf(key, sizeof key, "effect:%s", ev->key);
	int rc = store_outbox_effect(db, key, app_now(app));
	if (rc == K_ECONFLICT)
		fail_msg("effect of a failed attempt survived the rollback (attempt %lld)", (long long)ev->attempts);
	if (rc)
		return rc;
	if (ev->attempts <= flaky_fail_until) {
		snprintf(err, errlen, "failed after writing the effect");
		return K_EIO;
	}
	return K_OK;
}

static const struct outbox_handler handlers[] = {
	{"test.ok", h_ok, 0},
	{"test.fail", h_fail, 0},
	{"test.flaky", h_flaky, 1},
	{NULL, NULL, 0},
};

static int setup(void **state)
{
	tapp_open(&T, NULL);
	outbox_set_handlers(&T.app, handlers);
	calls_ok = calls_fail = calls_flaky = 0;
	last_attempts = last_id = 0;
	last_key[0] = '\0';
	flaky_fail_until = 0;
	return 0;
}

static int teardown(void **state)
{
	tapp_close(&T);
	return 0;
}

/* Emit one event in its own committed transaction; returns its id. */
static int64_t emit_committed(const char *kind)
{
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(db_begin(db), K_OK);
	assert_int_equal(outbox_emit(&T.app, db, kind, json_pack("{s:s}", "who", "klant")), K_OK);
	assert_int_equal(db_commit(db), K_OK);
	store_release(T.app.store, db);
	/* the newest event */
	int64_t pending = 0, done = 0, dead = 0;
	db = store_acquire(T.app.store);
	assert_int_equal(store_outbox_stats(db, &pending, &done, &dead), K_OK);
	store_release(T.app.store, db);
	return pending + done + dead; /* ids are 1.. in these tests */
}

struct ev_state {
	int64_t attempts, done_at, dead, available_at;
};

static struct ev_state get(int64_t id)
{
	struct ev_state s;
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(store_outbox_get(db, id, &s.attempts, &s.done_at, &s.dead, &s.available_at), K_OK);
	store_release(T.app.store, db);
	return s;
}

/* Move the app clock so that app_now == target (never backwards). */
static void advance_to(int64_t target)
{
	int64_t d = target - app_now(&T.app);
	if (d > 0)
		app_clock_advance(&T.app, d);
}

static void test_backoff_schedule(void **state)
{
	assert_int_equal(outbox_backoff(1), 5);
	assert_int_equal(outbox_backoff(2), 10);
	assert_int_equal(outbox_backoff(3), 20);
	assert_int_equal(outbox_backoff(10), 2560);
	assert_int_equal(outbox_backoff(11), 3600);
	assert_int_equal(outbox_backoff(OUTBOX_MAX_ATTEMPTS), 3600);
	assert_int_equal(outbox_backoff(1000000), 3600);
	for (int64_t a = 1; a < 40; a++)
		assert_true(outbox_backoff(a + 1) >= outbox_backoff(a));
}

static void test_rolled_back_event_never_runs(void **state)
{
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(db_begin(db), K_OK);
	assert_int_equal(outbox_emit(&T.app, db, "test.ok", json_pack("{s:s}", "who", "klant")), K_OK);
	db_rollback(db);
	store_release(T.app.store, db);
	assert_int_equal(outbox_run_once(&T.app), 0);
	app_clock_advance(&T.app, 24 * 3600);
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(calls_ok, 0);
	int64_t pending = -1, done = -1, dead = -1;
	db = store_acquire(T.app.store);
	assert_int_equal(store_outbox_stats(db, &pending, &done, &dead), K_OK);
	store_release(T.app.store, db);
	assert_int_equal(pending + done + dead, 0);
}

static void test_committed_event_runs_exactly_once(void **state)
{
	int64_t id = emit_committed("test.ok");
	assert_int_equal(outbox_run_once(&T.app), 1);
	assert_int_equal(calls_ok, 1);
	assert_int_equal(last_attempts, 1);
	assert_int_equal(last_id, id);
	char want[64];
	snprintf(want, sizeof want, "outbox:%lld", (long long)id);
	assert_string_equal(last_key, want);
	assert_int_equal(outbox_run_once(&T.app), 0);
	app_clock_advance(&T.app, 7 * 24 * 3600);
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(calls_ok, 1);
	struct ev_state s = get(id);
	assert_true(s.done_at > 0);
	assert_int_equal(s.dead, 0);
	assert_int_equal(s.attempts, 1);
}

static void test_failure_retried_after_backoff_then_dead(void **state)
{
	int64_t id = emit_committed("test.fail");
	int64_t t0 = app_now(&T.app);
	assert_int_equal(outbox_run_once(&T.app), 0); /* failed: not counted as handled */
	int64_t t1 = app_now(&T.app);
	assert_int_equal(calls_fail, 1);
	struct ev_state s = get(id);
	assert_int_equal(s.attempts, 1);
	assert_int_equal(s.dead, 0);
	assert_int_equal(s.done_at, 0);
	assert_in_range(s.available_at, t0 + outbox_backoff(1), t1 + outbox_backoff(1));
	/* right away: nothing */
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(calls_fail, 1);
	for (int64_t attempt = 2; attempt <= OUTBOX_MAX_ATTEMPTS; attempt++) {
		s = get(id);
		/* two seconds before it is due: still not retried */
		advance_to(s.available_at - 2);
		assert_int_equal(outbox_run_once(&T.app), 0);
		assert_int_equal(calls_fail, attempt - 1);
		/* when due: retried once, with the attempt counted */
		advance_to(s.available_at);
		t0 = app_now(&T.app);
		assert_int_equal(outbox_run_once(&T.app), 0);
		t1 = app_now(&T.app);
		assert_int_equal(calls_fail, attempt);
		assert_int_equal(last_attempts, attempt);
		s = get(id);
		assert_int_equal(s.attempts, attempt);
		if (attempt < OUTBOX_MAX_ATTEMPTS) {
			assert_int_equal(s.dead, 0);
			assert_in_range(s.available_at, t0 + outbox_backoff(attempt), t1 + outbox_backoff(attempt));
		}
	}
	/* gave up: dead, never tried again */
	s = get(id);
	assert_int_equal(s.dead, 1);
	assert_int_equal(s.done_at, 0);
	app_clock_advance(&T.app, 30 * 24 * 3600);
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(calls_fail, OUTBOX_MAX_ATTEMPTS);
	int64_t pending = -1, done = -1, dead = -1;
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(store_outbox_stats(db, &pending, &done, &dead), K_OK);
	store_release(T.app.store, db);
	assert_int_equal(pending, 0);
	assert_int_equal(done, 0);
	assert_int_equal(dead, 1);
}

static void test_transactional_effect_rolled_back_on_failure(void **state)
{
	flaky_fail_until = 2;
	int64_t id = emit_committed("test.flaky");
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(calls_flaky, 1);
	/* the effect of the failed attempt is gone: recording it now is new */
	char key[96];
	snprintf(key, sizeof key, "effect:outbox:%lld", (long long)id);
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(db_begin(db), K_OK);
	assert_int_equal(store_outbox_effect(db, key, app_now(&T.app)), K_OK);
	db_rollback(db);
	store_release(T.app.store, db);
	/* second attempt fails as well (h_flaky itself fails the test if the
	 * effect of attempt 1 survived) */
	advance_to(get(id).available_at);
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(calls_flaky, 2);
	/* third attempt succeeds and commits the effect with the done mark */
	advance_to(get(id).available_at);
	assert_int_equal(outbox_run_once(&T.app), 1);
	assert_int_equal(calls_flaky, 3);
	assert_true(get(id).done_at > 0);
	/* the effect exists exactly once */
	db = store_acquire(T.app.store);
	assert_int_equal(store_outbox_effect(db, key, app_now(&T.app)), K_ECONFLICT);
	store_release(T.app.store, db);
	app_clock_advance(&T.app, 24 * 3600);
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(calls_flaky, 3);
}

static void test_crash_midway_picked_up_after_lock(void **state)
{
	int64_t id = emit_committed("test.ok");
	/* a worker claims the event and dies before finishing */
	struct outbox_row row;
	struct db *db = store_acquire(T.app.store);
	int64_t claimed_at = app_now(&T.app);
	assert_int_equal(store_outbox_claim(db, claimed_at, OUTBOX_LOCK_SECONDS, &row), K_OK);
	store_release(T.app.store, db);
	assert_int_equal(row.id, id);
	assert_string_equal(row.kind, "test.ok");
	assert_int_equal(row.attempts, 1);
	free(row.payload);
	/* while the lock holds, nobody else runs it */
	assert_int_equal(outbox_run_once(&T.app), 0);
	advance_to(claimed_at + OUTBOX_LOCK_SECONDS - 2);
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(calls_ok, 0);
	/* once the lock has expired it is picked up again, as attempt 2 */
	advance_to(claimed_at + OUTBOX_LOCK_SECONDS);
	assert_int_equal(outbox_run_once(&T.app), 1);
	assert_int_equal(calls_ok, 1);
	assert_int_equal(last_attempts, 2);
	assert_true(get(id).done_at > 0);
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(calls_ok, 1);
}

static void test_effect_key_idempotent(void **state)
{
	struct db *db = store_acquire(T.app.store);
	int64_t now = app_now(&T.app);
	assert_int_equal(store_outbox_effect(db, "mail:outbox:42", now), K_OK);
	assert_int_equal(store_outbox_effect(db, "mail:outbox:42", now + 10), K_ECONFLICT);
	assert_int_equal(store_outbox_effect(db, "mail:outbox:42", now + 3600), K_ECONFLICT);
	assert_int_equal(store_outbox_effect(db, "mail:outbox:43", now), K_OK);
	store_release(T.app.store, db);
}

static void test_unknown_kind_and_bad_input(void **state)
{
	int64_t id = emit_committed("test.nobody");
	assert_int_equal(outbox_run_once(&T.app), 0);
	struct ev_state s = get(id);
	assert_int_equal(s.attempts, 1);
	assert_int_equal(s.done_at, 0);
	assert_int_equal(s.dead, 0); /* a handler may come with the next release */
	/* hard limits on what is queued */
	char kind[OUTBOX_KIND_MAX + 8];
	memset(kind, 'k', sizeof kind - 1);
	kind[sizeof kind - 1] = '\0';
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(db_begin(db), K_OK);
	assert_int_equal(outbox_emit(&T.app, db, kind, NULL), K_ETOOBIG);
	db_rollback(db);
	store_release(T.app.store, db);
}

/* Handlers run in order of due time; a failing event does not block others. */
static void test_failing_event_does_not_block(void **state)
{
	emit_committed("test.fail");
	emit_committed("test.ok");
	emit_committed("test.ok");
	assert_int_equal(outbox_run_once(&T.app), 2);
	assert_int_equal(calls_fail, 1);
	assert_int_equal(calls_ok, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff_schedule),
		cmocka_unit_test_setup_teardown(test_rolled_back_event_never_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_committed_event_runs_exactly_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_retried_after_backoff_then_dead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactional_effect_rolled_back_on_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash_midway_picked_up_after_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_effect_key_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_kind_and_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failing_event_does_not_block, setup, teardown),
	};
	return cmocka_run_group_tests_name("outbox", tests, NULL, NULL);
}
