/* Client (portal) API: document requests and the overview (R2, R5, R6). */
#include "core/request.h"
#include "web/api/api.h"
#include "web/portal/portal.h"

static struct actor client_actor(struct req *r)
{
	struct actor a = {ACTOR_CLIENT, r->client.user_id, ROLE_NONE, r->ip, r->request_id};
	return a;
}

int papi_requests(struct req *r)
{
	struct actor a = client_actor(r);
	json_t *out = NULL;
	int rc = request_client_list(r->app, &a, &out);
	return api_reply(r, rc, 200, out, NULL);
}

int papi_overview(struct req *r)
{
	struct actor a = client_actor(r);
	json_t *out = NULL;
	int rc = request_overview(r->app, &a, &out);
	return api_reply(r, rc, 200, out, NULL);
}
