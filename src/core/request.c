/* Document requests: checklists, review, visibility and progress (R1, R2,
 * R5, R6, M6). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "core/audit.h"
#include "core/outbox.h"
#include "core/product.h"
#include "core/request.h"
#include "core/validate.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/product_store.h"
#include "store/request_store.h"
#include "store/vault_store.h"

static const char *sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int64_t iget(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

bool request_visible(const json_t *item)
{
	const json_t *cat = json_object_get(item, "category");
	return json_is_true(json_object_get(item, "product_public")) && json_is_string(cat) &&
	       json_string_length(cat) > 0 && strcmp(sget(item, "delivered_by"), "client") == 0;
}

bool request_handled(const json_t *item)
{
	const char *s = sget(item, "status");
	return strcmp(s, "delivered") == 0 || strcmp(s, "approved") == 0;
}

/* present_staff: add "visible" for staff output. */
static void present_staff(json_t *item)
{
	json_object_set_new(item, "visible", json_boolean(request_visible(item)));
}

/* client_shape: the fields a client sees of an item (new reference). */
static json_t *client_shape(const json_t *item)
{
	json_t *c = json_pack("{s:I, s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)iget(item, "id"), "product_id",
			      (json_int_t)iget(item, "product_id"), "subject", sget(item, "subject"), "status",
			      sget(item, "status"), "document_type", sget(item, "document_type"), "re_requested",
			      json_is_true(json_object_get(item, "re_requested")));
	if (sget(item, "comment")[0])
		json_object_set_new(c, "comment", json_string(sget(item, "comment")));
	if (strcmp(sget(item, "status"), "rejected") == 0 && sget(item, "reason")[0])
		json_object_set_new(c, "reason", json_string(sget(item, "reason")));
	return c;
}

/* client_dossier: the dossier of an active client's active vault, else
 * K_EDENIED. */
static int client_dossier(struct db *db, const struct actor *a, int64_t *dossier_id)
{
	struct vault_user_row u;
	if (!a || a->kind != ACTOR_CLIENT)
		return K_EDENIED;
	int rc = store_vault_user_get(db, a->id, &u);
	if (rc == K_OK && (strcmp(u.status, "active") != 0 || strcmp(u.vault_status, "active") != 0))
		rc = K_EDENIED;
	if (rc == K_ENOTFOUND)
		rc = K_EDENIED;
	if (rc == K_OK)
		*dossier_id = u.dossier_id;
	sodium_memzero(&u, sizeof u);
	return rc;
}

/* load_for: item id as actor a may reach it: staff with the right, the
 * system, or the client of its dossier when visible. A client reaching for
 * anything else gets K_ENOTFOUND and an audit line "request.denied" (outside
 * any transaction). */
static int load_for(struct app *app, struct db *db, const struct actor *a, int64_t id, json_t **item)
{
	int64_t mine = 0;
	int rc;
	*item = NULL;
	if (a && a->kind == ACTOR_CLIENT) {
		if ((rc = client_dossier(db, a, &mine)))
			return rc;
		rc = store_request_get(db, id, item);
		if (rc && rc != K_ENOTFOUND)
			return rc;
		if (rc == K_OK && iget(*item, "dossier_id") == mine && request_visible(*item))
			return K_OK;
		audit_log(app, db, a, "request.denied", *item ? iget(*item, "dossier_id") : 0, "request", id,
			  *item ? "other_dossier" : "unknown");
		json_decref(*item);
		*item = NULL;
		return K_ENOTFOUND;
	}
	if (!(a && a->kind == ACTOR_LENDER) && (rc = rights_check(a, RIGHT_WORK_DOSSIERS)))
		return rc;
	return store_request_get(db, id, item);
}

/* notify_client: one "mail.send" with template to the primary user of the
 * dossier's vault when it is active; vars (stolen) get name and link. */
