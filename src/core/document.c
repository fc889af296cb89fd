/* The client's upload (R3), its task (R4) and documents (X4). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "adapters/convert.h"
#include "core/audit.h"
#include "core/blob.h"
#include "core/document.h"
#include "core/office.h"
#include "core/request.h"
#include "core/validate.h"
#include "store/db.h"
#include "store/document_store.h"
#include "store/product_store.h"
#include "store/vault_store.h"
#include "store/request_store.h"
#include "util/log.h"

static int fail(struct kfail *f, const char *code, const char *msg)
{
	return kfail_set(f, K_EINVAL, code, "file", msg);
}

/* X3: first-time-right findings for the advisor: the page count, and a
 * file older than the document type's validity (its PDF creation or
 * modification date). A JSON array text (malloc'd). */
static char *first_time_right(struct app *app, const json_t *request, const struct upload_file *files,
			      const long long *dates, int n, int pages)
{
	json_t *out = json_array();
	json_array_append_new(out, json_pack("{s:s, s:i}", "check", "pages", "pages", pages));
	json_int_t months = json_integer_value(json_object_get(request, "validity_months"));
	for (int i = 0; months > 0 && i < n; i++) {
		if (dates[i] <= 0)
			continue;
		long long age_days = (app_now(app) - dates[i]) / 86400;
		if (age_days > months * 30 + months / 2) {
			char msg[200];
			snprintf(msg, sizeof msg, "Ouder dan %lld maanden (%lld dagen): controleer of het nog geldig is.",
				 (long long)months, age_days);
			json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:s}", "check", "too_old", "file",
							     files[i].filename ? files[i].filename : "", "date",
							     (json_int_t)dates[i], "message", msg));
		}
	}
	char *text = json_dumps(out, JSON_COMPACT);
	json_decref(out);
	return text;
}

/* R4: the handler's upload task for this dossier, grouped over two hours */
static int upload_task(struct app *app, struct db *db, int64_t dossier_id, int64_t product_id, int64_t request_id,
		       const char *subject)
{
	int64_t who = office_task_assignee(app, dossier_id), task = 0, now = app_now(app);
	char title[300];
	int rc = store_task_group(db, dossier_id, who, "upload", now - TASK_GROUP_SECONDS, &task);
	if (rc)
		return rc;
	if (task) {
		snprintf(title, sizeof title, "Nieuwe documenten ontvangen (laatste: %.200s)", subject);
		return store_task_add_item(db, task, title, now);
	}
	snprintf(title, sizeof title, "Document ontvangen: %.200s", subject);
	return store_task_insert(db, who, "upload", dossier_id, product_id, request_id, title, now, &task);
}

/* the refusal of convert_run as the client's error (code and Dutch text) */
static int refused(const struct convert_result *cr, struct kfail *f)
{
	static const struct {
		const char *why, *code, *msg;
	} map[] = {
		{"file_unreadable", "unreadable", "Dit bestand kon niet worden gelezen."},
		{"pdf_encrypted", "encrypted",
		 "Dit PDF-bestand is beveiligd met een wachtwoord. Stuur een versie zonder beveiliging."},
		{"pdf_unreadable", "unreadable", "Dit PDF-bestand is beschadigd of onleesbaar."},
		{"image_unreadable", "unreadable", "Deze foto kon niet worden gelezen."},
		{"unsupported_type", "unsupported_type",
		 "Dit soort bestand kan niet: lever een PDF of een foto (JPEG, PNG of HEIC)."},
		{"merge_encrypted", "encrypted", "Een van de bestanden is beveiligd met een wachtwoord."},
		{"merge_failed", "unreadable", "De bestanden konden niet worden samengevoegd."},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(cr->why, map[i].why) == 0)
			return kfail_set(f, K_EINVAL, map[i].code, "file", map[i].msg);
	return fail(f, "unreadable", "De bestanden konden niet worden verwerkt.");
}

/* remove the conversion's work directory and what is in it */
static void workdir_remove(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		char path[PATH_MAX];
		for (struct dirent *e; (e = readdir(d)) != NULL;)
			if (e->d_name[0] != '.' && snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path)
				unlink(path);
		closedir(d);
	}
	rmdir(dir);
}

