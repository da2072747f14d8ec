// SPDX-License-Identifier: MIT
// Public pages (manual A): Home, Persyaratan, Formulir, Informasi, catalog files, and the region API.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "domain/catalog.h"
#include "domain/info.h"
#include "domain/region.h"
#include "lib/config.h"
#include "lib/log.h"
#include "web/web.h"

/* Characters of an information post shown on Home before "[detail]". */
#define EXCERPT_CHARS 160
/* Posts on Home (Gambar 5). */
#define HOME_POSTS 3
/* Forms and example images can be replaced by an admin under the same
 * URL: browsers revalidate instead of keeping a stale copy. */
#define CATALOG_FILE_CACHE "no-cache"
/* A working day of the office for standard times (7.30-16.00 less breaks). */
#define WORKDAY_MINUTES 480

#define MSG_NO_FORMS "Layanan ini tidak membutuhkan formulir."
#define MSG_NO_OUTPUT "Layanan ini tidak menghasilkan dokumen yang dapat diunduh."
#define MSG_GROUP_ONLY "Khusus Grup Pemohon"

/* ---- helpers ------------------------------------------------------------- */

/* Rahasia posts are for readers who logged in: applicants, and officers. */
static int reads_rahasia(struct req *r)
{
	return web_pemohon(r) != 0 || web_staf(r) != 0;
}

/* "2 jam", "1 jam 30 menit", "1 hari kerja", "45 menit". */
static const char *minutes_text(struct req *r, long long m)
{
	if (m >= WORKDAY_MINUTES && m % WORKDAY_MINUTES == 0)
		return arena_printf(r->a, "%lld hari kerja", m / WORKDAY_MINUTES);
	if (m >= 60 && m % 60)
		return arena_printf(r->a, "%lld jam %lld menit", m / 60, m % 60);
	if (m >= 60)
		return arena_printf(r->a, "%lld jam", m / 60);
	return arena_printf(r->a, "%lld menit", m);
}

/* "12 KB" (rounded up: a 300-byte file is not "0 KB"). */
static const char *size_kb(struct req *r, json_int_t bytes)
{
	return arena_printf(r->a, "%lld KB", (long long)((bytes + 1023) / 1024));
}

/* The reader's mode: a logged-in applicant's (web_mode), else NULL (a
 * visitor or an officer, who see services as a visitor does). */
static const struct pemohon_mode *reader_mode(struct req *r, struct pemohon_mode *m)
{
	return web_mode(r, m) ? m : NULL;
}

/* {kode, nama, ikon, ringkasan, akses, tersedia, alasan?} of a service
 * card in mode m (akses: the mode may use it at all). */
static json_t *service_card(struct db *db, const struct cat_service *s, const struct pemohon_mode *m, time_t now)
{
	char reason[400];
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b}", "kode", s->kode, "nama", s->nama, "ikon", s->ikon,
			      "ringkasan", s->ringkasan, "akses", catalog_group_access(db, s, m));

	if (catalog_available(db, s, m, now, reason, sizeof reason))
		json_object_set_new(o, "tersedia", json_true());
	else
		json_object_set_new(o, "alasan", json_string(reason));
	return o;
}

/*
 * The side menu of services shared by Persyaratan and Formulir: a list on
 * wide screens, a select (GET form to action, field "layanan") on phones.
 * active: the selected service, NULL for "Semua" (when all_label is set).
 */
static json_t *service_menu(struct req *r, const struct catalog *c, const struct cat_service *active,
			    const char *action, const char *all_label)
{
	json_t *items = json_array();
	size_t i;

	if (all_label)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:b}", "kode", "", "nama", all_label, "url",
						       action, "aktif", active == NULL));
	for (i = 0; i < c->n; i++) {
		const struct cat_service *s = &c->items[i];
		const char *url = all_label ? arena_printf(r->a, "%s?layanan=%s", action, s->kode)
					    : arena_printf(r->a, "%s/%s", action, s->kode);

		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:b}", "kode", s->kode, "nama", s->nama,
						       "url", url, "aktif", s == active));
	}
	return json_pack("{s:s, s:o}", "action", action, "items", items);
}

