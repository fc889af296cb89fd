/* The vault, client side: activation, sign-in, reset, 2FA, own account. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "adapters/totp.h"
#include "core/audit.h"
#include "core/outbox.h"
#include "core/notify.h"
#include "core/password.h"
#include "core/document.h"
#include "core/portal.h"
#include "core/validate.h"
#include "core/vault.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/staff_store.h"
#include "util/alloc.h"
#include "util/metrics.h"

static int fail(struct kfail *f, int err, const char *code, const char *field, const char *msg)
{
	return kfail_set(f, err, code, field, msg);
}

static struct actor client_actor(int64_t user_id)
{
	struct actor a = {ACTOR_CLIENT, user_id, ROLE_NONE, "", ""};
	return a;
}

static void code_hash(const char *code, unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)code, strlen(code));
}

/* Look up a token of kind and check it is usable. */
static int token_check(struct app *app, struct db *db, const char *token, const char *kind, struct vtoken_row *t,
		       struct vault_user_row *u, struct kfail *f)
{
	unsigned char hash[32];
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return fail(f, K_EINVAL, "token_invalid", "token", "Uitnodiging niet gevonden.");
	session_hash(token, hash);
	int rc = store_vtoken_get(db, hash, t);
	if (rc == K_ENOTFOUND || (rc == K_OK && strcmp(t->kind, kind) != 0))
		return fail(f, K_EINVAL, "token_invalid", "token", "Uitnodiging niet gevonden.");
	if (rc)
		return rc;
	if ((rc = store_vault_user_get(db, t->vault_user_id, u)) == K_ENOTFOUND || t->revoked_at ||
	    strcmp(u->vault_status, "revoked") == 0)
		return fail(f, K_EINVAL, "token_invalid", "token", "Uitnodiging niet gevonden.");
	if (rc)
		return rc;
	if (t->used_at)
		return fail(f, K_EINVAL, "token_used", "token", "Deze link is al gebruikt. Log in of vraag een nieuwe aan.");
	if (app_now(app) > t->expires_at)
		return fail(f, K_EINVAL, "token_expired", "token",
			    "Deze link is verlopen. Vraag uw adviseur om een nieuwe uitnodiging.");
	return K_OK;
}

/* send a fresh SMS code for an activation token (caller's transaction) */
static int send_code(struct app *app, struct db *db, const struct vtoken_row *t, const char *mobile)
{
	char code[8];
	char *text = NULL;
	unsigned char h[32];
	vault_new_code(app, code, 6);
	code_hash(code, h);
	int64_t now = app_now(app);
	int rc = store_vtoken_set_code(db, t->id, h, now + VAULT_CODE_TTL, now);
	json_t *vars = json_pack("{s:s}", "code", code);
	if (rc == K_OK)
		rc = notify_render_sms(app, "activation_code", vars, &text);
	json_decref(vars);
	if (rc == K_OK)
		rc = outbox_emit(app, db, "sms.send", json_pack("{s:s, s:s}", "to", mobile, "text", text));
	sodium_memzero(code, sizeof code);
	if (text)
		secure_free(text, strlen(text));
	return rc;
}

static int vault_of_user(struct db *db, const struct vault_user_row *u, json_t **v)
{
	return store_vault_of_dossier(db, u->dossier_id, v);
}

int portal_activation_open(struct app *app, const char *token, json_t **out, struct kfail *f)
{
	struct vtoken_row t;
	struct vault_user_row u;
	json_t *v = NULL;
	struct db *db = store_acquire(app->store);
	int rc = token_check(app, db, token, "activation", &t, &u, f);
	if (rc || (rc = vault_of_user(db, &u, &v)))
		goto out;
	const char *verification = u.is_primary ? json_string_value(json_object_get(v, "verification")) : "none";
	int sent = 0;
	int64_t now = app_now(app);
	if (strcmp(verification, "sms") == 0 && (!t.has_code || now > t.code_expires_at) &&
	    t.codes_sent < VAULT_CODES_PER_TOKEN) {
		if ((rc = db_begin(db)))
			goto out;
		rc = send_code(app, db, &t, json_string_value(json_object_get(v, "invite_mobile")));
		rc = db_end(db, rc);
		sent = rc == K_OK;
	}
	if (rc == K_OK)
		*out = json_pack("{s:s, s:s, s:s, s:b}", "verification", verification, "email", u.email, "name", u.name,
				 "code_sent", sent);
out:
	json_decref(v);
	store_release(app->store, db);
	return rc;
}

