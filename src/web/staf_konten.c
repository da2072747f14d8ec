// SPDX-License-Identifier: MIT
// Admin pages for published content: the service catalog editor, information posts and downloadable forms.
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "domain/catalog.h"
#include "domain/grup.h"
#include "domain/info.h"
#include "lib/config.h"
#include "lib/image.h"
#include "lib/log.h"
#include "view/markdown.h"
#include "web/web.h"

/* Row indices scanned in a list section (d0_.. d59_): more than any
 * service has, fewer than the request's field limit allows anyway. */
#define FORM_ROWS 60
/* Blank rows offered under a list for browsers without JavaScript. */
#define BLANK_ROWS 2
#define MAX_ORDER 9999

#define MSG_SAVED "Perubahan disimpan. Versi baru berlaku untuk pengajuan baru; pengajuan yang sudah dibuat tetap memakai versi lamanya."
#define MSG_UNCHANGED "Tidak ada perubahan yang perlu disimpan."
#define MSG_INVALID "Perubahan belum disimpan. Periksa kembali isian yang ditandai merah."
#define MSG_NO_INFO "Informasi tidak ditemukan."
#define MSG_NO_FORM "Formulir tidak ditemukan."
#define MSG_CONFLICT "Perubahan belum disimpan: layanan ini baru saja diubah oleh petugas lain. Isian Anda masih di bawah; periksa versi terbaru di tab lain bila perlu, lalu simpan kembali."

/* ---- helpers ------------------------------------------------------------- */

static int64_t need_admin(struct req *r)
{
	return web_need_staf(r, STAF_ADMIN, NULL);
}

/* The rows list reads for an admin's list page, or NULL after answering. */
static json_t *admin_rows(struct req *r, json_t *(*list)(struct db *db))
{
	json_t *rows;

	if (!need_admin(r))
		return NULL;
	if (!(rows = list(db_thread())))
		http_error(r, 500, NULL);
	return rows;
}

/* A staff page context with its menu entry highlighted and konten.js. */
static json_t *page_ctx(struct req *r, const char *title, const char *menu)
{
	json_t *ctx = web_ctx(r, title);

	json_object_set_new(ctx, menu, json_true());
	json_object_set_new(ctx, "konten_v", json_string(http_static_version("/static/js/konten.js")));
	return ctx;
}

static const char *fld(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A form field by a printf-built name, trimmed; "" when absent. */
static const char *fld(struct req *r, const char *fmt, ...)
{
	char name[96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	return web_field(r, name);
}

static int has(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 1 when the form carries the field (a ticked checkbox). */
static int has(struct req *r, const char *fmt, ...)
{
	char name[96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	return http_form(r, name) != NULL;
}

/* An integer as typed ("-12", "300"); the text itself when it is not one,
 * so the domain names the problem; NULL for "". */
static json_t *int_or_text(const char *s)
{
	size_t n = strlen(s), d = s[0] == '-' ? 1 : 0;

	if (!n)
		return NULL;
	if (n > d && n - d <= 9 && strspn(s + d, "0123456789") == n - d)
		return json_integer(strtoll(s, NULL, 10));
	return json_string(s);
}

/* A whole number 0..max as typed; -1 when it is not one, -2 when empty. */
static long small_int(const char *s, long max)
{
	size_t n = strlen(s);

	if (!n)
		return -2;
	if (n > 6 || strspn(s, "0123456789") != n || strtol(s, NULL, 10) > max)
		return -1;
	return strtol(s, NULL, 10);
}

static const char *str_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* A number member as text for an input ("" when absent). */
static const char *num_text(struct req *r, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
	return json_is_string(v) ? json_string_value(v) : "";
}

static void set_err(json_t *row, const char *key, const char *msg)
{
	json_t *err = json_object_get(row, "err");

	if (!err) {
		err = json_object();
		json_object_set_new(row, "err", err);
	}
	if (!json_object_get(err, key))
		json_object_set_new(err, key, json_string(msg));
	json_object_set_new(row, "ada_err", json_true());
}

static void add_msg(json_t *msgs, const char *msg)
{
	size_t i;
	json_t *m;

	json_array_foreach(msgs, i, m)
		if (!strcmp(json_string_value(m), msg))
			return;
	json_array_append_new(msgs, json_string(msg));
}

/* "12 KB" (rounded up). */
static const char *size_kb(struct req *r, json_int_t bytes)
{
	return arena_printf(r->a, "%lld KB", (long long)((bytes + 1023) / 1024));
}

/* UTC seconds as a WIB date (YYYY-MM-DD) and time (HH:MM) for inputs. */
static void wib_parts(struct req *r, int64_t t, const char **date, const char **clock)
{
	time_t w = (time_t)t + 7 * 3600;
	struct tm tm;
	char d[16], c[8];

	gmtime_r(&w, &tm);
	strftime(d, sizeof d, "%Y-%m-%d", &tm);
	strftime(c, sizeof c, "%H:%M", &tm);
	*date = arena_strdup(r->a, d);
	*clock = arena_strdup(r->a, c);
}

/* ---- catalog: tabs ------------------------------------------------------- */

enum tab { TAB_UMUM, TAB_TEKS, TAB_ISIAN, TAB_DOKUMEN, TAB_LANGKAH, TAB_JADI, TAB_KETERSEDIAAN, TAB__MAX };

static const char *const tab_slugs[TAB__MAX] = {
	"umum", "teks", "isian", "dokumen", "langkah", "dokumen-jadi", "ketersediaan",
};
static const char *const tab_names[TAB__MAX] = {
	"Umum", "Persyaratan & Proses", "Isian", "Dokumen Persyaratan", "Langkah", "Dokumen Jadi", "Ketersediaan",
};
/* Template flag of each tab. */
static const char *const tab_flags[TAB__MAX] = {
	"tab_umum", "tab_teks", "tab_isian", "tab_dokumen", "tab_langkah", "tab_jadi", "tab_ketersediaan",
};

static enum tab tab_from(const char *s)
{
	for (int i = 0; i < TAB__MAX; i++)
		if (!strcmp(s, tab_slugs[i]))
			return (enum tab)i;
	return TAB__MAX;
}

static const char *tab_url(struct req *r, const char *kode, enum tab t)
{
	return t == TAB_UMUM ? arena_printf(r->a, "/staf/layanan/%s", kode)
			     : arena_printf(r->a, "/staf/layanan/%s/%s", kode, tab_slugs[t]);
}

/* Everything a tab's page needs besides the tab's own view. */
struct edit {
	struct req *r;
	json_t *svc;        /* catalog_admin_get */
	json_t *def;        /* the definition being built (a copy) */
	json_t *view;       /* what the tab's form shows */
	json_t *msgs;       /* problems without a field of their own */
	int aktif, urutan;
	int bad;            /* problems found by the web layer */
	/* list tabs: the view row behind each entry of the new definition */
	json_t *map;
	/* dokumen: example images written for this save */
	char *written[FORM_ROWS];
	size_t nwritten;
};

static const char *svc_kode(const struct edit *e)
{
	return str_of(e->svc, "kode");
}

/* Renders the editor on tab t. */
static void render_edit(struct edit *e, enum tab t, int status, const char *alert)
{
	struct req *r = e->r;
	json_t *ctx, *tabs = json_array(), *s = e->svc;
	const char *kode = svc_kode(e);

	for (int i = 0; i < TAB__MAX; i++)
		json_array_append_new(tabs, json_pack("{s:s, s:s, s:b}", "nama", tab_names[i], "url",
						      tab_url(r, kode, (enum tab)i), "aktif", i == (int)t));
	ctx = page_ctx(r, arena_printf(r->a, "%s — %s", str_of(s, "nama"), tab_names[t]), "menu_layanan");
	json_object_set_new(ctx, "tabs", tabs);
	json_object_set_new(ctx, tab_flags[t], json_true());
	json_object_set_new(ctx, "tab_nama", json_string(tab_names[t]));
	json_object_set_new(ctx, "action", json_string(tab_url(r, kode, t)));
	json_object_set(ctx, "svc", s);
	json_object_set_new(ctx, "berlaku", json_string(web_time_wib(r, json_integer_value(json_object_get(s, "berlaku_at")))));
	json_object_set(ctx, "versi", json_object_get(s, "definisi_id"));
	json_object_set(ctx, "v", e->view);
	if (alert)
		json_object_set_new(ctx, "alert", json_string(alert));
	json_object_set(ctx, "pesan", e->msgs);
	json_object_set_new(ctx, "ada_pesan", json_boolean(json_array_size(e->msgs) > 0));
	json_object_set_new(ctx, "ada_lama", json_boolean(json_integer_value(json_object_get(s, "lama")) > 0));
	/* a blank row for konten.js to copy (__N__ becomes the row number) */
	if (t == TAB_DOKUMEN || t == TAB_LANGKAH || t == TAB_JADI || t == TAB_KETERSEDIAAN)
		json_object_set_new(e->view, "template",
				    json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s}", "n", "__N__", "asal", "",
					      "kode", "", "nama", "", "keterangan", "", "wajib", t == TAB_DOKUMEN, "urutan", "",
					      "menit", "", "tanggal", "", "alasan", ""));
	if (t == TAB_TEKS)
		json_object_set_new(e->view, "teks_max", json_integer(g_cfg.max_field_len < 20000 ? g_cfg.max_field_len : 20000));
	web_render(r, status, "staf/layanan_edit", ctx);
}

/* Attaches a domain error "LIST.I.FIELD" to the view row behind entry I. */
static int attach_list(struct edit *e, const char *list, const char *key, const char *msg)
{
	size_t n = strlen(list);
	const char *f;
	char *end;
	long i;
	json_t *row;

	if (strncmp(key, list, n) || key[n] != '.' || !isdigit((unsigned char)key[n + 1]))
		return 0;
	i = strtol(key + n + 1, &end, 10);
	if (*end != '.' || !json_is_object(row = json_array_get(e->map, (size_t)i)))
		return 0;
	f = end + 1;
	if (!strcmp(f, "waktu_baku_menit"))
		f = "menit";
	else if (!strcmp(f, "max"))
		f = "maks";
	set_err(row, f, msg);
	return 1;
}

/* Puts each domain error next to its field, or in the list above. */
static void map_errors(struct edit *e, enum tab t, json_t *errors)
{
	/* the fields of the Umum and Teks tabs; the list each list tab edits */
	static const char *const umum_keys[] = { "kode", "prefix", "nama", "ringkasan", "ikon", "kelompok",
						 "label_nik", "label_nama", "nik_wajib", NULL };
	static const char *const teks_keys[] = { "persyaratan", "proses", NULL };
	static const char *const lists[TAB__MAX] = {
		[TAB_ISIAN] = "isian", [TAB_DOKUMEN] = "dokumen", [TAB_LANGKAH] = "langkah",
		[TAB_JADI] = "dokumen_jadi", [TAB_KETERSEDIAAN] = "ketersediaan.tutup",
	};
	const char *const *fields = t == TAB_UMUM ? umum_keys : t == TAB_TEKS ? teks_keys : NULL;
	const char *key;
	json_t *m, *row;
	size_t i;

	json_object_foreach(errors, key, m) {
		const char *msg = json_string_value(m);
		int done = 0;

		for (i = 0; fields && fields[i] && !done; i++)
			if (!strcmp(key, fields[i])) {
				set_err(e->view, key, msg);
				done = 1;
			}
		if (t == TAB_KETERSEDIAAN && !strncmp(key, "ketersediaan.jam.", 17)) {
			json_array_foreach(json_object_get(e->view, "hari"), i, row)
				if (!strcmp(str_of(row, "kode"), key + 17)) {
					set_err(row, "jam", msg);
					done = 1;
				}
		} else if (t == TAB_KETERSEDIAAN && !strcmp(key, "ketersediaan.kuota_harian")) {
			set_err(e->view, "kuota", msg);
			done = 1;
		} else if (lists[t]) {
			done = attach_list(e, lists[t], key, msg);
		}
		if (!done)
			add_msg(e->msgs, msg);
	}
}

/* Rows sorted by their "Urutan" as typed (blank: after the others, in
 * form order). */
struct sorted_row {
	long key;
	int n;
	json_t *row, *entry;
};

static int sorted_cmp(const void *a, const void *b)
{
	const struct sorted_row *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->n - y->n;
}

/* Reads the order of row (field "urutan") into s->key; an error on the row
 * when it is not a number. */
static void row_order(struct edit *e, struct sorted_row *s)
{
	long v = small_int(str_of(s->row, "urutan"), MAX_ORDER);

	if (v == -1) {
		set_err(s->row, "urutan", "Urutan harus bilangan bulat 0 sampai 9999.");
		e->bad++;
	}
	s->key = v < 0 ? 100000 + s->n : v;
}

/* Appends the entries in order to def[list] (replaced) and the rows to
 * e->map. */
static void put_sorted(struct edit *e, const char *list, struct sorted_row *s, size_t n)
{
	json_t *a = json_array();

	qsort(s, n, sizeof *s, sorted_cmp);
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(a, s[i].entry);
		json_array_append(e->map, s[i].row);
	}
	json_object_set_new(e->def, list, a);
}

/* The index of the first free row number after the view's rows. */
static void set_next(json_t *view, int next)
{
	json_object_set_new(view, "next", json_integer(next));
}

/* ---- tab Umum ------------------------------------------------------------ */

static json_t *group_options(const json_t *chosen)
{
	json_t *a = json_array(), *v;
	size_t i;

	for (int g = 0; g < GRUP__MAX; g++) {
		int on = 0;

		json_array_foreach(chosen, i, v)
			on |= !strcmp(json_string_value(v) ? json_string_value(v) : "", grup_jenis_codes[g]);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "kode", grup_jenis_codes[g], "nama",
						   grup_jenis_names[g], "dipilih", on));
	}
	/* a group this program does not know yet stays visible and kept */
	json_array_foreach(chosen, i, v) {
		const char *k = json_string_value(v);

		if (k && grup_jenis_from(k) == GRUP__MAX)
			json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "kode", k, "nama", k, "dipilih", 1));
	}
	return a;
}

