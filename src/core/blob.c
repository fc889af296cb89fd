/* The blob store (X4): encrypted, content-addressed document files with
 * per-dossier data keys and crypto-shredding. See core/blob.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "core/blob.h"
#include "core/keys.h"
#include "store/blob_store.h"
#include "store/db.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/log.h"

#define CIPHER_CHUNK (BLOB_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES)
#define HDR_BYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define COLLECT_AGE 3600
#define BATCH 64
/* blob_put_file starts writeback (sync_file_range) every SYNC_STEP bytes it
 * has written, so that its fsync waits for the last few MiB only */
#define SYNC_STEP (4u << 20)

_Static_assert(BLOB_WRAPPED_BYTES == crypto_secretbox_NONCEBYTES + KEY_BYTES + crypto_secretbox_MACBYTES,
	       "wrapped key layout");
_Static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == KEY_BYTES, "data key size");

/* --- small file helpers ---------------------------------------------------- */

int blob_id_valid(const char *id)
{
	if (!id)
		return 0;
	for (int i = 0; i < BLOB_ID_LEN; i++) {
		char c = id[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return 0;
	}
	return id[BLOB_ID_LEN] == '\0';
}

/* read_full: up to n bytes (fewer only at end of file); -1 on error. */
static ssize_t read_full(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int write_full(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* ensure_dir: 1 when created now, 0 when it existed, -1 on error. */
static int ensure_dir(const char *path)
{
	if (mkdir(path, 0700) == 0)
		return 1;
	if (errno != EEXIST)
		return -1;
	struct stat sb;
	return (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) ? 0 : -1;
}

/* path_fmt: snprintf into a PATH_MAX buffer; -1 when it does not fit. */
__attribute__((format(printf, 2, 3))) static int path_fmt(char out[PATH_MAX], const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, PATH_MAX, fmt, ap);
	va_end(ap);
	return (n < 0 || n >= PATH_MAX) ? -1 : 0;
}

static int blob_path(struct app *app, const char *id, char out[PATH_MAX])
{
	return path_fmt(out, "%s/blobs/%.2s/%.2s/%s", app->cfg.data_dir, id, id + 2, id);
}

/* --- SHA-256 ---------------------------------------------------------------- */

/* The blob id is the SHA-256 of every ciphertext byte. libsodium's SHA-256
 * is portable C (about 185 MB/s on the 2.1 GHz Xeon of the bench): for a
 * 25 MB upload it cost more than everything else together. x86-64 CPUs with
 * the SHA extensions (Intel since Ice Lake/Goldmont, AMD since Zen) hash
 * 0.7-1 GB/s with the compression function below. It is used only when the CPU
 * has the extensions AND it agrees with libsodium on a set of messages at
 * first use; otherwise libsodium's is used. Same digest either way: the blob
 * format does not change. Only ciphertext is hashed (no secrets). */
struct bhash {
	crypto_hash_sha256_state hs; /* the libsodium path */
	uint32_t st[8];              /* the SHA-NI path: chaining value, */
	unsigned char buf[64];       /* a partial block */
	size_t len;                  /* of len bytes, */
	uint64_t total;              /* after total bytes */
	int fast;
};

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHA_NI 1

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Rounds 4i..4i+3 on the schedule words w. */
#define SHA_RNDS4(w, i)                                                                            \
	do {                                                                                       \
		__m128i x_ = _mm_add_epi32((w), _mm_loadu_si128((const __m128i *)(sha_k + 4 * (i)))); \
		s1 = _mm_sha256rnds2_epu32(s1, s0, x_);                                            \
		s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(x_, 0x0E));                   \
	} while (0)
/* Finish the next words: next = msg2(next + (cur:prev >> 32 bits), cur). */
#define SHA_MSG2(next, cur, prev) \
	((next) = _mm_sha256msg2_epu32(_mm_add_epi32((next), _mm_alignr_epi8((cur), (prev), 4)), (cur)))
/* One middle group: finish next, run the rounds on cur, start prev's next. */
#define SHA_GROUP(next, cur, prev, i)                         \
	do {                                                  \
		SHA_MSG2(next, cur, prev);                    \
		SHA_RNDS4(cur, i);                            \
		(prev) = _mm_sha256msg1_epu32((prev), (cur)); \
	} while (0)

__attribute__((target("sha,sse4.1,ssse3"))) static void sha_ni_blocks(uint32_t st[8], const unsigned char *p,
								      size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&st[0]), 0xB1);  /* CDAB */
	__m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&st[4]), 0x1B); /* EFGH */
	__m128i s0 = _mm_alignr_epi8(t, s1, 8);                                          /* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xF0);                                               /* CDGH */

	for (; nblocks; nblocks--, p += 64) {
		const __m128i abef = s0, cdgh = s1;
		__m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), bswap);
		__m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
		__m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
		__m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);

		SHA_RNDS4(m0, 0);
		SHA_RNDS4(m1, 1);
		m0 = _mm_sha256msg1_epu32(m0, m1);
		SHA_RNDS4(m2, 2);
		m1 = _mm_sha256msg1_epu32(m1, m2);
		SHA_GROUP(m0, m3, m2, 3);
		SHA_GROUP(m1, m0, m3, 4);
		SHA_GROUP(m2, m1, m0, 5);
		SHA_GROUP(m3, m2, m1, 6);
		SHA_GROUP(m0, m3, m2, 7);
		SHA_GROUP(m1, m0, m3, 8);
		SHA_GROUP(m2, m1, m0, 9);
		SHA_GROUP(m3, m2, m1, 10);
		SHA_GROUP(m0, m3, m2, 11);
		SHA_GROUP(m1, m0, m3, 12);
		SHA_MSG2(m2, m1, m0);
		SHA_RNDS4(m1, 13);
		SHA_MSG2(m3, m2, m1);
		SHA_RNDS4(m2, 14);
		SHA_RNDS4(m3, 15);

		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	t = _mm_shuffle_epi32(s0, 0x1B);   /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);  /* DCHG */
	s0 = _mm_blend_epi16(t, s1, 0xF0); /* DCBA */
	s1 = _mm_alignr_epi8(s1, t, 8);    /* HGFE */
	_mm_storeu_si128((__m128i *)&st[0], s0);
	_mm_storeu_si128((__m128i *)&st[4], s1);
}

