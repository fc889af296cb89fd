/* SQL for document types and document requests (R1, R2, R5, R6). */
#include <stdio.h>
#include "store/db.h"
#include "store/request_store.h"
#include "util/err.h"

/* rows_into: every row of a bound statement appended to items. */
#define DOCTYPE_COLS "id, name, category, delivered_by, validity_months, created_at "

int store_doctype_list(struct db *db, json_t *items)
{
	struct db_stmt *st = db_prepare(db, "SELECT " DOCTYPE_COLS "FROM document_types ORDER BY name COLLATE NOCASE, id");
	if (!st)
		return K_EDB;
	return db_rows_json(st, items);
}

int store_doctype_get(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " DOCTYPE_COLS "FROM document_types WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return db_one_json(st, out);
}

int store_doctype_insert(struct db *db, const char *name, const char *category, const char *delivered_by,
			 int validity_months, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO document_types (name, category, delivered_by, validity_months, "
					    "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, category);
	db_bind_text(st, 3, delivered_by);
	if (validity_months > 0)
		db_bind_int(st, 4, validity_months);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, now);
	return db_returning_id(st, id);
}

int store_request_insert(struct db *db, int64_t product_id, int64_t dossier_id, int64_t doctype_id,
			 const char *subject, int64_t created_by, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO requests (product_id, dossier_id, document_type_id, subject, "
					    "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
					    "RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, product_id);
	db_bind_int(st, 2, dossier_id);
	db_bind_int(st, 3, doctype_id);
	db_bind_text(st, 4, subject);
	if (created_by > 0)
		db_bind_int(st, 5, created_by);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, now);
	return db_returning_id(st, id);
}

#define REQUEST_SELECT                                                                                            \
	"SELECT r.id, r.product_id, r.dossier_id, r.document_type_id, t.name AS document_type, r.subject, r.status, " \
	"r.reason, r.comment, r.re_requested AS re_requested__bool, r.document_id, r.created_at, r.updated_at, "      \
	"p.public AS product_public__bool, p.type AS product_type, t.category, t.delivered_by, t.validity_months "   \
	"FROM requests r "        \
	"JOIN products p ON p.id = r.product_id JOIN document_types t ON t.id = r.document_type_id "

int store_request_get(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db, REQUEST_SELECT "WHERE r.id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return db_one_json(st, out);
}

int store_requests_of_product(struct db *db, int64_t product_id, json_t *items)
{
	struct db_stmt *st = db_prepare(db, REQUEST_SELECT "WHERE r.product_id = $1 ORDER BY r.id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, product_id);
	return db_rows_json(st, items);
}

int store_requests_of_dossier(struct db *db, int64_t dossier_id, json_t *items)
{
	struct db_stmt *st = db_prepare(db, REQUEST_SELECT "WHERE r.dossier_id = $1 ORDER BY r.id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	return db_rows_json(st, items);
}

int store_request_update(struct db *db, int64_t id, const char *status, const char *reason, const char *comment,
			 const char *subject, int re_requested, int64_t document_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE requests SET status = $2, reason = coalesce($3, reason), comment = coalesce($4, comment), "
		"subject = coalesce($5, subject), re_requested = CASE WHEN $6 < 0 THEN re_requested ELSE $6 END, "
		"document_id = CASE WHEN $7 = 0 THEN document_id ELSE $7 END, updated_at = $8 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, status);
	db_bind_text(st, 3, reason);
	db_bind_text(st, 4, comment);
	db_bind_text(st, 5, subject);
	db_bind_int(st, 6, re_requested);
	db_bind_int(st, 7, document_id);
	db_bind_int(st, 8, now);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ENOTFOUND : rc;
}
