/* SQLite backend of the db interface: WAL, foreign keys, busy timeout, a
 * per-connection statement cache, and a connection pool. */
#include <errno.h>
#include <pthread.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "store/db.h"
#include "util/alloc.h"
#include "util/embedded.h"
#include "util/err.h"
#include "util/log.h"

#define STMT_CACHE 256
#define POOL_MAX 128

struct db_stmt {
	sqlite3_stmt *st;
	struct db *db;
};

struct cache_entry {
	const char *sql;
	struct db_stmt stmt;
};

struct db {
	sqlite3 *h;
	struct db *next;
	int in_tx;
	int writer;   /* this connection holds the writer gate */
	int wal_pages; /* WAL size after this connection's last commit */
	struct cache_entry cache[STMT_CACHE];
};

struct store {
	char path[1024];
	pthread_mutex_t lock;
	struct db *free_list;
	int open_count;
};

#define WAL_CHECKPOINT_PAGES 1000 /* SQLite's own default */

static int wal_note(void *arg, sqlite3 *h, const char *name, int pages)
{
	(void)h;
	(void)name;
	((struct db *)arg)->wal_pages = pages;
	return SQLITE_OK;
}

static int open_conn(const char *path, struct db **out, char *err, size_t errlen)
{
	struct db *db = xcalloc(1, sizeof *db);
	int rc = sqlite3_open_v2(path, &db->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "sqlite open %s: %s", path, db->h ? sqlite3_errmsg(db->h) : "?");
		sqlite3_close(db->h);
		free(db);
		return K_EDB;
	}
	sqlite3_busy_timeout(db->h, 5000);
	/* no checkpoint inside COMMIT (it would run while the writer gate is
	 * held): wal_note records the WAL size, writer_give checkpoints */
	sqlite3_wal_hook(db->h, wal_note, db);
	sqlite3_extended_result_codes(db->h, 1);
	char *msg = NULL;
	rc = sqlite3_exec(db->h,
			  "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
			  "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "sqlite pragma: %s", msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(db->h);
		free(db);
		return K_EDB;
	}
	*out = db;
	return K_OK;
}

static void close_conn(struct db *db)
{
	for (int i = 0; i < STMT_CACHE; i++)
		if (db->cache[i].stmt.st)
			sqlite3_finalize(db->cache[i].stmt.st);
	sqlite3_close(db->h);
	free(db);
}

int store_open(struct store **out, const char *url, const char *data_dir, char *err, size_t errlen)
{
	struct store *s = xcalloc(1, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	if (url && strncmp(url, "sqlite:", 7) == 0)
		snprintf(s->path, sizeof s->path, "%s", url + 7);
	else
		snprintf(s->path, sizeof s->path, "%s/kluis.db", data_dir);
	struct db *db = NULL;
	int rc = open_conn(s->path, &db, err, errlen);
	if (rc) {
		pthread_mutex_destroy(&s->lock);
		free(s);
		return rc;
	}
	chmod(s->path, 0600);
	s->free_list = db;
	s->open_count = 1;
	*out = s;
	return K_OK;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	while (s->free_list) {
		struct db *n = s->free_list->next;
		close_conn(s->free_list);
		s->free_list = n;
	}
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* --- the writer gate ------------------------------------------------------
 * SQLite has one writer at a time. Left to itself, a connection that finds
 * the database locked sleeps in SQLite's busy handler (1, 2, 5 ... 100 ms
 * steps), so under concurrent writes most of the waiting is sleeping: the
 * dossier view (one audit row each) had a p99 of 100-190 ms at 64
 * connections. Writers in this process therefore queue on a mutex first and
 * are woken the moment the previous writer finishes; SQLite's busy timeout
 * still covers other processes (kluis user add, migrate). A write
 * transaction holds the gate from db_begin to its commit/rollback; a single
 * write statement outside one from its first step to db_done. Waiting is
 * bounded (WRITER_WAIT_SECONDS, then K_EBUSY) as SQLite's was. */
#define WRITER_WAIT_SECONDS 5
static pthread_mutex_t writer_gate = PTHREAD_MUTEX_INITIALIZER;

static int writer_take(struct db *db)
{
	if (db->writer)
		return K_OK;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WRITER_WAIT_SECONDS;
	if (pthread_mutex_timedlock(&writer_gate, &until) != 0)
		return K_EBUSY;
	db->writer = 1;
	return K_OK;
}

static void writer_give(struct db *db)
{
	if (!db->writer)
		return;
	db->writer = 0;
	pthread_mutex_unlock(&writer_gate);
	/* the checkpoint SQLite would have run inside COMMIT, now with the
	 * gate open: other writers go on (a PASSIVE checkpoint needs no write
	 * lock and never waits for readers) */
	if (db->wal_pages >= WAL_CHECKPOINT_PAGES) {
		db->wal_pages = 0;
		sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	}
}

struct db *store_acquire(struct store *s)
{
	pthread_mutex_lock(&s->lock);
	struct db *db = s->free_list;
	if (db)
		s->free_list = db->next;
	else
		s->open_count++;
	pthread_mutex_unlock(&s->lock);
	if (db)
		return db;
	char err[256];
	if (open_conn(s->path, &db, err, sizeof err) != K_OK) {
		log_error("store: %s", err);
		abort();
	}
	return db;
}

void store_release(struct store *s, struct db *db)
{
	if (!db)
		return;
	if (db->in_tx)
		db_rollback(db);
	if (db->writer) { /* a write statement left without db_done */
		log_warn("store: a write statement was not finished (db_done missing)");
		for (sqlite3_stmt *p = sqlite3_next_stmt(db->h, NULL); p; p = sqlite3_next_stmt(db->h, p))
			sqlite3_reset(p);
		writer_give(db);
	}
	pthread_mutex_lock(&s->lock);
	db->next = s->free_list;
	s->free_list = db;
	pthread_mutex_unlock(&s->lock);
}

static int map_rc(sqlite3 *h, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
		return K_OK;
	case SQLITE_CONSTRAINT:
		return K_ECONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return K_EBUSY;
	default:
		log_error("sqlite: %s (%d)", sqlite3_errmsg(h), rc);
		return K_EDB;
	}
}

