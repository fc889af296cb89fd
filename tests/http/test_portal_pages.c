/* HTTP tests of the vault pages (issue 4 items 2–5, 8, 9, 11): the staff
 * "Kluis" tab (invite, refusals with their reason, resend, revoke, manual
 * code, extra user, view as client, unlink) and the client pages
 * (activation with SMS or manual code, sign-in with TOTP, sign-out,
 * forgotten password, settings), all as plain form posts without
 * JavaScript. The outbox is read from the database (vaultc.h). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "vaultc.h"

/* --- helpers ----------------------------------------------------------------- */

/* form-urlencode s (rotating buffers) */
static const char *enc(const char *s)
{
	static char bufs[8][512];
	static int n;
	char *b = bufs[n++ % 8];
	size_t o = 0;
	for (; *s && o + 4 < sizeof bufs[0]; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		    ch == '_' || ch == '.')
			b[o++] = (char)ch;
		else if (ch == ' ')
			b[o++] = '+';
		else
			o += (size_t)snprintf(b + o, 4, "%%%02X", ch);
	}
	b[o] = '\0';
	return b;
}

static const char *html(const struct http_resp *r)
{
	return buf_str((struct buf *)&r->body);
}

static void contains(const struct http_resp *r, const char *s)
{
	if (!strstr(html(r), s))
		fail_msg("page (status %ld) lacks \"%s\":\n%.3000s", r->status, s, html(r));
}

static void lacks(const struct http_resp *r, const char *s)
{
	if (strstr(html(r), s))
		fail_msg("page (status %ld) has \"%s\"", r->status, s);
}

static void location(const struct http_resp *r, const char *want)
{
	char loc[256];
	assert_non_null(http_header(r, "Location", loc, sizeof loc));
	assert_string_equal(loc, want);
}

/* the text after marker up to the next '<' or '"' */
static void after(const struct http_resp *r, const char *marker, char *out, size_t outlen)
{
	const char *p = strstr(html(r), marker);
	if (!p)
		fail_msg("no \"%s\" on the page", marker);
	p += strlen(marker);
	size_t n = strcspn(p, "<\"");
	assert_true(n > 0 && n < outlen);
	memcpy(out, p, n);
	out[n] = '\0';
}

/* a signed-in client's CSRF token: the page's hidden csrf_token field */
static void take_csrf(struct httpc *c, const struct http_resp *r)
{
	after(r, "name=\"csrf_token\" value=\"", c->csrf, sizeof c->csrf);
}

static const char *tab(int64_t d)
{
	return pathf("/app/dossiers/%lld?tab=kluis", (long long)d);
}

static const char *kluis(int64_t d, const char *action)
{
	return pathf("/app/dossiers/%lld/kluis/%s", (long long)d, action);
}

/* POST a Kluis-tab form that must succeed: back to the tab (303). */
static void tab_action(struct httpc *s, int64_t d, const char *action, const char *body)
{
	struct http_resp r;
	assert_int_equal(pg_post(s, kluis(d, action), body, &r), 303);
	location(&r, tab(d));
	http_resp_free(&r);
}

/* the Kluis tab must show want */
static void tab_shows(struct httpc *s, int64_t d, const char *want)
{
	struct http_resp r;
	assert_int_equal(pg_get(s, tab(d), &r), 200);
	contains(&r, want);
	http_resp_free(&r);
}

/* activation through the page with the code; c ends signed in */
static void activate_page(struct httpc *c, const char *tok, const char *code)
{
	struct http_resp r;
	assert_int_equal(pg_post(c, "/portaal/activeren",
				 pathf("t=%s&code=%s&password=%s&password2=%s", tok, code ? code : "", enc(VT_CPW),
				       enc(VT_CPW)),
				 &r),
			 303);
	location(&r, "/portaal/");
	http_resp_free(&r);
	char cookie[64];
	vt_portal_cookie(c, cookie);
}

/* an activated private dossier (invited from the Kluis tab, activated with
 * the SMS code through the pages); c signed in with its CSRF token */
static int64_t active_vault(struct httpc *s, struct httpc *c, const char *first, const char *email,
			    const char *mobile)
{
	char tok[64], code[7];
	struct http_resp r;
	int64_t d = vt_private(s, first, email, mobile);
	tab_action(s, d, "uitnodigen", "");
	vt_mail_token(email, "invitation", tok);
	vt_client(c);
	assert_int_equal(pg_get(c, pathf("/portaal/activeren?t=%s", tok), &r), 200);
	http_resp_free(&r);
	vt_sms_code(mobile, code);
	activate_page(c, tok, code);
	assert_int_equal(pg_get(c, "/portaal/", &r), 200);
	take_csrf(c, &r);
	http_resp_free(&r);
	return d;
}

