/* Dossiers (D1) and dossier search. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "core/audit.h"
#include "core/dossier.h"
#include "core/office.h"
#include "core/party.h"
#include "core/product.h"
#include "core/validate.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/party_store.h"
#include "store/product_store.h"
#include "store/staff_store.h"

static int fail(struct kfail *f, int err, const char *code, const char *field, const char *msg)
{
	return kfail_set(f, err, code, field, msg);
}

/* id member: absent/null → 0; positive integer → it; else -1 */
static int64_t get_id(const json_t *in, const char *key)
{
	json_t *v = json_object_get(in, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return -1;
	return json_integer_value(v);
}

static int staff_exists(struct db *db, int64_t id)
{
	struct staff_row u;
	return store_staff_get_id(db, id, &u) == K_OK && u.active;
}

static void dossier_present(json_t *d)
{
	const char *status = json_string_value(json_object_get(d, "status"));
	const char *kind = json_string_value(json_object_get(d, "kind"));
	json_object_set_new(d, "status_label", json_string(status && strcmp(status, "client") == 0 ? "Klant" : "Prospect"));
	json_object_set_new(d, "kind_label", json_string(kind && strcmp(kind, "business") == 0 ? "Zakelijk" : "Particulier"));
}

static int load_view(struct db *db, int64_t id, json_t **out)
{
	json_t *d = NULL, *persons = json_array(), *orgs = json_array(), *products = json_array();
	int rc = store_dossier_get(db, id, &d);
	if (rc == K_OK)
		rc = store_parties_of_dossier(db, id, persons, orgs);
	if (rc == K_OK)
		rc = store_products_of_dossier(db, id, products);
	if (rc) {
		json_decref(d);
		json_decref(persons);
		json_decref(orgs);
		json_decref(products);
		return rc;
	}
	size_t i;
	json_t *v;
	json_array_foreach(persons, i, v)
		party_present(v);
	json_array_foreach(products, i, v)
		product_present(v);
	dossier_present(d);
	json_object_set_new(d, "persons", persons);
	json_object_set_new(d, "organisations", orgs);
	json_object_set_new(d, "products", products);
	*out = d;
	return K_OK;
}

int dossier_create(struct app *app, const struct actor *a, const json_t *in, json_t **out, struct kfail *f)
{
	int64_t id = 0;
	struct db *db = store_acquire(app->store);
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc) {
		fail(f, rc, "forbidden", NULL, "U mag geen dossiers aanmaken.");
		goto out;
	}
	const char *kind = json_string_value(json_object_get(in, "kind"));
	json_t *namev = json_object_get(in, "name");
	const char *name = json_string_value(namev);
	int64_t advisor = get_id(in, "advisor_id"), handler = get_id(in, "handler_id"), office = get_id(in, "office_id");
	if (!kind) {
		rc = fail(f, K_EINVAL, "missing_field", "kind", "Kies particulier of zakelijk.");
		goto out;
	}
	if (strcmp(kind, "private") != 0 && strcmp(kind, "business") != 0) {
		rc = fail(f, K_EINVAL, "invalid_kind", "kind", "Kies particulier (private) of zakelijk (business).");
		goto out;
	}
	if (namev && !json_is_null(namev) && (!name || !validate_text(name, 150, false))) {
		rc = fail(f, K_EINVAL, "invalid_field", "name", "De naam is ongeldig of te lang (maximaal 150 tekens).");
		goto out;
	}
	if (advisor < 0 || (advisor > 0 && !staff_exists(db, advisor))) {
		rc = fail(f, K_EINVAL, "invalid_advisor", "advisor_id", "Kies een bestaande adviseur.");
		goto out;
	}
	if (handler < 0 || (handler > 0 && !staff_exists(db, handler))) {
		rc = fail(f, K_EINVAL, "invalid_handler", "handler_id", "Kies een bestaande behandelaar.");
		goto out;
	}
	if (office < 0 || (office > 0 && !office_exists(db, office))) {
		rc = fail(f, K_EINVAL, "invalid_office", "office_id", "Kies een bestaand kantoor.");
		goto out;
	}
	if (advisor == 0 && a->kind == ACTOR_STAFF && a->role == ROLE_ADVISOR)
		advisor = a->id;
	if (handler == 0 && advisor > 0)
		handler = office_support_handler(db, advisor);
	if (office == 0 && advisor > 0)
		office = office_of_staff(db, advisor);
	if ((rc = db_begin(db)))
		goto out;
	rc = store_dossier_insert(db, kind, name, office, advisor, handler, a->kind == ACTOR_STAFF ? a->id : 0,
				  app_now(app), &id);
	if (rc == K_OK)
		rc = audit_log(app, db, a, "dossier.create", id, "dossier", id, kind);
	rc = db_end(db, rc);
	if (rc == K_OK)
		rc = load_view(db, id, out);
out:
	store_release(app->store, db);
	return rc;
}

