/* SQL for offices, employees, workflow groups and advisor support. */
#include <stdio.h>
#include "store/db.h"
#include "store/office_store.h"
#include "util/err.h"

int store_office_insert(struct db *db, const char *name, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO offices (name, created_at, updated_at) VALUES ($1, $2, $2) "
					    "RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, name);
	db_bind_int(st, 2, now);
	return db_returning_id(st, id);
}

int store_office_rename(struct db *db, int64_t id, const char *name, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE offices SET name = $2, updated_at = $3 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_int(st, 3, now);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ENOTFOUND : rc;
}

#define STAFF_COLS                                                                                                     \
	"u.id, u.email, u.name, u.role, u.office_id, o.name AS office_name, u.public AS public__bool, "               \
	"u.active AS in_service__bool, u.job_title, u.phone, (u.totp_secret IS NOT NULL) AS two_factor__bool, "        \
	"s.handler_user_id AS support_user_id, s.handler_group_id AS support_group_id "                                 \
	"FROM staff_users u LEFT JOIN offices o ON o.id = u.office_id LEFT JOIN advisor_support s ON s.advisor_id = u.id "

int store_office_get(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, name, created_at, updated_at FROM offices WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	json_t *o = NULL;
	int rc = db_one_json(st, &o);
	if (rc)
		return rc;
	json_t *contacts = json_array(), *emps = json_array();
	json_object_set_new(o, "contacts", contacts);
	json_object_set_new(o, "employees", emps);
	st = db_prepare(db, "SELECT id, kind, type, value, street, house_number, postcode, city, country, "
			    "public AS public__bool FROM office_contacts WHERE office_id = $1 ORDER BY kind, id");
	if (!st)
		goto fail;
	db_bind_int(st, 1, id);
	if ((rc = db_rows_json(st, contacts)))
		goto fail;
	st = db_prepare(db, "SELECT " STAFF_COLS "WHERE u.office_id = $1 ORDER BY u.name");
	if (!st)
		goto fail;
	db_bind_int(st, 1, id);
	if ((rc = db_rows_json(st, emps)))
		goto fail;
	*out = o;
	return K_OK;
fail:
	json_decref(o);
	return rc ? rc : K_EDB;
}

int store_office_list(struct db *db, json_t *items)
{
	struct db_stmt *st = db_prepare(db, "SELECT o.id, o.name, (SELECT count(*) FROM staff_users u WHERE "
					    "u.office_id = o.id AND u.active = 1) AS employees FROM offices o ORDER BY o.name");
	if (!st)
		return K_EDB;
	return db_rows_json(st, items);
}

static void bind_contact(struct db_stmt *st, const struct office_contact *c)
{
	db_bind_text(st, 2, c->kind);
	db_bind_text(st, 3, c->type);
	db_bind_text(st, 4, c->value ? c->value : "");
	db_bind_text(st, 5, c->street);
	db_bind_text(st, 6, c->house_number);
	db_bind_text(st, 7, c->postcode);
	db_bind_text(st, 8, c->city);
	db_bind_text(st, 9, c->country);
	db_bind_int(st, 10, c->public_ ? 1 : 0);
}

int store_office_contact_insert(struct db *db, int64_t office_id, const struct office_contact *c, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO office_contacts (office_id, kind, type, value, street, house_number, postcode, city, "
		"country, public) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, office_id);
	bind_contact(st, c);
	return db_returning_id(st, id);
}

int store_office_contact_update(struct db *db, int64_t id, const struct office_contact *c)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE office_contacts SET kind = $2, type = $3, value = $4, street = $5, house_number = $6, "
		"postcode = $7, city = $8, country = $9, public = $10 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	bind_contact(st, c);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ENOTFOUND : rc;
}

int store_office_contact_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM office_contacts WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ENOTFOUND : rc;
}

