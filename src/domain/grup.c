// SPDX-License-Identifier: MIT
// The mode an applicant acts in (Tabel 2): group kinds, membership checks, region scope, service access.
#include "domain/grup.h"

#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/log.h"

const char *const grup_jenis_codes[GRUP__MAX] = { "sekolah", "faskes", "desa", "kecamatan", "lainnya" };
const char *const grup_jenis_names[GRUP__MAX] = { "Sekolah", "Fasilitas Kesehatan", "Desa/Kelurahan", "Kecamatan",
						  "Lainnya" };

enum grup_jenis grup_jenis_from(const char *s)
{
	for (int i = 0; s && i < GRUP__MAX; i++)
		if (!strcmp(s, grup_jenis_codes[i]))
			return (enum grup_jenis)i;
	return GRUP__MAX;
}

struct pemohon_mode grup_mode_pribadi(int64_t pemohon_id)
{
	return (struct pemohon_mode){ .pemohon_id = pemohon_id, .grup_id = 0, .jenis = GRUP__MAX };
}

int grup_mode_owns(const struct pemohon_mode *m, int64_t pemohon_id, int64_t grup_id)
{
	if (!m)
		return 1;
	return grup_id == m->grup_id && (grup_id != 0 || pemohon_id == m->pemohon_id);
}

const char *grup_rc_message(enum grup_rc rc)
{
	switch (rc) {
	case GRUP_NOT_MEMBER:
		return "Anda bukan anggota grup ini. Anda kembali ke mode Pemohon Pribadi.";
	case GRUP_INACTIVE:
		return "Grup ini sedang tidak aktif. Anda kembali ke mode Pemohon Pribadi.";
	case GRUP_NOT_FOUND:
		return "Grup tidak ditemukan. Anda kembali ke mode Pemohon Pribadi.";
	default:
		return "Mode tidak dapat digunakan.";
	}
}

enum grup_rc grup_mode_check(struct db *db, int64_t pemohon_id, int64_t grup_id, struct pemohon_mode *m)
{
	struct db_stmt *st;
	enum grup_rc rc;

	*m = grup_mode_pribadi(pemohon_id);
	if (!grup_id)
		return GRUP_OK;
	if (grup_id < 0)
		return GRUP_NOT_FOUND;
	st = db_query(db,
		      "SELECT g.aktif, g.jenis, (SELECT count(*) FROM grup_anggota a WHERE a.grup_id = g.id AND a.pemohon_id = ?)"
		      " FROM grup g WHERE g.id = ?",
		      "ii", pemohon_id, grup_id);
	if (!st)
		return GRUP_ERR;
	if (db_next(st) != DB_ROW)
		rc = GRUP_NOT_FOUND;
	else if (!db_int(st, 2))
		rc = GRUP_NOT_MEMBER;   /* checked before aktif: a stranger learns nothing of the group */
	else if (!db_int(st, 0))
		rc = GRUP_INACTIVE;
	else {
		m->grup_id = grup_id;
		m->jenis = grup_jenis_from(db_text(st, 1));
		rc = GRUP_OK;
	}
	db_end(st);
	return rc;
}

/* "Kel." for a kelurahan (village code NN.NN.NN.1NNN), "Desa" otherwise. */
static const char *village_word(const char *kode)
{
	return strlen(kode) > 9 && kode[9] == '1' ? "Kel." : "Desa";
}

json_t *grup_scope(struct db *db, int64_t grup_id)
{
	struct db_stmt *st = db_query(db,
				      "SELECT w.kode, c.nama, d.nama FROM grup_wilayah w"
				      " LEFT JOIN kecamatan c ON c.kode = w.kode LEFT JOIN desa d ON d.kode = w.kode"
				      " WHERE w.grup_id = ? ORDER BY w.kode",
				      "i", grup_id);
	json_t *a = json_array();

	while (st && db_next(st) == DB_ROW) {
		const char *kode = db_text(st, 0), *kec = db_text(st, 1), *desa = db_text(st, 2);
		json_t *nama;

		if (kec && *kec)
			nama = json_sprintf("Kec. %s", kec);
		else if (desa && *desa)
			nama = json_sprintf("%s %s", village_word(kode), desa);
		else
			nama = json_string(kode);
		json_array_append_new(a, json_pack("{s:s, s:o}", "kode", kode, "nama", nama));
	}
	db_end(st);
	return a;
}

/* "Kec. Kajen, Desa Wonopringgo" of a group's scope, into b. */
static void scope_text(struct db *db, int64_t grup_id, struct buf *b)
{
	json_t *scope = grup_scope(db, grup_id), *w;
	size_t i;

	json_array_foreach(scope, i, w) {
		if (b->len)
			buf_adds(b, ", ");
		buf_adds(b, json_string_value(json_object_get(w, "nama")));
	}
	json_decref(scope);
}

