/* The client's front door (P1, P8, P10): activation, sign-in, sign-out,
 * forgotten password, and the read-only "view as client" link. */
#include <stdio.h>
#include <string.h>
#include "core/portal.h"
#include "util/alloc.h"
#include "web/auth.h"
#include "web/portal/portal_pages.h"

/* --- link (token) errors ------------------------------------------------- */

static int is_token_fail(const struct kfail *f)
{
	return f && f->code && strncmp(f->code, "token_", 6) == 0;
}

/* A clear page for an unusable activation (reset = 0) or reset link. */
static int token_page(struct req *r, const struct kfail *f, int reset)
{
	const char *code = f && f->code ? f->code : "token_invalid";
	if (strcmp(code, "token_expired") == 0) {
		if (reset)
			return portal_message(r, 410, "Deze link is verlopen",
					      "Een link om uw wachtwoord te herstellen is een uur geldig. Vraag hieronder een nieuwe aan.",
					      "/portaal/wachtwoord-vergeten", "Nieuwe link aanvragen");
		return portal_message(r, 410, "Deze uitnodiging is verlopen",
				      "Een uitnodiging is 14 dagen geldig. Vraag uw adviseur om u een nieuwe uitnodiging te sturen; "
				      "u krijgt dan een nieuwe e-mail met een link.",
				      NULL, NULL);
	}
	if (strcmp(code, "token_used") == 0) {
		if (reset)
			return portal_message(r, 410, "Deze link is al gebruikt",
					      "Met deze link is al een nieuw wachtwoord gekozen. Log in met dat wachtwoord, of vraag een nieuwe link aan.",
					      "/portaal/login", "Naar inloggen");
		return portal_message(r, 410, "Deze uitnodiging is al gebruikt",
				      "Uw kluis is al geactiveerd. Log in met uw e-mailadres en het wachtwoord dat u toen koos. "
				      "Wachtwoord vergeten? Dat kunt u op de inlogpagina herstellen.",
				      "/portaal/login", "Naar inloggen");
	}
	if (reset)
		return portal_message(r, 404, "Link niet gevonden",
				      "Deze link werkt niet (meer). Misschien heeft u later nog een link aangevraagd: gebruik dan de nieuwste e-mail.",
				      "/portaal/wachtwoord-vergeten", "Nieuwe link aanvragen");
	return portal_message(r, 404, "Uitnodiging niet gevonden",
			      "Deze uitnodiging bestaat niet (meer). Misschien is ze ingetrokken of vervangen door een nieuwe. "
			      "Gebruik de link uit de nieuwste e-mail, of vraag uw adviseur om een nieuwe uitnodiging.",
			      NULL, NULL);
}

static int busy_page(struct req *r)
{
	return portal_message(r, 503, "Even te druk", "Het is even te druk. Probeer het over een paar seconden opnieuw.",
			      NULL, NULL);
}

/* --- activation ------------------------------------------------------------ */

/* Error and notice texts of the activation form. */
struct act_msgs {
	const char *notice;
	const char *code_error;
	const char *sms_error;
	const char *password_error;
	const char *password2_error;
};

/* info (stolen) is portal_activation_open's answer. */
static int render_activate(struct req *r, int status, const char *token, json_t *info, const struct act_msgs *m)
{
	const char *ver = json_string_value(json_object_get(info, "verification"));
	if (!ver)
		ver = "none";
	int sms = strcmp(ver, "sms") == 0, manual = strcmp(ver, "manual") == 0;
	json_t *ctx = json_pack("{s:s, s:s, s:O, s:O, s:b, s:b, s:b, s:b}", "title", "Activeer uw kluis", "t", token,
				"name", json_object_get(info, "name"), "email", json_object_get(info, "email"), "is_sms",
				sms, "is_manual", manual, "has_code", sms || manual, "code_sent",
				sms && json_is_true(json_object_get(info, "code_sent")));
	json_decref(info);
	if (m) {
		if (m->notice)
			json_object_set_new(ctx, "notice", json_string(m->notice));
		if (m->code_error)
			json_object_set_new(ctx, "code_error", json_string(m->code_error));
		if (m->sms_error)
			json_object_set_new(ctx, "sms_error", json_string(m->sms_error));
		if (m->password_error)
			json_object_set_new(ctx, "password_error", json_string(m->password_error));
		if (m->password2_error)
			json_object_set_new(ctx, "password2_error", json_string(m->password2_error));
	}
	if (r->client_authed)
		r->client_authed = false; /* the activation page is always the anonymous one */
	return portal_render(r, status, "portal_activate", ctx);
}

/* Open the link (sends an SMS code when none is valid) and show the form. */
static int open_and_render(struct req *r, int status, const char *token, const struct act_msgs *m)
{
	json_t *info = NULL;
	struct kfail f = {0};
	int rc = portal_activation_open(r->app, token, &info, &f);
	if (rc == K_EINVAL && is_token_fail(&f))
		return token_page(r, &f, 0);
	if (rc == K_EBUSY)
		return busy_page(r);
	if (rc)
		return rc;
	return render_activate(r, status, token, info, m);
}