static void umum_show(struct edit *e)
{
	const json_t *d = e->def;

	e->view = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:b, s:s, s:o}", "nama", str_of(d, "nama"), "ringkasan",
			    str_of(d, "ringkasan"), "ikon", str_of(d, "ikon"), "aktif", e->aktif, "label_nik",
			    str_of(d, "label_nik"), "label_nama", str_of(d, "label_nama"), "nik_wajib",
			    !json_is_false(json_object_get(d, "nik_wajib")), "urutan",
			    arena_printf(e->r->a, "%d", e->urutan), "kelompok",
			    group_options(json_object_get(d, "kelompok")));
}

/* 1 when NAME.svg is a Bootstrap icon (or the icons are not installed
 * here, so nothing can be checked). */
static int icon_exists(const char *name)
{
	char path[4096];
	struct stat st;

	if (!g_cfg.icons_dir || stat(g_cfg.icons_dir, &st) < 0)
		return 1;
	snprintf(path, sizeof path, "%s/%s.svg", g_cfg.icons_dir, name);
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(name) && stat(path, &st) == 0;
}

/* The audience as ticked; known groups, or ones the definition had. */
static json_t *groups_posted(struct edit *e, const json_t *had)
{
	json_t *out = json_array(), *v;
	struct req *r = e->r;
	size_t i, k;

	for (k = 0; k < r->form.count; k++) {
		const char *g;
		int ok;

		if (strcmp(r->form.items[k].key, "kelompok"))
			continue;
		g = r->form.items[k].value;
		ok = grup_jenis_from(g) < GRUP__MAX;
		json_array_foreach(had, i, v)
			ok |= !strcmp(g, json_string_value(v) ? json_string_value(v) : "");
		if (!ok) {
			e->bad++;
			set_err(e->view, "kelompok", "Kelompok pemohon tidak dikenal.");
			continue;
		}
		json_array_foreach(out, i, v)
			if (!strcmp(g, json_string_value(v)))
				ok = 0;
		if (ok)
			json_array_append_new(out, json_string(g));
	}
	return out;
}

static void umum_parse(struct edit *e)
{
	struct req *r = e->r;
	json_t *d = e->def, *groups;
	const char *nama = web_field(r, "nama"), *ringkasan = web_field(r, "ringkasan"), *ikon = web_field(r, "ikon");
	const char *ln = web_field(r, "label_nik"), *lm = web_field(r, "label_nama"), *urutan = web_field(r, "urutan");
	int nik_wajib = has(r, "nik_wajib");
	long u;

	e->aktif = has(r, "aktif");
	e->view = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:b, s:s}", "nama", nama, "ringkasan", ringkasan, "ikon", ikon,
			    "aktif", e->aktif, "label_nik", ln, "label_nama", lm, "nik_wajib", nik_wajib, "urutan", urutan);
	groups = groups_posted(e, json_object_get(d, "kelompok"));
	json_object_set_new(e->view, "kelompok", group_options(groups));
	json_object_set_new(d, "nama", json_string(nama));
	json_object_set_new(d, "ringkasan", json_string(ringkasan));
	json_object_set_new(d, "ikon", json_string(ikon));
	json_object_set_new(d, "kelompok", groups);
	if (*ln)
		json_object_set_new(d, "label_nik", json_string(ln));
	else
		json_object_del(d, "label_nik");
	if (*lm)
		json_object_set_new(d, "label_nama", json_string(lm));
	else
		json_object_del(d, "label_nama");
	/* required is the default: the key is written only when it says no
	 * (or already said something) */
	if (!nik_wajib || json_object_get(d, "nik_wajib"))
		json_object_set_new(d, "nik_wajib", json_boolean(nik_wajib));
	if (*ikon && !icon_exists(ikon)) {
		e->bad++;
		set_err(e->view, "ikon", "Ikon tidak ditemukan. Gunakan nama ikon Bootstrap Icons, misalnya file-earmark-text.");
	}
	u = small_int(urutan, MAX_ORDER);
	if (u < 1) {
		e->bad++;
		set_err(e->view, "urutan", "Urutan tampil harus bilangan bulat 1 sampai 9999.");
	} else {
		e->urutan = (int)u;
	}
}

