/* Unit tests: route matching with typed path parameters and the validators
 * of declared parameters (DESIGN.md "Every route declares its parameters
 * with validators; undeclared input is dropped"). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "web/router.h"

static int ok(enum ptype t, size_t max, const char *v)
{
	struct param_decl d = {"x", t, max};
	return router_validate(&d, v, strlen(v)) == 0;
}

/* With an explicit length (embedded NUL bytes). */
static int okn(enum ptype t, size_t max, const char *v, size_t len)
{
	struct param_decl d = {"x", t, max};
	return router_validate(&d, v, len) == 0;
}

static void test_int(void **state)
{
	assert_true(ok(P_INT, 32, "1"));
	assert_true(ok(P_INT, 32, "42"));
	assert_true(ok(P_INT, 32, "9007199254740992")); /* 2^53 */
	assert_false(ok(P_INT, 32, "9007199254740993"));
	assert_false(ok(P_INT, 32, "99999999999999999"));
	assert_false(ok(P_INT, 32, "99999999999999999999999999"));
	assert_false(ok(P_INT, 32, "0"));
	assert_false(ok(P_INT, 32, "00"));
	assert_false(ok(P_INT, 32, "-1"));
	assert_false(ok(P_INT, 32, "+1"));
	assert_false(ok(P_INT, 32, ""));
	assert_false(ok(P_INT, 32, "12a"));
	assert_false(ok(P_INT, 32, "a12"));
	assert_false(ok(P_INT, 32, " 12"));
	assert_false(ok(P_INT, 32, "12 "));
	assert_false(ok(P_INT, 32, "1.5"));
	assert_false(ok(P_INT, 32, "0x10"));
	assert_false(ok(P_INT, 32, "1e3"));
	assert_false(okn(P_INT, 32, "12\0" "3", 4));
	assert_false(ok(P_INT, 32, "\xd9\xa1")); /* ARABIC-INDIC DIGIT ONE */
	assert_false(ok(P_INT, 3, "1234"));     /* max length */
}

static void test_email(void **state)
{
	assert_true(ok(P_EMAIL, 254, "a@b.nl"));
	assert_true(ok(P_EMAIL, 254, "jan.de-vries+kluis@kantoor.example.nl"));
	assert_false(ok(P_EMAIL, 254, ""));
	assert_false(ok(P_EMAIL, 254, "a"));
	assert_false(ok(P_EMAIL, 254, "a@b"));
	assert_false(ok(P_EMAIL, 254, "@b.nl"));
	assert_false(ok(P_EMAIL, 254, "a@"));
	assert_false(ok(P_EMAIL, 254, "a@.nl"));
	assert_false(ok(P_EMAIL, 254, "a@b.nl."));
	assert_false(ok(P_EMAIL, 254, "a@@b.nl"));
	assert_false(ok(P_EMAIL, 254, "a@b@c.nl"));
	assert_false(ok(P_EMAIL, 254, "a b@c.nl"));
	assert_false(ok(P_EMAIL, 254, "a@b.nl\n"));
	assert_false(ok(P_EMAIL, 254, "a@b.nl\r\nBcc: x@y.nl"));
	assert_false(ok(P_EMAIL, 254, "<a@b.nl>"));
	assert_false(ok(P_EMAIL, 254, "a@b.nl,c@d.nl"));
	assert_false(ok(P_EMAIL, 254, "\"a\"@b.nl"));
	char local[80];
	memset(local, 'a', 65);
	snprintf(local + 65, sizeof local - 65, "@b.nl");
	assert_false(ok(P_EMAIL, 254, local)); /* local part over 64 */
	local[1] = '@';
	local[2] = '\0';
	assert_false(ok(P_EMAIL, 254, local));
	char lng[300];
	memset(lng, 'b', sizeof lng);
	lng[0] = 'a';
	lng[1] = '@';
	snprintf(lng + 260, sizeof lng - 260, ".nl");
	assert_false(ok(P_EMAIL, 1000, lng)); /* over 254 */
	assert_false(ok(P_EMAIL, 5, "a@b.nl")); /* declared max */
}

