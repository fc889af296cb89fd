/* /app/beheer/groepen: workflow groups (D8). */
#include "core/office.h"
#include "web/auth.h"
#include "web/staff/admin_pages.h"

static int render_groups(struct req *r, int status, const char *new_name, const struct kfail *f)
{
	struct actor a = auth_actor(r);
	json_t *list = NULL;
	int rc = group_list(r->app, &a, &list);
	if (rc)
		return admin_fail(r, rc, NULL);
	json_t *ctx = admin_ctx("Workflowgroepen");
	json_t *items = json_array();
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(list, "items"), i, g)
		json_array_append_new(items, json_pack("{s:O, s:s}", "id", json_object_get(g, "id"), "name",
						       admin_str(g, "name")));
	json_decref(list);
	json_object_set_new(ctx, "sub_groups", json_true());
	json_object_set_new(ctx, "has_items", json_boolean(json_array_size(items) > 0));
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "new", json_pack("{s:s}", "name", new_name ? new_name : ""));
	if (f)
		admin_form_error(ctx, f, NULL, "name");
	return resp_page(r, status, "admin_groups", ctx);
}

int page_admin_groups(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_OFFICES);
	return rc ? rc : render_groups(r, 200, NULL, NULL);
}

int page_admin_group_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int64_t id = 0;
	const char *name = admin_val(r, "name");
	int rc = group_create(r->app, &a, name, &id, &f);
	if (rc == K_EINVAL || rc == K_ECONFLICT)
		return render_groups(r, 422, name, &f);
	if (rc)
		return admin_fail(r, rc, &f);
	return resp_redirect(r, "/app/beheer/groepen");
}