int portal_activation_sms(struct app *app, const char *token, struct kfail *f)
{
	struct vtoken_row t;
	struct vault_user_row u;
	json_t *v = NULL;
	struct db *db = store_acquire(app->store);
	int rc = token_check(app, db, token, "activation", &t, &u, f);
	if (rc || (rc = vault_of_user(db, &u, &v)))
		goto out;
	if (!u.is_primary || strcmp(json_string_value(json_object_get(v, "verification")), "sms") != 0) {
		rc = fail(f, K_EINVAL, "no_sms", NULL, "Voor deze kluis wordt geen sms-code gebruikt.");
		goto out;
	}
	if (t.codes_sent >= VAULT_CODES_PER_TOKEN || app_now(app) - t.code_sent_at < VAULT_CODE_RESEND_GAP) {
		rc = fail(f, K_ELIMIT, "too_many_codes", NULL,
			  "U heeft net een code gekregen. Wacht een minuut; na vijf codes vraagt u uw adviseur om een nieuwe uitnodiging.");
		goto out;
	}
	if ((rc = db_begin(db)))
		goto out;
	rc = send_code(app, db, &t, json_string_value(json_object_get(v, "invite_mobile")));
	rc = db_end(db, rc);
out:
	json_decref(v);
	store_release(app->store, db);
	return rc;
}

static int start_session(struct app *app, struct db *db, int64_t user_id, const char *ip, struct portal_login_ok *ok)
{
	unsigned char hash[32];
	session_new_token(app, ok->token, hash);
	session_new_token(app, ok->csrf, NULL);
	ok->user_id = user_id;
	return store_csession_insert(db, hash, user_id, ok->csrf, 0, 0, ip, app_now(app), &ok->session_id);
}

int portal_activate(struct app *app, const char *token, const char *code, const char *password, const char *ip,
		    struct portal_login_ok *ok, struct kfail *f)
{
	struct vtoken_row t;
	struct vault_user_row u;
	json_t *v = NULL;
	char reason[256], hash[128];
	memset(ok, 0, sizeof *ok);
	struct db *db = store_acquire(app->store);
	int rc = token_check(app, db, token, "activation", &t, &u, f);
	if (rc || (rc = vault_of_user(db, &u, &v)))
		goto out;
	const char *verification = u.is_primary ? json_string_value(json_object_get(v, "verification")) : "none";
	if (strcmp(verification, "none") != 0) {
		int good = 0;
		if (t.code_attempts >= VAULT_CODE_ATTEMPTS) {
			rc = fail(f, K_EINVAL, "code_invalid", "code",
				  "Te vaak een verkeerde code. Vraag een nieuwe code aan.");
			goto out;
		}
		if (code && strcmp(verification, "sms") == 0 && t.has_code && app_now(app) <= t.code_expires_at) {
			unsigned char h[32];
			code_hash(code, h);
			good = sodium_memcmp(h, t.code_hash, 32) == 0;
		} else if (code && strcmp(verification, "manual") == 0) {
			const char *m = json_string_value(json_object_get(v, "manual_code"));
			good = m && strlen(m) == strlen(code) && sodium_memcmp(m, code, strlen(m)) == 0;
		}
		if (!good) {
			store_vtoken_code_attempt(db, t.id);
			rc = fail(f, K_EINVAL, "code_invalid", "code", "De code klopt niet of is verlopen.");
			goto out;
		}
	}
	rc = password_check_policy(password ? password : "", u.email, u.name, reason, sizeof reason);
	if (rc) {
		rc = fail(f, K_EINVAL, "password_weak", "password", reason);
		goto out;
	}
	if ((rc = password_hash(password, hash)))
		goto out;
	if ((rc = db_begin(db)))
		goto out;
	rc = store_vtoken_use(db, t.id, app_now(app));
	if (rc == K_ECONFLICT)
		fail(f, K_EINVAL, "token_used", "token", "Deze link is al gebruikt.");
	if (rc == K_OK)
		rc = store_vault_user_activate(db, u.id, hash, app_now(app));
	struct actor ca = client_actor(u.id);
	ca.ip = ip;
	if (rc == K_OK && u.is_primary)
		rc = store_vault_set_status(db, u.vault_id, "active", app_now(app));
	/* R7: the first activation ever shares the dossier's public documents */
	if (rc == K_OK && u.is_primary)
		rc = document_share_first(app, db, &ca, u.dossier_id);
	if (rc == K_OK)
		rc = start_session(app, db, u.id, ip, ok);
	if (rc == K_OK)
		rc = audit_log(app, db, &ca, "vault.activate", u.dossier_id, "vault_user", u.id, "");
	rc = db_end(db, rc);
	if (rc == K_ECONFLICT)
		rc = K_EINVAL;
out:
	sodium_memzero(hash, sizeof hash);
	json_decref(v);
	store_release(app->store, db);
	return rc;
}

