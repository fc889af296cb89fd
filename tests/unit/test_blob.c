/* Unit tests for src/core/blob.c: encrypted content-addressed blobs, tamper
 * and truncation detection without leftovers, crypto-shredding, garbage
 * collection, and flat memory for large files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>
#include "core/actor.h"
#include "core/blob.h"
#include "core/dossier.h"
#include "store/blob_store.h"
#include "store/db.h"
#include "testutil.h"

#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define HBYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES

static struct test_app T;

static int setup(void **state)
{
	(void)state;
	tapp_open(&T, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tapp_close(&T);
	return 0;
}

/* --- helpers -------------------------------------------------------------- */

static int64_t new_dossier(const char *name)
{
	struct actor sys = actor_system();
	struct kfail f = {0};
	json_t *in = json_pack("{s:s, s:s}", "kind", "private", "name", name), *out = NULL;
	assert_int_equal(dossier_create(&T.app, &sys, in, &out, &f), K_OK);
	int64_t id = json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	assert_true(id > 0);
	return id;
}

/* make_file: data_dir/name with size pseudo-random bytes (seeded), written
 * in pieces so the test itself stays small in memory. */
static void make_file(const char *name, uint64_t size, uint64_t seed, char path[PATH_MAX])
{
	unsigned char buf[65536], key[crypto_stream_chacha20_KEYBYTES] = {0};
	unsigned char nonce[crypto_stream_chacha20_NONCEBYTES] = {0};
	memcpy(key, &seed, sizeof seed);
	snprintf(path, PATH_MAX, "%s/%s", T.dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	uint64_t off = 0;
	while (off < size) {
		size_t n = size - off < sizeof buf ? (size_t)(size - off) : sizeof buf;
		memset(buf, 0, n);
		crypto_stream_chacha20_xor_ic(buf, buf, n, nonce, off / 64, key);
		assert_int_equal(fwrite(buf, 1, n, f), n);
		off += n;
	}
	assert_int_equal(fclose(f), 0);
}

static void assert_same_file(const char *a, const char *b)
{
	unsigned char x[65536], y[65536];
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	assert_non_null(fa);
	assert_non_null(fb);
	for (;;) {
		size_t na = fread(x, 1, sizeof x, fa), nb = fread(y, 1, sizeof y, fb);
		assert_int_equal(na, nb);
		assert_memory_equal(x, y, na);
		if (na == 0)
			break;
	}
	fclose(fa);
	fclose(fb);
}

static void blob_file(const char *id, char path[PATH_MAX])
{
	snprintf(path, PATH_MAX, "%s/blobs/%.2s/%.2s/%s", T.dir, id, id + 2, id);
}

static int64_t file_size(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return -1;
	return sb.st_size;
}

/* tmp_entries: files in data_dir/tmp (0 when the directory is missing). */
static int tmp_entries(void)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/tmp", T.dir);
	DIR *d = opendir(path);
	int n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void copy_file(const char *from, const char *to)
{
	unsigned char buf[65536];
	FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
	assert_non_null(a);
	assert_non_null(b);
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, a)) > 0)
		assert_int_equal(fwrite(buf, 1, n, b), n);
	fclose(a);
	assert_int_equal(fclose(b), 0);
}

static void flip_byte(const char *path, off_t at)
{
	int fd = open(path, O_RDWR);
	unsigned char c;
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &c, 1, at), 1);
	c ^= 0x01;
	assert_int_equal(pwrite(fd, &c, 1, at), 1);
	close(fd);
}

