/* Offices, employees and the advisor support relation (D8). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "adapters/phone.h"
#include "core/audit.h"
#include "core/office.h"
#include "core/validate.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/office_store.h"
#include "store/staff_store.h"

int office_exists(struct db *db, int64_t id)
{
	json_t *o = NULL;
	int rc = store_office_get(db, id, &o);
	json_decref(o);
	return rc == K_OK;
}

int64_t office_of_staff(struct db *db, int64_t staff_id)
{
	int64_t office = 0;
	store_staff_office(db, staff_id, &office);
	return office;
}

int64_t office_support_handler(struct db *db, int64_t advisor_id)
{
	int64_t user = 0, group = 0;
	if (store_support_get(db, advisor_id, &user, &group) == K_OK && user > 0)
		return user;
	return advisor_id; /* a workflow group or nothing: the advisor */
}

int64_t office_task_assignee(struct app *app, int64_t dossier_id)
{
	json_t *d = NULL;
	int64_t who = 0;
	struct db *db = store_acquire(app->store);
	if (store_dossier_get(db, dossier_id, &d) == K_OK) {
		int64_t advisor = json_integer_value(json_object_get(d, "advisor_id"));
		who = advisor > 0 ? office_support_handler(db, advisor)
				  : json_integer_value(json_object_get(d, "handler_id"));
	}
	json_decref(d);
	store_release(app->store, db);
	return who;
}

/* audited_commit: end the transaction of a store call that returned rc:
 * when it succeeded, audit action on object id and commit; otherwise (or
 * when the audit fails) roll back. Returns the first error. */
