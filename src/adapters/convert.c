/* Uploaded files to one PDF, in a sandboxed child (see convert.h). */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "adapters/convert.h"
#include "adapters/filetype.h"
#include "adapters/heif.h"
#include "adapters/pdf.h"
#include "adapters/sandbox.h"
#include "util/err.h"

#define RESULT_MAX 8192 /* bytes of result.json read back */
#define JOB_MAX (2 * PATH_MAX + CONVERT_MAX_FILES * PATH_MAX)

static char helper[PATH_MAX]; /* "" = in this process */

static pthread_mutex_t idle_mu = PTHREAD_MUTEX_INITIALIZER;
static pid_t idle_pid;
static int idle_fd = -1;

void convert_set_helper(const char *exe)
{
	pthread_mutex_lock(&idle_mu);
	snprintf(helper, sizeof helper, "%s", exe ? exe : "");
	if (idle_fd >= 0) { /* started with the old helper: let it go */
		close(idle_fd); /* it reads end of file and exits */
		waitpid(idle_pid, NULL, 0);
		idle_fd = -1;
	}
	pthread_mutex_unlock(&idle_mu);
}

static int refuse(struct convert_result *r, int i, const char *why)
{
	snprintf(r->why, sizeof r->why, "%s", why);
	r->bad = i;
	return K_OK;
}

/* one file as a PDF path in pdf (the input itself, or a new file in
 * workdir), with its page count and date */
static int one(const char *workdir, const char *in, int i, char pdf[PATH_MAX], int *pages, long long *date,
	       struct convert_result *r)
{
	enum filetype t = FT_UNKNOWN;
	struct pdf_info info;
	*date = 0;
	*pages = 1;
	if (filetype_of_file(in, &t, NULL) != K_OK)
		return refuse(r, i, "file_unreadable");
	if (t == FT_PDF) {
		int rc = pdf_inspect(in, &info);
		if (rc == K_EDENIED || (rc == K_OK && info.encrypted))
			return refuse(r, i, "pdf_encrypted");
		if (rc != K_OK || info.pages < 1)
			return refuse(r, i, "pdf_unreadable");
		*date = info.created > info.modified ? info.created : info.modified;
		*pages = info.pages;
		snprintf(pdf, PATH_MAX, "%s", in);
		return K_OK;
	}
	if (t == FT_JPEG || t == FT_PNG || t == FT_HEIC) {
		snprintf(pdf, PATH_MAX, "%s/page-%d.pdf", workdir, i);
		if (pdf_from_image(in, t, pdf) != K_OK)
			return refuse(r, i, "image_unreadable");
		return K_OK;
	}
	return refuse(r, i, "unsupported_type");
}

/* the conversion itself, in whatever process runs it */
static int convert_here(const char *workdir, const char *const *inputs, int n, struct convert_result *r)
{
	char pdfs[CONVERT_MAX_FILES][PATH_MAX];
	const char *list[CONVERT_MAX_FILES];
	int pages[CONVERT_MAX_FILES];
	for (int i = 0; i < n; i++) {
		int rc = one(workdir, inputs[i], i, pdfs[i], &pages[i], &r->dates[i], r);
		if (rc || r->why[0])
			return rc;
		list[i] = pdfs[i];
	}
	if (n == 1 && strcmp(pdfs[0], inputs[0]) == 0) {
		/* one PDF: it already is the document; no copy through qpdf
		 * (faster, and memory stays flat for large scans) */
		r->as_is = 1;
		r->pages = pages[0];
		return K_OK;
	}
	if (n == 1) {
		snprintf(r->out, sizeof r->out, "%s", pdfs[0]);
		r->pages = pages[0];
		return K_OK;
	}
	snprintf(r->out, sizeof r->out, "%s/merged.pdf", workdir);
	int rc = pdf_merge(list, n, r->out, &r->pages);
	if (rc == K_EDENIED)
		return refuse(r, -1, "merge_encrypted");
	if (rc)
		return refuse(r, -1, "merge_failed");
	return K_OK;
}

static int write_result(const char *workdir, const struct convert_result *r, int n)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/result.json", workdir);
	json_t *dates = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(dates, json_integer(r->dates[i]));
	json_t *j = json_pack("{s:s, s:i, s:i, s:o, s:b, s:s}", "why", r->why, "bad", r->bad, "pages", r->pages,
			      "dates", dates, "as_is", r->as_is, "out", r->out);
	int rc = j && json_dump_file(j, path, JSON_COMPACT) == 0 ? K_OK : K_EIO;
	json_decref(j);
	return rc;
}

