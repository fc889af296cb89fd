/* Unit tests for src/core/password.c: policy, Argon2id round trip, the
 * common-password list and the hashing slot limiter. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <sodium.h>
#include "core/password.h"
#include "util/err.h"

/* --- helpers -------------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* repeat: unit (a UTF-8 string) n times into out. */
static void repeat(char *out, size_t outlen, const char *unit, int n)
{
	size_t ul = strlen(unit), o = 0;

	for (int i = 0; i < n; i++) {
		assert_true(o + ul < outlen);
		memcpy(out + o, unit, ul);
		o += ul;
	}
	out[o] = '\0';
}

/* varied: n ASCII characters that are not in the common list. */
static void varied(char *out, size_t outlen, int n)
{
	static const char set[] = "Zq8!vR2#pLm4Tx9$kW";

	assert_true((size_t)n < outlen);
	for (int i = 0; i < n; i++)
		out[i] = set[i % (sizeof set - 1)];
	out[n] = '\0';
}

static int setup_group(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	return 0;
}

/* Runs first, before the cost is lowered for the other tests. */
static void test_default_cost_is_interactive(void **state)
{
	char h[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("paard-kast-1234", h), K_OK);
	assert_int_equal(strncmp(h, "$argon2id$v=19$m=65536,t=2,p=1$", 31), 0);
	assert_int_equal(password_verify(h, "paard-kast-1234"), K_OK);
	/* out-of-range costs are clamped to libsodium's minimum */
	password_set_cost(0, 0);
	assert_int_equal(password_hash("paard-kast-1234", h), K_OK);
	assert_int_equal(strncmp(h, "$argon2id$v=19$m=8,t=1,p=1$", 27), 0);
	password_set_cost(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
}

static int reset_limits(void **state)
{
	(void)state;
	password_set_concurrency(2);
	password_test_set_wait_ms(0);
	return 0;
}

/* --- common list ---------------------------------------------------------- */

static void *is_common_thread(void *arg)
{
	int *hits = arg;

	for (int i = 0; i < 50; i++)
		*hits += password_is_common("Wachtwoord123") + password_is_common("xK9#mq2!Lp0z");
	return NULL;
}

/* Runs first so that several threads race for the one-time load. */
static void test_common_concurrent_load(void **state)
{
	pthread_t t[4];
	int hits[4] = {0};

	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, is_common_thread, &hits[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(hits[i], 50);
	}
}

static void test_common_list(void **state)
{
	(void)state;
	assert_true(password_is_common("welkom2025!"));
	assert_true(password_is_common("WELKOM2025!"));
	assert_true(password_is_common("Wachtwoord123"));
	assert_true(password_is_common("password1234"));
	assert_true(password_is_common("PassWord1234"));
	assert_true(password_is_common("zomer2024"));
	assert_true(password_is_common("feyenoord1908"));
	assert_true(password_is_common("qwertyuiop123"));
	assert_true(password_is_common("123456789012"));
	assert_false(password_is_common("Zq8!vR2#pLm4"));
	assert_false(password_is_common(""));
	assert_false(password_is_common(NULL));
	/* exact match only, not a longer or shorter variant */
	assert_false(password_is_common("password1234567"));
	assert_false(password_is_common("passwor"));
	assert_false(password_is_common("xwachtwoord123"));
}

/* --- policy --------------------------------------------------------------- */

static void test_policy_length(void **state)
{
	char pw[1024], reason[128];

	(void)state;
	varied(pw, sizeof pw, 11);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_EWEAK);
	assert_string_equal(reason, "Het wachtwoord moet minstens 12 tekens lang zijn.");

	varied(pw, sizeof pw, 12);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_OK);
	assert_string_equal(reason, "");

	varied(pw, sizeof pw, 128);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_OK);

	varied(pw, sizeof pw, 129);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_EWEAK);
	assert_non_null(strstr(reason, "128"));

	/* far too long is refused as too long, not truncated */
	varied(pw, sizeof pw, 1000);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_EWEAK);
	assert_non_null(strstr(reason, "128"));

	/* spaces count and are allowed */
	assert_int_equal(password_check_policy("paard  kast  Zq8", NULL, NULL, NULL, 0), K_OK);
}

