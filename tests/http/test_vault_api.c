/* HTTP tests: the staff side of the vault (API.md "Staff API — vault",
 * REQUIREMENTS P1–P7, P10, P12): who gets an invitation and how (SMS for
 * NL/UK/DE/BE mobiles, a manual code for other countries), every refusal
 * with its code and nothing sent, one vault per dossier and one login per
 * e-mail, business vaults, status, resend, revoke, extra users, unlink,
 * "view as client", audit lines, and the staff session/CSRF guard. The
 * invitation mail and the SMS are read from the outbox table, so these tests
 * do not need the mail/SMS transports. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "core/notify.h"
#include "core/vault.h"
#include "vaultc.h"

/* the firm's sender name, which the mails must use */
static void firm_sender(struct config *cfg)
{
	snprintf(cfg->mail_from, sizeof cfg->mail_from, "%s", "Adviesbureau De Vries <post@devries.nl>");
}

static int setup(void **state)
{
	vt_serve(firm_sender);
	return 0;
}

/* invite_err: the invitation is refused with code (and field), nothing is
 * queued, and the vault's status stays what it was. */
static void invite_err(struct httpc *c, int64_t dossier, const char *body, const char *code, const char *field)
{
	int64_t mails = vt_events("mail.send"), sms = vt_events("sms.send");
	json_t *before = vt_vault(c, dossier);
	call_err(c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation", (long long)dossier), body ? body : "{}", 422,
		 code, field);
	assert_int_equal(vt_events("mail.send"), mails);
	assert_int_equal(vt_events("sms.send"), sms);
	json_t *v = vt_vault(c, dossier);
	assert_string_equal(jstr(v, "status"), jstr(before, "status"));
	json_decref(v);
	json_decref(before);
}

/* render: the newest mail to `to` with template tmpl as the client reads it
 * (text part, free it). */
static char *render(const char *to, const char *tmpl)
{
	char *subject = NULL, *text = NULL, *html = NULL;
	json_t *m = vt_last_mail(to, tmpl);
	assert_int_equal(notify_render_mail(&T.app, tmpl, json_object_get(m, "vars"), &subject, &text, &html), 0);
	json_decref(m);
	free(subject);
	free(html);
	return text;
}

/* P1/P2: NL, UK (+44 7…), DE and BE mobiles are verified by SMS: the answer
 * says so, the first applicant gets the invitation mail with an activation
 * link, and no SMS goes out before the client opens the link. */
static void test_invite_sms_countries(void **state)
{
	static const struct {
		const char *typed, *e164;
	} mobiles[] = {
		{"06 12345678", "+31612345678"},
		{"+44 7911 123456", "+447911123456"},
		{"+49 151 23456789", "+4915123456789"},
		{"+32 470 12 34 56", "+32470123456"},
	};
	struct httpc c;
	vt_staff(&c);
	for (size_t i = 0; i < sizeof mobiles / sizeof mobiles[0]; i++) {
		char email[64];
		snprintf(email, sizeof email, "klant%zu@voorbeeld.nl", i);
		int64_t d = vt_private(&c, "Karel", email, mobiles[i].typed);
		int64_t mails = vt_events("mail.send");
		json_t *inv = vt_invite(&c, d, NULL);
		assert_string_equal(jstr(inv, "status"), "invited");
		assert_string_equal(jstr(inv, "verification"), "sms");
		assert_null(json_object_get(inv, "manual_code"));
		json_decref(inv);
		assert_int_equal(vt_events("mail.send"), mails + 1);
		assert_int_equal(vt_events("sms.send"), 0);
		json_t *m = vt_last_mail(email, "invitation");
		json_t *vars = json_object_get(m, "vars");
		char want[700], tok[64];
		vt_link_token(jstr(vars, "link"), tok);
		snprintf(want, sizeof want, "%s/portaal/activeren?t=%s", T.app.cfg.public_url, tok);
		assert_string_equal(jstr(vars, "link"), want);
		assert_null(json_object_get(vars, "manual_code"));
		json_decref(m);
		json_t *v = vt_vault(&c, d);
		assert_string_equal(jstr(v, "status"), "invited");
		assert_string_equal(jstr(v, "email"), email);
		assert_string_equal(jstr(v, "mobile"), mobiles[i].e164);
		assert_true(json_is_false(json_object_get(v, "two_factor")));
		assert_null(json_object_get(v, "manual_code"));
		json_t *users = json_object_get(v, "users");
		assert_int_equal(json_array_size(users), 1);
		json_t *u = json_array_get(users, 0);
		assert_string_equal(jstr(u, "email"), email);
		assert_true(json_is_true(json_object_get(u, "primary")));
		assert_true(json_is_false(json_object_get(u, "two_factor")));
		assert_true(json_is_integer(json_object_get(u, "id")));
		json_decref(v);
		assert_int_equal(vt_audit(d, "vault.invite"), 1);
	}
	httpc_free(&c);
}

/* P2: any other valid foreign mobile (+33) → a manual code, in the answer and
 * on the vault tab for the advisor to pass on — never in the invitation mail
 * itself (the mail alone must not be enough to activate). */
