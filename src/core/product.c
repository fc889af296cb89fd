/* Products (D3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/product.h"
#include "core/validate.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/party_store.h"
#include "store/product_store.h"

static const struct {
	const char *type, *label;
} types[] = {
	{"service", "Dienst"},
	{"mortgage", "Hypotheek"},
	{"life_insurance", "Levensverzekering"},
	{"non_life_insurance", "Schadeverzekering"},
	{"contract", "Contract"},
	{"consumer_credit", "Consumptief krediet"},
	{"savings_banking", "Vermogen & bankieren"},
};

static const struct {
	const char *status, *label;
} statuses[] = {
	{"open", "Nieuw"},
	{"in_progress", "In behandeling"},
	{"active", "Lopend"},
	{"ended", "Beëindigd"},
	{"cancelled", "Geannuleerd"},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *product_type_label(const char *type)
{
	for (size_t i = 0; type && i < N(types); i++)
		if (strcmp(types[i].type, type) == 0)
			return types[i].label;
	return "";
}

const char *product_status_label(const char *status)
{
	for (size_t i = 0; status && i < N(statuses); i++)
		if (strcmp(statuses[i].status, status) == 0)
			return statuses[i].label;
	return "";
}

/* Product-card fields per type: key, Dutch label, kind. */
static const struct card_field {
	const char *type, *key, *label, *kind;
} card[] = {
	{"service", "advice_kind", "Soort advies", "text"},
	{"service", "description", "Omschrijving", "text"},
	{"service", "start_date", "Startdatum", "date"},
	{"service", "fee", "Advieskosten (EUR)", "amount"},
	{"mortgage", "lender", "Geldverstrekker", "text"},
	{"mortgage", "loan_number", "Leningnummer", "text"},
	{"mortgage", "amount", "Hoofdsom (EUR)", "amount"},
	{"mortgage", "interest_rate", "Rente (%)", "amount"},
	{"mortgage", "fixed_period_years", "Rentevaste periode (jaren)", "amount"},
	{"mortgage", "start_date", "Ingangsdatum", "date"},
	{"life_insurance", "insurer", "Verzekeraar", "text"},
	{"life_insurance", "policy_number", "Polisnummer", "text"},
	{"life_insurance", "insured_amount", "Verzekerd bedrag (EUR)", "amount"},
	{"life_insurance", "premium", "Premie per maand (EUR)", "amount"},
	{"life_insurance", "start_date", "Ingangsdatum", "date"},
	{"life_insurance", "end_date", "Einddatum", "date"},
	{"non_life_insurance", "insurer", "Verzekeraar", "text"},
	{"non_life_insurance", "policy_number", "Polisnummer", "text"},
	{"non_life_insurance", "cover", "Dekking", "text"},
	{"non_life_insurance", "premium", "Premie per maand (EUR)", "amount"},
	{"non_life_insurance", "start_date", "Ingangsdatum", "date"},
	{"contract", "counterparty", "Wederpartij", "text"},
	{"contract", "contract_number", "Contractnummer", "text"},
	{"contract", "start_date", "Ingangsdatum", "date"},
	{"contract", "end_date", "Einddatum", "date"},
	{"consumer_credit", "lender", "Kredietverstrekker", "text"},
	{"consumer_credit", "credit_limit", "Kredietlimiet (EUR)", "amount"},
	{"consumer_credit", "monthly_payment", "Maandlast (EUR)", "amount"},
	{"consumer_credit", "start_date", "Ingangsdatum", "date"},
	{"savings_banking", "bank", "Bank", "text"},
	{"savings_banking", "account", "Rekeningnummer (IBAN)", "text"},
	{"savings_banking", "balance", "Saldo (EUR)", "amount"},
};

json_t *product_card_fields(const char *type)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < N(card); i++)
		if (type && strcmp(card[i].type, type) == 0)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "key", card[i].key, "label", card[i].label,
							     "kind", card[i].kind));
	return arr;
}

