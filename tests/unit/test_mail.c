/* Unit tests: outgoing mail (adapters/mail.h), the SMTP stand-in
 * (sim/smtp_sink.h), mail templates and the "mail.send" outbox handler
 * (core/notify.h): RFC 2047 headers, no header injection, the MIME
 * structure, Message-ID from the idempotency key, the file and SMTP
 * transports sending nothing twice, a down server as K_EIO, firm template
 * overrides with fallback. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>
#include "adapters/mail.h"
#include "core/notify.h"
#include "core/outbox.h"
#include "sim/smtp_sink.h"
#include "store/db.h"
#include "store/outbox_store.h"
#include "testutil.h"
#include "util/err.h"

static const char subject_nl[] = "Uw kluis is klaar \xE2\x80\x94 welkom"; /* em dash */

/* ---- helpers ---------------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct buf b;
	buf_init(&b, 64 * 1024 * 1024);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(buf_add(&b, chunk, n), K_OK);
	fclose(f);
	return buf_steal(&b);
}

static void spit(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

/* count_entries: files in dir ending in suffix ("" = every entry but . and ..);
 * the last match's name goes to last (may be NULL). */
static int count_entries(const char *dir, const char *suffix, char *last, size_t lastlen)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	size_t sl = strlen(suffix);
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		size_t nl = strlen(e->d_name);
		if (nl < sl || strcmp(e->d_name + nl - sl, suffix) != 0)
			continue;
		n++;
		if (last)
			snprintf(last, lastlen, "%s", e->d_name);
	}
	closedir(d);
	return n;
}

static void make_tmpdir(char *out, size_t outlen)
{
	snprintf(out, outlen, "/tmp/kluis-mail-XXXXXX");
	assert_non_null(mkdtemp(out));
}

/* b64_decode: standard base64 (for checking encoded words). */
static size_t b64_decode(const char *in, size_t n, unsigned char *out, size_t outmax)
{
	size_t bin = 0;
	assert_int_equal(sodium_base642bin(out, outmax, in, n, NULL, &bin, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	return bin;
}

/* decode_header: join the encoded words of an RFC 2047 value (as written by
 * mail_encode_header), checking each word's length and that each holds
 * whole UTF-8 characters. */
static void decode_header(const char *v, struct buf *out)
{
	const char *p = v;
	while (*p) {
		assert_memory_equal(p, "=?UTF-8?B?", 10);
		const char *end = strstr(p + 10, "?=");
		assert_non_null(end);
		size_t wl = (size_t)(end + 2 - p);
		assert_true(wl <= 75);
		unsigned char bin[64];
		size_t n = b64_decode(p + 10, (size_t)(end - p - 10), bin, sizeof bin);
		assert_true(mail_utf8_ok((const char *)bin, n));
		assert_int_equal(buf_add(out, bin, n), K_OK);
		p = end + 2;
		if (*p) {
			assert_memory_equal(p, "\r\n ", 3);
			p += 3;
		}
	}
}

static void assert_lines_le(const char *s, size_t max)
{
	const char *p = s;
	while (*p) {
		const char *nl = strstr(p, "\r\n");
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > max)
			fail_msg("line of %zu bytes: %.60s...", n, p);
		assert_null(memchr(p, '\n', n)); /* no bare LF */
		p = nl ? nl + 2 : p + n;
	}
}

/* header_value: the value of the first header called name (before the
 * blank line), unfolded as written (CRLF SP kept), malloc'd. */
static char *header_value(const char *eml, const char *name)
{
	const char *hend = strstr(eml, "\r\n\r\n");
	assert_non_null(hend);
	size_t nl = strlen(name);
	for (const char *p = eml; p < hend;) {
		if (strncmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			const char *e = v;
			while (e < hend && !(e[0] == '\r' && e[1] == '\n' && e[2] != ' ' && e[2] != '\t'))
				e++;
			return strndup(v, (size_t)(e - v));
		}
		p = strstr(p, "\r\n") + 2;
	}
	return NULL;
}

/* boundary_of: the boundary="..." parameter in s, malloc'd. */
static char *boundary_of(const char *s)
{
	const char *b = strstr(s, "boundary=\"");
	assert_non_null(b);
	b += 10;
	const char *e = strchr(b, '"');
	assert_non_null(e);
	return strndup(b, (size_t)(e - b));
}

/* part_body: the decoded body of the part with Content-Type type inside the
 * multipart delimited by boundary, malloc'd (NULL if absent). */
static char *part_body(const char *eml, const char *boundary, const char *type)
{
	char delim[128];
	snprintf(delim, sizeof delim, "--%s\r\n", boundary);
	for (const char *p = strstr(eml, delim); p; p = strstr(p + 1, delim)) {
		const char *h = p + strlen(delim);
		const char *hend = strstr(h, "\r\n\r\n");
		assert_non_null(hend);
		char want[128];
		snprintf(want, sizeof want, "Content-Type: %s; charset=UTF-8\r\n", type);
		if (strncmp(h, want, strlen(want)) != 0)
			continue;
		assert_non_null(strstr(h, "Content-Transfer-Encoding: quoted-printable\r\n"));
		const char *body = hend + 4;
		char next[128];
		snprintf(next, sizeof next, "\r\n--%s", boundary);
		const char *end = strstr(body, next);
		assert_non_null(end);
		struct buf out;
		buf_init(&out, 16 * 1024 * 1024);
		assert_int_equal(mail_qp_decode(body, (size_t)(end - body), &out), K_OK);
		return buf_steal(&out);
	}
	return NULL;
}

static void test_cfg(struct config *cfg, const char *transport)
{
	config_defaults(cfg);
	snprintf(cfg->mail_from, sizeof cfg->mail_from, "Adviesbureau M\xC3\xBCller <kluis@example.nl>");
	snprintf(cfg->mail_transport, sizeof cfg->mail_transport, "%s", transport);
}

/* A body with Dutch characters, a long line (soft breaks), a line starting
 * with '.', '=' signs, trailing spaces and a URL. */
static const char body_text[] =
	"Beste Anne-Marie \xC3\xA9\xC3\xA9n,\n"
	"\n"
	"Uw kluis staat klaar \xE2\x80\x94 klik: https://kluis.example.nl/portaal/activeren?t=ABC=DEF&x=1\n"
	".punt aan het begin\n"
	"Een heel lange regel die zeker langer is dan zesenzeventig tekens, zodat er zachte regeleinden "
	"in de quoted-printable tekst moeten komen: \xE2\x82\xAC 100,- en \xC3\xAB\xC3\xAF\xC3\xB6\xC3\xBC.   \n"
	"Einde met spaties   ";

static const char body_html[] = "<p>Beste <b>Anne-Marie</b> \xC3\xA9\xC3\xA9n,</p>\n<p><a href=\"https://x/?t=1\">Kluis</a></p>\n";

/* crlf: s with every LF as CRLF (malloc'd). */
static char *crlf(const char *s)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	for (; *s; s++) {
		if (*s == '\n')
			assert_int_equal(buf_addc(&b, '\r'), K_OK);
		assert_int_equal(buf_addc(&b, *s), K_OK);
	}
	return buf_steal(&b);
}