/* ---- Home (A.1) ---------------------------------------------------------- */

/*
 * The cards of the service grid, built once per catalog snapshot (a
 * snapshot never changes and lives as long as the process): a request only
 * decides availability and copies the card of a closed service. The cards
 * are shared between threads read-only (jansson counts references
 * atomically). A new reference to an array parallel to c->items.
 */
static json_t *home_cards(const struct catalog *c)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static const struct catalog *built_for;
	static json_t *cards;
	json_t *a;

	pthread_mutex_lock(&lock);
	if (built_for != c) {
		json_decref(cards);
		cards = json_array();
		for (size_t i = 0; i < c->n; i++) {
			const struct cat_service *s = &c->items[i];

			json_array_append_new(cards, json_pack("{s:s, s:s, s:s, s:s, s:b}", "kode", s->kode, "nama", s->nama,
							       "ikon", s->ikon, "ringkasan", s->ringkasan, "tersedia", 1));
		}
		built_for = c;
	}
	a = json_incref(cards);
	pthread_mutex_unlock(&lock);
	return a;
}

/*
 * The newest posts of Home, for visitors (0) and logged-in applicants (1),
 * read at most once a second: Home is the busiest page and a post waits a
 * second at most to appear. A copy the caller owns; NULL on error.
 */
static json_t *latest_posts(struct db *db, int rahasia, time_t now)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static struct { time_t at; json_t *posts; } slot[2];
	json_t *copy = NULL;

	pthread_mutex_lock(&lock);
	if (!slot[rahasia].posts || slot[rahasia].at != now) {
		json_t *fresh = info_latest(db, rahasia, now, HOME_POSTS, EXCERPT_CHARS);

		if (fresh) {
			json_decref(slot[rahasia].posts);
			slot[rahasia].posts = fresh;
			slot[rahasia].at = now;
		}
	}
	if (slot[rahasia].posts)
		copy = json_deep_copy(slot[rahasia].posts);
	pthread_mutex_unlock(&lock);
	return copy;
}

/*
 * Home as a visitor without a session sees it is the same page for everyone
 * (no token, no name, no flash): it is rendered at most once a second and
 * the bytes are reused, since Home is the page most often asked for.
 */
static pthread_mutex_t anon_lock = PTHREAD_MUTEX_INITIALIZER;
static struct buf anon_page = BUF_INIT;
static time_t anon_at;

static int home_from_cache(struct req *r, time_t now)
{
	int hit = 0;

	pthread_mutex_lock(&anon_lock);
	if (anon_page.len && anon_at == now) {
		buf_reset(&r->out);
		buf_add(&r->out, anon_page.ptr, anon_page.len);
		hit = 1;
	}
	pthread_mutex_unlock(&anon_lock);
	if (hit) {
		r->status = 200;
		r->content_type = "text/html; charset=utf-8";
	}
	return hit;
}

static void home_to_cache(struct req *r, time_t now)
{
	pthread_mutex_lock(&anon_lock);
	buf_reset(&anon_page);
	buf_add(&anon_page, r->out.ptr, r->out.len);
	anon_at = now;
	pthread_mutex_unlock(&anon_lock);
}