/* read the child's result back, trusting nothing in it: the output must be
 * the input or a file directly in workdir */
static int read_result(const char *workdir, const char *const *inputs, int n, struct convert_result *r)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/result.json", workdir);
	FILE *f = fopen(path, "rb");
	if (!f)
		return K_EIO;
	char buf[RESULT_MAX];
	size_t len = fread(buf, 1, sizeof buf, f);
	int more = fgetc(f) != EOF;
	fclose(f);
	if (more)
		return K_EIO;
	json_t *j = json_loadb(buf, len, 0, NULL);
	int rc = K_EIO;
	const char *why = json_string_value(json_object_get(j, "why"));
	const char *out = json_string_value(json_object_get(j, "out"));
	json_t *dates = json_object_get(j, "dates");
	size_t wl = strlen(workdir);
	if (!why || !out || !json_is_array(dates) || json_array_size(dates) != (size_t)n)
		goto out;
	snprintf(r->why, sizeof r->why, "%s", why);
	r->bad = (int)json_integer_value(json_object_get(j, "bad"));
	r->pages = (int)json_integer_value(json_object_get(j, "pages"));
	r->as_is = json_is_true(json_object_get(j, "as_is"));
	for (int i = 0; i < n; i++)
		r->dates[i] = json_integer_value(json_array_get(dates, (size_t)i));
	if (!r->why[0]) {
		if (r->as_is ? n != 1 : (strncmp(out, workdir, wl) != 0 || out[wl] != '/' ||
					  strchr(out + wl + 1, '/') || strstr(out, "..")))
			goto out;
		snprintf(r->out, sizeof r->out, "%s", r->as_is ? inputs[0] : out);
		if (r->pages < 1)
			goto out;
	}
	rc = K_OK;
out:
	json_decref(j);
	return rc;
}

/* One child is started ahead of its work and waits for it on fd 0, so an
 * upload does not wait for a process start-up (about 15 ms with all the
 * libraries) nor for libmagic's database: both happen while the previous
 * upload is still on its way. */
static const struct sandbox_limits LIMITS = {CONVERT_MEM_MAX, CONVERT_CPU_SECONDS, CONVERT_WALL_SECONDS,
					     CONVERT_OUT_MAX};

static int spawn_waiting(pid_t *pid, int *fd)
{
	const char *argv[] = {helper, "pdf-prepare", "-", NULL};
	return sandbox_spawn(argv, &LIMITS, pid, fd);
}

