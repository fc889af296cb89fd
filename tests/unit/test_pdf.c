/* Unit tests for src/adapters/filetype.c, src/adapters/pdf.c and
 * src/adapters/heif.c. Every fixture is made at run time in a temp dir: PDFs
 * drawn with cairo, encrypted copies written with qpdf, a PNG from cairo, a
 * tiny baseline JPEG from the byte array below, HEICs encoded with libheif's
 * HEVC encoder (x265), HTML named .pdf, /bin/true named .jpg. */
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
#include <sys/wait.h>
#include <cmocka.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <qpdf/qpdf-c.h>
#include <libheif/heif.h>
#include "adapters/filetype.h"
#include "adapters/heif.h"
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

/* x265 (libheif's HEVC encoder, used here only to make test photos) leaks
 * about 1 KiB in every x265_encoder_open; not ours, so LeakSanitizer is
 * told to ignore it (read by ASan builds only). x265 has no frame
 * pointers: only the library itself shows in the leak's stack. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libx265.so\n";
}

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

/* make_heic_ex: a w x h HEIC from libheif's HEVC encoder: the left half
 * red, the right half blue. orientation (EXIF numbering) is stored as
 * irot/imir boxes for the reader to apply. Flags: HEIC_GRID lets libheif
 * 1.15 wrap the coded image in a grid item (its way of cropping what the
 * codec padded), else the coded image is stored itself; HEIC_ALPHA makes
 * the right half half transparent (an alpha plane coded as its own image,
 * an 'auxl' of the photo); HEIC_EXTRAS adds what a phone adds: a thumbnail
 * ('thmb') and Exif ('cdsc') whose Orientation says 6, which a reader must
 * not apply on top of irot. */
enum { HEIC_GRID = 1, HEIC_ALPHA = 2, HEIC_EXTRAS = 4 };

static void make_heic_ex(const char *name, int w, int h, enum heif_orientation orientation, int flags)
{
	/* big-endian TIFF, IFD0 with Orientation = 6 */
	static const unsigned char exif[] = {'M', 'M', 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1,
					     0, 6, 0, 0, 0, 0, 0, 0};
	struct heif_image_handle *handle = NULL;
	int alpha = flags & HEIC_ALPHA ? 1 : 0, grid = flags & HEIC_GRID ? 1 : 0;
	struct heif_context *ctx = heif_context_alloc();
	struct heif_encoder *enc = NULL;
	struct heif_encoding_options *opt = heif_encoding_options_alloc();
	struct heif_image *img = NULL;
	uint8_t *px;
	int stride, bpp = alpha ? 4 : 3;
	char p[512];

	assert_non_null(ctx);
	assert_non_null(opt);
	assert_int_equal(heif_context_get_encoder_for_format(ctx, heif_compression_HEVC, &enc).code, heif_error_Ok);
	assert_int_equal(heif_encoder_set_lossy_quality(enc, 90).code, heif_error_Ok);
	assert_int_equal(heif_image_create(w, h, heif_colorspace_RGB,
					   alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, &img).code,
			 heif_error_Ok);
	assert_int_equal(heif_image_add_plane(img, heif_channel_interleaved, w, h, 8).code, heif_error_Ok);
	px = heif_image_get_plane(img, heif_channel_interleaved, &stride);
	assert_non_null(px);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			uint8_t *q = px + y * stride + bpp * x;
			q[0] = x < w / 2 ? 220 : 30;
			q[1] = 30;
			q[2] = x < w / 2 ? 30 : 220;
			if (alpha)
				q[3] = x < w / 2 ? 255 : 128;
		}
	}
	opt->image_orientation = orientation;
	opt->macOS_compatibility_workaround = grid ? 1 : 0;
	assert_int_equal(heif_context_encode_image(ctx, img, enc, opt, &handle).code, heif_error_Ok);
	if (flags & HEIC_EXTRAS) {
		assert_int_equal(heif_context_encode_thumbnail(ctx, img, handle, enc, opt, 16, NULL).code,
				 heif_error_Ok);
		assert_int_equal(heif_context_add_exif_metadata(ctx, handle, exif, (int)sizeof exif).code,
				 heif_error_Ok);
	}
	heif_image_handle_release(handle);
	path_of(p, sizeof p, name);
	assert_int_equal(heif_context_write_to_file(ctx, p).code, heif_error_Ok);
	heif_image_release(img);
	heif_encoding_options_free(opt);
	heif_encoder_release(enc);
	heif_context_free(ctx);
}

