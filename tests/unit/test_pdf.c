/* Unit tests for src/adapters/filetype.c and src/adapters/pdf.c. Every
 * fixture is made at run time in a temp dir: PDFs drawn with cairo,
 * encrypted copies written with qpdf, a PNG from cairo, a tiny baseline JPEG
 * from the byte array below, HTML named .pdf, /bin/true named .jpg. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <qpdf/qpdf-c.h>
#include "adapters/filetype.h"
#include "adapters/pdf.h"
#include "testutil.h"
#include "util/err.h"

/* A 16x8 baseline RGB JPEG (libjpeg, quality 30, no JFIF header). */
static const unsigned char jpeg_16x8[] = {
	0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x1b, 0x12, 0x14, 0x17, 0x14,
	0x11, 0x1b, 0x17, 0x16, 0x17, 0x1e, 0x1c, 0x1b, 0x20, 0x28, 0x42, 0x2b,
	0x28, 0x25, 0x25, 0x28, 0x51, 0x3a, 0x3d, 0x30, 0x42, 0x60, 0x55, 0x65,
	0x64, 0x5f, 0x55, 0x5d, 0x5b, 0x6a, 0x78, 0x99, 0x81, 0x6a, 0x71, 0x90,
	0x73, 0x5b, 0x5d, 0x85, 0xb5, 0x86, 0x90, 0x9e, 0xa3, 0xab, 0xad, 0xab,
	0x67, 0x80, 0xbc, 0xc9, 0xba, 0xa6, 0xc7, 0x99, 0xa8, 0xab, 0xa4, 0xff,
	0xdb, 0x00, 0x43, 0x01, 0x1c, 0x1e, 0x1e, 0x28, 0x23, 0x28, 0x4e, 0x2b,
	0x2b, 0x4e, 0xa4, 0x6e, 0x5d, 0x6e, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4,
	0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4,
	0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4,
	0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4,
	0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xa4, 0xff, 0xc0, 0x00, 0x11,
	0x08, 0x00, 0x08, 0x00, 0x10, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01,
	0x03, 0x11, 0x01, 0xff, 0xc4, 0x00, 0x15, 0x00, 0x01, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x04, 0xff, 0xc4, 0x00, 0x17, 0x10, 0x01, 0x00, 0x03, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x05, 0x62, 0xff, 0xc4, 0x00, 0x15, 0x01, 0x01, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x03, 0xff, 0xc4, 0x00, 0x18, 0x11, 0x00, 0x03, 0x01, 0x01, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x03, 0x04, 0x51, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02,
	0x11, 0x03, 0x11, 0x00, 0x3f, 0x00, 0x9a, 0x2a, 0xec, 0xab, 0x8a, 0xbb,
	0x20, 0x0f, 0x56, 0x25, 0x96, 0xef, 0xd3, 0xff, 0xd9
};

static char dir[256];

static void path_of(char *out, size_t n, const char *name)
{
	int w = snprintf(out, n, "%s/%s", dir, name);
	assert_true(w > 0 && (size_t)w < n);
}

