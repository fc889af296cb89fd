/* The transactional outbox: events written with their change, handled by
 * the worker at least once with retry and backoff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/notify_sms.h"
#include "core/notify.h"
#include "core/outbox.h"
#include "store/db.h"
#include "store/outbox_store.h"
#include "util/err.h"
#include "util/log.h"

/* Built-in handlers; later issues add mail, SMS, tasks, webhooks here. */
static const struct outbox_handler builtin[] = {
	{"mail.send", notify_mail_send, 0},
	{NOTIFY_SMS_KIND, notify_sms_handle, 0},
	{NULL, NULL, 0},
};

int outbox_emit(struct app *app, struct db *db, const char *kind, json_t *payload)
{
	json_t *p = payload ? payload : json_object();
	char *text = json_dumps(p, JSON_COMPACT);
	json_decref(p);
	if (!text)
		return K_ENOMEM;
	int rc = store_outbox_insert(db, kind, text, app_now(app), NULL);
	free(text);
	if (rc == K_OK && app->worker)
		worker_wake(app->worker);
	return rc;
}

int64_t outbox_backoff(int64_t attempts)
{
	int64_t d = 5;
	for (int64_t i = 1; i < attempts && d < 3600; i++)
		d *= 2;
	return d > 3600 ? 3600 : d;
}

void outbox_set_handlers(struct app *app, const struct outbox_handler *extra)
{
	app->outbox_extra = extra;
}

static const struct outbox_handler *find_handler(struct app *app, const char *kind)
{
	for (const struct outbox_handler *h = app->outbox_extra; h && h->kind; h++)
		if (strcmp(h->kind, kind) == 0)
			return h;
	for (const struct outbox_handler *h = builtin; h->kind; h++)
		if (strcmp(h->kind, kind) == 0)
			return h;
	return NULL;
}

static void fail(struct app *app, struct db *db, const struct outbox_row *row, const char *err)
{
	int dead = row->attempts >= OUTBOX_MAX_ATTEMPTS;
	int64_t next = app_now(app) + outbox_backoff(row->attempts);
	store_outbox_retry(db, row->id, next, err, dead);
	if (dead)
		log_error("outbox event id=%lld kind=%s gave up after %lld attempts: %s", (long long)row->id,
			  row->kind, (long long)row->attempts, err);
	else
		log_warn("outbox event id=%lld kind=%s attempt=%lld failed: %s", (long long)row->id, row->kind,
			 (long long)row->attempts, err);
}

/* Handle one claimed event. 1 = handled, 0 = failed (rescheduled). */
static int handle(struct app *app, struct db *db, struct outbox_row *row)
{
	char err[256] = "";
	const struct outbox_handler *h = find_handler(app, row->kind);
	if (!h) {
		fail(app, db, row, "no handler for this kind");
		return 0;
	}
	json_error_t jerr;
	json_t *payload = json_loads(row->payload, 0, &jerr);
	if (!payload) {
		row->attempts = OUTBOX_MAX_ATTEMPTS;
		fail(app, db, row, "payload is not JSON");
		return 0;
	}
	struct outbox_event ev = {row->id, row->kind, payload, row->attempts, ""};
	snprintf(ev.key, sizeof ev.key, "outbox:%lld", (long long)row->id);
	int rc;
	if (h->transactional) {
		rc = db_begin(db);
		if (rc == K_OK) {
			rc = h->fn(app, db, &ev, err, sizeof err);
			if (rc == K_OK)
				rc = store_outbox_done(db, row->id, app_now(app));
			rc = db_end(db, rc);
		}
	} else {
		rc = h->fn(app, db, &ev, err, sizeof err);
		if (rc == K_OK)
			rc = store_outbox_done(db, row->id, app_now(app));
	}
	json_decref(payload);
	if (rc != K_OK) {
		fail(app, db, row, err[0] ? err : kerr_str(rc));
		return 0;
	}
	return 1;
}

int outbox_run_once(struct app *app)
{
	struct db *db = store_acquire(app->store);
	int handled = 0;
	for (int i = 0; i < 1000; i++) {
		struct outbox_row row;
		int rc = store_outbox_claim(db, app_now(app), OUTBOX_LOCK_SECONDS, &row);
		if (rc == K_ENOTFOUND)
			break;
		if (rc != K_OK) {
			handled = rc;
			break;
		}
		handled += handle(app, db, &row);
		free(row.payload);
	}
	store_release(app->store, db);
	return handled;
}
