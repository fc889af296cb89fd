/* Demo data for `kluis demo`: a firm with two offices, staff of each role and
 * 50 generated Dutch dossiers. Everything goes through the core functions as
 * the system actor, so the same validation, search indexing and audit apply
 * as for data entered by hand. The dossiers come from a fixed-seed generator
 * over the tables in demo_names.c: the same 50 every time. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "adapters/pdf_text.h"
#include "core/branding.h"
#include "core/general.h"
#include "core/demo.h"
#include "core/demo_names.h"
#include "core/dossier.h"
#include "core/office.h"
#include "core/party.h"
#include "core/product.h"
#include "core/staff.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/log.h"

#define DEMO_DOSSIERS 50
#define DEMO_BUSINESS_EVERY 5 /* every 5th dossier is a business: 10 of 50 */
#define DEMO_SEED 0x4b6c756973ULL
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* --- the firm -------------------------------------------------------------- */

enum { OFFICE_UTRECHT, OFFICE_ZWOLLE, NOFFICES };

static const struct demo_office {
	const char *name, *phone, *email, *website, *mobile;
	const char *street, *number, *postcode, *city;
	const char *postbus, *postbus_postcode;
} offices[NOFFICES] = {
	{"Demo Advies Utrecht", "030 234 56 70", "utrecht@demo-advies.nl", "https://www.demo-advies.nl", NULL,
	 "Catharijnesingel", "54", "3511 GC", "Utrecht", "1234", "3500 GA"},
	{"Demo Advies Zwolle", "038 421 77 80", "zwolle@demo-advies.nl", NULL, "06 41 87 22 90", "Stationsweg",
	 "21", "8011 CZ", "Zwolle", "402", "8000 AK"},
};

enum { P_ADMIN, P_ADVISOR_U, P_BACKOFFICE_U, P_ADVISOR_Z, P_BACKOFFICE_Z, NPEOPLE };

static const struct demo_person {
	const char *email, *name, *role, *job_title, *phone;
	int office;
	bool public_;
} people[NPEOPLE] = {
	{"beheer@demo-advies.nl", "Bram Beheer", "admin", "Kantoormanager", "030 234 56 79", OFFICE_UTRECHT, false},
	{"adviseur@demo-advies.nl", "Anouk de Adviseur", "advisor", "Financieel adviseur", "030 234 56 71",
	 OFFICE_UTRECHT, true},
	{"binnendienst@demo-advies.nl", "Bas Binnendienst", "backoffice", "Medewerker binnendienst", "030 234 56 72",
	 OFFICE_UTRECHT, true},
	{"adviseur.zwolle@demo-advies.nl", "Hidde van Hypotheek", "advisor", "Hypotheekadviseur", "038 421 77 81",
	 OFFICE_ZWOLLE, true},
	{"binnendienst.zwolle@demo-advies.nl", "Paula Polis", "backoffice", "Administratief medewerker",
	 "038 421 77 82", OFFICE_ZWOLLE, false},
};

#define DEMO_GROUP "Hypotheekteam Zwolle"

static void logins_path(struct app *app, char *out, size_t n)
{
	snprintf(out, n, "%s/demo-logins.txt", app->cfg.data_dir);
}

/* four groups of four random lower-case letters: 19 chars, passes policy */
static void random_password(struct app *app, char out[20])
{
	unsigned char raw[16];
	app_random(app, raw, sizeof raw);
	int o = 0;
	for (int i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = (char)('a' + raw[i] % 26);
	}
	out[o] = '\0';
}

int demo_logins(struct app *app, struct demo_login *out, int max)
{
	char path[CONFIG_STR_MAX + 32];
	logins_path(app, path, sizeof path);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	int n = 0;
	char line[512];
	while (n < max && fgets(line, sizeof line, f)) {
		struct demo_login *d = &out[n];
		memset(d, 0, sizeof *d);
		int k = sscanf(line, "%127s %63s %15s %63s", d->email, d->password, d->role, d->totp_secret);
		if (k >= 3) {
			if (k == 3 || strcmp(d->totp_secret, "-") == 0)
				d->totp_secret[0] = '\0';
			n++;
		}
	}
	fclose(f);
	return n;
}

/* --- helpers --------------------------------------------------------------- */

struct seed {
	struct app *app;
	struct actor sys;
	uint64_t rng;
	int64_t office[NOFFICES];
	int64_t staff[NPEOPLE];
	int bsn_seq, trade_seq;
};

static int failed(int rc, const struct kfail *f, const char *what)
{
	if (rc)
		log_error("demo: %s: %s%s%s%s%s", what, kerr_str(rc), f && f->field[0] ? " (" : "",
			  f && f->field[0] ? f->field : "", f && f->message[0] ? ": " : "", f ? f->message : "");
	return rc;
}

/* splitmix64: small, fast and the same everywhere */
static uint32_t rnd(struct seed *s)
{
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static int below(struct seed *s, int n)
{
	return (int)(rnd(s) % (uint32_t)n);
}

static int between(struct seed *s, int lo, int hi)
{
	return lo + below(s, hi - lo + 1);
}

static bool chance(struct seed *s, int percent)
{
	return below(s, 100) < percent;
}

/* lower-case ASCII letters and digits of a UTF-8 name ("Chloë" → "chloe",
 * "in 't Veld" → "intveld") */
static void slug(const char *in, char *out, size_t n)
{
	/* Latin-1 supplement letters (after 0xC3) folded, by their low 5 bits */
	static const char fold[] = "aaaaaaaceeeeiiiidnoooooxouuuuyty";
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < n; p++) {
		char c = 0;
		if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf) {
			c = fold[p[1] & 0x1f];
			p++;
			if (c == 'x')
				continue;
		} else if (*p >= 'A' && *p <= 'Z') {
			c = (char)(*p - 'A' + 'a');
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			c = (char)*p;
		}
		if (c)
			out[o++] = c;
	}
	out[o] = '\0';
}

