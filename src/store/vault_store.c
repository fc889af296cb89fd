/* SQL for vaults (P1–P13). */
#include <stdio.h>
#include <string.h>
#include "store/db.h"
#include "store/vault_store.h"
#include "util/err.h"

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

int store_vault_insert(struct db *db, const struct vault_new *v, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO vaults (dossier_id, kind, status, person_id, organisation_id, product_id, invite_email, "
		"invite_mobile, verification, manual_code, created_by, invited_at) VALUES ($1, $2, 'invited', $3, $4, $5, "
		"$6, $7, $8, $9, $10, $11) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, v->dossier_id);
	db_bind_text(st, 2, v->kind);
	db_bind_id(st, 3, v->person_id);
	db_bind_id(st, 4, v->organisation_id);
	db_bind_id(st, 5, v->product_id);
	db_bind_text(st, 6, v->email);
	db_bind_text(st, 7, v->mobile ? v->mobile : "");
	db_bind_text(st, 8, v->verification);
	db_bind_text(st, 9, v->manual_code);
	db_bind_id(st, 10, v->created_by);
	db_bind_int(st, 11, now);
	return db_returning_id(st, id);
}

int store_vault_of_dossier(struct db *db, int64_t dossier_id, json_t **out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, dossier_id, kind, status, person_id, organisation_id, invite_email, invite_mobile, "
		"verification, manual_code, invited_at, activated_at, revoked_at FROM vaults WHERE dossier_id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	json_t *v = NULL;
	int rc = db_one_json(st, &v);
	if (rc)
		return rc;
	json_t *users = json_array();
	json_object_set_new(v, "users", users);
	st = db_prepare(db, "SELECT id, email, name, is_primary AS primary__bool, status, "
			    "(totp_secret IS NOT NULL) AS two_factor__bool FROM vault_users WHERE vault_id = $1 "
			    "ORDER BY is_primary DESC, id");
	if (!st) {
		json_decref(v);
		return K_EDB;
	}
	db_bind_int(st, 1, json_integer_value(json_object_get(v, "id")));
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(users, db_row_json(st));
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(v);
		return rc;
	}
	*out = v;
	return K_OK;
}

int store_vault_set_status(struct db *db, int64_t vault_id, const char *status, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE vaults SET status = $2, activated_at = CASE WHEN $2 = 'active' THEN $3 ELSE activated_at END, "
		"revoked_at = CASE WHEN $2 = 'revoked' THEN $3 ELSE revoked_at END WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, vault_id);
	db_bind_text(st, 2, status);
	db_bind_int(st, 3, now);
	return db_run_stmt(st);
}

int store_vault_delete(struct db *db, int64_t vault_id)
{
	/* users, tokens and sessions go by ON DELETE CASCADE */
	struct db_stmt *st = db_prepare(db, "DELETE FROM vaults WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, vault_id);
	return db_run_stmt(st);
}

int store_vault_users_delete(struct db *db, int64_t vault_id)
{
	/* tokens and sessions go by ON DELETE CASCADE */
	struct db_stmt *st = db_prepare(db, "DELETE FROM vault_users WHERE vault_id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, vault_id);
	return db_run_stmt(st);
}

int store_vault_user_insert(struct db *db, int64_t vault_id, const char *email, const char *name, bool primary,
			    int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO vault_users (vault_id, email, name, is_primary, status, "
					    "created_at) VALUES ($1, $2, $3, $4, 'invited', $5) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, vault_id);
	db_bind_text(st, 2, email);
	db_bind_text(st, 3, name ? name : "");
	db_bind_int(st, 4, primary ? 1 : 0);
	db_bind_int(st, 5, now);
	return db_returning_id(st, id);
}

#define USER_COLS                                                                                                      \
	"u.id, u.vault_id, v.dossier_id, u.email, u.name, u.is_primary, u.status, v.status, "                         \
	"coalesce(u.password_hash,''), coalesce(u.totp_secret,''), coalesce(u.totp_pending,''), u.totp_last_step "    \
	"FROM vault_users u JOIN vaults v ON v.id = u.vault_id "

static int user_read(struct db_stmt *st, struct vault_user_row *u)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		u->id = db_col_int(st, 0);
		u->vault_id = db_col_int(st, 1);
		u->dossier_id = db_col_int(st, 2);
		COPY(u->email, db_col_text(st, 3));
		COPY(u->name, db_col_text(st, 4));
		u->is_primary = db_col_int(st, 5) != 0;
		COPY(u->status, db_col_text(st, 6));
		COPY(u->vault_status, db_col_text(st, 7));
		COPY(u->password_hash, db_col_text(st, 8));
		COPY(u->totp_secret, db_col_text(st, 9));
		COPY(u->totp_pending, db_col_text(st, 10));
		u->totp_last_step = db_col_int(st, 11);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_vault_user_get(struct db *db, int64_t id, struct vault_user_row *u)
{
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLS "WHERE u.id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return user_read(st, u);
}

int store_vault_user_by_email(struct db *db, const char *email, struct vault_user_row *u)
{
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLS "WHERE u.email = $1");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, email);
	return user_read(st, u);
}

/* parameters a statement does not use are skipped by db_bind_* */
static int user_update(struct db *db, const char *sql, int64_t id, const char *a, const char *b, int64_t n)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, a);
	db_bind_text(st, 3, b);
	db_bind_int(st, 4, n);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ENOTFOUND : rc;
}

int store_vault_user_activate(struct db *db, int64_t id, const char *hash, int64_t now)
{
	return user_update(db, "UPDATE vault_users SET password_hash = $2, status = 'active', activated_at = $4 "
			       "WHERE id = $1", id, hash, NULL, now);
}