static void write_bytes(const char *name, const void *data, size_t len)
{
	char p[512];
	FILE *f;

	path_of(p, sizeof p, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* read_all: the whole file into a malloc'd buffer. */
static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	b = malloc((size_t)n);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* make_pdf: an A4 PDF of pages pages, each with a rectangle. */
static void make_pdf(const char *name, int pages)
{
	char p[512];
	cairo_surface_t *s;
	cairo_t *cr;

	path_of(p, sizeof p, name);
	s = cairo_pdf_surface_create(p, 595, 842);
	cr = cairo_create(s);
	for (int i = 0; i < pages; i++) {
		cairo_rectangle(cr, 50 + 10 * i, 50, 200, 100);
		cairo_fill(cr);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

/* make_encrypted: a copy of src with R6 (AES-256) encryption. */
static void make_encrypted(const char *src, const char *name, const char *user, const char *owner)
{
	char in[512], out[512];
	qpdf_data q = qpdf_init();

	path_of(in, sizeof in, src);
	path_of(out, sizeof out, name);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_silence_errors(q);
	assert_false(qpdf_read(q, in, "") & QPDF_ERRORS);
	assert_false(qpdf_init_write(q, out) & QPDF_ERRORS);
	qpdf_set_r6_encryption_parameters2(q, user, owner, QPDF_TRUE, QPDF_TRUE, QPDF_TRUE, QPDF_TRUE, QPDF_TRUE,
					   QPDF_TRUE, qpdf_r3p_full, QPDF_TRUE);
	assert_false(qpdf_write(q) & QPDF_ERRORS);
	qpdf_cleanup(&q);
}

/* jpeg_with_orientation: jpeg_16x8 with an EXIF APP1 (big-endian TIFF)
 * whose IFD0 holds Orientation = o, right after SOI. */
static void jpeg_with_orientation(const char *name, int o)
{
	static const unsigned char app1_head[] = {
		0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,  /* marker, length 34, "Exif\0\0" */
		'M', 'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,      /* TIFF header, IFD0 at 8 */
		0x00, 0x01,                                        /* one entry */
		0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,    /* Orientation, SHORT, 1 */
	};
	unsigned char buf[sizeof jpeg_16x8 + 64];
	size_t n = 0;

	memcpy(buf, jpeg_16x8, 2);
	n = 2;
	memcpy(buf + n, app1_head, sizeof app1_head);
	n += sizeof app1_head;
	buf[n++] = 0x00;
	buf[n++] = (unsigned char)o;
	memset(buf + n, 0, 2 + 4); /* value padding, next IFD = 0 */
	n += 6;
	memcpy(buf + n, jpeg_16x8 + 2, sizeof jpeg_16x8 - 2);
	n += sizeof jpeg_16x8 - 2;
	write_bytes(name, buf, n);
}

static int setup(void **state)
{
	char p[512], src[512];
	unsigned char *b;
	size_t len;
	cairo_surface_t *s;
	cairo_t *cr;
	static const char html[] = "<!DOCTYPE html>\n<html><head><title>factuur</title></head>"
				   "<body><p>Dit is geen PDF.</p></body></html>\n";

	(void)state;
	snprintf(dir, sizeof dir, "/tmp/kluis-test-pdf-XXXXXX");
	assert_non_null(mkdtemp(dir));
	make_pdf("one.pdf", 1);
	make_pdf("three.pdf", 3);
	/* a landscape PNG */
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 60, 40);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0.2, 0.4, 0.8);
	cairo_paint(cr);
	cairo_destroy(cr);
	path_of(p, sizeof p, "photo.png");
	assert_int_equal(cairo_surface_write_to_png(s, p), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	write_bytes("photo.jpg", jpeg_16x8, sizeof jpeg_16x8);
	jpeg_with_orientation("rotated.jpg", 6);
	write_bytes("html.pdf", html, sizeof html - 1);
	/* an ELF named .jpg */
	b = read_all("/bin/true", &len);
	write_bytes("elf.jpg", b, len);
	free(b);
	/* a truncated PDF: the first half of three.pdf */
	path_of(src, sizeof src, "three.pdf");
	b = read_all(src, &len);
	write_bytes("truncated.pdf", b, len / 2);
	free(b);
	make_encrypted("one.pdf", "owner-only.pdf", "", "geheim-eigenaar");
	make_encrypted("one.pdf", "user-pw.pdf", "geheim", "geheim-eigenaar");
	/* a minimal HEIC header (ftyp box, brand heic) */
	static const unsigned char heic[] = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
					     'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
	write_bytes("photo.heic", heic, sizeof heic);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (getenv("KEEP_PDF_FIXTURES"))
		fprintf(stderr, "fixtures kept in %s\n", dir);
	else
		rm_rf(dir);
	return 0;
}

static int exists(const char *name)
{
	char p[512];
	struct stat st;

	path_of(p, sizeof p, name);
	return stat(p, &st) == 0;
}

static enum filetype type_of(const char *name, char mime[FILETYPE_MIME_MAX])
{
	char p[512];
	enum filetype t = FT_PDF;

	path_of(p, sizeof p, name);
	assert_int_equal(filetype_of_file(p, &t, mime), K_OK);
	return t;
}

static int inspect(const char *name, struct pdf_info *info)
{
	char p[512];

	path_of(p, sizeof p, name);
	return pdf_inspect(p, info);
}

/* --- filetype ------------------------------------------------------------ */

static void test_filetype_by_content(void **state)
{
	char mime[FILETYPE_MIME_MAX], p[512];
	enum filetype t;

	(void)state;
	assert_int_equal(type_of("one.pdf", mime), FT_PDF);
	assert_string_equal(mime, "application/pdf");
	assert_int_equal(type_of("owner-only.pdf", mime), FT_PDF);
	assert_int_equal(type_of("photo.png", mime), FT_PNG);
	assert_string_equal(mime, "image/png");
	assert_int_equal(type_of("photo.jpg", mime), FT_JPEG);
	assert_string_equal(mime, "image/jpeg");
	assert_int_equal(type_of("rotated.jpg", mime), FT_JPEG);
	assert_int_equal(type_of("photo.heic", mime), FT_HEIC);
	/* the name lies: the content decides */
	assert_int_equal(type_of("html.pdf", mime), FT_UNKNOWN);
	assert_string_equal(mime, "text/html");
	assert_int_equal(type_of("elf.jpg", mime), FT_UNKNOWN);
	assert_true(strstr(mime, "application/") == mime);
	/* mime may be NULL */
	path_of(p, sizeof p, "photo.png");
	assert_int_equal(filetype_of_file(p, &t, NULL), K_OK);
	assert_int_equal(t, FT_PNG);
	/* errors */
	path_of(p, sizeof p, "missing.pdf");
	assert_int_equal(filetype_of_file(p, &t, mime), K_EIO);
	assert_int_equal(t, FT_UNKNOWN);
	assert_string_equal(mime, "");
	assert_int_equal(filetype_of_file(dir, &t, mime), K_EINVAL);
	assert_int_equal(filetype_of_file(NULL, &t, mime), K_EINVAL);
	assert_int_equal(filetype_of_file(p, NULL, mime), K_EINVAL);
	/* a symlink is not followed */
	char link[512], target[512];
	path_of(link, sizeof link, "link.pdf");
	path_of(target, sizeof target, "one.pdf");
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(filetype_of_file(link, &t, mime), K_EINVAL);
	unlink(link);
	assert_string_equal(filetype_name(FT_JPEG), "jpeg");
	assert_string_equal(filetype_name((enum filetype)99), "unknown");
}

/* --- pdf_inspect --------------------------------------------------------- */

static void test_inspect_pages_and_dates(void **state)
{
	struct pdf_info info;
	long long now = (long long)time(NULL);

	(void)state;
	assert_int_equal(inspect("one.pdf", &info), K_OK);
	assert_int_equal(info.pages, 1);
	assert_int_equal(info.encrypted, 0);
	/* cairo writes /CreationDate (now) */
	assert_true(info.created > now - 3600 && info.created <= now + 60);
	assert_int_equal(inspect("three.pdf", &info), K_OK);
	assert_int_equal(info.pages, 3);
	assert_int_equal(info.encrypted, 0);
}

/* make_info_pdf: a hand-written 2-page PDF (one page rotated) whose Info
 * dictionary holds both dates, with a correct xref table. */
static void make_info_pdf(const char *name)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		"<< /Length 20 >>\nstream\n0 0 m 100 100 l S\nendstream",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Rotate 90 /Contents 4 0 R >>",
		"<< /CreationDate (D:20240131123456+01'00') /ModDate (D:20240201) >>",
	};
	enum { N = sizeof objs / sizeof objs[0] };
	char buf[2048];
	size_t len = 0, off[N], xref;
	int w;

	w = snprintf(buf, sizeof buf, "%%PDF-1.4\n");
	len = (size_t)w;
	for (size_t i = 0; i < N; i++) {
		off[i] = len;
		w = snprintf(buf + len, sizeof buf - len, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
		assert_true(w > 0 && (size_t)w < sizeof buf - len);
		len += (size_t)w;
	}
	xref = len;
	w = snprintf(buf + len, sizeof buf - len, "xref\n0 %d\n0000000000 65535 f \n", N + 1);
	len += (size_t)w;
	for (size_t i = 0; i < N; i++) {
		w = snprintf(buf + len, sizeof buf - len, "%010zu 00000 n \n", off[i]);
		len += (size_t)w;
	}
	w = snprintf(buf + len, sizeof buf - len, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
		     N + 1, xref);
	assert_true(w > 0 && (size_t)w < sizeof buf - len);
	len += (size_t)w;
	write_bytes(name, buf, len);
}

static void test_inspect_info_dates(void **state)
{
	struct pdf_info info;

	(void)state;
	make_info_pdf("dated.pdf");
	assert_int_equal(inspect("dated.pdf", &info), K_OK);
	assert_int_equal(info.pages, 2);
	assert_int_equal(info.encrypted, 0);
	assert_int_equal(info.created, 1706700896LL); /* 2024-01-31 11:34:56 UTC */
	assert_int_equal(info.modified, 1706745600LL); /* 2024-02-01 00:00:00 UTC */
	/* merged output: pages kept, dates not carried over */
	const char *in[] = {"dated.pdf", "one.pdf"};
	char p[2][512], o[512];
	const char *paths[2];
	int pages;
	for (int i = 0; i < 2; i++) {
		path_of(p[i], sizeof p[i], in[i]);
		paths[i] = p[i];
	}
	path_of(o, sizeof o, "dated-merged.pdf");
	assert_int_equal(pdf_merge(paths, 2, o, &pages), K_OK);
	assert_int_equal(pages, 3);
	assert_int_equal(inspect("dated-merged.pdf", &info), K_OK);
	assert_int_equal(info.pages, 3);
	assert_int_equal(info.created, 0);
}

/* Damage qpdf repairs (a startxref pointing nowhere: the xref table is
 * rebuilt) is accepted as long as every page is found. */
static void test_inspect_repaired(void **state)
{
	struct pdf_info info;
	char p[512];
	unsigned char *b, *sx;
	size_t len;

	(void)state;
	make_info_pdf("stale-xref.pdf");
	path_of(p, sizeof p, "stale-xref.pdf");
	b = read_all(p, &len);
	sx = memmem(b, len, "startxref\n", 10);
	assert_non_null(sx);
	for (sx += 10; *sx >= '0' && *sx <= '9'; sx++)
		*sx = '1';
	write_bytes("stale-xref.pdf", b, len);
	free(b);
	assert_int_equal(inspect("stale-xref.pdf", &info), K_OK);
	assert_int_equal(info.pages, 2);
	assert_int_equal(info.created, 1706700896LL);
}

static void test_inspect_encrypted(void **state)
{
	struct pdf_info info;

	(void)state;
	/* owner-password-only: opens, but is flagged */
	assert_int_equal(inspect("owner-only.pdf", &info), K_OK);
	assert_int_equal(info.encrypted, 1);
	assert_int_equal(info.pages, 1);
	/* a user password: cannot be opened at all */
	assert_int_equal(inspect("user-pw.pdf", &info), K_EDENIED);
	assert_int_equal(info.encrypted, 1);
	assert_int_equal(info.pages, 0);
}

static void test_inspect_broken(void **state)
{
	struct pdf_info info;
	char p[512];

	(void)state;
	assert_int_equal(inspect("truncated.pdf", &info), K_EINVAL);
	assert_int_equal(info.pages, 0);
	assert_int_equal(inspect("html.pdf", &info), K_EINVAL);
	assert_int_equal(inspect("photo.jpg", &info), K_EINVAL);
	assert_int_equal(inspect("elf.jpg", &info), K_EINVAL);
	/* "%PDF" and "%%EOF" but nothing in between */
	write_bytes("empty.pdf", "%PDF-1.4\n%%EOF\n", 15);
	assert_int_equal(inspect("empty.pdf", &info), K_EINVAL);
	assert_int_equal(inspect("missing.pdf", &info), K_EIO);
	path_of(p, sizeof p, "one.pdf");
	assert_int_equal(pdf_inspect(NULL, &info), K_EINVAL);
	assert_int_equal(pdf_inspect(p, NULL), K_EINVAL);
	assert_int_equal(pdf_inspect(dir, &info), K_EINVAL);
}

static void test_parse_date(void **state)
{
	(void)state;
	assert_int_equal(pdf_parse_date("D:20240131123456+01'00'"), 1706700896LL);
	assert_int_equal(pdf_parse_date("D:20240131123456+01'00"), 1706700896LL);
	assert_int_equal(pdf_parse_date("D:20240131113456Z"), 1706700896LL);
	assert_int_equal(pdf_parse_date("D:20240131113456Z00'00'"), 1706700896LL);
	assert_int_equal(pdf_parse_date("20240131113456"), 1706700896LL);
	assert_int_equal(pdf_parse_date("D:20240131063456-05'00'"), 1706700896LL);
	assert_int_equal(pdf_parse_date("D:202306"), 1685577600LL);
	assert_int_equal(pdf_parse_date("D:2023"), 1672531200LL);
	assert_int_equal(pdf_parse_date("D:20240229120000"), 1709208000LL);
	/* not dates */
	assert_int_equal(pdf_parse_date(NULL), 0);
	assert_int_equal(pdf_parse_date(""), 0);
	assert_int_equal(pdf_parse_date("D:"), 0);
	assert_int_equal(pdf_parse_date("D:20x4"), 0);
	assert_int_equal(pdf_parse_date("D:20231301"), 0);   /* month 13 */
	assert_int_equal(pdf_parse_date("D:20230231"), 0);   /* 31 February */
	assert_int_equal(pdf_parse_date("D:2023010125"), 0); /* hour 25 */
	assert_int_equal(pdf_parse_date("D:202301011"), 0);  /* half a field */
	assert_int_equal(pdf_parse_date("D:20230101+2"), 0); /* half an offset */
	assert_int_equal(pdf_parse_date("D:19000101"), 0);   /* before 1970 */
}

/* --- pdf_from_image ------------------------------------------------------ */

/* page_box: width and height of page 0's /MediaBox. */
static void page_box(const char *name, double *w, double *h)
{
	char p[512];
	qpdf_data q = qpdf_init();
	qpdf_oh page, box;

	path_of(p, sizeof p, name);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_silence_errors(q);
	assert_false(qpdf_read(q, p, "") & QPDF_ERRORS);
	page = qpdf_get_page_n(q, 0);
	box = qpdf_oh_get_key(q, page, "/MediaBox");
	assert_true(qpdf_oh_is_array(q, box));
	*w = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, box, 2)) -
	     qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, box, 0));
	*h = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, box, 3)) -
	     qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, box, 1));
	qpdf_cleanup(&q);
}