int dossier_get(struct app *app, const struct actor *a, int64_t id, json_t **out)
{
	struct db *db = store_acquire(app->store);
	json_t *v = NULL;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc == K_OK)
		rc = load_view(db, id, &v);
	if (rc == K_OK)
		rc = audit_note(app, a, "dossier.view", id, "dossier", id, "");
	if (rc == K_OK)
		*out = v;
	else
		json_decref(v);
	store_release(app->store, db);
	return rc;
}

int dossier_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		   struct kfail *f)
{
	struct db *db = store_acquire(app->store);
	json_t *cur = NULL;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc || (rc = store_dossier_get(db, id, &cur)))
		goto out;
	json_t *namev = json_object_get(in, "name"), *statusv = json_object_get(in, "status");
	int64_t advisor = get_id(in, "advisor_id"), handler = get_id(in, "handler_id");
	if (namev && (!json_is_string(namev) || !validate_text(json_string_value(namev), 150, false))) {
		rc = fail(f, K_EINVAL, "invalid_field", "name", "De naam is ongeldig of te lang.");
		goto out;
	}
	const char *status = json_string_value(statusv);
	if (statusv && (!status || (strcmp(status, "prospect") != 0 && strcmp(status, "client") != 0))) {
		rc = fail(f, K_EINVAL, "invalid_status", "status", "Kies prospect of client.");
		goto out;
	}
	if (advisor < 0 || (advisor > 0 && !staff_exists(db, advisor))) {
		rc = fail(f, K_EINVAL, "invalid_advisor", "advisor_id", "Kies een bestaande adviseur.");
		goto out;
	}
	if (handler < 0 || (handler > 0 && !staff_exists(db, handler))) {
		rc = fail(f, K_EINVAL, "invalid_handler", "handler_id", "Kies een bestaande behandelaar.");
		goto out;
	}
	if ((rc = db_begin(db)))
		goto out;
	rc = store_dossier_update(db, id, json_string_value(namev), status, advisor, handler, 0, app_now(app));
	if (rc == K_OK && namev && json_string_length(namev) == 0)
		rc = store_dossier_reindex(db, id);
	if (rc == K_OK)
		rc = audit_log(app, db, a, "dossier.update", id, "dossier", id, "");
	rc = db_end(db, rc);
	if (rc == K_OK)
		rc = load_view(db, id, out);
out:
	json_decref(cur);
	store_release(app->store, db);
	return rc;
}

/* --- search -------------------------------------------------------------- */

