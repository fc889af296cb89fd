/* Passwords: policy, Argon2id hashing behind a small slot limiter, and the
 * common-password list (see password.h for the contracts). */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "core/password.h"
#include "util/alloc.h"
#include "util/embedded.h"
#include "util/err.h"

_Static_assert(crypto_pwhash_STRBYTES == PASSWORD_HASH_MAX, "hash buffer size");

/* A password is at most PASSWORD_MAX code points, so at most 4 bytes each. */
#define PW_MAX_BYTES (4 * PASSWORD_MAX)
/* Name and e-mail pieces shorter than this are not checked. */
#define PERSONAL_MIN 4
/* Longest e-mail / name we look at (bytes); longer ones are not checked. */
#define PERSONAL_MAX_BYTES 1024
#define COMMON_FILE "data/common-passwords.txt"
#define DEFAULT_WAIT_MS 2000
#define DEFAULT_CONCURRENCY 2

#define MSG_SHORT "Het wachtwoord moet minstens 12 tekens lang zijn."
#define MSG_LONG "Het wachtwoord mag hoogstens 128 tekens lang zijn."
#define MSG_UTF8 "Het wachtwoord bevat ongeldige tekens."
#define MSG_COMMON "Dit wachtwoord komt te vaak voor; kies een ander."
#define MSG_EMAIL "Het wachtwoord mag uw e-mailadres niet bevatten."
#define MSG_NAME "Het wachtwoord mag uw naam niet bevatten."

/* --- initialisation ------------------------------------------------------ */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ok;

static void sodium_setup(void)
{
	sodium_ok = sodium_init() >= 0;
}

static int ensure_sodium(void)
{
	pthread_once(&sodium_once, sodium_setup);
	return sodium_ok ? K_OK : K_EIO;
}

/* --- common-password list ------------------------------------------------ */

static pthread_once_t common_once = PTHREAD_ONCE_INIT;
static char **common_words;   /* sorted, lower case, point into common_text */
static size_t common_count;
static char *common_text;

