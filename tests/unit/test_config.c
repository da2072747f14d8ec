// SPDX-License-Identifier: MIT
// Unit tests of configuration: defaults, loket.ini, LOKET_* overrides, errors.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/config.h"

static char path[64];

static void write_ini(const char *text)
{
	FILE *f;

	snprintf(path, sizeof path, "/tmp/loket-ini-XXXXXX");
	close(mkstemp(path));
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static void test_defaults(void **st)
{
	struct config c;
	char *err = NULL;

	(void)st;
	unsetenv("LOKET_LISTEN");
	assert_int_equal(config_load(&c, "/dev/null", &err), 0);
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_string_equal(c.data_dir, "var");
	assert_string_equal(c.regency_code, "33.26");
	assert_int_equal(c.activation_ttl, 7 * 24 * 3600);
	assert_int_equal(c.reset_ttl, 3600);
	assert_int_equal(c.code_ttl, 900);
	assert_int_equal(c.code_tries, 5);
	assert_string_equal(c.whatsapp_transport, "log");
	config_free(&c);
}

static void test_ini_then_env(void **st)
{
	struct config c;
	char *err = NULL;

	(void)st;
	write_ini("[app]\noffice_name = Dinas Kependudukan dan Pencatatan Sipil Kota Pekalongan\n"
		  "base_url = https://loket.example.go.id/\n[server]\nlisten = 0.0.0.0:9000\nthreads = 8\n"
		  "secure_cookies = yes\n[limits]\nactivation_ttl = 60\n");
	setenv("LOKET_LISTEN", "127.0.0.1:9999", 1);
	setenv("LOKET_DATA_DIR", "/srv/loket", 1);
	assert_int_equal(config_load(&c, path, &err), 0);
	assert_string_equal(c.office_name, "Dinas Kependudukan dan Pencatatan Sipil Kota Pekalongan");
	assert_string_equal(c.base_url, "https://loket.example.go.id");   /* trailing slash dropped */
	assert_string_equal(c.listen, "127.0.0.1:9999");                  /* env wins */
	assert_string_equal(c.data_dir, "/srv/loket");
	assert_int_equal(c.threads, 8);
	assert_int_equal(c.secure_cookies, 1);
	assert_int_equal(c.activation_ttl, 60);
	unsetenv("LOKET_LISTEN");
	unsetenv("LOKET_DATA_DIR");
	config_free(&c);
	unlink(path);
}

static void test_bad_unknown_key(void **st)
{
	struct config c;
	char *err = NULL;

	(void)st;
	write_ini("[server]\nlistne = 1\n");
	assert_int_equal(config_load(&c, path, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "listne"));
	free(err);
	config_free(&c);
	unlink(path);
}

static void test_bad_number(void **st)
{
	struct config c;
	char *err = NULL;

	(void)st;
	write_ini("[limits]\nmax_body = lots\n");
	assert_int_equal(config_load(&c, path, &err), -1);
	free(err);
	config_free(&c);
	unlink(path);
	setenv("LOKET_THREADS", "-1", 1);
	err = NULL;
	assert_int_equal(config_load(&c, "/dev/null", &err), -1);
	assert_non_null(strstr(err, "LOKET_THREADS"));
	free(err);
	unsetenv("LOKET_THREADS");
	config_free(&c);
}

static void test_connection_limits_default(void **st)
{
	struct config c;
	char *err = NULL;

	(void)st;
	assert_int_equal(config_load(&c, "/dev/null", &err), 0);
	assert_int_equal(c.max_conns, 4096);
	assert_int_equal(c.max_conns_per_ip, 64);
	assert_int_equal(c.header_timeout, 20);
	assert_int_equal(c.body_min_rate, 1024);
	assert_int_equal(c.body_grace, 10);
	assert_int_equal(c.idle_timeout, 30);
	config_free(&c);
}

/* Loads with one environment variable set; the error (caller frees) or NULL. */
static char *env_error(const char *name, const char *value)
{
	struct config c;
	char *err = NULL;

	setenv(name, value, 1);
	if (config_load(&c, "/dev/null", &err) == 0)
		assert_null(err);
	unsetenv(name);
	config_free(&c);
	return err;
}

static void test_bad_connection_limits(void **st)
{
	static const char *const bad[][2] = {
		{ "LOKET_HEADER_TIMEOUT", "0" }, { "LOKET_BODY_MIN_RATE", "0" }, { "LOKET_BODY_GRACE", "0" },
		{ "LOKET_IDLE_TIMEOUT", "0" }, { "LOKET_MAX_CONNS", "0" }, { "LOKET_MAX_CONNS_PER_IP", "-1" },
		{ "LOKET_HEADER_TIMEOUT", "-5" }, { "LOKET_MAX_CONNS", "banyak" },
		{ "LOKET_HEADER_TIMEOUT", "99999999999999999" }, { "LOKET_MAX_CONNS_PER_IP", "5000000000" },
	};
	size_t i;

	(void)st;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *err = env_error(bad[i][0], bad[i][1]);

		assert_non_null(err);
		assert_non_null(strstr(err, bad[i][0]));
		assert_non_null(strstr(err, "must be a whole number from "));
		free(err);
	}
	/* no per-address cap (behind a proxy) */
	assert_null(env_error("LOKET_MAX_CONNS_PER_IP", "0"));
}

