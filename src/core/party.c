/* Persons and organisations of a dossier (D2), with validation. */
#include <stdio.h>
#include <string.h>
#include "adapters/phone.h"
#include "core/audit.h"
#include "core/bsn.h"
#include "core/party.h"
#include "core/validate.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/party_store.h"
#include "store/product_store.h"
#include "util/alloc.h"

#define NAME_MAX_BYTES 100
#define MAX_CONTACTS 10

static int fail(struct kfail *f, int err, const char *code, const char *field, const char *msg)
{
	return kfail_set(f, err, code, field, msg);
}

/* A string member: absent → def; present but not a string (or invalid
 * text) → error. */
static int get_str(const json_t *in, const char *key, const char *def, size_t max, const char **out,
		   struct kfail *f, const char *label)
{
	json_t *v = json_object_get(in, key);
	if (!v || json_is_null(v)) {
		*out = def;
		return K_OK;
	}
	if (!json_is_string(v) || !validate_text(json_string_value(v), max, false)) {
		char msg[160];
		snprintf(msg, sizeof msg, "%s is ongeldig of te lang (maximaal %zu tekens).", label, max);
		return fail(f, K_EINVAL, "invalid_field", key, msg);
	}
	*out = json_string_value(v);
	return K_OK;
}

static int one_of(const char *v, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(v, list[i]) == 0)
			return 1;
	return 0;
}

static const char *const email_types[] = {"private", "work", "general", NULL};
static const char *const phone_types[] = {"mobile", "home", "work", "general", NULL};
static const char *const addr_types[] = {"home", "postal", "visiting", NULL};

/* Validate and normalise the contact arrays of in; NULL out = not given. */
static int contacts_from(const json_t *in, json_t **emails, json_t **phones, json_t **addrs, struct kfail *f)
{
	char field[64];
	size_t i;
	json_t *v;
	*emails = *phones = *addrs = NULL;
	json_t *e = json_object_get(in, "emails"), *p = json_object_get(in, "phones"),
	       *a = json_object_get(in, "addresses");
	if ((e && !json_is_array(e)) || (p && !json_is_array(p)) || (a && !json_is_array(a)))
		return fail(f, K_EINVAL, "invalid_field", e && !json_is_array(e) ? "emails"
							 : p && !json_is_array(p) ? "phones" : "addresses",
			    "Verwacht een lijst.");
	if (json_array_size(e) > MAX_CONTACTS || json_array_size(p) > MAX_CONTACTS ||
	    json_array_size(a) > MAX_CONTACTS)
		return fail(f, K_EINVAL, "too_many", NULL, "Maximaal 10 e-mailadressen, telefoonnummers of adressen.");
	if (e) {
		*emails = json_array();
		json_array_foreach(e, i, v) {
			const char *type = json_string_value(json_object_get(v, "type"));
			const char *addr = json_string_value(json_object_get(v, "address"));
			snprintf(field, sizeof field, "emails[%zu].type", i);
			if (!type || !one_of(type, email_types))
				goto bad_type;
			snprintf(field, sizeof field, "emails[%zu].address", i);
			if (!addr || !validate_email(addr)) {
				fail(f, K_EINVAL, "invalid_email", field, "Dit e-mailadres klopt niet.");
				goto out_err;
			}
			json_array_append_new(*emails, json_pack("{s:s, s:s}", "type", type, "address", addr));
		}
	}
	if (p) {
		*phones = json_array();
		json_array_foreach(p, i, v) {
			const char *type = json_string_value(json_object_get(v, "type"));
			const char *num = json_string_value(json_object_get(v, "number"));
			snprintf(field, sizeof field, "phones[%zu].type", i);
			if (!type || !one_of(type, phone_types))
				goto bad_type;
			snprintf(field, sizeof field, "phones[%zu].number", i);
			struct phone_info info;
			if (!num || phone_parse(num, "NL", &info) != K_OK) {
				fail(f, K_EINVAL, "invalid_phone", field,
				     "Dit telefoonnummer klopt niet. Controleer het aantal cijfers.");
				goto out_err;
			}
			if (strcmp(type, "mobile") == 0 && !phone_is_mobile(&info)) {
				fail(f, K_EINVAL, "not_mobile", field, "Dit is geen mobiel nummer.");
				goto out_err;
			}
			json_array_append_new(*phones, json_pack("{s:s, s:s}", "type", type, "number", info.e164));
		}
	}
	if (a) {
		*addrs = json_array();
		json_array_foreach(a, i, v) {
			const char *type = json_string_value(json_object_get(v, "type"));
			snprintf(field, sizeof field, "addresses[%zu].type", i);
			if (!type || !one_of(type, addr_types))
				goto bad_type;
			const char *country = json_string_value(json_object_get(v, "country"));
			if (!country || !*country)
				country = "NL";
			snprintf(field, sizeof field, "addresses[%zu].country", i);
			if (!validate_country(country)) {
				fail(f, K_EINVAL, "invalid_country", field, "Gebruik een landcode van twee letters, zoals NL.");
				goto out_err;
			}
			static const struct {
				const char *key;
				size_t max;
			} parts[] = {{"street", 100}, {"house_number", 20}, {"city", 100}, {"postcode", 16}};
			const char *val[4];
			for (int k = 0; k < 4; k++) {
				json_t *s = json_object_get(v, parts[k].key);
				val[k] = json_string_value(s) ? json_string_value(s) : "";
				snprintf(field, sizeof field, "addresses[%zu].%s", i, parts[k].key);
				if ((s && !json_is_string(s)) || !validate_text(val[k], parts[k].max, false)) {
					fail(f, K_EINVAL, "invalid_field", field, "Dit veld is ongeldig of te lang.");
					goto out_err;
				}
			}
			char pc[8] = "";
			snprintf(field, sizeof field, "addresses[%zu].postcode", i);
			if (strcmp(country, "NL") == 0) {
				if (!validate_postcode_nl(val[3], pc)) {
					fail(f, K_EINVAL, "invalid_postcode", field,
					     "Een Nederlandse postcode is vier cijfers en twee letters, zoals 1234 AB.");
					goto out_err;
				}
			} else {
				snprintf(pc, sizeof pc, "%.7s", val[3]);
			}
			json_array_append_new(*addrs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", type, "street",
								val[0], "house_number", val[1], "postcode",
								strcmp(country, "NL") == 0 ? pc : val[3], "city", val[2],
								"country", country));
		}
	}
	return K_OK;