static void make_heic(const char *name, int w, int h, enum heif_orientation orientation, int grid)
{
	make_heic_ex(name, w, h, orientation, grid ? HEIC_GRID : 0);
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
	/* real HEICs: landscape; stored landscape but rotated 90 degrees
	 * clockwise for display (irot); an odd size libheif crops to; with an
	 * alpha plane */
	make_heic("real.heic", 64, 48, heif_orientation_normal, 1);
	make_heic("rotated.heic", 64, 48, heif_orientation_rotate_90_cw, 1);
	make_heic("odd.heic", 61, 45, heif_orientation_normal, 1);
	make_heic_ex("alpha.heic", 64, 48, heif_orientation_normal, HEIC_GRID | HEIC_ALPHA);
	/* the first half of a real one */
	path_of(src, sizeof src, "real.heic");
	b = read_all(src, &len);
	write_bytes("truncated.heic", b, len / 2);
	free(b);
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
	assert_int_equal(type_of("real.heic", mime), FT_HEIC);
	assert_string_equal(mime, "image/heic");
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

/* A HEIC is decoded (libheif applies its rotation) and drawn like a PNG:
 * an image of the displayed size on a page of the displayed orientation. */
static void test_from_heic(void **state)
{
	double w, h;

	(void)state;
	image_pdf("real.heic", FT_HEIC, "heic.pdf");
	page_box("heic.pdf", &w, &h);
	assert_true(w > 841 && w < 842.5); /* landscape A4 */
	assert_true(h > 595 && h < 596);
	assert_true(file_contains("heic.pdf", "/Width 64", 9));
	assert_true(file_contains("heic.pdf", "/Height 48", 10));
	/* irot 90: the 64 x 48 photo stands upright, as 48 x 64 pixels */
	image_pdf("rotated.heic", FT_HEIC, "heic-rotated.pdf");
	page_box("heic-rotated.pdf", &w, &h);
	assert_true(w > 595 && w < 596); /* portrait A4 */
	assert_true(h > 841 && h < 842.5);
	assert_true(file_contains("heic-rotated.pdf", "/Width 48", 9));
	assert_true(file_contains("heic-rotated.pdf", "/Height 64", 10));
	/* merges like any page */
	const char *names[] = {"heic.pdf", "heic-rotated.pdf"};
	char p[2][512], o[512];
	const char *in[2];
	int pages = 0;
	for (int i = 0; i < 2; i++) {
		path_of(p[i], sizeof p[i], names[i]);
		in[i] = p[i];
	}
	path_of(o, sizeof o, "heic-merged.pdf");
	assert_int_equal(pdf_merge(in, 2, o, &pages), K_OK);
	assert_int_equal(pages, 2);
}

/* rgb_at: the pixel at x, y of a decoded RGB24 image. */
static void rgb_at(const struct heif_rgb *img, int x, int y, int *r, int *g, int *b)
{
	uint32_t v;

	assert_true(x >= 0 && x < img->width && y >= 0 && y < img->height);
	memcpy(&v, img->data + (size_t)y * (size_t)img->stride + 4 * (size_t)x, 4);
	*r = (int)(v >> 16 & 0xff);
	*g = (int)(v >> 8 & 0xff);
	*b = (int)(v & 0xff);
}

static int is_red(const struct heif_rgb *img, int x, int y)
{
	int r, g, b;

	rgb_at(img, x, y, &r, &g, &b);
	return r > 170 && g < 80 && b < 80;
}

static int is_blue(const struct heif_rgb *img, int x, int y)
{
	int r, g, b;

	rgb_at(img, x, y, &r, &g, &b);
	return r < 80 && g < 80 && b > 170;
}

static void test_heif_decode(void **state)
{
	struct heif_rgb img;
	char p[512];

	(void)state;
	path_of(p, sizeof p, "real.heic");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_OK);
	assert_int_equal(img.width, 64);
	assert_int_equal(img.height, 48);
	assert_int_equal(img.alpha, 0);
	assert_int_equal(img.stride, cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, 64));
	assert_true(is_red(&img, 8, 24));
	assert_true(is_blue(&img, 56, 24));
	heif_rgb_free(&img);
	assert_null(img.data);
	/* irot 90 clockwise: the red left half is now on top */
	path_of(p, sizeof p, "rotated.heic");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_OK);
	assert_int_equal(img.width, 48);
	assert_int_equal(img.height, 64);
	assert_true(is_red(&img, 24, 8));
	assert_true(is_blue(&img, 24, 56));
	heif_rgb_free(&img);
	/* cropped to the size the file declares, not the coded 64 x 48 */
	path_of(p, sizeof p, "odd.heic");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_OK);
	assert_int_equal(img.width, 61);
	assert_int_equal(img.height, 45);
	heif_rgb_free(&img);
	heif_rgb_free(NULL);
	/* with an alpha plane: premultiplied ARGB32 */
	path_of(p, sizeof p, "alpha.heic");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_OK);
	assert_int_equal(img.alpha, 1);
	assert_int_equal(img.stride, cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, 64));
	uint32_t v;
	memcpy(&v, img.data + 24 * (size_t)img.stride + 4 * 8, 4);
	assert_true(v >> 24 > 240 && (v >> 16 & 0xff) > 170); /* opaque red */
	memcpy(&v, img.data + 24 * (size_t)img.stride + 4 * 56, 4);
	assert_true(v >> 24 > 110 && v >> 24 < 145);          /* half transparent */
	assert_true((v & 0xff) > 80 && (v & 0xff) <= v >> 24); /* blue, premultiplied */
	heif_rgb_free(&img);
	image_pdf("alpha.heic", FT_HEIC, "heic-alpha.pdf");
	/* thumbnail and Exif as a phone writes them: the photo is decoded, the
	 * Exif Orientation (6) is not applied, irot decides */
	make_heic_ex("phone.heic", 64, 48, heif_orientation_normal, HEIC_GRID | HEIC_ALPHA | HEIC_EXTRAS);
	path_of(p, sizeof p, "phone.heic");
	assert_true(file_contains("phone.heic", "thmb", 4));
	assert_true(file_contains("phone.heic", "cdsc", 4));
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_OK);
	assert_int_equal(img.width, 64);
	assert_int_equal(img.height, 48);
	heif_rgb_free(&img);
}

