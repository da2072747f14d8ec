// SPDX-License-Identifier: MIT
// Staff pages of Grup Pemohon: the list, the group form (admin), the detail with its members (admin, verifikator).
#include <stdio.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/grup.h"
#include "domain/validate.h"
#include "web/web.h"

#define MSG_INVALID "Data yang dikirim belum benar. Periksa kembali isian yang ditandai."

/* ---- shared pieces ------------------------------------------------------- */

/* "Kec. Kajen, Desa Bodas" of a group's wilayah list, into g.wilayah_teks,
 * and its service names into g.layanan_teks. */
static void describe(json_t *g)
{
	static const char *const lists[] = { "wilayah", "layanan" };
	json_t *v;
	size_t i;

	for (int k = 0; k < 2; k++) {
		struct buf b = BUF_INIT;

		json_array_foreach(json_object_get(g, lists[k]), i, v)
			buf_addf(&b, "%s%s", i ? ", " : "", json_string_value(json_object_get(v, "nama")));
		json_object_set_new(g, k ? "layanan_teks" : "wilayah_teks", json_string(b.len ? b.ptr : "-"));
		buf_release(&b);
	}
}

/* The group of the path's first id for an officer holding need, or NULL
 * after answering (login, 403, 404). Caller owns. *me receives the officer. */
static json_t *group_of_path(struct req *r, int need, int64_t *me)
{
	json_t *g;
	int64_t id;

	if (!(*me = web_need_staf(r, need, NULL)))
		return NULL;
	if (!(id = web_path_id(r, 0)) || !(g = grup_get(db_thread(), id))) {
		http_error(r, 404, MSG_NO_GRUP);
		return NULL;
	}
	return g;
}

/* ---- list ---------------------------------------------------------------- */

void staf_grup_list(struct req *r)
{
	json_t *ctx, *rows, *g;
	size_t i;

	if (!web_need_staf(r, STAF_GRUP, NULL))
		return;
	if (!(rows = grup_list(db_thread()))) {
		http_error(r, 500, NULL);
		return;
	}
	json_array_foreach(rows, i, g)
		describe(g);
	ctx = web_ctx(r, "Grup Pemohon");
	json_object_set_new(ctx, "jumlah", json_integer((json_int_t)json_array_size(rows)));
	json_object_set_new(ctx, "ada", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "menu_grup", json_true());
	web_render(r, 200, "staf/grup", ctx);
}

/* ---- the group form (admin) ---------------------------------------------- */

/* Region codes typed one per line (or separated by spaces, commas or
 * semicolons) as an array. */
static json_t *codes_of(struct req *r, const char *text)
{
	json_t *a = json_array();
	const char *p = text ? text : "";

	while (*p) {
		size_t n;

		p += strspn(p, " \t\r\n,;");
		n = strcspn(p, " \t\r\n,;");
		if (n)
			json_array_append_new(a, json_string(arena_strndup(r->a, p, n)));
		p += n;
	}
	return a;
}

/*
 * The posted form into in (arena strings; in->wilayah and in->layanan are
 * owned by values, which also holds what to show again: nama, jenis,
 * wilayah as typed, layanan, aktif). Caller owns values.
 */
static json_t *read_form(struct req *r, struct grup_input *in)
{
	char *nama = arena_strdup(r->a, web_field(r, "nama"));
	const char *wil = http_form(r, "wilayah");
	size_t n = params_count_key(&r->form, "layanan"), i;
	json_t *lay = json_array(), *values;

	text_squash(nama, nama, strlen(nama) + 1);
	for (i = 0; i < n; i++) {
		const char *k = params_get_nth(&r->form, "layanan", i);

		if (k && *k)   /* an empty value names no service */
			json_array_append_new(lay, json_string(k));
	}
	values = json_pack("{s:s, s:s, s:s, s:o, s:o, s:b}", "nama", nama, "jenis", web_field(r, "jenis"), "wilayah",
			   wil && text_block_ok(wil, 2000) ? wil : "", "wilayah_kode", codes_of(r, wil), "layanan", lay,
			   "aktif", http_form(r, "aktif") != NULL);
	in->nama = nama;
	in->jenis = web_field(r, "jenis");
	in->wilayah = json_object_get(values, "wilayah_kode");
	in->layanan = lay;
	in->aktif = http_form(r, "aktif") != NULL;
	return values;
}

