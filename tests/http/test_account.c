/* HTTP tests: the signed-in staff member's own account (password change,
 * TOTP enrolment and removal), staff rights (D9) and __Host- cookies
 * (DESIGN.md "Security bar"). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <curl/curl.h>
#include "adapters/totp.h"
#include "core/staff.h"
#include "staffc.h"

#define PW2 "nog-veel-geheimer-wachtwoord-7"

static long me_status(struct httpc *c)
{
	struct http_resp r;
	assert_int_equal(httpc_req(c, "GET", "/api/v1/me", NULL, NULL, 0, &r), 0);
	long st = r.status;
	http_resp_free(&r);
	return st;
}

static const char *err_field(const struct http_resp *r)
{
	const char *s = json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
	return s ? s : "";
}

static void change_pw(struct httpc *c, const char *cur, const char *next, struct http_resp *r)
{
	json_t *j = json_pack("{s:s, s:s}", "current_password", cur, "new_password", next);
	char *s = json_dumps(j, 0);
	json_decref(j);
	assert_int_equal(httpc_json(c, "POST", "/api/v1/me/password", s, r), 0);
	free(s);
}

static void test_change_password(void **state)
{
	struct httpc c, other;
	struct http_resp r;
	tapp_staff(&T, "wissel@kantoor.nl", "Wim Wissel", "advisor", ST_PW, NULL);
	httpc_init(&c, T.base);
	httpc_init(&other, T.base);
	assert_int_equal(httpc_login(&c, "wissel@kantoor.nl", ST_PW, NULL), 200);
	assert_int_equal(httpc_login(&other, "wissel@kantoor.nl", ST_PW, NULL), 200);
	assert_int_equal(me_status(&other), 200);

	/* wrong current password */
	change_pw(&c, "niet-het-huidige-wachtwoord", PW2, &r);
	assert_true(r.status == 401 || r.status == 422);
	assert_string_equal(err_field(&r), "current_password");
	http_resp_free(&r);
	/* a common password */
	change_pw(&c, ST_PW, "wachtwoord123", &r);
	assert_int_equal(r.status, 422);
	assert_string_equal(json_err_code(&r), "password_weak");
	assert_string_equal(err_field(&r), "new_password");
	http_resp_free(&r);
	/* the same in other case */
	change_pw(&c, ST_PW, "WACHTWOORD123", &r);
	assert_int_equal(r.status, 422);
	http_resp_free(&r);
	/* 11 characters */
	change_pw(&c, ST_PW, "kort-wacht1", &r);
	assert_int_equal(r.status, 422);
	assert_string_equal(json_err_code(&r), "password_weak");
	http_resp_free(&r);
	/* containing the name */
	change_pw(&c, ST_PW, "wissel-wissel-wissel", &r);
	assert_int_equal(r.status, 422);
	http_resp_free(&r);
	/* missing fields */
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/me/password", "{}", &r), 0);
	assert_true(r.status == 401 || r.status == 422 || r.status == 400);
	http_resp_free(&r);
	/* without CSRF */
	c.send_csrf = 0;
	change_pw(&c, ST_PW, PW2, &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	c.send_csrf = 1;
	/* nothing changed so far: both sessions alive, old password works */
	assert_int_equal(me_status(&other), 200);
	struct httpc probe;
	httpc_init(&probe, T.base);
	assert_int_equal(httpc_login(&probe, "wissel@kantoor.nl", ST_PW, NULL), 200);
	httpc_free(&probe);

	/* success */
	change_pw(&c, ST_PW, PW2, &r);
	assert_int_equal(r.status, 204);
	http_resp_free(&r);
	/* this session stays, the other one is logged out */
	assert_int_equal(me_status(&c), 200);
	assert_int_equal(me_status(&other), 401);
	/* the old password no longer works, the new one does */
	httpc_init(&probe, T.base);
	assert_int_equal(httpc_login(&probe, "wissel@kantoor.nl", ST_PW, NULL), 401);
	assert_int_equal(httpc_login(&probe, "wissel@kantoor.nl", PW2, NULL), 200);
	assert_int_equal(me_status(&probe), 200);
	httpc_free(&probe);
	httpc_free(&other);
	httpc_free(&c);
}

