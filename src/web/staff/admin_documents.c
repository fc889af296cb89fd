/* /app/beheer/documenten: the general documents (R9, the firm's "red
 * folders" shown in every vault) and the categories of the vault's tab
 * "Belangrijke documenten" (R10). Everything goes through core (general.h,
 * document_update), which holds the rules; these pages ask for
 * RIGHT_MANAGE_DOCTYPES first so that other staff get the 403 page. */
#include <stdio.h>
#include <string.h>
#include "core/document.h"
#include "core/general.h"
#include "web/api/api.h"
#include "web/auth.h"
#include "web/staff/admin_pages.h"

#define BACK "/app/beheer/documenten?opgeslagen=1"

/* Which form failed (its values and errors are shown again). */
enum docs_form { DF_NONE, DF_CAT_NEW, DF_CAT_EDIT, DF_CAT_DELETE, DF_UPLOAD, DF_DOC_EDIT };

struct failed {
	enum docs_form form;
	int64_t id; /* the category or document of a row's form */
	const struct kfail *f;
};

static const char *const cat_new_map[] = {"name", "cat_name", "position", "cat_position", NULL};
static const char *const upload_map[] = {"description", "up_description", "category_id", "up_category",
					 "end_date",    "up_end_date",    NULL};

/* The message of f when it is about field (or, with def, about no field
 * of the form at all); "" otherwise. */
static const char *field_msg(const struct kfail *f, const char *field, int def)
{
	if (!f)
		return "";
	const char *msg = f->message[0] ? f->message : "Controleer de invoer.";
	if (strcmp(f->field, field) == 0 || def)
		return msg;
	return "";
}

/* "YYYY-MM-DD" → "DD-MM-YYYY"; anything else as is. */
static void date_display(const char *iso, char *out, size_t outlen)
{
	if (strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-')
		snprintf(out, outlen, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, outlen, "%s", iso);
}

static json_int_t jint(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* One category row: every key the template reads is set (lookups would
 * otherwise fall through to the page context). */
static json_t *category_row(struct req *r, const json_t *c, const struct failed *fl)
{
	int64_t id = jint(c, "id");
	int failed = fl->form == DF_CAT_EDIT && fl->id == id;
	char pos[24];
	snprintf(pos, sizeof pos, "%lld", (long long)jint(c, "position"));
	const char *err_pos = failed ? field_msg(fl->f, "position", 0) : "";
	const char *err_name = failed && !*err_pos ? field_msg(fl->f, "name", 1) : "";
	return json_pack("{s:I, s:s, s:I, s:I, s:b, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)id, "name",
			 admin_str(c, "name"), "position", jint(c, "position"), "documents", jint(c, "documents"),
			 "in_use", jint(c, "documents") > 0, "edit_name",
			 failed ? admin_val(r, "name") : admin_str(c, "name"), "edit_position",
			 failed ? admin_val(r, "position") : pos, "failed", failed, "err_name", err_name, "err_position",
			 err_pos);
}

/* One document row (keys all set, as for category_row). */
static json_t *document_row(struct req *r, const json_t *d, const struct failed *fl)
{
	int64_t id = jint(d, "id");
	int failed = fl->form == DF_DOC_EDIT && fl->id == id;
	int pub = json_is_true(json_object_get(d, "public"));
	const char *end = admin_str(d, "end_date");
	char shown[32];
	date_display(end, shown, sizeof shown);
	const char *err_end = failed ? field_msg(fl->f, "end_date", 0) : "";
	const char *err_desc = failed && !*err_end ? field_msg(fl->f, "description", 1) : "";
	return json_pack("{s:I, s:s, s:b, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)id,
			 "description", admin_str(d, "description"), "public", pub, "end_date", end, "end_date_display",
			 shown, "pages", jint(d, "pages"), "toggle_value", pub ? "0" : "1", "toggle_label",
			 pub ? "Publiek uitzetten" : "Publiek aanzetten", "edit_description",
			 failed ? admin_val(r, "description") : admin_str(d, "description"), "edit_end_date",
			 failed ? admin_val(r, "end_date") : end, "failed", failed, "err_description", err_desc,
			 "err_end_date", err_end);
}

/* The general documents grouped by category, in the categories' order; a
 * document whose category is not listed goes to "Zonder categorie". */
static json_t *document_groups(struct req *r, const json_t *cats, const json_t *docs, const struct failed *fl)
{
	json_t *groups = json_array();
	size_t i, k;
	json_t *c, *d;
	json_array_foreach(cats, i, c)
	{
		json_t *rows = json_array();
		json_array_foreach(docs, k, d)
			if (jint(d, "category_id") == jint(c, "id"))
				json_array_append_new(rows, document_row(r, d, fl));
		if (json_array_size(rows) == 0) {
			json_decref(rows);
			continue;
		}
		json_array_append_new(groups, json_pack("{s:I, s:s, s:o}", "id", jint(c, "id"), "name",
							 admin_str(c, "name"), "docs", rows));
	}
	json_t *rest = json_array();
	json_array_foreach(docs, k, d)
	{
		int listed = 0;
		json_array_foreach(cats, i, c)
			if (jint(d, "category_id") == jint(c, "id")) {
				listed = 1;
				break;
			}
		if (!listed)
			json_array_append_new(rest, document_row(r, d, fl));
	}
	if (json_array_size(rest))
		json_array_append_new(groups, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)0, "name",
							 "Zonder categorie", "docs", rest));
	else
		json_decref(rest);
	return groups;
}

