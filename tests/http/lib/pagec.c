/* Pages driven like a browser without JavaScript (see pagec.h). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <curl/curl.h>
#include "pagec.h"

long pg_get(struct httpc *c, const char *path, struct http_resp *r)
{
	assert_int_equal(httpc_req(c, "GET", path, NULL, NULL, 0, r), 0);
	return r->status;
}

long pg_post(struct httpc *c, const char *path, const char *body, struct http_resp *r)
{
	assert_int_equal(httpc_req(c, "POST", path, PG_FORM, body, strlen(body), r), 0);
	return r->status;
}

void pg_csrf(struct httpc *c, char *out, size_t outlen)
{
	static const char mark[] = "name=\"csrf_token\" value=\"";
	struct http_resp r;
	assert_int_equal(pg_get(c, "/app/", &r), 200);
	const char *p = strstr(buf_str(&r.body), mark);
	assert_non_null(p);
	p += strlen(mark);
	const char *q = strchr(p, '"');
	assert_non_null(q);
	assert_true((size_t)(q - p) < outlen);
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = '\0';
	http_resp_free(&r);
}

long pg_post_form(struct httpc *c, const char *path, const char *body, struct http_resp *r)
{
	char csrf[128], full[4096];
	pg_csrf(c, csrf, sizeof csrf);
	snprintf(full, sizeof full, "csrf_token=%s%s%s", csrf, *body ? "&" : "", body);
	return pg_post(c, path, full, r);
}

void pg_urlenc(const char *s, char *out, size_t outlen)
{
	char *e = curl_easy_escape(NULL, s, 0);
	snprintf(out, outlen, "%s", e);
	curl_free(e);
}

void pg_assert_location(const struct http_resp *r, const char *want)
{
	char v[512];
	assert_int_equal(r->status, 303);
	assert_non_null(http_header(r, "Location", v, sizeof v));
	assert_string_equal(v, want);
}

/* login_form: the login form's POST, r left for the caller. */
static void login_form(struct httpc *c, const char *email, const char *password, const char *totp,
		       struct http_resp *r)
{
	char body[1024], e[300], p[300];
	pg_urlenc(email, e, sizeof e);
	pg_urlenc(password, p, sizeof p);
	snprintf(body, sizeof body, "email=%s&password=%s%s%s", e, p, totp ? "&totp=" : "", totp ? totp : "");
	pg_post(c, "/app/login", body, r);
}

long pg_login_status(struct httpc *c, const char *email, const char *password, const char *totp)
{
	struct http_resp r;
	login_form(c, email, password, totp, &r);
	long st = r.status;
	http_resp_free(&r);
	return st;
}

void pg_login(struct httpc *c, const char *email, const char *password, const char *totp)
{
	struct http_resp r;
	login_form(c, email, password, totp, &r);
	pg_assert_location(&r, "/app/");
	http_resp_free(&r);
}
