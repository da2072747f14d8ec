// SPDX-License-Identifier: MIT
// Applicant pages of supporting documents: add (library or upload), remove, view.
#include <string.h>
#include <time.h>

#include "domain/document.h"
#include "domain/validate.h"
#include "lib/config.h"
#include "web/web.h"

/* The application code of the path, or NULL when it cannot be one. */
static const char *path_kode(struct req *r)
{
	return r->nargs > 0 && app_code_ok(r->args[0]) ? r->args[0] : NULL;
}

/* The "Tambah Dokumen" page (Gambar 42/43). tab: "lama" or "baru". */
static void render_tambah(struct req *r, int status, const struct pemohon_mode *md, const char *kode,
			  const json_t *jenis, const char *tab, json_t *values, json_t *errors)
{
	json_t *ctx = web_ctx(r, "Tambah Dokumen"), *lib = doc_library(db_thread(), md);
	const char *chosen = json_string_value(json_object_get(values, "dokumen_id"));

	for (size_t i = 0; i < json_array_size(lib); i++) {
		json_t *e = json_array_get(lib, i);
		char buf[24];

		json_object_set_new(e, "tanggal_tampil",
				    json_string(web_date(r, json_string_value(json_object_get(e, "tanggal")))));
		json_object_set_new(e, "pdf", json_boolean(!strcmp(json_string_value(json_object_get(e, "mime")), "application/pdf")));
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(json_object_get(e, "id")));
		json_object_set_new(e, "checked", json_boolean(chosen && !strcmp(chosen, buf)));
	}
	if (!json_object_get(values, "tanggal")) {
		int y, m, d;

		/* Tanggal Dokumen starts at today (manual C.1.b) */
		date_today_wib(time(NULL), &y, &m, &d);
		json_object_set_new(values, "tanggal", json_sprintf("%04d-%02d-%02d", y, m, d));
	}
	json_object_set_new(ctx, "nav_pengajuan", json_true());
	json_object_set_new(ctx, "kode", json_string(kode));
	json_object_set_new(ctx, "jenis", json_deep_copy(jenis));
	json_object_set_new(ctx, "pustaka", lib);
	json_object_set_new(ctx, "pustaka_kosong", json_boolean(json_array_size(lib) == 0));
	json_object_set_new(ctx, strcmp(tab, "baru") ? "tab_lama" : "tab_baru", json_true());
	json_object_set_new(ctx, "batas_mb", json_integer((g_cfg.upload_max + 1048575) / 1048576));
	/* the exact limit, for the check in the browser before an upload starts */
	json_object_set_new(ctx, "batas_byte", json_integer((json_int_t)g_cfg.upload_max));
	json_object_set_new(ctx, "unggah_v", json_string(http_static_version("/static/js/unggah.js")));
	json_object_set_new(ctx, "pdf", json_boolean(g_cfg.upload_pdf));
	json_object_set_new(ctx, "values", values);
	json_object_set_new(ctx, "errors", errors);
	web_render(r, status, "pengajuan/dokumen", ctx);
}