json_t *grup_of_member(struct db *db, int64_t pemohon_id)
{
	struct db_stmt *st = db_query(db,
				      "SELECT g.id, g.nama, g.jenis FROM grup g JOIN grup_anggota a ON a.grup_id = g.id"
				      " WHERE a.pemohon_id = ? AND g.aktif = 1 ORDER BY g.nama, g.id",
				      "i", pemohon_id);
	json_t *out = json_array();
	int rc;

	if (!st || !out) {
		db_end(st);
		json_decref(out);
		return NULL;
	}
	while ((rc = db_next(st)) == DB_ROW) {
		enum grup_jenis j = grup_jenis_from(db_text(st, 2));

		json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)db_int(st, 0), "nama",
						     db_text(st, 1), "jenis", db_text(st, 2), "jenis_label",
						     j < GRUP__MAX ? grup_jenis_names[j] : db_text(st, 2)));
	}
	db_end(st);
	if (rc != DB_DONE) {
		json_decref(out);
		return NULL;
	}
	/* the scope's names, after the statement above is done (one open
	 * statement per connection keeps both backends simple) */
	for (size_t i = 0; i < json_array_size(out); i++) {
		json_t *g = json_array_get(out, i);
		struct buf b = BUF_INIT;

		scope_text(db, json_integer_value(json_object_get(g, "id")), &b);
		json_object_set_new(g, "wilayah_teks", json_string(b.ptr));
		buf_release(&b);
	}
	return out;
}

int grup_member_any(struct db *db, int64_t pemohon_id)
{
	struct db_stmt *st = db_query(db,
				      "SELECT 1 FROM grup_anggota a JOIN grup g ON g.id = a.grup_id"
				      " WHERE a.pemohon_id = ? AND g.aktif = 1 LIMIT 1",
				      "i", pemohon_id);
	int any = st && db_next(st) == DB_ROW;

	db_end(st);
	return any;
}

void grup_name(struct db *db, int64_t grup_id, char *out, size_t outsz)
{
	struct db_stmt *st;

	snprintf(out, outsz, "%s", grup_id ? "(grup tidak dikenal)" : "Pemohon Pribadi");
	if (!grup_id)
		return;
	st = db_query(db, "SELECT nama FROM grup WHERE id = ?", "i", grup_id);
	if (st && db_next(st) == DB_ROW)
		snprintf(out, outsz, "%s", db_text(st, 0));
	db_end(st);
}

void grup_mode_label(struct db *db, const struct pemohon_mode *m, char *out, size_t outsz)
{
	struct buf b = BUF_INIT;
	char nama[GRUP_NAMA_MAX * 4 + 1];

	if (!m->grup_id) {
		snprintf(out, outsz, "Pemohon");
		return;
	}
	grup_name(db, m->grup_id, nama, sizeof nama);
	scope_text(db, m->grup_id, &b);
	snprintf(out, outsz, "%s%s%s", nama, b.len ? " — " : "", b.ptr);
	buf_release(&b);
}

int grup_scope_covers(const char *scope, const char *kode_desa)
{
	size_t n;

	if (!scope || !kode_desa || !*scope)
		return 0;
	n = strlen(scope);
	/* a district (NN.NN.NN) covers its villages; a village only itself */
	if (n == 8)
		return strlen(kode_desa) == 13 && !strncmp(scope, kode_desa, n) && kode_desa[n] == '.';
	return n == 13 && !strcmp(scope, kode_desa);
}

int grup_in_scope(struct db *db, int64_t grup_id, const char *kode_desa)
{
	struct db_stmt *st = db_query(db, "SELECT kode FROM grup_wilayah WHERE grup_id = ?", "i", grup_id);
	int in = 0;

	while (!in && st && db_next(st) == DB_ROW)
		in = grup_scope_covers(db_text(st, 0), kode_desa);
	db_end(st);
	return in;
}

json_t *grup_villages(struct db *db, int64_t grup_id)
{
	/* the scope's rows are checked codes: districts (8 characters) and
	 * villages (13); the join keeps the villages either names */
	struct db_stmt *st = db_query(db,
				      "SELECT d.kode, d.nama, c.nama FROM grup_wilayah w"
				      " JOIN desa d ON d.kode = w.kode OR d.kecamatan_kode = w.kode"
				      " JOIN kecamatan c ON c.kode = d.kecamatan_kode"
				      " WHERE w.grup_id = ? GROUP BY d.kode, d.nama, c.nama ORDER BY c.nama, d.nama",
				      "i", grup_id);
	json_t *out = json_array();
	int rc = DB_DONE;

	while (st && (rc = db_next(st)) == DB_ROW) {
		const char *kode = db_text(st, 0);

		json_array_append_new(out, json_pack("{s:s, s:o}", "kode", kode, "nama",
						     json_sprintf("%s %s, Kec. %s", village_word(kode), db_text(st, 1),
								  db_text(st, 2))));
	}
	if (!st || rc != DB_DONE) {
		json_decref(out);
		out = NULL;
	}
	db_end(st);
	return out;
}

int grup_may_use(struct db *db, int64_t grup_id, int64_t layanan_id)
{
	struct db_stmt *st = db_query(db, "SELECT 1 FROM grup_layanan WHERE grup_id = ? AND layanan_id = ?", "ii",
				      grup_id, layanan_id);
	int ok = st && db_next(st) == DB_ROW;

	db_end(st);
	return ok;
}
