/* Staff accounts: creation, sign-in, password change, TOTP enrolment. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "adapters/totp.h"
#include "core/audit.h"
#include "core/password.h"
#include "core/staff.h"
#include "store/db.h"
#include "store/staff_store.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/metrics.h"

#define TOTP_ISSUER "Kluis"

bool staff_totp_mandatory(enum role r)
{
	return r == ROLE_ADMIN;
}

static int email_ok(const char *e)
{
	size_t n = strlen(e);
	const char *at = strchr(e, '@');
	if (n < 3 || n > 254 || !at || at == e || strchr(at + 1, '@') || !strchr(at + 1, '.'))
		return 0;
	for (const char *p = e; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == '<' || *p == '>' || *p == '"' || *p == ',' || *p == ';')
			return 0;
	return e[n - 1] != '.';
}

int staff_add(struct app *app, const struct actor *actor, const struct staff_new *in, int64_t *id,
	      char totp_secret[64], struct kfail *f)
{
	struct staff_row u;
	char reason[256];
	int rc;
	totp_secret[0] = '\0';
	if (rights_check(actor, RIGHT_MANAGE_USERS))
		return kfail_set(f, K_EDENIED, "forbidden", NULL, "U mag geen gebruikers beheren.");
	if (!in->email || !email_ok(in->email))
		return kfail_set(f, K_EINVAL, "invalid_email", "email", "Vul een geldig e-mailadres in.");
	if (!in->name || !in->name[0] || strlen(in->name) > 120)
		return kfail_set(f, K_EINVAL, "invalid_name", "name", "Vul een naam in (maximaal 120 tekens).");
	enum role role = role_parse(in->role);
	if (role == ROLE_NONE)
		return kfail_set(f, K_EINVAL, "invalid_role", "role", "Kies de rol admin, advisor of backoffice.");
	rc = password_check_policy(in->password ? in->password : "", in->email, in->name, reason, sizeof reason);
	if (rc)
		return kfail_set(f, rc == K_EWEAK ? K_EWEAK : K_EINVAL, "password_weak", "password", reason);
	memset(&u, 0, sizeof u);
	snprintf(u.email, sizeof u.email, "%s", in->email);
	snprintf(u.name, sizeof u.name, "%s", in->name);
	snprintf(u.role, sizeof u.role, "%s", role_name(role));
	u.active = true;
	rc = password_hash(in->password, u.password_hash);
	if (rc)
		return kfail_set(f, rc, "busy", NULL, "Probeer het zo opnieuw.");
	if (staff_totp_mandatory(role)) {
		rc = totp_secret_new(u.totp_secret);
		if (rc)
			return rc;
	}
	struct db *db = store_acquire(app->store);
	rc = db_begin(db);
	if (rc)
		goto out;
	rc = store_staff_insert(db, &u, app_now(app), id);
	if (rc == K_OK)
		rc = audit_log(app, db, actor, "staff.add", 0, "staff_user", *id, role_name(role));
	rc = db_end(db, rc);
	if (rc == K_ECONFLICT)
		kfail_set(f, rc, "email_in_use", "email", "Er bestaat al een account met dit e-mailadres.");
	else if (rc == K_OK)
		snprintf(totp_secret, 64, "%s", u.totp_secret);
out:
	store_release(app->store, db);
	secure_wipe(&u, sizeof u);
	return rc;
}

/* The throttle scope of an account is keyed by the e-mail as typed (lower
 * case, hashed), so unknown and known accounts behave the same. */
static void scope_account(const char *email, char out[80])
{
	char lower[256];
	size_t n = 0;
	for (; email[n] && n < sizeof lower - 1; n++)
		lower[n] = (char)tolower((unsigned char)email[n]);
	lower[n] = '\0';
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)lower, n, NULL, 0);
	char hex[33];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, 80, "acct:%s", hex);
}

static void record_failure(struct app *app, struct db *db, const char *acct, const char *ipscope)
{
	int64_t now = app_now(app);
	store_failure_add(db, acct, now);
	store_failure_add(db, ipscope, now);
	atomic_fetch_add(&web_metrics.login_failures, 1);
}

