#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "util/buf.h"
#include "util/embedded.h"
#include "util/err.h"
#include "web/tmpl.h"

/* render: compile src, render it with ctx (JSON text) and set; returns the
 * render code, output in *res (malloc'd). Compile must succeed. */
static int render(const char *src, const char *ctx_json, const struct tmpl_set *set, char **res)
{
	char err[256];
	struct tmpl *t = NULL;
	json_error_t jerr;
	json_t *ctx = json_loads(ctx_json, 0, &jerr);
	assert_non_null(ctx);
	int rc = tmpl_compile(src, strlen(src), &t, err, sizeof(err));
	if (rc)
		fail_msg("compile failed: %s", err);
	struct buf b;
	buf_init(&b, 1 << 20);
	rc = tmpl_render(t, set, ctx, &b);
	*res = buf_steal(&b);
	tmpl_free(t);
	json_decref(ctx);
	return rc;
}

static void expect(const char *src, const char *ctx_json, const char *want)
{
	char *got;
	assert_int_equal(render(src, ctx_json, NULL, &got), K_OK);
	assert_string_equal(got, want);
	free(got);
}

/* expect_compile_error: src does not compile, err starts "line N: " and
 * contains what. */
static void expect_compile_error(const char *src, size_t len, unsigned line, const char *what)
{
	char err[256], prefix[32];
	struct tmpl *t = (struct tmpl *)1;
	assert_int_equal(tmpl_compile(src, len, &t, err, sizeof(err)), K_EINVAL);
	assert_null(t);
	snprintf(prefix, sizeof(prefix), "line %u: ", line);
	if (strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, what))
		fail_msg("want \"%s...%s\", got \"%s\"", prefix, what, err);
}

/* EXPECT_ERR: as expect_compile_error for a string literal (may hold NULs) */
#define EXPECT_ERR(lit, line, what) expect_compile_error(lit, sizeof(lit) - 1, line, what)

static void test_text_only(void **state)
{
	expect("", "{}", "");
	expect("plain <b>html</b> & text", "{}", "plain <b>html</b> & text");
	expect("a } b { c }} d", "{}", "a } b { c }} d");
}

static void test_escape_each_char(void **state)
{
	expect("{{s}}", "{\"s\":\"&\"}", "&amp;");
	expect("{{s}}", "{\"s\":\"<\"}", "&lt;");
	expect("{{s}}", "{\"s\":\">\"}", "&gt;");
	expect("{{s}}", "{\"s\":\"\\\"\"}", "&quot;");
	expect("{{s}}", "{\"s\":\"'\"}", "&#39;");
	expect("{{s}}", "{\"s\":\"`\"}", "&#96;");
	expect("{{s}}", "{\"s\":\"=\"}", "&#61;");
	expect("<a title={{s}}>", "{\"s\":\"x onmouseover=alert(1)\"}",
	       "<a title=x onmouseover&#61;alert(1)>");
	expect("[{{s}}]", "{\"s\":\"<script>alert('x&y')</script>\"}",
	       "[&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;]");
	expect("{{s}}", "{\"s\":\"héllo wörld\"}", "héllo wörld");
}

static void test_value_types(void **state)
{
	const char *ctx = "{\"i\":-42,\"r\":2.5,\"t\":true,\"f\":false,\"n\":null,"
			  "\"o\":{\"a\":1},\"a\":[1,2],\"s\":\"x\"}";
	expect("{{i}}|{{r}}|{{t}}|{{f}}|{{n}}|{{o}}|{{a}}|{{missing}}|{{s}}", ctx,
	       "-42|2.5|true||||||x");
	expect("{{ s }}|{{\ts\n}}", ctx, "x|x");
	expect("a{{! a comment with {{braces}\n over lines }}b", ctx, "ab");
}

