// SPDX-License-Identifier: MIT
// HTTP tests of the applicant's application pages: new, edit, documents, send, list, chat, ownership.
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
#include <vips/vips.h>

#include "harness.h"

#define PW "Feb1702."
#define NIK_A "3326071505900001"
#define NIK_B "3326072001850002"
#define NIK_AYAH "3326071203850003"
#define NIK_IBU "3326075508880004"

static struct srv S;
static struct client *A, *B;   /* two logged-in applicants */
static void *jpeg;             /* a real photo-like JPEG */
static size_t jpeg_len;

static int setup(void **st)
{
	/* PDFs allowed (upload_pdf), as an office may set it */
	static const char *const env[] = { "LOKET_UPLOAD_MAX=300000", "LOKET_UPLOAD_PDF=1", NULL };

	(void)st;
	if (VIPS_INIT("test") != 0 || srv_start(&S, env) < 0)
		return -1;
	{
		VipsImage *img = NULL, *noise = NULL;

		/* noise does not compress: a realistic file size */
		if (vips_gaussnoise(&noise, 640, 480, "mean", 128.0, "sigma", 30.0, NULL) ||
		    vips_cast_uchar(noise, &img, NULL) || vips_jpegsave_buffer(img, &jpeg, &jpeg_len, "Q", 80, NULL))
			return -1;
		g_object_unref(noise);
		g_object_unref(img);
	}
	A = client_new(&S);
	B = client_new(&S);
	if (pemohon_active(&S, A, NIK_A, PW) < 0 || pemohon_active(&S, B, NIK_B, PW) < 0)
		return -1;
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	client_free(A);
	client_free(B);
	g_free(jpeg);
	return srv_stop(&S);
}

/* ---- helpers ----------------------------------------------------------- */

/* POSTs a filled Akta Kelahiran form to path (new or edit) with one field
 * overridden (name NULL: none). */
static void post_akl_to(struct client *c, const char *path, const char *over, const char *val, struct resp *r)
{
	char *csrf = page_field(c, path, "csrf");
	const char *kv[64];
	const char *base[] = {
		"csrf", csrf, "nik", "", "nama", "Bayi Aminah", "detail", "Pengajuan akta kelahiran anak pertama.",
		"isian.tanggal_lahir", "2026-11-01", "isian.tempat_lahir", "Kajen", "isian.jenis_kelamin", "Perempuan",
		"isian.tempat_dilahirkan", "RS/RB", "isian.jenis_kelahiran", "Tunggal", "isian.anak_ke", "1",
		"isian.penolong_kelahiran", "Bidan/Perawat", "isian.berat_bayi", "3100", "isian.nama_ayah",
		"Ahmad Fauzi", "isian.nik_ayah", NIK_AYAH, "isian.nama_ibu", "Siti Aminah", "isian.nik_ibu", NIK_IBU,
		"no_kk", "3326999999999999", "no_hp", "081999999999", NULL,
	};
	size_t n = 0;

	assert_non_null(csrf);
	for (size_t i = 0; base[i]; i += 2) {
		kv[n++] = base[i];
		kv[n++] = over && !strcmp(over, base[i]) ? val : base[i + 1];
	}
	kv[n] = NULL;
	assert_int_equal(client_post_arr(c, path, kv, r), 0);
	free(csrf);
}

static void post_akl(struct client *c, const char *over, const char *val, struct resp *r)
{
	post_akl_to(c, "/pengajuan/baru/akta-kelahiran", over, val, r);
}

/* Creates an Akta Kelahiran draft for c and returns its code (caller frees). */
static char *new_akl(struct client *c)
{
	struct resp r;
	char *loc, *kode;

	post_akl(c, NULL, NULL, &r);
	assert_int_equal(r.status, 303);
	loc = resp_header(&r, "Location");
	assert_non_null(loc);
	assert_true(!strncmp(loc, "/pengajuan/AKL3326", 18));
	kode = strdup(loc + strlen("/pengajuan/"));
	free(loc);
	resp_free(&r);
	return kode;
}

