#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sodium.h>
#include "app.h"
#include "core/audit.h"
#include "core/keys.h"
#include "core/outbox.h"
#include "core/password.h"
#include "store/db.h"
#include "util/err.h"
#include "util/log.h"
#include "web/tmpl.h"

static int mkdir_p(const char *path, mode_t mode)
{
	char tmp[CONFIG_STR_MAX];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, mode) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, mode) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

int app_open(struct app *app, const struct config *cfg, char *err, size_t errlen)
{
	int rc;
	memset(app, 0, sizeof *app);
	app->cfg = *cfg;
	atomic_store(&app->clock_offset, cfg->clock_offset_seconds);
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium init failed");
		return K_EIO;
	}
	char tmp_dir[PATH_MAX];
	snprintf(tmp_dir, sizeof tmp_dir, "%s/tmp", cfg->data_dir); /* every temp file of the app */
	if (mkdir_p(cfg->data_dir, 0700) != 0 || mkdir_p(tmp_dir, 0700) != 0) {
		snprintf(err, errlen, "data_dir %s: %s", cfg->data_dir, strerror(errno));
		return K_EIO;
	}
	password_set_concurrency((int)cfg->password_max_concurrent);
	rc = keys_open(&app->keys, cfg->data_dir, cfg->master_key_file, err, errlen);
	if (rc)
		goto fail;
	rc = store_open(&app->store, cfg->database_url, cfg->data_dir, err, errlen);
	if (rc)
		goto fail;
	int applied = 0;
	rc = store_migrate(app->store, &applied, err, errlen);
	if (rc)
		goto fail;
	rc = tmpl_set_load_embedded(&app->tmpl, err, errlen);
	if (rc)
		goto fail;
	if ((rc = audit_queue_start(app))) {
		snprintf(err, errlen, "audit queue: cannot start its thread");
		goto fail;
	}
	app->started_at = app_now(app);
	return K_OK;
fail:
	app_close(app);
	return rc;
}

int app_start_worker(struct app *app)
{
	if (!app->cfg.worker_enabled)
		return K_OK;
	return worker_start(app, &app->worker);
}

void app_close(struct app *app)
{
	if (app->worker) {
		worker_stop(app->worker);
		app->worker = NULL;
	}
	if (app->auditq && app->store)
		audit_queue_stop(app); /* writes what is queued */
	if (app->tmpl) {
		tmpl_set_free(app->tmpl);
		app->tmpl = NULL;
	}
	if (app->store) {
		store_close(app->store);
		app->store = NULL;
	}
	if (app->keys) {
		keys_close(app->keys);
		app->keys = NULL;
	}
	sodium_memzero(app->random_seed, sizeof app->random_seed);
}

int64_t app_now(struct app *app)
{
	return (int64_t)time(NULL) + atomic_load(&app->clock_offset);
}

int64_t app_now_ms(struct app *app)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&app->clock_offset) * 1000;
}

void app_clock_advance(struct app *app, int64_t seconds)
{
	atomic_fetch_add(&app->clock_offset, seconds);
}

void app_random(struct app *app, void *out, size_t n)
{
	if (!app || !app->deterministic_random) {
		randombytes_buf(out, n);
		return;
	}
	unsigned long long ctr = atomic_fetch_add(&app->random_counter, 1);
	unsigned char nonce[crypto_stream_chacha20_NONCEBYTES] = {0};
	memcpy(nonce, &ctr, sizeof ctr < sizeof nonce ? sizeof ctr : sizeof nonce);
	crypto_stream_chacha20(out, n, nonce, app->random_seed);
}

void app_random_seed(struct app *app, uint64_t seed)
{
	memset(app->random_seed, 0, sizeof app->random_seed);
	memcpy(app->random_seed, &seed, sizeof seed);
	app->deterministic_random = 1;
}
