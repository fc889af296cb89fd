/* Unit tests for src/core/bsn.c: the 11-test and normalisation, encryption
 * bound to the owner row, and masks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>
#include "core/bsn.h"
#include "core/keys.h"
#include "util/err.h"

/* --- helpers -------------------------------------------------------------- */

/* ref_valid: the 11-test written independently of bsn.c, for 9 digits. */
static bool ref_valid(const char d[9])
{
	static const int w[9] = {9, 8, 7, 6, 5, 4, 3, 2, -1};
	int sum = 0, nz = 0;

	for (int i = 0; i < 9; i++) {
		sum += w[i] * (d[i] - '0');
		nz |= d[i] != '0';
	}
	return nz && ((sum % 11) + 11) % 11 == 0;
}

/* make_bsn: the valid BSN with the 8-digit prefix p (as a number), or false
 * when no check digit 0..9 completes it. */
static bool make_bsn(unsigned p, char out[10])
{
	snprintf(out, 10, "%08u", p % 100000000u);
	int sum = 0;
	for (int i = 0; i < 8; i++)
		sum += (9 - i) * (out[i] - '0');
	int check = sum % 11;
	if (check == 10)
		return false;
	out[8] = (char)('0' + check);
	out[9] = '\0';
	return ref_valid(out);
}

static struct keyring *test_ring(unsigned char fill)
{
	unsigned char key[KEY_BYTES];
	struct keyring *k = NULL;

	memset(key, fill, sizeof key);
	assert_int_equal(keys_from_bytes(&k, key), K_OK);
	return k;
}

static void assert_norm(const char *in, const char *want)
{
	char norm[10] = "garbage!";

	assert_int_equal(bsn_normalize(in, norm), K_OK);
	assert_string_equal(norm, want);
	assert_true(bsn_valid(in));
}

static void assert_invalid(const char *in)
{
	char norm[10] = "garbage!";

	assert_int_equal(bsn_normalize(in, norm), K_EINVAL);
	assert_string_equal(norm, "");
	assert_false(bsn_valid(in));
}

/* --- validation ----------------------------------------------------------- */

static void test_known_valid(void **state)
{
	(void)state;
	assert_true(ref_valid("111222333"));
	assert_true(ref_valid("123456782"));
	assert_norm("111222333", "111222333");
	assert_norm("123456782", "123456782");
	assert_int_equal(bsn_normalize("111222333", NULL), K_OK);
}

static void test_generated_valid(void **state)
{
	static const unsigned prefixes[] = {11122233, 12345678, 98765432, 24681357, 10000000,
					    99999999, 31415926, 27182818, 55555555, 13579246};
	char b[10];
	int made = 0;

	(void)state;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		if (!make_bsn(prefixes[i], b))
			continue;
		assert_norm(b, b);
		made++;
	}
	assert_true(made >= 8);
}

static void test_one_digit_changed(void **state)
{
	static const char *valid[] = {"111222333", "123456782", "012345672"};
	char b[10];

	(void)state;
	for (size_t v = 0; v < 3; v++) {
		assert_true(ref_valid(valid[v]));
		for (int pos = 0; pos < 9; pos++)
			for (char c = '0'; c <= '9'; c++) {
				if (c == valid[v][pos])
					continue;
				memcpy(b, valid[v], 10);
				b[pos] = c;
				assert_invalid(b);
			}
	}
}

/* bsn_normalize agrees with the reference on many random 9-digit strings. */
static void test_matches_reference(void **state)
{
	char b[10], norm[10];
	int valid = 0;

	(void)state;
	for (int n = 0; n < 200000; n++) {
		uint32_t r = randombytes_uniform(1000000000u);
		snprintf(b, sizeof b, "%09u", (unsigned)r);
		bool want = ref_valid(b);
		assert_int_equal(bsn_normalize(b, norm), want ? K_OK : K_EINVAL);
		valid += want;
	}
	/* roughly 1 in 11 */
	assert_true(valid > 200000 / 15 && valid < 200000 / 8);
}

static void test_invalid_forms(void **state)
{
	(void)state;
	assert_invalid("");
	assert_invalid("   ");
	assert_invalid("...");
	assert_invalid("000000000");
	assert_invalid("00000000");
	assert_invalid("0 0.0 0 0 0 0 0 0");
	assert_invalid("1112223330");  /* 10 digits */
	assert_invalid("0111222333");  /* 10 digits, even with a leading zero */
	assert_invalid("1234567");     /* 7 digits */
	assert_invalid("11122233a");
	assert_invalid("abcdefghi");
	assert_invalid("111222333x");
	assert_invalid("-11222333");
	assert_invalid("+111222333");
	assert_invalid("111-222-333");
	assert_invalid("111,222,333");
	assert_invalid("111222333\n");
	assert_invalid("\t111222333");
	assert_invalid("111222\xc2\xa0""333"); /* no-break space is not stripped */
	assert_invalid("１１１２２２３３３");  /* full-width digits */
	assert_invalid(NULL);
	assert_invalid("111222334");
}

