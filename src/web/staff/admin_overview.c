/* /app/beheer: the admin overview with links to the admin pages. */
#include "core/office.h"
#include "web/auth.h"
#include "web/staff/admin_pages.h"

static json_int_t count_items(json_t *list, const char *only_true)
{
	json_int_t n = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(list, "items"), i, v)
		if (!only_true || json_is_true(json_object_get(v, only_true)))
			n++;
	return n;
}

int page_admin_home(struct req *r)
{
	struct actor a = auth_actor(r);
	bool offices = rights_has(&a, RIGHT_MANAGE_OFFICES), users = rights_has(&a, RIGHT_MANAGE_USERS);
	if (!offices && !users)
		return admin_fail(r, K_EDENIED, NULL);
	json_t *ctx = admin_ctx("Beheer");
	json_object_set_new(ctx, "sub_home", json_true());
	json_object_set_new(ctx, "can_offices", json_boolean(offices));
	json_object_set_new(ctx, "can_users", json_boolean(users));
	json_object_set_new(ctx, "can_documents", json_boolean(rights_has(&a, RIGHT_MANAGE_DOCTYPES)));
	json_t *list = NULL;
	if (offices && office_list(r->app, &a, &list) == K_OK)
		json_object_set_new(ctx, "office_count", json_integer(count_items(list, NULL)));
	json_decref(list);
	list = NULL;
	if (offices && group_list(r->app, &a, &list) == K_OK)
		json_object_set_new(ctx, "group_count", json_integer(count_items(list, NULL)));
	json_decref(list);
	list = NULL;
	if (users && employee_list(r->app, &a, &list) == K_OK)
		json_object_set_new(ctx, "staff_count", json_integer(count_items(list, "in_service")));
	json_decref(list);
	return resp_page(r, 200, "admin", ctx);
}
