// SPDX-License-Identifier: MIT
// Reports: numbers from the roll-ups and from live changes, period filtering, p90, CSV/XLSX downloads, API, roles.
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

static struct srv S;
static char *tok_adm, *tok_ttd, *tok_ver, *tok_op, *tok_a;
static struct client *web_adm, *web_ttd, *web_ver, *web_op;
static long long id_adm, id_ttd;
static long long snd, kkh;    /* layanan ids */

#define PW "Feb1702."
#define NEW_PW "Petugas-2024"
#define NIK_A "3326071505900001"
#define SVC "sinkronisasi-data"

/* WIB day numbers of the fixture dates (days since 1970-01-01). */
#define D_0228 19416
#define D_0301 19417
#define D_0305 19421
#define D_0310 19426
#define D_0315 19431
#define D_0331 19447
#define D_0401 19448

/* The step whose code doubles as a CSV injection probe: it is not in the
 * service's definition, so the report shows the code as its name. */
#define EVIL_STEP "=1+2;\"x\""

#define MARCH "dari=2023-03-01&sampai=2023-03-31"

/* ---- helpers ------------------------------------------------------------ */

/* The report from the API (admin), asserting 200. */
static json_t *report(const char *query)
{
	long st;
	json_t *j = api_json(&S, "GET", pathf("/api/v1/staf/laporan%s%s", query ? "?" : "", query ? query : ""), NULL,
			     tok_adm, &st);

	assert_int_equal(st, 200);
	assert_non_null(j);
	return j;
}

static long long status_count(const json_t *rep, const char *status)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(rep, "pengajuan"), "per_status"), i, v)
		if (!strcmp(jstr(v, "status"), status))
			return jint(v, "jumlah");
	fail_msg("no status %s", status);
	return -1;
}

static const json_t *layanan_row(const json_t *rep, const char *kode)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(rep, "pengajuan"), "per_layanan"), i, v)
		if (!strcmp(jstr(v, "kode"), kode))
			return v;
	return NULL;
}

static const json_t *waktu(const json_t *rep, const char *section, const char *periode)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(rep, section), "per_waktu"), i, v)
		if (!strcmp(jstr(v, "periode"), periode))
			return v;
	return NULL;
}

static const json_t *step(const json_t *rep, const char *kode)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(rep, "langkah"), i, v)
		if (!strcmp(jstr(v, "kode"), kode))
			return v;
	return NULL;
}

/* Today in WIB as YYYY-MM-DD. */
static void today_wib(char out[11])
{
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Downloads in the audit log by officer staf with this detail. */
static long long audits(long long staf, const char *detail)
{
	return srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'laporan.unduh' AND staf_id = %lld AND "
			  "objek = 'laporan:2023-03-01..2023-03-31' AND detail = '%s'", staf, detail);
}

/* Body without its NUL-free assumption: a substring search over len bytes. */
static int body_has(const struct resp *r, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; n <= r->len && i + n <= r->len; i++)
		if (!memcmp(r->body + i, needle, n))
			return 1;
	return 0;
}

/* ---- set-up --------------------------------------------------------------- */

static int setup(void **st)
{
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", NULL };

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	/* officers with a changed password: a logged-in browser and a token */
	web_adm = staf_ready(&S, "adm1", "admin", NULL, NEW_PW);
	web_ttd = staf_ready(&S, "ttd1", "penandatangan", NULL, NEW_PW);
	web_ver = staf_ready(&S, "ver1", "verifikator", NULL, NEW_PW);
	web_op = staf_ready(&S, "op1", "operator", NULL, NEW_PW);
	tok_adm = staf_token(&S, "adm1", NEW_PW);
	tok_ttd = staf_token(&S, "ttd1", NEW_PW);
	tok_ver = staf_token(&S, "ver1", NEW_PW);
	tok_op = staf_token(&S, "op1", NEW_PW);
	tok_a = pemohon_active_token(&S, NIK_A, PW);
	if (!web_adm || !web_ttd || !web_ver || !web_op || !tok_adm || !tok_ttd || !tok_ver || !tok_op || !tok_a)
		return -1;
	id_adm = srv_id(&S, "staf", "username", "adm1");
	id_ttd = srv_id(&S, "staf", "username", "ttd1");
	snd = srv_id(&S, "layanan", "kode", SVC);
	kkh = srv_id(&S, "layanan", "kode", "kk-hilang-rusak");
	if (id_adm <= 0 || id_ttd <= 0 || snd <= 0 || kkh <= 0)
		return -1;

	/* March 2023, and one day either side of it */
	if (srv_db_exec(&S, "INSERT INTO rekap_pengajuan (hari, layanan_id, status, jumlah) VALUES "
			"(%d, %lld, 'DRAFT', 2), (%d, %lld, 'SELESAI', 5), (%d, %lld, 'DIPROSES', 3), "
			"(%d, %lld, 'SELESAI', 1), (%d, %lld, 'DIKIRIM', 0), "
			"(%d, %lld, 'SELESAI', 100), (%d, %lld, 'SELESAI', 200)",
			D_0310, snd, D_0310, snd, D_0310, kkh, D_0331, snd, D_0301, kkh, D_0228, snd, D_0401, snd) < 0)
		return -1;
	/* konsolidasi-manual (standard 60 min): 8 x 600 s, 2 x 4500 s (late);
	 * sinkronisasi-dwh (30 min): 9 x 100 s, 1 x 7200 s (late) */
	if (srv_db_exec(&S, "INSERT INTO rekap_langkah (hari, layanan_id, langkah, ember, jumlah, total_detik, terlambat) "
			"VALUES (%d, %lld, 'konsolidasi-manual', 132, 8, 4800, 0), "
			"(%d, %lld, 'konsolidasi-manual', 173, 2, 9000, 2), "
			"(%d, %lld, 'sinkronisasi-dwh', 95, 9, 900, 0), "
			"(%d, %lld, 'sinkronisasi-dwh', 183, 1, 7200, 1), "
			"(%d, %lld, 'konsolidasi-manual', 300, 50, 99999999, 50), "
			"(%d, %lld, '%s', 168, 1, 3600, 0), (%d, %lld, 'input-siak', 140, 4, 4000, 0)",
			D_0315, snd, D_0315, snd, D_0301, snd, D_0331, snd, D_0401, snd, D_0315, snd, EVIL_STEP, D_0315,
			kkh) < 0)
		return -1;
	if (srv_db_exec(&S, "INSERT INTO rekap_pendaftaran (hari, hasil, jumlah) VALUES "
			"(%d, 'disetujui', 4), (%d, 'ditolak', 1), (%d, 'disetujui', 2), (%d, 'disetujui', 50), "
			"(%d, 'ditolak', 60)",
			D_0305, D_0305, D_0331, D_0228, D_0401) < 0)
		return -1;
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	free(tok_adm);
	free(tok_ttd);
	free(tok_ver);
	free(tok_op);
	free(tok_a);
	client_free(web_adm);
	client_free(web_ttd);
	client_free(web_ver);
	client_free(web_op);
	return srv_stop(&S);
}