static void set_old(const char *path, int64_t age)
{
	struct timespec ts[2];
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - age;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* --- tests ---------------------------------------------------------------- */

static void test_round_trip_sizes(void **state)
{
	(void)state;
	const uint64_t sizes[] = {0, 1, BLOB_CHUNK, BLOB_CHUNK + 1, 5 * 1024 * 1024 + 123};
	int64_t d = new_dossier("Familie Rond");
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char src[PATH_MAX], plain[PATH_MAX], bf[PATH_MAX], name[32], id[BLOB_ID_LEN + 1];
		uint64_t size = 99;
		snprintf(name, sizeof name, "src-%zu", i);
		make_file(name, sizes[i], i + 1, src);
		assert_int_equal(blob_put_file(&T.app, d, src, id, &size), K_OK);
		assert_true(blob_id_valid(id));
		assert_int_equal(size, sizes[i]);
		/* header + 17 bytes per chunk; the last chunk may be empty */
		uint64_t chunks = sizes[i] == 0 ? 1 : (sizes[i] + BLOB_CHUNK - 1) / BLOB_CHUNK;
		if (sizes[i] > 0 && sizes[i] % BLOB_CHUNK == 0)
			chunks = sizes[i] / BLOB_CHUNK;
		blob_file(id, bf);
		assert_int_equal(file_size(bf), (int64_t)(HBYTES + sizes[i] + chunks * ABYTES));

		assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_OK);
		struct stat sb;
		assert_int_equal(stat(plain, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
		assert_same_file(src, plain);
		assert_int_equal(unlink(plain), 0);
	}
	assert_int_equal(tmp_entries(), 0);
}

static void test_ids_never_link(void **state)
{
	(void)state;
	char src[PATH_MAX], plain[PATH_MAX], a[BLOB_ID_LEN + 1], b[BLOB_ID_LEN + 1], c[BLOB_ID_LEN + 1];
	int64_t d1 = new_dossier("Familie Een"), d2 = new_dossier("Familie Twee");
	make_file("same", 1000, 7, src);
	assert_int_equal(blob_put_file(&T.app, d1, src, a, NULL), K_OK);
	assert_int_equal(blob_put_file(&T.app, d2, src, b, NULL), K_OK);
	assert_int_equal(blob_put_file(&T.app, d1, src, c, NULL), K_OK);
	assert_string_not_equal(a, b);
	assert_string_not_equal(a, c);
	/* a blob is only readable through its own dossier */
	assert_int_equal(blob_open_plain(&T.app, d2, a, plain), K_ENOTFOUND);
	assert_string_equal(plain, "");
	assert_int_equal(blob_open_plain(&T.app, d1, b, plain), K_ENOTFOUND);
}

/* R9: the firm's own blobs (general documents) live under BLOB_FIRM, with
 * their own key: readable only as firm blobs, and untouched when a dossier
 * is shredded. */
static void test_firm_blobs(void **state)
{
	(void)state;
	char src[PATH_MAX], plain[PATH_MAX], id[BLOB_ID_LEN + 1];
	int64_t d = new_dossier("Familie Kantoor");
	make_file("firm", 3000, 11, src);
	assert_int_equal(blob_put_file(&T.app, BLOB_FIRM, src, id, NULL), K_OK);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_ENOTFOUND);
	assert_int_equal(blob_shred_dossier(&T.app, d), K_OK);
	assert_int_equal(blob_shred_dossier(&T.app, BLOB_FIRM), K_EINVAL);
	assert_int_equal(blob_open_plain(&T.app, BLOB_FIRM, id, plain), K_OK);
	assert_same_file(src, plain);
	assert_int_equal(unlink(plain), 0);
}

static void test_bad_input(void **state)
{
	(void)state;
	char src[PATH_MAX], plain[PATH_MAX] = "x", id[BLOB_ID_LEN + 1];
	int64_t d = new_dossier("Familie Fout");
	make_file("small", 10, 1, src);
	assert_int_equal(blob_put_file(&T.app, 999999, src, id, NULL), K_ENOTFOUND);
	assert_int_equal(blob_put_file(&T.app, -1, src, id, NULL), K_EINVAL);
	assert_int_equal(blob_put_file(&T.app, d, "/nonexistent/file", id, NULL), K_EIO);
	assert_string_equal(id, "");
	assert_int_equal(blob_open_plain(&T.app, d, "../../../../etc/passwd", plain), K_EINVAL);
	assert_string_equal(plain, "");
	assert_int_equal(blob_open_plain(&T.app, d, "ABCDEF0000000000000000000000000000000000000000000000000000000000",
					 plain),
			 K_EINVAL);
	assert_int_equal(blob_open_plain(&T.app, d, "0000000000000000000000000000000000000000000000000000000000000000",
					 plain),
			 K_ENOTFOUND);
	assert_int_equal(blob_forget(&T.app, "nope"), K_EINVAL);
	assert_int_equal(blob_forget(&T.app, "0000000000000000000000000000000000000000000000000000000000000000"),
			 K_ENOTFOUND);
}

