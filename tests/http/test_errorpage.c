// SPDX-License-Identifier: MIT
// Error pages: the visitor's header state, the ways back (same-site Referer, their start page), and a 413 upload answered with its form.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define PW "Feb1702."
#define NIK_A "3326071505900001"
#define STAF_PW "Petugas-2024"
#define NAMA "Siti Aminah"            /* register_pemohon's name */
#define SVC "sinkronisasi-data"
#define DOC_KTP "foto-ktp-el"
#define LOGIN_BUTTON "Daftar / Login Pemohon"
#define TOO_LARGE "Ukuran file terlalu besar. Batas ukuran satu file adalah"

static struct srv S;
static struct client *A;             /* a logged-in applicant */
static struct client *P;             /* a logged-in officer (verifikator) */
static struct client *ADM;           /* a logged-in admin */
static char *tok, *kode;

/* A small upload limit: max_in = max_body (1 MiB) + 300000 bytes. */
#define UPLOAD_MAX 300000
#define MAX_IN (1048576 + UPLOAD_MAX)

static int setup(void **st)
{
	static const char *const env[] = { "LOKET_UPLOAD_MAX=300000", "LOKET_LOGIN_MAX_IP=1000", NULL };

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	A = client_new(&S);
	if (pemohon_active(&S, A, NIK_A, PW) < 0)
		return -1;
	tok = pemohon_token(&S, NIK_A, PW);
	if (!tok)
		return -1;
	kode = api_create(&S, tok, json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SVC, "nik", NIK_A, "nama", NAMA,
					     "detail", "Data saya tidak terbaca di BPJS Kesehatan.", "isian",
					     "permasalahan_data", "NIK tidak ditemukan di BPJS Kesehatan."));
	P = staf_ready(&S, "petugas", "verifikator", "Budi Verifikator", STAF_PW);
	ADM = staf_ready(&S, "adm", "admin", "Ani Admin", STAF_PW);
	return kode && P && ADM ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	client_free(A);
	client_free(P);
	client_free(ADM);
	free(tok);
	free(kode);
	return srv_stop(&S);
}

/* GET (or method) path with a Referer (NULL: none). */
static void req_ref(struct client *c, const char *method, const char *path, const char *referer, struct resp *r)
{
	char h[600];
	const char *hs[2] = { h, NULL };

	snprintf(h, sizeof h, "Referer: %s", referer ? referer : "");
	assert_int_equal(client_request(c, method, path, NULL, NULL, 0, referer ? hs : NULL, r), 0);
}

/* The session row of c's cookie is the one with the highest rowid among the
 * applicant's: its last_seen, aged, and a pending flash, for "writes nothing". */
static long long age_sessions(const char *jenis)
{
	assert_int_equal(srv_db_exec(&S, "UPDATE sesi SET last_seen = last_seen - 600, flash = 'Pesan tertunda' "
				     "WHERE jenis = '%s' AND api = 0", jenis), 0);
	return srv_db_int(&S, "SELECT SUM(last_seen) FROM sesi WHERE jenis = '%s' AND api = 0", jenis);
}

static void test_404_anonymous_has_login_button(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	req_ref(c, "GET", "/tidak-ada", NULL, &r);
	assert_int_equal(r.status, 404);
	assert_true(resp_has(&r, "Halaman tidak ditemukan"));
	assert_true(resp_has(&r, LOGIN_BUTTON));
	assert_true(resp_has(&r, "href=\"/\" id=\"error-beranda\">Kembali ke Home"));
	assert_false(resp_has(&r, "error-kembali"));
	{
		char *sc = resp_header(&r, "Set-Cookie");

		assert_null(sc); /* no session is started */
	}
	resp_free(&r);
	client_free(c);
}

/* The resident's name and their start page; the session is only read:
 * last_seen is not refreshed and a pending flash stays for the next page. */
