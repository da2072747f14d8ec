// SPDX-License-Identifier: MIT
// Shared machinery of the page and API handlers: session, CSRF, captcha, render.
#ifndef LOKET_WEB_H
#define LOKET_WEB_H

#include <jansson.h>

#include "domain/application.h"
#include "domain/staff.h"
#include "domain/session.h"
#include "http/http.h"
#include "store/db.h"

#define WEB_COOKIE "loket_sid"
/* The anonymous CSRF token of a visitor without a session (web_csrf_token). */
#define WEB_CSRF_COOKIE "loket_csrf"

/* Per-request state of the web layer, hung off req->user. */
struct web {
	struct session sess;
	int has_sess;
	int loaded;
	const char *anon_csrf;      /* this request's anonymous token, arena */
	int anon_new;               /* ... issued now: the cookie is still to set */
	struct pemohon_mode mode;   /* the applicant's mode, once resolved */
	int mode_done;
	const char *mode_why;       /* why the session fell back to personal mode */
};

/* Loads templates and mounts static files; once at start-up. */
int web_init(void);
/* The route table and error hook given to http_serve. */
extern const struct http_hooks web_hooks;
/* Error page (HTML) or error object (API paths) for status. */
void web_error(struct req *r, int status, const char *message);

/* The browser session of this request, or NULL. With create, an anonymous
 * session is started (and its cookie set) when there is none. */
struct session *web_session(struct req *r, int create);
/* Replaces the session with a fresh one for kind/subject (login: new id,
 * no fixation). */
int web_login(struct req *r, enum sess_kind kind, int64_t subject);
void web_logout(struct req *r);
/* The logged-in applicant/staff id, or 0. */
int64_t web_pemohon(struct req *r);
int64_t web_staf(struct req *r);
/* The logged-in applicant, or 0 after redirecting to the login page with
 * a message (pages that need an applicant). */
int64_t web_need_pemohon(struct req *r);
/* The mode (Tabel 2) the logged-in applicant acts in on the web: the
 * session's group while they are still a member of it and it is active,
 * otherwise personal mode (the session falls back to it). 0 without a
 * logged-in applicant. */
int web_mode(struct req *r, struct pemohon_mode *m);
/* web_mode for a page that needs an applicant: 0 after redirecting to
 * the login page. When the session's group can no longer be used, a page
 * (GET) is shown in personal mode saying why; a form (POST) is refused
 * with 403 and that reason, and nothing is done. */
int web_need_mode(struct req *r, struct pemohon_mode *m);
/* The API states the mode with each call in this header: a group id, or
 * absent/empty/0 for personal mode (docs/api.md). */
#define API_MODE_HEADER "X-Loket-Grup"
/* The applicant of the bearer token in the stated mode; 0 after answering
 * 401 (no applicant's token), 400 (a malformed header) or 403 (not a
 * member, or the group is inactive or unknown: nothing is done). */
int api_need_mode(struct req *r, struct pemohon_mode *m);
/* The same without answering: 1 with *m for an applicant's token in an
 * allowed mode, else 0 (a caller that serves visitors too). */
int api_mode(struct req *r, struct pemohon_mode *m);
/* The logged-in staff member whose account is still active (*roles
 * receives their role bits), or 0 after redirecting to the login page (a
 * disabled account is logged out too). */
int64_t web_staf_active(struct req *r, int *roles);
/* Role bits of staff.h, for the guards below. */
#define STAF_ADMIN (1 << ROLE_ADMIN)
#define STAF_VERIFIKATOR (1 << ROLE_VERIFIKATOR)
#define STAF_OPERATOR (1 << ROLE_OPERATOR)
#define STAF_PENANDATANGAN (1 << ROLE_PENANDATANGAN)
#define STAF_SEMUA (STAF_ADMIN | STAF_VERIFIKATOR | STAF_OPERATOR | STAF_PENANDATANGAN)
/* Who reads reports: the admin and the head of office who signs. */
#define STAF_LAPORAN (STAF_ADMIN | STAF_PENANDATANGAN)
/* Who reads Grup Pemohon and manages their members (only the admin edits
 * a group itself). */
