/* /app/beheer/kantoren: offices, their contact details and employees (D8). */
#include <stdio.h>
#include <string.h>
#include "core/office.h"
#include "web/auth.h"
#include "web/staff/admin_pages.h"

/* --- list + new office ----------------------------------------------------- */

static int render_offices(struct req *r, int status, const char *new_name, const struct kfail *f)
{
	struct actor a = auth_actor(r);
	json_t *list = NULL;
	int rc = office_list(r->app, &a, &list);
	if (rc)
		return admin_fail(r, rc, NULL);
	json_t *ctx = admin_ctx("Kantoren");
	json_t *items = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(list, "items"), i, o)
		json_array_append_new(items, json_pack("{s:O, s:s, s:I}", "id", json_object_get(o, "id"), "name",
						       admin_str(o, "name"), "employees",
						       (json_int_t)json_integer_value(json_object_get(o, "employees"))));
	json_decref(list);
	json_object_set_new(ctx, "has_items", json_boolean(json_array_size(items) > 0));
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "sub_offices", json_true());
	json_object_set_new(ctx, "new", json_pack("{s:s}", "name", new_name ? new_name : ""));
	if (f)
		admin_form_error(ctx, f, NULL, "name");
	return resp_page(r, status, "admin_offices", ctx);
}

int page_admin_offices(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_OFFICES);
	return rc ? rc : render_offices(r, 200, NULL, NULL);
}

int page_admin_office_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	const char *name = admin_val(r, "name");
	json_t *in = json_pack("{s:s}", "name", name);
	int rc = office_create(r->app, &a, in, &out, &f);
	json_decref(in);
	if (rc == K_EINVAL || rc == K_ECONFLICT)
		return render_offices(r, 422, name, &f);
	if (rc)
		return admin_fail(r, rc, &f);
	json_decref(out);
	return resp_redirect(r, "/app/beheer/kantoren");
}

/* --- one office ---------------------------------------------------------- */

/* What a contact detail looks like in the table. */
static void contact_display(const json_t *c, char *out, size_t outlen)
{
	const char *kind = admin_str(c, "kind");
	if (strcmp(kind, "address") == 0) {
		const char *hn = admin_str(c, "house_number"), *pc = admin_str(c, "postcode"),
			   *country = admin_str(c, "country");
		int n = snprintf(out, outlen, "%s%s%s, %s%s%s", admin_str(c, "street"), *hn ? " " : "", hn, pc,
				 *pc ? " " : "", admin_str(c, "city"));
		if (*country && strcmp(country, "NL") != 0 && n > 0 && (size_t)n < outlen)
			snprintf(out + n, outlen - (size_t)n, " (%s)", country);
		return;
	}
	const char *v = admin_str(c, "value");
	if (strcmp(kind, "phone") == 0)
		admin_phone_display(v, out, outlen);
	else
		snprintf(out, outlen, "%s", v);
}

static json_t *options(const char *const *values, const char *(*label)(const char *), const char *cur)
{
	json_t *arr = json_array();
	for (int i = 0; values[i]; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "value", values[i], "label", label(values[i]),
						     "selected", cur && strcmp(cur, values[i]) == 0));
	return arr;
}

static const char *const contact_kinds[] = {"phone", "email", "address", "website", NULL};
static const char *const contact_types[] = {"general", "work", "visiting", "postal", "mobile", NULL};

/* The add-contact form's values: what the user sent (after an error) or the
 * defaults. */
static json_t *add_values(struct req *r, bool from_req)
{
	if (!from_req)
		return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "kind", "phone", "type", "general", "value",
				 "", "street", "", "house_number", "", "postcode", "", "city", "", "country", "NL", "public",
				 0);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "kind", admin_val(r, "kind"), "type",
			 admin_val(r, "type"), "value", admin_val(r, "value"), "street", admin_val(r, "street"),
			 "house_number", admin_val(r, "house_number"), "postcode", admin_val(r, "postcode"), "city",
			 admin_val(r, "city"), "country", admin_val(r, "country"), "public", admin_checked(r, "public"));
}

enum office_form { FORM_NONE, FORM_RENAME, FORM_ADD, FORM_CONTACTS };

static const char *const contact_field_map[] = {
	"kind", "kind", "type", "type", "value", "value", "street", "street",
	"postcode", "postcode", "country", "country", "city", "street", NULL,
};