/* patch_grid: real.heic with the canvas of its grid item (a 16-bit
 * "output size" in the grid's idat, after version, flags, rows and
 * columns) set to w x h, as name. */
static void patch_grid(const char *name, unsigned w, unsigned h)
{
	char p[512];
	unsigned char *b, *idat;
	size_t len;

	path_of(p, sizeof p, "real.heic");
	b = read_all(p, &len);
	idat = memmem(b, len, "idat", 4);
	assert_non_null(idat);
	assert_true((size_t)(idat - b) + 16 <= len);
	assert_int_equal(idat[4], 0);     /* version */
	assert_int_equal(idat[5] & 1, 0); /* 16-bit fields */
	assert_int_equal(idat[8] << 8 | idat[9], 64);
	idat[8] = (unsigned char)(w >> 8);
	idat[9] = (unsigned char)w;
	idat[10] = (unsigned char)(h >> 8);
	idat[11] = (unsigned char)h;
	write_bytes(name, b, len);
	free(b);
}

/* patch_ispe: name with every ispe (declared size) set to w x h. */
static void patch_ispe(const char *name, unsigned w, unsigned h)
{
	char p[512];
	unsigned char *b, *at;
	size_t len;
	int n = 0;

	path_of(p, sizeof p, name);
	b = read_all(p, &len);
	for (at = b; (at = memmem(at, len - (size_t)(at - b), "ispe", 4)) != NULL; at += 4, n++) {
		assert_true((size_t)(at - b) + 12 <= len);
		for (int i = 0; i < 4; i++) {
			at[8 + i] = (unsigned char)(w >> (24 - 8 * i));
			at[12 + i] = (unsigned char)(h >> (24 - 8 * i));
		}
	}
	assert_true(n > 0);
	write_bytes(name, b, len);
	free(b);
}

