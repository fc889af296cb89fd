/* Dossier search, new dossier and the dossier page with its tabs. */
#include <stdio.h>
#include <string.h>
#include "core/dossier.h"
#include "core/office.h"
#include "web/auth.h"
#include "web/portal/portal_pages.h"
#include "web/staff/dossier_pages.h"
#include "web/staff/form.h"
#include "web/staff/documents_tab.h"

int page_core_error(struct req *r, int rc)
{
	switch (rc) {
	case K_ENOTFOUND: return resp_error(r, 404, "not_found", "Dit dossier of onderdeel bestaat niet.", NULL);
	case K_EDENIED: return resp_error(r, 403, "forbidden", "Hiervoor heeft u geen rechten.", NULL);
	case K_ECONFLICT:
		return resp_error(r, 409, "conflict",
				  "Dit kan niet: het is de enige rechthebbende van een dienst. Voeg eerst een andere toe.", NULL);
	case K_EBUSY: return resp_error(r, 503, "busy", "Het is even te druk; probeer het zo opnieuw.", NULL);
	default: return rc < 0 ? rc : -1;
	}
}

static json_t *search_ctx(struct req *r, int *rc)
{
	struct actor a = auth_actor(r);
	json_t *res = NULL;
	const char *q = req_param(r, "q");
	int page = (int)req_param_int(r, "page", 1);
	*rc = dossier_search(r->app, &a, q ? q : "", page, 20, &res);
	if (*rc)
		return NULL;
	json_int_t total = json_integer_value(json_object_get(res, "total"));
	json_object_set_new(res, "has_items", json_boolean(json_array_size(json_object_get(res, "items")) > 0));
	json_object_set_new(res, "has_query", json_boolean(q && *q));
	if (page > 1)
		json_object_set_new(res, "prev_page", json_integer(page - 1));
	if ((json_int_t)page * 20 < total)
		json_object_set_new(res, "next_page", json_integer(page + 1));
	return res;
}

int page_dossier_search(struct req *r)
{
	int rc;
	json_t *ctx = search_ctx(r, &rc);
	if (!ctx)
		return page_core_error(r, rc);
	json_object_set_new(ctx, "nav", json_string("dossiers"));
	json_object_set_new(ctx, "title", json_string("Dossiers"));
	return resp_page(r, 200, "dossiers", ctx);
}

/* htmx: just the result list */
int page_dossier_results(struct req *r)
{
	int rc;
	json_t *ctx = search_ctx(r, &rc);
	if (!ctx)
		return page_core_error(r, rc);
	return resp_partial(r, 200, "partials/dossier_results", ctx);
}

static const struct form_option kind_opts[] = {
	{"private", "Particulier"}, {"business", "Zakelijk"}, {NULL, NULL}};

static int render_new(struct req *r, int status, const struct kfail *f)
{
	json_t *sections = json_array();
	json_t *errors = form_errors(f);
	json_t *fields = form_section(sections, "Nieuw dossier");
	form_select(fields, "kind", "Soort dossier", kind_opts, req_param(r, "kind") ? req_param(r, "kind") : "private",
		    json_string_value(json_object_get(errors, "kind")));
	form_input(fields, "name", "Naam van het dossier", "text", form_value(r, "name"),
		   json_string_value(json_object_get(errors, "name")), 0, "off");
	json_t *ctx = json_pack("{s:s, s:s, s:o}", "nav", "dossiers", "title", "Nieuw dossier", "sections", sections);
	if (f && f->code && !f->field[0])
		json_object_set_new(ctx, "form_error", json_string(f->message));
	json_decref(errors);
	return resp_page(r, status, "dossier_new", ctx);
}

int page_dossier_new(struct req *r)
{
	return render_new(r, 200, NULL);
}

int page_dossier_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	json_t *in = json_pack("{s:s}", "kind", form_value(r, "kind"));
	if (*form_value(r, "name"))
		json_object_set_new(in, "name", json_string(form_value(r, "name")));
	int rc = dossier_create(r->app, &a, in, &out, &f);
	json_decref(in);
	if (rc == K_EINVAL)
		return render_new(r, 422, &f);
	if (rc)
		return page_core_error(r, rc);
	char loc[64];
	snprintf(loc, sizeof loc, "/app/dossiers/%lld", (long long)json_integer_value(json_object_get(out, "id")));
	json_decref(out);
	return resp_redirect(r, loc);
}

static const struct {
	const char *key, *label;
} tabs[] = {
	{"partijen", "Partijen & Objecten"},
	{"producten", "Producten"},
	{"documenten", "Documenten"},
	{"kluis", "Kluis"},
	{"brondata", "Brondata"},
};

static const char *person_role_label(const char *role)
{
	if (!role)
		return "";
	if (strcmp(role, "applicant1") == 0)
		return "Eerste aanvrager";
	if (strcmp(role, "applicant2") == 0)
		return "Tweede aanvrager";
	return "Overige partij";
}

