/* Text documents as PDF with cairo (see pdf_text.h). */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "adapters/pdf_text.h"
#include "util/err.h"

#define PAGE_W 595.0 /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 64.0
#define BODY_SIZE 11.0
#define LINE (BODY_SIZE * 1.45)

struct pen {
	cairo_t *cr;
	double y;
};

static void newline(struct pen *p, double h)
{
	p->y += h;
	if (p->y > PAGE_H - MARGIN) {
		cairo_show_page(p->cr);
		p->y = MARGIN + BODY_SIZE;
	}
}

/* one paragraph, wrapped word by word at the text width */
static void paragraph(struct pen *p, const char *text)
{
	char line[1024] = "";
	size_t used = 0;
	const char *w = text;
	while (*w) {
		while (*w == ' ')
			w++;
		size_t n = strcspn(w, " ");
		if (n == 0)
			break;
		if (n > 200)
			n = 200; /* a very long "word" is cut; never overflows line */
		char trial[1024];
		size_t tl = used ? (size_t)snprintf(trial, sizeof trial, "%s %.*s", line, (int)n, w)
				 : (size_t)snprintf(trial, sizeof trial, "%.*s", (int)n, w);
		cairo_text_extents_t ext;
		cairo_text_extents(p->cr, trial, &ext);
		if (used && (ext.x_advance > PAGE_W - 2 * MARGIN || tl >= sizeof line - 1)) {
			cairo_move_to(p->cr, MARGIN, p->y);
			cairo_show_text(p->cr, line);
			newline(p, LINE);
			snprintf(line, sizeof line, "%.*s", (int)n, w);
			used = n;
		} else {
			memcpy(line, trial, tl + 1);
			used = tl;
		}
		w += n;
		while (*w && *w != ' ')
			w++; /* the rest of a cut word */
	}
	if (used) {
		cairo_move_to(p->cr, MARGIN, p->y);
		cairo_show_text(p->cr, line);
	}
	newline(p, LINE * 1.6);
}

int pdf_text_write(const char *out_pdf, const char *title, const char *const *paragraphs)
{
	if (!out_pdf || !title || !paragraphs)
		return K_EINVAL;
	size_t total = strlen(title), n = 0;
	for (; paragraphs[n]; n++) {
		if (n >= PDF_TEXT_MAX_PARAGRAPHS)
			return K_EINVAL;
		total += strlen(paragraphs[n]);
	}
	if (total > PDF_TEXT_MAX_CHARS)
		return K_EINVAL;
	cairo_surface_t *s = cairo_pdf_surface_create(out_pdf, PAGE_W, PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		unlink(out_pdf);
		return K_EIO;
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	struct pen p = {cairo_create(s), MARGIN + 18.0};
	cairo_select_font_face(p.cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(p.cr, 18.0);
	paragraph(&p, title);
	cairo_select_font_face(p.cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(p.cr, BODY_SIZE);
	for (size_t i = 0; i < n; i++)
		paragraph(&p, paragraphs[i]);
	cairo_show_page(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	int rc = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? K_OK : K_EIO;
	cairo_surface_destroy(s);
	if (rc)
		unlink(out_pdf);
	return rc;
}
