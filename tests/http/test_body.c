/* HTTP tests: request bodies are bounded and streamed (DESIGN.md "A hard
 * maximum on every buffer, header, body, field", "upload ... memory flat";
 * API.md 413 too_large). The server must refuse an oversized body without
 * reading it whole, drop undeclared fields, and remove upload temp files. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <curl/curl.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "httpc.h"
#include "testutil.h"

#define KIB 1024LL
#define MIB (1024LL * 1024)

static struct test_app T;

/* --- the routes under test ----------------------------------------------- */

static int h_upload(struct req *r)
{
	json_t *sizes = json_array();
	int on_disk = 1;
	for (int i = 0; i < r->nfiles; i++) {
		json_array_append_new(sizes, json_integer((json_int_t)r->files[i].size));
		if (access(r->files[i].path, F_OK) != 0)
			on_disk = 0;
	}
	const char *title = req_param(r, "title");
	const char *evil = req_param(r, "evil");
	return resp_json(r, 200, json_pack("{s:i, s:o, s:o, s:o, s:i, s:b}", "nfiles", r->nfiles, "sizes", sizes,
					   "title", title ? json_string(title) : json_null(), "evil",
					   evil ? json_string(evil) : json_null(), "nfields", r->nfields, "on_disk",
					   on_disk));
}

static int h_json(struct req *r)
{
	return resp_json(r, 200, json_pack("{s:i}", "keys", (int)json_object_size(r->json)));
}