static void sha_ni_init(struct bhash *h)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memcpy(h->st, iv, sizeof iv);
	h->len = 0;
	h->total = 0;
}

static void sha_ni_update(struct bhash *h, const unsigned char *p, size_t n)
{
	h->total += n;
	if (h->len) {
		size_t take = sizeof h->buf - h->len < n ? sizeof h->buf - h->len : n;
		memcpy(h->buf + h->len, p, take);
		h->len += take;
		p += take;
		n -= take;
		if (h->len < sizeof h->buf)
			return;
		sha_ni_blocks(h->st, h->buf, 1);
		h->len = 0;
	}
	if (n >= 64) {
		sha_ni_blocks(h->st, p, n / 64);
		p += n / 64 * 64;
		n %= 64;
	}
	memcpy(h->buf, p, n);
	h->len = n;
}

static void sha_ni_final(struct bhash *h, unsigned char out[crypto_hash_sha256_BYTES])
{
	uint64_t bits = h->total * 8;
	h->buf[h->len++] = 0x80;
	if (h->len > 56) {
		memset(h->buf + h->len, 0, sizeof h->buf - h->len);
		sha_ni_blocks(h->st, h->buf, 1);
		h->len = 0;
	}
	memset(h->buf + h->len, 0, 56 - h->len);
	for (int i = 0; i < 8; i++)
		h->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha_ni_blocks(h->st, h->buf, 1);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(h->st[i] >> 24);
		out[4 * i + 1] = (unsigned char)(h->st[i] >> 16);
		out[4 * i + 2] = (unsigned char)(h->st[i] >> 8);
		out[4 * i + 3] = (unsigned char)h->st[i];
	}
}

/* sha_ni_agrees: the SHA-NI code gives libsodium's digests for lengths
 * around every padding boundary, in one piece and split. */
