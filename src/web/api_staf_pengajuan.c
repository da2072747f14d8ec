// SPDX-License-Identifier: MIT
// JSON API for officers: application queues, detail, dashboard, the moves of the workflow and finished documents.
#include <string.h>
#include <time.h>

#include "domain/catalog.h"
#include "domain/chat.h"
#include "domain/workflow.h"
#include "lib/config.h"
#include "web/staf_moves.h"
#include "web/web.h"

/*
 * The same rules as the staff pages: the domain (workflow.c) decides, the
 * answers use its words. Order of checks for every endpoint: a live staff
 * token (401/403), the role the endpoint needs (403), the code in the path
 * (404 when malformed), the body (400 when it is not JSON), then the
 * domain: 404 for an unknown application or one outside the officer's
 * services, 409 when the status (or another officer's hold) does not allow
 * the move, 422 with the field errors.
 */

#define MSG_QUERY "Parameter pencarian tidak sah. Periksa kembali isian yang ditandai."
#define MSG_APP_NOT_FOUND "Pengajuan tidak ditemukan."
#define MSG_JADI_NOT_FOUND "Dokumen jadi tidak ditemukan."
#define MSG_DOC_NOT_FOUND "Dokumen tidak ditemukan."
#define MSG_ROLE "Anda tidak memiliki akses untuk tindakan ini. Tindakan ini hanya untuk petugas dengan peran %s."
#define CHAT_ROLES (STAF_ADMIN | STAF_VERIFIKATOR | STAF_OPERATOR)

/* ---- answers ----------------------------------------------------------- */

/* The roles allowed move m, as "admin atau verifikator" for a message. */
static const char *role_words(struct req *r, enum app_move m)
{
	const char *out = NULL, *sep;
	int i, n = 0, k = 0;

	for (i = 0; i < ROLE__MAX; i++)
		n += wf_may(m, 1 << i) ? 1 : 0;
	for (i = 0; i < ROLE__MAX; i++) {
		if (!wf_may(m, 1 << i))
			continue;
		k++;
		sep = k == 1 ? "" : k == n ? " atau " : ", ";
		out = arena_printf(r->a, "%s%s%s", out ? out : "", sep, staff_role_names[i]);
	}
	return out ? out : "admin";
}

/* 409 status_tidak_sesuai with the domain's sentence and the current
 * status of the application (read without the audited detail: a refused
 * move must leave nothing behind). */
static void state_conflict(struct req *r, const char *kode, const char *why)
{
	json_t *d = app_detail(db_thread(), NULL, kode, NULL), *e;

	e = json_pack("{s:s, s:s}", "code", "status_tidak_sesuai", "message",
		      why && *why ? why : "Tindakan ini tidak dapat dilakukan pada status pengajuan saat ini.");
	if (d) {
		json_object_set(e, "status", json_object_get(d, "status"));
		json_object_set(e, "status_label", json_object_get(d, "status_label"));
	}
	json_decref(d);
	http_json(r, 409, json_pack("{s:o}", "error", e));
}

/* ---- request parts ----------------------------------------------------- */

/* The officer behind the bearer token, holding any role of need (0: any
 * staff role), into a; 0 after answering 401/403. */
static int staff(struct req *r, int need, struct wf_actor *a)
{
	int roles = 0;
	int64_t id = api_need_staf(r, need, &roles);

	if (!id)
		return 0;
	a->id = id;
	a->roles = roles;
	a->ip = r->client_ip;
	return 1;
}

/* The officer may make move m: 1, or 0 after answering 403. */
static int may(struct req *r, const struct wf_actor *a, enum app_move m)
{
	if (wf_may(m, a->roles))
		return 1;
	api_error(r, 403, "akses_ditolak", arena_printf(r->a, MSG_ROLE, role_words(r, m)), NULL);
	return 0;
}