int ppage_activate(struct req *r)
{
	return open_and_render(r, 200, req_param(r, "t"), NULL);
}

/* "123 456" → "123456" (into out) */
static void code_digits(const char *in, char *out, size_t outlen)
{
	size_t n = 0;
	for (; in && *in && n + 1 < outlen; in++)
		if (*in != ' ' && *in != '-')
			out[n++] = *in;
	out[n] = '\0';
}

int ppage_activate_post(struct req *r)
{
	const char *token = req_param(r, "t");
	const char *pw = req_param(r, "password"), *pw2 = req_param(r, "password2");
	char code[20];
	code_digits(req_param(r, "code"), code, sizeof code);
	json_t *info = NULL;
	struct kfail f = {0};
	int rc = portal_activation_open(r->app, token, &info, &f);
	if (rc == K_EINVAL && is_token_fail(&f))
		return token_page(r, &f, 0);
	if (rc == K_EBUSY)
		return busy_page(r);
	if (rc)
		return rc;
	const char *ver = json_string_value(json_object_get(info, "verification"));
	struct act_msgs m = {0};
	if (ver && strcmp(ver, "none") != 0 && !code[0])
		m.code_error = strcmp(ver, "sms") == 0 ? "Vul de code uit de sms in." : "Vul de code van uw adviseur in.";
	if (!pw || !*pw)
		m.password_error = "Kies een wachtwoord.";
	else if (!pw2 || strcmp(pw, pw2) != 0)
		m.password2_error = "De twee wachtwoorden zijn niet gelijk. Typ hetzelfde wachtwoord nog een keer.";
	if (m.code_error || m.password_error || m.password2_error)
		return render_activate(r, 422, token, info, &m);
	struct portal_login_ok ok;
	rc = portal_activate(r->app, token, code[0] ? code : NULL, pw, r->ip, &ok, &f);
	if (rc == K_EINVAL && is_token_fail(&f)) {
		json_decref(info);
		return token_page(r, &f, 0);
	}
	if (rc == K_EINVAL || rc == K_EWEAK) {
		if (f.code && strcmp(f.code, "code_invalid") == 0)
			m.code_error = f.message;
		else
			m.password_error = f.message[0] ? f.message : "Dit wachtwoord is niet sterk genoeg.";
		return render_activate(r, 422, token, info, &m);
	}
	json_decref(info);
	if (rc == K_EBUSY)
		return busy_page(r);
	if (rc)
		return rc;
	/* one browser, one vault user (P6): end the session this browser had */
	const char *old = req_cookie(r, auth_client_cookie(r->app));
	if (old)
		portal_logout(r->app, old);
	auth_set_client_cookie(r, ok.token);
	secure_wipe(&ok, sizeof ok);
	return resp_redirect(r, "/portaal/");
}

int ppage_activate_sms(struct req *r)
{
	const char *token = req_param(r, "t");
	struct kfail f = {0};
	int rc = portal_activation_sms(r->app, token, &f);
	if (rc == K_EINVAL && is_token_fail(&f))
		return token_page(r, &f, 0);
	if (rc == K_EBUSY)
		return busy_page(r);
	struct act_msgs m = {0};
	int status = 200;
	if (rc == K_ELIMIT || rc == K_EINVAL) {
		m.sms_error = f.message[0] ? f.message : "Er kan nu geen nieuwe code worden gestuurd.";
		status = rc == K_ELIMIT ? 429 : 422;
	} else if (rc) {
		return rc;
	} else {
		m.notice = "We hebben een nieuwe code gestuurd. Hij is 10 minuten geldig; een eerdere code werkt niet meer.";
	}
	return open_and_render(r, status, token, &m);
}

/* --- sign-in and sign-out ------------------------------------------------- */

static int render_login(struct req *r, int status, const char *email, const char *error, int need_totp)
{
	json_t *ctx = json_pack("{s:s, s:s, s:b}", "title", "Inloggen", "email", email ? email : "", "need_totp",
				need_totp);
	if (error)
		json_object_set_new(ctx, "error", json_string(error));
	r->client_authed = false;
	return portal_render(r, status, "portal_login", ctx);
}

int ppage_login(struct req *r)
{
	if (r->client_authed)
		return resp_redirect(r, "/portaal/");
	return render_login(r, 200, NULL, NULL, 0);
}

int ppage_login_post(struct req *r)
{
	const char *email = req_param(r, "email");
	const char *password = req_param(r, "password");
	const char *totp = req_param(r, "totp");
	if (!email || !*email || !password || !*password)
		return render_login(r, 422, email, "Vul uw e-mailadres en wachtwoord in.", 0);
	char code[20];
	code_digits(totp, code, sizeof code);
	struct portal_login_ok ok;
	int rc = portal_login(r->app, email, password, code[0] ? code : NULL, r->ip,
			      req_cookie(r, auth_client_cookie(r->app)), &ok);
	switch (rc) {
	case K_OK:
		break;
	case K_ETOTP_REQUIRED:
		return render_login(r, 401, email, "Vul ook de code uit uw authenticator-app in.", 1);
	case K_ETOTP_INVALID:
		return render_login(r, 401, email, "De code uit de authenticator-app klopt niet. Wacht op een nieuwe code en probeer het opnieuw.", 1);
	case K_ELIMIT:
		return render_login(r, 429, email, "Te veel mislukte pogingen. Probeer het over een uur opnieuw.", 0);
	case K_EBUSY:
		return render_login(r, 503, email, "Het is even te druk. Probeer het zo opnieuw.", 0);
	case K_EAUTH:
		return render_login(r, 401, email, "E-mailadres of wachtwoord klopt niet.", 0);
	default:
		return rc;
	}
	auth_set_client_cookie(r, ok.token);
	secure_wipe(&ok, sizeof ok);
	return resp_redirect(r, "/portaal/");
}

