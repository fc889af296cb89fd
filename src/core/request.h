#ifndef KLUIS_CORE_REQUEST_H
#define KLUIS_CORE_REQUEST_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "util/err.h"

/* Document requests: the checklist items of a product (R1, R2, R5, R6).
 *
 * An item is open, delivered (the client sent a document), approved or
 * rejected. A rejection reopens it: it needs a reason, sets re_requested and
 * marks the subject " (opnieuw opgevraagd)" once; the client delivers again.
 * Staff actions need RIGHT_WORK_DOSSIERS; a client only reaches the items of
 * its own dossier that request_visible allows, anything else is K_ENOTFOUND
 * with an audit line "request.denied". Every change is audited. Creating a
 * checklist (or one item by hand) and rejecting send ONE "mail.send" outbox
 * event per action (templates new_requests / request_rejected) to the
 * vault's primary user when the vault is active and the client can see at
 * least one of the items concerned. */

#define REQUEST_RE_REQUESTED " (opnieuw opgevraagd)"
#define REQUEST_CHECKLIST_MAX 50

/* request_visible (R2): item (a store_request_get object) is shown in the
 * vault only if its product is public AND its document type has a category
 * AND the type is delivered by the client. */
bool request_visible(const json_t *item);
/* request_handled (R6): delivered or approved (a rejection reopens). */
bool request_handled(const json_t *item);

/* request_checklist_create: in = {"document_type_ids": [id, ...]} (1..50,
 * each an existing type; repeats are created once). One item per type with
 * the type's name as subject. *out = {"items": [...]} (staff shape). 404 for
 * an unknown product; 422 missing_field / invalid_document_type. */
int request_checklist_create(struct app *app, const struct actor *a, int64_t product_id, const json_t *in,
			     json_t **out, struct kfail *f);
/* request_create: one item by hand: in = {document_type_id, subject?} (the
 * subject defaults to the type's name, at most 200 bytes). *out = the item. */
int request_create(struct app *app, const struct actor *a, int64_t product_id, const json_t *in, json_t **out,
		   struct kfail *f);
/* request_list_product: *out = {"items": [...]} every item of the product
 * with status and "visible" (R2), for staff. Audited view. */
int request_list_product(struct app *app, const struct actor *a, int64_t product_id, json_t **out);
/* request_approve: in = {comment?}; any state but approved (409
 * already_approved). *out = the item. */
int request_approve(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		    struct kfail *f);
/* request_reject: in = {reason, comment?}; the item must be delivered or
 * approved (409 not_delivered); 422 missing_field reason. *out = the item. */
int request_reject(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		   struct kfail *f);
/* request_mark_delivered: the upload flow's step: status delivered with
 * document_id (> 0). Actor: the client of the item's dossier (item visible),
 * staff with RIGHT_WORK_DOSSIERS, or the system. An approved item is
 * K_ECONFLICT. */
int request_mark_delivered(struct app *app, const struct actor *a, int64_t id, int64_t document_id);

/* request_client_get: one item in client shape, for the client of its
 * dossier when visible; else K_ENOTFOUND (audited when the item exists). */
int request_client_get(struct app *app, const struct actor *a, int64_t id, json_t **out);
/* request_client_list: *out = {"items": [{id, product_id, subject, status,
 * document_type, re_requested, comment?, reason?}]}: the visible items of
 * the client's own dossier. Client actors only (else K_EDENIED). */
int request_client_list(struct app *app, const struct actor *a, json_t **out);
/* request_progress (R6): over the dossier's items (only the visible ones if
 * visible_only): *percent = round(100 * handled / all) (0 without items),
 * *open = all - handled. No actor: callers have checked access. */
int request_progress(struct app *app, int64_t dossier_id, bool visible_only, int *percent, int *open);
/* request_overview: the client overview: *out = {"progress", "open_actions",
 * "products": [{id, type, type_label, name, open_actions}] (public products),
 * "advisor": {id, name} | null}. Client actors only. */
int request_overview(struct app *app, const struct actor *a, json_t **out);

#endif
