/* Unit tests for dossier_match_expr (src/core/dossier.c): user text becomes a
 * safe FTS5 expression: every token quoted and prefix-matched, dates
 * normalised to YYYYMMDD, at most 8 tokens, lone one-letter tokens dropped
 * after the first, never an FTS operator or an unbalanced quote, K_ETOOBIG
 * when the buffer is too small. Random inputs are also run through a real
 * FTS5 table (same tokenizer as the dossier index) and must never error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "core/dossier.h"
#include "util/err.h"

/* expr_ok: out is "" or `"tok"*` groups separated by one space, each token
 * 1..79 bytes of ASCII letters/digits or bytes >= 0x80, at most 8 groups,
 * and only the first may be a single byte. Returns the number of groups, or
 * -1 (with why) when the shape is wrong. */
static int expr_ok(const char *s, const char **why)
{
	int groups = 0;
	size_t i = 0, n = strlen(s);
	*why = "";
	while (i < n) {
		if (groups > 0) {
			if (s[i] != ' ') {
				*why = "groups not separated by one space";
				return -1;
			}
			i++;
		}
		if (s[i] != '"') {
			*why = "group does not start with a quote";
			return -1;
		}
		size_t start = ++i;
		while (i < n && s[i] != '"') {
			unsigned char c = (unsigned char)s[i];
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)) {
				*why = "character outside a token's alphabet";
				return -1;
			}
			i++;
		}
		if (i >= n) {
			*why = "unbalanced quote";
			return -1;
		}
		size_t len = i - start;
		if (len == 0 || len > 79) {
			*why = "token length out of range";
			return -1;
		}
		if (len == 1 && groups > 0) {
			*why = "one-letter token after the first";
			return -1;
		}
		i++; /* closing quote */
		if (i >= n || s[i] != '*') {
			*why = "group is not prefix-matched";
			return -1;
		}
		i++;
		groups++;
	}
	if (groups > 8) {
		*why = "more than 8 groups";
		return -1;
	}
	return groups;
}

static void expect(const char *q, const char *want)
{
	char out[1024];
	const char *why;
	memset(out, 'X', sizeof out);
	int rc = dossier_match_expr(q, out, sizeof out);
	if (rc != K_OK)
		fail_msg("dossier_match_expr(\"%s\") = %d", q ? q : "(null)", rc);
	if (strcmp(out, want) != 0)
		fail_msg("dossier_match_expr(\"%s\")\n  got  [%s]\n  want [%s]", q ? q : "(null)", out, want);
	if (expr_ok(out, &why) < 0)
		fail_msg("bad shape for \"%s\": %s: [%s]", q ? q : "(null)", why, out);
}

static void test_tokens_quoted_and_prefixed(void **state)
{
	expect("jan", "\"jan\"*");
	expect("Jan", "\"Jan\"*");
	expect("  jan  ", "\"jan\"*");
	expect("Jan Jansen", "\"Jan\"* \"Jansen\"*");
	expect("jan,jansen", "\"jan\"* \"jansen\"*");
	expect("Financi\xc3\xab" "le", "\"Financi\xc3\xab" "le\"*"); /* non-ASCII stays inside the token */
	expect("1000001", "\"1000001\"*");                           /* dossier number */
	expect("1234AB", "\"1234AB\"*");
	expect("1234 ab", "\"1234\"* \"ab\"*");
	/* e-mail: split where the index tokenizer splits */
	expect("jan.jansen@example.nl", "\"jan\"* \"jansen\"* \"example\"* \"nl\"*");
	expect("", "");
	expect(NULL, "");
	expect("   ", "");
	expect("!@#$%^&()", "");
}