void page_home(struct req *r)
{
	struct db *db = db_thread();
	const struct catalog *c = catalog_get(db);
	time_t now = time(NULL);
	int anonymous = !web_session(r, 0);
	struct pemohon_mode mode;
	const struct pemohon_mode *m;
	json_t *posts;

	if (anonymous && home_from_cache(r, now))
		return;
	posts = latest_posts(db, reads_rahasia(r) ? 1 : 0, now);
	json_t *ctx, *cards, *umum, *lain, *p;
	char reason[400];
	size_t i;

	if (!posts) {
		http_error(r, 500, NULL);
		return;
	}
	ctx = web_ctx(r, NULL);
	json_array_foreach(posts, i, p) {
		json_object_set_new(p, "tanggal", json_string(web_date_wib(r, json_integer_value(json_object_get(p, "terbit_at")))));
		json_object_set_new(p, "sistem", json_boolean(!strcmp(json_string_value(json_object_get(p, "jenis")), "sistem")));
	}
	cards = home_cards(c);
	m = reader_mode(r, &mode);
	umum = json_array();
	lain = json_array();
	/* a special service is "Khusus Grup Pemohon" to everyone but a member
	 * in the mode of a group given it, who sees it like a general one */
	for (i = 0; i < c->n; i++) {
		const struct cat_service *s = &c->items[i];
		json_t *card = json_array_get(cards, i), *closed, *list = s->umum ? umum : lain;

		if (!catalog_group_access(db, s, m)) {
			closed = json_copy(card);
			json_object_del(closed, "tersedia");
			json_array_append_new(list, closed);
		} else if (catalog_available(db, s, m, now, reason, sizeof reason)) {
			json_array_append(list, card);
		} else {
			closed = json_copy(card);
			json_object_del(closed, "tersedia");
			json_object_set_new(closed, "alasan", json_string(reason));
			json_array_append_new(list, closed);
		}
	}
	json_decref(cards);
	json_object_set_new(ctx, "nav_home", json_true());
	json_object_set_new(ctx, "ada_informasi", json_boolean(json_array_size(posts) > 0));
	json_object_set_new(ctx, "ada_lainnya", json_boolean(json_array_size(lain) > 0));
	json_object_set_new(ctx, "informasi", posts);
	json_object_set_new(ctx, "layanan", umum);
	json_object_set_new(ctx, "lainnya", lain);
	json_object_set_new(ctx, "khusus", json_string(MSG_GROUP_ONLY));
	web_render(r, 200, "home", ctx);
	if (anonymous && r->status == 200)
		home_to_cache(r, now);
}

void api_wilayah(struct req *r)
{
	const char *induk = http_query(r, "induk");
	const char *list = region_children_json(db_thread(), induk);

	if (!list) {
		api_error(r, 400, "kode_tidak_sah",
			  "Kode wilayah induk tidak sah. Contoh: 33 atau 33.26 atau 33.26.07.",
			  json_pack("{s:s}", "induk", "Format kode wilayah tidak sah."));
		return;
	}
	/* region lists change only on import: let the browser keep them */
	http_add_header(r, "Cache-Control", "public, max-age=86400");
	http_text(r, 200, "application/json; charset=utf-8", list);
}

/* ---- Persyaratan (A.2) --------------------------------------------------- */

/* Everything the Persyaratan page shows of one service (the Sinkronisasi
 * Data sheet: requirements, process, forms, fields, documents, steps,
 * output). NULL on a storage error. */