static void test_404_resident_header_and_pengajuan_link(void **st)
{
	struct resp r;
	long long seen;

	(void)st;
	seen = age_sessions("pemohon");
	req_ref(A, "GET", "/tidak-ada", NULL, &r);
	assert_int_equal(r.status, 404);
	assert_true(resp_has(&r, NAMA));
	assert_false(resp_has(&r, LOGIN_BUTTON));
	assert_true(resp_has(&r, "href=\"/pengajuan\" id=\"error-beranda\">Ke Pengajuan Saya"));
	assert_true(resp_has(&r, "href=\"/pengajuan\">Pengajuan</a>")); /* the menu of a logged-in resident */
	assert_false(resp_has(&r, "Pesan tertunda"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT SUM(last_seen) FROM sesi WHERE jenis = 'pemohon' AND api = 0"), seen);
	/* the flash waits for the next page */
	assert_int_equal(client_get(A, "/pengajuan", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Pesan tertunda"));
	resp_free(&r);
}

/* A handler's own 404 (an application that is not there) also keeps the header. */
static void test_404_from_handler_keeps_header(void **st)
{
	struct resp r;

	(void)st;
	req_ref(A, "GET", "/pengajuan/SND33260000001", pathf("%s/pengajuan", S.base), &r);
	assert_int_equal(r.status, 404);
	assert_true(resp_has(&r, NAMA));
	assert_true(resp_has(&r, "href=\"/pengajuan\" id=\"error-kembali\""));
	resp_free(&r);
}

static void test_referer_same_origin_offered_escaped(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	req_ref(c, "GET", "/tidak-ada", pathf("%s/informasi?q=a&b=\"x'<y>", S.base), &r);
	assert_int_equal(r.status, 404);
	assert_true(resp_has(&r, "href=\"/informasi?q=a&amp;b=&quot;x&#39;&lt;y&gt;\" id=\"error-kembali\""));
	assert_true(resp_has(&r, "Kembali ke halaman sebelumnya"));
	resp_free(&r);
	client_free(c);
}

static void test_referer_foreign_not_reflected(void **st)
{
	const char *bad[] = {
		"http://evil.example/pengajuan",
		pathf("%s.evil.example/x", S.base),          /* the base as a prefix of another host */
		pathf("%s@evil.example/x", S.base),
		pathf("%s//evil.example/x", S.base),         /* protocol-relative once the origin is cut */
		pathf("%s/\\evil.example", S.base),
		pathf("https%s/x", S.base + 4),              /* another scheme */
		"/pengajuan",                                 /* not a URL of this site */
		"javascript:alert(1)",
	};
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		req_ref(c, "GET", "/tidak-ada", bad[i], &r);
		assert_int_equal(r.status, 404);
		if (resp_has(&r, "error-kembali") || resp_has(&r, "evil.example"))
			fail_msg("case %zu (%s) offered back", i, bad[i]);
		assert_true(resp_has(&r, "Kembali ke Home"));
		resp_free(&r);
	}
	client_free(c);
}

static void test_405_resident(void **st)
{
	struct resp r;

	(void)st;
	req_ref(A, "DELETE", "/pengajuan", pathf("%s/pengajuan", S.base), &r);
	assert_int_equal(r.status, 405);
	assert_true(resp_has(&r, "Metode tidak diizinkan"));
	assert_true(resp_has(&r, NAMA));
	assert_true(resp_has(&r, "href=\"/pengajuan\" id=\"error-kembali\""));
	assert_true(resp_has(&r, "href=\"/pengajuan\" id=\"error-beranda\""));
	resp_free(&r);
	{
		struct client *c = client_new(&S);

		req_ref(c, "DELETE", "/", NULL, &r);
		assert_int_equal(r.status, 405);
		assert_true(resp_has(&r, LOGIN_BUTTON));
		resp_free(&r);
		client_free(c);
	}
}

static void test_404_officer_header(void **st)
{
	struct resp r;
	long long seen;

	(void)st;
	seen = age_sessions("staf");
	req_ref(P, "GET", "/staf/tidak-ada", pathf("%s/staf/pendaftaran", S.base), &r);
	assert_int_equal(r.status, 404);
	assert_true(resp_has(&r, "Budi Verifikator"));
	assert_false(resp_has(&r, LOGIN_BUTTON));
	assert_true(resp_has(&r, "href=\"/staf\" id=\"error-beranda\">Ke Dasbor Petugas"));
	assert_true(resp_has(&r, "href=\"/staf/pendaftaran\" id=\"error-kembali\""));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT SUM(last_seen) FROM sesi WHERE jenis = 'staf' AND api = 0"), seen);
	/* a 403 of a page beyond the role, too */
	req_ref(P, "GET", "/staf/petugas", NULL, &r);
	assert_int_equal(r.status, 403);
	assert_true(resp_has(&r, "Budi Verifikator"));
	resp_free(&r);
}

static void test_api_errors_stay_json(void **st)
{
	struct resp r;
	char *ct;

	(void)st;
	req_ref(A, "GET", "/api/v1/tidak-ada", pathf("%s/pengajuan", S.base), &r);
	assert_int_equal(r.status, 404);
	ct = resp_header(&r, "Content-Type");
	assert_non_null(ct);
	assert_non_null(strstr(ct, "application/json"));
	assert_true(resp_has(&r, "\"tidak_ditemukan\""));
	free(ct);
	resp_free(&r);
}

/* The resident's upload with a file of size n: the Upload Baru form, its fields. */
static void post_upload(size_t n, const char *referer, struct resp *r)
{
	const char *path = pathf("/pengajuan/%s/dokumen/%s", kode, DOC_KTP);
	char *csrf = page_field(A, path, "csrf"), *big = malloc(n), h[600];
	const char *hs[2] = { h, NULL };

	assert_non_null(csrf);
	memset(big, 'j', n);
	{
		/* the browser's order: the file before the fields under it */
		struct part parts[] = {
			{ "csrf", csrf, 0, NULL, NULL },
			{ "cara", "baru", 0, NULL, NULL },
			{ "file", big, n, "foto-ktp.jpg", "image/jpeg" },
			{ "tanggal", "2026-10-01", 0, NULL, NULL },
			{ "lembar", "2", 0, NULL, NULL },
			{ "keterangan", "Foto dari ponsel <asli>", 0, NULL, NULL },
			{ NULL, NULL, 0, NULL, NULL },
		};

		snprintf(h, sizeof h, "Referer: %s", referer ? referer : "");
		client_set_headers(A, referer ? hs : NULL);
		assert_int_equal(client_multipart(A, path, parts, r), 0);
		client_set_headers(A, NULL);
	}
	free(csrf);
	free(big);
}

/* Over the limit: 413 with the upload form, the message on the file field,
 * the fields typed under the file kept, and nothing stored. Also just over
 * the limit (the kept head and the tail overlap) and far over it (refused
 * unread: the plain 413 page, still with the header and the way back). */
static void test_413_upload_returns_form_with_input(void **st)
{
	static const size_t sizes[] = { 2 * MAX_IN, MAX_IN + 10, 3 * MAX_IN + 5000 };
	long long docs = srv_count(&S, "dokumen");
	int files = srv_files(&S, "dokumen");
	struct resp r;
	const char *form = pathf("%s/pengajuan/%s/dokumen/%s", S.base, kode, DOC_KTP);

	(void)st;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		post_upload(sizes[i], form, &r);
		if (r.status != 413 || !resp_has(&r, TOO_LARGE) || !resp_has(&r, "Tambah Dokumen") ||
		    !resp_has(&r, "value=\"Foto dari ponsel &lt;asli&gt;\"") || !resp_has(&r, "value=\"2026-10-01\"") ||
		    !resp_has(&r, "value=\"2\"") || !resp_has(&r, "is-invalid") || !resp_has(&r, NAMA))
			fail_msg("size %zu: status %ld, body %.2000s", sizes[i], r.status, r.body);
		/* the Upload Baru tab is the one shown */
		assert_true(resp_has(&r, "id=\"pane-baru\"") && strstr(r.body, "tab-pane show active\" id=\"pane-baru\""));
		resp_free(&r);
	}
	post_upload(5 * MAX_IN, form, &r);
	assert_int_equal(r.status, 413);
	assert_true(resp_has(&r, TOO_LARGE));
	assert_true(resp_has(&r, NAMA));
	assert_true(resp_has(&r, pathf("href=\"/pengajuan/%s/dokumen/%s\" id=\"error-kembali\"", kode, DOC_KTP)));
	resp_free(&r);
	assert_int_equal(srv_count(&S, "dokumen"), docs);
	assert_int_equal(srv_files(&S, "dokumen"), files);
	assert_int_equal(srv_files(&S, "tmp"), 0);
	/* a small file still goes through the same form */
	{
		const char *path = pathf("/pengajuan/%s/dokumen/%s", kode, DOC_KTP);
		char *csrf = page_field(A, path, "csrf");
		struct part parts[] = {
			{ "csrf", csrf, 0, NULL, NULL },
			{ "cara", "baru", 0, NULL, NULL },
			{ "file", (const char *)jpeg_24x16, jpeg_24x16_len, "foto.jpg", "image/jpeg" },
			{ "tanggal", "2026-10-01", 0, NULL, NULL },
			{ "lembar", "1", 0, NULL, NULL },
			{ "keterangan", "", 0, NULL, NULL },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_int_equal(client_multipart(A, path, parts, &r), 0);
		assert_int_equal(r.status, 303);
		resp_free(&r);
		free(csrf);
		assert_int_equal(srv_count(&S, "dokumen"), docs + 1);
	}
}

/* Without the form's token the refusal is the CSRF one: a cross-site post
 * of a large body runs no handler. */
static void test_413_upload_without_csrf_is_refused(void **st)
{
	const char *path = pathf("/pengajuan/%s/dokumen/%s", kode, DOC_KTP);
	char *big = malloc(2 * MAX_IN);
	long long docs = srv_count(&S, "dokumen");
	struct resp r;
	struct part parts[] = {
		{ "cara", "baru", 0, NULL, NULL },
		{ "file", big, 2 * MAX_IN, "foto.jpg", "image/jpeg" },
		{ "keterangan", "x", 0, NULL, NULL },
		{ NULL, NULL, 0, NULL, NULL },
	};

	(void)st;
	memset(big, 'j', 2 * MAX_IN);
	assert_int_equal(client_multipart(A, path, parts, &r), 0);
	assert_true(r.status == 403 || r.status == 413);
	assert_false(resp_has(&r, "Tambah Dokumen:"));
	resp_free(&r);
	assert_int_equal(srv_count(&S, "dokumen"), docs);
	free(big);
}

/* An officer's upload (the office logo in Pengaturan): the settings form
 * again with the typed office name, and nothing saved. */
static void test_413_officer_upload_settings_form(void **st)
{
	char *csrf = page_field(ADM, "/staf/pengaturan", "csrf"), *big = malloc(2 * MAX_IN);
	long long rows = srv_count(&S, "pengaturan"), audit = srv_count(&S, "audit");
	struct resp r;
	struct part parts[] = {
		{ "csrf", csrf, 0, NULL, NULL },
		{ "nama_kantor", "Dinas Baru Sekali", 0, NULL, NULL },
		{ "logo", big, 2 * MAX_IN, "logo.png", "image/png" },
		{ "footer", "Kaki halaman baru", 0, NULL, NULL },
		{ NULL, NULL, 0, NULL, NULL },
	};

	(void)st;
	assert_non_null(csrf);
	memset(big, 'p', 2 * MAX_IN);
	assert_int_equal(client_multipart(ADM, "/staf/pengaturan", parts, &r), 0);
	if (r.status != 413 || !resp_has(&r, TOO_LARGE) || !resp_has(&r, "value=\"Dinas Baru Sekali\"") ||
	    !resp_has(&r, "Kaki halaman baru") || !resp_has(&r, "Ani Admin"))
		fail_msg("status %ld, body %.2000s", r.status, r.body);
	resp_free(&r);
	assert_int_equal(srv_count(&S, "pengaturan"), rows);
	assert_int_equal(srv_count(&S, "audit"), audit);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan WHERE nilai = 'Dinas Baru Sekali'"), 0);
	free(csrf);
	free(big);
}

/* Unggah Formulir: the form again with the title typed, nothing stored. */
static void test_413_officer_formulir_form(void **st)
{
	char *csrf = page_field(ADM, "/staf/formulir/baru", "csrf"), *big = malloc(2 * MAX_IN);
	long long forms = srv_count(&S, "formulir");
	int files = srv_files(&S, "formulir");
	struct resp r;
	struct part parts[] = {
		{ "csrf", csrf, 0, NULL, NULL },
		{ "judul", "Formulir F-1.01 Biodata", 0, NULL, NULL },
		{ "file", big, 2 * MAX_IN, "f101.pdf", "application/pdf" },
		{ "urutan", "7", 0, NULL, NULL },
		{ NULL, NULL, 0, NULL, NULL },
	};

	(void)st;
	assert_non_null(csrf);
	memset(big, 'f', 2 * MAX_IN);
	memcpy(big, "%PDF-1.4\n", 9);
	assert_int_equal(client_multipart(ADM, "/staf/formulir/baru", parts, &r), 0);
	if (r.status != 413 || !resp_has(&r, TOO_LARGE) || !resp_has(&r, "value=\"Formulir F-1.01 Biodata\"") ||
	    !resp_has(&r, "value=\"7\""))
		fail_msg("status %ld, body %.2000s", r.status, r.body);
	resp_free(&r);
	assert_int_equal(srv_count(&S, "formulir"), forms);
	assert_int_equal(srv_files(&S, "formulir"), files);
	free(csrf);
	free(big);
}

/* Verifikasi Dokumen (public, no other field): its form with the message. */
static void test_413_verifikasi_form(void **st)
{
	struct client *c = client_new(&S);
	char *csrf = page_field(c, "/verifikasi", "csrf"), *big = malloc(2 * MAX_IN);
	struct resp r;
	struct part parts[] = {
		{ "csrf", csrf, 0, NULL, NULL },
		{ "file", big, 2 * MAX_IN, "surat.pdf", "application/pdf" },
		{ NULL, NULL, 0, NULL, NULL },
	};

	(void)st;
	assert_non_null(csrf);
	memset(big, 'v', 2 * MAX_IN);
	assert_int_equal(client_multipart(c, "/verifikasi", parts, &r), 0);
	if (r.status != 413 || !resp_has(&r, TOO_LARGE) || !resp_has(&r, "is-invalid") || !resp_has(&r, LOGIN_BUTTON))
		fail_msg("status %ld, body %.2000s", r.status, r.body);
	resp_free(&r);
	free(csrf);
	free(big);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_404_anonymous_has_login_button),
		cmocka_unit_test(test_404_resident_header_and_pengajuan_link),
		cmocka_unit_test(test_404_from_handler_keeps_header),
		cmocka_unit_test(test_referer_same_origin_offered_escaped),
		cmocka_unit_test(test_referer_foreign_not_reflected),
		cmocka_unit_test(test_405_resident),
		cmocka_unit_test(test_404_officer_header),
		cmocka_unit_test(test_api_errors_stay_json),
		cmocka_unit_test(test_413_upload_returns_form_with_input),
		cmocka_unit_test(test_413_upload_without_csrf_is_refused),
		cmocka_unit_test(test_413_officer_upload_settings_form),
		cmocka_unit_test(test_413_officer_formulir_form),
		cmocka_unit_test(test_413_verifikasi_form),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
