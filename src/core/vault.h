#ifndef KLUIS_CORE_VAULT_H
#define KLUIS_CORE_VAULT_H
#include <jansson.h>
#include <stdint.h>
#include "app.h"
#include "core/actor.h"
#include "util/err.h"

/* The vault (client portal) of a dossier, staff side (P1–P7, P10–P12).
 * Every function checks RIGHT_WORK_DOSSIERS and is audited. Mail and SMS go
 * through the outbox ("mail.send", "sms.send"). */

#define VAULT_INVITE_TTL (14 * 86400)   /* activation link */
#define VAULT_RESET_TTL 3600            /* password reset link */
#define VAULT_CODE_TTL 600              /* SMS / verification code */
#define VAULT_CODE_ATTEMPTS 5
#define VAULT_CODE_RESEND_GAP 60
#define VAULT_CODES_PER_TOKEN 5
#define VAULT_VIEW_AS_TTL 900           /* read-only "view as client" */

/* vault_status: {status: none|invited|active|revoked, email, mobile,
 * verification, manual_code?, two_factor, users: [...]}. */
int vault_status(struct app *app, const struct actor *a, int64_t dossier_id, json_t **out);
/* vault_invite: P1–P3, P7. in = {product_id?, organisation_id?, email?,
 * mobile?}. Private dossiers invite the first applicant (never an "other
 * party"), business dossiers their client organisation; e-mail/mobile from
 * the party unless typed. Errors (K_EINVAL, f->code): no_email,
 * invalid_email, no_mobile, invalid_mobile, no_first_applicant,
 * vault_exists, email_in_use, invalid_product (product_id not of this
 * dossier). *out = {status, verification, manual_code?}. */
int vault_invite(struct app *app, const struct actor *a, int64_t dossier_id, const json_t *in, json_t **out,
		 struct kfail *f);
/* vault_resend: a new activation link for the invited primary user (the old
 * one is revoked). K_EINVAL not_invited when the vault is not waiting. */
int vault_resend(struct app *app, const struct actor *a, int64_t dossier_id, struct kfail *f);
/* vault_revoke: the invitation is withdrawn; its link says "not found" and
 * its (never activated) users are removed, so the address is free again. */
int vault_revoke(struct app *app, const struct actor *a, int64_t dossier_id, struct kfail *f);
/* vault_add_user: P6: an extra user (vault must be active) gets a link.
 * Staff need RIGHT_WORK_DOSSIERS; a client only for its own vault. */
int vault_add_user(struct app *app, const struct actor *a, int64_t dossier_id, const char *email, const char *name,
		   json_t **out, struct kfail *f);
/* vault_unlink: P12: delete the vault, its users, sessions and links; the
 * dossier stays. */
int vault_unlink(struct app *app, const struct actor *a, int64_t dossier_id);
/* vault_view_as: P10: a read-only client session for the primary user,
 * valid VAULT_VIEW_AS_TTL; *token for the cookie. Audited. */
int vault_view_as(struct app *app, const struct actor *a, int64_t dossier_id, char token[64]);

/* vault_link: the activation/reset URL for a token (public_url based). */
void vault_link(struct app *app, const char *path, const char *token, char *out, size_t outlen);
/* vault_new_code: n random digits (n ≤ 8) into out. */
void vault_new_code(struct app *app, char *out, int n);

#endif
