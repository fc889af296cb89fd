-- 0008: R8: a document can be the policy sheet ("polisblad") of its product.
ALTER TABLE documents ADD COLUMN policy_sheet INTEGER NOT NULL DEFAULT 0;
CREATE INDEX documents_policy ON documents(product_id, policy_sheet);
