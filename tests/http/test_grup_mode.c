// SPDX-License-Identifier: MIT
// Grup Pemohon on the resident side (Tabel 2): modes, group applications, ownership across groups and modes.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

#define PW "Feb1702."
#define NIK_M "3326071505900001"   /* member of groups X and Y (and of inactive Z) */
#define NIK_N "3326072001850002"   /* member of X only */
#define NIK_P "3326071203850003"   /* no group */
#define NIK_SISWA "3326074403090005" /* a student of another family */
#define KK_SISWA "3326071409230099"
#define DESA_X "33.26.07.2008"       /* within X's scope (district 33.26.07) */
#define SVC_X "pandu-ceria"          /* for schools */
#define SVC_Y "aldino-2in1"          /* for health facilities */
#define SVC "sinkronisasi-data"      /* a general service */

static struct srv S;
static char *tok_m, *tok_n, *tok_p;
static char gx[24], gy[24], gz[24];    /* group ids as text */
static char *desa_luar;                /* a village outside X's scope */
static struct client *web_mx, *web_nx, *web_n, *web_my, *web_m, *web_p;

/* ---- set-up ----------------------------------------------------------------- */

static long long make_group(const char *nama, const char *jenis, int aktif, const char *wilayah, const char *svc)
{
	long long id;

	if (srv_db_exec(&S, "INSERT INTO grup (nama, jenis, aktif, created_at, updated_at) VALUES ('%s', '%s', %d, 1, 1)",
			nama, jenis, aktif) < 0)
		return -1;
	id = srv_db_int(&S, "SELECT id FROM grup WHERE nama = '%s'", nama);
	if (srv_db_exec(&S, "INSERT INTO grup_wilayah (grup_id, kode) VALUES (%lld, '%s')", id, wilayah) < 0 ||
	    srv_db_exec(&S, "INSERT INTO grup_layanan (grup_id, layanan_id) SELECT %lld, id FROM layanan WHERE kode = '%s'",
			id, svc) < 0)
		return -1;
	return id;
}

static int join(long long grup, const char *nik)
{
	return srv_db_exec(&S, "INSERT INTO grup_anggota (grup_id, pemohon_id, created_at) SELECT %lld, id, 1 FROM pemohon"
			   " WHERE nik = '%s'", grup, nik);
}

/* A second browser session of an active applicant, through the login page. */
static struct client *login(const char *nik)
{
	struct client *c = client_new(&S);
	struct form f;
	struct resp r;
	int ok;

	if (form_fetch(c, "/pemohon/login", &f) < 0)
		return NULL;
	ok = client_post(c, "/pemohon/login", &r, "csrf", f.csrf ? f.csrf : "", "captcha_id", f.captcha_id ? f.captcha_id : "",
			 "captcha", f.captcha ? f.captcha : "", "nik", nik, "password", PW, NULL) == 0 && r.status == 303;
	resp_free(&r);
	form_free(&f);
	return ok ? c : NULL;
}

/* Ganti Mode on the web: 303 to Home when allowed; the answer's status. */
static long choose(struct client *c, const char *grup)
{
	char *csrf = page_field(c, "/pemohon/mode", "csrf");
	struct resp r;
	long status;

	assert_non_null(csrf);
	assert_int_equal(client_post(c, "/pemohon/mode", &r, "csrf", csrf, "grup_id", grup, NULL), 0);
	status = r.status;
	resp_free(&r);
	free(csrf);
	return status;
}

static int setup(void **st)
{
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", NULL };
	long long x, y, z;

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	tok_m = pemohon_active_token(&S, NIK_M, PW);
	tok_n = pemohon_active_token(&S, NIK_N, PW);
	tok_p = pemohon_active_token(&S, NIK_P, PW);
	x = make_group("SMA Negeri 1 Kajen", "sekolah", 1, "33.26.07", SVC_X);
	y = make_group("RSUD Kajen", "faskes", 1, "33.26.01", SVC_Y);
	z = make_group("SMP Lama", "sekolah", 0, "33.26.07", SVC_X);
	if (!tok_m || !tok_n || !tok_p || x < 0 || y < 0 || z < 0 || join(x, NIK_M) < 0 || join(y, NIK_M) < 0 ||
	    join(z, NIK_M) < 0 || join(x, NIK_N) < 0)
		return -1;
	snprintf(gx, sizeof gx, "%lld", x);
	snprintf(gy, sizeof gy, "%lld", y);
	snprintf(gz, sizeof gz, "%lld", z);
	desa_luar = srv_db_text(&S, "SELECT kode FROM desa WHERE kecamatan_kode = '33.26.01' ORDER BY kode LIMIT 1");
	web_mx = login(NIK_M);
	web_my = login(NIK_M);
	web_m = login(NIK_M);
	web_nx = login(NIK_N);
	web_n = login(NIK_N);
	web_p = login(NIK_P);
	if (!desa_luar || !web_mx || !web_my || !web_m || !web_nx || !web_n || !web_p)
		return -1;
	return choose(web_mx, gx) == 303 && choose(web_my, gy) == 303 && choose(web_nx, gx) == 303 ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	free(tok_m);
	free(tok_n);
	free(tok_p);
	free(desa_luar);
	client_free(web_mx);
	client_free(web_my);
	client_free(web_m);
	client_free(web_nx);
	client_free(web_n);
	client_free(web_p);
	return srv_stop(&S);
}

