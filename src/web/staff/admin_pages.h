#ifndef KLUIS_WEB_STAFF_ADMIN_PAGES_H
#define KLUIS_WEB_STAFF_ADMIN_PAGES_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/actor.h"
#include "util/err.h"
#include "web/req.h"

/* Back-office admin pages (/app/beheer) and the audit page of a dossier.
 * Every handler asks core for the right (rights_check) or lets the core
 * function refuse; K_EDENIED becomes a 403 page, K_ENOTFOUND a 404 page. */

/* admin_overview.c */
int page_admin_home(struct req *r);

/* admin_offices.c */
int page_admin_offices(struct req *r);
int page_admin_office_create(struct req *r);
int page_admin_office(struct req *r);
int page_admin_office_rename(struct req *r);
int page_admin_contact_add(struct req *r);
int page_admin_contact_update(struct req *r);
int page_admin_contact_delete(struct req *r);

/* admin_staff.c */
int page_admin_staff(struct req *r);
int page_admin_staff_create(struct req *r);
int page_admin_employee(struct req *r);
int page_admin_employee_update(struct req *r);

/* admin_groups.c */
int page_admin_groups(struct req *r);
int page_admin_group_create(struct req *r);

/* admin_history.c */
int page_dossier_history(struct req *r);

/* admin_branding.c */
int page_admin_branding(struct req *r);
int page_admin_branding_save(struct req *r);

/* admin_documents.c: general documents (R9) and their categories (R10),
 * RIGHT_MANAGE_DOCTYPES */
int page_admin_documents(struct req *r);
int page_admin_document_add(struct req *r);
int page_admin_document_update(struct req *r);
int page_admin_category_create(struct req *r);
int page_admin_category_update(struct req *r);
int page_admin_category_delete(struct req *r);

/* --- helpers (admin_common.c) ------------------------------------------ */

/* admin_fail: the page for a core refusal: K_EDENIED → 403, K_ENOTFOUND →
 * 404, K_EINVAL/K_ECONFLICT/K_EWEAK → 422 with message (when no form can
 * show it), anything else is returned as is (500 by the dispatcher). */
int admin_fail(struct req *r, int rc, const struct kfail *f);
/* admin_need: K_OK when the actor of r holds right (enum right), else the
 * 403 page has been queued and its status (403) is returned. */
int admin_need(struct req *r, enum right right);
/* admin_ctx: a page context with nav "admin" and title (new reference). */
json_t *admin_ctx(const char *title);
/* admin_form_error: put the kfail into ctx for the templates: ctx.err is
 * {form_field: message} (the field mapped by map: pairs of core field and
 * form field, NULL-ended; unknown fields go to default_field) and
 * ctx.error_summary the message. */
void admin_form_error(json_t *ctx, const struct kfail *f, const char *const *map, const char *default_field);
/* admin_val: the value sent for a declared field, or "". */
const char *admin_val(struct req *r, const char *name);
/* admin_checked: a checkbox / P_BOOL field that was sent with a true value. */
bool admin_checked(struct req *r, const char *name);
/* admin_str: a JSON string member or "" (never NULL). */
const char *admin_str(const json_t *o, const char *key);
/* admin_fmt_time: unix seconds → "dd-mm-jjjj hh:mm" in Europe/Amsterdam
 * (CET/CEST by the EU rule). */
void admin_fmt_time(int64_t t, char *out, size_t outlen);
/* admin_redirect_id: 303 to prefix + id + suffix (suffix may be NULL). */
int admin_redirect_id(struct req *r, const char *prefix, int64_t id, const char *suffix);
/* admin_phone_display: a stored E.164 number for people: Dutch numbers in
 * national form ("020 123 4567"), others as stored. */
void admin_phone_display(const char *e164, char *out, size_t outlen);
/* Dutch labels. */
const char *admin_kind_label(const char *kind);
const char *admin_type_label(const char *type);
const char *admin_action_label(const char *action);

#endif