static void test_invite_manual_code(void **state)
{
	struct httpc c;
	vt_staff(&c);
	int64_t d = vt_private(&c, "Claire", "claire@exemple.fr", "+33 6 12 34 56 78");
	json_t *inv = vt_invite(&c, d, NULL);
	assert_string_equal(jstr(inv, "status"), "invited");
	assert_string_equal(jstr(inv, "verification"), "manual");
	const char *code = jstr(inv, "manual_code");
	assert_int_equal(strlen(code), 6);
	assert_int_equal(strspn(code, "0123456789"), 6);
	json_t *v = vt_vault(&c, d);
	assert_string_equal(jstr(v, "manual_code"), code);
	assert_string_equal(jstr(v, "mobile"), "+33612345678");
	json_decref(v);
	json_t *m = vt_last_mail("claire@exemple.fr", "invitation");
	assert_null(json_object_get(json_object_get(m, "vars"), "manual_code"));
	assert_true(json_is_true(json_object_get(json_object_get(m, "vars"), "manual")));
	json_decref(m);
	json_decref(inv);
	httpc_free(&c);
}

/* P2/P3: every refusal has its code, and nothing is sent. */
static void test_invite_refusals(void **state)
{
	struct httpc c;
	vt_staff(&c);
	/* no applicant at all, only a second applicant */
	int64_t d = vt_dossier(&c, "private");
	invite_err(&c, d, NULL, "no_first_applicant", NULL);
	vt_person(&c, d, "applicant2", "Bea", "bea@voorbeeld.nl", "mobile", "+31612345678");
	invite_err(&c, d, NULL, "no_first_applicant", NULL);
	/* P3: an "other party" with e-mail and mobile is never invited */
	d = vt_dossier(&c, "private");
	vt_person(&c, d, "other", "Otto", "otto@voorbeeld.nl", "mobile", "+31612345678");
	invite_err(&c, d, NULL, "no_first_applicant", NULL);
	invite_err(&c, d, "{\"email\":\"otto@voorbeeld.nl\",\"mobile\":\"+31612345678\"}", "no_first_applicant", NULL);
	/* no e-mail */
	d = vt_dossier(&c, "private");
	vt_person(&c, d, "applicant1", "Nico", NULL, "mobile", "+31612345678");
	invite_err(&c, d, NULL, "no_email", "email");
	/* malformed e-mail (typed) */
	invite_err(&c, d, "{\"email\":\"nico-at-voorbeeld.nl\"}", "invalid_email", "email");
	invite_err(&c, d, "{\"email\":\"nico@\"}", "invalid_email", "email");
	/* no phone of type mobile (a home number does not count) */
	d = vt_dossier(&c, "private");
	vt_person(&c, d, "applicant1", "Mia", "mia@voorbeeld.nl", "home", "+31201234567");
	invite_err(&c, d, NULL, "no_mobile", "mobile");
	d = vt_dossier(&c, "private");
	vt_person(&c, d, "applicant1", "Max", "max@voorbeeld.nl", NULL, NULL);
	invite_err(&c, d, NULL, "no_mobile", "mobile");
	/* a digit short, a fixed line, rubbish → invalid_mobile */
	invite_err(&c, d, "{\"mobile\":\"06 1234567\"}", "invalid_mobile", "mobile");
	invite_err(&c, d, "{\"mobile\":\"+31 6 1234567\"}", "invalid_mobile", "mobile");
	invite_err(&c, d, "{\"mobile\":\"+31201234567\"}", "invalid_mobile", "mobile");
	invite_err(&c, d, "{\"mobile\":\"bel me maar\"}", "invalid_mobile", "mobile");
	/* the e-mail is checked before the mobile */
	invite_err(&c, d, "{\"email\":\"kapot\",\"mobile\":\"+31201234567\"}", "invalid_email", "email");
	/* typed values complete what the dossier lacks */
	json_t *inv = vt_invite(&c, d, "{\"mobile\":\"06-12345678\"}");
	assert_string_equal(jstr(inv, "verification"), "sms");
	json_decref(inv);
	json_t *v = vt_vault(&c, d);
	assert_string_equal(jstr(v, "email"), "max@voorbeeld.nl");
	assert_string_equal(jstr(v, "mobile"), "+31612345678");
	json_decref(v);
	/* unknown dossier */
	call_err(&c, "POST", "/api/v1/dossiers/999999/vault/invitation", "{}", 404, "not_found", NULL);
	call_err(&c, "GET", "/api/v1/dossiers/999999/vault", NULL, 404, "not_found", NULL);
	httpc_free(&c);
}

