#ifndef KLUIS_WEB_API_API_H
#define KLUIS_WEB_API_API_H
#include "util/err.h"
#include "web/req.h"

/* Helpers shared by the JSON API handlers. */

/* api_str: a string member of the JSON body, or NULL (absent or not a
 * string). */
const char *api_str(struct req *r, const char *key);
/* api_fail: render a kfail as an API error with the status for err. */
int api_fail(struct req *r, int err, const struct kfail *f);
/* api_reply: rc == K_OK → send out (stolen) with status; else the error. */
int api_reply(struct req *r, int rc, int status, json_t *out, const struct kfail *f);
/* api_status_for: the HTTP status for a K_E* error. */
int api_status_for(int err);

/* handlers (session_api.c, me_api.c) */
int api_session_create(struct req *r);
int api_session_delete(struct req *r);
int api_me_get(struct req *r);
int api_me_password(struct req *r);
int api_me_totp_begin(struct req *r);
int api_me_totp_confirm(struct req *r);
int api_me_totp_disable(struct req *r);

/* dossier_api.c, party_api.c, product_api.c, office_api.c */
int api_dossier_create(struct req *r);
int api_dossier_search(struct req *r);
int api_dossier_get(struct req *r);
int api_dossier_update(struct req *r);
int api_dossier_audit(struct req *r);
int api_person_create(struct req *r);
int api_person_get(struct req *r);
int api_person_update(struct req *r);
int api_person_delete(struct req *r);
int api_person_reveal_bsn(struct req *r);
int api_org_create(struct req *r);
int api_org_update(struct req *r);
int api_org_delete(struct req *r);
int api_product_create(struct req *r);
int api_product_get(struct req *r);
int api_product_update(struct req *r);
int api_office_list(struct req *r);
int api_office_create(struct req *r);
int api_office_get(struct req *r);
int api_office_update(struct req *r);
int api_office_contact_add(struct req *r);
int api_office_contact_update(struct req *r);
int api_office_contact_delete(struct req *r);
int api_employee_list(struct req *r);
int api_employee_update(struct req *r);
int api_employee_support(struct req *r);
int api_group_list(struct req *r);
int api_group_create(struct req *r);
int api_user_create(struct req *r);
int api_vault_get(struct req *r);
int api_vault_invite(struct req *r);
int api_vault_resend(struct req *r);
int api_vault_revoke(struct req *r);
int api_vault_refresh(struct req *r);
int api_vault_add_user(struct req *r);
int api_vault_unlink(struct req *r);
int api_vault_view_as(struct req *r);
int api_document_content(struct req *r);
int api_documents_of_dossier(struct req *r);
int api_tasks(struct req *r);
int api_document_update(struct req *r);
int api_document_add(struct req *r);
struct upload_file;
/* api_upload_files: the non-empty "file" parts of a multipart request (at
 * most DOCUMENT_MAX_FILES, in order) into files; returns how many. */
int api_upload_files(struct req *r, struct upload_file *files);
int api_general_list(struct req *r);
int api_general_add(struct req *r);
int api_category_list(struct req *r);
int api_category_create(struct req *r);
int api_category_update(struct req *r);
int api_category_delete(struct req *r);

/* request_api.c */
int api_doctype_list(struct req *r);
int api_doctype_create(struct req *r);
int api_checklist_create(struct req *r);
int api_request_create(struct req *r);
int api_request_list(struct req *r);
int api_request_approve(struct req *r);
int api_request_reject(struct req *r);

#endif
