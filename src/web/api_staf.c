// SPDX-License-Identifier: MIT
// JSON API for officers: bearer login (password and two-factor code) and the registration verification queue.
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/staff.h"
#include "domain/twofactor.h"
#include "lib/config.h"
#include "web/web.h"

#define MSG_NOT_FOUND "Data pendaftaran tidak ditemukan."
#define VERIFY_ROLES ((1 << ROLE_ADMIN) | (1 << ROLE_VERIFIKATOR))

/* 429 of the login guard: wait retry seconds. */
static void locked(struct req *r, long retry)
{
	api_error(r, 429, "terlalu_banyak_percobaan",
		  arena_printf(r->a, "Terlalu banyak percobaan login yang gagal untuk akun ini dari jaringan Anda. "
			       "Silakan coba lagi dalam %s.", web_retry(r, retry)), NULL);
}

static void need_login(struct req *r)
{
	api_error(r, 401, "perlu_login", "Silakan login sebagai petugas terlebih dahulu.", NULL);
	http_add_header(r, "WWW-Authenticate", "Bearer");
}

/*
 * The officer behind the bearer token when they may verify registrations
 * (admin or verifikator). Otherwise answers: 401 without a live token, 403
 * for an applicant's token or an officer without the role. 0 then.
 */
static int64_t verifier(struct req *r)
{
	struct session *s = api_session(r);
	int roles;

	if (!s) {
		need_login(r);
		return 0;
	}
	roles = s->kind == SESS_STAF ? staff_roles(db_thread(), s->subject) : 0;
	if (!(roles & VERIFY_ROLES)) {
		api_error(r, 403, "akses_ditolak",
			  "Anda tidak memiliki akses ke verifikasi pendaftaran. Hanya petugas dengan peran "
			  "admin atau verifikator yang dapat melakukannya.", NULL);
		return 0;
	}
	return api_staf_must_enrol(r, s->subject, roles) ? 0 : s->subject;
}

/*
 * The two-factor code of a login whose password was right: 0 when the
 * officer has not enrolled or gave a right code; otherwise answers (401
 * perlu_kode_2fa without a code, 401 kode_salah, 429) and returns -1.
 */
static int sesi_code(struct req *r, int64_t id, const char *user, const char *kode)
{
	struct db *db = db_thread();
	int enrolled = twofa_enrolled(db, id);
	long retry;

	if (enrolled == 0)
		return 0;
	if (enrolled < 0) {
		http_error(r, 500, NULL);
		return -1;
	}
	if (!kode || !*kode) {
		api_error(r, 401, "perlu_kode_2fa",
			  "Akun ini memakai verifikasi dua langkah. Kirim juga kode 6 angka dari aplikasi autentikator "
			  "(atau satu kode pemulihan) pada isian kode.", NULL);
		return -1;
	}
	switch (twofa_login(db, id, user, r->client_ip, kode, &retry)) {
	case TWOFA_OK:
	case TWOFA_RECOVERY:
		return 0;
	case TWOFA_WRONG:
		api_error(r, 401, "kode_salah", "Kode verifikasi salah. Periksa kode 6 angka di aplikasi autentikator "
			  "Anda, lalu coba lagi.", NULL);
		return -1;
	case TWOFA_REPLAYED:
		api_error(r, 401, "kode_salah", "Kode verifikasi ini sudah dipakai. Tunggu kode berikutnya di aplikasi "
			  "autentikator, lalu coba lagi.", NULL);
		return -1;
	case TWOFA_LOCKED:
		locked(r, retry);
		return -1;
	default:
		http_error(r, 500, NULL);
		return -1;
	}
}

