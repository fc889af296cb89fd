/* Documents, uploads and tasks (R3, R4, D7, X4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/document.h"
#include "web/api/api.h"
#include "web/auth.h"
#include "web/portal/portal.h"

/* send a decrypted temp file as an attachment: it is unlinked at once and
 * streamed from its open fd (memory stays flat for large documents; the
 * plaintext is gone from disk even if the process dies mid-send) */
static int send_file(struct req *r, const char *path, int64_t id, int inline_view)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	unlink(path);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char cd[96];
	/* inline only for staff review: a PDF we produced and opened with qpdf,
	 * served as application/pdf with nosniff; clients always download */
	snprintf(cd, sizeof cd, "%s; filename=\"document-%lld.pdf\"", inline_view ? "inline" : "attachment",
		 (long long)id);
	resp_header(r, "Content-Disposition", cd);
	r->no_store = true;
	return resp_file(r, fd, (uint64_t)sb.st_size, "application/pdf");
}

int api_upload_files(struct req *r, struct upload_file *files)
{
	int n = 0;
	for (int i = 0; i < r->nfiles && n < DOCUMENT_MAX_FILES; i++)
		if (strcmp(r->files[i].field, "file") == 0 && r->files[i].size > 0) {
			files[n].path = r->files[i].path;
			files[n].filename = r->files[i].filename;
			n++;
		}
	return n;
}

int api_document_content(struct req *r)
{
	struct actor a = auth_actor(r);
	char path[PATH_MAX];
	json_t *meta = NULL;
	int rc = document_content(r->app, &a, 0, req_path_int(r, 0), path, &meta);
	if (rc)
		return api_fail(r, rc, NULL);
	json_decref(meta);
	const char *inl = req_param(r, "inline");
	return send_file(r, path, req_path_int(r, 0), inl && (strcmp(inl, "1") == 0 || strcmp(inl, "true") == 0));
}

int api_documents_of_dossier(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = document_list(r->app, &a, req_path_int(r, 0), &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_tasks(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = task_list_mine(r->app, &a, &out);
	return api_reply(r, rc, 200, out, NULL);
}

static struct actor client_actor(struct req *r)
{
	struct actor a = {ACTOR_CLIENT, r->client.user_id, ROLE_NONE, r->ip, r->request_id};
	return a;
}

int papi_upload(struct req *r)
{
	struct actor a = client_actor(r);
	struct kfail f = {0};
	struct upload_file files[DOCUMENT_MAX_FILES];
	int n = api_upload_files(r, files);
	json_t *out = NULL;
	int rc = document_upload(r->app, &a, req_path_int(r, 0), files, n, &out, &f);
	if (rc)
		return portal_fail(r, rc, &f);
	return resp_json(r, 201, out);
}

int papi_documents(struct req *r)
{
	struct actor a = client_actor(r);
	json_t *out = NULL;
	int rc = document_list(r->app, &a, r->client.dossier_id, &out);
	return api_reply(r, rc, 200, out, NULL);
}

int papi_document_content(struct req *r)
{
	struct actor a = client_actor(r);
	char path[PATH_MAX];
	json_t *meta = NULL;
	int rc = document_content(r->app, &a, r->client.dossier_id, req_path_int(r, 0), path, &meta);
	if (rc)
		return api_fail(r, rc, NULL);
	json_decref(meta);
	return send_file(r, path, req_path_int(r, 0), 0);
}

int api_document_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = document_update(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}

/* POST /api/v1/dossiers/{id}/documents (multipart): staff add a document */
int api_document_add(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	struct upload_file files[DOCUMENT_MAX_FILES];
	int n = api_upload_files(r, files);
	const char *desc = req_param(r, "description");
	json_t *in = json_pack("{s:s, s:I, s:b, s:b}", "description", desc ? desc : "", "product_id",
			       (json_int_t)req_param_int(r, "product_id", 0), "public",
			       req_param(r, "public") && strcmp(req_param(r, "public"), "true") == 0, "policy_sheet",
			       req_param(r, "policy_sheet") && strcmp(req_param(r, "policy_sheet"), "true") == 0);
	json_t *out = NULL;
	int rc = document_add(r->app, &a, req_path_int(r, 0), in, files, n, &out, &f);
	json_decref(in);
	return api_reply(r, rc, 201, out, &f);
}
