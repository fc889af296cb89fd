/* POST/DELETE /api/v1/session: staff sign-in and sign-out. */
#include "core/staff.h"
#include "util/alloc.h"
#include "web/api/api.h"
#include "web/auth.h"

int api_session_create(struct req *r)
{
	const char *email = api_str(r, "email");
	const char *password = api_str(r, "password");
	const char *totp = api_str(r, "totp");
	if (!email || !password)
		return resp_error(r, 400, "missing_field", "E-mailadres en wachtwoord zijn verplicht.",
				  !email ? "email" : "password");
	struct login_ok ok;
	int rc = staff_login(r->app, email, password, totp, r->ip, r->request_id,
			     req_cookie(r, auth_staff_cookie(r->app)), &ok);
	switch (rc) {
	case K_OK:
		break;
	case K_ETOTP_REQUIRED:
		return resp_error(r, 401, "totp_required", "Vul de code uit uw authenticator-app in.", "totp");
	case K_ETOTP_INVALID:
		return resp_error(r, 401, "totp_invalid", "De code uit de authenticator-app klopt niet.", "totp");
	case K_ELIMIT:
		resp_header(r, "Retry-After", "3600");
		return resp_error(r, 429, "too_many_attempts", "Te veel mislukte pogingen. Probeer het later opnieuw.",
				  NULL);
	case K_EBUSY:
		resp_header(r, "Retry-After", "2");
		return resp_error(r, 503, "busy", "Het is even te druk; probeer het zo opnieuw.", NULL);
	case K_EAUTH:
		return resp_error(r, 401, "invalid_credentials", "E-mailadres of wachtwoord klopt niet.", NULL);
	default:
		return rc;
	}
	auth_set_session_cookie(r, ok.token);
	int st = resp_json(r, 200, json_pack("{s:s}", "csrf_token", ok.csrf));
	secure_wipe(&ok, sizeof ok);
	return st;
}

int api_session_delete(struct req *r)
{
	struct actor a = auth_actor(r);
	staff_logout(r->app, &a, req_cookie(r, auth_staff_cookie(r->app)));
	auth_clear_session_cookie(r);
	return resp_empty(r, 204);
}
