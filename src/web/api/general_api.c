/* General documents (R9) and the categories of "Belangrijke documenten"
 * (R10). */
#include <string.h>
#include "core/general.h"
#include "web/api/api.h"
#include "web/auth.h"

int api_general_list(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = general_list(r->app, &a, &out);
	return api_reply(r, rc, 200, out, NULL);
}

/* POST /api/v1/general-documents (multipart: file..., description,
 * category_id, public, end_date) */
int api_general_add(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	struct upload_file files[DOCUMENT_MAX_FILES];
	int n = api_upload_files(r, files);
	const char *desc = req_param(r, "description"), *end = req_param(r, "end_date"), *pub = req_param(r, "public");
	json_t *in = json_pack("{s:s, s:I, s:b, s:s}", "description", desc ? desc : "", "category_id",
			       (json_int_t)req_param_int(r, "category_id", 0), "public", pub && strcmp(pub, "true") == 0,
			       "end_date", end ? end : "");
	json_t *out = NULL;
	int rc = general_add(r->app, &a, in, files, n, &out, &f);
	json_decref(in);
	return api_reply(r, rc, 201, out, &f);
}

int api_category_list(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = category_list(r->app, &a, &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_category_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = category_create(r->app, &a, r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_category_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = category_update(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}

int api_category_delete(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int rc = category_delete(r->app, &a, req_path_int(r, 0), &f);
	return rc ? api_fail(r, rc, &f) : resp_empty(r, 204);
}