/* ---- numbers -------------------------------------------------------------- */

static void test_api_counts_rollups_in_period(void **st)
{
	json_t *rep = report(MARCH), *per = json_object_get(rep, "periode");
	const json_t *row;

	(void)st;
	assert_string_equal(jstr(per, "dari"), "2023-03-01");
	assert_string_equal(jstr(per, "sampai"), "2023-03-31");
	assert_int_equal(jint(per, "jumlah_hari"), 31);
	assert_string_equal(jstr(per, "satuan"), "hari");
	assert_true(json_is_null(json_object_get(rep, "layanan")));
	/* 2 + 5 + 3 + 1; the 100 of 28 February and the 200 of 1 April are out */
	assert_int_equal(jint(json_object_get(rep, "pengajuan"), "total"), 11);
	assert_int_equal(status_count(rep, "SELESAI"), 6);
	assert_int_equal(status_count(rep, "DRAFT"), 2);
	assert_int_equal(status_count(rep, "DIPROSES"), 3);
	assert_int_equal(status_count(rep, "DIKIRIM"), 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(rep, "pengajuan"), "per_status")), 8);
	row = layanan_row(rep, SVC);
	assert_non_null(row);
	assert_int_equal(jint(row, "total"), 8);
	assert_int_equal(jint(json_object_get(row, "per_status"), "SELESAI"), 6);
	assert_int_equal(jint(json_object_get(layanan_row(rep, "kk-hilang-rusak"), "per_status"), "DIPROSES"), 3);
	/* one entry per day, the first and the last day included */
	assert_int_equal(json_array_size(json_object_get(json_object_get(rep, "pengajuan"), "per_waktu")), 31);
	assert_int_equal(jint(waktu(rep, "pengajuan", "2023-03-10"), "jumlah"), 10);
	assert_int_equal(jint(waktu(rep, "pengajuan", "2023-03-31"), "jumlah"), 1);
	assert_int_equal(jint(waktu(rep, "pengajuan", "2023-03-01"), "jumlah"), 0);
	assert_null(waktu(rep, "pengajuan", "2023-02-28"));
	/* registrations: 4 + 2 approved, 1 rejected */
	assert_int_equal(jint(json_object_get(rep, "pendaftaran"), "disetujui"), 6);
	assert_int_equal(jint(json_object_get(rep, "pendaftaran"), "ditolak"), 1);
	assert_int_equal(jint(waktu(rep, "pendaftaran", "2023-03-05"), "disetujui"), 4);
	assert_int_equal(jint(waktu(rep, "pendaftaran", "2023-03-05"), "ditolak"), 1);
	json_decref(rep);
}

static void test_api_period_edges(void **st)
{
	json_t *rep;

	(void)st;
	/* a single day: the last day of February only */
	rep = report("dari=2023-02-28&sampai=2023-02-28");
	assert_int_equal(jint(json_object_get(rep, "pengajuan"), "total"), 100);
	assert_int_equal(jint(json_object_get(rep, "pendaftaran"), "disetujui"), 50);
	assert_int_equal(jint(json_object_get(rep, "pendaftaran"), "ditolak"), 0);
	json_decref(rep);
	/* 28 February to 1 April: both neighbours come in */
	rep = report("dari=2023-02-28&sampai=2023-04-01");
	assert_int_equal(jint(json_object_get(rep, "pengajuan"), "total"), 311);
	assert_int_equal(jint(json_object_get(rep, "pendaftaran"), "ditolak"), 61);
	json_decref(rep);
	/* 2 to 30 March: neither the 1st (0 rows) nor the 31st */
	rep = report("dari=2023-03-02&sampai=2023-03-30");
	assert_int_equal(jint(json_object_get(rep, "pengajuan"), "total"), 10);
	assert_int_equal(jint(json_object_get(rep, "pendaftaran"), "disetujui"), 4);
	json_decref(rep);
}

