/* Unit tests: outgoing SMS (adapters/sms.h), the provider stand-in
 * (sim/sms_provider.h) and the "sms.send" outbox handler
 * (core/notify_sms.h): the file transport writes exactly {"to", "text"} once
 * per key, the HTTP transport reaches the provider with key and idempotency
 * key, 4xx is permanent and 503 is retried by the outbox with backoff, and
 * nothing is ever stored twice for one event. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include "adapters/sms.h"
#include "core/notify_sms.h"
#include "core/outbox.h"
#include "sim/sms_provider.h"
#include "store/db.h"
#include "store/outbox_store.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/err.h"

#define API_KEY "test-key-123"
#define NUMBER "+31612345678"

static struct test_app T;
static struct sim_sms *S;
static int sim_port;
static char sim_dir[300];

static int setup(void **state)
{
	tapp_open(&T, NULL);
	snprintf(sim_dir, sizeof sim_dir, "%s/provider", T.dir);
	S = NULL;
	sim_port = 0;
	return 0;
}

static int teardown(void **state)
{
	sim_sms_stop(S);
	S = NULL;
	tapp_close(&T);
	return 0;
}

/* Start the stand-in and point the app's sms.transport at it. */
static void start_sim(const char *api_key)
{
	assert_int_equal(sim_sms_start("127.0.0.1:0", sim_dir, api_key, &S, &sim_port), K_OK);
	assert_true(sim_port > 0);
	snprintf(T.app.cfg.sms_transport, sizeof T.app.cfg.sms_transport, "http://127.0.0.1:%d%s", sim_port,
		 SIM_SMS_PATH);
	snprintf(T.app.cfg.sms_api_key, sizeof T.app.cfg.sms_api_key, "%s", api_key ? api_key : "");
}

/* Number of entries in dir other than . and .. (0 if it does not exist). */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Assert that dir/name holds exactly {"to": to, "text": text}. */
static void assert_sms_file(const char *dir, const char *name, const char *to, const char *text)
{
	char path[512];
	json_error_t jerr;
	json_t *j;
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0077, 0); /* not readable by others */
	j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	assert_non_null(j);
	assert_true(json_is_object(j));
	assert_int_equal(json_object_size(j), 2);
	assert_string_equal(json_string_value(json_object_get(j, "to")), to);
	assert_string_equal(json_string_value(json_object_get(j, "text")), text);
	json_decref(j);
}

/* --- validation ----------------------------------------------------------- */

static void test_check_numbers(void **state)
{
	char err[128];
	const char *bad[] = {
		"", "31612345678", "0612345678", "+", "+3161234567x", "+31 612345678", "+31-612345678",
		"+1234567",          /* 7 digits */
		"+1234567890123456", /* 16 digits */
		"+0612345678", "++31612345678", "+31612345678 ", "+٣١٦١٢٣٤٥٦٧٨",
	};
	const char *good[] = {NUMBER, "+12345678", "+123456789012345", "+447911123456", "+4915112345678"};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err[0] = '\0';
		assert_int_equal(sms_check(bad[i], "hoi", err, sizeof err), K_EINVAL);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(sms_check(NULL, "hoi", err, sizeof err), K_EINVAL);
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_int_equal(sms_check(good[i], "hoi", err, sizeof err), K_OK);
	/* errlen 0 and NULL err are fine */
	assert_int_equal(sms_check("x", "hoi", NULL, 0), K_EINVAL);
}