static json_t *service_sheet(struct req *r, struct db *db, const struct cat_service *s, time_t now)
{
	const json_t *def = s->def, *e;
	struct pemohon_mode mode;
	json_t *o = service_card(db, s, reader_mode(r, &mode), now), *forms = info_forms(db, s->id), *a, *f;
	long long total = 0;
	size_t i;

	if (!forms) {
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "umum", json_boolean(s->umum));
	json_object_set_new(o, "persyaratan_html", json_string(s->persyaratan_html));
	json_object_set_new(o, "proses_html", json_string(s->proses_html));
	json_array_foreach(forms, i, f) {
		json_object_set_new(f, "ukuran_kb", json_string(size_kb(r, json_integer_value(json_object_get(f, "ukuran")))));
		json_object_del(f, "berkas");
	}
	json_object_set_new(o, "formulir", forms);

	a = json_array();
	json_array_foreach(json_object_get(def, "isian"), i, e)
		json_array_append_new(a, json_pack("{s:O, s:O, s:O?}", "label", json_object_get(e, "label"),
						   "wajib", json_object_get(e, "wajib"), "bantuan", json_object_get(e, "bantuan")));
	json_object_set_new(o, "isian", a);

	a = json_array();
	json_array_foreach(json_object_get(def, "dokumen"), i, e) {
		const char *contoh = json_string_value(json_object_get(e, "contoh"));
		json_t *d = json_pack("{s:O, s:O, s:O?}", "nama", json_object_get(e, "nama"), "wajib",
				      json_object_get(e, "wajib"), "keterangan", json_object_get(e, "keterangan"));

		if (contoh)
			json_object_set_new(d, "contoh_url", json_string(arena_printf(r->a, "/katalog/contoh/%s", contoh)));
		json_array_append_new(a, d);
	}
	json_object_set_new(o, "dokumen", a);

	a = json_array();
	json_array_foreach(json_object_get(def, "langkah"), i, e) {
		json_int_t m = json_integer_value(json_object_get(e, "waktu_baku_menit"));

		total += m;
		json_array_append_new(a, json_pack("{s:i, s:O, s:s}", "no", (int)i + 1, "nama", json_object_get(e, "nama"),
						   "waktu", minutes_text(r, m)));
	}
	json_object_set_new(o, "langkah", a);
	if (total)
		json_object_set_new(o, "total_waktu", json_string(minutes_text(r, total)));

	a = json_array();
	json_array_foreach(json_object_get(def, "dokumen_jadi"), i, e)
		json_array_append_new(a, json_pack("{s:O}", "nama", json_object_get(e, "nama")));
	json_object_set_new(o, "dokumen_jadi", a);
	json_object_set_new(o, "khusus", json_string(MSG_GROUP_ONLY));
	return o;
}

void page_persyaratan(struct req *r)
{
	struct db *db = db_thread();
	const struct catalog *c = catalog_get(db);
	const struct cat_service *s;
	json_t *ctx, *sheet = NULL;

	if (r->nargs) {
		s = catalog_find(c, r->args[0]);
	} else {
		const char *kode = http_query(r, "layanan");

		/* the phone's select submits ?layanan=KODE: one canonical URL */
		if (kode && *kode) {
			if (!(s = catalog_find(c, kode)))
				http_error(r, 404, "Jenis layanan tidak ditemukan.");
			else
				http_redirect(r, arena_printf(r->a, "/persyaratan/%s", s->kode));
			return;
		}
		s = c->n ? &c->items[0] : NULL;
	}
	if (r->nargs && !s) {
		http_error(r, 404, "Jenis layanan tidak ditemukan.");
		return;
	}
	if (s && !(sheet = service_sheet(r, db, s, time(NULL)))) {
		http_error(r, 500, NULL);
		return;
	}
	ctx = web_ctx(r, s ? arena_printf(r->a, "Persyaratan %s", s->nama) : "Persyaratan");
	json_object_set_new(ctx, "nav_persyaratan", json_true());
	json_object_set_new(ctx, "menu", service_menu(r, c, s, "/persyaratan", NULL));
	if (sheet)
		json_object_set_new(ctx, "layanan", sheet);
	json_object_set_new(ctx, "tanpa_formulir", json_string(MSG_NO_FORMS));
	json_object_set_new(ctx, "tanpa_dokumen_jadi", json_string(MSG_NO_OUTPUT));
	web_render(r, 200, "publik/persyaratan", ctx);
}

/* ---- Formulir (A.3) ------------------------------------------------------ */

