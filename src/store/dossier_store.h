#ifndef KLUIS_STORE_DOSSIER_STORE_H
#define KLUIS_STORE_DOSSIER_STORE_H
#include <jansson.h>
#include <stdint.h>

struct db;

/* SQL for dossiers and their search index. Reads return JSON objects the
 * caller owns (json_decref). */

/* store_dossier_insert: new dossier with status prospect; its number is
 * derived from the id (1000000 + id). *id set. */
int store_dossier_insert(struct db *db, const char *kind, const char *name, int64_t office_id, int64_t advisor_id,
			 int64_t handler_id, int64_t created_by, int64_t now, int64_t *id);
/* store_dossier_get: {id, number, kind, status, name, office_id, advisor_id,
 * advisor_name, handler_id, handler_name, created_at, updated_at} or
 * K_ENOTFOUND. */
int store_dossier_get(struct db *db, int64_t id, json_t **out);
/* store_dossier_update: set the non-NULL/non-zero fields (name, status,
 * advisor_id, handler_id, office_id; 0 = keep) and updated_at. */
int store_dossier_update(struct db *db, int64_t id, const char *name, const char *status, int64_t advisor_id,
			 int64_t handler_id, int64_t office_id, int64_t now);
/* store_dossier_touch: updated_at = now. */
int store_dossier_touch(struct db *db, int64_t id, int64_t now);
/* store_dossier_reindex: rebuild the dossier's search row (number, names,
 * birth dates, postcodes, e-mails) and its display name if it has none. */
int store_dossier_reindex(struct db *db, int64_t id);
/* store_dossier_search: FTS5 match expression (already built and safe),
 * ranked (bm25), limit/offset; appends {id, number, name, status, kind,
 * birth_date, postcode, updated_at} objects to items; *total = all matches
 * (capped at 1000). An empty match lists the most recently changed. */
int store_dossier_search(struct db *db, const char *match, int limit, int offset, json_t *items, int64_t *total);
/* store_dossier_count: number of dossiers. */
int store_dossier_count(struct db *db, int64_t *n);

#endif