/* "Jan de Vries" the way the dossier store builds display names */
static void full_name(const char *first, const char *infix, const char *last, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s%s%s", first, *first ? " " : "", infix, *infix ? " " : "", last);
}

static void date_str(int y, int m, int d, char out[11])
{
	char buf[40];
	snprintf(buf, sizeof buf, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

static void random_date(struct seed *s, int y0, int y1, char out[11])
{
	int y = between(s, y0, y1), m = between(s, 1, 12), d = between(s, 1, 28);
	date_str(y, m, d, out);
}

/* Letters PostNL uses (no F, I, O, Q, U, Y); never SA, SD or SS. */
static void random_postcode(struct seed *s, const struct demo_place *pl, char out[8])
{
	static const char letters[] = "ABCDEGHJKLMNPRSTVWXZ";
	char a, b;
	do {
		a = letters[below(s, (int)sizeof letters - 1)];
		b = letters[below(s, (int)sizeof letters - 1)];
	} while (a == 'S' && (b == 'A' || b == 'D' || b == 'S'));
	char buf[24];
	snprintf(buf, sizeof buf, "%04u %c%c", (unsigned)between(s, pl->pc_from, pl->pc_to) % 10000u, a, b);
	memcpy(out, buf, 7);
	out[7] = '\0';
}

/* 06 followed by 1..5 and seven digits: the ranges libphonenumber knows as
 * Dutch mobile numbers. Typed the various ways people type them. */
static void random_mobile(struct seed *s, char out[20])
{
	int a = between(s, 1, 5), b = below(s, 10000000);
	switch (below(s, 3)) {
	case 0:
		snprintf(out, 20, "06%d%07d", a, b);
		break;
	case 1:
		snprintf(out, 20, "06-%d%07d", a, b);
		break;
	default:
		snprintf(out, 20, "06 %d%03d %04d", a, b / 10000, b % 10000);
		break;
	}
}

/* a fixed line in the place's area code: ten digits in all */
static void random_landline(struct seed *s, const struct demo_place *pl, char out[20])
{
	int sub = (int)strlen(pl->area) == 3 ? 7 : 6;
	int first = between(s, 2, 8), rest = below(s, sub == 7 ? 1000000 : 100000);
	if (sub == 7)
		snprintf(out, 20, "%s-%d%06d", pl->area, first, rest);
	else
		snprintf(out, 20, "%s-%d%05d", pl->area, first, rest);
}

/* A BSN that passes the 11-test, from the 99999xxxx range that is used for
 * test data, so a demo BSN never belongs to a real person. */
static void next_bsn(struct seed *s, char out[10])
{
	for (;;) {
		int n = s->bsn_seq++ % 1000;
		snprintf(out, 10, "99999%03d", n);
		int sum = 0;
		for (int i = 0; i < 8; i++)
			sum += (9 - i) * (out[i] - '0');
		if (sum % 11 == 10)
			continue;
		out[8] = (char)('0' + sum % 11);
		out[9] = '\0';
		return;
	}
}

/* A Dutch IBAN with correct check digits: NLkk BANK 0123456789. */
static void random_iban(struct seed *s, const char *bank, char out[24])
{
	char acct[11], tail[40];
	snprintf(acct, sizeof acct, "%04d%06d", below(s, 10000), below(s, 1000000));
	snprintf(tail, sizeof tail, "%.4s%sNL00", bank, acct);
	int mod = 0;
	for (const char *p = tail; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			mod = (mod * 100 + (*p - 'A' + 10)) % 97;
		else
			mod = (mod * 10 + (*p - '0')) % 97;
	}
	snprintf(out, 24, "NL%02d%.4s%s", 98 - mod, bank, acct);
}

static const struct demo_place *random_place(struct seed *s, int region)
{
	const struct demo_place *pick[64];
	int n = 0;
	for (size_t i = 0; i < demo_n_places && n < (int)N(pick); i++)
		if (demo_places[i].region == region)
			pick[n++] = &demo_places[i];
	return pick[below(s, n)];
}

static void amount_str(int euros, int cents, char out[24])
{
	snprintf(out, 24, "%d,%02d", euros, cents % 100);
}

static void add_item(json_t *obj, const char *key, json_t *item)
{
	json_t *a = json_object_get(obj, key);
	if (!a) {
		a = json_array();
		json_object_set_new(obj, key, a);
	}
	json_array_append_new(a, item);
}

struct address {
	const struct demo_place *place;
	char street[64], number[16], postcode[8];
};

static void random_address(struct seed *s, const struct demo_place *pl, struct address *a)
{
	a->place = pl;
	snprintf(a->street, sizeof a->street, "%s", demo_streets[below(s, (int)demo_n_streets)]);
	int nr = between(s, 1, 180);
	int form = below(s, 10);
	if (form == 0)
		snprintf(a->number, sizeof a->number, "%d%c", nr, "ABC"[below(s, 3)]);
	else if (form == 1)
		snprintf(a->number, sizeof a->number, "%d-%d", nr, between(s, 1, 4));
	else
		snprintf(a->number, sizeof a->number, "%d", nr);
	random_postcode(s, pl, a->postcode);
}

static json_t *address_json(const char *type, const struct address *a)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", type, "street", a->street, "house_number", a->number,
			 "postcode", a->postcode, "city", a->place->city, "country", "NL");
}

