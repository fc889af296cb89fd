#ifndef KLUIS_CORE_VALIDATE_H
#define KLUIS_CORE_VALIDATE_H
#include <stdbool.h>
#include <stddef.h>

/* Field validators shared by core modules. Each returns true when valid and
 * writes a normalised form where it has an out parameter. */

/* validate_email: one address, 3..254 bytes, local@domain.tld, no spaces or
 * specials that break headers. */
bool validate_email(const char *s);
/* validate_postcode_nl: "1234AB", "1234 ab" → "1234 AB" (first digit not 0;
 * SA, SD, SS letter pairs are never issued). out at least 8 bytes. */
bool validate_postcode_nl(const char *s, char out[8]);
/* validate_date: a real calendar date "YYYY-MM-DD" between 1900-01-01 and
 * 2200-12-31. */
bool validate_date(const char *s);
/* validate_text: UTF-8, 0..max bytes, no control characters (newlines only
 * if multiline). */
bool validate_text(const char *s, size_t max, bool multiline);
/* validate_kvk: 8 digits (Dutch chamber of commerce number). */
bool validate_kvk(const char *s);
/* validate_country: two upper-case letters (ISO 3166-1 alpha-2). */
bool validate_country(const char *s);
/* validate_today_iso: today's date for app time t into out (11 bytes). */
void validate_today_iso(long long t, char out[11]);

#endif
