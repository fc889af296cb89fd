#ifndef KLUIS_CORE_DOCUMENT_H
#define KLUIS_CORE_DOCUMENT_H
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "util/err.h"

/* Documents of a dossier and the client's upload (R3, R4, X3, X4). */

struct db;

#define DOCUMENT_MAX_FILES 16
#define TASK_GROUP_SECONDS (2 * 3600) /* R4: uploads within two hours, one task */

/* One uploaded file as streamed to disk by the HTTP layer. */
struct upload_file {
	const char *path;     /* temp file (plaintext) */
	const char *filename; /* the client's name, for messages only */
};

/* The files of one delivery as one PDF in the blob store of dossier_id
 * (BLOB_FIRM for a general document). */
struct pdf_blob {
	char blob_id[65];
	uint64_t size;
	int pages;
	long long dates[DOCUMENT_MAX_FILES];
};

/* document_pdf_blob: every file typed by its content, PDFs opened
 * (encrypted/unreadable refused), images turned into pages, several files
 * merged into one PDF that is stored encrypted (on disk and fsynced before
 * this returns). Fills pb (blob_id, size, pages, per-file dates for X3).
 * Temp files are removed. Errors (f->code): no_file, too_many_files,
 * encrypted, unsupported_type, unreadable. */
int document_pdf_blob(struct app *app, int64_t dossier_id, const struct upload_file *files, int n,
		      struct pdf_blob *pb, struct kfail *f);

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
/* document_list: {"items": personal documents, "general": general ones}.
 * Staff (RIGHT_WORK_DOSSIERS): all of the dossier's and all general ones. A
 * client (dossier_id = its vault's dossier): the personal documents shared
 * with its vault (R7) and the general documents its vault sees (R9). */
int document_list(struct app *app, const struct actor *a, int64_t dossier_id, json_t **out);
/* document_content: decrypt a document to a temp file for download (the
 * caller unlinks it). Staff need RIGHT_WORK_DOSSIERS (audited); a client
 * (client_dossier_id = its vault's dossier) only what document_list shows
 * it — otherwise K_ENOTFOUND and an audit line. */
int document_content(struct app *app, const struct actor *a, int64_t client_dossier_id, int64_t id,
		     char path[PATH_MAX], json_t **meta);
/* document_update: in = {public?, description?, end_date? ("YYYY-MM-DD" or
 * "" to clear)}. Staff with RIGHT_WORK_DOSSIERS, and RIGHT_MANAGE_DOCTYPES
 * for a general document; audited. Switching public of a personal document
 * shares or unshares it in the vault once the dossier's documents were
 * first shared (R7). */
int document_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		    struct kfail *f);
/* document_share_first: R7, called in the transaction that makes a vault
 * of dossier_id active: the first time ever for the dossier, every public
 * personal document is shared with the vault (audited); later activations
 * (an extra user, a vault made again after unlinking) change nothing. */
int document_share_first(struct app *app, struct db *db, const struct actor *a, int64_t dossier_id);

/* document_import: a document that a process (origin "provider" — source
 * data, B5 — or "lender") delivers into a dossier: one PDF file, stored
 * encrypted, named name or "pdf.pdf" when it came without one (R11;
 * renamable with document_update). public marks it in the dossier but does
 * not share it with an active vault: that takes the advisor's switch (R7).
 * *id = the new document. K_EINVAL (bad origin), the upload's errors. */
int document_import(struct app *app, int64_t dossier_id, int64_t product_id, const char *origin, const char *name,
		    int public_, const char *pdf_path, int64_t *id, struct kfail *f);

/* task_list_mine: open tasks of a staff user, newest first. */
int task_list_mine(struct app *app, const struct actor *a, json_t **out);

#endif
