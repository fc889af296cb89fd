#ifndef KLUIS_UTIL_BUF_H
#define KLUIS_UTIL_BUF_H
#include <stdarg.h>
#include <stddef.h>

/* A growable byte buffer with a hard maximum (like curl's dynbuf). The
 * content is always NUL-terminated. Appending past max fails with K_ETOOBIG
 * and leaves the buffer as it was. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

/* buf_init: empty buffer that may grow to max bytes (excluding the NUL). */
void buf_init(struct buf *b, size_t max);
/* buf_add: append n bytes. 0 or K_ETOOBIG. */
int buf_add(struct buf *b, const void *data, size_t n);
/* buf_adds: append a C string. */
int buf_adds(struct buf *b, const char *s);
/* buf_addc: append one byte. */
int buf_addc(struct buf *b, char c);
/* buf_addf: append printf-formatted text. */
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* buf_str: the content, "" when empty; valid until the next change. */
const char *buf_str(const struct buf *b);
/* buf_reset: empty it, keep the memory. */
void buf_reset(struct buf *b);
/* buf_free: release memory (wiped first). */
void buf_free(struct buf *b);
/* buf_steal: hand the memory to the caller (malloc'd, NUL-terminated). */
char *buf_steal(struct buf *b);

#endif
