// SPDX-License-Identifier: MIT
// JSON API of the mobile app: registration, status, activation, login, reset and officer verification.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

static struct srv S;
static char *ver_pw, *op_pw;  /* passwords of "ver1" (verifikator), "op1" (operator) */
static char *ver_token;       /* bearer of "ver1", made once */
static int serial = 100;      /* NIK serials handed out to the tests */

#define PW "Feb1702."
#define PW_NEW "Mar2024-baru"
#define MSG_NOT_FOUND "Data pendaftaran dengan NIK dan Nomor HP tersebut tidak ditemukan."

/* ---- helpers ------------------------------------------------------------ */

/* A fresh valid NIK for 15-05-1990 (only the serial changes). */
static const char *next_nik(void)
{
	static char nik[8][17];
	static int slot;
	char *n = nik[slot++ % 8];

	snprintf(n, 17, "332607150590%04d", serial++);
	return n;
}

/* Adds a fresh, correctly answered captcha to body (answer as text). */
static json_t *with_captcha(json_t *body)
{
	char *id, ans[16];
	int answer;

	assert_int_equal(api_captcha(&S, &id, &answer), 0);
	snprintf(ans, sizeof ans, "%d", answer);
	json_object_set_new(body, "captcha_id", json_string(id));
	json_object_set_new(body, "captcha_jawaban", json_string(ans));
	free(id);
	return body;
}

static json_t *reg_body(const char *nik)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "nik", nik, "nama", "Siti Aminah",
			 "no_kk", "3326071409230009", "tempat_lahir", "Pekalongan", "tanggal_lahir", "1990-05-15",
			 "nama_ibu", "Sri Wahyuni", "kode_desa", "33.26.07.2008", "no_hp", "081234567890",
			 "email", "siti@example.com", "password", PW);
}

static char *pemohon_status(const char *nik)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT status FROM pemohon WHERE nik = '%s'", nik);
	return srv_db_text(&S, "%s", sql);
}

/* Asserts that two answers are the same JSON (keys sorted); frees both. */
static void assert_same_answer(json_t *a, json_t *b)
{
	char *ta = json_dumps(a, JSON_SORT_KEYS), *tb = json_dumps(b, JSON_SORT_KEYS);

	assert_non_null(ta);
	assert_non_null(tb);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	json_decref(a);
	json_decref(b);
}

/* Registers nik through the API; returns the new id (from storage: the
 * answer names no id, as it is the same for a NIK already registered). */
static long long register_api(const char *nik)
{
	long st;
	json_t *j = api_json(&S, "POST", "/api/v1/pendaftaran", with_captcha(reg_body(nik)), NULL, &st);
	long long id;

	assert_int_equal(st, 201);
	assert_null(json_object_get(j, "id"));
	id = srv_id(&S, "pemohon", "nik", nik);
	assert_true(id > 0);
	json_decref(j);
	return id;
}

static void approve(long long id)
{
	char path[96];
	long st;
	json_t *j;

	snprintf(path, sizeof path, "/api/v1/staf/pendaftaran/%lld/setujui", id);
	j = api_json(&S, "POST", path, NULL, ver_token, &st);
	assert_int_equal(st, 200);
	assert_string_equal(jstr(j, "status"), "disetujui");
	json_decref(j);
}

/*
 * Token of the newest link containing marker. Waits until the outbox worker
 * delivered every queued message first, so an older link is never taken for
 * the one just sent.
 */
static char *link_token(const char *marker)
{
	long long queued = srv_count(&S, "outbox");
	char **lines, *link, *tok;
	size_t n = outbox_lines(&S, (size_t)queued, &lines);

	outbox_free(lines, n);
	assert_true(n >= (size_t)queued);
	link = outbox_link(&S, marker);
	assert_non_null(link);
	tok = strdup(strrchr(link, '/') + 1);
	free(link);
	return tok;
}

static json_t *activation_body(const char *token, const char *ibu)
{
	return with_captcha(json_pack("{s:s, s:s}", "token", token, "nama_ibu", ibu));
}

