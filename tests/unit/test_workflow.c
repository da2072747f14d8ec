// SPDX-License-Identifier: MIT
// Unit tests of the officers' rules: who may make which move, the queues, and the report buckets.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/rekap.h"
#include "domain/workflow.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves_by_role),
		cmocka_unit_test(test_queues),
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_wib_day),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
