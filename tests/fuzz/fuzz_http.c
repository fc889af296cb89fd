/* libFuzzer target for the HTTP layer end to end: the input is written as a
 * raw HTTP/1.1 request (or several, pipelined) to the real server, started
 * in-process on 127.0.0.1:0 over a temp data dir. That runs MHD's request
 * parsing, our query-string and cookie handling, the urlencoded and
 * multipart form parsing through MHD's post processor (uploads to temp
 * files), JSON bodies, the router with its path, query and form validators,
 * the built-in routes and a few extra routes below that read every kind of
 * declared parameter.
 *
 * Helpers for the fuzzer:
 * - an input that does not start with a method ("[A-Z]+ ") gets the
 *   request line "POST /fz/form HTTP/1.1" put in front, so mutations
 *   of headers and form bodies are not wasted on the request line;
 * - markers in the input are replaced (see fz_marker): "@S@" by a fresh
 *   staff session token of an advisor and "@C@" by its CSRF token, "@M@"
 *   and "@K@" the same for an admin, "@P@" by their password, "@T@" by the
 *   admin's current TOTP code, "@A@" by the stylesheet's hashed path; so
 *   the signed-in routes, sign-in itself and static assets are reachable
 *   and each input starts from the same account state.
 * A request that is neither answered nor closed within 8 s is a hang and
 * aborts (the server's idle timeout is set to 1 s). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <jansson.h>
#include <sodium.h>
#include "adapters/totp.h"
#include "app.h"
#include "core/actor.h"
#include "core/password.h"
#include "core/session.h"
#include "core/staff.h"
#include "store/db.h"
#include "store/staff_store.h"
#include "util/log.h"
#include "util/metrics.h"
#include "web/assets.h"
#include "web/req.h"
#include "web/router.h"
#include "web/server.h"

#define FZ_TIMEOUT_MS 8000
#define FZ_MAX_FD 256
#define FZ_MAX_INPUT (256 * 1024)
#define FZ_PASSWORD "Harnas-wachtwoord-2024-xq"
#define FZ_PREFIX "POST /fz/form HTTP/1.1\r\n"
#define FZ_MARKER_MAX 160 /* longest marker value */

static struct app fz_app;
static struct web *fz_web;
static int fz_port;
static char fz_dir[256];
static int fz_verbose; /* KLUIS_FUZZ_VERBOSE: log and print responses */

/* --- extra routes: every parameter type, form + files, JSON ------------- */

static const struct param_decl fz_query[] = {
	{"s", P_STR, 256},
	{"line", P_LINE, 64},
	{"n", P_INT, 16},
	{"tok", P_TOKEN, 32},
	{"email", P_EMAIL, 254},
	{"b", P_BOOL, 5},
	{NULL, 0, 0},
};

static const struct param_decl fz_form[] = {
	{"s", P_STR, 1024},
	{"line", P_LINE, 64},
	{"n", P_INT, 16},
	{"tok", P_TOKEN, 32},
	{"email", P_EMAIL, 254},
	{"b", P_BOOL, 5},
	{"file", P_STR, 255},
	{"doc", P_STR, 255},
	{NULL, 0, 0},
};

/* Every declared parameter (as sent, or null) as a JSON object. */
static json_t *fz_params(struct req *r, const struct param_decl *decls)
{
	json_t *o = json_object();
	for (const struct param_decl *d = decls; d->name; d++) {
		const char *v = req_param(r, d->name);
		json_object_set_new(o, d->name, v ? json_stringn(v, strlen(v)) : json_null());
		if (v && d->type == P_INT)
			json_object_set_new(o, "n_int", json_integer(req_param_int(r, d->name, -1)));
	}
	for (int i = 0; i < r->nfields; i++)
		if (r->fields[i].bad)
			json_object_set_new(o, "bad", json_string(r->fields[i].name));
	return o;
}

static void fz_common(struct req *r, json_t *o)
{
	const char *h = req_header(r, "User-Agent");
	const char *c = req_cookie(r, "fz");
	const char *sc = req_cookie(r, "kluis_staff");
	json_object_set_new(o, "ua_len", json_integer(h ? (json_int_t)strlen(h) : -1));
	json_object_set_new(o, "cookie", c ? json_stringn(c, strlen(c)) : json_null());
	json_object_set_new(o, "staff_cookie", json_boolean(sc != NULL));
	json_object_set_new(o, "path", json_stringn(r->path, strlen(r->path)));
}

