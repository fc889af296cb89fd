/* The HTTP server: libmicrohttpd glue. Creates one struct req per request,
 * streams and bounds the body (JSON buffer or MHD post processor), then
 * dispatches to the router once the body is complete. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "store/db.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/log.h"
#include "web/auth.h"
#include "util/metrics.h"
#include "web/server.h"

#define ARENA_MAX (8u << 20)
#define MAX_URL 2048
#define CSRF_FIELD "csrf_token"
#define DISCARD_MAX (4u << 20) /* bytes dropped after refusing a body */
/* Upload bytes are gathered and written to the temp file FILE_BUF at a time:
 * the post processor hands them over in pieces of about 16 000 bytes (what
 * one read from the socket brings), and writes of that size, not a multiple
 * of the page size, cost ext4 about twice the time of 64 KiB ones. */
#define FILE_BUF (64u << 10)

enum body_mode { BODY_NONE, BODY_JSON, BODY_FORM, BODY_DISCARD };

struct web {
	struct app *app;
	struct MHD_Daemon *d;
	const struct route *tables[9]; /* extra, core, staff, api, dossier, admin, portal, NULL */
	char tmp_dir[CONFIG_STR_MAX + 8];
	atomic_int draining;   /* web_stop: answer new requests 503 */
	atomic_llong in_flight; /* requests of this server being handled */
};

static const struct param_decl csrf_decl = {CSRF_FIELD, P_TOKEN, 128};

/* --- request lifecycle -------------------------------------------------- */

static void client_ip(struct MHD_Connection *c, char *out, size_t outlen)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, outlen, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)outlen);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
			  (socklen_t)outlen);
}

static struct req *req_new(struct web *w, struct MHD_Connection *c, const char *method, const char *url)
{
	struct req *r = xcalloc(1, sizeof *r);
	r->app = w->app;
	r->conn = c;
	r->srv = w;
	arena_init(&r->arena, ARENA_MAX);
	r->method = arena_strdup(&r->arena, method);
	r->path = arena_strndup(&r->arena, url, MAX_URL);
	r->started_ms = app_now_ms(w->app);
	unsigned char id[8];
	app_random(NULL, id, sizeof id);
	for (size_t i = 0; i < sizeof id; i++)
		snprintf(r->request_id + 2 * i, 3, "%02x", id[i]);
	client_ip(c, r->ip, sizeof r->ip);
	buf_init(&r->body, (size_t)w->app->cfg.http_max_json_bytes);
	buf_init(&r->out, 64u << 20);
	r->status = 0;
	for (int i = 0; i < REQ_MAX_FILES; i++)
		r->files[i].fd = -1;
	atomic_fetch_add(&web_metrics.in_flight, 1);
	atomic_fetch_add(&w->in_flight, 1);
	return r;
}

