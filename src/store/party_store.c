/* SQL for persons, organisations and their contact details. */
#include <stdio.h>
#include <string.h>
#include "store/db.h"
#include "store/party_store.h"
#include "util/err.h"

int store_person_insert(struct db *db, int64_t dossier_id, const struct person_fields *f, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO persons (dossier_id, role, first_name, infix, last_name, birth_date, nationality, "
		"created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_text(st, 2, f->role);
	db_bind_text(st, 3, f->first_name ? f->first_name : "");
	db_bind_text(st, 4, f->infix ? f->infix : "");
	db_bind_text(st, 5, f->last_name);
	db_bind_text(st, 6, f->birth_date);
	db_bind_text(st, 7, f->nationality ? f->nationality : "");
	db_bind_int(st, 8, now);
	return db_returning_id(st, id);
}

int store_person_update(struct db *db, int64_t id, const struct person_fields *f, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE persons SET role = $2, first_name = $3, infix = $4, last_name = $5, birth_date = $6, "
		"nationality = $7, updated_at = $8 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, f->role);
	db_bind_text(st, 3, f->first_name ? f->first_name : "");
	db_bind_text(st, 4, f->infix ? f->infix : "");
	db_bind_text(st, 5, f->last_name);
	db_bind_text(st, 6, f->birth_date);
	db_bind_text(st, 7, f->nationality ? f->nationality : "");
	db_bind_int(st, 8, now);
	return db_run_stmt(st);
}

int store_person_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM persons WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ENOTFOUND : rc;
}

