#include "util/err.h"

const char *kerr_str(int err)
{
	switch (err) {
	case K_OK: return "ok";
	case K_ENOMEM: return "out of memory";
	case K_EINVAL: return "invalid input";
	case K_ENOTFOUND: return "not found";
	case K_EDENIED: return "permission denied";
	case K_ECONFLICT: return "conflict";
	case K_ETOOBIG: return "too large";
	case K_EDB: return "database error";
	case K_EIO: return "i/o error";
	case K_EAUTH: return "authentication failed";
	case K_ELIMIT: return "rate limited";
	case K_ETOTP_REQUIRED: return "totp required";
	case K_ETOTP_INVALID: return "totp invalid";
	case K_EWEAK: return "password too weak";
	case K_EBUSY: return "busy";
	}
	return "unknown error";
}

#include <stdio.h>

int kfail_set(struct kfail *f, int err, const char *code, const char *field, const char *message)
{
	if (f) {
		f->code = code;
		snprintf(f->field, sizeof f->field, "%s", field ? field : "");
		snprintf(f->message, sizeof f->message, "%s", message ? message : "");
	}
	return err;
}