/* Registered, approved and activated through the API. */
static void make_active(const char *nik)
{
	long long id = register_api(nik);
	char *tok;
	long st;
	json_t *j;

	approve(id);
	tok = link_token("/pemohon/aktivasi/");
	j = api_json(&S, "POST", "/api/v1/aktivasi", activation_body(tok, "Sri Wahyuni"), NULL, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	free(tok);
}

static json_t *login_body(const char *nik, const char *pw)
{
	return with_captcha(json_pack("{s:s, s:s}", "nik", nik, "password", pw));
}

/* Applicant token (caller frees). */
static char *login(const char *nik, const char *pw)
{
	long st;
	json_t *j = api_json(&S, "POST", "/api/v1/sesi", login_body(nik, pw), NULL, &st);
	char *t;

	assert_int_equal(st, 201);
	t = strdup(jstr(j, "token"));
	json_decref(j);
	return t;
}

/* One bad registration field: 422, the field's message, nothing stored. */
static void bad_register(const char *field, json_t *value, const char *msg_part)
{
	long long before = srv_count(&S, "pemohon");
	json_t *b = reg_body(next_nik()), *j;
	long st;

	json_object_set_new(b, field, value);
	j = api_json(&S, "POST", "/api/v1/pendaftaran", with_captcha(b), NULL, &st);
	assert_int_equal(st, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(err_msg(j));
	assert_non_null(field_msg(j, field));
	assert_non_null(strstr(field_msg(j, field), msg_part));
	assert_int_equal(nfields(j), 1);
	assert_int_equal(srv_count(&S, "pemohon"), before);
	json_decref(j);
}

/* ---- set-up --------------------------------------------------------------- */

static int setup(void **st)
{
	/* many logins come from one address here; per-NIK limits still apply */
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", NULL };

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	ver_pw = srv_admin_add(&S, "ver1", "verifikator");
	op_pw = srv_admin_add(&S, "op1", "operator");
	/* the API refuses one-time passwords: pretend both changed theirs */
	if (!ver_pw || !op_pw ||
	    srv_db_exec(&S, "UPDATE staf SET ganti_password = 0 WHERE username IN ('ver1', 'op1')") < 0)
		return -1;
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	free(ver_token);
	free(ver_pw);
	free(op_pw);
	return srv_stop(&S);
}

static int need_ver(void **st)
{
	(void)st;
	if (!ver_token)
		ver_token = staf_token(&S, "ver1", ver_pw);
	return ver_token ? 0 : -1;
}

/* ---- captcha and registration -------------------------------------------- */

static void test_captcha_shape(void **st)
{
	long status;
	json_t *a = api_json(&S, "GET", "/api/v1/captcha", NULL, NULL, &status), *b;
	int answer;

	(void)st;
	assert_int_equal(status, 200);
	assert_true(json_is_string(json_object_get(a, "id")));
	assert_int_equal(strlen(jstr(a, "id")), 43);
	assert_non_null(strstr(jstr(a, "question"), "Berapa "));
	assert_int_equal(captcha_solve(jstr(a, "question"), &answer), 0);
	b = api_json(&S, "GET", "/api/v1/captcha", NULL, NULL, &status);
	assert_int_not_equal(status, -1);
	assert_string_not_equal(jstr(a, "id"), jstr(b, "id"));
	json_decref(a);
	json_decref(b);
}

static void test_register_201_and_stored(void **st)
{
	const char *nik = next_nik();
	long long before = srv_count(&S, "pemohon");
	long status;
	json_t *j;
	char sql[200], *v;

	(void)st;
	j = api_json(&S, "POST", "/api/v1/pendaftaran", with_captcha(reg_body(nik)), NULL, &status);
	assert_int_equal(status, 201);
	assert_string_equal(jstr(j, "status"), "menunggu");
	assert_non_null(strstr(jstr(j, "pesan"), "Pendaftaran berhasil dikirim"));
	assert_int_equal(srv_count(&S, "pemohon"), before + 1);
	assert_true(srv_id(&S, "pemohon", "nik", nik) > 0);
	snprintf(sql, sizeof sql, "SELECT status || '|' || tanggal_lahir || '|' || no_hp || '|' || kode_desa "
		 "FROM pemohon WHERE nik = '%s'", nik);
	v = srv_db_text(&S, "%s", sql);
	assert_string_equal(v, "menunggu|1990-05-15|6281234567890|33.26.07.2008");
	free(v);
	json_decref(j);
}

static void test_register_captcha_answer_as_number(void **st)
{
	const char *nik = next_nik();
	json_t *b = with_captcha(reg_body(nik)), *j;
	long status;

	(void)st;
	json_object_set_new(b, "captcha_jawaban",
			    json_integer(atoi(json_string_value(json_object_get(b, "captcha_jawaban")))));
	j = api_json(&S, "POST", "/api/v1/pendaftaran", b, NULL, &status);
	assert_int_equal(status, 201);
	assert_true(srv_id(&S, "pemohon", "nik", nik) > 0);
	json_decref(j);
}

static void test_bad_register_nik_malformed(void **st)
{
	(void)st;
	bad_register("nik", json_string("33260715059A0001"), "NIK harus 16 digit angka.");
	bad_register("nik", json_string("332607150590001"), "NIK harus 16 digit angka.");
	bad_register("nik", json_string("3326071505900000"), "Nomor urut pada NIK");
}

static void test_bad_register_kk_malformed(void **st)
{
	(void)st;
	bad_register("no_kk", json_string("33260714092300"), "Nomor KK harus 16 digit angka.");
}

static void test_bad_register_date_ddmmyyyy(void **st)
{
	(void)st;
	/* the pages accept DD-MM-YYYY, the API only ISO dates */
	bad_register("tanggal_lahir", json_string("15-05-1990"), "YYYY-MM-DD");
}

static void test_bad_register_date_impossible(void **st)
{
	(void)st;
	bad_register("tanggal_lahir", json_string("1990-02-30"), "YYYY-MM-DD");
	bad_register("tanggal_lahir", json_string("2099-01-01"), "tidak boleh melewati hari ini");
}

static void test_bad_register_phone(void **st)
{
	(void)st;
	bad_register("no_hp", json_string("0212345678"), "Nomor HP harus nomor seluler Indonesia");
}

static void test_bad_register_email(void **st)
{
	(void)st;
	bad_register("email", json_string("siti@@example"), "Alamat email tidak valid");
}

static void test_bad_register_field_too_long(void **st)
{
	char name[202];

	(void)st;
	memset(name, 'a', 201);
	name[201] = '\0';
	bad_register("nama", json_string(name), "maksimal 100 karakter");
}

static void test_bad_register_weak_password(void **st)
{
	(void)st;
	bad_register("password", json_string("abcdefgh"), "Kata kunci belum memenuhi ketentuan");
}

static void test_bad_register_unknown_village(void **st)
{
	(void)st;
	bad_register("kode_desa", json_string("33.26.07.2999"), "tidak dikenal");
}

static void test_bad_register_missing_field(void **st)
{
	long long before = srv_count(&S, "pemohon");
	json_t *b = reg_body(next_nik()), *j;
	long status;

	(void)st;
	json_object_del(b, "nama_ibu");
	j = api_json(&S, "POST", "/api/v1/pendaftaran", with_captcha(b), NULL, &status);
	assert_int_equal(status, 422);
	assert_string_equal(field_msg(j, "nama_ibu"), "Nama ibu kandung wajib diisi.");
	assert_int_equal(srv_count(&S, "pemohon"), before);
	json_decref(j);
}

static void test_bad_register_non_string_field(void **st)
{
	long long before = srv_count(&S, "pemohon");
	json_t *b = reg_body(next_nik()), *j;
	long status;

	(void)st;
	json_object_set_new(b, "nik", json_integer(3326071505900001LL));
	json_object_set_new(b, "nama", json_pack("[s]", "Siti"));
	json_object_set_new(b, "email", json_true());
	j = api_json(&S, "POST", "/api/v1/pendaftaran", with_captcha(b), NULL, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_string_equal(field_msg(j, "nik"), "Isian ini harus berupa teks.");
	assert_string_equal(field_msg(j, "nama"), "Isian ini harus berupa teks.");
	assert_string_equal(field_msg(j, "email"), "Isian ini harus berupa teks.");
	assert_int_equal(srv_count(&S, "pemohon"), before);
	json_decref(j);
}

static void test_bad_register_wrong_captcha(void **st)
{
	long long before = srv_count(&S, "pemohon");
	const char *nik = next_nik();
	json_t *b = with_captcha(reg_body(nik)), *j;
	long status;
	char wrong[16];

	(void)st;
	snprintf(wrong, sizeof wrong, "%d", atoi(json_string_value(json_object_get(b, "captcha_jawaban"))) + 100);
	json_object_set_new(b, "captcha_jawaban", json_string(wrong));
	j = api_json(&S, "POST", "/api/v1/pendaftaran", b, NULL, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "captcha_salah");
	assert_string_equal(err_msg(j), "Jawaban hitungan salah. Silakan coba lagi dengan soal yang baru.");
	assert_non_null(field_msg(j, "captcha_jawaban"));
	assert_int_equal(srv_count(&S, "pemohon"), before);
	assert_true(srv_id(&S, "pemohon", "nik", nik) < 0);
	json_decref(j);
	/* no captcha at all */
	j = api_json(&S, "POST", "/api/v1/pendaftaran", reg_body(nik), NULL, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "captcha_salah");
	assert_int_equal(srv_count(&S, "pemohon"), before);
	json_decref(j);
}

static void test_bad_register_reused_captcha(void **st)
{
	json_t *b = with_captcha(reg_body(next_nik())), *b2 = reg_body(next_nik()), *j;
	long long before;
	long status;

	(void)st;
	json_object_set(b2, "captcha_id", json_object_get(b, "captcha_id"));
	json_object_set(b2, "captcha_jawaban", json_object_get(b, "captcha_jawaban"));
	j = api_json(&S, "POST", "/api/v1/pendaftaran", b, NULL, &status);
	assert_int_equal(status, 201);
	json_decref(j);
	before = srv_count(&S, "pemohon");
	j = api_json(&S, "POST", "/api/v1/pendaftaran", b2, NULL, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "captcha_salah");
	assert_string_equal(err_msg(j), "Soal hitungan sudah tidak berlaku. Silakan jawab soal yang baru.");
	assert_int_equal(srv_count(&S, "pemohon"), before);
	json_decref(j);
}

/* A NIK that already has an account gets the answer of a new one, byte for
 * byte; nothing is stored but the notices to the contacts typed and to the
 * account's owner. */
static void test_bad_register_duplicate_same_answer(void **st)
{
	const char *nik = next_nik(), *fresh = next_nik();
	json_t *b, *j1, *j2;
	long long before, outbox;
	char *a1, *stored;
	long s1, s2;

	(void)st;
	register_api(nik);
	stored = srv_db_text(&S, "SELECT password_hash || nama FROM pemohon WHERE nik = '%s'", nik);
	before = srv_count(&S, "pemohon");
	outbox = srv_count(&S, "outbox");
	b = reg_body(nik);
	json_object_set_new(b, "nama", json_string("Orang Lain"));
	json_object_set_new(b, "no_hp", json_string("081299990123"));
	json_object_set_new(b, "email", json_string("orang.lain@example.com"));
	j1 = api_json(&S, "POST", "/api/v1/pendaftaran", with_captcha(b), NULL, &s1);
	j2 = api_json(&S, "POST", "/api/v1/pendaftaran", with_captcha(reg_body(fresh)), NULL, &s2);
	assert_int_equal(s1, 201);
	assert_int_equal(s2, 201);
	assert_same_answer(j1, j2);
	/* one new account (the fresh NIK), the old one untouched */
	assert_int_equal(srv_count(&S, "pemohon"), before + 1);
	a1 = srv_db_text(&S, "SELECT password_hash || nama FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(a1, stored);
	free(a1);
	free(stored);
	/* the typer is told on what they typed, the owner on their own channels */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE id > %lld AND recipient IN "
				    "('6281299990123', 'orang.lain@example.com') AND body LIKE '%%sudah terdaftar%%'",
				    outbox), 2);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE id > %lld AND recipient IN "
				    "('6281234567890', 'siti@example.com') AND body LIKE '%%percobaan pendaftaran%%'",
				    outbox), 2);
}

