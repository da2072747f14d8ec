// SPDX-License-Identifier: MIT
// Applicant login/logout, account self-service and forgotten password (manual B.3, B.5–B.8).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/validate.h"
#include "lib/config.h"
#include "web/web.h"

#define MSG_BAD_LOGIN "NIK atau kata kunci salah."
#define MSG_FORGOT_SENT                                                                  \
	"Jika data yang Anda masukkan sesuai, link reset password telah dikirim melalui " \
	"WhatsApp dan Email. Link berlaku 1 jam."
#define MSG_RESET_BAD                                                                   \
	"Link reset password tidak valid atau sudah kedaluwarsa. Silakan minta link baru " \
	"melalui menu Lupa Password."

static const char *const login_fields[] = { "nik", NULL };
static const char *const lupa_fields[] = { "nik", "nama", "no_hp", NULL };
static const char *const reset_fields[] = { "no_kk", NULL };

/* Tabel 1 of the manual, from the same table the domain checks against. */
static json_t *password_rules(void)
{
	static const enum pw_rule shown[] = {
		PW_RULE_MIN_LEN, PW_RULE_UPPER, PW_RULE_LOWER, PW_RULE_DIGIT, PW_RULE_SYMBOL,
	};
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < sizeof shown / sizeof shown[0]; i++)
		json_array_append_new(a, json_string(password_rule_texts[shown[i]]));
	return a;
}

/* Sets values/errors on ctx, taking ownership of both (NULL: empty). */
static void set_form(json_t *ctx, json_t *values, json_t *errors)
{
	json_object_set_new(ctx, "values", values ? values : json_object());
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
}

/* ---- login / logout ------------------------------------------------------- */

/* The login form; alert is an error shown above it, info a neutral notice. */
static void login_form(struct req *r, int status, json_t *values, json_t *errors, const char *alert,
		       const char *info)
{
	json_t *ctx = web_ctx(r, "Login Pemohon");

	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, "menu_login", json_true());
	set_form(ctx, values, errors);
	if (alert)
		json_object_set_new(ctx, "alert", json_string(alert));
	if (info)
		json_object_set_new(ctx, "info", json_string(info));
	web_captcha(r, ctx);
	web_render(r, status, "pemohon/login", ctx);
}

/* Gambar 33: the owner proved the password of a rejected account, so this
 * browser may prefill the "Daftar Ulang" form with its data. */
static void login_rejected(struct req *r, int64_t id, const char *alasan)
{
	json_t *vals = acct_reregister_values(db_thread(), id);
	struct session *s;
	json_t *ctx;
	char masked[NIK_LEN + 1];

	if (!vals) {
		http_error(r, 500, NULL);
		return;
	}
	/* a new session id for the new right, so a planted cookie gains nothing */
	if (web_login(r, SESS_ANON, 0) < 0 || !(s = web_session(r, 0)) ||
	    session_set_reregister(db_thread(), s, id) < 0) {
		json_decref(vals);
		http_error(r, 500, NULL);
		return;
	}
	nik_mask(json_string_value(json_object_get(vals, "nik")), masked);
	ctx = web_ctx(r, "Status Pendaftaran");
	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, "menu_login", json_true());
	json_object_set_new(ctx, "akun", json_pack("{s:s, s:O, s:s, s:s}", "nik", masked,
						   "nama", json_object_get(vals, "nama"),
						   "status", acct_status_labels[ST_DITOLAK],
						   "alasan", alasan ? alasan : "-"));
	json_decref(vals);
	web_render(r, 200, "pemohon/ditolak", ctx);
}

/* A complete login: a fresh session id for the applicant. */
static void login_done(struct req *r, int64_t id)
{
	if (web_login(r, SESS_PEMOHON, id) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	web_flash(r, "Login berhasil.");
	http_redirect(r, "/");
}

static const char *login_wait_message(struct req *r, long retry)
{
	return arena_printf(r->a, "Terlalu banyak percobaan login yang gagal untuk akun ini dari jaringan Anda. "
			    "Silakan coba lagi dalam %s, atau gunakan Lupa Password.", web_retry(r, retry));
}

/* The code step of a login under attack (templates/pemohon/login_kode). */
static void code_form(struct req *r, int status, const char *error, const char *alert)
{
	json_t *ctx = web_ctx(r, "Kode Masuk");

	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, "menu_login", json_true());
	json_object_set_new(ctx, "errors", error ? json_pack("{s:s}", "kode", error) : json_object());
	if (alert)
		json_object_set_new(ctx, "alert", json_string(alert));
	web_render(r, status, "pemohon/login_kode", ctx);
}