/* ---- helpers ---------------------------------------------------------------- */

/* A Pandu Ceria body for the student, in group mode; one member overridden
 * (key NULL: none; value NULL: removed). */
static json_t *siswa_body(const char *key, const char *value)
{
	json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "layanan", SVC_X, "nik",
			      NIK_SISWA, "nama", "Aisyah Putri", "detail", "Perekaman KTP-el siswa kelas XII.", "no_kk",
			      KK_SISWA, "no_hp", "0812 7777 6666", "email", "aisyah@example.com", "kode_desa", DESA_X,
			      "isian", "jenis_layanan", "Perekaman KTP-el", "nama_sekolah", "SMA Negeri 1 Kajen", "kelas",
			      "XII IPA 1", "tanggal_lahir", "04-03-2009");

	if (key && value)
		json_object_set_new(b, key, json_string(value));
	else if (key)
		json_object_del(b, key);
	return b;
}

/* Creates an application in mode grup (NULL: personal) and returns its
 * code (caller frees). */
static char *create_in(const char *tok, const char *grup, json_t *body)
{
	long status;
	json_t *j = api_json_grup(&S, "POST", "/api/v1/pengajuan", body, tok, grup, &status);
	char *kode;

	assert_int_equal(status, 201);
	kode = strdup(jstr(j, "kode"));
	json_decref(j);
	return kode;
}

/* Uploads the test photo as jenis of application kode through browser
 * session c, in its mode; the link's id. */
static long long web_upload(struct client *c, const char *kode, const char *jenis)
{
	const char *path = pathf("/pengajuan/%s/dokumen/%s", kode, jenis);
	char *csrf = page_field(c, path, "csrf");
	struct resp r;
	struct part parts[] = {
		{ "csrf", csrf, 0, NULL, NULL },
		{ "cara", "baru", 0, NULL, NULL },
		{ "tanggal", "2024-01-15", 0, NULL, NULL },
		{ "lembar", "1", 0, NULL, NULL },
		{ "keterangan", "", 0, NULL, NULL },
		{ "file", (const char *)jpeg_24x16, jpeg_24x16_len, "kk-siswa.jpg", "image/jpeg" },
		{ NULL, NULL, 0, NULL, NULL },
	};

	assert_non_null(csrf);
	assert_int_equal(client_multipart(c, path, parts, &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	free(csrf);
	return srv_db_int(&S, "SELECT max(d.id) FROM pengajuan_dokumen d JOIN pengajuan a ON a.id = d.pengajuan_id"
			  " WHERE a.kode = '%s' AND d.jenis = '%s'", kode, jenis);
}

static json_t *personal_body(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SVC, "nik", NIK_M, "nama", "Siti Aminah", "detail",
			 "Data saya tidak terbaca di BPJS Kesehatan.", "isian", "permasalahan_data",
			 "NIK tidak ditemukan di BPJS Kesehatan.");
}

/* 1 when the call answers the error want/code (api_error_is). */
static int refused(const char *method, const char *path, json_t *body, const char *tok, const char *grup, long want,
		   const char *code)
{
	long status;
	json_t *j = api_json_grup(&S, method, path, body, tok, grup, &status);

	return api_error_is(j, status, want, code);
}

/* ---- choosing the mode ------------------------------------------------------ */

static void test_api_groups_of_member_and_mode_check(void **st)
{
	long status;
	json_t *j = api_json(&S, "GET", "/api/v1/saya/grup", NULL, tok_m, &status), *g;
	size_t i;
	int seen_x = 0, seen_y = 0;

	(void)st;
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "header_mode"), "X-Loket-Grup");
	/* the inactive group is not offered */
	assert_int_equal(json_array_size(json_object_get(j, "grup")), 2);
	json_array_foreach(json_object_get(j, "grup"), i, g) {
		seen_x |= !strcmp(jstr(g, "nama"), "SMA Negeri 1 Kajen") && !strcmp(jstr(g, "jenis"), "sekolah");
		seen_y |= !strcmp(jstr(g, "nama"), "RSUD Kajen");
		assert_non_null(strstr(jstr(g, "wilayah_teks"), "Kec. "));
	}
	assert_true(seen_x && seen_y);
	json_decref(j);

	j = api_json(&S, "POST", "/api/v1/saya/mode", json_pack("{s:I}", "grup_id", atoll(gx)), tok_m, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "mode"), "grup");
	assert_non_null(strstr(jstr(j, "label"), "SMA Negeri 1 Kajen"));
	json_decref(j);
	j = api_json(&S, "POST", "/api/v1/saya/mode", json_pack("{s:i}", "grup_id", 0), tok_p, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "label"), "Pemohon");
	json_decref(j);
}

