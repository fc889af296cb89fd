#ifndef KLUIS_STORE_BRANDING_STORE_H
#define KLUIS_STORE_BRANDING_STORE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* SQL for the firm's vault branding (one row). */

/* store_branding_get: {firm_name, primary_color, header_text, welcome_text,
 * has_logo, logo_type, updated_at}. */
int store_branding_get(struct db *db, json_t **out);
/* store_branding_set: texts and colour (logo untouched). */
int store_branding_set(struct db *db, const char *firm, const char *color, const char *header, const char *welcome,
		       int64_t now);
/* store_branding_logo_set: data NULL removes the logo. */
int store_branding_logo_set(struct db *db, const void *data, size_t len, const char *type, int64_t now);
/* store_branding_logo_get: the logo into a malloc'd buffer (*data, free it);
 * K_ENOTFOUND when there is none. */
int store_branding_logo_get(struct db *db, void **data, size_t *len, char type[32]);

#endif
