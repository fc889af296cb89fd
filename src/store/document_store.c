/* SQL for documents and tasks. */
#include <stdio.h>
#include "store/db.h"
#include "store/document_store.h"
#include "util/err.h"

int store_document_insert(struct db *db, const struct document_new *d, int64_t now, int64_t *id)
{
	/* R7: a personal document is in the vault at once only when its creation
	 * is the advisor's "public" switch and the dossier's documents were
	 * already shared once (the vault's first activation shares the rest) */
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO documents (dossier_id, product_id, request_id, kind, description, blob_id, size, pages, "
		"public, checks, created_by_kind, created_by_id, created_at, shared, category_id, end_date) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
		"$9 = 1 AND $14 = 1 AND EXISTS (SELECT 1 FROM dossiers WHERE id = $1 AND vault_shared_at IS NOT NULL), "
		"$15, nullif($16, '')) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_id(st, 1, d->dossier_id);
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
	db_bind_int(st, 14, d->share ? 1 : 0);
	db_bind_id(st, 15, d->category_id);
	db_bind_text(st, 16, d->end_date ? d->end_date : "");
	return db_returning_id(st, id);
}

#define DOC_COLS                                                                                                       \
	"d.id, d.dossier_id, d.product_id, d.request_id, d.kind, d.description, d.blob_id, d.size, d.pages, "         \
	"d.public AS public__bool, d.shared AS shared__bool, d.policy_sheet AS policy_sheet__bool, d.end_date, "       \
	"d.category_id, c.name AS category, d.checks AS checks__json, d.created_by_kind, d.created_at "
#define DOC_FROM "FROM documents d LEFT JOIN document_categories c ON c.id = d.category_id "

int store_document_get(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " DOC_COLS DOC_FROM "WHERE d.id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return db_one_json(st, out);
}

int store_documents_of_dossier(struct db *db, int64_t dossier_id, int shared_only, json_t *items)
{
	struct db_stmt *st = db_prepare(db, "SELECT " DOC_COLS DOC_FROM "WHERE d.dossier_id = $1 AND "
					    "($2 = 0 OR d.shared = 1) ORDER BY d.created_at DESC, d.id DESC LIMIT 500");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, shared_only);
	return db_rows_json(st, items);
}

int store_documents_general(struct db *db, const char *vault_date, json_t *items)
{
	/* R9: a vault sees a public general document unless it came into being
	 * after the document's end date */
	struct db_stmt *st = db_prepare(db, "SELECT " DOC_COLS DOC_FROM "WHERE d.kind = 'general' AND ($1 IS NULL OR "
					    "(d.public = 1 AND (d.end_date IS NULL OR d.end_date >= $1))) "
					    "ORDER BY coalesce(c.position, 1000000), c.name, d.description, d.id LIMIT 500");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, vault_date);
	return db_rows_json(st, items);
}

int store_dossier_share_first(struct db *db, int64_t dossier_id, int64_t now, int *shared)
{
	*shared = 0;
	struct db_stmt *st = db_prepare(db, "UPDATE dossiers SET vault_shared_at = $2 WHERE id = $1 AND "
					    "vault_shared_at IS NULL");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, now);
	int rc = db_run_stmt(st);
	if (rc || db_changes(db) == 0)
		return rc;
	*shared = 1;
	st = db_prepare(db, "UPDATE documents SET shared = public WHERE dossier_id = $1 AND kind = 'personal'");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	return db_run_stmt(st);
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
	return db_run_stmt(st);
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
	/* switching "public" shares or unshares a personal document once the
	 * dossier's documents were first shared (R7) */
	struct db_stmt *st = db_prepare(db,
		"UPDATE documents SET description = coalesce($2, description), "
		"public = CASE WHEN $3 < 0 THEN public ELSE $3 END, "
		"shared = CASE WHEN $3 < 0 OR kind <> 'personal' OR (SELECT vault_shared_at FROM dossiers WHERE "
		"dossiers.id = documents.dossier_id) IS NULL THEN shared ELSE $3 END, "
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
	struct db_stmt *st = db_prepare(db, "UPDATE documents SET public = 0, shared = 0 WHERE product_id = $1 AND "
					    "policy_sheet = 1");
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

/* --- categories of "Belangrijke documenten" (R10) ------------------------ */

int store_categories(struct db *db, json_t *items)
{
	struct db_stmt *st = db_prepare(db, "SELECT c.id, c.name, c.position, (SELECT count(*) FROM documents d WHERE "
					    "d.category_id = c.id) AS documents FROM document_categories c ORDER BY "
					    "c.position, c.name LIMIT 200");
	if (!st)
		return K_EDB;
	return db_rows_json(st, items);
}

int store_category_get(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT c.id, c.name, c.position, (SELECT count(*) FROM documents d WHERE "
					    "d.category_id = c.id) AS documents FROM document_categories c WHERE c.id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return db_one_json(st, out);
}

int store_category_insert(struct db *db, const char *name, int64_t position, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO document_categories (name, position, created_at) VALUES "
					    "($1, $2, $3) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, name);
	db_bind_int(st, 2, position);
	db_bind_int(st, 3, now);
	return db_returning_id(st, id);
}

int store_category_update(struct db *db, int64_t id, const char *name, int64_t position)
{
	struct db_stmt *st = db_prepare(db, "UPDATE document_categories SET name = coalesce($2, name), "
					    "position = CASE WHEN $3 < 0 THEN position ELSE $3 END WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_int(st, 3, position);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ENOTFOUND : rc;
}

int store_category_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM document_categories WHERE id = $1 AND NOT EXISTS (SELECT 1 "
					    "FROM documents WHERE category_id = $1)");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ECONFLICT : rc;
}