/* The right password on an account under attack: this browser waits for
 * the code sent to the owner. */
static void login_wait_code(struct req *r, int64_t id)
{
	struct session *s = web_session(r, 1);

	if (!s || session_set_login_wait(db_thread(), s, id) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	code_form(r, 200, NULL, NULL);
}

void page_login_kode(struct req *r)
{
	struct db *db = db_thread();
	struct session *s = web_session(r, 0);
	int64_t id = s ? session_login_wait(db, s) : 0;
	long retry;

	if (!id) {
		web_flash(r, "Silakan login terlebih dahulu.");
		http_redirect(r, "/pemohon/login");
		return;
	}
	if (r->method != HTTP_POST) {
		code_form(r, 200, NULL, NULL);
		return;
	}
	switch (acct_login_code(db, id, web_field(r, "kode"), r->client_ip, &retry)) {
	case ACCT_OK:
		login_done(r, id);
		return;
	case ACCT_CODE_BAD:
		code_form(r, 422, "Kode salah. Periksa kembali kode 6 angka yang dikirim ke WhatsApp dan Email Anda.", NULL);
		return;
	case ACCT_LOCKED:
		code_form(r, 429, NULL, login_wait_message(r, retry));
		return;
	case ACCT_TOKEN_BAD:
		session_set_login_wait(db, s, 0);
		web_flash(r, "Kode sudah tidak berlaku. Silakan login kembali untuk menerima kode yang baru.");
		http_redirect(r, "/pemohon/login");
		return;
	default:
		http_error(r, 500, NULL);
		return;
	}
}

void page_login(struct req *r)
{
	const char *nik, *pw;
	json_t *errors, *values;
	enum acct_status status = ST_MENUNGGU;
	enum acct_rc rc;
	struct nik_info ni;
	enum nik_err ne;
	char *alasan = NULL;
	int64_t id = 0;
	long retry;

	if (r->method != HTTP_POST) {
		if (web_pemohon(r)) {
			http_redirect(r, "/pemohon/akun");
			return;
		}
		login_form(r, 200, NULL, NULL, NULL, NULL);
		return;
	}
	errors = json_object();
	values = web_values(r, login_fields);
	if (!web_captcha_ok(r, errors)) {
		login_form(r, 422, values, errors, NULL, NULL);
		return;
	}
	nik = web_field(r, "nik");
	/* trimmed like every other field, as the API and registration do */
	pw = web_field(r, "password");
	if (!*nik)
		json_object_set_new(errors, "nik", json_string("NIK wajib diisi."));
	if (!*pw)
		json_object_set_new(errors, "password", json_string("Kata kunci wajib diisi."));
	if (json_object_size(errors)) {
		login_form(r, 422, values, errors, NULL, NULL);
		return;
	}
	rc = acct_login(db_thread(), nik, pw, NULL, r->client_ip, &id, &status, &alasan, &retry);
	switch (rc) {
	case ACCT_OK:
		json_decref(errors);
		json_decref(values);
		login_done(r, id);
		return;
	case ACCT_NEED_CODE:
		json_decref(errors);
		json_decref(values);
		login_wait_code(r, id);
		return;
	case ACCT_BAD_LOGIN:
		/* a NIK that cannot exist says why; any other failure reads the same
		 * whether or not the NIK is registered */
		ne = nik_parse(nik, &ni);
		if (ne != NIK_OK) {
			json_object_set_new(errors, "nik", json_string(nik_strerror(ne)));
			login_form(r, 422, values, errors, NULL, NULL);
		} else {
			login_form(r, 422, values, errors, MSG_BAD_LOGIN, NULL);
		}
		return;
	case ACCT_LOCKED:
		login_form(r, 429, values, errors, login_wait_message(r, retry), NULL);
		return;
	case ACCT_PENDING:
		login_form(r, 200, values, errors, NULL,
			   status == ST_DISETUJUI
			   ? "Akun Anda belum aktif. Status pendaftaran: disetujui. Silakan buka link aktivasi "
			     "yang telah dikirim melalui WhatsApp/Email untuk mengaktifkan akun, lalu login kembali."
			   : "Akun Anda belum aktif. Status pendaftaran: menunggu verifikasi petugas. "
			     "Pemberitahuan akan dikirim melalui WhatsApp/Email setelah data Anda diverifikasi.");
		return;
	case ACCT_REJECTED:
		json_decref(errors);
		json_decref(values);
		login_rejected(r, id, alasan);
		free(alasan);
		return;
	default:
		json_decref(errors);
		json_decref(values);
		free(alasan);
		http_error(r, 500, NULL);
		return;
	}
}

void page_logout(struct req *r)
{
	/* a fresh anonymous session ends the old one and carries the message
	 * (one Set-Cookie instead of a deletion followed by a new cookie) */
	if (web_login(r, SESS_ANON, 0) == 0)
		web_flash(r, "Anda telah keluar.");
	http_redirect(r, "/");
}

/* ---- account pages ---------------------------------------------------------- */

/* Context of an account page with its Detail Pemohon data, or NULL (after
 * a redirect) when the account is no longer active. */
static json_t *akun_ctx(struct req *r, int64_t id, const char *title, const char *menu)
{
	json_t *akun = acct_detail(db_thread(), id), *ctx;

	if (!akun) {
		web_logout(r);
		http_redirect(r, "/pemohon/login");
		return NULL;
	}
	ctx = web_ctx(r, title);
	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, menu, json_true());
	json_object_set_new(akun, "tanggal_lahir",
			    json_string(web_date(r, json_string_value(json_object_get(akun, "tanggal_lahir")))));
	json_object_set_new(ctx, "akun", akun);
	return ctx;
}