static void test_policy_multibyte(void **state)
{
	char pw[1024], reason[128];

	(void)state;
	/* 12 x U+00E9 = 24 bytes: 12 code points, accepted */
	repeat(pw, sizeof pw, "\xc3\xa9", 12);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_OK);
	/* 11 x U+00E9 = 22 bytes, still too short */
	repeat(pw, sizeof pw, "\xc3\xa9", 11);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_EWEAK);
	assert_non_null(strstr(reason, "minstens 12"));
	/* 128 x U+20AC (3 bytes) ok, 129 refused */
	repeat(pw, sizeof pw, "\xe2\x82\xac", 128);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_OK);
	repeat(pw, sizeof pw, "\xe2\x82\xac", 129);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_EWEAK);
	/* 128 x U+1F511 (4 bytes, 512 bytes) ok, 129 refused */
	repeat(pw, sizeof pw, "\xf0\x9f\x94\x91", 128);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_OK);
	repeat(pw, sizeof pw, "\xf0\x9f\x94\x91", 129);
	assert_int_equal(password_check_policy(pw, NULL, NULL, reason, sizeof reason), K_EWEAK);
}

static void test_policy_invalid_utf8(void **state)
{
	static const char *bad[] = {
		"abcdefghijkl\xff",         /* invalid byte */
		"abcdefghijkl\xc3",         /* truncated sequence */
		"abcdefghijkl\xc0\xaf",     /* overlong '/' */
		"abcdefghijkl\xe0\x80\xaf", /* overlong, 3 bytes */
		"abcdefghijkl\xed\xa0\x80", /* surrogate U+D800 */
		"abcdefghijkl\xf4\x90\x80\x80", /* > U+10FFFF */
		"abcdefghijkl\x80",         /* stray continuation */
		"abcdefghijkl\xc3\x28",     /* bad continuation */
	};
	char reason[128];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(password_check_policy(bad[i], NULL, NULL, reason, sizeof reason),
				 K_EINVAL);
		assert_string_equal(reason, "Het wachtwoord bevat ongeldige tekens.");
	}
	assert_int_equal(password_check_policy(NULL, NULL, NULL, reason, sizeof reason), K_EINVAL);
	/* U+10FFFF itself is fine */
	assert_int_equal(password_check_policy("abcdefghijk\xf4\x8f\xbf\xbf", NULL, NULL, NULL, 0),
			 K_OK);
}

static void test_policy_common(void **state)
{
	char reason[128];

	(void)state;
	assert_int_equal(password_check_policy("Wachtwoord1234", NULL, NULL, reason, sizeof reason),
			 K_EWEAK);
	assert_string_equal(reason, "Dit wachtwoord komt te vaak voor; kies een ander.");
	assert_int_equal(password_check_policy("PASSWORD1234", NULL, NULL, reason, sizeof reason),
			 K_EWEAK);
	assert_int_equal(password_check_policy("QwertyUiop123", NULL, NULL, reason, sizeof reason),
			 K_EWEAK);
	assert_int_equal(password_check_policy("Feyenoord2025!", NULL, NULL, reason, sizeof reason),
			 K_EWEAK);
}

