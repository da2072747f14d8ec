// SPDX-License-Identifier: MIT
// HTTP tests of what an application shows: who acted in the timeline, a service's own status labels, and no Pilihan Dokumen Jadi for a service without a document.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define PW "Feb1702."
#define STAF_PW "Loket#Petugas2026"
#define NIK_A "3326071505900001"
#define NIK_ANAK "3326074101150005"   /* the child the parent applies for */
#define AKUN "Siti Aminah"            /* the account's name (register_pemohon) */
#define SUBJEK "AISYAH PUTRI"         /* the application's subject */
#define SND "sinkronisasi-data"

static struct srv S;
static struct client *A, *ver;   /* the applicant's and a verifier's web sessions */
static char *tok_a, *tok_ver;

static int setup(void **st)
{
	(void)st;
	if (srv_start(&S, NULL) < 0)
		return -1;
	A = client_new(&S);
	if (pemohon_active(&S, A, NIK_A, PW) < 0 || !(tok_a = pemohon_token(&S, NIK_A, PW)))
		return -1;
	if (!(ver = staf_ready(&S, "ver1", "verifikator", "Budi Verifikator", STAF_PW)) ||
	    !(tok_ver = staf_token(&S, "ver1", STAF_PW)))
		return -1;
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	client_free(A);
	client_free(ver);
	free(tok_a);
	free(tok_ver);
	return srv_stop(&S);
}

/* ---- helpers ----------------------------------------------------------- */

/* A Sinkronisasi Data draft for SUBJEK with its two documents; its code
 * (caller frees). */
static char *snd_ready(void)
{
	char *kode = api_create(&S, tok_a,
				json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SND, "nik", NIK_ANAK, "nama", SUBJEK,
					  "detail", "Data anak tidak terbaca di BPJS.", "isian", "permasalahan_data",
					  "NIK anak tidak ditemukan di BPJS Kesehatan."));

	assert_non_null(kode);
	assert_int_equal(api_upload(&S, tok_a, kode, "foto-kartu-keluarga", "kk.jpg", NULL, NULL), 0);
	assert_int_equal(api_upload(&S, tok_a, kode, "foto-ktp-el", "ktp.jpg", NULL, NULL), 0);
	return kode;
}

/* A KIA draft (a service that hands over a card, dokumen_jadi []) for
 * SUBJEK with its documents; its code (caller frees). */
static char *kia_ready(void)
{
	static const char *const docs[] = { "kartu-keluarga", "akta-kelahiran", "ktp-el-orang-tua" };
	char *kode = api_create(&S, tok_a,
				json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "layanan", "kia", "nik",
					  NIK_ANAK, "nama", SUBJEK, "detail", "KIA anak pertama.", "isian", "tanggal_lahir",
					  "2015-01-01", "jenis_permohonan", "Baru", "nomor_akta_kelahiran",
					  "3326-LT-01012015-0001", "nama_orang_tua", AKUN, "nik_orang_tua", NIK_A));

	assert_non_null(kode);
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
		assert_int_equal(api_upload(&S, tok_a, kode, docs[i], "dok.jpg", NULL, NULL), 0);
	return kode;
}

/* POST .../kirim with consent and, unless NULL, pilihan; the answer. */
static json_t *kirim(const char *kode, const char *pilihan, long *status)
{
	json_t *b = json_pack("{s:b}", "setuju", 1);

	if (pilihan)
		json_object_set_new(b, "pilihan_dokumen_jadi", json_string(pilihan));
	return api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode), b, tok_a, status);
}

static json_t *get_json(const char *path, const char *tok)
{
	long status;
	json_t *j = api_json(&S, "GET", path, NULL, tok, &status);

	assert_int_equal(status, 200);
	assert_non_null(j);
	return j;
}

static char *page(struct client *c, const char *path)
{
	struct resp r;
	char *body;

	assert_int_equal(page_get(&S, c, path, 200, &r), 0);
	body = strdup(r.body);
	resp_free(&r);
	return body;
}

