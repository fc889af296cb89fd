/* SQL for the blob store (X4). */
#include <stdio.h>
#include <string.h>
#include "store/blob_store.h"
#include "store/db.h"
#include "util/err.h"

int store_blob_key_get(struct db *db, int64_t dossier_id, unsigned char wrapped[BLOB_WRAPPED_BYTES], int *shredded)
{
	struct db_stmt *st = db_prepare(db, "SELECT wrapped, shredded_at FROM dossier_keys WHERE dossier_id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (!db_col_is_null(st, 1) || db_col_is_null(st, 0)) {
			*shredded = 1;
			rc = K_OK;
		} else {
			size_t len = 0;
			const void *w = db_col_blob(st, 0, &len);
			if (w && len == BLOB_WRAPPED_BYTES) {
				memcpy(wrapped, w, BLOB_WRAPPED_BYTES);
				*shredded = 0;
				rc = K_OK;
			} else {
				rc = K_EINVAL;
			}
		}
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_blob_key_insert(struct db *db, int64_t dossier_id, const unsigned char wrapped[BLOB_WRAPPED_BYTES],
			  int64_t now)
{
	/* dossier 0 is the firm itself (general documents, R9): no dossier row */
	struct db_stmt *st = db_prepare(db, "SELECT 1 WHERE $1 = 0 OR EXISTS (SELECT 1 FROM dossiers WHERE id = $1)");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	int rc = db_step(st);
	db_done(st);
	if (rc == DB_DONE)
		return K_ENOTFOUND;
	if (rc != DB_ROW)
		return rc;
	st = db_prepare(db, "INSERT INTO dossier_keys (dossier_id, wrapped, created_at) VALUES ($1, $2, $3) "
			    "ON CONFLICT (dossier_id) DO NOTHING");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_blob(st, 2, wrapped, BLOB_WRAPPED_BYTES);
	db_bind_int(st, 3, now);
	return db_run_stmt(st);
}

int store_blob_key_shred(struct db *db, int64_t dossier_id, int64_t now)
{
	/* best effort: overwrite freed content instead of leaving it in pages */
	(void)db_exec(db, "PRAGMA secure_delete = ON");
	int rc = db_begin(db);
	if (rc)
		return rc;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO dossier_keys (dossier_id, wrapped, created_at, shredded_at) VALUES ($1, NULL, $2, $2) "
		"ON CONFLICT (dossier_id) DO UPDATE SET wrapped = NULL, "
		"shredded_at = COALESCE(dossier_keys.shredded_at, excluded.shredded_at)");
	if (!st) {
		rc = K_EDB;
		goto out;
	}
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, now);
	rc = db_run_stmt(st);
	if (rc)
		goto out;
	st = db_prepare(db, "UPDATE blobs SET referenced = 0 WHERE dossier_id = $1");
	if (!st) {
		rc = K_EDB;
		goto out;
	}
	db_bind_int(st, 1, dossier_id);
	rc = db_run_stmt(st);
	if (rc)
		goto out;
	rc = db_commit(db);
	if (rc == K_OK)
		(void)db_exec(db, "PRAGMA wal_checkpoint(PASSIVE)");
	return rc;
out:
	db_rollback(db);
	return rc;
}

int store_blob_insert(struct db *db, const char *id, int64_t dossier_id, int64_t size, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO blobs (id, dossier_id, size, created_at) VALUES ($1, $2, $3, $4)");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, id);
	db_bind_int(st, 2, dossier_id);
	db_bind_int(st, 3, size);
	db_bind_int(st, 4, now);
	return db_run_stmt(st);
}

int store_blob_get(struct db *db, const char *id, int64_t *dossier_id, int64_t *size, int *referenced)
{
	struct db_stmt *st = db_prepare(db, "SELECT dossier_id, size, referenced FROM blobs WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*dossier_id = db_col_int(st, 0);
		*size = db_col_int(st, 1);
		*referenced = db_col_int(st, 2) != 0;
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_blob_forget(struct db *db, const char *id)
{
	struct db_stmt *st = db_prepare(db, "UPDATE blobs SET referenced = 0 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, id);
	int rc = db_run_stmt(st);
	if (rc == K_OK && db_changes(db) == 0)
		rc = K_ENOTFOUND;
	return rc;
}

int store_blob_unreferenced(struct db *db, int64_t dossier_id, char (*ids)[65], int max, int *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM blobs WHERE referenced = 0 AND ($1 <= 0 OR dossier_id = $1) "
					    "ORDER BY id LIMIT $2");
	*n = 0;
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, max);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < max) {
		snprintf(ids[*n], 65, "%s", db_col_text(st, 0));
		(*n)++;
	}
	db_done(st);
	return (rc == DB_ROW || rc == DB_DONE) ? K_OK : rc;
}

int store_blob_delete(struct db *db, const char *id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM blobs WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, id);
	return db_run_stmt(st);
}

int store_blob_exists(struct db *db, const char *id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM blobs WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, id);
	int rc = db_step(st);
	db_done(st);
	if (rc == DB_ROW)
		return 1;
	if (rc == DB_DONE)
		return 0;
	return rc;
}
