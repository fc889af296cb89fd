#ifndef KLUIS_STORE_BLOB_STORE_H
#define KLUIS_STORE_BLOB_STORE_H
#include <stddef.h>
#include <stdint.h>

struct db;

/* SQL for the blob store (X4): the tables dossier_keys and blobs of
 * migration 0005. The files and the cryptography live in core/blob.c. */

/* Bytes of a wrapped data key: 24-byte secretbox nonce, 32-byte key, 16-byte
 * MAC. */
#define BLOB_WRAPPED_BYTES 72

/* store_blob_key_get: the dossier's wrapped key into wrapped (exactly
 * BLOB_WRAPPED_BYTES) and *shredded = 0; or *shredded = 1 (wrapped untouched)
 * when the key was shredded. K_ENOTFOUND when the dossier has no key row,
 * K_EINVAL when the stored key has the wrong length. */
int store_blob_key_get(struct db *db, int64_t dossier_id, unsigned char wrapped[BLOB_WRAPPED_BYTES], int *shredded);
/* store_blob_key_insert: store a new wrapped key for an existing dossier.
 * K_OK (also when another writer inserted a row first: nothing is changed
 * then, re-read with store_blob_key_get), K_ENOTFOUND when no dossier has
 * that id. */
int store_blob_key_insert(struct db *db, int64_t dossier_id, const unsigned char wrapped[BLOB_WRAPPED_BYTES],
			  int64_t now);
/* store_blob_key_shred: in one transaction, forget the wrapped key (NULL,
 * shredded_at = now; a tombstone row is created when the dossier had no key)
 * and mark every blob of the dossier unreferenced. Turns on SQLite's
 * secure_delete for the connection first (freed content is zeroed) and runs a
 * PASSIVE WAL checkpoint afterwards (best effort, never waits on readers), so
 * the old wrapped key does not linger in the database file. */
int store_blob_key_shred(struct db *db, int64_t dossier_id, int64_t now);

/* store_blob_insert: a row for a blob file just written. K_ECONFLICT when
 * the id exists. */
int store_blob_insert(struct db *db, const char *id, int64_t dossier_id, int64_t size, int64_t now);
/* store_blob_get: the row of blob id. K_ENOTFOUND when none. */
int store_blob_get(struct db *db, const char *id, int64_t *dossier_id, int64_t *size, int *referenced);
/* store_blob_forget: mark blob id unreferenced. K_ENOTFOUND when none. */
int store_blob_forget(struct db *db, const char *id);
/* store_blob_unreferenced: up to max ids of unreferenced blobs (of dossier_id
 * when > 0, else of any dossier) into ids; *n = how many. */
int store_blob_unreferenced(struct db *db, int64_t dossier_id, char (*ids)[65], int max, int *n);
/* store_blob_delete: remove the row of blob id (no error when none). */
int store_blob_delete(struct db *db, const char *id);
/* store_blob_exists: 1 when a row for id exists, 0 when not, or an error. */
int store_blob_exists(struct db *db, const char *id);

#endif
