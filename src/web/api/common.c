#include "web/api/api.h"

const char *api_str(struct req *r, const char *key)
{
	if (!r->json)
		return NULL;
	json_t *v = json_object_get(r->json, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int api_status_for(int err)
{
	switch (err) {
	case K_EINVAL: return 422;
	case K_EWEAK: return 422;
	case K_ENOTFOUND: return 404;
	case K_EDENIED: return 403;
	case K_ECONFLICT: return 409;
	case K_ETOOBIG: return 413;
	case K_EAUTH: return 401;
	case K_ETOTP_REQUIRED: return 401;
	case K_ETOTP_INVALID: return 401;
	case K_ELIMIT: return 429;
	case K_EBUSY: return 503;
	default: return 500;
	}
}

int api_fail(struct req *r, int err, const struct kfail *f)
{
	int status = api_status_for(err);
	if (status == 500)
		return err < 0 ? err : -1;
	if (f && f->code)
		return resp_error(r, status, f->code, f->message, f->field[0] ? f->field : NULL);
	switch (status) {
	case 404: return resp_error(r, 404, "not_found", "Niet gevonden.", NULL);
	case 403: return resp_error(r, 403, "forbidden", "Hiervoor heeft u geen rechten.", NULL);
	case 409: return resp_error(r, 409, "conflict", "Dit botst met bestaande gegevens.", NULL);
	case 401: return resp_error(r, 401, "unauthenticated", "Log eerst in.", NULL);
	case 429: return resp_error(r, 429, "too_many_attempts", "Te veel pogingen.", NULL);
	case 503: return resp_error(r, 503, "busy", "Het is even te druk; probeer het zo opnieuw.", NULL);
	default: return resp_error(r, status, "invalid", "Controleer de invoer.", NULL);
	}
}

int api_reply(struct req *r, int rc, int status, json_t *out, const struct kfail *f)
{
	if (rc != K_OK) {
		json_decref(out);
		return api_fail(r, rc, f);
	}
	return resp_json(r, status, out);
}
