#ifndef KLUIS_CORE_STAFF_H
#define KLUIS_CORE_STAFF_H
#include <stdbool.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "core/session.h"
#include "util/buf.h"
#include "util/err.h"

struct db;

/* Input for a new staff account. */
struct staff_new {
	const char *email;
	const char *name;
	const char *role;      /* "admin" | "advisor" | "backoffice" */
	const char *password;
};

/* staff_add: create an account (actor: system or a user with
 * RIGHT_MANAGE_USERS). Validates e-mail, name (1..120), role and the password
 * policy. Roles with mandatory 2FA (admin) get a TOTP secret at once, written
 * to totp_secret (otherwise it is set to ""). Audited.
 * K_OK, K_EINVAL/K_EWEAK/K_ECONFLICT with f filled, K_EDENIED. */
int staff_add(struct app *app, const struct actor *actor, const struct staff_new *in, int64_t *id,
	      char totp_secret[64], struct kfail *f);

/* The outcome of a successful sign-in. */
struct login_ok {
	int64_t user_id;
	int64_t session_id;
	char token[SESSION_TOKEN_LEN + 1];
	char csrf[SESSION_TOKEN_LEN + 1];
};

/* staff_login: check e-mail + password (+ TOTP when the account has 2FA) and
 * start a new session. Throttled per account (login.max_failures_account per
 * hour) and per IP; unknown accounts cost the same time as known ones.
 * old_token (may be NULL) is the session cookie sent along; it is ended so
 * a session id never survives a login. Audited.
 * K_OK, K_EAUTH, K_ETOTP_REQUIRED, K_ETOTP_INVALID, K_ELIMIT, K_EBUSY. */
int staff_login(struct app *app, const char *email, const char *password, const char *totp, const char *ip,
		const char *request_id, const char *old_token, struct login_ok *out);
/* staff_logout: end the session with this token (server side). Audited. */
int staff_logout(struct app *app, const struct actor *actor, const char *token);

/* staff_change_password: own password; needs the current one; policy
 * checked; every other session of the user is ended. K_OK, K_EAUTH (field
 * current_password), K_EWEAK (field new_password). Audited. */
int staff_change_password(struct app *app, const struct actor *actor, int64_t keep_session_id, const char *current,
			  const char *next, struct kfail *f);

/* staff_totp_begin: start (re-)enrolling an authenticator: a new pending
 * secret; writes the secret, otpauth URL and QR SVG. */
int staff_totp_begin(struct app *app, const struct actor *actor, char secret[64], char *url, size_t urllen,
		     struct buf *svg);
/* staff_totp_confirm: activate the pending secret with a current code. */
int staff_totp_confirm(struct app *app, const struct actor *actor, const char *code, struct kfail *f);
/* staff_totp_disable: switch 2FA off (needs the password; refused for
 * roles where it is mandatory). */
int staff_totp_disable(struct app *app, const struct actor *actor, const char *password, struct kfail *f);
/* staff_totp_mandatory: is 2FA mandatory for this role? (admin) */
bool staff_totp_mandatory(enum role r);

#endif
