#ifndef KLUIS_CORE_OUTBOX_H
#define KLUIS_CORE_OUTBOX_H
#include <jansson.h>
#include <stdint.h>
#include "app.h"

struct db;
struct worker;

/* An event handed to a handler. */
struct outbox_event {
	int64_t id;
	const char *kind;
	const json_t *payload;
	int64_t attempts; /* 1 on the first try */
	char key[64];     /* idempotency key "outbox:<id>": pass it to outside
			     parties (Message-ID, Idempotency-Key header) */
};

/* A handler. transactional handlers run inside the transaction that also
 * marks the event done, so a crash rolls back their effect (exactly once);
 * others (mail, SMS, HTTP) run outside it and must make their effect
 * idempotent with ev->key (at least once, no duplicate effect). Return K_OK
 * or an error (retried with backoff) and a short reason in err. */
struct outbox_handler {
	const char *kind;
	int (*fn)(struct app *app, struct db *db, const struct outbox_event *ev, char *err, size_t errlen);
	int transactional;
};

#define OUTBOX_MAX_ATTEMPTS 20
#define OUTBOX_LOCK_SECONDS 300

/* outbox_emit: queue an event of kind with payload (reference stolen) in
 * the caller's open transaction, so it commits with the change it belongs
 * to. Wakes the worker after commit (best effort). */
int outbox_emit(struct app *app, struct db *db, const char *kind, json_t *payload);
/* outbox_backoff: seconds to wait before attempt n+1 (5 s doubling, max 1 h). */
int64_t outbox_backoff(int64_t attempts);
/* outbox_run_once: handle every event that is due now (app clock); returns
 * the number handled successfully, or a negative error. Used by the worker
 * and by tests. */
int outbox_run_once(struct app *app);
/* outbox_set_handlers: extra handlers tried before the built-in table
 * (tests), NULL-kind terminated; NULL to clear. */
void outbox_set_handlers(struct app *app, const struct outbox_handler *extra);

/* worker_start: the background thread that runs outbox_run_once every
 * worker.interval_ms and housekeeping (expired sessions, old throttle rows)
 * every ten minutes. */
int worker_start(struct app *app, struct worker **out);
/* worker_wake: ask the worker to look at the outbox now. */
void worker_wake(struct worker *w);
/* worker_stop: finish the current event, stop and join the thread. */
void worker_stop(struct worker *w);

#endif