static int h_plain(struct req *r)
{
	return resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static const struct param_decl upload_form[] = {
	{"title", P_LINE, 100},
	{"file", P_STR, 0},
	{NULL, 0, 0},
};

static const struct route test_routes[] = {
	{"POST", "/api/v1/test/upload", h_upload, R_FORM, NULL, upload_form},
	{"POST", "/api/v1/test/json", h_json, R_JSON, NULL, NULL},
	{"POST", "/api/v1/test/plain", h_plain, 0, NULL, NULL},
	{NULL, NULL, NULL, 0, NULL, NULL},
};

static void tweak_small(struct config *cfg)
{
	cfg->http_max_body_bytes = 1 * MIB;
	cfg->upload_max_file_bytes = 512 * KIB;
	cfg->http_max_form_bytes = 4 * KIB;
	cfg->http_max_json_bytes = 4 * KIB;
}

static void tweak_big(struct config *cfg)
{
	cfg->http_max_body_bytes = 64 * MIB;
	cfg->upload_max_file_bytes = 32 * MIB;
}

static int setup(void **state)
{
	tapp_serve(&T, test_routes, tweak_small);
	return 0;
}

static int teardown(void **state)
{
	tapp_close(&T);
	return 0;
}

/* --- helpers ------------------------------------------------------------- */

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Number of entries in dir/tmp (without . and ..). */
static int tmp_count(const struct test_app *t)
{
	char path[512];
	snprintf(path, sizeof path, "%s/tmp", t->dir);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* The request's cleanup runs when MHD reports it complete, which can be a
 * moment after the client has the response: wait for it (bounded). */
static int tmp_empty_eventually(const struct test_app *t)
{
	for (int i = 0; i < 300; i++) {
		if (tmp_count(t) == 0)
			return 1;
		sleep_ms(10);
	}
	return 0;
}

static long vm_hwm_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

/* Reset the peak RSS to the current RSS (Linux >= 4.0); 0 on success. */
static int reset_hwm(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (!f)
		return -1;
	int rc = fputs("5", f) < 0 ? -1 : 0;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/* A raw HTTP exchange: send head + body_len bytes of body, then read what
 * comes back (until close or timeout). Returns bytes of body sent. */
static size_t raw_exchange(int port, const char *head, size_t body_len, char *resp, size_t resplen)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s >= 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(s, (struct sockaddr *)&sa, sizeof sa), 0);
	struct timeval tv = {10, 0};
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	/* head and body in one write, as a client would */
	size_t hl = strlen(head);
	char *out = malloc(hl + body_len);
	assert_non_null(out);
	memcpy(out, head, hl);
	memset(out + hl, 'x', body_len);
	size_t sent = 0;
	while (sent < hl + body_len) {
		ssize_t w = send(s, out + sent, hl + body_len - sent, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		sent += (size_t)w;
	}
	free(out);
	sent = sent > hl ? sent - hl : 0;
	size_t got = 0;
	while (got + 1 < resplen) {
		ssize_t n = recv(s, resp + got, resplen - 1 - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
		resp[got] = '\0';
		if (strstr(resp, "\r\n\r\n") && strstr(resp, "}}"))
			break; /* a complete JSON error */
	}
	resp[got] = '\0';
	close(s);
	return sent;
}

/* A chunked (no Content-Length) multipart upload generated on the fly. */
struct gen {
	const char *parts[3]; /* prefix, filler ('x' * filler_len), suffix */
	size_t lens[3];
	size_t pos[3];
	int stage;
	unsigned long long sent;
};

static size_t gen_read(char *out, size_t sz, size_t n, void *ud)
{
	struct gen *g = ud;
	size_t want = sz * n, done = 0;
	while (done < want && g->stage < 3) {
		size_t left = g->lens[g->stage] - g->pos[g->stage];
		if (left == 0) {
			g->stage++;
			continue;
		}
		size_t k = left < want - done ? left : want - done;
		if (g->parts[g->stage])
			memcpy(out + done, g->parts[g->stage] + g->pos[g->stage], k);
		else
			memset(out + done, 'x', k);
		g->pos[g->stage] += k;
		done += k;
	}
	g->sent += done;
	return done;
}

/* POST prefix + filler 'x' bytes + suffix, generated on the fly: chunked
 * (no Content-Length), or with a Content-Length and "Expect: 100-continue"
 * (what curl does by default for big bodies). */
static long gen_post(const char *path, const char *ctype, const char *prefix, size_t filler, const char *suffix,
		     int chunked, struct http_resp *r, unsigned long long *sent)
{
	CURL *cu = curl_easy_init();
	char url[256];
	snprintf(url, sizeof url, "%s%s", T.base, path);
	struct gen g = {{prefix, NULL, suffix}, {strlen(prefix), filler, strlen(suffix)}, {0, 0, 0}, 0, 0};
	struct curl_slist *h = NULL;
	char ct[256];
	snprintf(ct, sizeof ct, "Content-Type: %s", ctype);
	h = curl_slist_append(h, ct);
	if (chunked) {
		h = curl_slist_append(h, "Transfer-Encoding: chunked");
		h = curl_slist_append(h, "Expect:");
	} else {
		h = curl_slist_append(h, "Expect: 100-continue");
		curl_easy_setopt(cu, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(g.lens[0] + g.lens[1] + g.lens[2]));
		curl_easy_setopt(cu, CURLOPT_EXPECT_100_TIMEOUT_MS, 10000L);
	}
	memset(r, 0, sizeof *r);
	buf_init(&r->body, 1u << 20);
	buf_init(&r->headers, 1u << 20);
	curl_easy_setopt(cu, CURLOPT_URL, url);
	curl_easy_setopt(cu, CURLOPT_POST, 1L);
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(cu, CURLOPT_READFUNCTION, gen_read);
	curl_easy_setopt(cu, CURLOPT_READDATA, &g);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, NULL);
	curl_easy_setopt(cu, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
	FILE *body = fmemopen(NULL, 1u << 16, "w+");
	curl_easy_setopt(cu, CURLOPT_WRITEDATA, body);
	CURLcode rc = curl_easy_perform(cu);
	curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &r->status);
	if (rc != CURLE_OK && rc != CURLE_SEND_ERROR && rc != CURLE_RECV_ERROR)
		fprintf(stderr, "curl: %s\n", curl_easy_strerror(rc));
	long pos = ftell(body);
	if (pos > 0) {
		char tmp[65536];
		rewind(body);
		size_t n = fread(tmp, 1, (size_t)pos, body);
		buf_add(&r->body, tmp, n);
		json_error_t je;
		r->json = json_loadb(tmp, n, 0, &je);
	}
	fclose(body);
	curl_slist_free_all(h);
	curl_easy_cleanup(cu);
	if (sent)
		*sent = g.sent;
	return r->status;
}

#define BOUNDARY "kluisgrens1234"
#define MP_CT "multipart/form-data; boundary=" BOUNDARY
#define MP_FILE_HEAD(name)                                                                                             \
	"--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"" name "\"; filename=\"a.bin\"\r\n"                 \
	"Content-Type: application/octet-stream\r\n\r\n"
#define MP_END "\r\n--" BOUNDARY "--\r\n"

/* --- tests --------------------------------------------------------------- */

static void test_small_upload_and_cleanup(void **state)
{
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	const char *fields[] = {"title", "Loonstrook maart", "evil", "weg ermee", NULL};
	assert_int_equal(httpc_upload(&c, "/api/v1/test/upload?evil=ook-weg", fields, "loon.pdf", 12345, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(r.json);
	assert_int_equal(json_integer_value(json_object_get(r.json, "nfiles")), 1);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(r.json, "sizes"), 0)), 12345);
	assert_string_equal(json_string_value(json_object_get(r.json, "title")), "Loonstrook maart");
	assert_true(json_is_true(json_object_get(r.json, "on_disk")));
	/* undeclared fields (form and query) are dropped */
	assert_true(json_is_null(json_object_get(r.json, "evil")));
	assert_int_equal(json_integer_value(json_object_get(r.json, "nfields")), 1);
	http_resp_free(&r);
	assert_true(tmp_empty_eventually(&T));
	/* a file at exactly the limit is fine */
	assert_int_equal(httpc_upload(&c, "/api/v1/test/upload", NULL, "rand.bin", 512 * KIB, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(r.json, "sizes"), 0)), 512 * KIB);
	http_resp_free(&r);
	assert_true(tmp_empty_eventually(&T));
	httpc_free(&c);
}

