#ifndef KLUIS_UTIL_ARENA_H
#define KLUIS_UTIL_ARENA_H
#include <stdarg.h>
#include <stddef.h>

/* A bump allocator freed in one go (one per HTTP request). Blocks are wiped
 * when the arena is freed, so request data (passwords, tokens) does not
 * linger in the heap. Allocation aborts on OOM; a single arena is capped at
 * max bytes (then arena_alloc returns NULL). */
struct arena_block;
struct arena {
	struct arena_block *head;
	size_t used_total;
	size_t max;
};

/* arena_init: empty arena allowing up to max bytes in total. */
void arena_init(struct arena *a, size_t max);
/* arena_alloc: n zeroed bytes aligned to 16, or NULL past the cap. */
void *arena_alloc(struct arena *a, size_t n);
/* arena_strdup / arena_strndup: copies (NULL past the cap). */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* arena_printf: formatted string in the arena (NULL past the cap). */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* arena_free: wipe and free every block; the arena is empty again. */
void arena_free(struct arena *a);

#endif