/* --- offices and staff ----------------------------------------------------- */

static int office_add(struct seed *s, int k)
{
	const struct demo_office *o = &offices[k];
	struct kfail f = {0};
	json_t *out = NULL, *in = json_pack("{s:s}", "name", o->name);
	int rc = office_create(s->app, &s->sys, in, &out, &f);
	json_decref(in);
	if (failed(rc, &f, "office"))
		return rc;
	s->office[k] = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	json_t *contacts = json_array();
	json_array_append_new(contacts, json_pack("{s:s, s:s, s:s, s:b}", "kind", "phone", "type", "general", "value",
						  o->phone, "public", 1));
	json_array_append_new(contacts, json_pack("{s:s, s:s, s:s, s:b}", "kind", "email", "type", "general", "value",
						  o->email, "public", 1));
	json_array_append_new(contacts,
			      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "kind", "address", "type", "visiting",
					"street", o->street, "house_number", o->number, "postcode", o->postcode, "city",
					o->city, "public", 1));
	json_array_append_new(contacts,
			      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "kind", "address", "type", "postal",
					"street", "Postbus", "house_number", o->postbus, "postcode", o->postbus_postcode,
					"city", o->city, "public", 0));
	if (o->website)
		json_array_append_new(contacts, json_pack("{s:s, s:s, s:s, s:b}", "kind", "website", "type", "general",
							  "value", o->website, "public", 1));
	if (o->mobile) /* the on-call mobile: for colleagues, not for the website */
		json_array_append_new(contacts, json_pack("{s:s, s:s, s:s, s:b}", "kind", "phone", "type", "mobile",
							  "value", o->mobile, "public", 0));
	size_t i;
	json_t *c;
	json_array_foreach(contacts, i, c) {
		rc = office_contact_add(s->app, &s->sys, s->office[k], c, &out, &f);
		if (failed(rc, &f, "office contact"))
			break;
		json_decref(out);
	}
	json_decref(contacts);
	return rc;
}

/* The demo offices: created when there are none, else the existing ones
 * (by name, else the first two). */
static int offices_ensure(struct seed *s)
{
	json_t *list = NULL;
	int rc = office_list(s->app, &s->sys, &list);
	if (rc)
		return rc;
	json_t *items = json_object_get(list, "items");
	size_t n = json_array_size(items);
	for (int k = 0; k < NOFFICES && n > 0; k++) {
		size_t i;
		json_t *o;
		s->office[k] = json_integer_value(json_object_get(json_array_get(items, (size_t)k % n), "id"));
		json_array_foreach(items, i, o)
			if (strcmp(json_string_value(json_object_get(o, "name")), offices[k].name) == 0)
				s->office[k] = json_integer_value(json_object_get(o, "id"));
	}
	json_decref(list);
	for (int k = 0; k < NOFFICES && n == 0 && rc == K_OK; k++)
		rc = office_add(s, k);
	return rc;
}

static json_t *staff_find(json_t *list, const char *email)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(list, "items"), i, v) {
		const char *e = json_string_value(json_object_get(v, "email"));
		if (e && strcasecmp(e, email) == 0)
			return v;
	}
	return NULL;
}

/* A new account for demo person i with a random password, appended to
 * demo-logins.txt (opened on first use into *logins). */
static int staff_new_login(struct seed *s, int i, FILE **logins)
{
	const struct demo_person *p = &people[i];
	if (!*logins) {
		char path[CONFIG_STR_MAX + 32];
		logins_path(s->app, path, sizeof path);
		int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd < 0)
			return K_EIO;
		if (!(*logins = fdopen(fd, "a"))) {
			close(fd);
			return K_EIO;
		}
	}
	char pw[20], secret[64];
	struct kfail f = {0};
	random_password(s->app, pw);
	struct staff_new in = {p->email, p->name, p->role, pw};
	int rc = staff_add(s->app, &s->sys, &in, &s->staff[i], secret, &f);
	if (rc == K_OK)
		fprintf(*logins, "%s %s %s %s\n", p->email, pw, p->role, secret[0] ? secret : "-");
	secure_wipe(pw, sizeof pw);
	secure_wipe(secret, sizeof secret);
	return failed(rc, &f, "staff");
}

/* office, public flag, job title and direct line of demo person i */
static int staff_employee(struct seed *s, int i)
{
	const struct demo_person *p = &people[i];
	struct kfail f = {0};
	json_t *out = NULL,
	       *in = json_pack("{s:b, s:s, s:s}", "public", p->public_, "job_title", p->job_title, "phone", p->phone);
	if (s->office[p->office] > 0)
		json_object_set_new(in, "office_id", json_integer(s->office[p->office]));
	int rc = employee_update(s->app, &s->sys, s->staff[i], in, &out, &f);
	json_decref(in);
	json_decref(out);
	return failed(rc, &f, "employee");
}

/* Add the demo staff that do not exist yet, give demo staff without an
 * office their employee data, and set the support relation of demo
 * advisors that have none. */