/* "17-05-1980", "17/05/1980", "17.05.1980" or "1980-05-17" at s → YYYYMMDD. */
static int date_at(const char *s, char out[9], size_t *used)
{
	int d[8], n = 0;
	size_t i = 0;
	int groups[3] = {0, 0, 0}, g = 0;
	char sep = 0;
	while (s[i] && g < 3) {
		if (isdigit((unsigned char)s[i])) {
			if (n == 8)
				return 0;
			d[n++] = s[i] - '0';
			groups[g]++;
		} else if ((s[i] == '-' || s[i] == '/' || s[i] == '.') && groups[g] > 0 && g < 2 &&
			   (!sep || sep == s[i])) {
			sep = s[i];
			g++;
		} else {
			break;
		}
		i++;
	}
	if (g != 2 || n != 8)
		return 0;
	if (groups[0] == 2 && groups[1] == 2 && groups[2] == 4)
		snprintf(out, 9, "%d%d%d%d%d%d%d%d", d[4], d[5], d[6], d[7], d[2], d[3], d[0], d[1]);
	else if (groups[0] == 4 && groups[1] == 2 && groups[2] == 2)
		snprintf(out, 9, "%d%d%d%d%d%d%d%d", d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]);
	else
		return 0;
	*used = i;
	return 1;
}

int dossier_match_expr(const char *q, char *out, size_t outlen)
{
	size_t o = 0, ntok = 0;
	if (outlen)
		out[0] = '\0';
	if (!q)
		return K_OK;
	const char *p = q;
	while (*p && ntok < 8) {
		unsigned char c = (unsigned char)*p;
		char tok[80];
		size_t tl = 0, used = 0;
		if (isdigit(c) && date_at(p, tok, &used)) {
			tl = 8;
			p += used;
		} else if (isalnum(c) || c >= 0x80) {
			while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80) && tl < sizeof tok - 1)
				tok[tl++] = *p++;
			while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
				p++; /* overlong token: cut */
		} else {
			p++;
			continue;
		}
		tok[tl] = '\0';
		/* a lone letter scans the whole vocabulary: skip it unless it is all
		 * there is */
		if (tl < 2 && ntok > 0)
			continue;
		int n = snprintf(out + o, outlen - o, "%s\"%s\"*", ntok ? " " : "", tok);
		if (n < 0 || (size_t)n >= outlen - o)
			return K_ETOOBIG;
		o += (size_t)n;
		ntok++;
	}
	return K_OK;
}

int dossier_search(struct app *app, const struct actor *a, const char *q, int page, int per_page, json_t **out)
{
	char expr[1024];
	int64_t total = 0;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	if (!q)
		q = "";
	if (strlen(q) > DOSSIER_QUERY_MAX)
		return K_EINVAL;
	if (page < 1)
		page = 1;
	if (page > 1000)
		page = 1000;
	if (per_page < 1 || per_page > DOSSIER_PAGE_MAX)
		per_page = 20;
	if ((rc = dossier_match_expr(q, expr, sizeof expr)))
		return rc;
	json_t *items = json_array();
	struct db *db = store_acquire(app->store);
	rc = store_dossier_search(db, expr, per_page, (page - 1) * per_page, items, &total);
	store_release(app->store, db);
	if (rc) {
		json_decref(items);
		return rc;
	}
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
		dossier_present(v);
	*out = json_pack("{s:o, s:I, s:i, s:i, s:s}", "items", items, "total", (json_int_t)total, "page", page,
			 "per_page", per_page, "query", q);
	if (total == 0 && q[0]) {
		char hint[400];
		int qlen = (int)strnlen(q, 100);
		while (qlen > 0 && ((unsigned char)q[qlen] & 0xc0) == 0x80)
			qlen--; /* never cut a UTF-8 character in two: the hint must stay valid JSON text */
		snprintf(hint, sizeof hint,
			 "Geen dossiers gevonden voor \"%.*s\". Zoek op naam, geboortedatum (dd-mm-jjjj), postcode, "
			 "e-mailadres of dossiernummer, of maak een nieuw dossier aan.", qlen, q);
		json_object_set_new(*out, "hint", json_string(hint));
	} else if (total == 0) {
		json_object_set_new(*out, "hint", json_string("Er zijn nog geen dossiers. Maak een nieuw dossier aan."));
	}
	return K_OK;
}