/* free_port: a loopback port nobody listens on (bound, then closed). */
static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	socklen_t sl = sizeof a;
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &sl), 0);
	close(fd);
	return ntohs(a.sin_port);
}

/* ---- RFC 2047 --------------------------------------------------------- */

static void test_encode_header_non_ascii(void **state)
{
	struct buf out, dec;
	buf_init(&out, 4096);
	buf_init(&dec, 4096);
	assert_int_equal(mail_encode_header(subject_nl, &out), K_OK);
	assert_string_equal(buf_str(&out), "=?UTF-8?B?VXcga2x1aXMgaXMga2xhYXIg4oCUIHdlbGtvbQ==?=");
	decode_header(buf_str(&out), &dec);
	assert_string_equal(buf_str(&dec), subject_nl);

	/* long: several words of whole characters, folded, each <= 75 */
	buf_reset(&out);
	buf_reset(&dec);
	char longs[600] = "";
	for (int i = 0; i < 40; i++)
		strncat(longs, "\xC3\xA9\xE2\x82\xAC x", sizeof longs - strlen(longs) - 1);
	assert_int_equal(mail_encode_header(longs, &out), K_OK);
	assert_non_null(strstr(buf_str(&out), "?=\r\n =?UTF-8?B?"));
	decode_header(buf_str(&out), &dec);
	assert_string_equal(buf_str(&dec), longs);
	assert_lines_le(buf_str(&out), 75);
	buf_free(&out);
	buf_free(&dec);
}

static void test_encode_header_ascii_and_refusals(void **state)
{
	struct buf out;
	buf_init(&out, 4096);
	assert_int_equal(mail_encode_header("Welkom bij uw kluis (stap 1/2): klaar!", &out), K_OK);
	assert_string_equal(buf_str(&out), "Welkom bij uw kluis (stap 1/2): klaar!");
	buf_reset(&out);
	assert_int_equal(mail_encode_header("", &out), K_OK);
	assert_string_equal(buf_str(&out), "");
	/* "=?" would be read as an encoded word: encode it */
	assert_int_equal(mail_encode_header("a =?x?= b", &out), K_OK);
	assert_memory_equal(buf_str(&out), "=?UTF-8?B?", 10);
	buf_reset(&out);
	assert_int_equal(buf_adds(&out, "keep"), K_OK);
	assert_int_equal(mail_encode_header("Hoi\r\nBcc: evil@example.com", &out), K_EINVAL);
	assert_int_equal(mail_encode_header("Hoi\nBcc: evil@example.com", &out), K_EINVAL);
	assert_int_equal(mail_encode_header("bad \xC3(", &out), K_EINVAL);
	assert_int_equal(mail_encode_header("overlong \xC0\xAF", &out), K_EINVAL);
	assert_int_equal(mail_encode_header(NULL, &out), K_EINVAL);
	assert_string_equal(buf_str(&out), "keep"); /* unchanged on error */
	/* out's maximum: nothing appended */
	struct buf small;
	buf_init(&small, 20);
	assert_int_equal(mail_encode_header(subject_nl, &small), K_ETOOBIG);
	assert_int_equal(small.len, 0);
	buf_free(&small);
	buf_free(&out);
}

