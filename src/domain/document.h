// SPDX-License-Identifier: MIT
// Supporting documents (data dukung): the applicant's library of files and their links to applications.
#ifndef LOKET_DOCUMENT_H
#define LOKET_DOCUMENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/application.h"
#include "lib/image.h"
#include "store/db.h"

/* What the applicant says about a new file (Upload Baru). */
struct doc_meta {
	const char *tanggal;     /* Tanggal Dokumen: DD-MM-YYYY or YYYY-MM-DD; empty: today */
	const char *lembar;      /* Lembar ke: 1..99; empty: 1 */
	const char *keterangan;  /* optional, at most 200 characters */
};

/*
 * Checks that kode is an editable application of mode md and jenis
 * one of its document types, and the metadata. Call it before the costly
 * image check, so a bad form is answered at once. APP_INVALID fills
 * errors ("jenis", "tanggal", "lembar", "keterangan").
 */
enum app_rc doc_precheck(struct db *db, const struct pemohon_mode *md, const char *kode, const char *jenis,
			 const struct doc_meta *m, json_t *errors);

/* Stores a verified upload (lib/image) in files_dir/dokumen/, adds it to
 * the library and links it to the application as jenis. Nothing stays on
 * disk when it fails. *link_id receives the link's id. */
enum app_rc doc_add_upload(struct db *db, const struct pemohon_mode *md, const char *kode, const char *jenis,
			   const struct doc_meta *m, const char *nama_asli, const struct image_out *img,
			   const char *files_dir, json_t *errors, int64_t *link_id);

/* Links a file of the mode's library (Pilih Dokumen Lama). */
enum app_rc doc_add_existing(struct db *db, const struct pemohon_mode *md, const char *kode, const char *jenis,
			     int64_t dokumen_id, json_t *errors, int64_t *link_id);

/* Removes a file from the application (Hapus); the library keeps it. */
enum app_rc doc_remove(struct db *db, const struct pemohon_mode *md, const char *kode, int64_t link_id);

/* The library of mode md, newest first: personal mode the applicant's own
 * files, group mode the files every member uploaded in that group's mode:
 * [{id, nama, tanggal, lembar, keterangan, mime, ukuran, created_at}].
 * Caller owns it. */
json_t *doc_library(struct db *db, const struct pemohon_mode *md);

/* Where a library file (or its thumbnail) is, when it lies in mode md
 * (grup_mode_owns; NULL: any, for staff): path, MIME type and original name, malloc'd
 * (caller frees all three). -1 when not found. */
int doc_file(struct db *db, const struct pemohon_mode *md, int64_t dokumen_id, int thumb, const char *files_dir,
	     char **path, char **mime, char **name);

#endif
