/* HTTP tests: the client side of the vault (API.md "Client (portal) API",
 * REQUIREMENTS P1, P2, P8, P9, P11): activation with an SMS or manual code
 * (single use, expiring, attempts and resends limited), password rules,
 * sign-in and sign-out, password reset without account enumeration, the
 * own account (e-mail change changes the login only), TOTP two-step
 * verification with replay guard, CSRF; and once with the real file
 * transports: the mail link and the SMS code read from the files written. */
#include <dirent.h>
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "core/outbox.h"
#include "vaultc.h"

#define KAREL "karel@voorbeeld.nl"
#define KAREL_MOB "+31612345678"

/* invited: a private dossier for Karel, invited; its activation token. */
static int64_t invited(const char *email, const char *mobile, char token[64])
{
	struct httpc s;
	vt_staff(&s);
	int64_t d = vt_private(&s, "Karel", email, mobile);
	json_decref(vt_invite(&s, d, NULL));
	httpc_free(&s);
	vt_mail_token(email, "invitation", token);
	return d;
}

/* wrong: a code that differs from code in its first digit. */
static const char *wrong(const char *code)
{
	static char w[8];
	snprintf(w, sizeof w, "%s", code);
	w[0] = w[0] == '9' ? '0' : (char)(w[0] + 1);
	return w;
}

static void activation_err(struct httpc *c, const char *token, const char *field, const char *code,
			   const char *password, long status, const char *err)
{
	call_err(c, "POST", "/api/v1/portal/activation", vt_activation_body(token, field, code, password), status, err,
		 NULL);
}

static json_t *staff_vault(int64_t d)
{
	struct httpc s;
	vt_staff(&s);
	json_t *v = vt_vault(&s, d);
	httpc_free(&s);
	return v;
}