static void scope_account(const char *email, char out[80])
{
	char lower[256];
	size_t n = 0;
	for (; email[n] && n < sizeof lower - 1; n++)
		lower[n] = (char)tolower((unsigned char)email[n]);
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)lower, n, NULL, 0);
	char hex[33];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, 80, "cacct:%s", hex);
}

int portal_login(struct app *app, const char *email, const char *password, const char *totp, const char *ip,
		 const char *old_token, struct portal_login_ok *ok)
{
	struct vault_user_row u;
	char acct[80], ipscope[96];
	int64_t n = 0;
	int rc;
	memset(ok, 0, sizeof *ok);
	if (!email || !password || strlen(email) > 254 || strlen(password) > 1024)
		return K_EAUTH;
	scope_account(email, acct);
	snprintf(ipscope, sizeof ipscope, "ip:%s", ip ? ip : "");
	struct db *db = store_acquire(app->store);
	int64_t since = app_now(app) - 3600;
	if ((store_failure_count(db, acct, since, &n) == K_OK && n >= app->cfg.login_max_failures_account) ||
	    (store_failure_count(db, ipscope, since, &n) == K_OK && n >= app->cfg.login_max_failures_ip)) {
		rc = K_ELIMIT;
		goto out;
	}
	rc = store_vault_user_by_email(db, email, &u);
	if (rc == K_ENOTFOUND || (rc == K_OK && (strcmp(u.status, "active") != 0 ||
						 strcmp(u.vault_status, "revoked") == 0 || !u.password_hash[0]))) {
		rc = password_dummy_verify(password) == K_EBUSY ? K_EBUSY : K_EAUTH;
		goto failed;
	}
	if (rc)
		goto out;
	rc = password_verify(u.password_hash, password);
	if (rc == K_EBUSY)
		goto out;
	if (rc) {
		rc = K_EAUTH;
		goto failed;
	}
	if (u.totp_secret[0]) {
		long long step = 0;
		if (!totp || !*totp) {
			rc = K_ETOTP_REQUIRED;
			goto out;
		}
		if (totp_verify(u.totp_secret, totp, app_now(app), u.totp_last_step, &step) != K_OK ||
		    store_vault_user_totp_step(db, u.id, step) != K_OK) {
			rc = K_ETOTP_INVALID;
			goto failed;
		}
	}
	if ((rc = db_begin(db)))
		goto out;
	if (old_token && strlen(old_token) == SESSION_TOKEN_LEN) {
		unsigned char h[32];
		struct csession_row s;
		session_hash(old_token, h);
		if (store_csession_get(db, h, &s) == K_OK)
			store_csession_delete(db, s.id);
	}
	rc = start_session(app, db, u.id, ip, ok);
	struct actor ca = client_actor(u.id);
	ca.ip = ip;
	if (rc == K_OK)
		rc = audit_log(app, db, &ca, "portal.login", u.dossier_id, "vault_user", u.id, "");
	rc = db_end(db, rc);
	goto out;
failed:
	store_failure_add(db, acct, app_now(app));
	store_failure_add(db, ipscope, app_now(app));
	atomic_fetch_add(&web_metrics.login_failures, 1);
out:
	sodium_memzero(&u, sizeof u);
	store_release(app->store, db);
	return rc;
}