/* ---- tab Persyaratan & Proses ----------------------------------------------- */

static void teks_show(struct edit *e)
{
	e->view = json_pack("{s:s, s:s}", "persyaratan", str_of(e->def, "persyaratan"), "proses", str_of(e->def, "proses"));
}

static void teks_parse(struct edit *e)
{
	const char *p = web_field(e->r, "persyaratan"), *q = web_field(e->r, "proses");

	e->view = json_pack("{s:s, s:s}", "persyaratan", p, "proses", q);
	json_object_set_new(e->def, "persyaratan", json_string(p));
	json_object_set_new(e->def, "proses", json_string(q));
}

/* Shown under both: the texts in force as residents read them. */
static void teks_preview(struct edit *e)
{
	const json_t *saved = json_object_get(e->svc, "def");

	json_object_set_new(e->view, "persyaratan_html", json_string(web_markdown(e->r, str_of(saved, "persyaratan"))));
	json_object_set_new(e->view, "proses_html", json_string(web_markdown(e->r, str_of(saved, "proses"))));
}

/* ---- tab Isian ---------------------------------------------------------------- */

static json_t *type_options(const char *jenis)
{
	json_t *a = json_array();

	for (int i = 0; i < CATALOG_FIELD_TYPES; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "v", catalog_field_types[i], "nama",
						   catalog_field_type_names[i], "dipilih", !strcmp(jenis, catalog_field_types[i])));
	return a;
}

/* A stored field as its row form shows it (Min/Maks carry the limits of
 * the type: characters for text, values for numbers and dates). */
static json_t *field_row(struct req *r, const json_t *f, size_t pos)
{
	const char *jenis = str_of(f, "jenis");
	int text = !strcmp(jenis, "text") || !strcmp(jenis, "textarea");
	struct buf opts = BUF_INIT;
	json_t *row, *o;
	size_t i;

	json_array_foreach(json_object_get(f, "pilihan"), i, o)
		buf_addf(&opts, "%s%s", i ? "\n" : "", json_string_value(o) ? json_string_value(o) : "");
	row = json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:s, s:s, s:s, s:s}", "asal", str_of(f, "kode"), "kode",
			str_of(f, "kode"), "label", str_of(f, "label"), "jenis", type_options(jenis), "wajib",
			json_is_true(json_object_get(f, "wajib")), "bantuan", str_of(f, "bantuan"), "min",
			text ? "" : num_text(r, f, "min"), "maks", num_text(r, f, text ? "maks" : "max"), "pilihan", opts.ptr,
			"posisi", arena_printf(r->a, "%zu", pos));
	buf_release(&opts);
	return row;
}

static json_t *blank_field_row(void)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:s, s:s, s:s, s:s}", "asal", "", "kode", "", "label", "",
			 "jenis", type_options("text"), "wajib", 0, "bantuan", "", "min", "", "maks", "", "pilihan", "",
			 "posisi", "");
}

static void isian_show(struct edit *e)
{
	json_t *rows = json_array(), *f;
	size_t i;

	json_array_foreach(json_object_get(e->def, "isian"), i, f)
		json_array_append_new(rows, field_row(e->r, f, i + 1));
	e->view = json_pack("{s:o, s:o}", "rows", rows, "baru", blank_field_row());
}

/* Index of the entry of list whose kode is kode, or -1. */
static long index_of(const json_t *list, const char *kode)
{
	const json_t *x;
	size_t i;

	json_array_foreach(list, i, x)
		if (!strcmp(str_of(x, "kode"), kode))
			return (long)i;
	return -1;
}

/* Returns 0, or -1 when the row edited no longer exists (a conflict). */
static int isian_parse(struct edit *e)
{
	struct req *r = e->r;
	const char *asal = web_field(r, "asal"), *aksi = web_field(r, "aksi");
	const char *kode = web_field(r, "kode"), *label = web_field(r, "label"), *jenis = web_field(r, "jenis");
	const char *bantuan = web_field(r, "bantuan"), *mn = web_field(r, "min"), *mx = web_field(r, "maks");
	const char *pilihan = web_field(r, "pilihan"), *posisi = web_field(r, "posisi");
	json_t *list = json_object_get(e->def, "isian"), *row, *f;
	long idx = *asal ? index_of(list, asal) : -1, pos, n;
	char slug[48];

	isian_show(e);
	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(e->def, "isian", list);
	}
	if (*asal && idx < 0)
		return -1;
	if (!strcmp(aksi, "hapus")) {
		if (idx < 0)
			return -1;
		json_array_remove(list, (size_t)idx);
		return 0;
	}
	row = json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:s, s:s, s:s, s:s}", "asal", asal, "kode", kode, "label", label,
			"jenis", type_options(jenis), "wajib", has(r, "wajib"), "bantuan", bantuan, "min", mn, "maks", mx,
			"pilihan", pilihan, "posisi", posisi);
	if (idx >= 0)
		json_array_set_new(json_object_get(e->view, "rows"), (size_t)idx, row);
	else
		json_object_set_new(e->view, "baru", row);

	f = idx >= 0 ? json_deep_copy(json_array_get(list, (size_t)idx)) : json_object();
	for (const char *const *k = (const char *const[]){ "min", "max", "maks", "pilihan", "bantuan", NULL }; *k; k++)
		json_object_del(f, *k);
	if (!*kode) {
		catalog_slug(label, 1, 40, slug, sizeof slug);
		kode = slug;
	}
	json_object_set_new(f, "kode", json_string(kode));
	json_object_set_new(f, "label", json_string(label));
	json_object_set_new(f, "jenis", json_string(jenis));
	json_object_set_new(f, "wajib", json_boolean(has(r, "wajib")));
	if (*bantuan)
		json_object_set_new(f, "bantuan", json_string(bantuan));
	if (!strcmp(jenis, "text") || !strcmp(jenis, "textarea")) {
		if (*mx)
			json_object_set_new(f, "maks", int_or_text(mx));
	} else if (!strcmp(jenis, "number") || !strcmp(jenis, "date")) {
		int num = !strcmp(jenis, "number");

		if (*mn)
			json_object_set_new(f, "min", num ? int_or_text(mn) : json_string(mn));
		if (*mx)
			json_object_set_new(f, "max", num ? int_or_text(mx) : json_string(mx));
	} else if (!strcmp(jenis, "select")) {
		json_t *opts = json_array();
		const char *p = pilihan;

		while (*p) {
			size_t len = strcspn(p, "\r\n"), a = 0, b = len;

			while (a < b && isspace((unsigned char)p[a]))
				a++;
			while (b > a && isspace((unsigned char)p[b - 1]))
				b--;
			if (b > a)
				json_array_append_new(opts, json_string(arena_strndup(r->a, p + a, b - a)));
			p += len;
			p += strspn(p, "\r\n");
		}
		json_object_set_new(f, "pilihan", opts);
	}
	/* where it goes: Posisi as typed, else where it was (new: last) */
	n = (long)json_array_size(list) + (idx < 0);
	pos = small_int(posisi, MAX_ORDER);
	if (pos == -1) {
		e->bad++;
		set_err(row, "posisi", "Posisi harus angka, misalnya 1 untuk isian pertama.");
		pos = -2;
	}
	pos = pos == -2 ? (idx >= 0 ? idx : n - 1) : (pos < 1 ? 0 : pos > n ? n - 1 : pos - 1);
	if (idx >= 0)
		json_array_remove(list, (size_t)idx);
	json_array_insert_new(list, (size_t)pos, f);
	for (long i = 0; i < n; i++)
		json_array_append(e->map, i == pos ? row : json_null());
	return 0;
}

