/* JSON API calls for the HTTP tests (see apic.h). */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "apic.h"

static struct buf *record;

const char *pathf(const char *fmt, ...)
{
	static char bufs[8][1024];
	static int n;
	char *b = bufs[n++ % 8];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof bufs[0], fmt, ap);
	va_end(ap);
	return b;
}

const char *J(json_t *j)
{
	static char bufs[4][8192];
	static int n;
	char *b = bufs[n++ % 4];
	char *s = json_dumps(j, JSON_COMPACT);
	assert_non_null(s);
	snprintf(b, sizeof bufs[0], "%s", s);
	free(s);
	json_decref(j);
	return b;
}

json_t *call(struct httpc *c, const char *method, const char *path, const char *body, long want)
{
	struct http_resp r;
	assert_int_equal(httpc_json(c, method, path, body, &r), 0);
	if (r.status != want)
		fail_msg("%s %s %s: status %ld, want %ld: %.600s", method, path, body ? body : "", r.status, want,
			 buf_str(&r.body));
	json_t *j = r.json ? json_incref(r.json) : json_object();
	if (record) {
		buf_add(record, r.headers.data, r.headers.len);
		buf_add(record, r.body.data, r.body.len);
	}
	http_resp_free(&r);
	return j;
}

void call_err(struct httpc *c, const char *method, const char *path, const char *body, long status, const char *code,
	      const char *field)
{
	json_t *j = call(c, method, path, body, status);
	json_t *e = json_object_get(j, "error");
	const char *got = json_string_value(json_object_get(e, "code"));
	const char *gf = json_string_value(json_object_get(e, "field"));
	if (code && (!got || strcmp(got, code) != 0))
		fail_msg("%s %s %s: code %s, want %s", method, path, body ? body : "", got ? got : "(none)", code);
	if (field && (!gf || strcmp(gf, field) != 0))
		fail_msg("%s %s %s: field %s, want %s", method, path, body ? body : "", gf ? gf : "(none)", field);
	if (!json_string_value(json_object_get(e, "message")))
		fail_msg("%s %s: error without message", method, path);
	json_decref(j);
}

void call_empty(struct httpc *c, const char *method, const char *path, const char *body, long want)
{
	struct http_resp r;
	assert_int_equal(httpc_json(c, method, path, body, &r), 0);
	if (r.status != want)
		fail_msg("%s %s: status %ld, want %ld: %.400s", method, path, r.status, want, buf_str(&r.body));
	assert_int_equal(r.body.len, 0);
	http_resp_free(&r);
}

int64_t jint(const json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_integer(v))
		fail_msg("member %s is not an integer", k);
	return json_integer_value(v);
}

const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	if (!s)
		fail_msg("member %s is not a string", k);
	return s;
}

void api_record(struct buf *sink)
{
	record = sink;
}