int portal_logout(struct app *app, const char *token)
{
	unsigned char h[32];
	struct csession_row s;
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return K_ENOTFOUND;
	session_hash(token, h);
	struct db *db = store_acquire(app->store);
	int rc = store_csession_get(db, h, &s);
	if (rc == K_OK)
		rc = store_csession_delete(db, s.id);
	store_release(app->store, db);
	return rc;
}

int portal_session_check(struct app *app, struct db *db, const char *token, struct csession_row *s,
			 struct vault_user_row *u)
{
	unsigned char h[32];
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return K_ENOTFOUND;
	session_hash(token, h);
	int rc = store_csession_get(db, h, s);
	if (rc)
		return rc;
	int64_t now = app_now(app);
	int expired = s->expires_at ? now > s->expires_at
				    : (now - s->last_seen_at > app->cfg.session_idle_seconds ||
				       now - s->created_at > app->cfg.session_absolute_seconds);
	if (expired || (rc = store_vault_user_get(db, s->vault_user_id, u)) != K_OK ||
	    strcmp(u->status, "active") != 0 || strcmp(u->vault_status, "revoked") == 0) {
		store_csession_delete(db, s->id);
		return K_ENOTFOUND;
	}
	if (now - s->last_seen_at >= 60)
		store_csession_touch(db, s->id, now);
	return K_OK;
}

static int mail_user(struct app *app, struct db *db, const struct vault_user_row *u, const char *template,
		     json_t *vars)
{
	json_object_set_new(vars, "name", json_string(u->name));
	return outbox_emit(app, db, "mail.send", json_pack("{s:s, s:s, s:s, s:o}", "to", u->email, "to_name", u->name,
							   "template", template, "vars", vars));
}

int portal_reset_request(struct app *app, const char *email, const char *ip)
{
	struct vault_user_row u;
	char token[SESSION_TOKEN_LEN + 1], link[CONFIG_STR_MAX + 128];
	unsigned char hash[32];
	if (!email || !validate_email(email))
		return K_OK;
	struct db *db = store_acquire(app->store);
	int rc = store_vault_user_by_email(db, email, &u);
	/* P8: only active users of active vaults; everyone else gets nothing,
	 * and the caller answers 202 either way */
	if (rc != K_OK || strcmp(u.status, "active") != 0 || strcmp(u.vault_status, "active") != 0) {
		rc = K_OK;
		goto out;
	}
	int64_t now = app_now(app);
	session_new_token(app, token, hash);
	if ((rc = db_begin(db)))
		goto out;
	rc = store_vtoken_revoke_user(db, u.id, "reset", now);
	if (rc == K_OK)
		rc = store_vtoken_insert(db, hash, "reset", u.id, now, now + VAULT_RESET_TTL);
	vault_link(app, "/portaal/wachtwoord-herstellen", token, link, sizeof link);
	if (rc == K_OK)
		rc = mail_user(app, db, &u, "password_reset", json_pack("{s:s}", "link", link));
	struct actor ca = client_actor(u.id);
	ca.ip = ip;
	if (rc == K_OK)
		rc = audit_log(app, db, &ca, "portal.reset_request", u.dossier_id, "vault_user", u.id, "");
	rc = db_end(db, rc);
out:
	sodium_memzero(token, sizeof token);
	store_release(app->store, db);
	return rc;
}

