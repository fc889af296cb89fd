/* Building one outgoing message as RFC 5322 + MIME text: RFC 2047 header
 * words, quoted-printable bodies, the mixed/alternative structure, the
 * key-derived Message-ID. Shared by the SMTP and the file transport, so
 * what the tests read from a .eml file is what goes over the wire. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "adapters/mail.h"
#include "util/err.h"

#define HDR_PLAIN_MAX 900   /* longest header value left as plain ASCII */
#define PHRASE_PLAIN_MAX 200 /* longest display name sent as a quoted-string */
#define WORD_RAW_MAX 45     /* bytes per encoded word: 60 base64 chars + 12 = 72 <= 75 */
#define WORD_LINE_MAX 76    /* RFC 2047: a line holding encoded words */
#define QP_LINE_MAX 76      /* RFC 2045: encoded line incl. a soft-break '=' */

static const char hexdig[] = "0123456789ABCDEF";
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* buf_rollback: undo appends back to len (the content stays NUL-terminated). */
static void buf_rollback(struct buf *b, size_t len)
{
	if (b->len > len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

/* utf8_len: length of the valid UTF-8 sequence at s (n bytes left), or 0 if
 * it is not one (overlong, surrogate, > U+10FFFF, truncated). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	uint32_t cp, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, cp = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, cp = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* utf8_valid: all n bytes are valid UTF-8. */
static bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t l = utf8_len(p + i, n - i);
		if (l == 0)
			return false;
		i += l;
	}
	return true;
}

int mail_utf8_ok(const char *s, size_t n)
{
	return s && utf8_valid(s, n);
}

/* header_text_ok: a header value candidate: no CR/LF, valid UTF-8. */
static bool header_text_ok(const char *s)
{
	if (!s)
		return true;
	if (strpbrk(s, "\r\n"))
		return false;
	return utf8_valid(s, strlen(s));
}

/* add_b64: base64 (RFC 4648, padded) of n bytes. */
static int add_b64(struct buf *out, const unsigned char *p, size_t n)
{
	int rc = K_OK;
	for (size_t i = 0; i < n && rc == K_OK; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char q[4] = {b64[(v >> 18) & 63], b64[(v >> 12) & 63], i + 1 < n ? b64[(v >> 6) & 63] : '=',
			     i + 2 < n ? b64[v & 63] : '='};
		rc = buf_add(out, q, 4);
	}
	return rc;
}

/* line_col: bytes on the current (last) line of out. */
static size_t line_col(const struct buf *out)
{
	const char *d = buf_str(out);
	const char *nl = out->len ? memrchr(d, '\n', out->len) : NULL;
	return nl ? out->len - (size_t)(nl + 1 - d) : out->len;
}

/* add_encoded_words: s as RFC 2047 B words of whole characters, folded with
 * CRLF SP so that no line holding a word is over WORD_LINE_MAX characters,
 * counting what out's current line already holds ("Subject: "). */
static int add_encoded_words(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, col = line_col(out);
	int rc = K_OK;
	while (i < n && rc == K_OK) {
		/* raw bytes that fit: base64 in whole quads after the 12 fixed chars */
		size_t room = col + 12 < WORD_LINE_MAX ? (WORD_LINE_MAX - col - 12) / 4 * 3 : 0;
		if (room > WORD_RAW_MAX)
			room = WORD_RAW_MAX;
		size_t start = i;
		while (i < n) {
			size_t l = utf8_len(p + i, n - i);
			if (l == 0)
				return K_EINVAL; /* checked by the caller; defensive */
			if (i - start + l > room)
				break;
			i += l;
		}
		if (i == start) { /* not even one character fits here: fold first */
			if (col <= 1)
				return K_EINVAL; /* cannot happen: 1 + 12 + 8 < 76 */
			rc = buf_add(out, "\r\n ", 3);
			col = 1;
			continue;
		}
		rc = buf_adds(out, "=?UTF-8?B?");
		if (rc == K_OK)
			rc = add_b64(out, p + start, i - start);
		if (rc == K_OK)
			rc = buf_adds(out, "?=");
		col += 12 + (i - start + 2) / 3 * 4;
		if (rc == K_OK && i < n) {
			rc = buf_add(out, "\r\n ", 3);
			col = 1;
		}
	}
	return rc;
}

/* plain_ascii: printable ASCII, no "=?" (could be read as an encoded word),
 * at most max bytes. */
