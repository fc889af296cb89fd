#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "util/alloc.h"

static atomic_long fail_countdown;

static void oom(size_t n)
{
	fprintf(stderr, "kluis: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (!p)
		oom(count * n);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t l = strnlen(s, n);
	char *d = xmalloc(l + 1);
	memcpy(d, s, l);
	d[l] = '\0';
	return d;
}

void *try_malloc(size_t n)
{
	long c = atomic_load(&fail_countdown);
	if (c > 0 && atomic_fetch_sub(&fail_countdown, 1) == 1)
		return NULL;
	return malloc(n ? n : 1);
}

void alloc_fail_at(long n)
{
	atomic_store(&fail_countdown, n);
}

void secure_wipe(void *p, size_t n)
{
	if (p && n)
		sodium_memzero(p, n);
}

void secure_free(void *p, size_t n)
{
	if (!p)
		return;
	secure_wipe(p, n);
	free(p);
}
