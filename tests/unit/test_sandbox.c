/* The sandboxed child (adapters/sandbox.c): exit codes pass through, a child
 * that takes too long is killed, one that eats memory hits its limit, bad
 * arguments are refused. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* Landlock: after sandbox_restrict_files the process reads only what it was
 * given and writes only the given file (run in a forked child: the
 * restriction cannot be undone). Where the kernel has no Landlock, nothing
 * may change. */
static void test_restrict_files(void **state)
{
	char secret[64], out[64];
	snprintf(secret, sizeof secret, "/tmp/kluis-ll-secret-%d", (int)getpid());
	snprintf(out, sizeof out, "/tmp/kluis-ll-out-%d", (int)getpid());
	FILE *f = fopen(secret, "w");
	assert_non_null(f);
	fputs("master key", f);
	fclose(f);
	f = fopen(out, "w");
	assert_non_null(f);
	fclose(f);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *reads[] = {"/usr", "/lib", "/lib64", NULL};
		const char *writes[] = {out, NULL};
		int on = sandbox_restrict_files(reads, writes, NULL);
		if (on < 0)
			_exit(10);
		int rs = open(secret, O_RDONLY);             /* refused when on */
		int ws = open(secret, O_WRONLY);             /* refused when on */
		int wo = open(out, O_WRONLY | O_TRUNC);      /* allowed */
		int lib = open("/usr/bin/env", O_RDONLY);    /* allowed */
		int mk = open("/tmp/kluis-ll-new", O_WRONLY | O_CREAT, 0600); /* refused when on */
		if (mk >= 0)
			unlink("/tmp/kluis-ll-new");
		if (wo < 0 || lib < 0)
			_exit(11);
		if (on == 1)
			_exit(rs < 0 && ws < 0 && mk < 0 ? 1 : 12);
		_exit(rs >= 0 && ws >= 0 ? 0 : 13);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	int code = WEXITSTATUS(status);
	if (code != 0 && code != 1)
		fail_msg("child: %d", code);
	unlink(secret);
	unlink(out);
	const char *rel[] = {"/usr", NULL};
	const char *missing[] = {"/nonexistent/out", NULL};
	assert_int_equal(sandbox_restrict_files(NULL, missing, NULL), K_EINVAL);
	if (code == 1) /* Landlock here: a write target must exist */
		assert_int_equal(sandbox_restrict_files(rel, missing, NULL), K_EINVAL);
}

static void test_bad_arguments(void **state)
{
	int code;
	const char *rel[] = {"sh", NULL};
	assert_int_equal(sandbox_run(rel, &LIM, &code), K_EINVAL);
	const char *many[SANDBOX_MAX_ARGS + 2];
	for (int i = 0; i <= SANDBOX_MAX_ARGS; i++)
		many[i] = i ? "x" : "/bin/true";
	many[SANDBOX_MAX_ARGS + 1] = NULL;
	assert_int_equal(sandbox_run(many, &LIM, &code), K_EINVAL);
	many[SANDBOX_MAX_ARGS] = NULL; /* exactly the most: runs */
	assert_int_equal(sandbox_run(many, &LIM, &code), K_OK);
	assert_int_equal(code, 0);
	assert_int_equal(sandbox_run(NULL, &LIM, &code), K_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_wall_clock),
		cmocka_unit_test(test_memory_limit),
		cmocka_unit_test(test_file_size_limit),
		cmocka_unit_test(test_restrict_files),
		cmocka_unit_test(test_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
