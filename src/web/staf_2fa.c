// SPDX-License-Identifier: MIT
// Officers' two-factor pages: the login's code step, enrolment with a QR code, recovery codes, turning it off.
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/staff.h"
#include "domain/twofactor.h"
#include "lib/config.h"
#include "lib/qrsvg.h"
#include "web/web.h"

#define PAGE "/staf/dua-langkah"
#define CODE_PAGE "/staf/login/kode"

static const char msg_wrong[] = "Kode verifikasi salah. Periksa kode 6 angka yang tampil di aplikasi autentikator "
				"Anda, lalu coba lagi.";
static const char msg_replayed[] = "Kode ini sudah dipakai. Tunggu sampai aplikasi autentikator menampilkan kode "
				   "berikutnya, lalu masukkan kode yang baru.";
static const char msg_expired[] = "Waktu verifikasi sudah habis. Silakan login kembali.";

/* The code a form posted: the app's code, else the recovery code field. */
static const char *posted_code(struct req *r)
{
	const char *kode = web_field(r, "kode");

	return *kode ? kode : web_field(r, "kode_pemulihan");
}

/* The officer's code through twofa_login (through the login guard under
 * their username); STATE when the account is no longer active. *retry:
 * the wait of LOCKED. */
static enum twofa_rc code_check(struct req *r, int64_t id, const char *code, long *retry)
{
	json_t *u = staff_brief(db_thread(), id);
	enum twofa_rc rc = TWOFA_STATE;

	*retry = 0;
	if (u)
		rc = twofa_login(db_thread(), id, json_string_value(json_object_get(u, "username")), r->client_ip, code,
				 retry);
	json_decref(u);
	return rc;
}

/* What a person reads for a refused code (WRONG, REPLAYED or LOCKED, which
 * also sets Retry-After). */
static const char *refusal(struct req *r, enum twofa_rc rc, long retry)
{
	if (rc == TWOFA_LOCKED)
		return arena_printf(r->a, "Terlalu banyak percobaan login yang gagal untuk akun ini dari jaringan Anda. "
				    "Demi keamanan, silakan coba lagi dalam %s.", web_retry(r, retry));
	return rc == TWOFA_REPLAYED ? msg_replayed : msg_wrong;
}

/* ---- after the password -------------------------------------------------- */

