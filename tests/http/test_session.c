/* HTTP tests: staff sign-in API, cookies, CSRF, TOTP, timeouts, throttling,
 * security headers (API.md "JSON API — general", DESIGN.md security bar). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <pthread.h>
#include "core/password.h"
#include "staffc.h"

static void test_healthz_and_headers(void **state)
{
	struct httpc c;
	struct http_resp r;
	char v[512];
	httpc_init(&c, T.base);
	assert_int_equal(httpc_req(&c, "GET", "/healthz", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(buf_str(&r.body), "ok");
	assert_non_null(http_header(&r, "Content-Security-Policy", v, sizeof v));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_null(strstr(v, "unsafe-inline"));
	assert_non_null(http_header(&r, "X-Content-Type-Options", v, sizeof v));
	assert_string_equal(v, "nosniff");
	assert_non_null(http_header(&r, "Referrer-Policy", v, sizeof v));
	assert_non_null(http_header(&r, "X-Request-Id", v, sizeof v));
	assert_int_equal(strlen(v), 16);
	http_resp_free(&r);
	/* unknown path: JSON error with request id */
	assert_int_equal(httpc_req(&c, "GET", "/api/v1/nope", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 404);
	assert_string_equal(json_err_code(&r), "not_found");
	assert_non_null(json_object_get(json_object_get(r.json, "error"), "request_id"));
	http_resp_free(&r);
	/* / redirects to /app/ */
	assert_int_equal(httpc_req(&c, "GET", "/", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(http_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/app/");
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_login_cookie_and_csrf(void **state)
{
	struct httpc c;
	struct http_resp r;
	char v[512];
	tapp_staff(&T, "adv1@kantoor.nl", "Anna Adviseur", "advisor", ST_PW, NULL);
	httpc_init(&c, T.base);
	/* not signed in */
	assert_int_equal(httpc_req(&c, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(json_err_code(&r), "unauthenticated");
	http_resp_free(&r);
	/* wrong password */
	assert_int_equal(httpc_login(&c, "adv1@kantoor.nl", "verkeerd-wachtwoord-1", NULL), 401);
	/* unknown account looks the same */
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/session",
				    "{\"email\":\"niemand@kantoor.nl\",\"password\":\"verkeerd-wachtwoord-1\"}", &r),
			 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(json_err_code(&r), "invalid_credentials");
	http_resp_free(&r);
	/* right password: cookie flags and csrf token */
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/session",
				    "{\"email\":\"ADV1@kantoor.nl\",\"password\":\"" ST_PW "\"}", &r), 0);
	assert_int_equal(r.status, 200);
	const char *csrf = json_string_value(json_object_get(r.json, "csrf_token"));
	assert_non_null(csrf);
	assert_true(strlen(csrf) >= 32);
	snprintf(c.csrf, sizeof c.csrf, "%s", csrf);
	assert_non_null(http_header(&r, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(v, "kluis_staff="));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Strict"));
	assert_non_null(strstr(v, "Path=/"));
	assert_null(strstr(v, "Secure")); /* public_url is http in tests */
	http_resp_free(&r);
	/* signed in */
	assert_int_equal(httpc_req(&c, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "role")), "advisor");
	assert_non_null(http_header(&r, "Cache-Control", v, sizeof v));
	assert_string_equal(v, "no-store");
	http_resp_free(&r);
	/* state change without CSRF header → 403 csrf */
	c.send_csrf = 0;
	assert_int_equal(httpc_json(&c, "DELETE", "/api/v1/session", NULL, &r), 0);
	assert_int_equal(r.status, 403);
	assert_string_equal(json_err_code(&r), "csrf");
	http_resp_free(&r);
	/* wrong token → 403 */
	c.send_csrf = 1;
	char saved[128];
	snprintf(saved, sizeof saved, "%s", c.csrf);
	snprintf(c.csrf, sizeof c.csrf, "%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_int_equal(httpc_json(&c, "DELETE", "/api/v1/session", NULL, &r), 0);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	/* foreign Origin → 403 even with the token */
	snprintf(c.csrf, sizeof c.csrf, "%s", saved);
	c.origin = "https://evil.example";
	assert_int_equal(httpc_json(&c, "DELETE", "/api/v1/session", NULL, &r), 0);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	c.origin = NULL;
	/* logout: 204, and the session is gone server-side */
	char token[128];
	assert_non_null(httpc_cookie(&c, "kluis_staff", token, sizeof token));
	assert_int_equal(httpc_json(&c, "DELETE", "/api/v1/session", NULL, &r), 0);
	assert_int_equal(r.status, 204);
	http_resp_free(&r);
	struct httpc c2;
	httpc_init(&c2, T.base);
	httpc_set_cookie(&c2, "kluis_staff", token);
	assert_int_equal(httpc_req(&c2, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	httpc_free(&c2);
	httpc_free(&c);
}

static void test_session_rotates_at_login(void **state)
{
	struct httpc c;
	struct http_resp r;
	char t1[128], t2[128];
	tapp_staff(&T, "rot@kantoor.nl", "Rob Rotatie", "backoffice", ST_PW, NULL);
	httpc_init(&c, T.base);
	assert_int_equal(httpc_login(&c, "rot@kantoor.nl", ST_PW, NULL), 200);
	assert_non_null(httpc_cookie(&c, "kluis_staff", t1, sizeof t1));
	assert_int_equal(httpc_login(&c, "rot@kantoor.nl", ST_PW, NULL), 200);
	assert_non_null(httpc_cookie(&c, "kluis_staff", t2, sizeof t2));
	assert_string_not_equal(t1, t2);
	/* the old token no longer works */
	struct httpc old;
	httpc_init(&old, T.base);
	httpc_set_cookie(&old, "kluis_staff", t1);
	assert_int_equal(httpc_req(&old, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	httpc_set_cookie(&old, "kluis_staff", t2);
	assert_int_equal(httpc_req(&old, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	httpc_free(&old);
	assert_int_equal(httpc_req(&c, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_totp_required_invalid_replay(void **state)
{
	struct httpc c;
	char secret[64], code[7], body[256];
	struct http_resp r;
	tapp_staff(&T, "admin@kantoor.nl", "Ada Beheer", "admin", ST_PW, secret);
	assert_true(strlen(secret) >= 16);
	httpc_init(&c, T.base);
	/* missing TOTP */
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/session",
				    "{\"email\":\"admin@kantoor.nl\",\"password\":\"" ST_PW "\"}", &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(json_err_code(&r), "totp_required");
	http_resp_free(&r);
	/* wrong TOTP */
	tapp_totp_now(&T, secret, code);
	code[0] = code[0] == '9' ? '0' : (char)(code[0] + 1);
	snprintf(body, sizeof body, "{\"email\":\"admin@kantoor.nl\",\"password\":\"%s\",\"totp\":\"%s\"}", ST_PW,
		 code);
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/session", body, &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(json_err_code(&r), "totp_invalid");
	http_resp_free(&r);
	/* right TOTP */
	tapp_totp_now(&T, secret, code);
	assert_int_equal(httpc_login(&c, "admin@kantoor.nl", ST_PW, code), 200);
	/* the same code again is refused (replay) */
	snprintf(body, sizeof body, "{\"email\":\"admin@kantoor.nl\",\"password\":\"%s\",\"totp\":\"%s\"}", ST_PW,
		 code);
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/session", body, &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(json_err_code(&r), "totp_invalid");
	http_resp_free(&r);
	/* a code of the next step works */
	app_clock_advance(&T.app, 30);
	tapp_totp_now(&T, secret, code);
	assert_int_equal(httpc_login(&c, "admin@kantoor.nl", ST_PW, code), 200);
	httpc_free(&c);
}

static void test_idle_and_absolute_timeout(void **state)
{
	struct httpc c;
	struct http_resp r;
	tapp_staff(&T, "idle@kantoor.nl", "Ida Idle", "advisor", ST_PW, NULL);
	httpc_init(&c, T.base);
	assert_int_equal(httpc_login(&c, "idle@kantoor.nl", ST_PW, NULL), 200);
	/* activity every 29 minutes keeps it alive ... */
	for (int i = 0; i < 3; i++) {
		app_clock_advance(&T.app, 29 * 60);
		assert_int_equal(httpc_req(&c, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
		assert_int_equal(r.status, 200);
		http_resp_free(&r);
	}
	/* ... 31 idle minutes end it */
	app_clock_advance(&T.app, 31 * 60);
	assert_int_equal(httpc_req(&c, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	/* absolute: 12 h even when active */
	assert_int_equal(httpc_login(&c, "idle@kantoor.nl", ST_PW, NULL), 200);
	for (int i = 0; i < 25; i++) {
		app_clock_advance(&T.app, 29 * 60);
		assert_int_equal(httpc_req(&c, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
		long st = r.status;
		http_resp_free(&r);
		if (i < 24)
			assert_int_equal(st, 200); /* 24 * 29 min = 11.6 h */
		else
			assert_int_equal(st, 401); /* 12.1 h */
	}
	httpc_free(&c);
}

static void test_throttle_per_account(void **state)
{
	struct httpc c;
	tapp_staff(&T, "slot@kantoor.nl", "Sam Slot", "advisor", ST_PW, NULL);
	httpc_init(&c, T.base);
	for (int i = 0; i < 100; i++)
		assert_int_equal(httpc_login(&c, "slot@kantoor.nl", "verkeerd-wachtwoord-1", NULL), 401);
	/* the 101st attempt is refused even with the right password */
	assert_int_equal(httpc_login(&c, "slot@kantoor.nl", ST_PW, NULL), 429);
	/* an hour later it works again */
	app_clock_advance(&T.app, 3601);
	assert_int_equal(httpc_login(&c, "slot@kantoor.nl", ST_PW, NULL), 200);
	httpc_free(&c);
}

static void test_keep_alive(void **state)
{
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(httpc_req(&c, "GET", "/healthz", NULL, NULL, 0, &r), 0);
		assert_int_equal(r.status, 200);
		http_resp_free(&r);
	}
	assert_int_equal(c.connects, 1);
	httpc_free(&c);
}

static void test_bad_json(void **state)
{
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/session", "{\"email\": ", &r), 0);
	assert_int_equal(r.status, 400);
	assert_string_equal(json_err_code(&r), "invalid_json");
	http_resp_free(&r);
	assert_int_equal(httpc_req(&c, "POST", "/api/v1/session", "text/plain", "hi", 2, &r), 0);
	assert_int_equal(r.status, 415);
	http_resp_free(&r);
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/session", "{\"email\":\"a@b.nl\",\"email\":\"c@d.nl\"}", &r),
			 0);
	assert_int_equal(r.status, 400); /* duplicate keys refused */
	http_resp_free(&r);
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/session", "{\"email\":\"a@b.nl\"}", &r), 0);
	assert_int_equal(r.status, 400);
	assert_string_equal(json_err_code(&r), "missing_field");
	http_resp_free(&r);
	httpc_free(&c);
}

struct bg_login {
	const char *email;
	long status;
};

static void *bg_login_run(void *arg)
{
	struct bg_login *b = arg;
	struct httpc c;
	httpc_init(&c, T.base);
	b->status = httpc_login(&c, b->email, ST_PW, NULL);
	httpc_free(&c);
	return NULL;
}

/* A login storm cannot starve other requests: with every hashing slot taken
 * and the waiting line full, a further login is refused at once with 503,
 * while pages and health checks keep answering. */
static void test_login_storm_bounded(void **state)
{
	struct httpc c;
	struct http_resp r;
	tapp_staff(&T, "storm@kantoor.nl", "Stien Storm", "advisor", ST_PW, NULL);
	password_set_concurrency(1);
	assert_int_equal(password_test_hold_slot(), 0); /* the only slot is busy */
	struct bg_login waiting = {"storm@kantoor.nl", 0};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, bg_login_run, &waiting), 0);
	/* let the background login reach the waiting line */
	httpc_init(&c, T.base);
	for (int i = 0; i < 2000 && password_test_waiting() == 0; i++) {
		struct timespec ts = {0, 1000 * 1000};
		nanosleep(&ts, NULL); /* waiting for a thread to arrive, not a time rule */
	}
	assert_int_equal(password_test_waiting(), 1);
	assert_int_equal(httpc_login(&c, "storm@kantoor.nl", ST_PW, NULL), 503);
	assert_int_equal(httpc_req(&c, "GET", "/healthz", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	assert_int_equal(httpc_req(&c, "GET", "/app/login", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	password_test_release_slot();
	pthread_join(th, NULL);
	assert_int_equal(waiting.status, 200); /* the waiting one got through */
	password_set_concurrency(2);
	httpc_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthz_and_headers),
		cmocka_unit_test(test_login_cookie_and_csrf),
		cmocka_unit_test(test_session_rotates_at_login),
		cmocka_unit_test(test_totp_required_invalid_replay),
		cmocka_unit_test(test_idle_and_absolute_timeout),
		cmocka_unit_test(test_throttle_per_account),
		cmocka_unit_test(test_keep_alive),
		cmocka_unit_test(test_bad_json),
		cmocka_unit_test(test_login_storm_bounded),
	};
	return cmocka_run_group_tests_name("http_session", tests, st_setup, st_teardown);
}
