#ifndef KLUIS_CORE_PORTAL_H
#define KLUIS_CORE_PORTAL_H
#include <jansson.h>
#include <stdint.h>
#include "app.h"
#include "core/session.h"
#include "store/vault_store.h"
#include "util/buf.h"
#include "util/err.h"

/* The vault, client side: activation (P1), sign-in, password reset (P8),
 * two-step verification (P9), own account (P11). Client sessions are
 * separate from staff sessions (own table and cookie), with the same
 * timeouts; a "view as client" session is read-only and short-lived. */

/* A signed-in client. */
struct portal_login_ok {
	int64_t user_id;
	int64_t session_id;
	char token[SESSION_TOKEN_LEN + 1];
	char csrf[SESSION_TOKEN_LEN + 1];
};

/* portal_activation_open: check an activation link and, for SMS
 * verification, send a code when none is valid (rate-limited). *out =
 * {verification: sms|manual, email, name, code_sent}. Errors with f->code:
 * token_invalid (unknown, revoked, vault revoked or removed), token_expired,
 * token_used. */
int portal_activation_open(struct app *app, const char *token, json_t **out, struct kfail *f);
/* portal_activation_sms: send a new SMS code; K_ELIMIT when asked again
 * within a minute or more than five times for one link. */
int portal_activation_sms(struct app *app, const char *token, struct kfail *f);
/* portal_activate: code (SMS or manual) + new password → the user (and, for
 * the primary user, the vault) becomes active and is signed in. Errors:
 * token_*, code_invalid (wrong, expired or too many attempts), password_weak. */
int portal_activate(struct app *app, const char *token, const char *code, const char *password, const char *ip,
		    struct portal_login_ok *ok, struct kfail *f);
/* portal_login: like staff_login for vault users (throttled, TOTP with
 * replay guard, new session, old one ended). K_OK, K_EAUTH,
 * K_ETOTP_REQUIRED, K_ETOTP_INVALID, K_ELIMIT, K_EBUSY. */
int portal_login(struct app *app, const char *email, const char *password, const char *totp, const char *ip,
		 const char *old_token, struct portal_login_ok *ok);
/* portal_logout: end the session with this token. */
int portal_logout(struct app *app, const char *token);
/* portal_session_check: resolve a client cookie (idle 30 min, absolute 12 h,
 * view-as sessions until their own expiry; only for active users of
 * non-revoked vaults). */
int portal_session_check(struct app *app, struct db *db, const char *token, struct csession_row *s,
			 struct vault_user_row *u);
/* portal_reset_request: always K_OK (no account enumeration); mails a reset
 * link only to an active user of an active vault. */
int portal_reset_request(struct app *app, const char *email, const char *ip);
/* portal_reset_confirm: set a new password with a reset link; all sessions
 * of the user end. */
int portal_reset_confirm(struct app *app, const char *token, const char *password, struct kfail *f);
/* portal_me: {id, email, name, primary, two_factor, dossier: {id, number,
 * name, kind}, original_email}. */
int portal_me(struct app *app, int64_t user_id, json_t **out);
/* portal_update_me: new login e-mail (P11: the dossier keeps its own)
 * and/or password; needs the current password; the user gets a mail. */
int portal_update_me(struct app *app, int64_t user_id, int64_t session_id, const char *email, const char *password,
		     const char *current, struct kfail *f);
/* portal_totp_begin / confirm / disable (disable needs the password). */
int portal_totp_begin(struct app *app, int64_t user_id, char secret[64], char *url, size_t urllen, struct buf *svg);
int portal_totp_confirm(struct app *app, int64_t user_id, const char *code, struct kfail *f);
int portal_totp_disable(struct app *app, int64_t user_id, const char *password, struct kfail *f);

#endif