/* ---- building ------------------------------------------------------------ */

static void test_header_injection_refused(void **state)
{
	char dir[64], err[256], transport[128];
	make_tmpdir(dir, sizeof dir);
	snprintf(transport, sizeof transport, "file://%s", dir);
	struct config cfg;
	test_cfg(&cfg, transport);
	struct buf out;
	buf_init(&out, MAIL_EML_MAX);
	const struct mail_msg good = {"jan@example.nl", "Jan", "Hallo", "tekst", NULL, "outbox:1"};
	struct mail_msg m;

	m = good;
	m.subject = "Hallo\r\nBcc: evil@example.com";
	assert_int_equal(mail_build_eml(&cfg, &m, 1700000000, &out), K_EINVAL);
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EINVAL);
	m = good;
	m.to = "jan@example.nl\r\nBcc: evil@example.com";
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EINVAL);
	m = good;
	m.to = "jan@example.nl>, <evil@example.com";
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EINVAL);
	m = good;
	m.to_name = "Jan\nBcc: evil@example.com";
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EINVAL);
	m = good;
	m.from = "Evil <a@b.nl>\r\nBcc: evil@example.com";
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EINVAL);
	struct config bad = cfg;
	snprintf(bad.mail_from, sizeof bad.mail_from, "Kluis <kluis@example.nl>\nBcc: evil@example.com");
	assert_int_equal(mail_send(&bad, &good, err, sizeof err), K_EINVAL);
	m = good;
	m.key = NULL;
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EINVAL);
	assert_int_equal(out.len, 0);
	assert_int_equal(count_entries(dir, "", NULL, 0), 0);

	/* the good one goes through */
	assert_int_equal(mail_send(&cfg, &good, err, sizeof err), K_OK);
	assert_int_equal(count_entries(dir, ".eml", NULL, 0), 1);
	buf_free(&out);
	rm_rf(dir);
}

