// SPDX-License-Identifier: MIT
// Supporting documents (data dukung): the applicant's library of files and their links to applications.
#include "domain/document.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "domain/validate.h"
#include "lib/fileio.h"
#include "lib/log.h"
#include "lib/secret.h"

#define KETERANGAN_MAX 200
#define LEMBAR_MAX 99

static void err_set(json_t *errors, const char *key, const char *msg)
{
	if (!json_object_get(errors, key))
		json_object_set_new(errors, key, json_string(msg));
}

/* The application's id and definition when it lies in mode md and may
 * still be changed. */
static enum app_rc own_editable(struct db *db, const struct pemohon_mode *md, const char *kode, int64_t *id, json_t **def)
{
	struct db_stmt *st = db_query(db, "SELECT id, status, definisi_id, pemohon_id, grup_id FROM pengajuan WHERE kode = ?",
				      "s", kode ? kode : "");
	enum app_rc rc = APP_NOT_FOUND;
	int64_t def_id = 0;

	if (st && db_next(st) == DB_ROW && grup_mode_owns(md, db_int(st, 3), db_int(st, 4))) {
		*id = db_int(st, 0);
		def_id = db_int(st, 2);
		rc = app_editable(app_status_from(db_text(st, 1))) ? APP_OK : APP_STATE;
	}
	db_end(st);
	if (rc == APP_OK && def && !(*def = catalog_definition(db, def_id)))
		rc = APP_ERR;
	return rc;
}

static enum app_rc check_jenis(const json_t *def, const char *jenis, json_t *errors)
{
	if (!catalog_entry(def, "dokumen", jenis)) {
		err_set(errors, "jenis", "Jenis dokumen tidak dikenal untuk layanan ini.");
		return APP_INVALID;
	}
	return APP_OK;
}

/* Normalised metadata; -1 after filling errors. */
static int check_meta(const struct doc_meta *m, char tanggal[11], int *lembar, json_t *errors)
{
	const char *t = m->tanggal ? m->tanggal : "", *l = m->lembar ? m->lembar : "";
	int y, mo, d;

	if (!*t) {
		date_today_wib(time(NULL), &y, &mo, &d);
	} else if (date_parse(t, &y, &mo, &d) < 0) {
		err_set(errors, "tanggal", "Tanggal Dokumen bukan tanggal yang benar (HH-BB-TTTT).");
	} else if (!date_not_future(y, mo, d, time(NULL))) {
		err_set(errors, "tanggal", "Tanggal Dokumen tidak boleh melewati hari ini.");
	}
	snprintf(tanggal, 11, "%04d-%02d-%02d", y, mo, d);
	*lembar = 1;
	if (*l) {
		char *end;
		long n = strtol(l, &end, 10);

		if (strspn(l, "0123456789") != strlen(l) || strlen(l) > 3 || *end || n < 1 || n > LEMBAR_MAX)
			err_set(errors, "lembar", "Lembar ke- harus angka 1 sampai 99.");
		else
			*lembar = (int)n;
	}
	if (!text_field_ok(m->keterangan ? m->keterangan : "", KETERANGAN_MAX))
		err_set(errors, "keterangan", "Keterangan paling banyak 200 karakter, tanpa karakter kendali.");
	return json_object_size(errors) ? -1 : 0;
}

enum app_rc doc_precheck(struct db *db, const struct pemohon_mode *md, const char *kode, const char *jenis,
			 const struct doc_meta *m, json_t *errors)
{
	int64_t id;
	json_t *def = NULL;
	char tanggal[11];
	int lembar;
	enum app_rc rc = own_editable(db, md, kode, &id, &def);

	if (rc != APP_OK)
		return rc;
	check_jenis(def, jenis, errors);
	check_meta(m, tanggal, &lembar, errors);
	json_decref(def);
	return json_object_size(errors) ? APP_INVALID : APP_OK;
}

static char *file_path(const char *files_dir, const char *stem, const char *suffix)
{
	char *p;

	if (asprintf(&p, "%s/dokumen/%s%s", files_dir, stem, suffix) < 0)
		fatal("out of memory");
	return p;
}

