// SPDX-License-Identifier: MIT
// JSON API for the applicants' mobile app: captcha, registration, activation, login, account, password reset.
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/captcha.h"
#include "domain/validate.h"
#include "lib/config.h"
#include "web/web.h"

/*
 * The API follows the rules of the pages: the domain validates, a wrong
 * captcha changes nothing, and the answers say the same things in the same
 * words. Only the transport differs: JSON in and out, bearer tokens instead
 * of cookies (hence no CSRF), status codes instead of re-rendered forms.
 */

#define MSG_STATUS_NOT_FOUND "Data pendaftaran dengan NIK dan Nomor HP tersebut tidak ditemukan."
#define MSG_PUBLIC_LIMIT "Terlalu banyak permintaan dari jaringan Anda atau untuk NIK ini. Silakan coba lagi dalam %s."
#define MSG_DATE_ISO "Tanggal lahir harus berformat YYYY-MM-DD, misalnya 1990-05-15."
#define MSG_LOGIN "Silakan login terlebih dahulu."

/*
 * Checks and consumes the API captcha (not bound to any session). The app
 * may send the answer as text or as a number. On failure answers 422
 * captcha_salah and returns 0: nothing else is looked at, nothing changes.
 */
static int captcha_ok(struct req *r)
{
	json_t *a = json_object_get(r->json, "captcha_jawaban");
	const char *answer = NULL;
	enum captcha_result res;

	if (json_is_integer(a))
		answer = arena_printf(r->a, "%" JSON_INTEGER_FORMAT, json_integer_value(a));
	else if (json_is_string(a))
		answer = api_str(r, "captcha_jawaban");
	res = captcha_check(db_thread(), api_str(r, "captcha_id"), NULL, answer);
	if (res == CAPTCHA_OK)
		return 1;
	api_error(r, 422, "captcha_salah", captcha_message(res),
		  json_pack("{s:s}", "captcha_jawaban", captcha_message(res)));
	return 0;
}

/* An error object with extra members beside code and message. */
static void api_error_with(struct req *r, int status, const char *code, const char *message, json_t *extra)
{
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);

	json_object_update(e, extra);
	json_decref(extra);
	http_json(r, status, json_pack("{s:o}", "error", e));
}

static void too_many(struct req *r, const char *message)
{
	api_error(r, 429, "terlalu_banyak_percobaan", message, NULL);
}

/* 429 of a public form's limit, with Retry-After. */
static void public_limit(struct req *r, long retry)
{
	too_many(r, arena_printf(r->a, MSG_PUBLIC_LIMIT, web_retry(r, retry)));
}

static void token_gone(struct req *r, const char *message)
{
	api_error(r, 410, "token_tidak_berlaku", message, NULL);
}

static void need_login(struct req *r)
{
	api_error(r, 401, "perlu_login", MSG_LOGIN, NULL);
	http_add_header(r, "WWW-Authenticate", "Bearer");
}

/* The applicant session behind the bearer token; NULL otherwise (a staff
 * token included). */
static struct session *pemohon_session(struct req *r)
{
	struct session *s = api_session(r);

	return s && s->kind == SESS_PEMOHON ? s : NULL;
}

/* Strict ISO date for the API: anything else becomes a field error and the
 * domain sees no date (so it cannot fall back to DD-MM-YYYY). */
static const char *iso_date(const char *v, json_t *errors)
{
	int y, m, d;

	if (!v || !*v)
		return v;
	if (date_parse_iso(v, &y, &m, &d) == 0)
		return v;
	if (!json_object_get(errors, "tanggal_lahir"))
		json_object_set_new(errors, "tanggal_lahir", json_string(MSG_DATE_ISO));
	return NULL;
}

void api_captcha(struct req *r)
{
	char id[SECRET_TOKEN_LEN + 1], q[64];

	if (captcha_new(db_thread(), NULL, id, q) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:s, s:s, s:I}", "id", id, "question", q,
				    "berlaku_detik", (json_int_t)g_cfg.captcha_ttl));
}

