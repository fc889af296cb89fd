/* P13: the firm's branding of the vault: colours with a WCAG AA contrast
 * check, header and welcome text, a logo checked by content. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "core/branding.h"
#include "staffc.h"

static char secret[64];

static int setup(void **state)
{
	st_serve(NULL);
	tapp_staff(&T, ST_ADMIN, "Bea Beheer", "admin", ST_PW, secret);
	tapp_staff(&T, "adv@kantoor.nl", "Anna Adviseur", "advisor", ST_PW, NULL);
	return 0;
}

static void test_contrast(void **state)
{
	assert_true(branding_contrast("#000000", "#ffffff") > 20.9);
	double r = branding_contrast("#1f4e8c", "#ffffff");
	assert_true(r > 8.0 && r < 9.5);
	assert_true(branding_contrast("#ffff00", "#ffffff") < 1.2);
	assert_true(branding_contrast("#767676", "#ffffff") >= 4.5); /* the AA boundary grey */
	assert_true(branding_contrast("#777777", "#ffffff") < 4.5);
	assert_true(branding_contrast("#12345", "#ffffff") == 0);
	assert_true(branding_contrast("blue", "#ffffff") == 0);
}

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
				    0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0};

static long save(struct httpc *c, const char *color, const char *file, size_t len, struct http_resp *r)
{
	const char *fields[] = {"firm_name", "Adviesbureau Zuid", "primary_color", color, "header_text",
				"Hypotheken & verzekeringen", "welcome_text", "Welkom bij uw kluis.\nFijn dat u er bent.",
				NULL};
	assert_int_equal(httpc_upload_data(c, "/app/beheer/huisstijl", fields, "logo", "logo.png", file, len, r), 0);
	return r->status;
}

static void test_admin_sets_branding(void **state)
{
	struct httpc c, anon;
	struct http_resp r;
	login_totp(&c, ST_ADMIN, secret);
	/* too light: white text unreadable → refused with the ratio */
	assert_int_equal(save(&c, "#ffcc00", (const char *)png, sizeof png, &r), 422);
	assert_non_null(strstr(buf_str(&r.body), "4,5:1"));
	http_resp_free(&r);
	/* HTML pretending to be an image → refused */
	assert_int_equal(save(&c, "#0b5d3b", "<html><script>x</script>", 24, &r), 422);
	assert_non_null(strstr(buf_str(&r.body), "PNG- of JPEG"));
	http_resp_free(&r);
	/* a dark green and a PNG logo */
	assert_int_equal(save(&c, "#0B5D3B", (const char *)png, sizeof png, &r), 303);
	http_resp_free(&r);
	httpc_init(&anon, T.base);
	assert_int_equal(httpc_req(&anon, "GET", "/portaal/huisstijl.css", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_str(&r.body), "--brand: #0b5d3b"));
	http_resp_free(&r);
	assert_int_equal(httpc_req(&anon, "GET", "/portaal/logo", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	char v[128];
	assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "image/png");
	assert_non_null(http_header(&r, "X-Content-Type-Options", v, sizeof v));
	assert_int_equal(r.body.len, sizeof png);
	http_resp_free(&r);
	/* the login page carries the firm's name, header and welcome text */
	assert_int_equal(httpc_req(&anon, "GET", "/portaal/login", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	const char *h = buf_str(&r.body);
	assert_non_null(strstr(h, "Adviesbureau Zuid"));
	assert_non_null(strstr(h, "Hypotheken &amp; verzekeringen"));
	assert_non_null(strstr(h, "Welkom bij uw kluis."));
	assert_non_null(strstr(h, "/portaal/huisstijl.css"));
	assert_non_null(strstr(h, "/portaal/logo"));
	http_resp_free(&r);
	httpc_free(&anon);
	httpc_free(&c);
}

static void test_advisor_may_not(void **state)
{
	struct httpc c;
	struct http_resp r;
	login(&c, "adv@kantoor.nl");
	assert_int_equal(save(&c, "#0b5d3b", (const char *)png, sizeof png, &r), 403);
	http_resp_free(&r);
	assert_int_equal(httpc_req(&c, "GET", "/portaal/logo", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 404); /* nothing was saved */
	http_resp_free(&r);
	httpc_free(&c);
}

/* an error under /portaal leads back to the vault, not to the back office */
static void test_portal_error_page(void **state)
{
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	assert_int_equal(httpc_req(&c, "GET", "/portaal/bestaat-niet", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(buf_str(&r.body), "href=\"/portaal/\""));
	assert_null(strstr(buf_str(&r.body), "Naar het dashboard"));
	http_resp_free(&r);
	assert_int_equal(httpc_req(&c, "GET", "/app/bestaat-niet", NULL, NULL, 0, &r), 0);
	assert_non_null(strstr(buf_str(&r.body), "Naar het dashboard"));
	http_resp_free(&r);
	httpc_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contrast),
		cmocka_unit_test_setup_teardown(test_admin_sets_branding, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_advisor_may_not, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_portal_error_page, setup, st_teardown),
	};
	return cmocka_run_group_tests_name("branding", tests, NULL, NULL);
}
