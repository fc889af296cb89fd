/* Person and organisation forms of a dossier (D2), without JavaScript:
 * fixed slots for two e-mail addresses, two phone numbers and an address. */
#include <stdio.h>
#include <string.h>
#include "core/party.h"
#include "util/alloc.h"
#include "web/auth.h"
#include "web/staff/dossier_pages.h"
#include "web/staff/form.h"

#define SLOTS 2

static const struct form_option role_opts[] = {
	{"applicant1", "Eerste aanvrager"}, {"applicant2", "Tweede aanvrager"}, {"other", "Overige partij"}, {NULL, NULL}};
static const struct form_option org_role_opts[] = {
	{"client", "Klant"}, {"employer", "Werkgever"}, {"other", "Overig"}, {NULL, NULL}};
static const struct form_option email_opts[] = {
	{"private", "Privé"}, {"work", "Werk"}, {"general", "Algemeen"}, {NULL, NULL}};
static const struct form_option phone_opts[] = {
	{"mobile", "Mobiel"}, {"home", "Thuis"}, {"work", "Werk"}, {"general", "Algemeen"}, {NULL, NULL}};
static const struct form_option addr_opts[] = {
	{"home", "Woonadres"}, {"postal", "Postadres"}, {"visiting", "Bezoekadres"}, {NULL, NULL}};

static const char *err_of(json_t *errors, const char *name)
{
	return json_string_value(json_object_get(errors, name));
}

/* The user's values: from the request on a failed post, else from the
 * stored party (cur may be NULL). */
static const char *val(struct req *r, json_t *cur, const char *name, const char *stored)
{
	if (strcmp(r->method, "POST") == 0)
		return form_value(r, name);
	(void)cur;
	return stored ? stored : "";
}

static const char *sub(json_t *cur, const char *arr, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(cur, arr), i), key));
}

static void contact_sections(struct req *r, json_t *sections, json_t *cur, json_t *errors)
{
	char n1[32], n2[32];
	json_t *fields = form_section(sections, "E-mail");
	for (size_t i = 0; i < SLOTS; i++) {
		snprintf(n1, sizeof n1, "email_type_%zu", i);
		snprintf(n2, sizeof n2, "email_%zu", i);
		const char *t = val(r, cur, n1, sub(cur, "emails", i, "type"));
		form_select(fields, n1, i ? "Soort (2)" : "Soort", email_opts, *t ? t : (i ? "work" : "private"),
			    err_of(errors, n1));
		form_input(fields, n2, i ? "E-mailadres (2)" : "E-mailadres", "email",
			   val(r, cur, n2, sub(cur, "emails", i, "address")), err_of(errors, n2), 0, "off");
	}
	fields = form_section(sections, "Telefoon");
	for (size_t i = 0; i < SLOTS; i++) {
		snprintf(n1, sizeof n1, "phone_type_%zu", i);
		snprintf(n2, sizeof n2, "phone_%zu", i);
		const char *t = val(r, cur, n1, sub(cur, "phones", i, "type"));
		form_select(fields, n1, i ? "Soort (2)" : "Soort", phone_opts, *t ? t : (i ? "home" : "mobile"),
			    err_of(errors, n1));
		form_input(fields, n2, i ? "Telefoonnummer (2)" : "Telefoonnummer", "tel",
			   val(r, cur, n2, sub(cur, "phones", i, "number")), err_of(errors, n2), 0, "off");
	}
	fields = form_section(sections, "Adres");
	const char *t = val(r, cur, "addr_type_0", sub(cur, "addresses", 0, "type"));
	form_select(fields, "addr_type_0", "Soort adres", addr_opts, *t ? t : "home", err_of(errors, "addr_type_0"));
	static const struct {
		const char *name, *key, *label;
	} parts[] = {{"street_0", "street", "Straat"},
		     {"house_number_0", "house_number", "Huisnummer"},
		     {"postcode_0", "postcode", "Postcode"},
		     {"city_0", "city", "Plaats"},
		     {"country_0", "country", "Land (code, bijv. NL)"}};
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
		form_input(fields, parts[k].name, parts[k].label, "text",
			   val(r, cur, parts[k].name, sub(cur, "addresses", 0, parts[k].key)), err_of(errors, parts[k].name),
			   0, "off");
}

static const char *or_default(const char *v, const char *def)
{
	return *v ? v : def;
}

/* Which form slot each array element came from (empty slots are left
 * out, so core's "phones[0]" may be the form's phone_1). */
struct slotmap {
	int email[SLOTS], phone[SLOTS];
};

