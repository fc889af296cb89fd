#ifndef KLUIS_WEB_ASSETS_H
#define KLUIS_WEB_ASSETS_H
#include <stddef.h>

/* Static assets (embedded static/ files: style.css, app.js, htmx.min.js) are
 * served under cache-busting names "/static/<stem>.<hash8>.<ext>" computed
 * once from their content. */

/* assets_url: the public URL of an asset by its plain name ("style.css");
 * "/static/missing" if there is no such asset. */
const char *assets_url(const char *name);
/* assets_lookup: the asset for a hashed file name ("style.1a2b3c4d.css"),
 * with its content type; NULL if unknown or the hash is stale. */
const unsigned char *assets_lookup(const char *hashed, size_t *len, const char **ctype);

#endif
