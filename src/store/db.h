#ifndef KLUIS_STORE_DB_H
#define KLUIS_STORE_DB_H
#include <stddef.h>
#include <stdint.h>

/* The thin database interface every src/store/ module uses. SQL is written
 * once with $1..$N placeholders; SQLite binds them by name, PostgreSQL
 * natively. Only files under src/store/ include this header.
 *
 * A struct store is a pool of connections; a thread takes one with
 * store_acquire and gives it back with store_release. A connection caches
 * its prepared statements by SQL text pointer (static strings), so callers
 * pass string literals. */
struct store;
struct db;
struct db_stmt;

enum { DB_DONE = 0, DB_ROW = 1 };

/* store_open: open the database named by url ("" → SQLite file
 * data_dir/kluis.db, "sqlite:PATH" → that file). K_OK or K_EDB + err. */
int store_open(struct store **out, const char *url, const char *data_dir, char *err, size_t errlen);
/* store_migrate: apply every embedded migration not yet applied, each in its
 * own transaction. *applied = number applied now. */
int store_migrate(struct store *s, int *applied, char *err, size_t errlen);
/* store_close: close all pooled connections. Every connection must have been
 * released. */
void store_close(struct store *s);
/* store_acquire: a connection for this thread (never NULL; opens one if the
 * pool is empty). */
struct db *store_acquire(struct store *s);
/* store_release: give a connection back (rolls back an open transaction). */
void store_release(struct store *s, struct db *db);

/* Transactions. db_begin takes the write lock at once (BEGIN IMMEDIATE) so a
 * transaction never fails half-way on a lock upgrade. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* db_exec: run SQL without parameters or results (may hold several
 * statements). */
int db_exec(struct db *db, const char *sql);

/* db_prepare: a reset statement for sql (cached); NULL on error (logged). */
struct db_stmt *db_prepare(struct db *db, const char *sql);
/* Bind parameter $n (1-based). text NULL binds NULL. */
void db_bind_text(struct db_stmt *st, int n, const char *text);
void db_bind_int(struct db_stmt *st, int n, int64_t v);
void db_bind_blob(struct db_stmt *st, int n, const void *data, size_t len);
void db_bind_null(struct db_stmt *st, int n);
/* db_step: DB_ROW, DB_DONE, or K_ECONFLICT (constraint), K_EBUSY, K_EDB. */
int db_step(struct db_stmt *st);
/* Column accessors (0-based) for the current row. Text is "" for NULL and
 * valid until the next step/reset. */
const char *db_col_text(struct db_stmt *st, int i);
int64_t db_col_int(struct db_stmt *st, int i);
const void *db_col_blob(struct db_stmt *st, int i, size_t *len);
int db_col_is_null(struct db_stmt *st, int i);
/* db_row_json: the current row as a JSON object keyed by column name
 * (INTEGER → integer, REAL → real, TEXT → string, NULL → null; BLOBs are
 * left out). A column alias ending in "__bool" becomes a boolean under the
 * name without the suffix; one ending in "__json" is parsed as JSON text. */
struct json_t;
struct json_t *db_row_json(struct db_stmt *st);
/* db_run_stmt: step once, then db_done. K_OK for a row or done, else the
 * error (K_ECONFLICT, K_EBUSY, K_EDB). */
int db_run_stmt(struct db_stmt *st);
/* db_returning_id: step an INSERT ... RETURNING id; *id set. K_OK, or the
 * error (K_EDB when no row came back). */
int db_returning_id(struct db_stmt *st, int64_t *id);
/* db_one_json: the single row of a bound statement as *out (db_row_json),
 * then db_done. K_OK, K_ENOTFOUND when there is no row, or the error. */
int db_one_json(struct db_stmt *st, struct json_t **out);
/* db_rows_json: append every result row (db_row_json) to arr, then
 * db_done. */
int db_rows_json(struct db_stmt *st, struct json_t *arr);
/* db_bind_id: bind an id, or NULL when v <= 0 (optional foreign keys). */
void db_bind_id(struct db_stmt *st, int n, int64_t v);
/* db_done: reset the statement and clear its bindings (always call it). */
void db_done(struct db_stmt *st);
/* db_end: finish the transaction of db_begin by the outcome rc: commit
 * when rc is K_OK (returning the commit's result), else roll back and
 * return rc. */
int db_end(struct db *db, int rc);
/* db_changes: rows changed by the last statement. */
int64_t db_changes(struct db *db);
/* db_run: prepare + step once + done, for writes without result rows.
 * Parameters are given as text (NULL → NULL). Returns K_OK or an error. */
int db_run(struct db *db, const char *sql, int nparams, const char *const *params);

#endif
