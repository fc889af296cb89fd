/* The JSON API route table (/api/v1). */
#include "web/api/api.h"
#include "web/router.h"

const struct route routes_api[] = {
	{"POST", "/api/v1/session", api_session_create, R_JSON | R_NO_CSRF, NULL, NULL},
	{"DELETE", "/api/v1/session", api_session_delete, R_STAFF, NULL, NULL},
	{"GET", "/api/v1/me", api_me_get, R_STAFF, NULL, NULL},
	{"POST", "/api/v1/me/password", api_me_password, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/me/2fa", api_me_totp_begin, R_STAFF | R_JSON, NULL, NULL},
	{"POST", "/api/v1/me/2fa/confirm", api_me_totp_confirm, R_STAFF | R_JSON, NULL, NULL},
	{"DELETE", "/api/v1/me/2fa", api_me_totp_disable, R_STAFF | R_JSON, NULL, NULL},
	{NULL, NULL, NULL, 0, NULL, NULL},
};
