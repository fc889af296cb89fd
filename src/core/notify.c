/* Mail notifications: templates (embedded defaults, per-firm overrides in
 * data_dir) and the "mail.send" outbox handler. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "adapters/mail.h"
#include "core/notify.h"
#include "util/embedded.h"
#include "util/err.h"
#include "util/log.h"
#include "web/tmpl.h"

#define NOTIFY_PATH_MAX 1024

/* name_ok: a-z 0-9 _ -, 1..NOTIFY_NAME_MAX bytes (no path tricks). */
static bool name_ok(const char *name)
{
	size_t n = 0;
	if (!name)
		return false;
	for (const char *c = name; *c; c++, n++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
			return false;
	return n > 0 && n <= NOTIFY_NAME_MAX;
}

/* read_override: the firm's file at path into out. 1 = read, 0 = there is
 * none, -1 = there is one but it cannot be used (warning logged). */
static int read_override(const char *path, const char *file, struct buf *out)
{
	struct stat st;
	char chunk[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	int ret = -1;

	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		log_warn("mail template override %s: cannot open (%s); using the default", file, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > NOTIFY_OVERRIDE_MAX) {
		log_warn("mail template override %s: not a regular file of at most %d bytes; using the default", file,
			 NOTIFY_OVERRIDE_MAX);
		goto out;
	}
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			log_warn("mail template override %s: read failed (%s); using the default", file,
				 strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		if (buf_add(out, chunk, (size_t)r) != K_OK) {
			log_warn("mail template override %s: over %d bytes; using the default", file,
				 NOTIFY_OVERRIDE_MAX);
			goto out;
		}
	}
	if (!mail_utf8_ok(buf_str(out), out->len) || memchr(buf_str(out), '\0', out->len)) {
		log_warn("mail template override %s: not valid UTF-8; using the default", file);
		goto out;
	}
	ret = 1;
out:
	close(fd);
	if (ret != 1)
		buf_reset(out);
	return ret;
}

/* unescape_text: undo the engine's HTML escapes in place (for .txt parts). */
static void unescape_text(char *s)
{
	static const struct {
		const char *ent;
		char ch;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
		    {"&#39;", '\''}, {"&#96;", '`'}, {"&#61;", '='}};
	char *w = s;
	for (const char *r = s; *r;) {
		bool hit = false;
		if (*r == '&') {
			for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++) {
				size_t n = strlen(ents[i].ent);
				if (strncmp(r, ents[i].ent, n) == 0) {
					*w++ = ents[i].ch;
					r += n;
					hit = true;
					break;
				}
			}
		}
		if (!hit)
			*w++ = *r++;
	}
	*w = '\0';
}

/* one_line: white space runs (incl. CR/LF) -> one space, trimmed, in place. */
static void one_line(char *s)
{
	char *w = s;
	bool space = false;
	for (const char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n' || *r == '\v' || *r == '\f') {
			space = w != s;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
}

/* render_src: compile and render src (partials from the app's set). */
static int render_src(struct app *app, const char *src, size_t len, const json_t *ctx, struct buf *out, char *err,
		      size_t errlen)
{
	struct tmpl *t = NULL;
	int rc = tmpl_compile(src, len, &t, err, errlen);
	if (rc == K_OK) {
		rc = tmpl_render(t, app->tmpl, ctx, out);
		if (rc != K_OK)
			snprintf(err, errlen, "render: %s", kerr_str(rc));
	}
	tmpl_free(t);
	return rc;
}

/* render_part: one part (file = NAME + suffix): the override if usable,
 * else the embedded default. *out NULL (and K_OK) if neither exists and the
 * part is optional. */
static int render_part_in(struct app *app, const char *folder, const char *file, const json_t *ctx, bool text,
			  bool required, char **out)
{
	char path[NOTIFY_PATH_MAX], ename[NOTIFY_PATH_MAX], err[256] = "";
	struct buf src, res;
	int rc;

	*out = NULL;
	buf_init(&src, NOTIFY_OVERRIDE_MAX);
	buf_init(&res, NOTIFY_OUT_MAX);
	if ((size_t)snprintf(path, sizeof path, "%s/templates/%s/%s", app->cfg.data_dir, folder, file) < sizeof path &&
	    read_override(path, file, &src) == 1) {
		rc = render_src(app, buf_str(&src), src.len, ctx, &res, err, sizeof err);
		if (rc == K_OK)
			goto done;
		log_warn("mail template override %s: %s; using the default", file, err);
		buf_reset(&res);
	}
	snprintf(ename, sizeof ename, "templates/%s/%s", folder, file);
	const struct embedded_file *ef = embedded_find(ename);
	if (!ef) {
		rc = required ? K_ENOTFOUND : K_OK;
		goto out;
	}
	rc = render_src(app, (const char *)ef->data, ef->len, ctx, &res, err, sizeof err);
	if (rc != K_OK) {
		log_error("mail template %s (default): %s", file, err);
		goto out;
	}
done:
	*out = buf_steal(&res);
	if (text)
		unescape_text(*out);
	rc = K_OK;
out:
	buf_free(&src);
	buf_free(&res);
	return rc;
}

static int render_part(struct app *app, const char *file, const json_t *ctx, bool text, bool required, char **out)
{
	return render_part_in(app, "mail", file, ctx, text, required, out);
}

/* sender_name: the display name of "Name <addr>" (quotes removed) or "". */
static void sender_name(const char *from, char *out, size_t outlen)
{
	const char *lt = strchr(from, '<');
	size_t n = lt ? (size_t)(lt - from) : 0;
	while (n && (from[n - 1] == ' ' || from[n - 1] == '\t'))
		n--;
	while (n && (*from == ' ' || *from == '\t'))
		from++, n--;
	if (n >= 2 && from[0] == '"' && from[n - 1] == '"')
		from++, n -= 2;
	if (n >= outlen)
		n = 0;
	memcpy(out, from, n);
	out[n] = '\0';
}

int notify_render_mail(struct app *app, const char *name, const json_t *vars, char **subject, char **text,
		       char **html)
{
	char file[NOTIFY_NAME_MAX + 16], firm[CONFIG_STR_MAX];
	json_t *ctx = NULL;
	int rc;

	*subject = *text = *html = NULL;
	if (!app || !name_ok(name))
		return K_EINVAL;
	ctx = json_is_object(vars) ? json_deep_copy(vars) : json_object();
	if (!ctx)
		return K_ENOMEM;
	if (!json_object_get(ctx, "public_url"))
		json_object_set_new(ctx, "public_url", json_string(app->cfg.public_url));
	sender_name(app->cfg.mail_from, firm, sizeof firm);
	if (!json_object_get(ctx, "firm_name") && firm[0] && mail_utf8_ok(firm, strlen(firm)))
		json_object_set_new(ctx, "firm_name", json_string(firm));

	snprintf(file, sizeof file, "%s.subject.txt", name);
	rc = render_part(app, file, ctx, true, true, subject);
	if (rc != K_OK)
		goto out;
	one_line(*subject);
	snprintf(file, sizeof file, "%s.txt", name);
	rc = render_part(app, file, ctx, true, true, text);
	if (rc != K_OK)
		goto out;
	snprintf(file, sizeof file, "%s.html", name);
	rc = render_part(app, file, ctx, false, false, html);
out:
	json_decref(ctx);
	if (rc != K_OK) {
		free(*subject);
		free(*text);
		free(*html);
		*subject = *text = *html = NULL;
	}
	return rc;
}

int notify_render_sms(struct app *app, const char *name, const json_t *vars, char **text)
{
	char file[NOTIFY_NAME_MAX + 16], firm[CONFIG_STR_MAX];
	*text = NULL;
	if (!app || !name_ok(name))
		return K_EINVAL;
	json_t *ctx = json_is_object(vars) ? json_deep_copy(vars) : json_object();
	if (!ctx)
		return K_ENOMEM;
	sender_name(app->cfg.mail_from, firm, sizeof firm);
	if (!json_object_get(ctx, "firm_name") && firm[0] && mail_utf8_ok(firm, strlen(firm)))
		json_object_set_new(ctx, "firm_name", json_string(firm));
	snprintf(file, sizeof file, "%s.txt", name);
	int rc = render_part_in(app, "sms", file, ctx, true, true, text);
	if (rc == K_OK)
		one_line(*text);
	json_decref(ctx);
	return rc;
}

/* opt_string: member key of obj as a string; NULL if absent; *bad set if it
 * is present but not a string. */
static const char *opt_string(const json_t *obj, const char *key, bool *bad)
{
	const json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

int notify_mail_send(struct app *app, struct db *db, const struct outbox_event *ev, char *err, size_t errlen)
{
	char *subject = NULL, *text = NULL, *html = NULL;
	bool bad = false;
	int rc;

	(void)db;
	const char *to = opt_string(ev->payload, "to", &bad);
	const char *to_name = opt_string(ev->payload, "to_name", &bad);
	const char *tname = opt_string(ev->payload, "template", &bad);
	const char *from = opt_string(ev->payload, "from", &bad);
	const json_t *vars = json_object_get(ev->payload, "vars");
	if (bad || !to || !tname || (vars && !json_is_object(vars) && !json_is_null(vars))) {
		snprintf(err, errlen, "mail.send: payload needs \"to\" and \"template\" strings, \"vars\" object");
		return K_EINVAL;
	}
	rc = notify_render_mail(app, tname, vars, &subject, &text, &html);
	if (rc != K_OK) {
		snprintf(err, errlen, "mail.send: template %.64s: %s", tname, kerr_str(rc));
		goto out;
	}
	struct mail_msg m = {
		.to = to, .to_name = to_name, .subject = subject, .text = text, .html = html, .key = ev->key,
		.from = from,
	};
	rc = mail_send(&app->cfg, &m, err, errlen);
	if (rc == K_OK)
		log_info("mail sent template=%s key=%s", tname, ev->key);
out:
	free(subject);
	free(text);
	free(html);
	return rc;
}

const struct outbox_handler notify_mail_handler = {"mail.send", notify_mail_send, 0};
