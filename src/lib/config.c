// SPDX-License-Identifier: MIT
// Configuration loader: one table of keys drives defaults, INI and env.
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

#ifndef LOKET_SOURCE_DIR
#define LOKET_SOURCE_DIR "."
#endif

struct config g_cfg;

enum key_type { K_STR, K_INT, K_LONG, K_BOOL, K__MAX };

struct key {
	const char *section;
	const char *name;
	enum key_type type;
	size_t off;
	const char *def;
	int secret;
	long min, max;           /* K_INT, K_LONG: the values taken (max 0: no bound) */
};

#define S(sec, n, d) { sec, #n, K_STR, offsetof(struct config, n), d, 0, 0, 0 }
#define P(sec, n, d) { sec, #n, K_STR, offsetof(struct config, n), d, 1, 0, 0 }
#define I(sec, n, d) { sec, #n, K_INT, offsetof(struct config, n), d, 0, 0, 100000 }
#define L(sec, n, d) { sec, #n, K_LONG, offsetof(struct config, n), d, 0, 0, 0 }
/* a long with bounds: where 0 makes no sense, or a large value overflows
 * (seconds become milliseconds, libmicrohttpd takes an unsigned int) */
#define LR(sec, n, d, lo, hi) { sec, #n, K_LONG, offsetof(struct config, n), d, 0, lo, hi }
#define B(sec, n, d) { sec, #n, K_BOOL, offsetof(struct config, n), d, 0, 0, 0 }

static const struct key keys[] = {
	S("app", app_name, "LOKET"),
	S("app", app_tagline, "Layanan Online Administrasi Kependudukan"),
	S("app", office_name, "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Pekalongan"),
	S("app", regency_code, "33.26"),
	S("app", base_url, ""),
	S("app", support_phone, ""),
	S("server", listen, "127.0.0.1:8080"),
	S("server", data_dir, "var"),
	P("server", database_url, ""),
	S("server", files_dir, ""),
	S("server", catalog_dir, LOKET_SOURCE_DIR "/catalog"),
	S("server", templates_dir, LOKET_SOURCE_DIR "/templates"),
	S("server", static_dir, LOKET_SOURCE_DIR "/static"),
	S("server", bootstrap_dir, "/usr/share/javascript/bootstrap5"),
	S("server", icons_dir, "/usr/share/bootstrap-icons/svg"),
	S("server", chartjs_dir, "/usr/share/javascript/chart.js"),
	I("server", threads, "4"),
	B("server", secure_cookies, "0"),
	B("server", trust_proxy, "0"),
	S("server", totp_key_file, ""),
	L("limits", max_body, "1048576"),
	L("limits", max_header, "16384"),
	L("limits", max_fields, "100"),
	L("limits", max_field_len, "131072"),
	LR("limits", max_conns, "4096", 1, 1000000),
	LR("limits", max_conns_per_ip, "64", 0, 1000000),
	LR("limits", header_timeout, "20", 1, 86400),
	LR("limits", body_min_rate, "1024", 1, 1000000000),
	LR("limits", body_grace, "10", 1, 86400),
	LR("limits", idle_timeout, "30", 1, 86400),
	L("limits", session_idle, "7200"),
	L("limits", session_max, "43200"),
	L("limits", captcha_ttl, "900"),
	L("limits", activation_ttl, "604800"),
	L("limits", activation_tries, "5"),
	L("limits", reset_ttl, "3600"),
	L("limits", code_ttl, "900"),
	L("limits", code_tries, "5"),
	L("limits", login_max_account, "5"),
	L("limits", login_max_ip, "30"),
	L("limits", login_window, "900"),
	L("limits", login_lockout, "900"),
	LR("limits", login_free, "3", 0, 1000000),
	LR("limits", login_step_up, "10", 1, 1000000),
	LR("limits", public_max_ip, "10", 1, 1000000000),
	LR("limits", public_max_nik, "5", 1, 1000000),
	LR("limits", public_window, "3600", 1, 86400 * 30),
	LR("limits", send_max_hour, "3", 1, 1000),
	LR("limits", chat_max_hour, "30", 1, 100000),
	L("limits", page_size, "20"),
	L("limits", upload_max, "10485760"),
	LR("limits", min_free_mb, "100", 0, 100000000),
	LR("limits", body_disk_max, "2147483648", 1048576, 0),
	L("limits", upload_max_pixels, "40000000"),
	B("limits", upload_pdf, "0"),
	L("limits", chat_max, "2000"),
	L("limits", chat_notify_window, "900"),
	S("tte", tte_signer, "local"),
	S("tte", tte_dir, ""),
	S("tte", tte_jabatan, "Kepala Dinas Kependudukan dan Pencatatan Sipil"),
	L("tte", tte_download_days, "7"),
	S("tte", bsre_url, ""),
	S("tte", bsre_user, ""),
	P("tte", bsre_password, ""),
	S("tte", bsre_nik, ""),
	S("notify", whatsapp_transport, "log"),
	S("notify", email_transport, "log"),
	S("notify", whatsapp_url, ""),
	P("notify", whatsapp_token, ""),
	S("notify", whatsapp_format, "fonnte"),
	S("notify", smtp_url, ""),
	S("notify", smtp_user, ""),
	P("notify", smtp_password, ""),
	S("notify", smtp_from, "loket@localhost"),
	L("notify", notify_max_attempts, "8"),
};

#define NKEYS (sizeof keys / sizeof keys[0])