static void req_free(struct req *r)
{
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	secure_free(r->file_buf, r->file_buf ? FILE_BUF : 0);
	for (int i = 0; i < r->nfiles; i++) {
		if (r->files[i].fd >= 0)
			close(r->files[i].fd);
		if (r->files[i].path[0])
			unlink(r->files[i].path);
	}
	if (r->json)
		json_decref(r->json);
	if (r->db)
		store_release(r->app->store, r->db);
	buf_free(&r->body);
	buf_free(&r->out);
	if (r->out_fd_set) /* a file response that was never queued */
		close(r->out_fd);
	arena_free(&r->arena);
	atomic_fetch_sub(&web_metrics.in_flight, 1);
	atomic_fetch_sub(&((struct web *)r->srv)->in_flight, 1);
	free(r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;
	if (!r)
		return;
	long long us = (app_now_ms(r->app) - r->started_ms) * 1000;
	metrics_observe(r->status ? r->status : 500, us);
	log_info("req id=%s method=%s path=%.200s status=%d ms=%lld%s", r->request_id, r->method, r->path,
		 r->status, us / 1000, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
	req_free(r);
	*con_cls = NULL;
}

/* --- request accessors -------------------------------------------------- */

const char *req_param(struct req *r, const char *name)
{
	for (int i = 0; i < r->nfields; i++)
		if (!r->fields[i].bad && strcmp(r->fields[i].name, name) == 0)
			return r->fields[i].value;
	return NULL;
}

int req_param_all(struct req *r, const char *name, const char **out, int max)
{
	int n = 0;
	for (int i = 0; i < r->nfields && n < max; i++)
		if (!r->fields[i].bad && strcmp(r->fields[i].name, name) == 0)
			out[n++] = r->fields[i].value;
	return n;
}

int64_t req_param_int(struct req *r, const char *name, int64_t def)
{
	const char *v = req_param(r, name);
	if (!v)
		return def;
	return strtoll(v, NULL, 10);
}

int64_t req_path_int(struct req *r, int i)
{
	return (i >= 0 && i < r->nparams) ? r->param_int[i] : 0;
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

struct db *req_db(struct req *r)
{
	if (!r->db)
		r->db = store_acquire(r->app->store);
	return r->db;
}

static void body_fail(struct req *r, int status, const char *code)
{
	if (!r->body_status) {
		r->body_status = status;
		r->body_code = code;
	}
}

/* --- declared fields ---------------------------------------------------- */

static const struct param_decl *find_decl(const struct param_decl *decls, const char *name)
{
	if (!name)
		return NULL; /* multipart part without a name: undeclared */
	if (strcmp(name, CSRF_FIELD) == 0)
		return &csrf_decl;
	for (const struct param_decl *d = decls; d && d->name; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

static struct field *field_add(struct req *r, const struct param_decl *d)
{
	if (r->nfields == REQ_MAX_FIELDS)
		return NULL;
	char *v = arena_strdup(&r->arena, "");
	if (!v)
		return NULL; /* arena exhausted */
	struct field *f = &r->fields[r->nfields++];
	f->name = d->name;
	f->value = v;
	f->len = 0;
	f->from_query = false;
	return f;
}

static int field_append(struct req *r, struct field *f, const struct param_decl *d, const char *data, size_t n)
{
	if (f->len + n > d->max)
		return -1;
	char *v = arena_alloc(&r->arena, f->len + n + 1);
	if (!v)
		return -1;
	memcpy(v, f->value, f->len);
	memcpy(v + f->len, data, n);
	v[f->len + n] = '\0';
	f->value = v;
	f->len += n;
	return 0;
}

static enum MHD_Result query_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct req *r = cls;
	const struct param_decl *d = find_decl(r->route ? r->route->query : NULL, key);
	if (!d || d == &csrf_decl)
		return MHD_YES; /* undeclared: dropped */
	if (req_param(r, key))
		return MHD_YES; /* first one wins */
	struct field *f = field_add(r, d);
	if (!f)
		return MHD_YES;
	f->from_query = true;
	const char *v = value ? value : "";
	if (field_append(r, f, d, v, strlen(v)) != 0 || router_validate(d, f->value, f->len) != 0)
		f->bad = true;
	return MHD_YES;
}

/* --- body: post processor ------------------------------------------------ */

static void sanitize_filename(char *s)
{
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '/' || *p == '\\' || *p == '"')
			*p = '_';
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* file_flush: write out what is gathered for cur_file. 0, or -1 (I/O). */
static int file_flush(struct req *r)
{
	size_t n = r->file_buf_len;
	r->file_buf_len = 0;
	return n ? write_all(r->cur_file->fd, (const char *)r->file_buf, n) : 0;
}

/* file_write: append to cur_file through file_buf (directly when it could
 * not be allocated, or for whole FILE_BUF pieces). 0, or -1 (I/O). */
static int file_write(struct req *r, const char *p, size_t n)
{
	if (!r->file_buf)
		r->file_buf = try_malloc(FILE_BUF);
	if (!r->file_buf)
		return write_all(r->cur_file->fd, p, n);
	while (n) {
		if (r->file_buf_len == 0 && n >= FILE_BUF) {
			size_t whole = n - n % FILE_BUF;
			if (write_all(r->cur_file->fd, p, whole) != 0)
				return -1;
			p += whole;
			n -= whole;
			continue;
		}
		size_t k = FILE_BUF - r->file_buf_len < n ? FILE_BUF - r->file_buf_len : n;
		memcpy(r->file_buf + r->file_buf_len, p, k);
		r->file_buf_len += k;
		p += k;
		n -= k;
		if (r->file_buf_len == FILE_BUF && file_flush(r) != 0)
			return -1;
	}
	return 0;
}

static int file_open(struct req *r, const char *key, const char *filename, const char *ctype)
{
	if (r->nfiles == REQ_MAX_FILES)
		return -1;
	struct upload *u = &r->files[r->nfiles++];
	u->field = arena_strdup(&r->arena, key);
	u->filename = arena_strndup(&r->arena, filename, 255);
	if (u->filename)
		sanitize_filename(u->filename);
	u->content_type = arena_strndup(&r->arena, ctype ? ctype : "", 127);
	snprintf(u->path, sizeof u->path, "%s/tmp/upload-XXXXXX", r->app->cfg.data_dir);
	u->fd = mkostemp(u->path, O_CLOEXEC);
	if (u->fd < 0) {
		log_error("upload temp file: %s", strerror(errno));
		u->path[0] = '\0';
		return -1;
	}
	r->cur_file = u;
	return 0;
}

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				 const char *content_type, const char *transfer_encoding, const char *data,
				 uint64_t off, size_t size)
{
	struct req *r = cls;
	if (r->body_status)
		return MHD_NO;
	const struct param_decl *d = find_decl(r->route ? r->route->form : NULL, key);
	if (!d)
		return MHD_YES; /* undeclared: dropped */
	if (filename) {
		if (off == 0 || !r->cur_file || strcmp(r->cur_file->field, key) != 0) {
			if (r->cur_file && file_flush(r) != 0) {
				body_fail(r, 500, "io");
				return MHD_NO;
			}
			if (file_open(r, key, filename, content_type) != 0) {
				body_fail(r, 413, "too_many_files");
				return MHD_NO;
			}
		}
		struct upload *u = r->cur_file;
		if (u->size + size > (uint64_t)r->app->cfg.upload_max_file_bytes) {
			body_fail(r, 413, "too_large");
			return MHD_NO;
		}
		if (file_write(r, data, size) != 0) {
			body_fail(r, 500, "io");
			return MHD_NO;
		}
		u->size += size;
		return MHD_YES;
	}
	if (off == 0 || !r->cur_field || strcmp(r->cur_field->name, key) != 0) {
		if (req_param(r, key) && d != &csrf_decl && !d->multi) {
			r->cur_field = NULL;
			return MHD_YES; /* repeated scalar field: first wins */
		}
		r->cur_field = field_add(r, d);
		if (!r->cur_field) {
			body_fail(r, 413, "too_many_fields");
			return MHD_NO;
		}
	}
	if (field_append(r, r->cur_field, d, data, size) != 0) {
		body_fail(r, 413, "field_too_large");
		return MHD_NO;
	}
	return MHD_YES;
}

static void fields_validate(struct req *r)
{
	for (int i = 0; i < r->nfields; i++) {
		if (r->fields[i].from_query)
			continue; /* checked against the query declarations already */
		const struct param_decl *d = find_decl(r->route->form, r->fields[i].name);
		if (d && router_validate(d, r->fields[i].value, r->fields[i].len) != 0)
			r->fields[i].bad = true;
	}
}

/* --- body: setup on the first call --------------------------------------- */

static int ctype_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static void body_setup(struct req *r)
{
	const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = req_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	unsigned long long len = cl ? strtoull(cl, NULL, 10) : 0;
	int has_body = len > 0 || te != NULL;
	const struct config *cfg = &r->app->cfg;
	unsigned flags = r->route ? r->route->flags : 0;
	r->body_mode = BODY_DISCARD;
	if (!has_body)
		return;
	if (flags & R_JSON) {
		if (!ctype_is(ct, "application/json")) {
			body_fail(r, 415, "unsupported_media_type");
			return;
		}
		if (len > (unsigned long long)cfg->http_max_json_bytes)
			body_fail(r, 413, "too_large");
		r->body_mode = BODY_JSON;
		return;
	}
	if (flags & R_FORM) {
		int multipart = ctype_is(ct, "multipart/form-data");
		if (!multipart && !ctype_is(ct, "application/x-www-form-urlencoded")) {
			body_fail(r, 415, "unsupported_media_type");
			return;
		}
		unsigned long long max = multipart ? (unsigned long long)cfg->http_max_body_bytes
						   : (unsigned long long)cfg->http_max_form_bytes;
		if (len > max) {
			body_fail(r, 413, "too_large");
			return;
		}
		r->pp = MHD_create_post_processor(r->conn, 16 * 1024, post_iter, r);
		if (!r->pp) {
			body_fail(r, 400, "bad_form");
			return;
		}
		r->body_mode = BODY_FORM;
		return;
	}
	if (len > (unsigned long long)cfg->http_max_json_bytes)
		body_fail(r, 413, "too_large");
}

static void body_feed(struct req *r, const char *data, size_t size)
{
	const struct config *cfg = &r->app->cfg;
	r->body_bytes += size;
	atomic_fetch_add(&web_metrics.bytes_in, size);
	if (r->body_status)
		return;
	switch (r->body_mode) {
	case BODY_JSON:
		if (buf_add(&r->body, data, size) != K_OK)
			body_fail(r, 413, "too_large");
		break;
	case BODY_FORM: {
		/* the limit again for bodies without Content-Length (chunked) */
		int multipart = ctype_is(req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), "multipart/form-data");
		int64_t max = multipart ? cfg->http_max_body_bytes : cfg->http_max_form_bytes;
		if (r->body_bytes > (uint64_t)max) {
			body_fail(r, 413, "too_large");
			break;
		}
		if (MHD_post_process(r->pp, data, size) != MHD_YES)
			body_fail(r, 400, "bad_form");
		break;
	}
	default:
		if (r->body_bytes > (uint64_t)cfg->http_max_json_bytes)
			body_fail(r, 413, "too_large");
		break;
	}
}

/* The most body bytes read for one request: the limit of its kind plus
 * DISCARD_MAX. MHD takes no response while a body is still arriving, so a
 * body refused half-way is read to its end and dropped, and the 413 goes
 * out when it ends (a client that sent it all gets its answer); a body that
 * goes on past this cap (chunked, no Content-Length) gets the connection
 * closed instead. With a Content-Length the cap is never reached: a length
 * over the limit is refused before the body is read. */
static uint64_t body_cap(const struct req *r)
{
	const struct config *cfg = &r->app->cfg;
	int64_t max = r->body_mode == BODY_FORM ? cfg->http_max_body_bytes : cfg->http_max_json_bytes;
	return (uint64_t)max + DISCARD_MAX;
}

static void body_finish(struct req *r)
{
	if (r->body_status)
		return;
	if (r->body_mode == BODY_JSON) {
		json_error_t jerr;
		r->json = json_loadb(r->body.data ? r->body.data : "", r->body.len,
				     JSON_REJECT_DUPLICATES, &jerr);
		if (!r->json || !json_is_object(r->json))
			body_fail(r, 400, "invalid_json");
	} else if (r->body_mode == BODY_FORM) {
		/* the handler reads the upload temp files by path: write out what
		 * is still gathered. They are not fsynced: they live for this
		 * request only; what is kept is written durably by the blob store */
		if (r->cur_file && file_flush(r) != 0) {
			body_fail(r, 500, "io");
			return;
		}
		/* libmicrohttpd 0.9.75 reports an urlencoded body's last field only
		 * when something follows it: "a=1&b=" would lose b (a cleared
		 * field). A closing '&' flushes it; an empty pair is ignored. */
		if (ctype_is(req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), "application/x-www-form-urlencoded") &&
		    MHD_post_process(r->pp, "&", 1) != MHD_YES) {
			body_fail(r, 400, "bad_form");
			return;
		}
		fields_validate(r);
	}
	if ((r->route && (r->route->flags & R_JSON)) && !r->json && !r->body_status &&
	    (strcmp(r->method, "POST") == 0 || strcmp(r->method, "PATCH") == 0 || strcmp(r->method, "PUT") == 0))
		r->json = json_object();
}

/* --- response ------------------------------------------------------------ */

static void add_security_headers(struct req *r, struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
				"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "geolocation=(), microphone=(), payment=()");
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	if (config_is_https(&r->app->cfg))
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
	if (r->route && (r->route->flags & R_PUBLIC_CACHE) && r->status == 200)
		MHD_add_response_header(resp, "Cache-Control", "public, max-age=31536000, immutable");
	else if (r->no_store || r->authed || r->client_authed || (r->route && (r->route->flags & (R_STAFF | R_PAGE))) ||
		 strncmp(r->path, "/api/", 5) == 0)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	else
		MHD_add_response_header(resp, "Cache-Control", "no-cache");
}

static enum MHD_Result queue(struct req *r)
{
	if (r->status == 0)
		resp_error(r, 500, "internal", "Er ging iets mis.", NULL);
	struct MHD_Response *resp;
	if (r->out_fd_set && r->status == 200) {
		/* MHD owns the fd from here: it closes it with the response */
		resp = MHD_create_response_from_fd64(r->out_fd_size, r->out_fd);
		if (!resp)
			return MHD_NO; /* req_free closes the fd */
		r->out_fd_set = false;
	} else {
		size_t len = r->out.len;
		char *data = buf_steal(&r->out);
		resp = MHD_create_response_from_buffer_with_free_callback(len, data, free);
		if (!resp) {
			free(data);
			return MHD_NO;
		}
	}
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	add_security_headers(r, resp);
	for (int i = 0; i < r->nhdr; i++)
		MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
	for (int i = 0; i < r->ncookies; i++)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookies[i]);
	if (r->body_status)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	r->queued = true;
	return ret;
}

