#ifndef KLUIS_STORE_PARTY_STORE_H
#define KLUIS_STORE_PARTY_STORE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* SQL for persons and organisations of a dossier and their typed contact
 * details. Values arrive validated and normalised by core. */

/* Scalar fields of a person. */
struct person_fields {
	const char *role;        /* applicant1 | applicant2 | other */
	const char *first_name;
	const char *infix;
	const char *last_name;
	const char *birth_date;  /* YYYY-MM-DD or NULL */
	const char *nationality;
};

enum party_kind { PARTY_PERSON, PARTY_ORGANISATION };

/* store_person_insert: K_ECONFLICT when the role is applicant1/2 and the
 * dossier already has one. */
int store_person_insert(struct db *db, int64_t dossier_id, const struct person_fields *f, int64_t now, int64_t *id);
/* store_person_update: replace all scalar fields. */
int store_person_update(struct db *db, int64_t id, const struct person_fields *f, int64_t now);
int store_person_delete(struct db *db, int64_t id);
/* store_person_get: {id, dossier_id, role, first_name, infix, last_name,
 * birth_date, nationality, bsn_last4, has_bsn, emails, phones, addresses}. */
int store_person_get(struct db *db, int64_t id, json_t **out);
/* store_person_set_bsn: enc may be NULL to clear. */
int store_person_set_bsn(struct db *db, int64_t id, const unsigned char *enc, size_t len, const char *last4);
/* store_person_get_bsn: the encrypted BSN into buf (max bytes); *len = 0 if
 * none. */
int store_person_get_bsn(struct db *db, int64_t id, unsigned char *buf, size_t max, size_t *len);

/* Scalar fields of an organisation. */
struct org_fields {
	const char *name;
	const char *role; /* client | employer | other */
	const char *kvk;
};
int store_org_insert(struct db *db, int64_t dossier_id, const struct org_fields *f, int64_t now, int64_t *id);
int store_org_update(struct db *db, int64_t id, const struct org_fields *f, int64_t now);
int store_org_delete(struct db *db, int64_t id);
/* store_org_get: {id, dossier_id, name, role, kvk, emails, phones, addresses}. */
int store_org_get(struct db *db, int64_t id, json_t **out);

/* store_contacts_replace: replace the owner's e-mails, phones and addresses
 * (arrays of objects with the table's columns; NULL array = keep). */
int store_contacts_replace(struct db *db, enum party_kind kind, int64_t owner_id, const json_t *emails,
			   const json_t *phones, const json_t *addresses);
/* store_parties_of_dossier: persons (ordered by role) and organisations, each
 * with contacts, appended to the two arrays. */
int store_parties_of_dossier(struct db *db, int64_t dossier_id, json_t *persons, json_t *orgs);
/* store_party_dossier: the dossier a person/organisation belongs to. */
int store_party_dossier(struct db *db, enum party_kind kind, int64_t id, int64_t *dossier_id);

#endif
