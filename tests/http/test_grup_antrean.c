// SPDX-License-Identifier: MIT
// HTTP tests of Grup Pemohon applications on the officers' side: queue badge and filter, who made it and in which mode, the report per group.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

#define PW "Feb1702."
#define STAF_PW "Petugas-2024"
/* The member account who acts (a teacher), and the residents (pupils) it
 * applies for. */
#define NIK_A "3326071505900001"
#define NIK_A_MASKED "3326********0001"
#define NIK_S "3374014101950003"
#define NIK_S_MASKED "3374********0003"
#define SND "sinkronisasi-data"

#define SMA "SMA Negeri 1 Kajen"
#define PKM "Puskesmas Kajen"
#define G_SMA 7
#define G_PKM 9

static struct srv S;
static char *tok_a, *tok_adm;
static struct client *adm;
/* Four applications for the school, one for the health facility, one in
 * personal mode; k[4] is approved. */
static char *k_sma[4], *k_pkm, *k_pribadi;

/* ---- helpers ------------------------------------------------------------ */

/* A Sinkronisasi Data application for resident nik/nama, sent by the
 * member (caller frees the code). */
static char *sent(const char *nik, const char *nama)
{
	char *kode = api_create(&S, tok_a,
				json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SND, "nik", nik, "nama", nama,
					  "detail", "Data tidak terbaca di BPJS.", "isian", "permasalahan_data",
					  "NIK tidak ditemukan di BPJS."));

	assert_non_null(kode);
	assert_int_equal(api_upload(&S, tok_a, kode, "foto-kartu-keluarga", "foto.jpg", NULL, NULL), 0);
	assert_int_equal(api_upload(&S, tok_a, kode, "foto-ktp-el", "foto.jpg", NULL, NULL), 0);
	assert_int_equal(api_kirim(&S, tok_a, kode, "otomatis"), 0);
	return kode;
}

/* Marks application kode as made in the mode of group grup_id (set-up: the
 * resident side's group mode has its own tests). */
static void made_for(const char *kode, int grup_id)
{
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET grup_id = %d WHERE kode = '%s'", grup_id, kode), 0);
}

static long get(const char *path, struct resp *r)
{
	assert_int_equal(client_get(adm, path, r), 0);
	return r->status;
}

/* The <tr> of application kode in a queue page (caller frees), or NULL. */
static char *row_of(const char *html, const char *kode)
{
	const char *p = strstr(html, pathf("href=\"/staf/pengajuan/%s\"", kode)), *start, *end;

	if (!p)
		return NULL;
	for (start = p; start > html && strncmp(start, "<tr", 3); start--)
		;
	end = strstr(p, "</tr>");
	assert_non_null(end);
	return strndup(start, (size_t)(end - start));
}

/* 1 when the queue page lists kode with the badge of group nama (or, with
 * nama NULL, without any group badge). */
static int row_badge(const char *html, const char *kode, const char *nama)
{
	char *row = row_of(html, kode);
	int ok;

	if (!row) {
		fprintf(stderr, "%s not listed\n", kode);
		return 0;
	}
	ok = nama ? strstr(row, pathf(">Grup: %s</span>", nama)) != NULL : strstr(row, "grup-badge") == NULL;
	if (!ok)
		fprintf(stderr, "row of %s: %s\n", kode, row);
	free(row);
	return ok;
}

/* The API queue with query (admin), asserting 200. */
static json_t *api_queue(const char *query)
{
	long st;
	json_t *j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan?%s", query), NULL, tok_adm, &st);

	assert_int_equal(st, 200);
	assert_non_null(j);
	return j;
}

static const json_t *grup_row(const json_t *rep, long long id)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(rep, "pengajuan"), "per_grup"), i, v)
		if (jint(v, "id") == id)
			return v;
	fail_msg("no row for group %lld", id);
	return NULL;
}

static long long per_status(const json_t *row, const char *status)
{
	return json_integer_value(json_object_get(json_object_get(row, "per_status"), status));
}

