// SPDX-License-Identifier: MIT
// HTTP tests of the officers' application pages: dashboard, queues, the application screen and every move.
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
#define NIK_A "3326071505900001"
#define NIK_B "3326072001850002"
/* An applicant's relative from another regency: the officer is warned. */
#define NIK_LAIN "3374014101950003"

/* Sinkronisasi Data: one field, two documents, two steps, no output. */
#define SND "sinkronisasi-data"
#define ISIAN "permasalahan_data"
/* KK Hilang/Rusak: a signed output (Kartu Keluarga). */
#define KKH "kk-hilang-rusak"

static struct srv S;
static char *tok_a, *tok_b;                       /* applicants (API) */
static struct client *ver, *ver2, *op, *ttd, *adm;  /* officers (pages) */
static char *csrf_ver, *csrf_ver2, *csrf_op, *csrf_ttd, *csrf_adm;

/* A small PDF as SIAK prints it (header to %%EOF). */
static const char PDF[] =
	"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
	"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
	"trailer << /Root 1 0 R >>\n%%EOF\n";
/* A web page renamed to .pdf. */
static const char FAKE_PDF[] = "<!doctype html><html><body><script>alert(1)</script>Kartu Keluarga</body></html>\n";

/* ---- helpers ------------------------------------------------------------ */

/* A Sinkronisasi Data application sent by tok (caller frees the code). */
static char *sent_snd(const char *tok, const char *nik, const char *nama, const char *masalah)
{
	char *kode = api_create(&S, tok,
				json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SND, "nik", nik, "nama", nama,
					  "detail", "Data tidak terbaca di BPJS.", "isian", ISIAN, masalah));

	assert_non_null(kode);
	assert_int_equal(api_upload(&S, tok, kode, "foto-kartu-keluarga", "foto.jpg", NULL, NULL), 0);
	assert_int_equal(api_upload(&S, tok, kode, "foto-ktp-el", "foto.jpg", NULL, NULL), 0);
	assert_int_equal(api_kirim(&S, tok, kode, "otomatis"), 0);
	return kode;
}

/* A KK Hilang/Rusak application (signed output) sent by tok. */
static char *sent_kkh(const char *tok)
{
	char *kode = api_create(&S, tok,
				json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", KKH, "nik", NIK_A, "nama",
					  "Siti Aminah", "detail", "KK hilang saat banjir.", "isian", "jenis",
					  "Hilang"));

	assert_non_null(kode);
	assert_int_equal(api_upload(&S, tok, kode, "ktp-el", "foto.jpg", NULL, NULL), 0);
	assert_int_equal(api_upload(&S, tok, kode, "formulir", "foto.jpg", NULL, NULL), 0);
	assert_int_equal(api_kirim(&S, tok, kode, "otomatis"), 0);
	return kode;
}

static char *status_of(const char *kode)
{
	return srv_db_text(&S, "SELECT status FROM pengajuan WHERE kode = '%s'", kode);
}

