#ifndef KLUIS_WEB_REQ_H
#define KLUIS_WEB_REQ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "app.h"
#include "util/arena.h"
#include "util/buf.h"

struct MHD_Connection;
struct MHD_PostProcessor;
struct route;
struct db;

#define REQ_MAX_PARAMS 8      /* path parameters */
#define REQ_MAX_FIELDS 64     /* declared query + form fields */
#define REQ_MAX_FILES 16      /* uploaded files per request */
#define REQ_MAX_HEADERS 16    /* extra response headers */
#define REQ_MAX_COOKIES 4     /* Set-Cookie headers */

/* Parameter types for route declarations; values that fail their type are
 * refused with 400 (query/form) or 404 (path). */
enum ptype {
	P_STR,   /* any UTF-8 text up to max bytes, no control chars but \n \r \t */
	P_LINE,  /* one line of text: no control chars at all */
	P_INT,   /* decimal integer, 1..2^53 for ids */
	P_TOKEN, /* [A-Za-z0-9_.-], not starting with '.' */
	P_EMAIL, /* syntactically plausible e-mail address */
	P_BOOL,  /* "1", "true", "on", "0", "false", "off" */
};

/* A declared query or form parameter. */
struct param_decl {
	const char *name;
	enum ptype type;
	size_t max;     /* bytes */
	bool multi;     /* form field that may repeat (checkbox lists) */
};

/* One value of a declared parameter received in a request. */
struct field {
	const char *name; /* the declaration's name */
	char *value;      /* arena; NUL-terminated */
	size_t len;
	bool bad;         /* failed validation: req_param hides it */
	bool from_query;  /* came from the query string, not the body */
};

/* An uploaded file part, streamed to a temp file in data_dir/tmp. */
struct upload {
	const char *field;
	char *filename;     /* client's name (sanitised), arena */
	char *content_type; /* as declared by the client, arena */
	char path[CONFIG_STR_MAX + 64]; /* temp file; removed when the request ends */
	int fd;
	uint64_t size;
};

/* The signed-in staff member of this request (if any). */
struct staff_ctx {
	int64_t user_id;
	int64_t session_id;
	char role[16];
	char name[128];
	char email[256];
	char csrf[64];
	bool totp_enabled;
};

/* The signed-in vault user of this request (if any). */
struct client_ctx {
	int64_t user_id;
	int64_t session_id;
	int64_t dossier_id;
	int64_t view_as_staff_id; /* non-zero: read-only "view as client" */
	char csrf[64];
	char email[256];
	char name[128];
	bool primary;
	bool two_factor;
};

/* Everything about one HTTP request. Lives in its own arena. */
struct req {
	struct app *app;
	struct MHD_Connection *conn;
	void *srv;                             /* the struct web serving it */
	struct arena arena;
	const char *method;
	const char *path;
	const struct route *route;
	char request_id[20];
	char ip[64];
	int64_t started_ms;

	const char *params[REQ_MAX_PARAMS];    /* path parameter values */
	int64_t param_int[REQ_MAX_PARAMS];
	int nparams;

	struct field fields[REQ_MAX_FIELDS];   /* declared query + form fields */
	int nfields;
	struct upload files[REQ_MAX_FILES];
	int nfiles;

	/* body */
	int body_mode;                         /* enum body_mode in server.c */
	struct buf body;                       /* JSON bodies */
	json_t *json;                          /* parsed JSON body (object) */
	struct MHD_PostProcessor *pp;
	uint64_t body_bytes;
	int body_status;                       /* non-zero: refuse with this status */
	const char *body_code;                 /* error code for body_status */
	struct field *cur_field;               /* post processor state */
	struct upload *cur_file;
	unsigned char *file_buf;               /* cur_file's bytes not yet written */
	size_t file_buf_len;

	/* auth */
	struct staff_ctx staff;
	bool authed;
	struct client_ctx client;
	bool client_authed;
	struct db *db;                         /* lazily acquired (req_db) */

	/* response */
	int status;
	struct buf out;
	const char *content_type;
	const char *hdr_name[REQ_MAX_HEADERS];
	const char *hdr_value[REQ_MAX_HEADERS];
	int nhdr;
	const char *cookies[REQ_MAX_COOKIES];
	int ncookies;
	bool no_store;
	bool is_page;                          /* HTML route: errors as pages */
	int out_fd;                            /* body from this file (resp_file) when out_fd_set */
	bool out_fd_set;
	uint64_t out_fd_size;
	bool queued;
};

/* req_query / req_form: the value of a declared parameter, or NULL if it was
 * not sent (or failed validation). Undeclared parameters never show up. */
const char *req_param(struct req *r, const char *name);
/* req_param_all: every valid value of a repeatable (multi) form field, at
 * most max, into out; returns the count. */
int req_param_all(struct req *r, const char *name, const char **out, int max);
/* req_param_int: the parsed integer of a declared P_INT parameter, or def. */
int64_t req_param_int(struct req *r, const char *name, int64_t def);
/* req_path_int: the i-th typed path parameter (0-based) as integer. */
int64_t req_path_int(struct req *r, int i);
/* req_header: a request header value or NULL. */
const char *req_header(struct req *r, const char *name);
/* req_cookie: a cookie value or NULL. */
const char *req_cookie(struct req *r, const char *name);
/* req_db: this request's database connection (acquired on first use,
 * released when the request ends). */
struct db *req_db(struct req *r);

/* --- responses (resp.c) ------------------------------------------------ */
/* resp_header: add a response header (copied into the arena). */
void resp_header(struct req *r, const char *name, const char *value);
/* resp_cookie: Set-Cookie with HttpOnly; SameSite=Strict; Path=path and,
 * when public_url is https, Secure. max_age < 0 → session cookie; 0 → delete. */
void resp_cookie(struct req *r, const char *name, const char *value, const char *path, long max_age);
/* resp_json: send j (reference stolen) with status. Returns status. */
int resp_json(struct req *r, int status, json_t *j);
/* resp_text: plain body with a content type. */
int resp_text(struct req *r, int status, const char *ctype, const char *text);
/* resp_error: an error as JSON {"error":{code,message,field?}} for API routes
 * or as a generic Dutch page for HTML routes; carries the request id. */
int resp_error(struct req *r, int status, const char *code, const char *message, const char *field);
/* resp_page: render templates/<tmpl>.html into the layout with ctx (stolen);
 * adds the common context (user, csrf, assets, demo banner). */
int resp_page(struct req *r, int status, const char *tmpl, json_t *ctx);
/* resp_partial: render templates/<tmpl>.html alone (no layout), for htmx
 * fragment requests; ctx stolen; same common context as resp_page. */
int resp_partial(struct req *r, int status, const char *tmpl, json_t *ctx);
/* resp_redirect: 303 See Other to a local path. */
int resp_redirect(struct req *r, const char *location);
/* resp_empty: status with no body (204). */
int resp_empty(struct req *r, int status);
/* resp_file: 200 with the body read from fd (its size bytes, from offset 0)
 * and content type ctype. The response owns fd from here on: it is closed
 * when the response is sent or dropped, so memory stays flat whatever the
 * file's size (the caller may unlink the file right away). */
int resp_file(struct req *r, int fd, uint64_t size, const char *ctype);

#endif