/* Uploads a file as document type jenis of application kode. */
static void upload(struct client *c, const char *kode, const char *jenis, const void *data, size_t len,
		   const char *filename, const char *tanggal, struct resp *r)
{
	char path[256], *csrf;

	snprintf(path, sizeof path, "/pengajuan/%s/dokumen/%s", kode, jenis);
	csrf = page_field(c, path, "csrf");
	assert_non_null(csrf);
	{
		struct part parts[] = {
			{ "csrf", csrf, 0, NULL, NULL },
			{ "cara", "baru", 0, NULL, NULL },
			{ "tanggal", tanggal, 0, NULL, NULL },
			{ "lembar", "1", 0, NULL, NULL },
			{ "keterangan", "Foto dari ponsel", 0, NULL, NULL },
			{ "file", data, len, filename, "image/jpeg" },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_int_equal(client_multipart(c, path, parts, r), 0);
	}
	free(csrf);
}

static void post_to(struct client *c, const char *csrf_page, const char *path, struct resp *r, const char *k1,
		    const char *v1, const char *k2, const char *v2)
{
	char *csrf = page_field(c, csrf_page, "csrf");

	assert_non_null(csrf);
	assert_int_equal(client_post(c, path, r, "csrf", csrf, k1 ? k1 : "x", v1 ? v1 : "", k2 ? k2 : "y",
				     v2 ? v2 : "", NULL), 0);
	free(csrf);
}

/* ---- new application ----------------------------------------------------- */

static void test_form_has_common_fields_then_service_fields(void **st)
{
	struct resp r;
	char *common, *own;

	(void)st;
	assert_int_equal(client_get(A, "/pengajuan/baru/akta-kelahiran", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "NIK Bayi/Anak"));
	assert_true(resp_has(&r, "Nama Bayi/Anak"));
	assert_true(resp_has(&r, "Nomor KK"));
	assert_true(resp_has(&r, "Nomor HP WA"));
	assert_true(resp_has(&r, "Detail Permohonan"));
	/* the service's own fields come after the divider */
	common = strstr(r.body, "name=\"detail\"");
	own = strstr(r.body, "name=\"isian.nama_ayah\"");
	assert_non_null(common);
	assert_non_null(own);
	assert_true(strstr(common, "<hr>") && strstr(common, "<hr>") < own);
	/* personal mode: the account's own KK, locked */
	assert_true(resp_has(&r, "3326********0009"));
	assert_true(resp_has(&r, "readonly"));
	resp_free(&r);
}

static void test_create_saves_draft_with_code_and_history(void **st)
{
	char *kode = new_akl(A);
	char *status, *kk, *hp;
	struct resp r;

	(void)st;
	/* AKL + regency 3326 + a sequence of at least 4 digits */
	assert_true(strlen(kode) >= 11);
	status = srv_db_text(&S, "SELECT status FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(status, "DRAFT");
	/* the posted KK and phone were ignored: personal mode uses the account's */
	kk = srv_db_text(&S, "SELECT no_kk FROM pengajuan WHERE kode = '%s'", kode);
	hp = srv_db_text(&S, "SELECT no_hp FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(kk, "3326071409230009");
	assert_string_equal(hp, "6281234567890");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat WHERE pengajuan_id = "
				    "(SELECT id FROM pengajuan WHERE kode = '%s')", kode), 1);
	assert_int_equal(client_get(A, "/pengajuan/", &r), 0);
	resp_free(&r);
	{
		char path[64];

		snprintf(path, sizeof path, "/pengajuan/%s", kode);
		assert_int_equal(client_get(A, path, &r), 0);
		assert_int_equal(r.status, 200);
		assert_true(resp_has(&r, kode));
		assert_true(resp_has(&r, "Pengajuan Draft"));
		assert_true(resp_has(&r, "Edit Pengajuan"));
		assert_true(resp_has(&r, "Belum memiliki NIK"));
		assert_true(resp_has(&r, "Surat Keterangan Kelahiran"));
		resp_free(&r);
	}
	free(status);
	free(kk);
	free(hp);
	free(kode);
}

static void test_codes_are_sequential_per_prefix(void **st)
{
	char *a = new_akl(A), *b = new_akl(A);

	(void)st;
	assert_string_not_equal(a, b);
	assert_true(atol(b + 7) == atol(a + 7) + 1);
	free(a);
	free(b);
}

static void test_create_bad_input_keeps_values_and_stores_nothing(void **st)
{
	static const char *const cases[][3] = {
		{ "nama", "", "Nama wajib diisi." },
		{ "nik", "12345", "NIK" },
		{ "detail", "", "Detail Permohonan wajib diisi" },
		{ "isian.anak_ke", "dua", "harus berupa angka" },
		{ "isian.anak_ke", "99", "harus antara" },
		{ "isian.tanggal_lahir", "2099-01-01", "tidak boleh melewati" },
		{ "isian.tanggal_lahir", "31-02-2026", "bukan tanggal yang benar" },
		{ "isian.jenis_kelamin", "Tidak tahu", "Pilih salah satu" },
		{ "isian.nik_ayah", "3326071203850000", "NIK" },
		{ "isian.nama_ayah", "", "wajib diisi" },
	};
	long long before = srv_count(&S, "pengajuan");

	(void)st;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct resp r;

		post_akl(A, cases[i][0], cases[i][1], &r);
		assert_int_equal(r.status, 422);
		if (!resp_has(&r, cases[i][2]))
			fail_msg("case %zu (%s): no '%s'", i, cases[i][0], cases[i][2]);
		/* what was typed stays */
		assert_true(resp_has(&r, "Kajen"));
		resp_free(&r);
	}
	assert_int_equal(srv_count(&S, "pengajuan"), before);
}

