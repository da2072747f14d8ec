// SPDX-License-Identifier: MIT
// Admin pages: staff accounts, office settings (with the public logo), the audit log and its JSON API.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/notify.h"
#include "domain/settings.h"
#include "domain/staff.h"
#include "domain/validate.h"
#include "lib/config.h"
#include "lib/image.h"
#include "lib/log.h"
#include "lib/waktu.h"
#include "web/web.h"

#define AUDIT_PAGE 50
#define MSG_INVALID "Data yang dikirim belum benar. Periksa kembali isian yang ditandai."
#define MSG_NO_PETUGAS "Petugas tidak ditemukan."

static const char *const role_labels[ROLE__MAX] = {
	"Admin", "Verifikator", "Operator", "Penandatangan",
};
static const char *const role_hints[ROLE__MAX] = {
	"Semua menu, termasuk petugas, layanan, pengaturan dan log audit.",
	"Memverifikasi pendaftaran pemohon dan berkas pengajuan.",
	"Memproses pengajuan dan menyerahkan dokumen.",
	"Menandatangani dokumen (TTE) dan membaca laporan.",
};

/* ---- helpers ------------------------------------------------------------- */

/* An admin (into *me) on the page of an account: the account id of the
 * path, or 0 after answering. */
static int64_t admin_on_petugas(struct req *r, int64_t *me)
{
	int64_t id;

	if (!(*me = web_need_staf(r, STAF_ADMIN, NULL)))
		return 0;
	if (!(id = web_path_id(r, 0)))
		http_error(r, 404, MSG_NO_PETUGAS);
	return id;
}

/* "21-11-2026 14:53:07 WIB": the audit log alone keeps the seconds
 * (lib/waktu.h says why). */
static const char *time_wib_sec(struct req *r, int64_t t)
{
	char s[WAKTU_WIB_DETIK_LEN];

	return arena_strdup(r->a, waktu_wib_detik(t, s));
}

/* ---- staff accounts ------------------------------------------------------ */

/* The service checkboxes: every service of the catalog, ticked as in
 * chosen (an array of ids). */
static json_t *service_options(struct db *db, const json_t *chosen)
{
	const struct catalog *c = catalog_get(db);
	json_t *a = json_array(), *v;
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		int on = 0;

		json_array_foreach(chosen, j, v)
			if (json_integer_value(v) == c->items[i].id)
				on = 1;
		json_array_append_new(a, json_pack("{s:I, s:s, s:b, s:b}", "id", (json_int_t)c->items[i].id,
						   "nama", c->items[i].nama, "aktif", c->items[i].aktif, "checked", on));
	}
	return a;
}

static json_t *role_options(int mask)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < ROLE__MAX; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b}", "value", staff_role_names[i], "label",
						   role_labels[i], "hint", role_hints[i], "checked", (mask >> i) & 1));
	return a;
}

/* Role labels and service names of one account, for the list. */
static void decorate(struct db *db, json_t *o)
{
	const struct catalog *c = catalog_get(db);
	json_t *labels = json_array(), *names = json_array(), *v;
	int mask = (int)json_integer_value(json_object_get(o, "role_mask")), i;
	size_t j;

	for (i = 0; i < ROLE__MAX; i++)
		if (mask & (1 << i))
			json_array_append_new(labels, json_string(role_labels[i]));
	json_array_foreach(json_object_get(o, "layanan"), j, v) {
		const struct cat_service *s = catalog_by_id(c, (int64_t)json_integer_value(v));

		json_array_append_new(names, json_string(s ? s->nama : "(layanan dihapus)"));
	}
	json_object_set_new(o, "peran_label", labels);
	json_object_set_new(o, "layanan_nama", names);
	json_object_set_new(o, "semua_layanan", json_boolean(json_array_size(names) == 0));
}

void staf_petugas_list(struct req *r)
{
	struct db *db = db_thread();
	int64_t me;
	json_t *ctx, *rows, *o;
	size_t i;
	int aktif = 0;

	if (!(me = web_need_staf(r, STAF_ADMIN, NULL)))
		return;
	rows = staff_list(db);
	if (!rows) {
		http_error(r, 500, NULL);
		return;
	}
	json_array_foreach(rows, i, o) {
		decorate(db, o);
		json_object_set_new(o, "saya", json_boolean(json_integer_value(json_object_get(o, "id")) == me));
		aktif += json_is_true(json_object_get(o, "aktif"));
	}
	ctx = web_ctx(r, "Petugas");
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "jumlah", json_integer((json_int_t)json_array_size(rows)));
	json_object_set_new(ctx, "jumlah_aktif", json_integer(aktif));
	json_object_set_new(ctx, "menu_petugas", json_true());
	web_render(r, 200, "staf/petugas", ctx);
}

