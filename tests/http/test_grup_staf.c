// SPDX-License-Identifier: MIT
// HTTP tests of the Grup Pemohon back office: group form and API (every bad input stores nothing), roles, members by NIK with their notices, audit.
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

#define PW "Rahasia-Ku9"
#define NEW_PW "Petugas-2024"
#define NIK_AKTIF "3326071505900061"
#define NIK_MENUNGGU "3326071505900062"
#define NIK_ASING "3326071505900069"
#define MSG_NIK_NONE "Tidak ada pemohon aktif dengan NIK tersebut."

static struct srv S;
static struct client *ADM, *VER, *OPR;
static char *T_ADM, *T_VER, *T_OPR;
static long long ADM_ID, VER_ID, PEMOHON_ID;

/* ---- helpers ------------------------------------------------------------- */

/* POSTs to path with the csrf token of page and NULL-terminated name/value
 * pairs (a name may repeat). */
static void post_form(struct client *c, const char *page, const char *path, struct resp *out, ...)
{
	const char *kv[256];
	char *csrf = page_field(c, page, "csrf");
	size_t n = 0;
	va_list ap;
	const char *k;

	assert_non_null(csrf);
	kv[n++] = "csrf";
	kv[n++] = csrf;
	va_start(ap, out);
	while ((k = va_arg(ap, const char *)) && n < 254) {
		kv[n++] = k;
		kv[n++] = va_arg(ap, const char *);
	}
	va_end(ap);
	kv[n] = NULL;
	assert_int_equal(client_post_arr(c, path, kv, out), 0);
	free(csrf);
}

/* Creates a group through the admin's page; its id. */
static long long create_group(const char *nama, const char *jenis, const char *wilayah, const char *layanan)
{
	struct resp r;
	long long id;

	post_form(ADM, "/staf/grup/baru", "/staf/grup/baru", &r, "nama", nama, "jenis", jenis, "wilayah", wilayah,
		  "layanan", layanan, "aktif", "1", NULL);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	id = srv_id(&S, "grup", "nama", nama);
	assert_true(id > 0);
	return id;
}

static long long audits(const char *aksi, long long grup)
{
	return srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = '%s' AND objek = 'grup:%lld'", aksi, grup);
}

/* Outbox lines of channel (whatsapp, email) whose text holds needle. */
static size_t sent(const char *channel, const char *needle)
{
	char **lines, ch[40];
	size_t n = outbox_lines(&S, 1, &lines), hits = 0;

	snprintf(ch, sizeof ch, "\"channel\":\"%s\"", channel);
	for (size_t i = 0; i < n; i++)
		hits += strstr(lines[i], ch) && strstr(lines[i], needle);
	outbox_free(lines, n);
	return hits;
}

/* Waits (outbox delivery is asynchronous) until sent() reaches want. */
static size_t sent_wait(const char *channel, const char *needle, size_t want)
{
	size_t got = 0;

	for (int i = 0; i < 50 && (got = sent(channel, needle)) < want; i++)
		usleep(100000);
	return got;
}

/* The text of the error tied to field on a page, checked for its ARIA
 * wiring (caller frees); NULL when there is none. */
static char *field_error(const char *html, const char *field)
{
	char id[64], *p, *e;

	snprintf(id, sizeof id, "aria-describedby=\"%s-help %s-error\"", field, field);
	if (!strstr(html, id)) {
		snprintf(id, sizeof id, "aria-describedby=\"%s-error\"", field);
		if (!strstr(html, id))
			return NULL;
	}
	if (!strstr(html, "aria-invalid=\"true\""))
		return NULL;
	snprintf(id, sizeof id, "id=\"%s-error\" class=\"invalid-feedback d-block\">", field);
	if (!(p = strstr(html, id)))
		return NULL;
	p += strlen(id);
	e = strchr(p, '<');
	return e ? strndup(p, (size_t)(e - p)) : NULL;
}

/* 1 when method path (body consumed) answers the API error want/code. */
static int api_refused(const char *method, const char *path, json_t *body, const char *bearer, long want,
		       const char *code)
{
	long status;
	json_t *j = api_json(&S, method, path, body, bearer, &status);

	return api_error_is(j, status, want, code);
}

