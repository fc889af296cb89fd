/* The vault, staff side (P1–P7, P10–P12). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "adapters/phone.h"
#include "core/audit.h"
#include "core/outbox.h"
#include "core/session.h"
#include "core/validate.h"
#include "core/vault.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/party_store.h"
#include "store/product_store.h"
#include "store/vault_store.h"
#include "util/alloc.h"

void vault_link(struct app *app, const char *path, const char *token, char *out, size_t outlen)
{
	const char *base = app->cfg.public_url;
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	snprintf(out, outlen, "%.*s%s?t=%s", (int)bl, base, path, token);
}

void vault_new_code(struct app *app, char *out, int n)
{
	unsigned char raw[32];
	int got = 0;
	if (n > 8)
		n = 8;
	while (got < n) {
		app_random(app, raw, sizeof raw);
		for (size_t i = 0; i < sizeof raw && got < n; i++)
			if (raw[i] < 250) /* 250 = 25 * 10: no modulo bias */
				out[got++] = (char)('0' + raw[i] % 10);
	}
	out[n] = '\0';
	sodium_memzero(raw, sizeof raw);
}

static int fail(struct kfail *f, const char *code, const char *field, const char *msg)
{
	return kfail_set(f, K_EINVAL, code, field, msg);
}

int vault_status(struct app *app, const struct actor *a, int64_t dossier_id, json_t **out)
{
	json_t *d = NULL, *v = NULL;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	struct db *db = store_acquire(app->store);
	if ((rc = store_dossier_get(db, dossier_id, &d)))
		goto out;
	rc = store_vault_of_dossier(db, dossier_id, &v);
	if (rc == K_ENOTFOUND) {
		*out = json_pack("{s:s, s:b, s:[]}", "status", "none", "two_factor", 0, "users");
		rc = K_OK;
		goto out;
	}
	if (rc)
		goto out;
	int twofa = 0;
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(v, "users"), i, u)
		if (json_is_true(json_object_get(u, "primary")))
			twofa = json_is_true(json_object_get(u, "two_factor"));
	*out = json_pack("{s:O, s:O, s:O, s:O, s:b, s:O, s:O, s:O}", "status", json_object_get(v, "status"), "email",
			 json_object_get(v, "invite_email"), "mobile", json_object_get(v, "invite_mobile"), "verification",
			 json_object_get(v, "verification"), "two_factor", twofa, "users", json_object_get(v, "users"),
			 "invited_at", json_object_get(v, "invited_at"), "activated_at", json_object_get(v, "activated_at"));
	if (json_is_string(json_object_get(v, "manual_code")) &&
	    strcmp(json_string_value(json_object_get(v, "status")), "invited") == 0)
		json_object_set(*out, "manual_code", json_object_get(v, "manual_code"));
out:
	json_decref(d);
	json_decref(v);
	store_release(app->store, db);
	return rc;
}

/* first e-mail / first mobile phone of a party object */
static const char *first_email(const json_t *p)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(p, "emails"), 0), "address"));
}

static const char *first_mobile(const json_t *p)
{
	size_t i;
	json_t *ph;
	json_array_foreach(json_object_get(p, "phones"), i, ph) {
		const char *t = json_string_value(json_object_get(ph, "type"));
		if (t && strcmp(t, "mobile") == 0)
			return json_string_value(json_object_get(ph, "number"));
	}
	return NULL;
}

/* Is email a user of vault v (the revoked vault about to be replaced)? */
static int user_of(const json_t *v, const char *email)
{
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(v, "users"), i, u)
		if (strcasecmp(json_string_value(json_object_get(u, "email")), email) == 0)
			return 1;
	return 0;
}

/* Queue the invitation mail with a new activation token for user_id. The
 * firm's name comes from mail.from (notify); inviter names who gave an
 * extra user access. */
static int send_invitation(struct app *app, struct db *db, int64_t user_id, const char *email, const char *name,
			   const char *manual_code, const char *inviter, const char *template)
{
	char token[SESSION_TOKEN_LEN + 1], link[CONFIG_STR_MAX + 128];
	unsigned char hash[32];
	int64_t now = app_now(app);
	session_new_token(app, token, hash);
	int rc = store_vtoken_revoke_user(db, user_id, "activation", now);
	if (rc == K_OK)
		rc = store_vtoken_insert(db, hash, "activation", user_id, now, now + VAULT_INVITE_TTL);
	if (rc)
		goto out;
	vault_link(app, "/portaal/activeren", token, link, sizeof link);
	json_t *vars = json_pack("{s:s, s:s}", "name", name, "link", link);
	/* the manual code never travels with the link: whoever holds the mail
	 * must not be able to activate alone; the advisor passes it on (P2) */
	json_object_set_new(vars, "manual", json_boolean(manual_code != NULL));
	if (inviter)
		json_object_set_new(vars, "inviter", json_string(inviter));
	rc = outbox_emit(app, db, "mail.send",
			 json_pack("{s:s, s:s, s:s, s:o}", "to", email, "to_name", name, "template", template, "vars", vars));
out:
	sodium_memzero(token, sizeof token);
	return rc;
}

