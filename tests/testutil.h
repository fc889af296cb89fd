#ifndef KLUIS_TESTS_TESTUTIL_H
#define KLUIS_TESTS_TESTUTIL_H
/* Test support: an app on a fresh temp data dir, optionally with the HTTP
 * server started in-process on port 0. */
#include <stddef.h>
#include <stdint.h>
#include "app.h"
#include "web/router.h"
#include "web/server.h"

struct test_app {
	struct app app;
	struct web *web;
	int port;
	char dir[256];
	char base[64]; /* http://127.0.0.1:PORT */
};

/* tapp_open: config with test_mode, data_dir = a new temp dir, fast password
 * hashing, worker off, logs quiet; tweak (may be NULL) may change cfg before
 * the app opens. Aborts the test on failure. */
void tapp_open(struct test_app *t, void (*tweak)(struct config *cfg));
/* tapp_serve: tapp_open + start the HTTP server on 127.0.0.1:0 with an
 * optional extra route table. */
void tapp_serve(struct test_app *t, const struct route *extra, void (*tweak)(struct config *cfg));
/* tapp_close: stop everything and remove the temp dir. */
void tapp_close(struct test_app *t);
/* tapp_staff: add a staff user through core; returns its id; writes the TOTP
 * secret for admins into secret (may be NULL). */
int64_t tapp_staff(struct test_app *t, const char *email, const char *name, const char *role, const char *password,
		   char *secret);
/* tapp_totp_now: the current TOTP code for secret at the app's clock. */
void tapp_totp_now(struct test_app *t, const char *secret, char code[7]);
/* rm_rf: remove a directory tree (tests only). */
void rm_rf(const char *path);

#endif
