#ifndef KLUIS_CORE_GENERAL_H
#define KLUIS_CORE_GENERAL_H
#include <jansson.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "core/document.h"
#include "util/err.h"

/* General documents (R9: the red folders, the firm's own documents shown in
 * every vault) and the categories of the vault's "Belangrijke documenten"
 * tab they are filed under (R10). Managed by staff with
 * RIGHT_MANAGE_DOCTYPES; listed for staff with RIGHT_WORK_DOSSIERS. */

#define CATEGORY_NAME_MAX 80

/* general_add: a general document from files (the upload's checks and
 * merge), stored under the firm's key (BLOB_FIRM). in = {description,
 * category_id, public?, end_date? "YYYY-MM-DD"}. *out = the document.
 * Errors (f->code): invalid_field (description), invalid_category,
 * invalid_date, and the upload's codes. */
int general_add(struct app *app, const struct actor *a, const json_t *in, const struct upload_file *files, int n,
		json_t **out, struct kfail *f);
/* general_list: {"items": every general document, by category}. */
int general_list(struct app *app, const struct actor *a, json_t **out);

/* category_list: {"items": [{id, name, position, documents}]} in order. */
int category_list(struct app *app, const struct actor *a, json_t **out);
/* category_create: in = {name, position?}. *out = the category.
 * Errors: invalid_field (name empty/too long), name_in_use. */
int category_create(struct app *app, const struct actor *a, const json_t *in, json_t **out, struct kfail *f);
/* category_update: in = {name?, position?}. K_ENOTFOUND; errors as create. */
int category_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		    struct kfail *f);
/* category_delete: K_ENOTFOUND; in_use (K_ECONFLICT) while documents are
 * filed under it. Audited like every change here. */
int category_delete(struct app *app, const struct actor *a, int64_t id, struct kfail *f);

#endif
