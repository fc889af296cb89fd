#ifndef KLUIS_STORE_AUDIT_STORE_H
#define KLUIS_STORE_AUDIT_STORE_H
#include <stdint.h>

struct db;

/* One audit line as stored. */
struct audit_row {
	int64_t id;
	int64_t at;
	char actor_kind[16];
	int64_t actor_id;
	char action[64];
	int64_t dossier_id;     /* 0 = none */
	char object_type[32];
	int64_t object_id;      /* 0 = none */
	char ip[64];
	char request_id[20];
	char detail[256];
};

/* store_audit_insert: append one line (id and at of a are used as given,
 * id ignored). */
int store_audit_insert(struct db *db, const struct audit_row *a);
/* store_audit_list: lines newest first, filtered by dossier (0 = all) and
 * actor (kind "" = all), at most max; calls fn per row. */
int store_audit_list(struct db *db, int64_t dossier_id, const char *actor_kind, int64_t actor_id, int max,
		     void (*fn)(void *ctx, const struct audit_row *a), void *ctx);

#endif
