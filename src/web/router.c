#include <stdlib.h>
#include <string.h>
#include "web/router.h"

#define MAX_SEGMENTS 16

/* Split a path into segments in place-free fashion: returns count, fills
 * start/len arrays. -1 when too many segments. */
static int split(const char *path, const char **seg, size_t *len)
{
	int n = 0;
	const char *p = path;
	if (*p != '/')
		return -1;
	while (*p) {
		p++; /* skip '/' */
		const char *s = p;
		while (*p && *p != '/')
			p++;
		if (n == MAX_SEGMENTS)
			return -1;
		seg[n] = s;
		len[n] = (size_t)(p - s);
		n++;
	}
	return n;
}

static int valid_int(const char *s, size_t len, int64_t *out)
{
	if (len == 0 || len > 16)
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v <= 0 || v > (1LL << 53))
		return -1;
	*out = v;
	return 0;
}

static int valid_token(const char *s, size_t len)
{
	if (len == 0 || s[0] == '.')
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		      c == '_' || c == '.'))
			return -1;
	}
	return 0;
}

/* Does pattern match path? Fills params on success. */
static int match_one(const char *pattern, const char *path, struct req *r)
{
	const char *pseg[MAX_SEGMENTS], *sseg[MAX_SEGMENTS];
	size_t plen[MAX_SEGMENTS], slen[MAX_SEGMENTS];
	int pn = split(pattern, pseg, plen);
	int sn = split(path, sseg, slen);
	if (pn < 0 || sn < 0 || pn != sn)
		return 0;
	int np = 0;
	for (int i = 0; i < pn; i++) {
		if (plen[i] > 2 && pseg[i][0] == '{') {
			if (np == REQ_MAX_PARAMS)
				return 0;
			const char *colon = memchr(pseg[i], ':', plen[i]);
			int is_int = colon && strncmp(colon, ":int}", 5) == 0;
			int64_t v = 0;
			if (is_int ? valid_int(sseg[i], slen[i], &v) : valid_token(sseg[i], slen[i]))
				return 0;
			if (slen[i] > 128)
				return 0;
			r->params[np] = arena_strndup(&r->arena, sseg[i], slen[i]);
			r->param_int[np] = v;
			np++;
			continue;
		}
		if (plen[i] != slen[i] || memcmp(pseg[i], sseg[i], plen[i]) != 0)
			return 0;
	}
	r->nparams = np;
	return 1;
}

const struct route *router_match(const struct route *const *tables, struct req *r, const char *method,
				 const char *path, int *path_matched)
{
	*path_matched = 0;
	for (int t = 0; tables[t]; t++) {
		for (const struct route *rt = tables[t]; rt->method; rt++) {
			if (!match_one(rt->pattern, path, r))
				continue;
			if (strcmp(rt->method, method) == 0 ||
			    (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
				return rt;
			*path_matched = 1;
		}
	}
	return NULL;
}

/* UTF-8 well-formedness (no overlongs, no surrogates). */
static int valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
		} else
			return -1;
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		i += n + 1;
	}
	return 0;
}

static int valid_email(const char *s, size_t len)
{
	if (len < 3 || len > 254)
		return -1;
	const char *at = memchr(s, '@', len);
	if (!at || at == s || at == s + len - 1 || memchr(at + 1, '@', len - (size_t)(at - s) - 1))
		return -1;
	if ((size_t)(at - s) > 64)
		return -1;
	const char *dot = memchr(at + 1, '.', len - (size_t)(at - s) - 1);
	if (!dot || dot == at + 1 || s[len - 1] == '.')
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '\\' ||
		    c == '(' || c == ')' || c == '[' || c == ']' || c == 0x7f)
			return -1;
	}
	return 0;
}

int router_validate(const struct param_decl *d, const char *value, size_t len)
{
	if (len > d->max)
		return -1;
	if (memchr(value, '\0', len))
		return -1;
	if (valid_utf8((const unsigned char *)value, len))
		return -1;
	switch (d->type) {
	case P_STR:
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)value[i];
			if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f)
				return -1;
		}
		return 0;
	case P_LINE:
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)value[i];
			if (c < 0x20 || c == 0x7f)
				return -1;
		}
		return 0;
	case P_INT: {
		int64_t v;
		return valid_int(value, len, &v);
	}
	case P_TOKEN:
		return valid_token(value, len);
	case P_EMAIL:
		return valid_email(value, len);
	case P_BOOL:
		if ((len == 1 && (value[0] == '0' || value[0] == '1')) || (len == 2 && !memcmp(value, "on", 2)) ||
		    (len == 3 && !memcmp(value, "off", 3)) || (len == 4 && !memcmp(value, "true", 4)) ||
		    (len == 5 && !memcmp(value, "false", 5)))
			return 0;
		return -1;
	}
	return -1;
}