static void test_token(void **state)
{
	assert_true(ok(P_TOKEN, 64, "abcXYZ019-_"));
	assert_true(ok(P_TOKEN, 64, "dGhpcyBpcyBhIHRva2Vu"));
	assert_false(ok(P_TOKEN, 64, ""));
	assert_false(ok(P_TOKEN, 64, "a b"));
	assert_false(ok(P_TOKEN, 64, "a/b"));
	assert_false(ok(P_TOKEN, 64, "a%2Fb"));
	assert_false(ok(P_TOKEN, 64, "a+b"));
	assert_false(ok(P_TOKEN, 64, "a=b"));
	assert_false(ok(P_TOKEN, 64, "<x>"));
	assert_false(ok(P_TOKEN, 64, "caf\xc3\xa9"));
	assert_false(ok(P_TOKEN, 64, "a\nb"));
	assert_false(okn(P_TOKEN, 64, "ab\0cd", 5));
	assert_false(ok(P_TOKEN, 4, "abcde"));
	assert_true(ok(P_TOKEN, 5, "abcde"));
}

static void test_line_and_str(void **state)
{
	/* one line: no control characters at all */
	assert_true(ok(P_LINE, 100, "Hypotheek Jansen & Zn. <2024>"));
	assert_true(ok(P_LINE, 100, "caf\xc3\xa9 \xe2\x82\xac 5,- \xf0\x9f\x98\x80"));
	assert_true(ok(P_LINE, 100, ""));
	assert_false(ok(P_LINE, 100, "a\nb"));
	assert_false(ok(P_LINE, 100, "a\rb"));
	assert_false(ok(P_LINE, 100, "a\tb"));
	assert_false(ok(P_LINE, 100, "a\x01" "b"));
	assert_false(ok(P_LINE, 100, "a\x1b[31m"));
	assert_false(ok(P_LINE, 100, "a\x7f"));
	assert_false(okn(P_LINE, 100, "a\0b", 3));
	/* free text: newlines and tabs allowed, other controls not */
	assert_true(ok(P_STR, 100, "regel 1\nregel 2\r\n\tingesprongen"));
	assert_false(ok(P_STR, 100, "a\x01"));
	assert_false(ok(P_STR, 100, "a\x1b"));
	assert_false(ok(P_STR, 100, "a\x7f"));
	assert_false(okn(P_STR, 100, "a\0b", 3));
	/* max is in bytes, inclusive */
	assert_true(ok(P_STR, 5, "abcde"));
	assert_false(ok(P_STR, 5, "abcdef"));
	assert_true(ok(P_LINE, 4, "\xe2\x82\xac" "a"));  /* 4 bytes */
	assert_false(ok(P_LINE, 4, "\xe2\x82\xac\xe2\x82\xac"));
	assert_false(ok(P_STR, 0, "a"));
	assert_true(ok(P_STR, 0, ""));
}

static void test_utf8(void **state)
{
	const enum ptype types[] = {P_STR, P_LINE};
	const char *bad[] = {
		"\x80",                 /* lone continuation byte */
		"a\xbf",
		"\xc3",                 /* truncated 2-byte */
		"\xe2\x82",             /* truncated 3-byte */
		"\xf0\x9f\x98",         /* truncated 4-byte */
		"\xc3" "a",             /* continuation missing */
		"\xc0\xaf",             /* overlong '/' */
		"\xc1\xbf",             /* overlong */
		"\xe0\x80\xaf",         /* overlong 3-byte '/' */
		"\xe0\x9f\xbf",         /* overlong U+07FF */
		"\xf0\x80\x80\xaf",     /* overlong 4-byte */
		"\xf0\x8f\xbf\xbf",     /* overlong U+FFFF */
		"\xed\xa0\x80",         /* U+D800 high surrogate */
		"\xed\xbf\xbf",         /* U+DFFF low surrogate */
		"\xed\xa0\xbd\xed\xb8\x80", /* CESU-8 surrogate pair */
		"\xf4\x90\x80\x80",     /* U+110000 */
		"\xf5\x80\x80\x80",
		"\xf8\x88\x80\x80\x80", /* 5-byte form */
		"\xfe",
		"\xff",
	};
	const char *good[] = {
		"",
		"\xc2\x80",             /* U+0080 */
		"\xdf\xbf",             /* U+07FF */
		"\xe0\xa0\x80",         /* U+0800 */
		"\xed\x9f\xbf",         /* U+D7FF */
		"\xee\x80\x80",         /* U+E000 */
		"\xef\xbf\xbf",         /* U+FFFF */
		"\xf0\x90\x80\x80",     /* U+10000 */
		"\xf4\x8f\xbf\xbf",     /* U+10FFFF */
	};
	for (size_t t = 0; t < 2; t++) {
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
			if (ok(types[t], 100, bad[i]))
				fail_msg("type %zu accepted invalid UTF-8 #%zu", t, i);
		for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
			if (!ok(types[t], 100, good[i]))
				fail_msg("type %zu refused valid UTF-8 #%zu", t, i);
	}
	/* invalid UTF-8 is refused by the other types too */
	assert_false(ok(P_EMAIL, 100, "a\xc0\xaf@b.nl"));
}

