#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/config.h"
#include "util/log.h"

enum ctype { C_STR, C_INT, C_BOOL };

struct centry {
	const char *key;
	enum ctype type;
	size_t off;
	size_t size;      /* for strings */
	const char *def;
	int64_t min, max; /* for ints */
};

#define S(k, f, d) {k, C_STR, offsetof(struct config, f), sizeof(((struct config *)0)->f), d, 0, 0}
#define I(k, f, d, lo, hi) {k, C_INT, offsetof(struct config, f), 0, d, lo, hi}
#define B(k, f, d) {k, C_BOOL, offsetof(struct config, f), 0, d, 0, 0}

static const struct centry table[] = {
	S("data_dir", data_dir, "./var"),
	S("listen", listen, "127.0.0.1:8080"),
	S("public_url", public_url, "http://127.0.0.1:8080"),
	S("database_url", database_url, ""),
	S("mail.transport", mail_transport, ""),
	S("mail.from", mail_from, "Kluis <kluis@localhost>"),
	S("sms.transport", sms_transport, ""),
	S("sms.api_key", sms_api_key, ""),
	S("sms.sender", sms_sender, "Kluis"),
	S("master_key_file", master_key_file, ""),
	S("log.level", log_level, "info"),
	B("test_mode", test_mode, "false"),
	B("demo_mode", demo_mode, "false"),
	I("clock.offset_seconds", clock_offset_seconds, "0", 0, 20LL * 365 * 86400),
	I("http.threads", http_threads, "6", 1, 64),
	I("http.max_json_bytes", http_max_json_bytes, "1048576", 1024, 16777216),
	I("http.max_form_bytes", http_max_form_bytes, "65536", 1024, 16777216),
	I("http.max_body_bytes", http_max_body_bytes, "104857600", 1024, 1073741824),
	I("http.max_connections", http_max_connections, "1024", 16, 65536),
	I("http.timeout_seconds", http_timeout_seconds, "60", 1, 3600),
	I("upload.max_file_bytes", upload_max_file_bytes, "26214400", 1024, 1073741824),
	I("session.idle_seconds", session_idle_seconds, "1800", 60, 86400),
	I("session.absolute_seconds", session_absolute_seconds, "43200", 300, 604800),
	I("login.max_failures_account", login_max_failures_account, "100", 1, 100),
	I("login.max_failures_ip", login_max_failures_ip, "300", 1, 100000),
	I("password.max_concurrent", password_max_concurrent, "2", 1, 64),
	I("worker.interval_ms", worker_interval_ms, "500", 10, 60000),
	B("worker.enabled", worker_enabled, "true"),
};

#define NTABLE (sizeof table / sizeof table[0])

static const struct centry *find(const char *key)
{
	for (size_t i = 0; i < NTABLE; i++)
		if (strcmp(table[i].key, key) == 0)
			return &table[i];
	return NULL;
}

static int apply(struct config *cfg, const struct centry *e, const char *value, char *err, size_t errlen)
{
	char *base = (char *)cfg + e->off;
	switch (e->type) {
	case C_STR: {
		size_t l = strlen(value);
		if (l >= e->size) {
			snprintf(err, errlen, "%s: value too long (max %zu)", e->key, e->size - 1);
			return -1;
		}
		for (size_t i = 0; i < l; i++)
			if ((unsigned char)value[i] < 0x20) {
				snprintf(err, errlen, "%s: control character in value", e->key);
				return -1;
			}
		memcpy(base, value, l + 1);
		return 0;
	}
	case C_INT: {
		char *end = NULL;
		errno = 0;
		long long v = strtoll(value, &end, 10);
		if (errno || end == value || *end != '\0') {
			snprintf(err, errlen, "%s: not an integer: '%.64s'", e->key, value);
			return -1;
		}
		if (v < e->min || v > e->max) {
			snprintf(err, errlen, "%s: %lld out of range %lld..%lld", e->key, v,
				 (long long)e->min, (long long)e->max);
			return -1;
		}
		*(int64_t *)(void *)base = v;
		return 0;
	}
	case C_BOOL:
		if (strcmp(value, "true") == 0 || strcmp(value, "1") == 0 || strcmp(value, "yes") == 0)
			*(bool *)base = true;
		else if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0 || strcmp(value, "no") == 0)
			*(bool *)base = false;
		else {
			snprintf(err, errlen, "%s: not a boolean (true/false): '%.64s'", e->key, value);
			return -1;
		}
		return 0;
	}
	return -1;
}

void config_defaults(struct config *cfg)
{
	char err[64];
	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < NTABLE; i++)
		apply(cfg, &table[i], table[i].def, err, sizeof err);
}

