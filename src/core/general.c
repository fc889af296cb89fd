/* General documents (R9) and their categories (R10). */
#include <string.h>
#include "core/audit.h"
#include "core/blob.h"
#include "core/general.h"
#include "core/validate.h"
#include "store/db.h"
#include "store/document_store.h"

static int bad_name(const json_t *name, struct kfail *f)
{
	const char *s = json_string_value(name);
	if (!s || !*s || !validate_text(s, CATEGORY_NAME_MAX, false))
		return kfail_set(f, K_EINVAL, "invalid_field", "name", "Vul een naam in (maximaal 80 tekens).");
	return K_OK;
}

static int bad_position(const json_t *pos, struct kfail *f)
{
	if (pos && (!json_is_integer(pos) || json_integer_value(pos) < 0 || json_integer_value(pos) > 10000))
		return kfail_set(f, K_EINVAL, "invalid_field", "position", "Gebruik een volgnummer van 0 tot 10000.");
	return K_OK;
}

int category_list(struct app *app, const struct actor *a, json_t **out)
{
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	json_t *items = json_array();
	struct db *db = store_acquire(app->store);
	rc = store_categories(db, items);
	store_release(app->store, db);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return K_OK;
}

/* one change to a category in a transaction, audited */
static int category_write(struct app *app, const struct actor *a, int64_t id, const char *name, int64_t pos,
			  json_t **out, struct kfail *f)
{
	struct db *db = store_acquire(app->store);
	int rc = db_begin(db);
	if (rc)
		goto out;
	rc = id ? store_category_update(db, id, name, pos)
		: store_category_insert(db, name, pos < 0 ? 0 : pos, app_now(app), &id);
	if (rc == K_OK)
		rc = audit_log(app, db, a, "category.save", 0, "document_category", id, name ? name : "");
	rc = db_end(db, rc);
	if (rc == K_ECONFLICT)
		rc = kfail_set(f, K_EINVAL, "name_in_use", "name", "Er is al een categorie met deze naam.");
	if (rc == K_OK)
		rc = store_category_get(db, id, out);
out:
	store_release(app->store, db);
	return rc;
}

int category_create(struct app *app, const struct actor *a, const json_t *in, json_t **out, struct kfail *f)
{
	int rc = rights_check(a, RIGHT_MANAGE_DOCTYPES);
	if (rc)
		return rc;
	json_t *name = json_object_get(in, "name"), *pos = json_object_get(in, "position");
	if ((rc = bad_name(name, f)) || (rc = bad_position(pos, f)))
		return rc;
	return category_write(app, a, 0, json_string_value(name), pos ? json_integer_value(pos) : 0, out, f);
}

int category_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		    struct kfail *f)
{
	int rc = rights_check(a, RIGHT_MANAGE_DOCTYPES);
	if (rc)
		return rc;
	if (id <= 0)
		return K_ENOTFOUND;
	json_t *name = json_object_get(in, "name"), *pos = json_object_get(in, "position");
	if ((name && (rc = bad_name(name, f))) || (rc = bad_position(pos, f)))
		return rc;
	return category_write(app, a, id, json_string_value(name), pos ? json_integer_value(pos) : -1, out, f);
}

int category_delete(struct app *app, const struct actor *a, int64_t id, struct kfail *f)
{
	int rc = rights_check(a, RIGHT_MANAGE_DOCTYPES);
	if (rc)
		return rc;
	json_t *c = NULL;
	struct db *db = store_acquire(app->store);
	if ((rc = store_category_get(db, id, &c)))
		goto out;
	if ((rc = db_begin(db)))
		goto out;
	rc = store_category_delete(db, id);
	if (rc == K_OK)
		rc = audit_log(app, db, a, "category.delete", 0, "document_category", id,
			       json_string_value(json_object_get(c, "name")));
	rc = db_end(db, rc);
	if (rc == K_ECONFLICT)
		rc = kfail_set(f, K_ECONFLICT, "in_use", NULL,
			       "Er staan nog documenten in deze categorie. Verplaats of verwijder ze eerst.");
out:
	json_decref(c);
	store_release(app->store, db);
	return rc;
}

int general_list(struct app *app, const struct actor *a, json_t **out)
{
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	json_t *items = json_array();
	struct db *db = store_acquire(app->store);
	rc = store_documents_general(db, NULL, items);
	store_release(app->store, db);
	if (rc) {
		json_decref(items);
		return rc;
	}
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
		json_object_del(v, "blob_id");
	*out = json_pack("{s:o}", "items", items);
	return K_OK;
}

int general_add(struct app *app, const struct actor *a, const json_t *in, const struct upload_file *files, int n,
		json_t **out, struct kfail *f)
{
	struct pdf_blob pb;
	json_t *cat = NULL;
	int64_t id = 0;
	memset(&pb, 0, sizeof pb);
	int rc = rights_check(a, RIGHT_MANAGE_DOCTYPES);
	if (rc)
		return rc;
	const char *desc = json_string_value(json_object_get(in, "description"));
	const char *end = json_string_value(json_object_get(in, "end_date"));
	json_int_t category = json_integer_value(json_object_get(in, "category_id"));
	if (!desc || !*desc || !validate_text(desc, 200, false))
		return kfail_set(f, K_EINVAL, "invalid_field", "description",
				 "Vul een omschrijving in (maximaal 200 tekens).");
	if (end && *end && !validate_date(end))
		return kfail_set(f, K_EINVAL, "invalid_date", "end_date", "Vul een datum in als JJJJ-MM-DD.");
	struct db *db = store_acquire(app->store);
	if (category <= 0 || store_category_get(db, category, &cat) != K_OK) {
		rc = kfail_set(f, K_EINVAL, "invalid_category", "category_id", "Kies een categorie.");
		goto out;
	}
	if ((rc = document_pdf_blob(app, BLOB_FIRM, files, n, &pb, f)))
		goto out;
	struct document_new d = {.kind = "general", .description = desc, .blob_id = pb.blob_id, .checks = "[]",
				 .created_by_kind = "staff", .size = (int64_t)pb.size, .pages = pb.pages,
				 .created_by_id = a->id, .public_ = json_is_true(json_object_get(in, "public")),
				 .category_id = category, .end_date = end};
	if ((rc = db_begin(db)) == K_OK) {
		rc = store_document_insert(db, &d, app_now(app), &id);
		if (rc == K_OK)
			rc = audit_log(app, db, a, "document.add_general", 0, "document", id, desc);
		rc = db_end(db, rc);
	}
	if (rc) {
		blob_forget(app, pb.blob_id);
		goto out;
	}
	if ((rc = store_document_get(db, id, out)) == K_OK)
		json_object_del(*out, "blob_id");
out:
	json_decref(cat);
	store_release(app->store, db);
	return rc;
}
