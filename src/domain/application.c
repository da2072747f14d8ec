// SPDX-License-Identifier: MIT
// Applications (pengajuan): the status model, codes, field rules and the applicant's moves.
#include "domain/application.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/notify.h"
#include "domain/region.h"
#include "domain/rekap.h"
#include "domain/validate.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/log.h"

const char *const app_status_names[APP__MAX] = {
	"DRAFT", "DIKIRIM", "DIKEMBALIKAN", "DISETUJUI", "DIBATALKAN", "DIPROSES", "TERBIT_TTE", "SELESAI",
};
const char *const app_status_labels[APP__MAX] = {
	"Pengajuan Draft", "Pengajuan Dikirim", "Dikembalikan untuk Diperbaiki", "Disetujui",
	"Dibatalkan", "Diproses", "Sudah Terbit TTE", "Selesai",
};
const char *const app_move_names[MOVE__MAX] = {
	"kirim", "kembalikan", "setujui", "batalkan", "proses", "terbit_tte", "selesai",
};
const char *const app_delivery_names[DELIV__MAX] = { "otomatis", "cetak_mandiri", "ambil_kantor", "diantar" };
const char *const app_delivery_labels[DELIV__MAX] = {
	"Otomatis", "Cetak Mandiri", "Ambil di Kantor", "Diantar/COD",
};

#define VERIF ACTOR_STAF(ROLE_VERIFIKATOR)
#define OPER ACTOR_STAF(ROLE_OPERATOR)
#define SIGN ACTOR_STAF(ROLE_PENANDATANGAN)

const struct app_transition app_transitions[] = {
	{ MOVE_KIRIM, APP_DRAFT, APP_DIKIRIM, ACTOR_PEMOHON },
	{ MOVE_KIRIM, APP_DIKEMBALIKAN, APP_DIKIRIM, ACTOR_PEMOHON },
	{ MOVE_KEMBALIKAN, APP_DIKIRIM, APP_DIKEMBALIKAN, VERIF },
	{ MOVE_SETUJUI, APP_DIKIRIM, APP_DISETUJUI, VERIF },
	{ MOVE_BATALKAN, APP_DIKIRIM, APP_DIBATALKAN, VERIF },
	{ MOVE_BATALKAN, APP_DISETUJUI, APP_DIBATALKAN, VERIF },
	{ MOVE_PROSES, APP_DISETUJUI, APP_DIPROSES, OPER },
	{ MOVE_PROSES, APP_DIPROSES, APP_DIPROSES, OPER },
	{ MOVE_TERBIT_TTE, APP_DIPROSES, APP_TERBIT_TTE, SIGN },
	/* DIPROSES -> SELESAI only for a service without a signed output;
	 * the officer move checks the service, the table the status */
	{ MOVE_SELESAI, APP_DIPROSES, APP_SELESAI, OPER },
	{ MOVE_SELESAI, APP_TERBIT_TTE, APP_SELESAI, OPER },
};
const size_t app_transitions_count = sizeof app_transitions / sizeof *app_transitions;

enum app_status app_status_from(const char *s)
{
	for (int i = 0; s && i < APP__MAX; i++)
		if (!strcmp(s, app_status_names[i]))
			return (enum app_status)i;
	return APP__MAX;
}

const char *app_status_label(const json_t *def, enum app_status s)
{
	const char *own;

	if (s >= APP__MAX)
		return "";
	own = json_string_value(json_object_get(json_object_get(def, "label_status"), app_status_names[s]));
	return own && *own ? own : app_status_labels[s];
}

int app_has_output(const json_t *def)
{
	return json_array_size(json_object_get(def, "dokumen_jadi")) > 0 ||
	       !json_is_true(json_object_get(def, "tanpa_dokumen_jadi"));
}

enum app_status app_next(enum app_move m, enum app_status from, unsigned actors)
{
	/* the admin may make every staff move, never the applicant's */
	if (actors & ACTOR_STAF(ROLE_ADMIN))
		actors |= VERIF | OPER | SIGN;
	for (size_t i = 0; i < app_transitions_count; i++) {
		const struct app_transition *t = &app_transitions[i];

		if (t->move == m && t->from == from && (t->actors & actors))
			return t->to;
	}
	return APP__MAX;
}

int app_editable(enum app_status s)
{
	return s == APP_DRAFT || s == APP_DIKEMBALIKAN;
}

int app_code_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n >= 4 && n < APP_CODE_MAX && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == n;
}

int app_code(char *out, size_t outsz, const char *prefix, const char *regency, int64_t seq)
{
	char digits[16];
	size_t n = 0;

	for (const char *p = regency ? regency : ""; *p && n + 1 < sizeof digits; p++)
		if (*p >= '0' && *p <= '9')
			digits[n++] = *p;
	digits[n] = '\0';
	if (seq < 1)
		return -1;
	int w = snprintf(out, outsz, "%s%s%04lld", prefix, digits, (long long)seq);

	return w < 0 || (size_t)w >= outsz ? -1 : 0;
}

/* ---- fields ------------------------------------------------------------ */

static const char *str_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A date limit of the catalog ("YYYY-MM-DD" or "hari_ini") as yyyymmdd. */
static long date_limit(const json_t *v, time_t now, long dflt)
{
	const char *s = json_string_value(v);
	int y, m, d;

	if (!s)
		return dflt;
	if (!strcmp(s, "hari_ini"))
		date_today_wib(now, &y, &m, &d);
	else if (date_parse_iso(s, &y, &m, &d) < 0)
		return dflt;
	return y * 10000L + m * 100L + d;
}

