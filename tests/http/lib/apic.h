#ifndef KLUIS_TESTS_APIC_H
#define KLUIS_TESTS_APIC_H
/* JSON API calls for the HTTP tests: requests that assert their status and
 * error shape, JSON bodies built inline (J), paths printed into rotating
 * buffers (pathf) and typed member access that fails the test on a missing
 * member. Used by the staff API tests (staffc.h) and the vault tests
 * (vaultc.h). */
#include <jansson.h>
#include <stdint.h>
#include "httpc.h"
#include "util/buf.h"

/* pathf: printf into one of 8 rotating buffers (1 KiB each); a result stays
 * valid for the next 7 calls. */
const char *pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* J: the JSON value j (stolen) as compact text in one of 4 rotating buffers
 * (8 KiB each). */
const char *J(json_t *j);
/* call: one JSON request (body NULL = none) whose status must be want, else
 * the test fails with the body; returns the parsed body, or an empty object
 * when there is none (never NULL; decref it). */
json_t *call(struct httpc *c, const char *method, const char *path, const char *body, long want);
/* call_err: call with status, and the answer is an error with code and field
 * (each NULL = any) that carries a message. */
void call_err(struct httpc *c, const char *method, const char *path, const char *body, long status, const char *code,
	      const char *field);
/* call_empty: the request is answered with status want and an empty body. */
void call_empty(struct httpc *c, const char *method, const char *path, const char *body, long want);
/* jint, jstr: member k of o, which must be an integer / a string (else the
 * test fails); the string belongs to o. */
int64_t jint(const json_t *o, const char *k);
const char *jstr(const json_t *o, const char *k);
/* api_record: from now on the headers and body of every answer call() gets
 * are appended to sink as well (NULL = stop); for tests that search all that
 * the server said. */
void api_record(struct buf *sink);

#endif