/* One vault per dossier; one login per e-mail over all vaults (P7). */
static void test_vault_exists_and_email_in_use(void **state)
{
	struct httpc c;
	vt_staff(&c);
	int64_t d1 = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	json_decref(vt_invite(&c, d1, NULL));
	invite_err(&c, d1, NULL, "vault_exists", NULL);
	json_t *v = vt_vault(&c, d1);
	assert_string_equal(jstr(v, "status"), "invited");
	json_decref(v);
	/* a second dossier inviting the same e-mail (in any case) */
	int64_t d2 = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345679");
	int64_t mails = vt_events("mail.send");
	call_err(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation", (long long)d2), "{}", 422, "email_in_use",
		 "email");
	call_err(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation", (long long)d2),
		 "{\"email\":\"KAREL@Voorbeeld.nl\"}", 422, "email_in_use", "email");
	assert_int_equal(vt_events("mail.send"), mails);
	/* a different typed address works */
	json_decref(vt_invite(&c, d2, "{\"email\":\"karel.prive@voorbeeld.nl\"}"));
	json_t *m = vt_last_mail("karel.prive@voorbeeld.nl", "invitation");
	json_decref(m);
	httpc_free(&c);
}

/* P7: a business dossier invites its client organisation; a person with a
 * private and a business vault needs two e-mail addresses (the mobile may be
 * the same). */
static void test_business_vault(void **state)
{
	struct httpc c;
	vt_staff(&c);
	/* private vault of Piet */
	int64_t priv = vt_private(&c, "Piet", "piet@voorbeeld.nl", "+31612345678");
	json_decref(vt_invite(&c, priv, NULL));
	/* a business dossier without a client organisation */
	int64_t b0 = vt_dossier(&c, "business");
	invite_err(&c, b0, NULL, "no_first_applicant", NULL);
	int64_t emp = vt_org(&c, b0, "employer", "Werkgever BV", "info@werkgever.nl", "+31612345670");
	invite_err(&c, b0, NULL, "no_first_applicant", NULL);
	invite_err(&c, b0, J(json_pack("{s:I}", "organisation_id", (json_int_t)emp)), "no_first_applicant", NULL);
	/* Piet's company: other e-mail, same mobile → allowed */
	int64_t b1 = vt_dossier(&c, "business");
	vt_person(&c, b1, "applicant1", "Piet", "piet@voorbeeld.nl", "mobile", "+31612345678");
	vt_org(&c, b1, "client", "Piet Bouw BV", "piet@pietbouw.nl", "+31612345678");
	json_t *inv = vt_invite(&c, b1, NULL);
	assert_string_equal(jstr(inv, "verification"), "sms");
	json_decref(inv);
	json_t *m = vt_last_mail("piet@pietbouw.nl", "invitation");
	json_decref(m);
	json_t *v = vt_vault(&c, b1);
	assert_string_equal(jstr(v, "email"), "piet@pietbouw.nl");
	assert_string_equal(jstr(v, "mobile"), "+31612345678");
	json_decref(v);
	/* a second business dossier of Piet whose organisation has his private
	 * e-mail → email_in_use */
	int64_t b2 = vt_dossier(&c, "business");
	int64_t org2 = vt_org(&c, b2, "client", "Piet Holding BV", "piet@voorbeeld.nl", "+31612345678");
	invite_err(&c, b2, NULL, "email_in_use", "email");
	invite_err(&c, b2, J(json_pack("{s:I}", "organisation_id", (json_int_t)org2)), "email_in_use", "email");
	/* the organisation without contact details: typed in */
	int64_t b3 = vt_dossier(&c, "business");
	vt_org(&c, b3, "client", "Stil BV", NULL, NULL);
	invite_err(&c, b3, NULL, "no_email", "email");
	invite_err(&c, b3, "{\"email\":\"stil@stilbv.nl\"}", "no_mobile", "mobile");
	inv = vt_invite(&c, b3, "{\"email\":\"stil@stilbv.nl\",\"mobile\":\"+33612345678\"}");
	assert_string_equal(jstr(inv, "verification"), "manual");
	json_decref(inv);
	v = vt_vault(&c, b3);
	assert_string_equal(jstr(v, "status"), "invited");
	assert_string_equal(jstr(v, "email"), "stil@stilbv.nl");
	json_decref(v);
	httpc_free(&c);
}

/* P4/P5: refresh shows the state; resend gives a new link and kills the old
 * one; revoke makes the link "not found"; then a new invitation can go out. */
