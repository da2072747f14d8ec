// SPDX-License-Identifier: MIT
// Unit tests of domain rules that sit on the store: captcha, throttle, roles.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/captcha.h"
#include "domain/csrf.h"
#include "domain/staff.h"
#include "domain/notify.h"
#include "domain/throttle.h"
#include "domain/validate.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "store/db.h"

static char dir[64];

static int setup(void **st)
{
	char *err = NULL;

	(void)st;
	snprintf(dir, sizeof dir, "/tmp/loket-unit-XXXXXX");
	if (!mkdtemp(dir) || secret_init() < 0 || config_load(&g_cfg, "/dev/null", &err) < 0)
		return -1;
	if (db_setup(dir, NULL) < 0 || db_migrate(db_thread(), 0) < 0)
		return -1;
	return 0;
}

static int teardown(void **st)
{
	char cmd[128];

	(void)st;
	db_thread_close();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Solves a question produced by captcha_new. */
static long solve(const char *q)
{
	int a, b;
	char op[16];

	assert_int_equal(sscanf(q, "Berapa %d %15s %d ?", &a, op, &b), 3);
	if (!strcmp(op, "ditambah"))
		return a + b;
	if (!strcmp(op, "dikurangi"))
		return a - b;
	assert_string_equal(op, "dikali");
	return a * b;
}

static void test_captcha_question_shape(void **st)
{
	char id[SECRET_TOKEN_LEN + 1], q[64];
	int i;

	(void)st;
	for (i = 0; i < 50; i++) {
		long v;

		assert_int_equal(captcha_new(db_thread(), "s1", id, q), 0);
		assert_int_equal(strncmp(q, "Berapa ", 7), 0);
		assert_non_null(strstr(q, " ?"));
		v = solve(q);
		assert_true(v >= 0 && v <= 81);
	}
}

static void test_captcha_right_answer_once(void **st)
{
	char id[SECRET_TOKEN_LEN + 1], q[64], ans[32];

	(void)st;
	assert_int_equal(captcha_new(db_thread(), "sess-a", id, q), 0);
	snprintf(ans, sizeof ans, " %ld ", solve(q));
	assert_int_equal(captcha_check(db_thread(), id, "sess-a", ans), CAPTCHA_OK);
	/* single use: the same id and answer again is refused */
	assert_int_equal(captcha_check(db_thread(), id, "sess-a", ans), CAPTCHA_INVALID);
}

static void test_captcha_wrong_answer_consumes(void **st)
{
	char id[SECRET_TOKEN_LEN + 1], q[64], ans[32];

	(void)st;
	assert_int_equal(captcha_new(db_thread(), "sess-b", id, q), 0);
	snprintf(ans, sizeof ans, "%ld", solve(q) + 1);
	assert_int_equal(captcha_check(db_thread(), id, "sess-b", ans), CAPTCHA_WRONG);
	snprintf(ans, sizeof ans, "%ld", solve(q));
	assert_int_equal(captcha_check(db_thread(), id, "sess-b", ans), CAPTCHA_INVALID);
}

static void test_captcha_bad_answers(void **st)
{
	static const char *const bad[] = { "", "abc", "1x", "99999999999999999999", "--1" };
	size_t i;

	(void)st;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char id[SECRET_TOKEN_LEN + 1], q[64];

		assert_int_equal(captcha_new(db_thread(), "sess-c", id, q), 0);
		assert_int_equal(captcha_check(db_thread(), id, "sess-c", bad[i]), CAPTCHA_WRONG);
	}
}

static void test_captcha_bound_to_session(void **st)
{
	char id[SECRET_TOKEN_LEN + 1], q[64], ans[32];

	(void)st;
	assert_int_equal(captcha_new(db_thread(), "owner", id, q), 0);
	snprintf(ans, sizeof ans, "%ld", solve(q));
	assert_int_equal(captcha_check(db_thread(), id, "thief", ans), CAPTCHA_INVALID);
	/* an API captcha (no session) cannot be used by a browser session */
	assert_int_equal(captcha_new(db_thread(), NULL, id, q), 0);
	snprintf(ans, sizeof ans, "%ld", solve(q));
	assert_int_equal(captcha_check(db_thread(), id, "owner", ans), CAPTCHA_INVALID);
	assert_int_equal(captcha_new(db_thread(), NULL, id, q), 0);
	snprintf(ans, sizeof ans, "%ld", solve(q));
	assert_int_equal(captcha_check(db_thread(), id, NULL, ans), CAPTCHA_OK);
}