/* Contact arrays from the form's slots: empty slots are left out. */
static void contacts_to_json(struct req *r, json_t *in, struct slotmap *m)
{
	char n1[32], n2[32];
	json_t *emails = json_array(), *phones = json_array(), *addrs = json_array();
	for (size_t i = 0; i < SLOTS; i++) {
		snprintf(n1, sizeof n1, "email_type_%zu", i);
		snprintf(n2, sizeof n2, "email_%zu", i);
		if (*form_value(r, n2)) {
			m->email[json_array_size(emails)] = (int)i;
			json_array_append_new(emails, json_pack("{s:s, s:s}", "type", or_default(form_value(r, n1), "private"), "address",
								form_value(r, n2)));
		}
		snprintf(n1, sizeof n1, "phone_type_%zu", i);
		snprintf(n2, sizeof n2, "phone_%zu", i);
		if (*form_value(r, n2)) {
			m->phone[json_array_size(phones)] = (int)i;
			json_array_append_new(phones, json_pack("{s:s, s:s}", "type", or_default(form_value(r, n1), "mobile"), "number",
								form_value(r, n2)));
		}
	}
	if (*form_value(r, "street_0") || *form_value(r, "postcode_0") || *form_value(r, "city_0"))
		json_array_append_new(addrs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type",
						       or_default(form_value(r, "addr_type_0"), "home"), "street", form_value(r, "street_0"),
						       "house_number", form_value(r, "house_number_0"), "postcode",
						       form_value(r, "postcode_0"), "city", form_value(r, "city_0"),
						       "country", *form_value(r, "country_0") ? form_value(r, "country_0")
											      : "NL"));
	json_object_set_new(in, "emails", emails);
	json_object_set_new(in, "phones", phones);
	json_object_set_new(in, "addresses", addrs);
}

/* point a core error path back at the form slot it came from */
static void remap(struct kfail *f, const struct slotmap *m)
{
	unsigned idx = 0;
	char rest[48];
	if (sscanf(f->field, "emails[%u]%47s", &idx, rest) == 2 && idx < SLOTS)
		snprintf(f->field, sizeof f->field, "emails[%d]%s", m->email[idx], rest);
	else if (sscanf(f->field, "phones[%u]%47s", &idx, rest) == 2 && idx < SLOTS)
		snprintf(f->field, sizeof f->field, "phones[%d]%s", m->phone[idx], rest);
}

static int render_person(struct req *r, int status, int64_t dossier_id, json_t *cur, const struct kfail *f,
			 const char *bsn_shown)
{
	json_t *errors = form_errors(f);
	json_t *sections = json_array();
	json_t *fields = form_section(sections, "Persoon");
	const char *role = val(r, cur, "role", json_string_value(json_object_get(cur, "role")));
	form_select(fields, "role", "Rol", role_opts, *role ? role : "applicant1", err_of(errors, "role"));
	form_input(fields, "first_name", "Voornaam", "text",
		   val(r, cur, "first_name", json_string_value(json_object_get(cur, "first_name"))),
		   err_of(errors, "first_name"), 0, "off");
	form_input(fields, "infix", "Tussenvoegsel", "text",
		   val(r, cur, "infix", json_string_value(json_object_get(cur, "infix"))), err_of(errors, "infix"), 0,
		   "off");
	form_input(fields, "last_name", "Achternaam", "text",
		   val(r, cur, "last_name", json_string_value(json_object_get(cur, "last_name"))),
		   err_of(errors, "last_name"), 1, "off");
	form_input(fields, "birth_date", "Geboortedatum", "date",
		   val(r, cur, "birth_date", json_string_value(json_object_get(cur, "birth_date"))),
		   err_of(errors, "birth_date"), 0, "off");
	form_input(fields, "nationality", "Nationaliteit", "text",
		   val(r, cur, "nationality", json_string_value(json_object_get(cur, "nationality"))),
		   err_of(errors, "nationality"), 0, "off");
	/* the BSN field is never pre-filled: it is write-only in forms */
	form_input(fields, "bsn", cur && json_is_string(json_object_get(cur, "bsn")) ? "Nieuw BSN (leeg = ongewijzigd)"
										      : "BSN",
		   "text", "", err_of(errors, "bsn"), 0, "off");
	contact_sections(r, sections, cur, errors);
	json_t *ctx = json_pack("{s:s, s:s, s:o, s:I, s:b}", "nav", "dossiers", "title",
				cur ? "Persoon wijzigen" : "Persoon toevoegen", "sections", sections, "dossier_id",
				(json_int_t)dossier_id, "is_new", cur == NULL);
	if (cur)
		json_object_set(ctx, "person", cur);
	if (bsn_shown)
		json_object_set_new(ctx, "bsn_shown", json_string(bsn_shown));
	if (f && f->code && !f->field[0])
		json_object_set_new(ctx, "form_error", json_string(f->message));
	else if (f && f->code)
		json_object_set_new(ctx, "form_error", json_string("Controleer de gemarkeerde velden."));
	json_decref(errors);
	return resp_page(r, status, "person_form", ctx);
}