static int staff_ensure(struct seed *s)
{
	json_t *list = NULL;
	bool unsupported[NPEOPLE] = {false};
	FILE *logins = NULL;
	int rc = employee_list(s->app, &s->sys, &list);
	if (rc)
		return rc;
	for (int i = 0; i < NPEOPLE && rc == K_OK; i++) {
		json_t *cur = staff_find(list, people[i].email);
		if (cur)
			s->staff[i] = json_integer_value(json_object_get(cur, "id"));
		else if ((rc = staff_new_login(s, i, &logins)))
			break;
		if (!cur || json_integer_value(json_object_get(cur, "office_id")) <= 0)
			rc = staff_employee(s, i);
		unsupported[i] = !cur || (json_integer_value(json_object_get(cur, "support_user_id")) <= 0 &&
				    json_integer_value(json_object_get(cur, "support_group_id")) <= 0);
	}
	json_decref(list);
	if (logins && fclose(logins) != 0 && rc == K_OK)
		rc = K_EIO;
	if (rc)
		return rc;
	/* D8: the Utrecht advisor is supported by a back-office colleague, the
	 * Zwolle advisor by a workflow group */
	struct kfail f = {0};
	if (unsupported[P_ADVISOR_U] && s->staff[P_BACKOFFICE_U] > 0) {
		json_t *in = json_pack("{s:I}", "handler_user_id", (json_int_t)s->staff[P_BACKOFFICE_U]);
		rc = failed(support_set(s->app, &s->sys, s->staff[P_ADVISOR_U], in, &f), &f, "support");
		json_decref(in);
	}
	if (rc == K_OK && unsupported[P_ADVISOR_Z]) {
		int64_t group = 0;
		json_t *groups = NULL;
		if ((rc = group_list(s->app, &s->sys, &groups)) == K_OK) {
			size_t i;
			json_t *g;
			json_array_foreach(json_object_get(groups, "items"), i, g)
				if (strcmp(json_string_value(json_object_get(g, "name")), DEMO_GROUP) == 0)
					group = json_integer_value(json_object_get(g, "id"));
			json_decref(groups);
		}
		if (rc == K_OK && group == 0)
			rc = failed(group_create(s->app, &s->sys, DEMO_GROUP, &group, &f), &f, "group");
		if (rc == K_OK) {
			json_t *in = json_pack("{s:I}", "handler_group_id", (json_int_t)group);
			rc = failed(support_set(s->app, &s->sys, s->staff[P_ADVISOR_Z], in, &f), &f, "support");
			json_decref(in);
		}
	}
	return rc;
}

/* --- dossiers -------------------------------------------------------------- */

struct who {
	const char *first, *infix, *last;
	char birth[11];
};

static void random_who(struct seed *s, bool male, const struct demo_surname *sn, int y0, int y1, struct who *w)
{
	w->first = male ? demo_male_names[below(s, (int)demo_n_male_names)]
			: demo_female_names[below(s, (int)demo_n_female_names)];
	w->infix = sn->infix;
	w->last = sn->name;
	random_date(s, y0, y1, w->birth);
}

static void random_email(struct seed *s, const struct who *w, char out[256])
{
	char first[48], last[64], infix_last[96];
	slug(w->first, first, sizeof first);
	slug(w->last, last, sizeof last);
	char both[96];
	snprintf(both, sizeof both, "%s %s", w->infix, w->last);
	slug(both, infix_last, sizeof infix_last);
	const char *dom = demo_mail_domains[below(s, (int)demo_n_mail_domains)];
	switch (below(s, 4)) {
	case 0:
		snprintf(out, 256, "%s.%s@%s", first, infix_last, dom);
		break;
	case 1:
		snprintf(out, 256, "%c%s%.2s@%s", first[0], infix_last, w->birth + 2, dom);
		break;
	case 2:
		snprintf(out, 256, "%s%s@%s", first, last, dom);
		break;
	default:
		snprintf(out, 256, "%s_%s%.2s@%s", first, last, w->birth + 2, dom);
		break;
	}
}

static const char *random_nationality(struct seed *s)
{
	static const char *const other[] = {"Belgische", "Duitse", "Poolse", "Turkse", "Marokkaanse", "Britse"};
	return chance(s, 90) ? "Nederlandse" : other[below(s, (int)N(other))];
}

/* A person of the dossier; contacts as asked. *id set. */
static int add_person(struct seed *s, int64_t dossier, const char *role, const struct who *w,
		      const struct address *home, bool contacts, bool bsn, int64_t *id)
{
	struct kfail f = {0};
	json_t *out = NULL;
	json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "role", role, "first_name", w->first, "infix", w->infix,
			      "last_name", w->last, "birth_date", w->birth, "nationality", random_nationality(s));
	if (contacts) {
		char email[256], mobile[20];
		random_email(s, w, email);
		random_mobile(s, mobile);
		add_item(p, "emails", json_pack("{s:s, s:s}", "type", "private", "address", email));
		add_item(p, "phones", json_pack("{s:s, s:s}", "type", "mobile", "number", mobile));
		if (home && chance(s, 20)) {
			char fixed[20];
			random_landline(s, home->place, fixed);
			add_item(p, "phones", json_pack("{s:s, s:s}", "type", "home", "number", fixed));
		}
	}
	if (home)
		add_item(p, "addresses", address_json("home", home));
	if (bsn) {
		char b[10];
		next_bsn(s, b);
		json_object_set_new(p, "bsn", json_string(b));
	}
	int rc = person_create(s->app, &s->sys, dossier, p, &out, &f);
	json_decref(p);
	if (rc == K_OK && id)
		*id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	return failed(rc, &f, "person");
}

