/* The vault shell (issue 4 item 11): "Mijn overzicht" and "Instellingen"
 * (login e-mail, password, two-step verification, extra users). In a
 * read-only "view as client" session the pages show no forms that change
 * anything (the server refuses such requests anyway). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "core/office.h"
#include "core/portal.h"
#include "core/product.h"
#include "core/vault.h"
#include "store/dossier_store.h"
#include "store/product_store.h"
#include "util/alloc.h"
#include "web/portal/portal_pages.h"
#include "core/request.h"

int ppage_root(struct req *r)
{
	return resp_redirect(r, "/portaal/");
}

/* --- Mijn overzicht ---------------------------------------------------------- */

/* The advisor card: name from the dossier; job title, e-mail and phone from
 * the employee record while the advisor is in service. */
static json_t *advisor_card(struct req *r, const json_t *d)
{
	json_int_t id = json_integer_value(json_object_get(d, "advisor_id"));
	const char *name = json_string_value(json_object_get(d, "advisor_name"));
	if (!id || !name)
		return NULL;
	json_t *card = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", name, "job_title", "", "email", "", "phone", "",
				 "office", "");
	struct actor sys = actor_system();
	json_t *emps = NULL;
	if (employee_list(r->app, &sys, &emps) == K_OK) {
		size_t i;
		json_t *e;
		json_array_foreach(json_object_get(emps, "items"), i, e) {
			if (json_integer_value(json_object_get(e, "id")) != id)
				continue;
			if (!json_is_true(json_object_get(e, "in_service")))
				break;
			const char *keys[][2] = {{"job_title", "job_title"}, {"email", "email"}, {"phone", "phone"},
						 {"office", "office_name"}};
			for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
				const char *v = json_string_value(json_object_get(e, keys[k][1]));
				if (v && *v)
					json_object_set_new(card, keys[k][0], json_string(v));
			}
			break;
		}
	}
	json_decref(emps);
	return card;
}

int ppage_home(struct req *r)
{
	json_t *d = NULL;
	struct db *db = req_db(r);
	int rc = db ? store_dossier_get(db, r->client.dossier_id, &d) : K_EBUSY;
	if (rc)
		return rc;
	json_t *products = json_array(), *all = json_array(), *ov = NULL;
	struct actor ca = {ACTOR_CLIENT, r->client.user_id, ROLE_NONE, r->ip, r->request_id};
	request_overview(r->app, &ca, &ov); /* open actions per product (R6 bells) */
	if (store_products_of_dossier(db, r->client.dossier_id, all) == K_OK) {
		size_t i, k;
		json_t *p, *op;
		json_array_foreach(all, i, p) {
			if (!json_is_true(json_object_get(p, "public")))
				continue;
			const char *name = json_string_value(json_object_get(p, "name"));
			json_int_t open = 0;
			json_array_foreach(json_object_get(ov, "products"), k, op)
				if (json_integer_value(json_object_get(op, "id")) == json_integer_value(json_object_get(p, "id")))
					open = json_integer_value(json_object_get(op, "open_actions"));
			json_array_append_new(products,
					      json_pack("{s:s, s:s, s:s, s:I}", "type_label",
							product_type_label(json_string_value(json_object_get(p, "type"))),
							"name", name ? name : "", "status_label",
							product_status_label(json_string_value(json_object_get(p, "status"))),
							"open_actions", open));
		}
	}
	json_decref(ov);
	json_decref(all);
	json_t *advisor = advisor_card(r, d);
	const char *dname = json_string_value(json_object_get(d, "name"));
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:O, s:s, s:b, s:o, s:b}", "title", "Mijn overzicht", "pnav", "home",
				"greeting_name", r->client.name, "dossier_number", json_object_get(d, "number"),
				"dossier_name", dname ? dname : "", "has_products", json_array_size(products) > 0,
				"products", products, "has_advisor", advisor != NULL);
	if (advisor)
		json_object_set_new(ctx, "advisor", advisor);
	portal_requests_ctx(r, ctx);
	json_object_set_new(ctx, "delivered", json_boolean(req_param(r, "geleverd") != NULL));
	json_decref(d);
	return portal_render(r, 200, "portal_home", ctx);
}