/* ---- tab Dokumen Persyaratan ------------------------------------------------- */

/* The current definition's entry of list with kode asal (borrowed), NULL. */
static json_t *stored_entry(struct edit *e, const char *list, const char *asal)
{
	const json_t *saved = json_object_get(json_object_get(e->svc, "def"), list);
	long i = *asal ? index_of(saved, asal) : -1;

	return i >= 0 ? json_array_get(saved, (size_t)i) : NULL;
}

static void dokumen_show(struct edit *e)
{
	json_t *rows = json_array(), *d;
	size_t i, n = 0;

	json_array_foreach(json_object_get(e->def, "dokumen"), i, d) {
		const char *contoh = str_of(d, "contoh");
		json_t *row = json_pack("{s:i, s:s, s:s, s:s, s:s, s:b, s:s}", "n", (int)i, "asal", str_of(d, "kode"), "kode",
					str_of(d, "kode"), "nama", str_of(d, "nama"), "keterangan", str_of(d, "keterangan"),
					"wajib", json_is_true(json_object_get(d, "wajib")), "urutan",
					arena_printf(e->r->a, "%zu", i + 1));

		if (*contoh) {
			json_object_set_new(row, "contoh", json_string(contoh));
			json_object_set_new(row, "contoh_url", json_string(arena_printf(e->r->a, "/katalog/contoh/%s", contoh)));
		}
		json_array_append_new(rows, row);
		n = i + 1;
	}
	for (i = 0; i < BLANK_ROWS; i++)
		json_array_append_new(rows, json_pack("{s:i, s:s, s:s, s:s, s:s, s:b, s:s}", "n", (int)(n + i), "asal", "",
						      "kode", "", "nama", "", "keterangan", "", "wajib", 1, "urutan", ""));
	e->view = json_pack("{s:o}", "rows", rows);
	set_next(e->view, (int)(n + BLANK_ROWS));
}

/* An example image waiting to be written once everything else is right. */
struct pending {
	json_t *entry;        /* borrowed from the definition */
	struct image_out img;
};

static void dokumen_parse(struct edit *e, struct pending *pend, size_t *npend)
{
	struct req *r = e->r;
	struct image_limits lim = {
		.max_bytes = (size_t)g_cfg.upload_max,
		.max_pixels = g_cfg.upload_max_pixels,
		.max_side = IMAGE_DEFAULT_MAX_SIDE,
		.thumb_side = IMAGE_DEFAULT_THUMB_SIDE,
		.allow_pdf = 0,
		.max_pages = IMAGE_DEFAULT_MAX_PAGES,
	};
	struct sorted_row s[FORM_ROWS];
	json_t *rows = json_array();
	size_t ns = 0;
	int next = 0;

	*npend = 0;
	for (int n = 0; n < FORM_ROWS; n++) {
		char fname[32];
		const struct upload *file;
		const char *asal, *kode, *nama, *ket;
		json_t *row, *entry, *old;
		char slug[48];

		snprintf(fname, sizeof fname, "d%d_contoh", n);
		file = web_upload(r, fname);
		if (!has(r, "d%d_asal", n) && !has(r, "d%d_nama", n) && !has(r, "d%d_kode", n) && !file)
			continue;
		next = n + 1;
		asal = fld(r, "d%d_asal", n);
		kode = fld(r, "d%d_kode", n);
		nama = fld(r, "d%d_nama", n);
		ket = fld(r, "d%d_keterangan", n);
		old = stored_entry(e, "dokumen", asal);
		row = json_pack("{s:i, s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:b}", "n", n, "asal", asal, "kode", kode, "nama",
				nama, "keterangan", ket, "wajib", has(r, "d%d_wajib", n), "urutan", fld(r, "d%d_urutan", n),
				"hapus", has(r, "d%d_hapus", n), "contoh_hapus", has(r, "d%d_contoh_hapus", n));
		if (old && *str_of(old, "contoh")) {
			json_object_set_new(row, "contoh", json_string(str_of(old, "contoh")));
			json_object_set_new(row, "contoh_url", json_string(arena_printf(r->a, "/katalog/contoh/%s", str_of(old, "contoh"))));
		}
		json_array_append_new(rows, row);
		if (has(r, "d%d_hapus", n) || (!*asal && !*kode && !*nama && !*ket && !file))
			continue;
		entry = old ? json_deep_copy(old) : json_object();
		if (!*kode) {
			catalog_slug(nama, 0, 40, slug, sizeof slug);
			kode = slug;
		}
		json_object_set_new(entry, "kode", json_string(kode));
		json_object_set_new(entry, "nama", json_string(nama));
		json_object_set_new(entry, "wajib", json_boolean(has(r, "d%d_wajib", n)));
		if (*ket)
			json_object_set_new(entry, "keterangan", json_string(ket));
		else
			json_object_del(entry, "keterangan");
		if (has(r, "d%d_contoh_hapus", n))
			json_object_del(entry, "contoh");
		if (file) {
			struct pending *p = &pend[*npend];
			enum image_err ie;

			memset(&p->img, 0, sizeof p->img);
			ie = image_ingest(file->data, file->len, file->filename, &lim, &p->img);
			if (ie != IMAGE_OK) {
				set_err(row, "contoh", arena_printf(r->a, "Contoh file ditolak: %s", image_err_message(ie)));
				image_out_free(&p->img);
				e->bad++;
			} else {
				p->entry = entry;
				(*npend)++;
			}
		}
		s[ns] = (struct sorted_row){ 0, n, row, entry };
		row_order(e, &s[ns]);
		ns++;
	}
	put_sorted(e, "dokumen", s, ns);
	e->view = json_pack("{s:o}", "rows", rows);
	set_next(e->view, next);
}

/* ---- tabs Langkah and Dokumen Jadi ---------------------------------------------- */

static void steps_show(struct edit *e, int steps)
{
	json_t *rows = json_array(), *d;
	size_t i, n = 0;

	json_array_foreach(json_object_get(e->def, steps ? "langkah" : "dokumen_jadi"), i, d) {
		json_t *row = json_pack("{s:i, s:s, s:s, s:s}", "n", (int)i, "kode", str_of(d, "kode"), "nama",
					str_of(d, "nama"), "urutan", arena_printf(e->r->a, "%zu", i + 1));

		if (steps)
			json_object_set_new(row, "menit", json_string(num_text(e->r, d, "waktu_baku_menit")));
		json_array_append_new(rows, row);
		n = i + 1;
	}
	for (i = 0; i < BLANK_ROWS; i++)
		json_array_append_new(rows, json_pack("{s:i, s:s, s:s, s:s, s:s}", "n", (int)(n + i), "kode", "", "nama", "",
						      "urutan", "", "menit", ""));
	e->view = json_pack("{s:o}", "rows", rows);
	set_next(e->view, (int)(n + BLANK_ROWS));
}

static void steps_parse(struct edit *e, int steps)
{
	struct req *r = e->r;
	const char p = steps ? 'l' : 'j';
	struct sorted_row s[FORM_ROWS];
	json_t *rows = json_array();
	size_t ns = 0;
	int next = 0;

	for (int n = 0; n < FORM_ROWS; n++) {
		const char *kode, *nama, *menit;
		json_t *row, *entry;
		char slug[48];

		if (!has(r, "%c%d_kode", p, n) && !has(r, "%c%d_nama", p, n))
			continue;
		next = n + 1;
		kode = fld(r, "%c%d_kode", p, n);
		nama = fld(r, "%c%d_nama", p, n);
		menit = steps ? fld(r, "l%d_menit", n) : "";
		row = json_pack("{s:i, s:s, s:s, s:s, s:s, s:b}", "n", n, "kode", kode, "nama", nama, "menit", menit, "urutan",
				fld(r, "%c%d_urutan", p, n), "hapus", has(r, "%c%d_hapus", p, n));
		json_array_append_new(rows, row);
		if (has(r, "%c%d_hapus", p, n) || (!*kode && !*nama && !*menit))
			continue;
		if (!*kode) {
			catalog_slug(nama, 0, 40, slug, sizeof slug);
			kode = slug;
		}
		entry = json_pack("{s:s, s:s}", "kode", kode, "nama", nama);
		if (steps && *menit)
			json_object_set_new(entry, "waktu_baku_menit", int_or_text(menit));
		s[ns] = (struct sorted_row){ 0, n, row, entry };
		row_order(e, &s[ns]);
		ns++;
	}
	put_sorted(e, steps ? "langkah" : "dokumen_jadi", s, ns);
	e->view = json_pack("{s:o}", "rows", rows);
	set_next(e->view, next);
}

/* ---- tab Ketersediaan ------------------------------------------------------------ */