static void assert_status(const char *kode, const char *want)
{
	char *s = status_of(kode);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

/* An officer created with the CLI, named nama, logged in, password changed;
 * *csrf: the CSRF token of its session (any staff page carries it). */
static struct client *officer(const char *user, const char *roles, const char *nama, char **csrf)
{
	struct client *c = staf_ready(&S, user, roles, nama, STAF_PW);

	assert_non_null(c);
	*csrf = page_field(c, "/staf", "csrf");
	assert_non_null(*csrf);
	return c;
}

static long get(struct client *c, const char *path, struct resp *r)
{
	assert_int_equal(client_get(c, path, r), 0);
	return r->status;
}

/* POSTs the form with c's token first and then kv (name, value, ..., NULL). */
static long post(struct client *c, const char *csrf, const char *path, struct resp *r, const char *const *kv)
{
	const char *all[32];
	size_t n = 0;

	if (csrf) {
		all[n++] = "csrf";
		all[n++] = csrf;
	}
	for (; kv && *kv && n < 30; kv++)
		all[n++] = *kv;
	all[n] = NULL;
	assert_int_equal(client_post_arr(c, path, all, r), 0);
	return r->status;
}

/* A move that must succeed and come back to the detail page. */
static void move_ok(struct client *c, const char *csrf, const char *kode, const char *move, const char *const *kv)
{
	struct resp r;

	post(c, csrf, pathf("/staf/pengajuan/%s/%s", kode, move), &r, kv);
	if (r.status != 303)
		fail_msg("%s %s: %ld\n%.2000s", move, kode, r.status, r.body ? r.body : "");
	resp_free(&r);
}

/* The number in the element right after marker ("data-x=\"y\">N<"). */
static long num_after(const char *html, const char *marker)
{
	const char *p = strstr(html, marker);

	assert_non_null(p);
	return atol(p + strlen(marker));
}

/* ---- set-up ------------------------------------------------------------- */

static int setup(void **st)
{
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", "LOKET_PAGE_SIZE=3", NULL };

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	tok_a = pemohon_active_token(&S, NIK_A, PW);
	tok_b = pemohon_active_token(&S, NIK_B, PW);
	if (!tok_a || !tok_b)
		return -1;
	ver = officer("ver1", "verifikator", "Vera Verifikator", &csrf_ver);
	ver2 = officer("ver2", "verifikator", "Wawan Verifikator", &csrf_ver2);
	op = officer("op1", "operator", "Oki Operator", &csrf_op);
	ttd = officer("ttd1", "penandatangan", "Kepala Dinas", &csrf_ttd);
	adm = officer("adm1", "admin", "Ani Admin", &csrf_adm);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	free(tok_a);
	free(tok_b);
	client_free(ver);
	client_free(ver2);
	client_free(op);
	client_free(ttd);
	client_free(adm);
	free(csrf_ver);
	free(csrf_ver2);
	free(csrf_op);
	free(csrf_ttd);
	free(csrf_adm);
	return srv_stop(&S);
}

/* ---- dashboard ---------------------------------------------------------- */

static void test_dashboard_counts_queues_and_overdue(void **st)
{
	char *k1 = sent_snd(tok_a, NIK_A, "Siti Aminah", "NIK tidak ditemukan di BPJS."), *k2;
	struct resp r;

	(void)st;
	k2 = sent_snd(tok_b, NIK_B, "Budi Santoso", "Data tidak padan di bank.");
	/* one of them ran past its standard time an hour ago */
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET tenggat_at = %lld WHERE kode = '%s'",
				     (long long)time(NULL) - 3600, k2), 0);
	assert_int_equal(get(ver, "/staf", &r), 200);
	assert_true(resp_has(&r, "Beranda Petugas"));
	assert_true(resp_has(&r, ">Verifikator</span>"));
	assert_int_equal(num_after(r.body, "data-status=\"DIKIRIM\">"),
			 srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE status = 'DIKIRIM'"));
	assert_int_equal(num_after(r.body, "data-layanan=\"" SND "\">"),
			 srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan p JOIN layanan l ON l.id = p.layanan_id"
					" WHERE l.kode = 'sinkronisasi-data' AND p.status <> 'DRAFT'"));
	assert_int_equal(num_after(r.body, "data-antrean=\"verifikasi\">"),
			 srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE antrean = 'verifikasi'"));
	assert_true(num_after(r.body, "data-angka=\"hari_ini\">") >= 2);
	assert_int_equal(num_after(r.body, "data-angka=\"terlambat\">"),
			 srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE tenggat_at < %lld", (long long)time(NULL)));
	assert_true(num_after(r.body, "data-angka=\"terlambat\">") >= 1);
	assert_true(resp_has(&r, pathf("href=\"/staf/pengajuan/%s\"", k2)));
	assert_false(resp_has(&r, pathf("href=\"/staf/pengajuan/%s\"", k1)));
	assert_true(resp_has(&r, "href=\"/staf/pengajuan?antrean=verifikasi\""));
	/* a verifier has no signing queue card; the signer has no verification card */
	assert_false(resp_has(&r, "data-antrean=\"tte\""));
	resp_free(&r);
	assert_int_equal(get(ttd, "/staf", &r), 200);
	assert_true(resp_has(&r, ">Penandatangan</span>"));
	assert_true(resp_has(&r, "data-antrean=\"tte\""));
	assert_false(resp_has(&r, "data-antrean=\"verifikasi\""));
	resp_free(&r);
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET tenggat_at = NULL WHERE kode = '%s'", k2), 0);
	free(k1);
	free(k2);
}

/* ---- queues ------------------------------------------------------------- */

static void test_queue_search_masks_nik_and_finds_code_nik_name(void **st)
{
	char *k = sent_snd(tok_a, NIK_A, "Ratna Sari", "Data tidak ada di imigrasi.");
	struct resp r;

	(void)st;
	assert_int_equal(get(ver, pathf("/staf/pengajuan?antrean=verifikasi&q=%s", k), &r), 200);
	assert_true(resp_has(&r, pathf("href=\"/staf/pengajuan/%s\"", k)));
	assert_int_equal(str_count(r.body, "aria-label=\"Buka pengajuan "), 1);
	assert_true(resp_has(&r, "3326********0001"));
	assert_false(resp_has(&r, NIK_A));
	assert_true(resp_has(&r, "class=\"nav-link active\" href=\"/staf/pengajuan?antrean=verifikasi\""));
	resp_free(&r);
	/* the code in lower case, the name by prefix, the NIK in full */
	for (size_t i = 0; k[i]; i++)
		k[i] = (char)(k[i] >= 'A' && k[i] <= 'Z' ? k[i] + 32 : k[i]);
	assert_int_equal(get(ver, pathf("/staf/pengajuan?q=%s", k), &r), 200);
	assert_int_equal(str_count(r.body, "aria-label=\"Buka pengajuan "), 1);
	resp_free(&r);
	assert_int_equal(get(ver, "/staf/pengajuan?antrean=verifikasi&q=ratna", &r), 200);
	assert_int_equal(str_count(r.body, "aria-label=\"Buka pengajuan "), 1);
	assert_true(resp_has(&r, "Ratna Sari"));
	resp_free(&r);
	assert_int_equal(get(ver, "/staf/pengajuan?q=" NIK_B, &r), 200);
	assert_false(resp_has(&r, "Ratna Sari"));
	assert_true(resp_has(&r, "3326********0002"));
	resp_free(&r);
	/* another service: nothing */
	assert_int_equal(get(ver, "/staf/pengajuan?antrean=verifikasi&layanan=" KKH "&q=ratna", &r), 200);
	assert_true(resp_has(&r, "id=\"kosong\""));
	resp_free(&r);
	free(k);
}

static void test_queue_sort_and_pages(void **st)
{
	char *k[4];
	struct resp r;
	const char *first, *second;
	long long n = srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE antrean = 'verifikasi'");

	(void)st;
	for (int i = 0; i < 4; i++)
		k[i] = sent_snd(tok_b, NIK_B, "Urutan Uji", "Pengujian urutan antrean.");
	n += 4;
	/* oldest first (the default of a queue) */
	assert_int_equal(get(ver, "/staf/pengajuan?antrean=verifikasi&q=urutan", &r), 200);
	first = strstr(r.body, k[0]);
	second = strstr(r.body, k[1]);
	assert_non_null(first);
	assert_non_null(second);
	assert_true(first < second);
	assert_null(strstr(r.body, k[3]));   /* three a page */
	assert_true(resp_has(&r, "Halaman 1 dari 2"));
	assert_true(resp_has(&r, "4 pengajuan ditemukan"));
	assert_true(resp_has(&r, "href=\"/staf/pengajuan?antrean=verifikasi&amp;q=urutan&amp;urut=lama&amp;page=2\""));
	resp_free(&r);
	assert_int_equal(get(ver, "/staf/pengajuan?antrean=verifikasi&q=urutan&urut=lama&page=2", &r), 200);
	assert_true(resp_has(&r, k[3]));
	assert_false(resp_has(&r, k[0]));
	assert_true(resp_has(&r, "Halaman 2 dari 2"));
	resp_free(&r);
	/* newest first */
	assert_int_equal(get(ver, "/staf/pengajuan?antrean=verifikasi&q=urutan&urut=baru", &r), 200);
	first = strstr(r.body, k[3]);
	second = strstr(r.body, k[2]);
	assert_non_null(first);
	assert_non_null(second);
	assert_true(first < second);
	assert_false(resp_has(&r, k[0]));
	resp_free(&r);
	/* a page past the end shows the last one */
	assert_int_equal(get(ver, "/staf/pengajuan?antrean=verifikasi&q=urutan&page=99", &r), 200);
	assert_true(resp_has(&r, "Halaman 2 dari 2"));
	resp_free(&r);
	/* the queue's total */
	assert_int_equal(get(ver, "/staf/pengajuan?antrean=verifikasi", &r), 200);
	assert_true(resp_has(&r, pathf("%lld pengajuan ditemukan", n)));
	resp_free(&r);
	/* overdue only */
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET tenggat_at = 1000 WHERE kode = '%s'", k[1]), 0);
	assert_int_equal(get(ver, "/staf/pengajuan?antrean=verifikasi&terlambat=1", &r), 200);
	assert_true(resp_has(&r, k[1]));
	assert_false(resp_has(&r, k[2]));
	assert_true(resp_has(&r, "Terlambat</span>"));
	resp_free(&r);
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET tenggat_at = NULL WHERE kode = '%s'", k[1]), 0);
	for (int i = 0; i < 4; i++)
		free(k[i]);
}

static void test_bad_queue_parameters_show_message_and_list(void **st)
{
	static const char *const cases[][2] = {
		{ "/staf/pengajuan?antrean=gudang", "Antrean tidak dikenal" },
		{ "/staf/pengajuan?status=DRAFT", "Status tidak dikenal" },
		{ "/staf/pengajuan?status=hilang", "Status tidak dikenal" },
		{ "/staf/pengajuan?urut=acak", "Urutan tidak dikenal" },
		{ "/staf/pengajuan?layanan=tidak-ada", "Jenis layanan tidak dikenal" },
		{ "/staf/pengajuan?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "Kata pencarian maksimal 100 karakter" },
		{ "/staf/pengajuan?q=%01x", "Kata pencarian maksimal 100 karakter" },
	};
	struct resp r;

	(void)st;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(get(ver, cases[i][0], &r), 200);
		assert_true(resp_has(&r, cases[i][1]));
		/* the list is still there */
		assert_true(resp_has(&r, "aria-label=\"Buka pengajuan "));
		resp_free(&r);
	}
	/* a page number that is not one is the first page */
	assert_int_equal(get(ver, "/staf/pengajuan?page=-3", &r), 200);
	assert_true(resp_has(&r, "Halaman 1 "));
	resp_free(&r);
}

static void test_bad_queue_of_another_role_forbidden(void **st)
{
	static const struct {
		struct client **c;
		const char *path;
		long want;
	} cases[] = {
		{ &op, "/staf/pengajuan?antrean=verifikasi", 403 },
		{ &ttd, "/staf/pengajuan?antrean=verifikasi", 403 },
		{ &ttd, "/staf/pengajuan?antrean=proses", 403 },
		{ &ver, "/staf/pengajuan?antrean=tte", 403 },
		{ &ver, "/staf/pengajuan?antrean=serah", 403 },
		{ &op, "/staf/pengajuan?antrean=proses", 200 },
		{ &op, "/staf/pengajuan?antrean=serah", 200 },
		{ &ttd, "/staf/pengajuan?antrean=tte", 200 },
		{ &adm, "/staf/pengajuan?antrean=tte", 200 },
		{ &adm, "/staf/pengajuan?antrean=verifikasi", 200 },
		{ &ttd, "/staf/pengajuan", 200 },
		{ &op, "/staf/pengajuan", 200 },
	};
	struct resp r;
	struct client *anon = client_new(&S);

	(void)st;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(get(*cases[i].c, cases[i].path, &r), cases[i].want);
		if (cases[i].want == 403)
			assert_false(resp_has(&r, "aria-label=\"Buka pengajuan "));
		resp_free(&r);
	}
	/* no session: the login page */
	assert_int_equal(get(anon, "/staf/pengajuan", &r), 303);
	resp_free(&r);
	assert_int_equal(get(anon, "/staf", &r), 303);
	resp_free(&r);
	client_free(anon);
}

