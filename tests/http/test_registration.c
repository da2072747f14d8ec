// SPDX-License-Identifier: MIT
// HTTP tests of the applicant registration, status check and activation pages (manual B.1, B.2, B.8).
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

static struct srv S;

#define NIK_OK "3326071505900001"
#define NEUTRAL "Data pendaftaran dengan NIK dan Nomor HP tersebut tidak ditemukan."
#define ACT_FORM "Silahkan isi Nama Ibu Kandung untuk melanjutkan proses aktivasi."
#define ACT_OK "Proses aktivasi akun pemohon berhasil! Silahkan login untuk melanjutkan."
#define ACT_BAD "Link aktivasi tidak berlaku."
#define ACT_LOCKED "Terlalu banyak jawaban Nama Ibu Kandung yang salah."

/* Every raw activation token handed out, to prove none reaches the log. */
static char tokens[16][44];
static size_t ntokens;

static int setup(void **st)
{
	(void)st;
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	return srv_start(&S, NULL);
}

static int teardown(void **st)
{
	(void)st;
	return srv_stop(&S);
}

/* ---- registration form posting -------------------------------------------- */

/* The default NIK is never registered, so bad cases meet no duplicate. */
static const char *const reg_defaults[] = {
	"nik", "3326071505900099", "nama", "Siti Aminah", "no_kk", "3326071409230009",
	"tempat_lahir", "Pekalongan", "tanggal_lahir", "15-05-1990", "nama_ibu", "Sri Wahyuni",
	"provinsi", "33", "kabupaten", "33.26", "kecamatan", "33.26.07", "kode_desa", "33.26.07.2008",
	"no_hp", "081234567890", "email", "siti@example.com", "password", "Feb1702.", "password2", "Feb1702.",
	NULL,
};

#define KV_MAX 80

static const char *kv_get(const char *const *kv, const char *name)
{
	for (; kv[0]; kv += 2)
		if (!strcmp(kv[0], name))
			return kv[1];
	return NULL;
}

static void kv_set(const char **kv, const char *name, const char *value)
{
	size_t i;

	for (i = 0; kv[i]; i += 2) {
		if (!strcmp(kv[i], name)) {
			kv[i + 1] = value;
			return;
		}
	}
	assert_true(i + 2 < KV_MAX);
	kv[i] = name;
	kv[i + 1] = value;
	kv[i + 2] = NULL;
}

/* Fetches the form at path, then posts the default registration with the
 * (name, value, ..., NULL) pairs of over replacing or adding fields. kv
 * receives what was posted; f keeps the fetched form (caller frees). */
static void reg_post(struct client *c, const char *path, const char *const *over, struct form *f,
		     const char **kv, struct resp *out)
{
	const char *const *p;

	assert_int_equal(form_fetch(c, path, f), 0);
	assert_non_null(f->csrf);
	assert_non_null(f->captcha_id);
	assert_non_null(f->captcha);
	kv[0] = NULL;
	kv_set(kv, "csrf", f->csrf);
	kv_set(kv, "captcha_id", f->captcha_id);
	kv_set(kv, "captcha", f->captcha);
	for (p = reg_defaults; *p; p += 2)
		kv_set(kv, p[0], p[1]);
	for (p = over; p && *p; p += 2)
		kv_set(kv, p[0], p[1]);
	assert_int_equal(client_post_arr(c, "/pemohon/daftar", kv, out), 0);
}