static int link_file(struct db *db, int64_t app_id, const char *jenis, int64_t dokumen_id, int64_t *link_id)
{
	enum db_rc rc = db_insert_id(db,
				     "INSERT INTO pengajuan_dokumen (pengajuan_id, jenis, dokumen_id, created_at)"
				     " VALUES (?, ?, ?, ?) RETURNING id",
				     link_id, "isii", app_id, jenis, dokumen_id, (int64_t)time(NULL));

	return rc == DB_DONE ? 0 : rc == DB_CONSTRAINT ? 1 : -1;
}

/* Marks the application changed while it is still editable; db_changes
 * tells whether it was. */
static enum db_rc touch_editable(struct db *db, int64_t app_id)
{
	return db_exec(db, "UPDATE pengajuan SET updated_at = ? WHERE id = ? AND status IN ('DRAFT', 'DIKEMBALIKAN')", "ii",
		       (int64_t)time(NULL), app_id);
}

enum app_rc doc_add_upload(struct db *db, const struct pemohon_mode *md, const char *kode, const char *jenis,
			   const struct doc_meta *m, const char *nama_asli, const struct image_out *img,
			   const char *files_dir, json_t *errors, int64_t *link_id)
{
	char stem[SECRET_TOKEN_LEN + 1], tanggal[11], dir[4096], suffix[8];
	char *path = NULL, *thumb = NULL;
	int64_t app_id, doc_id;
	json_t *def = NULL;
	int lembar;
	enum app_rc rc = own_editable(db, md, kode, &app_id, &def);

	if (rc != APP_OK)
		return rc;
	if (check_jenis(def, jenis, errors) != APP_OK || check_meta(m, tanggal, &lembar, errors) < 0) {
		rc = APP_INVALID;
		goto out;
	}
	rc = APP_ERR;
	/* a random stem: names on disk say nothing about their owner */
	secret_token(stem);
	snprintf(dir, sizeof dir, "%s/dokumen", files_dir);
	if (file_mkdirs(files_dir, dir) < 0)
		goto out;
	snprintf(suffix, sizeof suffix, ".%s", img->ext);
	path = file_path(files_dir, stem, suffix);
	thumb = file_path(files_dir, stem, ".thumb.jpg");
	/* staged: the files appear under their names once the row is committed */
	if (file_stage(path, img->file.ptr, img->file.len) < 0 || file_stage(thumb, img->thumb.ptr, img->thumb.len) < 0) {
		log_error("document: cannot write an upload: %s", strerror(errno));
		goto files;
	}
	if (db_begin(db) != DB_OK)
		goto files;
	if (db_insert_id(db,
			 "INSERT INTO dokumen (pemohon_id, grup_id, berkas, ext, mime, nama_asli, ukuran, lebar, tinggi, tanggal,"
			 " lembar, keterangan, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			 &doc_id, "iissssiddsdsi", md->pemohon_id, md->grup_id, stem, img->ext, img->mime, nama_asli ? nama_asli : "",
			 (int64_t)img->file.len, img->width, img->height, tanggal, lembar,
			 m->keterangan ? m->keterangan : "", (int64_t)time(NULL)) != DB_DONE ||
	    link_file(db, app_id, jenis, doc_id, link_id) != 0 || touch_editable(db, app_id) != DB_DONE) {
		db_rollback(db);
		goto files;
	}
	if (!db_changes(db)) {
		/* sent meanwhile: it is locked now */
		db_rollback(db);
		rc = APP_STATE;
		goto files;
	}
	if (db_commit(db) != DB_OK)
		goto files;
	/* committed: a failed rename is finished by the file sweep */
	if (file_publish(path) < 0 || file_publish(thumb) < 0)
		log_error("document: cannot publish an upload (the sweep finishes it): %s", strerror(errno));
	rc = APP_OK;
	goto out;
files:
	file_discard(path);
	file_discard(thumb);
out:
	free(path);
	free(thumb);
	json_decref(def);
	return rc;
}

