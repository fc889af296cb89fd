#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core/validate.h"

bool validate_email(const char *e)
{
	size_t n = e ? strlen(e) : 0;
	if (n < 3 || n > 254)
		return false;
	const char *at = strchr(e, '@');
	if (!at || at == e || (size_t)(at - e) > 64 || strchr(at + 1, '@'))
		return false;
	const char *dom = at + 1;
	const char *dot = strrchr(dom, '.');
	if (!dot || dot == dom || dot[1] == '\0' || strlen(dot + 1) < 2)
		return false;
	if (e[0] == '.' || at[-1] == '.' || dom[0] == '.' || dom[0] == '-' || strstr(e, ".."))
		return false;
	for (const char *p = e; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c >= 0x7f || strchr("<>()[]\\,;:\"", c))
			return false;
		if (p > at && !(isalnum(c) || c == '.' || c == '-'))
			return false;
	}
	return true;
}

bool validate_postcode_nl(const char *s, char out[8])
{
	char d[5], l[3];
	int nd = 0, nl = 0;
	if (!s || strlen(s) > 10)
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ')
			continue;
		if (isdigit(c) && nl == 0 && nd < 4)
			d[nd++] = (char)c;
		else if (isalpha(c) && nd == 4 && nl < 2)
			l[nl++] = (char)toupper(c);
		else
			return false;
	}
	if (nd != 4 || nl != 2 || d[0] == '0')
		return false;
	l[2] = '\0';
	if (strcmp(l, "SA") == 0 || strcmp(l, "SD") == 0 || strcmp(l, "SS") == 0)
		return false;
	snprintf(out, 8, "%.4s %.2s", d, l);
	return true;
}

bool validate_date(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int dd = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || dd < 1)
		return false;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max = mdays[m - 1] + (m == 2 && leap);
	return dd <= max;
}

bool validate_text(const char *s, size_t max, bool multiline)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n > max)
		return false;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		if (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t')))
			return false;
		if (c == 0x7f)
			return false;
		size_t k = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 9;
		if (k == 9 || (k == 1 && c < 0xc2) || c > 0xf4 || i + k >= n + (k == 0))
			return false;
		for (size_t j = 1; j <= k; j++)
			if ((p[i + j] & 0xc0) != 0x80)
				return false;
		/* no overlong forms, UTF-16 surrogates or code points above U+10FFFF */
		if ((c == 0xe0 && p[i + 1] < 0xa0) || (c == 0xed && p[i + 1] >= 0xa0) || (c == 0xf0 && p[i + 1] < 0x90) ||
		    (c == 0xf4 && p[i + 1] >= 0x90))
			return false;
		i += k + 1;
	}
	return true;
}

bool validate_kvk(const char *s)
{
	if (!s || strlen(s) != 8)
		return false;
	for (int i = 0; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

bool validate_country(const char *s)
{
	return s && strlen(s) == 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]);
}

void validate_today_iso(long long t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	int y = tm.tm_year + 1900;
	if (y < 0 || y > 9999)
		y = 9999;
	unsigned m = (unsigned)(tm.tm_mon + 1) % 100u, d = (unsigned)tm.tm_mday % 100u;
	char buf[32];
	snprintf(buf, sizeof buf, "%04u-%02u-%02u", (unsigned)y % 10000u, m, d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}