/* ---- the application screen --------------------------------------------- */

static void test_detail_shows_data_warnings_documents_and_audits(void **st)
{
	char *k = sent_snd(tok_a, NIK_LAIN, "Dewi Lestari", "Data KTP tidak terbaca di Samsat.");
	long long id = srv_id(&S, "pengajuan", "kode", k), before = srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.lihat'");
	long long doc;
	struct resp r;
	char *ct;

	(void)st;
	assert_int_equal(get(ver, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_true(resp_has(&r, NIK_LAIN));                 /* in full here */
	assert_true(resp_has(&r, "Dewi Lestari"));
	assert_true(resp_has(&r, "Data KTP tidak terbaca di Samsat."));
	assert_true(resp_has(&r, "Permasalahan Data"));
	assert_true(resp_has(&r, "Peringatan NIK"));
	assert_true(resp_has(&r, "berbeda dengan NIK akun pemohon"));
	assert_true(resp_has(&r, "Konsolidasi Manual"));
	assert_true(resp_has(&r, "waktu baku 1 jam"));
	assert_true(resp_has(&r, ">Baru</span>"));          /* timeline, in the service's words */
	assert_true(resp_has(&r, "action=\"/staf/pengajuan/"));
	assert_true(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/setujui\"", k)));
	assert_true(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/kembalikan\"", k)));
	assert_true(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/chat\"", k)));
	assert_false(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/langkah\"", k)));
	assert_true(resp_has(&r, "/static/js/staf.js"));
	assert_int_equal(str_count(r.body, "data-viewer"), 2);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.lihat'"), before + 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.lihat' AND objek = 'pengajuan:%lld'"
				    " AND staf_id = (SELECT id FROM staf WHERE username = 'ver1')", id), 1);
	/* the viewer's files: the thumbnail and the picture */
	doc = srv_db_int(&S, "SELECT MIN(dokumen_id) FROM pengajuan_dokumen WHERE pengajuan_id = %lld", id);
	assert_true(doc > 0);
	assert_int_equal(get(ver, pathf("/staf/dokumen/%lld/thumb", doc), &r), 200);
	ct = resp_header(&r, "Content-Type");
	assert_non_null(ct);
	assert_non_null(strstr(ct, "image/jpeg"));
	free(ct);
	resp_free(&r);
	assert_int_equal(get(ttd, pathf("/staf/dokumen/%lld", doc), &r), 200);
	assert_true(r.len > 100);
	resp_free(&r);
	free(k);
}

