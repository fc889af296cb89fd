#ifndef KLUIS_WEB_PORTAL_PORTAL_PAGES_H
#define KLUIS_WEB_PORTAL_PORTAL_PAGES_H
#include <jansson.h>
#include "web/req.h"

/* The /portaal pages (client face) and the staff "Kluis" tab of a dossier.
 * PORTAL_PAGE_ROUTES lists their route entries for routes_portal
 * (src/web/portal/routes.c). Every page works without JavaScript. */

/* --- client pages (src/web/portal/pages_*.c) ----------------------------- */
/* pages_account.c: activation, sign-in, password reset, view-as */
int ppage_activate(struct req *r);          /* GET  /portaal/activeren?t= */
int ppage_activate_post(struct req *r);     /* POST /portaal/activeren */
int ppage_activate_sms(struct req *r);      /* POST /portaal/activeren/sms */
int ppage_login(struct req *r);             /* GET  /portaal/login */
int ppage_login_post(struct req *r);        /* POST /portaal/login */
int ppage_logout(struct req *r);            /* POST /portaal/uitloggen */
int ppage_forgot(struct req *r);            /* GET  /portaal/wachtwoord-vergeten */
int ppage_forgot_post(struct req *r);       /* POST /portaal/wachtwoord-vergeten */
int ppage_reset(struct req *r);             /* GET  /portaal/wachtwoord-herstellen?t= */
int ppage_reset_post(struct req *r);        /* POST /portaal/wachtwoord-herstellen */
int ppage_view_as(struct req *r);           /* GET  /portaal/meekijken?t= */
/* pages_home.c: the vault shell */
int ppage_root(struct req *r);              /* GET  /portaal → /portaal/ */
int ppage_home(struct req *r);              /* GET  /portaal/ */
int ppage_settings(struct req *r);          /* GET  /portaal/instellingen */
int ppage_settings_email(struct req *r);    /* POST /portaal/instellingen/email */
int ppage_settings_password(struct req *r); /* POST /portaal/instellingen/wachtwoord */
int ppage_settings_totp(struct req *r);     /* POST /portaal/instellingen/2fa */
int ppage_settings_totp_confirm(struct req *r);
int ppage_settings_totp_off(struct req *r);
int ppage_settings_add_user(struct req *r); /* POST /portaal/instellingen/gebruikers */
/* pages_documents.c: "Mijn documenten" and "Belangrijke documenten" */
int ppage_documents(struct req *r);         /* GET  /portaal/documenten?tab= */
/* pages_upload.c: requests on the overview, the upload form (R3, R6) */
int ppage_upload(struct req *r);            /* POST /portaal/verzoeken/{id}/bestanden */
/* portal_requests_ctx: the client's visible requests and progress into ctx */
void portal_requests_ctx(struct req *r, json_t *ctx);

/* portal_render: render templates/<tmpl>.html inside templates/portal_layout
 * with ctx (stolen), adding the client context (client, csrf_token,
 * view_as banner) the way resp_page does for staff. */
int portal_render(struct req *r, int status, const char *tmpl, json_t *ctx);
/* portal_message: a simple client page (title, text, optional link). */
int portal_message(struct req *r, int status, const char *title, const char *text, const char *link,
		   const char *link_label);

/* --- staff "Kluis" tab (src/web/staff/vault_tab.c) ----------------------- */
/* vault_tab_fill: add the vault context ("vault") of dossier d (borrowed)
 * to ctx of the dossier page; called by page_dossier_view for ?tab=kluis. */
void vault_tab_fill(struct req *r, json_t *ctx, const json_t *d);
/* vault_tab_posted: true while a Kluis-tab form answers with the dossier
 * page in place (errors): page_dossier_view then shows the Kluis tab. */
int vault_tab_posted(void);
int spage_vault_invite(struct req *r);   /* POST /app/dossiers/{id}/kluis/uitnodigen */
int spage_vault_resend(struct req *r);   /* POST .../kluis/opnieuw-versturen */
int spage_vault_revoke(struct req *r);   /* POST .../kluis/intrekken */
int spage_vault_add_user(struct req *r); /* POST .../kluis/gebruikers */
int spage_vault_view_as(struct req *r);  /* POST .../kluis/meekijken */
int spage_vault_unlink(struct req *r);   /* POST .../kluis/ontkoppelen */

/* Form and query declarations (pages_common.c). */
extern const struct param_decl ppq_token[];
extern const struct param_decl ppf_upload[]; /* pages_upload.c */
extern const struct param_decl ppq_home[];   /* pages_upload.c */
extern const struct param_decl ppq_tab[];
extern const struct param_decl ppf_activate[];
extern const struct param_decl ppf_token[];
extern const struct param_decl ppf_login[];
extern const struct param_decl ppf_email[];
extern const struct param_decl ppf_reset[];
extern const struct param_decl ppf_none[];
extern const struct param_decl ppf_change_email[];
extern const struct param_decl ppf_password[];
extern const struct param_decl ppf_totp[];
extern const struct param_decl ppf_user[];
extern const struct param_decl spf_invite[];
extern const struct param_decl spf_unlink[];