static void test_dates_normalised(void **state)
{
	expect("17-05-1980", "\"19800517\"*");
	expect("17/05/1980", "\"19800517\"*");
	expect("17.05.1980", "\"19800517\"*");
	expect("1980-05-17", "\"19800517\"*");
	expect("1980/05/17", "\"19800517\"*");
	expect("jansen 17-05-1980", "\"jansen\"* \"19800517\"*");
	expect("17-05-1980 jansen", "\"19800517\"* \"jansen\"*");
	/* mixed separators are not a date */
	expect("17-05.1980", "\"17\"* \"05\"* \"1980\"*");
	/* single-digit day or month: not a date, plain tokens */
	expect("7-5-1980", "\"7\"* \"1980\"*");
	/* a 2-digit year is not a date */
	expect("17-05-80", "\"17\"* \"05\"* \"80\"*");
	/* too many digits in the last group */
	expect("17-05-19801", "\"17\"* \"05\"* \"19801\"*");
}

static void test_fts_syntax_neutralised(void **state)
{
	expect("\"", "");
	expect("\"\"", "");
	expect("\"jan", "\"jan\"*");
	expect("jan\"", "\"jan\"*");
	expect("\"jan jansen\"", "\"jan\"* \"jansen\"*");
	expect("jan*", "\"jan\"*");
	expect("*", "");
	expect("jan OR piet", "\"jan\"* \"OR\"* \"piet\"*");
	expect("OR", "\"OR\"*");
	expect("AND", "\"AND\"*");
	expect("NOT jan", "\"NOT\"* \"jan\"*");
	expect("NEAR(jan piet)", "\"NEAR\"* \"jan\"* \"piet\"*");
	expect("NEAR(jan piet, 5)", "\"NEAR\"* \"jan\"* \"piet\"*");
	expect("(jan", "\"jan\"*");
	expect("jan)", "\"jan\"*");
	expect("names:jan", "\"names\"* \"jan\"*");
	expect("{names emails}: jan", "\"names\"* \"emails\"* \"jan\"*");
	expect("-jan", "\"jan\"*");
	expect("^jan", "\"jan\"*");
	expect("jan + piet", "\"jan\"* \"piet\"*");
	expect("'jan'", "\"jan\"*");
	expect("jan\\", "\"jan\"*");
	expect("jan;DROP TABLE dossiers", "\"jan\"* \"DROP\"* \"TABLE\"* \"dossiers\"*");
}

static void test_token_limits(void **state)
{
	/* at most 8 tokens */
	expect("aa bb cc dd ee ff gg hh ii jj", "\"aa\"* \"bb\"* \"cc\"* \"dd\"* \"ee\"* \"ff\"* \"gg\"* \"hh\"*");
	/* lone letters are dropped after the first token, and do not count */
	expect("j", "\"j\"*");
	expect("j jansen", "\"j\"* \"jansen\"*");
	expect("jan a b c jansen", "\"jan\"* \"jansen\"*");
	expect("aa b cc d ee f gg h ii j kk l mm n oo p qq",
	       "\"aa\"* \"cc\"* \"ee\"* \"gg\"* \"ii\"* \"kk\"* \"mm\"* \"oo\"*");
	/* one digit is a lone token too */
	expect("jansen 7", "\"jansen\"*");
	/* an over-long token is cut to 79 bytes */
	char q[200], want[200];
	memset(q, 'x', 150);
	q[150] = '\0';
	want[0] = '"';
	memset(want + 1, 'x', 79);
	memcpy(want + 80, "\"*", 3);
	expect(q, want);
	/* ... and what follows it is still read */
	snprintf(q, sizeof q, "%.*s jansen", 120,
		 "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
	char out[400];
	assert_int_equal(dossier_match_expr(q, out, sizeof out), K_OK);
	assert_non_null(strstr(out, " \"jansen\"*"));
}

static void test_buffer_too_small(void **state)
{
	char out[64];
	/* "jan" needs 6 bytes plus the NUL */
	assert_int_equal(dossier_match_expr("jan", out, 7), K_OK);
	assert_string_equal(out, "\"jan\"*");
	memset(out, 'X', sizeof out);
	assert_int_equal(dossier_match_expr("jan", out, 6), K_ETOOBIG);
	assert_int_equal(dossier_match_expr("jan", out, 1), K_ETOOBIG);
	/* the second token does not fit */
	assert_int_equal(dossier_match_expr("jan jansen", out, 12), K_ETOOBIG);
	assert_int_equal(dossier_match_expr("jan jansen", out, 16), K_ETOOBIG);
	assert_int_equal(dossier_match_expr("jan jansen", out, 17), K_OK);
	assert_string_equal(out, "\"jan\"* \"jansen\"*");
	/* the worst case from a 200-byte query fits the 1024 bytes search uses */
	char q[201];
	for (int i = 0; i < 200; i++)
		q[i] = (i % 3 == 2) ? ' ' : 'a' + (i % 26);
	q[200] = '\0';
	char big[1024];
	assert_int_equal(dossier_match_expr(q, big, sizeof big), K_OK);
	memset(q, 'z', 200);
	for (int i = 79; i < 200; i += 80)
		q[i] = ' ';
	assert_int_equal(dossier_match_expr(q, big, sizeof big), K_OK);
}

/* --- property test against a real FTS5 table ------------------------------ */

static sqlite3 *fts_open(void)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE VIRTUAL TABLE f USING fts5(number, names, birth_dates, postcodes, emails, "
				      "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');"
				      "INSERT INTO f VALUES ('1000001', 'Jan Jansen Financi\xc3\xab" "le', "
				      "'19800517 17051980', '1234AB 1234 AB', 'jan@example.nl');"
				      "INSERT INTO f VALUES ('1000002', 'Piet de Vries', '', '9876ZX 9876 ZX', '');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	return db;
}

/* fts_count: rows matching expr, or -1 on an SQLite error. */
static int fts_count(sqlite3 *db, const char *expr)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM f WHERE f MATCH ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st), n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	if (rc == SQLITE_ROW && sqlite3_step(st) != SQLITE_DONE)
		n = -1;
	sqlite3_finalize(st);
	return n;
}