static void test_bad_unknown_application_and_document_404(void **st)
{
	long st_;
	json_t *j;
	char *draft;
	long long doc;
	struct resp r;

	(void)st;
	assert_int_equal(get(ver, "/staf/pengajuan/SND33269999", &r), 404);
	resp_free(&r);
	assert_int_equal(get(ver, "/staf/pengajuan/snd..%2F1", &r), 404);
	resp_free(&r);
	assert_int_equal(post(ver, csrf_ver, "/staf/pengajuan/SND33269999/setujui", &r, NULL), 404);
	resp_free(&r);
	assert_int_equal(get(ver, "/staf/dokumen/999999", &r), 404);
	resp_free(&r);
	assert_int_equal(get(ver, "/staf/dokumen/abc/thumb", &r), 404);
	resp_free(&r);
	/* a draft is the applicant's own business */
	j = api_json(&S, "POST", "/api/v1/pengajuan",
			 json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SND, "nik", NIK_A, "nama", "Draf Saja",
				   "detail", "Belum dikirim.", "isian", ISIAN, "Masih draf."),
			 tok_a, &st_);
	assert_int_equal(st_, 201);
	draft = strdup(jstr(j, "kode"));
	json_decref(j);
	assert_int_equal(api_upload(&S, tok_a, draft, "foto-ktp-el", "foto.jpg", NULL, NULL), 0);
	doc = srv_db_int(&S, "SELECT MAX(dokumen_id) FROM pengajuan_dokumen WHERE pengajuan_id = %lld",
			 srv_id(&S, "pengajuan", "kode", draft));
	/* the same file may be linked to a sent application too: use a fresh one */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen pd JOIN pengajuan p ON p.id = pd.pengajuan_id"
				    " WHERE pd.dokumen_id = %lld AND p.status <> 'DRAFT'", doc), 0);
	assert_int_equal(get(ver, pathf("/staf/pengajuan/%s", draft), &r), 404);
	resp_free(&r);
	assert_int_equal(get(ver, pathf("/staf/dokumen/%lld", doc), &r), 404);
	resp_free(&r);
	free(draft);
}

/* ---- the hold ------------------------------------------------------------ */

static void test_take_shows_holder_and_refuses_second_officer(void **st)
{
	char *k = sent_snd(tok_a, NIK_A, "Hana Pratiwi", "Data tidak ada di Dapodik.");
	const char *const note[] = { "catatan", "Sudah dicek.", NULL };
	struct resp r;

	(void)st;
	assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/ambil", k), &r, NULL), 303);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT ditangani_oleh FROM pengajuan WHERE kode = '%s'", k),
			 srv_db_int(&S, "SELECT id FROM staf WHERE username = 'ver1'"));
	/* the holder sees it as theirs, with Lepas */
	assert_int_equal(get(ver, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_true(resp_has(&r, "sedang ditangani oleh Vera Verifikator (Anda)"));
	assert_true(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/lepas\"", k)));
	resp_free(&r);
	/* the other verifier: a badge in the queue and on the screen, Ambil Alih */
	assert_int_equal(get(ver2, pathf("/staf/pengajuan?antrean=verifikasi&q=%s", k), &r), 200);
	assert_true(resp_has(&r, "sedang ditangani oleh Vera Verifikator"));
	resp_free(&r);
	assert_int_equal(get(ver2, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_true(resp_has(&r, "sedang ditangani oleh Vera Verifikator"));
	assert_false(resp_has(&r, "(Anda)"));
	assert_true(resp_has(&r, "Ambil Alih"));
	assert_false(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/lepas\"", k)));
	resp_free(&r);
	/* ... whose move is refused while it is held */
	assert_int_equal(post(ver2, csrf_ver2, pathf("/staf/pengajuan/%s/setujui", k), &r, note), 409);
	assert_true(resp_has(&r, "id=\"alasan-tolak\""));
	assert_true(resp_has(&r, "Vera Verifikator"));
	resp_free(&r);
	assert_status(k, "DIKIRIM");
	assert_int_equal(post(ver2, csrf_ver2, pathf("/staf/pengajuan/%s/lepas", k), &r, NULL), 409);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT ditangani_oleh FROM pengajuan WHERE kode = '%s'", k),
			 srv_db_int(&S, "SELECT id FROM staf WHERE username = 'ver1'"));
	/* taking over is allowed, and audited */
	{
		const char *const force[] = { "paksa", "1", NULL };

		assert_int_equal(post(ver2, csrf_ver2, pathf("/staf/pengajuan/%s/ambil", k), &r, force), 303);
		resp_free(&r);
	}
	assert_int_equal(srv_db_int(&S, "SELECT ditangani_oleh FROM pengajuan WHERE kode = '%s'", k),
			 srv_db_int(&S, "SELECT id FROM staf WHERE username = 'ver2'"));
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.ambil_alih' AND objek = 'pengajuan:%lld'",
				    srv_id(&S, "pengajuan", "kode", k)), 1);
	/* and letting go */
	assert_int_equal(post(ver2, csrf_ver2, pathf("/staf/pengajuan/%s/lepas", k), &r, NULL), 303);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND ditangani_oleh IS NULL", k), 1);
	free(k);
}

/* ---- verification --------------------------------------------------------- */

static void test_return_edit_resend_shows_changes_then_approve(void **st)
{
	char *k = sent_snd(tok_a, NIK_A, "Siti Aminah", "NIK tidak ditemukan di BPJS.");
	const char *const back[] = { "catatan", "Tulis nama instansi dengan lengkap.", NULL };
	const char *const ok[] = { "catatan", "Data lengkap.", NULL };
	struct resp r;
	long st_;
	json_t *j;

	(void)st;
	assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/kembalikan", k), &r, back), 303);
	assert_true(redirect_is(&r, "/staf/pengajuan?antrean=verifikasi"));
	resp_free(&r);
	assert_status(k, "DIKEMBALIKAN");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat WHERE pengajuan_id = %lld AND status ="
				    " 'DIKEMBALIKAN' AND catatan LIKE '%%nama instansi%%'",
				    srv_id(&S, "pengajuan", "kode", k)), 1);
	/* the applicant fixes the field and sends it again */
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", k),
			 json_pack("{s:s, s:s, s:s, s:{s:s}}", "nik", NIK_A, "nama", "Siti Aminah", "detail",
				   "Data tidak terbaca di BPJS.", "isian", ISIAN, "NIK tidak ditemukan di BPJS Kesehatan Kab. Pekalongan."),
			 tok_a, &st_);
	assert_int_equal(st_, 200);
	json_decref(j);
	assert_int_equal(api_kirim(&S, tok_a, k, "otomatis"), 0);
	assert_status(k, "DIKIRIM");
	assert_int_equal(get(ver2, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_true(resp_has(&r, "Perubahan sejak dikembalikan"));
	assert_true(resp_has(&r, "<del>NIK tidak ditemukan di BPJS.</del>"));
	assert_true(resp_has(&r, "<ins>NIK tidak ditemukan di BPJS Kesehatan Kab. Pekalongan.</ins>"));
	resp_free(&r);
	assert_int_equal(post(ver2, csrf_ver2, pathf("/staf/pengajuan/%s/setujui", k), &r, ok), 303);
	assert_true(redirect_is(&r, "/staf/pengajuan?antrean=verifikasi"));
	resp_free(&r);
	assert_status(k, "DISETUJUI");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND antrean = 'proses'", k), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi LIKE 'pengajuan.%%' AND objek = 'pengajuan:%lld'"
				    " AND aksi <> 'pengajuan.lihat'", srv_id(&S, "pengajuan", "kode", k)), 2);
	/* the flash on the queue */
	assert_int_equal(get(ver2, "/staf/pengajuan?antrean=verifikasi", &r), 200);
	assert_true(resp_has(&r, pathf("Pengajuan %s disetujui", k)));
	resp_free(&r);
	free(k);
}

