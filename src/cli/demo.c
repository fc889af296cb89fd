/* kluis demo: seed demo data once, print the logins, serve in demo mode. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "core/demo.h"
#include "util/err.h"

int cmd_demo(struct config *cfg)
{
	struct app app;
	char err[512];
	cfg->demo_mode = true;
	if (app_open(&app, cfg, err, sizeof err) != 0) {
		fprintf(stderr, "kluis: %s\n", err);
		return EXIT_RUNTIME;
	}
	int rc = demo_seed(&app, stdout);
	app_close(&app);
	if (rc != 0) {
		fprintf(stderr, "kluis: demo data: %s\n", kerr_str(rc));
		return EXIT_RUNTIME;
	}
	fflush(stdout);
	return cmd_serve(cfg, 1);
}
