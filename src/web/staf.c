// SPDX-License-Identifier: MIT
// Officer pages: staff login and password change, registration verification, sent messages.
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain/account.h"
#include "domain/audit.h"
#include "domain/staff.h"
#include "domain/validate.h"
#include "lib/config.h"
#include "web/web.h"

/* Who may verify registrations and read the outbox (manual part B). */
#define VERIFY_ROLES (STAF_ADMIN | STAF_VERIFIKATOR)

#define SEARCH_MAX 100

/* ---- helpers ------------------------------------------------------------- */

static const char *status_badge(const char *status)
{
	switch (acct_status_from(status)) {
	case ST_MENUNGGU: return "text-bg-warning";
	case ST_DISETUJUI: return "text-bg-info";
	case ST_DITOLAK: return "text-bg-danger";
	case ST_AKTIF: return "text-bg-success";
	default: return "text-bg-secondary";
	}
}

/* ---- login, logout, password --------------------------------------------- */

static void login_form(struct req *r, int status, json_t *errors, const char *username, const char *alert)
{
	json_t *ctx = web_ctx(r, "Login Petugas");

	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "values", json_pack("{s:s}", "username", username ? username : ""));
	if (alert)
		json_object_set_new(ctx, "alert", json_string(alert));
	web_captcha(r, ctx);
	web_render(r, status, "staf/login", ctx);
}

void staf_login(struct req *r)
{
	struct db *db = db_thread();
	json_t *errors;
	char user[40];
	const char *pw;
	int64_t id;
	int must_change;
	long retry;
	size_t i;

	if (r->method != HTTP_POST) {
		if (web_staf(r)) {
			http_redirect(r, "/staf");
			return;
		}
		login_form(r, 200, NULL, NULL, NULL);
		return;
	}
	/* usernames are lower case; phones like to capitalise the first letter */
	snprintf(user, sizeof user, "%s", web_field(r, "username"));
	for (i = 0; user[i]; i++)
		user[i] = (char)tolower((unsigned char)user[i]);
	pw = http_form(r, "password");
	errors = json_object();
	if (!web_captcha_ok(r, errors)) {
		login_form(r, 422, errors, user, NULL);
		return;
	}
	if (!*user)
		json_object_set_new(errors, "username", json_string("Nama pengguna wajib diisi."));
	if (!pw || !*pw)
		json_object_set_new(errors, "password", json_string("Kata sandi wajib diisi."));
	if (json_object_size(errors)) {
		login_form(r, 422, errors, user, NULL);
		return;
	}
	switch (staff_login(db, user, pw, r->client_ip, &id, &must_change, &retry)) {
	case STAFF_OK:
		json_decref(errors);
		/* the code step, or the session (staf_2fa.c) */
		staf_login_password_ok(r, id, must_change);
		return;
	case STAFF_LOCKED:
		login_form(r, 429, errors, user,
			   arena_printf(r->a, "Terlalu banyak percobaan login yang gagal untuk akun ini dari jaringan "
				       "Anda. Demi keamanan, silakan coba lagi dalam %s.", web_retry(r, retry)));
		return;
	case STAFF_BAD:
		login_form(r, 422, errors, user, "Nama pengguna atau kata sandi salah.");
		return;
	default:
		json_decref(errors);
		http_error(r, 500, NULL);
		return;
	}
}

void staf_logout(struct req *r)
{
	web_logout(r);
	web_flash(r, "Anda telah keluar. Terima kasih.");
	http_redirect(r, "/staf/login");
}

static void password_form(struct req *r, int status, json_t *errors, int must_change)
{
	json_t *ctx = web_ctx(r, "Ganti Kata Sandi");
	json_t *rules = json_array();
	int i;

	for (i = PW_RULE_MIN_LEN; i <= PW_RULE_SYMBOL; i++)
		json_array_append_new(rules, json_string(password_rule_texts[i]));
	json_object_set_new(ctx, "rules", rules);
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "must_change", json_boolean(must_change));
	web_render(r, status, "staf/password", ctx);
}