static void test_dotted_names(void **state)
{
	const char *ctx = "{\"a\":{\"b\":{\"c\":\"deep<\"}},\"x\":{\"y\":1},\"y\":\"outer\"}";
	expect("{{a.b.c}}", ctx, "deep&lt;");
	expect("[{{a.b}}][{{a.z.c}}][{{a.b.c.d}}][{{nope.b}}]", ctx, "[][][][]");
	/* only the first part walks the stack: x has no "a", but once "x" is
	 * found, x.y resolves inside it. */
	expect("{{#x}}{{y}}/{{x.y}}/{{a.b.c}}{{/x}}", ctx, "1/1/deep&lt;");
	/* a found in the inner context shadows the outer a entirely */
	expect("{{#in}}[{{a.b}}]{{/in}}", "{\"a\":{\"b\":\"outer\"},\"in\":{\"a\":{}}}", "[]");
}

static void test_section_array(void **state)
{
	expect("<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>",
	       "{\"items\":[{\"name\":\"a&b\"},{\"name\":\"c\"},{}]}",
	       "<ul><li>a&amp;b</li><li>c</li><li></li></ul>");
	expect("{{#xs}}[{{.}}]{{/xs}}", "{\"xs\":[1,\"<\",true,null,2.25]}",
	       "[1][&lt;][true][][2.25]");
	expect("a{{#xs}}never{{/xs}}b", "{\"xs\":[]}", "ab");
	/* outer names are visible inside; inner wins */
	expect("{{#rows}}{{title}}:{{#cells}}{{v}}{{sep}}{{/cells}};{{/rows}}",
	       "{\"title\":\"T\",\"sep\":\",\",\"rows\":[{\"cells\":[{\"v\":1},{\"v\":2,\"sep\":\"!\"}]},"
	       "{\"title\":\"U\",\"cells\":[]}]}",
	       "T:1,2!;U:;");
	/* arrays of arrays: {{.}} of an array prints nothing, nested iteration works */
	expect("{{#m}}({{#.}}{{.}}{{/.}}){{/m}}", "{\"m\":[[1,2],[3]]}", "(12)(3)");
}

static void test_section_object_and_scalars(void **state)
{
	expect("{{#user}}Hi {{name}}{{/user}}", "{\"user\":{\"name\":\"Ann\"}}", "Hi Ann");
	expect("{{#user}}Hi{{/user}}", "{\"user\":{}}", "Hi");
	expect("{{#t}}yes{{/t}}{{#f}}no{{/f}}{{#n}}no{{/n}}{{#m}}no{{/m}}", "{\"t\":true,\"f\":false,\"n\":null}",
	       "yes");
	expect("{{#s}}<{{.}}>{{/s}}{{#e}}no{{/e}}", "{\"s\":\"str\",\"e\":\"\"}", "<str>");
	expect("{{#i}}{{.}}{{/i}}{{#z}}no{{/z}}{{#r}}{{.}}{{/r}}{{#rz}}no{{/rz}}",
	       "{\"i\":7,\"z\":0,\"r\":0.5,\"rz\":0.0}", "70.5");
	/* the pushed scalar does not hide outer names */
	expect("{{#t}}{{name}}{{/t}}", "{\"t\":true,\"name\":\"N\"}", "N");
}

static void test_inverted(void **state)
{
	const char *ctx = "{\"f\":false,\"n\":null,\"e\":[],\"s\":\"\",\"z\":0,"
			  "\"t\":true,\"a\":[1],\"o\":{},\"x\":\"x\",\"name\":\"N\"}";
	expect("{{^f}}1{{/f}}{{^n}}2{{/n}}{{^e}}3{{/e}}{{^s}}4{{/s}}{{^z}}5{{/z}}{{^missing}}6{{/missing}}",
	       ctx, "123456");
	expect("{{^t}}1{{/t}}{{^a}}2{{/a}}{{^o}}3{{/o}}{{^x}}4{{/x}}", ctx, "");
	expect("{{#a}}{{^f}}<{{name}}>{{/f}}{{/a}}", ctx, "<N>");
	expect("{{#e}}rows{{/e}}{{^e}}No rows.{{/e}}", ctx, "No rows.");
}