static void test_eight_digits(void **state)
{
	(void)state;
	assert_norm("12345672", "012345672");
	assert_norm("1234.5672", "012345672");
	assert_norm("012345672", "012345672");
	assert_invalid("12345673");
}

static void test_spaces_dots(void **state)
{
	char in[64];

	(void)state;
	assert_norm("111 222 333", "111222333");
	assert_norm("111.222.333", "111222333");
	assert_norm(" 1112.22.333 ", "111222333");
	assert_norm("1 1 1 2 2 2 3 3 3", "111222333");
	assert_norm("1234 56 782", "123456782");
	/* the input length limit counts spaces and dots too */
	memset(in, ' ', sizeof in);
	memcpy(in, "111222333", 9);
	in[BSN_INPUT_MAX] = '\0';
	assert_norm(in, "111222333");
	in[BSN_INPUT_MAX] = ' ';
	in[BSN_INPUT_MAX + 1] = '\0';
	assert_invalid(in);
}

/* --- encryption ------------------------------------------------------------ */

static void test_roundtrip(void **state)
{
	struct keyring *k = test_ring(0x42);
	static const int64_t owners[] = {1, 0, -1, 42, INT64_MAX, INT64_MIN, 0x0102030405060708LL};
	unsigned char ct[BSN_ENC_MAX];
	size_t ctlen = 0;
	char back[10];

	(void)state;
	for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++) {
		assert_int_equal(bsn_encrypt(k, owners[i], "111222333", ct, &ctlen), K_OK);
		assert_int_equal(ctlen, BSN_ENC_LEN);
		assert_true(ctlen <= BSN_ENC_MAX);
		/* the plaintext digits do not appear in the ciphertext */
		assert_null(memmem(ct, ctlen, "111222333", 9));
		assert_int_equal(bsn_decrypt(k, owners[i], ct, ctlen, back), K_OK);
		assert_string_equal(back, "111222333");
	}
	assert_int_equal(bsn_encrypt(k, 7, "012345672", ct, &ctlen), K_OK);
	assert_int_equal(bsn_decrypt(k, 7, ct, ctlen, back), K_OK);
	assert_string_equal(back, "012345672");
	keys_close(k);
}

static void test_nonce_random(void **state)
{
	struct keyring *k = test_ring(1);
	unsigned char a[BSN_ENC_MAX], b[BSN_ENC_MAX];
	size_t al = 0, bl = 0;

	(void)state;
	assert_int_equal(bsn_encrypt(k, 5, "123456782", a, &al), K_OK);
	assert_int_equal(bsn_encrypt(k, 5, "123456782", b, &bl), K_OK);
	assert_int_equal(al, bl);
	assert_memory_not_equal(a, b, al);
	/* the nonces alone differ, and so do the ciphertexts after them */
	assert_memory_not_equal(a, b, 24);
	assert_memory_not_equal(a + 24, b + 24, al - 24);
	keys_close(k);
}

static void test_wrong_owner(void **state)
{
	struct keyring *k = test_ring(2);
	unsigned char ct[BSN_ENC_MAX];
	size_t ctlen = 0;
	char back[10] = "xxxxxxxxx";

	(void)state;
	assert_int_equal(bsn_encrypt(k, 1000, "111222333", ct, &ctlen), K_OK);
	assert_int_equal(bsn_decrypt(k, 1001, ct, ctlen, back), K_EINVAL);
	assert_string_equal(back, "");
	assert_int_equal(bsn_decrypt(k, -1000, ct, ctlen, back), K_EINVAL);
	assert_int_equal(bsn_decrypt(k, 1000 + (1LL << 32), ct, ctlen, back), K_EINVAL);
	assert_int_equal(bsn_decrypt(k, 1000, ct, ctlen, back), K_OK);
	keys_close(k);
}

static void test_wrong_key(void **state)
{
	struct keyring *k1 = test_ring(3), *k2 = test_ring(4);
	unsigned char ct[BSN_ENC_MAX];
	size_t ctlen = 0;
	char back[10];

	(void)state;
	assert_int_equal(bsn_encrypt(k1, 9, "111222333", ct, &ctlen), K_OK);
	assert_int_equal(bsn_decrypt(k2, 9, ct, ctlen, back), K_EINVAL);
	assert_string_equal(back, "");
	keys_close(k1);
	keys_close(k2);
}