/* ---- setup --------------------------------------------------------------- */

static int setup(void **st)
{
	struct client *c;
	struct resp r;

	(void)st;
	if (srv_start(&S, NULL) < 0)
		return -1;
	ADM = staf_ready(&S, "adm", "admin", NULL, NEW_PW);
	VER = staf_ready(&S, "ver", "verifikator", NULL, NEW_PW);
	OPR = staf_ready(&S, "opr", "operator", NULL, NEW_PW);
	T_ADM = staf_token(&S, "adm", NEW_PW);
	T_VER = staf_token(&S, "ver", NEW_PW);
	T_OPR = staf_token(&S, "opr", NEW_PW);
	if (!ADM || !VER || !OPR || !T_ADM || !T_VER || !T_OPR)
		return -1;
	ADM_ID = srv_id(&S, "staf", "username", "adm");
	VER_ID = srv_id(&S, "staf", "username", "ver");
	c = client_new(&S);
	if (pemohon_active(&S, c, NIK_AKTIF, PW) < 0)
		return -1;
	client_free(c);
	c = client_new(&S);
	if (register_pemohon(c, NIK_MENUNGGU, PW, &r) < 0)
		return -1;
	resp_free(&r);
	client_free(c);
	PEMOHON_ID = srv_id(&S, "pemohon", "nik", NIK_AKTIF);
	return PEMOHON_ID > 0 && srv_id(&S, "pemohon", "nik", NIK_MENUNGGU) > 0 ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	client_free(ADM);
	client_free(VER);
	client_free(OPR);
	free(T_ADM);
	free(T_VER);
	free(T_OPR);
	return srv_stop(&S);
}

/* ---- the group form ------------------------------------------------------ */

static void test_create_group(void **st)
{
	struct resp r;
	long long id;

	(void)st;
	assert_int_equal(page_get(&S, ADM, "/staf/grup/baru", 200, &r), 0);
	/* every kind, and only group-only services */
	assert_true(resp_has(&r, "<option value=\"kecamatan\""));
	assert_true(resp_has(&r, "<option value=\"lainnya\""));
	assert_true(resp_has(&r, "value=\"pandu-ceria\""));
	assert_false(resp_has(&r, "value=\"akta-kelahiran\""));
	resp_free(&r);
	/* the service editor offers the same five kinds as audiences */
	assert_int_equal(page_get(&S, ADM, "/staf/layanan/pandu-ceria", 200, &r), 0);
	assert_true(resp_has(&r, "id=\"kelompok-kecamatan\""));
	assert_true(resp_has(&r, "id=\"kelompok-desa\""));
	assert_true(resp_has(&r, "id=\"kelompok-sekolah\" name=\"kelompok\" value=\"sekolah\" checked"));
	resp_free(&r);
	id = create_group("SD Negeri 1 Kajen", "sekolah", "33.26.07\r\n33.26.07.2008", "pandu-ceria");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_wilayah WHERE grup_id = %lld", id), 2);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_layanan g JOIN layanan l ON l.id = g.layanan_id "
				    "WHERE g.grup_id = %lld AND l.kode = 'pandu-ceria'", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT aktif FROM grup WHERE id = %lld", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'grup.tambah' AND objek = 'grup:%lld' "
				    "AND staf_id = %lld", id, ADM_ID), 1);
	assert_int_equal(page_get(&S, VER, "/staf/grup", 200, &r), 0);
	assert_true(resp_has(&r, "SD Negeri 1 Kajen"));
	assert_true(resp_has(&r, "tabel-kartu"));
	assert_true(resp_has(&r, "Kec. Karanganyar, Desa Karangsari"));
	assert_false(resp_has(&r, "href=\"/staf/grup/baru\""));   /* a verifier adds no group */
	resp_free(&r);
	assert_int_equal(page_get(&S, VER, pathf("/staf/grup/%lld", id), 200, &r), 0);
	assert_true(resp_has(&r, pathf("href=\"/staf/pengajuan?grup=%lld\"", id)));
	assert_true(resp_has(&r, "Pandu Ceria"));
	resp_free(&r);
}

