/* Roles and rights (D9): one table, checked by core. */
#include <string.h>
#include "core/actor.h"
#include "util/err.h"

enum role role_parse(const char *s)
{
	if (!s)
		return ROLE_NONE;
	if (strcmp(s, "admin") == 0)
		return ROLE_ADMIN;
	if (strcmp(s, "advisor") == 0)
		return ROLE_ADVISOR;
	if (strcmp(s, "backoffice") == 0)
		return ROLE_BACKOFFICE;
	return ROLE_NONE;
}

const char *role_name(enum role r)
{
	switch (r) {
	case ROLE_ADMIN: return "admin";
	case ROLE_ADVISOR: return "advisor";
	case ROLE_BACKOFFICE: return "backoffice";
	default: return "";
	}
}

const char *role_label(enum role r)
{
	switch (r) {
	case ROLE_ADMIN: return "Beheerder";
	case ROLE_ADVISOR: return "Adviseur";
	case ROLE_BACKOFFICE: return "Binnendienst";
	default: return "";
	}
}

/* rights per role: bit i = right i */
#define BIT(x) (1u << (x))
static const unsigned role_rights[] = {
	[ROLE_NONE] = 0,
	[ROLE_ADMIN] = BIT(RIGHT_WORK_DOSSIERS) | BIT(RIGHT_MANAGE_USERS) | BIT(RIGHT_MANAGE_DOCTYPES) |
		       BIT(RIGHT_MANAGE_OFFICES) | BIT(RIGHT_MANAGE_WORKFLOWS) | BIT(RIGHT_REVEAL_BSN) |
		       BIT(RIGHT_VIEW_AUDIT),
	[ROLE_ADVISOR] = BIT(RIGHT_WORK_DOSSIERS) | BIT(RIGHT_MANAGE_WORKFLOWS) | BIT(RIGHT_REVEAL_BSN),
	[ROLE_BACKOFFICE] = BIT(RIGHT_WORK_DOSSIERS),
};

bool rights_has(const struct actor *a, enum right r)
{
	if (!a)
		return false;
	if (a->kind == ACTOR_SYSTEM)
		return true;
	if (a->kind != ACTOR_STAFF || a->role < ROLE_NONE || a->role > ROLE_BACKOFFICE)
		return false;
	return (role_rights[a->role] & BIT(r)) != 0;
}

int rights_check(const struct actor *a, enum right r)
{
	return rights_has(a, r) ? K_OK : K_EDENIED;
}

struct actor actor_system(void)
{
	struct actor a = {ACTOR_SYSTEM, 0, ROLE_NONE, "", ""};
	return a;
}
