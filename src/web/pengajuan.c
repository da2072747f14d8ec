// SPDX-License-Identifier: MIT
// Applicant pages of applications: list, new, detail, edit, delete, send, chat.
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/account.h"
#include "domain/application.h"
#include "domain/catalog.h"
#include "domain/chat.h"
#include "domain/tte.h"
#include "domain/validate.h"
#include "lib/config.h"
#include "web/web.h"

static const char *const status_class[APP__MAX] = {
	"secondary", "primary", "warning", "info", "danger", "info", "success", "success",
};

/* The application code of the path, or NULL when it cannot be one. */
static const char *path_kode(struct req *r)
{
	return r->nargs > 0 && app_code_ok(r->args[0]) ? r->args[0] : NULL;
}

/* The side menu of services (Gambar 37): every general service, and in
 * group mode the group's special services too (Tabel 2). */
static json_t *service_menu(struct db *db, const struct pemohon_mode *m, const char *active)
{
	const struct catalog *c = catalog_get(db);
	json_t *menu = json_array();

	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].aktif && catalog_group_access(db, &c->items[i], m))
			json_array_append_new(menu, json_pack("{s:s, s:s, s:s, s:b, s:b}", "kode", c->items[i].kode, "nama",
							      c->items[i].nama, "ikon", c->items[i].ikon, "aktif",
							      active && !strcmp(active, c->items[i].kode), "khusus",
							      !c->items[i].umum));
	return menu;
}

static json_t *page_ctx(struct req *r, const char *title)
{
	json_t *ctx = web_ctx(r, title);

	json_object_set_new(ctx, "nav_pengajuan", json_true());
	return ctx;
}

/* ---- the form ---------------------------------------------------------- */

/* The service's own fields as the template draws them: one object per
 * field with its value, error and the flags of its type. */
static json_t *form_fields(const json_t *def, const json_t *values, const json_t *errors)
{
	const json_t *list = json_object_get(def, "isian");
	json_t *out = json_array();

	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *f = json_array_get(list, i);
		const char *kode = json_string_value(json_object_get(f, "kode"));
		const char *jenis = json_string_value(json_object_get(f, "jenis"));
		const char *v = json_string_value(json_object_get(values, kode));
		char key[64], type_flag[32];
		json_t *o, *opts;

		snprintf(key, sizeof key, "isian.%s", kode);
		snprintf(type_flag, sizeof type_flag, "is_%s", jenis);
		o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s?, s:s?, s:b}", "name", key, "kode", kode, "label",
			      json_string_value(json_object_get(f, "label")), "value", v ? v : "", "wajib",
			      json_is_true(json_object_get(f, "wajib")), "bantuan",
			      json_string_value(json_object_get(f, "bantuan")), "error",
			      json_string_value(json_object_get(errors, key)), type_flag, 1);
		if (!strcmp(jenis, "text") || !strcmp(jenis, "textarea")) {
			json_int_t m = json_integer_value(json_object_get(f, "maks"));

			json_object_set_new(o, "maks", json_integer(m ? m : !strcmp(jenis, "text") ? 200 : 2000));
		}
		if (!strcmp(jenis, "number")) {
			json_object_set(o, "min", json_object_get(f, "min"));
			json_object_set(o, "max", json_object_get(f, "max"));
		}
		if (!strcmp(jenis, "select")) {
			const json_t *p = json_object_get(f, "pilihan");

			opts = json_array();
			for (size_t k = 0; k < json_array_size(p); k++) {
				const char *pv = json_string_value(json_array_get(p, k));

				json_array_append_new(opts, json_pack("{s:s, s:b}", "v", pv, "selected", v && !strcmp(v, pv)));
			}
			json_object_set_new(o, "pilihan", opts);
		}
		json_array_append_new(out, o);
	}
	return out;
}

/* The posted isian.KODE fields of def as {kode: value}. */
static json_t *posted_isian(struct req *r, const json_t *def)
{
	const json_t *list = json_object_get(def, "isian");
	json_t *o = json_object();

	for (size_t i = 0; i < json_array_size(list); i++) {
		const char *kode = json_string_value(json_object_get(json_array_get(list, i), "kode"));
		char key[64];

		snprintf(key, sizeof key, "isian.%s", kode);
		json_object_set_new(o, kode, json_string(web_field(r, key)));
	}
	return o;
}

