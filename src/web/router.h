#ifndef KLUIS_WEB_ROUTER_H
#define KLUIS_WEB_ROUTER_H
#include "web/req.h"

/* A handler parses the request's declared input, calls core and renders.
 * It returns the HTTP status it queued via resp_* (or a negative K_E* code,
 * which becomes a generic 500). */
typedef int (*handler_fn)(struct req *r);

/* Route flags. */
enum {
	R_STAFF = 1 << 0,     /* needs a staff session (401 JSON / redirect to login) */
	R_PAGE = 1 << 1,      /* HTML page: errors as pages, no-store */
	R_JSON = 1 << 2,      /* body is a JSON object (415 otherwise) */
	R_FORM = 1 << 3,      /* body is a urlencoded or multipart form */
	R_NO_CSRF = 1 << 4,   /* state change allowed without CSRF token (login) */
	R_ADMIN = 1 << 5,     /* staff role admin only (403) */
	R_PUBLIC_CACHE = 1 << 6, /* static asset: cacheable */
	R_CLIENT = 1 << 7,    /* needs a vault (client) session */
	R_READ_ONLY_OK = 1 << 8, /* allowed in a read-only "view as" session */
};

/* One route. pattern segments are literal or "{name:int}" / "{name:token}";
 * query and form list the declared parameters (terminated by {NULL}). */
struct route {
	const char *method;
	const char *pattern;
	handler_fn fn;
	unsigned flags;
	const struct param_decl *query;
	const struct param_decl *form;
};

/* router_match: the first route matching method and path; fills r->params.
 * *path_matched is set when the path matched but not the method (→ 405). */
const struct route *router_match(const struct route *const *tables, struct req *r, const char *method,
				 const char *path, int *path_matched);
/* router_validate: check one value against a declaration; 0 ok, -1 bad. */
int router_validate(const struct param_decl *d, const char *value, size_t len);

/* Route tables of the faces (each in its own file). */
extern const struct route routes_core[];   /* healthz, metrics, static, / */
extern const struct route routes_staff[];  /* /app pages */
extern const struct route routes_api[];    /* /api/v1 */
extern const struct route routes_admin[];  /* /app/beheer pages (admin) */
extern const struct route routes_dossier[]; /* /app/dossiers pages */
extern const struct route routes_portal[];  /* /portaal pages and /api/v1/portal */

#endif
