// SPDX-License-Identifier: MIT
// JSON API of signed documents (TTE): the signing queue, signing, re-issue, revocation, the one download, verification.
#include <stdio.h>
#include <string.h>

#include "domain/tte.h"
#include "domain/workflow.h"
#include "lib/config.h"
#include "web/web.h"

/*
 * The domain (tte.c) decides; these handlers check the token and role,
 * read the input and answer in the API's error style: 401/403 for the
 * token and role, 404 for what the caller may not see (someone else's
 * application answers like an unknown one), 409 status_tidak_sesuai when
 * the state does not allow it, 422 data_tidak_valid for input (a wrong
 * passphrase too: code passphrase_salah), 429 after too many wrong
 * passphrases, 503 when the signer (BSrE) cannot be reached.
 */

#define MSG_APP_NOT_FOUND "Pengajuan tidak ditemukan."
#define MSG_DOC_NOT_FOUND "Dokumen tidak ditemukan."
#define MSG_CODE_NOT_FOUND "Kode verifikasi tidak dikenal: dokumen ini bukan dokumen yang diterbitkan kantor kami."
#define MSG_ROLE "Anda tidak memiliki akses untuk tindakan ini. Tindakan ini hanya untuk petugas dengan peran %s."

/* The officer behind the bearer token holding a role of need, into a. */
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

static void out_init(struct wf_out *out)
{
	memset(out, 0, sizeof *out);
	out->errors = json_object();
}

static void forbidden(struct req *r, const char *roles)
{
	api_error(r, 403, "akses_ditolak", arena_printf(r->a, MSG_ROLE, roles), NULL);
}

/* 409 with the domain's sentence and the application's current status. */
static void conflict(struct req *r, const char *kode, const char *why)
{
	json_t *d = kode ? app_detail(db_thread(), NULL, kode, NULL) : NULL, *e;

	e = json_pack("{s:s, s:s}", "code", "status_tidak_sesuai", "message",
		      why && *why ? why : "Tindakan ini tidak dapat dilakukan pada keadaan dokumen saat ini.");
	if (d) {
		json_object_set(e, "status", json_object_get(d, "status"));
		json_object_set(e, "status_label", json_object_get(d, "status_label"));
	}
	json_decref(d);
	http_json(r, 409, json_pack("{s:o}", "error", e));
}

/* Answers a domain result; ok: what a success answers (consumed). */
static void answer(struct req *r, const char *kode, enum tte_rc rc, struct wf_out *out, json_t *ok,
		   const char *not_found)
{
	if (rc != TTE_INVALID)
		json_decref(out->errors);
	if (rc != TTE_OK)
		json_decref(ok);
	switch (rc) {
	case TTE_OK:
		if (ok)
			http_json(r, 200, ok);
		else
			http_error(r, 500, NULL);
		return;
	case TTE_INVALID:
		api_invalid(r, out->errors);
		return;
	case TTE_NOT_FOUND:
		api_not_found(r, not_found);
		return;
	case TTE_STATE:
		conflict(r, kode, out->why);
		return;
	case TTE_BAD_PASSPHRASE:
		api_error(r, 422, "passphrase_salah", "Passphrase salah. Tidak ada dokumen yang ditandatangani.",
			  json_pack("{s:s}", "passphrase", "Passphrase salah. Periksa kembali lalu coba lagi."));
		return;
	case TTE_LOCKED:
		http_add_header(r, "Retry-After", arena_printf(r->a, "%ld", g_cfg.login_lockout));
		api_error(r, 429, "terlalu_banyak_percobaan",
			  "Terlalu banyak passphrase salah. Penandatanganan dikunci sementara; silakan coba lagi nanti.",
			  NULL);
		return;
	case TTE_SIGNER_DOWN:
		api_error(r, 503, "penanda_tangan_tidak_tersedia",
			  "Layanan tanda tangan elektronik sedang tidak dapat dihubungi. Tidak ada dokumen yang "
			  "ditandatangani; silakan coba beberapa saat lagi.", NULL);
		return;
	default:
		http_error(r, 500, NULL);
	}
}

/* The officer's detail after a successful action, without the internal id. */
static json_t *detail_after(const struct wf_actor *a, const char *kode)
{
	json_t *d = wf_detail_after_move(db_thread(), a, kode);

	if (d)
		json_object_del(d, "id");
	return d;
}

/* ---- staff ------------------------------------------------------------------ */

void api_staf_tte(struct req *r)
{
	struct wf_filter f = { .queue = Q_TTE, .sort = SORT_LAMA };
	struct wf_actor a;
	long page;

	if (!staff(r, STAF_ADMIN | STAF_PENANDATANGAN, &a))
		return;
	page = api_page(http_query(r, "halaman"));
	if (!page) {
		api_invalid(r, json_pack("{s:s}", "halaman", "Nomor halaman harus bilangan bulat mulai dari 1."));
		return;
	}
	api_staf_queue_answer(r, &a, &f, page);
}

