/* Phone numbers through libphonenumber: the C++ side of the extern "C" API
 * in phone.h. Kept minimal: no iostreams, and no exception ever leaves this
 * file (every entry point catches everything). */
#include <cstring>
#include <new>
#include <string>
#include <type_traits>
#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include "adapters/phone.h"
#include "util/err.h"

using i18n::phonenumbers::NullLogger;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

const char region_default[] = "NL";

/* The library's singleton, muted once: its default logger writes errors to
 * stdout. A function-local static, so the first call is thread-safe; after
 * that PhoneNumberUtil is only read, which is safe from any thread. */
PhoneNumberUtil *util()
{
	static PhoneNumberUtil *const u = [] {
		PhoneNumberUtil *p = PhoneNumberUtil::GetInstance();
		p->SetLogger(new NullLogger());
		return p;
	}();
	return u;
}

/* text_ok: 1..PHONE_TEXT_MAX bytes of digits, spaces, dashes, dots and
 * parentheses, with at most one '+' before the first digit, and at least
 * one digit. Letters are refused here: libphonenumber would otherwise read
 * "0800-FLOWERS" as a vanity number and "... ext. 12" as an extension. */
bool text_ok(const char *text, size_t *lenp)
{
	size_t len = strnlen(text, PHONE_TEXT_MAX + 1);
	size_t digits = 0;
	bool plus = false;

	if (len == 0 || len > PHONE_TEXT_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c >= '0' && c <= '9') {
			digits++;
		} else if (c == '+') {
			if (plus || digits > 0)
				return false;
			plus = true;
		} else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
			return false;
		}
	}
	*lenp = len;
	return digits > 0;
}

/* region_ok: default_region (NULL = "NL") as two upper-case letters in out,
 * and a region libphonenumber has metadata for. */
bool region_ok(PhoneNumberUtil *u, const char *region, char out[3])
{
	if (!region)
		region = region_default;
	for (int i = 0; i < 2; i++) {
		char c = region[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return false;
		out[i] = c;
	}
	out[2] = '\0';
	if (region[2] != '\0')
		return false;
	return u->GetCountryCodeForRegion(std::string(out, 2)) != 0;
}

/* type_of: info->type as a plain integer. C callers may store any int
 * there, and loading an out-of-range value as the enum is undefined in C++,
 * so the bytes are copied instead. */
long type_of(const struct phone_info *info)
{
	std::underlying_type<enum phone_type>::type t;

	static_assert(sizeof t == sizeof info->type, "enum size");
	memcpy(&t, &info->type, sizeof t);
	return (long)t;
}

enum phone_type map_type(PhoneNumberUtil::PhoneNumberType t)
{
	switch (t) {
	case PhoneNumberUtil::MOBILE:
		return PHONE_MOBILE;
	case PhoneNumberUtil::FIXED_LINE:
		return PHONE_FIXED_LINE;
	case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
		return PHONE_FIXED_OR_MOBILE;
	default:
		return PHONE_OTHER;
	}
}

/* copy_out: s with its NUL into out, or K_ETOOBIG. */
int copy_out(const std::string &s, char *out, size_t outlen)
{
	if (s.size() >= outlen)
		return K_ETOOBIG;
	memcpy(out, s.data(), s.size());
	out[s.size()] = '\0';
	return K_OK;
}

int parse_checked(const char *text, const char *default_region, struct phone_info *info)
{
	PhoneNumberUtil *u = util();
	char region[3];
	size_t len = 0;
	PhoneNumber n;
	std::string e164, where;

	if (!text_ok(text, &len) || !region_ok(u, default_region, region))
		return K_EINVAL;
	if (u->Parse(std::string(text, len), std::string(region, 2), &n) != PhoneNumberUtil::NO_PARSING_ERROR)
		return K_EINVAL;
	if (!u->IsValidNumber(n))
		return K_EINVAL;
	u->Format(n, PhoneNumberUtil::E164, &e164);
	if (e164.size() < 2 || e164[0] != '+' || copy_out(e164, info->e164, sizeof info->e164) != K_OK)
		return K_EINVAL;
	u->GetRegionCodeForNumber(n, &where);
	/* "001" (non-geographic) does not fit and is not a country: "" */
	if (where.size() == 2 && copy_out(where, info->region, sizeof info->region) != K_OK)
		return K_EINVAL;
	info->country_code = (int)n.country_code();
	info->type = map_type(u->GetNumberType(n));
	return K_OK;
}

int format_checked(const struct phone_info *info, char *out, size_t outlen)
{
	PhoneNumberUtil *u = util();
	PhoneNumber n;
	std::string national;
	long type = type_of(info);
	size_t len;

	if (type <= PHONE_INVALID || type > PHONE_OTHER)
		return K_EINVAL;
	len = strnlen(info->e164, sizeof info->e164);
	if (len < 2 || len >= sizeof info->e164 || info->e164[0] != '+')
		return K_EINVAL;
	/* the number is international, so no default region is needed */
	if (u->Parse(std::string(info->e164, len), "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR)
		return K_EINVAL;
	if (!u->IsValidNumber(n) || (int)n.country_code() != info->country_code)
		return K_EINVAL;
	u->Format(n, PhoneNumberUtil::NATIONAL, &national);
	if (national.empty())
		return K_EINVAL;
	return copy_out(national, out, outlen);
}

} // namespace

extern "C" int phone_parse(const char *text, const char *default_region, struct phone_info *info)
{
	int rc;

	if (!info)
		return K_EINVAL;
	memset(info, 0, sizeof *info);
	if (!text)
		return K_EINVAL;
	try {
		rc = parse_checked(text, default_region, info);
	} catch (const std::bad_alloc &) {
		rc = K_ENOMEM;
	} catch (...) {
		rc = K_EINVAL;
	}
	if (rc != K_OK)
		memset(info, 0, sizeof *info);
	return rc;
}

extern "C" int phone_is_mobile(const struct phone_info *info)
{
	long type = info ? type_of(info) : (long)PHONE_INVALID;

	return type == PHONE_MOBILE || type == PHONE_FIXED_OR_MOBILE;
}

extern "C" int phone_sms_country(const struct phone_info *info)
{
	if (!info || type_of(info) == PHONE_INVALID)
		return 0;
	switch (info->country_code) {
	case 31: /* NL */
	case 32: /* BE */
	case 44: /* UK, also GG, JE, IM */
	case 49: /* DE */
		return 1;
	default:
		return 0;
	}
}

extern "C" int phone_format_national(const struct phone_info *info, char *out, size_t outlen)
{
	int rc;

	if (!out || outlen == 0)
		return K_EINVAL;
	out[0] = '\0';
	if (!info)
		return K_EINVAL;
	try {
		rc = format_checked(info, out, outlen);
	} catch (const std::bad_alloc &) {
		rc = K_ENOMEM;
	} catch (...) {
		rc = K_EINVAL;
	}
	if (rc != K_OK)
		out[0] = '\0';
	return rc;
}
