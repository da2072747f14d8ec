// SPDX-License-Identifier: MIT
// Reports: numbers from the roll-ups and from live changes, period filtering, p90, CSV/XLSX downloads, API, roles.
#include <setjmp.h>
#include <stdarg.h>
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

static const char *P(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static const char *P(const char *fmt, ...)
{
	static char buf[8][512];
	static int slot;
	char *b = buf[slot++ % 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof buf[0], fmt, ap);
	va_end(ap);
	return b;
}

static json_t *api(const char *method, const char *path, json_t *body, const char *bearer, long *status)
{
	struct client *c = client_new(&S);
	char *txt = body ? json_dumps(body, JSON_COMPACT) : NULL;
	struct resp r;
	json_t *j = NULL;

	json_decref(body);
	assert_int_equal(client_json(c, method, path, txt, bearer, &r), 0);
	*status = r.status;
	if (r.len) {
		j = json_loads(r.body, 0, NULL);
		assert_non_null(j);
	}
	free(txt);
	resp_free(&r);
	client_free(c);
	return j;
}

static const char *str(const json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

static long long num(const json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

static int solve(const char *q)
{
	int a, b;
	char op[16];

	assert_non_null(q);
	assert_int_equal(sscanf(q, "Berapa %d %15s %d ?", &a, op, &b), 3);
	if (!strcmp(op, "ditambah"))
		return a + b;
	if (!strcmp(op, "dikurangi"))
		return a - b;
	assert_string_equal(op, "dikali");
	return a * b;
}

static char *applicant_token(const char *nik)
{
	struct client *c = client_new(&S);
	long st;
	json_t *cap, *j;
	char *t;

	assert_int_equal(pemohon_active(&S, c, nik, PW), 0);
	client_free(c);
	cap = api("GET", "/api/v1/captcha", NULL, NULL, &st);
	assert_int_equal(st, 200);
	j = api("POST", "/api/v1/sesi",
		json_pack("{s:s, s:s, s:s, s:i}", "nik", nik, "password", PW, "captcha_id", str(cap, "id"),
			  "captcha_jawaban", solve(str(cap, "question"))),
		NULL, &st);
	json_decref(cap);
	assert_int_equal(st, 201);
	t = strdup(str(j, "token"));
	json_decref(j);
	return t;
}

/* A staff account with a changed password: an API token and a logged-in
 * browser client. */
static char *staff(const char *user, const char *roles, struct client **web)
{
	char *pw = srv_admin_add(&S, user, roles), *t, *csrf;
	struct client *c = client_new(&S);
	struct form f;
	struct resp r;
	long st;
	json_t *j;

	assert_non_null(pw);
	assert_int_equal(form_fetch(c, "/staf/login", &f), 0);
	assert_int_equal(client_post(c, "/staf/login", &r, "csrf", f.csrf, "captcha_id", f.captcha_id, "captcha",
				     f.captcha, "username", user, "password", pw, NULL), 0);
	form_free(&f);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/password", &r), 0);
	csrf = html_field(r.body, "csrf");
	assert_non_null(csrf);
	resp_free(&r);
	assert_int_equal(client_post(c, "/staf/password", &r, "csrf", csrf, "password_lama", pw, "password", NEW_PW,
				     "password2", NEW_PW, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	free(csrf);
	j = api("POST", "/api/v1/staf/sesi", json_pack("{s:s, s:s}", "username", user, "password", NEW_PW), NULL, &st);
	assert_int_equal(st, 201);
	t = strdup(str(j, "token"));
	json_decref(j);
	free(pw);
	*web = c;
	return t;
}

/* The report from the API (admin), asserting 200. */
static json_t *report(const char *query)
{
	long st;
	json_t *j = api("GET", P("/api/v1/staf/laporan%s%s", query ? "?" : "", query ? query : ""), NULL, tok_adm, &st);

	assert_int_equal(st, 200);
	assert_non_null(j);
	return j;
}

static long long status_count(const json_t *rep, const char *status)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(rep, "pengajuan"), "per_status"), i, v)
		if (!strcmp(str(v, "status"), status))
			return num(v, "jumlah");
	fail_msg("no status %s", status);
	return -1;
}

static const json_t *layanan_row(const json_t *rep, const char *kode)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(rep, "pengajuan"), "per_layanan"), i, v)
		if (!strcmp(str(v, "kode"), kode))
			return v;
	return NULL;
}

