// SPDX-License-Identifier: MIT
// HTTP tests of the one date format people read (DD-MM-YYYY, HH:MM WIB) in pages and messages, and ISO in the API.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

#define PW "Feb1702."
#define STAF_PW "Petugas-2026"
#define NIK "3326071505900001"
#define NIK_AYAH "3326071203850003"
#define NIK_IBU "3326075508880004"

/* 2026-12-31 17:00:00 UTC: 00:00 WIB of the next day, and of the next
 * year. Every stored time the tests show is set to it. */
#define T_ROLLOVER 1798736400LL
#define SHOWN_ROLLOVER "01-01-2027 00:00 WIB"

static struct srv S;
static struct client *A;     /* the applicant, logged in */
static struct client *VER;   /* a verifier, logged in */
static char *tok;            /* the applicant's API token */
static char *tok_ver;        /* a verifier's API token */
static char *kode;           /* a sent Akta Kelahiran application */

/* The oracle: t as "DD-MM-YYYY HH:MM WIB" by the C library, not by
 * lib/waktu. */
static void wib_text(long long t, char out[32])
{
	time_t w = (time_t)(t + 7 * 3600);
	struct tm tm;

	gmtime_r(&w, &tm);
	strftime(out, 32, "%d-%m-%Y %H:%M WIB", &tm);
}

/* An Akta Kelahiran body with the child's birth date lahir (ISO). */
static json_t *akl_body(const char *lahir)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s}}",
			 "layanan", "akta-kelahiran", "nik", "", "nama", "Bayi Aminah", "detail",
			 "Akta kelahiran anak pertama.", "isian", "tanggal_lahir", lahir, "tempat_lahir", "Kajen",
			 "jenis_kelamin", "Perempuan", "tempat_dilahirkan", "RS/RB", "jenis_kelahiran", "Tunggal", "anak_ke",
			 1, "penolong_kelahiran", "Bidan/Perawat", "nama_ayah", "Ahmad Fauzi", "nik_ayah", NIK_AYAH,
			 "nama_ibu", "Siti Aminah", "nik_ibu", NIK_IBU);
}

/* An Akta Kelahiran made, completed and sent through the API; the
 * child's birth date 2026-11-01, the documents dated 2024-01-15. */
static char *sent_akl(void)
{
	static const char *const docs[] = { "ktp-elektronik", "surat-keterangan-kelahiran", "buku-nikah", "formulir" };
	char *k = api_create(&S, tok, akl_body("2026-11-01"));

	if (!k)
		return NULL;
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		if (api_upload(&S, tok, k, docs[i], "foto.jpg", NULL, NULL) < 0)
			return NULL;
	if (api_kirim(&S, tok, k, "otomatis") < 0)
		return NULL;
	return k;
}

static int setup(void **st)
{
	(void)st;
	if (srv_start(&S, NULL) < 0)
		return -1;
	A = client_new(&S);
	if (pemohon_active(&S, A, NIK, PW) < 0 || !(tok = pemohon_token(&S, NIK, PW)) || !(kode = sent_akl()))
		return -1;
	VER = staf_ready(&S, "ver1", "verifikator", "Vera", STAF_PW);
	tok_ver = staf_api_token(&S, "ver2", "verifikator", NULL);
	if (!VER || !tok_ver)
		return -1;
	/* the times shown: one instant, at the WIB midnight of a new year */
	if (srv_db_exec(&S, "UPDATE pengajuan_riwayat SET created_at = %lld", T_ROLLOVER) < 0 ||
	    srv_db_exec(&S, "UPDATE pengajuan SET dikirim_at = %lld", T_ROLLOVER) < 0 ||
	    srv_db_exec(&S, "UPDATE pemohon SET created_at = %lld", T_ROLLOVER) < 0)
		return -1;
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	client_free(A);
	client_free(VER);
	free(tok);
	free(tok_ver);
	free(kode);
	return srv_stop(&S);
}

/* ---- the resident's pages ---------------------------------------------- */

static void test_pemohon_detail_dates(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, A, pathf("/pengajuan/%s", kode), 200, &r), 0);
	/* a date field, a document's date, a time of the history */
	assert_true(resp_has(&r, ">01-11-2026<"));
	assert_true(resp_has(&r, "Tgl Dokumen: 15-01-2024"));
	assert_true(resp_has(&r, SHOWN_ROLLOVER));
	assert_false(resp_has(&r, "2026-11-01"));
	assert_false(resp_has(&r, "2024-01-15"));
	resp_free(&r);
}