static void test_api_service_filter_and_months(void **st)
{
	json_t *rep = report(MARCH "&layanan=" SVC), *arr;

	(void)st;
	assert_string_equal(jstr(json_object_get(rep, "layanan"), "kode"), SVC);
	assert_string_equal(jstr(json_object_get(rep, "layanan"), "nama"), "Sinkronisasi Data");
	assert_int_equal(jint(json_object_get(rep, "pengajuan"), "total"), 8);
	assert_int_equal(status_count(rep, "DIPROSES"), 0);
	arr = json_object_get(json_object_get(rep, "pengajuan"), "per_layanan");
	assert_int_equal(json_array_size(arr), 1);
	json_decref(rep);

	/* the KK service: its own step only */
	rep = report(MARCH "&layanan=kk-hilang-rusak");
	assert_int_equal(jint(json_object_get(rep, "pengajuan"), "total"), 3);
	assert_int_equal(json_array_size(json_object_get(rep, "langkah")), 1);
	assert_string_equal(jstr(step(rep, "input-siak"), "nama"), "Input Data SIAK");
	assert_int_equal(jint(step(rep, "input-siak"), "jumlah"), 4);
	json_decref(rep);

	/* a year is charted per month */
	rep = report("dari=2023-01-01&sampai=2023-12-31");
	assert_string_equal(jstr(json_object_get(rep, "periode"), "satuan"), "bulan");
	assert_int_equal(json_array_size(json_object_get(json_object_get(rep, "pengajuan"), "per_waktu")), 12);
	assert_int_equal(jint(waktu(rep, "pengajuan", "2023-02"), "jumlah"), 100);
	assert_int_equal(jint(waktu(rep, "pengajuan", "2023-03"), "jumlah"), 11);
	assert_int_equal(jint(waktu(rep, "pengajuan", "2023-04"), "jumlah"), 200);
	assert_int_equal(jint(waktu(rep, "pendaftaran", "2023-04"), "ditolak"), 60);
	assert_int_equal(jint(json_object_get(rep, "pengajuan"), "total"), 311);
	json_decref(rep);
}

static void test_api_step_average_and_p90(void **st)
{
	json_t *rep = report(MARCH);
	const json_t *k = step(rep, "konsolidasi-manual"), *s = step(rep, "sinkronisasi-dwh"), *e = step(rep, EVIL_STEP);

	(void)st;
	assert_non_null(k);
	assert_string_equal(jstr(k, "layanan_kode"), SVC);
	assert_string_equal(jstr(k, "nama"), "Konsolidasi Manual");
	assert_int_equal(jint(k, "jumlah"), 10);
	assert_int_equal(jint(k, "total_detik"), 13800);
	/* (8 x 600 + 2 x 4500) / 10, exact */
	assert_true(json_real_value(json_object_get(k, "rata_rata_detik")) == 1380.0);
	/* the 9th of 10 lies in the bucket of 4500 s: [4347, 4564), middle 4520 */
	assert_int_equal(jint(k, "p90_detik"), 4520);
	assert_int_equal(jint(k, "waktu_baku_detik"), 3600);
	assert_int_equal(jint(k, "terlambat"), 2);
	assert_true(json_real_value(json_object_get(k, "persen_terlambat")) == 20.0);

	/* 9 of 10 in the bucket of 100 s: p90 is that bucket (middle 101 s) */
	assert_non_null(s);
	assert_int_equal(jint(s, "jumlah"), 10);
	assert_int_equal(jint(s, "p90_detik"), 101);
	assert_true(json_real_value(json_object_get(s, "rata_rata_detik")) == 810.0);
	assert_int_equal(jint(s, "waktu_baku_detik"), 1800);
	assert_true(json_real_value(json_object_get(s, "persen_terlambat")) == 10.0);

	/* a step no longer in the definition: its code as name, no standard */
	assert_non_null(e);
	assert_string_equal(jstr(e, "nama"), EVIL_STEP);
	assert_true(json_is_null(json_object_get(e, "waktu_baku_detik")));
	/* catalog order (KK before SND), then definition order, then the rest */
	assert_int_equal(json_array_size(json_object_get(rep, "langkah")), 4);
	assert_string_equal(jstr(json_array_get(json_object_get(rep, "langkah"), 0), "kode"), "input-siak");
	assert_string_equal(jstr(json_array_get(json_object_get(rep, "langkah"), 1), "kode"), "konsolidasi-manual");
	assert_string_equal(jstr(json_array_get(json_object_get(rep, "langkah"), 2), "kode"), "sinkronisasi-dwh");
	assert_string_equal(jstr(json_array_get(json_object_get(rep, "langkah"), 3), "kode"), EVIL_STEP);
	json_decref(rep);

	/* the April row (50 very late steps) changes nothing in March, and
	 * counts once it is in the period */
	rep = report("dari=2023-03-01&sampai=2023-04-01");
	assert_int_equal(jint(step(rep, "konsolidasi-manual"), "jumlah"), 60);
	assert_int_equal(jint(step(rep, "konsolidasi-manual"), "terlambat"), 52);
	json_decref(rep);
}

