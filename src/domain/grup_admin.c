// SPDX-License-Identifier: MIT
// Grup Pemohon back office: creating and editing groups, their scope and services, raising and removing members.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/grup.h"
#include "domain/notify.h"
#include "domain/validate.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/log.h"

#define MSG_NIK_NONE "Tidak ada pemohon aktif dengan NIK tersebut."

/* ---- validation ---------------------------------------------------------- */

/* 1 when kode is a known district or village. */
static int region_known(struct db *db, const char *kode)
{
	struct db_stmt *st;
	int ok;

	if (strlen(kode) != 8 && strlen(kode) != 13)
		return 0;
	st = db_query(db, "SELECT 1 FROM kecamatan WHERE kode = ? UNION ALL SELECT 1 FROM desa WHERE kode = ?", "ss",
		      kode, kode);
	ok = st && db_next(st) == DB_ROW;
	db_end(st);
	return ok;
}

/* 1 when service s is a group-only one whose kelompok names kind j. */
static int service_for(const struct cat_service *s, enum grup_jenis j)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(s->def, "kelompok"), i, v)
		if (json_string_value(v) && !strcmp(json_string_value(v), grup_jenis_codes[j]))
			return 1;
	return 0;
}

/* 1 when a (an array of strings) holds s before index n. */
static int seen_before(const json_t *a, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(json_string_value(json_array_get(a, i)), s))
			return 1;
	return 0;
}

/* The scope's rule: 1..GRUP_WILAYAH_MAX known district or village codes;
 * errors.wilayah otherwise. */
static void wilayah_check(struct db *db, const json_t *wilayah, json_t *errors)
{
	json_t *v;
	size_t i;

	if (!json_is_array(wilayah) || !json_array_size(wilayah)) {
		json_object_set_new(errors, "wilayah", json_string("Isi minimal satu kode wilayah (kecamatan atau desa/kelurahan)."));
		return;
	}
	if (json_array_size(wilayah) > GRUP_WILAYAH_MAX) {
		json_object_set_new(errors, "wilayah", json_sprintf("Wilayah grup paling banyak %d kode.", GRUP_WILAYAH_MAX));
		return;
	}
	json_array_foreach(wilayah, i, v) {
		const char *k = json_string_value(v);

		if (k && text_field_ok(k, 20) && region_known(db, k))
			continue;
		json_object_set_new(errors, "wilayah",
				    k && text_field_ok(k, 20)
				    ? json_sprintf("Kode wilayah %s tidak dikenal. Tulis kode kecamatan (contoh 33.26.07) "
						   "atau desa/kelurahan (contoh 33.26.07.2008).", k)
				    : json_string("Kode wilayah tidak dikenal."));
		return;
	}
}

/* The services' rule: each a group-only service for kind j (GRUP__MAX:
 * the kind is wrong, so only group-only is checked); errors.layanan
 * otherwise. Their ids, once each, into svc (room for every entry); the
 * count. */
static size_t layanan_check(struct db *db, const json_t *layanan, enum grup_jenis j, json_t *errors, int64_t *svc)
{
	const struct catalog *c = catalog_get(db);
	size_t i, n = 0;
	json_t *v;

	if (layanan && !json_is_array(layanan)) {
		json_object_set_new(errors, "layanan", json_string("Layanan grup tidak sah."));
		return 0;
	}
	json_array_foreach(layanan, i, v) {
		const char *k = json_string_value(v);
		const struct cat_service *s = k ? catalog_find(c, k) : NULL;

		if (!s || s->umum) {
			json_object_set_new(errors, "layanan", json_string("Hanya layanan khusus grup yang dapat dipilih."));
			return 0;
		}
		if (j != GRUP__MAX && !service_for(s, j)) {
			json_object_set_new(errors, "layanan", json_sprintf("Layanan %s tidak tersedia untuk grup jenis %s.",
									     s->nama, grup_jenis_names[j]));
			return 0;
		}
		if (!seen_before(layanan, i, k))
			svc[n++] = s->id;
	}
	return n;
}