static void test_pemohon_list_shows_no_iso(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, A, "/pengajuan", 200, &r), 0);
	assert_true(resp_has(&r, kode));
	assert_false(resp_has(&r, "2026-11-01"));
	assert_false(resp_has(&r, "2026-12-31"));
	resp_free(&r);
}

static void test_pemohon_akun_birth_date(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, A, "/pemohon/akun", 200, &r), 0);
	assert_true(resp_has(&r, "Pekalongan, 15-05-1990"));
	assert_false(resp_has(&r, "1990-05-15"));
	resp_free(&r);
}

/* The edit form of a date field keeps the ISO value <input type="date">
 * needs (the browser shows it in the user's locale). */
static void test_pemohon_edit_form_keeps_iso(void **st)
{
	char *v;

	(void)st;
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET status = 'DRAFT' WHERE kode = '%s'", kode), 0);
	v = page_field(A, pathf("/pengajuan/%s/edit", kode), "isian.tanggal_lahir");
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET status = 'DIKIRIM' WHERE kode = '%s'", kode), 0);
	assert_non_null(v);
	assert_string_equal(v, "2026-11-01");
	free(v);
}

/* ---- the officers' pages ------------------------------------------------ */

static void test_staf_detail_dates(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, VER, pathf("/staf/pengajuan/%s", kode), 200, &r), 0);
	assert_true(resp_has(&r, ">01-11-2026<"));
	assert_true(resp_has(&r, "Tgl 15-01-2024"));
	assert_true(resp_has(&r, "dikirim " SHOWN_ROLLOVER));
	assert_false(resp_has(&r, "2026-11-01"));
	assert_false(resp_has(&r, "2024-01-15"));
	resp_free(&r);
}

static void test_staf_pengajuan_list_time(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, VER, "/staf/pengajuan", 200, &r), 0);
	assert_true(resp_has(&r, kode));
	assert_true(resp_has(&r, SHOWN_ROLLOVER));
	resp_free(&r);
}

static void test_staf_pendaftaran_list_and_detail(void **st)
{
	long long id = srv_id(&S, "pemohon", "nik", NIK);
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, VER, "/staf/pendaftaran?status=semua", 200, &r), 0);
	assert_true(resp_has(&r, ">" SHOWN_ROLLOVER "<"));
	resp_free(&r);
	assert_int_equal(page_get(&S, VER, pathf("/staf/pendaftaran/%lld", id), 200, &r), 0);
	assert_true(resp_has(&r, ">15-05-1990<"));
	assert_true(resp_has(&r, ">" SHOWN_ROLLOVER "<"));
	assert_false(resp_has(&r, "1990-05-15"));
	resp_free(&r);
}

/* ---- messages ------------------------------------------------------------ */

/* A reset link's expiry in the message, and the outbox page that shows
 * it: HH:MM WIB, no seconds, no ISO. */
static void test_outbox_message_time(void **st)
{
	json_t *j;
	long status;
	char *cid, *body, expect[80], shown[32], ans[16];
	long long id, until;
	int answer;
	struct resp r;

	(void)st;
	assert_int_equal(api_captcha(&S, &cid, &answer), 0);
	snprintf(ans, sizeof ans, "%d", answer);
	j = api_json(&S, "POST", "/api/v1/lupa-password",
		     json_pack("{s:s, s:s, s:s, s:s, s:s}", "nik", NIK, "nama", "Siti Aminah", "no_hp", "081234567890",
			       "captcha_id", cid, "captcha_jawaban", ans),
		     NULL, &status);
	free(cid);
	json_decref(j);
	assert_int_equal(status, 202);
	until = srv_db_int(&S, "SELECT expires_at FROM token WHERE jenis = 'reset' AND used_at IS NULL");
	assert_true(until > 0);
	wib_text(until, shown);
	snprintf(expect, sizeof expect, "berlaku sampai %s.", shown);
	id = srv_db_int(&S, "SELECT max(id) FROM outbox WHERE subject LIKE 'Reset Password%%'");
	assert_true(id > 0);
	body = srv_db_text(&S, "SELECT body FROM outbox WHERE id = %lld", id);
	assert_non_null(body);
	assert_non_null(strstr(body, expect));
	free(body);

	/* the officers' outbox page: the message and when it was queued */
	assert_int_equal(srv_db_exec(&S, "UPDATE outbox SET created_at = %lld WHERE id = %lld", T_ROLLOVER, id), 0);
	assert_int_equal(page_get(&S, VER, "/staf/pesan", 200, &r), 0);
	assert_true(resp_has(&r, expect));
	assert_true(resp_has(&r, ">" SHOWN_ROLLOVER "<"));
	resp_free(&r);
}