/* Months that are over are summed once per process and kept: whole months,
 * partial months and both together give the same numbers. */
static void test_api_steps_kept_months(void **st)
{
	json_t *rep;
	const json_t *k;
	int round;

	(void)st;
	for (round = 0; round < 2; round++) {
		/* whole months only (January to December 2023) */
		rep = report("dari=2023-01-01&sampai=2023-12-31");
		k = step(rep, "konsolidasi-manual");
		assert_int_equal(jint(k, "jumlah"), 60);
		assert_int_equal(jint(k, "total_detik"), 13800 + 99999999);
		assert_int_equal(jint(k, "terlambat"), 52);
		/* 54 of 60 reached only in the bucket of the April row */
		assert_int_equal(jint(k, "p90_detik"), 2219193);
		assert_int_equal(jint(step(rep, "sinkronisasi-dwh"), "jumlah"), 10);
		json_decref(rep);
		/* a partial March (read from the table) and a whole April (kept) */
		rep = report("dari=2023-03-16&sampai=2023-04-30");
		assert_int_equal(jint(step(rep, "konsolidasi-manual"), "jumlah"), 50);
		assert_int_equal(jint(step(rep, "sinkronisasi-dwh"), "jumlah"), 1);
		assert_int_equal(jint(step(rep, "sinkronisasi-dwh"), "p90_detik"), 7363);
		assert_null(step(rep, EVIL_STEP));
		json_decref(rep);
		/* one service out of the kept months */
		rep = report("dari=2023-01-01&sampai=2023-12-31&layanan=kk-hilang-rusak");
		assert_int_equal(json_array_size(json_object_get(rep, "langkah")), 1);
		assert_int_equal(jint(step(rep, "input-siak"), "jumlah"), 4);
		json_decref(rep);
		rep = report("dari=2023-01-01&sampai=2023-12-31&layanan=" SVC);
		assert_int_equal(json_array_size(json_object_get(rep, "langkah")), 3);
		json_decref(rep);
	}
}

/* The whole current month (WIB) as a query string. */
static const char *this_month(void)
{
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	char a[11], b[11];
	static char q[64];

	gmtime_r(&t, &tm);
	strftime(a, sizeof a, "%Y-%m-01", &tm);
	tm.tm_mday = 1;
	tm.tm_mon++;
	tm.tm_hour = 12;
	t = timegm(&tm) - 86400;   /* the last day */
	gmtime_r(&t, &tm);
	strftime(b, sizeof b, "%Y-%m-%d", &tm);
	snprintf(q, sizeof q, "dari=%s&sampai=%s", a, b);
	return q;
}

/* The current month is never kept, even asked for whole: a step recorded
 * today counts at once, and so does the next one. */
static void test_api_steps_today_counted(void **st)
{
	long long today = ((long long)time(NULL) + 25200) / 86400;
	json_t *rep;

	(void)st;
	rep = report(this_month());
	assert_null(step(rep, "sinkronisasi-dwh"));
	json_decref(rep);
	assert_int_equal(srv_db_exec(&S, "INSERT INTO rekap_langkah (hari, layanan_id, langkah, ember, jumlah, "
				     "total_detik, terlambat) VALUES (%lld, %lld, 'sinkronisasi-dwh', 95, 1, 100, 0)",
				     today, snd), 0);
	rep = report(this_month());
	assert_int_equal(jint(step(rep, "sinkronisasi-dwh"), "jumlah"), 1);
	json_decref(rep);
	assert_int_equal(srv_db_exec(&S, "UPDATE rekap_langkah SET jumlah = jumlah + 1, total_detik = total_detik + 100"
				     " WHERE hari = %lld AND layanan_id = %lld AND langkah = 'sinkronisasi-dwh'",
				     today, snd), 0);
	rep = report(this_month());
	assert_int_equal(jint(step(rep, "sinkronisasi-dwh"), "jumlah"), 2);
	assert_true(json_real_value(json_object_get(step(rep, "sinkronisasi-dwh"), "rata_rata_detik")) == 100.0);
	json_decref(rep);
	assert_int_equal(srv_db_exec(&S, "DELETE FROM rekap_langkah WHERE hari = %lld", today), 0);
}

/* A real application through the applicant API is counted on the day it
 * was made (WIB), and leaves the count when the draft is deleted. */
