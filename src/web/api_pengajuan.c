// SPDX-License-Identifier: MIT
// JSON API of applications for the applicant: applications, documents, sending, chat (and the officers' chat).
#include <stdio.h>
#include <string.h>

#include "domain/application.h"
#include "domain/catalog.h"
#include "domain/chat.h"
#include "domain/document.h"
#include "domain/staff.h"
#include "domain/tte.h"
#include "domain/validate.h"
#include "domain/workflow.h"
#include "lib/config.h"
#include "web/web.h"

/*
 * Same rules as the pages of pengajuan.c and dokumen.c: the domain decides,
 * the answers use its words. Someone else's application or file gets the
 * very answer an unknown one gets (404), so codes and ids cannot be probed.
 */

#define MSG_LOGIN "Silakan login terlebih dahulu."
#define MSG_APP_NOT_FOUND "Pengajuan tidak ditemukan."
#define MSG_DOC_NOT_FOUND "Dokumen tidak ditemukan."
#define MSG_EDIT_STATE "Pengajuan hanya dapat diubah saat berstatus Draft atau Dikembalikan."
#define MSG_DELETE_STATE "Pengajuan hanya dapat dihapus saat berstatus Draft."
#define MSG_SEND_STATE "Pengajuan hanya dapat dikirim saat berstatus Draft atau Dikembalikan."
#define MSG_INCOMPLETE "Pengajuan belum lengkap. Lengkapi isian dan dokumen yang ditandai, lalu kirim kembali."
#define MSG_TYPE "Isian ini harus berupa teks atau angka."
#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define CHAT_ROLES ((1 << ROLE_ADMIN) | (1 << ROLE_VERIFIKATOR) | (1 << ROLE_OPERATOR))

/* ---- answers ----------------------------------------------------------- */

static void need_login(struct req *r, const char *message)
{
	api_error(r, 401, "perlu_login", message, NULL);
	http_add_header(r, "WWW-Authenticate", "Bearer");
}

static void state_conflict(struct req *r, const char *message)
{
	api_error(r, 409, "status_tidak_sesuai", message, NULL);
}

/* Answers a domain refusal other than APP_OK: 422 with the field errors
 * (consumed), 404, 409 with state_msg, or 500. */
static void refused(struct req *r, enum app_rc rc, json_t *errors, const char *state_msg)
{
	if (rc == APP_INVALID) {
		api_invalid(r, errors);
		return;
	}
	json_decref(errors);
	if (rc == APP_NOT_FOUND)
		api_not_found(r, MSG_APP_NOT_FOUND);
	else if (rc == APP_STATE)
		state_conflict(r, state_msg);
	else
		http_error(r, 500, NULL);
}

/* An empty 204 answer. */
static void no_content(struct req *r)
{
	buf_reset(&r->out);
	r->content_type = NULL;
	r->status = 204;
}

/* ---- request parts ----------------------------------------------------- */

/* The application by code in the call's mode: its id, or 0 after
 * answering 404 (unknown, someone else's and another mode's alike). */
static int64_t own_app(struct req *r, const struct pemohon_mode *md, const char *kode)
{
	int64_t id = app_id_of(db_thread(), kode, md);

	if (!id) {
		api_not_found(r, MSG_APP_NOT_FOUND);
		return 0;
	}
	return id;
}

/* A field kode of the catalog ([a-z0-9_]{1,40}); other names cannot be a
 * field of any service and are dropped like every unknown member. */
static int isian_key_ok(const char *k)
{
	size_t n = strlen(k);

	return n >= 1 && n <= 40 && strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

json_t *api_body_isian(const json_t *body, json_t *errors)
{
	json_t *in = json_object_get(body, "isian"), *out = json_object(), *v;
	const char *k;

	if (!in || json_is_null(in))
		return out;
	if (!json_is_object(in)) {
		json_object_set_new(errors, "isian", json_string("Isian harus berupa objek JSON {kode: nilai}."));
		return out;
	}
	json_object_foreach(in, k, v) {
		char key[64];

		if (!isian_key_ok(k) || json_is_null(v))
			continue;
		if (json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v)) {
			json_object_set(out, k, v);
		} else if (json_is_integer(v)) {
			json_object_set_new(out, k, json_sprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v)));
		} else if (json_is_real(v)) {
			/* the domain refuses a fraction where it wants a whole number */
			json_object_set_new(out, k, json_sprintf("%.15g", json_real_value(v)));
		} else {
			snprintf(key, sizeof key, "isian.%s", k);
			json_object_set_new(errors, key, json_string(MSG_TYPE));
		}
	}
	return out;
}

