/* Staff authentication at the HTTP edge: session cookie, CSRF, origin. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "core/portal.h"
#include "core/session.h"
#include "store/staff_store.h"
#include "util/err.h"
#include "web/auth.h"

const char *auth_staff_cookie(const struct app *app)
{
	return config_is_https(&app->cfg) ? "__Host-kluis_staff" : "kluis_staff";
}

void auth_load_staff(struct req *r)
{
	const char *tok = req_cookie(r, auth_staff_cookie(r->app));
	if (!tok || r->authed)
		return;
	struct session_row s;
	struct staff_row u;
	if (session_check(r->app, req_db(r), tok, &s, &u) != K_OK)
		return;
	r->staff.user_id = u.id;
	r->staff.session_id = s.id;
	snprintf(r->staff.role, sizeof r->staff.role, "%s", u.role);
	snprintf(r->staff.name, sizeof r->staff.name, "%s", u.name);
	snprintf(r->staff.email, sizeof r->staff.email, "%s", u.email);
	snprintf(r->staff.csrf, sizeof r->staff.csrf, "%s", s.csrf);
	r->staff.totp_enabled = u.totp_secret[0] != '\0';
	r->authed = true;
	sodium_memzero(&u, sizeof u);
}

bool auth_csrf_ok(struct req *r)
{
	const char *t = req_header(r, "X-CSRF-Token");
	if (!t)
		t = req_param(r, "csrf_token");
	size_t n = strlen(r->staff.csrf);
	if (!t || n == 0 || strlen(t) != n)
		return false;
	return sodium_memcmp(t, r->staff.csrf, n) == 0;
}

static bool origin_of(const char *url, const char *origin)
{
	/* compare scheme://host[:port] of url with origin */
	const char *p = strstr(url, "://");
	if (!p)
		return false;
	const char *end = strchr(p + 3, '/');
	size_t n = end ? (size_t)(end - url) : strlen(url);
	return strlen(origin) == n && strncmp(url, origin, n) == 0;
}

bool auth_origin_ok(struct req *r)
{
	const char *o = req_header(r, "Origin");
	if (!o)
		return true;
	if (origin_of(r->app->cfg.public_url, o))
		return true;
	const char *host = req_header(r, "Host");
	if (!host)
		return false;
	char self[300];
	snprintf(self, sizeof self, "%s://%s", config_is_https(&r->app->cfg) ? "https" : "http", host);
	return strcmp(self, o) == 0;
}

struct actor auth_actor(struct req *r)
{
	struct actor a = {ACTOR_STAFF, 0, ROLE_NONE, r->ip, r->request_id};
	if (r->authed) {
		a.id = r->staff.user_id;
		a.role = role_parse(r->staff.role);
	}
	return a;
}

void auth_set_session_cookie(struct req *r, const char *token)
{
	resp_cookie(r, auth_staff_cookie(r->app), token, "/", -1);
}

void auth_clear_session_cookie(struct req *r)
{
	resp_cookie(r, auth_staff_cookie(r->app), "", "/", 0);
}

const char *auth_client_cookie(const struct app *app)
{
	return config_is_https(&app->cfg) ? "__Host-kluis_portal" : "kluis_portal";
}

void auth_load_client(struct req *r)
{
	const char *tok = req_cookie(r, auth_client_cookie(r->app));
	if (!tok || r->client_authed)
		return;
	struct csession_row s;
	struct vault_user_row u;
	if (portal_session_check(r->app, req_db(r), tok, &s, &u) != K_OK)
		return;
	r->client.user_id = u.id;
	r->client.session_id = s.id;
	r->client.dossier_id = u.dossier_id;
	r->client.view_as_staff_id = s.view_as_staff_id;
	r->client.primary = u.is_primary;
	r->client.two_factor = u.totp_secret[0] != '\0';
	snprintf(r->client.csrf, sizeof r->client.csrf, "%s", s.csrf);
	snprintf(r->client.email, sizeof r->client.email, "%s", u.email);
	snprintf(r->client.name, sizeof r->client.name, "%s", u.name);
	r->client_authed = true;
	sodium_memzero(&u, sizeof u);
}

bool auth_client_csrf_ok(struct req *r)
{
	const char *t = req_header(r, "X-CSRF-Token");
	if (!t)
		t = req_param(r, "csrf_token");
	size_t n = strlen(r->client.csrf);
	if (!t || n == 0 || strlen(t) != n)
		return false;
	return sodium_memcmp(t, r->client.csrf, n) == 0;
}

void auth_set_client_cookie(struct req *r, const char *token)
{
	resp_cookie(r, auth_client_cookie(r->app), token, "/", -1);
}

void auth_clear_client_cookie(struct req *r)
{
	resp_cookie(r, auth_client_cookie(r->app), "", "/", 0);
}