/* A body that may be left out: 1 when there is none (whatever type an
 * empty POST claims) or it is a JSON object; otherwise answers 400. */
static int optional_body(struct req *r)
{
	if (!r->json && !r->body_len)
		return 1;
	return api_need_body(r);
}

/* The officer's detail of kode, without the internal id, or NULL. After
 * a move the view is not audited again (the move's own row records it). */
static json_t *detail_json(const struct wf_actor *a, const char *kode, int after_move)
{
	json_t *d = after_move ? wf_detail_after_move(db_thread(), a, kode) : wf_detail(db_thread(), a, kode, NULL);

	if (d)
		json_object_del(d, "id");
	return d;
}

/* Answers a move's result: 200 with the fresh detail, or the refusal. */
static void answer(struct req *r, const struct wf_actor *a, const char *kode, enum app_rc rc, struct wf_out *out)
{
	json_t *d;

	if (rc != APP_INVALID)
		json_decref(out->errors);
	switch (rc) {
	case APP_OK:
		d = detail_json(a, kode, 1);
		if (!d)
			api_not_found(r, MSG_APP_NOT_FOUND);
		else
			http_json(r, 200, d);
		return;
	case APP_INVALID:
		api_invalid(r, out->errors);
		return;
	case APP_NOT_FOUND:
		api_not_found(r, MSG_APP_NOT_FOUND);
		return;
	case APP_STATE:
		state_conflict(r, kode, out->why);
		return;
	default:
		http_error(r, 500, NULL);
	}
}

static void out_init(struct wf_out *out)
{
	memset(out, 0, sizeof *out);
	out->errors = json_object();
}

/* ---- queue, dashboard, detail ------------------------------------------ */

/* Characters (not bytes) of a UTF-8 string: query values are valid UTF-8. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The status names an officer may filter on (every one but DRAFT, which
 * is the applicant's alone), for the error message. */
static const char *status_words(struct req *r)
{
	const char *out = "Status harus salah satu dari:";
	int i;

	for (i = APP_DIKIRIM; i < APP__MAX; i++)
		out = arena_printf(r->a, "%s %s%s", out, app_status_names[i], i + 1 < APP__MAX ? "," : ".");
	return out;
}