int document_pdf_blob(struct app *app, int64_t dossier_id, const struct upload_file *files, int n,
		      struct pdf_blob *pb, struct kfail *f)
{
	struct convert_result cr;
	const char *inputs[DOCUMENT_MAX_FILES];
	char work[PATH_MAX];
	if (n < 1)
		return fail(f, "no_file", "Kies ten minste één bestand.");
	if (n > DOCUMENT_MAX_FILES)
		return kfail_set(f, K_EINVAL, "too_many_files", "file", "Lever maximaal 16 bestanden tegelijk.");
	for (int i = 0; i < n; i++)
		inputs[i] = files[i].path;
	snprintf(work, sizeof work, "%s/tmp/conv-XXXXXX", app->cfg.data_dir);
	if (!mkdtemp(work))
		return K_EIO;
	/* typed, checked, converted and merged in the sandboxed child */
	int rc = convert_run(work, inputs, n, &cr);
	if (rc == K_EIO)
		rc = fail(f, "unreadable", "De bestanden konden niet worden verwerkt.");
	else if (rc == K_OK && cr.why[0])
		rc = refused(&cr, f);
	if (rc)
		goto out;
	pb->pages = cr.pages;
	memcpy(pb->dates, cr.dates, sizeof pb->dates[0] * (size_t)n);
	/* the blob is on disk and fsynced before the row that points to it */
	rc = blob_put_file(app, dossier_id, cr.as_is ? inputs[0] : cr.out, pb->blob_id, &pb->size);
out:
	workdir_remove(work);
	return rc;
}

int document_upload(struct app *app, const struct actor *a, int64_t request_id, const struct upload_file *files,
		    int n, json_t **out, struct kfail *f)
{
	json_t *item = NULL, *full = NULL;
	char *checks = NULL;
	struct pdf_blob pb;
	int64_t doc_id = 0;
	struct db *db = NULL;
	memset(&pb, 0, sizeof pb);
	if (a->kind != ACTOR_CLIENT)
		return K_EDENIED;
	int rc = request_client_get(app, a, request_id, &item);
	if (rc)
		goto out;
	db = store_acquire(app->store);
	if ((rc = store_request_get(db, request_id, &full)))
		goto out;
	int64_t dossier_id = json_integer_value(json_object_get(full, "dossier_id"));
	int64_t product_id = json_integer_value(json_object_get(full, "product_id"));
	if ((rc = document_pdf_blob(app, dossier_id, files, n, &pb, f)))
		goto out;
	const char *subject = json_string_value(json_object_get(item, "subject"));
	checks = first_time_right(app, full, files, pb.dates, n, pb.pages);
	struct document_new d = {.dossier_id = dossier_id, .product_id = product_id, .request_id = request_id,
				 .kind = "personal", .description = subject ? subject : "", .blob_id = pb.blob_id,
				 .checks = checks, .created_by_kind = "client", .size = (int64_t)pb.size,
				 .pages = pb.pages, .created_by_id = a->id};
	if ((rc = db_begin(db)))
		goto forget;
	rc = store_document_insert(db, &d, app_now(app), &doc_id);
	if (rc == K_OK)
		rc = upload_task(app, db, dossier_id, product_id, request_id, subject ? subject : "document");
	if (rc == K_OK)
		rc = audit_log(app, db, a, "document.upload", dossier_id, "document", doc_id, "");
	rc = db_end(db, rc);
	if (rc)
		goto forget;
	rc = request_mark_delivered(app, a, request_id, doc_id);
	if (rc == K_OK)
		*out = json_pack("{s:I, s:i}", "document_id", (json_int_t)doc_id, "pages", pb.pages);
	goto out;
forget:
	blob_forget(app, pb.blob_id);
out:
	if (db)
		store_release(app->store, db);
	json_decref(item);
	json_decref(full);
	free(checks);
	return rc;
}