static const json_t *waktu(const json_t *rep, const char *section, const char *periode)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(rep, section), "per_waktu"), i, v)
		if (!strcmp(str(v, "periode"), periode))
			return v;
	return NULL;
}

static const json_t *step(const json_t *rep, const char *kode)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(rep, "langkah"), i, v)
		if (!strcmp(str(v, "kode"), kode))
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

static long long audits(const char *detail)
{
	return srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'laporan.unduh' AND detail = '%s'", detail);
}

static void get(struct client *c, const char *path, struct resp *r)
{
	assert_int_equal(client_get(c, path, r), 0);
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
	tok_adm = staff("adm1", "admin", &web_adm);
	tok_ttd = staff("ttd1", "penandatangan", &web_ttd);
	tok_ver = staff("ver1", "verifikator", &web_ver);
	tok_op = staff("op1", "operator", &web_op);
	id_adm = srv_db_int(&S, "SELECT id FROM staf WHERE username = 'adm1'");
	id_ttd = srv_db_int(&S, "SELECT id FROM staf WHERE username = 'ttd1'");
	tok_a = applicant_token(NIK_A);
	snd = srv_db_int(&S, "SELECT id FROM layanan WHERE kode = 'sinkronisasi-data'");
	kkh = srv_db_int(&S, "SELECT id FROM layanan WHERE kode = 'kk-hilang-rusak'");
	if (snd <= 0 || kkh <= 0)
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
			"(%d, %lld, '%s', 168, 1, 3600, 0)",
			D_0315, snd, D_0315, snd, D_0301, snd, D_0331, snd, D_0401, snd, D_0315, snd, EVIL_STEP) < 0)
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
	assert_string_equal(str(per, "dari"), "2023-03-01");
	assert_string_equal(str(per, "sampai"), "2023-03-31");
	assert_int_equal(num(per, "jumlah_hari"), 31);
	assert_string_equal(str(per, "satuan"), "hari");
	assert_true(json_is_null(json_object_get(rep, "layanan")));
	/* 2 + 5 + 3 + 1; the 100 of 28 February and the 200 of 1 April are out */
	assert_int_equal(num(json_object_get(rep, "pengajuan"), "total"), 11);
	assert_int_equal(status_count(rep, "SELESAI"), 6);
	assert_int_equal(status_count(rep, "DRAFT"), 2);
	assert_int_equal(status_count(rep, "DIPROSES"), 3);
	assert_int_equal(status_count(rep, "DIKIRIM"), 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(rep, "pengajuan"), "per_status")), 8);
	row = layanan_row(rep, SVC);
	assert_non_null(row);
	assert_int_equal(num(row, "total"), 8);
	assert_int_equal(num(json_object_get(row, "per_status"), "SELESAI"), 6);
	assert_int_equal(num(json_object_get(layanan_row(rep, "kk-hilang-rusak"), "per_status"), "DIPROSES"), 3);
	/* one entry per day, the first and the last day included */
	assert_int_equal(json_array_size(json_object_get(json_object_get(rep, "pengajuan"), "per_waktu")), 31);
	assert_int_equal(num(waktu(rep, "pengajuan", "2023-03-10"), "jumlah"), 10);
	assert_int_equal(num(waktu(rep, "pengajuan", "2023-03-31"), "jumlah"), 1);
	assert_int_equal(num(waktu(rep, "pengajuan", "2023-03-01"), "jumlah"), 0);
	assert_null(waktu(rep, "pengajuan", "2023-02-28"));
	/* registrations: 4 + 2 approved, 1 rejected */
	assert_int_equal(num(json_object_get(rep, "pendaftaran"), "disetujui"), 6);
	assert_int_equal(num(json_object_get(rep, "pendaftaran"), "ditolak"), 1);
	assert_int_equal(num(waktu(rep, "pendaftaran", "2023-03-05"), "disetujui"), 4);
	assert_int_equal(num(waktu(rep, "pendaftaran", "2023-03-05"), "ditolak"), 1);
	json_decref(rep);
}

