// SPDX-License-Identifier: MIT
// Unit tests of domain/twofactor on SQLite: enrolment, one use per time step, recovery codes, who must use it.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "domain/audit.h"
#include "domain/settings.h"
#include "domain/staff.h"
#include "domain/twofactor.h"
#include "lib/config.h"
#include "lib/otp.h"
#include "lib/secret.h"
#include "store/db.h"

static char dir[64];
static int serial;
static long retry;              /* the wait twofa_login reports */

static int setup(void **st)
{
	char *err = NULL, key[128];

	(void)st;
	snprintf(dir, sizeof dir, "/tmp/loket-unit-XXXXXX");
	if (!mkdtemp(dir) || secret_init() < 0 || config_load(&g_cfg, "/dev/null", &err) < 0)
		return -1;
	snprintf(key, sizeof key, "%s/files/totp.key", dir);
	config_set(&g_cfg, "totp_key_file", key);
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

/* A fresh active officer with roles. */
static int64_t officer(int roles)
{
	char user[32];
	int64_t id = 0;

	snprintf(user, sizeof user, "petugas%d", ++serial);
	assert_int_equal(staff_add(db_thread(), user, NULL, roles, "Rahasia-123!", &id), 0);
	return id;
}

/* The code of the secret b32 for step. */
static void code_at(const char *b32, int64_t step, char out[OTP_DIGITS + 1])
{
	unsigned char key[OTP_KEY_BYTES];

	assert_int_equal(otp_base32_decode(b32, key, sizeof key), OTP_KEY_BYTES);
	otp_totp_text(key, sizeof key, step, out);
}

/* Enrols id with the code of the current step; the secret into b32. */
static void enrol(int64_t id, char b32[OTP_KEY_B32_LEN + 1], char codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT])
{
	char code[OTP_DIGITS + 1];

	assert_int_equal(twofa_enrol_secret(db_thread(), id, b32), TWOFA_OK);
	code_at(b32, otp_step(time(NULL)), code);
	assert_int_equal(twofa_enrol_confirm(db_thread(), id, code, codes), TWOFA_OK);
}

static long long count(const char *sql, int64_t id)
{
	struct db_stmt *st = db_query(db_thread(), sql, "i", id);
	long long n = db_next(st) == DB_ROW ? db_int(st, 0) : -1;

	db_end(st);
	return n;
}

static void test_enrol_secret_stays_until_confirmed(void **st)
{
	char a[OTP_KEY_B32_LEN + 1], b[OTP_KEY_B32_LEN + 1];
	int64_t id = officer(1 << ROLE_ADMIN);

	(void)st;
	assert_int_equal(twofa_enrolled(db_thread(), id), 0);
	assert_int_equal(twofa_enrol_secret(db_thread(), id, a), TWOFA_OK);
	assert_int_equal(strlen(a), OTP_KEY_B32_LEN);
	assert_int_equal(twofa_enrol_secret(db_thread(), id, b), TWOFA_OK);
	assert_string_equal(a, b);
	assert_int_equal(twofa_enrolled(db_thread(), id), 0);
}

static void test_enrol_bad_code_stores_nothing(void **st)
{
	char b32[OTP_KEY_B32_LEN + 1], code[OTP_DIGITS + 1], codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT];
	int64_t id = officer(1 << ROLE_ADMIN);

	(void)st;
	assert_int_equal(twofa_enrol_secret(db_thread(), id, b32), TWOFA_OK);
	/* a code two steps off is outside the window */
	code_at(b32, otp_step(time(NULL)) + 3, code);
	assert_int_equal(twofa_enrol_confirm(db_thread(), id, code, codes), TWOFA_WRONG);
	assert_int_equal(twofa_enrol_confirm(db_thread(), id, "12345a", codes), TWOFA_WRONG);
	assert_int_equal(twofa_enrolled(db_thread(), id), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM staf_pemulihan WHERE staf_id = ?", id), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE staf_id = ?", id), 0);
}

/* The secret is stored sealed: not as the base32 shown, and what was
 * sealed for one officer does not work for another. */