static int audited_commit(struct app *app, struct db *db, const struct actor *a, int rc, const char *action,
			  const char *object, int64_t id, const char *detail)
{
	if (rc == K_OK)
		rc = audit_log(app, db, a, action, 0, object, id, detail);
	if (rc == K_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* Offices and their contact details are managed by admins only. */
static int offices_check(const struct actor *a, struct kfail *f)
{
	int rc = rights_check(a, RIGHT_MANAGE_OFFICES);
	if (rc)
		return kfail_set(f, rc, "forbidden", NULL, "Alleen beheerders beheren kantoren.");
	return K_OK;
}

/* list_items: *out = {items: [...]} as filled by list; any staff member
 * may read. */
static int list_items(struct app *app, const struct actor *a, int (*list)(struct db *db, json_t *items),
		      json_t **out)
{
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	json_t *items = json_array();
	struct db *db = store_acquire(app->store);
	rc = list(db, items);
	store_release(app->store, db);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return K_OK;
}

static int name_from(const json_t *in, const char **name, struct kfail *f)
{
	*name = json_string_value(json_object_get(in, "name"));
	if (!*name || !**name || !validate_text(*name, 150, false))
		return kfail_set(f, K_EINVAL, "missing_field", "name", "Vul een naam in (maximaal 150 tekens).");
	return K_OK;
}

/* office_save: create an office (create) or rename office id; in = {name};
 * *out = the office. */
static int office_save(struct app *app, const struct actor *a, bool create, int64_t id, const json_t *in,
		       json_t **out, struct kfail *f)
{
	const char *name;
	int rc = offices_check(a, f);
	if (rc || (rc = name_from(in, &name, f)))
		return rc;
	struct db *db = store_acquire(app->store);
	if ((rc = db_begin(db)) == K_OK) {
		rc = create ? store_office_insert(db, name, app_now(app), &id)
			    : store_office_rename(db, id, name, app_now(app));
		rc = audited_commit(app, db, a, rc, create ? "office.create" : "office.update", "office", id, "");
	}
	if (rc == K_OK)
		rc = store_office_get(db, id, out);
	store_release(app->store, db);
	return rc;
}

int office_create(struct app *app, const struct actor *a, const json_t *in, json_t **out, struct kfail *f)
{
	return office_save(app, a, true, 0, in, out, f);
}

int office_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		  struct kfail *f)
{
	return office_save(app, a, false, id, in, out, f);
}

int office_get(struct app *app, const struct actor *a, int64_t id, json_t **out)
{
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	struct db *db = store_acquire(app->store);
	rc = store_office_get(db, id, out);
	store_release(app->store, db);
	return rc;
}

int office_list(struct app *app, const struct actor *a, json_t **out)
{
	return list_items(app, a, store_office_list, out);
}

static const char *const contact_kinds[] = {"phone", "email", "address", "website", NULL};
static const char *const contact_types[] = {"general", "work", "visiting", "postal", "mobile", NULL};

static int in_list(const char *v, const char *const *l)
{
	for (int i = 0; v && l[i]; i++)
		if (strcmp(v, l[i]) == 0)
			return 1;
	return 0;
}
/* Validate a contact detail into c; bufs hold normalised values. */
static int contact_from(const json_t *in, struct office_contact *c, char e164[20], char pc[8], struct kfail *f)
{
	memset(c, 0, sizeof *c);
	c->kind = json_string_value(json_object_get(in, "kind"));
	c->type = json_string_value(json_object_get(in, "type"));
	c->value = json_string_value(json_object_get(in, "value"));
	c->public_ = json_is_true(json_object_get(in, "public"));
	if (!in_list(c->kind, contact_kinds))
		return kfail_set(f, K_EINVAL, "invalid_kind", "kind", "Kies telefoon, e-mail, adres of website.");
	if (!c->type)
		c->type = strcmp(c->kind, "address") == 0 ? "visiting" : "general";
	if (!in_list(c->type, contact_types))
		return kfail_set(f, K_EINVAL, "invalid_type", "type", "Kies een geldig type.");
	if (strcmp(c->kind, "address") == 0) {
		c->value = "";
		c->street = json_string_value(json_object_get(in, "street"));
		c->house_number = json_string_value(json_object_get(in, "house_number"));
		c->city = json_string_value(json_object_get(in, "city"));
		c->country = json_string_value(json_object_get(in, "country"));
		if (!c->country || !*c->country)
			c->country = "NL";
		const char *p = json_string_value(json_object_get(in, "postcode"));
		if (!c->street || !validate_text(c->street, 100, false) || !c->city || !validate_text(c->city, 100, false) ||
		    (c->house_number && !validate_text(c->house_number, 20, false)))
			return kfail_set(f, K_EINVAL, "invalid_field", "street", "Vul straat en plaats in.");
		if (!validate_country(c->country))
			return kfail_set(f, K_EINVAL, "invalid_country", "country", "Gebruik een landcode als NL.");
		if (strcmp(c->country, "NL") == 0) {
			if (!p || !validate_postcode_nl(p, pc))
				return kfail_set(f, K_EINVAL, "invalid_postcode", "postcode",
						 "Een Nederlandse postcode is vier cijfers en twee letters, zoals 1234 AB.");
			c->postcode = pc;
		} else {
			c->postcode = p && validate_text(p, 16, false) ? p : "";
		}
		return K_OK;
	}
	if (!c->value || !*c->value)
		return kfail_set(f, K_EINVAL, "missing_field", "value", "Vul een waarde in.");
	if (strcmp(c->kind, "email") == 0 && !validate_email(c->value))
		return kfail_set(f, K_EINVAL, "invalid_email", "value", "Dit e-mailadres klopt niet.");
	if (strcmp(c->kind, "phone") == 0) {
		struct phone_info info;
		if (phone_parse(c->value, "NL", &info) != K_OK)
			return kfail_set(f, K_EINVAL, "invalid_phone", "value",
					 "Dit telefoonnummer klopt niet. Controleer het aantal cijfers.");
		snprintf(e164, 20, "%s", info.e164);
		c->value = e164;
	}
	if (strcmp(c->kind, "website") == 0 &&
	    (strncmp(c->value, "https://", 8) != 0 || !validate_text(c->value, 200, false)))
		return kfail_set(f, K_EINVAL, "invalid_url", "value", "Een website begint met https://.");
	return K_OK;
}

/* contact_save: add a contact detail to office_id (add) or replace contact
 * detail id, looking up its office; *out = the office. */
static int contact_save(struct app *app, const struct actor *a, bool add, int64_t office_id, int64_t id,
			const json_t *in, json_t **out, struct kfail *f)
{
	struct office_contact c;
	char e164[20], pc[8];
	int rc = offices_check(a, f);
	if (rc || (rc = contact_from(in, &c, e164, pc, f)))
		return rc;
	struct db *db = store_acquire(app->store);
	if (add)
		rc = office_exists(db, office_id) ? K_OK : K_ENOTFOUND;
	else
		rc = store_office_contact_office(db, id, &office_id);
	if (rc == K_OK && (rc = db_begin(db)) == K_OK) {
		rc = add ? store_office_contact_insert(db, office_id, &c, &id)
			 : store_office_contact_update(db, id, &c);
		rc = audited_commit(app, db, a, rc, add ? "office.contact_add" : "office.contact_update", "office",
				    office_id, c.kind);
	}
	if (rc == K_OK)
		rc = store_office_get(db, office_id, out);
	store_release(app->store, db);
	return rc;
}

int office_contact_add(struct app *app, const struct actor *a, int64_t office_id, const json_t *in, json_t **out,
		       struct kfail *f)
{
	return contact_save(app, a, true, office_id, 0, in, out, f);
}

int office_contact_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
			  struct kfail *f)
{
	return contact_save(app, a, false, 0, id, in, out, f);
}