static void test_api_period_edges(void **st)
{
	json_t *rep;

	(void)st;
	/* a single day: the last day of February only */
	rep = report("dari=2023-02-28&sampai=2023-02-28");
	assert_int_equal(num(json_object_get(rep, "pengajuan"), "total"), 100);
	assert_int_equal(num(json_object_get(rep, "pendaftaran"), "disetujui"), 50);
	assert_int_equal(num(json_object_get(rep, "pendaftaran"), "ditolak"), 0);
	json_decref(rep);
	/* 28 February to 1 April: both neighbours come in */
	rep = report("dari=2023-02-28&sampai=2023-04-01");
	assert_int_equal(num(json_object_get(rep, "pengajuan"), "total"), 311);
	assert_int_equal(num(json_object_get(rep, "pendaftaran"), "ditolak"), 61);
	json_decref(rep);
	/* 2 to 30 March: neither the 1st (0 rows) nor the 31st */
	rep = report("dari=2023-03-02&sampai=2023-03-30");
	assert_int_equal(num(json_object_get(rep, "pengajuan"), "total"), 10);
	assert_int_equal(num(json_object_get(rep, "pendaftaran"), "disetujui"), 4);
	json_decref(rep);
}

static void test_api_service_filter_and_months(void **st)
{
	json_t *rep = report(MARCH "&layanan=" SVC), *arr;

	(void)st;
	assert_string_equal(str(json_object_get(rep, "layanan"), "kode"), SVC);
	assert_string_equal(str(json_object_get(rep, "layanan"), "nama"), "Sinkronisasi Data");
	assert_int_equal(num(json_object_get(rep, "pengajuan"), "total"), 8);
	assert_int_equal(status_count(rep, "DIPROSES"), 0);
	arr = json_object_get(json_object_get(rep, "pengajuan"), "per_layanan");
	assert_int_equal(json_array_size(arr), 1);
	json_decref(rep);

	/* the KK service has no steps: the table is empty */
	rep = report(MARCH "&layanan=kk-hilang-rusak");
	assert_int_equal(num(json_object_get(rep, "pengajuan"), "total"), 3);
	assert_int_equal(json_array_size(json_object_get(rep, "langkah")), 0);
	json_decref(rep);

	/* a year is charted per month */
	rep = report("dari=2023-01-01&sampai=2023-12-31");
	assert_string_equal(str(json_object_get(rep, "periode"), "satuan"), "bulan");
	assert_int_equal(json_array_size(json_object_get(json_object_get(rep, "pengajuan"), "per_waktu")), 12);
	assert_int_equal(num(waktu(rep, "pengajuan", "2023-02"), "jumlah"), 100);
	assert_int_equal(num(waktu(rep, "pengajuan", "2023-03"), "jumlah"), 11);
	assert_int_equal(num(waktu(rep, "pengajuan", "2023-04"), "jumlah"), 200);
	assert_int_equal(num(waktu(rep, "pendaftaran", "2023-04"), "ditolak"), 60);
	assert_int_equal(num(json_object_get(rep, "pengajuan"), "total"), 311);
	json_decref(rep);
}

