/* /app/beheer/medewerkers: staff accounts, their employee data and the
 * advisor support relation (D8, D9). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/office.h"
#include "core/staff.h"
#include "util/alloc.h"
#include "web/auth.h"
#include "web/staff/admin_pages.h"

static json_int_t int_of(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static bool bool_of(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

static const char *const roles[] = {"advisor", "backoffice", "admin", NULL};

/* --- list + new employee ------------------------------------------------- */

static int render_staff(struct req *r, int status, bool from_req, const struct kfail *f)
{
	struct actor a = auth_actor(r);
	json_t *list = NULL;
	int rc = employee_list(r->app, &a, &list);
	if (rc)
		return admin_fail(r, rc, NULL);
	json_t *ctx = admin_ctx("Medewerkers");
	json_t *items = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(list, "items"), i, e)
	{
		const char *office = admin_str(e, "office_name");
		json_array_append_new(
			items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "id", int_of(e, "id"), "name",
					 admin_str(e, "name"), "email", admin_str(e, "email"), "role_label",
					 role_label(role_parse(admin_str(e, "role"))), "office_name", *office ? office : "—",
					 "public", bool_of(e, "public"), "in_service", bool_of(e, "in_service"), "two_factor",
					 bool_of(e, "two_factor")));
	}
	json_decref(list);
	json_object_set_new(ctx, "sub_staff", json_true());
	json_object_set_new(ctx, "has_items", json_boolean(json_array_size(items) > 0));
	json_object_set_new(ctx, "items", items);
	const char *role = from_req ? admin_val(r, "role") : "advisor";
	json_t *opts = json_array();
	for (int k = 0; roles[k]; k++)
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", roles[k], "label",
						      role_label(role_parse(roles[k])), "selected",
						      strcmp(role, roles[k]) == 0));
	json_object_set_new(ctx, "role_options", opts);
	/* the password is never sent back */
	json_object_set_new(ctx, "new", json_pack("{s:s, s:s}", "name", from_req ? admin_val(r, "name") : "", "email",
						  from_req ? admin_val(r, "email") : ""));
	if (f)
		admin_form_error(ctx, f, NULL, "email");
	return resp_page(r, status, "admin_staff", ctx);
}

int page_admin_staff(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_USERS);
	return rc ? rc : render_staff(r, 200, false, NULL);
}

int page_admin_staff_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	struct staff_new in = {admin_val(r, "email"), admin_val(r, "name"), admin_val(r, "role"),
			       admin_val(r, "password")};
	char secret[64] = "";
	int64_t id = 0;
	int rc = staff_add(r->app, &a, &in, &id, secret, &f);
	if (rc == K_EINVAL || rc == K_EWEAK || rc == K_ECONFLICT)
		return render_staff(r, 422, true, &f);
	if (rc)
		return admin_fail(r, rc, &f);
	if (!secret[0])
		return admin_redirect_id(r, "/app/beheer/medewerkers/", id, NULL);
	/* an admin's TOTP secret: shown this once, never stored in a cache */
	r->no_store = true;
	json_t *ctx = admin_ctx("Medewerker aangemaakt");
	json_object_set_new(ctx, "sub_staff", json_true());
	json_object_set_new(ctx, "has_secret", json_true());
	json_object_set_new(ctx, "created",
			    json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "name", in.name, "email", in.email,
				      "role_label", role_label(role_parse(in.role)), "secret", secret));
	secure_wipe(secret, sizeof secret);
	return resp_page(r, 201, "admin_staff_created", ctx);
}

/* --- one employee ---------------------------------------------------------- */

static json_t *find_by_id(json_t *list, json_int_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(list, "items"), i, v)
		if (int_of(v, "id") == id)
			return v;
	return NULL;
}

/* The support select's value for a relation: "", "u-ID" or "g-ID". */
static void support_value(json_int_t user, json_int_t group, char *out, size_t outlen)
{
	if (user > 0)
		snprintf(out, outlen, "u-%lld", (long long)user);
	else if (group > 0)
		snprintf(out, outlen, "g-%lld", (long long)group);
	else
		snprintf(out, outlen, "%s", "");
}

