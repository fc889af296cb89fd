/* libFuzzer target for the configuration parsers: the input is kluis.conf
 * text for config_parse() on fresh defaults, then config_check(). The same
 * bytes, split at newlines, are also offered as an environment to
 * config_load_env(). Errors are fine; crashes, leaks, UB and unterminated
 * error messages are not. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/config.h"

#define FUZZ_MAX_ENV 64

/* Every error message must be a NUL-terminated string that fits err. */
static void check_err(const char *err, size_t errlen)
{
	if (memchr(err, '\0', errlen) == NULL)
		abort();
}

static void fuzz_env(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	char *envp[FUZZ_MAX_ENV + 1];
	char err[256];
	size_t n = 0;
	struct config cfg;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	char *p = copy;
	while (n < FUZZ_MAX_ENV && *p) {
		envp[n++] = p;
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	envp[n] = NULL;
	config_defaults(&cfg);
	err[0] = '\0';
	if (config_load_env(&cfg, envp, err, sizeof err) != 0)
		check_err(err, sizeof err);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	char err[512];

	config_defaults(&cfg);
	err[0] = '\0';
	if (config_parse(&cfg, "fuzz.conf", (const char *)data, size, err, sizeof err) != 0) {
		check_err(err, sizeof err);
		if (strncmp(err, "fuzz.conf:", 10) != 0)
			abort(); /* every parse error names file and line */
	}
	err[0] = '\0';
	if (config_check(&cfg, err, sizeof err) != 0)
		check_err(err, sizeof err);
	/* string settings stay NUL-terminated within their fields */
	if (!memchr(cfg.data_dir, '\0', sizeof cfg.data_dir) || !memchr(cfg.listen, '\0', sizeof cfg.listen) ||
	    !memchr(cfg.public_url, '\0', sizeof cfg.public_url) || !memchr(cfg.log_level, '\0', sizeof cfg.log_level))
		abort();
	(void)config_is_https(&cfg);
	fuzz_env(data, size);
	return 0;
}