static void set_err(json_t *errors, const char *kode, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(json_t *errors, const char *kode, const char *fmt, ...)
{
	char key[64], msg[300];
	va_list ap;

	snprintf(key, sizeof key, "isian.%s", kode);
	if (json_object_get(errors, key))
		return; /* the first error of a field is the one shown */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_object_set_new(errors, key, json_string(msg));
}

/* Checks one value; 0 and the normalised value in norm, or -1 after
 * setting the error. */
static int check_value(const json_t *f, const char *kode, const char *label, const char *v, time_t now,
		       char *norm, size_t normsz, json_t *errors)
{
	const char *jenis = str_of(f, "jenis") ? str_of(f, "jenis") : "";
	json_int_t maks = json_integer_value(json_object_get(f, "maks"));

	if (!strcmp(jenis, "text") || !strcmp(jenis, "textarea")) {
		int block = !strcmp(jenis, "textarea");

		if (maks <= 0)
			maks = block ? 2000 : 200;
		if (!(block ? text_block_ok(v, (size_t)maks) : text_field_ok(v, (size_t)maks))) {
			set_err(errors, kode, "%s paling banyak %lld karakter, tanpa karakter kendali.", label,
				(long long)maks);
			return -1;
		}
		snprintf(norm, normsz, "%s", v);
		return 0;
	}
	if (!strcmp(jenis, "number")) {
		const json_t *mn = json_object_get(f, "min"), *mx = json_object_get(f, "max");
		char *end;
		long long n;

		if (strspn(v, "0123456789-") != strlen(v) || strlen(v) > 12 || !*v ||
		    (n = strtoll(v, &end, 10), *end)) {
			set_err(errors, kode, "%s harus berupa angka.", label);
			return -1;
		}
		if ((mn && n < json_integer_value(mn)) || (mx && n > json_integer_value(mx))) {
			if (mn && mx)
				set_err(errors, kode, "%s harus antara %lld dan %lld.", label,
					(long long)json_integer_value(mn), (long long)json_integer_value(mx));
			else if (mn)
				set_err(errors, kode, "%s paling kecil %lld.", label, (long long)json_integer_value(mn));
			else
				set_err(errors, kode, "%s paling besar %lld.", label, (long long)json_integer_value(mx));
			return -1;
		}
		snprintf(norm, normsz, "%lld", n);
		return 0;
	}
	if (!strcmp(jenis, "date")) {
		int y, m, d;
		long ymd, lo, hi;

		if (date_parse(v, &y, &m, &d) < 0) {
			set_err(errors, kode, "%s bukan tanggal yang benar (HH-BB-TTTT).", label);
			return -1;
		}
		ymd = y * 10000L + m * 100L + d;
		lo = date_limit(json_object_get(f, "min"), now, 0);
		hi = date_limit(json_object_get(f, "max"), now, 99999999L);
		if (ymd < lo || ymd > hi) {
			set_err(errors, kode, hi < 99999999L && ymd > hi ? "%s tidak boleh melewati batas tanggal yang diizinkan." :
				"%s lebih awal dari batas tanggal yang diizinkan.", label);
			return -1;
		}
		snprintf(norm, normsz, "%04d-%02d-%02d", y, m, d);
		return 0;
	}
	if (!strcmp(jenis, "select")) {
		const json_t *p = json_object_get(f, "pilihan");

		for (size_t i = 0; i < json_array_size(p); i++)
			if (json_is_string(json_array_get(p, i)) && !strcmp(json_string_value(json_array_get(p, i)), v)) {
				snprintf(norm, normsz, "%s", v);
				return 0;
			}
		set_err(errors, kode, "Pilih salah satu pilihan %s.", label);
		return -1;
	}
	if (!strcmp(jenis, "nik")) {
		struct nik_info ni;
		enum nik_err e = nik_parse(v, &ni);

		if (e != NIK_OK) {
			set_err(errors, kode, "%s: %s", label, nik_strerror(e));
			return -1;
		}
		snprintf(norm, normsz, "%s", ni.digits);
		return 0;
	}
	if (!strcmp(jenis, "kk")) {
		struct kk_info ki;
		enum kk_err e = kk_parse(v, &ki);

		if (e != KK_OK) {
			set_err(errors, kode, "%s: %s", label, kk_strerror(e));
			return -1;
		}
		snprintf(norm, normsz, "%s", ki.digits);
		return 0;
	}
	set_err(errors, kode, "%s tidak dapat diperiksa.", label);
	return -1;
}

int app_check_isian(const json_t *def, const json_t *in, time_t now, json_t *out, json_t *errors)
{
	const json_t *fields = json_object_get(def, "isian");
	int n = 0;

	for (size_t i = 0; i < json_array_size(fields); i++) {
		const json_t *f = json_array_get(fields, i);
		const char *kode = str_of(f, "kode"), *label = str_of(f, "label");
		const char *raw = str_of(in, kode);
		char trimmed[8192], norm[8192];
		size_t a, b;

		/* a field without kode or label cannot be named to anyone (only a
		 * definition that skipped catalog_check has one) */
		if (!kode || !label)
			continue;
		if (!raw)
			raw = "";
		if (strlen(raw) >= sizeof trimmed || !utf8_valid(raw, strlen(raw))) {
			set_err(errors, kode, "%s terlalu panjang atau tidak sah.", label);
			n++;
			continue;
		}
		/* trim ASCII white space at both ends */
		for (a = 0; raw[a] && strchr(" \t\r\n\v\f", raw[a]); a++)
			;
		for (b = strlen(raw); b > a && strchr(" \t\r\n\v\f", raw[b - 1]); b--)
			;
		snprintf(trimmed, sizeof trimmed, "%.*s", (int)(b - a), raw + a);
		if (!*trimmed) {
			if (json_is_true(json_object_get(f, "wajib"))) {
				set_err(errors, kode, "%s wajib diisi.", label);
				n++;
			}
			continue;
		}
		if (check_value(f, kode, label, trimmed, now, norm, sizeof norm, errors) < 0) {
			n++;
			continue;
		}
		json_object_set_new(out, kode, json_string(norm));
	}
	return n;
}

/* ---- the applicant's moves --------------------------------------------- */

static void err_set(json_t *errors, const char *key, const char *msg)
{
	if (!json_object_get(errors, key))
		json_object_set_new(errors, key, json_string(msg));
}

/* The applicant's own contact data (personal mode locks them). */
struct owner {
	char no_kk[NIK_LEN + 1], no_hp[PHONE_BUF], email[EMAIL_MAX + 1], kode_desa[16], nama[128];
};

static int load_owner(struct db *db, int64_t pemohon_id, struct owner *o)
{
	struct db_stmt *st = db_query(db, "SELECT no_kk, no_hp, email, kode_desa, nama FROM pemohon WHERE id = ? AND status = 'aktif'",
				      "i", pemohon_id);
	int rc = -1;

	if (st && db_next(st) == DB_ROW) {
		snprintf(o->no_kk, sizeof o->no_kk, "%s", db_text(st, 0));
		snprintf(o->no_hp, sizeof o->no_hp, "%s", db_text(st, 1));
		snprintf(o->email, sizeof o->email, "%s", db_text(st, 2));
		snprintf(o->kode_desa, sizeof o->kode_desa, "%s", db_text(st, 3));
		snprintf(o->nama, sizeof o->nama, "%s", db_text(st, 4));
		rc = 0;
	}
	db_end(st);
	return rc;
}

/*
 * Tabel 2: the contact fields of an application in mode m. Personal mode:
 * the applicant's own, whatever was posted. Group mode: the resident's, as
 * given: No. KK, WhatsApp number, e-mail and a village within the group's
 * scope, each required and checked. 0, or -1 with errors set.
 */
static int check_contact(struct db *db, const struct pemohon_mode *m, const struct app_input *in,
			 const struct owner *o, struct owner *out, json_t *errors)
{
	struct kk_info ki;
	enum kk_err ke;
	const char *v;
	int bad = 0;

	*out = *o;
	if (!m->grup_id)
		return 0;
	ke = kk_parse(in->no_kk ? in->no_kk : "", &ki);
	if (ke != KK_OK) {
		err_set(errors, "no_kk", ke == KK_ERR_EMPTY ? "Nomor KK wajib diisi." : kk_strerror(ke));
		bad = 1;
	} else
		snprintf(out->no_kk, sizeof out->no_kk, "%s", ki.digits);
	v = in->no_hp ? in->no_hp : "";
	if (!*v) {
		err_set(errors, "no_hp", "Nomor HP (WhatsApp) warga wajib diisi.");
		bad = 1;
	} else if (strlen(v) > 32 || phone_normalize(v, out->no_hp) < 0) {
		err_set(errors, "no_hp", phone_err_text);
		bad = 1;
	}
	v = in->email ? in->email : "";
	if (!*v) {
		err_set(errors, "email", "Email warga wajib diisi.");
		bad = 1;
	} else {
		if (strlen(v) <= EMAIL_MAX + 8)
			email_normalize(v, out->email, sizeof out->email);
		if (strlen(v) > EMAIL_MAX + 8 || !*out->email || !email_valid(out->email)) {
			err_set(errors, "email", email_err_text);
			bad = 1;
		}
	}
	v = in->kode_desa ? in->kode_desa : "";
	if (!*v) {
		err_set(errors, "kode_desa", "Desa/kelurahan warga wajib dipilih.");
		bad = 1;
	} else if (strlen(v) >= sizeof out->kode_desa || !region_village_exists(db, v)) {
		err_set(errors, "kode_desa", "Desa/kelurahan yang dipilih tidak dikenal. Pilih ulang kecamatan sampai desa/kelurahan.");
		bad = 1;
	} else if (!grup_in_scope(db, m->grup_id, v)) {
		err_set(errors, "kode_desa", "Desa/kelurahan ini di luar wilayah grup Anda. Pilih desa/kelurahan dalam wilayah grup.");
		bad = 1;
	} else
		snprintf(out->kode_desa, sizeof out->kode_desa, "%s", v);
	return bad ? -1 : 0;
}

/* The account's own name, for the timeline of its moves. */
static void account_name(struct db *db, int64_t pemohon_id, char *out, size_t outsz)
{
	struct db_stmt *st = db_query(db, "SELECT nama FROM pemohon WHERE id = ?", "i", pemohon_id);

	snprintf(out, outsz, "%s", st && db_next(st) == DB_ROW ? db_text(st, 0) : "Pemohon");
	db_end(st);
}

/* Checked common fields, ready to store. */
struct common {
	char nik[NIK_LEN + 1], nama[PERSON_NAME_MAX * 4 + 1];
	const char *detail;
	char *isian;  /* JSON text, malloc'd */
};

#define DETAIL_MAX 2000

static int check_common(const json_t *def, int nik_wajib, const struct app_input *in, time_t now,
			struct common *c, json_t *errors)
{
	json_t *isian = json_object();
	const char *nik = in->nik ? in->nik : "", *nama = in->nama ? in->nama : "";
	const char *detail = in->detail ? in->detail : "";

	memset(c, 0, sizeof *c);
	if (*nik || nik_wajib) {
		struct nik_info ni;
		enum nik_err e = nik_parse(nik, &ni);

		if (e == NIK_ERR_EMPTY)
			err_set(errors, "nik", "NIK wajib diisi.");
		else if (e != NIK_OK)
			err_set(errors, "nik", nik_strerror(e));
		else
			memcpy(c->nik, ni.digits, sizeof c->nik);
	}
	text_squash(nama, c->nama, sizeof c->nama);
	if (!*c->nama)
		err_set(errors, "nama", "Nama wajib diisi.");
	else if (!person_name_ok(c->nama))
		err_set(errors, "nama", person_name_err_text);
	if (!*detail)
		err_set(errors, "detail", "Detail Permohonan wajib diisi: jelaskan apa yang Anda ajukan.");
	else if (!text_block_ok(detail, DETAIL_MAX))
		err_set(errors, "detail", "Detail Permohonan paling banyak 2000 karakter, tanpa karakter kendali.");
	c->detail = detail;
	app_check_isian(def, in->isian, now, isian, errors);
	c->isian = json_dumps(isian, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(isian);
	if (!c->isian)
		fatal("out of memory");
	return json_object_size(errors) ? -1 : 0;
}

enum app_rc app_create(struct db *db, const struct pemohon_mode *m, const struct cat_service *svc,
		       const struct app_input *in, json_t *errors, char *reason, size_t reasonsz,
		       char kode[APP_CODE_MAX])
{
	time_t now = time(NULL);
	struct owner o, k;
	struct common c;
	char counter[96], lock[96];
	int64_t seq, id;
	int contact_bad;
	enum app_rc rc = APP_ERR;

	if (load_owner(db, m->pemohon_id, &o) < 0)
		return APP_NOT_FOUND;
	if (!catalog_available(db, svc, m, now, reason, reasonsz))
		return APP_UNAVAILABLE;
	contact_bad = check_contact(db, m, in, &o, &k, errors);
	if (check_common(svc->def, svc->nik_wajib, in, now, &c, errors) < 0 || contact_bad) {
		free(c.isian);
		return APP_INVALID;
	}
	snprintf(counter, sizeof counter, "pengajuan:%s", svc->prefix);
	if (db_begin(db) != DB_OK)
		goto out;
	/* with a daily quota, the day's lock row is held until commit, so the
	 * count below cannot race another instance's create: the quota is
	 * exact, and it counts what the pages count (catalog_quota_used) */
	if (catalog_quota_lock(svc, now, lock, sizeof lock)) {
		if (db_sequence_next(db, lock) < 0)
			goto fail;
		if (!catalog_rules_open(json_object_get(svc->def, "ketersediaan"), now,
					catalog_quota_used(db, svc, now), reason, reasonsz)) {
			db_rollback(db);
			rc = APP_UNAVAILABLE;
			goto out;
		}
	}
	seq = db_sequence_next(db, counter);
	if (seq < 0 || app_code(kode, APP_CODE_MAX, svc->prefix, g_cfg.regency_code, seq) < 0)
		goto fail;
	if (db_insert_id(db,
			 "INSERT INTO pengajuan (kode, pemohon_id, grup_id, layanan_id, definisi_id, status, nik, nama, no_kk,"
			 " no_hp, email, kode_desa, detail, isian, created_at, updated_at)"
			 " VALUES (?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			 &id, "siiiissssssssii", kode, m->pemohon_id, m->grup_id, svc->id, svc->definisi_id, c.nik, c.nama,
			 k.no_kk, k.no_hp, k.email, k.kode_desa, c.detail, c.isian, (int64_t)now, (int64_t)now) != DB_DONE ||
	    app_history(db, id, APP_DRAFT, "pemohon", m->pemohon_id, o.nama, "Pengajuan dibuat.") < 0 ||
	    rekap_status(db, (int64_t)now, svc->id, NULL, "DRAFT") < 0 ||
	    db_commit(db) != DB_OK)
		goto fail;
	rc = APP_OK;
	goto out;
fail:
	db_rollback(db);
out:
	free(c.isian);
	return rc;
}

/* Status, definition and id of an application in mode m. */
static int load_own(struct db *db, const struct pemohon_mode *m, const char *kode, int64_t *id, enum app_status *s,
		    int64_t *definisi_id, int64_t *layanan_id)
{
	struct db_stmt *st = db_query(db, "SELECT id, status, definisi_id, layanan_id, pemohon_id, grup_id FROM pengajuan WHERE kode = ?",
				      "s", kode ? kode : "");
	int rc = -1;

	if (st && db_next(st) == DB_ROW && grup_mode_owns(m, db_int(st, 4), db_int(st, 5))) {
		*id = db_int(st, 0);
		*s = app_status_from(db_text(st, 1));
		if (definisi_id)
			*definisi_id = db_int(st, 2);
		if (layanan_id)
			*layanan_id = db_int(st, 3);
		rc = 0;
	}
	db_end(st);
	return rc;
}

static const struct cat_service *service_of(struct db *db, int64_t layanan_id)
{
	return catalog_by_id(catalog_get(db), layanan_id);
}

enum app_rc app_update(struct db *db, const struct pemohon_mode *m, const char *kode, const struct app_input *in,
		       json_t *errors)
{
	int64_t id, def_id, lay_id;
	enum app_status s;
	json_t *def;
	struct common c;
	struct owner o, k;
	const struct cat_service *svc;
	int contact_bad;
	enum app_rc rc;

	if (load_own(db, m, kode, &id, &s, &def_id, &lay_id) < 0 || load_owner(db, m->pemohon_id, &o) < 0)
		return APP_NOT_FOUND;
	if (!app_editable(s))
		return APP_STATE;
	if (!(def = catalog_definition(db, def_id)))
		return APP_ERR;
	svc = service_of(db, lay_id);
	contact_bad = check_contact(db, m, in, &o, &k, errors);
	if (check_common(def, svc ? svc->nik_wajib : 1, in, time(NULL), &c, errors) < 0 || contact_bad) {
		rc = APP_INVALID;
		goto out;
	}
	/* the status guard makes a send racing with this edit lose cleanly;
	 * personal mode keeps the contact fields the application holds */
	if (db_exec(db,
		    "UPDATE pengajuan SET nik = ?, nama = ?, detail = ?, isian = ?, updated_at = ?,"
		    " no_kk = CASE WHEN grup_id = 0 THEN no_kk ELSE ? END, no_hp = CASE WHEN grup_id = 0 THEN no_hp ELSE ? END,"
		    " email = CASE WHEN grup_id = 0 THEN email ELSE ? END, kode_desa = CASE WHEN grup_id = 0 THEN kode_desa ELSE ? END"
		    " WHERE id = ? AND status IN ('DRAFT', 'DIKEMBALIKAN')",
		    "ssssissssi", c.nik, c.nama, c.detail, c.isian, (int64_t)time(NULL), k.no_kk, k.no_hp, k.email,
		    k.kode_desa, id) != DB_DONE)
		rc = APP_ERR;
	else
		rc = db_changes(db) ? APP_OK : APP_STATE;
out:
	free(c.isian);
	json_decref(def);
	return rc;
}

enum app_rc app_delete(struct db *db, const struct pemohon_mode *m, const char *kode)
{
	int64_t id;
	enum app_status s;

	int64_t lay_id, created = 0;
	struct db_stmt *st;

	if (load_own(db, m, kode, &id, &s, NULL, &lay_id) < 0)
		return APP_NOT_FOUND;
	if (s != APP_DRAFT)
		return APP_STATE;
	st = db_query(db, "SELECT created_at FROM pengajuan WHERE id = ?", "i", id);
	if (st && db_next(st) == DB_ROW)
		created = db_int(st, 0);
	db_end(st);
	if (db_begin(db) != DB_OK)
		return APP_ERR;
	/* children first (foreign keys); the status guard decides at the end */
	if (db_exec(db, "DELETE FROM pengajuan_dokumen WHERE pengajuan_id = ?", "i", id) != DB_DONE ||
	    db_exec(db, "DELETE FROM pengajuan_riwayat WHERE pengajuan_id = ?", "i", id) != DB_DONE ||
	    db_exec(db, "DELETE FROM chat WHERE pengajuan_id = ?", "i", id) != DB_DONE ||
	    db_exec(db, "DELETE FROM pengajuan WHERE id = ? AND status = 'DRAFT'", "i", id) != DB_DONE)
		goto fail;
	if (!db_changes(db)) {
		db_rollback(db);
		return APP_STATE;
	}
	if (rekap_status(db, created, lay_id, "DRAFT", NULL) < 0 || db_commit(db) != DB_OK)
		goto fail;
	return APP_OK;
fail:
	db_rollback(db);
	return APP_ERR;
}

int64_t app_step_seconds(const json_t *def, size_t i)
{
	json_t *l = json_array_get(json_object_get(def, "langkah"), i);

	return (int64_t)json_integer_value(json_object_get(l, "waktu_baku_menit")) * 60;
}

static int64_t first_step_seconds(const json_t *def)
{
	return app_step_seconds(def, 0);
}

/* Required documents of def the application has no file for: errors
 * "dokumen.KODE". Returns how many. */
static int missing_documents(struct db *db, int64_t id, const json_t *def, json_t *errors)
{
	const json_t *docs = json_object_get(def, "dokumen");
	int n = 0;

	for (size_t i = 0; i < json_array_size(docs); i++) {
		const json_t *d = json_array_get(docs, i);
		struct db_stmt *st;
		int have;
		char key[64], msg[200];

		if (!json_is_true(json_object_get(d, "wajib")))
			continue;
		st = db_query(db, "SELECT 1 FROM pengajuan_dokumen WHERE pengajuan_id = ? AND jenis = ? LIMIT 1", "is", id,
			      str_of(d, "kode"));
		have = st && db_next(st) == DB_ROW;
		db_end(st);
		if (have)
			continue;
		snprintf(key, sizeof key, "dokumen.%s", str_of(d, "kode"));
		snprintf(msg, sizeof msg, "Dokumen %s wajib diunggah.", str_of(d, "nama"));
		err_set(errors, key, msg);
		n++;
	}
	return n;
}

enum app_rc app_send(struct db *db, const struct pemohon_mode *m, const char *kode, const char *pilihan, int setuju,
		     json_t *errors)
{
	int64_t id, def_id, lay_id;
	enum app_status s;
	json_t *def = NULL, *isian = NULL, *norm = json_object();
	struct db_stmt *st;
	const struct cat_service *svc;
	char nik[NIK_LEN + 1] = "", no_hp[PHONE_BUF] = "", email[EMAIL_MAX + 1] = "", nama[128] = "", akun[128];
	int d;
	enum app_rc rc = APP_ERR;

	if (load_own(db, m, kode, &id, &s, &def_id, &lay_id) < 0) {
		rc = APP_NOT_FOUND;
		goto out;
	}
	if (app_next(MOVE_KIRIM, s, ACTOR_PEMOHON) == APP__MAX) {
		rc = APP_STATE;
		goto out;
	}
	if (!(def = catalog_definition(db, def_id)))
		goto out;
	/* no finished document, nothing to deliver: the choice is not asked */
	for (d = 0; app_has_output(def) && d < DELIV__MAX && strcmp(pilihan ? pilihan : "", app_delivery_names[d]); d++)
		;
	if (d == DELIV__MAX)
		err_set(errors, "pilihan_dokumen_jadi", "Pilih salah satu Pilihan Dokumen Jadi.");
	if (!setuju)
		err_set(errors, "setuju", "Centang persetujuan pengajuan pelayanan untuk mengirim.");
	st = db_query(db, "SELECT isian, nik, no_hp, email, nama FROM pengajuan WHERE id = ?", "i", id);
	if (st && db_next(st) == DB_ROW) {
		isian = json_loads(db_text(st, 0), 0, NULL);
		snprintf(nik, sizeof nik, "%s", db_text(st, 1));
		snprintf(no_hp, sizeof no_hp, "%s", db_text(st, 2));
		snprintf(email, sizeof email, "%s", db_text(st, 3));
		snprintf(nama, sizeof nama, "%s", db_text(st, 4));
	}
	db_end(st);
	svc = service_of(db, lay_id);
	if (!*nik && svc && svc->nik_wajib)
		err_set(errors, "nik", "NIK wajib diisi.");
	/* the definition may have gained a required field since the draft */
	app_check_isian(def, isian, time(NULL), norm, errors);
	missing_documents(db, id, def, errors);
	if (json_object_size(errors)) {
		rc = APP_INVALID;
		goto out;
	}
	if (db_begin(db) != DB_OK)
		goto out;
	/* into the verification queue; its clock is the first step's
	 * standard time */
	if (db_exec(db,
		    "UPDATE pengajuan SET status = 'DIKIRIM', pilihan_dokumen_jadi = ?, dikirim_at = ?, updated_at = ?,"
		    " antrean = 'verifikasi', ditangani_oleh = NULL, ditangani_at = NULL, status_at = ?, tenggat_at = ?"
		    " WHERE id = ? AND status = ?",
		    "siiiiis", app_delivery_names[d], (int64_t)time(NULL), (int64_t)time(NULL), (int64_t)time(NULL),
		    (int64_t)time(NULL) + first_step_seconds(def), id, app_status_names[s]) != DB_DONE)
		goto fail;
	if (!db_changes(db)) {
		db_rollback(db);
		rc = APP_STATE;
		goto out;
	}
	st = db_query(db, "SELECT created_at FROM pengajuan WHERE id = ?", "i", id);
	d = st && db_next(st) == DB_ROW ? 0 : -1;
	if (d == 0 && rekap_status(db, db_int(st, 0), lay_id, app_status_names[s], "DIKIRIM") < 0)
		d = -1;
	db_end(st);
	if (d < 0)
		goto fail;
	{
		struct buf body = BUF_INIT;
		char subject[160];
		int ok;

		snprintf(subject, sizeof subject, "Pengajuan %s telah dikirim", kode);
		buf_addf(&body,
			 "Pengajuan %s (%s) atas nama %s telah dikirim dan akan diperiksa oleh Verifikator %s. "
			 "Perubahan tidak dapat dilakukan selama pengajuan diperiksa. "
			 "Pantau statusnya dan gunakan Chat di %s/pengajuan/%s\n\nStatus pengajuan: %s",
			 kode, svc ? svc->nama : "", nama, g_cfg.office_name, g_cfg.base_url, kode,
			 app_status_label(svc ? svc->def : def, APP_DIKIRIM));
		/* the timeline names the account that sent, not the subject
		 * (a parent sending for a child, a school for a student) */
		account_name(db, m->pemohon_id, akun, sizeof akun);
		ok = app_history(db, id, APP_DIKIRIM, "pemohon", m->pemohon_id, akun,
				 s == APP_DIKEMBALIKAN ? "Pengajuan dikirim kembali setelah diperbaiki." : "Pengajuan dikirim.") == 0 &&
		     app_notify(db, id, subject, body.ptr) == 0;
		buf_release(&body);
		if (!ok || db_commit(db) != DB_OK)
			goto fail;
	}
	rc = APP_OK;
	goto out;
fail:
	db_rollback(db);
out:
	json_decref(def);
	json_decref(isian);
	json_decref(norm);
	return rc;
}

int app_history(struct db *db, int64_t app_id, enum app_status s, const char *aktor, int64_t aktor_id,
		const char *aktor_nama, const char *catatan)
{
	return db_exec(db,
		       "INSERT INTO pengajuan_riwayat (pengajuan_id, status, aktor, aktor_id, aktor_nama, catatan, created_at)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?)",
		       "ississi", app_id, app_status_names[s], aktor, aktor_id, aktor_nama, catatan,
		       (int64_t)time(NULL)) == DB_DONE ? 0 : -1;
}

/* ---- reading ----------------------------------------------------------- */

int64_t app_id_of(struct db *db, const char *kode, const struct pemohon_mode *m)
{
	struct db_stmt *st = db_query(db, "SELECT id, pemohon_id, grup_id FROM pengajuan WHERE kode = ?", "s",
				      kode ? kode : "");
	int64_t id = 0;

	if (st && db_next(st) == DB_ROW && grup_mode_owns(m, db_int(st, 1), db_int(st, 2)))
		id = db_int(st, 0);
	db_end(st);
	return id;
}

int app_notify(struct db *db, int64_t app_id, const char *subject, const char *body)
{
	struct db_stmt *st = db_query(db,
				      "SELECT p.no_hp, p.email, p.grup_id, a.no_hp, a.email FROM pengajuan p"
				      " JOIN pemohon a ON a.id = p.pemohon_id WHERE p.id = ?",
				      "i", app_id);
	char hp[PHONE_BUF] = "", email[EMAIL_MAX + 1] = "", mhp[PHONE_BUF] = "", memail[EMAIL_MAX + 1] = "";
	int group = 0, rc = -1;

	if (st && db_next(st) == DB_ROW) {
		snprintf(hp, sizeof hp, "%s", db_text(st, 0));
		snprintf(email, sizeof email, "%s", db_text(st, 1));
		group = db_int(st, 2) != 0;
		snprintf(mhp, sizeof mhp, "%s", db_text(st, 3));
		snprintf(memail, sizeof memail, "%s", db_text(st, 4));
		rc = 0;
	}
	db_end(st);
	if (rc < 0 || notify_both(db, *hp ? hp : NULL, *email ? email : NULL, subject, body) < 0)
		return -1;
	/* the member who applied for a resident hears it too, once */
	if (group && notify_both(db, *mhp && strcmp(mhp, hp) ? mhp : NULL,
				 *memail && strcasecmp(memail, email) ? memail : NULL, subject, body) < 0)
		return -1;
	return 0;
}

static int64_t chat_unread(struct db *db, int64_t id, int64_t seen)
{
	struct db_stmt *st = db_query(db, "SELECT count(*) FROM chat WHERE pengajuan_id = ? AND dari = 'staf' AND id > ?",
				      "ii", id, seen);
	int64_t n = st && db_next(st) == DB_ROW ? db_int(st, 0) : 0;

	db_end(st);
	return n;
}

#define APP_COLS "p.id, p.kode, p.status, p.nik, p.nama, p.no_kk, p.no_hp, p.email, p.detail, p.isian," \
	" p.pilihan_dokumen_jadi, p.chat_baca_pemohon, p.created_at, p.updated_at, p.dikirim_at, p.definisi_id," \
	" p.layanan_id, p.kode_desa, p.pemohon_id, p.grup_id"

static json_t *documents_of(struct db *db, int64_t id, const json_t *def)
{
	const json_t *types = json_object_get(def, "dokumen");
	json_t *out = json_array();

	for (size_t i = 0; i < json_array_size(types); i++) {
		const json_t *t = json_array_get(types, i);
		json_t *files = json_array();
		struct db_stmt *st = db_query(db,
					      "SELECT pd.id, d.id, d.nama_asli, d.tanggal, d.lembar, d.keterangan, d.mime"
					      " FROM pengajuan_dokumen pd JOIN dokumen d ON d.id = pd.dokumen_id"
					      " WHERE pd.pengajuan_id = ? AND pd.jenis = ? ORDER BY pd.id",
					      "is", id, str_of(t, "kode"));

		while (st && db_next(st) == DB_ROW)
			json_array_append_new(files, json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s}",
							       "id", (json_int_t)db_int(st, 0),
							       "dokumen_id", (json_int_t)db_int(st, 1),
							       "nama", db_text(st, 2), "tanggal", db_text(st, 3),
							       "lembar", (json_int_t)db_int(st, 4),
							       "keterangan", db_text(st, 5), "mime", db_text(st, 6)));
		db_end(st);
		json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:s, s:s?, s:o}", "kode", str_of(t, "kode"),
						     "nama", str_of(t, "nama"),
						     "wajib", json_is_true(json_object_get(t, "wajib")),
						     "keterangan", str_of(t, "keterangan") ? str_of(t, "keterangan") : "",
						     "contoh", str_of(t, "contoh"), "file", files));
	}
	return out;
}