static bool plain_ascii(const char *s, size_t max)
{
	size_t n = 0;
	for (const char *c = s; *c; c++, n++) {
		if (*c < 0x20 || *c > 0x7E)
			return false;
		if (c[0] == '=' && c[1] == '?')
			return false;
	}
	return n <= max;
}

int mail_encode_header(const char *utf8, struct buf *out)
{
	if (!utf8 || !header_text_ok(utf8))
		return K_EINVAL;
	size_t mark = out->len;
	int rc;
	if (plain_ascii(utf8, HDR_PLAIN_MAX))
		rc = buf_adds(out, utf8);
	else
		rc = add_encoded_words(out, utf8, strlen(utf8));
	if (rc != K_OK)
		buf_rollback(out, mark);
	return rc;
}

/* add_phrase: a display name: a quoted-string when short printable ASCII,
 * else encoded words. */
static int add_phrase(struct buf *out, const char *name, size_t n)
{
	bool plain = n <= PHRASE_PLAIN_MAX;
	for (size_t i = 0; i < n && plain; i++) {
		if (name[i] < 0x20 || name[i] > 0x7E || (name[i] == '=' && i + 1 < n && name[i + 1] == '?'))
			plain = false;
	}
	if (!plain)
		return add_encoded_words(out, name, n);
	int rc = buf_addc(out, '"');
	for (size_t i = 0; i < n && rc == K_OK; i++) {
		if (name[i] == '"' || name[i] == '\\')
			rc = buf_addc(out, '\\');
		if (rc == K_OK)
			rc = buf_addc(out, name[i]);
	}
	if (rc == K_OK)
		rc = buf_addc(out, '"');
	return rc;
}

int mail_addr_ok(const char *addr)
{
	if (!addr)
		return 0;
	size_t n = strlen(addr), at = 0, ats = 0;
	if (n < 3 || n > MAIL_ADDR_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)addr[i];
		if (c <= 0x20 || c >= 0x7F || strchr("<>()[],;:\"\\", c))
			return 0;
		if (c == '@') {
			at = i;
			ats++;
		}
	}
	if (ats != 1 || at == 0 || at > 64 || at == n - 1)
		return 0;
	if (addr[at + 1] == '.' || addr[n - 1] == '.')
		return 0;
	return 1;
}

int mail_file_name(const char *key, char *out, size_t outlen)
{
	if (!key || !key[0] || strlen(key) > MAIL_KEY_MAX || outlen == 0)
		return K_EINVAL;
	struct buf b;
	buf_init(&b, outlen - 1);
	int rc = K_OK;
	for (const unsigned char *p = (const unsigned char *)key; *p && rc == K_OK; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
			rc = buf_addc(&b, (char)*p);
		else if (*p == ':')
			rc = buf_addc(&b, '-');
		else
			rc = buf_addf(&b, "_%02x", *p);
	}
	if (rc == K_OK)
		rc = buf_adds(&b, ".eml");
	if (rc == K_OK)
		snprintf(out, outlen, "%s", buf_str(&b));
	else
		out[0] = '\0';
	buf_free(&b);
	return rc == K_OK ? K_OK : K_EINVAL;
}

/* A parsed sender "Name <addr>" or "addr". */
struct sender {
	char name[CONFIG_STR_MAX];
	char addr[MAIL_ADDR_MAX + 1];
};

/* parse_sender: split s; K_EINVAL if the address is not acceptable or the
 * name has CR/LF or invalid UTF-8. */
static int parse_sender(const char *s, struct sender *out)
{
	out->name[0] = out->addr[0] = '\0';
	if (!s || !header_text_ok(s))
		return K_EINVAL;
	const char *lt = strrchr(s, '<');
	if (!lt) {
		while (*s == ' ' || *s == '\t')
			s++;
		size_t n = strlen(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n > MAIL_ADDR_MAX)
			return K_EINVAL;
		memcpy(out->addr, s, n);
		out->addr[n] = '\0';
		return mail_addr_ok(out->addr) ? K_OK : K_EINVAL;
	}
	const char *gt = strchr(lt, '>');
	if (!gt || (size_t)(gt - lt - 1) > MAIL_ADDR_MAX)
		return K_EINVAL;
	for (const char *c = gt + 1; *c; c++)
		if (*c != ' ' && *c != '\t')
			return K_EINVAL;
	memcpy(out->addr, lt + 1, (size_t)(gt - lt - 1));
	out->addr[gt - lt - 1] = '\0';
	if (!mail_addr_ok(out->addr))
		return K_EINVAL;
	/* name: trimmed, surrounding quotes removed, \x unescaped */
	const char *a = s, *z = lt;
	while (a < z && (*a == ' ' || *a == '\t'))
		a++;
	while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
		z--;
	if (z - a >= 2 && *a == '"' && z[-1] == '"')
		a++, z--;
	size_t o = 0;
	for (const char *c = a; c < z && o + 1 < sizeof out->name; c++) {
		if (*c == '\\' && c + 1 < z)
			c++;
		out->name[o++] = *c;
	}
	out->name[o] = '\0';
	/* a cut inside a UTF-8 character or an escape would leave junk */
	return utf8_valid(out->name, o) ? K_OK : K_EINVAL;
}

