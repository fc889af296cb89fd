/* libFuzzer target for BSN input: the bytes (at most 64, NUL-terminated
 * copy) go to bsn_normalize(). An accepted BSN must be 9 digits passing an
 * independent 11-test, and must survive encrypt/decrypt under a fixed key,
 * with the owner id taken from the input; the wrong owner must fail. The raw
 * bytes are also offered to bsn_decrypt() as a ciphertext (must fail) and to
 * the masks. Crashes, leaks, UB, and unterminated outputs are bugs. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "core/bsn.h"
#include "core/keys.h"
#include "util/err.h"

#define FUZZ_MAX_INPUT 64

static struct keyring *ring;

static bool ref_valid(const char *d)
{
	static const int w[9] = {9, 8, 7, 6, 5, 4, 3, 2, -1};
	int sum = 0;
	bool nz = false;

	for (int i = 0; i < 9; i++) {
		if (d[i] < '0' || d[i] > '9')
			return false;
		sum += w[i] * (d[i] - '0');
		nz = nz || d[i] != '0';
	}
	return d[9] == '\0' && nz && ((sum % 11) + 11) % 11 == 0;
}

static void check_mask(const char out[10])
{
	if (strnlen(out, 10) != 9 || memcmp(out, "*****", 5) != 0)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned char key[KEY_BYTES];

	(void)argc;
	(void)argv;
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (unsigned char)(0xA5 ^ i);
	if (keys_from_bytes(&ring, key) != K_OK)
		abort();
	sodium_memzero(key, sizeof key);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[FUZZ_MAX_INPUT + 1];
	char norm[10], back[10], mask[10], last4[5];
	unsigned char ct[BSN_ENC_MAX];
	size_t ctlen = 0;
	int64_t owner = 0;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	for (size_t i = 0; i < size && i < sizeof owner; i++)
		owner = (int64_t)((uint64_t)owner << 8 | data[i]);

	/* arbitrary bytes as a ciphertext never decrypt */
	if (bsn_decrypt(ring, owner, data, size, back) != K_EINVAL || back[0] != '\0')
		abort();
	/* arbitrary bytes as stored last-4 never leak more than a mask */
	bsn_mask_last4(in, mask);
	check_mask(mask);
	bsn_mask(in, mask);
	check_mask(mask);

	int rc = bsn_normalize(in, norm);
	if (rc != K_OK) {
		if (rc != K_EINVAL || norm[0] != '\0' || bsn_valid(in))
			abort();
		return 0;
	}
	if (!ref_valid(norm) || !bsn_valid(in) || bsn_normalize(norm, back) != K_OK || strcmp(back, norm) != 0)
		abort();
	if (bsn_encrypt(ring, owner, norm, ct, &ctlen) != K_OK || ctlen != BSN_ENC_LEN)
		abort();
	if (bsn_decrypt(ring, owner, ct, ctlen, back) != K_OK || strcmp(back, norm) != 0)
		abort();
	if (bsn_decrypt(ring, (int64_t)((uint64_t)owner ^ 1), ct, ctlen, back) != K_EINVAL)
		abort();
	bsn_mask(norm, mask);
	bsn_last4(norm, last4);
	if (strcmp(mask + 5, norm + 5) != 0 || strcmp(last4, norm + 5) != 0)
		abort();
	bsn_mask_last4(last4, back);
	if (strcmp(back, mask) != 0)
		abort();
	return 0;
}
