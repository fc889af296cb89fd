/* Offices, employees, workflow groups, staff accounts (D8, D9). */
#include "core/office.h"
#include "core/staff.h"
#include "store/db.h"
#include "util/alloc.h"
#include "web/api/api.h"
#include "web/auth.h"

int api_office_list(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = office_list(r->app, &a, &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_office_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = office_create(r->app, &a, r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_office_get(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = office_get(r->app, &a, req_path_int(r, 0), &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_office_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = office_update(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}

int api_office_contact_add(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = office_contact_add(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_office_contact_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = office_contact_update(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}

int api_office_contact_delete(struct req *r)
{
	struct actor a = auth_actor(r);
	int rc = office_contact_delete(r->app, &a, req_path_int(r, 0));
	return rc ? api_fail(r, rc, NULL) : resp_empty(r, 204);
}

int api_employee_list(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = employee_list(r->app, &a, &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_employee_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = employee_update(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}

int api_employee_support(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int rc = support_set(r->app, &a, req_path_int(r, 0), r->json, &f);
	return rc ? api_fail(r, rc, &f) : resp_empty(r, 204);
}

int api_group_list(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = group_list(r->app, &a, &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_group_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int64_t id = 0;
	int rc = group_create(r->app, &a, api_str(r, "name"), &id, &f);
	if (rc)
		return api_fail(r, rc, &f);
	return resp_json(r, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", api_str(r, "name")));
}

/* POST /api/v1/users {email, name, role, password}: add a staff account
 * (RIGHT_MANAGE_USERS). Admins get their TOTP secret in the answer, once. */
int api_user_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	struct staff_new in = {api_str(r, "email"), api_str(r, "name"), api_str(r, "role"), api_str(r, "password")};
	char secret[64];
	int64_t id = 0;
	int rc = staff_add(r->app, &a, &in, &id, secret, &f);
	if (rc)
		return api_fail(r, rc, &f);
	json_t *out = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "email", in.email, "name", in.name,
				"role", in.role);
	if (secret[0])
		json_object_set_new(out, "totp_secret", json_string(secret));
	secure_wipe(secret, sizeof secret);
	r->no_store = true;
	return resp_json(r, 201, out);
}
