#ifndef KLUIS_CORE_DOCUMENT_H
#define KLUIS_CORE_DOCUMENT_H
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "util/err.h"

/* Documents of a dossier and the client's upload (R3, R4, X3, X4). */

#define DOCUMENT_MAX_FILES 16
#define TASK_GROUP_SECONDS (2 * 3600) /* R4: uploads within two hours, one task */

/* One uploaded file as streamed to disk by the HTTP layer. */
struct upload_file {
	const char *path;     /* temp file (plaintext) */
	const char *filename; /* the client's name, for messages only */
};

/* document_upload: the client (actor ACTOR_CLIENT) delivers files for a
 * document request it can see. Every file is checked by its content: a PDF
 * must open and not be encrypted (also owner-password-only), JPEG/PNG become
 * PDF pages; all files become ONE PDF, stored encrypted in the dossier's blob
 * store; the request is marked delivered; the dossier's handler (D8) gets a
 * task, or the open upload task of the last two hours grows (R4).
 * *out = {document_id, pages}. Errors (f->code): encrypted,
 * unsupported_type, unreadable, too_many_files; K_ENOTFOUND for an item the
 * client may not see. */
int document_upload(struct app *app, const struct actor *a, int64_t request_id, const struct upload_file *files,
		    int n, json_t **out, struct kfail *f);
/* document_add: staff add a document to a dossier from files (same checks
 * and merge as the client's upload). in = {description?, product_id?,
 * public?, policy_sheet?}. R8: a policy sheet of an insurance product is made
 * public and every older policy sheet of that product non-public.
 * *out = the document. Errors: invalid_product, not_insurance, and the
 * upload's codes. */
int document_add(struct app *app, const struct actor *a, int64_t dossier_id, const json_t *in,
		 const struct upload_file *files, int n, json_t **out, struct kfail *f);
/* document_list: staff (all) or client (public ones of its own dossier). */
int document_list(struct app *app, const struct actor *a, int64_t dossier_id, json_t **out);
/* document_content: decrypt a document to a temp file for download (the
 * caller unlinks it). Staff need RIGHT_WORK_DOSSIERS (audited); a client
 * (client_dossier_id = its vault's dossier) only its own dossier's public
 * documents — otherwise K_ENOTFOUND and an audit line. */
int document_content(struct app *app, const struct actor *a, int64_t client_dossier_id, int64_t id,
		     char path[PATH_MAX], json_t **meta);
/* document_update: in = {public?, description?, end_date? ("YYYY-MM-DD" or
 * "" to clear)}. Staff with RIGHT_WORK_DOSSIERS; audited. R11: an empty
 * description shows as pdf.pdf and can be renamed. */
int document_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		    struct kfail *f);
/* task_list_mine: open tasks of a staff user, newest first. */
int task_list_mine(struct app *app, const struct actor *a, json_t **out);

#endif
