/* Unit tests for src/core/keys.c: the master key file (creation, mode and
 * size checks, override path) and subkey derivation. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>
#include "core/keys.h"
#include "util/err.h"

struct tdir {
	char dir[256];
	char key[320];   /* dir/master.key */
	char other[320]; /* dir/other.key */
};

/* --- helpers -------------------------------------------------------------- */

static int setup(void **state)
{
	struct tdir *t = calloc(1, sizeof *t);

	if (!t)
		return -1;
	snprintf(t->dir, sizeof t->dir, "/tmp/kluis-keys-XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	snprintf(t->key, sizeof t->key, "%s/master.key", t->dir);
	snprintf(t->other, sizeof t->other, "%s/other.key", t->dir);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tdir *t = *state;

	unlink(t->key);
	unlink(t->other);
	rmdir(t->key); /* test_directory_refused */
	rmdir(t->dir);
	free(t);
	return 0;
}

/* write_file: n bytes of data to path with mode (exactly, despite umask). */
static void write_file(const char *path, const unsigned char *data, size_t n, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static void read_file(const char *path, unsigned char *data, size_t n)
{
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_int_equal(fread(data, 1, n, f), n);
	fclose(f);
}

static void assert_err_names(const char *err, const char *path)
{
	assert_non_null(strstr(err, path));
}

/* --- tests ---------------------------------------------------------------- */

static void test_creates_key_file(void **state)
{
	struct tdir *t = *state;
	struct keyring *k = NULL;
	struct stat st;
	char err[512];
	mode_t old = umask(0); /* the file must be 0600 whatever the umask */

	assert_int_equal(keys_open(&k, t->dir, NULL, err, sizeof err), K_OK);
	umask(old);
	assert_non_null(k);
	assert_string_equal(err, ""); /* no stale "not found" text on success */
	assert_int_equal(stat(t->key, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, KEY_BYTES);
	keys_close(k);
}

static void test_created_key_is_random(void **state)
{
	struct tdir *t = *state;
	struct keyring *k = NULL;
	unsigned char a[KEY_BYTES], b[KEY_BYTES], zero[KEY_BYTES] = {0};
	char err[512];

	assert_int_equal(keys_open(&k, t->dir, "", err, sizeof err), K_OK);
	keys_close(k);
	read_file(t->key, a, sizeof a);
	assert_memory_not_equal(a, zero, sizeof a);
	assert_int_equal(unlink(t->key), 0);
	assert_int_equal(keys_open(&k, t->dir, "", err, sizeof err), K_OK);
	keys_close(k);
	read_file(t->key, b, sizeof b);
	assert_memory_not_equal(a, b, sizeof a);
}

static void test_reopen_same_subkeys(void **state)
{
	struct tdir *t = *state;
	struct keyring *k1 = NULL, *k2 = NULL, *k3 = NULL;
	unsigned char s1[KEY_BYTES], s2[KEY_BYTES], s3[KEY_BYTES], raw[KEY_BYTES];
	char err[512];

	assert_int_equal(keys_open(&k1, t->dir, NULL, err, sizeof err), K_OK);
	keys_derive(k1, KEY_BSN, s1);
	keys_close(k1);
	assert_int_equal(keys_open(&k2, t->dir, NULL, err, sizeof err), K_OK);
	keys_derive(k2, KEY_BSN, s2);
	keys_close(k2);
	assert_memory_equal(s1, s2, KEY_BYTES);
	/* the file's bytes are the key */
	read_file(t->key, raw, sizeof raw);
	assert_int_equal(keys_from_bytes(&k3, raw), K_OK);
	keys_derive(k3, KEY_BSN, s3);
	keys_close(k3);
	assert_memory_equal(s1, s3, KEY_BYTES);
}

static void test_mode_0644_refused(void **state)
{
	struct tdir *t = *state;
	struct keyring *k = NULL;
	unsigned char key[KEY_BYTES] = {1, 2, 3};
	char err[512] = "";

	write_file(t->key, key, sizeof key, 0644);
	assert_int_equal(keys_open(&k, t->dir, NULL, err, sizeof err), K_EINVAL);
	assert_null(k);
	assert_err_names(err, t->key);
	assert_non_null(strstr(err, "0644"));
	/* and the file was not replaced */
	unsigned char back[KEY_BYTES];
	read_file(t->key, back, sizeof back);
	assert_memory_equal(back, key, sizeof key);
}

static void test_other_open_modes_refused(void **state)
{
	struct tdir *t = *state;
	static const mode_t bad[] = {0640, 0604, 0660, 0606, 0700, 0610, 0601, 04600, 01600};
	struct keyring *k = NULL;
	unsigned char key[KEY_BYTES] = {7};
	char err[512];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_file(t->key, key, sizeof key, bad[i]);
		err[0] = '\0';
		assert_int_equal(keys_open(&k, t->dir, NULL, err, sizeof err), K_EINVAL);
		assert_null(k);
		assert_err_names(err, t->key);
	}
}

static void test_strict_modes_accepted(void **state)
{
	struct tdir *t = *state;
	static const mode_t good[] = {0600, 0400, 0200, 0000};
	struct keyring *k = NULL;
	unsigned char key[KEY_BYTES], want[KEY_BYTES], got[KEY_BYTES];
	char err[512];

	randombytes_buf(key, sizeof key);
	assert_int_equal(keys_from_bytes(&k, key), K_OK);
	keys_derive(k, KEY_TOKEN_MAC, want);
	keys_close(k);
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		/* 0200/0000 are unreadable except for root; only check the mode
		 * rule when we can read the file at all. */
		if (good[i] != 0600 && good[i] != 0400 && geteuid() != 0)
			continue;
		write_file(t->key, key, sizeof key, good[i]);
		k = NULL;
		assert_int_equal(keys_open(&k, t->dir, NULL, err, sizeof err), K_OK);
		keys_derive(k, KEY_TOKEN_MAC, got);
		keys_close(k);
		assert_memory_equal(want, got, KEY_BYTES);
		chmod(t->key, 0600);
	}
}

static void test_wrong_size_refused(void **state)
{
	struct tdir *t = *state;
	static const size_t sizes[] = {0, 1, 31, 33, 64, 44 /* base64 of 32 bytes */};
	unsigned char buf[64] = {9};
	struct keyring *k = NULL;
	char err[512];

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		write_file(t->key, buf, sizes[i], 0600);
		err[0] = '\0';
		assert_int_equal(keys_open(&k, t->dir, NULL, err, sizeof err), K_EINVAL);
		assert_null(k);
		assert_err_names(err, t->key);
		/* never silently replaced */
		struct stat st;
		assert_int_equal(stat(t->key, &st), 0);
		assert_int_equal(st.st_size, (off_t)sizes[i]);
	}
}

