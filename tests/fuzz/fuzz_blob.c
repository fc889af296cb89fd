/* libFuzzer target for src/core/blob.c: blob_open_plain on damaged blob
 * files. One app (temp data dir) holds one blob of three chunks; each input
 * is a list of edits applied to a copy of its ciphertext, which then replaces
 * the blob file. Input: 4 bytes little-endian new length (mod original + 64;
 * bytes past the original are 0xA5), then 4-byte edits (3-byte offset, 1 byte
 * XOR). Refusals are fine; crashes, leaks, UB, success on any file that is not
 * the original, a wrong plaintext, and a temp file left behind after a
 * failure are not. */
#include <dirent.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include "app.h"
#include "core/actor.h"
#include "core/blob.h"
#include "core/dossier.h"
#include "util/config.h"
#include "util/err.h"
#include "util/log.h"

#define PLAIN_LEN (2 * BLOB_CHUNK + 300)

static struct app app;
static int64_t dossier;
static char id[BLOB_ID_LEN + 1], blob_path[PATH_MAX], tmp_dir[PATH_MAX];
static unsigned char *orig, *plain_ref, *work;
static size_t orig_len;
static char data_dir[64];

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* cleanup: at exit, close the app and remove its data dir. */
static void cleanup(void)
{
	app_close(&app);
	nftw(data_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void die(const char *what)
{
	fprintf(stderr, "fuzz_blob: %s\n", what);
	abort();
}

static size_t load(const char *path, unsigned char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("open");
	size_t n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static void store(const char *path, const unsigned char *buf, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, n, f) != n || fclose(f) != 0)
		die("write");
}

static int tmp_count(void)
{
	DIR *d = opendir(tmp_dir);
	int n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void init(void)
{
	struct config cfg;
	char err[256], dir[64] = "/tmp/kluis-fuzz-blob-XXXXXX", src[PATH_MAX];
	if (!mkdtemp(dir))
		die("mkdtemp");
	log_set_quiet(1);
	config_defaults(&cfg);
	cfg.test_mode = true;
	cfg.worker_enabled = false;
	snprintf(cfg.data_dir, sizeof cfg.data_dir, "%s", dir);
	if (app_open(&app, &cfg, err, sizeof err) != 0)
		die(err);
	snprintf(data_dir, sizeof data_dir, "%s", dir);
	atexit(cleanup);
	struct actor sys = actor_system();
	struct kfail f = {0};
	json_t *in = json_pack("{s:s}", "kind", "private"), *out = NULL;
	if (dossier_create(&app, &sys, in, &out, &f) != K_OK)
		die("dossier");
	dossier = json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);

	plain_ref = malloc(PLAIN_LEN);
	orig = malloc(PLAIN_LEN + 1024);
	work = malloc(PLAIN_LEN + 1024 + 64);
	if (!plain_ref || !orig || !work)
		die("malloc");
	for (size_t i = 0; i < PLAIN_LEN; i++)
		plain_ref[i] = (unsigned char)(i * 31 + 7);
	snprintf(src, sizeof src, "%s/src", dir);
	store(src, plain_ref, PLAIN_LEN);
	if (blob_put_file(&app, dossier, src, id, NULL) != K_OK)
		die("put");
	snprintf(blob_path, sizeof blob_path, "%s/blobs/%.2s/%.2s/%s", dir, id, id + 2, id);
	snprintf(tmp_dir, sizeof tmp_dir, "%s/tmp", dir);
	orig_len = load(blob_path, orig, PLAIN_LEN + 1024);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char plain[PATH_MAX];
	if (!orig)
		init();
	uint32_t want = 0;
	if (size >= 4)
		want = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
	size_t len = size >= 4 ? want % (orig_len + 65) : orig_len;
	memcpy(work, orig, orig_len);
	memset(work + orig_len, 0xA5, 64);
	for (size_t i = 4; i + 4 <= size; i += 4) {
		size_t off = ((size_t)data[i] | (size_t)data[i + 1] << 8 | (size_t)data[i + 2] << 16) % (orig_len + 64);
		work[off] ^= data[i + 3];
	}
	store(blob_path, work, len);
	int same = len == orig_len && memcmp(work, orig, len) == 0;
	int rc = blob_open_plain(&app, dossier, id, plain);
	if (rc == K_OK) {
		if (!same)
			die("a damaged blob decrypted");
		unsigned char *got = malloc(PLAIN_LEN + 1);
		if (!got || load(plain, got, PLAIN_LEN + 1) != PLAIN_LEN || memcmp(got, plain_ref, PLAIN_LEN) != 0)
			die("wrong plaintext");
		free(got);
		unlink(plain);
	} else {
		if (same)
			die("the original blob failed");
		if (plain[0] || tmp_count() != 0)
			die("temp file left after a failure");
	}
	return 0;
}
