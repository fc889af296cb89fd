/* Unit tests: the typed configuration table (API.md "Configuration",
 * DESIGN.md "A typed config table with bounds and defaults; unknown keys are
 * an error"). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "cli/cli.h"
#include "util/config.h"

static int parse(struct config *c, const char *text, char *err, size_t errlen)
{
	return config_parse(c, "kluis.conf", text, strlen(text), err, errlen);
}

static void test_defaults(void **state)
{
	struct config c;
	char err[512] = "";
	memset(&c, 0x5a, sizeof c);
	config_defaults(&c);
	assert_string_equal(c.data_dir, "./var");
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_string_equal(c.database_url, "");
	assert_string_equal(c.mail_transport, "");
	assert_string_equal(c.log_level, "info");
	assert_false(c.test_mode);
	assert_false(c.demo_mode);
	assert_true(c.worker_enabled);
	assert_int_equal(c.clock_offset_seconds, 0);
	assert_int_equal(c.upload_max_file_bytes, 25LL * 1024 * 1024);
	assert_int_equal(c.session_idle_seconds, 30 * 60);
	assert_int_equal(c.session_absolute_seconds, 12 * 3600);
	assert_int_equal(c.login_max_failures_account, 100);
	assert_true(c.http_max_json_bytes > 0 && c.http_max_json_bytes <= c.http_max_body_bytes);
	assert_true(c.http_max_form_bytes > 0 && c.http_max_form_bytes <= c.http_max_body_bytes);
	assert_false(config_is_https(&c));
	/* the defaults pass the cross-key rules */
	assert_int_equal(config_check(&c, err, sizeof err), 0);
}

static void test_parse_comments_blank_quotes(void **state)
{
	struct config c;
	char err[512] = "";
	config_defaults(&c);
	const char *text = "# Kluis configuratie\n"
			   "\n"
			   "   \n"
			   "  # ingesprongen commentaar\n"
			   "listen = 0.0.0.0:9000\n"
			   "mail.transport=\"file:///tmp/mail box\"\n"
			   "\tpublic_url   =   https://kluis.example   \n"
			   "http.threads = 8\r\n"
			   "worker.enabled = false\n"
			   "mail.from = \"Kluis # kantoor\" \n"
			   "sms.transport = \n"
			   "test_mode = yes"; /* no trailing newline */
	assert_int_equal(parse(&c, text, err, sizeof err), 0);
	assert_string_equal(c.listen, "0.0.0.0:9000");
	assert_string_equal(c.mail_transport, "file:///tmp/mail box");
	assert_string_equal(c.public_url, "https://kluis.example");
	assert_true(config_is_https(&c));
	assert_int_equal(c.http_threads, 8);
	assert_false(c.worker_enabled);
	assert_string_equal(c.mail_from, "Kluis # kantoor");
	assert_string_equal(c.sms_transport, "");
	assert_true(c.test_mode);
	/* keys not in the file keep their default */
	assert_string_equal(c.data_dir, "./var");
}

static void test_parse_unknown_key_names_key_and_line(void **state)
{
	struct config c;
	char err[512] = "";
	config_defaults(&c);
	assert_int_equal(parse(&c, "listen = 127.0.0.1:1\n# x\nmail.transprot = smtp://x:25\n", err, sizeof err), -1);
	assert_non_null(strstr(err, "mail.transprot"));
	assert_non_null(strstr(err, "kluis.conf:3"));
	/* a line without '=' names the line */
	config_defaults(&c);
	err[0] = '\0';
	assert_int_equal(parse(&c, "\n\nlisten\n", err, sizeof err), -1);
	assert_non_null(strstr(err, "kluis.conf:3"));
	/* config_set alone also refuses unknown keys */
	err[0] = '\0';
	assert_int_equal(config_set(&c, "data.dir", "/x", err, sizeof err), -1);
	assert_non_null(strstr(err, "data.dir"));
}