int office_contact_delete(struct app *app, const struct actor *a, int64_t id)
{
	int64_t office_id = 0;
	int rc = rights_check(a, RIGHT_MANAGE_OFFICES);
	if (rc)
		return rc;
	struct db *db = store_acquire(app->store);
	if ((rc = store_office_contact_office(db, id, &office_id)))
		goto out;
	if ((rc = db_begin(db)) == K_OK) {
		rc = store_office_contact_delete(db, id);
		rc = audited_commit(app, db, a, rc, "office.contact_delete", "office", office_id, "");
	}
out:
	store_release(app->store, db);
	return rc;
}

int employee_list(struct app *app, const struct actor *a, json_t **out)
{
	return list_items(app, a, store_staff_list, out);
}

static json_t *employee_find(json_t *list, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(list, "items"), i, v)
		if (json_integer_value(json_object_get(v, "id")) == id)
			return v;
	return NULL;
}

int employee_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		    struct kfail *f)
{
	json_t *all = NULL;
	int rc = rights_check(a, RIGHT_MANAGE_USERS);
	if (rc)
		return kfail_set(f, rc, "forbidden", NULL, "Alleen beheerders beheren medewerkers.");
	if ((rc = employee_list(app, a, &all)))
		return rc;
	json_t *cur = employee_find(all, id);
	if (!cur) {
		json_decref(all);
		return K_ENOTFOUND;
	}
	json_t *ov = json_object_get(in, "office_id"), *pv = json_object_get(in, "public"),
	       *sv = json_object_get(in, "in_service");
	const char *job = json_string_value(json_object_get(in, "job_title"));
	const char *phone = json_string_value(json_object_get(in, "phone"));
	int64_t office = ov ? (json_is_integer(ov) ? json_integer_value(ov) : -1)
			    : json_integer_value(json_object_get(cur, "office_id"));
	int public_ = pv ? json_is_true(pv) : json_is_true(json_object_get(cur, "public"));
	int active = sv ? json_is_true(sv) : json_is_true(json_object_get(cur, "in_service"));
	char e164[20] = "";
	struct db *db = store_acquire(app->store);
	if ((pv && !json_is_boolean(pv)) || (sv && !json_is_boolean(sv))) {
		rc = kfail_set(f, K_EINVAL, "invalid_field", pv && !json_is_boolean(pv) ? "public" : "in_service",
			       "Gebruik true of false.");
		goto out;
	}
	if (office < 0 || (office > 0 && !office_exists(db, office))) {
		rc = kfail_set(f, K_EINVAL, "invalid_office", "office_id", "Kies een bestaand kantoor.");
		goto out;
	}
	if (!job)
		job = json_string_value(json_object_get(cur, "job_title"));
	if (!validate_text(job ? job : "", 100, false)) {
		rc = kfail_set(f, K_EINVAL, "invalid_field", "job_title", "De functie is te lang.");
		goto out;
	}
	if (phone && *phone) {
		struct phone_info info;
		if (phone_parse(phone, "NL", &info) != K_OK) {
			rc = kfail_set(f, K_EINVAL, "invalid_phone", "phone", "Dit telefoonnummer klopt niet.");
			goto out;
		}
		snprintf(e164, sizeof e164, "%s", info.e164);
		phone = e164;
	} else if (!phone) {
		phone = json_string_value(json_object_get(cur, "phone"));
	}
	if (!active && a->id == id) {
		rc = kfail_set(f, K_EINVAL, "self", "in_service", "U kunt uzelf niet uit dienst zetten.");
		goto out;
	}
	if ((rc = db_begin(db)) == K_OK) {
		rc = store_staff_employee(db, id, office, public_, active, job, phone, app_now(app));
		const char *action = active ? "employee.update" : "employee.out_of_service";
		rc = audited_commit(app, db, a, rc, action, "staff_user", id, "");
	}
out:
	store_release(app->store, db);
	json_decref(all);
	if (rc == K_OK && (rc = employee_list(app, a, &all)) == K_OK) {
		*out = json_incref(employee_find(all, id));
		json_decref(all);
	}
	return rc;
}

