/* The dossier's "Documenten" tab (R5): the checklist items per product with
 * approve/reject, the documents with their download; and the product page's
 * "Documenten opvragen" (R1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/doctype.h"
#include "core/document.h"
#include "core/request.h"
#include "web/api/api.h"
#include "web/auth.h"
#include "web/staff/documents_tab.h"
#include "web/staff/dossier_pages.h"

static const char *status_label(const char *s)
{
	if (!s)
		return "";
	if (strcmp(s, "open") == 0)
		return "Open";
	if (strcmp(s, "delivered") == 0)
		return "Geleverd — beoordelen";
	if (strcmp(s, "approved") == 0)
		return "Goedgekeurd";
	if (strcmp(s, "rejected") == 0)
		return "Afgekeurd";
	return s;
}

void documents_tab_fill(struct req *r, json_t *ctx, json_t *dossier)
{
	struct actor a = auth_actor(r);
	json_t *groups = json_array(), *docs = NULL;
	size_t i, k;
	json_t *p, *it;
	json_array_foreach(json_object_get(dossier, "products"), i, p) {
		json_t *list = NULL;
		if (request_list_product(r->app, &a, json_integer_value(json_object_get(p, "id")), &list) != K_OK)
			continue;
		json_t *items = json_object_get(list, "items");
		if (json_array_size(items) == 0) {
			json_decref(list);
			continue;
		}
		json_array_foreach(items, k, it) {
			const char *st = json_string_value(json_object_get(it, "status"));
			json_object_set_new(it, "status_label", json_string(status_label(st)));
			json_object_set_new(it, "can_review", json_boolean(st && strcmp(st, "delivered") == 0));
			json_object_set_new(it, "can_reject", json_boolean(st && (strcmp(st, "delivered") == 0 ||
										 strcmp(st, "approved") == 0)));
		}
		json_array_append_new(groups, json_pack("{s:O, s:O, s:O}", "product", json_object_get(p, "type_label"),
							"name", json_object_get(p, "name"), "items", items));
		json_decref(list);
	}
	if (document_list(r->app, &a, json_integer_value(json_object_get(dossier, "id")), &docs) != K_OK)
		docs = json_pack("{s:[], s:[]}", "items", "general");
	/* R7: "public" is the switch; "shared" tells whether the client sees it */
	json_array_foreach(json_object_get(docs, "items"), i, it) {
		int pub = json_is_true(json_object_get(it, "public")), shared = json_is_true(json_object_get(it, "shared"));
		json_object_set_new(it, "vault_label", json_string(shared ? "In de kluis"
								  : pub ? "Publiek, nog niet in de kluis"
									: "Niet in de kluis"));
	}
	json_object_set_new(ctx, "request_groups", groups);
	json_object_set_new(ctx, "has_request_groups", json_boolean(json_array_size(groups) > 0));
	json_object_set(ctx, "documents", json_object_get(docs, "items"));
	json_object_set_new(ctx, "has_documents", json_boolean(json_array_size(json_object_get(docs, "items")) > 0));
	json_object_set(ctx, "general_documents", json_object_get(docs, "general"));
	json_object_set_new(ctx, "has_general_documents",
			    json_boolean(json_array_size(json_object_get(docs, "general")) > 0));
	json_decref(docs);
}

static int back_to(struct req *r, int64_t dossier_id)
{
	char loc[96];
	snprintf(loc, sizeof loc, "/app/dossiers/%lld?tab=documenten", (long long)dossier_id);
	return resp_redirect(r, loc);
}

/* POST /app/dossiers/{id}/documenten (multipart): the advisor adds a
 * document (R8 for a policy sheet) */
