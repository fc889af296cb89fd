/* HTTP tests: offices, employees, staff accounts and the advisor support
 * relation (D8, D9): contact details validated and typed with a public flag;
 * every admin-only call refused for advisor and back office; leaving service
 * makes an employee non-public, ends their sessions and blocks sign-in; the
 * support relation decides who handles a dossier's tasks. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "core/office.h"
#include "staffc.h"

/* --- helpers -------------------------------------------------------------- */

static const char *contacts_of(int64_t office)
{
	return pathf("/api/v1/offices/%lld/contacts", (long long)office);
}

/* find_contact: the contact of kind in office view o, by value or postcode */
static json_t *find_contact(const json_t *o, const char *kind, const char *key, const char *value)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(o, "contacts"), i, v)
		if (strcmp(jstr(v, "kind"), kind) == 0 && strcmp(jstr(v, key), value) == 0)
			return v;
	fail_msg("no %s contact with %s = %s", kind, key, value);
	return NULL;
}

static json_t *employee(struct httpc *c, int64_t id)
{
	json_t *list = call(c, "GET", "/api/v1/employees", NULL, 200);
	size_t i;
	json_t *v, *found = NULL;
	json_array_foreach(json_object_get(list, "items"), i, v)
		if (jint(v, "id") == id)
			found = json_incref(v);
	json_decref(list);
	if (!found)
		fail_msg("employee %lld not listed", (long long)id);
	return found;
}

/* --- offices -------------------------------------------------------------- */

