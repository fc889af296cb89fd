/* PDF checks, image-to-PDF and merging (see pdf.h). qpdf's C API reads and
 * merges; cairo's PDF surface draws photos (a HEIC decoded by adapters/heif.c
 * first). Traps (LIBRARIES.md): qpdf needs both qpdf_set_suppress_warnings
 * and qpdf_silence_errors to stay quiet; an owner-password-only file opens
 * and would merge to an unencrypted output, so encryption is checked before
 * merging; pages added from another qpdf_data are only copied at qpdf_write,
 * so every source stays open until then. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <qpdf/qpdf-c.h>
#include "adapters/heif.h"
#include "adapters/pdf.h"
#include "util/err.h"

/* A4 in PDF points, and the margin around an image (10 mm). */
#define A4_W 595.2756
#define A4_H 841.8898
#define MARGIN 28.3465
/* How far from the end "%%EOF" must be found. */
#define EOF_WINDOW 1024

/* --- dates ------------------------------------------------------------------ */

/* digits: n decimal digits at s into *v; 1 on success. */
static int digits(const char *s, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 1;
}

long long pdf_parse_date(const char *s)
{
	/* field widths and bounds after the year: month day hour min sec */
	static const int lo[5] = {1, 1, 0, 0, 0}, hi[5] = {12, 31, 23, 59, 59};
	int f[5] = {1, 1, 0, 0, 0}, year, off = 0, oh = 0, om = 0;
	struct tm tm;
	time_t t;

	if (!s)
		return 0;
	if (s[0] == 'D' && s[1] == ':')
		s += 2;
	if (!digits(s, 4, &year) || year < 1970 || year > 9999)
		return 0;
	s += 4;
	for (int i = 0; i < 5 && s[0] >= '0' && s[0] <= '9'; i++) {
		if (!digits(s, 2, &f[i]) || f[i] < lo[i] || f[i] > hi[i])
			return 0;
		s += 2;
	}
	if (*s == '+' || *s == '-') {
		int sign = *s == '-' ? -1 : 1;
		s++;
		if (!digits(s, 2, &oh) || oh > 23)
			return 0;
		s += 2;
		if (*s == '\'')
			s++;
		if (s[0] >= '0' && s[0] <= '9') {
			if (!digits(s, 2, &om) || om > 59)
				return 0;
			s += 2;
		}
		off = sign * (oh * 3600 + om * 60);
	} else if (*s == 'Z') {
		s++;
	}
	/* anything after (a closing quote, trailing junk) is ignored */
	memset(&tm, 0, sizeof tm);
	tm.tm_year = year - 1900;
	tm.tm_mon = f[0] - 1;
	tm.tm_mday = f[1];
	tm.tm_hour = f[2];
	tm.tm_min = f[3];
	tm.tm_sec = f[4];
	t = timegm(&tm);
	if (t == (time_t)-1 || tm.tm_mday != f[1])
		return 0; /* 31 February and the like */
	t -= off;
	return t > 0 ? (long long)t : 0;
}

/* --- reading ---------------------------------------------------------------- */

/* has_eof_marker: K_OK if "%%EOF" is in the last EOF_WINDOW bytes of path,
 * K_EINVAL if not (truncated), K_EIO if it cannot be read. */