int store_vault_user_set_password(struct db *db, int64_t id, const char *hash)
{
	return user_update(db, "UPDATE vault_users SET password_hash = $2 WHERE id = $1", id,
			   hash, NULL, 0);
}

int store_vault_user_set_email(struct db *db, int64_t id, const char *email)
{
	return user_update(db, "UPDATE vault_users SET email = $2 WHERE id = $1", id, email,
			   NULL, 0);
}

int store_vault_user_set_totp(struct db *db, int64_t id, const char *secret, const char *pending)
{
	return user_update(db, "UPDATE vault_users SET totp_secret = nullif($2,''), totp_pending = nullif($3,'') "
			       "WHERE id = $1", id, secret ? secret : "", pending ? pending : "", 0);
}

int store_vault_user_totp_step(struct db *db, int64_t id, int64_t step)
{
	struct db_stmt *st = db_prepare(db, "UPDATE vault_users SET totp_last_step = $2 WHERE id = $1 AND "
					    "totp_last_step < $2");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, step);
	int rc = db_run_stmt(st);
	if (rc)
		return rc;
	return db_changes(db) == 1 ? K_OK : K_ECONFLICT;
}

bool store_email_in_use(struct db *db, const char *email)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM vault_users WHERE email = $1");
	if (!st)
		return true;
	db_bind_text(st, 1, email);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW;
}

int store_vtoken_insert(struct db *db, const unsigned char hash[32], const char *kind, int64_t user_id, int64_t now,
			int64_t expires_at)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO vault_tokens (token_hash, kind, vault_user_id, created_at, "
					    "expires_at) VALUES ($1, $2, $3, $4, $5)");
	if (!st)
		return K_EDB;
	db_bind_blob(st, 1, hash, 32);
	db_bind_text(st, 2, kind);
	db_bind_int(st, 3, user_id);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, expires_at);
	return db_run_stmt(st);
}

int store_vtoken_get(struct db *db, const unsigned char hash[32], struct vtoken_row *t)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, vault_user_id, created_at, expires_at, coalesce(used_at,0), coalesce(revoked_at,0), kind, "
		"code_hash, code_expires_at, code_attempts, codes_sent, code_sent_at FROM vault_tokens "
		"WHERE token_hash = $1");
	if (!st)
		return K_EDB;
	db_bind_blob(st, 1, hash, 32);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(t, 0, sizeof *t);
		t->id = db_col_int(st, 0);
		t->vault_user_id = db_col_int(st, 1);
		t->created_at = db_col_int(st, 2);
		t->expires_at = db_col_int(st, 3);
		t->used_at = db_col_int(st, 4);
		t->revoked_at = db_col_int(st, 5);
		COPY(t->kind, db_col_text(st, 6));
		size_t n = 0;
		const void *h = db_col_blob(st, 7, &n);
		if (h && n == 32) {
			memcpy(t->code_hash, h, 32);
			t->has_code = true;
		}
		t->code_expires_at = db_col_int(st, 8);
		t->code_attempts = db_col_int(st, 9);
		t->codes_sent = db_col_int(st, 10);
		t->code_sent_at = db_col_int(st, 11);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_vtoken_use(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE vault_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ECONFLICT : rc;
}

int store_vtoken_revoke_user(struct db *db, int64_t user_id, const char *kind, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE vault_tokens SET revoked_at = $3 WHERE vault_user_id = $1 AND "
					    "kind = $2 AND used_at IS NULL AND revoked_at IS NULL");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, kind);
	db_bind_int(st, 3, now);
	return db_run_stmt(st);
}

int store_vtoken_set_code(struct db *db, int64_t id, const unsigned char hash[32], int64_t expires, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE vault_tokens SET code_hash = $2, code_expires_at = $3, "
					    "code_attempts = 0, codes_sent = codes_sent + 1, code_sent_at = $4 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_blob(st, 2, hash, 32);
	db_bind_int(st, 3, expires);
	db_bind_int(st, 4, now);
	return db_run_stmt(st);
}

int store_vtoken_code_attempt(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "UPDATE vault_tokens SET code_attempts = code_attempts + 1 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return db_run_stmt(st);
}

int store_csession_insert(struct db *db, const unsigned char hash[32], int64_t user_id, const char *csrf,
			  int64_t view_as_staff_id, int64_t expires_at, const char *ip, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO client_sessions (token_hash, vault_user_id, csrf_token, view_as_staff_id, created_at, "
		"last_seen_at, expires_at, ip) VALUES ($1, $2, $3, $4, $5, $5, $6, $7) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_blob(st, 1, hash, 32);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_id(st, 4, view_as_staff_id);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, expires_at);
	db_bind_text(st, 7, ip ? ip : "");
	return db_returning_id(st, id);
}

int store_csession_get(struct db *db, const unsigned char hash[32], struct csession_row *s)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, vault_user_id, coalesce(view_as_staff_id,0), created_at, "
					    "last_seen_at, expires_at, csrf_token FROM client_sessions WHERE token_hash = $1");
	if (!st)
		return K_EDB;
	db_bind_blob(st, 1, hash, 32);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		s->id = db_col_int(st, 0);
		s->vault_user_id = db_col_int(st, 1);
		s->view_as_staff_id = db_col_int(st, 2);
		s->created_at = db_col_int(st, 3);
		s->last_seen_at = db_col_int(st, 4);
		s->expires_at = db_col_int(st, 5);
		COPY(s->csrf, db_col_text(st, 6));
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_csession_touch(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE client_sessions SET last_seen_at = $2 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	return db_run_stmt(st);
}

int store_csession_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM client_sessions WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	return db_run_stmt(st);
}

int store_csession_delete_user(struct db *db, int64_t user_id, int64_t keep_id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM client_sessions WHERE vault_user_id = $1 AND id <> $2");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, keep_id);
	return db_run_stmt(st);
}