static void ascii_lower(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void common_load(void)
{
	const struct embedded_file *f = embedded_find(COMMON_FILE);
	size_t lines = 0, n = 0;
	char *p, *end;

	if (!f || !f->len) {
		fprintf(stderr, "kluis: %s is not embedded: common passwords are NOT refused\n",
			COMMON_FILE);
		return;
	}
	common_text = xmalloc(f->len + 1);
	memcpy(common_text, f->data, f->len);
	common_text[f->len] = '\0';
	for (size_t i = 0; i < f->len; i++)
		if (common_text[i] == '\n')
			lines++;
	common_words = xcalloc(lines + 1, sizeof *common_words);
	p = common_text;
	end = common_text + f->len;
	while (p < end && n < lines + 1) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (nl)
			*nl = '\0';
		if (len && p[len - 1] == '\r')
			p[--len] = '\0';
		if (len && len <= PW_MAX_BYTES) {
			ascii_lower(p, len);
			common_words[n++] = p;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	common_count = n;
	qsort(common_words, common_count, sizeof *common_words, cmp_word);
}

int password_is_common(const char *pw)
{
	char low[PW_MAX_BYTES + 1];
	const char *key = low;
	size_t len;
	int found;

	if (!pw)
		return 0;
	pthread_once(&common_once, common_load);
	len = strnlen(pw, PW_MAX_BYTES + 1);
	if (!common_count || len > PW_MAX_BYTES)
		return 0;
	memcpy(low, pw, len);
	low[len] = '\0';
	ascii_lower(low, len);
	found = bsearch(&key, common_words, common_count, sizeof *common_words, cmp_word) != NULL;
	secure_wipe(low, sizeof low);
	return found;
}

/* --- policy --------------------------------------------------------------- */

static void set_reason(char *reason, size_t reasonlen, const char *msg)
{
	if (reason && reasonlen)
		snprintf(reason, reasonlen, "%s", msg);
}

/* utf8_decode: strict UTF-8 (no overlongs, surrogates or > U+10FFFF) into
 * out (up to outmax code points, out may be NULL); *count gets the total. */
static int utf8_decode(const char *s, size_t len, uint32_t *out, size_t outmax, size_t *count)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n = 0;

	while (i < len) {
		uint32_t c = p[i], min;
		size_t extra;

		if (c < 0x80) {
			extra = 0;
			min = 0;
		} else if ((c & 0xE0) == 0xC0) {
			extra = 1;
			c &= 0x1F;
			min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			extra = 2;
			c &= 0x0F;
			min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			extra = 3;
			c &= 0x07;
			min = 0x10000;
		} else {
			return K_EINVAL;
		}
		if (extra > len - i - 1)
			return K_EINVAL;
		for (size_t k = 1; k <= extra; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return K_EINVAL;
			c = (c << 6) | (p[i + k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return K_EINVAL;
		if (out && n < outmax)
			out[n] = c;
		n++;
		i += extra + 1;
	}
	*count = n;
	return K_OK;
}

/* fold: simple case folding for ASCII, Latin-1 and Latin Extended-A, which
 * covers the names Dutch advisors meet (É, Ö, Ł, Š, ...). */
static uint32_t fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c == 0x178)
		return 0xFF;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return (c & 1) ? c : c + 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	return c;
}

static void fold_all(uint32_t *cp, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cp[i] = fold(cp[i]);
}

static int cp_contains(const uint32_t *hay, size_t hn, const uint32_t *needle, size_t nn)
{
	if (nn == 0 || nn > hn)
		return 0;
	for (size_t i = 0; i + nn <= hn; i++)
		if (memcmp(hay + i, needle, nn * sizeof *needle) == 0)
			return 1;
	return 0;
}

static int is_sep(uint32_t c, const char *seps)
{
	return c < 0x80 && c != 0 && strchr(seps, (int)c) != NULL;
}

/* contains_personal: does pw (folded code points) contain s[0..slen), or one
 * of its pieces split on seps? Pieces under PERSONAL_MIN code points and
 * strings that are not valid UTF-8 are not checked. */
static int contains_personal(const uint32_t *pw, size_t n, const char *s, size_t slen,
			     const char *seps)
{
	uint32_t *cp = NULL;
	size_t cn = 0, start = 0;
	int hit = 0;

	if (slen == 0 || slen > PERSONAL_MAX_BYTES)
		goto out;
	cp = xmalloc(slen * sizeof *cp);
	if (utf8_decode(s, slen, cp, slen, &cn) != K_OK)
		goto out;
	fold_all(cp, cn);
	if (cn >= PERSONAL_MIN && cp_contains(pw, n, cp, cn)) {
		hit = 1;
		goto out;
	}
	for (size_t i = 0; i <= cn; i++) {
		if (i < cn && !is_sep(cp[i], seps))
			continue;
		if (i - start >= PERSONAL_MIN && cp_contains(pw, n, cp + start, i - start)) {
			hit = 1;
			goto out;
		}
		start = i + 1;
	}
out:
	free(cp);
	return hit;
}

int password_check_policy(const char *pw, const char *email, const char *name, char *reason,
			  size_t reasonlen)
{
	uint32_t cps[PW_MAX_BYTES];
	size_t bytes, n = 0;
	int rc = K_OK;

	set_reason(reason, reasonlen, "");
	if (!pw) {
		set_reason(reason, reasonlen, MSG_UTF8);
		return K_EINVAL;
	}
	bytes = strnlen(pw, PW_MAX_BYTES + 1);
	if (bytes > PW_MAX_BYTES) {
		set_reason(reason, reasonlen, MSG_LONG);
		return K_EWEAK;
	}
	if (utf8_decode(pw, bytes, cps, PW_MAX_BYTES, &n) != K_OK) {
		set_reason(reason, reasonlen, MSG_UTF8);
		rc = K_EINVAL;
		goto out;
	}
	if (n < PASSWORD_MIN || n > PASSWORD_MAX) {
		set_reason(reason, reasonlen, n < PASSWORD_MIN ? MSG_SHORT : MSG_LONG);
		rc = K_EWEAK;
		goto out;
	}
	if (password_is_common(pw)) {
		set_reason(reason, reasonlen, MSG_COMMON);
		rc = K_EWEAK;
		goto out;
	}
	fold_all(cps, n);
	if (email) {
		const char *at = strrchr(email, '@');
		size_t local = at ? (size_t)(at - email) : strlen(email);

		if (contains_personal(cps, n, email, local, "._-+")) {
			set_reason(reason, reasonlen, MSG_EMAIL);
			rc = K_EWEAK;
			goto out;
		}
	}
	if (name && contains_personal(cps, n, name, strlen(name), " \t-.'")) {
		set_reason(reason, reasonlen, MSG_NAME);
		rc = K_EWEAK;
		goto out;
	}
out:
	secure_wipe(cps, sizeof cps);
	return rc;
}

/* --- cost ----------------------------------------------------------------- */

static pthread_mutex_t cost_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long cost_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t cost_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void password_set_cost(unsigned long long ops, size_t mem)
{
	if (ops < crypto_pwhash_OPSLIMIT_MIN)
		ops = crypto_pwhash_OPSLIMIT_MIN;
	if (ops > crypto_pwhash_OPSLIMIT_MAX)
		ops = crypto_pwhash_OPSLIMIT_MAX;
	if (mem < crypto_pwhash_MEMLIMIT_MIN)
		mem = crypto_pwhash_MEMLIMIT_MIN;
	if (mem > crypto_pwhash_MEMLIMIT_MAX)
		mem = crypto_pwhash_MEMLIMIT_MAX;
	pthread_mutex_lock(&cost_mu);
	cost_ops = ops;
	cost_mem = mem;
	pthread_mutex_unlock(&cost_mu);
}

static void get_cost(unsigned long long *ops, size_t *mem)
{
	pthread_mutex_lock(&cost_mu);
	*ops = cost_ops;
	*mem = cost_mem;
	pthread_mutex_unlock(&cost_mu);
}

/* --- slot limiter --------------------------------------------------------- */

static pthread_once_t slot_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t slot_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_cv;
static int slot_active;
static int slot_limit = DEFAULT_CONCURRENCY;
static int slot_waiting; /* callers waiting for a slot: at most slot_limit, so
			    password work never holds more than 2 * limit of
			    the HTTP threads */
static atomic_int slot_wait_ms = DEFAULT_WAIT_MS;

static void slot_setup(void)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&slot_cv, &attr);
	pthread_condattr_destroy(&attr);
}