static int has_eof_marker(const char *path)
{
	char tail[EOF_WINDOW];
	int rc = K_EIO, fd;
	struct stat st;
	off_t from;
	ssize_t got;
	size_t have = 0, want;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return K_EIO;
	if (fstat(fd, &st) != 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		rc = K_EINVAL;
		goto out;
	}
	from = st.st_size > EOF_WINDOW ? st.st_size - EOF_WINDOW : 0;
	want = (size_t)(st.st_size - from);
	while (have < want) {
		got = pread(fd, tail + have, want - have, from + (off_t)have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		have += (size_t)got;
	}
	rc = memmem(tail, have, "%%EOF", 5) ? K_OK : K_EINVAL;
out:
	close(fd);
	return rc;
}

/* q_free: clean up *q, first taking any error qpdf still holds (it would
 * print "application did not handle error" otherwise). */
static void q_free(qpdf_data *q)
{
	if (!*q)
		return;
	while (qpdf_has_error(*q))
		(void)qpdf_get_error(*q);
	qpdf_cleanup(q);
}

/* pdf_open: read path into a new quiet qpdf handle *qout (the caller cleans
 * it up, also on failure when it is not NULL) and fill *info. Return values
 * as pdf_inspect. */
static int pdf_open(const char *path, qpdf_data *qout, struct pdf_info *info)
{
	qpdf_data q;
	QPDF_ERROR_CODE r;
	qpdf_error e;
	int rc;

	memset(info, 0, sizeof *info);
	*qout = NULL;
	rc = has_eof_marker(path);
	if (rc != K_OK)
		return rc;
	q = qpdf_init();
	if (!q)
		return K_ENOMEM;
	*qout = q;
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_silence_errors(q);
	r = qpdf_read(q, path, "");
	if (r & QPDF_ERRORS) {
		e = qpdf_get_error(q);
		if (e && qpdf_get_error_code(q, e) == qpdf_e_password) {
			info->encrypted = 1;
			return K_EDENIED;
		}
		return K_EINVAL;
	}
	info->encrypted = qpdf_is_encrypted(q) ? 1 : 0;
	info->pages = qpdf_get_num_pages(q);
	if (info->pages < 1 || qpdf_has_error(q)) {
		info->pages = 0;
		return K_EINVAL;
	}
	info->created = pdf_parse_date(qpdf_get_info_key(q, "/CreationDate"));
	info->modified = pdf_parse_date(qpdf_get_info_key(q, "/ModDate"));
	return K_OK;
}

int pdf_inspect(const char *path, struct pdf_info *info)
{
	qpdf_data q = NULL;
	int rc;

	if (!path || !info)
		return K_EINVAL;
	rc = pdf_open(path, &q, info);
	q_free(&q);
	return rc;
}

/* --- merging ---------------------------------------------------------------- */

int pdf_merge(const char *const *inputs, int n, const char *out_pdf, int *pages_out)
{
	qpdf_data src[PDF_MERGE_MAX] = {NULL}, dst = NULL;
	struct pdf_info info[PDF_MERGE_MAX];
	int rc = K_EINVAL, total = 0, i, p, written = 0;
	qpdf_error e;

	if (pages_out)
		*pages_out = 0;
	if (!inputs || !out_pdf || n < 1 || n > PDF_MERGE_MAX)
		return K_EINVAL;
	for (i = 0; i < n; i++)
		if (!inputs[i])
			return K_EINVAL;
	/* open and check every input before anything is merged */
	for (i = 0; i < n; i++) {
		rc = pdf_open(inputs[i], &src[i], &info[i]);
		if (rc == K_OK && info[i].encrypted)
			rc = K_EDENIED;
		if (rc != K_OK)
			goto out;
		if (info[i].pages > PDF_PAGES_MAX - total) {
			rc = K_ETOOBIG;
			goto out;
		}
		total += info[i].pages;
	}
	dst = qpdf_init();
	if (!dst) {
		rc = K_ENOMEM;
		goto out;
	}
	qpdf_set_suppress_warnings(dst, QPDF_TRUE);
	qpdf_silence_errors(dst);
	rc = K_EINVAL;
	if (qpdf_empty_pdf(dst) & QPDF_ERRORS)
		goto out;
	for (i = 0; i < n; i++) {
		for (p = 0; p < info[i].pages; p++) {
			qpdf_oh page = qpdf_get_page_n(src[i], (size_t)p);
			if (qpdf_has_error(src[i]) || (qpdf_add_page(dst, src[i], page, QPDF_FALSE) & QPDF_ERRORS))
				goto out;
		}
	}
	written = 1; /* from here on out_pdf may exist */
	if (qpdf_init_write(dst, out_pdf) & QPDF_ERRORS) {
		rc = K_EIO;
		goto out;
	}
	if (qpdf_write(dst) & QPDF_ERRORS) {
		/* an input whose streams cannot be read fails here too */
		e = qpdf_get_error(dst);
		rc = e && qpdf_get_error_code(dst, e) == qpdf_e_system ? K_EIO : K_EINVAL;
		goto out;
	}
	if (pages_out)
		*pages_out = total;
	rc = K_OK;
out:
	/* the output first: it refers to the sources' objects until cleaned up */
	q_free(&dst);
	for (i = 0; i < n; i++)
		q_free(&src[i]);
	if (rc != K_OK && written)
		unlink(out_pdf);
	return rc;
}

/* --- images ----------------------------------------------------------------- */

/* read_file: the whole of path (a regular file of at most max bytes) into a
 * new malloc'd buffer. */
static int read_file(const char *path, long long max, unsigned char **data, size_t *len)
{
	unsigned char *b = NULL;
	int rc = K_EIO, fd;
	struct stat st;
	size_t have = 0;
	ssize_t got;

	*data = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return K_EIO;
	if (fstat(fd, &st) != 0)
		goto out;
	if (!S_ISREG(st.st_mode) || st.st_size <= 0) {
		rc = K_EINVAL;
		goto out;
	}
	if (st.st_size > max) {
		rc = K_ETOOBIG;
		goto out;
	}
	b = malloc((size_t)st.st_size);
	if (!b) {
		rc = K_ENOMEM;
		goto out;
	}
	while (have < (size_t)st.st_size) {
		got = read(fd, b + have, (size_t)st.st_size - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		have += (size_t)got;
	}
	if (have != (size_t)st.st_size)
		goto out; /* changed under us */
	*data = b;
	*len = have;
	b = NULL;
	rc = K_OK;
out:
	free(b);
	close(fd);
	return rc;
}

static unsigned get16(const unsigned char *p, int le)
{
	return le ? (unsigned)p[0] | (unsigned)p[1] << 8 : (unsigned)p[0] << 8 | (unsigned)p[1];
}

static uint32_t get32(const unsigned char *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* exif_orientation: the Orientation tag (1..8) of IFD0 in an APP1 payload
 * p[0..n), or 1 if there is none. */
static int exif_orientation(const unsigned char *p, size_t n)
{
	const unsigned char *t;
	size_t tn, ifd, cnt;
	int le;

	if (n < 6 + 8 || memcmp(p, "Exif\0\0", 6) != 0)
		return 1;
	t = p + 6;
	tn = n - 6;
	if (memcmp(t, "II*\0", 4) == 0)
		le = 1;
	else if (memcmp(t, "MM\0*", 4) == 0)
		le = 0;
	else
		return 1;
	ifd = get32(t + 4, le);
	if (ifd > tn || tn - ifd < 2)
		return 1;
	cnt = get16(t + ifd, le);
	for (size_t i = 0; i < cnt; i++) {
		size_t e = ifd + 2 + i * 12;
		if (e > tn || tn - e < 12)
			break;
		if (get16(t + e, le) == 0x0112 && get16(t + e + 2, le) == 3) {
			unsigned o = get16(t + e + 8, le);
			return o >= 1 && o <= 8 ? (int)o : 1;
		}
	}
	return 1;
}

/* jpeg_info: width, height and EXIF orientation from the markers before the
 * first scan. K_EINVAL if there is no usable frame header. It walks the
 * markers as cairo's own JPEG parser does (SOI, TEM and RSTn stand alone),
 * only stricter, so cairo finds the same frame header and embeds the JPEG
 * instead of falling back to the blank pixels. */
static int jpeg_info(const unsigned char *d, size_t n, int *w, int *h, int *orient)
{
	size_t i = 2, len;
	unsigned m;

	*orient = 1;
	if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
		return K_EINVAL;
	while (i + 4 <= n) {
		if (d[i] != 0xFF)
			return K_EINVAL;
		while (i < n && d[i] == 0xFF)
			i++; /* fill bytes */
		if (i >= n)
			return K_EINVAL;
		m = d[i++];
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD8))
			continue; /* no length */
		if (m == 0xD9 || m == 0xDA || i + 2 > n)
			return K_EINVAL; /* end or scan before a frame header */
		len = get16(d + i, 0);
		if (len < 2 || len > n - i)
			return K_EINVAL;
		if (m == 0xE1)
			*orient = exif_orientation(d + i + 2, len - 2);
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (len < 8)
				return K_EINVAL;
			*h = (int)get16(d + i + 3, 0);
			*w = (int)get16(d + i + 5, 0);
			return *w > 0 && *h > 0 ? K_OK : K_EINVAL;
		}
		i += len;
	}
	return K_EINVAL;
}