/* --- the staff "Kluis" tab ------------------------------------------------ */

/* P1, P4, P5: invite from the tab, status, resend, revoke, a new invitation */
static void test_tab_invite_resend_revoke(void **state)
{
	struct httpc s, c;
	struct http_resp r;
	char tok1[64], tok2[64], tok3[64];
	vt_staff(&s);
	int64_t d = vt_private(&s, "Lotte", "lotte@voorbeeld.nl", "+31612345678");
	assert_int_equal(pg_get(&s, tab(d), &r), 200);
	contains(&r, "Geen kluis");
	contains(&r, "Uitnodiging versturen");
	contains(&r, "lotte@voorbeeld.nl");
	contains(&r, "06 12345678");
	http_resp_free(&r);

	tab_action(&s, d, "uitnodigen", "");
	assert_int_equal(pg_get(&s, tab(d), &r), 200);
	contains(&r, "id=\"vault-status\">Uitgenodigd<");
	contains(&r, "De uitnodiging is verstuurd.");
	contains(&r, "nog niet geaccepteerd");
	contains(&r, "Sms-code bij het activeren");
	contains(&r, "Activatiemail opnieuw versturen");
	contains(&r, "Uitnodiging intrekken");
	lacks(&r, "id=\"manual-code\"");
	http_resp_free(&r);
	/* the notice shows once */
	assert_int_equal(pg_get(&s, tab(d), &r), 200);
	lacks(&r, "De uitnodiging is verstuurd.");
	http_resp_free(&r);
	assert_int_equal(vt_events("mail.send"), 1);
	vt_mail_token("lotte@voorbeeld.nl", "invitation", tok1);

	/* resend: a new link, the old one is dead */
	tab_action(&s, d, "opnieuw-versturen", "");
	tab_shows(&s, d, "nieuwe activatiemail verstuurd");
	assert_int_equal(vt_events("mail.send"), 2);
	vt_mail_token("lotte@voorbeeld.nl", "invitation", tok2);
	assert_string_not_equal(tok1, tok2);
	vt_client(&c);
	assert_int_equal(pg_get(&c, pathf("/portaal/activeren?t=%s", tok1), &r), 404);
	contains(&r, "Uitnodiging niet gevonden");
	http_resp_free(&r);

	/* revoke: the link says "not found"; a new invitation can be sent */
	tab_action(&s, d, "intrekken", "");
	assert_int_equal(pg_get(&s, tab(d), &r), 200);
	contains(&r, "id=\"vault-status\">Ingetrokken<");
	contains(&r, "De uitnodiging is ingetrokken.");
	contains(&r, "Uitnodiging versturen");
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, pathf("/portaal/activeren?t=%s", tok2), &r), 404);
	contains(&r, "Uitnodiging niet gevonden");
	http_resp_free(&r);
	tab_action(&s, d, "uitnodigen", "");
	tab_shows(&s, d, "id=\"vault-status\">Uitgenodigd<");
	vt_mail_token("lotte@voorbeeld.nl", "invitation", tok3);
	assert_int_equal(pg_get(&c, pathf("/portaal/activeren?t=%s", tok3), &r), 200);
	contains(&r, "Activeer uw kluis");
	http_resp_free(&r);
	httpc_free(&c);
	httpc_free(&s);
}

/* P2, P3: refused invitations show the reason on the tab, input kept,
 * nothing sent; other refusals answer in place too */
