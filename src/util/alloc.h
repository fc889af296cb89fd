#ifndef KLUIS_UTIL_ALLOC_H
#define KLUIS_UTIL_ALLOC_H
#include <stddef.h>

/* Allocation wrappers. x* functions abort the process on out-of-memory (there
 * is no sane recovery in a request thread); try_* functions return NULL and
 * are used where the caller handles failure. alloc_fail_at(n) makes the n-th
 * following try_* allocation fail (test hook, 0 = off), so error paths run. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *try_malloc(size_t n);
void alloc_fail_at(long n);

/* secure_free: wipe n bytes of p then free it (for secrets). NULL is fine. */
void secure_free(void *p, size_t n);
/* secure_wipe: zero memory in a way the compiler will not drop. */
void secure_wipe(void *p, size_t n);

#endif