/* One refused form: 422, the error tied to field, typed value kept. */
static void refused(const char *path, const char *field, const char *nama, const char *jenis, const char *wilayah,
		    const char *layanan)
{
	struct resp r;
	char *err;

	post_form(ADM, "/staf/grup/baru", path, &r, "nama", nama, "jenis", jenis, "wilayah", wilayah, "layanan",
		  layanan, "aktif", "1", NULL);
	assert_int_equal(r.status, 422);
	err = field_error(r.body, field);
	if (!err)
		fprintf(stderr, "no error for %s in:\n%s\n", field, r.body);
	assert_non_null(err);
	assert_true(strlen(err) > 10);
	free(err);
	if (*nama && strlen(nama) < 50)
		assert_true(resp_has(&r, pathf("value=\"%s\"", nama)));
	resp_free(&r);
}

static void test_bad_group_form(void **st)
{
	char many[51 * 14 + 1] = "", nama[102];
	long long grup = srv_count(&S, "grup"), wil = srv_count(&S, "grup_wilayah"), aud = srv_count(&S, "audit");

	(void)st;
	for (int i = 0; i < 51; i++)
		strcat(many, pathf("33.26.%02d.20%02d\n", 1 + i % 19, 1 + i / 19));
	memset(nama, 'a', 101);
	nama[101] = '\0';
	refused("/staf/grup/baru", "nama", "", "sekolah", "33.26.07", "pandu-ceria");
	refused("/staf/grup/baru", "nama", nama, "sekolah", "33.26.07", "pandu-ceria");
	refused("/staf/grup/baru", "jenis", "Grup Salah Jenis", "universitas", "33.26.07", "");
	refused("/staf/grup/baru", "wilayah", "Grup Wilayah Asing", "sekolah", "33.26.07\n99.99.99", "pandu-ceria");
	refused("/staf/grup/baru", "wilayah", "Grup Tanpa Wilayah", "sekolah", "", "pandu-ceria");
	refused("/staf/grup/baru", "wilayah", "Grup Terlalu Luas", "sekolah", many, "pandu-ceria");
	refused("/staf/grup/baru", "layanan", "Grup Layanan Umum", "sekolah", "33.26.07", "akta-kelahiran");
	refused("/staf/grup/baru", "layanan", "Grup Layanan Faskes", "sekolah", "33.26.07", "aldino-4in1");
	refused("/staf/grup/baru", "layanan", "Grup Layanan Asing", "desa", "33.26.07", "tidak-ada");
	assert_int_equal(srv_count(&S, "grup"), grup);
	assert_int_equal(srv_count(&S, "grup_wilayah"), wil);
	assert_int_equal(srv_count(&S, "audit"), aud);
}

static void test_edit_group(void **st)
{
	long long id = create_group("Puskesmas Wonopringgo", "faskes", "33.26.07", "aldino-4in1");
	const char *page = pathf("/staf/grup/%lld/ubah", id);
	char *nama;
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, ADM, page, 200, &r), 0);
	assert_true(resp_has(&r, "Puskesmas Wonopringgo"));
	assert_true(resp_has(&r, "<option value=\"faskes\" selected"));
	resp_free(&r);
	/* a service of another kind: refused, nothing changed */
	post_form(ADM, page, page, &r, "nama", "Puskesmas Baru", "jenis", "faskes", "wilayah", "33.26.07", "layanan",
		  "pandu-ceria", NULL);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	nama = srv_db_text(&S, "SELECT nama FROM grup WHERE id = %lld", id);
	assert_string_equal(nama, "Puskesmas Wonopringgo");
	free(nama);
	assert_int_equal(audits("grup.ubah", id), 0);
	/* both faskes services, two villages, deactivated (no aktif box) */
	post_form(ADM, page, page, &r, "nama", "Puskesmas Wonopringgo II", "jenis", "faskes", "wilayah",
		  "33.26.07.2001, 33.26.07.2002", "layanan", "aldino-4in1", "layanan", "aldino-2in1", NULL);
	assert_true(redirect_is(&r, pathf("/staf/grup/%lld", id)));
	resp_free(&r);
	nama = srv_db_text(&S, "SELECT nama FROM grup WHERE id = %lld", id);
	assert_string_equal(nama, "Puskesmas Wonopringgo II");
	free(nama);
	assert_int_equal(srv_db_int(&S, "SELECT aktif FROM grup WHERE id = %lld", id), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_wilayah WHERE grup_id = %lld", id), 2);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_wilayah WHERE grup_id = %lld AND kode = '33.26.07'", id), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_layanan WHERE grup_id = %lld", id), 2);
	assert_int_equal(audits("grup.ubah", id), 1);
}

