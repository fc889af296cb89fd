/* HTTP tests: the admin pages (/app/beheer) and the dossier history page,
 * driven like a browser without JavaScript: form posts with csrf_token,
 * Post/Redirect/Get, inline errors, refusals as 403 pages. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <curl/curl.h>
#include "core/actor.h"
#include "core/dossier.h"
#include "core/office.h"
#include "store/db.h"
#include "staffc.h"

/* --- helpers ---------------------------------------------------------------- */

/* The number after marker in html (e.g. the id in a link), or 0. */
static long long id_after(const char *html, const char *marker)
{
	const char *p = strstr(html, marker);
	return p ? strtoll(p + strlen(marker), NULL, 10) : 0;
}

/* Decode the few entities the template engine writes into attributes. */
static void html_unescape(const char *s, size_t n, char *out, size_t outlen)
{
	static const struct {
		const char *ent;
		char ch;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
		    {"&#x27;", '\''}, {"&#96;", '`'}, {"&#x60;", '`'}, {"&#61;", '='}, {"&#x3D;", '='}};
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < outlen;) {
		size_t k;
		for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
			size_t l = strlen(ents[k].ent);
			if (i + l <= n && strncmp(s + i, ents[k].ent, l) == 0) {
				out[o++] = ents[k].ch;
				i += l;
				break;
			}
		}
		if (k == sizeof ents / sizeof ents[0])
			out[o++] = s[i++];
	}
	out[o] = '\0';
}

/* Like a browser: the urlencoded body of the form posting to action, built
 * from its hidden inputs (csrf_token included). */
static void form_from_page(const char *html, const char *action, char *out, size_t outlen)
{
	char marker[256];
	snprintf(marker, sizeof marker, "action=\"%s\"", action);
	const char *p = strstr(html, marker);
	assert_non_null(p);
	const char *end = strstr(p, "</form>");
	assert_non_null(end);
	out[0] = '\0';
	size_t len = 0;
	while ((p = strstr(p, "<input type=\"hidden\" name=\"")) && p < end) {
		p += strlen("<input type=\"hidden\" name=\"");
		const char *nq = strchr(p, '"');
		const char *v = strstr(nq, "value=\"") + strlen("value=\"");
		const char *vq = strchr(v, '"');
		char name[64], val[512], enc[1024];
		snprintf(name, sizeof name, "%.*s", (int)(nq - p), p);
		html_unescape(v, (size_t)(vq - v), val, sizeof val);
		pg_urlenc(val, enc, sizeof enc);
		len += (size_t)snprintf(out + len, outlen - len, "%s%s=%s", len ? "&" : "", name, enc);
		assert_true(len < outlen);
		p = vq;
	}
}

/* --- tests ------------------------------------------------------------------ */