static int h_query(struct req *r)
{
	json_t *o = fz_params(r, fz_query);
	fz_common(r, o);
	return resp_json(r, 200, o);
}

static int h_item(struct req *r)
{
	json_t *o = fz_params(r, fz_query);
	fz_common(r, o);
	json_object_set_new(o, "id", json_integer(req_path_int(r, 0)));
	json_object_set_new(o, "slug", json_string(r->params[1]));
	return resp_json(r, 200, o);
}

/* Read back what the upload wrote, as a handler that checks content would. */
static json_t *fz_file(struct upload *u)
{
	unsigned char h[crypto_generichash_BYTES_MIN];
	unsigned char chunk[4096];
	crypto_generichash_state st;
	struct stat sb;
	uint64_t total = 0;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	if (u->fd >= 0 && lseek(u->fd, 0, SEEK_SET) == 0) {
		ssize_t n;
		while ((n = read(u->fd, chunk, sizeof chunk)) > 0) {
			crypto_generichash_update(&st, chunk, (size_t)n);
			total += (uint64_t)n;
		}
	}
	crypto_generichash_final(&st, h, sizeof h);
	if (u->fd >= 0 && (fstat(u->fd, &sb) != 0 || (uint64_t)sb.st_size != u->size || total != u->size))
		abort(); /* the temp file must hold exactly what was counted */
	return json_pack("{s:s, s:s?, s:s?, s:I, s:i}", "field", u->field, "filename", u->filename, "type",
			 u->content_type, "size", (json_int_t)u->size, "h0", h[0]);
}

static int h_form(struct req *r)
{
	json_t *o = fz_params(r, fz_form);
	json_t *files = json_array();
	fz_common(r, o);
	for (int i = 0; i < r->nfiles; i++)
		json_array_append_new(files, fz_file(&r->files[i]));
	json_object_set_new(o, "files", files);
	return resp_json(r, 200, o);
}

static int h_json(struct req *r)
{
	json_t *o = json_object();
	const char *k;
	json_t *v;
	fz_common(r, o);
	if (r->json) {
		json_object_foreach(r->json, k, v) {
			if (json_is_string(v))
				json_object_set_new(o, "last_string", json_stringn(json_string_value(v),
										   json_string_length(v)));
			else if (json_is_integer(v))
				json_object_set_new(o, "last_int", json_integer(json_integer_value(v)));
		}
		json_object_set(o, "echo", r->json);
	}
	return resp_json(r, 200, o);
}

static int h_page_form(struct req *r)
{
	const char *s = req_param(r, "s");
	return resp_error(r, s ? 422 : 400, "fuzz", s ? s : "geen invoer", "s");
}

static const struct route fz_routes[] = {
	{"GET", "/fz/q", h_query, 0, fz_query, NULL},
	{"GET", "/fz/item/{id:int}/{slug:token}", h_item, 0, fz_query, NULL},
	{"POST", "/fz/form", h_form, R_FORM, fz_query, fz_form},
	{"PUT", "/fz/form", h_form, R_FORM | R_STAFF, NULL, fz_form},
	{"POST", "/fz/page", h_page_form, R_FORM | R_PAGE, NULL, fz_form},
	{"POST", "/fz/json", h_json, R_JSON, fz_query, NULL},
	{"PATCH", "/fz/json/{id:int}", h_json, R_JSON | R_STAFF, NULL, NULL},
	{NULL, NULL, NULL, 0, NULL, NULL},
};

/* --- set-up and tear-down ------------------------------------------------ */

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void fz_cleanup(void)
{
	if (fz_web)
		web_stop(fz_web, 2000);
	fz_web = NULL;
	app_close(&fz_app);
	if (fz_dir[0])
		nftw(fz_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	fz_dir[0] = '\0';
}

/* Temp dirs of earlier runs that crashed (libFuzzer then exits without
 * atexit handlers): kluis-fuzz-<pid>-* whose process is gone. */
static void fz_remove_stale(const char *base)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(base);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char *end = NULL;
		if (strncmp(e->d_name, "kluis-fuzz-", 11) != 0)
			continue;
		long pid = strtol(e->d_name + 11, &end, 10);
		if (end == e->d_name + 11 || *end != '-' || pid <= 0)
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(path, sizeof path, "%s/%s", base, e->d_name);
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	}
	closedir(d);
}

