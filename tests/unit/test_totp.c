/* Unit tests for src/adapters/totp.c: RFC 6238 vectors, window, replay,
 * code format, otpauth URL and QR SVG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "adapters/totp.h"
#include "util/buf.h"
#include "util/err.h"

/* RFC 6238 appendix B: the SHA1 seed "12345678901234567890" in base32. */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define T0 1111111109LL

static void test_rfc6238_vectors(void **state)
{
	/* the last 6 digits of the RFC's 8-digit SHA1 values */
	static const struct {
		long long t;
		const char *code;
	} v[] = {
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000LL, "353130"},
	};
	char code[7];

	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_int_equal(totp_code(RFC_SECRET, v[i].t, code), K_OK);
		assert_string_equal(code, v[i].code);
	}
	/* lower case, spaces and padding in the secret are accepted */
	assert_int_equal(totp_code("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", 59, code), K_OK);
	assert_string_equal(code, "287082");
	assert_int_equal(totp_code("GEZDGNBVGY3TQOJQ====", 59, code), K_OK);
}

static void test_bad_secret(void **state)
{
	char code[7];
	long long step;

	(void)state;
	assert_int_equal(totp_code("not base32!", 59, code), K_EINVAL);
	assert_string_equal(code, "");
	assert_int_equal(totp_code("GEZDGNBV", 59, code), K_EINVAL); /* 5 bytes: too short */
	assert_int_equal(totp_code("GEZD=GNBVGY3TQOJQ", 59, code), K_EINVAL);
	assert_int_equal(totp_code("GEZDGNBVGY3TQOJQ1", 59, code), K_EINVAL);
	assert_int_equal(totp_code(NULL, 59, code), K_EINVAL);
	assert_int_equal(totp_code(RFC_SECRET, -1, code), K_EINVAL);
	assert_int_equal(totp_verify("!!", "287082", 59, 0, &step), K_EINVAL);
	assert_int_equal(totp_verify(RFC_SECRET, "287082", -30, 0, &step), K_EINVAL);
}

static void test_secret_new(void **state)
{
	char a[TOTP_SECRET_B32_MAX], b[TOTP_SECRET_B32_MAX], code[7];
	long long step;

	(void)state;
	assert_int_equal(totp_secret_new(a), K_OK);
	assert_int_equal(totp_secret_new(b), K_OK);
	assert_int_equal(strlen(a), 32);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 32);
	assert_string_not_equal(a, b);
	assert_int_equal(totp_code(a, T0, code), K_OK);
	assert_int_equal(strlen(code), 6);
	assert_int_equal(totp_verify(a, code, T0, 0, &step), K_OK);
	assert_int_equal(step, T0 / 30);
}

static void test_window(void **state)
{
	char code[7];
	long long step = -5, cur = T0 / 30;

	(void)state;
	assert_int_equal(totp_verify(RFC_SECRET, "081804", T0, 0, &step), K_OK);
	assert_int_equal(step, cur);
	/* one step early / late: accepted, and the step is the code's own */
	assert_int_equal(totp_code(RFC_SECRET, T0 - 30, code), K_OK);
	assert_int_equal(totp_verify(RFC_SECRET, code, T0, 0, &step), K_OK);
	assert_int_equal(step, cur - 1);
	assert_int_equal(totp_code(RFC_SECRET, T0 + 30, code), K_OK);
	assert_int_equal(totp_verify(RFC_SECRET, code, T0, 0, &step), K_OK);
	assert_int_equal(step, cur + 1);
	/* two steps off: refused */
	assert_int_equal(totp_code(RFC_SECRET, T0 - 60, code), K_OK);
	assert_int_equal(totp_verify(RFC_SECRET, code, T0, 0, &step), K_ETOTP_INVALID);
	assert_int_equal(step, 0);
	assert_int_equal(totp_code(RFC_SECRET, T0 + 60, code), K_OK);
	assert_int_equal(totp_verify(RFC_SECRET, code, T0, 0, &step), K_ETOTP_INVALID);
	/* a wrong code */
	assert_int_equal(totp_verify(RFC_SECRET, "081805", T0, 0, &step), K_ETOTP_INVALID);
	/* step_out may be NULL */
	assert_int_equal(totp_verify(RFC_SECRET, "081804", T0, 0, NULL), K_OK);
	/* near the epoch the window does not go negative */
	assert_int_equal(totp_verify(RFC_SECRET, "287082", 10, 0, &step), K_OK);
	assert_int_equal(step, 1);
}