/* add_address_header: "Name: "phrase" <addr>" or "Name: addr" + CRLF. */
static int add_address_header(struct buf *out, const char *hdr, const char *name, const char *addr)
{
	int rc = buf_addf(out, "%s: ", hdr);
	if (rc == K_OK && name && name[0]) {
		rc = add_phrase(out, name, strlen(name));
		/* keep lines with encoded words within 76 characters */
		if (rc == K_OK && line_col(out) + strlen(addr) + 3 > WORD_LINE_MAX)
			rc = buf_add(out, "\r\n", 2);
		if (rc == K_OK)
			rc = buf_addf(out, " <%s>\r\n", addr);
	} else if (rc == K_OK) {
		rc = buf_addf(out, "%s\r\n", addr);
	}
	return rc;
}

/* add_date: "Date: Tue, 05 Mar 2024 09:30:00 +0000" + CRLF, locale-free. */
static int add_date(struct buf *out, long long now)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)now;
	struct tm tm;
	if (now < 0 || now > 253402300799LL || !gmtime_r(&t, &tm))
		return K_EINVAL;
	return buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
			months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* message_id_hex: hex(SHA-256(sender address "\n" key)), 64 chars. The
 * sender is mixed in so two installations' "outbox:42" differ. */
static void message_id_hex(const char *from_addr, const char *key, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)from_addr, strlen(from_addr));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)key, strlen(key));
	crypto_hash_sha256_final(&st, h);
	for (size_t i = 0; i < sizeof h; i++) {
		hex[2 * i] = "0123456789abcdef"[h[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[h[i] & 15];
	}
	hex[64] = '\0';
}

/* add_message_id: "Message-ID: <hex@domain>" with the sender's domain
 * (letters, digits, '.', '-' only; "kluis" if nothing is left). */
static int add_message_id(struct buf *out, const char *from_addr, const char *key)
{
	char hex[65], dom[MAIL_ADDR_MAX + 1];
	size_t o = 0;
	message_id_hex(from_addr, key, hex);
	const char *at = strchr(from_addr, '@');
	for (const char *c = at ? at + 1 : ""; *c && o + 1 < sizeof dom; c++)
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '.' ||
		    *c == '-')
			dom[o++] = *c;
	dom[o] = '\0';
	return buf_addf(out, "Message-ID: <%s@%s>\r\n", hex, o ? dom : "kluis");
}

/* qp_token: the encoding of byte c at column col (next = following byte or
 * -1 at a line end / the end). */
static size_t qp_token(unsigned char c, size_t col, int next_is_eol, char tok[4])
{
	bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !next_is_eol);
	if (c == '.' && col == 0)
		literal = false; /* never rely on SMTP dot-stuffing */
	if (literal) {
		tok[0] = (char)c;
		return 1;
	}
	tok[0] = '=';
	tok[1] = hexdig[c >> 4];
	tok[2] = hexdig[c & 15];
	return 3;
}

/* add_qp: s as quoted-printable with CRLF line ends (LF or CRLF in s is a
 * line break), lines at most QP_LINE_MAX. Ends with CRLF (also when empty,
 * so the boundary delimiter after it has its own CRLF). */
