#ifndef KLUIS_CORE_NOTIFY_SMS_H
#define KLUIS_CORE_NOTIFY_SMS_H
#include "app.h"

struct db;

/* SMS through the outbox (issue 4): callers queue an "sms.send" event in the
 * transaction of the change it belongs to; the worker hands it to
 * sms_send() (adapters/sms.h) with the event's idempotency key, so a retry
 * after a crash or a lost provider answer never sends twice.
 *
 * Event kind "sms.send", payload {"to": "+31612345678", "text": "..."}.
 * The handler is not transactional (the send happens outside the database).
 * Outcome per attempt: sms_send's K_OK marks the event done; K_EIO (provider
 * down, 429/5xx, network) is retried with outbox_backoff; K_EINVAL (bad
 * payload, sms.transport not configured, provider said 4xx) is a permanent
 * refusal: it is returned as well, with a message starting "permanent:", and
 * the outbox gives up after OUTBOX_MAX_ATTEMPTS like any failure. Messages
 * never hold the number or the text. */

#define NOTIFY_SMS_KIND "sms.send"

struct outbox_event;

/* The outbox handler for NOTIFY_SMS_KIND: {NOTIFY_SMS_KIND,
 * notify_sms_handle, 0}. outbox.c's built-in table names the function (a
 * struct object is not a constant initializer in C). */
extern const struct outbox_handler notify_sms_handler;
/* notify_sms_handle: the handler function (outbox_handler.fn contract). */
int notify_sms_handle(struct app *app, struct db *db, const struct outbox_event *ev, char *err, size_t errlen);

/* notify_sms_queue: check to_e164/text with sms_check (K_EINVAL with the
 * reason in err, nothing queued) and queue an "sms.send" event with
 * outbox_emit in the caller's open transaction on db. K_OK or outbox_emit's
 * error. err (errlen bytes, may be 0) says why. */
int notify_sms_queue(struct app *app, struct db *db, const char *to_e164, const char *text, char *err,
		     size_t errlen);

#endif