static void test_bad_register_missing_json_body(void **st)
{
	long long before = srv_count(&S, "pemohon");
	struct client *c = client_new(&S);
	struct resp r;
	json_t *j;
	long status;

	(void)st;
	j = api_json(&S, "POST", "/api/v1/pendaftaran", NULL, NULL, &status);
	assert_true(api_error_is(j, status, 400, "permintaan_tidak_sah"));
	/* a form body is not JSON either */
	assert_int_equal(client_post(c, "/api/v1/pendaftaran", &r, "nik", "3326071505900001", NULL), 0);
	assert_int_equal(r.status, 400);
	j = json_loads(r.body, 0, NULL);
	assert_non_null(strstr(err_msg(j), "Body harus JSON"));
	json_decref(j);
	resp_free(&r);
	client_free(c);
	assert_int_equal(srv_count(&S, "pemohon"), before);
}

static void test_bad_register_malformed_json(void **st)
{
	static const char *const bodies[] = { "{\"nik\": ", "[1, 2]", "{\"nik\":\"1\",\"nik\":\"2\"}", "\"x\"" };
	long long before = srv_count(&S, "pemohon");
	struct client *c = client_new(&S);
	size_t i;

	(void)st;
	for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct resp r;
		json_t *j;

		assert_int_equal(client_json(c, "POST", "/api/v1/pendaftaran", bodies[i], NULL, &r), 0);
		assert_int_equal(r.status, 400);
		j = json_loads(r.body, 0, NULL);
		assert_string_equal(err_code(j), "permintaan_tidak_sah");
		assert_non_null(err_msg(j));
		json_decref(j);
		resp_free(&r);
	}
	client_free(c);
	assert_int_equal(srv_count(&S, "pemohon"), before);
}

