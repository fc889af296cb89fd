/* libFuzzer target for src/adapters/phone.cc: the first two bytes are the
 * default region (fewer than two bytes: NULL, i.e. "NL"), the rest is the
 * text for phone_parse(). Refusals are fine; crashes, leaks, UB, exceptions
 * reaching C and broken results are not. A valid result must be well formed,
 * parse again to itself from its E.164 form, and format nationally into
 * PHONE_NATIONAL_MAX bytes; phone_format_national is also run into an
 * exactly sized heap buffer of a length taken from the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "adapters/phone.h"
#include "util/err.h"

static void check_valid(const struct phone_info *info, const char *region, size_t outlen)
{
	struct phone_info again;
	char national[PHONE_NATIONAL_MAX];
	size_t n = strnlen(info->e164, sizeof info->e164);
	char *out;

	if (n < 2 || n >= sizeof info->e164 || info->e164[0] != '+')
		abort();
	for (size_t i = 1; i < n; i++)
		if (info->e164[i] < '0' || info->e164[i] > '9')
			abort();
	if (info->country_code <= 0 || info->type <= PHONE_INVALID || info->type > PHONE_OTHER)
		abort();
	if (info->region[2] != '\0' || (info->region[0] != '\0' && info->region[1] == '\0'))
		abort();
	if (phone_sms_country(info) && info->country_code != 31 && info->country_code != 32 &&
	    info->country_code != 44 && info->country_code != 49)
		abort();
	(void)phone_is_mobile(info);

	if (phone_parse(info->e164, region, &again) != K_OK || strcmp(again.e164, info->e164) != 0 ||
	    again.type != info->type || again.country_code != info->country_code)
		abort();

	if (phone_format_national(info, national, sizeof national) != K_OK)
		abort();
	if (national[0] == '\0' || !memchr(national, '\0', sizeof national))
		abort();

	out = malloc(outlen);
	if (!out)
		abort();
	int rc = phone_format_national(info, out, outlen);
	if (rc == K_OK ? strcmp(out, national) != 0 : (rc != K_ETOOBIG || out[0] != '\0'))
		abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct phone_info info;
	char region_buf[3];
	const char *region = NULL;
	size_t outlen = 1;
	char *text;

	if (size >= 2) {
		region_buf[0] = (char)data[0];
		region_buf[1] = (char)data[1];
		region_buf[2] = '\0';
		region = region_buf;
		outlen = (size_t)data[0] % PHONE_NATIONAL_MAX + 1;
		data += 2;
		size -= 2;
	}
	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';

	int rc = phone_parse(text, region, &info);
	if (rc == K_OK) {
		check_valid(&info, region, outlen);
	} else {
		static const struct phone_info zero;
		if (rc != K_EINVAL || memcmp(&info, &zero, sizeof info) != 0)
			abort();
		if (phone_is_mobile(&info) || phone_sms_country(&info))
			abort();
	}
	free(text);
	return 0;
}
