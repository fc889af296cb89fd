/* SQL for dossiers and the dossier search index (FTS5). */
#include <stdio.h>
#include <string.h>
#include "store/db.h"
#include "store/dossier_store.h"
#include "util/err.h"

int store_dossier_insert(struct db *db, const char *kind, const char *name, int64_t office_id, int64_t advisor_id,
			 int64_t handler_id, int64_t created_by, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO dossiers (number, kind, name, office_id, advisor_id, handler_id, created_by, created_at, "
		"updated_at) VALUES ('pending-' || hex(randomblob(8)), $1, $2, $3, $4, $5, $6, $7, $7) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, name ? name : "");
	db_bind_id(st, 3, office_id);
	db_bind_id(st, 4, advisor_id);
	db_bind_id(st, 5, handler_id);
	db_bind_id(st, 6, created_by);
	db_bind_int(st, 7, now);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_EDB;
	}
	db_done(st);
	if (rc)
		return rc;
	st = db_prepare(db, "UPDATE dossiers SET number = CAST(1000000 + id AS TEXT) WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, *id);
	rc = db_run_stmt(st);
	if (rc)
		return rc;
	return store_dossier_reindex(db, *id);
}

int store_dossier_get(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT d.id, d.number, d.kind, d.status, d.name, d.office_id, o.name AS office_name, d.advisor_id, "
		"a.name AS advisor_name, d.handler_id, h.name AS handler_name, d.created_at, d.updated_at "
		"FROM dossiers d LEFT JOIN staff_users a ON a.id = d.advisor_id "
		"LEFT JOIN staff_users h ON h.id = d.handler_id LEFT JOIN offices o ON o.id = d.office_id "
		"WHERE d.id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return db_one_json(st, out);
}

int store_dossier_update(struct db *db, int64_t id, const char *name, const char *status, int64_t advisor_id,
			 int64_t handler_id, int64_t office_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE dossiers SET name = coalesce($2, name), status = coalesce($3, status), "
		"advisor_id = CASE WHEN $4 > 0 THEN $4 ELSE advisor_id END, "
		"handler_id = CASE WHEN $5 > 0 THEN $5 ELSE handler_id END, "
		"office_id = CASE WHEN $6 > 0 THEN $6 ELSE office_id END, updated_at = $7 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, status);
	db_bind_int(st, 4, advisor_id);
	db_bind_int(st, 5, handler_id);
	db_bind_int(st, 6, office_id);
	db_bind_int(st, 7, now);
	int rc = db_run_stmt(st);
	if (rc == K_OK && db_changes(db) == 0)
		return K_ENOTFOUND;
	if (rc == K_OK && name)
		rc = store_dossier_reindex(db, id);
	return rc;
}

int store_dossier_touch(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE dossiers SET updated_at = $2 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	return db_run_stmt(st);
}

int store_dossier_reindex(struct db *db, int64_t id)
{
	/* display name from the applicants when none was given */
	struct db_stmt *st = db_prepare(db,
		"UPDATE dossiers SET name = coalesce((SELECT group_concat(trim(p.first_name || ' ' || "
		"CASE WHEN p.infix <> '' THEN p.infix || ' ' ELSE '' END || p.last_name), ' en ') FROM "
		"(SELECT * FROM persons WHERE dossier_id = $1 AND role IN ('applicant1','applicant2') ORDER BY role) p), "
		"(SELECT name FROM organisations WHERE dossier_id = $1 AND role = 'client' ORDER BY id LIMIT 1), '') "
		"WHERE id = $1 AND (name = '' OR name IS NULL)");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_run_stmt(st);
	if (rc)
		return rc;
	st = db_prepare(db, "DELETE FROM dossier_fts WHERE rowid = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	if ((rc = db_run_stmt(st)))
		return rc;
	/* postcodes twice: "1234AB" and "1234 AB" forms; dates as YYYYMMDD and
	 * DDMMYYYY tokens so either way of typing finds them */
	st = db_prepare(db,
		"INSERT INTO dossier_fts (rowid, number, names, birth_dates, postcodes, emails) SELECT d.id, d.number, "
		"d.name || ' ' || coalesce((SELECT group_concat(p.first_name || ' ' || p.infix || ' ' || p.last_name, ' ') "
		"FROM persons p WHERE p.dossier_id = $1), '') || ' ' || coalesce((SELECT group_concat(o.name || ' ' || "
		"o.kvk, ' ') FROM organisations o WHERE o.dossier_id = $1), ''), "
		"coalesce((SELECT group_concat(replace(p.birth_date, '-', '') || ' ' || substr(p.birth_date, 9, 2) || "
		"substr(p.birth_date, 6, 2) || substr(p.birth_date, 1, 4), ' ') FROM persons p WHERE p.dossier_id = $1 "
		"AND p.birth_date IS NOT NULL), ''), "
		"coalesce((SELECT group_concat(pc, ' ') FROM (SELECT replace(a.postcode, ' ', '') || ' ' || a.postcode AS pc "
		"FROM party_addresses a JOIN persons p ON p.id = a.person_id WHERE p.dossier_id = $1 UNION ALL "
		"SELECT replace(a.postcode, ' ', '') || ' ' || a.postcode FROM party_addresses a JOIN organisations o "
		"ON o.id = a.organisation_id WHERE o.dossier_id = $1)), ''), "
		"coalesce((SELECT group_concat(ad, ' ') FROM (SELECT e.address AS ad FROM party_emails e JOIN persons p "
		"ON p.id = e.person_id WHERE p.dossier_id = $1 UNION ALL SELECT e.address FROM party_emails e JOIN "
		"organisations o ON o.id = e.organisation_id WHERE o.dossier_id = $1)), '') FROM dossiers d WHERE d.id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return db_run_stmt(st);
}

#define SEARCH_COLS                                                                                                    \
	"d.id, d.number, d.name, d.status, d.kind, d.updated_at, "                                                      \
	"(SELECT birth_date FROM persons WHERE dossier_id = d.id AND role = 'applicant1') AS birth_date, "              \
	"(SELECT a.postcode FROM party_addresses a JOIN persons p ON p.id = a.person_id WHERE p.dossier_id = d.id "    \
	"ORDER BY p.role, a.id LIMIT 1) AS postcode "

/* total from a page: min(matches, 1000), known without counting when the
 * page is the last one (not full, or the first page and not full) */
static int page_total(int rows, int limit, int offset, int64_t *total)
{
	if (rows >= limit || (rows == 0 && offset > 0))
		return 0;
	*total = offset + rows < 1000 ? offset + rows : 1000;
	return 1;
}

int store_dossier_search(struct db *db, const char *match, int limit, int offset, json_t *items, int64_t *total)
{
	struct db_stmt *st;
	int rc;
	if (!match || !*match) {
		st = db_prepare(db, "SELECT " SEARCH_COLS "FROM dossiers d ORDER BY d.updated_at DESC, d.id DESC "
				    "LIMIT $1 OFFSET $2");
		if (!st)
			return K_EDB;
		db_bind_int(st, 1, limit);
		db_bind_int(st, 2, offset);
		if ((rc = db_rows_json(st, items)))
			return rc;
		return store_dossier_count(db, total);
	}
	/* Rank in a subquery and fetch the display columns (two correlated
	 * subqueries each) only for the rows of the page: with the columns in
	 * the ranked query SQLite computed them for every match before
	 * sorting, which for a common surname was thousands of lookups. FTS
	 * rows exist only for existing dossiers (store_dossier_reindex inserts
	 * them from the dossiers table; dossiers are never deleted), so the
	 * inner query needs no join. */
	st = db_prepare(db, "SELECT " SEARCH_COLS "FROM (SELECT rowid AS id, bm25(dossier_fts, 10.0, 5.0, 3.0, 3.0, 3.0) "
			    "AS r FROM dossier_fts WHERE dossier_fts MATCH $1 ORDER BY r, rowid DESC LIMIT $2 OFFSET $3) m "
			    "JOIN dossiers d ON d.id = m.id ORDER BY m.r, d.id DESC");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, match);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	size_t before = json_array_size(items);
	if ((rc = db_rows_json(st, items)))
		return rc;
	/* a last page tells the total; count (capped at 1000) otherwise */
	if (page_total((int)(json_array_size(items) - before), limit, offset, total))
		return K_OK;
	st = db_prepare(db, "SELECT count(*) FROM (SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH $1 LIMIT 1000)");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, match);
	rc = db_step(st);
	*total = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? K_OK : K_EDB;
}

int store_dossier_count(struct db *db, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM dossiers");
	if (!st)
		return K_EDB;
	int rc = db_step(st);
	*n = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? K_OK : K_EDB;
}