static void rules_show(struct edit *e)
{
	const json_t *k = json_object_get(e->def, "ketersediaan"), *jam = json_object_get(k, "jam"), *t;
	json_t *days = json_array(), *rows = json_array();
	json_int_t quota = json_integer_value(json_object_get(k, "kuota_harian"));
	size_t i, n = 0;

	for (int d = 0; d < 7; d++) {
		const json_t *h = json_object_get(jam, catalog_day_codes[d]);

		json_array_append_new(days, json_pack("{s:s, s:s, s:s, s:s}", "kode", catalog_day_codes[d], "nama",
						      catalog_day_names[d], "buka", json_string_value(json_array_get(h, 0)) ?
						      json_string_value(json_array_get(h, 0)) : "", "tutup",
						      json_string_value(json_array_get(h, 1)) ? json_string_value(json_array_get(h, 1)) : ""));
	}
	json_array_foreach(json_object_get(k, "tutup"), i, t) {
		json_array_append_new(rows, json_pack("{s:i, s:s, s:s}", "n", (int)i, "tanggal", str_of(t, "tanggal"), "alasan",
						      str_of(t, "alasan")));
		n = i + 1;
	}
	for (i = 0; i < BLANK_ROWS; i++)
		json_array_append_new(rows, json_pack("{s:i, s:s, s:s}", "n", (int)(n + i), "tanggal", "", "alasan", ""));
	e->view = json_pack("{s:o, s:s, s:o}", "hari", days, "kuota",
			    quota > 0 ? arena_printf(e->r->a, "%lld", (long long)quota) : "", "tutup", rows);
	set_next(e->view, (int)(n + BLANK_ROWS));
}

static int tutup_cmp(const void *a, const void *b)
{
	const struct sorted_row *x = a, *y = b;
	int c = strcmp(str_of(x->entry, "tanggal"), str_of(y->entry, "tanggal"));

	return c ? c : x->n - y->n;
}

/* "07:30:00" from a browser that sends seconds is 07:30. */
static const char *clock_of(struct req *r, const char *s)
{
	size_t n = strlen(s);

	return n == 8 && !strcmp(s + 5, ":00") ? arena_strndup(r->a, s, 5) : s;
}

static void rules_parse(struct edit *e)
{
	struct req *r = e->r;
	json_t *k = json_object_get(e->def, "ketersediaan");
	json_t *rules = json_is_object(k) ? json_deep_copy(k) : json_object();
	json_t *days = json_array(), *jam = json_object(), *tutup = json_array(), *rows = json_array(), *q;
	struct sorted_row s[FORM_ROWS];
	const char *kuota = web_field(r, "kuota");
	size_t ns = 0;
	int next = 0;

	for (int d = 0; d < 7; d++) {
		const char *code = catalog_day_codes[d];
		const char *buka = clock_of(r, fld(r, "jam_%s_buka", code)), *tt = clock_of(r, fld(r, "jam_%s_tutup", code));
		json_t *row = json_pack("{s:s, s:s, s:s, s:s}", "kode", code, "nama", catalog_day_names[d], "buka", buka,
					"tutup", tt);

		json_array_append_new(days, row);
		if (!*buka && !*tt)
			continue;
		if (!*buka || !*tt) {
			e->bad++;
			set_err(row, "jam", arena_printf(r->a, "Isi jam buka dan jam tutup hari %s, atau kosongkan keduanya bila tutup.",
							 catalog_day_names[d]));
			continue;
		}
		json_object_set_new(jam, code, json_pack("[s, s]", buka, tt));
	}
	/* a day this form does not have (a hand-made request) goes to the
	 * domain, which names it */
	for (size_t i = 0; i < r->form.count; i++) {
		const char *key = r->form.items[i].key, *last;
		char day[48];

		if (strncmp(key, "jam_", 4) || !(last = strrchr(key + 4, '_')) || (size_t)(last - key - 4) >= sizeof day)
			continue;
		snprintf(day, sizeof day, "%.*s", (int)(last - key - 4), key + 4);
		if (json_object_get(jam, day))
			continue;
		for (int d = 0; d < 7 && *day; d++)
			if (!strcmp(day, catalog_day_codes[d]))
				*day = '\0';
		if (*day)
			json_object_set_new(jam, day, json_pack("[s, s]", fld(r, "jam_%s_buka", day), fld(r, "jam_%s_tutup", day)));
	}
	for (int n = 0; n < FORM_ROWS; n++) {
		const char *tgl, *alasan;
		json_t *row;

		if (!has(r, "t%d_tanggal", n) && !has(r, "t%d_alasan", n))
			continue;
		next = n + 1;
		tgl = fld(r, "t%d_tanggal", n);
		alasan = fld(r, "t%d_alasan", n);
		row = json_pack("{s:i, s:s, s:s, s:b}", "n", n, "tanggal", tgl, "alasan", alasan, "hapus", has(r, "t%d_hapus", n));
		json_array_append_new(rows, row);
		if (has(r, "t%d_hapus", n) || (!*tgl && !*alasan))
			continue;
		s[ns++] = (struct sorted_row){ 0, n, row, json_pack("{s:s, s:s}", "tanggal", tgl, "alasan", alasan) };
	}
	qsort(s, ns, sizeof *s, tutup_cmp);
	for (size_t i = 0; i < ns; i++) {
		json_array_append_new(tutup, s[i].entry);
		json_array_append(e->map, s[i].row);
	}
	e->view = json_pack("{s:o, s:s, s:o}", "hari", days, "kuota", kuota, "tutup", rows);
	set_next(e->view, next);

	if (json_object_size(jam))
		json_object_set_new(rules, "jam", jam);
	else {
		json_object_del(rules, "jam");
		json_decref(jam);
	}
	q = int_or_text(kuota);
	if (q && !(json_is_integer(q) && json_integer_value(q) == 0))
		json_object_set_new(rules, "kuota_harian", q);
	else {
		json_object_del(rules, "kuota_harian");
		json_decref(q);
	}
	if (json_array_size(tutup))
		json_object_set_new(rules, "tutup", tutup);
	else {
		json_object_del(rules, "tutup");
		json_decref(tutup);
	}
	if (json_object_size(rules))
		json_object_set_new(e->def, "ketersediaan", rules);
	else {
		json_object_del(e->def, "ketersediaan");
		json_decref(rules);
	}
}

/* ---- catalog: pages ------------------------------------------------------------- */

void staf_layanan_list(struct req *r)
{
	json_t *rows, *row, *ctx;
	size_t i;

	if (!(rows = admin_rows(r, catalog_admin_list)))
		return;
	json_array_foreach(rows, i, row) {
		struct buf names = BUF_INIT;
		json_t *g;
		size_t k;

		json_array_foreach(json_object_get(row, "kelompok"), k, g) {
			const char *code = json_string_value(g);
			enum grup_jenis j = grup_jenis_from(code);
			const char *nama = j < GRUP__MAX ? grup_jenis_names[j] : code;

			buf_addf(&names, "%s%s", k ? ", " : "", nama ? nama : "");
		}
		json_object_set_new(row, "kelompok_teks", json_string(names.ptr));
		buf_release(&names);
		json_object_set_new(row, "ada_lama", json_boolean(json_integer_value(json_object_get(row, "lama")) > 0));
		json_object_set_new(row, "berlaku", json_string(web_time_wib(r, json_integer_value(json_object_get(row, "berlaku_at")))));
	}
	ctx = page_ctx(r, "Layanan", "menu_layanan");
	json_object_set_new(ctx, "rows", rows);
	web_render(r, 200, "staf/layanan", ctx);
}

/* Writes the example images of a save; -1 when one cannot be written
 * (those written are listed in e->written for removal). */
static int write_images(struct edit *e, struct pending *pend, size_t npend)
{
	for (size_t i = 0; i < npend; i++) {
		char name[128], stem[64];

		snprintf(stem, sizeof stem, "contoh-%s", str_of(pend[i].entry, "kode"));
		if (catalog_store_file(g_cfg.files_dir, stem, pend[i].img.ext, pend[i].img.file.ptr, pend[i].img.file.len, name,
				       sizeof name) < 0) {
			log_error("catalog: cannot write an example image: %s", strerror(errno));
			return -1;
		}
		e->written[e->nwritten++] = arena_strdup(e->r->a, name);
		json_object_set_new(pend[i].entry, "contoh", json_string(name));
	}
	return 0;
}

static void unlink_written(struct edit *e)
{
	for (size_t i = 0; i < e->nwritten; i++) {
		char *path = catalog_file_path(g_cfg.files_dir, e->written[i]);

		if (path)
			unlink(path);
		free(path);
	}
	e->nwritten = 0;
}