/* jpeg_surface: a 1x1 RGB24 image surface carrying the JPEG itself as
 * CAIRO_MIME_TYPE_JPEG, and the JPEG's size and orientation. The PDF surface
 * embeds the JPEG unchanged (DCTDecode, its own /Width and /Height) and, as
 * for every PDF image, draws it into the unit square of the pattern's space:
 * the caller scales that square to w x h. A blank surface of the JPEG's real
 * size would work too, but cairo copies its pixels when the surface is
 * destroyed (copy-on-write snapshot): 48 MB for a 12-megapixel photo. */
static int jpeg_surface(const char *path, cairo_surface_t **out, int *w, int *h, int *orient)
{
	unsigned char *data = NULL;
	cairo_surface_t *s = NULL;
	size_t len;
	int rc;

	*out = NULL;
	rc = read_file(path, PDF_IMAGE_BYTES_MAX, &data, &len);
	if (rc != K_OK)
		return rc;
	rc = jpeg_info(data, len, w, h, orient);
	if (rc != K_OK)
		goto out;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	rc = K_ENOMEM;
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		goto out;
	if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len, free, data) != CAIRO_STATUS_SUCCESS)
		goto out;
	data = NULL; /* owned by the surface now */
	*out = s;
	s = NULL;
	rc = K_OK;
