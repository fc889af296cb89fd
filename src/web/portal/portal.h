#ifndef KLUIS_WEB_PORTAL_PORTAL_H
#define KLUIS_WEB_PORTAL_PORTAL_H
#include <string.h>
#include "util/err.h"
#include "web/req.h"

/* Client-side handlers (/api/v1/portal and /portaal pages). */

/* portal_fail: a core error as an API error (token_invalid 400,
 * token_expired/token_used 410, rate limits 429, the rest 422). */
int portal_fail(struct req *r, int rc, const struct kfail *f);

int papi_session_create(struct req *r);
int papi_session_delete(struct req *r);
int papi_activation_sms(struct req *r);
int papi_activation(struct req *r);
int papi_reset(struct req *r);
int papi_reset_confirm(struct req *r);
int papi_me(struct req *r);
int papi_me_update(struct req *r);
int papi_totp_begin(struct req *r);
int papi_totp_confirm(struct req *r);
int papi_totp_disable(struct req *r);
int papi_branding_css(struct req *r);
int papi_upload(struct req *r);
int papi_documents(struct req *r);
int papi_document_content(struct req *r);
int papi_branding_logo(struct req *r);
/* portal_requests.c */
int papi_requests(struct req *r);
int papi_overview(struct req *r);

#endif
