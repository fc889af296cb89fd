#ifndef KLUIS_CORE_NOTIFY_H
#define KLUIS_CORE_NOTIFY_H
#include <jansson.h>
#include "app.h"
#include "core/outbox.h"

/* Notifications by e-mail from templates a firm can change.
 *
 * A mail template NAME has three parts, looked up in this order:
 *   DATA_DIR/templates/mail/NAME.subject.txt  else  templates/mail/NAME.subject.txt (embedded)
 *   DATA_DIR/templates/mail/NAME.txt          else  templates/mail/NAME.txt
 *   DATA_DIR/templates/mail/NAME.html         else  templates/mail/NAME.html (optional)
 * An override file is used when it is a regular file of at most
 * NOTIFY_OVERRIDE_MAX bytes of valid UTF-8 that compiles and renders;
 * otherwise a warning is logged and the embedded default is used.
 *
 * Templates use the syntax of web/tmpl.h with vars as context, plus
 * "public_url" (from the config) and "firm_name" (the display name of
 * mail.from) when vars does not set them. The .txt parts are plain text:
 * the engine's HTML escapes (&amp; &lt; &gt; &quot; &#39; &#96; &#61;) are
 * turned back into characters; the subject is one line (line breaks and
 * runs of white space become one space, trimmed).
 *
 * Shipped defaults (Dutch): invitation (name, firm_name, link, manual_code?,
 * valid_days?), password_reset (name, link), password_changed (name),
 * email_changed (name, new_email), twofactor_changed (name, enabled),
 * extra_user_invitation (name, inviter, link). */

#define NOTIFY_NAME_MAX 64
#define NOTIFY_OVERRIDE_MAX (64 * 1024)
#define NOTIFY_OUT_MAX (256 * 1024)

/* notify_render_mail: render template name with vars (a JSON object or
 * NULL) into *subject, *text and *html (malloc'd, free() them; *html is
 * NULL when the template has no HTML part). K_OK; K_EINVAL for a bad name
 * (only a-z 0-9 _ -, at most NOTIFY_NAME_MAX); K_ENOTFOUND when there is no
 * subject or text part; K_ETOOBIG / K_EINVAL when even the default does not
 * render. On error all three are NULL. */
int notify_render_mail(struct app *app, const char *name, const json_t *vars, char **subject, char **text,
		       char **html);

/* The outbox handler for kind "mail.send", payload
 *   {"to": "addr", "to_name"?: "...", "template": "NAME", "vars"?: {...},
 *    "from"?: "Firm <addr>"}
 * renders the template and sends it with mail_send and the event's
 * idempotency key (not transactional: the effect is outside the database;
 * the file transport skips a key it has written, SMTP receivers see the same
 * Message-ID). Errors (transport down, bad payload) are retried by the
 * outbox. */
extern const struct outbox_handler notify_mail_handler;
/* notify_mail_send: that handler's function (for static handler tables). */
int notify_mail_send(struct app *app, struct db *db, const struct outbox_event *ev, char *err, size_t errlen);

/* notify_render_sms: the text of SMS template NAME (templates/sms/NAME.txt,
 * overridable in data_dir/templates/sms/) on one line, malloc'd. */
int notify_render_sms(struct app *app, const char *name, const json_t *vars, char **text);

#endif