static void test_totp_enrolment(void **state)
{
	struct httpc c, d;
	struct http_resp r;
	char code[7], body[256], secret[64];
	tapp_staff(&T, "tweestap@kantoor.nl", "Tessa Tweestap", "advisor", ST_PW, NULL);
	httpc_init(&c, T.base);
	assert_int_equal(httpc_login(&c, "tweestap@kantoor.nl", ST_PW, NULL), 200);
	assert_int_equal(httpc_json(&c, "GET", "/api/v1/me", NULL, &r), 0);
	assert_false(json_is_true(json_object_get(r.json, "two_factor")));
	http_resp_free(&r);

	/* confirming before starting */
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/me/2fa/confirm", "{\"totp\":\"123456\"}", &r), 0);
	assert_int_equal(r.status, 422);
	http_resp_free(&r);

	/* start: secret, otpauth URL and QR code */
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/me/2fa", "{}", &r), 0);
	assert_int_equal(r.status, 200);
	const char *s = json_string_value(json_object_get(r.json, "secret"));
	const char *url = json_string_value(json_object_get(r.json, "otpauth_url"));
	const char *svg = json_string_value(json_object_get(r.json, "qr_svg"));
	assert_non_null(s);
	assert_non_null(url);
	assert_non_null(svg);
	assert_true(strlen(s) >= 16);
	snprintf(secret, sizeof secret, "%s", s);
	assert_int_equal(strncmp(url, "otpauth://totp/", 15), 0);
	assert_non_null(strstr(url, secret));
	assert_non_null(strstr(svg, "<svg"));
	assert_null(strstr(svg, "<script"));
	http_resp_free(&r);

	/* not active until confirmed: login without a code still works */
	httpc_init(&d, T.base);
	assert_int_equal(httpc_login(&d, "tweestap@kantoor.nl", ST_PW, NULL), 200);

	/* a wrong code */
	tapp_totp_now(&T, secret, code);
	char wrong[7];
	snprintf(wrong, sizeof wrong, "%s", code);
	wrong[0] = wrong[0] == '9' ? '0' : (char)(wrong[0] + 1);
	snprintf(body, sizeof body, "{\"totp\":\"%s\"}", wrong);
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/me/2fa/confirm", body, &r), 0);
	assert_true(r.status == 401 || r.status == 422);
	assert_string_equal(json_err_code(&r), "totp_invalid");
	http_resp_free(&r);
	assert_int_equal(httpc_login(&d, "tweestap@kantoor.nl", ST_PW, NULL), 200);

	/* the right code */
	assert_int_equal(totp_code(secret, app_now(&T.app), code), 0);
	snprintf(body, sizeof body, "{\"totp\":\"%s\"}", code);
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/me/2fa/confirm", body, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	assert_int_equal(httpc_json(&c, "GET", "/api/v1/me", NULL, &r), 0);
	assert_true(json_is_true(json_object_get(r.json, "two_factor")));
	http_resp_free(&r);

	/* from now on the code is needed */
	assert_int_equal(httpc_json(&d, "POST", "/api/v1/session",
				    "{\"email\":\"tweestap@kantoor.nl\",\"password\":\"" ST_PW "\"}", &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(json_err_code(&r), "totp_required");
	http_resp_free(&r);
	/* the code used to confirm cannot be replayed for a login */
	assert_int_equal(httpc_login(&d, "tweestap@kantoor.nl", ST_PW, code), 401);
	app_clock_advance(&T.app, 30);
	tapp_totp_now(&T, secret, code);
	assert_int_equal(httpc_login(&d, "tweestap@kantoor.nl", ST_PW, code), 200);

	/* switching it off needs the password */
	assert_int_equal(httpc_json(&c, "DELETE", "/api/v1/me/2fa", "{\"password\":\"verkeerd-wachtwoord-1\"}", &r), 0);
	assert_true(r.status == 401 || r.status == 422);
	http_resp_free(&r);
	assert_int_equal(httpc_json(&c, "DELETE", "/api/v1/me/2fa", "{}", &r), 0);
	assert_true(r.status == 401 || r.status == 422 || r.status == 400);
	http_resp_free(&r);
	assert_int_equal(httpc_json(&d, "POST", "/api/v1/session",
				    "{\"email\":\"tweestap@kantoor.nl\",\"password\":\"" ST_PW "\"}", &r), 0);
	assert_string_equal(json_err_code(&r), "totp_required");
	http_resp_free(&r);
	assert_int_equal(httpc_json(&c, "DELETE", "/api/v1/me/2fa", "{\"password\":\"" ST_PW "\"}", &r), 0);
	assert_int_equal(r.status, 204);
	http_resp_free(&r);
	struct httpc e;
	httpc_init(&e, T.base);
	assert_int_equal(httpc_login(&e, "tweestap@kantoor.nl", ST_PW, NULL), 200);
	httpc_free(&e);
	httpc_free(&d);
	httpc_free(&c);
}

static void test_admin_cannot_disable_totp(void **state)
{
	struct httpc c;
	struct http_resp r;
	char secret[64], code[7];
	tapp_staff(&T, "beheer@kantoor.nl", "Bert Beheer", "admin", ST_PW, secret);
	httpc_init(&c, T.base);
	tapp_totp_now(&T, secret, code);
	assert_int_equal(httpc_login(&c, "beheer@kantoor.nl", ST_PW, code), 200);
	assert_int_equal(httpc_json(&c, "DELETE", "/api/v1/me/2fa", "{\"password\":\"" ST_PW "\"}", &r), 0);
	assert_int_equal(r.status, 403);
	assert_string_equal(json_err_code(&r), "totp_mandatory");
	http_resp_free(&r);
	/* still required */
	struct httpc d;
	httpc_init(&d, T.base);
	assert_int_equal(httpc_json(&d, "POST", "/api/v1/session",
				    "{\"email\":\"beheer@kantoor.nl\",\"password\":\"" ST_PW "\"}", &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(json_err_code(&r), "totp_required");
	http_resp_free(&r);
	httpc_free(&d);
	httpc_free(&c);
}

/* D9: only a user with RIGHT_MANAGE_USERS (admin) or the system adds staff. */
static void test_staff_add_rights(void **state)
{
	int64_t boss = tapp_staff(&T, "chef@kantoor.nl", "Chef Kantoor", "admin", ST_PW, NULL);
	int64_t bo = tapp_staff(&T, "binnen@kantoor.nl", "Bianca Binnendienst", "backoffice", ST_PW, NULL);
	int64_t adv = tapp_staff(&T, "advies@kantoor.nl", "Arie Advies", "advisor", ST_PW, NULL);
	struct staff_new in = {"nieuw@kantoor.nl", "Nina Nieuw", "advisor", ST_PW};
	struct kfail f = {0};
	char secret[64];
	int64_t id = 0;
	struct actor a_bo = {ACTOR_STAFF, bo, ROLE_BACKOFFICE, "127.0.0.1", "t"};
	assert_int_equal(staff_add(&T.app, &a_bo, &in, &id, secret, &f), K_EDENIED);
	assert_string_equal(f.code, "forbidden");
	assert_int_equal(id, 0);
	struct actor a_adv = {ACTOR_STAFF, adv, ROLE_ADVISOR, "127.0.0.1", "t"};
	assert_int_equal(staff_add(&T.app, &a_adv, &in, &id, secret, &f), K_EDENIED);
	struct actor a_client = {ACTOR_CLIENT, 1, ROLE_ADMIN, "127.0.0.1", "t"};
	assert_int_equal(staff_add(&T.app, &a_client, &in, &id, secret, &f), K_EDENIED);
	struct actor a_none = {ACTOR_STAFF, bo, ROLE_NONE, "127.0.0.1", "t"};
	assert_int_equal(staff_add(&T.app, &a_none, &in, &id, secret, &f), K_EDENIED);
	/* an admin may; the refused attempts created nothing (no conflict) */
	struct actor a_admin = {ACTOR_STAFF, boss, ROLE_ADMIN, "127.0.0.1", "t"};
	memset(&f, 0, sizeof f);
	assert_int_equal(staff_add(&T.app, &a_admin, &in, &id, secret, &f), K_OK);
	assert_true(id > 0);
	assert_string_equal(secret, ""); /* advisor: no mandatory 2FA */
	/* a second time: conflict on the e-mail */
	int64_t id2 = 0;
	assert_int_equal(staff_add(&T.app, &a_admin, &in, &id2, secret, &f), K_ECONFLICT);
	assert_string_equal(f.field, "email");
	/* admins get a TOTP secret at once */
	struct staff_new in2 = {"nieuwe-baas@kantoor.nl", "Nico Nieuw", "admin", ST_PW};
	assert_int_equal(staff_add(&T.app, &a_admin, &in2, &id2, secret, &f), K_OK);
	assert_true(strlen(secret) >= 16);
	/* the new account signs in */
	struct httpc c;
	httpc_init(&c, T.base);
	assert_int_equal(httpc_login(&c, "nieuw@kantoor.nl", ST_PW, NULL), 200);
	httpc_free(&c);
}

static void tweak_https(struct config *cfg)
{
	snprintf(cfg->public_url, sizeof cfg->public_url, "%s", "https://kluis.example");
}

static void test_https_host_cookie(void **state)
{
	struct test_app h;
	struct httpc c;
	struct http_resp r;
	char v[512];
	tapp_serve(&h, NULL, tweak_https);
	tapp_staff(&h, "veilig@kantoor.nl", "Vera Veilig", "advisor", ST_PW, NULL);
	httpc_init(&c, h.base);
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/session",
				    "{\"email\":\"veilig@kantoor.nl\",\"password\":\"" ST_PW "\"}", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(http_header(&r, "Set-Cookie", v, sizeof v));
	assert_int_equal(strncmp(v, "__Host-kluis_staff=", 19), 0);
	assert_non_null(strstr(v, "; Secure"));
	assert_non_null(strstr(v, "Path=/"));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_null(strstr(v, "Domain="));
	char token[128];
	const char *t = v + 19;
	size_t n = strcspn(t, ";");
	assert_true(n > 0 && n < sizeof token);
	memcpy(token, t, n);
	token[n] = '\0';
	char hsts[256];
	assert_non_null(http_header(&r, "Strict-Transport-Security", hsts, sizeof hsts));
	assert_non_null(strstr(hsts, "max-age="));
	const char *csrf = json_string_value(json_object_get(r.json, "csrf_token"));
	assert_non_null(csrf);
	snprintf(c.csrf, sizeof c.csrf, "%s", csrf);
	http_resp_free(&r);
	/* the session is read from the __Host- cookie only */
	struct httpc d;
	httpc_init(&d, h.base);
	httpc_set_cookie(&d, "kluis_staff", token);
	assert_int_equal(me_status(&d), 401);
	/* (curl's jar refuses a non-Secure __Host- cookie, so send it raw) */
	char raw[200];
	snprintf(raw, sizeof raw, "__Host-kluis_staff=%s", token);
	curl_easy_setopt(d.curl, CURLOPT_COOKIELIST, "ALL");
	curl_easy_setopt(d.curl, CURLOPT_COOKIE, raw);
	assert_int_equal(me_status(&d), 200);
	/* logout clears the same cookie, also Secure */
	snprintf(d.csrf, sizeof d.csrf, "%s", c.csrf);
	assert_int_equal(httpc_json(&d, "DELETE", "/api/v1/session", NULL, &r), 0);
	assert_int_equal(r.status, 204);
	assert_non_null(http_header(&r, "Set-Cookie", v, sizeof v));
	assert_int_equal(strncmp(v, "__Host-kluis_staff=;", 20), 0);
	assert_non_null(strstr(v, "; Secure"));
	assert_non_null(strstr(v, "Max-Age=0"));
	http_resp_free(&r);
	assert_int_equal(me_status(&d), 401);
	httpc_free(&d);
	httpc_free(&c);
	tapp_close(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change_password),
		cmocka_unit_test(test_totp_enrolment),
		cmocka_unit_test(test_admin_cannot_disable_totp),
		cmocka_unit_test(test_staff_add_rights),
		cmocka_unit_test(test_https_host_cookie),
	};
	return cmocka_run_group_tests_name("http_account", tests, st_setup, st_teardown);
}