static void test_directory_refused(void **state)
{
	struct tdir *t = *state;
	struct keyring *k = NULL;
	char err[512] = "";

	assert_int_equal(mkdir(t->key, 0700), 0);
	assert_int_equal(keys_open(&k, t->dir, NULL, err, sizeof err), K_EINVAL);
	assert_null(k);
	assert_err_names(err, t->key);
}

static void test_override_missing(void **state)
{
	struct tdir *t = *state;
	struct keyring *k = NULL;
	struct stat st;
	char err[512] = "";

	assert_int_equal(keys_open(&k, t->dir, t->other, err, sizeof err), K_ENOTFOUND);
	assert_null(k);
	assert_err_names(err, t->other);
	/* neither the override nor the default file was created */
	assert_int_not_equal(stat(t->other, &st), 0);
	assert_int_not_equal(stat(t->key, &st), 0);
}

static void test_override_used(void **state)
{
	struct tdir *t = *state;
	struct keyring *k = NULL, *ref = NULL;
	unsigned char key[KEY_BYTES], want[KEY_BYTES], got[KEY_BYTES];
	struct stat st;
	char err[512];

	randombytes_buf(key, sizeof key);
	write_file(t->other, key, sizeof key, 0600);
	/* data_dir is not needed with an override */
	assert_int_equal(keys_open(&k, NULL, t->other, err, sizeof err), K_OK);
	keys_derive(k, KEY_BLOB_WRAP, got);
	keys_close(k);
	assert_int_equal(keys_from_bytes(&ref, key), K_OK);
	keys_derive(ref, KEY_BLOB_WRAP, want);
	keys_close(ref);
	assert_memory_equal(want, got, KEY_BYTES);
	assert_int_not_equal(stat(t->key, &st), 0);
	/* the override obeys the same mode rule */
	chmod(t->other, 0644);
	k = NULL;
	assert_int_equal(keys_open(&k, t->dir, t->other, err, sizeof err), K_EINVAL);
	assert_null(k);
	assert_err_names(err, t->other);
}