static void test_declared_length_refused_before_reading(void **state)
{
	char head[512], resp[8192];
	snprintf(head, sizeof head,
		 "POST /api/v1/test/upload HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		 "Content-Type: " MP_CT "\r\nContent-Length: 50000000\r\n\r\n",
		 T.port);
	size_t sent = raw_exchange(T.port, head, 4096, resp, sizeof resp);
	assert_int_equal(sent, 4096);
	assert_int_equal(strncmp(resp, "HTTP/1.1 413", 12), 0);
	assert_non_null(strstr(resp, "\"too_large\""));
	/* the same for a JSON body and for a route without a body type */
	snprintf(head, sizeof head,
		 "POST /api/v1/test/json HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		 "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n",
		 T.port);
	raw_exchange(T.port, head, 2048, resp, sizeof resp);
	assert_int_equal(strncmp(resp, "HTTP/1.1 413", 12), 0);
	assert_non_null(strstr(resp, "\"too_large\""));
	snprintf(head, sizeof head,
		 "POST /api/v1/test/plain HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		 "Content-Type: application/octet-stream\r\nContent-Length: 50000000\r\n\r\n",
		 T.port);
	raw_exchange(T.port, head, 2048, resp, sizeof resp);
	assert_int_equal(strncmp(resp, "HTTP/1.1 413", 12), 0);
	assert_true(tmp_empty_eventually(&T));
	/* the server is still fine afterwards */
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	assert_int_equal(httpc_req(&c, "GET", "/healthz", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_declared_length_over_body_limit_via_curl(void **state)
{
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	/* a Content-Length over http.max_body_bytes (1 MiB), sent the way curl
	 * sends big bodies (Expect: 100-continue): refused before the body */
	unsigned long long sent = 0;
	gen_post("/api/v1/test/upload", MP_CT, MP_FILE_HEAD("file"), (size_t)(2 * MIB), MP_END, 0, &r, &sent);
	assert_int_equal(r.status, 413);
	assert_string_equal(json_err_code(&r), "too_large");
	assert_true(sent < 64 * KIB);
	http_resp_free(&r);
	/* within the limit the same client is let through */
	gen_post("/api/v1/test/upload", MP_CT, MP_FILE_HEAD("file"), (size_t)(200 * KIB), MP_END, 0, &r, &sent);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(r.json, "sizes"), 0)), 200 * KIB);
	http_resp_free(&r);
	/* a file over upload.max_file_bytes with Content-Length under the body limit */
	assert_int_equal(httpc_upload(&c, "/api/v1/test/upload", NULL, "groot.bin", 512 * KIB + 1, &r), 0);
	assert_int_equal(r.status, 413);
	assert_string_equal(json_err_code(&r), "too_large");
	http_resp_free(&r);
	assert_true(tmp_empty_eventually(&T));
	httpc_free(&c);
}