static struct tmpl_set *set_of(const char *const *pairs)
{
	char err[256];
	struct tmpl_set *set = tmpl_set_new();
	for (size_t i = 0; pairs[i]; i += 2)
		if (tmpl_set_add(set, pairs[i], pairs[i + 1], strlen(pairs[i + 1]), err, sizeof(err)))
			fail_msg("add %s: %s", pairs[i], err);
	return set;
}

static void test_partials(void **state)
{
	static const char *const pairs[] = {
		"layout", "<html>{{> partials/nav}}<main>{{{raw_body}}}</main></html>",
		"partials/nav", "<nav>{{#user}}{{name}}{{/user}}{{^user}}guest{{/user}}</nav>",
		"row", "<tr><td>{{name}}</td><td>{{title}}</td></tr>",
		"table", "<table>{{#rows}}{{> row}}{{/rows}}</table>",
		"tree", "{{name}}{{#kids}}({{> tree}}){{/kids}}",
		NULL,
	};
	struct tmpl_set *set = set_of(pairs);
	json_t *ctx = json_pack("{s:{s:s}, s:s, s:s, s:[{s:s},{s:s}]}",
				"user", "name", "A<B", "raw_body", "<p>inner</p>",
				"title", "T", "rows", "name", "r1", "name", "r2");
	struct buf b;
	buf_init(&b, 4096);

	assert_int_equal(tmpl_set_render(set, "layout", ctx, &b), K_OK);
	assert_string_equal(buf_str(&b), "<html><nav>A&lt;B</nav><main><p>inner</p></main></html>");
	buf_reset(&b);

	assert_int_equal(tmpl_set_render(set, "table", ctx, &b), K_OK);
	assert_string_equal(buf_str(&b), "<table><tr><td>r1</td><td>T</td></tr>"
					 "<tr><td>r2</td><td>T</td></tr></table>");
	buf_reset(&b);

	/* bounded recursion through data is fine */
	/* (leaves need "kids": [], or the lookup finds the parent's kids) */
	json_t *tree = json_loads("{\"name\":\"a\",\"kids\":[{\"name\":\"b\",\"kids\":"
				  "[{\"name\":\"c\",\"kids\":[]}]},{\"name\":\"d\",\"kids\":[]}]}",
				  0, NULL);
	assert_int_equal(tmpl_set_render(set, "tree", tree, &b), K_OK);
	assert_string_equal(buf_str(&b), "a(b(c))(d)");
	buf_reset(&b);

	assert_int_equal(tmpl_set_render(set, "nope", ctx, &b), K_ENOTFOUND);
	assert_non_null(tmpl_set_get(set, "partials/nav"));
	assert_null(tmpl_set_get(set, "partials"));
	assert_null(tmpl_set_get(NULL, "layout"));

	/* partial without a set */
	assert_int_equal(tmpl_render(tmpl_set_get(set, "layout"), NULL, ctx, &b), K_EINVAL);
	assert_int_equal(b.len, 0);

	json_decref(tree);
	json_decref(ctx);
	buf_free(&b);
	tmpl_set_free(set);
}

