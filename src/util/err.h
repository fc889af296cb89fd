#ifndef KLUIS_UTIL_ERR_H
#define KLUIS_UTIL_ERR_H

/* The one error enum of the project. Functions return 0 (K_OK) or a negative
 * K_E* value. */
enum kerr {
	K_OK = 0,
	K_ENOMEM = -1,    /* allocation failed */
	K_EINVAL = -2,    /* bad input */
	K_ENOTFOUND = -3, /* no such object (or not visible to the actor) */
	K_EDENIED = -4,   /* actor lacks the right */
	K_ECONFLICT = -5, /* unique constraint, state conflict */
	K_ETOOBIG = -6,   /* over a hard limit */
	K_EDB = -7,       /* database error */
	K_EIO = -8,       /* file or network error */
	K_EAUTH = -9,     /* authentication failed */
	K_ELIMIT = -10,   /* rate limited */
	K_ETOTP_REQUIRED = -11,
	K_ETOTP_INVALID = -12,
	K_EWEAK = -13,    /* password policy */
	K_EBUSY = -14,    /* database busy / try again */
};

/* kerr_str: short English name for an error code, never NULL. */
const char *kerr_str(int err);

#endif

#ifndef KLUIS_UTIL_KFAIL
#define KLUIS_UTIL_KFAIL
/* Detail of a refused operation, for the API error body and inline form
 * errors: a snake_case code, the offending field (may be empty) and a Dutch
 * message for people. */
struct kfail {
	const char *code;
	char field[64];
	char message[256];
};
/* kfail_set: fill f (if not NULL); returns err for one-line returns. */
int kfail_set(struct kfail *f, int err, const char *code, const char *field, const char *message);
#endif
