/* Dossier pages (/app/dossiers). */
#include "web/router.h"
#include "web/staff/pages.h"

const struct route routes_dossier[] = {
	{NULL, NULL, NULL, 0, NULL, NULL},
};