static void test_secret_sealed_per_officer(void **st)
{
	char b32[OTP_KEY_B32_LEN + 1], code[OTP_DIGITS + 1], codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT];
	int64_t a = officer(1 << ROLE_ADMIN), b = officer(1 << ROLE_ADMIN);
	struct db_stmt *q;

	(void)st;
	enrol(a, b32, codes);
	q = db_query(db_thread(), "SELECT totp_rahasia FROM staf WHERE id = ?", "i", a);
	assert_int_equal(db_next(q), DB_ROW);
	assert_null(strstr(db_text(q, 0), b32));
	db_end(q);
	assert_int_equal(db_exec(db_thread(), "UPDATE staf SET totp_rahasia = (SELECT totp_rahasia FROM staf WHERE id = ?), "
				 "totp_langkah = 0 WHERE id = ?", "ii", a, b), DB_DONE);
	code_at(b32, otp_step(time(NULL)) + 1, code);
	assert_int_equal(twofa_login(db_thread(), b, "x", "10.0.0.1", code, &retry), TWOFA_WRONG);
}

/* RFC 6238 section 5.2: a step is accepted once; the enrolment used one. */
static void test_replay_refused(void **st)
{
	char b32[OTP_KEY_B32_LEN + 1], now_code[OTP_DIGITS + 1], next[OTP_DIGITS + 1],
		codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT];
	int64_t id = officer(1 << ROLE_PENANDATANGAN), step;

	(void)st;
	enrol(id, b32, codes);
	step = count("SELECT totp_langkah FROM staf WHERE id = ?", id);
	assert_true(step > 0);
	code_at(b32, step, now_code);
	code_at(b32, step + 1, next);
	assert_int_equal(twofa_login(db_thread(), id, "u1", "10.0.0.2", now_code, &retry), TWOFA_REPLAYED);
	assert_int_equal(twofa_login(db_thread(), id, "u1", "10.0.0.2", next, &retry), TWOFA_OK);
	assert_int_equal(count("SELECT totp_langkah FROM staf WHERE id = ?", id), step + 1);
	assert_int_equal(twofa_login(db_thread(), id, "u1", "10.0.0.2", next, &retry), TWOFA_REPLAYED);
	assert_int_equal(twofa_login(db_thread(), id, "u1", "10.0.0.2", now_code, &retry), TWOFA_REPLAYED);
}

static void test_recovery_code_once(void **st)
{
	char b32[OTP_KEY_B32_LEN + 1], codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT], typed[TWOFA_RECOVERY_TEXT];
	int64_t id = officer(1 << ROLE_ADMIN);
	size_t i;

	(void)st;
	enrol(id, b32, codes);
	assert_int_equal(twofa_recovery_left(db_thread(), id), TWOFA_RECOVERY_COUNT);
	assert_int_equal(strlen(codes[0]), TWOFA_RECOVERY_TEXT - 1);
	/* typed in upper case without the dashes */
	for (i = 0; i <= strlen(codes[0]); i++)
		typed[i] = (char)(codes[0][i] >= 'a' && codes[0][i] <= 'z' ? codes[0][i] - 32 : codes[0][i]);
	assert_int_equal(twofa_login(db_thread(), id, "u2", "10.0.0.3", typed, &retry), TWOFA_RECOVERY);
	assert_int_equal(twofa_login(db_thread(), id, "u2", "10.0.0.3", codes[0], &retry), TWOFA_WRONG);
	assert_int_equal(twofa_recovery_left(db_thread(), id), TWOFA_RECOVERY_COUNT - 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE staf_id = ? AND aksi = 'staf.2fa_pemulihan'", id), 1);
	/* new codes: the old ones die */
	assert_int_equal(twofa_recovery_renew(db_thread(), id, codes + 0) == TWOFA_OK, 1);
	assert_int_equal(twofa_recovery_left(db_thread(), id), TWOFA_RECOVERY_COUNT);
}

/* Wrong codes make the next code wait (growing, per officer and per
 * address pair); the officer's password login elsewhere is not touched. */
static void test_bad_codes_make_the_login_wait(void **st)
{
	char b32[OTP_KEY_B32_LEN + 1], right[OTP_DIGITS + 1], codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT];
	int64_t id = officer(1 << ROLE_ADMIN);
	int i;

	(void)st;
	enrol(id, b32, codes);
	for (i = 0; i < 4; i++)
		assert_int_equal(twofa_login(db_thread(), id, "u3", "10.0.0.4", i % 2 ? "000000" : "bukan-kode", &retry),
				 TWOFA_WRONG);
	code_at(b32, otp_step(time(NULL)) + 1, right);
	assert_int_equal(twofa_login(db_thread(), id, "u3", "10.0.0.4", right, &retry), TWOFA_LOCKED);
	assert_true(retry > 0);
	/* from another address the code still waits (it is the officer's), the
	 * password does not */
	assert_int_equal(twofa_login(db_thread(), id, "u3", "10.0.0.9", right, &retry), TWOFA_LOCKED);
	assert_int_equal(staff_login_wait(db_thread(), "u3", "10.0.0.9"), 0);
}

