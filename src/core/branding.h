#ifndef KLUIS_CORE_BRANDING_H
#define KLUIS_CORE_BRANDING_H
#include <jansson.h>
#include <stddef.h>
#include "app.h"
#include "core/actor.h"
#include "util/buf.h"
#include "util/err.h"

/* The firm's branding of the vault (P13): name, a primary colour, header
 * and welcome text on the login page and in the vault, and a logo. Changing
 * it needs RIGHT_MANAGE_OFFICES (admin); the colour must give white text a
 * WCAG AA contrast (4.5:1) before it is saved. */

#define BRANDING_LOGO_MAX (512 * 1024)

/* branding_contrast: WCAG 2.1 contrast ratio of two "#rrggbb" colours
 * (1..21), or 0 if a colour is malformed. */
double branding_contrast(const char *a, const char *b);
/* branding_get: the current branding (no rights needed: it is public). */
int branding_get(struct app *app, json_t **out);
/* branding_set: in = {firm_name, primary_color "#rrggbb", header_text,
 * welcome_text}. K_EINVAL with f (invalid_color, low_contrast,
 * invalid_field). */
int branding_set(struct app *app, const struct actor *a, const json_t *in, struct kfail *f);
/* branding_set_logo: a PNG or JPEG (told by content, not by name) of at most
 * BRANDING_LOGO_MAX bytes from a file; NULL path removes the logo. */
int branding_set_logo(struct app *app, const struct actor *a, const char *path, struct kfail *f);
/* branding_css: the stylesheet with the firm's colours appended to out. */
int branding_css(struct app *app, struct buf *out);
/* branding_logo: the logo bytes (malloc'd) and content type. */
int branding_logo(struct app *app, void **data, size_t *len, char type[32]);

#endif
