#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "httpc.h"

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct buf *b = ud;
	return buf_add(b, p, sz * n) == 0 ? sz * n : 0;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
	struct buf *b = ud;
	/* keep only the last response's headers (skip 100 Continue etc.) */
	if (n * sz > 5 && strncmp(p, "HTTP/", 5) == 0)
		buf_reset(b);
	return buf_add(b, p, sz * n) == 0 ? sz * n : 0;
}

void httpc_init(struct httpc *c, const char *base)
{
	memset(c, 0, sizeof *c);
	c->curl = curl_easy_init();
	snprintf(c->base, sizeof c->base, "%s", base);
	c->send_csrf = 1;
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
}

void httpc_free(struct httpc *c)
{
	curl_easy_cleanup(c->curl);
	c->curl = NULL;
}

static void resp_init(struct http_resp *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body, 64u << 20);
	buf_init(&r->headers, 1u << 20);
}

void http_resp_free(struct http_resp *r)
{
	buf_free(&r->body);
	buf_free(&r->headers);
	if (r->json)
		json_decref(r->json);
	r->json = NULL;
}

static int perform(struct httpc *c, const char *method, const char *path, struct curl_slist *h,
		   struct http_resp *r)
{
	char url[1024];
	snprintf(url, sizeof url, "%s%s", c->base, path);
	CURL *cu = c->curl;
	curl_easy_setopt(cu, CURLOPT_URL, url);
	curl_easy_setopt(cu, CURLOPT_CUSTOMREQUEST, strcmp(method, "GET") == 0 ? NULL : method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(cu, CURLOPT_NOBODY, 1L);
	else
		curl_easy_setopt(cu, CURLOPT_NOBODY, 0L);
	if (c->send_csrf && c->csrf[0] && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		char hdr[200];
		snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", c->csrf);
		h = curl_slist_append(h, hdr);
	}
	if (c->origin) {
		char hdr[200];
		snprintf(hdr, sizeof hdr, "Origin: %s", c->origin);
		h = curl_slist_append(h, hdr);
	}
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(cu, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(cu, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(cu, CURLOPT_HEADERDATA, &r->headers);
	CURLcode rc = curl_easy_perform(cu);
	curl_slist_free_all(h);
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, NULL);
	long nc = 0;
	curl_easy_getinfo(cu, CURLINFO_NUM_CONNECTS, &nc);
	c->connects += nc;
	if (rc != CURLE_OK && rc != CURLE_SEND_ERROR && rc != CURLE_RECV_ERROR) {
		fprintf(stderr, "curl %s %s: %s\n", method, path, curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &r->status);
	char ct[128];
	if (http_header(r, "Content-Type", ct, sizeof ct) && strncmp(ct, "application/json", 16) == 0) {
		json_error_t je;
		r->json = json_loadb(buf_str(&r->body), r->body.len, 0, &je);
	}
	return r->status ? 0 : -1;
}

int httpc_req(struct httpc *c, const char *method, const char *path, const char *ctype, const char *body,
	      size_t len, struct http_resp *r)
{
	resp_init(r);
	struct curl_slist *h = NULL;
	CURL *cu = c->curl;
	curl_easy_setopt(cu, CURLOPT_MIMEPOST, NULL);
	if (body) {
		char hdr[200];
		snprintf(hdr, sizeof hdr, "Content-Type: %s", ctype);
		h = curl_slist_append(h, hdr);
		curl_easy_setopt(cu, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		curl_easy_setopt(cu, CURLOPT_COPYPOSTFIELDS, body);
	} else {
		curl_easy_setopt(cu, CURLOPT_HTTPGET, 1L);
	}
	return perform(c, method, path, h, r);
}

int httpc_json(struct httpc *c, const char *method, const char *path, const char *json, struct http_resp *r)
{
	return httpc_req(c, method, path, "application/json", json, json ? strlen(json) : 0, r);
}

long httpc_login(struct httpc *c, const char *email, const char *password, const char *totp)
{
	json_t *j = json_pack("{s:s, s:s}", "email", email, "password", password);
	if (totp)
		json_object_set_new(j, "totp", json_string(totp));
	char *s = json_dumps(j, 0);
	json_decref(j);
	struct http_resp r;
	int saved = c->send_csrf;
	c->send_csrf = 0;
	httpc_json(c, "POST", "/api/v1/session", s, &r);
	c->send_csrf = saved;
	free(s);
	long st = r.status;
	if (st == 200 && r.json) {
		const char *t = json_string_value(json_object_get(r.json, "csrf_token"));
		snprintf(c->csrf, sizeof c->csrf, "%s", t ? t : "");
	}
	http_resp_free(&r);
	return st;
}

struct gen {
	unsigned long long left;
};

static size_t gen_read(char *buf, size_t sz, size_t n, void *ud)
{
	struct gen *g = ud;
	size_t want = sz * n;
	if (want > g->left)
		want = (size_t)g->left;
	memset(buf, 'x', want);
	g->left -= want;
	return want;
}

/* mime_with_fields: a new multipart body holding the text fields (name,
 * value pairs, NULL-ended; NULL = none). */
static curl_mime *mime_with_fields(CURL *cu, const char *const *fields)
{
	curl_mime *m = curl_mime_init(cu);
	for (int i = 0; fields && fields[i]; i += 2) {
		curl_mimepart *p = curl_mime_addpart(m);
		curl_mime_name(p, fields[i]);
		curl_mime_data(p, fields[i + 1], CURL_ZERO_TERMINATED);
	}
	return m;
}

int httpc_upload(struct httpc *c, const char *path, const char *const *fields, const char *filename,
		 unsigned long long size, struct http_resp *r)
{
	resp_init(r);
	CURL *cu = c->curl;
	curl_mime *m = mime_with_fields(cu, fields);
	struct gen g = {size};
	if (filename) {
		curl_mimepart *p = curl_mime_addpart(m);
		curl_mime_name(p, "file");
		curl_mime_filename(p, filename);
		curl_mime_type(p, "application/octet-stream");
		curl_mime_data_cb(p, (curl_off_t)size, gen_read, NULL, NULL, &g);
	}
	curl_easy_setopt(cu, CURLOPT_MIMEPOST, m);
	int rc = perform(c, "POST", path, NULL, r);
	curl_easy_setopt(cu, CURLOPT_MIMEPOST, NULL);
	curl_mime_free(m);
	return rc;
}

const char *http_header(const struct http_resp *r, const char *name, char *out, size_t outlen)
{
	const char *p = buf_str(&r->headers);
	size_t nl = strlen(name);
	while (p && *p) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			break;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			size_t vl = (size_t)(eol - v);
			if (vl >= outlen)
				vl = outlen - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return out;
		}
		p = eol + 2;
	}
	return NULL;
}

const char *httpc_cookie(struct httpc *c, const char *name, char *out, size_t outlen)
{
	struct curl_slist *list = NULL;
	const char *found = NULL;
	curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &list);
	for (struct curl_slist *i = list; i; i = i->next) {
		/* netscape format: domain, flag, path, secure, expiry, name, value */
		char *f[7] = {0};
		char *copy = strdup(i->data);
		char *s = copy;
		for (int k = 0; k < 7 && s; k++) {
			f[k] = s;
			s = strchr(s, '\t');
			if (s)
				*s++ = '\0';
		}
		if (f[5] && f[6] && strcmp(f[5], name) == 0) {
			snprintf(out, outlen, "%s", f[6]);
			found = out;
		}
		free(copy);
	}
	curl_slist_free_all(list);
	return found;
}

const char *json_err_code(const struct http_resp *r)
{
	if (!r->json)
		return "";
	const char *s = json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
	return s ? s : "";
}

void httpc_set_cookie(struct httpc *c, const char *name, const char *value)
{
	char line[512];
	/* netscape cookie-file line: domain, tailmatch, path, secure, expires, name, value */
	snprintf(line, sizeof line, "127.0.0.1\tFALSE\t/\tFALSE\t0\t%s\t%s", name, value);
	curl_easy_setopt(c->curl, CURLOPT_COOKIELIST, line);
}

int httpc_upload_data(struct httpc *c, const char *path, const char *const *fields, const char *part,
		      const char *filename, const void *data, size_t len, struct http_resp *r)
{
	resp_init(r);
	CURL *cu = c->curl;
	curl_mime *m = mime_with_fields(cu, fields);
	curl_mimepart *p = curl_mime_addpart(m);
	curl_mime_name(p, part);
	curl_mime_filename(p, filename);
	curl_mime_type(p, "application/octet-stream");
	curl_mime_data(p, data, len);
	curl_easy_setopt(cu, CURLOPT_MIMEPOST, m);
	int rc = perform(c, "POST", path, NULL, r);
	curl_easy_setopt(cu, CURLOPT_MIMEPOST, NULL);
	curl_mime_free(m);
	return rc;
}

int httpc_upload_many(struct httpc *c, const char *path, int n, const char *const *filenames,
		      const void *const *datas, const size_t *lens, struct http_resp *r)
{
	resp_init(r);
	CURL *cu = c->curl;
	curl_mime *m = curl_mime_init(cu);
	for (int i = 0; i < n; i++) {
		curl_mimepart *p = curl_mime_addpart(m);
		curl_mime_name(p, "file");
		curl_mime_filename(p, filenames[i]);
		curl_mime_type(p, "application/octet-stream");
		curl_mime_data(p, datas[i], lens[i]);
	}
	curl_easy_setopt(cu, CURLOPT_MIMEPOST, m);
	int rc = perform(c, "POST", path, NULL, r);
	curl_easy_setopt(cu, CURLOPT_MIMEPOST, NULL);
	curl_mime_free(m);
	return rc;
}