out:
	if (s)
		cairo_surface_destroy(s);
	free(data);
	return rc;
}

/* png_surface: the decoded PNG, after checking its header's size. */
static int png_surface(const char *path, cairo_surface_t **out)
{
	unsigned char hdr[24];
	cairo_surface_t *s;
	ssize_t got;
	uint32_t w, h;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return K_EIO;
	got = read(fd, hdr, sizeof hdr);
	close(fd);
	if (got != (ssize_t)sizeof hdr || memcmp(hdr, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp(hdr + 12, "IHDR", 4) != 0)
		return K_EINVAL;
	w = get32(hdr + 16, 0);
	h = get32(hdr + 20, 0);
	if (w == 0 || h == 0)
		return K_EINVAL;
	if ((long long)w * h > PDF_PNG_PIXELS_MAX)
		return K_ETOOBIG;
	s = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return K_EINVAL;
	}
	*out = s;
	return K_OK;
}

/* heif_surface: the decoded HEIC/HEIF (its rotation and mirroring already
 * applied by libheif) as an image surface that owns the pixels. */
static int heif_surface(const char *path, cairo_surface_t **out)
{
	static const cairo_user_data_key_t pixels_key;
	struct heif_rgb rgb;
	cairo_surface_t *s;
	int rc;

	*out = NULL;
	rc = heif_decode_rgb(path, PDF_IMAGE_BYTES_MAX, PDF_PNG_PIXELS_MAX, &rgb);
	if (rc != K_OK)
		return rc;
	s = cairo_image_surface_create_for_data(rgb.data, rgb.alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
						rgb.width, rgb.height, rgb.stride);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_set_user_data(s, &pixels_key, rgb.data, free) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		heif_rgb_free(&rgb);
		return K_ENOMEM;
	}
	*out = s; /* rgb.data is freed with the surface */
	return K_OK;
}

