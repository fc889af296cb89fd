/* Document types (R2, X3). */
#include <string.h>
#include "core/audit.h"
#include "core/doctype.h"
#include "core/validate.h"
#include "store/db.h"
#include "store/request_store.h"

int doctype_list(struct app *app, const struct actor *a, json_t **out)
{
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	struct db *db = store_acquire(app->store);
	json_t *items = json_array();
	rc = store_doctype_list(db, items);
	store_release(app->store, db);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return K_OK;
}

/* opt_text: an optional string member: absent/null/"" → *s = NULL; a string
 * within max → *s set; anything else → false. */
static bool opt_text(const json_t *in, const char *key, size_t max, const char **s)
{
	json_t *v = json_object_get(in, key);
	*s = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v) || !validate_text(json_string_value(v), max, false))
		return false;
	if (json_string_length(v) > 0)
		*s = json_string_value(v);
	return true;
}

int doctype_create(struct app *app, const struct actor *a, const json_t *in, json_t **out, struct kfail *f)
{
	const char *name = NULL, *category = NULL, *by = "client";
	int64_t id = 0;
	int validity = 0;
	int rc = rights_check(a, RIGHT_MANAGE_DOCTYPES);
	if (rc)
		return rc;
	if (!opt_text(in, "name", 120, &name))
		return kfail_set(f, K_EINVAL, "invalid_field", "name", "De naam is ongeldig of te lang.");
	if (!name)
		return kfail_set(f, K_EINVAL, "missing_field", "name", "Vul een naam in.");
	if (!opt_text(in, "category", 80, &category))
		return kfail_set(f, K_EINVAL, "invalid_field", "category", "De categorie is ongeldig of te lang.");
	json_t *dv = json_object_get(in, "delivered_by");
	if (dv && !json_is_null(dv)) {
		by = json_string_value(dv);
		if (!by || (strcmp(by, "client") != 0 && strcmp(by, "lender") != 0))
			return kfail_set(f, K_EINVAL, "invalid_delivered_by", "delivered_by",
					 "Kies wie het document aanlevert: client of lender.");
	}
	json_t *vv = json_object_get(in, "validity_months");
	if (vv && !json_is_null(vv)) {
		if (!json_is_integer(vv) || json_integer_value(vv) < 1 || json_integer_value(vv) > 120)
			return kfail_set(f, K_EINVAL, "invalid_validity", "validity_months",
					 "De geldigheid is een aantal maanden van 1 tot en met 120.");
		validity = (int)json_integer_value(vv);
	}
	struct db *db = store_acquire(app->store);
	if ((rc = db_begin(db)))
		goto out;
	rc = store_doctype_insert(db, name, category, by, validity, app_now(app), &id);
	if (rc == K_ECONFLICT)
		kfail_set(f, K_ECONFLICT, "name_taken", "name", "Er bestaat al een documenttype met deze naam.");
	if (rc == K_OK)
		rc = audit_log(app, db, a, "doctype.create", 0, "document_type", id, by);
	rc = db_end(db, rc);
	if (rc == K_OK)
		rc = store_doctype_get(db, id, out);
out:
	store_release(app->store, db);
	return rc;
}