/* --- Instellingen ------------------------------------------------------------- */

/* The vault's users for the settings page (read through the system actor:
 * the client sees the users of its own vault only). */
static json_t *vault_users(struct req *r)
{
	struct actor sys = actor_system();
	json_t *v = NULL, *out = json_array();
	if (vault_status(r->app, &sys, r->client.dossier_id, &v) != K_OK)
		return out;
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(v, "users"), i, u) {
		const char *st = json_string_value(json_object_get(u, "status"));
		const char *name = json_string_value(json_object_get(u, "name"));
		const char *email = json_string_value(json_object_get(u, "email"));
		json_array_append_new(
			out, json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", name ? name : "", "email", email ? email : "",
				       "role_label", json_is_true(json_object_get(u, "primary")) ? "Hoofdgebruiker" : "Extra gebruiker",
				       "status_label", st && strcmp(st, "active") == 0 ? "Actief" : "Uitgenodigd", "is_me",
				       json_integer_value(json_object_get(u, "id")) == r->client.user_id));
	}
	json_decref(v);
	return out;
}

/* extra (stolen, may be NULL): section messages and form values. */
static int render_settings(struct req *r, int status, json_t *extra)
{
	json_t *me = NULL;
	int rc = portal_me(r->app, r->client.user_id, &me);
	if (rc) {
		json_decref(extra);
		return rc;
	}
	json_t *users = vault_users(r);
	const char *orig = json_string_value(json_object_get(me, "original_email"));
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:b}", "title", "Instellingen", "pnav", "settings",
				"login_email", r->client.email, "original_email", orig ? orig : "", "email_differs",
				orig && strcasecmp(orig, r->client.email) != 0, "two_factor", r->client.two_factor,
				"users", users, "has_users", json_array_size(users) > 0);
	json_decref(me);
	if (extra) {
		json_object_update(ctx, extra);
		json_decref(extra);
	}
	return portal_render(r, status, "portal_settings", ctx);
}

int ppage_settings(struct req *r)
{
	return render_settings(r, 200, NULL);
}

static const char *val(struct req *r, const char *name)
{
	const char *v = req_param(r, name);
	return v ? v : "";
}

int ppage_settings_email(struct req *r)
{
	const char *email = val(r, "email");
	if (!*email)
		return render_settings(r, 422, json_pack("{s:s, s:b}", "email_error", "Vul het nieuwe e-mailadres in.",
							 "email_invalid", 1));
	struct kfail f = {0};
	int rc = portal_update_me(r->app, r->client.user_id, r->client.session_id, email, NULL,
				  req_param(r, "current_password"), &f);
	if (rc == K_EINVAL || rc == K_EAUTH)
		return render_settings(r, 422, json_pack("{s:s, s:s, s:b}", "email_error", f.message, "email_value", email,
							 "email_invalid", strcmp(f.field, "email") == 0));
	if (rc)
		return rc;
	snprintf(r->client.email, sizeof r->client.email, "%s", email);
	return render_settings(r, 200, json_pack("{s:s}", "email_ok",
						 "Uw inlognaam is gewijzigd. Log voortaan in met dit e-mailadres. Het e-mailadres "
						 "dat uw adviseur in uw dossier heeft, blijft hetzelfde."));
}

int ppage_settings_password(struct req *r)
{
	const char *n1 = req_param(r, "new_password"), *n2 = req_param(r, "new_password2");
	if (!n1 || !*n1)
		return render_settings(r, 422, json_pack("{s:s}", "pw_error", "Kies een nieuw wachtwoord."));
	if (!n2 || strcmp(n1, n2) != 0)
		return render_settings(r, 422, json_pack("{s:s}", "pw_error", "De twee nieuwe wachtwoorden zijn niet gelijk."));
	struct kfail f = {0};
	int rc = portal_update_me(r->app, r->client.user_id, r->client.session_id, NULL, n1,
				  req_param(r, "current_password"), &f);
	if (rc == K_EINVAL || rc == K_EAUTH || rc == K_EWEAK)
		return render_settings(r, 422, json_pack("{s:s}", "pw_error", f.message[0] ? f.message : "Dat lukte niet."));
	if (rc)
		return rc;
	return render_settings(r, 200, json_pack("{s:s}", "pw_ok",
						 "Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."));
}