int vault_invite(struct app *app, const struct actor *a, int64_t dossier_id, const json_t *in, json_t **out,
		 struct kfail *f)
{
	json_t *d = NULL, *v = NULL, *persons = json_array(), *orgs = json_array();
	struct phone_info ph;
	char name[256] = "", manual[8] = "";
	int64_t vault_id = 0, user_id = 0, person_id = 0, org_id = 0;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		goto done;
	struct db *db = store_acquire(app->store);
	if ((rc = store_dossier_get(db, dossier_id, &d)))
		goto out;
	rc = store_vault_of_dossier(db, dossier_id, &v);
	if (rc == K_OK && strcmp(json_string_value(json_object_get(v, "status")), "revoked") != 0) {
		rc = fail(f, "vault_exists", NULL, "Dit dossier heeft al een kluis (uitnodiging of actief).");
		goto out;
	}
	if (rc != K_OK && rc != K_ENOTFOUND)
		goto out;
	json_int_t product_id = json_integer_value(json_object_get(in, "product_id"));
	if (product_id > 0) {
		json_t *prod = NULL;
		rc = store_product_get(db, product_id, &prod);
		int mine = rc == K_OK && json_integer_value(json_object_get(prod, "dossier_id")) == dossier_id;
		json_decref(prod);
		if (rc != K_OK && rc != K_ENOTFOUND)
			goto out;
		if (!mine) {
			rc = fail(f, "invalid_product", "product_id", "Kies een product uit dit dossier.");
			goto out;
		}
	}
	if ((rc = store_parties_of_dossier(db, dossier_id, persons, orgs)))
		goto out;
	const char *kind = json_string_value(json_object_get(d, "kind"));
	const json_t *party = NULL;
	if (strcmp(kind, "business") == 0) {
		json_int_t want = json_integer_value(json_object_get(in, "organisation_id"));
		size_t i;
		json_t *o;
		json_array_foreach(orgs, i, o) {
			const char *role = json_string_value(json_object_get(o, "role"));
			if ((want > 0 && json_integer_value(json_object_get(o, "id")) == want) ||
			    (want <= 0 && role && strcmp(role, "client") == 0 && !party))
				party = o;
		}
		if (!party || strcmp(json_string_value(json_object_get(party, "role")), "client") != 0) {
			rc = fail(f, "no_first_applicant", "organisation_id",
				  "Een zakelijke kluis hoort bij een organisatie met de rol klant.");
			goto out;
		}
		org_id = json_integer_value(json_object_get(party, "id"));
		snprintf(name, sizeof name, "%s", json_string_value(json_object_get(party, "name")));
	} else {
		size_t i;
		json_t *p;
		/* P3: only the first applicant; an "other party" never */
		json_array_foreach(persons, i, p) {
			const char *role = json_string_value(json_object_get(p, "role"));
			if (role && strcmp(role, "applicant1") == 0)
				party = p;
		}
		if (!party) {
			rc = fail(f, "no_first_applicant", NULL, "Voeg eerst een eerste aanvrager toe aan het dossier.");
			goto out;
		}
		person_id = json_integer_value(json_object_get(party, "id"));
		snprintf(name, sizeof name, "%s", json_string_value(json_object_get(party, "first_name")));
		if (!name[0])
			snprintf(name, sizeof name, "%s", json_string_value(json_object_get(party, "last_name")));
	}
	const char *email = json_string_value(json_object_get(in, "email"));
	if (!email || !*email)
		email = first_email(party);
	if (!email || !*email) {
		rc = fail(f, "no_email", "email", "Er is geen e-mailadres: vul er een in bij de aanvrager. Er is niets verstuurd.");
		goto out;
	}
	if (!validate_email(email)) {
		rc = fail(f, "invalid_email", "email", "Het e-mailadres klopt niet. Er is niets verstuurd.");
		goto out;
	}
	const char *mobile = json_string_value(json_object_get(in, "mobile"));
	if (!mobile || !*mobile)
		mobile = first_mobile(party);
	if (!mobile || !*mobile) {
		rc = fail(f, "no_mobile", "mobile",
			  "Er is geen telefoonnummer van het type Mobiel. Er is niets verstuurd.");
		goto out;
	}
	if (phone_parse(mobile, "NL", &ph) != K_OK || !phone_is_mobile(&ph)) {
		rc = fail(f, "invalid_mobile", "mobile",
			  "Het mobiele nummer klopt niet of is geen mobiel nummer. Er is niets verstuurd.");
		goto out;
	}
	if (store_email_in_use(db, email) && !user_of(v, email)) {
		rc = fail(f, "email_in_use", "email",
			  "Dit e-mailadres wordt al gebruikt voor een andere kluis. Kies een ander adres.");
		goto out;
	}
	int sms = phone_sms_country(&ph);
	if (!sms)
		vault_new_code(app, manual, 6);
	if ((rc = db_begin(db)))
		goto out;
	if (v) /* a revoked vault makes room for the new one */
		rc = store_vault_delete(db, json_integer_value(json_object_get(v, "id")));
	struct vault_new nv = {dossier_id, kind, person_id, org_id, product_id, email, ph.e164,
			       sms ? "sms" : "manual", sms ? NULL : manual, a->kind == ACTOR_STAFF ? a->id : 0};
	if (rc == K_OK && (rc = store_vault_insert(db, &nv, app_now(app), &vault_id)) == K_ECONFLICT)
		rc = fail(f, "vault_exists", NULL, "Dit dossier heeft al een kluis (uitnodiging of actief).");
	if (rc == K_OK &&
	    (rc = store_vault_user_insert(db, vault_id, email, name, true, app_now(app), &user_id)) == K_ECONFLICT)
		rc = fail(f, "email_in_use", "email", "Dit e-mailadres wordt al gebruikt voor een andere kluis.");
	if (rc == K_OK)
		rc = send_invitation(app, db, user_id, email, name, sms ? NULL : manual, NULL, "invitation");
	if (rc == K_OK)
		rc = audit_log(app, db, a, "vault.invite", dossier_id, "vault", vault_id, sms ? "sms" : "manual");
	rc = db_end(db, rc);
	if (rc == K_OK) {
		*out = json_pack("{s:s, s:s}", "status", "invited", "verification", sms ? "sms" : "manual");
		if (!sms)
			json_object_set_new(*out, "manual_code", json_string(manual));
	}
out:
	store_release(app->store, db);
done:
	json_decref(d);
	json_decref(v);
	json_decref(persons);
	json_decref(orgs);
	return rc;
}