static int notify_client(struct app *app, struct db *db, int64_t dossier_id, const char *template, json_t *vars)
{
	json_t *v = NULL, *u, *to = NULL;
	size_t i;
	int rc = store_vault_of_dossier(db, dossier_id, &v);
	if (rc == K_ENOTFOUND) {
		rc = K_OK;
		goto out;
	}
	if (rc || strcmp(sget(v, "status"), "active") != 0)
		goto out;
	json_array_foreach(json_object_get(v, "users"), i, u) {
		if (json_is_true(json_object_get(u, "primary")) && strcmp(sget(u, "status"), "active") == 0)
			to = u;
	}
	if (!to)
		goto out;
	const char *base = app->cfg.public_url;
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	char link[CONFIG_STR_MAX + 32];
	snprintf(link, sizeof link, "%.*s/portaal/", (int)bl, base);
	json_object_set_new(vars, "name", json_string(sget(to, "name")));
	json_object_set_new(vars, "link", json_string(link));
	rc = outbox_emit(app, db, "mail.send",
			 json_pack("{s:s, s:s, s:s, s:O}", "to", sget(to, "email"), "to_name", sget(to, "name"),
				   "template", template, "vars", vars));
out:
	json_decref(vars);
	json_decref(v);
	return rc;
}

/* product_of: the product (for its dossier), K_ENOTFOUND if unknown. */
static int product_of(struct db *db, int64_t product_id, int64_t *dossier_id)
{
	json_t *p = NULL;
	int rc = store_product_get(db, product_id, &p);
	if (rc == K_OK)
		*dossier_id = iget(p, "dossier_id");
	json_decref(p);
	return rc;
}

/* insert_items: in the open transaction, one item per (type, subject) pair
 * of types/subjects (subjects NULL entries = the type's name); ids into ids;
 * one notification when any is visible. */
static int insert_items(struct app *app, struct db *db, const struct actor *a, int64_t product_id,
			int64_t dossier_id, json_t *types, const char *subject, json_t *ids)
{
	json_t *t, *subjects = json_array();
	size_t i;
	int rc = K_OK, visible = 0;
	json_array_foreach(types, i, t) {
		int64_t id = 0;
		json_t *item = NULL;
		const char *s = subject ? subject : sget(t, "name");
		rc = store_request_insert(db, product_id, dossier_id, iget(t, "id"), s,
					  a->kind == ACTOR_STAFF ? a->id : 0, app_now(app), &id);
		if (rc == K_OK)
			rc = audit_log(app, db, a, "request.create", dossier_id, "request", id, subject ? "manual" : "checklist");
		if (rc == K_OK)
			rc = store_request_get(db, id, &item);
		if (rc)
			break;
		json_array_append_new(ids, json_integer(id));
		if (request_visible(item)) {
			visible++;
			json_array_append_new(subjects, json_pack("{s:s}", "subject", s));
		}
		json_decref(item);
	}
	if (rc == K_OK && visible > 0)
		rc = notify_client(app, db, dossier_id, "new_requests",
				   json_pack("{s:i, s:o, s:b}", "count", visible, "items", json_incref(subjects), "several",
					     visible > 1));
	json_decref(subjects);
	return rc;
}

/* items_by_ids: {"items": [...]} (staff shape) for ids. */
static int items_by_ids(struct db *db, const json_t *ids, json_t **out)
{
	json_t *items = json_array(), *v;
	size_t i;
	int rc = K_OK;
	json_array_foreach(ids, i, v) {
		json_t *item = NULL;
		if ((rc = store_request_get(db, json_integer_value(v), &item)))
			break;
		present_staff(item);
		json_array_append_new(items, item);
	}
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return K_OK;
}

int request_checklist_create(struct app *app, const struct actor *a, int64_t product_id, const json_t *in,
			     json_t **out, struct kfail *f)
{
	json_t *types = json_array(), *ids = json_array(), *v;
	int64_t dossier_id = 0;
	size_t i;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		goto done;
	struct db *db = store_acquire(app->store);
	if ((rc = product_of(db, product_id, &dossier_id)))
		goto out;
	json_t *arr = json_object_get(in, "document_type_ids");
	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		rc = kfail_set(f, K_EINVAL, "missing_field", "document_type_ids", "Kies ten minste één documenttype.");
		goto out;
	}
	if (json_array_size(arr) > REQUEST_CHECKLIST_MAX) {
		rc = kfail_set(f, K_EINVAL, "invalid_field", "document_type_ids", "Kies ten hoogste 50 documenttypen.");
		goto out;
	}
	json_array_foreach(arr, i, v) {
		json_t *t = NULL, *seen;
		size_t j;
		int dup = 0;
		json_array_foreach(types, j, seen)
			dup |= json_is_integer(v) && iget(seen, "id") == json_integer_value(v);
		if (dup)
			continue;
		if (!json_is_integer(v) || store_doctype_get(db, json_integer_value(v), &t) != K_OK) {
			char field[48];
			snprintf(field, sizeof field, "document_type_ids[%zu]", i);
			rc = kfail_set(f, K_EINVAL, "invalid_document_type", field, "Onbekend documenttype.");
			goto out;
		}
		json_array_append_new(types, t);
	}
	if ((rc = db_begin(db)))
		goto out;
	rc = insert_items(app, db, a, product_id, dossier_id, types, NULL, ids);
	if (rc == K_OK)
		rc = store_dossier_touch(db, dossier_id, app_now(app));
	rc = db_end(db, rc);
	if (rc == K_OK)
		rc = items_by_ids(db, ids, out);
