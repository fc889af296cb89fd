/* The "sms.send" outbox handler (see notify_sms.h). */
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "adapters/sms.h"
#include "core/notify_sms.h"
#include "core/outbox.h"
#include "util/err.h"

int notify_sms_handle(struct app *app, struct db *db, const struct outbox_event *ev, char *err, size_t errlen)
{
	const json_t *jto = json_object_get(ev->payload, "to");
	const json_t *jtext = json_object_get(ev->payload, "text");
	const char *to = json_string_value(jto), *text = json_string_value(jtext);
	char why[256] = "";
	int rc;

	(void)db;
	if (!to || !text || strlen(to) != json_string_length(jto) || strlen(text) != json_string_length(jtext)) {
		snprintf(err, errlen, "permanent: sms.send payload needs string fields to and text");
		return K_EINVAL;
	}
	rc = sms_send(&app->cfg, to, text, ev->key, why, sizeof why);
	if (rc == K_EINVAL)
		snprintf(err, errlen, "permanent: %s", why[0] ? why : "refused");
	else if (rc != K_OK)
		snprintf(err, errlen, "%s", why[0] ? why : kerr_str(rc));
	return rc;
}

const struct outbox_handler notify_sms_handler = {NOTIFY_SMS_KIND, notify_sms_handle, 0};

int notify_sms_queue(struct app *app, struct db *db, const char *to_e164, const char *text, char *err,
		     size_t errlen)
{
	json_t *p;
	int rc;

	rc = sms_check(to_e164, text, err, errlen);
	if (rc != K_OK)
		return rc;
	p = json_pack("{s:s,s:s}", "to", to_e164, "text", text);
	if (!p) {
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		return K_ENOMEM;
	}
	rc = outbox_emit(app, db, NOTIFY_SMS_KIND, p);
	if (rc != K_OK && err && errlen)
		snprintf(err, errlen, "cannot queue the SMS: %s", kerr_str(rc));
	return rc;
}