static void test_office_contacts(void **state)
{
	struct httpc admin, adv;
	login_admin(&admin);
	json_t *o = call(&admin, "POST", "/api/v1/offices", "{\"name\":\"Kantoor Utrecht\"}", 201);
	int64_t off = jint(o, "id");
	assert_string_equal(jstr(o, "name"), "Kantoor Utrecht");
	assert_int_equal(json_array_size(json_object_get(o, "contacts")), 0);
	json_decref(o);
	call_err(&admin, "POST", "/api/v1/offices", "{}", 422, "missing_field", "name");
	call_err(&admin, "POST", "/api/v1/offices", "{\"name\":\"\"}", 422, "missing_field", "name");
	/* a phone number: stored in E.164 */
	o = call(&admin, "POST", contacts_of(off), "{\"kind\":\"phone\",\"type\":\"general\",\"value\":\"030 123 4567\","
						   "\"public\":true}", 201);
	json_t *ph = find_contact(o, "phone", "value", "+31301234567");
	assert_string_equal(jstr(ph, "type"), "general");
	assert_true(json_is_true(json_object_get(ph, "public")));
	json_decref(o);
	call_err(&admin, "POST", contacts_of(off), "{\"kind\":\"phone\",\"type\":\"general\",\"value\":\"030 123 456\"}",
		 422, "invalid_phone", "value");
	call_err(&admin, "POST", contacts_of(off), "{\"kind\":\"phone\",\"type\":\"general\",\"value\":\"bel ons\"}", 422,
		 "invalid_phone", "value");
	/* an e-mail address: validated; this one not public */
	call_err(&admin, "POST", contacts_of(off), "{\"kind\":\"email\",\"type\":\"general\",\"value\":\"info@\"}", 422,
		 "invalid_email", "value");
	call_err(&admin, "POST", contacts_of(off), "{\"kind\":\"email\",\"type\":\"general\",\"value\":\"\"}", 422,
		 "missing_field", "value");
	o = call(&admin, "POST", contacts_of(off), "{\"kind\":\"email\",\"type\":\"work\",\"value\":\"intern@kantoor.nl\","
						   "\"public\":false}", 201);
	json_t *em = find_contact(o, "email", "value", "intern@kantoor.nl");
	assert_string_equal(jstr(em, "type"), "work");
	assert_true(json_is_false(json_object_get(em, "public")));
	int64_t em_id = jint(em, "id");
	json_decref(o);
	/* an address: postcode checked and normalised */
	call_err(&admin, "POST", contacts_of(off),
		 "{\"kind\":\"address\",\"type\":\"visiting\",\"street\":\"Oudegracht\",\"house_number\":\"1\","
		 "\"postcode\":\"351 AB\",\"city\":\"Utrecht\"}",
		 422, "invalid_postcode", "postcode");
	call_err(&admin, "POST", contacts_of(off),
		 "{\"kind\":\"address\",\"type\":\"visiting\",\"street\":\"Oudegracht\",\"city\":\"Utrecht\"}", 422,
		 "invalid_postcode", "postcode");
	o = call(&admin, "POST", contacts_of(off),
		 "{\"kind\":\"address\",\"type\":\"visiting\",\"street\":\"Oudegracht\",\"house_number\":\"1\","
		 "\"postcode\":\"3511ab\",\"city\":\"Utrecht\",\"public\":true}",
		 201);
	json_t *ad = find_contact(o, "address", "postcode", "3511 AB");
	assert_string_equal(jstr(ad, "type"), "visiting");
	assert_string_equal(jstr(ad, "street"), "Oudegracht");
	assert_string_equal(jstr(ad, "city"), "Utrecht");
	assert_string_equal(jstr(ad, "country"), "NL");
	assert_true(json_is_true(json_object_get(ad, "public")));
	json_decref(o);
	/* websites are https; kinds and types are checked */
	call_err(&admin, "POST", contacts_of(off), "{\"kind\":\"website\",\"value\":\"http://kantoor.nl\"}", 422,
		 "invalid_url", "value");
	json_decref(call(&admin, "POST", contacts_of(off), "{\"kind\":\"website\",\"value\":\"https://kantoor.nl\"}", 201));
	call_err(&admin, "POST", contacts_of(off), "{\"kind\":\"fax\",\"value\":\"0301234567\"}", 422, "invalid_kind",
		 "kind");
	call_err(&admin, "POST", contacts_of(off), "{\"kind\":\"phone\",\"type\":\"home\",\"value\":\"0301234567\"}", 422,
		 "invalid_type", "type");
	call_err(&admin, "POST", contacts_of(999999), "{\"kind\":\"phone\",\"value\":\"0301234567\"}", 404, "not_found",
		 NULL);
	/* the office as anyone sees it */
	login(&adv, "adviseur@kantoor.nl");
	o = call(&adv, "GET", pathf("/api/v1/offices/%lld", (long long)off), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(o, "contacts")), 4);
	assert_true(json_is_true(json_object_get(find_contact(o, "phone", "value", "+31301234567"), "public")));
	assert_true(json_is_false(json_object_get(find_contact(o, "email", "value", "intern@kantoor.nl"), "public")));
	json_decref(o);
	o = call(&adv, "GET", "/api/v1/offices", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
	json_decref(o);
	call_err(&adv, "GET", "/api/v1/offices/999999", NULL, 404, "not_found", NULL);
	/* change and remove a contact */
	o = call(&admin, "PATCH", pathf("/api/v1/office-contacts/%lld", (long long)em_id),
		 "{\"kind\":\"email\",\"type\":\"general\",\"value\":\"info@kantoor.nl\",\"public\":true}", 200);
	em = find_contact(o, "email", "value", "info@kantoor.nl");
	assert_true(json_is_true(json_object_get(em, "public")));
	json_decref(o);
	call_err(&admin, "PATCH", pathf("/api/v1/office-contacts/%lld", (long long)em_id),
		 "{\"kind\":\"email\",\"type\":\"general\",\"value\":\"info@@kantoor.nl\"}", 422, "invalid_email", "value");
	call_empty(&admin, "DELETE", pathf("/api/v1/office-contacts/%lld", (long long)em_id), NULL, 204);
	call_err(&admin, "DELETE", pathf("/api/v1/office-contacts/%lld", (long long)em_id), NULL, 404, "not_found", NULL);
	o = call(&admin, "GET", pathf("/api/v1/offices/%lld", (long long)off), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(o, "contacts")), 3);
	json_decref(o);
	/* rename */
	o = call(&admin, "PATCH", pathf("/api/v1/offices/%lld", (long long)off), "{\"name\":\"Kantoor Utrecht Centrum\"}",
		 200);
	assert_string_equal(jstr(o, "name"), "Kantoor Utrecht Centrum");
	json_decref(o);
	httpc_free(&adv);
	httpc_free(&admin);
}

/* Every admin-only call, refused for one signed-in non-admin; nothing
 * changes. */
