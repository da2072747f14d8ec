// SPDX-License-Identifier: MIT
// The applicant account rules of manual part B, on top of the store layer.
#include "domain/account.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>
#include <sodium.h>
#include <time.h>

#include "domain/audit.h"
#include "domain/rekap.h"
#include "domain/notify.h"
#include "domain/region.h"
#include "domain/session.h"
#include "domain/throttle.h"
#include "domain/validate.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/waktu.h"

const char *const acct_status_names[ST__MAX] = { "menunggu", "disetujui", "ditolak", "aktif" };
const char *const acct_status_labels[ST__MAX] = {
	"Menunggu Verifikasi", "Disetujui", "Tidak Disetujui", "Aktif",
};

#define NAME_MAX_LEN 100
#define PLACE_MAX_LEN 60
#define REASON_MAX_LEN 500
#define PWHASH_LEN 128
#define HOUR 3600

enum acct_status acct_status_from(const char *s)
{
	int i;

	for (i = 0; i < ST__MAX; i++)
		if (s && !strcmp(s, acct_status_names[i]))
			return (enum acct_status)i;
	return ST_MENUNGGU;
}

static void err(json_t *errors, const char *field, const char *msg)
{
	if (errors && !json_object_get(errors, field))
		json_object_set_new(errors, field, json_string(msg));
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

/* ---- validation shared by registration, API and self-service ---------- */

static int check_password_pair(const char *pw, const char *pw2, const char *field, const char *field2,
			       json_t *errors)
{
	unsigned mask = password_check(nz(pw));

	if (!pw || !*pw) {
		err(errors, field, "Kata kunci wajib diisi.");
		return 0;
	}
	if (mask) {
		struct buf b = BUF_INIT;

		password_message(mask, &b);
		err(errors, field, b.ptr);
		buf_release(&b);
		return 0;
	}
	if (!pw2 || strcmp(pw, pw2)) {
		err(errors, field2, "Ulangi kata kunci harus sama dengan kata kunci.");
		return 0;
	}
	return 1;
}

static int check_name(const char *v, const char *field, const char *label, json_t *errors, char out[NAME_MAX_LEN * 4 + 1])
{
	if (!v || !*v) {
		char m[128];

		snprintf(m, sizeof m, "%s wajib diisi.", label);
		err(errors, field, m);
		return 0;
	}
	if (!text_field_ok(v, NAME_MAX_LEN * 4) || !person_name_ok(v)) {
		char m[200];

		snprintf(m, sizeof m, "%s hanya boleh berisi huruf, spasi, titik, koma, apostrof dan tanda hubung (maksimal %d karakter).",
			 label, NAME_MAX_LEN);
		err(errors, field, m);
		return 0;
	}
	text_squash(v, out, NAME_MAX_LEN * 4 + 1);
	return 1;
}

static int check_nik(const char *v, json_t *errors, struct nik_info *nik)
{
	enum nik_err e = nik_parse(nz(v), nik);

	if (e != NIK_OK) {
		err(errors, "nik", e == NIK_ERR_EMPTY ? "NIK wajib diisi." : nik_strerror(e));
		return 0;
	}
	return 1;
}

static int check_kk(const char *v, json_t *errors, struct kk_info *kk)
{
	enum kk_err e = kk_parse(nz(v), kk);

	if (e != KK_OK) {
		err(errors, "no_kk", e == KK_ERR_EMPTY ? "Nomor KK wajib diisi." : kk_strerror(e));
		return 0;
	}
	return 1;
}

static int check_phone(const char *v, const char *field, json_t *errors, char out[PHONE_BUF])
{
	if (!v || !*v) {
		err(errors, field, "Nomor HP (WhatsApp) wajib diisi.");
		return 0;
	}
	if (strlen(v) > 32 || phone_normalize(v, out) < 0) {
		err(errors, field, phone_err_text);
		return 0;
	}
	return 1;
}

static int check_email(const char *v, const char *field, json_t *errors, char out[EMAIL_MAX + 1])
{
	if (!v || !*v) {
		err(errors, field, "Email wajib diisi.");
		return 0;
	}
	if (strlen(v) > EMAIL_MAX + 8) {
		err(errors, field, email_err_text);
		return 0;
	}
	email_normalize(v, out, EMAIL_MAX + 1);
	if (!*out || !email_valid(out)) {
		err(errors, field, email_err_text);
		return 0;
	}
	return 1;
}

static int check_birth_date(const char *v, json_t *errors, int *y, int *m, int *d)
{
	if (!v || !*v) {
		err(errors, "tanggal_lahir", "Tanggal lahir wajib diisi.");
		return 0;
	}
	if (strlen(v) > 10 || date_parse(v, y, m, d) < 0) {
		err(errors, "tanggal_lahir", "Tanggal lahir tidak sah. Gunakan format HH-BB-TTTT, misalnya 15-05-1990.");
		return 0;
	}
	if (!date_not_future(*y, *m, *d, time(NULL))) {
		err(errors, "tanggal_lahir", "Tanggal lahir tidak boleh melewati hari ini.");
		return 0;
	}
	return 1;
}

/* ---- registration ------------------------------------------------------ */

/* ---- limits of the public forms and of messages ------------------------- */

/*
 * One request of a public form (form: "daftar", "status", "lupa") from
 * address ip for NIK nik: 0 when it may go (and is counted), else the
 * seconds to wait. The answer is the same whether or not nik has an
 * account.
 */
static long public_limit(struct db *db, const char *form, const char *nik, const char *ip)
{
	char kip[96], knik[64];
	long a, b;

	snprintf(kip, sizeof kip, "publik:%s:ip:%s", form, ip ? ip : "");
	snprintf(knik, sizeof knik, "publik:%s:nik:%s", form, nik);
	a = throttle_wait(db, kip);
	b = throttle_wait(db, knik);
	if (a || b)
		return a > b ? a : b;
	throttle_fail(db, kip, g_cfg.public_max_ip, g_cfg.public_window, g_cfg.public_window);
	throttle_fail(db, knik, g_cfg.public_max_nik, g_cfg.public_window, g_cfg.public_window);
	return 0;
}

/* One more message of kind `what` (a link or a code) to account id within
 * the hour: 0 when it may go (and is counted), else the seconds to wait. */
static long send_cap(struct db *db, const char *what, int64_t id)
{
	char key[64];
	long wait;

	snprintf(key, sizeof key, "kirim:%s:%lld", what, (long long)id);
	if ((wait = throttle_wait(db, key)) > 0)
		return wait;
	throttle_fail(db, key, g_cfg.send_max_hour, HOUR, HOUR);
	return 0;
}

/* A registration for a NIK that already has an account changes nothing;
 * the contacts typed learn that the NIK has an account and how to get
 * back in, and the owner (on their own channels, at most send_max_hour
 * times an hour) that someone tried. The page says the same as for a new
 * registration. */
static enum acct_rc registered_already(struct db *db, int64_t id, const char *nik, const char *hp,
				       const char *email)
{
	struct db_stmt *st;
	char owner_hp[PHONE_BUF] = "", owner_email[EMAIL_MAX + 1] = "", masked[NIK_LEN + 1], when[32];
	struct buf typed = BUF_INIT, owner = BUF_INIT;
	enum acct_rc rc = ACCT_ERR;

	st = db_query(db, "SELECT no_hp, email FROM pemohon WHERE id = ?", "i", id);
	if (db_next(st) == DB_ROW) {
		snprintf(owner_hp, sizeof owner_hp, "%s", db_text(st, 0));
		snprintf(owner_email, sizeof owner_email, "%s", db_text(st, 1));
	}
	db_end(st);
	nik_mask(nik, masked);
	waktu_wib(now_s(), when);
	buf_addf(&typed,
		 "Pendaftaran akun pemohon %s dengan NIK %s tidak dapat diproses karena NIK tersebut sudah "
		 "terdaftar.\n\nJika itu akun Anda, silakan login di %s/pemohon/login, gunakan Lupa Password di "
		 "%s/pemohon/lupa-password bila lupa kata kunci, atau cek status pendaftaran di %s/pemohon/status. "
		 "Jika nomor HP atau email akun lama sudah tidak aktif, datanglah ke kantor %s dengan membawa KTP-el."
		 "\n\n%s",
		 g_cfg.app_name, masked, g_cfg.base_url, g_cfg.base_url, g_cfg.base_url, g_cfg.office_name,
		 g_cfg.office_name);
	buf_addf(&owner,
		 "Ada percobaan pendaftaran akun baru di %s dengan NIK Anda (%s) pada %s. Akun Anda tidak "
		 "berubah.\n\nJika itu Anda, akun Anda sudah ada: silakan login di %s/pemohon/login, atau gunakan "
		 "Lupa Password bila lupa kata kunci. Jika itu bukan Anda, abaikan pesan ini dan jangan berikan kata "
		 "kunci atau kode apa pun kepada siapa pun.\n\n%s",
		 g_cfg.app_name, masked, when, g_cfg.base_url, g_cfg.office_name);
	if (db_begin(db) != DB_OK)
		goto out;
	/* the same person typing their own contacts again gets one message */
	if (notify_both(db, strcmp(hp, owner_hp) ? hp : NULL, strcasecmp(email, owner_email) ? email : NULL,
			"Pendaftaran Akun Pemohon", typed.ptr) < 0 ||
	    (!send_cap(db, "percobaan-daftar", id) &&
	     notify_both(db, owner_hp, owner_email, "Percobaan Pendaftaran dengan NIK Anda", owner.ptr) < 0)) {
		db_rollback(db);
		goto out;
	}
	rc = db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
out:
	buf_release(&typed);
	buf_release(&owner);
	return rc;
}

/* ---- registration ------------------------------------------------------ */

enum acct_rc acct_register(struct db *db, const struct reg_input *in, const char *ip, json_t *errors,
			   long *retry)
{
	struct nik_info nik;
	struct kk_info kk;
	char nama[NAME_MAX_LEN * 4 + 1], ibu[NAME_MAX_LEN * 4 + 1], tempat[PLACE_MAX_LEN * 4 + 1];
	char hp[PHONE_BUF], email[EMAIL_MAX + 1], hash[PWHASH_LEN], tgl[11];
	int y = 0, m = 0, d = 0, ok = 1;
	struct buf warn = BUF_INIT;
	struct db_stmt *st;
	int64_t existing = 0, now = now_s();
	enum acct_status existing_status = ST_MENUNGGU;
	enum db_rc rc;

	*retry = 0;
	ok &= check_nik(in->nik, errors, &nik);
	ok &= check_name(in->nama, "nama", "Nama lengkap", errors, nama);
	ok &= check_kk(in->no_kk, errors, &kk);
	if (!in->tempat_lahir || !*in->tempat_lahir) {
		err(errors, "tempat_lahir", "Tempat lahir wajib diisi.");
		ok = 0;
	} else if (!text_field_ok(in->tempat_lahir, PLACE_MAX_LEN * 4) || !person_name_ok(in->tempat_lahir) ||
		   strlen(in->tempat_lahir) > PLACE_MAX_LEN) {
		err(errors, "tempat_lahir", "Tempat lahir hanya boleh berisi huruf dan spasi (maksimal 60 karakter).");
		ok = 0;
	} else {
		text_squash(in->tempat_lahir, tempat, sizeof tempat);
	}
	ok &= check_birth_date(in->tanggal_lahir, errors, &y, &m, &d);
	ok &= check_name(in->nama_ibu, "nama_ibu", "Nama ibu kandung", errors, ibu);
	if (!in->kode_desa || !*in->kode_desa) {
		err(errors, "kode_desa", "Desa/kelurahan wajib dipilih.");
		ok = 0;
	} else if (!region_village_exists(db, in->kode_desa)) {
		err(errors, "kode_desa", "Desa/kelurahan yang dipilih tidak dikenal. Pilih ulang provinsi sampai desa/kelurahan.");
		ok = 0;
	}
	ok &= check_phone(in->no_hp, "no_hp", errors, hp);
	ok &= check_email(in->email, "email", errors, email);
	ok &= check_password_pair(in->password, in->password2, "password", "password2", errors);
	if (!ok)
		return ACCT_INVALID;
	if ((*retry = public_limit(db, "daftar", nik.digits, ip)) > 0)
		return ACCT_LOCKED;
	/* hashed before the NIK is looked up: a registered NIK takes as long */
	if (secret_password_hash(in->password, hash, sizeof hash) < 0)
		return ACCT_ERR;

	st = db_query(db, "SELECT id, status FROM pemohon WHERE nik = ?", "s", nik.digits);
	if (db_next(st) == DB_ROW) {
		existing = db_int(st, 0);
		existing_status = acct_status_from(db_text(st, 1));
	}
	db_end(st);
	if (existing && existing_status != ST_DITOLAK)
		return registered_already(db, existing, nik.digits, hp, email);

	/* warnings for the verifier: accepted, but shown on the review page */
	if (nik_birth_mismatch(&nik, y, m, d))
		nik_birth_warning(&nik, y, m, d, &warn);
	{
		char code[9];

		snprintf(code, sizeof code, "%02d.%02d.%02d", nik.province, nik.regency, nik.district);
		if (strncmp(code, in->kode_desa, 8)) {
			if (warn.len)
				buf_addc(&warn, '\n');
			buf_addf(&warn, "Kode wilayah pada NIK (%s) berbeda dengan kecamatan alamat yang dipilih (%.8s).",
				 code, in->kode_desa);
		}
	}
	snprintf(tgl, sizeof tgl, "%04d-%02d-%02d", y, m, d);
	if (db_begin(db) != DB_OK) {
		buf_release(&warn);
		return ACCT_ERR;
	}
	if (existing) {
		/* a rejected applicant registers again: same row, fresh data */
		rc = db_exec(db, "UPDATE pemohon SET nama = ?, no_kk = ?, tempat_lahir = ?, tanggal_lahir = ?, "
			     "nama_ibu = ?, kode_desa = ?, no_hp = ?, email = ?, password_hash = ?, "
			     "status = 'menunggu', peringatan = ?, alasan_tolak = NULL, diverifikasi_oleh = NULL, "
			     "diverifikasi_at = NULL, updated_at = ? WHERE id = ? AND status = 'ditolak'",
			     "ssssssssssii", nama, kk.digits, tempat, tgl, ibu, in->kode_desa, hp, email, hash,
			     warn.len ? warn.ptr : NULL, now, existing);
		if (rc == DB_DONE && db_changes(db) != 1)
			rc = DB_CONSTRAINT;
	} else {
		rc = db_insert_id(db, "INSERT INTO pemohon (nik, nama, no_kk, tempat_lahir, tanggal_lahir, nama_ibu, "
				  "kode_desa, no_hp, email, password_hash, status, peringatan, created_at, updated_at) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'menunggu', ?, ?, ?) RETURNING id", &existing,
				  "sssssssssssii", nik.digits, nama, kk.digits, tempat, tgl, ibu, in->kode_desa, hp,
				  email, hash, warn.len ? warn.ptr : NULL, now, now);
	}
	buf_release(&warn);
	if (rc != DB_DONE) {
		db_rollback(db);
		/* lost a race with a registration of the same NIK: that one
		 * stands, and this one reads like it */
		return rc == DB_CONSTRAINT ? ACCT_OK : ACCT_ERR;
	}
	return db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
}

/* ---- status check ------------------------------------------------------ */

enum acct_rc acct_status(struct db *db, const char *nik, const char *no_hp, const char *ip, json_t *errors,
			 enum acct_status *status, long *retry)
{
	struct nik_info ni;
	char hp[PHONE_BUF];
	int ok = 1;
	struct db_stmt *st;
	enum acct_rc rc = ACCT_NOT_FOUND;

	*retry = 0;
	ok &= check_nik(nik, errors, &ni);
	ok &= check_phone(no_hp, "no_hp", errors, hp);
	if (!ok)
		return ACCT_INVALID;
	if ((*retry = public_limit(db, "status", ni.digits, ip)) > 0)
		return ACCT_LOCKED;
	st = db_query(db, "SELECT status FROM pemohon WHERE nik = ? AND no_hp = ?", "ss", ni.digits, hp);
	if (db_next(st) == DB_ROW) {
		*status = acct_status_from(db_text(st, 0));
		rc = ACCT_OK;
	}
	db_end(st);
	return rc;
}

/* ---- verification -------------------------------------------------------- */

struct contact {
	char nama[NAME_MAX_LEN * 4 + 1];
	char hp[PHONE_BUF];
	char email[EMAIL_MAX + 1];
	enum acct_status status;
};

static int load_contact(struct db *db, int64_t id, struct contact *c)
{
	struct db_stmt *st = db_query(db, "SELECT nama, no_hp, email, status FROM pemohon WHERE id = ?", "i", id);
	int found = 0;

	if (db_next(st) == DB_ROW) {
		snprintf(c->nama, sizeof c->nama, "%s", db_text(st, 0));
		snprintf(c->hp, sizeof c->hp, "%s", db_text(st, 1));
		snprintf(c->email, sizeof c->email, "%s", db_text(st, 2));
		c->status = acct_status_from(db_text(st, 3));
		found = 1;
	}
	db_end(st);
	return found;
}

/* Stores a new single-use link token of kind for pemohon; the raw token
 * goes to the caller only. Earlier live tokens of the same kind die. */
static int new_token(struct db *db, int64_t pemohon, const char *kind, long ttl,
		     char raw[SECRET_TOKEN_LEN + 1], int64_t *expires)
{
	char hash[SECRET_HASH_LEN + 1];
	int64_t now = now_s();

	secret_token(raw);
	secret_hash("token:", raw, hash);
	*expires = now + ttl;
	if (db_exec(db, "UPDATE token SET used_at = ? WHERE pemohon_id = ? AND jenis = ? AND used_at IS NULL",
		    "iis", now, pemohon, kind) != DB_DONE)
		return -1;
	return db_exec(db, "INSERT INTO token (hash, jenis, pemohon_id, percobaan, created_at, expires_at) "
		       "VALUES (?, ?, ?, 0, ?, ?)", "ssiii", hash, kind, pemohon, now, *expires) == DB_DONE ? 0 : -1;
}

/* Queues the activation message with a new link; inside the caller's
 * transaction. */
static int send_activation(struct db *db, int64_t pemohon_id, const struct contact *c)
{
	char raw[SECRET_TOKEN_LEN + 1], until[32];
	int64_t expires;
	struct buf body = BUF_INIT, subject = BUF_INIT;
	int rc = -1;

	if (new_token(db, pemohon_id, "aktivasi", g_cfg.activation_ttl, raw, &expires) < 0)
		goto out;
	waktu_wib(expires, until);
	buf_addf(&subject, "Aktivasi Akun Pemohon %s", g_cfg.app_name);
	buf_addf(&body,
		 "Yth. %s,\n\n"
		 "Pendaftaran akun pemohon Anda di %s %s telah DISETUJUI.\n\n"
		 "Silakan aktivasi akun Anda melalui tautan berikut:\n%s/pemohon/aktivasi/" NOTIFY_SECRET("%s") "\n\n"
		 "Pada halaman aktivasi, isi Nama Ibu Kandung sesuai data pendaftaran. "
		 "Tautan hanya dapat digunakan satu kali dan berlaku sampai %s.\n\n"
		 "Jika tautan belum bisa diklik, simpan terlebih dahulu nomor pengirim pesan ini.\n\n"
		 "%s",
		 c->nama, g_cfg.app_name, g_cfg.office_name, g_cfg.base_url, raw, until, g_cfg.office_name);
	rc = notify_both(db, c->hp, c->email, subject.ptr, body.ptr);
out:
	sodium_memzero(raw, sizeof raw);
	buf_release(&body);
	buf_release(&subject);
	return rc;
}

/* Runs one officer move on a registration: checks the state it needs,
 * applies it, sends the activation link when asked, and audits it, all in
 * one transaction. */
static enum acct_rc officer_move(struct db *db, int64_t staf_id, int64_t pemohon_id, enum acct_status need,
				 const char *update, const char *aksi, long *retry)
{
	struct contact c;
	char objek[32];

	if (db_begin(db) != DB_OK)
		return ACCT_ERR;
	if (!load_contact(db, pemohon_id, &c)) {
		db_rollback(db);
		return ACCT_NOT_FOUND;
	}
	if (c.status != need) {
		db_rollback(db);
		return ACCT_STATE;
	}
	if ((*retry = send_cap(db, "aktivasi", pemohon_id)) > 0) {
		db_rollback(db);
		return ACCT_LOCKED;
	}
	snprintf(objek, sizeof objek, "pemohon:%lld", (long long)pemohon_id);
	if ((update && (db_exec(db, update, "iiii", staf_id, now_s(), now_s(), pemohon_id) != DB_DONE ||
			db_changes(db) != 1)) ||
	    (update && rekap_pendaftaran(db, now_s(), "disetujui") < 0) ||
	    send_activation(db, pemohon_id, &c) < 0 || audit_log(db, staf_id, aksi, objek, NULL) < 0) {
		db_rollback(db);
		return ACCT_ERR;
	}
	return db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
}

enum acct_rc acct_approve(struct db *db, int64_t staf_id, int64_t pemohon_id, long *retry)
{
	return officer_move(db, staf_id, pemohon_id, ST_MENUNGGU,
			    "UPDATE pemohon SET status = 'disetujui', diverifikasi_oleh = ?, diverifikasi_at = ?, "
			    "updated_at = ? WHERE id = ? AND status = 'menunggu'", "pendaftaran.setujui", retry);
}

enum acct_rc acct_resend_activation(struct db *db, int64_t staf_id, int64_t pemohon_id, long *retry)
{
	return officer_move(db, staf_id, pemohon_id, ST_DISETUJUI, NULL, "pendaftaran.kirim_ulang_aktivasi", retry);
}

enum acct_rc acct_reject(struct db *db, int64_t staf_id, int64_t pemohon_id, const char *alasan,
			 json_t *errors)
{
	struct contact c;
	char reason[REASON_MAX_LEN * 4 + 1], objek[32];
	struct buf body = BUF_INIT, subject = BUF_INIT;
	enum acct_rc rc = ACCT_ERR;

	if (!alasan || !*alasan) {
		err(errors, "alasan", "Alasan penolakan wajib diisi agar pemohon tahu apa yang harus diperbaiki.");
		return ACCT_INVALID;
	}
	if (!text_block_ok(alasan, REASON_MAX_LEN)) {
		err(errors, "alasan", "Alasan penolakan maksimal 500 karakter tanpa karakter kontrol.");
		return ACCT_INVALID;
	}
	text_squash(alasan, reason, sizeof reason);
	if (db_begin(db) != DB_OK)
		return ACCT_ERR;
	if (!load_contact(db, pemohon_id, &c)) {
		db_rollback(db);
		return ACCT_NOT_FOUND;
	}
	if (c.status != ST_MENUNGGU) {
		db_rollback(db);
		return ACCT_STATE;
	}
	if (db_exec(db, "UPDATE pemohon SET status = 'ditolak', alasan_tolak = ?, diverifikasi_oleh = ?, "
		    "diverifikasi_at = ?, updated_at = ? WHERE id = ? AND status = 'menunggu'", "siiii", reason,
		    staf_id, now_s(), now_s(), pemohon_id) != DB_DONE || db_changes(db) != 1)
		goto out;
	buf_addf(&subject, "Pendaftaran Akun Pemohon %s Tidak Disetujui", g_cfg.app_name);
	buf_addf(&body,
		 "Yth. %s,\n\n"
		 "Mohon maaf, pendaftaran akun pemohon Anda di %s %s TIDAK DISETUJUI.\n\n"
		 "Alasan: %s\n\n"
		 "Silakan login dengan NIK dan kata kunci Anda di %s/pemohon/login, lalu pilih "
		 "\"Daftar Ulang\" untuk memperbaiki data pendaftaran.\n\n%s",
		 c.nama, g_cfg.app_name, g_cfg.office_name, reason, g_cfg.base_url, g_cfg.office_name);
	if (notify_both(db, c.hp, c.email, subject.ptr, body.ptr) < 0)
		goto out;
	snprintf(objek, sizeof objek, "pemohon:%lld", (long long)pemohon_id);
	if (audit_log(db, staf_id, "pendaftaran.tolak", objek, reason) < 0 ||
	    rekap_pendaftaran(db, now_s(), "ditolak") < 0)
		goto out;
	rc = db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
out:
	if (rc != ACCT_OK)
		db_rollback(db);
	buf_release(&body);
	buf_release(&subject);
	return rc;
}

/* ---- link tokens (activation, reset) ------------------------------------ */

struct token_row {
	char hash[SECRET_HASH_LEN + 1];
	int64_t pemohon;
};

/* Finds a live token of kind: unused and unexpired. */
static int token_live(struct db *db, const char *raw, const char *kind, struct token_row *t)
{
	struct db_stmt *st;
	int found = 0;

	if (!raw || strlen(raw) != SECRET_TOKEN_LEN)
		return 0;
	secret_hash("token:", raw, t->hash);
	st = db_query(db, "SELECT pemohon_id FROM token WHERE hash = ? AND jenis = ? "
		      "AND used_at IS NULL AND expires_at > ?", "ssi", t->hash, kind, now_s());
	if (db_next(st) == DB_ROW) {
		t->pemohon = db_int(st, 0);
		found = 1;
	}
	db_end(st);
	return found;
}

/* Counts a wrong answer on a link; burns it at the limit. 1 when burnt. */
static int token_wrong(struct db *db, const struct token_row *t, long max)
{
	int64_t tries = 0;

	/* one statement decides: concurrent wrong answers each count (also on
	 * PostgreSQL at READ COMMITTED), and the one reaching the limit burns
	 * the link; no row back means another answer burnt it already */
	if (db_insert_id(db, "UPDATE token SET percobaan = percobaan + 1, used_at = CASE WHEN percobaan + 1 >= ? "
			 "THEN ? ELSE used_at END WHERE hash = ? AND used_at IS NULL RETURNING percobaan", &tries,
			 "iis", (int64_t)max, now_s(), t->hash) != DB_DONE)
		return 1;
	return tries == 0 || tries >= max;
}

enum acct_rc acct_activation_check(struct db *db, const char *token, char **masked_nik)
{
	struct token_row t;
	struct db_stmt *st;
	enum acct_rc rc = ACCT_TOKEN_BAD;

	*masked_nik = NULL;
	if (!token_live(db, token, "aktivasi", &t))
		return ACCT_TOKEN_BAD;
	st = db_query(db, "SELECT nik FROM pemohon WHERE id = ? AND status = 'disetujui'", "i", t.pemohon);
	if (db_next(st) == DB_ROW) {
		char m[NIK_LEN + 1];

		nik_mask(db_text(st, 0), m);
		*masked_nik = strdup(m);
		rc = ACCT_OK;
	}
	db_end(st);
	return rc;
}

/*
 * The holder of a link proves who they are with something only the account
 * knows (mother's name for activation, No. KK for a reset). link_answer
 * opens a transaction on the live link, compares the answer with the column
 * `sql` selects, and on a wrong answer counts it (the link burns at the
 * limit) and commits. ACCT_OK leaves the transaction open for the caller's
 * change; every other result has closed it.
 */
static enum acct_rc link_answer(struct db *db, const char *token, const char *kind, const char *sql,
				const char *answer, int (*same)(const char *stored, const char *answer),
				struct token_row *t)
{
	struct db_stmt *st;
	char *stored = NULL;
	int ok;

	if (db_begin(db) != DB_OK)
		return ACCT_ERR;
	if (!token_live(db, token, kind, t)) {
		db_rollback(db);
		return ACCT_TOKEN_BAD;
	}
	st = db_query(db, sql, "i", t->pemohon);
	if (db_next(st) == DB_ROW)
		stored = strdup(db_text(st, 0));
	db_end(st);
	if (!stored) {
		db_rollback(db);
		return ACCT_TOKEN_BAD;
	}
	ok = same(stored, answer);
	free(stored);
	if (ok)
		return ACCT_OK;
	if (token_wrong(db, t, g_cfg.activation_tries)) {
		db_commit(db);
		return ACCT_LOCKED;
	}
	return db_commit(db) == DB_OK ? ACCT_INVALID : ACCT_ERR;
}

/* Marks the link used; inside link_answer's transaction. */
static int link_use(struct db *db, const struct token_row *t)
{
	return db_exec(db, "UPDATE token SET used_at = ? WHERE hash = ? AND used_at IS NULL", "is", now_s(),
		       t->hash) == DB_DONE && db_changes(db) == 1 ? 0 : -1;
}

enum acct_rc acct_activate(struct db *db, const char *token, const char *nama_ibu, json_t *errors)
{
	struct token_row t;
	enum acct_rc rc;

	if (!nama_ibu || !*nama_ibu) {
		err(errors, "nama_ibu", "Nama ibu kandung wajib diisi.");
		return ACCT_INVALID;
	}
	if (!text_field_ok(nama_ibu, NAME_MAX_LEN)) {
		err(errors, "nama_ibu", "Nama ibu kandung maksimal 100 karakter.");
		return ACCT_INVALID;
	}
	rc = link_answer(db, token, "aktivasi", "SELECT nama_ibu FROM pemohon WHERE id = ? AND status = 'disetujui'",
			 nama_ibu, name_equal_loose, &t);
	if (rc == ACCT_INVALID)
		err(errors, "nama_ibu", "Nama ibu kandung tidak sesuai dengan data pendaftaran.");
	if (rc != ACCT_OK)
		return rc;
	if (link_use(db, &t) < 0 ||
	    db_exec(db, "UPDATE pemohon SET status = 'aktif', aktif_at = ?, updated_at = ? WHERE id = ? "
		    "AND status = 'disetujui'", "iii", now_s(), now_s(), t.pemohon) != DB_DONE ||
	    db_changes(db) != 1) {
		db_rollback(db);
		return ACCT_ERR;
	}
	return db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
}

/* ---- login -------------------------------------------------------------- */

/* A valid Argon2id string that matches nothing a person can type, so a
 * login for an unknown NIK costs the same time as a wrong password. */
static char dummy[PWHASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	char pw[SECRET_TOKEN_LEN + 1];

	secret_token(pw);
	if (secret_password_hash(pw, dummy, sizeof dummy) < 0)
		fatal("cannot hash a password");
}

/* ---- one-time codes (phone/e-mail change, login under attack) ----------- */

/* Stores a new 6-digit code of jenis for account id, holding value (the
 * new number or address; "" for a login); earlier live codes of the same
 * jenis die. code receives it. Inside the caller's transaction. 0 or -1. */
static int code_issue(struct db *db, int64_t id, const char *jenis, const char *value, char code[7])
{
	char hash[SECRET_HASH_LEN + 1];
	int64_t now = now_s();

	secret_code6(code);
	secret_hash("kode:", code, hash);
	if (db_exec(db, "UPDATE kode_verifikasi SET used_at = ? WHERE pemohon_id = ? AND jenis = ? AND used_at IS NULL",
		    "iis", now, id, jenis) != DB_DONE)
		return -1;
	return db_exec(db, "INSERT INTO kode_verifikasi (pemohon_id, jenis, nilai_baru, kode_hash, percobaan, "
		       "created_at, expires_at) VALUES (?, ?, ?, ?, 0, ?, ?)", "isssii", id, jenis, value, hash, now,
		       now + g_cfg.code_ttl) == DB_DONE ? 0 : -1;
}

/*
 * Answers the newest live code of jenis for account id. ACCT_OK: the code
 * is used up, *value (malloc'd, when value is not NULL) is what it held,
 * and the transaction stays open for the caller's change. Otherwise the
 * transaction is closed: ACCT_INVALID a wrong code (counted), ACCT_LOCKED
 * the code_tries-th wrong one (the code is dead), ACCT_TOKEN_BAD no live
 * code, ACCT_ERR.
 */
static enum acct_rc code_answer(struct db *db, int64_t id, const char *jenis, const char *code, char **value)
{
	struct db_stmt *st;
	char hash[SECRET_HASH_LEN + 1], *stored = NULL, *held = NULL;
	int64_t row = 0, tries = 0;
	int good;

	if (db_begin(db) != DB_OK)
		return ACCT_ERR;
	st = db_query(db, "SELECT id, kode_hash, nilai_baru FROM kode_verifikasi WHERE pemohon_id = ? "
		      "AND jenis = ? AND used_at IS NULL AND expires_at > ? ORDER BY id DESC LIMIT 1", "isi",
		      id, jenis, now_s());
	if (db_next(st) == DB_ROW) {
		row = db_int(st, 0);
		stored = strdup(db_text(st, 1));
		held = strdup(db_text(st, 2));
	}
	db_end(st);
	if (!row) {
		db_rollback(db);
		return ACCT_TOKEN_BAD;
	}
	secret_hash("kode:", code, hash);
	good = secret_equal(hash, stored);
	free(stored);
	if (good && db_exec(db, "UPDATE kode_verifikasi SET used_at = ? WHERE id = ? AND used_at IS NULL", "ii",
			    now_s(), row) == DB_DONE && db_changes(db) == 1) {
		if (value)
			*value = held;
		else
			free(held);
		return ACCT_OK;
	}
	free(held);
	/* counted by the write itself, so simultaneous guesses all count */
	if (db_insert_id(db, "UPDATE kode_verifikasi SET percobaan = percobaan + 1, used_at = CASE WHEN "
			 "percobaan + 1 >= ? THEN ? ELSE NULL END WHERE id = ? AND used_at IS NULL "
			 "RETURNING percobaan", &tries, "iii", (int64_t)g_cfg.code_tries, now_s(), row) != DB_DONE ||
	    tries == 0)
		tries = g_cfg.code_tries;
	if (db_commit(db) != DB_OK)
		return ACCT_ERR;
	return tries >= g_cfg.code_tries ? ACCT_LOCKED : ACCT_INVALID;
}

/* "N menit" for a wait in seconds (at least one minute). */
static void fmt_minutes(long secs, char out[32])
{
	snprintf(out, 32, "%ld menit", secs > 60 ? (secs + 59) / 60 : 1);
}

/* Sends a login code to the owner's WhatsApp and e-mail, unless
 * send_max_hour went out this hour (the live one still serves then). */
static enum acct_rc login_code_send(struct db *db, int64_t id)
{
	struct contact c;
	char code[7];
	struct buf body = BUF_INIT;
	enum acct_rc rc = ACCT_ERR;

	if (db_begin(db) != DB_OK)
		return ACCT_ERR;
	if (!load_contact(db, id, &c) || send_cap(db, "kode-login", id) > 0) {
		db_rollback(db);
		return ACCT_NEED_CODE;
	}
	if (code_issue(db, id, "login", "", code) < 0)
		goto out;
	buf_addf(&body,
		 "Kode masuk akun pemohon %s Anda: " NOTIFY_SECRET("%s") "\n\n"
		 "Kode ini diminta karena ada banyak percobaan login yang gagal pada akun Anda. Kode berlaku %ld "
		 "menit. Jangan berikan kode ini kepada siapa pun, termasuk petugas. Jika Anda tidak sedang login, "
		 "segera ganti kata kunci Anda.\n\n%s",
		 g_cfg.app_name, code, g_cfg.code_ttl / 60, g_cfg.office_name);
	if (notify_both(db, c.hp, c.email, "Kode Masuk Akun", body.ptr) == 0 && db_commit(db) == DB_OK)
		rc = ACCT_NEED_CODE;
out:
	if (rc != ACCT_NEED_CODE)
		db_rollback(db);
	sodium_memzero(code, sizeof code);
	buf_release(&body);
	return rc;
}

/* The code of a login under attack: ACCT_OK (the pair starts again),
 * ACCT_CODE_BAD (counted as a failed login), ACCT_TOKEN_BAD (none live). */
static enum acct_rc login_code_check(struct db *db, int64_t id, const char *kode, const struct login_guard *g)
{
	enum acct_rc rc;

	if (!kode || !code6_ok(kode)) {
		login_guard_fail(db, g);
		return ACCT_CODE_BAD;
	}
	rc = code_answer(db, id, "login", kode, NULL);
	if (rc == ACCT_OK)
		rc = db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
	if (rc == ACCT_INVALID || rc == ACCT_LOCKED) {
		login_guard_fail(db, g);
		/* a dead code asks for a new login (and a new code) */
		return rc == ACCT_LOCKED ? ACCT_TOKEN_BAD : ACCT_CODE_BAD;
	}
	return rc;
}

enum acct_rc acct_login(struct db *db, const char *nik, const char *password, const char *kode,
			const char *ip, int64_t *id, enum acct_status *status, char **alasan, long *retry)
{
	struct nik_info ni;
	struct login_guard g;
	struct db_stmt *st;
	char *hash = NULL, *reason = NULL;
	int64_t pid = 0;
	enum acct_status stt = ST_MENUNGGU;
	enum acct_rc rc;
	int good;

	*id = 0;
	*alasan = NULL;
	*retry = 0;
	if (nik_parse(nz(nik), &ni) != NIK_OK) {
		/* still a failure worth counting against the address */
		login_guard_fail_address(db, ip);
		return ACCT_BAD_LOGIN;
	}
	login_guard_init(&g, "pemohon", ni.digits, ip);
	if ((*retry = login_guard_wait(db, &g)) > 0)
		return ACCT_LOCKED;
	st = db_query(db, "SELECT id, password_hash, status, alasan_tolak FROM pemohon WHERE nik = ?", "s", ni.digits);
	if (db_next(st) == DB_ROW) {
		pid = db_int(st, 0);
		hash = strdup(db_text(st, 1));
		stt = acct_status_from(db_text(st, 2));
		if (db_text(st, 3))
			reason = strdup(db_text(st, 3));
	}
	db_end(st);
	pthread_once(&dummy_once, dummy_init);
	good = secret_password_verify(hash ? hash : dummy, nz(password)) && hash;
	free(hash);
	if (!good) {
		free(reason);
		login_guard_fail(db, &g);
		return ACCT_BAD_LOGIN;
	}
	*id = pid;
	*status = stt;
	if (stt == ST_AKTIF && login_guard_step_up(db, &g)) {
		rc = kode && *kode ? login_code_check(db, pid, kode, &g) : login_code_send(db, pid);
		/* no code live any more: a new one goes out with this login */
		if (rc == ACCT_TOKEN_BAD)
			rc = login_code_send(db, pid);
		if (rc != ACCT_OK) {
			free(reason);
			return rc;
		}
	}
	login_guard_ok(db, &g);
	if (stt == ST_AKTIF) {
		free(reason);
		return ACCT_OK;
	}
	if (stt == ST_DITOLAK) {
		*alasan = reason;
		return ACCT_REJECTED;
	}
	free(reason);
	return ACCT_PENDING;
}

enum acct_rc acct_login_code(struct db *db, int64_t id, const char *kode, const char *ip, long *retry)
{
	struct login_guard g;
	struct db_stmt *st;
	char nik[NIK_LEN + 1] = "";
	enum acct_rc rc;

	*retry = 0;
	st = db_query(db, "SELECT nik FROM pemohon WHERE id = ? AND status = 'aktif'", "i", id);
	if (db_next(st) == DB_ROW)
		snprintf(nik, sizeof nik, "%s", db_text(st, 0));
	db_end(st);
	if (!*nik)
		return ACCT_TOKEN_BAD;
	login_guard_init(&g, "pemohon", nik, ip);
	if ((*retry = login_guard_wait(db, &g)) > 0)
		return ACCT_LOCKED;
	rc = login_code_check(db, id, kode, &g);
	if (rc == ACCT_OK)
		login_guard_ok(db, &g);
	return rc;
}

/* ---- account pages -------------------------------------------------------- */

char *acct_active_name(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT nama FROM pemohon WHERE id = ? AND status = 'aktif'", "i", id);
	char *nama = NULL;

	if (db_next(st) == DB_ROW)
		nama = strdup(db_text(st, 0));
	db_end(st);
	return nama;
}

json_t *acct_detail(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT nik, nama, no_kk, tempat_lahir, tanggal_lahir, kode_desa, "
				      "no_hp, email FROM pemohon WHERE id = ? AND status = 'aktif'", "i", id);
	json_t *o = NULL;

	if (db_next(st) == DB_ROW) {
		char nik[NIK_LEN + 1], kk[NIK_LEN + 1], hp[PHONE_BUF];

		nik_mask(db_text(st, 0), nik);
		nik_mask(db_text(st, 2), kk);
		phone_display(db_text(st, 6), hp);
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "nik", nik, "nama", db_text(st, 1),
			      "no_kk", kk, "tempat_lahir", db_text(st, 3), "tanggal_lahir", db_text(st, 4),
			      "kode_desa", db_text(st, 5), "no_hp", hp, "email", db_text(st, 7));
	}
	db_end(st);
	if (o) {
		json_t *w = region_describe(db, json_string_value(json_object_get(o, "kode_desa")));

		if (w)
			json_object_set_new(o, "wilayah", w);
	}
	return o;
}

