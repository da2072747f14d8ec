// SPDX-License-Identifier: MIT
// Officer pages for applications: dashboard, work queues, the application screen and its moves.
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/application.h"
#include "domain/catalog.h"
#include "domain/chat.h"
#include "domain/tte.h"
#include "domain/validate.h"
#include "http/params.h"
#include "domain/workflow.h"
#include "lib/config.h"
#include "web/staf_moves.h"
#include "web/web.h"

/* Officers who answer the applicant in the chat (as the JSON API). */
#define CHAT_ROLES (STAF_ADMIN | STAF_VERIFIKATOR | STAF_OPERATOR)
/* At most this many applications are signed in one batch. */
#define TTE_BATCH_MAX 50

static const char *const role_labels[ROLE__MAX] = {
	"Administrator", "Verifikator", "Operator", "Penandatangan",
};

/* Bootstrap colour of each status badge. */
static const char *const status_class[APP__MAX] = {
	"secondary", "primary", "warning", "info", "danger", "info", "success", "success",
};

/* The menu entry of each queue (templates/staf/_menu.mustache). */
static const char *const queue_menu[Q__MAX] = { "menu_verifikasi", "menu_proses", "menu_tte", "menu_serah" };

static const char *const sort_labels[SORT__MAX] = {
	"Terlama dikirim", "Terbaru dikirim", "Tenggat terdekat",
};

static const char msg_not_found[] = "Pengajuan tidak ditemukan.";
static const char msg_forbidden[] = "Tindakan ini tidak tersedia untuk peran Anda.";

/* ---- helpers ------------------------------------------------------------- */

/* The application code of the path, or NULL when it cannot be one. */
static const char *path_kode(struct req *r)
{
	return r->nargs > 0 && app_code_ok(r->args[0]) ? r->args[0] : NULL;
}

static const char *status_badge(const char *status)
{
	enum app_status s = app_status_from(status ? status : "");

	return status_class[s < APP__MAX ? s : 0];
}

/* "1 jam 5 menit", "3 hari 2 jam", "kurang dari 1 menit". */
static const char *duration_text(struct req *r, int64_t secs)
{
	int64_t m = secs / 60, d = m / 1440, h = (m % 1440) / 60, mm = m % 60;

	if (secs < 60)
		return "kurang dari 1 menit";
	if (d)
		return h ? arena_printf(r->a, "%lld hari %lld jam", (long long)d, (long long)h)
			 : arena_printf(r->a, "%lld hari", (long long)d);
	if (h)
		return mm ? arena_printf(r->a, "%lld jam %lld menit", (long long)h, (long long)mm)
			  : arena_printf(r->a, "%lld jam", (long long)h);
	return arena_printf(r->a, "%lld menit", (long long)mm);
}

/* Sets o[key_tampil] to the WIB rendering of the timestamp o[key] (when set). */
static void add_time(struct req *r, json_t *o, const char *key)
{
	json_int_t t = json_integer_value(json_object_get(o, key));

	if (t > 0)
		json_object_set_new(o, arena_printf(r->a, "%s_tampil", key), json_string(web_time_wib(r, (int64_t)t)));
}

static void add_static_versions(json_t *ctx)
{
	json_object_set_new(ctx, "staf_css_v", json_string(http_static_version("/static/css/staf.css")));
	json_object_set_new(ctx, "staf_js_v", json_string(http_static_version("/static/js/staf.js")));
}

static struct wf_actor actor_of(struct req *r, int64_t id, int roles)
{
	struct wf_actor a = { .id = id, .roles = roles, .ip = r->client_ip };

	return a;
}

/* ---- dashboard ----------------------------------------------------------- */

/* A dashboard count as shown: past the counting cap, "> 10.000". */
static json_t *capped(const json_t *n)
{
	json_int_t v = json_integer_value(n);

	return v > WF_TOTAL_CAP ? json_string("> 10.000") : json_integer(v);
}

void staf_dasbor(struct req *r)
{
	struct db *db = db_thread();
	json_t *ctx, *labels, *d, *queues, *v;
	struct wf_actor a;
	int64_t id;
	int roles, i;
	size_t k;

	if (!(id = web_need_staf(r, 0, &roles)))
		return;
	a = actor_of(r, id, roles);
	ctx = web_ctx(r, "Beranda Petugas");
	labels = json_array();
	for (i = 0; i < ROLE__MAX; i++)
		if (roles & (1 << i))
			json_array_append_new(labels, json_string(role_labels[i]));
	json_object_set_new(ctx, "roles", labels);
	json_object_set_new(ctx, "menu_beranda", json_true());
	add_static_versions(ctx);
	d = wf_dashboard(db, &a, time(NULL));
	if (!d) {
		json_object_set_new(ctx, "gagal", json_true());
		web_render(r, 200, "staf/dasbor", ctx);
		return;
	}
	/* the queue cards: only the queues this officer works */
	queues = json_array();
	for (i = 0; i < Q__MAX; i++) {
		if (!(wf_queue_roles((enum wf_queue)i) & roles))
			continue;
		json_array_append_new(queues, json_pack("{s:s, s:s, s:o}", "nama", wf_queue_names[i], "label",
							 wf_queue_labels[i], "jumlah",
							 capped(json_object_get(json_object_get(d, "antrean"),
										wf_queue_names[i]))));
	}
	json_object_set_new(d, "hari_ini", capped(json_object_get(d, "hari_ini")));
	json_object_set_new(d, "terlambat_teks", capped(json_object_get(d, "terlambat")));
	json_object_set_new(d, "antrean_saya", queues);
	json_array_foreach(json_object_get(d, "per_status"), k, v)
		json_object_set_new(v, "badge", json_string(status_badge(json_string_value(json_object_get(v, "status")))));
	json_array_foreach(json_object_get(d, "per_layanan"), k, v) {
		json_t *ps = json_object_get(v, "per_status"), *list = json_array(), *n;
		const char *key;

		json_object_foreach(ps, key, n) {
			enum app_status s = app_status_from(key);

			if (json_integer_value(n) > 0 && s < APP__MAX)
				json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:s}", "status", key, "label",
								      app_status_labels[s], "jumlah", json_integer_value(n),
								      "badge", status_class[s]));
		}
		json_object_set_new(v, "rincian", list);
	}
	json_array_foreach(json_object_get(d, "terlambat_list"), k, v)
		add_time(r, v, "tenggat_at");
	json_object_set_new(d, "ada_terlambat", json_boolean(json_array_size(json_object_get(d, "terlambat_list")) > 0));
	json_object_set_new(d, "ada_layanan", json_boolean(json_array_size(json_object_get(d, "per_layanan")) > 0));
	json_object_set_new(ctx, "d", d);
	web_render(r, 200, "staf/dasbor", ctx);
}

