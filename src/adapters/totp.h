#ifndef KLUIS_ADAPTERS_TOTP_H
#define KLUIS_ADAPTERS_TOTP_H
#include <stddef.h>
#include "util/buf.h"

/* TOTP (RFC 6238) through liboath: HMAC-SHA1, 6 digits, 30 s steps from the
 * Unix epoch; otpauth:// URLs and QR codes (libqrencode) for enrolment. */

#define TOTP_SECRET_B32_MAX 64
#define TOTP_DIGITS 6
#define TOTP_STEP 30
/* Longest text totp_qr_svg encodes. */
#define TOTP_QR_TEXT_MAX 1024

/* totp_secret_new: a new random 20-byte secret (randombytes_buf), base32
 * (RFC 4648 alphabet, upper case, no padding: 32 characters) into out.
 * K_OK or K_EIO if libsodium cannot start. */
int totp_secret_new(char out[TOTP_SECRET_B32_MAX]);

/* totp_code: the 6-digit code for secret_b32 at Unix time now (>= 0) into
 * out (NUL-terminated). The secret may be lower case and contain spaces or
 * '=' padding; it must decode to 10..40 bytes, else K_EINVAL. */
int totp_code(const char *secret_b32, long long now, char out[7]);

/* totp_verify: check code at time now with a window of +-1 step. last_step
 * is the step of the last code accepted for this user (0 = none); a code
 * whose step is <= last_step is refused (liboath has no replay protection,
 * LIBRARIES.md). Spaces in code are ignored; what is left must be exactly 6
 * digits. Every candidate step is compared in constant time; if several
 * match, the latest is taken. On success K_OK and *step_out (may be NULL) =
 * the accepted step, which the caller stores as the new last_step; else
 * K_ETOTP_INVALID (K_EINVAL for a broken secret or negative now). */
int totp_verify(const char *secret_b32, const char *code, long long now, long long last_step,
		long long *step_out);

/* totp_otpauth_url: "otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER"
 * with issuer and account percent-encoded (everything but A-Z a-z 0-9 - . _ ~),
 * into out (at most outlen bytes with the NUL). K_ETOOBIG if it does not fit
 * (out is then ""), K_EINVAL for NULL or empty arguments. */
int totp_otpauth_url(const char *issuer, const char *account, const char *secret_b32, char *out,
		     size_t outlen);

/* totp_qr_svg: an SVG image of a QR code of text (libqrencode, ECC level M,
 * 4-module quiet zone, white background rect and one black <path>, no
 * scripts, no external references), appended to out. Either all of it is
 * appended or nothing: K_ETOOBIG if out's maximum or TOTP_QR_TEXT_MAX is
 * exceeded, K_EINVAL for NULL/empty text, K_ENOMEM if libqrencode fails. */
int totp_qr_svg(const char *text, struct buf *out);

#endif