void api_staf_pengajuan_list(struct req *r)
{
	const char *status = http_query(r, "status"), *q = http_query(r, "q");
	const char *antrean = http_query(r, "antrean"), *urut = http_query(r, "urut");
	const char *terlambat = http_query(r, "terlambat");
	struct wf_filter f = { .queue = Q__MAX, .sort = SORT__MAX };
	struct wf_actor a;
	json_t *errors;
	long page;
	int i;

	if (!staff(r, STAF_SEMUA, &a))
		return;
	errors = json_object();
	if (antrean && *antrean) {
		f.queue = wf_queue_from(antrean);
		if (f.queue == Q__MAX)
			json_object_set_new(errors, "antrean",
					    json_string("Antrean harus salah satu dari: verifikasi, proses, tte, serah."));
	}
	if (status && *status) {
		enum app_status s = app_status_from(status);

		if (s == APP__MAX || s == APP_DRAFT)
			json_object_set_new(errors, "status", json_string(status_words(r)));
		else if (f.queue != Q__MAX || (antrean && *antrean))
			json_object_set_new(errors, "status", json_string("Pilih status atau antrean, tidak keduanya."));
		else
			f.status = status;
	}
	f.layanan_id = api_layanan_param(r, errors);
	if (wf_grup_filter(db_thread(), http_query(r, "grup"), &f) < 0)
		json_object_set_new(errors, "grup", json_string("Grup tidak dikenal. Isi 0 untuk Pemohon Pribadi atau id "
								"Grup Pemohon."));
	if (q && utf8_chars(q) > WF_SEARCH_MAX)
		json_object_set_new(errors, "q", json_string(arena_printf(r->a, "Kata pencarian paling banyak %d karakter.",
									  WF_SEARCH_MAX)));
	else
		f.q = q;
	if (urut && *urut) {
		for (i = 0; i < SORT__MAX && strcmp(urut, wf_sort_names[i]); i++)
			;
		if (i == SORT__MAX)
			json_object_set_new(errors, "urut", json_string("Urutan harus salah satu dari: lama, baru, tenggat."));
		else
			f.sort = (enum wf_sort)i;
	}
	if (terlambat && *terlambat) {
		if (!strcmp(terlambat, "1"))
			f.terlambat = 1;
		else if (strcmp(terlambat, "0"))
			json_object_set_new(errors, "terlambat",
					    json_string("Isi terlambat dengan 1 (hanya yang terlambat) atau 0 (semua)."));
	}
	/* like the pages: a queue oldest first (who waited longest), every
	 * status newest first */
	if (f.sort == SORT__MAX)
		f.sort = f.queue == Q__MAX ? SORT_BARU : SORT_LAMA;
	page = api_page(http_query(r, "halaman"));
	if (!page)
		json_object_set_new(errors, "halaman", json_string("Nomor halaman harus bilangan bulat mulai dari 1."));
	if (json_object_size(errors)) {
		api_error(r, 422, "data_tidak_valid", MSG_QUERY, errors);
		return;
	}
	json_decref(errors);
	/* a queue is the work of its roles; everything else is readable by
	 * every officer (within their services) */
	if (f.queue != Q__MAX && !(a.roles & wf_queue_roles(f.queue))) {
		api_error(r, 403, "akses_ditolak",
			  arena_printf(r->a, "Anda tidak memiliki akses ke %s.", wf_queue_labels[f.queue]), NULL);
		return;
	}
	api_staf_queue_answer(r, &a, &f, page);
}

void api_staf_queue_answer(struct req *r, const struct wf_actor *a, const struct wf_filter *f, long page)
{
	long total = 0, size = web_page_size();
	json_t *rows = wf_queue_page(db_thread(), a, f, page, size, &total);

	if (!rows) {
		http_error(r, 500, NULL);
		return;
	}
	/* past the counting cap, total and jumlah_halaman are lower bounds */
	http_json(r, 200, json_pack("{s:o, s:I, s:I, s:I, s:I, s:b}", "pengajuan", rows, "halaman", (json_int_t)page,
				    "per_halaman", (json_int_t)size, "total", (json_int_t)total, "jumlah_halaman",
				    (json_int_t)((total + size - 1) / size), "total_lebih", total > WF_TOTAL_CAP));
}

void api_staf_dasbor(struct req *r)
{
	struct wf_actor a;
	json_t *d;

	if (!staff(r, STAF_SEMUA, &a))
		return;
	d = wf_dashboard(db_thread(), &a, time(NULL));
	if (!d)
		http_error(r, 500, NULL);
	else
		http_json(r, 200, d);
}

void api_staf_pengajuan_detail(struct req *r)
{
	struct wf_actor a;
	const char *kode;
	json_t *d;

	if (!staff(r, STAF_SEMUA, &a) || !(kode = api_path_kode(r, 0)))
		return;
	d = detail_json(&a, kode, 0);
	if (!d)
		api_not_found(r, MSG_APP_NOT_FOUND);
	else
		http_json(r, 200, d);
}

/* ---- the hold ---------------------------------------------------------- */

void api_staf_pengajuan_ambil(struct req *r)
{
	struct wf_actor a;
	struct wf_out out;
	const char *kode;
	json_t *paksa;

	if (!staff(r, STAF_SEMUA, &a) || !(kode = api_path_kode(r, 0)) || !optional_body(r))
		return;
	out_init(&out);
	paksa = r->json ? json_object_get(r->json, "paksa") : NULL;
	if (paksa && !json_is_boolean(paksa) && !json_is_null(paksa)) {
		json_object_set_new(out.errors, "paksa", json_string("Isi paksa dengan true atau false."));
		api_invalid(r, out.errors);
		return;
	}
	answer(r, &a, kode, wf_take(db_thread(), &a, kode, json_is_true(paksa), &out), &out);
}