static void test_build_eml_structure(void **state)
{
	struct config cfg;
	test_cfg(&cfg, "");
	struct buf out;
	buf_init(&out, MAIL_EML_MAX);
	const struct mail_msg m = {"anne@example.nl", "Anne-Marie \"A\" de Vries", subject_nl, body_text, body_html,
				   "outbox:42"};
	assert_int_equal(mail_build_eml(&cfg, &m, 1700000000, &out), K_OK);
	const char *eml = buf_str(&out);
	assert_lines_le(eml, 998);

	char *v = header_value(eml, "From");
	assert_non_null(v);
	assert_non_null(strstr(v, "=?UTF-8?B?"));
	assert_non_null(strstr(v, " <kluis@example.nl>"));
	free(v);
	v = header_value(eml, "To");
	assert_string_equal(v, "\"Anne-Marie \\\"A\\\" de Vries\" <anne@example.nl>");
	free(v);
	v = header_value(eml, "Subject");
	struct buf dec;
	buf_init(&dec, 4096);
	decode_header(v, &dec);
	assert_string_equal(buf_str(&dec), subject_nl);
	buf_free(&dec);
	free(v);
	v = header_value(eml, "Date");
	assert_string_equal(v, "Tue, 14 Nov 2023 22:13:20 +0000");
	free(v);
	v = header_value(eml, "MIME-Version");
	assert_string_equal(v, "1.0");
	free(v);

	/* Message-ID = SHA-256(sender "\n" key) @ sender domain */
	unsigned char h[32];
	char hex[65], want[128];
	const char *in = "kluis@example.nl\noutbox:42";
	crypto_hash_sha256(h, (const unsigned char *)in, strlen(in));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(want, sizeof want, "<%s@example.nl>", hex);
	v = header_value(eml, "Message-ID");
	assert_string_equal(v, want);
	free(v);

	/* multipart/mixed -> multipart/alternative -> text/plain + text/html */
	char *ct = header_value(eml, "Content-Type");
	assert_memory_equal(ct, "multipart/mixed;", 16);
	char *mix = boundary_of(ct);
	free(ct);
	char delim[128];
	snprintf(delim, sizeof delim, "\r\n--%s\r\nContent-Type: multipart/alternative; boundary=\"", mix);
	const char *alt_start = strstr(eml, delim);
	assert_non_null(alt_start);
	char *alt = boundary_of(alt_start);
	const char *tp = strstr(eml, "Content-Type: text/plain");
	const char *th = strstr(eml, "Content-Type: text/html");
	assert_true(alt_start < tp && tp < th);
	char tail[256];
	snprintf(tail, sizeof tail, "\r\n--%s--\r\n--%s--\r\n", alt, mix);
	assert_string_equal(eml + out.len - strlen(tail), tail);

	/* UTF-8 bodies round-trip (LF -> CRLF; the last line end belongs to the
	 * delimiter) */
	char *text = part_body(eml, alt, "text/plain");
	char *want_text = crlf(body_text);
	assert_string_equal(text, want_text);
	char *html = part_body(eml, alt, "text/html");
	char *want_html = crlf(body_html);
	want_html[strlen(want_html) - 2] = '\0';
	assert_string_equal(html, want_html);
	/* quoted-printable lines <= 76, no line starts with '.' */
	assert_lines_le(strstr(eml, "quoted-printable"), 76);
	assert_null(strstr(eml, "\r\n."));
	free(text);
	free(want_text);
	free(html);
	free(want_html);

	/* the same key gives the same Message-ID; another key another one */
	struct buf again;
	buf_init(&again, MAIL_EML_MAX);
	assert_int_equal(mail_build_eml(&cfg, &m, 1800000000, &again), K_OK);
	char *id1 = header_value(eml, "Message-ID"), *id2 = header_value(buf_str(&again), "Message-ID");
	assert_string_equal(id1, id2);
	free(id2);
	buf_reset(&again);
	struct mail_msg other = m;
	other.key = "outbox:43";
	assert_int_equal(mail_build_eml(&cfg, &other, 1800000000, &again), K_OK);
	id2 = header_value(buf_str(&again), "Message-ID");
	assert_string_not_equal(id1, id2);
	free(id1);
	free(id2);

	/* without html: only the text part in the alternative */
	buf_reset(&again);
	other.html = NULL;
	assert_int_equal(mail_build_eml(&cfg, &other, 1800000000, &again), K_OK);
	assert_null(strstr(buf_str(&again), "text/html"));
	assert_non_null(strstr(buf_str(&again), "multipart/alternative"));
	buf_free(&again);
	free(alt);
	free(mix);
	buf_free(&out);
}

static void test_file_names(void **state)
{
	char a[256], b[256];
	assert_int_equal(mail_file_name("outbox:42", a, sizeof a), K_OK);
	assert_string_equal(a, "outbox-42.eml");
	assert_int_equal(mail_file_name("outbox-42", b, sizeof b), K_OK);
	assert_string_not_equal(a, b);
	assert_int_equal(mail_file_name("../../etc/passwd", a, sizeof a), K_OK);
	assert_null(strchr(a, '/'));
	assert_int_equal(mail_file_name("", a, sizeof a), K_EINVAL);
	char longkey[MAIL_KEY_MAX + 2];
	memset(longkey, 'k', sizeof longkey - 1);
	longkey[sizeof longkey - 1] = '\0';
	assert_int_equal(mail_file_name(longkey, a, sizeof a), K_EINVAL);
}

/* ---- transports -------------------------------------------------------- */

static void test_transport_unset_or_unknown(void **state)
{
	struct config cfg;
	char err[256];
	const struct mail_msg m = {"jan@example.nl", NULL, "Hallo", "tekst", NULL, "outbox:1"};
	test_cfg(&cfg, "");
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EINVAL);
	assert_string_equal(err, "mail.transport not configured");
	test_cfg(&cfg, "http://example.nl/");
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EINVAL);
	test_cfg(&cfg, "file://relative/dir");
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EINVAL);
}

static void test_file_transport_once_per_key(void **state)
{
	char dir[64], transport[128], err[256], name[256], path[512];
	make_tmpdir(dir, sizeof dir);
	snprintf(transport, sizeof transport, "file://%s", dir);
	struct config cfg;
	test_cfg(&cfg, transport);
	struct mail_msg m = {"jan@example.nl", "Jan Jansen", subject_nl, body_text, body_html, "outbox:42"};
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_OK);
	assert_int_equal(count_entries(dir, "", name, sizeof name), 1);
	assert_string_equal(name, "outbox-42.eml");
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *first = slurp(path);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* a resend of the same key (after a crash) writes nothing */
	m.subject = "Anders";
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_OK);
	assert_int_equal(count_entries(dir, "", NULL, 0), 1);
	char *second = slurp(path);
	assert_string_equal(first, second);
	free(second);
	/* another key is another message */
	m.key = "outbox:43";
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_OK);
	assert_int_equal(count_entries(dir, ".eml", NULL, 0), 2);
	assert_int_equal(count_entries(dir, "", NULL, 0), 2); /* no temp files left */
	free(first);

	/* an unwritable directory is K_EIO (retried), not a crash */
	test_cfg(&cfg, "file:///proc/kluis-no-such-dir/sub");
	m.key = "outbox:44";
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EIO);
	assert_true(err[0] != '\0');
	rm_rf(dir);
}

