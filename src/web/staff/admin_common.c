/* Helpers shared by the admin pages: refusals as pages, form errors,
 * labels and local time. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "adapters/phone.h"
#include "core/actor.h"
#include "web/auth.h"
#include "web/staff/admin_pages.h"

int admin_fail(struct req *r, int rc, const struct kfail *f)
{
	const char *msg = f && f->message[0] ? f->message : NULL;
	switch (rc) {
	case K_EDENIED:
		return resp_error(r, 403, "forbidden", "Hiervoor heeft u geen rechten.", NULL);
	case K_ENOTFOUND:
		return resp_error(r, 404, "not_found", "Niet gevonden.", NULL);
	case K_EINVAL:
	case K_ECONFLICT:
	case K_EWEAK:
		return resp_error(r, 422, "invalid", msg ? msg : "Controleer de invoer.", f ? f->field : NULL);
	default:
		return rc < 0 ? rc : K_EINVAL;
	}
}

int admin_need(struct req *r, enum right right)
{
	struct actor a = auth_actor(r);
	if (rights_check(&a, right) == K_OK)
		return K_OK;
	return admin_fail(r, K_EDENIED, NULL);
}

json_t *admin_ctx(const char *title)
{
	return json_pack("{s:s, s:s}", "nav", "admin", "title", title);
}

void admin_form_error(json_t *ctx, const struct kfail *f, const char *const *map, const char *default_field)
{
	const char *field = default_field;
	for (int i = 0; map && map[i]; i += 2)
		if (strcmp(f->field, map[i]) == 0) {
			field = map[i + 1];
			break;
		}
	const char *msg = f->message[0] ? f->message : "Controleer de invoer.";
	json_t *err = json_object_get(ctx, "err");
	if (!json_is_object(err)) {
		err = json_object();
		json_object_set_new(ctx, "err", err);
	}
	if (field)
		json_object_set_new(err, field, json_string(msg));
	json_object_set_new(ctx, "error_summary", json_string(msg));
}

const char *admin_val(struct req *r, const char *name)
{
	const char *v = req_param(r, name);
	return v ? v : "";
}

bool admin_checked(struct req *r, const char *name)
{
	const char *v = req_param(r, name);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0);
}

const char *admin_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Unix time of the last Sunday of month m (31 days long) at 01:00 UTC. */
static int64_t last_sunday_0100(int64_t y, unsigned m)
{
	int64_t day = days_from_civil(y, m, 31);
	int64_t wd = ((day % 7) + 7 + 4) % 7; /* 1970-01-01 was a Thursday (4); Sunday = 0 */
	return (day - wd) * 86400 + 3600;
}

void admin_fmt_time(int64_t t, char *out, size_t outlen)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, outlen, "-");
		return;
	}
	int64_t y = tm.tm_year + 1900;
	int64_t off = (t >= last_sunday_0100(y, 3) && t < last_sunday_0100(y, 10)) ? 7200 : 3600;
	tt = (time_t)(t + off);
	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, outlen, "-");
		return;
	}
	snprintf(out, outlen, "%02d-%02d-%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
		 tm.tm_min);
}

int admin_redirect_id(struct req *r, const char *prefix, int64_t id, const char *suffix)
{
	char loc[256];
	snprintf(loc, sizeof loc, "%s%lld%s", prefix, (long long)id, suffix ? suffix : "");
	return resp_redirect(r, loc);
}

struct label {
	const char *key;
	const char *label;
};

static const char *label_of(const struct label *l, const char *key, const char *def)
{
	for (int i = 0; key && l[i].key; i++)
		if (strcmp(l[i].key, key) == 0)
			return l[i].label;
	return def ? def : (key ? key : "");
}

static const struct label kinds[] = {
	{"phone", "Telefoon"}, {"email", "E-mail"}, {"address", "Adres"}, {"website", "Website"}, {NULL, NULL},
};

static const struct label types[] = {
	{"general", "Algemeen"}, {"work", "Werk"}, {"visiting", "Bezoekadres"}, {"postal", "Postadres"},
	{"mobile", "Mobiel"},    {NULL, NULL},
};

static const struct label actions[] = {
	{"dossier.create", "Dossier aangemaakt"},
	{"dossier.view", "Dossier bekeken"},
	{"dossier.update", "Dossier gewijzigd"},
	{"person.create", "Persoon toegevoegd"},
	{"person.view", "Persoon bekeken"},
	{"person.update", "Persoon gewijzigd"},
	{"person.delete", "Persoon verwijderd"},
	{"organisation.create", "Organisatie toegevoegd"},
	{"organisation.update", "Organisatie gewijzigd"},
	{"organisation.delete", "Organisatie verwijderd"},
	{"bsn.reveal", "BSN getoond"},
	{"bsn.reveal_denied", "BSN tonen geweigerd"},
	{"product.create", "Product toegevoegd"},
	{"product.view", "Product bekeken"},
	{"product.update", "Product gewijzigd"},
	{"product.delete", "Product verwijderd"},
	{"document.upload", "Document toegevoegd"},
	{"document.view", "Document bekeken"},
	{"document.download", "Document gedownload"},
	{"export.create", "Gegevens geëxporteerd"},
	{NULL, NULL},
};

const char *admin_kind_label(const char *kind)
{
	return label_of(kinds, kind, NULL);
}

const char *admin_type_label(const char *type)
{
	return label_of(types, type, NULL);
}

const char *admin_action_label(const char *action)
{
	return label_of(actions, action, NULL);
}

void admin_phone_display(const char *e164, char *out, size_t outlen)
{
	struct phone_info info;
	char nat[PHONE_NATIONAL_MAX];
	/* Dutch numbers in the national form people know; others as E.164 */
	if (e164 && *e164 && phone_parse(e164, "NL", &info) == K_OK && info.country_code == 31 &&
	    phone_format_national(&info, nat, sizeof nat) == K_OK)
		snprintf(out, outlen, "%s", nat);
	else
		snprintf(out, outlen, "%s", e164 ? e164 : "");
}