static void test_check_text(void **state)
{
	char err[128];
	char text[SMS_TEXT_MAX + 2];
	const char *bad[] = {
		"",
		"\xff",                  /* not UTF-8 */
		"code \xc0\xaf",         /* overlong '/' */
		"\xe0\x80\xaf",          /* overlong, 3 bytes */
		"\xed\xa0\x80",          /* surrogate */
		"\xf4\x90\x80\x80",      /* above U+10FFFF */
		"\xe2\x82",              /* cut short */
		"a\x80z",                /* lone continuation byte */
	};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(sms_check(NUMBER, bad[i], err, sizeof err), K_EINVAL);
	assert_int_equal(sms_check(NUMBER, NULL, err, sizeof err), K_EINVAL);
	assert_int_equal(sms_check(NUMBER, "Uw code is 123456 \xe2\x80\x94 \xc3\xa9\xc3\xa9n \xf0\x9f\x94\x91", err,
				   sizeof err),
			 K_OK);
	assert_int_equal(sms_check(NUMBER, "regel 1\nregel 2", err, sizeof err), K_OK);
	memset(text, 'a', SMS_TEXT_MAX);
	text[SMS_TEXT_MAX] = '\0';
	assert_int_equal(sms_check(NUMBER, text, err, sizeof err), K_OK);
	text[SMS_TEXT_MAX] = 'a';
	text[SMS_TEXT_MAX + 1] = '\0';
	assert_int_equal(sms_check(NUMBER, text, err, sizeof err), K_EINVAL);
	assert_non_null(strstr(err, "612"));
	/* a multi-byte character straddling the limit */
	memset(text, 'a', SMS_TEXT_MAX - 1);
	memcpy(text + SMS_TEXT_MAX - 1, "\xc3\xa9", 3);
	assert_int_equal(sms_check(NUMBER, text, err, sizeof err), K_EINVAL);
}

static void test_key_and_file_name(void **state)
{
	char name[SMS_FILE_NAME_MAX];
	char longkey[SMS_KEY_MAX + 2];
	const char *bad[] = {"", ".hidden", "../x", "a/b", "a b", "a\nb", "outbox:1\r", "\xc3\xa9"};

	assert_int_equal(sms_file_name("outbox:42", name, sizeof name), K_OK);
	assert_string_equal(name, "outbox-42.json");
	assert_int_equal(sms_file_name("a.B_c-9", name, sizeof name), K_OK);
	assert_string_equal(name, "a.B_c-9.json");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(sms_key_check(bad[i]), K_EINVAL);
		assert_int_equal(sms_file_name(bad[i], name, sizeof name), K_EINVAL);
		assert_string_equal(name, "");
	}
	assert_int_equal(sms_key_check(NULL), K_EINVAL);
	memset(longkey, 'k', SMS_KEY_MAX);
	longkey[SMS_KEY_MAX] = '\0';
	assert_int_equal(sms_file_name(longkey, name, sizeof name), K_OK);
	longkey[SMS_KEY_MAX] = 'k';
	longkey[SMS_KEY_MAX + 1] = '\0';
	assert_int_equal(sms_key_check(longkey), K_EINVAL);
	/* too small an output buffer */
	assert_int_equal(sms_file_name("outbox:42", name, 10), K_ETOOBIG);
	assert_string_equal(name, "");
}

static void test_not_configured_and_bad_transport(void **state)
{
	char err[256];

	T.app.cfg.sms_transport[0] = '\0';
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
	assert_string_equal(err, "sms.transport not configured");
	snprintf(T.app.cfg.sms_transport, sizeof T.app.cfg.sms_transport, "ftp://example.org/");
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
	assert_non_null(strstr(err, "unknown scheme"));
	snprintf(T.app.cfg.sms_transport, sizeof T.app.cfg.sms_transport, "file://relative/dir");
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
	assert_int_equal(access("relative", F_OK), -1);
	assert_int_equal(sms_send(NULL, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
}

/* --- file transport ------------------------------------------------------- */

static void test_file_transport_once_per_key(void **state)
{
	char dir[400], err[256] = "x";
	const char *text = "Uw activatiecode is 482913. Geldig 10 minuten.";

	/* two levels that do not exist yet */
	snprintf(dir, sizeof dir, "%s/out/sms", T.dir);
	snprintf(T.app.cfg.sms_transport, sizeof T.app.cfg.sms_transport, "file://%s", dir);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, text, "outbox:42", err, sizeof err), K_OK);
	assert_string_equal(err, "");
	assert_int_equal(count_files(dir), 1); /* no temp file left */
	assert_sms_file(dir, "outbox-42.json", NUMBER, text);
	/* the same key again, even with other content: nothing new */
	assert_int_equal(sms_send(&T.app.cfg, "+447911123456", "andere tekst", "outbox:42", err, sizeof err), K_OK);
	assert_int_equal(count_files(dir), 1);
	assert_sms_file(dir, "outbox-42.json", NUMBER, text);
	/* another key: a second file; JSON escaping and UTF-8 survive */
	const char *tricky = "\"quotes\" \\ back\nslash \xc3\xa9\xe2\x82\xac </script>";
	assert_int_equal(sms_send(&T.app.cfg, "+4915112345678", tricky, "outbox:43", err, sizeof err), K_OK);
	assert_int_equal(count_files(dir), 2);
	assert_sms_file(dir, "outbox-43.json", "+4915112345678", tricky);
	/* invalid input writes nothing */
	assert_int_equal(sms_send(&T.app.cfg, "+3161234", "hoi", "outbox:44", err, sizeof err), K_EINVAL);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "", "outbox:45", err, sizeof err), K_EINVAL);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "\xff", "outbox:46", err, sizeof err), K_EINVAL);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "../escape", err, sizeof err), K_EINVAL);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", NULL, err, sizeof err), K_EINVAL);
	assert_int_equal(count_files(dir), 2);
	/* sms_file_write reports whether it wrote */
	int written = -1;
	assert_int_equal(sms_file_write(dir, "outbox:43", NUMBER, "hoi", &written, err, sizeof err), K_OK);
	assert_int_equal(written, 0);
	assert_int_equal(sms_file_write(dir, "outbox:47", NUMBER, "hoi", &written, err, sizeof err), K_OK);
	assert_int_equal(written, 1);
	/* a file in the way of the directory: K_EIO, not a crash */
	char blocked[450];
	snprintf(blocked, sizeof blocked, "%s/outbox-42.json/sub", dir);
	assert_int_equal(sms_file_write(blocked, "outbox:1", NUMBER, "hoi", &written, err, sizeof err), K_EIO);
}

