#ifndef KLUIS_CLI_CLI_H
#define KLUIS_CLI_CLI_H
#include "util/config.h"

#define KLUIS_VERSION "0.1.0"

/* Exit codes (API.md). */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Options every subcommand may take. */
struct cli_opts {
	const char *config_file;
	const char *data_dir;
	const char *listen;
	/* user add */
	const char *email;
	const char *name;
	const char *role;
	int password_stdin;
};

/* cli_parse: parse argv[first..] options into o; unknown options are a usage
 * error (message on stderr). 0 or -1. */
int cli_parse(int argc, char **argv, int first, struct cli_opts *o);
/* cli_config: defaults → config file (--config, else ./kluis.conf if it
 * exists) → KLUIS_* environment → flags. 0 or -1 with the message printed. */
int cli_config(const struct cli_opts *o, char **envp, struct config *cfg);

int cmd_serve(const struct config *cfg, int demo);
int cmd_migrate(const struct config *cfg);
int cmd_user_add(const struct config *cfg, const struct cli_opts *o);
int cmd_demo(struct config *cfg);

#endif