static void assert_field(const char *html, const char *name, const char *want)
{
	char *v = html_field(html, name);

	if (!v || strcmp(v, want))
		print_error("field %s: got \"%s\", want \"%s\"\n", name, v ? v : "(none)", want);
	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void assert_has(const struct resp *r, const char *needle)
{
	if (!resp_has(r, needle))
		print_error("missing in page (status %ld): %s\n", r->status, needle);
	assert_true(resp_has(r, needle));
}

/* A bad registration: 422, the message, the typed values kept, both
 * passwords empty, a new captcha, and no new row. */
static void expect_bad(const char *const *over, const char *msg)
{
	struct client *c = client_new(&S);
	const char *kv[KV_MAX];
	struct form f;
	struct resp r;
	long long before = srv_count(&S, "pemohon");
	char *ans;

	reg_post(c, "/pemohon/daftar", over, &f, kv, &r);
	assert_int_equal(r.status, 422);
	assert_has(&r, msg);
	assert_has(&r, "is-invalid");
	assert_field(r.body, "nama", kv_get(kv, "nama"));
	assert_field(r.body, "email", kv_get(kv, "email"));
	assert_field(r.body, "nama_ibu", kv_get(kv, "nama_ibu"));
	assert_field(r.body, "password", "");
	assert_field(r.body, "password2", "");
	ans = html_field(r.body, "captcha_id");
	assert_non_null(ans);
	assert_string_not_equal(ans, f.captcha_id);
	free(ans);
	assert_int_equal(srv_count(&S, "pemohon"), before);
	resp_free(&r);
	form_free(&f);
	client_free(c);
}

/* A registration that must succeed: 303 to the status page. */
static void expect_ok(const char *const *over)
{
	struct client *c = client_new(&S);
	const char *kv[KV_MAX];
	struct form f;
	struct resp r;

	reg_post(c, "/pemohon/daftar", over, &f, kv, &r);
	assert_true(redirect_is(&r, "/pemohon/status"));
	resp_free(&r);
	form_free(&f);
	client_free(c);
}

/* ---- the form ------------------------------------------------------------- */

static void test_daftar_form_fields(void **st)
{
	static const char *const labels[] = {
		">NIK <", ">Nama Lengkap <", ">Nomor KK <", ">Tempat Lahir <", ">Tanggal Lahir <",
		">Nama Ibu Kandung <", ">Provinsi <", ">Kabupaten/Kota <", ">Kecamatan <", ">Desa/Kelurahan <",
		">Nomor HP (WhatsApp) <", ">Email <", ">Kata Kunci <", ">Ulangi Kata Kunci <", NULL,
	};
	struct client *c = client_new(&S);
	struct resp r;
	const char *prev = NULL;
	char *q;
	size_t i;

	(void)st;
	assert_int_equal(client_get(c, "/pemohon/daftar", &r), 0);
	assert_int_equal(r.status, 200);
	/* every label, in the order of Gambar 13, each marked required */
	for (i = 0; labels[i]; i++) {
		const char *at = strstr(r.body, labels[i]);

		if (!at)
			print_error("missing label %s\n", labels[i]);
		assert_non_null(at);
		assert_true(!prev || at > prev);
		assert_true(!strncmp(at + strlen(labels[i]) - 1, "<span class=\"req\">*</span>", 26));
		prev = at;
	}
	assert_has(&r, "Pendaftaran Pemohon");
	assert_has(&r, "placeholder=\"DD-MM-YYYY\"");
	assert_has(&r, "placeholder=\"08...\"");
	assert_has(&r, "autocomplete=\"new-password\"");
	assert_has(&r, "data-toggle-password=\"password\"");
	assert_has(&r, "data-toggle-password=\"password2\"");
	assert_has(&r, "data-wilayah-child=\"kabupaten\"");
	assert_has(&r, "data-wilayah-child=\"kecamatan\"");
	assert_has(&r, "data-wilayah-child=\"kode_desa\"");
	assert_has(&r, "<option value=\"33\">Jawa Tengah</option>");
	assert_has(&r, "<option value=\"11\">Aceh</option>");
	assert_has(&r, "Minimal 8 karakter.");
	assert_has(&r, "Mengandung huruf besar / kapital.");
	assert_has(&r, "Mengandung huruf kecil.");
	assert_has(&r, "Mengandung angka (0-9).");
	assert_has(&r, "Mengandung simbol khusus");
	assert_has(&r, "Feb1702. atau Agus-2024 atau M@ret2025");
	assert_has(&r, "Kirim Pendaftaran");
	assert_has(&r, "type=\"reset\"");
	assert_has(&r, "Sudah memiliki Akun? <a href=\"/pemohon/login\">Login Pemohon</a>");
	assert_has(&r, "list-group-item-action active\" href=\"/pemohon/daftar\"");
	q = html_captcha_answer(r.body);
	assert_non_null(q);
	free(q);
	q = html_field(r.body, "csrf");
	assert_non_null(q);
	assert_int_equal(strlen(q), 43);
	free(q);
	q = html_field(r.body, "captcha_id");
	assert_non_null(q);
	assert_true(strlen(q) > 0);
	free(q);
	/* CSP: no inline script, style or handlers */
	assert_false(resp_has(&r, "<script>"));
	assert_false(resp_has(&r, " style=\""));
	assert_false(resp_has(&r, " onclick="));
	resp_free(&r);
	client_free(c);
}

/* ---- success --------------------------------------------------------------- */

static void test_daftar_success(void **st)
{
	static const char *const ok[] = { "nik", NIK_OK, NULL };
	struct client *c = client_new(&S);
	const char *kv[KV_MAX];
	struct form f;
	struct resp r;
	long long before = srv_count(&S, "pemohon");
	char *v;

	(void)st;
	reg_post(c, "/pemohon/daftar", ok, &f, kv, &r);
	assert_int_equal(r.status, 303);
	v = resp_header(&r, "Location");
	assert_string_equal(v, "/pemohon/status");
	free(v);
	resp_free(&r);
	form_free(&f);
	assert_int_equal(srv_count(&S, "pemohon"), before + 1);
	v = srv_db_text(&S, "SELECT status FROM pemohon WHERE nik = '%s'", NIK_OK);
	assert_string_equal(v, "menunggu");
	free(v);
	v = srv_db_text(&S, "SELECT password_hash FROM pemohon WHERE nik = '%s'", NIK_OK);
	assert_non_null(v);
	assert_true(!strncmp(v, "$argon2id$", 10));
	free(v);
	v = srv_db_text(&S, "SELECT no_hp FROM pemohon WHERE nik = '%s'", NIK_OK);
	assert_string_equal(v, "6281234567890");
	free(v);
	v = srv_db_text(&S, "SELECT tanggal_lahir FROM pemohon WHERE nik = '%s'", NIK_OK);
	assert_string_equal(v, "1990-05-15");
	free(v);
	v = srv_db_text(&S, "SELECT kode_desa FROM pemohon WHERE nik = '%s'", NIK_OK);
	assert_string_equal(v, "33.26.07.2008");
	free(v);
	assert_null(srv_db_text(&S, "SELECT peringatan FROM pemohon WHERE nik = '%s'", NIK_OK));

	/* the page redirected to: flash plus the "menunggu verifikasi" box */
	assert_int_equal(client_get(c, "/pemohon/status", &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(&r, "Pendaftaran berhasil dikirim.");
	assert_has(&r, "link aktivasi akun dikirim melalui WhatsApp dan Email");
	assert_has(&r, "<strong>Pendaftaran terkirim</strong>");
	resp_free(&r);
	/* both are shown once */
	assert_int_equal(client_get(c, "/pemohon/status", &r), 0);
	assert_false(resp_has(&r, "Pendaftaran berhasil dikirim."));
	assert_false(resp_has(&r, "Pendaftaran terkirim"));
	resp_free(&r);
	client_free(c);
}

static void test_daftar_iso_date_accepted(void **st)
{
	static const char *const over[] = { "nik", "3326071505900051", "tanggal_lahir", "1990-05-15", NULL };
	char *v;

	(void)st;
	expect_ok(over);
	v = srv_db_text(&S, "SELECT tanggal_lahir FROM pemohon WHERE nik = '3326071505900051'");
	assert_string_equal(v, "1990-05-15");
	free(v);
}

static void test_daftar_nik_date_mismatch_warns(void **st)
{
	/* NIK says 14-05-90, the form 15-05-1990: accepted, flagged */
	static const char *const over[] = { "nik", "3326071405900013", NULL };
	long long before = srv_count(&S, "pemohon");
	char *v;

	(void)st;
	expect_ok(over);
	assert_int_equal(srv_count(&S, "pemohon"), before + 1);
	v = srv_db_text(&S, "SELECT peringatan FROM pemohon WHERE nik = '3326071405900013'");
	assert_non_null(v);
	assert_non_null(strstr(v, "14-05-90"));
	assert_non_null(strstr(v, "berbeda dengan Tanggal Lahir"));
	free(v);
}

/* ---- bad input ------------------------------------------------------------- */

static void test_bad_nik_letters(void **st)
{
	static const char *const over[] = { "nik", "33260715059A0001", NULL };

	(void)st;
	expect_bad(over, "NIK harus 16 digit angka.");
}

static void test_bad_nik_15_digits(void **st)
{
	static const char *const over[] = { "nik", "332607150590001", NULL };

	(void)st;
	expect_bad(over, "NIK harus 16 digit angka.");
}

static void test_bad_nik_province(void **st)
{
	static const char *const over[] = { "nik", "9926071505900001", NULL };

	(void)st;
	expect_bad(over, "Kode provinsi pada NIK tidak dikenal.");
}

static void test_bad_nik_day_32(void **st)
{
	static const char *const over[] = { "nik", "3326073205900001", NULL };

	(void)st;
	expect_bad(over, "Tanggal lahir pada NIK tidak mungkin.");
}

static void test_bad_nik_serial_0000(void **st)
{
	static const char *const over[] = { "nik", "3326071505900000", NULL };

	(void)st;
	expect_bad(over, "Nomor urut pada NIK tidak boleh 0000.");
}

static void test_bad_kk(void **st)
{
	static const char *const over[] = { "no_kk", "33260714092300", NULL };

	(void)st;
	expect_bad(over, "Nomor KK harus 16 digit angka.");
}

static void test_bad_date_31_feb(void **st)
{
	static const char *const over[] = { "tanggal_lahir", "31-02-1990", NULL };

	(void)st;
	expect_bad(over, "Tanggal lahir tidak sah.");
}

static void test_bad_date_future(void **st)
{
	static const char *const over[] = { "tanggal_lahir", "01-01-2099", NULL };

	(void)st;
	expect_bad(over, "Tanggal lahir tidak boleh melewati hari ini.");
}

static void test_bad_phone_landline(void **st)
{
	static const char *const over[] = { "no_hp", "0212345678", NULL };

	(void)st;
	expect_bad(over, "Nomor HP harus nomor seluler Indonesia");
}

static void test_bad_phone_short(void **st)
{
	static const char *const over[] = { "no_hp", "0812", NULL };

	(void)st;
	expect_bad(over, "Nomor HP harus nomor seluler Indonesia");
}

static void test_bad_email(void **st)
{
	static const char *const over[] = { "email", "siti@example", NULL };

	(void)st;
	expect_bad(over, "Alamat email tidak valid");
}

static void test_bad_name_too_long(void **st)
{
	char name[102];
	const char *over[] = { "nama", name, NULL };

	(void)st;
	memset(name, 'a', 101);
	name[101] = '\0';
	expect_bad(over, "maksimal 100 karakter");
}

static void test_bad_password_short(void **st)
{
	static const char *const over[] = { "password", "Fe1702.", "password2", "Fe1702.", NULL };

	(void)st;
	expect_bad(over, "Kata kunci belum memenuhi ketentuan: minimal 8 karakter.");
}

static void test_bad_password_no_upper(void **st)
{
	static const char *const over[] = { "password", "feb1702.", "password2", "feb1702.", NULL };

	(void)st;
	expect_bad(over, "Kata kunci belum memenuhi ketentuan: mengandung huruf besar / kapital.");
}

static void test_bad_password_no_lower(void **st)
{
	static const char *const over[] = { "password", "FEB1702.", "password2", "FEB1702.", NULL };

	(void)st;
	expect_bad(over, "Kata kunci belum memenuhi ketentuan: mengandung huruf kecil.");
}

static void test_bad_password_no_digit(void **st)
{
	static const char *const over[] = { "password", "Febru-ari", "password2", "Febru-ari", NULL };

	(void)st;
	expect_bad(over, "Kata kunci belum memenuhi ketentuan: mengandung angka (0-9).");
}

static void test_bad_password_no_symbol(void **st)
{
	static const char *const over[] = { "password", "Feb17021", "password2", "Feb17021", NULL };

	(void)st;
	expect_bad(over, "Kata kunci belum memenuhi ketentuan: mengandung simbol khusus seperti titik, strip, dsb.");
}

static void test_bad_password_mismatch(void **st)
{
	static const char *const over[] = { "password2", "Feb1702,", NULL };

	(void)st;
	expect_bad(over, "Ulangi kata kunci harus sama dengan kata kunci.");
}

static void test_bad_village_unknown(void **st)
{
	static const char *const over[] = { "kode_desa", "33.26.07.9999", NULL };

	(void)st;
	expect_bad(over, "Desa/kelurahan yang dipilih tidak dikenal.");
}

static void test_bad_keeps_region_selection(void **st)
{
	static const char *const over[] = { "email", "bukan-email", NULL };
	struct client *c = client_new(&S);
	const char *kv[KV_MAX];
	struct form f;
	struct resp r;

	(void)st;
	reg_post(c, "/pemohon/daftar", over, &f, kv, &r);
	assert_int_equal(r.status, 422);
	/* each level listed and the typed choice selected */
	assert_has(&r, "<option value=\"33\" selected>Jawa Tengah</option>");
	assert_has(&r, "<option value=\"33.26\" selected>Kabupaten Pekalongan</option>");
	assert_has(&r, "<option value=\"33.26.07\" selected>Karanganyar</option>");
	assert_has(&r, "<option value=\"33.26.07.2008\" selected>Karangsari</option>");
	assert_has(&r, "<option value=\"33.26.07.2001\">Gutomo</option>");
	assert_field(r.body, "nik", "3326071505900099");
	assert_field(r.body, "no_kk", "3326071409230009");
	assert_field(r.body, "tempat_lahir", "Pekalongan");
	assert_field(r.body, "tanggal_lahir", "15-05-1990");
	assert_field(r.body, "no_hp", "081234567890");
	assert_false(resp_has(&r, "value=\"Feb1702.\""));
	resp_free(&r);
	form_free(&f);
	client_free(c);
}

static void test_bad_captcha_wrong(void **st)
{
	static const char *const over[] = { "captcha", "9999", NULL };

	(void)st;
	expect_bad(over, "Jawaban hitungan salah.");
}

static void test_bad_captcha_reused(void **st)
{
	static const char *const over[] = { "email", "siti@example", NULL };
	struct client *c = client_new(&S);
	const char *kv[KV_MAX];
	struct form f;
	struct resp r;
	long long before = srv_count(&S, "pemohon");

	(void)st;
	reg_post(c, "/pemohon/daftar", over, &f, kv, &r);
	assert_int_equal(r.status, 422);
	assert_has(&r, "Alamat email tidak valid");
	resp_free(&r);
	/* the very same form again, now with a good e-mail: the captcha is spent */
	kv_set(kv, "email", "siti@example.com");
	kv_set(kv, "nik", "3326071505900061");
	assert_int_equal(client_post_arr(c, "/pemohon/daftar", kv, &r), 0);
	assert_int_equal(r.status, 422);
	assert_has(&r, "Soal hitungan sudah tidak berlaku.");
	assert_field(r.body, "nama", "Siti Aminah");
	assert_field(r.body, "email", "siti@example.com");
	assert_field(r.body, "password", "");
	assert_field(r.body, "password2", "");
	assert_int_equal(srv_count(&S, "pemohon"), before);
	resp_free(&r);
	form_free(&f);
	client_free(c);
}

static void test_bad_csrf_missing(void **st)
{
	static const char *const over[] = { "csrf", "", "nik", "3326071505900062", NULL };
	struct client *c = client_new(&S);
	const char *kv[KV_MAX];
	struct form f;
	struct resp r;
	long long before = srv_count(&S, "pemohon");

	(void)st;
	reg_post(c, "/pemohon/daftar", over, &f, kv, &r);
	assert_int_equal(r.status, 403);
	assert_has(&r, "Formulir sudah kedaluwarsa atau tidak sah.");
	assert_int_equal(srv_count(&S, "pemohon"), before);
	resp_free(&r);
	form_free(&f);
	client_free(c);
}

/* Blanks the captcha question and id, the only parts that must differ. */
static void strip_captcha(char *html)
{
	static const char *const marks[] = { "class=\"captcha-q\">", "name=\"captcha_id\" value=\"", NULL };
	size_t i;

	for (i = 0; marks[i]; i++) {
		char *p = strstr(html, marks[i]), *e;

		assert_non_null(p);
		p += strlen(marks[i]);
		e = p + strcspn(p, "<\"");
		memmove(p, e, strlen(e) + 1);
	}
}

/*
 * The page after a registration, with what differs between two visits
 * (session cookie aside: the captcha and CSRF values) blanked: a NIK that
 * already has an account must read exactly like a new one.
 */
static char *after_registration(const char *const *over, long long *outbox_before)
{
	struct client *c = client_new(&S);
	const char *kv[KV_MAX];
	struct form f;
	struct resp r;
	char *page, *p;

	*outbox_before = srv_count(&S, "outbox");
	reg_post(c, "/pemohon/daftar", over, &f, kv, &r);
	assert_true(redirect_is(&r, "/pemohon/status"));
	resp_free(&r);
	form_free(&f);
	assert_int_equal(client_get(c, "/pemohon/status", &r), 0);
	assert_int_equal(r.status, 200);
	page = strdup(r.body);
	resp_free(&r);
	client_free(c);
	strip_captcha(page);
	/* the CSRF token differs per session */
	if ((p = strstr(page, "name=\"csrf\" value=\"")) != NULL) {
		char *e;

		p += strlen("name=\"csrf\" value=\"");
		e = p + strcspn(p, "\"");
		memmove(p, e, strlen(e) + 1);
	}
	return page;
}

/* A NIK with an account (pending or active) is answered as a new one,
 * nothing of the account changes, the typer learns on their own contacts
 * that the NIK is registered and the owner on theirs that someone tried. */
static void expect_same_as_new(const char *nik, const char *fresh)
{
	const char *dup[] = { "nik", nik, "nama", "Orang Lain", "no_hp", "081299990777", "email", "lain@example.com",
			      NULL };
	const char *neu[] = { "nik", fresh, "no_hp", "081299990777", "email", "lain@example.com", NULL };
	long long o1, o2, rows;
	char *a, *b, *before = srv_db_text(&S, "SELECT nama || password_hash || status FROM pemohon WHERE nik = '%s'",
					   nik), *after;

	rows = srv_count(&S, "pemohon");
	a = after_registration(dup, &o1);
	assert_int_equal(srv_count(&S, "pemohon"), rows);
	after = srv_db_text(&S, "SELECT nama || password_hash || status FROM pemohon WHERE nik = '%s'", nik);
	assert_string_equal(after, before);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE id > %lld AND recipient IN "
				    "('6281299990777', 'lain@example.com') AND body LIKE '%%sudah terdaftar%%'", o1), 2);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE id > %lld AND recipient IN "
				    "('6281234567890', 'siti@example.com') AND body LIKE '%%percobaan pendaftaran%%'", o1), 2);
	b = after_registration(neu, &o2);
	assert_int_equal(srv_count(&S, "pemohon"), rows + 1);
	assert_string_equal(a, b);
	free(a);
	free(b);
	free(before);
	free(after);
}