#define STAF_GRUP (STAF_ADMIN | STAF_VERIFIKATOR)
#define MSG_NO_GRUP "Grup pemohon tidak ditemukan."
#define MSG_NO_ANGGOTA "Anggota grup tidak ditemukan."
/* The logged-in staff member holding any of the roles in need (0: any),
 * or 0 after answering: no session -> login page, one-time password still
 * in force -> password page, two-factor login required but not enrolled ->
 * the enrolment page (the pending message goes along), disabled -> logged
 * out, wrong role -> 403. *roles receives their role bits. */
int64_t web_need_staf(struct req *r, int need, int *roles);
/* The same for the JSON API (bearer token): 401 without a live staff
 * token, 403 for an applicant's token, a missing role, or (perlu_2fa) an
 * officer who must enrol in two-factor login first. */
int64_t api_need_staf(struct req *r, int need, int *roles);
/* 1 when staff member id holding roles must enrol in two-factor login
 * before anything else (then the API answers 403 perlu_2fa, which this
 * does); 0 otherwise. */
int api_staf_must_enrol(struct req *r, int64_t id, int roles);
/*
 * CSRF (docs/architecture.md, "Security decisions"). The token a page's
 * forms carry: the session's when the request has one; otherwise the
 * visitor's anonymous token from the loket_csrf cookie while it has at
 * least half its life left, else a fresh one, which web_render sets in
 * that cookie when the page holds it (a page without a form sets none).
 * Borrowed until the request ends. The one place that decides: web_ctx
 * and web_captcha call it.
 */
const char *web_csrf_token(struct req *r);
/* 1 when the POSTed "csrf" field is the session's token, or, without a
 * session, equals the loket_csrf cookie and is a valid anonymous token. */
int web_csrf_ok(struct req *r);
/* Message shown once on the next page. */
void web_flash(struct req *r, const char *msg);

/* A page context: app, office, year, menu state, user, csrf, flash, title.
 * Caller owns it (web_render consumes it). */
json_t *web_ctx(struct req *r, const char *title);
/* Adds a fresh captcha (captcha_id, captcha_question) to ctx. */
void web_captcha(struct req *r, json_t *ctx);
/* Checks the posted captcha_id/captcha; on failure sets errors.captcha in
 * errors and returns 0. */
int web_captcha_ok(struct req *r, json_t *errors);
/* Renders template tpl with ctx (consumed) as an HTML page. */
void web_render(struct req *r, int status, const char *tpl, json_t *ctx);
/* Copies the named POST fields into an object (for re-filling a form). */
json_t *web_values(struct req *r, const char *const *names);
/* A positive decimal number of at most max_digits digits, without sign,
 * spaces or leading zeros (ids in paths, page numbers); 0 otherwise. */
int64_t web_positive_int(const char *s, size_t max_digits);
/* A form field, trimmed of surrounding white space; "" when absent. */
const char *web_field(struct req *r, const char *name);
/* Argument i of the route as an id (web_positive_int, at most 15 digits);
 * 0 when it is missing or cannot be one (the caller answers 404). */
int64_t web_path_id(struct req *r, int i);

/* Lists in pages: the page size (loket.ini page_size, else 20), the number
 * of pages of total rows (at least 1) and ?name=N of a page, where a
 * missing or malformed number is the first page. */
long web_page_size(void);
long web_page_count(long total);
long web_page(struct req *r, const char *name);
/* Percent-encodes s into b as a query string value. */
void web_url_encode(struct buf *b, const char *s);
/* Adds "pager" (templates/staf/_pager) to ctx: page of pages with previous
 * and next links built from base (a path with the filter already in its
 * query string, ending in '?' or '&'); more: there is a next page; capped:
 * the total is a lower bound, so the page count is not shown. */
void web_pager(struct req *r, json_t *ctx, const char *base, long page, long pages, int more, int capped);
/* Markdown (safe mode: raw HTML dropped) as an arena string for {{{ }}}. */
const char *web_markdown(struct req *r, const char *md);
/* Answers with the stored supporting document doc (its thumbnail when
 * thumb) when it lies in mode md (NULL: any, the caller has checked that
 * the officer may see it), or 404 "Dokumen tidak ditemukan." (also for doc 0).
 * Never in a shared cache: a page keeps it 10 minutes in the browser and
 * downloads a PDF rather than show it; the API (api) keeps nothing. */
void web_send_document(struct req *r, const struct pemohon_mode *md, int64_t doc, int thumb, int api);