static void test_bad_mode_refused(void **st)
{
	(void)st;
	/* a group one is not a member of, an inactive group, an unknown one */
	assert_true(refused("POST", "/api/v1/saya/mode", json_pack("{s:I}", "grup_id", atoll(gy)), tok_n, "0", 403, "bukan_anggota_grup"));
	assert_true(refused("POST", "/api/v1/saya/mode", json_pack("{s:I}", "grup_id", atoll(gz)), tok_m, "0", 403, "grup_tidak_aktif"));
	assert_true(refused("POST", "/api/v1/saya/mode", json_pack("{s:i}", "grup_id", 99999), tok_m, "0", 403, "bukan_anggota_grup"));
	assert_true(refused("POST", "/api/v1/saya/mode", json_pack("{s:s}", "grup_id", "x"), tok_m, "0", 422, "data_tidak_valid"));
	/* the header of a call: malformed, not a member, inactive */
	assert_true(refused("GET", "/api/v1/pengajuan", NULL, tok_m, "abc", 400, "permintaan_tidak_sah"));
	assert_true(refused("GET", "/api/v1/pengajuan", NULL, tok_p, gx, 403, "bukan_anggota_grup"));
	assert_true(refused("GET", "/api/v1/pengajuan", NULL, tok_m, gz, 403, "grup_tidak_aktif"));
	/* the web: a refused choice keeps the mode */
	assert_int_equal(choose(web_p, gx), 403);
	assert_int_equal(choose(web_m, gz), 403);
	assert_int_equal(choose(web_m, "abc"), 422);
}

static void test_header_shows_mode(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, web_mx, "/", 200, &r), 0);
	assert_true(resp_has(&r, "SMA Negeri 1 Kajen — Kec. "));
	assert_true(resp_has(&r, "href=\"/pemohon/mode\""));
	resp_free(&r);
	assert_int_equal(page_get(&S, web_m, "/pengajuan", 200, &r), 0);
	assert_true(resp_has(&r, "mode-label\">Pemohon</span>"));
	assert_true(resp_has(&r, "Ganti Mode"));
	resp_free(&r);
	/* no group: no Ganti Mode in the header */
	assert_int_equal(page_get(&S, web_p, "/", 200, &r), 0);
	assert_true(resp_has(&r, "mode-label\">Pemohon</span>"));
	assert_false(resp_has(&r, "btn-outline-light btn-sm\" href=\"/pemohon/mode\""));
	resp_free(&r);
}

/* ---- Tabel 2 --------------------------------------------------------------- */