/*
 * The rules of a group's fields (the one home of them): messages keyed
 * nama, jenis, wilayah, layanan into errors. On success *svc (caller
 * frees) receives the ids of the services named, in order and once each,
 * *nsvc their count. 1 when valid.
 */
static int input_ok(struct db *db, const struct grup_input *in, json_t *errors, int64_t **svc, size_t *nsvc)
{
	enum grup_jenis j = grup_jenis_from(in->jenis);

	*nsvc = 0;
	if (!in->nama || !*in->nama)
		json_object_set_new(errors, "nama", json_string("Nama grup wajib diisi."));
	else if (!text_field_ok(in->nama, GRUP_NAMA_MAX))
		json_object_set_new(errors, "nama", json_sprintf("Nama grup maksimal %d karakter dalam satu baris.", GRUP_NAMA_MAX));
	if (j == GRUP__MAX)
		json_object_set_new(errors, "jenis", json_string("Pilih jenis grup dari daftar."));
	wilayah_check(db, in->wilayah, errors);
	*svc = calloc(json_array_size(in->layanan) + 1, sizeof **svc);
	if (!*svc)
		fatal("out of memory");
	*nsvc = layanan_check(db, in->layanan, j, errors, *svc);
	if (!json_object_size(errors))
		return 1;
	free(*svc);
	*svc = NULL;
	*nsvc = 0;
	return 0;
}

/* ---- storing ------------------------------------------------------------- */

/* Writes a group's scope and services (its old ones are deleted first);
 * "wilayah=...; layanan=..." for the audit into detail. 0 or -1. */
static int store_lists(struct db *db, int64_t id, const struct grup_input *in, const int64_t *svc, size_t nsvc,
		       struct buf *detail)
{
	const struct catalog *c = catalog_get(db);
	json_t *v;
	size_t i;

	if (db_exec(db, "DELETE FROM grup_wilayah WHERE grup_id = ?", "i", id) != DB_DONE ||
	    db_exec(db, "DELETE FROM grup_layanan WHERE grup_id = ?", "i", id) != DB_DONE)
		return -1;
	buf_adds(detail, "; wilayah=");
	json_array_foreach(in->wilayah, i, v) {
		if (seen_before(in->wilayah, i, json_string_value(v)))
			continue;
		if (db_exec(db, "INSERT INTO grup_wilayah (grup_id, kode) VALUES (?, ?)", "is", id,
			    json_string_value(v)) != DB_DONE)
			return -1;
		buf_addf(detail, "%s%s", i ? "," : "", json_string_value(v));
	}
	buf_adds(detail, "; layanan=");
	for (i = 0; i < nsvc; i++) {
		const struct cat_service *s = catalog_by_id(c, svc[i]);

		if (db_exec(db, "INSERT INTO grup_layanan (grup_id, layanan_id) VALUES (?, ?)", "ii", id, svc[i]) !=
		    DB_DONE)
			return -1;
		buf_addf(detail, "%s%s", i ? "," : "", s ? s->kode : "?");
	}
	return 0;
}

enum grup_rc grup_create(struct db *db, int64_t staf_id, const struct grup_input *in, json_t *errors, int64_t *id)
{
	struct buf detail = BUF_INIT;
	int64_t *svc, now = (int64_t)time(NULL);
	size_t nsvc;
	char objek[32];

	*id = 0;
	if (!input_ok(db, in, errors, &svc, &nsvc))
		return GRUP_INVALID;
	if (db_begin(db) != DB_OK)
		goto fail;
	if (db_insert_id(db, "INSERT INTO grup (nama, jenis, aktif, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
			 " RETURNING id", id, "ssiii", in->nama, in->jenis, (int64_t)!!in->aktif, now, now) != DB_DONE)
		goto rollback;
	buf_addf(&detail, "nama=%s; jenis=%s; aktif=%d", in->nama, in->jenis, !!in->aktif);
	snprintf(objek, sizeof objek, "grup:%lld", (long long)*id);
	if (store_lists(db, *id, in, svc, nsvc, &detail) < 0 || audit_log(db, staf_id, "grup.tambah", objek, detail.ptr) < 0 ||
	    db_commit(db) != DB_OK)
		goto rollback;
	free(svc);
	buf_release(&detail);
	return GRUP_OK;
rollback:
	db_rollback(db);
fail:
	*id = 0;
	free(svc);
	buf_release(&detail);
	return GRUP_ERR;
}