void page_akun(struct req *r)
{
	int64_t id = web_need_pemohon(r);
	json_t *ctx;

	if (!id || !(ctx = akun_ctx(r, id, "Detail Pemohon", "menu_detail")))
		return;
	web_render(r, 200, "pemohon/akun", ctx);
}

/* What differs between changing the phone number and the e-mail address. */
struct contact_ui {
	enum contact_kind kind;
	const char *path;
	const char *title;
	const char *field;    /* form field and error key of the new value */
	const char *tpl;
	const char *menu;
	const char *saved;
};

static const struct contact_ui contact_ui[CONTACT__MAX] = {
	[CONTACT_HP] = { CONTACT_HP, "/pemohon/akun/hp", "Ganti Nomor HP", "no_hp", "pemohon/akun_hp",
			 "menu_hp", "Nomor HP berhasil disimpan." },
	[CONTACT_EMAIL] = { CONTACT_EMAIL, "/pemohon/akun/email", "Ganti Email", "email",
			    "pemohon/akun_email", "menu_email", "Email berhasil disimpan." },
};

/* Step 1 (new value) when pending is NULL, else step 2 (code sent to pending). */
static void contact_form(struct req *r, const struct contact_ui *ui, int64_t id, int status,
			 const char *pending, json_t *values, json_t *errors, const char *alert)
{
	json_t *ctx = akun_ctx(r, id, ui->title, ui->menu);

	if (!ctx) {
		json_decref(values);
		json_decref(errors);
		return;
	}
	set_form(ctx, values, errors);
	if (pending)
		json_object_set_new(ctx, "pending", json_string(pending));
	if (alert)
		json_object_set_new(ctx, "alert", json_string(alert));
	web_render(r, status, ui->tpl, ctx);
}