/* contacts of one owner into obj's "emails", "phones", "addresses" */
static int contacts_get(struct db *db, enum party_kind kind, int64_t id, json_t *obj)
{
	int person = kind == PARTY_PERSON;
	struct db_stmt *st;
	json_t *emails = json_array(), *phones = json_array(), *addrs = json_array();
	json_object_set_new(obj, "emails", emails);
	json_object_set_new(obj, "phones", phones);
	json_object_set_new(obj, "addresses", addrs);
	st = person ? db_prepare(db, "SELECT id, type, address FROM party_emails WHERE person_id = $1 ORDER BY id")
		    : db_prepare(db, "SELECT id, type, address FROM party_emails WHERE organisation_id = $1 ORDER BY id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_rows_json(st, emails);
	if (rc)
		return rc;
	st = person ? db_prepare(db, "SELECT id, type, number FROM party_phones WHERE person_id = $1 ORDER BY id")
		    : db_prepare(db, "SELECT id, type, number FROM party_phones WHERE organisation_id = $1 ORDER BY id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	if ((rc = db_rows_json(st, phones)))
		return rc;
	st = person ? db_prepare(db, "SELECT id, type, street, house_number, postcode, city, country "
				     "FROM party_addresses WHERE person_id = $1 ORDER BY id")
		    : db_prepare(db, "SELECT id, type, street, house_number, postcode, city, country "
				     "FROM party_addresses WHERE organisation_id = $1 ORDER BY id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return db_rows_json(st, addrs);
}

#define PERSON_COLS                                                                                                    \
	"id, dossier_id, role, first_name, infix, last_name, birth_date, nationality, bsn_last4, "                      \
	"(bsn_enc IS NOT NULL) AS has_bsn__bool, created_at, updated_at "

int store_person_get(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PERSON_COLS "FROM persons WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	json_t *o = NULL;
	int rc = db_one_json(st, &o);
	if (rc)
		return rc;
	rc = contacts_get(db, PARTY_PERSON, id, o);
	if (rc) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return K_OK;
}

int store_person_set_bsn(struct db *db, int64_t id, const unsigned char *enc, size_t len, const char *last4)
{
	struct db_stmt *st = db_prepare(db, "UPDATE persons SET bsn_enc = $2, bsn_last4 = $3 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	if (enc)
		db_bind_blob(st, 2, enc, len);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, enc ? last4 : NULL);
	return db_run_stmt(st);
}

int store_person_get_bsn(struct db *db, int64_t id, unsigned char *buf, size_t max, size_t *len)
{
	struct db_stmt *st = db_prepare(db, "SELECT bsn_enc FROM persons WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	*len = 0;
	if (rc == DB_ROW) {
		size_t n = 0;
		const void *p = db_col_blob(st, 0, &n);
		if (p && n <= max) {
			memcpy(buf, p, n);
			*len = n;
		}
		rc = (p && n > max) ? K_ETOOBIG : K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_org_insert(struct db *db, int64_t dossier_id, const struct org_fields *f, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO organisations (dossier_id, name, role, kvk, created_at, "
					    "updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_text(st, 2, f->name);
	db_bind_text(st, 3, f->role);
	db_bind_text(st, 4, f->kvk ? f->kvk : "");
	db_bind_int(st, 5, now);
	return db_returning_id(st, id);
}

int store_org_update(struct db *db, int64_t id, const struct org_fields *f, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE organisations SET name = $2, role = $3, kvk = $4, "
					    "updated_at = $5 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, f->name);
	db_bind_text(st, 3, f->role);
	db_bind_text(st, 4, f->kvk ? f->kvk : "");
	db_bind_int(st, 5, now);
	return db_run_stmt(st);
}

int store_org_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM organisations WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ENOTFOUND : rc;
}

int store_org_get(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, dossier_id, name, role, kvk, created_at, updated_at "
					    "FROM organisations WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	json_t *o = NULL;
	int rc = db_one_json(st, &o);
	if (rc)
		return rc;
	rc = contacts_get(db, PARTY_ORGANISATION, id, o);
	if (rc) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return K_OK;
}

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* One kind of contact detail: its delete statements per owner kind, its
 * insert ($1 person, $2 organisation, $3.. the keys in order). */
struct contact_kind {
	const char *del_person, *del_org, *insert;
	const char *keys[6];
};

static const struct contact_kind contact_emails = {
	"DELETE FROM party_emails WHERE person_id = $1",
	"DELETE FROM party_emails WHERE organisation_id = $1",
	"INSERT INTO party_emails (person_id, organisation_id, type, address) VALUES ($1, $2, $3, $4)",
	{"type", "address", NULL},
};

static const struct contact_kind contact_phones = {
	"DELETE FROM party_phones WHERE person_id = $1",
	"DELETE FROM party_phones WHERE organisation_id = $1",
	"INSERT INTO party_phones (person_id, organisation_id, type, number) VALUES ($1, $2, $3, $4)",
	{"type", "number", NULL},
};

static const struct contact_kind contact_addresses = {
	"DELETE FROM party_addresses WHERE person_id = $1",
	"DELETE FROM party_addresses WHERE organisation_id = $1",
	"INSERT INTO party_addresses (person_id, organisation_id, type, street, house_number, postcode, city, country) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	{"type", "street", "house_number", "postcode", "city", "country"},
};

/* replace one kind of contact detail of an owner (items NULL = keep) */
static int contacts_replace_one(struct db *db, const struct contact_kind *ck, int person, int64_t owner_id,
				const json_t *items)
{
	size_t i;
	json_t *v;
	int rc;
	if (!items)
		return K_OK;
	struct db_stmt *st = db_prepare(db, person ? ck->del_person : ck->del_org);
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, owner_id);
	if ((rc = db_run_stmt(st)))
		return rc;
	json_array_foreach(items, i, v) {
		if (!(st = db_prepare(db, ck->insert)))
			return K_EDB;
		db_bind_int(st, person ? 1 : 2, owner_id);
		db_bind_null(st, person ? 2 : 1);
		for (int k = 0; k < 6 && ck->keys[k]; k++)
			db_bind_text(st, 3 + k, jstr(v, ck->keys[k]));
		if ((rc = db_run_stmt(st)))
			return rc;
	}
	return K_OK;
}

int store_contacts_replace(struct db *db, enum party_kind kind, int64_t owner_id, const json_t *emails,
			   const json_t *phones, const json_t *addresses)
{
	int person = kind == PARTY_PERSON, rc;
	if ((rc = contacts_replace_one(db, &contact_emails, person, owner_id, emails)) ||
	    (rc = contacts_replace_one(db, &contact_phones, person, owner_id, phones)))
		return rc;
	return contacts_replace_one(db, &contact_addresses, person, owner_id, addresses);
}

int store_parties_of_dossier(struct db *db, int64_t dossier_id, json_t *persons, json_t *orgs)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PERSON_COLS "FROM persons WHERE dossier_id = $1 "
					    "ORDER BY role, id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	int rc = db_rows_json(st, persons);
	if (rc)
		return rc;
	st = db_prepare(db, "SELECT id, dossier_id, name, role, kvk, created_at, updated_at FROM organisations "
			    "WHERE dossier_id = $1 ORDER BY id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	if ((rc = db_rows_json(st, orgs)))
		return rc;
	size_t i;
	json_t *v;
	json_array_foreach(persons, i, v) {
		if ((rc = contacts_get(db, PARTY_PERSON, json_integer_value(json_object_get(v, "id")), v)))
			return rc;
	}
	json_array_foreach(orgs, i, v) {
		if ((rc = contacts_get(db, PARTY_ORGANISATION, json_integer_value(json_object_get(v, "id")), v)))
			return rc;
	}
	return K_OK;
}

int store_party_dossier(struct db *db, enum party_kind kind, int64_t id, int64_t *dossier_id)
{
	struct db_stmt *st = kind == PARTY_PERSON ? db_prepare(db, "SELECT dossier_id FROM persons WHERE id = $1")
						  : db_prepare(db, "SELECT dossier_id FROM organisations WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*dossier_id = db_col_int(st, 0);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}
