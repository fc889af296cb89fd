/* Product pages (D3): new product, product page with its card. */
#include <stdio.h>
#include <string.h>
#include "core/dossier.h"
#include "core/product.h"
#include "web/auth.h"
#include "web/staff/dossier_pages.h"
#include "web/staff/form.h"
#include "web/staff/documents_tab.h"

static const struct form_option type_opts[] = {
	{"service", "Dienst"},
	{"mortgage", "Hypotheek"},
	{"life_insurance", "Levensverzekering"},
	{"non_life_insurance", "Schadeverzekering"},
	{"contract", "Contract"},
	{"consumer_credit", "Consumptief krediet"},
	{"savings_banking", "Vermogen & bankieren"},
	{NULL, NULL},
};

static const struct form_option status_opts[] = {
	{"open", "Nieuw"}, {"in_progress", "In behandeling"}, {"active", "Lopend"},
	{"ended", "Beëindigd"}, {"cancelled", "Geannuleerd"}, {NULL, NULL}};

#define MAX_HOLDERS 20

/* holder checkboxes: value "p<id>" or "o<id>" */
static json_t *holder_choices(json_t *dossier, json_t *product, struct req *r)
{
	json_t *out = json_array();
	const char *sent[MAX_HOLDERS];
	int nsent = strcmp(r->method, "POST") == 0 ? req_param_all(r, "holder", sent, MAX_HOLDERS) : -1;
	static const char *kinds[2] = {"persons", "organisations"};
	for (int k = 0; k < 2; k++) {
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(dossier, kinds[k]), i, p) {
			json_int_t id = json_integer_value(json_object_get(p, "id"));
			char val[32];
			snprintf(val, sizeof val, "%c%lld", k ? 'o' : 'p', (long long)id);
			int checked = 0;
			if (nsent >= 0) {
				for (int j = 0; j < nsent; j++)
					checked |= strcmp(sent[j], val) == 0;
			} else if (product) {
				size_t h;
				json_t *hv;
				json_array_foreach(json_object_get(product, "holders"), h, hv)
					checked |= json_integer_value(json_object_get(hv, k ? "organisation_id" : "person_id")) == id;
			} else {
				const char *role = json_string_value(json_object_get(p, "role"));
				checked = k == 0 && role && strcmp(role, "other") != 0;
			}
			char label[300];
			if (k == 0)
				snprintf(label, sizeof label, "%s %s%s%s", json_string_value(json_object_get(p, "first_name")),
					 json_string_value(json_object_get(p, "infix")),
					 *json_string_value(json_object_get(p, "infix")) ? " " : "",
					 json_string_value(json_object_get(p, "last_name")));
			else
				snprintf(label, sizeof label, "%s", json_string_value(json_object_get(p, "name")));
			json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", val, "label", label, "checked",
							     checked));
		}
	}
	return out;
}

static int render_product(struct req *r, int status, json_t *dossier, json_t *product, const char *type,
			  const struct kfail *f)
{
	json_t *errors = form_errors(f);
	json_t *sections = json_array();
	json_t *fields = form_section(sections, "Product");
	int post = strcmp(r->method, "POST") == 0;
	if (!product)
		form_select(fields, "type", "Soort product", type_opts, type, json_string_value(json_object_get(errors, "type")));
	form_input(fields, "name", "Naam (bijv. soort advies of maatschappij)", "text",
		   post ? form_value(r, "name") : json_string_value(json_object_get(product, "name")),
		   json_string_value(json_object_get(errors, "name")), 0, "off");
	const char *st = post ? form_value(r, "status") : json_string_value(json_object_get(product, "status"));
	form_select(fields, "status", "Status", status_opts, st && *st ? st : "open",
		    json_string_value(json_object_get(errors, "status")));
	form_checkbox(fields, "public", "Zichtbaar in de kluis van de klant",
		      post ? *form_value(r, "public") != '\0' : json_is_true(json_object_get(product, "public")), NULL);
	json_t *cf = product_card_fields(type);
	if (json_array_size(cf)) {
		json_t *card_fields = form_section(sections, "Productkaart");
		size_t i;
		json_t *c;
		json_array_foreach(cf, i, c) {
			char name[64];
			const char *key = json_string_value(json_object_get(c, "key"));
			const char *kind = json_string_value(json_object_get(c, "kind"));
			snprintf(name, sizeof name, "card_%s", key);
			const char *v = post ? form_value(r, name)
					     : json_string_value(json_object_get(json_object_get(product, "card"), key));
			form_input(card_fields, name, json_string_value(json_object_get(c, "label")),
				   strcmp(kind, "date") == 0 ? "date" : "text", v,
				   json_string_value(json_object_get(errors, name)), 0, "off");
		}
	}
	json_decref(cf);
	json_t *ctx = json_pack("{s:s, s:s, s:o, s:O, s:o, s:b}", "nav", "dossiers", "title",
				product ? "Product" : "Nieuw product", "sections", sections, "dossier", dossier, "holders",
				holder_choices(dossier, product, r), "is_new", product == NULL);
	json_object_set_new(ctx, "has_holders", json_boolean(json_array_size(json_object_get(ctx, "holders")) > 0));
	json_object_set_new(ctx, "holder_error", json_string(json_string_value(json_object_get(errors, "holders"))
								     ? json_string_value(json_object_get(errors, "holders"))
								     : ""));
	if (product) {
		json_object_set(ctx, "product", product);
		documents_doctypes_fill(r, ctx);
	}
	json_t *links = json_array();
	for (int i = 0; type_opts[i].label; i++)
		json_array_append_new(links, json_pack("{s:s, s:s, s:b}", "value", type_opts[i].value, "label",
						       type_opts[i].label, "current", strcmp(type_opts[i].value, type) == 0));
	json_object_set_new(ctx, "type_links", links);
	if (f && f->code)
		json_object_set_new(ctx, "form_error",
				    json_string(f->field[0] ? "Controleer de gemarkeerde velden." : f->message));
	json_decref(errors);
	return resp_page(r, status, "product_form", ctx);
}