/* file_contains: 1 if the file holds the bytes needle[0..n). */
static int file_contains(const char *name, const void *needle, size_t n)
{
	char p[512];
	size_t len;
	unsigned char *b;
	int found;

	path_of(p, sizeof p, name);
	b = read_all(p, &len);
	found = memmem(b, len, needle, n) != NULL;
	free(b);
	return found;
}

static void image_pdf(const char *img, enum filetype t, const char *out)
{
	char in[512], o[512];
	struct pdf_info info;
	char mime[FILETYPE_MIME_MAX];

	path_of(in, sizeof in, img);
	path_of(o, sizeof o, out);
	assert_int_equal(pdf_from_image(in, t, o), K_OK);
	assert_int_equal(type_of(out, mime), FT_PDF);
	assert_int_equal(inspect(out, &info), K_OK);
	assert_int_equal(info.pages, 1);
	assert_int_equal(info.encrypted, 0);
}

static void test_from_png(void **state)
{
	double w, h;

	(void)state;
	image_pdf("photo.png", FT_PNG, "png.pdf");
	/* landscape image, landscape A4 */
	page_box("png.pdf", &w, &h);
	assert_true(w > 841 && w < 842.5);
	assert_true(h > 595 && h < 596);
}

static void test_from_jpeg(void **state)
{
	double w, h;

	(void)state;
	image_pdf("photo.jpg", FT_JPEG, "jpg.pdf");
	page_box("jpg.pdf", &w, &h);
	assert_true(w > h);
	/* embedded as-is: the JPEG's entropy-coded tail is in the PDF */
	assert_true(file_contains("jpg.pdf", jpeg_16x8 + sizeof jpeg_16x8 - 24, 24));
	assert_true(file_contains("jpg.pdf", "/DCTDecode", 10));
	/* EXIF orientation 6 (rotate 90): the 16x8 photo stands upright */
	image_pdf("rotated.jpg", FT_JPEG, "rotated.pdf");
	page_box("rotated.pdf", &w, &h);
	assert_true(w > 595 && w < 596);
	assert_true(h > 841 && h < 842.5);
}