/* Content type of a downloadable form by its extension. */
static const char *form_type(const char *name)
{
	static const char *const types[][2] = {
		{ ".pdf", "application/pdf" },
		{ ".doc", "application/msword" },
		{ ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
		{ ".xls", "application/vnd.ms-excel" },
		{ ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
		{ ".odt", "application/vnd.oasis.opendocument.text" },
		{ ".ods", "application/vnd.oasis.opendocument.spreadsheet" },
	};
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (!strcasecmp(dot, types[i][0]))
			return types[i][1];
	return "application/octet-stream";
}

/* Content type of an example image; NULL for anything that is not one. */
static const char *image_type(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot)
		return NULL;
	if (!strcasecmp(dot, ".svg"))
		return "image/svg+xml";
	if (!strcasecmp(dot, ".png"))
		return "image/png";
	if (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg"))
		return "image/jpeg";
	return NULL;
}

void page_formulir(struct req *r)
{
	struct db *db = db_thread();
	const struct catalog *c = catalog_get(db);
	const char *kode = http_query(r, "layanan");
	const struct cat_service *s = NULL;
	json_t *forms, *rows, *seen, *f, *ctx;
	size_t i;

	if (kode && *kode && !(s = catalog_find(c, kode))) {
		http_error(r, 404, "Jenis layanan tidak ditemukan.");
		return;
	}
	if (!(forms = info_forms(db, s ? s->id : 0))) {
		http_error(r, 500, NULL);
		return;
	}
	/* one row per file: several services share a form (F-1.01) and the
	 * "Semua" list names them all */
	rows = json_array();
	seen = json_object();
	json_array_foreach(forms, i, f) {
		const char *berkas = json_string_value(json_object_get(f, "berkas"));
		const struct cat_service *owner = catalog_by_id(c, json_integer_value(json_object_get(f, "layanan_id")));
		json_t *row = json_object_get(seen, berkas);
		const char *names;

		if (!row) {
			row = json_pack("{s:O, s:O, s:s, s:s}", "id", json_object_get(f, "id"), "judul",
					json_object_get(f, "judul"), "ukuran_kb",
					size_kb(r, json_integer_value(json_object_get(f, "ukuran"))), "layanan", "");
			json_array_append_new(rows, row);
			json_object_set_new(seen, berkas, json_incref(row));
		}
		if (!owner)
			continue;
		names = json_string_value(json_object_get(row, "layanan"));
		json_object_set_new(row, "layanan", json_string(*names ? arena_printf(r->a, "%s, %s", names, owner->nama)
									: owner->nama));
	}
	json_decref(seen);
	json_decref(forms);
	ctx = web_ctx(r, s ? arena_printf(r->a, "Formulir %s", s->nama) : "Formulir");
	json_object_set_new(ctx, "nav_formulir", json_true());
	json_object_set_new(ctx, "menu", service_menu(r, c, s, "/formulir", "Semua Formulir"));
	json_object_set_new(ctx, "judul", json_string(s ? s->nama : "Semua Formulir"));
	json_object_set_new(ctx, "semua", json_boolean(!s));
	json_object_set_new(ctx, "ada", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "formulir", rows);
	json_object_set_new(ctx, "tanpa_formulir", json_string(s ? MSG_NO_FORMS : "Belum ada formulir."));
	web_render(r, 200, "publik/formulir", ctx);
}

void page_formulir_unduh(struct req *r)
{
	int64_t id = web_positive_int(r->args[0], 15);
	json_t *f = NULL;
	const char *berkas;
	char *path;
	int rc;

	if (!id || (rc = info_form(db_thread(), id, &f)) == 1) {
		http_error(r, 404, "Formulir tidak ditemukan.");
		return;
	}
	if (rc < 0) {
		http_error(r, 500, NULL);
		return;
	}
	berkas = arena_strdup(r->a, json_string_value(json_object_get(f, "berkas")));
	json_decref(f);
	path = catalog_file_path(g_cfg.files_dir, berkas);
	if (!path || http_file(r, path, form_type(berkas), berkas, 1) < 0) {
		/* the row is there but the file is not: a broken files_dir */
		log_error("formulir %lld: file missing under files_dir/katalog", (long long)id);
		free(path);
		http_error(r, 404, "Formulir tidak ditemukan.");
		return;
	}
	free(path);
	http_add_header(r, "Cache-Control", CATALOG_FILE_CACHE);
}

void page_katalog_contoh(struct req *r)
{
	const char *name = r->args[0], *type = image_type(name);
	char *path = type ? catalog_file_path(g_cfg.files_dir, name) : NULL;

	if (!path || http_file(r, path, type, name, 0) < 0) {
		free(path);
		http_error(r, 404, "Contoh file tidak ditemukan.");
		return;
	}
	free(path);
	http_add_header(r, "Cache-Control", CATALOG_FILE_CACHE);
}

/* ---- Informasi (A.4) ----------------------------------------------------- */

/* Adds what the templates show of a post: its date, its HTML and badges. */
static void post_view(struct req *r, json_t *p)
{
	enum info_jenis j = info_jenis_from(json_string_value(json_object_get(p, "jenis")));

	json_object_set_new(p, "tanggal", json_string(web_date_wib(r, json_integer_value(json_object_get(p, "terbit_at")))));
	json_object_set_new(p, "html", json_string(web_markdown(r, json_string_value(json_object_get(p, "isi")))));
	json_object_set_new(p, "sistem", json_boolean(j == INFO_SISTEM));
	json_object_set_new(p, "rahasia", json_boolean(j == INFO_RAHASIA));
	json_object_del(p, "isi");
}

void page_informasi(struct req *r)
{
	int64_t want = web_positive_int(http_query(r, "halaman"), 6), total = 0;
	long page = want ? (long)want : 1, size = web_page_size(), pages, last;
	json_t *posts, *p, *ctx, *pager;
	size_t i;

	posts = info_list(db_thread(), reads_rahasia(r), time(NULL), (page - 1) * size, size, &total);
	if (!posts) {
		http_error(r, 500, NULL);
		return;
	}
	json_array_foreach(posts, i, p)
		post_view(r, p);
	pages = (long)((total + size - 1) / size);
	last = pages ? pages : 1;
	ctx = web_ctx(r, "Informasi");
	json_object_set_new(ctx, "nav_informasi", json_true());
	json_object_set_new(ctx, "ada", json_boolean(json_array_size(posts) > 0));
	json_object_set_new(ctx, "informasi", posts);
	if (pages > 1 || page > 1) {
		pager = json_pack("{s:I, s:I}", "page", (json_int_t)page, "pages", (json_int_t)last);
		/* past the end, "previous" leads back to the last page */
		if (page > 1)
			json_object_set_new(pager, "prev", json_string(arena_printf(r->a, "/informasi?halaman=%ld",
										     page - 1 < last ? page - 1 : last)));
		if (page < pages)
			json_object_set_new(pager, "next", json_string(arena_printf(r->a, "/informasi?halaman=%ld", page + 1)));
		json_object_set_new(ctx, "pager", pager);
	}
	web_render(r, 200, "publik/informasi", ctx);
}

void page_informasi_detail(struct req *r)
{
	int64_t id = web_positive_int(r->args[0], 15);
	json_t *p = NULL, *ctx;
	int rc;

	/* a rahasia post asked for by a visitor reads exactly like an unknown id */
	if (!id || (rc = info_get(db_thread(), id, reads_rahasia(r), time(NULL), &p)) == 1) {
		http_error(r, 404, "Informasi tidak ditemukan.");
		return;
	}
	if (rc < 0) {
		http_error(r, 500, NULL);
		return;
	}
	post_view(r, p);
	ctx = web_ctx(r, json_string_value(json_object_get(p, "judul")));
	json_object_set_new(ctx, "nav_informasi", json_true());
	json_object_set_new(ctx, "post", p);
	web_render(r, 200, "publik/informasi_detail", ctx);
}