/* put a 3-chunk file; returns the blob path */
static void put_three_chunks(int64_t d, char id[BLOB_ID_LEN + 1], char bf[PATH_MAX])
{
	char src[PATH_MAX];
	make_file("three", 2 * BLOB_CHUNK + 500, 3, src);
	assert_int_equal(blob_put_file(&T.app, d, src, id, NULL), K_OK);
	blob_file(id, bf);
}

static void test_tampered_leaves_nothing(void **state)
{
	(void)state;
	char id[BLOB_ID_LEN + 1], bf[PATH_MAX], plain[PATH_MAX];
	int64_t d = new_dossier("Familie Gerommeld");
	put_three_chunks(d, id, bf);
	/* a byte in the third chunk: the first two were already decrypted */
	flip_byte(bf, HBYTES + 2 * (BLOB_CHUNK + ABYTES) + 10);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_EINVAL);
	assert_string_equal(plain, "");
	assert_int_equal(tmp_entries(), 0);
	/* flipped back it reads again; a flipped header byte fails too */
	flip_byte(bf, HBYTES + 2 * (BLOB_CHUNK + ABYTES) + 10);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_OK);
	unlink(plain);
	flip_byte(bf, 3);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_EINVAL);
	assert_int_equal(tmp_entries(), 0);
}

static void test_truncated_and_trailing(void **state)
{
	(void)state;
	char id[BLOB_ID_LEN + 1], bf[PATH_MAX], plain[PATH_MAX], keep[PATH_MAX];
	int64_t d = new_dossier("Familie Kort");
	put_three_chunks(d, id, bf);
	snprintf(keep, sizeof keep, "%s/keep", T.dir);
	copy_file(bf, keep);
	/* last chunk removed: the stream ends without TAG_FINAL */
	assert_int_equal(truncate(bf, HBYTES + 2 * (BLOB_CHUNK + ABYTES)), 0);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_EINVAL);
	assert_string_equal(plain, "");
	assert_int_equal(tmp_entries(), 0);
	/* cut inside a chunk */
	assert_int_equal(truncate(bf, HBYTES + BLOB_CHUNK), 0);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_EINVAL);
	/* header only, and empty */
	assert_int_equal(truncate(bf, HBYTES), 0);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_EINVAL);
	assert_int_equal(truncate(bf, 0), 0);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_EINVAL);
	/* bytes after TAG_FINAL */
	copy_file(keep, bf);
	FILE *f = fopen(bf, "ab");
	assert_non_null(f);
	fputs("trailing", f);
	fclose(f);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_EINVAL);
	assert_int_equal(tmp_entries(), 0);
	/* missing file */
	assert_int_equal(unlink(bf), 0);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_EIO);
	assert_int_equal(tmp_entries(), 0);
}

static void test_wrong_key(void **state)
{
	(void)state;
	char src[PATH_MAX], plain[PATH_MAX], a[BLOB_ID_LEN + 1], b[BLOB_ID_LEN + 1], fa[PATH_MAX], fb[PATH_MAX];
	int64_t d1 = new_dossier("Familie A"), d2 = new_dossier("Familie B");
	make_file("wk", 3 * BLOB_CHUNK, 9, src);
	assert_int_equal(blob_put_file(&T.app, d1, src, a, NULL), K_OK);
	assert_int_equal(blob_put_file(&T.app, d2, src, b, NULL), K_OK);
	blob_file(a, fa);
	blob_file(b, fb);
	/* dossier 2's ciphertext put in place of dossier 1's blob */
	copy_file(fb, fa);
	assert_int_equal(blob_open_plain(&T.app, d1, a, plain), K_EINVAL);
	assert_int_equal(tmp_entries(), 0);
	assert_int_equal(blob_open_plain(&T.app, d2, b, plain), K_OK);
	unlink(plain);
}