int support_set(struct app *app, const struct actor *a, int64_t advisor_id, const json_t *in, struct kfail *f)
{
	int rc = rights_check(a, RIGHT_MANAGE_USERS);
	if (rc)
		return kfail_set(f, rc, "forbidden", NULL, "Alleen beheerders stellen de ondersteuning in.");
	json_int_t user = json_integer_value(json_object_get(in, "handler_user_id"));
	json_int_t group = json_integer_value(json_object_get(in, "handler_group_id"));
	if (user > 0 && group > 0)
		return kfail_set(f, K_EINVAL, "invalid_field", "handler_group_id",
				 "Kies een medewerker of een workflowgroep, niet allebei.");
	struct db *db = store_acquire(app->store);
	struct staff_row u;
	if (store_staff_get_id(db, advisor_id, &u) != K_OK) {
		rc = K_ENOTFOUND;
		goto out;
	}
	if (user > 0 && (store_staff_get_id(db, user, &u) != K_OK || !u.active)) {
		rc = kfail_set(f, K_EINVAL, "invalid_handler", "handler_user_id", "Kies een medewerker in dienst.");
		goto out;
	}
	if (group > 0 && !store_group_exists(db, group)) {
		rc = kfail_set(f, K_EINVAL, "invalid_group", "handler_group_id", "Kies een bestaande workflowgroep.");
		goto out;
	}
	if ((rc = db_begin(db)) == K_OK) {
		rc = store_support_set(db, advisor_id, user, group);
		rc = audited_commit(app, db, a, rc, "employee.support", "staff_user", advisor_id, "");
	}
out:
	store_release(app->store, db);
	return rc;
}

int group_create(struct app *app, const struct actor *a, const char *name, int64_t *id, struct kfail *f)
{
	int rc = rights_check(a, RIGHT_MANAGE_OFFICES);
	if (rc)
		return kfail_set(f, rc, "forbidden", NULL, "Alleen beheerders beheren workflowgroepen.");
	if (!name || !*name || !validate_text(name, 100, false))
		return kfail_set(f, K_EINVAL, "missing_field", "name", "Vul een naam in.");
	struct db *db = store_acquire(app->store);
	rc = store_group_insert(db, name, id);
	if (rc == K_ECONFLICT)
		kfail_set(f, rc, "name_in_use", "name", "Er bestaat al een groep met deze naam.");
	else if (rc == K_OK)
		audit_log(app, db, a, "group.create", 0, "workflow_group", *id, "");
	store_release(app->store, db);
	return rc;
}

int group_list(struct app *app, const struct actor *a, json_t **out)
{
	return list_items(app, a, store_group_list, out);
}