static void test_partial_errors(void **state)
{
	static const char *const pairs[] = {
		"self", "x{{> self}}",
		"ping", "<{{> pong}}",
		"pong", ">{{> ping}}",
		"missing", "a{{> not/there}}b",
		"deep16", "{{> d1}}",
		NULL,
	};
	struct tmpl_set *set = set_of(pairs);
	char err[256], name[16], src[32];
	struct buf b;
	buf_init(&b, 1 << 20);
	assert_int_equal(buf_adds(&b, "keep"), K_OK);

	assert_int_equal(tmpl_set_render(set, "self", NULL, &b), K_EINVAL);
	assert_int_equal(tmpl_set_render(set, "ping", NULL, &b), K_EINVAL);
	assert_int_equal(tmpl_set_render(set, "missing", NULL, &b), K_EINVAL);
	assert_string_equal(buf_str(&b), "keep"); /* left as it was */

	/* exactly TMPL_MAX_PARTIAL_DEPTH nested partials work, one more fails */
	for (int i = 1; i <= TMPL_MAX_PARTIAL_DEPTH; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		if (i < TMPL_MAX_PARTIAL_DEPTH)
			snprintf(src, sizeof(src), "%d{{> d%d}}", i, i + 1);
		else
			snprintf(src, sizeof(src), "%d", i);
		assert_int_equal(tmpl_set_add(set, name, src, strlen(src), err, sizeof(err)), K_OK);
	}
	buf_reset(&b);
	assert_int_equal(tmpl_set_render(set, "deep16", NULL, &b), K_OK);
	assert_string_equal(buf_str(&b), "12345678910111213141516");
	buf_reset(&b);
	assert_int_equal(tmpl_set_add(set, "deep17", "{{> deep16}}", 12, err, sizeof(err)), K_OK);
	assert_int_equal(tmpl_set_render(set, "deep17", NULL, &b), K_EINVAL);

	/* duplicate and broken templates are refused, naming the template */
	assert_int_equal(tmpl_set_add(set, "self", "y", 1, err, sizeof(err)), K_EINVAL);
	assert_non_null(strstr(err, "self"));
	assert_int_equal(tmpl_set_add(set, "bad", "\n{{#a}}", 7, err, sizeof(err)), K_EINVAL);
	assert_string_equal(err, "bad: line 2: unclosed section {{#a}}");
	assert_null(tmpl_set_get(set, "bad"));

	buf_free(&b);
	tmpl_set_free(set);
}

static void test_raw(void **state)
{
	expect("{{{raw_body}}}|{{raw_body}}", "{\"raw_body\":\"<p a=\\\"1\\\">&amp;</p>\"}",
	       "<p a=\"1\">&amp;</p>|&lt;p a&#61;&quot;1&quot;&gt;&amp;amp;&lt;/p&gt;");
	expect("{{{ raw_x.y }}}", "{\"raw_x\":{\"y\":\"<i>\"}}", "<i>");
	EXPECT_ERR("ok\n{{{body}}}", 2, "raw_");
	EXPECT_ERR("{{{raw_}}}", 1, "raw_");
	EXPECT_ERR("{{{x.raw_y}}}", 1, "raw_");
	EXPECT_ERR("{{{raw_x}}", 1, "unclosed tag");
}

static void test_compile_errors(void **state)
{
	EXPECT_ERR("a\nb{{name", 2, "unclosed tag");
	EXPECT_ERR("a\n\n{{#items}}\n{{x}}\n", 3, "unclosed section {{#items}}");
	EXPECT_ERR("{{^a}}\n", 1, "unclosed section {{^a}}");
	EXPECT_ERR("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}", 3, "{{/a}} does not match {{#b}} of line 2");
	EXPECT_ERR("x\n{{/a}}", 2, "without an open section");
	EXPECT_ERR("{{}}", 1, "empty tag name");
	EXPECT_ERR("{{#  }}{{/}}", 1, "empty tag name");
	EXPECT_ERR("\n{{a b}}", 2, "invalid character");
	EXPECT_ERR("{{<script>}}", 1, "invalid character");
	EXPECT_ERR("{{&x}}", 1, "invalid character");
	EXPECT_ERR("{{=<% %>=}}", 1, "invalid character");
	EXPECT_ERR("{{a..b}}", 1, "dotted");
	EXPECT_ERR("{{.a}}", 1, "dotted");
	EXPECT_ERR("{{a.}}", 1, "dotted");
	EXPECT_ERR("{{> a b}}", 1, "invalid character");
	EXPECT_ERR("x\0{{", 1, "unclosed tag");

	/* name length: TMPL_MAX_NAME is fine, one more is not */
	char src[TMPL_MAX_NAME + 16];
	struct tmpl *t = NULL;
	char err[256];
	memset(src, 'n', sizeof(src));
	memcpy(src, "{{", 2);
	memcpy(src + 2 + TMPL_MAX_NAME, "}}", 2);
	assert_int_equal(tmpl_compile(src, TMPL_MAX_NAME + 4, &t, err, sizeof(err)), K_OK);
	tmpl_free(t);
	memcpy(src + 2 + TMPL_MAX_NAME, "n}}", 3);
	expect_compile_error(src, TMPL_MAX_NAME + 5, 1, "longer than");

	/* err may be NULL */
	assert_int_equal(tmpl_compile("{{#a}}", 6, &t, NULL, 0), K_EINVAL);
	assert_null(t);
}

