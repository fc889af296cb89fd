/* Staff sessions: random 256-bit tokens stored as SHA-256 hashes, idle and
 * absolute timeouts, server-side logout. */
#include <sodium.h>
#include <string.h>
#include "core/session.h"
#include "util/alloc.h"
#include "util/err.h"

void session_hash(const char *token, unsigned char hash[32])
{
	crypto_hash_sha256(hash, (const unsigned char *)token, strlen(token));
}

void session_new_token(struct app *app, char out[SESSION_TOKEN_LEN + 1], unsigned char hash[32])
{
	unsigned char raw[32];
	app_random(app, raw, sizeof raw);
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	secure_wipe(raw, sizeof raw);
	if (hash)
		session_hash(out, hash);
}

int session_start(struct app *app, struct db *db, int64_t user_id, const char *ip, char token[SESSION_TOKEN_LEN + 1],
		  char csrf[SESSION_TOKEN_LEN + 1], int64_t *session_id)
{
	unsigned char hash[32];
	session_new_token(app, token, hash);
	session_new_token(app, csrf, NULL);
	return store_session_insert(db, hash, user_id, csrf, ip ? ip : "", app_now(app), session_id);
}

int session_check(struct app *app, struct db *db, const char *token, struct session_row *s, struct staff_row *u)
{
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return K_ENOTFOUND;
	unsigned char hash[32];
	session_hash(token, hash);
	int rc = store_session_get(db, hash, s);
	if (rc)
		return rc;
	int64_t now = app_now(app);
	if (now - s->last_seen_at > app->cfg.session_idle_seconds ||
	    now - s->created_at > app->cfg.session_absolute_seconds) {
		store_session_delete(db, s->id);
		return K_ENOTFOUND;
	}
	rc = store_staff_get_id(db, s->user_id, u);
	if (rc)
		return rc;
	if (!u->active) {
		store_session_delete(db, s->id);
		return K_ENOTFOUND;
	}
	if (now - s->last_seen_at >= 60)
		store_session_touch(db, s->id, now);
	return K_OK;
}

int session_end(struct app *app, struct db *db, const char *token)
{
	struct session_row s;
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return K_ENOTFOUND;
	unsigned char hash[32];
	session_hash(token, hash);
	int rc = store_session_get(db, hash, &s);
	if (rc)
		return rc;
	(void)app;
	return store_session_delete(db, s.id);
}
