/* Untrusted work in a limited child process (see sandbox.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "adapters/sandbox.h"
#include "util/err.h"
#include "util/log.h"

static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_busy;

static void gate_enter(void)
{
	pthread_mutex_lock(&gate_mu);
	while (gate_busy >= SANDBOX_CONCURRENT)
		pthread_cond_wait(&gate_cv, &gate_mu);
	gate_busy++;
	pthread_mutex_unlock(&gate_mu);
}

static void gate_leave(void)
{
	pthread_mutex_lock(&gate_mu);
	gate_busy--;
	pthread_cond_signal(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
}

static void set_limit(int what, uint64_t v)
{
	struct rlimit rl = {(rlim_t)v, (rlim_t)v};
	setrlimit(what, &rl);
}

/* In the child, between fork and exec: async-signal-safe calls only. */
static void child(const char *const argv[], const struct sandbox_limits *lim, pid_t parent, int job_fd)
{
	static char *const env[] = {"MALLOC_ARENA_MAX=2", NULL};
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent) /* the parent died before prctl */
		_exit(127);
	int null = open("/dev/null", O_RDWR);
	if (null < 0)
		_exit(127);
	dup2(job_fd >= 0 ? job_fd : null, 0);
	dup2(null, 1);
	dup2(null, 2);
	syscall(SYS_close_range, 3U, ~0U, 0U);
#ifndef __SANITIZE_ADDRESS__ /* ASan maps terabytes of shadow: no RLIMIT_AS under it */
	set_limit(RLIMIT_AS, lim->mem_bytes);
#endif
	set_limit(RLIMIT_CPU, lim->cpu_seconds);
	set_limit(RLIMIT_FSIZE, lim->file_bytes);
	set_limit(RLIMIT_CORE, 0);
	set_limit(RLIMIT_NOFILE, 64);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(argv[0], (char *const *)argv, env);
	_exit(127);
}

/* wait for pid at most ms milliseconds (pidfd, so no polling loop) */
static int wait_child(pid_t pid, unsigned ms, int *status)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pfd >= 0) {
		struct pollfd p = {pfd, POLLIN, 0};
		int n;
		do
			n = poll(&p, 1, (int)ms);
		while (n < 0 && errno == EINTR);
		close(pfd);
		if (n == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return K_ELIMIT;
		}
	}
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return K_EIO;
	return K_OK;
}

static int check_argv(const char *const argv[])
{
	int n = 0;
	if (!argv || !argv[0] || argv[0][0] != '/')
		return K_EINVAL;
	while (argv[n])
		if (++n > SANDBOX_MAX_ARGS)
			return K_EINVAL;
	return K_OK;
}

