/* Products (D3). */
#include "core/product.h"
#include "web/api/api.h"
#include "web/auth.h"

int api_product_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = product_create(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_product_get(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = product_get(r->app, &a, req_path_int(r, 0), &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_product_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = product_update(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}