int config_set(struct config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
	const struct centry *e = find(key);
	if (!e) {
		snprintf(err, errlen, "unknown configuration key '%.64s'", key);
		return -1;
	}
	return apply(cfg, e, value, err, errlen);
}

static char *trim(char *s, char *end)
{
	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

int config_parse(struct config *cfg, const char *name, const char *text, size_t len, char *err, size_t errlen)
{
	char line[1024];
	size_t pos = 0;
	int lineno = 0;
	while (pos < len) {
		size_t e = pos;
		while (e < len && text[e] != '\n')
			e++;
		lineno++;
		size_t l = e - pos;
		if (l >= sizeof line) {
			snprintf(err, errlen, "%s:%d: line too long", name, lineno);
			return -1;
		}
		memcpy(line, text + pos, l);
		line[l] = '\0';
		pos = e + 1;
		if (memchr(line, '\0', l)) {
			snprintf(err, errlen, "%s:%d: NUL byte", name, lineno);
			return -1;
		}
		char *s = trim(line, line + l);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected 'key = value'", name, lineno);
			return -1;
		}
		char *key = trim(s, eq);
		char *val = trim(eq + 1, eq + 1 + strlen(eq + 1));
		if (strlen(val) >= 2 && val[0] == '"' && val[strlen(val) - 1] == '"') {
			val[strlen(val) - 1] = '\0';
			val++;
		}
		char sub[512];
		if (config_set(cfg, key, val, sub, sizeof sub) != 0) {
			snprintf(err, errlen, "%s:%d: %s", name, lineno, sub);
			return -1;
		}
	}
	return 0;
}

int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char text[65537];
	size_t n = fread(text, 1, sizeof text, f);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "%s: read error", path);
		return -1;
	}
	if (n > 65536) {
		snprintf(err, errlen, "%s: file larger than 64 KiB", path);
		return -1;
	}
	return config_parse(cfg, path, text, n, err, errlen);
}

/* env name of a key: "mail.transport" -> "KLUIS_MAIL_TRANSPORT" */
static void env_name(const char *key, char *out, size_t outlen)
{
	size_t o = (size_t)snprintf(out, outlen, "KLUIS_");
	for (; *key && o + 1 < outlen; key++)
		out[o++] = (*key == '.') ? '_' : (char)toupper((unsigned char)*key);
	out[o] = '\0';
}

int config_load_env(struct config *cfg, char **envp, char *err, size_t errlen)
{
	for (char **e = envp; e && *e; e++) {
		if (strncmp(*e, "KLUIS_", 6) != 0)
			continue;
		const char *eq = strchr(*e, '=');
		if (!eq)
			continue;
		size_t nl = (size_t)(eq - *e);
		const struct centry *hit = NULL;
		for (size_t i = 0; i < NTABLE && !hit; i++) {
			char name[128];
			env_name(table[i].key, name, sizeof name);
			if (strlen(name) == nl && strncmp(name, *e, nl) == 0)
				hit = &table[i];
		}
		if (!hit) {
			snprintf(err, errlen, "unknown configuration variable '%.*s'", (int)(nl > 64 ? 64 : nl), *e);
			return -1;
		}
		if (apply(cfg, hit, eq + 1, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int config_check(const struct config *cfg, char *err, size_t errlen)
{
	if (cfg->clock_offset_seconds != 0 && !cfg->test_mode) {
		snprintf(err, errlen, "clock.offset_seconds: only allowed with test_mode = true");
		return -1;
	}
	const char *colon = strrchr(cfg->listen, ':');
	char *end = NULL;
	long port = colon ? strtol(colon + 1, &end, 10) : -1;
	if (!colon || colon == cfg->listen || end == colon + 1 || *end != '\0' || port < 0 || port > 65535) {
		snprintf(err, errlen, "listen: expected HOST:PORT, got '%.64s'", cfg->listen);
		return -1;
	}
	if (strncmp(cfg->public_url, "http://", 7) != 0 && strncmp(cfg->public_url, "https://", 8) != 0) {
		snprintf(err, errlen, "public_url: must start with http:// or https://");
		return -1;
	}
	if (cfg->database_url[0] && strncmp(cfg->database_url, "sqlite:", 7) != 0) {
		snprintf(err, errlen, "database_url: only SQLite ('' or sqlite:PATH) is supported in this build");
		return -1;
	}
	if (log_parse_level(cfg->log_level) < 0) {
		snprintf(err, errlen, "log.level: must be debug, info, warn or error");
		return -1;
	}
	if (cfg->session_idle_seconds > cfg->session_absolute_seconds) {
		snprintf(err, errlen, "session.idle_seconds: larger than session.absolute_seconds");
		return -1;
	}
	return 0;
}

bool config_is_https(const struct config *cfg)
{
	return strncmp(cfg->public_url, "https://", 8) == 0;
}
