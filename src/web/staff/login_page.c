/* /app/login: the staff sign-in page (works without JavaScript). */
#include "adapters/totp.h"
#include "core/demo.h"
#include "core/staff.h"
#include "util/alloc.h"
#include "web/auth.h"
#include "web/staff/pages.h"

/* Demo mode only: list the demo accounts with their current TOTP code, so
 * `make run` can be tried without an authenticator app. */
static void add_demo_logins(struct req *r, json_t *ctx)
{
	struct demo_login d[8];
	int n = demo_logins(r->app, d, 8);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		char code[7] = "";
		if (d[i].totp_secret[0])
			totp_code(d[i].totp_secret, app_now(r->app), code);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "role", d[i].role, "email", d[i].email,
						     "password", d[i].password, "code", code[0] ? code : "-"));
	}
	secure_wipe(d, sizeof d);
	json_object_set_new(ctx, "has_demo_logins", json_boolean(n > 0));
	json_object_set_new(ctx, "demo_logins", arr);
}

static int render(struct req *r, int status, const char *email, const char *error, int need_totp)
{
	json_t *ctx = json_pack("{s:s, s:b}", "email", email ? email : "", "need_totp", need_totp);
	if (error)
		json_object_set_new(ctx, "error", json_string(error));
	if (r->app->cfg.demo_mode)
		add_demo_logins(r, ctx);
	r->no_store = true;
	return resp_page(r, status, "login", ctx);
}

int page_login(struct req *r)
{
	auth_load_staff(r);
	if (r->authed)
		return resp_redirect(r, "/app/");
	return render(r, 200, NULL, NULL, 0);
}

int page_login_post(struct req *r)
{
	const char *email = req_param(r, "email");
	const char *password = req_param(r, "password");
	const char *totp = req_param(r, "totp");
	if (!email || !*email || !password || !*password)
		return render(r, 422, email, "Vul uw e-mailadres en wachtwoord in.", 0);
	struct login_ok ok;
	int rc = staff_login(r->app, email, password, totp, r->ip, r->request_id,
			     req_cookie(r, auth_staff_cookie(r->app)), &ok);
	switch (rc) {
	case K_OK:
		break;
	case K_ETOTP_REQUIRED:
		return render(r, 401, email, "Vul ook de code uit uw authenticator-app in.", 1);
	case K_ETOTP_INVALID:
		return render(r, 401, email, "De code uit de authenticator-app klopt niet. Probeer het opnieuw.", 1);
	case K_ELIMIT:
		return render(r, 429, email, "Te veel mislukte pogingen. Probeer het over een uur opnieuw.", 0);
	case K_EBUSY:
		return render(r, 503, email, "Het is even te druk. Probeer het zo opnieuw.", 0);
	case K_EAUTH:
		return render(r, 401, email, "E-mailadres of wachtwoord klopt niet.", 0);
	default:
		return rc;
	}
	auth_set_session_cookie(r, ok.token);
	secure_wipe(&ok, sizeof ok);
	return resp_redirect(r, "/app/");
}

int page_logout(struct req *r)
{
	struct actor a = auth_actor(r);
	staff_logout(r->app, &a, req_cookie(r, auth_staff_cookie(r->app)));
	auth_clear_session_cookie(r);
	return resp_redirect(r, "/app/login");
}