/* a product; card is stolen */
static int add_product(struct seed *s, int64_t dossier, const char *type, const char *name, const char *status,
		       json_t *card, bool *active)
{
	struct kfail f = {0};
	json_t *out = NULL;
	json_t *in = json_pack("{s:s, s:s, s:s, s:b, s:o}", "type", type, "name", name, "status", status, "public",
			       strcmp(status, "open") != 0, "card", card);
	int rc = product_create(s->app, &s->sys, dossier, in, &out, &f);
	json_decref(in);
	json_decref(out);
	if (rc == K_OK && strcmp(status, "active") == 0)
		*active = true;
	return failed(rc, &f, type);
}

static const char *random_status(struct seed *s)
{
	int r = below(s, 10);
	return r < 5 ? "active" : r < 8 ? "in_progress" : "open";
}

static int add_service(struct seed *s, int64_t dossier, const char *kind, const char *description, int fee,
		       const char *status, bool *active)
{
	char start[11], amount[24];
	random_date(s, 2019, 2025, start);
	amount_str(fee, 0, amount);
	json_t *card = json_pack("{s:s, s:s, s:s, s:s}", "advice_kind", kind, "description", description, "start_date",
				 start, "fee", amount);
	return add_product(s, dossier, "service", kind, status, card, active);
}

static int add_non_life(struct seed *s, int64_t dossier, const char *cover, int premium_lo, int premium_hi,
			bool *active)
{
	char start[11], premium[24], policy[32];
	const char *insurer = demo_insurers[below(s, (int)demo_n_insurers)];
	random_date(s, 2010, 2025, start);
	amount_str(between(s, premium_lo, premium_hi), below(s, 100), premium);
	snprintf(policy, sizeof policy, "%c%c%08d", 'A' + below(s, 26), 'A' + below(s, 26), below(s, 100000000));
	json_t *card = json_pack("{s:s, s:s, s:s, s:s, s:s}", "insurer", insurer, "policy_number", policy, "cover", cover,
				 "premium", premium, "start_date", start);
	return add_product(s, dossier, "non_life_insurance", cover, "active", card, active);
}

static int add_savings(struct seed *s, int64_t dossier, const char *label, int lo, int hi, bool *active)
{
	const char *const *bank = demo_banks[below(s, (int)demo_n_banks)];
	char iban[24], balance[24], name[96];
	random_iban(s, bank[1], iban);
	amount_str(between(s, lo, hi), below(s, 100), balance);
	snprintf(name, sizeof name, "%s %s", label, bank[0]);
	json_t *card = json_pack("{s:s, s:s, s:s}", "bank", bank[0], "account", iban, "balance", balance);
	return add_product(s, dossier, "savings_banking", name, "active", card, active);
}

static int set_client(struct seed *s, int64_t dossier)
{
	struct kfail f = {0};
	json_t *out = NULL, *in = json_pack("{s:s}", "status", "client");
	int rc = dossier_update(s->app, &s->sys, dossier, in, &out, &f);
	json_decref(in);
	json_decref(out);
	return failed(rc, &f, "dossier status");
}

static int new_dossier(struct seed *s, const char *kind, int64_t advisor, const char *name, int64_t *id)
{
	struct kfail f = {0};
	json_t *out = NULL, *in = json_pack("{s:s, s:I}", "kind", kind, "advisor_id", (json_int_t)advisor);
	if (name)
		json_object_set_new(in, "name", json_string(name));
	int rc = dossier_create(s->app, &s->sys, in, &out, &f);
	json_decref(in);
	if (rc == K_OK)
		*id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	return failed(rc, &f, "dossier");
}

static int region_advisor(struct seed *s, int region, int i)
{
	(void)s;
	if (region == 2)
		region = i % 2;
	return region == 1 ? P_ADVISOR_Z : P_ADVISOR_U;
}

static int random_region(struct seed *s)
{
	int r = below(s, 100);
	return r < 45 ? 0 : r < 90 ? 1 : 2;
}

/* An organisation: an employer of an applicant, or the client of a
 * business dossier. */
static int add_org(struct seed *s, int64_t dossier, const char *role, const struct demo_place *pl, char name[128],
		   char domain[96])
{
	const struct demo_surname *sn = &demo_surnames[below(s, (int)demo_n_surnames)];
	/* clients take the trades in turn, so ten businesses are ten trades */
	size_t t = strcmp(role, "client") == 0 ? (size_t)s->trade_seq++ * 5 : (size_t)below(s, (int)demo_n_trades);
	const char *const *trade = demo_trades[t % demo_n_trades];
	char owner[64], kvk[12], phone[20], email[160], site[96];
	/* no first name before it, so the infix gets a capital: "Van der Meer" */
	snprintf(owner, sizeof owner, "%s%s%s", sn->infix, *sn->infix ? " " : "", sn->name);
	if (owner[0] >= 'a' && owner[0] <= 'z')
		owner[0] = (char)(owner[0] - 'a' + 'A');
	snprintf(name, 128, "%s%s%s", trade[0], owner, trade[1]);
	snprintf(site, sizeof site, "%s%s%s", trade[0], owner, strstr(trade[1], "B.V.") ? "" : trade[1]);
	char label[80];
	slug(site, label, sizeof label);
	snprintf(domain, 96, "%s.example", label);
	snprintf(kvk, sizeof kvk, "%08d", between(s, 10000000, 99999999));
	snprintf(email, sizeof email, "%s@%s", chance(s, 70) ? "info" : "administratie", domain);
	random_landline(s, pl, phone);
	struct address a;
	random_address(s, pl, &a);
	json_t *in = json_pack("{s:s, s:s, s:s}", "name", name, "role", role, "kvk", kvk);
	add_item(in, "emails", json_pack("{s:s, s:s}", "type", "general", "address", email));
	add_item(in, "phones", json_pack("{s:s, s:s}", "type", "general", "number", phone));
	add_item(in, "addresses", address_json("visiting", &a));
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = org_create(s->app, &s->sys, dossier, in, &out, &f);
	json_decref(in);
	json_decref(out);
	return failed(rc, &f, "organisation");
}