/* The limits against abuse take no 0 where a limit of nothing makes no
 * sense; login_free 0 means a wait after the first failure. */
static void test_bad_abuse_limits(void **st)
{
	static const char *const bad[][2] = {
		{ "LOKET_LOGIN_STEP_UP", "0" }, { "LOKET_PUBLIC_MAX_IP", "0" }, { "LOKET_PUBLIC_MAX_NIK", "0" },
		{ "LOKET_PUBLIC_WINDOW", "0" }, { "LOKET_SEND_MAX_HOUR", "0" }, { "LOKET_CHAT_MAX_HOUR", "0" },
		{ "LOKET_LOGIN_FREE", "-1" }, { "LOKET_SEND_MAX_HOUR", "lima" },
	};
	size_t i;

	(void)st;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *err = env_error(bad[i][0], bad[i][1]);

		assert_non_null(err);
		assert_non_null(strstr(err, bad[i][0]));
		free(err);
	}
	assert_null(env_error("LOKET_LOGIN_FREE", "0"));
	assert_null(env_error("LOKET_CHAT_MAX_HOUR", "60"));
}

/* Loads an INI file of text that must be refused; the error (caller frees). */
static char *ini_error(const char *text)
{
	struct config c;
	char *err = NULL;

	write_ini(text);
	assert_int_equal(config_load(&c, path, &err), -1);
	assert_non_null(err);
	config_free(&c);
	unlink(path);
	return err;
}

static void test_bad_connection_limit_in_ini(void **st)
{
	char *err = ini_error("[limits]\nheader_timeout = 0\n");

	(void)st;
	assert_non_null(strstr(err, "[limits] header_timeout: must be a whole number from 1 to 86400"));
	free(err);
}

static void test_bad_max_conns_below_threads(void **st)
{
	char *err = ini_error("[server]\nthreads = 8\n[limits]\nmax_conns = 4\n");

	(void)st;
	assert_non_null(strstr(err, "max_conns (4) must be at least threads (8)"));
	free(err);
}

static void test_missing_file(void **st)
{
	struct config c;
	char *err = NULL;

	(void)st;
	assert_int_equal(config_load(&c, "/nonexistent/loket.ini", &err), -1);
	assert_non_null(err);
	free(err);
	config_free(&c);
}

/* Unset, base_url follows the listen address (links work on the first run
 * of `make run LISTEN=...`); set, it is kept as given. */
static void test_base_url_follows_listen(void **st)
{
	static const char *const cases[][2] = {
		{ "127.0.0.1:18180", "http://127.0.0.1:18180" },
		{ "10.1.2.3:9000", "http://10.1.2.3:9000" },
		{ "0.0.0.0:9001", "http://127.0.0.1:9001" },
		{ ":9002", "http://127.0.0.1:9002" },
		{ "*:9003", "http://127.0.0.1:9003" },
		{ "localhost:9004", "http://localhost:9004" },
	};
	struct config c;
	char *err = NULL;
	size_t i;

	(void)st;
	unsetenv("LOKET_BASE_URL");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(config_load(&c, "/dev/null", &err), 0);
		assert_string_equal(c.base_url, "");
		assert_int_equal(config_set(&c, "listen", cases[i][0]), 0);
		assert_int_equal(config_base_url_from_listen(&c), 1);
		assert_string_equal(c.base_url, cases[i][1]);
		config_free(&c);
	}
	setenv("LOKET_BASE_URL", "https://loket.example.go.id/", 1);
	assert_int_equal(config_load(&c, "/dev/null", &err), 0);
	assert_int_equal(config_set(&c, "listen", "127.0.0.1:18180"), 0);
	assert_int_equal(config_base_url_from_listen(&c), 0);
	assert_string_equal(c.base_url, "https://loket.example.go.id");
	unsetenv("LOKET_BASE_URL");
	config_free(&c);
}

static void test_set_and_dump_masks_secrets(void **st)
{
	struct config c;
	char *err = NULL, buf[8192] = "";
	FILE *f;

	(void)st;
	assert_int_equal(config_load(&c, "/dev/null", &err), 0);
	assert_int_equal(config_set(&c, "smtp_password", "rahasia-sekali"), 0);
	assert_int_equal(config_set(&c, "no_such_key", "x"), -1);
	f = fmemopen(buf, sizeof buf - 1, "w");
	config_dump(&c, f);
	fclose(f);
	assert_null(strstr(buf, "rahasia-sekali"));
	assert_non_null(strstr(buf, "smtp_password = ********"));
	assert_non_null(strstr(buf, "[notify]"));
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_ini_then_env),
		cmocka_unit_test(test_bad_unknown_key),
		cmocka_unit_test(test_bad_number),
		cmocka_unit_test(test_connection_limits_default),
		cmocka_unit_test(test_bad_connection_limits),
		cmocka_unit_test(test_bad_abuse_limits),
		cmocka_unit_test(test_bad_connection_limit_in_ini),
		cmocka_unit_test(test_bad_max_conns_below_threads),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_base_url_follows_listen),
		cmocka_unit_test(test_set_and_dump_masks_secrets),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
