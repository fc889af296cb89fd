#ifndef KLUIS_APP_H
#define KLUIS_APP_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "util/config.h"

struct store;
struct tmpl_set;
struct worker;
struct keyring;
struct outbox_handler;
struct audit_queue;

/* Everything one kluis instance owns. No global mutable state lives outside
 * it; a test builds its own app on a temp dir. The clock and the random
 * source are here so tests can move time and repeat randomness. */
struct app {
	struct config cfg;
	struct store *store;
	struct tmpl_set *tmpl;
	struct worker *worker;
	struct keyring *keys;        /* master key (BSN, blob keys) */
	atomic_llong clock_offset;   /* seconds added to the real clock */
	int deterministic_random;    /* tests: random bytes from a seeded stream */
	atomic_ullong random_counter;
	unsigned char random_seed[32];
	int64_t started_at;
	const struct outbox_handler *outbox_extra; /* tests: extra outbox handlers */
	struct audit_queue *auditq;  /* audit lines of reads, written in batches */
};

/* app_open: create data_dir (0700), open the store, run migrations, load
 * templates. K_OK or an error with a message in err. */
int app_open(struct app *app, const struct config *cfg, char *err, size_t errlen);
/* app_start_worker: start the background outbox worker (if enabled). */
int app_start_worker(struct app *app);
/* app_close: stop the worker, close the store, free everything. */
void app_close(struct app *app);
/* app_now: the app's current unix time in seconds (real clock + offset). */
int64_t app_now(struct app *app);
/* app_now_ms: the same in milliseconds. */
int64_t app_now_ms(struct app *app);
/* app_clock_advance: move the app's clock forward (tests). */
void app_clock_advance(struct app *app, int64_t seconds);
/* app_random: n random bytes (libsodium, or the seeded test stream). */
void app_random(struct app *app, void *out, size_t n);
/* app_random_seed: make app_random deterministic from seed (tests only). */
void app_random_seed(struct app *app, uint64_t seed);

#endif
