/* Command-line options and configuration assembly. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"

int cli_parse(int argc, char **argv, int first, struct cli_opts *o)
{
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;
		if (strcmp(a, "--config") == 0)
			dst = &o->config_file;
		else if (strcmp(a, "--data") == 0)
			dst = &o->data_dir;
		else if (strcmp(a, "--listen") == 0)
			dst = &o->listen;
		else if (strcmp(a, "--email") == 0)
			dst = &o->email;
		else if (strcmp(a, "--name") == 0)
			dst = &o->name;
		else if (strcmp(a, "--role") == 0)
			dst = &o->role;
		else if (strcmp(a, "--password-stdin") == 0) {
			o->password_stdin = 1;
			continue;
		} else {
			fprintf(stderr, "kluis: unknown option '%s' (see kluis --help)\n", a);
			return -1;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "kluis: option %s needs a value\n", a);
			return -1;
		}
		*dst = argv[++i];
	}
	return 0;
}

int cli_config(const struct cli_opts *o, char **envp, struct config *cfg)
{
	char err[512];
	config_defaults(cfg);
	const char *file = o->config_file;
	if (!file && access("kluis.conf", R_OK) == 0)
		file = "kluis.conf";
	if (file && config_load_file(cfg, file, err, sizeof err) != 0)
		goto bad;
	if (config_load_env(cfg, envp, err, sizeof err) != 0)
		goto bad;
	if (o->data_dir && config_set(cfg, "data_dir", o->data_dir, err, sizeof err) != 0)
		goto bad;
	if (o->listen && config_set(cfg, "listen", o->listen, err, sizeof err) != 0)
		goto bad;
	if (config_check(cfg, err, sizeof err) != 0)
		goto bad;
	return 0;
bad:
	fprintf(stderr, "kluis: configuration error: %s\n", err);
	return -1;
}
