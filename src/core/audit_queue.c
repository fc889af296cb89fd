/* Audit lines of reads (audit_note): queued and written in batches by one
 * flusher thread, so a dossier view does not wait for a write transaction
 * of its own. See audit.h. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/audit.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/log.h"

struct audit_queue {
	pthread_mutex_t mu;
	pthread_cond_t more;    /* rows arrived, or stop */
	pthread_cond_t drained; /* a batch was written */
	struct audit_row rows[AUDIT_QUEUE_MAX];
	int head, count;        /* ring buffer */
	int writing;            /* rows taken by the flusher, not yet committed */
	int stop;
	pthread_t thread;
	struct app *app;
};

/* write rows in one transaction; on failure each row alone, so one bad row
 * loses nothing else (and a failure is logged) */
static void write_batch(struct app *app, struct audit_row *rows, int n)
{
	struct db *db = store_acquire(app->store);
	int rc = db_begin(db);
	for (int i = 0; rc == K_OK && i < n; i++)
		rc = store_audit_insert(db, &rows[i]);
	rc = db_end(db, rc);
	for (int i = 0; rc != K_OK && i < n; i++)
		if (store_audit_insert(db, &rows[i]) != K_OK)
			log_error("audit: line lost: %s on dossier %lld", rows[i].action, (long long)rows[i].dossier_id);
	store_release(app->store, db);
}

static void *flusher(void *arg)
{
	struct audit_queue *q = arg;
	struct audit_row *batch = xcalloc(AUDIT_BATCH_MAX, sizeof *batch);
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (q->count == 0 && !q->stop)
			pthread_cond_wait(&q->more, &q->mu);
		if (q->count == 0 && q->stop)
			break;
		int n = q->count < AUDIT_BATCH_MAX ? q->count : AUDIT_BATCH_MAX;
		for (int i = 0; i < n; i++)
			batch[i] = q->rows[(q->head + i) % AUDIT_QUEUE_MAX];
		q->head = (q->head + n) % AUDIT_QUEUE_MAX;
		q->count -= n;
		q->writing = n;
		pthread_mutex_unlock(&q->mu);
		write_batch(q->app, batch, n);
		pthread_mutex_lock(&q->mu);
		q->writing = 0;
		pthread_cond_broadcast(&q->drained);
	}
	pthread_mutex_unlock(&q->mu);
	free(batch);
	return NULL;
}

int audit_queue_start(struct app *app)
{
	struct audit_queue *q = xcalloc(1, sizeof *q);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->more, NULL);
	pthread_cond_init(&q->drained, NULL);
	q->app = app;
	if (pthread_create(&q->thread, NULL, flusher, q) != 0) {
		free(q);
		return K_EIO;
	}
	app->auditq = q;
	return K_OK;
}

void audit_queue_stop(struct app *app)
{
	struct audit_queue *q = app->auditq;
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL); /* it writes what is left first */
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->more);
	pthread_cond_destroy(&q->drained);
	free(q);
	app->auditq = NULL;
}

int audit_note(struct app *app, const struct actor *actor, const char *action, int64_t dossier_id,
	       const char *object_type, int64_t object_id, const char *detail)
{
	struct audit_queue *q = app->auditq;
	struct audit_row a;
	audit_row_fill(app, &a, actor, action, dossier_id, object_type, object_id, detail);
	if (q) {
		pthread_mutex_lock(&q->mu);
		if (q->count < AUDIT_QUEUE_MAX && !q->stop) {
			q->rows[(q->head + q->count) % AUDIT_QUEUE_MAX] = a;
			q->count++;
			pthread_cond_signal(&q->more);
			pthread_mutex_unlock(&q->mu);
			return K_OK;
		}
		pthread_mutex_unlock(&q->mu);
	}
	/* no queue, or it is full: write it now (never dropped) */
	struct db *db = store_acquire(app->store);
	int rc = store_audit_insert(db, &a);
	store_release(app->store, db);
	return rc;
}

void audit_flush(struct app *app)
{
	struct audit_queue *q = app->auditq;
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	while (q->count > 0 || q->writing > 0)
		pthread_cond_wait(&q->drained, &q->mu);
	pthread_mutex_unlock(&q->mu);
}
