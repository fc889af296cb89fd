-- 0001: staff accounts, sessions, login throttling, audit log, outbox.
CREATE TABLE staff_users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','advisor','backoffice')),
  password_hash TEXT NOT NULL,
  totp_secret TEXT,              -- base32; NULL = 2FA not set up
  totp_pending TEXT,             -- secret being enrolled, not yet confirmed
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
);

CREATE TABLE staff_sessions (
  id INTEGER PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,   -- SHA-256 of the cookie token
  user_id INTEGER NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_sessions_user ON staff_sessions(user_id);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,               -- 'account:<id-or-email-hash>' or 'ip:<addr>'
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_scope ON login_failures(scope, at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,          -- staff | client | system
  actor_id INTEGER,
  action TEXT NOT NULL,
  dossier_id INTEGER,
  object_type TEXT,
  object_id INTEGER,
  ip TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_dossier ON audit_log(dossier_id, at);
CREATE INDEX audit_log_actor ON audit_log(actor_kind, actor_id, at);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  available_at INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  done_at INTEGER,
  dead INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox(done_at, dead, available_at);

-- Effects already applied, by idempotency key ("outbox:<id>:<what>"): a handler
-- records its key in the same transaction as its effect, so a retry after a
-- crash skips what was done.
CREATE TABLE outbox_effects (
  key TEXT PRIMARY KEY,
  at INTEGER NOT NULL
);
