/* The background worker thread: outbox and housekeeping. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include "core/outbox.h"
#include "store/db.h"
#include "store/staff_store.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/log.h"

struct worker {
	struct app *app;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop;
	int wake;
};

static void housekeeping(struct app *app)
{
	struct db *db = store_acquire(app->store);
	int64_t now = app_now(app);
	store_session_purge(db, now - app->cfg.session_idle_seconds, now - app->cfg.session_absolute_seconds);
	store_failure_purge(db, now - 3600);
	store_release(app->store, db);
}

static void *run(void *arg)
{
	struct worker *w = arg;
	int64_t last_housekeeping = 0;
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		pthread_mutex_unlock(&w->lock);
		int n = outbox_run_once(w->app);
		if (n < 0)
			log_error("worker: outbox: %s", kerr_str(n));
		int64_t now = app_now(w->app);
		if (now - last_housekeeping >= 600) {
			housekeeping(w->app);
			last_housekeeping = now;
		}
		pthread_mutex_lock(&w->lock);
		if (w->stop)
			break;
		if (!w->wake) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			long long ms = w->app->cfg.worker_interval_ms;
			ts.tv_sec += ms / 1000;
			ts.tv_nsec += (ms % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&w->cond, &w->lock, &ts);
		}
		w->wake = 0;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int worker_start(struct app *app, struct worker **out)
{
	struct worker *w = xcalloc(1, sizeof *w);
	w->app = app;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pthread_create(&w->thread, NULL, run, w) != 0) {
		free(w);
		return K_EIO;
	}
	*out = w;
	return K_OK;
}

void worker_wake(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	w->wake = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void worker_stop(struct worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
