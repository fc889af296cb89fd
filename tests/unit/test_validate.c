/* Unit tests for src/core/validate.c: e-mail, Dutch postcode, calendar
 * dates, free text (length, control characters, UTF-8), KvK number, country
 * code, today's date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "core/validate.h"

static void test_email_valid(void **state)
{
	static const char *const ok[] = {
		"jan@example.nl",
		"j@e.nl",
		"Jan.Jansen@Example.NL",
		"jan+kluis@mail.example.com",
		"jan_de-vries@sub-domein.example.nl",
		"0612345678@provider.nl",
		NULL,
	};
	for (int i = 0; ok[i]; i++) {
		if (!validate_email(ok[i]))
			fail_msg("should be valid: %s", ok[i]);
	}
	/* local part of exactly 64 bytes is allowed, 65 is not */
	char local[80];
	char addr[120];
	memset(local, 'a', 64);
	local[64] = '\0';
	snprintf(addr, sizeof addr, "%s@example.nl", local);
	assert_true(validate_email(addr));
	memset(local, 'a', 65);
	local[65] = '\0';
	snprintf(addr, sizeof addr, "%s@example.nl", local);
	assert_false(validate_email(addr));
}

static void test_email_invalid(void **state)
{
	static const char *const bad[] = {
		"",
		"a",
		"ab",
		"jan",
		"jan@",
		"@example.nl",
		"jan@example",
		"jan@example.",
		"jan@example.n",
		"jan@@example.nl",
		"jan@ex@ample.nl",
		"jan@.example.nl",
		"jan@-example.nl",
		".jan@example.nl",
		"jan.@example.nl",
		"jan..jansen@example.nl",
		"jan@example..nl",
		"jan jansen@example.nl",
		"jan@exam ple.nl",
		"jan@example.nl ",
		" jan@example.nl",
		"jan@example.nl\n",
		"jan@exam_ple.nl",
		"jan@exam+ple.nl",
		"<jan>@example.nl",
		"jan,piet@example.nl",
		"jan;piet@example.nl",
		"\"jan\"@example.nl",
		"jan:x@example.nl",
		"j\xc3\xa0n@example.nl", /* non-ASCII */
		"jan@ex\xc3\xa0mple.nl",
		"jan\x7f@example.nl",
		NULL,
	};
	for (int i = 0; bad[i]; i++) {
		if (validate_email(bad[i]))
			fail_msg("should be invalid: \"%s\"", bad[i]);
	}
	assert_false(validate_email(NULL));
	/* over 254 bytes */
	char big[300];
	memset(big, 'd', sizeof big);
	memcpy(big, "jan@", 4);
	memcpy(big + 251, ".nl", 4); /* total 254 */
	assert_int_equal(strlen(big), 254);
	assert_true(validate_email(big));
	memset(big, 'd', sizeof big);
	memcpy(big, "jan@", 4);
	memcpy(big + 252, ".nl", 4); /* total 255 */
	assert_int_equal(strlen(big), 255);
	assert_false(validate_email(big));
}

static void pc_ok(const char *in, const char *want)
{
	char out[8];
	memset(out, 'X', sizeof out);
	if (!validate_postcode_nl(in, out))
		fail_msg("postcode should be valid: \"%s\"", in);
	assert_string_equal(out, want);
}

static void test_postcode(void **state)
{
	pc_ok("1234AB", "1234 AB");
	pc_ok("1234ab", "1234 AB");
	pc_ok("1234 ab", "1234 AB");
	pc_ok("1234 AB", "1234 AB");
	pc_ok("1234aB", "1234 AB");
	pc_ok("9999 ZZ", "9999 ZZ");
	pc_ok("1000AA", "1000 AA");
	pc_ok(" 1234AB ", "1234 AB");
	pc_ok("1234 SB", "1234 SB"); /* only SA, SD, SS are never issued */
	pc_ok("1234 AS", "1234 AS");
	static const char *const bad[] = {
		"",
		"0123 AB", /* first digit not 0 */
		"0000AA",
		"1234 SA",
		"1234 SD",
		"1234 SS",
		"1234 sa",
		"1234sd",
		"12345 AB",
		"123 AB",
		"1234 A",
		"1234 ABC",
		"1234",
		"AB",
		"AB 1234",
		"12A4 AB",
		"1234-AB",
		"1234.AB",
		"1234 A1",
		"1234\tAB",
		"1234 \xc3\x84" "B", /* non-ASCII letter */
		"1234 AB 5",
		"12 34 AB 12",
		NULL,
	};
	char out[8];
	for (int i = 0; bad[i]; i++) {
		if (validate_postcode_nl(bad[i], out))
			fail_msg("postcode should be invalid: \"%s\" (got %s)", bad[i], out);
	}
	assert_false(validate_postcode_nl(NULL, out));
	/* far too long input is refused before it is looked at */
	assert_false(validate_postcode_nl("1234           AB", out));
}