/* The upload form: what was sent (after an error) or empty; the category
 * select with the chosen one selected. */
static void upload_values(struct req *r, json_t *ctx, const json_t *cats, int from_req)
{
	int64_t chosen = from_req ? req_param_int(r, "category_id", 0) : 0;
	json_object_set_new(ctx, "up",
			    json_pack("{s:s, s:s, s:b}", "description", from_req ? admin_val(r, "description") : "",
				      "end_date", from_req ? admin_val(r, "end_date") : "", "public",
				      from_req && admin_checked(r, "public")));
	json_t *opts = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(cats, i, c)
	{
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)jint(c, "id"));
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", v, "label", admin_str(c, "name"),
						      "selected", chosen == jint(c, "id")));
	}
	json_object_set_new(ctx, "category_options", opts);
}

static int render(struct req *r, int status, const struct failed *fl)
{
	static const struct failed none = {DF_NONE, 0, NULL};
	struct actor a = auth_actor(r);
	json_t *cl = NULL, *gl = NULL;
	int rc = category_list(r->app, &a, &cl);
	if (rc == K_OK && (rc = general_list(r->app, &a, &gl)) != K_OK)
		json_decref(cl);
	if (rc)
		return admin_fail(r, rc, NULL);
	if (!fl)
		fl = &none;
	const json_t *cats = json_object_get(cl, "items"), *docs = json_object_get(gl, "items");
	json_t *ctx = admin_ctx("Algemene documenten");
	json_object_set_new(ctx, "sub_documents", json_true());
	json_object_set_new(ctx, "saved", json_boolean(fl->form == DF_NONE && admin_checked(r, "opgeslagen")));

	json_t *rows = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(cats, i, c)
		json_array_append_new(rows, category_row(r, c, fl));
	json_object_set_new(ctx, "has_categories", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "categories", rows);
	json_object_set_new(ctx, "has_documents", json_boolean(json_array_size(docs) > 0));
	json_object_set_new(ctx, "groups", document_groups(r, cats, docs, fl));
	upload_values(r, ctx, cats, fl->form == DF_UPLOAD);
	json_object_set_new(ctx, "new_cat",
			    json_pack("{s:s, s:s}", "name", fl->form == DF_CAT_NEW ? admin_val(r, "name") : "",
				      "position", fl->form == DF_CAT_NEW ? admin_val(r, "position") : ""));
	json_decref(cl);
	json_decref(gl);

	switch (fl->form) {
	case DF_CAT_NEW:
		json_object_set_new(ctx, "failed_new_cat", json_true());
		admin_form_error(ctx, fl->f, cat_new_map, "cat_name");
		break;
	case DF_UPLOAD:
		json_object_set_new(ctx, "failed_upload", json_true());
		admin_form_error(ctx, fl->f, upload_map, "up_file");
		break;
	case DF_CAT_EDIT:
	case DF_CAT_DELETE:
		json_object_set_new(ctx, "cat_error", json_string(field_msg(fl->f, "", 1)));
		break;
	case DF_DOC_EDIT:
		json_object_set_new(ctx, "doc_error", json_string(field_msg(fl->f, "", 1)));
		break;
	case DF_NONE:
		break;
	}
	return resp_page(r, status, "admin_documents", ctx);
}

/* A form's refusal: the page again with the error (422) for an invalid or
 * conflicting input, else the refusal's own page. */
static int refused(struct req *r, int rc, enum docs_form form, int64_t id, const struct kfail *f)
{
	if (rc == K_EINVAL || rc == K_ECONFLICT) {
		struct failed fl = {form, id, f};
		return render(r, 422, &fl);
	}
	return admin_fail(r, rc, f);
}

/* The position as typed: a number, nothing (left out), or the text itself,
 * which core refuses with its own message. */
