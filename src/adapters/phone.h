#ifndef KLUIS_ADAPTERS_PHONE_H
#define KLUIS_ADAPTERS_PHONE_H
#include <stddef.h>

/* Phone numbers through libphonenumber (C++, wrapped by phone.cc). Used for
 * the typed phone numbers of parties (D2) and for deciding whether a portal
 * invitation may go out by SMS (P2). All functions are thread-safe. */

#ifdef __cplusplus
extern "C" {
#endif

/* Longest input phone_parse looks at, in bytes (without the NUL). */
#define PHONE_TEXT_MAX 64
/* A buffer of this size always holds phone_format_national's output. */
#define PHONE_NATIONAL_MAX 48

enum phone_type {
	PHONE_INVALID = 0,
	PHONE_MOBILE,
	PHONE_FIXED_LINE,
	PHONE_FIXED_OR_MOBILE, /* the numbering plan cannot tell (US, CA, ...) */
	PHONE_OTHER,           /* toll free, premium rate, VoIP, pager, ... */
};

struct phone_info {
	char e164[20];        /* "+31612345678" */
	int country_code;     /* 31 */
	enum phone_type type;
	char region[3];       /* "NL", "GB", "GG" ... as libphonenumber says; "" for
	                       * non-geographic numbers (+800, +882 ...) */
};

/* phone_parse: parse text (at most PHONE_TEXT_MAX = 64 bytes) with
 * default_region (two letters, e.g. "NL"; NULL means "NL"; lower case is
 * accepted) for national numbers ("06 12345678"). Besides digits the text
 * may hold spaces, dashes, dots and parentheses, and one '+' before the first
 * digit; international form "+31..." and "0031..." both work. Returns K_OK and
 * fills *info for a number libphonenumber calls valid; K_EINVAL for anything
 * else: NULL or empty text, over-long text, other characters (letters, so no
 * vanity numbers or extensions), a digit short or too many, a number that
 * does not exist in its numbering plan, a default_region that is not a
 * region libphonenumber knows (even if the text is international). On
 * failure *info is zeroed (type PHONE_INVALID). Never throws or crashes;
 * K_ENOMEM if the library runs out of memory. */
int phone_parse(const char *text, const char *default_region, struct phone_info *info);

/* phone_is_mobile: 1 if info->type is PHONE_MOBILE, or PHONE_FIXED_OR_MOBILE
 * for countries whose numbers cannot tell (e.g. US); else 0 (also for NULL). */
int phone_is_mobile(const struct phone_info *info);

/* phone_sms_country: 1 if the number belongs to a country we send SMS to
 * (requirement P2): calling code 31 (NL), 44 (UK, including GG/JE/IM, which
 * libphonenumber reports as their own regions), 49 (DE) or 32 (BE); else 0
 * (also for NULL or an unparsed info). Decided by calling code, never by
 * region (LIBRARIES.md). It does not look at the type: an SMS needs
 * phone_is_mobile() as well. */
int phone_sms_country(const struct phone_info *info);

/* phone_format_national: the number in its own country's national display
 * form ("06 12345678", "020 123 4567", "07911 123456" for a UK mobile) into
 * out (at most outlen bytes with the NUL; PHONE_NATIONAL_MAX always fits).
 * K_OK; K_EINVAL for NULL arguments or an info that phone_parse did not fill
 * with a valid number; K_ETOOBIG if it does not fit. On any error out is ""
 * (if outlen > 0). */
int phone_format_national(const struct phone_info *info, char *out, size_t outlen);

#ifdef __cplusplus
}
#endif

#endif
