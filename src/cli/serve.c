/* kluis serve / migrate. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "store/db.h"
#include "util/log.h"
#include "web/server.h"

/* The host part of listen for the "listening on" line. */
static void host_of(const char *listen, char *out, size_t outlen)
{
	const char *colon = strrchr(listen, ':');
	size_t n = colon ? (size_t)(colon - listen) : strlen(listen);
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, listen, n);
	out[n] = '\0';
}

int cmd_serve(const struct config *cfg, int demo)
{
	struct app app;
	struct web *web = NULL;
	char err[512];
	int port = 0;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* before any thread starts */
	signal(SIGPIPE, SIG_IGN);
	log_set_level((enum log_level)log_parse_level(cfg->log_level));
	if (app_open(&app, cfg, err, sizeof err) != 0) {
		fprintf(stderr, "kluis: %s\n", err);
		return EXIT_RUNTIME;
	}
	if (cfg->demo_mode)
		log_warn("DEMO MODE: demo data and logins are shown; never use this for real clients");
	if (strncmp(cfg->public_url, "https://", 8) != 0)
		log_warn("public_url is not https: cookies are not Secure; only acceptable on a local machine");
	if (app_start_worker(&app) != 0 ||
	    web_start(&app, cfg->listen, NULL, &web, &port, err, sizeof err) != 0) {
		fprintf(stderr, "kluis: %s\n", err);
		app_close(&app);
		return EXIT_RUNTIME;
	}
	char host[256];
	host_of(cfg->listen, host, sizeof host);
	printf("listening on http://%s:%d\n", host, port);
	fflush(stdout);
	log_info("started version=%s port=%d demo=%d", KLUIS_VERSION, port, demo);
	int sig = 0;
	sigwait(&set, &sig);
	log_info("signal %d: draining", sig);
	web_stop(web, 10000);
	app_close(&app);
	log_info("stopped");
	return EXIT_OK;
}

int cmd_migrate(const struct config *cfg)
{
	struct app app;
	char err[512];
	/* app_open runs every pending migration */
	if (app_open(&app, cfg, err, sizeof err) != 0) {
		fprintf(stderr, "kluis: %s\n", err);
		return EXIT_RUNTIME;
	}
	printf("database is up to date\n");
	app_close(&app);
	return EXIT_OK;
}