static void put_position(json_t *in, const char *s)
{
	if (!*s)
		return;
	json_int_t v = 0;
	int ok = strlen(s) <= 6;
	for (const char *p = s; ok && *p; p++) {
		if (*p < '0' || *p > '9')
			ok = 0;
		else
			v = v * 10 + (*p - '0');
	}
	json_object_set_new(in, "position", ok ? json_integer(v) : json_string(s));
}

int page_admin_documents(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_DOCTYPES);
	return rc ? rc : render(r, 200, NULL);
}

int page_admin_category_create(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_DOCTYPES);
	if (rc)
		return rc;
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL, *in = json_pack("{s:s}", "name", admin_val(r, "name"));
	put_position(in, admin_val(r, "position"));
	rc = category_create(r->app, &a, in, &out, &f);
	json_decref(in);
	json_decref(out);
	return rc ? refused(r, rc, DF_CAT_NEW, 0, &f) : resp_redirect(r, BACK "#categories-h");
}

int page_admin_category_update(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_DOCTYPES);
	if (rc)
		return rc;
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int64_t id = req_path_int(r, 0);
	json_t *out = NULL, *in = json_pack("{s:s}", "name", admin_val(r, "name"));
	put_position(in, admin_val(r, "position"));
	rc = category_update(r->app, &a, id, in, &out, &f);
	json_decref(in);
	json_decref(out);
	return rc ? refused(r, rc, DF_CAT_EDIT, id, &f) : resp_redirect(r, BACK "#categories-h");
}

int page_admin_category_delete(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_DOCTYPES);
	if (rc)
		return rc;
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int64_t id = req_path_int(r, 0);
	rc = category_delete(r->app, &a, id, &f);
	return rc ? refused(r, rc, DF_CAT_DELETE, id, &f) : resp_redirect(r, BACK "#categories-h");
}

/* POST /app/beheer/documenten (multipart: file..., description,
 * category_id, public, end_date) */
int page_admin_document_add(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_DOCTYPES);
	if (rc)
		return rc;
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	struct upload_file files[DOCUMENT_MAX_FILES];
	int n = api_upload_files(r, files);
	json_t *out = NULL;
	json_t *in = json_pack("{s:s, s:I, s:b, s:s}", "description", admin_val(r, "description"), "category_id",
			       (json_int_t)req_param_int(r, "category_id", 0), "public", admin_checked(r, "public"),
			       "end_date", admin_val(r, "end_date"));
	rc = general_add(r->app, &a, in, files, n, &out, &f);
	json_decref(in);
	if (rc)
		return refused(r, rc, DF_UPLOAD, 0, &f);
	int64_t id = jint(out, "id");
	json_decref(out);
	return admin_redirect_id(r, BACK "#doc-", id, NULL);
}

/* Whether id is a general document (this page changes no other). */
static int is_general(struct req *r, int64_t id, int *yes)
{
	struct actor a = auth_actor(r);
	json_t *l = NULL;
	int rc = general_list(r->app, &a, &l);
	*yes = 0;
	if (rc)
		return rc;
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(l, "items"), i, d)
		if (jint(d, "id") == id)
			*yes = 1;
	json_decref(l);
	return K_OK;
}

/* POST /app/beheer/documenten/{id}: only the fields sent change: the
 * public switch (public), or the description and end date ("" clears). */
int page_admin_document_update(struct req *r)
{
	int rc = admin_need(r, RIGHT_MANAGE_DOCTYPES);
	if (rc)
		return rc;
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int64_t id = req_path_int(r, 0);
	int general = 0;
	if ((rc = is_general(r, id, &general)) || !general)
		return admin_fail(r, rc ? rc : K_ENOTFOUND, NULL);
	const char *pub = req_param(r, "public"), *desc = req_param(r, "description"), *end = req_param(r, "end_date");
	/* the edit form always holds both fields; an empty one at the end of a
	 * urlencoded body does not reach us (libmicrohttpd drops "...&end_date=") */
	if (desc && !end)
		end = "";
	if (desc && !*desc) {
		kfail_set(&f, K_EINVAL, "invalid_field", "description", "Vul een omschrijving in (maximaal 200 tekens).");
		return refused(r, K_EINVAL, DF_DOC_EDIT, id, &f);
	}
	json_t *out = NULL, *in = json_object();
	if (pub)
		json_object_set_new(in, "public", json_boolean(admin_checked(r, "public")));
	if (desc)
		json_object_set_new(in, "description", json_string(desc));
	if (end)
		json_object_set_new(in, "end_date", json_string(end));
	rc = document_update(r->app, &a, id, in, &out, &f);
	json_decref(in);
	json_decref(out);
	return rc ? refused(r, rc, DF_DOC_EDIT, id, &f) : admin_redirect_id(r, BACK "#doc-", id, NULL);
}