static void refusals(const char *email, int64_t office, int64_t contact)
{
	struct httpc c;
	login(&c, email);
	call_err(&c, "POST", "/api/v1/offices", "{\"name\":\"Stiekem Kantoor\"}", 403, "forbidden", NULL);
	call_err(&c, "PATCH", pathf("/api/v1/offices/%lld", (long long)office), "{\"name\":\"Stiekem\"}", 403, "forbidden",
		 NULL);
	call_err(&c, "POST", contacts_of(office), "{\"kind\":\"phone\",\"type\":\"general\",\"value\":\"0301234567\"}", 403,
		 "forbidden", NULL);
	call_err(&c, "PATCH", pathf("/api/v1/office-contacts/%lld", (long long)contact),
		 "{\"kind\":\"phone\",\"type\":\"general\",\"value\":\"0201234567\"}", 403, "forbidden", NULL);
	call_err(&c, "DELETE", pathf("/api/v1/office-contacts/%lld", (long long)contact), NULL, 403, "forbidden", NULL);
	call_err(&c, "POST", "/api/v1/workflow-groups", "{\"name\":\"Stiekeme Groep\"}", 403, "forbidden", NULL);
	call_err(&c, "POST", "/api/v1/users",
		 "{\"email\":\"stiekem@kantoor.nl\",\"name\":\"Stiekem\",\"role\":\"admin\","
		 "\"password\":\"" ST_PW "\"}", 403, "forbidden", NULL);
	call_err(&c, "PATCH", pathf("/api/v1/employees/%lld", (long long)team.adv2_id), "{\"in_service\":false}", 403,
		 "forbidden", NULL);
	call_err(&c, "PATCH", pathf("/api/v1/employees/%lld", (long long)team.admin_id), "{\"public\":true}", 403,
		 "forbidden", NULL);
	call_err(&c, "PUT", pathf("/api/v1/employees/%lld/support", (long long)team.adv_id),
		 J(json_pack("{s:I}", "handler_user_id", (json_int_t)team.bo_id)), 403, "forbidden", NULL);
	/* reading is fine */
	json_decref(call(&c, "GET", "/api/v1/offices", NULL, 200));
	json_decref(call(&c, "GET", "/api/v1/employees", NULL, 200));
	json_decref(call(&c, "GET", "/api/v1/workflow-groups", NULL, 200));
	httpc_free(&c);
}

static void test_refusals(void **state)
{
	struct httpc admin, x;
	login_admin(&admin);
	json_t *o = call(&admin, "POST", "/api/v1/offices", "{\"name\":\"Kantoor Zwolle\"}", 201);
	int64_t off = jint(o, "id");
	json_decref(o);
	o = call(&admin, "POST", contacts_of(off), "{\"kind\":\"phone\",\"type\":\"general\",\"value\":\"038 123 4567\","
						   "\"public\":true}", 201);
	int64_t contact = jint(json_array_get(json_object_get(o, "contacts"), 0), "id");
	json_decref(o);
	refusals("adviseur@kantoor.nl", off, contact);
	refusals("binnendienst@kantoor.nl", off, contact);
	/* nothing changed */
	o = call(&admin, "GET", "/api/v1/offices", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
	json_decref(o);
	o = call(&admin, "GET", pathf("/api/v1/offices/%lld", (long long)off), NULL, 200);
	assert_string_equal(jstr(o, "name"), "Kantoor Zwolle");
	assert_int_equal(json_array_size(json_object_get(o, "contacts")), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(o, "contacts"), 0), "value"), "+31381234567");
	json_decref(o);
	o = call(&admin, "GET", "/api/v1/workflow-groups", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
	json_decref(o);
	json_t *e = employee(&admin, team.adv2_id);
	assert_true(json_is_true(json_object_get(e, "in_service")));
	json_decref(e);
	e = employee(&admin, team.adv_id);
	assert_true(json_is_null(json_object_get(e, "support_user_id")));
	json_decref(e);
	httpc_init(&x, T.base);
	assert_int_equal(httpc_login(&x, "stiekem@kantoor.nl", ST_PW, NULL), 401);
	httpc_free(&x);
	/* and nobody signed out may do any of it */
	httpc_init(&x, T.base);
	call_err(&x, "POST", "/api/v1/offices", "{\"name\":\"X\"}", 401, "unauthenticated", NULL);
	call_err(&x, "POST", "/api/v1/users", "{\"email\":\"x@kantoor.nl\"}", 401, "unauthenticated", NULL);
	call_err(&x, "GET", "/api/v1/employees", NULL, 401, "unauthenticated", NULL);
	httpc_free(&x);
	httpc_free(&admin);
}