void staf_password(struct req *r)
{
	struct db *db = db_thread();
	const char *old, *pw, *pw2;
	json_t *errors;
	unsigned bad;
	int roles, must_change;
	int64_t id;

	/* not web_need_staf: this page is where a one-time password leads */
	if (!(id = web_staf_active(r, &roles)))
		return;
	must_change = staff_must_change(db, id);
	if (r->method != HTTP_POST) {
		password_form(r, 200, NULL, must_change);
		return;
	}
	/* passwords are taken as typed: spaces may be part of them */
	old = http_form(r, "password_lama");
	pw = http_form(r, "password");
	pw2 = http_form(r, "password2");
	old = old ? old : "";
	pw = pw ? pw : "";
	pw2 = pw2 ? pw2 : "";
	errors = json_object();
	if (!*old)
		json_object_set_new(errors, "password_lama", json_string("Kata sandi lama wajib diisi."));
	if (!*pw) {
		json_object_set_new(errors, "password", json_string("Kata sandi baru wajib diisi."));
	} else if ((bad = password_check(pw)) != 0) {
		struct buf msg = BUF_INIT;

		password_message(bad, &msg);
		json_object_set_new(errors, "password", json_string(msg.ptr));
		buf_release(&msg);
	} else if (*old && !strcmp(old, pw)) {
		json_object_set_new(errors, "password", json_string("Kata sandi baru harus berbeda dengan kata sandi lama."));
	}
	if (strcmp(pw, pw2))
		json_object_set_new(errors, "password2", json_string("Ulangi Kata Sandi Baru harus sama dengan Kata Sandi Baru."));
	/* the old password is checked last: an Argon2 verify is not free */
	if (!json_object_size(errors) && !staff_check_password(db, id, old))
		json_object_set_new(errors, "password_lama", json_string("Kata sandi lama salah."));
	if (json_object_size(errors)) {
		password_form(r, 422, errors, must_change);
		return;
	}
	json_decref(errors);
	if (staff_set_password(db, id, pw) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	web_flash(r, "Kata sandi berhasil diganti.");
	http_redirect(r, "/staf");
}

/* ---- registration verification ------------------------------------------- */

static const char *const list_filters[] = { "menunggu", "disetujui", "ditolak", "aktif", "semua" };
static const char *const list_filter_labels[] = {
	"Menunggu Verifikasi", "Disetujui", "Tidak Disetujui", "Aktif", "Semua",
};

void staf_pendaftaran_list(struct req *r)
{
	struct db *db = db_thread();
	const char *status = http_query(r, "status"), *q = http_query(r, "q");
	json_t *ctx, *rows, *opts, *row;
	struct buf base = BUF_INIT;
	long page, pages, total = 0;
	size_t i, nf = sizeof list_filters / sizeof list_filters[0];
	int known = 0, capped;
	char *qt;

	if (!web_need_staf(r, VERIFY_ROLES, NULL))
		return;
	for (i = 0; status && i < nf; i++)
		if (!strcmp(status, list_filters[i]))
			known = 1;
	if (!known)
		status = "menunggu";
	ctx = web_ctx(r, "Verifikasi Pendaftaran");
	/* the search box: trimmed, one line, at most SEARCH_MAX characters */
	qt = arena_strdup(r->a, q ? q : "");
	text_squash(qt, qt, strlen(qt) + 1);
	if (!text_field_ok(qt, SEARCH_MAX)) {
		json_object_set_new(ctx, "q_error", json_string("Kata pencarian maksimal 100 karakter tanpa karakter khusus."));
		qt = "";
	}
	page = web_page(r, "page");
	rows = acct_queue(db, strcmp(status, "semua") ? status : NULL, qt, page, web_page_size(), &total);
	/* past the counting cap the number of pages is unknown: page on while
	 * pages come back full */
	capped = total > ACCT_QUEUE_TOTAL_CAP;
	pages = web_page_count(total);
	if (!capped && page > pages) {
		/* a stale link past the end shows the last page, not nothing */
		json_decref(rows);
		page = pages;
		rows = acct_queue(db, strcmp(status, "semua") ? status : NULL, qt, page, web_page_size(), &total);
	}
	json_array_foreach(rows, i, row) {
		json_int_t t = json_integer_value(json_object_get(row, "created_at"));

		json_object_set_new(row, "tanggal", json_string(web_time_wib(r, (int64_t)t)));
		json_object_set_new(row, "badge", json_string(status_badge(json_string_value(json_object_get(row, "status")))));
	}
	opts = json_array();
	for (i = 0; i < nf; i++)
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", list_filters[i], "label",
						      list_filter_labels[i], "selected", !strcmp(status, list_filters[i])));
	buf_addf(&base, "/staf/pendaftaran?status=%s&", status);
	if (*qt) {
		buf_adds(&base, "q=");
		web_url_encode(&base, qt);
		buf_addc(&base, '&');
	}
	web_pager(r, ctx, base.ptr, page, pages, capped ? (long)json_array_size(rows) == web_page_size() : page < pages,
		  capped);
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "total_lebih", json_boolean(capped));
	json_object_set_new(ctx, "ada", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "status_options", opts);
	json_object_set_new(ctx, "q", json_string(qt));
	json_object_set_new(ctx, "filtered", json_boolean(*qt != '\0'));
	json_object_set_new(ctx, "menu_pendaftaran", json_true());
	buf_release(&base);
	web_render(r, 200, "staf/pendaftaran", ctx);
}

