#ifndef KLUIS_WEB_PORTAL_PORTAL_PAGES_H
#define KLUIS_WEB_PORTAL_PORTAL_PAGES_H
#include "web/req.h"

/* The /portaal pages (client face). PORTAL_PAGE_ROUTES lists their route
 * entries for routes_portal (src/web/portal/routes.c). */
#define PORTAL_PAGE_ROUTES

#endif
