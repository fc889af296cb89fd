/* Client (portal) API — /api/v1/portal (P1, P8, P9, P11). */
#include <stdlib.h>
#include "core/branding.h"
#include "core/portal.h"
#include "util/alloc.h"
#include "web/api/api.h"
#include "web/auth.h"
#include "web/portal/portal.h"

/* token errors: 400 token_invalid, 410 expired/used; others 422 */
int portal_fail(struct req *r, int rc, const struct kfail *f)
{
	if (f && f->code) {
		int st = 422;
		if (strcmp(f->code, "token_invalid") == 0)
			st = 400;
		else if (strcmp(f->code, "token_expired") == 0 || strcmp(f->code, "token_used") == 0)
			st = 410;
		else if (rc == K_ELIMIT)
			st = 429;
		return resp_error(r, st, f->code, f->message, f->field[0] ? f->field : NULL);
	}
	return api_fail(r, rc, f);
}

int papi_session_create(struct req *r)
{
	const char *email = api_str(r, "email"), *password = api_str(r, "password");
	if (!email || !password)
		return resp_error(r, 400, "missing_field", "E-mailadres en wachtwoord zijn verplicht.",
				  !email ? "email" : "password");
	struct portal_login_ok ok;
	int rc = portal_login(r->app, email, password, api_str(r, "totp"), r->ip,
			      req_cookie(r, auth_client_cookie(r->app)), &ok);
	switch (rc) {
	case K_OK:
		break;
	case K_ETOTP_REQUIRED:
		return resp_error(r, 401, "totp_required", "Vul de code uit uw authenticator-app in.", "totp");
	case K_ETOTP_INVALID:
		return resp_error(r, 401, "totp_invalid", "De code uit de authenticator-app klopt niet.", "totp");
	case K_ELIMIT:
		resp_header(r, "Retry-After", "3600");
		return resp_error(r, 429, "too_many_attempts", "Te veel mislukte pogingen. Probeer het later opnieuw.", NULL);
	case K_EBUSY:
		return resp_error(r, 503, "busy", "Het is even te druk; probeer het zo opnieuw.", NULL);
	case K_EAUTH:
		return resp_error(r, 401, "invalid_credentials", "E-mailadres of wachtwoord klopt niet.", NULL);
	default:
		return rc;
	}
	auth_set_client_cookie(r, ok.token);
	rc = resp_json(r, 200, json_pack("{s:s}", "csrf_token", ok.csrf));
	secure_wipe(&ok, sizeof ok);
	return rc;
}

int papi_session_delete(struct req *r)
{
	portal_logout(r->app, req_cookie(r, auth_client_cookie(r->app)));
	auth_clear_client_cookie(r);
	return resp_empty(r, 204);
}

int papi_activation_sms(struct req *r)
{
	struct kfail f = {0};
	int rc = portal_activation_sms(r->app, api_str(r, "token"), &f);
	if (rc)
		return portal_fail(r, rc, &f);
	return resp_json(r, 200, json_pack("{s:b}", "sent", 1));
}

int papi_activation(struct req *r)
{
	struct kfail f = {0};
	struct portal_login_ok ok;
	const char *code = api_str(r, "sms_code");
	if (!code)
		code = api_str(r, "manual_code");
	int rc = portal_activate(r->app, api_str(r, "token"), code, api_str(r, "password"), r->ip, &ok, &f);
	if (rc)
		return portal_fail(r, rc, &f);
	auth_set_client_cookie(r, ok.token);
	rc = resp_json(r, 200, json_pack("{s:s, s:s}", "status", "active", "csrf_token", ok.csrf));
	secure_wipe(&ok, sizeof ok);
	return rc;
}

int papi_reset(struct req *r)
{
	portal_reset_request(r->app, api_str(r, "email"), r->ip);
	return resp_json(r, 202, json_pack("{s:s}", "status", "accepted"));
}

int papi_reset_confirm(struct req *r)
{
	struct kfail f = {0};
	int rc = portal_reset_confirm(r->app, api_str(r, "token"), api_str(r, "password"), &f);
	if (rc)
		return portal_fail(r, rc, &f);
	return resp_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

int papi_me(struct req *r)
{
	json_t *out = NULL;
	int rc = portal_me(r->app, r->client.user_id, &out);
	if (rc == K_OK && r->client.view_as_staff_id)
		json_object_set_new(out, "view_as", json_true());
	return api_reply(r, rc, 200, out, NULL);
}

int papi_me_update(struct req *r)
{
	struct kfail f = {0};
	int rc = portal_update_me(r->app, r->client.user_id, r->client.session_id, api_str(r, "email"),
				  api_str(r, "password"), api_str(r, "current_password"), &f);
	if (rc)
		return portal_fail(r, rc, &f);
	return papi_me(r);
}

int papi_totp_begin(struct req *r)
{
	char secret[64], url[512];
	struct buf svg;
	buf_init(&svg, 256 * 1024);
	int rc = portal_totp_begin(r->app, r->client.user_id, secret, url, sizeof url, &svg);
	if (rc == K_OK)
		rc = resp_json(r, 200, json_pack("{s:s, s:s, s:s}", "secret", secret, "otpauth_url", url, "qr_svg",
						 buf_str(&svg)));
	buf_free(&svg);
	secure_wipe(secret, sizeof secret);
	return rc;
}

int papi_totp_confirm(struct req *r)
{
	struct kfail f = {0};
	int rc = portal_totp_confirm(r->app, r->client.user_id, api_str(r, "totp"), &f);
	if (rc)
		return portal_fail(r, rc == K_ETOTP_INVALID ? K_EINVAL : rc, &f);
	return resp_json(r, 200, json_pack("{s:b}", "two_factor", 1));
}

int papi_totp_disable(struct req *r)
{
	struct kfail f = {0};
	int rc = portal_totp_disable(r->app, r->client.user_id, api_str(r, "password"), &f);
	if (rc)
		return portal_fail(r, rc, &f);
	return resp_empty(r, 204);
}

/* GET /portaal/huisstijl.css: the firm's colours (P13) */
int papi_branding_css(struct req *r)
{
	buf_reset(&r->out);
	if (branding_css(r->app, &r->out) != K_OK)
		return -1;
	r->status = 200;
	r->content_type = "text/css; charset=utf-8";
	return 200;
}

/* GET /portaal/logo: the firm's logo (a PNG or JPEG checked on upload) */
int papi_branding_logo(struct req *r)
{
	void *data = NULL;
	size_t len = 0;
	char type[32];
	if (branding_logo(r->app, &data, &len, type) != K_OK)
		return resp_error(r, 404, "not_found", "Geen logo.", NULL);
	buf_reset(&r->out);
	r->out.max = len + 1;
	int rc = buf_add(&r->out, data, len);
	free(data);
	if (rc)
		return -1;
	r->status = 200;
	r->content_type = strcmp(type, "image/png") == 0 ? "image/png" : "image/jpeg";
	return 200;
}
