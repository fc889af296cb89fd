-- 0005: the blob store (X4): per-dossier data keys and encrypted blob files.
-- A dossier's data key, wrapped (crypto_secretbox: 24-byte nonce || box) by
-- the KEY_BLOB_WRAP subkey of the master key. Deliberately no foreign key:
-- the row outlives its dossier as a tombstone. Shredding sets wrapped to NULL
-- and shredded_at; a shredded dossier never gets a key again.
CREATE TABLE dossier_keys (
  dossier_id INTEGER PRIMARY KEY,
  wrapped BLOB,                      -- NULL once shredded
  created_at INTEGER NOT NULL,
  shredded_at INTEGER,
  CHECK ((wrapped IS NULL) = (shredded_at IS NOT NULL))
);

-- One row per blob file data_dir/blobs/ab/cd/<id>. id = hex SHA-256 of the
-- CIPHERTEXT file (so equal plaintexts of different dossiers never link).
-- referenced = 0: forgotten, file and row removed by blob_collect.
CREATE TABLE blobs (
  id TEXT PRIMARY KEY CHECK (length(id) = 64),
  dossier_id INTEGER NOT NULL,
  size INTEGER NOT NULL,             -- plaintext bytes
  created_at INTEGER NOT NULL,
  referenced INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX blobs_dossier ON blobs(dossier_id);
CREATE INDEX blobs_unreferenced ON blobs(referenced) WHERE referenced = 0;

-- Deleting a dossier always shreds its key, whoever deletes it.
CREATE TRIGGER dossiers_shred_key AFTER DELETE ON dossiers
BEGIN
  UPDATE dossier_keys SET wrapped = NULL,
    shredded_at = COALESCE(shredded_at, CAST(strftime('%s', 'now') AS INTEGER))
    WHERE dossier_id = OLD.id;
  UPDATE blobs SET referenced = 0 WHERE dossier_id = OLD.id;
END;

-- dossiers.id may be reused after the highest one is deleted: a new dossier
-- starts without the old one's tombstone (its old blobs stay unreadable and
-- unreferenced).
CREATE TRIGGER dossiers_fresh_key AFTER INSERT ON dossiers
BEGIN
  DELETE FROM dossier_keys WHERE dossier_id = NEW.id AND wrapped IS NULL;
END;
