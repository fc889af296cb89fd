#ifndef KLUIS_ADAPTERS_MAIL_H
#define KLUIS_ADAPTERS_MAIL_H
#include <stddef.h>
#include "util/buf.h"
#include "util/config.h"

/* Outgoing e-mail. One message is built as one RFC 5322 text by
 * mail_build_eml (mail_mime.c) and either uploaded over SMTP (libcurl) or
 * written as a .eml file; both transports send the very same bytes:
 *
 *   multipart/mixed
 *     multipart/alternative
 *       text/plain; charset=UTF-8   (quoted-printable)
 *       text/html;  charset=UTF-8   (quoted-printable; left out if html NULL)
 *
 * Headers: From (cfg->mail_from or m->from), To, Subject (RFC 2047 B words
 * when not plain ASCII), Date, Message-ID derived from m->key (the outbox
 * idempotency key, so a resend after a crash carries the same Message-ID),
 * MIME-Version, Auto-Submitted. Every line is CRLF-terminated and at most
 * 998 bytes; bodies are UTF-8. */

#define MAIL_ADDR_MAX 254         /* RFC 5321 path limit */
#define MAIL_KEY_MAX 64           /* idempotency key bytes */
#define MAIL_BODY_MAX (1024 * 1024) /* text or html part, bytes */
#define MAIL_EML_MAX (8 * 1024 * 1024)
#define MAIL_CONNECT_TIMEOUT_S 10
#define MAIL_TIMEOUT_S 30

struct mail_msg {
	const char *to;      /* addr-spec "jan@example.nl" (ASCII) */
	const char *to_name; /* display name (UTF-8), may be NULL or "" */
	const char *subject; /* UTF-8, one line */
	const char *text;    /* text/plain body (UTF-8) */
	const char *html;    /* text/html body (UTF-8), may be NULL */
	const char *key;     /* idempotency key, e.g. "outbox:42" (1..MAIL_KEY_MAX bytes) */
	const char *from;    /* optional sender "Name <addr>" overriding cfg->mail_from
				(per-firm sender); NULL = cfg->mail_from */
};

/* mail_send: deliver m through cfg->mail_transport:
 *   "smtp://host:port" / "smtps://host:port" (user:password@ in the URL for
 *       SMTP AUTH): libcurl, MAIL FROM = address of the sender, RCPT TO = m->to,
 *       STARTTLS when offered (smtp://), connect timeout 10 s, total 30 s.
 *   "file:///dir": the message as dir/<name>.eml, name from the key
 *       ("outbox:42" -> "outbox-42.eml"), written to a temp file, fsynced and
 *       linked into place; when the file for that key already exists nothing
 *       is written (K_OK: it was sent before).
 * Returns K_OK; K_EINVAL (transport unset or unknown, bad address, CR/LF in
 * to/to_name/subject/from, invalid UTF-8, missing key), K_ETOOBIG, or K_EIO
 * (server down or refusing, disk error) — the outbox retries those. A short
 * reason without personal data is written to err. */
int mail_send(const struct config *cfg, const struct mail_msg *m, char *err, size_t errlen);

/* mail_build_eml: the whole message (headers + MIME body) for m, with Date
 * from now (Unix seconds), appended to out. Either all of it is appended or
 * nothing. K_OK, K_EINVAL (as for mail_send), K_ETOOBIG (out's max). */
int mail_build_eml(const struct config *cfg, const struct mail_msg *m, long long now, struct buf *out);

/* mail_encode_header: a header value for utf8 appended to out: unchanged when
 * it is printable ASCII (and neither contains "=?" nor is longer than 900
 * bytes); otherwise RFC 2047 encoded words "=?UTF-8?B?...?=" (at most 75
 * characters each, never splitting a UTF-8 character) separated by CRLF SP
 * (folding) so that no line holding a word is over 76 characters — the
 * bytes already on out's last line count, so append "Subject: " first and
 * the first word is shortened to fit. K_OK; K_EINVAL for NULL, CR, LF or
 * invalid UTF-8; K_ETOOBIG (out's max). On error out is unchanged. */
int mail_encode_header(const char *utf8, struct buf *out);

/* mail_qp_decode: decode quoted-printable text (soft breaks "=\r\n" or
 * "=\n" removed, =XX decoded, anything else copied) appended to out. For
 * tests and the demo mail viewer. K_OK or K_ETOOBIG. */
int mail_qp_decode(const char *qp, size_t len, struct buf *out);

/* mail_utf8_ok: the n bytes of s are valid UTF-8 (no overlongs, surrogates
 * or code points over U+10FFFF). */
int mail_utf8_ok(const char *s, size_t n);

/* mail_addr_ok: addr is a plain ASCII addr-spec local@domain of at most
 * MAIL_ADDR_MAX bytes without spaces, controls or <>()[],;:"\ characters. */
int mail_addr_ok(const char *addr);

/* mail_file_name: the .eml file name for key ("outbox:42" ->
 * "outbox-42.eml"; letters and digits kept, ':' -> '-', every other byte
 * "_XX" hex, so different keys never share a name) into out. K_OK, or
 * K_EINVAL for an empty key or one over MAIL_KEY_MAX bytes. */
int mail_file_name(const char *key, char *out, size_t outlen);

#endif
