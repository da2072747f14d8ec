// SPDX-License-Identifier: MIT
// What the office publishes: information posts (umum, rahasia, sistem) and downloadable forms.
#ifndef LOKET_INFO_H
#define LOKET_INFO_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"

/*
 * Kinds of post: umum is for everyone; rahasia only for logged-in readers
 * (applicants, and officers); sistem is written by the program itself
 * (catalog_post_closures) and usually ends (berakhir_at).
 */
enum info_jenis { INFO_UMUM, INFO_RAHASIA, INFO_SISTEM, INFO__MAX };

extern const char *const info_jenis_names[INFO__MAX];

/* INFO__MAX when s names no kind. */
enum info_jenis info_jenis_from(const char *s);

/*
 * The posts a reader sees at instant now (UTC): published (terbit_at <= now),
 * not ended (berakhir_at NULL or later than now), and rahasia ones only when
 * rahasia is non-zero. Newest first, offset skipped, at most limit, as
 * [{id, jenis, judul, isi (Markdown), terbit_at}]. *total, when total is
 * not NULL, receives the number of such posts (one more query: pass NULL
 * on the Home page). NULL on a storage error (logged). Caller owns.
 */
json_t *info_list(struct db *db, int rahasia, time_t now, long offset, long limit, int64_t *total);

/*
 * Home's newest posts: the first n of info_list, each with "ringkasan"
 * (info_excerpt of its text, max characters) in place of "isi":
 * [{id, jenis, judul, ringkasan, terbit_at}]. Excerpts are remembered per
 * post and text, so a busy Home parses no Markdown. NULL on a storage
 * error. Caller owns.
 */
json_t *info_latest(struct db *db, int rahasia, time_t now, long n, size_t max);

/*
 * One post under the rules of info_list, same shape. Returns 0 and sets
 * *out (caller owns), 1 when there is no such post for this reader (an
 * unknown id and a hidden one read the same), -1 on a storage error.
 */
int info_get(struct db *db, int64_t id, int rahasia, time_t now, json_t **out);

/*
 * Plain text of the start of Markdown md: markup, raw HTML and link
 * targets dropped, white space collapsed, cut at a word boundary after at
 * most max characters (not bytes) with "…" appended when something was
 * left out. Caller frees. Pure.
 */
char *info_excerpt(const char *md, size_t max);

/*
 * The downloadable forms (table formulir), of one service (layanan_id > 0)
 * or of all (0), in catalog order, as [{id, layanan_id, judul, berkas,
 * ukuran (bytes)}]. NULL on a storage error. Caller owns.
 */
json_t *info_forms(struct db *db, int64_t layanan_id);

/* One form by id: 0 and *out = {id, layanan_id, judul, berkas, ukuran}
 * (caller owns), 1 when unknown, -1 on a storage error. */
int info_form(struct db *db, int64_t id, json_t **out);

/* ---- back office: posts and forms (admin) --------------------------------- */

enum info_rc {
	INFO_OK,
	INFO_INVALID,     /* see errors */
	INFO_NOT_FOUND,
	INFO_ALREADY,     /* info_end: the post had already ended */
	INFO_ERR,
	INFO_RC__MAX
};

/* Limits of a post (characters). */
#define INFO_JUDUL_MAX 200
#define INFO_ISI_MAX 20000

/*
 * Every post for the admin, whatever its kind or time, newest publication
 * first, optionally of one kind (jenis NULL or "": all): [{id, jenis,
 * judul, terbit_at, berakhir_at (null: no end), status}] where status is
 * "terjadwal" (not yet published at now), "aktif" or "berakhir". *total
 * receives the number of such posts. NULL on a storage error. Caller owns.
 */
json_t *info_admin_list(struct db *db, const char *jenis, time_t now, long offset, long limit, int64_t *total);

/* One post for editing: 0 and *out = {id, jenis, judul, isi, kunci (null
 * unless written by the program), terbit_at, berakhir_at (null), status,
 * created_at} (caller owns), 1 when unknown, -1 on a storage error. */