static void test_smtp_transport_to_sink(void **state)
{
	char dir[64], transport[128], err[256], name[256], path[512];
	struct sim_smtp *sink = NULL;
	int port = 0;
	make_tmpdir(dir, sizeof dir);
	assert_int_equal(sim_smtp_start("127.0.0.1:0", dir, &port, &sink), K_OK);
	assert_true(port > 0);
	snprintf(transport, sizeof transport, "smtp://127.0.0.1:%d", port);
	struct config cfg;
	test_cfg(&cfg, transport);
	const struct mail_msg m = {"jan@example.nl", "Jan Jansen", subject_nl, body_text, body_html, "outbox:7"};
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_OK);
	long stored = 0, dups = 0;
	sim_smtp_counts(sink, &stored, &dups);
	assert_int_equal(stored, 1);
	assert_int_equal(count_entries(dir, ".eml", name, sizeof name), 1);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *eml = slurp(path);
	const char *trace = "Return-Path: <kluis@example.nl>\r\nDelivered-To: <jan@example.nl>\r\n";
	assert_memory_equal(eml, trace, strlen(trace));
	char *subj = header_value(eml, "Subject");
	struct buf dec;
	buf_init(&dec, 4096);
	decode_header(subj, &dec);
	assert_string_equal(buf_str(&dec), subject_nl);
	buf_free(&dec);
	free(subj);
	char *alt = boundary_of(strstr(eml, "multipart/alternative"));
	char *text = part_body(eml, alt, "text/plain");
	char *want = crlf(body_text);
	assert_string_equal(text, want); /* incl. the ".punt" line: dot-stuffing undone */
	char *html = part_body(eml, alt, "text/html");
	assert_non_null(html);
	assert_non_null(strstr(html, "<b>Anne-Marie</b>"));
	free(text);
	free(want);
	free(html);
	free(alt);
	free(eml);

	/* a resend carries the same Message-ID: the sink de-duplicates */
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_OK);
	sim_smtp_counts(sink, &stored, &dups);
	assert_int_equal(stored, 1);
	assert_int_equal(dups, 1);
	assert_int_equal(count_entries(dir, "", NULL, 0), 1);

	/* a temporarily failing server: K_EIO with a reason */
	sim_smtp_fail_next(sink, 1);
	struct mail_msg m2 = m;
	m2.key = "outbox:8";
	assert_int_equal(mail_send(&cfg, &m2, err, sizeof err), K_EIO);
	assert_non_null(strstr(err, "451"));
	assert_int_equal(mail_send(&cfg, &m2, err, sizeof err), K_OK);
	assert_int_equal(count_entries(dir, ".eml", NULL, 0), 2);
	sim_smtp_stop(sink);
	rm_rf(dir);
}

static void test_smtp_server_down(void **state)
{
	int port = free_port();
	char transport[128], err[256];
	snprintf(transport, sizeof transport, "smtp://127.0.0.1:%d", port);
	struct config cfg;
	test_cfg(&cfg, transport);
	const struct mail_msg m = {"jan@example.nl", NULL, "Hallo", "tekst", NULL, "outbox:1"};
	assert_int_equal(mail_send(&cfg, &m, err, sizeof err), K_EIO);
	assert_non_null(strstr(err, "smtp:"));
}

