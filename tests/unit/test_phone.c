/* Unit tests for src/adapters/phone.cc: parsing NL national and
 * international forms, number types, the SMS countries of P2 (by calling
 * code, UK numbers coming back as GG), refusals and national formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "adapters/phone.h"
#include "util/err.h"

static void test_nl_mobile_forms(void **state)
{
	static const char *const forms[] = {
		"06 12345678", "+31 6 12345678", "0031612345678", "06-12345678",
		"(06) 12.34.56.78", "+31 (0)6 12345678", "  06 1234 5678  ",
	};
	struct phone_info info;

	(void)state;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		assert_int_equal(phone_parse(forms[i], "NL", &info), K_OK);
		assert_string_equal(info.e164, "+31612345678");
		assert_int_equal(info.country_code, 31);
		assert_int_equal(info.type, PHONE_MOBILE);
		assert_string_equal(info.region, "NL");
		assert_true(phone_is_mobile(&info));
		assert_true(phone_sms_country(&info));
	}
}

static void test_nl_fixed_line(void **state)
{
	struct phone_info info;
	char out[PHONE_NATIONAL_MAX];

	(void)state;
	assert_int_equal(phone_parse("020 1234567", "NL", &info), K_OK);
	assert_string_equal(info.e164, "+31201234567");
	assert_int_equal(info.type, PHONE_FIXED_LINE);
	assert_false(phone_is_mobile(&info));
	/* a Dutch number, but not a mobile: the caller needs both */
	assert_true(phone_sms_country(&info));
	assert_int_equal(phone_format_national(&info, out, sizeof out), K_OK);
	assert_string_equal(out, "020 123 4567");
}

