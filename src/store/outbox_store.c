/* SQL for the transactional outbox. */
#include <stdio.h>
#include <string.h>
#include "store/db.h"
#include "store/outbox_store.h"
#include "util/alloc.h"
#include "util/err.h"

int store_outbox_insert(struct db *db, const char *kind, const char *payload, int64_t now, int64_t *id)
{
	if (strlen(kind) >= OUTBOX_KIND_MAX || strlen(payload) > OUTBOX_PAYLOAD_MAX)
		return K_ETOOBIG;
	struct db_stmt *st = db_prepare(db, "INSERT INTO outbox (kind, payload, created_at, available_at) "
					    "VALUES ($1, $2, $3, $3) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, payload);
	db_bind_int(st, 3, now);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id)
			*id = db_col_int(st, 0);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_EDB;
	}
	db_done(st);
	return rc;
}

int store_outbox_claim(struct db *db, int64_t now, int64_t lock_seconds, struct outbox_row *row)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE outbox SET locked_until = $2, attempts = attempts + 1 WHERE id = ("
		"SELECT id FROM outbox WHERE done_at IS NULL AND dead = 0 AND available_at <= $1 "
		"AND locked_until <= $1 ORDER BY available_at, id LIMIT 1) "
		"RETURNING id, kind, payload, created_at, attempts");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now + lock_seconds);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		row->id = db_col_int(st, 0);
		snprintf(row->kind, sizeof row->kind, "%s", db_col_text(st, 1));
		row->payload = xstrdup(db_col_text(st, 2));
		row->created_at = db_col_int(st, 3);
		row->attempts = db_col_int(st, 4);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_outbox_done(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE outbox SET done_at = $2, locked_until = 0, payload = '{}' WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	return db_run_stmt(st);
}

int store_outbox_retry(struct db *db, int64_t id, int64_t available_at, const char *error, int dead)
{
	struct db_stmt *st = db_prepare(db, "UPDATE outbox SET available_at = $2, last_error = $3, dead = $4, "
					    "locked_until = 0 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, available_at);
	db_bind_text(st, 3, error);
	db_bind_int(st, 4, dead);
	return db_run_stmt(st);
}

int store_outbox_effect(struct db *db, const char *key, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO outbox_effects (key, at) VALUES ($1, $2) "
					    "ON CONFLICT (key) DO NOTHING");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, now);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	return db_changes(db) == 1 ? K_OK : K_ECONFLICT;
}

int store_outbox_stats(struct db *db, int64_t *pending, int64_t *done, int64_t *dead)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT coalesce(sum(done_at IS NULL AND dead = 0),0), coalesce(sum(done_at IS NOT NULL),0), "
		"coalesce(sum(dead),0) FROM outbox");
	if (!st)
		return K_EDB;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*pending = db_col_int(st, 0);
		*done = db_col_int(st, 1);
		*dead = db_col_int(st, 2);
		rc = K_OK;
	}
	db_done(st);
	return rc == K_OK ? K_OK : K_EDB;
}

int store_outbox_get(struct db *db, int64_t id, int64_t *attempts, int64_t *done_at, int64_t *dead,
		     int64_t *available_at)
{
	struct db_stmt *st = db_prepare(db, "SELECT attempts, coalesce(done_at,0), dead, available_at "
					    "FROM outbox WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*attempts = db_col_int(st, 0);
		*done_at = db_col_int(st, 1);
		*dead = db_col_int(st, 2);
		*available_at = db_col_int(st, 3);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}