static int make_private(struct seed *s, int i)
{
	int region = random_region(s);
	const struct demo_place *pl = random_place(s, region);
	const struct demo_surname *sn1 = &demo_surnames[below(s, (int)demo_n_surnames)];
	bool male = chance(s, 50), two = chance(s, 55);
	struct who w1, w2;
	struct address home;
	char dname[150] = "";
	int64_t id = 0, pid = 0;
	random_who(s, male, sn1, 1952, 2000, &w1);
	random_address(s, pl, &home);
	if (two) {
		const struct demo_surname *sn2 = chance(s, 30) ? sn1 : &demo_surnames[below(s, (int)demo_n_surnames)];
		int y = (int)strtol(w1.birth, NULL, 10) + between(s, -6, 6);
		random_who(s, chance(s, 90) ? !male : male, sn2, y > 2001 ? 2001 : y, y > 2001 ? 2001 : y, &w2);
		/* the name the store gives a dossier with both applicants */
		char n1[72], n2[72];
		full_name(w1.first, w1.infix, w1.last, n1, sizeof n1);
		full_name(w2.first, w2.infix, w2.last, n2, sizeof n2);
		snprintf(dname, sizeof dname, "%s en %s", n1, n2);
	}
	int rc = new_dossier(s, "private", s->staff[region_advisor(s, region, i)], two ? dname : NULL, &id);
	if (rc == K_OK)
		rc = add_person(s, id, "applicant1", &w1, &home, true, chance(s, 35), &pid);
	if (rc == K_OK && two)
		rc = add_person(s, id, "applicant2", &w2, &home, true, chance(s, 35), NULL);
	if (rc == K_OK && chance(s, 20)) { /* a child at home */
		struct who kid;
		random_who(s, chance(s, 50), sn1, 2006, 2019, &kid);
		rc = add_person(s, id, "other", &kid, &home, false, false, NULL);
	}
	if (rc == K_OK && chance(s, 15)) { /* the employer, for the income check */
		char oname[128], dom[96];
		rc = add_org(s, id, "employer", random_place(s, region), oname, dom);
	}
	/* about one in five is still a prospect: advice under way, nothing
	 * arranged yet */
	bool prospect = chance(s, 20), active = false, mortgage = !prospect && chance(s, 75);
	char start[11], amount[24], rate[24], loan[24], years[8];
	int principal = between(s, 30, 130) * 5000;
	if (rc == K_OK && (prospect || chance(s, 92))) {
		static const char *const with[][2] = {
			{"Hypotheekadvies", "Advies en bemiddeling bij de aankoop van een woning"},
			{"Oversluiten hypotheek", "Advies over oversluiten na afloop van de rentevaste periode"},
			{"Verhogen hypotheek", "Advies over het verhogen van de hypotheek voor een verbouwing"},
		};
		static const char *const without[][2] = {
			{"Financiële planning", "Overzicht van inkomen, vermogen en doelen"},
			{"Pensioenadvies", "Advies over het pensioengat en aanvullend sparen"},
			{"Schadeverzekeringsadvies", "Doorlichting van de particuliere schadeverzekeringen"},
			{"Vermogensadvies", "Advies over sparen en beleggen voor de kinderen"},
		};
		bool home_loan = mortgage || (prospect && chance(s, 60));
		const char *const *k = home_loan ? with[below(s, (int)N(with))] : without[below(s, (int)N(without))];
		int fee = home_loan ? between(s, 15, 35) * 100 - 5 : between(s, 6, 15) * 100;
		const char *status = prospect ? (chance(s, 50) ? "open" : "in_progress") : random_status(s);
		rc = add_service(s, id, k[0], k[1], fee, status, &active);
	}
	if (prospect) /* nothing arranged yet */
		return rc;
	if (rc == K_OK && mortgage) {
		const char *lender = demo_lenders[below(s, (int)demo_n_lenders)];
		static const char *const periods[] = {"5", "10", "10", "15", "20", "20", "30"};
		char name[64];
		random_date(s, 2008, 2025, start);
		snprintf(amount, sizeof amount, "%d", principal);
		int year = (int)strtol(start, NULL, 10); /* rates of the time */
		amount_str(year < 2015 ? between(s, 3, 4) : year < 2022 ? between(s, 1, 2) : 3, below(s, 100), rate);
		snprintf(loan, sizeof loan, "%d", between(s, 10000000, 99999999));
		snprintf(years, sizeof years, "%s", periods[below(s, (int)N(periods))]);
		snprintf(name, sizeof name, "Hypotheek %s", lender);
		json_t *card = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "lender", lender, "loan_number", loan, "amount",
					 amount, "interest_rate", rate, "fixed_period_years", years, "start_date", start);
		rc = add_product(s, id, "mortgage", name, "active", card, &active);
		if (rc == K_OK && chance(s, 50)) {
			char end[11], insured[24], premium[24], policy[24];
			int y = (int)strtol(start, NULL, 10);
			date_str(y + (chance(s, 50) ? 20 : 30), 1 + (int)strtol(start + 5, NULL, 10) % 12, 1, end);
			snprintf(insured, sizeof insured, "%d", principal / 10000 * between(s, 5, 10) * 1000);
			amount_str(between(s, 9, 48), below(s, 100), premium);
			snprintf(policy, sizeof policy, "ORV%07d", below(s, 10000000));
			card = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "insurer",
					 demo_insurers[below(s, (int)demo_n_insurers)], "policy_number", policy,
					 "insured_amount", insured, "premium", premium, "start_date", start, "end_date", end);
			rc = add_product(s, id, "life_insurance", "Overlijdensrisicoverzekering", "active", card, &active);
		}
	}
	if (rc == K_OK && chance(s, 45)) {
		static const char *const covers[] = {"Woonhuis- en inboedelverzekering", "Aansprakelijkheid particulier",
						     "Autoverzekering allrisk", "Rechtsbijstandverzekering",
						     "Doorlopende reisverzekering"};
		rc = add_non_life(s, id, covers[below(s, (int)N(covers))], 6, 65, &active);
	}
	if (rc == K_OK && chance(s, 10)) {
		static const char *const lenders[] = {"Santander Consumer Finance", "Defam", "Freo", "Interbank"};
		char limit[24], monthly[24];
		int lim = between(s, 5, 25) * 1000;
		random_date(s, 2018, 2025, start);
		snprintf(limit, sizeof limit, "%d", lim);
		amount_str(lim / 50, below(s, 100), monthly);
		json_t *card = json_pack("{s:s, s:s, s:s, s:s}", "lender", lenders[below(s, (int)N(lenders))],
					 "credit_limit", limit, "monthly_payment", monthly, "start_date", start);
		rc = add_product(s, id, "consumer_credit", "Doorlopend krediet", "active", card, &active);
	}
	if (rc == K_OK && chance(s, 20))
		rc = add_savings(s, id, "Spaarrekening", 1500, 60000, &active);
	if (rc == K_OK && active)
		rc = set_client(s, id);
	return rc;
}