/* --- HTTP transport ------------------------------------------------------- */

static void test_http_sends_once_per_key(void **state)
{
	char err[256];
	long requests = 0, stored = 0;

	start_sim(API_KEY);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "Uw code is 123456", "outbox:7", err, sizeof err), K_OK);
	assert_int_equal(count_files(sim_dir), 1);
	assert_sms_file(sim_dir, "outbox-7.json", NUMBER, "Uw code is 123456");
	sim_sms_counts(S, &requests, &stored);
	assert_int_equal(requests, 1);
	assert_int_equal(stored, 1);
	/* repeat with the same key: accepted (200), stored once */
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "Uw code is 123456", "outbox:7", err, sizeof err), K_OK);
	sim_sms_counts(S, &requests, &stored);
	assert_int_equal(requests, 2);
	assert_int_equal(stored, 1);
	assert_int_equal(count_files(sim_dir), 1);
	/* sender left out when empty */
	T.app.cfg.sms_sender[0] = '\0';
	assert_int_equal(sms_send(&T.app.cfg, "+447911123456", "Hello \xc3\xa9", "outbox:8", err, sizeof err), K_OK);
	assert_sms_file(sim_dir, "outbox-8.json", "+447911123456", "Hello \xc3\xa9");
	/* invalid input never reaches the provider */
	assert_int_equal(sms_send(&T.app.cfg, "+3161234", "hoi", "outbox:9", err, sizeof err), K_EINVAL);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "", "outbox:9", err, sizeof err), K_EINVAL);
	sim_sms_counts(S, &requests, &stored);
	assert_int_equal(requests, 3);
	assert_int_equal(stored, 2);
}

static void test_http_wrong_key_is_permanent(void **state)
{
	char err[256];
	long stored = -1;

	start_sim(API_KEY);
	snprintf(T.app.cfg.sms_api_key, sizeof T.app.cfg.sms_api_key, "wrong-key");
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
	assert_non_null(strstr(err, "401"));
	assert_non_null(strstr(err, "missing or wrong API key"));
	assert_null(strstr(err, "wrong-key")); /* the key never shows */
	/* no key at all: header left out, same answer */
	T.app.cfg.sms_api_key[0] = '\0';
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
	assert_non_null(strstr(err, "401"));
	/* a key that would break the header is refused before sending */
	snprintf(T.app.cfg.sms_api_key, sizeof T.app.cfg.sms_api_key, "abc\r\nX-Evil: 1");
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
	sim_sms_counts(S, NULL, &stored);
	assert_int_equal(stored, 0);
	assert_int_equal(count_files(sim_dir), 0);
}

