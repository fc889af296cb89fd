#ifndef KLUIS_CORE_BLOB_H
#define KLUIS_CORE_BLOB_H
#include <limits.h>
#include <stdint.h>
#include "app.h"
#include "util/err.h"

/* The blob store (X4): document files, content-addressed and encrypted per
 * dossier, under data_dir/blobs/ab/cd/<id>.
 *
 * Format of a blob file: the 24-byte crypto_secretstream_xchacha20poly1305
 * header, then chunks of BLOB_CHUNK plaintext bytes (+17 bytes each), the
 * last one (possibly empty) tagged TAG_FINAL. The id is the lowercase hex
 * SHA-256 of the whole CIPHERTEXT file: equal plaintexts never share an id
 * (each stream has a random header), not even within one dossier.
 *
 * Keys: each dossier has a random 32-byte data key, created on its first
 * blob, stored only wrapped (crypto_secretbox under the KEY_BLOB_WRAP subkey
 * of the master key). A data key is unwrapped in memory for one operation and
 * wiped right after.
 *
 * Every function here acquires its own database connection and commits on
 * it: call it OUTSIDE any open transaction of the caller (SQLite has one
 * writer; a caller holding BEGIN IMMEDIATE would block it). */

#define BLOB_CHUNK 65536
#define BLOB_ID_LEN 64
#define BLOB_FIRM 0 /* the 'dossier' of firm-wide blobs */

/* blob_put_file: encrypt the file src_path into a new blob of dossier_id.
 * Streams in BLOB_CHUNK pieces (memory stays flat whatever the size). The
 * ciphertext goes to data_dir/blobs/tmp-XXXXXX, is fsynced, renamed to
 * data_dir/blobs/ab/cd/<id> and the directory fsynced, then the blobs row is
 * inserted (referenced) — all before returning, so the caller may then commit
 * a row pointing at id (and calls blob_forget if it does not).
 * id_out = the id (NUL-terminated), *size_out (may be NULL) = plaintext bytes.
 * dossier_id BLOB_FIRM (0) holds the firm's own blobs (general documents,
 * R9) under a firm-wide data key that is never shredded.
 * Errors: K_EINVAL (dossier_id < 0, NULL path), K_ENOTFOUND (no such dossier),
 * K_EDENIED (the dossier was shredded: it never gets a new key), K_EIO
 * (src_path unreadable, disk full, ...), K_EDB. Nothing is left behind on
 * error (the temp file is removed). */
int blob_put_file(struct app *app, int64_t dossier_id, const char *src_path, char id_out[BLOB_ID_LEN + 1],
		  uint64_t *size_out);

/* blob_open_plain: decrypt blob id of dossier_id to a new temp file
 * data_dir/tmp/plain-XXXXXX (mode 0600) whose path goes to tmp_path_out; the
 * caller unlinks it after use. The file must decrypt completely, end with
 * TAG_FINAL exactly at its end and hash to id. On ANY failure the temp file
 * is removed and tmp_path_out is "". Errors: K_EINVAL (malformed id),
 * K_ENOTFOUND (no such blob, forgotten, or of another dossier), K_EDENIED
 * (the dossier's key was shredded), K_EINVAL (tampered, truncated, trailing
 * bytes, wrong key), K_EIO (blob file missing or unreadable, temp write
 * failed), K_EDB. */
int blob_open_plain(struct app *app, int64_t dossier_id, const char *id, char tmp_path_out[PATH_MAX]);

/* blob_shred_dossier: crypto-shredding. First, in one transaction, the
 * dossier's wrapped key is destroyed (wrapped = NULL, shredded_at = now; a
 * tombstone row if it had none) and its blobs marked unreferenced: from then
 * on none of its blobs can ever be decrypted, and blob_put_file refuses the
 * dossier (K_EDENIED). Then its blob files and rows are deleted, best effort
 * (blob_collect retries what is left). Idempotent. K_OK, K_EINVAL, K_EDB. */
int blob_shred_dossier(struct app *app, int64_t dossier_id);

/* blob_collect: garbage collection. Removes the file and the row of every
 * blob marked unreferenced, and every file under data_dir/blobs (blob files
 * and leftover tmp-* files) that has no row and was last modified more than
 * an hour before app_now (younger ones may belong to a put in progress).
 * *removed (may be NULL) = files and rows removed, one per blob. K_OK, K_EIO
 * (blobs directory unreadable), K_EDB. */
int blob_collect(struct app *app, int *removed);

/* blob_forget: mark blob id unreferenced (blob_collect removes it).
 * K_OK, K_EINVAL (malformed id), K_ENOTFOUND, K_EDB. */
int blob_forget(struct app *app, const char *id);

/* blob_id_valid: id is exactly BLOB_ID_LEN lowercase hex digits. */
int blob_id_valid(const char *id);

#endif