static void test_api_step_average_and_p90(void **st)
{
	json_t *rep = report(MARCH);
	const json_t *k = step(rep, "konsolidasi-manual"), *s = step(rep, "sinkronisasi-dwh"), *e = step(rep, EVIL_STEP);

	(void)st;
	assert_non_null(k);
	assert_string_equal(str(k, "layanan_kode"), SVC);
	assert_string_equal(str(k, "nama"), "Konsolidasi Manual");
	assert_int_equal(num(k, "jumlah"), 10);
	assert_int_equal(num(k, "total_detik"), 13800);
	/* (8 x 600 + 2 x 4500) / 10, exact */
	assert_true(json_real_value(json_object_get(k, "rata_rata_detik")) == 1380.0);
	/* the 9th of 10 lies in the bucket of 4500 s: [4347, 4564), middle 4520 */
	assert_int_equal(num(k, "p90_detik"), 4520);
	assert_int_equal(num(k, "waktu_baku_detik"), 3600);
	assert_int_equal(num(k, "terlambat"), 2);
	assert_true(json_real_value(json_object_get(k, "persen_terlambat")) == 20.0);

	/* 9 of 10 in the bucket of 100 s: p90 is that bucket (middle 101 s) */
	assert_non_null(s);
	assert_int_equal(num(s, "jumlah"), 10);
	assert_int_equal(num(s, "p90_detik"), 101);
	assert_true(json_real_value(json_object_get(s, "rata_rata_detik")) == 810.0);
	assert_int_equal(num(s, "waktu_baku_detik"), 1800);
	assert_true(json_real_value(json_object_get(s, "persen_terlambat")) == 10.0);

	/* a step no longer in the definition: its code as name, no standard */
	assert_non_null(e);
	assert_string_equal(str(e, "nama"), EVIL_STEP);
	assert_true(json_is_null(json_object_get(e, "waktu_baku_detik")));
	/* definition order: konsolidasi-manual, sinkronisasi-dwh, then the rest */
	assert_int_equal(json_array_size(json_object_get(rep, "langkah")), 3);
	assert_string_equal(str(json_array_get(json_object_get(rep, "langkah"), 0), "kode"), "konsolidasi-manual");
	assert_string_equal(str(json_array_get(json_object_get(rep, "langkah"), 2), "kode"), EVIL_STEP);
	json_decref(rep);

	/* the April row (50 very late steps) changes nothing in March */
	rep = report("dari=2023-03-01&sampai=2023-04-01");
	assert_int_equal(num(step(rep, "konsolidasi-manual"), "jumlah"), 60);
	assert_int_equal(num(step(rep, "konsolidasi-manual"), "terlambat"), 52);
	json_decref(rep);
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
	j = api("POST", "/api/v1/pengajuan",
		json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SVC, "nik", NIK_A, "nama", "Siti Aminah",
			  "detail", "Data saya tidak terbaca di BPJS Kesehatan.", "isian", "permasalahan_data",
			  "NIK tidak ditemukan di BPJS Kesehatan."),
		tok_a, &status);
	assert_int_equal(status, 201);
	kode = strdup(str(j, "kode"));
	json_decref(j);

	after = report(q);
	assert_int_equal(num(json_object_get(after, "pengajuan"), "total"),
			 num(json_object_get(before, "pengajuan"), "total") + 1);
	assert_int_equal(status_count(after, "DRAFT"), status_count(before, "DRAFT") + 1);
	assert_int_equal(num(waktu(after, "pengajuan", today), "jumlah"),
			 num(waktu(before, "pengajuan", today), "jumlah") + 1);
	json_decref(after);

	j = api("DELETE", P("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_int_equal(status, 204);
	json_decref(j);
	after = report(q);
	assert_int_equal(num(json_object_get(after, "pengajuan"), "total"), num(json_object_get(before, "pengajuan"), "total"));
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
	id1 = srv_db_int(&S, "SELECT id FROM pemohon WHERE nik = '3326071505900011'");
	id2 = srv_db_int(&S, "SELECT id FROM pemohon WHERE nik = '3326071505900012'");
	assert_true(id1 > 0 && id2 > 0);
	j = api("POST", P("/api/v1/staf/pendaftaran/%lld/setujui", id1), json_object(), tok_ver, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	j = api("POST", P("/api/v1/staf/pendaftaran/%lld/tolak", id2),
		json_pack("{s:s}", "alasan", "Foto KK tidak terbaca, mohon daftar ulang."), tok_ver, &status);
	assert_int_equal(status, 200);
	json_decref(j);

	after = report(q);
	assert_int_equal(num(json_object_get(after, "pendaftaran"), "disetujui"),
			 num(json_object_get(before, "pendaftaran"), "disetujui") + 1);
	assert_int_equal(num(json_object_get(after, "pendaftaran"), "ditolak"),
			 num(json_object_get(before, "pendaftaran"), "ditolak") + 1);
	assert_int_equal(num(waktu(after, "pendaftaran", today), "disetujui"),
			 num(waktu(before, "pendaftaran", today), "disetujui") + 1);
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
	assert_string_equal(str(json_object_get(rep, "periode"), "dari"), first);
	assert_string_equal(str(json_object_get(rep, "periode"), "sampai"), today);
	json_decref(rep);
}

/* ---- the page and the downloads ------------------------------------------- */

static void test_page_shows_report_and_charts(void **st)
{
	struct resp r;

	(void)st;
	get(web_adm, "/staf/laporan?" MARCH, &r);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Laporan Layanan"));
	assert_true(resp_has(&r, "1 Maret 2023"));
	assert_true(resp_has(&r, "31 Maret 2023"));
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
	get(web_ttd, "/staf/laporan?" MARCH "&layanan=" SVC, &r);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "<option value=\"" SVC "\" selected>"));
	resp_free(&r);

	/* without parameters: this month */
	get(web_adm, "/staf/laporan", &r);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Pengajuan masuk per hari"));
	resp_free(&r);
}