/* Raw SMTP against the sink: sequence errors, dot-unstuffing, RSET, QUIT. */
static void test_sink_protocol(void **state)
{
	char dir[64], name[256], path[512];
	struct sim_smtp *sink = NULL;
	int port = 0;
	make_tmpdir(dir, sizeof dir);
	assert_int_equal(sim_smtp_start("127.0.0.1:0", dir, &port, &sink), K_OK);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	const char *script = "EHLO test\r\n"
			     "RCPT TO:<x@y.nl>\r\n"
			     "MAIL FROM:<a@b.nl>\r\n"
			     "RCPT TO:<x@y.nl>\r\n"
			     "RSET\r\n"
			     "DATA\r\n"
			     "NOOP\r\n"
			     "MAIL FROM:<a@b.nl>\r\n"
			     "RCPT TO:<x@y.nl>\r\n"
			     "DATA\r\n"
			     "Subject: raw\r\n"
			     "\r\n"
			     "..dot\r\n"
			     "line\r\n"
			     ".\r\n"
			     "BOGUS\r\n"
			     "QUIT\r\n";
	assert_int_equal(write(fd, script, strlen(script)), (ssize_t)strlen(script));
	struct buf got;
	buf_init(&got, 1 << 16);
	char chunk[1024];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		assert_int_equal(buf_add(&got, chunk, (size_t)n), K_OK);
	close(fd);
	const char *r = buf_str(&got);
	const char *want[] = {"220 ", "250-", "250 HELP", "503 ", "250 2.1.0", "250 2.1.5", "250 2.0.0 OK\r\n",
			      "503 ", "250 2.0.0 OK\r\n", "250 2.1.0", "250 2.1.5", "354 ", "250 2.0.0 OK stored",
			      "502 ", "221 "};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const char *f = strstr(r, want[i]);
		if (!f)
			fail_msg("reply %zu '%s' missing in:\n%s", i, want[i], buf_str(&got));
		r = f + strlen(want[i]);
	}
	buf_free(&got);
	assert_int_equal(count_entries(dir, ".eml", name, sizeof name), 1);
	assert_memory_equal(name, "nomid-", 6);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *eml = slurp(path);
	assert_string_equal(eml, "Return-Path: <a@b.nl>\r\nDelivered-To: <x@y.nl>\r\nSubject: raw\r\n\r\n.dot\r\nline\r\n");
	free(eml);
	sim_smtp_stop(sink);
	assert_int_equal(sim_smtp_start("nonsense", dir, &port, &sink), K_EINVAL);
	rm_rf(dir);
}

/* ---- templates and the outbox handler ------------------------------------ */

static struct test_app T;
static char mail_dir[64];
static char smtp_transport[128]; /* "" = the file transport into mail_dir */

static void tweak_file_transport(struct config *cfg)
{
	if (smtp_transport[0])
		snprintf(cfg->mail_transport, sizeof cfg->mail_transport, "%s", smtp_transport);
	else
		snprintf(cfg->mail_transport, sizeof cfg->mail_transport, "file://%s", mail_dir);
	snprintf(cfg->mail_from, sizeof cfg->mail_from, "Hypotheekhuis Noord <kluis@noord.example.nl>");
	snprintf(cfg->public_url, sizeof cfg->public_url, "https://kluis.noord.example.nl");
}

static int setup_app(void **state)
{
	make_tmpdir(mail_dir, sizeof mail_dir);
	tapp_open(&T, tweak_file_transport);
	return 0;
}

static int teardown_app(void **state)
{
	tapp_close(&T);
	rm_rf(mail_dir);
	smtp_transport[0] = '\0';
	return 0;
}

static int setup_app_smtp(void **state)
{
	make_tmpdir(mail_dir, sizeof mail_dir);
	snprintf(smtp_transport, sizeof smtp_transport, "smtp://127.0.0.1:%d", free_port());
	tapp_open(&T, tweak_file_transport);
	return 0;
}

static void test_default_templates_render(void **state)
{
	static const char *const names[] = {"invitation",    "password_reset",    "password_changed",
					    "email_changed", "twofactor_changed", "extra_user_invitation"};
	json_t *vars = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "name", "Jan & <Piet>", "firm_name",
				 "Bureau \"Zuid\"", "link", "https://k.example.nl/portaal/activeren?t=AB=CD", "inviter",
				 "Anne", "new_email", "nieuw@example.nl", "manual", 1, "enabled", 1);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *subject, *text, *html;
		assert_int_equal(notify_render_mail(&T.app, names[i], vars, &subject, &text, &html), K_OK);
		assert_true(strlen(subject) > 5);
		assert_null(strpbrk(subject, "\r\n"));
		assert_null(strstr(text, "{{"));
		assert_null(strstr(text, "&amp;"));
		assert_non_null(html);
		assert_non_null(strstr(html, "lang=\"nl\""));
		assert_non_null(strstr(text, "Jan & <Piet>")); /* text: as typed */
		assert_non_null(strstr(html, "Jan &amp; &lt;Piet&gt;")); /* html: escaped */
		assert_non_null(strstr(text, "Bureau \"Zuid\""));
		if (strstr(names[i], "invitation") || strcmp(names[i], "password_reset") == 0) {
			assert_non_null(strstr(text, "https://k.example.nl/portaal/activeren?t=AB=CD"));
			assert_non_null(strstr(html, "<a href=\"https://k.example.nl/portaal/activeren?t&#61;AB&#61;CD\">"));
		}
		/* and they build into a valid message */
		struct buf eml;
		buf_init(&eml, MAIL_EML_MAX);
		const struct mail_msg m = {"jan@example.nl", "Jan", subject, text, html, "outbox:9"};
		assert_int_equal(mail_build_eml(&T.app.cfg, &m, 1700000000, &eml), K_OK);
		buf_free(&eml);
		free(subject);
		free(text);
		free(html);
	}
	char *subject, *text, *html;
	assert_int_equal(notify_render_mail(&T.app, "invitation", vars, &subject, &text, &html), K_OK);
	assert_string_equal(subject, "Uw persoonlijke kluis bij Bureau \"Zuid\" staat klaar");
	assert_non_null(strstr(text, "apart van uw adviseur")); /* the code itself never travels with the link */
	free(subject);
	free(text);
	free(html);
	/* firm_name defaults to the sender's display name */
	json_t *few = json_pack("{s:s, s:b}", "name", "Jan", "enabled", 0);
	assert_int_equal(notify_render_mail(&T.app, "twofactor_changed", few, &subject, &text, &html), K_OK);
	assert_string_equal(subject, "Tweestapsverificatie staat uit voor uw kluis");
	assert_non_null(strstr(text, "Hypotheekhuis Noord"));
	assert_non_null(strstr(text, "staat uit") || strstr(text, "uitgezet"));
	free(subject);
	free(text);
	free(html);
	json_decref(few);
	/* bad and unknown names */
	assert_int_equal(notify_render_mail(&T.app, "../../etc/passwd", vars, &subject, &text, &html), K_EINVAL);
	assert_null(subject);
	assert_int_equal(notify_render_mail(&T.app, "no_such_mail", vars, &subject, &text, &html), K_ENOTFOUND);
	assert_null(text);
	json_decref(vars);
}