bad_type:
	fail(f, K_EINVAL, "invalid_type", field, "Kies een geldig type.");
out_err:
	json_decref(*emails);
	json_decref(*phones);
	json_decref(*addrs);
	*emails = *phones = *addrs = NULL;
	return K_EINVAL;
}

/* --- what differs between persons and organisations ---------------------- */

union party_fields {
	struct person_fields person;
	struct org_fields org;
};

struct party_ops;

/* A create or update of one person or organisation, in flight. */
struct party_edit {
	const struct party_ops *ops;
	struct db *db;
	const json_t *in;
	int64_t dossier_id;
	int64_t id;                      /* 0 on create until stored */
	json_t *cur;                     /* the stored party on update; NULL on create */
	json_t *emails, *phones, *addrs; /* validated contacts; NULL = keep */
	union party_fields fields;
};

/* The kind-specific parts; the create, update, delete and view paths further
 * down are shared and driven by this table. */
struct party_ops {
	enum party_kind kind;
	const char *object;                          /* audit object type */
	const char *create, *update, *remove, *view; /* audit actions */
	/* fields: validate in, merged over base (NULL on create), into out. */
	int (*fields)(struct app *app, const json_t *in, const json_t *base, union party_fields *out, struct kfail *f);
	/* store: inside the transaction, insert (e->cur NULL; sets e->id) or
	 * update the party, with its contacts and anything else of its kind. */
	int (*store)(struct app *app, struct party_edit *e, struct kfail *f);
	int (*get)(struct db *db, int64_t id, json_t **out);
	int (*del)(struct db *db, int64_t id);
};

static const char *const person_roles[] = {"applicant1", "applicant2", "other", NULL};