static void test_bad_return_and_cancel_need_a_note(void **st)
{
	char *k = sent_snd(tok_b, NIK_B, "Budi Santoso", "Data tidak padan.");
	const char *const empty[] = { "catatan", "   ", NULL };
	const char *const no_reason[] = { "alasan", "", NULL };
	const char *const reason[] = { "alasan", "Pemohon meminta pembatalan lewat telepon.", NULL };
	long long hist = srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat");
	struct resp r;

	(void)st;
	assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/kembalikan", k), &r, empty), 422);
	assert_true(resp_has(&r, "id=\"ringkasan-error\""));
	assert_true(resp_has(&r, "id=\"kembalikan-catatan\""));
	assert_true(resp_has(&r, "is-invalid"));
	resp_free(&r);
	assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/batalkan", k), &r, no_reason), 422);
	assert_true(resp_has(&r, "is-invalid"));
	resp_free(&r);
	assert_status(k, "DIKIRIM");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat"), hist);
	/* a note over the limit keeps what was typed */
	{
		char longnote[1200];
		const char *const too_long[] = { "catatan", longnote, NULL };

		memset(longnote, 'x', sizeof longnote - 1);
		longnote[sizeof longnote - 1] = '\0';
		memcpy(longnote, "Perbaiki", 8);
		assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/kembalikan", k), &r, too_long), 422);
		assert_true(resp_has(&r, "Perbaikixxxx"));
		resp_free(&r);
	}
	assert_status(k, "DIKIRIM");
	assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/batalkan", k), &r, reason), 303);
	resp_free(&r);
	assert_status(k, "DIBATALKAN");
	/* nothing more to do on a cancelled application: 409 with the reason */
	assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/setujui", k), &r, NULL), 409);
	assert_true(resp_has(&r, "id=\"alasan-tolak\""));
	resp_free(&r);
	assert_status(k, "DIBATALKAN");
	free(k);
}

/* ---- processing ----------------------------------------------------------- */

static void test_steps_then_finish_without_document(void **st)
{
	char *k = sent_snd(tok_a, NIK_A, "Siti Aminah", "NIK tidak ditemukan di bank.");
	const char *const step1[] = { "langkah", "konsolidasi-manual", "catatan", "Dikirim ke Ditjen Dukcapil.", NULL };
	const char *const step2[] = { "langkah", "sinkronisasi-dwh", "catatan", "Sinkron DWH berhasil.", NULL };
	const char *const bad_step[] = { "langkah", "cetak-ktp-el", "catatan", "Salah langkah.", NULL };
	const char *const no_cara[] = { "cara", "", "catatan", "", NULL };
	const char *const bad_cara[] = { "cara", "cetak_mandiri", "catatan", "", NULL };
	const char *const done[] = { "cara", "tanpa_dokumen", "catatan", "Silakan cek kembali di BPJS.", NULL };
	struct resp r;

	(void)st;
	move_ok(ver, csrf_ver, k, "setujui", NULL);
	assert_int_equal(get(op, pathf("/staf/pengajuan?antrean=proses&q=%s", k), &r), 200);
	assert_true(resp_has(&r, pathf("href=\"/staf/pengajuan/%s\"", k)));
	assert_true(resp_has(&r, "class=\"nav-link active\" href=\"/staf/pengajuan?antrean=proses\""));
	resp_free(&r);
	assert_int_equal(get(op, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_true(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/langkah\"", k)));
	assert_true(resp_has(&r, "<option value=\"konsolidasi-manual\""));
	assert_false(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/setujui\"", k)));
	/* no signed output: no upload, no TTE */
	assert_false(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/dokumen-jadi\"", k)));
	resp_free(&r);
	assert_int_equal(post(op, csrf_op, pathf("/staf/pengajuan/%s/langkah", k), &r, bad_step), 422);
	assert_true(resp_has(&r, "Pilih salah satu langkah proses"));
	assert_true(resp_has(&r, "Salah langkah."));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_langkah WHERE pengajuan_id = %lld",
				    srv_id(&S, "pengajuan", "kode", k)), 0);
	assert_status(k, "DISETUJUI");
	move_ok(op, csrf_op, k, "langkah", step1);
	assert_status(k, "DIPROSES");
	move_ok(op, csrf_op, k, "langkah", step2);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_langkah WHERE pengajuan_id = %lld",
				    srv_id(&S, "pengajuan", "kode", k)), 2);
	assert_int_equal(get(op, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_true(resp_has(&r, "Sinkron DWH berhasil."));
	assert_true(resp_has(&r, "oleh Oki Operator"));
	assert_true(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/selesai\"", k)));
	assert_true(resp_has(&r, "<option value=\"tanpa_dokumen\""));
	resp_free(&r);
	assert_int_equal(post(op, csrf_op, pathf("/staf/pengajuan/%s/selesai", k), &r, no_cara), 422);
	assert_true(resp_has(&r, "is-invalid"));
	resp_free(&r);
	/* printing at home needs a signed document */
	assert_int_equal(post(op, csrf_op, pathf("/staf/pengajuan/%s/selesai", k), &r, bad_cara), 409);
	assert_true(resp_has(&r, "Cetak mandiri hanya untuk dokumen yang sudah terbit TTE"));
	resp_free(&r);
	assert_status(k, "DIPROSES");
	move_ok(op, csrf_op, k, "selesai", done);
	assert_status(k, "SELESAI");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND cara_selesai = 'tanpa_dokumen'"
				    " AND antrean IS NULL", k), 1);
	assert_int_equal(get(op, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_true(resp_has(&r, "id=\"tanpa-aksi\""));
	assert_true(resp_has(&r, "id=\"cara-selesai\""));
	resp_free(&r);
	free(k);
}

/*
 * The file of issue 11: a script run on opening, plain or hidden in a
 * compressed object stream. Refused with the reason before anything is
 * stored (no row, no file, no timeline entry); the chosen document stays
 * selected.
 */
static void test_bad_dokumen_jadi_javascript_pdf(void **st)
{
	static const char *const files[] = { "pdf/javascript.pdf", "pdf/objstm-javascript.pdf" };
	char *k = sent_kkh(tok_a);
	long long id = srv_id(&S, "pengajuan", "kode", k), rows, riwayat;
	size_t on_disk, i, len;
	struct resp r;

	(void)st;
	move_ok(ver, csrf_ver, k, "setujui", NULL);
	rows = srv_count(&S, "dokumen_jadi");
	riwayat = srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat WHERE pengajuan_id = %lld", id);
	on_disk = srv_files(&S, "jadi");
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *pdf = fixture(files[i], &len);
		const struct part parts[] = {
			{ "csrf", csrf_op, 0, NULL, NULL },
			{ "jenis", "kartu-keluarga", 0, NULL, NULL },
			{ "file", pdf, len, "kk-siak.pdf", "application/pdf" },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_non_null(pdf);
		assert_int_equal(client_multipart(op, pathf("/staf/pengajuan/%s/dokumen-jadi", k), parts, &r), 0);
		if (r.status != 422 || !resp_has(&r, "File PDF memuat JavaScript, tindakan otomatis atau lampiran "
					   "tersembunyi, sehingga tidak dapat diterbitkan."))
			fail_msg("%s: %ld %.500s", files[i], r.status, r.body ? r.body : "");
		assert_true(resp_has(&r, "<option value=\"kartu-keluarga\" selected>"));
		resp_free(&r);
		free(pdf);
	}
	assert_int_equal(srv_count(&S, "dokumen_jadi"), rows);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE pengajuan_id = %lld", id), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat WHERE pengajuan_id = %lld", id),
			 riwayat);
	assert_int_equal(srv_files(&S, "jadi"), on_disk);
	/* still where it was: not in the signing queue */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE id = %lld AND status = 'DISETUJUI'", id), 1);
	free(k);
}