int portal_reset_confirm(struct app *app, const char *token, const char *password, struct kfail *f)
{
	struct vtoken_row t;
	struct vault_user_row u;
	char reason[256], hash[128];
	struct db *db = store_acquire(app->store);
	int rc = token_check(app, db, token, "reset", &t, &u, f);
	if (rc)
		goto out;
	rc = password_check_policy(password ? password : "", u.email, u.name, reason, sizeof reason);
	if (rc) {
		rc = fail(f, K_EINVAL, "password_weak", "password", reason);
		goto out;
	}
	if ((rc = password_hash(password, hash)) || (rc = db_begin(db)))
		goto out;
	rc = store_vtoken_use(db, t.id, app_now(app));
	if (rc == K_OK)
		rc = store_vault_user_set_password(db, u.id, hash);
	if (rc == K_OK)
		rc = store_csession_delete_user(db, u.id, 0);
	if (rc == K_OK)
		rc = mail_user(app, db, &u, "password_changed", json_object());
	struct actor ca = client_actor(u.id);
	if (rc == K_OK)
		rc = audit_log(app, db, &ca, "portal.reset", u.dossier_id, "vault_user", u.id, "");
	rc = db_end(db, rc);
	if (rc == K_ECONFLICT)
		rc = fail(f, K_EINVAL, "token_used", "token", "Deze link is al gebruikt.");
out:
	sodium_memzero(hash, sizeof hash);
	store_release(app->store, db);
	return rc;
}

int portal_me(struct app *app, int64_t user_id, json_t **out)
{
	struct vault_user_row u;
	json_t *d = NULL, *v = NULL;
	struct db *db = store_acquire(app->store);
	int rc = store_vault_user_get(db, user_id, &u);
	if (rc == K_OK)
		rc = store_dossier_get(db, u.dossier_id, &d);
	if (rc == K_OK)
		rc = store_vault_of_dossier(db, u.dossier_id, &v);
	if (rc == K_OK)
		*out = json_pack("{s:I, s:s, s:s, s:b, s:b, s:{s:I, s:O, s:O, s:O}, s:O}", "id", (json_int_t)u.id,
				 "email", u.email, "name", u.name, "primary", u.is_primary, "two_factor",
				 u.totp_secret[0] != '\0', "dossier", "id", (json_int_t)u.dossier_id, "number",
				 json_object_get(d, "number"), "name", json_object_get(d, "name"), "kind",
				 json_object_get(d, "kind"), "original_email", json_object_get(v, "invite_email"));
	json_decref(d);
	json_decref(v);
	store_release(app->store, db);
	return rc;
}

int portal_update_me(struct app *app, int64_t user_id, int64_t session_id, const char *email, const char *password,
		     const char *current, struct kfail *f)
{
	struct vault_user_row u;
	char reason[256], hash[128];
	struct db *db = store_acquire(app->store);
	int rc = store_vault_user_get(db, user_id, &u);
	if (rc)
		goto out;
	rc = password_verify(u.password_hash, current ? current : "");
	if (rc == K_EAUTH) {
		rc = fail(f, K_EINVAL, "invalid_credentials", "current_password", "Het huidige wachtwoord klopt niet.");
		goto out;
	}
	if (rc)
		goto out;
	if (email && *email && !validate_email(email)) {
		rc = fail(f, K_EINVAL, "invalid_email", "email", "Dit e-mailadres klopt niet.");
		goto out;
	}
	if (email && *email && strcasecmp(email, u.email) != 0 && store_email_in_use(db, email)) {
		rc = fail(f, K_EINVAL, "email_in_use", "email", "Dit e-mailadres wordt al gebruikt.");
		goto out;
	}
	if (password && *password) {
		rc = password_check_policy(password, email && *email ? email : u.email, u.name, reason, sizeof reason);
		if (rc) {
			rc = fail(f, K_EINVAL, "password_weak", "password", reason);
			goto out;
		}
		if ((rc = password_hash(password, hash)))
			goto out;
	}
	if ((rc = db_begin(db)))
		goto out;
	struct actor ca = client_actor(u.id);
	if (email && *email && strcasecmp(email, u.email) != 0) {
		/* P11: only the login name changes; the dossier keeps its e-mail.
		 * The old address is told, so a takeover does not go unnoticed. */
		rc = store_vault_user_set_email(db, u.id, email);
		if (rc == K_OK)
			rc = mail_user(app, db, &u, "email_changed", json_pack("{s:s}", "new_email", email));
		if (rc == K_OK)
			rc = audit_log(app, db, &ca, "portal.email_change", u.dossier_id, "vault_user", u.id, "");
	}
	if (rc == K_OK && password && *password) {
		rc = store_vault_user_set_password(db, u.id, hash);
		if (rc == K_OK)
			rc = store_csession_delete_user(db, u.id, session_id);
		if (rc == K_OK)
			rc = mail_user(app, db, &u, "password_changed", json_object());
		if (rc == K_OK)
			rc = audit_log(app, db, &ca, "portal.password_change", u.dossier_id, "vault_user", u.id, "");
	}
	rc = db_end(db, rc);
	if (rc == K_ECONFLICT)
		rc = fail(f, K_EINVAL, "email_in_use", "email", "Dit e-mailadres wordt al gebruikt.");
out:
	sodium_memzero(hash, sizeof hash);
	store_release(app->store, db);
	return rc;
}

