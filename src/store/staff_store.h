#ifndef KLUIS_STORE_STAFF_STORE_H
#define KLUIS_STORE_STAFF_STORE_H
#include <stdbool.h>
#include <stdint.h>

struct db;

/* A staff account as stored. */
struct staff_row {
	int64_t id;
	char email[256];
	char name[128];
	char role[16];
	char password_hash[128];
	char totp_secret[64];   /* "" = no 2FA */
	char totp_pending[64];  /* enrolment in progress */
	int64_t totp_last_step;
	bool active;
	int64_t password_changed_at;
};

/* A staff session as stored (token only as its hash). */
struct session_row {
	int64_t id;
	int64_t user_id;
	char csrf[64];
	int64_t created_at;
	int64_t last_seen_at;
};

/* store_staff_insert: new account; *id set. K_ECONFLICT when the e-mail
 * exists. */
int store_staff_insert(struct db *db, const struct staff_row *u, int64_t now, int64_t *id);
/* store_staff_get_email / _id: K_OK + *u, or K_ENOTFOUND. */
int store_staff_get_email(struct db *db, const char *email, struct staff_row *u);
int store_staff_get_id(struct db *db, int64_t id, struct staff_row *u);
/* store_staff_set_password: new hash and password_changed_at. */
int store_staff_set_password(struct db *db, int64_t id, const char *hash, int64_t now);
/* store_staff_set_totp: set secret ("" = off) and pending secret. */
int store_staff_set_totp(struct db *db, int64_t id, const char *secret, const char *pending, int64_t now);
/* store_staff_totp_step: remember the last accepted TOTP step, only if it is
 * newer than the stored one (atomic replay guard). K_OK if it advanced,
 * K_ECONFLICT if a code of this step (or later) was already used. */
int store_staff_totp_step(struct db *db, int64_t id, int64_t step);
/* store_staff_count: number of accounts. */
int store_staff_count(struct db *db, int64_t *n);

/* store_session_insert: new session row; *id set. */
int store_session_insert(struct db *db, const unsigned char hash[32], int64_t user_id, const char *csrf,
			 const char *ip, int64_t now, int64_t *id);
/* store_session_get: by token hash. K_ENOTFOUND if absent. */
int store_session_get(struct db *db, const unsigned char hash[32], struct session_row *s);
/* store_session_touch: last_seen_at = now. */
int store_session_touch(struct db *db, int64_t id, int64_t now);
/* store_session_delete: one session by id. */
int store_session_delete(struct db *db, int64_t id);
/* store_session_delete_user: all sessions of a user except keep_id (0 = none). */
int store_session_delete_user(struct db *db, int64_t user_id, int64_t keep_id);
/* store_session_purge: delete sessions idle since before idle_before or
 * created before abs_before. */
int store_session_purge(struct db *db, int64_t idle_before, int64_t abs_before);

/* store_failure_add: record one failed sign-in for scope at now. */
int store_failure_add(struct db *db, const char *scope, int64_t now);
/* store_failure_count: failures for scope since since. */
int store_failure_count(struct db *db, const char *scope, int64_t since, int64_t *n);
/* store_failure_purge: forget failures older than before. */
int store_failure_purge(struct db *db, int64_t before);

#endif