static void test_http_status_mapping(void **state)
{
	char err[256];
	long requests = 0;

	start_sim(API_KEY);
	sim_sms_fail_next(S, 1, 503);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EIO);
	assert_non_null(strstr(err, "503"));
	sim_sms_fail_next(S, 1, 500);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EIO);
	sim_sms_fail_next(S, 1, 429);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EIO);
	sim_sms_fail_next(S, 1, 408);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EIO);
	sim_sms_fail_next(S, 1, 400);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
	assert_non_null(strstr(err, "permanent"));
	assert_non_null(strstr(err, "simulated failure"));
	sim_sms_fail_next(S, 1, 422);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
	assert_int_equal(count_files(sim_dir), 0);
	/* the failures are used up: the next one goes through */
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_OK);
	assert_int_equal(count_files(sim_dir), 1);
	sim_sms_counts(S, &requests, NULL);
	assert_int_equal(requests, 7);
	/* wrong path on the provider: 404, permanent */
	snprintf(T.app.cfg.sms_transport, sizeof T.app.cfg.sms_transport, "http://127.0.0.1:%d/nope", sim_port);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:2", err, sizeof err), K_EINVAL);
	assert_non_null(strstr(err, "404"));
	/* nobody listening: network error, retry */
	sim_sms_stop(S);
	S = NULL;
	snprintf(T.app.cfg.sms_transport, sizeof T.app.cfg.sms_transport, "http://127.0.0.1:%d%s", sim_port,
		 SIM_SMS_PATH);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:2", err, sizeof err), K_EIO);
	assert_non_null(strstr(err, "unreachable"));
}

/* --- a raw provider that answers with a given status and body ----------- */

struct raw_srv {
	int fd;
	int port;
	pthread_t th;
	int status;
	const char *body; /* sent once, then padding up to pad bytes */
	size_t pad;
};

static void *raw_srv_run(void *arg)
{
	struct raw_srv *r = arg;
	char req[8192], head[256], chunk[4096];
	size_t got = 0;
	int c = accept(r->fd, NULL, NULL);

	if (c < 0)
		return NULL;
	/* read the request head and its Content-Length body */
	for (;;) {
		ssize_t n = recv(c, req + got, sizeof req - 1 - got, 0);
		char *end, *cl;

		if (n <= 0)
			break;
		got += (size_t)n;
		req[got] = '\0';
		end = strstr(req, "\r\n\r\n");
		cl = strcasestr(req, "Content-Length:");
		if (end && cl && got >= (size_t)(end + 4 - req) + strtoul(cl + 15, NULL, 10))
			break;
		if (got == sizeof req - 1)
			break;
	}
	snprintf(head, sizeof head,
		 "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
		 "Connection: close\r\n\r\n",
		 r->status, strlen(r->body) + r->pad);
	send(c, head, strlen(head), MSG_NOSIGNAL);
	send(c, r->body, strlen(r->body), MSG_NOSIGNAL);
	memset(chunk, ' ', sizeof chunk);
	for (size_t left = r->pad; left > 0;) {
		size_t n = left < sizeof chunk ? left : sizeof chunk;
		if (send(c, chunk, n, MSG_NOSIGNAL) <= 0)
			break; /* the client stopped reading */
		left -= n;
	}
	close(c);
	return NULL;
}

static void raw_srv_start(struct raw_srv *r, int status, const char *body, size_t pad)
{
	struct sockaddr_in a = {0};
	socklen_t al = sizeof a;

	r->status = status;
	r->body = body;
	r->pad = pad;
	r->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(r->fd >= 0);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(r->fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(r->fd, 4), 0);
	assert_int_equal(getsockname(r->fd, (struct sockaddr *)&a, &al), 0);
	r->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&r->th, NULL, raw_srv_run, r), 0);
	snprintf(T.app.cfg.sms_transport, sizeof T.app.cfg.sms_transport, "http://127.0.0.1:%d/", r->port);
}

static void raw_srv_stop(struct raw_srv *r)
{
	pthread_join(r->th, NULL);
	close(r->fd);
}

/* The answer is read to SMS_RESPONSE_MAX bytes at most; the status counts;
 * the provider's message is quoted with digit runs masked. */
