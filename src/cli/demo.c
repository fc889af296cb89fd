/* kluis demo: seed demo data once, start the local stand-ins for mail and
 * SMS, print the logins, serve in demo mode. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "core/demo.h"
#include "sim/smtp_sink.h"
#include "sim/sms_provider.h"
#include "util/err.h"

#define DEMO_SMS_KEY "demo-sms-key"

/* Mail and SMS go to stand-ins inside this process unless the config names
 * real transports; what they receive lands in data_dir/sim-mail and
 * data_dir/sim-sms and is listed on the staff page /app/demo/berichten. */
static int start_standins(struct config *cfg, struct sim_smtp **smtp, struct sim_sms **sms)
{
	char dir[CONFIG_STR_MAX + 16];
	int port = 0;
	if (!cfg->mail_transport[0]) {
		snprintf(dir, sizeof dir, "%s/sim-mail", cfg->data_dir);
		if (sim_smtp_start("127.0.0.1:0", dir, &port, smtp) != K_OK)
			return -1;
		snprintf(cfg->mail_transport, sizeof cfg->mail_transport, "smtp://127.0.0.1:%d", port);
		printf("demo: mail goes to a local SMTP stand-in (%s), stored in %s\n", cfg->mail_transport, dir);
	}
	if (!cfg->sms_transport[0]) {
		snprintf(dir, sizeof dir, "%s/sim-sms", cfg->data_dir);
		if (sim_sms_start("127.0.0.1:0", dir, DEMO_SMS_KEY, sms, &port) != K_OK)
			return -1;
		snprintf(cfg->sms_transport, sizeof cfg->sms_transport, "http://127.0.0.1:%d%s", port, SIM_SMS_PATH);
		snprintf(cfg->sms_api_key, sizeof cfg->sms_api_key, "%s", DEMO_SMS_KEY);
		printf("demo: SMS goes to a local provider stand-in (%s), stored in %s\n", cfg->sms_transport, dir);
	}
	return 0;
}

int cmd_demo(struct config *cfg)
{
	struct app app;
	struct sim_smtp *smtp = NULL;
	struct sim_sms *sms = NULL;
	char err[512];
	cfg->demo_mode = true;
	if (strcmp(cfg->mail_from, "Kluis <kluis@localhost>") == 0)
		snprintf(cfg->mail_from, sizeof cfg->mail_from, "Demo Advies <kluis@demo-advies.nl>");
	/* links in the mails must point at this server */
	if (strcmp(cfg->public_url, "http://127.0.0.1:8080") == 0 && strcmp(cfg->listen, "127.0.0.1:8080") != 0)
		snprintf(cfg->public_url, sizeof cfg->public_url, "http://%.500s", cfg->listen);
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
	if (start_standins(cfg, &smtp, &sms) != 0) {
		fprintf(stderr, "kluis: could not start the mail/SMS stand-ins\n");
		return EXIT_RUNTIME;
	}
	fflush(stdout);
	rc = cmd_serve(cfg, 1);
	if (smtp)
		sim_smtp_stop(smtp);
	if (sms)
		sim_sms_stop(sms);
	return rc;
}