/* A JPEG is embedded, never decoded: a frame header claiming 30000 x 30000
 * pixels (3.6 GB as pixels) costs no memory and keeps its size in the PDF. */
static void test_from_jpeg_no_pixels(void **state)
{
	unsigned char huge[sizeof jpeg_16x8], *sof;
	struct rusage ru;
	long before;

	(void)state;
	memcpy(huge, jpeg_16x8, sizeof huge);
	sof = memmem(huge, sizeof huge, "\xff\xc0\x00\x11\x08", 5);
	assert_non_null(sof);
	sof[5] = sof[7] = 0x75; /* 0x7530 = 30000 */
	sof[6] = sof[8] = 0x30;
	write_bytes("huge.jpg", huge, sizeof huge);
	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	before = ru.ru_maxrss;
	image_pdf("huge.jpg", FT_JPEG, "huge.pdf");
	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	assert_true(ru.ru_maxrss - before < 20 * 1024); /* KiB */
	assert_true(file_contains("huge.pdf", "/Width 30000", 12));
	assert_true(file_contains("huge.pdf", "/DCTDecode", 10));
}

static void test_from_image_refused(void **state)
{
	char in[512], out[512];

	(void)state;
	path_of(out, sizeof out, "refused.pdf");
	path_of(in, sizeof in, "photo.heic");
	assert_int_equal(pdf_from_image(in, FT_HEIC, out), K_EINVAL);
	path_of(in, sizeof in, "one.pdf");
	assert_int_equal(pdf_from_image(in, FT_PDF, out), K_EINVAL);
	/* content that is not what t says */
	path_of(in, sizeof in, "elf.jpg");
	assert_int_equal(pdf_from_image(in, FT_JPEG, out), K_EINVAL);
	assert_int_equal(pdf_from_image(in, FT_PNG, out), K_EINVAL);
	path_of(in, sizeof in, "photo.jpg");
	assert_int_equal(pdf_from_image(in, FT_PNG, out), K_EINVAL);
	/* a JPEG cut off before its frame header */
	write_bytes("cut.jpg", jpeg_16x8, 100);
	path_of(in, sizeof in, "cut.jpg");
	assert_int_equal(pdf_from_image(in, FT_JPEG, out), K_EINVAL);
	/* a PNG header claiming 100000 x 100000 pixels */
	static const unsigned char big[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
					    0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 6, 0, 0, 0};
	write_bytes("big.png", big, sizeof big);
	path_of(in, sizeof in, "big.png");
	assert_int_equal(pdf_from_image(in, FT_PNG, out), K_ETOOBIG);
	path_of(in, sizeof in, "missing.png");
	assert_int_equal(pdf_from_image(in, FT_PNG, out), K_EIO);
	assert_false(exists("refused.pdf"));
	/* an output that cannot be written */
	path_of(in, sizeof in, "photo.png");
	assert_int_equal(pdf_from_image(in, FT_PNG, "/nonexistent-dir/x.pdf"), K_EIO);
	assert_int_equal(pdf_from_image(NULL, FT_PNG, out), K_EINVAL);
}