/*
 * The verification screen: everything the applicant typed, in full, with
 * the NIK warnings. status 409 with notice when someone else was faster;
 * 422 with errors/alasan when a rejection lacked a proper reason.
 */
static void detail_page(struct req *r, int status, json_t *p, const char *notice, json_t *errors,
			const char *alasan)
{
	json_t *ctx = web_ctx(r, "Detail Pendaftaran");
	json_t *warn = json_object_get(p, "peringatan");

	json_object_set_new(p, "tanggal_daftar", json_string(web_time_wib(r,
		(int64_t)json_integer_value(json_object_get(p, "created_at")))));
	json_object_set_new(p, "tanggal_lahir", json_string(web_date(r, json_string_value(json_object_get(p, "tanggal_lahir")))));
	json_object_set_new(p, "badge", json_string(status_badge(json_string_value(json_object_get(p, "status")))));
	json_object_set_new(ctx, "ada_peringatan", json_boolean(json_array_size(warn) > 0));
	json_object_set_new(ctx, "p", p);
	if (notice)
		json_object_set_new(ctx, "notice", json_string(notice));
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "values", json_pack("{s:s}", "alasan", alasan ? alasan : ""));
	json_object_set_new(ctx, "menu_pendaftaran", json_true());
	web_render(r, status, "staf/pendaftaran_detail", ctx);
}

void staf_pendaftaran_detail(struct req *r)
{
	struct db *db = db_thread();
	int64_t staf, id;
	json_t *p;
	char objek[32];

	if (!(staf = web_need_staf(r, VERIFY_ROLES, NULL)))
		return;
	id = web_path_id(r, 0);
	p = id ? acct_review(db, id) : NULL;
	if (!p) {
		http_error(r, 404, "Data pendaftaran tidak ditemukan.");
		return;
	}
	snprintf(objek, sizeof objek, "pemohon:%lld", (long long)id);
	if (audit_log(db, staf, "pendaftaran.lihat", objek, NULL) < 0) {
		/* no audit row, no personal data on screen */
		json_decref(p);
		http_error(r, 500, NULL);
		return;
	}
	detail_page(r, 200, p, NULL, NULL, NULL);
}

static const char already_done[] = "Pendaftaran ini sudah diproses. Status terbaru ditampilkan di bawah.";

/* Answers an outcome of approve/reject/resend that is not a success;
 * retry: the wait of ACCT_LOCKED. */
static void decision_failed(struct req *r, enum acct_rc rc, int64_t id, long retry)
{
	json_t *p;

	if (rc == ACCT_NOT_FOUND) {
		http_error(r, 404, "Data pendaftaran tidak ditemukan.");
		return;
	}
	if (rc == ACCT_STATE && (p = acct_review(db_thread(), id)) != NULL) {
		detail_page(r, 409, p, already_done, NULL, NULL);
		return;
	}
	if (rc == ACCT_LOCKED && (p = acct_review(db_thread(), id)) != NULL) {
		detail_page(r, 429, p, arena_printf(r->a, "Link aktivasi untuk pemohon ini sudah dikirim %ld kali dalam "
						     "1 jam. Silakan kirim lagi dalam %s.", g_cfg.send_max_hour,
						     web_retry(r, retry)), NULL, NULL);
		return;
	}
	http_error(r, 500, NULL);
}

/* Approve and resend: a move that needs no input beyond the record. */
static void simple_move(struct req *r, enum acct_rc (*move)(struct db *, int64_t, int64_t, long *),
			const char *flash, const char *next)
{
	int64_t staf, id;
	enum acct_rc rc;
	long retry = 0;

	if (!(staf = web_need_staf(r, VERIFY_ROLES, NULL)))
		return;
	id = web_path_id(r, 0);
	if (!id) {
		http_error(r, 404, "Data pendaftaran tidak ditemukan.");
		return;
	}
	rc = move(db_thread(), staf, id, &retry);
	if (rc != ACCT_OK) {
		decision_failed(r, rc, id, retry);
		return;
	}
	web_flash(r, flash);
	http_redirect(r, next);
}

void staf_pendaftaran_setujui(struct req *r)
{
	simple_move(r, acct_approve, "Pendaftaran disetujui. Link aktivasi dikirim melalui WhatsApp dan Email.",
		    "/staf/pendaftaran");
}