static void test_expressions_run_in_fts5(void **state)
{
	sqlite3 *db = fts_open();
	char out[1024];
	struct {
		const char *q;
		int n;
	} cases[] = {
		{"financiele", 1}, {"Financi\xc3\xab" "le", 1}, {"FINANCIELE", 1}, {"jans", 1}, {"17-05-1980", 1},
		{"1980-05-17", 1}, {"1234AB", 1}, {"1234 ab", 1}, {"jan@example.nl", 1}, {"1000002", 1},
		{"100000", 2}, {"de vries", 1}, {"jan vries", 0}, {"OR", 0}, {"NEAR(jan piet)", 0},
		{"jan OR piet", 0}, {"9876 zx", 1}, {"18-05-1980", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(dossier_match_expr(cases[i].q, out, sizeof out), K_OK);
		int n = fts_count(db, out);
		if (n != cases[i].n)
			fail_msg("\"%s\" → [%s] matched %d rows, want %d (%s)", cases[i].q, out, n, cases[i].n,
				 sqlite3_errmsg(db));
	}
	/* random text from an alphabet full of FTS5 syntax never makes an
	 * expression that errors, and always has the safe shape */
	static const char alpha[] = "\"\"''**()::^^--++{},.;@/\\ \t  aAjJ019NEAROTDn\xc3\xab\xe2\x80\x94\x80\xff";
	uint32_t seed = 12345;
	for (int iter = 0; iter < 20000; iter++) {
		char q[64];
		seed = seed * 1103515245u + 12345u;
		size_t len = (seed >> 16) % 60;
		for (size_t k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			q[k] = alpha[(seed >> 16) % (sizeof alpha - 1)];
		}
		q[len] = '\0';
		const char *why;
		assert_int_equal(dossier_match_expr(q, out, sizeof out), K_OK);
		if (expr_ok(out, &why) < 0)
			fail_msg("bad shape (%s): [%s]", why, out);
		if (out[0] && fts_count(db, out) < 0)
			fail_msg("FTS5 error for [%s]: %s", out, sqlite3_errmsg(db));
	}
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_quoted_and_prefixed),
		cmocka_unit_test(test_dates_normalised),
		cmocka_unit_test(test_fts_syntax_neutralised),
		cmocka_unit_test(test_token_limits),
		cmocka_unit_test(test_buffer_too_small),
		cmocka_unit_test(test_expressions_run_in_fts5),
	};
	return cmocka_run_group_tests_name("search_expr", tests, NULL, NULL);
}