static void write_override(const char *file, const char *text, size_t len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/templates", T.dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/templates/mail", T.dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/templates/mail/%s", T.dir, file);
	spit(path, text, len);
}

static void test_template_override(void **state)
{
	json_t *vars = json_pack("{s:s, s:s}", "name", "Jan", "link", "https://k/x");
	char *subject, *text, *html, *def_text, *def_html;
	assert_int_equal(notify_render_mail(&T.app, "password_reset", vars, &subject, &def_text, &def_html), K_OK);
	free(subject);

	/* the firm's subject and html win; the text part stays the default */
	const char *s = "Wachtwoord vergeten, {{name}}? \xF0\x9F\x94\x91\n";
	write_override("password_reset.subject.txt", s, strlen(s));
	const char *h = "<p>Eigen huisstijl voor {{name}}: <a href=\"{{link}}\">nu</a></p>";
	write_override("password_reset.html", h, strlen(h));
	assert_int_equal(notify_render_mail(&T.app, "password_reset", vars, &subject, &text, &html), K_OK);
	assert_string_equal(subject, "Wachtwoord vergeten, Jan? \xF0\x9F\x94\x91");
	assert_string_equal(html, "<p>Eigen huisstijl voor Jan: <a href=\"https://k/x\">nu</a></p>");
	assert_string_equal(text, def_text);
	free(subject);
	free(text);
	free(html);

	/* a broken override falls back to the default */
	const char *broken = "Hallo {{#name}} zonder einde";
	write_override("password_reset.txt", broken, strlen(broken));
	write_override("password_reset.html", "{{{name}}}", 10);
	assert_int_equal(notify_render_mail(&T.app, "password_reset", vars, &subject, &text, &html), K_OK);
	assert_string_equal(text, def_text);
	assert_string_equal(html, def_html);
	free(subject);
	free(text);
	free(html);
	/* as do invalid UTF-8, a partial that does not exist and an oversized file */
	write_override("password_reset.txt", "Hallo \xC3(", 8);
	write_override("password_reset.html", "{{> mail/nope}}", 15);
	char *big = malloc(NOTIFY_OVERRIDE_MAX + 2);
	memset(big, 'x', NOTIFY_OVERRIDE_MAX + 1);
	write_override("password_reset.subject.txt", big, NOTIFY_OVERRIDE_MAX + 1);
	free(big);
	assert_int_equal(notify_render_mail(&T.app, "password_reset", vars, &subject, &text, &html), K_OK);
	assert_string_equal(subject, "Nieuw wachtwoord instellen voor uw kluis");
	assert_string_equal(text, def_text);
	assert_string_equal(html, def_html);
	free(subject);
	free(text);
	free(html);
	free(def_text);
	free(def_html);
	json_decref(vars);
}

static void emit_mail(json_t *payload)
{
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(db_begin(db), K_OK);
	assert_int_equal(outbox_emit(&T.app, db, "mail.send", payload), K_OK);
	assert_int_equal(db_commit(db), K_OK);
	store_release(T.app.store, db);
}

