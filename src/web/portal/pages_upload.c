/* The client's requests on the overview and the upload form (R3, R6): the
 * form works without JavaScript; app.js adds a progress bar. */
#include <stdio.h>
#include <string.h>
#include "core/document.h"
#include "core/request.h"
#include "web/portal/portal.h"
#include "web/portal/portal_pages.h"

const struct param_decl ppf_upload[] = {
	{"file", P_STR, 0, true},
	{NULL, 0, 0},
};

const struct param_decl ppq_home[] = {
	{"geleverd", P_BOOL, 1},
	{NULL, 0, 0},
};

static const char *status_label(const char *s)
{
	if (!s)
		return "";
	if (strcmp(s, "open") == 0)
		return "Nog aanleveren";
	if (strcmp(s, "delivered") == 0)
		return "Ontvangen, wordt bekeken";
	if (strcmp(s, "approved") == 0)
		return "Afgerond";
	if (strcmp(s, "rejected") == 0)
		return "Opnieuw aanleveren";
	return s;
}

void portal_requests_ctx(struct req *r, json_t *ctx)
{
	struct actor a = {ACTOR_CLIENT, r->client.user_id, ROLE_NONE, r->ip, r->request_id};
	json_t *list = NULL;
	int percent = 0, open = 0;
	json_t *todo = json_array(), *done = json_array();
	if (request_client_list(r->app, &a, &list) == K_OK) {
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(list, "items"), i, it) {
			const char *st = json_string_value(json_object_get(it, "status"));
			json_object_set_new(it, "status_label", json_string(status_label(st)));
			json_object_set_new(it, "can_upload",
					    json_boolean(st && (strcmp(st, "open") == 0 || strcmp(st, "rejected") == 0)));
			json_object_set_new(it, "is_rejected", json_boolean(st && strcmp(st, "rejected") == 0));
			json_array_append(st && strcmp(st, "approved") == 0 ? done : todo, it);
		}
	}
	json_decref(list);
	request_progress(r->app, r->client.dossier_id, true, &percent, &open);
	json_object_set_new(ctx, "requests", todo);
	json_object_set_new(ctx, "has_requests", json_boolean(json_array_size(todo) > 0));
	json_object_set_new(ctx, "done_requests", done);
	json_object_set_new(ctx, "has_done", json_boolean(json_array_size(done) > 0));
	json_object_set_new(ctx, "progress", json_integer(percent));
	json_object_set_new(ctx, "open_actions", json_integer(open));
}

int ppage_upload(struct req *r)
{
	struct actor a = {ACTOR_CLIENT, r->client.user_id, ROLE_NONE, r->ip, r->request_id};
	struct kfail f = {0};
	struct upload_file files[DOCUMENT_MAX_FILES];
	int n = 0;
	for (int i = 0; i < r->nfiles && n < DOCUMENT_MAX_FILES; i++)
		if (strcmp(r->files[i].field, "file") == 0 && r->files[i].size > 0) {
			files[n].path = r->files[i].path;
			files[n].filename = r->files[i].filename;
			n++;
		}
	json_t *out = NULL;
	int rc = document_upload(r->app, &a, req_path_int(r, 0), files, n, &out, &f);
	json_decref(out);
	if (rc == K_OK)
		return resp_redirect(r, "/portaal/?geleverd=1#requests");
	if (rc == K_ENOTFOUND)
		return portal_message(r, 404, "Verzoek niet gevonden", "Dit verzoek bestaat niet (meer).", "/portaal/",
				      "Naar uw overzicht");
	if (f.code)
		return portal_message(r, 422, "Niet gelukt", f.message, "/portaal/#requests", "Probeer het opnieuw");
	return rc;
}