static void test_http_answer_bounded_and_masked(void **state)
{
	struct raw_srv r;
	char err[256];

	raw_srv_start(&r, 202, "{\"id\": \"x\"}", 4u << 20);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_OK);
	raw_srv_stop(&r);

	raw_srv_start(&r, 400, "{\"error\": {\"message\": \"invalid number +31612345678 (code 12)\"}}", 0);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
	raw_srv_stop(&r);
	assert_non_null(strstr(err, "HTTP 400"));
	assert_non_null(strstr(err, "invalid number +*** (code 12)"));
	assert_null(strstr(err, "612345678"));

	raw_srv_start(&r, 400, "not json \x01\x02 line\nbreak", 1u << 20);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EINVAL);
	raw_srv_stop(&r);
	assert_non_null(strstr(err, "not json    line break"));
	assert_true(strlen(err) < 250);

	raw_srv_start(&r, 503, "{\"message\": \"maintenance\"}", 0);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EIO);
	raw_srv_stop(&r);
	assert_non_null(strstr(err, "maintenance"));

	raw_srv_start(&r, 302, "", 0);
	assert_int_equal(sms_send(&T.app.cfg, NUMBER, "hoi", "outbox:1", err, sizeof err), K_EIO);
	raw_srv_stop(&r);
}

/* --- the stand-in itself -------------------------------------------------- */

static size_t sink(char *d, size_t s, size_t n, void *u)
{
	struct buf *b = u;
	size_t len = s * n;

	(void)d;
	if (b && buf_add(b, d, len) != K_OK)
		return 0;
	return len;
}

/* POST body to the stand-in with optional headers; returns the status. */
static long raw_post(const char *path, const char *ctype, const char *auth, const char *idem, const char *body,
		     struct buf *answer)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char url[128], line[256];
	long status = 0;

	assert_non_null(c);
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", sim_port, path);
	if (ctype) {
		snprintf(line, sizeof line, "Content-Type: %s", ctype);
		h = curl_slist_append(h, line);
	}
	if (auth) {
		snprintf(line, sizeof line, "Authorization: %s", auth);
		h = curl_slist_append(h, line);
	}
	if (idem) {
		snprintf(line, sizeof line, "Idempotency-Key: %s", idem);
		h = curl_slist_append(h, line);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, answer);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

static void test_sim_validates(void **state)
{
	const char *J = "application/json", *A = "Bearer " API_KEY;
	struct buf a, b;
	json_t *ja, *jb;

	start_sim(API_KEY);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, NULL, "k1", "{\"to\":\"" NUMBER "\",\"text\":\"x\"}", NULL), 401);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, "Bearer " API_KEY "x", "k1",
				  "{\"to\":\"" NUMBER "\",\"text\":\"x\"}", NULL),
			 401);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, "Bearer test-key-12", "k1",
				  "{\"to\":\"" NUMBER "\",\"text\":\"x\"}", NULL),
			 401);
	assert_int_equal(raw_post(SIM_SMS_PATH, "text/plain", A, "k1", "{\"to\":\"" NUMBER "\",\"text\":\"x\"}", NULL),
			 415);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "k1", "not json", NULL), 400);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "k1", "[1]", NULL), 400);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "k1", "{\"to\":\"" NUMBER "\"}", NULL), 400);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "k1", "{\"to\":\"0612345678\",\"text\":\"x\"}", NULL), 400);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "k1", "{\"to\":\"" NUMBER "\",\"text\":\"\"}", NULL), 400);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "k1", "{\"to\":\"" NUMBER "\",\"text\":\"a\\u0000b\"}", NULL),
			 400);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "k1",
				  "{\"to\":\"" NUMBER "\",\"text\":\"x\",\"text\":\"y\"}", NULL),
			 400); /* duplicate key */
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "k1",
				  "{\"to\":\"" NUMBER "\",\"text\":\"x\",\"from\":\"0123456789abcdef\"}", NULL),
			 400);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, NULL, "{\"to\":\"" NUMBER "\",\"text\":\"x\"}", NULL), 400);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "../k", "{\"to\":\"" NUMBER "\",\"text\":\"x\"}", NULL), 400);
	assert_int_equal(count_files(sim_dir), 0);
	/* accepted: 202 with an id; the repeat 200 with the same id */
	buf_init(&a, 4096);
	buf_init(&b, 4096);
	assert_int_equal(raw_post(SIM_SMS_PATH, "application/json; charset=utf-8", A, "k1",
				  "{\"to\":\"" NUMBER "\",\"text\":\"x\",\"from\":\"Kluis\"}", &a),
			 202);
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "k1", "{\"to\":\"" NUMBER "\",\"text\":\"x\"}", &b), 200);
	ja = json_loads(buf_str(&a), 0, NULL);
	jb = json_loads(buf_str(&b), 0, NULL);
	assert_non_null(json_string_value(json_object_get(ja, "id")));
	assert_string_equal(json_string_value(json_object_get(ja, "id")), json_string_value(json_object_get(jb, "id")));
	json_decref(ja);
	json_decref(jb);
	buf_free(&a);
	buf_free(&b);
	/* reference names the file when there is no header */
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, NULL,
				  "{\"to\":\"" NUMBER "\",\"text\":\"y\",\"reference\":\"outbox:5\"}", NULL),
			 202);
	assert_int_equal(count_files(sim_dir), 2);
	assert_sms_file(sim_dir, "k1.json", NUMBER, "x");
	assert_sms_file(sim_dir, "outbox-5.json", NUMBER, "y");
	/* other method / path */
	assert_int_equal(raw_post("/elsewhere", J, A, "k2", "{}", NULL), 404);
	/* a body over 64 KiB */
	char *big = malloc(70 * 1024);
	assert_non_null(big);
	memset(big, ' ', 70 * 1024 - 1);
	big[70 * 1024 - 1] = '\0';
	assert_int_equal(raw_post(SIM_SMS_PATH, J, A, "k3", big, NULL), 413);
	free(big);
	/* bad start arguments */
	struct sim_sms *s2 = NULL;
	assert_int_equal(sim_sms_start("nonsense", sim_dir, NULL, &s2, NULL), K_EINVAL);
	assert_int_equal(sim_sms_start("127.0.0.1:99999", sim_dir, NULL, &s2, NULL), K_EINVAL);
	assert_int_equal(sim_sms_start("127.0.0.1:0", "", NULL, &s2, NULL), K_EINVAL);
	assert_null(s2);
}