/* the job: the work directory, the count, the files, a line each */
static int send_job(int fd, const char *workdir, const char *const *inputs, int n)
{
	char job[JOB_MAX];
	int len = snprintf(job, sizeof job, "%s\n%d\n", workdir, n);
	for (int i = 0; i < n && len > 0 && len < (int)sizeof job; i++)
		len += snprintf(job + len, sizeof job - (size_t)len, "%s\n", inputs[i]);
	if (len <= 0 || len >= (int)sizeof job)
		return K_EINVAL;
	for (int off = 0; off < len;) {
		ssize_t w = send(fd, job + off, (size_t)(len - off), MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return K_EIO;
		off += (int)w;
	}
	shutdown(fd, SHUT_WR);
	return K_OK;
}

/* give the job to the waiting child (started now if there is none, or if
 * the waiting one is gone); *pid = the child doing it */
static int hand_over(const char *workdir, const char *const *inputs, int n, pid_t *pid)
{
	int fd = -1, rc;
	pthread_mutex_lock(&idle_mu);
	*pid = idle_pid;
	fd = idle_fd;
	idle_fd = -1;
	pthread_mutex_unlock(&idle_mu);
	for (int attempt = 0; attempt < 2; attempt++) {
		if (fd < 0 && (rc = spawn_waiting(pid, &fd)))
			return rc;
		rc = send_job(fd, workdir, inputs, n);
		close(fd);
		fd = -1;
		if (rc == K_EINVAL) /* nothing sent: it reads end of file and exits */
			waitpid(*pid, NULL, 0);
		if (rc != K_EIO)
			return rc;
		/* the waiting child died (a test server's thread that started it
		 * ended, say): reap it and start a fresh one */
		kill(*pid, SIGKILL);
		waitpid(*pid, NULL, 0);
	}
	return K_EIO;
}

/* start the next waiting child, unless another thread already did */
static void refill(void)
{
	pid_t pid;
	int fd;
	if (spawn_waiting(&pid, &fd) != K_OK)
		return;
	pthread_mutex_lock(&idle_mu);
	int spare = idle_fd >= 0;
	if (!spare) {
		idle_pid = pid;
		idle_fd = fd;
	}
	pthread_mutex_unlock(&idle_mu);
	if (spare) {
		close(fd); /* it reads end of file and exits */
		waitpid(pid, NULL, 0);
	}
}

int convert_run(const char *workdir, const char *const *inputs, int n, struct convert_result *r)
{
	if (!workdir || !inputs || !r || n < 1 || n > CONVERT_MAX_FILES)
		return K_EINVAL;
	memset(r, 0, sizeof *r);
	r->bad = -1;
	if (!helper[0])
		return convert_here(workdir, inputs, n, r);
	for (int i = 0; i < n; i++)
		if (strchr(inputs[i], '\n'))
			return K_EINVAL;
	if (strchr(workdir, '\n'))
		return K_EINVAL;
	sandbox_gate_enter();
	pid_t pid = 0;
	int code = -1;
	int rc = hand_over(workdir, inputs, n, &pid);
	if (rc == K_OK) {
		refill(); /* while this one works */
		rc = sandbox_wait(pid, "pdf-prepare", CONVERT_WALL_SECONDS, &code);
	}
	sandbox_gate_leave();
	if (rc != K_OK || code != 0)
		return K_EIO;
	return read_result(workdir, inputs, n, r);
}

/* read the job from fd 0 (bounded) into workdir and inputs */
static int read_job(char *job, size_t cap, char **workdir, const char **inputs, int *n)
{
	size_t len = 0;
	for (;;) {
		ssize_t got = read(0, job + len, cap - 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return K_EIO;
		if (got == 0)
			break;
		len += (size_t)got;
		if (len >= cap - 1)
			return K_EINVAL;
	}
	job[len] = '\0';
	char *save = NULL, *line = strtok_r(job, "\n", &save);
	*workdir = line;
	line = strtok_r(NULL, "\n", &save);
	*n = line ? (int)strtol(line, NULL, 10) : 0;
	if (!*workdir || *n < 1 || *n > CONVERT_MAX_FILES)
		return K_EINVAL;
	for (int i = 0; i < *n; i++)
		if (!(inputs[i] = strtok_r(NULL, "\n", &save)))
			return K_EINVAL;
	return K_OK;
}

int convert_child_main(int argc, char **argv)
{
	static char job[JOB_MAX];
	const char *inputs[CONVERT_MAX_FILES];
	char *workdir = NULL;
	int n = 0;
	if (argc != 3 || strcmp(argv[2], "-") != 0)
		return 2;
	/* before the work arrives: the libraries (libheif by dlopen) and
	 * libmagic's database */
	(void)heif_load();
	if (filetype_prepare() != K_OK)
		return 4;
	if (read_job(job, sizeof job, &workdir, inputs, &n) != K_OK)
		return 2; /* also when the server closed the socket: not needed */
	/* then the file system is closed off: the libraries and the inputs to
	 * read, the work directory to write — nothing else */
	const char *reads[8 + CONVERT_MAX_FILES + 1] = {"/usr", "/lib", "/lib64", "/etc/ld.so.cache", "/etc/magic",
						       "/sys/devices/system/cpu"};
	int k = 6;
#ifdef __SANITIZE_ADDRESS__
	reads[k++] = "/proc/self"; /* LeakSanitizer reads its maps at exit */
#endif
	for (int i = 0; i < n; i++)
		reads[k++] = inputs[i];
	reads[k] = NULL;
	const char *writes[] = {NULL};
	const char *dirs[] = {workdir, NULL};
	if (sandbox_restrict_files(reads, writes, dirs) < 0)
		return 4;
	struct convert_result r;
	memset(&r, 0, sizeof r);
	r.bad = -1;
	if (convert_here(workdir, inputs, n, &r))
		return 3;
	return write_result(workdir, &r, n) == K_OK ? 0 : 4;
}
