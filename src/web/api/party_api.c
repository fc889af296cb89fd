/* Persons and organisations of a dossier (D2). */
#include "core/party.h"
#include "util/alloc.h"
#include "web/api/api.h"
#include "web/auth.h"

int api_person_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = person_create(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_person_get(struct req *r)
{
	struct actor a = auth_actor(r);
	json_t *out = NULL;
	int rc = person_get(r->app, &a, req_path_int(r, 0), &out);
	return api_reply(r, rc, 200, out, NULL);
}

int api_person_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = person_update(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}

int api_person_delete(struct req *r)
{
	struct actor a = auth_actor(r);
	int rc = person_delete(r->app, &a, req_path_int(r, 0));
	if (rc == K_ECONFLICT)
		return resp_error(r, 409, "sole_rights_holder",
				  "Deze persoon is de enige rechthebbende van een dienst. Voeg eerst een andere toe.", NULL);
	return rc ? api_fail(r, rc, NULL) : resp_empty(r, 204);
}

int api_person_reveal_bsn(struct req *r)
{
	struct actor a = auth_actor(r);
	char bsn[10];
	int rc = person_reveal_bsn(r->app, &a, req_path_int(r, 0), bsn);
	if (rc)
		return api_fail(r, rc, NULL);
	r->no_store = true;
	rc = resp_json(r, 200, json_pack("{s:s}", "bsn", bsn));
	secure_wipe(bsn, sizeof bsn);
	return rc;
}

int api_org_create(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = org_create(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 201, out, &f);
}

int api_org_update(struct req *r)
{
	struct actor a = auth_actor(r);
	struct kfail f = {0};
	json_t *out = NULL;
	int rc = org_update(r->app, &a, req_path_int(r, 0), r->json, &out, &f);
	return api_reply(r, rc, 200, out, &f);
}

int api_org_delete(struct req *r)
{
	struct actor a = auth_actor(r);
	int rc = org_delete(r->app, &a, req_path_int(r, 0));
	if (rc == K_ECONFLICT)
		return resp_error(r, 409, "sole_rights_holder",
				  "Deze organisatie is de enige rechthebbende van een dienst. Voeg eerst een andere toe.", NULL);
	return rc ? api_fail(r, rc, NULL) : resp_empty(r, 204);
}