int page_person_new(struct req *r)
{
	return render_person(r, 200, req_path_int(r, 0), NULL, NULL, NULL);
}

static json_t *person_in(struct req *r, int for_update, struct slotmap *m)
{
	json_t *in = json_object();
	static const char *keys[] = {"role", "first_name", "infix", "last_name", "birth_date", "nationality"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		json_object_set_new(in, keys[i], json_string(form_value(r, keys[i])));
	if (*form_value(r, "bsn"))
		json_object_set_new(in, "bsn", json_string(form_value(r, "bsn")));
	else if (!for_update)
		json_object_set_new(in, "bsn", json_null());
	contacts_to_json(r, in, m);
	return in;
}

int page_person_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	struct slotmap m = {{0}, {0}};
	json_t *out = NULL, *in = person_in(r, 0, &m);
	int64_t dossier_id = req_path_int(r, 0);
	int rc = person_create(r->app, &a, dossier_id, in, &out, &f);
	json_decref(in);
	remap(&f, &m);
	if (rc == K_EINVAL || rc == K_ECONFLICT)
		return render_person(r, rc == K_ECONFLICT ? 409 : 422, dossier_id, NULL, &f, NULL);
	if (rc)
		return page_core_error(r, rc);
	json_decref(out);
	char loc[64];
	snprintf(loc, sizeof loc, "/app/dossiers/%lld", (long long)dossier_id);
	return resp_redirect(r, loc);
}

int page_person_edit(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *cur = NULL;
	int rc = person_get(r->app, &a, req_path_int(r, 0), &cur);
	if (rc)
		return page_core_error(r, rc);
	rc = render_person(r, 200, json_integer_value(json_object_get(cur, "dossier_id")), cur, NULL, NULL);
	json_decref(cur);
	return rc;
}

int page_person_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *cur = NULL, *out = NULL;
	int rc = person_get(r->app, &a, req_path_int(r, 0), &cur);
	if (rc)
		return page_core_error(r, rc);
	int64_t dossier_id = json_integer_value(json_object_get(cur, "dossier_id"));
	struct slotmap m = {{0}, {0}};
	json_t *in = person_in(r, 1, &m);
	rc = person_update(r->app, &a, req_path_int(r, 0), in, &out, &f);
	json_decref(in);
	remap(&f, &m);
	if (rc == K_EINVAL || rc == K_ECONFLICT) {
		rc = render_person(r, rc == K_ECONFLICT ? 409 : 422, dossier_id, cur, &f, NULL);
		json_decref(cur);
		return rc;
	}
	json_decref(cur);
	json_decref(out);
	if (rc)
		return page_core_error(r, rc);
	char loc[64];
	snprintf(loc, sizeof loc, "/app/dossiers/%lld", (long long)dossier_id);
	return resp_redirect(r, loc);
}

int page_person_delete(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *cur = NULL;
	int rc = person_get(r->app, &a, req_path_int(r, 0), &cur);
	if (rc)
		return page_core_error(r, rc);
	int64_t dossier_id = json_integer_value(json_object_get(cur, "dossier_id"));
	json_decref(cur);
	if ((rc = person_delete(r->app, &a, req_path_int(r, 0))))
		return page_core_error(r, rc);
	char loc[64];
	snprintf(loc, sizeof loc, "/app/dossiers/%lld", (long long)dossier_id);
	return resp_redirect(r, loc);
}

/* POST /app/personen/{id}/bsn: show the BSN once (audited, needs the right) */
int page_person_bsn(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *cur = NULL;
	char bsn[10];
	int rc = person_get(r->app, &a, req_path_int(r, 0), &cur);
	if (rc)
		return page_core_error(r, rc);
	rc = person_reveal_bsn(r->app, &a, req_path_int(r, 0), bsn);
	if (rc == K_ENOTFOUND)
		snprintf(bsn, sizeof bsn, "%s", "");
	else if (rc) {
		json_decref(cur);
		return page_core_error(r, rc);
	}
	r->no_store = true;
	rc = render_person(r, 200, json_integer_value(json_object_get(cur, "dossier_id")), cur, NULL,
			   bsn[0] ? bsn : "geen BSN vastgelegd");
	secure_wipe(bsn, sizeof bsn);
	json_decref(cur);
	return rc;
}