/*
 * The common fields of a POST/PUT body into in, with isian (from
 * api_body_isian) as the service's own. Members of the wrong type go to
 * errors. no_kk, no_hp, email and kode_desa count in group mode only: in
 * personal mode the domain uses the account's own (Tabel 2).
 */
static void body_input(struct req *r, const struct pemohon_mode *md, struct app_input *in, const json_t *isian,
		       json_t *errors)
{
	memset(in, 0, sizeof *in);
	in->nik = api_in(r, "nik", 0, errors);
	in->nama = api_in(r, "nama", 0, errors);
	in->detail = api_in(r, "detail", 0, errors);
	if (md->grup_id) {
		in->no_kk = api_in(r, "no_kk", 0, errors);
		in->no_hp = api_in(r, "no_hp", 0, errors);
		in->email = api_in(r, "email", 0, errors);
		in->kode_desa = api_in(r, "kode_desa", 0, errors);
	}
	in->isian = isian;
}

/* The detail of an application as the API shows it: without the internal
 * id, and in personal mode with the account's KK number masked (it is not
 * editable there); a group's member typed the resident's and edits it. */
static json_t *detail_json(const struct pemohon_mode *md, const char *kode)
{
	json_t *d = app_detail(db_thread(), md, kode, NULL);
	const char *kk;

	if (!d)
		return NULL;
	json_object_del(d, "id");
	/* the signed documents and their download state (tte.c) */
	json_object_set_new(d, "dokumen_ttd", tte_documents(db_thread(), md, kode));
	kk = json_string_value(json_object_get(d, "no_kk"));
	if (!md->grup_id && kk && strlen(kk) == NIK_LEN) {
		char masked[NIK_LEN + 1];

		nik_mask(kk, masked);
		json_object_set_new(d, "no_kk", json_string(masked));
	}
	return d;
}

/* Answers status with the application's detail (500 when it vanished). */
static void answer_detail(struct req *r, int status, const struct pemohon_mode *md, const char *kode)
{
	json_t *d = detail_json(md, kode);

	if (!d) {
		api_not_found(r, MSG_APP_NOT_FOUND);
		return;
	}
	http_json(r, status, d);
}

/* ---- /pengajuan -------------------------------------------------------- */

static void pengajuan_create(struct req *r, const struct pemohon_mode *md)
{
	struct db *db = db_thread();
	const struct cat_service *svc;
	struct app_input in;
	json_t *errors, *isian;
	const char *layanan;
	char reason[400] = "", kode[APP_CODE_MAX] = "";
	enum app_rc rc;

	if (!api_need_body(r))
		return;
	errors = json_object();
	layanan = api_in(r, "layanan", 0, errors);
	svc = layanan && *layanan ? catalog_find(catalog_get(db), layanan) : NULL;
	if (!svc) {
		if (!json_object_get(errors, "layanan"))
			json_object_set_new(errors, "layanan", json_string(layanan && *layanan
									   ? "Jenis layanan tidak dikenal."
									   : "Jenis layanan wajib dipilih."));
		api_invalid(r, errors);
		return;
	}
	isian = api_body_isian(r->json, errors);
	body_input(r, md, &in, isian, errors);
	/* a member the API refused must not reach the domain as "empty": an
	 * optional field would then be stored blank */
	if (json_object_size(errors)) {
		json_decref(isian);
		api_invalid(r, errors);
		return;
	}
	rc = app_create(db, md, svc, &in, errors, reason, sizeof reason, kode);
	json_decref(isian);
	switch (rc) {
	case APP_OK:
		json_decref(errors);
		http_add_header(r, "Location", arena_printf(r->a, "/api/v1/pengajuan/%s", kode));
		http_json(r, 201, json_pack("{s:s, s:s}", "kode", kode, "status", app_status_names[APP_DRAFT]));
		return;
	case APP_INVALID:
		api_invalid(r, errors);
		return;
	case APP_UNAVAILABLE: {
		/* 403 when the mode may not use the service at all (Tabel 2),
		 * 409 when it is closed now (hours, closed day, quota) */
		int access = catalog_group_access(db, svc, md);
		json_t *e = json_pack("{s:s, s:s, s:s}", "code", access ? "layanan_tidak_tersedia" : "khusus_grup_pemohon",
				      "message", arena_printf(r->a, "Pengajuan %s belum tersedia.", svc->nama), "alasan", reason);

		json_decref(errors);
		http_json(r, access ? 409 : 403, json_pack("{s:o}", "error", e));
		return;
	}
	case APP_NOT_FOUND:
		/* the account is no longer active: its token is worth nothing */
		json_decref(errors);
		need_login(r, MSG_LOGIN);
		return;
	default:
		json_decref(errors);
		http_error(r, 500, NULL);
	}
}

