/* kluis user add: create a staff account from the command line. */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "cli/cli.h"
#include "core/staff.h"
#include "util/alloc.h"

static int read_line(FILE *f, char *buf, size_t len)
{
	if (!fgets(buf, (int)len, f))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == len - 1)
		return -1; /* too long: never truncate a password */
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

static int prompt_password(char *buf, size_t len)
{
	struct termios old, noecho;
	if (!isatty(0) || tcgetattr(0, &old) != 0)
		return -1;
	noecho = old;
	noecho.c_lflag &= ~(tcflag_t)ECHO;
	fprintf(stderr, "Password: ");
	tcsetattr(0, TCSAFLUSH, &noecho);
	int rc = read_line(stdin, buf, len);
	tcsetattr(0, TCSAFLUSH, &old);
	fprintf(stderr, "\n");
	return rc;
}

int cmd_user_add(const struct config *cfg, const struct cli_opts *o)
{
	char pw[1100];
	char err[512];
	struct app app;
	if (!o->email || !o->name || !o->role) {
		fprintf(stderr, "usage: kluis user add --email E --name N --role admin|advisor|backoffice "
				"[--password-stdin] [--data DIR]\n");
		return EXIT_USAGE;
	}
	int rc = o->password_stdin ? read_line(stdin, pw, sizeof pw) : prompt_password(pw, sizeof pw);
	if (rc != 0) {
		fprintf(stderr, "kluis: no password given (use --password-stdin or a terminal)\n");
		return EXIT_USAGE;
	}
	if (app_open(&app, cfg, err, sizeof err) != 0) {
		fprintf(stderr, "kluis: %s\n", err);
		secure_wipe(pw, sizeof pw);
		return EXIT_RUNTIME;
	}
	struct actor sys = actor_system();
	struct staff_new in = {o->email, o->name, o->role, pw};
	struct kfail f = {0};
	char secret[64];
	int64_t id = 0;
	rc = staff_add(&app, &sys, &in, &id, secret, &f);
	secure_wipe(pw, sizeof pw);
	int exit_code = EXIT_OK;
	if (rc == K_EINVAL || rc == K_EWEAK || rc == K_ECONFLICT) {
		fprintf(stderr, "kluis: %s%s%s\n", f.field[0] ? f.field : "", f.field[0] ? ": " : "", f.message);
		exit_code = EXIT_USAGE;
	} else if (rc) {
		fprintf(stderr, "kluis: could not add user: %s\n", kerr_str(rc));
		exit_code = EXIT_RUNTIME;
	} else {
		fprintf(stderr, "user added: id=%lld email=%s role=%s\n", (long long)id, o->email, o->role);
		if (secret[0])
			printf("totp_secret: %s\n", secret);
	}
	secure_wipe(secret, sizeof secret);
	app_close(&app);
	return exit_code;
}