static void test_replay(void **state)
{
	char code[7];
	long long step, last, cur = T0 / 30;

	(void)state;
	assert_int_equal(totp_verify(RFC_SECRET, "081804", T0, 0, &last), K_OK);
	assert_int_equal(last, cur);
	/* the same code again, even a second later in the same step: refused */
	assert_int_equal(totp_verify(RFC_SECRET, "081804", T0, last, &step), K_ETOTP_INVALID);
	assert_int_equal(totp_verify(RFC_SECRET, "081804", T0 + 1, last, &step), K_ETOTP_INVALID);
	/* ... and in the next step, while it is still inside the window */
	assert_int_equal(totp_verify(RFC_SECRET, "081804", T0 + 30, last, &step), K_ETOTP_INVALID);
	/* an older code inside the window: refused too */
	assert_int_equal(totp_code(RFC_SECRET, T0 - 30, code), K_OK);
	assert_int_equal(totp_verify(RFC_SECRET, code, T0, last, &step), K_ETOTP_INVALID);
	/* the next step's code is accepted, once */
	assert_int_equal(totp_code(RFC_SECRET, T0 + 30, code), K_OK);
	assert_int_equal(totp_verify(RFC_SECRET, code, T0 + 30, last, &step), K_OK);
	assert_int_equal(step, cur + 1);
	last = step;
	assert_int_equal(totp_verify(RFC_SECRET, code, T0 + 30, last, &step), K_ETOTP_INVALID);
	/* a code one step ahead used before its time, then the clock catches up */
	assert_int_equal(totp_code(RFC_SECRET, T0 + 60, code), K_OK);
	assert_int_equal(totp_verify(RFC_SECRET, code, T0 + 30, last, &last), K_OK);
	assert_int_equal(last, cur + 2);
	assert_int_equal(totp_verify(RFC_SECRET, code, T0 + 60, last, &step), K_ETOTP_INVALID);
}

static void test_code_format(void **state)
{
	long long step;

	(void)state;
	assert_int_equal(totp_verify(RFC_SECRET, " 081 804 ", T0, 0, &step), K_OK);
	assert_int_equal(totp_verify(RFC_SECRET, "81804", T0, 0, &step), K_ETOTP_INVALID);
	assert_int_equal(totp_verify(RFC_SECRET, "0818040", T0, 0, &step), K_ETOTP_INVALID);
	assert_int_equal(totp_verify(RFC_SECRET, "08180a", T0, 0, &step), K_ETOTP_INVALID);
	assert_int_equal(totp_verify(RFC_SECRET, "081-804", T0, 0, &step), K_ETOTP_INVALID);
	assert_int_equal(totp_verify(RFC_SECRET, "+81804", T0, 0, &step), K_ETOTP_INVALID);
	assert_int_equal(totp_verify(RFC_SECRET, "", T0, 0, &step), K_ETOTP_INVALID);
	assert_int_equal(totp_verify(RFC_SECRET, "      ", T0, 0, &step), K_ETOTP_INVALID);
	assert_int_equal(totp_verify(RFC_SECRET, NULL, T0, 0, &step), K_ETOTP_INVALID);
	/* full-width digits are not ASCII digits */
	assert_int_equal(totp_verify(RFC_SECRET,
				     "\xef\xbc\x90\xef\xbc\x98\xef\xbc\x91\xef\xbc\x98\xef\xbc\x90"
				     "\xef\xbc\x94",
				     T0, 0, &step), K_ETOTP_INVALID);
	/* a very long input of spaces */
	assert_int_equal(totp_verify(RFC_SECRET,
				     "081804                                                   ",
				     T0, 0, &step), K_ETOTP_INVALID);
}