static void test_outbox_mail_send_once(void **state)
{
	char name[256], path[512];
	emit_mail(json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "to", "klant@example.nl", "to_name",
			    "Kl\xC3\xA1nt", "template", "invitation", "vars", "name", "Klant", "link",
			    "https://kluis.noord.example.nl/portaal/activeren?t=T0KEN", "firm_name", "Noord"));
	assert_int_equal(outbox_run_once(&T.app), 1);
	assert_int_equal(count_entries(mail_dir, "", name, sizeof name), 1);
	assert_string_equal(name, "outbox-1.eml");
	snprintf(path, sizeof path, "%s/%s", mail_dir, name);
	char *eml = slurp(path);
	assert_non_null(strstr(eml, "To: =?UTF-8?B?"));
	assert_non_null(strstr(eml, "From: \"Hypotheekhuis Noord\" <kluis@noord.example.nl>\r\n"));
	char *alt = boundary_of(strstr(eml, "multipart/alternative"));
	char *text = part_body(eml, alt, "text/plain");
	assert_non_null(strstr(text, "https://kluis.noord.example.nl/portaal/activeren?t=T0KEN"));
	free(text);
	free(alt);

	/* a crash after sending but before marking done: the handler runs again
	 * with the same key and sends nothing new */
	struct outbox_event ev = {1, "mail.send", NULL, 2, "outbox:1"};
	json_t *payload = json_pack("{s:s, s:s, s:{s:s}}", "to", "klant@example.nl", "template", "invitation",
				    "vars", "link", "https://x/other");
	ev.payload = payload;
	char err[256] = "";
	for (int i = 0; i < 2; i++)
		assert_int_equal(notify_mail_handler.fn(&T.app, NULL, &ev, err, sizeof err), K_OK);
	assert_int_equal(count_entries(mail_dir, "", NULL, 0), 1);
	char *again = slurp(path);
	assert_string_equal(again, eml);
	free(again);
	free(eml);
	json_decref(payload);
	assert_string_equal(notify_mail_handler.kind, "mail.send");
	assert_int_equal(notify_mail_handler.transactional, 0);

	/* a bad payload fails (and is retried by the outbox), sends nothing */
	emit_mail(json_pack("{s:s}", "template", "invitation"));
	emit_mail(json_pack("{s:s, s:s}", "to", "klant@example.nl", "template", "no_such_mail"));
	assert_int_equal(outbox_run_once(&T.app), 0);
	assert_int_equal(count_entries(mail_dir, "", NULL, 0), 1);
	int64_t pending = 0, done = 0, dead = 0;
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(store_outbox_stats(db, &pending, &done, &dead), K_OK);
	store_release(T.app.store, db);
	assert_int_equal(done, 1);
	assert_int_equal(pending, 2);
}

/* The SMTP server is down: the event stays pending and is retried after
 * the backoff; once the server is up the mail goes out exactly once. */
static void test_outbox_smtp_down_then_up(void **state)
{
	emit_mail(json_pack("{s:s, s:s, s:{s:s}}", "to", "klant@example.nl", "template", "password_changed", "vars",
			    "name", "Klant"));
	assert_int_equal(outbox_run_once(&T.app), 0);
	int64_t pending = 0, done = 0, dead = 0;
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(store_outbox_stats(db, &pending, &done, &dead), K_OK);
	store_release(T.app.store, db);
	assert_int_equal(pending, 1);
	assert_int_equal(done, 0);

	/* the server comes up on that port */
	struct sim_smtp *sink = NULL;
	int port = 0;
	char listen_on[64];
	snprintf(listen_on, sizeof listen_on, "127.0.0.1:%s", strrchr(smtp_transport, ':') + 1);
	assert_int_equal(sim_smtp_start(listen_on, mail_dir, &port, &sink), K_OK);
	assert_int_equal(outbox_run_once(&T.app), 0); /* not due yet */
	app_clock_advance(&T.app, outbox_backoff(1) + 1);
	assert_int_equal(outbox_run_once(&T.app), 1);
	assert_int_equal(outbox_run_once(&T.app), 0);
	long stored = 0, dups = 0;
	sim_smtp_counts(sink, &stored, &dups);
	assert_int_equal(stored, 1);
	assert_int_equal(count_entries(mail_dir, ".eml", NULL, 0), 1);
	sim_smtp_stop(sink);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_header_non_ascii),
		cmocka_unit_test(test_encode_header_ascii_and_refusals),
		cmocka_unit_test(test_header_injection_refused),
		cmocka_unit_test(test_build_eml_structure),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_transport_unset_or_unknown),
		cmocka_unit_test(test_file_transport_once_per_key),
		cmocka_unit_test(test_smtp_transport_to_sink),
		cmocka_unit_test(test_smtp_server_down),
		cmocka_unit_test(test_sink_protocol),
		cmocka_unit_test_setup_teardown(test_default_templates_render, setup_app, teardown_app),
		cmocka_unit_test_setup_teardown(test_template_override, setup_app, teardown_app),
		cmocka_unit_test_setup_teardown(test_outbox_mail_send_once, setup_app, teardown_app),
		cmocka_unit_test_setup_teardown(test_outbox_smtp_down_then_up, setup_app_smtp, teardown_app),
	};
	return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}
