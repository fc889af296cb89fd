#ifndef KLUIS_CORE_AUDIT_H
#define KLUIS_CORE_AUDIT_H
#include <stdint.h>
#include "app.h"
#include "core/actor.h"

struct db;

/* audit_log: append who (actor), what (action, e.g. "session.login"),
 * which dossier (0 = none), which object, when (app clock) and from where
 * (actor ip, request id). detail must not hold personal data or secrets.
 * Write it in the same transaction as the change it records. */
int audit_log(struct app *app, struct db *db, const struct actor *actor, const char *action, int64_t dossier_id,
	      const char *object_type, int64_t object_id, const char *detail);

/* Reads (a dossier view, a list of requests) are audited with audit_note:
 * the line is queued and written within milliseconds by one flusher thread,
 * many lines per transaction, so the read does not wait for a write of its
 * own (under load a write per view was most of a view's latency). The
 * queue holds AUDIT_QUEUE_MAX lines; when it is full the line is written at
 * once, so none is ever dropped. What a crash can lose is the lines of the
 * last moment's reads (never those of changes, which use audit_log inside
 * their transaction, nor of security events such as a refused access or a
 * BSN reveal, which also use audit_log). */
#define AUDIT_QUEUE_MAX 4096
#define AUDIT_BATCH_MAX 512

struct audit_row;
/* audit_row_fill: a line as audit_log writes it (time from the app clock,
 * actor kind, ip and request id from actor). */
void audit_row_fill(struct app *app, struct audit_row *a, const struct actor *actor, const char *action,
		    int64_t dossier_id, const char *object_type, int64_t object_id, const char *detail);
/* audit_note: queue an audit line of a read (see above). K_OK, or the
 * store's error when it had to be written at once and that failed. */
int audit_note(struct app *app, const struct actor *actor, const char *action, int64_t dossier_id,
	       const char *object_type, int64_t object_id, const char *detail);
/* audit_flush: wait until every queued line is written (readers of the
 * audit log call it first, so what they show is complete). */
void audit_flush(struct app *app);
/* audit_queue_start / audit_queue_stop: the flusher thread of app (started
 * by app_open, stopped by app_close after writing what is queued). */
int audit_queue_start(struct app *app);
void audit_queue_stop(struct app *app);

/* audit_dossier_list: the audit lines of one dossier, newest first, at most
 * max (needs RIGHT_VIEW_AUDIT; K_ENOTFOUND for an unknown dossier). */
int audit_dossier_list(struct app *app, const struct actor *actor, int64_t dossier_id, int max,
		       void (*fn)(void *ctx, const struct audit_row *row), void *ctx);

#endif
