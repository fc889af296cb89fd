/* The SMS provider stand-in (see sms_provider.h). */
#include <arpa/inet.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <jansson.h>
#include "adapters/sms.h"
#include "sim/sms_provider.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/log.h"

#define BODY_MAX (64 * 1024)
#define SENDER_MAX 15
#define LISTEN_MAX 128

struct sim_sms {
	struct MHD_Daemon *d;
	char *dir;
	char *api_key; /* "" = not checked */
	pthread_mutex_t lock;
	int fail_left;
	int fail_status;
	long requests;
	long stored;
};

/* One request being read. */
struct sim_req {
	struct buf body;
	int too_big;
};

/* --- listen address ------------------------------------------------------- */

/* parse_listen: "HOST:PORT" (IPv4, "localhost", or "[IPv6]") into ss. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss)
{
	char host[LISTEN_MAX];
	const char *colon, *p;
	size_t hl;
	long port = 0;

	memset(ss, 0, sizeof *ss);
	if (!listen || strnlen(listen, LISTEN_MAX) >= LISTEN_MAX)
		return K_EINVAL;
	colon = strrchr(listen, ':');
	if (!colon || !colon[1])
		return K_EINVAL;
	for (p = colon + 1; *p; p++) {
		if (*p < '0' || *p > '9' || port > 65535)
			return K_EINVAL;
		port = port * 10 + (*p - '0');
	}
	if (port > 65535)
		return K_EINVAL;
	hl = (size_t)(colon - listen);
	if (hl >= 2 && listen[0] == '[' && listen[hl - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

		memcpy(host, listen + 1, hl - 2);
		host[hl - 2] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		return inet_pton(AF_INET6, host, &a6->sin6_addr) == 1 ? K_OK : K_EINVAL;
	}
	memcpy(host, listen, hl);
	host[hl] = '\0';
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		return inet_pton(AF_INET, "127.0.0.1", &a4->sin_addr) == 1 ? K_OK : K_EINVAL;
	return inet_pton(AF_INET, host, &a4->sin_addr) == 1 ? K_OK : K_EINVAL;
}

/* --- answers -------------------------------------------------------------- */

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *body)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	if (status == MHD_HTTP_TOO_MANY_REQUESTS || status == MHD_HTTP_SERVICE_UNAVAILABLE)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "POST");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply_error(struct MHD_Connection *c, unsigned status, const char *code, const char *message)
{
	json_t *j = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	enum MHD_Result ret;

	ret = reply(c, status, text ? text : "{}");
	free(text);
	json_decref(j);
	return ret;
}

/* key_ok: constant-time check of "Bearer <key>". */
static int key_ok(const struct sim_sms *s, const char *auth)
{
	size_t n = strlen(s->api_key), an;
	unsigned char diff = 0;

	if (!auth || strncmp(auth, "Bearer ", 7) != 0)
		return 0;
	auth += 7;
	an = strnlen(auth, n + 1);
	if (an != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(auth[i] ^ s->api_key[i]);
	return diff == 0;
}

/* message_id: "sim-" + FNV-1a 64 of key in hex (stable per key). */
static void message_id(const char *key, char out[24])
{
	uint64_t h = 14695981039346656037ull;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 1099511628211ull;
	}
	snprintf(out, 24, "sim-%016llx", (unsigned long long)h);
}

static enum MHD_Result answer_post(struct sim_sms *s, struct MHD_Connection *c, struct sim_req *r)
{
	const char *ct, *to, *text, *key;
	json_t *j = NULL, *from;
	json_error_t jerr;
	char msg[256], id[24], out[64];
	int written = 0, rc;
	enum MHD_Result ret;

	if (s->api_key[0] &&
	    !key_ok(s, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION)))
		return reply_error(c, MHD_HTTP_UNAUTHORIZED, "unauthorized", "missing or wrong API key");
	ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' '))
		return reply_error(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
				   "Content-Type must be application/json");
	if (r->too_big)
		return reply_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "too_large", "body over 64 KiB");
	j = json_loadb(buf_str(&r->body), r->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(j)) {
		ret = reply_error(c, MHD_HTTP_BAD_REQUEST, "invalid_json", "body is not a JSON object");
		goto out;
	}
	to = json_string_value(json_object_get(j, "to"));
	text = json_string_value(json_object_get(j, "text"));
	if (!to || !text || strlen(to) != json_string_length(json_object_get(j, "to")) ||
	    strlen(text) != json_string_length(json_object_get(j, "text"))) {
		ret = reply_error(c, MHD_HTTP_BAD_REQUEST, "invalid_request", "to and text must be strings");
		goto out;
	}
	if (sms_check(to, text, msg, sizeof msg) != K_OK) {
		ret = reply_error(c, MHD_HTTP_BAD_REQUEST, "invalid_request", msg);
		goto out;
	}
	from = json_object_get(j, "from");
	if (from && (!json_is_string(from) || json_string_length(from) < 1 ||
		     json_string_length(from) > SENDER_MAX)) {
		ret = reply_error(c, MHD_HTTP_BAD_REQUEST, "invalid_request", "from must be 1 to 15 bytes");
		goto out;
	}
	key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
	if (!key)
		key = json_string_value(json_object_get(j, "reference"));
	if (!key) {
		ret = reply_error(c, MHD_HTTP_BAD_REQUEST, "invalid_request",
				  "Idempotency-Key header or reference required");
		goto out;
	}
	if (sms_key_check(key) != K_OK) {
		ret = reply_error(c, MHD_HTTP_BAD_REQUEST, "invalid_request", "bad Idempotency-Key or reference");
		goto out;
	}
	rc = sms_file_write(s->dir, key, to, text, &written, msg, sizeof msg);
	if (rc != K_OK) {
		log_warn("sim sms: cannot store: %s", msg);
		ret = reply_error(c, rc == K_EINVAL ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_INTERNAL_SERVER_ERROR,
				  rc == K_EINVAL ? "invalid_request" : "internal", msg);
		goto out;
	}
	if (written) {
		pthread_mutex_lock(&s->lock);
		s->stored++;
		pthread_mutex_unlock(&s->lock);
	}
	message_id(key, id);
	snprintf(out, sizeof out, "{\"id\":\"%s\"}", id);
	ret = reply(c, written ? MHD_HTTP_ACCEPTED : MHD_HTTP_OK, out);