static void test_missing_data_dir(void **state)
{
	struct tdir *t = *state;
	struct keyring *k = NULL;
	char dir[320], err[512] = "";

	snprintf(dir, sizeof dir, "%s/nope", t->dir);
	assert_int_equal(keys_open(&k, dir, NULL, err, sizeof err), K_EIO);
	assert_null(k);
	assert_non_null(strstr(err, dir));
	assert_int_equal(keys_open(&k, NULL, NULL, err, sizeof err), K_EINVAL);
	assert_int_equal(keys_open(&k, "", "", err, sizeof err), K_EINVAL);
}

static void test_purposes_differ(void **state)
{
	struct keyring *k = NULL, *k2 = NULL;
	unsigned char key[KEY_BYTES];
	unsigned char a[KEY_BYTES], b[KEY_BYTES], c[KEY_BYTES], a2[KEY_BYTES], o[KEY_BYTES];

	(void)state;
	randombytes_buf(key, sizeof key);
	assert_int_equal(keys_from_bytes(&k, key), K_OK);
	keys_derive(k, KEY_BSN, a);
	keys_derive(k, KEY_BLOB_WRAP, b);
	keys_derive(k, KEY_TOKEN_MAC, c);
	keys_derive(k, KEY_BSN, a2);
	assert_memory_not_equal(a, b, KEY_BYTES);
	assert_memory_not_equal(a, c, KEY_BYTES);
	assert_memory_not_equal(b, c, KEY_BYTES);
	assert_memory_equal(a, a2, KEY_BYTES);
	assert_memory_not_equal(a, key, KEY_BYTES);
	keys_close(k);
	/* another master key gives other subkeys */
	key[0] ^= 1;
	assert_int_equal(keys_from_bytes(&k2, key), K_OK);
	keys_derive(k2, KEY_BSN, o);
	keys_close(k2);
	assert_memory_not_equal(a, o, KEY_BYTES);
}

/* The context and subkey ids are part of the stored-data format. */
static void test_derivation_is_stable(void **state)
{
	struct keyring *k = NULL;
	unsigned char key[KEY_BYTES], got[KEY_BYTES], want[KEY_BYTES];
	static const enum key_purpose ps[] = {KEY_BSN, KEY_BLOB_WRAP, KEY_TOKEN_MAC};
	static const uint64_t ids[] = {1, 2, 3};

	(void)state;
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (unsigned char)i;
	assert_int_equal(keys_from_bytes(&k, key), K_OK);
	for (size_t i = 0; i < 3; i++) {
		keys_derive(k, ps[i], got);
		assert_int_equal(crypto_kdf_derive_from_key(want, sizeof want, ids[i], "kluis___", key), 0);
		assert_memory_equal(got, want, KEY_BYTES);
	}
	keys_close(k);
	keys_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_creates_key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_created_key_is_random, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_same_subkeys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_0644_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_open_modes_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strict_modes_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_size_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_used, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_data_dir, setup, teardown),
		cmocka_unit_test(test_purposes_differ),
		cmocka_unit_test(test_derivation_is_stable),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
