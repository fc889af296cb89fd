#ifndef KLUIS_CORE_ACTOR_H
#define KLUIS_CORE_ACTOR_H
#include <stdbool.h>
#include <stdint.h>

/* Who is doing something. Every core function takes one and checks its
 * rights itself, so no face (page, API, CLI, worker) can forget to. */
enum actor_kind { ACTOR_SYSTEM, ACTOR_STAFF, ACTOR_CLIENT, ACTOR_LENDER };
enum role { ROLE_NONE, ROLE_ADMIN, ROLE_ADVISOR, ROLE_BACKOFFICE };

struct actor {
	enum actor_kind kind;
	int64_t id;             /* staff or client user id; 0 for system */
	enum role role;         /* staff only */
	const char *ip;         /* for the audit log; may be "" */
	const char *request_id; /* for the audit log; may be "" */
};

/* The things a role may do (D9). */
enum right {
	RIGHT_WORK_DOSSIERS,   /* read and change dossiers, parties, products */
	RIGHT_MANAGE_USERS,    /* add staff, change roles */
	RIGHT_MANAGE_DOCTYPES, /* document types and categories */
	RIGHT_MANAGE_OFFICES,  /* offices and employees */
	RIGHT_MANAGE_WORKFLOWS,/* remove and re-add a product's workflow */
	RIGHT_REVEAL_BSN,      /* show a BSN unmasked (audited) */
	RIGHT_VIEW_AUDIT,      /* read the audit log */
};

/* role_parse: "admin"|"advisor"|"backoffice" → role, ROLE_NONE if unknown. */
enum role role_parse(const char *s);
/* role_name: the API name of a role ("" for ROLE_NONE). */
const char *role_name(enum role r);
/* role_label: Dutch label for pages ("Beheerder", ...). */
const char *role_label(enum role r);
/* rights_has: may actor do right? The system actor may do everything; a
 * client never holds staff rights. */
bool rights_has(const struct actor *a, enum right r);
/* rights_check: K_OK or K_EDENIED. */
int rights_check(const struct actor *a, enum right r);
/* actor_system: the system actor (CLI, worker). */
struct actor actor_system(void);

#endif
