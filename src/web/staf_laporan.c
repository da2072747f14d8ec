// SPDX-License-Identifier: MIT
// Reports for the admin and the head of office: the page with charts, CSV/XLSX downloads and the JSON API.
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/rekap.h"
#include "domain/report.h"
#include "domain/staff.h"
#include "lib/config.h"
#include "lib/log.h"
#include "web/web.h"

#define MSG_INVALID "Parameter laporan belum benar. Periksa kembali isian yang ditandai."
#define MSG_FORMAT "Format unduhan harus csv atau xlsx."
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- formatting ------------------------------------------------------------ */

/* 1234567 as "1.234.567" (Indonesian digit grouping). */
static const char *angka(struct req *r, long long v)
{
	char d[32], out[48];
	int len = snprintf(d, sizeof d, "%lld", v < 0 ? -v : v), i, o = 0;

	if (v < 0)
		out[o++] = '-';
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = d[i];
	}
	out[o] = '\0';
	return arena_strdup(r->a, out);
}

/* A duration for people: "45 dtk", "12 mnt 30 dtk", "2 jam 5 mnt", "3 hari 4 jam". */
static const char *durasi(struct req *r, double detik)
{
	long long s = llround(detik);

	if (s < 60)
		return arena_printf(r->a, "%lld dtk", s);
	if (s < 3600)
		return s % 60 ? arena_printf(r->a, "%lld mnt %lld dtk", s / 60, s % 60)
			      : arena_printf(r->a, "%lld mnt", s / 60);
	if (s < 86400)
		return (s % 3600) / 60 ? arena_printf(r->a, "%lld jam %lld mnt", s / 3600, (s % 3600) / 60)
				       : arena_printf(r->a, "%lld jam", s / 3600);
	return (s % 86400) / 3600 ? arena_printf(r->a, "%lld hari %lld jam", s / 86400, (s % 86400) / 3600)
				  : arena_printf(r->a, "%lld hari", s / 86400);
}

/* "12,5" */
static const char *desimal(struct req *r, double v)
{
	char *s = arena_printf(r->a, "%.1f", v), *dot = strchr(s, '.');

	if (dot)
		*dot = ',';
	return s;
}

/* "31-01-2024" for "2024-01-31", "01-2024" for "2024-01": the tables,
 * the chart labels and the period, as in the downloads. */
static const char *periode(struct req *r, const char *iso)
{
	char s[11];

	return arena_strdup(r->a, report_period_text(iso, s));
}

/* Appends name=value (percent-encoded) to a query string. */
static void query_add(struct buf *b, const char *name, const char *value)
{
	const char *p;

	if (!value || !*value)
		return;
	buf_addf(b, "%s%s=", b->len && b->ptr[b->len - 1] != '?' ? "&" : "", name);
	for (p = value; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-_.~", c))
			buf_addc(b, (char)c);
		else
			buf_addf(b, "%%%02X", c);
	}
}

static const char *url_of(struct req *r, const char *path, const char *format, const char *dari, const char *sampai,
			  const char *layanan)
{
	struct buf b = BUF_INIT;
	const char *out;

	buf_addf(&b, "%s?", path);
	query_add(&b, "format", format);
	query_add(&b, "dari", dari);
	query_add(&b, "sampai", sampai);
	query_add(&b, "layanan", layanan);
	out = arena_strdup(r->a, b.ptr);
	buf_release(&b);
	return out;
}

/* ---- the page ---------------------------------------------------------------- */

/* The services the officer is limited to (arena array in *ids), or 0 for
 * none; -1 on error. */
static int limits(struct req *r, int64_t staf_id, const int64_t **ids)
{
	int64_t *a = arena_alloc(r->a, STAFF_LAYANAN_MAX * sizeof *a);
	int n = staff_services(db_thread(), staf_id, a, STAFF_LAYANAN_MAX);

	*ids = a;
	return n;
}

static json_t *layanan_options(struct db *db, const char *selected, const struct report_query *lim)
{
	const struct catalog *c = catalog_get(db);
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < c->n; i++) {
		const struct cat_service *s = &c->items[i];
		char label[300];

		if (!report_allowed(lim, s->id))
			continue;
		snprintf(label, sizeof label, "%s%s", s->nama, s->aktif ? "" : " (nonaktif)");
		json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "kode", s->kode, "nama", label, "selected",
						     selected && !strcmp(selected, s->kode)));
	}
	return arr;
}