static void test_heif_limits(void **state)
{
	struct heif_rgb img;
	struct stat st;
	char p[512];

	(void)state;
	path_of(p, sizeof p, "real.heic");
	assert_int_equal(stat(p, &st), 0);
	/* file size and declared pixels, before decoding */
	assert_int_equal(heif_decode_rgb(p, st.st_size - 1, PDF_PNG_PIXELS_MAX, &img), K_ETOOBIG);
	assert_null(img.data);
	assert_int_equal(heif_decode_rgb(p, st.st_size, 64 * 48 - 1, &img), K_ETOOBIG);
	assert_int_equal(heif_decode_rgb(p, st.st_size, 64 * 48, &img), K_OK);
	heif_rgb_free(&img);
	/* a 600-byte file whose grid canvas claims 9000 x 9000: refused by
	 * the side limit instead of decoding 81 megapixels */
	patch_grid("canvas.heic", 9000, 9000);
	path_of(p, sizeof p, "canvas.heic");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_ETOOBIG);
	/* a canvas within the side limit but over the pixels allowed: libheif
	 * decodes it (1.15 trusts the grid), the decoded size is checked */
	patch_grid("canvas2.heic", 2000, 2000);
	path_of(p, sizeof p, "canvas2.heic");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, 1000 * 1000, &img), K_ETOOBIG);
	assert_null(img.data);
	/* a coded picture bigger than the file declares (ispe 16 x 16, HEVC
	 * 256 x 256): passes the check before decoding, not the one after */
	make_heic("lying.heic", 256, 256, heif_orientation_normal, 0);
	patch_ispe("lying.heic", 16, 16);
	path_of(p, sizeof p, "lying.heic");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, 100 * 100, &img), K_ETOOBIG);
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, 256 * 256, &img), K_OK);
	assert_int_equal(img.width, 256);
	heif_rgb_free(&img);
	/* pdf_from_image passes its own limits on */
	path_of(p, sizeof p, "canvas.heic");
	char out[512];
	path_of(out, sizeof out, "canvas.pdf");
	assert_int_equal(pdf_from_image(p, FT_HEIC, out), K_ETOOBIG);
	assert_false(exists("canvas.pdf"));
}

/* patch_ref: a copy of src as name in which the nth (from 0) reference
 * of type (in a version 0 'iref': 16-bit IDs), which must be from item
 * `from` to one item, points at item `to` instead. */
static void patch_ref(const char *src, const char *name, const char *type, int nth, unsigned from, unsigned to)
{
	char p[512];
	unsigned char *b, *at;
	size_t len;

	path_of(p, sizeof p, src);
	b = read_all(p, &len);
	at = b;
	for (int i = 0; i <= nth; i++) {
		at = memmem(at, len - (size_t)(at - b), type, 4);
		assert_non_null(at);
		at += 4;
	}
	assert_true((size_t)(at - b) + 6 <= len);
	assert_int_equal(at[0] << 8 | at[1], from);
	assert_int_equal(at[2] << 8 | at[3], 1); /* one reference */
	at[4] = (unsigned char)(to >> 8);
	at[5] = (unsigned char)to;
	write_bytes(name, b, len);
	free(b);
}

/* decode_guarded: heif_decode_rgb of name in a child process that gets 5
 * seconds, so that a loop libheif 1.15 would follow for ever (a thread a
 * level, until the machine runs out of them) fails this test instead of
 * taking the machine down. The child's result, or -100 if it was killed. */