/* JSON API helpers. */
void api_error(struct req *r, int status, const char *code, const char *message, json_t *fields);
/* 422 data_tidak_valid with the field errors (consumed); 400 stays for a
 * malformed request (permintaan_tidak_sah). */
void api_invalid(struct req *r, json_t *errors);
/* 404 tidak_ditemukan with message. */
void api_not_found(struct req *r, const char *message);
/* String member of the JSON body, trimmed; NULL when absent/not a string. */
const char *api_str(struct req *r, const char *key);
/* 1 when the request carried a JSON object body; otherwise answers 400. */
int api_need_body(struct req *r);
/* A page number of the query string s: 1 when absent or empty, 0 when
 * malformed (the caller answers with a field error). */
long api_page(const char *s);
/* The service of the query's layanan=KODE as a filter: its id; 0 when
 * absent, or unknown (then errors.layanan says so). */
int64_t api_layanan_param(struct req *r, json_t *errors);
/* Argument i of the route as an id (web_path_id), or 0 after answering
 * 404 with message. */
int64_t api_path_id(struct req *r, int i, const char *message);
/* Argument i of the route as an application code (app_code_ok), or NULL
 * after answering 404 "Pengajuan tidak ditemukan.". */
const char *api_path_kode(struct req *r, int i);
/* A text member of the JSON body (trimmed unless raw). NULL when absent or
 * null (the domain then says it is required); a member of another type is
 * NULL too, with errors[key] set so "wajib diisi" cannot hide it. */
const char *api_in(struct req *r, const char *key, int raw, json_t *errors);
/*
 * A request body's "isian" as kode -> string for the domain: strings as
 * sent, numbers as their decimal text, null as absent. Another type (or an
 * embedded NUL) sets errors["isian.KODE"]; "isian" itself not being an
 * object sets errors["isian"]. Pure (fuzzed by tests/fuzz/fuzz_api.c).
 * Caller owns the result.
 */
json_t *api_body_isian(const json_t *body, json_t *errors);
/* Sets errors[key] = msg when value is empty and key has no error yet. */
void api_need(json_t *errors, const char *key, const char *value, const char *msg);
/* The API session from "Authorization: Bearer ...", or NULL. */
struct session *api_session(struct req *r);

/* The chat of an application for a page: one page (domain/chat.h) chosen by
 * ?chat_sebelum=ID, each message with waktu_tampil and saya (sent by
 * side), into ctx.chat; ctx.chat_lebih_lama / ctx.chat_terbaru are links
 * (page is the detail page's path) to the older page and back to the
 * newest. */
void web_chat(struct req *r, json_t *ctx, int64_t app_id, int side, const char *page);
/* The API's answer of one chat page chosen by ?sebelum=ID: {chat,
 * sebelumnya (the id for the older page, or null)}; 400 for a malformed
 * sebelum. */
void api_chat(struct req *r, int status, int64_t app_id, int side);

/* A limit was reached: adds "Retry-After: secs" to the answer and returns
 * the wait as people read it ("30 detik", "15 menit"; arena string). */
const char *web_retry(struct req *r, long secs);

/* Dates and times for people (lib/waktu.h), as arena strings: a UTC
 * instant as "07-12-2026 14:05 WIB" or (a post's date) its WIB date
 * "07-12-2026", a stored "YYYY-MM-DD" as "07-12-2026"; "-" for what is
 * not one. */
const char *web_time_wib(struct req *r, int64_t t);
const char *web_date_wib(struct req *r, int64_t t);
const char *web_date(struct req *r, const char *iso);
/* The ISO dates of an application (app_detail, wf_detail) rewritten in
 * place for a page: date isian values, the supporting documents' tanggal,
 * date changes in perubahan. Never on what the API or a form's values
 * carry. */
void web_app_dates(struct req *r, json_t *d);

/* upload.c: the uploaded file of a multipart field, or NULL. */
const struct upload *web_upload(struct req *r, const char *field);
struct doc_meta;
/* Checks the form (doc_precheck), then the file (lib/image: type, decoding,
 * limits), then stores it (doc_add_upload). errors.file holds the reason a
 * file was refused, in the manual's words. Nothing is stored unless APP_OK. */
enum app_rc web_store_upload(struct req *r, const struct pemohon_mode *md, const char *kode, const char *jenis,
			     const struct upload *file, const struct doc_meta *m, json_t *errors, int64_t *link_id);