static void test_chunked_file_over_file_limit(void **state)
{
	struct http_resp r;
	unsigned long long sent = 0;
	/* no Content-Length: the limit is found while streaming */
	gen_post("/api/v1/test/upload", MP_CT, MP_FILE_HEAD("file"), (size_t)(600 * KIB), MP_END, 1, &r, &sent);
	assert_int_equal(r.status, 413);
	assert_string_equal(json_err_code(&r), "too_large");
	http_resp_free(&r);
	/* the partial temp file is removed too */
	assert_true(tmp_empty_eventually(&T));
	/* a chunked body within the limits works */
	gen_post("/api/v1/test/upload", MP_CT, MP_FILE_HEAD("file"), (size_t)(100 * KIB), MP_END, 1, &r, &sent);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(r.json, "sizes"), 0)), 100 * KIB);
	http_resp_free(&r);
	assert_true(tmp_empty_eventually(&T));
}

static void test_chunked_body_over_body_limit(void **state)
{
	struct http_resp r;
	/* every file under the file limit, the whole body over the body limit */
	char prefix[2048];
	snprintf(prefix, sizeof prefix, "%s", MP_FILE_HEAD("file"));
	/* three files of 400 KiB: the filler is the first file; the suffix
	 * carries two more parts of 'y' bytes */
	struct buf suffix;
	buf_init(&suffix, 2 * MIB);
	for (int i = 0; i < 2; i++) {
		buf_adds(&suffix, "\r\n");
		buf_adds(&suffix, MP_FILE_HEAD("file"));
		for (int k = 0; k < 400; k++) {
			char kb[1024];
			memset(kb, 'y', sizeof kb);
			buf_add(&suffix, kb, sizeof kb);
		}
	}
	buf_adds(&suffix, MP_END);
	gen_post("/api/v1/test/upload", MP_CT, prefix, (size_t)(400 * KIB), buf_str(&suffix), 1, &r, NULL);
	buf_free(&suffix);
	assert_int_equal(r.status, 413);
	assert_string_equal(json_err_code(&r), "too_large");
	http_resp_free(&r);
	assert_true(tmp_empty_eventually(&T));
}

