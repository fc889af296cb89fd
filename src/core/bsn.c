/* BSN validation (11-test), encryption at rest bound to its owner row, and
 * masks. No BSN ever reaches a log or an error message from here. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sodium.h>
#include "core/bsn.h"
#include "core/keys.h"
#include "util/err.h"

#define BSN_DIGITS 9
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define AD_BYTES 8

_Static_assert(BSN_ENC_LEN == NONCE_BYTES + BSN_DIGITS + crypto_aead_xchacha20poly1305_ietf_ABYTES,
	       "encrypted BSN layout");
_Static_assert(BSN_ENC_LEN <= BSN_ENC_MAX, "encrypted BSN fits BSN_ENC_MAX");
_Static_assert(KEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "subkey is an AEAD key");

static const char mask_none[] = "*********";

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* digits_n: s holds exactly n ASCII digits followed by a NUL. */
static bool digits_n(const char *s, size_t n)
{
	if (!s)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return s[n] == '\0';
}

/* eleven_test: d[0..8] are ASCII digits; weights 9..2 and -1, not all zero. */
static bool eleven_test(const char d[BSN_DIGITS])
{
	int sum = 0;
	bool nonzero = false;

	for (int i = 0; i < BSN_DIGITS; i++) {
		int v = d[i] - '0';
		sum += (i < BSN_DIGITS - 1) ? (BSN_DIGITS - i) * v : -v;
		nonzero = nonzero || v != 0;
	}
	return nonzero && sum % 11 == 0;
}

/* owner_ad: the owner id as 8 bytes little-endian (AEAD additional data). */
static void owner_ad(int64_t owner_id, unsigned char ad[AD_BYTES])
{
	uint64_t v = (uint64_t)owner_id;

	for (int i = 0; i < AD_BYTES; i++)
		ad[i] = (unsigned char)(v >> (8 * i));
}

int bsn_normalize(const char *in, char norm[10])
{
	char d[BSN_DIGITS];
	size_t n = 0, len;
	int rc = K_EINVAL;

	if (norm)
		norm[0] = '\0';
	if (!in)
		goto out;
	len = strnlen(in, BSN_INPUT_MAX + 1);
	if (len > BSN_INPUT_MAX)
		goto out;
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c == ' ' || c == '.')
			continue;
		if (!is_digit(c) || n == BSN_DIGITS)
			goto out;
		d[n++] = c;
	}
	if (n == BSN_DIGITS - 1) {
		memmove(d + 1, d, BSN_DIGITS - 1);
		d[0] = '0';
		n = BSN_DIGITS;
	}
	if (n != BSN_DIGITS || !eleven_test(d))
		goto out;
	if (norm) {
		memcpy(norm, d, BSN_DIGITS);
		norm[BSN_DIGITS] = '\0';
	}
	rc = K_OK;
out:
	sodium_memzero(d, sizeof d);
	return rc;
}

bool bsn_valid(const char *in)
{
	return bsn_normalize(in, NULL) == K_OK;
}

int bsn_encrypt(const struct keyring *k, int64_t owner_id, const char norm[10], unsigned char *out, size_t *outlen)
{
	unsigned char key[KEY_BYTES];
	unsigned char ad[AD_BYTES];
	unsigned long long clen = 0;
	int rc = K_EINVAL;

	if (outlen)
		*outlen = 0;
	if (!k || !out || !outlen || !digits_n(norm, BSN_DIGITS) || !eleven_test(norm))
		goto out;
	owner_ad(owner_id, ad);
	keys_derive(k, KEY_BSN, key);
	randombytes_buf(out, NONCE_BYTES);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(out + NONCE_BYTES, &clen, (const unsigned char *)norm, BSN_DIGITS,
						       ad, sizeof ad, NULL, out, key) != 0)
		goto out;
	*outlen = NONCE_BYTES + (size_t)clen;
	rc = K_OK;
out:
	sodium_memzero(key, sizeof key); /* writing unset bytes is fine */
	return rc;
}

int bsn_decrypt(const struct keyring *k, int64_t owner_id, const unsigned char *in, size_t inlen, char norm[10])
{
	unsigned char key[KEY_BYTES];
	unsigned char ad[AD_BYTES];
	char pt[BSN_DIGITS + 1];
	unsigned long long plen = 0;
	int rc = K_EINVAL;

	if (!norm)
		return K_EINVAL;
	norm[0] = '\0';
	if (!k || !in || inlen != BSN_ENC_LEN)
		goto out;
	owner_ad(owner_id, ad);
	keys_derive(k, KEY_BSN, key);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)pt, &plen, NULL, in + NONCE_BYTES,
						       inlen - NONCE_BYTES, ad, sizeof ad, in, key) != 0)
		goto out;
	if (plen != BSN_DIGITS)
		goto out;
	pt[BSN_DIGITS] = '\0';
	if (!digits_n(pt, BSN_DIGITS) || !eleven_test(pt))
		goto out;
	memcpy(norm, pt, BSN_DIGITS);
	norm[BSN_DIGITS] = '\0';
	rc = K_OK;
out:
	sodium_memzero(key, sizeof key);
	sodium_memzero(pt, sizeof pt);
	return rc;
}

void bsn_last4(const char norm[10], char last4[5])
{
	last4[0] = '\0';
	if (!digits_n(norm, BSN_DIGITS))
		return;
	memcpy(last4, norm + BSN_DIGITS - 4, 4);
	last4[4] = '\0';
}

void bsn_mask_last4(const char last4[5], char out[10])
{
	if (!digits_n(last4, 4)) {
		memcpy(out, mask_none, sizeof mask_none);
		return;
	}
	memcpy(out, "*****", 5);
	memcpy(out + 5, last4, 4);
	out[9] = '\0';
}

void bsn_mask(const char norm[10], char out[10])
{
	if (!digits_n(norm, BSN_DIGITS)) {
		memcpy(out, mask_none, sizeof mask_none);
		return;
	}
	bsn_mask_last4(norm + BSN_DIGITS - 4, out);
}