/* Parse the support select: 0 ok (both 0 = nobody), -1 malformed. */
static int support_parse(const char *v, json_int_t *user, json_int_t *group)
{
	*user = *group = 0;
	if (!*v)
		return 0;
	if ((v[0] != 'u' && v[0] != 'g') || v[1] != '-' || v[2] < '1' || v[2] > '9')
		return -1;
	char *end;
	long long n = strtoll(v + 2, &end, 10);
	if (*end || n <= 0)
		return -1;
	if (v[0] == 'u')
		*user = n;
	else
		*group = n;
	return 0;
}

static int render_employee(struct req *r, int status, int64_t id, bool from_req, const struct kfail *f)
{
	struct actor a = auth_actor(r);
	json_t *staff = NULL, *offices = NULL, *groups = NULL;
	int rc = employee_list(r->app, &a, &staff);
	if (rc == K_OK)
		rc = office_list(r->app, &a, &offices);
	if (rc == K_OK)
		rc = group_list(r->app, &a, &groups);
	json_t *e = rc == K_OK ? find_by_id(staff, id) : NULL;
	if (rc == K_OK && !e)
		rc = K_ENOTFOUND;
	if (rc) {
		json_decref(staff);
		json_decref(offices);
		json_decref(groups);
		return admin_fail(r, rc, NULL);
	}
	json_t *ctx = admin_ctx(admin_str(e, "name"));
	json_object_set_new(ctx, "sub_staff", json_true());
	json_object_set_new(ctx, "saved", json_boolean(!f && admin_checked(r, "opgeslagen")));
	json_object_set_new(ctx, "emp", json_pack("{s:I, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)id, "name",
						  admin_str(e, "name"), "email", admin_str(e, "email"), "role_label",
						  role_label(role_parse(admin_str(e, "role"))), "two_factor",
						  bool_of(e, "two_factor"), "in_service", bool_of(e, "in_service")));

	/* the form: what was sent, or what is stored */
	char office_cur[24], support_cur[32], phone[64];
	if (from_req) {
		snprintf(office_cur, sizeof office_cur, "%s", admin_val(r, "office_id"));
		snprintf(support_cur, sizeof support_cur, "%s", admin_val(r, "support"));
		snprintf(phone, sizeof phone, "%s", admin_val(r, "phone"));
		json_object_set_new(ctx, "form", json_pack("{s:s, s:s, s:b, s:b}", "job_title", admin_val(r, "job_title"),
							   "phone", phone, "public", admin_checked(r, "public"),
							   "in_service", admin_checked(r, "in_service")));
	} else {
		json_int_t o = int_of(e, "office_id");
		if (o > 0)
			snprintf(office_cur, sizeof office_cur, "%lld", (long long)o);
		else
			office_cur[0] = '\0';
		support_value(int_of(e, "support_user_id"), int_of(e, "support_group_id"), support_cur,
			      sizeof support_cur);
		admin_phone_display(admin_str(e, "phone"), phone, sizeof phone);
		json_object_set_new(ctx, "form", json_pack("{s:s, s:s, s:b, s:b}", "job_title", admin_str(e, "job_title"),
							   "phone", phone, "public", bool_of(e, "public"), "in_service",
							   bool_of(e, "in_service")));
	}

	size_t i;
	json_t *v;
	char val[32];
	json_t *oo = json_array();
	json_array_append_new(oo, json_pack("{s:s, s:s, s:b}", "value", "", "label", "Geen kantoor", "selected",
					    office_cur[0] == '\0'));
	json_array_foreach(json_object_get(offices, "items"), i, v)
	{
		snprintf(val, sizeof val, "%lld", (long long)int_of(v, "id"));
		json_array_append_new(oo, json_pack("{s:s, s:s, s:b}", "value", val, "label", admin_str(v, "name"),
						    "selected", strcmp(val, office_cur) == 0));
	}
	json_object_set_new(ctx, "office_options", oo);

	json_t *su = json_array(), *sg = json_array();
	json_array_foreach(json_object_get(staff, "items"), i, v)
	{
		support_value(int_of(v, "id"), 0, val, sizeof val);
		bool sel = strcmp(val, support_cur) == 0;
		/* colleagues in service; a former one only while still selected */
		if (int_of(v, "id") == id || (!bool_of(v, "in_service") && !sel))
			continue;
		char label[300];
		snprintf(label, sizeof label, "%s%s", admin_str(v, "name"), bool_of(v, "in_service") ? "" : " (uit dienst)");
		json_array_append_new(su, json_pack("{s:s, s:s, s:b}", "value", val, "label", label, "selected", sel));
	}
	json_array_foreach(json_object_get(groups, "items"), i, v)
	{
		support_value(0, int_of(v, "id"), val, sizeof val);
		json_array_append_new(sg, json_pack("{s:s, s:s, s:b}", "value", val, "label", admin_str(v, "name"),
						    "selected", strcmp(val, support_cur) == 0));
	}
	json_object_set_new(ctx, "support_none", json_boolean(support_cur[0] == '\0'));
	json_object_set_new(ctx, "has_support_users", json_boolean(json_array_size(su) > 0));
	json_object_set_new(ctx, "support_users", su);
	json_object_set_new(ctx, "has_support_groups", json_boolean(json_array_size(sg) > 0));
	json_object_set_new(ctx, "support_groups", sg);
	json_decref(staff);
	json_decref(offices);
	json_decref(groups);

	if (f) {
		static const char *const map[] = {"office_id",  "office_id", "job_title",        "job_title",
						  "phone",      "phone",     "public",           "in_service",
						  "in_service", "in_service", "handler_user_id", "support",
						  "handler_group_id", "support", "support",      "support",
						  NULL};
		admin_form_error(ctx, f, map, NULL);
	}
	return resp_page(r, status, "admin_employee", ctx);
}