/* Group mode's village choice: the villages of the group's scope, the
 * chosen one selected. */
static json_t *village_options(const struct pemohon_mode *m, const char *chosen)
{
	json_t *list = grup_villages(db_thread(), m->grup_id), *v;
	size_t i;

	if (!list)
		return json_array();
	json_array_foreach(list, i, v)
		json_object_set_new(v, "selected", json_boolean(chosen && !strcmp(chosen, json_string_value(json_object_get(v, "kode")))));
	return list;
}

/* Renders the new/edit form. values: nik, nama, detail, no_kk, no_hp,
 * email, kode_desa (group mode) or wilayah (personal) and isian {kode:
 * value}; consumed with errors. */
static void render_form(struct req *r, int status, const struct pemohon_mode *m, const struct cat_service *svc,
			const json_t *def, const char *kode, json_t *values, json_t *errors)
{
	json_t *ctx = page_ctx(r, kode ? "Edit Pengajuan" : svc->nama);

	if (m->grup_id) {
		json_object_set_new(ctx, "mode_grup", json_true());
		json_object_set_new(ctx, "desa_opts",
				    village_options(m, json_string_value(json_object_get(values, "kode_desa"))));
	}
	json_object_set_new(ctx, "layanan", json_pack("{s:s, s:s, s:s, s:s, s:b}", "kode", svc->kode, "nama", svc->nama,
						      "label_nik", svc->label_nik, "label_nama", svc->label_nama,
						      "nik_wajib", svc->nik_wajib));
	json_object_set_new(ctx, "fields", form_fields(def, json_object_get(values, "isian"), errors));
	json_object_set_new(ctx, "has_fields", json_boolean(json_array_size(json_object_get(def, "isian")) > 0));
	json_object_set_new(ctx, "menu", service_menu(db_thread(), m, svc->kode));
	if (kode) {
		json_object_set_new(ctx, "kode", json_string(kode));
		json_object_set_new(ctx, "action", json_sprintf("/pengajuan/%s/edit", kode));
	} else {
		json_object_set_new(ctx, "action", json_sprintf("/pengajuan/baru/%s", svc->kode));
	}
	if (json_object_size(errors))
		json_object_set_new(ctx, "ada_error", json_true());
	json_object_set_new(ctx, "values", values);
	json_object_set_new(ctx, "errors", errors);
	web_render(r, status, "pengajuan/form", ctx);
}

/* The contact fields the form starts from (Tabel 2): the applicant's own,
 * locked, in personal mode; empty in group mode, where they are the
 * resident's. */
static json_t *owner_values(const struct pemohon_mode *m)
{
	json_t *akun = m->grup_id ? NULL : acct_detail(db_thread(), m->pemohon_id), *v = json_object();

	if (akun) {
		json_object_set(v, "no_kk", json_object_get(akun, "no_kk"));
		json_object_set(v, "email", json_object_get(akun, "email"));
		json_object_set(v, "no_hp", json_object_get(akun, "no_hp"));
		json_object_set(v, "wilayah", json_object_get(akun, "wilayah"));
	}
	json_decref(akun);
	return v;
}

/* A refused form: 403 when the mode may not use the service at all
 * (nothing is done), else 200 with why it is closed now. */
static void unavailable(struct req *r, const struct pemohon_mode *m, const struct cat_service *svc, const char *reason)
{
	json_t *ctx = page_ctx(r, svc->nama);

	json_object_set_new(ctx, "layanan", json_pack("{s:s, s:s}", "kode", svc->kode, "nama", svc->nama));
	json_object_set_new(ctx, "alasan", json_string(reason));
	json_object_set_new(ctx, "menu", service_menu(db_thread(), m, svc->kode));
	web_render(r, catalog_group_access(db_thread(), svc, m) ? 200 : 403, "pengajuan/tidak_tersedia", ctx);
}

/* The common fields of the form as the domain takes them; the contact
 * fields count in group mode only (app_create ignores them otherwise). */
static struct app_input posted_input(struct req *r, const json_t *isian)
{
	return (struct app_input){ .nik = web_field(r, "nik"), .nama = web_field(r, "nama"),
				   .no_kk = web_field(r, "no_kk"), .no_hp = web_field(r, "no_hp"),
				   .email = web_field(r, "email"), .kode_desa = web_field(r, "kode_desa"),
				   .detail = web_field(r, "detail"), .isian = isian };
}