/*
 * The posted account form: username (lower-cased), nama (squashed), peran
 * (repeated), layanan (repeated ids). Malformed role names or ids go to
 * errors, and then so does everything else staff_input_check finds (for a
 * new account when creating): 1 when the form is refused already, 0 when
 * the rest is left to the domain's save.
 */
static int read_form(struct req *r, struct staff_input *in, json_t *errors, json_t **chosen, int creating)
{
	size_t nroles = params_count_key(&r->form, "peran"), nsvc = params_count_key(&r->form, "layanan"), i;
	char *user = arena_strdup(r->a, web_field(r, "username"));
	char *nama = arena_strdup(r->a, web_field(r, "nama"));
	int64_t *ids;

	for (i = 0; user[i]; i++)
		user[i] = (char)tolower((unsigned char)user[i]);
	text_squash(nama, nama, strlen(nama) + 1);
	in->username = user;
	in->nama = nama;
	in->roles = 0;
	for (i = 0; i < nroles; i++) {
		const char *v = params_get_nth(&r->form, "peran", i);
		int m = staff_roles_parse(v && *v && !strchr(v, ',') ? v : "?");

		if (m < 0) {
			json_object_set_new(errors, "peran", json_string("Peran yang dipilih tidak dikenal."));
			break;
		}
		in->roles |= m;
	}
	*chosen = json_array();
	if (nsvc > STAFF_LAYANAN_MAX) {
		json_object_set_new(errors, "layanan", json_string("Terlalu banyak layanan yang dipilih."));
		nsvc = 0;
	}
	ids = arena_alloc(r->a, (nsvc ? nsvc : 1) * sizeof *ids);
	in->layanan = ids;
	in->nlayanan = 0;
	for (i = 0; i < nsvc; i++) {
		int64_t id = web_positive_int(params_get_nth(&r->form, "layanan", i), 15);

		if (!id) {
			json_object_set_new(errors, "layanan",
					    json_string("Layanan yang dipilih tidak dikenal. Muat ulang halaman lalu pilih kembali."));
			continue;
		}
		ids[in->nlayanan++] = id;
		json_array_append_new(*chosen, json_integer(id));
	}
	if (!json_object_size(errors))
		return 0;
	staff_input_check(db_thread(), in, creating, errors);
	return 1;
}

/*
 * The create/edit form. acct: the account being edited (NULL: new), taken.
 * values: {username, nama} to show; mask and chosen: ticks (chosen taken).
 */
static void account_form(struct req *r, int status, json_t *acct, json_t *values, int mask, json_t *chosen,
			 json_t *errors, const char *alert)
{
	struct db *db = db_thread();
	json_t *ctx = web_ctx(r, acct ? "Ubah Petugas" : "Tambah Petugas");

	if (acct) {
		json_object_set_new(acct, "dibuat", json_string(web_time_wib(r, (int64_t)json_integer_value(
			json_object_get(acct, "created_at")))));
		json_object_set_new(acct, "saya", json_boolean(json_integer_value(json_object_get(acct, "id")) ==
							       web_staf(r)));
		json_object_set_new(ctx, "akun", acct);
	}
	json_object_set_new(ctx, "baru", json_boolean(!acct));
	json_object_set_new(ctx, "values", values);
	json_object_set_new(ctx, "peran", role_options(mask));
	json_object_set_new(ctx, "layanan", service_options(db, chosen));
	json_object_set_new(ctx, "semua_layanan", json_boolean(json_array_size(chosen) == 0));
	json_decref(chosen);
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	if (errors && json_object_size(errors))
		json_object_set_new(ctx, "ada_error", json_true());
	if (alert)
		json_object_set_new(ctx, "alert", json_string(alert));
	json_object_set_new(ctx, "menu_petugas", json_true());
	web_render(r, status, "staf/petugas_form", ctx);
}

