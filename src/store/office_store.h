#ifndef KLUIS_STORE_OFFICE_STORE_H
#define KLUIS_STORE_OFFICE_STORE_H
#include <jansson.h>
#include <stdint.h>

struct db;

/* SQL for offices, their contact details, employees (staff users as
 * employees), workflow groups and the advisor support relation (D8). */

int store_office_insert(struct db *db, const char *name, int64_t now, int64_t *id);
int store_office_rename(struct db *db, int64_t id, const char *name, int64_t now);
/* store_office_get: {id, name, contacts: [...], employees: [...]}. */
int store_office_get(struct db *db, int64_t id, json_t **out);
/* store_office_list: [{id, name, employees: n}] appended. */
int store_office_list(struct db *db, json_t *items);

/* Contact detail of an office. For kind address the address parts are used,
 * value is "". */
struct office_contact {
	const char *kind, *type, *value, *street, *house_number, *postcode, *city, *country;
	int public_;
};
int store_office_contact_insert(struct db *db, int64_t office_id, const struct office_contact *c, int64_t *id);
int store_office_contact_update(struct db *db, int64_t id, const struct office_contact *c);
int store_office_contact_delete(struct db *db, int64_t id);
/* store_office_contact_office: the office of a contact detail. */
int store_office_contact_office(struct db *db, int64_t id, int64_t *office_id);

/* store_staff_list: every staff user as {id, email, name, role, office_id,
 * office_name, public, in_service, job_title, phone, two_factor,
 * support_user_id, support_group_id} appended. */
int store_staff_list(struct db *db, json_t *items);
/* store_staff_employee: set office (0 = none), public, in service (active),
 * job title and phone. Leaving service (active 0) also sets public 0 and
 * ends the user's sessions. */
int store_staff_employee(struct db *db, int64_t id, int64_t office_id, int public_, int active, const char *job_title,
			 const char *phone, int64_t now);
/* store_staff_office: the office of a staff user (0 = none). */
int store_staff_office(struct db *db, int64_t id, int64_t *office_id);

int store_group_insert(struct db *db, const char *name, int64_t *id);
int store_group_list(struct db *db, json_t *items);
int store_group_exists(struct db *db, int64_t id);
/* store_support_set: the advisor's support relation: user or group (both 0 =
 * none). */
int store_support_set(struct db *db, int64_t advisor_id, int64_t user_id, int64_t group_id);
/* store_support_get: *user_id / *group_id (0 when none). */
int store_support_get(struct db *db, int64_t advisor_id, int64_t *user_id, int64_t *group_id);

#endif