static void pengajuan_list(struct req *r, const struct pemohon_mode *md)
{
	struct db *db = db_thread();
	const char *status = http_query(r, "status");
	const char *kode = http_query(r, "kode"), *nik = http_query(r, "nik"), *nama = http_query(r, "nama");
	struct app_filter f = { 0 };
	json_t *errors = json_object(), *rows;
	long page, total = 0, size = web_page_size();

	f.layanan_id = api_layanan_param(r, errors);
	if (status && *status) {
		if (app_status_from(status) == APP__MAX)
			json_object_set_new(errors, "status",
					    json_string("Status harus salah satu dari: DRAFT, DIKIRIM, DIKEMBALIKAN, "
							"DISETUJUI, DIBATALKAN, DIPROSES, TERBIT_TTE, SELESAI."));
		else
			f.status = status;
	}
	/* app_list matches codes in capitals: small letters are fine here */
	if (kode && (strlen(kode) > APP_CODE_MAX || strspn(kode, ALNUM) != strlen(kode)))
		json_object_set_new(errors, "kode",
				    json_string("Kode pengajuan hanya berisi huruf dan angka, paling banyak 32 karakter."));
	else
		f.kode = kode;
	if (nik && *nik && (strlen(nik) != NIK_LEN || strspn(nik, "0123456789") != NIK_LEN))
		json_object_set_new(errors, "nik", json_string("NIK pencarian harus 16 digit angka."));
	else
		f.nik = nik;
	if (nama && !text_field_ok(nama, 100))
		json_object_set_new(errors, "nama", json_string("Nama pencarian paling banyak 100 karakter."));
	else
		f.nama = nama;
	page = api_page(http_query(r, "halaman"));
	if (!page)
		json_object_set_new(errors, "halaman", json_string("Nomor halaman harus bilangan bulat mulai dari 1."));
	if (json_object_size(errors)) {
		api_error(r, 400, "permintaan_tidak_sah", "Parameter pencarian tidak sah.", errors);
		return;
	}
	json_decref(errors);
	rows = app_list(db, md, &f, page, size, &total);
	http_json(r, 200, json_pack("{s:o, s:i, s:i, s:i, s:i}", "pengajuan", rows, "total", (int)total, "halaman",
				    (int)page, "per_halaman", (int)size, "jumlah_halaman",
				    (int)((total + size - 1) / size)));
}

void api_pengajuan(struct req *r)
{
	struct pemohon_mode md;

	if (!api_need_mode(r, &md))
		return;
	if (r->method == HTTP_POST)
		pengajuan_create(r, &md);
	else
		pengajuan_list(r, &md);
}

/* ---- /pengajuan/{kode} ------------------------------------------------- */

static void pengajuan_update(struct req *r, const struct pemohon_mode *md, const char *kode)
{
	struct app_input in;
	json_t *errors, *isian;
	enum app_rc rc;

	if (!api_need_body(r))
		return;
	errors = json_object();
	isian = api_body_isian(r->json, errors);
	body_input(r, md, &in, isian, errors);
	if (json_object_size(errors)) {
		/* still 404/409 first, like the domain answers them */
		if (!own_app(r, md, kode)) {
			json_decref(errors);
		} else {
			json_t *d = detail_json(md, kode);

			if (d && !json_is_true(json_object_get(d, "dapat_diedit"))) {
				json_decref(errors);
				state_conflict(r, MSG_EDIT_STATE);
			} else {
				api_invalid(r, errors);
			}
			json_decref(d);
		}
		json_decref(isian);
		return;
	}
	rc = app_update(db_thread(), md, kode, &in, errors);
	json_decref(isian);
	switch (rc) {
	case APP_OK:
		json_decref(errors);
		answer_detail(r, 200, md, kode);
		return;
	default:
		refused(r, rc, errors, MSG_EDIT_STATE);
	}
}

void api_pengajuan_item(struct req *r)
{
	struct pemohon_mode md;
	const char *kode;
	json_t *d;

	if (!api_need_mode(r, &md) || !(kode = api_path_kode(r, 0)))
		return;
	switch (r->method) {
	case HTTP_PUT:
		pengajuan_update(r, &md, kode);
		return;
	case HTTP_DELETE:
		switch (app_delete(db_thread(), &md, kode)) {
		case APP_OK:
			no_content(r);
			return;
		case APP_NOT_FOUND:
			api_not_found(r, MSG_APP_NOT_FOUND);
			return;
		case APP_STATE:
			state_conflict(r, MSG_DELETE_STATE);
			return;
		default:
			http_error(r, 500, NULL);
		}
		return;
	default:
		d = detail_json(&md, kode);
		if (!d)
			api_not_found(r, MSG_APP_NOT_FOUND);
		else
			http_json(r, 200, d);
	}
}