static void test_group_mode_applies_for_others(void **st)
{
	long status;
	char *kode = create_in(tok_m, gx, siswa_body(NULL, NULL));
	json_t *j;

	(void)st;
	/* mode, group and the member who acted are recorded; the contact
	 * fields are the student's */
	assert_int_equal(srv_db_int(&S, "SELECT grup_id FROM pengajuan WHERE kode = '%s'", kode), atoll(gx));
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM pengajuan a JOIN pemohon p ON p.id = a.pemohon_id"
				    " WHERE a.kode = '%s' AND p.nik = '%s'", kode, NIK_M), 1);
	j = api_json_grup(&S, "GET", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_m, gx, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "no_kk"), KK_SISWA);
	assert_string_equal(jstr(j, "no_hp"), "6281277776666");
	assert_string_equal(jstr(j, "email"), "aisyah@example.com");
	assert_int_equal(jint(json_object_get(j, "mode"), "grup_id"), atoll(gx));
	assert_string_equal(jstr(json_object_get(j, "mode"), "nama"), "SMA Negeri 1 Kajen");
	assert_non_null(jstr(json_object_get(j, "diajukan_oleh"), "nama"));
	assert_string_equal(jstr(json_object_get(j, "diajukan_oleh"), "nik"), "3326********0001");
	json_decref(j);
	/* another member sees on the page who of them made it */
	{
		struct resp r;

		assert_int_equal(page_get(&S, web_nx, pathf("/pengajuan/%s", kode), 200, &r), 0);
		assert_true(resp_has(&r, "id=\"mode-pengajuan\">SMA Negeri 1 Kajen</dd>"));
		assert_true(resp_has(&r, "id=\"diajukan-oleh\">"));
		resp_free(&r);
	}
	free(kode);
}

static void test_bad_group_mode_inputs_store_nothing(void **st)
{
	static const char *const cases[][3] = {
		{ "kode_desa", NULL, "kode_desa" },
		{ "no_hp", NULL, "no_hp" },
		{ "no_hp", "12345", "no_hp" },
		{ "email", "bukan-email", "email" },
		{ "no_kk", "123", "no_kk" },
		{ "kode_desa", "33.26.07.9999", "kode_desa" },
	};
	long long before = srv_count(&S, "pengajuan");
	long status;
	json_t *j;

	(void)st;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		j = api_json_grup(&S, "POST", "/api/v1/pengajuan", siswa_body(cases[i][0], cases[i][1]), tok_m, gx, &status);
		assert_int_equal(status, 422);
		assert_non_null(field_msg(j, cases[i][2]));
		json_decref(j);
	}
	/* a village outside the group's scope */
	j = api_json_grup(&S, "POST", "/api/v1/pengajuan", siswa_body("kode_desa", desa_luar), tok_m, gx, &status);
	assert_int_equal(status, 422);
	assert_non_null(strstr(field_msg(j, "kode_desa"), "di luar wilayah grup"));
	json_decref(j);
	/* a special service in personal mode, and in a group without it */
	j = api_json(&S, "POST", "/api/v1/pengajuan", siswa_body(NULL, NULL), tok_m, &status);
	assert_true(api_error_is(j, status, 403, "khusus_grup_pemohon"));
	j = api_json_grup(&S, "POST", "/api/v1/pengajuan", siswa_body(NULL, NULL), tok_m, gy, &status);
	assert_true(api_error_is(j, status, 403, "khusus_grup_pemohon"));
	assert_int_equal(srv_count(&S, "pengajuan"), before);
}

static void test_bad_group_form_keeps_what_was_typed(void **st)
{
	char *csrf = page_field(web_mx, "/pengajuan/baru/" SVC_X, "csrf");
	long long before = srv_count(&S, "pengajuan");
	struct resp r;

	(void)st;
	assert_non_null(csrf);
	assert_int_equal(client_post(web_mx, "/pengajuan/baru/" SVC_X, &r, "csrf", csrf, "nik", NIK_SISWA, "nama",
				     "Aisyah Putri", "detail", "Perekaman.", "no_kk", KK_SISWA, "no_hp", "0812 7777 6666",
				     "email", "aisyah@example.com", "kode_desa", desa_luar, "isian.jenis_layanan",
				     "Perekaman KTP-el", "isian.nama_sekolah", "SMA Negeri 1 Kajen", "isian.kelas", "XII",
				     "isian.tanggal_lahir", "2009-03-04", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "di luar wilayah grup"));
	assert_true(resp_has(&r, "aria-describedby=\"kode_desa-error\""));
	assert_true(resp_has(&r, "value=\"aisyah@example.com\""));
	assert_true(resp_has(&r, "value=\"" KK_SISWA "\""));
	/* only villages of the scope are offered */
	assert_true(resp_has(&r, "value=\"" DESA_X "\""));
	assert_false(resp_has(&r, desa_luar));
	resp_free(&r);
	free(csrf);
	assert_int_equal(srv_count(&S, "pengajuan"), before);
}