static int sha_ni_agrees(void)
{
	unsigned char msg[300], a[crypto_hash_sha256_BYTES], b[crypto_hash_sha256_BYTES];
	struct bhash h;
	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (unsigned char)(i * 167 + 13);
	for (size_t n = 0; n <= sizeof msg; n++) {
		crypto_hash_sha256(a, msg, n);
		sha_ni_init(&h);
		sha_ni_update(&h, msg, n / 3);
		sha_ni_update(&h, msg + n / 3, n - n / 3);
		sha_ni_final(&h, b);
		if (memcmp(a, b, sizeof a) != 0)
			return 0;
	}
	return 1;
}

static int sha_ni_ok;
static pthread_once_t sha_ni_once = PTHREAD_ONCE_INIT;

static void sha_ni_probe(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
		return;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & (1u << 29))) /* SHA */
		return;
	sha_ni_ok = sha_ni_agrees();
}
#endif

static void bhash_init(struct bhash *h)
{
	h->fast = 0;
#ifdef HAVE_SHA_NI
	pthread_once(&sha_ni_once, sha_ni_probe);
	if (sha_ni_ok) {
		h->fast = 1;
		sha_ni_init(h);
		return;
	}
#endif
	crypto_hash_sha256_init(&h->hs);
}

static void bhash_update(struct bhash *h, const unsigned char *p, size_t n)
{
#ifdef HAVE_SHA_NI
	if (h->fast) {
		sha_ni_update(h, p, n);
		return;
	}
#endif
	crypto_hash_sha256_update(&h->hs, p, n);
}

static void bhash_final(struct bhash *h, unsigned char out[crypto_hash_sha256_BYTES])
{
#ifdef HAVE_SHA_NI
	if (h->fast) {
		sha_ni_final(h, out);
		return;
	}
#endif
	crypto_hash_sha256_final(&h->hs, out);
}

/* --- keys ------------------------------------------------------------------ */

static int key_wrap(struct app *app, const unsigned char key[KEY_BYTES], unsigned char wrapped[BLOB_WRAPPED_BYTES])
{
	unsigned char wk[KEY_BYTES];
	app_random(app, wrapped, crypto_secretbox_NONCEBYTES);
	keys_derive(app->keys, KEY_BLOB_WRAP, wk);
	crypto_secretbox_easy(wrapped + crypto_secretbox_NONCEBYTES, key, KEY_BYTES, wrapped, wk);
	sodium_memzero(wk, sizeof wk);
	return K_OK;
}

static int key_unwrap(struct app *app, const unsigned char wrapped[BLOB_WRAPPED_BYTES], unsigned char key[KEY_BYTES])
{
	unsigned char wk[KEY_BYTES];
	keys_derive(app->keys, KEY_BLOB_WRAP, wk);
	int bad = crypto_secretbox_open_easy(key, wrapped + crypto_secretbox_NONCEBYTES,
					     BLOB_WRAPPED_BYTES - crypto_secretbox_NONCEBYTES, wrapped, wk);
	sodium_memzero(wk, sizeof wk);
	if (bad) {
		sodium_memzero(key, KEY_BYTES);
		return K_EINVAL;
	}
	return K_OK;
}

/* key_load: the dossier's data key into key (wiped by the caller). With
 * create, a dossier without a key gets a fresh random one. K_EDENIED when
 * shredded, K_ENOTFOUND when there is no key (no create) or no dossier. */
static int key_load(struct app *app, struct db *db, int64_t dossier_id, int create, unsigned char key[KEY_BYTES])
{
	unsigned char wrapped[BLOB_WRAPPED_BYTES];
	int shredded = 0;
	int rc = store_blob_key_get(db, dossier_id, wrapped, &shredded);
	if (rc == K_ENOTFOUND && create) {
		unsigned char fresh[KEY_BYTES];
		app_random(app, fresh, sizeof fresh);
		key_wrap(app, fresh, wrapped);
		sodium_memzero(fresh, sizeof fresh);
		rc = store_blob_key_insert(db, dossier_id, wrapped, app_now(app));
		if (rc == K_OK) /* re-read: a concurrent writer may have won */
			rc = store_blob_key_get(db, dossier_id, wrapped, &shredded);
	}
	if (rc == K_OK && shredded)
		rc = K_EDENIED;
	if (rc == K_OK)
		rc = key_unwrap(app, wrapped, key);
	sodium_memzero(wrapped, sizeof wrapped);
	return rc;
}