static void test_digit_short_or_long(void **state)
{
	struct phone_info info;

	(void)state;
	assert_int_equal(phone_parse("06 1234567", "NL", &info), K_EINVAL);
	assert_int_equal(info.type, PHONE_INVALID);
	assert_string_equal(info.e164, "");
	assert_false(phone_is_mobile(&info));
	assert_false(phone_sms_country(&info));
	assert_int_equal(phone_parse("+31 6 1234567", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("06 123456789", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("+31 6 123456789", NULL, &info), K_EINVAL);
	/* does not exist in the Dutch plan */
	assert_int_equal(phone_parse("00 12345678", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("+999 12345678", "NL", &info), K_EINVAL);
}

static void test_letters_refused(void **state)
{
	struct phone_info info;

	(void)state;
	assert_int_equal(phone_parse("abc", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("06 1234567a", "NL", &info), K_EINVAL);
	/* vanity number and extension: libphonenumber would take these */
	assert_int_equal(phone_parse("0800-FLOWERS", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("+1 800 FLOWERS", "US", &info), K_EINVAL);
	assert_int_equal(phone_parse("020 1234567 ext. 12", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("020 1234567 x12", "NL", &info), K_EINVAL);
	/* other punctuation, non-ASCII digits, a '+' in the middle */
	assert_int_equal(phone_parse("06/12345678", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("06\t12345678", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("\xef\xbc\x90\xef\xbc\x96 12345678", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("06 +12345678", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("++31612345678", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("+-().", "NL", &info), K_EINVAL);
}

static void test_uk_mobile(void **state)
{
	struct phone_info info;
	char out[PHONE_NATIONAL_MAX];

	(void)state;
	assert_int_equal(phone_parse("+44 7911 123456", "NL", &info), K_OK);
	assert_string_equal(info.e164, "+447911123456");
	assert_int_equal(info.country_code, 44);
	assert_int_equal(info.type, PHONE_MOBILE);
	/* libphonenumber says GG for this one (LIBRARIES.md): whatever it says,
	 * the SMS decision is by calling code */
	assert_true(strcmp(info.region, "GB") == 0 || strcmp(info.region, "GG") == 0 ||
		    strcmp(info.region, "JE") == 0 || strcmp(info.region, "IM") == 0);
	assert_true(phone_is_mobile(&info));
	assert_true(phone_sms_country(&info));
	assert_int_equal(phone_format_national(&info, out, sizeof out), K_OK);
	assert_string_equal(out, "07911 123456");
	/* the same number, national with default region GB */
	assert_int_equal(phone_parse("07911 123456", "GB", &info), K_OK);
	assert_string_equal(info.e164, "+447911123456");
	/* a plainly GB mobile */
	assert_int_equal(phone_parse("+44 7400 123456", "NL", &info), K_OK);
	assert_string_equal(info.region, "GB");
	assert_true(phone_is_mobile(&info));
	assert_true(phone_sms_country(&info));
}

static void test_de_be_mobile(void **state)
{
	struct phone_info info;

	(void)state;
	assert_int_equal(phone_parse("+49 151 23456789", "NL", &info), K_OK);
	assert_string_equal(info.e164, "+4915123456789");
	assert_int_equal(info.country_code, 49);
	assert_string_equal(info.region, "DE");
	assert_int_equal(info.type, PHONE_MOBILE);
	assert_true(phone_sms_country(&info));

	assert_int_equal(phone_parse("+32 470 12 34 56", "NL", &info), K_OK);
	assert_string_equal(info.e164, "+32470123456");
	assert_int_equal(info.country_code, 32);
	assert_string_equal(info.region, "BE");
	assert_int_equal(info.type, PHONE_MOBILE);
	assert_true(phone_sms_country(&info));
	/* national Belgian form with its own default region */
	assert_int_equal(phone_parse("0470 12 34 56", "be", &info), K_OK);
	assert_string_equal(info.e164, "+32470123456");
}

static void test_fr_mobile_no_sms(void **state)
{
	struct phone_info info;
	char out[PHONE_NATIONAL_MAX];

	(void)state;
	assert_int_equal(phone_parse("+33 6 12 34 56 78", "NL", &info), K_OK);
	assert_string_equal(info.e164, "+33612345678");
	assert_int_equal(info.country_code, 33);
	assert_string_equal(info.region, "FR");
	assert_int_equal(info.type, PHONE_MOBILE);
	assert_true(phone_is_mobile(&info));
	assert_false(phone_sms_country(&info));
	assert_int_equal(phone_format_national(&info, out, sizeof out), K_OK);
	assert_string_equal(out, "06 12 34 56 78");
}

static void test_us_type(void **state)
{
	struct phone_info info;

	(void)state;
	/* libphonenumber's own US example number */
	assert_int_equal(phone_parse("+1 (201) 555-0123", "NL", &info), K_OK);
	assert_string_equal(info.e164, "+12015550123");
	assert_int_equal(info.country_code, 1);
	assert_string_equal(info.region, "US");
	assert_int_equal(info.type, PHONE_FIXED_OR_MOBILE);
	assert_true(phone_is_mobile(&info));
	assert_false(phone_sms_country(&info));
	assert_int_equal(phone_parse("201.555.0123", "US", &info), K_OK);
	assert_string_equal(info.e164, "+12015550123");
}

static void test_other_types(void **state)
{
	struct phone_info info;
	char out[PHONE_NATIONAL_MAX];

	(void)state;
	/* Dutch toll free */
	assert_int_equal(phone_parse("0800 1234", "NL", &info), K_OK);
	assert_int_equal(info.type, PHONE_OTHER);
	assert_false(phone_is_mobile(&info));
	/* non-geographic (international freephone): region "" */
	assert_int_equal(phone_parse("+800 1234 5678", "NL", &info), K_OK);
	assert_string_equal(info.e164, "+80012345678");
	assert_int_equal(info.country_code, 800);
	assert_string_equal(info.region, "");
	assert_int_equal(info.type, PHONE_OTHER);
	assert_false(phone_sms_country(&info));
	assert_int_equal(phone_format_national(&info, out, sizeof out), K_OK);
}

static void test_length_limits(void **state)
{
	struct phone_info info;
	char text[PHONE_TEXT_MAX + 2];

	(void)state;
	assert_int_equal(phone_parse("", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("   ", "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse(NULL, "NL", &info), K_EINVAL);
	assert_int_equal(phone_parse("0612345678", "NL", NULL), K_EINVAL);
	/* exactly PHONE_TEXT_MAX bytes (spaces around a valid number) is fine */
	memset(text, ' ', PHONE_TEXT_MAX);
	memcpy(text + 10, "06 12345678", 11);
	text[PHONE_TEXT_MAX] = '\0';
	assert_int_equal(phone_parse(text, "NL", &info), K_OK);
	assert_string_equal(info.e164, "+31612345678");
	/* one byte more is refused before the library sees it */
	text[PHONE_TEXT_MAX] = ' ';
	text[PHONE_TEXT_MAX + 1] = '\0';
	assert_int_equal(phone_parse(text, "NL", &info), K_EINVAL);
	/* all digits, over-long */
	memset(text, '1', PHONE_TEXT_MAX + 1);
	text[PHONE_TEXT_MAX + 1] = '\0';
	assert_int_equal(phone_parse(text, "NL", &info), K_EINVAL);
	/* too many digits for E.164, within the byte limit */
	assert_int_equal(phone_parse("+31 6 1234567890123456789", "NL", &info), K_EINVAL);
}

static void test_region(void **state)
{
	struct phone_info info;

	(void)state;
	/* NULL region means NL */
	assert_int_equal(phone_parse("06 12345678", NULL, &info), K_OK);
	assert_string_equal(info.e164, "+31612345678");
	assert_int_equal(phone_parse("06 12345678", "nl", &info), K_OK);
	assert_string_equal(info.e164, "+31612345678");
	/* unknown or malformed regions are refused, even for +-numbers */
	assert_int_equal(phone_parse("06 12345678", "XX", &info), K_EINVAL);
	assert_int_equal(phone_parse("+31612345678", "ZZ", &info), K_EINVAL);
	assert_int_equal(phone_parse("+31612345678", "", &info), K_EINVAL);
	assert_int_equal(phone_parse("+31612345678", "N", &info), K_EINVAL);
	assert_int_equal(phone_parse("+31612345678", "NLD", &info), K_EINVAL);
	assert_int_equal(phone_parse("+31612345678", "001", &info), K_EINVAL);
	assert_int_equal(phone_parse("+31612345678", "N1", &info), K_EINVAL);
	/* the default region decides how a national number is read: this one
	 * is a German fixed line (area code 06123), not a Dutch mobile */
	assert_int_equal(phone_parse("06 12345678", "DE", &info), K_OK);
	assert_string_equal(info.e164, "+49612345678");
	assert_int_equal(info.type, PHONE_FIXED_LINE);
}

static void test_format_national(void **state)
{
	struct phone_info info, bad;
	char out[PHONE_NATIONAL_MAX];
	char small[11];

	(void)state;
	assert_int_equal(phone_parse("+31612345678", "NL", &info), K_OK);
	assert_int_equal(phone_format_national(&info, out, sizeof out), K_OK);
	assert_string_equal(out, "06 12345678");
	/* 11 bytes + NUL do not fit in 11 */
	assert_int_equal(phone_format_national(&info, small, sizeof small), K_ETOOBIG);
	assert_string_equal(small, "");
	assert_int_equal(phone_format_national(&info, out, 12), K_OK);
	assert_int_equal(phone_format_national(NULL, out, sizeof out), K_EINVAL);
	assert_string_equal(out, "");
	assert_int_equal(phone_format_national(&info, NULL, 10), K_EINVAL);
	assert_int_equal(phone_format_national(&info, out, 0), K_EINVAL);
	/* an info phone_parse refused, or one tampered with */
	assert_int_equal(phone_parse("06 1234567", "NL", &bad), K_EINVAL);
	assert_int_equal(phone_format_national(&bad, out, sizeof out), K_EINVAL);
	bad = info;
	bad.country_code = 49;
	assert_int_equal(phone_format_national(&bad, out, sizeof out), K_EINVAL);
	bad = info;
	memset(bad.e164, '9', sizeof bad.e164); /* no NUL */
	assert_int_equal(phone_format_national(&bad, out, sizeof out), K_EINVAL);
	bad = info;
	bad.type = (enum phone_type)42;
	assert_int_equal(phone_format_national(&bad, out, sizeof out), K_EINVAL);
}

static void test_null_info(void **state)
{
	(void)state;
	assert_false(phone_is_mobile(NULL));
	assert_false(phone_sms_country(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nl_mobile_forms),
		cmocka_unit_test(test_nl_fixed_line),
		cmocka_unit_test(test_digit_short_or_long),
		cmocka_unit_test(test_letters_refused),
		cmocka_unit_test(test_uk_mobile),
		cmocka_unit_test(test_de_be_mobile),
		cmocka_unit_test(test_fr_mobile_no_sms),
		cmocka_unit_test(test_us_type),
		cmocka_unit_test(test_other_types),
		cmocka_unit_test(test_length_limits),
		cmocka_unit_test(test_region),
		cmocka_unit_test(test_format_national),
		cmocka_unit_test(test_null_info),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
