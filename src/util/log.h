#ifndef KLUIS_UTIL_LOG_H
#define KLUIS_UTIL_LOG_H

/* Structured log lines on stderr: "ts level msg key=value ...". Never pass
 * personal data or secrets. Thread-safe (one write() per line). */
enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level lvl);
/* log_set_quiet: suppress everything below ERROR (tests). */
void log_set_quiet(int quiet);
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* log_parse_level: "debug"|"info"|"warn"|"error" → level; -1 if unknown. */
int log_parse_level(const char *s);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