/* ---- queues ------------------------------------------------------------- */

/* The Grup filter's options: every mode, Pemohon Pribadi, then each group
 * by name; f's choice selected. */
static json_t *grup_options(struct db *db, const struct wf_filter *f)
{
	json_t *opts = json_array(), *groups = wf_grup_options(db), *g;
	size_t k;

	json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "v", "", "label", "Semua", "selected", !f->by_grup));
	json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "v", "0", "label", "Pemohon Pribadi", "selected",
					      f->by_grup && !f->grup_id));
	json_array_foreach(groups, k, g) {
		json_int_t id = json_integer_value(json_object_get(g, "id"));
		char v[24];

		snprintf(v, sizeof v, "%lld", (long long)id);
		json_array_append_new(opts, json_pack("{s:s, s:s+, s:b}", "v", v, "label",
						      json_string_value(json_object_get(g, "nama")),
						      json_is_true(json_object_get(g, "aktif")) ? "" : " (nonaktif)",
						      "selected", f->by_grup && f->grup_id == id));
	}
	json_decref(groups);
	return opts;
}

void staf_pengajuan_list(struct req *r)
{
	struct db *db = db_thread();
	const char *antrean = http_query(r, "antrean"), *status = http_query(r, "status");
	const char *layanan = http_query(r, "layanan"), *q = http_query(r, "q"), *urut = http_query(r, "urut");
	const char *terlambat = http_query(r, "terlambat"), *grup = http_query(r, "grup");
	const struct catalog *c = catalog_get(db);
	const struct cat_service *svc = NULL;
	struct wf_filter f = { .queue = Q__MAX, .sort = SORT__MAX };
	json_t *ctx, *rows, *row, *opts, *warn;
	struct buf base = BUF_INIT;
	long page, pages, total = 0;
	struct wf_actor a;
	int64_t id;
	int roles, capped, i;
	size_t k;
	char *qt;

	if (!(id = web_need_staf(r, 0, &roles)))
		return;
	a = actor_of(r, id, roles);
	warn = json_array();
	if (antrean && *antrean) {
		f.queue = wf_queue_from(antrean);
		if (f.queue == Q__MAX)
			json_array_append_new(warn, json_string("Antrean tidak dikenal; semua pengajuan ditampilkan."));
		else if (!(wf_queue_roles(f.queue) & roles)) {
			json_decref(warn);
			http_error(r, 403, "Antrean ini tidak tersedia untuk peran Anda.");
			return;
		}
	}
	if (f.queue == Q__MAX && status && *status) {
		enum app_status s = app_status_from(status);

		if (s == APP__MAX || s == APP_DRAFT)
			json_array_append_new(warn, json_string("Status tidak dikenal; semua status ditampilkan."));
		else
			f.status = app_status_names[s];
	}
	if (layanan && *layanan) {
		svc = catalog_find(c, layanan);
		if (svc)
			f.layanan_id = svc->id;
		else
			json_array_append_new(warn, json_string("Jenis layanan tidak dikenal; semua layanan ditampilkan."));
	}
	if (wf_grup_filter(db, grup, &f) < 0)
		json_array_append_new(warn, json_string("Grup tidak dikenal; pengajuan semua grup dan pemohon pribadi "
							"ditampilkan."));
	/* the search box: trimmed, one line, at most WF_SEARCH_MAX characters */
	qt = arena_strdup(r->a, q ? q : "");
	text_squash(qt, qt, strlen(qt) + 1);
	if (!text_field_ok(qt, WF_SEARCH_MAX)) {
		json_array_append_new(warn, json_string("Kata pencarian maksimal 100 karakter tanpa karakter khusus."));
		qt = "";
	}
	f.q = qt;
	if (urut && *urut) {
		for (i = 0; i < SORT__MAX; i++)
			if (!strcmp(urut, wf_sort_names[i]))
				f.sort = (enum wf_sort)i;
		if (f.sort == SORT__MAX)
			json_array_append_new(warn, json_string("Urutan tidak dikenal; urutan bawaan dipakai."));
	}
	if (f.sort == SORT__MAX)
		/* a queue is worked oldest first; the overview shows the newest */
		f.sort = f.queue == Q__MAX ? SORT_BARU : SORT_LAMA;
	f.terlambat = terlambat && !strcmp(terlambat, "1");
	page = web_page(r, "page");
	rows = wf_queue_page(db, &a, &f, page, web_page_size(), &total);
	if (!rows) {
		json_decref(warn);
		http_error(r, 500, NULL);
		return;
	}
	/* past the counting cap the number of pages is unknown: page on while
	 * pages come back full */
	capped = total > WF_TOTAL_CAP;
	pages = web_page_count(total);
	if (!capped && page > pages) {
		/* a stale link past the end shows the last page, not nothing */
		json_decref(rows);
		page = pages;
		rows = wf_queue_page(db, &a, &f, page, web_page_size(), &total);
		if (!rows) {
			json_decref(warn);
			http_error(r, 500, NULL);
			return;
		}
	}
	json_array_foreach(rows, k, row) {
		json_t *by = json_object_get(row, "ditangani_oleh");

		json_object_set_new(row, "badge", json_string(status_badge(json_string_value(json_object_get(row, "status")))));
		json_object_set_new(row, "ada_chat", json_boolean(json_integer_value(json_object_get(row, "chat_belum_dibaca")) > 0));
		add_time(r, row, "dikirim_at");
		add_time(r, row, "tenggat_at");
		if (json_is_string(by))
			json_object_set_new(row, "ditangani_saya",
					    json_boolean(json_integer_value(json_object_get(row, "ditangani_id")) == id));
		else
			json_object_del(row, "ditangani_oleh");
	}

	ctx = web_ctx(r, f.queue == Q__MAX ? "Semua Pengajuan" : wf_queue_labels[f.queue]);
	add_static_versions(ctx);
	json_object_set_new(ctx, f.queue == Q__MAX ? "menu_pengajuan" : queue_menu[f.queue], json_true());
	if (f.queue != Q__MAX) {
		json_object_set_new(ctx, "antrean", json_string(wf_queue_names[f.queue]));
		json_object_set_new(ctx, "judul", json_string(wf_queue_labels[f.queue]));
	} else {
		json_object_set_new(ctx, "judul", json_string("Semua Pengajuan"));
		json_object_set_new(ctx, "semua", json_true());
		opts = json_array();
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "v", "", "label", "Semua status", "selected", !f.status));
		for (i = APP_DIKIRIM; i < APP__MAX; i++)
			json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "v", app_status_names[i], "label",
							      app_status_labels[i], "selected",
							      f.status && !strcmp(f.status, app_status_names[i])));
		json_object_set_new(ctx, "status_opts", opts);
	}
	opts = json_array();
	for (k = 0; k < c->n; k++)
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "v", c->items[k].kode, "label", c->items[k].nama,
						      "selected", svc && svc == &c->items[k]));
	json_object_set_new(ctx, "layanan_opts", opts);
	opts = json_array();
	for (i = 0; i < SORT__MAX; i++)
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "v", wf_sort_names[i], "label", sort_labels[i],
						      "selected", f.sort == (enum wf_sort)i));
	json_object_set_new(ctx, "urut_opts", opts);
	json_object_set_new(ctx, "grup_opts", grup_options(db, &f));

	/* the pager's links carry the filter */
	buf_adds(&base, "/staf/pengajuan?");
	if (f.queue != Q__MAX)
		buf_addf(&base, "antrean=%s&", wf_queue_names[f.queue]);
	if (f.status)
		buf_addf(&base, "status=%s&", f.status);
	if (svc) {
		buf_adds(&base, "layanan=");
		web_url_encode(&base, svc->kode);
		buf_addc(&base, '&');
	}
	if (*qt) {
		buf_adds(&base, "q=");
		web_url_encode(&base, qt);
		buf_addc(&base, '&');
	}
	if (f.by_grup)
		buf_addf(&base, "grup=%lld&", (long long)f.grup_id);
	buf_addf(&base, "urut=%s&", wf_sort_names[f.sort]);
	if (f.terlambat)
		buf_adds(&base, "terlambat=1&");
	web_pager(r, ctx, base.ptr, page, pages, capped ? (long)json_array_size(rows) == web_page_size() : page < pages,
		  capped);
	buf_release(&base);
	json_object_set_new(ctx, "ada", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "total_lebih", json_boolean(capped));
	json_object_set_new(ctx, "q", json_string(qt));
	json_object_set_new(ctx, "terlambat", json_boolean(f.terlambat));
	json_object_set_new(ctx, "filtered", json_boolean(*qt || svc || f.status || f.terlambat || f.by_grup));
	json_object_set_new(ctx, "peringatan", warn);
	json_object_set_new(ctx, "ada_peringatan", json_boolean(json_array_size(warn) > 0));
	/* the signing queue: check several and sign them with one passphrase */
	json_object_set_new(ctx, "tte_banyak", json_boolean(f.queue == Q_TTE && wf_may(MOVE_TERBIT_TTE, roles) &&
							    json_array_size(rows) > 0));
	web_render(r, 200, "staf/pengajuan_list", ctx);
}