/* The part of a page from its timeline card on. */
static const char *timeline(const char *html)
{
	const char *t = strstr(html, "id=\"riwayat\"");

	assert_non_null(t);
	return t;
}

/* Every timeline entry of detail d was made by the account, none names the subject. */
static void timeline_names_account(const json_t *d, size_t want)
{
	const json_t *e;
	size_t i;

	assert_int_equal(json_array_size(json_object_get(d, "riwayat")), want);
	json_array_foreach(json_object_get(d, "riwayat"), i, e) {
		assert_string_equal(jstr(e, "aktor"), "pemohon");
		assert_string_equal(jstr(e, "aktor_nama"), AKUN);
	}
}

/* ---- the timeline names the account that acted ----------------------------- */

static void test_timeline_names_account_not_subject(void **st)
{
	char *kode = snd_ready(), *html;
	json_t *j;
	long status;

	(void)st;
	j = kirim(kode, NULL, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	/* applicant's API, staff API */
	j = get_json(pathf("/api/v1/pengajuan/%s", kode), tok_a);
	assert_string_equal(jstr(j, "nama"), SUBJEK);
	timeline_names_account(j, 2);
	json_decref(j);
	j = get_json(pathf("/api/v1/staf/pengajuan/%s", kode), tok_ver);
	timeline_names_account(j, 2);
	json_decref(j);
	/* the pages: the subject in the data, the account in the timeline */
	html = page(A, pathf("/pengajuan/%s", kode));
	assert_non_null(strstr(html, SUBJEK));
	assert_int_equal(str_count(timeline(html), "oleh " AKUN), 2);
	assert_null(strstr(timeline(html), SUBJEK));
	free(html);
	html = page(ver, pathf("/staf/pengajuan/%s", kode));
	assert_non_null(strstr(html, SUBJEK));
	assert_int_equal(str_count(timeline(html), "oleh " AKUN), 2);
	assert_null(strstr(timeline(html), SUBJEK));
	free(html);
	free(kode);
}

/* ---- a service's own status labels ----------------------------------------- */

static void test_service_status_label_shown_everywhere(void **st)
{
	char *kode = snd_ready(), *html;
	json_t *j, *rows, *row;
	long status;
	size_t i;
	int found = 0;

	(void)st;
	/* DRAFT has no label of its own: the standard one */
	j = get_json(pathf("/api/v1/pengajuan/%s", kode), tok_a);
	assert_string_equal(jstr(j, "status_label"), "Pengajuan Draft");
	json_decref(j);
	j = kirim(kode, NULL, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "status"), "DIKIRIM");
	assert_string_equal(jstr(j, "status_label"), "Baru");
	assert_string_equal(jstr(json_array_get(json_object_get(j, "riwayat"), 1), "status_label"), "Baru");
	json_decref(j);
	/* the applicant's list (API and page) */
	j = get_json(pathf("/api/v1/pengajuan?kode=%s", kode), tok_a);
	rows = json_object_get(j, "pengajuan");
	json_array_foreach(rows, i, row)
		if (!strcmp(jstr(row, "kode"), kode)) {
			assert_string_equal(jstr(row, "status_label"), "Baru");
			found = 1;
		}
	assert_true(found);
	json_decref(j);
	html = page(A, pathf("/pengajuan?kode=%s", kode));
	assert_non_null(strstr(html, ">Baru</span>"));
	assert_null(strstr(html, ">Pengajuan Dikirim</span>"));
	free(html);
	/* the applicant's detail: badge and timeline */
	html = page(A, pathf("/pengajuan/%s", kode));
	assert_non_null(strstr(html, ">Baru</span>"));
	assert_non_null(strstr(timeline(html), ">Baru</span>"));
	assert_null(strstr(html, "Pengajuan Dikirim"));
	free(html);
	/* the officer's queue and detail, page and API */
	html = page(ver, pathf("/staf/pengajuan?antrean=verifikasi&q=%s", kode));
	assert_non_null(strstr(html, ">Baru</span>"));
	free(html);
	html = page(ver, pathf("/staf/pengajuan/%s", kode));
	assert_non_null(strstr(html, "id=\"status-pengajuan\">Baru</span>"));
	assert_non_null(strstr(timeline(html), ">Baru</span>"));
	free(html);
	j = get_json(pathf("/api/v1/staf/pengajuan/%s", kode), tok_ver);
	assert_string_equal(jstr(j, "status_label"), "Baru");
	json_decref(j);
	/* the notices say it in the same words */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%%%s%%' AND body LIKE"
				    " '%%Status pengajuan: Baru%%'", kode), 2);
	/* an officer's move: "Disetujui" by the service's list */
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/setujui", kode), json_object(), tok_ver, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%%%s%%' AND body LIKE"
				    " '%%Status pengajuan: Disetujui%%'", kode), 2);
	free(kode);
}