void api_staf_pengajuan_lepas(struct req *r)
{
	struct wf_actor a;
	struct wf_out out;
	const char *kode;

	if (!staff(r, STAF_SEMUA, &a) || !(kode = api_path_kode(r, 0)) || !optional_body(r))
		return;
	out_init(&out);
	answer(r, &a, kode, wf_release(db_thread(), &a, kode, &out), &out);
}

/* ---- moves with text inputs --------------------------------------------- */

/* The officer, the role move needs and the code: the kode, or NULL after
 * answering. */
static const char *mover(struct req *r, struct wf_actor *a, enum app_move m)
{
	const char *kode;

	if (!staff(r, STAF_SEMUA, a) || !may(r, a, m) || !(kode = api_path_kode(r, 0)))
		return NULL;
	return kode;
}

/* A move of staf_moves.h: its text members (a member of another type is a
 * field error), then the domain. */
static void text_move(struct req *r, enum staf_move which)
{
	const struct staf_move_def *m = &staf_moves[which];
	const char *kode, *v[STAF_MOVE_INPUTS] = { NULL };
	struct wf_actor a;
	struct wf_out out;
	size_t i;

	if (!(kode = mover(r, &a, m->move)) || !(m->body_optional ? optional_body(r) : api_need_body(r)))
		return;
	out_init(&out);
	for (i = 0; m->inputs[i]; i++)
		v[i] = r->json ? api_in(r, m->inputs[i], 0, out.errors) : NULL;
	if (json_object_size(out.errors)) {
		api_invalid(r, out.errors);
		return;
	}
	answer(r, &a, kode, m->run(db_thread(), &a, kode, v, &out), &out);
}

void api_staf_pengajuan_setujui(struct req *r)
{
	text_move(r, SM_SETUJUI);
}

void api_staf_pengajuan_kembalikan(struct req *r)
{
	text_move(r, SM_KEMBALIKAN);
}

void api_staf_pengajuan_batalkan(struct req *r)
{
	text_move(r, SM_BATALKAN);
}

void api_staf_pengajuan_langkah(struct req *r)
{
	text_move(r, SM_LANGKAH);
}

void api_staf_pengajuan_pilihan(struct req *r)
{
	text_move(r, SM_PILIHAN);
}

void api_staf_pengajuan_selesai(struct req *r)
{
	text_move(r, SM_SELESAI);
}

/* ---- finished documents ------------------------------------------------ */

/* The dokumen_jadi entry id of the officer's detail (a new reference), or
 * a bare {id}. */
static json_t *jadi_entry(const struct wf_actor *a, const char *kode, int64_t id)
{
	json_t *d = detail_json(a, kode, 1), *list, *e, *out = NULL;
	size_t i;

	list = json_object_get(d, "dokumen_jadi");
	json_array_foreach(list, i, e)
		if (json_integer_value(json_object_get(e, "id")) == id) {
			out = json_incref(e);
			break;
		}
	json_decref(d);
	return out ? out : json_pack("{s:I}", "id", (json_int_t)id);
}