static void test_bad_duplicate_nik_pending_same_answer(void **st)
{
	static const char *const over[] = { "nik", "3326071505900011", NULL };

	(void)st;
	expect_ok(over);
	expect_same_as_new("3326071505900011", "3326071505900013");
}

static void test_bad_duplicate_nik_active_same_answer(void **st)
{
	static const char *const over[] = { "nik", "3326071505900012", NULL };

	(void)st;
	expect_ok(over);
	assert_int_equal(srv_db_exec(&S, "UPDATE pemohon SET status = 'aktif' WHERE nik = '3326071505900012'"), 0);
	expect_same_as_new("3326071505900012", "3326071505900014");
}

/* ---- re-registration ------------------------------------------------------- */

static long long id_of(const char *nik)
{
	return srv_db_int(&S, "SELECT id FROM pemohon WHERE nik = '%s'", nik);
}

static void test_daftar_ulang_prefills_and_overwrites(void **st)
{
	static const char *const reg[] = { "nik", "3326071505900041", NULL };
	static const char *const over[] = {
		"nik", "3326071505900041", "ulang", "1", "nama", "Siti Aminah Putri", "no_hp", "085642606190", NULL,
	};
	struct client *c = client_new(&S);
	const char *kv[KV_MAX];
	struct form f;
	struct resp r;
	long long id, before;
	char *csrf, *v;

	(void)st;
	expect_ok(reg);
	id = id_of("3326071505900041");
	assert_int_equal(srv_db_exec(&S, "UPDATE pemohon SET status = 'ditolak', alasan_tolak = 'Nama ibu belum sesuai KK' WHERE id = %lld", id), 0);
	/* what the login page does after a correct password on a rejected account */
	assert_int_equal(client_get(c, "/pemohon/daftar", &r), 0);
	csrf = html_field(r.body, "csrf");
	assert_non_null(csrf);
	resp_free(&r);
	assert_int_equal(srv_db_exec(&S, "UPDATE sesi SET daftar_ulang_id = %lld WHERE csrf = '%s'", id, csrf), 0);
	free(csrf);

	assert_int_equal(client_get(c, "/pemohon/daftar?ulang=1", &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(&r, "Pendaftaran Ulang Pemohon");
	assert_has(&r, "value=\"3326071505900041\" inputmode=\"numeric\" maxlength=\"16\" autocomplete=\"off\" required readonly");
	assert_field(r.body, "nik", "3326071505900041");
	assert_field(r.body, "nama", "Siti Aminah");
	assert_field(r.body, "no_hp", "081234567890");
	assert_field(r.body, "email", "siti@example.com");
	assert_field(r.body, "ulang", "1");
	assert_field(r.body, "password", "");
	assert_has(&r, "<option value=\"33.26.07.2008\" selected>Karangsari</option>");
	assert_has(&r, "<option value=\"33.26\" selected>Kabupaten Pekalongan</option>");
	resp_free(&r);

	before = srv_count(&S, "pemohon");
	reg_post(c, "/pemohon/daftar?ulang=1", over, &f, kv, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	form_free(&f);
	assert_int_equal(srv_count(&S, "pemohon"), before);
	assert_int_equal(id_of("3326071505900041"), id);
	v = srv_db_text(&S, "SELECT status || '|' || nama || '|' || no_hp || '|' || COALESCE(alasan_tolak, '-') "
		   "FROM pemohon WHERE id = %lld", id);
	assert_string_equal(v, "menunggu|Siti Aminah Putri|6285642606190|-");
	free(v);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE daftar_ulang_id = %lld", id), 0);
	/* the permission is gone: a plain form again */
	assert_int_equal(client_get(c, "/pemohon/daftar?ulang=1", &r), 0);
	assert_false(resp_has(&r, "Pendaftaran Ulang Pemohon"));
	assert_false(resp_has(&r, "readonly"));
	resp_free(&r);
	client_free(c);
}

static void test_daftar_ulang_needs_login_proof(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	assert_int_equal(client_get(c, "/pemohon/daftar?ulang=1", &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(&r, "Pendaftaran Pemohon");
	assert_false(resp_has(&r, "Pendaftaran Ulang Pemohon"));
	assert_false(resp_has(&r, "readonly"));
	assert_field(r.body, "nik", "");
	assert_null(html_field(r.body, "ulang"));
	resp_free(&r);
	client_free(c);
}

/* ---- status check ---------------------------------------------------------- */

static void status_post(const char *nik, const char *hp, struct client *c, struct resp *r)
{
	struct form f;

	assert_int_equal(form_fetch(c, "/pemohon/status", &f), 0);
	assert_int_equal(client_post(c, "/pemohon/status", r, "csrf", f.csrf, "captcha_id", f.captcha_id,
				     "captcha", f.captcha, "nik", nik, "no_hp", hp, NULL), 0);
	form_free(&f);
}

static void expect_status(const char *nik, const char *label, const char *extra)
{
	static const char *const labels[] = { "Menunggu Verifikasi", "Disetujui", "Tidak Disetujui", "Aktif", NULL };
	struct client *c = client_new(&S);
	struct resp r;
	char want[128];
	size_t i;

	status_post(nik, "0812-3456-7890", c, &r);
	assert_int_equal(r.status, 200);
	/* exactly one state */
	for (i = 0; labels[i]; i++) {
		snprintf(want, sizeof want, "Status Pendaftaran: <strong>%s</strong>", labels[i]);
		assert_int_equal(resp_has(&r, want), !strcmp(labels[i], label));
	}
	if (extra)
		assert_has(&r, extra);
	assert_false(resp_has(&r, NEUTRAL));
	resp_free(&r);
	client_free(c);
}

static void test_status_pending(void **st)
{
	static const char *const over[] = { "nik", "3326071505900021", NULL };

	(void)st;
	expect_ok(over);
	expect_status("3326071505900021", "Menunggu Verifikasi", "menunggu verifikasi petugas");
}

static void test_status_approved(void **st)
{
	static const char *const over[] = { "nik", "3326071505900022", NULL };

	(void)st;
	expect_ok(over);
	assert_int_equal(srv_db_exec(&S, "UPDATE pemohon SET status = 'disetujui' WHERE nik = '3326071505900022'"), 0);
	expect_status("3326071505900022", "Disetujui", "Link aktivasi sudah dikirim melalui WhatsApp dan Email");
}

/* The stage only: the officer's reason is for the owner, after login. */
static void test_status_rejected_without_reason(void **st)
{
	static const char *const over[] = { "nik", "3326071505900023", NULL };
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	expect_ok(over);
	assert_int_equal(srv_db_exec(&S, "UPDATE pemohon SET status = 'ditolak', alasan_tolak = 'Nama Ibu belum sesuai dengan yang tercatat di KK' "
	       "WHERE nik = '3326071505900023'"), 0);
	expect_status("3326071505900023", "Tidak Disetujui", "<strong>Daftar Ulang</strong>");
	status_post("3326071505900023", "081234567890", c, &r);
	assert_has(&r, "Alasan penolakan telah dikirim melalui WhatsApp dan Email.");
	assert_false(resp_has(&r, "Nama Ibu belum sesuai"));
	resp_free(&r);
	client_free(c);
}

static void test_status_active(void **st)
{
	static const char *const over[] = { "nik", "3326071505900024", NULL };

	(void)st;
	expect_ok(over);
	assert_int_equal(srv_db_exec(&S, "UPDATE pemohon SET status = 'aktif' WHERE nik = '3326071505900024'"), 0);
	expect_status("3326071505900024", "Aktif", "href=\"/pemohon/login\">Login Pemohon</a>");
}

static void test_status_unknown_and_wrong_phone_identical(void **st)
{
	static const char *const over[] = { "nik", "3326071505900025", NULL };
	struct client *c = client_new(&S);
	struct resp a, b;

	(void)st;
	expect_ok(over);
	status_post("3326071505909999", "081234567890", c, &a);   /* unknown NIK */
	status_post("3326071505900025", "081234567891", c, &b);   /* wrong phone number */
	assert_int_equal(a.status, 200);
	assert_int_equal(b.status, 200);
	assert_has(&a, NEUTRAL);
	assert_has(&b, NEUTRAL);
	assert_false(resp_has(&a, "Status Pendaftaran:"));
	assert_false(resp_has(&b, "3326071505900025"));
	strip_captcha(a.body);
	strip_captcha(b.body);
	assert_string_equal(a.body, b.body);
	resp_free(&a);
	resp_free(&b);
	client_free(c);
}

static void test_bad_status_nik(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	status_post("33260715", "081234567890", c, &r);
	assert_int_equal(r.status, 422);
	assert_has(&r, "NIK harus 16 digit angka.");
	assert_field(r.body, "nik", "33260715");
	assert_field(r.body, "no_hp", "081234567890");
	resp_free(&r);
	client_free(c);
}

static void test_bad_status_captcha(void **st)
{
	struct client *c = client_new(&S);
	struct form f;
	struct resp r;

	(void)st;
	assert_int_equal(form_fetch(c, "/pemohon/status", &f), 0);
	assert_int_equal(client_post(c, "/pemohon/status", &r, "csrf", f.csrf, "captcha_id", f.captcha_id,
				     "captcha", "9999", "nik", NIK_OK, "tanggal_lahir", "15-05-1990", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(&r, "Jawaban hitungan salah.");
	assert_false(resp_has(&r, "Status Pendaftaran:"));
	assert_false(resp_has(&r, NEUTRAL));
	resp_free(&r);
	form_free(&f);
	client_free(c);
}

/* ---- activation ------------------------------------------------------------ */

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Registers nik, approves it behind the officer's back and stores a live
 * activation link for it; raw receives the token of the link. */
static void approved_with_token(const char *nik, char raw[44])
{
	const char *over[] = { "nik", nik, NULL };
	char cmd[128], hash[65] = "";
	long long id;
	FILE *p;
	size_t i;

	expect_ok(over);
	id = id_of(nik);
	assert_true(id > 0);
	for (i = 0; i < 43; i++)
		raw[i] = b64url[rand() % 64];
	raw[43] = '\0';
	snprintf(cmd, sizeof cmd, "printf '%%s' 'token:%s' | sha256sum", raw);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%64s", hash), 1);
	pclose(p);
	assert_int_equal(strlen(hash), 64);
	assert_int_equal(srv_db_exec(&S, "UPDATE pemohon SET status = 'disetujui' WHERE id = %lld", id), 0);
	assert_int_equal(srv_db_exec(&S, "INSERT INTO token (hash, jenis, pemohon_id, percobaan, created_at, expires_at) "
	       "VALUES ('%s', 'aktivasi', %lld, 0, 0, 4102444800)", hash, id), 0);
	assert_true(ntokens < sizeof tokens / sizeof tokens[0]);
	memcpy(tokens[ntokens++], raw, 44);
}

static void act_path(char *out, size_t n, const char *raw)
{
	snprintf(out, n, "/pemohon/aktivasi/%s", raw);
}

static void act_post(struct client *c, const char *raw, const char *nama_ibu, struct resp *r)
{
	char path[128];
	struct form f;

	act_path(path, sizeof path, raw);
	assert_int_equal(form_fetch(c, path, &f), 0);
	assert_int_equal(client_post(c, path, r, "csrf", f.csrf, "captcha_id", f.captcha_id, "captcha", f.captcha,
				     "nama_ibu", nama_ibu, NULL), 0);
	form_free(&f);
}

static char *status_of(const char *nik)
{
	return srv_db_text(&S, "SELECT status FROM pemohon WHERE nik = '%s'", nik);
}

static void assert_status_of(const char *nik, const char *want)
{
	char *v = status_of(nik);

	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void test_aktivasi_form(void **st)
{
	struct client *c = client_new(&S);
	char raw[44], path[128];
	struct resp r;
	char *q;

	(void)st;
	approved_with_token("3326071505900031", raw);
	act_path(path, sizeof path, raw);
	assert_int_equal(client_get(c, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(&r, "Aktivasi Pemohon");
	assert_has(&r, ACT_FORM);
	assert_has(&r, "value=\"3326********0031\"");
	assert_false(resp_has(&r, "3326071505900031"));
	assert_false(resp_has(&r, raw));
	assert_has(&r, ">Nama Ibu Kandung <span class=\"req\">*</span>");
	assert_has(&r, "Proses Aktivasi");
	q = html_captcha_answer(r.body);
	assert_non_null(q);
	free(q);
	assert_field(r.body, "nama_ibu", "");
	resp_free(&r);
	client_free(c);
}

static void test_bad_aktivasi_wrong_name(void **st)
{
	struct client *c = client_new(&S);
	char raw[44];
	struct resp r;

	(void)st;
	approved_with_token("3326071505900032", raw);
	act_post(c, raw, "Sri Wahyuningsih", &r);
	assert_int_equal(r.status, 422);
	assert_has(&r, "Nama ibu kandung tidak sesuai dengan data pendaftaran.");
	assert_has(&r, ACT_FORM);
	assert_field(r.body, "nama_ibu", "Sri Wahyuningsih");
	assert_status_of("3326071505900032", "disetujui");
	assert_int_equal(srv_db_int(&S, "SELECT percobaan FROM token t JOIN pemohon p ON p.id = t.pemohon_id "
			       "WHERE p.nik = '3326071505900032'"), 1);
	resp_free(&r);
	client_free(c);
}

static void test_bad_aktivasi_wrong_captcha(void **st)
{
	struct client *c = client_new(&S);
	char raw[44], path[128];
	struct form f;
	struct resp r;

	(void)st;
	approved_with_token("3326071505900033", raw);
	act_path(path, sizeof path, raw);
	assert_int_equal(form_fetch(c, path, &f), 0);
	assert_int_equal(client_post(c, path, &r, "csrf", f.csrf, "captcha_id", f.captcha_id, "captcha", "9999",
				     "nama_ibu", "Sri Wahyuni", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(&r, "Jawaban hitungan salah.");
	assert_field(r.body, "nama_ibu", "Sri Wahyuni");
	assert_status_of("3326071505900033", "disetujui");
	assert_int_equal(srv_db_int(&S, "SELECT percobaan FROM token t JOIN pemohon p ON p.id = t.pemohon_id "
			       "WHERE p.nik = '3326071505900033'"), 0);
	resp_free(&r);
	form_free(&f);
	client_free(c);
}

static void test_aktivasi_success_loose_name(void **st)
{
	struct client *c = client_new(&S);
	char raw[44];
	struct resp r;

	(void)st;
	approved_with_token("3326071505900034", raw);
	act_post(c, raw, "  sri   WAHYUNI ", &r);
	assert_int_equal(r.status, 200);
	assert_has(&r, ACT_OK);
	assert_has(&r, "href=\"/pemohon/login\">Login Pemohon</a>");
	assert_false(resp_has(&r, ACT_FORM));
	assert_status_of("3326071505900034", "aktif");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token t JOIN pemohon p ON p.id = t.pemohon_id "
			       "WHERE p.nik = '3326071505900034' AND used_at IS NOT NULL"), 1);
	resp_free(&r);
	client_free(c);
}

static void test_aktivasi_link_single_use(void **st)
{
	struct client *c = client_new(&S);
	char raw[44], path[128];
	struct resp r;

	(void)st;
	approved_with_token("3326071505900035", raw);
	act_post(c, raw, "Sri Wahyuni", &r);
	assert_int_equal(r.status, 200);
	assert_has(&r, ACT_OK);
	resp_free(&r);
	act_path(path, sizeof path, raw);
	assert_int_equal(client_get(c, path, &r), 0);
	assert_int_equal(r.status, 404);
	assert_has(&r, ACT_BAD);
	assert_has(&r, "sudah pernah digunakan, atau sudah kedaluwarsa");
	assert_false(resp_has(&r, "name=\"nama_ibu\""));
	resp_free(&r);
	assert_status_of("3326071505900035", "aktif");
	client_free(c);
}

static void test_aktivasi_expired(void **st)
{
	struct client *c = client_new(&S);
	char raw[44], path[128];
	struct resp r;

	(void)st;
	approved_with_token("3326071505900036", raw);
	assert_int_equal(srv_db_exec(&S, "UPDATE token SET expires_at = 0 WHERE pemohon_id = %lld", id_of("3326071505900036")), 0);
	act_path(path, sizeof path, raw);
	assert_int_equal(client_get(c, path, &r), 0);
	assert_int_equal(r.status, 404);
	assert_has(&r, ACT_BAD);
	assert_has(&r, "href=\"/pemohon/status\"");
	assert_false(resp_has(&r, "name=\"nama_ibu\""));
	resp_free(&r);
	assert_status_of("3326071505900036", "disetujui");
	client_free(c);
}

static void test_aktivasi_unknown_token(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	assert_int_equal(client_get(c, "/pemohon/aktivasi/bukan-token", &r), 0);
	assert_int_equal(r.status, 404);
	assert_has(&r, ACT_BAD);
	resp_free(&r);
	assert_int_equal(client_get(c, "/pemohon/aktivasi/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &r), 0);
	assert_int_equal(r.status, 404);
	assert_has(&r, ACT_BAD);
	resp_free(&r);
	client_free(c);
}

static void test_aktivasi_locked_after_5_wrong(void **st)
{
	struct client *c = client_new(&S);
	char raw[44], path[128];
	struct form f;
	struct resp r;
	int i;

	(void)st;
	approved_with_token("3326071505900037", raw);
	for (i = 0; i < 4; i++) {
		act_post(c, raw, "Bukan Ibunya", &r);
		assert_int_equal(r.status, 422);
		assert_has(&r, "Nama ibu kandung tidak sesuai");
		resp_free(&r);
	}
	act_post(c, raw, "Bukan Ibunya", &r);
	assert_int_equal(r.status, 429);
	assert_has(&r, ACT_LOCKED);
	assert_has(&r, "link aktivasi ini tidak berlaku lagi");
	assert_false(resp_has(&r, "name=\"nama_ibu\""));
	resp_free(&r);
	/* the link is burnt, even for the right answer */
	act_path(path, sizeof path, raw);
	assert_int_equal(client_get(c, path, &r), 0);
	assert_int_equal(r.status, 404);
	assert_has(&r, ACT_BAD);
	resp_free(&r);
	assert_int_equal(form_fetch(c, "/pemohon/status", &f), 0);
	assert_int_equal(client_post(c, path, &r, "csrf", f.csrf, "captcha_id", f.captcha_id, "captcha", f.captcha,
				     "nama_ibu", "Sri Wahyuni", NULL), 0);
	assert_int_equal(r.status, 404);
	assert_has(&r, ACT_BAD);
	resp_free(&r);
	form_free(&f);
	assert_status_of("3326071505900037", "disetujui");
	client_free(c);
}

/* Runs last: nothing secret or personal may have reached the log. */
static void test_log_has_no_tokens(void **st)
{
	char path[300], *log = NULL;
	size_t cap = 0, len = 0, n, i;
	FILE *f;

	(void)st;
	assert_true(ntokens >= 5);
	snprintf(path, sizeof path, "%s/server.log", S.dir);
	f = fopen(path, "r");
	assert_non_null(f);
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = (len + 4096 + 1) * 2;
			log = realloc(log, cap);
			assert_non_null(log);
		}
		n = fread(log + len, 1, 4096, f);
		if (!n)
			break;
		len += n;
	}
	fclose(f);
	log[len] = '\0';
	assert_true(len > 0);   /* the server does log requests */
	for (i = 0; i < ntokens; i++)
		assert_null(strstr(log, tokens[i]));
	assert_null(strstr(log, NIK_OK));
	assert_null(strstr(log, "3326071505900034"));
	assert_null(strstr(log, "Wahyuni"));
	assert_null(strstr(log, "081234567890"));
	assert_null(strstr(log, "6281234567890"));
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_daftar_form_fields),
		cmocka_unit_test(test_daftar_success),
		cmocka_unit_test(test_daftar_iso_date_accepted),
		cmocka_unit_test(test_daftar_nik_date_mismatch_warns),
		cmocka_unit_test(test_bad_nik_letters),
		cmocka_unit_test(test_bad_nik_15_digits),
		cmocka_unit_test(test_bad_nik_province),
		cmocka_unit_test(test_bad_nik_day_32),
		cmocka_unit_test(test_bad_nik_serial_0000),
		cmocka_unit_test(test_bad_kk),
		cmocka_unit_test(test_bad_date_31_feb),
		cmocka_unit_test(test_bad_date_future),
		cmocka_unit_test(test_bad_phone_landline),
		cmocka_unit_test(test_bad_phone_short),
		cmocka_unit_test(test_bad_email),
		cmocka_unit_test(test_bad_name_too_long),
		cmocka_unit_test(test_bad_password_short),
		cmocka_unit_test(test_bad_password_no_upper),
		cmocka_unit_test(test_bad_password_no_lower),
		cmocka_unit_test(test_bad_password_no_digit),
		cmocka_unit_test(test_bad_password_no_symbol),
		cmocka_unit_test(test_bad_password_mismatch),
		cmocka_unit_test(test_bad_village_unknown),
		cmocka_unit_test(test_bad_keeps_region_selection),
		cmocka_unit_test(test_bad_captcha_wrong),
		cmocka_unit_test(test_bad_captcha_reused),
		cmocka_unit_test(test_bad_csrf_missing),
		cmocka_unit_test(test_bad_duplicate_nik_pending_same_answer),
		cmocka_unit_test(test_bad_duplicate_nik_active_same_answer),
		cmocka_unit_test(test_daftar_ulang_prefills_and_overwrites),
		cmocka_unit_test(test_daftar_ulang_needs_login_proof),
		cmocka_unit_test(test_status_pending),
		cmocka_unit_test(test_status_approved),
		cmocka_unit_test(test_status_rejected_without_reason),
		cmocka_unit_test(test_status_active),
		cmocka_unit_test(test_status_unknown_and_wrong_phone_identical),
		cmocka_unit_test(test_bad_status_nik),
		cmocka_unit_test(test_bad_status_captcha),
		cmocka_unit_test(test_aktivasi_form),
		cmocka_unit_test(test_bad_aktivasi_wrong_name),
		cmocka_unit_test(test_bad_aktivasi_wrong_captcha),
		cmocka_unit_test(test_aktivasi_success_loose_name),
		cmocka_unit_test(test_aktivasi_link_single_use),
		cmocka_unit_test(test_aktivasi_expired),
		cmocka_unit_test(test_aktivasi_unknown_token),
		cmocka_unit_test(test_aktivasi_locked_after_5_wrong),
		cmocka_unit_test(test_log_has_no_tokens),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