int page_admin_employee(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_USERS);
	return rc ? rc : render_employee(r, 200, req_path_int(r, 0), false, NULL);
}

int page_admin_employee_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int64_t id = req_path_int(r, 0);
	const char *office = admin_val(r, "office_id");
	json_t *ov;
	if (!*office) {
		ov = json_integer(0);
	} else {
		char *end;
		long long n = strtoll(office, &end, 10);
		/* anything but a positive number: core refuses it with its message */
		ov = (*end || n <= 0) ? json_string(office) : json_integer(n);
	}
	json_t *in = json_pack("{s:o, s:b, s:b, s:s, s:s}", "office_id", ov, "public", admin_checked(r, "public"),
			       "in_service", admin_checked(r, "in_service"), "job_title", admin_val(r, "job_title"),
			       "phone", admin_val(r, "phone"));
	int rc = employee_update(r->app, &a, id, in, &out, &f);
	json_decref(in);
	if (rc == K_EINVAL)
		return render_employee(r, 422, id, true, &f);
	if (rc)
		return admin_fail(r, rc, &f);

	/* the support relation: only when the form carries it and it changed */
	const char *sup = req_param(r, "support");
	json_int_t user, group;
	if (sup) {
		if (support_parse(sup, &user, &group) != 0) {
			json_decref(out);
			kfail_set(&f, K_EINVAL, "invalid_field", "support", "Kies een medewerker of een workflowgroep.");
			return render_employee(r, 422, id, true, &f);
		}
		if (user != int_of(out, "support_user_id") || group != int_of(out, "support_group_id")) {
			json_t *sin = json_object();
			if (user > 0)
				json_object_set_new(sin, "handler_user_id", json_integer(user));
			if (group > 0)
				json_object_set_new(sin, "handler_group_id", json_integer(group));
			rc = support_set(r->app, &a, id, sin, &f);
			json_decref(sin);
			if (rc == K_EINVAL) {
				json_decref(out);
				return render_employee(r, 422, id, true, &f);
			}
			if (rc) {
				json_decref(out);
				return admin_fail(r, rc, &f);
			}
		}
	}
	json_decref(out);
	return admin_redirect_id(r, "/app/beheer/medewerkers/", id, "?opgeslagen=1");
}
