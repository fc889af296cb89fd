#ifndef KLUIS_WEB_API_API_H
#define KLUIS_WEB_API_API_H
#include "util/err.h"
#include "web/req.h"

/* Helpers shared by the JSON API handlers. */

/* api_str: a string member of the JSON body, or NULL (absent or not a
 * string). */
const char *api_str(struct req *r, const char *key);
/* api_fail: render a kfail as an API error with the status for err. */
int api_fail(struct req *r, int err, const struct kfail *f);
/* api_status_for: the HTTP status for a K_E* error. */
int api_status_for(int err);

/* handlers (session_api.c, me_api.c) */
int api_session_create(struct req *r);
int api_session_delete(struct req *r);
int api_me_get(struct req *r);
int api_me_password(struct req *r);
int api_me_totp_begin(struct req *r);
int api_me_totp_confirm(struct req *r);
int api_me_totp_disable(struct req *r);

#endif
