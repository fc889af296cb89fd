/* libFuzzer target for the router alone (fast; fuzz_http reaches it through
 * the server): router_match() of the input as a path against the real route
 * tables plus patterns with typed parameters, and router_validate() of the
 * input against every parameter type, with the validators' promises checked
 * (an accepted P_INT is a number 1..2^53, a P_TOKEN only [A-Za-z0-9_.-], a
 * P_LINE has no control characters, ...).
 * Input: byte 0 = method / max selector, the rest = path and value. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/arena.h"
#include "web/req.h"
#include "web/router.h"

static const struct route fz_patterns[] = {
	{"GET", "/a/{id:int}", NULL, 0, NULL, NULL},
	{"GET", "/a/{id:int}/b/{name:token}", NULL, 0, NULL, NULL},
	{"POST", "/a/{id:int}/b/{name:token}/{n2:int}/{t2}", NULL, 0, NULL, NULL},
	{"DELETE", "/{x}/{y}/{z}/{w}/{v}/{u}/{s}/{r}/{q}", NULL, 0, NULL, NULL},
	{"GET", "/", NULL, 0, NULL, NULL},
	{NULL, NULL, NULL, 0, NULL, NULL},
};

static const struct route *const tables[] = {fz_patterns, routes_core, routes_staff, routes_api,
					      routes_dossier, routes_admin, NULL};
static const char *const methods[] = {"GET", "POST", "HEAD", "DELETE", "PUT", "PATCH", "OPTIONS", "get"};

static int is_tokchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_' || c == '.';
}

/* What an accepted value must look like, per type. */
static void check_accepted(enum ptype t, const char *v, size_t len)
{
	size_t i;
	switch (t) {
	case P_STR:
		for (i = 0; i < len; i++)
			if (((unsigned char)v[i] < 0x20 && !strchr("\n\r\t", v[i])) || v[i] == 0x7f)
				abort();
		break;
	case P_LINE:
		for (i = 0; i < len; i++)
			if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
				abort();
		break;
	case P_INT: {
		char *end = NULL;
		long long n = strtoll(v, &end, 10);
		if (len == 0 || end != v + len || n < 1 || n > (1LL << 53) || v[0] < '0' || v[0] > '9')
			abort();
		break;
	}
	case P_TOKEN:
		if (len == 0)
			abort();
		for (i = 0; i < len; i++)
			if (!is_tokchar((unsigned char)v[i]))
				abort();
		break;
	case P_EMAIL: {
		const char *at = memchr(v, '@', len);
		if (!at || at == v || memchr(at + 1, '@', len - (size_t)(at - v) - 1) || len > 254)
			abort();
		break;
	}
	case P_BOOL:
		if (len > 5)
			abort();
		break;
	}
}

static void fuzz_match(const char *method, const char *path)
{
	struct req *r = calloc(1, sizeof *r);
	int path_matched = 0;
	if (!r)
		abort();
	arena_init(&r->arena, 1u << 20);
	const struct route *rt = router_match(tables, r, method, path, &path_matched);
	if (rt) {
		if (r->nparams < 0 || r->nparams > REQ_MAX_PARAMS)
			abort();
		for (int i = 0; i < r->nparams; i++) {
			if (!r->params[i] || strlen(r->params[i]) > 128 || strchr(r->params[i], '/'))
				abort();
			if (r->param_int[i] != 0 && (r->param_int[i] < 1 || r->param_int[i] > (1LL << 53)))
				abort();
		}
	}
	arena_free(&r->arena);
	free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t sel = data[0];
	const char *v = (const char *)data + 1;
	size_t len = size - 1;

	/* validators: every type, exact length (may hold NUL bytes) */
	static const size_t maxes[] = {0, 1, 5, 16, 64, 254, 1024, 4096};
	for (int t = P_STR; t <= P_BOOL; t++) {
		struct param_decl d = {"x", (enum ptype)t, maxes[sel & 7]};
		/* a copy of exactly len bytes, so reads past the value are caught */
		char *copy = malloc(len ? len : 1);
		if (!copy)
			abort();
		memcpy(copy, v, len);
		if (router_validate(&d, copy, len) == 0) {
			if (len > d.max || memchr(copy, '\0', len))
				abort();
			char *z = malloc(len + 1);
			if (!z)
				abort();
			memcpy(z, copy, len);
			z[len] = '\0';
			check_accepted((enum ptype)t, z, len);
			free(z);
		}
		free(copy);
	}

	/* router: the value up to the first NUL as a path */
	char *path = malloc(len + 1);
	if (!path)
		abort();
	memcpy(path, v, len);
	path[len] = '\0';
	fuzz_match(methods[(sel >> 3) & 7], path);
	free(path);
	return 0;
}
