/* The client face's page frame: portal layout, message pages and the form
 * declarations of the /portaal pages and the staff "Kluis" tab. */
#include <string.h>
#include <stdio.h>
#include "util/buf.h"
#include "util/err.h"
#include "util/log.h"
#include "web/portal/portal_pages.h"
#include "core/branding.h"
#include "web/router.h"
#include "web/tmpl.h"

const struct param_decl ppq_tab[] = {
	{"tab", P_TOKEN, 16},
	{NULL, 0, 0},
};

const struct param_decl ppq_token[] = {
	{"t", P_TOKEN, 64},
	{NULL, 0, 0},
};

const struct param_decl ppf_activate[] = {
	{"t", P_TOKEN, 64},
	{"code", P_LINE, 16},
	{"password", P_STR, 1024},
	{"password2", P_STR, 1024},
	{NULL, 0, 0},
};

const struct param_decl ppf_token[] = {
	{"t", P_TOKEN, 64},
	{NULL, 0, 0},
};

const struct param_decl ppf_login[] = {
	{"email", P_LINE, 254},
	{"password", P_STR, 1024},
	{"totp", P_LINE, 16},
	{NULL, 0, 0},
};

const struct param_decl ppf_email[] = {
	{"email", P_LINE, 254},
	{NULL, 0, 0},
};

const struct param_decl ppf_reset[] = {
	{"t", P_TOKEN, 64},
	{"password", P_STR, 1024},
	{"password2", P_STR, 1024},
	{NULL, 0, 0},
};

const struct param_decl ppf_none[] = {
	{NULL, 0, 0},
};

const struct param_decl ppf_change_email[] = {
	{"email", P_LINE, 254},
	{"current_password", P_STR, 1024},
	{NULL, 0, 0},
};

const struct param_decl ppf_password[] = {
	{"current_password", P_STR, 1024},
	{"new_password", P_STR, 1024},
	{"new_password2", P_STR, 1024},
	{NULL, 0, 0},
};

const struct param_decl ppf_totp[] = {
	{"totp", P_LINE, 16},
	{"password", P_STR, 1024},
	{NULL, 0, 0},
};

const struct param_decl ppf_user[] = {
	{"email", P_LINE, 254},
	{"name", P_LINE, 120},
	{NULL, 0, 0},
};

const struct param_decl spf_invite[] = {
	{"email", P_LINE, 254},
	{"mobile", P_LINE, 64},
	{NULL, 0, 0},
};

const struct param_decl spf_unlink[] = {
	{"confirm", P_BOOL, 8},
	{NULL, 0, 0},
};

/* The client context of every portal page (the staff one comes from
 * resp_page/resp_partial). */
static void client_ctx(struct req *r, json_t *ctx)
{
	if (r->client_authed) {
		json_object_set_new(ctx, "client", json_pack("{s:s, s:s, s:b, s:b}", "name", r->client.name, "email",
							     r->client.email, "primary", r->client.primary, "two_factor",
							     r->client.two_factor));
		json_object_set_new(ctx, "csrf_token", json_string(r->client.csrf));
		json_object_set_new(ctx, "view_as", json_boolean(r->client.view_as_staff_id != 0));
		json_object_set_new(ctx, "can_change", json_boolean(r->client.view_as_staff_id == 0));
	}
	const char *nav = json_string_value(json_object_get(ctx, "pnav"));
	if (nav) {
		char key[48];
		snprintf(key, sizeof key, "pnav_%s", nav);
		json_object_set_new(ctx, key, json_true());
	}
}

int portal_render(struct req *r, int status, const char *tmpl, json_t *ctx)
{
	struct buf inner;
	if (!ctx)
		ctx = json_object();
	client_ctx(r, ctx);
	json_object_set_new(ctx, "request_id", json_string(r->request_id));
	json_t *brand = NULL;
	if (branding_get(r->app, &brand) == K_OK) { /* P13: the firm's own look */
		const char *firm = json_string_value(json_object_get(brand, "firm_name"));
		json_object_set_new(brand, "has_firm", json_boolean(firm && *firm));
		json_object_set_new(ctx, "brand", brand);
	}
	r->no_store = true;
	buf_init(&inner, 8u << 20);
	int rc = tmpl_set_render(r->app->tmpl, tmpl, ctx, &inner);
	if (rc != K_OK) {
		log_error("template %s: %s", tmpl, kerr_str(rc));
		buf_free(&inner);
		json_decref(ctx);
		return rc;
	}
	json_object_set_new(ctx, "raw_body", json_stringn(inner.data ? inner.data : "", inner.len));
	buf_free(&inner);
	/* resp_partial adds the common context (assets, demo banner) and
	 * renders the client layout around the page */
	return resp_partial(r, status, "portal_layout", ctx);
}

int portal_message(struct req *r, int status, const char *title, const char *text, const char *link,
		   const char *link_label)
{
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:b}", "title", title, "heading", title, "text", text, "is_error",
				status >= 400);
	if (link) {
		json_object_set_new(ctx, "link", json_string(link));
		json_object_set_new(ctx, "link_label", json_string(link_label ? link_label : link));
	}
	return portal_render(r, status, "portal_message", ctx);
}