/* ---- documents --------------------------------------------------------- */

/* The file entry of link_id in the application's detail, with its jenis
 * (a new reference), or NULL. */
static json_t *link_entry(const struct pemohon_mode *md, const char *kode, int64_t link_id)
{
	json_t *d = app_detail(db_thread(), md, kode, NULL), *types, *t, *files, *f, *out = NULL;
	size_t i, k;

	types = json_object_get(d, "dokumen");
	json_array_foreach(types, i, t) {
		files = json_object_get(t, "file");
		json_array_foreach(files, k, f)
			if (json_integer_value(json_object_get(f, "id")) == link_id) {
				out = json_deep_copy(f);
				json_object_set(out, "jenis", json_object_get(t, "kode"));
				goto done;
			}
	}
done:
	json_decref(d);
	return out;
}

/* The library id of a JSON body: a positive integer, or digits as text. */
static int64_t body_dokumen_id(struct req *r)
{
	json_t *v = json_object_get(r->json, "dokumen_id");

	if (json_is_integer(v))
		return json_integer_value(v) > 0 ? json_integer_value(v) : 0;
	if (json_is_string(v))
		return web_positive_int(json_string_value(v), 15);
	return 0;
}

void api_pengajuan_dokumen(struct req *r)
{
	struct pemohon_mode md;
	int64_t link_id = 0, dok;
	const char *kode, *jenis;
	json_t *errors, *entry;
	enum app_rc rc;

	if (!api_need_mode(r, &md) || !(kode = api_path_kode(r, 0)))
		return;
	errors = json_object();
	if (r->body_kind == BODY_MULTIPART) {
		struct doc_meta m = {
			.tanggal = web_field(r, "tanggal"),
			.lembar = web_field(r, "lembar"),
			.keterangan = web_field(r, "keterangan"),
		};

		jenis = web_field(r, "jenis");
		rc = web_store_upload(r, &md, kode, *jenis ? jenis : NULL, web_upload(r, "file"), &m, errors, &link_id);
	} else if (r->body_kind == BODY_JSON) {
		jenis = api_in(r, "jenis", 0, errors);
		dok = body_dokumen_id(r);
		if (!dok && !json_object_get(errors, "dokumen_id"))
			json_object_set_new(errors, "dokumen_id", json_string("Pilih dokumen dari daftar dokumen Anda."));
		/* 0 matches no file: the domain answers it on the field, like
		 * someone else's file */
		rc = doc_add_existing(db_thread(), &md, kode, jenis, dok, errors, &link_id);
	} else {
		json_decref(errors);
		api_error(r, 400, "permintaan_tidak_sah",
			  "Kirim file sebagai multipart/form-data (jenis, file), atau pilih dokumen lama dengan JSON "
			  "{\"jenis\", \"dokumen_id\"}.", NULL);
		return;
	}
	switch (rc) {
	case APP_OK:
		json_decref(errors);
		entry = link_entry(&md, kode, link_id);
		if (!entry)
			entry = json_pack("{s:I}", "id", (json_int_t)link_id);
		http_json(r, 201, entry);
		return;
	default:
		refused(r, rc, errors, MSG_EDIT_STATE);
	}
}

void api_pengajuan_dokumen_hapus(struct req *r)
{
	struct pemohon_mode md;
	int64_t id;
	const char *kode;

	if (!api_need_mode(r, &md) || !(kode = api_path_kode(r, 0)) || !(id = api_path_id(r, 1, MSG_DOC_NOT_FOUND)))
		return;
	switch (doc_remove(db_thread(), &md, kode, id)) {
	case APP_OK:
		no_content(r);
		return;
	case APP_NOT_FOUND:
		/* the application's or the file's: one answer either way */
		api_not_found(r, MSG_DOC_NOT_FOUND);
		return;
	case APP_STATE:
		state_conflict(r, MSG_EDIT_STATE);
		return;
	default:
		http_error(r, 500, NULL);
	}
}

void api_dokumen(struct req *r)
{
	struct pemohon_mode md;

	if (!api_need_mode(r, &md))
		return;
	http_json(r, 200, json_pack("{s:o}", "dokumen", doc_library(db_thread(), &md)));
}