void staf_login_password_ok(struct req *r, int64_t id, int must_change)
{
	struct db *db = db_thread();
	struct session *s;
	int enrolled = twofa_enrolled(db, id);

	if (enrolled < 0) {
		http_error(r, 500, NULL);
		return;
	}
	if (enrolled) {
		/* no officer's session before the code: the step lives in this
		 * browser's anonymous session, for a few minutes */
		s = web_session(r, 1);
		if (!s || session_set_staf_pending(db, s, id, (int64_t)time(NULL) + TWOFA_PENDING_TTL) < 0) {
			http_error(r, 500, NULL);
			return;
		}
		http_redirect(r, CODE_PAGE);
		return;
	}
	if (web_login(r, SESS_STAF, id) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	if (must_change)
		http_redirect(r, "/staf/password");
	else
		http_redirect(r, twofa_required(db, staff_roles(db, id)) ? PAGE : "/staf");
}

/* ---- the login's code step ----------------------------------------------- */

static void code_form(struct req *r, int status, int64_t id, const char *alert, int locked)
{
	json_t *ctx = web_ctx(r, "Verifikasi Dua Langkah"), *u = staff_brief(db_thread(), id);

	if (u)
		json_object_set_new(ctx, "akun", u);
	if (alert)
		json_object_set_new(ctx, "alert", json_string(alert));
	json_object_set_new(ctx, "terkunci", json_boolean(locked));
	json_object_set_new(ctx, "menit", json_integer(TWOFA_PENDING_TTL / 60));
	web_render(r, status, "staf/login_kode", ctx);
}

void staf_login_kode(struct req *r)
{
	struct db *db = db_thread();
	struct session *s = web_session(r, 0);
	int64_t id = s ? session_staf_pending(db, s) : 0;
	const char *code;
	int must_change;
	enum twofa_rc rc;
	long retry;

	if (!id && web_staf(r)) {
		/* logged in already (the back button after the code) */
		http_redirect(r, "/staf");
		return;
	}
	if (!id) {
		web_flash(r, msg_expired);
		http_redirect(r, "/staf/login");
		return;
	}
	if (r->method != HTTP_POST) {
		code_form(r, 200, id, NULL, 0);
		return;
	}
	code = posted_code(r);
	if (!*code) {
		code_form(r, 422, id, "Kode verifikasi wajib diisi.", 0);
		return;
	}
	rc = code_check(r, id, code, &retry);
	if (rc == TWOFA_LOCKED)
		/* locked out: this step is over, the next try starts at the password */
		session_take_staf_pending(db, s, id);
	if (rc == TWOFA_WRONG || rc == TWOFA_REPLAYED || rc == TWOFA_LOCKED) {
		code_form(r, rc == TWOFA_LOCKED ? 429 : 422, id, refusal(r, rc, retry), rc == TWOFA_LOCKED);
		return;
	}
	if (rc == TWOFA_STATE) {
		/* disabled since the password */
		session_take_staf_pending(db, s, id);
		web_flash(r, msg_expired);
		http_redirect(r, "/staf/login");
		return;
	}
	if (rc != TWOFA_OK && rc != TWOFA_RECOVERY) {
		http_error(r, 500, NULL);
		return;
	}
	/* single use: the step ends here, or another request ended it first */
	must_change = staff_must_change(db, id);
	if (session_take_staf_pending(db, s, id) < 0 || web_login(r, SESS_STAF, id) < 0) {
		web_flash(r, msg_expired);
		http_redirect(r, "/staf/login");
		return;
	}
	if (rc == TWOFA_RECOVERY)
		web_flash(r, arena_printf(r->a, "Anda masuk dengan kode pemulihan. Kode itu tidak berlaku lagi; sisa kode "
					  "pemulihan: %d. Buat kode baru di menu Verifikasi Dua Langkah bila sisanya "
					  "tinggal sedikit.", twofa_recovery_left(db, id)));
	http_redirect(r, must_change ? "/staf/password" : "/staf");
}

/* ---- the officer's page -------------------------------------------------- */

/* The logged-in officer for the pages here: any role, password changed
 * (not web_need_staf, which sends an officer who must enrol here). */
static int64_t officer(struct req *r, int *roles)
{
	int64_t id = web_staf_active(r, roles);

	if (id && staff_must_change(db_thread(), id)) {
		http_redirect(r, "/staf/password");
		return 0;
	}
	return id;
}

/* Enrolment: the QR code, the secret for typing in, the code field. */
static int enrol_ctx(struct req *r, json_t *ctx, int64_t id)
{
	char b32[OTP_KEY_B32_LEN + 1], grouped[OTP_KEY_B32_LEN + OTP_KEY_B32_LEN / 4 + 1];
	json_t *u = json_object_get(ctx, "staf");
	struct buf uri = BUF_INIT, img = BUF_INIT;
	size_t i, o = 0;
	int ok;

	if (twofa_enrol_secret(db_thread(), id, b32) != TWOFA_OK || !u)
		return -1;
	otp_uri(&uri, g_cfg.app_name, json_string_value(json_object_get(u, "username")), b32);
	ok = qr_svg_data_uri(uri.ptr, &img) == 0;
	/* groups of four are easier to type from the screen */
	for (i = 0; b32[i]; i++) {
		if (i && i % 4 == 0)
			grouped[o++] = ' ';
		grouped[o++] = b32[i];
	}
	grouped[o] = '\0';
	if (ok) {
		json_object_set_new(ctx, "qr", json_string(img.ptr));
		json_object_set_new(ctx, "rahasia", json_string(grouped));
	}
	buf_release(&uri);
	buf_release(&img);
	return ok ? 0 : -1;
}

/* The page: enrolment while not enrolled, else the state and the forms. */
static void page(struct req *r, int status, int64_t id, int roles, json_t *errors)
{
	struct db *db = db_thread();
	json_t *ctx = web_ctx(r, "Verifikasi Dua Langkah");
	int enrolled = twofa_enrolled(db, id), required = twofa_required(db, roles);

	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "wajib", json_boolean(required));
	json_object_set_new(ctx, "aktif", json_boolean(enrolled == 1));
	/* an officer who must enrol reaches nothing else: no menu to lead astray */
	json_object_set_new(ctx, "tertahan", json_boolean(required && enrolled == 0));
	json_object_set_new(ctx, "menu_2fa", json_true());
	if (enrolled == 1) {
		json_object_set_new(ctx, "sisa", json_integer(twofa_recovery_left(db, id)));
		json_object_set_new(ctx, "jumlah", json_integer(TWOFA_RECOVERY_COUNT));
	} else if (enrolled < 0 || enrol_ctx(r, ctx, id) < 0) {
		json_decref(ctx);
		http_error(r, 500, NULL);
		return;
	}
	web_render(r, status, "staf/dua_langkah", ctx);
}