/* ---- the application screen ------------------------------------------- */

/*
 * What a refused move hands back to the page: the form it came from, its
 * errors and the values typed (both consumed), and why a move was refused.
 */
struct refusal {
	const char *form;
	json_t *errors;
	json_t *values;
	const char *why;
};

/* Options of a select from [{kode, nama|label}], one selected; entries
 * flagged skip_key (when not NULL) are left out. */
static json_t *options(const json_t *list, const char *label_key, const char *skip_key, const char *selected)
{
	json_t *out = json_array(), *v;
	size_t i;

	json_array_foreach(list, i, v) {
		const char *kode = json_string_value(json_object_get(v, "kode"));
		const char *label = json_string_value(json_object_get(v, label_key));

		if (!kode || (skip_key && json_is_true(json_object_get(v, skip_key))))
			continue;
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "v", kode, "label", label ? label : kode,
						     "selected", selected && !strcmp(selected, kode)));
	}
	return out;
}

/* Decorates the officer's view of an application for the template. */
static void dress_detail(struct req *r, json_t *d, int64_t staf_id)
{
	json_t *v, *e, *ditangani = json_object_get(d, "ditangani"), *mode = json_object_get(d, "mode");
	size_t i, k;
	const char *status = json_string_value(json_object_get(d, "status"));
	enum app_status s = app_status_from(status ? status : "");

	json_object_set_new(d, "badge", json_string(status_badge(status)));
	web_app_dates(r, d);
	add_time(r, d, "dikirim_at");
	add_time(r, d, "created_at");
	if (!json_string_length(json_object_get(d, "nik")))
		json_object_set_new(d, "nik", json_string("Belum memiliki NIK"));
	json_object_set_new(d, "ada_peringatan", json_boolean(json_array_size(json_object_get(d, "peringatan")) > 0));
	json_object_set_new(d, "ada_perubahan", json_boolean(json_array_size(json_object_get(d, "perubahan")) > 0));
	if (json_is_object(ditangani)) {
		int mine = json_integer_value(json_object_get(ditangani, "id")) == staf_id;

		add_time(r, ditangani, "at");
		json_object_set_new(ditangani, "saya", json_boolean(mine));
		json_object_set_new(ditangani, "orang_lain", json_boolean(!mine));
	} else {
		json_object_del(d, "ditangani");
	}
	if (json_integer_value(json_object_get(mode, "grup_id"))) {
		const char *jl = json_string_value(json_object_get(mode, "jenis_label"));

		json_object_set_new(mode, "grup", json_true());
		json_object_set_new(mode, "teks", json_string(arena_printf(r->a, "Grup %s%s%s%s",
				json_string_value(json_object_get(mode, "nama")), jl ? " (" : "", jl ? jl : "", jl ? ")" : "")));
	} else if (mode) {
		json_object_set_new(mode, "teks", json_string("Pemohon Pribadi"));
	}
	/* supporting documents: images open in the viewer, PDFs download */
	json_array_foreach(json_object_get(d, "dokumen"), i, v) {
		json_array_foreach(json_object_get(v, "file"), k, e) {
			const char *mime = json_string_value(json_object_get(e, "mime"));

			json_object_set_new(e, "is_pdf", json_boolean(mime && !strcmp(mime, "application/pdf")));
			json_object_set_new(e, "jenis_nama", json_incref(json_object_get(v, "nama")));
		}
		json_object_set_new(v, "ada_file", json_boolean(json_array_size(json_object_get(v, "file")) > 0));
	}
	json_array_foreach(json_object_get(d, "langkah"), i, v) {
		json_int_t baku = json_integer_value(json_object_get(v, "baku_menit"));

		json_object_set_new(v, "baku_tampil", json_string(duration_text(r, (int64_t)baku * 60)));
		json_object_set_new(v, "sudah", json_boolean(json_array_size(json_object_get(v, "dicatat")) > 0));
		json_array_foreach(json_object_get(v, "dicatat"), k, e) {
			json_int_t dur = json_integer_value(json_object_get(e, "durasi"));

			add_time(r, e, "waktu");
			json_object_set_new(e, "durasi_tampil", json_string(duration_text(r, (int64_t)dur)));
		}
	}
	json_array_foreach(json_object_get(d, "dokumen_jadi"), i, v) {
		json_int_t n = json_integer_value(json_object_get(v, "ukuran"));

		add_time(r, v, "created_at");
		json_object_set_new(v, "ukuran_tampil", json_string(n >= 1024 * 1024
			? arena_printf(r->a, "%.1f MB", (double)n / (1024.0 * 1024.0))
			: arena_printf(r->a, "%lld KB", (long long)((n + 1023) / 1024))));
	}
	json_object_set_new(d, "ada_dokumen_jadi", json_boolean(json_array_size(json_object_get(d, "dokumen_jadi")) > 0));
	json_array_foreach(json_object_get(d, "riwayat"), i, v)
		add_time(r, v, "waktu");
	{
		const char *cara = json_string_value(json_object_get(d, "cara_selesai"));

		for (i = 0; cara && i < CARA__MAX; i++)
			if (!strcmp(cara, wf_cara_names[i]))
				json_object_set_new(d, "cara_selesai_label", json_string(wf_cara_labels[i]));
	}
	/* waiting for the signer: the signing form (for those who may sign) */
	json_object_set_new(d, "menunggu_tte", json_boolean(s == APP_DIPROSES && json_is_true(json_object_get(d, "tte_wajib")) &&
						      (json_string_value(json_object_get(d, "antrean")) &&
						       !strcmp(json_string_value(json_object_get(d, "antrean")), "tte"))));
}

