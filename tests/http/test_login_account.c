// SPDX-License-Identifier: MIT
// HTTP tests of applicant login/logout, account self-service and forgotten password.
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

#define PASSWORD "Feb1702."
#define NEW_PASSWORD "Mawar-2025!"
#define KK "3326071409230009"
#define MSG_BAD_LOGIN "NIK atau kata kunci salah."
#define MSG_FORGOT "Jika data yang Anda masukkan sesuai, link reset password telah dikirim melalui WhatsApp dan Email. Link berlaku 1 jam."
#define MSG_RESET_BAD "Link reset password tidak valid atau sudah kedaluwarsa"

static struct srv S;

static int setup(void **st)
{
	/* many failed logins come from 127.0.0.1: only the per-NIK limit
	 * should bite in these tests */
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", NULL };

	(void)st;
	return srv_start(&S, env);
}

static int teardown(void **st)
{
	(void)st;
	return srv_stop(&S);
}

/* ---- helpers --------------------------------------------------------------- */

/* Registers nik (registration page of another module) with status as given. */
static void make_account(const char *nik, const char *status)
{
	struct client *c = client_new(&S);
	struct resp r;

	assert_int_equal(register_pemohon(c, nik, PASSWORD, &r), 0);
	assert_true(r.status < 400);
	resp_free(&r);
	client_free(c);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pemohon WHERE nik = '%s'", nik), 1);
	assert_int_equal(srv_db_exec(&S, "UPDATE pemohon SET status = '%s' WHERE nik = '%s'", status, nik), 0);
}

static long long pemohon_sessions(const char *nik)
{
	return srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'pemohon' AND subjek_id = "
		     "(SELECT id FROM pemohon WHERE nik = '%s')", nik);
}

/* POSTs the login form (fresh captcha); captcha_answer overrides the right one. */
static void post_login(struct client *c, const char *nik, const char *pw, const char *captcha_answer,
		       struct resp *r)
{
	struct form f;

	assert_int_equal(form_fetch(c, "/pemohon/login", &f), 0);
	assert_non_null(f.csrf);
	assert_non_null(f.captcha);
	assert_int_equal(client_post(c, "/pemohon/login", r, "csrf", f.csrf, "captcha_id", f.captcha_id,
				     "captcha", captcha_answer ? captcha_answer : f.captcha, "nik", nik,
				     "password", pw, NULL), 0);
	form_free(&f);
}

/* A client logged in as nik. */
static struct client *logged_in(const char *nik, const char *pw)
{
	struct client *c = client_new(&S);
	struct resp r;

	post_login(c, nik, pw, NULL, &r);
	assert_true(redirect_is(&r, "/"));
	resp_free(&r);
	return c;
}

/* The loket_sid value of a response's Set-Cookie, or NULL. */
static char *set_cookie_sid(struct resp *r)
{
	char *h = resp_header(r, "Set-Cookie"), *v = NULL;

	if (h && !strncmp(h, "loket_sid=", 10))
		v = strndup(h + 10, strcspn(h + 10, ";"));
	free(h);
	return v;
}

/* ---- login ------------------------------------------------------------------ */

static void test_login_success(void **st)
{
	const char *nik = "3326071505900001";
	struct client *c = client_new(&S);
	struct resp r;
	struct form f;
	char *anon, *sid;

	(void)st;
	make_account(nik, "aktif");
	assert_int_equal(client_get(c, "/pemohon/login", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Login Pemohon"));
	assert_true(resp_has(&r, "name=\"nik\""));
	assert_true(resp_has(&r, "data-toggle-password=\"password\""));
	assert_true(resp_has(&r, "Belum mempunyai Akun?"));
	assert_true(resp_has(&r, "href=\"/pemohon/daftar\""));
	assert_true(resp_has(&r, "href=\"/pemohon/lupa-password\""));
	anon = set_cookie_sid(&r);
	assert_non_null(anon);
	f.csrf = html_field(r.body, "csrf");
	f.captcha_id = html_field(r.body, "captcha_id");
	f.captcha = html_captcha_answer(r.body);
	resp_free(&r);
	assert_int_equal(client_post(c, "/pemohon/login", &r, "csrf", f.csrf, "captcha_id", f.captcha_id,
				     "captcha", f.captcha, "nik", nik, "password", PASSWORD, NULL), 0);
	form_free(&f);
	assert_true(redirect_is(&r, "/"));
	sid = set_cookie_sid(&r);
	assert_non_null(sid);
	assert_true(strlen(sid) > 20);
	assert_string_not_equal(sid, anon);
	resp_free(&r);
	assert_int_equal(pemohon_sessions(nik), 1);

	assert_int_equal(client_get(c, "/", &r), 0);
	assert_true(resp_has(&r, "Selamat datang Siti Aminah"));
	assert_true(resp_has(&r, "Login berhasil."));
	resp_free(&r);
	/* already logged in: the login page leads to the account */
	assert_int_equal(client_get(c, "/pemohon/login", &r), 0);
	assert_true(redirect_is(&r, "/pemohon/akun"));
	resp_free(&r);
	free(anon);
	free(sid);
	client_free(c);
}

static void test_bad_login_wrong_password(void **st)
{
	const char *nik = "3326071505900002";
	struct client *c = client_new(&S);
	struct resp r;
	long long thr, sess;
	char *v;

	(void)st;
	make_account(nik, "aktif");
	thr = srv_count(&S, "throttle");
	sess = srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'pemohon'");
	post_login(c, nik, "Salah-123", NULL, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, MSG_BAD_LOGIN));
	v = html_field(r.body, "nik");
	assert_string_equal(v, nik);
	free(v);
	v = html_field(r.body, "password");
	assert_string_equal(v, "");
	free(v);
	assert_false(resp_has(&r, "Salah-123"));
	resp_free(&r);
	/* only the failure counters changed */
	assert_true(srv_count(&S, "throttle") > thr);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'pemohon'"), sess);
	assert_int_equal(pemohon_sessions(nik), 0);
	client_free(c);
}

static void test_bad_login_unknown_nik_same_message(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	long long sess = srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'pemohon'");

	(void)st;
	post_login(c, "3326071505909999", PASSWORD, NULL, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, MSG_BAD_LOGIN));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'pemohon'"), sess);
	client_free(c);
}

