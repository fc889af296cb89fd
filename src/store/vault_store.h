#ifndef KLUIS_STORE_VAULT_STORE_H
#define KLUIS_STORE_VAULT_STORE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

/* SQL for vaults, vault users, single-use tokens and client sessions. */

struct vault_new {
	int64_t dossier_id;
	const char *kind;
	int64_t person_id, organisation_id, product_id;
	const char *email, *mobile, *verification, *manual_code;
	int64_t created_by;
};

/* A vault user as stored. */
struct vault_user_row {
	int64_t id, vault_id, dossier_id;
	char email[256];
	char name[128];
	bool is_primary;
	char status[16];         /* invited | active */
	char vault_status[16];   /* invited | active | revoked */
	char password_hash[128]; /* "" until activated */
	char totp_secret[64];
	char totp_pending[64];
	int64_t totp_last_step;
};

/* A token as stored. */
struct vtoken_row {
	int64_t id, vault_user_id, created_at, expires_at, used_at, revoked_at;
	char kind[16];
	unsigned char code_hash[32];
	bool has_code;
	int64_t code_expires_at, code_attempts, codes_sent, code_sent_at;
};

/* A client session as stored. */
struct csession_row {
	int64_t id, vault_user_id, view_as_staff_id, created_at, last_seen_at, expires_at;
	char csrf[64];
};

int store_vault_insert(struct db *db, const struct vault_new *v, int64_t now, int64_t *id);
/* store_vault_of_dossier: {id, dossier_id, kind, status, invite_email,
 * invite_mobile, verification, manual_code, invited_at, activated_at, users:
 * [{id, email, name, primary, status, two_factor}]} or K_ENOTFOUND. */
int store_vault_of_dossier(struct db *db, int64_t dossier_id, json_t **out);
int store_vault_set_status(struct db *db, int64_t vault_id, const char *status, int64_t now);
/* store_vault_delete: the vault, its users, tokens and sessions. */
int store_vault_delete(struct db *db, int64_t vault_id);

/* store_vault_users_delete: every user of a vault (tokens and sessions go
 * with them). */
int store_vault_users_delete(struct db *db, int64_t vault_id);
/* store_vault_user_insert: K_ECONFLICT when the e-mail is in use. */
int store_vault_user_insert(struct db *db, int64_t vault_id, const char *email, const char *name, bool primary,
			    int64_t now, int64_t *id);
int store_vault_user_get(struct db *db, int64_t id, struct vault_user_row *u);
int store_vault_user_by_email(struct db *db, const char *email, struct vault_user_row *u);
/* store_vault_user_activate: password set, status active. */
int store_vault_user_activate(struct db *db, int64_t id, const char *hash, int64_t now);
int store_vault_user_set_password(struct db *db, int64_t id, const char *hash);
int store_vault_user_set_email(struct db *db, int64_t id, const char *email);
int store_vault_user_set_totp(struct db *db, int64_t id, const char *secret, const char *pending);
/* store_vault_user_totp_step: K_OK if the step advanced, K_ECONFLICT if not
 * (replay). */
int store_vault_user_totp_step(struct db *db, int64_t id, int64_t step);
/* store_email_in_use: a vault user with this login e-mail exists. */
bool store_email_in_use(struct db *db, const char *email);

int store_vtoken_insert(struct db *db, const unsigned char hash[32], const char *kind, int64_t user_id, int64_t now,
			int64_t expires_at);
int store_vtoken_get(struct db *db, const unsigned char hash[32], struct vtoken_row *t);
int store_vtoken_use(struct db *db, int64_t id, int64_t now);
/* store_vtoken_revoke_user: revoke the user's open tokens of a kind. */
int store_vtoken_revoke_user(struct db *db, int64_t user_id, const char *kind, int64_t now);
/* store_vtoken_set_code: a new verification code (hash) valid until expires. */
int store_vtoken_set_code(struct db *db, int64_t id, const unsigned char hash[32], int64_t expires, int64_t now);
/* store_vtoken_code_attempt: count a wrong code. */
int store_vtoken_code_attempt(struct db *db, int64_t id);

int store_csession_insert(struct db *db, const unsigned char hash[32], int64_t user_id, const char *csrf,
			  int64_t view_as_staff_id, int64_t expires_at, const char *ip, int64_t now, int64_t *id);
int store_csession_get(struct db *db, const unsigned char hash[32], struct csession_row *s);
int store_csession_touch(struct db *db, int64_t id, int64_t now);
int store_csession_delete(struct db *db, int64_t id);
/* store_csession_delete_user: every session of a user except keep_id. */
int store_csession_delete_user(struct db *db, int64_t user_id, int64_t keep_id);

#endif
