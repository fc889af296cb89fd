#ifndef KLUIS_UTIL_EMBEDDED_H
#define KLUIS_UTIL_EMBEDDED_H
#include <stddef.h>

/* A file compiled into the binary (templates/, static/, migrations, data/).
 * data is NUL-terminated (len excludes the NUL). */
struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_count;

/* embedded_find: the file with exactly this name (e.g. "templates/login.html"),
 * or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
