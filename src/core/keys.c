/* The master key: loaded from (or created as) a 32-byte file, kept in
 * guarded read-only memory, and used only to derive purpose-bound subkeys. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "core/keys.h"
#include "util/err.h"

_Static_assert(KEY_BYTES == crypto_kdf_KEYBYTES, "master key size is the KDF key size");
_Static_assert(KEY_BYTES >= crypto_kdf_BYTES_MIN && KEY_BYTES <= crypto_kdf_BYTES_MAX, "subkey size");
_Static_assert(crypto_kdf_CONTEXTBYTES == 8, "KDF context is 8 bytes");

#define KEYS_PATH_MAX 1024

/* The whole struct is one sodium_malloc region: read-only once loaded. */
struct keyring {
	unsigned char key[KEY_BYTES];
};

static const char kdf_context[crypto_kdf_CONTEXTBYTES] = {'k', 'l', 'u', 'i', 's', '_', '_', '_'};

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ring_new: an empty, writable keyring. K_OK, K_EIO (libsodium), K_ENOMEM. */
static int ring_new(struct keyring **out)
{
	*out = NULL;
	if (sodium_init() < 0)
		return K_EIO;
	*out = sodium_malloc(sizeof **out);
	if (!*out)
		return K_ENOMEM;
	return K_OK;
}