out:
	store_release(app->store, db);
done:
	json_decref(types);
	json_decref(ids);
	return rc;
}

int request_create(struct app *app, const struct actor *a, int64_t product_id, const json_t *in, json_t **out,
		   struct kfail *f)
{
	json_t *types = json_array(), *ids = json_array(), *t = NULL;
	int64_t dossier_id = 0;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		goto done;
	struct db *db = store_acquire(app->store);
	if ((rc = product_of(db, product_id, &dossier_id)))
		goto out;
	json_t *tid = json_object_get(in, "document_type_id"), *subj = json_object_get(in, "subject");
	if (!tid || json_is_null(tid)) {
		rc = kfail_set(f, K_EINVAL, "missing_field", "document_type_id", "Kies een documenttype.");
		goto out;
	}
	if (!json_is_integer(tid) || store_doctype_get(db, json_integer_value(tid), &t) != K_OK) {
		rc = kfail_set(f, K_EINVAL, "invalid_document_type", "document_type_id", "Onbekend documenttype.");
		goto out;
	}
	json_array_append_new(types, t);
	const char *subject = NULL;
	if (subj && !json_is_null(subj)) {
		subject = json_string_value(subj);
		if (!subject || !validate_text(subject, 200, false)) {
			rc = kfail_set(f, K_EINVAL, "invalid_field", "subject", "Het onderwerp is ongeldig of te lang.");
			goto out;
		}
		if (!*subject)
			subject = NULL;
	}
	if ((rc = db_begin(db)))
		goto out;
	rc = insert_items(app, db, a, product_id, dossier_id, types, subject ? subject : sget(t, "name"), ids);
	if (rc == K_OK)
		rc = store_dossier_touch(db, dossier_id, app_now(app));
	rc = db_end(db, rc);
	if (rc == K_OK && (rc = store_request_get(db, json_integer_value(json_array_get(ids, 0)), out)) == K_OK)
		present_staff(*out);
out:
	store_release(app->store, db);
done:
	json_decref(types);
	json_decref(ids);
	return rc;
}

int request_list_product(struct app *app, const struct actor *a, int64_t product_id, json_t **out)
{
	int64_t dossier_id = 0;
	json_t *items = json_array(), *v;
	size_t i;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		goto done;
	struct db *db = store_acquire(app->store);
	if ((rc = product_of(db, product_id, &dossier_id)) || (rc = store_requests_of_product(db, product_id, items)))
		goto out;
	json_array_foreach(items, i, v)
		present_staff(v);
	audit_note(app, a, "request.list", dossier_id, "product", product_id, "");
	*out = json_pack("{s:O}", "items", items);
out:
	store_release(app->store, db);
done:
	json_decref(items);
	return rc;
}

/* comment_from: optional multiline comment (≤ 2000 bytes). */
static int comment_from(const json_t *in, const char **comment, struct kfail *f)
{
	json_t *c = json_object_get(in, "comment");
	*comment = NULL;
	if (!c || json_is_null(c))
		return K_OK;
	*comment = json_string_value(c);
	if (!*comment || !validate_text(*comment, 2000, true))
		return kfail_set(f, K_EINVAL, "invalid_field", "comment", "De opmerking is ongeldig of te lang.");
	return K_OK;
}