static void staf_sesi_create(struct req *r)
{
	struct db *db = db_thread();
	json_t *errors = json_object(), *peran;
	const char *user, *pw, *kode;
	char raw[SECRET_TOKEN_LEN + 1];
	struct session sess;
	int64_t id = 0;
	int must_change = 0, mask, i;
	long retry;

	user = api_in(r, "username", 0, errors);
	pw = api_in(r, "password", 1, errors);
	kode = api_in(r, "kode", 0, errors);
	api_need(errors, "username", user, "Nama pengguna wajib diisi.");
	api_need(errors, "password", pw, "Kata kunci wajib diisi.");
	if (json_object_size(errors)) {
		api_invalid(r, errors);
		return;
	}
	json_decref(errors);
	switch (staff_login(db, user, pw, r->client_ip, &id, &must_change, &retry)) {
	case STAFF_OK:
		break;
	case STAFF_BAD:
		api_error(r, 401, "login_salah", "Nama pengguna atau kata kunci salah.", NULL);
		return;
	case STAFF_LOCKED:
		locked(r, retry);
		return;
	default:
		http_error(r, 500, NULL);
		return;
	}
	if (sesi_code(r, id, user, kode) < 0)
		return;
	if (must_change) {
		/* the one-time password was read by whoever created the account */
		api_error(r, 403, "ganti_password",
			  arena_printf(r->a, "Kata kunci sementara harus diganti terlebih dahulu. Silakan login di "
				       "situs web lalu ganti kata kunci di %s/staf/password.", g_cfg.base_url), NULL);
		return;
	}
	mask = staff_roles(db, id);
	if (api_staf_must_enrol(r, id, mask))
		return;
	if (session_create(db, SESS_STAF, id, 1, raw, &sess) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	peran = json_array();
	for (i = 0; i < ROLE__MAX; i++)
		if (mask & (1 << i))
			json_array_append_new(peran, json_string(staff_role_names[i]));
	http_json(r, 201, json_pack("{s:s, s:s, s:I, s:o}", "token", raw, "token_type", "Bearer",
				    "berlaku_detik", (json_int_t)g_cfg.session_max, "peran", peran));
}

void api_staf_sesi(struct req *r)
{
	struct session *s;

	if (r->method == HTTP_DELETE) {
		s = api_session(r);
		if (!s || s->kind != SESS_STAF) {
			need_login(r);
			return;
		}
		session_destroy(db_thread(), s);
		buf_reset(&r->out);
		r->content_type = NULL;
		r->status = 204;
		return;
	}
	if (api_need_body(r))
		staf_sesi_create(r);
}

void api_staf_pendaftaran(struct req *r)
{
	const char *status = http_query(r, "status"), *q = http_query(r, "q");
	json_t *errors, *rows;
	long page, total = 0, size = web_page_size();
	int i;

	if (!verifier(r))
		return;
	errors = json_object();
	if (!status || !*status) {
		status = "menunggu";
	} else if (!strcmp(status, "semua")) {
		status = NULL;
	} else {
		for (i = 0; i < ST__MAX && strcmp(status, acct_status_names[i]); i++)
			;
		if (i == ST__MAX)
			json_object_set_new(errors, "status",
					    json_string("Status harus salah satu dari: menunggu, disetujui, ditolak, aktif, semua."));
	}
	if (q && strlen(q) > 100)
		json_object_set_new(errors, "q", json_string("Kata pencarian maksimal 100 karakter."));
	page = api_page(http_query(r, "page"));
	if (!page)
		json_object_set_new(errors, "page", json_string("Nomor halaman harus bilangan bulat mulai dari 1."));
	if (json_object_size(errors)) {
		api_error(r, 400, "permintaan_tidak_sah", "Parameter pencarian tidak sah.", errors);
		return;
	}
	json_decref(errors);
	rows = acct_queue(db_thread(), status, q, page, size, &total);
	/* past the counting cap, total and jumlah_halaman are lower bounds */
	http_json(r, 200, json_pack("{s:o, s:i, s:i, s:i, s:i, s:b}", "data", rows, "halaman", (int)page,
				    "per_halaman", (int)size, "total", (int)total,
				    "jumlah_halaman", (int)((total + size - 1) / size),
				    "total_lebih", total > ACCT_QUEUE_TOTAL_CAP));
}

static void state_conflict(struct req *r)
{
	api_error(r, 409, "sudah_diproses",
		  "Pendaftaran ini sudah diproses sebelumnya (disetujui atau ditolak). Muat ulang daftar.", NULL);
}

void api_staf_setujui(struct req *r)
{
	int64_t staf = verifier(r), id;
	long retry = 0;

	if (!staf || !(id = api_path_id(r, 0, MSG_NOT_FOUND)))
		return;
	switch (acct_approve(db_thread(), staf, id, &retry)) {
	case ACCT_OK:
		http_json(r, 200, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "status", "disetujui", "pesan",
					    "Pendaftaran disetujui. Link aktivasi telah dikirim ke WhatsApp dan Email pemohon."));
		break;
	case ACCT_NOT_FOUND:
		api_not_found(r, MSG_NOT_FOUND);
		break;
	case ACCT_STATE:
		state_conflict(r);
		break;
	default:
		http_error(r, 500, NULL);
	}
}

void api_staf_tolak(struct req *r)
{
	int64_t staf = verifier(r), id;
	json_t *errors;
	const char *alasan;

	if (!staf || !(id = api_path_id(r, 0, MSG_NOT_FOUND)) || !api_need_body(r))
		return;
	errors = json_object();
	alasan = api_in(r, "alasan", 0, errors);
	if (json_object_size(errors)) {
		api_invalid(r, errors);
		return;
	}
	switch (acct_reject(db_thread(), staf, id, alasan, errors)) {
	case ACCT_OK:
		json_decref(errors);
		http_json(r, 200, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "status", "ditolak", "pesan",
					    "Pendaftaran ditolak. Alasan penolakan telah dikirim ke WhatsApp dan Email pemohon."));
		break;
	case ACCT_INVALID:
		api_invalid(r, errors);
		break;
	case ACCT_NOT_FOUND:
		json_decref(errors);
		api_not_found(r, MSG_NOT_FOUND);
		break;
	case ACCT_STATE:
		json_decref(errors);
		state_conflict(r);
		break;
	default:
		json_decref(errors);
		http_error(r, 500, NULL);
	}
}
