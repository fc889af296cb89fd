#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>
#include "adapters/totp.h"
#include "core/password.h"
#include "core/staff.h"
#include "testutil.h"
#include "adapters/convert.h"
#include "util/log.h"

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

void rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void tapp_open(struct test_app *t, void (*tweak)(struct config *cfg))
{
	struct config cfg;
	char err[512];
	memset(t, 0, sizeof *t);
	log_set_quiet(getenv("TEST_VERBOSE") == NULL);
	password_set_cost(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
	snprintf(t->dir, sizeof t->dir, "/tmp/kluis-test-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	config_defaults(&cfg);
	cfg.test_mode = true;
	cfg.worker_enabled = false;
	snprintf(cfg.data_dir, sizeof cfg.data_dir, "%s", t->dir);
	if (tweak)
		tweak(&cfg);
	convert_set_helper(KLUIS_BIN_PATH); /* uploads in the sandboxed child, as in production */
	if (app_open(&t->app, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "app_open: %s\n", err);
		fail();
	}
}

void tapp_serve(struct test_app *t, const struct route *extra, void (*tweak)(struct config *cfg))
{
	char err[512];
	tapp_open(t, tweak);
	if (web_start(&t->app, "127.0.0.1:0", extra, &t->web, &t->port, err, sizeof err) != 0) {
		fprintf(stderr, "web_start: %s\n", err);
		fail();
	}
	snprintf(t->base, sizeof t->base, "http://127.0.0.1:%d", t->port);
}

void tapp_close(struct test_app *t)
{
	if (t->web)
		web_stop(t->web, 2000);
	t->web = NULL;
	app_close(&t->app);
	if (t->dir[0])
		rm_rf(t->dir);
}

int64_t tapp_staff(struct test_app *t, const char *email, const char *name, const char *role, const char *password,
		   char *secret)
{
	struct actor sys = actor_system();
	struct staff_new in = {email, name, role, password};
	struct kfail f = {0};
	char s[64];
	int64_t id = 0;
	int rc = staff_add(&t->app, &sys, &in, &id, s, &f);
	if (rc != 0)
		fprintf(stderr, "staff_add %s: %s %s\n", email, f.field, f.message);
	assert_int_equal(rc, 0);
	if (secret)
		snprintf(secret, 64, "%s", s);
	return id;
}

void tapp_totp_now(struct test_app *t, const char *secret, char code[7])
{
	assert_int_equal(totp_code(secret, app_now(&t->app), code), 0);
}