static const char *org_role_label(const char *role)
{
	if (role && strcmp(role, "client") == 0)
		return "Klant";
	if (role && strcmp(role, "employer") == 0)
		return "Werkgever";
	return "Overig";
}

/* labels the templates cannot compute */
static void decorate_parties(json_t *d)
{
	size_t i, k;
	json_t *p, *ph;
	json_array_foreach(json_object_get(d, "persons"), i, p) {
		json_object_set_new(p, "role_label",
				    json_string(person_role_label(json_string_value(json_object_get(p, "role")))));
		json_array_foreach(json_object_get(p, "phones"), k, ph) {
			const char *t = json_string_value(json_object_get(ph, "type"));
			json_object_set_new(ph, "is_mobile", json_boolean(t && strcmp(t, "mobile") == 0));
		}
	}
	json_array_foreach(json_object_get(d, "organisations"), i, p)
		json_object_set_new(p, "role_label",
				    json_string(org_role_label(json_string_value(json_object_get(p, "role")))));
}

/* staff in service as choices for advisor and handler */
static void add_staff_choices(struct req *r, json_t *ctx, json_t *d)
{
	struct actor a = auth_actor(r);
	json_t *emps = NULL;
	json_t *adv = json_array(), *han = json_array();
	json_int_t cur_adv = json_integer_value(json_object_get(d, "advisor_id"));
	json_int_t cur_han = json_integer_value(json_object_get(d, "handler_id"));
	if (employee_list(r->app, &a, &emps) == K_OK) {
		size_t i;
		json_t *e;
		json_array_foreach(json_object_get(emps, "items"), i, e) {
			if (!json_is_true(json_object_get(e, "in_service")))
				continue;
			json_int_t id = json_integer_value(json_object_get(e, "id"));
			json_array_append_new(adv, json_pack("{s:I, s:O, s:b}", "value", id, "label",
							     json_object_get(e, "name"), "selected", id == cur_adv));
			json_array_append_new(han, json_pack("{s:I, s:O, s:b}", "value", id, "label",
							     json_object_get(e, "name"), "selected", id == cur_han));
		}
	}
	json_decref(emps);
	json_object_set_new(ctx, "advisor_choices", adv);
	json_object_set_new(ctx, "handler_choices", han);
}

int page_dossier_view(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *d = NULL;
	int rc = dossier_get(r->app, &a, req_path_int(r, 0), &d);
	if (rc)
		return page_core_error(r, rc);
	decorate_parties(d);
	const char *tab = vault_tab_posted() ? "kluis" : req_param(r, "tab");
	int found = 0;
	json_t *tl = json_array();
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
		int cur = tab ? strcmp(tab, tabs[i].key) == 0 : i == 0;
		found |= cur;
		json_array_append_new(tl, json_pack("{s:s, s:s, s:b}", "key", tabs[i].key, "label", tabs[i].label,
						    "current", cur));
	}
	if (!found) {
		tab = "partijen";
		json_object_set_new(json_array_get(tl, 0), "current", json_true());
	}
	if (!tab)
		tab = "partijen";
	char key[32];
	snprintf(key, sizeof key, "tab_%s", tab);
	json_t *ctx = json_pack("{s:s, s:O, s:o, s:b, s:b, s:b, s:b}", "nav", "dossiers", "title",
				json_object_get(d, "name"), "tabs", tl, "has_persons",
				json_array_size(json_object_get(d, "persons")) > 0, "has_orgs",
				json_array_size(json_object_get(d, "organisations")) > 0, "has_products",
				json_array_size(json_object_get(d, "products")) > 0, "can_audit",
				strcmp(r->staff.role, "admin") == 0);
	json_object_set_new(ctx, key, json_true());
	if (strcmp(tab, "kluis") == 0)
		vault_tab_fill(r, ctx, d);
	if (strcmp(tab, "documenten") == 0)
		documents_tab_fill(r, ctx, d);
	add_staff_choices(r, ctx, d);
	json_object_set_new(ctx, "dossier", d);
	return resp_page(r, 200, "dossier", ctx);
}

/* POST /app/dossiers/{id}: name, advisor, handler */
int page_dossier_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	json_t *in = json_pack("{s:s}", "name", form_value(r, "name"));
	int64_t adv = req_param_int(r, "advisor_id", 0), han = req_param_int(r, "handler_id", 0);
	if (adv > 0)
		json_object_set_new(in, "advisor_id", json_integer(adv));
	if (han > 0)
		json_object_set_new(in, "handler_id", json_integer(han));
	int rc = dossier_update(r->app, &a, req_path_int(r, 0), in, &out, &f);
	json_decref(in);
	json_decref(out);
	if (rc == K_EINVAL)
		return resp_error(r, 422, f.code, f.message, NULL);
	if (rc)
		return page_core_error(r, rc);
	char loc[64];
	snprintf(loc, sizeof loc, "/app/dossiers/%lld", (long long)req_path_int(r, 0));
	return resp_redirect(r, loc);
}
