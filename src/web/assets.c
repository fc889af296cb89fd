#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "util/embedded.h"
#include "web/assets.h"

#define MAX_ASSETS 32

struct asset {
	const struct embedded_file *f;
	char url[160];    /* /static/style.1a2b3c4d.css */
	const char *ctype;
};

/* Filled once under pthread_once, read-only afterwards. */
static struct asset assets[MAX_ASSETS];
static int nassets;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char *ctype_for(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".ico") == 0)
		return "image/x-icon";
	if (strcmp(dot, ".txt") == 0)
		return "text/plain; charset=utf-8";
	return "application/octet-stream";
}

static void init(void)
{
	for (size_t i = 0; i < embedded_count && nassets < MAX_ASSETS; i++) {
		const struct embedded_file *f = &embedded_files[i];
		if (strncmp(f->name, "static/", 7) != 0)
			continue;
		const char *base = f->name + 7;
		const char *ext = strchr(base, '.');
		if (!ext)
			continue;
		unsigned char h[16];
		crypto_generichash(h, sizeof h, f->data, f->len, NULL, 0);
		struct asset *a = &assets[nassets++];
		a->f = f;
		a->ctype = ctype_for(base);
		snprintf(a->url, sizeof a->url, "/static/%.*s.%02x%02x%02x%02x%s", (int)(ext - base), base, h[0], h[1],
			 h[2], h[3], ext);
	}
}

const char *assets_url(const char *name)
{
	pthread_once(&once, init);
	for (int i = 0; i < nassets; i++)
		if (strcmp(assets[i].f->name + 7, name) == 0)
			return assets[i].url;
	return "/static/missing";
}

const unsigned char *assets_lookup(const char *hashed, size_t *len, const char **ctype)
{
	pthread_once(&once, init);
	for (int i = 0; i < nassets; i++)
		if (strcmp(assets[i].url + 8, hashed) == 0) {
			*len = assets[i].f->len;
			*ctype = assets[i].ctype;
			return assets[i].f->data;
		}
	return NULL;
}