void api_staf_dokumen_jadi(struct req *r)
{
	const struct upload *file;
	const char *kode, *jenis;
	struct wf_actor a;
	struct wf_out out;
	enum app_rc rc;
	int64_t id = 0;

	if (!(kode = mover(r, &a, MOVE_PROSES)))
		return;
	if (r->body_kind != BODY_MULTIPART) {
		api_error(r, 400, "permintaan_tidak_sah",
			  "Kirim dokumen jadi sebagai multipart/form-data dengan isian jenis dan file (PDF).", NULL);
		return;
	}
	out_init(&out);
	jenis = web_field(r, "jenis");
	file = web_upload(r, "file");
	rc = wf_attach(db_thread(), &a, kode, *jenis ? jenis : NULL, file ? file->data : NULL, file ? file->len : 0,
		       file ? file->filename : NULL, g_cfg.files_dir, &out, &id);
	if (rc != APP_OK) {
		answer(r, &a, kode, rc, &out);
		return;
	}
	json_decref(out.errors);
	http_add_header(r, "Location", arena_printf(r->a, "/api/v1/staf/pengajuan/%s/dokumen-jadi/%lld", kode,
						    (long long)id));
	http_json(r, 201, jadi_entry(&a, kode, id));
}

void api_staf_dokumen_jadi_item(struct req *r)
{
	char path[4096], name[256];
	const char *kode;
	struct wf_actor a;
	struct wf_out out;
	int64_t id;

	if (r->method == HTTP_DELETE) {
		if (!(kode = mover(r, &a, MOVE_PROSES)) || !(id = api_path_id(r, 1, MSG_JADI_NOT_FOUND)))
			return;
		out_init(&out);
		answer(r, &a, kode, wf_detach(db_thread(), &a, kode, id, g_cfg.files_dir, &out), &out);
		return;
	}
	/* every officer who sees the application may read its documents (the
	 * signer above all) */
	if (!staff(r, STAF_SEMUA, &a) || !(kode = api_path_kode(r, 0)) || !(id = api_path_id(r, 1, MSG_JADI_NOT_FOUND)))
		return;
	if (wf_attachment_file(db_thread(), &a, kode, id, g_cfg.files_dir, path, sizeof path, name, sizeof name) < 0 ||
	    http_file(r, path, "application/pdf", name, 0) < 0) {
		api_not_found(r, MSG_JADI_NOT_FOUND);
		return;
	}
	http_add_header(r, "Cache-Control", "private, no-store");
}

/* ---- supporting documents and chat --------------------------------------- */

void api_staf_dokumen_berkas(struct req *r)
{
	const char *thumb = http_query(r, "thumb");
	struct wf_actor a;
	int64_t id;

	if (!staff(r, STAF_SEMUA, &a) || !(id = api_path_id(r, 0, MSG_DOC_NOT_FOUND)))
		return;
	if (thumb && *thumb && strcmp(thumb, "0") && strcmp(thumb, "1")) {
		api_error(r, 422, "data_tidak_valid", MSG_QUERY,
			  json_pack("{s:s}", "thumb", "Isi thumb dengan 1 (gambar kecil) atau 0 (file asli)."));
		return;
	}
	/* outside the officer's services it reads like an unknown one */
	web_send_document(r, NULL, wf_may_see_document(db_thread(), &a, id) ? id : 0, thumb && !strcmp(thumb, "1"), 1);
}

void api_staf_pengajuan_chat_list(struct req *r)
{
	struct db *db = db_thread();
	const struct cat_service *svc;
	struct wf_actor a;
	const char *kode;
	json_t *d;
	int64_t id = 0;

	if (!staff(r, CHAT_ROLES, &a) || !(kode = api_path_kode(r, 0)))
		return;
	/* the plain detail (not audited): the chat is not the personal data
	 * the officer's detail view logs */
	d = app_detail(db, NULL, kode, &id);
	svc = d ? catalog_find(catalog_get(db), json_string_value(json_object_get(json_object_get(d, "layanan"), "kode")))
		: NULL;
	/* a draft is the applicant's alone, as in the detail */
	if (d && !strcmp(json_string_value(json_object_get(d, "status")), app_status_names[APP_DRAFT]))
		svc = NULL;
	json_decref(d);
	if (!id || !svc || !wf_serves(db, a.id, svc->id)) {
		api_not_found(r, MSG_APP_NOT_FOUND);
		return;
	}
	api_chat(r, 200, id, CHAT_STAF);
}
