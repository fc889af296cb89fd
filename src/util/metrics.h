#ifndef KLUIS_WEB_METRICS_H
#define KLUIS_WEB_METRICS_H
#include <stdatomic.h>
#include "util/buf.h"

/* Process-wide HTTP counters for /metrics (no personal data). They are
 * counters only (monotonic), so sharing them between apps in one test process
 * is harmless. */
struct web_metrics {
	atomic_ullong requests;
	atomic_ullong status_2xx, status_3xx, status_4xx, status_5xx;
	atomic_llong in_flight;
	atomic_ullong bytes_in;
	atomic_ullong login_failures;
	atomic_ullong latency_le[8];  /* histogram buckets, see metrics.c */
	atomic_ullong latency_sum_us;
};

extern struct web_metrics web_metrics;

/* metrics_observe: count a finished request with its status and duration. */
void metrics_observe(int status, long long duration_us);
/* metrics_render: Prometheus text format into out. */
int metrics_render(struct buf *out, long long uptime_s);

#endif