json_t *acct_reregister_values(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT nik, nama, kode_desa, no_hp, email FROM pemohon "
				      "WHERE id = ? AND status = 'ditolak'", "i", id);
	json_t *o = NULL;

	if (db_next(st) == DB_ROW) {
		char hp[PHONE_BUF];
		const char *desa = db_text(st, 2);

		phone_display(db_text(st, 3), hp);
		o = json_pack("{s:s, s:s, s:s, s:s#, s:s#, s:s#, s:s, s:s}", "nik", db_text(st, 0),
			      "nama", db_text(st, 1), "kode_desa", desa, "provinsi", desa, (size_t)2,
			      "kabupaten", desa, (size_t)5, "kecamatan", desa, (size_t)8, "no_hp", hp,
			      "email", db_text(st, 4));
	}
	db_end(st);
	return o;
}

static int set_password(struct db *db, int64_t id, const char *pw)
{
	char hash[PWHASH_LEN];

	if (secret_password_hash(pw, hash, sizeof hash) < 0)
		return -1;
	return db_exec(db, "UPDATE pemohon SET password_hash = ?, updated_at = ? WHERE id = ?", "sii", hash,
		       now_s(), id) == DB_DONE ? 0 : -1;
}

enum acct_rc acct_change_password(struct db *db, int64_t id, const char *old, const char *pw,
				  const char *pw2, json_t *errors)
{
	struct db_stmt *st;
	char *hash = NULL, key[48];
	int ok;

	if (!old || !*old) {
		err(errors, "password_lama", "Kata kunci lama wajib diisi.");
		check_password_pair(pw, pw2, "password", "password2", errors);
		return ACCT_INVALID;
	}
	if (!check_password_pair(pw, pw2, "password", "password2", errors))
		return ACCT_INVALID;
	/* a stolen session must not become a way to guess the password */
	snprintf(key, sizeof key, "gantipw:%lld", (long long)id);
	if (throttle_locked(db, key))
		return ACCT_LOCKED;
	st = db_query(db, "SELECT password_hash FROM pemohon WHERE id = ? AND status = 'aktif'", "i", id);
	if (db_next(st) == DB_ROW)
		hash = strdup(db_text(st, 0));
	db_end(st);
	if (!hash)
		return ACCT_NOT_FOUND;
	ok = secret_password_verify(hash, old);
	free(hash);
	if (!ok) {
		if (throttle_fail(db, key, g_cfg.login_max_account, g_cfg.login_window, g_cfg.login_lockout))
			return ACCT_LOCKED;
		err(errors, "password_lama", "Kata kunci lama salah.");
		return ACCT_INVALID;
	}
	throttle_clear(db, key);
	if (!strcmp(old, pw)) {
		err(errors, "password", "Kata kunci baru harus berbeda dengan kata kunci lama.");
		return ACCT_INVALID;
	}
	if (db_begin(db) != DB_OK)
		return ACCT_ERR;
	if (set_password(db, id, pw) < 0) {
		db_rollback(db);
		return ACCT_ERR;
	}
	session_destroy_subject(db, SESS_PEMOHON, id);
	return db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
}