static void test_live_application_counted(void **st)
{
	char today[11], q[64];
	json_t *before, *after, *j;
	long status;
	char *kode;

	(void)st;
	today_wib(today);
	snprintf(q, sizeof q, "dari=%s&sampai=%s&layanan=%s", today, today, SVC);
	before = report(q);
	kode = api_create(&S, tok_a,
			  json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SVC, "nik", NIK_A, "nama", "Siti Aminah",
				    "detail", "Data saya tidak terbaca di BPJS Kesehatan.", "isian",
				    "permasalahan_data", "NIK tidak ditemukan di BPJS Kesehatan."));
	assert_non_null(kode);

	after = report(q);
	assert_int_equal(jint(json_object_get(after, "pengajuan"), "total"),
			 jint(json_object_get(before, "pengajuan"), "total") + 1);
	assert_int_equal(status_count(after, "DRAFT"), status_count(before, "DRAFT") + 1);
	assert_int_equal(jint(waktu(after, "pengajuan", today), "jumlah"),
			 jint(waktu(before, "pengajuan", today), "jumlah") + 1);
	json_decref(after);

	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_int_equal(status, 204);
	json_decref(j);
	after = report(q);
	assert_int_equal(jint(json_object_get(after, "pengajuan"), "total"),
			 jint(json_object_get(before, "pengajuan"), "total"));
	assert_int_equal(status_count(after, "DRAFT"), status_count(before, "DRAFT"));
	json_decref(after);
	json_decref(before);
	free(kode);
}

/* A registration approved and one rejected by a verifier are counted today. */
static void test_live_registrations_counted(void **st)
{
	char today[11], q[64];
	struct client *c = client_new(&S);
	struct resp r;
	json_t *before, *after, *j;
	long long id1, id2;
	long status;

	(void)st;
	today_wib(today);
	snprintf(q, sizeof q, "dari=%s&sampai=%s", today, today);
	before = report(q);
	assert_int_equal(register_pemohon(c, "3326071505900011", PW, &r), 0);
	resp_free(&r);
	client_free(c);
	c = client_new(&S);
	assert_int_equal(register_pemohon(c, "3326071505900012", PW, &r), 0);
	resp_free(&r);
	client_free(c);
	id1 = srv_id(&S, "pemohon", "nik", "3326071505900011");
	id2 = srv_id(&S, "pemohon", "nik", "3326071505900012");
	assert_true(id1 > 0 && id2 > 0);
	j = api_json(&S, "POST", pathf("/api/v1/staf/pendaftaran/%lld/setujui", id1), json_object(), tok_ver, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	j = api_json(&S, "POST", pathf("/api/v1/staf/pendaftaran/%lld/tolak", id2),
		json_pack("{s:s}", "alasan", "Foto KK tidak terbaca, mohon daftar ulang."), tok_ver, &status);
	assert_int_equal(status, 200);
	json_decref(j);

	after = report(q);
	assert_int_equal(jint(json_object_get(after, "pendaftaran"), "disetujui"),
			 jint(json_object_get(before, "pendaftaran"), "disetujui") + 1);
	assert_int_equal(jint(json_object_get(after, "pendaftaran"), "ditolak"),
			 jint(json_object_get(before, "pendaftaran"), "ditolak") + 1);
	assert_int_equal(jint(waktu(after, "pendaftaran", today), "disetujui"),
			 jint(waktu(before, "pendaftaran", today), "disetujui") + 1);
	json_decref(after);
	json_decref(before);
}

/* Without dari/sampai: from the first of this month to today. */
static void test_api_default_period(void **st)
{
	char today[11], first[11];
	json_t *rep = report(NULL);

	(void)st;
	today_wib(today);
	memcpy(first, today, 8);
	memcpy(first + 8, "01", 3);
	assert_string_equal(jstr(json_object_get(rep, "periode"), "dari"), first);
	assert_string_equal(jstr(json_object_get(rep, "periode"), "sampai"), today);
	json_decref(rep);
}

/* An officer limited to some services sees only those: in the numbers, the
 * steps (kept months too), the service list, and any other is unknown. */
static void test_limited_officer_sees_own_services(void **st)
{
	struct resp r;
	long status;
	json_t *j;
	int round;

	(void)st;
	assert_int_equal(srv_db_exec(&S, "INSERT INTO staf_layanan (staf_id, layanan_id) VALUES (%lld, %lld)", id_ttd, snd),
			 0);
	for (round = 0; round < 2; round++) {
		const char *q = round ? "dari=2023-01-01&sampai=2023-12-31" : MARCH;

		j = api_json(&S, "GET", pathf("/api/v1/staf/laporan?%s", q), NULL, tok_ttd, &status);
		assert_int_equal(status, 200);
		assert_int_equal(json_array_size(json_object_get(json_object_get(j, "pengajuan"), "per_layanan")), 1);
		assert_non_null(layanan_row(j, SVC));
		assert_int_equal(status_count(j, "DIPROSES"), 0);
		assert_null(step(j, "input-siak"));
		assert_non_null(step(j, "konsolidasi-manual"));
		assert_int_equal(jint(json_object_get(j, "pengajuan"), "total"), round ? 308 : 8);
		/* registrations are not a service's: the same for everyone */
		assert_int_equal(jint(json_object_get(j, "pendaftaran"), "disetujui"), round ? 56 : 6);
		json_decref(j);
	}
	j = api_json(&S, "GET", "/api/v1/staf/laporan?" MARCH "&layanan=kk-hilang-rusak", NULL, tok_ttd, &status);
	assert_int_equal(status, 422);
	assert_non_null(field_msg(j, "layanan"));
	json_decref(j);
	assert_int_equal(page_get(&S, web_ttd, "/staf/laporan?" MARCH, 200, &r), 0);
	assert_true(resp_has(&r, "<option value=\"" SVC "\""));
	assert_false(resp_has(&r, "<option value=\"kk-hilang-rusak\""));
	assert_false(resp_has(&r, "Input Data SIAK"));
	resp_free(&r);
	assert_int_equal(page_get(&S, web_ttd, "/staf/laporan/unduh?format=csv&" MARCH, 200, &r), 0);
	assert_false(body_has(&r, "KK Hilang/Rusak"));
	assert_true(body_has(&r, "\r\nJumlah;2;0;0;0;0;0;0;6;8\r\n"));
	resp_free(&r);
	/* the admin, without a limit, still sees everything */
	j = report(MARCH);
	assert_int_equal(jint(json_object_get(j, "pengajuan"), "total"), 11);
	json_decref(j);
	assert_int_equal(srv_db_exec(&S, "DELETE FROM staf_layanan WHERE staf_id = %lld", id_ttd), 0);
}

/* ---- the page and the downloads ------------------------------------------- */

static void test_page_shows_report_and_charts(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, web_adm, "/staf/laporan?" MARCH, 200, &r), 0);
	assert_true(resp_has(&r, "Laporan Layanan"));
	/* the period, the day rows and the chart labels as people read dates */
	assert_true(resp_has(&r, "<strong>01-03-2023</strong> s.d. <strong>31-03-2023</strong>"));
	assert_true(resp_has(&r, "<tr><td>10-03-2023</td><td class=\"text-end\">10</td></tr>"));
	assert_true(resp_has(&r, "&quot;10-03-2023&quot;"));
	assert_false(resp_has(&r, "Maret 2023"));
	assert_false(resp_has(&r, "<td>2023-03-10</td>"));
	/* the service table, the step table (23 min average, p90 1 h 15 min) */
	assert_true(resp_has(&r, "Sinkronisasi Data"));
	assert_true(resp_has(&r, "Konsolidasi Manual"));
	assert_true(resp_has(&r, "23 mnt"));
	assert_true(resp_has(&r, "1 jam 15 mnt"));
	assert_true(resp_has(&r, "2 (20,0%)"));
	/* chart data as an escaped attribute, charts from files (CSP) */
	assert_true(resp_has(&r, "data-grafik=\"{&quot;waktu&quot;"));
	assert_true(resp_has(&r, "<script src=\"/vendor/chart/chart.min.js\"></script>"));
	assert_true(resp_has(&r, "/static/js/laporan.js?v="));
	assert_false(resp_has(&r, "<script>"));
	/* the form keeps the period; download links carry it */
	assert_true(resp_has(&r, "value=\"2023-03-01\""));
	assert_true(resp_has(&r, "/staf/laporan/unduh?format=csv&amp;dari=2023-03-01&amp;sampai=2023-03-31"));
	assert_true(resp_has(&r, "/staf/laporan/unduh?format=xlsx&amp;dari=2023-03-01&amp;sampai=2023-03-31"));
	resp_free(&r);

	/* the head of office reads it too; a service filter shows in the select */
	assert_int_equal(page_get(&S, web_ttd, "/staf/laporan?" MARCH "&layanan=" SVC, 200, &r), 0);
	assert_true(resp_has(&r, "<option value=\"" SVC "\" selected>"));
	resp_free(&r);

	/* without parameters: this month */
	assert_int_equal(page_get(&S, web_adm, "/staf/laporan", 200, &r), 0);
	assert_true(resp_has(&r, "Pengajuan masuk per hari"));
	resp_free(&r);
}

