// SPDX-License-Identifier: MIT
// Unit tests of the officers' rules: who may make which move, the queues and their Grup Pemohon filter, the report buckets.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/rekap.h"
#include "domain/workflow.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "store/db.h"

#define R(role) (1 << (role))

static void test_moves_by_role(void **st)
{
	(void)st;
	/* the verifier verifies, and only that */
	assert_true(wf_may(MOVE_SETUJUI, R(ROLE_VERIFIKATOR)));
	assert_true(wf_may(MOVE_KEMBALIKAN, R(ROLE_VERIFIKATOR)));
	assert_true(wf_may(MOVE_BATALKAN, R(ROLE_VERIFIKATOR)));
	assert_false(wf_may(MOVE_PROSES, R(ROLE_VERIFIKATOR)));
	assert_false(wf_may(MOVE_SELESAI, R(ROLE_VERIFIKATOR)));
	assert_false(wf_may(MOVE_TERBIT_TTE, R(ROLE_VERIFIKATOR)));
	/* the operator processes and finishes */
	assert_true(wf_may(MOVE_PROSES, R(ROLE_OPERATOR)));
	assert_true(wf_may(MOVE_SELESAI, R(ROLE_OPERATOR)));
	assert_false(wf_may(MOVE_SETUJUI, R(ROLE_OPERATOR)));
	assert_false(wf_may(MOVE_KEMBALIKAN, R(ROLE_OPERATOR)));
	/* the signer signs, nothing else */
	assert_true(wf_may(MOVE_TERBIT_TTE, R(ROLE_PENANDATANGAN)));
	assert_false(wf_may(MOVE_SETUJUI, R(ROLE_PENANDATANGAN)));
	assert_false(wf_may(MOVE_PROSES, R(ROLE_PENANDATANGAN)));
	/* several roles add up; the admin may make every officer move */
	assert_true(wf_may(MOVE_PROSES, R(ROLE_VERIFIKATOR) | R(ROLE_OPERATOR)));
	for (int m = MOVE_KEMBALIKAN; m < MOVE__MAX; m++)
		assert_true(wf_may((enum app_move)m, R(ROLE_ADMIN)));
	/* nobody on the staff sends for the applicant */
	assert_false(wf_may(MOVE_KIRIM, R(ROLE_ADMIN)));
	assert_false(wf_may(MOVE_SETUJUI, 0));
}

static void test_queues(void **st)
{
	(void)st;
	for (int q = 0; q < Q__MAX; q++)
		assert_int_equal(wf_queue_from(wf_queue_names[q]), q);
	assert_int_equal(wf_queue_from("semua"), Q__MAX);
	assert_int_equal(wf_queue_from(NULL), Q__MAX);
	assert_true(wf_queue_roles(Q_VERIFIKASI) & R(ROLE_VERIFIKATOR));
	assert_false(wf_queue_roles(Q_VERIFIKASI) & R(ROLE_OPERATOR));
	assert_true(wf_queue_roles(Q_PROSES) & R(ROLE_OPERATOR));
	assert_true(wf_queue_roles(Q_TTE) & R(ROLE_PENANDATANGAN));
	assert_false(wf_queue_roles(Q_TTE) & R(ROLE_OPERATOR));
	assert_true(wf_queue_roles(Q_SERAH) & R(ROLE_OPERATOR));
	for (int q = 0; q < Q__MAX; q++)
		assert_true(wf_queue_roles((enum wf_queue)q) & R(ROLE_ADMIN));
}

static void test_buckets(void **st)
{
	int64_t d;

	(void)st;
	assert_int_equal(rekap_ember(0), 0);
	assert_int_equal(rekap_ember(-5), 0);
	assert_int_equal(rekap_ember(1), 1);
	/* monotonic, and every duration lies within 5 % above its bucket's
	 * lower bound */
	for (d = 1; d < 40 * 86400; d += d / 7 + 1) {
		int b = rekap_ember(d);
		int64_t lo = rekap_ember_bawah(b);

		assert_true(rekap_ember(d + 1) >= b);
		assert_true(lo <= d);
		assert_true((double)d < (double)lo * 1.05 + 1.0);
	}
}

static void test_wib_day(void **st)
{
	(void)st;
	/* 2026-11-23 00:00 WIB is 2026-11-22 17:00 UTC */
	assert_int_equal(REKAP_HARI(1795366800), REKAP_HARI(1795366800 + 86399));
	assert_int_equal(REKAP_HARI(1795366800) - 1, REKAP_HARI(1795366799));
}

/* ---- the Grup Pemohon filter (on a fresh database) ----------------------- */

static char dir[64];

static int db_up(void **st)
{
	char *err = NULL;

	(void)st;
	snprintf(dir, sizeof dir, "/tmp/loket-unit-XXXXXX");
	if (!mkdtemp(dir) || secret_init() < 0 || config_load(&g_cfg, "/dev/null", &err) < 0)
		return -1;
	if (db_setup(dir, NULL) < 0 || db_migrate(db_thread(), 0) < 0)
		return -1;
	return db_exec(db_thread(), "INSERT INTO grup (id, nama, jenis, aktif, created_at, updated_at) VALUES "
		       "(7, 'SMA Negeri 1 Kajen', 'sekolah', 1, 0, 0), (3, 'Desa Wonopringgo', 'desa', 0, 0, 0)", "")
	       == DB_DONE ? 0 : -1;
}

static int db_down(void **st)
{
	char cmd[128];

	(void)st;
	db_thread_close();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_grup_filter(void **st)
{
	static const char *const bad[] = { "abc", "-1", "+7", " 7", "7 ", "0x7", "1e1", "8", "9999999999999999999", "07a" };
	struct db *db = db_thread();
	struct wf_filter f = { .by_grup = 1, .grup_id = 5 };
	json_t *opts;

	(void)st;
	/* absent or empty: every mode */
	assert_int_equal(wf_grup_filter(db, NULL, &f), 0);
	assert_int_equal(f.by_grup, 0);
	assert_int_equal(wf_grup_filter(db, "0", &f), 0);
	assert_true(f.by_grup && f.grup_id == 0);
	assert_int_equal(wf_grup_filter(db, "", &f), 0);
	assert_int_equal(f.by_grup, 0);
	/* a group's id (an inactive one too: its applications stay) */
	assert_int_equal(wf_grup_filter(db, "7", &f), 0);
	assert_true(f.by_grup && f.grup_id == 7);
	assert_int_equal(wf_grup_filter(db, "3", &f), 0);
	assert_int_equal(f.grup_id, 3);
	/* anything else leaves the filter as it was */
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(wf_grup_filter(db, bad[i], &f), -1);
		assert_true(f.by_grup && f.grup_id == 3);
	}
	/* the options, by name, inactive ones marked */
	opts = wf_grup_options(db);
	assert_int_equal(json_array_size(opts), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(opts, 0), "nama")), "Desa Wonopringgo");
	assert_true(json_is_false(json_object_get(json_array_get(opts, 0), "aktif")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(opts, 1), "id")), 7);
	json_decref(opts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves_by_role),
		cmocka_unit_test(test_queues),
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_wib_day),
		cmocka_unit_test_setup_teardown(test_grup_filter, db_up, db_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