/*
 * The signed state of each finished document (tte_documents; the officer's
 * right to see the application was checked by wf_detail, so the applicant
 * is not named: 0). Adds to every dokumen_jadi entry ttd (signed), status,
 * status_label, the WIB times, the verification link and the revoke form's
 * flag; d.ada_ttd when any is signed and not revoked. Sets the page's
 * permissions for the TTE forms in ctx.
 */
static void dress_signed(struct req *r, json_t *ctx, json_t *d, const char *kode, int roles)
{
	json_t *docs = tte_documents(db_thread(), NULL, kode), *v, *t;
	size_t i, k;
	int live = 0, any = 0;

	json_array_foreach(json_object_get(d, "dokumen_jadi"), i, v) {
		json_int_t id = json_integer_value(json_object_get(v, "id"));

		json_array_foreach(docs, k, t) {
			const char *st = json_string_value(json_object_get(t, "status"));
			const char *code = json_string_value(json_object_get(t, "kode_verifikasi"));

			if (json_integer_value(json_object_get(t, "id")) != id || !code || !*code)
				continue;
			any = 1;
			json_object_set_new(v, "ttd", json_true());
			json_object_set(v, "status", json_object_get(t, "status"));
			json_object_set(v, "status_label", json_object_get(t, "status_label"));
			json_object_set_new(v, "status_badge",
					    json_string(!st ? "secondary" : !strcmp(st, "tersedia") ? "success"
						       : !strcmp(st, "diunduh") ? "info" : !strcmp(st, "dicabut") ? "danger"
						       : "secondary"));
			json_object_set(v, "kode_verifikasi", json_object_get(t, "kode_verifikasi"));
			json_object_set_new(v, "verifikasi_url", json_string(arena_printf(r->a, "%s/verifikasi/%s",
				g_cfg.base_url ? g_cfg.base_url : "", code)));
			json_object_set_new(v, "verifikasi_path", json_string(arena_printf(r->a, "/verifikasi/%s", code)));
			json_object_set(v, "ditandatangani_at", json_object_get(t, "ditandatangani_at"));
			json_object_set(v, "unduh_sampai", json_object_get(t, "unduh_sampai"));
			json_object_set(v, "diunduh_at", json_object_get(t, "diunduh_at"));
			add_time(r, v, "ditandatangani_at");
			add_time(r, v, "unduh_sampai");
			add_time(r, v, "diunduh_at");
			/* set on every entry: the template must not fall back on the page's flag */
			json_object_set_new(v, "boleh_cabut", json_boolean(st && strcmp(st, "dicabut") && tte_may_revoke(roles)));
			if (st && strcmp(st, "dicabut"))
				live = 1;
		}
	}
	json_decref(docs);
	json_object_set_new(d, "ada_ttd", json_boolean(any));
	json_object_set_new(ctx, "boleh_tte", json_boolean(json_is_true(json_object_get(d, "menunggu_tte")) &&
							 wf_may(MOVE_TERBIT_TTE, roles)));
	json_object_set_new(ctx, "boleh_terbit_ulang", json_boolean(live && tte_may_reissue(roles)));
	json_object_set_new(ctx, "boleh_cabut", json_boolean(live && tte_may_revoke(roles)));
}

/*
 * Renders the application screen. rf (may be NULL) carries the errors of a
 * refused form; status is 200, 409 or 422.
 */