void api_pendaftaran(struct req *r)
{
	struct db *db = db_thread();
	json_t *errors;
	struct reg_input in;
	enum acct_rc rc;
	long retry;

	if (!api_need_body(r) || !captcha_ok(r))
		return;
	errors = json_object();
	memset(&in, 0, sizeof in);
	in.nik = api_in(r, "nik", 0, errors);
	in.nama = api_in(r, "nama", 0, errors);
	in.no_kk = api_in(r, "no_kk", 0, errors);
	in.tempat_lahir = api_in(r, "tempat_lahir", 0, errors);
	in.tanggal_lahir = iso_date(api_in(r, "tanggal_lahir", 0, errors), errors);
	in.nama_ibu = api_in(r, "nama_ibu", 0, errors);
	in.kode_desa = api_in(r, "kode_desa", 0, errors);
	in.no_hp = api_in(r, "no_hp", 0, errors);
	in.email = api_in(r, "email", 0, errors);
	/* the app asks twice on the device and sends the password once */
	in.password = in.password2 = api_in(r, "password", 0, errors);
	/* every field with an error above reaches the domain as NULL, so it
	 * cannot register what the API refused */
	rc = acct_register(db, &in, r->client_ip, errors, &retry);
	if (rc == ACCT_OK) {
		/* the same answer for a NIK that already has an account */
		json_decref(errors);
		http_json(r, 201, json_pack("{s:s, s:s}", "status", "menunggu", "pesan",
					    "Pendaftaran berhasil dikirim. Pemberitahuan dikirim melalui WhatsApp dan "
					    "Email yang Anda isi; setelah pendaftaran disetujui, link aktivasi akun "
					    "dikirim melalui WhatsApp dan Email."));
		return;
	}
	if (rc == ACCT_LOCKED) {
		json_decref(errors);
		public_limit(r, retry);
		return;
	}
	if (rc == ACCT_INVALID) {
		json_t *pw2 = json_object_get(errors, "password2");

		/* the API has no second password field */
		if (pw2 && !json_object_get(errors, "password"))
			json_object_set(errors, "password", pw2);
		json_object_del(errors, "password2");
		api_invalid(r, errors);
		return;
	}
	json_decref(errors);
	http_error(r, 500, NULL);
}

static const char *status_note(enum acct_status st)
{
	switch (st) {
	case ST_MENUNGGU:
		return "Pendaftaran Anda sedang menunggu verifikasi petugas.";
	case ST_DISETUJUI:
		return "Pendaftaran Anda telah disetujui. Silakan aktivasi akun melalui link yang dikirim ke WhatsApp dan Email Anda.";
	case ST_DITOLAK:
		return "Pendaftaran Anda tidak disetujui. Alasannya telah dikirim melalui WhatsApp dan Email; login dengan NIK "
		       "dan kata kunci Anda untuk melihatnya, lalu pilih Daftar Ulang untuk memperbaiki data.";
	default:
		return "Akun Anda sudah aktif. Silakan login dengan NIK dan kata kunci Anda.";
	}
}

void api_pendaftaran_status(struct req *r)
{
	json_t *errors;
	const char *nik, *hp;
	enum acct_status st = ST_MENUNGGU;
	enum acct_rc rc;
	long retry;

	if (!api_need_body(r) || !captcha_ok(r))
		return;
	errors = json_object();
	nik = api_in(r, "nik", 0, errors);
	hp = api_in(r, "no_hp", 0, errors);
	rc = acct_status(db_thread(), nik, hp, r->client_ip, errors, &st, &retry);
	if (json_object_size(errors) && rc != ACCT_ERR)
		rc = ACCT_INVALID;
	switch (rc) {
	case ACCT_OK:
		json_decref(errors);
		http_json(r, 200, json_pack("{s:s, s:s, s:s}", "status", acct_status_names[st],
					    "status_label", acct_status_labels[st], "keterangan", status_note(st)));
		return;
	case ACCT_INVALID:
		api_invalid(r, errors);
		return;
	case ACCT_LOCKED:
		json_decref(errors);
		public_limit(r, retry);
		return;
	case ACCT_NOT_FOUND:
		/* unknown NIK and wrong phone number: one answer, nothing to probe */
		json_decref(errors);
		api_error(r, 404, "tidak_ditemukan", MSG_STATUS_NOT_FOUND, NULL);
		return;
	default:
		json_decref(errors);
		http_error(r, 500, NULL);
	}
}

