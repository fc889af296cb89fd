#ifndef KLUIS_CORE_BSN_H
#define KLUIS_CORE_BSN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* BSN (burgerservicenummer): validation, encryption at rest, masking. A BSN
 * is never logged, never put in an error message, and every temporary copy
 * is wiped. Lists show only the mask built from the stored last four digits,
 * so listing never decrypts. */

struct keyring;

/* Longest raw input bsn_normalize looks at (digits plus spaces and dots). */
#define BSN_INPUT_MAX 32
/* Size of the encrypted form: nonce (24) || ciphertext (9) || tag (16). */
#define BSN_ENC_LEN 49
/* Buffer size for the encrypted form (room for a later format). */
#define BSN_ENC_MAX 128

/* bsn_normalize: validate in (a NUL-terminated string of at most
 * BSN_INPUT_MAX bytes). Spaces and dots are removed first; what is left must
 * be 9 digits, or 8 digits which get a leading zero, that pass the 11-test
 * (9*d1 + 8*d2 + 7*d3 + 6*d4 + 5*d5 + 4*d6 + 3*d7 + 2*d8 - 1*d9 = 0 mod 11)
 * and are not all zeros. K_OK with the 9 digits in norm (NUL-terminated), or
 * K_EINVAL (NULL, too long, other characters, wrong length, failed test) with
 * norm set to "". norm may be NULL to only validate. */
int bsn_normalize(const char *in, char norm[10]);

/* bsn_valid: bsn_normalize(in, NULL) == K_OK. */
bool bsn_valid(const char *in);

/* bsn_encrypt: encrypt the normalized BSN norm (9 digits that pass the
 * 11-test, else K_EINVAL) with XChaCha20-Poly1305-IETF under the KEY_BSN
 * subkey of k, a fresh random nonce, and additional data the owner id as 8
 * bytes little-endian, so a ciphertext copied to another row does not
 * decrypt. out (at least BSN_ENC_MAX bytes) gets nonce || ciphertext+tag and
 * *outlen its length (BSN_ENC_LEN). Two encryptions of the same BSN differ. */
int bsn_encrypt(const struct keyring *k, int64_t owner_id, const char norm[10], unsigned char *out, size_t *outlen);

/* bsn_decrypt: the reverse of bsn_encrypt for the same keyring and owner id.
 * K_OK with the 9 digits NUL-terminated in norm, or K_EINVAL (wrong length,
 * tampered, other owner, other key, not a BSN) with norm set to "". */
int bsn_decrypt(const struct keyring *k, int64_t owner_id, const unsigned char *in, size_t inlen, char norm[10]);

/* bsn_last4: the last four digits of a normalized BSN into last4 (the
 * plaintext column stored next to the ciphertext, for masks). If norm is not
 * 9 digits, last4 is "". */
void bsn_last4(const char norm[10], char last4[5]);

/* bsn_mask: "*****" + the last four digits of norm ("*****2333" for
 * 111222333), NUL-terminated in out. If norm is not 9 digits: "*********". */
void bsn_mask(const char norm[10], char out[10]);

/* bsn_mask_last4: the same mask from the stored last four digits only. If
 * last4 is not exactly 4 digits: "*********". */
void bsn_mask_last4(const char last4[5], char out[10]);

#endif