static void test_user_create(void **state)
{
	struct httpc admin, nu;
	login_admin(&admin);
	json_t *u = call(&admin, "POST", "/api/v1/users",
			 "{\"email\":\"nina@kantoor.nl\",\"name\":\"Nina Nieuw\",\"role\":\"backoffice\","
			 "\"password\":\"" ST_PW "\"}", 201);
	int64_t nid = jint(u, "id");
	assert_string_equal(jstr(u, "role"), "backoffice");
	assert_string_equal(jstr(u, "email"), "nina@kantoor.nl");
	assert_null(json_object_get(u, "totp_secret")); /* 2FA is the admin's duty only */
	json_decref(u);
	/* the new account signs in with its role */
	login(&nu, "nina@kantoor.nl");
	json_t *me = call(&nu, "GET", "/api/v1/me", NULL, 200);
	assert_int_equal(jint(me, "id"), nid);
	assert_string_equal(jstr(me, "role"), "backoffice");
	json_decref(me);
	/* ... and, being back office, cannot add users itself */
	call_err(&nu, "POST", "/api/v1/users",
		 "{\"email\":\"nog1@kantoor.nl\",\"name\":\"Nog Een\",\"role\":\"backoffice\","
		 "\"password\":\"" ST_PW "\"}", 403, "forbidden", NULL);
	httpc_free(&nu);
	/* an admin account comes with its TOTP secret, once */
	u = call(&admin, "POST", "/api/v1/users",
		 "{\"email\":\"beheer2@kantoor.nl\",\"name\":\"Ben Beheer\",\"role\":\"admin\","
		 "\"password\":\"" ST_PW "\"}", 201);
	assert_true(strlen(jstr(u, "totp_secret")) >= 16);
	json_decref(u);
	/* errors */
	call_err(&admin, "POST", "/api/v1/users",
		 "{\"email\":\"nina@kantoor.nl\",\"name\":\"Nina Twee\",\"role\":\"advisor\","
		 "\"password\":\"" ST_PW "\"}", 409, "email_in_use", "email");
	call_err(&admin, "POST", "/api/v1/users",
		 "{\"email\":\"x@kantoor.nl\",\"name\":\"X\",\"role\":\"stagiair\","
		 "\"password\":\"" ST_PW "\"}", 422, "invalid_role", "role");
	call_err(&admin, "POST", "/api/v1/users",
		 "{\"email\":\"geen-adres\",\"name\":\"X\",\"role\":\"advisor\","
		 "\"password\":\"" ST_PW "\"}", 422, "invalid_email", "email");
	call_err(&admin, "POST", "/api/v1/users",
		 "{\"email\":\"zwak@kantoor.nl\",\"name\":\"Zwak\",\"role\":\"advisor\",\"password\":\"welkom\"}", 422,
		 "password_weak", "password");
	httpc_free(&admin);
}