static void test_required_roles_and_setting(void **st)
{
	struct settings_form f;
	json_t *errors = json_object();

	(void)st;
	assert_int_equal(twofa_required(db_thread(), 1 << ROLE_ADMIN), 1);
	assert_int_equal(twofa_required(db_thread(), 1 << ROLE_PENANDATANGAN), 1);
	assert_int_equal(twofa_required(db_thread(), (1 << ROLE_VERIFIKATOR) | (1 << ROLE_OPERATOR)), 0);
	memset(&f, 0, sizeof f);
	f.v[SET_WAJIB_2FA] = "1";
	assert_int_equal(settings_save(db_thread(), officer(1 << ROLE_ADMIN), &f, dir, errors, NULL), SETTINGS_OK);
	assert_int_equal(twofa_required(db_thread(), 1 << ROLE_OPERATOR), 1);
	f.v[SET_WAJIB_2FA] = "0";
	assert_int_equal(settings_save(db_thread(), officer(1 << ROLE_ADMIN), &f, dir, errors, NULL), SETTINGS_OK);
	assert_int_equal(twofa_required(db_thread(), 1 << ROLE_OPERATOR), 0);
	f.v[SET_WAJIB_2FA] = "ya";
	assert_int_equal(settings_save(db_thread(), officer(1 << ROLE_ADMIN), &f, dir, errors, NULL), SETTINGS_INVALID);
	json_decref(errors);
}

static void test_disable_only_when_not_required(void **st)
{
	char b32[OTP_KEY_B32_LEN + 1], codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT];
	int64_t adm = officer(1 << ROLE_ADMIN), ver = officer(1 << ROLE_VERIFIKATOR);

	(void)st;
	enrol(adm, b32, codes);
	assert_int_equal(twofa_disable(db_thread(), adm, 1 << ROLE_ADMIN), TWOFA_STATE);
	assert_int_equal(twofa_enrolled(db_thread(), adm), 1);
	enrol(ver, b32, codes);
	assert_int_equal(twofa_disable(db_thread(), ver, 1 << ROLE_VERIFIKATOR), TWOFA_OK);
	assert_int_equal(twofa_enrolled(db_thread(), ver), 0);
	assert_int_equal(twofa_recovery_left(db_thread(), ver), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE staf_id = ? AND aksi = 'staf.2fa_nonaktif'", ver), 1);
}

static void test_cli_reset(void **st)
{
	char b32[OTP_KEY_B32_LEN + 1], again[OTP_KEY_B32_LEN + 1], codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT];
	int64_t id = officer(1 << ROLE_ADMIN);
	struct db_stmt *q;
	char user[32];

	(void)st;
	enrol(id, b32, codes);
	q = db_query(db_thread(), "SELECT username FROM staf WHERE id = ?", "i", id);
	assert_int_equal(db_next(q), DB_ROW);
	snprintf(user, sizeof user, "%s", db_text(q, 0));
	db_end(q);
	audit_origin("cli");
	assert_int_equal(twofa_reset(db_thread(), user), 0);
	audit_origin(NULL);
	assert_int_equal(twofa_enrolled(db_thread(), id), 0);
	assert_int_equal(twofa_recovery_left(db_thread(), id), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE objek = 'staf:' || ? AND aksi = 'staf.2fa_reset' "
			       "AND staf_id IS NULL AND asal = 'cli'", id), 1);
	/* enrolling again gives a new secret */
	assert_int_equal(twofa_enrol_secret(db_thread(), id, again), TWOFA_OK);
	assert_string_not_equal(again, b32);
	assert_int_equal(twofa_reset(db_thread(), "tidak-ada"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enrol_secret_stays_until_confirmed),
		cmocka_unit_test(test_enrol_bad_code_stores_nothing),
		cmocka_unit_test(test_secret_sealed_per_officer),
		cmocka_unit_test(test_replay_refused),
		cmocka_unit_test(test_recovery_code_once),
		cmocka_unit_test(test_bad_codes_make_the_login_wait),
		cmocka_unit_test(test_required_roles_and_setting),
		cmocka_unit_test(test_disable_only_when_not_required),
		cmocka_unit_test(test_cli_reset),
	};

	return cmocka_run_group_tests_name("twofactor", tests, setup, teardown);
}