/* The product input from the form. */
static json_t *product_in(struct req *r, const char *type, int with_type)
{
	json_t *in = json_pack("{s:s, s:s, s:b}", "name", form_value(r, "name"), "status", form_value(r, "status"),
			       "public", *form_value(r, "public") != '\0');
	if (with_type)
		json_object_set_new(in, "type", json_string(type));
	json_t *card = json_object();
	json_t *cf = product_card_fields(type);
	size_t i;
	json_t *c;
	json_array_foreach(cf, i, c) {
		char name[64];
		const char *key = json_string_value(json_object_get(c, "key"));
		snprintf(name, sizeof name, "card_%s", key);
		if (*form_value(r, name))
			json_object_set_new(card, key, json_string(form_value(r, name)));
	}
	json_decref(cf);
	json_object_set_new(in, "card", card);
	const char *sent[MAX_HOLDERS];
	int n = req_param_all(r, "holder", sent, MAX_HOLDERS);
	json_t *holders = json_array();
	for (int k = 0; k < n; k++) {
		long long id = 0;
		if (sscanf(sent[k] + 1, "%lld", &id) == 1 && id > 0)
			json_array_append_new(holders, json_pack("{s:I}", sent[k][0] == 'o' ? "organisation_id" : "person_id",
							  (json_int_t)id));
	}
	json_object_set_new(in, "holders", holders);
	return in;
}

int page_product_new(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *d = NULL;
	int rc = dossier_get(r->app, &a, req_path_int(r, 0), &d);
	if (rc)
		return page_core_error(r, rc);
	const char *type = req_param(r, "type");
	if (!type || !product_type_label(type)[0])
		type = "service";
	rc = render_product(r, 200, d, NULL, type, NULL);
	json_decref(d);
	return rc;
}

int page_product_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *d = NULL, *out = NULL;
	int64_t dossier_id = req_path_int(r, 0);
	int rc = dossier_get(r->app, &a, dossier_id, &d);
	if (rc)
		return page_core_error(r, rc);
	const char *type = form_value(r, "type");
	json_t *in = product_in(r, type, 1);
	rc = product_create(r->app, &a, dossier_id, in, &out, &f);
	json_decref(in);
	if (rc == K_EINVAL) {
		rc = render_product(r, 422, d, NULL, product_type_label(type)[0] ? type : "service", &f);
		json_decref(d);
		return rc;
	}
	json_decref(d);
	if (rc)
		return page_core_error(r, rc);
	char loc[64];
	snprintf(loc, sizeof loc, "/app/producten/%lld", (long long)json_integer_value(json_object_get(out, "id")));
	json_decref(out);
	return resp_redirect(r, loc);
}

int page_product_view(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *p = NULL, *d = NULL;
	int rc = product_get(r->app, &a, req_path_int(r, 0), &p);
	if (rc == K_OK)
		rc = dossier_get(r->app, &a, json_integer_value(json_object_get(p, "dossier_id")), &d);
	if (rc) {
		json_decref(p);
		return page_core_error(r, rc);
	}
	/* the card as label/value pairs for reading */
	json_t *cf = product_card_fields(json_string_value(json_object_get(p, "type")));
	json_t *rows = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(cf, i, c) {
		const char *v = json_string_value(
			json_object_get(json_object_get(p, "card"), json_string_value(json_object_get(c, "key"))));
		if (v)
			json_array_append_new(rows, json_pack("{s:O, s:s}", "label", json_object_get(c, "label"), "value", v));
	}
	json_decref(cf);
	json_object_set_new(p, "card_rows", rows);
	json_object_set_new(p, "has_card_rows", json_boolean(json_array_size(rows) > 0));
	rc = render_product(r, 200, d, p, json_string_value(json_object_get(p, "type")), NULL);
	json_decref(p);
	json_decref(d);
	return rc;
}

int page_product_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *p = NULL, *d = NULL, *out = NULL;
	int rc = product_get(r->app, &a, req_path_int(r, 0), &p);
	if (rc == K_OK)
		rc = dossier_get(r->app, &a, json_integer_value(json_object_get(p, "dossier_id")), &d);
	if (rc) {
		json_decref(p);
		return page_core_error(r, rc);
	}
	const char *type = json_string_value(json_object_get(p, "type"));
	json_t *in = product_in(r, type, 0);
	rc = product_update(r->app, &a, req_path_int(r, 0), in, &out, &f);
	json_decref(in);
	json_decref(out);
	if (rc == K_EINVAL)
		rc = render_product(r, 422, d, p, type, &f);
	else if (rc == K_OK) {
		char loc[64];
		snprintf(loc, sizeof loc, "/app/producten/%lld", (long long)req_path_int(r, 0));
		rc = resp_redirect(r, loc);
	} else {
		rc = page_core_error(r, rc);
	}
	json_decref(p);
	json_decref(d);
	return rc;
}
