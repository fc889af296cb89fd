/* TOTP through liboath, plus otpauth:// URLs and QR codes (see totp.h). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include "adapters/totp.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#define SECRET_BYTES 20
#define SECRET_MIN_BYTES 10
#define SECRET_MAX_BYTES 40
/* Longest secret / code input looked at (spaces included). */
#define SECRET_INPUT_MAX 256
#define CODE_INPUT_MAX 32
#define QR_QUIET 4
#define QR_PIXELS_PER_MODULE 4

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_ok;

static void init_libs(void)
{
	init_ok = sodium_init() >= 0 && oath_init() == OATH_OK;
}

static int ensure_init(void)
{
	pthread_once(&init_once, init_libs);
	return init_ok ? K_OK : K_EIO;
}

/* --- base32 --------------------------------------------------------------- */

/* b32_encode: n bytes into out (upper case, no padding); out must hold
 * (n * 8 + 4) / 5 + 1 bytes. */
static void b32_encode(const unsigned char *in, size_t n, char *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = b32_alphabet[(acc >> bits) & 31];
		}
	}
	if (bits > 0)
		out[o++] = b32_alphabet[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}

/* b32_decode: base32 (either case; spaces ignored; '=' only at the end) into
 * out, SECRET_MIN_BYTES..outmax bytes, else K_EINVAL. */
static int b32_decode(const char *s, unsigned char *out, size_t outmax, size_t *outlen)
{
	uint32_t acc = 0;
	int bits = 0, pad = 0, rc = K_OK;
	size_t n = 0;

	if (strnlen(s, SECRET_INPUT_MAX + 1) > SECRET_INPUT_MAX)
		return K_EINVAL;
	for (; *s; s++) {
		char c = *s;
		uint32_t v;

		if (c == ' ')
			continue;
		if (c == '=') {
			pad = 1;
			continue;
		}
		if (pad) {
			rc = K_EINVAL;
			goto out;
		}
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= 'A' && c <= 'Z') {
			v = (uint32_t)(c - 'A');
		} else if (c >= '2' && c <= '7') {
			v = (uint32_t)(c - '2' + 26);
		} else {
			rc = K_EINVAL;
			goto out;
		}
		acc = (acc << 5) | v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (n >= outmax) {
				rc = K_EINVAL;
				goto out;
			}
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	if (n < SECRET_MIN_BYTES)
		rc = K_EINVAL;
out:
	*outlen = rc == K_OK ? n : 0;
	if (rc)
		secure_wipe(out, outmax);
	return rc;
}

/* --- codes ---------------------------------------------------------------- */

int totp_secret_new(char out[TOTP_SECRET_B32_MAX])
{
	unsigned char key[SECRET_BYTES];
	int rc;

	_Static_assert((SECRET_BYTES * 8 + 4) / 5 + 1 <= TOTP_SECRET_B32_MAX, "secret size");
	if (!out)
		return K_EINVAL;
	out[0] = '\0';
	rc = ensure_init();
	if (rc)
		return rc;
	randombytes_buf(key, sizeof key);
	b32_encode(key, sizeof key, out);
	secure_wipe(key, sizeof key);
	return K_OK;
}

/* code_at_step: the code for step into out (7 bytes). */
static int code_at_step(const unsigned char *key, size_t keylen, long long step, char out[7])
{
	int rc = oath_totp_generate((const char *)key, keylen, (time_t)(step * TOTP_STEP),
				    TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME, TOTP_DIGITS, out);

	return rc == OATH_OK ? K_OK : K_EINVAL;
}

/* now must be such that (now / 30 + 1) * 30 does not overflow. */
static int now_ok(long long now)
{
	return now >= 0 && now <= LLONG_MAX - 2 * TOTP_STEP;
}

int totp_code(const char *secret_b32, long long now, char out[7])
{
	unsigned char key[SECRET_MAX_BYTES];
	size_t keylen = 0;
	int rc;

	if (!out)
		return K_EINVAL;
	out[0] = '\0';
	if (!secret_b32 || !now_ok(now))
		return K_EINVAL;
	rc = ensure_init();
	if (rc)
		return rc;
	rc = b32_decode(secret_b32, key, sizeof key, &keylen);
	if (rc)
		goto out;
	rc = code_at_step(key, keylen, now / TOTP_STEP, out);
	if (rc)
		out[0] = '\0';
out:
	secure_wipe(key, sizeof key);
	return rc;
}

/* code_digits: code without spaces into out; exactly 6 ASCII digits. */
static int code_digits(const char *code, char out[7])
{
	size_t n = 0;

	if (strnlen(code, CODE_INPUT_MAX + 1) > CODE_INPUT_MAX)
		return K_ETOTP_INVALID;
	for (; *code; code++) {
		if (*code == ' ')
			continue;
		if (*code < '0' || *code > '9' || n >= TOTP_DIGITS)
			return K_ETOTP_INVALID;
		out[n++] = *code;
	}
	out[n] = '\0';
	return n == TOTP_DIGITS ? K_OK : K_ETOTP_INVALID;
}

