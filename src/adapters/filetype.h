#ifndef KLUIS_ADAPTERS_FILETYPE_H
#define KLUIS_ADAPTERS_FILETYPE_H

/* Real file type by content (libmagic, MAGIC_MIME_TYPE), never by name or by
 * what the client claims. Used by the upload flow (R3, X3) to accept PDFs and
 * phone photos only. */

enum filetype {
	FT_UNKNOWN,
	FT_PDF,  /* application/pdf */
	FT_JPEG, /* image/jpeg */
	FT_PNG,  /* image/png */
	FT_HEIC, /* image/heic, image/heif (decoded by heif.h, see pdf.h) */
};

#define FILETYPE_MIME_MAX 64

/* filetype_of_file: open path (a regular file; symlinks are not followed)
 * and tell its type from its content. *out = the type (FT_UNKNOWN for
 * anything else, e.g. HTML renamed .pdf or an ELF renamed .jpg) and mime =
 * libmagic's MIME type, NUL-terminated and truncated to 63 characters ("" on
 * error; mime may be NULL). K_OK whenever the content could be examined, also
 * for FT_UNKNOWN; K_EINVAL for NULL arguments or a path that is not a regular
 * file; K_EIO if it cannot be opened or libmagic fails. Thread-safe: each
 * thread uses its own libmagic handle (closed when the thread exits). */
int filetype_of_file(const char *path, enum filetype *out, char mime[FILETYPE_MIME_MAX]);

/* filetype_prepare: load libmagic's database for this thread now (it is
 * otherwise loaded by the first call): the sandboxed child does this before
 * it closes the file system off and before its work arrives. K_OK, K_EIO. */
int filetype_prepare(void);

/* filetype_name: "pdf", "jpeg", "png", "heic" or "unknown"; never NULL. */
const char *filetype_name(enum filetype t);

#endif