static void test_out_of_service(void **state)
{
	struct httpc admin, adv, other;
	login_admin(&admin);
	json_t *o = call(&admin, "POST", "/api/v1/offices", "{\"name\":\"Kantoor Gouda\"}", 201);
	int64_t off = jint(o, "id");
	json_decref(o);
	const char *epath = pathf("/api/v1/employees/%lld", (long long)team.adv_id);
	json_t *e = call(&admin, "PATCH", epath,
			 J(json_pack("{s:I, s:b, s:s, s:s}", "office_id", (json_int_t)off, "public", 1, "job_title",
				     "Hypotheekadviseur", "phone", "06 12345678")),
			 200);
	assert_true(json_is_true(json_object_get(e, "public")));
	assert_true(json_is_true(json_object_get(e, "in_service")));
	assert_int_equal(jint(e, "office_id"), off);
	assert_string_equal(jstr(e, "phone"), "+31612345678");
	json_decref(e);
	o = call(&admin, "GET", pathf("/api/v1/offices/%lld", (long long)off), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(o, "employees")), 1);
	json_decref(o);
	call_err(&admin, "PATCH", epath, "{\"phone\":\"06 1234567\"}", 422, "invalid_phone", "phone");
	call_err(&admin, "PATCH", epath, "{\"in_service\":\"nee\"}", 422, "invalid_field", "in_service");
	call_err(&admin, "PATCH", epath, "{\"office_id\":999999}", 422, "invalid_office", "office_id");
	call_err(&admin, "PATCH", "/api/v1/employees/999999", "{\"public\":true}", 404, "not_found", NULL);
	/* the advisor works, in two sessions */
	login(&adv, "adviseur@kantoor.nl");
	login(&other, "adviseur@kantoor.nl");
	json_decref(call(&adv, "GET", "/api/v1/me", NULL, 200));
	json_decref(call(&other, "GET", "/api/v1/me", NULL, 200));
	/* leaving service: non-public, sessions ended, no sign-in */
	e = call(&admin, "PATCH", epath, "{\"in_service\":false}", 200);
	assert_true(json_is_false(json_object_get(e, "in_service")));
	assert_true(json_is_false(json_object_get(e, "public")));
	assert_string_equal(jstr(e, "job_title"), "Hypotheekadviseur"); /* the rest stays */
	json_decref(e);
	call_err(&adv, "GET", "/api/v1/me", NULL, 401, "unauthenticated", NULL);
	call_err(&other, "POST", "/api/v1/dossiers", "{\"kind\":\"private\"}", 401, "unauthenticated", NULL);
	httpc_free(&adv);
	httpc_free(&other);
	httpc_init(&adv, T.base);
	assert_int_equal(httpc_login(&adv, "adviseur@kantoor.nl", ST_PW, NULL), 401);
	/* an employee out of service cannot be made public */
	e = call(&admin, "PATCH", epath, "{\"public\":true}", 200);
	assert_true(json_is_false(json_object_get(e, "public")));
	json_decref(e);
	e = employee(&admin, team.adv_id);
	assert_true(json_is_false(json_object_get(e, "in_service")));
	assert_true(json_is_false(json_object_get(e, "public")));
	json_decref(e);
	/* nor be chosen as a dossier's advisor */
	call_err(&admin, "POST", "/api/v1/dossiers", J(json_pack("{s:s, s:I}", "kind", "private", "advisor_id",
								  (json_int_t)team.adv_id)),
		 422, "invalid_advisor", "advisor_id");
	/* an admin cannot put themselves out of service */
	call_err(&admin, "PATCH", pathf("/api/v1/employees/%lld", (long long)team.admin_id), "{\"in_service\":false}",
		 422, "self", "in_service");
	/* back in service: sign-in works again */
	e = call(&admin, "PATCH", epath, "{\"in_service\":true}", 200);
	assert_true(json_is_true(json_object_get(e, "in_service")));
	json_decref(e);
	assert_int_equal(httpc_login(&adv, "adviseur@kantoor.nl", ST_PW, NULL), 200);
	httpc_free(&adv);
	httpc_free(&admin);
}

static int64_t handler_of_new_dossier(struct httpc *c, int64_t *dossier)
{
	json_t *d = call(c, "POST", "/api/v1/dossiers", "{\"kind\":\"private\"}", 201);
	json_t *h = json_object_get(d, "handler_id");
	int64_t handler = json_is_integer(h) ? json_integer_value(h) : 0;
	*dossier = jint(d, "id");
	json_decref(d);
	return handler;
}

