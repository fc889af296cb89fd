-- 0009: personal documents shared with the vault (R7), general documents for
-- every vault with an optional end date (R9), and the admin-managed
-- categories of "Belangrijke documenten" (R10).

-- R10: categories of the vault's "Belangrijke documenten" tab, in order.
CREATE TABLE document_categories (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  position INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
INSERT INTO document_categories (name, position, created_at) VALUES
  ('Dienstverlening', 1, strftime('%s','now')),
  ('Privacy', 2, strftime('%s','now')),
  ('Voorwaarden', 3, strftime('%s','now'));

-- documents is rebuilt: a general document belongs to no dossier (its blob
-- lives under the firm's key, blob dossier 0), so dossier_id becomes
-- nullable. New columns:
--   shared      R7: the personal document is in the client's vault. Set for
--               every public document when the dossier's vault first becomes
--               active, and afterwards only by switching "public".
--   category_id R10: the general document's category.
CREATE TABLE documents_new (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER REFERENCES dossiers(id) ON DELETE CASCADE,
  product_id INTEGER REFERENCES products(id) ON DELETE SET NULL,
  request_id INTEGER REFERENCES requests(id) ON DELETE SET NULL,
  kind TEXT NOT NULL DEFAULT 'personal' CHECK (kind IN ('personal','general')),
  description TEXT NOT NULL DEFAULT '',
  blob_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  pages INTEGER NOT NULL DEFAULT 0,
  public INTEGER NOT NULL DEFAULT 0,
  shared INTEGER NOT NULL DEFAULT 0,
  end_date TEXT,
  checks TEXT NOT NULL DEFAULT '[]',
  created_by_kind TEXT NOT NULL,
  created_by_id INTEGER,
  created_at INTEGER NOT NULL,
  policy_sheet INTEGER NOT NULL DEFAULT 0,
  category_id INTEGER REFERENCES document_categories(id),
  CHECK ((kind = 'general') = (dossier_id IS NULL))
);
INSERT INTO documents_new (id, dossier_id, product_id, request_id, kind, description, blob_id, size, pages,
  public, shared, end_date, checks, created_by_kind, created_by_id, created_at, policy_sheet)
  SELECT d.id, d.dossier_id, d.product_id, d.request_id, 'personal', d.description, d.blob_id, d.size, d.pages,
    d.public, d.public AND EXISTS (SELECT 1 FROM vaults v WHERE v.dossier_id = d.dossier_id AND v.activated_at IS NOT NULL),
    d.end_date, d.checks, d.created_by_kind, d.created_by_id, d.created_at, d.policy_sheet
  FROM documents d;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_dossier ON documents(dossier_id, created_at);
CREATE INDEX documents_policy ON documents(product_id, policy_sheet);
CREATE INDEX documents_general ON documents(category_id, created_at) WHERE kind = 'general';

-- R7: when the dossier's documents were first shared with a vault (its first
-- activation); NULL = never. Once set, only the "public" switch shares.
ALTER TABLE dossiers ADD COLUMN vault_shared_at INTEGER;
UPDATE dossiers SET vault_shared_at = (SELECT min(v.activated_at) FROM vaults v WHERE v.dossier_id = dossiers.id);