/* ---- change of phone number / e-mail --------------------------------------- */

static const char *const contact_kind_names[CONTACT__MAX] = { "hp", "email" };

enum acct_rc acct_contact_start(struct db *db, int64_t id, enum contact_kind kind, const char *value,
				json_t *errors)
{
	char norm[EMAIL_MAX + 1], code[7], nama[NAME_MAX_LEN * 4 + 1], current[EMAIL_MAX + 1] = "", what[16];
	const char *field = kind == CONTACT_HP ? "no_hp" : "email";
	struct buf body = BUF_INIT, subject = BUF_INIT;
	struct db_stmt *st;
	enum acct_rc rc = ACCT_ERR;
	int found = 0;
	long wait;

	if (kind == CONTACT_HP ? !check_phone(value, "no_hp", errors, norm)
			       : !check_email(value, "email", errors, norm))
		return ACCT_INVALID;
	st = db_query(db, "SELECT nama, no_hp, email FROM pemohon WHERE id = ? AND status = 'aktif'", "i", id);
	if (db_next(st) == DB_ROW) {
		snprintf(nama, sizeof nama, "%s", db_text(st, 0));
		snprintf(current, sizeof current, "%s", db_text(st, kind == CONTACT_HP ? 1 : 2));
		found = 1;
	}
	db_end(st);
	if (!found)
		return ACCT_NOT_FOUND;
	if (!strcasecmp(current, norm)) {
		err(errors, field, kind == CONTACT_HP ? "Nomor HP baru sama dengan nomor HP yang terdaftar."
						      : "Email baru sama dengan email yang terdaftar.");
		return ACCT_INVALID;
	}
	if (db_begin(db) != DB_OK)
		return ACCT_ERR;
	snprintf(what, sizeof what, "kode-%s", contact_kind_names[kind]);
	if ((wait = send_cap(db, what, id)) > 0) {
		char m[200], mins[32];

		db_rollback(db);
		fmt_minutes(wait, mins);
		snprintf(m, sizeof m, "Kode sudah dikirim %ld kali dalam 1 jam. Silakan minta kode baru setelah %s.",
			 g_cfg.send_max_hour, mins);
		err(errors, field, m);
		return ACCT_LOCKED;
	}
	if (code_issue(db, id, contact_kind_names[kind], norm, code) < 0)
		goto out;
	buf_addf(&subject, kind == CONTACT_HP ? "Kode Ganti Nomor HP %s" : "Kode Ganti Email %s", g_cfg.app_name);
	buf_addf(&body, "Untuk mengganti %s Pemohon %s silahkan gunakan kode " NOTIFY_SECRET("%s") ".\n\n"
		 "Kode berlaku %ld menit. Jangan berikan kode ini kepada siapa pun, termasuk petugas.",
		 kind == CONTACT_HP ? "Nomor HP" : "Email", nama, code, g_cfg.code_ttl / 60);
	if (notify_queue(db, kind == CONTACT_HP ? NOTIFY_WHATSAPP : NOTIFY_EMAIL, norm, subject.ptr, body.ptr) < 0)
		goto out;
	rc = db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
out:
	if (rc != ACCT_OK)
		db_rollback(db);
	sodium_memzero(code, sizeof code);
	buf_release(&body);
	buf_release(&subject);
	return rc;
}