static void test_captcha_expires(void **st)
{
	char id[SECRET_TOKEN_LEN + 1], q[64], ans[32];
	long ttl = g_cfg.captcha_ttl;

	(void)st;
	g_cfg.captcha_ttl = 0;
	assert_int_equal(captcha_new(db_thread(), "sess-d", id, q), 0);
	g_cfg.captcha_ttl = ttl;
	snprintf(ans, sizeof ans, "%ld", solve(q));
	assert_int_equal(captcha_check(db_thread(), id, "sess-d", ans), CAPTCHA_INVALID);
}

static void test_captcha_unknown_ids(void **st)
{
	(void)st;
	assert_int_equal(captcha_check(db_thread(), NULL, "x", "1"), CAPTCHA_INVALID);
	assert_int_equal(captcha_check(db_thread(), "short", "x", "1"), CAPTCHA_INVALID);
	assert_int_equal(captcha_check(db_thread(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x", "1"),
			 CAPTCHA_INVALID);
	assert_true(strlen(captcha_message(CAPTCHA_WRONG)) > 0);
	assert_true(strlen(captcha_message(CAPTCHA_INVALID)) > 0);
}

static void test_throttle_locks_after_max(void **st)
{
	struct db *db = db_thread();

	(void)st;
	assert_false(throttle_locked(db, "k1"));
	assert_int_equal(throttle_fail(db, "k1", 3, 60, 60), 0);
	assert_int_equal(throttle_fail(db, "k1", 3, 60, 60), 0);
	assert_false(throttle_locked(db, "k1"));
	assert_int_equal(throttle_fail(db, "k1", 3, 60, 60), 1);
	assert_true(throttle_locked(db, "k1"));
	/* other keys are not affected */
	assert_false(throttle_locked(db, "k2"));
	throttle_clear(db, "k1");
	assert_false(throttle_locked(db, "k1"));
}

static void test_throttle_window_restarts(void **st)
{
	struct db *db = db_thread();

	(void)st;
	/* window of 0 s: every failure starts a new window, so never locks */
	assert_int_equal(throttle_fail(db, "k3", 2, 0, 60), 0);
	assert_int_equal(throttle_fail(db, "k3", 2, 0, 60), 0);
	assert_false(throttle_locked(db, "k3"));
}

static void test_throttle_key_not_stored_in_clear(void **st)
{
	struct db *db = db_thread();
	struct db_stmt *s;

	(void)st;
	throttle_fail(db, "login:nik:3326071505900001", 5, 60, 60);
	s = db_query(db, "SELECT COUNT(*) FROM throttle WHERE kunci LIKE '%3326%'", "");
	assert_int_equal(db_next(s), DB_ROW);
	assert_int_equal(db_int(s, 0), 0);
	db_end(s);
}

/* Beyond `free` failures each further one makes the key wait 1 s, then 2,
 * 4, …, never more than the cap; a new window starts over. */
static void test_throttle_delay_grows_to_cap(void **st)
{
	struct db *db = db_thread();
	long waits[7];
	int i;

	(void)st;
	for (i = 0; i < 7; i++) {
		assert_int_equal(throttle_delay(db, "d1", 2, 600, 5), i + 1);
		waits[i] = throttle_wait(db, "d1");
	}
	assert_int_equal(waits[0], 0);
	assert_int_equal(waits[1], 0);
	/* whole seconds, rounded up; the clock may tick between the write and
	 * the read: a second less */
	assert_in_range(waits[2], 1, 2);
	assert_in_range(waits[3], 2, 3);
	assert_in_range(waits[4], 4, 5);
	assert_in_range(waits[5], 5, 6);
	assert_in_range(waits[6], 5, 6);
	assert_int_equal(throttle_count(db, "d1", 600), 7);
	/* a window of 0 s is over at once: the count starts again */
	assert_int_equal(throttle_delay(db, "d1", 2, 0, 5), 1);
	assert_int_equal(throttle_count(db, "d1", 0), 0);
}

static void test_throttle_hit_counts_and_never_waits(void **st)
{
	struct db *db = db_thread();
	int i;

	(void)st;
	for (i = 1; i <= 50; i++)
		assert_int_equal(throttle_hit(db, "h1", 600), i);
	assert_int_equal(throttle_wait(db, "h1"), 0);
	assert_int_equal(throttle_count(db, "h1", 600), 50);
	assert_int_equal(throttle_count(db, "nothing", 600), 0);
}

/* The guard's counters are independent: a pair waits without its account
 * waiting on another address, and the step-up follows the account count. */
static void test_login_guard_pair_address_account(void **st)
{
	struct db *db = db_thread();
	struct login_guard a, b;
	long step = g_cfg.login_step_up, free_ = g_cfg.login_free;
	int i;

	(void)st;
	g_cfg.login_step_up = 4;
	g_cfg.login_free = 1;
	login_guard_init(&a, "pemohon", "3326071505900001", "10.0.0.1");
	login_guard_init(&b, "pemohon", "3326071505900001", "10.0.0.2");
	assert_int_equal(login_guard_wait(db, &a), 0);
	assert_false(login_guard_step_up(db, &a));
	for (i = 0; i < 3; i++)
		login_guard_fail(db, &a);
	assert_true(login_guard_wait(db, &a) > 0);
	assert_int_equal(login_guard_wait(db, &b), 0);
	assert_false(login_guard_step_up(db, &b));
	login_guard_fail(db, &b);
	assert_true(login_guard_step_up(db, &a));
	assert_true(login_guard_step_up(db, &b));
	/* a complete login clears its own pair only */
	login_guard_ok(db, &a);
	assert_int_equal(login_guard_wait(db, &a), 0);
	assert_true(login_guard_step_up(db, &a));
	g_cfg.login_step_up = step;
	g_cfg.login_free = free_;
}

static void test_throttle_sweep_keeps_live_counters(void **st)
{
	struct db *db = db_thread();
	struct db_stmt *s;

	(void)st;
	throttle_hit(db, "s1", 600);
	throttle_sweep(db);
	assert_int_equal(throttle_count(db, "s1", 600), 1);
	assert_int_equal(db_exec(db, "UPDATE throttle SET window_start = 1, locked_until = 0", ""), DB_DONE);
	throttle_sweep(db);
	s = db_query(db, "SELECT COUNT(*) FROM throttle", "");
	assert_int_equal(db_next(s), DB_ROW);
	assert_int_equal(db_int(s, 0), 0);
	db_end(s);
}

static void test_notify_text_masks_secrets(void **st)
{
	const char *body = "Buka https://x/pemohon/reset/" NOTIFY_SECRET("AbC123") " atau kode " NOTIFY_SECRET("123456") ".";
	char *shown = notify_text(body, 1), *sent = notify_text(body, 0), *plain = notify_text("Tanpa rahasia.", 1);
	char *open_end = notify_text("kode " NOTIFY_SECRET_BEGIN "999", 1);

	(void)st;
	assert_string_equal(shown, "Buka https://x/pemohon/reset/" NOTIFY_MASK " atau kode " NOTIFY_MASK ".");
	assert_string_equal(sent, "Buka https://x/pemohon/reset/AbC123 atau kode 123456.");
	assert_string_equal(plain, "Tanpa rahasia.");
	/* a secret never closed is masked to the end, never shown */
	assert_string_equal(open_end, "kode " NOTIFY_MASK);
	free(shown);
	free(sent);
	free(plain);
	free(open_end);
}

static void test_roles(void **st)
{
	char out[64];

	(void)st;
	assert_int_equal(staff_roles_parse("admin"), 1 << ROLE_ADMIN);
	assert_int_equal(staff_roles_parse("verifikator,operator"), (1 << ROLE_VERIFIKATOR) | (1 << ROLE_OPERATOR));
	assert_int_equal(staff_roles_parse("penandatangan"), 1 << ROLE_PENANDATANGAN);
	assert_int_equal(staff_roles_parse(""), -1);
	assert_int_equal(staff_roles_parse("root"), -1);
	assert_int_equal(staff_roles_parse("admin,"), 1 << ROLE_ADMIN);
	assert_int_equal(staff_roles_parse("adminx"), -1);
	staff_roles_format((1 << ROLE_ADMIN) | (1 << ROLE_PENANDATANGAN), out, sizeof out);
	assert_string_equal(out, "admin,penandatangan");
}

static void test_generated_password_meets_policy(void **st)
{
	char pw[21];
	int i;

	(void)st;
	for (i = 0; i < 200; i++) {
		staff_generate_password(pw);
		assert_int_equal(strlen(pw), 20);
		assert_int_equal(password_check(pw), 0);
	}
}

static void test_secret_hash_and_tokens(void **st)
{
	char a[SECRET_TOKEN_LEN + 1], b[SECRET_TOKEN_LEN + 1], h[SECRET_HASH_LEN + 1];

	(void)st;
	secret_token(a);
	secret_token(b);
	assert_int_equal(strlen(a), SECRET_TOKEN_LEN);
	assert_string_not_equal(a, b);
	secret_hash(NULL, "abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(secret_equal("abc", "abc"));
	assert_false(secret_equal("abc", "abd"));
	assert_false(secret_equal("abc", "abcd"));
}

static void test_password_hash_is_argon2id(void **st)
{
	char h[128];

	(void)st;
	assert_int_equal(secret_password_hash("Feb1702.", h, sizeof h), 0);
	assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
	assert_true(secret_password_verify(h, "Feb1702."));
	assert_false(secret_password_verify(h, "feb1702."));
	assert_false(secret_password_verify(NULL, "x"));
}

/* ---- anonymous CSRF tokens ------------------------------------------------- */

#define T0 1700000000

static void test_csrf_key_made_once(void **st)
{
	char t[CSRF_ANON_LEN + 1];
	struct db_stmt *q;

	(void)st;
	assert_int_equal(csrf_init(db_thread()), 0);
	csrf_anon_issue(T0, t);
	/* a second instance starting on the same database takes the same key */
	assert_int_equal(csrf_init(db_thread()), 0);
	assert_true(csrf_anon_valid(t, T0));
	q = db_query(db_thread(), "SELECT COUNT(*) FROM kunci_server", "");
	assert_int_equal(db_next(q), DB_ROW);
	assert_int_equal(db_int(q, 0), 1);
	db_end(q);
}

static void test_csrf_token_lifetime(void **st)
{
	char t[CSRF_ANON_LEN + 1], u[CSRF_ANON_LEN + 1];

	(void)st;
	assert_int_equal(csrf_init(db_thread()), 0);
	csrf_anon_issue(T0, t);
	csrf_anon_issue(T0, u);
	assert_int_equal(strlen(t), CSRF_ANON_LEN);
	assert_string_not_equal(t, u);
	assert_true(csrf_anon_valid(t, T0));
	assert_true(csrf_anon_valid(t, T0 + g_cfg.session_max - 1));
	assert_false(csrf_anon_valid(t, T0 + g_cfg.session_max));
	/* another instance's clock a little ahead, not far */
	assert_true(csrf_anon_valid(t, T0 - 300));
	assert_false(csrf_anon_valid(t, T0 - 301));
}

static void test_csrf_token_bad(void **st)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char t[CSRF_ANON_LEN + 1], f[CSRF_ANON_LEN + 2];
	size_t i;

	(void)st;
	assert_int_equal(csrf_init(db_thread()), 0);
	csrf_anon_issue(T0, t);
	/* any one character changed: nonce, time or signature */
	for (i = 0; i < CSRF_ANON_LEN; i++) {
		memcpy(f, t, sizeof t);
		f[i] = strchr(b64, t[i])[1] ? strchr(b64, t[i])[1] : 'A';
		assert_false(csrf_anon_valid(f, T0));
	}
	memcpy(f, t, sizeof t);
	f[CSRF_ANON_LEN - 1] = '\0';
	assert_false(csrf_anon_valid(f, T0));
	memcpy(f, t, sizeof t);
	strcat(f, "A");
	assert_false(csrf_anon_valid(f, T0));
	f[0] = '+';
	f[CSRF_ANON_LEN] = '\0';
	assert_false(csrf_anon_valid(f, T0));
	assert_false(csrf_anon_valid("", T0));
	assert_false(csrf_anon_valid(NULL, T0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captcha_question_shape),
		cmocka_unit_test(test_captcha_right_answer_once),
		cmocka_unit_test(test_captcha_wrong_answer_consumes),
		cmocka_unit_test(test_captcha_bad_answers),
		cmocka_unit_test(test_captcha_bound_to_session),
		cmocka_unit_test(test_captcha_expires),
		cmocka_unit_test(test_captcha_unknown_ids),
		cmocka_unit_test(test_throttle_locks_after_max),
		cmocka_unit_test(test_throttle_window_restarts),
		cmocka_unit_test(test_throttle_key_not_stored_in_clear),
		cmocka_unit_test(test_throttle_delay_grows_to_cap),
		cmocka_unit_test(test_throttle_hit_counts_and_never_waits),
		cmocka_unit_test(test_login_guard_pair_address_account),
		cmocka_unit_test(test_throttle_sweep_keeps_live_counters),
		cmocka_unit_test(test_notify_text_masks_secrets),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_generated_password_meets_policy),
		cmocka_unit_test(test_secret_hash_and_tokens),
		cmocka_unit_test(test_password_hash_is_argon2id),
		cmocka_unit_test(test_csrf_key_made_once),
		cmocka_unit_test(test_csrf_token_lifetime),
		cmocka_unit_test(test_csrf_token_bad),
	};

	return cmocka_run_group_tests_name("domain", tests, setup, teardown);
}