/* The one-time password, shown once in the answer to the POST that made it. */
static void password_page(struct req *r, const char *username, const char *nama, const char *pw, int baru)
{
	json_t *ctx = web_ctx(r, "Kata Sandi Sekali Pakai");

	json_object_set_new(ctx, "username", json_string(username));
	json_object_set_new(ctx, "nama", json_string(nama));
	json_object_set_new(ctx, "password", json_string(pw));
	json_object_set_new(ctx, "baru", json_boolean(baru));
	json_object_set_new(ctx, "menu_petugas", json_true());
	/* never kept by a browser or proxy cache */
	http_add_header(r, "Cache-Control", "no-store");
	web_render(r, 200, "staf/petugas_sandi", ctx);
}

void staf_petugas_baru(struct req *r)
{
	struct db *db = db_thread();
	struct staff_input in;
	json_t *errors, *chosen;
	char pw[21];
	int64_t me, id;
	enum staff_edit_rc rc;

	if (!(me = web_need_staf(r, STAF_ADMIN, NULL)))
		return;
	if (r->method != HTTP_POST) {
		account_form(r, 200, NULL, json_pack("{s:s, s:s}", "username", "", "nama", ""), 0, json_array(), NULL, NULL);
		return;
	}
	errors = json_object();
	rc = read_form(r, &in, errors, &chosen, 1) ? STAFF_EDIT_INVALID : staff_create(db, me, &in, errors, pw, &id);
	if (rc == STAFF_EDIT_INVALID) {
		account_form(r, 422, NULL, json_pack("{s:s, s:s}", "username", in.username, "nama", in.nama), in.roles,
			     chosen, errors, MSG_INVALID);
		return;
	}
	json_decref(errors);
	json_decref(chosen);
	if (rc != STAFF_EDIT_OK) {
		http_error(r, 500, NULL);
		return;
	}
	password_page(r, in.username, in.nama, pw, 1);
}

static const char last_admin[] =
	"Perubahan ditolak: harus selalu ada minimal satu admin yang aktif. Tambahkan atau aktifkan admin lain "
	"terlebih dahulu.";

/* The edit form for an account as stored, with a status and an alert. */
static void edit_page(struct req *r, int status, int64_t id, const char *alert)
{
	json_t *acct = staff_get(db_thread(), id), *chosen;
	int mask;

	if (!acct) {
		http_error(r, 404, MSG_NO_PETUGAS);
		return;
	}
	mask = (int)json_integer_value(json_object_get(acct, "role_mask"));
	chosen = json_deep_copy(json_object_get(acct, "layanan"));
	account_form(r, status, acct, json_pack("{s:O, s:O}", "username", json_object_get(acct, "username"), "nama",
						json_object_get(acct, "nama")), mask, chosen, NULL, alert);
}

void staf_petugas_edit(struct req *r)
{
	struct db *db = db_thread();
	struct staff_input in;
	json_t *errors, *chosen, *acct;
	int64_t me, id;
	enum staff_edit_rc rc;

	if (!(id = admin_on_petugas(r, &me)))
		return;
	if (r->method != HTTP_POST) {
		edit_page(r, 200, id, NULL);
		return;
	}
	errors = json_object();
	rc = read_form(r, &in, errors, &chosen, 0) ? STAFF_EDIT_INVALID : staff_update(db, me, id, &in, errors);
	if (rc == STAFF_EDIT_OK) {
		json_decref(errors);
		json_decref(chosen);
		web_flash(r, "Data petugas berhasil disimpan.");
		http_redirect(r, "/staf/petugas");
		return;
	}
	if (rc == STAFF_EDIT_NOT_FOUND || rc == STAFF_EDIT_ERR || !(acct = staff_get(db, id))) {
		json_decref(errors);
		json_decref(chosen);
		http_error(r, rc == STAFF_EDIT_ERR ? 500 : 404, rc == STAFF_EDIT_ERR ? NULL : MSG_NO_PETUGAS);
		return;
	}
	account_form(r, rc == STAFF_EDIT_LAST_ADMIN ? 409 : 422, acct,
		     json_pack("{s:O, s:s}", "username", json_object_get(acct, "username"), "nama", in.nama), in.roles,
		     chosen, errors, rc == STAFF_EDIT_LAST_ADMIN ? last_admin : MSG_INVALID);
}