/* finish: commit or roll back, then the item in staff shape into *out. */
static int finish(struct db *db, int rc, int64_t id, json_t **out)
{
	rc = db_end(db, rc);
	if (rc == K_OK && out && (rc = store_request_get(db, id, out)) == K_OK)
		present_staff(*out);
	return rc;
}

/* R5: staff review, and the lender (for the lender-messaging issue: its
 * approval/rejection of delivered documents takes the same path) */
static int review_allowed(const struct actor *a)
{
	if (a && a->kind == ACTOR_LENDER)
		return K_OK;
	return rights_check(a, RIGHT_WORK_DOSSIERS);
}

int request_approve(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		    struct kfail *f)
{
	json_t *item = NULL;
	const char *comment = NULL;
	int rc = review_allowed(a);
	if (rc || (rc = comment_from(in, &comment, f)))
		return rc;
	struct db *db = store_acquire(app->store);
	if ((rc = load_for(app, db, a, id, &item)))
		goto out;
	if (strcmp(sget(item, "status"), "approved") == 0) {
		rc = kfail_set(f, K_ECONFLICT, "already_approved", NULL, "Dit document is al goedgekeurd.");
		goto out;
	}
	int64_t dossier_id = iget(item, "dossier_id");
	if ((rc = db_begin(db)))
		goto out;
	rc = store_request_update(db, id, "approved", "", comment, NULL, -1, 0, app_now(app));
	if (rc == K_OK)
		rc = audit_log(app, db, a, "request.approve", dossier_id, "request", id, "");
	rc = finish(db, rc, id, out);
out:
	json_decref(item);
	store_release(app->store, db);
	return rc;
}

int request_reject(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		   struct kfail *f)
{
	json_t *item = NULL;
	const char *comment = NULL, *reason = json_string_value(json_object_get(in, "reason"));
	char subject[320];
	int rc = review_allowed(a);
	if (rc)
		return rc;
	if (!reason || !*reason)
		return kfail_set(f, K_EINVAL, "missing_field", "reason", "Geef een reden voor de afkeuring.");
	if (!validate_text(reason, 1000, true))
		return kfail_set(f, K_EINVAL, "invalid_field", "reason", "De reden is ongeldig of te lang.");
	if ((rc = comment_from(in, &comment, f)))
		return rc;
	struct db *db = store_acquire(app->store);
	if ((rc = load_for(app, db, a, id, &item)))
		goto out;
	const char *st = sget(item, "status");
	if (strcmp(st, "delivered") != 0 && strcmp(st, "approved") != 0) {
		rc = kfail_set(f, K_ECONFLICT, "not_delivered", NULL,
			       "Alleen een aangeleverd document kan worden afgekeurd.");
		goto out;
	}
	int64_t dossier_id = iget(item, "dossier_id");
	bool again = json_is_true(json_object_get(item, "re_requested"));
	snprintf(subject, sizeof subject, "%s%s", sget(item, "subject"), again ? "" : REQUEST_RE_REQUESTED);
	if ((rc = db_begin(db)))
		goto out;
	rc = store_request_update(db, id, "rejected", reason, comment, subject, 1, 0, app_now(app));
	if (rc == K_OK)
		rc = audit_log(app, db, a, "request.reject", dossier_id, "request", id, "");
	if (rc == K_OK && request_visible(item)) {
		json_t *vars = json_pack("{s:s, s:s}", "subject", sget(item, "subject"), "reason", reason);
		if (comment && *comment)
			json_object_set_new(vars, "comment", json_string(comment));
		rc = notify_client(app, db, dossier_id, "request_rejected", vars);
	}
	rc = finish(db, rc, id, out);
out:
	json_decref(item);
	store_release(app->store, db);
	return rc;
}

int request_mark_delivered(struct app *app, const struct actor *a, int64_t id, int64_t document_id)
{
	json_t *item = NULL;
	if (document_id <= 0)
		return K_EINVAL;
	struct db *db = store_acquire(app->store);
	int rc = load_for(app, db, a, id, &item);
	if (rc)
		goto out;
	if (strcmp(sget(item, "status"), "approved") == 0) {
		rc = K_ECONFLICT;
		goto out;
	}
	int64_t dossier_id = iget(item, "dossier_id");
	if ((rc = db_begin(db)))
		goto out;
	rc = store_request_update(db, id, "delivered", NULL, NULL, NULL, -1, document_id, app_now(app));
	if (rc == K_OK)
		rc = audit_log(app, db, a, "request.deliver", dossier_id, "request", id, "");
	rc = finish(db, rc, id, NULL);
out:
	json_decref(item);
	store_release(app->store, db);
	return rc;
}