static void test_personal_mode_locks_contacts_and_general_services(void **st)
{
	json_t *b = personal_body();
	char *kode;
	struct resp r;

	(void)st;
	json_object_set_new(b, "no_kk", json_string(KK_SISWA));
	json_object_set_new(b, "no_hp", json_string("081277776666"));
	kode = create_in(tok_m, NULL, b);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM pengajuan a JOIN pemohon p ON p.id = a.pemohon_id"
				    " WHERE a.kode = '%s' AND a.no_kk = p.no_kk AND a.no_hp = p.no_hp AND a.grup_id = 0", kode), 1);
	free(kode);
	/* the service menu: general only in personal mode; the group's special
	 * service marked Baru in its mode */
	assert_int_equal(page_get(&S, web_m, "/pengajuan/baru/" SVC, 200, &r), 0);
	assert_false(resp_has(&r, "/pengajuan/baru/" SVC_X));
	resp_free(&r);
	assert_int_equal(page_get(&S, web_mx, "/pengajuan/baru/" SVC, 200, &r), 0);
	assert_true(resp_has(&r, "/pengajuan/baru/" SVC_X));
	assert_true(resp_has(&r, ">Baru</span>"));
	assert_false(resp_has(&r, "/pengajuan/baru/" SVC_Y));
	resp_free(&r);
}

static void test_home_and_persyaratan_by_mode(void **st)
{
	struct resp r;
	const char *other;

	(void)st;
	assert_int_equal(page_get(&S, web_mx, "/", 200, &r), 0);
	other = strstr(r.body, "Kelompok Pelayanan Lainnya");
	assert_non_null(other);
	assert_non_null(strstr(other, "href=\"/pengajuan/baru/" SVC_X "\""));
	assert_null(strstr(other, "href=\"/pengajuan/baru/" SVC_Y "\""));
	assert_int_equal(str_count(other, "Khusus Grup Pemohon"), 2);
	resp_free(&r);
	assert_int_equal(page_get(&S, web_m, "/", 200, &r), 0);
	other = strstr(r.body, "Kelompok Pelayanan Lainnya");
	assert_null(strstr(other, "/pengajuan/baru/"));
	assert_int_equal(str_count(other, "Khusus Grup Pemohon"), 3);
	resp_free(&r);
	assert_int_equal(page_get(&S, web_mx, "/persyaratan/" SVC_X, 200, &r), 0);
	assert_true(resp_has(&r, "href=\"/pengajuan/baru/" SVC_X "\""));
	resp_free(&r);
	assert_int_equal(page_get(&S, web_my, "/persyaratan/" SVC_X, 200, &r), 0);
	assert_false(resp_has(&r, "href=\"/pengajuan/baru/" SVC_X "\""));
	assert_true(resp_has(&r, "Khusus Grup Pemohon"));
	resp_free(&r);
}

/* ---- who reaches what ------------------------------------------------------- */

/* What an unknown code gets on the same route, for comparison. */
static void same_404(const char *method, const char *path, const char *unknown, const char *tok, const char *grup)
{
	long s1, s2;
	json_t *a = api_json_grup(&S, method, path, strcmp(method, "GET") && strcmp(method, "DELETE") ? json_object() : NULL,
				  tok, grup, &s1);
	json_t *b = api_json_grup(&S, method, unknown, strcmp(method, "GET") && strcmp(method, "DELETE") ? json_object() : NULL,
				  tok, grup, &s2);

	if (s1 != 404 || s2 != 404 || strcmp(err_msg(a) ? err_msg(a) : "", err_msg(b) ? err_msg(b) : "?"))
		fail_msg("%s %s (mode %s): %ld %s, unknown: %ld %s", method, path, grup, s1, err_msg(a), s2, err_msg(b));
	json_decref(a);
	json_decref(b);
}

/* Every API route that names an application or a document, for one target
 * outside the caller's mode. */
static void api_sweep(const char *kode, long long link, long long dok, const char *tok, const char *grup)
{
	static const char *const unknown = "SND33269999";

	same_404("GET", pathf("/api/v1/pengajuan/%s", kode), pathf("/api/v1/pengajuan/%s", unknown), tok, grup);
	same_404("PUT", pathf("/api/v1/pengajuan/%s", kode), pathf("/api/v1/pengajuan/%s", unknown), tok, grup);
	same_404("DELETE", pathf("/api/v1/pengajuan/%s", kode), pathf("/api/v1/pengajuan/%s", unknown), tok, grup);
	same_404("POST", pathf("/api/v1/pengajuan/%s/kirim", kode), pathf("/api/v1/pengajuan/%s/kirim", unknown), tok, grup);
	same_404("GET", pathf("/api/v1/pengajuan/%s/chat", kode), pathf("/api/v1/pengajuan/%s/chat", unknown), tok, grup);
	same_404("POST", pathf("/api/v1/pengajuan/%s/chat", kode), pathf("/api/v1/pengajuan/%s/chat", unknown), tok, grup);
	same_404("DELETE", pathf("/api/v1/pengajuan/%s/dokumen/%lld", kode, link),
		 pathf("/api/v1/pengajuan/%s/dokumen/%lld", unknown, link), tok, grup);
	same_404("GET", pathf("/api/v1/pengajuan/%s/dokumen-jadi/1/unduh", kode),
		 pathf("/api/v1/pengajuan/%s/dokumen-jadi/1/unduh", unknown), tok, grup);
	same_404("GET", pathf("/api/v1/dokumen/%lld/berkas", dok), "/api/v1/dokumen/999999/berkas", tok, grup);
	{
		long status;
		json_t *j = api_json_grup(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", kode),
					  json_pack("{s:s, s:I}", "jenis", "kartu-keluarga", "dokumen_id", dok), tok, grup, &status);

		assert_int_equal(status, 404);
		json_decref(j);
	}
}