char *acct_contact_pending(struct db *db, int64_t id, enum contact_kind kind)
{
	struct db_stmt *st = db_query(db, "SELECT nilai_baru FROM kode_verifikasi WHERE pemohon_id = ? AND jenis = ? "
				      "AND used_at IS NULL AND expires_at > ? ORDER BY id DESC LIMIT 1", "isi",
				      id, contact_kind_names[kind], now_s());
	char *v = NULL;

	if (db_next(st) == DB_ROW) {
		if (kind == CONTACT_HP) {
			char hp[PHONE_BUF];

			phone_display(db_text(st, 0), hp);
			v = strdup(hp);
		} else {
			v = strdup(db_text(st, 0));
		}
	}
	db_end(st);
	return v;
}

enum acct_rc acct_contact_confirm(struct db *db, int64_t id, enum contact_kind kind, const char *code,
				  json_t *errors)
{
	char *value = NULL;
	enum acct_rc rc;
	enum db_rc drc;

	if (!code || !code6_ok(code)) {
		err(errors, "kode", "Kode harus 6 digit angka.");
		return ACCT_INVALID;
	}
	rc = code_answer(db, id, contact_kind_names[kind], code, &value);
	switch (rc) {
	case ACCT_OK:
		break;
	case ACCT_TOKEN_BAD:
		err(errors, "kode", "Kode sudah tidak berlaku. Silakan kirim kode baru.");
		return rc;
	case ACCT_LOCKED:
		err(errors, "kode", "Kode salah 5 kali. Kode tidak berlaku lagi; silakan kirim kode baru.");
		return rc;
	case ACCT_INVALID:
		err(errors, "kode", "Kode salah. Periksa kembali kode yang Anda terima.");
		return rc;
	default:
		return rc;
	}
	drc = kind == CONTACT_HP
	      ? db_exec(db, "UPDATE pemohon SET no_hp = ?, updated_at = ? WHERE id = ?", "sii", value, now_s(), id)
	      : db_exec(db, "UPDATE pemohon SET email = ?, updated_at = ? WHERE id = ?", "sii", value, now_s(), id);
	free(value);
	if (drc != DB_DONE) {
		db_rollback(db);
		return ACCT_ERR;
	}
	return db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
}