static void show_tab(struct edit *e, enum tab t)
{
	switch (t) {
	case TAB_UMUM: umum_show(e); break;
	case TAB_TEKS: teks_show(e); break;
	case TAB_ISIAN: isian_show(e); break;
	case TAB_DOKUMEN: dokumen_show(e); break;
	case TAB_LANGKAH: steps_show(e, 1); break;
	case TAB_JADI: steps_show(e, 0); break;
	default: rules_show(e); break;
	}
}

static void edit_post(struct edit *e, enum tab t, int64_t staf)
{
	struct req *r = e->r;
	struct db *db = db_thread();
	struct pending pend[FORM_ROWS];
	size_t npend = 0;
	int64_t based_on = web_positive_int(web_field(r, "versi"), 15), id = json_integer_value(json_object_get(e->svc, "id"));
	json_t *errors = json_object(), *fresh = NULL;
	int conflict = 0;
	enum cat_rc rc;

	switch (t) {
	case TAB_UMUM: umum_parse(e); break;
	case TAB_TEKS: teks_parse(e); break;
	case TAB_ISIAN: conflict = isian_parse(e) < 0; break;
	case TAB_DOKUMEN: dokumen_parse(e, pend, &npend); break;
	case TAB_LANGKAH: steps_parse(e, 1); break;
	case TAB_JADI: steps_parse(e, 0); break;
	default: rules_parse(e); break;
	}
	if (t == TAB_TEKS)
		teks_preview(e);
	if (conflict) {
		rc = CAT_CONFLICT;
		goto answer;
	}
	if (catalog_validate(e->def, errors)) {
		map_errors(e, t, errors);
		e->bad++;
	}
	if (e->bad) {
		rc = CAT_INVALID;
		goto answer;
	}
	if (write_images(e, pend, npend) < 0) {
		rc = CAT_ERR;
		goto answer;
	}
	rc = catalog_save(db, staf, id, based_on, e->def, e->aktif, e->urutan, errors, NULL);
	if (rc == CAT_INVALID)
		map_errors(e, t, errors);
answer:
	if (rc != CAT_OK)
		unlink_written(e);
	for (size_t i = 0; i < npend; i++)
		image_out_free(&pend[i].img);
	json_decref(errors);
	switch (rc) {
	case CAT_OK:
	case CAT_UNCHANGED:
		web_flash(r, rc == CAT_OK ? MSG_SAVED : MSG_UNCHANGED);
		http_redirect(r, tab_url(r, svc_kode(e), t));
		return;
	case CAT_INVALID:
		render_edit(e, t, 422, MSG_INVALID);
		return;
	case CAT_CONFLICT:
		/* the form keeps what was typed; the hidden version moves on, so
		 * a second save is a deliberate one */
		if (catalog_admin_get(db, svc_kode(e), &fresh) == 0) {
			json_decref(e->svc);
			e->svc = fresh;
		}
		render_edit(e, t, 409, MSG_CONFLICT);
		return;
	case CAT_NOT_FOUND:
		http_error(r, 404, "Jenis layanan tidak ditemukan.");
		return;
	default:
		http_error(r, 500, NULL);
		return;
	}
}

static void layanan_edit(struct req *r, enum tab t)
{
	struct db *db = db_thread();
	struct edit e;
	int64_t staf;
	int rc;

	if (!(staf = need_admin(r)))
		return;
	memset(&e, 0, sizeof e);
	e.r = r;
	if (t == TAB__MAX || (rc = catalog_admin_get(db, r->args[0], &e.svc)) == 1) {
		http_error(r, 404, "Jenis layanan tidak ditemukan.");
		return;
	}
	if (rc < 0) {
		http_error(r, 500, NULL);
		return;
	}
	e.def = json_deep_copy(json_object_get(e.svc, "def"));
	e.aktif = json_is_true(json_object_get(e.svc, "aktif"));
	e.urutan = (int)json_integer_value(json_object_get(e.svc, "urutan"));
	e.msgs = json_array();
	e.map = json_array();
	if (r->method == HTTP_POST) {
		edit_post(&e, t, staf);
	} else {
		show_tab(&e, t);
		if (t == TAB_TEKS)
			teks_preview(&e);
		if (t == TAB_UMUM) {
			json_t *versions = catalog_versions(db, json_integer_value(json_object_get(e.svc, "id")), 10), *v;
			size_t i;

			json_array_foreach(versions, i, v)
				json_object_set_new(v, "waktu", json_string(web_time_wib(r, json_integer_value(json_object_get(v, "created_at")))));
			json_object_set_new(e.view, "ada_riwayat", json_boolean(json_array_size(versions) > 0));
			json_object_set_new(e.view, "riwayat", versions ? versions : json_array());
		}
		render_edit(&e, t, 200, NULL);
	}
	json_decref(e.svc);
	json_decref(e.def);
	json_decref(e.view);
	json_decref(e.msgs);
	json_decref(e.map);
}

void staf_layanan_edit(struct req *r)
{
	layanan_edit(r, r->nargs > 1 ? tab_from(r->args[1]) : TAB_UMUM);
}

/* The one tab that takes files (its route raises the body limit). */
void staf_layanan_dokumen(struct req *r)
{
	layanan_edit(r, TAB_DOKUMEN);
}

/* Tambah Layanan: the head of a new service; its lists are filled in on
 * the editor's tabs afterwards. */
void staf_layanan_baru(struct req *r)
{
	static const char *const names[] = { "kode", "prefix", "nama", "ringkasan", "ikon", "persyaratan", "proses", NULL };
	struct db *db = db_thread();
	json_t *view, *def, *errors, *ctx, *groups;
	struct edit e;
	int64_t staf, id;
	enum cat_rc rc;

	if (!(staf = need_admin(r)))
		return;
	memset(&e, 0, sizeof e);
	e.r = r;
	if (r->method != HTTP_POST) {
		view = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "kode", "", "prefix", "", "nama", "",
				 "ringkasan", "", "ikon", "file-earmark-text", "persyaratan", "", "proses", "", "aktif", 0,
				 "kelompok", group_options(NULL));
		ctx = page_ctx(r, "Tambah Layanan", "menu_layanan");
		json_object_set_new(ctx, "v", view);
		web_render(r, 200, "staf/layanan_baru", ctx);
		return;
	}
	view = web_values(r, names);
	e.view = view;
	groups = groups_posted(&e, NULL);
	json_object_set_new(view, "kelompok", group_options(groups));
	json_object_set_new(view, "aktif", json_boolean(has(r, "aktif")));
	def = json_pack("{s:O, s:O, s:O, s:O, s:O, s:o, s:O, s:O, s:[], s:[], s:[], s:[]}", "kode",
			json_object_get(view, "kode"), "prefix", json_object_get(view, "prefix"), "nama",
			json_object_get(view, "nama"), "ringkasan", json_object_get(view, "ringkasan"), "ikon",
			json_object_get(view, "ikon"), "kelompok", groups, "persyaratan", json_object_get(view, "persyaratan"),
			"proses", json_object_get(view, "proses"), "isian", "dokumen", "langkah", "dokumen_jadi");
	errors = json_object();
	if (*str_of(view, "ikon") && !icon_exists(str_of(view, "ikon"))) {
		set_err(view, "ikon", "Ikon tidak ditemukan. Gunakan nama ikon Bootstrap Icons, misalnya file-earmark-text.");
		e.bad++;
	}
	rc = e.bad ? CAT_INVALID : catalog_create(db, staf, def, has(r, "aktif"), errors, &id);
	if (rc == CAT_OK) {
		web_flash(r, "Layanan baru dibuat. Lengkapi isian, dokumen persyaratan dan langkahnya, lalu aktifkan di tab Umum.");
		http_redirect(r, arena_printf(r->a, "/staf/layanan/%s/isian", str_of(view, "kode")));
	} else if (rc == CAT_INVALID) {
		const char *key;
		json_t *m;

		if (e.bad)
			catalog_validate(def, errors);
		json_object_foreach(errors, key, m)
			set_err(view, key, json_string_value(m));
		ctx = page_ctx(r, "Tambah Layanan", "menu_layanan");
		json_object_set_new(ctx, "v", json_incref(view));
		json_object_set_new(ctx, "alert", json_string("Layanan belum dibuat. Periksa kembali isian yang ditandai merah."));
		web_render(r, 422, "staf/layanan_baru", ctx);
	} else {
		http_error(r, 500, NULL);
	}
	json_decref(errors);
	json_decref(def);
	json_decref(view);
}

/* ---- information posts ------------------------------------------------------------ */

/* Answers a change of a post or a form: INFO_OK -> flash and 303 to next,
 * INFO_NOT_FOUND -> 404 with gone, anything else 500. */
