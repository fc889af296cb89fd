#ifndef KLUIS_TESTS_DOCGEN_H
#define KLUIS_TESTS_DOCGEN_H
/* Documents made in memory for the upload tests, with cairo. */
#include <stddef.h>

struct mem {
	unsigned char *data; /* malloc'd; free it */
	size_t len;
};

/* make_pdf_dated: a PDF of n pages (shapes only, no text: text would load
 * fontconfig, whose caches LeakSanitizer reports), with Info /CreationDate
 * created ("YYYY-MM-DDTHH:MM:SS", NULL = none). */
struct mem make_pdf_dated(int pages, const char *created);
/* make_pdf: make_pdf_dated without a date. */
struct mem make_pdf(int pages);
/* make_png: a small 40x30 PNG. */
struct mem make_png(void);

#endif