static void set_active(struct req *r, int aktif)
{
	struct db *db = db_thread();
	int64_t me, id;
	enum staff_edit_rc rc;

	if (!(id = admin_on_petugas(r, &me)))
		return;
	rc = staff_set_active(db, me, id, aktif);
	switch (rc) {
	case STAFF_EDIT_OK:
		if (!aktif && id == me) {
			/* one's own sessions are gone with the account */
			web_logout(r);
			http_redirect(r, "/staf/login");
			return;
		}
		web_flash(r, aktif ? "Akun petugas telah diaktifkan kembali."
				   : "Akun petugas telah dinonaktifkan. Semua sesi login petugas tersebut telah diakhiri.");
		http_redirect(r, arena_printf(r->a, "/staf/petugas/%lld", (long long)id));
		return;
	case STAFF_EDIT_LAST_ADMIN:
		edit_page(r, 409, id, last_admin);
		return;
	case STAFF_EDIT_NOT_FOUND:
		http_error(r, 404, MSG_NO_PETUGAS);
		return;
	default:
		http_error(r, 500, NULL);
		return;
	}
}

void staf_petugas_nonaktif(struct req *r)
{
	set_active(r, 0);
}

void staf_petugas_aktif(struct req *r)
{
	set_active(r, 1);
}

void staf_petugas_reset(struct req *r)
{
	struct db *db = db_thread();
	int64_t me, id;
	json_t *acct;
	char pw[21];
	enum staff_edit_rc rc;

	if (!(id = admin_on_petugas(r, &me)))
		return;
	if (!(acct = staff_get(db, id))) {
		http_error(r, 404, MSG_NO_PETUGAS);
		return;
	}
	rc = staff_reset_by_id(db, me, id, pw);
	if (rc == STAFF_EDIT_OK)
		password_page(r, json_string_value(json_object_get(acct, "username")),
			      json_string_value(json_object_get(acct, "nama")), pw, 0);
	else if (rc == STAFF_EDIT_SELF)
		edit_page(r, 409, id, "Kata sandi akun Anda sendiri tidak dapat direset di sini. Gunakan menu "
				      "Ganti Kata Sandi.");
	else if (rc == STAFF_EDIT_NOT_FOUND)
		http_error(r, 404, MSG_NO_PETUGAS);
	else
		http_error(r, 500, NULL);
	json_decref(acct);
}

/* ---- settings ------------------------------------------------------------ */

/* Form fields of the settings page, in the order of enum setting_key
 * (NULL: not a text field). */
static const char *const text_keys[] = {
	"nama_kantor", "footer", "jam_layanan", NULL, "whatsapp_transport", "whatsapp_format", "whatsapp_url",
	"whatsapp_token", "email_transport", "smtp_url", "smtp_user", "smtp_password", "smtp_from", NULL,
};
_Static_assert(sizeof text_keys / sizeof text_keys[0] == SET__MAX, "one form field per setting");

static json_t *choices(const char *cur, const char *const *vals, const char *const *labels, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", vals[i], "label", labels[i], "selected",
						   cur && !strcmp(cur, vals[i])));
	return a;
}

/*
 * The settings page. values: what to show in the fields (taken; secrets
 * are never among them). errors/alert for a refused save; tujuan: the test
 * message recipient as typed.
 */
static void settings_page(struct req *r, int status, json_t *values, json_t *errors, const char *tujuan)
{
	static const char *const wa_vals[] = { "log", "whatsapp", "none" };
	static const char *const wa_labels[] = { "Catat ke berkas outbox.jsonl (uji coba)", "Gateway WhatsApp",
						 "Tidak dikirim" };
	static const char *const fmt_vals[] = { "fonnte", "cloud" };
	static const char *const fmt_labels[] = { "Fonnte (formulir target/message)", "WhatsApp Cloud API (JSON)" };
	static const char *const em_vals[] = { "log", "smtp", "none" };
	static const char *const em_labels[] = { "Catat ke berkas outbox.jsonl (uji coba)", "Server SMTP",
						 "Tidak dikirim" };
	const struct settings *s = settings_get(db_thread());
	json_t *ctx = web_ctx(r, "Pengaturan");
	int k;

	json_object_set_new(ctx, "wa_transport", choices(json_string_value(json_object_get(values, "whatsapp_transport")),
							  wa_vals, wa_labels, 3));
	json_object_set_new(ctx, "wa_format", choices(json_string_value(json_object_get(values, "whatsapp_format")),
						       fmt_vals, fmt_labels, 2));
	json_object_set_new(ctx, "email_transport", choices(json_string_value(json_object_get(values, "email_transport")),
							     em_vals, em_labels, 3));
	for (k = 0; k < SET__MAX; k++)
		if (settings_secret((enum setting_key)k))
			json_object_set_new(ctx, arena_printf(r->a, "%s_tersimpan", settings_keys[k]),
					    json_boolean(*s->v[k] != '\0'));
	if (s->logo_url[0])
		json_object_set_new(ctx, "logo_url", json_string(s->logo_url));
	json_object_set_new(ctx, "values", values);
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	if (errors && json_object_size(errors) && !json_object_get(errors, "tujuan"))
		json_object_set_new(ctx, "alert", json_string(MSG_INVALID));
	json_object_set_new(ctx, "tujuan", json_string(tujuan ? tujuan : ""));
	json_object_set_new(ctx, "menu_pengaturan", json_true());
	web_render(r, status, "staf/pengaturan", ctx);
}