static const struct card_field *card_find(const char *type, const char *key)
{
	for (size_t i = 0; i < N(card); i++)
		if (strcmp(card[i].type, type) == 0 && strcmp(card[i].key, key) == 0)
			return &card[i];
	return NULL;
}

void product_present(json_t *p)
{
	const char *type = json_string_value(json_object_get(p, "type"));
	const char *status = json_string_value(json_object_get(p, "status"));
	json_object_set_new(p, "type_label", json_string(product_type_label(type)));
	json_object_set_new(p, "status_label", json_string(product_status_label(status)));
}

/* Validate a card object for type into a new normalised object (strings). */
static int card_from(const char *type, const json_t *in, json_t **out, struct kfail *f)
{
	const char *key;
	json_t *v;
	char field[96];
	*out = json_object();
	if (!in || json_is_null(in))
		return K_OK;
	if (!json_is_object(in))
		goto bad_obj;
	json_object_foreach((json_t *)in, key, v) {
		const struct card_field *cf = card_find(type, key);
		snprintf(field, sizeof field, "card.%.80s", key);
		if (!cf) {
			kfail_set(f, K_EINVAL, "unknown_field", field, "Dit veld hoort niet bij deze productkaart.");
			goto fail;
		}
		if (json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
			continue;
		char num[64];
		const char *s = json_string_value(v);
		if (json_is_number(v)) {
			snprintf(num, sizeof num, "%.10g", json_number_value(v));
			s = num;
		}
		if (!s || !validate_text(s, 200, false)) {
			kfail_set(f, K_EINVAL, "invalid_field", field, "Dit veld is ongeldig of te lang.");
			goto fail;
		}
		if (strcmp(cf->kind, "date") == 0 && !validate_date(s)) {
			kfail_set(f, K_EINVAL, "invalid_date", field, "Vul een bestaande datum in als JJJJ-MM-DD.");
			goto fail;
		}
		if (strcmp(cf->kind, "amount") == 0) {
			int digits = 0, seps = 0;
			for (const char *c = s; *c; c++) {
				if (*c >= '0' && *c <= '9')
					digits++;
				else if (*c == ',' || *c == '.')
					seps++;
				else
					digits = -1000;
			}
			if (digits <= 0 || seps > 1) {
				kfail_set(f, K_EINVAL, "invalid_amount", field, "Vul een bedrag of getal in, zoals 1250,50.");
				goto fail;
			}
		}
		json_object_set_new(*out, key, json_string(s));
	}
	return K_OK;
bad_obj:
	kfail_set(f, K_EINVAL, "invalid_field", "card", "De productkaart moet een object zijn.");
fail:
	json_decref(*out);
	*out = NULL;
	return K_EINVAL;
}

/* holders from in (array of {person_id}|{organisation_id}) checked to belong
 * to the dossier; or NULL arrays when not given. */
static int holders_from(struct db *db, int64_t dossier_id, const json_t *in, json_t **pids, json_t **oids,
			struct kfail *f)
{
	size_t i;
	json_t *v;
	*pids = *oids = NULL;
	if (!in)
		return K_OK;
	if (!json_is_array(in) || json_array_size(in) > 20)
		return kfail_set(f, K_EINVAL, "invalid_field", "holders", "Verwacht een lijst van rechthebbenden.");
	*pids = json_array();
	*oids = json_array();
	json_array_foreach(in, i, v) {
		json_int_t pid = json_integer_value(json_object_get(v, "person_id"));
		json_int_t oid = json_integer_value(json_object_get(v, "organisation_id"));
		int64_t owner = 0;
		enum party_kind kind = pid > 0 ? PARTY_PERSON : PARTY_ORGANISATION;
		if ((pid > 0) == (oid > 0) || store_party_dossier(db, kind, pid > 0 ? pid : oid, &owner) != K_OK ||
		    owner != dossier_id) {
			char field[32];
			snprintf(field, sizeof field, "holders[%zu]", i);
			json_decref(*pids);
			json_decref(*oids);
			*pids = *oids = NULL;
			return kfail_set(f, K_EINVAL, "invalid_holder", field,
					 "Kies een persoon of organisatie uit dit dossier.");
		}
		json_array_append_new(pid > 0 ? *pids : *oids, json_integer(pid > 0 ? pid : oid));
	}
	return K_OK;
}

/* Default holders: the applicants, else client organisations. */
static void default_holders(struct db *db, int64_t dossier_id, json_t *pids, json_t *oids)
{
	json_t *persons = json_array(), *orgs = json_array();
	size_t i;
	json_t *v;
	if (store_parties_of_dossier(db, dossier_id, persons, orgs) == K_OK) {
		json_array_foreach(persons, i, v) {
			const char *role = json_string_value(json_object_get(v, "role"));
			if (role && strcmp(role, "other") != 0)
				json_array_append(pids, json_object_get(v, "id"));
		}
		if (json_array_size(pids) == 0)
			json_array_foreach(orgs, i, v) {
				const char *role = json_string_value(json_object_get(v, "role"));
				if (role && strcmp(role, "client") == 0)
					json_array_append(oids, json_object_get(v, "id"));
			}
	}
	json_decref(persons);
	json_decref(orgs);
}

static int status_ok(const char *s)
{
	return product_status_label(s)[0] != '\0';
}

int product_create(struct app *app, const struct actor *a, int64_t dossier_id, const json_t *in, json_t **out,
		   struct kfail *f)
{
	json_t *d = NULL, *cardv = NULL, *pids = NULL, *oids = NULL;
	char *cardtext = NULL;
	int64_t id = 0;
	struct db *db = store_acquire(app->store);
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc || (rc = store_dossier_get(db, dossier_id, &d)))
		goto out;
	const char *type = json_string_value(json_object_get(in, "type"));
	json_t *name = json_object_get(in, "name"), *pub = json_object_get(in, "public"),
	       *status = json_object_get(in, "status");
	if (!type) {
		rc = kfail_set(f, K_EINVAL, "missing_field", "type", "Kies een soort product.");
		goto out;
	}
	if (!product_type_label(type)[0]) {
		rc = kfail_set(f, K_EINVAL, "invalid_type", "type", "Onbekende productsoort.");
		goto out;
	}
	if (name && !json_is_null(name) && (!json_is_string(name) || !validate_text(json_string_value(name), 150, false))) {
		rc = kfail_set(f, K_EINVAL, "invalid_field", "name", "De naam is ongeldig of te lang.");
		goto out;
	}
	if (pub && !json_is_boolean(pub)) {
		rc = kfail_set(f, K_EINVAL, "invalid_field", "public", "Gebruik true of false.");
		goto out;
	}
	if (status && (!json_is_string(status) || !status_ok(json_string_value(status)))) {
		rc = kfail_set(f, K_EINVAL, "invalid_status", "status", "Onbekende status.");
		goto out;
	}
	if ((rc = card_from(type, json_object_get(in, "card"), &cardv, f)) ||
	    (rc = holders_from(db, dossier_id, json_object_get(in, "holders"), &pids, &oids, f)))
		goto out;
	if (!pids) {
		pids = json_array();
		oids = json_array();
		default_holders(db, dossier_id, pids, oids);
	}
	if (strcmp(type, "service") == 0 && json_array_size(pids) + json_array_size(oids) == 0) {
		rc = kfail_set(f, K_EINVAL, "no_rights_holder", "holders",
			       "Een dienst heeft ten minste één rechthebbende nodig: voeg eerst een aanvrager toe.");
		goto out;
	}
	cardtext = json_dumps(cardv, JSON_COMPACT);
	if ((rc = db_begin(db)))
		goto out;
	rc = store_product_insert(db, dossier_id, type, json_string_value(name), json_is_true(pub),
				  status ? json_string_value(status) : "open", cardtext, app_now(app), &id);
	if (rc == K_OK)
		rc = store_product_holders_set(db, id, pids, oids);
	if (rc == K_OK)
		rc = store_dossier_touch(db, dossier_id, app_now(app));
	if (rc == K_OK)
		rc = audit_log(app, db, a, "product.create", dossier_id, "product", id, type);
	rc = db_end(db, rc);
	if (rc == K_OK && (rc = store_product_get(db, id, out)) == K_OK)
		product_present(*out);
out:
	free(cardtext);
	json_decref(d);
	json_decref(cardv);
	json_decref(pids);
	json_decref(oids);
	store_release(app->store, db);
	return rc;
}

