#ifndef KLUIS_ADAPTERS_HEIF_H
#define KLUIS_ADAPTERS_HEIF_H

/* HEIC/HEIF phone photos (iPhone's default) decoded with libheif, so that
 * pdf_from_image can draw them on an A4 page (R3, X3). Only the primary
 * image is decoded, with the file's own rotation, mirroring and cropping
 * applied (libheif's default). Nothing here knows about PDFs or dossiers. */

/* Longest side heif_decode_rgb lets libheif decode. libheif 1.15 decodes a
 * grid image to the canvas size in its grid box, not the size the file
 * declares (ispe): this per-side limit (libheif's only size limit in 1.15)
 * is what bounds such a canvas, to 8192 x 8192 pixels. Phone photos are
 * smaller (a 48-megapixel iPhone photo is 8064 x 6048). */
#define HEIF_SIDE_MAX 8192

/* A decoded image in cairo's pixel layout: height rows of stride bytes
 * (stride = cairo_format_stride_for_width), each pixel a native-endian
 * uint32_t. alpha 0: CAIRO_FORMAT_RGB24 (0xXXRRGGBB); alpha 1:
 * CAIRO_FORMAT_ARGB32, premultiplied (0xAARRGGBB). */
struct heif_rgb {
	unsigned char *data; /* malloc'd; heif_rgb_free frees it */
	int width, height, stride;
	int alpha;
};

/* heif_decode_rgb: decode the primary image of the HEIC/HEIF file at path
 * (a regular file) into *out (zeroed first, filled only on K_OK). Limits,
 * all checked before anything is decoded: the file is at most max_bytes;
 * the images decoding the primary one takes (grid tiles, alpha planes, as
 * its 'meta' box references them) form a tree of at most 4 levels and 1024
 * images, without loops (libheif 1.15 would follow a loop for ever); the
 * image, as declared by the file (after its transformations, and before
 * them), is at most max_pixels and HEIF_SIDE_MAX a side. The decoded size
 * is checked again before it is copied (an HEVC stream may code a bigger
 * picture than the file declares).
 *   K_OK;
 *   K_EINVAL  NULL arguments, max_bytes or max_pixels < 1, not a regular
 *             file, or not a HEIF file libheif can decode (garbage,
 *             truncated, a reference loop or a reference to anything but an
 *             image, an unsupported codec, not 8 bits a colour after
 *             conversion);
 *   K_ETOOBIG over max_bytes, max_pixels, HEIF_SIDE_MAX or the item limits
 *             above, or over one of libheif's own security limits;
 *   K_ENOMEM  an allocation failed;
 *   K_EIO     the file cannot be opened or read.
 * Thread-safe: each call uses its own libheif context. */
int heif_decode_rgb(const char *path, long long max_bytes, long long max_pixels, struct heif_rgb *out);

/* heif_rgb_free: free img->data and zero *img; NULL and a zeroed img are
 * fine. */
void heif_rgb_free(struct heif_rgb *img);

/* heif_load: load libheif now (dlopen; it is otherwise loaded by the first
 * decode): the sandboxed child does this before closing the file system off.
 * 1 when loaded, 0 when libheif is missing. */
int heif_load(void);

#endif
