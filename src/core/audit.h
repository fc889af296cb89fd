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

struct audit_row;
/* audit_dossier_list: the audit lines of one dossier, newest first, at most
 * max (needs RIGHT_VIEW_AUDIT; K_ENOTFOUND for an unknown dossier). */
int audit_dossier_list(struct app *app, const struct actor *actor, int64_t dossier_id, int max,
		       void (*fn)(void *ctx, const struct audit_row *row), void *ctx);

#endif