static void test_tab_refusals(void **state)
{
	struct httpc s;
	struct http_resp r;
	vt_staff(&s);
	int64_t d = vt_private(&s, "Lotte", "lotte@voorbeeld.nl", "+31612345678");
	/* a landline typed as the mobile number */
	assert_int_equal(pg_post(&s, kluis(d, "uitnodigen"), "email=&mobile=020+123+4567", &r), 422);
	contains(&r, "Het mobiele nummer klopt niet of is geen mobiel nummer. Er is niets verstuurd.");
	contains(&r, "id=\"invite-error\"");
	contains(&r, "value=\"020 123 4567\"");
	contains(&r, "aria-invalid=\"true\" aria-describedby=\"invite-error\"");
	contains(&r, "id=\"vault-status\">Geen kluis<");
	contains(&r, "aria-current=\"page\">Kluis<");
	http_resp_free(&r);
	/* a Dutch mobile a digit short */
	assert_int_equal(pg_post(&s, kluis(d, "uitnodigen"), "mobile=06+1234567", &r), 422);
	contains(&r, "Het mobiele nummer klopt niet");
	http_resp_free(&r);
	/* a malformed e-mail address */
	assert_int_equal(pg_post(&s, kluis(d, "uitnodigen"), "email=lotte%40", &r), 422);
	contains(&r, "Het e-mailadres klopt niet. Er is niets verstuurd.");
	http_resp_free(&r);
	assert_int_equal(vt_events("mail.send"), 0);

	/* only an "other party": nobody to invite (P3) */
	int64_t d2 = vt_dossier(&s, "private");
	vt_person(&s, d2, "other", "Otto", "otto@voorbeeld.nl", "mobile", "+31687654321");
	assert_int_equal(pg_get(&s, tab(d2), &r), 200);
	contains(&r, "nog geen eerste aanvrager");
	http_resp_free(&r);
	assert_int_equal(pg_post(&s, kluis(d2, "uitnodigen"), "", &r), 422);
	contains(&r, "id=\"invite-error\"");
	http_resp_free(&r);
	/* no mobile at all */
	int64_t d3 = vt_dossier(&s, "private");
	vt_person(&s, d3, "applicant1", "Mila", "mila@voorbeeld.nl", NULL, NULL);
	assert_int_equal(pg_post(&s, kluis(d3, "uitnodigen"), "", &r), 422);
	contains(&r, "Er is geen telefoonnummer van het type Mobiel.");
	http_resp_free(&r);
	assert_int_equal(vt_events("mail.send"), 0);

	/* resend / revoke / view-as without an open invitation or active vault */
	assert_int_equal(pg_post(&s, kluis(d, "opnieuw-versturen"), "", &r), 409);
	contains(&r, "id=\"vault-error\"");
	http_resp_free(&r);
	tab_action(&s, d, "uitnodigen", "");
	assert_int_equal(pg_post(&s, kluis(d, "meekijken"), "", &r), 409);
	contains(&r, "Meekijken kan pas als de klant de kluis heeft geactiveerd.");
	http_resp_free(&r);
	assert_int_equal(pg_post(&s, kluis(d, "gebruikers"), "email=extra%40voorbeeld.nl&name=Extra", &r), 422);
	contains(&r, "Een extra gebruiker kan pas als de kluis geactiveerd is.");
	http_resp_free(&r);
	/* unlink needs the confirmation box */
	assert_int_equal(pg_post(&s, kluis(d, "ontkoppelen"), "", &r), 422);
	contains(&r, "Vink eerst aan dat u de kluis wilt ontkoppelen.");
	http_resp_free(&r);
	tab_shows(&s, d, "id=\"vault-status\">Uitgenodigd<");
	/* a dossier that does not exist */
	assert_int_equal(pg_post(&s, kluis(999999, "uitnodigen"), "", &r), 404);
	http_resp_free(&r);
	/* staff forms need the staff CSRF token */
	s.send_csrf = 0;
	assert_int_equal(pg_post(&s, kluis(d, "intrekken"), "", &r), 403);
	http_resp_free(&r);
	s.send_csrf = 1;
	tab_shows(&s, d, "id=\"vault-status\">Uitgenodigd<");
	httpc_free(&s);
}

/* --- client pages ---------------------------------------------------------- */

/* P5: unknown, malformed and missing links */
static void test_activation_bad_token(void **state)
{
	struct httpc c;
	struct http_resp r;
	vt_client(&c);
	assert_int_equal(pg_get(&c, "/portaal/activeren?t=bestaat-niet", &r), 404);
	contains(&r, "Uitnodiging niet gevonden");
	contains(&r, "Mijn kluis");
	lacks(&r, "/app/dossiers");
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/portaal/activeren?t=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &r), 404);
	contains(&r, "Uitnodiging niet gevonden");
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/portaal/activeren?t=%3Cscript%3E", &r), 404);
	contains(&r, "Uitnodiging niet gevonden");
	lacks(&r, "<script>");
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/portaal/activeren", &r), 404);
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, "/portaal/activeren", "t=bestaat-niet&code=123456&password=x&password2=x", &r),
			 404);
	contains(&r, "Uitnodiging niet gevonden");
	http_resp_free(&r);
	/* the vault pages need a client session */
	assert_int_equal(pg_get(&c, "/portaal/", &r), 303);
	location(&r, "/portaal/login");
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/portaal/instellingen", &r), 303);
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/portaal", &r), 303);
	location(&r, "/portaal/");
	http_resp_free(&r);
	httpc_free(&c);
}

