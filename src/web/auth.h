#ifndef KLUIS_WEB_AUTH_H
#define KLUIS_WEB_AUTH_H
#include <stdbool.h>
#include "core/actor.h"
#include "web/req.h"

/* auth_staff_cookie: the staff session cookie name: "__Host-kluis_staff"
 * when public_url is https, else "kluis_staff". */
const char *auth_staff_cookie(const struct app *app);
/* auth_load_staff: if the request carries a valid staff session cookie,
 * fill r->staff and set r->authed. */
void auth_load_staff(struct req *r);
/* auth_csrf_ok: the X-CSRF-Token header or csrf_token form field equals the
 * session's token (constant-time compare). */
bool auth_csrf_ok(struct req *r);
/* auth_origin_ok: no Origin header, or it equals public_url's origin or the
 * request's own http(s)://Host. */
bool auth_origin_ok(struct req *r);
/* auth_actor: the actor of this request (staff or anonymous). */
struct actor auth_actor(struct req *r);
/* auth_set_session_cookie / auth_clear_session_cookie */
void auth_set_session_cookie(struct req *r, const char *token);
void auth_clear_session_cookie(struct req *r);

/* auth_client_cookie: "__Host-kluis_portal" on https, else "kluis_portal". */
const char *auth_client_cookie(const struct app *app);
/* auth_load_client: fill r->client from a valid client session cookie. */
void auth_load_client(struct req *r);
/* auth_client_csrf_ok: the request carries the client session's token. */
bool auth_client_csrf_ok(struct req *r);
void auth_set_client_cookie(struct req *r, const char *token);
void auth_clear_client_cookie(struct req *r);

#endif
