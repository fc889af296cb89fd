#ifndef KLUIS_CORE_OFFICE_H
#define KLUIS_CORE_OFFICE_H
#include <jansson.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "util/err.h"

struct db;

/* Offices, employees, workflow groups and the advisor support relation
 * (D8, D9). Managing offices and groups needs RIGHT_MANAGE_OFFICES (admin);
 * managing employees and support relations needs RIGHT_MANAGE_USERS
 * (admin); reading needs RIGHT_WORK_DOSSIERS. Changes are audited. */

/* Helpers for other core modules (no rights check, caller's connection). */
int office_exists(struct db *db, int64_t id);
/* office_of_staff: the staff user's office id, 0 if none. */
int64_t office_of_staff(struct db *db, int64_t staff_id);
/* office_support_handler: D8: who handles the tasks of advisor's dossiers:
 * the support relation's user if it names one; the advisor when it names a
 * workflow group or nothing. */
int64_t office_support_handler(struct db *db, int64_t advisor_id);
/* office_task_assignee: the user who gets a task about dossier_id (D8):
 * office_support_handler of its financial advisor; without an advisor the
 * dossier's handler; 0 if neither. */
int64_t office_task_assignee(struct app *app, int64_t dossier_id);

int office_create(struct app *app, const struct actor *a, const json_t *in, json_t **out, struct kfail *f);
int office_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		  struct kfail *f);
int office_get(struct app *app, const struct actor *a, int64_t id, json_t **out);
int office_list(struct app *app, const struct actor *a, json_t **out);
/* office_contact_add: in = {kind: phone|email|address|website, type, value?
 * | street.., public}. */
int office_contact_add(struct app *app, const struct actor *a, int64_t office_id, const json_t *in, json_t **out,
		       struct kfail *f);
int office_contact_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
			  struct kfail *f);
int office_contact_delete(struct app *app, const struct actor *a, int64_t id);

/* employee_list: all staff users with their employee data. */
int employee_list(struct app *app, const struct actor *a, json_t **out);
/* employee_update: in = {office_id?, public?, in_service?, job_title?,
 * phone?}; leaving service makes the employee non-public and ends their
 * sessions (they can no longer sign in). */
int employee_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		    struct kfail *f);
/* support_set: in = {handler_user_id?, handler_group_id?} (neither = none). */
int support_set(struct app *app, const struct actor *a, int64_t advisor_id, const json_t *in, struct kfail *f);
int group_create(struct app *app, const struct actor *a, const char *name, int64_t *id, struct kfail *f);
int group_list(struct app *app, const struct actor *a, json_t **out);

#endif