/* ---- forgotten password ------------------------------------------------------ */

enum acct_rc acct_forgot(struct db *db, const char *nik, const char *nama, const char *no_hp, const char *ip,
			 json_t *errors, long *retry)
{
	struct nik_info ni;
	char hp[PHONE_BUF], nm[NAME_MAX_LEN * 4 + 1], raw[SECRET_TOKEN_LEN + 1], until[32];
	struct db_stmt *st;
	int64_t id = 0, expires;
	char *stored_nama = NULL, *stored_hp = NULL, *email = NULL;
	struct buf body = BUF_INIT, subject = BUF_INIT;
	int ok = 1;
	enum acct_rc rc = ACCT_OK;

	ok &= check_nik(nik, errors, &ni);
	ok &= check_name(nama, "nama", "Nama lengkap", errors, nm);
	ok &= check_phone(no_hp, "no_hp", errors, hp);
	*retry = 0;
	if (!ok)
		return ACCT_INVALID;
	if ((*retry = public_limit(db, "lupa", ni.digits, ip)) > 0)
		return ACCT_LOCKED;
	st = db_query(db, "SELECT id, nama, no_hp, email FROM pemohon WHERE nik = ? AND status = 'aktif'", "s", ni.digits);
	if (db_next(st) == DB_ROW) {
		id = db_int(st, 0);
		stored_nama = strdup(db_text(st, 1));
		stored_hp = strdup(db_text(st, 2));
		email = strdup(db_text(st, 3));
	}
	db_end(st);
	if (id && name_equal_loose(stored_nama, nm) && !strcmp(stored_hp, hp)) {
		rc = ACCT_ERR;
		if (db_begin(db) == DB_OK) {
			/* beyond the hourly cap nothing goes out, and the answer
			 * stays the one every request gets */
			if (send_cap(db, "reset", id) > 0) {
				rc = db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
			} else if (new_token(db, id, "reset", g_cfg.reset_ttl, raw, &expires) == 0) {
				waktu_wib(expires, until);
				buf_addf(&subject, "Reset Password %s", g_cfg.app_name);
				buf_addf(&body,
					 "Yth. %s,\n\n"
					 "Kami menerima permintaan reset kata kunci (password) akun pemohon Anda. "
					 "Silakan buka tautan berikut untuk membuat kata kunci baru:\n%s/pemohon/reset/" NOTIFY_SECRET("%s") "\n\n"
					 "Tautan hanya dapat digunakan satu kali dan berlaku sampai %s. "
					 "Jika Anda tidak meminta reset, abaikan pesan ini.\n\n%s",
					 stored_nama, g_cfg.base_url, raw, until, g_cfg.office_name);
				if (notify_both(db, stored_hp, email, subject.ptr, body.ptr) == 0 &&
				    db_commit(db) == DB_OK)
					rc = ACCT_OK;
			}
			if (rc != ACCT_OK)
				db_rollback(db);
		}
		sodium_memzero(raw, sizeof raw);
	}
	free(stored_nama);
	free(stored_hp);
	free(email);
	buf_release(&body);
	buf_release(&subject);
	return rc;
}