static void render_detail(struct req *r, int status, int64_t staf_id, int roles, const char *kode, struct refusal *rf)
{
	struct db *db = db_thread();
	struct wf_actor a = actor_of(r, staf_id, roles);
	json_t *d, *ctx, *forms, *f, *v, *boleh;
	const char *antrean, *key;
	int64_t id = 0;
	enum wf_queue q;
	size_t i;

	/* a refused form shows the screen again: its viewing is audited once */
	d = rf ? wf_detail_after_move(db, &a, kode) : wf_detail(db, &a, kode, NULL);
	if (d)
		id = (int64_t)json_integer_value(json_object_get(d, "id"));
	if (!d) {
		if (rf) {
			json_decref(rf->errors);
			json_decref(rf->values);
		}
		http_error(r, 404, msg_not_found);
		return;
	}
	dress_detail(r, d, staf_id);
	ctx = web_ctx(r, arena_printf(r->a, "Pengajuan %s", kode));
	add_static_versions(ctx);
	dress_signed(r, ctx, d, kode, roles);
	antrean = json_string_value(json_object_get(d, "antrean"));
	q = antrean ? wf_queue_from(antrean) : Q__MAX;
	if (q != Q__MAX && (wf_queue_roles(q) & roles)) {
		json_object_set_new(ctx, queue_menu[q], json_true());
		json_object_set_new(ctx, "kembali", json_pack("{s:s, s:s}", "href",
							    arena_printf(r->a, "/staf/pengajuan?antrean=%s", wf_queue_names[q]),
							    "label", wf_queue_labels[q]));
	} else {
		json_object_set_new(ctx, "menu_pengajuan", json_true());
		json_object_set_new(ctx, "kembali", json_pack("{s:s, s:s}", "href", "/staf/pengajuan", "label", "Semua Pengajuan"));
	}

	/* every form starts with its own empty errors and values; a refused
	 * one gets back what was typed */
	forms = json_object();
	{
		static const char *const names[] = { "setujui", "kembalikan", "batalkan", "langkah", "pilihan",
						     "dokumen_jadi", "selesai", "chat", "tte", "terbitkan_ulang",
						     "cabut" };

		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			json_object_set_new(forms, names[i], json_pack("{s:{}, s:{}}", "errors", "values"));
	}
	if (rf) {
		json_t *summary = json_array();

		json_object_foreach(rf->errors, key, v)
			if (json_is_string(v))
				json_array_append(summary, v);
		if (json_array_size(summary))
			json_object_set_new(ctx, "ringkasan_error", summary);
		else
			json_decref(summary);
		if (rf->form && (f = json_object_get(forms, rf->form))) {
			if (rf->errors)
				json_object_set(f, "errors", rf->errors);
			if (rf->values)
				json_object_set(f, "values", rf->values);
			json_object_set_new(f, "buka", json_true());
		}
		json_decref(rf->errors);
		json_decref(rf->values);
		if (rf->why)
			json_object_set_new(ctx, "alasan_tolak", json_string(rf->why));
	}
	f = json_object_get(forms, "langkah");
	json_object_set_new(f, "opsi", options(json_object_get(d, "langkah"), "nama", "oleh_penandatangan",
					       json_string_value(json_object_get(json_object_get(f, "values"), "langkah"))));
	f = json_object_get(forms, "dokumen_jadi");
	json_object_set_new(f, "opsi", options(json_object_get(d, "dokumen_jadi_jenis"), "nama", NULL,
					       json_string_value(json_object_get(json_object_get(f, "values"), "jenis"))));
	f = json_object_get(forms, "selesai");
	json_object_set_new(f, "opsi", options(json_object_get(d, "cara_pilihan"), "label", NULL,
					       json_string_value(json_object_get(json_object_get(f, "values"), "cara"))));
	f = json_object_get(forms, "pilihan");
	{
		json_t *opts = json_array();
		const char *sel = json_string_value(json_object_get(json_object_get(f, "values"), "pilihan"));

		for (i = DELIV_OTOMATIS + 1; i < DELIV__MAX; i++)
			json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "v", app_delivery_names[i], "label",
							      app_delivery_labels[i], "selected",
							      sel && !strcmp(sel, app_delivery_names[i])));
		json_object_set_new(f, "opsi", opts);
	}
	json_object_set_new(ctx, "f", forms);
	/* a refused revocation: its error and reason go back to its document */
	f = json_object_get(json_object_get(forms, "cabut"), "values");
	if (json_object_get(f, "id")) {
		json_t *errs = json_object_get(json_object_get(forms, "cabut"), "errors");

		json_array_foreach(json_object_get(d, "dokumen_jadi"), i, v)
			if (json_integer_value(json_object_get(v, "id")) == json_integer_value(json_object_get(f, "id"))) {
				json_object_set(v, "cabut_alasan", json_object_get(f, "alasan"));
				json_object_set(v, "cabut_error", json_object_get(errs, "alasan"));
				json_object_set_new(v, "cabut_buka", json_true());
			}
	}

	/* what the officer may do here (the domain's answer) */
	boleh = json_object_get(d, "boleh");
	json_object_set_new(ctx, "ada_aksi", json_boolean(json_is_true(json_object_get(boleh, "setujui")) ||
							 json_is_true(json_object_get(boleh, "kembalikan")) ||
							 json_is_true(json_object_get(boleh, "batalkan")) ||
							 json_is_true(json_object_get(boleh, "langkah")) ||
							 json_is_true(json_object_get(boleh, "pilihan")) ||
							 json_is_true(json_object_get(boleh, "dokumen_jadi")) ||
							 json_is_true(json_object_get(boleh, "selesai")) ||
							 json_is_true(json_object_get(ctx, "boleh_tte")) ||
							 json_is_true(json_object_get(ctx, "boleh_terbit_ulang"))));
	json_object_set_new(ctx, "upload_max_mb", json_string(arena_printf(r->a, "%.1f",
		(double)g_cfg.upload_max / (1024.0 * 1024.0))));
	/* the finished-document upload checks the size before sending (unggah.js) */
	json_object_set_new(ctx, "upload_max_byte", json_integer((json_int_t)g_cfg.upload_max));
	json_object_set_new(ctx, "unggah_v", json_string(http_static_version("/static/js/unggah.js")));

	web_chat(r, ctx, id, CHAT_STAF, arena_printf(r->a, "/staf/pengajuan/%s", kode));
	json_object_set_new(ctx, "boleh_chat", json_boolean((roles & CHAT_ROLES) && json_is_true(json_object_get(boleh, "chat"))));
	json_object_set_new(ctx, "p", d);
	web_render(r, status, "staf/pengajuan_detail", ctx);
}

void staf_pengajuan_detail(struct req *r)
{
	const char *kode = path_kode(r);
	int64_t id;
	int roles;

	if (!(id = web_need_staf(r, 0, &roles)))
		return;
	if (!kode) {
		http_error(r, 404, msg_not_found);
		return;
	}
	render_detail(r, 200, id, roles, kode, NULL);
}

/* ---- moves ------------------------------------------------------------- */

/*
 * The officer posting a move: logged in, holding a role that may make move
 * (MOVE__MAX: any officer), on a path naming an application. The code of
 * the application with *a and *out ready, or NULL after answering.
 */
