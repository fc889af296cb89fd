#ifndef KLUIS_STORE_DOCUMENT_STORE_H
#define KLUIS_STORE_DOCUMENT_STORE_H
#include <jansson.h>
#include <stdint.h>

struct db;

/* SQL for documents and tasks. */

struct document_new {
	int64_t dossier_id, product_id, request_id;
	const char *kind, *description, *blob_id, *checks, *created_by_kind;
	int64_t size, pages, created_by_id;
	int public_;
};

int store_document_insert(struct db *db, const struct document_new *d, int64_t now, int64_t *id);
/* store_document_get: {id, dossier_id, product_id, request_id, kind,
 * description, blob_id, size, pages, public, end_date, checks, created_at}. */
int store_document_get(struct db *db, int64_t id, json_t **out);
/* store_documents_of_dossier: newest first; public_only for the vault. */
int store_documents_of_dossier(struct db *db, int64_t dossier_id, int public_only, json_t *items);

/* store_document_update: set description (NULL keep), public (<0 keep),
 * end_date (NULL keep, "" clears). */
int store_document_update(struct db *db, int64_t id, const char *description, int public_, const char *end_date);

/* store_documents_unpublish_policy: every policy sheet of the product
 * non-public (R8). */
int store_documents_unpublish_policy(struct db *db, int64_t product_id);
/* store_document_set_policy: mark a document as the product's policy sheet. */
int store_document_set_policy(struct db *db, int64_t id);

/* store_task_group: the open task of kind for dossier and assignee created
 * at or after since (R4's two hours), or 0. */
int store_task_group(struct db *db, int64_t dossier_id, int64_t assignee_id, const char *kind, int64_t since,
		     int64_t *task_id);
int store_task_insert(struct db *db, int64_t assignee_id, const char *kind, int64_t dossier_id, int64_t product_id,
		      int64_t request_id, const char *title, int64_t now, int64_t *id);
/* store_task_add_item: one more item on a grouped task. */
int store_task_add_item(struct db *db, int64_t id, const char *title, int64_t now);
/* store_tasks_open: open tasks of an assignee, newest first (max). */
int store_tasks_open(struct db *db, int64_t assignee_id, int max, json_t *items);

#endif
