/* libFuzzer target for adapters/heif.c (and the HEIC path of pdf_from_image).
 * The input (at most 1 MiB) is written to a temp file, then:
 *   - heif_decode_rgb with a 4-megapixel limit: K_OK, K_EINVAL, K_ETOOBIG or
 *     K_ENOMEM (libheif's own "memory allocation error"), never K_EIO; on
 *     K_OK the image keeps its contract: within the limits, cairo's stride
 *     for its format, and premultiplied (no colour above alpha) with alpha;
 *   - a small decoded image (at most 512 x 512) also goes through
 *     pdf_from_image: K_OK gives a readable 1-page PDF.
 * Must never crash, leak or take more than the limits allow.
 *
 * Seeds (tests/fuzz/corpus/fuzz_heif/) were written with libheif 1.15's
 * HEVC encoder (x265, quality 50), as make_heic in tests/unit/test_pdf.c does:
 * grid-64x48.heic (64 x 48, wrapped in a grid item), irot-90.heic (the same
 * with irot 90), crop-61x45.heic (an odd size: the grid crops), alpha.heic
 * (32 x 32, an alpha plane), single-32x32.heic (one coded image, no grid),
 * ftyp-only.heic (24 bytes: an ftyp box and nothing else), and
 * loop-grid-alpha.heic, which this target found (a mutated alpha.heic whose
 * alpha grid has the photo as its tile: libheif 1.15 recursed for ever, a
 * thread a level; heif.c's graph check now refuses it). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cairo.h>
#include "adapters/filetype.h"
#include "adapters/heif.h"
#include "adapters/pdf.h"
#include "util/err.h"

#define INPUT_MAX (1 << 20)
#define PIXELS_MAX (4LL * 1000 * 1000)
#define PDF_PIXELS (512 * 512)

static char dir[64], in_path[128], out_path[128];

static void cleanup(void)
{
	unlink(in_path);
	unlink(out_path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(dir, sizeof dir, "/tmp/kluis-fuzz-heif-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(in_path, sizeof in_path, "%s/in.heic", dir);
	snprintf(out_path, sizeof out_path, "%s/out.pdf", dir);
	atexit(cleanup);
	return 0;
}

static void write_input(const uint8_t *data, size_t size)
{
	int fd = open(in_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t off = 0;

	if (fd < 0)
		abort();
	while (off < size) {
		ssize_t w = write(fd, data + off, size - off);
		if (w <= 0)
			abort();
		off += (size_t)w;
	}
	close(fd);
}

/* check_image: the contract of a decoded image (see heif.h). */
static void check_image(const struct heif_rgb *img)
{
	cairo_format_t fmt;

	if (!img->data || img->width <= 0 || img->height <= 0 || img->width > HEIF_SIDE_MAX ||
	    img->height > HEIF_SIDE_MAX || (long long)img->width * img->height > PIXELS_MAX ||
	    (img->alpha != 0 && img->alpha != 1))
		abort();
	fmt = img->alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24;
	if (img->stride != cairo_format_stride_for_width(fmt, img->width))
		abort();
	/* every pixel is read: ASan catches a buffer shorter than promised */
	for (int y = 0; y < img->height; y++) {
		const unsigned char *row = img->data + (size_t)y * (size_t)img->stride;
		for (int x = 0; x < img->width; x++) {
			uint32_t v, a;
			memcpy(&v, row + 4 * (size_t)x, 4);
			a = v >> 24;
			if (img->alpha && ((v >> 16 & 0xff) > a || (v >> 8 & 0xff) > a || (v & 0xff) > a))
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct heif_rgb img;
	struct pdf_info info;
	int rc, small;

	if (size > INPUT_MAX)
		return 0;
	write_input(data, size);
	unlink(out_path);

	rc = heif_decode_rgb(in_path, INPUT_MAX, PIXELS_MAX, &img);
	if (rc != K_OK) {
		if ((rc != K_EINVAL && rc != K_ETOOBIG && rc != K_ENOMEM) || img.data)
			abort();
		return 0;
	}
	check_image(&img);
	small = (long long)img.width * img.height <= PDF_PIXELS;
	heif_rgb_free(&img);
	if (img.data)
		abort();

	if (small) {
		rc = pdf_from_image(in_path, FT_HEIC, out_path);
		if (rc != K_OK || pdf_inspect(out_path, &info) != K_OK || info.pages != 1)
			abort();
	}
	return 0;
}
