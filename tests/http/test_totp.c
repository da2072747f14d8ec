// SPDX-License-Identifier: MIT
// HTTP tests of two-factor staff login (TOTP): enrolment, the code step on web and API, recovery codes, the office setting, reset-2fa.
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

#include "harness.h"

#define PW "Petugas-2024"
#define CODE_PAGE "/staf/login/kode"
#define ENROL_PAGE "/staf/dua-langkah"

static struct srv S;

static int setup(void **st)
{
	(void)st;
	return srv_start(&S, NULL);
}

static int teardown(void **st)
{
	(void)st;
	return srv_stop(&S);
}

/* ---- helpers ------------------------------------------------------------- */

/* An officer of roles, password changed, enrolled when the server asked
 * for it, and logged out: the test logs them in by hand. */
static void officer(const char *user, const char *roles)
{
	struct client *c = staf_ready(&S, user, roles, NULL, PW);
	char *csrf;
	struct resp r;

	assert_non_null(c);
	csrf = page_field(c, "/staf/password", "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(c, "/staf/logout", &r, "csrf", csrf, NULL), 0);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	free(csrf);
	client_free(c);
}

/* A client whose two-factor steps the test takes itself. */
static struct client *manual(void)
{
	struct client *c = client_new(&S);

	client_manual_2fa(c, 1);
	return c;
}

/* Gives the right password on c: the server must ask for the code. */
static void password_step(struct client *c, const char *user)
{
	struct resp r;

	assert_int_equal(staf_login_post(c, user, PW, &r), 0);
	assert_true(redirect_is(&r, CODE_PAGE));
	resp_free(&r);
}

/* A six-digit code that is not code (nor, but by a one in a million
 * chance, a code of the steps beside it). */
static void other_code(const char *code, char out[7])
{
	snprintf(out, 7, "%06u", ((unsigned)atoi(code) + 500000u) % 1000000u);
}

static long long staff_id(const char *user)
{
	long long id = srv_id(&S, "staf", "username", user);

	assert_true(id > 0);
	return id;
}

static long long staff_sessions(const char *user)
{
	return srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'staf' AND subjek_id = %lld", staff_id(user));
}

static void assert_page_redirects(struct client *c, const char *path, const char *to)
{
	struct resp r;

	assert_int_equal(client_get(c, path, &r), 0);
	assert_true(redirect_is(&r, to));
	resp_free(&r);
}

/* Posts the settings form with the two-factor box on or off. */
static void office_setting(struct client *adm, int on)
{
	char *csrf = page_field(adm, "/staf/pengaturan", "csrf"), *kantor = page_field(adm, "/staf/pengaturan", "nama_kantor");
	struct resp r;

	assert_non_null(csrf);
	assert_non_null(kantor);
	if (on)
		assert_int_equal(client_post(adm, "/staf/pengaturan", &r, "csrf", csrf, "nama_kantor", kantor,
					     "wajib_2fa", "1", NULL), 0);
	else
		assert_int_equal(client_post(adm, "/staf/pengaturan", &r, "csrf", csrf, "nama_kantor", kantor, NULL), 0);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	free(csrf);
	free(kantor);
}

/* ---- enrolment ----------------------------------------------------------- */

/* After the one-time password is replaced, an admin reaches nothing but
 * the enrolment page, on the web and through the API. */
static void test_admin_cannot_reach_staff_pages_before_enrolling(void **st)
{
	static const char *const pages[] = { "/staf", "/staf/pengajuan", "/staf/petugas", "/staf/pengaturan", "/staf/audit" };
	struct client *c = manual();
	char *otp = srv_admin_add(&S, "adm1", "admin");
	struct resp r;
	long st_;
	size_t i;
	json_t *j;

	(void)st;
	assert_non_null(otp);
	assert_int_equal(staf_first_login(c, "adm1", otp, PW), 0);
	for (i = 0; i < sizeof pages / sizeof pages[0]; i++)
		assert_page_redirects(c, pages[i], ENROL_PAGE);
	assert_int_equal(client_get(c, ENROL_PAGE, &r), 0);
	assert_int_equal(r.status, 200);
	/* the password change's message came along to this page */
	assert_true(resp_has(&r, "Kata sandi berhasil diganti."));
	assert_true(resp_has(&r, "wajib memakai verifikasi dua langkah"));
	assert_true(resp_has(&r, "src=\"data:image/svg+xml;base64,"));
	assert_true(resp_has(&r, "id=\"rahasia\""));
	assert_true(resp_has(&r, "inputmode=\"numeric\" autocomplete=\"one-time-code\""));
	/* no menu leading to pages the officer cannot open yet */
	assert_false(resp_has(&r, "href=\"/staf/pengajuan"));
	resp_free(&r);
	/* the API gives no token to an officer who must enrol */
	j = api_json(&S, "POST", "/api/v1/staf/sesi", json_pack("{s:s, s:s}", "username", "adm1", "password", PW), NULL,
		     &st_);
	assert_true(api_error_is(j, st_, 403, "perlu_2fa"));
	free(otp);
	client_free(c);
}

static void test_bad_enrol_wrong_code_enrols_nothing(void **st)
{
	struct client *c = manual();
	char *otp = srv_admin_add(&S, "adm2", "admin"), *csrf, code[7];
	long long id, audit = srv_count(&S, "audit");
	struct resp r;

	(void)st;
	assert_int_equal(staf_first_login(c, "adm2", otp, PW), 0);
	id = staff_id("adm2");
	csrf = page_field(c, ENROL_PAGE, "csrf");
	assert_non_null(csrf);
	/* a code of no secret of this officer's, and then no code at all */
	snprintf(code, sizeof code, "%06u", (unsigned)time(NULL) % 1000000u);
	assert_int_equal(client_post(c, ENROL_PAGE, &r, "csrf", csrf, "kode", code, NULL), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode verifikasi salah."));
	resp_free(&r);
	assert_int_equal(client_post(c, ENROL_PAGE, &r, "csrf", csrf, "kode", "", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode verifikasi wajib diisi."));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf WHERE id = %lld AND totp_rahasia IS NULL", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf_pemulihan WHERE staf_id = %lld", id), 0);
	assert_int_equal(srv_count(&S, "audit"), audit);
	assert_page_redirects(c, "/staf", ENROL_PAGE);
	free(csrf);
	free(otp);
	client_free(c);
}

/* The right first code enrols: ten recovery codes shown once, stored
 * hashed; the secret is not stored as shown; audited. */
static void test_enrol_shows_recovery_codes_once(void **st)
{
	struct client *c = manual();
	char *otp = srv_admin_add(&S, "adm3", "admin"), *stored, secret[64];
	const char *b32;
	long long id;
	size_t i, j;
	struct resp r;

	(void)st;
	assert_int_equal(staf_first_login(c, "adm3", otp, PW), 0);
	id = staff_id("adm3");
	assert_int_equal(staf_enrol(c, "adm3"), 0);
	b32 = totp_secret(&S, "adm3");
	assert_non_null(b32);
	for (i = j = 0; b32[i] && j + 1 < sizeof secret; i++)
		if (b32[i] != ' ')
			secret[j++] = b32[i];
	secret[j] = '\0';
	assert_int_equal(strlen(secret), 32);
	stored = srv_db_text(&S, "SELECT totp_rahasia FROM staf WHERE id = %lld", id);
	assert_non_null(stored);
	assert_null(strstr(stored, secret));
	free(stored);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf_pemulihan WHERE staf_id = %lld", id), 10);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf_pemulihan WHERE staf_id = %lld AND kode_hash = '%s'", id,
				    totp_recovery(&S, "adm3")), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'staf.2fa_aktif' AND objek = 'staf:%lld' "
				    "AND staf_id = %lld", id, id), 1);
	/* now the staff pages open, and the page shows the state, not the secret */
	assert_int_equal(client_get(c, "/staf", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(client_get(c, ENROL_PAGE, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "id=\"sisa-kode\">10<"));
	assert_false(resp_has(&r, "id=\"rahasia\""));
	assert_false(resp_has(&r, "class=\"kode-pemulihan"));
	resp_free(&r);
	free(otp);
	client_free(c);
}

/* ---- the web login ------------------------------------------------------- */

/* After the password an enrolled officer has no session until the code;
 * a wrong code is refused and counted as a failed login. */
static void test_bad_login_wrong_code_refused(void **st)
{
	struct client *c;
	char right[7], wrong[7];
	struct resp r;

	(void)st;
	officer("adm4", "admin");
	c = manual();
	password_step(c, "adm4");
	assert_int_equal(staff_sessions("adm4"), 0);
	assert_page_redirects(c, "/staf", "/staf/login");
	assert_int_equal(client_get(c, CODE_PAGE, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "name=\"kode\" inputmode=\"numeric\" autocomplete=\"one-time-code\""));
	resp_free(&r);
	assert_int_equal(totp_code_at(&S, "adm4", (long long)time(NULL), right), 0);
	other_code(right, wrong);
	assert_int_equal(staf_code_post(c, "kode", wrong, &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode verifikasi salah."));
	resp_free(&r);
	assert_int_equal(staff_sessions("adm4"), 0);
	assert_true(srv_db_int(&S, "SELECT COUNT(*) FROM throttle") > 0);
	client_free(c);
}

static void test_login_right_code(void **st)
{
	struct client *c;
	char code[7];
	struct resp r;

	(void)st;
	officer("ttd1", "penandatangan");
	c = manual();
	password_step(c, "ttd1");
	assert_int_equal(totp_code(&S, "ttd1", code), 0);
	assert_int_equal(staf_code_post(c, "kode", code, &r), 0);
	assert_true(redirect_is(&r, "/staf"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Beranda Petugas"));
	resp_free(&r);
	assert_int_equal(staff_sessions("ttd1"), 1);
	/* single use: the step went with the anonymous session */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE staf_kode_id = %lld", staff_id("ttd1")), 0);
	assert_page_redirects(c, CODE_PAGE, "/staf");
	client_free(c);
}

/* The pending step belongs to the browser that gave the password. */
static void test_bad_code_step_from_another_browser(void **st)
{
	struct client *a, *b;
	struct form f;
	char code[7];
	struct resp r;

	(void)st;
	officer("adm5", "admin");
	a = manual();
	b = manual();
	password_step(a, "adm5");
	/* b has a session of its own (and its csrf), but no pending step */
	assert_int_equal(form_fetch(b, "/staf/login", &f), 0);
	assert_int_equal(totp_code(&S, "adm5", code), 0);
	assert_int_equal(client_post(b, CODE_PAGE, &r, "csrf", f.csrf, "kode", code, NULL), 0);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	form_free(&f);
	assert_int_equal(staff_sessions("adm5"), 0);
	assert_page_redirects(b, "/staf", "/staf/login");
	client_free(a);
	client_free(b);
}

static void test_bad_code_step_expires(void **st)
{
	struct client *c;
	char code[7], *csrf;
	struct resp r;

	(void)st;
	officer("adm6", "admin");
	c = manual();
	password_step(c, "adm6");
	csrf = page_field(c, CODE_PAGE, "csrf");
	assert_non_null(csrf);
	/* five minutes later */
	assert_int_equal(srv_db_exec(&S, "UPDATE sesi SET staf_kode_sampai = staf_kode_sampai - 301 WHERE staf_kode_id = %lld",
				     staff_id("adm6")), 0);
	assert_int_equal(totp_code(&S, "adm6", code), 0);
	assert_int_equal(client_post(c, CODE_PAGE, &r, "csrf", csrf, "kode", code, NULL), 0);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	assert_int_equal(staff_sessions("adm6"), 0);
	assert_int_equal(client_get(c, "/staf/login", &r), 0);
	assert_true(resp_has(&r, "Waktu verifikasi sudah habis."));
	resp_free(&r);
	free(csrf);
	client_free(c);
}

/* RFC 6238 section 5.2: the code that logged in once does not log in again. */
static void test_bad_replayed_code_refused(void **st)
{
	struct client *c, *d;
	char code[7];
	struct resp r;

	(void)st;
	officer("adm7", "admin");
	c = manual();
	d = manual();
	password_step(c, "adm7");
	assert_int_equal(totp_code(&S, "adm7", code), 0);
	assert_int_equal(staf_code_post(c, "kode", code, &r), 0);
	assert_true(redirect_is(&r, "/staf"));
	resp_free(&r);
	password_step(d, "adm7");
	assert_int_equal(staf_code_post(d, "kode", code, &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode ini sudah dipakai."));
	resp_free(&r);
	assert_int_equal(staff_sessions("adm7"), 1);
	client_free(c);
	client_free(d);
}

static void test_recovery_code_works_once(void **st)
{
	struct client *c, *d;
	const char *code;
	long long id;
	struct resp r;

	(void)st;
	officer("adm8", "admin");
	id = staff_id("adm8");
	c = manual();
	d = manual();
	code = totp_recovery(&S, "adm8");
	assert_non_null(code);
	password_step(c, "adm8");
	assert_int_equal(staf_code_post(c, "kode_pemulihan", code, &r), 0);
	assert_true(redirect_is(&r, "/staf"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf", &r), 0);
	assert_true(resp_has(&r, "Anda masuk dengan kode pemulihan."));
	assert_true(resp_has(&r, "sisa kode pemulihan: 9"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'staf.2fa_pemulihan' AND objek = "
				    "'staf:%lld' AND detail = 'sisa=9'", id), 1);
	password_step(d, "adm8");
	assert_int_equal(staf_code_post(d, "kode_pemulihan", code, &r), 0);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(staff_sessions("adm8"), 1);
	client_free(c);
	client_free(d);
}

/* Wrong codes lock the login like wrong passwords: 429 with Retry-After. */
static void test_bad_codes_throttled(void **st)
{
	struct client *c;
	char code[7], *retry;
	struct resp r;
	int i;

	(void)st;
	officer("adm9", "admin");
	/* the right code first: taking one may sleep into the next time step */
	assert_int_equal(totp_code(&S, "adm9", code), 0);
	c = manual();
	password_step(c, "adm9");
	/* three wrong codes are free; then each makes the next wait longer (1 s,
	 * 2 s, 4 s): waited out here, so the last wait outlasts the checks */
	for (i = 0; i < 6; i++) {
		assert_int_equal(staf_code_post(c, "kode", "000000", &r), 0);
		assert_int_equal(r.status, 422);
		resp_free(&r);
		/* the waits of the fourth and fifth (1 s and 2 s, whole seconds
		 * rounded up: a second more) and a fifth of a second */
		if (i == 3)
			usleep(2200000);
		else if (i == 4)
			usleep(3200000);
	}
	/* even the right code waits now */
	assert_int_equal(staf_code_post(c, "kode", code, &r), 0);
	assert_int_equal(r.status, 429);
	assert_true(resp_has(&r, "Terlalu banyak percobaan login yang gagal"));
	retry = resp_header(&r, "Retry-After");
	assert_non_null(retry);
	assert_true(atoi(retry) > 1);
	free(retry);
	resp_free(&r);
	assert_int_equal(staff_sessions("adm9"), 0);
	/* the password waits on this address, and not on another */
	client_free(c);
	c = manual();
	assert_int_equal(staf_login_post(c, "adm9", PW, &r), 0);
	assert_int_equal(r.status, 429);
	resp_free(&r);
	client_free(c);
	c = manual();
	client_from(c, "127.0.0.2");
	assert_int_equal(staf_login_post(c, "adm9", PW, &r), 0);
	assert_true(redirect_is(&r, "/staf/login/kode"));
	resp_free(&r);
	client_free(c);
}

/* ---- the API ------------------------------------------------------------- */

static json_t *sesi(const char *user, const char *pw, const char *kode, long *st)
{
	json_t *body = json_pack("{s:s, s:s}", "username", user, "password", pw);

	if (kode)
		json_object_set_new(body, "kode", json_string(kode));
	return api_json(&S, "POST", "/api/v1/staf/sesi", body, NULL, st);
}

static void test_api_asks_for_kode(void **st)
{
	char code[7], wrong[7];
	long status;
	json_t *j;

	(void)st;
	officer("adm10", "admin");
	j = sesi("adm10", PW, NULL, &status);
	assert_true(api_error_is(j, status, 401, "perlu_kode_2fa"));
	assert_int_equal(totp_code_at(&S, "adm10", (long long)time(NULL), code), 0);
	other_code(code, wrong);
	j = sesi("adm10", PW, wrong, &status);
	assert_true(api_error_is(j, status, 401, "kode_salah"));
	/* a wrong password never reaches the code, whatever the user */
	j = sesi("adm10", "Salah-1234", wrong, &status);
	assert_true(api_error_is(j, status, 401, "login_salah"));
	j = sesi("tidak.ada", "Salah-1234", NULL, &status);
	assert_true(api_error_is(j, status, 401, "login_salah"));
	/* a code of another type is a field error */
	j = api_json(&S, "POST", "/api/v1/staf/sesi", json_pack("{s:s, s:s, s:i}", "username", "adm10", "password", PW,
								 "kode", 123456), NULL, &status);
	assert_true(api_error_is(j, status, 422, "data_tidak_valid"));
	assert_int_equal(totp_code(&S, "adm10", code), 0);
	j = sesi("adm10", PW, code, &status);
	assert_int_equal(status, 201);
	assert_non_null(jstr(j, "token"));
	json_decref(j);
	/* the same code again is a replay */
	j = sesi("adm10", PW, code, &status);
	assert_true(api_error_is(j, status, 401, "kode_salah"));
}

static void test_api_recovery_code_as_kode(void **st)
{
	const char *rec;
	long status;
	json_t *j;

	(void)st;
	officer("ttd2", "penandatangan");
	rec = totp_recovery(&S, "ttd2");
	assert_non_null(rec);
	j = sesi("ttd2", PW, rec, &status);
	assert_int_equal(status, 201);
	json_decref(j);
	j = sesi("ttd2", PW, rec, &status);
	assert_true(api_error_is(j, status, 401, "kode_salah"));
}

/* ---- who must use it ----------------------------------------------------- */

static void test_verifikator_logs_in_without_code(void **st)
{
	struct client *c;
	char *tok;
	struct resp r;

	(void)st;
	officer("ver1", "verifikator");
	assert_null(totp_secret(&S, "ver1"));
	c = manual();
	assert_int_equal(staf_login_post(c, "ver1", PW, &r), 0);
	assert_true(redirect_is(&r, "/staf"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	tok = staf_token(&S, "ver1", PW);
	assert_non_null(tok);
	free(tok);
	client_free(c);
}

/* With the office setting on, a verifikator must enrol too: on the next
 * page of an open session, at login, and in the API. */
static void test_office_setting_forces_verifikator(void **st)
{
	struct client *adm, *v, *w;
	char *tok;
	struct resp r;
	long status;
	json_t *j;

	(void)st;
	adm = staf_ready(&S, "adm11", "admin", NULL, PW);
	assert_non_null(adm);
	officer("ver2", "verifikator");
	v = client_new(&S);
	assert_int_equal(staf_login_post(v, "ver2", PW, &r), 0);
	assert_true(redirect_is(&r, "/staf"));
	resp_free(&r);
	tok = staf_token(&S, "ver2", PW);
	assert_non_null(tok);
	office_setting(adm, 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan WHERE kunci = 'wajib_2fa' AND nilai = '1'"), 1);
	assert_int_equal(client_get(adm, "/staf/pengaturan", &r), 0);
	assert_true(resp_has(&r, "id=\"wajib_2fa\" aria-describedby=\"wajib-2fa-help\" checked"));
	resp_free(&r);
	assert_page_redirects(v, "/staf/pendaftaran", ENROL_PAGE);
	j = api_json(&S, "GET", "/api/v1/staf/pendaftaran", NULL, tok, &status);
	assert_true(api_error_is(j, status, 403, "perlu_2fa"));
	j = api_json(&S, "GET", "/api/v1/staf/pengajuan", NULL, tok, &status);
	assert_true(api_error_is(j, status, 403, "perlu_2fa"));
	w = manual();
	assert_int_equal(staf_login_post(w, "ver2", PW, &r), 0);
	assert_true(redirect_is(&r, ENROL_PAGE));
	resp_free(&r);
	assert_int_equal(staf_enrol(w, "ver2"), 0);
	assert_int_equal(client_get(w, "/staf/pendaftaran", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	/* required now: it cannot be turned off */
	assert_int_equal(client_get(w, ENROL_PAGE, &r), 0);
	assert_true(resp_has(&r, "tidak dapat dinonaktifkan"));
	assert_false(resp_has(&r, "action=\"/staf/dua-langkah/nonaktif\""));
	resp_free(&r);
	office_setting(adm, 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan WHERE kunci = 'wajib_2fa'"), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengaturan.ubah' AND detail LIKE "
				    "'%%wajib_2fa%%'"), 2);
	free(tok);
	client_free(adm);
	client_free(v);
	client_free(w);
}

/* Voluntary for others: an operator enrols, then turns it off with the
 * password and a code. */
static void test_operator_enrols_and_turns_off(void **st)
{
	struct client *c, *d;
	char code[7], *csrf;
	long long id;
	struct resp r;

	(void)st;
	c = staf_ready(&S, "op1", "operator", NULL, PW);
	assert_non_null(c);
	id = staff_id("op1");
	assert_int_equal(staf_enrol(c, "op1"), 0);
	d = manual();
	password_step(d, "op1");
	client_free(d);
	csrf = page_field(c, ENROL_PAGE, "csrf");
	assert_non_null(csrf);
	/* a wrong password turns nothing off */
	assert_int_equal(totp_code(&S, "op1", code), 0);
	assert_int_equal(client_post(c, "/staf/dua-langkah/nonaktif", &r, "csrf", csrf, "password", "Salah-1234", "kode",
				     code, NULL), 0);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(client_post(c, "/staf/dua-langkah/nonaktif", &r, "csrf", csrf, "password", PW, "kode", code, NULL),
			 0);
	assert_true(redirect_is(&r, ENROL_PAGE));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf WHERE id = %lld AND totp_rahasia IS NULL", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf_pemulihan WHERE staf_id = %lld", id), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'staf.2fa_nonaktif' AND objek = 'staf:%lld'",
				    id), 1);
	totp_forget(&S, "op1");
	d = manual();
	assert_int_equal(staf_login_post(d, "op1", PW, &r), 0);
	assert_true(redirect_is(&r, "/staf"));
	resp_free(&r);
	free(csrf);
	client_free(c);
	client_free(d);
}

static void test_bad_admin_cannot_turn_off(void **st)
{
	struct client *c;
	char code[7], *csrf;
	struct resp r;

	(void)st;
	c = staf_ready(&S, "adm12", "admin", NULL, PW);
	assert_non_null(c);
	csrf = page_field(c, ENROL_PAGE, "csrf");
	assert_int_equal(totp_code(&S, "adm12", code), 0);
	assert_int_equal(client_post(c, "/staf/dua-langkah/nonaktif", &r, "csrf", csrf, "password", PW, "kode", code, NULL),
			 0);
	assert_int_equal(r.status, 409);
	assert_true(resp_has(&r, "tidak dapat dinonaktifkan"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf WHERE username = 'adm12' AND totp_rahasia IS NOT NULL"), 1);
	free(csrf);
	client_free(c);
}

/* New recovery codes need the password; the old codes die. */
static void test_recovery_codes_renewed(void **st)
{
	struct client *c;
	const char *old;
	char *csrf, *keep;
	long long id;
	struct resp r;

	(void)st;
	c = staf_ready(&S, "adm13", "admin", NULL, PW);
	assert_non_null(c);
	id = staff_id("adm13");
	old = totp_recovery(&S, "adm13");
	assert_non_null(old);
	keep = strdup(old);
	csrf = page_field(c, ENROL_PAGE, "csrf");
	assert_int_equal(client_post(c, "/staf/dua-langkah/kode-pemulihan", &r, "csrf", csrf, "password", "Salah-1234", NULL),
			 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kata sandi salah."));
	resp_free(&r);
	assert_int_equal(client_post(c, "/staf/dua-langkah/kode-pemulihan", &r, "csrf", csrf, "password", PW, NULL), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(totp_keep_recovery(&S, "adm13", r.body), 10);
	assert_false(resp_has(&r, keep));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'staf.2fa_kode_baru' AND objek = 'staf:%lld'",
				    id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf_pemulihan WHERE staf_id = %lld", id), 10);
	/* the old code no longer logs in */
	{
		struct client *d = manual();

		password_step(d, "adm13");
		assert_int_equal(staf_code_post(d, "kode_pemulihan", keep, &r), 0);
		assert_int_equal(r.status, 422);
		resp_free(&r);
		client_free(d);
	}
	free(keep);
	free(csrf);
	client_free(c);
}

/* ---- the way back -------------------------------------------------------- */

static void test_cli_reset_2fa(void **st)
{
	struct client *c, *d;
	char *old;
	long long id;
	struct resp r;

	(void)st;
	c = staf_ready(&S, "adm14", "admin", NULL, PW);
	assert_non_null(c);
	id = staff_id("adm14");
	old = strdup(totp_secret(&S, "adm14"));
	assert_int_equal(srv_admin_reset_2fa(&S, "adm14"), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf WHERE id = %lld AND totp_rahasia IS NULL", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf_pemulihan WHERE staf_id = %lld", id), 0);
	assert_int_equal(staff_sessions("adm14"), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'staf.2fa_reset' AND objek = 'staf:%lld' "
				    "AND staf_id IS NULL AND asal = 'cli'", id), 1);
	assert_page_redirects(c, "/staf", "/staf/login");
	/* the password still counts, then the officer enrols again */
	d = manual();
	assert_int_equal(staf_login_post(d, "adm14", PW, &r), 0);
	assert_true(redirect_is(&r, ENROL_PAGE));
	resp_free(&r);
	assert_int_equal(staf_enrol(d, "adm14"), 0);
	assert_string_not_equal(totp_secret(&S, "adm14"), old);
	assert_int_equal(srv_admin_reset_2fa(&S, "tidak-ada"), -1);
	free(old);
	client_free(c);
	client_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_admin_cannot_reach_staff_pages_before_enrolling),
		cmocka_unit_test(test_bad_enrol_wrong_code_enrols_nothing),
		cmocka_unit_test(test_enrol_shows_recovery_codes_once),
		cmocka_unit_test(test_bad_login_wrong_code_refused),
		cmocka_unit_test(test_login_right_code),
		cmocka_unit_test(test_bad_code_step_from_another_browser),
		cmocka_unit_test(test_bad_code_step_expires),
		cmocka_unit_test(test_bad_replayed_code_refused),
		cmocka_unit_test(test_recovery_code_works_once),
		cmocka_unit_test(test_bad_codes_throttled),
		cmocka_unit_test(test_api_asks_for_kode),
		cmocka_unit_test(test_api_recovery_code_as_kode),
		cmocka_unit_test(test_verifikator_logs_in_without_code),
		cmocka_unit_test(test_office_setting_forces_verifikator),
		cmocka_unit_test(test_operator_enrols_and_turns_off),
		cmocka_unit_test(test_bad_admin_cannot_turn_off),
		cmocka_unit_test(test_recovery_codes_renewed),
		cmocka_unit_test(test_cli_reset_2fa),
	};

	return cmocka_run_group_tests_name("http_totp", tests, setup, teardown);
}