/* --- put ------------------------------------------------------------------- */

int blob_put_file(struct app *app, int64_t dossier_id, const char *src_path, char id_out[BLOB_ID_LEN + 1],
		  uint64_t *size_out)
{
	unsigned char key[KEY_BYTES], hdr[HDR_BYTES], digest[crypto_hash_sha256_BYTES];
	crypto_secretstream_xchacha20poly1305_state ss;
	struct bhash hs;
	char dir[PATH_MAX], tmp[PATH_MAX] = "", dst[PATH_MAX];
	unsigned char *buf = NULL, *cur, *next, *out;
	int in_fd = -1, out_fd = -1, rc;
	uint64_t total = 0;
	struct db *db = NULL;

	if (id_out)
		id_out[0] = '\0';
	if (dossier_id < 0 || !src_path || !id_out) /* 0: the firm's own blobs */
		return K_EINVAL;
	in_fd = open(src_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (in_fd < 0) {
		log_warn("blob: cannot open %s: %s", src_path, strerror(errno));
		return K_EIO;
	}
	buf = try_malloc(2 * (size_t)BLOB_CHUNK + CIPHER_CHUNK);
	if (!buf) {
		rc = K_ENOMEM;
		goto out;
	}
	cur = buf;
	next = buf + BLOB_CHUNK;
	out = buf + 2 * (size_t)BLOB_CHUNK;

	db = store_acquire(app->store);
	rc = key_load(app, db, dossier_id, 1, key);
	store_release(app->store, db);
	db = NULL;
	if (rc)
		goto out;

	if (path_fmt(dir, "%s/blobs", app->cfg.data_dir) || path_fmt(tmp, "%s/tmp-XXXXXX", dir)) {
		rc = K_EINVAL;
		tmp[0] = '\0';
		goto out;
	}
	if (ensure_dir(dir) < 0) {
		rc = K_EIO;
		tmp[0] = '\0';
		goto out;
	}
	out_fd = mkostemp(tmp, O_CLOEXEC);
	if (out_fd < 0) {
		log_warn("blob: cannot create %s: %s", tmp, strerror(errno));
		rc = K_EIO;
		tmp[0] = '\0';
		goto out;
	}

	bhash_init(&hs);
	crypto_secretstream_xchacha20poly1305_init_push(&ss, hdr, key);
	sodium_memzero(key, sizeof key);
	if (write_full(out_fd, hdr, sizeof hdr)) {
		rc = K_EIO;
		goto out;
	}
	bhash_update(&hs, hdr, sizeof hdr);

	/* Read one chunk ahead so the last chunk (even an empty one, or one of
	 * exactly BLOB_CHUNK bytes) carries TAG_FINAL. */
	ssize_t n = read_full(in_fd, cur, BLOB_CHUNK);
	uint64_t written = sizeof hdr, flushed = 0;
	for (;;) {
		ssize_t m = 0;
		if (n < 0) {
			rc = K_EIO;
			goto out;
		}
		if (n == BLOB_CHUNK) {
			m = read_full(in_fd, next, BLOB_CHUNK);
			if (m < 0) {
				rc = K_EIO;
				goto out;
			}
		}
		int final = n < BLOB_CHUNK || m == 0;
		unsigned long long clen = 0;
		crypto_secretstream_xchacha20poly1305_push(&ss, out, &clen, cur, (unsigned long long)n, NULL, 0,
							   final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
								 : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
		if (write_full(out_fd, out, (size_t)clen)) {
			log_warn("blob: write %s: %s", tmp, strerror(errno));
			rc = K_EIO;
			goto out;
		}
		bhash_update(&hs, out, (size_t)clen);
		total += (uint64_t)n;
		written += clen;
		if (final)
			break;
#ifdef SYNC_FILE_RANGE_WRITE
		if (written - flushed >= SYNC_STEP) {
			/* a hint (errors ignored): the disk starts on what is written
			 * while the rest is encrypted; the fsync below is what makes
			 * the blob durable, and waits for the tail only */
			(void)sync_file_range(out_fd, (off_t)flushed, (off_t)(written - flushed), SYNC_FILE_RANGE_WRITE);
			flushed = written;
		}
#endif
		unsigned char *t = cur;
		cur = next;
		next = t;
		n = m;
	}
	if (fsync(out_fd) != 0) {
		rc = K_EIO;
		goto out;
	}
	rc = close(out_fd);
	out_fd = -1;
	if (rc != 0) {
		rc = K_EIO;
		goto out;
	}

	bhash_final(&hs, digest);
	sodium_bin2hex(id_out, BLOB_ID_LEN + 1, digest, sizeof digest);
	int made_ab, made_cd;
	char ab[PATH_MAX], cd[PATH_MAX];
	if (path_fmt(ab, "%s/%.2s", dir, id_out) || path_fmt(cd, "%s/%.2s", ab, id_out + 2) ||
	    blob_path(app, id_out, dst)) {
		rc = K_EINVAL;
		goto out;
	}
	if ((made_ab = ensure_dir(ab)) < 0 || (made_cd = ensure_dir(cd)) < 0) {
		rc = K_EIO;
		goto out;
	}
	if (rename(tmp, dst) != 0) {
		log_warn("blob: rename to %s: %s", dst, strerror(errno));
		rc = K_EIO;
		goto out;
	}
	tmp[0] = '\0';
	if (fsync_dir(cd) != 0 || (made_cd && fsync_dir(ab) != 0) || (made_ab && fsync_dir(dir) != 0)) {
		rc = K_EIO;
		unlink(dst);
		goto out;
	}

	db = store_acquire(app->store);
	rc = store_blob_insert(db, id_out, dossier_id, (int64_t)total, app_now(app));
	store_release(app->store, db);
	db = NULL;
	if (rc != K_OK && rc != K_ECONFLICT) /* a conflict's file is the row's own */
		unlink(dst);
	if (rc == K_OK && size_out)
		*size_out = total;

out:
	sodium_memzero(key, sizeof key);
	sodium_memzero(&ss, sizeof ss);
	if (out_fd >= 0)
		close(out_fd);
	if (tmp[0])
		unlink(tmp);
	if (in_fd >= 0)
		close(in_fd);
	secure_free(buf, buf ? 2 * (size_t)BLOB_CHUNK + CIPHER_CHUNK : 0);
	if (rc)
		id_out[0] = '\0';
	return rc;
}

/* --- open ------------------------------------------------------------------ */

int blob_open_plain(struct app *app, int64_t dossier_id, const char *id, char tmp_path_out[PATH_MAX])
{
	unsigned char key[KEY_BYTES], hdr[HDR_BYTES], digest[crypto_hash_sha256_BYTES];
	crypto_secretstream_xchacha20poly1305_state ss;
	struct bhash hs;
	char path[PATH_MAX], tdir[PATH_MAX], hex[BLOB_ID_LEN + 1];
	unsigned char *buf = NULL, *in, *plain;
	int in_fd = -1, out_fd = -1, rc, referenced = 0, have_state = 0;
	int64_t owner = 0, size = 0;
	uint64_t total = 0;

	if (!tmp_path_out)
		return K_EINVAL;
	tmp_path_out[0] = '\0';
	if (dossier_id < 0 || !blob_id_valid(id))
		return K_EINVAL;

	struct db *db = store_acquire(app->store);
	rc = store_blob_get(db, id, &owner, &size, &referenced);
	if (rc == K_OK && (owner != dossier_id || !referenced))
		rc = K_ENOTFOUND;
	if (rc == K_OK)
		rc = key_load(app, db, dossier_id, 0, key);
	store_release(app->store, db);
	if (rc)
		return rc;

	if (blob_path(app, id, path) || path_fmt(tdir, "%s/tmp", app->cfg.data_dir) ||
	    path_fmt(tmp_path_out, "%s/plain-XXXXXX", tdir)) {
		tmp_path_out[0] = '\0';
		rc = K_EINVAL;
		goto out;
	}
	in_fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (in_fd < 0) {
		log_warn("blob: cannot open blob %s: %s", id, strerror(errno));
		tmp_path_out[0] = '\0';
		rc = K_EIO;
		goto out;
	}
	buf = try_malloc(CIPHER_CHUNK + (size_t)BLOB_CHUNK);
	if (!buf) {
		tmp_path_out[0] = '\0';
		rc = K_ENOMEM;
		goto out;
	}
	in = buf;
	plain = buf + CIPHER_CHUNK;
	if (ensure_dir(tdir) < 0 || (out_fd = mkostemp(tmp_path_out, O_CLOEXEC)) < 0) {
		log_warn("blob: cannot create a temp file in %s: %s", tdir, strerror(errno));
		tmp_path_out[0] = '\0';
		rc = K_EIO;
		goto out;
	}
	if (fchmod(out_fd, 0600) != 0) {
		rc = K_EIO;
		goto out;
	}

	bhash_init(&hs);
	if (read_full(in_fd, hdr, sizeof hdr) != (ssize_t)sizeof hdr ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&ss, hdr, key) != 0) {
		rc = K_EINVAL;
		goto out;
	}
	have_state = 1;
	sodium_memzero(key, sizeof key);
	bhash_update(&hs, hdr, sizeof hdr);
	for (;;) {
		ssize_t n = read_full(in_fd, in, CIPHER_CHUNK);
		unsigned long long mlen = 0;
		unsigned char tag = 0;
		if (n < 0) {
			rc = K_EIO;
			goto out;
		}
		/* n == 0 here means the stream ended without TAG_FINAL */
		if (n < (ssize_t)crypto_secretstream_xchacha20poly1305_ABYTES ||
		    crypto_secretstream_xchacha20poly1305_pull(&ss, plain, &mlen, &tag, in, (unsigned long long)n,
							       NULL, 0) != 0) {
			rc = K_EINVAL;
			goto out;
		}
		bhash_update(&hs, in, (size_t)n);
		if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE &&
		    tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
			rc = K_EINVAL;
			goto out;
		}
		if (write_full(out_fd, plain, (size_t)mlen)) {
			rc = K_EIO;
			goto out;
		}
		total += mlen;
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			break;
	}
	/* TAG_FINAL must be exactly at the end: nothing may follow */
	unsigned char extra;
	ssize_t x = read_full(in_fd, &extra, 1);
	if (x != 0) {
		rc = x < 0 ? K_EIO : K_EINVAL;
		goto out;
	}
	bhash_final(&hs, digest);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	if (strcmp(hex, id) != 0 || total != (uint64_t)size) {
		rc = K_EINVAL;
		goto out;
	}
	rc = close(out_fd) == 0 ? K_OK : K_EIO;
	out_fd = -1;

out:
	sodium_memzero(key, sizeof key);
	if (have_state)
		sodium_memzero(&ss, sizeof ss);
	if (in_fd >= 0)
		close(in_fd);
	if (out_fd >= 0)
		close(out_fd);
	if (rc && tmp_path_out[0]) {
		if (rc == K_EINVAL)
			log_warn("blob: %s of dossier %lld failed to decrypt or verify", id, (long long)dossier_id);
		unlink(tmp_path_out);
		tmp_path_out[0] = '\0';
	}
	secure_free(buf, buf ? CIPHER_CHUNK + (size_t)BLOB_CHUNK : 0);
	return rc;
}

