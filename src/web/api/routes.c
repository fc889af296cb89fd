/* The JSON API route table (/api/v1). */
#include "web/api/api.h"
#include "web/router.h"

static const struct param_decl document_form[] = {
	{"file", P_STR, 0, true},
	{"description", P_LINE, 200},
	{"product_id", P_INT, 16},
	{"public", P_BOOL, 5},
	{"policy_sheet", P_BOOL, 5},
	{NULL, 0, 0},
};

static const struct param_decl general_form[] = {
	{"file", P_STR, 0, true},
	{"description", P_LINE, 200},
	{"category_id", P_INT, 16},
	{"public", P_BOOL, 5},
	{"end_date", P_LINE, 10},
	{NULL, 0, 0},
};

static const struct param_decl content_query[] = {
	{"inline", P_BOOL, 5},
	{NULL, 0, 0},
};

static const struct param_decl task_query[] = {
	{"assignee", P_TOKEN, 8},
	{NULL, 0, 0},
};

static const struct param_decl search_query[] = {
	{"q", P_LINE, 200},
	{"page", P_INT, 6},
	{"per_page", P_INT, 3},
	{NULL, 0, 0},
};

const struct route routes_api[] = {
	{"POST", "/api/v1/session", api_session_create, R_JSON | R_NO_CSRF, NULL, NULL},
	{"DELETE", "/api/v1/session", api_session_delete, R_STAFF, NULL, NULL},
	{"GET", "/api/v1/me", api_me_get, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/me/password", api_me_password, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/me/2fa", api_me_totp_begin, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/me/2fa/confirm", api_me_totp_confirm, R_STAFF | R_JSON, NULL, NULL},
	{"DELETE", "/api/v1/me/2fa", api_me_totp_disable, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/dossiers", api_dossier_create, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/dossiers", api_dossier_search, R_STAFF, search_query, NULL},
	{"GET", "/api/v1/dossiers/{id:int}", api_dossier_get, R_STAFF, NULL, NULL},
	{"PATCH", "/api/v1/dossiers/{id:int}", api_dossier_update, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/dossiers/{id:int}/audit", api_dossier_audit, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/dossiers/{id:int}/persons", api_person_create, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/persons/{id:int}", api_person_get, R_STAFF, NULL, NULL},
	{"PATCH", "/api/v1/persons/{id:int}", api_person_update, R_STAFF | R_JSON, NULL, NULL},
	{"DELETE", "/api/v1/persons/{id:int}", api_person_delete, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/persons/{id:int}/reveal-bsn", api_person_reveal_bsn, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/dossiers/{id:int}/organisations", api_org_create, R_STAFF | R_JSON, NULL, NULL},
	{"PATCH", "/api/v1/organisations/{id:int}", api_org_update, R_STAFF | R_JSON, NULL, NULL},
	{"DELETE", "/api/v1/organisations/{id:int}", api_org_delete, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/dossiers/{id:int}/products", api_product_create, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/products/{id:int}", api_product_get, R_STAFF, NULL, NULL},
	{"PATCH", "/api/v1/products/{id:int}", api_product_update, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/offices", api_office_list, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/offices", api_office_create, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/offices/{id:int}", api_office_get, R_STAFF, NULL, NULL},
	{"PATCH", "/api/v1/offices/{id:int}", api_office_update, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/offices/{id:int}/contacts", api_office_contact_add, R_STAFF | R_JSON, NULL, NULL},
	{"PATCH", "/api/v1/office-contacts/{id:int}", api_office_contact_update, R_STAFF | R_JSON, NULL, NULL},
	{"DELETE", "/api/v1/office-contacts/{id:int}", api_office_contact_delete, R_STAFF, NULL, NULL},
	{"GET", "/api/v1/employees", api_employee_list, R_STAFF, NULL, NULL},
	{"PATCH", "/api/v1/employees/{id:int}", api_employee_update, R_STAFF | R_JSON, NULL, NULL},
	{"PUT", "/api/v1/employees/{id:int}/support", api_employee_support, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/workflow-groups", api_group_list, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/workflow-groups", api_group_create, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/users", api_user_create, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/dossiers/{id:int}/vault", api_vault_get, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/dossiers/{id:int}/vault/invitation", api_vault_invite, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/dossiers/{id:int}/vault/invitation/resend", api_vault_resend, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/dossiers/{id:int}/vault/invitation/revoke", api_vault_revoke, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/dossiers/{id:int}/vault/refresh", api_vault_refresh, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/dossiers/{id:int}/vault/users", api_vault_add_user, R_STAFF | R_JSON, NULL, NULL},
	{"DELETE", "/api/v1/dossiers/{id:int}/vault", api_vault_unlink, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/dossiers/{id:int}/vault/view-as", api_vault_view_as, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/document-types", api_doctype_list, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/document-types", api_doctype_create, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/products/{id:int}/checklist", api_checklist_create, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/products/{id:int}/requests", api_request_create, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/products/{id:int}/requests", api_request_list, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/requests/{id:int}/approve", api_request_approve, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/requests/{id:int}/reject", api_request_reject, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/tasks", api_tasks, R_STAFF, task_query, NULL},
	{"GET", "/api/v1/dossiers/{id:int}/documents", api_documents_of_dossier, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/dossiers/{id:int}/documents", api_document_add, R_STAFF | R_FORM, NULL, document_form},
	{"GET", "/api/v1/documents/{id:int}/content", api_document_content, R_STAFF, content_query, NULL},
	{"PATCH", "/api/v1/documents/{id:int}", api_document_update, R_STAFF | R_JSON, NULL, NULL},
	{"GET", "/api/v1/general-documents", api_general_list, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/general-documents", api_general_add, R_STAFF | R_FORM, NULL, general_form},
	{"GET", "/api/v1/document-categories", api_category_list, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/document-categories", api_category_create, R_STAFF | R_JSON, NULL, NULL},
	{"PATCH", "/api/v1/document-categories/{id:int}", api_category_update, R_STAFF | R_JSON, NULL, NULL},
	{"DELETE", "/api/v1/document-categories/{id:int}", api_category_delete, R_STAFF, NULL, NULL},
	{NULL, NULL, NULL, 0, NULL, NULL},
};