static void test_chart_assets_served(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, c, "/vendor/chart/chart.min.js", 200, &r), 0);
	assert_true(resp_has(&r, "Chart.js v"));
	resp_free(&r);
	assert_int_equal(page_get(&S, c, "/static/js/laporan.js", 200, &r), 0);
	assert_true(resp_has(&r, "laporan-grafik"));
	resp_free(&r);
	client_free(c);
}

static void test_csv_download(void **st)
{
	long long before = audits(id_adm, "format=csv layanan=semua");
	struct resp r;
	char *ct, *cd;

	(void)st;
	assert_int_equal(page_get(&S, web_adm, "/staf/laporan/unduh?format=csv&" MARCH, 200, &r), 0);
	ct = resp_header(&r, "Content-Type");
	cd = resp_header(&r, "Content-Disposition");
	assert_non_null(ct);
	assert_non_null(cd);
	assert_non_null(strstr(ct, "text/csv"));
	assert_non_null(strstr(cd, "attachment"));
	assert_non_null(strstr(cd, "laporan-2023-03-01-2023-03-31.csv"));
	free(ct);
	free(cd);
	/* UTF-8 with BOM, ';' separated, CRLF */
	assert_true(r.len > 3 && !memcmp(r.body, "\xEF\xBB\xBF", 3));
	assert_true(body_has(&r, "Periode;01-03-2023;31-03-2023\r\n"));
	assert_true(body_has(&r, "Layanan;Pengajuan Draft;Pengajuan Dikirim;Dikembalikan untuk Diperbaiki;Disetujui;"
				 "Dibatalkan;Diproses;Sudah Terbit TTE;Selesai;Jumlah\r\n"));
	assert_true(body_has(&r, "\r\nSinkronisasi Data;2;0;0;0;0;0;0;6;8\r\n"));
	assert_true(body_has(&r, "\r\nJumlah;2;0;0;0;0;3;0;6;11\r\n"));
	assert_true(body_has(&r, "\r\nTanggal;Jumlah\r\n01-03-2023;0\r\n"));
	assert_true(body_has(&r, "\r\n10-03-2023;10\r\n"));
	assert_true(body_has(&r, "\r\n05-03-2023;4;1\r\n"));  /* registrations per day */
	assert_false(body_has(&r, "2023-03-"));
	/* minutes with a decimal comma */
	assert_true(body_has(&r, "\r\nSinkronisasi Data;Konsolidasi Manual;10;23,0;75,3;60,0;2;20,0\r\n"));
	/* the formula guard and the quoting: =1+2;"x" becomes "'=1+2;""x""" */
	assert_true(body_has(&r, "\r\nSinkronisasi Data;\"'=1+2;\"\"x\"\"\";1;60,0;59,0;;0;0,0\r\n"));
	assert_false(body_has(&r, ";=1+2"));
	assert_true(body_has(&r, "\r\nJumlah;6;1\r\n"));
	resp_free(&r);
	/* the download is in the audit log, with who and what */
	assert_int_equal(audits(id_adm, "format=csv layanan=semua"), before + 1);
}