static void test_delivery_choice_attach_pdf_and_signing_queue(void **st)
{
	char *k = sent_kkh(tok_a);
	const char *const choice[] = { "pilihan", "ambil_kantor", NULL };
	const char *const bad_choice[] = { "pilihan", "otomatis", NULL };
	const char *const step[] = { "langkah", "input-siak", "catatan", "Data KK diinput.", NULL };
	size_t on_disk = srv_files(&S, "jadi");
	long long doc;
	struct resp r;
	char *ct;

	(void)st;
	move_ok(ver, csrf_ver, k, "setujui", NULL);
	/* the applicant left the choice on Otomatis: the operator decides */
	assert_int_equal(post(op, csrf_op, pathf("/staf/pengajuan/%s/pilihan", k), &r, bad_choice), 422);
	resp_free(&r);
	move_ok(op, csrf_op, k, "pilihan", choice);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND pilihan_dokumen_jadi ="
				    " 'ambil_kantor'", k), 1);
	move_ok(op, csrf_op, k, "langkah", step);
	assert_int_equal(get(op, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_true(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/dokumen-jadi\"", k)));
	assert_true(resp_has(&r, "<option value=\"kartu-keluarga\""));
	assert_false(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/pilihan\"", k)));
	/* the signed output is not ready: no Selesai yet */
	assert_false(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/selesai\"", k)));
	resp_free(&r);
	/* a web page renamed .pdf is refused; nothing stored */
	{
		const struct part parts[] = {
			{ "csrf", csrf_op, 0, NULL, NULL },
			{ "jenis", "kartu-keluarga", 0, NULL, NULL },
			{ "file", FAKE_PDF, sizeof FAKE_PDF - 1, "kk.pdf", "application/pdf" },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_int_equal(client_multipart(op, pathf("/staf/pengajuan/%s/dokumen-jadi", k), parts, &r), 0);
		assert_int_equal(r.status, 422);
		assert_true(resp_has(&r, "File harus berupa dokumen PDF"));
		resp_free(&r);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE pengajuan_id = %lld",
				    srv_id(&S, "pengajuan", "kode", k)), 0);
	assert_int_equal(srv_files(&S, "jadi"), on_disk);
	/* no file at all */
	{
		const struct part parts[] = {
			{ "csrf", csrf_op, 0, NULL, NULL },
			{ "jenis", "kartu-keluarga", 0, NULL, NULL },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_int_equal(client_multipart(op, pathf("/staf/pengajuan/%s/dokumen-jadi", k), parts, &r), 0);
		assert_int_equal(r.status, 422);
		assert_true(resp_has(&r, "Pilih file PDF"));
		resp_free(&r);
	}
	/* the real PDF */
	{
		const struct part parts[] = {
			{ "csrf", csrf_op, 0, NULL, NULL },
			{ "jenis", "kartu-keluarga", 0, NULL, NULL },
			{ "file", PDF, sizeof PDF - 1, "KK-3326.pdf", "application/pdf" },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_int_equal(client_multipart(op, pathf("/staf/pengajuan/%s/dokumen-jadi", k), parts, &r), 0);
		assert_true(redirect_is(&r, pathf("/staf/pengajuan/%s#dokumen-jadi", k)));
		resp_free(&r);
	}
	assert_int_equal(srv_files(&S, "jadi"), on_disk + 1);
	doc = srv_db_int(&S, "SELECT id FROM dokumen_jadi WHERE pengajuan_id = %lld",
			 srv_id(&S, "pengajuan", "kode", k));
	assert_true(doc > 0);
	assert_int_equal(get(op, pathf("/staf/pengajuan/%s/dokumen-jadi/%lld", k, doc), &r), 200);
	ct = resp_header(&r, "Content-Type");
	assert_non_null(ct);
	assert_non_null(strstr(ct, "application/pdf"));
	free(ct);
	assert_int_equal(r.len, sizeof PDF - 1);
	assert_memory_equal(r.body, PDF, r.len);
	resp_free(&r);
	assert_int_equal(get(op, pathf("/staf/pengajuan/%s/dokumen-jadi/%lld", k, doc + 1000), &r), 404);
	resp_free(&r);
	/* a step after the document moves it to the signer */
	{
		const char *const tte[] = { "langkah", "pengajuan-tte", "catatan", "Diajukan TTE.", NULL };

		move_ok(op, csrf_op, k, "langkah", tte);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND antrean = 'tte'", k), 1);
	assert_int_equal(get(ttd, "/staf/pengajuan?antrean=tte", &r), 200);
	assert_true(resp_has(&r, pathf("href=\"/staf/pengajuan/%s\"", k)));
	assert_true(resp_has(&r, "class=\"nav-link active\" href=\"/staf/pengajuan?antrean=tte\""));
	resp_free(&r);
	assert_int_equal(get(ttd, pathf("/staf/pengajuan/%s", k), &r), 200);
	/* the signer gets the passphrase form and the queue's checkboxes */
	assert_true(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/tandatangani\"", k)));
	assert_true(resp_has(&r, "name=\"passphrase\""));
	assert_true(resp_has(&r, pathf("/staf/pengajuan/%s/dokumen-jadi/%lld", k, doc)));
	resp_free(&r);
	assert_int_equal(get(ttd, "/staf/pengajuan?antrean=tte", &r), 200);
	assert_true(resp_has(&r, "action=\"/staf/tte/tandatangani\""));
	assert_true(resp_has(&r, pathf("name=\"kode\" value=\"%s\"", k)));
	resp_free(&r);
	/* an empty passphrase signs nothing */
	{
		const char *const empty[] = { "passphrase", "", NULL };

		assert_int_equal(post(ttd, csrf_ttd, pathf("/staf/pengajuan/%s/tandatangani", k), &r, empty), 422);
		assert_true(resp_has(&r, "Passphrase wajib diisi"));
		resp_free(&r);
	}
	assert_status(k, "DIPROSES");
	/* the operator sees no signing form */
	assert_int_equal(get(op, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_false(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/tandatangani\"", k)));
	resp_free(&r);
	assert_int_equal(get(ttd, pathf("/staf/pengajuan/%s/dokumen-jadi/%lld", k, doc), &r), 200);
	resp_free(&r);
	/* it cannot be finished before it is signed */
	{
		const char *const fin[] = { "cara", "diambil", NULL };

		assert_int_equal(post(op, csrf_op, pathf("/staf/pengajuan/%s/selesai", k), &r, fin), 409);
		resp_free(&r);
	}
	assert_status(k, "DIPROSES");
	/* removed again while not signed */
	assert_int_equal(post(op, csrf_op, pathf("/staf/pengajuan/%s/dokumen-jadi/%lld/hapus", k, doc), &r, NULL), 303);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE pengajuan_id = %lld",
				    srv_id(&S, "pengajuan", "kode", k)), 0);
	assert_int_equal(srv_files(&S, "jadi"), on_disk);
	free(k);
}

