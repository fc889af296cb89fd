-- 0003: the vault (client portal): vaults, their users, single-use tokens,
-- client sessions.

CREATE TABLE vaults (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL UNIQUE REFERENCES dossiers(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('private','business')),
  status TEXT NOT NULL CHECK (status IN ('invited','active','revoked')),
  person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
  organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
  product_id INTEGER REFERENCES products(id) ON DELETE SET NULL,
  invite_email TEXT NOT NULL,            -- the address invited (P11: stays shown)
  invite_mobile TEXT NOT NULL DEFAULT '', -- E.164
  verification TEXT NOT NULL CHECK (verification IN ('sms','manual')),
  manual_code TEXT,                      -- shown to the advisor to pass on (P2)
  created_by INTEGER REFERENCES staff_users(id),
  invited_at INTEGER NOT NULL,
  activated_at INTEGER,
  revoked_at INTEGER
);

CREATE TABLE vault_users (
  id INTEGER PRIMARY KEY,
  vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- login name, unique over all vaults (P7)
  name TEXT NOT NULL DEFAULT '',
  is_primary INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('invited','active')),
  password_hash TEXT,
  totp_secret TEXT,
  totp_pending TEXT,
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  activated_at INTEGER
);
CREATE INDEX vault_users_vault ON vault_users(vault_id);

-- Single-use links (activation, password reset, extra user), stored hashed,
-- with the SMS code of an activation (hashed, short-lived, attempts counted).
CREATE TABLE vault_tokens (
  id INTEGER PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('activation','reset')),
  vault_user_id INTEGER NOT NULL REFERENCES vault_users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER,
  code_hash BLOB,
  code_expires_at INTEGER NOT NULL DEFAULT 0,
  code_attempts INTEGER NOT NULL DEFAULT 0,
  codes_sent INTEGER NOT NULL DEFAULT 0,
  code_sent_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX vault_tokens_user ON vault_tokens(vault_user_id);

CREATE TABLE client_sessions (
  id INTEGER PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  vault_user_id INTEGER NOT NULL REFERENCES vault_users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  view_as_staff_id INTEGER REFERENCES staff_users(id), -- read-only "view as client" (P10)
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL DEFAULT 0,              -- 0 = the normal timeouts
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX client_sessions_user ON client_sessions(vault_user_id);