/* The timeline; an applicant sees "Petugas Dinas" where an officer acted,
 * as in the chat. */
static json_t *history_of(struct db *db, int64_t id, const json_t *def, int for_applicant)
{
	json_t *out = json_array();
	struct db_stmt *st = db_query(db,
				      "SELECT status, aktor, aktor_nama, catatan, created_at FROM pengajuan_riwayat"
				      " WHERE pengajuan_id = ? ORDER BY id",
				      "i", id);

	while (st && db_next(st) == DB_ROW) {
		enum app_status s = app_status_from(db_text(st, 0));

		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s?, s:I}", "status",
						     s < APP__MAX ? app_status_names[s] : "",
						     "status_label", app_status_label(def, s),
						     "aktor", db_text(st, 1), "aktor_nama",
						     for_applicant && !strcmp(db_text(st, 1), "staf") ? "Petugas Dinas" : db_text(st, 2),
						     "catatan", db_text(st, 3), "waktu", (json_int_t)db_int(st, 4)));
	}
	db_end(st);
	return out;
}

/* Who made application id and in which mode (Tabel 2): diajukan_oleh
 * {nama, nik (masked)} of the account, mode {grup_id, nama, jenis,
 * jenis_label}, into j. In group mode the account is the member who acted;
 * the application's own nik/nama are the resident it is for. */
