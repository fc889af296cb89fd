/* Unit tests: bounded buffers and request arenas (DESIGN.md "A hard maximum
 * on every buffer", "A memory arena per request, freed in one go"). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

static void test_buf_basics(void **state)
{
	struct buf b;
	buf_init(&b, 1024);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_adds(&b, "hallo"), K_OK);
	assert_int_equal(buf_addc(&b, ' '), K_OK);
	assert_int_equal(buf_addf(&b, "%s %d", "wereld", 42), K_OK);
	assert_int_equal(buf_add(&b, "\0x", 2), K_OK); /* binary safe */
	assert_int_equal(b.len, 17);
	assert_memory_equal(b.data, "hallo wereld 42\0x", 18);
	assert_int_equal(b.data[b.len], '\0');
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_adds(&b, "opnieuw"), K_OK);
	assert_string_equal(buf_str(&b), "opnieuw");
	char *s = buf_steal(&b);
	assert_string_equal(s, "opnieuw");
	free(s);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	/* stealing an empty buffer gives an empty string, not NULL */
	s = buf_steal(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_free(&b);
}

static void test_buf_max_enforced(void **state)
{
	struct buf b;
	buf_init(&b, 10);
	assert_int_equal(buf_adds(&b, "hello"), K_OK);
	/* one byte too many: refused, content untouched */
	assert_int_equal(buf_adds(&b, "world!"), K_ETOOBIG);
	assert_int_equal(b.len, 5);
	assert_string_equal(buf_str(&b), "hello");
	assert_int_equal(buf_addf(&b, "%d", 123456), K_ETOOBIG);
	assert_int_equal(b.len, 5);
	assert_string_equal(buf_str(&b), "hello");
	/* exactly up to max is fine */
	assert_int_equal(buf_adds(&b, "world"), K_OK);
	assert_int_equal(b.len, 10);
	assert_string_equal(buf_str(&b), "helloworld");
	assert_true(b.cap <= 11); /* never allocates past max + NUL */
	assert_int_equal(buf_addc(&b, 'x'), K_ETOOBIG);
	assert_int_equal(buf_add(&b, "", 0), K_OK);
	assert_int_equal(buf_addf(&b, "%s", ""), K_OK);
	assert_string_equal(buf_str(&b), "helloworld");
	/* sizes that would overflow are refused, not wrapped */
	assert_int_equal(buf_add(&b, "x", SIZE_MAX), K_ETOOBIG);
	assert_int_equal(buf_add(&b, "x", SIZE_MAX - 5), K_ETOOBIG);
	assert_string_equal(buf_str(&b), "helloworld");
	buf_free(&b);
	/* a zero maximum takes nothing */
	buf_init(&b, 0);
	assert_int_equal(buf_addc(&b, 'a'), K_ETOOBIG);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

static void test_buf_grows(void **state)
{
	struct buf b;
	buf_init(&b, 1u << 20);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_addf(&b, "%04d", i % 10000), K_OK);
	assert_int_equal(b.len, 40000);
	assert_memory_equal(b.data + 39996, "9999", 4);
	assert_int_equal(b.data[b.len], '\0');
	/* a format longer than what is left is refused whole */
	buf_free(&b);
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "abcd"), K_OK);
	assert_int_equal(buf_addf(&b, "%s", "efghi"), K_ETOOBIG);
	assert_string_equal(buf_str(&b), "abcd");
	assert_int_equal(buf_addf(&b, "%s", "efgh"), K_OK);
	assert_string_equal(buf_str(&b), "abcdefgh");
	buf_free(&b);
}

static void test_arena_cap(void **state)
{
	struct arena a;
	arena_init(&a, 1024);
	unsigned char *p = arena_alloc(&a, 1000); /* rounded to 1008 */
	assert_non_null(p);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(p[i], 0); /* zeroed */
	assert_null(arena_alloc(&a, 32));      /* 1008 + 32 > 1024 */
	void *q = arena_alloc(&a, 16);         /* 1008 + 16 = 1024: exactly the cap */
	assert_non_null(q);
	assert_null(arena_alloc(&a, 1));
	assert_null(arena_strdup(&a, "x"));
	assert_null(arena_printf(&a, "%d", 1));
	/* freeing empties it; the cap applies afresh */
	arena_free(&a);
	assert_non_null(arena_alloc(&a, 1024));
	assert_null(arena_alloc(&a, 1));
	arena_free(&a);
	/* a single request over the cap */
	assert_null(arena_alloc(&a, 1025));
	arena_free(&a);
}

static void test_arena_huge_sizes(void **state)
{
	struct arena a;
	arena_init(&a, 1u << 20);
	/* sizes near SIZE_MAX must not wrap around to a small block */
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_null(arena_alloc(&a, SIZE_MAX - 1));
	assert_null(arena_alloc(&a, SIZE_MAX - 14));
	assert_null(arena_alloc(&a, SIZE_MAX - 15));
	assert_null(arena_alloc(&a, SIZE_MAX / 2));
	assert_int_equal(a.used_total, 0);
	arena_free(&a);
	/* a cap of SIZE_MAX still refuses what cannot be allocated */
	arena_init(&a, SIZE_MAX);
	assert_null(arena_alloc(&a, SIZE_MAX - 3));
	arena_free(&a);
}

static void test_arena_alignment_and_many_blocks(void **state)
{
	struct arena a;
	arena_init(&a, 8u << 20);
	char *prev = NULL;
	for (int i = 1; i < 2000; i++) {
		char *p = arena_alloc(&a, (size_t)(i % 97) + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 'x', (size_t)(i % 97) + 1);
		assert_ptr_not_equal(p, prev);
		prev = p;
	}
	/* blocks bigger than the default block size */
	char *big = arena_alloc(&a, 100000);
	assert_non_null(big);
	memset(big, 1, 100000);
	char *after = arena_alloc(&a, 10);
	assert_non_null(after);
	assert_int_equal(after[0], 0);
	arena_free(&a);
	assert_int_equal(a.used_total, 0);
	assert_null(a.head);
}

static void test_arena_strings(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	char *s = arena_printf(&a, "%s-%05d-%c", "dossier", 42, 'x');
	assert_non_null(s);
	assert_string_equal(s, "dossier-00042-x");
	char *e = arena_printf(&a, "%s", "");
	assert_non_null(e);
	assert_string_equal(e, "");
	char *d = arena_strdup(&a, "kluis");
	assert_string_equal(d, "kluis");
	char *n = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(n, "abc");
	n = arena_strndup(&a, "ab", 10);
	assert_string_equal(n, "ab");
	/* printf output longer than what is left: NULL, nothing half-written */
	char big[5000];
	memset(big, 'y', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	size_t before = a.used_total;
	assert_null(arena_printf(&a, "%s", big));
	assert_int_equal(a.used_total, before);
	assert_null(arena_strdup(&a, big));
	/* the earlier strings are intact */
	assert_string_equal(s, "dossier-00042-x");
	assert_string_equal(d, "kluis");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_basics),
		cmocka_unit_test(test_buf_max_enforced),
		cmocka_unit_test(test_buf_grows),
		cmocka_unit_test(test_arena_cap),
		cmocka_unit_test(test_arena_huge_sizes),
		cmocka_unit_test(test_arena_alignment_and_many_blocks),
		cmocka_unit_test(test_arena_strings),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