/* P2: a +33 mobile gets no SMS; the advisor's manual code from the Kluis tab
 * activates the vault; the client lands on the overview */
static void test_activation_manual_code(void **state)
{
	struct httpc s, c;
	struct http_resp r;
	char code[16], tok[64];
	vt_staff(&s);
	int64_t d = vt_private(&s, "Camille", "camille@exemple.fr", "+33612345678");
	tab_action(&s, d, "uitnodigen", "");
	assert_int_equal(pg_get(&s, tab(d), &r), 200);
	contains(&r, "Code van de adviseur");
	after(&r, "id=\"manual-code\">", code, sizeof code);
	http_resp_free(&r);
	assert_int_equal(strlen(code), 6);
	json_t *v = vt_vault(&s, d);
	assert_string_equal(jstr(v, "manual_code"), code);
	json_decref(v);
	vt_mail_token("camille@exemple.fr", "invitation", tok);

	vt_client(&c);
	assert_int_equal(pg_get(&c, pathf("/portaal/activeren?t=%s", tok), &r), 200);
	contains(&r, "Activeer uw kluis");
	contains(&r, "Code van uw adviseur");
	contains(&r, "camille@exemple.fr");
	lacks(&r, "Code uit de sms");
	lacks(&r, "Stuur een nieuwe code");
	http_resp_free(&r);
	assert_int_equal(vt_events("sms.send"), 0);
	/* a wrong code, a missing code, two different passwords, a weak one */
	char bad[16];
	snprintf(bad, sizeof bad, "%s", code);
	bad[0] = bad[0] == '9' ? '0' : (char)(bad[0] + 1);
	assert_int_equal(pg_post(&c, "/portaal/activeren",
				 pathf("t=%s&code=%s&password=%s&password2=%s", tok, bad, enc(VT_CPW), enc(VT_CPW)),
				 &r),
			 422);
	contains(&r, "De code klopt niet of is verlopen.");
	contains(&r, "id=\"code-error\"");
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, "/portaal/activeren", pathf("t=%s&password=%s&password2=%s", tok, enc(VT_CPW), enc(VT_CPW)),
				 &r),
			 422);
	contains(&r, "Vul de code van uw adviseur in.");
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, "/portaal/activeren",
				 pathf("t=%s&code=%s&password=%s&password2=iets-anders-dan-dat", tok, code, enc(VT_CPW)), &r),
			 422);
	contains(&r, "De twee wachtwoorden zijn niet gelijk.");
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, "/portaal/activeren", pathf("t=%s&code=%s&password=kort&password2=kort", tok, code), &r),
			 422);
	contains(&r, "id=\"password-error\"");
	http_resp_free(&r);

	activate_page(&c, tok, code);
	assert_int_equal(pg_get(&c, "/portaal/", &r), 200);
	contains(&r, "Welkom, Camille");
	contains(&r, "Mijn overzicht");
	contains(&r, "Uw verzoeken");
	contains(&r, "Uw adviseur");
	contains(&r, "Anna Adviseur");
	contains(&r, VT_ADV);
	contains(&r, "Uitloggen");
	lacks(&r, "Meekijken: alleen-lezen");
	http_resp_free(&r);
	tab_shows(&s, d, "id=\"vault-status\">Actief<");
	/* the link is used up */
	assert_int_equal(pg_get(&c, pathf("/portaal/activeren?t=%s", tok), &r), 410);
	contains(&r, "al gebruikt");
	http_resp_free(&r);
	httpc_free(&c);
	httpc_free(&s);
}

