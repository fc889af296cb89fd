/* Response helpers: JSON, errors, pages (template + layout), cookies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/err.h"
#include "util/log.h"
#include "web/assets.h"
#include "web/req.h"
#include "web/router.h"
#include "web/tmpl.h"

void resp_header(struct req *r, const char *name, const char *value)
{
	if (r->nhdr == REQ_MAX_HEADERS)
		return;
	r->hdr_name[r->nhdr] = arena_strdup(&r->arena, name);
	r->hdr_value[r->nhdr] = arena_strdup(&r->arena, value);
	if (r->hdr_name[r->nhdr] && r->hdr_value[r->nhdr])
		r->nhdr++;
}

void resp_cookie(struct req *r, const char *name, const char *value, const char *path, long max_age)
{
	if (r->ncookies == REQ_MAX_COOKIES)
		return;
	char age[64] = "";
	if (max_age == 0)
		snprintf(age, sizeof age, "; Max-Age=0");
	else if (max_age > 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	const char *c = arena_printf(&r->arena, "%s=%s; Path=%s; HttpOnly; SameSite=Strict%s%s", name, value, path,
				     config_is_https(&r->app->cfg) ? "; Secure" : "", age);
	if (c)
		r->cookies[r->ncookies++] = c;
}

int resp_json(struct req *r, int status, json_t *j)
{
	buf_reset(&r->out);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!s || buf_adds(&r->out, s) != K_OK) {
		free(s);
		return K_ETOOBIG;
	}
	free(s);
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	return status;
}

int resp_text(struct req *r, int status, const char *ctype, const char *text)
{
	buf_reset(&r->out);
	if (buf_adds(&r->out, text) != K_OK)
		return K_ETOOBIG;
	r->status = status;
	r->content_type = ctype;
	return status;
}

int resp_empty(struct req *r, int status)
{
	buf_reset(&r->out);
	r->status = status;
	r->content_type = NULL;
	return status;
}

int resp_file(struct req *r, int fd, uint64_t size, const char *ctype)
{
	buf_reset(&r->out);
	if (r->out_fd_set)
		close(r->out_fd);
	r->out_fd = fd;
	r->out_fd_set = true;
	r->out_fd_size = size;
	r->status = 200;
	r->content_type = ctype;
	return 200;
}

int resp_redirect(struct req *r, const char *location)
{
	/* only local paths: never an open redirect */
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/app/";
	resp_header(r, "Location", location);
	r->status = 303;
	buf_reset(&r->out);
	r->content_type = NULL;
	return 303;
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Ongeldige aanvraag";
	case 401: return "Niet ingelogd";
	case 403: return "Geen toegang";
	case 404: return "Pagina niet gevonden";
	case 405: return "Methode niet toegestaan";
	case 409: return "Conflict";
	case 413: return "Te groot";
	case 415: return "Niet ondersteund";
	case 422: return "Controleer de invoer";
	case 429: return "Te veel pogingen";
	case 503: return "Even te druk";
	default: return "Er ging iets mis";
	}
}

int resp_error(struct req *r, int status, const char *code, const char *message, const char *field)
{
	if (status >= 500)
		log_error("error id=%s status=%d code=%s", r->request_id, status, code);
	if (r->is_page) {
		json_t *ctx = json_pack("{s:i, s:s, s:s, s:s, s:b}", "status", status, "title", status_title(status),
					"message", message, "request_id", r->request_id, "portal",
					strncmp(r->path, "/portaal", 8) == 0);
		int rc = resp_page(r, status, "error", ctx);
		if (rc == status)
			return rc;
		return resp_text(r, status, "text/plain; charset=utf-8", message);
	}
	json_t *err = json_pack("{s:s, s:s, s:s}", "code", code, "message", message, "request_id", r->request_id);
	if (field)
		json_object_set_new(err, "field", json_string(field));
	return resp_json(r, status, json_pack("{s:o}", "error", err));
}

/* The context every page and fragment gets. */
static void common_ctx(struct req *r, json_t *ctx)
{
	json_object_set_new(ctx, "request_id", json_string(r->request_id));
	const char *nav = json_string_value(json_object_get(ctx, "nav"));
	if (nav) {
		char key[48];
		snprintf(key, sizeof key, "nav_%s", nav);
		json_object_set_new(ctx, key, json_true());
	}
	json_object_set_new(ctx, "demo", json_boolean(r->app->cfg.demo_mode));
	json_object_set_new(ctx, "insecure", json_boolean(!config_is_https(&r->app->cfg)));
	json_object_set_new(ctx, "asset_css", json_string(assets_url("style.css")));
	json_object_set_new(ctx, "asset_htmx", json_string(assets_url("htmx.min.js")));
	json_object_set_new(ctx, "asset_js", json_string(assets_url("app.js")));
	if (r->authed) {
		json_object_set_new(ctx, "user", json_pack("{s:s, s:s, s:s, s:b}", "name", r->staff.name, "email",
							   r->staff.email, "role", r->staff.role, "is_admin",
							   strcmp(r->staff.role, "admin") == 0));
		json_object_set_new(ctx, "csrf_token", json_string(r->staff.csrf));
	}
}

int resp_partial(struct req *r, int status, const char *tmpl, json_t *ctx)
{
	if (!ctx)
		ctx = json_object();
	common_ctx(r, ctx);
	buf_reset(&r->out);
	int rc = tmpl_set_render(r->app->tmpl, tmpl, ctx, &r->out);
	json_decref(ctx);
	if (rc != K_OK) {
		log_error("template %s: %s", tmpl, kerr_str(rc));
		return rc;
	}
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	return status;
}

int resp_page(struct req *r, int status, const char *tmpl, json_t *ctx)
{
	int rc;
	struct buf inner;
	buf_init(&inner, 8u << 20);
	if (!ctx)
		ctx = json_object();
	common_ctx(r, ctx);
	rc = tmpl_set_render(r->app->tmpl, tmpl, ctx, &inner);
	if (rc != K_OK) {
		log_error("template %s: %s", tmpl, kerr_str(rc));
		goto out;
	}
	json_object_set_new(ctx, "raw_body", json_stringn(inner.data ? inner.data : "", inner.len));
	buf_reset(&r->out);
	rc = tmpl_set_render(r->app->tmpl, "layout", ctx, &r->out);
	if (rc != K_OK) {
		log_error("template layout: %s", kerr_str(rc));
		goto out;
	}
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	rc = status;
out:
	json_decref(ctx);
	buf_free(&inner);
	return rc;
}