/* The same on the pages, through a browser session in its mode. */
static void web_sweep(struct client *c, const char *kode, long long link, long long dok)
{
	char *csrf = page_field(c, "/pemohon/akun", "csrf");
	const char *gets[] = {
		pathf("/pengajuan/%s", kode), pathf("/pengajuan/%s/edit", kode), pathf("/pengajuan/%s/dokumen/kartu-keluarga", kode),
		pathf("/dokumen/%lld", dok), pathf("/dokumen/%lld/thumb", dok), pathf("/pengajuan/%s/dokumen-jadi/1/unduh", kode),
	};
	const char *posts[] = {
		pathf("/pengajuan/%s/edit", kode), pathf("/pengajuan/%s/hapus", kode), pathf("/pengajuan/%s/kirim", kode),
		pathf("/pengajuan/%s/chat", kode), pathf("/pengajuan/%s/berkas/%lld/hapus", kode, link),
		pathf("/pengajuan/%s/dokumen/kartu-keluarga", kode),
	};
	struct resp r;

	assert_non_null(csrf);
	for (size_t i = 0; i < sizeof gets / sizeof gets[0]; i++) {
		assert_int_equal(client_get(c, gets[i], &r), 0);
		if (r.status != 404)
			fail_msg("GET %s: %ld", gets[i], r.status);
		resp_free(&r);
	}
	for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++) {
		assert_int_equal(client_post(c, posts[i], &r, "csrf", csrf, "isi", "Halo", "cara", "lama", "dokumen_id", "1",
					     "setuju", "1", NULL), 0);
		if (r.status != 404)
			fail_msg("POST %s: %ld", posts[i], r.status);
		resp_free(&r);
	}
	free(csrf);
}