int document_add(struct app *app, const struct actor *a, int64_t dossier_id, const json_t *in,
		 const struct upload_file *files, int n, json_t **out, struct kfail *f)
{
	struct pdf_blob pb;
	int64_t doc_id = 0;
	memset(&pb, 0, sizeof pb);
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	const char *desc = json_string_value(json_object_get(in, "description"));
	json_int_t product_id = json_integer_value(json_object_get(in, "product_id"));
	int policy = json_is_true(json_object_get(in, "policy_sheet"));
	int public_ = json_is_true(json_object_get(in, "public"));
	if (desc && !validate_text(desc, 200, false))
		return kfail_set(f, K_EINVAL, "invalid_field", "description", "De omschrijving is te lang.");
	json_t *prod = NULL;
	struct db *db = store_acquire(app->store);
	if (product_id > 0) {
		if (store_product_get(db, product_id, &prod) != K_OK ||
		    json_integer_value(json_object_get(prod, "dossier_id")) != dossier_id) {
			rc = kfail_set(f, K_EINVAL, "invalid_product", "product_id", "Kies een product uit dit dossier.");
			goto out;
		}
	}
	const char *ptype = json_string_value(json_object_get(prod, "type"));
	if (policy && (!ptype || (strcmp(ptype, "life_insurance") != 0 && strcmp(ptype, "non_life_insurance") != 0))) {
		rc = kfail_set(f, K_EINVAL, "not_insurance", "product_id", "Een polisblad hoort bij een verzekering.");
		goto out;
	}
	if ((rc = document_pdf_blob(app, dossier_id, files, n, &pb, f)))
		goto out;
	/* R8: the new policy sheet is the public one */
	/* creating it public is the advisor's switch (R7) */
	struct document_new d = {.dossier_id = dossier_id, .product_id = product_id, .kind = "personal",
				 .description = desc ? desc : "", .blob_id = pb.blob_id, .checks = "[]",
				 .created_by_kind = "staff", .size = (int64_t)pb.size, .pages = pb.pages,
				 .created_by_id = a->id, .public_ = policy ? 1 : public_, .share = 1};
	if ((rc = db_begin(db)))
		goto forget;
	if (policy)
		rc = store_documents_unpublish_policy(db, product_id);
	if (rc == K_OK)
		rc = store_document_insert(db, &d, app_now(app), &doc_id);
	if (rc == K_OK && policy)
		rc = store_document_set_policy(db, doc_id);
	if (rc == K_OK)
		rc = audit_log(app, db, a, "document.add", dossier_id, "document", doc_id, policy ? "policy_sheet" : "");
	rc = db_end(db, rc);
	if (rc)
		goto forget;
	if ((rc = store_document_get(db, doc_id, out)) == K_OK)
		json_object_del(*out, "blob_id");
	goto out;
forget:
	blob_forget(app, pb.blob_id);
out:
	json_decref(prod);
	store_release(app->store, db);
	return rc;
}

/* the date the client's vault came into being (its activation), for R9 */
static int vault_date(struct db *db, int64_t dossier_id, char date[11])
{
	json_t *v = NULL;
	int rc = store_vault_of_dossier(db, dossier_id, &v);
	json_int_t at = rc == K_OK ? json_integer_value(json_object_get(v, "activated_at")) : 0;
	json_decref(v);
	if (rc == K_OK && at <= 0)
		rc = K_ENOTFOUND;
	if (rc == K_OK)
		validate_today_iso(at, date);
	return rc;
}

static void strip_blob_ids(json_t *items)
{
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
		json_object_del(v, "blob_id");
}

int document_list(struct app *app, const struct actor *a, int64_t dossier_id, json_t **out)
{
	int client = a->kind == ACTOR_CLIENT, rc;
	char date[11] = "";
	if (!client && (rc = rights_check(a, RIGHT_WORK_DOSSIERS)))
		return rc;
	json_t *items = json_array(), *general = json_array();
	struct db *db = store_acquire(app->store);
	rc = client ? vault_date(db, dossier_id, date) : K_OK;
	if (rc == K_OK)
		rc = store_documents_of_dossier(db, dossier_id, client, items);
	if (rc == K_OK)
		rc = store_documents_general(db, client ? date : NULL, general);
	store_release(app->store, db);
	if (rc) {
		json_decref(items);
		json_decref(general);
		return rc;
	}
	strip_blob_ids(items);
	strip_blob_ids(general);
	*out = json_pack("{s:o, s:o}", "items", items, "general", general);
	return K_OK;
}

/* may the client of client_dossier_id see document d (R7, R9)? */
static int client_may_see(struct db *db, int64_t client_dossier_id, const json_t *d)
{
	if (strcmp(json_string_value(json_object_get(d, "kind")), "general") == 0) {
		char date[11];
		const char *end = json_string_value(json_object_get(d, "end_date"));
		return json_is_true(json_object_get(d, "public")) &&
		       vault_date(db, client_dossier_id, date) == K_OK && (!end || strcmp(end, date) >= 0);
	}
	return json_integer_value(json_object_get(d, "dossier_id")) == client_dossier_id &&
	       json_is_true(json_object_get(d, "shared"));
}

int document_content(struct app *app, const struct actor *a, int64_t client_dossier_id, int64_t id,
		     char path[PATH_MAX], json_t **meta)
{
	json_t *d = NULL;
	struct db *db = store_acquire(app->store);
	int rc = store_document_get(db, id, &d);
	if (rc)
		goto out;
	int64_t dossier_id = json_integer_value(json_object_get(d, "dossier_id")); /* 0: general */
	if (a->kind == ACTOR_CLIENT) {
		/* anything the client may not see looks like it does not exist, and
		 * is audited */
		if (!client_may_see(db, client_dossier_id, d)) {
			audit_log(app, db, a, "document.denied", client_dossier_id, "document", id, "");
			rc = K_ENOTFOUND;
			goto out;
		}
	} else if ((rc = rights_check(a, RIGHT_WORK_DOSSIERS))) {
		goto out;
	}
	rc = blob_open_plain(app, dossier_id, json_string_value(json_object_get(d, "blob_id")), path);
	if (rc == K_OK)
		audit_log(app, db, a, "document.download", dossier_id ? dossier_id : client_dossier_id, "document", id,
			  "");
out:
	store_release(app->store, db);
	if (rc == K_OK) {
		json_object_del(d, "blob_id");
		*meta = d;
	} else {
		json_decref(d);
	}
	return rc;
}