static const char *move_guard(struct req *r, enum app_move move, struct wf_actor *a, struct wf_out *out)
{
	const char *kode;
	int64_t id;
	int roles;

	if (!(id = web_need_staf(r, 0, &roles)))
		return NULL;
	if (move != MOVE__MAX && !wf_may(move, roles)) {
		http_error(r, 403, msg_forbidden);
		return NULL;
	}
	if (!(kode = path_kode(r))) {
		http_error(r, 404, msg_not_found);
		return NULL;
	}
	*a = actor_of(r, id, roles);
	memset(out, 0, sizeof *out);
	out->errors = json_object();
	return kode;
}

/*
 * Answers the outcome of a move: success -> flash and 303 to next (the
 * detail page when NULL); refused -> the application screen again, 422
 * with the form's errors and values, 409 with why. values consumed;
 * out->errors too.
 */
static void answer(struct req *r, enum app_rc rc, const struct wf_actor *a, const char *kode, const char *form,
		   struct wf_out *out, json_t *values, const char *flash, const char *next)
{
	struct refusal rf = { .form = form, .errors = out->errors, .values = values };

	switch (rc) {
	case APP_OK:
		json_decref(out->errors);
		json_decref(values);
		if (flash)
			web_flash(r, flash);
		http_redirect(r, next ? next : arena_printf(r->a, "/staf/pengajuan/%s", kode));
		return;
	case APP_INVALID:
		render_detail(r, 422, a->id, a->roles, kode, &rf);
		return;
	case APP_STATE:
		rf.why = out->why[0] ? arena_strdup(r->a, out->why)
				     : "Tindakan ini tidak dapat dilakukan pada status pengajuan sekarang.";
		render_detail(r, 409, a->id, a->roles, kode, &rf);
		return;
	case APP_NOT_FOUND:
		json_decref(out->errors);
		json_decref(values);
		http_error(r, 404, msg_not_found);
		return;
	default:
		json_decref(out->errors);
		json_decref(values);
		http_error(r, 500, NULL);
		return;
	}
}

void staf_pengajuan_ambil(struct req *r)
{
	const char *kode;
	struct wf_out out;
	struct wf_actor a;
	int force;

	if (!(kode = move_guard(r, MOVE__MAX, &a, &out)))
		return;
	force = !strcmp(web_field(r, "paksa"), "1");
	answer(r, wf_take(db_thread(), &a, kode, force, &out), &a, kode, NULL, &out, NULL,
	       force ? arena_printf(r->a, "Pengajuan %s diambil alih dan sekarang Anda tangani.", kode)
		     : arena_printf(r->a, "Pengajuan %s sekarang Anda tangani. Petugas lain melihat bahwa pengajuan ini sedang Anda tangani.", kode),
	       NULL);
}

void staf_pengajuan_lepas(struct req *r)
{
	const char *kode;
	struct wf_out out;
	struct wf_actor a;

	if (!(kode = move_guard(r, MOVE__MAX, &a, &out)))
		return;
	answer(r, wf_release(db_thread(), &a, kode, &out), &a, kode, NULL, &out, NULL,
	       arena_printf(r->a, "Pengajuan %s dilepas; petugas lain dapat menanganinya.", kode), NULL);
}

/* A move of staf_moves.h: its text fields, then the domain. */
static void text_move(struct req *r, enum staf_move which)
{
	const struct staf_move_def *m = &staf_moves[which];
	const char *kode, *in[STAF_MOVE_INPUTS] = { NULL };
	struct wf_out out;
	struct wf_actor a;
	json_t *values;
	int i;

	if (!(kode = move_guard(r, m->move, &a, &out)))
		return;
	values = json_object();
	for (i = 0; m->inputs[i]; i++) {
		in[i] = web_field(r, m->inputs[i]);
		json_object_set_new(values, m->inputs[i], json_string(in[i]));
	}
	answer(r, m->run(db_thread(), &a, kode, in, &out), &a, kode, m->form, &out, values,
	       m->names_kode ? arena_printf(r->a, "Pengajuan %s %s", kode, m->flash) : m->flash, m->next);
}

void staf_pengajuan_setujui(struct req *r)
{
	text_move(r, SM_SETUJUI);
}

void staf_pengajuan_kembalikan(struct req *r)
{
	text_move(r, SM_KEMBALIKAN);
}

void staf_pengajuan_batalkan(struct req *r)
{
	text_move(r, SM_BATALKAN);
}

void staf_pengajuan_langkah(struct req *r)
{
	text_move(r, SM_LANGKAH);
}

void staf_pengajuan_pilihan(struct req *r)
{
	text_move(r, SM_PILIHAN);
}

void staf_pengajuan_selesai(struct req *r)
{
	text_move(r, SM_SELESAI);
}

void staf_pengajuan_dokumen_jadi(struct req *r)
{
	const struct upload *file;
	const char *kode, *jenis;
	struct wf_out out;
	struct wf_actor a;
	int64_t doc = 0;
	enum app_rc rc;

	if (!(kode = move_guard(r, MOVE_PROSES, &a, &out)))
		return;
	jenis = web_field(r, "jenis");
	file = web_upload(r, "file");
	if (http_too_large(r)) {
		/* answered 413 (the server's turn of this 422) */
		json_object_set_new(out.errors, "file", json_string(http_too_large(r)));
		rc = APP_INVALID;
	} else if (!file || !file->len) {
		json_object_set_new(out.errors, "file", json_string("Pilih file PDF dokumen jadi yang akan diunggah."));
		rc = APP_INVALID;
	} else {
		rc = wf_attach(db_thread(), &a, kode, jenis, file->data, file->len, file->filename, g_cfg.files_dir,
			       &out, &doc);
	}
	answer(r, rc, &a, kode, "dokumen_jadi", &out, json_pack("{s:s}", "jenis", jenis),
	       "Dokumen jadi diunggah.", arena_printf(r->a, "/staf/pengajuan/%s#dokumen-jadi", kode));
}

void staf_pengajuan_dokumen_jadi_hapus(struct req *r)
{
	const char *kode;
	struct wf_out out;
	struct wf_actor a;
	int64_t doc;

	if (!(kode = move_guard(r, MOVE_PROSES, &a, &out)))
		return;
	doc = web_positive_int(r->args[1], 18);
	if (!doc) {
		json_decref(out.errors);
		http_error(r, 404, "Dokumen tidak ditemukan.");
		return;
	}
	answer(r, wf_detach(db_thread(), &a, kode, doc, g_cfg.files_dir, &out), &a, kode, "dokumen_jadi", &out, NULL,
	       "Dokumen jadi dihapus.", arena_printf(r->a, "/staf/pengajuan/%s#dokumen-jadi", kode));
}