static int throttled(struct app *app, struct db *db, const char *acct, const char *ipscope)
{
	int64_t since = app_now(app) - 3600, n = 0;
	if (store_failure_count(db, acct, since, &n) == K_OK && n >= app->cfg.login_max_failures_account)
		return 1;
	if (store_failure_count(db, ipscope, since, &n) == K_OK && n >= app->cfg.login_max_failures_ip)
		return 1;
	return 0;
}

int staff_login(struct app *app, const char *email, const char *password, const char *totp, const char *ip,
		const char *request_id, const char *old_token, struct login_ok *out)
{
	struct staff_row u;
	char acct[80], ipscope[96];
	int rc;
	memset(out, 0, sizeof *out);
	if (!email || !password || strlen(email) > 254 || strlen(password) > 1024)
		return K_EAUTH;
	scope_account(email, acct);
	snprintf(ipscope, sizeof ipscope, "ip:%s", ip ? ip : "");
	struct db *db = store_acquire(app->store);
	struct actor who = {ACTOR_STAFF, 0, ROLE_NONE, ip, request_id};
	if (throttled(app, db, acct, ipscope)) {
		rc = K_ELIMIT;
		goto out;
	}
	rc = store_staff_get_email(db, email, &u);
	if (rc == K_ENOTFOUND || (rc == K_OK && !u.active)) {
		if (password_dummy_verify(password) == K_EBUSY) {
			rc = K_EBUSY;
			goto out;
		}
		record_failure(app, db, acct, ipscope);
		rc = K_EAUTH;
		goto out;
	}
	if (rc)
		goto out;
	rc = password_verify(u.password_hash, password);
	if (rc == K_EBUSY)
		goto out;
	who.id = u.id;
	who.role = role_parse(u.role);
	if (rc) {
		record_failure(app, db, acct, ipscope);
		audit_log(app, db, &who, "session.login_failed", 0, "staff_user", u.id, "password");
		rc = K_EAUTH;
		goto out;
	}
	if (u.totp_secret[0]) {
		if (!totp || !totp[0]) {
			rc = K_ETOTP_REQUIRED;
			goto out;
		}
		long long step = 0;
		rc = totp_verify(u.totp_secret, totp, app_now(app), u.totp_last_step, &step);
		if (rc == K_OK)
			rc = store_staff_totp_step(db, u.id, step) == K_OK ? K_OK : K_ETOTP_INVALID;
		else
			rc = K_ETOTP_INVALID;
		if (rc) {
			record_failure(app, db, acct, ipscope);
			audit_log(app, db, &who, "session.login_failed", 0, "staff_user", u.id, "totp");
			goto out;
		}
	}
	rc = db_begin(db);
	if (rc)
		goto out;
	if (old_token)
		session_end(app, db, old_token);
	rc = session_start(app, db, u.id, ip, out->token, out->csrf, &out->session_id);
	if (rc == K_OK)
		rc = audit_log(app, db, &who, "session.login", 0, "staff_user", u.id, "");
	rc = db_end(db, rc);
	out->user_id = u.id;
out:
	store_release(app->store, db);
	secure_wipe(&u, sizeof u);
	return rc;
}

int staff_logout(struct app *app, const struct actor *actor, const char *token)
{
	struct db *db = store_acquire(app->store);
	int rc = session_end(app, db, token);
	if (rc == K_OK)
		audit_log(app, db, actor, "session.logout", 0, "staff_user", actor->id, "");
	store_release(app->store, db);
	return rc;
}

int staff_change_password(struct app *app, const struct actor *actor, int64_t keep_session_id, const char *current,
			  const char *next, struct kfail *f)
{
	struct staff_row u;
	char reason[256], hash[128];
	int rc;
	if (actor->kind != ACTOR_STAFF)
		return kfail_set(f, K_EDENIED, "forbidden", NULL, "Alleen voor medewerkers.");
	struct db *db = store_acquire(app->store);
	rc = store_staff_get_id(db, actor->id, &u);
	if (rc)
		goto out;
	rc = password_verify(u.password_hash, current ? current : "");
	if (rc == K_EAUTH) {
		kfail_set(f, rc, "invalid_credentials", "current_password", "Het huidige wachtwoord klopt niet.");
		goto out;
	}
	if (rc)
		goto out;
	rc = password_check_policy(next ? next : "", u.email, u.name, reason, sizeof reason);
	if (rc) {
		kfail_set(f, K_EWEAK, "password_weak", "new_password", reason);
		rc = K_EWEAK;
		goto out;
	}
	if (strcmp(current, next) == 0) {
		rc = kfail_set(f, K_EWEAK, "password_weak", "new_password",
			       "Kies een ander wachtwoord dan het huidige.");
		goto out;
	}
	rc = password_hash(next, hash);
	if (rc)
		goto out;
	rc = db_begin(db);
	if (rc)
		goto out;
	rc = store_staff_set_password(db, u.id, hash, app_now(app));
	if (rc == K_OK)
		rc = store_session_delete_user(db, u.id, keep_session_id);
	if (rc == K_OK)
		rc = audit_log(app, db, actor, "staff.password_change", 0, "staff_user", u.id, "");
	rc = db_end(db, rc);
out:
	store_release(app->store, db);
	secure_wipe(&u, sizeof u);
	secure_wipe(hash, sizeof hash);
	return rc;
}