static void test_admin_creates_office(void **state)
{
	struct httpc c;
	struct http_resp r;
	form_admin_login(&c, "baas@kantoor.nl", "Bea Baas");

	/* the admin sees Beheer in the menu and the overview links */
	pg_get(&c, "/app/", &r);
	assert_non_null(strstr(buf_str(&r.body), "href=\"/app/beheer\""));
	http_resp_free(&r);
	pg_get(&c, "/app/beheer", &r);
	assert_int_equal(r.status, 200);
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "href=\"/app/beheer/kantoren\""));
	assert_non_null(strstr(html, "href=\"/app/beheer/medewerkers\""));
	assert_non_null(strstr(html, "href=\"/app/beheer/groepen\""));
	assert_non_null(strstr(html, "aria-current=\"page\">Beheer"));
	assert_null(strstr(html, "<script>"));
	assert_null(strstr(html, "style=\""));
	http_resp_free(&r);

	pg_get(&c, "/app/beheer/kantoren", &r);
	assert_int_equal(r.status, 200);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "Nieuw kantoor"));
	assert_non_null(strstr(html, "action=\"/app/beheer/kantoren\""));
	assert_non_null(strstr(html, "<input type=\"hidden\" name=\"csrf_token\" value=\""));
	assert_non_null(strstr(html, "Er zijn nog geen kantoren"));
	http_resp_free(&r);

	pg_post_form(&c, "/app/beheer/kantoren", "name=Kantoor+Utrecht", &r);
	pg_assert_location(&r, "/app/beheer/kantoren");
	http_resp_free(&r);
	pg_get(&c, "/app/beheer/kantoren", &r);
	assert_int_equal(r.status, 200);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, ">Kantoor Utrecht</a>"));
	long long id = id_after(html, "href=\"/app/beheer/kantoren/");
	assert_true(id > 0);
	http_resp_free(&r);

	/* rename on the office page */
	char path[128];
	snprintf(path, sizeof path, "/app/beheer/kantoren/%lld", id);
	pg_get(&c, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_str(&r.body), "value=\"Kantoor Utrecht\""));
	http_resp_free(&r);
	pg_post_form(&c, path, "name=Kantoor+Utrecht+Centrum", &r);
	pg_assert_location(&r, path);
	http_resp_free(&r);
	pg_get(&c, path, &r);
	assert_non_null(strstr(buf_str(&r.body), "Kantoor Utrecht Centrum"));
	http_resp_free(&r);

	/* an empty name: the form again, the error next to the field */
	pg_post_form(&c, "/app/beheer/kantoren", "name=", &r);
	assert_int_equal(r.status, 422);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "Vul een naam in"));
	assert_non_null(strstr(html, "aria-invalid=\"true\" aria-describedby=\"office-name-err\""));
	assert_non_null(strstr(html, "id=\"office-name-err\""));
	assert_non_null(strstr(html, ">Kantoor Utrecht Centrum</a>")); /* the list is still there */
	http_resp_free(&r);

	/* without the token nothing happens */
	pg_post(&c, "/app/beheer/kantoren", "name=Zonder+token", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	pg_get(&c, "/app/beheer/kantoren", &r);
	assert_null(strstr(buf_str(&r.body), "Zonder token"));
	http_resp_free(&r);

	/* an unknown office */
	pg_get(&c, "/app/beheer/kantoren/999999", &r);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_office_name_is_escaped(void **state)
{
	struct httpc c;
	struct http_resp r;
	form_admin_login(&c, "baas@kantoor.nl", "Bea Baas");
	pg_post_form(&c, "/app/beheer/kantoren", "name=%3Cb%3Ex%3C%2Fb%3E", &r);
	pg_assert_location(&r, "/app/beheer/kantoren");
	http_resp_free(&r);
	pg_get(&c, "/app/beheer/kantoren", &r);
	const char *html = buf_str(&r.body);
	assert_null(strstr(html, "<b>x</b>"));
	assert_non_null(strstr(html, "&lt;b&gt;x&lt;/b&gt;"));
	long long id = id_after(html, "href=\"/app/beheer/kantoren/");
	http_resp_free(&r);
	char path[128];
	snprintf(path, sizeof path, "/app/beheer/kantoren/%lld", id);
	pg_get(&c, path, &r);
	assert_int_equal(r.status, 200);
	html = buf_str(&r.body);
	assert_null(strstr(html, "<b>x</b>"));
	assert_non_null(strstr(html, "<h1>&lt;b&gt;x&lt;/b&gt;</h1>"));
	http_resp_free(&r);
	/* also when an invalid form shows it again */
	pg_post_form(&c, "/app/beheer/groepen", "name=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", &r);
	pg_assert_location(&r, "/app/beheer/groepen");
	http_resp_free(&r);
	pg_get(&c, "/app/beheer/groepen", &r);
	assert_null(strstr(buf_str(&r.body), "<script>alert(1)"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_office_contacts(void **state)
{
	struct httpc c;
	struct http_resp r;
	char path[128], body[2048], action[192];
	form_admin_login(&c, "baas@kantoor.nl", "Bea Baas");
	pg_post_form(&c, "/app/beheer/kantoren", "name=Kantoor+Zwolle", &r);
	http_resp_free(&r);
	pg_get(&c, "/app/beheer/kantoren", &r);
	long long id = id_after(buf_str(&r.body), "href=\"/app/beheer/kantoren/");
	http_resp_free(&r);
	snprintf(path, sizeof path, "/app/beheer/kantoren/%lld", id);
	pg_get(&c, path, &r);
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "nog geen contactgegevens"));
	assert_non_null(strstr(html, "<option value=\"phone\" selected>Telefoon</option>"));
	assert_non_null(strstr(html, ">Bezoekadres</option>"));
	http_resp_free(&r);

	/* a phone a digit short: refused, input kept, error at the field */
	snprintf(action, sizeof action, "%s/contacten", path);
	pg_post_form(&c, action, "kind=phone&type=general&value=020+123+456", &r);
	assert_int_equal(r.status, 422);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "Dit telefoonnummer klopt niet"));
	assert_non_null(strstr(html, "value=\"020 123 456\""));
	assert_non_null(strstr(html, "c-value-err\" aria-invalid=\"true\""));
	http_resp_free(&r);

	/* a valid one, not public */
	pg_post_form(&c, action, "kind=phone&type=general&value=020+123+4567", &r);
	char loc[192];
	snprintf(loc, sizeof loc, "%s#contacts-h", path);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	pg_get(&c, path, &r);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "class=\"adm-value\">020 123 4567</td>"));
	assert_non_null(strstr(html, "value=\"+31201234567\""));
	assert_non_null(strstr(html, ">Openbaar maken</button>"));
	assert_null(strstr(html, ">Niet openbaar</button>"));
	long long cid = id_after(html, "action=\"/app/beheer/contacten/");
	assert_true(cid > 0);
	/* press "Openbaar maken" */
	char toggle[128];
	snprintf(toggle, sizeof toggle, "/app/beheer/contacten/%lld", cid);
	form_from_page(html, toggle, body, sizeof body);
	assert_non_null(strstr(body, "public=1"));
	http_resp_free(&r);
	pg_post(&c, toggle, body, &r);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	pg_get(&c, path, &r);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, ">Niet openbaar</button>"));
	assert_non_null(strstr(html, "adm-badge-on\">Openbaar</span>"));
	http_resp_free(&r);
	/* core agrees */
	struct actor sys = actor_system();
	json_t *o = NULL;
	assert_int_equal(office_get(&T.app, &sys, id, &o), K_OK);
	json_t *ct = json_array_get(json_object_get(o, "contacts"), 0);
	assert_true(json_is_true(json_object_get(ct, "public")));
	assert_string_equal(json_string_value(json_object_get(ct, "value")), "+31201234567");
	assert_string_equal(json_string_value(json_object_get(ct, "type")), "general");
	json_decref(o);
	/* and back */
	pg_get(&c, path, &r);
	form_from_page(buf_str(&r.body), toggle, body, sizeof body);
	assert_non_null(strstr(body, "public=0"));
	http_resp_free(&r);
	pg_post(&c, toggle, body, &r);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	pg_get(&c, path, &r);
	assert_non_null(strstr(buf_str(&r.body), ">Openbaar maken</button>"));
	http_resp_free(&r);

	/* an address: a bad postcode is refused next to the postcode field */
	pg_post_form(&c, action,
		     "kind=address&type=visiting&street=Grote+Markt&house_number=1&postcode=12345&city=Zwolle&public=1",
		     &r);
	assert_int_equal(r.status, 422);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "id=\"c-postcode-err\""));
	assert_non_null(strstr(html, "value=\"Grote Markt\""));
	assert_non_null(strstr(html, "<option value=\"address\" selected>Adres</option>"));
	http_resp_free(&r);
	pg_post_form(&c, action,
		     "kind=address&type=visiting&street=Grote+Markt&house_number=1&postcode=8011lw&city=Zwolle&public=1",
		     &r);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	pg_get(&c, path, &r);
	assert_non_null(strstr(buf_str(&r.body), "Grote Markt 1, 8011 LW Zwolle"));
	http_resp_free(&r);

	/* delete the phone */
	snprintf(toggle, sizeof toggle, "/app/beheer/contacten/%lld/verwijderen", cid);
	pg_get(&c, path, &r);
	form_from_page(buf_str(&r.body), toggle, body, sizeof body);
	http_resp_free(&r);
	pg_post(&c, toggle, body, &r);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	pg_get(&c, path, &r);
	assert_null(strstr(buf_str(&r.body), "class=\"adm-value\">020 123 4567</td>"));
	assert_non_null(strstr(buf_str(&r.body), "Grote Markt 1"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_advisor_is_refused(void **state)
{
	struct httpc c;
	struct http_resp r;
	int64_t me = form_advisor_login(&c, "adviseur@kantoor.nl", "Anna Adviseur");
	pg_get(&c, "/app/", &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(buf_str(&r.body), "href=\"/app/beheer\""));
	http_resp_free(&r);
	/* creating an office: core refuses, the page says so */
	pg_post_form(&c, "/app/beheer/kantoren", "name=Eigen+kantoor", &r);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(buf_str(&r.body), "<html"));
	assert_non_null(strstr(buf_str(&r.body), "Geen toegang"));
	http_resp_free(&r);
	struct actor sys = actor_system();
	json_t *list = NULL;
	assert_int_equal(office_list(&T.app, &sys, &list), K_OK);
	assert_int_equal(json_array_size(json_object_get(list, "items")), 0);
	json_decref(list);
	/* nor may the advisor see or change the admin pages */
	static const char *const pages[] = {"/app/beheer", "/app/beheer/kantoren", "/app/beheer/medewerkers",
					    "/app/beheer/groepen", NULL};
	for (int i = 0; pages[i]; i++) {
		pg_get(&c, pages[i], &r);
		assert_int_equal(r.status, 403);
		http_resp_free(&r);
	}
	char path[128];
	snprintf(path, sizeof path, "/app/beheer/medewerkers/%lld", (long long)me);
	pg_get(&c, path, &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	pg_post_form(&c, path, "office_id=&job_title=Baas&public=1&in_service=1", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	pg_post_form(&c, "/app/beheer/medewerkers",
		     "email=nieuw%40kantoor.nl&name=Nieuw&role=admin&password=" ST_PW, &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	pg_post_form(&c, "/app/beheer/groepen", "name=Eigen+groep", &r);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	/* signed out: to the login page */
	struct httpc anon;
	httpc_init(&anon, T.base);
	pg_get(&anon, "/app/beheer/kantoren", &r);
	pg_assert_location(&r, "/app/login");
	http_resp_free(&r);
	httpc_free(&anon);
	httpc_free(&c);
}

static void test_employee_out_of_service(void **state)
{
	struct httpc c, adv;
	struct http_resp r;
	char path[128], body[512];
	int64_t me = form_admin_login(&c, "baas@kantoor.nl", "Bea Baas");
	int64_t aid = form_advisor_login(&adv, "adviseur@kantoor.nl", "Anna Adviseur");
	pg_post_form(&c, "/app/beheer/kantoren", "name=Kantoor+Deventer", &r);
	http_resp_free(&r);
	pg_get(&c, "/app/beheer/kantoren", &r);
	long long office = id_after(buf_str(&r.body), "href=\"/app/beheer/kantoren/");
	http_resp_free(&r);

	pg_get(&c, "/app/beheer/medewerkers", &r);
	assert_int_equal(r.status, 200);
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "Anna Adviseur"));
	assert_non_null(strstr(html, "adviseur@kantoor.nl"));
	assert_non_null(strstr(html, "Adviseur"));
	assert_non_null(strstr(html, "Beheerder"));
	http_resp_free(&r);

	snprintf(path, sizeof path, "/app/beheer/medewerkers/%lld", (long long)aid);
	pg_get(&c, path, &r);
	assert_int_equal(r.status, 200);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "name=\"in_service\" value=\"1\""));
	assert_non_null(strstr(html, "Ondersteuning door"));
	assert_non_null(strstr(html, "Kantoor Deventer</option>"));
	http_resp_free(&r);

	/* into an office, public, with a bad phone first */
	snprintf(body, sizeof body, "office_id=%lld&job_title=Hypotheekadviseur&phone=06+1234567&public=1&in_service=1&support=",
		 office);
	pg_post_form(&c, path, body, &r);
	assert_int_equal(r.status, 422);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "Dit telefoonnummer klopt niet."));
	assert_non_null(strstr(html, "value=\"Hypotheekadviseur\""));
	assert_non_null(strstr(html, "e-phone-err"));
	http_resp_free(&r);
	snprintf(body, sizeof body, "office_id=%lld&job_title=Hypotheekadviseur&phone=06+12345678&public=1&in_service=1&support=",
		 office);
	pg_post_form(&c, path, body, &r);
	char loc[192];
	snprintf(loc, sizeof loc, "%s?opgeslagen=1", path);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	pg_get(&c, loc, &r);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "De wijzigingen zijn opgeslagen."));
	assert_non_null(strstr(html, "06 12345678"));
	http_resp_free(&r);
	snprintf(body, sizeof body, "/app/beheer/kantoren/%lld", office);
	pg_get(&c, body, &r);
	assert_non_null(strstr(buf_str(&r.body), "Anna Adviseur</a>"));
	http_resp_free(&r);

	/* the advisor is signed in now */
	pg_get(&adv, "/app/", &r);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);

	/* uncheck "In dienst" */
	snprintf(body, sizeof body, "office_id=%lld&job_title=Hypotheekadviseur&phone=06+12345678&public=1&support=", office);
	pg_post_form(&c, path, body, &r);
	pg_assert_location(&r, loc);
	http_resp_free(&r);
	pg_get(&c, "/app/beheer/medewerkers", &r);
	assert_non_null(strstr(buf_str(&r.body), "Uit dienst"));
	http_resp_free(&r);
	struct actor sys = actor_system();
	json_t *list = NULL;
	assert_int_equal(employee_list(&T.app, &sys, &list), K_OK);
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(list, "items"), i, e) if (json_integer_value(json_object_get(e, "id")) == aid)
	{
		assert_false(json_is_true(json_object_get(e, "in_service")));
		assert_false(json_is_true(json_object_get(e, "public"))); /* out of service is never public */
	}
	json_decref(list);
	/* their session has ended and they cannot sign in again */
	pg_get(&adv, "/app/", &r);
	pg_assert_location(&r, "/app/login");
	http_resp_free(&r);
	assert_int_equal(pg_login_status(&adv, "adviseur@kantoor.nl", ST_PW, NULL), 401);

	/* an admin cannot put themselves out of service: said at the checkbox */
	snprintf(path, sizeof path, "/app/beheer/medewerkers/%lld", (long long)me);
	pg_post_form(&c, path, "office_id=&job_title=&phone=&support=", &r);
	assert_int_equal(r.status, 422);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "U kunt uzelf niet uit dienst zetten."));
	assert_non_null(strstr(html, "e-service-err\" aria-invalid=\"true\""));
	http_resp_free(&r);
	httpc_free(&adv);
	httpc_free(&c);
}