static void die(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_http: %s: %s\n", what, err);
	abort();
}

static void fz_set(struct config *cfg, const char *key, const char *value)
{
	char err[256];
	if (config_set(cfg, key, value, err, sizeof err) != 0)
		die("config", err);
}

/* The two accounts the markers stand for. */
struct fz_account {
	const char *email, *name, *role;
	int64_t id;
	char hash[128];   /* the password hash as created, restored for "@P@" */
	char totp[64];    /* TOTP secret (admin) or "" */
	char token[SESSION_TOKEN_LEN + 1];
	char csrf[SESSION_TOKEN_LEN + 1];
};

static struct fz_account fz_adv = {"fuzz@example.nl", "Fuzz Adviseur", "advisor", 0, "", "", "", ""};
static struct fz_account fz_adm = {"beheer@example.nl", "Fuzz Beheerder", "admin", 0, "", "", "", ""};

static void fz_account_add(struct fz_account *a)
{
	struct actor sys = actor_system();
	struct staff_new in = {a->email, a->name, a->role, FZ_PASSWORD};
	struct kfail f = {0};
	struct staff_row u;
	if (staff_add(&fz_app, &sys, &in, &a->id, a->totp, &f) != 0)
		die("staff_add", f.message);
	struct db *db = store_acquire(fz_app.store);
	if (store_staff_get_id(db, a->id, &u) != 0)
		die("staff", "cannot read back");
	store_release(fz_app.store, db);
	snprintf(a->hash, sizeof a->hash, "%s", u.password_hash);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct config cfg;
	char err[512];

	signal(SIGPIPE, SIG_IGN);
	fz_verbose = getenv("KLUIS_FUZZ_VERBOSE") != NULL;
	log_set_quiet(!fz_verbose);
	password_set_cost(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	fz_remove_stale(base);
	snprintf(fz_dir, sizeof fz_dir, "%s/kluis-fuzz-%ld-XXXXXX", base, (long)getpid());
	if (!mkdtemp(fz_dir))
		die("mkdtemp", strerror(errno));
	config_defaults(&cfg);
	cfg.test_mode = true;
	cfg.worker_enabled = false;
	snprintf(cfg.data_dir, sizeof cfg.data_dir, "%s", fz_dir);
	/* small limits, so the refusals are reachable with small inputs */
	fz_set(&cfg, "http.threads", "2");
	fz_set(&cfg, "http.timeout_seconds", "1");
	fz_set(&cfg, "http.max_json_bytes", "2048");
	fz_set(&cfg, "http.max_form_bytes", "1024");
	fz_set(&cfg, "http.max_body_bytes", "8192");
	fz_set(&cfg, "upload.max_file_bytes", "2048");
	fz_set(&cfg, "login.max_failures_ip", "100000");
	atexit(fz_cleanup);
	if (app_open(&fz_app, &cfg, err, sizeof err) != 0)
		die("app_open", err);
	fz_account_add(&fz_adv);
	fz_account_add(&fz_adm);
	if (web_start(&fz_app, "127.0.0.1:0", fz_routes, &fz_web, &fz_port, err, sizeof err) != 0)
		die("web_start", err);
	return 0;
}

/* A fresh session for the account (the previous one ends), straight
 * through core: no password, TOTP or throttle in the way. */
static void fz_session(struct db *db, struct fz_account *a)
{
	int64_t sid = 0;
	if (a->token[0])
		session_end(&fz_app, db, a->token);
	if (session_start(&fz_app, db, a->id, "127.0.0.2", a->token, a->csrf, &sid) != 0)
		a->token[0] = a->csrf[0] = '\0';
}

/* Before an input that signs in with "@P@": the passwords as created, no
 * 2FA enrolment pending for the advisor, no failed attempts counted. */
static void fz_reset_accounts(struct db *db)
{
	int64_t now = app_now(&fz_app);
	store_staff_set_password(db, fz_adv.id, fz_adv.hash, now);
	store_staff_set_password(db, fz_adm.id, fz_adm.hash, now);
	store_staff_set_totp(db, fz_adv.id, "", "", now);
	store_failure_purge(db, now + 1);
}

/* --- one input ----------------------------------------------------------- */

/* Markers: "@S@"/"@C@" advisor session token / CSRF token, "@M@"/"@K@" the
 * same for the admin, "@P@" both accounts' password, "@T@" the admin's
 * current TOTP code, "@A@" the path of the hashed stylesheet. */
static const char *fz_marker(char m, char totp[7])
{
	switch (m) {
	case 'S': return fz_adv.token;
	case 'C': return fz_adv.csrf;
	case 'M': return fz_adm.token;
	case 'K': return fz_adm.csrf;
	case 'P': return FZ_PASSWORD;
	case 'T': return totp;
	case 'A': return assets_url("style.css");
	default: return NULL;
	}
}

static int has_marker(const uint8_t *p, size_t n, char m)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (p[i] == '@' && p[i + 1] == (uint8_t)m && p[i + 2] == '@')
			return 1;
	return 0;
}