int task_list_mine(struct app *app, const struct actor *a, json_t **out)
{
	if (a->kind != ACTOR_STAFF)
		return K_EDENIED;
	json_t *items = json_array();
	struct db *db = store_acquire(app->store);
	int rc = store_tasks_open(db, a->id, 100, items);
	store_release(app->store, db);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return K_OK;
}

int document_update(struct app *app, const struct actor *a, int64_t id, const json_t *in, json_t **out,
		    struct kfail *f)
{
	int rc = rights_check(a, RIGHT_WORK_DOSSIERS);
	if (rc)
		return rc;
	json_t *pub = json_object_get(in, "public"), *desc = json_object_get(in, "description"),
	       *end = json_object_get(in, "end_date");
	if (pub && !json_is_boolean(pub))
		return kfail_set(f, K_EINVAL, "invalid_field", "public", "Gebruik true of false.");
	if (desc && (!json_is_string(desc) || !json_string_length(desc) ||
		     !validate_text(json_string_value(desc), 200, false)))
		return kfail_set(f, K_EINVAL, "invalid_field", "description",
				 "Vul een omschrijving in (maximaal 200 tekens).");
	if (end && (!json_is_string(end) || (json_string_length(end) && !validate_date(json_string_value(end)))))
		return kfail_set(f, K_EINVAL, "invalid_date", "end_date", "Vul een datum in als JJJJ-MM-DD.");
	json_t *d = NULL;
	struct db *db = store_acquire(app->store);
	if ((rc = store_document_get(db, id, &d)))
		goto out;
	int64_t dossier_id = json_integer_value(json_object_get(d, "dossier_id"));
	/* a general document is the firm's: changed by whoever manages them */
	int general = dossier_id == 0;
	json_decref(d);
	d = NULL;
	if (general && (rc = rights_check(a, RIGHT_MANAGE_DOCTYPES)))
		goto out;
	if ((rc = db_begin(db)))
		goto out;
	rc = store_document_update(db, id, json_string_value(desc), pub ? json_is_true(pub) : -1, json_string_value(end));
	if (rc == K_OK)
		rc = audit_log(app, db, a, "document.update", dossier_id, "document", id, pub ? "public" : "");
	rc = db_end(db, rc);
	if (rc == K_OK && (rc = store_document_get(db, id, &d)) == K_OK) {
		json_object_del(d, "blob_id");
		*out = d;
	}
out:
	store_release(app->store, db);
	return rc;
}

int document_share_first(struct app *app, struct db *db, const struct actor *a, int64_t dossier_id)
{
	int shared = 0;
	int rc = store_dossier_share_first(db, dossier_id, app_now(app), &shared);
	if (rc == K_OK && shared)
		rc = audit_log(app, db, a, "documents.share_first", dossier_id, "dossier", dossier_id, "");
	return rc;
}

int document_import(struct app *app, int64_t dossier_id, int64_t product_id, const char *origin, const char *name,
		    int public_, const char *pdf_path, int64_t *id, struct kfail *f)
{
	struct pdf_blob pb;
	memset(&pb, 0, sizeof pb);
	if (!origin || (strcmp(origin, "provider") != 0 && strcmp(origin, "lender") != 0) || dossier_id <= 0)
		return K_EINVAL;
	if (name && !validate_text(name, 200, false))
		name = NULL;
	struct upload_file file = {pdf_path, name};
	int rc = document_pdf_blob(app, dossier_id, &file, 1, &pb, f);
	if (rc)
		return rc;
	/* R11: a provider sends its documents without a name */
	struct document_new d = {.dossier_id = dossier_id, .product_id = product_id, .kind = "personal",
				 .description = name && *name ? name : "pdf.pdf", .blob_id = pb.blob_id,
				 .checks = "[]", .created_by_kind = origin, .size = (int64_t)pb.size,
				 .pages = pb.pages, .public_ = public_};
	struct actor sys = {ACTOR_SYSTEM, 0, ROLE_NONE, "", ""};
	struct db *db = store_acquire(app->store);
	if ((rc = db_begin(db)) == K_OK) {
		rc = store_document_insert(db, &d, app_now(app), id);
		if (rc == K_OK)
			rc = audit_log(app, db, &sys, "document.import", dossier_id, "document", *id, origin);
		rc = db_end(db, rc);
	}
	store_release(app->store, db);
	if (rc)
		blob_forget(app, pb.blob_id);
	return rc;
}