static void test_chart_assets_served(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	get(c, "/vendor/chart/chart.min.js", &r);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Chart.js v"));
	resp_free(&r);
	get(c, "/static/js/laporan.js", &r);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "laporan-grafik"));
	resp_free(&r);
	client_free(c);
}

static void test_csv_download(void **st)
{
	long long before = audits("format=csv layanan=semua");
	struct resp r;
	char *ct, *cd;

	(void)st;
	get(web_adm, "/staf/laporan/unduh?format=csv&" MARCH, &r);
	assert_int_equal(r.status, 200);
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
	assert_true(body_has(&r, "Periode;2023-03-01;2023-03-31\r\n"));
	assert_true(body_has(&r, "Layanan;Pengajuan Draft;Pengajuan Dikirim;Dikembalikan untuk Diperbaiki;Disetujui;"
				 "Dibatalkan;Diproses;Sudah Terbit TTE;Selesai;Jumlah\r\n"));
	assert_true(body_has(&r, "\r\nSinkronisasi Data;2;0;0;0;0;0;0;6;8\r\n"));
	assert_true(body_has(&r, "\r\nJumlah;2;0;0;0;0;3;0;6;11\r\n"));
	assert_true(body_has(&r, "\r\n2023-03-10;10\r\n"));
	/* minutes with a decimal comma */
	assert_true(body_has(&r, "\r\nSinkronisasi Data;Konsolidasi Manual;10;23,0;75,3;60,0;2;20,0\r\n"));
	/* the formula guard and the quoting: =1+2;"x" becomes "'=1+2;""x""" */
	assert_true(body_has(&r, "\r\nSinkronisasi Data;\"'=1+2;\"\"x\"\"\";1;60,0;59,0;;0;0,0\r\n"));
	assert_false(body_has(&r, ";=1+2"));
	assert_true(body_has(&r, "\r\nJumlah;6;1\r\n"));
	resp_free(&r);
	/* the download is in the audit log, with who and what */
	assert_int_equal(audits("format=csv layanan=semua"), before + 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'laporan.unduh' AND staf_id = %lld"
				    " AND objek = 'laporan:2023-03-01..2023-03-31'", id_adm), before + 1);
}

static void test_xlsx_download(void **st)
{
	long long before = audits("format=xlsx layanan=" SVC);
	char path[512], cmd[600], line[512];
	struct resp r;
	FILE *f, *p;
	int workbook = 0, sheets = 0;
	char *ct;

	(void)st;
	get(web_ttd, "/staf/laporan/unduh?format=xlsx&" MARCH "&layanan=" SVC, &r);
	assert_int_equal(r.status, 200);
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
	}
	pclose(p);
	unlink(path);
	/* nothing left behind in the temporary directory */
	snprintf(cmd, sizeof cmd, "ls '%s'/tmp | grep -c laporan", S.dir);
	p = popen(cmd, "r");
	assert_non_null(fgets(line, sizeof line, p));
	pclose(p);
	assert_int_equal(atoi(line), 0);
	assert_int_equal(audits("format=xlsx layanan=" SVC), before + 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'laporan.unduh' AND staf_id = %lld",
				    id_ttd), before + 1);
}

/* ---- refusals --------------------------------------------------------------- */