/* The recovery codes, shown this once. */
static void codes_page(struct req *r, char codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT], int fresh)
{
	json_t *ctx = web_ctx(r, "Kode Pemulihan"), *list = json_array();
	int i;

	for (i = 0; i < TWOFA_RECOVERY_COUNT; i++)
		json_array_append_new(list, json_string(codes[i]));
	json_object_set_new(ctx, "kode", list);
	json_object_set_new(ctx, "baru_aktif", json_boolean(fresh));
	http_add_header(r, "Cache-Control", "no-store");
	web_render(r, 200, "staf/dua_langkah_kode", ctx);
}

/* Answers a move that makes recovery codes: the codes (OK), back to the
 * page (STATE: done in another tab already, or nothing to do), or 500.
 * Wipes codes. */
static void codes_answer(struct req *r, enum twofa_rc rc, char codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT],
			 int fresh)
{
	if (rc == TWOFA_OK)
		codes_page(r, codes, fresh);
	else if (rc == TWOFA_STATE)
		http_redirect(r, PAGE);
	else
		http_error(r, 500, NULL);
	memset(codes, 0, sizeof(char[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT]));
}

static json_t *one_error(const char *field, const char *msg)
{
	return json_pack("{s:s}", field, msg);
}

void staf_dua_langkah(struct req *r)
{
	char codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT];
	int64_t id;
	int roles;
	const char *code;
	enum twofa_rc rc;

	if (!(id = officer(r, &roles)))
		return;
	if (r->method != HTTP_POST) {
		page(r, 200, id, roles, NULL);
		return;
	}
	code = web_field(r, "kode");
	if (!*code) {
		page(r, 422, id, roles, one_error("kode", "Kode verifikasi wajib diisi."));
		return;
	}
	rc = twofa_enrol_confirm(db_thread(), id, code, codes);
	if (rc == TWOFA_WRONG)
		page(r, 422, id, roles, one_error("kode", "Kode verifikasi salah. Pastikan jam ponsel sudah tepat, "
						  "lalu masukkan kode 6 angka yang sedang tampil di aplikasi."));
	else
		codes_answer(r, rc, codes, 1);
}

void staf_dua_langkah_kode_baru(struct req *r)
{
	struct db *db = db_thread();
	char codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT];
	int64_t id;
	int roles;
	const char *pw;

	if (!(id = officer(r, &roles)))
		return;
	pw = http_form(r, "password");
	if (!pw || !*pw || !staff_check_password(db, id, pw)) {
		page(r, 422, id, roles, one_error("password_kode", pw && *pw ? "Kata sandi salah." : "Kata sandi wajib diisi."));
		return;
	}
	codes_answer(r, twofa_recovery_renew(db, id, codes), codes, 0);
}

void staf_dua_langkah_nonaktif(struct req *r)
{
	struct db *db = db_thread();
	const char *pw, *code;
	int64_t id;
	int roles;
	enum twofa_rc rc;
	long retry;

	if (!(id = officer(r, &roles)))
		return;
	if (twofa_required(db, roles)) {
		page(r, 409, id, roles, one_error("nonaktif", "Verifikasi dua langkah wajib untuk akun Anda dan tidak "
						  "dapat dinonaktifkan."));
		return;
	}
	pw = http_form(r, "password");
	code = posted_code(r);
	if (!pw || !*pw || !*code) {
		page(r, 422, id, roles, one_error("nonaktif", "Kata sandi dan kode verifikasi wajib diisi."));
		return;
	}
	if (!staff_check_password(db, id, pw)) {
		page(r, 422, id, roles, one_error("nonaktif", "Kata sandi salah."));
		return;
	}
	rc = code_check(r, id, code, &retry);
	if (rc == TWOFA_WRONG || rc == TWOFA_REPLAYED || rc == TWOFA_LOCKED) {
		page(r, rc == TWOFA_LOCKED ? 429 : 422, id, roles, one_error("nonaktif", refusal(r, rc, retry)));
		return;
	}
	if (rc == TWOFA_OK || rc == TWOFA_RECOVERY)
		rc = twofa_disable(db, id, roles);
	if (rc == TWOFA_OK)
		web_flash(r, "Verifikasi dua langkah dinonaktifkan. Login berikutnya hanya memakai kata sandi.");
	if (rc == TWOFA_OK || rc == TWOFA_STATE)
		http_redirect(r, PAGE);
	else
		http_error(r, 500, NULL);
}