static void test_new_employee_and_support(void **state)
{
	struct httpc c;
	struct http_resp r;
	char path[128], body[512];
	form_admin_login(&c, "baas@kantoor.nl", "Bea Baas");

	/* a bad e-mail: the form again with the name kept, never the password */
	pg_post_form(&c, "/app/beheer/medewerkers",
		     "email=geen-email&name=Bram+Binnendienst&role=backoffice&password=" ST_PW, &r);
	assert_int_equal(r.status, 422);
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "Vul een geldig e-mailadres in."));
	assert_non_null(strstr(html, "value=\"Bram Binnendienst\""));
	assert_non_null(strstr(html, "s-email-err"));
	assert_non_null(strstr(html, "<option value=\"backoffice\" selected>"));
	assert_null(strstr(html, ST_PW));
	http_resp_free(&r);

	pg_post_form(&c, "/app/beheer/medewerkers",
		     "email=bram%40kantoor.nl&name=Bram+Binnendienst&role=backoffice&password=" ST_PW, &r);
	assert_int_equal(r.status, 303);
	char v[256];
	assert_non_null(http_header(&r, "Location", v, sizeof v));
	assert_non_null(strstr(v, "/app/beheer/medewerkers/"));
	long long bram = strtoll(v + strlen("/app/beheer/medewerkers/"), NULL, 10);
	assert_true(bram > 0);
	http_resp_free(&r);
	struct httpc b;
	httpc_init(&b, T.base);
	assert_int_equal(pg_login_status(&b, "bram@kantoor.nl", ST_PW, NULL), 303);
	httpc_free(&b);

	/* a new admin: the TOTP secret is shown once */
	pg_post_form(&c, "/app/beheer/medewerkers",
		     "email=ada%40kantoor.nl&name=Ada+Admin&role=admin&password=" ST_PW, &r);
	assert_int_equal(r.status, 201);
	html = buf_str(&r.body);
	assert_non_null(strstr(html, "wordt maar één keer getoond"));
	const char *s = strstr(html, "adm-secret\">");
	assert_non_null(s);
	s += strlen("adm-secret\">");
	assert_true(strcspn(s, "<") >= 16);
	assert_null(strstr(html, ST_PW));
	assert_non_null(http_header(&r, "Cache-Control", v, sizeof v));
	assert_string_equal(v, "no-store");
	http_resp_free(&r);
	/* the same e-mail twice */
	pg_post_form(&c, "/app/beheer/medewerkers",
		     "email=ada%40kantoor.nl&name=Ada+Twee&role=advisor&password=" ST_PW, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(buf_str(&r.body), "Er bestaat al een account met dit e-mailadres."));
	http_resp_free(&r);

	/* a workflow group, then an advisor supported by it, then by Bram */
	pg_post_form(&c, "/app/beheer/groepen", "name=Hypotheekteam", &r);
	pg_assert_location(&r, "/app/beheer/groepen");
	http_resp_free(&r);
	pg_post_form(&c, "/app/beheer/groepen", "name=Hypotheekteam", &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(buf_str(&r.body), "Er bestaat al een groep met deze naam."));
	http_resp_free(&r);
	pg_get(&c, "/app/beheer/groepen", &r);
	assert_non_null(strstr(buf_str(&r.body), "<li>Hypotheekteam</li>"));
	http_resp_free(&r);

	int64_t adv = tapp_staff(&T, "adviseur@kantoor.nl", "Anna Adviseur", "advisor", ST_PW, NULL);
	snprintf(path, sizeof path, "/app/beheer/medewerkers/%lld", (long long)adv);
	pg_get(&c, path, &r);
	html = buf_str(&r.body);
	long long group = id_after(html, "<option value=\"g-");
	assert_true(group > 0);
	assert_non_null(strstr(html, "<option value=\"\" selected>Niemand"));
	http_resp_free(&r);
	snprintf(body, sizeof body, "office_id=&job_title=&phone=&in_service=1&support=g-%lld", group);
	pg_post_form(&c, path, body, &r);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	pg_get(&c, path, &r);
	snprintf(body, sizeof body, "<option value=\"g-%lld\" selected>Hypotheekteam</option>", group);
	assert_non_null(strstr(buf_str(&r.body), body));
	http_resp_free(&r);
	/* D8: with a group as support the advisor still handles the tasks */
	struct db *db = store_acquire(T.app.store);
	assert_int_equal(office_support_handler(db, adv), adv);
	store_release(T.app.store, db);
	snprintf(body, sizeof body, "office_id=&job_title=&phone=&in_service=1&support=u-%lld", bram);
	pg_post_form(&c, path, body, &r);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	db = store_acquire(T.app.store);
	assert_int_equal(office_support_handler(db, adv), bram);
	store_release(T.app.store, db);
	/* nonsense in the select is refused at the select */
	pg_post_form(&c, path, "office_id=&job_title=&phone=&in_service=1&support=x-1", &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(buf_str(&r.body), "e-support-err"));
	http_resp_free(&r);
	httpc_free(&c);
}

