#include <stdio.h>
#include <string.h>
#include "core/audit.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "util/err.h"

static const char *kind_name(enum actor_kind k)
{
	switch (k) {
	case ACTOR_STAFF: return "staff";
	case ACTOR_CLIENT: return "client";
	case ACTOR_LENDER: return "lender";
	default: return "system";
	}
}

void audit_row_fill(struct app *app, struct audit_row *a, const struct actor *actor, const char *action,
		    int64_t dossier_id, const char *object_type, int64_t object_id, const char *detail)
{
	memset(a, 0, sizeof *a);
	a->at = app_now(app);
	snprintf(a->actor_kind, sizeof a->actor_kind, "%s", kind_name(actor->kind));
	a->actor_id = actor->id;
	snprintf(a->action, sizeof a->action, "%s", action);
	a->dossier_id = dossier_id;
	snprintf(a->object_type, sizeof a->object_type, "%s", object_type ? object_type : "");
	a->object_id = object_id;
	snprintf(a->ip, sizeof a->ip, "%s", actor->ip ? actor->ip : "");
	snprintf(a->request_id, sizeof a->request_id, "%s", actor->request_id ? actor->request_id : "");
	snprintf(a->detail, sizeof a->detail, "%s", detail ? detail : "");
}

int audit_log(struct app *app, struct db *db, const struct actor *actor, const char *action, int64_t dossier_id,
	      const char *object_type, int64_t object_id, const char *detail)
{
	struct audit_row a;
	audit_row_fill(app, &a, actor, action, dossier_id, object_type, object_id, detail);
	return store_audit_insert(db, &a);
}

int audit_dossier_list(struct app *app, const struct actor *actor, int64_t dossier_id, int max,
		       void (*fn)(void *ctx, const struct audit_row *row), void *ctx)
{
	json_t *d = NULL;
	int rc = rights_check(actor, RIGHT_VIEW_AUDIT);
	if (rc)
		return rc;
	audit_flush(app); /* the queued reads too */
	struct db *db = store_acquire(app->store);
	rc = store_dossier_get(db, dossier_id, &d);
	json_decref(d);
	if (rc == K_OK)
		rc = store_audit_list(db, dossier_id, "", 0, max, fn, ctx);
	store_release(app->store, db);
	return rc;
}