/* The settings in force as form values (secrets left out). */
static json_t *current_values(void)
{
	const struct settings *s = settings_get(db_thread());
	json_t *v = json_object();
	int k;

	for (k = 0; k < SET__MAX; k++)
		if (text_keys[k] && !settings_secret((enum setting_key)k))
			json_object_set_new(v, text_keys[k], json_string(s->v[k]));
	json_object_set_new(v, "wajib_2fa", json_boolean(settings_on(s, SET_WAJIB_2FA)));
	return v;
}

/* What was posted, to show again (secrets left out). */
static json_t *posted_values(struct req *r)
{
	json_t *v = json_object();
	int k;

	for (k = 0; k < SET__MAX; k++) {
		const char *x;

		if (!text_keys[k] || settings_secret((enum setting_key)k))
			continue;
		x = k == SET_FOOTER || k == SET_JAM_LAYANAN ? http_form(r, text_keys[k]) : web_field(r, text_keys[k]);
		json_object_set_new(v, text_keys[k], json_string(x ? x : ""));
	}
	json_object_set_new(v, "wajib_2fa", json_boolean(http_form(r, "wajib_2fa") != NULL));
	return v;
}

static const char *logo_error(enum image_err e)
{
	switch (e) {
	case IMAGE_E_TOO_LARGE: return "Ukuran logo maksimal 2 MB.";
	case IMAGE_E_TYPE: return "Logo harus berupa gambar PNG atau JPG/JPEG. File lain tidak dapat dipakai.";
	case IMAGE_E_PIXELS: return "Ukuran gambar logo terlalu besar (jumlah piksel). Perkecil gambar lalu unggah kembali.";
	case IMAGE_E_EMPTY: return "File logo kosong. Pilih file gambar PNG atau JPG.";
	default: return image_err_message(e);
	}
}

void staf_pengaturan(struct req *r)
{
	struct db *db = db_thread();
	struct settings_form f;
	struct image_out img;
	const struct upload *up;
	json_t *errors;
	int64_t me;
	int k, changed = 0, have_img = 0;
	enum settings_rc rc;

	if (!(me = web_need_staf(r, STAF_ADMIN, NULL)))
		return;
	if (r->method != HTTP_POST) {
		settings_page(r, 200, current_values(), NULL, NULL);
		return;
	}
	memset(&f, 0, sizeof f);
	memset(&img, 0, sizeof img);
	errors = json_object();
	for (k = 0; k < SET__MAX; k++) {
		if (!text_keys[k])
			continue;
		/* text areas keep their inner line breaks; passwords are taken as typed */
		if (k == SET_FOOTER || k == SET_JAM_LAYANAN || settings_secret((enum setting_key)k))
			f.v[k] = http_form(r, text_keys[k]);
		else
			f.v[k] = http_form(r, text_keys[k]) ? web_field(r, text_keys[k]) : NULL;
		if (settings_secret((enum setting_key)k))
			f.clear[k] = http_form(r, arena_printf(r->a, "%s_hapus", text_keys[k])) != NULL;
	}
	f.clear[SET_LOGO] = http_form(r, "logo_hapus") != NULL;
	/* a check box: absent means off */
	f.v[SET_WAJIB_2FA] = http_form(r, "wajib_2fa") ? "1" : "0";
	if (http_too_large(r)) {
		/* nothing is saved: the logo chosen was not received */
		json_object_set_new(errors, "logo", json_string(http_too_large(r)));
		settings_page(r, 413, posted_values(r), errors, NULL);
		return;
	}
	up = web_upload(r, "logo");
	if (up && (up->len || (up->filename && *up->filename))) {
		struct image_limits lim = {
			.max_bytes = SETTINGS_LOGO_MAX_BYTES,
			.max_pixels = g_cfg.upload_max_pixels,
			.max_side = SETTINGS_LOGO_SIDE,
			.thumb_side = 64,
			.allow_pdf = 0,
		};
		enum image_err ie = image_ingest(up->data, up->len, up->filename, &lim, &img);

		if (ie != IMAGE_OK) {
			json_object_set_new(errors, "logo", json_string(logo_error(ie)));
			image_out_free(&img);
			settings_page(r, ie == IMAGE_E_INTERNAL ? 500 : 422, posted_values(r), errors, NULL);
			return;
		}
		have_img = 1;
		f.logo = &img;
	}
	rc = settings_save(db, me, &f, g_cfg.files_dir, errors, &changed);
	if (have_img)
		image_out_free(&img);
	if (rc == SETTINGS_INVALID) {
		settings_page(r, 422, posted_values(r), errors, NULL);
		return;
	}
	json_decref(errors);
	if (rc != SETTINGS_OK) {
		http_error(r, 500, NULL);
		return;
	}
	web_flash(r, changed ? "Pengaturan berhasil disimpan." : "Tidak ada perubahan pengaturan.");
	http_redirect(r, "/staf/pengaturan");
}

