/* The "Kluis" tab of a dossier (P1–P7, P10, P12, staff side): status,
 * invitation, resend, revoke, extra users, view as client, unlink.
 *
 * Successful actions redirect back to the tab (post/redirect/get) and leave
 * a short-lived flash cookie naming what happened; refused actions answer
 * in place with the dossier page, the Kluis tab and the reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/vault.h"
#include "util/alloc.h"
#include "web/auth.h"
#include "web/portal/portal_pages.h"
#include "web/staff/admin_pages.h"
#include "web/staff/dossier_pages.h"
#include "web/staff/form.h"

#define FLASH_COOKIE "kluis_flash"
#define FLASH_PATH "/app/dossiers"

/* A refused action answered in place (set only while page_dossier_view
 * runs for it, on this thread). */
static _Thread_local struct {
	int active;
	const char *form; /* "invite", "user", "unlink", "general" */
	const struct kfail *f;
} in_place;

int vault_tab_posted(void)
{
	return in_place.active;
}

static int answer_in_place(struct req *r, int status, const char *form, const struct kfail *f)
{
	in_place.active = 1;
	in_place.form = form;
	in_place.f = f;
	int rc = page_dossier_view(r);
	in_place.active = 0;
	in_place.form = NULL;
	in_place.f = NULL;
	if (rc == 200) {
		r->status = status;
		rc = status;
	}
	return rc;
}

static const struct {
	const char *code, *text;
} flashes[] = {
	{"invited", "De uitnodiging is verstuurd."},
	{"resent", "Er is een nieuwe activatiemail verstuurd. De link in de vorige mail werkt niet meer."},
	{"revoked", "De uitnodiging is ingetrokken. De link in de mail werkt niet meer; u kunt een nieuwe uitnodiging sturen."},
	{"user_added", "De extra gebruiker krijgt een e-mail met een link om een eigen wachtwoord te kiezen."},
	{"unlinked", "De kluis is ontkoppeld. Alles in het dossier blijft bewaard; u kunt een nieuwe uitnodiging sturen."},
};

static int done(struct req *r, const char *code)
{
	char v[64], loc[96];
	long long id = (long long)req_path_int(r, 0);
	snprintf(v, sizeof v, "%lld.%s", id, code);
	resp_cookie(r, FLASH_COOKIE, v, FLASH_PATH, 60);
	snprintf(loc, sizeof loc, "/app/dossiers/%lld?tab=kluis", id);
	return resp_redirect(r, loc);
}

/* The flash message for this dossier, if one is waiting; clears it. */
static const char *take_flash(struct req *r, int64_t id)
{
	const char *c = req_cookie(r, FLASH_COOKIE);
	if (!c)
		return NULL;
	resp_cookie(r, FLASH_COOKIE, "", FLASH_PATH, 0);
	char *end = NULL;
	long long cid = strtoll(c, &end, 10);
	if (cid != id || !end || *end != '.')
		return NULL;
	for (size_t i = 0; i < sizeof flashes / sizeof flashes[0]; i++)
		if (strcmp(end + 1, flashes[i].code) == 0)
			return flashes[i].text;
	return NULL;
}

static const char *status_label(const char *s)
{
	if (strcmp(s, "invited") == 0)
		return "Uitgenodigd";
	if (strcmp(s, "active") == 0)
		return "Actief";
	if (strcmp(s, "revoked") == 0)
		return "Ingetrokken";
	return "Geen kluis";
}