/* Quick periods: this month, last month, this year, last year. */
static json_t *presets(struct req *r, const char *layanan)
{
	int64_t today = REKAP_HARI(time(NULL));
	int y, m, d, py, pm;
	char a[11], b[11];
	json_t *arr = json_array();

	report_ymd(today, &y, &m, &d);
	py = m == 1 ? y - 1 : y;
	pm = m == 1 ? 12 : m - 1;
	report_date(report_day(y, m, 1), a);
	report_date(today, b);
	json_array_append_new(arr, json_pack("{s:s, s:s}", "label", "Bulan ini", "url",
					     url_of(r, "/staf/laporan", NULL, a, b, layanan)));
	report_date(report_day(py, pm, 1), a);
	report_date(report_day(y, m, 1) - 1, b);
	json_array_append_new(arr, json_pack("{s:s, s:s}", "label", "Bulan lalu", "url",
					     url_of(r, "/staf/laporan", NULL, a, b, layanan)));
	report_date(report_day(y, 1, 1), a);
	report_date(today, b);
	json_array_append_new(arr, json_pack("{s:s, s:s}", "label", "Tahun ini", "url",
					     url_of(r, "/staf/laporan", NULL, a, b, layanan)));
	report_date(report_day(y - 1, 1, 1), a);
	report_date(report_day(y, 1, 1) - 1, b);
	json_array_append_new(arr, json_pack("{s:s, s:s}", "label", "Tahun lalu", "url",
					     url_of(r, "/staf/laporan", NULL, a, b, layanan)));
	return arr;
}