/* 1 when array a holds string s. */
static int holds(const json_t *a, const char *s)
{
	json_t *v;
	size_t i;

	json_array_foreach(a, i, v)
		if (json_string_value(v) && !strcmp(json_string_value(v), s))
			return 1;
	return 0;
}

/* The kinds as select options, jenis chosen. */
static json_t *kind_options(const char *jenis)
{
	json_t *a = json_array();

	for (int j = 0; j < GRUP__MAX; j++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", grup_jenis_codes[j], "label",
						   grup_jenis_names[j], "selected", jenis && !strcmp(jenis, grup_jenis_codes[j])));
	return a;
}

/* The group-only services as check boxes, with the kinds each serves;
 * those in chosen (kode strings) ticked. */
static json_t *service_options(const json_t *chosen)
{
	const struct catalog *c = catalog_get(db_thread());
	json_t *a = json_array(), *v;
	size_t i, k;

	for (i = 0; i < c->n; i++) {
		const struct cat_service *s = &c->items[i];
		struct buf b = BUF_INIT;

		if (s->umum)
			continue;
		json_array_foreach(json_object_get(s->def, "kelompok"), k, v) {
			enum grup_jenis j = grup_jenis_from(json_string_value(v));

			buf_addf(&b, "%s%s", k ? ", " : "", j < GRUP__MAX ? grup_jenis_names[j] : json_string_value(v));
		}
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b, s:b}", "kode", s->kode, "nama", s->nama, "untuk",
						   b.ptr, "aktif", s->aktif, "checked", holds(chosen, s->kode)));
		buf_release(&b);
	}
	return a;
}

/* The form page. g: the group edited (NULL: a new one), taken; values
 * taken; errors taken (NULL: none). */
static void group_form(struct req *r, int status, json_t *g, json_t *values, json_t *errors)
{
	json_t *ctx = web_ctx(r, g ? "Ubah Grup Pemohon" : "Tambah Grup Pemohon");

	if (g)
		json_object_set_new(ctx, "grup", g);
	json_object_set_new(ctx, "baru", json_boolean(!g));
	json_object_set_new(ctx, "jenis_opsi", kind_options(json_string_value(json_object_get(values, "jenis"))));
	json_object_set_new(ctx, "layanan_opsi", service_options(json_object_get(values, "layanan")));
	json_object_set_new(ctx, "values", values);
	if (errors && json_object_size(errors))
		json_object_set_new(ctx, "alert", json_string(MSG_INVALID));
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "menu_grup", json_true());
	web_render(r, status, "staf/grup_form", ctx);
}

/* Form values of a stored group. */
static json_t *stored_values(const json_t *g)
{
	json_t *kode = json_array(), *v;
	struct buf b = BUF_INIT;
	size_t i;

	json_array_foreach(json_object_get(g, "wilayah"), i, v)
		buf_addf(&b, "%s%s", i ? "\n" : "", json_string_value(json_object_get(v, "kode")));
	json_array_foreach(json_object_get(g, "layanan"), i, v)
		json_array_append(kode, json_object_get(v, "kode"));
	v = json_pack("{s:O, s:O, s:s, s:o, s:O}", "nama", json_object_get(g, "nama"), "jenis",
		      json_object_get(g, "jenis"), "wilayah", b.len ? b.ptr : "", "layanan", kode, "aktif",
		      json_object_get(g, "aktif"));
	buf_release(&b);
	return v;
}

/* Saves the posted form (id 0: a new group) and answers: to the detail
 * page, or the form again with 422. */
static void save(struct req *r, int64_t me, json_t *g)
{
	struct grup_input in;
	json_t *values = read_form(r, &in), *errors = json_object();
	int64_t id = g ? json_integer_value(json_object_get(g, "id")) : 0;
	enum grup_rc rc = id ? grup_update(db_thread(), me, id, &in, errors)
			     : grup_create(db_thread(), me, &in, errors, &id);

	if (rc == GRUP_INVALID) {
		group_form(r, 422, g, values, errors);
		return;
	}
	json_decref(values);
	json_decref(errors);
	json_decref(g);
	if (rc != GRUP_OK) {
		http_error(r, rc == GRUP_NOT_FOUND ? 404 : 500, rc == GRUP_NOT_FOUND ? MSG_NO_GRUP : NULL);
		return;
	}
	web_flash(r, "Data grup pemohon berhasil disimpan.");
	http_redirect(r, arena_printf(r->a, "/staf/grup/%lld", (long long)id));
}