static void test_urlencoded_limits(void **state)
{
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	/* within limits; an undeclared field is dropped */
	const char *ok = "title=Hypotheek%20Jansen&evil=1";
	assert_int_equal(httpc_req(&c, "POST", "/api/v1/test/upload", "application/x-www-form-urlencoded", ok,
				   strlen(ok), &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "title")), "Hypotheek Jansen");
	assert_true(json_is_null(json_object_get(r.json, "evil")));
	assert_int_equal(json_integer_value(json_object_get(r.json, "nfiles")), 0);
	http_resp_free(&r);
	/* an empty LAST field arrives as "" (libmicrohttpd 0.9.75 drops it
	 * unless the body is terminated: a cleared end date must not get lost) */
	const char *last_empty = "evil=1&title=";
	assert_int_equal(httpc_req(&c, "POST", "/api/v1/test/upload", "application/x-www-form-urlencoded", last_empty,
				   strlen(last_empty), &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "title")), "");
	http_resp_free(&r);
	/* over http.max_form_bytes (4 KiB), with Content-Length */
	struct buf b;
	buf_init(&b, 1 * MIB);
	buf_adds(&b, "title=a");
	for (int i = 0; i < 5000; i++)
		buf_addf(&b, "&evil%d=1", i);
	assert_int_equal(httpc_req(&c, "POST", "/api/v1/test/upload", "application/x-www-form-urlencoded",
				   buf_str(&b), b.len, &r), 0);
	assert_int_equal(r.status, 413);
	assert_string_equal(json_err_code(&r), "too_large");
	http_resp_free(&r);
	/* the same without Content-Length (chunked) */
	gen_post("/api/v1/test/upload", "application/x-www-form-urlencoded", buf_str(&b), 0, "", 1, &r, NULL);
	assert_int_equal(r.status, 413);
	http_resp_free(&r);
	buf_free(&b);
	/* a declared field longer than its maximum (100) */
	char longer[256];
	memset(longer, 'a', sizeof longer);
	memcpy(longer, "title=", 6);
	longer[6 + 101] = '\0';
	assert_int_equal(httpc_req(&c, "POST", "/api/v1/test/upload", "application/x-www-form-urlencoded", longer,
				   strlen(longer), &r), 0);
	assert_int_equal(r.status, 413);
	http_resp_free(&r);
	/* exactly the maximum is fine */
	longer[6 + 100] = '\0';
	assert_int_equal(httpc_req(&c, "POST", "/api/v1/test/upload", "application/x-www-form-urlencoded", longer,
				   strlen(longer), &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(strlen(json_string_value(json_object_get(r.json, "title"))), 100);
	http_resp_free(&r);
	/* a value failing its type is not handed to the handler */
	const char *ctl = "title=a%0Ab";
	assert_int_equal(httpc_req(&c, "POST", "/api/v1/test/upload", "application/x-www-form-urlencoded", ctl,
				   strlen(ctl), &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(json_is_null(json_object_get(r.json, "title")));
	http_resp_free(&r);
	/* a wrong content type */
	assert_int_equal(httpc_req(&c, "POST", "/api/v1/test/upload", "text/plain", "title=x", 7, &r), 0);
	assert_int_equal(r.status, 415);
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_multipart_field_limits(void **state)
{
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	char longer[128];
	memset(longer, 'b', 101);
	longer[101] = '\0';
	const char *fields[] = {"title", longer, NULL};
	assert_int_equal(httpc_upload(&c, "/api/v1/test/upload", fields, "a.bin", 10, &r), 0);
	assert_int_equal(r.status, 413);
	http_resp_free(&r);
	/* "file" sent as a plain field has a maximum of 0 */
	const char *asfield[] = {"file", "x", NULL};
	assert_int_equal(httpc_upload(&c, "/api/v1/test/upload", asfield, NULL, 0, &r), 0);
	assert_int_equal(r.status, 413);
	http_resp_free(&r);
	assert_true(tmp_empty_eventually(&T));
	httpc_free(&c);
}

static void test_too_many_files(void **state)
{
	struct http_resp r;
	struct buf b;
	buf_init(&b, 1 * MIB);
	for (int i = 0; i < REQ_MAX_FILES + 1; i++) {
		buf_adds(&b, MP_FILE_HEAD("file"));
		buf_adds(&b, "inhoud\r\n");
	}
	buf_adds(&b, "--" BOUNDARY "--\r\n");
	struct httpc c;
	httpc_init(&c, T.base);
	assert_int_equal(httpc_req(&c, "POST", "/api/v1/test/upload", MP_CT, buf_str(&b), b.len, &r), 0);
	assert_int_equal(r.status, 413);
	http_resp_free(&r);
	buf_free(&b);
	assert_true(tmp_empty_eventually(&T));
	httpc_free(&c);
}

static void test_json_limit(void **state)
{
	struct httpc c;
	struct http_resp r;
	httpc_init(&c, T.base);
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/test/json", "{\"a\":1,\"b\":2}", &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "keys")), 2);
	http_resp_free(&r);
	/* over http.max_json_bytes (4 KiB) */
	struct buf b;
	buf_init(&b, 1 * MIB);
	buf_adds(&b, "{\"a\":\"");
	for (int i = 0; i < 5000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"}");
	assert_int_equal(httpc_json(&c, "POST", "/api/v1/test/json", buf_str(&b), &r), 0);
	assert_int_equal(r.status, 413);
	assert_string_equal(json_err_code(&r), "too_large");
	http_resp_free(&r);
	/* and chunked */
	gen_post("/api/v1/test/json", "application/json", buf_str(&b), 0, "", 1, &r, NULL);
	assert_int_equal(r.status, 413);
	assert_string_equal(json_err_code(&r), "too_large");
	http_resp_free(&r);
	buf_free(&b);
	/* a body on a route that takes none is bounded as well */
	buf_init(&b, 1 * MIB);
	for (int i = 0; i < 5000; i++)
		buf_addc(&b, 'z');
	gen_post("/api/v1/test/plain", "application/octet-stream", buf_str(&b), 0, "", 1, &r, NULL);
	assert_int_equal(r.status, 413);
	http_resp_free(&r);
	buf_free(&b);
	httpc_free(&c);
}

/* A refused chunked body is dropped only up to a cap; a client that goes on
 * sending is cut off instead of being read forever. */
static void test_endless_chunked_body_cut_off(void **state)
{
	struct http_resp r;
	unsigned long long sent = 0;
	gen_post("/api/v1/test/plain", "application/octet-stream", "", (size_t)(64 * MIB), "", 1, &r, &sent);
	if (getenv("TEST_VERBOSE"))
		fprintf(stderr, "endless: status %ld after %llu bytes\n", r.status, sent);
	assert_true(r.status == 0 || r.status == 413);
	assert_true(sent < 32 * MIB);
	http_resp_free(&r);
	/* the server is fine afterwards */
	struct httpc c;
	httpc_init(&c, T.base);
	assert_int_equal(httpc_req(&c, "GET", "/healthz", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	httpc_free(&c);
}

/* Memory stays flat: a 20 MB upload streams to disk. */
static void test_upload_memory_flat(void **state)
{
	struct test_app big;
	struct httpc c;
	struct http_resp r;
	tapp_serve(&big, test_routes, tweak_big);
	httpc_init(&c, big.base);
	/* warm up the threads and buffers */
	assert_int_equal(httpc_upload(&c, "/api/v1/test/upload", NULL, "klein.bin", 256 * KIB, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	int have_reset = reset_hwm() == 0;
	long before = vm_hwm_kb();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	long before_ru = ru.ru_maxrss;
	assert_int_equal(httpc_upload(&c, "/api/v1/test/upload", NULL, "groot.pdf", 20 * MIB, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(r.json, "sizes"), 0)), 20 * MIB);
	http_resp_free(&r);
	long after = vm_hwm_kb();
	getrusage(RUSAGE_SELF, &ru);
	long after_ru = ru.ru_maxrss;
	if (getenv("TEST_VERBOSE"))
		fprintf(stderr, "reset=%d hwm %ld -> %ld KiB, maxrss %ld -> %ld KiB\n", have_reset, before, after, before_ru,
			after_ru);
	if (have_reset && before > 0 && after > 0) {
		if (after - before >= 8 * 1024)
			fail_msg("peak RSS grew by %ld KiB during a 20 MB upload", after - before);
	} else {
		if (after_ru - before_ru >= 8 * 1024)
			fail_msg("max RSS grew by %ld KiB during a 20 MB upload", after_ru - before_ru);
	}
	assert_true(tmp_empty_eventually(&big));
	httpc_free(&c);
	tapp_close(&big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* first, while the process is still small */
		cmocka_unit_test(test_upload_memory_flat),
		cmocka_unit_test(test_small_upload_and_cleanup),
		cmocka_unit_test(test_declared_length_refused_before_reading),
		cmocka_unit_test(test_declared_length_over_body_limit_via_curl),
		cmocka_unit_test(test_chunked_file_over_file_limit),
		cmocka_unit_test(test_chunked_body_over_body_limit),
		cmocka_unit_test(test_urlencoded_limits),
		cmocka_unit_test(test_multipart_field_limits),
		cmocka_unit_test(test_too_many_files),
		cmocka_unit_test(test_json_limit),
		cmocka_unit_test(test_endless_chunked_body_cut_off),
	};
	return cmocka_run_group_tests_name("http_body", tests, setup, teardown);
}