/* read_full: read up to n bytes (retrying short reads); *got = bytes read. */
static int read_full(int fd, unsigned char *buf, size_t n, size_t *got)
{
	size_t off = 0;

	while (off < n) {
		ssize_t r = read(fd, buf + off, n - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		off += (size_t)r;
	}
	*got = off;
	return 0;
}

static int write_full(int fd, const unsigned char *buf, size_t n)
{
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(fd, buf + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* key_load: read path into k->key. K_ENOTFOUND if path does not exist,
 * K_EINVAL for a bad file (type, mode, size), K_EIO otherwise. */
static int key_load(struct keyring *k, const char *path, char *err, size_t errlen)
{
	struct stat st;
	unsigned char extra = 0;
	size_t got = 0, more = 0;
	int rc = K_OK;
	/* O_NONBLOCK: a FIFO planted at path must not hang start-up. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		rc = errno == ENOENT ? K_ENOTFOUND : K_EIO;
		set_err(err, errlen, "master key file %s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0) {
		rc = K_EIO;
		set_err(err, errlen, "master key file %s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = K_EINVAL;
		set_err(err, errlen, "master key file %s: not a regular file", path);
		goto out;
	}
	if ((st.st_mode & 07777 & ~(mode_t)0600) != 0) {
		rc = K_EINVAL;
		set_err(err, errlen, "master key file %s: mode %04o is too open; it must be 0600 or stricter", path,
			(unsigned)(st.st_mode & 07777));
		goto out;
	}
	if (st.st_size != KEY_BYTES) {
		rc = K_EINVAL;
		set_err(err, errlen, "master key file %s: %lld bytes; it must hold exactly %d raw bytes", path,
			(long long)st.st_size, KEY_BYTES);
		goto out;
	}
	if (read_full(fd, k->key, KEY_BYTES, &got) != 0 || read_full(fd, &extra, 1, &more) != 0) {
		rc = K_EIO;
		set_err(err, errlen, "master key file %s: %s", path, strerror(errno));
		goto out;
	}
	if (got != KEY_BYTES || more != 0) {
		rc = K_EINVAL;
		set_err(err, errlen, "master key file %s: changed size while reading; it must hold exactly %d raw bytes",
			path, KEY_BYTES);
		goto out;
	}
out:
	if (rc)
		sodium_memzero(k->key, sizeof k->key);
	sodium_memzero(&extra, sizeof extra);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* key_create: a new random key in k->key, written to path (which must not
 * exist: K_ECONFLICT if it appeared meanwhile), then the file and dir
 * fsynced. A half-written file is removed. K_OK or K_EIO. */
static int key_create(struct keyring *k, const char *dir, const char *path, char *err, size_t errlen)
{
	int rc = K_OK;
	int dfd = -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);

	if (fd < 0) {
		rc = errno == EEXIST ? K_ECONFLICT : K_EIO;
		set_err(err, errlen, "master key file %s: cannot create: %s", path, strerror(errno));
		goto out;
	}
	randombytes_buf(k->key, sizeof k->key);
	/* fchmod: the umask must not leave a mode we would refuse to read. */
	if (fchmod(fd, 0600) != 0 || write_full(fd, k->key, sizeof k->key) != 0 || fsync(fd) != 0) {
		rc = K_EIO;
		set_err(err, errlen, "master key file %s: cannot write: %s", path, strerror(errno));
		close(fd);
		fd = -1;
		unlink(path);
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = K_EIO;
		set_err(err, errlen, "master key file %s: cannot write: %s", path, strerror(errno));
		unlink(path);
		goto out;
	}
	fd = -1;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) != 0) {
		/* The file is complete; the next start will read it. */
		rc = K_EIO;
		set_err(err, errlen, "master key file %s: cannot sync directory %s: %s", path, dir, strerror(errno));
		goto out;
	}
out:
	if (rc)
		sodium_memzero(k->key, sizeof k->key);
	if (dfd >= 0)
		close(dfd);
	return rc;
}

int keys_open(struct keyring **out, const char *data_dir, const char *path_override, char *err, size_t errlen)
{
	char path[KEYS_PATH_MAX];
	struct keyring *k = NULL;
	bool override = path_override && path_override[0];
	int n, rc;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!override && (!data_dir || !data_dir[0])) {
		rc = K_EINVAL;
		set_err(err, errlen, "master key file: no data_dir and no key file path configured");
		goto out;
	}
	if (override)
		n = snprintf(path, sizeof path, "%s", path_override);
	else
		n = snprintf(path, sizeof path, "%s/%s", data_dir, KEYS_FILE_NAME);
	if (n < 0 || (size_t)n >= sizeof path) {
		rc = K_EINVAL;
		set_err(err, errlen, "master key file: path longer than %d bytes", KEYS_PATH_MAX - 1);
		goto out;
	}
	rc = ring_new(&k);
	if (rc) {
		set_err(err, errlen, "master key: %s", rc == K_ENOMEM ? "cannot allocate secure memory"
								     : "libsodium init failed");
		goto out;
	}
	rc = key_load(k, path, err, errlen);
	if (rc == K_ENOTFOUND && !override) {
		rc = key_create(k, data_dir, path, err, errlen);
		if (rc == K_ECONFLICT) /* another process created it first */
			rc = key_load(k, path, err, errlen);
	}
	if (rc)
		goto out;
	if (sodium_mprotect_readonly(k) != 0) {
		rc = K_EIO;
		set_err(err, errlen, "master key: cannot protect key memory: %s", strerror(errno));
		goto out;
	}
	*out = k;
	k = NULL;
	if (err && errlen)
		err[0] = '\0'; /* drop the "not found" of a first start */
out:
	keys_close(k);
	return rc;
}

int keys_from_bytes(struct keyring **out, const unsigned char key[KEY_BYTES])
{
	struct keyring *k = NULL;
	int rc;

	*out = NULL;
	rc = ring_new(&k);
	if (rc)
		goto out;
	memcpy(k->key, key, KEY_BYTES);
	if (sodium_mprotect_readonly(k) != 0) {
		rc = K_EIO;
		goto out;
	}
	*out = k;
	k = NULL;
out:
	keys_close(k);
	return rc;
}

void keys_close(struct keyring *k)
{
	/* sodium_free makes the region writable again, wipes and unmaps it. */
	if (k)
		sodium_free(k);
}

void keys_derive(const struct keyring *k, enum key_purpose p, unsigned char out[KEY_BYTES])
{
	/* Cannot fail for these constant sizes; if it ever did, no key is safer
	 * than an all-zero or stale one. */
	if (crypto_kdf_derive_from_key(out, KEY_BYTES, (uint64_t)p, kdf_context, k->key) != 0)
		abort();
}
