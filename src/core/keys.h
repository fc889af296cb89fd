#ifndef KLUIS_CORE_KEYS_H
#define KLUIS_CORE_KEYS_H
#include <stddef.h>

/* The master key and the subkeys derived from it. The master key lives only
 * in a sodium_malloc'd region (guard pages, mlock'd where the rlimit allows,
 * excluded from core dumps) that is read-only after loading; it never
 * leaves this module. Everything else gets purpose-bound subkeys. */

#define KEY_BYTES 32
/* Name of the key file inside data_dir. */
#define KEYS_FILE_NAME "master.key"

struct keyring;

/* Subkey ids for crypto_kdf_derive_from_key (context "kluis___"). These
 * numbers are part of the stored-data format: never renumber or reuse one. */
enum key_purpose {
	KEY_BSN = 1,       /* bsn_encrypt / bsn_decrypt */
	KEY_BLOB_WRAP = 2, /* wrapping per-dossier blob data keys */
	KEY_TOKEN_MAC = 3, /* MACs over tokens */
};

/* keys_open: load the master key into a new keyring (*out; NULL on error).
 * The key file is path_override when that is non-NULL and non-empty (it must
 * then exist: K_ENOTFOUND otherwise), else data_dir/master.key, which is
 * created when missing: 32 bytes from randombytes_buf, mode 0600, written with
 * O_CREAT|O_EXCL, fsynced, then the directory fsynced. An existing file must
 * be a regular file (symlinks are followed) of exactly KEY_BYTES raw bytes
 * whose mode grants nothing beyond 0600 (0600, 0400, ...), else K_EINVAL.
 * I/O failures (missing data_dir, unreadable file, ...) are K_EIO, allocation
 * failure K_ENOMEM. On error err (errlen > 0) holds a NUL-terminated message
 * naming the file; the key itself is never in a message. Calls sodium_init. */
int keys_open(struct keyring **out, const char *data_dir, const char *path_override, char *err, size_t errlen);

/* keys_from_bytes: a keyring holding a copy of key (tests and fuzz targets;
 * production code uses keys_open). K_OK, K_ENOMEM, or K_EIO if libsodium
 * cannot initialise. The caller should wipe its own copy of key. */
int keys_from_bytes(struct keyring **out, const unsigned char key[KEY_BYTES]);

/* keys_close: wipe and free the keyring (sodium_free). NULL is fine. */
void keys_close(struct keyring *k);

/* keys_derive: the KEY_BYTES subkey for purpose p
 * (crypto_kdf_derive_from_key, context "kluis___", subkey id p). The same
 * master key and purpose always give the same subkey; different purposes give
 * independent subkeys. The caller wipes out (sodium_memzero) after use. */
void keys_derive(const struct keyring *k, enum key_purpose p, unsigned char out[KEY_BYTES]);

#endif