/* Merge in over base (may be NULL) into validated person fields. */
static int person_fields_from(struct app *app, const json_t *in, const json_t *base, union party_fields *u,
			      struct kfail *f)
{
	struct person_fields *pf = &u->person;
	int rc;
#define BASE(k) (base ? json_string_value(json_object_get(base, k)) : NULL)
	if ((rc = get_str(in, "role", BASE("role"), 16, &pf->role, f, "Rol")) ||
	    (rc = get_str(in, "first_name", BASE("first_name"), NAME_MAX_BYTES, &pf->first_name, f, "Voornaam")) ||
	    (rc = get_str(in, "infix", BASE("infix"), 20, &pf->infix, f, "Tussenvoegsel")) ||
	    (rc = get_str(in, "last_name", BASE("last_name"), NAME_MAX_BYTES, &pf->last_name, f, "Achternaam")) ||
	    (rc = get_str(in, "birth_date", BASE("birth_date"), 10, &pf->birth_date, f, "Geboortedatum")) ||
	    (rc = get_str(in, "nationality", BASE("nationality"), 50, &pf->nationality, f, "Nationaliteit")))
		return rc;
#undef BASE
	if (!pf->role)
		return fail(f, K_EINVAL, "missing_field", "role", "Kies een rol.");
	if (!one_of(pf->role, person_roles))
		return fail(f, K_EINVAL, "invalid_role", "role",
			    "Kies eerste aanvrager, tweede aanvrager of overige partij.");
	if (!pf->last_name || !*pf->last_name)
		return fail(f, K_EINVAL, "missing_field", "last_name", "Vul de achternaam in.");
	if (pf->birth_date && *pf->birth_date) {
		char today[11];
		validate_today_iso(app_now(app), today);
		if (!validate_date(pf->birth_date))
			return fail(f, K_EINVAL, "invalid_date", "birth_date",
				    "Vul een bestaande datum in als JJJJ-MM-DD.");
		if (strcmp(pf->birth_date, today) > 0)
			return fail(f, K_EINVAL, "invalid_date", "birth_date", "De geboortedatum ligt in de toekomst.");
	} else {
		pf->birth_date = NULL;
	}
	return K_OK;
}

static const char *const org_roles[] = {"client", "employer", "other", NULL};

static int org_fields_from(struct app *app, const json_t *in, const json_t *base, union party_fields *u,
			   struct kfail *f)
{
	struct org_fields *of = &u->org;
	int rc;
	(void)app;
#define BASE(k) (base ? json_string_value(json_object_get(base, k)) : NULL)
	if ((rc = get_str(in, "name", BASE("name"), 150, &of->name, f, "Naam")) ||
	    (rc = get_str(in, "role", BASE("role"), 16, &of->role, f, "Rol")) ||
	    (rc = get_str(in, "kvk", BASE("kvk"), 8, &of->kvk, f, "KvK-nummer")))
		return rc;
#undef BASE
	if (!of->name || !*of->name)
		return fail(f, K_EINVAL, "missing_field", "name", "Vul de naam van de organisatie in.");
	if (!of->role)
		return fail(f, K_EINVAL, "missing_field", "role", "Kies een rol.");
	if (!one_of(of->role, org_roles))
		return fail(f, K_EINVAL, "invalid_role", "role", "Kies klant, werkgever of overig.");
	if (of->kvk && *of->kvk && !validate_kvk(of->kvk))
		return fail(f, K_EINVAL, "invalid_kvk", "kvk", "Een KvK-nummer heeft acht cijfers.");
	return K_OK;
}

void party_present(json_t *p)
{
	const char *last4 = json_string_value(json_object_get(p, "bsn_last4"));
	if (last4 && json_is_true(json_object_get(p, "has_bsn"))) {
		char masked[10];
		bsn_mask_last4(last4, masked);
		json_object_set_new(p, "bsn", json_string(masked));
	} else if (json_object_get(p, "role") && json_object_get(p, "last_name")) {
		json_object_set_new(p, "bsn", json_null());
	}
	json_object_del(p, "bsn_last4");
	json_object_del(p, "has_bsn");
}