static void info_done(struct req *r, enum info_rc rc, const char *flash, const char *next, const char *gone)
{
	if (rc == INFO_OK) {
		web_flash(r, flash);
		http_redirect(r, next);
	} else if (rc == INFO_NOT_FOUND) {
		http_error(r, 404, gone);
	} else {
		http_error(r, 500, NULL);
	}
}

static const char *const post_kinds[INFO__MAX][2] = {
	{ "umum", "Umum (semua pengunjung)" },
	{ "rahasia", "Rahasia (hanya pemohon yang login)" },
	{ "sistem", "Sistem (pemberitahuan layanan)" },
};

static json_t *kind_options(const char *jenis, int with_all)
{
	json_t *a = json_array();

	if (with_all)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "v", "", "nama", "Semua jenis", "dipilih", !*jenis));
	for (int i = 0; i < INFO__MAX; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "v", post_kinds[i][0], "nama", post_kinds[i][1], "dipilih",
						   !strcmp(jenis, post_kinds[i][0])));
	return a;
}

static const char *status_badge(const char *status)
{
	return !strcmp(status, "aktif") ? "text-bg-success" : !strcmp(status, "terjadwal") ? "text-bg-info" : "text-bg-secondary";
}

static const char *status_label(const char *status)
{
	return !strcmp(status, "aktif") ? "Aktif" : !strcmp(status, "terjadwal") ? "Terjadwal" : "Berakhir";
}

void staf_informasi_list(struct req *r)
{
	const char *jenis = http_query(r, "jenis");
	long page = web_page(r, "page"), size = web_page_size(), pages;
	json_t *rows, *row, *ctx;
	int64_t total = 0;
	time_t now = time(NULL);
	size_t i;

	if (!need_admin(r))
		return;
	if (!jenis || info_jenis_from(jenis) == INFO__MAX)
		jenis = "";
	if (!(rows = info_admin_list(db_thread(), jenis, now, (page - 1) * size, size, &total))) {
		http_error(r, 500, NULL);
		return;
	}
	json_array_foreach(rows, i, row) {
		const char *st = str_of(row, "status");
		const json_t *end = json_object_get(row, "berakhir_at");

		json_object_set_new(row, "terbit", json_string(web_time_wib(r, json_integer_value(json_object_get(row, "terbit_at")))));
		if (json_is_integer(end))
			json_object_set_new(row, "berakhir", json_string(web_time_wib(r, json_integer_value(end))));
		json_object_set_new(row, "badge", json_string(status_badge(st)));
		json_object_set_new(row, "status_label", json_string(status_label(st)));
	}
	pages = web_page_count((long)total);
	ctx = page_ctx(r, "Informasi", "menu_informasi");
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "ada", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "jenis", kind_options(jenis, 1));
	json_object_set_new(ctx, "total", json_integer(total));
	if (pages > 1 || page > 1)
		web_pager(r, ctx, arena_printf(r->a, "/staf/informasi?jenis=%s&", jenis), page, pages, page < pages, 0);
	web_render(r, 200, "staf/informasi", ctx);
}

/* The post form: v holds what the inputs show; post (may be NULL) is the
 * stored post for the side panel (status, preview, Akhiri). */
static void post_form(struct req *r, int status, json_t *v, json_t *post, json_t *errors, const char *alert)
{
	json_t *ctx = page_ctx(r, post ? "Ubah Informasi" : "Tambah Informasi", "menu_informasi");

	json_object_set_new(v, "jenis_opsi", kind_options(str_of(v, "jenis"), 0));
	json_object_set_new(ctx, "v", v);
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "judul_max", json_integer(INFO_JUDUL_MAX));
	/* the browser stops at the request's field limit too, not only 20000 */
	json_object_set_new(ctx, "isi_max", json_integer(g_cfg.max_field_len < INFO_ISI_MAX ? g_cfg.max_field_len : INFO_ISI_MAX));
	if (alert)
		json_object_set_new(ctx, "alert", json_string(alert));
	if (post) {
		const char *st = str_of(post, "status");
		const json_t *end = json_object_get(post, "berakhir_at");

		json_object_set_new(post, "html", json_string(web_markdown(r, str_of(post, "isi"))));
		json_object_set_new(post, "badge", json_string(status_badge(st)));
		json_object_set_new(post, "status_label", json_string(status_label(st)));
		json_object_set_new(post, "terbit", json_string(web_time_wib(r, json_integer_value(json_object_get(post, "terbit_at")))));
		if (json_is_integer(end))
			json_object_set_new(post, "berakhir", json_string(web_time_wib(r, json_integer_value(end))));
		json_object_set_new(post, "dapat_diakhiri", json_boolean(strcmp(st, "berakhir") != 0));
		json_object_set_new(post, "publik", json_boolean(!strcmp(st, "aktif")));
		json_object_set_new(ctx, "post", post);
	}
	web_render(r, status, "staf/informasi_form", ctx);
}

static json_t *post_values(struct req *r)
{
	static const char *const names[] = { "jenis", "judul", "isi", "terbit_tanggal", "terbit_jam", "berakhir_tanggal",
					     "berakhir_jam", NULL };

	return web_values(r, names);
}

static void post_submit(struct req *r, int64_t staf, int64_t id, json_t *post)
{
	json_t *v = post_values(r), *errors = json_object();
	struct info_input in = {
		str_of(v, "jenis"), str_of(v, "judul"), str_of(v, "isi"), str_of(v, "terbit_tanggal"),
		str_of(v, "terbit_jam"), str_of(v, "berakhir_tanggal"), str_of(v, "berakhir_jam"),
	};
	int64_t out = 0;
	enum info_rc rc = info_save(db_thread(), staf, id, &in, errors, &out);

	if (rc == INFO_INVALID) {
		post_form(r, 422, v, post, errors, "Informasi belum disimpan. Periksa kembali isian yang ditandai merah.");
		return;
	}
	json_decref(v);
	json_decref(errors);
	json_decref(post);
	info_done(r, rc, id ? "Informasi disimpan." : "Informasi ditambahkan.",
		  arena_printf(r->a, "/staf/informasi/%lld", (long long)out), MSG_NO_INFO);
}

void staf_informasi_baru(struct req *r)
{
	const char *d, *c;
	int64_t staf;

	if (!(staf = need_admin(r)))
		return;
	if (r->method == HTTP_POST) {
		post_submit(r, staf, 0, NULL);
		return;
	}
	wib_parts(r, time(NULL), &d, &c);
	post_form(r, 200,
		  json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "jenis", "umum", "judul", "", "isi", "", "terbit_tanggal", d,
			    "terbit_jam", c, "berakhir_tanggal", "", "berakhir_jam", ""),
		  NULL, NULL, NULL);
}

/* The stored post of the path, or NULL after answering 404/500. */
static json_t *post_of(struct req *r)
{
	int64_t id = web_path_id(r, 0);
	json_t *post = NULL;
	int rc = id ? info_admin_get(db_thread(), id, time(NULL), &post) : 1;

	if (rc == 1)
		http_error(r, 404, MSG_NO_INFO);
	else if (rc < 0)
		http_error(r, 500, NULL);
	return rc == 0 ? post : NULL;
}

void staf_informasi_edit(struct req *r)
{
	const char *td, *tc, *bd = "", *bc = "";
	json_t *post, *end;
	int64_t staf;

	if (!(staf = need_admin(r)) || !(post = post_of(r)))
		return;
	if (r->method == HTTP_POST) {
		post_submit(r, staf, json_integer_value(json_object_get(post, "id")), post);
		return;
	}
	wib_parts(r, json_integer_value(json_object_get(post, "terbit_at")), &td, &tc);
	end = json_object_get(post, "berakhir_at");
	if (json_is_integer(end))
		wib_parts(r, json_integer_value(end), &bd, &bc);
	post_form(r, 200,
		  json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "jenis", str_of(post, "jenis"), "judul", str_of(post, "judul"),
			    "isi", str_of(post, "isi"), "terbit_tanggal", td, "terbit_jam", tc, "berakhir_tanggal", bd,
			    "berakhir_jam", bc),
		  post, NULL, NULL);
}

void staf_informasi_akhiri(struct req *r)
{
	int64_t staf, id = web_path_id(r, 0);

	if (!(staf = need_admin(r)))
		return;
	switch (id ? info_end(db_thread(), staf, id, time(NULL)) : INFO_NOT_FOUND) {
	case INFO_OK:
		web_flash(r, "Informasi diakhiri dan tidak tampil lagi di halaman Informasi.");
		break;
	case INFO_ALREADY:
		web_flash(r, "Informasi ini sudah berakhir sebelumnya.");
		break;
	case INFO_NOT_FOUND:
		http_error(r, 404, MSG_NO_INFO);
		return;
	default:
		http_error(r, 500, NULL);
		return;
	}
	http_redirect(r, arena_printf(r->a, "/staf/informasi/%lld", (long long)id));
}