/* ---- chat ----------------------------------------------------------------- */

static void test_officer_replies_in_chat(void **st)
{
	char *k = sent_snd(tok_b, NIK_B, "Budi Santoso", "Data tidak padan di bank.");
	const char *const msg[] = { "isi", "Mohon unggah ulang KTP yang lebih jelas.", NULL };
	const char *const empty[] = { "isi", "", NULL };
	long st_;
	json_t *j;
	struct resp r;

	(void)st;
	assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/chat", k), &r, msg), 303);
	assert_true(redirect_is(&r, pathf("/staf/pengajuan/%s#chat", k)));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM chat WHERE pengajuan_id = %lld AND dari = 'staf'",
				    srv_id(&S, "pengajuan", "kode", k)), 1);
	assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/chat", k), &r, empty), 422);
	assert_true(resp_has(&r, "is-invalid"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM chat WHERE pengajuan_id = %lld",
				    srv_id(&S, "pengajuan", "kode", k)), 1);
	/* the applicant reads it */
	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s/chat", k), NULL, tok_b, &st_);
	assert_int_equal(st_, 200);
	{
		char *txt = json_dumps(j, 0);

		assert_non_null(strstr(txt, "Mohon unggah ulang KTP"));
		free(txt);
	}
	json_decref(j);
	/* and the officer's screen shows it */
	assert_int_equal(get(op, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_true(resp_has(&r, "Mohon unggah ulang KTP yang lebih jelas."));
	resp_free(&r);
	free(k);
}

/* ---- refusals -------------------------------------------------------------- */

static void test_bad_role_may_not_move(void **st)
{
	char *k = sent_snd(tok_a, NIK_A, "Siti Aminah", "Data tidak ada.");
	const char *const note[] = { "catatan", "Coba.", "alasan", "Coba.", "langkah", "konsolidasi-manual",
				     "cara", "tanpa_dokumen", "pilihan", "diantar", "isi", "Halo", NULL };
	static const struct {
		struct client **c;
		char **csrf;
		const char *move;
	} cases[] = {
		{ &ttd, &csrf_ttd, "setujui" },
		{ &op, &csrf_op, "setujui" },
		{ &op, &csrf_op, "kembalikan" },
		{ &op, &csrf_op, "batalkan" },
		{ &ttd, &csrf_ttd, "kembalikan" },
		{ &ver, &csrf_ver, "langkah" },
		{ &ver, &csrf_ver, "pilihan" },
		{ &ver, &csrf_ver, "selesai" },
		{ &ttd, &csrf_ttd, "langkah" },
		{ &ver, &csrf_ver, "dokumen-jadi" },
		{ &ver, &csrf_ver, "dokumen-jadi/1/hapus" },
		{ &ttd, &csrf_ttd, "chat" },
	};
	long long hist = srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat");
	long long chats = srv_db_int(&S, "SELECT COUNT(*) FROM chat");
	struct resp r;

	(void)st;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(post(*cases[i].c, *cases[i].csrf, pathf("/staf/pengajuan/%s/%s", k, cases[i].move), &r,
				      note), 403);
		assert_true(resp_has(&r, "Akses ditolak"));
		resp_free(&r);
	}
	assert_status(k, "DIKIRIM");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat"), hist);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM chat"), chats);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND ditangani_oleh IS NULL", k), 1);
	/* the signer and the operator see no verification forms */
	assert_int_equal(get(ttd, pathf("/staf/pengajuan/%s", k), &r), 200);
	assert_false(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/setujui\"", k)));
	assert_false(resp_has(&r, pathf("action=\"/staf/pengajuan/%s/chat\"", k)));
	resp_free(&r);
	/* the operator may not take an application in the verification queue */
	assert_int_equal(post(op, csrf_op, pathf("/staf/pengajuan/%s/ambil", k), &r, NULL), 409);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND ditangani_oleh IS NULL", k), 1);
	free(k);
}