static void test_date(void **state)
{
	static const char *const ok[] = {
		"2024-02-29", /* leap year */
		"2000-02-29", /* divisible by 400 */
		"2023-02-28", "2023-01-31", "2023-03-31", "2023-04-30", "2023-05-31", "2023-06-30",
		"2023-07-31", "2023-08-31", "2023-09-30", "2023-10-31", "2023-11-30", "2023-12-31",
		"1900-01-01", /* lower bound */
		"2200-12-31", /* upper bound */
		"1980-05-17",
		NULL,
	};
	static const char *const bad[] = {
		"2023-02-29", /* not a leap year */
		"1900-02-29", /* divisible by 100, not by 400 */
		"2100-02-29",
		"2023-02-30",
		"2024-02-30",
		"2023-04-31", "2023-06-31", "2023-09-31", "2023-11-31",
		"2023-01-32",
		"2023-13-01",
		"2023-00-10",
		"2023-01-00",
		"1899-12-31", /* below the lower bound */
		"2201-01-01", /* above the upper bound */
		"0000-01-01",
		"9999-12-31",
		"2023-1-01",
		"2023-01-1",
		"23-01-01",
		"2023/01/01",
		"2023.01.01",
		"20230101",
		"01-05-1980",
		"2023-01-01 ",
		" 2023-01-01",
		"2023-01-01T00:00",
		"2023-01-0a",
		"2023-0a-01",
		"+023-01-01",
		"-023-01-01",
		"2023--1-01",
		"",
		NULL,
	};
	for (int i = 0; ok[i]; i++)
		if (!validate_date(ok[i]))
			fail_msg("date should be valid: %s", ok[i]);
	for (int i = 0; bad[i]; i++)
		if (validate_date(bad[i]))
			fail_msg("date should be invalid: \"%s\"", bad[i]);
	assert_false(validate_date(NULL));
	/* every day of a leap and a common year, checked against a day count */
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int y = 2023; y <= 2024; y++) {
		int accepted = 0;
		for (int m = 1; m <= 12; m++)
			for (int d = 0; d <= 32; d++) {
				char s[16];
				snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
				int max = mdays[m - 1] + (m == 2 && y == 2024);
				bool want = d >= 1 && d <= max;
				if (validate_date(s) != want)
					fail_msg("validate_date(%s) should be %d", s, want);
				accepted += want;
			}
		assert_int_equal(accepted, y == 2024 ? 366 : 365);
	}
}

