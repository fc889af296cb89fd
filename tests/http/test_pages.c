/* HTTP tests: the back office pages without JavaScript (API.md "Pages"):
 * form sign-in and sign-out, CSRF on forms, escaping, error pages, static
 * assets, metrics, 405. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "staffc.h"

static void assert_page_headers(const struct http_resp *r)
{
	char v[512];
	assert_non_null(http_header(r, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "text/html"));
	assert_non_null(http_header(r, "Content-Security-Policy", v, sizeof v));
	assert_non_null(strstr(v, "default-src 'none'"));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_null(strstr(v, "unsafe-inline"));
	assert_null(strstr(v, "unsafe-eval"));
	assert_non_null(http_header(r, "X-Content-Type-Options", v, sizeof v));
	assert_string_equal(v, "nosniff");
	assert_non_null(http_header(r, "Cache-Control", v, sizeof v));
	assert_string_equal(v, "no-store");
	assert_non_null(http_header(r, "Referrer-Policy", v, sizeof v));
}

/* Copy the value of attribute attr="..." following marker in html. */
static int html_attr_after(const char *html, const char *marker, const char *attr, char *out, size_t outlen)
{
	const char *p = strstr(html, marker);
	if (!p)
		return -1;
	char pat[64];
	snprintf(pat, sizeof pat, "%s=\"", attr);
	p = strstr(p, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	const char *q = strchr(p, '"');
	if (!q || (size_t)(q - p) >= outlen)
		return -1;
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = '\0';
	return 0;
}

static void test_dashboard_needs_login(void **state)
{
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	pg_get(&c, "/app/", &r);
	pg_assert_location(&r, "/app/login");
	assert_null(strstr(buf_str(&r.body), "Mijn taken"));
	http_resp_free(&r);
	pg_get(&c, "/app/profiel", &r);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	/* a made-up cookie does not help */
	httpc_set_cookie(&c, "kluis_staff", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	pg_get(&c, "/app/", &r);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	/* the login page itself */
	pg_get(&c, "/app/login", &r);
	assert_int_equal(r.status, 200);
	assert_page_headers(&r);
	assert_non_null(strstr(buf_str(&r.body), "action=\"/app/login\""));
	assert_non_null(strstr(buf_str(&r.body), "name=\"password\""));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_form_login_and_dashboard(void **state)
{
	struct httpc c;
	struct http_resp r;
	char v[512], tok[128];
	tapp_staff(&T, "page@kantoor.nl", "Petra Pagina", "advisor", ST_PW, NULL);
	httpc_init(&c, T.base);
	pg_post(&c, "/app/login", "email=page%40kantoor.nl&password=" ST_PW, &r);
	pg_assert_location(&r, "/app/");
	assert_non_null(http_header(&r, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(v, "kluis_staff="));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Strict"));
	http_resp_free(&r);
	assert_non_null(httpc_cookie(&c, "kluis_staff", tok, sizeof tok));
	assert_true(strlen(tok) >= 43);
	pg_get(&c, "/app/", &r);
	assert_int_equal(r.status, 200);
	assert_page_headers(&r);
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "Mijn taken"));
	assert_non_null(strstr(html, "HDN inbox"));
	assert_non_null(strstr(html, "Petra Pagina"));
	assert_non_null(strstr(html, "<html lang=\"nl\">"));
	/* no session token ever ends up in the page */
	assert_null(strstr(html, tok));
	http_resp_free(&r);
	/* signed in, the login page sends you on */
	pg_get(&c, "/app/login", &r);
	pg_assert_location(&r, "/app/");
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_wrong_password_page(void **state)
{
	struct httpc c;
	struct http_resp r;
	char v[512];
	tapp_staff(&T, "fout@kantoor.nl", "Frank Fout", "advisor", ST_PW, NULL);
	httpc_init(&c, T.base);
	pg_post(&c, "/app/login", "email=fout%40kantoor.nl&password=verkeerd-wachtwoord-1", &r);
	assert_int_equal(r.status, 401);
	assert_page_headers(&r);
	assert_null(http_header(&r, "Set-Cookie", v, sizeof v));
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "E-mailadres of wachtwoord klopt niet."));
	assert_non_null(strstr(html, "role=\"alert\""));
	/* the e-mail is kept in the form, the password is not */
	assert_non_null(strstr(html, "value=\"fout@kantoor.nl\""));
	assert_null(strstr(html, "verkeerd-wachtwoord-1"));
	http_resp_free(&r);
	/* an unknown account gets the same page */
	pg_post(&c, "/app/login", "email=niemand%40kantoor.nl&password=verkeerd-wachtwoord-1", &r);
	assert_int_equal(r.status, 401);
	assert_null(http_header(&r, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(buf_str(&r.body), "E-mailadres of wachtwoord klopt niet."));
	http_resp_free(&r);
	/* empty fields: asked to fill them in */
	pg_post(&c, "/app/login", "email=&password=", &r);
	assert_int_equal(r.status, 422);
	assert_null(http_header(&r, "Set-Cookie", v, sizeof v));
	http_resp_free(&r);
	/* what was typed is escaped when shown again */
	pg_post(&c, "/app/login", "email=x%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%40k.nl&password=verkeerd-wachtwoord-1",
		&r);
	assert_int_equal(r.status, 401);
	assert_null(strstr(buf_str(&r.body), "<script>alert(1)"));
	assert_null(strstr(buf_str(&r.body), "x\">"));
	http_resp_free(&r);
	/* still not signed in */
	pg_get(&c, "/app/", &r);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_admin_page_asks_for_code(void **state)
{
	struct httpc c;
	struct http_resp r;
	char v[512], secret[64], code[7], body[256];
	tapp_staff(&T, "baas@kantoor.nl", "Bea Baas", "admin", ST_PW, secret);
	httpc_init(&c, T.base);
	pg_post(&c, "/app/login", "email=baas%40kantoor.nl&password=" ST_PW, &r);
	assert_int_equal(r.status, 401);
	assert_null(http_header(&r, "Set-Cookie", v, sizeof v));
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "Vul ook de code uit uw authenticator-app in."));
	assert_non_null(strstr(html, "name=\"totp\""));
	assert_non_null(strstr(html, " required>")); /* the code field is now required */
	http_resp_free(&r);
	/* a wrong code: asked again */
	tapp_totp_now(&T, secret, code);
	code[5] = code[5] == '9' ? '0' : (char)(code[5] + 1);
	snprintf(body, sizeof body, "email=baas%%40kantoor.nl&password=%s&totp=%s", ST_PW, code);
	pg_post(&c, "/app/login", body, &r);
	assert_int_equal(r.status, 401);
	assert_null(http_header(&r, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(buf_str(&r.body), "klopt niet"));
	http_resp_free(&r);
	/* the right code signs in */
	tapp_totp_now(&T, secret, code);
	pg_login(&c, "baas@kantoor.nl", ST_PW, code);
	pg_get(&c, "/app/", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_str(&r.body), "Mijn taken"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_logout_needs_csrf(void **state)
{
	struct httpc c;
	struct http_resp r;
	char v[512], csrf[128], tok[128], body[256];
	tapp_staff(&T, "uit@kantoor.nl", "Uma Uit", "backoffice", ST_PW, NULL);
	httpc_init(&c, T.base);
	pg_login(&c, "uit@kantoor.nl", ST_PW, NULL);
	assert_non_null(httpc_cookie(&c, "kluis_staff", tok, sizeof tok));
	pg_get(&c, "/app/", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(html_attr_after(buf_str(&r.body), "name=\"csrf_token\"", "value", csrf, sizeof csrf), 0);
	assert_true(strlen(csrf) >= 32);
	http_resp_free(&r);
	/* without the token */
	pg_post(&c, "/app/logout", "x=1", &r);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(buf_str(&r.body), "<html"));
	http_resp_free(&r);
	/* with a wrong token */
	snprintf(body, sizeof body, "csrf_token=%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	pg_post(&c, "/app/logout", body, &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	/* the token in the query string does not count */
	snprintf(body, sizeof body, "/app/logout?csrf_token=%s", csrf);
	pg_post(&c, body, "x=1", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	/* still signed in after all that */
	pg_get(&c, "/app/", &r);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	/* with it */
	snprintf(body, sizeof body, "csrf_token=%s", csrf);
	pg_post(&c, "/app/logout", body, &r);
	pg_assert_location(&r, "/app/login");
	assert_non_null(http_header(&r, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(v, "Max-Age=0"));
	http_resp_free(&r);
	pg_get(&c, "/app/", &r);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	/* the old token is dead on the server, not just forgotten by the client */
	struct httpc c2;
	httpc_init(&c2, T.base);
	httpc_set_cookie(&c2, "kluis_staff", tok);
	pg_get(&c2, "/app/", &r);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	assert_int_equal(httpc_req(&c2, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	httpc_free(&c2);
	httpc_free(&c);
}

static void test_name_is_escaped(void **state)
{
	struct httpc c;
	struct http_resp r;
	tapp_staff(&T, "xss@kantoor.nl", "<script>alert(1)</script> & \"Co\"", "advisor", ST_PW, NULL);
	httpc_init(&c, T.base);
	pg_login(&c, "xss@kantoor.nl", ST_PW, NULL);
	pg_get(&c, "/app/", &r);
	assert_int_equal(r.status, 200);
	const char *html = buf_str(&r.body);
	assert_null(strstr(html, "<script>alert"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&amp;"));
	assert_null(strstr(html, "\"Co\""));
	http_resp_free(&r);
	pg_get(&c, "/app/profiel", &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(buf_str(&r.body), "<script>alert"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_404_page(void **state)
{
	struct httpc c;
	struct http_resp r;
	char id[64], v[256];
	httpc_init(&c, T.base);
	pg_get(&c, "/app/bestaat-niet", &r);
	assert_int_equal(r.status, 404);
	assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "text/html"));
	assert_non_null(http_header(&r, "X-Request-Id", id, sizeof id));
	assert_int_equal(strlen(id), 16);
	assert_non_null(strstr(buf_str(&r.body), id));
	assert_non_null(strstr(buf_str(&r.body), "Pagina niet gevonden"));
	assert_non_null(http_header(&r, "Content-Security-Policy", v, sizeof v));
	http_resp_free(&r);
	/* each request has its own id */
	char id2[64];
	pg_get(&c, "/app/bestaat-niet", &r);
	assert_non_null(http_header(&r, "X-Request-Id", id2, sizeof id2));
	assert_string_not_equal(id, id2);
	http_resp_free(&r);
	/* a path with a bad typed id is a 404 too, not an error */
	pg_get(&c, "/static/..%2f..%2fetc%2fpasswd", &r);
	assert_int_equal(r.status, 404);
	assert_null(strstr(buf_str(&r.body), "root:"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_static_assets(void **state)
{
	struct httpc c;
	struct http_resp r;
	char css[256], js[256], v[256];
	httpc_init(&c, T.base);
	pg_get(&c, "/app/login", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(html_attr_after(buf_str(&r.body), "<link rel=\"stylesheet\"", "href", css, sizeof css), 0);
	assert_int_equal(html_attr_after(buf_str(&r.body), "<script src=\"/static/htmx.", "src", js, sizeof js), 0);
	http_resp_free(&r);
	assert_int_equal(strncmp(css, "/static/style.", 14), 0);
	assert_int_equal(strncmp(js, "/static/htmx.", 13), 0);
	const char *urls[2] = {css, js};
	const char *types[2] = {"text/css", "javascript"};
	for (int i = 0; i < 2; i++) {
		pg_get(&c, urls[i], &r);
		assert_int_equal(r.status, 200);
		assert_true(r.body.len > 100);
		assert_non_null(http_header(&r, "Cache-Control", v, sizeof v));
		assert_non_null(strstr(v, "immutable"));
		assert_non_null(strstr(v, "max-age="));
		assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
		assert_non_null(strstr(v, types[i]));
		assert_non_null(http_header(&r, "X-Content-Type-Options", v, sizeof v));
		http_resp_free(&r);
		/* a stale hash (another version of the file) is a 404, never cached */
		char stale[256];
		snprintf(stale, sizeof stale, "%s", urls[i]);
		char *h = strchr(stale + 8, '.') + 1; /* first hash character */
		for (int k = 0; k < 8; k++)
			h[k] = h[k] == '0' ? '1' : '0';
		pg_get(&c, stale, &r);
		assert_int_equal(r.status, 404);
		assert_non_null(http_header(&r, "Cache-Control", v, sizeof v));
		assert_null(strstr(v, "immutable"));
		http_resp_free(&r);
	}
	/* the plain name is not served */
	pg_get(&c, "/static/style.css", &r);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_metrics(void **state)
{
	struct httpc c;
	struct http_resp r;
	char v[256];
	tapp_staff(&T, "metriek@kantoor.nl", "Mia Metriek", "advisor", ST_PW, NULL);
	httpc_init(&c, T.base);
	pg_login(&c, "metriek@kantoor.nl", ST_PW, NULL);
	pg_post(&c, "/app/login", "email=metriek%40kantoor.nl&password=verkeerd-wachtwoord-1", &r);
	http_resp_free(&r);
	pg_get(&c, "/metrics", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "text/plain"));
	const char *m = buf_str(&r.body);
	assert_non_null(strstr(m, "kluis_http_requests_total"));
	assert_non_null(strstr(m, "# TYPE kluis_http_requests_total counter"));
	assert_non_null(strstr(m, "kluis_login_failures_total"));
	assert_null(strchr(m, '@'));
	assert_null(strstr(m, "metriek"));
	assert_null(strstr(m, "verkeerd"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_405(void **state)
{
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	assert_int_equal(httpc_req(&c, "DELETE", "/app/login", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 405);
	assert_non_null(strstr(buf_str(&r.body), "<html"));
	http_resp_free(&r);
	pg_post(&c, "/healthz", "a=1", &r);
	assert_int_equal(r.status, 405);
	http_resp_free(&r);
	assert_int_equal(httpc_req(&c, "PUT", "/app/", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 405);
	http_resp_free(&r);
	/* API paths answer in JSON */
	assert_int_equal(httpc_req(&c, "GET", "/api/v1/session", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 405);
	assert_string_equal(json_err_code(&r), "method_not_allowed");
	http_resp_free(&r);
	/* and an unknown path is still a 404 */
	assert_int_equal(httpc_req(&c, "DELETE", "/nergens", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	/* HEAD works where GET does */
	assert_int_equal(httpc_req(&c, "HEAD", "/healthz", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	httpc_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dashboard_needs_login),
		cmocka_unit_test(test_form_login_and_dashboard),
		cmocka_unit_test(test_wrong_password_page),
		cmocka_unit_test(test_admin_page_asks_for_code),
		cmocka_unit_test(test_logout_needs_csrf),
		cmocka_unit_test(test_name_is_escaped),
		cmocka_unit_test(test_404_page),
		cmocka_unit_test(test_static_assets),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_405),
	};
	return cmocka_run_group_tests_name("http_pages", tests, st_setup, st_teardown);
}