/* --- pdf_merge ----------------------------------------------------------- */

static int merge(const char *const *names, int n, const char *out, int *pages)
{
	char p[PDF_MERGE_MAX + 1][512], o[512];
	const char *in[PDF_MERGE_MAX + 1];

	assert_true(n <= PDF_MERGE_MAX + 1);
	for (int i = 0; i < n; i++) {
		path_of(p[i], sizeof p[i], names[i]);
		in[i] = p[i];
	}
	path_of(o, sizeof o, out);
	return pdf_merge(in, n, o, pages);
}

static void test_merge(void **state)
{
	const char *names[] = {"one.pdf", "three.pdf", "img.pdf"};
	struct pdf_info info;
	int pages = -1;

	(void)state;
	image_pdf("photo.jpg", FT_JPEG, "img.pdf");
	assert_int_equal(merge(names, 3, "merged.pdf", &pages), K_OK);
	assert_int_equal(pages, 5);
	assert_int_equal(inspect("merged.pdf", &info), K_OK);
	assert_int_equal(info.pages, 5);
	assert_int_equal(info.encrypted, 0);
	/* the photo came along, still as JPEG */
	assert_true(file_contains("merged.pdf", "/DCTDecode", 10));
	/* one input, the same input twice, pages_out NULL */
	assert_int_equal(merge(names + 1, 1, "single.pdf", &pages), K_OK);
	assert_int_equal(pages, 3);
	const char *twice[] = {"three.pdf", "three.pdf"};
	assert_int_equal(merge(twice, 2, "twice.pdf", NULL), K_OK);
	assert_int_equal(inspect("twice.pdf", &info), K_OK);
	assert_int_equal(info.pages, 6);
	/* the most inputs */
	const char *many[PDF_MERGE_MAX + 1];
	for (int i = 0; i <= PDF_MERGE_MAX; i++)
		many[i] = "one.pdf";
	assert_int_equal(merge(many, PDF_MERGE_MAX, "many.pdf", &pages), K_OK);
	assert_int_equal(pages, PDF_MERGE_MAX);
	assert_int_equal(merge(many, PDF_MERGE_MAX + 1, "toomany.pdf", &pages), K_EINVAL);
	assert_false(exists("toomany.pdf"));
}