void staf_pengaturan_uji(struct req *r)
{
	struct db *db = db_thread();
	const char *tujuan;
	json_t *errors;
	char shown[EMAIL_MAX + 1];
	int64_t me;
	int ch = 0;
	enum settings_rc rc;

	if (!(me = web_need_staf(r, STAF_ADMIN, NULL)))
		return;
	tujuan = web_field(r, "tujuan");
	errors = json_object();
	if (!text_field_ok(tujuan, EMAIL_MAX)) {
		json_object_set_new(errors, "tujuan", json_string("Isi nomor WhatsApp atau alamat email yang benar."));
		rc = SETTINGS_INVALID;
	} else {
		rc = settings_test_message(db, me, tujuan, errors, shown, sizeof shown, &ch);
	}
	if (rc == SETTINGS_INVALID) {
		settings_page(r, 422, current_values(), errors, text_field_ok(tujuan, EMAIL_MAX) ? tujuan : "");
		return;
	}
	json_decref(errors);
	if (rc != SETTINGS_OK) {
		http_error(r, 500, NULL);
		return;
	}
	web_flash(r, arena_printf(r->a, "Pesan uji sudah dimasukkan ke antrean pengiriman %s ke %s. Hasil "
				  "pengirimannya dapat dilihat di menu Pesan Terkirim.",
				  ch == NOTIFY_EMAIL ? "email" : "WhatsApp", shown));
	http_redirect(r, "/staf/pengaturan");
}

void page_logo(struct req *r)
{
	const struct settings *s = settings_get(db_thread());
	const char *v = http_query(r, "v"), *mime = NULL;
	char *path = settings_logo_path(s, g_cfg.files_dir, &mime);

	if (!path) {
		http_redirect(r, "/static/img/logo.svg");
		return;
	}
	if (http_file(r, path, mime, strcmp(mime, "image/png") ? "logo.jpg" : "logo.png", 0) < 0) {
		log_error("logo: the file of the saved logo is missing under files_dir/pengaturan");
		free(path);
		http_redirect(r, "/static/img/logo.svg");
		return;
	}
	free(path);
	/* the name changes with every upload: a versioned URL never goes stale */
	if (v && !strncmp(s->logo_url, "/logo?v=", 8) && !strcmp(s->logo_url + 8, v))
		http_add_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	else
		http_add_header(r, "Cache-Control", "no-cache");
}

/* ---- audit log ----------------------------------------------------------- */

/* Unix time of 00:00 WIB on an ISO date, or -1. */
static int64_t wib_day_start(const char *s)
{
	struct tm tm;
	int y, m, d;

	if (date_parse_iso(s, &y, &m, &d) < 0)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return (int64_t)timegm(&tm) - WAKTU_WIB_OFFSET;
}

/* A one-line text filter s: squashed, or "" with errors[key] = msg when
 * longer than max characters (or, with one_word, holding a space); shown
 * again in values. */
