/* SQL for the append-only audit log. */
#include <stdio.h>
#include "store/audit_store.h"
#include "store/db.h"
#include "util/err.h"

int store_audit_insert(struct db *db, const struct audit_row *a)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO audit_log (at, actor_kind, actor_id, action, dossier_id, object_type, object_id, ip, "
		"request_id, detail) VALUES ($1, $2, nullif($3,0), $4, nullif($5,0), nullif($6,''), nullif($7,0), "
		"$8, $9, $10)");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, a->at);
	db_bind_text(st, 2, a->actor_kind);
	db_bind_int(st, 3, a->actor_id);
	db_bind_text(st, 4, a->action);
	db_bind_int(st, 5, a->dossier_id);
	db_bind_text(st, 6, a->object_type);
	db_bind_int(st, 7, a->object_id);
	db_bind_text(st, 8, a->ip);
	db_bind_text(st, 9, a->request_id);
	db_bind_text(st, 10, a->detail);
	return db_run_stmt(st);
}

int store_audit_list(struct db *db, int64_t dossier_id, const char *actor_kind, int64_t actor_id, int max,
		     void (*fn)(void *ctx, const struct audit_row *a), void *ctx)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, at, actor_kind, coalesce(actor_id,0), action, coalesce(dossier_id,0), "
		"coalesce(object_type,''), coalesce(object_id,0), ip, request_id, detail FROM audit_log "
		"WHERE ($1 = 0 OR dossier_id = $1) AND ($2 = '' OR (actor_kind = $2 AND actor_id = $3)) "
		"ORDER BY id DESC LIMIT $4");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_text(st, 2, actor_kind);
	db_bind_int(st, 3, actor_id);
	db_bind_int(st, 4, max);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct audit_row a;
		a.id = db_col_int(st, 0);
		a.at = db_col_int(st, 1);
		snprintf(a.actor_kind, sizeof a.actor_kind, "%s", db_col_text(st, 2));
		a.actor_id = db_col_int(st, 3);
		snprintf(a.action, sizeof a.action, "%s", db_col_text(st, 4));
		a.dossier_id = db_col_int(st, 5);
		snprintf(a.object_type, sizeof a.object_type, "%s", db_col_text(st, 6));
		a.object_id = db_col_int(st, 7);
		snprintf(a.ip, sizeof a.ip, "%s", db_col_text(st, 8));
		snprintf(a.request_id, sizeof a.request_id, "%s", db_col_text(st, 9));
		snprintf(a.detail, sizeof a.detail, "%s", db_col_text(st, 10));
		fn(ctx, &a);
	}
	db_done(st);
	return rc == DB_DONE ? K_OK : rc;
}