static void add_origin(struct db *db, json_t *j, int64_t id)
{
	struct db_stmt *st = db_query(db,
				      "SELECT coalesce(a.nama, ''), coalesce(a.nik, ''), p.grup_id, g.nama, g.jenis"
				      " FROM pengajuan p LEFT JOIN pemohon a ON a.id = p.pemohon_id"
				      " LEFT JOIN grup g ON g.id = p.grup_id WHERE p.id = ?",
				      "i", id);
	char masked[NIK_LEN + 1] = "";
	enum grup_jenis jenis;
	int64_t grup_id;

	if (!st || db_next(st) != DB_ROW) {
		db_end(st);
		return;
	}
	if (*db_text(st, 1))
		nik_mask(db_text(st, 1), masked);
	json_object_set_new(j, "diajukan_oleh", json_pack("{s:s, s:s}", "nama", db_text(st, 0), "nik", masked));
	grup_id = db_int(st, 2);
	jenis = grup_jenis_from(db_is_null(st, 4) ? NULL : db_text(st, 4));
	json_object_set_new(j, "mode", json_pack("{s:I, s:s, s:o, s:o}", "grup_id", (json_int_t)grup_id, "nama",
						 !grup_id ? "Pemohon Pribadi"
						 : db_is_null(st, 3) ? "(grup tidak dikenal)" : db_text(st, 3),
						 "jenis", jenis < GRUP__MAX ? json_string(grup_jenis_codes[jenis]) : json_null(),
						 "jenis_label",
						 jenis < GRUP__MAX ? json_string(grup_jenis_names[jenis]) : json_null()));
	db_end(st);
}

