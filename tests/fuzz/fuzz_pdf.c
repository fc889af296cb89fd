/* libFuzzer target for adapters/filetype.c and adapters/pdf.c. The input
 * (at most 1 MiB) is written to a temp file, then:
 *   - filetype_of_file: always K_OK on a regular file;
 *   - pdf_inspect: K_OK (pages >= 1), K_EDENIED (encrypted = 1) or K_EINVAL;
 *   - a readable unencrypted PDF is merged with itself: K_OK with twice the
 *     pages, and the output reads back with that count (or K_EINVAL when
 *     qpdf cannot copy a damaged stream); an encrypted one is refused with
 *     K_EDENIED;
 *   - a JPEG goes through pdf_from_image (our own marker and EXIF parsing):
 *     K_OK gives a readable 1-page PDF, else K_EINVAL.
 * PNGs are only typed, not decoded (that is libpng's, and slow). Must never
 * crash or leak. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "adapters/filetype.h"
#include "adapters/pdf.h"
#include "util/err.h"

#define INPUT_MAX (1 << 20)

static char dir[64], in_path[128], out_path[128];

static void cleanup(void)
{
	unlink(in_path);
	unlink(out_path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(dir, sizeof dir, "/tmp/kluis-fuzz-pdf-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(in_path, sizeof in_path, "%s/in", dir);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char mime[FILETYPE_MIME_MAX];
	enum filetype t;
	struct pdf_info info, again;
	const char *twice[2] = {in_path, in_path};
	int rc, pages = -1;

	if (size > INPUT_MAX)
		return 0;
	write_input(data, size);
	unlink(out_path);

	if (filetype_of_file(in_path, &t, mime) != K_OK || strnlen(mime, sizeof mime) >= sizeof mime)
		abort();

	rc = pdf_inspect(in_path, &info);
	if (rc == K_OK) {
		if (info.pages < 1 || (info.encrypted != 0 && info.encrypted != 1))
			abort();
		rc = pdf_merge(twice, 2, out_path, &pages);
		if (info.encrypted) {
			if (rc != K_EDENIED || pages != 0)
				abort();
		} else if (rc == K_OK) {
			if (pages != 2 * info.pages)
				abort();
			if (pdf_inspect(out_path, &again) != K_OK || again.pages != pages || again.encrypted)
				abort();
		} else if (rc != K_EINVAL && rc != K_ETOOBIG) {
			abort();
		}
	} else if (rc == K_EDENIED) {
		if (info.encrypted != 1 || info.pages != 0)
			abort();
	} else if (rc != K_EINVAL) {
		abort();
	}

	if (t == FT_JPEG) {
		unlink(out_path);
		rc = pdf_from_image(in_path, t, out_path);
		if (rc == K_OK) {
			if (pdf_inspect(out_path, &again) != K_OK || again.pages != 1)
				abort();
		} else if (rc != K_EINVAL) {
			abort();
		}
	}
	return 0;
}