enum acct_rc acct_reset_check(struct db *db, const char *token)
{
	struct token_row t;

	return token_live(db, token, "reset", &t) ? ACCT_OK : ACCT_TOKEN_BAD;
}

enum acct_rc acct_reset(struct db *db, const char *token, const char *no_kk, const char *pw, const char *pw2,
			json_t *errors)
{
	struct token_row t;
	struct kk_info kk;
	enum acct_rc rc;
	int ok = 1;

	ok &= check_kk(no_kk, errors, &kk);
	ok &= check_password_pair(pw, pw2, "password", "password2", errors);
	if (!ok)
		return token_live(db, token, "reset", &t) ? ACCT_INVALID : ACCT_TOKEN_BAD;
	rc = link_answer(db, token, "reset", "SELECT no_kk FROM pemohon WHERE id = ? AND status = 'aktif'",
			 kk.digits, secret_equal, &t);
	if (rc == ACCT_INVALID)
		err(errors, "no_kk", "Nomor KK tidak sesuai dengan data akun.");
	if (rc != ACCT_OK)
		return rc;
	if (link_use(db, &t) < 0 || set_password(db, t.pemohon, pw) < 0) {
		db_rollback(db);
		return ACCT_ERR;
	}
	session_destroy_subject(db, SESS_PEMOHON, t.pemohon);
	return db_commit(db) == DB_OK ? ACCT_OK : ACCT_ERR;
}

