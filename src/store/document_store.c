/* SQL for documents and tasks. */
#include <stdio.h>
#include "store/db.h"
#include "store/document_store.h"
#include "util/err.h"

int store_document_insert(struct db *db, const struct document_new *d, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO documents (dossier_id, product_id, request_id, kind, description, blob_id, size, pages, "
		"public, checks, created_by_kind, created_by_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
		"$10, $11, $12, $13) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, d->dossier_id);
	db_bind_id(st, 2, d->product_id);
	db_bind_id(st, 3, d->request_id);
	db_bind_text(st, 4, d->kind);
	db_bind_text(st, 5, d->description ? d->description : "");
	db_bind_text(st, 6, d->blob_id);
	db_bind_int(st, 7, d->size);
	db_bind_int(st, 8, d->pages);
	db_bind_int(st, 9, d->public_ ? 1 : 0);
	db_bind_text(st, 10, d->checks ? d->checks : "[]");
	db_bind_text(st, 11, d->created_by_kind);
	db_bind_id(st, 12, d->created_by_id);
	db_bind_int(st, 13, now);
	return db_returning_id(st, id);
}

#define DOC_COLS                                                                                                       \
	"id, dossier_id, product_id, request_id, kind, description, blob_id, size, pages, public AS public__bool, "   \
	"policy_sheet AS policy_sheet__bool, "                                                                          \
	"end_date, checks AS checks__json, created_by_kind, created_at "

int store_document_get(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " DOC_COLS "FROM documents WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = db_row_json(st);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_documents_of_dossier(struct db *db, int64_t dossier_id, int public_only, json_t *items)
{
	struct db_stmt *st = db_prepare(db, "SELECT " DOC_COLS "FROM documents WHERE dossier_id = $1 AND "
					    "($2 = 0 OR public = 1) ORDER BY created_at DESC, id DESC LIMIT 500");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, public_only);
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, db_row_json(st));
	db_done(st);
	return rc == DB_DONE ? K_OK : rc;
}

int store_task_group(struct db *db, int64_t dossier_id, int64_t assignee_id, const char *kind, int64_t since,
		     int64_t *task_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM tasks WHERE dossier_id = $1 AND coalesce(assignee_id, 0) = $2 "
					    "AND kind = $3 AND done_at IS NULL AND created_at >= $4 ORDER BY id DESC LIMIT 1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, assignee_id);
	db_bind_text(st, 3, kind);
	db_bind_int(st, 4, since);
	int rc = db_step(st);
	*task_id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? K_OK : rc;
}

int store_task_insert(struct db *db, int64_t assignee_id, const char *kind, int64_t dossier_id, int64_t product_id,
		      int64_t request_id, const char *title, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO tasks (assignee_id, kind, dossier_id, product_id, request_id, "
					    "title, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_id(st, 1, assignee_id);
	db_bind_text(st, 2, kind);
	db_bind_int(st, 3, dossier_id);
	db_bind_id(st, 4, product_id);
	db_bind_id(st, 5, request_id);
	db_bind_text(st, 6, title);
	db_bind_int(st, 7, now);
	return db_returning_id(st, id);
}

int store_task_add_item(struct db *db, int64_t id, const char *title, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE tasks SET items = items + 1, title = $2, updated_at = $3 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, title);
	db_bind_int(st, 3, now);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? K_OK : rc;
}

int store_tasks_open(struct db *db, int64_t assignee_id, int max, json_t *items)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT t.id, t.kind, t.dossier_id, t.product_id, t.request_id, t.title, t.items, t.created_at, "
		"t.updated_at, d.name AS dossier_name, d.number AS dossier_number FROM tasks t JOIN dossiers d ON "
		"d.id = t.dossier_id WHERE t.assignee_id = $1 AND t.done_at IS NULL ORDER BY t.updated_at DESC, t.id DESC "
		"LIMIT $2");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, assignee_id);
	db_bind_int(st, 2, max);
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, db_row_json(st));
	db_done(st);
	return rc == DB_DONE ? K_OK : rc;
}

int store_document_update(struct db *db, int64_t id, const char *description, int public_, const char *end_date)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE documents SET description = coalesce($2, description), "
		"public = CASE WHEN $3 < 0 THEN public ELSE $3 END, "
		"end_date = CASE WHEN $4 IS NULL THEN end_date ELSE nullif($4, '') END WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, description);
	db_bind_int(st, 3, public_);
	db_bind_text(st, 4, end_date);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	return db_changes(db) == 0 ? K_ENOTFOUND : K_OK;
}

int store_documents_unpublish_policy(struct db *db, int64_t product_id)
{
	struct db_stmt *st = db_prepare(db, "UPDATE documents SET public = 0 WHERE product_id = $1 AND policy_sheet = 1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, product_id);
	return db_run_stmt(st);
}

int store_document_set_policy(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "UPDATE documents SET policy_sheet = 1 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return db_run_stmt(st);
}
