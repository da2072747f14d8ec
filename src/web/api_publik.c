// SPDX-License-Identifier: MIT
// Public JSON API of the catalog and information posts.
#include <string.h>
#include <time.h>

#include "domain/catalog.h"
#include "domain/info.h"
#include "lib/config.h"
#include "web/web.h"

/* {kode, prefix, nama, ikon, ringkasan, umum, akses, tersedia, alasan?}:
 * what the list and the detail share, for the caller's mode (an
 * applicant's token and X-Loket-Grup), else as a visitor sees it. */
static json_t *service_head(struct req *r, struct db *db, const struct cat_service *s, time_t now)
{
	char reason[400];
	struct pemohon_mode mode;
	const struct pemohon_mode *m = api_mode(r, &mode) ? &mode : NULL;
	int open = catalog_available(db, s, m, now, reason, sizeof reason);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "kode", s->kode, "prefix", s->prefix, "nama",
			      s->nama, "ikon", s->ikon, "ringkasan", s->ringkasan, "umum", s->umum, "akses",
			      catalog_group_access(db, s, m), "tersedia", open);

	if (!open)
		json_object_set_new(o, "alasan", json_string(reason));
	return o;
}

void api_layanan_list(struct req *r)
{
	struct db *db = db_thread();
	const struct catalog *c = catalog_get(db);
	time_t now = time(NULL);
	json_t *a = json_array();

	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(a, service_head(r, db, &c->items[i], now));
	http_json(r, 200, json_pack("{s:o}", "layanan", a));
}

/* def[key] as a new reference, [] when absent. */
static json_t *list_of(const json_t *def, const char *key)
{
	json_t *a = json_object_get(def, key);

	return json_is_array(a) ? json_deep_copy(a) : json_array();
}

void api_layanan_detail(struct req *r)
{
	struct db *db = db_thread();
	const struct cat_service *s = catalog_find(catalog_get(db), r->args[0]);
	const json_t *def, *e;
	json_t *o, *docs, *forms, *f;
	size_t i;

	if (!s) {
		api_error(r, 404, "tidak_ditemukan", "Layanan tidak ditemukan.", NULL);
		return;
	}
	if (!(forms = info_forms(db, s->id))) {
		http_error(r, 500, NULL);
		return;
	}
	def = s->def;
	o = service_head(r, db, s, time(NULL));
	json_object_set_new(o, "label_nik", json_string(s->label_nik));
	json_object_set_new(o, "label_nama", json_string(s->label_nama));
	json_object_set_new(o, "nik_wajib", json_boolean(s->nik_wajib));
	json_object_set(o, "persyaratan", json_object_get(def, "persyaratan"));
	json_object_set(o, "proses", json_object_get(def, "proses"));
	json_object_set_new(o, "isian", list_of(def, "isian"));
	docs = json_array();
	json_array_foreach(json_object_get(def, "dokumen"), i, e) {
		const char *contoh = json_string_value(json_object_get(e, "contoh"));
		json_t *k = json_object_get(e, "keterangan");

		json_array_append_new(docs, json_pack("{s:O, s:O, s:O, s:O, s:o}", "kode", json_object_get(e, "kode"),
						      "nama", json_object_get(e, "nama"), "wajib", json_object_get(e, "wajib"),
						      "keterangan", k ? k : json_null(),
						      "contoh_url", contoh ? json_string(arena_printf(r->a, "/katalog/contoh/%s", contoh))
									   : json_null()));
	}
	json_object_set_new(o, "dokumen", docs);
	json_object_set_new(o, "langkah", list_of(def, "langkah"));
	json_object_set_new(o, "dokumen_jadi", list_of(def, "dokumen_jadi"));
	json_array_foreach(forms, i, f) {
		json_object_set_new(f, "url", json_string(arena_printf(r->a, "/formulir/%lld/unduh",
								     (long long)json_integer_value(json_object_get(f, "id")))));
		json_object_del(f, "layanan_id");
		json_object_del(f, "berkas");
		json_object_del(f, "ukuran");
	}
	json_object_set_new(o, "formulir", forms);
	http_json(r, 200, o);
}

void api_informasi(struct req *r)
{
	const char *h = http_query(r, "halaman"), *auth = http_header(r, "Authorization");
	long page = api_page(h), size = web_page_size();
	struct session *s = api_session(r);
	int64_t total = 0;
	json_t *posts;

	if (!page) {
		api_error(r, 400, "permintaan_tidak_sah", "Parameter tidak sah.",
			  json_pack("{s:s}", "halaman", "Nomor halaman harus bilangan bulat mulai dari 1."));
		return;
	}
	/* a token that no longer works should say so, not quietly hide the
	 * applicant's rahasia posts */
	if (auth && !s) {
		api_error(r, 401, "perlu_login", "Sesi tidak berlaku. Silakan login kembali.", NULL);
		http_add_header(r, "WWW-Authenticate", "Bearer");
		return;
	}
	posts = info_list(db_thread(), s && s->kind == SESS_PEMOHON, time(NULL), (page - 1) * size, size, &total);
	if (!posts) {
		http_error(r, 500, NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:o, s:I, s:i, s:i}", "informasi", posts, "total", (json_int_t)total, "halaman",
				    (int)page, "per_halaman", (int)size));
}