/* Today in WIB as YYYY-MM-DD. */
static void today_wib(char out[11])
{
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- set-up ------------------------------------------------------------- */

static int setup(void **st)
{
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", "LOKET_PAGE_SIZE=3", NULL };
	long code;
	json_t *j;
	int i;

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	tok_a = pemohon_active_token(&S, NIK_A, PW);
	tok_adm = staf_api_token(&S, "adm2", "admin", "Adi Admin");
	adm = staf_ready(&S, "adm1", "admin", "Ani Admin", STAF_PW);
	if (!tok_a || !tok_adm || !adm)
		return -1;
	if (srv_db_exec(&S, "INSERT INTO grup (id, nama, jenis, aktif, created_at, updated_at) VALUES (%d, '%s', "
			"'sekolah', 1, 0, 0), (%d, '%s', 'faskes', 1, 0, 0)", G_SMA, SMA, G_PKM, PKM) < 0)
		return -1;
	for (i = 0; i < 4; i++) {
		k_sma[i] = sent(NIK_S, "Rina Siswi");
		made_for(k_sma[i], G_SMA);
	}
	k_pkm = sent(NIK_S, "Rina Siswi");
	made_for(k_pkm, G_PKM);
	k_pribadi = sent(NIK_A, "Siti Aminah");
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/setujui", k_sma[3]), json_object(), tok_adm, &code);
	json_decref(j);
	return code == 200 ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	for (int i = 0; i < 4; i++)
		free(k_sma[i]);
	free(k_pkm);
	free(k_pribadi);
	free(tok_a);
	free(tok_adm);
	client_free(adm);
	return srv_stop(&S);
}

/* ---- the queue page ------------------------------------------------------- */

static void test_queue_badge_only_on_group_rows(void **st)
{
	struct resp r;

	(void)st;
	/* newest first: the personal one, the health facility's, then the school's */
	assert_int_equal(get("/staf/pengajuan", &r), 200);
	assert_true(row_badge(r.body, k_pribadi, NULL));
	assert_true(row_badge(r.body, k_pkm, PKM));
	assert_true(row_badge(r.body, k_sma[3], SMA));
	/* the filter offers every mode */
	assert_true(resp_has(&r, "<option value=\"\" selected>Semua</option>"));
	assert_true(resp_has(&r, "<option value=\"0\">Pemohon Pribadi</option>"));
	assert_true(resp_has(&r, pathf("<option value=\"%d\">%s</option>", G_PKM, PKM)));
	/* the queue keeps masking: neither the member's nor the residents' NIK */
	assert_false(resp_has(&r, NIK_A));
	assert_false(resp_has(&r, NIK_S));
	resp_free(&r);
}

static void test_queue_filter_personal(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(get("/staf/pengajuan?grup=0", &r), 200);
	assert_true(row_badge(r.body, k_pribadi, NULL));
	assert_null(strstr(r.body, k_pkm));
	assert_null(strstr(r.body, k_sma[0]));
	assert_null(strstr(r.body, "grup-badge"));
	assert_true(resp_has(&r, ">1 pengajuan ditemukan."));
	assert_true(resp_has(&r, "<option value=\"0\" selected>Pemohon Pribadi</option>"));
	resp_free(&r);
}

static void test_queue_filter_group_pages_and_other_filters(void **st)
{
	struct resp r;
	char *row;

	(void)st;
	/* four of the school's in pages of three; the pager keeps the filter */
	assert_int_equal(get(pathf("/staf/pengajuan?grup=%d", G_SMA), &r), 200);
	assert_true(resp_has(&r, ">4 pengajuan ditemukan."));
	assert_int_equal(str_count(r.body, pathf(">Grup: %s</span>", SMA)), 3);
	assert_null(strstr(r.body, k_pkm));
	assert_null(strstr(r.body, k_pribadi));
	assert_true(resp_has(&r, pathf("grup=%d&amp;", G_SMA)) || resp_has(&r, pathf("grup=%d&", G_SMA)));
	assert_true(resp_has(&r, pathf("<option value=\"%d\" selected>%s</option>", G_SMA, SMA)));
	resp_free(&r);
	assert_int_equal(get(pathf("/staf/pengajuan?grup=%d&page=2", G_SMA), &r), 200);
	assert_int_equal(str_count(r.body, pathf(">Grup: %s</span>", SMA)), 1);
	assert_true(row_badge(r.body, k_sma[0], SMA));
	resp_free(&r);
	/* with a status and a search */
	assert_int_equal(get(pathf("/staf/pengajuan?grup=%d&status=DISETUJUI", G_SMA), &r), 200);
	assert_true(resp_has(&r, ">1 pengajuan ditemukan."));
	assert_true(row_badge(r.body, k_sma[3], SMA));
	resp_free(&r);
	assert_int_equal(get(pathf("/staf/pengajuan?grup=%d&q=%s", G_PKM, k_sma[1]), &r), 200);
	assert_true(resp_has(&r, "id=\"kosong\""));
	resp_free(&r);
	assert_int_equal(get(pathf("/staf/pengajuan?grup=%d&q=%s", G_SMA, k_sma[1]), &r), 200);
	row = row_of(r.body, k_sma[1]);
	assert_non_null(row);
	free(row);
	resp_free(&r);
}

static void test_queue_bad_grup_page_ignored(void **st)
{
	static const char *const bad[] = { "abc", "999", "-1", "1e3", "%27%20OR%201%3D1" };
	struct resp r;

	(void)st;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(get(pathf("/staf/pengajuan?grup=%s", bad[i]), &r), 200);
		assert_true(resp_has(&r, "Grup tidak dikenal"));
		assert_true(resp_has(&r, ">6 pengajuan ditemukan."));
		assert_true(resp_has(&r, "<option value=\"\" selected>Semua</option>"));
		resp_free(&r);
	}
}