static void test_policy_personal(void **state)
{
	char reason[128];
	const char *email = "Jan.DeVries@example.nl";

	(void)state;
	/* the whole local part, other case */
	assert_int_equal(password_check_policy("xx-jan.devries-xx", email, NULL, reason,
					       sizeof reason), K_EWEAK);
	assert_string_equal(reason, "Het wachtwoord mag uw e-mailadres niet bevatten.");
	/* equal to the local part (padded to length) */
	assert_int_equal(password_check_policy("jan.devries2025", email, NULL, reason, sizeof reason),
			 K_EWEAK);
	/* a piece of the local part of >= 4 characters */
	assert_int_equal(password_check_policy("ik-ben-DEVRIES-77", email, NULL, reason,
					       sizeof reason), K_EWEAK);
	/* "jan" is under 4 characters: not checked */
	assert_int_equal(password_check_policy("jan-houdt-van-kaas", email, NULL, reason,
					       sizeof reason), K_OK);
	/* a local part under 4 characters is not checked */
	assert_int_equal(password_check_policy("bob-bouwt-een-huis", "bob@example.nl", NULL, reason,
					       sizeof reason), K_OK);
	/* the domain is not the local part */
	assert_int_equal(password_check_policy("example-kast-paard", email, NULL, reason,
					       sizeof reason), K_OK);

	/* the name, case-insensitively, including accented capitals */
	assert_int_equal(password_check_policy("ik-heet-émile-zola!", NULL, "Émile Zola", reason,
					       sizeof reason), K_EWEAK);
	assert_string_equal(reason, "Het wachtwoord mag uw naam niet bevatten.");
	assert_int_equal(password_check_policy("xxÉMILE ZOLAxx", NULL, "émile zola", reason,
					       sizeof reason), K_EWEAK);
	assert_int_equal(password_check_policy("Kapitein-Jansen-99", NULL, "Piet Jansen", reason,
					       sizeof reason), K_EWEAK);
	/* short name parts ("de", "Bo") are not checked */
	assert_int_equal(password_check_policy("de-bo-de-bo-de-bo", NULL, "Bo de Wit", reason,
					       sizeof reason), K_OK);
	assert_int_equal(password_check_policy("Zq8!vR2#pLm4", "jan.devries@example.nl",
					       "Jan de Vries", reason, sizeof reason), K_OK);
}

static void test_policy_reason_buffer(void **state)
{
	char small[8];

	(void)state;
	/* truncated but terminated; NULL reason is fine */
	assert_int_equal(password_check_policy("short", NULL, NULL, small, sizeof small), K_EWEAK);
	assert_int_equal(strlen(small), sizeof small - 1);
	assert_int_equal(password_check_policy("short", NULL, NULL, NULL, 0), K_EWEAK);
}

/* --- hash / verify -------------------------------------------------------- */

