#ifndef KLUIS_STORE_PRODUCT_STORE_H
#define KLUIS_STORE_PRODUCT_STORE_H
#include <jansson.h>
#include <stdint.h>

struct db;

/* SQL for products and their rights holders. */

/* store_product_insert: *id set. card is JSON object text. */
int store_product_insert(struct db *db, int64_t dossier_id, const char *type, const char *name, int public_,
			 const char *status, const char *card, int64_t now, int64_t *id);
/* store_product_update: non-NULL fields are set; public_ < 0 = keep. */
int store_product_update(struct db *db, int64_t id, const char *name, int public_, const char *status,
			 const char *card, int64_t now);
/* store_product_get: {id, dossier_id, type, name, public, status, card,
 * holders: [{id, person_id, organisation_id, name}], created_at,
 * updated_at}. */
int store_product_get(struct db *db, int64_t id, json_t **out);
/* store_products_of_dossier: product objects (with holders) appended. */
int store_products_of_dossier(struct db *db, int64_t dossier_id, json_t *items);
/* store_product_holders_set: replace holders; persons/orgs are id arrays. */
int store_product_holders_set(struct db *db, int64_t product_id, const json_t *person_ids, const json_t *org_ids);

/* store_sole_holder_count: services whose only rights holder is this person
 * (kind 0) or organisation (kind 1). */
int store_sole_holder_count(struct db *db, int kind, int64_t id, int64_t *n);

#endif
