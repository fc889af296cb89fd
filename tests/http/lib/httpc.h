#ifndef KLUIS_TESTS_HTTPC_H
#define KLUIS_TESTS_HTTPC_H
/* A small libcurl client for HTTP tests: keeps cookies, remembers the CSRF
 * token from a login and sends it on state changes. */
#include <jansson.h>
#include <stddef.h>
#include "util/buf.h"

struct http_resp {
	long status;
	struct buf body;
	struct buf headers; /* raw header block of the final response */
	json_t *json;       /* parsed body if it is JSON, else NULL */
};

struct httpc {
	void *curl;
	char base[64];
	char csrf[128];
	int send_csrf;      /* add X-CSRF-Token on non-GET (default 1) */
	const char *origin; /* Origin header to send (NULL = none) */
	long connects;      /* new TCP connections made so far */
};

/* httpc_init: client for base URL ("http://127.0.0.1:PORT"). */
void httpc_init(struct httpc *c, const char *base);
void httpc_free(struct httpc *c);
/* httpc_req: one request; body may be NULL. 0 or -1 (transport error). */
int httpc_req(struct httpc *c, const char *method, const char *path, const char *ctype, const char *body,
	      size_t len, struct http_resp *r);
/* httpc_json: request with a JSON body (NULL = none). */
int httpc_json(struct httpc *c, const char *method, const char *path, const char *json, struct http_resp *r);
/* httpc_login: POST /api/v1/session; on 200 stores the CSRF token. Returns
 * the status. */
long httpc_login(struct httpc *c, const char *email, const char *password, const char *totp);
/* httpc_upload: multipart POST with fields (name,value pairs, NULL-ended)
 * and one file part "file" of size bytes generated on the fly (never held in
 * memory). */
int httpc_upload(struct httpc *c, const char *path, const char *const *fields, const char *filename,
		 unsigned long long size, struct http_resp *r);
/* httpc_upload_data: multipart POST with fields and one file part named
 * part holding data (len bytes). */
int httpc_upload_data(struct httpc *c, const char *path, const char *const *fields, const char *part,
		      const char *filename, const void *data, size_t len, struct http_resp *r);
/* httpc_upload_many: multipart POST with n file parts named "file". */
int httpc_upload_many(struct httpc *c, const char *path, int n, const char *const *filenames,
		      const void *const *datas, const size_t *lens, struct http_resp *r);
/* http_header: a response header value (case-insensitive name) copied into
 * out, or NULL. */
const char *http_header(const struct http_resp *r, const char *name, char *out, size_t outlen);
/* http_cookie: the value of a cookie in the client's jar, copied into out. */
const char *httpc_cookie(struct httpc *c, const char *name, char *out, size_t outlen);
/* httpc_set_cookie: put a cookie into the client's jar (replaces it). */
void httpc_set_cookie(struct httpc *c, const char *name, const char *value);
void http_resp_free(struct http_resp *r);
/* json_err_code: error.code of a JSON error body or "". */
const char *json_err_code(const struct http_resp *r);

#endif
