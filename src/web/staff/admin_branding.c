/* /app/beheer/huisstijl: the firm's vault branding (P13). */
#include <string.h>
#include "core/branding.h"
#include "web/auth.h"
#include "web/staff/admin_pages.h"

static int render(struct req *r, int status, const struct kfail *f, int saved)
{
	json_t *b = NULL;
	int rc = branding_get(r->app, &b);
	if (rc)
		return rc;
	json_t *ctx = admin_ctx("Huisstijl van de kluis");
	if (status != 200) { /* keep what was typed */
		json_object_set_new(b, "firm_name", json_string(admin_val(r, "firm_name")));
		json_object_set_new(b, "primary_color", json_string(admin_val(r, "primary_color")));
		json_object_set_new(b, "header_text", json_string(admin_val(r, "header_text")));
		json_object_set_new(b, "welcome_text", json_string(admin_val(r, "welcome_text")));
	}
	json_object_set_new(ctx, "branding", b);
	json_object_set_new(ctx, "saved", json_boolean(saved));
	if (f && f->code) {
		json_object_set_new(ctx, "error_message", json_string(f->message));
		char key[80];
		snprintf(key, sizeof key, "err_%s", f->field[0] ? f->field : "form");
		json_object_set_new(ctx, key, json_true());
	}
	return resp_page(r, status, "admin_branding", ctx);
}

int page_admin_branding(struct req *r)
{
	if (admin_need(r, RIGHT_MANAGE_OFFICES))
		return r->status;
	return render(r, 200, NULL, req_param(r, "opgeslagen") != NULL);
}

int page_admin_branding_save(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "firm_name", admin_val(r, "firm_name"), "primary_color",
			       admin_val(r, "primary_color"), "header_text", admin_val(r, "header_text"), "welcome_text",
			       admin_val(r, "welcome_text"));
	int rc = branding_set(r->app, &a, in, &f);
	json_decref(in);
	for (int i = 0; rc == K_OK && i < r->nfiles; i++)
		if (strcmp(r->files[i].field, "logo") == 0 && r->files[i].size > 0)
			rc = branding_set_logo(r->app, &a, r->files[i].path, &f);
	if (rc == K_OK && admin_checked(r, "remove_logo"))
		rc = branding_set_logo(r->app, &a, NULL, &f);
	if (rc == K_EINVAL || rc == K_ETOOBIG)
		return render(r, 422, &f, 0);
	if (rc)
		return admin_fail(r, rc, &f);
	return resp_redirect(r, "/app/beheer/huisstijl?opgeslagen=1");
}
