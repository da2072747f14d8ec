// SPDX-License-Identifier: MIT
// HTTP tests of the officer side: staff login, password change, registration verification, outbox page.
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

/* A password that passes the policy (Tabel 1) and differs from any one-time one. */
#define NEW_PW "Petugas-2024"
#define REASON "Foto KK tidak terbaca, mohon daftar ulang dengan data yang benar."

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

/* Registers an applicant through the real page (Siti Aminah, born
 * 15-05-1990) and returns the pemohon id. */
static long long make_pemohon(struct srv *s, const char *nik)
{
	struct client *c = client_new(s);
	struct resp r;
	long long id;

	assert_int_equal(register_pemohon(c, nik, "Feb1702.", &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	client_free(c);
	id = srv_db_int(s, "SELECT id FROM pemohon WHERE nik = '%s' AND status = 'menunggu'", nik);
	assert_true(id > 0);
	return id;
}

/* Lines of the outbox file containing needle, waiting up to 5 s for want. */
static size_t outbox_count(struct srv *s, const char *needle, size_t want)
{
	size_t hits = 0;
	int tries;

	for (tries = 0; tries < 100; tries++) {
		char **lines;
		size_t n = outbox_lines(s, 0, &lines), i;

		for (hits = 0, i = 0; i < n; i++)
			hits += strstr(lines[i], needle) != NULL;
		outbox_free(lines, n);
		if (hits >= want)
			break;
		usleep(50000);
	}
	return hits;
}

static void post_decision(struct client *c, long long id, const char *what, const char *alasan, struct resp *out)
{
	char page[64], path[80], *csrf;

	snprintf(page, sizeof page, "/staf/pendaftaran/%lld", id);
	snprintf(path, sizeof path, "/staf/pendaftaran/%lld/%s", id, what);
	csrf = page_field(c, page, "csrf");
	assert_non_null(csrf);
	if (alasan)
		assert_int_equal(client_post(c, path, out, "csrf", csrf, "alasan", alasan, NULL), 0);
	else
		assert_int_equal(client_post(c, path, out, "csrf", csrf, NULL), 0);
	free(csrf);
}

/* ---- login and the one-time password ------------------------------------- */

static void test_first_login_forces_password_change(void **st)
{
	struct client *c = client_new(&S);
	char *pw = srv_admin_add(&S, "admin1", "admin");
	const char *paths[] = { "/staf", "/staf/pendaftaran", "/staf/pendaftaran/1", "/staf/pesan" };
	struct resp r;
	size_t i;

	(void)st;
	assert_non_null(pw);
	assert_int_equal(strlen(pw), 20);
	assert_int_equal(srv_db_int(&S, "SELECT ganti_password FROM staf WHERE username = 'admin1'"), 1);
	assert_int_equal(staf_login_post(c, "admin1", pw, &r), 0);
	assert_true(redirect_is(&r, "/staf/password"));
	resp_free(&r);
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(client_get(c, paths[i], &r), 0);
		assert_true(redirect_is(&r, "/staf/password"));
		resp_free(&r);
	}
	assert_int_equal(client_get(c, "/staf/password", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Ganti Kata Sandi"));
	assert_true(resp_has(&r, "kata sandi sekali pakai"));
	assert_true(resp_has(&r, "name=\"password_lama\""));
	assert_true(resp_has(&r, "Mengandung huruf besar / kapital."));
	resp_free(&r);
	free(pw);
	client_free(c);
}

/* The way back in for an officer who lost the password: the CLI gives a
 * new one-time password and ends the account's sessions. */
static void test_cli_reset_password(void **st)
{
	struct client *c = staf_ready(&S, "lupa1", "verifikator", NULL, NEW_PW), *d = client_new(&S);
	char *pw;
	struct resp r;

	(void)st;
	assert_non_null(c);
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	pw = srv_admin_reset(&S, "lupa1");
	assert_non_null(pw);
	assert_int_equal(strlen(pw), 20);
	assert_int_equal(srv_db_int(&S, "SELECT ganti_password FROM staf WHERE username = 'lupa1'"), 1);
	/* the old session is over */
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	/* the old password no longer works, the new one must be changed first */
	assert_int_equal(staf_login_post(d, "lupa1", NEW_PW, &r), 0);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(staf_login_post(d, "lupa1", pw, &r), 0);
	assert_true(redirect_is(&r, "/staf/password"));
	resp_free(&r);
	assert_null(srv_admin_reset(&S, "tidak-ada"));
	free(pw);
	client_free(c);
	client_free(d);
}

static void test_bad_new_password_rejected(void **st)
{
	struct client *c = client_new(&S);
	char *pw = srv_admin_add(&S, "admin2", "admin");
	struct resp r;

	(void)st;
	assert_int_equal(staf_login_post(c, "admin2", pw, &r), 0);
	assert_true(redirect_is(&r, "/staf/password"));
	resp_free(&r);

	/* policy of Tabel 1 */
	assert_int_equal(staf_password_post(c, pw, "abcdefgh", "abcdefgh", &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kata kunci belum memenuhi ketentuan"));
	assert_true(resp_has(&r, "huruf besar"));
	assert_false(resp_has(&r, pw));
	resp_free(&r);
	/* repeat differs */
	assert_int_equal(staf_password_post(c, pw, NEW_PW, "Petugas-2025", &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Ulangi Kata Sandi Baru harus sama dengan Kata Sandi Baru."));
	resp_free(&r);
	/* new equals old */
	assert_int_equal(staf_password_post(c, pw, pw, pw, &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kata sandi baru harus berbeda dengan kata sandi lama."));
	resp_free(&r);
	/* wrong old password */
	assert_int_equal(staf_password_post(c, "Salah-123", NEW_PW, NEW_PW, &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kata sandi lama salah."));
	resp_free(&r);

	assert_int_equal(srv_db_int(&S, "SELECT ganti_password FROM staf WHERE username = 'admin2'"), 1);
	/* the one-time password still works and still has to be changed */
	client_free(c);
	c = client_new(&S);
	assert_int_equal(staf_login_post(c, "admin2", pw, &r), 0);
	assert_true(redirect_is(&r, "/staf/password"));
	resp_free(&r);
	free(pw);
	client_free(c);
}

static void test_password_change_clears_flag(void **st)
{
	struct client *c = client_new(&S);
	char *pw = srv_admin_add(&S, "admin3", "admin");
	struct resp r;

	(void)st;
	assert_int_equal(staf_login_post(c, "admin3", pw, &r), 0);
	resp_free(&r);
	assert_int_equal(staf_password_post(c, pw, NEW_PW, NEW_PW, &r), 0);
	assert_true(redirect_is(&r, "/staf"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT ganti_password FROM staf WHERE username = 'admin3'"), 0);
	assert_int_equal(client_get(c, "/staf", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Kata sandi berhasil diganti."));
	assert_true(resp_has(&r, "Beranda Petugas"));
	resp_free(&r);
	client_free(c);

	/* the old password is gone, the new one works without detour */
	c = client_new(&S);
	assert_int_equal(staf_login_post(c, "admin3", pw, &r), 0);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(staf_login_post(c, "admin3", NEW_PW, &r), 0);
	assert_true(redirect_is(&r, "/staf"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Beranda Petugas"));
	resp_free(&r);
	free(pw);
	client_free(c);
}

static void test_bad_staff_login(void **st)
{
	struct client *c = client_new(&S);
	char *pw = srv_admin_add(&S, "petugas4", "verifikator");
	long long sessions = srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'staf'");
	char *v;
	struct resp r;

	(void)st;
	assert_int_equal(staf_login_post(c, "petugas4", "Salah-1234", &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Nama pengguna atau kata sandi salah."));
	v = html_field(r.body, "username");
	assert_string_equal(v, "petugas4");
	free(v);
	/* a password is never sent back */
	v = html_field(r.body, "password");
	assert_string_equal(v, "");
	free(v);
	resp_free(&r);
	/* an unknown user gets the very same answer */
	assert_int_equal(staf_login_post(c, "tidakada", "Salah-1234", &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Nama pengguna atau kata sandi salah."));
	resp_free(&r);
	/* empty fields */
	assert_int_equal(staf_login_post(c, "", "", &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Nama pengguna wajib diisi."));
	assert_true(resp_has(&r, "Kata sandi wajib diisi."));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'staf'"), sessions);
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	free(pw);
	client_free(c);
}

static void test_bad_staff_login_captcha(void **st)
{
	struct client *c = client_new(&S);
	char *pw = srv_admin_add(&S, "petugas5", "verifikator");
	long long sessions = srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'staf'");
	long long fails = srv_db_int(&S, "SELECT COUNT(*) FROM throttle");
	struct form f;
	struct resp r;
	char wrong[16], *v;

	(void)st;
	assert_int_equal(form_fetch(c, "/staf/login", &f), 0);
	snprintf(wrong, sizeof wrong, "%d", atoi(f.captcha) + 1);
	assert_int_equal(client_post(c, "/staf/login", &r, "csrf", f.csrf, "captcha_id", f.captcha_id,
				     "captcha", wrong, "username", "petugas5", "password", pw, NULL), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Jawaban hitungan salah."));
	v = html_field(r.body, "username");
	assert_string_equal(v, "petugas5");
	free(v);
	/* a fresh captcha comes with the form */
	v = html_field(r.body, "captcha_id");
	assert_non_null(v);
	assert_string_not_equal(v, f.captcha_id);
	free(v);
	resp_free(&r);
	/* right password, wrong captcha: no login and no failure counted */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'staf'"), sessions);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM throttle"), fails);
	form_free(&f);
	free(pw);
	client_free(c);
}

/* A stranger's failures make their own address wait; the officer, on
 * another address, logs in at once. */
static void test_bad_staff_login_stranger_cannot_lock_out(void **st)
{
	struct client *c = client_new(&S), *owner = client_new(&S);
	char *pw = srv_admin_add(&S, "petugas6", "verifikator"), *retry;
	long long sessions = srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'staf'");
	struct resp r;
	int i;

	(void)st;
	client_from(c, "127.0.0.2");
	for (i = 0; i < 4; i++) {
		assert_int_equal(staf_login_post(c, "petugas6", "Salah-1234", &r), 0);
		assert_int_equal(r.status, 422);
		resp_free(&r);
	}
	/* the stranger's address waits, even with the right password */
	assert_int_equal(staf_login_post(c, "petugas6", pw, &r), 0);
	assert_int_equal(r.status, 429);
	assert_true(resp_has(&r, "Terlalu banyak percobaan login yang gagal"));
	retry = resp_header(&r, "Retry-After");
	assert_non_null(retry);
	free(retry);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'staf'"), sessions);
	/* the officer's own address is not touched */
	assert_int_equal(staf_login_post(owner, "petugas6", pw, &r), 0);
	assert_true(redirect_is(&r, "/staf/password"));
	resp_free(&r);
	/* nor is the API */
	assert_int_equal(srv_db_exec(&S, "UPDATE staf SET ganti_password = 0 WHERE username = 'petugas6'"), 0);
	retry = staf_token(&S, "petugas6", pw);
	assert_non_null(retry);
	free(retry);
	free(pw);
	client_free(c);
	client_free(owner);
}

static void test_bad_missing_csrf(void **st)
{
	struct client *c = staf_ready(&S, "admin7", "admin", NULL, NEW_PW);
	long long id = make_pemohon(&S, "3326071505900071");
	long long sent = srv_db_int(&S, "SELECT COUNT(*) FROM outbox");
	char path[80], *pw = srv_admin_add(&S, "petugas7", "admin");
	struct client *anon = client_new(&S);
	struct resp r;

	(void)st;
	assert_non_null(c);
	snprintf(path, sizeof path, "/staf/pendaftaran/%lld/setujui", id);
	assert_int_equal(client_post(c, path, &r, "alasan", "x", NULL), 0);
	assert_int_equal(r.status, 403);
	assert_true(resp_has(&r, "Formulir sudah kedaluwarsa"));
	resp_free(&r);
	assert_int_equal(client_post(c, path, &r, "csrf", "palsu", NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* the login form too: a login without the token changes nothing */
	assert_int_equal(client_post(anon, "/staf/login", &r, "username", "petugas7", "password", pw, NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pemohon WHERE id = %lld AND status = 'menunggu'", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), sent);
	free(pw);
	client_free(anon);
	client_free(c);
}

static void test_without_login_redirects(void **st)
{
	struct client *c = client_new(&S);
	const char *paths[] = { "/staf", "/staf/pendaftaran", "/staf/pendaftaran/1", "/staf/pesan", "/staf/password" };
	struct resp r;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(client_get(c, paths[i], &r), 0);
		assert_true(redirect_is(&r, "/staf/login"));
		resp_free(&r);
	}
	/* an applicant session is not a staff session */
	assert_int_equal(client_get(c, "/staf/login", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Login Petugas"));
	assert_true(resp_has(&r, "name=\"username\""));
	assert_true(resp_has(&r, "Berapa "));
	resp_free(&r);
	client_free(c);
}

static void test_bad_other_roles_forbidden(void **st)
{
	const char *users[][2] = { { "op1", "operator" }, { "ttd1", "penandatangan" } };
	long long id = make_pemohon(&S, "3326071505900081");
	long long sent = srv_db_int(&S, "SELECT COUNT(*) FROM outbox");
	char detail[64], path[80], *csrf;
	struct resp r;
	size_t i;

	(void)st;
	snprintf(detail, sizeof detail, "/staf/pendaftaran/%lld", id);
	for (i = 0; i < 2; i++) {
		struct client *c = staf_ready(&S, users[i][0], users[i][1], NULL, NEW_PW);

		assert_non_null(c);
		/* the dashboard is theirs */
		assert_int_equal(client_get(c, "/staf", &r), 0);
		assert_int_equal(r.status, 200);
		assert_true(resp_has(&r, "Beranda Petugas"));
		assert_true(resp_has(&r, i == 0 ? "Operator" : "Penandatangan"));
		csrf = html_field(r.body, "csrf");
		assert_non_null(csrf);
		resp_free(&r);
		assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
		assert_int_equal(r.status, 403);
		assert_true(resp_has(&r, "Akses ditolak"));
		resp_free(&r);
		assert_int_equal(client_get(c, detail, &r), 0);
		assert_int_equal(r.status, 403);
		assert_false(resp_has(&r, "3326071505900081"));
		assert_false(resp_has(&r, "Sri Wahyuni"));
		resp_free(&r);
		assert_int_equal(client_get(c, "/staf/pesan", &r), 0);
		assert_int_equal(r.status, 403);
		resp_free(&r);
		snprintf(path, sizeof path, "%s/setujui", detail);
		assert_int_equal(client_post(c, path, &r, "csrf", csrf, NULL), 0);
		assert_int_equal(r.status, 403);
		resp_free(&r);
		snprintf(path, sizeof path, "%s/tolak", detail);
		assert_int_equal(client_post(c, path, &r, "csrf", csrf, "alasan", REASON, NULL), 0);
		assert_int_equal(r.status, 403);
		resp_free(&r);
		free(csrf);
		client_free(c);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pemohon WHERE id = %lld AND status = 'menunggu'", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), sent);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE objek = 'pemohon:%lld'", id), 0);
}

/* ---- the registration queue ---------------------------------------------- */

static void test_list_masks_nik_and_flags_warnings(void **st)
{
	struct client *c = staf_ready(&S, "verif10", "verifikator", NULL, NEW_PW);
	struct resp r;

	(void)st;
	assert_non_null(c);
	make_pemohon(&S, "3326071505900101");
	make_pemohon(&S, "3326071405900003");  /* NIK says 14-05-90, form says 15-05-1990 */
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "table-responsive"));
	assert_true(resp_has(&r, "3326********0101"));
	assert_true(resp_has(&r, "3326********0003"));
	assert_false(resp_has(&r, "3326071505900101"));
	assert_false(resp_has(&r, "3326071405900003"));
	assert_false(resp_has(&r, "3326071409230009"));  /* No. KK */
	assert_false(resp_has(&r, "Sri Wahyuni"));
	assert_true(resp_has(&r, "Siti Aminah"));
	assert_true(resp_has(&r, "Menunggu Verifikasi"));
	assert_true(resp_has(&r, " WIB"));
	resp_free(&r);
	/* the warning belongs to the mismatching NIK only */
	assert_int_equal(client_get(c, "/staf/pendaftaran?q=3326071405900003", &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(str_count(r.body, "Detail</a>"), 1);
	assert_true(resp_has(&r, "Perlu dicek"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/pendaftaran?q=3326071505900101", &r), 0);
	assert_int_equal(str_count(r.body, "Detail</a>"), 1);
	assert_false(resp_has(&r, "Perlu dicek"));
	resp_free(&r);
	client_free(c);
}

static void test_list_filter_and_search(void **st)
{
	struct client *c = staf_ready(&S, "verif11", "verifikator", NULL, NEW_PW);
	long long id = make_pemohon(&S, "3326071505900111");
	struct resp r;

	(void)st;
	assert_non_null(c);
	assert_int_equal(srv_db_exec(&S, "UPDATE pemohon SET nama = 'Budi Santoso' WHERE id = %lld", id), 0);
	/* by name, case-insensitive */
	assert_int_equal(client_get(c, "/staf/pendaftaran?q=budi", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Budi Santoso"));
	assert_false(resp_has(&r, "Siti Aminah"));
	assert_int_equal(str_count(r.body, "Detail</a>"), 1);
	resp_free(&r);
	/* by exact NIK */
	assert_int_equal(client_get(c, "/staf/pendaftaran?status=menunggu&q=3326071505900111", &r), 0);
	assert_true(resp_has(&r, "Budi Santoso"));
	assert_int_equal(str_count(r.body, "Detail</a>"), 1);
	resp_free(&r);
	/* other statuses hold nothing of his */
	assert_int_equal(client_get(c, "/staf/pendaftaran?status=ditolak&q=budi", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Tidak ada pendaftaran dengan status ini"));
	assert_true(resp_has(&r, "<option value=\"ditolak\" selected>"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/pendaftaran?status=semua&q=Budi%20Santoso", &r), 0);
	assert_int_equal(str_count(r.body, "Detail</a>"), 1);
	resp_free(&r);
	/* after approval he moves to "disetujui" */
	post_decision(c, id, "setujui", NULL, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/pendaftaran?q=budi", &r), 0);
	assert_true(resp_has(&r, "Tidak ada pendaftaran dengan status ini."));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/pendaftaran?status=disetujui&q=budi", &r), 0);
	assert_true(resp_has(&r, "Budi Santoso"));
	assert_true(resp_has(&r, ">Disetujui</span>"));
	resp_free(&r);
	client_free(c);
}

static void test_bad_list_params(void **st)
{
	struct client *c = staf_ready(&S, "verif12", "verifikator", NULL, NEW_PW);
	const char *queries[] = {
		"/staf/pendaftaran?status=xyz",
		"/staf/pendaftaran?status=menunggu'%20OR%201=1--",
		"/staf/pendaftaran?page=-1",
		"/staf/pendaftaran?page=abc",
		"/staf/pendaftaran?page=99999999999999999999",
		"/staf/pendaftaran?q=%27%20OR%20%271%27=%271",
		"/staf/pendaftaran?q=%25",
	};
	char *longq = malloc(300);
	struct resp r;
	size_t i;

	(void)st;
	assert_non_null(c);
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		assert_int_equal(client_get(c, queries[i], &r), 0);
		assert_int_equal(r.status, 200);
		assert_true(resp_has(&r, "Verifikasi Pendaftaran Pemohon"));
		resp_free(&r);
	}
	/* an unknown status means the default one */
	assert_int_equal(client_get(c, "/staf/pendaftaran?status=xyz", &r), 0);
	assert_true(resp_has(&r, "<option value=\"menunggu\" selected>"));
	resp_free(&r);
	/* quotes are data, not SQL */
	assert_int_equal(client_get(c, "/staf/pendaftaran?q=%27%20OR%20%271%27=%271", &r), 0);
	assert_true(resp_has(&r, "Tidak ada pendaftaran dengan status ini"));
	resp_free(&r);
	strcpy(longq, "/staf/pendaftaran?q=");
	memset(longq + strlen(longq), 'a', 150);
	longq[20 + 150] = '\0';
	assert_int_equal(client_get(c, longq, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Kata pencarian maksimal 100 karakter"));
	resp_free(&r);
	free(longq);
	client_free(c);
}

static void test_list_pagination(void **st)
{
	const char *env[] = { "LOKET_PAGE_SIZE=2", NULL };
	struct srv P;
	struct client *c;
	struct resp r;

	(void)st;
	assert_int_equal(srv_start(&P, env), 0);
	c = staf_ready(&P, "admin20", "admin", NULL, NEW_PW);
	assert_non_null(c);
	make_pemohon(&P, "3326071505900201");
	make_pemohon(&P, "3326071505900202");
	make_pemohon(&P, "3326071505900203");
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(str_count(r.body, "Detail</a>"), 2);
	assert_true(resp_has(&r, "Halaman 1 dari 2"));
	assert_true(resp_has(&r, "href=\"/staf/pendaftaran?status=menunggu&amp;page=2\""));
	assert_true(resp_has(&r, "3326********0201"));
	assert_false(resp_has(&r, "3326********0203"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/pendaftaran?status=menunggu&page=2", &r), 0);
	assert_int_equal(str_count(r.body, "Detail</a>"), 1);
	assert_true(resp_has(&r, "Halaman 2 dari 2"));
	assert_true(resp_has(&r, "3326********0203"));
	assert_true(resp_has(&r, "href=\"/staf/pendaftaran?status=menunggu&amp;page=1\""));
	resp_free(&r);
	/* the filter travels with the page links */
	assert_int_equal(client_get(c, "/staf/pendaftaran?status=semua&q=siti%20aminah", &r), 0);
	assert_true(resp_has(&r, "href=\"/staf/pendaftaran?status=semua&amp;q=siti%20aminah&amp;page=2\""));
	resp_free(&r);
	/* past the end: the last page */
	assert_int_equal(client_get(c, "/staf/pendaftaran?page=50", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Halaman 2 dari 2"));
	assert_int_equal(str_count(r.body, "Detail</a>"), 1);
	resp_free(&r);
	client_free(c);
	assert_int_equal(srv_stop(&P), 0);
}

/* Past 10,000 matching registrations the list stops counting (so the
 * query stays fast) and says "more than 10,000"; paging goes on. */
static void test_list_total_capped(void **st)
{
	struct srv P;
	struct client *c;
	struct resp r;

	(void)st;
	assert_int_equal(srv_start(&P, NULL), 0);
	c = staf_ready(&P, "admin21", "admin", NULL, NEW_PW);
	assert_non_null(c);
	assert_int_equal(srv_db_exec(&P,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10050) "
		"INSERT INTO pemohon (nik, nama, no_kk, tempat_lahir, tanggal_lahir, nama_ibu, kode_desa, no_hp, "
		"email, password_hash, status, created_at, updated_at) "
		"SELECT CAST(3326070000000000 + i AS TEXT), 'Warga Uji', '3326071409230009', 'Pekalongan', "
		"'1990-05-15', 'Ibu Uji', '33.26.07.2008', '6281234567890', 'uji@example.com', 'x', 'menunggu', i, i "
		"FROM n"), 0);
	assert_int_equal(srv_db_int(&P, "SELECT COUNT(*) FROM pemohon"), 10050);
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Lebih dari 10.000 pendaftaran ditemukan."));
	assert_false(resp_has(&r, "10001"));
	assert_true(resp_has(&r, "Halaman 1</span>"));
	assert_true(resp_has(&r, "page=2\""));
	resp_free(&r);
	/* a page beyond the counted ones still shows its rows */
	assert_int_equal(client_get(c, "/staf/pendaftaran?page=503", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Halaman 503</span>"));
	assert_int_equal(str_count(r.body, "Detail</a>"), 10);   /* 10,050 rows, 20 a page */
	assert_false(resp_has(&r, "page=504\""));
	resp_free(&r);
	client_free(c);
	assert_int_equal(srv_stop(&P), 0);
}

/* ---- detail, approve, reject --------------------------------------------- */

static void test_detail_shows_record_and_warning(void **st)
{
	struct client *c = staf_ready(&S, "verif30", "verifikator", NULL, NEW_PW);
	long long id = make_pemohon(&S, "3326071405900031");
	long long staf = srv_db_int(&S, "SELECT id FROM staf WHERE username = 'verif30'");
	char path[64];
	struct resp r;

	(void)st;
	assert_non_null(c);
	snprintf(path, sizeof path, "/staf/pendaftaran/%lld", id);
	assert_int_equal(client_get(c, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "3326071405900031"));
	assert_true(resp_has(&r, "3326071409230009"));
	assert_true(resp_has(&r, "Sri Wahyuni"));
	assert_true(resp_has(&r, "Pekalongan"));
	assert_true(resp_has(&r, "15-05-1990"));
	assert_true(resp_has(&r, "081234567890"));
	assert_true(resp_has(&r, "siti@example.com"));
	assert_true(resp_has(&r, "Peringatan NIK"));
	assert_true(resp_has(&r, "alert-warning"));
	assert_true(resp_has(&r, "Tanggal lahir pada NIK (14-05-90) berbeda dengan Tanggal Lahir yang diisi (15-05-1990)."));
	assert_true(resp_has(&r, "Menunggu Verifikasi"));
	assert_true(resp_has(&r, "data-confirm=\"Setujui pendaftaran ini dan kirim link aktivasi?\""));
	assert_true(resp_has(&r, "/setujui\""));
	assert_true(resp_has(&r, "/tolak\""));
	assert_true(resp_has(&r, "name=\"alasan\""));
	resp_free(&r);
	/* viewing a record is an officer action: audited */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pendaftaran.lihat' "
				"AND objek = 'pemohon:%lld' AND staf_id = %lld", id, staf), 1);
	client_free(c);
}

static void test_approve_sends_activation_link(void **st)
{
	struct client *c = staf_ready(&S, "verif40", "verifikator", NULL, NEW_PW);
	long long id = make_pemohon(&S, "3326071505900041");
	long long staf = srv_db_int(&S, "SELECT id FROM staf WHERE username = 'verif40'");
	long long sent = srv_db_int(&S, "SELECT COUNT(*) FROM outbox");
	char **lines, *link, *token;
	size_t n, i, hits = 0, wa = 0, em = 0;
	struct resp r;

	(void)st;
	assert_non_null(c);
	post_decision(c, id, "setujui", NULL, &r);
	assert_true(redirect_is(&r, "/staf/pendaftaran"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_true(resp_has(&r, "Pendaftaran disetujui. Link aktivasi dikirim melalui WhatsApp dan Email."));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pemohon WHERE id = %lld AND status = 'disetujui' "
				"AND diverifikasi_oleh = %lld", id, staf), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token WHERE pemohon_id = %lld AND jenis = 'aktivasi'", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pendaftaran.setujui' "
				"AND objek = 'pemohon:%lld' AND staf_id = %lld", id, staf), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), sent + 2);

	/* both messages carry the same link */
	link = outbox_link(&S, "/pemohon/aktivasi/");
	assert_non_null(link);
	assert_int_equal(strncmp(link, S.base, strlen(S.base)), 0);
	assert_int_equal(strncmp(link + strlen(S.base), "/pemohon/aktivasi/", 18), 0);
	token = link + strlen(S.base) + 18;
	assert_true(strlen(token) >= 32);
	assert_int_equal(outbox_count(&S, token, 2), 2);
	n = outbox_lines(&S, 0, &lines);
	for (i = 0; i < n; i++) {
		if (!strstr(lines[i], token))
			continue;
		hits++;
		wa += strstr(lines[i], "\"channel\":\"whatsapp\"") && strstr(lines[i], "\"to\":\"6281234567890\"");
		em += strstr(lines[i], "\"channel\":\"email\"") && strstr(lines[i], "\"to\":\"siti@example.com\"");
	}
	outbox_free(lines, n);
	assert_int_equal(hits, 2);
	assert_int_equal(wa, 1);
	assert_int_equal(em, 1);

	/* approving twice changes nothing and sends nothing */
	{
		char path[80], *csrf = page_field(c, "/staf/pendaftaran", "csrf");

		assert_non_null(csrf);
		snprintf(path, sizeof path, "/staf/pendaftaran/%lld/setujui", id);
		assert_int_equal(client_post(c, path, &r, "csrf", csrf, NULL), 0);
		assert_int_equal(r.status, 409);
		assert_true(resp_has(&r, "Pendaftaran ini sudah diproses."));
		assert_false(resp_has(&r, "data-confirm=\"Setujui"));
		resp_free(&r);
		free(csrf);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), sent + 2);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token WHERE pemohon_id = %lld", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pendaftaran.setujui' "
				"AND objek = 'pemohon:%lld'", id), 1);

	/* the link from the message opens the activation form */
	{
		struct client *p = client_new(&S);

		assert_int_equal(client_get(p, link + strlen(S.base), &r), 0);
		assert_int_equal(r.status, 200);
		assert_true(resp_has(&r, "name=\"nama_ibu\""));
		resp_free(&r);
		client_free(p);
	}
	free(link);
	client_free(c);
}

/* Waits until the outbox thread wrote every queued message. */
static void wait_delivered(void)
{
	int i;

	for (i = 0; i < 100 && srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") != 0; i++)
		usleep(50000);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"), 0);
}

static void test_resend_activation_link(void **st)
{
	struct client *c = staf_ready(&S, "verif45", "verifikator", NULL, NEW_PW);
	long long id = make_pemohon(&S, "3326071505900046");
	char *old, *fresh, path[80], *csrf;
	struct resp r;

	(void)st;
	assert_non_null(c);
	/* only an approved registration can get a new link */
	csrf = page_field(c, "/staf/pendaftaran", "csrf");
	assert_non_null(csrf);
	snprintf(path, sizeof path, "/staf/pendaftaran/%lld/kirim-ulang", id);
	assert_int_equal(client_post(c, path, &r, "csrf", csrf, NULL), 0);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token WHERE pemohon_id = %lld", id), 0);

	post_decision(c, id, "setujui", NULL, &r);
	resp_free(&r);
	wait_delivered();
	old = outbox_link(&S, "/pemohon/aktivasi/");
	assert_non_null(old);
	assert_int_equal(client_post(c, path, &r, "csrf", csrf, NULL), 0);
	assert_true(redirect_is(&r, "/staf/pendaftaran?status=disetujui"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pendaftaran.kirim_ulang_aktivasi' "
				"AND objek = 'pemohon:%lld'", id), 1);
	/* a new link went out, and only the new one opens the form */
	wait_delivered();
	fresh = outbox_link(&S, "/pemohon/aktivasi/");
	assert_non_null(fresh);
	assert_string_not_equal(fresh, old);
	assert_int_equal(client_get(c, old + strlen(S.base), &r), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_int_equal(client_get(c, fresh + strlen(S.base), &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "name=\"nama_ibu\""));
	resp_free(&r);
	free(old);
	free(fresh);
	free(csrf);
	client_free(c);
}

static void test_bad_reject_without_reason(void **st)
{
	struct client *c = staf_ready(&S, "verif50", "verifikator", NULL, NEW_PW);
	long long id = make_pemohon(&S, "3326071505900051");
	long long sent = srv_db_int(&S, "SELECT COUNT(*) FROM outbox");
	char *longr = malloc(502), *v;
	struct resp r;

	(void)st;
	assert_non_null(c);
	post_decision(c, id, "tolak", "", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Alasan penolakan wajib diisi"));
	assert_true(resp_has(&r, "is-invalid"));
	assert_true(resp_has(&r, "3326071505900051"));  /* still the detail page */
	resp_free(&r);
	post_decision(c, id, "tolak", "   ", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Alasan penolakan wajib diisi"));
	resp_free(&r);
	memset(longr, 'x', 501);
	longr[501] = '\0';
	post_decision(c, id, "tolak", longr, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Alasan penolakan maksimal 500 karakter"));
	v = html_field(r.body, "alasan");
	assert_non_null(v);
	assert_string_equal(v, longr);  /* what the officer typed is kept */
	free(v);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pemohon WHERE id = %lld AND status = 'menunggu' "
				"AND alasan_tolak IS NULL", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), sent);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pendaftaran.tolak' "
				"AND objek = 'pemohon:%lld'", id), 0);
	free(longr);
	client_free(c);
}

static void test_reject_with_reason(void **st)
{
	struct client *c = staf_ready(&S, "verif60", "verifikator", NULL, NEW_PW);
	long long id = make_pemohon(&S, "3326071505900061");
	long long sent = srv_db_int(&S, "SELECT COUNT(*) FROM outbox");
	char *alasan, path[64];
	struct resp r;

	(void)st;
	assert_non_null(c);
	post_decision(c, id, "tolak", REASON, &r);
	assert_true(redirect_is(&r, "/staf/pendaftaran"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_true(resp_has(&r, "Pendaftaran ditolak. Alasan dikirim melalui WhatsApp dan Email."));
	resp_free(&r);
	alasan = srv_db_text(&S, "SELECT alasan_tolak FROM pemohon WHERE id = %lld AND status = 'ditolak'", id);
	assert_non_null(alasan);
	assert_string_equal(alasan, REASON);
	free(alasan);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), sent + 2);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pendaftaran.tolak' "
				"AND objek = 'pemohon:%lld'", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token WHERE pemohon_id = %lld", id), 0);
	assert_int_equal(outbox_count(&S, REASON, 2), 2);
	/* the record shows the decision and offers no more buttons */
	snprintf(path, sizeof path, "/staf/pendaftaran/%lld", id);
	assert_int_equal(client_get(c, path, &r), 0);
	assert_true(resp_has(&r, "Tidak Disetujui"));
	assert_true(resp_has(&r, "Foto KK tidak terbaca"));
	assert_false(resp_has(&r, "name=\"alasan\""));
	resp_free(&r);
	/* rejecting again: already done */
	{
		char p2[80], *csrf = page_field(c, "/staf/pendaftaran", "csrf");

		assert_non_null(csrf);
		snprintf(p2, sizeof p2, "/staf/pendaftaran/%lld/tolak", id);
		assert_int_equal(client_post(c, p2, &r, "csrf", csrf, "alasan", "lagi", NULL), 0);
		assert_int_equal(r.status, 409);
		assert_true(resp_has(&r, "sudah diproses"));
		resp_free(&r);
		free(csrf);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), sent + 2);
	client_free(c);
}

static void test_bad_unknown_id_404(void **st)
{
	struct client *c = staf_ready(&S, "verif70", "verifikator", NULL, NEW_PW);
	const char *paths[] = { "/staf/pendaftaran/999999", "/staf/pendaftaran/abc", "/staf/pendaftaran/0",
				"/staf/pendaftaran/-1", "/staf/pendaftaran/01", "/staf/pendaftaran/1e3" };
	char *csrf;
	long long audits = srv_db_int(&S, "SELECT COUNT(*) FROM audit");
	struct resp r;
	size_t i;

	(void)st;
	assert_non_null(c);
	csrf = page_field(c, "/staf/pendaftaran", "csrf");
	assert_non_null(csrf);
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(client_get(c, paths[i], &r), 0);
		assert_int_equal(r.status, 404);
		assert_true(resp_has(&r, "Data pendaftaran tidak ditemukan."));
		resp_free(&r);
	}
	assert_int_equal(client_post(c, "/staf/pendaftaran/999999/setujui", &r, "csrf", csrf, NULL), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_int_equal(client_post(c, "/staf/pendaftaran/abc/tolak", &r, "csrf", csrf, "alasan", REASON, NULL), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_int_equal(client_post(c, "/staf/pendaftaran/999999/tolak", &r, "csrf", csrf, "alasan", REASON, NULL), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit"), audits);
	free(csrf);
	client_free(c);
}

/* ---- outbox page and logout ---------------------------------------------- */

/* The verifier's takeover chain of the review: the message log shows no
 * live link, keeps none once delivered, and reading it is audited. */
static void test_pesan_lists_masked_recipients_and_no_secret(void **st)
{
	struct client *c = staf_ready(&S, "admin80", "admin", NULL, NEW_PW);
	long long id = make_pemohon(&S, "3326071505900091"), audits;
	char *link, *token, *v;
	struct resp r;

	(void)st;
	assert_non_null(c);
	post_decision(c, id, "setujui", NULL, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	/* the resident got the live link (the development transport's file) */
	link = outbox_link(&S, "/pemohon/aktivasi/");
	assert_non_null(link);
	token = strrchr(link, '/') + 1;
	assert_true(strlen(token) >= 32);
	audits = srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pesan.lihat'");
	assert_int_equal(client_get(c, "/staf/pesan", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Pesan Terkirim"));
	assert_true(resp_has(&r, "0812****7890"));
	assert_true(resp_has(&r, "si***@example.com"));
	assert_false(resp_has(&r, "081234567890"));
	assert_false(resp_has(&r, "6281234567890"));
	assert_false(resp_has(&r, "siti@example.com"));
	assert_true(resp_has(&r, "WhatsApp</span>"));
	assert_true(resp_has(&r, "Email</span>"));
	assert_true(resp_has(&r, "<details>"));
	assert_true(resp_has(&r, "Aktivasi Akun Pemohon"));
	/* a link may wrap after each slash on a phone, not inside a word */
	assert_true(resp_has(&r, "/<wbr>pemohon/<wbr>aktivasi/<wbr>••••••"));
	assert_false(resp_has(&r, token));
	assert_true(resp_has(&r, "table-responsive"));
	assert_true(resp_has(&r, " WIB"));
	assert_true(resp_has(&r, "terkirim") || resp_has(&r, "menunggu"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pesan.lihat'"), audits + 1);
	/* storage: the shown text never held the token; once delivered, the full
	 * text is gone too */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%%%s%%'", token), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND rahasia IS NOT NULL"), 0);
	v = srv_db_text(&S, "SELECT body FROM outbox WHERE body LIKE '%%/pemohon/aktivasi/%%' ORDER BY id DESC LIMIT 1");
	assert_non_null(strstr(v, "/pemohon/aktivasi/••••••"));
	free(v);
	/* nor does an export of the database */
	{
		char path[300], *const argv[] = { LOKET_BIN, "export", path, NULL };
		char *all;
		size_t n;

		snprintf(path, sizeof path, "%s/ekspor.loket", S.dir);
		assert_int_equal(srv_run(&S, NULL, argv, NULL), 0);
		all = file_read(path, &n);
		assert_non_null(all);
		assert_null(memmem(all, n, token, strlen(token)));
		free(all);
		unlink(path);
	}
	free(link);
	assert_int_equal(client_get(c, "/staf/pesan?page=abc", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	client_free(c);
}

static void test_logout(void **st)
{
	struct client *c = staf_ready(&S, "admin90", "admin", NULL, NEW_PW);
	char *csrf;
	struct resp r;

	(void)st;
	assert_non_null(c);
	csrf = page_field(c, "/staf/pendaftaran", "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(c, "/staf/logout", &r, "csrf", csrf, NULL), 0);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/login", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Anda telah keluar."));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	free(csrf);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_login_forces_password_change),
		cmocka_unit_test(test_cli_reset_password),
		cmocka_unit_test(test_bad_new_password_rejected),
		cmocka_unit_test(test_password_change_clears_flag),
		cmocka_unit_test(test_bad_staff_login),
		cmocka_unit_test(test_bad_staff_login_captcha),
		cmocka_unit_test(test_bad_staff_login_stranger_cannot_lock_out),
		cmocka_unit_test(test_bad_missing_csrf),
		cmocka_unit_test(test_without_login_redirects),
		cmocka_unit_test(test_bad_other_roles_forbidden),
		cmocka_unit_test(test_list_masks_nik_and_flags_warnings),
		cmocka_unit_test(test_list_filter_and_search),
		cmocka_unit_test(test_bad_list_params),
		cmocka_unit_test(test_list_pagination),
		cmocka_unit_test(test_list_total_capped),
		cmocka_unit_test(test_detail_shows_record_and_warning),
		cmocka_unit_test(test_approve_sends_activation_link),
		cmocka_unit_test(test_resend_activation_link),
		cmocka_unit_test(test_bad_reject_without_reason),
		cmocka_unit_test(test_reject_with_reason),
		cmocka_unit_test(test_bad_unknown_id_404),
		cmocka_unit_test(test_pesan_lists_masked_recipients_and_no_secret),
		cmocka_unit_test(test_logout),
	};

	return cmocka_run_group_tests_name("http_staff", tests, setup, teardown);
}
