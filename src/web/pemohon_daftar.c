// SPDX-License-Identifier: MIT
// Applicant pages of manual B.1, B.2 and B.8: registration (and re-registration), status check, activation.
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/region.h"
#include "web/web.h"

/* Shown once after a registration; its presence also tells the status page
 * to show the "waiting for verification" box of Gambar 14. */
#define REG_FLASH "Pendaftaran berhasil dikirim. Pemberitahuan dikirim melalui WhatsApp dan Email yang Anda isi."

/* Registration fields that are given back to the form after an error. The
 * passwords are missing on purpose: they are never echoed. */
static const char *const reg_fields[] = {
	"nik", "nama", "no_kk", "tempat_lahir", "tanggal_lahir", "nama_ibu",
	"provinsi", "kabupaten", "kecamatan", "kode_desa", "no_hp", "email", NULL,
};

static const char *str_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* ---- region selects ------------------------------------------------------ */

/* The children of parent as <option>s, the kept value marked selected. */
static json_t *region_options(struct db *db, const char *parent, const char *value)
{
	json_t *list = region_children(db, parent), *it;
	size_t i;

	if (!list)
		return json_array();
	json_array_foreach(list, i, it) {
		const char *kode = json_string_value(json_object_get(it, "kode"));

		json_object_set_new(it, "selected", json_boolean(kode && !strcmp(kode, value)));
	}
	return list;
}

/* A kept child code counts only when it lies below the kept parent code,
 * so a tampered or stale combination cannot list unrelated regions. */
static const char *below(const char *child, const char *parent)
{
	size_t n = strlen(parent);

	return n && !strncmp(child, parent, n) && child[n] == '.' ? child : "";
}

/* Server-rendered options for the four cascading selects: provinces always,
 * each lower level once its parent has a value (after an error or for a
 * re-registration), so the form also works without JavaScript. */
static void add_regions(struct db *db, json_t *ctx, json_t *values)
{
	const char *prov = str_of(values, "provinsi");
	const char *kab = below(str_of(values, "kabupaten"), prov);
	const char *kec = below(str_of(values, "kecamatan"), kab);
	const char *desa = below(str_of(values, "kode_desa"), kec);
	json_t *w = json_object();

	json_object_set_new(w, "provinsi", region_options(db, "", prov));
	json_object_set_new(w, "kabupaten", *prov ? region_options(db, prov, kab) : json_array());
	json_object_set_new(w, "kecamatan", *kab ? region_options(db, kab, kec) : json_array());
	json_object_set_new(w, "desa", *kec ? region_options(db, kec, desa) : json_array());
	json_object_set_new(ctx, "wilayah", w);
}

/* ---- re-registration ("Daftar Ulang") ------------------------------------ */

/* The rejected account whose owner proved the password at login in this
 * browser session (set by the login page), or 0. */
static int64_t reregister_id(struct req *r)
{
	struct session *s = web_session(r, 0);

	return s ? session_reregister(db_thread(), s) : 0;
}

static void reregister_done(struct req *r)
{
	struct session *s = web_session(r, 0);

	if (s)
		session_set_reregister(db_thread(), s, 0);
}

/* ---- Pendaftaran Pemohon ------------------------------------------------- */

/* The message of a public form's limit (acct_* gave ACCT_LOCKED), with
 * Retry-After set. */
static const char *limit_message(struct req *r, long retry)
{
	return arena_printf(r->a, "Terlalu banyak permintaan dari jaringan Anda atau untuk NIK ini. Demi keamanan, "
			    "silakan coba lagi dalam %s.", web_retry(r, retry));
}

/* Renders the registration form; consumes values and errors (may be NULL).
 * batas: the message of a reached limit, or NULL. */
static void render_daftar(struct req *r, int status, int ulang, json_t *values, json_t *errors, const char *batas)
{
	json_t *ctx = web_ctx(r, ulang ? "Pendaftaran Ulang Pemohon" : "Pendaftaran Pemohon");

	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, "menu_daftar", json_true());
	json_object_set_new(ctx, "ulang", json_boolean(ulang));
	if (!values)
		values = json_object();
	add_regions(db_thread(), ctx, values);
	json_object_set_new(ctx, "values", values);
	if (errors && json_object_size(errors)) {
		json_object_set_new(ctx, "errors", errors);
		json_object_set_new(ctx, "has_errors", json_true());
	} else {
		json_decref(errors);
	}
	if (batas)
		json_object_set_new(ctx, "batas", json_string(batas));
	web_captcha(r, ctx);
	web_render(r, status, "pemohon/daftar", ctx);
}