static void test_sweep_across_groups_and_modes(void **st)
{
	char *g = create_in(tok_m, gx, siswa_body(NULL, NULL)), *p = create_in(tok_m, NULL, personal_body());
	json_t *up;
	long long glink, gdok, plink, pdok, rows;
	long status;

	(void)st;
	/* a file on each: the group's library and the member's own */
	assert_int_equal(api_upload(&S, tok_m, p, "foto-kartu-keluarga", "kk.jpg", NULL, &up), 0);
	plink = jint(up, "id");
	pdok = jint(up, "dokumen_id");
	json_decref(up);
	{
		json_t *j = api_json_grup(&S, "GET", "/api/v1/dokumen", NULL, tok_m, gx, &status);

		/* the group's library does not offer the member's own files */
		assert_int_equal(status, 200);
		assert_int_equal(json_array_size(json_object_get(j, "dokumen")), 0);
		json_decref(j);
	}
	/* a file uploaded in the group's mode goes to the group's library */
	glink = web_upload(web_mx, g, "kartu-keluarga");
	gdok = srv_db_int(&S, "SELECT dokumen_id FROM pengajuan_dokumen WHERE id = %lld", glink);
	assert_int_equal(srv_db_int(&S, "SELECT grup_id FROM dokumen WHERE id = %lld", gdok), atoll(gx));
	/* another member of the group takes it from the group's library */
	up = api_json_grup(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", g),
			   json_pack("{s:s, s:I}", "jenis", "surat-keterangan-siswa", "dokumen_id", gdok), tok_n, gx, &status);
	assert_int_equal(status, 201);
	json_decref(up);
	{
		struct resp r;

		assert_int_equal(page_get(&S, web_nx, pathf("/dokumen/%lld/thumb", gdok), 200, &r), 0);
		resp_free(&r);
	}
	rows = srv_count(&S, "pengajuan_dokumen");

	/* the group's application: every member in that group's mode reaches it */
	up = api_json_grup(&S, "GET", pathf("/api/v1/pengajuan/%s", g), NULL, tok_n, gx, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(up, "kode"), g);
	json_decref(up);
	/* ... nobody else, in no other mode */
	api_sweep(g, glink, gdok, tok_n, "0");
	api_sweep(g, glink, gdok, tok_m, "0");
	api_sweep(g, glink, gdok, tok_m, gy);
	api_sweep(g, glink, gdok, tok_p, "0");
	/* the personal application: its maker in personal mode only */
	api_sweep(p, plink, pdok, tok_m, gx);
	api_sweep(p, plink, pdok, tok_n, gx);
	api_sweep(p, plink, pdok, tok_n, "0");
	web_sweep(web_m, g, glink, gdok);
	web_sweep(web_n, g, glink, gdok);
	web_sweep(web_my, g, glink, gdok);
	web_sweep(web_p, g, glink, gdok);
	web_sweep(web_mx, p, plink, pdok);
	web_sweep(web_nx, p, plink, pdok);
	/* nothing was changed on the way */
	assert_int_equal(srv_count(&S, "pengajuan_dokumen"), rows);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM pengajuan WHERE kode IN ('%s', '%s') AND status = 'DRAFT'", g, p), 2);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM chat"), 0);
	/* lists: the group's in its mode for every member, the personal one
	 * for its maker in personal mode */
	{
		struct resp r;

		assert_int_equal(page_get(&S, web_nx, "/pengajuan", 200, &r), 0);
		assert_true(resp_has(&r, g));
		assert_false(resp_has(&r, p));
		resp_free(&r);
		assert_int_equal(page_get(&S, web_m, "/pengajuan", 200, &r), 0);
		assert_true(resp_has(&r, p));
		assert_false(resp_has(&r, g));
		resp_free(&r);
	}
	free(g);
	free(p);
}

/* ---- a mode that went stale ------------------------------------------------- */

static void test_bad_stale_mode_falls_back(void **st)
{
	struct client *c = login(NIK_N);
	long long before = srv_count(&S, "pengajuan");
	char *csrf;
	struct resp r;

	(void)st;
	assert_non_null(c);
	assert_int_equal(choose(c, gx), 303);
	csrf = page_field(c, "/pemohon/akun", "csrf");
	/* the officer removes N from the group */
	assert_int_equal(srv_db_exec(&S, "DELETE FROM grup_anggota WHERE grup_id = %s AND pemohon_id = (SELECT id FROM pemohon"
				     " WHERE nik = '%s')", gx, NIK_N), 0);
	/* a form meant for the group is refused, nothing stored */
	assert_int_equal(client_post(c, "/pengajuan/baru/" SVC, &r, "csrf", csrf, "nik", NIK_N, "nama", "Budi", "detail",
				     "Perbaikan data.", "isian.permasalahan_data", "NIK tidak ditemukan.", NULL), 0);
	assert_int_equal(r.status, 403);
	assert_true(resp_has(&r, "bukan anggota grup ini"));
	resp_free(&r);
	assert_int_equal(srv_count(&S, "pengajuan"), before);
	/* the next page is personal mode, saying why */
	assert_int_equal(page_get(&S, c, "/pengajuan", 200, &r), 0);
	assert_true(resp_has(&r, "mode-label\">Pemohon</span>"));
	resp_free(&r);
	/* the API call stating the old group is refused */
	assert_true(refused("GET", "/api/v1/pengajuan", NULL, tok_n, gx, 403, "bukan_anggota_grup"));
	free(csrf);
	client_free(c);
	assert_int_equal(join(atoll(gx), NIK_N), 0);
}

static void test_deactivated_group_falls_back(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(srv_db_exec(&S, "UPDATE grup SET aktif = 0 WHERE id = %s", gy), 0);
	assert_int_equal(page_get(&S, web_my, "/pengajuan", 200, &r), 0);
	assert_true(resp_has(&r, "sedang tidak aktif"));
	assert_true(resp_has(&r, "mode-label\">Pemohon</span>"));
	resp_free(&r);
	assert_int_equal(srv_db_exec(&S, "UPDATE grup SET aktif = 1 WHERE id = %s", gy), 0);
	/* back in personal mode for good: choosing again is needed */
	assert_int_equal(page_get(&S, web_my, "/", 200, &r), 0);
	assert_true(resp_has(&r, "mode-label\">Pemohon</span>"));
	resp_free(&r);
	assert_int_equal(choose(web_my, gy), 303);
}