void api_dokumen_berkas(struct req *r)
{
	struct pemohon_mode md;
	int64_t id;
	const char *thumb = http_query(r, "thumb");

	if (!api_need_mode(r, &md) || !(id = api_path_id(r, 0, MSG_DOC_NOT_FOUND)))
		return;
	if (thumb && *thumb && strcmp(thumb, "0") && strcmp(thumb, "1")) {
		api_error(r, 400, "permintaan_tidak_sah", "Parameter pencarian tidak sah.",
			  json_pack("{s:s}", "thumb", "Isi thumb dengan 1 (gambar kecil) atau 0 (file asli)."));
		return;
	}
	web_send_document(r, &md, id, thumb && !strcmp(thumb, "1"), 1);
}

/* ---- sending ----------------------------------------------------------- */

void api_pengajuan_kirim(struct req *r)
{
	struct pemohon_mode md;
	const char *kode, *pilihan;
	json_t *errors;
	enum app_rc rc;

	if (!api_need_mode(r, &md) || !(kode = api_path_kode(r, 0)) || !api_need_body(r))
		return;
	errors = json_object();
	pilihan = api_in(r, "pilihan_dokumen_jadi", 0, errors);
	/* consent is a deliberate act: only JSON true counts */
	rc = app_send(db_thread(), &md, kode, pilihan, json_is_true(json_object_get(r->json, "setuju")), errors);
	switch (rc) {
	case APP_OK:
		json_decref(errors);
		answer_detail(r, 200, &md, kode);
		return;
	case APP_INVALID:
		api_error(r, 422, "belum_lengkap", MSG_INCOMPLETE, errors);
		return;
	default:
		refused(r, rc, errors, MSG_SEND_STATE);
	}
}

/* ---- chat -------------------------------------------------------------- */

/* Posts the body's "isi" as side; answers 201 with the list, or 422. */
static void chat_answer_post(struct req *r, int64_t app_id, enum chat_side side, int64_t staf_id)
{
	struct db *db = db_thread();
	json_t *errors;
	const char *isi;
	long retry;

	if (!api_need_body(r))
		return;
	errors = json_object();
	isi = api_in(r, "isi", 0, errors);
	if (json_object_size(errors)) {
		api_invalid(r, errors);
		return;
	}
	/* an officer's message is audited by chat_post, in its transaction */
	switch (chat_post(db, app_id, side, staf_id, isi, errors, &retry)) {
	case CHAT_OK:
		json_decref(errors);
		api_chat(r, 201, app_id, side);
		return;
	case CHAT_INVALID:
		api_invalid(r, errors);
		return;
	case CHAT_LIMIT:
		web_retry(r, retry);
		api_error(r, 429, "terlalu_banyak_pesan", json_string_value(json_object_get(errors, "isi")), errors);
		return;
	default:
		json_decref(errors);
		http_error(r, 500, NULL);
	}
}

void api_pengajuan_chat(struct req *r)
{
	struct pemohon_mode md;
	int64_t id;
	const char *kode;

	if (!api_need_mode(r, &md) || !(kode = api_path_kode(r, 0)) || !(id = own_app(r, &md, kode)))
		return;
	if (r->method == HTTP_POST)
		chat_answer_post(r, id, CHAT_PEMOHON, 0);
	else
		api_chat(r, 200, id, CHAT_PEMOHON);
}

void api_staf_chat(struct req *r)
{
	struct session *s = api_session(r);
	const char *kode;
	int64_t id;

	if (!s) {
		need_login(r, "Silakan login sebagai petugas terlebih dahulu.");
		return;
	}
	if (s->kind != SESS_STAF || !(staff_roles(db_thread(), s->subject) & CHAT_ROLES)) {
		api_error(r, 403, "akses_ditolak",
			  "Anda tidak memiliki akses ke pesan pengajuan. Hanya petugas dengan peran admin, "
			  "verifikator atau operator yang dapat melakukannya.", NULL);
		return;
	}
	if (api_staf_must_enrol(r, s->subject, staff_roles(db_thread(), s->subject)) || !(kode = api_path_kode(r, 0)))
		return;
	{
		/* a draft, or another service than the officer's, is not there */
		struct wf_actor a = { .id = s->subject, .roles = staff_roles(db_thread(), s->subject) };

		if (!(id = wf_app_id(db_thread(), &a, kode))) {
			api_not_found(r, MSG_APP_NOT_FOUND);
			return;
		}
	}
	chat_answer_post(r, id, CHAT_STAF, s->subject);
}