static int render_office(struct req *r, int status, int64_t id, enum office_form failed, const struct kfail *f)
{
	struct actor a = auth_actor(r);
	json_t *o = NULL;
	int rc = office_get(r->app, &a, id, &o);
	if (rc)
		return admin_fail(r, rc, NULL);
	json_t *ctx = admin_ctx(admin_str(o, "name"));
	json_object_set_new(ctx, "sub_offices", json_true());
	json_object_set_new(ctx, "office", json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", admin_str(o, "name")));
	json_object_set_new(ctx, "rename",
			    json_pack("{s:s}", "name", failed == FORM_RENAME ? admin_val(r, "name") : admin_str(o, "name")));

	json_t *contacts = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(o, "contacts"), i, c)
	{
		char disp[512];
		int pub = json_is_true(json_object_get(c, "public"));
		contact_display(c, disp, sizeof disp);
		json_array_append_new(
			contacts,
			json_pack("{s:O, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id",
				  json_object_get(c, "id"), "kind", admin_str(c, "kind"), "kind_label",
				  admin_kind_label(admin_str(c, "kind")), "type", admin_str(c, "type"), "type_label",
				  admin_type_label(admin_str(c, "type")), "display", disp, "value", admin_str(c, "value"),
				  "street", admin_str(c, "street"), "house_number", admin_str(c, "house_number"),
				  "postcode", admin_str(c, "postcode"), "city", admin_str(c, "city"), "country",
				  admin_str(c, "country"), "public", pub, "toggle_value", pub ? "0" : "1", "toggle_label",
				  pub ? "Niet openbaar" : "Openbaar maken"));
	}
	json_object_set_new(ctx, "has_contacts", json_boolean(json_array_size(contacts) > 0));
	json_object_set_new(ctx, "contacts", contacts);

	json_t *add = add_values(r, failed == FORM_ADD);
	json_object_set_new(ctx, "kind_options", options(contact_kinds, admin_kind_label, admin_str(add, "kind")));
	json_object_set_new(ctx, "type_options", options(contact_types, admin_type_label, admin_str(add, "type")));
	json_object_set_new(ctx, "add", add);

	json_t *emps = json_array();
	json_array_foreach(json_object_get(o, "employees"), i, c)
		json_array_append_new(emps, json_pack("{s:O, s:s, s:s, s:b, s:b}", "id", json_object_get(c, "id"), "name",
						      admin_str(c, "name"), "job_title", admin_str(c, "job_title"), "public",
						      json_is_true(json_object_get(c, "public")), "in_service",
						      json_is_true(json_object_get(c, "in_service"))));
	json_object_set_new(ctx, "has_employees", json_boolean(json_array_size(emps) > 0));
	json_object_set_new(ctx, "employees", emps);
	json_decref(o);

	if (f) {
		json_object_set_new(ctx, failed == FORM_RENAME ? "failed_rename"
					 : failed == FORM_ADD  ? "failed_add"
							       : "failed_contacts",
				    json_true());
		if (failed == FORM_RENAME)
			admin_form_error(ctx, f, NULL, "name");
		else if (failed == FORM_ADD)
			admin_form_error(ctx, f, contact_field_map, "value");
		else
			admin_form_error(ctx, f, NULL, NULL);
	}
	return resp_page(r, status, "admin_office", ctx);
}

int page_admin_office(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_OFFICES);
	return rc ? rc : render_office(r, 200, req_path_int(r, 0), FORM_NONE, NULL);
}

int page_admin_office_rename(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int64_t id = req_path_int(r, 0);
	json_t *in = json_pack("{s:s}", "name", admin_val(r, "name"));
	int rc = office_update(r->app, &a, id, in, &out, &f);
	json_decref(in);
	if (rc == K_EINVAL)
		return render_office(r, 422, id, FORM_RENAME, &f);
	if (rc)
		return admin_fail(r, rc, &f);
	json_decref(out);
	return admin_redirect_id(r, "/app/beheer/kantoren/", id, NULL);
}

/* The contact detail a form describes, as core takes it. */
static json_t *contact_in(struct req *r)
{
	const char *kind = admin_val(r, "kind");
	json_t *in = json_pack("{s:s, s:s, s:b}", "kind", kind, "type", admin_val(r, "type"), "public",
			       admin_checked(r, "public"));
	if (strcmp(kind, "address") == 0) {
		static const char *const parts[] = {"street", "house_number", "postcode", "city", "country", NULL};
		for (int i = 0; parts[i]; i++) {
			const char *v = admin_val(r, parts[i]);
			if (*v || strcmp(parts[i], "house_number") == 0)
				json_object_set_new(in, parts[i], json_string(v));
		}
	} else {
		json_object_set_new(in, "value", json_string(admin_val(r, "value")));
	}
	return in;
}

int page_admin_contact_add(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int64_t id = req_path_int(r, 0);
	json_t *in = contact_in(r);
	int rc = office_contact_add(r->app, &a, id, in, &out, &f);
	json_decref(in);
	if (rc == K_EINVAL)
		return render_office(r, 422, id, FORM_ADD, &f);
	if (rc)
		return admin_fail(r, rc, &f);
	json_decref(out);
	return admin_redirect_id(r, "/app/beheer/kantoren/", id, "#contacts-h");
}

int page_admin_contact_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	json_t *in = contact_in(r);
	int rc = office_contact_update(r->app, &a, req_path_int(r, 0), in, &out, &f);
	json_decref(in);
	int64_t office = req_param_int(r, "office_id", 0);
	if (rc == K_EINVAL && office > 0)
		return render_office(r, 422, office, FORM_CONTACTS, &f);
	if (rc)
		return admin_fail(r, rc, &f);
	office = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	return admin_redirect_id(r, "/app/beheer/kantoren/", office, "#contacts-h");
}

int page_admin_contact_delete(struct req *r)
{
	struct actor a = auth_actor(r);
	int rc = office_contact_delete(r->app, &a, req_path_int(r, 0));
	if (rc)
		return admin_fail(r, rc, NULL);
	int64_t office = req_param_int(r, "office_id", 0);
	if (office > 0)
		return admin_redirect_id(r, "/app/beheer/kantoren/", office, "#contacts-h");
	return resp_redirect(r, "/app/beheer/kantoren");
}