/* ---- notices ---------------------------------------------------------------- */

static void test_notices_reach_resident_and_member(void **st)
{
	char *kode = create_in(tok_m, gx, siswa_body(NULL, NULL));
	char *hp_m = srv_db_text(&S, "SELECT no_hp FROM pemohon WHERE nik = '%s'", NIK_M);
	long long before = srv_count(&S, "outbox");
	long status;
	json_t *j;

	(void)st;
	/* personal mode cannot add to the group's application; its mode can */
	assert_int_equal(api_upload(&S, tok_m, kode, "kartu-keluarga", "kk.jpg", NULL, NULL), -1);
	web_upload(web_mx, kode, "kartu-keluarga");
	web_upload(web_mx, kode, "surat-keterangan-siswa");
	j = api_json_grup(&S, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode),
			  json_pack("{s:s, s:b}", "pilihan_dokumen_jadi", "otomatis", "setuju", 1), tok_m, gx, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	/* the student's number and address, and the member's number */
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM outbox WHERE id > %lld AND recipient = '6281277776666'", before), 1);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM outbox WHERE id > %lld AND recipient = 'aisyah@example.com'", before), 1);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM outbox WHERE id > %lld AND recipient = '%s'", before, hp_m), 1);
	free(hp_m);
	free(kode);
}

/* ---- one count for the quota ------------------------------------------------ */

static void test_quota_counts_rows_a_deleted_draft_frees_its_place(void **st)
{
	long status;
	char *kode;
	json_t *j;
	struct resp r;

	(void)st;
	/* a quota of what exists today plus one */
	assert_int_equal(srv_db_exec(&S, "UPDATE layanan_definisi SET definisi = replace(definisi, '\"kode\":\"" SVC "\"',"
				     " '\"ketersediaan\":{\"kuota_harian\":%lld},\"kode\":\"" SVC "\"') WHERE id = (SELECT definisi_id"
				     " FROM layanan WHERE kode = '" SVC "')",
				     srv_db_int(&S, "SELECT count(*) FROM pengajuan a JOIN layanan l ON l.id = a.layanan_id"
						" WHERE l.kode = '" SVC "'") + 1), 0);
	assert_int_equal(srv_db_exec(&S, "UPDATE sequences SET value = value + 1 WHERE name = 'katalog'"), 0);
	sleep(2); /* the snapshot is rechecked once a second */
	kode = create_in(tok_p, NULL, json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SVC, "nik", NIK_P, "nama", "Budi",
						 "detail", "Data ganda.", "isian", "permasalahan_data", "Data ganda."));
	/* full: the page and the create call say the same */
	assert_int_equal(page_get(&S, web_p, "/pengajuan/baru/" SVC, 200, &r), 0);
	assert_true(resp_has(&r, "Kuota harian"));
	resp_free(&r);
	j = api_json(&S, "POST", "/api/v1/pengajuan", personal_body(), tok_m, &status);
	assert_true(api_error_is(j, status, 409, "layanan_tidak_tersedia"));
	/* the draft deleted: open again on the page and in the create call */
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_p, &status);
	assert_int_equal(status, 204);
	json_decref(j);
	assert_int_equal(page_get(&S, web_p, "/pengajuan/baru/" SVC, 200, &r), 0);
	assert_false(resp_has(&r, "Kuota harian"));
	resp_free(&r);
	free(kode);
	kode = create_in(tok_m, NULL, personal_body());
	free(kode);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_groups_of_member_and_mode_check),
		cmocka_unit_test(test_bad_mode_refused),
		cmocka_unit_test(test_header_shows_mode),
		cmocka_unit_test(test_group_mode_applies_for_others),
		cmocka_unit_test(test_bad_group_mode_inputs_store_nothing),
		cmocka_unit_test(test_bad_group_form_keeps_what_was_typed),
		cmocka_unit_test(test_personal_mode_locks_contacts_and_general_services),
		cmocka_unit_test(test_home_and_persyaratan_by_mode),
		cmocka_unit_test(test_sweep_across_groups_and_modes),
		cmocka_unit_test(test_bad_stale_mode_falls_back),
		cmocka_unit_test(test_deactivated_group_falls_back),
		cmocka_unit_test(test_notices_reach_resident_and_member),
		cmocka_unit_test(test_quota_counts_rows_a_deleted_draft_frees_its_place),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