/* --- removal --------------------------------------------------------------- */

/* remove_unreferenced: delete the files and rows of unreferenced blobs (of
 * dossier_id when > 0). A row whose file cannot be removed stays. */
static int remove_unreferenced(struct app *app, struct db *db, int64_t dossier_id, int *removed)
{
	char ids[BATCH][65], path[PATH_MAX];
	for (;;) {
		int n = 0, progress = 0;
		int rc = store_blob_unreferenced(db, dossier_id, ids, BATCH, &n);
		if (rc)
			return rc;
		if (n == 0)
			return K_OK;
		for (int i = 0; i < n; i++) {
			if (blob_id_valid(ids[i]) && blob_path(app, ids[i], path) == 0 && unlink(path) != 0 &&
			    errno != ENOENT) {
				log_warn("blob: cannot remove %s: %s", path, strerror(errno));
				continue;
			}
			rc = store_blob_delete(db, ids[i]);
			if (rc)
				return rc;
			progress++;
			(*removed)++;
		}
		if (progress == 0)
			return K_OK;
	}
}

int blob_shred_dossier(struct app *app, int64_t dossier_id)
{
	int removed = 0;
	if (dossier_id <= 0)
		return K_EINVAL;
	struct db *db = store_acquire(app->store);
	int rc = store_blob_key_shred(db, dossier_id, app_now(app));
	if (rc == K_OK) {
		log_info("blob: dossier %lld shredded", (long long)dossier_id);
		if (remove_unreferenced(app, db, dossier_id, &removed) != K_OK)
			log_warn("blob: files of shredded dossier %lld left for blob_collect", (long long)dossier_id);
	}
	store_release(app->store, db);
	return rc;
}