/* Route handlers, one file per area (see routes.c for their URLs). */
/* public.c */
void page_home(struct req *r);
void page_healthz(struct req *r);
void page_readyz(struct req *r);
void page_persyaratan(struct req *r);
void page_formulir(struct req *r);
void page_formulir_unduh(struct req *r);
void page_informasi(struct req *r);
void page_informasi_detail(struct req *r);
void page_katalog_contoh(struct req *r);
void api_wilayah(struct req *r);
/* pemohon_daftar.c */
void page_daftar(struct req *r);
void page_status(struct req *r);
void page_aktivasi(struct req *r);
/* pemohon_akun.c */
void page_login(struct req *r);
void page_login_kode(struct req *r);
void page_logout(struct req *r);
void page_akun(struct req *r);
void page_ganti_hp(struct req *r);
void page_ganti_email(struct req *r);
void page_ganti_password(struct req *r);
void page_lupa(struct req *r);
void page_reset(struct req *r);
/* pemohon_mode.c */
void page_ganti_mode(struct req *r);
void api_saya_grup(struct req *r);
void api_saya_mode(struct req *r);
/* pengajuan.c */
void page_pengajuan_list(struct req *r);
void page_pengajuan_baru(struct req *r);
void page_pengajuan_detail(struct req *r);
void page_pengajuan_edit(struct req *r);
void page_pengajuan_hapus(struct req *r);
void page_pengajuan_kirim(struct req *r);
void page_pengajuan_chat(struct req *r);
/* dokumen.c */
void page_dokumen_tambah(struct req *r);
void page_dokumen_hapus(struct req *r);
void page_dokumen_file(struct req *r);
void page_dokumen_thumb(struct req *r);
/* staf.c */
void staf_login(struct req *r);
void staf_logout(struct req *r);
void staf_password(struct req *r);
void staf_pendaftaran_list(struct req *r);
void staf_pendaftaran_detail(struct req *r);
void staf_pendaftaran_setujui(struct req *r);
void staf_pendaftaran_tolak(struct req *r);
void staf_pendaftaran_kirim_ulang(struct req *r);
void staf_pesan(struct req *r);
/* staf_2fa.c */
/* After the right password of officer id: the code step when they have
 * enrolled in two-factor login (bound to this browser's session),
 * otherwise their session, and on to the password page, the enrolment page
 * or the dashboard. Answers the request. */
void staf_login_password_ok(struct req *r, int64_t id, int must_change);
void staf_login_kode(struct req *r);
void staf_dua_langkah(struct req *r);
void staf_dua_langkah_kode_baru(struct req *r);
void staf_dua_langkah_nonaktif(struct req *r);
/* staf_pengajuan.c */
void staf_dasbor(struct req *r);
void staf_pengajuan_list(struct req *r);
void staf_pengajuan_detail(struct req *r);
void staf_pengajuan_ambil(struct req *r);
void staf_pengajuan_lepas(struct req *r);
void staf_pengajuan_setujui(struct req *r);
void staf_pengajuan_kembalikan(struct req *r);
void staf_pengajuan_batalkan(struct req *r);
void staf_pengajuan_langkah(struct req *r);
void staf_pengajuan_pilihan(struct req *r);
void staf_pengajuan_dokumen_jadi(struct req *r);
void staf_pengajuan_dokumen_jadi_hapus(struct req *r);
void staf_pengajuan_dokumen_jadi_file(struct req *r);
void staf_pengajuan_selesai(struct req *r);
void staf_pengajuan_chat(struct req *r);
void staf_dokumen_file(struct req *r);
void staf_dokumen_thumb(struct req *r);
/* staf_laporan.c */
void staf_laporan(struct req *r);
void staf_laporan_unduh(struct req *r);
void api_staf_laporan(struct req *r);
/* staf_admin.c */
void staf_petugas_list(struct req *r);
void staf_petugas_baru(struct req *r);
void staf_petugas_edit(struct req *r);
void staf_petugas_nonaktif(struct req *r);
void staf_petugas_aktif(struct req *r);
void staf_petugas_reset(struct req *r);
void staf_pengaturan(struct req *r);
void staf_pengaturan_uji(struct req *r);
void staf_audit(struct req *r);
void page_logo(struct req *r);
void api_staf_audit(struct req *r);
/* staf_grup.c */
void staf_grup_list(struct req *r);
void staf_grup_baru(struct req *r);
void staf_grup_detail(struct req *r);
void staf_grup_ubah(struct req *r);
void staf_grup_anggota(struct req *r);
void staf_grup_anggota_hapus(struct req *r);
/* api_staf_grup.c */
void api_staf_grup(struct req *r);
void api_staf_grup_item(struct req *r);
void api_staf_grup_anggota(struct req *r);
void api_staf_grup_anggota_item(struct req *r);
/* staf_konten.c */
void staf_layanan_list(struct req *r);
void staf_layanan_baru(struct req *r);
void staf_layanan_edit(struct req *r);
void staf_layanan_dokumen(struct req *r);
void staf_informasi_list(struct req *r);
void staf_informasi_baru(struct req *r);
void staf_informasi_edit(struct req *r);
void staf_informasi_akhiri(struct req *r);
void staf_formulir_list(struct req *r);
void staf_formulir_baru(struct req *r);
void staf_formulir_edit(struct req *r);
void staf_formulir_ganti(struct req *r);
void staf_formulir_hapus(struct req *r);
/* api_staf_pengajuan.c */
struct wf_actor;
struct wf_filter;
/* Answers one page of wf_queue_page as the staff API's queue object
 * ({pengajuan, halaman, per_halaman, total, jumlah_halaman, total_lebih}). */
