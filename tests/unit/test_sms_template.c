/* SMS text comes from a template a firm can change (issue 4 item 1). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "core/notify.h"
#include "testutil.h"

static void test_default_and_override(void **state)
{
	struct test_app t;
	char *text = NULL, path[512];
	tapp_open(&t, NULL);
	json_t *vars = json_pack("{s:s}", "code", "123456");
	assert_int_equal(notify_render_sms(&t.app, "activation_code", vars, &text), 0);
	assert_non_null(strstr(text, "123456"));
	assert_non_null(strstr(text, "10 minuten"));
	assert_null(strchr(text, '\n'));
	free(text);
	/* the firm's own text wins */
	snprintf(path, sizeof path, "%s/templates", t.dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/templates/sms", t.dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/templates/sms/activation_code.txt", t.dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("Bureau Zuid: uw code is {{code}}.\n", f);
	fclose(f);
	assert_int_equal(notify_render_sms(&t.app, "activation_code", vars, &text), 0);
	assert_string_equal(text, "Bureau Zuid: uw code is 123456.");
	free(text);
	/* a broken override falls back to the default */
	f = fopen(path, "w");
	fputs("{{#code}} never closed", f);
	fclose(f);
	assert_int_equal(notify_render_sms(&t.app, "activation_code", vars, &text), 0);
	assert_non_null(strstr(text, "10 minuten"));
	free(text);
	/* names cannot leave the folder */
	assert_int_not_equal(notify_render_sms(&t.app, "../mail/invitation", vars, &text), 0);
	json_decref(vars);
	tapp_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_and_override),
	};
	return cmocka_run_group_tests_name("sms_template", tests, NULL, NULL);
}