static void test_bool(void **state)
{
	const char *yes[] = {"1", "0", "on", "off", "true", "false"};
	for (size_t i = 0; i < 6; i++)
		assert_true(ok(P_BOOL, 8, yes[i]));
	assert_false(ok(P_BOOL, 8, ""));
	assert_false(ok(P_BOOL, 8, "yes"));
	assert_false(ok(P_BOOL, 8, "TRUE"));
	assert_false(ok(P_BOOL, 8, "2"));
	assert_false(ok(P_BOOL, 8, "true "));
}

/* --- router_match -------------------------------------------------------- */

static int h_dummy(struct req *r)
{
	return 200;
}

static const struct route table_a[] = {
	{"GET", "/dossiers/{id:int}", h_dummy, 0, NULL, NULL},
	{"PATCH", "/dossiers/{id:int}", h_dummy, 0, NULL, NULL},
	{"GET", "/dossiers/{id:int}/persons/{pid:int}", h_dummy, 0, NULL, NULL},
	{"GET", "/dossiers/new", h_dummy, 0, NULL, NULL},
	{"GET", "/static/{file}", h_dummy, 0, NULL, NULL},
	{"GET", "/", h_dummy, 0, NULL, NULL},
	{NULL, NULL, NULL, 0, NULL, NULL},
};

static const struct route table_b[] = {
	{"POST", "/later/{id:int}", h_dummy, 0, NULL, NULL},
	{"GET", "/dossiers/new", h_dummy, R_PAGE, NULL, NULL}, /* shadowed by table_a */
	{NULL, NULL, NULL, 0, NULL, NULL},
};

static const struct route *const tables[] = {table_a, table_b, NULL};

struct match {
	struct req r;
	const struct route *rt;
	int path_matched;
};

static void match(struct match *m, const char *method, const char *path)
{
	memset(&m->r, 0, sizeof m->r);
	arena_init(&m->r.arena, 1u << 20);
	m->path_matched = -1;
	m->rt = router_match(tables, &m->r, method, path, &m->path_matched);
}

static void done(struct match *m)
{
	arena_free(&m->r.arena);
}

static void test_match_typed_params(void **state)
{
	struct match m;
	match(&m, "GET", "/dossiers/12");
	assert_ptr_equal(m.rt, &table_a[0]);
	assert_int_equal(m.r.nparams, 1);
	assert_string_equal(m.r.params[0], "12");
	assert_int_equal(m.r.param_int[0], 12);
	assert_int_equal(req_path_int(&m.r, 0), 12);
	assert_int_equal(req_path_int(&m.r, 1), 0);
	done(&m);

	match(&m, "GET", "/dossiers/7/persons/9007199254740992");
	assert_ptr_equal(m.rt, &table_a[2]);
	assert_int_equal(m.r.nparams, 2);
	assert_int_equal(m.r.param_int[0], 7);
	assert_int_equal(m.r.param_int[1], 9007199254740992LL);
	done(&m);

	/* a literal segment beats nothing: "new" is not an int */
	match(&m, "GET", "/dossiers/new");
	assert_ptr_equal(m.rt, &table_a[3]);
	assert_int_equal(m.r.nparams, 0);
	done(&m);

	const char *not_ids[] = {"/dossiers/abc", "/dossiers/0", "/dossiers/-3", "/dossiers/1a",
				 "/dossiers/9007199254740993", "/dossiers/", "/dossiers/12/",
				 "/dossiers//12", "/dossiers/12/persons/0", "/dossiers/%31", "/dossiers"};
	for (size_t i = 0; i < sizeof not_ids / sizeof not_ids[0]; i++) {
		match(&m, "GET", not_ids[i]);
		if (m.rt)
			fail_msg("%s matched a route", not_ids[i]);
		if (m.path_matched != 0)
			fail_msg("%s: path_matched set (would be a 405 instead of 404)", not_ids[i]);
		done(&m);
	}

	/* untyped params are tokens */
	match(&m, "GET", "/static/style.1a2b3c4d.css");
	assert_ptr_equal(m.rt, &table_a[4]);
	assert_string_equal(m.r.params[0], "style.1a2b3c4d.css");
	done(&m);
	const char *bad_tokens[] = {"/static/a%2Fb", "/static/a b", "/static/<x>", "/static/"};
	for (size_t i = 0; i < sizeof bad_tokens / sizeof bad_tokens[0]; i++) {
		match(&m, "GET", bad_tokens[i]);
		if (m.rt)
			fail_msg("%s matched", bad_tokens[i]);
		done(&m);
	}
	/* a token path parameter has a length cap */
	char lng[300] = "/static/";
	memset(lng + 8, 'a', 200);
	lng[208] = '\0';
	match(&m, "GET", lng);
	assert_null(m.rt);
	done(&m);

	match(&m, "GET", "/");
	assert_ptr_equal(m.rt, &table_a[5]);
	done(&m);
	match(&m, "GET", "");
	assert_null(m.rt);
	done(&m);
	match(&m, "GET", "dossiers/12");
	assert_null(m.rt);
	done(&m);
	/* too many segments */
	match(&m, "GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s");
	assert_null(m.rt);
	done(&m);
}

