#ifndef KLUIS_CORE_DOCTYPE_H
#define KLUIS_CORE_DOCTYPE_H
#include <jansson.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "util/err.h"

/* Document types (issue 5 item 2): name, category (optional; without one a
 * type is never shown in the vault, R2), delivered by "client" or "lender"
 * (R2: only client types are shown), optional validity in months (X3).
 * Seeded: Taxatierapport 6, Werkgeversverklaring 3, Salarisstrook 3,
 * Bouwkundig rapport 12. Reading needs RIGHT_WORK_DOSSIERS, creating
 * RIGHT_MANAGE_DOCTYPES (admins); creation is audited. */

/* doctype_list: *out = {"items": [{id, name, category|null, delivered_by,
 * validity_months|null, created_at}]} by name. */
int doctype_list(struct app *app, const struct actor *a, json_t **out);
/* doctype_create: in = {name, category?, delivered_by? ("client" default),
 * validity_months? (1..120)}. 422 missing_field/invalid_field/
 * invalid_delivered_by/invalid_validity; 409 name_taken. *out = the type. */
int doctype_create(struct app *app, const struct actor *a, const json_t *in, json_t **out, struct kfail *f);

#endif