static void test_bad_register_oversize_body_413(void **st)
{
	long long before = srv_count(&S, "pemohon");
	struct client *c = client_new(&S);
	size_t n = 2 * 1024 * 1024;
	char *big = malloc(n + 1);
	struct resp r;
	json_t *j;

	(void)st;
	memset(big, 'a', n);
	memcpy(big, "{\"nama\":\"", 9);
	memcpy(big + n - 2, "\"}", 2);
	big[n] = '\0';
	assert_int_equal(client_json(c, "POST", "/api/v1/pendaftaran", big, NULL, &r), 0);
	assert_int_equal(r.status, 413);
	j = json_loads(r.body, 0, NULL);
	assert_string_equal(err_code(j), "terlalu_besar");
	json_decref(j);
	resp_free(&r);
	free(big);
	client_free(c);
	assert_int_equal(srv_count(&S, "pemohon"), before);
}

/* ---- registration status --------------------------------------------------- */

static void test_status_pending(void **st)
{
	const char *nik = next_nik();
	long status;
	json_t *j;

	(void)st;
	register_api(nik);
	j = api_json(&S, "POST", "/api/v1/pendaftaran/status",
			 with_captcha(json_pack("{s:s, s:s}", "nik", nik, "no_hp", "+62 812-3456-7890")),
			 NULL, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "status"), "menunggu");
	assert_non_null(strstr(jstr(j, "keterangan"), "menunggu verifikasi"));
	assert_null(json_object_get(j, "alasan"));
	json_decref(j);
}

static void test_bad_status_unknown_and_wrong_phone_identical(void **st)
{
	const char *nik = next_nik();
	long s1, s2;
	json_t *j1, *j2;

	(void)st;
	register_api(nik);
	j1 = api_json(&S, "POST", "/api/v1/pendaftaran/status",
			  with_captcha(json_pack("{s:s, s:s}", "nik", "3326071505909999", "no_hp", "081234567890")),
			  NULL, &s1);
	j2 = api_json(&S, "POST", "/api/v1/pendaftaran/status",
			  with_captcha(json_pack("{s:s, s:s}", "nik", nik, "no_hp", "081234567891")), NULL, &s2);
	assert_int_equal(s1, 404);
	assert_int_equal(s2, 404);
	assert_string_equal(err_code(j1), "tidak_ditemukan");
	assert_string_equal(err_msg(j1), MSG_NOT_FOUND);
	assert_same_answer(j1, j2);
}