int sandbox_spawn(const char *const argv[], const struct sandbox_limits *lim, pid_t *pid, int *job_fd)
{
	int sv[2] = {-1, -1};
	if (check_argv(argv) || !lim || !pid)
		return K_EINVAL;
	if (job_fd && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return K_EIO;
	pid_t parent = getpid();
	*pid = fork();
	if (*pid == 0)
		child(argv, lim, parent, sv[1]);
	if (sv[1] >= 0)
		close(sv[1]);
	if (*pid < 0) {
		log_warn("sandbox: fork failed: %s", strerror(errno));
		if (sv[0] >= 0)
			close(sv[0]);
		return K_EIO;
	}
	if (job_fd)
		*job_fd = sv[0];
	return K_OK;
}

int sandbox_wait(pid_t pid, const char *what, unsigned wall_seconds, int *exit_code)
{
	int status = 0;
	*exit_code = -1;
	int rc = wait_child(pid, wall_seconds * 1000u, &status);
	if (rc == K_ELIMIT) {
		log_warn("sandbox: %s killed after %u s", what, wall_seconds);
		return rc;
	}
	if (rc == K_OK && WIFEXITED(status)) {
		*exit_code = WEXITSTATUS(status);
		if (*exit_code == 127)
			log_warn("sandbox: %s could not be started", what);
	} else if (rc == K_OK) {
		log_warn("sandbox: %s ended by signal %d (a limit was hit)", what, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		rc = K_EIO;
	}
	return rc;
}

void sandbox_gate_enter(void)
{
	gate_enter();
}

void sandbox_gate_leave(void)
{
	gate_leave();
}

int sandbox_run(const char *const argv[], const struct sandbox_limits *lim, int *exit_code)
{
	pid_t pid;
	if (check_argv(argv) || !lim || !exit_code)
		return K_EINVAL;
	*exit_code = -1;
	gate_enter();
	int rc = sandbox_spawn(argv, lim, &pid, NULL);
	if (rc == K_OK)
		rc = sandbox_wait(pid, argv[0], lim->wall_seconds, exit_code);
	gate_leave();
	return rc;
}

/* --- Landlock --------------------------------------------------------------- */

#define LL_FILE_RIGHTS (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_EXECUTE)

static int ll_add(int ruleset, const char *path, uint64_t dir_rights, uint64_t file_rights)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? K_OK : K_EIO;
	struct stat sb;
	int rc = K_EIO;
	if (fstat(fd, &sb) == 0) {
		struct landlock_path_beneath_attr pb = {
			.allowed_access = S_ISDIR(sb.st_mode) ? dir_rights : file_rights,
			.parent_fd = fd,
		};
		if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) == 0)
			rc = K_OK;
	}
	close(fd);
	return rc;
}

int sandbox_restrict_files(const char *const *read_paths, const char *const *write_files,
			   const char *const *rw_dirs)
{
	if (!read_paths || !write_files)
		return K_EINVAL;
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1)
		return 0;
	uint64_t handled = LL_FILE_RIGHTS | LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR |
			   LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
			   LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
			   LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;
	uint64_t truncate = 0;
#ifdef LANDLOCK_ACCESS_FS_REFER
	if (abi >= 2)
		handled |= LANDLOCK_ACCESS_FS_REFER;
#endif
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
	if (abi >= 3)
		truncate = LANDLOCK_ACCESS_FS_TRUNCATE;
#endif
	handled |= truncate;
	struct landlock_ruleset_attr attr = {.handled_access_fs = handled};
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (ruleset < 0)
		return K_EIO;
	int rc = K_OK, n = 0;
	const uint64_t read_dir = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_EXECUTE;
	const uint64_t read_file = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE;
	for (int i = 0; rc == K_OK && read_paths[i]; i++)
		rc = ++n > SANDBOX_MAX_PATHS ? K_EINVAL : ll_add(ruleset, read_paths[i], read_dir, read_file);
	n = 0;
	for (int i = 0; rc == K_OK && write_files[i]; i++) {
		struct stat sb;
		if (++n > SANDBOX_MAX_PATHS || stat(write_files[i], &sb) != 0 || !S_ISREG(sb.st_mode))
			rc = K_EINVAL; /* only existing regular files */
		else
			rc = ll_add(ruleset, write_files[i], 0, LANDLOCK_ACCESS_FS_WRITE_FILE | truncate);
	}
	n = 0;
	const uint64_t rw_dir = read_dir | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG |
				LANDLOCK_ACCESS_FS_REMOVE_FILE | truncate;
	for (int i = 0; rc == K_OK && rw_dirs && rw_dirs[i]; i++) {
		struct stat sb;
		if (++n > SANDBOX_MAX_PATHS || stat(rw_dirs[i], &sb) != 0 || !S_ISDIR(sb.st_mode))
			rc = K_EINVAL; /* only existing directories */
		else
			rc = ll_add(ruleset, rw_dirs[i], rw_dir, 0);
	}
	if (rc == K_OK && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		rc = K_EIO;
	if (rc == K_OK && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0)
		rc = K_EIO;
	close(ruleset);
	return rc == K_OK ? 1 : rc;
}
