/* kluis: one binary for the back office, the client vault and the tools. */
#include <stdio.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include "adapters/convert.h"
#include "cli/cli.h"
#include "util/log.h"

extern char **environ;

static void usage(FILE *f)
{
	fprintf(f,
		"Kluis %s — back office and client vault for financial advisors\n\n"
		"usage:\n"
		"  kluis serve   [--config FILE] [--data DIR] [--listen HOST:PORT]\n"
		"  kluis migrate [--config FILE] [--data DIR]\n"
		"  kluis user add --email E --name N --role admin|advisor|backoffice [--password-stdin] [--data DIR]\n"
		"  kluis demo    [--data DIR] [--listen HOST:PORT]\n"
		"  kluis version\n\n"
		"Defaults: data ./var, listen 127.0.0.1:8080. Configuration: kluis.conf (key = value)\n"
		"and KLUIS_<KEY> environment variables; see README.md.\n",
		KLUIS_VERSION);
}

int main(int argc, char **argv)
{
	struct cli_opts o;
	struct config cfg;
	memset(&o, 0, sizeof o);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("kluis %s\n", KLUIS_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "pdf-prepare") == 0) /* internal: the sandboxed upload child */
		return convert_child_main(argc, argv);
	/* every upload is parsed in a limited child: this very binary */
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		convert_set_helper(self);
	}
	int first = 2;
	if (strcmp(cmd, "user") == 0) {
		if (argc < 3 || strcmp(argv[2], "add") != 0) {
			fprintf(stderr, "kluis: unknown user command (try: kluis user add ...)\n");
			return EXIT_USAGE;
		}
		first = 3;
	} else if (strcmp(cmd, "serve") != 0 && strcmp(cmd, "migrate") != 0 && strcmp(cmd, "demo") != 0) {
		fprintf(stderr, "kluis: unknown command '%s'\n", cmd);
		usage(stderr);
		return EXIT_USAGE;
	}
	for (int i = first; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
	if (cli_parse(argc, argv, first, &o) != 0)
		return EXIT_USAGE;
	if (cli_config(&o, environ, &cfg) != 0)
		return EXIT_USAGE;
	log_set_level((enum log_level)log_parse_level(cfg.log_level));
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(&cfg, 0);
	if (strcmp(cmd, "migrate") == 0)
		return cmd_migrate(&cfg);
	if (strcmp(cmd, "demo") == 0)
		return cmd_demo(&cfg);
	return cmd_user_add(&cfg, &o);
}