static void test_support_relation(void **state)
{
	struct httpc admin, adv, bo;
	int64_t d0, d1, d2, d3, d4;
	login_admin(&admin);
	login(&adv, "adviseur@kantoor.nl");
	const char *spath = pathf("/api/v1/employees/%lld/support", (long long)team.adv_id);
	/* no relation: the advisor handles their dossiers */
	assert_int_equal(handler_of_new_dossier(&adv, &d0), team.adv_id);
	assert_int_equal(office_task_assignee(&T.app, d0), team.adv_id);
	/* a named handler */
	call_empty(&admin, "PUT", spath, NULL, 204);
	json_decref(call(&admin, "PUT", spath, J(json_pack("{s:I}", "handler_user_id", (json_int_t)team.bo_id)), 204));
	json_t *e = employee(&admin, team.adv_id);
	assert_int_equal(jint(e, "support_user_id"), team.bo_id);
	json_decref(e);
	assert_int_equal(handler_of_new_dossier(&adv, &d1), team.bo_id);
	assert_int_equal(office_task_assignee(&T.app, d1), team.bo_id);
	/* the relation, not the creation time, counts */
	assert_int_equal(office_task_assignee(&T.app, d0), team.bo_id);
	/* another advisor's dossiers are not affected */
	struct httpc adv2;
	int64_t other;
	login(&adv2, "adviseur2@kantoor.nl");
	assert_int_equal(handler_of_new_dossier(&adv2, &other), team.adv2_id);
	assert_int_equal(office_task_assignee(&T.app, other), team.adv2_id);
	httpc_free(&adv2);
	/* a workflow group as handler: the task still goes to the advisor (D8) */
	json_t *g = call(&admin, "POST", "/api/v1/workflow-groups", "{\"name\":\"Hypotheken\"}", 201);
	int64_t gid = jint(g, "id");
	json_decref(g);
	call_err(&admin, "POST", "/api/v1/workflow-groups", "{\"name\":\"Hypotheken\"}", 409, "name_in_use", "name");
	json_decref(call(&admin, "PUT", spath, J(json_pack("{s:I}", "handler_group_id", (json_int_t)gid)), 204));
	e = employee(&admin, team.adv_id);
	assert_int_equal(jint(e, "support_group_id"), gid);
	assert_true(json_is_null(json_object_get(e, "support_user_id")));
	json_decref(e);
	assert_int_equal(handler_of_new_dossier(&adv, &d2), team.adv_id);
	assert_int_equal(office_task_assignee(&T.app, d2), team.adv_id);
	assert_int_equal(office_task_assignee(&T.app, d1), team.adv_id);
	/* nothing: the advisor */
	json_decref(call(&admin, "PUT", spath, "{}", 204));
	assert_int_equal(handler_of_new_dossier(&adv, &d3), team.adv_id);
	assert_int_equal(office_task_assignee(&T.app, d3), team.adv_id);
	/* errors */
	call_err(&admin, "PUT", spath,
		 J(json_pack("{s:I, s:I}", "handler_user_id", (json_int_t)team.bo_id, "handler_group_id",
			     (json_int_t)gid)),
		 422, "invalid_field", "handler_group_id");
	call_err(&admin, "PUT", spath, "{\"handler_group_id\":999999}", 422, "invalid_group", "handler_group_id");
	call_err(&admin, "PUT", spath, "{\"handler_user_id\":999999}", 422, "invalid_handler", "handler_user_id");
	call_err(&admin, "PUT", "/api/v1/employees/999999/support", "{}", 404, "not_found", NULL);
	/* a handler who leaves service hands the work back to the advisor */
	json_decref(call(&admin, "PUT", spath, J(json_pack("{s:I}", "handler_user_id", (json_int_t)team.bo_id)), 204));
	assert_int_equal(office_task_assignee(&T.app, d3), team.bo_id);
	login(&bo, "binnendienst@kantoor.nl");
	json_decref(call(&admin, "PATCH", pathf("/api/v1/employees/%lld", (long long)team.bo_id),
			 "{\"in_service\":false}", 200));
	assert_int_equal(office_task_assignee(&T.app, d3), team.adv_id);
	assert_int_equal(handler_of_new_dossier(&adv, &d4), team.adv_id);
	call_err(&admin, "PUT", spath, J(json_pack("{s:I}", "handler_user_id", (json_int_t)team.bo_id)), 422,
		 "invalid_handler", "handler_user_id");
	/* a dossier without an advisor: its handler, if any */
	json_t *d = call(&admin, "POST", "/api/v1/dossiers", J(json_pack("{s:s, s:I}", "kind", "private", "handler_id",
									  (json_int_t)team.adv2_id)),
			 201);
	assert_true(json_is_null(json_object_get(d, "advisor_id")));
	assert_int_equal(office_task_assignee(&T.app, jint(d, "id")), team.adv2_id);
	json_decref(d);
	d = call(&admin, "POST", "/api/v1/dossiers", "{\"kind\":\"private\"}", 201);
	assert_int_equal(office_task_assignee(&T.app, jint(d, "id")), 0);
	json_decref(d);
	assert_int_equal(office_task_assignee(&T.app, 999999), 0);
	httpc_free(&bo);
	httpc_free(&adv);
	httpc_free(&admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_office_contacts, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_refusals, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_user_create, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_out_of_service, st_team_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_support_relation, st_team_setup, st_teardown),
	};
	return cmocka_run_group_tests_name("http_office_api", tests, NULL, NULL);
}