void staf_pengajuan_chat(struct req *r)
{
	struct db *db = db_thread();
	struct wf_actor a;
	const char *kode, *isi;
	json_t *errors;
	int64_t id, app_id = 0;
	enum chat_rc rc;
	long retry;
	int roles;

	if (!(id = web_need_staf(r, 0, &roles)))
		return;
	if (!(roles & CHAT_ROLES)) {
		http_error(r, 403, "Hanya petugas dengan peran Administrator, Verifikator atau Operator yang dapat membalas pesan.");
		return;
	}
	/* only on a sent application of a service the officer serves */
	a = actor_of(r, id, roles);
	if (!(kode = path_kode(r)) || !(app_id = wf_app_id(db, &a, kode))) {
		http_error(r, 404, msg_not_found);
		return;
	}
	isi = http_form(r, "isi");
	errors = json_object();
	rc = chat_post(db, app_id, CHAT_STAF, id, isi, errors, &retry);
	if (rc == CHAT_OK) {
		json_decref(errors);
		http_redirect(r, arena_printf(r->a, "/staf/pengajuan/%s#chat", kode));
		return;
	}
	if (rc == CHAT_ERR) {
		json_decref(errors);
		http_error(r, 500, NULL);
		return;
	}
	if (rc == CHAT_LIMIT)
		web_retry(r, retry);
	{
		struct refusal rf = { .form = "chat", .errors = errors,
				      .values = json_pack("{s:s}", "isi", isi ? isi : "") };

		render_detail(r, rc == CHAT_LIMIT ? 429 : 422, id, roles, kode, &rf);
	}
}

/* ---- signed documents (TTE) -------------------------------------------- */

static const char msg_locked[] = "Terlalu banyak passphrase salah. Penandatanganan dikunci sementara; coba lagi beberapa menit lagi.";
static const char msg_signer_down[] = "Layanan tanda tangan elektronik sedang tidak dapat dihubungi. Tidak ada dokumen yang ditandatangani; coba lagi nanti.";

/*
 * Answers the outcome of a TTE action as answer() does for moves, plus a
 * wrong passphrase (422 on the form), throttling (429) and an unreachable
 * signer (503). values and out->errors consumed.
 */
static void tte_answer(struct req *r, enum tte_rc rc, const struct wf_actor *a, const char *kode, const char *form,
		       struct wf_out *out, json_t *values, const char *flash, const char *next)
{
	struct refusal rf = { .form = form, .errors = out->errors, .values = values };

	switch (rc) {
	case TTE_OK:
		answer(r, APP_OK, a, kode, form, out, values, flash, next);
		return;
	case TTE_INVALID:
		answer(r, APP_INVALID, a, kode, form, out, values, flash, next);
		return;
	case TTE_STATE:
		answer(r, APP_STATE, a, kode, form, out, values, flash, next);
		return;
	case TTE_NOT_FOUND:
		answer(r, APP_NOT_FOUND, a, kode, form, out, values, flash, next);
		return;
	case TTE_BAD_PASSPHRASE:
		json_object_set_new(out->errors, "passphrase",
				    json_string("Passphrase salah. Tidak ada dokumen yang ditandatangani."));
		render_detail(r, 422, a->id, a->roles, kode, &rf);
		return;
	case TTE_LOCKED:
		rf.why = msg_locked;
		render_detail(r, 429, a->id, a->roles, kode, &rf);
		return;
	case TTE_SIGNER_DOWN:
		rf.why = out->why[0] ? arena_strdup(r->a, out->why) : msg_signer_down;
		render_detail(r, 503, a->id, a->roles, kode, &rf);
		return;
	default:
		answer(r, APP_ERR, a, kode, form, out, values, flash, next);
		return;
	}
}

void staf_tte_tandatangani(struct req *r)
{
	const char *kode, *pass;
	struct wf_out out;
	struct wf_actor a;
	enum tte_rc rc;

	if (!(kode = move_guard(r, MOVE_TERBIT_TTE, &a, &out)))
		return;
	/* the passphrase is taken as typed (no trimming) and never sent back */
	pass = http_form(r, "passphrase");
	if (!pass || !*pass) {
		json_object_set_new(out.errors, "passphrase", json_string("Passphrase wajib diisi."));
		rc = TTE_INVALID;
	} else {
		rc = tte_sign(db_thread(), &a, kode, pass, &out);
	}
	tte_answer(r, rc, &a, kode, "tte", &out, json_object(),
		   arena_printf(r->a, "Dokumen jadi pengajuan %s sudah ditandatangani secara elektronik. Pemohon diberi tahu.", kode),
		   arena_printf(r->a, "/staf/pengajuan/%s#dokumen-jadi", kode));
}

void staf_tte_terbitkan_ulang(struct req *r)
{
	const char *kode, *alasan;
	struct wf_out out;
	struct wf_actor a;
	int64_t id;
	int roles;
	enum tte_rc rc;

	if (!(id = web_need_staf(r, 0, &roles)))
		return;
	if (!tte_may_reissue(roles)) {
		http_error(r, 403, msg_forbidden);
		return;
	}
	if (!(kode = move_guard(r, MOVE__MAX, &a, &out)))
		return;
	alasan = web_field(r, "alasan");
	if (!*alasan) {
		json_object_set_new(out.errors, "alasan", json_string("Alasan penerbitan ulang wajib diisi."));
		rc = TTE_INVALID;
	} else {
		rc = tte_reissue(db_thread(), &a, kode, alasan, &out);
	}
	tte_answer(r, rc, &a, kode, "terbitkan_ulang", &out, json_pack("{s:s}", "alasan", alasan),
		   arena_printf(r->a, "Dokumen TTE pengajuan %s diterbitkan ulang; pemohon dapat mengunduhnya kembali.", kode),
		   arena_printf(r->a, "/staf/pengajuan/%s#dokumen-jadi", kode));
}