static const json_t *jget(const json_t *o, const char *path1, const char *path2)
{
	const json_t *v = json_object_get(o, path1);

	return path2 ? json_object_get(v, path2) : v;
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static long long jint(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Rows of a table by status (pengajuan.per_layanan or per_grup) as the
 * template shows them: {nama, cells [{v, label}] (one per status of sts),
 * total}, numbers formatted. */
static json_t *status_rows(struct req *r, const json_t *list, const json_t *sts)
{
	json_t *rows = json_array(), *v, *w;
	size_t i, k;

	json_array_foreach(list, i, v) {
		const json_t *ps = json_object_get(v, "per_status");
		json_t *cells = json_array();

		json_array_foreach(sts, k, w)
			json_array_append_new(cells, json_pack("{s:s, s:s}", "v", angka(r, jint(ps, jstr(w, "status"))), "label",
							       jstr(w, "label")));
		json_array_append_new(rows, json_pack("{s:s, s:o, s:s}", "nama", jstr(v, "nama"), "cells", cells,
						      "total", angka(r, jint(v, "total"))));
	}
	return rows;
}

/* What the template shows of a report (numbers formatted), and the chart
 * data as one JSON text for static/js/laporan.js. */
static json_t *view_of(struct req *r, const json_t *rep)
{
	const json_t *p = json_object_get(rep, "pengajuan"), *sts = json_object_get(p, "per_status");
	const json_t *d = json_object_get(rep, "pendaftaran"), *v, *w;
	int monthly = !strcmp(jstr(json_object_get(rep, "periode"), "satuan"), "bulan");
	json_t *out = json_object(), *cols = json_array(), *tot = json_array();
	json_t *g_lab = json_array(), *g_val = json_array(), *g_slab = json_array(), *g_sval = json_array();
	json_t *g_llab = json_array(), *g_lval = json_array(), *g_dlab = json_array(), *g_ok = json_array();
	json_t *g_no = json_array(), *trows = json_array(), *lrows = json_array(), *drows = json_array(), *g;
	long long selesai = 0;
	size_t i, k;
	char *txt;

	json_array_foreach(sts, k, w) {
		json_array_append_new(cols, json_pack("{s:s}", "label", jstr(w, "label")));
		/* each cell carries its column's label for the phone's card layout */
		json_array_append_new(tot, json_pack("{s:s, s:s}", "v", angka(r, jint(w, "jumlah")), "label", jstr(w, "label")));
		json_array_append_new(g_slab, json_string(jstr(w, "label")));
		json_array_append_new(g_sval, json_integer(jint(w, "jumlah")));
		if (!strcmp(jstr(w, "status"), "SELESAI"))
			selesai = jint(w, "jumlah");
	}
	json_array_foreach(json_object_get(p, "per_layanan"), i, v) {
		json_array_append_new(g_llab, json_string(jstr(v, "nama")));
		json_array_append_new(g_lval, json_integer(jint(v, "total")));
	}
	json_array_foreach(json_object_get(p, "per_waktu"), i, v) {
		json_array_append_new(trows, json_pack("{s:s, s:s}", "label", periode(r, jstr(v, "periode")),
						       "jumlah", angka(r, jint(v, "jumlah"))));
		json_array_append_new(g_lab, json_string(periode(r, jstr(v, "periode"))));
		json_array_append_new(g_val, json_integer(jint(v, "jumlah")));
	}
	json_array_foreach(json_object_get(rep, "langkah"), i, v) {
		const json_t *baku = json_object_get(v, "waktu_baku_detik");
		double rata = json_number_value(json_object_get(v, "rata_rata_detik"));
		json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "layanan", jstr(v, "layanan_nama"),
					"nama", jstr(v, "nama"), "jumlah", angka(r, jint(v, "jumlah")),
					"rata", durasi(r, rata), "p90", durasi(r, (double)jint(v, "p90_detik")),
					"terlambat", angka(r, jint(v, "terlambat")),
					"persen", desimal(r, json_number_value(json_object_get(v, "persen_terlambat"))));

		if (json_is_integer(baku)) {
			json_object_set_new(row, "baku", json_string(durasi(r, (double)json_integer_value(baku))));
			json_object_set_new(row, "lewat", json_boolean(rata > (double)json_integer_value(baku)));
		} else {
			json_object_set_new(row, "baku", json_string("-"));
		}
		json_array_append_new(lrows, row);
	}
	json_array_foreach(json_object_get(d, "per_waktu"), i, v) {
		json_array_append_new(drows, json_pack("{s:s, s:s, s:s}", "label", periode(r, jstr(v, "periode")),
						       "disetujui", angka(r, jint(v, "disetujui")),
						       "ditolak", angka(r, jint(v, "ditolak"))));
		json_array_append_new(g_dlab, json_string(periode(r, jstr(v, "periode"))));
		json_array_append_new(g_ok, json_integer(jint(v, "disetujui")));
		json_array_append_new(g_no, json_integer(jint(v, "ditolak")));
	}
	json_object_set_new(out, "status_cols", cols);
	json_object_set_new(out, "layanan_rows", status_rows(r, json_object_get(p, "per_layanan"), sts));
	json_object_set_new(out, "grup_rows", status_rows(r, json_object_get(p, "per_grup"), sts));
	json_object_set_new(out, "status_total", tot);
	json_object_set_new(out, "total", json_string(angka(r, jint(p, "total"))));
	json_object_set_new(out, "selesai", json_string(angka(r, selesai)));
	json_object_set_new(out, "waktu_rows", trows);
	json_object_set_new(out, "satuan", json_string(monthly ? "Bulan" : "Tanggal"));
	json_object_set_new(out, "per_satuan", json_string(monthly ? "per bulan" : "per hari"));
	json_object_set_new(out, "langkah_rows", lrows);
	json_object_set_new(out, "ada_langkah", json_boolean(json_array_size(lrows) > 0));
	json_object_set_new(out, "daftar_rows", drows);
	json_object_set_new(out, "disetujui", json_string(angka(r, jint(d, "disetujui"))));
	json_object_set_new(out, "ditolak", json_string(angka(r, jint(d, "ditolak"))));
	json_object_set_new(out, "dari", json_string(periode(r, jstr(jget(rep, "periode", NULL), "dari"))));
	json_object_set_new(out, "sampai", json_string(periode(r, jstr(jget(rep, "periode", NULL), "sampai"))));

	g = json_pack("{s:{s:o, s:o}, s:{s:o, s:o}, s:{s:o, s:o}, s:{s:o, s:o, s:o}}",
		      "waktu", "labels", g_lab, "data", g_val,
		      "status", "labels", g_slab, "data", g_sval,
		      "layanan", "labels", g_llab, "data", g_lval,
		      "pendaftaran", "labels", g_dlab, "disetujui", g_ok, "ditolak", g_no);
	txt = json_dumps(g, JSON_COMPACT);
	json_object_set_new(out, "grafik", json_string(txt ? txt : "{}"));
	free(txt);
	json_decref(g);
	return out;
}

/* Renders the page: the form with what was asked, and the report when
 * there is one (rep NULL: the form with its errors). */
static void page(struct req *r, int status, const char *dari, const char *sampai, const char *layanan,
		 const struct report_query *lim, json_t *errors, const json_t *rep)
{
	json_t *ctx = web_ctx(r, "Laporan");
	struct db *db = db_thread();

	json_object_set_new(ctx, "menu_laporan", json_true());
	json_object_set_new(ctx, "values", json_pack("{s:s, s:s, s:s}", "dari", dari ? dari : "", "sampai",
						     sampai ? sampai : "", "layanan", layanan ? layanan : ""));
	json_object_set_new(ctx, "layanan_opsi", layanan_options(db, layanan, lim));
	json_object_set_new(ctx, "presets", presets(r, layanan));
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "ada_error", json_boolean(errors && json_object_size(errors)));
	if (rep) {
		const json_t *lay = json_object_get(rep, "layanan");

		json_object_set_new(ctx, "laporan", view_of(r, rep));
		json_object_set_new(ctx, "layanan_nama",
				    json_string(json_is_object(lay) ? jstr(lay, "nama")
					       : lim && lim->nbatas ? "Semua layanan yang Anda tangani" : "Semua layanan"));
		json_object_set_new(ctx, "unduh_csv", json_string(url_of(r, "/staf/laporan/unduh", "csv", dari, sampai, layanan)));
		json_object_set_new(ctx, "unduh_xlsx", json_string(url_of(r, "/staf/laporan/unduh", "xlsx", dari, sampai, layanan)));
		json_object_set_new(ctx, "chart_v", json_string(http_static_version("/static/js/laporan.js")));
	}
	web_render(r, status, "staf/laporan", ctx);
}

