#ifndef KLUIS_CORE_PRODUCT_H
#define KLUIS_CORE_PRODUCT_H
#include <jansson.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "util/err.h"

/* Products of a dossier (D3): service ("dienst") with a product card and
 * rights holders, mortgage, life and non-life insurance, contract, consumer
 * credit, savings & banking. Each has a public flag (shown in the vault) and
 * a status. Rights: RIGHT_WORK_DOSSIERS; every change audited. */

/* product_type_label / product_status_label: Dutch labels ("" if unknown). */
const char *product_type_label(const char *type);
const char *product_status_label(const char *status);
/* product_card_fields: the product-card fields of a type as a JSON array of
 * {key, label, kind: "text"|"date"|"amount"} (new reference). */
json_t *product_card_fields(const char *type);

/* product_create: in = {type, name?, public?, status?, card?, holders?:
 * [{"person_id"}|{"organisation_id"}]}. Without holders the dossier's
 * applicants (or client organisations) become the rights holders; a service
 * needs at least one (422 no_rights_holder when the dossier has none). */
int product_create(struct app *app, const struct actor *a, int64_t dossier_id, const json_t *in, json_t **out,
		   struct kfail *f);
/* product_update: in = {public?, status?, name?, card?, holders?}. */
int product_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		   struct kfail *f);
/* product_get: the product with its card and holders. Audited view. */
int product_get(struct app *app, const struct actor *a, int64_t id, json_t **out);
/* product_present: add labels for output. */
void product_present(json_t *p);

#endif