/* The form's values after a refused submit: what was typed is kept. */
static json_t *typed_values(const struct pemohon_mode *m, const struct app_input *in, json_t *isian)
{
	json_t *values = owner_values(m);

	json_object_set_new(values, "nik", json_string(in->nik));
	json_object_set_new(values, "nama", json_string(in->nama));
	json_object_set_new(values, "detail", json_string(in->detail));
	if (m->grup_id) {
		json_object_set_new(values, "no_kk", json_string(in->no_kk));
		json_object_set_new(values, "no_hp", json_string(in->no_hp));
		json_object_set_new(values, "email", json_string(in->email));
		json_object_set_new(values, "kode_desa", json_string(in->kode_desa));
	}
	json_object_set_new(values, "isian", isian);
	return values;
}

void page_pengajuan_baru(struct req *r)
{
	struct pemohon_mode m;
	struct db *db = db_thread();
	const struct cat_service *svc;
	char reason[400], kode[APP_CODE_MAX];
	json_t *values, *errors, *isian;
	struct app_input in;
	enum app_rc rc;

	if (!web_need_mode(r, &m))
		return;
	svc = catalog_find(catalog_get(db), r->args[0]);
	if (!svc) {
		http_error(r, 404, "Jenis layanan tidak ditemukan.");
		return;
	}
	if (!catalog_available(db, svc, &m, time(NULL), reason, sizeof reason)) {
		unavailable(r, &m, svc, reason);
		return;
	}
	if (r->method == HTTP_GET) {
		values = owner_values(&m);
		json_object_set_new(values, "isian", json_object());
		render_form(r, 200, &m, svc, svc->def, NULL, values, json_object());
		return;
	}
	errors = json_object();
	isian = posted_isian(r, svc->def);
	in = posted_input(r, isian);
	rc = app_create(db, &m, svc, &in, errors, reason, sizeof reason, kode);
	if (rc == APP_OK) {
		char *msg = arena_printf(r->a, "Pengajuan tersimpan dengan kode %s. Lengkapi data dukung, lalu kirim pengajuan.", kode);

		json_decref(errors);
		json_decref(isian);
		web_flash(r, msg);
		http_redirect(r, arena_printf(r->a, "/pengajuan/%s", kode));
		return;
	}
	if (rc == APP_UNAVAILABLE) {
		json_decref(errors);
		json_decref(isian);
		unavailable(r, &m, svc, reason);
		return;
	}
	if (rc != APP_INVALID) {
		json_decref(errors);
		json_decref(isian);
		http_error(r, 500, NULL);
		return;
	}
	render_form(r, 422, &m, svc, svc->def, NULL, typed_values(&m, &in, isian), errors);
}

void page_pengajuan_edit(struct req *r)
{
	struct pemohon_mode m;
	int64_t id;
	struct db *db = db_thread();
	const char *kode = path_kode(r);
	json_t *detail, *values, *errors, *def, *isian;
	const struct cat_service *svc;
	struct app_input in;
	enum app_rc rc;

	if (!web_need_mode(r, &m))
		return;
	if (!kode || !(id = app_id_of(db, kode, &m)) || !(detail = app_detail(db, &m, kode, NULL))) {
		http_error(r, 404, "Pengajuan tidak ditemukan.");
		return;
	}
	svc = catalog_find(catalog_get(db), json_string_value(json_object_get(json_object_get(detail, "layanan"), "kode")));
	if (!json_is_true(json_object_get(detail, "dapat_diedit")) || !svc) {
		json_decref(detail);
		web_flash(r, "Pengajuan hanya dapat diubah saat berstatus Draft atau Dikembalikan.");
		http_redirect(r, arena_printf(r->a, "/pengajuan/%s", kode));
		return;
	}
	json_decref(detail);
	/* the definition the application was made under, not today's */
	{
		struct db_stmt *st = db_query(db, "SELECT definisi_id FROM pengajuan WHERE id = ?", "i", id);
		int64_t def_id = st && db_next(st) == DB_ROW ? db_int(st, 0) : 0;

		db_end(st);
		def = catalog_definition(db, def_id);
	}
	if (!def) {
		http_error(r, 500, NULL);
		return;
	}
	if (r->method == HTTP_GET) {
		json_t *own = owner_values(&m);

		values = app_values(db, &m, kode);
		json_object_update(values, own);
		json_decref(own);
		render_form(r, 200, &m, svc, def, kode, values, json_object());
		json_decref(def);
		return;
	}
	errors = json_object();
	isian = posted_isian(r, def);
	in = posted_input(r, isian);
	rc = app_update(db, &m, kode, &in, errors);
	if (rc == APP_OK) {
		json_decref(errors);
		json_decref(isian);
		json_decref(def);
		web_flash(r, "Perubahan pengajuan tersimpan.");
		http_redirect(r, arena_printf(r->a, "/pengajuan/%s", kode));
		return;
	}
	if (rc != APP_INVALID) {
		json_decref(errors);
		json_decref(isian);
		json_decref(def);
		if (rc == APP_STATE) {
			web_flash(r, "Pengajuan hanya dapat diubah saat berstatus Draft atau Dikembalikan.");
			http_redirect(r, arena_printf(r->a, "/pengajuan/%s", kode));
		} else {
			http_error(r, rc == APP_NOT_FOUND ? 404 : 500, NULL);
		}
		return;
	}
	render_form(r, 422, &m, svc, def, kode, typed_values(&m, &in, isian), errors);
	json_decref(def);
}