int store_office_contact_office(struct db *db, int64_t id, int64_t *office_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT office_id FROM office_contacts WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*office_id = db_col_int(st, 0);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_staff_list(struct db *db, json_t *items)
{
	struct db_stmt *st = db_prepare(db, "SELECT " STAFF_COLS "ORDER BY u.active DESC, u.name");
	if (!st)
		return K_EDB;
	return db_rows_json(st, items);
}

int store_staff_employee(struct db *db, int64_t id, int64_t office_id, int public_, int active, const char *job_title,
			 const char *phone, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE staff_users SET office_id = CASE WHEN $2 > 0 THEN $2 ELSE NULL END, "
		"public = CASE WHEN $4 = 0 THEN 0 ELSE $3 END, active = $4, job_title = $5, phone = $6, updated_at = $7 "
		"WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, office_id);
	db_bind_int(st, 3, public_ ? 1 : 0);
	db_bind_int(st, 4, active ? 1 : 0);
	db_bind_text(st, 5, job_title ? job_title : "");
	db_bind_text(st, 6, phone ? phone : "");
	db_bind_int(st, 7, now);
	int rc = db_run_stmt(st);
	if (rc == K_OK && db_changes(db) == 0)
		return K_ENOTFOUND;
	if (rc == K_OK && !active) {
		st = db_prepare(db, "DELETE FROM staff_sessions WHERE user_id = $1");
		if (!st)
			return K_EDB;
		db_bind_int(st, 1, id);
		rc = db_run_stmt(st);
	}
	return rc;
}

int store_staff_office(struct db *db, int64_t id, int64_t *office_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(office_id, 0) FROM staff_users WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	*office_id = 0;
	if (rc == DB_ROW) {
		*office_id = db_col_int(st, 0);
		rc = K_OK;
	} else if (rc == DB_DONE) {
		rc = K_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int store_group_insert(struct db *db, const char *name, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO workflow_groups (name) VALUES ($1) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_text(st, 1, name);
	return db_returning_id(st, id);
}

int store_group_list(struct db *db, json_t *items)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, name FROM workflow_groups ORDER BY name");
	if (!st)
		return K_EDB;
	return db_rows_json(st, items);
}

int store_group_exists(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM workflow_groups WHERE id = $1");
	if (!st)
		return 0;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW;
}

int store_support_set(struct db *db, int64_t advisor_id, int64_t user_id, int64_t group_id)
{
	struct db_stmt *st;
	if (user_id <= 0 && group_id <= 0) {
		st = db_prepare(db, "DELETE FROM advisor_support WHERE advisor_id = $1");
		if (!st)
			return K_EDB;
		db_bind_int(st, 1, advisor_id);
		return db_run_stmt(st);
	}
	st = db_prepare(db, "INSERT INTO advisor_support (advisor_id, handler_user_id, handler_group_id) "
			    "VALUES ($1, $2, $3) ON CONFLICT (advisor_id) DO UPDATE SET "
			    "handler_user_id = excluded.handler_user_id, handler_group_id = excluded.handler_group_id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, advisor_id);
	if (user_id > 0)
		db_bind_int(st, 2, user_id);
	else
		db_bind_null(st, 2);
	if (group_id > 0)
		db_bind_int(st, 3, group_id);
	else
		db_bind_null(st, 3);
	return db_run_stmt(st);
}

int store_support_get(struct db *db, int64_t advisor_id, int64_t *user_id, int64_t *group_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(s.handler_user_id, 0), coalesce(s.handler_group_id, 0), "
					    "coalesce(u.active, 0) FROM advisor_support s LEFT JOIN staff_users u ON "
					    "u.id = s.handler_user_id WHERE s.advisor_id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, advisor_id);
	*user_id = *group_id = 0;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		/* a handler who left service no longer handles anything */
		*user_id = db_col_int(st, 2) ? db_col_int(st, 0) : 0;
		*group_id = db_col_int(st, 1);
	}
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? K_OK : rc;
}