int page_document_add(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	struct upload_file files[DOCUMENT_MAX_FILES];
	int n = api_upload_files(r, files);
	const char *desc = req_param(r, "description"), *pub = req_param(r, "public"), *pol = req_param(r, "policy_sheet");
	json_t *in = json_pack("{s:s, s:I, s:b, s:b}", "description", desc ? desc : "", "product_id",
			       (json_int_t)req_param_int(r, "product_id", 0), "public", pub && strcmp(pub, "true") == 0,
			       "policy_sheet", pol && strcmp(pol, "true") == 0);
	json_t *out = NULL;
	int rc = document_add(r->app, &a, req_path_int(r, 0), in, files, n, &out, &f);
	json_decref(in);
	json_decref(out);
	if (rc == K_EINVAL)
		return resp_error(r, 422, f.code, f.message, f.field[0] ? f.field : NULL);
	if (rc)
		return page_core_error(r, rc);
	return back_to(r, req_path_int(r, 0));
}

/* POST /app/documenten/{id}: switch public (R7) or rename (R11) */
int page_document_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	const char *pub = req_param(r, "public"), *desc = req_param(r, "description");
	json_t *in = json_object(), *out = NULL;
	if (pub)
		json_object_set_new(in, "public", json_boolean(strcmp(pub, "true") == 0));
	if (desc)
		json_object_set_new(in, "description", json_string(desc));
	int rc = document_update(r->app, &a, req_path_int(r, 0), in, &out, &f);
	json_decref(in);
	if (rc == K_EINVAL)
		return resp_error(r, 422, f.code, f.message, f.field[0] ? f.field : NULL);
	if (rc)
		return page_core_error(r, rc);
	int64_t dossier_id = json_integer_value(json_object_get(out, "dossier_id"));
	json_decref(out);
	return dossier_id ? back_to(r, dossier_id) : resp_redirect(r, "/app/");
}

static int back(struct req *r, const json_t *item)
{
	char loc[96];
	snprintf(loc, sizeof loc, "/app/dossiers/%lld?tab=documenten",
		 (long long)json_integer_value(json_object_get(item, "dossier_id")));
	return resp_redirect(r, loc);
}

static int review(struct req *r, int approve)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	json_t *in = json_object();
	const char *reason = req_param(r, "reason"), *comment = req_param(r, "comment");
	if (reason && *reason)
		json_object_set_new(in, "reason", json_string(reason));
	if (comment && *comment)
		json_object_set_new(in, "comment", json_string(comment));
	int rc = approve ? request_approve(r->app, &a, req_path_int(r, 0), in, &out, &f)
			 : request_reject(r->app, &a, req_path_int(r, 0), in, &out, &f);
	json_decref(in);
	if (rc == K_EINVAL || rc == K_ECONFLICT) {
		json_decref(out);
		return resp_error(r, rc == K_EINVAL ? 422 : 409, f.code ? f.code : "invalid",
				  f.message[0] ? f.message : "Dit kan nu niet.", NULL);
	}
	if (rc) {
		json_decref(out);
		return page_core_error(r, rc);
	}
	rc = back(r, out);
	json_decref(out);
	return rc;
}

int page_request_approve(struct req *r)
{
	return review(r, 1);
}

int page_request_reject(struct req *r)
{
	return review(r, 0);
}

/* POST /app/producten/{id}/checklist: request documents of the ticked types */
int page_product_checklist(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	const char *ids[50];
	int n = req_param_all(r, "document_type_id", ids, 50);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(strtoll(ids[i], NULL, 10)));
	json_t *in = json_pack("{s:o}", "document_type_ids", arr), *out = NULL;
	int rc = request_checklist_create(r->app, &a, req_path_int(r, 0), in, &out, &f);
	json_decref(in);
	json_decref(out);
	if (rc == K_EINVAL)
		return resp_error(r, 422, f.code, f.message, NULL);
	if (rc)
		return page_core_error(r, rc);
	char loc[64];
	snprintf(loc, sizeof loc, "/app/producten/%lld", (long long)req_path_int(r, 0));
	return resp_redirect(r, loc);
}

void documents_doctypes_fill(struct req *r, json_t *ctx)
{
	struct actor a = auth_actor(r);
	json_t *types = NULL;
	if (doctype_list(r->app, &a, &types) == K_OK) {
		json_object_set(ctx, "doctypes", json_object_get(types, "items"));
		json_object_set_new(ctx, "has_doctypes", json_boolean(json_array_size(json_object_get(types, "items")) > 0));
	}
	json_decref(types);
}
