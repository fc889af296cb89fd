/* libFuzzer target for src/adapters/sms.c: validation (sms_check,
 * sms_key_check, sms_file_name) and the file transport (sms_send with
 * "file:///dir", sms_file_write) on arbitrary number, key and text.
 * Input: byte 0 = length of the number part (mod 32), byte 1 = length of
 * the key part (mod 80), then the number, the key, and the rest is the text
 * (each cut at its first NUL, as a C caller would see it). Everything goes
 * into one temp dir that is emptied after each run. Refusals are fine;
 * crashes, leaks, UB, files outside the dir, stray temp files, and a file
 * that is not exactly {"to", "text"} with the input's values are not. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include "adapters/sms.h"
#include "util/config.h"
#include "util/err.h"

static char dir[64];
static struct config cfg;

/* empty_dir: remove every entry of dir; returns how many there were. */
static int empty_dir(const char *only_name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[256];
	int n = 0;

	if (!d)
		abort();
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (only_name && strcmp(e->d_name, only_name) != 0)
			abort(); /* a stray temp file or a badly named one */
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (unlink(path) != 0)
			abort();
		n++;
	}
	closedir(d);
	return n;
}

static void check_file(const char *name, const char *to, const char *text)
{
	char path[256];
	json_t *j;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	j = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(j) || json_object_size(j) != 2)
		abort();
	if (!json_is_string(json_object_get(j, "to")) || !json_is_string(json_object_get(j, "text")))
		abort();
	if (strcmp(json_string_value(json_object_get(j, "to")), to) != 0 ||
	    strcmp(json_string_value(json_object_get(j, "text")), text) != 0)
		abort();
	json_decref(j);
}

static void cleanup(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[256];

	if (d) {
		while ((e = readdir(d))) {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "/tmp/fuzz-sms-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	config_defaults(&cfg);
	snprintf(cfg.sms_transport, sizeof cfg.sms_transport, "file://%s", dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256], name[SMS_FILE_NAME_MAX];
	char *to, *key, *text;
	size_t tl, kl;
	int rc, rc2, written = -1;

	if (size < 2)
		return 0;
	tl = data[0] % 32;
	kl = data[1] % 80;
	data += 2;
	size -= 2;
	if (tl > size)
		tl = size;
	if (kl > size - tl)
		kl = size - tl;
	to = strndup((const char *)data, tl);
	key = strndup((const char *)data + tl, kl);
	text = strndup((const char *)data + tl + kl, size - tl - kl);
	if (!to || !key || !text)
		abort();

	rc = sms_check(to, text, err, sizeof err);
	if (rc != K_OK && rc != K_EINVAL)
		abort();
	if (rc == K_OK && (to[0] != '+' || strlen(text) == 0 || strlen(text) > SMS_TEXT_MAX))
		abort();
	int kok = sms_key_check(key) == K_OK;
	int nrc = sms_file_name(key, name, sizeof name);
	if ((nrc == K_OK) != kok || (nrc == K_OK && (strchr(name, '/') || name[0] == '.')))
		abort();

	rc2 = sms_send(&cfg, to, text, key, err, sizeof err);
	if (rc2 == K_OK) {
		if (rc != K_OK || !kok)
			abort();
		check_file(name, to, text);
		/* the same key again: nothing new, still the first content */
		if (sms_file_write(dir, key, "+31612345678", "x", &written, err, sizeof err) != K_OK || written != 0)
			abort();
		check_file(name, to, text);
		if (empty_dir(name) != 1)
			abort();
	} else {
		if (rc2 != K_EINVAL || (rc == K_OK && kok))
			abort(); /* valid input must reach the disk */
		if (empty_dir(NULL) != 0)
			abort();
	}
	free(to);
	free(key);
	free(text);
	return 0;
}