#define PP_PAGE R_PAGE
#define PP_ANON_POST (R_PAGE | R_FORM | R_NO_CSRF | R_READ_ONLY_OK)
#define PP_CLIENT (R_PAGE | R_CLIENT)
#define PP_CLIENT_POST (R_PAGE | R_CLIENT | R_FORM)
#define SP_VAULT_POST (R_STAFF | R_PAGE | R_FORM)

#define PORTAL_PAGE_ROUTES                                                                                             \
	{"GET", "/portaal", ppage_root, PP_PAGE, NULL, NULL},                                                          \
	{"GET", "/portaal/", ppage_home, PP_CLIENT, ppq_home, NULL},                                                       \
	{"GET", "/portaal/activeren", ppage_activate, PP_PAGE, ppq_token, NULL},                                       \
	{"POST", "/portaal/activeren", ppage_activate_post, PP_ANON_POST, NULL, ppf_activate},                          \
	{"POST", "/portaal/activeren/sms", ppage_activate_sms, PP_ANON_POST, NULL, ppf_token},                          \
	{"GET", "/portaal/login", ppage_login, PP_PAGE, NULL, NULL},                                                   \
	{"POST", "/portaal/login", ppage_login_post, PP_ANON_POST, NULL, ppf_login},                                    \
	{"POST", "/portaal/uitloggen", ppage_logout, PP_CLIENT_POST | R_READ_ONLY_OK, NULL, ppf_none},                  \
	{"GET", "/portaal/wachtwoord-vergeten", ppage_forgot, PP_PAGE, NULL, NULL},                                    \
	{"POST", "/portaal/wachtwoord-vergeten", ppage_forgot_post, PP_ANON_POST, NULL, ppf_email},                     \
	{"GET", "/portaal/wachtwoord-herstellen", ppage_reset, PP_PAGE, ppq_token, NULL},                              \
	{"POST", "/portaal/wachtwoord-herstellen", ppage_reset_post, PP_ANON_POST, NULL, ppf_reset},                    \
	{"GET", "/portaal/meekijken", ppage_view_as, PP_PAGE, ppq_token, NULL},                                        \
	{"GET", "/portaal/instellingen", ppage_settings, PP_CLIENT, NULL, NULL},                                       \
	{"GET", "/portaal/documenten", ppage_documents, PP_CLIENT, ppq_tab, NULL},                                     \
	{"POST", "/portaal/instellingen/email", ppage_settings_email, PP_CLIENT_POST, NULL, ppf_change_email},          \
	{"POST", "/portaal/instellingen/wachtwoord", ppage_settings_password, PP_CLIENT_POST, NULL, ppf_password},      \
	{"POST", "/portaal/instellingen/2fa", ppage_settings_totp, PP_CLIENT_POST, NULL, ppf_none},                     \
	{"POST", "/portaal/instellingen/2fa/bevestigen", ppage_settings_totp_confirm, PP_CLIENT_POST, NULL, ppf_totp},  \
	{"POST", "/portaal/instellingen/2fa/uit", ppage_settings_totp_off, PP_CLIENT_POST, NULL, ppf_totp},             \
	{"POST", "/portaal/instellingen/gebruikers", ppage_settings_add_user, PP_CLIENT_POST, NULL, ppf_user},          \
	{"POST", "/portaal/verzoeken/{id:int}/bestanden", ppage_upload, PP_CLIENT_POST, NULL, ppf_upload},             \
	{"POST", "/app/dossiers/{id:int}/kluis/uitnodigen", spage_vault_invite, SP_VAULT_POST, NULL, spf_invite},       \
	{"POST", "/app/dossiers/{id:int}/kluis/opnieuw-versturen", spage_vault_resend, SP_VAULT_POST, NULL, ppf_none},  \
	{"POST", "/app/dossiers/{id:int}/kluis/intrekken", spage_vault_revoke, SP_VAULT_POST, NULL, ppf_none},          \
	{"POST", "/app/dossiers/{id:int}/kluis/gebruikers", spage_vault_add_user, SP_VAULT_POST, NULL, ppf_user},       \
	{"POST", "/app/dossiers/{id:int}/kluis/meekijken", spage_vault_view_as, SP_VAULT_POST, NULL, ppf_none},         \
	{"POST", "/app/dossiers/{id:int}/kluis/ontkoppelen", spage_vault_unlink, SP_VAULT_POST, NULL, spf_unlink},

#endif