void staf_grup_baru(struct req *r)
{
	int64_t me;

	if (!(me = web_need_staf(r, STAF_ADMIN, NULL)))
		return;
	if (r->method == HTTP_POST)
		save(r, me, NULL);
	else
		group_form(r, 200, NULL, json_pack("{s:s, s:s, s:s, s:[], s:b}", "nama", "", "jenis", "", "wilayah", "",
						   "layanan", "aktif", 1), NULL);
}

void staf_grup_ubah(struct req *r)
{
	int64_t me;
	json_t *g = group_of_path(r, STAF_ADMIN, &me);

	if (!g)
		return;
	if (r->method == HTTP_POST)
		save(r, me, g);
	else
		group_form(r, 200, g, stored_values(g), NULL);
}

/* ---- detail and members -------------------------------------------------- */

/* The detail page of group g (taken): nik and errors (taken, may be NULL)
 * of a refused "Tambah anggota". */
static void detail_page(struct req *r, int status, json_t *g, const char *nik, json_t *errors)
{
	json_t *ctx = web_ctx(r, json_string_value(json_object_get(g, "nama"))), *rows, *m;
	size_t i;

	if (!(rows = grup_members(db_thread(), json_integer_value(json_object_get(g, "id"))))) {
		json_decref(ctx);
		json_decref(g);
		json_decref(errors);
		http_error(r, 500, NULL);
		return;
	}
	json_array_foreach(rows, i, m)
		json_object_set_new(m, "sejak_teks", json_string(web_date_wib(r, json_integer_value(json_object_get(m, "sejak")))));
	describe(g);
	json_object_set_new(ctx, "grup", g);
	json_object_set_new(ctx, "ada_anggota", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "anggota", rows);
	json_object_set_new(ctx, "nik", json_string(nik ? nik : ""));
	json_object_set_new(ctx, "errors", errors ? errors : json_object());
	json_object_set_new(ctx, "menu_grup", json_true());
	web_render(r, status, "staf/grup_detail", ctx);
}

void staf_grup_detail(struct req *r)
{
	int64_t me;
	json_t *g = group_of_path(r, STAF_GRUP, &me);

	if (g)
		detail_page(r, 200, g, NULL, NULL);
}

void staf_grup_anggota(struct req *r)
{
	int64_t me;
	json_t *g = group_of_path(r, STAF_GRUP, &me), *errors;
	const char *nik = web_field(r, "nik");
	enum grup_rc rc;

	if (!g)
		return;
	errors = json_object();
	rc = grup_member_add(db_thread(), me, json_integer_value(json_object_get(g, "id")), nik, errors);
	if (rc == GRUP_INVALID) {
		detail_page(r, 422, g, text_field_ok(nik, NIK_LEN) ? nik : "", errors);
		return;
	}
	json_decref(errors);
	if (rc != GRUP_OK) {
		json_decref(g);
		http_error(r, rc == GRUP_NOT_FOUND ? 404 : 500, rc == GRUP_NOT_FOUND ? MSG_NO_GRUP : NULL);
		return;
	}
	web_flash(r, "Pemohon berhasil ditambahkan ke grup. Pemberitahuan dikirim lewat WhatsApp dan email.");
	http_redirect(r, arena_printf(r->a, "/staf/grup/%lld", (long long)json_integer_value(json_object_get(g, "id"))));
	json_decref(g);
}

void staf_grup_anggota_hapus(struct req *r)
{
	int64_t me, pid;
	json_t *g = group_of_path(r, STAF_GRUP, &me);
	json_int_t id;
	enum grup_rc rc;

	if (!g)
		return;
	id = json_integer_value(json_object_get(g, "id"));
	json_decref(g);
	pid = web_path_id(r, 1);
	rc = pid ? grup_member_remove(db_thread(), me, id, pid) : GRUP_NOT_MEMBER;
	if (rc == GRUP_NOT_MEMBER || rc == GRUP_NOT_FOUND) {
		http_error(r, 404, MSG_NO_ANGGOTA);
		return;
	}
	if (rc != GRUP_OK) {
		http_error(r, 500, NULL);
		return;
	}
	web_flash(r, "Anggota dikeluarkan dari grup. Pemberitahuan dikirim lewat WhatsApp dan email.");
	http_redirect(r, arena_printf(r->a, "/staf/grup/%lld", (long long)id));
}
