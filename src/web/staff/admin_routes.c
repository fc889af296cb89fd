/* Back-office admin pages (/app/beheer): offices, employees, groups. */
#include "web/router.h"
#include "web/staff/pages.h"

const struct route routes_admin[] = {
	{NULL, NULL, NULL, 0, NULL, NULL},
};