/* P1: the SMS code (rate-limited resend) through the activation page */
static void test_activation_sms_page(void **state)
{
	struct httpc s, c;
	struct http_resp r;
	char tok[64], code1[7], code2[7];
	vt_staff(&s);
	int64_t d = vt_private(&s, "Karel", "karel@voorbeeld.nl", "+447911123456");
	tab_action(&s, d, "uitnodigen", "");
	vt_mail_token("karel@voorbeeld.nl", "invitation", tok);
	vt_client(&c);
	assert_int_equal(pg_get(&c, pathf("/portaal/activeren?t=%s", tok), &r), 200);
	contains(&r, "Code uit de sms");
	contains(&r, "Stuur een nieuwe code");
	contains(&r, "zojuist een sms");
	http_resp_free(&r);
	assert_int_equal(vt_events("sms.send"), 1);
	vt_sms_code("+447911123456", code1);
	/* opening the page again sends nothing new while the code is valid */
	assert_int_equal(pg_get(&c, pathf("/portaal/activeren?t=%s", tok), &r), 200);
	http_resp_free(&r);
	assert_int_equal(vt_events("sms.send"), 1);
	/* a new code: not within a minute */
	assert_int_equal(pg_post(&c, "/portaal/activeren/sms", pathf("t=%s", tok), &r), 429);
	contains(&r, "Wacht een minuut");
	http_resp_free(&r);
	app_clock_advance(&T.app, 61);
	assert_int_equal(pg_post(&c, "/portaal/activeren/sms", pathf("t=%s", tok), &r), 200);
	contains(&r, "We hebben een nieuwe code gestuurd.");
	http_resp_free(&r);
	assert_int_equal(vt_events("sms.send"), 2);
	vt_sms_code("+447911123456", code2);
	activate_page(&c, tok, code2);
	assert_int_equal(pg_get(&c, "/portaal/", &r), 200);
	contains(&r, "Welkom, Karel");
	http_resp_free(&r);
	(void)code1;
	httpc_free(&c);
	httpc_free(&s);
}

/* P10: view as client: bannered, no forms that change anything, refused
 * changes, back to the dossier when it ends */
static void test_view_as(void **state)
{
	struct httpc s, c, v;
	struct http_resp r;
	char cookie[64];
	vt_staff(&s);
	int64_t d = active_vault(&s, &c, "Sanne", "sanne@voorbeeld.nl", "+31612345678");
	assert_int_equal(pg_post(&s, kluis(d, "meekijken"), "", &r), 303);
	location(&r, "/portaal/");
	http_resp_free(&r);
	assert_int_equal(vt_audit(d, "vault.view_as"), 1);
	assert_int_equal(pg_get(&s, "/portaal/", &r), 200);
	contains(&r, "Meekijken: alleen-lezen");
	contains(&r, "Welkom, Sanne");
	contains(&r, "Meekijken stoppen");
	http_resp_free(&r);
	assert_int_equal(pg_get(&s, "/portaal/instellingen", &r), 200);
	contains(&r, "Meekijken: alleen-lezen");
	contains(&r, "sanne@voorbeeld.nl");
	lacks(&r, "action=\"/portaal/instellingen/");
	lacks(&r, "Extra gebruiker toevoegen");
	char staff_csrf[128];
	snprintf(staff_csrf, sizeof staff_csrf, "%s", s.csrf);
	take_csrf(&s, &r);
	http_resp_free(&r);
	/* the server refuses changes anyway */
	assert_int_equal(pg_post(&s, "/portaal/instellingen/2fa", "", &r), 403);
	http_resp_free(&r);
	assert_int_equal(pg_post(&s, "/portaal/instellingen/gebruikers", "email=x%40voorbeeld.nl&name=X", &r), 403);
	http_resp_free(&r);
	/* ending it returns to the dossier's Kluis tab */
	assert_int_equal(pg_post(&s, "/portaal/uitloggen", "", &r), 303);
	location(&r, tab(d));
	http_resp_free(&r);
	assert_int_equal(pg_get(&s, "/portaal/", &r), 303);
	http_resp_free(&r);
	snprintf(s.csrf, sizeof s.csrf, "%s", staff_csrf);

	/* the API's view-as URL sets the cookie and drops the token from the URL */
	json_t *j = call(&s, "POST", pathf("/api/v1/dossiers/%lld/vault/view-as", (long long)d), "{}", 200);
	vt_client(&v);
	assert_int_equal(pg_get(&v, jstr(j, "url"), &r), 303);
	location(&r, "/portaal/");
	http_resp_free(&r);
	json_decref(j);
	assert_int_equal(pg_get(&v, "/portaal/", &r), 200);
	contains(&r, "Meekijken: alleen-lezen");
	http_resp_free(&r);
	httpc_free(&v);
	/* a normal session token is never taken from a URL; bogus ones neither */
	vt_portal_cookie(&c, cookie);
	vt_client(&v);
	assert_int_equal(pg_get(&v, pathf("/portaal/meekijken?t=%s", cookie), &r), 404);
	http_resp_free(&r);
	assert_int_equal(pg_get(&v, "/portaal/meekijken?t=bestaat-niet", &r), 404);
	contains(&r, "Meekijklink werkt niet meer");
	http_resp_free(&r);
	assert_int_equal(pg_get(&v, "/portaal/", &r), 303);
	http_resp_free(&r);
	httpc_free(&v);
	httpc_free(&c);
	httpc_free(&s);
}