static int add_qp(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t col = 0;
	int rc = K_OK;
	for (size_t i = 0; i < n && rc == K_OK; i++) {
		if (p[i] == '\n' || (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')) {
			if (p[i] == '\r')
				i++;
			rc = buf_add(out, "\r\n", 2);
			col = 0;
			continue;
		}
		int eol = i + 1 >= n || p[i + 1] == '\n' || (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n');
		char tok[4];
		size_t tl = qp_token(p[i], col, eol, tok);
		/* room for the token plus a soft-break '=' unless a line end follows */
		if (col + tl > (eol ? QP_LINE_MAX : QP_LINE_MAX - 1)) {
			rc = buf_add(out, "=\r\n", 3);
			col = 0;
			tl = qp_token(p[i], col, eol, tok);
		}
		if (rc == K_OK)
			rc = buf_add(out, tok, tl);
		col += tl;
	}
	if (rc == K_OK && (col > 0 || n == 0))
		rc = buf_add(out, "\r\n", 2);
	return rc;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int mail_qp_decode(const char *qp, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)qp;
	size_t mark = out->len;
	int rc = K_OK;
	for (size_t i = 0; i < len && rc == K_OK; i++) {
		if (p[i] != '=') {
			rc = buf_addc(out, (char)p[i]);
			continue;
		}
		if (i + 1 < len && p[i + 1] == '\n') {
			i += 1;
		} else if (i + 2 < len && p[i + 1] == '\r' && p[i + 2] == '\n') {
			i += 2;
		} else if (i + 2 < len && hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
			rc = buf_addc(out, (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2])));
			i += 2;
		} else {
			rc = buf_addc(out, '=');
		}
	}
	if (rc != K_OK)
		buf_rollback(out, mark);
	return rc;
}

/* body_ok: valid UTF-8 of at most MAIL_BODY_MAX bytes. */
static bool body_ok(const char *s)
{
	size_t n = strlen(s);
	return n <= MAIL_BODY_MAX && utf8_valid(s, n);
}

/* add_part: one text part of the alternative. */
static int add_part(struct buf *out, const char *boundary, const char *type, const char *body)
{
	int rc = buf_addf(out,
			  "--%s\r\n"
			  "Content-Type: %s; charset=UTF-8\r\n"
			  "Content-Transfer-Encoding: quoted-printable\r\n"
			  "\r\n",
			  boundary, type);
	if (rc == K_OK)
		rc = add_qp(out, body, strlen(body));
	return rc;
}

/* key_ok: 1..MAIL_KEY_MAX printable ASCII bytes without spaces. */
static bool key_ok(const char *key)
{
	if (!key || !key[0] || strlen(key) > MAIL_KEY_MAX)
		return false;
	for (const char *c = key; *c; c++)
		if (*c <= 0x20 || *c >= 0x7F)
			return false;
	return true;
}

int mail_build_eml(const struct config *cfg, const struct mail_msg *m, long long now, struct buf *out)
{
	struct sender from;
	char hex[65], mix[40], alt[40];
	const char *subject, *text;
	size_t mark = out->len;
	int rc = K_EINVAL;

	if (!cfg || !m || !key_ok(m->key) || !mail_addr_ok(m->to))
		goto out;
	subject = m->subject ? m->subject : "";
	text = m->text ? m->text : "";
	if (!header_text_ok(m->to_name) || !header_text_ok(subject) || !body_ok(text) ||
	    (m->html && !body_ok(m->html)))
		goto out;
	if (parse_sender(m->from ? m->from : cfg->mail_from, &from) != K_OK)
		goto out;

	/* boundaries start with "=_", which quoted-printable never produces */
	message_id_hex(from.addr, m->key, hex);
	snprintf(mix, sizeof mix, "=_kluis_mix_%.24s", hex);
	snprintf(alt, sizeof alt, "=_kluis_alt_%.24s", hex);

	rc = add_address_header(out, "From", from.name, from.addr);
	if (rc == K_OK)
		rc = add_address_header(out, "To", m->to_name, m->to);
	if (rc == K_OK)
		rc = buf_adds(out, "Subject: ");
	if (rc == K_OK)
		rc = mail_encode_header(subject, out);
	if (rc == K_OK)
		rc = buf_adds(out, "\r\n");
	if (rc == K_OK)
		rc = add_date(out, now);
	if (rc == K_OK)
		rc = add_message_id(out, from.addr, m->key);
	if (rc == K_OK)
		rc = buf_addf(out,
			      "MIME-Version: 1.0\r\n"
			      "Auto-Submitted: auto-generated\r\n"
			      "Content-Type: multipart/mixed; boundary=\"%s\"\r\n"
			      "\r\n"
			      "This is a multi-part message in MIME format.\r\n"
			      "--%s\r\n"
			      "Content-Type: multipart/alternative; boundary=\"%s\"\r\n"
			      "\r\n",
			      mix, mix, alt);
	if (rc == K_OK)
		rc = add_part(out, alt, "text/plain", text);
	if (rc == K_OK && m->html)
		rc = add_part(out, alt, "text/html", m->html);
	if (rc == K_OK)
		rc = buf_addf(out, "--%s--\r\n--%s--\r\n", alt, mix);
out:
	if (rc != K_OK)
		buf_rollback(out, mark);
	return rc;
}