static void test_bad_login_malformed_nik(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	long long sess = srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'pemohon'");
	char *v;

	(void)st;
	post_login(c, "33260715", PASSWORD, NULL, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "NIK harus 16 digit angka."));
	assert_true(resp_has(&r, "is-invalid"));
	v = html_field(r.body, "nik");
	assert_string_equal(v, "33260715");
	free(v);
	resp_free(&r);
	post_login(c, "", PASSWORD, NULL, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "NIK wajib diisi."));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'pemohon'"), sess);
	client_free(c);
}

static void test_bad_login_wrong_captcha(void **st)
{
	const char *nik = "3326071505900003";
	struct client *c = client_new(&S);
	struct resp r;
	long long thr;

	(void)st;
	make_account(nik, "aktif");
	thr = srv_count(&S, "throttle");
	post_login(c, nik, PASSWORD, "-999", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Jawaban hitungan salah."));
	assert_false(resp_has(&r, MSG_BAD_LOGIN));
	/* a new question comes with the form */
	assert_non_null(strstr(r.body, "Berapa "));
	resp_free(&r);
	/* a wrong captcha changes nothing: no session, no failure counted */
	assert_int_equal(pemohon_sessions(nik), 0);
	assert_int_equal(srv_count(&S, "throttle"), thr);
	client_free(c);
}

static void test_bad_login_missing_csrf(void **st)
{
	const char *nik = "3326071505900004";
	struct client *c = client_new(&S);
	struct resp r;
	struct form f;
	long long thr;

	(void)st;
	make_account(nik, "aktif");
	thr = srv_count(&S, "throttle");
	assert_int_equal(form_fetch(c, "/pemohon/login", &f), 0);
	assert_int_equal(client_post(c, "/pemohon/login", &r, "captcha_id", f.captcha_id, "captcha", f.captcha,
				     "nik", nik, "password", PASSWORD, NULL), 0);
	assert_int_equal(r.status, 403);
	assert_true(resp_has(&r, "Formulir sudah kedaluwarsa"));
	resp_free(&r);
	form_free(&f);
	assert_int_equal(pemohon_sessions(nik), 0);
	assert_int_equal(srv_count(&S, "throttle"), thr);
	client_free(c);
}

/* Failures of one account from one address make that pair wait, 1 s
 * after the fourth and doubling: never a lockout of fixed length. */
static void test_bad_login_pair_waits_after_three_failures(void **st)
{
	const char *nik = "3326071505900005";
	struct client *c = client_new(&S);
	struct resp r;
	char *retry;
	int i;

	(void)st;
	make_account(nik, "aktif");
	for (i = 0; i < 4; i++) {
		post_login(c, nik, "Salah-123", NULL, &r);
		assert_int_equal(r.status, 422);
		assert_true(resp_has(&r, MSG_BAD_LOGIN));
		resp_free(&r);
	}
	/* at once after the fourth: wait a second (whole seconds, rounded up),
	 * even with the right password */
	post_login(c, nik, PASSWORD, NULL, &r);
	assert_int_equal(r.status, 429);
	assert_true(resp_has(&r, "Silakan coba lagi dalam "));
	retry = resp_header(&r, "Retry-After");
	assert_non_null(retry);
	assert_in_range(atol(retry), 1, 2);
	{
		char said[64];

		snprintf(said, sizeof said, "Silakan coba lagi dalam %ld detik", atol(retry));
		assert_true(resp_has(&r, said));
	}
	resp_free(&r);
	assert_int_equal(pemohon_sessions(nik), 0);
	/* after the wait the owner is in */
	usleep((useconds_t)(atol(retry) * 1000000L + 200000L));
	free(retry);
	post_login(c, nik, PASSWORD, NULL, &r);
	assert_true(redirect_is(&r, "/"));
	resp_free(&r);
	assert_int_equal(pemohon_sessions(nik), 1);
	client_free(c);
}

static void test_login_pending_account_told(void **st)
{
	const char *nik = "3326071505900006";
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	make_account(nik, "menunggu");
	post_login(c, nik, PASSWORD, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "belum aktif"));
	assert_true(resp_has(&r, "menunggu verifikasi"));
	resp_free(&r);
	assert_int_equal(srv_db_exec(&S, "UPDATE pemohon SET status = 'disetujui' WHERE nik = '%s'", nik), 0);
	post_login(c, nik, PASSWORD, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "disetujui"));
	assert_true(resp_has(&r, "link aktivasi"));
	resp_free(&r);
	/* the status is told only with the right password */
	post_login(c, nik, "Salah-123", NULL, &r);
	assert_int_equal(r.status, 422);
	assert_false(resp_has(&r, "disetujui"));
	resp_free(&r);
	assert_int_equal(pemohon_sessions(nik), 0);
	assert_int_equal(client_get(c, "/pemohon/akun", &r), 0);
	assert_true(redirect_is(&r, "/pemohon/login"));
	resp_free(&r);
	client_free(c);
}

