#ifndef KLUIS_WEB_TMPL_H
#define KLUIS_WEB_TMPL_H
#include <stddef.h>
#include <jansson.h>
#include "util/buf.h"

/* A small logic-less HTML template engine (mustache-like) with auto-escaping.
 *
 *   {{name}} {{a.b.c}}   value, HTML-escaped (& < > " ' ` =). Strings as is,
 *                        numbers printed, true -> "true"; null, false,
 *                        missing, objects and arrays -> nothing.
 *   {{.}}                the innermost context itself.
 *   {{{raw_name}}}       value unescaped; only for names starting "raw_"
 *                        (anything else is a compile error).
 *   {{#name}}..{{/name}} section: array -> once per element (element pushed);
 *                        object or truthy scalar -> once (value pushed);
 *                        false/null/missing/""/0/[] -> nothing.
 *   {{^name}}..{{/name}} inverted section: once when the value is falsy.
 *   {{> partials/nav}}   another template of the set, same context stack.
 *   {{! comment }}       nothing.
 *
 * Names are looked up from the innermost context outwards (mustache rules: in
 * a.b.c only "a" walks the stack). Whitespace around a tag name is ignored;
 * whitespace around tags is kept as is (no "standalone line" stripping).
 * There are no custom delimiters.
 *
 * A compiled template and a loaded set are immutable: any number of threads
 * may render them at once. Rendering keeps no global state. */

#define TMPL_MAX_SRC (256 * 1024)   /* template source bytes */
#define TMPL_MAX_NAME 128           /* tag name characters */
#define TMPL_MAX_NEST 32            /* nested sections in one template */
#define TMPL_MAX_PARTIAL_DEPTH 16   /* nested partial includes */
#define TMPL_MAX_STEPS (1L << 22)   /* nodes executed in one render */

struct tmpl;      /* one compiled template */
struct tmpl_set;  /* all templates by name, for partials */

/* tmpl_compile: compile len bytes of src (need not be NUL-terminated) into
 * *out. Returns K_OK, or K_EINVAL with "line N: message" in err (unclosed tag
 * or section, mismatched {{/name}}, nesting deeper than TMPL_MAX_NEST, bad or
 * too long name, {{{name}}} without raw_, source over TMPL_MAX_SRC); *out is
 * then NULL. err may be NULL when errlen is 0. Free with tmpl_free. */
int tmpl_compile(const char *src, size_t len, struct tmpl **out, char *err, size_t errlen);

/* tmpl_free: release a compiled template. NULL is fine. */
void tmpl_free(struct tmpl *t);

/* tmpl_render: render t with ctx (a JSON object; NULL or a non-object means
 * no names resolve) and append the result to out. Partials are resolved in
 * set (may be NULL: then any partial is an error). Returns K_OK, K_ETOOBIG
 * (out would grow past its max, or the render took over TMPL_MAX_STEPS
 * steps), K_EINVAL (missing partial, partial depth over
 * TMPL_MAX_PARTIAL_DEPTH). On error out is left as it was before the call. */
int tmpl_render(const struct tmpl *t, const struct tmpl_set *set, const json_t *ctx, struct buf *out);

/* tmpl_set_new: an empty set. Fill it with tmpl_set_add before sharing it
 * between threads. */
struct tmpl_set *tmpl_set_new(void);

/* tmpl_set_add: compile src and add it to set as name. K_OK; K_EINVAL with
 * "NAME: line N: message" in err if it does not compile or name is already
 * in the set (the set is then unchanged). */
int tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len, char *err, size_t errlen);

/* tmpl_set_load_embedded: a new set with every embedded file whose name
 * starts with "templates/" and ends with ".html"; the template name is the
 * path without those ("templates/partials/nav.html" -> "partials/nav").
 * Every {{> name}} must name a template of the set. K_OK, or K_EINVAL with
 * err naming the file and line ("templates/login.html: line 3: ...");
 * *out is then NULL. */
int tmpl_set_load_embedded(struct tmpl_set **out, char *err, size_t errlen);

/* tmpl_set_get: the template called name, or NULL. set may be NULL. */
const struct tmpl *tmpl_set_get(const struct tmpl_set *set, const char *name);

/* tmpl_set_free: release the set and all its templates. NULL is fine. */
void tmpl_set_free(struct tmpl_set *set);

/* tmpl_set_render: render template name of set (partials from set too) with
 * ctx into out. K_ENOTFOUND if there is no such template, else as
 * tmpl_render. */
int tmpl_set_render(const struct tmpl_set *set, const char *name, const json_t *ctx, struct buf *out);

#endif
