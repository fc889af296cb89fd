#ifndef KLUIS_ADAPTERS_SANDBOX_H
#define KLUIS_ADAPTERS_SANDBOX_H
#include <stdint.h>

/* Run a program on untrusted input in a child process with hard limits, so
 * a decoder that misbehaves (endless loops, thread storms, huge
 * allocations) costs one child, never the server. Used for HEIC photos
 * (libheif/libde265 1.15 have no limits of their own on coded picture size
 * and are not safe against crafted files). */

struct sandbox_limits {
	uint64_t mem_bytes;    /* RLIMIT_AS: address space, threads' stacks included
				* (not set in AddressSanitizer builds, which need
				* terabytes of address space) */
	unsigned cpu_seconds;  /* RLIMIT_CPU */
	unsigned wall_seconds; /* killed (SIGKILL) after this long */
	uint64_t file_bytes;   /* RLIMIT_FSIZE: largest file it may write */
};

#define SANDBOX_MAX_ARGS 24
/* At most this many sandboxed children at once (each may use mem_bytes);
 * more callers wait their turn. */
#define SANDBOX_CONCURRENT 2

/* sandbox_run: run argv[0] (an absolute path) with argv (NULL-terminated,
 * at most SANDBOX_MAX_ARGS) in a child: limits as lim, no core dumps, at
 * most 64 open files, stdin/stdout/stderr on /dev/null, every other fd
 * closed, killed if the parent dies, environment reduced to
 * MALLOC_ARENA_MAX=2. Waits for it (at most lim->wall_seconds).
 *   K_OK and *exit_code = its exit status when it exited by itself;
 *   K_ELIMIT when it was killed for taking too long;
 *   K_EIO when it could not be started or died of a signal (a limit hit:
 *         out of memory, CPU time, file size);
 *   K_EINVAL for bad arguments. */
int sandbox_run(const char *const argv[], const struct sandbox_limits *lim, int *exit_code);

/* The same in steps, for a child started ahead of its work:
 * sandbox_spawn: start argv as sandbox_run does, but with fd 0 a socket
 * whose other end goes to *job_fd (job_fd NULL: /dev/null); the child's wall
 * clock is not running yet. sandbox_wait: wait for it as sandbox_run does,
 * at most wall_seconds from now (what names it in the log), same results.
 * sandbox_gate_enter/leave: the SANDBOX_CONCURRENT gate around the work. */
#include <sys/types.h>
int sandbox_spawn(const char *const argv[], const struct sandbox_limits *lim, pid_t *pid, int *job_fd);
int sandbox_wait(pid_t pid, const char *what, unsigned wall_seconds, int *exit_code);
void sandbox_gate_enter(void);
void sandbox_gate_leave(void);

/* sandbox_restrict_files: close the file system off for THIS process and
 * its future children, irreversibly, with Landlock: from then on it may
 * only read (and map as code) beneath read_paths (directories or files;
 * missing ones are skipped), only write the existing files write_files
 * (truncating them is allowed), and read, create, write and remove files
 * beneath the directories rw_dirs. Sets no_new_privs. Every list is
 * NULL-terminated, at most SANDBOX_MAX_PATHS long (rw_dirs may be NULL).
 *   1 when enforced; 0 when the kernel has no Landlock (nothing changed;
 *   the other limits still apply); K_EIO when it could not be set up;
 *   K_EINVAL for bad arguments. */
#define SANDBOX_MAX_PATHS 32
int sandbox_restrict_files(const char *const *read_paths, const char *const *write_files,
			   const char *const *rw_dirs);

#endif