void api_staf_tandatangani(struct req *r)
{
	struct wf_actor a;
	struct wf_out out;
	const char *kode, *pass;
	enum tte_rc rc;

	if (!staff(r, STAF_SEMUA, &a))
		return;
	if (!wf_may(MOVE_TERBIT_TTE, a.roles)) {
		forbidden(r, "penandatangan atau admin");
		return;
	}
	if (!(kode = api_path_kode(r, 0)) || !api_need_body(r))
		return;
	out_init(&out);
	pass = api_in(r, "passphrase", 1, out.errors);
	if (json_object_size(out.errors)) {
		api_invalid(r, out.errors);
		return;
	}
	rc = tte_sign(db_thread(), &a, kode, pass, &out);
	answer(r, kode, rc, &out, rc == TTE_OK ? detail_after(&a, kode) : NULL, MSG_APP_NOT_FOUND);
}

void api_staf_terbitkan_ulang(struct req *r)
{
	struct wf_actor a;
	struct wf_out out;
	const char *kode, *alasan;
	enum tte_rc rc;

	if (!staff(r, STAF_SEMUA, &a))
		return;
	if (!tte_may_reissue(a.roles)) {
		forbidden(r, "operator atau admin");
		return;
	}
	if (!(kode = api_path_kode(r, 0)) || !api_need_body(r))
		return;
	out_init(&out);
	alasan = api_in(r, "alasan", 0, out.errors);
	rc = json_object_size(out.errors) ? TTE_INVALID : tte_reissue(db_thread(), &a, kode, alasan, &out);
	answer(r, kode, rc, &out, rc == TTE_OK ? detail_after(&a, kode) : NULL, MSG_APP_NOT_FOUND);
}

void api_staf_cabut(struct req *r)
{
	struct wf_actor a;
	struct wf_out out;
	const char *alasan;
	enum tte_rc rc;
	int64_t id;
	char *kode = NULL;

	if (!staff(r, STAF_SEMUA, &a))
		return;
	if (!tte_may_revoke(a.roles)) {
		forbidden(r, "penandatangan atau admin");
		return;
	}
	if (!(id = api_path_id(r, 0, MSG_DOC_NOT_FOUND)) || !api_need_body(r))
		return;
	out_init(&out);
	alasan = api_in(r, "alasan", 0, out.errors);
	rc = json_object_size(out.errors) ? TTE_INVALID : tte_revoke(db_thread(), &a, id, alasan, &out);
	if (rc == TTE_OK || rc == TTE_STATE) {
		struct db_stmt *st = db_query(db_thread(), "SELECT p.kode FROM dokumen_jadi j JOIN pengajuan p"
					      " ON p.id = j.pengajuan_id WHERE j.id = ?", "i", id);

		if (st && db_next(st) == DB_ROW)
			kode = arena_strdup(r->a, db_text(st, 0));
		db_end(st);
	}
	answer(r, kode, rc, &out, rc == TTE_OK && kode ? tte_verify_code_of(db_thread(), id) : NULL,
	       MSG_DOC_NOT_FOUND);
}

/* ---- the applicant's download ------------------------------------------------ */

/* Records the download once libmicrohttpd handed the whole file over. */
static void download_done(struct req *r, int complete, void *arg)
{
	(void)r;
	if (complete)
		tte_download_done(db_thread(), *(const int64_t *)arg);
}

void api_pengajuan_unduh_ttd(struct req *r)
{
	struct pemohon_mode m;
	char path[4200], name[256], why[512];
	const char *kode;
	int64_t id, *arg;
	enum tte_rc rc;

	if (!api_need_mode(r, &m) || !(kode = api_path_kode(r, 0)) || !(id = api_path_id(r, 1, MSG_DOC_NOT_FOUND)))
		return;
	rc = tte_download_begin(db_thread(), &m, kode, id, path, sizeof path, name, sizeof name, why, sizeof why);
	if (rc == TTE_NOT_FOUND) {
		api_not_found(r, MSG_DOC_NOT_FOUND);
		return;
	}
	if (rc == TTE_STATE) {
		api_error(r, 409, "tidak_dapat_diunduh", why, NULL);
		return;
	}
	if (rc != TTE_OK || http_file(r, path, "application/pdf", name, 1) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	http_add_header(r, "Cache-Control", "private, no-store");
	arg = arena_alloc(r->a, sizeof *arg);
	*arg = id;
	http_on_done(r, download_done, arg);
}

/* ---- public verification ------------------------------------------------------- */

void api_verifikasi(struct req *r)
{
	const char *code = r->nargs > 0 ? r->args[0] : "";
	json_t *j = tte_code_ok(code) ? tte_verify_code(db_thread(), code) : NULL;

	if (!j) {
		api_not_found(r, MSG_CODE_NOT_FOUND);
		return;
	}
	http_add_header(r, "Cache-Control", "no-store");
	http_json(r, 200, j);
}

void api_verifikasi_berkas(struct req *r)
{
	const struct upload *file;

	if (r->body_kind != BODY_MULTIPART || !(file = web_upload(r, "file"))) {
		api_error(r, 400, "permintaan_tidak_sah",
			  "Kirim berkas PDF yang akan diperiksa sebagai multipart/form-data dengan isian file.", NULL);
		return;
	}
	if (!file->len || file->len < 5 || memcmp(file->data, "%PDF-", 5)) {
		api_invalid(r, json_pack("{s:s}", "file", "Pilih berkas PDF dokumen yang akan diperiksa."));
		return;
	}
	http_add_header(r, "Cache-Control", "no-store");
	http_json(r, 200, tte_verify_file(db_thread(), file->data, file->len));
}
