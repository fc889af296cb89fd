#include "util/metrics.h"

struct web_metrics web_metrics;

static const long long bucket_us[8] = {500, 1000, 2500, 5000, 10000, 50000, 250000, 1000000};

void metrics_observe(int status, long long duration_us)
{
	atomic_fetch_add(&web_metrics.requests, 1);
	if (status < 300)
		atomic_fetch_add(&web_metrics.status_2xx, 1);
	else if (status < 400)
		atomic_fetch_add(&web_metrics.status_3xx, 1);
	else if (status < 500)
		atomic_fetch_add(&web_metrics.status_4xx, 1);
	else
		atomic_fetch_add(&web_metrics.status_5xx, 1);
	for (int i = 0; i < 8; i++)
		if (duration_us <= bucket_us[i])
			atomic_fetch_add(&web_metrics.latency_le[i], 1);
	atomic_fetch_add(&web_metrics.latency_sum_us, (unsigned long long)duration_us);
}

int metrics_render(struct buf *out, long long uptime_s)
{
	int rc = 0;
	rc |= buf_addf(out, "# HELP kluis_http_requests_total HTTP requests by status class.\n"
			    "# TYPE kluis_http_requests_total counter\n");
	rc |= buf_addf(out, "kluis_http_requests_total{class=\"2xx\"} %llu\n", atomic_load(&web_metrics.status_2xx));
	rc |= buf_addf(out, "kluis_http_requests_total{class=\"3xx\"} %llu\n", atomic_load(&web_metrics.status_3xx));
	rc |= buf_addf(out, "kluis_http_requests_total{class=\"4xx\"} %llu\n", atomic_load(&web_metrics.status_4xx));
	rc |= buf_addf(out, "kluis_http_requests_total{class=\"5xx\"} %llu\n", atomic_load(&web_metrics.status_5xx));
	rc |= buf_addf(out, "# HELP kluis_http_in_flight Requests being handled.\n# TYPE kluis_http_in_flight gauge\n"
			    "kluis_http_in_flight %lld\n", atomic_load(&web_metrics.in_flight));
	rc |= buf_addf(out, "# HELP kluis_http_request_duration_seconds Request duration.\n"
			    "# TYPE kluis_http_request_duration_seconds histogram\n");
	for (int i = 0; i < 8; i++)
		rc |= buf_addf(out, "kluis_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
			       (double)bucket_us[i] / 1e6, atomic_load(&web_metrics.latency_le[i]));
	rc |= buf_addf(out, "kluis_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
		       atomic_load(&web_metrics.requests));
	rc |= buf_addf(out, "kluis_http_request_duration_seconds_sum %g\n",
		       (double)atomic_load(&web_metrics.latency_sum_us) / 1e6);
	rc |= buf_addf(out, "kluis_http_request_duration_seconds_count %llu\n", atomic_load(&web_metrics.requests));
	rc |= buf_addf(out, "# HELP kluis_login_failures_total Failed sign-in attempts.\n"
			    "# TYPE kluis_login_failures_total counter\nkluis_login_failures_total %llu\n",
		       atomic_load(&web_metrics.login_failures));
	rc |= buf_addf(out, "# HELP kluis_uptime_seconds Seconds since start.\n# TYPE kluis_uptime_seconds gauge\n"
			    "kluis_uptime_seconds %lld\n", uptime_s);
	return rc ? -1 : 0;
}
