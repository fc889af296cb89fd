-- 0007: documents of a dossier (one merged PDF per delivery) and tasks.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
  product_id INTEGER REFERENCES products(id) ON DELETE SET NULL,
  request_id INTEGER REFERENCES requests(id) ON DELETE SET NULL,
  kind TEXT NOT NULL DEFAULT 'personal' CHECK (kind IN ('personal','general')),
  description TEXT NOT NULL DEFAULT '',
  blob_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  pages INTEGER NOT NULL DEFAULT 0,
  public INTEGER NOT NULL DEFAULT 0,
  end_date TEXT,
  checks TEXT NOT NULL DEFAULT '[]',    -- first-time-right findings (X3), JSON array
  created_by_kind TEXT NOT NULL,
  created_by_id INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX documents_dossier ON documents(dossier_id, created_at);

-- Tasks (D7): grouped per dossier and assignee so several uploads within two
-- hours make one task (R4).
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  assignee_id INTEGER REFERENCES staff_users(id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
  product_id INTEGER,
  request_id INTEGER,
  title TEXT NOT NULL,
  items INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  done_at INTEGER
);
CREATE INDEX tasks_assignee ON tasks(assignee_id, done_at, updated_at);
CREATE INDEX tasks_group ON tasks(dossier_id, kind, done_at, created_at);
