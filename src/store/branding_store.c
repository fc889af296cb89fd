/* SQL for the vault branding (P13). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/branding_store.h"
#include "store/db.h"
#include "util/alloc.h"
#include "util/err.h"

int store_branding_get(struct db *db, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT firm_name, primary_color, header_text, welcome_text, "
					    "(logo IS NOT NULL) AS has_logo__bool, logo_type, updated_at FROM branding "
					    "WHERE id = 1");
	if (!st)
		return K_EDB;
	return db_one_json(st, out);
}

int store_branding_set(struct db *db, const char *firm, const char *color, const char *header, const char *welcome,
		       int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE branding SET firm_name = $1, primary_color = $2, header_text = $3, "
					    "welcome_text = $4, updated_at = $5 WHERE id = 1");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, firm);
	db_bind_text(st, 2, color);
	db_bind_text(st, 3, header);
	db_bind_text(st, 4, welcome);
	db_bind_int(st, 5, now);
	return db_run_stmt(st);
}

int store_branding_logo_set(struct db *db, const void *data, size_t len, const char *type, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE branding SET logo = $1, logo_type = $2, updated_at = $3 WHERE id = 1");
	if (!st)
		return K_EDB;
	if (data)
		db_bind_blob(st, 1, data, len);
	else
		db_bind_null(st, 1);
	db_bind_text(st, 2, data ? type : "");
	db_bind_int(st, 3, now);
	return db_run_stmt(st);
}

int store_branding_logo_get(struct db *db, void **data, size_t *len, char type[32])
{
	struct db_stmt *st = db_prepare(db, "SELECT logo, logo_type FROM branding WHERE id = 1 AND logo IS NOT NULL");
	if (!st)
		return K_EDB;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		size_t n = 0;
		const void *p = db_col_blob(st, 0, &n);
		*data = xmalloc(n ? n : 1);
		if (n)
			memcpy(*data, p, n);
		*len = n;
		snprintf(type, 32, "%s", db_col_text(st, 1));
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}