enum grup_rc grup_update(struct db *db, int64_t staf_id, int64_t id, const struct grup_input *in, json_t *errors)
{
	struct buf detail = BUF_INIT;
	int64_t *svc;
	size_t nsvc;
	char objek[32];
	enum grup_rc rc = GRUP_ERR;

	if (!input_ok(db, in, errors, &svc, &nsvc))
		return GRUP_INVALID;
	if (db_begin(db) != DB_OK) {
		free(svc);
		return GRUP_ERR;
	}
	if (db_exec(db, "UPDATE grup SET nama = ?, jenis = ?, aktif = ?, updated_at = ? WHERE id = ?", "ssiii", in->nama,
		    in->jenis, (int64_t)!!in->aktif, (int64_t)time(NULL), id) != DB_DONE)
		goto out;
	if (db_changes(db) != 1) {
		rc = GRUP_NOT_FOUND;
		goto out;
	}
	buf_addf(&detail, "nama=%s; jenis=%s; aktif=%d", in->nama, in->jenis, !!in->aktif);
	snprintf(objek, sizeof objek, "grup:%lld", (long long)id);
	if (store_lists(db, id, in, svc, nsvc, &detail) < 0 || audit_log(db, staf_id, "grup.ubah", objek, detail.ptr) < 0 ||
	    db_commit(db) != DB_OK)
		goto out;
	free(svc);
	buf_release(&detail);
	return GRUP_OK;
out:
	db_rollback(db);
	free(svc);
	buf_release(&detail);
	return rc;
}

/* ---- reading ------------------------------------------------------------- */

/* The services of group id as [{kode, nama}], in catalog order. */
static json_t *services_of(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db,
				      "SELECT l.kode, l.nama FROM grup_layanan g JOIN layanan l ON l.id = g.layanan_id"
				      " WHERE g.grup_id = ? ORDER BY l.urutan, l.id",
				      "i", id);
	json_t *a = json_array();

	while (st && db_next(st) == DB_ROW)
		json_array_append_new(a, json_pack("{s:s, s:s}", "kode", db_text(st, 0), "nama", db_text(st, 1)));
	db_end(st);
	return a;
}

/* Rows of groups (one group when id > 0, else every group), by name. */
static json_t *groups(struct db *db, int64_t id)
{
	static const char sql[] =
		"SELECT g.id, g.nama, g.jenis, g.aktif,"
		" (SELECT count(*) FROM grup_anggota a WHERE a.grup_id = g.id),"
		" (SELECT count(*) FROM pengajuan p WHERE p.grup_id = g.id)"
		" FROM grup g WHERE g.id = ? OR ? = 0 ORDER BY g.nama, g.id";
	struct db_stmt *st = db_query(db, sql, "ii", id, id);
	json_t *out = json_array(), *g;
	size_t i;
	int rc;

	if (!st) {
		json_decref(out);
		return NULL;
	}
	while ((rc = db_next(st)) == DB_ROW) {
		enum grup_jenis j = grup_jenis_from(db_text(st, 2));

		json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:s, s:b, s:I, s:I}", "id",
						     (json_int_t)db_int(st, 0), "nama", db_text(st, 1), "jenis",
						     db_text(st, 2), "jenis_label",
						     j < GRUP__MAX ? grup_jenis_names[j] : db_text(st, 2), "aktif",
						     (int)db_int(st, 3), "anggota", (json_int_t)db_int(st, 4),
						     "pengajuan", (json_int_t)db_int(st, 5)));
	}
	db_end(st);
	if (rc != DB_DONE) {
		json_decref(out);
		return NULL;
	}
	/* one open statement per connection: the lists after the rows */
	json_array_foreach(out, i, g) {
		int64_t gid = json_integer_value(json_object_get(g, "id"));

		json_object_set_new(g, "wilayah", grup_scope(db, gid));
		json_object_set_new(g, "layanan", services_of(db, gid));
	}
	return out;
}