/* ---- the queue API ------------------------------------------------------- */

static void test_api_queue_grup_field_and_filter(void **st)
{
	json_t *j, *v;
	size_t i;

	(void)st;
	j = api_queue("grup=0");
	assert_int_equal(jint(j, "total"), 1);
	v = json_array_get(json_object_get(j, "pengajuan"), 0);
	assert_string_equal(jstr(v, "kode"), k_pribadi);
	assert_true(json_is_null(json_object_get(v, "grup")));
	json_decref(j);

	j = api_queue(pathf("grup=%d&halaman=2", G_SMA));
	assert_int_equal(jint(j, "total"), 4);
	assert_int_equal(jint(j, "jumlah_halaman"), 2);
	assert_int_equal(json_array_size(json_object_get(j, "pengajuan")), 1);
	json_array_foreach(json_object_get(j, "pengajuan"), i, v) {
		assert_int_equal(jint(json_object_get(v, "grup"), "id"), G_SMA);
		assert_string_equal(jstr(json_object_get(v, "grup"), "nama"), SMA);
		assert_string_equal(jstr(v, "nik"), NIK_S_MASKED);
	}
	json_decref(j);

	j = api_queue(pathf("grup=%d&layanan=%s", G_PKM, SND));
	assert_int_equal(jint(j, "total"), 1);
	v = json_array_get(json_object_get(j, "pengajuan"), 0);
	assert_string_equal(jstr(v, "kode"), k_pkm);
	assert_string_equal(jstr(json_object_get(v, "grup"), "nama"), PKM);
	json_decref(j);

	/* within a work queue: the approved one has left verification */
	j = api_queue(pathf("grup=%d&antrean=verifikasi", G_SMA));
	assert_int_equal(jint(j, "total"), 3);
	json_decref(j);
	j = api_queue(pathf("grup=%d&antrean=proses", G_SMA));
	assert_int_equal(jint(j, "total"), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k_sma[3]);
	json_decref(j);

	/* no filter: every mode */
	j = api_queue("urut=lama");
	assert_int_equal(jint(j, "total"), 6);
	v = json_array_get(json_object_get(j, "pengajuan"), 0);
	assert_int_equal(jint(json_object_get(v, "grup"), "id"), G_SMA);
	json_decref(j);
}

static void test_api_queue_bad_grup(void **st)
{
	static const char *const bad[] = { "abc", "999", "-1", "0x1", "12345678901234567890" };
	long code;
	json_t *j;

	(void)st;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan?grup=%s", bad[i]), NULL, tok_adm, &code);
		assert_non_null(field_msg(j, "grup"));
		assert_true(api_error_is(j, code, 422, "data_tidak_valid"));
	}
}

/* ---- the application screen -------------------------------------------- */

static void test_detail_shows_submitter_and_mode(void **st)
{
	struct resp r;
	long code;
	json_t *j;

	(void)st;
	assert_int_equal(get(pathf("/staf/pengajuan/%s", k_sma[0]), &r), 200);
	assert_true(resp_has(&r, "Diajukan oleh</dt>"));
	assert_true(resp_has(&r, "id=\"diajukan-oleh\">Siti Aminah (<span class=\"font-monospace\">" NIK_A_MASKED
				 "</span>)</dd>"));
	assert_true(resp_has(&r, "id=\"mode-pengajuan\">Grup " SMA " (Sekolah)</dd>"));
	/* the resident's NIK is the application's own; the member's stays masked */
	assert_true(resp_has(&r, NIK_S));
	assert_false(resp_has(&r, NIK_A));
	resp_free(&r);

	assert_int_equal(get(pathf("/staf/pengajuan/%s", k_pribadi), &r), 200);
	assert_true(resp_has(&r, "id=\"mode-pengajuan\">Pemohon Pribadi</dd>"));
	assert_false(resp_has(&r, "grup-badge"));
	resp_free(&r);

	j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s", k_pkm), NULL, tok_adm, &code);
	assert_int_equal(code, 200);
	assert_string_equal(jstr(json_object_get(j, "diajukan_oleh"), "nama"), "Siti Aminah");
	assert_string_equal(jstr(json_object_get(j, "diajukan_oleh"), "nik"), NIK_A_MASKED);
	assert_int_equal(jint(json_object_get(j, "mode"), "grup_id"), G_PKM);
	assert_string_equal(jstr(json_object_get(j, "mode"), "nama"), PKM);
	assert_string_equal(jstr(json_object_get(j, "mode"), "jenis"), "faskes");
	assert_string_equal(jstr(json_object_get(j, "mode"), "jenis_label"), "Fasilitas Kesehatan");
	json_decref(j);

	j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s", k_pribadi), NULL, tok_adm, &code);
	assert_int_equal(code, 200);
	assert_int_equal(jint(json_object_get(j, "mode"), "grup_id"), 0);
	assert_string_equal(jstr(json_object_get(j, "mode"), "nama"), "Pemohon Pribadi");
	assert_true(json_is_null(json_object_get(json_object_get(j, "mode"), "jenis")));
	json_decref(j);
}