/* orient_matrix: maps stored pixel coordinates (w x h) to displayed ones
 * for EXIF orientation o; *dw x *dh is the displayed size. */
static void orient_matrix(int o, double w, double h, cairo_matrix_t *m, double *dw, double *dh)
{
	/* xx yx xy yy x0 y0: X = xx x + xy y + x0, Y = yx x + yy y + y0 */
	switch (o) {
	case 2: cairo_matrix_init(m, -1, 0, 0, 1, w, 0); break;  /* mirror left-right */
	case 3: cairo_matrix_init(m, -1, 0, 0, -1, w, h); break; /* rotate 180 */
	case 4: cairo_matrix_init(m, 1, 0, 0, -1, 0, h); break;  /* mirror top-bottom */
	case 5: cairo_matrix_init(m, 0, 1, 1, 0, 0, 0); break;   /* transpose */
	case 6: cairo_matrix_init(m, 0, 1, -1, 0, h, 0); break;  /* rotate 90 clockwise */
	case 7: cairo_matrix_init(m, 0, -1, -1, 0, h, w); break; /* transverse */
	case 8: cairo_matrix_init(m, 0, -1, 1, 0, 0, w); break;  /* rotate 90 anticlockwise */
	default: cairo_matrix_init_identity(m); break;
	}
	*dw = o >= 5 ? h : w;
	*dh = o >= 5 ? w : h;
}

int pdf_from_image(const char *image_path, enum filetype t, const char *out_pdf)
{
	cairo_surface_t *img = NULL, *pdf = NULL;
	cairo_t *cr = NULL;
	cairo_matrix_t m;
	double w, h, dw, dh, pw, ph, s, sx, sy;
	int rc, orient = 1, created = 0, iw = 0, ih = 0;

	if (!image_path || !out_pdf)
		return K_EINVAL;
	if (t == FT_JPEG) {
		rc = jpeg_surface(image_path, &img, &iw, &ih, &orient);
	} else if (t == FT_PNG || t == FT_HEIC) {
		rc = t == FT_PNG ? png_surface(image_path, &img) : heif_surface(image_path, &img);
		if (rc == K_OK) {
			iw = cairo_image_surface_get_width(img);
			ih = cairo_image_surface_get_height(img);
		}
	} else {
		return K_EINVAL; /* a PDF or anything else */
	}
	if (rc != K_OK)
		goto out;
	w = iw;
	h = ih;
	orient_matrix(orient, w, h, &m, &dw, &dh);
	pw = dw > dh ? A4_H : A4_W;
	ph = dw > dh ? A4_W : A4_H;
	sx = (pw - 2 * MARGIN) / dw;
	sy = (ph - 2 * MARGIN) / dh;
	s = sx < sy ? sx : sy;

	rc = K_EIO;
	created = 1;
	pdf = cairo_pdf_surface_create(out_pdf, pw, ph);
	if (cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS)
		goto out;
	cr = cairo_create(pdf);
	cairo_translate(cr, (pw - dw * s) / 2, (ph - dh * s) / 2);
	cairo_scale(cr, s, s);
	cairo_transform(cr, &m);
	if (t == FT_JPEG)
		cairo_scale(cr, w, h); /* the 1x1 stand-in, see jpeg_surface */
	cairo_set_source_surface(cr, img, 0, 0);
	if (t == FT_JPEG)
		cairo_rectangle(cr, 0, 0, 1, 1);
	else
		cairo_rectangle(cr, 0, 0, w, h);
	cairo_fill(cr);
	cairo_show_page(cr);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(pdf); /* writes and closes the file */
	if (cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS)
		goto out;
	rc = K_OK;
out:
	if (cr)
		cairo_destroy(cr);
	if (pdf)
		cairo_surface_destroy(pdf);
	if (img)
		cairo_surface_destroy(img);
	if (rc != K_OK && created)
		unlink(out_pdf);
	return rc;
}