static int slot_acquire(void)
{
	struct timespec deadline;
	int ms = atomic_load(&slot_wait_ms);
	int rc = K_OK;

	pthread_once(&slot_once, slot_setup);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += ms / 1000;
	deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&slot_mu);
	if (slot_active >= slot_limit && slot_waiting >= slot_limit) {
		rc = K_EBUSY;
		goto out;
	}
	slot_waiting++;
	while (slot_active >= slot_limit) {
		if (pthread_cond_timedwait(&slot_cv, &slot_mu, &deadline) == ETIMEDOUT &&
		    slot_active >= slot_limit) {
			rc = K_EBUSY;
			break;
		}
	}
	slot_waiting--;
	if (rc == K_OK)
		slot_active++;
out:
	pthread_mutex_unlock(&slot_mu);
	return rc;
}

static void slot_release(void)
{
	pthread_once(&slot_once, slot_setup);
	pthread_mutex_lock(&slot_mu);
	if (slot_active > 0)
		slot_active--;
	pthread_cond_signal(&slot_cv);
	pthread_mutex_unlock(&slot_mu);
}

void password_set_concurrency(int n)
{
	pthread_once(&slot_once, slot_setup);
	pthread_mutex_lock(&slot_mu);
	slot_limit = n < 1 ? 1 : n;
	pthread_cond_broadcast(&slot_cv);
	pthread_mutex_unlock(&slot_mu);
}

int password_test_hold_slot(void)
{
	return slot_acquire();
}

