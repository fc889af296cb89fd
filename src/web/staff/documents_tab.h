#ifndef KLUIS_WEB_STAFF_DOCUMENTS_TAB_H
#define KLUIS_WEB_STAFF_DOCUMENTS_TAB_H
#include <jansson.h>
#include "web/req.h"

/* documents_tab_fill: request groups and documents of the dossier view d
 * into ctx for the "Documenten" tab. */
void documents_tab_fill(struct req *r, json_t *ctx, json_t *d);
/* documents_doctypes_fill: the document types for the product page. */
void documents_doctypes_fill(struct req *r, json_t *ctx);
int page_request_approve(struct req *r);   /* POST /app/verzoeken/{id}/goedkeuren */
int page_request_reject(struct req *r);    /* POST /app/verzoeken/{id}/afkeuren */
int page_product_checklist(struct req *r); /* POST /app/producten/{id}/checklist */
int page_document_add(struct req *r);      /* POST /app/dossiers/{id}/documenten */
int page_document_update(struct req *r);   /* POST /app/documenten/{id} */

#endif