static int decode_guarded(const char *name)
{
	struct heif_rgb img;
	char p[512];
	pid_t pid;
	int status;

	path_of(p, sizeof p, name);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(5);
		_exit(-heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -100;
}

/* Reference loops that libheif 1.15 follows without end are refused
 * before it sees them, as are references to what is not an image and a
 * second 'meta' box. */
static void test_heif_loops(void **state)
{
	char p[512];
	unsigned char *b;
	size_t len;

	(void)state;
	/* items: 1 the tile, 2 the grid (primary); dimg 2 -> 1 */
	patch_ref("real.heic", "self.heic", "dimg", 0, 2, 2); /* the grid is its own tile */
	assert_int_equal(decode_guarded("self.heic"), K_EINVAL);
	/* with alpha: 1 tile, 2 grid, 3 alpha tile, 4 alpha grid; dimg 2 -> 1,
	 * dimg 4 -> 3, auxl 4 -> 2. The alpha grid's tile becomes the photo:
	 * 2 needs its alpha 4, which needs 2 (what the fuzzer found) */
	patch_ref("alpha.heic", "alpha-loop.heic", "dimg", 1, 4, 2);
	assert_int_equal(decode_guarded("alpha-loop.heic"), K_EINVAL);
	/* a tile that is no item */
	patch_ref("real.heic", "ghost.heic", "dimg", 0, 2, 9);
	assert_int_equal(decode_guarded("ghost.heic"), K_EINVAL);
	/* the unpatched files pass the same way */
	assert_int_equal(decode_guarded("real.heic"), K_OK);
	assert_int_equal(decode_guarded("alpha.heic"), K_OK);
	/* a second 'meta' (libheif would use the last one) */
	path_of(p, sizeof p, "real.heic");
	b = read_all(p, &len);
	unsigned char *meta = memmem(b, len, "meta", 4);
	assert_non_null(meta);
	meta -= 4;
	size_t mlen = (size_t)meta[0] << 24 | (size_t)meta[1] << 16 | (size_t)meta[2] << 8 | meta[3];
	assert_true(mlen <= len - (size_t)(meta - b));
	unsigned char *two = malloc(len + mlen);
	assert_non_null(two);
	memcpy(two, b, len);
	memcpy(two + len, meta, mlen);
	write_bytes("two-metas.heic", two, len + mlen);
	free(two);
	free(b);
	assert_int_equal(decode_guarded("two-metas.heic"), K_EINVAL);
}

static void test_heif_refused(void **state)
{
	struct heif_rgb img;
	char p[512];

	(void)state;
	path_of(p, sizeof p, "photo.heic"); /* an ftyp box and nothing else */
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_EINVAL);
	path_of(p, sizeof p, "truncated.heic");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_EINVAL);
	path_of(p, sizeof p, "photo.jpg");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_EINVAL);
	path_of(p, sizeof p, "missing.heic");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_EIO);
	assert_int_equal(heif_decode_rgb(dir, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_EINVAL);
	write_bytes("empty.heic", "", 0);
	path_of(p, sizeof p, "empty.heic");
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_EINVAL);
	path_of(p, sizeof p, "real.heic");
	assert_int_equal(heif_decode_rgb(NULL, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &img), K_EINVAL);
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, NULL), K_EINVAL);
	assert_int_equal(heif_decode_rgb(p, 0, PDF_PNG_PIXELS_MAX, &img), K_EINVAL);
	assert_int_equal(heif_decode_rgb(p, PDF_IMAGE_BYTES_MAX, 0, &img), K_EINVAL);
	assert_null(img.data);
}

static void test_from_image_refused(void **state)
{
	char in[512], out[512];

	(void)state;
	path_of(out, sizeof out, "refused.pdf");
	/* HEICs that cannot be decoded: a bare ftyp box, half a real file */
	path_of(in, sizeof in, "photo.heic");
	assert_int_equal(pdf_from_image(in, FT_HEIC, out), K_EINVAL);
	path_of(in, sizeof in, "truncated.heic");
	assert_int_equal(pdf_from_image(in, FT_HEIC, out), K_EINVAL);
	path_of(in, sizeof in, "photo.png");
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
		cmocka_unit_test(test_from_heic),
		cmocka_unit_test(test_heif_decode),
		cmocka_unit_test(test_heif_limits),
		cmocka_unit_test(test_heif_loops),
		cmocka_unit_test(test_heif_refused),
		cmocka_unit_test(test_from_image_refused),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
