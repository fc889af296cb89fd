#ifndef KLUIS_CORE_PASSWORD_H
#define KLUIS_CORE_PASSWORD_H
#include <stddef.h>

/* Passwords: policy (ASVS L2 V2.1), Argon2id hashing with a cap on how many
 * hashes run at once, and the shipped common-password list. */

#define PASSWORD_MIN 12
#define PASSWORD_MAX 128
/* Size of an encoded hash including the NUL (crypto_pwhash_STRBYTES). */
#define PASSWORD_HASH_MAX 128

/* password_check_policy: K_OK if pw is acceptable as a new password, else
 * K_EWEAK (or K_EINVAL for invalid UTF-8 / NULL pw) with a Dutch, user-facing
 * reason in reason (always NUL-terminated when reasonlen > 0; reason may be
 * NULL). Rules:
 * - length 12..128 Unicode code points, counted in UTF-8, never truncated;
 *   invalid UTF-8 (overlong, surrogates, > U+10FFFF, truncated) is K_EINVAL;
 * - not in the common-password list (case-insensitive);
 * - not equal to or containing the e-mail local part, or the name, nor any
 *   part of them (local part split on . _ - +, name split on spaces and
 *   hyphens), compared case-insensitively (ASCII and Latin-1/Latin Extended-A
 *   letters), each only when it is >= 4 code points. email and name may be
 *   NULL. */
int password_check_policy(const char *pw, const char *email, const char *name, char *reason,
			  size_t reasonlen);

/* password_hash: Argon2id (crypto_pwhash_str) of pw at the current cost
 * (OPSLIMIT/MEMLIMIT_INTERACTIVE unless password_set_cost changed it); the
 * encoded hash goes into out (NUL-terminated). At most
 * password_set_concurrency(n) hashes/verifications run at once across all
 * threads; a caller waits at most 2 s for a slot, then gets K_EBUSY, so a
 * login storm cannot starve the threads serving pages. K_EINVAL for NULL or a
 * pw over 4 * PASSWORD_MAX bytes, K_ENOMEM if Argon2 cannot get its memory.
 * The policy is not checked here: call password_check_policy first. */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);

/* password_verify: K_OK if pw matches encoded (a password_hash result),
 * K_EAUTH if not (also for a pw over 4 * PASSWORD_MAX bytes), K_EINVAL if
 * encoded is NULL or not an Argon2 hash string, K_EBUSY as for
 * password_hash. */
int password_verify(const char *encoded, const char *pw);

/* password_dummy_verify: spend the same time as a password_verify against a
 * fixed hash at the current cost, for unknown accounts (no user enumeration
 * by timing). Takes a slot like password_verify and answers like a wrong
 * password: K_EAUTH, or K_EBUSY when no slot came free (so a login under load
 * says "busy" for known and unknown accounts alike), so a login can do
 * rc = user ? password_verify(hash, pw) : password_dummy_verify(pw); */
int password_dummy_verify(const char *pw);

/* password_set_cost: Argon2id opslimit/memlimit for new hashes and the dummy
 * verify (tests use crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN to run fast).
 * Values are clamped to libsodium's MIN..MAX. */
void password_set_cost(unsigned long long ops, size_t mem);

/* password_set_concurrency: how many hashes/verifications may run at once
 * (default 2, at least 1). Waiters are woken when the limit grows. */
void password_set_concurrency(int n);

/* password_is_common: true if pw, compared case-insensitively (ASCII), is in
 * data/common-passwords.txt. The embedded list is loaded once (pthread_once)
 * into a sorted array searched with bsearch; safe from any thread. If the
 * list is not embedded a warning goes to stderr once and nothing matches. */
int password_is_common(const char *pw);

/* Test hooks. password_test_hold_slot takes one hashing slot exactly as
 * password_hash would (K_OK or K_EBUSY after the wait); give it back with
 * password_test_release_slot. password_test_set_wait_ms changes the 2000 ms
 * slot wait (ms <= 0 restores the default). */
int password_test_hold_slot(void);
void password_test_release_slot(void);
void password_test_set_wait_ms(int ms);
/* password_test_waiting: callers currently waiting for a slot. */
int password_test_waiting(void);

#endif