void page_daftar(struct req *r)
{
	struct db *db = db_thread();
	int64_t ulang_id = reregister_id(r);
	json_t *values, *errors;
	struct reg_input in;
	enum acct_rc rc;
	long retry;
	int ulang;

	if (r->method != HTTP_POST) {
		const char *q = http_query(r, "ulang");

		values = NULL;
		if (ulang_id && q && !strcmp(q, "1"))
			values = acct_reregister_values(db, ulang_id);
		/* no longer rejected (e.g. already re-registered): a plain form */
		render_daftar(r, 200, values != NULL, values, NULL, NULL);
		return;
	}

	ulang = ulang_id && !strcmp(web_field(r, "ulang"), "1");
	values = web_values(r, reg_fields);
	errors = json_object();
	/* a wrong captcha must change nothing: the domain is not asked at all */
	if (!web_captcha_ok(r, errors)) {
		render_daftar(r, 422, ulang, values, errors, NULL);
		return;
	}
	in = (struct reg_input){
		.nik = web_field(r, "nik"),
		.nama = web_field(r, "nama"),
		.no_kk = web_field(r, "no_kk"),
		.tempat_lahir = web_field(r, "tempat_lahir"),
		.tanggal_lahir = web_field(r, "tanggal_lahir"),
		.nama_ibu = web_field(r, "nama_ibu"),
		.kode_desa = web_field(r, "kode_desa"),
		.no_hp = web_field(r, "no_hp"),
		.email = web_field(r, "email"),
		/* trimmed like every other channel (API, login) trims them */
		.password = web_field(r, "password"),
		.password2 = web_field(r, "password2"),
	};
	rc = acct_register(db, &in, r->client_ip, errors, &retry);
	if (rc == ACCT_INVALID || rc == ACCT_LOCKED) {
		render_daftar(r, rc == ACCT_LOCKED ? 429 : 422, ulang, values, errors,
			      rc == ACCT_LOCKED ? limit_message(r, retry) : NULL);
		return;
	}
	json_decref(values);
	json_decref(errors);
	if (rc != ACCT_OK) {
		http_error(r, 500, NULL);
		return;
	}
	if (ulang_id)
		reregister_done(r);
	/* Post/Redirect/Get: a reload must not register twice */
	web_flash(r, REG_FLASH);
	http_redirect(r, "/pemohon/status");
}

/* ---- Cek Status Pendaftaran ---------------------------------------------- */

static json_t *status_ctx(struct req *r)
{
	json_t *ctx = web_ctx(r, "Cek Status Pendaftaran");

	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, "menu_status", json_true());
	return ctx;
}

static void render_status(struct req *r, int status, json_t *ctx, json_t *values, json_t *errors)
{
	json_object_set_new(ctx, "values", values ? values : json_object());
	if (errors && json_object_size(errors)) {
		json_object_set_new(ctx, "errors", errors);
		json_object_set_new(ctx, "has_errors", json_true());
	} else {
		json_decref(errors);
	}
	web_captcha(r, ctx);
	web_render(r, status, "pemohon/status", ctx);
}

/* The result box: exactly one of the four stages, never a reason. */
static json_t *status_result(enum acct_status st)
{
	static const char *const flags[ST__MAX] = { "menunggu", "disetujui", "ditolak", "aktif" };

	return json_pack("{s:s, s:b}", "label", acct_status_labels[st], flags[st], 1);
}

