/* libFuzzer target for dossier_match_expr (src/core/dossier.c): arbitrary
 * bytes (at most 512, NUL-terminated copy) as a search query. The expression
 * must be "" or `"tok"*` groups separated by single spaces (tokens of ASCII
 * letters/digits or bytes >= 0x80, 1..79 bytes, only the first may be one
 * byte, at most 8 groups), so no FTS5 operator or unbalanced quote ever gets
 * through; it must fit the 1024 bytes dossier_search uses; a smaller buffer
 * gives either the same expression or K_ETOOBIG exactly when it cannot fit;
 * and running it with MATCH on an FTS5 table built like the dossier index
 * never returns an SQLite error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "core/dossier.h"
#include "util/err.h"

#define FUZZ_MAX_INPUT 512

static sqlite3 *db;
static sqlite3_stmt *match_st;

static int tok_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* shape_ok: the invariant described above. */
static int shape_ok(const char *s)
{
	int groups = 0;
	size_t i = 0, n = strlen(s);
	while (i < n) {
		if (groups > 0 && s[i++] != ' ')
			return 0;
		if (i >= n || s[i++] != '"')
			return 0;
		size_t start = i;
		while (i < n && s[i] != '"') {
			if (!tok_byte((unsigned char)s[i]))
				return 0;
			i++;
		}
		if (i >= n)
			return 0; /* unbalanced quote */
		size_t len = i - start;
		if (len == 0 || len > 79 || (len == 1 && groups > 0))
			return 0;
		i++;
		if (i >= n || s[i] != '*')
			return 0;
		i++;
		groups++;
	}
	return groups <= 8;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		abort();
	if (sqlite3_exec(db,
			 "CREATE VIRTUAL TABLE f USING fts5(number, names, birth_dates, postcodes, emails, "
			 "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');"
			 "INSERT INTO f VALUES ('1000001', 'Jan Jansen Financi\xc3\xab" "le', '19800517 17051980', "
			 "'1234AB 1234 AB', 'jan@example.nl');"
			 "INSERT INTO f VALUES ('1000002', 'Piet de Vries', '', '9876ZX 9876 ZX', 'piet@example.nl');",
			 NULL, NULL, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM f WHERE f MATCH ?", -1, &match_st, NULL) != SQLITE_OK)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char q[FUZZ_MAX_INPUT + 1];
	char out[1024], small[1024];

	if (size > FUZZ_MAX_INPUT)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';

	if (dossier_match_expr(q, out, sizeof out) != K_OK)
		abort();
	size_t len = strnlen(out, sizeof out);
	if (len == sizeof out || !shape_ok(out))
		abort();

	/* a smaller buffer: the same expression, or K_ETOOBIG when it cannot fit */
	size_t outlen = size ? 1 + data[0] % (len + 2) : 1;
	memset(small, 'X', sizeof small);
	int rc = dossier_match_expr(q, small, outlen);
	if (rc == K_OK) {
		if (len + 1 > outlen || strcmp(small, out) != 0)
			abort();
	} else if (rc != K_ETOOBIG || len + 1 <= outlen || strnlen(small, outlen) == outlen) {
		abort(); /* wrong error, or the partial output is not terminated */
	}

	if (out[0]) {
		sqlite3_reset(match_st);
		sqlite3_bind_text(match_st, 1, out, -1, SQLITE_STATIC);
		int st = sqlite3_step(match_st);
		if (st != SQLITE_ROW || sqlite3_step(match_st) != SQLITE_DONE)
			abort();
		sqlite3_reset(match_st);
		sqlite3_clear_bindings(match_st);
	}
	return 0;
}
