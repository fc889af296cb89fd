/* The SMTP stand-in: one poll loop thread, a small state machine per
 * connection, each message stored as one .eml file. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sodium.h>
#include "sim/smtp_sink.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/log.h"

#define SINK_DIR_MAX 512
#define SINK_PATH_MAX 1024
#define SINK_ADDR_MAX 256
#define SINK_IDLE_SECONDS 60

enum conn_state { C_FREE = 0, C_CMD, C_DATA };

struct conn {
	int fd;
	enum conn_state state;
	time_t last;
	char line[SIM_SMTP_LINE_MAX + 1];
	size_t linelen;
	bool line_over;  /* the current line is longer than the limit */
	bool msg_over;   /* the message in DATA went over a limit */
	bool have_from;
	char from[SINK_ADDR_MAX];
	int nrcpt;
	char rcpt[SIM_SMTP_MAX_RCPT][SINK_ADDR_MAX];
	struct buf msg;
};

struct sim_smtp {
	int lfd;
	int wake[2];
	pthread_t thread;
	char dir[SINK_DIR_MAX];
	atomic_int fail_next;
	atomic_long stored, duplicates;
	unsigned long seq;
	struct conn conns[SIM_SMTP_MAX_CONNS];
};

/* reply: best-effort write of a short reply; false if the peer is gone. */
static bool reply(struct conn *c, const char *text)
{
	size_t n = strlen(text);
	while (n > 0) {
		ssize_t w = send(c->fd, text, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = {c->fd, POLLOUT, 0};
			if (poll(&p, 1, 5000) == 1)
				continue;
		}
		if (w <= 0)
			return false;
		text += w;
		n -= (size_t)w;
	}
	return true;
}

static void txn_reset(struct conn *c)
{
	c->have_from = false;
	c->from[0] = '\0';
	c->nrcpt = 0;
	c->msg_over = false;
	buf_reset(&c->msg);
}

static void conn_close(struct conn *c)
{
	if (c->state == C_FREE)
		return;
	close(c->fd);
	buf_free(&c->msg);
	c->state = C_FREE;
	c->fd = -1;
}

/* path_arg: the address between '<' and '>' after a "FROM:"/"TO:" prefix;
 * false on syntax errors or control characters. */
static bool path_arg(const char *arg, char *out, size_t outlen)
{
	while (*arg == ' ')
		arg++;
	if (*arg != '<')
		return false;
	const char *gt = strchr(arg, '>');
	if (!gt)
		return false;
	size_t n = (size_t)(gt - arg - 1);
	if (n >= outlen)
		return false;
	for (const char *p = arg + 1; p < gt; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p == 0x7F)
			return false;
	memcpy(out, arg + 1, n);
	out[n] = '\0';
	return true;
}

static int write_all(int fd, const char *p, size_t n)
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

/* message_id: the Message-ID header value of the header section of msg into
 * out ("" if none). */
static void message_id(const struct buf *msg, char *out, size_t outlen)
{
	const char *p = buf_str(msg), *end = p + msg->len;
	out[0] = '\0';
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0)
			return; /* end of the header section */
		if (n > 11 && strncasecmp(p, "Message-ID:", 11) == 0) {
			const char *v = p + 11, *z = p + n;
			while (v < z && (*v == ' ' || *v == '\t'))
				v++;
			while (z > v && (z[-1] == ' ' || z[-1] == '\t'))
				z--;
			if ((size_t)(z - v) < outlen) {
				memcpy(out, v, (size_t)(z - v));
				out[z - v] = '\0';
			}
			return;
		}
		if (!eol)
			return;
		p = eol + 1;
	}
}

/* store: write the message of c into the directory. K_OK (*dup set when it
 * was stored before) or K_EIO. */
