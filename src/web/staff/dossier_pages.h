#ifndef KLUIS_WEB_STAFF_DOSSIER_PAGES_H
#define KLUIS_WEB_STAFF_DOSSIER_PAGES_H
#include "web/req.h"

/* Dossier pages (/app/dossiers, /app/personen, /app/organisaties,
 * /app/producten). */
int page_dossier_search(struct req *r);
int page_dossier_results(struct req *r);
int page_dossier_new(struct req *r);
int page_dossier_create(struct req *r);
int page_dossier_view(struct req *r);
int page_dossier_update(struct req *r);
int page_person_new(struct req *r);
int page_person_create(struct req *r);
int page_person_edit(struct req *r);
int page_person_update(struct req *r);
int page_person_delete(struct req *r);
int page_person_bsn(struct req *r);
int page_org_new(struct req *r);
int page_org_create(struct req *r);
int page_org_edit(struct req *r);
int page_org_update(struct req *r);
int page_org_delete(struct req *r);
int page_product_new(struct req *r);
int page_product_create(struct req *r);
int page_product_view(struct req *r);
int page_product_update(struct req *r);

/* page_core_error: render a core error code as a page (404/403/500). */
int page_core_error(struct req *r, int rc);

#endif