void api_aktivasi(struct req *r)
{
	json_t *errors;
	const char *token, *ibu;
	enum acct_rc rc;

	if (!api_need_body(r) || !captcha_ok(r))
		return;
	errors = json_object();
	token = api_in(r, "token", 0, errors);
	ibu = api_in(r, "nama_ibu", 0, errors);
	api_need(errors, "token", token, "Token aktivasi wajib diisi.");
	if (json_object_size(errors)) {
		api_need(errors, "nama_ibu", ibu, "Nama ibu kandung wajib diisi.");
		api_invalid(r, errors);
		return;
	}
	rc = acct_activate(db_thread(), token, ibu, errors);
	switch (rc) {
	case ACCT_OK:
		json_decref(errors);
		http_json(r, 200, json_pack("{s:s, s:s}", "status", "aktif", "pesan",
					    "Akun Anda sudah aktif. Silakan login dengan NIK dan kata kunci Anda."));
		return;
	case ACCT_INVALID:
		api_invalid(r, errors);
		return;
	case ACCT_LOCKED:
		json_decref(errors);
		too_many(r, "Nama ibu kandung salah terlalu banyak. Link aktivasi tidak berlaku lagi; "
			 "silakan hubungi petugas Dinas untuk mendapatkan link yang baru.");
		return;
	case ACCT_TOKEN_BAD:
		json_decref(errors);
		token_gone(r, "Link aktivasi tidak berlaku: sudah digunakan, sudah kedaluwarsa, atau tidak dikenal.");
		return;
	default:
		json_decref(errors);
		http_error(r, 500, NULL);
	}
}

static void sesi_create(struct req *r)
{
	struct db *db = db_thread();
	json_t *errors = json_object(), *detail;
	const char *nik, *pw, *kode;
	char raw[SECRET_TOKEN_LEN + 1], *alasan = NULL;
	struct session sess;
	enum acct_status st = ST_MENUNGGU;
	int64_t id = 0;
	enum acct_rc rc;
	long retry;

	nik = api_in(r, "nik", 0, errors);
	pw = api_in(r, "password", 0, errors);
	kode = api_in(r, "kode", 0, errors);
	api_need(errors, "nik", nik, "NIK wajib diisi.");
	api_need(errors, "password", pw, "Kata kunci wajib diisi.");
	if (json_object_size(errors)) {
		api_invalid(r, errors);
		return;
	}
	json_decref(errors);
	rc = acct_login(db, nik, pw, kode, r->client_ip, &id, &st, &alasan, &retry);
	switch (rc) {
	case ACCT_OK:
		if (session_create(db, SESS_PEMOHON, id, 1, raw, &sess) < 0)
			break;
		detail = acct_detail(db, id);
		http_json(r, 201, json_pack("{s:s, s:s, s:I, s:{s:O*, s:O*}}", "token", raw, "token_type", "Bearer",
					    "berlaku_detik", (json_int_t)g_cfg.session_max, "pemohon",
					    "nama", json_object_get(detail, "nama"), "nik", json_object_get(detail, "nik")));
		json_decref(detail);
		return;
	case ACCT_BAD_LOGIN:
		api_error(r, 401, "login_salah", "NIK atau kata kunci salah.", NULL);
		return;
	case ACCT_LOCKED:
		too_many(r, arena_printf(r->a, "Terlalu banyak percobaan login yang gagal untuk akun ini dari jaringan "
					 "Anda. Silakan coba lagi dalam %s, atau gunakan Lupa Password.",
					 web_retry(r, retry)));
		return;
	case ACCT_NEED_CODE:
		api_error(r, 401, "perlu_kode", "Demi keamanan, masukkan kode 6 angka yang kami kirim ke WhatsApp dan "
			  "Email Anda (berlaku 15 menit), lalu kirim ulang permintaan login dengan kolom kode.", NULL);
		return;
	case ACCT_CODE_BAD:
		api_error(r, 401, "kode_salah", "Kode salah. Periksa kembali kode 6 angka yang dikirim ke WhatsApp dan "
			  "Email Anda.", json_pack("{s:s}", "kode", "Kode salah."));
		return;
	case ACCT_PENDING:
		api_error_with(r, 403, "akun_belum_aktif",
			       st == ST_DISETUJUI
			       ? "Pendaftaran Anda sudah disetujui, tetapi akun belum diaktifkan. Silakan aktivasi "
				 "melalui link yang dikirim ke WhatsApp dan Email Anda."
			       : "Akun Anda masih menunggu verifikasi petugas. Silakan cek status pendaftaran secara berkala.",
			       json_pack("{s:s}", "status", acct_status_names[st]));
		return;
	case ACCT_REJECTED:
		api_error_with(r, 403, "akun_ditolak",
			       "Pendaftaran akun Anda tidak disetujui. Perbaiki data melalui Daftar Ulang di situs web.",
			       json_pack("{s:s, s:o}", "status", "ditolak", "alasan",
					 alasan ? json_string(alasan) : json_null()));
		free(alasan);
		return;
	default:
		break;
	}
	free(alasan);
	http_error(r, 500, NULL);
}