/* ---- officer views ------------------------------------------------------------ */

/*
 * The queue reads one page through an index, so that its cost does not grow
 * with the number of applicants: without a search the (status, created_at)
 * index yields the rows of one status already in order and the scan stops
 * at the page; an exact NIK goes through the unique index; a name (a
 * substring, which no index serves) walks the rows of the status in order
 * and stops once the page is full. Rows skipped by OFFSET are still read,
 * so a deep page costs its depth. The pager's total counts at most
 * ACCT_QUEUE_TOTAL_CAP + 1 rows, as an exact count costs one step per row
 * of the status. Without a status ("semua") rows come in created_at order,
 * which no index serves: that list reads the whole table.
 *
 * PostgreSQL may run a prepared statement with a generic plan, made without
 * the values of the parameters and so assuming that LIMIT ? returns a tenth
 * of the table: every statement here has a shape whose generic plan is the
 * index walk too (ORDER BY in the counts; no join on a LIMITed subquery,
 * which a generic plan turns into a hash join over the whole table).
 */
#define QUEUE_SELECT "SELECT p.id, p.nik, p.nama, d.nama, p.status, p.created_at, p.peringatan " \
	"FROM pemohon p JOIN desa d ON d.kode = p.kode_desa "
#define QUEUE_ORDER "ORDER BY p.created_at, p.id LIMIT ? OFFSET ?"

