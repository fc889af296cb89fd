/* /app/demo/berichten (demo mode only): the mail and SMS the local
 * stand-ins received, newest first, so `make run` shows the whole flow. */
#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "adapters/mail.h"
#include "web/staff/pages.h"

#define MAX_ITEMS 50
#define MAX_FILE (256 * 1024)

struct item {
	char name[256];
	long long mtime;
};

static int by_mtime(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	return x->mtime < y->mtime ? 1 : x->mtime > y->mtime ? -1 : strcmp(y->name, x->name);
}

/* newest files of dir ending in ext */
static int list_dir(const char *dir, const char *ext, struct item *items)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return 0;
	struct dirent *e;
	struct item all[512];
	while ((e = readdir(d)) && n < 512) {
		size_t l = strlen(e->d_name), el = strlen(ext);
		if (l <= el || strcmp(e->d_name + l - el, ext) != 0 || e->d_name[0] == '.')
			continue;
		char path[1024];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		snprintf(all[n].name, sizeof all[n].name, "%s", e->d_name);
		all[n].mtime = (long long)st.st_mtime;
		n++;
	}
	closedir(d);
	qsort(all, (size_t)n, sizeof all[0], by_mtime);
	if (n > MAX_ITEMS)
		n = MAX_ITEMS;
	memcpy(items, all, (size_t)n * sizeof all[0]);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = malloc(MAX_FILE + 1);
	*len = b ? fread(b, 1, MAX_FILE, f) : 0;
	fclose(f);
	if (b)
		b[*len] = '\0';
	return b;
}

/* a header's value (first line; =?UTF-8?B?...?= words decoded) */
static void header(const char *eml, const char *name, char *out, size_t outlen)
{
	out[0] = '\0';
	size_t nl = strlen(name);
	for (const char *p = eml; p && *p && !(p[0] == '\r' && p[1] == '\n');) {
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1, *end = strstr(v, "\r\n");
			size_t o = 0;
			while (v < end && o + 1 < outlen) {
				if (strncmp(v, "=?UTF-8?B?", 10) == 0) {
					const char *q = strstr(v + 10, "?=");
					if (!q || q > end)
						break;
					size_t bin = 0;
					if (sodium_base642bin((unsigned char *)out + o, outlen - o - 1, v + 10,
							      (size_t)(q - v - 10), NULL, &bin, NULL,
							      sodium_base64_VARIANT_ORIGINAL) == 0)
						o += bin;
					v = q + 2;
					while (v < end && (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n'))
						v++;
					continue;
				}
				if (*v != '\r' && *v != '\n')
					out[o++] = *v == '\t' ? ' ' : *v;
				v++;
			}
			out[o] = '\0';
			while (o && out[0] == ' ')
				memmove(out, out + 1, o--);
			return;
		}
		p = strstr(p, "\r\n");
		if (p)
			p += 2;
	}
}

/* the text/plain part, quoted-printable decoded */
static void text_part(const char *eml, struct buf *out)
{
	const char *p = strstr(eml, "Content-Type: text/plain");
	if (!p)
		return;
	const char *body = strstr(p, "\r\n\r\n");
	if (!body)
		return;
	body += 4;
	const char *end = strstr(body, "\r\n--");
	if (!end)
		end = body + strlen(body);
	mail_qp_decode(body, (size_t)(end - body), out);
}

int page_demo_messages(struct req *r)
{
	if (!r->app->cfg.demo_mode)
		return resp_error(r, 404, "not_found", "Niet gevonden.", NULL);
	char dir[CONFIG_STR_MAX + 16], path[CONFIG_STR_MAX + 300];
	struct item items[MAX_ITEMS];
	json_t *mails = json_array(), *smses = json_array();
	snprintf(dir, sizeof dir, "%s/sim-mail", r->app->cfg.data_dir);
	int n = list_dir(dir, ".eml", items);
	for (int i = 0; i < n; i++) {
		size_t len = 0;
		snprintf(path, sizeof path, "%.520s/%.255s", dir, items[i].name);
		char *eml = slurp(path, &len);
		if (!eml)
			continue;
		char to[300], subject[400], date[100];
		struct buf text;
		buf_init(&text, MAX_FILE);
		header(eml, "To", to, sizeof to);
		header(eml, "Subject", subject, sizeof subject);
		header(eml, "Date", date, sizeof date);
		text_part(eml, &text);
		json_array_append_new(mails, json_pack("{s:s, s:s, s:s, s:s}", "to", to, "subject", subject, "date", date,
						       "text", buf_str(&text)));
		buf_free(&text);
		free(eml);
	}
	snprintf(dir, sizeof dir, "%s/sim-sms", r->app->cfg.data_dir);
	n = list_dir(dir, ".json", items);
	for (int i = 0; i < n; i++) {
		json_error_t je;
		snprintf(path, sizeof path, "%.520s/%.255s", dir, items[i].name);
		json_t *j = json_load_file(path, 0, &je);
		if (j)
			json_array_append_new(smses, json_pack("{s:O, s:O}", "to", json_object_get(j, "to"), "text",
							       json_object_get(j, "text")));
		json_decref(j);
	}
	json_t *ctx = json_pack("{s:s, s:s, s:b, s:b}", "nav", "demo", "title", "Verstuurde berichten (demo)",
				"has_mail", json_array_size(mails) > 0, "has_sms", json_array_size(smses) > 0);
	json_object_set_new(ctx, "mails", mails);
	json_object_set_new(ctx, "smses", smses);
	return resp_page(r, 200, "demo_messages", ctx);
}