static const char *text_filter(struct req *r, const char *key, const char *s, size_t max, int one_word,
			       const char *msg, json_t *errors, json_t *values)
{
	char *a = arena_strdup(r->a, s);

	text_squash(a, a, strlen(a) + 1);
	if (!text_field_ok(a, max) || (one_word && strchr(a, ' '))) {
		json_object_set_new(errors, key, json_string(msg));
		a = "";
	}
	json_object_set_new(values, key, json_string(a));
	return a;
}

/* The start (00:00 WIB) of the day s, shown again in values; 0 with
 * errors[key] set when s is not a date. */
static int64_t day_filter(const char *key, const char *s, json_t *errors, json_t *values)
{
	int64_t t = wib_day_start(s);

	if (t < 0) {
		json_object_set_new(errors, key, json_string("Tanggal harus berformat TTTT-BB-HH, contoh 2026-11-21."));
		return 0;
	}
	json_object_set_new(values, key, json_string(s));
	return t;
}

/*
 * Reads the filters of the audit page and API from the query string into
 * f; messages per parameter into errors. values receives what to show
 * again in the filter form.
 */
static void read_filter(struct req *r, struct audit_filter *f, json_t *errors, json_t *values, int api)
{
	const char *staf = http_query(r, "staf"), *aksi = http_query(r, "aksi"), *objek = http_query(r, "objek");
	const char *dari = http_query(r, "dari"), *sampai = http_query(r, "sampai"), *asal = http_query(r, "asal");
	const char *sebelum = http_query(r, "sebelum"), *batas = http_query(r, "batas");
	char *a;
	size_t i;

	memset(f, 0, sizeof *f);
	f->batas = AUDIT_PAGE;
	if (staf && *staf && !(f->staf_id = web_positive_int(staf, 15)))
		json_object_set_new(errors, "staf", json_string(api ? "staf harus berupa id petugas (angka)."
								    : "Pilih petugas dari daftar."));
	json_object_set_new(values, "staf", json_integer(f->staf_id));
	if (aksi && *aksi) {
		a = arena_strdup(r->a, aksi);
		for (i = 0; a[i]; i++)
			a[i] = (char)tolower((unsigned char)a[i]);
		while (i && isspace((unsigned char)a[i - 1]))
			a[--i] = '\0';
		while (*a && isspace((unsigned char)*a))
			a++;
		if (*a && !audit_aksi_ok(a))
			json_object_set_new(errors, "aksi", json_string("Aksi hanya berisi huruf kecil, angka, titik, garis bawah "
									"atau tanda hubung, maksimal 64 karakter. Contoh: pengajuan."));
		else
			f->aksi = a;
		json_object_set_new(values, "aksi", json_string(text_field_ok(a, AUDIT_AKSI_MAX) ? a : ""));
	}
	if (objek && *objek)
		f->objek = text_filter(r, "objek", objek, AUDIT_OBJEK_MAX, 0,
				       "Objek maksimal 100 karakter dalam satu baris. Contoh: pengajuan:12 atau kode pengajuan.",
				       errors, values);
	if (asal && *asal)
		f->asal = text_filter(r, "asal", asal, AUDIT_ASAL_MAX, 1,
				      "Alamat asal berupa satu alamat IP, maksimal 64 karakter.", errors, values);
	if (dari && *dari)
		f->dari = day_filter("dari", dari, errors, values);
	if (sampai && *sampai && (f->sampai = day_filter("sampai", sampai, errors, values)))
		f->sampai += 86400; /* the whole day */
	if (f->dari && f->sampai && f->sampai <= f->dari)
		json_object_set_new(errors, "sampai", json_string("Tanggal sampai tidak boleh sebelum tanggal dari."));
	if (sebelum && *sebelum && !(f->sebelum = web_positive_int(sebelum, 18)))
		json_object_set_new(errors, "sebelum", json_string("sebelum harus berupa id catatan audit (angka)."));
	if (api && batas && *batas) {
		int64_t b = web_positive_int(batas, 4);

		if (!b || b > AUDIT_BATAS_MAX)
			json_object_set_new(errors, "batas", json_string("batas harus berupa angka 1 sampai 200."));
		else
			f->batas = (int)b;
	}
}