int ppage_settings_totp(struct req *r)
{
	char secret[64], url[512];
	struct buf svg;
	buf_init(&svg, 256 * 1024);
	int rc = portal_totp_begin(r->app, r->client.user_id, secret, url, sizeof url, &svg);
	if (rc == K_OK) {
		/* our own SVG (libqrencode), embedded as a data: URI image so the
		 * CSP stays strict */
		size_t b64len = sodium_base64_ENCODED_LEN(svg.len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = xmalloc(b64len);
		sodium_bin2base64(b64, b64len, (const unsigned char *)svg.data, svg.len, sodium_base64_VARIANT_ORIGINAL);
		char *uri = xmalloc(b64len + 32);
		snprintf(uri, b64len + 32, "data:image/svg+xml;base64,%s", b64);
		rc = render_settings(r, 200, json_pack("{s:b, s:s, s:s}", "totp_setup", 1, "totp_secret", secret, "totp_qr",
						       uri));
		free(b64);
		free(uri);
	}
	buf_free(&svg);
	secure_wipe(secret, sizeof secret);
	return rc;
}

int ppage_settings_totp_confirm(struct req *r)
{
	struct kfail f = {0};
	char code[20];
	size_t n = 0;
	for (const char *p = req_param(r, "totp"); p && *p && n + 1 < sizeof code; p++)
		if (*p != ' ')
			code[n++] = *p;
	code[n] = '\0';
	int rc = portal_totp_confirm(r->app, r->client.user_id, code, &f);
	if (rc == K_ETOTP_INVALID || rc == K_EINVAL)
		return render_settings(r, 422, json_pack("{s:s, s:b}", "totp_error", f.message, "totp_retry",
							 f.code && strcmp(f.code, "totp_invalid") == 0));
	if (rc)
		return rc;
	r->client.two_factor = true;
	return render_settings(r, 200, json_pack("{s:s}", "totp_ok",
						 "Gelukt: tweestapsverificatie is aangezet. Bij het inloggen vragen we voortaan ook de code uit uw app."));
}

int ppage_settings_totp_off(struct req *r)
{
	struct kfail f = {0};
	int rc = portal_totp_disable(r->app, r->client.user_id, req_param(r, "password"), &f);
	if (rc == K_EINVAL || rc == K_EAUTH)
		return render_settings(r, 422, json_pack("{s:s}", "totp_error", f.message[0] ? f.message : "Dat lukte niet."));
	if (rc)
		return rc;
	r->client.two_factor = false;
	return render_settings(r, 200, json_pack("{s:s}", "totp_ok", "Tweestapsverificatie is uitgezet."));
}

int ppage_settings_add_user(struct req *r)
{
	struct actor a = {ACTOR_CLIENT, r->client.user_id, ROLE_NONE, r->ip, r->request_id};
	struct kfail f = {0};
	json_t *out = NULL;
	const char *email = val(r, "email"), *name = val(r, "name");
	int rc = vault_add_user(r->app, &a, r->client.dossier_id, email, name, &out, &f);
	json_decref(out);
	if (rc == K_EINVAL)
		return render_settings(r, 422, json_pack("{s:s, s:s, s:s, s:b, s:b}", "user_error", f.message,
							 "user_email", email, "user_name", name, "user_email_invalid",
							 strcmp(f.field, "email") == 0, "user_name_invalid",
							 strcmp(f.field, "name") == 0));
	if (rc)
		return rc;
	char msg[400];
	snprintf(msg, sizeof msg, "%s krijgt een e-mail met een link om een eigen wachtwoord te kiezen.", name);
	return render_settings(r, 200, json_pack("{s:s}", "user_ok", msg));
}
