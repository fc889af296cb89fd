/* Real file type by content through libmagic (see filetype.h). A magic_t is
 * not thread-safe and loading the database costs a few milliseconds, so each
 * thread keeps its own handle in thread-specific data, closed by the key's
 * destructor when the thread exits. libmagic's result string belongs to the
 * handle and is overwritten by the next call: it is copied at once. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <magic.h>
#include "adapters/filetype.h"
#include "util/err.h"

static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;
static int magic_key_ok;

static void magic_handle_free(void *p)
{
	if (p)
		magic_close((magic_t)p);
}

static void magic_key_init(void)
{
	magic_key_ok = pthread_key_create(&magic_key, magic_handle_free) == 0;
}

/* magic_handle: this thread's loaded handle, or NULL. */
static magic_t magic_handle(void)
{
	magic_t m;

	if (pthread_once(&magic_once, magic_key_init) != 0 || !magic_key_ok)
		return NULL;
	m = pthread_getspecific(magic_key);
	if (m)
		return m;
	/* MIME type only; no decompression, no following into archives */
	m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	if (!m)
		return NULL;
	if (magic_load(m, NULL) != 0 || pthread_setspecific(magic_key, m) != 0) {
		magic_close(m);
		return NULL;
	}
	/* libmagic reads up to 7 MiB of a file by default; the types we accept
	 * are told by their first bytes, so keep memory flat for big uploads */
	size_t max = 256 * 1024;
	magic_setparam(m, MAGIC_PARAM_BYTES_MAX, &max);
	return m;
}

int filetype_prepare(void)
{
	return magic_handle() ? K_OK : K_EIO;
}

static enum filetype type_of_mime(const char *mime)
{
	static const struct {
		const char *mime;
		enum filetype t;
	} map[] = {
		{"application/pdf", FT_PDF},
		{"image/jpeg", FT_JPEG},
		{"image/png", FT_PNG},
		{"image/heic", FT_HEIC},
		{"image/heif", FT_HEIC},
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(mime, map[i].mime) == 0)
			return map[i].t;
	return FT_UNKNOWN;
}

const char *filetype_name(enum filetype t)
{
	switch (t) {
	case FT_PDF:
		return "pdf";
	case FT_JPEG:
		return "jpeg";
	case FT_PNG:
		return "png";
	case FT_HEIC:
		return "heic";
	default:
		return "unknown";
	}
}

int filetype_of_file(const char *path, enum filetype *out, char mime[FILETYPE_MIME_MAX])
{
	int rc = K_EIO, fd = -1;
	struct stat st;
	const char *res;
	magic_t m;
	size_t n;

	if (mime)
		mime[0] = '\0';
	if (out)
		*out = FT_UNKNOWN;
	if (!path || !out)
		return K_EINVAL;
	/* O_NONBLOCK: a FIFO must not hang us; it is refused below */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		rc = errno == ELOOP ? K_EINVAL : K_EIO;
		goto out;
	}
	if (fstat(fd, &st) != 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		rc = K_EINVAL;
		goto out;
	}
	m = magic_handle();
	if (!m)
		goto out;
	res = magic_descriptor(m, fd);
	if (!res)
		goto out;
	if (mime) {
		n = strnlen(res, FILETYPE_MIME_MAX - 1);
		memcpy(mime, res, n);
		mime[n] = '\0';
	}
	*out = type_of_mime(res);
	rc = K_OK;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}