static void test_match_methods_and_405(void **state)
{
	struct match m;
	match(&m, "PATCH", "/dossiers/12");
	assert_ptr_equal(m.rt, &table_a[1]);
	done(&m);
	/* HEAD is served by GET */
	match(&m, "HEAD", "/dossiers/12");
	assert_ptr_equal(m.rt, &table_a[0]);
	done(&m);
	/* known path, wrong method → path_matched (405) */
	match(&m, "DELETE", "/dossiers/12");
	assert_null(m.rt);
	assert_int_equal(m.path_matched, 1);
	done(&m);
	match(&m, "POST", "/");
	assert_null(m.rt);
	assert_int_equal(m.path_matched, 1);
	done(&m);
	/* methods are case-sensitive */
	match(&m, "get", "/dossiers/12");
	assert_null(m.rt);
	assert_int_equal(m.path_matched, 1);
	done(&m);
	/* wrong method with a bad id is a 404, not a 405 */
	match(&m, "DELETE", "/dossiers/abc");
	assert_null(m.rt);
	assert_int_equal(m.path_matched, 0);
	done(&m);
	/* unknown path → neither */
	match(&m, "GET", "/nergens");
	assert_null(m.rt);
	assert_int_equal(m.path_matched, 0);
	done(&m);
	/* later tables are searched; earlier ones win */
	match(&m, "POST", "/later/5");
	assert_ptr_equal(m.rt, &table_b[0]);
	assert_int_equal(m.r.param_int[0], 5);
	done(&m);
	match(&m, "GET", "/later/5");
	assert_null(m.rt);
	assert_int_equal(m.path_matched, 1);
	done(&m);
	match(&m, "GET", "/dossiers/new");
	assert_ptr_equal(m.rt, &table_a[3]);
	done(&m);
}

/* Every declared parameter of the real route tables is one the validators
 * know, with a sane maximum. */
static void test_real_tables_declare_sanely(void **state)
{
	const struct route *const real[] = {routes_core, routes_staff, routes_api, routes_dossier, routes_admin,
					    routes_portal, NULL};
	for (int t = 0; real[t]; t++)
		for (const struct route *rt = real[t]; rt->method; rt++) {
			assert_non_null(rt->fn);
			assert_true(rt->pattern[0] == '/');
			const struct param_decl *lists[2] = {rt->query, rt->form};
			for (int l = 0; l < 2; l++)
				for (const struct param_decl *d = lists[l]; d && d->name; d++) {
					assert_true((int)d->type <= (int)P_BOOL);
					/* max 0 only for file parts (streamed to disk,
					 * bounded by upload.max_file_bytes) on form routes */
					assert_true(d->max <= (1u << 20));
					if (d->max == 0)
						assert_true(l == 1 && (rt->flags & R_FORM));
				}
			/* a form or JSON body only on state-changing methods */
			if (rt->flags & (R_FORM | R_JSON))
				assert_true(strcmp(rt->method, "GET") != 0);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_line_and_str),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_match_typed_params),
		cmocka_unit_test(test_match_methods_and_405),
		cmocka_unit_test(test_real_tables_declare_sanely),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