static int store(struct sim_smtp *s, struct conn *c, bool *dup)
{
	char mid[1024], name[96], final[SINK_PATH_MAX], tmp[SINK_PATH_MAX];
	struct buf out;
	int fd = -1, rc = K_EIO;

	*dup = false;
	tmp[0] = '\0';
	buf_init(&out, SIM_SMTP_MSG_MAX + 64 * 1024);
	message_id(&c->msg, mid, sizeof mid);
	if (mid[0]) {
		unsigned char h[32];
		crypto_hash_sha256(h, (const unsigned char *)mid, strlen(mid));
		char hex[65];
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		snprintf(name, sizeof name, "%.32s.eml", hex);
	} else {
		snprintf(name, sizeof name, "nomid-%lld-%lu.eml", (long long)time(NULL), ++s->seq);
	}
	if ((size_t)snprintf(final, sizeof final, "%s/%s", s->dir, name) >= sizeof final ||
	    (size_t)snprintf(tmp, sizeof tmp, "%s/.%s.%lu.tmp", s->dir, name, ++s->seq) >= sizeof tmp) {
		tmp[0] = '\0';
		goto out;
	}
	if (access(final, F_OK) == 0) {
		*dup = true;
		tmp[0] = '\0';
		rc = K_OK;
		goto out;
	}
	if (mkdir(s->dir, 0700) != 0 && errno != EEXIST) {
		tmp[0] = '\0';
		goto out;
	}
	rc = buf_addf(&out, "Return-Path: <%s>\r\n", c->from);
	for (int i = 0; i < c->nrcpt && rc == K_OK; i++)
		rc = buf_addf(&out, "Delivered-To: <%s>\r\n", c->rcpt[i]);
	if (rc == K_OK)
		rc = buf_add(&out, buf_str(&c->msg), c->msg.len);
	if (rc != K_OK) {
		rc = K_EIO;
		tmp[0] = '\0';
		goto out;
	}
	rc = K_EIO;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		tmp[0] = '\0';
		goto out;
	}
	if (write_all(fd, buf_str(&out), out.len) != 0 || fsync(fd) != 0)
		goto out;
	if (link(tmp, final) != 0) {
		if (errno != EEXIST)
			goto out;
		*dup = true;
	}
	rc = K_OK;
out:
	if (fd >= 0)
		close(fd);
	if (tmp[0])
		unlink(tmp);
	buf_free(&out);
	return rc;
}

/* data_line: one line of DATA (without its line end). */
static bool data_line(struct sim_smtp *s, struct conn *c, const char *line, size_t n, bool over)
{
	if (!over && n == 1 && line[0] == '.') {
		c->state = C_CMD;
		bool ok;
		if (c->msg_over) {
			ok = reply(c, "552 5.3.4 message or line too big\r\n");
		} else {
			bool dup = false;
			if (store(s, c, &dup) != K_OK) {
				ok = reply(c, "451 4.3.0 cannot store the message\r\n");
			} else if (dup) {
				atomic_fetch_add(&s->duplicates, 1);
				ok = reply(c, "250 2.0.0 OK duplicate Message-ID, not stored again\r\n");
			} else {
				atomic_fetch_add(&s->stored, 1);
				ok = reply(c, "250 2.0.0 OK stored\r\n");
			}
		}
		txn_reset(c);
		return ok;
	}
	if (over) {
		c->msg_over = true;
		return true;
	}
	if (n > 0 && line[0] == '.') { /* dot-unstuffing */
		line++;
		n--;
	}
	if (c->msg_over || buf_add(&c->msg, line, n) != K_OK || buf_add(&c->msg, "\r\n", 2) != K_OK)
		c->msg_over = true;
	return true;
}

/* is_cmd: line starts with the verb (case-insensitive) followed by the end
 * or a space. */
static bool is_cmd(const char *line, const char *verb)
{
	size_t n = strlen(verb);
	return strncasecmp(line, verb, n) == 0 && (line[n] == '\0' || line[n] == ' ');
}