static int set_bsn(struct app *app, struct db *db, int64_t person_id, const json_t *v, struct kfail *f)
{
	if (!v)
		return K_OK;
	if (json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
		return store_person_set_bsn(db, person_id, NULL, 0, NULL);
	char norm[10], last4[5];
	unsigned char enc[BSN_ENC_MAX];
	size_t len = 0;
	if (!json_is_string(v) || bsn_normalize(json_string_value(v), norm) != K_OK)
		return fail(f, K_EINVAL, "invalid_bsn", "bsn", "Dit BSN klopt niet (elfproef).");
	int rc = bsn_encrypt(app->keys, person_id, norm, enc, &len);
	if (rc == K_OK) {
		bsn_last4(norm, last4);
		rc = store_person_set_bsn(db, person_id, enc, len, last4);
	}
	secure_wipe(norm, sizeof norm);
	return rc;
}

static int contacts_store(const struct party_edit *e)
{
	return store_contacts_replace(e->db, e->ops->kind, e->id, e->emails, e->phones, e->addrs);
}

/* A dossier has one first and one second applicant (D2). */
static void applicant_taken(const char *role, struct kfail *f)
{
	int first = strcmp(role, "applicant1") == 0;
	fail(f, K_ECONFLICT, first ? "first_applicant_exists" : "second_applicant_exists", "role",
	     first ? "Dit dossier heeft al een eerste aanvrager." : "Dit dossier heeft al een tweede aanvrager.");
}

static int person_store(struct app *app, struct party_edit *e, struct kfail *f)
{
	const struct person_fields *pf = &e->fields.person;
	int rc = e->cur ? store_person_update(e->db, e->id, pf, app_now(app))
			: store_person_insert(e->db, e->dossier_id, pf, app_now(app), &e->id);
	if (rc == K_ECONFLICT)
		applicant_taken(pf->role, f);
	if (rc == K_OK)
		rc = contacts_store(e);
	if (rc == K_OK)
		rc = set_bsn(app, e->db, e->id, json_object_get(e->in, "bsn"), f);
	return rc;
}

static int org_store(struct app *app, struct party_edit *e, struct kfail *f)
{
	const struct org_fields *of = &e->fields.org;
	int rc = e->cur ? store_org_update(e->db, e->id, of, app_now(app))
			: store_org_insert(e->db, e->dossier_id, of, app_now(app), &e->id);
	(void)f;
	return rc == K_OK ? contacts_store(e) : rc;
}

static const struct party_ops person_ops = {
	.kind = PARTY_PERSON, .object = "person",
	.create = "person.create", .update = "person.update", .remove = "person.delete", .view = "person.view",
	.fields = person_fields_from, .store = person_store, .get = store_person_get, .del = store_person_delete,
};

static const struct party_ops org_ops = {
	.kind = PARTY_ORGANISATION, .object = "organisation",
	.create = "organisation.create", .update = "organisation.update", .remove = "organisation.delete",
	.view = "organisation.view",
	.fields = org_fields_from, .store = org_store, .get = store_org_get, .del = store_org_delete,
};

/* --- the shared paths ------------------------------------------------------ */

/* The dossier exists and the actor may work on it. */
static int dossier_check(struct db *db, const struct actor *a, int64_t dossier_id)
{
	json_t *d = NULL;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	rc = store_dossier_get(db, dossier_id, &d);
	json_decref(d);
	return rc;
}

static int after_change(struct app *app, struct db *db, int64_t dossier_id)
{
	int rc = store_dossier_reindex(db, dossier_id);
	if (rc == K_OK)
		rc = store_dossier_touch(db, dossier_id, app_now(app));
	return rc;
}

/* edit_save: validate e->in, then store, reindex, audit (as action) and
 * commit in one transaction; *out = the stored party, presented. */
static int edit_save(struct app *app, const struct actor *a, struct party_edit *e, const char *action, json_t **out,
		     struct kfail *f)
{
	int rc;
	if (!json_is_object(e->in))
		return fail(f, K_EINVAL, "invalid_json", NULL, "Verwacht een object.");
	if ((rc = e->ops->fields(app, e->in, e->cur, &e->fields, f)) ||
	    (rc = contacts_from(e->in, &e->emails, &e->phones, &e->addrs, f)) || (rc = db_begin(e->db)))
		return rc;
	rc = e->ops->store(app, e, f);
	if (rc == K_OK)
		rc = after_change(app, e->db, e->dossier_id);
	if (rc == K_OK)
		rc = audit_log(app, e->db, a, action, e->dossier_id, e->ops->object, e->id, "");
	if ((rc = db_end(e->db, rc)))
		return rc;
	if ((rc = e->ops->get(e->db, e->id, out)) == K_OK)
		party_present(*out);
	return rc;
}

static void edit_free(struct app *app, struct party_edit *e)
{
	json_decref(e->cur);
	json_decref(e->emails);
	json_decref(e->phones);
	json_decref(e->addrs);
	store_release(app->store, e->db);
}

static int party_create(struct app *app, const struct actor *a, const struct party_ops *ops, int64_t dossier_id,
			const json_t *in, json_t **out, struct kfail *f)
{
	struct party_edit e = {.ops = ops, .db = store_acquire(app->store), .in = in, .dossier_id = dossier_id};
	int rc = dossier_check(e.db, a, dossier_id);
	if (rc == K_OK)
		rc = edit_save(app, a, &e, ops->create, out, f);
	edit_free(app, &e);
	return rc;
}

static int party_update(struct app *app, const struct actor *a, const struct party_ops *ops, int64_t id,
			const json_t *in, json_t **out, struct kfail *f)
{
	struct party_edit e = {.ops = ops, .db = store_acquire(app->store), .in = in, .id = id};
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc == K_OK && (rc = ops->get(e.db, id, &e.cur)) == K_OK) {
		e.dossier_id = json_integer_value(json_object_get(e.cur, "dossier_id"));
		rc = edit_save(app, a, &e, ops->update, out, f);
	}
	edit_free(app, &e);
	return rc;
}