int staff_totp_begin(struct app *app, const struct actor *actor, char secret[64], char *url, size_t urllen,
		     struct buf *svg)
{
	struct staff_row u;
	int rc;
	if (actor->kind != ACTOR_STAFF)
		return K_EDENIED;
	struct db *db = store_acquire(app->store);
	rc = store_staff_get_id(db, actor->id, &u);
	if (rc)
		goto out;
	rc = totp_secret_new(secret);
	if (rc)
		goto out;
	rc = totp_otpauth_url(TOTP_ISSUER, u.email, secret, url, urllen);
	if (rc)
		goto out;
	rc = totp_qr_svg(url, svg);
	if (rc)
		goto out;
	rc = store_staff_set_totp(db, u.id, u.totp_secret, secret, app_now(app));
out:
	store_release(app->store, db);
	secure_wipe(&u, sizeof u);
	return rc;
}

int staff_totp_confirm(struct app *app, const struct actor *actor, const char *code, struct kfail *f)
{
	struct staff_row u;
	int rc;
	if (actor->kind != ACTOR_STAFF)
		return K_EDENIED;
	struct db *db = store_acquire(app->store);
	rc = store_staff_get_id(db, actor->id, &u);
	if (rc)
		goto out;
	if (!u.totp_pending[0]) {
		rc = kfail_set(f, K_EINVAL, "totp_not_started", "totp", "Start eerst het instellen van de app.");
		goto out;
	}
	long long step = 0;
	rc = totp_verify(u.totp_pending, code ? code : "", app_now(app), 0, &step);
	if (rc) {
		rc = kfail_set(f, K_ETOTP_INVALID, "totp_invalid", "totp", "De code klopt niet. Probeer het opnieuw.");
		goto out;
	}
	rc = db_begin(db);
	if (rc)
		goto out;
	rc = store_staff_set_totp(db, u.id, u.totp_pending, "", app_now(app));
	if (rc == K_OK)
		rc = store_staff_totp_step(db, u.id, step);
	if (rc == K_ECONFLICT)
		rc = K_OK; /* an older step was stored; the new secret starts fresh */
	if (rc == K_OK)
		rc = audit_log(app, db, actor, "staff.totp_enable", 0, "staff_user", u.id, "");
	rc = db_end(db, rc);
out:
	store_release(app->store, db);
	secure_wipe(&u, sizeof u);
	return rc;
}

int staff_totp_disable(struct app *app, const struct actor *actor, const char *password, struct kfail *f)
{
	struct staff_row u;
	int rc;
	if (actor->kind != ACTOR_STAFF)
		return K_EDENIED;
	if (staff_totp_mandatory(actor->role))
		return kfail_set(f, K_EDENIED, "totp_mandatory", NULL,
				 "Voor beheerders is tweestapsverificatie verplicht.");
	struct db *db = store_acquire(app->store);
	rc = store_staff_get_id(db, actor->id, &u);
	if (rc)
		goto out;
	rc = password_verify(u.password_hash, password ? password : "");
	if (rc == K_EAUTH) {
		kfail_set(f, rc, "invalid_credentials", "password", "Het wachtwoord klopt niet.");
		goto out;
	}
	if (rc)
		goto out;
	rc = store_staff_set_totp(db, u.id, "", "", app_now(app));
	if (rc == K_OK)
		audit_log(app, db, actor, "staff.totp_disable", 0, "staff_user", u.id, "");
out:
	store_release(app->store, db);
	secure_wipe(&u, sizeof u);
	return rc;
}