void staf_pendaftaran_kirim_ulang(struct req *r)
{
	simple_move(r, acct_resend_activation,
		    "Link aktivasi baru dikirim melalui WhatsApp dan Email. Link sebelumnya tidak berlaku lagi.",
		    "/staf/pendaftaran?status=disetujui");
}

void staf_pendaftaran_tolak(struct req *r)
{
	struct db *db = db_thread();
	int64_t staf, id;
	enum acct_rc rc;
	json_t *errors, *p;
	const char *alasan;

	if (!(staf = web_need_staf(r, VERIFY_ROLES, NULL)))
		return;
	id = web_path_id(r, 0);
	if (!id) {
		http_error(r, 404, "Data pendaftaran tidak ditemukan.");
		return;
	}
	alasan = web_field(r, "alasan");
	errors = json_object();
	rc = acct_reject(db, staf, id, alasan, errors);
	if (rc == ACCT_INVALID) {
		p = acct_review(db, id);
		if (!p) {
			json_decref(errors);
			http_error(r, 404, "Data pendaftaran tidak ditemukan.");
			return;
		}
		detail_page(r, 422, p, NULL, errors, alasan);
		return;
	}
	json_decref(errors);
	if (rc != ACCT_OK) {
		decision_failed(r, rc, id, 0);
		return;
	}
	web_flash(r, "Pendaftaran ditolak. Alasan dikirim melalui WhatsApp dan Email.");
	http_redirect(r, "/staf/pendaftaran");
}

/* ---- sent messages ------------------------------------------------------- */

static const char *outbox_status_label(const char *s, const char **badge)
{
	if (!strcmp(s, "sent")) {
		*badge = "text-bg-success";
		return "terkirim";
	}
	if (!strcmp(s, "failed")) {
		*badge = "text-bg-danger";
		return "gagal";
	}
	*badge = "text-bg-warning";
	return "menunggu";
}

/* Message text as lines, so the page keeps its paragraphs and still wraps
 * long links on a phone. */
static json_t *text_lines(const char *s)
{
	json_t *a = json_array();

	while (s && *s) {
		size_t n = strcspn(s, "\n");
		json_t *parts = json_array();

		/* each line in parts that end after a slash, so that a long
		 * link wraps there (<wbr>) on a phone, not inside a word */
		for (size_t i = 0, k = 0; k < n; i = k) {
			while (k < n && s[k++] != '/')
				;
			json_array_append_new(parts, json_stringn(s + i, k - i));
		}
		json_array_append_new(a, json_pack("{s:o}", "parts", parts));
		s += n;
		if (*s)
			s++;
	}
	return a;
}

void staf_pesan(struct req *r)
{
	struct db *db = db_thread();
	json_t *ctx, *rows, *row;
	long page, pages, total = 0;
	int64_t staf;
	size_t i;

	if (!(staf = web_need_staf(r, VERIFY_ROLES, NULL)))
		return;
	page = web_page(r, "page");
	/* the log names residents' contacts: who read it is on record */
	if (audit_log(db, staf, "pesan.lihat", "outbox", arena_printf(r->a, "halaman %ld", page)) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	rows = staff_outbox_page(db, page, web_page_size(), &total);
	pages = web_page_count(total);
	if (page > pages) {
		json_decref(rows);
		page = pages;
		rows = staff_outbox_page(db, page, web_page_size(), &total);
	}
	json_array_foreach(rows, i, row) {
		const char *badge, *label;
		json_int_t sent = json_integer_value(json_object_get(row, "sent_at"));
		int wa = !strcmp(json_string_value(json_object_get(row, "channel")), "whatsapp");

		label = outbox_status_label(json_string_value(json_object_get(row, "status")), &badge);
		json_object_set_new(row, "status_label", json_string(label));
		json_object_set_new(row, "status_badge", json_string(badge));
		json_object_set_new(row, "whatsapp", json_boolean(wa));
		json_object_set_new(row, "waktu", json_string(web_time_wib(r,
			(int64_t)json_integer_value(json_object_get(row, "created_at")))));
		if (sent)
			json_object_set_new(row, "waktu_kirim", json_string(web_time_wib(r, (int64_t)sent)));
		json_object_set_new(row, "lines", text_lines(json_string_value(json_object_get(row, "body"))));
	}
	ctx = web_ctx(r, "Pesan Terkirim");
	web_pager(r, ctx, "/staf/pesan?", page, pages, page < pages, 0);
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "ada", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "menu_pesan", json_true());
	web_render(r, 200, "staf/pesan", ctx);
}