/* command: one command line. false = close the connection. */
static bool command(struct sim_smtp *s, struct conn *c, const char *line, bool over)
{
	char addr[SINK_ADDR_MAX];

	if (over)
		return reply(c, "500 5.5.2 line too long\r\n");
	if (is_cmd(line, "EHLO")) {
		txn_reset(c);
		char r[160];
		snprintf(r, sizeof r, "250-kluis-sim-smtp\r\n250-SIZE %d\r\n250-8BITMIME\r\n250 HELP\r\n",
			 SIM_SMTP_MSG_MAX);
		return reply(c, r);
	}
	if (is_cmd(line, "HELO")) {
		txn_reset(c);
		return reply(c, "250 kluis-sim-smtp\r\n");
	}
	if (strncasecmp(line, "MAIL FROM:", 10) == 0) {
		if (c->have_from)
			return reply(c, "503 5.5.1 nested MAIL command\r\n");
		if (!path_arg(line + 10, addr, sizeof addr))
			return reply(c, "501 5.1.7 bad sender address syntax\r\n");
		int n = atomic_load(&s->fail_next);
		while (n > 0 && !atomic_compare_exchange_weak(&s->fail_next, &n, n - 1))
			;
		if (n > 0)
			return reply(c, "451 4.3.0 simulated temporary failure\r\n");
		snprintf(c->from, sizeof c->from, "%s", addr);
		c->have_from = true;
		return reply(c, "250 2.1.0 OK\r\n");
	}
	if (strncasecmp(line, "RCPT TO:", 8) == 0) {
		if (!c->have_from)
			return reply(c, "503 5.5.1 need MAIL first\r\n");
		if (!path_arg(line + 8, addr, sizeof addr) || !addr[0])
			return reply(c, "501 5.1.3 bad recipient address syntax\r\n");
		if (c->nrcpt >= SIM_SMTP_MAX_RCPT)
			return reply(c, "452 4.5.3 too many recipients\r\n");
		snprintf(c->rcpt[c->nrcpt++], SINK_ADDR_MAX, "%s", addr);
		return reply(c, "250 2.1.5 OK\r\n");
	}
	if (is_cmd(line, "DATA")) {
		if (!c->have_from || c->nrcpt == 0)
			return reply(c, "503 5.5.1 need MAIL and RCPT first\r\n");
		c->state = C_DATA;
		buf_reset(&c->msg);
		c->msg_over = false;
		return reply(c, "354 end data with <CR><LF>.<CR><LF>\r\n");
	}
	if (is_cmd(line, "RSET")) {
		txn_reset(c);
		return reply(c, "250 2.0.0 OK\r\n");
	}
	if (is_cmd(line, "NOOP"))
		return reply(c, "250 2.0.0 OK\r\n");
	if (is_cmd(line, "VRFY"))
		return reply(c, "252 2.5.2 cannot verify, will accept\r\n");
	if (is_cmd(line, "HELP"))
		return reply(c, "214 2.0.0 HELO EHLO MAIL RCPT DATA RSET NOOP VRFY QUIT\r\n");
	if (is_cmd(line, "QUIT")) {
		reply(c, "221 2.0.0 bye\r\n");
		return false;
	}
	return reply(c, "502 5.5.2 command not implemented\r\n");
}

/* feed: bytes read from c. false = close the connection. */
static bool feed(struct sim_smtp *s, struct conn *c, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '\n') {
			if (c->linelen < SIM_SMTP_LINE_MAX)
				c->line[c->linelen++] = p[i];
			else
				c->line_over = true;
			continue;
		}
		size_t len = c->linelen;
		if (len > 0 && c->line[len - 1] == '\r')
			len--;
		c->line[len] = '\0';
		bool over = c->line_over, ok;
		c->linelen = 0;
		c->line_over = false;
		if (c->state == C_DATA)
			ok = data_line(s, c, c->line, len, over);
		else
			ok = command(s, c, c->line, over);
		if (!ok)
			return false;
	}
	return true;
}

static void accept_one(struct sim_smtp *s)
{
	int fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	for (int i = 0; i < SIM_SMTP_MAX_CONNS; i++) {
		struct conn *c = &s->conns[i];
		if (c->state != C_FREE)
			continue;
		memset(c, 0, sizeof *c);
		c->fd = fd;
		c->state = C_CMD;
		c->last = time(NULL);
		buf_init(&c->msg, SIM_SMTP_MSG_MAX);
		if (!reply(c, "220 kluis-sim-smtp ESMTP ready\r\n"))
			conn_close(c);
		return;
	}
	static const char busy[] = "421 4.3.2 too many connections\r\n";
	(void)!send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL);
	close(fd);
}

static void *loop(void *arg)
{
	struct sim_smtp *s = arg;
	struct pollfd pfd[SIM_SMTP_MAX_CONNS + 2];
	int idx[SIM_SMTP_MAX_CONNS + 2];
	char chunk[8192];

	for (;;) {
		int n = 0;
		pfd[n++] = (struct pollfd){s->wake[0], POLLIN, 0};
		pfd[n++] = (struct pollfd){s->lfd, POLLIN, 0};
		for (int i = 0; i < SIM_SMTP_MAX_CONNS; i++) {
			if (s->conns[i].state == C_FREE)
				continue;
			idx[n] = i;
			pfd[n++] = (struct pollfd){s->conns[i].fd, POLLIN, 0};
		}
		int r = poll(pfd, (nfds_t)n, 1000);
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0 && pfd[0].revents)
			break;
		time_t now = time(NULL);
		for (int k = 2; k < n; k++) {
			struct conn *c = &s->conns[idx[k]];
			if (!pfd[k].revents) {
				if (now - c->last > SINK_IDLE_SECONDS) {
					reply(c, "421 4.4.2 idle timeout\r\n");
					conn_close(c);
				}
				continue;
			}
			ssize_t got = read(c->fd, chunk, sizeof chunk);
			if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
				continue;
			c->last = now;
			if (got <= 0 || !feed(s, c, chunk, (size_t)got))
				conn_close(c);
		}
		if (r > 0 && pfd[1].revents)
			accept_one(s);
	}
	return NULL;
}

