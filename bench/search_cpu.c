/* CPU time of one dossier search or dossier view, in-process, one thread:
 * what each costs without HTTP, wrk or other requests competing. Built and
 * run by bench/search_cpu.sh.
 *   search_cpu DATADIR ITERATIONS QUERY...
 * A QUERY of "#view" times dossier_get on ids spread over the data set
 * (each writes its audit row, as the API does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app.h"
#include "core/dossier.h"
#include "util/config.h"
#include "util/log.h"

static double cpu_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct app app;
	char err[256];
	if (argc < 4) {
		fprintf(stderr, "usage: search_cpu DATADIR ITERATIONS QUERY...\n");
		return 2;
	}
	config_defaults(&cfg);
	snprintf(cfg.data_dir, sizeof cfg.data_dir, "%s", argv[1]);
	cfg.worker_enabled = false;
	log_set_quiet(1);
	if (app_open(&app, &cfg, err, sizeof err)) {
		fprintf(stderr, "search_cpu: %s\n", err);
		return 1;
	}
	struct actor a = actor_system();
	long iters = strtol(argv[2], NULL, 10);
	json_t *list = NULL;
	if (iters < 1 || dossier_search(&app, &a, "", 1, 1, &list))
		return 1;
	long n = (long)json_integer_value(json_object_get(list, "total"));
	json_decref(list);
	for (int k = 3; k < argc; k++) {
		const char *q = argv[k];
		int64_t total = 0;
		double t0 = cpu_now();
		for (long i = 0; i < iters; i++) {
			json_t *out = NULL;
			int rc = strcmp(q, "#view") == 0 ? dossier_get(&app, &a, 1 + (i * 7919) % n, &out)
							 : dossier_search(&app, &a, q, 1, 20, &out);
			if (rc) {
				fprintf(stderr, "search_cpu: %s: error %d\n", q, rc);
				return 1;
			}
			total = json_integer_value(json_object_get(out, "total"));
			json_decref(out);
		}
		printf("%-28s %8.3f ms CPU per call%s", q, (cpu_now() - t0) / (double)iters * 1e3,
		       strcmp(q, "#view") ? "" : "\n");
		if (strcmp(q, "#view"))
			printf("  (total %lld)\n", (long long)total);
	}
	app_close(&app);
	return 0;
}
