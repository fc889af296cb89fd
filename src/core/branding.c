/* Vault branding per firm (P13). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/branding.h"
#include "core/validate.h"
#include "store/branding_store.h"
#include "store/db.h"

static int hex_color(const char *s, double rgb[3])
{
	if (!s || strlen(s) != 7 || s[0] != '#')
		return -1;
	for (int i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)s[i]))
			return -1;
	for (int c = 0; c < 3; c++) {
		char h[3] = {s[1 + 2 * c], s[2 + 2 * c], 0};
		rgb[c] = (double)strtol(h, NULL, 16) / 255.0;
	}
	return 0;
}

static double luminance(const double rgb[3])
{
	double l[3];
	for (int c = 0; c < 3; c++)
		l[c] = rgb[c] <= 0.03928 ? rgb[c] / 12.92 : pow((rgb[c] + 0.055) / 1.055, 2.4);
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

double branding_contrast(const char *a, const char *b)
{
	double x[3], y[3];
	if (hex_color(a, x) || hex_color(b, y))
		return 0;
	double la = luminance(x), lb = luminance(y);
	double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
	return (hi + 0.05) / (lo + 0.05);
}

int branding_get(struct app *app, json_t **out)
{
	struct db *db = store_acquire(app->store);
	int rc = store_branding_get(db, out);
	store_release(app->store, db);
	return rc;
}

int branding_set(struct app *app, const struct actor *a, const json_t *in, struct kfail *f)
{
	int rc = rights_check(a, RIGHT_MANAGE_OFFICES);
	if (rc)
		return kfail_set(f, rc, "forbidden", NULL, "Alleen beheerders stellen de huisstijl in.");
	const char *firm = json_string_value(json_object_get(in, "firm_name"));
	const char *color = json_string_value(json_object_get(in, "primary_color"));
	const char *header = json_string_value(json_object_get(in, "header_text"));
	const char *welcome = json_string_value(json_object_get(in, "welcome_text"));
	char lower[8];
	if (!firm || !validate_text(firm, 100, false))
		return kfail_set(f, K_EINVAL, "invalid_field", "firm_name", "Vul de naam van het kantoor in (maximaal 100 tekens).");
	if (!header)
		header = "";
	if (!welcome)
		welcome = "";
	if (!validate_text(header, 120, false))
		return kfail_set(f, K_EINVAL, "invalid_field", "header_text", "De kopregel is te lang (maximaal 120 tekens).");
	if (!validate_text(welcome, 1000, true))
		return kfail_set(f, K_EINVAL, "invalid_field", "welcome_text", "De welkomsttekst is te lang (maximaal 1000 tekens).");
	double rgb[3];
	if (hex_color(color, rgb))
		return kfail_set(f, K_EINVAL, "invalid_color", "primary_color", "Kies een kleur als #RRGGBB.");
	for (int i = 0; i < 7; i++)
		lower[i] = (char)tolower((unsigned char)color[i]);
	lower[7] = '\0';
	double ratio = branding_contrast(lower, "#ffffff");
	if (ratio < 4.5) {
		char msg[200];
		snprintf(msg, sizeof msg,
			 "Witte tekst op deze kleur is slecht leesbaar (contrast %.1f:1, minimaal 4,5:1 nodig). Kies een donkerdere kleur.",
			 ratio);
		return kfail_set(f, K_EINVAL, "low_contrast", "primary_color", msg);
	}
	struct db *db = store_acquire(app->store);
	if ((rc = db_begin(db)) == K_OK) {
		rc = store_branding_set(db, firm, lower, header, welcome, app_now(app));
		if (rc == K_OK)
			rc = audit_log(app, db, a, "branding.update", 0, "branding", 1, "");
		rc = db_end(db, rc);
	}
	store_release(app->store, db);
	return rc;
}

int branding_set_logo(struct app *app, const struct actor *a, const char *path, struct kfail *f)
{
	int rc = rights_check(a, RIGHT_MANAGE_OFFICES);
	if (rc)
		return kfail_set(f, rc, "forbidden", NULL, "Alleen beheerders stellen de huisstijl in.");
	unsigned char *data = NULL;
	size_t len = 0;
	const char *type = NULL;
	if (path) {
		FILE *fp = fopen(path, "rb");
		if (!fp)
			return K_EIO;
		data = malloc(BRANDING_LOGO_MAX + 1);
		len = data ? fread(data, 1, BRANDING_LOGO_MAX + 1, fp) : 0;
		fclose(fp);
		if (!data)
			return K_ENOMEM;
		if (len > BRANDING_LOGO_MAX) {
			free(data);
			return kfail_set(f, K_ETOOBIG, "too_large", "logo", "Het logo mag maximaal 512 kB zijn.");
		}
		/* the real type by content: only PNG and JPEG (never SVG: it can
		 * carry script) */
		if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
			type = "image/png";
		else if (len >= 3 && memcmp(data, "\xff\xd8\xff", 3) == 0)
			type = "image/jpeg";
		else {
			free(data);
			return kfail_set(f, K_EINVAL, "unsupported_type", "logo", "Gebruik een PNG- of JPEG-bestand.");
		}
	}
	struct db *db = store_acquire(app->store);
	rc = store_branding_logo_set(db, data, len, type, app_now(app));
	if (rc == K_OK)
		audit_log(app, db, a, path ? "branding.logo" : "branding.logo_remove", 0, "branding", 1, "");
	store_release(app->store, db);
	free(data);
	return rc;
}

int branding_css(struct app *app, struct buf *out)
{
	json_t *b = NULL;
	int rc = branding_get(app, &b);
	if (rc)
		return rc;
	const char *c = json_string_value(json_object_get(b, "primary_color"));
	double rgb[3];
	if (hex_color(c, rgb))
		c = "#1f4e8c";
	rc = buf_addf(out, ":root { --brand: %s; --brand-ink: #ffffff; }\n", c);
	json_decref(b);
	return rc;
}

int branding_logo(struct app *app, void **data, size_t *len, char type[32])
{
	struct db *db = store_acquire(app->store);
	int rc = store_branding_logo_get(db, data, len, type);
	store_release(app->store, db);
	return rc;
}
