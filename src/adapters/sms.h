#ifndef KLUIS_ADAPTERS_SMS_H
#define KLUIS_ADAPTERS_SMS_H
#include <stddef.h>

/* Outgoing SMS (issue 4, API.md "Configuration": sms.transport). Called by
 * the outbox handler "sms.send" (core/notify_sms.h), never from a request
 * thread: a send may block up to SMS_TOTAL_TIMEOUT seconds.
 *
 * sms.transport selects one of two transports:
 *
 * "http://..." / "https://..."  the provider API. One request per message:
 *     POST <sms.transport>
 *     Content-Type: application/json
 *     Authorization: Bearer <sms.api_key>    (left out if sms.api_key is "")
 *     Idempotency-Key: <key>
 *     {"to": "+31612345678", "from": "<sms.sender>", "text": "...",
 *      "reference": "<key>"}                 ("from" left out if sms.sender is "")
 *   The provider answers 2xx (typically 202 {"id": "..."}) when it has taken
 *   the message, and must treat a repeated Idempotency-Key as the same
 *   message (answer 2xx, send nothing new): that is what makes an outbox
 *   retry after a lost answer harmless. Errors come as
 *   {"error": {"message": "..."}} (also understood: {"error": "..."},
 *   {"message": "..."}; anything else is quoted raw, shortened).
 *   Outcome: 2xx → K_OK; 4xx except 408/429 → K_EINVAL (permanent: bad
 *   number, bad key, refused text; retrying will not help); 408, 429, 5xx,
 *   any other status, and network errors (DNS, connect, TLS, timeout) →
 *   K_EIO (try again later). Connect timeout SMS_CONNECT_TIMEOUT s, whole
 *   request SMS_TOTAL_TIMEOUT s; at most SMS_RESPONSE_MAX bytes of the answer
 *   are read (the rest is dropped, the status still counts); no redirects
 *   are followed; only http and https.
 *
 * "file:///dir"  for development, demo and tests: each message becomes one
 *   file <dir>/<name> holding exactly {"to": "+31612345678", "text": "..."}
 *   (and a newline), where <name> is sms_file_name(key) ("outbox:42" →
 *   "outbox-42.json"). Written to a temp file in dir, fsync'ed, then moved
 *   into place without replacing (renameat2 RENAME_NOREPLACE, or link), and
 *   the directory fsync'ed. If the file for key already exists the message
 *   was sent before: nothing is written and the result is K_OK. dir (and
 *   missing parents) is created with mode 0700. No %-decoding, no host part.
 *
 * "" (not configured): K_EINVAL "sms.transport not configured".
 *
 * Error messages (err) never hold the API key, the text or the number; digit
 * runs in a provider's message are masked. */

/* Longest text, in bytes: four concatenated GSM-7 SMS (4 x 153). */
#define SMS_TEXT_MAX 612
/* E.164: '+', then 8..15 digits, the first not 0. */
#define SMS_TO_MIN_DIGITS 8
#define SMS_TO_MAX_DIGITS 15
/* Longest idempotency key (the outbox's keys are "outbox:<id>"). */
#define SMS_KEY_MAX 64
/* A buffer of this size always holds sms_file_name's output. */
#define SMS_FILE_NAME_MAX (SMS_KEY_MAX + 8)
#define SMS_CONNECT_TIMEOUT 10
#define SMS_TOTAL_TIMEOUT 20
#define SMS_RESPONSE_MAX (64 * 1024)

/* sms_check: K_OK if to_e164 is E.164 ('+' and SMS_TO_MIN_DIGITS..
 * SMS_TO_MAX_DIGITS digits, first digit not 0, nothing else) and text is
 * non-empty, at most SMS_TEXT_MAX bytes and valid UTF-8 (no overlong forms,
 * no surrogates, nothing above U+10FFFF). Else K_EINVAL with the reason in
 * err (errlen may be 0). Looks at no more than SMS_TEXT_MAX + 1 bytes of
 * text, so text need not be short. */
int sms_check(const char *to_e164, const char *text, char *err, size_t errlen);

/* sms_key_check: K_OK if key is 1..SMS_KEY_MAX bytes of A-Z a-z 0-9 . _ : -
 * and does not start with '.'; else K_EINVAL. Such a key is safe as a file
 * name part and as a header value. */
int sms_key_check(const char *key);

/* sms_file_name: the file name of the message with key: the key with every
 * ':' replaced by '-', plus ".json" ("outbox:42" → "outbox-42.json"), into
 * out (outlen bytes with the NUL; SMS_FILE_NAME_MAX always fits). K_EINVAL if
 * sms_key_check refuses key, K_ETOOBIG if out is too small; out is "" on
 * error (if outlen > 0). Keys that differ only in ':' versus '-' share a
 * name (and so count as one message). */
int sms_file_name(const char *key, char *out, size_t outlen);

/* sms_file_write: store one message as the file transport does (see above)
 * in directory dir (absolute or relative path; created if missing). Checks
 * to/text with sms_check and key with sms_key_check first. *written (may be
 * NULL) is 1 if a new file was made, 0 if the key's file existed already.
 * K_OK, K_EINVAL (bad input, reason in err), K_EIO (file system; reason in
 * err; no temp file is left behind), K_ENOMEM. Safe to call from several
 * threads or processes at once: for one key exactly one call writes. */
int sms_file_write(const char *dir, const char *key, const char *to_e164, const char *text, int *written, char *err,
		   size_t errlen);

struct config;

/* sms_send: send text to to_e164 through cfg->sms_transport (see the top of
 * this file), with key (sms_key_check rules; the outbox passes ev->key) as
 * the idempotency key: calling it again with the same key never makes a
 * second SMS. Inputs are checked first (sms_check, sms_key_check; a key,
 * api key or sender with control characters is refused): K_EINVAL without
 * sending. Returns K_OK (sent, or sent before), K_EINVAL (permanent: bad
 * input, not configured, provider said 4xx), K_EIO (temporary: retry later),
 * K_ENOMEM; err (errlen bytes, may be 0) says why. Thread-safe. */
int sms_send(const struct config *cfg, const char *to_e164, const char *text, const char *key, char *err,
	     size_t errlen);

#endif