int totp_verify(const char *secret_b32, const char *code, long long now, long long last_step,
		long long *step_out)
{
	unsigned char key[SECRET_MAX_BYTES];
	char want[7] = "", cand[7] = "";
	size_t keylen = 0;
	long long cur, accepted = -1;
	int rc;

	if (step_out)
		*step_out = 0;
	if (!secret_b32 || !now_ok(now))
		return K_EINVAL;
	if (!code)
		return K_ETOTP_INVALID;
	rc = ensure_init();
	if (rc)
		return rc;
	rc = b32_decode(secret_b32, key, sizeof key, &keylen);
	if (rc)
		goto out;
	rc = code_digits(code, want);
	if (rc)
		goto out;
	cur = now / TOTP_STEP;
	/* Every step in the window is computed and compared in constant time;
	 * steps at or before the last accepted one are never candidates. */
	for (long long step = cur - 1; step <= cur + 1; step++) {
		if (step < 0 || step <= last_step)
			continue;
		rc = code_at_step(key, keylen, step, cand);
		if (rc)
			goto out;
		if (sodium_memcmp(cand, want, TOTP_DIGITS) == 0)
			accepted = step;
	}
	if (accepted < 0) {
		rc = K_ETOTP_INVALID;
		goto out;
	}
	if (step_out)
		*step_out = accepted;
	rc = K_OK;
out:
	secure_wipe(key, sizeof key);
	secure_wipe(want, sizeof want);
	secure_wipe(cand, sizeof cand);
	return rc;
}

/* --- otpauth URL ---------------------------------------------------------- */

static int is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

static int add_pct(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = K_OK;

	for (const unsigned char *p = (const unsigned char *)s; *p && !rc; p++) {
		char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};

		rc = is_unreserved(*p) ? buf_addc(b, (char)*p) : buf_add(b, esc, sizeof esc);
	}
	return rc;
}

int totp_otpauth_url(const char *issuer, const char *account, const char *secret_b32, char *out,
		     size_t outlen)
{
	struct buf b;
	int rc;

	if (!out || !outlen)
		return K_EINVAL;
	out[0] = '\0';
	if (!issuer || !*issuer || !account || !*account || !secret_b32 || !*secret_b32)
		return K_EINVAL;
	buf_init(&b, outlen - 1);
	rc = buf_adds(&b, "otpauth://totp/");
	if (!rc)
		rc = add_pct(&b, issuer);
	if (!rc)
		rc = buf_addc(&b, ':');
	if (!rc)
		rc = add_pct(&b, account);
	if (!rc)
		rc = buf_adds(&b, "?secret=");
	if (!rc)
		rc = add_pct(&b, secret_b32);
	if (!rc)
		rc = buf_adds(&b, "&issuer=");
	if (!rc)
		rc = add_pct(&b, issuer);
	if (rc)
		goto out;
	memcpy(out, buf_str(&b), b.len + 1);
out:
	buf_free(&b);
	return rc;
}

/* --- QR code -------------------------------------------------------------- */

int totp_qr_svg(const char *text, struct buf *out)
{
	QRcode *qr = NULL;
	struct buf svg;
	int rc = K_OK, w, size;

	if (!text || !*text || !out)
		return K_EINVAL;
	if (strnlen(text, TOTP_QR_TEXT_MAX + 1) > TOTP_QR_TEXT_MAX)
		return K_ETOOBIG;
	buf_init(&svg, out->max);
	errno = 0;
	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		rc = errno == ERANGE ? K_ETOOBIG : K_ENOMEM;
		goto out;
	}
	w = qr->width;
	size = w + 2 * QR_QUIET;
	rc = buf_addf(&svg,
		      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		      "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\" "
		      "role=\"img\" aria-label=\"QR-code\">"
		      "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		      size, size, size * QR_PIXELS_PER_MODULE, size * QR_PIXELS_PER_MODULE, size,
		      size);
	/* One subpath per horizontal run of dark modules. */
	for (int y = 0; y < w && !rc; y++) {
		for (int x = 0; x < w && !rc;) {
			int run = 0;

			while (x + run < w && (qr->data[y * w + x + run] & 1))
				run++;
			if (run) {
				rc = buf_addf(&svg, "M%d %dh%dv1h-%dz", x + QR_QUIET, y + QR_QUIET,
					      run, run);
				x += run;
			} else {
				x++;
			}
		}
	}
	if (!rc)
		rc = buf_adds(&svg, "\"/></svg>\n");
	if (!rc)
		rc = buf_add(out, svg.data, svg.len);
out:
	if (qr) {
		secure_wipe(qr->data, (size_t)qr->width * (size_t)qr->width);
		QRcode_free(qr);
	}
	buf_free(&svg);
	return rc;
}