void page_dokumen_tambah(struct req *r)
{
	struct pemohon_mode md;
	int64_t link;
	struct db *db = db_thread();
	const char *kode = path_kode(r), *jenis_kode = r->args[1], *cara;
	json_t *d, *jenis = NULL, *values, *errors;
	enum app_rc rc;

	if (!web_need_mode(r, &md))
		return;
	if (!kode || !(d = app_detail(db, &md, kode, NULL))) {
		http_error(r, 404, "Pengajuan tidak ditemukan.");
		return;
	}
	for (size_t i = 0; i < json_array_size(json_object_get(d, "dokumen")); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(json_object_get(d, "dokumen"), i), "kode")), jenis_kode))
			jenis = json_incref(json_array_get(json_object_get(d, "dokumen"), i));
	if (!jenis || !json_is_true(json_object_get(d, "dapat_diedit"))) {
		int editable = json_is_true(json_object_get(d, "dapat_diedit"));

		json_decref(d);
		json_decref(jenis);
		if (!editable) {
			web_flash(r, "Data dukung hanya dapat diubah saat pengajuan berstatus Draft atau Dikembalikan.");
			http_redirect(r, arena_printf(r->a, "/pengajuan/%s", kode));
		} else {
			http_error(r, 404, "Jenis dokumen tidak ditemukan.");
		}
		return;
	}
	json_decref(d);
	if (r->method == HTTP_GET) {
		const char *tab = http_query(r, "tab");

		/* ?tab=baru: the Upload Baru tab's link, for a browser without scripts */
		render_tambah(r, 200, &md, kode, jenis, tab && !strcmp(tab, "baru") ? "baru" : "lama", json_object(), json_object());
		json_decref(jenis);
		return;
	}
	errors = json_object();
	cara = web_field(r, "cara");
	if (http_too_large(r)) {
		/* the file was over the limit: the form again, as typed */
		values = json_pack("{s:s, s:s, s:s}", "tanggal", web_field(r, "tanggal"), "lembar", web_field(r, "lembar"),
				   "keterangan", web_field(r, "keterangan"));
		json_object_set_new(errors, "file", json_string(http_too_large(r)));
		render_tambah(r, 413, &md, kode, jenis, "baru", values, errors);
		json_decref(jenis);
		return;
	}
	if (!strcmp(cara, "lama")) {
		int64_t doc = web_positive_int(web_field(r, "dokumen_id"), 18);

		values = json_pack("{s:s}", "dokumen_id", web_field(r, "dokumen_id"));
		if (!doc) {
			json_object_set_new(errors, "dokumen_id", json_string("Pilih salah satu dokumen lama, atau gunakan Upload Baru."));
			rc = APP_INVALID;
		} else {
			rc = doc_add_existing(db, &md, kode, jenis_kode, doc, errors, &link);
		}
	} else {
		struct doc_meta m = { .tanggal = web_field(r, "tanggal"), .lembar = web_field(r, "lembar"),
				      .keterangan = web_field(r, "keterangan") };

		cara = "baru";
		values = json_pack("{s:s, s:s, s:s}", "tanggal", m.tanggal, "lembar", m.lembar, "keterangan", m.keterangan);
		rc = web_store_upload(r, &md, kode, jenis_kode, web_upload(r, "file"), &m, errors, &link);
	}
	if (rc == APP_OK) {
		json_decref(values);
		json_decref(errors);
		json_decref(jenis);
		web_flash(r, "Dokumen berhasil ditambahkan.");
		http_redirect(r, arena_printf(r->a, "/pengajuan/%s#dokumen", kode));
		return;
	}
	if (rc == APP_INVALID) {
		render_tambah(r, 422, &md, kode, jenis, cara, values, errors);
	} else {
		json_decref(values);
		json_decref(errors);
		if (rc == APP_STATE) {
			web_flash(r, "Data dukung hanya dapat diubah saat pengajuan berstatus Draft atau Dikembalikan.");
			http_redirect(r, arena_printf(r->a, "/pengajuan/%s", kode));
		} else {
			http_error(r, rc == APP_NOT_FOUND ? 404 : 500, NULL);
		}
	}
	json_decref(jenis);
}

void page_dokumen_hapus(struct req *r)
{
	struct pemohon_mode md;
	int64_t link;
	const char *kode = path_kode(r);
	enum app_rc rc;

	if (!web_need_mode(r, &md))
		return;
	link = web_positive_int(r->args[1], 18);
	rc = kode && link ? doc_remove(db_thread(), &md, kode, link) : APP_NOT_FOUND;
	if (rc == APP_OK) {
		web_flash(r, "Dokumen telah dihapus dari pengajuan.");
		http_redirect(r, arena_printf(r->a, "/pengajuan/%s#dokumen", kode));
	} else if (rc == APP_STATE) {
		web_flash(r, "Data dukung hanya dapat diubah saat pengajuan berstatus Draft atau Dikembalikan.");
		http_redirect(r, arena_printf(r->a, "/pengajuan/%s", kode));
	} else {
		http_error(r, rc == APP_NOT_FOUND ? 404 : 500, rc == APP_NOT_FOUND ? "Dokumen tidak ditemukan." : NULL);
	}
}

static void send_file(struct req *r, int thumb)
{
	struct pemohon_mode md;

	if (web_need_mode(r, &md))
		web_send_document(r, &md, web_positive_int(r->args[0], 18), thumb, 0);
}

void page_dokumen_file(struct req *r)
{
	send_file(r, 0);
}

void page_dokumen_thumb(struct req *r)
{
	send_file(r, 1);
}
