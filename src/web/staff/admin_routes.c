/* Back-office admin pages (/app/beheer): offices, employees, groups, general
 * documents and their categories; and the audit page of a dossier. Rights
 * are checked by core (RIGHT_MANAGE_OFFICES, RIGHT_MANAGE_USERS,
 * RIGHT_MANAGE_DOCTYPES, RIGHT_VIEW_AUDIT): a refusal is a 403 page. */
#include "web/router.h"
#include "web/staff/admin_pages.h"

static const struct param_decl name_form[] = {
	{"name", P_LINE, 600},
	{NULL, 0, 0},
};

/* A contact detail; office_id only tells where to go back to. */
static const struct param_decl contact_form[] = {
	{"kind", P_TOKEN, 16},
	{"type", P_TOKEN, 16},
	{"value", P_LINE, 800},
	{"street", P_LINE, 400},
	{"house_number", P_LINE, 80},
	{"postcode", P_LINE, 64},
	{"city", P_LINE, 400},
	{"country", P_LINE, 16},
	{"public", P_BOOL, 5},
	{"office_id", P_INT, 20},
	{NULL, 0, 0},
};

static const struct param_decl branding_form[] = {
	{"firm_name", P_LINE, 100},
	{"primary_color", P_LINE, 7},
	{"header_text", P_LINE, 120},
	{"welcome_text", P_STR, 1000},
	{"remove_logo", P_BOOL, 5},
	{"logo", P_STR, 0},
	{NULL, 0, 0},
};

static const struct param_decl saved_q[] = {
	{"opgeslagen", P_BOOL, 1},
	{NULL, 0, 0},
};

static const struct param_decl back_form[] = {
	{"office_id", P_INT, 20},
	{NULL, 0, 0},
};

/* e-mail as P_LINE: core checks it and says what is wrong, next to the field */
static const struct param_decl staff_form[] = {
	{"email", P_LINE, 254},
	{"name", P_LINE, 480},
	{"role", P_TOKEN, 16},
	{"password", P_STR, 1024},
	{NULL, 0, 0},
};

static const struct param_decl employee_form[] = {
	{"office_id", P_LINE, 20},
	{"job_title", P_LINE, 400},
	{"phone", P_LINE, 64},
	{"public", P_BOOL, 5},
	{"in_service", P_BOOL, 5},
	{"support", P_LINE, 32},
	{NULL, 0, 0},
};

static const struct param_decl saved_query[] = {
	{"opgeslagen", P_BOOL, 5},
	{NULL, 0, 0},
};

/* A general document (R9): the files, and the fields general_add takes;
 * lengths in bytes (core counts the characters). */
static const struct param_decl general_doc_form[] = {
	{"file", P_STR, 0, true},
	{"description", P_LINE, 800},
	{"category_id", P_INT, 20},
	{"public", P_BOOL, 5},
	{"end_date", P_LINE, 32},
	{NULL, 0, 0},
};

/* Only the fields sent change: the public switch, or description and end
 * date ("" clears it). */
static const struct param_decl general_edit_form[] = {
	{"public", P_BOOL, 5},
	{"description", P_LINE, 800},
	{"end_date", P_LINE, 32},
	{NULL, 0, 0},
};

/* position as text: core says what is wrong with it, next to the field */
static const struct param_decl category_form[] = {
	{"name", P_LINE, 400},
	{"position", P_LINE, 16},
	{NULL, 0, 0},
};

static const struct param_decl no_form[] = {
	{NULL, 0, 0},
};

#define PAGE (R_STAFF | R_PAGE)
#define FORM (R_STAFF | R_PAGE | R_FORM)

const struct route routes_admin[] = {
	{"GET", "/app/beheer", page_admin_home, PAGE, NULL, NULL},
	{"GET", "/app/beheer/huisstijl", page_admin_branding, PAGE, saved_q, NULL},
	{"POST", "/app/beheer/huisstijl", page_admin_branding_save, FORM, NULL, branding_form},
	{"GET", "/app/beheer/kantoren", page_admin_offices, PAGE, NULL, NULL},
	{"POST", "/app/beheer/kantoren", page_admin_office_create, FORM, NULL, name_form},
	{"GET", "/app/beheer/kantoren/{id:int}", page_admin_office, PAGE, NULL, NULL},
	{"POST", "/app/beheer/kantoren/{id:int}", page_admin_office_rename, FORM, NULL, name_form},
	{"POST", "/app/beheer/kantoren/{id:int}/contacten", page_admin_contact_add, FORM, NULL, contact_form},
	{"POST", "/app/beheer/contacten/{id:int}", page_admin_contact_update, FORM, NULL, contact_form},
	{"POST", "/app/beheer/contacten/{id:int}/verwijderen", page_admin_contact_delete, FORM, NULL, back_form},
	{"GET", "/app/beheer/medewerkers", page_admin_staff, PAGE, NULL, NULL},
	{"POST", "/app/beheer/medewerkers", page_admin_staff_create, FORM, NULL, staff_form},
	{"GET", "/app/beheer/medewerkers/{id:int}", page_admin_employee, PAGE, saved_query, NULL},
	{"POST", "/app/beheer/medewerkers/{id:int}", page_admin_employee_update, FORM, NULL, employee_form},
	{"GET", "/app/beheer/groepen", page_admin_groups, PAGE, NULL, NULL},
	{"POST", "/app/beheer/groepen", page_admin_group_create, FORM, NULL, name_form},
	{"GET", "/app/beheer/documenten", page_admin_documents, PAGE, saved_q, NULL},
	{"POST", "/app/beheer/documenten", page_admin_document_add, FORM, NULL, general_doc_form},
	{"POST", "/app/beheer/documenten/{id:int}", page_admin_document_update, FORM, NULL, general_edit_form},
	{"POST", "/app/beheer/documenten/categorieen", page_admin_category_create, FORM, NULL, category_form},
	{"POST", "/app/beheer/documenten/categorieen/{id:int}", page_admin_category_update, FORM, NULL,
	 category_form},
	{"POST", "/app/beheer/documenten/categorieen/{id:int}/verwijderen", page_admin_category_delete, FORM, NULL,
	 no_form},
	{"GET", "/app/dossiers/{id:int}/historie", page_dossier_history, PAGE, NULL, NULL},
	{NULL, NULL, NULL, 0, NULL, NULL},
};