void staf_tte_cabut(struct req *r)
{
	const char *kode, *alasan;
	struct wf_out out;
	struct wf_actor a;
	int64_t sid, doc;
	int roles;
	enum tte_rc rc;

	if (!(sid = web_need_staf(r, 0, &roles)))
		return;
	if (!tte_may_revoke(roles)) {
		http_error(r, 403, msg_forbidden);
		return;
	}
	doc = web_path_id(r, 0);
	kode = web_field(r, "kode");
	if (!doc || !app_code_ok(kode)) {
		http_error(r, 404, "Dokumen tidak ditemukan.");
		return;
	}
	a = actor_of(r, sid, roles);
	memset(&out, 0, sizeof out);
	out.errors = json_object();
	alasan = web_field(r, "alasan");
	if (!*alasan) {
		json_object_set_new(out.errors, "alasan", json_string("Alasan pencabutan wajib diisi."));
		rc = TTE_INVALID;
	} else {
		rc = tte_revoke(db_thread(), &a, doc, alasan, &out);
	}
	if (rc == TTE_NOT_FOUND) {
		json_decref(out.errors);
		http_error(r, 404, "Dokumen tidak ditemukan.");
		return;
	}
	tte_answer(r, rc, &a, kode, "cabut", &out, json_pack("{s:I, s:s}", "id", (json_int_t)doc, "alasan", alasan),
		   "Dokumen TTE dicabut. Verifikasi dokumen ini sekarang menyatakan \"dicabut\".",
		   arena_printf(r->a, "/staf/pengajuan/%s#dokumen-jadi", kode));
}

/*
 * The signer signs the checked applications of the signing queue with one
 * passphrase, one after another; a wrong passphrase (or the lock) stops
 * the batch, since every later attempt would fail the same way and count
 * against the signer.
 */
void staf_tte_tandatangani_banyak(struct req *r)
{
	struct db *db = db_thread();
	struct wf_actor a;
	const char *pass, *kode, *pesan = NULL;
	json_t *ctx, *rows;
	size_t n, i;
	int64_t id;
	int roles, status = 200, berhasil = 0, stop = 0;

	if (!(id = web_need_staf(r, 0, &roles)))
		return;
	if (!wf_may(MOVE_TERBIT_TTE, roles)) {
		http_error(r, 403, msg_forbidden);
		return;
	}
	a = actor_of(r, id, roles);
	pass = http_form(r, "passphrase");
	n = params_count_key(&r->form, "kode");
	rows = json_array();
	if (!n) {
		status = 422;
		pesan = "Pilih (centang) sedikitnya satu pengajuan yang akan ditandatangani.";
	} else if (n > TTE_BATCH_MAX) {
		status = 422;
		pesan = arena_printf(r->a, "Paling banyak %d pengajuan dapat ditandatangani sekaligus.", TTE_BATCH_MAX);
	} else if (!pass || !*pass) {
		status = 422;
		pesan = "Passphrase wajib diisi.";
	}
	for (i = 0; !pesan && i < n; i++) {
		struct wf_out out;
		const char *hasil;
		enum tte_rc rc;
		int ok = 0;

		kode = params_get_nth(&r->form, "kode", i);
		if (stop) {
			json_array_append_new(rows, json_pack("{s:s, s:b, s:s}", "kode", kode, "ok", 0, "hasil",
							      "Tidak diproses (penandatanganan dihentikan)."));
			continue;
		}
		if (!app_code_ok(kode)) {
			json_array_append_new(rows, json_pack("{s:s, s:b, s:s}", "kode", kode, "ok", 0, "hasil",
							      "Kode pengajuan tidak sah."));
			continue;
		}
		memset(&out, 0, sizeof out);
		out.errors = json_object();
		rc = tte_sign(db, &a, kode, pass, &out);
		switch (rc) {
		case TTE_OK:
			ok = 1;
			berhasil++;
			hasil = "Ditandatangani; pemohon diberi tahu.";
			break;
		case TTE_NOT_FOUND:
			hasil = "Pengajuan tidak ditemukan.";
			break;
		case TTE_STATE:
		case TTE_INVALID:
			hasil = out.why[0] ? arena_strdup(r->a, out.why) : "Tidak dapat ditandatangani pada status sekarang.";
			break;
		case TTE_BAD_PASSPHRASE:
			hasil = "Passphrase salah. Penandatanganan dihentikan.";
			status = 422;
			stop = 1;
			break;
		case TTE_LOCKED:
			hasil = msg_locked;
			status = 429;
			stop = 1;
			break;
		case TTE_SIGNER_DOWN:
			hasil = msg_signer_down;
			status = 503;
			stop = 1;
			break;
		default:
			hasil = "Terjadi kesalahan; dokumen tidak ditandatangani.";
			break;
		}
		json_decref(out.errors);
		json_array_append_new(rows, json_pack("{s:s, s:b, s:s}", "kode", kode, "ok", ok, "hasil", hasil));
	}
	ctx = web_ctx(r, "Hasil Penandatanganan");
	add_static_versions(ctx);
	json_object_set_new(ctx, "menu_tte", json_true());
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "berhasil", json_integer(berhasil));
	json_object_set_new(ctx, "jumlah", json_integer((json_int_t)n));
	if (pesan)
		json_object_set_new(ctx, "pesan", json_string(pesan));
	if (stop)
		json_object_set_new(ctx, "berhenti", json_true());
	web_render(r, status, "staf/pengajuan_tte_hasil", ctx);
}

/* ---- files ------------------------------------------------------------- */

void staf_pengajuan_dokumen_jadi_file(struct req *r)
{
	struct wf_actor a;
	const char *kode = path_kode(r);
	char path[1024], name[256];
	int64_t id, doc;
	int roles;

	if (!(id = web_need_staf(r, 0, &roles)))
		return;
	a = actor_of(r, id, roles);
	doc = web_positive_int(r->args[1], 18);
	if (!kode || !doc ||
	    wf_attachment_file(db_thread(), &a, kode, doc, g_cfg.files_dir, path, sizeof path, name, sizeof name) < 0 ||
	    http_file(r, path, "application/pdf", name, 1) < 0) {
		http_error(r, 404, "Dokumen tidak ditemukan.");
		return;
	}
	http_add_header(r, "Cache-Control", "private, no-store");
}

static void send_document(struct req *r, int thumb)
{
	struct wf_actor a;
	int64_t id, doc;
	int roles;

	if (!(id = web_need_staf(r, 0, &roles)))
		return;
	a = actor_of(r, id, roles);
	doc = web_positive_int(r->args[0], 18);
	/* outside the officer's services it reads like an unknown one */
	if (doc && !wf_may_see_document(db_thread(), &a, doc))
		doc = 0;
	web_send_document(r, NULL, doc, thumb, 0);
}

void staf_dokumen_file(struct req *r)
{
	send_document(r, 0);
}

void staf_dokumen_thumb(struct req *r)
{
	send_document(r, 1);
}
