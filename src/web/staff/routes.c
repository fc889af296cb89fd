/* The back office page routes (/app). */
#include "web/router.h"
#include "web/staff/pages.h"

static const struct param_decl login_form[] = {
	{"email", P_LINE, 254},
	{"password", P_STR, 1024},
	{"totp", P_LINE, 16},
	{NULL, 0, 0},
};

static const struct param_decl password_form[] = {
	{"current_password", P_STR, 1024},
	{"new_password", P_STR, 1024},
	{"new_password2", P_STR, 1024},
	{NULL, 0, 0},
};

static const struct param_decl totp_form[] = {
	{"totp", P_LINE, 16},
	{"password", P_STR, 1024},
	{NULL, 0, 0},
};

static const struct param_decl no_form[] = {
	{NULL, 0, 0},
};

const struct route routes_staff[] = {
	{"GET", "/app/login", page_login, R_PAGE, NULL, NULL},
	{"POST", "/app/login", page_login_post, R_PAGE | R_FORM | R_NO_CSRF, NULL, login_form},
	{"POST", "/app/logout", page_logout, R_PAGE | R_STAFF | R_FORM, NULL, no_form},
	{"GET", "/app/", page_dashboard, R_PAGE | R_STAFF, NULL, NULL},
	{"GET", "/app/profiel", page_profile, R_PAGE | R_STAFF, NULL, NULL},
	{"GET", "/app/demo/berichten", page_demo_messages, R_PAGE | R_STAFF, NULL, NULL},
	{"POST", "/app/profiel/wachtwoord", page_profile_password, R_PAGE | R_STAFF | R_FORM, NULL, password_form},
	{"POST", "/app/profiel/2fa", page_profile_totp_begin, R_PAGE | R_STAFF | R_FORM, NULL, no_form},
	{"POST", "/app/profiel/2fa/bevestigen", page_profile_totp_confirm, R_PAGE | R_STAFF | R_FORM, NULL, totp_form},
	{"POST", "/app/profiel/2fa/uit", page_profile_totp_disable, R_PAGE | R_STAFF | R_FORM, NULL, totp_form},
	{NULL, NULL, NULL, 0, NULL, NULL},
};