static const char *str(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static const char *first_email(const json_t *p)
{
	return str(json_array_get(json_object_get(p, "emails"), 0), "address");
}

static const char *first_mobile(const json_t *p)
{
	size_t i;
	json_t *ph;
	json_array_foreach(json_object_get(p, "phones"), i, ph)
		if (strcmp(str(ph, "type"), "mobile") == 0)
			return str(ph, "number");
	return "";
}

/* Who the invitation would go to (the core decides; this is a preview):
 * the first applicant of a private dossier (never an "other party"), the
 * client organisation of a business dossier. */
static void add_recipient(json_t *vt, const json_t *d)
{
	size_t i;
	json_t *p, *who = NULL;
	int business = strcmp(str(d, "kind"), "business") == 0;
	json_array_foreach(json_object_get(d, business ? "organisations" : "persons"), i, p)
		if (strcmp(str(p, "role"), business ? "client" : "applicant1") == 0) {
			who = p;
			break;
		}
	if (!who) {
		json_object_set_new(vt, "no_recipient",
				    json_string(business ? "Dit zakelijke dossier heeft nog geen organisatie met de rol Klant."
							 : "Dit dossier heeft nog geen eerste aanvrager. Voeg die eerst toe bij Partijen."));
		return;
	}
	char name[300], mob[64];
	if (business)
		snprintf(name, sizeof name, "%s", str(who, "name"));
	else
		snprintf(name, sizeof name, "%s%s%s%s%s", str(who, "first_name"), *str(who, "first_name") ? " " : "",
			 str(who, "infix"), *str(who, "infix") ? " " : "", str(who, "last_name"));
	admin_phone_display(first_mobile(who), mob, sizeof mob);
	json_object_set_new(vt, "recipient", json_pack("{s:s, s:s, s:s}", "name", name, "email", first_email(who),
						       "mobile", mob));
}

static void set_time(json_t *vt, const char *key, const json_t *v)
{
	json_int_t t = json_integer_value(json_object_get(v, key));
	char buf[32] = "";
	if (t > 0)
		admin_fmt_time(t, buf, sizeof buf);
	json_object_set_new(vt, key, json_string(buf));
}

void vault_tab_fill(struct req *r, json_t *ctx, const json_t *d)
{
	struct actor a = auth_actor(r);
	int64_t id = json_integer_value(json_object_get(d, "id"));
	json_t *v = NULL, *vt = json_object();
	json_object_set_new(ctx, "vault", vt);
	const char *flash = take_flash(r, id);
	if (flash && !in_place.active)
		json_object_set_new(vt, "notice", json_string(flash));
	if (vault_status(r->app, &a, id, &v) != K_OK) {
		json_object_set_new(vt, "load_error", json_string("De gegevens van de kluis konden niet worden geladen."));
		return;
	}
	const char *st = str(v, "status");
	int none = strcmp(st, "none") == 0, invited = strcmp(st, "invited") == 0, active = strcmp(st, "active") == 0,
	    revoked = strcmp(st, "revoked") == 0;
	char mob[64];
	admin_phone_display(str(v, "mobile"), mob, sizeof mob);
	int sms = strcmp(str(v, "verification"), "sms") == 0;
	json_t *facts = json_pack("{s:s, s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:s, s:s, s:s, s:s, s:b, s:s}",
					 "status", st, "status_label", status_label(st), "is_none", none, "is_invited",
					 invited, "is_active", active, "is_revoked", revoked, "has_vault", !none,
					 "can_invite", none || revoked, "email", str(v, "email"), "mobile", mob,
					 "verification_label",
					 sms ? "Sms-code bij het activeren"
					     : "Code van de adviseur (buitenlands mobiel nummer: geen sms)",
					 "manual_code", str(v, "manual_code"), "two_factor",
					 json_is_true(json_object_get(v, "two_factor")), "twofa_label",
					 json_is_true(json_object_get(v, "two_factor")) ? "Aan" : "Uit");
	json_object_update(vt, facts);
	json_decref(facts);
	set_time(vt, "invited_at", v);
	set_time(vt, "activated_at", v);
	json_t *users = json_array();
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(v, "users"), i, u) {
		int primary = json_is_true(json_object_get(u, "primary"));
		json_array_append_new(users, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", str(u, "name"), "email",
						       str(u, "email"), "role_label",
						       primary ? "Hoofdgebruiker" : "Extra gebruiker", "status_label",
						       strcmp(str(u, "status"), "active") == 0 ? "Actief" : "Uitgenodigd",
						       "twofa_label",
						       json_is_true(json_object_get(u, "two_factor")) ? "aan" : "uit"));
	}
	json_object_set_new(vt, "has_users", json_boolean(json_array_size(users) > 0));
	json_object_set_new(vt, "users", users);
	if (none || revoked)
		add_recipient(vt, d);
	json_decref(v);

	/* a refused action: its message at its form, the typed input kept */
	if (in_place.active && in_place.f) {
		const struct kfail *f = in_place.f;
		/* a form that is not on the tab in this state: message on top */
		const char *form = in_place.form;
		if ((strcmp(form, "invite") == 0 && !(none || revoked)) || (strcmp(form, "user") == 0 && !active) ||
		    (strcmp(form, "unlink") == 0 && none))
			form = "general";
		char key[32];
		snprintf(key, sizeof key, "%s_error", form);
		json_object_set_new(vt, key, json_string(f->message[0] ? f->message : "Dat lukte niet."));
		if (strcmp(form, "invite") == 0) {
			json_object_set_new(vt, "invite_email", json_string(form_value(r, "email")));
			json_object_set_new(vt, "invite_mobile", json_string(form_value(r, "mobile")));
			json_object_set_new(vt, "invite_email_invalid", json_boolean(strcmp(f->field, "email") == 0));
			json_object_set_new(vt, "invite_mobile_invalid", json_boolean(strcmp(f->field, "mobile") == 0));
			json_object_set_new(vt, "invite_open", json_boolean(*form_value(r, "email") ||
									  *form_value(r, "mobile")));
		} else if (strcmp(form, "user") == 0) {
			json_object_set_new(vt, "user_email", json_string(form_value(r, "email")));
			json_object_set_new(vt, "user_name", json_string(form_value(r, "name")));
			json_object_set_new(vt, "user_email_invalid", json_boolean(strcmp(f->field, "email") == 0));
			json_object_set_new(vt, "user_name_invalid", json_boolean(strcmp(f->field, "name") == 0));
			json_object_set_new(vt, "user_open", json_true());
		} else if (strcmp(form, "unlink") == 0) {
			json_object_set_new(vt, "unlink_open", json_true());
		}
	}
}

