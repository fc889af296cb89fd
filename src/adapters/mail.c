/* Mail transports: SMTP through libcurl and the file:///dir transport of
 * API.md. Both deliver the bytes of mail_build_eml (mail_mime.c). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include <sodium.h>
#include "adapters/mail.h"
#include "util/err.h"
#include "util/log.h"

#define MAIL_PATH_MAX 1024

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int write_full(int fd, const char *p, size_t n)
{
	while (n > 0) {
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

/* fsync_dir: make a new directory entry durable. */
static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* send_file: the file:///dir transport. The final name is created with
 * link(), which fails if it exists, so two racing senders of one key still
 * leave exactly one file. */
static int send_file(const struct config *cfg, const struct mail_msg *m, char *err, size_t errlen)
{
	const char *dir = cfg->mail_transport + strlen("file://");
	char name[3 * MAIL_KEY_MAX + 8], final[MAIL_PATH_MAX], tmp[MAIL_PATH_MAX];
	unsigned char rnd[8];
	struct buf eml;
	struct stat st;
	int fd = -1, rc;

	buf_init(&eml, MAIL_EML_MAX);
	tmp[0] = '\0';
	if (dir[0] != '/') {
		set_err(err, errlen, "mail.transport: file:// needs an absolute path (file:///dir)");
		rc = K_EINVAL;
		goto out;
	}
	rc = mail_file_name(m->key, name, sizeof name);
	if (rc != K_OK) {
		set_err(err, errlen, "mail: missing or too long idempotency key");
		goto out;
	}
	if ((size_t)snprintf(final, sizeof final, "%s/%s", dir, name) >= sizeof final) {
		set_err(err, errlen, "mail: file path too long");
		rc = K_EINVAL;
		goto out;
	}
	if (stat(final, &st) == 0) {
		log_debug("mail %s already written, not sending again", m->key);
		rc = K_OK;
		goto out;
	}
	rc = mail_build_eml(cfg, m, (long long)time(NULL), &eml);
	if (rc != K_OK) {
		set_err(err, errlen, "mail: cannot build message (%s)", kerr_str(rc));
		goto out;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		set_err(err, errlen, "mail: mkdir %s: %s", dir, strerror(errno));
		rc = K_EIO;
		goto out;
	}
	randombytes_buf(rnd, sizeof rnd);
	if ((size_t)snprintf(tmp, sizeof tmp, "%s/.%s.%ld.%02x%02x%02x%02x%02x%02x%02x%02x.tmp", dir, name,
			     (long)getpid(), rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6],
			     rnd[7]) >= sizeof tmp) {
		tmp[0] = '\0';
		set_err(err, errlen, "mail: file path too long");
		rc = K_EINVAL;
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		tmp[0] = '\0';
		set_err(err, errlen, "mail: create in %s: %s", dir, strerror(errno));
		rc = K_EIO;
		goto out;
	}
	if (write_full(fd, eml.data, eml.len) != 0 || fsync(fd) != 0) {
		set_err(err, errlen, "mail: write in %s: %s", dir, strerror(errno));
		rc = K_EIO;
		goto out;
	}
	close(fd);
	fd = -1;
	if (link(tmp, final) != 0) {
		if (errno == EEXIST || stat(final, &st) == 0) {
			log_debug("mail %s written by someone else meanwhile", m->key);
		} else if (rename(tmp, final) == 0) {
			tmp[0] = '\0'; /* a file system without hard links */
		} else {
			set_err(err, errlen, "mail: rename in %s: %s", dir, strerror(errno));
			rc = K_EIO;
			goto out;
		}
	}
	if (fsync_dir(dir) != 0) {
		set_err(err, errlen, "mail: fsync %s: %s", dir, strerror(errno));
		rc = K_EIO;
		goto out;
	}
	rc = K_OK;