void api_sesi(struct req *r)
{
	struct session *s;

	if (r->method == HTTP_DELETE) {
		s = pemohon_session(r);
		if (!s) {
			need_login(r);
			return;
		}
		session_destroy(db_thread(), s);
		buf_reset(&r->out);
		r->content_type = NULL;
		r->status = 204;
		return;
	}
	if (!api_need_body(r) || !captcha_ok(r))
		return;
	sesi_create(r);
}

void api_saya(struct req *r)
{
	struct session *s = pemohon_session(r);
	json_t *detail = s ? acct_detail(db_thread(), s->subject) : NULL;

	if (!detail) {
		need_login(r);
		return;
	}
	http_json(r, 200, detail);
}

void api_lupa_password(struct req *r)
{
	json_t *errors;
	const char *nik, *nama, *hp;
	enum acct_rc rc;
	long retry;

	if (!api_need_body(r) || !captcha_ok(r))
		return;
	errors = json_object();
	nik = api_in(r, "nik", 0, errors);
	nama = api_in(r, "nama", 0, errors);
	hp = api_in(r, "no_hp", 0, errors);
	rc = acct_forgot(db_thread(), nik, nama, hp, r->client_ip, errors, &retry);
	if (json_object_size(errors) && rc != ACCT_ERR)
		rc = ACCT_INVALID;
	if (rc == ACCT_OK) {
		/* the same answer whether or not the data matched an account */
		json_decref(errors);
		http_json(r, 202, json_pack("{s:s}", "pesan",
					    "Jika data yang Anda masukkan sesuai, link reset password telah dikirim "
					    "melalui WhatsApp dan Email."));
	} else if (rc == ACCT_INVALID) {
		api_invalid(r, errors);
	} else if (rc == ACCT_LOCKED) {
		json_decref(errors);
		public_limit(r, retry);
	} else {
		json_decref(errors);
		http_error(r, 500, NULL);
	}
}

void api_reset_password(struct req *r)
{
	json_t *errors;
	const char *token, *kk, *pw;
	enum acct_rc rc;

	if (!api_need_body(r))
		return;
	errors = json_object();
	token = api_in(r, "token", 0, errors);
	kk = api_in(r, "no_kk", 0, errors);
	pw = api_in(r, "password", 0, errors);
	api_need(errors, "token", token, "Token reset wajib diisi.");
	if (json_object_get(errors, "token")) {
		api_need(errors, "no_kk", kk, "Nomor KK wajib diisi.");
		api_need(errors, "password", pw, "Kata kunci wajib diisi.");
		api_invalid(r, errors);
		return;
	}
	rc = acct_reset(db_thread(), token, kk, pw, pw, errors);
	json_object_del(errors, "password2");
	switch (rc) {
	case ACCT_OK:
		json_decref(errors);
		http_json(r, 200, json_pack("{s:s, s:s}", "status", "ok", "pesan",
					    "Kata kunci berhasil diganti. Silakan login dengan kata kunci yang baru."));
		return;
	case ACCT_INVALID:
		api_invalid(r, errors);
		return;
	case ACCT_LOCKED:
		json_decref(errors);
		too_many(r, "Nomor KK salah terlalu banyak. Link reset tidak berlaku lagi; silakan minta link "
			 "yang baru melalui Lupa Password.");
		return;
	case ACCT_TOKEN_BAD:
		json_decref(errors);
		token_gone(r, "Link reset password tidak berlaku: sudah digunakan, sudah kedaluwarsa, atau tidak "
			   "dikenal. Silakan minta link yang baru melalui Lupa Password.");
		return;
	default:
		json_decref(errors);
		http_error(r, 500, NULL);
	}
}