/* A year is reported per month: months read "MM-YYYY" in the download. */
static void test_csv_download_months(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, web_adm, "/staf/laporan/unduh?format=csv&dari=2023-01-01&sampai=2023-12-31", 200,
				  &r), 0);
	assert_true(body_has(&r, "Periode;01-01-2023;31-12-2023\r\n"));
	assert_true(body_has(&r, "\r\nBulan;Jumlah\r\n01-2023;"));
	assert_true(body_has(&r, "\r\n02-2023;100\r\n"));
	assert_true(body_has(&r, "\r\n12-2023;"));
	assert_false(body_has(&r, "2023-02"));
	resp_free(&r);
}

static void test_xlsx_download(void **st)
{
	long long before = audits(id_ttd, "format=xlsx layanan=" SVC);
	char path[512], cmd[600], line[512];
	struct resp r;
	FILE *f, *p;
	int workbook = 0, sheets = 0;
	char *ct;

	(void)st;
	assert_int_equal(page_get(&S, web_ttd, "/staf/laporan/unduh?format=xlsx&" MARCH "&layanan=" SVC, 200, &r), 0);
	ct = resp_header(&r, "Content-Type");
	assert_non_null(ct);
	assert_string_equal(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	free(ct);
	assert_true(r.len > 1000 && !memcmp(r.body, "PK", 2));
	snprintf(path, sizeof path, "%s/unduhan.xlsx", S.dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r.body, 1, r.len, f), r.len);
	fclose(f);
	resp_free(&r);
	snprintf(cmd, sizeof cmd, "unzip -l '%s'", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof line, p)) {
		if (strstr(line, "xl/workbook.xml"))
			workbook = 1;
		if (strstr(line, "xl/worksheets/sheet"))
			sheets++;
	}
	assert_int_equal(pclose(p), 0);
	assert_int_equal(workbook, 1);
	assert_int_equal(sheets, 3);
	/* the sheet names and a number of the report */
	snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/workbook.xml xl/sharedStrings.xml", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	{
		char all[65536];
		size_t n = fread(all, 1, sizeof all - 1, p);

		all[n] = '\0';
		assert_non_null(strstr(all, "name=\"Pengajuan\""));
		assert_non_null(strstr(all, "name=\"Langkah\""));
		assert_non_null(strstr(all, "name=\"Pendaftaran\""));
		assert_non_null(strstr(all, "Konsolidasi Manual"));
		/* dates as people read them, as text cells */
		assert_non_null(strstr(all, "<t>01-03-2023</t>"));
		assert_non_null(strstr(all, "<t>31-03-2023</t>"));
		assert_non_null(strstr(all, "<t>10-03-2023</t>"));
		assert_null(strstr(all, "2023-03-"));
	}
	pclose(p);
	unlink(path);
	/* nothing left behind in the temporary directory */
	snprintf(cmd, sizeof cmd, "ls '%s'/tmp | grep -c laporan", S.dir);
	p = popen(cmd, "r");
	assert_non_null(fgets(line, sizeof line, p));
	pclose(p);
	assert_int_equal(atoi(line), 0);
	assert_int_equal(audits(id_ttd, "format=xlsx layanan=" SVC), before + 1);
}

/* ---- refusals --------------------------------------------------------------- */

static void expect_422(const char *query, const char *field)
{
	long st;
	json_t *j = api_json(&S, "GET", pathf("/api/v1/staf/laporan?%s", query), NULL, tok_adm, &st);

	assert_int_equal(st, 422);
	assert_non_null(j);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, field));
	assert_true(strlen(field_msg(j, field)) > 10);
	json_decref(j);
}

static void test_bad_api_parameters(void **st)
{
	(void)st;
	expect_422("dari=2023-02-30&sampai=2023-03-31", "dari");
	expect_422("dari=2023-03-01&sampai=2023-13-01", "sampai");
	expect_422("dari=01-03-2023&sampai=2023-03-31", "dari");      /* the API takes ISO dates only */
	expect_422("dari=kemarin", "dari");
	expect_422("dari=2023-03-31&sampai=2023-03-01", "sampai");
	expect_422("dari=2018-01-01&sampai=2023-01-02", "sampai");   /* over five years */
	expect_422(MARCH "&layanan=tidak-ada", "layanan");
	expect_422(MARCH "&layanan=%27%3B--", "layanan");
}

