// SPDX-License-Identifier: MIT
// Unit tests for src/lib/waktu.c: the one date and time format people read.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/waktu.h"

#define T_20261207_070509 INT64_C(1796627109) /* 2026-12-07 07:05:09 UTC */
#define T_20261231_165959 INT64_C(1798736399)
#define T_20240228_1700 INT64_C(1709139600)
#define T_20240229_1700 INT64_C(1709226000)
#define T_20230228_1700 INT64_C(1677603600)
#define T_99991231_165959 INT64_C(253402275599)
#define T_00010101_WIB INT64_C(-62135622000) /* 0001-01-01 00:00 WIB */

static const char *wib(int64_t t)
{
	static char out[WAKTU_WIB_LEN];

	return waktu_wib(t, out);
}

static const char *tgl(const char *iso)
{
	static char out[WAKTU_TANGGAL_LEN];

	return waktu_tanggal(iso, out);
}

static void test_wib_format(void **state)
{
	char out[WAKTU_WIB_LEN];

	(void)state;
	/* HH:MM, no seconds; the return value is out */
	assert_ptr_equal(waktu_wib(T_20261207_070509, out), out);
	assert_string_equal(out, "07-12-2026 14:05 WIB");
	assert_int_equal(strlen(out), WAKTU_WIB_LEN - 1);
	assert_string_equal(wib(0), "01-01-1970 07:00 WIB");
}

static void test_wib_midnight_rollover(void **state)
{
	(void)state;
	/* 17:00 UTC is 00:00 WIB of the next day; here also the next year */
	assert_string_equal(wib(T_20261231_165959), "31-12-2026 23:59 WIB");
	assert_string_equal(wib(T_20261231_165959 + 1), "01-01-2027 00:00 WIB");
	/* before 1970: the division rounds towards minus infinity */
	assert_string_equal(wib(-7 * 3600), "01-01-1970 00:00 WIB");
	assert_string_equal(wib(-7 * 3600 - 1), "31-12-1969 23:59 WIB");
}

static void test_wib_leap_day(void **state)
{
	(void)state;
	assert_string_equal(wib(T_20240228_1700), "29-02-2024 00:00 WIB");
	assert_string_equal(wib(T_20240229_1700), "01-03-2024 00:00 WIB");
	assert_string_equal(wib(T_20230228_1700), "01-03-2023 00:00 WIB");
}

static void test_wib_bad_range(void **state)
{
	char out[WAKTU_WIB_LEN];

	(void)state;
	/* years 1..9999 only: the text always fits */
	assert_string_equal(wib(T_99991231_165959), "31-12-9999 23:59 WIB");
	assert_string_equal(wib(T_99991231_165959 + 1), "-");
	assert_string_equal(wib(T_00010101_WIB), "01-01-0001 00:00 WIB");
	assert_string_equal(wib(T_00010101_WIB - 1), "-");
	assert_string_equal(waktu_wib(INT64_MAX, out), "-");
	assert_string_equal(waktu_wib(INT64_MIN, out), "-");
}

static void test_wib_tanggal(void **state)
{
	char out[WAKTU_TANGGAL_LEN];

	(void)state;
	assert_string_equal(waktu_wib_tanggal(T_20261207_070509, out), "07-12-2026");
	assert_string_equal(waktu_wib_tanggal(T_20261231_165959, out), "31-12-2026");
	assert_string_equal(waktu_wib_tanggal(T_20261231_165959 + 1, out), "01-01-2027");
	assert_string_equal(waktu_wib_tanggal(T_20240228_1700, out), "29-02-2024");
	assert_string_equal(waktu_wib_tanggal(INT64_MAX, out), "-");
}

static void test_wib_detik(void **state)
{
	char out[WAKTU_WIB_DETIK_LEN];

	(void)state;
	assert_string_equal(waktu_wib_detik(T_20261207_070509, out), "07-12-2026 14:05:09 WIB");
	assert_int_equal(strlen(out), WAKTU_WIB_DETIK_LEN - 1);
	assert_string_equal(waktu_wib_detik(T_20261231_165959 + 1, out), "01-01-2027 00:00:00 WIB");
	assert_string_equal(waktu_wib_detik(INT64_MIN, out), "-");
}

static void test_tanggal(void **state)
{
	char out[WAKTU_TANGGAL_LEN];

	(void)state;
	assert_ptr_equal(waktu_tanggal("2026-12-07", out), out);
	assert_string_equal(out, "07-12-2026");
	assert_string_equal(tgl("1990-05-15"), "15-05-1990");
	assert_string_equal(tgl("0001-01-01"), "01-01-0001");
	assert_string_equal(tgl("9999-12-31"), "31-12-9999");
	/* leap days: every fourth year, not centuries, but every fourth century */
	assert_string_equal(tgl("2024-02-29"), "29-02-2024");
	assert_string_equal(tgl("2000-02-29"), "29-02-2000");
	assert_string_equal(tgl("2023-02-29"), "-");
	assert_string_equal(tgl("1900-02-29"), "-");
}

/* A stored date shown to people: a damaged value (an import, a hand-edited
 * database) is "-", never read past its end. */
static void test_tanggal_bad_input(void **state)
{
	static const char *const bad[] = {
		"", "1990", "1990-05", "1990-02-30", "1990-05-15x", "abcdefghij", "2026-12-7", "2026-1-07", "26-12-07", "2026-12-07T00:00:00Z", " 2026-12-07", "2026-12-07 ",
		"07-12-2026", "2026/12/07", "2026-13-01", "2026-00-10", "2026-12-00", "2026-12-32", "2026-04-31",
		"0000-01-01", "+026-12-07", "2026-+1-07", "2026-12--7", "abcd-ef-gh", "2026-12",
	};
	char out[WAKTU_TANGGAL_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_string_equal(waktu_tanggal(bad[i], out), "-");
	assert_string_equal(waktu_tanggal(NULL, out), "-");
	/* a NUL inside: what follows it is never read */
	assert_string_equal(waktu_tanggal("2026-12\0-07", out), "-");
}

static void test_bulan(void **state)
{
	char out[WAKTU_BULAN_LEN];

	(void)state;
	assert_string_equal(waktu_bulan("2024-01", out), "01-2024");
	assert_string_equal(waktu_bulan("2026-12", out), "12-2026");
	assert_string_equal(waktu_bulan("2024-13", out), "-");
	assert_string_equal(waktu_bulan("2024-00", out), "-");
	assert_string_equal(waktu_bulan("2024-1", out), "-");
	assert_string_equal(waktu_bulan("2024-01-31", out), "-");
	assert_string_equal(waktu_bulan("0000-01", out), "-");
	assert_string_equal(waktu_bulan(NULL, out), "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wib_format),
		cmocka_unit_test(test_wib_midnight_rollover),
		cmocka_unit_test(test_wib_leap_day),
		cmocka_unit_test(test_wib_bad_range),
		cmocka_unit_test(test_wib_tanggal),
		cmocka_unit_test(test_wib_detik),
		cmocka_unit_test(test_tanggal),
		cmocka_unit_test(test_tanggal_bad_input),
		cmocka_unit_test(test_bulan),
	};

	return cmocka_run_group_tests_name("waktu", tests, NULL, NULL);
}