static int make_business(struct seed *s, int i)
{
	int region = random_region(s);
	const struct demo_place *pl = random_place(s, region);
	int64_t id = 0;
	char oname[128], domain[96];
	bool active = false;
	int rc = new_dossier(s, "business", s->staff[region_advisor(s, region, i)], NULL, &id);
	if (rc == K_OK)
		rc = add_org(s, id, "client", pl, oname, domain);
	if (rc == K_OK) { /* the owner or director, as contact person */
		struct who w;
		char email[160], mobile[20], first[48];
		const struct demo_surname *sn = &demo_surnames[below(s, (int)demo_n_surnames)];
		random_who(s, chance(s, 60), sn, 1958, 1992, &w);
		slug(w.first, first, sizeof first);
		snprintf(email, sizeof email, "%s@%s", first, domain);
		random_mobile(s, mobile);
		json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s}", "role", "other", "first_name", w.first, "infix",
				      w.infix, "last_name", w.last, "birth_date", w.birth);
		add_item(p, "emails", json_pack("{s:s, s:s}", "type", "work", "address", email));
		add_item(p, "phones", json_pack("{s:s, s:s}", "type", "mobile", "number", mobile));
		struct kfail f = {0};
		json_t *out = NULL;
		rc = failed(person_create(s->app, &s->sys, id, p, &out, &f), &f, "contact person");
		json_decref(p);
		json_decref(out);
	}
	if (rc == K_OK && chance(s, 90)) {
		static const char *const kinds[][2] = {
			{"Zakelijke verzekeringen", "Inventarisatie van de bedrijfsrisico's en verzekeringen"},
			{"Pensioenregeling personeel", "Advies over een collectieve pensioenregeling"},
			{"Bedrijfsfinanciering", "Advies over financiering van een bedrijfspand"},
		};
		const char *const *k = kinds[below(s, (int)N(kinds))];
		rc = add_service(s, id, k[0], k[1], between(s, 10, 40) * 100, random_status(s), &active);
	}
	if (rc == K_OK) {
		static const char *const covers[] = {"Bedrijfsaansprakelijkheidsverzekering",
						     "Bedrijfsgebouwen en inventaris", "Wagenparkverzekering",
						     "Arbeidsongeschiktheidsverzekering"};
		rc = add_non_life(s, id, covers[below(s, (int)N(covers))], 40, 480, &active);
	}
	if (rc == K_OK && chance(s, 50)) {
		char start[11], end[11], number[24];
		random_date(s, 2016, 2025, start);
		date_str((int)strtol(start, NULL, 10) + 5, 1, 1, end);
		snprintf(number, sizeof number, "CP-%06d", below(s, 1000000));
		json_t *card = json_pack("{s:s, s:s, s:s, s:s}", "counterparty",
					 demo_insurers[below(s, (int)demo_n_insurers)], "contract_number", number,
					 "start_date", start, "end_date", end);
		rc = add_product(s, id, "contract", "Collectief pensioencontract", "active", card, &active);
	}
	if (rc == K_OK && chance(s, 30))
		rc = add_savings(s, id, "Zakelijke spaarrekening", 5000, 250000, &active);
	if (rc == K_OK && active)
		rc = set_client(s, id);
	return rc;
}

/* --- seeding --------------------------------------------------------------- */

