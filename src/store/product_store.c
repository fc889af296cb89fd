/* SQL for products (D3) and their rights holders. */
#include <stdio.h>
#include "store/db.h"
#include "store/product_store.h"
#include "util/err.h"

int store_product_insert(struct db *db, int64_t dossier_id, const char *type, const char *name, int public_,
			 const char *status, const char *card, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO products (dossier_id, type, name, public, status, card, "
					    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_text(st, 2, type);
	db_bind_text(st, 3, name ? name : "");
	db_bind_int(st, 4, public_ ? 1 : 0);
	db_bind_text(st, 5, status);
	db_bind_text(st, 6, card ? card : "{}");
	db_bind_int(st, 7, now);
	return db_returning_id(st, id);
}

int store_product_update(struct db *db, int64_t id, const char *name, int public_, const char *status,
			 const char *card, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE products SET name = coalesce($2, name), public = CASE WHEN $3 < 0 THEN public ELSE $3 END, "
		"status = coalesce($4, status), card = coalesce($5, card), updated_at = $6 WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_int(st, 3, public_);
	db_bind_text(st, 4, status);
	db_bind_text(st, 5, card);
	db_bind_int(st, 6, now);
	int rc = db_run_stmt(st);
	return rc == K_OK && db_changes(db) == 0 ? K_ENOTFOUND : rc;
}

static int holders_into(struct db *db, int64_t product_id, json_t *p)
{
	json_t *arr = json_array();
	json_object_set_new(p, "holders", arr);
	struct db_stmt *st = db_prepare(db,
		"SELECT h.id, h.person_id, h.organisation_id, coalesce(trim(pe.first_name || ' ' || CASE WHEN "
		"pe.infix <> '' THEN pe.infix || ' ' ELSE '' END || pe.last_name), o.name) AS name FROM product_holders h "
		"LEFT JOIN persons pe ON pe.id = h.person_id LEFT JOIN organisations o ON o.id = h.organisation_id "
		"WHERE h.product_id = $1 ORDER BY h.id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, product_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(arr, db_row_json(st));
	db_done(st);
	return rc == DB_DONE ? K_OK : rc;
}

#define PRODUCT_COLS "id, dossier_id, type, name, public AS public__bool, status, card AS card__json, created_at, updated_at "

int store_product_get(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PRODUCT_COLS "FROM products WHERE id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	json_t *p = NULL;
	int rc = db_one_json(st, &p);
	if (rc)
		return rc;
	if ((rc = holders_into(db, id, p))) {
		json_decref(p);
		return rc;
	}
	*out = p;
	return K_OK;
}

int store_products_of_dossier(struct db *db, int64_t dossier_id, json_t *items)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PRODUCT_COLS "FROM products WHERE dossier_id = $1 ORDER BY id");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, dossier_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, db_row_json(st));
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	size_t i;
	json_t *p;
	json_array_foreach(items, i, p) {
		if ((rc = holders_into(db, json_integer_value(json_object_get(p, "id")), p)))
			return rc;
	}
	return K_OK;
}

int store_product_holders_set(struct db *db, int64_t product_id, const json_t *person_ids, const json_t *org_ids)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM product_holders WHERE product_id = $1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, product_id);
	int rc = db_run_stmt(st);
	if (rc)
		return rc;
	size_t i;
	json_t *v;
	json_array_foreach(person_ids, i, v) {
		st = db_prepare(db, "INSERT INTO product_holders (product_id, person_id) VALUES ($1, $2)");
		if (!st)
			return K_EDB;
		db_bind_int(st, 1, product_id);
		db_bind_int(st, 2, json_integer_value(v));
		if ((rc = db_run_stmt(st)))
			return rc;
	}
	json_array_foreach(org_ids, i, v) {
		st = db_prepare(db, "INSERT INTO product_holders (product_id, organisation_id) VALUES ($1, $2)");
		if (!st)
			return K_EDB;
		db_bind_int(st, 1, product_id);
		db_bind_int(st, 2, json_integer_value(v));
		if ((rc = db_run_stmt(st)))
			return rc;
	}
	return K_OK;
}

int store_sole_holder_count(struct db *db, int kind, int64_t id, int64_t *n)
{
	struct db_stmt *st = kind == 0
		? db_prepare(db, "SELECT count(*) FROM product_holders h JOIN products p ON p.id = h.product_id "
				 "WHERE h.person_id = $1 AND p.type = 'service' AND (SELECT count(*) FROM product_holders x "
				 "WHERE x.product_id = h.product_id) = 1")
		: db_prepare(db, "SELECT count(*) FROM product_holders h JOIN products p ON p.id = h.product_id "
				 "WHERE h.organisation_id = $1 AND p.type = 'service' AND (SELECT count(*) FROM "
				 "product_holders x WHERE x.product_id = h.product_id) = 1");
	if (!st)
		return K_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	*n = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? K_OK : K_EDB;
}
