#ifndef KLUIS_STORE_DOCUMENT_STORE_H
#define KLUIS_STORE_DOCUMENT_STORE_H
#include <jansson.h>
#include <stdint.h>

struct db;

/* SQL for documents and tasks. */

struct document_new {
	int64_t dossier_id, product_id, request_id; /* dossier 0: a general document */
	const char *kind, *description, *blob_id, *checks, *created_by_kind;
	int64_t size, pages, created_by_id;
	int public_;
	int share;           /* R7: the creation is the advisor's "public" switch */
	int64_t category_id; /* R10, general documents; 0 none */
	const char *end_date; /* R9, general documents; NULL/"" none */
};

int store_document_insert(struct db *db, const struct document_new *d, int64_t now, int64_t *id);
/* store_document_insert: shared is set only when d->share, d->public_ and
 * the dossier's documents were first shared already (R7). */
/* store_document_get: {id, dossier_id, product_id, request_id, kind,
 * description, blob_id, size, pages, public, shared, policy_sheet, end_date,
 * category_id, category, checks, created_by_kind, created_at}. */
int store_document_get(struct db *db, int64_t id, json_t **out);
/* store_documents_of_dossier: personal documents, newest first;
 * shared_only: those in the vault (R7). */
int store_documents_of_dossier(struct db *db, int64_t dossier_id, int shared_only, json_t *items);
/* store_documents_general: general documents by category; vault_date NULL:
 * all of them (staff), else those a vault that came into being on that date
 * ("YYYY-MM-DD") sees: public, and no end date before it (R9). */
int store_documents_general(struct db *db, const char *vault_date, json_t *items);
/* store_dossier_share_first: R7, at a vault's activation: the first time
 * for this dossier, every public personal document is shared (*shared = 1);
 * any later time nothing happens (*shared = 0). */
int store_dossier_share_first(struct db *db, int64_t dossier_id, int64_t now, int *shared);

/* store_document_update: set description (NULL keep), public (<0 keep;
 * also shares/unshares a personal document once the dossier was first
 * shared, R7), end_date (NULL keep, "" clears). */
int store_document_update(struct db *db, int64_t id, const char *description, int public_, const char *end_date);

/* store_documents_unpublish_policy: every policy sheet of the product
 * non-public and out of the vault (R8). */
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

/* Categories of "Belangrijke documenten" (R10): {id, name, position,
 * documents}. Insert/update: K_ECONFLICT for a name in use; update/get:
 * K_ENOTFOUND; delete: K_ECONFLICT while documents use it (or none). */
int store_categories(struct db *db, json_t *items);
int store_category_get(struct db *db, int64_t id, json_t **out);
int store_category_insert(struct db *db, const char *name, int64_t position, int64_t now, int64_t *id);
/* store_category_update: name NULL keeps it, position < 0 keeps it. */
int store_category_update(struct db *db, int64_t id, const char *name, int64_t position);
int store_category_delete(struct db *db, int64_t id);

#endif