int request_client_get(struct app *app, const struct actor *a, int64_t id, json_t **out)
{
	json_t *item = NULL;
	if (!a || a->kind != ACTOR_CLIENT)
		return K_EDENIED;
	struct db *db = store_acquire(app->store);
	int rc = load_for(app, db, a, id, &item);
	if (rc == K_OK)
		*out = client_shape(item);
	json_decref(item);
	store_release(app->store, db);
	return rc;
}

int request_client_list(struct app *app, const struct actor *a, json_t **out)
{
	json_t *all = json_array(), *items = json_array(), *v;
	int64_t dossier_id = 0;
	size_t i;
	struct db *db = store_acquire(app->store);
	int rc = client_dossier(db, a, &dossier_id);
	if (rc || (rc = store_requests_of_dossier(db, dossier_id, all)))
		goto out;
	json_array_foreach(all, i, v)
		if (request_visible(v))
			json_array_append_new(items, client_shape(v));
	*out = json_pack("{s:O}", "items", items);
out:
	store_release(app->store, db);
	json_decref(all);
	json_decref(items);
	return rc;
}

/* count: over items (visible only if asked), per product when product_id >
 * 0: all and handled. */
static void count(const json_t *items, bool visible_only, int64_t product_id, int *all, int *handled)
{
	const json_t *v;
	size_t i;
	*all = *handled = 0;
	json_array_foreach(items, i, v) {
		if ((visible_only && !request_visible(v)) || (product_id > 0 && iget(v, "product_id") != product_id))
			continue;
		(*all)++;
		if (request_handled(v))
			(*handled)++;
	}
}

static int percent_of(int handled, int all)
{
	return all > 0 ? (int)((200L * handled + all) / (2L * all)) : 0;
}

int request_progress(struct app *app, int64_t dossier_id, bool visible_only, int *percent, int *open)
{
	json_t *items = json_array();
	int all = 0, handled = 0;
	struct db *db = store_acquire(app->store);
	int rc = store_requests_of_dossier(db, dossier_id, items);
	store_release(app->store, db);
	if (rc == K_OK) {
		count(items, visible_only, 0, &all, &handled);
		*percent = percent_of(handled, all);
		*open = all - handled;
	}
	json_decref(items);
	return rc;
}

int request_overview(struct app *app, const struct actor *a, json_t **out)
{
	json_t *items = json_array(), *products = json_array(), *list = json_array(), *d = NULL, *p;
	int64_t dossier_id = 0;
	int all = 0, handled = 0;
	size_t i;
	struct db *db = store_acquire(app->store);
	int rc = client_dossier(db, a, &dossier_id);
	if (rc || (rc = store_requests_of_dossier(db, dossier_id, items)) ||
	    (rc = store_products_of_dossier(db, dossier_id, products)) || (rc = store_dossier_get(db, dossier_id, &d)))
		goto out;
	json_array_foreach(products, i, p) {
		if (!json_is_true(json_object_get(p, "public")))
			continue;
		count(items, true, iget(p, "id"), &all, &handled);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:i}", "id", (json_int_t)iget(p, "id"), "type",
						      sget(p, "type"), "type_label", product_type_label(sget(p, "type")),
						      "name", sget(p, "name"), "open_actions", all - handled));
	}
	count(items, true, 0, &all, &handled);
	json_t *advisor = iget(d, "advisor_id") > 0
		? json_pack("{s:I, s:s}", "id", (json_int_t)iget(d, "advisor_id"), "name", sget(d, "advisor_name"))
		: json_null();
	*out = json_pack("{s:i, s:i, s:O, s:o}", "progress", percent_of(handled, all), "open_actions", all - handled,
			 "products", list, "advisor", advisor);
out:
	store_release(app->store, db);
	json_decref(items);
	json_decref(products);
	json_decref(list);
	json_decref(d);
	return rc;
}
