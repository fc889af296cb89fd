#ifndef KLUIS_SIM_SMS_PROVIDER_H
#define KLUIS_SIM_SMS_PROVIDER_H

/* An in-process stand-in for the SMS provider API that adapters/sms.h
 * speaks, on its own small libmicrohttpd daemon (tests, `make run`, demo).
 *
 * POST SIM_SMS_PATH  (so sms.transport = "http://HOST:PORT/v1/messages")
 *   Checked in this order:
 *   - a pending sim_sms_fail_next failure: that status,
 *     {"error": {"code": "simulated", "message": "..."}}  (any request)
 *   - other path 404, other method 405
 *   - api_key set and "Authorization: Bearer <api_key>" missing/wrong: 401
 *   - Content-Type not application/json: 415; body over 64 KiB: 413
 *   - body not a JSON object {"to", "text", "from"?, "reference"?} with
 *     to/text as sms_check() wants and from a 1..15 byte string: 400
 *   - no Idempotency-Key header and no "reference" (the header wins when
 *     both are there), or one sms_key_check() refuses: 400
 *   Then the message is stored as sms_file_write(dir, key, to, text) does
 *   (one file {"to", "text"} named sms_file_name(key), e.g.
 *   "outbox-42.json"), and the answer is 202 {"id": "sim-<16 hex>"}. The
 *   id is derived from the key, so a repeated key (even across restarts on
 *   the same dir) answers 200 with the same id and stores nothing new.
 *   Storage failure: 500.
 * GET /  → 200 "kluis sms stand-in" (liveness).
 * Every error body is {"error": {"code": "...", "message": "..."}}. */

#define SIM_SMS_PATH "/v1/messages"

struct sim_sms;

/* sim_sms_start: listen on listen ("127.0.0.1:0", "[::1]:8025",
 * "localhost:0"; port 0 = any free port) and store into dir (created on the
 * first message if missing). api_key NULL or "" = no key checked. On K_OK
 * *out is the running stand-in and *port (may be NULL) the bound port;
 * K_EINVAL for a bad listen or dir, K_EIO if it cannot listen. */
int sim_sms_start(const char *listen, const char *dir, const char *api_key, struct sim_sms **out, int *port);

/* sim_sms_stop: stop the daemon (waits for running requests) and free s.
 * NULL is fine. */
void sim_sms_stop(struct sim_sms *s);

/* sim_sms_fail_next: test hook: answer the next n requests (whatever they
 * are) with status (e.g. 503, 429, 400) and store nothing. n <= 0 clears. */
void sim_sms_fail_next(struct sim_sms *s, int n, int status);

/* sim_sms_counts: requests answered so far and messages newly stored
 * (either pointer may be NULL). */
void sim_sms_counts(struct sim_sms *s, long *requests, long *stored);

#endif