static void test_bad_unknown_group(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, ADM, "/staf/grup/999999", 404, &r), 0);
	resp_free(&r);
	assert_int_equal(page_get(&S, ADM, "/staf/grup/abc", 404, &r), 0);
	resp_free(&r);
	assert_int_equal(page_get(&S, ADM, "/staf/grup/999999/ubah", 404, &r), 0);
	resp_free(&r);
}

static void test_bad_roles_refused(void **st)
{
	long long id = create_group("Kantor Desa Gutomo", "desa", "33.26.07.2001", ""), n = srv_count(&S, "grup");
	struct resp r;
	long status;
	json_t *j;

	(void)st;
	assert_int_equal(page_get(&S, OPR, "/staf/grup", 403, &r), 0);
	resp_free(&r);
	assert_int_equal(page_get(&S, OPR, pathf("/staf/grup/%lld", id), 403, &r), 0);
	resp_free(&r);
	assert_int_equal(page_get(&S, VER, "/staf/grup/baru", 403, &r), 0);
	resp_free(&r);
	assert_int_equal(page_get(&S, VER, pathf("/staf/grup/%lld/ubah", id), 403, &r), 0);
	resp_free(&r);
	/* the verifier's own csrf token, on a page they may read */
	post_form(VER, "/staf/grup", "/staf/grup/baru", &r, "nama", "Grup Verifikator", "jenis", "desa", "wilayah",
		  "33.26.07", NULL);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	post_form(OPR, "/staf", pathf("/staf/grup/%lld/anggota", id), &r, "nik", NIK_AKTIF, NULL);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_true(api_refused("GET", "/api/v1/staf/grup", NULL, T_OPR, 403, "akses_ditolak"));
	assert_true(api_refused("GET", "/api/v1/staf/grup", NULL, NULL, 401, "perlu_login"));
	assert_true(api_refused("POST", "/api/v1/staf/grup",
					  json_pack("{s:s, s:s, s:[s]}", "nama", "Grup API", "jenis", "desa", "wilayah",
						    "33.26.07"), T_VER, 403, "akses_ditolak"));
	assert_true(api_refused("PUT", pathf("/api/v1/staf/grup/%lld", id),
					  json_pack("{s:s, s:s, s:[s]}", "nama", "Grup API", "jenis", "desa", "wilayah",
						    "33.26.07"), T_VER, 403, "akses_ditolak"));
	assert_true(api_refused("POST", pathf("/api/v1/staf/grup/%lld/anggota", id),
					  json_pack("{s:s}", "nik", NIK_AKTIF), T_OPR, 403, "akses_ditolak"));
	j = api_json(&S, "GET", "/api/v1/staf/grup", NULL, T_VER, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	assert_int_equal(srv_count(&S, "grup"), n);
	assert_int_equal(srv_count(&S, "grup_anggota"), 0);
}

static void test_bad_csrf_missing(void **st)
{
	long long id = create_group("SMP Negeri 2 Kajen", "sekolah", "33.26.07", ""), n = srv_count(&S, "grup");
	struct resp r;

	(void)st;
	assert_int_equal(client_post(ADM, "/staf/grup/baru", &r, "nama", "Tanpa Token", "jenis", "sekolah", "wilayah",
				     "33.26.07", NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(client_post(ADM, pathf("/staf/grup/%lld/anggota", id), &r, "nik", NIK_AKTIF, NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(client_post(ADM, pathf("/staf/grup/%lld/anggota/%lld/hapus", id, PEMOHON_ID), &r, NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(srv_count(&S, "grup"), n);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_anggota WHERE grup_id = %lld", id), 0);
}

/* ---- members ------------------------------------------------------------- */

static void test_member_add_and_remove(void **st)
{
	long long id = create_group("Kantor Kecamatan Kajen", "kecamatan", "33.26.07", "");
	const char *page = pathf("/staf/grup/%lld", id);
	struct resp r;
	char *err;

	(void)st;
	post_form(VER, page, pathf("/staf/grup/%lld/anggota", id), &r, "nik", NIK_AKTIF, NULL);
	assert_true(redirect_is(&r, page));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_anggota WHERE grup_id = %lld AND pemohon_id = %lld "
				    "AND oleh = %lld", id, PEMOHON_ID, VER_ID), 1);
	assert_int_equal(audits("grup.anggota_tambah", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE objek = 'grup:%lld' AND detail LIKE '%%%s%%'",
				    id, NIK_AKTIF), 0);
	assert_int_equal(sent_wait("whatsapp", "ditambahkan ke Grup Pemohon Kantor Kecamatan Kajen", 1), 1);
	assert_int_equal(sent_wait("email", "ditambahkan ke Grup Pemohon Kantor Kecamatan Kajen", 1), 1);
	assert_true(sent("whatsapp", "Ganti Mode") >= 1);   /* how to act for the group */
	/* listed with the NIK masked */
	assert_int_equal(page_get(&S, VER, page, 200, &r), 0);
	assert_true(resp_has(&r, "Siti Aminah"));
	assert_true(resp_has(&r, "3326********0061"));
	assert_false(resp_has(&r, NIK_AKTIF));
	assert_true(resp_has(&r, pathf("action=\"/staf/grup/%lld/anggota/%lld/hapus\" data-confirm=", id, PEMOHON_ID)));
	assert_false(resp_has(&r, pathf("href=\"/staf/grup/%lld/ubah\"", id)));   /* only the admin edits */
	resp_free(&r);
	assert_int_equal(page_get(&S, ADM, page, 200, &r), 0);
	assert_true(resp_has(&r, pathf("href=\"/staf/grup/%lld/ubah\"", id)));
	resp_free(&r);
	/* a member already */
	post_form(ADM, page, pathf("/staf/grup/%lld/anggota", id), &r, "nik", NIK_AKTIF, NULL);
	assert_int_equal(r.status, 422);
	err = field_error(r.body, "nik");
	assert_non_null(err);
	assert_non_null(strstr(err, "sudah menjadi anggota"));
	free(err);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_anggota WHERE grup_id = %lld", id), 1);
	/* removed, told, audited; a second removal finds no member */
	post_form(ADM, page, pathf("/staf/grup/%lld/anggota/%lld/hapus", id, PEMOHON_ID), &r, NULL);
	assert_true(redirect_is(&r, page));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_anggota WHERE grup_id = %lld", id), 0);
	assert_int_equal(audits("grup.anggota_hapus", id), 1);
	assert_int_equal(sent_wait("whatsapp", "tidak lagi menjadi anggota Grup Pemohon Kantor Kecamatan Kajen", 1), 1);
	assert_int_equal(sent_wait("email", "tidak lagi menjadi anggota Grup Pemohon Kantor Kecamatan Kajen", 1), 1);
	post_form(ADM, page, pathf("/staf/grup/%lld/anggota/%lld/hapus", id, PEMOHON_ID), &r, NULL);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_int_equal(audits("grup.anggota_hapus", id), 1);
}

static void test_bad_member_nik(void **st)
{
	long long id = create_group("Kantor Desa Limbangan", "desa", "33.26.07.2002", "");
	const char *page = pathf("/staf/grup/%lld", id), *niks[] = { NIK_ASING, NIK_MENUNGGU };
	char *errs[2];
	long long aud = srv_count(&S, "audit");
	struct resp r;

	(void)st;
	for (int i = 0; i < 2; i++) {
		post_form(ADM, page, pathf("/staf/grup/%lld/anggota", id), &r, "nik", niks[i], NULL);
		assert_int_equal(r.status, 422);
		errs[i] = field_error(r.body, "nik");
		assert_non_null(errs[i]);
		assert_true(resp_has(&r, pathf("value=\"%s\"", niks[i])));   /* kept as typed */
		resp_free(&r);
	}
	/* an unknown NIK and one not active read alike */
	assert_string_equal(errs[0], MSG_NIK_NONE);
	assert_string_equal(errs[1], errs[0]);
	free(errs[0]);
	free(errs[1]);
	post_form(ADM, page, pathf("/staf/grup/%lld/anggota", id), &r, "nik", "12345", NULL);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_anggota WHERE grup_id = %lld", id), 0);
	assert_int_equal(srv_count(&S, "audit"), aud);
}

/* ---- API ----------------------------------------------------------------- */

/* POST /api/v1/staf/grup with body (consumed): status want; the answer. */
static json_t *api_post_group(json_t *body, long want)
{
	long status;
	json_t *j = api_json(&S, "POST", "/api/v1/staf/grup", body, T_ADM, &status);

	if (status != want)
		fprintf(stderr, "status %ld, want %ld: %s\n", status, want, j ? json_dumps(j, 0) : "(none)");
	assert_int_equal(status, want);
	return j;
}

static void test_api_groups(void **st)
{
	long long n = srv_count(&S, "grup");
	json_t *j, *bad[] = {
		json_pack("{s:s, s:s, s:[s]}", "nama", "", "jenis", "sekolah", "wilayah", "33.26.07"),
		json_pack("{s:s, s:s, s:[s]}", "nama", "X", "jenis", "pabrik", "wilayah", "33.26.07"),
		json_pack("{s:s, s:s, s:[s]}", "nama", "X", "jenis", "sekolah", "wilayah", "11.11.11"),
		json_pack("{s:s, s:s, s:[]}", "nama", "X", "jenis", "sekolah", "wilayah"),
		json_pack("{s:s, s:s, s:[s], s:[s]}", "nama", "X", "jenis", "sekolah", "wilayah", "33.26.07", "layanan", "kia"),
		json_pack("{s:s, s:s, s:[s], s:[s]}", "nama", "X", "jenis", "faskes", "wilayah", "33.26.07", "layanan",
			  "pandu-ceria"),
		json_pack("{s:s, s:s, s:s}", "nama", "X", "jenis", "sekolah", "wilayah", "33.26.07"),
	};
	const char *fields[] = { "nama", "jenis", "wilayah", "wilayah", "layanan", "layanan", "wilayah" };
	long status;
	long long id;

	(void)st;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = api_post_group(bad[i], 422);
		assert_non_null(field_msg(j, fields[i]));
		json_decref(j);
	}
	assert_int_equal(srv_count(&S, "grup"), n);
	j = api_post_group(json_pack("{s:s, s:s, s:[s, s], s:[s]}", "nama", "Posyandu Melati", "jenis", "faskes",
				     "wilayah", "33.26.07.2003", "33.26.07", "layanan", "aldino-2in1"), 201);
	id = jint(j, "id");
	assert_true(id > 0);
	assert_string_equal(jstr(j, "jenis_label"), "Fasilitas Kesehatan");
	assert_true(json_is_true(json_object_get(j, "aktif")));
	assert_int_equal(json_array_size(json_object_get(j, "wilayah")), 2);
	json_decref(j);
	assert_int_equal(audits("grup.tambah", id), 1);
	j = api_json(&S, "PUT", pathf("/api/v1/staf/grup/%lld", id),
		     json_pack("{s:s, s:s, s:[s], s:[], s:b}", "nama", "Posyandu Mawar", "jenis", "lainnya", "wilayah",
			       "33.26.07", "layanan", "aktif", 0), T_ADM, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "nama"), "Posyandu Mawar");
	assert_true(json_is_false(json_object_get(j, "aktif")));
	json_decref(j);
	assert_int_equal(audits("grup.ubah", id), 1);
	j = api_json(&S, "GET", pathf("/api/v1/staf/grup/%lld", id), NULL, T_VER, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "nama"), "Posyandu Mawar");
	json_decref(j);
	j = api_json(&S, "GET", "/api/v1/staf/grup", NULL, T_VER, &status);
	assert_int_equal(status, 200);
	assert_true(json_array_size(json_object_get(j, "grup")) >= 1);
	json_decref(j);
	assert_true(api_refused("GET", "/api/v1/staf/grup/999999", NULL, T_ADM, 404,
				 "tidak_ditemukan"));
	assert_true(api_refused("PUT", "/api/v1/staf/grup/999999",
					  json_pack("{s:s, s:s, s:[s]}", "nama", "X", "jenis", "desa", "wilayah", "33.26.07"),
					  T_ADM, 404, "tidak_ditemukan"));
}

static void test_api_members(void **st)
{
	json_t *j = api_post_group(json_pack("{s:s, s:s, s:[s]}", "nama", "SD Negeri 3 Kajen", "jenis", "sekolah",
					     "wilayah", "33.26.07"), 201);
	long long id = jint(j, "id");
	const char *path = pathf("/api/v1/staf/grup/%lld/anggota", id);
	char one[128], two[160];
	long status;

	(void)st;
	json_decref(j);
	snprintf(one, sizeof one, "%s", path);
	j = api_json(&S, "POST", one, json_pack("{s:s}", "nik", NIK_AKTIF), T_VER, &status);
	assert_int_equal(status, 201);
	assert_int_equal(json_array_size(json_object_get(j, "anggota")), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "anggota"), 0), "nik"), "3326********0061");
	assert_int_equal(jint(json_array_get(json_object_get(j, "anggota"), 0), "pemohon_id"), PEMOHON_ID);
	json_decref(j);
	assert_int_equal(sent_wait("whatsapp", "ditambahkan ke Grup Pemohon SD Negeri 3 Kajen", 1), 1);
	assert_int_equal(sent_wait("email", "ditambahkan ke Grup Pemohon SD Negeri 3 Kajen", 1), 1);
	j = api_json(&S, "POST", one, json_pack("{s:s}", "nik", NIK_AKTIF), T_ADM, &status);
	assert_int_equal(status, 422);
	assert_non_null(strstr(field_msg(j, "nik"), "sudah menjadi anggota"));
	json_decref(j);
	j = api_json(&S, "POST", one, json_pack("{s:s}", "nik", NIK_ASING), T_ADM, &status);
	assert_int_equal(status, 422);
	assert_string_equal(field_msg(j, "nik"), MSG_NIK_NONE);
	json_decref(j);
	j = api_json(&S, "POST", one, json_pack("{s:s}", "nik", NIK_MENUNGGU), T_ADM, &status);
	assert_int_equal(status, 422);
	assert_string_equal(field_msg(j, "nik"), MSG_NIK_NONE);
	json_decref(j);
	j = api_json(&S, "GET", one, NULL, T_VER, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "anggota")), 1);
	json_decref(j);
	snprintf(two, sizeof two, "%s/%lld", one, PEMOHON_ID);
	j = api_json(&S, "DELETE", two, NULL, T_VER, &status);
	assert_int_equal(status, 204);
	assert_null(j);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM grup_anggota WHERE grup_id = %lld", id), 0);
	assert_int_equal(audits("grup.anggota_tambah", id), 1);
	assert_int_equal(audits("grup.anggota_hapus", id), 1);
	assert_true(api_refused("DELETE", two, NULL, T_VER, 404, "tidak_ditemukan"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_group),
		cmocka_unit_test(test_bad_group_form),
		cmocka_unit_test(test_edit_group),
		cmocka_unit_test(test_bad_unknown_group),
		cmocka_unit_test(test_bad_roles_refused),
		cmocka_unit_test(test_bad_csrf_missing),
		cmocka_unit_test(test_member_add_and_remove),
		cmocka_unit_test(test_bad_member_nik),
		cmocka_unit_test(test_api_groups),
		cmocka_unit_test(test_api_members),
	};

	return cmocka_run_group_tests_name("http_grup_staf", tests, setup, teardown);
}
