/* Documents made in memory for the upload tests, with cairo. */
#include <cairo.h>
#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>
#include "docgen.h"

static cairo_status_t to_mem(void *closure, const unsigned char *data, unsigned int len)
{
	struct mem *m = closure;
	m->data = realloc(m->data, m->len + len);
	memcpy(m->data + m->len, data, len);
	m->len += len;
	return CAIRO_STATUS_SUCCESS;
}

/* a PDF of n pages, in memory, optionally with a creation date */
struct mem make_pdf_dated(int pages, const char *created)
{
	struct mem m = {NULL, 0};
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_mem, &m, 595, 842);
	if (created)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, created);
	cairo_t *cr = cairo_create(s);
	for (int i = 0; i < pages; i++) {
		/* shapes, not text: text would load fontconfig, whose caches
		 * LeakSanitizer reports at exit */
		cairo_rectangle(cr, 72, 72, 200 + 10 * i, 40);
		cairo_fill(cr);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return m;
}

struct mem make_pdf(int pages)
{
	return make_pdf_dated(pages, NULL);
}

struct mem make_png(void)
{
	struct mem m = {NULL, 0};
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 40, 30);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0.2, 0.4, 0.6);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_write_to_png_stream(s, to_mem, &m);
	cairo_surface_destroy(s);
	return m;
}

