#ifndef KLUIS_CORE_SESSION_H
#define KLUIS_CORE_SESSION_H
#include <stdint.h>
#include "app.h"
#include "store/staff_store.h"

struct db;

#define SESSION_TOKEN_LEN 43 /* 32 random bytes, base64url without padding */

/* session_new_token: 32 random bytes as base64url into out (44 bytes incl.
 * NUL) and their SHA-256 into hash. */
void session_new_token(struct app *app, char out[SESSION_TOKEN_LEN + 1], unsigned char hash[32]);
/* session_hash: SHA-256 of a token text. */
void session_hash(const char *token, unsigned char hash[32]);
/* session_start: a new staff session for user_id (new random id, new CSRF
 * token). The token itself is never stored, only its hash. */
int session_start(struct app *app, struct db *db, int64_t user_id, const char *ip, char token[SESSION_TOKEN_LEN + 1],
		  char csrf[SESSION_TOKEN_LEN + 1], int64_t *session_id);
/* session_check: resolve a cookie token to its session and active user,
 * enforcing session.idle_seconds and session.absolute_seconds (expired
 * sessions are deleted). Refreshes last-seen at most once a minute.
 * K_OK, K_ENOTFOUND (no/expired session, inactive user). */
int session_check(struct app *app, struct db *db, const char *token, struct session_row *s, struct staff_row *u);
/* session_end: server-side logout of the session with this token. */
int session_end(struct app *app, struct db *db, const char *token);

#endif