out:
	json_decref(j);
	return ret;
}

static enum MHD_Result answer(struct sim_sms *s, struct MHD_Connection *c, const char *url, const char *method,
			      struct sim_req *r)
{
	int fail, status = 0;

	pthread_mutex_lock(&s->lock);
	s->requests++;
	fail = s->fail_left > 0;
	if (fail) {
		s->fail_left--;
		status = s->fail_status;
	}
	pthread_mutex_unlock(&s->lock);
	if (fail)
		return reply_error(c, (unsigned)status, "simulated", "simulated failure (sim_sms_fail_next)");
	if (strcmp(url, "/") == 0 && strcmp(method, MHD_HTTP_METHOD_GET) == 0)
		return reply(c, MHD_HTTP_OK, "\"kluis sms stand-in\"");
	if (strcmp(url, SIM_SMS_PATH) != 0)
		return reply_error(c, MHD_HTTP_NOT_FOUND, "not_found", "no such path");
	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0)
		return reply_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed", "POST only");
	return answer_post(s, c, r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct sim_sms *s = cls;
	struct sim_req *r = *con_cls;

	(void)version;
	if (!r) {
		/* answering on the first call would cost keep-alive
		 * (LIBRARIES.md): only set up here */
		r = xcalloc(1, sizeof *r);
		buf_init(&r->body, BODY_MAX);
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!r->too_big && buf_add(&r->body, upload_data, *upload_data_size) != K_OK)
			r->too_big = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	return answer(s, c, url, method, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct sim_req *r = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (!r)
		return;
	buf_free(&r->body);
	free(r);
	*con_cls = NULL;
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[256];

	(void)cls;
	vsnprintf(msg, sizeof msg, fmt, ap);
	log_debug("sim sms: %s", msg);
}

/* --- life cycle ----------------------------------------------------------- */

int sim_sms_start(const char *listen, const char *dir, const char *api_key, struct sim_sms **out, int *port)
{
	struct sockaddr_storage ss;
	struct sim_sms *s;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *di;

	if (!out)
		return K_EINVAL;
	*out = NULL;
	if (port)
		*port = 0;
	if (parse_listen(listen, &ss) != K_OK)
		return K_EINVAL;
	if (!dir || !dir[0] || strnlen(dir, PATH_MAX) >= PATH_MAX - SMS_FILE_NAME_MAX - 2)
		return K_EINVAL;
	if (api_key && strnlen(api_key, 1024) >= 1024)
		return K_EINVAL;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s = xcalloc(1, sizeof *s);
	s->dir = xstrdup(dir);
	s->api_key = xstrdup(api_key ? api_key : "");
	pthread_mutex_init(&s->lock, NULL);
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 64u,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
				MHD_OPTION_END);
	if (!s->d) {
		sim_sms_stop(s);
		return K_EIO;
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	if (port)
		*port = di ? di->port : 0;
	*out = s;
	return K_OK;
}

void sim_sms_stop(struct sim_sms *s)
{
	if (!s)
		return;
	if (s->d)
		MHD_stop_daemon(s->d);
	pthread_mutex_destroy(&s->lock);
	secure_free(s->api_key, strlen(s->api_key));
	free(s->dir);
	free(s);
}

void sim_sms_fail_next(struct sim_sms *s, int n, int status)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->fail_left = n > 0 ? n : 0;
	s->fail_status = status >= 100 && status <= 599 ? status : 503;
	pthread_mutex_unlock(&s->lock);
}

void sim_sms_counts(struct sim_sms *s, long *requests, long *stored)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	if (requests)
		*requests = s->requests;
	if (stored)
		*stored = s->stored;
	pthread_mutex_unlock(&s->lock);
}