/* Fresh state for the markers the input uses. */
static void fz_prepare(const uint8_t *data, size_t size, char totp[7])
{
	int s = has_marker(data, size, 'S') || has_marker(data, size, 'C');
	int m = has_marker(data, size, 'M') || has_marker(data, size, 'K');
	int p = has_marker(data, size, 'P');
	snprintf(totp, 7, "000000");
	if (has_marker(data, size, 'T') && totp_code(fz_adm.totp, app_now(&fz_app), totp) != 0)
		snprintf(totp, 7, "000000");
	if (!s && !m && !p)
		return;
	struct db *db = store_acquire(fz_app.store);
	if (p)
		fz_reset_accounts(db);
	if (s)
		fz_session(db, &fz_adv);
	if (m)
		fz_session(db, &fz_adm);
	store_release(fz_app.store, db);
}

/* The bytes to send: optional request line, markers replaced. malloc'd. */
static uint8_t *fz_request(const uint8_t *data, size_t size, size_t *outlen)
{
	char totp[7];
	size_t m = 0;
	while (m < size && m < 16 && data[m] >= 'A' && data[m] <= 'Z')
		m++;
	size_t plen = (m > 0 && m < size && data[m] == ' ') ? 0 : strlen(FZ_PREFIX);
	fz_prepare(data, size, totp);
	size_t cap = plen + size + (size / 3 + 1) * FZ_MARKER_MAX;
	uint8_t *out = malloc(cap);
	size_t o = plen;
	if (!out)
		abort();
	memcpy(out, FZ_PREFIX, plen);
	for (size_t i = 0; i < size;) {
		const char *t = (i + 3 <= size && data[i] == '@' && data[i + 2] == '@') ? fz_marker((char)data[i + 1], totp)
											: NULL;
		if (t) {
			size_t tl = strnlen(t, FZ_MARKER_MAX);
			memcpy(out + o, t, tl);
			o += tl;
			i += 3;
			continue;
		}
		out[o++] = data[i++];
	}
	*outlen = o;
	return out;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What the exchange got to, for the hang report. */
struct fz_state {
	size_t len, sent, got;
	int fin, sfd, queued;
	int64_t start, sent_at, answered_at;
};

static void hang(const char *what, const struct fz_state *st)
{
	fprintf(stderr,
		"fuzz_http: %s within %d ms (sent %zu/%zu, fin %d, got %zu bytes, server fd %d queued %d, "
		"all sent after %lld ms, first answer after %lld ms, in flight %lld)\n",
		what, FZ_TIMEOUT_MS, st->sent, st->len, st->fin, st->got, st->sfd, st->queued,
		st->sent_at ? (long long)(st->sent_at - st->start) : -1LL,
		st->answered_at ? (long long)(st->answered_at - st->start) : -1LL,
		(long long)atomic_load(&web_metrics.in_flight));
	abort();
}

/* The server's end of our connection (same process): the fd whose peer is
 * our local address; -1 while MHD has not accepted it yet. */
static int server_fd(int cfd)
{
	static int last = -1;
	struct sockaddr_in me, peer;
	socklen_t l = sizeof me;
	if (getsockname(cfd, (struct sockaddr *)&me, &l) != 0)
		return -1;
	for (int i = -1; i < FZ_MAX_FD; i++) {
		int fd = i < 0 ? last : i;
		l = sizeof peer;
		if (fd < 0 || fd == cfd || getpeername(fd, (struct sockaddr *)&peer, &l) != 0 ||
		    peer.sin_family != AF_INET || peer.sin_port != me.sin_port)
			continue;
		last = fd;
		return fd;
	}
	return -1;
}

/* May we send FIN? MHD (epoll, edge-triggered) stops reading after a short
 * read and would miss a FIN that arrived together with the data, keeping
 * the connection until its timeout. So wait until it has read everything
 * (its receive queue is empty), or has answered a while ago. */
static int may_shutdown(int cfd, struct fz_state *st)
{
	int64_t now = now_ms();
	st->sfd = server_fd(cfd);
	st->queued = -1;
	if (st->sfd >= 0 && ioctl(st->sfd, FIONREAD, &st->queued) == 0 && st->queued == 0)
		return 1;
	if (st->answered_at && now - st->answered_at >= 5)
		return 1;
	return now - st->sent_at >= 50; /* not accepted or not reading: give up */
}

/* Write req, then read the answer until the server closes. */
static void fz_exchange(const uint8_t *req, size_t len)
{
	struct sockaddr_in sa;
	struct fz_state st = {len, 0, 0, 0, -1, -1, now_ms(), 0, 0};
	char rbuf[16384];
	int wr_open = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die("socket", strerror(errno));
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)fz_port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 && errno != EINPROGRESS)
		die("connect", strerror(errno));
	int64_t deadline = st.start + FZ_TIMEOUT_MS;
	for (;;) {
		int wait = -1;
		if (wr_open && st.sent == len) {
			if (!st.sent_at)
				st.sent_at = now_ms();
			if (may_shutdown(fd, &st)) {
				shutdown(fd, SHUT_WR);
				wr_open = 0;
				st.fin = 1;
			} else {
				wait = 1;
			}
		}
		struct pollfd p = {fd, (short)(POLLIN | (wr_open && st.sent < len ? POLLOUT : 0)), 0};
		int64_t left = deadline - now_ms();
		if (left <= 0)
			hang("no answer or close", &st);
		int n = poll(&p, 1, wait >= 0 && wait < left ? wait : (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("poll", strerror(errno));
		if (n == 0)
			continue;
		if (p.revents & POLLIN) {
			ssize_t got = recv(fd, rbuf, sizeof rbuf, 0);
			if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
				break; /* closed (or reset after an early answer) */
			if (got > 0 && !st.answered_at)
				st.answered_at = now_ms();
			if (got > 0)
				st.got += (size_t)got;
			if (got > 0 && fz_verbose)
				fprintf(stderr, "%.*s", (int)got, rbuf);
		}
		if (wr_open && st.sent < len && (p.revents & POLLOUT)) {
			ssize_t w = send(fd, req + st.sent, len - st.sent, MSG_NOSIGNAL);
			if (w > 0)
				st.sent += (size_t)w;
			else if (w < 0 && errno != EAGAIN && errno != EINTR)
				wr_open = 0; /* the server stopped reading: fine */
		}
		if ((p.revents & (POLLERR | POLLHUP)) && !(p.revents & POLLIN))
			break;
	}
	close(fd);
	deadline = now_ms() + FZ_TIMEOUT_MS;
	/* let the server finish the request (req_free runs after it closed
	 * the socket), so each input's allocations end with the input */
	while (atomic_load(&web_metrics.in_flight) > 0) {
		if (now_ms() > deadline)
			hang("request still in flight", &st);
		sched_yield();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = 0;
	if (size > FZ_MAX_INPUT)
		return -1;
	uint8_t *req = fz_request(data, size, &len);
	fz_exchange(req, len);
	free(req);
	return 0;
}