void api_staf_queue_answer(struct req *r, const struct wf_actor *a, const struct wf_filter *f, long page);
void api_staf_dasbor(struct req *r);
void api_staf_pengajuan_list(struct req *r);
void api_staf_pengajuan_detail(struct req *r);
void api_staf_pengajuan_ambil(struct req *r);
void api_staf_pengajuan_lepas(struct req *r);
void api_staf_pengajuan_setujui(struct req *r);
void api_staf_pengajuan_kembalikan(struct req *r);
void api_staf_pengajuan_batalkan(struct req *r);
void api_staf_pengajuan_langkah(struct req *r);
void api_staf_pengajuan_pilihan(struct req *r);
void api_staf_pengajuan_selesai(struct req *r);
void api_staf_dokumen_jadi(struct req *r);
void api_staf_dokumen_jadi_item(struct req *r);
void api_staf_pengajuan_chat_list(struct req *r);
void api_staf_dokumen_berkas(struct req *r);
/* tte.c */
void page_verifikasi(struct req *r);
void page_verifikasi_kode(struct req *r);
/* (the signed-document forms of the officer's and applicant's pages live in
 * staf_pengajuan.c and pengajuan.c, beside the screens they answer with) */
void staf_tte_tandatangani(struct req *r);
void staf_tte_tandatangani_banyak(struct req *r);
void staf_tte_terbitkan_ulang(struct req *r);
void staf_tte_cabut(struct req *r);
void page_pengajuan_unduh_ttd(struct req *r);
/* api_tte.c */
void api_staf_tte(struct req *r);
void api_staf_tandatangani(struct req *r);
void api_staf_terbitkan_ulang(struct req *r);
void api_staf_cabut(struct req *r);
void api_pengajuan_unduh_ttd(struct req *r);
void api_verifikasi(struct req *r);
void api_verifikasi_berkas(struct req *r);
/* api_pemohon.c */
void api_captcha(struct req *r);
void api_pendaftaran(struct req *r);
void api_pendaftaran_status(struct req *r);
void api_aktivasi(struct req *r);
void api_sesi(struct req *r);
void api_saya(struct req *r);
void api_lupa_password(struct req *r);
void api_reset_password(struct req *r);
/* api_staf.c */
void api_staf_sesi(struct req *r);
void api_staf_pendaftaran(struct req *r);
void api_staf_setujui(struct req *r);
void api_staf_tolak(struct req *r);
void api_staf_chat(struct req *r);
/* api_publik.c */
void api_layanan_list(struct req *r);
void api_layanan_detail(struct req *r);
void api_informasi(struct req *r);
/* api_pengajuan.c */
void api_pengajuan(struct req *r);
void api_pengajuan_item(struct req *r);
void api_pengajuan_dokumen(struct req *r);
void api_pengajuan_dokumen_hapus(struct req *r);
void api_pengajuan_kirim(struct req *r);
void api_pengajuan_chat(struct req *r);
void api_dokumen(struct req *r);
void api_dokumen_berkas(struct req *r);

#endif
