/* /api/v1/dossiers: create, search, view, change, audit (D1). */
#include <stdio.h>
#include "core/audit.h"
#include "core/dossier.h"
#include "store/audit_store.h"
#include "web/api/api.h"
#include "web/auth.h"

int api_dossier_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = dossier_create(r->app, &a, r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_dossier_search(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = dossier_search(r->app, &a, req_param(r, "q"), (int)req_param_int(r, "page", 1),
				(int)req_param_int(r, "per_page", 20), &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_dossier_get(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = dossier_get(r->app, &a, req_path_int(r, 0), &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_dossier_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = dossier_update(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}

static void audit_row_json(void *ctx, const struct audit_row *row)
{
	json_t *items = ctx;
	json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:I, s:s, s:s}", "id",
					       (json_int_t)row->id, "at", (json_int_t)row->at, "actor_kind",
					       row->actor_kind, "actor_id", (json_int_t)row->actor_id, "action",
					       row->action, "object_type", row->object_type, "object_id",
					       (json_int_t)row->object_id, "ip", row->ip, "request_id", row->request_id));
}

int api_dossier_audit(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *items = json_array();
	int rc = audit_dossier_list(r->app, &a, req_path_int(r, 0), 500, audit_row_json, items);
	if (rc) {
		json_decref(items);
		return api_fail(r, rc, NULL);
	}
	return resp_json(r, 200, json_pack("{s:o}", "items", items));
}
