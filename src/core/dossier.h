#ifndef KLUIS_CORE_DOSSIER_H
#define KLUIS_CORE_DOSSIER_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "util/err.h"

/* Dossiers (D1): create, view, search, change. Every function checks
 * RIGHT_WORK_DOSSIERS; views and changes are audited. */

#define DOSSIER_QUERY_MAX 200
#define DOSSIER_PAGE_MAX 100

/* dossier_create: in = {kind: "private"|"business", name?, advisor_id?,
 * handler_id?, office_id?}. New dossiers are prospects. The advisor defaults
 * to the actor when the actor is an advisor; the handler follows the advisor
 * support relation (D8). *out = the dossier view. */
int dossier_create(struct app *app, const struct actor *a, const json_t *in, json_t **out, struct kfail *f);
/* dossier_get: {id, number, kind, status, name, advisor.., persons,
 * organisations, products}. Audited as "dossier.view". */
int dossier_get(struct app *app, const struct actor *a, int64_t id, json_t **out);
/* dossier_update: in = {name?, advisor_id?, handler_id?, status?}. */
int dossier_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		   struct kfail *f);
/* dossier_search: q over name, birth date (dd-mm-jjjj or jjjj-mm-dd),
 * postcode, e-mail and dossier number; ranked; page is 1-based.
 * *out = {items, total, page, per_page, query, hint?}. An empty q lists the
 * most recently changed dossiers. */
int dossier_search(struct app *app, const struct actor *a, const char *q, int page, int per_page, json_t **out);
/* dossier_match_expr: turn user text into a safe FTS5 expression (tokens
 * quoted, prefix-matched, dates normalised). "" when q has no tokens.
 * Exposed for tests and the fuzzer. */
int dossier_match_expr(const char *q, char *out, size_t outlen);

#endif