int portal_totp_begin(struct app *app, int64_t user_id, char secret[64], char *url, size_t urllen, struct buf *svg)
{
	struct vault_user_row u;
	struct db *db = store_acquire(app->store);
	int rc = store_vault_user_get(db, user_id, &u);
	if (rc == K_OK)
		rc = totp_secret_new(secret);
	if (rc == K_OK)
		rc = totp_otpauth_url("Kluis", u.email, secret, url, urllen);
	if (rc == K_OK)
		rc = totp_qr_svg(url, svg);
	if (rc == K_OK)
		rc = store_vault_user_set_totp(db, u.id, u.totp_secret, secret);
	store_release(app->store, db);
	return rc;
}

int portal_totp_confirm(struct app *app, int64_t user_id, const char *code, struct kfail *f)
{
	struct vault_user_row u;
	long long step = 0;
	struct db *db = store_acquire(app->store);
	int rc = store_vault_user_get(db, user_id, &u);
	if (rc)
		goto out;
	if (!u.totp_pending[0]) {
		rc = fail(f, K_EINVAL, "totp_not_started", "totp", "Start eerst het instellen van de app.");
		goto out;
	}
	if (totp_verify(u.totp_pending, code ? code : "", app_now(app), 0, &step) != K_OK) {
		rc = fail(f, K_ETOTP_INVALID, "totp_invalid", "totp", "De code klopt niet. Probeer het opnieuw.");
		goto out;
	}
	if ((rc = db_begin(db)))
		goto out;
	rc = store_vault_user_set_totp(db, u.id, u.totp_pending, "");
	if (rc == K_OK && store_vault_user_totp_step(db, u.id, step) == K_ECONFLICT)
		rc = K_OK;
	if (rc == K_OK)
		rc = mail_user(app, db, &u, "twofactor_changed", json_pack("{s:b}", "enabled", 1));
	struct actor ca = client_actor(u.id);
	if (rc == K_OK)
		rc = audit_log(app, db, &ca, "portal.totp_enable", u.dossier_id, "vault_user", u.id, "");
	rc = db_end(db, rc);
out:
	store_release(app->store, db);
	return rc;
}

int portal_totp_disable(struct app *app, int64_t user_id, const char *password, struct kfail *f)
{
	struct vault_user_row u;
	struct db *db = store_acquire(app->store);
	int rc = store_vault_user_get(db, user_id, &u);
	if (rc)
		goto out;
	rc = password_verify(u.password_hash, password ? password : "");
	if (rc == K_EAUTH) {
		rc = fail(f, K_EINVAL, "invalid_credentials", "password", "Het wachtwoord klopt niet.");
		goto out;
	}
	if (rc || (rc = db_begin(db)))
		goto out;
	rc = store_vault_user_set_totp(db, u.id, "", "");
	if (rc == K_OK)
		rc = mail_user(app, db, &u, "twofactor_changed", json_pack("{s:b}", "enabled", 0));
	struct actor ca = client_actor(u.id);
	if (rc == K_OK)
		rc = audit_log(app, db, &ca, "portal.totp_disable", u.dossier_id, "vault_user", u.id, "");
	rc = db_end(db, rc);
out:
	store_release(app->store, db);
	return rc;
}