/* ---- the report ---------------------------------------------------------- */

static void test_report_counts_per_group(void **st)
{
	char today[11];
	const json_t *row;
	long code;
	json_t *j;
	char *txt;

	(void)st;
	today_wib(today);
	j = api_json(&S, "GET", pathf("/api/v1/staf/laporan?dari=%s&sampai=%s", today, today), NULL, tok_adm, &code);
	assert_int_equal(code, 200);
	row = grup_row(j, G_SMA);
	assert_string_equal(jstr(row, "nama"), SMA);
	assert_string_equal(jstr(row, "jenis"), "sekolah");
	assert_int_equal(jint(row, "total"), 4);
	assert_int_equal(per_status(row, "DIKIRIM"), 3);
	assert_int_equal(per_status(row, "DISETUJUI"), 1);
	assert_int_equal(jint(grup_row(j, G_PKM), "total"), 1);
	/* personal mode first: the rest of the period's applications */
	row = json_array_get(json_object_get(json_object_get(j, "pengajuan"), "per_grup"), 0);
	assert_int_equal(jint(row, "id"), 0);
	assert_string_equal(jstr(row, "nama"), "Pemohon Pribadi");
	assert_int_equal(jint(row, "total"), 1);
	assert_int_equal(per_status(row, "DIKIRIM"), 1);
	assert_int_equal(jint(json_object_get(j, "pengajuan"), "total"), 6);
	txt = json_dumps(j, 0);
	assert_null(strstr(txt, NIK_A));
	assert_null(strstr(txt, NIK_S));
	free(txt);
	json_decref(j);

	/* a period without them */
	j = api_json(&S, "GET", "/api/v1/staf/laporan?dari=2023-03-01&sampai=2023-03-31", NULL, tok_adm, &code);
	assert_int_equal(code, 200);
	assert_int_equal(jint(grup_row(j, G_SMA), "total"), 0);
	assert_int_equal(jint(grup_row(j, 0), "total"), 0);
	json_decref(j);
}

static void test_report_page_and_downloads_per_group(void **st)
{
	char today[11];
	struct resp r;

	(void)st;
	today_wib(today);
	assert_int_equal(get(pathf("/staf/laporan?dari=%s&sampai=%s", today, today), &r), 200);
	assert_true(resp_has(&r, "id=\"tabel-grup\""));
	assert_true(resp_has(&r, ">Per Grup Pemohon</h2>"));
	assert_true(resp_has(&r, "kartu-judul\">" SMA "</th>"));
	assert_true(resp_has(&r, "kartu-judul\">Pemohon Pribadi</th>"));
	assert_false(resp_has(&r, NIK_A));
	resp_free(&r);

	/* CSV: DRAFT, DIKIRIM, DIKEMBALIKAN, DISETUJUI, ... then the total */
	assert_int_equal(get(pathf("/staf/laporan/unduh?format=csv&dari=%s&sampai=%s", today, today), &r), 200);
	assert_true(resp_has(&r, "Pengajuan per Grup Pemohon dan status\r\nGrup;"));
	assert_true(resp_has(&r, "\r\n" SMA ";0;3;0;1;0;0;0;0;4\r\n"));
	assert_true(resp_has(&r, "\r\nPemohon Pribadi;0;1;0;0;0;0;0;0;1\r\n"));
	resp_free(&r);
	assert_int_equal(get(pathf("/staf/laporan/unduh?format=xlsx&dari=%s&sampai=%s", today, today), &r), 200);
	assert_true(r.len > 1000);
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_badge_only_on_group_rows),
		cmocka_unit_test(test_queue_filter_personal),
		cmocka_unit_test(test_queue_filter_group_pages_and_other_filters),
		cmocka_unit_test(test_queue_bad_grup_page_ignored),
		cmocka_unit_test(test_api_queue_grup_field_and_filter),
		cmocka_unit_test(test_api_queue_bad_grup),
		cmocka_unit_test(test_detail_shows_submitter_and_mode),
		cmocka_unit_test(test_report_counts_per_group),
		cmocka_unit_test(test_report_page_and_downloads_per_group),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
