/* SQL for staff accounts, staff sessions and sign-in failures. */
#include <stdio.h>
#include <string.h>
#include "store/db.h"
#include "store/staff_store.h"
#include "util/err.h"

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

static void row_read(struct db_stmt *st, struct staff_row *u)
{
	u->id = db_col_int(st, 0);
	COPY(u->email, db_col_text(st, 1));
	COPY(u->name, db_col_text(st, 2));
	COPY(u->role, db_col_text(st, 3));
	COPY(u->password_hash, db_col_text(st, 4));
	COPY(u->totp_secret, db_col_text(st, 5));
	COPY(u->totp_pending, db_col_text(st, 6));
	u->totp_last_step = db_col_int(st, 7);
	u->active = db_col_int(st, 8) != 0;
	u->password_changed_at = db_col_int(st, 9);
}

static int get_one(struct db_stmt *st, struct staff_row *u)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		row_read(st, u);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_staff_insert(struct db *db, const struct staff_row *u, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO staff_users (email, name, role, password_hash, totp_secret, active, created_at, "
		"updated_at, password_changed_at) VALUES ($1, $2, $3, $4, nullif($5,''), $6, $7, $7, $7) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, u->email);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, u->role);
	db_bind_text(st, 4, u->password_hash);
	db_bind_text(st, 5, u->totp_secret);
	db_bind_int(st, 6, u->active ? 1 : 0);
	db_bind_int(st, 7, now);
	return db_returning_id(st, id);
}

int store_staff_get_email(struct db *db, const char *email, struct staff_row *u)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, email, name, role, password_hash, coalesce(totp_secret,''), coalesce(totp_pending,''), "
		"totp_last_step, active, password_changed_at FROM staff_users WHERE email = $1");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, email);
	return get_one(st, u);
}

int store_staff_get_id(struct db *db, int64_t id, struct staff_row *u)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, email, name, role, password_hash, coalesce(totp_secret,''), coalesce(totp_pending,''), "
		"totp_last_step, active, password_changed_at FROM staff_users WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return get_one(st, u);
}

int store_staff_set_password(struct db *db, int64_t id, const char *hash, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE staff_users SET password_hash = $1, password_changed_at = $2, "
					    "updated_at = $2 WHERE id = $3");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	return db_run_stmt(st);
}

int store_staff_set_totp(struct db *db, int64_t id, const char *secret, const char *pending, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE staff_users SET totp_secret = nullif($1,''), "
					    "totp_pending = nullif($2,''), updated_at = $3 WHERE id = $4");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, secret);
	db_bind_text(st, 2, pending);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, id);
	return db_run_stmt(st);
}

int store_staff_totp_step(struct db *db, int64_t id, int64_t step)
{
	struct db_stmt *st = db_prepare(db, "UPDATE staff_users SET totp_last_step = $1 "
					    "WHERE id = $2 AND totp_last_step < $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, step);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	return db_changes(db) == 1 ? K_OK : K_ECONFLICT;
}

int store_staff_count(struct db *db, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM staff_users");
	if (!st)
		return K_EDB;
	int rc = db_step(st);
	*n = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? K_OK : K_EDB;
}

int store_session_insert(struct db *db, const unsigned char hash[32], int64_t user_id, const char *csrf,
			 const char *ip, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO staff_sessions (token_hash, user_id, csrf_token, "
					    "created_at, last_seen_at, ip) VALUES ($1, $2, $3, $4, $4, $5) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_blob(st, 1, hash, 32);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_int(st, 4, now);
	db_bind_text(st, 5, ip);
	return db_returning_id(st, id);
}

int store_session_get(struct db *db, const unsigned char hash[32], struct session_row *s)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, user_id, csrf_token, created_at, last_seen_at "
					    "FROM staff_sessions WHERE token_hash = $1");
	if (!st)
		return K_EDB;
	db_bind_blob(st, 1, hash, 32);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		s->id = db_col_int(st, 0);
		s->user_id = db_col_int(st, 1);
		COPY(s->csrf, db_col_text(st, 2));
		s->created_at = db_col_int(st, 3);
		s->last_seen_at = db_col_int(st, 4);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

static int exec_ids(struct db *db, const char *sql, int64_t a, int64_t b, int n)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, a);
	if (n > 1)
		db_bind_int(st, 2, b);
	return db_run_stmt(st);
}

int store_session_touch(struct db *db, int64_t id, int64_t now)
{
	return exec_ids(db, "UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1", id, now, 2);
}

int store_session_delete(struct db *db, int64_t id)
{
	return exec_ids(db, "DELETE FROM staff_sessions WHERE id = $1", id, 0, 1);
}

int store_session_delete_user(struct db *db, int64_t user_id, int64_t keep_id)
{
	return exec_ids(db, "DELETE FROM staff_sessions WHERE user_id = $1 AND id <> $2", user_id, keep_id, 2);
}

int store_session_purge(struct db *db, int64_t idle_before, int64_t abs_before)
{
	return exec_ids(db, "DELETE FROM staff_sessions WHERE last_seen_at < $1 OR created_at < $2", idle_before,
			abs_before, 2);
}

int store_failure_add(struct db *db, const char *scope, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO login_failures (scope, at) VALUES ($1, $2)");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, scope);
	db_bind_int(st, 2, now);
	return db_run_stmt(st);
}

int store_failure_count(struct db *db, const char *scope, int64_t since, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM login_failures WHERE scope = $1 AND at >= $2");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, scope);
	db_bind_int(st, 2, since);
	int rc = db_step(st);
	*n = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? K_OK : K_EDB;
}

int store_failure_purge(struct db *db, int64_t before)
{
	return exec_ids(db, "DELETE FROM login_failures WHERE at < $1", before, 0, 1);
}