void password_test_release_slot(void)
{
	slot_release();
}

int password_test_waiting(void)
{
	pthread_mutex_lock(&slot_mu);
	int n = slot_waiting;
	pthread_mutex_unlock(&slot_mu);
	return n;
}

void password_test_set_wait_ms(int ms)
{
	atomic_store(&slot_wait_ms, ms > 0 ? ms : DEFAULT_WAIT_MS);
}

/* --- hash / verify -------------------------------------------------------- */

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	unsigned long long ops;
	size_t mem, len;
	int rc;

	if (!pw || !out)
		return K_EINVAL;
	out[0] = '\0';
	len = strnlen(pw, PW_MAX_BYTES + 1);
	if (len > PW_MAX_BYTES)
		return K_EINVAL;
	rc = ensure_sodium();
	if (rc)
		return rc;
	get_cost(&ops, &mem);
	rc = slot_acquire();
	if (rc)
		return rc;
	if (crypto_pwhash_str(out, pw, len, ops, mem) != 0) {
		out[0] = '\0';
		rc = K_ENOMEM;
	}
	slot_release();
	return rc;
}

static int is_argon2_string(const char *encoded)
{
	size_t len = strnlen(encoded, PASSWORD_HASH_MAX);

	if (len == PASSWORD_HASH_MAX)
		return 0;
	return strncmp(encoded, "$argon2id$", 10) == 0 || strncmp(encoded, "$argon2i$", 9) == 0;
}

int password_verify(const char *encoded, const char *pw)
{
	size_t len;
	int rc;

	if (!encoded || !is_argon2_string(encoded))
		return K_EINVAL;
	if (!pw)
		return K_EAUTH;
	len = strnlen(pw, PW_MAX_BYTES + 1);
	if (len > PW_MAX_BYTES)
		return K_EAUTH;
	rc = ensure_sodium();
	if (rc)
		return rc;
	rc = slot_acquire();
	if (rc)
		return rc;
	rc = crypto_pwhash_str_verify(encoded, pw, len) == 0 ? K_OK : K_EAUTH;
	slot_release();
	return rc;
}

/* The dummy hash is made from a random password at the current cost and
 * remade when the cost changes. */
static pthread_mutex_t dummy_mu = PTHREAD_MUTEX_INITIALIZER;
static char dummy_hash[PASSWORD_HASH_MAX];
static unsigned long long dummy_ops;
static size_t dummy_mem;

int password_dummy_verify(const char *pw)
{
	char hash[PASSWORD_HASH_MAX];
	unsigned char rnd[16];
	unsigned long long ops;
	size_t mem, len;
	int fresh, rc;

	rc = ensure_sodium();
	if (rc)
		return rc;
	len = pw ? strnlen(pw, PW_MAX_BYTES + 1) : 0;
	if (len > PW_MAX_BYTES)
		return K_EAUTH;
	get_cost(&ops, &mem);
	rc = slot_acquire();
	if (rc)
		return rc;
	pthread_mutex_lock(&dummy_mu);
	fresh = dummy_hash[0] && dummy_ops == ops && dummy_mem == mem;
	if (fresh)
		memcpy(hash, dummy_hash, sizeof hash);
	pthread_mutex_unlock(&dummy_mu);
	if (fresh) {
		/* the result does not matter, only the time spent */
		volatile int sink = crypto_pwhash_str_verify(hash, pw ? pw : "", len);

		(void)sink;
		goto out;
	}
	/* Making the hash costs what a verify costs. */
	randombytes_buf(rnd, sizeof rnd);
	if (crypto_pwhash_str(hash, (const char *)rnd, sizeof rnd, ops, mem) != 0)
		goto out;
	pthread_mutex_lock(&dummy_mu);
	memcpy(dummy_hash, hash, sizeof dummy_hash);
	dummy_ops = ops;
	dummy_mem = mem;
	pthread_mutex_unlock(&dummy_mu);
out:
	secure_wipe(rnd, sizeof rnd);
	slot_release();
	return K_EAUTH;
}