json_t *app_detail(struct db *db, const struct pemohon_mode *m, const char *kode, int64_t *id_out)
{
	struct db_stmt *st = db_query(db, "SELECT " APP_COLS " FROM pengajuan p WHERE p.kode = ?", "s", kode ? kode : "");
	json_t *j = NULL, *def = NULL, *isian = NULL, *fields, *list;
	const json_t *label_def;
	const struct cat_service *svc;
	enum app_status s;
	int64_t id, seen;
	int d, output;

	if (!st || db_next(st) != DB_ROW || !grup_mode_owns(m, db_int(st, 18), db_int(st, 19))) {
		db_end(st);
		return NULL;
	}
	id = db_int(st, 0);
	s = app_status_from(db_text(st, 2));
	if (s == APP__MAX)
		s = APP_DRAFT;
	for (d = 0; d < DELIV__MAX && strcmp(db_text(st, 10), app_delivery_names[d]); d++)
		;
	if (d == DELIV__MAX)
		d = DELIV_OTOMATIS;
	svc = service_of(db, db_int(st, 16));
	def = catalog_definition(db, db_int(st, 15));
	isian = json_loads(db_text(st, 9), 0, NULL);
	seen = db_int(st, 11);
	label_def = svc ? svc->def : def;
	output = app_has_output(def);
	j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:b, s:I, s:I, s:I, s:b, s:b, s:b}",
		      "id", (json_int_t)id, "kode", db_text(st, 1), "status", app_status_names[s],
		      "status_label", app_status_label(label_def, s), "nik", db_text(st, 3), "nama", db_text(st, 4),
		      "no_kk", db_text(st, 5), "no_hp", db_text(st, 6), "email", db_text(st, 7),
		      "detail", db_text(st, 8), "pilihan_dokumen_jadi", output ? app_delivery_names[d] : NULL,
		      "pilihan_dokumen_jadi_label", output ? app_delivery_labels[d] : NULL, "ada_pilihan_dokumen_jadi", output,
		      "created_at", (json_int_t)db_int(st, 12), "updated_at", (json_int_t)db_int(st, 13),
		      "dikirim_at", (json_int_t)db_int(st, 14), "dapat_diedit", app_editable(s),
		      "dapat_dihapus", s == APP_DRAFT, "dapat_dikirim", app_next(MOVE_KIRIM, s, ACTOR_PEMOHON) != APP__MAX);
	db_end(st);
	if (!j || !def)
		goto fail;
	json_object_set_new(j, "layanan", json_pack("{s:s, s:s, s:s, s:s, s:s}", "kode", json_string_value(json_object_get(def, "kode")),
						       "nama", json_string_value(json_object_get(def, "nama")),
						       "prefix", json_string_value(json_object_get(def, "prefix")),
						       "label_nik", svc ? svc->label_nik : "NIK",
						       "label_nama", svc ? svc->label_nama : "Nama Lengkap"));
	fields = json_array();
	list = json_object_get(def, "isian");
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *f = json_array_get(list, i);
		const char *v = str_of(isian, str_of(f, "kode"));

		json_array_append_new(fields, json_pack("{s:s, s:s, s:s, s:s}", "kode", str_of(f, "kode"), "label",
							str_of(f, "label"), "jenis", str_of(f, "jenis") ? str_of(f, "jenis") : "text",
							"nilai", v ? v : ""));
	}
	json_object_set_new(j, "isian", fields);
	json_object_set_new(j, "dokumen", documents_of(db, id, def));
	json_object_set_new(j, "dokumen_jadi", json_deep_copy(json_object_get(def, "dokumen_jadi")));
	json_object_set_new(j, "riwayat", history_of(db, id, label_def, m != NULL));
	json_object_set_new(j, "chat_belum_dibaca", json_integer(chat_unread(db, id, seen)));
	add_origin(db, j, id);
	if (id_out)
		*id_out = id;
	json_decref(def);
	json_decref(isian);
	return j;