/* P9 and sign-in: 2FA set up under Instellingen with the QR page, the dossier
 * shows it; sign out; sign in needs the TOTP, a code works once; 2FA off
 * needs the password */
static void test_settings_2fa_login(void **state)
{
	struct httpc s, c;
	struct http_resp r;
	char secret[64], code[7];
	vt_staff(&s);
	int64_t d = active_vault(&s, &c, "Sanne", "sanne@voorbeeld.nl", "+31612345678");
	assert_int_equal(pg_get(&c, "/portaal/instellingen", &r), 200);
	contains(&r, "Tweestapsverificatie instellen");
	contains(&r, "sanne@voorbeeld.nl");
	http_resp_free(&r);
	/* without the CSRF token: refused */
	c.send_csrf = 0;
	assert_int_equal(pg_post(&c, "/portaal/instellingen/2fa", "", &r), 403);
	http_resp_free(&r);
	c.send_csrf = 1;
	assert_int_equal(pg_post(&c, "/portaal/instellingen/2fa", "", &r), 200);
	contains(&r, "src=\"data:image/svg+xml;base64,");
	after(&r, "id=\"totp-secret\">", secret, sizeof secret);
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, "/portaal/instellingen/2fa/bevestigen", "totp=000000", &r), 422);
	contains(&r, "De code klopt niet.");
	contains(&r, "Opnieuw beginnen");
	http_resp_free(&r);
	tapp_totp_now(&T, secret, code);
	assert_int_equal(pg_post(&c, "/portaal/instellingen/2fa/bevestigen", pathf("totp=%s", code), &r), 200);
	contains(&r, "Gelukt: tweestapsverificatie is aangezet.");
	http_resp_free(&r);
	assert_int_equal(pg_get(&s, tab(d), &r), 200);
	contains(&r, "id=\"vault-2fa\">Aan<");
	http_resp_free(&r);

	/* sign out, then in */
	assert_int_equal(pg_post(&c, "/portaal/uitloggen", "", &r), 303);
	location(&r, "/portaal/login");
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/portaal/", &r), 303);
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/portaal/login", &r), 200);
	contains(&r, "Inloggen in uw kluis");
	contains(&r, "Wachtwoord vergeten?");
	http_resp_free(&r);
	const char *login = pathf("email=sanne%%40voorbeeld.nl&password=%s", enc(VT_CPW));
	assert_int_equal(pg_post(&c, "/portaal/login", "email=sanne%40voorbeeld.nl&password=fout-wachtwoord-123", &r), 401);
	contains(&r, "E-mailadres of wachtwoord klopt niet.");
	contains(&r, "value=\"sanne@voorbeeld.nl\"");
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, "/portaal/login", login, &r), 401);
	contains(&r, "Vul ook de code uit uw authenticator-app in.");
	http_resp_free(&r);
	app_clock_advance(&T.app, 30);
	tapp_totp_now(&T, secret, code);
	assert_int_equal(pg_post(&c, "/portaal/login", pathf("%s&totp=%s", login, code), &r), 303);
	location(&r, "/portaal/");
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/portaal/", &r), 200);
	contains(&r, "Welkom, Sanne");
	take_csrf(&c, &r);
	http_resp_free(&r);
	/* the same code again: refused */
	struct httpc c2;
	vt_client(&c2);
	assert_int_equal(pg_post(&c2, "/portaal/login", pathf("%s&totp=%s", login, code), &r), 401);
	contains(&r, "klopt niet");
	http_resp_free(&r);
	httpc_free(&c2);
	/* signed in already: the login page sends you on */
	assert_int_equal(pg_get(&c, "/portaal/login", &r), 303);
	http_resp_free(&r);

	/* 2FA off needs the password */
	assert_int_equal(pg_post(&c, "/portaal/instellingen/2fa/uit", "password=verkeerd-wachtwoord", &r), 422);
	contains(&r, "Het wachtwoord klopt niet.");
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, "/portaal/instellingen/2fa/uit", pathf("password=%s", enc(VT_CPW)), &r), 200);
	contains(&r, "Tweestapsverificatie is uitgezet.");
	http_resp_free(&r);
	tab_shows(&s, d, "id=\"vault-2fa\">Uit<");
	httpc_free(&c);
	httpc_free(&s);
}

