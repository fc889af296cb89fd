/* /app/dossiers/{id}/historie: the audit log of one dossier (RIGHT_VIEW_AUDIT,
 * checked by core's audit_dossier_list). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core/audit.h"
#include "core/office.h"
#include "store/audit_store.h"
#include "web/auth.h"
#include "web/staff/admin_pages.h"

#define HISTORY_MAX 500

static void collect(void *ctx, const struct audit_row *row)
{
	json_t *rows = ctx;
	json_array_append_new(rows, json_pack("{s:I, s:s, s:I, s:s, s:s}", "at", (json_int_t)row->at, "actor_kind",
					      row->actor_kind, "actor_id", (json_int_t)row->actor_id, "action",
					      row->action, "ip", row->ip));
}

static const char *staff_name(json_t *staff, json_int_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(staff, "items"), i, v)
		if (json_integer_value(json_object_get(v, "id")) == id)
			return admin_str(v, "name");
	return NULL;
}

int page_dossier_history(struct req *r)
{
	struct actor a = auth_actor(r);
	int64_t id = req_path_int(r, 0);
	json_t *rows = json_array();
	int rc = audit_dossier_list(r->app, &a, id, HISTORY_MAX, collect, rows);
	if (rc) {
		json_decref(rows);
		return admin_fail(r, rc, NULL);
	}
	json_t *staff = NULL;
	if (employee_list(r->app, &a, &staff) != K_OK)
		staff = NULL; /* names fall back to ids */

	json_t *items = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v)
	{
		json_int_t at = json_integer_value(json_object_get(v, "at"));
		json_int_t actor = json_integer_value(json_object_get(v, "actor_id"));
		const char *kind = admin_str(v, "actor_kind"), *action = admin_str(v, "action"), *ip = admin_str(v, "ip");
		char when[32], iso[32], who[200];
		admin_fmt_time(at, when, sizeof when);
		struct tm tm;
		time_t tt = (time_t)at;
		if (gmtime_r(&tt, &tm))
			strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
		else
			iso[0] = '\0';
		if (strcmp(kind, "staff") == 0) {
			const char *n = staff ? staff_name(staff, actor) : NULL;
			if (n && *n)
				snprintf(who, sizeof who, "%s", n);
			else
				snprintf(who, sizeof who, "Medewerker %lld", (long long)actor);
		} else if (strcmp(kind, "client") == 0) {
			snprintf(who, sizeof who, "Klant (kluis)");
		} else {
			snprintf(who, sizeof who, "Systeem");
		}
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "when", when, "iso", iso, "who", who,
						       "what", admin_action_label(action), "from", *ip ? ip : "—"));
	}
	json_decref(rows);
	json_decref(staff);

	char title[64];
	snprintf(title, sizeof title, "Historie dossier %lld", (long long)id);
	json_t *ctx = json_pack("{s:s, s:s, s:I}", "nav", "dossiers", "title", title, "dossier_id", (json_int_t)id);
	size_t n = json_array_size(items);
	json_object_set_new(ctx, "has_items", json_boolean(n > 0));
	json_object_set_new(ctx, "truncated", json_boolean(n >= HISTORY_MAX));
	json_object_set_new(ctx, "count", json_integer((json_int_t)n));
	json_object_set_new(ctx, "items", items);
	return resp_page(r, 200, "admin_history", ctx);
}