int db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("sqlite exec: %s", msg ? msg : "?");
		sqlite3_free(msg);
	}
	return map_rc(db->h, rc);
}

int db_begin(struct db *db)
{
	int rc = writer_take(db);
	if (rc)
		return rc;
	rc = db_exec(db, "BEGIN IMMEDIATE");
	if (rc == K_OK)
		db->in_tx = 1;
	else
		writer_give(db);
	return rc;
}

int db_commit(struct db *db)
{
	int rc = db_exec(db, "COMMIT");
	if (rc == K_OK) {
		db->in_tx = 0;
		writer_give(db);
	} else {
		db_rollback(db);
	}
	return rc;
}

void db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	writer_give(db);
}

int db_end(struct db *db, int rc)
{
	if (rc == K_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;
	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct cache_entry *e = &db->cache[(h + i) % STMT_CACHE];
		if (e->sql == sql)
			return &e->stmt;
		if (e->sql == NULL) {
			sqlite3_stmt *st = NULL;
			int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
			if (rc != SQLITE_OK) {
				log_error("sqlite prepare: %s", sqlite3_errmsg(db->h));
				return NULL;
			}
			e->sql = sql;
			e->stmt.st = st;
			e->stmt.db = db;
			return &e->stmt;
		}
	}
	/* cache full: should not happen with a fixed set of queries */
	log_error("sqlite: statement cache full");
	return NULL;
}

static int pidx(struct db_stmt *st, int n)
{
	char name[16];
	snprintf(name, sizeof name, "$%d", n);
	return sqlite3_bind_parameter_index(st->st, name);
}

void db_bind_text(struct db_stmt *st, int n, const char *text)
{
	int i = pidx(st, n);
	if (!i)
		return;
	if (text)
		sqlite3_bind_text(st->st, i, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->st, i);
}

void db_bind_int(struct db_stmt *st, int n, int64_t v)
{
	int i = pidx(st, n);
	if (i)
		sqlite3_bind_int64(st->st, i, v);
}

void db_bind_blob(struct db_stmt *st, int n, const void *data, size_t len)
{
	int i = pidx(st, n);
	if (i)
		sqlite3_bind_blob64(st->st, i, data, len, SQLITE_TRANSIENT);
}

void db_bind_null(struct db_stmt *st, int n)
{
	int i = pidx(st, n);
	if (i)
		sqlite3_bind_null(st->st, i);
}

int db_step(struct db_stmt *st)
{
	/* a write outside a transaction: through the gate until db_done */
	if (!st->db->in_tx && !st->db->writer && !sqlite3_stmt_readonly(st->st) && !sqlite3_stmt_busy(st->st) &&
	    writer_take(st->db) != K_OK)
		return K_EBUSY;
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return map_rc(st->db->h, rc);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st->st, i);
	return t ? (const char *)t : "";
}

int64_t db_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->st, i);
}

const void *db_col_blob(struct db_stmt *st, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(st->st, i);
	*len = (size_t)sqlite3_column_bytes(st->st, i);
	return p;
}

int db_col_is_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