static int party_delete(struct app *app, const struct actor *a, const struct party_ops *ops, int64_t id)
{
	int64_t dossier_id = 0, sole = 0;
	struct db *db = store_acquire(app->store);
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc || (rc = store_party_dossier(db, ops->kind, id, &dossier_id)) || (rc = db_begin(db)))
		goto out;
	rc = store_sole_holder_count(db, ops->kind == PARTY_ORGANISATION, id, &sole);
	if (rc == K_OK && sole > 0)
		rc = K_ECONFLICT; /* D3: a service keeps at least one rights holder */
	if (rc == K_OK)
		rc = ops->del(db, id);
	if (rc == K_OK)
		rc = after_change(app, db, dossier_id);
	if (rc == K_OK)
		rc = audit_log(app, db, a, ops->remove, dossier_id, ops->object, id, "");
	rc = db_end(db, rc);
out:
	store_release(app->store, db);
	return rc;
}

static int party_get(struct app *app, const struct actor *a, const struct party_ops *ops, int64_t id, json_t **out)
{
	struct db *db = store_acquire(app->store);
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc || (rc = ops->get(db, id, out)))
		goto out;
	party_present(*out);
	audit_log(app, db, a, ops->view, json_integer_value(json_object_get(*out, "dossier_id")), ops->object, id, "");
out:
	store_release(app->store, db);
	return rc;
}

/* --- persons --------------------------------------------------------------- */

int person_create(struct app *app, const struct actor *a, int64_t dossier_id, const json_t *in, json_t **out,
		  struct kfail *f)
{
	return party_create(app, a, &person_ops, dossier_id, in, out, f);
}

int person_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		  struct kfail *f)
{
	return party_update(app, a, &person_ops, id, in, out, f);
}

int person_delete(struct app *app, const struct actor *a, int64_t id)
{
	return party_delete(app, a, &person_ops, id);
}

int person_get(struct app *app, const struct actor *a, int64_t id, json_t **out)
{
	return party_get(app, a, &person_ops, id, out);
}

int person_reveal_bsn(struct app *app, const struct actor *a, int64_t id, char bsn[10])
{
	unsigned char enc[BSN_ENC_MAX];
	size_t len = 0;
	int64_t dossier_id = 0;
	struct db *db = store_acquire(app->store);
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc || (rc = store_party_dossier(db, PARTY_PERSON, id, &dossier_id)))
		goto out;
	if ((rc = rights_check(a, RIGHT_REVEAL_BSN))) {
		audit_log(app, db, a, "bsn.reveal_denied", dossier_id, "person", id, "");
		goto out;
	}
	if ((rc = store_person_get_bsn(db, id, enc, sizeof enc, &len)))
		goto out;
	if (len == 0) {
		rc = K_ENOTFOUND;
		goto out;
	}
	rc = bsn_decrypt(app->keys, id, enc, len, bsn);
	if (rc == K_OK)
		rc = audit_log(app, db, a, "bsn.reveal", dossier_id, "person", id, "");
	if (rc)
		secure_wipe(bsn, 10);
out:
	store_release(app->store, db);
	return rc;
}

/* --- organisations --------------------------------------------------------- */

int org_create(struct app *app, const struct actor *a, int64_t dossier_id, const json_t *in, json_t **out,
	       struct kfail *f)
{
	return party_create(app, a, &org_ops, dossier_id, in, out, f);
}

int org_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out, struct kfail *f)
{
	return party_update(app, a, &org_ops, id, in, out, f);
}

int org_delete(struct app *app, const struct actor *a, int64_t id)
{
	return party_delete(app, a, &org_ops, id);
}

int org_get(struct app *app, const struct actor *a, int64_t id, json_t **out)
{
	return party_get(app, a, &org_ops, id, out);
}