static void test_nesting_limit(void **state)
{
	struct buf src;
	struct tmpl *t = NULL;
	char err[256];
	buf_init(&src, 1 << 16);
	for (int i = 0; i < TMPL_MAX_NEST; i++)
		assert_int_equal(buf_addf(&src, "{{#s%d}}\n", i), K_OK);
	assert_int_equal(buf_adds(&src, "x"), K_OK);
	for (int i = TMPL_MAX_NEST - 1; i >= 0; i--)
		assert_int_equal(buf_addf(&src, "{{/s%d}}", i), K_OK);
	assert_int_equal(tmpl_compile(src.data, src.len, &t, err, sizeof(err)), K_OK);
	tmpl_free(t);

	buf_reset(&src);
	for (int i = 0; i <= TMPL_MAX_NEST; i++)
		assert_int_equal(buf_addf(&src, "{{^s%d}}\n", i), K_OK);
	expect_compile_error(src.data, src.len, TMPL_MAX_NEST + 1, "nested deeper than 32");
	buf_free(&src);
}

static void test_source_limit(void **state)
{
	char *src = malloc(TMPL_MAX_SRC + 1);
	struct tmpl *t = NULL;
	char err[256];
	assert_non_null(src);
	memset(src, 'a', TMPL_MAX_SRC + 1);
	assert_int_equal(tmpl_compile(src, TMPL_MAX_SRC, &t, err, sizeof(err)), K_OK);
	tmpl_free(t);
	expect_compile_error(src, TMPL_MAX_SRC + 1, 1, "larger than");
	free(src);
}

static void test_output_limit(void **state)
{
	struct tmpl *t = NULL;
	char err[256];
	const char *src = "{{#xs}}<li>{{.}}</li>{{/xs}}";
	json_t *ctx = json_loads("{\"xs\":[\"aaaa\",\"<<<<\",\"cccc\"]}", 0, NULL);
	struct buf b;
	assert_int_equal(tmpl_compile(src, strlen(src), &t, err, sizeof(err)), K_OK);

	buf_init(&b, 13 + 25 + 13); /* exactly enough */
	assert_int_equal(tmpl_render(t, NULL, ctx, &b), K_OK);
	assert_string_equal(buf_str(&b), "<li>aaaa</li><li>&lt;&lt;&lt;&lt;</li><li>cccc</li>");
	buf_free(&b);

	buf_init(&b, 13 + 25 + 12); /* one byte short */
	assert_int_equal(tmpl_render(t, NULL, ctx, &b), K_ETOOBIG);
	assert_int_equal(b.len, 0);
	buf_free(&b);

	buf_init(&b, 20); /* an escape does not fit */
	assert_int_equal(buf_adds(&b, "pre"), K_OK);
	assert_int_equal(tmpl_render(t, NULL, ctx, &b), K_ETOOBIG);
	assert_string_equal(buf_str(&b), "pre");
	buf_free(&b);

	json_decref(ctx);
	tmpl_free(t);
}

static void test_step_limit(void **state)
{
	/* 32 nested loops over 4 elements would run 4^32 times with no output */
	struct buf src, b;
	struct tmpl *t = NULL;
	char err[256];
	json_t *ctx = json_loads("{\"a\":[1,2,3,4]}", 0, NULL);
	buf_init(&src, 1 << 16);
	for (int i = 0; i < TMPL_MAX_NEST; i++)
		assert_int_equal(buf_adds(&src, "{{#a}}"), K_OK);
	for (int i = 0; i < TMPL_MAX_NEST; i++)
		assert_int_equal(buf_adds(&src, "{{/a}}"), K_OK);
	assert_int_equal(tmpl_compile(src.data, src.len, &t, err, sizeof(err)), K_OK);
	buf_init(&b, 1024);
	assert_int_equal(tmpl_render(t, NULL, ctx, &b), K_ETOOBIG);
	buf_free(&b);
	buf_free(&src);
	tmpl_free(t);
	json_decref(ctx);
}