static void test_merge_refused(void **state)
{
	int pages = -1;

	(void)state;
	/* owner-password-only: would merge to an unencrypted file, refused */
	const char *owner[] = {"one.pdf", "owner-only.pdf"};
	assert_int_equal(merge(owner, 2, "out1.pdf", &pages), K_EDENIED);
	assert_int_equal(pages, 0);
	assert_false(exists("out1.pdf"));
	const char *user[] = {"user-pw.pdf", "one.pdf"};
	assert_int_equal(merge(user, 2, "out2.pdf", &pages), K_EDENIED);
	assert_false(exists("out2.pdf"));
	const char *broken[] = {"one.pdf", "truncated.pdf"};
	assert_int_equal(merge(broken, 2, "out3.pdf", &pages), K_EINVAL);
	const char *html[] = {"html.pdf"};
	assert_int_equal(merge(html, 1, "out4.pdf", &pages), K_EINVAL);
	const char *missing[] = {"one.pdf", "missing.pdf"};
	assert_int_equal(merge(missing, 2, "out5.pdf", &pages), K_EIO);
	assert_false(exists("out3.pdf") || exists("out4.pdf") || exists("out5.pdf"));
	/* refused before writing: an existing output is untouched */
	write_bytes("out6.pdf", "old", 3);
	assert_int_equal(merge(owner, 2, "out6.pdf", &pages), K_EDENIED);
	assert_true(exists("out6.pdf"));
	/* arguments */
	assert_int_equal(merge(owner, 0, "out7.pdf", &pages), K_EINVAL);
	assert_int_equal(pdf_merge(NULL, 1, "x", &pages), K_EINVAL);
	const char *withnull[] = {NULL};
	assert_int_equal(pdf_merge(withnull, 1, "x", &pages), K_EINVAL);
	const char *ok[] = {"one.pdf"};
	assert_int_equal(merge(ok, 1, "../nonexistent-dir/x.pdf", &pages), K_EIO);
	assert_int_equal(pages, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filetype_by_content),
		cmocka_unit_test(test_inspect_pages_and_dates),
		cmocka_unit_test(test_inspect_info_dates),
		cmocka_unit_test(test_inspect_repaired),
		cmocka_unit_test(test_inspect_encrypted),
		cmocka_unit_test(test_inspect_broken),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_from_png),
		cmocka_unit_test(test_from_jpeg),
		cmocka_unit_test(test_from_jpeg_no_pixels),
		cmocka_unit_test(test_from_image_refused),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