/* the vault of a dossier with its primary user, for the management calls */
static int load(struct db *db, int64_t dossier_id, json_t **v, int64_t *primary_id)
{
	int rc = store_vault_of_dossier(db, dossier_id, v);
	if (rc)
		return rc;
	size_t i;
	json_t *u;
	*primary_id = 0;
	json_array_foreach(json_object_get(*v, "users"), i, u)
		if (json_is_true(json_object_get(u, "primary")))
			*primary_id = json_integer_value(json_object_get(u, "id"));
	return K_OK;
}

int vault_resend(struct app *app, const struct actor *a, int64_t dossier_id, struct kfail *f)
{
	json_t *v = NULL;
	int64_t uid = 0;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	struct db *db = store_acquire(app->store);
	if ((rc = load(db, dossier_id, &v, &uid)))
		goto out;
	if (strcmp(json_string_value(json_object_get(v, "status")), "invited") != 0 || !uid) {
		rc = fail(f, "not_invited", NULL, "Er staat geen uitnodiging open: de kluis is actief of ingetrokken.");
		goto out;
	}
	struct vault_user_row u;
	if ((rc = store_vault_user_get(db, uid, &u)) || (rc = db_begin(db)))
		goto out;
	const char *manual = json_string_value(json_object_get(v, "manual_code"));
	rc = send_invitation(app, db, uid, u.email, u.name, manual, NULL, "invitation");
	if (rc == K_OK)
		rc = audit_log(app, db, a, "vault.resend", dossier_id, "vault", json_integer_value(json_object_get(v, "id")), "");
	rc = db_end(db, rc);
out:
	json_decref(v);
	store_release(app->store, db);
	return rc;
}

int vault_revoke(struct app *app, const struct actor *a, int64_t dossier_id, struct kfail *f)
{
	json_t *v = NULL;
	int64_t uid = 0;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	struct db *db = store_acquire(app->store);
	if ((rc = load(db, dossier_id, &v, &uid)))
		goto out;
	if (strcmp(json_string_value(json_object_get(v, "status")), "invited") != 0) {
		rc = fail(f, "not_invited", NULL, "Alleen een openstaande uitnodiging kan worden ingetrokken.");
		goto out;
	}
	int64_t vid = json_integer_value(json_object_get(v, "id"));
	if ((rc = db_begin(db)))
		goto out;
	rc = store_vault_set_status(db, vid, "revoked", app_now(app));
	/* the invited (never activated) users go with their links, so the
	 * address is free for another dossier; the tab keeps invite_email */
	if (rc == K_OK)
		rc = store_vault_users_delete(db, vid);
	if (rc == K_OK)
		rc = audit_log(app, db, a, "vault.revoke", dossier_id, "vault", vid, "");
	rc = db_end(db, rc);
out:
	json_decref(v);
	store_release(app->store, db);
	return rc;
}

