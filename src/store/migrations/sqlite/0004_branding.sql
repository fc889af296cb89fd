-- 0004: the firm's branding of the vault (P13): one row.
CREATE TABLE branding (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  firm_name TEXT NOT NULL DEFAULT '',
  primary_color TEXT NOT NULL DEFAULT '#1f4e8c',
  header_text TEXT NOT NULL DEFAULT '',
  welcome_text TEXT NOT NULL DEFAULT '',
  logo BLOB,                 -- PNG or JPEG, at most 512 KiB
  logo_type TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO branding (id) VALUES (1);