static void test_dossier_history(void **state)
{
	struct httpc c, adv;
	struct http_resp r;
	char path[128];
	form_admin_login(&c, "baas@kantoor.nl", "Bea Baas");
	form_advisor_login(&adv, "adviseur@kantoor.nl", "Anna Adviseur");
	struct actor sys = actor_system();
	struct kfail f = {0};
	json_t *in = json_pack("{s:s, s:s}", "kind", "private", "name", "Familie Jansen"), *out = NULL;
	assert_int_equal(dossier_create(&T.app, &sys, in, &out, &f), K_OK);
	long long id = json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);

	snprintf(path, sizeof path, "/app/dossiers/%lld/historie", id);
	pg_get(&c, path, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(buf_str(&r.body), "Dossier bekeken"));
	assert_non_null(strstr(buf_str(&r.body), "Dossier aangemaakt"));
	assert_non_null(strstr(buf_str(&r.body), "Systeem"));
	http_resp_free(&r);

	/* the admin views the dossier through the API */
	char api[128];
	snprintf(api, sizeof api, "/api/v1/dossiers/%lld", id);
	pg_get(&c, api, &r);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	pg_get(&c, path, &r);
	assert_int_equal(r.status, 200);
	const char *html = buf_str(&r.body);
	assert_non_null(strstr(html, "<td data-label=\"Wat\">Dossier bekeken</td>"));
	assert_non_null(strstr(html, "<td data-label=\"Wie\">Bea Baas</td>"));
	assert_non_null(strstr(html, "127.0.0.1"));
	assert_non_null(strstr(html, "<time datetime=\""));
	/* "dd-mm-jjjj hh:mm" */
	const char *t = strstr(html, "Z\">");
	assert_non_null(t);
	t += 3;
	assert_true(t[2] == '-' && t[5] == '-' && t[10] == ' ' && t[13] == ':');
	http_resp_free(&r);

	/* an advisor may not read the audit log, even of a dossier they can open */
	pg_get(&adv, api, &r);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	pg_get(&adv, path, &r);
	assert_int_equal(r.status, 403);
	assert_null(strstr(buf_str(&r.body), "Dossier bekeken"));
	http_resp_free(&r);
	/* an unknown dossier */
	pg_get(&c, "/app/dossiers/999999/historie", &r);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	httpc_free(&adv);
	httpc_free(&c);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_admin_creates_office, st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_office_name_is_escaped, st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_office_contacts, st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_advisor_is_refused, st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_employee_out_of_service, st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_new_employee_and_support, st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_dossier_history, st_setup, st_teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