enum app_rc doc_add_existing(struct db *db, const struct pemohon_mode *md, const char *kode, const char *jenis,
			     int64_t dokumen_id, json_t *errors, int64_t *link_id)
{
	int64_t app_id;
	json_t *def = NULL;
	struct db_stmt *st;
	int own, l;
	enum app_rc rc = own_editable(db, md, kode, &app_id, &def);

	if (rc != APP_OK)
		return rc;
	rc = check_jenis(def, jenis, errors);
	json_decref(def);
	st = db_query(db, "SELECT pemohon_id, grup_id FROM dokumen WHERE id = ?", "i", dokumen_id);
	own = st && db_next(st) == DB_ROW && grup_mode_owns(md, db_int(st, 0), db_int(st, 1));
	db_end(st);
	if (!own)
		err_set(errors, "dokumen_id", "Pilih dokumen dari daftar dokumen Anda.");
	if (json_object_size(errors))
		return APP_INVALID;
	if (db_begin(db) != DB_OK)
		return APP_ERR;
	l = link_file(db, app_id, jenis, dokumen_id, link_id);
	if (l == 1) {
		db_rollback(db);
		err_set(errors, "dokumen_id", "Dokumen ini sudah ada pada jenis dokumen tersebut.");
		return APP_INVALID;
	}
	/* the status guard: an application sent meanwhile stays as it was */
	if (l < 0 || touch_editable(db, app_id) != DB_DONE) {
		db_rollback(db);
		return APP_ERR;
	}
	if (!db_changes(db)) {
		db_rollback(db);
		return APP_STATE;
	}
	return db_commit(db) == DB_OK ? APP_OK : APP_ERR;
}

enum app_rc doc_remove(struct db *db, const struct pemohon_mode *md, const char *kode, int64_t link_id)
{
	int64_t app_id;
	enum app_rc rc = own_editable(db, md, kode, &app_id, NULL);

	if (rc != APP_OK)
		return rc;
	if (db_begin(db) != DB_OK)
		return APP_ERR;
	if (db_exec(db, "DELETE FROM pengajuan_dokumen WHERE id = ? AND pengajuan_id = ?", "ii", link_id, app_id) != DB_DONE)
		goto fail;
	if (!db_changes(db)) {
		db_rollback(db);
		return APP_NOT_FOUND;
	}
	if (touch_editable(db, app_id) != DB_DONE)
		goto fail;
	if (!db_changes(db)) {
		db_rollback(db);
		return APP_STATE;
	}
	return db_commit(db) == DB_OK ? APP_OK : APP_ERR;
fail:
	db_rollback(db);
	return APP_ERR;
}

json_t *doc_library(struct db *db, const struct pemohon_mode *md)
{
	json_t *out = json_array();
	/* grup_mode_owns as SQL: the maker's own personal files over
	 * (pemohon_id, id) ("+grup_id": not the index where nearly every row
	 * has 0), or every member's files of the group over (grup_id, id) */
	struct db_stmt *st = db_query(db,
				      md->grup_id ? "SELECT id, nama_asli, tanggal, lembar, keterangan, mime, ukuran, created_at"
						    " FROM dokumen WHERE grup_id = ? ORDER BY id DESC LIMIT 200"
						  : "SELECT id, nama_asli, tanggal, lembar, keterangan, mime, ukuran, created_at"
						    " FROM dokumen WHERE pemohon_id = ? AND +grup_id = 0 ORDER BY id DESC LIMIT 200",
				      "i", md->grup_id ? md->grup_id : md->pemohon_id);

	while (st && db_next(st) == DB_ROW)
		json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:I, s:I}", "id",
						     (json_int_t)db_int(st, 0), "nama", db_text(st, 1),
						     "tanggal", db_text(st, 2), "lembar", (json_int_t)db_int(st, 3),
						     "keterangan", db_text(st, 4), "mime", db_text(st, 5),
						     "ukuran", (json_int_t)db_int(st, 6),
						     "created_at", (json_int_t)db_int(st, 7)));
	db_end(st);
	return out;
}

int doc_file(struct db *db, const struct pemohon_mode *md, int64_t dokumen_id, int thumb, const char *files_dir,
	     char **path, char **mime, char **name)
{
	struct db_stmt *st = db_query(db, "SELECT berkas, ext, mime, nama_asli, pemohon_id, grup_id FROM dokumen WHERE id = ?",
				      "i", dokumen_id);
	int rc = -1;

	if (st && db_next(st) == DB_ROW && grup_mode_owns(md, db_int(st, 4), db_int(st, 5))) {
		char suffix[16];

		snprintf(suffix, sizeof suffix, ".%s", thumb ? "thumb.jpg" : db_text(st, 1));
		*path = file_path(files_dir, db_text(st, 0), suffix);
		*mime = strdup(thumb ? "image/jpeg" : db_text(st, 2));
		*name = strdup(db_text(st, 3));
		if (!*mime || !*name)
			fatal("out of memory");
		rc = 0;
	}
	db_end(st);
	return rc;
}
