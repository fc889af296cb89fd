/* Routes outside the two faces: health, metrics, static assets, "/". */
#include <string.h>
#include "util/metrics.h"
#include "web/assets.h"
#include "web/router.h"

static int h_healthz(struct req *r)
{
	return resp_text(r, 200, "text/plain; charset=utf-8", "ok");
}

static int h_metrics(struct req *r)
{
	buf_reset(&r->out);
	if (metrics_render(&r->out, app_now(r->app) - r->app->started_at) != 0)
		return -1;
	r->status = 200;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return 200;
}

static int h_static(struct req *r)
{
	size_t len = 0;
	const char *ctype = NULL;
	const unsigned char *data = assets_lookup(r->params[0], &len, &ctype);
	if (!data)
		return resp_error(r, 404, "not_found", "Niet gevonden.", NULL);
	buf_reset(&r->out);
	r->out.max = len + 1;
	if (buf_add(&r->out, data, len) != 0)
		return -1;
	r->status = 200;
	r->content_type = ctype;
	return 200;
}

static int h_root(struct req *r)
{
	return resp_redirect(r, "/app/");
}

const struct route routes_core[] = {
	{"GET", "/healthz", h_healthz, 0, NULL, NULL},
	{"GET", "/metrics", h_metrics, 0, NULL, NULL},
	{"GET", "/static/{file}", h_static, R_PUBLIC_CACHE, NULL, NULL},
	{"GET", "/", h_root, 0, NULL, NULL},
	{"GET", "/app", h_root, 0, NULL, NULL},
	{NULL, NULL, NULL, 0, NULL, NULL},
};
