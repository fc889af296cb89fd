#ifndef KLUIS_WEB_SERVER_H
#define KLUIS_WEB_SERVER_H
#include <stddef.h>
#include "app.h"
#include "web/router.h"

struct web;

/* web_start: listen on "HOST:PORT" (port 0 = any free port) with
 * libmicrohttpd (epoll, thread pool of cfg.http_threads). extra is an
 * optional route table tried before the built-in ones (tests). The bound
 * port is written to *port. K_OK or K_EIO with err. */
int web_start(struct app *app, const char *listen, const struct route *extra, struct web **out, int *port,
	      char *err, size_t errlen);
/* web_stop: stop accepting, let requests in flight finish (at most
 * drain_ms), then close every connection and free the server. */
void web_stop(struct web *w, int drain_ms);

#endif