/* The dates as the report shows them, for refilling the form. */
static void period_text(const struct report_query *q, char dari[11], char sampai[11])
{
	report_date(q->dari, dari);
	report_date(q->sampai, sampai);
}

void staf_laporan(struct req *r)
{
	struct db *db = db_thread();
	const char *layanan = http_query(r, "layanan");
	int64_t staf_id = web_need_staf(r, STAF_LAPORAN, NULL);
	const int64_t *batas;
	struct report_query q;
	json_t *errors, *rep;
	char dari[11], sampai[11];
	int nbatas;

	if (!staf_id)
		return;
	if ((nbatas = limits(r, staf_id, &batas)) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	errors = json_object();
	if (report_params(db, http_query(r, "dari"), http_query(r, "sampai"), layanan, 0, time(NULL), batas,
			  (size_t)nbatas, &q, errors) < 0) {
		page(r, 422, http_query(r, "dari"), http_query(r, "sampai"), layanan, &q, errors, NULL);
		return;
	}
	json_decref(errors);
	rep = report_build(db, &q);
	if (!rep) {
		http_error(r, 500, NULL);
		return;
	}
	period_text(&q, dari, sampai);
	page(r, 200, dari, sampai, q.layanan_kode, &q, NULL, rep);
	json_decref(rep);
}

/* ---- downloads -------------------------------------------------------------- */

/* A fresh temporary file name under DATA_DIR/tmp (created 0700 when
 * missing); the file exists, empty. NULL on error (logged). */
static char *temp_xlsx(struct req *r, const char **dir)
{
	char *d = arena_printf(r->a, "%s/tmp", g_cfg.data_dir), *path;
	int fd;

	if (mkdir(d, 0700) < 0 && errno != EEXIST) {
		log_error("laporan: cannot create %s: %s", d, strerror(errno));
		return NULL;
	}
	path = arena_printf(r->a, "%s/laporan-XXXXXX.xlsx", d);
	fd = mkstemps(path, 5);
	if (fd < 0) {
		log_error("laporan: cannot create a temporary file: %s", strerror(errno));
		return NULL;
	}
	close(fd);
	*dir = d;
	return path;
}

void staf_laporan_unduh(struct req *r)
{
	struct db *db = db_thread();
	const char *format = http_query(r, "format"), *layanan = http_query(r, "layanan"), *tmpdir = NULL;
	struct report_query q;
	json_t *errors, *rep;
	char dari[11], sampai[11], *path = NULL, *name;
	int64_t staf_id = web_need_staf(r, STAF_LAPORAN, NULL);
	const int64_t *batas;
	int xlsx, nbatas;

	if (!staf_id)
		return;
	if ((nbatas = limits(r, staf_id, &batas)) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	errors = json_object();
	report_params(db, http_query(r, "dari"), http_query(r, "sampai"), layanan, 0, time(NULL), batas, (size_t)nbatas,
		      &q, errors);
	if (!format || (strcmp(format, "csv") && strcmp(format, "xlsx")))
		json_object_set_new(errors, "format", json_string(MSG_FORMAT));
	if (json_object_size(errors)) {
		page(r, 422, http_query(r, "dari"), http_query(r, "sampai"), layanan, &q, errors, NULL);
		return;
	}
	json_decref(errors);
	xlsx = !strcmp(format, "xlsx");
	rep = report_build(db, &q);
	if (!rep) {
		http_error(r, 500, NULL);
		return;
	}
	period_text(&q, dari, sampai);
	name = arena_printf(r->a, "laporan-%s-%s%s%s.%s", dari, sampai, q.layanan_kode ? "-" : "",
			    q.layanan_kode ? q.layanan_kode : "", format);
	if (xlsx && (!(path = temp_xlsx(r, &tmpdir)) || report_xlsx(rep, path, tmpdir) < 0)) {
		if (path)
			unlink(path);
		json_decref(rep);
		http_error(r, 500, NULL);
		return;
	}
	/* the download is recorded before anything leaves the office */
	if (audit_log(db, staf_id, "laporan.unduh", arena_printf(r->a, "laporan:%s..%s", dari, sampai),
		      arena_printf(r->a, "format=%s layanan=%s", format, q.layanan_kode ? q.layanan_kode : "semua")) < 0) {
		if (path)
			unlink(path);
		json_decref(rep);
		http_error(r, 500, NULL);
		return;
	}
	if (xlsx) {
		int rc = http_file(r, path, XLSX_TYPE, name, 1);

		unlink(path);
		if (rc < 0)
			http_error(r, 500, NULL);
	} else {
		buf_reset(&r->out);
		report_csv(rep, &r->out);
		r->status = 200;
		r->content_type = "text/csv; charset=utf-8";
		http_add_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", name));
	}
	json_decref(rep);
}

/* ---- JSON API -------------------------------------------------------------- */

void api_staf_laporan(struct req *r)
{
	struct db *db = db_thread();
	int64_t staf_id = api_need_staf(r, STAF_LAPORAN, NULL);
	const int64_t *batas;
	struct report_query q;
	json_t *errors, *rep;
	int nbatas;

	if (!staf_id)
		return;
	if ((nbatas = limits(r, staf_id, &batas)) < 0) {
		api_error(r, 500, "kesalahan_server", "Maaf, terjadi kesalahan pada server. Silakan coba beberapa saat lagi.",
			  NULL);
		return;
	}
	errors = json_object();
	if (report_params(db, http_query(r, "dari"), http_query(r, "sampai"), http_query(r, "layanan"), 1, time(NULL),
			  batas, (size_t)nbatas, &q, errors) < 0) {
		api_error(r, 422, "data_tidak_valid", MSG_INVALID, errors);
		return;
	}
	json_decref(errors);
	rep = report_build(db, &q);
	if (!rep) {
		api_error(r, 500, "kesalahan_server", "Maaf, terjadi kesalahan pada server. Silakan coba beberapa saat lagi.",
			  NULL);
		return;
	}
	http_json(r, 200, rep);
}