static void expect_422(const char *query, const char *field)
{
	long st;
	json_t *j = api("GET", P("/api/v1/staf/laporan?%s", query), NULL, tok_adm, &st);

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
	get(web_adm, "/staf/laporan?dari=2023-03-31&sampai=2023-03-01&layanan=" SVC, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Tanggal akhir tidak boleh sebelum tanggal awal."));
	v = html_field(r.body, "dari");
	assert_non_null(v);
	assert_string_equal(v, "2023-03-31");
	free(v);
	assert_true(resp_has(&r, "<option value=\"" SVC "\" selected>"));
	assert_false(resp_has(&r, "data-grafik"));
	resp_free(&r);

	get(web_adm, "/staf/laporan?dari=2023-03-01&sampai=2023-03-31&layanan=tidak-ada", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Jenis layanan tidak ditemukan."));
	resp_free(&r);

	get(web_adm, "/staf/laporan?dari=2015-01-01&sampai=2023-03-31", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "paling panjang 5 tahun"));
	resp_free(&r);

	/* downloads: the same checks, and a known format; nothing audited */
	get(web_adm, "/staf/laporan/unduh?format=pdf&" MARCH, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Format unduhan harus csv atau xlsx."));
	resp_free(&r);
	get(web_adm, "/staf/laporan/unduh?format=csv&dari=2023-03-01&sampai=2023-02-01", &r);
	assert_int_equal(r.status, 422);
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
	char *loc;

	(void)st;
	get(web_ver, "/staf/laporan", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	get(web_op, "/staf/laporan?" MARCH, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	get(web_ver, "/staf/laporan/unduh?format=csv&" MARCH, &r);
	assert_int_equal(r.status, 403);
	assert_false(body_has(&r, "Sinkronisasi Data;"));
	resp_free(&r);
	get(web_op, "/staf/laporan/unduh?format=xlsx&" MARCH, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* no login: to the login page */
	get(anon, "/staf/laporan", &r);
	assert_int_equal(r.status, 303);
	loc = resp_header(&r, "Location");
	assert_non_null(loc);
	assert_string_equal(loc, "/staf/login");
	free(loc);
	resp_free(&r);
	get(anon, "/staf/laporan/unduh?format=csv&" MARCH, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	client_free(anon);

	j = api("GET", "/api/v1/staf/laporan?" MARCH, NULL, tok_ver, &status);
	assert_int_equal(status, 403);
	assert_string_equal(err_code(j), "akses_ditolak");
	json_decref(j);
	j = api("GET", "/api/v1/staf/laporan?" MARCH, NULL, tok_op, &status);
	assert_int_equal(status, 403);
	json_decref(j);
	j = api("GET", "/api/v1/staf/laporan?" MARCH, NULL, tok_a, &status);
	assert_int_equal(status, 403);
	json_decref(j);
	j = api("GET", "/api/v1/staf/laporan?" MARCH, NULL, NULL, &status);
	assert_int_equal(status, 401);
	assert_string_equal(err_code(j), "perlu_login");
	json_decref(j);
	j = api("GET", "/api/v1/staf/laporan?" MARCH, NULL, "bukan-token", &status);
	assert_int_equal(status, 401);
	json_decref(j);
	/* the penandatangan's token works */
	j = api("GET", "/api/v1/staf/laporan?" MARCH, NULL, tok_ttd, &status);
	assert_int_equal(status, 200);
	assert_int_equal(num(json_object_get(j, "pengajuan"), "total"), 11);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_counts_rollups_in_period),
		cmocka_unit_test(test_api_period_edges),
		cmocka_unit_test(test_api_service_filter_and_months),
		cmocka_unit_test(test_api_step_average_and_p90),
		cmocka_unit_test(test_live_application_counted),
		cmocka_unit_test(test_live_registrations_counted),
		cmocka_unit_test(test_api_default_period),
		cmocka_unit_test(test_page_shows_report_and_charts),
		cmocka_unit_test(test_chart_assets_served),
		cmocka_unit_test(test_csv_download),
		cmocka_unit_test(test_xlsx_download),
		cmocka_unit_test(test_bad_api_parameters),
		cmocka_unit_test(test_bad_page_parameters),
		cmocka_unit_test(test_bad_roles_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
