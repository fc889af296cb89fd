#ifndef KLUIS_ADAPTERS_PDF_H
#define KLUIS_ADAPTERS_PDF_H
#include "adapters/filetype.h"

/* PDF checks, image-to-PDF and merging for uploads (R3, X3): qpdf's C API
 * reads and merges, cairo draws photos onto A4 pages. Nothing here knows
 * about dossiers; callers pass temp-file paths. */

/* Most inputs pdf_merge takes. */
#define PDF_MERGE_MAX 20
/* Most pages a merged output may have (all inputs together). */
#define PDF_PAGES_MAX 5000
/* Largest image pdf_from_image reads (bytes), and largest PNG or HEIC it
 * decodes (pixels: a decoded PNG or HEIC costs 4 bytes a pixel, a HEIC a
 * few more while libheif converts it; a JPEG is never decoded, so its
 * memory cost is its file size). */
#define PDF_IMAGE_BYTES_MAX (64LL * 1024 * 1024)
#define PDF_PNG_PIXELS_MAX (50LL * 1000 * 1000)

struct pdf_info {
	int pages;
	int encrypted;      /* any /Encrypt, also owner-password-only files */
	long long created;  /* Info /CreationDate, unix time, 0 if absent/unparsable */
	long long modified; /* Info /ModDate, likewise */
};

/* pdf_inspect: open path with qpdf (warnings suppressed, errors silenced)
 * and fill *info (zeroed first).
 *   K_OK       readable: pages >= 1, dates, encrypted = qpdf_is_encrypted
 *              (an owner-password-only file opens: K_OK with encrypted = 1;
 *              the caller refuses it);
 *   K_EDENIED  a user password is needed (encrypted = 1, pages = 0);
 *   K_EINVAL   not a PDF, broken, truncated (no %%EOF in the last 1 KiB) or
 *              without pages. Damage that qpdf repairs silently (a stale
 *              xref table, say) is accepted as long as every page is found;
 *   K_EIO      the file cannot be opened. */
int pdf_inspect(const char *path, struct pdf_info *info);

/* pdf_from_image: draw the JPEG, PNG or HEIC/HEIF at image_path on one A4
 * page (portrait, or landscape for a landscape image), scaled to fit inside
 * 10 mm margins and centred, into out_pdf (created or truncated). A JPEG is
 * embedded as-is (not decoded or recompressed); its EXIF orientation is
 * honoured. A HEIC's primary image is decoded (adapters/heif.h) with its
 * own rotation, mirroring and cropping applied, and drawn as PNGs are
 * (lossless pixels). t must be the content type from filetype_of_file.
 *   K_OK; K_EINVAL for another type or an image that cannot be read;
 *   K_ETOOBIG over PDF_IMAGE_BYTES_MAX / PDF_PNG_PIXELS_MAX (a HEIC also
 *   over HEIF_SIDE_MAX a side); K_ENOMEM if decoding runs out of memory;
 *   K_EIO if the image cannot be opened or out_pdf cannot be written (it is
 *   then removed). */
int pdf_from_image(const char *image_path, enum filetype t, const char *out_pdf);

/* pdf_merge: all pages of inputs[0..n) in order into out_pdf (created or
 * truncated), 1 <= n <= PDF_MERGE_MAX; *pages_out (may be NULL) = the total.
 * Every input is opened and checked first, as pdf_inspect does; any encrypted
 * input, owner-password-only included, is refused before anything is merged
 * (qpdf would write it out unencrypted).
 *   K_OK; K_EDENIED for an encrypted input; K_EINVAL for bad arguments or
 *   an unreadable input; K_ETOOBIG over PDF_PAGES_MAX pages; K_EIO if an
 *   input cannot be opened or the output cannot be written. On failure
 *   *pages_out is 0; a refused input leaves out_pdf untouched, a failed
 *   write removes it. */
int pdf_merge(const char *const *inputs, int n, const char *out_pdf, int *pages_out);

/* pdf_parse_date: a PDF date "D:YYYYMMDDHHmmSSOHH'mm'" (the "D:" prefix and
 * every field after the year optional; O is Z, + or -) to unix time; 0 if s
 * is NULL or not such a date. */
long long pdf_parse_date(const char *s);

#endif