static void test_bad_values_name_the_key(void **state)
{
	struct config c;
	char err[512];
	struct {
		const char *text;
		const char *key;
	} bad[] = {
		{"http.threads = vier\n", "http.threads"},
		{"http.threads = 4x\n", "http.threads"},
		{"http.threads = \n", "http.threads"},
		{"http.threads = 0\n", "http.threads"},         /* below min 1 */
		{"http.threads = 65\n", "http.threads"},        /* above max 64 */
		{"http.threads = 99999999999999999999\n", "http.threads"}, /* overflow */
		{"upload.max_file_bytes = -1\n", "upload.max_file_bytes"},
		{"login.max_failures_account = 101\n", "login.max_failures_account"},
		{"worker.enabled = misschien\n", "worker.enabled"},
		{"test_mode = TRUE!\n", "test_mode"},
		{"test_mode = \n", "test_mode"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		config_defaults(&c);
		err[0] = '\0';
		if (parse(&c, bad[i].text, err, sizeof err) != -1)
			fail_msg("accepted: %s", bad[i].text);
		if (!strstr(err, bad[i].key))
			fail_msg("error for '%s' does not name %s: %s", bad[i].text, bad[i].key, err);
		assert_non_null(strstr(err, "kluis.conf:1"));
	}
	/* the value is untouched after a refused set */
	config_defaults(&c);
	int64_t threads = c.http_threads;
	assert_int_equal(config_set(&c, "http.threads", "100", err, sizeof err), -1);
	assert_int_equal(c.http_threads, threads);
	/* bounds are inclusive */
	assert_int_equal(config_set(&c, "http.threads", "64", err, sizeof err), 0);
	assert_int_equal(c.http_threads, 64);
	assert_int_equal(config_set(&c, "http.threads", "1", err, sizeof err), 0);
	assert_int_equal(c.http_threads, 1);
	/* a string that does not fit is refused, not truncated */
	char big[CONFIG_STR_MAX + 10];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	err[0] = '\0';
	assert_int_equal(config_set(&c, "public_url", big, err, sizeof err), -1);
	assert_non_null(strstr(err, "public_url"));
	assert_string_equal(c.public_url, "http://127.0.0.1:8080");
	/* control characters in a string value are refused */
	assert_int_equal(config_set(&c, "mail.from", "a\x01" "b", err, sizeof err), -1);
}

static void test_env_overrides_and_unknown(void **state)
{
	struct config c;
	char err[512] = "";
	config_defaults(&c);
	assert_int_equal(parse(&c, "mail.transport = smtp://file:25\nhttp.max_json_bytes = 2048\n", err, sizeof err),
			 0);
	char *env[] = {
		"PATH=/usr/bin",
		"KLUIS_MAIL_TRANSPORT=file:///tmp/outbox",
		"KLUIS_HTTP_MAX_JSON_BYTES=4096",
		"KLUIS_WORKER_ENABLED=false",
		"KLUISX_IGNORED=1",
		NULL,
	};
	assert_int_equal(config_load_env(&c, env, err, sizeof err), 0);
	assert_string_equal(c.mail_transport, "file:///tmp/outbox");
	assert_int_equal(c.http_max_json_bytes, 4096);
	assert_false(c.worker_enabled);
	/* unknown KLUIS_ variable */
	char *env2[] = {"KLUIS_BOGUS=1", NULL};
	err[0] = '\0';
	assert_int_equal(config_load_env(&c, env2, err, sizeof err), -1);
	assert_non_null(strstr(err, "KLUIS_BOGUS"));
	/* the dotted spelling is not an environment name */
	char *env3[] = {"KLUIS_MAIL.TRANSPORT=x", NULL};
	assert_int_equal(config_load_env(&c, env3, err, sizeof err), -1);
	/* a bad value from the environment names the key */
	char *env4[] = {"KLUIS_HTTP_THREADS=many", NULL};
	err[0] = '\0';
	assert_int_equal(config_load_env(&c, env4, err, sizeof err), -1);
	assert_non_null(strstr(err, "http.threads"));
}

/* The full assembly the CLI uses: defaults, file, environment, flags. */
static void test_cli_config_precedence(void **state)
{
	char path[] = "/tmp/kluis-conf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "mail.transport = smtp://uit-bestand:25\nlisten = 127.0.0.1:7000\n"
			   "data_dir = /tmp/uit-bestand\nhttp.threads = 2\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	struct cli_opts o;
	memset(&o, 0, sizeof o);
	o.config_file = path;
	o.data_dir = "/tmp/uit-vlag";
	char *env[] = {"KLUIS_MAIL_TRANSPORT=file:///tmp/uit-env", "KLUIS_DATA_DIR=/tmp/uit-env", NULL};
	struct config c;
	assert_int_equal(cli_config(&o, env, &c), 0);
	assert_string_equal(c.mail_transport, "file:///tmp/uit-env"); /* env beats file */
	assert_string_equal(c.listen, "127.0.0.1:7000");              /* file beats default */
	assert_int_equal(c.http_threads, 2);
	assert_string_equal(c.data_dir, "/tmp/uit-vlag");             /* flag beats env */
	/* an unknown variable in the environment makes the whole thing fail */
	char *bad[] = {"KLUIS_BOGUS=1", NULL};
	assert_int_equal(cli_config(&o, bad, &c), -1);
	unlink(path);
	/* a missing config file is an error, not silently ignored */
	o.config_file = "/nonexistent/kluis.conf";
	char *none[] = {NULL};
	assert_int_equal(cli_config(&o, none, &c), -1);
}

static void test_clock_offset_needs_test_mode(void **state)
{
	struct config c;
	char err[512] = "";
	config_defaults(&c);
	assert_int_equal(parse(&c, "clock.offset_seconds = 5\n", err, sizeof err), 0);
	assert_int_equal(c.clock_offset_seconds, 5);
	assert_int_equal(config_check(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "clock.offset_seconds"));
	assert_non_null(strstr(err, "test_mode"));
	/* with test_mode it is accepted */
	assert_int_equal(config_set(&c, "test_mode", "true", err, sizeof err), 0);
	assert_int_equal(config_check(&c, err, sizeof err), 0);
	/* negative offsets are out of range */
	assert_int_equal(config_set(&c, "clock.offset_seconds", "-5", err, sizeof err), -1);
	/* other cross-key rules */
	config_defaults(&c);
	assert_int_equal(config_set(&c, "public_url", "ftp://x", err, sizeof err), 0);
	assert_int_equal(config_check(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "public_url"));
	config_defaults(&c);
	assert_int_equal(config_set(&c, "log.level", "loud", err, sizeof err), 0);
	assert_int_equal(config_check(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "log.level"));
	config_defaults(&c);
	assert_int_equal(config_set(&c, "session.idle_seconds", "7200", err, sizeof err), 0);
	assert_int_equal(config_set(&c, "session.absolute_seconds", "3600", err, sizeof err), 0);
	assert_int_equal(config_check(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "session.idle_seconds"));
}

static void test_load_file(void **state)
{
	struct config c;
	char err[512] = "";
	char path[] = "/tmp/kluis-conf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "listen = 127.0.0.1:1234\nnope = 1\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "nope"));
	assert_non_null(strstr(err, ":2"));
	/* a file over 64 KiB is refused */
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 7000; i++)
		fputs("# commentaar\n", f);
	fclose(f);
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	unlink(path);
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_parse_comments_blank_quotes),
		cmocka_unit_test(test_parse_unknown_key_names_key_and_line),
		cmocka_unit_test(test_bad_values_name_the_key),
		cmocka_unit_test(test_env_overrides_and_unknown),
		cmocka_unit_test(test_cli_config_precedence),
		cmocka_unit_test(test_clock_offset_needs_test_mode),
		cmocka_unit_test(test_load_file),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