/* --- organisations ------------------------------------------------------- */

static int render_org(struct req *r, int status, int64_t dossier_id, json_t *cur, const struct kfail *f)
{
	json_t *errors = form_errors(f);
	json_t *sections = json_array();
	json_t *fields = form_section(sections, "Organisatie");
	form_input(fields, "name", "Naam", "text", val(r, cur, "name", json_string_value(json_object_get(cur, "name"))),
		   err_of(errors, "name"), 1, "organization");
	const char *role = val(r, cur, "role", json_string_value(json_object_get(cur, "role")));
	form_select(fields, "role", "Rol", org_role_opts, *role ? role : "client", err_of(errors, "role"));
	form_input(fields, "kvk", "KvK-nummer", "text", val(r, cur, "kvk", json_string_value(json_object_get(cur, "kvk"))),
		   err_of(errors, "kvk"), 0, "off");
	contact_sections(r, sections, cur, errors);
	json_t *ctx = json_pack("{s:s, s:s, s:o, s:I, s:b}", "nav", "dossiers", "title",
				cur ? "Organisatie wijzigen" : "Organisatie toevoegen", "sections", sections, "dossier_id",
				(json_int_t)dossier_id, "is_new", cur == NULL);
	if (cur)
		json_object_set(ctx, "org", cur);
	if (f && f->code)
		json_object_set_new(ctx, "form_error",
				    json_string(f->field[0] ? "Controleer de gemarkeerde velden." : f->message));
	json_decref(errors);
	return resp_page(r, status, "org_form", ctx);
}

static json_t *org_in(struct req *r, struct slotmap *m)
{
	json_t *in = json_pack("{s:s, s:s, s:s}", "name", form_value(r, "name"), "role", form_value(r, "role"), "kvk",
			       form_value(r, "kvk"));
	contacts_to_json(r, in, m);
	return in;
}

int page_org_new(struct req *r)
{
	return render_org(r, 200, req_path_int(r, 0), NULL, NULL);
}

int page_org_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	struct slotmap m = {{0}, {0}};
	json_t *out = NULL, *in = org_in(r, &m);
	int64_t dossier_id = req_path_int(r, 0);
	int rc = org_create(r->app, &a, dossier_id, in, &out, &f);
	json_decref(in);
	remap(&f, &m);
	if (rc == K_EINVAL)
		return render_org(r, 422, dossier_id, NULL, &f);
	if (rc)
		return page_core_error(r, rc);
	json_decref(out);
	char loc[64];
	snprintf(loc, sizeof loc, "/app/dossiers/%lld", (long long)dossier_id);
	return resp_redirect(r, loc);
}

static int org_load(struct req *r, json_t **cur)
{
	struct actor a = auth_actor(r);
	return org_get(r->app, &a, req_path_int(r, 0), cur);
}

int page_org_edit(struct req *r)
{
	json_t *cur = NULL;
	int rc = org_load(r, &cur);
	if (rc)
		return page_core_error(r, rc);
	rc = render_org(r, 200, json_integer_value(json_object_get(cur, "dossier_id")), cur, NULL);
	json_decref(cur);
	return rc;
}

int page_org_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *cur = NULL, *out = NULL;
	int rc = org_load(r, &cur);
	if (rc)
		return page_core_error(r, rc);
	int64_t dossier_id = json_integer_value(json_object_get(cur, "dossier_id"));
	struct slotmap m = {{0}, {0}};
	json_t *in = org_in(r, &m);
	rc = org_update(r->app, &a, req_path_int(r, 0), in, &out, &f);
	json_decref(in);
	remap(&f, &m);
	json_decref(out);
	if (rc == K_EINVAL) {
		rc = render_org(r, 422, dossier_id, cur, &f);
		json_decref(cur);
		return rc;
	}
	json_decref(cur);
	if (rc)
		return page_core_error(r, rc);
	char loc[64];
	snprintf(loc, sizeof loc, "/app/dossiers/%lld", (long long)dossier_id);
	return resp_redirect(r, loc);
}

int page_org_delete(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *cur = NULL;
	int rc = org_load(r, &cur);
	if (rc)
		return page_core_error(r, rc);
	int64_t dossier_id = json_integer_value(json_object_get(cur, "dossier_id"));
	json_decref(cur);
	if ((rc = org_delete(r->app, &a, req_path_int(r, 0))))
		return page_core_error(r, rc);
	char loc[64];
	snprintf(loc, sizeof loc, "/app/dossiers/%lld", (long long)dossier_id);
	return resp_redirect(r, loc);
}
