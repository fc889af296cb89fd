/* Staff API — vault (P1–P7, P10, P12). */
#include "core/vault.h"
#include "util/alloc.h"
#include "web/api/api.h"
#include "web/auth.h"

int api_vault_get(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = vault_status(r->app, &a, req_path_int(r, 0), &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_vault_invite(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = vault_invite(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_vault_resend(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int rc = vault_resend(r->app, &a, req_path_int(r, 0), &f);
	if (rc)
		return api_fail(r, rc, &f);
	return api_vault_get(r);
}

int api_vault_revoke(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int rc = vault_revoke(r->app, &a, req_path_int(r, 0), &f);
	if (rc)
		return api_fail(r, rc, &f);
	return api_vault_get(r);
}

/* refresh: the current state (the advisor's "ververs status" button) */
int api_vault_refresh(struct req *r)
{
	return api_vault_get(r);
}

int api_vault_add_user(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = vault_add_user(r->app, &a, req_path_int(r, 0), api_str(r, "email"), api_str(r, "name"), &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_vault_unlink(struct req *r)
{
	struct actor a = auth_actor(r);
	int rc = vault_unlink(r->app, &a, req_path_int(r, 0));
	return rc ? api_fail(r, rc, NULL) : resp_empty(r, 204);
}

/* view-as: a read-only client session; the URL sets its cookie */
int api_vault_view_as(struct req *r)
{
	struct actor a = auth_actor(r);
	char token[64];
	int rc = vault_view_as(r->app, &a, req_path_int(r, 0), token);
	if (rc)
		return api_fail(r, rc, NULL);
	char url[160];
	snprintf(url, sizeof url, "/portaal/meekijken?t=%s", token);
	secure_wipe(token, sizeof token);
	r->no_store = true;
	return resp_json(r, 200, json_pack("{s:s}", "url", url));
}
