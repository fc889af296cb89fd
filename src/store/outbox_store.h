#ifndef KLUIS_STORE_OUTBOX_STORE_H
#define KLUIS_STORE_OUTBOX_STORE_H
#include <stdint.h>

struct db;

#define OUTBOX_KIND_MAX 64
#define OUTBOX_PAYLOAD_MAX 65536

/* One outbox event as stored. payload is malloc'd (free it). */
struct outbox_row {
	int64_t id;
	char kind[OUTBOX_KIND_MAX];
	char *payload;
	int64_t created_at;
	int64_t attempts;
};

/* store_outbox_insert: queue an event (inside the caller's transaction). */
int store_outbox_insert(struct db *db, const char *kind, const char *payload, int64_t now, int64_t *id);
/* store_outbox_claim: lock the oldest due event for lock_seconds and count
 * an attempt. K_OK + *row, or K_ENOTFOUND if nothing is due. */
int store_outbox_claim(struct db *db, int64_t now, int64_t lock_seconds, struct outbox_row *row);
/* store_outbox_done: mark handled and forget the payload (it may hold
 * personal data and one-time links; data minimisation). */
int store_outbox_done(struct db *db, int64_t id, int64_t now);
/* store_outbox_retry: unlock and schedule the next attempt at available_at
 * with the error text; dead = give up. */
int store_outbox_retry(struct db *db, int64_t id, int64_t available_at, const char *error, int dead);
/* store_outbox_effect: record an idempotency key; K_OK if new, K_ECONFLICT
 * if it was recorded before (effect already applied). */
int store_outbox_effect(struct db *db, const char *key, int64_t now);
/* store_outbox_stats: counts of pending, done and dead events. */
int store_outbox_stats(struct db *db, int64_t *pending, int64_t *done, int64_t *dead);
/* store_outbox_get: an event's state (for tests and admin pages). */
int store_outbox_get(struct db *db, int64_t id, int64_t *attempts, int64_t *done_at, int64_t *dead,
		     int64_t *available_at);

#endif
