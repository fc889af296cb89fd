/* libFuzzer target for the mail builder (adapters/mail_mime.c):
 *   - mail_encode_header on the input (alone and after "Subject: "): K_OK or
 *     K_EINVAL; on K_OK plain ASCII is unchanged, otherwise the encoded
 *     words decode back to the input and every line is <= 76 characters;
 *   - mail_build_eml with the input split at NUL bytes into subject,
 *     to_name, text, html, to, key, from: K_OK or K_EINVAL; on K_OK every
 *     line ends in CRLF and is <= 998 bytes, quoted-printable lines <= 76,
 *     and the text part decodes back to the text;
 *   - mail_qp_decode and mail_file_name on the raw bytes.
 * Must never crash or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "adapters/mail.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/err.h"

#define FIELDS 7

static struct config fuzz_cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (sodium_init() < 0)
		abort();
	config_defaults(&fuzz_cfg);
	return 0;
}

/* check_lines: CRLF line ends only, no line over max bytes. */
static void check_lines(const char *s, size_t n, size_t max)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			if (i + 1 >= n || s[i + 1] != '\n')
				abort(); /* bare CR */
			i++;
			col = 0;
			continue;
		}
		if (s[i] == '\n' || s[i] == '\0')
			abort(); /* bare LF or NUL */
		if (++col > max)
			abort();
	}
}

static int b64val(char c)
{
	const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;
	return p ? (int)(p - a) : -1;
}

/* decode_words: the concatenated bytes of "=?UTF-8?B?...?=" words separated
 * by CRLF SP; aborts on anything else. */
static void decode_words(const char *s, struct buf *out)
{
	while (*s) {
		if (strncmp(s, "=?UTF-8?B?", 10) != 0)
			abort();
		const char *e = strstr(s + 10, "?=");
		if (!e || e - s > 75 || (e - s - 10) % 4 != 0)
			abort();
		for (const char *q = s + 10; q < e; q += 4) {
			int v[4];
			for (int k = 0; k < 4; k++)
				v[k] = q[k] == '=' ? 0 : b64val(q[k]);
			if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0)
				abort();
			uint32_t w = (uint32_t)(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
			unsigned char bytes[3] = {(unsigned char)(w >> 16), (unsigned char)(w >> 8), (unsigned char)w};
			size_t nb = q[2] == '=' ? 1 : q[3] == '=' ? 2 : 3;
			if (buf_add(out, bytes, nb) != K_OK)
				abort();
		}
		s = e + 2;
		if (*s) {
			if (strncmp(s, "\r\n ", 3) != 0)
				abort();
			s += 3;
		}
	}
}

static void fuzz_header(const char *str, const char *prefix)
{
	struct buf out, dec;
	buf_init(&out, 1 << 20);
	buf_init(&dec, 1 << 20);
	if (buf_adds(&out, prefix) != K_OK)
		abort();
	size_t plen = out.len;
	int rc = mail_encode_header(str, &out);
	if (rc == K_EINVAL) {
		if (out.len != plen)
			abort();
		goto out;
	}
	if (rc != K_OK)
		abort();
	check_lines(buf_str(&out), out.len, 998);
	const char *v = buf_str(&out) + plen;
	if (strcmp(v, str) != 0) {
		/* encoded: words, lines <= 76, decoding gives the input back */
		check_lines(buf_str(&out), out.len, 76);
		decode_words(v, &dec);
		if (strcmp(buf_str(&dec), str) != 0)
			abort();
	} else {
		for (const char *c = str; *c; c++)
			if (*c < 0x20 || *c > 0x7E)
				abort();
	}
out:
	buf_free(&out);
	buf_free(&dec);
}

/* text_roundtrip: the text/plain part of eml decodes to text with LF as
 * CRLF (the final line end belongs to the boundary delimiter). */
static void text_roundtrip(const char *eml, const char *text)
{
	const char *h = strstr(eml, "Content-Type: text/plain; charset=UTF-8\r\n"
				    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	if (!h)
		abort();
	const char *body = strchr(h, '\n');
	body = strstr(body, "\r\n\r\n") + 4;
	const char *end = strstr(body, "\r\n--=_kluis_alt_");
	if (!end)
		abort();
	check_lines(body, (size_t)(end - body), 76);
	struct buf dec, want;
	buf_init(&dec, MAIL_EML_MAX);
	buf_init(&want, MAIL_EML_MAX);
	if (mail_qp_decode(body, (size_t)(end - body), &dec) != K_OK)
		abort();
	for (const char *c = text; *c; c++) {
		if (*c == '\n' && (c == text || c[-1] != '\r'))
			buf_addc(&want, '\r');
		buf_addc(&want, *c);
	}
	if (want.len >= 2 && want.data[want.len - 2] == '\r' && want.data[want.len - 1] == '\n')
		want.len -= 2, want.data[want.len] = '\0';
	if (dec.len != want.len || memcmp(buf_str(&dec), buf_str(&want), dec.len) != 0)
		abort();
	buf_free(&dec);
	buf_free(&want);
}

static void fuzz_eml(const uint8_t *data, size_t size)
{
	/* split into NUL-separated fields (copied, NUL-terminated) */
	char *copy = malloc(size + 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	const char *f[FIELDS] = {NULL};
	size_t nf = 0;
	for (char *p = copy; nf < FIELDS && p <= copy + size; p += strlen(p) + 1)
		f[nf++] = p;
	struct mail_msg m = {
		.subject = f[0],
		.to_name = f[1],
		.text = f[2],
		.html = f[3],
		.to = f[4] ? f[4] : "jan@example.nl",
		.key = f[5] ? f[5] : "outbox:1",
		.from = f[6],
	};
	struct buf out;
	buf_init(&out, MAIL_EML_MAX);
	int rc = mail_build_eml(&fuzz_cfg, &m, 1700000000, &out);
	if (rc != K_OK && rc != K_EINVAL)
		abort();
	if (rc != K_OK && out.len != 0)
		abort();
	if (rc == K_OK) {
		check_lines(buf_str(&out), out.len, 998);
		if (out.len < 4 || memcmp(buf_str(&out) + out.len - 4, "--\r\n", 4) != 0)
			abort();
		text_roundtrip(buf_str(&out), m.text ? m.text : "");
	}
	buf_free(&out);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *str = malloc(size + 1);
	if (!str)
		abort();
	memcpy(str, data, size);
	str[size] = '\0'; /* stops at the first NUL of the input */
	fuzz_header(str, "");
	fuzz_header(str, "Subject: ");

	struct buf qp;
	buf_init(&qp, 1 << 20);
	if (mail_qp_decode((const char *)data, size, &qp) != K_OK || qp.len > size)
		abort();
	buf_free(&qp);

	char name[3 * MAIL_KEY_MAX + 8];
	if (mail_file_name(str, name, sizeof name) == K_OK && (strchr(name, '/') || name[0] == '.'))
		abort();
	(void)mail_addr_ok(str);
	free(str);

	fuzz_eml(data, size);
	return 0;
}