void page_status(struct req *r)
{
	static const char *const fields[] = { "nik", "no_hp", NULL };
	json_t *ctx, *errors;
	enum acct_status st = ST_MENUNGGU;
	enum acct_rc rc;
	long retry;

	if (r->method != HTTP_POST) {
		struct session *s = web_session(r, 0);

		ctx = status_ctx(r);
		if (s && s->flash && !strcmp(s->flash, REG_FLASH))
			json_object_set_new(ctx, "baru_daftar", json_true());
		render_status(r, 200, ctx, NULL, NULL);
		return;
	}

	errors = json_object();
	if (!web_captcha_ok(r, errors)) {
		render_status(r, 422, status_ctx(r), web_values(r, fields), errors);
		return;
	}
	rc = acct_status(db_thread(), web_field(r, "nik"), web_field(r, "no_hp"), r->client_ip, errors, &st, &retry);
	switch (rc) {
	case ACCT_INVALID:
		render_status(r, 422, status_ctx(r), web_values(r, fields), errors);
		break;
	case ACCT_LOCKED:
		ctx = status_ctx(r);
		json_object_set_new(ctx, "batas", json_string(limit_message(r, retry)));
		render_status(r, 429, ctx, web_values(r, fields), errors);
		break;
	case ACCT_OK:
		ctx = status_ctx(r);
		json_object_set_new(ctx, "hasil", status_result(st));
		render_status(r, 200, ctx, NULL, errors);
		break;
	case ACCT_NOT_FOUND:
		/* The same answer, byte for byte, whether the NIK is unknown or
		 * the phone number is wrong; the typed values are not given back
		 * either, so nothing in the page tells the two apart. */
		ctx = status_ctx(r);
		json_object_set_new(ctx, "tidak_ditemukan", json_true());
		render_status(r, 200, ctx, NULL, errors);
		break;
	default:
		json_decref(errors);
		http_error(r, 500, NULL);
		break;
	}
}

/* ---- Aktivasi Pemohon ---------------------------------------------------- */

/* One template, four states: form, berhasil, terkunci, tidak_berlaku. */
static void render_aktivasi(struct req *r, int status, const char *state, const char *masked_nik,
			    json_t *values, json_t *errors)
{
	json_t *ctx = web_ctx(r, "Aktivasi Pemohon");

	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, state, json_true());
	if (!strcmp(state, "form")) {
		json_object_set_new(ctx, "nik_masked", json_string(masked_nik ? masked_nik : ""));
		json_object_set_new(ctx, "values", values ? values : json_object());
		values = NULL;
		if (errors && json_object_size(errors)) {
			json_object_set_new(ctx, "errors", errors);
			errors = NULL;
		}
		web_captcha(r, ctx);
	}
	json_decref(values);
	json_decref(errors);
	web_render(r, status, "pemohon/aktivasi", ctx);
}

void page_aktivasi(struct req *r)
{
	static const char *const fields[] = { "nama_ibu", NULL };
	/* the token lives only in the URL: never logged, never put in the page */
	const char *token = r->nargs > 0 ? r->args[0] : "";
	struct db *db = db_thread();
	char *masked = NULL;
	json_t *errors;
	enum acct_rc rc;

	if (acct_activation_check(db, token, &masked) != ACCT_OK) {
		free(masked);
		render_aktivasi(r, 404, "tidak_berlaku", NULL, NULL, NULL);
		return;
	}
	if (r->method != HTTP_POST) {
		render_aktivasi(r, 200, "form", masked, NULL, NULL);
		free(masked);
		return;
	}

	errors = json_object();
	if (!web_captcha_ok(r, errors)) {
		render_aktivasi(r, 422, "form", masked, web_values(r, fields), errors);
		free(masked);
		return;
	}
	rc = acct_activate(db, token, web_field(r, "nama_ibu"), errors);
	switch (rc) {
	case ACCT_OK:
		/* the link is single-use, so a reload lands on "tidak berlaku" */
		render_aktivasi(r, 200, "berhasil", NULL, NULL, errors);
		break;
	case ACCT_INVALID:
		render_aktivasi(r, 422, "form", masked, web_values(r, fields), errors);
		break;
	case ACCT_LOCKED:
		render_aktivasi(r, 429, "terkunci", NULL, NULL, errors);
		break;
	case ACCT_TOKEN_BAD:
		render_aktivasi(r, 404, "tidak_berlaku", NULL, NULL, errors);
		break;
	default:
		json_decref(errors);
		http_error(r, 500, NULL);
		break;
	}
	free(masked);
}
