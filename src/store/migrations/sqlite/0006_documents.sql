-- 0006: document types (admin) and document requests: the checklist items of
-- a product (R1, R2, R5, R6).

-- A document type. category NULL: never shown in the vault (R2); delivered_by
-- 'lender': the lender delivers it, so the client does not see it (R2);
-- validity_months: how old a delivered document may be (X3), NULL = any age.
CREATE TABLE document_types (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  category TEXT,
  delivered_by TEXT NOT NULL DEFAULT 'client' CHECK (delivered_by IN ('client','lender')),
  validity_months INTEGER CHECK (validity_months IS NULL OR validity_months BETWEEN 1 AND 120),
  created_at INTEGER NOT NULL
);

-- Seed facts (public chain agreements, X3).
INSERT INTO document_types (name, category, delivered_by, validity_months, created_at) VALUES
  ('Taxatierapport', 'Woning', 'client', 6, strftime('%s','now')),
  ('Werkgeversverklaring', 'Inkomen', 'client', 3, strftime('%s','now')),
  ('Salarisstrook', 'Inkomen', 'client', 3, strftime('%s','now')),
  ('Bouwkundig rapport', 'Woning', 'client', 12, strftime('%s','now'));

-- A document request (checklist item) under a product. dossier_id is the
-- product's dossier (kept here so a client's items are one indexed lookup).
-- status: open → delivered → approved, or → rejected (reopened: the client
-- delivers again); re_requested once rejected. document_id: the delivered
-- document (the documents table arrives with the upload flow).
CREATE TABLE requests (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
  document_type_id INTEGER NOT NULL REFERENCES document_types(id),
  subject TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','delivered','approved','rejected')),
  reason TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  re_requested INTEGER NOT NULL DEFAULT 0,
  document_id INTEGER,
  created_by INTEGER REFERENCES staff_users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX requests_product ON requests(product_id);
CREATE INDEX requests_dossier ON requests(dossier_id);
