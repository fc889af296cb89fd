/* The vault's documents: "Mijn documenten" (personal documents shared with
 * the vault, R7) and "Belangrijke documenten" (the firm's general documents
 * by category, R9/R10). Downloads go through
 * /api/v1/portal/documents/{id}/content (attachment, nosniff). */
#include <stdio.h>
#include <string.h>
#include "core/document.h"
#include "core/validate.h"
#include "web/portal/portal_pages.h"

/* the documents for the page: a date to show and a file size in kB */
static void decorate(json_t *items)
{
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v) {
		char iso[11], nl[11];
		validate_today_iso(json_integer_value(json_object_get(v, "created_at")), iso);
		snprintf(nl, sizeof nl, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
		json_object_set_new(v, "date", json_string(nl));
		json_int_t kb = (json_integer_value(json_object_get(v, "size")) + 1023) / 1024;
		json_object_set_new(v, "size_kb", json_integer(kb));
	}
}

/* general documents (sorted by category) as [{category, items}] */
static json_t *by_category(json_t *general)
{
	json_t *groups = json_array(), *cur = NULL;
	const char *last = NULL;
	size_t i;
	json_t *v;
	json_array_foreach(general, i, v) {
		const char *cat = json_string_value(json_object_get(v, "category"));
		if (!cat)
			cat = "Overig";
		if (!cur || strcmp(cat, last) != 0) {
			cur = json_pack("{s:s, s:[]}", "category", cat, "items");
			json_array_append_new(groups, cur);
			last = json_string_value(json_object_get(cur, "category"));
		}
		json_array_append(json_object_get(cur, "items"), v);
	}
	return groups;
}

int ppage_documents(struct req *r)
{
	struct actor ca = {ACTOR_CLIENT, r->client.user_id, ROLE_NONE, r->ip, r->request_id};
	json_t *docs = NULL;
	int rc = document_list(r->app, &ca, r->client.dossier_id, &docs);
	if (rc)
		return rc;
	const char *tab = req_param(r, "tab");
	int important = tab && strcmp(tab, "belangrijk") == 0;
	json_t *mine = json_object_get(docs, "items"), *general = json_object_get(docs, "general");
	decorate(mine);
	decorate(general);
	json_t *ctx = json_pack("{s:s, s:s, s:b, s:b, s:O, s:b, s:o, s:b}", "title",
				important ? "Belangrijke documenten" : "Mijn documenten", "pnav", "docs", "tab_mine",
				!important, "tab_important", important, "documents", mine, "has_documents",
				json_array_size(mine) > 0, "categories", by_category(general), "has_general",
				json_array_size(general) > 0);
	json_decref(docs);
	return portal_render(r, 200, "portal_documents", ctx);
}