/* --- dispatch ------------------------------------------------------------ */

static int is_state_change(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

static void dispatch(struct web *w, struct req *r, int path_matched)
{
	if (r->body_status) {
		const char *msg = r->body_status == 413 ? "De aanvraag is te groot."
			       : r->body_status == 415 ? "Dit inhoudstype wordt niet ondersteund."
						       : "De aanvraag kon niet worden gelezen.";
		resp_error(r, r->body_status, r->body_code, msg, NULL);
		return;
	}
	if (!r->route) {
		if (path_matched)
			resp_error(r, 405, "method_not_allowed", "Deze methode is hier niet toegestaan.", NULL);
		else
			resp_error(r, 404, "not_found", "Niet gevonden.", NULL);
		return;
	}
	unsigned flags = r->route->flags;
	/* static files and health checks never need the session lookup */
	int portal = (flags & R_CLIENT) || strncmp(r->path, "/portaal", 8) == 0 ||
		     strncmp(r->path, "/api/v1/portal/", 15) == 0;
	if (portal)
		auth_load_client(r);
	else if ((flags & (R_STAFF | R_PAGE)) || strncmp(r->path, "/api/", 5) == 0)
		auth_load_staff(r);
	if ((flags & R_CLIENT) && !r->client_authed) {
		if (flags & R_PAGE)
			resp_redirect(r, "/portaal/login");
		else
			resp_error(r, 401, "unauthenticated", "Log eerst in.", NULL);
		return;
	}
	if ((flags & R_STAFF) && !r->authed) {
		if (flags & R_PAGE)
			resp_redirect(r, "/app/login");
		else
			resp_error(r, 401, "unauthenticated", "Log eerst in.", NULL);
		return;
	}
	if (is_state_change(r->method)) {
		if (!auth_origin_ok(r)) {
			resp_error(r, 403, "csrf", "Verzoek van een andere herkomst geweigerd.", NULL);
			return;
		}
		if (portal && r->client_authed && !(flags & R_NO_CSRF) && !auth_client_csrf_ok(r)) {
			resp_error(r, 403, "csrf", "Ongeldig of ontbrekend CSRF-token.", NULL);
			return;
		}
		if (portal && r->client_authed && r->client.view_as_staff_id && !(flags & R_READ_ONLY_OK)) {
			resp_error(r, 403, "read_only", "Meekijken is alleen-lezen: hier kan niets worden gewijzigd.", NULL);
			return;
		}
		if (!portal && r->authed && !(flags & R_NO_CSRF) && !auth_csrf_ok(r)) {
			resp_error(r, 403, "csrf", "Ongeldig of ontbrekend CSRF-token.", NULL);
			return;
		}
	}
	if ((flags & R_ADMIN) && strcmp(r->staff.role, "admin") != 0) {
		resp_error(r, 403, "forbidden", "Hiervoor heeft u geen rechten.", NULL);
		return;
	}
	int rc = r->route->fn(r);
	if (rc < 0 || r->status == 0) {
		log_error("handler error id=%s path=%.200s err=%s", r->request_id, r->path, kerr_str(rc));
		buf_reset(&r->out);
		r->nhdr = 0;
		r->ncookies = 0;
		int st = rc == K_EBUSY ? 503 : 500;
		resp_error(r, st, st == 503 ? "busy" : "internal",
			   st == 503 ? "Het is even te druk; probeer het zo opnieuw." : "Er ging iets mis.", NULL);
	}
	(void)w;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct web *w = cls;
	struct req *r = *con_cls;
	if (!r) {
		r = req_new(w, c, method, url);
		*con_cls = r;
		if (atomic_load(&w->draining)) {
			/* shutting down: refuse at once, close the connection */
			r->is_page = strncmp(r->path, "/api/", 5) != 0;
			r->body_status = 503;
			resp_error(r, 503, "shutting_down", "De server start opnieuw op; probeer het zo opnieuw.", NULL);
			resp_header(r, "Retry-After", "2");
			return queue(r);
		}
		int path_matched = 0;
		r->route = router_match(w->tables, r, method, r->path, &path_matched);
		r->is_page = !r->route || (r->route->flags & R_PAGE) || strncmp(r->path, "/api/", 5) != 0;
		if (r->route && (r->route->flags & R_PAGE))
			r->is_page = true;
		else if (strncmp(r->path, "/api/", 5) == 0)
			r->is_page = false;
		r->cur_field = NULL;
		if (r->route)
			MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_iter, r);
		r->body_mode = path_matched ? BODY_DISCARD : BODY_NONE;
		body_setup(r);
		if (r->body_status == 413) {
			/* refuse before reading the body; MHD closes the connection */
			dispatch(w, r, 0);
			return queue(r);
		}
		return MHD_YES;
	}
	if (r->queued) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		body_feed(r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		/* a response cannot be queued here (MHD refuses while upload
		 * data is being handed over): see body_cap */
		if (r->body_bytes > body_cap(r)) {
			log_warn("req id=%s body over %llu bytes: connection closed", r->request_id,
				 (unsigned long long)body_cap(r));
			return MHD_NO;
		}
		return MHD_YES;
	}
	body_finish(r);
	if (r->route == NULL) {
		int path_matched = 0;
		router_match(w->tables, r, method, r->path, &path_matched);
		dispatch(w, r, path_matched);
	} else {
		dispatch(w, r, 0);
	}
	return queue(r);
}

