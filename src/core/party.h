#ifndef KLUIS_CORE_PARTY_H
#define KLUIS_CORE_PARTY_H
#include <jansson.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "util/err.h"

/* Parties of a dossier (D2): persons and organisations with typed e-mails,
 * phones (E.164 via libphonenumber, national numbers as NL) and addresses.
 * Every function checks RIGHT_WORK_DOSSIERS, writes the audit log and keeps
 * the dossier's search index current. BSNs are validated (11-test), stored
 * encrypted and only ever returned masked, except by person_reveal_bsn.
 * Errors: K_EINVAL/K_ECONFLICT with f (code, field path like
 * "phones[0].number", Dutch message), K_ENOTFOUND, K_EDENIED. */

/* person_create: in = {role, first_name?, infix?, last_name, birth_date?,
 * nationality?, bsn?, emails?, phones?, addresses?}; *out = the person. */
int person_create(struct app *app, const struct actor *a, int64_t dossier_id, const json_t *in, json_t **out,
		  struct kfail *f);
/* person_update: partial update; arrays given replace the old ones; "bsn":
 * null removes it. */
int person_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		  struct kfail *f);
/* person_delete: K_ECONFLICT when the person is the only rights holder of a
 * service (D3: a service keeps at least one). */
int person_delete(struct app *app, const struct actor *a, int64_t id);
/* person_get: one person (BSN masked). Audited as a view of its dossier. */
int person_get(struct app *app, const struct actor *a, int64_t id, json_t **out);
/* person_reveal_bsn: the unmasked BSN (needs RIGHT_REVEAL_BSN; audited).
 * K_ENOTFOUND if the person has none. */
int person_reveal_bsn(struct app *app, const struct actor *a, int64_t id, char bsn[10]);

/* org_create: in = {name, role, kvk?, emails?, phones?, addresses?}. */
int org_create(struct app *app, const struct actor *a, int64_t dossier_id, const json_t *in, json_t **out,
	       struct kfail *f);
/* org_update: partial update, as person_update. */
int org_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out, struct kfail *f);
/* org_delete: K_ECONFLICT when the organisation is the only rights holder of
 * a service (D3). */
int org_delete(struct app *app, const struct actor *a, int64_t id);
/* org_get: one organisation with its contacts. Audited view. */
int org_get(struct app *app, const struct actor *a, int64_t id, json_t **out);

/* party_present: make a stored person/organisation fit for output (BSN
 * masked, internal columns removed). Used by dossier views too. */
void party_present(json_t *party);

#endif