fail:
	json_decref(j);
	json_decref(def);
	json_decref(isian);
	return NULL;
}

json_t *app_values(struct db *db, const struct pemohon_mode *m, const char *kode)
{
	struct db_stmt *st = db_query(db,
				      "SELECT nik, nama, no_kk, no_hp, email, detail, isian, kode_desa, pemohon_id, grup_id"
				      " FROM pengajuan WHERE kode = ?",
				      "s", kode ? kode : "");
	json_t *j = NULL;

	if (st && db_next(st) == DB_ROW && grup_mode_owns(m, db_int(st, 8), db_int(st, 9))) {
		json_t *isian = json_loads(db_text(st, 6), 0, NULL);

		j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "nik", db_text(st, 0), "nama", db_text(st, 1),
			      "no_kk", db_text(st, 2), "no_hp", db_text(st, 3), "email", db_text(st, 4),
			      "detail", db_text(st, 5), "kode_desa", db_text(st, 7), "isian", isian ? isian : json_object());
	}
	db_end(st);
	return j;
}

json_t *app_list(struct db *db, const struct pemohon_mode *m, const struct app_filter *f, long page, long page_size,
		 long *total)
{
	/* one statement per mode whose optional filters switch off with an
	 * empty value (grup_mode_owns): personal mode is the maker's own,
	 * over (pemohon_id, id); group mode every member's, over (grup_id, id) */
#define LIST_FILTERS " AND (? = 0 OR p.layanan_id = ?) AND (? = '' OR p.status = ?)" \
	" AND (? = '' OR p.kode = ?) AND (? = '' OR p.nik = ?) AND (? = '' OR lower(p.nama) LIKE lower(?))"
#define LIST_ROWS "SELECT p.kode, p.layanan_id, p.nik, p.nama, p.status, p.created_at," \
	" (SELECT count(*) FROM chat c WHERE c.pengajuan_id = p.id AND c.dari = 'staf'" \
	" AND c.id > p.chat_baca_pemohon) FROM pengajuan p"
/* "+p.grup_id": no index on grup_id for personal mode, where nearly
 * every row has 0; the planner walks (pemohon_id, id) */
#define LIST_PRIBADI " WHERE p.pemohon_id = ? AND +p.grup_id = 0" LIST_FILTERS
#define LIST_GRUP " WHERE p.grup_id = ?" LIST_FILTERS
	int64_t owner = m->grup_id ? m->grup_id : m->pemohon_id;
	const char *status = f->status ? f->status : "", *kode = f->kode ? f->kode : "";
	const char *nik = f->nik ? f->nik : "", *nama = f->nama ? f->nama : "";
	char like[400], up[APP_CODE_MAX * 2];
	json_t *rows = json_array();
	struct db_stmt *st;
	int64_t offset;
	size_t i;

	if (page_size < 1)
		page_size = 1;
	if (page < 1)
		page = 1;
	if (page > 100000)
		page = 100000;
	offset = (int64_t)(page - 1) * page_size;
	snprintf(like, sizeof like, "%%%.380s%%", nama);
	/* codes are shown in capitals; accept them typed in lower case */
	for (i = 0; kode[i] && i + 1 < sizeof up; i++)
		up[i] = (char)(kode[i] >= 'a' && kode[i] <= 'z' ? kode[i] - 32 : kode[i]);
	up[i] = '\0';
	st = db_query(db, m->grup_id ? "SELECT count(*) FROM pengajuan p" LIST_GRUP : "SELECT count(*) FROM pengajuan p" LIST_PRIBADI,
		      "iiissssssss", owner, f->layanan_id, f->layanan_id, status, status, up, up, nik, nik, nama, like);
	*total = st && db_next(st) == DB_ROW ? (long)db_int(st, 0) : 0;
	db_end(st);
	st = db_query(db,
		      m->grup_id ? LIST_ROWS LIST_GRUP " ORDER BY p.id DESC LIMIT ? OFFSET ?"
				 : LIST_ROWS LIST_PRIBADI " ORDER BY p.id DESC LIMIT ? OFFSET ?",
		      "iiissssssssii", owner, f->layanan_id, f->layanan_id, status, status, up, up, nik, nik, nama, like,
		      (int64_t)page_size, offset);
	while (st && db_next(st) == DB_ROW) {
		const struct cat_service *svc = service_of(db, db_int(st, 1));
		enum app_status s = app_status_from(db_text(st, 4));
		char masked[NIK_LEN + 1] = "";
		int64_t unread;

		if (*db_text(st, 2))
			nik_mask(db_text(st, 2), masked);
		if (s == APP__MAX)
			s = APP_DRAFT;
		unread = db_int(st, 6);
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "kode",
						      db_text(st, 0), "layanan", svc ? svc->nama : "",
						      "layanan_kode", svc ? svc->kode : "", "nik", masked,
						      "nama", db_text(st, 3), "status", app_status_names[s],
						      "status_label", app_status_label(svc ? svc->def : NULL, s),
						      "created_at", (json_int_t)db_int(st, 5),
						      "chat_belum_dibaca", (json_int_t)unread));
	}
	db_end(st);
	return rows;
#undef LIST_FILTERS
#undef LIST_ROWS
#undef LIST_PRIBADI
#undef LIST_GRUP
}