/* The signed-document forms (TTE): roles, CSRF, an empty batch, and the
 * public verification page of an unknown code. */
static void test_bad_tte_forms_roles_csrf_and_unknown_code(void **st)
{
	char *k = sent_snd(tok_a, NIK_A, "Siti Aminah", "Data tidak ada.");
	const char *const pass[] = { "passphrase", "rahasia", "alasan", "Hilang.", "kode", k, NULL };
	const char *const nothing[] = { "passphrase", "rahasia", NULL };
	long long hist = srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat");
	struct client *anon = client_new(&S);
	struct resp r;

	(void)st;
	/* signing: only the signer (and the admin) */
	assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/tandatangani", k), &r, pass), 403);
	resp_free(&r);
	assert_int_equal(post(op, csrf_op, "/staf/tte/tandatangani", &r, pass), 403);
	resp_free(&r);
	/* re-issue: operator or admin; revoke: admin or signer */
	assert_int_equal(post(ver, csrf_ver, pathf("/staf/pengajuan/%s/terbitkan-ulang", k), &r, pass), 403);
	resp_free(&r);
	assert_int_equal(post(ttd, csrf_ttd, pathf("/staf/pengajuan/%s/terbitkan-ulang", k), &r, pass), 403);
	resp_free(&r);
	assert_int_equal(post(op, csrf_op, "/staf/dokumen-jadi/1/cabut", &r, pass), 403);
	resp_free(&r);
	assert_int_equal(post(ver, csrf_ver, "/staf/dokumen-jadi/1/cabut", &r, pass), 403);
	resp_free(&r);
	/* without the form token */
	assert_int_equal(post(ttd, NULL, pathf("/staf/pengajuan/%s/tandatangani", k), &r, pass), 403);
	resp_free(&r);
	assert_int_equal(post(ttd, NULL, "/staf/tte/tandatangani", &r, pass), 403);
	resp_free(&r);
	/* a batch with nothing checked */
	assert_int_equal(post(ttd, csrf_ttd, "/staf/tte/tandatangani", &r, nothing), 422);
	assert_true(resp_has(&r, "Pilih (centang) sedikitnya satu pengajuan"));
	resp_free(&r);
	/* a re-issue without a reason: the form again; an unknown document: 404 */
	{
		const char *const no_reason[] = { "alasan", "  ", "kode", k, NULL };

		assert_int_equal(post(adm, csrf_adm, pathf("/staf/pengajuan/%s/terbitkan-ulang", k), &r, no_reason), 422);
		assert_true(resp_has(&r, "Alasan penerbitan ulang wajib diisi"));
		resp_free(&r);
		assert_int_equal(post(adm, csrf_adm, "/staf/dokumen-jadi/999999/cabut", &r, pass), 404);
		resp_free(&r);
	}
	assert_status(k, "DIKIRIM");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat"), hist);
	/* an unknown verification code, without logging in: nothing hinted */
	assert_int_equal(get(anon, "/verifikasi/ZZZZZZZZZZZZ", &r), 404);
	assert_true(resp_has(&r, "Dokumen tidak dikenal"));
	assert_false(resp_has(&r, "Atas Nama"));
	resp_free(&r);
	assert_int_equal(get(anon, "/verifikasi/%3Cscript%3E", &r), 404);
	assert_true(resp_has(&r, "Dokumen tidak dikenal"));
	resp_free(&r);
	assert_int_equal(get(anon, "/verifikasi", &r), 200);
	assert_true(resp_has(&r, "enctype=\"multipart/form-data\""));
	assert_true(resp_has(&r, "href=\"/verifikasi\">Verifikasi Dokumen"));
	resp_free(&r);
	client_free(anon);
	free(k);
}

static void test_bad_csrf_missing_or_wrong_refused(void **st)
{
	char *k = sent_snd(tok_a, NIK_A, "Siti Aminah", "Data tidak ada.");
	const char *const ok[] = { "catatan", "Lengkap.", NULL };
	const char *const wrong[] = { "csrf", "0000000000", "catatan", "Lengkap.", NULL };
	struct resp r;

	(void)st;
	assert_int_equal(post(ver, NULL, pathf("/staf/pengajuan/%s/setujui", k), &r, ok), 403);
	resp_free(&r);
	assert_int_equal(post(ver, NULL, pathf("/staf/pengajuan/%s/setujui", k), &r, wrong), 403);
	resp_free(&r);
	assert_int_equal(post(ver, NULL, pathf("/staf/pengajuan/%s/ambil", k), &r, NULL), 403);
	resp_free(&r);
	/* another officer's token is not this session's */
	assert_int_equal(post(ver, csrf_ver2, pathf("/staf/pengajuan/%s/kembalikan", k), &r, ok), 403);
	resp_free(&r);
	assert_status(k, "DIKIRIM");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND ditangani_oleh IS NULL", k), 1);
	free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dashboard_counts_queues_and_overdue),
		cmocka_unit_test(test_queue_search_masks_nik_and_finds_code_nik_name),
		cmocka_unit_test(test_queue_sort_and_pages),
		cmocka_unit_test(test_bad_queue_parameters_show_message_and_list),
		cmocka_unit_test(test_bad_queue_of_another_role_forbidden),
		cmocka_unit_test(test_detail_shows_data_warnings_documents_and_audits),
		cmocka_unit_test(test_bad_unknown_application_and_document_404),
		cmocka_unit_test(test_take_shows_holder_and_refuses_second_officer),
		cmocka_unit_test(test_return_edit_resend_shows_changes_then_approve),
		cmocka_unit_test(test_bad_return_and_cancel_need_a_note),
		cmocka_unit_test(test_steps_then_finish_without_document),
		cmocka_unit_test(test_bad_dokumen_jadi_javascript_pdf),
		cmocka_unit_test(test_delivery_choice_attach_pdf_and_signing_queue),
		cmocka_unit_test(test_officer_replies_in_chat),
		cmocka_unit_test(test_bad_role_may_not_move),
		cmocka_unit_test(test_bad_csrf_missing_or_wrong_refused),
		cmocka_unit_test(test_bad_tte_forms_roles_csrf_and_unknown_code),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