enum queue_kind { QUEUE_STATUS, QUEUE_ALL, QUEUE_NAME_STATUS, QUEUE_NAME_ALL, QUEUE__MAX };

static const char *const queue_list_sql[QUEUE__MAX] = {
	QUEUE_SELECT "WHERE p.status = ? " QUEUE_ORDER,
	QUEUE_SELECT QUEUE_ORDER,
	QUEUE_SELECT "WHERE p.status = ? AND lower(p.nama) LIKE lower(?) " QUEUE_ORDER,
	QUEUE_SELECT "WHERE lower(p.nama) LIKE lower(?) " QUEUE_ORDER,
};

static const char *const queue_count_sql[QUEUE__MAX] = {
	"SELECT COUNT(*) FROM (SELECT 1 FROM pemohon WHERE status = ? ORDER BY created_at LIMIT ?) t",
	"SELECT COUNT(*) FROM (SELECT 1 FROM pemohon LIMIT ?) t",
	("SELECT COUNT(*) FROM (SELECT 1 FROM pemohon WHERE status = ? AND lower(nama) LIKE lower(?) "
	 "ORDER BY created_at LIMIT ?) t"),
	"SELECT COUNT(*) FROM (SELECT 1 FROM pemohon WHERE lower(nama) LIKE lower(?) LIMIT ?) t",
};

/* Binds: status first when there is one, then the pattern when there is one. */
static const char *const queue_list_fmt[QUEUE__MAX] = { "sii", "ii", "ssii", "sii" };
static const char *const queue_count_fmt[QUEUE__MAX] = { "si", "i", "ssi", "si" };

static void queue_row(json_t *rows, struct db_stmt *st)
{
	char m[NIK_LEN + 1];
	enum acct_status s = acct_status_from(db_text(st, 4));

	nik_mask(db_text(st, 1), m);
	json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:b}",
					      "id", (json_int_t)db_int(st, 0), "nik", m,
					      "nama", db_text(st, 2), "desa", db_text(st, 3),
					      "status", acct_status_names[s], "status_label", acct_status_labels[s],
					      "created_at", (json_int_t)db_int(st, 5),
					      "ada_peringatan", !db_is_null(st, 6)));
}

/* Runs a queue statement: binds status and the name pattern when present,
 * then the integers its fmt asks for (db_query ignores the rest). */
static struct db_stmt *queue_stmt(struct db *db, const char *sql, const char *fmt, const char *status,
				  const char *like, int64_t n1, int64_t n2)
{
	if (status && like)
		return db_query(db, sql, fmt, status, like, n1, n2);
	if (status || like)
		return db_query(db, sql, fmt, status ? status : like, n1, n2);
	return db_query(db, sql, fmt, n1, n2);
}

json_t *acct_queue(struct db *db, const char *status, const char *q, long page, long page_size, long *total)
{
	struct db_stmt *st;
	json_t *rows = json_array();
	char like[NAME_MAX_LEN * 4 + 3];
	const char *pattern = NULL;
	struct nik_info ni;
	enum queue_kind kind;
	int64_t offset, n = 0;

	*total = 0;
	if (page_size < 1)
		page_size = 1;
	if (page < 1)
		page = 1;
	if (page > INT32_MAX / page_size)
		page = INT32_MAX / page_size;
	offset = (int64_t)(page - 1) * page_size;
	if (status && !*status)
		status = NULL;

	if (q && *q && nik_parse(q, &ni) == NIK_OK) {
		/* one row at most: the status filter is applied here, not in SQL */
		st = db_query(db, QUEUE_SELECT "WHERE p.nik = ?", "s", ni.digits);
		if (db_next(st) == DB_ROW && (!status || !strcmp(status, db_text(st, 4)))) {
			*total = 1;
			if (offset == 0)
				queue_row(rows, st);
		}
		db_end(st);
		return rows;
	}
	if (q && *q) {
		/* names hold no '%' or '_' of their own; typed ones act as wildcards */
		snprintf(like, sizeof like, "%%%.*s%%", NAME_MAX_LEN * 4, q);
		pattern = like;
		kind = status ? QUEUE_NAME_STATUS : QUEUE_NAME_ALL;
	} else {
		kind = status ? QUEUE_STATUS : QUEUE_ALL;
	}

	st = queue_stmt(db, queue_list_sql[kind], queue_list_fmt[kind], status, pattern, (int64_t)page_size, offset);
	while (db_next(st) == DB_ROW) {
		queue_row(rows, st);
		n++;
	}
	db_end(st);
	if (n > 0 && n < page_size) {
		/* the last page: the total is known without counting */
		n += offset;
	} else {
		st = queue_stmt(db, queue_count_sql[kind], queue_count_fmt[kind], status, pattern,
				(int64_t)ACCT_QUEUE_TOTAL_CAP + 1, 0);
		n = db_next(st) == DB_ROW ? db_int(st, 0) : 0;
		db_end(st);
	}
	*total = n > ACCT_QUEUE_TOTAL_CAP ? ACCT_QUEUE_TOTAL_CAP + 1 : (long)n;
	return rows;
}

json_t *acct_review(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT id, nik, nama, no_kk, tempat_lahir, tanggal_lahir, nama_ibu, "
				      "kode_desa, no_hp, email, status, peringatan, alasan_tolak, created_at "
				      "FROM pemohon WHERE id = ?", "i", id);
	json_t *o = NULL;

	if (db_next(st) == DB_ROW) {
		char hp[PHONE_BUF];
		enum acct_status s = acct_status_from(db_text(st, 10));
		json_t *warn = json_array();
		const char *p = db_text(st, 11);

		phone_display(db_text(st, 8), hp);
		while (p && *p) {
			size_t n = strcspn(p, "\n");

			json_array_append_new(warn, json_stringn(p, n));
			p += n;
			if (*p)
				p++;
		}
		o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I}",
			      "id", (json_int_t)db_int(st, 0), "nik", db_text(st, 1), "nama", db_text(st, 2),
			      "no_kk", db_text(st, 3), "tempat_lahir", db_text(st, 4), "tanggal_lahir", db_text(st, 5),
			      "nama_ibu", db_text(st, 6), "kode_desa", db_text(st, 7), "no_hp", hp,
			      "email", db_text(st, 9), "status", acct_status_names[s],
			      "status_label", acct_status_labels[s], "peringatan", warn,
			      "created_at", (json_int_t)db_int(st, 13));
		if (db_text(st, 12))
			json_object_set_new(o, "alasan_tolak", json_string(db_text(st, 12)));
		json_object_set_new(o, "menunggu", json_boolean(s == ST_MENUNGGU));
		json_object_set_new(o, "disetujui", json_boolean(s == ST_DISETUJUI));
	}
	db_end(st);
	if (o) {
		json_t *w = region_describe(db, json_string_value(json_object_get(o, "kode_desa")));

		if (w)
			json_object_set_new(o, "wilayah", w);
	}
	return o;
}
