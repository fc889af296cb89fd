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
	if (status == 500 || !f || !f->code)
		return err < 0 && status == 500 ? err : resp_error(r, status, "error", "Er ging iets mis.", NULL);
	return resp_error(r, status, f->code, f->message, f->field[0] ? f->field : NULL);
}