static int set_key(struct config *cfg, const struct key *k, const char *v)
{
	void *p = (char *)cfg + k->off;
	char *end;
	long n;

	switch (k->type) {
	case K_STR: {
		char *s = strdup(v);

		if (!s)
			fatal("out of memory");
		free(*(char **)p);
		*(char **)p = s;
		return 0;
	}
	case K_BOOL:
		if (!strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on"))
			n = 1;
		else if (!strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off"))
			n = 0;
		else
			return -1;
		*(int *)p = (int)n;
		return 0;
	case K_INT:
	case K_LONG:
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || end == v || *end || n < k->min || (k->max && n > k->max))
			return -1;
		if (k->type == K_INT) {
			*(int *)p = (int)n;
		} else {
			*(long *)p = n;
		}
		return 0;
	default:
		return -1;
	}
}

/* What k takes, for the message that refuses a bad value. */
static const char *rule_of(const struct key *k, char *out, size_t len)
{
	if (k->type == K_BOOL)
		snprintf(out, len, "must be 0 or 1 (or no/yes, false/true, off/on)");
	else if (k->max)
		snprintf(out, len, "must be a whole number from %ld to %ld", k->min, k->max);
	else
		snprintf(out, len, "must be a whole number of at least %ld", k->min);
	return out;
}

static const struct key *find_key(const char *section, const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].name, name) && (!section || !strcmp(keys[i].section, section)))
			return &keys[i];
	return NULL;
}

int config_set(struct config *cfg, const char *key, const char *value)
{
	const struct key *k = find_key(NULL, key);

	return k ? set_key(cfg, k, value) : -1;
}

struct ini_state {
	struct config *cfg;
	char *err;
};

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
	struct ini_state *st = user;
	const struct key *k = find_key(section, name);
	char rule[80];

	if (!k) {
		if (!st->err && asprintf(&st->err, "unknown setting [%s] %s", section, name) < 0)
			st->err = NULL;
		return 0;
	}
	if (set_key(st->cfg, k, value) < 0) {
		if (!st->err && asprintf(&st->err, "invalid setting [%s] %s: %s", section, name,
					 rule_of(k, rule, sizeof rule)) < 0)
			st->err = NULL;
		return 0;
	}
	return 1;
}

int config_load(struct config *cfg, const char *path, char **err)
{
	struct ini_state st = { cfg, NULL };
	size_t i;

	*err = NULL;
	memset(cfg, 0, sizeof *cfg);
	for (i = 0; i < NKEYS; i++)
		if (set_key(cfg, &keys[i], keys[i].def) < 0)
			fatal("bad default for %s", keys[i].name);

	if (!path && access("loket.ini", R_OK) == 0)
		path = "loket.ini";
	if (path) {
		int rc = ini_parse(path, on_ini, &st);

		if (rc < 0 || st.err) {
			if (st.err)
				*err = st.err;
			else if (asprintf(err, "cannot read %s", path) < 0)
				*err = NULL;
			return -1;
		}
		if (rc > 0) {
			if (asprintf(err, "%s: syntax error on line %d", path, rc) < 0)
				*err = NULL;
			return -1;
		}
	}
	for (i = 0; i < NKEYS; i++) {
		char env[64];
		const char *v;
		size_t j;

		snprintf(env, sizeof env, "LOKET_%s", keys[i].name);
		for (j = 6; env[j]; j++)
			env[j] = (char)toupper((unsigned char)env[j]);
		v = getenv(env);
		if (v && set_key(cfg, &keys[i], v) < 0) {
			char rule[80];

			if (asprintf(err, "invalid value in %s: %s", env, rule_of(&keys[i], rule, sizeof rule)) < 0)
				*err = NULL;
			return -1;
		}
	}
	/* libmicrohttpd splits the cap among the threads: each needs one */
	if (cfg->max_conns < cfg->threads) {
		if (asprintf(err, "max_conns (%ld) must be at least threads (%d)", cfg->max_conns, cfg->threads) < 0)
			*err = NULL;
		return -1;
	}
	/* links must not end in a slash: paths are appended with one */
	for (i = strlen(cfg->base_url); i > 0 && cfg->base_url[i - 1] == '/'; i--)
		cfg->base_url[i - 1] = '\0';
	return 0;
}

int config_base_url_from_listen(struct config *cfg)
{
	const char *colon = strrchr(cfg->listen, ':'), *port = colon ? colon + 1 : "8080";
	size_t hlen = colon ? (size_t)(colon - cfg->listen) : strlen(cfg->listen);
	char *url;
	int rc;

	if (*cfg->base_url)
		return 0;
	/* a wildcard address is nothing to link to: this machine's loopback */
	if (!hlen || !strncmp(cfg->listen, "0.0.0.0", hlen) || !strncmp(cfg->listen, "*", hlen))
		rc = asprintf(&url, "http://127.0.0.1:%s", port);
	else
		rc = asprintf(&url, "http://%.*s:%s", (int)hlen, cfg->listen, port);
	if (rc < 0)
		return -1;
	free(cfg->base_url);
	cfg->base_url = url;
	return 1;
}

void config_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].type == K_STR)
			free(*(char **)((char *)cfg + keys[i].off));
	memset(cfg, 0, sizeof *cfg);
}

void config_dump(const struct config *cfg, FILE *f)
{
	const char *section = "";
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		const struct key *k = &keys[i];
		const void *p = (const char *)cfg + k->off;

		if (strcmp(section, k->section)) {
			section = k->section;
			fprintf(f, "%s[%s]\n", i ? "\n" : "", section);
		}
		switch (k->type) {
		case K_STR:
			fprintf(f, "%s = %s\n", k->name,
				k->secret && **(char *const *)p ? "********" : *(char *const *)p);
			break;
		case K_INT:
		case K_BOOL:
			fprintf(f, "%s = %d\n", k->name, *(const int *)p);
			break;
		default:
			fprintf(f, "%s = %ld\n", k->name, *(const long *)p);
		}
	}
}