static void test_shred(void **state)
{
	(void)state;
	char src[PATH_MAX], plain[PATH_MAX], id[BLOB_ID_LEN + 1], id2[BLOB_ID_LEN + 1], other[BLOB_ID_LEN + 1];
	char bf[PATH_MAX], keep[PATH_MAX];
	uint64_t size = 0;
	int64_t d = new_dossier("Familie Weg"), keepd = new_dossier("Familie Blijft");
	make_file("shred", BLOB_CHUNK + 7, 5, src);
	assert_int_equal(blob_put_file(&T.app, d, src, id, &size), K_OK);
	assert_int_equal(blob_put_file(&T.app, d, src, id2, NULL), K_OK);
	assert_int_equal(blob_put_file(&T.app, keepd, src, other, NULL), K_OK);
	blob_file(id, bf);
	snprintf(keep, sizeof keep, "%s/stolen-copy", T.dir);
	copy_file(bf, keep);

	assert_int_equal(blob_shred_dossier(&T.app, d), K_OK);
	assert_int_equal(file_size(bf), -1); /* files removed */
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_ENOTFOUND);
	assert_int_equal(blob_open_plain(&T.app, d, id2, plain), K_ENOTFOUND);

	/* even with the file and its row restored, the key is gone for good */
	struct db *db = store_acquire(T.app.store);
	unsigned char wrapped[BLOB_WRAPPED_BYTES];
	int shredded = 0;
	assert_int_equal(store_blob_key_get(db, d, wrapped, &shredded), K_OK);
	assert_int_equal(shredded, 1);
	assert_int_equal(store_blob_insert(db, id, d, (int64_t)size, app_now(&T.app)), K_OK);
	store_release(T.app.store, db);
	copy_file(keep, bf);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_EDENIED);
	assert_string_equal(plain, "");
	assert_int_equal(tmp_entries(), 0);

	/* a shredded dossier never gets a new key */
	assert_int_equal(blob_put_file(&T.app, d, src, id2, NULL), K_EDENIED);
	/* idempotent, and the other dossier is untouched */
	assert_int_equal(blob_shred_dossier(&T.app, d), K_OK);
	assert_int_equal(blob_open_plain(&T.app, keepd, other, plain), K_OK);
	assert_same_file(src, plain);
	unlink(plain);
	/* a dossier shredded before it had any blob is refused too */
	int64_t empty = new_dossier("Familie Leeg");
	assert_int_equal(blob_shred_dossier(&T.app, empty), K_OK);
	assert_int_equal(blob_put_file(&T.app, empty, src, id2, NULL), K_EDENIED);
}

