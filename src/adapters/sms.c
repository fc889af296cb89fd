/* Outgoing SMS: the provider API over libcurl and the file:/// transport
 * (see sms.h for the contract). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <curl/curl.h>
#include <jansson.h>
#include "adapters/sms.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/err.h"

/* Longest provider message quoted in err. */
#define PROVIDER_MSG_MAX 160
/* Digit runs this long or longer in a provider message are masked. */
#define MASK_DIGITS 5

static void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* --- validation ----------------------------------------------------------- */

/* utf8_valid: 1 if s[0..n) is well-formed UTF-8 (RFC 3629). */
static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], cp;
		size_t len;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (size_t k = 1; k < len; k++) {
			unsigned cc = s[i + k];

			if ((cc & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (cc & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

int sms_check(const char *to_e164, const char *text, char *err, size_t errlen)
{
	size_t n;

	if (!to_e164 || to_e164[0] != '+') {
		seterr(err, errlen, "phone number is not in E.164 form (+ and digits)");
		return K_EINVAL;
	}
	n = strnlen(to_e164 + 1, SMS_TO_MAX_DIGITS + 1);
	if (n < SMS_TO_MIN_DIGITS || n > SMS_TO_MAX_DIGITS) {
		seterr(err, errlen, "phone number must have %d to %d digits after the +", SMS_TO_MIN_DIGITS,
		       SMS_TO_MAX_DIGITS);
		return K_EINVAL;
	}
	for (size_t i = 1; i <= n; i++) {
		if (to_e164[i] < '0' || to_e164[i] > '9') {
			seterr(err, errlen, "phone number is not in E.164 form (+ and digits)");
			return K_EINVAL;
		}
	}
	if (to_e164[1] == '0') {
		seterr(err, errlen, "phone number is not in E.164 form (country code cannot start with 0)");
		return K_EINVAL;
	}
	if (!text || !text[0]) {
		seterr(err, errlen, "SMS text is empty");
		return K_EINVAL;
	}
	n = strnlen(text, SMS_TEXT_MAX + 1);
	if (n > SMS_TEXT_MAX) {
		seterr(err, errlen, "SMS text is longer than %d bytes", SMS_TEXT_MAX);
		return K_EINVAL;
	}
	if (!utf8_valid((const unsigned char *)text, n)) {
		seterr(err, errlen, "SMS text is not valid UTF-8");
		return K_EINVAL;
	}
	return K_OK;
}

int sms_key_check(const char *key)
{
	size_t n;

	if (!key || !key[0] || key[0] == '.')
		return K_EINVAL;
	n = strnlen(key, SMS_KEY_MAX + 1);
	if (n > SMS_KEY_MAX)
		return K_EINVAL;
	for (size_t i = 0; i < n; i++) {
		char c = key[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == ':' || c == '-'))
			return K_EINVAL;
	}
	return K_OK;
}

int sms_file_name(const char *key, char *out, size_t outlen)
{
	size_t n;

	if (!out || outlen == 0)
		return K_ETOOBIG;
	out[0] = '\0';
	if (sms_key_check(key) != K_OK)
		return K_EINVAL;
	n = strlen(key);
	if (n + sizeof ".json" > outlen)
		return K_ETOOBIG;
	for (size_t i = 0; i < n; i++)
		out[i] = key[i] == ':' ? '-' : key[i];
	memcpy(out + n, ".json", sizeof ".json");
	return K_OK;
}

/* printable: 1 if s is 0..max bytes of visible ASCII (no space, no control),
 * so it can go into a header as is. */
static int printable(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return 0;
	return 1;
}

/* --- file transport ------------------------------------------------------- */

/* mkdir_p: create dir and its missing parents (0700). 0 or -1 + errno. */
static int mkdir_p(const char *dir)
{
	char p[PATH_MAX];
	size_t n = strnlen(dir, sizeof p);

	if (n == 0 || n >= sizeof p) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(p, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char saved = p[i];

		p[i] = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			return -1;
		p[i] = saved;
	}
	struct stat st;

	if (stat(dir, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

static int write_all(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, data, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		n -= (size_t)w;
	}
	return 0;
}

/* place: move tmp to path unless path exists. 1 = moved, 0 = path existed,
 * -1 = error (errno). */
static int place(const char *tmp, const char *path)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 1;
	if (errno == EEXIST)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
	/* file systems without RENAME_NOREPLACE: link() fails on an existing
	 * name just the same; the caller unlinks tmp */
	if (link(tmp, path) == 0)
		return 1;
	return errno == EEXIST ? 0 : -1;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int sms_file_write(const char *dir, const char *key, const char *to_e164, const char *text, int *written, char *err,
		   size_t errlen)
{
	char name[SMS_FILE_NAME_MAX], path[PATH_MAX], tmp[PATH_MAX];
	json_t *j = NULL;
	char *body = NULL;
	int fd = -1, tmp_made = 0, rc;
	struct stat st;

	if (written)
		*written = 0;
	rc = sms_check(to_e164, text, err, errlen);
	if (rc != K_OK)
		goto out;
	if (sms_file_name(key, name, sizeof name) != K_OK) {
		seterr(err, errlen, "bad idempotency key");
		rc = K_EINVAL;
		goto out;
	}
	if (!dir || !dir[0]) {
		seterr(err, errlen, "sms file transport: no directory");
		rc = K_EINVAL;
		goto out;
	}
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path ||
	    (size_t)snprintf(tmp, sizeof tmp, "%s/.sms-XXXXXX", dir) >= sizeof tmp) {
		seterr(err, errlen, "sms file transport: directory path too long");
		rc = K_EINVAL;
		goto out;
	}
	if (mkdir_p(dir) != 0) {
		seterr(err, errlen, "sms file transport: cannot create directory: %s", strerror(errno));
		rc = K_EIO;
		goto out;
	}
	if (lstat(path, &st) == 0) {
		rc = K_OK; /* sent before */
		goto out;
	}
	j = json_object();
	if (!j || json_object_set_new(j, "to", json_string(to_e164)) != 0 ||
	    json_object_set_new(j, "text", json_string(text)) != 0 || !(body = json_dumps(j, 0))) {
		seterr(err, errlen, "out of memory");
		rc = K_ENOMEM;
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		seterr(err, errlen, "sms file transport: cannot create temp file: %s", strerror(errno));
		rc = K_EIO;
		goto out;
	}
	tmp_made = 1;
	if (write_all(fd, body, strlen(body)) != 0 || write_all(fd, "\n", 1) != 0 || fsync(fd) != 0) {
		seterr(err, errlen, "sms file transport: cannot write: %s", strerror(errno));
		rc = K_EIO;
		goto out;
	}
	rc = close(fd);
	fd = -1;
	if (rc != 0) {
		seterr(err, errlen, "sms file transport: cannot write: %s", strerror(errno));
		rc = K_EIO;
		goto out;
	}
	switch (place(tmp, path)) {
	case 1:
		if (written)
			*written = 1;
		if (fsync_dir(dir) != 0) {
			seterr(err, errlen, "sms file transport: cannot sync directory: %s", strerror(errno));
			rc = K_EIO;
			goto out;
		}
		rc = K_OK;
		break;
	case 0:
		rc = K_OK; /* another writer of the same key won */
		break;
	default:
		seterr(err, errlen, "sms file transport: cannot move file into place: %s", strerror(errno));
		rc = K_EIO;
		goto out;
	}
out:
	if (fd >= 0)
		close(fd);
	if (tmp_made)
		unlink(tmp); /* after rename: ENOENT; after link: the second name */
	free(body);
	json_decref(j);
	return rc;
}

/* --- provider API (libcurl) ----------------------------------------------- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_ok;

static void curl_init_once(void)
{
	curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

struct answer {
	struct buf body;
	int overflow;
};

static size_t on_write(char *data, size_t size, size_t nmemb, void *userp)
{
	struct answer *a = userp;
	size_t n = size * nmemb;
	size_t room = a->body.max - a->body.len;

	if (n <= room) {
		if (buf_add(&a->body, data, n) != K_OK)
			return 0;
		return n;
	}
	if (room > 0)
		buf_add(&a->body, data, room);
	a->overflow = 1;
	return 0; /* stop reading: the answer is bounded */
}

/* quote: copy msg into out for an error text: at most PROVIDER_MSG_MAX bytes,
 * visible ASCII only (others become '?', control characters ' '), digit runs
 * of MASK_DIGITS or more replaced by "***" (phone numbers, codes). */
static void quote(const char *msg, size_t len, char *out, size_t outlen)
{
	size_t o = 0;

	if (len > PROVIDER_MSG_MAX)
		len = PROVIDER_MSG_MAX;
	for (size_t i = 0; i < len && o + 4 < outlen;) {
		unsigned char c = (unsigned char)msg[i];

		if (c >= '0' && c <= '9') {
			size_t j = i;

			while (j < len && msg[j] >= '0' && msg[j] <= '9')
				j++;
			if (j - i >= MASK_DIGITS) {
				memcpy(out + o, "***", 3);
				o += 3;
				i = j;
				continue;
			}
			while (i < j && o + 1 < outlen)
				out[o++] = msg[i++];
			continue;
		}
		out[o++] = c < 0x20 || c == 0x7f ? ' ' : c >= 0x80 ? '?' : (char)c;
		i++;
	}
	if (outlen > 0)
		out[o < outlen ? o : outlen - 1] = '\0';
}

/* provider_message: the provider's error message from its answer body into
 * out (quoted), or "" if the body is empty. */
static void provider_message(const struct buf *body, char *out, size_t outlen)
{
	json_t *j = NULL, *m = NULL;
	const char *s = buf_str(body);
	size_t n = body->len;

	out[0] = '\0';
	if (n == 0)
		return;
	j = json_loadb(s, n, 0, NULL);
	if (json_is_object(j)) {
		json_t *e = json_object_get(j, "error");

		if (json_is_object(e))
			m = json_object_get(e, "message");
		else if (json_is_string(e))
			m = e;
		if (!json_is_string(m))
			m = json_object_get(j, "message");
		if (json_is_string(m)) {
			s = json_string_value(m);
			n = json_string_length(m);
		}
	}
	quote(s, n, out, outlen);
	json_decref(j);
}

static int http_send(const struct config *cfg, const char *to_e164, const char *text, const char *key, char *err,
		     size_t errlen)
{
	CURL *c = NULL;
	struct curl_slist *hdrs = NULL, *h;
	struct answer a = {0};
	json_t *j = NULL;
	char *body = NULL;
	char line[CONFIG_STR_MAX + 64], errbuf[CURL_ERROR_SIZE] = "", msg[PROVIDER_MSG_MAX + 8];
	long status = 0;
	CURLcode cc;
	int rc;

	buf_init(&a.body, SMS_RESPONSE_MAX);
	if (!printable(cfg->sms_api_key, sizeof cfg->sms_api_key - 1)) {
		seterr(err, errlen, "sms.api_key holds spaces or control characters");
		rc = K_EINVAL;
		goto out;
	}
	size_t sender_len = strnlen(cfg->sms_sender, sizeof cfg->sms_sender);

	if (sender_len == sizeof cfg->sms_sender || !utf8_valid((const unsigned char *)cfg->sms_sender, sender_len)) {
		seterr(err, errlen, "sms.sender is not valid text");
		rc = K_EINVAL;
		goto out;
	}
	for (size_t i = 0; i < sender_len; i++) {
		if ((unsigned char)cfg->sms_sender[i] < 0x20 || cfg->sms_sender[i] == 0x7f) {
			seterr(err, errlen, "sms.sender holds control characters");
			rc = K_EINVAL;
			goto out;
		}
	}
	j = json_object();
	if (!j || json_object_set_new(j, "to", json_string(to_e164)) != 0 ||
	    (sender_len > 0 && json_object_set_new(j, "from", json_string(cfg->sms_sender)) != 0) ||
	    json_object_set_new(j, "text", json_string(text)) != 0 ||
	    json_object_set_new(j, "reference", json_string(key)) != 0 || !(body = json_dumps(j, JSON_COMPACT))) {
		seterr(err, errlen, "out of memory");
		rc = K_ENOMEM;
		goto out;
	}
	pthread_once(&curl_once, curl_init_once);
	if (!curl_ok || !(c = curl_easy_init())) {
		seterr(err, errlen, "sms: libcurl cannot start");
		rc = K_EIO;
		goto out;
	}
	if (!(h = curl_slist_append(hdrs, "Content-Type: application/json")))
		goto nomem;
	hdrs = h;
	if (!(h = curl_slist_append(hdrs, "Accept: application/json")))
		goto nomem;
	hdrs = h;
	if (cfg->sms_api_key[0]) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", cfg->sms_api_key);
		h = curl_slist_append(hdrs, line);
		if (!h)
			goto nomem;
		hdrs = h;
	}
	snprintf(line, sizeof line, "Idempotency-Key: %s", key);
	if (!(h = curl_slist_append(hdrs, line)))
		goto nomem;
	hdrs = h;
	/* Expect: 100-continue would cost a round trip for nothing */
	if (!(h = curl_slist_append(hdrs, "Expect:")))
		goto nomem;
	hdrs = h;

	curl_easy_setopt(c, CURLOPT_URL, cfg->sms_transport);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)SMS_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)SMS_TOTAL_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "kluis-sms/1");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);

	cc = curl_easy_perform(c);
	if (cc != CURLE_OK && !(cc == CURLE_WRITE_ERROR && a.overflow)) {
		seterr(err, errlen, "sms provider unreachable: %s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
		rc = K_EIO;
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	provider_message(&a.body, msg, sizeof msg);
	if (status >= 200 && status <= 299) {
		rc = K_OK;
	} else if (status >= 400 && status <= 499 && status != 408 && status != 429) {
		seterr(err, errlen, "sms provider refused the message (HTTP %ld, permanent)%s%s", status,
		       msg[0] ? ": " : "", msg);
		rc = K_EINVAL;
	} else {
		seterr(err, errlen, "sms provider unavailable (HTTP %ld)%s%s", status, msg[0] ? ": " : "", msg);
		rc = K_EIO;
	}
	goto out;
nomem:
	seterr(err, errlen, "out of memory");
	rc = K_ENOMEM;
out:
	if (c)
		curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
	secure_wipe(line, sizeof line); /* may hold the API key */
	if (body) {
		secure_wipe(body, strlen(body)); /* holds the text (often a code) */
		free(body);
	}
	json_decref(j);
	buf_free(&a.body);
	return rc;
}

/* --- dispatch ------------------------------------------------------------- */

int sms_send(const struct config *cfg, const char *to_e164, const char *text, const char *key, char *err,
	     size_t errlen)
{
	const char *t;
	int rc;

	seterr(err, errlen, "%s", "");
	if (!cfg) {
		seterr(err, errlen, "sms: no configuration");
		return K_EINVAL;
	}
	rc = sms_check(to_e164, text, err, errlen);
	if (rc != K_OK)
		return rc;
	if (sms_key_check(key) != K_OK) {
		seterr(err, errlen, "bad idempotency key");
		return K_EINVAL;
	}
	t = cfg->sms_transport;
	if (!t[0]) {
		seterr(err, errlen, "sms.transport not configured");
		return K_EINVAL;
	}
	if (strncasecmp(t, "http://", 7) == 0 || strncasecmp(t, "https://", 8) == 0)
		return http_send(cfg, to_e164, text, key, err, errlen);
	if (strncmp(t, "file://", 7) == 0) {
		if (t[7] != '/') {
			seterr(err, errlen, "sms.transport: file:// needs an absolute path (file:///dir)");
			return K_EINVAL;
		}
		return sms_file_write(t + 7, key, to_e164, text, NULL, err, errlen);
	}
	seterr(err, errlen, "sms.transport: unknown scheme (want http://, https:// or file:///dir)");
	return K_EINVAL;
}