static void contact_page(struct req *r, const struct contact_ui *ui)
{
	struct db *db = db_thread();
	int64_t id = web_need_pemohon(r);
	const char *aksi;
	char *pending;
	json_t *errors, *values;
	enum acct_rc rc;

	if (!id)
		return;
	if (r->method != HTTP_POST) {
		/* ?ubah=1: type another value although a code is on its way */
		pending = http_query(r, "ubah") ? NULL : acct_contact_pending(db, id, ui->kind);
		contact_form(r, ui, id, 200, pending, NULL, NULL, NULL);
		free(pending);
		return;
	}
	aksi = web_field(r, "aksi");
	errors = json_object();
	if (!strcmp(aksi, "kirim")) {
		values = json_pack("{s:s}", ui->field, web_field(r, ui->field));
		rc = acct_contact_start(db, id, ui->kind, web_field(r, ui->field), errors);
		if (rc == ACCT_OK) {
			json_decref(values);
			json_decref(errors);
			http_redirect(r, ui->path);
		} else if (rc == ACCT_INVALID) {
			contact_form(r, ui, id, 422, NULL, values, errors, NULL);
		} else if (rc == ACCT_LOCKED) {
			contact_form(r, ui, id, 429, NULL, values, errors, NULL);
		} else {
			json_decref(values);
			json_decref(errors);
			http_error(r, rc == ACCT_NOT_FOUND ? 403 : 500, NULL);
		}
		return;
	}
	if (!strcmp(aksi, "simpan")) {
		rc = acct_contact_confirm(db, id, ui->kind, web_field(r, "kode"), errors);
		switch (rc) {
		case ACCT_OK:
			json_decref(errors);
			web_flash(r, ui->saved);
			http_redirect(r, "/pemohon/akun");
			return;
		case ACCT_INVALID:
			pending = acct_contact_pending(db, id, ui->kind);
			contact_form(r, ui, id, 422, pending, NULL, errors, NULL);
			free(pending);
			return;
		case ACCT_LOCKED:
		case ACCT_TOKEN_BAD: {
			/* the code is gone: start again with a new value or a new code */
			const char *m = json_string_value(json_object_get(errors, "kode"));

			contact_form(r, ui, id, 422, NULL, NULL, NULL,
				     m ? m : "Kode sudah tidak berlaku. Silakan kirim kode baru.");
			json_decref(errors);
			return;
		}
		default:
			json_decref(errors);
			http_error(r, 500, NULL);
			return;
		}
	}
	json_decref(errors);
	http_error(r, 400, NULL);
}

void page_ganti_hp(struct req *r)
{
	contact_page(r, &contact_ui[CONTACT_HP]);
}

void page_ganti_email(struct req *r)
{
	contact_page(r, &contact_ui[CONTACT_EMAIL]);
}

void page_ganti_password(struct req *r)
{
	int64_t id = web_need_pemohon(r);
	json_t *ctx, *errors;
	enum acct_rc rc = ACCT_INVALID;
	int status = 200;

	if (!id)
		return;
	errors = json_object();
	if (r->method == HTTP_POST) {
		rc = acct_change_password(db_thread(), id, web_field(r, "password_lama"),
					  web_field(r, "password"), web_field(r, "password2"), errors);
		if (rc == ACCT_OK) {
			json_decref(errors);
			/* the domain ended every session of the account; this
			 * browser continues in a fresh one */
			if (web_login(r, SESS_PEMOHON, id) < 0) {
				http_error(r, 500, NULL);
				return;
			}
			web_flash(r, "Kata kunci berhasil diganti. Sesi login di perangkat lain telah diakhiri.");
			http_redirect(r, "/pemohon/akun");
			return;
		}
		if (rc == ACCT_LOCKED) {
			json_decref(errors);
			http_error(r, 429, "Terlalu banyak percobaan kata kunci lama yang salah. Silakan coba lagi setelah 15 menit.");
			return;
		}
		if (rc != ACCT_INVALID) {
			json_decref(errors);
			http_error(r, rc == ACCT_NOT_FOUND ? 403 : 500, NULL);
			return;
		}
		status = 422;
	}
	if (!(ctx = akun_ctx(r, id, "Ganti Password", "menu_password"))) {
		json_decref(errors);
		return;
	}
	set_form(ctx, NULL, errors);
	json_object_set_new(ctx, "password_rules", password_rules());
	web_render(r, status, "pemohon/akun_password", ctx);
}

/* ---- forgotten password ------------------------------------------------------- */

