#ifndef KLUIS_CORE_DEMO_H
#define KLUIS_CORE_DEMO_H
#include <stdio.h>
#include "app.h"

/* demo_seed: create the demo firm's staff accounts (one per role) the first
 * time (passwords random, kept in data_dir/demo-logins.txt with mode 0600)
 * and print the logins to out. Later issues add dossiers and stand-ins. */
int demo_seed(struct app *app, FILE *out);

/* A demo login, as kept in demo-logins.txt. */
struct demo_login {
	char email[128];
	char password[64];
	char role[16];
	char totp_secret[64];
};

/* demo_logins: read the saved demo logins (at most max); returns the count
 * (0 if none). Only meaningful in demo mode. */
int demo_logins(struct app *app, struct demo_login *out, int max);

#endif