static void test_otpauth_url(void **state)
{
	static const char want[] =
		"otpauth://totp/Kluis%20Advies%20%26%20Co:jan%2Bx%40example.nl"
		"?secret=" RFC_SECRET "&issuer=Kluis%20Advies%20%26%20Co";
	char out[256];

	(void)state;
	assert_int_equal(totp_otpauth_url("Kluis Advies & Co", "jan+x@example.nl", RFC_SECRET, out,
					  sizeof out), K_OK);
	assert_string_equal(out, want);

	assert_int_equal(totp_otpauth_url("Kluis", "a:b/c?d=é", RFC_SECRET, out, sizeof out), K_OK);
	assert_string_equal(out, "otpauth://totp/Kluis:a%3Ab%2Fc%3Fd%3D%C3%A9?secret=" RFC_SECRET
				 "&issuer=Kluis");

	/* exact fit, one byte short */
	assert_int_equal(totp_otpauth_url("Kluis Advies & Co", "jan+x@example.nl", RFC_SECRET, out,
					  sizeof want), K_OK);
	assert_string_equal(out, want);
	assert_int_equal(totp_otpauth_url("Kluis Advies & Co", "jan+x@example.nl", RFC_SECRET, out,
					  sizeof want - 1), K_ETOOBIG);
	assert_string_equal(out, "");

	assert_int_equal(totp_otpauth_url("", "a", RFC_SECRET, out, sizeof out), K_EINVAL);
	assert_int_equal(totp_otpauth_url("Kluis", NULL, RFC_SECRET, out, sizeof out), K_EINVAL);
	assert_int_equal(totp_otpauth_url("Kluis", "a", RFC_SECRET, out, 0), K_EINVAL);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_qr_svg(void **state)
{
	char url[256];
	struct buf b;
	const char *s;

	(void)state;
	assert_int_equal(totp_otpauth_url("Kluis", "jan@example.nl", RFC_SECRET, url, sizeof url),
			 K_OK);
	buf_init(&b, 64 * 1024);
	assert_int_equal(totp_qr_svg(url, &b), K_OK);
	s = buf_str(&b);
	assert_int_equal(strncmp(s, "<svg", 4), 0);
	assert_int_equal(count(s, "<path"), 1);
	assert_int_equal(count(s, "</svg>"), 1);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "href"));
	assert_null(strstr(s, RFC_SECRET));
	/* top-left finder pattern: 7 dark modules after the 4-module quiet zone */
	assert_non_null(strstr(s, "d=\"M4 4h7v1h-7z"));

	/* appends to what is there */
	buf_reset(&b);
	assert_int_equal(buf_adds(&b, "<div>"), K_OK);
	assert_int_equal(totp_qr_svg("hallo", &b), K_OK);
	assert_int_equal(strncmp(buf_str(&b), "<div><svg", 9), 0);
	buf_free(&b);

	/* all or nothing when it does not fit */
	buf_init(&b, 200);
	assert_int_equal(buf_adds(&b, "x"), K_OK);
	assert_int_equal(totp_qr_svg(url, &b), K_ETOOBIG);
	assert_string_equal(buf_str(&b), "x");
	assert_int_equal(totp_qr_svg("", &b), K_EINVAL);
	assert_int_equal(totp_qr_svg(NULL, &b), K_EINVAL);
	buf_free(&b);
}

static void test_qr_text_too_long(void **state)
{
	char big[TOTP_QR_TEXT_MAX + 2];
	struct buf b;

	(void)state;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_init(&b, 1024 * 1024);
	assert_int_equal(totp_qr_svg(big, &b), K_ETOOBIG);
	big[TOTP_QR_TEXT_MAX] = '\0';
	assert_int_equal(totp_qr_svg(big, &b), K_OK);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_vectors),
		cmocka_unit_test(test_bad_secret),
		cmocka_unit_test(test_secret_new),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_code_format),
		cmocka_unit_test(test_otpauth_url),
		cmocka_unit_test(test_qr_svg),
		cmocka_unit_test(test_qr_text_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
