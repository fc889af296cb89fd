/* Dossier pages (/app/dossiers, /app/personen, /app/organisaties,
 * /app/producten). */
#include "web/router.h"
#include "web/staff/dossier_pages.h"
#include "web/staff/documents_tab.h"

static const struct param_decl search_q[] = {
	{"q", P_LINE, 200},
	{"page", P_INT, 6},
	{NULL, 0, 0},
};

static const struct param_decl tab_q[] = {
	{"tab", P_TOKEN, 16},
	{NULL, 0, 0},
};

static const struct param_decl type_q[] = {
	{"type", P_TOKEN, 32},
	{NULL, 0, 0},
};

static const struct param_decl dossier_form[] = {
	{"kind", P_TOKEN, 16},
	{"name", P_LINE, 150},
	{NULL, 0, 0},
};

#define CONTACT_FIELDS                                                                                                 \
	{"email_type_0", P_TOKEN, 16}, {"email_0", P_LINE, 254}, {"email_type_1", P_TOKEN, 16},                       \
		{"email_1", P_LINE, 254}, {"phone_type_0", P_TOKEN, 16}, {"phone_0", P_LINE, 64},                     \
		{"phone_type_1", P_TOKEN, 16}, {"phone_1", P_LINE, 64}, {"addr_type_0", P_TOKEN, 16},                 \
		{"street_0", P_LINE, 100}, {"house_number_0", P_LINE, 20}, {"postcode_0", P_LINE, 16},                \
		{"city_0", P_LINE, 100}, {"country_0", P_LINE, 2}

static const struct param_decl dossier_edit_form[] = {
	{"name", P_LINE, 150},
	{"advisor_id", P_INT, 16},
	{"handler_id", P_INT, 16},
	{NULL, 0, 0},
};

static const struct param_decl person_form[] = {
	{"role", P_TOKEN, 16},
	{"first_name", P_LINE, 100},
	{"infix", P_LINE, 20},
	{"last_name", P_LINE, 100},
	{"birth_date", P_LINE, 10},
	{"nationality", P_LINE, 50},
	{"bsn", P_LINE, 32},
	CONTACT_FIELDS,
	{NULL, 0, 0},
};

static const struct param_decl org_form[] = {
	{"name", P_LINE, 150},
	{"role", P_TOKEN, 16},
	{"kvk", P_LINE, 8},
	CONTACT_FIELDS,
	{NULL, 0, 0},
};

/* every product-card key of every type (see core/product.c) */
static const struct param_decl product_form[] = {
	{"type", P_TOKEN, 32},
	{"name", P_LINE, 150},
	{"status", P_TOKEN, 16},
	{"public", P_BOOL, 5},
	{"holder", P_TOKEN, 24, true},
	{"card_advice_kind", P_LINE, 200},
	{"card_description", P_LINE, 200},
	{"card_start_date", P_LINE, 10},
	{"card_end_date", P_LINE, 10},
	{"card_fee", P_LINE, 20},
	{"card_lender", P_LINE, 200},
	{"card_loan_number", P_LINE, 200},
	{"card_amount", P_LINE, 20},
	{"card_interest_rate", P_LINE, 20},
	{"card_fixed_period_years", P_LINE, 20},
	{"card_insurer", P_LINE, 200},
	{"card_policy_number", P_LINE, 200},
	{"card_insured_amount", P_LINE, 20},
	{"card_premium", P_LINE, 20},
	{"card_cover", P_LINE, 200},
	{"card_counterparty", P_LINE, 200},
	{"card_contract_number", P_LINE, 200},
	{"card_credit_limit", P_LINE, 20},
	{"card_monthly_payment", P_LINE, 20},
	{"card_bank", P_LINE, 200},
	{"card_account", P_LINE, 64},
	{"card_balance", P_LINE, 20},
	{NULL, 0, 0},
};

static const struct param_decl review_form[] = {
	{"reason", P_LINE, 500},
	{"comment", P_STR, 1000},
	{NULL, 0, 0},
};

static const struct param_decl checklist_form[] = {
	{"document_type_id", P_INT, 16, true},
	{NULL, 0, 0},
};

static const struct param_decl document_form[] = {
	{"file", P_STR, 0, true},
	{"description", P_LINE, 200},
	{"product_id", P_INT, 16},
	{"public", P_BOOL, 5},
	{"policy_sheet", P_BOOL, 5},
	{NULL, 0, 0},
};

static const struct param_decl document_edit_form[] = {
	{"public", P_BOOL, 5},
	{"description", P_LINE, 200},
	{NULL, 0, 0},
};

static const struct param_decl no_form[] = {
	{NULL, 0, 0},
};

#define PAGE (R_STAFF | R_PAGE)
#define POST (R_STAFF | R_PAGE | R_FORM)

const struct route routes_dossier[] = {
	{"GET", "/app/dossiers", page_dossier_search, PAGE, search_q, NULL},
	{"GET", "/app/dossiers/zoek", page_dossier_results, PAGE, search_q, NULL},
	{"GET", "/app/dossiers/nieuw", page_dossier_new, PAGE, NULL, NULL},
	{"POST", "/app/dossiers", page_dossier_create, POST, NULL, dossier_form},
	{"GET", "/app/dossiers/{id:int}", page_dossier_view, PAGE, tab_q, NULL},
	{"POST", "/app/dossiers/{id:int}", page_dossier_update, POST, NULL, dossier_edit_form},
	{"GET", "/app/dossiers/{id:int}/personen/nieuw", page_person_new, PAGE, NULL, NULL},
	{"POST", "/app/dossiers/{id:int}/personen", page_person_create, POST, NULL, person_form},
	{"GET", "/app/personen/{id:int}", page_person_edit, PAGE, NULL, NULL},
	{"POST", "/app/personen/{id:int}", page_person_update, POST, NULL, person_form},
	{"POST", "/app/personen/{id:int}/verwijderen", page_person_delete, POST, NULL, no_form},
	{"POST", "/app/personen/{id:int}/bsn", page_person_bsn, POST, NULL, no_form},
	{"GET", "/app/dossiers/{id:int}/organisaties/nieuw", page_org_new, PAGE, NULL, NULL},
	{"POST", "/app/dossiers/{id:int}/organisaties", page_org_create, POST, NULL, org_form},
	{"GET", "/app/organisaties/{id:int}", page_org_edit, PAGE, NULL, NULL},
	{"POST", "/app/organisaties/{id:int}", page_org_update, POST, NULL, org_form},
	{"POST", "/app/organisaties/{id:int}/verwijderen", page_org_delete, POST, NULL, no_form},
	{"GET", "/app/dossiers/{id:int}/producten/nieuw", page_product_new, PAGE, type_q, NULL},
	{"POST", "/app/dossiers/{id:int}/producten", page_product_create, POST, NULL, product_form},
	{"GET", "/app/producten/{id:int}", page_product_view, PAGE, NULL, NULL},
	{"POST", "/app/producten/{id:int}", page_product_update, POST, NULL, product_form},
	{"POST", "/app/producten/{id:int}/checklist", page_product_checklist, POST, NULL, checklist_form},
	{"POST", "/app/verzoeken/{id:int}/goedkeuren", page_request_approve, POST, NULL, review_form},
	{"POST", "/app/verzoeken/{id:int}/afkeuren", page_request_reject, POST, NULL, review_form},
	{"POST", "/app/dossiers/{id:int}/documenten", page_document_add, POST, NULL, document_form},
	{"POST", "/app/documenten/{id:int}", page_document_update, POST, NULL, document_edit_form},
	{NULL, NULL, NULL, 0, NULL, NULL},
};