int ppage_logout(struct req *r)
{
	int64_t dossier = r->client.dossier_id;
	int view_as = r->client.view_as_staff_id != 0;
	portal_logout(r->app, req_cookie(r, auth_client_cookie(r->app)));
	auth_clear_client_cookie(r);
	if (view_as) {
		/* the advisor stops looking along: back to the dossier's Kluis tab */
		char loc[96];
		snprintf(loc, sizeof loc, "/app/dossiers/%lld?tab=kluis", (long long)dossier);
		return resp_redirect(r, loc);
	}
	return resp_redirect(r, "/portaal/login");
}

/* --- forgotten password (P8) ----------------------------------------------- */

int ppage_forgot(struct req *r)
{
	r->client_authed = false;
	return portal_render(r, 200, "portal_forgot", json_pack("{s:s}", "title", "Wachtwoord vergeten"));
}

int ppage_forgot_post(struct req *r)
{
	const char *email = req_param(r, "email");
	r->client_authed = false;
	if (!email || !*email)
		return portal_render(r, 422, "portal_forgot",
				     json_pack("{s:s, s:s}", "title", "Wachtwoord vergeten", "error", "Vul uw e-mailadres in."));
	/* the same answer whether or not the address has an active vault */
	int rc = portal_reset_request(r->app, email, r->ip);
	if (rc == K_EBUSY)
		return busy_page(r);
	return portal_render(r, 200, "portal_forgot",
			     json_pack("{s:s, s:b, s:s}", "title", "Wachtwoord vergeten", "sent", 1, "email", email));
}

static int render_reset(struct req *r, int status, const char *token, const char *error, const char *error2)
{
	json_t *ctx = json_pack("{s:s, s:s}", "title", "Nieuw wachtwoord kiezen", "t", token ? token : "");
	if (error)
		json_object_set_new(ctx, "password_error", json_string(error));
	if (error2)
		json_object_set_new(ctx, "password2_error", json_string(error2));
	r->client_authed = false;
	return portal_render(r, status, "portal_reset", ctx);
}

int ppage_reset(struct req *r)
{
	const char *token = req_param(r, "t");
	if (!token)
		return token_page(r, NULL, 1);
	return render_reset(r, 200, token, NULL, NULL);
}

int ppage_reset_post(struct req *r)
{
	const char *token = req_param(r, "t");
	const char *pw = req_param(r, "password"), *pw2 = req_param(r, "password2");
	if (!token)
		return token_page(r, NULL, 1);
	if (!pw || !*pw)
		return render_reset(r, 422, token, "Kies een nieuw wachtwoord.", NULL);
	if (!pw2 || strcmp(pw, pw2) != 0)
		return render_reset(r, 422, token, NULL, "De twee wachtwoorden zijn niet gelijk. Typ hetzelfde wachtwoord nog een keer.");
	struct kfail f = {0};
	int rc = portal_reset_confirm(r->app, token, pw, &f);
	if (rc == K_EINVAL && is_token_fail(&f))
		return token_page(r, &f, 1);
	if (rc == K_EINVAL || rc == K_EWEAK)
		return render_reset(r, 422, token, f.message[0] ? f.message : "Dit wachtwoord is niet sterk genoeg.", NULL);
	if (rc == K_EBUSY)
		return busy_page(r);
	if (rc)
		return rc;
	r->client_authed = false;
	return portal_message(r, 200, "Uw wachtwoord is gewijzigd",
			      "U kunt nu inloggen met uw nieuwe wachtwoord. Op andere apparaten bent u uitgelogd.",
			      "/portaal/login", "Inloggen");
}

/* --- view as client (P10) -------------------------------------------------- */

int ppage_view_as(struct req *r)
{
	const char *token = req_param(r, "t");
	struct csession_row s;
	struct vault_user_row u;
	/* only a read-only view-as session may be handed over in a URL */
	if (token && portal_session_check(r->app, req_db(r), token, &s, &u) == K_OK && s.view_as_staff_id) {
		secure_wipe(&u, sizeof u);
		auth_set_client_cookie(r, token);
		return resp_redirect(r, "/portaal/");
	}
	secure_wipe(&u, sizeof u);
	r->client_authed = false;
	return portal_message(r, 404, "Meekijklink werkt niet meer",
			      "Deze link om mee te kijken is verlopen of al vervangen. Open de kluis opnieuw via het tabblad "
			      "Kluis van het dossier.",
			      "/app/", "Naar de backoffice");
}