/* P6, P11: own password and login e-mail; extra users from both faces */
static void test_settings_account_and_users(void **state)
{
	struct httpc s, c;
	struct http_resp r;
	vt_staff(&s);
	int64_t d = active_vault(&s, &c, "Sanne", "sanne@voorbeeld.nl", "+31612345678");
	assert_int_equal(pg_post(&c, "/portaal/instellingen/wachtwoord",
				 pathf("current_password=%s&new_password=een-heel-nieuw-wachtwoord&new_password2=iets-anders",
				       enc(VT_CPW)),
				 &r),
			 422);
	contains(&r, "niet gelijk");
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, "/portaal/instellingen/wachtwoord",
				 "current_password=fout-fout-fout&new_password=een-heel-nieuw-wachtwoord&new_password2=een-heel-nieuw-wachtwoord",
				 &r),
			 422);
	contains(&r, "Het huidige wachtwoord klopt niet.");
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, "/portaal/instellingen/email",
				 pathf("email=sanne.nieuw%%40voorbeeld.nl&current_password=%s", enc(VT_CPW)), &r),
			 200);
	contains(&r, "Uw inlognaam is gewijzigd.");
	contains(&r, "id=\"login-email\">sanne.nieuw@voorbeeld.nl<");
	http_resp_free(&r);
	/* the Kluis tab keeps the original address (P11) */
	tab_shows(&s, d, "id=\"vault-email\">sanne@voorbeeld.nl<");

	/* an extra user, added by the client */
	assert_int_equal(pg_post(&c, "/portaal/instellingen/gebruikers", "email=geen-adres&name=Piet", &r), 422);
	contains(&r, "Het e-mailadres klopt niet.");
	contains(&r, "value=\"Piet\"");
	http_resp_free(&r);
	assert_int_equal(pg_post(&c, "/portaal/instellingen/gebruikers", "email=piet%40voorbeeld.nl&name=Piet", &r),
			 200);
	contains(&r, "Piet krijgt een e-mail");
	contains(&r, "piet@voorbeeld.nl");
	http_resp_free(&r);
	json_decref(vt_last_mail("piet@voorbeeld.nl", "extra_user_invitation"));
	/* and one by the advisor on the Kluis tab */
	tab_action(&s, d, "gebruikers", "email=roos%40voorbeeld.nl&name=Roos");
	assert_int_equal(pg_get(&s, tab(d), &r), 200);
	contains(&r, "De extra gebruiker krijgt een e-mail");
	contains(&r, "roos@voorbeeld.nl");
	contains(&r, "Extra gebruiker");
	http_resp_free(&r);
	json_decref(vt_last_mail("roos@voorbeeld.nl", "extra_user_invitation"));
	/* the extra user activates without a code and sees the same vault */
	char tok[64];
	struct httpc e;
	vt_mail_token("roos@voorbeeld.nl", "extra_user_invitation", tok);
	vt_client(&e);
	assert_int_equal(pg_get(&e, pathf("/portaal/activeren?t=%s", tok), &r), 200);
	lacks(&r, "name=\"code\"");
	http_resp_free(&r);
	activate_page(&e, tok, NULL);
	assert_int_equal(pg_get(&e, "/portaal/", &r), 200);
	contains(&r, "Welkom, Roos");
	http_resp_free(&r);
	httpc_free(&e);
	httpc_free(&c);
	httpc_free(&s);
}

/* P8: forgotten password: one answer for every address; a link only for an
 * active vault; the reset page sets the new password once */
