/* Demo data for `kluis demo`. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "core/demo.h"
#include "core/staff.h"
#include "util/alloc.h"
#include "util/err.h"

static const struct {
	const char *email, *name, *role;
} people[] = {
	{"beheer@demo-advies.nl", "Bram Beheer", "admin"},
	{"adviseur@demo-advies.nl", "Anouk de Adviseur", "advisor"},
	{"binnendienst@demo-advies.nl", "Bas Binnendienst", "backoffice"},
};

#define NPEOPLE (sizeof people / sizeof people[0])

static void logins_path(struct app *app, char *out, size_t n)
{
	snprintf(out, n, "%s/demo-logins.txt", app->cfg.data_dir);
}

/* four groups of four random lower-case letters: 19 chars, passes policy */
static void random_password(struct app *app, char out[20])
{
	unsigned char raw[16];
	app_random(app, raw, sizeof raw);
	int o = 0;
	for (int i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = (char)('a' + raw[i] % 26);
	}
	out[o] = '\0';
}

int demo_logins(struct app *app, struct demo_login *out, int max)
{
	char path[CONFIG_STR_MAX + 32];
	logins_path(app, path, sizeof path);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	int n = 0;
	char line[512];
	while (n < max && fgets(line, sizeof line, f)) {
		struct demo_login *d = &out[n];
		memset(d, 0, sizeof *d);
		int k = sscanf(line, "%127s %63s %15s %63s", d->email, d->password, d->role, d->totp_secret);
		if (k >= 3) {
			if (k == 3 || strcmp(d->totp_secret, "-") == 0)
				d->totp_secret[0] = '\0';
			n++;
		}
	}
	fclose(f);
	return n;
}

int demo_seed(struct app *app, FILE *out)
{
	struct demo_login logins[NPEOPLE];
	int n = demo_logins(app, logins, (int)NPEOPLE);
	if (n == 0) {
		char path[CONFIG_STR_MAX + 32];
		logins_path(app, path, sizeof path);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0)
			return K_EIO;
		FILE *f = fdopen(fd, "w");
		struct actor sys = actor_system();
		for (size_t i = 0; i < NPEOPLE; i++) {
			char pw[20], secret[64];
			struct kfail fl = {0};
			int64_t id;
			random_password(app, pw);
			struct staff_new in = {people[i].email, people[i].name, people[i].role, pw};
			int rc = staff_add(app, &sys, &in, &id, secret, &fl);
			if (rc) {
				fclose(f);
				return rc;
			}
			fprintf(f, "%s %s %s %s\n", people[i].email, pw, people[i].role, secret[0] ? secret : "-");
		}
		fclose(f);
		n = demo_logins(app, logins, (int)NPEOPLE);
	}
	fprintf(out, "Kluis demo — logins (also shown on the login page in demo mode):\n");
	for (int i = 0; i < n; i++)
		fprintf(out, "  %-12s %-30s password: %s%s%s\n", logins[i].role, logins[i].email, logins[i].password,
			logins[i].totp_secret[0] ? "  totp_secret: " : "", logins[i].totp_secret);
	secure_wipe(logins, sizeof logins);
	return K_OK;
}