int product_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		   struct kfail *f)
{
	json_t *cur = NULL, *cardv = NULL, *pids = NULL, *oids = NULL;
	char *cardtext = NULL;
	struct db *db = store_acquire(app->store);
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc || (rc = store_product_get(db, id, &cur)))
		goto out;
	int64_t dossier_id = json_integer_value(json_object_get(cur, "dossier_id"));
	const char *type = json_string_value(json_object_get(cur, "type"));
	json_t *name = json_object_get(in, "name"), *pub = json_object_get(in, "public"),
	       *status = json_object_get(in, "status"), *cardin = json_object_get(in, "card");
	if (name && (!json_is_string(name) || !validate_text(json_string_value(name), 150, false))) {
		rc = kfail_set(f, K_EINVAL, "invalid_field", "name", "De naam is ongeldig of te lang.");
		goto out;
	}
	if (pub && !json_is_boolean(pub)) {
		rc = kfail_set(f, K_EINVAL, "invalid_field", "public", "Gebruik true of false.");
		goto out;
	}
	if (status && (!json_is_string(status) || !status_ok(json_string_value(status)))) {
		rc = kfail_set(f, K_EINVAL, "invalid_status", "status", "Onbekende status.");
		goto out;
	}
	if (cardin && (rc = card_from(type, cardin, &cardv, f)))
		goto out;
	if ((rc = holders_from(db, dossier_id, json_object_get(in, "holders"), &pids, &oids, f)))
		goto out;
	if (pids && strcmp(type, "service") == 0 && json_array_size(pids) + json_array_size(oids) == 0) {
		rc = kfail_set(f, K_EINVAL, "no_rights_holder", "holders", "Een dienst heeft ten minste één rechthebbende nodig.");
		goto out;
	}
	if (cardv)
		cardtext = json_dumps(cardv, JSON_COMPACT);
	if ((rc = db_begin(db)))
		goto out;
	rc = store_product_update(db, id, json_string_value(name), pub ? json_is_true(pub) : -1,
				  json_string_value(status), cardtext, app_now(app));
	if (rc == K_OK && pids)
		rc = store_product_holders_set(db, id, pids, oids);
	if (rc == K_OK)
		rc = store_dossier_touch(db, dossier_id, app_now(app));
	if (rc == K_OK)
		rc = audit_log(app, db, a, "product.update", dossier_id, "product", id, "");
	rc = db_end(db, rc);
	if (rc == K_OK && (rc = store_product_get(db, id, out)) == K_OK)
		product_present(*out);
out:
	free(cardtext);
	json_decref(cur);
	json_decref(cardv);
	json_decref(pids);
	json_decref(oids);
	store_release(app->store, db);
	return rc;
}

int product_get(struct app *app, const struct actor *a, int64_t id, json_t **out)
{
	struct db *db = store_acquire(app->store);
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc || (rc = store_product_get(db, id, out)))
		goto out;
	product_present(*out);
	audit_log(app, db, a, "product.view", json_integer_value(json_object_get(*out, "dossier_id")), "product", id,
		  "");
out:
	store_release(app->store, db);
	return rc;
}