/* --- through the outbox --------------------------------------------------- */

static int64_t queue_sms(const char *to, const char *text)
{
	char err[256];
	int64_t pending = 0, done = 0, dead = 0;
	struct db *db = store_acquire(T.app.store);

	assert_int_equal(db_begin(db), K_OK);
	assert_int_equal(notify_sms_queue(&T.app, db, to, text, err, sizeof err), K_OK);
	assert_int_equal(db_commit(db), K_OK);
	assert_int_equal(store_outbox_stats(db, &pending, &done, &dead), K_OK);
	store_release(T.app.store, db);
	return pending + done + dead; /* ids are 1.. in these tests */
}

struct ev_state {
	int64_t attempts, done_at, dead, available_at;
};

static struct ev_state get(int64_t id)
{
	struct ev_state s;
	struct db *db = store_acquire(T.app.store);

	assert_int_equal(store_outbox_get(db, id, &s.attempts, &s.done_at, &s.dead, &s.available_at), K_OK);
	store_release(T.app.store, db);
	return s;
}

static void test_outbox_retries_provider_down_without_duplicates(void **state)
{
	const char *text = "Uw Kluis-code is 735120";
	char name[SMS_FILE_NAME_MAX], key[64], err[256];
	long requests = 0, stored = 0;

	start_sim(API_KEY);
	int64_t id = queue_sms(NUMBER, text);
	snprintf(key, sizeof key, "outbox:%lld", (long long)id);
	assert_int_equal(sms_file_name(key, name, sizeof name), K_OK);

	/* provider down: the attempt fails and is rescheduled */
	sim_sms_fail_next(S, 1, 503);
	int64_t t0 = app_now(&T.app);
	assert_int_equal(outbox_run_once(&T.app), 0);
	struct ev_state s = get(id);
	assert_int_equal(s.attempts, 1);
	assert_int_equal(s.done_at, 0);
	assert_int_equal(s.dead, 0);
	assert_true(s.available_at >= t0 + outbox_backoff(1));
	assert_int_equal(count_files(sim_dir), 0);
	/* not due yet: nothing happens */
	assert_int_equal(outbox_run_once(&T.app), 0);
	sim_sms_counts(S, &requests, NULL);
	assert_int_equal(requests, 1);

	/* a worker that sent it but died before marking the event done: the
	 * handler runs for the same event (same key) outside the outbox */
	json_t *payload = json_pack("{s:s,s:s}", "to", NUMBER, "text", text);
	struct outbox_event ev = {id, NOTIFY_SMS_KIND, payload, 2, ""};
	snprintf(ev.key, sizeof ev.key, "%s", key);
	assert_int_equal(notify_sms_handler.fn(&T.app, NULL, &ev, err, sizeof err), K_OK);
	assert_int_equal(count_files(sim_dir), 1);

	/* after the backoff the outbox retries: succeeds, nothing new stored */
	app_clock_advance(&T.app, outbox_backoff(1));
	assert_int_equal(outbox_run_once(&T.app), 1);
	s = get(id);
	assert_true(s.done_at > 0);
	assert_int_equal(s.attempts, 2);
	assert_int_equal(count_files(sim_dir), 1);
	assert_sms_file(sim_dir, name, NUMBER, text);
	sim_sms_counts(S, &requests, &stored);
	assert_int_equal(requests, 3);
	assert_int_equal(stored, 1);

	/* and once more by hand: still one */
	assert_int_equal(notify_sms_handler.fn(&T.app, NULL, &ev, err, sizeof err), K_OK);
	assert_int_equal(count_files(sim_dir), 1);
	sim_sms_counts(S, NULL, &stored);
	assert_int_equal(stored, 1);
	json_decref(payload);

	/* done events never run again */
	app_clock_advance(&T.app, 24 * 3600);
	assert_int_equal(outbox_run_once(&T.app), 0);
	sim_sms_counts(S, &requests, NULL);
	assert_int_equal(requests, 4);
}

