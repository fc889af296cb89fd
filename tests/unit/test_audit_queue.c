/* Audit lines of reads (audit_note): written in batches by the flusher, none
 * lost under concurrent load, complete once audit_flush returns, and what is
 * still queued is written when the app closes. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sqlite3.h>
#include <cmocka.h>
#include "core/audit.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "testutil.h"
#include "util/err.h"

static struct test_app T;

static int setup(void **state)
{
	tapp_open(&T, NULL);
	return 0;
}

static int teardown(void **state)
{
	tapp_close(&T);
	return 0;
}

static void count_row(void *ctx, const struct audit_row *a)
{
	if (strcmp(a->action, "dossier.view") == 0)
		(*(int *)ctx)++;
}

static int count_views(void)
{
	int n = 0;
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(store_audit_list(db, 0, "", 0, 100000, count_row, &n), K_OK);
	store_release(T.app.store, db);
	return n;
}

#define THREADS 4
#define PER_THREAD 2500 /* 10 000 in all: more than AUDIT_QUEUE_MAX */

static void *viewer(void *arg)
{
	struct actor a = {ACTOR_STAFF, (int64_t)(intptr_t)arg, ROLE_ADVISOR, "127.0.0.1", "req"};
	for (int i = 0; i < PER_THREAD; i++)
		if (audit_note(&T.app, &a, "dossier.view", i + 1, "dossier", i + 1, "") != K_OK)
			return (void *)1;
	return NULL;
}

static void test_none_lost(void **state)
{
	pthread_t th[THREADS];
	for (intptr_t i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, viewer, (void *)(i + 1)), 0);
	for (int i = 0; i < THREADS; i++) {
		void *ret = NULL;
		pthread_join(th[i], &ret);
		assert_null(ret);
	}
	audit_flush(&T.app);
	assert_int_equal(count_views(), THREADS * PER_THREAD);
}

static void test_close_writes_the_queue(void **state)
{
	struct actor a = {ACTOR_STAFF, 7, ROLE_ADVISOR, "127.0.0.1", "req"};
	for (int i = 0; i < 300; i++)
		assert_int_equal(audit_note(&T.app, &a, "dossier.view", 1, "dossier", 1, ""), K_OK);
	app_close(&T.app); /* no flush first */
	char path[512];
	snprintf(path, sizeof path, "%s/kluis.db", T.dir);
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM audit_log WHERE action = 'dossier.view'", -1, &st,
					    NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 300);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_none_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_writes_the_queue, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