json_t *grup_list(struct db *db)
{
	return groups(db, 0);
}

json_t *grup_get(struct db *db, int64_t id)
{
	json_t *a, *g;

	if (id <= 0 || !(a = groups(db, id)))
		return NULL;
	g = json_incref(json_array_get(a, 0));
	json_decref(a);
	return g;
}

json_t *grup_members(struct db *db, int64_t grup_id)
{
	struct db_stmt *st = db_query(db,
				      "SELECT p.id, p.nik, p.nama, a.created_at FROM grup_anggota a"
				      " JOIN pemohon p ON p.id = a.pemohon_id WHERE a.grup_id = ? ORDER BY p.nama, p.id",
				      "i", grup_id);
	json_t *out = json_array();
	int rc;

	if (!st) {
		json_decref(out);
		return NULL;
	}
	while ((rc = db_next(st)) == DB_ROW) {
		char masked[NIK_LEN + 1];

		nik_mask(db_text(st, 1), masked);
		json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:I}", "pemohon_id", (json_int_t)db_int(st, 0),
						     "nik", masked, "nama", db_text(st, 2), "sejak",
						     (json_int_t)db_int(st, 3)));
	}
	db_end(st);
	if (rc != DB_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* ---- members ------------------------------------------------------------- */

/* What a member is told, and where. */
struct member_note {
	int64_t pemohon_id;
	char *nama, *hp, *email, *grup;
};

static void note_free(struct member_note *n)
{
	free(n->nama);
	free(n->hp);
	free(n->email);
	free(n->grup);
}

/* The group's name into n->grup: 0, or GRUP_NOT_FOUND / GRUP_ERR. */
static enum grup_rc note_group(struct db *db, int64_t grup_id, struct member_note *n)
{
	struct db_stmt *st = db_query(db, "SELECT nama FROM grup WHERE id = ?", "i", grup_id);
	enum grup_rc rc = !st ? GRUP_ERR : GRUP_NOT_FOUND;

	if (st && db_next(st) == DB_ROW && (n->grup = strdup(db_text(st, 0))))
		rc = GRUP_OK;
	db_end(st);
	return rc;
}

/* The applicant's contacts (sql selects id, nama, no_hp, email with one
 * bound text or id); 1 when found. */
static int note_person(struct db_stmt *st, struct member_note *n)
{
	int found = st && db_next(st) == DB_ROW;

	if (found) {
		n->pemohon_id = db_int(st, 0);
		n->nama = strdup(db_text(st, 1));
		n->hp = strdup(db_text(st, 2));
		n->email = strdup(db_text(st, 3));
	}
	db_end(st);
	return found && n->nama && n->hp && n->email;
}

/* Queues the message of a member raised (added) or removed. 0 or -1. */
static int note_send(struct db *db, const struct member_note *n, int added)
{
	struct buf body = BUF_INIT;
	int rc;

	if (added)
		buf_addf(&body,
			 "Yth. %s,\n\nAkun Anda ditambahkan ke Grup Pemohon %s di %s %s. Anda kini dapat mengajukan "
			 "permohonan atas nama grup ini untuk warga di wilayah grup.\n\nCaranya: login di "
			 "%s/pemohon/login, buka menu di bawah nama Anda, pilih \"Ganti Mode\", lalu pilih grup ini. "
			 "Pengajuan pribadi Anda tetap ada di mode Pemohon Pribadi.\n\n%s",
			 n->nama, n->grup, g_cfg.app_name, g_cfg.office_name, g_cfg.base_url, g_cfg.office_name);
	else
		buf_addf(&body,
			 "Yth. %s,\n\nAkun Anda tidak lagi menjadi anggota Grup Pemohon %s di %s %s. Mode grup ini "
			 "tidak lagi tersedia pada menu \"Ganti Mode\" di bawah nama Anda; Anda tetap dapat mengajukan "
			 "permohonan sebagai Pemohon Pribadi.\n\n%s",
			 n->nama, n->grup, g_cfg.app_name, g_cfg.office_name, g_cfg.office_name);
	rc = notify_both(db, n->hp, n->email, added ? "Anda Ditambahkan ke Grup Pemohon" : "Keanggotaan Grup Pemohon Berakhir",
			 body.ptr);
	buf_release(&body);
	return rc;
}

enum grup_rc grup_member_add(struct db *db, int64_t staf_id, int64_t grup_id, const char *nik, json_t *errors)
{
	struct member_note n = { 0 };
	char objek[32], detail[48];
	enum grup_rc rc;
	enum db_rc dr;

	if (!nik || !*nik) {
		json_object_set_new(errors, "nik", json_string("NIK wajib diisi."));
		return GRUP_INVALID;
	}
	if (strlen(nik) != NIK_LEN || strspn(nik, "0123456789") != NIK_LEN) {
		json_object_set_new(errors, "nik", json_string("NIK harus 16 angka."));
		return GRUP_INVALID;
	}
	if (db_begin(db) != DB_OK)
		return GRUP_ERR;
	if ((rc = note_group(db, grup_id, &n)) != GRUP_OK)
		goto out;
	if (!note_person(db_query(db, "SELECT id, nama, no_hp, email FROM pemohon WHERE nik = ? AND status = 'aktif'",
				  "s", nik), &n)) {
		/* unknown and not (yet) active read alike: no probing who has an account */
		json_object_set_new(errors, "nik", json_string(MSG_NIK_NONE));
		rc = GRUP_INVALID;
		goto out;
	}
	rc = GRUP_ERR;
	dr = db_exec(db, "INSERT INTO grup_anggota (grup_id, pemohon_id, oleh, created_at) VALUES (?, ?, ?, ?)", "iiii",
		     grup_id, n.pemohon_id, staf_id, (int64_t)time(NULL));
	if (dr == DB_CONSTRAINT) {
		json_object_set_new(errors, "nik", json_string("Pemohon dengan NIK tersebut sudah menjadi anggota grup ini."));
		rc = GRUP_INVALID;
		goto out;
	}
	snprintf(objek, sizeof objek, "grup:%lld", (long long)grup_id);
	snprintf(detail, sizeof detail, "pemohon:%lld", (long long)n.pemohon_id);
	if (dr != DB_DONE || audit_log(db, staf_id, "grup.anggota_tambah", objek, detail) < 0 || note_send(db, &n, 1) < 0 ||
	    db_commit(db) != DB_OK)
		goto out;
	note_free(&n);
	return GRUP_OK;
out:
	db_rollback(db);
	note_free(&n);
	return rc;
}

enum grup_rc grup_member_remove(struct db *db, int64_t staf_id, int64_t grup_id, int64_t pemohon_id)
{
	struct member_note n = { 0 };
	char objek[32], detail[48];
	enum grup_rc rc;

	if (db_begin(db) != DB_OK)
		return GRUP_ERR;
	if ((rc = note_group(db, grup_id, &n)) != GRUP_OK)
		goto out;
	rc = GRUP_ERR;
	if (db_exec(db, "DELETE FROM grup_anggota WHERE grup_id = ? AND pemohon_id = ?", "ii", grup_id, pemohon_id) !=
	    DB_DONE)
		goto out;
	if (db_changes(db) != 1) {
		rc = GRUP_NOT_MEMBER;
		goto out;
	}
	if (!note_person(db_query(db, "SELECT id, nama, no_hp, email FROM pemohon WHERE id = ?", "i", pemohon_id), &n))
		goto out;
	snprintf(objek, sizeof objek, "grup:%lld", (long long)grup_id);
	snprintf(detail, sizeof detail, "pemohon:%lld", (long long)pemohon_id);
	if (audit_log(db, staf_id, "grup.anggota_hapus", objek, detail) < 0 || note_send(db, &n, 0) < 0 ||
	    db_commit(db) != DB_OK)
		goto out;
	note_free(&n);
	return GRUP_OK;
out:
	db_rollback(db);
	note_free(&n);
	return rc;
}