/* A service without label_status keeps the standard labels. */
static void test_standard_labels_without_service_labels(void **st)
{
	char *kode = kia_ready();
	json_t *j;
	long status;

	(void)st;
	j = kirim(kode, "ambil_kantor", &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "status_label"), "Pengajuan Dikirim");
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%%%s%%' AND body LIKE"
				    " '%%Status pengajuan: Pengajuan Dikirim%%'", kode), 2);
	free(kode);
}

/* ---- Pilihan Dokumen Jadi only where a document is handed over ----------- */

static void test_no_delivery_choice_without_document(void **st)
{
	char *kode = snd_ready(), *html, *stored;
	json_t *j;
	long status;

	(void)st;
	html = page(A, pathf("/pengajuan/%s", kode));
	assert_non_null(strstr(html, "action=\"/pengajuan/"));
	assert_null(strstr(html, "Pilihan Dokumen Jadi"));
	assert_null(strstr(html, "name=\"pilihan_dokumen_jadi\""));
	free(html);
	j = get_json(pathf("/api/v1/pengajuan/%s", kode), tok_a);
	assert_true(json_is_null(json_object_get(j, "pilihan_dokumen_jadi")));
	assert_true(json_is_null(json_object_get(j, "pilihan_dokumen_jadi_label")));
	assert_true(json_is_false(json_object_get(j, "ada_pilihan_dokumen_jadi")));
	json_decref(j);
	/* a posted choice is ignored; the page's form sends none and is not refused */
	j = kirim(kode, "diantar", &status);
	assert_int_equal(status, 200);
	assert_true(json_is_null(json_object_get(j, "pilihan_dokumen_jadi")));
	json_decref(j);
	stored = srv_db_text(&S, "SELECT pilihan_dokumen_jadi FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(stored, "otomatis");
	free(stored);
	/* the officer neither sees nor sets one */
	html = page(ver, pathf("/staf/pengajuan/%s", kode));
	assert_null(strstr(html, "Pilihan Dokumen Jadi"));
	free(html);
	j = get_json(pathf("/api/v1/staf/pengajuan/%s", kode), tok_ver);
	assert_true(json_is_null(json_object_get(j, "pilihan_dokumen_jadi")));
	json_decref(j);
	free(kode);
}

/* The page form of a service without a document sends without a choice. */
static void test_no_delivery_choice_page_send(void **st)
{
	char *kode = snd_ready(), *csrf, *s;
	struct resp r;

	(void)st;
	csrf = page_field(A, pathf("/pengajuan/%s", kode), "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(A, pathf("/pengajuan/%s/kirim", kode), &r, "csrf", csrf, "setuju", "1", NULL), 0);
	assert_true(redirect_is(&r, pathf("/pengajuan/%s", kode)));
	resp_free(&r);
	free(csrf);
	s = srv_db_text(&S, "SELECT status FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(s, "DIKIRIM");
	free(s);
	free(kode);
}

/* A service that hands over a card (KIA, dokumen_jadi []) still asks. */
static void test_delivery_choice_for_card_service(void **st)
{
	char *kode = kia_ready(), *html;
	json_t *j;
	long status;

	(void)st;
	html = page(A, pathf("/pengajuan/%s", kode));
	assert_non_null(strstr(html, "Pilihan Dokumen Jadi"));
	assert_non_null(strstr(html, "name=\"pilihan_dokumen_jadi\" id=\"pilihan-ambil_kantor\""));
	free(html);
	j = get_json(pathf("/api/v1/pengajuan/%s", kode), tok_a);
	assert_string_equal(jstr(j, "pilihan_dokumen_jadi"), "otomatis");
	assert_true(json_is_true(json_object_get(j, "ada_pilihan_dokumen_jadi")));
	json_decref(j);
	/* still required */
	j = kirim(kode, NULL, &status);
	assert_int_equal(status, 422);
	assert_non_null(field_msg(j, "pilihan_dokumen_jadi"));
	json_decref(j);
	j = kirim(kode, "diantar", &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "pilihan_dokumen_jadi"), "diantar");
	json_decref(j);
	html = page(ver, pathf("/staf/pengajuan/%s", kode));
	assert_non_null(strstr(html, "id=\"pilihan-dokumen-jadi\">Diantar"));
	free(html);
	free(kode);
}

/* ---- the schema guards label_status -------------------------------------- */

/* Bumps the catalog generation and waits until the home page shows (or
 * stops showing) the Sinkronisasi Data link. */
static void snd_offered(int present)
{
	assert_int_equal(srv_db_exec(&S, "UPDATE sequences SET value = value + 1 WHERE name = 'katalog'"), 0);
	for (int i = 0; i < 50; i++) {
		if (visitor_has(&S, "/", "/pengajuan/baru/" SND) == present)
			return;
		usleep(100000);
	}
	fail_msg("the home page did not %s Sinkronisasi Data", present ? "show" : "drop");
}

/* A definition stored with a label for an unknown status (an import, a
 * hand-edited database) fails catalog_check: the service is left out
 * rather than shown with a label nobody checked. */
static void test_bad_stored_label_status_leaves_service_out(void **st)
{
	(void)st;
	assert_int_equal(srv_db_exec(&S, "UPDATE layanan_definisi SET definisi = replace(definisi, '\"DIKIRIM\":\"Baru\"',"
				     " '\"TERKIRIM\":\"Baru\"') WHERE id = (SELECT definisi_id FROM layanan WHERE kode = '"
				     SND "')"), 0);
	/* (LIKE, not instr: the test runs on PostgreSQL too) */
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM layanan_definisi WHERE definisi LIKE '%%\"TERKIRIM\":\"Baru\"%%'"
				    " AND id = (SELECT definisi_id FROM layanan WHERE kode = '" SND "')"), 1);
	snd_offered(0);
	assert_int_equal(srv_db_exec(&S, "UPDATE layanan_definisi SET definisi = replace(definisi, '\"TERKIRIM\":\"Baru\"',"
				     " '\"DIKIRIM\":\"Baru\"') WHERE id = (SELECT definisi_id FROM layanan WHERE kode = '"
				     SND "')"), 0);
	snd_offered(1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeline_names_account_not_subject),
		cmocka_unit_test(test_service_status_label_shown_everywhere),
		cmocka_unit_test(test_standard_labels_without_service_labels),
		cmocka_unit_test(test_no_delivery_choice_without_document),
		cmocka_unit_test(test_no_delivery_choice_page_send),
		cmocka_unit_test(test_delivery_choice_for_card_service),
		cmocka_unit_test(test_bad_stored_label_status_leaves_service_out),
	};

	return cmocka_run_group_tests_name("http_pengajuan_tampilan", tests, setup, teardown);
}