/* split_listen: "host:port" / "[v6]:port" into host and port. */
static int split_listen(const char *where, char *host, size_t hostlen, char *port, size_t portlen)
{
	const char *colon;
	const char *h = where;
	size_t hn;
	if (!where || !where[0])
		return K_EINVAL;
	if (where[0] == '[') {
		const char *rb = strchr(where, ']');
		if (!rb || rb[1] != ':')
			return K_EINVAL;
		h = where + 1;
		hn = (size_t)(rb - h);
		colon = rb + 1;
	} else {
		colon = strrchr(where, ':');
		if (!colon)
			return K_EINVAL;
		hn = (size_t)(colon - where);
	}
	size_t pn = strlen(colon + 1);
	if (hn == 0 || hn >= hostlen || pn == 0 || pn >= portlen || strspn(colon + 1, "0123456789") != pn)
		return K_EINVAL;
	memcpy(host, h, hn);
	host[hn] = '\0';
	memcpy(port, colon + 1, pn + 1);
	return K_OK;
}

int sim_smtp_start(const char *where, const char *dir, int *port, struct sim_smtp **out)
{
	char host[256], portstr[16];
	struct addrinfo hints = {0}, *res = NULL;
	struct sim_smtp *s = NULL;
	int rc;

	*out = NULL;
	if (split_listen(where, host, sizeof host, portstr, sizeof portstr) != K_OK || !dir || !dir[0] ||
	    strlen(dir) >= SINK_DIR_MAX)
		return K_EINVAL;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return K_EINVAL;
	s = xcalloc(1, sizeof *s);
	s->lfd = s->wake[0] = s->wake[1] = -1;
	snprintf(s->dir, sizeof s->dir, "%s", dir);
	for (int i = 0; i < SIM_SMTP_MAX_CONNS; i++)
		s->conns[i].fd = -1;

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = K_EIO;
	if (getaddrinfo(host, portstr, &hints, &res) != 0)
		goto fail;
	for (struct addrinfo *a = res; a; a = a->ai_next) {
		int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0)
			continue;
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 16) == 0) {
			s->lfd = fd;
			break;
		}
		close(fd);
	}
	if (s->lfd < 0)
		goto fail;
	if (port) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		if (getsockname(s->lfd, (struct sockaddr *)&ss, &sl) != 0)
			goto fail;
		*port = ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
						 : ntohs(((struct sockaddr_in *)&ss)->sin_port);
	}
	if (pipe2(s->wake, O_CLOEXEC | O_NONBLOCK) != 0)
		goto fail;
	if (pthread_create(&s->thread, NULL, loop, s) != 0)
		goto fail;
	freeaddrinfo(res);
	*out = s;
	return K_OK;
fail:
	if (res)
		freeaddrinfo(res);
	if (s->lfd >= 0)
		close(s->lfd);
	if (s->wake[0] >= 0)
		close(s->wake[0]);
	if (s->wake[1] >= 0)
		close(s->wake[1]);
	free(s);
	return rc;
}

void sim_smtp_stop(struct sim_smtp *s)
{
	if (!s)
		return;
	(void)!write(s->wake[1], "x", 1);
	pthread_join(s->thread, NULL);
	for (int i = 0; i < SIM_SMTP_MAX_CONNS; i++)
		conn_close(&s->conns[i]);
	close(s->lfd);
	close(s->wake[0]);
	close(s->wake[1]);
	free(s);
}

void sim_smtp_fail_next(struct sim_smtp *s, int n)
{
	atomic_store(&s->fail_next, n > 0 ? n : 0);
}

void sim_smtp_counts(struct sim_smtp *s, long *stored, long *duplicates)
{
	if (stored)
		*stored = atomic_load(&s->stored);
	if (duplicates)
		*duplicates = atomic_load(&s->duplicates);
}
