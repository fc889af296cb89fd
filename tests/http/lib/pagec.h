#ifndef KLUIS_TESTS_PAGEC_H
#define KLUIS_TESTS_PAGEC_H
/* Pages driven like a browser without JavaScript, for the HTTP tests: GETs
 * and urlencoded form posts (with or without the page's csrf_token), the
 * 303 of Post/Redirect/Get, and sign-in through the staff login form. Every
 * helper fails the test on a transport error; the caller frees r. */
#include <stddef.h>
#include "httpc.h"

#define PG_FORM "application/x-www-form-urlencoded"

/* pg_get: GET path into r; returns r->status. */
long pg_get(struct httpc *c, const char *path, struct http_resp *r);
/* pg_post: POST body (urlencoded) exactly as given, no token added, into r;
 * returns r->status. */
long pg_post(struct httpc *c, const char *path, const char *body, struct http_resp *r);
/* pg_csrf: the csrf_token of the signed-in staff dashboard's first form (GET
 * /app/ must answer 200 and carry one) into out. */
void pg_csrf(struct httpc *c, char *out, size_t outlen);
/* pg_post_form: POST body (urlencoded, without the token, may be "") the way
 * a form on a signed-in page sends it: csrf_token first (from pg_csrf);
 * returns r->status. */
long pg_post_form(struct httpc *c, const char *path, const char *body, struct http_resp *r);
/* pg_urlenc: s percent-encoded (curl_easy_escape) into out. */
void pg_urlenc(const char *s, char *out, size_t outlen);
/* pg_assert_location: r is a 303 whose Location is exactly want. */
void pg_assert_location(const struct http_resp *r, const char *want);
/* pg_login_status: POST the staff login form (totp NULL = none); returns the
 * status (303 on success, the session cookie then kept by c). */
long pg_login_status(struct httpc *c, const char *email, const char *password, const char *totp);
/* pg_login: the staff login form must succeed: a 303 to /app/. */
void pg_login(struct httpc *c, const char *email, const char *password, const char *totp);

#endif
