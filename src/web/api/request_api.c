/* Document types and document requests (API.md "Document requests and
 * documents"; R1, R2, R5). */
#include "core/doctype.h"
#include "core/request.h"
#include "web/api/api.h"
#include "web/auth.h"

int api_doctype_list(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = doctype_list(r->app, &a, &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_doctype_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = doctype_create(r->app, &a, r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_checklist_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = request_checklist_create(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_request_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = request_create(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_request_list(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = request_list_product(r->app, &a, req_path_int(r, 0), &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_request_approve(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = request_approve(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}

int api_request_reject(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = request_reject(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}
