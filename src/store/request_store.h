#ifndef KLUIS_STORE_REQUEST_STORE_H
#define KLUIS_STORE_REQUEST_STORE_H
#include <jansson.h>
#include <stdint.h>

struct db;

/* SQL for document types and document requests (checklist items). */

/* store_doctype_list: {id, name, category (null if none), delivered_by,
 * validity_months (null if none), created_at} appended, by name. */
int store_doctype_list(struct db *db, json_t *items);
/* store_doctype_get: one type as in the list, or K_ENOTFOUND. */
int store_doctype_get(struct db *db, int64_t id, json_t **out);
/* store_doctype_insert: category NULL = none; validity_months 0 = none.
 * K_ECONFLICT when the name (case-insensitive) exists. */
int store_doctype_insert(struct db *db, const char *name, const char *category, const char *delivered_by,
			 int validity_months, int64_t now, int64_t *id);

/* store_request_insert: a new open item; created_by 0 = not a staff member. */
int store_request_insert(struct db *db, int64_t product_id, int64_t dossier_id, int64_t doctype_id,
			 const char *subject, int64_t created_by, int64_t now, int64_t *id);
/* store_request_get: {id, product_id, dossier_id, document_type_id,
 * document_type, subject, status, reason, comment, re_requested (bool),
 * document_id (null until delivered), created_at, updated_at, and for the
 * visibility rule: product_public (bool), product_type, category (null if
 * none), delivered_by}, or K_ENOTFOUND. */
int store_request_get(struct db *db, int64_t id, json_t **out);
/* store_requests_of_product / store_requests_of_dossier: items as in
 * store_request_get appended, oldest first. */
int store_requests_of_product(struct db *db, int64_t product_id, json_t *items);
int store_requests_of_dossier(struct db *db, int64_t dossier_id, json_t *items);
/* store_request_update: status set; non-NULL reason/comment/subject set;
 * re_requested < 0 = keep; document_id 0 = keep. K_ENOTFOUND if no row. */
int store_request_update(struct db *db, int64_t id, const char *status, const char *reason, const char *comment,
			 const char *subject, int re_requested, int64_t document_id, int64_t now);

#endif
