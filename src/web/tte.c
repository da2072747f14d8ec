// SPDX-License-Identifier: MIT
// Public verification of signed documents (TTE): by the QR code's link, and by uploading the PDF.
#include <string.h>

#include "domain/tte.h"
#include "lib/config.h"
#include "web/web.h"

static const char msg_unknown[] = "Dokumen tidak dikenal";

static json_t *verify_ctx(struct req *r, const char *title)
{
	json_t *ctx = web_ctx(r, title);

	json_object_set_new(ctx, "nav_verifikasi", json_true());
	json_object_set_new(ctx, "upload_max_mb", json_string(arena_printf(r->a, "%.1f",
		(double)g_cfg.upload_max / (1024.0 * 1024.0))));
	return ctx;
}

/* Decorates a tte_verify_code object for the page (times in WIB, flags). */
static json_t *dress(struct req *r, json_t *d)
{
	const char *st = json_string_value(json_object_get(d, "status"));
	json_int_t t;

	if (!d)
		return NULL;
	json_object_set_new(d, "aktif", json_boolean(st && !strcmp(st, "aktif")));
	json_object_set_new(d, "dicabut", json_boolean(st && !strcmp(st, "dicabut")));
	if ((t = json_integer_value(json_object_get(d, "ditandatangani_at"))) > 0)
		json_object_set_new(d, "ditandatangani_at_tampil", json_string(web_time_wib(r, (int64_t)t)));
	if ((t = json_integer_value(json_object_get(d, "dicabut_at"))) > 0)
		json_object_set_new(d, "dicabut_at_tampil", json_string(web_time_wib(r, (int64_t)t)));
	return d;
}

/* Answers never cached: a revocation must show at once. */
static void render(struct req *r, int status, json_t *ctx)
{
	web_render(r, status, "publik/verifikasi", ctx);
	http_add_header(r, "Cache-Control", "no-store");
}

/* GET /verifikasi/{code}: what the QR code on a signed document opens. An
 * unknown code reads the same whatever its shape (nothing to probe). */
void page_verifikasi_kode(struct req *r)
{
	const char *code = r->nargs > 0 ? r->args[0] : "";
	json_t *d = tte_code_ok(code) ? tte_verify_code(db_thread(), code) : NULL, *ctx;

	ctx = verify_ctx(r, d ? "Hasil Verifikasi Dokumen" : msg_unknown);
	if (!d) {
		json_object_set_new(ctx, "tidak_dikenal", json_true());
		render(r, 404, ctx);
		return;
	}
	json_object_set_new(ctx, "hasil", dress(r, d));
	render(r, 200, ctx);
}

static const struct {
	const char *kode, *teks;
	int baik;
} ttd_text[] = {
	{ "valid", "Tanda tangan elektronik pada file ini utuh dan sah.", 1 },
	{ "tidak_ada", "File ini tidak memuat tanda tangan elektronik.", 0 },
	{ "rusak", "Tanda tangan elektronik pada file ini rusak dan tidak dapat diperiksa.", 0 },
	{ "tidak_dipercaya", "Tanda tangan elektronik pada file ini tidak berasal dari sertifikat yang dipercaya.", 0 },
	{ "diubah", "File ini telah diubah setelah ditandatangani.", 0 },
};

/* GET /verifikasi: the form; POST: is this exact PDF one we signed, and is
 * its signature intact? */
void page_verifikasi(struct req *r)
{
	const struct upload *f;
	json_t *ctx = verify_ctx(r, "Verifikasi Dokumen"), *res, *doc;
	const char *ttd;
	size_t i;

	json_object_set_new(ctx, "form", json_true());
	if (r->method != HTTP_POST) {
		render(r, 200, ctx);
		return;
	}
	if (http_too_large(r)) {
		json_object_set_new(ctx, "error_file", json_string(http_too_large(r)));
		render(r, 413, ctx);
		return;
	}
	f = web_upload(r, "file");
	if (!f || !f->len) {
		json_object_set_new(ctx, "error_file", json_string("Pilih file PDF dokumen yang akan diverifikasi."));
		render(r, 422, ctx);
		return;
	}
	if (f->len < 5 || memcmp(f->data, "%PDF-", 5)) {
		json_object_set_new(ctx, "error_file", json_string("File harus berupa dokumen PDF."));
		render(r, 422, ctx);
		return;
	}
	if (!(res = tte_verify_file(db_thread(), f->data, f->len))) {
		json_decref(ctx);
		http_error(r, 500, NULL);
		return;
	}
	ttd = json_string_value(json_object_get(res, "tanda_tangan"));
	for (i = 0; ttd && i < sizeof ttd_text / sizeof ttd_text[0]; i++)
		if (!strcmp(ttd, ttd_text[i].kode)) {
			json_object_set_new(res, "ttd_teks", json_string(ttd_text[i].teks));
			json_object_set_new(res, "ttd_baik", json_boolean(ttd_text[i].baik));
		}
	if (!json_object_get(res, "ttd_teks"))
		json_object_set_new(res, "ttd_teks", json_string("Tanda tangan elektronik tidak dapat diperiksa."));
	doc = json_object_get(res, "dokumen");
	if (json_is_true(json_object_get(res, "dikenal")) && json_is_object(doc)) {
		dress(r, doc);
		json_object_set_new(res, "asli", json_boolean(json_is_true(json_object_get(res, "ttd_baik")) &&
							    json_is_true(json_object_get(doc, "aktif"))));
	} else {
		json_object_set_new(res, "dikenal", json_false());
	}
	json_object_set_new(ctx, "hasil_file", res);
	render(r, 200, ctx);
}