static void test_bad_page_parameters(void **st)
{
	long long before = srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'laporan.unduh'");
	struct resp r;
	char *v;

	(void)st;
	assert_int_equal(page_get(&S, web_adm, "/staf/laporan?dari=2023-03-31&sampai=2023-03-01&layanan=" SVC, 422, &r), 0);
	assert_true(resp_has(&r, "Tanggal akhir tidak boleh sebelum tanggal awal."));
	v = html_field(r.body, "dari");
	assert_non_null(v);
	assert_string_equal(v, "2023-03-31");
	free(v);
	assert_true(resp_has(&r, "<option value=\"" SVC "\" selected>"));
	assert_false(resp_has(&r, "data-grafik"));
	resp_free(&r);

	assert_int_equal(page_get(&S, web_adm, "/staf/laporan?dari=2023-03-01&sampai=2023-03-31&layanan=tidak-ada", 422,
				  &r), 0);
	assert_true(resp_has(&r, "Jenis layanan tidak ditemukan."));
	resp_free(&r);

	assert_int_equal(page_get(&S, web_adm, "/staf/laporan?dari=2015-01-01&sampai=2023-03-31", 422, &r), 0);
	assert_true(resp_has(&r, "paling panjang 5 tahun"));
	resp_free(&r);

	/* downloads: the same checks, and a known format; nothing audited */
	assert_int_equal(page_get(&S, web_adm, "/staf/laporan/unduh?format=pdf&" MARCH, 422, &r), 0);
	assert_true(resp_has(&r, "Format unduhan harus csv atau xlsx."));
	resp_free(&r);
	assert_int_equal(page_get(&S, web_adm, "/staf/laporan/unduh?format=csv&dari=2023-03-01&sampai=2023-02-01", 422,
				  &r), 0);
	assert_true(resp_has(&r, "Tanggal akhir tidak boleh sebelum tanggal awal."));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'laporan.unduh'"), before);
}

static void test_bad_roles_refused(void **st)
{
	struct client *anon = client_new(&S);
	struct resp r;
	long status;
	json_t *j;

	(void)st;
	assert_int_equal(page_get(&S, web_ver, "/staf/laporan", 403, &r), 0);
	resp_free(&r);
	assert_int_equal(page_get(&S, web_op, "/staf/laporan?" MARCH, 403, &r), 0);
	resp_free(&r);
	assert_int_equal(page_get(&S, web_ver, "/staf/laporan/unduh?format=csv&" MARCH, 403, &r), 0);
	assert_false(body_has(&r, "Sinkronisasi Data;"));
	resp_free(&r);
	assert_int_equal(page_get(&S, web_op, "/staf/laporan/unduh?format=xlsx&" MARCH, 403, &r), 0);
	resp_free(&r);
	/* no login: to the login page */
	assert_int_equal(client_get(anon, "/staf/laporan", &r), 0);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	assert_int_equal(page_get(&S, anon, "/staf/laporan/unduh?format=csv&" MARCH, 303, &r), 0);
	resp_free(&r);
	client_free(anon);

	j = api_json(&S, "GET", "/api/v1/staf/laporan?" MARCH, NULL, tok_ver, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	j = api_json(&S, "GET", "/api/v1/staf/laporan?" MARCH, NULL, tok_op, &status);
	assert_int_equal(status, 403);
	json_decref(j);
	j = api_json(&S, "GET", "/api/v1/staf/laporan?" MARCH, NULL, tok_a, &status);
	assert_int_equal(status, 403);
	json_decref(j);
	j = api_json(&S, "GET", "/api/v1/staf/laporan?" MARCH, NULL, NULL, &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	j = api_json(&S, "GET", "/api/v1/staf/laporan?" MARCH, NULL, "bukan-token", &status);
	assert_int_equal(status, 401);
	json_decref(j);
	/* the penandatangan's token works */
	j = api_json(&S, "GET", "/api/v1/staf/laporan?" MARCH, NULL, tok_ttd, &status);
	assert_int_equal(status, 200);
	assert_int_equal(jint(json_object_get(j, "pengajuan"), "total"), 11);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_counts_rollups_in_period),
		cmocka_unit_test(test_api_period_edges),
		cmocka_unit_test(test_api_service_filter_and_months),
		cmocka_unit_test(test_api_step_average_and_p90),
		cmocka_unit_test(test_api_steps_kept_months),
		cmocka_unit_test(test_api_steps_today_counted),
		cmocka_unit_test(test_live_application_counted),
		cmocka_unit_test(test_live_registrations_counted),
		cmocka_unit_test(test_api_default_period),
		cmocka_unit_test(test_limited_officer_sees_own_services),
		cmocka_unit_test(test_page_shows_report_and_charts),
		cmocka_unit_test(test_chart_assets_served),
		cmocka_unit_test(test_csv_download),
		cmocka_unit_test(test_csv_download_months),
		cmocka_unit_test(test_xlsx_download),
		cmocka_unit_test(test_bad_api_parameters),
		cmocka_unit_test(test_bad_page_parameters),
		cmocka_unit_test(test_bad_roles_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