static void test_outbox_file_transport_and_permanent_errors(void **state)
{
	char dir[400], err[256], name[SMS_FILE_NAME_MAX], key[64];

	snprintf(dir, sizeof dir, "%s/sms", T.dir);
	snprintf(T.app.cfg.sms_transport, sizeof T.app.cfg.sms_transport, "file://%s", dir);
	int64_t id = queue_sms("+447911123456", "Your code is 111222");
	assert_int_equal(outbox_run_once(&T.app), 1);
	snprintf(key, sizeof key, "outbox:%lld", (long long)id);
	assert_int_equal(sms_file_name(key, name, sizeof name), K_OK);
	assert_sms_file(dir, name, "+447911123456", "Your code is 111222");

	/* invalid input is refused before it is queued */
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(db_begin(db), K_OK);
	assert_int_equal(notify_sms_queue(&T.app, db, "+3161234", "hoi", err, sizeof err), K_EINVAL);
	assert_int_equal(notify_sms_queue(&T.app, db, "06 12345678", "hoi", err, sizeof err), K_EINVAL);
	assert_int_equal(notify_sms_queue(&T.app, db, NUMBER, "", err, sizeof err), K_EINVAL);
	/* a payload queued by hand without "to": permanent, clear message */
	assert_int_equal(outbox_emit(&T.app, db, NOTIFY_SMS_KIND, json_pack("{s:s}", "text", "hoi")), K_OK);
	assert_int_equal(db_commit(db), K_OK);
	store_release(T.app.store, db);
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(count_files(dir), 1);

	/* the handler's messages */
	json_t *p = json_pack("{s:i,s:s}", "to", 42, "text", "hoi");
	struct outbox_event ev = {99, NOTIFY_SMS_KIND, p, 1, "outbox:99"};
	assert_int_equal(notify_sms_handle(&T.app, NULL, &ev, err, sizeof err), K_EINVAL);
	assert_non_null(strstr(err, "permanent"));
	json_decref(p);
	p = json_pack("{s:s,s:s}", "to", NUMBER, "text", "hoi");
	ev.payload = p;
	T.app.cfg.sms_transport[0] = '\0';
	assert_int_equal(notify_sms_handle(&T.app, NULL, &ev, err, sizeof err), K_EINVAL);
	assert_string_equal(err, "permanent: sms.transport not configured");
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_numbers),
		cmocka_unit_test(test_check_text),
		cmocka_unit_test(test_key_and_file_name),
		cmocka_unit_test_setup_teardown(test_not_configured_and_bad_transport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_transport_once_per_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http_sends_once_per_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http_wrong_key_is_permanent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http_status_mapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http_answer_bounded_and_masked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sim_validates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_retries_provider_down_without_duplicates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_outbox_file_transport_and_permanent_errors, setup, teardown),
	};
	return cmocka_run_group_tests_name("sms", tests, NULL, NULL);
}