static void lupa_form(struct req *r, int status, json_t *values, json_t *errors, const char *batas)
{
	json_t *ctx = web_ctx(r, "Lupa Password");

	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, "menu_lupa", json_true());
	set_form(ctx, values, errors);
	if (batas)
		json_object_set_new(ctx, "batas", json_string(batas));
	web_captcha(r, ctx);
	web_render(r, status, "pemohon/lupa", ctx);
}

void page_lupa(struct req *r)
{
	json_t *errors, *values;
	enum acct_rc rc;
	long retry;

	if (r->method != HTTP_POST) {
		lupa_form(r, 200, NULL, NULL, NULL);
		return;
	}
	errors = json_object();
	values = web_values(r, lupa_fields);
	if (!web_captcha_ok(r, errors)) {
		lupa_form(r, 422, values, errors, NULL);
		return;
	}
	rc = acct_forgot(db_thread(), web_field(r, "nik"), web_field(r, "nama"), web_field(r, "no_hp"),
			 r->client_ip, errors, &retry);
	if (rc == ACCT_INVALID || rc == ACCT_LOCKED) {
		lupa_form(r, rc == ACCT_LOCKED ? 429 : 422, values, errors,
			  rc == ACCT_LOCKED ? arena_printf(r->a, "Terlalu banyak permintaan reset dari jaringan Anda atau "
							  "untuk NIK ini. Silakan coba lagi dalam %s.",
							  web_retry(r, retry)) : NULL);
		return;
	}
	json_decref(values);
	json_decref(errors);
	if (rc != ACCT_OK) {
		http_error(r, 500, NULL);
		return;
	}
	/* the same answer whether or not the data matched: nothing to learn here */
	web_flash(r, MSG_FORGOT_SENT);
	http_redirect(r, "/pemohon/lupa-password");
}

/* The answer for a link that is unknown, used, expired or burnt. */
static void reset_invalid(struct req *r, int status, const char *message)
{
	json_t *ctx = web_ctx(r, "Reset Password");

	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, "menu_lupa", json_true());
	json_object_set_new(ctx, "message", json_string(message));
	web_render(r, status, "pemohon/reset_invalid", ctx);
}

static void reset_form(struct req *r, int status, json_t *values, json_t *errors)
{
	json_t *ctx = web_ctx(r, "Reset Password");

	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, "menu_lupa", json_true());
	json_object_set_new(ctx, "token", json_string(r->args[0]));
	json_object_set_new(ctx, "password_rules", password_rules());
	set_form(ctx, values, errors);
	web_render(r, status, "pemohon/reset", ctx);
}

void page_reset(struct req *r)
{
	const char *token = r->nargs > 0 ? r->args[0] : "";
	json_t *errors;
	enum acct_rc rc;

	/* someone opening the link in a new browser has no session: the form
	 * carries the anonymous CSRF token (web_csrf_token), no row is made */
	if (r->method != HTTP_POST) {
		if (acct_reset_check(db_thread(), token) != ACCT_OK)
			reset_invalid(r, 410, MSG_RESET_BAD);
		else
			reset_form(r, 200, NULL, NULL);
		return;
	}
	errors = json_object();
	rc = acct_reset(db_thread(), token, web_field(r, "no_kk"), web_field(r, "password"),
			web_field(r, "password2"), errors);
	switch (rc) {
	case ACCT_OK:
		json_decref(errors);
		/* the domain ended every session of the account; whoever was
		 * logged in on this browser starts afresh too */
		if (web_login(r, SESS_ANON, 0) == 0)
			web_flash(r, "Kata kunci berhasil diganti. Silakan login dengan kata kunci baru.");
		http_redirect(r, "/pemohon/login");
		return;
	case ACCT_INVALID:
		reset_form(r, 422, web_values(r, reset_fields), errors);
		return;
	case ACCT_LOCKED:
		json_decref(errors);
		reset_invalid(r, 429, "Nomor KK salah terlalu banyak. Demi keamanan link reset password ini tidak "
				      "berlaku lagi. Silakan minta link baru melalui menu Lupa Password.");
		return;
	case ACCT_TOKEN_BAD:
		json_decref(errors);
		reset_invalid(r, 410, MSG_RESET_BAD);
		return;
	default:
		json_decref(errors);
		http_error(r, 500, NULL);
		return;
	}
}
