/* /api/v1/me: the signed-in staff member's own account. */
#include "core/staff.h"
#include "util/alloc.h"
#include "web/api/api.h"
#include "web/auth.h"

/* For a signed-in user a wrong current password or code is a validation
 * error (422), not "unauthenticated" (401, which clients read as "session
 * gone"). */
static int me_fail(struct req *r, int rc, const struct kfail *f)
{
	if ((rc == K_EAUTH || rc == K_ETOTP_INVALID) && f->code)
		return resp_error(r, 422, f->code, f->message, f->field[0] ? f->field : NULL);
	return api_fail(r, rc, f);
}

int api_me_get(struct req *r)
{
	return resp_json(r, 200, json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)r->staff.user_id, "email",
					   r->staff.email, "name", r->staff.name, "role", r->staff.role, "two_factor",
					   r->staff.totp_enabled));
}

int api_me_password(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int rc = staff_change_password(r->app, &a, r->staff.session_id, api_str(r, "current_password"),
				       api_str(r, "new_password"), &f);
	if (rc)
		return me_fail(r, rc, &f);
	return resp_empty(r, 204);
}

int api_me_totp_begin(struct req *r)
{
	struct actor a = auth_actor(r);
	char secret[64], url[512];
	struct buf svg;
	buf_init(&svg, 256 * 1024);
	int rc = staff_totp_begin(r->app, &a, secret, url, sizeof url, &svg);
	if (rc == K_OK)
		rc = resp_json(r, 200, json_pack("{s:s, s:s, s:s}", "secret", secret, "otpauth_url", url, "qr_svg",
						 buf_str(&svg)));
	buf_free(&svg);
	secure_wipe(secret, sizeof secret);
	return rc;
}

int api_me_totp_confirm(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int rc = staff_totp_confirm(r->app, &a, api_str(r, "totp"), &f);
	if (rc)
		return me_fail(r, rc, &f);
	return resp_json(r, 200, json_pack("{s:b}", "two_factor", 1));
}

int api_me_totp_disable(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	int rc = staff_totp_disable(r->app, &a, api_str(r, "password"), &f);
	if (rc)
		return me_fail(r, rc, &f);
	return resp_empty(r, 204);
}
