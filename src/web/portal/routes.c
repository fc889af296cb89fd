/* The client face: /api/v1/portal and (later) the /portaal pages. */
#include "web/portal/portal.h"
#include "web/portal/portal_pages.h"
#include "web/router.h"

#define CJ (R_CLIENT | R_JSON)

static const struct param_decl upload_form[] = {
	{"file", P_STR, 0, true},
	{NULL, 0, 0},
};

const struct route routes_portal[] = {
	{"POST", "/api/v1/portal/session", papi_session_create, R_JSON | R_NO_CSRF, NULL, NULL},
	{"DELETE", "/api/v1/portal/session", papi_session_delete, R_CLIENT | R_READ_ONLY_OK, NULL, NULL},
	{"POST", "/api/v1/portal/activation/sms", papi_activation_sms, R_JSON | R_NO_CSRF, NULL, NULL},
	{"POST", "/api/v1/portal/activation", papi_activation, R_JSON | R_NO_CSRF, NULL, NULL},
	{"POST", "/api/v1/portal/password-reset", papi_reset, R_JSON | R_NO_CSRF, NULL, NULL},
	{"POST", "/api/v1/portal/password-reset/confirm", papi_reset_confirm, R_JSON | R_NO_CSRF, NULL, NULL},
	{"GET", "/api/v1/portal/me", papi_me, R_CLIENT, NULL, NULL},
	{"PATCH", "/api/v1/portal/me", papi_me_update, CJ, NULL, NULL},
	{"POST", "/api/v1/portal/2fa", papi_totp_begin, CJ, NULL, NULL},
	{"POST", "/api/v1/portal/2fa/confirm", papi_totp_confirm, CJ, NULL, NULL},
	{"DELETE", "/api/v1/portal/2fa", papi_totp_disable, CJ, NULL, NULL},
	{"GET", "/api/v1/portal/requests", papi_requests, R_CLIENT, NULL, NULL},
	{"GET", "/api/v1/portal/overview", papi_overview, R_CLIENT, NULL, NULL},
	{"GET", "/portaal/huisstijl.css", papi_branding_css, 0, NULL, NULL},
	{"GET", "/portaal/logo", papi_branding_logo, 0, NULL, NULL},
	{"POST", "/api/v1/portal/requests/{id:int}/files", papi_upload, R_CLIENT | R_FORM, NULL, upload_form},
	{"GET", "/api/v1/portal/documents", papi_documents, R_CLIENT | R_READ_ONLY_OK, NULL, NULL},
	{"GET", "/api/v1/portal/documents/{id:int}/content", papi_document_content, R_CLIENT, NULL, NULL},
	PORTAL_PAGE_ROUTES
	{NULL, NULL, NULL, 0, NULL, NULL},
};