static void test_hash_roundtrip(void **state)
{
	char h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
	const char *pw = "paard-batterij-nietje-correct";

	(void)state;
	assert_int_equal(password_hash(pw, h1), K_OK);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_int_equal(password_verify(h1, pw), K_OK);
	assert_int_equal(password_verify(h1, "paard-batterij-nietje-Correct"), K_EAUTH);
	assert_int_equal(password_verify(h1, ""), K_EAUTH);
	/* not truncated: a longer password with the same prefix is different */
	assert_int_equal(password_verify(h1, "paard-batterij-nietje-correct!"), K_EAUTH);
	/* a fresh salt each time */
	assert_int_equal(password_hash(pw, h2), K_OK);
	assert_string_not_equal(h1, h2);
	assert_int_equal(password_verify(h2, pw), K_OK);
	/* multibyte */
	assert_int_equal(password_hash("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", h1), K_OK);
	assert_int_equal(password_verify(h1, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"),
			 K_OK);
	assert_int_equal(password_verify(h1, "eeeeee"), K_EAUTH);
}

static void test_hash_bad_input(void **state)
{
	char h[PASSWORD_HASH_MAX], big[600];

	(void)state;
	assert_int_equal(password_hash(NULL, h), K_EINVAL);
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(password_hash(big, h), K_EINVAL);
	assert_int_equal(password_hash("abc", h), K_OK);
	assert_int_equal(password_verify(h, big), K_EAUTH);
	assert_int_equal(password_verify(NULL, "abc"), K_EINVAL);
	assert_int_equal(password_verify("", "abc"), K_EINVAL);
	assert_int_equal(password_verify("$2y$10$abcdefghijklmnopqrstuv", "abc"), K_EINVAL);
	assert_int_equal(password_verify("$argon2id$garbage", "abc"), K_EAUTH);
	assert_int_equal(password_verify(h, NULL), K_EAUTH);
}

static void test_dummy_verify(void **state)
{
	(void)state;
	/* first call makes the dummy hash, later calls verify against it; it
	 * always answers like a wrong password */
	assert_int_equal(password_dummy_verify("whatever-they-typed"), K_EAUTH);
	assert_int_equal(password_dummy_verify("whatever-they-typed"), K_EAUTH);
	assert_int_equal(password_dummy_verify(NULL), K_EAUTH);
	/* a cost change remakes it */
	password_set_cost(crypto_pwhash_OPSLIMIT_MIN + 1, crypto_pwhash_MEMLIMIT_MIN);
	assert_int_equal(password_dummy_verify("x"), K_EAUTH);
	password_set_cost(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
	/* it gives its slot back, and says busy like a real verify */
	password_set_concurrency(1);
	password_test_set_wait_ms(100);
	assert_int_equal(password_dummy_verify("x"), K_EAUTH);
	assert_int_equal(password_test_hold_slot(), K_OK);
	assert_int_equal(password_dummy_verify("x"), K_EBUSY);
	password_test_release_slot();
	assert_int_equal(password_dummy_verify("x"), K_EAUTH);
}

/* --- slot limiter --------------------------------------------------------- */

struct holder {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int holding;
	int release;      /* set by the test to let go */
	int hold_ms;      /* > 0: let go by itself after this long */
	int rc;
};

static void *holder_thread(void *arg)
{
	struct holder *h = arg;
	int rc = password_test_hold_slot();

	pthread_mutex_lock(&h->mu);
	h->rc = rc;
	h->holding = 1;
	pthread_cond_broadcast(&h->cv);
	if (h->hold_ms <= 0)
		while (!h->release)
			pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
	if (h->hold_ms > 0)
		sleep_ms(h->hold_ms);
	if (rc == K_OK)
		password_test_release_slot();
	return NULL;
}

static void holder_start(struct holder *h, pthread_t *t, int hold_ms)
{
	memset(h, 0, sizeof *h);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	h->hold_ms = hold_ms;
	assert_int_equal(pthread_create(t, NULL, holder_thread, h), 0);
	pthread_mutex_lock(&h->mu);
	while (!h->holding)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
	assert_int_equal(h->rc, K_OK);
}

static void holder_stop(struct holder *h, pthread_t t)
{
	pthread_mutex_lock(&h->mu);
	h->release = 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(t, NULL);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
}

static void test_busy_when_slot_held(void **state)
{
	char h[PASSWORD_HASH_MAX];
	struct holder hd;
	pthread_t t;
	long long t0, el;

	(void)state;
	assert_int_equal(password_hash("paard-kast-1234", h), K_OK);
	password_set_concurrency(1);
	password_test_set_wait_ms(200);
	holder_start(&hd, &t, 0);

	t0 = now_ms();
	assert_int_equal(password_verify(h, "paard-kast-1234"), K_EBUSY);
	el = now_ms() - t0;
	assert_true(el >= 190 && el < 1500);
	assert_int_equal(password_hash("paard-kast-1234", h), K_EBUSY);
	assert_string_equal(h, "");

	holder_stop(&hd, t);
	assert_int_equal(password_hash("paard-kast-1234", h), K_OK);
	assert_int_equal(password_verify(h, "paard-kast-1234"), K_OK);
}

static void test_busy_default_wait_is_2s(void **state)
{
	char h[PASSWORD_HASH_MAX];
	struct holder hd;
	pthread_t t;
	long long t0, el;

	(void)state;
	assert_int_equal(password_hash("paard-kast-1234", h), K_OK);
	password_set_concurrency(1);
	holder_start(&hd, &t, 0);
	t0 = now_ms();
	assert_int_equal(password_verify(h, "paard-kast-1234"), K_EBUSY);
	el = now_ms() - t0;
	assert_true(el >= 1950 && el < 4000);
	holder_stop(&hd, t);
}

static void test_waiter_gets_released_slot(void **state)
{
	char h[PASSWORD_HASH_MAX];
	struct holder hd;
	pthread_t t;
	long long t0, el;

	(void)state;
	assert_int_equal(password_hash("paard-kast-1234", h), K_OK);
	password_set_concurrency(1);
	holder_start(&hd, &t, 150);
	t0 = now_ms();
	assert_int_equal(password_verify(h, "paard-kast-1234"), K_OK);
	el = now_ms() - t0;
	assert_true(el >= 100);
	holder_stop(&hd, t);
}

static void test_concurrency_two_and_raise(void **state)
{
	char h[PASSWORD_HASH_MAX];
	struct holder a, b;
	pthread_t ta, tb;

	(void)state;
	assert_int_equal(password_hash("paard-kast-1234", h), K_OK);
	password_set_concurrency(2);
	password_test_set_wait_ms(100);
	holder_start(&a, &ta, 0);
	/* one slot left */
	assert_int_equal(password_verify(h, "paard-kast-1234"), K_OK);
	holder_start(&b, &tb, 0);
	assert_int_equal(password_verify(h, "paard-kast-1234"), K_EBUSY);
	/* raising the limit lets the next one in */
	password_set_concurrency(3);
	assert_int_equal(password_verify(h, "paard-kast-1234"), K_OK);
	holder_stop(&a, ta);
	holder_stop(&b, tb);
}

struct storm {
	const char *hash;
	int ok, busy, other;
};

static void *storm_thread(void *arg)
{
	struct storm *s = arg;

	for (int i = 0; i < 3; i++) {
		int rc = password_verify(s->hash, "paard-kast-1234");

		if (rc == K_OK)
			s->ok++;
		else if (rc == K_EBUSY)
			s->busy++;
		else
			s->other++;
	}
	return NULL;
}

/* Many threads at once with a generous wait: all get through, none fails. */
/* With limit 2, two callers hash and two may wait: four threads are always
 * served. */
static void test_storm_all_served(void **state)
{
	char h[PASSWORD_HASH_MAX];
	struct storm s[4];
	pthread_t t[4];

	(void)state;
	assert_int_equal(password_hash("paard-kast-1234", h), K_OK);
	password_set_concurrency(2);
	password_test_set_wait_ms(10000);
	for (int i = 0; i < 4; i++) {
		memset(&s[i], 0, sizeof s[i]);
		s[i].hash = h;
		assert_int_equal(pthread_create(&t[i], NULL, storm_thread, &s[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(s[i].ok, 3);
		assert_int_equal(s[i].busy + s[i].other, 0);
	}
}

/* Beyond limit + limit waiters, callers are refused at once (K_EBUSY), never
 * queued without bound; nothing else goes wrong. */
static void test_storm_excess_refused(void **state)
{
	char h[PASSWORD_HASH_MAX];
	struct storm s[8];
	pthread_t t[8];
	int ok = 0;

	(void)state;
	assert_int_equal(password_hash("paard-kast-1234", h), K_OK);
	password_set_concurrency(2);
	password_test_set_wait_ms(10000);
	for (int i = 0; i < 8; i++) {
		memset(&s[i], 0, sizeof s[i]);
		s[i].hash = h;
		assert_int_equal(pthread_create(&t[i], NULL, storm_thread, &s[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(s[i].ok + s[i].busy, 3);
		assert_int_equal(s[i].other, 0);
		ok += s[i].ok;
	}
	assert_true(ok >= 4);
	assert_true(password_test_waiting() == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_cost_is_interactive),
		cmocka_unit_test(test_common_concurrent_load),
		cmocka_unit_test(test_common_list),
		cmocka_unit_test(test_policy_length),
		cmocka_unit_test(test_policy_multibyte),
		cmocka_unit_test(test_policy_invalid_utf8),
		cmocka_unit_test(test_policy_common),
		cmocka_unit_test(test_policy_personal),
		cmocka_unit_test(test_policy_reason_buffer),
		cmocka_unit_test_teardown(test_hash_roundtrip, reset_limits),
		cmocka_unit_test_teardown(test_hash_bad_input, reset_limits),
		cmocka_unit_test_teardown(test_dummy_verify, reset_limits),
		cmocka_unit_test_teardown(test_busy_when_slot_held, reset_limits),
		cmocka_unit_test_teardown(test_busy_default_wait_is_2s, reset_limits),
		cmocka_unit_test_teardown(test_waiter_gets_released_slot, reset_limits),
		cmocka_unit_test_teardown(test_concurrency_two_and_raise, reset_limits),
		cmocka_unit_test_teardown(test_storm_all_served, reset_limits),
		cmocka_unit_test_teardown(test_storm_excess_refused, reset_limits),
	};

	return cmocka_run_group_tests(tests, setup_group, NULL);
}