static int count_dossiers(struct seed *s, int64_t *n)
{
	json_t *out = NULL;
	int rc = dossier_search(s->app, &s->sys, "", 1, 1, &out);
	if (rc == K_OK)
		*n = json_integer_value(json_object_get(out, "total"));
	json_decref(out);
	return rc;
}

static size_t count_items(int rc, json_t *list)
{
	size_t n = rc == K_OK ? json_array_size(json_object_get(list, "items")) : 0;
	json_decref(list);
	return n;
}

/* The firm's general documents (R9, R10): short text PDFs under the seeded
 * categories, public, one with an end date. */
static int general_documents(struct seed *s)
{
	static const struct {
		const char *category, *title, *end;
		const char *text[4];
	} docs[] = {
		{"Dienstverlening", "Dienstverleningsdocument", NULL,
		 {"In dit document leest u welke diensten Demo Advies verleent, hoe wij worden betaald en wat u van ons "
		  "mag verwachten.",
		  "Wij adviseren over hypotheken, levensverzekeringen en schadeverzekeringen. Wij zijn niet gebonden aan "
		  "één aanbieder.",
		  "Voor een hypotheekadvies met bemiddeling rekenen wij een vast bedrag, dat wij vooraf met u afspreken.",
		  NULL}},
		{"Privacy", "Privacyverklaring", NULL,
		 {"Wij bewaren uw gegevens alleen zolang dat nodig is voor ons advies en de wettelijke termijnen.",
		  "Uw documenten staan versleuteld opgeslagen. Alleen uw adviseur en zijn collega's van het kantoor kunnen "
		  "ze inzien.",
		  NULL}},
		{"Voorwaarden", "Tarievenkaart 2026", "2026-12-31",
		 {"Deze tarieven gelden voor opdrachten die in 2026 worden gegeven.",
		  "Adviesgesprek: kosteloos. Hypotheekadvies en bemiddeling: volgens offerte.", NULL}},
	};
	json_t *cats = NULL;
	int rc = category_list(s->app, &s->sys, &cats);
	for (size_t i = 0; rc == K_OK && i < N(docs); i++) {
		int64_t cat = 0;
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(cats, "items"), k, c)
			if (strcmp(json_string_value(json_object_get(c, "name")), docs[i].category) == 0)
				cat = json_integer_value(json_object_get(c, "id"));
		if (!cat)
			continue; /* the admin renamed the seeded categories */
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/tmp/demo-general-%zu.pdf", s->app->cfg.data_dir, i);
		if ((rc = pdf_text_write(path, docs[i].title, docs[i].text)))
			break;
		struct upload_file f = {path, "document.pdf"};
		struct kfail kf = {0};
		json_t *in = json_pack("{s:s, s:I, s:b, s:s}", "description", docs[i].title, "category_id", (json_int_t)cat,
				       "public", 1, "end_date", docs[i].end ? docs[i].end : ""), *out = NULL;
		rc = general_add(s->app, &s->sys, in, &f, 1, &out, &kf);
		json_decref(in);
		json_decref(out);
		unlink(path);
		rc = failed(rc, &kf, "general document");
	}
	json_decref(cats);
	return rc;
}

int demo_seed(struct app *app, FILE *out)
{
	struct seed s;
	int64_t ndossiers = 0;
	bool seeded = false;
	memset(&s, 0, sizeof s);
	s.app = app;
	s.sys = actor_system();
	s.rng = DEMO_SEED;
	int rc = count_dossiers(&s, &ndossiers);
	if (rc == K_OK)
		rc = offices_ensure(&s);
	if (rc == K_OK)
		rc = staff_ensure(&s);
	if (rc == K_OK && ndossiers == 0) {
		/* the demo firm's own look in the vault (P13) */
		json_t *b = json_pack("{s:s, s:s, s:s, s:s}", "firm_name", "Demo Advies", "primary_color", "#1f4e8c",
				      "header_text", "Hypotheken en verzekeringen",
				      "welcome_text", "Welkom in uw kluis van Demo Advies. Hier deelt u veilig uw gegevens en "
						      "documenten met uw adviseur.");
		rc = branding_set(app, &s.sys, b, NULL);
		json_decref(b);
		for (int i = 0; i < DEMO_DOSSIERS && rc == K_OK; i++)
			rc = i % DEMO_BUSINESS_EVERY == DEMO_BUSINESS_EVERY - 1 ? make_business(&s, i) : make_private(&s, i);
		if (rc == K_OK)
			rc = general_documents(&s);
		seeded = true;
	}
	if (rc)
		return rc;

	struct demo_login logins[8];
	int n = demo_logins(app, logins, (int)N(logins));
	fprintf(out, "Kluis demo — logins (also shown on the login page in demo mode):\n");
	for (int i = 0; i < n; i++)
		fprintf(out, "  %-12s %-36s password: %s%s%s\n", logins[i].role, logins[i].email, logins[i].password,
			logins[i].totp_secret[0] ? "  totp_secret: " : "", logins[i].totp_secret);
	secure_wipe(logins, sizeof logins);

	json_t *list = NULL;
	rc = office_list(app, &s.sys, &list);
	size_t noffices = count_items(rc, list);
	list = NULL;
	rc = employee_list(app, &s.sys, &list);
	size_t nstaff = count_items(rc, list);
	if ((rc = count_dossiers(&s, &ndossiers)))
		return rc;
	fprintf(out, "demo: %zu offices, %zu staff, %lld dossiers%s\n", noffices, nstaff, (long long)ndossiers,
		seeded ? "" : " (dossiers already present, none added)");
	return K_OK;
}