/* --- actions ----------------------------------------------------------------- */

/* A core error that is not a refusal with a reason. */
static int other_error(struct req *r, int rc, const char *not_found_msg)
{
	if (rc == K_ENOTFOUND) {
		struct kfail f = {0};
		kfail_set(&f, K_EINVAL, "no_vault", NULL, not_found_msg);
		return answer_in_place(r, 409, "general", &f);
	}
	return page_core_error(r, rc);
}

int spage_vault_invite(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL, *in = json_object();
	const char *email = form_value(r, "email"), *mobile = form_value(r, "mobile");
	if (*email)
		json_object_set_new(in, "email", json_string(email));
	if (*mobile)
		json_object_set_new(in, "mobile", json_string(mobile));
	int rc = vault_invite(r->app, &a, req_path_int(r, 0), in, &out, &f);
	json_decref(in);
	json_decref(out);
	if (rc == K_EINVAL)
		return answer_in_place(r, 422, "invite", &f);
	if (rc)
		return page_core_error(r, rc);
	return done(r, "invited");
}

int spage_vault_resend(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int rc = vault_resend(r->app, &a, req_path_int(r, 0), &f);
	if (rc == K_EINVAL)
		return answer_in_place(r, 422, "general", &f);
	if (rc)
		return other_error(r, rc, "Dit dossier heeft geen openstaande uitnodiging.");
	return done(r, "resent");
}

int spage_vault_revoke(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int rc = vault_revoke(r->app, &a, req_path_int(r, 0), &f);
	if (rc == K_EINVAL)
		return answer_in_place(r, 422, "general", &f);
	if (rc)
		return other_error(r, rc, "Dit dossier heeft geen openstaande uitnodiging.");
	return done(r, "revoked");
}

int spage_vault_add_user(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = vault_add_user(r->app, &a, req_path_int(r, 0), form_value(r, "email"), form_value(r, "name"),
				&out, &f);
	json_decref(out);
	if (rc == K_EINVAL)
		return answer_in_place(r, 422, "user", &f);
	if (rc)
		return other_error(r, rc, "Een extra gebruiker kan pas als de kluis geactiveerd is.");
	return done(r, "user_added");
}

int spage_vault_view_as(struct req *r)
{
	struct actor a = auth_actor(r);
	char token[64];
	int rc = vault_view_as(r->app, &a, req_path_int(r, 0), token);
	if (rc)
		return other_error(r, rc, "Meekijken kan pas als de klant de kluis heeft geactiveerd.");
	/* the read-only client session goes straight into this browser's
	 * client cookie: the token never shows up in a URL */
	auth_set_client_cookie(r, token);
	secure_wipe(token, sizeof token);
	return resp_redirect(r, "/portaal/");
}

int spage_vault_unlink(struct req *r)
{
	struct actor a = auth_actor(r);
	const char *c = req_param(r, "confirm");
	if (!c || !(strcmp(c, "1") == 0 || strcmp(c, "true") == 0 || strcmp(c, "on") == 0)) {
		struct kfail f = {0};
		kfail_set(&f, K_EINVAL, "confirm_required", "confirm",
			  "Vink eerst aan dat u de kluis wilt ontkoppelen. Er is niets veranderd.");
		return answer_in_place(r, 422, "unlink", &f);
	}
	int rc = vault_unlink(r->app, &a, req_path_int(r, 0));
	if (rc)
		return other_error(r, rc, "Dit dossier heeft geen kluis om te ontkoppelen.");
	return done(r, "unlinked");
}
