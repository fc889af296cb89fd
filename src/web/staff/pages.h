#ifndef KLUIS_WEB_STAFF_PAGES_H
#define KLUIS_WEB_STAFF_PAGES_H
#include "web/req.h"

/* Staff (back office) page handlers. */
int page_login(struct req *r);
int page_login_post(struct req *r);
int page_logout(struct req *r);
int page_dashboard(struct req *r);
int page_profile(struct req *r);
int page_profile_password(struct req *r);
int page_profile_totp_begin(struct req *r);
int page_profile_totp_confirm(struct req *r);
int page_profile_totp_disable(struct req *r);
int page_demo_messages(struct req *r);

#endif