/* ---- detail, send, chat ------------------------------------------------ */

/* "Pilihan Dokumen Jadi" (manual C.3, Gambar 50/51): the applicant's
 * signed documents with their one download, and the rules of Tabel 3. */
static void signed_panel(struct req *r, json_t *ctx, struct db *db, const struct pemohon_mode *m, const char *kode)
{
	json_t *docs = tte_documents(db, m, kode), *v;
	size_t i;

	if (!docs || !json_array_size(docs)) {
		json_decref(docs);
		return;
	}
	json_array_foreach(docs, i, v) {
		const char *st = json_string_value(json_object_get(v, "status"));
		static const char *const keys[] = { "ditandatangani_at", "unduh_sampai", "diunduh_at" };

		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			json_int_t t = json_integer_value(json_object_get(v, keys[k]));

			if (t > 0)
				json_object_set_new(v, arena_printf(r->a, "%s_tampil", keys[k]),
						    json_string(web_time_wib(r, (int64_t)t)));
		}
		/* one flag per state, set on every entry */
		json_object_set_new(v, "tersedia", json_boolean(st && !strcmp(st, "tersedia")));
		json_object_set_new(v, "diunduh", json_boolean(st && !strcmp(st, "diunduh")));
		json_object_set_new(v, "kedaluwarsa", json_boolean(st && !strcmp(st, "kedaluwarsa")));
		json_object_set_new(v, "dicabut", json_boolean(st && !strcmp(st, "dicabut")));
	}
	json_object_set_new(ctx, "dokumen_ttd", docs);
	json_object_set_new(ctx, "ada_ttd", json_true());
	json_object_set_new(ctx, "tte_hari", json_integer(g_cfg.tte_download_days > 0 ? g_cfg.tte_download_days : 7));
}

/* The detail page; extra (consumed) may carry errors of the send or chat
 * form and the values to keep. */
