#ifndef KLUIS_UTIL_CONFIG_H
#define KLUIS_UTIL_CONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_STR_MAX 512

/* All settings of one kluis process. Filled from defaults, then kluis.conf,
 * then KLUIS_* environment, then command-line flags (each later one wins).
 * Every key is declared once in config.c's table with type, default and
 * bounds; unknown keys and bad values are errors that name the key. */
struct config {
	char data_dir[CONFIG_STR_MAX];
	char listen[CONFIG_STR_MAX];
	char public_url[CONFIG_STR_MAX];
	char database_url[CONFIG_STR_MAX];
	char mail_transport[CONFIG_STR_MAX];
	char mail_from[CONFIG_STR_MAX];
	char sms_transport[CONFIG_STR_MAX];
	char sms_api_key[CONFIG_STR_MAX];
	char sms_sender[16];
	char master_key_file[CONFIG_STR_MAX];
	char log_level[16];
	bool test_mode;
	bool demo_mode;
	int64_t clock_offset_seconds;
	int64_t http_threads;
	int64_t http_max_json_bytes;
	int64_t http_max_form_bytes;
	int64_t http_max_body_bytes;
	int64_t http_max_connections;
	int64_t http_timeout_seconds;
	int64_t upload_max_file_bytes;
	int64_t session_idle_seconds;
	int64_t session_absolute_seconds;
	int64_t login_max_failures_account;
	int64_t login_max_failures_ip;
	int64_t password_max_concurrent;
	int64_t worker_interval_ms;
	bool worker_enabled;
};

/* config_defaults: fill cfg with the built-in defaults. */
void config_defaults(struct config *cfg);
/* config_set: set one key ("mail.transport") from its text form. Returns 0, or
 * -1 with a message naming the key in err (unknown key, bad value, out of
 * bounds). */
int config_set(struct config *cfg, const char *key, const char *value, char *err, size_t errlen);
/* config_parse: parse kluis.conf text ("key = value", '#' comments, blank
 * lines). name is used in messages ("kluis.conf:3: ..."). 0 or -1 + err. */
int config_parse(struct config *cfg, const char *name, const char *text, size_t len, char *err, size_t errlen);
/* config_load_file: read and parse a file (at most 64 KiB). */
int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen);
/* config_load_env: apply every KLUIS_<KEY> variable of envp (NULL-terminated);
 * an unknown KLUIS_ variable is an error. */
int config_load_env(struct config *cfg, char **envp, char *err, size_t errlen);
/* config_check: cross-key rules (clock.offset_seconds needs test_mode). */
int config_check(const struct config *cfg, char *err, size_t errlen);
/* config_is_https: public_url starts with https:// */
bool config_is_https(const struct config *cfg);

#endif
