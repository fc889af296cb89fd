/* /app/: the dashboard: "Mijn taken" (D7, R4) and the HDN inbox (filled by
 * the lender-messaging issue). */
#include <stdio.h>
#include "core/document.h"
#include "web/auth.h"
#include "web/staff/pages.h"

int page_dashboard(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *tasks = NULL;
	if (task_list_mine(r->app, &a, &tasks) != K_OK)
		tasks = json_pack("{s:[]}", "items");
	json_t *items = json_incref(json_object_get(tasks, "items"));
	json_decref(tasks);
	size_t i;
	json_t *t;
	json_array_foreach(items, i, t) {
		char url[96];
		snprintf(url, sizeof url, "/app/dossiers/%lld?tab=documenten",
			 (long long)json_integer_value(json_object_get(t, "dossier_id")));
		json_object_set_new(t, "url", json_string(url));
		json_object_set_new(t, "several", json_boolean(json_integer_value(json_object_get(t, "items")) > 1));
	}
	json_t *ctx = json_pack("{s:s, s:o, s:b, s:[], s:b}", "nav", "dashboard", "tasks", items, "has_tasks",
				json_array_size(items) > 0, "hdn_messages", "has_hdn", 0);
	return resp_page(r, 200, "dashboard", ctx);
}