static void test_tampered(void **state)
{
	struct keyring *k = test_ring(5);
	unsigned char ct[BSN_ENC_MAX], bad[BSN_ENC_MAX + 1];
	size_t ctlen = 0;
	char back[10];

	(void)state;
	assert_int_equal(bsn_encrypt(k, 77, "123456782", ct, &ctlen), K_OK);
	/* every single flipped bit, anywhere (nonce, body, tag), fails */
	for (size_t i = 0; i < ctlen; i++)
		for (int bit = 0; bit < 8; bit++) {
			memcpy(bad, ct, ctlen);
			bad[i] ^= (unsigned char)(1u << bit);
			assert_int_equal(bsn_decrypt(k, 77, bad, ctlen, back), K_EINVAL);
			assert_string_equal(back, "");
		}
	/* truncated or extended */
	assert_int_equal(bsn_decrypt(k, 77, ct, ctlen - 1, back), K_EINVAL);
	memcpy(bad, ct, ctlen);
	bad[ctlen] = 0;
	assert_int_equal(bsn_decrypt(k, 77, bad, ctlen + 1, back), K_EINVAL);
	assert_int_equal(bsn_decrypt(k, 77, ct, 0, back), K_EINVAL);
	assert_int_equal(bsn_decrypt(k, 77, NULL, ctlen, back), K_EINVAL);
	assert_int_equal(bsn_decrypt(NULL, 77, ct, ctlen, back), K_EINVAL);
	/* the untouched one still decrypts */
	assert_int_equal(bsn_decrypt(k, 77, ct, ctlen, back), K_OK);
	assert_string_equal(back, "123456782");
	keys_close(k);
}

static void test_encrypt_refuses_non_normalized(void **state)
{
	struct keyring *k = test_ring(6);
	unsigned char ct[BSN_ENC_MAX];
	size_t ctlen = 99;
	/* norm is a char[10] by contract; short strings in full-size buffers */
	char eight[10] = "12345672", empty[10] = "";

	(void)state;
	assert_int_equal(bsn_encrypt(k, 1, "111222334", ct, &ctlen), K_EINVAL);
	assert_int_equal(ctlen, 0);
	assert_int_equal(bsn_encrypt(k, 1, "111 222 333", ct, &ctlen), K_EINVAL);
	assert_int_equal(bsn_encrypt(k, 1, eight, ct, &ctlen), K_EINVAL);
	assert_int_equal(bsn_encrypt(k, 1, "000000000", ct, &ctlen), K_EINVAL);
	assert_int_equal(bsn_encrypt(k, 1, empty, ct, &ctlen), K_EINVAL);
	assert_int_equal(bsn_encrypt(k, 1, NULL, ct, &ctlen), K_EINVAL);
	assert_int_equal(bsn_encrypt(NULL, 1, "111222333", ct, &ctlen), K_EINVAL);
	keys_close(k);
}

/* The BSN subkey is what encrypts: a keyring built from the same master
 * bytes decrypts, so a restart with the same key file reads old rows. */
static void test_same_master_decrypts(void **state)
{
	struct keyring *k1 = test_ring(8), *k2 = test_ring(8);
	unsigned char ct[BSN_ENC_MAX];
	size_t ctlen = 0;
	char back[10];

	(void)state;
	assert_int_equal(bsn_encrypt(k1, 3, "111222333", ct, &ctlen), K_OK);
	keys_close(k1);
	assert_int_equal(bsn_decrypt(k2, 3, ct, ctlen, back), K_OK);
	assert_string_equal(back, "111222333");
	keys_close(k2);
}

/* --- masks ----------------------------------------------------------------- */

static void test_mask(void **state)
{
	char out[10], last4[5];
	/* the parameters are char[10] / char[5]: malformed values in full-size
	 * buffers */
	char n8[10] = "11122233", n0[10] = "", l3[5] = "233", l0[5] = "", lx[5] = "23x3";
	char n4[10] = "1234";

	(void)state;
	bsn_mask("111222333", out);
	assert_string_equal(out, "*****2333");
	bsn_mask("012345672", out);
	assert_string_equal(out, "*****5672");
	bsn_last4("111222333", last4);
	assert_string_equal(last4, "2333");
	bsn_mask_last4(last4, out);
	assert_string_equal(out, "*****2333");
	bsn_mask_last4("0042", out);
	assert_string_equal(out, "*****0042");
	/* nothing of a malformed value leaks into a mask */
	bsn_mask(n8, out);
	assert_string_equal(out, "*********");
	bsn_mask(n0, out);
	assert_string_equal(out, "*********");
	bsn_mask_last4(l3, out);
	assert_string_equal(out, "*********");
	bsn_mask_last4(l0, out);
	assert_string_equal(out, "*********");
	bsn_mask_last4(lx, out);
	assert_string_equal(out, "*********");
	bsn_last4(n4, last4);
	assert_string_equal(last4, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_valid),
		cmocka_unit_test(test_generated_valid),
		cmocka_unit_test(test_one_digit_changed),
		cmocka_unit_test(test_matches_reference),
		cmocka_unit_test(test_invalid_forms),
		cmocka_unit_test(test_eight_digits),
		cmocka_unit_test(test_spaces_dots),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_nonce_random),
		cmocka_unit_test(test_wrong_owner),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_tampered),
		cmocka_unit_test(test_encrypt_refuses_non_normalized),
		cmocka_unit_test(test_same_master_decrypts),
		cmocka_unit_test(test_mask),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