static void test_null_and_odd_contexts(void **state)
{
	struct tmpl *t = NULL;
	char err[256];
	const char *src = "[{{a}}{{.}}{{#a}}x{{/a}}{{^a}}y{{/a}}]";
	struct buf b;
	assert_int_equal(tmpl_compile(src, strlen(src), &t, err, sizeof(err)), K_OK);
	buf_init(&b, 1024);
	assert_int_equal(tmpl_render(t, NULL, NULL, &b), K_OK);
	assert_string_equal(buf_str(&b), "[y]");
	buf_reset(&b);
	json_t *arr = json_pack("[i]", 1);
	assert_int_equal(tmpl_render(t, NULL, arr, &b), K_OK);
	assert_string_equal(buf_str(&b), "[y]");
	json_decref(arr);
	buf_reset(&b);
	json_t *s = json_string("<s>");
	assert_int_equal(tmpl_render(t, NULL, s, &b), K_OK);
	assert_string_equal(buf_str(&b), "[&lt;s&gt;y]");
	json_decref(s);
	buf_free(&b);
	tmpl_free(t);
}

struct thread_arg {
	const struct tmpl *t;
	const json_t *ctx;
	int ok;
};

static void *render_thread(void *p)
{
	struct thread_arg *a = p;
	struct buf b;
	buf_init(&b, 1 << 16);
	a->ok = 1;
	for (int i = 0; i < 200 && a->ok; i++) {
		buf_reset(&b);
		a->ok = tmpl_render(a->t, NULL, a->ctx, &b) == K_OK &&
			strcmp(buf_str(&b), "1&lt;2&lt;3&lt;") == 0;
	}
	buf_free(&b);
	return NULL;
}

static void test_threads(void **state)
{
	struct tmpl *t = NULL;
	char err[256];
	const char *src = "{{#xs}}{{n}}{{s}}{{/xs}}";
	json_t *ctx = json_loads("{\"s\":\"<\",\"xs\":[{\"n\":1},{\"n\":2},{\"n\":3}]}", 0, NULL);
	pthread_t th[4];
	struct thread_arg args[4];
	assert_int_equal(tmpl_compile(src, strlen(src), &t, err, sizeof(err)), K_OK);
	for (int i = 0; i < 4; i++) {
		args[i] = (struct thread_arg){ .t = t, .ctx = ctx };
		assert_int_equal(pthread_create(&th[i], NULL, render_thread, &args[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_true(args[i].ok);
	}
	tmpl_free(t);
	json_decref(ctx);
}

/* Runs against the real embedded files in the project build: every shipped
 * template compiles, every partial it names exists, and each is in the set. */
static void test_load_embedded(void **state)
{
	struct tmpl_set *set = NULL;
	char err[256] = "";
	int rc = tmpl_set_load_embedded(&set, err, sizeof(err));
	if (rc)
		fail_msg("embedded templates: %s", err);
	for (size_t i = 0; i < embedded_count; i++) {
		const char *n = embedded_files[i].name;
		size_t len = strlen(n);
		if (strncmp(n, "templates/", 10) != 0 || len <= 15 || strcmp(n + len - 5, ".html") != 0)
			continue;
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(len - 15), n + 10);
		if (!tmpl_set_get(set, name))
			fail_msg("template %s not in the set", name);
	}
	assert_null(tmpl_set_get(set, "readme"));
	tmpl_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_only),
		cmocka_unit_test(test_escape_each_char),
		cmocka_unit_test(test_value_types),
		cmocka_unit_test(test_dotted_names),
		cmocka_unit_test(test_section_array),
		cmocka_unit_test(test_section_object_and_scalars),
		cmocka_unit_test(test_inverted),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_partial_errors),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_source_limit),
		cmocka_unit_test(test_output_limit),
		cmocka_unit_test(test_step_limit),
		cmocka_unit_test(test_null_and_odd_contexts),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_load_embedded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
