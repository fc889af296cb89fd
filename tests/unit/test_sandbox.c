/* The sandboxed child (adapters/sandbox.c): exit codes pass through, a child
 * that takes too long is killed, one that eats memory hits its limit, bad
 * arguments are refused. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "adapters/sandbox.h"
#include "util/err.h"

static const struct sandbox_limits LIM = {256ULL << 20, 5, 2, 1 << 20};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_exit_codes(void **state)
{
	int code = -5;
	const char *ok[] = {"/bin/sh", "-c", "exit 0", NULL};
	assert_int_equal(sandbox_run(ok, &LIM, &code), K_OK);
	assert_int_equal(code, 0);
	const char *three[] = {"/bin/sh", "-c", "exit 3", NULL};
	assert_int_equal(sandbox_run(three, &LIM, &code), K_OK);
	assert_int_equal(code, 3);
	const char *missing[] = {"/nonexistent/program", NULL};
	assert_int_equal(sandbox_run(missing, &LIM, &code), K_OK);
	assert_int_equal(code, 127);
	/* only inherited fds 0-2, all /dev/null: writing to stdout works,
	 * fd 3 is closed */
	const char *fds[] = {"/bin/sh", "-c", "echo hi && ! (true >&3) 2>/dev/null", NULL};
	assert_int_equal(sandbox_run(fds, &LIM, &code), K_OK);
	assert_int_equal(code, 0);
}

static void test_wall_clock(void **state)
{
	int code = -5;
	const char *slow[] = {"/bin/sleep", "30", NULL};
	double t0 = now();
	assert_int_equal(sandbox_run(slow, &LIM, &code), K_ELIMIT);
	double took = now() - t0;
	assert_true(took >= 1.9 && took < 10.0);
	assert_int_equal(code, -1);
}

static void test_memory_limit(void **state)
{
#ifdef __SANITIZE_ADDRESS__
	return; /* no RLIMIT_AS under AddressSanitizer (see sandbox.h); the
		 * normal build runs this test */
#endif
	int code = -5;
	/* tail keeps the last line of an endless line: its buffer grows until
	 * the address-space limit stops it */
	const char *hog[] = {"/usr/bin/tail", "/dev/zero", NULL};
	double t0 = now();
	int rc = sandbox_run(hog, &LIM, &code);
	assert_true(now() - t0 < 10.0);
	assert_true((rc == K_OK && code != 0) || rc == K_EIO || rc == K_ELIMIT);
}

/* a child writing past RLIMIT_FSIZE (1 MiB here) is stopped by SIGXFSZ */
static void test_file_size_limit(void **state)
{
	char path[64], cmd[160];
	snprintf(path, sizeof path, "/tmp/kluis-sandbox-%d", (int)getpid());
	snprintf(cmd, sizeof cmd, "head -c 3000000 /dev/zero > %s", path);
	const char *big[] = {"/bin/sh", "-c", cmd, NULL};
	int code = -5;
	int rc = sandbox_run(big, &LIM, &code);
	assert_true(rc == K_EIO || (rc == K_OK && code != 0));
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_size <= (1 << 20));
	unlink(path);
}

static void test_bad_arguments(void **state)
{
	int code;
	const char *rel[] = {"sh", NULL};
	assert_int_equal(sandbox_run(rel, &LIM, &code), K_EINVAL);
	const char *many[] = {"/bin/true", "1", "2", "3", "4", "5", "6", "7", "8", NULL};
	assert_int_equal(sandbox_run(many, &LIM, &code), K_EINVAL);
	assert_int_equal(sandbox_run(NULL, &LIM, &code), K_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_wall_clock),
		cmocka_unit_test(test_memory_limit),
		cmocka_unit_test(test_file_size_limit),
		cmocka_unit_test(test_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