static void render_detail(struct req *r, int status, const struct pemohon_mode *m, const char *kode, json_t *extra)
{
	struct db *db = db_thread();
	int64_t id;
	json_t *d = app_detail(db, m, kode, &id), *ctx, *riwayat, *missing;
	enum app_status s;
	const char *key;
	json_t *v;

	if (!d) {
		json_decref(extra);
		http_error(r, 404, "Pengajuan tidak ditemukan.");
		return;
	}
	ctx = page_ctx(r, json_string_value(json_object_get(d, "kode")));
	s = app_status_from(json_string_value(json_object_get(d, "status")));
	json_object_set_new(d, "status_class", json_string(status_class[s < APP__MAX ? s : 0]));
	json_object_set_new(d, "ada_chat", json_boolean(json_integer_value(json_object_get(d, "chat_belum_dibaca")) > 0));
	/* the applicant's own page: the NIK in full */
	if (!*json_string_value(json_object_get(d, "nik")))
		json_object_set_new(d, "nik", json_string("Belum memiliki NIK"));
	{
		char hp[PHONE_BUF];

		phone_display(json_string_value(json_object_get(d, "no_hp")), hp);
		json_object_set_new(d, "no_hp", json_string(hp));
	}
	riwayat = json_object_get(d, "riwayat");
	for (size_t i = 0; i < json_array_size(riwayat); i++) {
		json_t *e = json_array_get(riwayat, i);

		json_object_set_new(e, "waktu_tampil",
				    json_string(web_time_wib(r, json_integer_value(json_object_get(e, "waktu")))));
	}
	web_app_dates(r, d);
	/* the supporting-documents panel lists a type's files only when it has some */
	for (size_t i = 0; i < json_array_size(json_object_get(d, "dokumen")); i++) {
		json_t *e = json_array_get(json_object_get(d, "dokumen"), i);

		json_object_set_new(e, "ada_file", json_boolean(json_array_size(json_object_get(e, "file")) > 0));
	}
	web_chat(r, ctx, id, CHAT_PEMOHON, arena_printf(r->a, "/pengajuan/%s", kode));
	signed_panel(r, ctx, db, m, kode);
	/* the page is the one place the applicant reads, so its unread count
	 * is what was unread before this view */
	json_object_set_new(ctx, "pengajuan", d);
	json_object_set_new(ctx, "menu", service_menu(db, m, NULL));
	/* a service without a finished document asks no delivery choice */
	if (json_is_true(json_object_get(d, "ada_pilihan_dokumen_jadi"))) {
		json_t *opts = json_array();
		const char *pilihan = json_string_value(json_object_get(extra, "pilihan_dokumen_jadi"));

		for (int k = 0; k < DELIV__MAX; k++)
			json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "v", app_delivery_names[k], "label",
							      app_delivery_labels[k], "checked",
							      pilihan ? !strcmp(pilihan, app_delivery_names[k]) : k == DELIV_OTOMATIS));
		json_object_set_new(ctx, "pilihan", opts);
	}
	missing = json_array();
	json_object_foreach(json_object_get(extra, "errors"), key, v)
		if (strcmp(key, "isi"))
			json_array_append_new(missing, json_incref(v));
	if (json_array_size(missing)) {
		json_object_set_new(ctx, "kurang", missing);
		json_object_set_new(ctx, "ada_kurang", json_true());
	} else
		json_decref(missing);
	if (extra) {
		json_object_set(ctx, "errors", json_object_get(extra, "errors"));
		json_object_set(ctx, "values", json_object_get(extra, "values"));
		json_object_set(ctx, "setuju", json_object_get(extra, "setuju"));
		json_object_set(ctx, "unduh_ditolak", json_object_get(extra, "unduh_ditolak"));
		json_decref(extra);
	}
	web_render(r, status, "pengajuan/detail", ctx);
}

void page_pengajuan_detail(struct req *r)
{
	struct pemohon_mode m;
	const char *kode = path_kode(r);

	if (!web_need_mode(r, &m))
		return;
	if (!kode) {
		http_error(r, 404, "Pengajuan tidak ditemukan.");
		return;
	}
	render_detail(r, 200, &m, kode, NULL);
}

/* Called when the download's response is over: only a response handed
 * over whole counts as the one download. */
static void download_over(struct req *r, int complete, void *arg)
{
	(void)r;
	if (complete == 1)
		tte_download_done(db_thread(), *(const int64_t *)arg);
}

/* GET /pengajuan/{kode}/dokumen-jadi/{id}/unduh: the one download of a
 * signed document. A refused one shows the application again (409) with
 * why; someone else's or an unknown one is 404. */