/* P1: the SMS code, then a password, then signed in; the link is single-use. */
static void test_activation_sms(void **state)
{
	struct httpc c;
	char tok[64], code[7];
	int64_t d = invited(KAREL, KAREL_MOB, tok);
	vt_client(&c);
	json_t *j = call(&c, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", tok)), 200);
	assert_true(json_is_true(json_object_get(j, "sent")));
	json_decref(j);
	assert_int_equal(vt_events("sms.send"), 1);
	vt_sms_code(KAREL_MOB, code);
	/* rate limit: not again within a minute */
	call_err(&c, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", tok)), 429, NULL, NULL);
	assert_int_equal(vt_events("sms.send"), 1);
	/* wrong or missing code */
	activation_err(&c, tok, "sms_code", wrong(code), VT_CPW, 422, "code_invalid");
	activation_err(&c, tok, NULL, NULL, VT_CPW, 422, "code_invalid");
	/* right code, weak passwords: refused, the link stays usable */
	activation_err(&c, tok, "sms_code", code, "kort", 422, "password_weak");
	activation_err(&c, tok, "sms_code", code, "wachtwoord", 422, "password_weak");
	activation_err(&c, tok, "sms_code", code, NULL, 422, "password_weak");
	/* bad tokens */
	activation_err(&c, "bestaat-niet", "sms_code", code, VT_CPW, 400, "token_invalid");
	activation_err(&c, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "sms_code", code, VT_CPW, 400, "token_invalid");
	call_err(&c, "POST", "/api/v1/portal/activation", "{\"password\":\"" VT_CPW "\"}", 400, "token_invalid", NULL);
	/* success */
	vt_activate(&c, tok, "sms_code", code, VT_CPW);
	assert_int_equal(vt_audit(d, "vault.activate"), 1);
	json_t *me = call(&c, "GET", "/api/v1/portal/me", NULL, 200);
	assert_string_equal(jstr(me, "email"), KAREL);
	assert_true(json_is_false(json_object_get(me, "two_factor")));
	assert_true(json_is_true(json_object_get(me, "primary")));
	assert_int_equal(jint(json_object_get(me, "dossier"), "id"), d);
	assert_string_equal(jstr(json_object_get(me, "dossier"), "kind"), "private");
	assert_true(json_is_string(json_object_get(json_object_get(me, "dossier"), "number")));
	json_decref(me);
	json_t *v = staff_vault(d);
	assert_string_equal(jstr(v, "status"), "active");
	assert_true(json_is_false(json_object_get(v, "two_factor")));
	json_decref(v);
	/* the link is used up */
	activation_err(&c, tok, "sms_code", code, VT_CPW, 410, "token_used");
	call_err(&c, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", tok)), 410, "token_used",
		 NULL);
	assert_int_equal(vt_events("sms.send"), 1);
	httpc_free(&c);
}

/* Five wrong codes and even the right one is refused; an expired code is
 * refused; a new code (after the resend gap) works. */
static void test_activation_code_limits(void **state)
{
	struct httpc c;
	char tok[64], code[7];
	invited(KAREL, KAREL_MOB, tok);
	vt_client(&c);
	vt_sms(&c, tok, 200);
	vt_sms_code(KAREL_MOB, code);
	for (int i = 0; i < 5; i++)
		activation_err(&c, tok, "sms_code", wrong(code), VT_CPW, 422, "code_invalid");
	activation_err(&c, tok, "sms_code", code, VT_CPW, 422, "code_invalid");
	/* a new code, then let it expire (10 minutes) */
	app_clock_advance(&T.app, 61);
	vt_sms(&c, tok, 200);
	vt_sms_code(KAREL_MOB, code);
	app_clock_advance(&T.app, 11 * 60);
	activation_err(&c, tok, "sms_code", code, VT_CPW, 422, "code_invalid");
	/* a fresh code works */
	vt_sms(&c, tok, 200);
	char code2[7];
	vt_sms_code(KAREL_MOB, code2);
	if (strcmp(code, code2) != 0)
		activation_err(&c, tok, "sms_code", code, VT_CPW, 422, "code_invalid");
	vt_activate(&c, tok, "sms_code", code2, VT_CPW);
	httpc_free(&c);
}

/* SMS resends: one a minute, five per link. */
static void test_sms_rate_limit(void **state)
{
	struct httpc c;
	char tok[64];
	invited(KAREL, KAREL_MOB, tok);
	vt_client(&c);
	vt_sms(&c, tok, 200);
	call_err(&c, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", tok)), 429, "too_many_codes",
		 NULL);
	app_clock_advance(&T.app, 30);
	vt_sms(&c, tok, 429);
	for (int i = 2; i <= 5; i++) {
		app_clock_advance(&T.app, 61);
		vt_sms(&c, tok, 200);
	}
	assert_int_equal(vt_events("sms.send"), 5);
	app_clock_advance(&T.app, 61);
	vt_sms(&c, tok, 429);
	assert_int_equal(vt_events("sms.send"), 5);
	/* unknown links are refused before any limit */
	call_err(&c, "POST", "/api/v1/portal/activation/sms", "{\"token\":\"nope\"}", 400, "token_invalid", NULL);
	httpc_free(&c);
}

/* Links expire after 14 days; a resend gives a working one. */
static void test_link_expiry(void **state)
{
	struct httpc c, s;
	char tok[64], tok2[64], code[7];
	int64_t d = invited(KAREL, KAREL_MOB, tok);
	vt_client(&c);
	app_clock_advance(&T.app, 13 * 86400);
	vt_sms(&c, tok, 200);
	app_clock_advance(&T.app, 2 * 86400);
	vt_sms_code(KAREL_MOB, code);
	call_err(&c, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", tok)), 410, "token_expired",
		 NULL);
	activation_err(&c, tok, "sms_code", code, VT_CPW, 410, "token_expired");
	vt_staff(&s);
	json_decref(call(&s, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/resend", (long long)d), "{}", 200));
	httpc_free(&s);
	vt_mail_token(KAREL, "invitation", tok2);
	activation_err(&c, tok, "sms_code", code, VT_CPW, 400, "token_invalid");
	vt_sms(&c, tok2, 200);
	vt_sms_code(KAREL_MOB, code);
	vt_activate(&c, tok2, "sms_code", code, VT_CPW);
	httpc_free(&c);
}

/* P2: a manual code instead of an SMS (+33). */
static void test_manual_activation(void **state)
{
	struct httpc s, c;
	char tok[64], tok2[64];
	vt_staff(&s);
	int64_t d = vt_private(&s, "Claire", "claire@exemple.fr", "+33612345678");
	json_t *inv = vt_invite(&s, d, NULL);
	char manual[8];
	snprintf(manual, sizeof manual, "%s", jstr(inv, "manual_code"));
	json_decref(inv);
	vt_mail_token("claire@exemple.fr", "invitation", tok);
	vt_client(&c);
	call_err(&c, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", tok)), 422, "no_sms", NULL);
	assert_int_equal(vt_events("sms.send"), 0);
	activation_err(&c, tok, "manual_code", wrong(manual), VT_CPW, 422, "code_invalid");
	activation_err(&c, tok, NULL, NULL, VT_CPW, 422, "code_invalid");
	activation_err(&c, tok, "manual_code", "12345", VT_CPW, 422, "code_invalid");
	activation_err(&c, tok, "manual_code", manual, "kort", 422, "password_weak");
	/* five wrong in all: the right one is refused now */
	activation_err(&c, tok, "manual_code", wrong(manual), VT_CPW, 422, "code_invalid");
	activation_err(&c, tok, "manual_code", wrong(manual), VT_CPW, 422, "code_invalid");
	activation_err(&c, tok, "manual_code", manual, VT_CPW, 422, "code_invalid");
	/* the advisor resends: a fresh link, the same manual code */
	json_decref(call(&s, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/resend", (long long)d), "{}", 200));
	vt_mail_token("claire@exemple.fr", "invitation", tok2);
	json_t *m = vt_last_mail("claire@exemple.fr", "invitation");
	assert_null(json_object_get(json_object_get(m, "vars"), "manual_code"));
	json_decref(m);
	vt_activate(&c, tok2, "manual_code", manual, VT_CPW);
	json_t *v = vt_vault(&s, d);
	assert_string_equal(jstr(v, "status"), "active");
	assert_null(json_object_get(v, "manual_code"));
	json_decref(v);
	assert_int_equal(vt_events("sms.send"), 0);
	httpc_free(&c);
	httpc_free(&s);
}

/* Sign-in and sign-out with the vault login. */
static void test_login_logout(void **state)
{
	struct httpc a, c;
	char tok[64], code[64];
	invited(KAREL, KAREL_MOB, tok);
	vt_client(&c);
	/* not active yet */
	assert_int_equal(vt_login(&c, KAREL, VT_CPW, NULL, code), 401);
	assert_string_equal(code, "invalid_credentials");
	vt_activate_sms(&a, KAREL, KAREL_MOB);
	assert_int_equal(vt_login(&c, KAREL, "verkeerd-wachtwoord-123", NULL, code), 401);
	assert_string_equal(code, "invalid_credentials");
	assert_int_equal(vt_login(&c, "niemand@voorbeeld.nl", VT_CPW, NULL, code), 401);
	assert_string_equal(code, "invalid_credentials");
	call_err(&c, "POST", "/api/v1/portal/session", "{\"email\":\"" KAREL "\"}", 400, "missing_field", "password");
	call_err(&c, "GET", "/api/v1/portal/me", NULL, 401, "unauthenticated", NULL);
	assert_int_equal(vt_login(&c, "Karel@Voorbeeld.NL", VT_CPW, NULL, code), 200);
	json_t *me = call(&c, "GET", "/api/v1/portal/me", NULL, 200);
	assert_string_equal(jstr(me, "email"), KAREL);
	json_decref(me);
	/* sign-out needs the CSRF token, then the session is gone */
	c.send_csrf = 0;
	call_err(&c, "DELETE", "/api/v1/portal/session", NULL, 403, "csrf", NULL);
	c.send_csrf = 1;
	json_decref(call(&c, "GET", "/api/v1/portal/me", NULL, 200));
	char cookie[64];
	vt_portal_cookie(&c, cookie);
	call_empty(&c, "DELETE", "/api/v1/portal/session", NULL, 204);
	call_err(&c, "GET", "/api/v1/portal/me", NULL, 401, "unauthenticated", NULL);
	httpc_set_cookie(&c, "kluis_portal", cookie); /* the old token is dead on the server */
	call_err(&c, "GET", "/api/v1/portal/me", NULL, 401, "unauthenticated", NULL);
	/* the other session (from the activation) is untouched */
	json_decref(call(&a, "GET", "/api/v1/portal/me", NULL, 200));
	/* idle timeout: 30 minutes */
	app_clock_advance(&T.app, 31 * 60);
	call_err(&a, "GET", "/api/v1/portal/me", NULL, 401, "unauthenticated", NULL);
	httpc_free(&a);
	httpc_free(&c);
}

/* P8: reset only for active vaults, same 202 for everyone. */
static void test_password_reset(void **state)
{
	struct httpc c, x;
	char tok[64], rt[64], rt2[64], code[64];
	invited("bea@voorbeeld.nl", "+31612345670", tok);
	invited(KAREL, KAREL_MOB, tok);
	vt_activate_sms(&c, KAREL, KAREL_MOB);
	vt_client(&x);
	int64_t mails = vt_events("mail.send");
	json_decref(call(&x, "POST", "/api/v1/portal/password-reset", "{\"email\":\"niemand@voorbeeld.nl\"}", 202));
	json_decref(call(&x, "POST", "/api/v1/portal/password-reset", "{\"email\":\"bea@voorbeeld.nl\"}", 202));
	json_decref(call(&x, "POST", "/api/v1/portal/password-reset", "{\"email\":\"geen-adres\"}", 202));
	json_decref(call(&x, "POST", "/api/v1/portal/password-reset", "{}", 202));
	assert_int_equal(vt_events("mail.send"), mails);
	/* the active account gets a link */
	json_decref(call(&x, "POST", "/api/v1/portal/password-reset", "{\"email\":\"" KAREL "\"}", 202));
	assert_int_equal(vt_events("mail.send"), mails + 1);
	json_t *m = vt_last_mail(KAREL, "password_reset");
	assert_non_null(strstr(jstr(json_object_get(m, "vars"), "link"), "/portaal/wachtwoord-herstellen?t="));
	json_decref(m);
	vt_mail_token(KAREL, "password_reset", rt);
	/* a second request replaces the first link */
	json_decref(call(&x, "POST", "/api/v1/portal/password-reset", "{\"email\":\"" KAREL "\"}", 202));
	vt_mail_token(KAREL, "password_reset", rt2);
	const char *confirm = "/api/v1/portal/password-reset/confirm";
	call_err(&x, "POST", confirm, J(json_pack("{s:s, s:s}", "token", rt, "password", "nieuw-kluis-wachtwoord-99")),
		 400, "token_invalid", NULL);
	call_err(&x, "POST", confirm, J(json_pack("{s:s, s:s}", "token", "nope", "password", "nieuw-kluis-wachtwoord-99")),
		 400, "token_invalid", NULL);
	/* an activation link is no reset link */
	call_err(&x, "POST", confirm, J(json_pack("{s:s, s:s}", "token", tok, "password", "nieuw-kluis-wachtwoord-99")),
		 400, "token_invalid", NULL);
	call_err(&x, "POST", confirm, J(json_pack("{s:s, s:s}", "token", rt2, "password", "kort")), 422,
		 "password_weak", "password");
	json_decref(call(&x, "POST", confirm,
			 J(json_pack("{s:s, s:s}", "token", rt2, "password", "nieuw-kluis-wachtwoord-99")), 200));
	json_t *pc = vt_last_mail(KAREL, "password_changed");
	json_decref(pc);
	/* sessions ended, old password dead, new one works; the link is used */
	call_err(&c, "GET", "/api/v1/portal/me", NULL, 401, "unauthenticated", NULL);
	assert_int_equal(vt_login(&x, KAREL, VT_CPW, NULL, code), 401);
	assert_int_equal(vt_login(&x, KAREL, "nieuw-kluis-wachtwoord-99", NULL, code), 200);
	call_err(&x, "POST", confirm, J(json_pack("{s:s, s:s}", "token", rt2, "password", "nog-een-ander-wachtwoord-5")),
		 410, "token_used", NULL);
	/* reset links expire after an hour */
	json_decref(call(&x, "POST", "/api/v1/portal/password-reset", "{\"email\":\"" KAREL "\"}", 202));
	vt_mail_token(KAREL, "password_reset", rt);
	app_clock_advance(&T.app, 3601);
	call_err(&x, "POST", confirm, J(json_pack("{s:s, s:s}", "token", rt, "password", "nog-een-ander-wachtwoord-5")),
		 410, "token_expired", NULL);
	httpc_free(&x);
	httpc_free(&c);
}

/* PATCH /me needs the current password; P11: the e-mail change is the
 * login only. */
static void test_me_update(void **state)
{
	struct httpc c, other, s;
	char tok[64], code[64];
	invited("bea@voorbeeld.nl", "+31612345670", tok);
	int64_t d = invited(KAREL, KAREL_MOB, tok);
	vt_activate_sms(&c, KAREL, KAREL_MOB);
	vt_client(&other);
	assert_int_equal(vt_login(&other, KAREL, VT_CPW, NULL, code), 200);
	const char *me = "/api/v1/portal/me";
	call_err(&c, "PATCH", me, "{\"email\":\"karel.nieuw@voorbeeld.nl\"}", 422, "invalid_credentials",
		 "current_password");
	call_err(&c, "PATCH", me, "{\"email\":\"karel.nieuw@voorbeeld.nl\",\"current_password\":\"fout-fout-fout-1\"}", 422,
		 "invalid_credentials", "current_password");
	call_err(&c, "PATCH", me, "{\"email\":\"kapot\",\"current_password\":\"" VT_CPW "\"}", 422, "invalid_email",
		 "email");
	call_err(&c, "PATCH", me, "{\"email\":\"BEA@voorbeeld.nl\",\"current_password\":\"" VT_CPW "\"}", 422,
		 "email_in_use", "email");
	int64_t mails = vt_events("mail.send");
	json_t *j = call(&c, "PATCH", me, "{\"email\":\"karel.nieuw@voorbeeld.nl\",\"current_password\":\"" VT_CPW "\"}",
			 200);
	assert_string_equal(jstr(j, "email"), "karel.nieuw@voorbeeld.nl");
	assert_string_equal(jstr(j, "original_email"), KAREL);
	json_decref(j);
	/* the old address is told */
	assert_int_equal(vt_events("mail.send"), mails + 1);
	json_t *m = vt_last_mail(KAREL, "email_changed");
	assert_string_equal(jstr(json_object_get(m, "vars"), "new_email"), "karel.nieuw@voorbeeld.nl");
	json_decref(m);
	/* the dossier keeps its e-mail, the vault tab the original address */
	vt_staff(&s);
	json_t *dj = call(&s, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	json_t *p = json_array_get(json_object_get(dj, "persons"), 0);
	assert_string_equal(jstr(json_array_get(json_object_get(p, "emails"), 0), "address"), KAREL);
	json_decref(dj);
	json_t *v = vt_vault(&s, d);
	assert_string_equal(jstr(v, "email"), KAREL);
	assert_string_equal(jstr(json_array_get(json_object_get(v, "users"), 0), "email"), "karel.nieuw@voorbeeld.nl");
	json_decref(v);
	/* the login is the new address */
	struct httpc x;
	vt_client(&x);
	assert_int_equal(vt_login(&x, KAREL, VT_CPW, NULL, code), 401);
	assert_int_equal(vt_login(&x, "karel.nieuw@voorbeeld.nl", VT_CPW, NULL, code), 200);
	httpc_free(&x);
	/* a reset goes by the login too */
	vt_client(&x);
	mails = vt_events("mail.send");
	json_decref(call(&x, "POST", "/api/v1/portal/password-reset", "{\"email\":\"" KAREL "\"}", 202));
	assert_int_equal(vt_events("mail.send"), mails);
	json_decref(call(&x, "POST", "/api/v1/portal/password-reset", "{\"email\":\"karel.nieuw@voorbeeld.nl\"}", 202));
	assert_int_equal(vt_events("mail.send"), mails + 1);
	json_decref(vt_last_mail("karel.nieuw@voorbeeld.nl", "password_reset"));
	httpc_free(&x);
	/* password change: checked, other sessions end, this one stays */
	call_err(&c, "PATCH", me, "{\"password\":\"kort\",\"current_password\":\"" VT_CPW "\"}", 422, "password_weak",
		 "password");
	call_err(&c, "PATCH", me, "{\"password\":\"Kastanje-Regen-Molen-77\"}", 422, "invalid_credentials",
		 "current_password");
	json_decref(call(&c, "PATCH", me,
			 "{\"password\":\"Kastanje-Regen-Molen-77\",\"current_password\":\"" VT_CPW "\"}", 200));
	json_decref(call(&c, "GET", me, NULL, 200));
	call_err(&other, "GET", me, NULL, 401, "unauthenticated", NULL);
	json_t *pc = vt_last_mail("karel.nieuw@voorbeeld.nl", "password_changed");
	json_decref(pc);
	vt_client(&x);
	assert_int_equal(vt_login(&x, "karel.nieuw@voorbeeld.nl", VT_CPW, NULL, code), 401);
	assert_int_equal(vt_login(&x, "karel.nieuw@voorbeeld.nl", "Kastanje-Regen-Molen-77", NULL, code), 200);
	httpc_free(&x);
	httpc_free(&s);
	httpc_free(&other);
	httpc_free(&c);
}

/* P9: TOTP set up with a first code, then needed at sign-in, single use,
 * switched off only with the password; the dossier shows it. */
static void test_two_factor(void **state)
{
	struct httpc c, x;
	char tok[64], code[64], totp[7], secret[64];
	int64_t d = invited(KAREL, KAREL_MOB, tok);
	vt_activate_sms(&c, KAREL, KAREL_MOB);
	/* confirm before begin */
	call_err(&c, "POST", "/api/v1/portal/2fa/confirm", "{\"totp\":\"123456\"}", 422, "totp_not_started", NULL);
	json_t *j = call(&c, "POST", "/api/v1/portal/2fa", "{}", 200);
	snprintf(secret, sizeof secret, "%s", jstr(j, "secret"));
	assert_non_null(strstr(jstr(j, "otpauth_url"), "otpauth://totp/"));
	assert_non_null(strstr(jstr(j, "otpauth_url"), secret));
	assert_non_null(strstr(jstr(j, "qr_svg"), "<svg"));
	json_decref(j);
	/* not on until confirmed */
	j = staff_vault(d);
	assert_true(json_is_false(json_object_get(j, "two_factor")));
	json_decref(j);
	tapp_totp_now(&T, secret, totp);
	call_err(&c, "POST", "/api/v1/portal/2fa/confirm", J(json_pack("{s:s}", "totp", wrong(totp))), 422, "totp_invalid",
		 NULL);
	j = call(&c, "POST", "/api/v1/portal/2fa/confirm", J(json_pack("{s:s}", "totp", totp)), 200);
	json_decref(j);
	json_t *m = vt_last_mail(KAREL, "twofactor_changed");
	json_decref(m);
	j = call(&c, "GET", "/api/v1/portal/me", NULL, 200);
	assert_true(json_is_true(json_object_get(j, "two_factor")));
	json_decref(j);
	j = staff_vault(d);
	assert_true(json_is_true(json_object_get(j, "two_factor")));
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(j, "users"), 0), "two_factor")));
	json_decref(j);
	/* sign out; sign-in now needs the code, and the confirm code is spent */
	call_empty(&c, "DELETE", "/api/v1/portal/session", NULL, 204);
	vt_client(&x);
	assert_int_equal(vt_login(&x, KAREL, VT_CPW, NULL, code), 401);
	assert_string_equal(code, "totp_required");
	assert_int_equal(vt_login(&x, KAREL, VT_CPW, totp, code), 401);
	assert_string_equal(code, "totp_invalid");
	assert_int_equal(vt_login(&x, KAREL, VT_CPW, "abcdef", code), 401);
	assert_string_equal(code, "totp_invalid");
	app_clock_advance(&T.app, 30);
	tapp_totp_now(&T, secret, totp);
	assert_int_equal(vt_login(&x, KAREL, "verkeerd-wachtwoord-123", totp, code), 401);
	assert_string_equal(code, "invalid_credentials");
	assert_int_equal(vt_login(&x, KAREL, VT_CPW, totp, code), 200);
	/* the same code a second time: refused (replay) */
	httpc_free(&c);
	vt_client(&c);
	assert_int_equal(vt_login(&c, KAREL, VT_CPW, totp, code), 401);
	assert_string_equal(code, "totp_invalid");
	/* off only with the password */
	call_err(&x, "DELETE", "/api/v1/portal/2fa", "{}", 422, "invalid_credentials", "password");
	call_err(&x, "DELETE", "/api/v1/portal/2fa", "{\"password\":\"verkeerd-wachtwoord-123\"}", 422,
		 "invalid_credentials", "password");
	j = staff_vault(d);
	assert_true(json_is_true(json_object_get(j, "two_factor")));
	json_decref(j);
	call_empty(&x, "DELETE", "/api/v1/portal/2fa", "{\"password\":\"" VT_CPW "\"}", 204);
	j = staff_vault(d);
	assert_true(json_is_false(json_object_get(j, "two_factor")));
	json_decref(j);
	j = call(&x, "GET", "/api/v1/portal/me", NULL, 200);
	assert_true(json_is_false(json_object_get(j, "two_factor")));
	json_decref(j);
	assert_int_equal(vt_login(&c, KAREL, VT_CPW, NULL, code), 200);
	httpc_free(&x);
	httpc_free(&c);
}

/* Every state change of a signed-in client needs its CSRF token. */
static void test_portal_csrf(void **state)
{
	struct httpc c, s;
	char tok[64];
	invited(KAREL, KAREL_MOB, tok);
	vt_activate_sms(&c, KAREL, KAREL_MOB);
	char good[128];
	snprintf(good, sizeof good, "%s", c.csrf);
	c.send_csrf = 0;
	call_err(&c, "PATCH", "/api/v1/portal/me",
		 "{\"password\":\"Kastanje-Regen-Molen-77\",\"current_password\":\"" VT_CPW "\"}", 403, "csrf", NULL);
	call_err(&c, "POST", "/api/v1/portal/2fa", "{}", 403, "csrf", NULL);
	call_err(&c, "POST", "/api/v1/portal/2fa/confirm", "{\"totp\":\"123456\"}", 403, "csrf", NULL);
	call_err(&c, "DELETE", "/api/v1/portal/2fa", "{\"password\":\"" VT_CPW "\"}", 403, "csrf", NULL);
	call_err(&c, "DELETE", "/api/v1/portal/session", NULL, 403, "csrf", NULL);
	c.send_csrf = 1;
	/* a wrong token, and a staff session's token, do not count either */
	snprintf(c.csrf, sizeof c.csrf, "%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	call_err(&c, "POST", "/api/v1/portal/2fa", "{}", 403, "csrf", NULL);
	vt_staff(&s);
	snprintf(c.csrf, sizeof c.csrf, "%s", s.csrf);
	call_err(&c, "POST", "/api/v1/portal/2fa", "{}", 403, "csrf", NULL);
	httpc_free(&s);
	/* nothing changed: the old password still signs in */
	snprintf(c.csrf, sizeof c.csrf, "%s", good);
	json_decref(call(&c, "GET", "/api/v1/portal/me", NULL, 200));
	struct httpc x;
	char code[64];
	vt_client(&x);
	assert_int_equal(vt_login(&x, KAREL, VT_CPW, NULL, code), 200);
	httpc_free(&x);
	httpc_free(&c);
}

/* --- with the file transports of API.md ----------------------------------- */

static void file_transports(struct config *cfg)
{
	snprintf(cfg->mail_transport, sizeof cfg->mail_transport, "file://%.400s/mail", cfg->data_dir);
	snprintf(cfg->sms_transport, sizeof cfg->sms_transport, "file://%.400s/sms", cfg->data_dir);
}

static int setup_files(void **state)
{
	vt_serve(file_transports);
	return 0;
}

/* slurp_dir: the contents of the files in dir whose names end in ext,
 * concatenated (NUL-terminated, free it); *count gets their number. */
static char *slurp_dir(const char *dir, const char *ext, int *count)
{
	DIR *dp = opendir(dir);
	if (!dp)
		fail_msg("no directory %s", dir);
	size_t cap = 1, len = 0;
	char *all = calloc(1, 1);
	struct dirent *e;
	*count = 0;
	while ((e = readdir(dp))) {
		size_t n = strlen(e->d_name), el = strlen(ext);
		if (n <= el || strcmp(e->d_name + n - el, ext) != 0)
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		char chunk[4096];
		size_t got;
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
			if (len + got + 1 > cap) {
				cap = (len + got + 1) * 2;
				all = realloc(all, cap);
			}
			memcpy(all + len, chunk, got);
			len += got;
			all[len] = '\0';
		}
		fclose(f);
		(*count)++;
	}
	closedir(dp);
	return all;
}

/* qp_decode: undo quoted-printable in place (soft breaks and =XX). */
static void qp_decode(char *s)
{
	char *w = s;
	for (char *r = s; *r;) {
		if (r[0] == '=' && r[1] == '\r' && r[2] == '\n') {
			r += 3;
		} else if (r[0] == '=' && r[1] == '\n') {
			r += 2;
		} else if (r[0] == '=' && r[1] && r[2] && strchr("0123456789ABCDEF", r[1]) && strchr("0123456789ABCDEF", r[2])) {
			char hex[3] = {r[1], r[2], 0};
			*w++ = (char)strtol(hex, NULL, 16);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* The whole flow through the real outbox handlers: the invitation .eml holds
 * the link, the SMS .json the code. */
static void test_file_transports(void **state)
{
	struct httpc s, c;
	char dir[512], tok[64], code[7] = "";
	int n = 0;
	vt_staff(&s);
	int64_t d = vt_private(&s, "Karel", KAREL, KAREL_MOB);
	json_decref(vt_invite(&s, d, NULL));
	assert_true(outbox_run_once(&T.app) >= 1);
	snprintf(dir, sizeof dir, "%s/mail", T.dir);
	char *eml = slurp_dir(dir, ".eml", &n);
	assert_int_equal(n, 1);
	qp_decode(eml);
	assert_non_null(strstr(eml, KAREL));
	const char *link = strstr(eml, "/portaal/activeren?t=");
	if (!link)
		fail_msg("no activation link in the mail:\n%.2000s", eml);
	vt_link_token(link, tok);
	free(eml);
	vt_client(&c);
	vt_sms(&c, tok, 200);
	assert_true(outbox_run_once(&T.app) >= 1);
	snprintf(dir, sizeof dir, "%s/sms", T.dir);
	char *sms = slurp_dir(dir, ".json", &n);
	assert_int_equal(n, 1);
	json_t *j = json_loads(sms, 0, NULL);
	if (!j)
		fail_msg("SMS file is not one JSON object: %.500s", sms);
	free(sms);
	assert_string_equal(jstr(j, "to"), KAREL_MOB);
	const char *text = jstr(j, "text");
	for (const char *p = text; *p; p++)
		if (strspn(p, "0123456789") == 6 && (p == text || p[-1] < '0' || p[-1] > '9')) {
			memcpy(code, p, 6);
			code[6] = '\0';
			break;
		}
	json_decref(j);
	assert_int_equal(strlen(code), 6);
	vt_activate(&c, tok, "sms_code", code, VT_CPW);
	json_t *v = vt_vault(&s, d);
	assert_string_equal(jstr(v, "status"), "active");
	json_decref(v);
	/* nothing is sent twice: another run writes no new files */
	outbox_run_once(&T.app);
	snprintf(dir, sizeof dir, "%s/sms", T.dir);
	free(slurp_dir(dir, ".json", &n));
	assert_int_equal(n, 1);
	httpc_free(&c);
	httpc_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_activation_sms, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_activation_code_limits, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_sms_rate_limit, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_link_expiry, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_manual_activation, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_login_logout, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_password_reset, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_me_update, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_two_factor, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_portal_csrf, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_file_transports, setup_files, st_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