static void test_bad_status_malformed(void **st)
{
	long status;
	json_t *j;

	(void)st;
	j = api_json(&S, "POST", "/api/v1/pendaftaran/status",
			 with_captcha(json_pack("{s:s, s:s}", "nik", "12345", "no_hp", "12345")),
			 NULL, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_string_equal(field_msg(j, "nik"), "NIK harus 16 digit angka.");
	assert_non_null(field_msg(j, "no_hp"));
	json_decref(j);
	/* wrong captcha: nothing is looked up */
	j = api_json(&S, "POST", "/api/v1/pendaftaran/status",
			 json_pack("{s:s, s:s, s:s, s:s}", "nik", "3326071505900001", "no_hp", "081234567890",
				   "captcha_id", "x", "captcha_jawaban", "1"), NULL, &status);
	assert_true(api_error_is(j, status, 422, "captcha_salah"));
}

/* ---- activation, login, account -------------------------------------------- */

static void test_full_flow(void **st)
{
	const char *nik = next_nik();
	long long id = register_api(nik), sessions = srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE api = 1");
	char *tok, *bearer, *v, masked[17];
	long status;
	json_t *j;

	(void)st;
	approve(id);
	v = pemohon_status(nik);
	assert_string_equal(v, "disetujui");
	free(v);
	tok = link_token("/pemohon/aktivasi/");
	assert_int_equal(strlen(tok), 43);
	j = api_json(&S, "POST", "/api/v1/aktivasi", activation_body(tok, "  sri   WAHYUNI "), NULL, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "status"), "aktif");
	json_decref(j);
	v = pemohon_status(nik);
	assert_string_equal(v, "aktif");
	free(v);

	j = api_json(&S, "POST", "/api/v1/sesi", login_body(nik, PW), NULL, &status);
	assert_int_equal(status, 201);
	assert_string_equal(jstr(json_object_get(j, "pemohon"), "nama"), "Siti Aminah");
	bearer = strdup(jstr(j, "token"));
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE api = 1"), sessions + 1);

	j = api_json(&S, "GET", "/api/v1/saya", NULL, bearer, &status);
	assert_int_equal(status, 200);
	snprintf(masked, sizeof masked, "3326********%s", nik + 12);
	assert_string_equal(jstr(j, "nik"), masked);
	assert_string_equal(jstr(j, "nama"), "Siti Aminah");
	assert_string_equal(jstr(j, "no_kk"), "3326********0009");
	/* the API keeps ISO dates; pages show DD-MM-YYYY */
	assert_string_equal(jstr(j, "tanggal_lahir"), "1990-05-15");
	assert_string_equal(jstr(j, "no_hp"), "081234567890");
	assert_null(json_object_get(j, "nama_ibu"));
	assert_null(json_object_get(j, "password_hash"));
	json_decref(j);

	j = api_json(&S, "DELETE", "/api/v1/sesi", NULL, bearer, &status);
	assert_int_equal(status, 204);
	assert_null(j);
	j = api_json(&S, "GET", "/api/v1/saya", NULL, bearer, &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	j = api_json(&S, "DELETE", "/api/v1/sesi", NULL, bearer, &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE api = 1"), sessions);
	free(bearer);

	/* token reuse */
	j = api_json(&S, "POST", "/api/v1/aktivasi", activation_body(tok, "Sri Wahyuni"), NULL, &status);
	assert_true(api_error_is(j, status, 410, "token_tidak_berlaku"));
	free(tok);
}

static void test_bad_activation_unknown_token_410(void **st)
{
	long status;
	json_t *j;

	(void)st;
	j = api_json(&S, "POST", "/api/v1/aktivasi",
		     activation_body("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Sri Wahyuni"),
			 NULL, &status);
	assert_true(api_error_is(j, status, 410, "token_tidak_berlaku"));
	j = api_json(&S, "POST", "/api/v1/aktivasi", with_captcha(json_pack("{s:s}", "nama_ibu", "Sri Wahyuni")),
		     NULL, &status);
	assert_int_equal(status, 422);
	assert_string_equal(field_msg(j, "token"), "Token aktivasi wajib diisi.");
	json_decref(j);
}

static void test_bad_activation_wrong_mother_then_locked_429(void **st)
{
	const char *nik = next_nik();
	long long id = register_api(nik);
	char *tok, *v;
	long status;
	json_t *j;
	int i;

	(void)st;
	approve(id);
	tok = link_token("/pemohon/aktivasi/");
	for (i = 0; i < 4; i++) {
		j = api_json(&S, "POST", "/api/v1/aktivasi", activation_body(tok, "Sri Wahyunah"), NULL, &status);
		assert_int_equal(status, 422);
		assert_string_equal(field_msg(j, "nama_ibu"), "Nama ibu kandung tidak sesuai dengan data pendaftaran.");
		json_decref(j);
	}
	j = api_json(&S, "POST", "/api/v1/aktivasi", activation_body(tok, "Sri Wahyunah"), NULL, &status);
	assert_true(api_error_is(j, status, 429, "terlalu_banyak_percobaan"));
	/* the link is burnt: even the right answer no longer works */
	j = api_json(&S, "POST", "/api/v1/aktivasi", activation_body(tok, "Sri Wahyuni"), NULL, &status);
	assert_true(api_error_is(j, status, 410, "token_tidak_berlaku"));
	v = pemohon_status(nik);
	assert_string_equal(v, "disetujui");
	free(v);
	free(tok);
}

static void test_bad_login_wrong_password_401(void **st)
{
	const char *nik = next_nik();
	long long sessions = srv_count(&S, "sesi");
	long status;
	json_t *j;

	(void)st;
	register_api(nik);
	j = api_json(&S, "POST", "/api/v1/sesi", login_body(nik, "Salah123."), NULL, &status);
	assert_int_equal(status, 401);
	assert_string_equal(err_code(j), "login_salah");
	assert_string_equal(err_msg(j), "NIK atau kata kunci salah.");
	json_decref(j);
	/* an unknown NIK gets the very same answer */
	j = api_json(&S, "POST", "/api/v1/sesi", login_body("3326071505909998", "Salah123."), NULL, &status);
	assert_int_equal(status, 401);
	assert_string_equal(err_msg(j), "NIK atau kata kunci salah.");
	json_decref(j);
	assert_int_equal(srv_count(&S, "sesi"), sessions);
	j = api_json(&S, "POST", "/api/v1/sesi", with_captcha(json_pack("{s:s}", "nik", nik)), NULL, &status);
	assert_int_equal(status, 422);
	assert_string_equal(field_msg(j, "password"), "Kata kunci wajib diisi.");
	json_decref(j);
}

static void test_bad_login_lockout_429(void **st)
{
	const char *nik = next_nik();
	long status = 0;
	char *hdrs = NULL;
	json_t *j;
	int i;

	(void)st;
	for (i = 0; i < 10; i++) {
		free(hdrs);
		j = api_json_headers(&S, "POST", "/api/v1/sesi", login_body(nik, "Salah123."), NULL, &status, &hdrs);
		if (status == 429) {
			assert_true(api_error_is(j, status, 429, "terlalu_banyak_percobaan"));
			break;
		}
		assert_int_equal(status, 401);
		json_decref(j);
	}
	assert_int_equal(status, 429);
	assert_true(i <= 5);
	assert_non_null(strstr(hdrs, "Retry-After:"));
	free(hdrs);
}

static void test_login_pending_403(void **st)
{
	const char *nik = next_nik();
	long long sessions = srv_count(&S, "sesi");
	long status;
	json_t *j;

	(void)st;
	register_api(nik);
	j = api_json(&S, "POST", "/api/v1/sesi", login_body(nik, PW), NULL, &status);
	assert_int_equal(status, 403);
	assert_string_equal(err_code(j), "akun_belum_aktif");
	assert_string_equal(jstr(json_object_get(j, "error"), "status"), "menunggu");
	assert_null(json_object_get(j, "token"));
	json_decref(j);
	assert_int_equal(srv_count(&S, "sesi"), sessions);
}

static void test_login_rejected_403_with_reason(void **st)
{
	const char *nik = next_nik();
	long long id = register_api(nik);
	char path[96];
	long status;
	json_t *j;

	(void)st;
	snprintf(path, sizeof path, "/api/v1/staf/pendaftaran/%lld/tolak", id);
	j = api_json(&S, "POST", path, json_pack("{s:s}", "alasan", "Foto KTP buram."), ver_token, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	j = api_json(&S, "POST", "/api/v1/sesi", login_body(nik, PW), NULL, &status);
	assert_int_equal(status, 403);
	assert_string_equal(err_code(j), "akun_ditolak");
	assert_string_equal(jstr(json_object_get(j, "error"), "alasan"), "Foto KTP buram.");
	json_decref(j);
	/* the status check tells the stage only: the reason needs the password */
	j = api_json(&S, "POST", "/api/v1/pendaftaran/status",
			 with_captcha(json_pack("{s:s, s:s}", "nik", nik, "no_hp", "081234567890")),
			 NULL, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "status"), "ditolak");
	assert_null(json_object_get(j, "alasan"));
	{
		char *text = json_dumps(j, 0);

		assert_null(strstr(text, "buram"));
		free(text);
	}
	json_decref(j);
}

static void test_bad_saya_without_valid_token_401(void **st)
{
	long status;
	json_t *j;
	char *hdrs;

	(void)st;
	j = api_json_headers(&S, "GET", "/api/v1/saya", NULL, NULL, &status, &hdrs);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	assert_non_null(strstr(hdrs, "WWW-Authenticate: Bearer"));
	free(hdrs);
	j = api_json(&S, "GET", "/api/v1/saya", NULL, "bukan-token", &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	/* an officer's token is no applicant's */
	j = api_json(&S, "GET", "/api/v1/saya", NULL, ver_token, &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
}

/* ---- forgotten password ------------------------------------------------------ */

static void test_forgot_reset_flow(void **st)
{
	const char *nik = next_nik();
	long status;
	json_t *j, *j2;
	char *tok, *bearer;
	long long mails;

	(void)st;
	make_active(nik);
	mails = srv_count(&S, "outbox");
	j = api_json(&S, "POST", "/api/v1/lupa-password",
			 with_captcha(json_pack("{s:s, s:s, s:s}", "nik", nik, "nama", "siti aminah", "no_hp",
						"+62 812-3456-7890")),
			 NULL, &status);
	assert_int_equal(status, 202);
	assert_string_equal(jstr(j, "pesan"), "Jika data yang Anda masukkan sesuai, link reset password telah "
			    "dikirim melalui WhatsApp dan Email.");
	assert_int_equal(srv_count(&S, "outbox"), mails + 2);
	/* a non-matching request: the same answer, nothing sent */
	j2 = api_json(&S, "POST", "/api/v1/lupa-password",
			  with_captcha(json_pack("{s:s, s:s, s:s}", "nik", nik, "nama", "Siti Aminah", "no_hp",
						 "081299999999")),
			  NULL, &status);
	assert_int_equal(status, 202);
	assert_same_answer(j, j2);
	assert_int_equal(srv_count(&S, "outbox"), mails + 2);

	bearer = login(nik, PW);
	tok = link_token("/pemohon/reset/");
	j = api_json(&S, "POST", "/api/v1/reset-password",
			 json_pack("{s:s, s:s, s:s}", "token", tok, "no_kk", "3326071409230009", "password", PW_NEW),
			 NULL,
			 &status);
	assert_int_equal(status, 200);
	json_decref(j);
	/* every session ended with the reset */
	j = api_json(&S, "GET", "/api/v1/saya", NULL, bearer, &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	free(bearer);
	j = api_json(&S, "POST", "/api/v1/sesi", login_body(nik, PW), NULL, &status);
	assert_true(api_error_is(j, status, 401, "login_salah"));
	bearer = login(nik, PW_NEW);
	free(bearer);
	/* the link is single-use */
	j = api_json(&S, "POST", "/api/v1/reset-password",
			 json_pack("{s:s, s:s, s:s}", "token", tok, "no_kk", "3326071409230009", "password", PW), NULL,
			 &status);
	assert_true(api_error_is(j, status, 410, "token_tidak_berlaku"));
	free(tok);
}

static void test_bad_forgot_malformed_422(void **st)
{
	long long mails = srv_count(&S, "outbox");
	long status;
	json_t *j;

	(void)st;
	j = api_json(&S, "POST", "/api/v1/lupa-password",
			 with_captcha(json_pack("{s:s, s:s, s:s}", "nik", "12", "nama", "Siti", "no_hp", "12")),
			 NULL, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_string_equal(field_msg(j, "nik"), "NIK harus 16 digit angka.");
	assert_non_null(strstr(field_msg(j, "no_hp"), "Nomor HP"));
	json_decref(j);
	assert_int_equal(srv_count(&S, "outbox"), mails);
}

static void test_bad_reset_wrong_kk_and_weak_password(void **st)
{
	const char *nik = next_nik();
	long status;
	json_t *j;
	char *tok, *hash1, *hash2, sql[128];

	(void)st;
	make_active(nik);
	j = api_json(&S, "POST", "/api/v1/lupa-password",
			 with_captcha(json_pack("{s:s, s:s, s:s}", "nik", nik, "nama", "Siti Aminah", "no_hp",
						"081234567890")),
			 NULL, &status);
	assert_int_equal(status, 202);
	json_decref(j);
	tok = link_token("/pemohon/reset/");
	snprintf(sql, sizeof sql, "SELECT password_hash FROM pemohon WHERE nik = '%s'", nik);
	hash1 = srv_db_text(&S, "%s", sql);
	j = api_json(&S, "POST", "/api/v1/reset-password",
			 json_pack("{s:s, s:s, s:s}", "token", tok, "no_kk", "3326071409230019", "password", PW_NEW),
			 NULL,
			 &status);
	assert_int_equal(status, 422);
	assert_string_equal(field_msg(j, "no_kk"), "Nomor KK tidak sesuai dengan data akun.");
	json_decref(j);
	j = api_json(&S, "POST", "/api/v1/reset-password",
			 json_pack("{s:s, s:s, s:s}", "token", tok, "no_kk", "3326071409230009", "password", "pendek"),
			 NULL,
			 &status);
	assert_int_equal(status, 422);
	assert_non_null(strstr(field_msg(j, "password"), "Kata kunci belum memenuhi ketentuan"));
	assert_null(field_msg(j, "password2"));
	json_decref(j);
	hash2 = srv_db_text(&S, "%s", sql);
	assert_string_equal(hash1, hash2);
	free(hash1);
	free(hash2);
	free(tok);
	j = api_json(&S, "POST", "/api/v1/reset-password",
			 json_pack("{s:s, s:s, s:s}", "token", "tidak-ada", "no_kk", "3326071409230009", "password",
				   PW_NEW),
			 NULL, &status);
	assert_true(api_error_is(j, status, 410, "token_tidak_berlaku"));
}

/* ---- officers ------------------------------------------------------------------ */

static void test_staff_login_one_time_password_refused(void **st)
{
	char *pw = srv_admin_add(&S, "ver2", "verifikator");
	long long before = srv_count(&S, "sesi");
	long status;
	json_t *j;

	(void)st;
	assert_non_null(pw);
	j = api_json(&S, "POST", "/api/v1/staf/sesi", json_pack("{s:s, s:s}", "username", "ver2", "password", pw),
		     NULL, &status);
	assert_int_equal(status, 403);
	assert_string_equal(err_code(j), "ganti_password");
	assert_non_null(strstr(err_msg(j), "/staf/password"));
	assert_null(json_object_get(j, "token"));
	json_decref(j);
	assert_int_equal(srv_count(&S, "sesi"), before);
	free(pw);
}

static void test_staff_login_roles(void **st)
{
	long status;
	json_t *j;

	(void)st;
	j = api_json(&S, "POST", "/api/v1/staf/sesi",
			 json_pack("{s:s, s:s}", "username", "ver1", "password", ver_pw), NULL, &status);
	assert_int_equal(status, 201);
	assert_int_equal(strlen(jstr(j, "token")), 43);
	assert_int_equal(json_array_size(json_object_get(j, "peran")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "peran"), 0)), "verifikator");
	json_decref(j);
}

static void test_bad_staff_login_401(void **st)
{
	long status;
	json_t *j;

	(void)st;
	j = api_json(&S, "POST", "/api/v1/staf/sesi",
		     json_pack("{s:s, s:s}", "username", "ver1", "password", "Salah123."),
			 NULL, &status);
	assert_int_equal(status, 401);
	assert_string_equal(err_code(j), "login_salah");
	assert_string_equal(err_msg(j), "Nama pengguna atau kata kunci salah.");
	json_decref(j);
	j = api_json(&S, "POST", "/api/v1/staf/sesi", json_pack("{s:s, s:i}", "username", "ver1", "password", 12345678),
			 NULL, &status);
	assert_int_equal(status, 422);
	assert_string_equal(field_msg(j, "password"), "Isian ini harus berupa teks.");
	json_decref(j);
}

static void test_staff_queue(void **st)
{
	const char *nik = next_nik();
	char path[128], masked[17];
	long status;
	json_t *j, *row;

	(void)st;
	register_api(nik);
	j = api_json(&S, "GET", "/api/v1/staf/pendaftaran", NULL, ver_token, &status);
	assert_int_equal(status, 200);
	assert_true(json_is_array(json_object_get(j, "data")));
	assert_int_equal(json_integer_value(json_object_get(j, "halaman")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "per_halaman")), 20);
	assert_int_equal(json_integer_value(json_object_get(j, "total")),
			 srv_db_int(&S, "SELECT COUNT(*) FROM pemohon WHERE status = 'menunggu'"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/staf/pendaftaran?status=menunggu&q=%s", nik);
	j = api_json(&S, "GET", path, NULL, ver_token, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	row = json_array_get(json_object_get(j, "data"), 0);
	snprintf(masked, sizeof masked, "3326********%s", nik + 12);
	assert_string_equal(jstr(row, "nik"), masked);
	assert_string_equal(jstr(row, "nama"), "Siti Aminah");
	assert_string_equal(jstr(row, "status"), "menunggu");
	assert_int_equal(json_integer_value(json_object_get(row, "id")), srv_id(&S, "pemohon", "nik", nik));
	json_decref(j);
	j = api_json(&S, "GET", "/api/v1/staf/pendaftaran?status=semua&page=99", NULL, ver_token, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "data")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), srv_count(&S, "pemohon"));
	json_decref(j);
}

static void test_bad_staff_queue_params_400(void **st)
{
	long status;
	json_t *j;

	(void)st;
	j = api_json(&S, "GET", "/api/v1/staf/pendaftaran?status=hapus&page=0", NULL, ver_token, &status);
	assert_int_equal(status, 400);
	assert_string_equal(err_code(j), "permintaan_tidak_sah");
	assert_non_null(field_msg(j, "status"));
	assert_non_null(field_msg(j, "page"));
	json_decref(j);
}

static void test_bad_staff_endpoints_refuse_applicant_token(void **st)
{
	const char *nik = next_nik(), *pending = next_nik();
	long long id;
	char *bearer, path[96], *v;
	long status;
	json_t *j;

	(void)st;
	make_active(nik);
	id = register_api(pending);
	bearer = login(nik, PW);
	j = api_json(&S, "GET", "/api/v1/staf/pendaftaran", NULL, bearer, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	snprintf(path, sizeof path, "/api/v1/staf/pendaftaran/%lld/setujui", id);
	j = api_json(&S, "POST", path, NULL, bearer, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	snprintf(path, sizeof path, "/api/v1/staf/pendaftaran/%lld/tolak", id);
	j = api_json(&S, "POST", path, json_pack("{s:s}", "alasan", "x"), bearer, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	/* without any token */
	j = api_json(&S, "POST", path, json_pack("{s:s}", "alasan", "x"), NULL, &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	j = api_json(&S, "GET", "/api/v1/staf/pendaftaran", NULL, "bukan-token", &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	v = pemohon_status(pending);
	assert_string_equal(v, "menunggu");
	free(v);
	free(bearer);
}

static void test_bad_staff_endpoints_refuse_operator(void **st)
{
	const char *nik = next_nik();
	long long id = register_api(nik), audits = srv_count(&S, "audit");
	char *op = staf_token(&S, "op1", op_pw), path[96], *v;
	long status;
	json_t *j;

	(void)st;
	assert_non_null(op);
	j = api_json(&S, "GET", "/api/v1/staf/pendaftaran", NULL, op, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	snprintf(path, sizeof path, "/api/v1/staf/pendaftaran/%lld/setujui", id);
	j = api_json(&S, "POST", path, NULL, op, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	snprintf(path, sizeof path, "/api/v1/staf/pendaftaran/%lld/tolak", id);
	j = api_json(&S, "POST", path, json_pack("{s:s}", "alasan", "Data tidak lengkap."), op, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	v = pemohon_status(nik);
	assert_string_equal(v, "menunggu");
	free(v);
	assert_int_equal(srv_count(&S, "audit"), audits);
	free(op);
}

static void test_staff_reject_with_reason(void **st)
{
	const char *nik = next_nik();
	long long id = register_api(nik), audits = srv_count(&S, "audit");
	char path[96], sql[160], *v;
	long status;
	json_t *j;

	(void)st;
	snprintf(path, sizeof path, "/api/v1/staf/pendaftaran/%lld/tolak", id);
	j = api_json(&S, "POST", path, json_pack("{s:s}", "alasan", "  Nama ibu kandung tidak sesuai KK. "),
		     ver_token, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "status"), "ditolak");
	json_decref(j);
	snprintf(sql, sizeof sql, "SELECT status || '|' || alasan_tolak FROM pemohon WHERE id = %lld", id);
	v = srv_db_text(&S, "%s", sql);
	assert_string_equal(v, "ditolak|Nama ibu kandung tidak sesuai KK.");
	free(v);
	assert_int_equal(srv_count(&S, "audit"), audits + 1);
	/* twice: already processed */
	j = api_json(&S, "POST", path, json_pack("{s:s}", "alasan", "Lagi."), ver_token, &status);
	assert_true(api_error_is(j, status, 409, "sudah_diproses"));
	snprintf(path, sizeof path, "/api/v1/staf/pendaftaran/%lld/setujui", id);
	j = api_json(&S, "POST", path, NULL, ver_token, &status);
	assert_true(api_error_is(j, status, 409, "sudah_diproses"));
	v = pemohon_status(nik);
	assert_string_equal(v, "ditolak");
	free(v);
}

static void test_bad_staff_reject_without_reason_422(void **st)
{
	const char *nik = next_nik();
	long long id = register_api(nik), mails = srv_count(&S, "outbox");
	char path[96], *v;
	long status;
	json_t *j;

	(void)st;
	snprintf(path, sizeof path, "/api/v1/staf/pendaftaran/%lld/tolak", id);
	j = api_json(&S, "POST", path, json_pack("{s:s}", "alasan", "   "), ver_token, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(strstr(field_msg(j, "alasan"), "Alasan penolakan wajib diisi"));
	json_decref(j);
	j = api_json(&S, "POST", path, json_pack("{s:i}", "alasan", 1), ver_token, &status);
	assert_int_equal(status, 422);
	assert_string_equal(field_msg(j, "alasan"), "Isian ini harus berupa teks.");
	json_decref(j);
	j = api_json(&S, "POST", path, NULL, ver_token, &status);
	assert_true(api_error_is(j, status, 400, "permintaan_tidak_sah"));
	v = pemohon_status(nik);
	assert_string_equal(v, "menunggu");
	free(v);
	assert_int_equal(srv_count(&S, "outbox"), mails);
}

static void test_bad_staff_unknown_registration_404(void **st)
{
	long status;
	json_t *j;

	(void)st;
	j = api_json(&S, "POST", "/api/v1/staf/pendaftaran/999999/setujui", NULL, ver_token, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "POST", "/api/v1/staf/pendaftaran/abc/setujui", NULL, ver_token, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "POST", "/api/v1/staf/pendaftaran/999999/tolak", json_pack("{s:s}", "alasan", "Data ganda."),
			 ver_token, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
}

static void test_staff_logout_204(void **st)
{
	char *tok = staf_token(&S, "ver1", ver_pw);
	long status;
	json_t *j;

	(void)st;
	assert_non_null(tok);
	j = api_json(&S, "GET", "/api/v1/staf/pendaftaran", NULL, tok, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	j = api_json(&S, "DELETE", "/api/v1/staf/sesi", NULL, tok, &status);
	assert_int_equal(status, 204);
	assert_null(j);
	j = api_json(&S, "GET", "/api/v1/staf/pendaftaran", NULL, tok, &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	j = api_json(&S, "DELETE", "/api/v1/staf/sesi", NULL, tok, &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_captcha_shape, need_ver),
		cmocka_unit_test_setup(test_register_201_and_stored, need_ver),
		cmocka_unit_test_setup(test_register_captcha_answer_as_number, need_ver),
		cmocka_unit_test_setup(test_bad_register_nik_malformed, need_ver),
		cmocka_unit_test_setup(test_bad_register_kk_malformed, need_ver),
		cmocka_unit_test_setup(test_bad_register_date_ddmmyyyy, need_ver),
		cmocka_unit_test_setup(test_bad_register_date_impossible, need_ver),
		cmocka_unit_test_setup(test_bad_register_phone, need_ver),
		cmocka_unit_test_setup(test_bad_register_email, need_ver),
		cmocka_unit_test_setup(test_bad_register_field_too_long, need_ver),
		cmocka_unit_test_setup(test_bad_register_weak_password, need_ver),
		cmocka_unit_test_setup(test_bad_register_unknown_village, need_ver),
		cmocka_unit_test_setup(test_bad_register_missing_field, need_ver),
		cmocka_unit_test_setup(test_bad_register_non_string_field, need_ver),
		cmocka_unit_test_setup(test_bad_register_wrong_captcha, need_ver),
		cmocka_unit_test_setup(test_bad_register_reused_captcha, need_ver),
		cmocka_unit_test_setup(test_bad_register_duplicate_same_answer, need_ver),
		cmocka_unit_test_setup(test_bad_register_missing_json_body, need_ver),
		cmocka_unit_test_setup(test_bad_register_malformed_json, need_ver),
		cmocka_unit_test_setup(test_bad_register_oversize_body_413, need_ver),
		cmocka_unit_test_setup(test_status_pending, need_ver),
		cmocka_unit_test_setup(test_bad_status_unknown_and_wrong_phone_identical, need_ver),
		cmocka_unit_test_setup(test_bad_status_malformed, need_ver),
		cmocka_unit_test_setup(test_full_flow, need_ver),
		cmocka_unit_test_setup(test_bad_activation_unknown_token_410, need_ver),
		cmocka_unit_test_setup(test_bad_activation_wrong_mother_then_locked_429, need_ver),
		cmocka_unit_test_setup(test_bad_login_wrong_password_401, need_ver),
		cmocka_unit_test_setup(test_bad_login_lockout_429, need_ver),
		cmocka_unit_test_setup(test_login_pending_403, need_ver),
		cmocka_unit_test_setup(test_login_rejected_403_with_reason, need_ver),
		cmocka_unit_test_setup(test_bad_saya_without_valid_token_401, need_ver),
		cmocka_unit_test_setup(test_forgot_reset_flow, need_ver),
		cmocka_unit_test_setup(test_bad_forgot_malformed_422, need_ver),
		cmocka_unit_test_setup(test_bad_reset_wrong_kk_and_weak_password, need_ver),
		cmocka_unit_test_setup(test_staff_login_one_time_password_refused, need_ver),
		cmocka_unit_test_setup(test_staff_login_roles, need_ver),
		cmocka_unit_test_setup(test_bad_staff_login_401, need_ver),
		cmocka_unit_test_setup(test_staff_queue, need_ver),
		cmocka_unit_test_setup(test_bad_staff_queue_params_400, need_ver),
		cmocka_unit_test_setup(test_bad_staff_endpoints_refuse_applicant_token, need_ver),
		cmocka_unit_test_setup(test_bad_staff_endpoints_refuse_operator, need_ver),
		cmocka_unit_test_setup(test_staff_reject_with_reason, need_ver),
		cmocka_unit_test_setup(test_bad_staff_reject_without_reason_422, need_ver),
		cmocka_unit_test_setup(test_bad_staff_unknown_registration_404, need_ver),
		cmocka_unit_test_setup(test_staff_logout_204, need_ver),
	};

	return cmocka_run_group_tests_name("http_api", tests, setup, teardown);
}