void page_pengajuan_unduh_ttd(struct req *r)
{
	struct pemohon_mode m;
	int64_t doc, *arg;
	const char *kode = path_kode(r);
	char path[1024], name[256], why[256] = "";
	enum tte_rc rc;

	if (!web_need_mode(r, &m))
		return;
	doc = web_path_id(r, 1);
	if (!kode || !doc) {
		http_error(r, 404, "Dokumen tidak ditemukan.");
		return;
	}
	rc = tte_download_begin(db_thread(), &m, kode, doc, path, sizeof path, name, sizeof name, why, sizeof why);
	if (rc == TTE_STATE) {
		render_detail(r, 409, &m, kode, json_pack("{s:s}", "unduh_ditolak",
			why[0] ? why : "Dokumen ini tidak dapat diunduh lagi. Hubungi petugas melalui Chat untuk penerbitan ulang."));
		return;
	}
	if (rc != TTE_OK) {
		http_error(r, rc == TTE_NOT_FOUND ? 404 : 500, rc == TTE_NOT_FOUND ? "Dokumen tidak ditemukan." : NULL);
		return;
	}
	if (http_file(r, path, "application/pdf", name, 1) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	http_add_header(r, "Cache-Control", "no-store");
	arg = arena_alloc(r->a, sizeof *arg);
	*arg = doc;
	http_on_done(r, download_over, arg);
}

void page_pengajuan_kirim(struct req *r)
{
	struct pemohon_mode m;
	const char *kode = path_kode(r), *pilihan;
	json_t *errors;
	int setuju;
	enum app_rc rc;

	if (!web_need_mode(r, &m))
		return;
	if (!kode) {
		http_error(r, 404, "Pengajuan tidak ditemukan.");
		return;
	}
	errors = json_object();
	pilihan = web_field(r, "pilihan_dokumen_jadi");
	setuju = !strcmp(web_field(r, "setuju"), "1");
	rc = app_send(db_thread(), &m, kode, pilihan, setuju, errors);
	switch (rc) {
	case APP_OK:
		json_decref(errors);
		web_flash(r, "Pengajuan berhasil dikirim dan akan diperiksa oleh Verifikator Dinas. Pantau statusnya di halaman ini.");
		http_redirect(r, arena_printf(r->a, "/pengajuan/%s", kode));
		return;
	case APP_INVALID:
		render_detail(r, 422, &m, kode,
			      json_pack("{s:o, s:s, s:b}", "errors", errors, "pilihan_dokumen_jadi", pilihan, "setuju", setuju));
		return;
	case APP_STATE:
		json_decref(errors);
		web_flash(r, "Pengajuan ini sudah dikirim atau tidak dapat dikirim pada status sekarang.");
		http_redirect(r, arena_printf(r->a, "/pengajuan/%s", kode));
		return;
	default:
		json_decref(errors);
		http_error(r, rc == APP_NOT_FOUND ? 404 : 500, rc == APP_NOT_FOUND ? "Pengajuan tidak ditemukan." : NULL);
	}
}

void page_pengajuan_chat(struct req *r)
{
	struct pemohon_mode m;
	int64_t id;
	const char *kode = path_kode(r);
	json_t *errors;
	enum chat_rc rc;
	long retry;

	if (!web_need_mode(r, &m))
		return;
	if (!kode || !(id = app_id_of(db_thread(), kode, &m))) {
		http_error(r, 404, "Pengajuan tidak ditemukan.");
		return;
	}
	errors = json_object();
	rc = chat_post(db_thread(), id, CHAT_PEMOHON, 0, http_form(r, "isi"), errors, &retry);
	if (rc == CHAT_OK) {
		json_decref(errors);
		http_redirect(r, arena_printf(r->a, "/pengajuan/%s#chat", kode));
		return;
	}
	if (rc == CHAT_ERR) {
		json_decref(errors);
		http_error(r, 500, NULL);
		return;
	}
	if (rc == CHAT_LIMIT)
		web_retry(r, retry);
	render_detail(r, rc == CHAT_LIMIT ? 429 : 422, &m, kode,
		      json_pack("{s:o, s:{s:s}}", "errors", errors, "values", "isi", http_form(r, "isi") ? http_form(r, "isi") : ""));
}

void page_pengajuan_hapus(struct req *r)
{
	struct pemohon_mode m;
	const char *kode = path_kode(r);
	enum app_rc rc;

	if (!web_need_mode(r, &m))
		return;
	rc = kode ? app_delete(db_thread(), &m, kode) : APP_NOT_FOUND;
	if (rc == APP_OK) {
		web_flash(r, arena_printf(r->a, "Pengajuan %s telah dihapus.", kode));
		http_redirect(r, "/pengajuan");
	} else if (rc == APP_STATE) {
		web_flash(r, "Hanya pengajuan berstatus Draft yang dapat dihapus.");
		http_redirect(r, arena_printf(r->a, "/pengajuan/%s", kode));
	} else {
		http_error(r, rc == APP_NOT_FOUND ? 404 : 500, rc == APP_NOT_FOUND ? "Pengajuan tidak ditemukan." : NULL);
	}
}

/* ---- list -------------------------------------------------------------- */

void page_pengajuan_list(struct req *r)
{
	struct pemohon_mode m;
	struct db *db = db_thread();
	const struct catalog *c;
	const char *layanan = http_query(r, "layanan"), *status = http_query(r, "status");
	const char *q_kode = http_query(r, "kode"), *q_nik = http_query(r, "nik"), *q_nama = http_query(r, "nama");
	const char *hal = http_query(r, "halaman");
	struct app_filter f = { 0 };
	json_t *ctx, *rows, *layanan_opts, *status_opts, *errors;
	long total, page = 1, pages;

	if (!web_need_mode(r, &m))
		return;
	c = catalog_get(db);
	errors = json_object();
	if (layanan && *layanan) {
		const struct cat_service *svc = catalog_find(c, layanan);

		if (svc)
			f.layanan_id = svc->id;
		else
			json_object_set_new(errors, "layanan", json_string("Jenis layanan tidak dikenal."));
	}
	if (status && *status) {
		if (app_status_from(status) == APP__MAX)
			json_object_set_new(errors, "status", json_string("Status tidak dikenal."));
		else
			f.status = status;
	}
	f.kode = q_kode && text_field_ok(q_kode, APP_CODE_MAX) ? q_kode : "";
	f.nik = q_nik && text_field_ok(q_nik, NIK_LEN) ? q_nik : "";
	f.nama = q_nama && text_field_ok(q_nama, 100) ? q_nama : "";
	if (hal && *hal && !(page = (long)web_positive_int(hal, 6)))
		page = 1;
	rows = json_object_size(errors) ? json_array() : app_list(db, &m, &f, page, g_cfg.page_size, &total);
	if (json_object_size(errors))
		total = 0;
	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *e = json_array_get(rows, i);
		enum app_status s = app_status_from(json_string_value(json_object_get(e, "status")));

		json_object_set_new(e, "status_class", json_string(status_class[s < APP__MAX ? s : 0]));
		json_object_set_new(e, "dapat_dihapus", json_boolean(s == APP_DRAFT));
		/* a zero count is no news: the badge shows only when there is some */
		json_object_set_new(e, "ada_chat", json_boolean(json_integer_value(json_object_get(e, "chat_belum_dibaca")) > 0));
		json_object_set_new(e, "waktu_tampil",
				    json_string(web_time_wib(r, json_integer_value(json_object_get(e, "created_at")))));
	}
	layanan_opts = json_array();
	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(layanan_opts, json_pack("{s:s, s:s, s:b}", "v", c->items[i].kode, "label",
							      c->items[i].nama, "selected",
							      layanan && !strcmp(layanan, c->items[i].kode)));
	status_opts = json_array();
	for (int s = 0; s < APP__MAX; s++)
		json_array_append_new(status_opts, json_pack("{s:s, s:s, s:b}", "v", app_status_names[s], "label",
							     app_status_labels[s], "selected",
							     status && !strcmp(status, app_status_names[s])));
	ctx = page_ctx(r, "Pengajuan");
	pages = (total + g_cfg.page_size - 1) / g_cfg.page_size;
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "kosong", json_boolean(total == 0));
	json_object_set_new(ctx, "layanan_opts", layanan_opts);
	json_object_set_new(ctx, "status_opts", status_opts);
	json_object_set_new(ctx, "menu", service_menu(db, &m, NULL));
	json_object_set_new(ctx, "errors", errors);
	json_object_set_new(ctx, "q", json_pack("{s:s, s:s, s:s}", "kode", q_kode ? q_kode : "", "nik", q_nik ? q_nik : "",
						  "nama", q_nama ? q_nama : ""));
	if (pages > 1) {
		struct buf qs = BUF_INIT;
		char *e;

		/* the filters carried into the pager's links, escaped */
		buf_addf(&qs, "layanan=%s&status=%s", layanan && f.layanan_id ? layanan : "", f.status ? f.status : "");
		e = arena_strdup(r->a, qs.ptr);
		buf_release(&qs);
		json_object_set_new(ctx, "pager", json_pack("{s:i, s:i, s:b, s:b, s:i, s:i, s:s}", "page", (int)page, "pages",
							    (int)pages, "has_prev", page > 1, "has_next", page < pages,
							    "prev", (int)page - 1, "next", (int)page + 1, "qs", e));
	}
	web_render(r, 200, "pengajuan/list", ctx);
}