int info_admin_get(struct db *db, int64_t id, time_t now, json_t **out);

/* A post as typed: dates "YYYY-MM-DD" and times "HH:MM" in WIB. An empty
 * terbit time is 00:00; an end date without a time ends at 23:59. No end
 * date: the post does not end. */
struct info_input {
	const char *jenis, *judul, *isi;
	const char *terbit_tanggal, *terbit_jam;
	const char *berakhir_tanggal, *berakhir_jam;
};

/*
 * Creates (id 0) or replaces post id after checking every field (errors
 * keyed by the field names of struct info_input: kind, title 1..200 and
 * text 1..20000 characters, real dates and times, the end after the
 * start). Audited "informasi.tambah" or "informasi.ubah" on
 * "informasi:ID". *out_id receives the id.
 */
enum info_rc info_save(struct db *db, int64_t staf_id, int64_t id, const struct info_input *in, json_t *errors,
		       int64_t *out_id);

/* Ends post id at now (berakhir_at = now): public pages stop showing it.
 * INFO_ALREADY when it had already ended. Audited "informasi.akhiri". */
enum info_rc info_end(struct db *db, int64_t staf_id, int64_t id, time_t now);

/* Why a form file was refused (info_pdf_check). */
enum info_pdf {
	INFO_PDF_OK,
	INFO_PDF_EMPTY,
	INFO_PDF_TOO_LARGE,
	INFO_PDF_EXT,       /* the name does not end in .pdf */
	INFO_PDF_TYPE,      /* the content is not a PDF (magic bytes, libmagic, qpdf) */
	INFO_PDF_ACTIVE,    /* active content: scripts, automatic actions, attachments (pdf_check) */
	INFO_PDF_INTERNAL,  /* libmagic or the PDF check could not run */
	INFO_PDF__MAX
};

/* Checks an uploaded form: name ending in .pdf, at most max bytes, content
 * starting with "%PDF-" that libmagic also calls application/pdf, readable
 * by qpdf and free of active content (pdf_check, lib/pdfcheck.h: the rule
 * every PDF upload shares). Pure but for libmagic and pdf_check's child. */
enum info_pdf info_pdf_check(const void *data, size_t len, const char *filename, size_t max);
/* Indonesian reason for e (max in bytes, for the size message); static or
 * in buf. */
const char *info_pdf_message(enum info_pdf e, size_t max, char *buf, size_t bufsz);

/* Every form for the admin in catalog order (as info_forms with 0), each
 * with urutan and "dipakai" (how many form rows share its file). NULL on a
 * storage error. Caller owns. */
json_t *info_form_admin_list(struct db *db);

/* What an officer types about a form: title (1..200 characters), service
 * (0: for every service, "Umum"), order ("" = after the others). */
struct info_form_input {
	const char *judul;
	int64_t layanan_id;
	const char *urutan;
};

/*
 * A new form from a checked PDF (info_pdf_check first): the file is written
 * under files_dir/katalog/ with a random name (temporary file, fsync,
 * rename) and removed again when the row cannot be stored. Errors keyed
 * judul, layanan, urutan. Audited "formulir.tambah". *id receives its id.
 */
enum info_rc info_form_add(struct db *db, int64_t staf_id, const struct info_form_input *in, const void *pdf,
			   size_t len, const char *files_dir, json_t *errors, int64_t *id);
/* Changes title, service and order of form id. Audited "formulir.ubah". */
enum info_rc info_form_update(struct db *db, int64_t staf_id, int64_t id, const struct info_form_input *in,
			      json_t *errors);
/* Replaces the file of form id (and, with all, of every form row sharing
 * that file) with a checked PDF; the old file is removed once no row names
 * it. Audited "formulir.ganti". */
enum info_rc info_form_replace(struct db *db, int64_t staf_id, int64_t id, const void *pdf, size_t len, int all,
			       const char *files_dir);
/* Deletes form id; its file is removed after the row, once no other row
 * names it. Audited "formulir.hapus". */
enum info_rc info_form_delete(struct db *db, int64_t staf_id, int64_t id, const char *files_dir);

#endif