json_t *db_row_json(struct db_stmt *st)
{
	json_t *o = json_object();
	int n = sqlite3_column_count(st->st);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st->st, i);
		size_t nl = strlen(name);
		char key[128];
		snprintf(key, sizeof key, "%s", name);
		int as_bool = nl > 6 && strcmp(name + nl - 6, "__bool") == 0;
		int as_json = nl > 6 && strcmp(name + nl - 6, "__json") == 0;
		if (as_bool || as_json)
			key[nl - 6 < sizeof key ? nl - 6 : sizeof key - 1] = '\0';
		json_t *v = NULL;
		switch (sqlite3_column_type(st->st, i)) {
		case SQLITE_INTEGER:
			v = as_bool ? json_boolean(sqlite3_column_int64(st->st, i) != 0)
				    : json_integer(sqlite3_column_int64(st->st, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(st->st, i));
			break;
		case SQLITE_TEXT: {
			const char *t = (const char *)sqlite3_column_text(st->st, i);
			if (as_json) {
				json_error_t je;
				v = json_loads(t, JSON_DECODE_ANY, &je);
			}
			if (!v)
				v = json_string(t);
			break;
		}
		case SQLITE_NULL:
			v = as_bool ? json_false() : json_null();
			break;
		default:
			continue;
		}
		json_object_set_new(o, key, v ? v : json_null());
	}
	return o;
}

void db_done(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
	if (!st->db->in_tx)
		writer_give(st->db);
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

int db_run_stmt(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return (rc == DB_DONE || rc == DB_ROW) ? K_OK : rc;
}

int db_returning_id(struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_EDB;
	}
	db_done(st);
	return rc;
}

int db_one_json(struct db_stmt *st, json_t **out)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_row_json(st);
	db_done(st);
	if (rc == DB_ROW)
		return K_OK;
	return rc == DB_DONE ? K_ENOTFOUND : rc;
}

int db_rows_json(struct db_stmt *st, json_t *arr)
{
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(arr, db_row_json(st));
	db_done(st);
	return rc == DB_DONE ? K_OK : rc;
}

void db_bind_id(struct db_stmt *st, int n, int64_t v)
{
	if (v > 0)
		db_bind_int(st, n, v);
	else
		db_bind_null(st, n);
}

int db_run(struct db *db, const char *sql, int nparams, const char *const *params)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return K_EDB;
	for (int i = 0; i < nparams; i++)
		db_bind_text(st, i + 1, params[i]);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? K_OK : rc;
}

/* --- migrations ------------------------------------------------------- */

static int cmp_names(const void *a, const void *b)
{
	const struct embedded_file *x = *(const struct embedded_file *const *)a;
	const struct embedded_file *y = *(const struct embedded_file *const *)b;
	return strcmp(x->name, y->name);
}

int store_migrate(struct store *s, int *applied, char *err, size_t errlen)
{
	static const char prefix[] = "src/store/migrations/sqlite/";
	const struct embedded_file *list[256];
	size_t n = 0;
	int rc = K_OK;
	*applied = 0;
	for (size_t i = 0; i < embedded_count && n < 256; i++)
		if (strncmp(embedded_files[i].name, prefix, sizeof prefix - 1) == 0)
			list[n++] = &embedded_files[i];
	qsort(list, n, sizeof list[0], cmp_names);

	struct db *db = store_acquire(s);
	rc = db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			 "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
	if (rc)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const char *base = list[i]->name + sizeof prefix - 1;
		char *end = NULL;
		long version = strtol(base, &end, 10);
		if (end == base || version <= 0) {
			snprintf(err, errlen, "migration %s: name must start with a number", base);
			rc = K_EINVAL;
			goto out;
		}
		struct db_stmt *st = db_prepare(db, "SELECT 1 FROM schema_migrations WHERE version = $1");
		if (!st) {
			rc = K_EDB;
			goto out;
		}
		db_bind_int(st, 1, version);
		int have = db_step(st) == DB_ROW;
		db_done(st);
		if (have)
			continue;
		if ((rc = db_begin(db)))
			goto out;
		rc = db_exec(db, (const char *)list[i]->data);
		if (rc == K_OK) {
			st = db_prepare(db, "INSERT INTO schema_migrations(version, name, applied_at) "
					    "VALUES ($1, $2, strftime('%s','now'))");
			db_bind_int(st, 1, version);
			db_bind_text(st, 2, base);
			rc = db_step(st) == DB_DONE ? K_OK : K_EDB;
			db_done(st);
		}
		rc = db_end(db, rc);
		if (rc) {
			snprintf(err, errlen, "migration %s failed", base);
			goto out;
		}
		(*applied)++;
		log_info("migration applied version=%ld name=%s", version, base);
	}
out:
	store_release(s, db);
	return rc;
}