static void test_forgot_and_reset(void **state)
{
	struct httpc s, c, a;
	struct http_resp r;
	char tok[64];
	vt_staff(&s);
	active_vault(&s, &c, "Sanne", "sanne@voorbeeld.nl", "+31612345678");
	int64_t d2 = vt_private(&s, "Joost", "joost@voorbeeld.nl", "+31687654321");
	tab_action(&s, d2, "uitnodigen", "");
	vt_client(&a);
	assert_int_equal(pg_get(&a, "/portaal/wachtwoord-vergeten", &r), 200);
	http_resp_free(&r);
	int64_t before = vt_events("mail.send");
	const char *emails[] = {"onbekend%40voorbeeld.nl", "joost%40voorbeeld.nl"};
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pg_post(&a, "/portaal/wachtwoord-vergeten", pathf("email=%s", emails[i]), &r), 200);
		contains(&r, "Als dit adres bij een actieve kluis hoort, ontvangt u een e-mail");
		http_resp_free(&r);
	}
	assert_int_equal(vt_events("mail.send"), before);
	assert_int_equal(pg_post(&a, "/portaal/wachtwoord-vergeten", "email=sanne%40voorbeeld.nl", &r), 200);
	contains(&r, "Als dit adres bij een actieve kluis hoort, ontvangt u een e-mail");
	http_resp_free(&r);
	assert_int_equal(vt_events("mail.send"), before + 1);
	vt_mail_token("sanne@voorbeeld.nl", "password_reset", tok);

	assert_int_equal(pg_get(&a, pathf("/portaal/wachtwoord-herstellen?t=%s", tok), &r), 200);
	contains(&r, "Nieuw wachtwoord kiezen");
	http_resp_free(&r);
	assert_int_equal(pg_post(&a, "/portaal/wachtwoord-herstellen",
				 pathf("t=%s&password=een-heel-nieuw-wachtwoord&password2=iets-anders", tok), &r),
			 422);
	contains(&r, "niet gelijk");
	http_resp_free(&r);
	assert_int_equal(pg_post(&a, "/portaal/wachtwoord-herstellen",
				 pathf("t=%s&password=een-heel-nieuw-wachtwoord&password2=een-heel-nieuw-wachtwoord", tok), &r),
			 200);
	contains(&r, "Uw wachtwoord is gewijzigd");
	http_resp_free(&r);
	assert_int_equal(pg_post(&a, "/portaal/wachtwoord-herstellen",
				 pathf("t=%s&password=een-heel-nieuw-wachtwoord&password2=een-heel-nieuw-wachtwoord", tok), &r),
			 410);
	contains(&r, "al gebruikt");
	http_resp_free(&r);
	assert_int_equal(pg_get(&a, "/portaal/wachtwoord-herstellen?t=bestaat-niet", &r), 200);
	http_resp_free(&r);
	assert_int_equal(pg_post(&a, "/portaal/wachtwoord-herstellen",
				 "t=bestaat-niet&password=een-heel-nieuw-wachtwoord&password2=een-heel-nieuw-wachtwoord", &r),
			 404);
	contains(&r, "Link niet gevonden");
	http_resp_free(&r);
	/* the old session ended; the new password works */
	assert_int_equal(pg_get(&c, "/portaal/", &r), 303);
	http_resp_free(&r);
	assert_int_equal(pg_post(&a, "/portaal/login", "email=sanne%40voorbeeld.nl&password=een-heel-nieuw-wachtwoord", &r),
			 303);
	http_resp_free(&r);
	httpc_free(&a);
	httpc_free(&c);
	httpc_free(&s);
}

/* P12: unlink from the tab: the session and the links die, the dossier
 * stays and a fresh invitation can be sent */
static void test_unlink(void **state)
{
	struct httpc s, c;
	struct http_resp r;
	char tok[64];
	vt_staff(&s);
	int64_t d = active_vault(&s, &c, "Sanne", "sanne@voorbeeld.nl", "+31612345678");
	vt_mail_token("sanne@voorbeeld.nl", "invitation", tok);
	tab_action(&s, d, "ontkoppelen", "confirm=1");
	assert_int_equal(pg_get(&s, tab(d), &r), 200);
	contains(&r, "De kluis is ontkoppeld.");
	contains(&r, "id=\"vault-status\">Geen kluis<");
	contains(&r, "Uitnodiging versturen");
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, "/portaal/", &r), 303);
	location(&r, "/portaal/login");
	http_resp_free(&r);
	assert_int_equal(pg_get(&c, pathf("/portaal/activeren?t=%s", tok), &r), 404);
	contains(&r, "Uitnodiging niet gevonden");
	http_resp_free(&r);
	tab_action(&s, d, "uitnodigen", "");
	tab_shows(&s, d, "id=\"vault-status\">Uitgenodigd<");
	httpc_free(&c);
	httpc_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tab_invite_resend_revoke, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_tab_refusals, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_activation_bad_token, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_activation_manual_code, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_activation_sms_page, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_view_as, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_settings_2fa_login, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_settings_account_and_users, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_forgot_and_reset, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_unlink, vt_setup, st_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