static void test_resend_revoke(void **state)
{
	struct httpc c, cl;
	char t1[64], t2[64], t3[64];
	vt_staff(&c);
	vt_client(&cl);
	int64_t d = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	/* nothing to resend or revoke yet */
	call_err(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/resend", (long long)d), "{}", 404, NULL, NULL);
	call_err(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/revoke", (long long)d), "{}", 404, NULL, NULL);
	json_decref(vt_invite(&c, d, NULL));
	vt_mail_token("karel@voorbeeld.nl", "invitation", t1);
	json_t *v = call(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/refresh", (long long)d), "{}", 200);
	assert_string_equal(jstr(v, "status"), "invited");
	json_decref(v);
	/* resend */
	int64_t mails = vt_events("mail.send");
	v = call(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/resend", (long long)d), "{}", 200);
	assert_string_equal(jstr(v, "status"), "invited");
	json_decref(v);
	assert_int_equal(vt_events("mail.send"), mails + 1);
	vt_mail_token("karel@voorbeeld.nl", "invitation", t2);
	assert_string_not_equal(t1, t2);
	call_err(&cl, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", t1)), 400, "token_invalid",
		 NULL);
	vt_sms(&cl, t2, 200);
	assert_int_equal(vt_audit(d, "vault.resend"), 1);
	/* revoke */
	v = call(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/revoke", (long long)d), "{}", 200);
	assert_string_equal(jstr(v, "status"), "revoked");
	json_decref(v);
	assert_int_equal(vt_audit(d, "vault.revoke"), 1);
	char code[7];
	vt_sms_code("+31612345678", code);
	call_err(&cl, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", t2)), 400, "token_invalid",
		 NULL);
	call_err(&cl, "POST", "/api/v1/portal/activation", vt_activation_body(t2, "sms_code", code, VT_CPW), 400,
		 "token_invalid", NULL);
	/* the page says "Uitnodiging niet gevonden" */
	struct http_resp hr;
	assert_int_equal(httpc_json(&cl, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", t2)), &hr),
			 0);
	assert_non_null(strstr(jstr(json_object_get(hr.json, "error"), "message"), "Uitnodiging niet gevonden"));
	http_resp_free(&hr);
	/* nothing open any more */
	call_err(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/resend", (long long)d), "{}", 422,
		 "not_invited", NULL);
	call_err(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/revoke", (long long)d), "{}", 422,
		 "not_invited", NULL);
	/* P5: a new invitation (same address) can be sent and works */
	json_decref(vt_invite(&c, d, NULL));
	v = vt_vault(&c, d);
	assert_string_equal(jstr(v, "status"), "invited");
	assert_int_equal(json_array_size(json_object_get(v, "users")), 1);
	json_decref(v);
	vt_mail_token("karel@voorbeeld.nl", "invitation", t3);
	call_err(&cl, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", t2)), 400, "token_invalid",
		 NULL);
	vt_sms(&cl, t3, 200);
	vt_sms_code("+31612345678", code);
	vt_activate(&cl, t3, "sms_code", code, VT_CPW);
	v = vt_vault(&c, d);
	assert_string_equal(jstr(v, "status"), "active");
	json_decref(v);
	/* an active vault cannot be revoked or re-invited */
	call_err(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/revoke", (long long)d), "{}", 422,
		 "not_invited", NULL);
	call_err(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/resend", (long long)d), "{}", 422,
		 "not_invited", NULL);
	invite_err(&c, d, NULL, "vault_exists", NULL);
	assert_int_equal(vt_audit(d, "vault.invite"), 2);
	httpc_free(&cl);
	httpc_free(&c);
}

/* P6: extra users once the vault is active; own link (no SMS code: the
 * mail link is their proof), own password and login; one browser is one
 * user. */
static void test_extra_users(void **state)
{
	struct httpc c, cl, ex;
	char tok[64], code[64], before[64], after[64];
	vt_staff(&c);
	int64_t d = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	json_decref(vt_invite(&c, d, NULL));
	const char *users = pathf("/api/v1/dossiers/%lld/vault/users", (long long)d);
	call_err(&c, "POST", users, "{\"email\":\"partner@voorbeeld.nl\",\"name\":\"Petra\"}", 422, "vault_not_active",
		 NULL);
	vt_activate_sms(&cl, "karel@voorbeeld.nl", "+31612345678");
	call_err(&c, "POST", users, "{\"email\":\"geen-adres\",\"name\":\"Petra\"}", 422, "invalid_email", "email");
	call_err(&c, "POST", users, "{\"email\":\"partner@voorbeeld.nl\"}", 422, "missing_field", "name");
	call_err(&c, "POST", users, "{\"email\":\"karel@voorbeeld.nl\",\"name\":\"Karel\"}", 422, "email_in_use",
		 "email");
	int64_t sms = vt_events("sms.send");
	json_t *u = call(&c, "POST", users, "{\"email\":\"partner@voorbeeld.nl\",\"name\":\"Petra\"}", 201);
	assert_string_equal(jstr(u, "email"), "partner@voorbeeld.nl");
	assert_true(json_is_false(json_object_get(u, "primary")));
	int64_t uid = jint(u, "id");
	json_decref(u);
	assert_int_equal(vt_audit(d, "vault.add_user"), 1);
	call_err(&c, "POST", users, "{\"email\":\"Partner@Voorbeeld.nl\",\"name\":\"Petra\"}", 422, "email_in_use",
		 "email");
	json_t *v = vt_vault(&c, d);
	assert_int_equal(json_array_size(json_object_get(v, "users")), 2);
	json_t *u2 = json_array_get(json_object_get(v, "users"), 1);
	assert_int_equal(jint(u2, "id"), uid);
	assert_true(json_is_false(json_object_get(u2, "primary")));
	assert_string_equal(jstr(v, "email"), "karel@voorbeeld.nl");
	json_decref(v);
	/* the extra user's link: no SMS code is used, the link alone activates */
	vt_mail_token("partner@voorbeeld.nl", "extra_user_invitation", tok);
	vt_client(&ex);
	call_err(&ex, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", tok)), 422, "no_sms", NULL);
	assert_int_equal(vt_events("sms.send"), sms);
	call_err(&ex, "POST", "/api/v1/portal/activation", vt_activation_body(tok, NULL, NULL, "kort"), 422,
		 "password_weak", "password");
	vt_activate(&ex, tok, NULL, NULL, "Zonnebloem-Tulp-2931");
	json_t *me = call(&ex, "GET", "/api/v1/portal/me", NULL, 200);
	assert_string_equal(jstr(me, "email"), "partner@voorbeeld.nl");
	assert_true(json_is_false(json_object_get(me, "primary")));
	assert_int_equal(jint(json_object_get(me, "dossier"), "id"), d);
	json_decref(me);
	call_err(&ex, "POST", "/api/v1/portal/activation", vt_activation_body(tok, NULL, NULL, VT_CPW), 410, "token_used",
		 NULL);
	/* own login; the primary's password does not open it */
	httpc_free(&ex);
	vt_client(&ex);
	assert_int_equal(vt_login(&ex, "partner@voorbeeld.nl", VT_CPW, NULL, code), 401);
	assert_int_equal(vt_login(&ex, "partner@voorbeeld.nl", "Zonnebloem-Tulp-2931", NULL, code), 200);
	/* own 2FA: shown per user; the vault's flag is the primary user's */
	json_t *t = call(&ex, "POST", "/api/v1/portal/2fa", "{}", 200);
	char secret[64], totp[7];
	snprintf(secret, sizeof secret, "%s", jstr(t, "secret"));
	json_decref(t);
	tapp_totp_now(&T, secret, totp);
	json_decref(call(&ex, "POST", "/api/v1/portal/2fa/confirm", J(json_pack("{s:s}", "totp", totp)), 200));
	v = vt_vault(&c, d);
	assert_true(json_is_false(json_object_get(v, "two_factor")));
	assert_true(json_is_false(json_object_get(json_array_get(json_object_get(v, "users"), 0), "two_factor")));
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(v, "users"), 1), "two_factor")));
	json_decref(v);
	httpc_free(&ex);
	vt_client(&ex);
	assert_int_equal(vt_login(&ex, "partner@voorbeeld.nl", "Zonnebloem-Tulp-2931", NULL, code), 401);
	assert_string_equal(code, "totp_required");
	app_clock_advance(&T.app, 30);
	tapp_totp_now(&T, secret, totp);
	assert_int_equal(vt_login(&ex, "partner@voorbeeld.nl", "Zonnebloem-Tulp-2931", totp, code), 200);
	httpc_free(&ex);
	/* an extra user can reset a forgotten password */
	int64_t mails = vt_events("mail.send");
	json_decref(call(&c, "POST", "/api/v1/portal/password-reset", "{\"email\":\"partner@voorbeeld.nl\"}", 202));
	assert_int_equal(vt_events("mail.send"), mails + 1);
	json_decref(vt_last_mail("partner@voorbeeld.nl", "password_reset"));
	/* one browser, one user: signing in as Petra in Karel's browser ends
	 * Karel's session there */
	vt_portal_cookie(&cl, before);
	app_clock_advance(&T.app, 30);
	tapp_totp_now(&T, secret, totp);
	assert_int_equal(vt_login(&cl, "partner@voorbeeld.nl", "Zonnebloem-Tulp-2931", totp, code), 200);
	vt_portal_cookie(&cl, after);
	assert_string_not_equal(before, after);
	me = call(&cl, "GET", "/api/v1/portal/me", NULL, 200);
	assert_string_equal(jstr(me, "email"), "partner@voorbeeld.nl");
	json_decref(me);
	httpc_set_cookie(&cl, "kluis_portal", before);
	call_err(&cl, "GET", "/api/v1/portal/me", NULL, 401, "unauthenticated", NULL);
	/* the staff route does not take a client cookie (clients add users
	 * through core, see test_client_adds_user_own_vault_only) */
	call_err(&cl, "POST", users, "{\"email\":\"derde@voorbeeld.nl\",\"name\":\"Derk\"}", 401, "unauthenticated",
		 NULL);
	httpc_free(&cl);
	httpc_free(&c);
}

/* P12: unlink removes the vault, its users, sessions and links; the dossier
 * and its persons stay; a fresh invitation works. */
static void test_unlink(void **state)
{
	struct httpc c, cl;
	char tok[64], code[64];
	vt_staff(&c);
	int64_t d = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	call_err(&c, "DELETE", pathf("/api/v1/dossiers/%lld/vault", (long long)d), NULL, 404, "not_found", NULL);
	json_decref(vt_invite(&c, d, NULL));
	vt_mail_token("karel@voorbeeld.nl", "invitation", tok);
	vt_activate_sms(&cl, "karel@voorbeeld.nl", "+31612345678");
	json_decref(call(&cl, "GET", "/api/v1/portal/me", NULL, 200));
	/* with an extra user, signed in too */
	struct httpc ex;
	char xtok[64];
	json_decref(call(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/users", (long long)d),
			 "{\"email\":\"partner@voorbeeld.nl\",\"name\":\"Petra\"}", 201));
	vt_mail_token("partner@voorbeeld.nl", "extra_user_invitation", xtok);
	vt_client(&ex);
	vt_activate(&ex, xtok, NULL, NULL, "Zonnebloem-Tulp-2931");
	call_empty(&c, "DELETE", pathf("/api/v1/dossiers/%lld/vault", (long long)d), NULL, 204);
	assert_int_equal(vt_audit(d, "vault.unlink"), 1);
	/* the old sessions and the old link are dead, the logins are gone */
	call_err(&cl, "GET", "/api/v1/portal/me", NULL, 401, "unauthenticated", NULL);
	call_err(&ex, "GET", "/api/v1/portal/me", NULL, 401, "unauthenticated", NULL);
	assert_int_equal(vt_login(&ex, "partner@voorbeeld.nl", "Zonnebloem-Tulp-2931", NULL, code), 401);
	httpc_free(&ex);
	call_err(&cl, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", tok)), 400, "token_invalid",
		 NULL);
	call_err(&cl, "POST", "/api/v1/portal/activation", vt_activation_body(tok, "sms_code", "123456", VT_CPW), 400,
		 "token_invalid", NULL);
	assert_int_equal(vt_login(&cl, "karel@voorbeeld.nl", VT_CPW, NULL, code), 401);
	/* the dossier and its person are still there, e-mail unchanged */
	json_t *dj = call(&c, "GET", pathf("/api/v1/dossiers/%lld", (long long)d), NULL, 200);
	json_t *persons = json_object_get(dj, "persons");
	assert_int_equal(json_array_size(persons), 1);
	json_t *p = json_array_get(persons, 0);
	assert_string_equal(jstr(json_array_get(json_object_get(p, "emails"), 0), "address"), "karel@voorbeeld.nl");
	json_decref(dj);
	json_t *v = vt_vault(&c, d);
	assert_string_equal(jstr(v, "status"), "none");
	assert_int_equal(json_array_size(json_object_get(v, "users")), 0);
	json_decref(v);
	call_err(&c, "DELETE", pathf("/api/v1/dossiers/%lld/vault", (long long)d), NULL, 404, "not_found", NULL);
	/* a fresh invitation to the same address works end to end */
	json_t *inv = vt_invite(&c, d, NULL);
	assert_string_equal(jstr(inv, "status"), "invited");
	json_decref(inv);
	httpc_free(&cl);
	vt_activate_sms(&cl, "karel@voorbeeld.nl", "+31612345678");
	json_decref(call(&cl, "GET", "/api/v1/portal/me", NULL, 200));
	/* unlinking an invited (not yet active) vault works as well */
	int64_t d2 = vt_private(&c, "Bea", "bea@voorbeeld.nl", "+31612345670");
	json_decref(vt_invite(&c, d2, NULL));
	vt_mail_token("bea@voorbeeld.nl", "invitation", tok);
	call_empty(&c, "DELETE", pathf("/api/v1/dossiers/%lld/vault", (long long)d2), NULL, 204);
	call_err(&cl, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", tok)), 400, "token_invalid",
		 NULL);
	httpc_free(&cl);
	httpc_free(&c);
}

/* P10: view as client: read-only, time-limited, audited. */
static void test_view_as(void **state)
{
	struct httpc c, cl, va;
	char csrf[64];
	vt_staff(&c);
	int64_t d = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	const char *path = pathf("/api/v1/dossiers/%lld/vault/view-as", (long long)d);
	call_err(&c, "POST", path, "{}", 404, NULL, NULL);
	json_decref(vt_invite(&c, d, NULL));
	call_err(&c, "POST", path, "{}", 404, NULL, NULL); /* not active yet */
	vt_activate_sms(&cl, "karel@voorbeeld.nl", "+31612345678");
	json_t *j = call(&c, "POST", path, "{}", 200);
	const char *url = jstr(j, "url");
	assert_non_null(strstr(url, "/portaal/meekijken?t="));
	char tok[64];
	vt_link_token(url, tok);
	json_decref(j);
	assert_int_equal(vt_audit(d, "vault.view_as"), 1);
	/* the token is a client session cookie */
	vt_client(&va);
	httpc_set_cookie(&va, "kluis_portal", tok);
	json_t *me = call(&va, "GET", "/api/v1/portal/me", NULL, 200);
	assert_true(json_is_true(json_object_get(me, "view_as")));
	assert_string_equal(jstr(me, "email"), "karel@voorbeeld.nl");
	json_decref(me);
	/* the client's own session does not say view_as */
	me = call(&cl, "GET", "/api/v1/portal/me", NULL, 200);
	assert_null(json_object_get(me, "view_as"));
	json_decref(me);
	/* no change gets through: without the session's CSRF token, and with it */
	call_err(&va, "PATCH", "/api/v1/portal/me", "{\"email\":\"x@voorbeeld.nl\",\"current_password\":\"" VT_CPW "\"}",
		 403, "csrf", NULL);
	vt_view_as_csrf(csrf);
	snprintf(va.csrf, sizeof va.csrf, "%s", csrf);
	call_err(&va, "PATCH", "/api/v1/portal/me", "{\"email\":\"x@voorbeeld.nl\",\"current_password\":\"" VT_CPW "\"}",
		 403, "read_only", NULL);
	call_err(&va, "POST", "/api/v1/portal/2fa", "{}", 403, "read_only", NULL);
	call_err(&va, "POST", "/api/v1/portal/2fa/confirm", "{\"totp\":\"123456\"}", 403, "read_only", NULL);
	call_err(&va, "DELETE", "/api/v1/portal/2fa", "{\"password\":\"" VT_CPW "\"}", 403, "read_only", NULL);
	me = call(&cl, "GET", "/api/v1/portal/me", NULL, 200);
	assert_string_equal(jstr(me, "email"), "karel@voorbeeld.nl");
	assert_true(json_is_false(json_object_get(me, "two_factor")));
	json_decref(me);
	/* still alive after 14 minutes, dead after 15 */
	app_clock_advance(&T.app, 14 * 60);
	json_decref(call(&va, "GET", "/api/v1/portal/me", NULL, 200));
	app_clock_advance(&T.app, 61);
	call_err(&va, "GET", "/api/v1/portal/me", NULL, 401, "unauthenticated", NULL);
	httpc_free(&va);
	httpc_free(&cl);
	httpc_free(&c);
}

/* The staff API needs a staff session and, for changes, its CSRF token; a
 * client session is no staff session. */
static void test_staff_guard(void **state)
{
	struct httpc c, anon, cl;
	vt_staff(&c);
	int64_t d = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	vt_client(&anon);
	const char *base = pathf("/api/v1/dossiers/%lld/vault", (long long)d);
	call_err(&anon, "GET", base, NULL, 401, "unauthenticated", NULL);
	call_err(&anon, "POST", pathf("%s/invitation", base), "{}", 401, "unauthenticated", NULL);
	call_err(&anon, "POST", pathf("%s/view-as", base), "{}", 401, "unauthenticated", NULL);
	call_err(&anon, "DELETE", base, NULL, 401, "unauthenticated", NULL);
	/* without the CSRF header nothing changes */
	c.send_csrf = 0;
	call_err(&c, "POST", pathf("%s/invitation", base), "{}", 403, "csrf", NULL);
	c.send_csrf = 1;
	json_t *v = vt_vault(&c, d);
	assert_string_equal(jstr(v, "status"), "none");
	json_decref(v);
	assert_int_equal(vt_events("mail.send"), 0);
	c.send_csrf = 0;
	call_err(&c, "DELETE", base, NULL, 403, "csrf", NULL);
	c.send_csrf = 1;
	/* a client cookie does not open the staff API */
	json_decref(vt_invite(&c, d, NULL));
	vt_activate_sms(&cl, "karel@voorbeeld.nl", "+31612345678");
	call_err(&cl, "GET", base, NULL, 401, "unauthenticated", NULL);
	call_err(&cl, "POST", pathf("%s/view-as", base), "{}", 401, "unauthenticated", NULL);
	httpc_free(&cl);
	httpc_free(&anon);
	httpc_free(&c);
}

/* The invitation may name the product it comes from; it must be one of this
 * dossier's products. */
static void test_invite_product(void **state)
{
	struct httpc c;
	vt_staff(&c);
	int64_t d = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	int64_t other = vt_private(&c, "Bea", "bea@voorbeeld.nl", "+31612345670");
	const char *prod = pathf("/api/v1/dossiers/%lld/products", (long long)other);
	json_t *p = call(&c, "POST", prod, "{\"type\":\"service\",\"public\":true}", 201);
	int64_t foreign = jint(p, "id");
	json_decref(p);
	prod = pathf("/api/v1/dossiers/%lld/products", (long long)d);
	p = call(&c, "POST", prod, "{\"type\":\"service\",\"public\":true}", 201);
	int64_t own = jint(p, "id");
	json_decref(p);
	invite_err(&c, d, J(json_pack("{s:I}", "product_id", (json_int_t)999999)), "invalid_product", "product_id");
	invite_err(&c, d, J(json_pack("{s:I}", "product_id", (json_int_t)foreign)), "invalid_product", "product_id");
	json_t *inv = vt_invite(&c, d, J(json_pack("{s:I}", "product_id", (json_int_t)own)));
	assert_string_equal(jstr(inv, "status"), "invited");
	json_decref(inv);
	httpc_free(&c);
}

/* A revoked invitation holds no address: the same e-mail can be invited
 * from another dossier (e.g. the advisor picked the wrong dossier first),
 * and the revoked link stays dead. */
static void test_revoked_invitation_frees_address(void **state)
{
	struct httpc c, cl;
	char tok[64];
	vt_staff(&c);
	int64_t wrong_d = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	json_decref(vt_invite(&c, wrong_d, NULL));
	vt_mail_token("karel@voorbeeld.nl", "invitation", tok);
	json_decref(call(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/invitation/revoke", (long long)wrong_d), "{}",
			 200));
	int64_t d = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	json_decref(vt_invite(&c, d, NULL));
	json_t *v = vt_vault(&c, wrong_d);
	assert_string_equal(jstr(v, "status"), "revoked");
	assert_string_equal(jstr(v, "email"), "karel@voorbeeld.nl");
	json_decref(v);
	vt_client(&cl);
	call_err(&cl, "POST", "/api/v1/portal/activation/sms", J(json_pack("{s:s}", "token", tok)), 400, "token_invalid",
		 NULL);
	httpc_free(&cl);
	vt_activate_sms(&cl, "karel@voorbeeld.nl", "+31612345678");
	json_t *me = call(&cl, "GET", "/api/v1/portal/me", NULL, 200);
	assert_int_equal(jint(json_object_get(me, "dossier"), "id"), d);
	json_decref(me);
	/* the first dossier can be invited again, now with another address */
	invite_err(&c, wrong_d, NULL, "email_in_use", "email");
	json_decref(vt_invite(&c, wrong_d, "{\"email\":\"karel.zaak@voorbeeld.nl\"}"));
	httpc_free(&cl);
	httpc_free(&c);
}

/* P6 core rule: a client may add an extra user to its own vault only. */
static void test_client_adds_user_own_vault_only(void **state)
{
	struct httpc c, cl;
	vt_staff(&c);
	int64_t d = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	int64_t other = vt_private(&c, "Bea", "bea@voorbeeld.nl", "+31612345670");
	json_decref(vt_invite(&c, d, NULL));
	vt_activate_sms(&cl, "karel@voorbeeld.nl", "+31612345678");
	json_decref(vt_invite(&c, other, NULL));
	app_clock_advance(&T.app, 61);
	struct httpc cl2;
	vt_activate_sms(&cl2, "bea@voorbeeld.nl", "+31612345670");
	json_t *me = call(&cl, "GET", "/api/v1/portal/me", NULL, 200);
	struct actor karel = {ACTOR_CLIENT, jint(me, "id"), ROLE_NONE, "", ""};
	json_decref(me);
	struct kfail f = {0};
	json_t *out = NULL;
	assert_int_equal(vault_add_user(&T.app, &karel, other, "indringer@voorbeeld.nl", "Ingrid", &out, &f), K_EDENIED);
	assert_null(out);
	json_t *v = vt_vault(&c, other);
	assert_int_equal(json_array_size(json_object_get(v, "users")), 1);
	json_decref(v);
	assert_int_equal(vault_add_user(&T.app, &karel, d, "partner@voorbeeld.nl", "Petra", &out, &f), K_OK);
	assert_string_equal(jstr(out, "email"), "partner@voorbeeld.nl");
	json_decref(out);
	v = vt_vault(&c, d);
	assert_int_equal(json_array_size(json_object_get(v, "users")), 2);
	json_decref(v);
	httpc_free(&cl2);
	httpc_free(&cl);
	httpc_free(&c);
}

/* The mails read well: the firm's own name (from mail.from), the link, no
 * manual code, and who gave an extra user access. */
static void test_mail_texts(void **state)
{
	struct httpc c, cl;
	vt_staff(&c);
	int64_t d = vt_private(&c, "Karel", "karel@voorbeeld.nl", "+31612345678");
	json_decref(vt_invite(&c, d, NULL));
	char *text = render("karel@voorbeeld.nl", "invitation");
	assert_non_null(strstr(text, "Beste Karel"));
	assert_non_null(strstr(text, "Adviesbureau De Vries heeft een persoonlijke"));
	assert_null(strstr(text, "uw adviseur heeft"));
	assert_non_null(strstr(text, "/portaal/activeren?t="));
	free(text);
	vt_activate_sms(&cl, "karel@voorbeeld.nl", "+31612345678");
	json_decref(call(&c, "POST", pathf("/api/v1/dossiers/%lld/vault/users", (long long)d),
			 "{\"email\":\"partner@voorbeeld.nl\",\"name\":\"Petra\"}", 201));
	text = render("partner@voorbeeld.nl", "extra_user_invitation");
	assert_non_null(strstr(text, "Beste Petra"));
	assert_non_null(strstr(text, "Karel heeft u toegang gegeven tot een beveiligde kluis bij Adviesbureau De Vries"));
	free(text);
	/* a password reset names the firm too */
	json_decref(call(&cl, "POST", "/api/v1/portal/password-reset", "{\"email\":\"karel@voorbeeld.nl\"}", 202));
	text = render("karel@voorbeeld.nl", "password_reset");
	assert_non_null(strstr(text, "uw kluis bij Adviesbureau De Vries"));
	assert_non_null(strstr(text, "/portaal/wachtwoord-herstellen?t="));
	free(text);
	int64_t f = vt_private(&c, "Claire", "claire@exemple.fr", "+33612345678");
	json_t *inv = vt_invite(&c, f, NULL);
	text = render("claire@exemple.fr", "invitation");
	assert_null(strstr(text, jstr(inv, "manual_code")));
	assert_non_null(strstr(text, "apart van uw adviseur"));
	free(text);
	json_decref(inv);
	httpc_free(&cl);
	httpc_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_invite_sms_countries, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_invite_manual_code, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_invite_refusals, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_vault_exists_and_email_in_use, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_business_vault, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_resend_revoke, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_extra_users, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_unlink, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_view_as, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_staff_guard, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_invite_product, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_revoked_invitation_frees_address, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_client_adds_user_own_vault_only, setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_mail_texts, setup, st_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
