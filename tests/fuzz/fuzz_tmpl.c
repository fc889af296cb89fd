/* libFuzzer target for the template engine: compile the input as a template
 * and, if it compiles, render it (alone, and as "self" in a set with a few
 * partials, so {{> self}} recursion is reachable) against a fixed context
 * full of HTML specials, nested objects and arrays. Must never crash, leak
 * or leave partial output behind on error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "util/buf.h"
#include "util/err.h"
#include "web/tmpl.h"

#define FUZZ_OUT_MAX (1024 * 1024)

static json_t *fuzz_ctx;

static const char ctx_json[] =
	"{"
	"\"name\":\"<b>\\\"Ann\\\" & 'Bob'</b> `=`\","
	"\"raw_body\":\"<p onclick=\\\"x()\\\">raw</p>\","
	"\"empty\":\"\",\"zero\":0,\"one\":1,\"pi\":3.14159,\"big\":9007199254740993,"
	"\"t\":true,\"f\":false,\"n\":null,\"none\":[],\"obj\":{},"
	"\"user\":{\"name\":\"<u>\",\"roles\":[\"admin\",\"<staff>\"],"
	"\"address\":{\"street\":\"Dam & Co\",\"city\":\"A'dam\"}},"
	"\"items\":[{\"name\":\"i1<\",\"qty\":2,\"tags\":[\"a\",\"b&\"]},"
	"{\"name\":\"i2>\",\"items\":[{\"name\":\"nested\"}]},"
	"\"scalar\",7,true,null,[1,[2,[3]]]],"
	"\"tree\":{\"name\":\"root\",\"kids\":[{\"name\":\"k1\",\"kids\":[]},"
	"{\"name\":\"k2\",\"kids\":[{\"name\":\"k21\",\"kids\":[]}]}]},"
	"\"a\":{\"b\":{\"c\":{\"d\":\"deep\\u0000nul\"}}}"
	"}";

static const char *const partials[] = {
	"partials/nav", "<nav>{{#user}}{{name}}{{#roles}}[{{.}}]{{/roles}}{{/user}}</nav>",
	"partials/tree", "{{name}}{{#kids}}({{> partials/tree}}){{/kids}}",
	"partials/loop", "{{> partials/loop}}",
	"partials/escape", "{{name}}{{{raw_body}}}",
	NULL,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	json_error_t jerr;
	fuzz_ctx = json_loadb(ctx_json, sizeof(ctx_json) - 1, JSON_ALLOW_NUL, &jerr);
	if (!fuzz_ctx)
		abort();
	return 0;
}

static void render_checked(const struct tmpl *t, const struct tmpl_set *set)
{
	struct buf b;
	buf_init(&b, FUZZ_OUT_MAX);
	int rc = tmpl_render(t, set, fuzz_ctx, &b);
	if (rc != K_OK && rc != K_ETOOBIG && rc != K_EINVAL)
		abort();
	if (rc != K_OK && b.len != 0)
		abort(); /* output must be rolled back on error */
	if (b.len > FUZZ_OUT_MAX)
		abort();
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct tmpl *t = NULL;
	struct tmpl_set *set = NULL;

	int rc = tmpl_compile((const char *)data, size, &t, err, sizeof(err));
	if (rc != K_OK) {
		if (rc != K_EINVAL || t || strncmp(err, "line ", 5) != 0)
			abort();
		goto out;
	}
	render_checked(t, NULL);

	set = tmpl_set_new();
	for (size_t i = 0; partials[i]; i += 2)
		if (tmpl_set_add(set, partials[i], partials[i + 1], strlen(partials[i + 1]),
				 err, sizeof(err)) != K_OK)
			abort();
	if (tmpl_set_add(set, "self", (const char *)data, size, err, sizeof(err)) != K_OK)
		abort(); /* it compiled above */
	render_checked(tmpl_set_get(set, "self"), set);
out:
	tmpl_set_free(set);
	tmpl_free(t);
	return 0;
}