/* ---- downloadable forms --------------------------------------------------------- */

/* The services for the form's select, "Umum" first. */
static json_t *service_options(struct req *r, int64_t chosen)
{
	json_t *rows = catalog_admin_list(db_thread()), *a = json_array(), *s;
	size_t i;

	json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "v", "0", "nama", "Umum (semua layanan)", "dipilih", chosen == 0));
	json_array_foreach(rows, i, s) {
		json_int_t id = json_integer_value(json_object_get(s, "id"));

		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "v", arena_printf(r->a, "%lld", (long long)id), "nama",
						   str_of(s, "nama"), "dipilih", id == chosen));
	}
	json_decref(rows);
	return a;
}

/* The value of the layanan select: 0 for Umum, an id, or -1. */
static int64_t chosen_service(struct req *r)
{
	const char *s = web_field(r, "layanan");

	if (!strcmp(s, "0"))
		return 0;
	return web_positive_int(s, 15) ? web_positive_int(s, 15) : -1;
}

void staf_formulir_list(struct req *r)
{
	json_t *rows, *row, *ctx;
	size_t i;

	if (!(rows = admin_rows(r, info_form_admin_list)))
		return;
	json_array_foreach(rows, i, row)
		json_object_set_new(row, "ukuran_kb", json_string(size_kb(r, json_integer_value(json_object_get(row, "ukuran")))));
	ctx = page_ctx(r, "Formulir", "menu_formulir");
	json_object_set_new(ctx, "ada", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "rows", rows);
	web_render(r, 200, "staf/formulir", ctx);
}

/* The PDF of field "file": NULL with errors.file set when missing or bad. */
static const struct upload *form_pdf(struct req *r, json_t *errors)
{
	const struct upload *f = web_upload(r, "file");
	enum info_pdf e;
	char msg[200];

	if (!f) {
		/* over the limit (answered 413) or not chosen */
		json_object_set_new(errors, "file", json_string(http_too_large(r) ? http_too_large(r)
								  : "Pilih file formulir (PDF) yang akan diunggah."));
		return NULL;
	}
	e = info_pdf_check(f->data, f->len, f->filename, (size_t)g_cfg.upload_max);
	if (e != INFO_PDF_OK) {
		json_object_set_new(errors, "file", json_string(info_pdf_message(e, (size_t)g_cfg.upload_max, msg, sizeof msg)));
		return NULL;
	}
	return f;
}

static void form_page(struct req *r, int status, const char *tpl, json_t *v, json_t *form, json_t *errors,
		      const char *alert)
{
	json_t *ctx = page_ctx(r, form ? "Ubah Formulir" : "Unggah Formulir", "menu_formulir");

	json_object_set_new(v, "layanan_opsi", service_options(r, json_integer_value(json_object_get(v, "layanan_id"))));
	json_object_set_new(ctx, "v", v);
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "max_mb", json_integer((g_cfg.upload_max + 1048575) / 1048576));
	if (alert)
		json_object_set_new(ctx, "alert", json_string(alert));
	if (form) {
		json_object_set_new(form, "ukuran_kb", json_string(size_kb(r, json_integer_value(json_object_get(form, "ukuran")))));
		json_object_set_new(form, "dibagi", json_boolean(json_integer_value(json_object_get(form, "dipakai")) > 1));
		json_object_set_new(ctx, "f", form);
	}
	web_render(r, status, tpl, ctx);
}

/* The posted form fields to show again, and in (pointing into them). */
static json_t *typed_form(struct req *r, struct info_form_input *in)
{
	static const char *const names[] = { "judul", "urutan", NULL };
	json_t *v = web_values(r, names);

	json_object_set_new(v, "layanan_id", json_integer(chosen_service(r)));
	*in = (struct info_form_input){ str_of(v, "judul"), json_integer_value(json_object_get(v, "layanan_id")),
					str_of(v, "urutan") };
	return v;
}

void staf_formulir_baru(struct req *r)
{
	json_t *v, *errors;
	const struct upload *f;
	struct info_form_input in;
	int64_t staf, id = 0;
	enum info_rc rc;

	if (!(staf = need_admin(r)))
		return;
	if (r->method != HTTP_POST) {
		form_page(r, 200, "staf/formulir_form", json_pack("{s:s, s:s, s:i}", "judul", "", "urutan", "", "layanan_id", 0),
			  NULL, NULL, NULL);
		return;
	}
	v = typed_form(r, &in);
	errors = json_object();
	f = form_pdf(r, errors);
	rc = info_form_add(db_thread(), staf, &in, f ? f->data : NULL, f ? f->len : 0, g_cfg.files_dir, errors, &id);
	if (rc == INFO_INVALID) {
		form_page(r, 422, "staf/formulir_form", v, NULL, errors,
			  "Formulir belum disimpan. Periksa kembali isian yang ditandai merah; pilih ulang file PDF-nya.");
		return;
	}
	json_decref(v);
	json_decref(errors);
	info_done(r, rc, "Formulir diunggah dan tampil di halaman Formulir.", "/staf/formulir", MSG_NO_FORM);
}

/* The stored form of the path (admin list entry), or NULL after 404/500. */
static json_t *form_of(struct req *r)
{
	int64_t id = web_path_id(r, 0);
	json_t *rows = id ? info_form_admin_list(db_thread()) : NULL, *row, *found = NULL;
	size_t i;

	if (id && !rows) {
		http_error(r, 500, NULL);
		return NULL;
	}
	json_array_foreach(rows, i, row)
		if (json_integer_value(json_object_get(row, "id")) == id)
			found = json_incref(row);
	json_decref(rows);
	if (!found)
		http_error(r, 404, MSG_NO_FORM);
	return found;
}

static json_t *stored_values(struct req *r, const json_t *form)
{
	return json_pack("{s:s, s:s, s:O}", "judul", str_of(form, "judul"), "urutan",
			 arena_printf(r->a, "%lld", (long long)json_integer_value(json_object_get(form, "urutan"))), "layanan_id",
			 json_object_get(form, "layanan_id"));
}

void staf_formulir_edit(struct req *r)
{
	json_t *form, *v, *errors;
	struct info_form_input in;
	int64_t staf, id;
	enum info_rc rc;

	if (!(staf = need_admin(r)) || !(form = form_of(r)))
		return;
	id = json_integer_value(json_object_get(form, "id"));
	if (r->method != HTTP_POST) {
		form_page(r, 200, "staf/formulir_form", stored_values(r, form), form, NULL, NULL);
		return;
	}
	v = typed_form(r, &in);
	errors = json_object();
	rc = info_form_update(db_thread(), staf, id, &in, errors);
	if (rc == INFO_INVALID) {
		form_page(r, 422, "staf/formulir_form", v, form, errors, "Formulir belum disimpan. Periksa kembali isian yang ditandai merah.");
		return;
	}
	info_done(r, rc, "Formulir disimpan.", arena_printf(r->a, "/staf/formulir/%lld", (long long)id), MSG_NO_FORM);
	json_decref(v);
	json_decref(errors);
	json_decref(form);
}

void staf_formulir_ganti(struct req *r)
{
	json_t *form, *errors;
	const struct upload *f;
	int64_t staf, id;

	if (!(staf = need_admin(r)) || !(form = form_of(r)))
		return;
	id = json_integer_value(json_object_get(form, "id"));
	errors = json_object();
	if (!(f = form_pdf(r, errors))) {
		form_page(r, 422, "staf/formulir_form", stored_values(r, form), form, errors,
			  "File belum diganti. Periksa pesan pada pilihan file.");
		return;
	}
	json_decref(errors);
	info_done(r, info_form_replace(db_thread(), staf, id, f->data, f->len, has(r, "semua"), g_cfg.files_dir),
		  "File formulir diganti. Unduhan di halaman Formulir memakai file yang baru.",
		  arena_printf(r->a, "/staf/formulir/%lld", (long long)id), MSG_NO_FORM);
	json_decref(form);
}

void staf_formulir_hapus(struct req *r)
{
	int64_t staf, id = web_path_id(r, 0);

	if (!(staf = need_admin(r)))
		return;
	info_done(r, id ? info_form_delete(db_thread(), staf, id, g_cfg.files_dir) : INFO_NOT_FOUND,
		  "Formulir dihapus dan tidak tampil lagi di halaman Formulir.", "/staf/formulir", MSG_NO_FORM);
}