static void test_login_rejected_account_daftar_ulang(void **st)
{
	const char *nik = "3326071505900007";
	struct client *c = client_new(&S);
	struct resp r;
	long long id;
	char *v;

	(void)st;
	make_account(nik, "ditolak");
	assert_int_equal(srv_db_exec(&S, "UPDATE pemohon SET alasan_tolak = 'Foto KK tidak terbaca, <mohon> unggah ulang.' WHERE nik = '%s'", nik), 0);
	id = srv_id(&S, "pemohon", "nik", nik);
	post_login(c, nik, PASSWORD, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Tidak Disetujui"));
	assert_true(resp_has(&r, "Foto KK tidak terbaca, &lt;mohon&gt; unggah ulang."));
	assert_true(resp_has(&r, "Siti Aminah"));
	assert_true(resp_has(&r, "3326********0007"));
	assert_true(resp_has(&r, "href=\"/pemohon/daftar?ulang=1\""));
	assert_true(resp_has(&r, "Daftar Ulang"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE daftar_ulang_id = %lld", id), 1);
	assert_int_equal(pemohon_sessions(nik), 0);
	/* the session carrying daftar_ulang_id is this browser's: Daftar Ulang
	 * opens the registration form filled with the rejected data */
	assert_int_equal(client_get(c, "/pemohon/daftar?ulang=1", &r), 0);
	assert_int_equal(r.status, 200);
	v = html_field(r.body, "nik");
	assert_non_null(v);
	assert_string_equal(v, nik);
	free(v);
	resp_free(&r);
	assert_int_equal(client_get(c, "/pemohon/akun", &r), 0);
	assert_true(redirect_is(&r, "/pemohon/login"));
	resp_free(&r);
	client_free(c);
}

static void test_logout_ends_session(void **st)
{
	const char *nik = "3326071505900008";
	struct client *c;
	struct resp r;
	char *csrf;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	csrf = page_field(c, "/pemohon/akun", "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_get(c, "/pemohon/akun", &r), 0);
	assert_true(resp_has(&r, "action=\"/pemohon/logout\""));
	resp_free(&r);
	assert_int_equal(client_post(c, "/pemohon/logout", &r, "csrf", csrf, NULL), 0);
	assert_true(redirect_is(&r, "/"));
	resp_free(&r);
	assert_int_equal(pemohon_sessions(nik), 0);
	assert_int_equal(client_get(c, "/", &r), 0);
	assert_true(resp_has(&r, "Anda telah keluar."));
	assert_false(resp_has(&r, "Selamat datang"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/pemohon/akun", &r), 0);
	assert_true(redirect_is(&r, "/pemohon/login"));
	resp_free(&r);
	free(csrf);
	client_free(c);
}

static void test_bad_logout_without_csrf(void **st)
{
	const char *nik = "3326071505900009";
	struct client *c;
	struct resp r;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	assert_int_equal(client_post(c, "/pemohon/logout", &r, "x", "1", NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(pemohon_sessions(nik), 1);
	client_free(c);
}

/* ---- account pages ------------------------------------------------------------ */

static void test_account_pages_require_login(void **st)
{
	static const char *const paths[] = { "/pemohon/akun", "/pemohon/akun/hp", "/pemohon/akun/email",
					     "/pemohon/akun/password" };
	struct client *c = client_new(&S);
	struct resp r;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(client_get(c, paths[i], &r), 0);
		assert_true(redirect_is(&r, "/pemohon/login"));
		resp_free(&r);
	}
	assert_int_equal(client_get(c, "/pemohon/login", &r), 0);
	assert_true(resp_has(&r, "Silakan login terlebih dahulu."));
	resp_free(&r);
	client_free(c);
}

static void test_account_detail_masked(void **st)
{
	const char *nik = "3326071505900010";
	struct client *c;
	struct resp r;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	assert_int_equal(client_get(c, "/pemohon/akun", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Detail Pemohon"));
	assert_true(resp_has(&r, "3326********0010"));
	assert_false(resp_has(&r, nik));
	assert_false(resp_has(&r, KK));
	assert_true(resp_has(&r, "3326********0009"));
	assert_true(resp_has(&r, "Siti Aminah"));
	assert_true(resp_has(&r, "Pekalongan, 15-05-1990"));
	assert_true(resp_has(&r, "Karangsari"));
	assert_true(resp_has(&r, "Karanganyar"));
	assert_true(resp_has(&r, "Kabupaten Pekalongan"));
	assert_true(resp_has(&r, "Jawa Tengah"));
	assert_true(resp_has(&r, "081234567890"));
	assert_true(resp_has(&r, "siti@example.com"));
	assert_true(resp_has(&r, "href=\"/pemohon/akun/hp\""));
	assert_true(resp_has(&r, "href=\"/pemohon/akun/email\""));
	assert_true(resp_has(&r, "href=\"/pemohon/akun/password\""));
	resp_free(&r);
	client_free(c);
}

/* ---- change of phone number / e-mail --------------------------------------------- */

/* Posts aksi=kirim with the new value; returns the response status. */
static long contact_send(struct client *c, const char *path, const char *field, const char *value)
{
	struct resp r;
	char *csrf = page_field(c, path, "csrf");
	long status;

	assert_non_null(csrf);
	assert_int_equal(client_post(c, path, &r, "csrf", csrf, "aksi", "kirim", field, value, NULL), 0);
	status = r.status;
	if (status == 303)
		assert_true(redirect_is(&r, path));
	resp_free(&r);
	free(csrf);
	return status;
}

static void contact_confirm(struct client *c, const char *path, const char *code, struct resp *r)
{
	char *csrf = page_field(c, path, "csrf");

	assert_non_null(csrf);
	assert_int_equal(client_post(c, path, r, "csrf", csrf, "aksi", "simpan", "kode", code, NULL), 0);
	free(csrf);
}

/* A six-digit code that is not code. */
static void wrong_code(const char *code, char out[7])
{
	int i;

	/* change every digit: the result stays six digits */
	for (i = 0; i < 6; i++)
		out[i] = (char)('0' + (code[i] - '0' + 1) % 10);
	out[6] = '\0';
}

static void test_change_phone(void **st)
{
	const char *nik = "3326071505900011";
	struct client *c;
	struct resp r;
	char *code, *hp;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	assert_int_equal(client_get(c, "/pemohon/akun/hp", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Nomor HP Lama"));
	assert_true(resp_has(&r, "081234567890"));
	assert_true(resp_has(&r, "3326********0011"));
	assert_true(resp_has(&r, "Kirim Kode"));
	assert_false(resp_has(&r, nik));
	resp_free(&r);
	assert_int_equal(contact_send(c, "/pemohon/akun/hp", "no_hp", "0812-9876-5401"), 303);
	code = outbox_code(&S, "6281298765401");
	assert_non_null(code);
	assert_int_equal(client_get(c, "/pemohon/akun/hp", &r), 0);
	assert_true(resp_has(&r, "Kode telah dikirim melalui WhatsApp ke nomor 081298765401"));
	assert_true(resp_has(&r, "name=\"kode\""));
	assert_true(resp_has(&r, "autocomplete=\"one-time-code\""));
	assert_true(resp_has(&r, "Simpan"));
	resp_free(&r);
	contact_confirm(c, "/pemohon/akun/hp", code, &r);
	assert_true(redirect_is(&r, "/pemohon/akun"));
	resp_free(&r);
	hp = srv_db_text(&S, "SELECT no_hp FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(hp, "6281298765401");
	free(hp);
	assert_int_equal(client_get(c, "/pemohon/akun", &r), 0);
	assert_true(resp_has(&r, "Nomor HP berhasil disimpan."));
	assert_true(resp_has(&r, "081298765401"));
	resp_free(&r);
	free(code);
	client_free(c);
}

static void test_bad_change_phone_wrong_code(void **st)
{
	const char *nik = "3326071505900012";
	struct client *c;
	struct resp r;
	char *code, *hp, bad[7];

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	assert_int_equal(contact_send(c, "/pemohon/akun/hp", "no_hp", "081298765402"), 303);
	code = outbox_code(&S, "6281298765402");
	assert_non_null(code);
	wrong_code(code, bad);
	contact_confirm(c, "/pemohon/akun/hp", bad, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode salah. Periksa kembali kode yang Anda terima."));
	assert_true(resp_has(&r, "is-invalid"));
	/* still on step 2 */
	assert_true(resp_has(&r, "name=\"kode\""));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT percobaan FROM kode_verifikasi WHERE pemohon_id = %lld AND jenis = 'hp'",
			       srv_id(&S, "pemohon", "nik", nik)), 1);
	hp = srv_db_text(&S, "SELECT no_hp FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(hp, "6281234567890");
	free(hp);
	/* a malformed code is not counted */
	contact_confirm(c, "/pemohon/akun/hp", "12ab", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode harus 6 digit angka."));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT percobaan FROM kode_verifikasi WHERE pemohon_id = %lld AND jenis = 'hp'",
			       srv_id(&S, "pemohon", "nik", nik)), 1);
	free(code);
	client_free(c);
}

static void test_bad_change_phone_five_wrong_codes_lock(void **st)
{
	const char *nik = "3326071505900013";
	struct client *c;
	struct resp r;
	char *code, *hp, bad[7];
	int i;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	assert_int_equal(contact_send(c, "/pemohon/akun/hp", "no_hp", "081298765403"), 303);
	code = outbox_code(&S, "6281298765403");
	assert_non_null(code);
	wrong_code(code, bad);
	for (i = 0; i < 4; i++) {
		contact_confirm(c, "/pemohon/akun/hp", bad, &r);
		assert_int_equal(r.status, 422);
		assert_true(resp_has(&r, "Kode salah. Periksa kembali"));
		resp_free(&r);
	}
	contact_confirm(c, "/pemohon/akun/hp", bad, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode salah 5 kali."));
	/* back to step 1 */
	assert_true(resp_has(&r, "Nomor HP Baru"));
	resp_free(&r);
	/* the right code is useless now */
	contact_confirm(c, "/pemohon/akun/hp", code, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode sudah tidak berlaku."));
	resp_free(&r);
	hp = srv_db_text(&S, "SELECT no_hp FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(hp, "6281234567890");
	free(hp);
	free(code);
	client_free(c);
}

static void test_bad_change_phone_expired_code(void **st)
{
	const char *nik = "3326071505900014";
	struct client *c;
	struct resp r;
	char *code, *hp;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	assert_int_equal(contact_send(c, "/pemohon/akun/hp", "no_hp", "081298765404"), 303);
	code = outbox_code(&S, "6281298765404");
	assert_non_null(code);
	assert_int_equal(srv_db_exec(&S, "UPDATE kode_verifikasi SET expires_at = 0 WHERE pemohon_id = %lld",
				     srv_id(&S, "pemohon", "nik", nik)), 0);
	contact_confirm(c, "/pemohon/akun/hp", code, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode sudah tidak berlaku. Silakan kirim kode baru."));
	resp_free(&r);
	hp = srv_db_text(&S, "SELECT no_hp FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(hp, "6281234567890");
	free(hp);
	free(code);
	client_free(c);
}

static void test_bad_change_phone_invalid_number(void **st)
{
	const char *nik = "3326071505900015";
	struct client *c;
	struct resp r;
	char *csrf, *hp, *v;
	long long codes, out;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	codes = srv_db_int(&S, "SELECT COUNT(*) FROM kode_verifikasi");
	out = srv_count(&S, "outbox");
	csrf = page_field(c, "/pemohon/akun/hp", "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(c, "/pemohon/akun/hp", &r, "csrf", csrf, "aksi", "kirim", "no_hp", "12345",
				     NULL), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Nomor HP harus nomor seluler Indonesia"));
	v = html_field(r.body, "no_hp");
	assert_string_equal(v, "12345");
	free(v);
	resp_free(&r);
	/* the registered number is not a new one */
	assert_int_equal(client_post(c, "/pemohon/akun/hp", &r, "csrf", csrf, "aksi", "kirim", "no_hp",
				     "081234567890", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Nomor HP baru sama dengan nomor HP yang terdaftar."));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM kode_verifikasi"), codes);
	assert_int_equal(srv_count(&S, "outbox"), out);
	hp = srv_db_text(&S, "SELECT no_hp FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(hp, "6281234567890");
	free(hp);
	free(csrf);
	client_free(c);
}

static void test_change_email(void **st)
{
	const char *nik = "3326071505900016";
	struct client *c;
	struct resp r;
	char *code, *email;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	assert_int_equal(client_get(c, "/pemohon/akun/email", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Email Lama"));
	assert_true(resp_has(&r, "siti@example.com"));
	resp_free(&r);
	assert_int_equal(contact_send(c, "/pemohon/akun/email", "email", "siti.baru16@example.com"), 303);
	code = outbox_code(&S, "siti.baru16@example.com");
	assert_non_null(code);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND recipient = "
			       "'siti.baru16@example.com'"), 1);
	assert_int_equal(client_get(c, "/pemohon/akun/email", &r), 0);
	assert_true(resp_has(&r, "Kode telah dikirim melalui email ke alamat siti.baru16@example.com"));
	resp_free(&r);
	contact_confirm(c, "/pemohon/akun/email", code, &r);
	assert_true(redirect_is(&r, "/pemohon/akun"));
	resp_free(&r);
	email = srv_db_text(&S, "SELECT email FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(email, "siti.baru16@example.com");
	free(email);
	assert_int_equal(client_get(c, "/pemohon/akun", &r), 0);
	assert_true(resp_has(&r, "Email berhasil disimpan."));
	assert_true(resp_has(&r, "siti.baru16@example.com"));
	resp_free(&r);
	free(code);
	client_free(c);
}

static void test_bad_change_email_wrong_code(void **st)
{
	const char *nik = "3326071505900017";
	struct client *c;
	struct resp r;
	char *code, *email, bad[7];

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	assert_int_equal(contact_send(c, "/pemohon/akun/email", "email", "siti.baru17@example.com"), 303);
	code = outbox_code(&S, "siti.baru17@example.com");
	assert_non_null(code);
	wrong_code(code, bad);
	contact_confirm(c, "/pemohon/akun/email", bad, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode salah. Periksa kembali kode yang Anda terima."));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT percobaan FROM kode_verifikasi WHERE pemohon_id = %lld AND jenis = 'email'",
			       srv_id(&S, "pemohon", "nik", nik)), 1);
	email = srv_db_text(&S, "SELECT email FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(email, "siti@example.com");
	free(email);
	free(code);
	client_free(c);
}

static void test_bad_change_email_invalid_address(void **st)
{
	const char *nik = "3326071505900018";
	struct client *c;
	struct resp r;
	char *csrf, *email;
	long long codes, out;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	codes = srv_db_int(&S, "SELECT COUNT(*) FROM kode_verifikasi");
	out = srv_count(&S, "outbox");
	csrf = page_field(c, "/pemohon/akun/email", "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(c, "/pemohon/akun/email", &r, "csrf", csrf, "aksi", "kirim", "email",
				     "bukan-email", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Alamat email tidak valid"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM kode_verifikasi"), codes);
	assert_int_equal(srv_count(&S, "outbox"), out);
	email = srv_db_text(&S, "SELECT email FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(email, "siti@example.com");
	free(email);
	free(csrf);
	client_free(c);
}

/* ---- change of password -------------------------------------------------------- */

static void post_password(struct client *c, const char *old, const char *pw, const char *pw2, struct resp *r)
{
	char *csrf = page_field(c, "/pemohon/akun/password", "csrf");

	assert_non_null(csrf);
	assert_int_equal(client_post(c, "/pemohon/akun/password", r, "csrf", csrf, "password_lama", old,
				     "password", pw, "password2", pw2, NULL), 0);
	free(csrf);
}

static void test_bad_change_password(void **st)
{
	const char *nik = "3326071505900019";
	struct client *c;
	struct resp r;
	char *before, *after;

	(void)st;
	make_account(nik, "aktif");
	before = srv_db_text(&S, "SELECT password_hash FROM pemohon WHERE nik = '%s'", nik);
	c = logged_in(nik, PASSWORD);
	assert_int_equal(client_get(c, "/pemohon/akun/password", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Kata Kunci Lama"));
	assert_true(resp_has(&r, "Ulangi Kata Kunci"));
	assert_true(resp_has(&r, "Mengandung huruf besar / kapital."));
	assert_true(resp_has(&r, "3326********0019"));
	resp_free(&r);

	post_password(c, "Salah-123", NEW_PASSWORD, NEW_PASSWORD, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kata kunci lama salah."));
	assert_false(resp_has(&r, NEW_PASSWORD));
	resp_free(&r);

	post_password(c, PASSWORD, "abc", "abc", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kata kunci belum memenuhi ketentuan: minimal 8 karakter"));
	resp_free(&r);

	post_password(c, PASSWORD, NEW_PASSWORD, "Mawar-2026!", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Ulangi kata kunci harus sama dengan kata kunci."));
	resp_free(&r);

	post_password(c, PASSWORD, PASSWORD, PASSWORD, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kata kunci baru harus berbeda dengan kata kunci lama."));
	resp_free(&r);

	after = srv_db_text(&S, "SELECT password_hash FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(before, after);
	free(before);
	free(after);
	client_free(c);
}

static void test_change_password(void **st)
{
	const char *nik = "3326071505900020";
	struct client *c, *d;
	struct resp r;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	post_password(c, PASSWORD, NEW_PASSWORD, NEW_PASSWORD, &r);
	assert_true(redirect_is(&r, "/pemohon/akun"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/pemohon/akun", &r), 0);
	assert_true(resp_has(&r, "Kata kunci berhasil diganti."));
	resp_free(&r);
	client_free(c);

	d = client_new(&S);
	post_login(d, nik, PASSWORD, NULL, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, MSG_BAD_LOGIN));
	resp_free(&r);
	post_login(d, nik, NEW_PASSWORD, NULL, &r);
	assert_true(redirect_is(&r, "/"));
	resp_free(&r);
	client_free(d);
}

static void test_change_password_ends_other_sessions(void **st)
{
	const char *nik = "3326071505900091";
	struct client *a, *b;
	struct resp r;

	(void)st;
	make_account(nik, "aktif");
	a = logged_in(nik, PASSWORD);
	b = logged_in(nik, PASSWORD);
	post_password(a, PASSWORD, NEW_PASSWORD, NEW_PASSWORD, &r);
	assert_true(redirect_is(&r, "/pemohon/akun"));
	resp_free(&r);
	/* the browser that changed it stays logged in ... */
	assert_int_equal(client_get(a, "/pemohon/akun", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	/* ... the other one is logged out */
	assert_int_equal(client_get(b, "/pemohon/akun", &r), 0);
	assert_true(redirect_is(&r, "/pemohon/login"));
	resp_free(&r);
	assert_int_equal(pemohon_sessions(nik), 1);
	client_free(a);
	client_free(b);
}

static void test_bad_change_password_guessing_locked(void **st)
{
	const char *nik = "3326071505900092";
	struct client *c;
	struct resp r;
	char *before, *after;
	int i;

	(void)st;
	make_account(nik, "aktif");
	before = srv_db_text(&S, "SELECT password_hash FROM pemohon WHERE nik = '%s'", nik);
	c = logged_in(nik, PASSWORD);
	for (i = 0; i < 4; i++) {
		post_password(c, "Salah-123", NEW_PASSWORD, NEW_PASSWORD, &r);
		assert_int_equal(r.status, 422);
		resp_free(&r);
	}
	post_password(c, "Salah-123", NEW_PASSWORD, NEW_PASSWORD, &r);
	assert_int_equal(r.status, 429);
	resp_free(&r);
	/* locked: even the right old password is refused for now */
	post_password(c, PASSWORD, NEW_PASSWORD, NEW_PASSWORD, &r);
	assert_int_equal(r.status, 429);
	assert_true(resp_has(&r, "Terlalu banyak percobaan"));
	resp_free(&r);
	after = srv_db_text(&S, "SELECT password_hash FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(before, after);
	free(before);
	free(after);
	client_free(c);
}

static void test_bad_change_phone_too_many_codes(void **st)
{
	const char *nik = "3326071505900093";
	struct client *c;
	long long sent;

	(void)st;
	make_account(nik, "aktif");
	c = logged_in(nik, PASSWORD);
	assert_int_equal(contact_send(c, "/pemohon/akun/hp", "no_hp", "081299990001"), 303);
	assert_int_equal(contact_send(c, "/pemohon/akun/hp", "no_hp", "081299990002"), 303);
	assert_int_equal(contact_send(c, "/pemohon/akun/hp", "no_hp", "081299990003"), 303);
	sent = srv_count(&S, "outbox");
	assert_int_equal(contact_send(c, "/pemohon/akun/hp", "no_hp", "081299990004"), 429);
	assert_int_equal(srv_count(&S, "outbox"), sent);
	/* e-mail codes are counted separately */
	assert_int_equal(contact_send(c, "/pemohon/akun/email", "email", "baru@example.com"), 303);
	client_free(c);
}

/* ---- forgotten password ---------------------------------------------------------- */

static void post_lupa(struct client *c, const char *nik, const char *nama, const char *hp,
		      const char *captcha_answer, struct resp *r)
{
	struct form f;

	assert_int_equal(form_fetch(c, "/pemohon/lupa-password", &f), 0);
	assert_int_equal(client_post(c, "/pemohon/lupa-password", r, "csrf", f.csrf, "captcha_id", f.captcha_id,
				     "captcha", captcha_answer ? captcha_answer : f.captcha, "nik", nik,
				     "nama", nama, "no_hp", hp, NULL), 0);
	form_free(&f);
}

/* Cuts what follows each start marker up to the stop character. */
static void cut_after(char *s, const char *start, char stop)
{
	char *p = s, *q;

	while ((p = strstr(p, start))) {
		p += strlen(start);
		q = p;
		while (*q && *q != stop)
			q++;
		memmove(p, q, strlen(q) + 1);
	}
}

static void strip_captcha(char *html)
{
	cut_after(html, "<span class=\"captcha-q\">", '<');
	cut_after(html, "name=\"captcha_id\" value=\"", '"');
}

static void test_forgot_same_answer_match_or_not(void **st)
{
	const char *nik = "3326071505900021";
	struct client *c = client_new(&S);
	struct resp a, b, pa, pb;
	char *la, *lb, *ca, *cb;
	long long out, tokens;

	(void)st;
	make_account(nik, "aktif");
	out = srv_count(&S, "outbox");
	tokens = srv_db_int(&S, "SELECT COUNT(*) FROM token WHERE jenis = 'reset'");
	/* wrong name: well-formed, no match */
	post_lupa(c, nik, "Siti Aminah Salah", "081234567890", NULL, &a);
	assert_int_equal(client_get(c, "/pemohon/lupa-password", &pa), 0);
	assert_int_equal(srv_count(&S, "outbox"), out);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token WHERE jenis = 'reset'"), tokens);
	/* matching data (name case ignored) */
	post_lupa(c, nik, "SITI AMINAH", "0812-3456-7890", NULL, &b);
	assert_int_equal(client_get(c, "/pemohon/lupa-password", &pb), 0);
	assert_int_equal(srv_count(&S, "outbox"), out + 2);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token WHERE jenis = 'reset'"), tokens + 1);

	assert_int_equal(a.status, 303);
	assert_int_equal(b.status, 303);
	la = resp_header(&a, "Location");
	lb = resp_header(&b, "Location");
	assert_string_equal(la, lb);
	ca = resp_header(&a, "Set-Cookie");
	cb = resp_header(&b, "Set-Cookie");
	assert_null(ca);
	assert_null(cb);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.body, b.body, a.len);

	assert_int_equal(pa.status, 200);
	assert_int_equal(pb.status, 200);
	assert_true(resp_has(&pa, MSG_FORGOT));
	strip_captcha(pa.body);
	strip_captcha(pb.body);
	assert_string_equal(pa.body, pb.body);
	free(la);
	free(lb);
	resp_free(&a);
	resp_free(&b);
	resp_free(&pa);
	resp_free(&pb);
	client_free(c);
}

static void test_bad_forgot_malformed(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	long long out = srv_count(&S, "outbox"), tokens = srv_db_int(&S, "SELECT COUNT(*) FROM token");
	char *v;

	(void)st;
	post_lupa(c, "1234", "", "999", NULL, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "NIK harus 16 digit angka."));
	assert_true(resp_has(&r, "Nama lengkap wajib diisi."));
	assert_true(resp_has(&r, "Nomor HP harus nomor seluler Indonesia"));
	assert_false(resp_has(&r, MSG_FORGOT));
	v = html_field(r.body, "nik");
	assert_string_equal(v, "1234");
	free(v);
	resp_free(&r);
	assert_int_equal(srv_count(&S, "outbox"), out);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token"), tokens);
	client_free(c);
}

static void test_bad_forgot_wrong_captcha(void **st)
{
	const char *nik = "3326071505900022";
	struct client *c = client_new(&S);
	struct resp r;
	long long out, tokens;

	(void)st;
	make_account(nik, "aktif");
	out = srv_count(&S, "outbox");
	tokens = srv_db_int(&S, "SELECT COUNT(*) FROM token");
	post_lupa(c, nik, "Siti Aminah", "081234567890", "-999", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Jawaban hitungan salah."));
	resp_free(&r);
	assert_int_equal(srv_count(&S, "outbox"), out);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token"), tokens);
	client_free(c);
}

/* Outbox lines (as written by the delivery job) that carry a reset link. */
static size_t reset_messages(void)
{
	char **lines;
	size_t n = outbox_lines(&S, 0, &lines), i, k = 0;

	for (i = 0; i < n; i++)
		k += strstr(lines[i], "/pemohon/reset/") != NULL;
	outbox_free(lines, n);
	return k;
}

/* Asks for a reset link for nik and returns its path (caller frees). */
static char *reset_link(const char *nik)
{
	struct client *c = client_new(&S);
	struct resp r;
	char *link, *path;
	const char *prefix;
	size_t before = reset_messages();
	long long tokens = srv_db_int(&S, "SELECT COUNT(*) FROM token WHERE jenis = 'reset'");
	int tries;

	post_lupa(c, nik, "Siti Aminah", "081234567890", NULL, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	client_free(c);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token WHERE jenis = 'reset'"), tokens + 1);
	/* the outbox file is written by a background job: wait for this
	 * request's messages, not those of an earlier test */
	for (tries = 0; tries < 100 && reset_messages() <= before; tries++)
		usleep(50000);
	assert_true(reset_messages() > before);
	link = outbox_link(&S, "/pemohon/reset/");
	assert_non_null(link);
	/* base_url is unset in the harness: links follow the listen address */
	prefix = pathf("http://127.0.0.1:%d/pemohon/reset/", S.port);
	assert_true(!strncmp(link, prefix, strlen(prefix)));
	path = strdup(strstr(link, "/pemohon/reset/"));
	free(link);
	return path;
}

static void post_reset(struct client *c, const char *path, const char *kk, const char *pw, struct resp *r)
{
	char *csrf = page_field(c, path, "csrf");

	assert_non_null(csrf);
	assert_int_equal(client_post(c, path, r, "csrf", csrf, "no_kk", kk, "password", pw, "password2", pw, NULL), 0);
	free(csrf);
}

static void test_bad_reset_wrong_kk(void **st)
{
	const char *nik = "3326071505900023";
	struct client *c = client_new(&S);
	struct resp r;
	char *path, *before, *after, *v;

	(void)st;
	make_account(nik, "aktif");
	before = srv_db_text(&S, "SELECT password_hash FROM pemohon WHERE nik = '%s'", nik);
	path = reset_link(nik);
	assert_int_equal(client_get(c, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Nomor KK"));
	assert_true(resp_has(&r, "Ganti Password"));
	resp_free(&r);
	post_reset(c, path, "3326071409230001", NEW_PASSWORD, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Nomor KK tidak sesuai dengan data akun."));
	v = html_field(r.body, "password");
	assert_string_equal(v, "");
	free(v);
	resp_free(&r);
	/* a weak password: the token stays live, nothing counted */
	post_reset(c, path, KK, "abc", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kata kunci belum memenuhi ketentuan"));
	resp_free(&r);
	after = srv_db_text(&S, "SELECT password_hash FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(before, after);
	assert_int_equal(srv_db_int(&S, "SELECT percobaan FROM token WHERE jenis = 'reset' AND pemohon_id = %lld",
			       srv_id(&S, "pemohon", "nik", nik)), 1);
	free(before);
	free(after);
	free(path);
	client_free(c);
}

static void test_bad_reset_kk_tries_burn_link(void **st)
{
	const char *nik = "3326071505900024";
	struct client *c = client_new(&S);
	struct resp r;
	char *path;
	int i;

	(void)st;
	make_account(nik, "aktif");
	path = reset_link(nik);
	for (i = 0; i < 4; i++) {
		post_reset(c, path, "3326071409230001", NEW_PASSWORD, &r);
		assert_int_equal(r.status, 422);
		resp_free(&r);
	}
	post_reset(c, path, "3326071409230001", NEW_PASSWORD, &r);
	assert_int_equal(r.status, 429);
	assert_true(resp_has(&r, "href=\"/pemohon/lupa-password\""));
	resp_free(&r);
	assert_int_equal(client_get(c, path, &r), 0);
	assert_int_equal(r.status, 410);
	assert_true(resp_has(&r, MSG_RESET_BAD));
	resp_free(&r);
	free(path);
	client_free(c);
}

static void test_reset_password_single_use(void **st)
{
	const char *nik = "3326071505900025";
	struct client *c = client_new(&S), *d;
	struct resp r;
	char *path, *csrf;

	(void)st;
	make_account(nik, "aktif");
	path = reset_link(nik);
	post_reset(c, path, KK, NEW_PASSWORD, &r);
	assert_true(redirect_is(&r, "/pemohon/login"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/pemohon/login", &r), 0);
	assert_true(resp_has(&r, "Kata kunci berhasil diganti. Silakan login dengan kata kunci baru."));
	resp_free(&r);
	/* the link works once */
	assert_int_equal(client_get(c, path, &r), 0);
	assert_int_equal(r.status, 410);
	assert_true(resp_has(&r, MSG_RESET_BAD));
	assert_true(resp_has(&r, "href=\"/pemohon/lupa-password\""));
	resp_free(&r);
	csrf = page_field(c, "/pemohon/login", "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(c, path, &r, "csrf", csrf, "no_kk", KK, "password", "Maret-2025",
				     "password2", "Maret-2025", NULL), 0);
	assert_int_equal(r.status, 410);
	resp_free(&r);
	free(csrf);

	d = client_new(&S);
	post_login(d, nik, PASSWORD, NULL, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	post_login(d, nik, NEW_PASSWORD, NULL, &r);
	assert_true(redirect_is(&r, "/"));
	resp_free(&r);
	client_free(d);
	free(path);
	client_free(c);
}

static void test_bad_reset_expired_or_unknown_token(void **st)
{
	const char *nik = "3326071505900026";
	struct client *c = client_new(&S);
	struct resp r;
	char *path, *before, *after, *csrf;

	(void)st;
	make_account(nik, "aktif");
	before = srv_db_text(&S, "SELECT password_hash FROM pemohon WHERE nik = '%s'", nik);
	path = reset_link(nik);
	csrf = page_field(c, path, "csrf");
	assert_non_null(csrf);
	assert_int_equal(srv_db_exec(&S, "UPDATE token SET expires_at = 0 WHERE jenis = 'reset' AND pemohon_id = %lld",
				     srv_id(&S, "pemohon", "nik", nik)), 0);
	assert_int_equal(client_get(c, path, &r), 0);
	assert_int_equal(r.status, 410);
	assert_true(resp_has(&r, MSG_RESET_BAD));
	assert_false(resp_has(&r, "name=\"no_kk\""));
	resp_free(&r);
	assert_int_equal(client_post(c, path, &r, "csrf", csrf, "no_kk", KK, "password", NEW_PASSWORD,
				     "password2", NEW_PASSWORD, NULL), 0);
	assert_int_equal(r.status, 410);
	resp_free(&r);
	after = srv_db_text(&S, "SELECT password_hash FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(before, after);
	assert_int_equal(client_get(c, "/pemohon/reset/bukan-token-yang-ada", &r), 0);
	assert_int_equal(r.status, 410);
	assert_true(resp_has(&r, MSG_RESET_BAD));
	resp_free(&r);
	free(before);
	free(after);
	free(csrf);
	free(path);
	client_free(c);
}

static void test_reset_ends_existing_sessions(void **st)
{
	const char *nik = "3326071505900027";
	struct client *a, *b;
	struct resp r;
	char *path;

	(void)st;
	make_account(nik, "aktif");
	a = logged_in(nik, PASSWORD);
	assert_int_equal(client_get(a, "/pemohon/akun", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	b = client_new(&S);
	path = reset_link(nik);
	post_reset(b, path, KK, NEW_PASSWORD, &r);
	assert_true(redirect_is(&r, "/pemohon/login"));
	resp_free(&r);
	assert_int_equal(pemohon_sessions(nik), 0);
	assert_int_equal(client_get(a, "/pemohon/akun", &r), 0);
	assert_true(redirect_is(&r, "/pemohon/login"));
	resp_free(&r);
	client_free(a);
	a = logged_in(nik, NEW_PASSWORD);
	assert_int_equal(client_get(a, "/", &r), 0);
	assert_true(resp_has(&r, "Selamat datang Siti Aminah"));
	resp_free(&r);
	free(path);
	client_free(a);
	client_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_success),
		cmocka_unit_test(test_bad_login_wrong_password),
		cmocka_unit_test(test_bad_login_unknown_nik_same_message),
		cmocka_unit_test(test_bad_login_malformed_nik),
		cmocka_unit_test(test_bad_login_wrong_captcha),
		cmocka_unit_test(test_bad_login_missing_csrf),
		cmocka_unit_test(test_bad_login_pair_waits_after_three_failures),
		cmocka_unit_test(test_login_pending_account_told),
		cmocka_unit_test(test_login_rejected_account_daftar_ulang),
		cmocka_unit_test(test_logout_ends_session),
		cmocka_unit_test(test_bad_logout_without_csrf),
		cmocka_unit_test(test_account_pages_require_login),
		cmocka_unit_test(test_account_detail_masked),
		cmocka_unit_test(test_change_phone),
		cmocka_unit_test(test_bad_change_phone_wrong_code),
		cmocka_unit_test(test_bad_change_phone_five_wrong_codes_lock),
		cmocka_unit_test(test_bad_change_phone_expired_code),
		cmocka_unit_test(test_bad_change_phone_invalid_number),
		cmocka_unit_test(test_change_email),
		cmocka_unit_test(test_change_password_ends_other_sessions),
		cmocka_unit_test(test_bad_change_password_guessing_locked),
		cmocka_unit_test(test_bad_change_phone_too_many_codes),
		cmocka_unit_test(test_bad_change_email_wrong_code),
		cmocka_unit_test(test_bad_change_email_invalid_address),
		cmocka_unit_test(test_bad_change_password),
		cmocka_unit_test(test_change_password),
		cmocka_unit_test(test_forgot_same_answer_match_or_not),
		cmocka_unit_test(test_bad_forgot_malformed),
		cmocka_unit_test(test_bad_forgot_wrong_captcha),
		cmocka_unit_test(test_bad_reset_wrong_kk),
		cmocka_unit_test(test_bad_reset_kk_tries_burn_link),
		cmocka_unit_test(test_reset_password_single_use),
		cmocka_unit_test(test_bad_reset_expired_or_unknown_token),
		cmocka_unit_test(test_reset_ends_existing_sessions),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