int vault_add_user(struct app *app, const struct actor *a, int64_t dossier_id, const char *email, const char *name,
		   json_t **out, struct kfail *f)
{
	json_t *v = NULL;
	int64_t uid = 0, new_id = 0;
	int rc = a->kind == ACTOR_CLIENT ? K_OK : rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	if (!email || !validate_email(email))
		return fail(f, "invalid_email", "email", "Het e-mailadres klopt niet.");
	if (!name || !*name || !validate_text(name, 120, false))
		return fail(f, "missing_field", "name", "Vul een naam in.");
	struct db *db = store_acquire(app->store);
	if ((rc = load(db, dossier_id, &v, &uid)))
		goto out;
	if (a->kind == ACTOR_CLIENT) { /* a client only for its own vault */
		struct vault_user_row me;
		rc = store_vault_user_get(db, a->id, &me);
		if (rc == K_ENOTFOUND || (rc == K_OK && (me.dossier_id != dossier_id || strcmp(me.status, "active") != 0)))
			rc = K_EDENIED;
		sodium_memzero(&me, sizeof me);
		if (rc)
			goto out;
	}
	if (strcmp(json_string_value(json_object_get(v, "status")), "active") != 0) {
		rc = fail(f, "vault_not_active", NULL, "Een extra gebruiker kan pas als de kluis geactiveerd is.");
		goto out;
	}
	if (store_email_in_use(db, email)) {
		rc = fail(f, "email_in_use", "email", "Dit e-mailadres wordt al gebruikt voor een kluis.");
		goto out;
	}
	if ((rc = db_begin(db)))
		goto out;
	rc = store_vault_user_insert(db, json_integer_value(json_object_get(v, "id")), email, name, false, app_now(app),
				     &new_id);
	if (rc == K_ECONFLICT)
		rc = fail(f, "email_in_use", "email", "Dit e-mailadres wordt al gebruikt voor een kluis.");
	struct vault_user_row owner;
	if (rc == K_OK)
		rc = store_vault_user_get(db, uid, &owner);
	if (rc == K_OK)
		rc = send_invitation(app, db, new_id, email, name, NULL, owner.name, "extra_user_invitation");
	if (rc == K_OK)
		rc = audit_log(app, db, a, "vault.add_user", dossier_id, "vault_user", new_id, "");
	rc = db_end(db, rc);
	if (rc == K_OK)
		*out = json_pack("{s:I, s:s, s:s, s:b, s:s, s:b}", "id", (json_int_t)new_id, "email", email, "name", name,
				 "primary", 0, "status", "invited", "two_factor", 0);
out:
	json_decref(v);
	store_release(app->store, db);
	return rc;
}

int vault_unlink(struct app *app, const struct actor *a, int64_t dossier_id)
{
	json_t *v = NULL;
	int64_t uid = 0;
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	struct db *db = store_acquire(app->store);
	if ((rc = load(db, dossier_id, &v, &uid)) || (rc = db_begin(db)))
		goto out;
	int64_t vid = json_integer_value(json_object_get(v, "id"));
	rc = store_vault_delete(db, vid);
	if (rc == K_OK)
		rc = audit_log(app, db, a, "vault.unlink", dossier_id, "vault", vid, "");
	rc = db_end(db, rc);
out:
	json_decref(v);
	store_release(app->store, db);
	return rc;
}

int vault_view_as(struct app *app, const struct actor *a, int64_t dossier_id, char token[64])
{
	json_t *v = NULL;
	int64_t uid = 0, sid = 0;
	unsigned char hash[32];
	char csrf[SESSION_TOKEN_LEN + 1];
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	if (a->kind != ACTOR_STAFF)
		return K_EDENIED;
	struct db *db = store_acquire(app->store);
	if ((rc = load(db, dossier_id, &v, &uid)))
		goto out;
	if (strcmp(json_string_value(json_object_get(v, "status")), "active") != 0 || !uid) {
		rc = K_ENOTFOUND;
		goto out;
	}
	session_new_token(app, token, hash);
	session_new_token(app, csrf, NULL);
	int64_t now = app_now(app);
	if ((rc = db_begin(db)))
		goto out;
	rc = store_csession_insert(db, hash, uid, csrf, a->id, now + VAULT_VIEW_AS_TTL, a->ip, now, &sid);
	if (rc == K_OK)
		rc = audit_log(app, db, a, "vault.view_as", dossier_id, "vault", json_integer_value(json_object_get(v, "id")),
			       "");
	rc = db_end(db, rc);
out:
	json_decref(v);
	store_release(app->store, db);
	return rc;
}