out:
	if (fd >= 0)
		close(fd);
	if (tmp[0])
		unlink(tmp);
	buf_free(&eml);
	return rc;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void curl_init(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* The message being uploaded. */
struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nitems, void *userdata)
{
	struct upload *u = userdata;
	size_t n = size * nitems;
	if (n > u->left)
		n = u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* sender_addr: the addr-spec of "Name <addr>" or "addr" into out. */
static int sender_addr(const char *from, char *out, size_t outlen)
{
	const char *lt = strrchr(from, '<');
	const char *a = lt ? lt + 1 : from;
	while (!lt && (*a == ' ' || *a == '\t'))
		a++;
	size_t n = lt ? strcspn(a, ">") : strcspn(a, " \t");
	if (n >= outlen)
		return K_EINVAL;
	memcpy(out, a, n);
	out[n] = '\0';
	return mail_addr_ok(out) ? K_OK : K_EINVAL;
}

/* send_smtp: upload the message with libcurl. */
static int send_smtp(const struct config *cfg, const struct mail_msg *m, char *err, size_t errlen)
{
	char addr[MAIL_ADDR_MAX + 1], envelope_from[MAIL_ADDR_MAX + 3], rcpt[MAIL_ADDR_MAX + 3];
	char cerr[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpts = NULL;
	struct upload up;
	struct buf eml;
	CURL *c = NULL;
	int rc;

	buf_init(&eml, MAIL_EML_MAX);
	rc = mail_build_eml(cfg, m, (long long)time(NULL), &eml);
	if (rc != K_OK) {
		set_err(err, errlen, "mail: cannot build message (%s)", kerr_str(rc));
		goto out;
	}
	/* both checked by mail_build_eml already */
	rc = sender_addr(m->from ? m->from : cfg->mail_from, addr, sizeof addr);
	if (rc != K_OK) {
		set_err(err, errlen, "mail.from has no valid address");
		goto out;
	}
	snprintf(envelope_from, sizeof envelope_from, "<%s>", addr);
	snprintf(rcpt, sizeof rcpt, "<%s>", m->to);

	pthread_once(&curl_once, curl_init);
	rc = K_EIO;
	if (curl_init_rc != CURLE_OK || !(c = curl_easy_init())) {
		set_err(err, errlen, "smtp: libcurl init failed");
		goto out;
	}
	rcpts = curl_slist_append(NULL, rcpt);
	if (!rcpts) {
		rc = K_ENOMEM;
		goto out;
	}
	up.p = eml.data;
	up.left = eml.len;
	int bad = 0;
	bad |= curl_easy_setopt(c, CURLOPT_URL, cfg->mail_transport) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps") != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_MAIL_FROM, envelope_from) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_UPLOAD, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_READDATA, &up) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)eml.len) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)MAIL_CONNECT_TIMEOUT_S) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)MAIL_TIMEOUT_S) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr) != CURLE_OK;
	/* smtp://: STARTTLS when the server offers it; smtps:// is TLS anyway */
	bad |= curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY) != CURLE_OK;
	if (bad) {
		set_err(err, errlen, "smtp: libcurl refused an option");
		goto out;
	}
	CURLcode cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		long code = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		/* cerr holds curl's text ("RCPT failed: 550"), never the message */
		set_err(err, errlen, "smtp: %s%s%s (reply %ld)", curl_easy_strerror(cc), cerr[0] ? ": " : "", cerr,
			code);
		rc = cc == CURLE_OUT_OF_MEMORY ? K_ENOMEM : K_EIO;
		goto out;
	}
	rc = K_OK;
out:
	curl_slist_free_all(rcpts);
	if (c)
		curl_easy_cleanup(c);
	buf_free(&eml);
	return rc;
}

int mail_send(const struct config *cfg, const struct mail_msg *m, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!cfg || !m) {
		set_err(err, errlen, "mail: no message");
		return K_EINVAL;
	}
	const char *t = cfg->mail_transport;
	if (!t[0]) {
		set_err(err, errlen, "mail.transport not configured");
		return K_EINVAL;
	}
	if (strpbrk(t, "\r\n")) {
		set_err(err, errlen, "mail.transport: bad URL");
		return K_EINVAL;
	}
	if (strncmp(t, "file://", 7) == 0)
		return send_file(cfg, m, err, errlen);
	if (strncmp(t, "smtp://", 7) == 0 || strncmp(t, "smtps://", 8) == 0)
		return send_smtp(cfg, m, err, errlen);
	set_err(err, errlen, "mail.transport: use smtp://, smtps:// or file:///");
	return K_EINVAL;
}
