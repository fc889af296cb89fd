#ifndef KLUIS_CORE_DEMO_H
#define KLUIS_CORE_DEMO_H
#include <stdio.h>
#include "app.h"

/* demo_seed: make sure the demo firm exists, then print the logins and a
 * summary line ("demo: 2 offices, 5 staff, 50 dossiers") to out. All data
 * goes through the core functions as the system actor (validated, indexed,
 * audited):
 * - two offices (Utrecht, Zwolle) with typed contact details, some public,
 *   when there are no offices yet;
 * - five staff (admin, two advisors, two back-office), each demo e-mail
 *   address that does not exist yet gets an account with a random password,
 *   appended to data_dir/demo-logins.txt (mode 0600, one line "email
 *   password role totp-secret-or-dash"); demo staff without an office are
 *   linked to theirs; the Utrecht advisor is supported by a back-office
 *   user, the Zwolle advisor by the workflow group "Hypotheekteam Zwolle";
 * - only when there are no dossiers at all: 50 generated Dutch dossiers
 *   (40 private, 10 business) with parties, contact details, test-range
 *   BSNs and products, the same every time (fixed seed).
 * Running it again adds nothing. K_OK, or the first core error (logged). */
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