static void test_collect(void **state)
{
	(void)state;
	char src[PATH_MAX], plain[PATH_MAX], kept[BLOB_ID_LEN + 1], gone[BLOB_ID_LEN + 1];
	char fkept[PATH_MAX], fgone[PATH_MAX], orphan[PATH_MAX], young[PATH_MAX], tmpf[PATH_MAX];
	const char *oid = "abcd000000000000000000000000000000000000000000000000000000000001";
	const char *yid = "abcd000000000000000000000000000000000000000000000000000000000002";
	int removed = -1;
	int64_t d = new_dossier("Familie Opruim");
	make_file("gc", 100, 11, src);
	assert_int_equal(blob_put_file(&T.app, d, src, kept, NULL), K_OK);
	assert_int_equal(blob_put_file(&T.app, d, src, gone, NULL), K_OK);
	blob_file(kept, fkept);
	blob_file(gone, fgone);
	/* an orphan file (its row never committed) and a crashed put's temp */
	blob_file(oid, orphan);
	blob_file(yid, young);
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/blobs/ab", T.dir);
	mkdir(dir, 0700);
	snprintf(dir, sizeof dir, "%s/blobs/ab/cd", T.dir);
	mkdir(dir, 0700);
	copy_file(src, orphan);
	copy_file(src, young);
	snprintf(tmpf, sizeof tmpf, "%s/blobs/tmp-zzzzzz", T.dir);
	copy_file(src, tmpf);
	set_old(fkept, 7200); /* old but referenced */

	assert_int_equal(blob_forget(&T.app, gone), K_OK);
	/* now: only the forgotten blob goes; the fresh orphan may be a put in
	 * progress */
	assert_int_equal(blob_collect(&T.app, &removed), K_OK);
	assert_int_equal(removed, 1);
	assert_int_equal(file_size(fgone), -1);
	assert_true(file_size(orphan) > 0);
	assert_true(file_size(tmpf) > 0);

	/* two hours later the orphan and the temp file go; a file only 30
	 * minutes old by then stays */
	app_clock_advance(&T.app, 2 * 3600);
	set_old(young, -(2 * 3600 - 1800)); /* mtime = app_now - 30 min */
	assert_int_equal(blob_collect(&T.app, &removed), K_OK);
	assert_int_equal(removed, 2);
	assert_int_equal(file_size(orphan), -1);
	assert_int_equal(file_size(tmpf), -1);
	assert_true(file_size(young) > 0);
	assert_true(file_size(fkept) > 0);
	assert_int_equal(blob_open_plain(&T.app, d, kept, plain), K_OK);
	assert_same_file(src, plain);
	unlink(plain);
	assert_int_equal(blob_open_plain(&T.app, d, gone, plain), K_ENOTFOUND);
	assert_int_equal(blob_collect(&T.app, &removed), K_OK);
	assert_int_equal(removed, 0);
	app_clock_advance(&T.app, -2 * 3600);
}

/* vm_hwm_kb: peak resident set (VmHWM) in kB, or -1. */
static long vm_hwm_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0) {
			char *end = NULL;
			kb = strtol(line + 6, &end, 10);
		}
	fclose(f);
	return kb;
}

static int reset_hwm(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (!f)
		return -1;
	int ok = fputs("5", f) >= 0;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

static void test_memory_flat(void **state)
{
	(void)state;
	char src[PATH_MAX], plain[PATH_MAX], id[BLOB_ID_LEN + 1];
	int64_t d = new_dossier("Familie Groot");
	make_file("big", 50ull * 1024 * 1024, 42, src);
	/* warm up: first put creates the key and the prepared statements */
	char small[PATH_MAX], sid[BLOB_ID_LEN + 1];
	make_file("warm", 10, 1, small);
	assert_int_equal(blob_put_file(&T.app, d, small, sid, NULL), K_OK);
	assert_int_equal(blob_open_plain(&T.app, d, sid, plain), K_OK);
	unlink(plain);

	if (reset_hwm() != 0) {
		skip();
		return;
	}
	long before = vm_hwm_kb();
	assert_int_equal(blob_put_file(&T.app, d, src, id, NULL), K_OK);
	assert_int_equal(blob_open_plain(&T.app, d, id, plain), K_OK);
	long after = vm_hwm_kb();
	assert_true(before > 0);
	fprintf(stderr, "# 50 MB put + open: VmHWM growth %ld kB\n", after - before);
	assert_true(after - before < 4 * 1024);
	assert_same_file(src, plain);
	unlink(plain);

	/* calibration: the measurement does see 8 MB being touched */
	assert_int_equal(reset_hwm(), 0);
	before = vm_hwm_kb();
	unsigned char *probe = malloc(8u << 20);
	assert_non_null(probe);
	memset(probe, 1, 8u << 20);
	after = vm_hwm_kb();
	free(probe);
	fprintf(stderr, "# calibration: 8 MB touched, VmHWM growth %ld kB\n", after - before);
	assert_true(after - before >= 7 * 1024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids_never_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_firm_blobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_and_trailing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shred, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_flat, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