/* The filter part of a page link ("staf=3&aksi=..."), ending with '&'. */
static const char *filter_query(struct req *r, const json_t *values)
{
	static const char *const keys[] = { "aksi", "objek", "dari", "sampai", "asal" };
	struct buf b = BUF_INIT;
	json_int_t staf = json_integer_value(json_object_get(values, "staf"));
	const char *out;
	size_t i;

	if (staf > 0)
		buf_addf(&b, "staf=%lld&", (long long)staf);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = json_string_value(json_object_get(values, keys[i]));

		if (v && *v) {
			buf_addf(&b, "%s=", keys[i]);
			web_url_encode(&b, v);
			buf_addc(&b, '&');
		}
	}
	out = arena_strdup(r->a, b.ptr ? b.ptr : "");
	buf_release(&b);
	return out;
}

void staf_audit(struct req *r)
{
	struct db *db = db_thread();
	struct audit_filter f;
	json_t *ctx, *errors = json_object(), *values = json_object(), *rows = NULL, *staff, *opts, *o, *row;
	int64_t next = 0;
	size_t i;
	int status = 200;
	const char *q;

	if (!web_need_staf(r, STAF_ADMIN, NULL)) {
		json_decref(errors);
		json_decref(values);
		return;
	}
	read_filter(r, &f, errors, values, 0);
	if (!json_object_size(errors)) {
		rows = audit_list(db, &f, &next);
		if (!rows && next == -1) {
			json_object_set_new(errors, "sebelum", json_string("Halaman yang diminta tidak ada. Mulai lagi dari yang terbaru."));
			next = 0;
		} else if (!rows) {
			json_decref(errors);
			json_decref(values);
			http_error(r, 500, NULL);
			return;
		}
	}
	if (json_object_size(errors))
		status = 422;
	ctx = web_ctx(r, "Log Audit");
	json_array_foreach(rows, i, row) {
		json_object_set_new(row, "waktu", json_string(time_wib_sec(r, (int64_t)json_integer_value(
			json_object_get(row, "created_at")))));
	}
	staff = staff_list(db);
	opts = json_array();
	json_array_foreach(staff, i, o) {
		json_int_t id = json_integer_value(json_object_get(o, "id"));

		json_array_append_new(opts, json_pack("{s:I, s:O, s:O, s:b}", "id", id, "nama", json_object_get(o, "nama"),
						      "username", json_object_get(o, "username"), "selected",
						      id == json_integer_value(json_object_get(values, "staf"))));
	}
	json_decref(staff);
	q = filter_query(r, values);
	if (next > 0)
		json_object_set_new(ctx, "berikutnya", json_string(arena_printf(r->a, "/staf/audit?%ssebelum=%lld", q,
										   (long long)next)));
	if (f.sebelum)
		json_object_set_new(ctx, "terbaru", json_string(arena_printf(r->a, "/staf/audit%s%.*s", *q ? "?" : "",
									     (int)(*q ? strlen(q) - 1 : 0), q)));
	json_object_set_new(ctx, "ada", json_boolean(rows && json_array_size(rows) > 0));
	json_object_set_new(ctx, "rows", rows ? rows : json_array());
	json_object_set_new(ctx, "petugas", opts);
	json_object_set_new(ctx, "values", values);
	json_object_set_new(ctx, "errors", errors);
	json_object_set_new(ctx, "filtered", json_boolean(*q != '\0'));
	json_object_set_new(ctx, "menu_audit", json_true());
	web_render(r, status, "staf/audit", ctx);
}

void api_staf_audit(struct req *r)
{
	struct audit_filter f;
	json_t *errors, *values, *rows;
	int64_t next = 0;

	if (!api_need_staf(r, STAF_ADMIN, NULL))
		return;
	errors = json_object();
	values = json_object();
	read_filter(r, &f, errors, values, 1);
	json_decref(values);
	if (!json_object_size(errors)) {
		rows = audit_list(db_thread(), &f, &next);
		if (rows) {
			json_decref(errors);
			http_json(r, 200, json_pack("{s:o, s:o}", "audit", rows, "berikutnya",
						    next > 0 ? json_integer(next) : json_null()));
			return;
		}
		if (next != -1) {
			json_decref(errors);
			http_error(r, 500, NULL);
			return;
		}
		json_object_set_new(errors, "sebelum", json_string("Tidak ada catatan audit dengan id ini."));
	}
	api_error(r, 422, "data_tidak_valid", "Parameter tidak valid. Periksa kembali isian yang ditandai.", errors);
}