static void test_unknown_service_bad_404(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(client_get(A, "/pengajuan/baru/tidak-ada", &r), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

static void test_group_service_not_available_to_personal_applicant(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(client_get(A, "/pengajuan/baru/pandu-ceria", &r), 0);
	assert_int_equal(r.status, 403);
	assert_true(resp_has(&r, "Pengajuan Pandu Ceria belum tersedia."));
	assert_true(resp_has(&r, "Khusus Grup Pemohon"));
	assert_true(resp_has(&r, "Ganti Mode"));
	resp_free(&r);
}

/* Sets (or, with close 0, lifts) a closed date today on Sinkronisasi Data,
 * as the admin editor will, and waits for the snapshot to follow. */
static void close_today(int close)
{
	char today[16];
	time_t now = time(NULL) + 7 * 3600;
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	if (close)
		assert_int_equal(srv_db_exec(&S,
					     "UPDATE layanan_definisi SET definisi = replace(definisi, '\"kode\":\"sinkronisasi-data\"',"
					     " '\"ketersediaan\":{\"tutup\":[{\"tanggal\":\"%s\",\"alasan\":\"Pemeliharaan sistem\"}]},"
					     "\"kode\":\"sinkronisasi-data\"') WHERE id = (SELECT definisi_id FROM layanan"
					     " WHERE kode = 'sinkronisasi-data')", today),
				 0);
	else
		assert_int_equal(srv_db_exec(&S, "UPDATE layanan_definisi SET definisi = replace(definisi, '%s', '2000-01-01')"
					     " WHERE id = (SELECT definisi_id FROM layanan WHERE kode = 'sinkronisasi-data')",
					     today),
				 0);
	assert_int_equal(srv_db_exec(&S, "UPDATE sequences SET value = value + 1 WHERE name = 'katalog'"), 0);
	sleep(2); /* the snapshot is rechecked once a second */
}

static void test_closed_service_says_why_and_refuses(void **st)
{
	struct resp r;
	long long before = srv_count(&S, "pengajuan");
	char *csrf;

	(void)st;
	close_today(1);
	assert_int_equal(client_get(A, "/pengajuan/baru/sinkronisasi-data", &r), 0);
	assert_true(resp_has(&r, "Pengajuan Sinkronisasi Data belum tersedia."));
	assert_true(resp_has(&r, "Pemeliharaan sistem"));
	resp_free(&r);
	csrf = page_field(A, "/pengajuan", "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(A, "/pengajuan/baru/sinkronisasi-data", &r, "csrf", csrf, "nik", NIK_A, "nama",
				     "Siti Aminah", "detail", "Data tidak terbaca di BPJS.", "isian.permasalahan_data",
				     "NIK tidak ditemukan di BPJS", NULL),
			 0);
	assert_true(resp_has(&r, "belum tersedia"));
	assert_int_equal(srv_count(&S, "pengajuan"), before);
	resp_free(&r);
	free(csrf);
	/* the jobs thread posts a "sistem" Informasi about it: a fresh instance
	 * sweeps at once */
	{
		struct srv peer;
		long long n = 0;

		assert_int_equal(srv_start_peer(&peer, &S, NULL), 0);
		for (int i = 0; i < 50 && n < 1; i++) {
			n = srv_db_int(&S, "SELECT COUNT(*) FROM informasi WHERE jenis = 'sistem' AND kunci LIKE 'tutup:sinkronisasi-data:%%'");
			if (n < 1)
				usleep(100000);
		}
		assert_int_equal(srv_stop(&peer), 0);
		assert_int_equal(n, 1);
		assert_int_equal(client_get(A, "/informasi", &r), 0);
		assert_true(resp_has(&r, "Layanan Sinkronisasi Data tutup hari ini"));
		resp_free(&r);
	}
	close_today(0);
	assert_int_equal(client_get(A, "/pengajuan/baru/sinkronisasi-data", &r), 0);
	assert_false(resp_has(&r, "belum tersedia"));
	resp_free(&r);
}

/* ---- edit, documents, send ------------------------------------------------ */

static void test_edit_draft(void **st)
{
	char *kode = new_akl(A), path[96], *nama;
	struct resp r;

	(void)st;
	snprintf(path, sizeof path, "/pengajuan/%s/edit", kode);
	assert_int_equal(client_get(A, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Ahmad Fauzi"));
	resp_free(&r);
	post_akl_to(A, path, "nama", "Bayi Aminah Putri", &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	nama = srv_db_text(&S, "SELECT nama FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(nama, "Bayi Aminah Putri");
	free(nama);
	/* a bad edit changes nothing */
	post_akl_to(A, path, "nama", "", &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	nama = srv_db_text(&S, "SELECT nama FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(nama, "Bayi Aminah Putri");
	free(nama);
	free(kode);
}

static void test_upload_library_reuse_and_remove(void **st)
{
	char *kode = new_akl(A), *kode2 = new_akl(A), path[128], *doc_id, *csrf;
	struct resp r;
	size_t disk = srv_files(&S, "dokumen");

	(void)st;
	upload(A, kode, "ktp-elektronik", jpeg, jpeg_len, "ktp saya.jpg", "2026-10-01", &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	/* the file and its thumbnail are on disk */
	assert_int_equal(srv_files(&S, "dokumen"), disk + 2);
	doc_id = srv_db_text(&S, "SELECT MAX(id) FROM dokumen");
	assert_non_null(doc_id);
	snprintf(path, sizeof path, "/dokumen/%s", doc_id);
	assert_int_equal(client_get(A, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 1000 && (unsigned char)r.body[0] == 0xFF && (unsigned char)r.body[1] == 0xD8);
	resp_free(&r);
	snprintf(path, sizeof path, "/dokumen/%s/thumb", doc_id);
	assert_int_equal(client_get(A, path, &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	/* the library offers it on the second application */
	snprintf(path, sizeof path, "/pengajuan/%s/dokumen/ktp-elektronik", kode2);
	assert_int_equal(client_get(A, path, &r), 0);
	assert_true(resp_has(&r, "ktp saya.jpg"));
	assert_true(resp_has(&r, "01-10-2026"));
	resp_free(&r);
	csrf = page_field(A, path, "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(A, path, &r, "csrf", csrf, "cara", "lama", "dokumen_id", doc_id, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen WHERE dokumen_id = %s", doc_id), 2);
	/* no new file: the same one is reused */
	assert_int_equal(srv_files(&S, "dokumen"), disk + 2);
	/* choosing nothing is a clear error */
	assert_int_equal(client_post(A, path, &r, "csrf", csrf, "cara", "lama", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Pilih salah satu dokumen lama"));
	resp_free(&r);
	/* Hapus takes it off the application, the library keeps it */
	{
		char *link = srv_db_text(&S, "SELECT id FROM pengajuan_dokumen WHERE pengajuan_id = (SELECT id FROM pengajuan"
					 " WHERE kode = '%s')", kode2);
		char hp[128], dp[64];

		snprintf(hp, sizeof hp, "/pengajuan/%s/berkas/%s/hapus", kode2, link);
		snprintf(dp, sizeof dp, "/pengajuan/%s", kode2);
		post_to(A, dp, hp, &r, NULL, NULL, NULL, NULL);
		assert_int_equal(r.status, 303);
		resp_free(&r);
		assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen WHERE dokumen_id = %s", doc_id), 1);
		free(link);
	}
	free(csrf);
	free(doc_id);
	free(kode);
	free(kode2);
}

/* A PNG header claiming width x height, with a valid CRC. */
static size_t png_header(unsigned char *out, uint32_t w, uint32_t h)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	unsigned char ihdr[17] = { 'I', 'H', 'D', 'R' };
	uint32_t crc = 0xffffffffu;

	ihdr[4] = (unsigned char)(w >> 24), ihdr[5] = (unsigned char)(w >> 16), ihdr[6] = (unsigned char)(w >> 8), ihdr[7] = (unsigned char)w;
	ihdr[8] = (unsigned char)(h >> 24), ihdr[9] = (unsigned char)(h >> 16), ihdr[10] = (unsigned char)(h >> 8), ihdr[11] = (unsigned char)h;
	ihdr[12] = 8, ihdr[13] = 2;
	for (size_t i = 0; i < sizeof ihdr; i++) {
		crc ^= ihdr[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	crc ^= 0xffffffffu;
	memcpy(out, sig, 8);
	memcpy(out + 8, "\0\0\0\x0d", 4);
	memcpy(out + 12, ihdr, 17);
	out[29] = (unsigned char)(crc >> 24), out[30] = (unsigned char)(crc >> 16), out[31] = (unsigned char)(crc >> 8), out[32] = (unsigned char)crc;
	/* an IDAT with a few bytes, then IEND: never reached */
	memcpy(out + 33, "\0\0\0\x02IDAT\x78\x9c\0\0\0\0\0\0\0\0IEND\xae\x42\x60\x82", 26);
	return 59;
}

static void test_upload_bad_files_refused_store_nothing(void **st)
{
	char *kode = new_akl(A);
	void *png;
	size_t png_len;
	unsigned char huge[64];
	size_t huge_len = png_header(huge, 60000, 60000);
	static const char html[] = "<html><script>alert(1)</script></html>";
	char *big = calloc(1, 1500000);
	long long docs = srv_db_int(&S, "SELECT COUNT(*) FROM dokumen");
	size_t disk = srv_files(&S, "dokumen");
	struct {
		const void *data;
		size_t len;
		const char *name;
		const char *msg;
		long status;
	} cases[7];
	struct resp r;

	(void)st;
	{
		VipsImage *img = NULL;

		assert_int_equal(vips_black(&img, 32, 32, NULL), 0);
		assert_int_equal(vips_pngsave_buffer(img, &png, &png_len, NULL), 0);
		g_object_unref(img);
	}
	memcpy(big, jpeg, jpeg_len);
	memset(big + jpeg_len, 0, 400000 - jpeg_len);
	cases[0] = (__typeof__(cases[0])){ png, png_len, "foto.jpg", "Ekstensi file tidak sesuai", 422 };
	cases[1] = (__typeof__(cases[0])){ html, sizeof html - 1, "foto.jpg", "Ekstensi file tidak sesuai", 422 };
	cases[2] = (__typeof__(cases[0])){ jpeg, jpeg_len / 2, "foto.jpg", "rusak", 422 };
	cases[3] = (__typeof__(cases[0])){ huge, huge_len, "foto.png", "Resolusi gambar terlalu besar", 422 };
	cases[4] = (__typeof__(cases[0])){ big, 400000, "foto.jpg", "Ukuran file terlalu besar", 422 };
	cases[5] = (__typeof__(cases[0])){ "", 0, "foto.jpg", "kosong", 422 };
	/* over the request limit: refused before the body is read */
	cases[6] = (__typeof__(cases[0])){ big, 1500000, "foto.jpg", "Ukuran file terlalu besar", 413 };
	for (size_t i = 0; i < 7; i++) {
		upload(A, kode, "ktp-elektronik", cases[i].data, cases[i].len, cases[i].name, "2026-10-01", &r);
		if (r.status != cases[i].status || !resp_has(&r, cases[i].msg))
			fail_msg("case %zu: status %ld, body %.300s", i, r.status, r.body);
		resp_free(&r);
		assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen"), docs);
		assert_int_equal(srv_files(&S, "dokumen"), disk);
	}
	/* the form keeps what was typed */
	upload(A, kode, "ktp-elektronik", png, png_len, "foto.jpg", "2026-10-01", &r);
	assert_true(resp_has(&r, "Foto dari ponsel"));
	assert_true(resp_has(&r, "2026-10-01"));
	resp_free(&r);
	/* bad metadata is refused before the file is looked at */
	upload(A, kode, "ktp-elektronik", jpeg, jpeg_len, "foto.jpg", "2099-01-01", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "tidak boleh melewati hari ini"));
	resp_free(&r);
	{
		char p[128];

		snprintf(p, sizeof p, "/pengajuan/%s/dokumen/tidak-ada", kode);
		assert_int_equal(client_get(A, p, &r), 0);
		assert_int_equal(r.status, 404);
		resp_free(&r);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen"), docs);
	assert_int_equal(srv_files(&S, "dokumen"), disk);
	g_free(png);
	free(big);
	free(kode);
}

/*
 * With PDFs allowed, a supporting document with a script (plain or in a
 * compressed object stream) is refused as "berisi kode berbahaya" and
 * stores nothing; a plain PDF is taken. Officers open these files.
 */
static void test_upload_bad_pdf_with_javascript(void **st)
{
	static const char *const files[] = { "pdf/javascript.pdf", "pdf/objstm-javascript.pdf" };
	char *kode = new_akl(A), *pdf;
	long long docs = srv_db_int(&S, "SELECT COUNT(*) FROM dokumen");
	size_t disk = srv_files(&S, "dokumen"), len, i;
	struct resp r;

	(void)st;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		pdf = fixture(files[i], &len);
		assert_non_null(pdf);
		upload(A, kode, "ktp-elektronik", pdf, len, "ktp.pdf", "2026-10-01", &r);
		if (r.status != 422 || !resp_has(&r, "File rusak atau berisi kode berbahaya."))
			fail_msg("%s: status %ld, body %.300s", files[i], r.status, r.body);
		assert_true(resp_has(&r, "Foto dari ponsel"));
		resp_free(&r);
		free(pdf);
		assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen"), docs);
		assert_int_equal(srv_files(&S, "dokumen"), disk);
	}
	/* a plain PDF is taken; it draws without text, since poppler's first
	 * font makes fontconfig keep memory to exit, which ASan calls a leak */
	{
		static const char draw[] = "0 0 1 rg 20 20 100 100 re f";
		char plain[1024];
		int n = snprintf(plain, sizeof plain,
				 "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
				 "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
				 "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >> endobj\n"
				 "4 0 obj << /Length %zu >>\nstream\n%s\nendstream\nendobj\n"
				 "trailer << /Root 1 0 R >>\n%%%%EOF\n", sizeof draw - 1, draw);

		upload(A, kode, "ktp-elektronik", plain, (size_t)n, "ktp.pdf", "2026-10-01", &r);
		if (r.status != 303)
			fail_msg("plain PDF: status %ld, body %.300s", r.status, r.body);
		resp_free(&r);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen"), docs + 1);
	free(kode);
}

static void test_send_requires_documents_consent_then_locks(void **st)
{
	char *kode = new_akl(A), dp[64], kp[96], *status;
	static const char *const wajib[] = { "ktp-elektronik", "surat-keterangan-kelahiran", "buku-nikah", "formulir" };
	struct resp r;

	(void)st;
	snprintf(dp, sizeof dp, "/pengajuan/%s", kode);
	snprintf(kp, sizeof kp, "/pengajuan/%s/kirim", kode);
	post_to(A, dp, kp, &r, "pilihan_dokumen_jadi", "otomatis", "setuju", "1");
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Pengajuan belum dapat dikirim"));
	assert_true(resp_has(&r, "Dokumen KTP Elektronik wajib diunggah."));
	assert_true(resp_has(&r, "Dokumen Surat Keterangan Kelahiran wajib diunggah."));
	resp_free(&r);
	for (size_t i = 0; i < 4; i++) {
		upload(A, kode, wajib[i], jpeg, jpeg_len, "dok.jpg", "2026-10-01", &r);
		assert_int_equal(r.status, 303);
		resp_free(&r);
	}
	/* consent is required */
	post_to(A, dp, kp, &r, "pilihan_dokumen_jadi", "ambil_kantor", NULL, NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Centang persetujuan"));
	resp_free(&r);
	post_to(A, dp, kp, &r, "pilihan_dokumen_jadi", "lewat-pos", "setuju", "1");
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Pilih salah satu Pilihan Dokumen Jadi"));
	resp_free(&r);
	status = srv_db_text(&S, "SELECT status FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(status, "DRAFT");
	free(status);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%%%s%%'", kode), 0);
	post_to(A, dp, kp, &r, "pilihan_dokumen_jadi", "ambil_kantor", "setuju", "1");
	assert_int_equal(r.status, 303);
	resp_free(&r);
	status = srv_db_text(&S, "SELECT status || ' ' || pilihan_dokumen_jadi FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(status, "DIKIRIM ambil_kantor");
	free(status);
	/* the applicant hears of it by WhatsApp and e-mail, queued with the send */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%%%s%%' AND channel = 'whatsapp'", kode), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%%%s%%' AND channel = 'email'", kode), 1);
	/* locked: edit, upload, delete and a second send are refused */
	assert_int_equal(client_get(A, dp, &r), 0);
	assert_false(resp_has(&r, "Edit Pengajuan"));
	assert_false(resp_has(&r, "Tambah Dokumen"));
	assert_true(resp_has(&r, "Pengajuan Dikirim"));
	resp_free(&r);
	{
		char ep[96], hp[96];

		snprintf(ep, sizeof ep, "/pengajuan/%s/edit", kode);
		assert_int_equal(client_get(A, ep, &r), 0);
		assert_int_equal(r.status, 303);
		resp_free(&r);
		snprintf(ep, sizeof ep, "/pengajuan/%s/dokumen/ktp-elektronik", kode);
		assert_int_equal(client_get(A, ep, &r), 0);
		assert_int_equal(r.status, 303);
		resp_free(&r);
		assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen WHERE pengajuan_id = (SELECT id FROM"
					    " pengajuan WHERE kode = '%s')", kode), 4);
		snprintf(hp, sizeof hp, "/pengajuan/%s/hapus", kode);
		post_to(A, dp, hp, &r, NULL, NULL, NULL, NULL);
		assert_int_equal(r.status, 303);
		resp_free(&r);
		assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s'", kode), 1);
	}
	post_to(A, dp, kp, &r, "pilihan_dokumen_jadi", "otomatis", "setuju", "1");
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat WHERE status = 'DIKIRIM' AND pengajuan_id ="
				    " (SELECT id FROM pengajuan WHERE kode = '%s')", kode), 1);
	free(kode);
}

static void test_returned_application_can_be_fixed_and_sent_again(void **st)
{
	char *kode = new_akl(A), dp[64], kp[96], ep[96], *status;
	static const char *const wajib[] = { "ktp-elektronik", "surat-keterangan-kelahiran", "buku-nikah", "formulir" };
	struct resp r;

	(void)st;
	snprintf(dp, sizeof dp, "/pengajuan/%s", kode);
	snprintf(kp, sizeof kp, "/pengajuan/%s/kirim", kode);
	snprintf(ep, sizeof ep, "/pengajuan/%s/edit", kode);
	for (size_t i = 0; i < 4; i++) {
		upload(A, kode, wajib[i], jpeg, jpeg_len, "dok.jpg", "2026-10-01", &r);
		resp_free(&r);
	}
	post_to(A, dp, kp, &r, "pilihan_dokumen_jadi", "otomatis", "setuju", "1");
	assert_int_equal(r.status, 303);
	resp_free(&r);
	/* an officer returns it (the officer's move belongs to the back office) */
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET status = 'DIKEMBALIKAN' WHERE kode = '%s'", kode), 0);
	assert_int_equal(client_get(A, dp, &r), 0);
	assert_true(resp_has(&r, "Edit Pengajuan"));
	assert_true(resp_has(&r, "Tambah Dokumen"));
	resp_free(&r);
	post_akl_to(A, ep, "detail", "Sudah diperbaiki.", &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	post_to(A, dp, kp, &r, "pilihan_dokumen_jadi", "otomatis", "setuju", "1");
	assert_int_equal(r.status, 303);
	resp_free(&r);
	status = srv_db_text(&S, "SELECT status FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(status, "DIKIRIM");
	free(status);
	assert_int_equal(client_get(A, dp, &r), 0);
	assert_true(resp_has(&r, "Pengajuan dikirim kembali setelah diperbaiki."));
	resp_free(&r);
	free(kode);
}

static void test_delete_draft(void **st)
{
	char *kode = new_akl(A), dp[64], hp[96];
	struct resp r;

	(void)st;
	snprintf(dp, sizeof dp, "/pengajuan/%s", kode);
	snprintf(hp, sizeof hp, "/pengajuan/%s/hapus", kode);
	post_to(A, dp, hp, &r, NULL, NULL, NULL, NULL);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s'", kode), 0);
	assert_int_equal(client_get(A, dp, &r), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	free(kode);
}

/* ---- list, chat ------------------------------------------------------------ */

static void test_list_filters_and_masks_nik(void **st)
{
	struct resp r;
	char *kode, *csrf, q[128];

	(void)st;
	csrf = page_field(B, "/pengajuan/baru/sinkronisasi-data", "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(B, "/pengajuan/baru/sinkronisasi-data", &r, "csrf", csrf, "nik", NIK_B, "nama",
				     "Budi Santoso", "detail", "Data tidak terbaca di BPJS.", "isian.permasalahan_data",
				     "NIK tidak ditemukan di BPJS", NULL),
			 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	free(csrf);
	kode = new_akl(B);
	assert_int_equal(client_get(B, "/pengajuan", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, kode));
	assert_true(resp_has(&r, "3326********0002"));
	assert_false(resp_has(&r, NIK_B));
	resp_free(&r);
	assert_int_equal(client_get(B, "/pengajuan?layanan=sinkronisasi-data", &r), 0);
	assert_false(resp_has(&r, kode));
	assert_true(resp_has(&r, "Budi Santoso"));
	resp_free(&r);
	snprintf(q, sizeof q, "/pengajuan?kode=%s", kode);
	assert_int_equal(client_get(B, q, &r), 0);
	assert_true(resp_has(&r, kode));
	assert_false(resp_has(&r, "Budi Santoso"));
	resp_free(&r);
	assert_int_equal(client_get(B, "/pengajuan?nik=" NIK_B, &r), 0);
	assert_true(resp_has(&r, "Budi Santoso"));
	assert_false(resp_has(&r, kode));
	resp_free(&r);
	assert_int_equal(client_get(B, "/pengajuan?nama=aminah", &r), 0);
	assert_true(resp_has(&r, kode));
	assert_false(resp_has(&r, "Budi Santoso"));
	resp_free(&r);
	assert_int_equal(client_get(B, "/pengajuan?status=DIKIRIM", &r), 0);
	assert_false(resp_has(&r, kode));
	assert_true(resp_has(&r, "Belum ada pengajuan yang cocok"));
	resp_free(&r);
	/* the other applicant's applications never show */
	assert_int_equal(client_get(A, "/pengajuan?layanan=sinkronisasi-data", &r), 0);
	assert_false(resp_has(&r, "Budi Santoso"));
	resp_free(&r);
	free(kode);
}

static void test_list_bad_filters(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(client_get(A, "/pengajuan?status=HILANG", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Status tidak dikenal."));
	resp_free(&r);
	assert_int_equal(client_get(A, "/pengajuan?layanan=tidak-ada&halaman=-1", &r), 0);
	assert_true(resp_has(&r, "Jenis layanan tidak dikenal."));
	resp_free(&r);
}

static void test_chat_and_unread_badge(void **st)
{
	char *kode = new_akl(A), dp[64], cp[96];
	struct resp r;

	(void)st;
	snprintf(dp, sizeof dp, "/pengajuan/%s", kode);
	snprintf(cp, sizeof cp, "/pengajuan/%s/chat", kode);
	post_to(A, dp, cp, &r, "isi", "Apakah fotokopi KK perlu dilegalisir?", NULL, NULL);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	post_to(A, dp, cp, &r, "isi", "   ", NULL, NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Tulis pesan terlebih dahulu."));
	resp_free(&r);
	/* an officer answers (the officer's side is the back office) */
	assert_int_equal(srv_db_exec(&S, "INSERT INTO chat (pengajuan_id, dari, isi, created_at) SELECT id, 'staf',"
				     " 'Tidak perlu, cukup foto KK asli.', 1 FROM pengajuan WHERE kode = '%s'", kode), 0);
	assert_int_equal(client_get(A, "/pengajuan", &r), 0);
	assert_true(resp_has(&r, "1 pesan"));
	resp_free(&r);
	assert_int_equal(client_get(A, dp, &r), 0);
	assert_true(resp_has(&r, "Apakah fotokopi KK perlu dilegalisir?"));
	assert_true(resp_has(&r, "Tidak perlu, cukup foto KK asli."));
	assert_true(resp_has(&r, "Petugas Dinas"));
	resp_free(&r);
	/* read now: no badge at all, not a red "0 pesan" / "0 baru" */
	assert_int_equal(client_get(A, "/pengajuan", &r), 0);
	assert_false(resp_has(&r, "1 pesan"));
	assert_false(resp_has(&r, "0 pesan"));
	assert_false(resp_has(&r, "Pesan belum dibaca"));
	resp_free(&r);
	assert_int_equal(client_get(A, dp, &r), 0);
	assert_false(resp_has(&r, "0 baru"));
	assert_false(resp_has(&r, "Pesan belum dibaca"));
	resp_free(&r);
	free(kode);
}

/* ---- ownership and access ---------------------------------------------- */

static void test_other_applicant_gets_404_everywhere(void **st)
{
	char *kode = new_akl(A), *doc, *link, p[160], *csrf;
	struct resp r;
	const char *gets[4];
	char g0[96], g1[96], g2[96], g3[96];

	(void)st;
	upload(A, kode, "ktp-elektronik", jpeg, jpeg_len, "ktp.jpg", "2026-10-01", &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	doc = srv_db_text(&S, "SELECT MAX(id) FROM dokumen");
	link = srv_db_text(&S, "SELECT MAX(id) FROM pengajuan_dokumen");
	snprintf(g0, sizeof g0, "/pengajuan/%s", kode);
	snprintf(g1, sizeof g1, "/pengajuan/%s/edit", kode);
	snprintf(g2, sizeof g2, "/dokumen/%s", doc);
	snprintf(g3, sizeof g3, "/dokumen/%s/thumb", doc);
	gets[0] = g0, gets[1] = g1, gets[2] = g2, gets[3] = g3;
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(client_get(B, gets[i], &r), 0);
		if (r.status != 404)
			fail_msg("GET %s as another applicant: %ld", gets[i], r.status);
		resp_free(&r);
	}
	snprintf(p, sizeof p, "/pengajuan/%s/dokumen/ktp-elektronik", kode);
	assert_int_equal(client_get(B, p, &r), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	csrf = page_field(B, "/pengajuan", "csrf");
	assert_non_null(csrf);
	{
		char posts[6][160];

		snprintf(posts[0], 160, "/pengajuan/%s/edit", kode);
		snprintf(posts[1], 160, "/pengajuan/%s/hapus", kode);
		snprintf(posts[2], 160, "/pengajuan/%s/kirim", kode);
		snprintf(posts[3], 160, "/pengajuan/%s/chat", kode);
		snprintf(posts[4], 160, "/pengajuan/%s/berkas/%s/hapus", kode, link);
		snprintf(posts[5], 160, "/pengajuan/%s/dokumen/ktp-elektronik", kode);
		for (size_t i = 0; i < 6; i++) {
			assert_int_equal(client_post(B, posts[i], &r, "csrf", csrf, "nama", "X", "isi", "halo", "setuju", "1",
						     "pilihan_dokumen_jadi", "otomatis", "cara", "lama", "dokumen_id", doc, NULL),
					 0);
			if (r.status != 404)
				fail_msg("POST %s as another applicant: %ld", posts[i], r.status);
			resp_free(&r);
		}
	}
	/* nothing changed */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DRAFT'", kode), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen WHERE dokumen_id = %s", doc), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM chat WHERE pengajuan_id = (SELECT id FROM pengajuan WHERE kode"
				    " = '%s')", kode), 0);
	/* B cannot attach A's library file to B's own application either */
	{
		char *mine = new_akl(B), bp[128];
		char *bcsrf;

		snprintf(bp, sizeof bp, "/pengajuan/%s/dokumen/ktp-elektronik", mine);
		bcsrf = page_field(B, bp, "csrf");
		assert_non_null(bcsrf);
		assert_int_equal(client_post(B, bp, &r, "csrf", bcsrf, "cara", "lama", "dokumen_id", doc, NULL), 0);
		assert_int_equal(r.status, 422);
		resp_free(&r);
		assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen WHERE dokumen_id = %s", doc), 1);
		free(bcsrf);
		free(mine);
	}
	free(csrf);
	free(doc);
	free(link);
	free(kode);
}

static void test_bad_ids_and_codes_404(void **st)
{
	static const char *const paths[] = {
		"/pengajuan/akl33260001", "/pengajuan/AKL", "/pengajuan/AKL3326%2F1", "/dokumen/0", "/dokumen/-1",
		"/dokumen/abc", "/dokumen/99999999999999999999", "/dokumen/1/thumb/x",
	};
	struct resp r;

	(void)st;
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		assert_int_equal(client_get(A, paths[i], &r), 0);
		if (r.status != 404)
			fail_msg("%s: %ld", paths[i], r.status);
		resp_free(&r);
	}
}

static void test_login_required_and_csrf(void **st)
{
	struct client *anon = client_new(&S);
	char *kode = new_akl(A), p[96];
	struct resp r;

	(void)st;
	assert_int_equal(client_get(anon, "/pengajuan", &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(client_get(anon, "/pengajuan/baru/akta-kelahiran", &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	/* without the form's token, no change */
	snprintf(p, sizeof p, "/pengajuan/%s/hapus", kode);
	assert_int_equal(client_post(A, p, &r, "x", "y", NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s'", kode), 1);
	client_free(anon);
	free(kode);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_has_common_fields_then_service_fields),
		cmocka_unit_test(test_create_saves_draft_with_code_and_history),
		cmocka_unit_test(test_codes_are_sequential_per_prefix),
		cmocka_unit_test(test_create_bad_input_keeps_values_and_stores_nothing),
		cmocka_unit_test(test_unknown_service_bad_404),
		cmocka_unit_test(test_group_service_not_available_to_personal_applicant),
		cmocka_unit_test(test_closed_service_says_why_and_refuses),
		cmocka_unit_test(test_edit_draft),
		cmocka_unit_test(test_upload_library_reuse_and_remove),
		cmocka_unit_test(test_upload_bad_files_refused_store_nothing),
		cmocka_unit_test(test_upload_bad_pdf_with_javascript),
		cmocka_unit_test(test_send_requires_documents_consent_then_locks),
		cmocka_unit_test(test_returned_application_can_be_fixed_and_sent_again),
		cmocka_unit_test(test_delete_draft),
		cmocka_unit_test(test_list_filters_and_masks_nik),
		cmocka_unit_test(test_list_bad_filters),
		cmocka_unit_test(test_chat_and_unread_badge),
		cmocka_unit_test(test_other_applicant_gets_404_everywhere),
		cmocka_unit_test(test_bad_ids_and_codes_404),
		cmocka_unit_test(test_login_required_and_csrf),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