static void test_text(void **state)
{
	assert_true(validate_text("", 0, false));
	assert_true(validate_text("abc", 3, false));
	assert_false(validate_text("abcd", 3, false));
	assert_false(validate_text(NULL, 10, false));
	/* max counts bytes, not characters */
	assert_true(validate_text("Financi\xc3\xab" "le", 11, false));
	assert_false(validate_text("Financi\xc3\xab" "le", 10, false));
	assert_false(validate_text("\xc3\xa9", 1, false));
	/* control characters */
	assert_false(validate_text("a\x01" "b", 10, false));
	assert_false(validate_text("a\x1f" "b", 10, false));
	assert_false(validate_text("a\x7f" "b", 10, false));
	assert_false(validate_text("a\x1b[31mb", 20, false)); /* ANSI escape */
	assert_false(validate_text("a\nb", 10, false));
	assert_false(validate_text("a\rb", 10, false));
	assert_false(validate_text("a\tb", 10, false));
	assert_true(validate_text("a\nb", 10, true));
	assert_true(validate_text("a\r\nb", 10, true));
	assert_true(validate_text("a\tb", 10, true));
	assert_false(validate_text("a\x01" "b", 10, true));
	assert_false(validate_text("a\x7f" "b", 10, true));
	/* valid UTF-8 */
	assert_true(validate_text("\xc3\xa9\xc3\xab", 10, false));         /* éë */
	assert_true(validate_text("\xe2\x82\xac 12,50", 20, false));        /* € */
	assert_true(validate_text("\xf0\x9f\x98\x80", 10, false));          /* emoji */
	assert_true(validate_text("\xc2\x80", 10, false));                  /* U+0080 */
	assert_true(validate_text("\xed\x9f\xbf", 10, false));              /* U+D7FF */
	assert_true(validate_text("\xee\x80\x80", 10, false));              /* U+E000 */
	assert_true(validate_text("\xf4\x8f\xbf\xbf", 10, false));          /* U+10FFFF */
	/* invalid UTF-8 */
	static const char *const bad[] = {
		"\x80",                 /* lone continuation byte */
		"a\xbf" "b",
		"\xc3",                 /* truncated 2-byte */
		"abc\xc3",
		"\xc3\x28",             /* bad continuation */
		"\xe2\x82",             /* truncated 3-byte */
		"\xe2\x28\xa1",
		"\xf0\x9f\x98",         /* truncated 4-byte */
		"\xc0\xaf",             /* overlong '/' */
		"\xc1\xbf",             /* overlong */
		"\xe0\x80\xaf",         /* overlong 3-byte */
		"\xe0\x9f\xbf",         /* overlong 3-byte (U+07FF) */
		"\xf0\x80\x80\xaf",     /* overlong 4-byte */
		"\xf0\x8f\xbf\xbf",     /* overlong 4-byte (U+FFFF) */
		"\xed\xa0\x80",         /* UTF-16 surrogate U+D800 */
		"\xed\xbf\xbf",         /* surrogate U+DFFF */
		"\xf4\x90\x80\x80",     /* above U+10FFFF */
		"\xf5\x80\x80\x80",
		"\xf7\xbf\xbf\xbf",
		"\xf8\x88\x80\x80\x80", /* 5-byte form */
		"\xfc\x84\x80\x80\x80\x80",
		"\xfe",
		"\xff",
		NULL,
	};
	for (int i = 0; bad[i]; i++)
		if (validate_text(bad[i], 20, false) || validate_text(bad[i], 20, true))
			fail_msg("invalid UTF-8 accepted (case %d)", i);
}

static void test_kvk(void **state)
{
	assert_true(validate_kvk("12345678"));
	assert_true(validate_kvk("01234567"));
	assert_true(validate_kvk("00000000"));
	assert_false(validate_kvk("1234567"));
	assert_false(validate_kvk("123456789"));
	assert_false(validate_kvk("1234567a"));
	assert_false(validate_kvk("1234 567"));
	assert_false(validate_kvk(" 12345678"));
	assert_false(validate_kvk("12345678 "));
	assert_false(validate_kvk("-1234567"));
	assert_false(validate_kvk(""));
	assert_false(validate_kvk(NULL));
}

static void test_country(void **state)
{
	assert_true(validate_country("NL"));
	assert_true(validate_country("BE"));
	assert_true(validate_country("DE"));
	assert_true(validate_country("GB"));
	assert_false(validate_country("nl"));
	assert_false(validate_country("Nl"));
	assert_false(validate_country("N"));
	assert_false(validate_country("NLD"));
	assert_false(validate_country("N1"));
	assert_false(validate_country("N "));
	assert_false(validate_country(""));
	assert_false(validate_country("\xc3\x84" "A"));
	assert_false(validate_country(NULL));
}

static void test_today(void **state)
{
	char out[11];
	validate_today_iso(0, out);
	assert_string_equal(out, "1970-01-01");
	validate_today_iso(951782400, out); /* 2000-02-29 00:00:00 UTC */
	assert_string_equal(out, "2000-02-29");
	validate_today_iso(951782400 + 86399, out);
	assert_string_equal(out, "2000-02-29");
	validate_today_iso(951782400 + 86400, out);
	assert_string_equal(out, "2000-03-01");
	validate_today_iso(1703980800 + 86399, out); /* 2023-12-31 23:59:59 */
	assert_string_equal(out, "2023-12-31");
	assert_true(validate_date(out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email_valid),
		cmocka_unit_test(test_email_invalid),
		cmocka_unit_test(test_postcode),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_kvk),
		cmocka_unit_test(test_country),
		cmocka_unit_test(test_today),
	};
	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