/* hex2: a two-digit lowercase hex directory name (blobs/ab, blobs/ab/cd). */
static int hex2(const char *s)
{
	return strlen(s) == 2 && strspn(s, "0123456789abcdef") == 2;
}

/* collect_dir: files in blobs/ab/cd without a row, older than cutoff. */
static int collect_dir(struct db *db, const char *dir, const char *prefix, int64_t cutoff, int *removed)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];
	struct stat sb;
	int rc = K_OK;
	if (!d)
		return K_EIO;
	while ((e = readdir(d)) != NULL) {
		if (!blob_id_valid(e->d_name) || strncmp(e->d_name, prefix, 4) != 0)
			continue;
		if (path_fmt(path, "%s/%s", dir, e->d_name) || lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    (int64_t)sb.st_mtime >= cutoff)
			continue;
		int have = store_blob_exists(db, e->d_name);
		if (have < 0) {
			rc = have;
			break;
		}
		if (have == 0 && unlink(path) == 0)
			(*removed)++;
	}
	closedir(d);
	return rc;
}

int blob_collect(struct app *app, int *removed)
{
	char root[PATH_MAX], ab[PATH_MAX], cd[PATH_MAX], prefix[5];
	int count = 0, rc;
	int64_t cutoff = app_now(app) - COLLECT_AGE;
	struct stat sb;
	struct dirent *e, *f;
	DIR *d = NULL;

	if (removed)
		*removed = 0;
	struct db *db = store_acquire(app->store);
	rc = remove_unreferenced(app, db, 0, &count);
	if (rc)
		goto out;
	if (path_fmt(root, "%s/blobs", app->cfg.data_dir)) {
		rc = K_EINVAL;
		goto out;
	}
	d = opendir(root);
	if (!d) {
		rc = errno == ENOENT ? K_OK : K_EIO;
		goto out;
	}
	while (rc == K_OK && (e = readdir(d)) != NULL) {
		if (path_fmt(ab, "%s/%s", root, e->d_name))
			continue;
		if (strncmp(e->d_name, "tmp-", 4) == 0) {
			/* leftover of a put that crashed before its rename */
			if (lstat(ab, &sb) == 0 && S_ISREG(sb.st_mode) && (int64_t)sb.st_mtime < cutoff && unlink(ab) == 0)
				count++;
			continue;
		}
		if (!hex2(e->d_name))
			continue;
		DIR *d2 = opendir(ab);
		if (!d2)
			continue;
		while (rc == K_OK && (f = readdir(d2)) != NULL) {
			if (!hex2(f->d_name) || path_fmt(cd, "%s/%s", ab, f->d_name))
				continue;
			/* both names are two hex digits (hex2) */
			memcpy(prefix, e->d_name, 2);
			memcpy(prefix + 2, f->d_name, 2);
			prefix[4] = '\0';
			rc = collect_dir(db, cd, prefix, cutoff, &count);
			if (rc == K_EIO) /* unreadable subdirectory: skip it */
				rc = K_OK;
		}
		closedir(d2);
	}
	closedir(d);
out:
	store_release(app->store, db);
	if (removed)
		*removed = count;
	if (count > 0)
		log_info("blob: collected %d unreferenced blob(s)", count);
	return rc;
}

int blob_forget(struct app *app, const char *id)
{
	if (!blob_id_valid(id))
		return K_EINVAL;
	struct db *db = store_acquire(app->store);
	int rc = store_blob_forget(db, id);
	store_release(app->store, db);
	return rc;
}