/* ---- the API keeps ISO 8601 ------------------------------------------------ */

static void test_api_keeps_iso(void **st)
{
	json_t *j, *isian, *f;
	const json_t *v;
	long status;
	size_t i, k;
	int seen_date = 0, seen_doc = 0;

	(void)st;
	j = api_json(&S, "GET", "/api/v1/saya", NULL, tok, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "tanggal_lahir"), "1990-05-15");
	json_decref(j);

	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s", kode), NULL, tok, &status);
	assert_int_equal(status, 200);
	isian = json_object_get(j, "isian");
	json_array_foreach(isian, i, v)
		if (!strcmp(jstr(v, "kode"), "tanggal_lahir")) {
			assert_string_equal(jstr(v, "nilai"), "2026-11-01");
			assert_string_equal(jstr(v, "jenis"), "date");
			seen_date = 1;
		}
	json_array_foreach(json_object_get(j, "dokumen"), i, v)
		json_array_foreach(json_object_get(v, "file"), k, f) {
			assert_string_equal(jstr(f, "tanggal"), "2024-01-15");
			seen_doc++;
		}
	/* instants stay Unix seconds */
	assert_int_equal(jint(j, "dikirim_at"), T_ROLLOVER);
	assert_true(json_is_integer(json_object_get(json_array_get(json_object_get(j, "riwayat"), 0), "waktu")));
	json_decref(j);
	assert_true(seen_date);
	assert_int_equal(seen_doc, 4);

	j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s", kode), NULL, tok_ver, &status);
	assert_int_equal(status, 200);
	seen_date = 0;
	json_array_foreach(json_object_get(j, "isian"), i, v)
		if (!strcmp(jstr(v, "kode"), "tanggal_lahir")) {
			assert_string_equal(jstr(v, "nilai"), "2026-11-01");
			seen_date = 1;
		}
	assert_true(seen_date);
	json_decref(j);
}

/* Returned, the birth date corrected, sent again: the officer's page shows
 * the change in people's dates, the API in ISO. */
static void test_staf_changes_dates(void **st)
{
	json_t *j, *c;
	long status;
	size_t i;
	int found = 0;
	struct resp r;

	(void)st;
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/kembalikan", kode),
		     json_pack("{s:s}", "catatan", "Periksa kembali tanggal lahir anak."), tok_ver, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode), akl_body("2026-10-31"), tok, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	assert_int_equal(api_kirim(&S, tok, kode, "otomatis"), 0);

	assert_int_equal(page_get(&S, VER, pathf("/staf/pengajuan/%s", kode), 200, &r), 0);
	assert_true(resp_has(&r, "<del>01-11-2026</del>"));
	assert_true(resp_has(&r, "<ins>31-10-2026</ins>"));
	assert_false(resp_has(&r, "2026-10-31"));
	resp_free(&r);

	j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s", kode), NULL, tok_ver, &status);
	assert_int_equal(status, 200);
	json_array_foreach(json_object_get(j, "perubahan"), i, c)
		if (!strcmp(jstr(c, "bagian"), "isian")) {
			assert_string_equal(jstr(c, "jenis"), "date");
			assert_string_equal(jstr(c, "lama"), "2026-11-01");
			assert_string_equal(jstr(c, "baru"), "2026-10-31");
			found++;
		}
	assert_int_equal(found, 1);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pemohon_detail_dates),
		cmocka_unit_test(test_pemohon_list_shows_no_iso),
		cmocka_unit_test(test_pemohon_akun_birth_date),
		cmocka_unit_test(test_pemohon_edit_form_keeps_iso),
		cmocka_unit_test(test_staf_detail_dates),
		cmocka_unit_test(test_staf_pengajuan_list_time),
		cmocka_unit_test(test_staf_pendaftaran_list_and_detail),
		cmocka_unit_test(test_outbox_message_time),
		cmocka_unit_test(test_api_keeps_iso),
		cmocka_unit_test(test_staf_changes_dates),
	};

	return cmocka_run_group_tests_name("tanggal", tests, setup, teardown);
}