/* --- start / stop -------------------------------------------------------- */

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *sl)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end = NULL;
	long port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535)
		return -1;
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[') {
		size_t hl = strlen(host);
		if (hl < 2 || host[hl - 1] != ']')
			return -1;
		host[hl - 1] = '\0';
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return -1;
		*sl = sizeof *s6;
		return 0;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
		return -1;
	*sl = sizeof *s4;
	return 0;
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t l = strlen(msg);
	while (l && (msg[l - 1] == '\n'))
		msg[--l] = '\0';
	log_debug("mhd: %s", msg);
}

int web_start(struct app *app, const char *listen, const struct route *extra, struct web **out, int *port,
	      char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl = 0;
	if (parse_listen(listen, &ss, &sl) != 0) {
		snprintf(err, errlen, "listen: cannot parse '%s' (want HOST:PORT)", listen);
		return K_EINVAL;
	}
	struct web *w = xcalloc(1, sizeof *w);
	w->app = app;
	int t = 0;
	if (extra)
		w->tables[t++] = extra;
	w->tables[t++] = routes_core;
	w->tables[t++] = routes_staff;
	w->tables[t++] = routes_api;
	w->tables[t++] = routes_dossier;
	w->tables[t++] = routes_admin;
	w->tables[t++] = routes_portal;
	snprintf(w->tmp_dir, sizeof w->tmp_dir, "%s/tmp", app->cfg.data_dir);
	mkdir(w->tmp_dir, 0700);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	w->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, w, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned)app->cfg.http_threads,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)app->cfg.http_max_connections,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)app->cfg.http_timeout_seconds,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, w, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
				w, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_END);
	if (!w->d) {
		snprintf(err, errlen, "cannot listen on %s: %s", listen, strerror(errno));
		free(w);
		return K_EIO;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(w->d, MHD_DAEMON_INFO_BIND_PORT);
	*port = di ? di->port : 0;
	*out = w;
	return K_OK;
}

void web_stop(struct web *w, int drain_ms)
{
	if (!w)
		return;
	/* Not MHD_quiesce_daemon: with a thread pool on epoll it can panic
	 * ("Failed to remove listen FD from epoll set") at stop. New requests
	 * get 503 + Connection: close instead while the running ones finish. */
	atomic_store(&w->draining, 1);
	for (int waited = 0; waited < drain_ms && atomic_load(&w->in_flight) > 0; waited += 10) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(w->d);
	free(w);
}
