// SPDX-License-Identifier: MIT
// What the office publishes: information posts (umum, rahasia, sistem) and downloadable forms.
#include "domain/info.h"

#include <cmark.h>
#include <errno.h>
#include <magic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/validate.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/pdfcheck.h"

const char *const info_jenis_names[INFO__MAX] = { "umum", "rahasia", "sistem" };

enum info_jenis info_jenis_from(const char *s)
{
	for (int i = 0; s && i < INFO__MAX; i++)
		if (!strcmp(s, info_jenis_names[i]))
			return (enum info_jenis)i;
	return INFO__MAX;
}

/* ---- posts --------------------------------------------------------------- */

/*
 * One visibility rule for the list, the count and the detail. The list
 * walks the informasi_terbit index backwards and stops after LIMIT rows,
 * so the Home page's three newest posts cost one short index scan.
 */
#define VISIBLE                                                     \
	" terbit_at <= ? AND (berakhir_at IS NULL OR berakhir_at > ?)" \
	" AND (jenis <> 'rahasia' OR ? <> 0)"

static const char sql_list[] =
	"SELECT id, jenis, judul, isi, terbit_at FROM informasi WHERE" VISIBLE
	" ORDER BY terbit_at DESC, id DESC LIMIT ? OFFSET ?";
static const char sql_count[] = "SELECT count(*) FROM informasi WHERE" VISIBLE;
static const char sql_get[] =
	"SELECT id, jenis, judul, isi, terbit_at FROM informasi WHERE id = ? AND" VISIBLE;

/* Every row of st (ended here) as an array of row(st, ctx); NULL when the
 * query failed. */
static json_t *collect(struct db_stmt *st, json_t *(*row)(struct db_stmt *st, const void *ctx), const void *ctx)
{
	json_t *rows = json_array(), *o;
	enum db_rc rc = DB_DONE;

	while (st && (rc = db_next(st)) == DB_ROW) {
		if (!(o = row(st, ctx)))
			fatal("out of memory");
		json_array_append_new(rows, o);
	}
	db_end(st);
	if (!st || rc != DB_DONE) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

static json_t *post_row(struct db_stmt *st, const void *ctx)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)db_int(st, 0), "jenis", db_text(st, 1),
			 "judul", db_text(st, 2), "isi", db_text(st, 3), "terbit_at", (json_int_t)db_int(st, 4));
}

json_t *info_list(struct db *db, int rahasia, time_t now, long offset, long limit, int64_t *total)
{
	struct db_stmt *st;

	if (total) {
		*total = 0;
		st = db_query(db, sql_count, "iid", (int64_t)now, (int64_t)now, rahasia ? 1 : 0);
		if (!st || db_next(st) != DB_ROW) {
			db_end(st);
			return NULL;
		}
		*total = db_int(st, 0);
		db_end(st);
	}
	return collect(db_query(db, sql_list, "iidii", (int64_t)now, (int64_t)now, rahasia ? 1 : 0, (int64_t)limit,
				(int64_t)(offset > 0 ? offset : 0)),
		       post_row, NULL);
}

int info_get(struct db *db, int64_t id, int rahasia, time_t now, json_t **out)
{
	struct db_stmt *st = db_query(db, sql_get, "iiid", id, (int64_t)now, (int64_t)now, rahasia ? 1 : 0);
	enum db_rc rc = st ? db_next(st) : DB_ERR;

	*out = NULL;
	if (rc == DB_ROW && !(*out = post_row(st, NULL)))
		fatal("out of memory");
	db_end(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* ---- excerpt ------------------------------------------------------------- */

struct excerpt {
	struct buf b;
	size_t chars, max;
	int space;     /* a separator is due before the next visible character */
	int full;      /* max characters collected and more follow: something is left out */
	int at_word;   /* full fell on a word boundary: no word was split */
};

static void ex_text(struct excerpt *e, const char *s)
{
	for (; s && *s && !e->full; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			e->space = 1;
			continue;
		}
		if ((c & 0xC0) != 0x80) {
			/* a new character: a pending space first */
			if (e->space && e->b.len) {
				if (e->chars == e->max) {
					e->full = e->at_word = 1;
					return;
				}
				buf_addc(&e->b, ' ');
				e->chars++;
			}
			e->space = 0;
			if (e->chars == e->max) {
				e->full = 1;
				return;
			}
			e->chars++;
		}
		buf_addc(&e->b, (char)c);
	}
}

char *info_excerpt(const char *md, size_t max)
{
	struct excerpt e = { BUF_INIT, 0, max, 0, 0, 0 };
	cmark_node *doc = cmark_parse_document(md ? md : "", md ? strlen(md) : 0, CMARK_OPT_DEFAULT);
	cmark_iter *it;
	cmark_event_type ev;

	if (!doc)
		fatal("out of memory");
	it = cmark_iter_new(doc);
	while (!e.full && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			ex_text(&e, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
		case CMARK_NODE_THEMATIC_BREAK:
			e.space = 1;
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_ITEM:
			if (ev == CMARK_EVENT_EXIT)
				e.space = 1;
			break;
		default:
			/* raw HTML is dropped; links and images keep their text */
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	if (e.full) {
		/* a split word goes back to the last space when that keeps most
		 * of the text */
		char *sp = e.at_word ? NULL : strrchr(e.b.ptr, ' ');

		if (sp && (size_t)(sp - e.b.ptr) >= e.b.len / 2)
			buf_truncate(&e.b, (size_t)(sp - e.b.ptr));
		while (e.b.len && e.b.ptr[e.b.len - 1] && strchr(" ,;:.-", e.b.ptr[e.b.len - 1]))
			buf_truncate(&e.b, e.b.len - 1);
		buf_adds(&e.b, "…");
	}
	return buf_detach(&e.b, NULL);
}

/* ---- Home's excerpts ------------------------------------------------------ */

/* The few posts Home shows, by id and a hash of their text (an edited post
 * gets a new excerpt); replaced round robin. */
#define EXCERPT_SLOTS 8

static struct {
	int64_t id;
	uint64_t hash;
	size_t max;
	char *text;
} ex_slots[EXCERPT_SLOTS];
static unsigned ex_next;
static pthread_mutex_t ex_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* info_excerpt through the slots: a new json string. */
static json_t *excerpt_of(int64_t id, const char *md, size_t max)
{
	uint64_t h = fnv1a(md);
	json_t *out = NULL;
	char *text;
	unsigned i;

	pthread_mutex_lock(&ex_lock);
	for (i = 0; i < EXCERPT_SLOTS && !out; i++)
		if (ex_slots[i].text && ex_slots[i].id == id && ex_slots[i].hash == h && ex_slots[i].max == max)
			out = json_string(ex_slots[i].text);
	pthread_mutex_unlock(&ex_lock);
	if (out)
		return out;
	/* parsed outside the lock: two threads may both parse a new post once */
	text = info_excerpt(md, max);
	out = json_string(text);
	pthread_mutex_lock(&ex_lock);
	i = ex_next++ % EXCERPT_SLOTS;
	free(ex_slots[i].text);
	ex_slots[i].id = id;
	ex_slots[i].hash = h;
	ex_slots[i].max = max;
	ex_slots[i].text = text;
	pthread_mutex_unlock(&ex_lock);
	return out;
}

/* ctx: the excerpt's length (size_t) */
static json_t *latest_row(struct db_stmt *st, const void *ctx)
{
	int64_t id = db_int(st, 0);

	return json_pack("{s:I, s:s, s:s, s:o, s:I}", "id", (json_int_t)id, "jenis", db_text(st, 1), "judul",
			 db_text(st, 2), "ringkasan", excerpt_of(id, db_text(st, 3), *(const size_t *)ctx), "terbit_at",
			 (json_int_t)db_int(st, 4));
}

json_t *info_latest(struct db *db, int rahasia, time_t now, long n, size_t max)
{
	return collect(db_query(db, sql_list, "iidii", (int64_t)now, (int64_t)now, rahasia ? 1 : 0, (int64_t)n,
				(int64_t)0),
		       latest_row, &max);
}

/* ---- forms --------------------------------------------------------------- */

static json_t *form_row(struct db_stmt *st, const void *ctx)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I}", "id", (json_int_t)db_int(st, 0), "layanan_id",
			 (json_int_t)db_int(st, 1), "judul", db_text(st, 2), "berkas", db_text(st, 3), "ukuran",
			 (json_int_t)db_int(st, 4));
}

json_t *info_forms(struct db *db, int64_t layanan_id)
{
	struct db_stmt *st;

	/* a form without a service (layanan_id NULL) sorts last */
	if (layanan_id > 0)
		st = db_query(db,
			      "SELECT id, layanan_id, judul, berkas, ukuran FROM formulir WHERE layanan_id = ?"
			      " ORDER BY urutan, id",
			      "i", layanan_id);
	else
		st = db_query(db,
			      "SELECT f.id, coalesce(f.layanan_id, 0), f.judul, f.berkas, f.ukuran FROM formulir f"
			      " LEFT JOIN layanan l ON l.id = f.layanan_id"
			      " ORDER BY coalesce(l.urutan, 1000000), f.urutan, f.id",
			      "");
	return collect(st, form_row, NULL);
}

int info_form(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_query(db,
				      "SELECT id, coalesce(layanan_id, 0), judul, berkas, ukuran FROM formulir WHERE id = ?",
				      "i", id);
	enum db_rc rc = st ? db_next(st) : DB_ERR;

	*out = NULL;
	if (rc == DB_ROW && !(*out = form_row(st, NULL)))
		fatal("out of memory");
	db_end(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* ---- back office: posts ---------------------------------------------------- */

#define WIB (7 * 3600)

static const char *post_status(int64_t terbit, int has_end, int64_t berakhir, time_t now)
{
	if (has_end && berakhir <= now)
		return "berakhir";
	return terbit > now ? "terjadwal" : "aktif";
}

static void set_end(json_t *o, struct db_stmt *st, int col)
{
	json_object_set_new(o, "berakhir_at", db_is_null(st, col) ? json_null() : json_integer(db_int(st, col)));
}

/* ctx: now (time_t) */
static json_t *admin_row(struct db_stmt *st, const void *ctx)
{
	json_t *row = json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)db_int(st, 0), "jenis", db_text(st, 1),
				"judul", db_text(st, 2), "terbit_at", (json_int_t)db_int(st, 3), "status",
				post_status(db_int(st, 3), !db_is_null(st, 4), db_int(st, 4), *(const time_t *)ctx));

	if (row)
		set_end(row, st, 4);
	return row;
}

json_t *info_admin_list(struct db *db, const char *jenis, time_t now, long offset, long limit, int64_t *total)
{
	const char *j = jenis ? jenis : "";
	struct db_stmt *st;

	*total = 0;
	st = db_query(db, "SELECT count(*) FROM informasi WHERE (? = '' OR jenis = ?)", "ss", j, j);
	if (!st || db_next(st) != DB_ROW) {
		db_end(st);
		return NULL;
	}
	*total = db_int(st, 0);
	db_end(st);
	return collect(db_query(db,
				"SELECT id, jenis, judul, terbit_at, berakhir_at FROM informasi WHERE (? = '' OR jenis = ?)"
				" ORDER BY terbit_at DESC, id DESC LIMIT ? OFFSET ?",
				"ssii", j, j, (int64_t)limit, (int64_t)(offset > 0 ? offset : 0)),
		       admin_row, &now);
}

int info_admin_get(struct db *db, int64_t id, time_t now, json_t **out)
{
	struct db_stmt *st = db_query(db,
				      "SELECT id, jenis, judul, isi, kunci, terbit_at, berakhir_at, created_at FROM informasi"
				      " WHERE id = ?",
				      "i", id);
	enum db_rc rc = st ? db_next(st) : DB_ERR;

	*out = NULL;
	if (rc == DB_ROW) {
		*out = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:I, s:s, s:I}", "id", (json_int_t)db_int(st, 0), "jenis",
				 db_text(st, 1), "judul", db_text(st, 2), "isi", db_text(st, 3), "kunci", db_text(st, 4),
				 "terbit_at", (json_int_t)db_int(st, 5), "status",
				 post_status(db_int(st, 5), !db_is_null(st, 6), db_int(st, 6), now), "created_at",
				 (json_int_t)db_int(st, 7));
		if (!*out)
			fatal("out of memory");
		set_end(*out, st, 6);
	}
	db_end(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* "HH:MM" (00:00..23:59) -> minutes; -1 when malformed. */
static int clock_minutes(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':' || strspn(s, "0123456789:") != 5)
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');

	return s[0] == ':' || s[1] == ':' || s[3] == ':' || s[4] == ':' || h > 23 || m > 59 ? -1 : h * 60 + m;
}

/* A WIB date and time as UTC seconds; 0 and *t, or -1. */
static int wib_time(const char *date, int minutes, int64_t *t)
{
	struct tm tm = { 0 };
	int y, m, d;

	if (!date || date_parse_iso(date, &y, &m, &d) < 0)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*t = (int64_t)timegm(&tm) + minutes * 60 - WIB;
	return 0;
}

static void e_set(json_t *errors, const char *key, const char *msg)
{
	if (!json_object_get(errors, key))
		json_object_set_new(errors, key, json_string(msg));
}

/* The title of a post or a form: one line of at most INFO_JUDUL_MAX
 * characters; missing says what to write when it is empty. */
static void judul_check(json_t *errors, const char *judul, const char *missing)
{
	if (!*judul)
		e_set(errors, "judul", missing);
	else if (!utf8_valid(judul, strlen(judul)) || !text_field_ok(judul, (size_t)-1))
		e_set(errors, "judul", "Judul berisi karakter yang tidak diizinkan (misalnya baris baru).");
	else if (!text_field_ok(judul, INFO_JUDUL_MAX))
		e_set(errors, "judul", "Judul maksimal 200 karakter.");
}

/* Checks a post; fills *terbit and *berakhir (0: no end). Number of errors. */
static size_t post_check(const struct info_input *in, json_t *errors, int64_t *terbit, int64_t *berakhir)
{
	const char *judul = in->judul ? in->judul : "", *isi = in->isi ? in->isi : "";
	const char *tj = in->terbit_jam ? in->terbit_jam : "", *bt = in->berakhir_tanggal ? in->berakhir_tanggal : "";
	const char *bj = in->berakhir_jam ? in->berakhir_jam : "";
	int tm = *tj ? clock_minutes(tj) : 0, bm = *bj ? clock_minutes(bj) : 23 * 60 + 59;
	int ok_start = 0;

	*terbit = *berakhir = 0;
	if (info_jenis_from(in->jenis) == INFO__MAX)
		e_set(errors, "jenis", "Pilih jenis informasi: Umum, Rahasia atau Sistem.");
	judul_check(errors, judul, "Judul wajib diisi.");
	if (!*isi)
		e_set(errors, "isi", "Isi informasi wajib diisi.");
	else if (!utf8_valid(isi, strlen(isi)) || !text_block_ok(isi, (size_t)-1))
		e_set(errors, "isi", "Isi informasi berisi karakter yang tidak diizinkan.");
	else if (!text_block_ok(isi, INFO_ISI_MAX))
		e_set(errors, "isi", "Isi informasi maksimal 20.000 karakter.");
	if (!in->terbit_tanggal || !*in->terbit_tanggal)
		e_set(errors, "terbit_tanggal", "Tanggal terbit wajib diisi.");
	else if (tm < 0)
		e_set(errors, "terbit_jam", "Jam terbit harus berformat JJ:MM, misalnya 08:00.");
	else if (wib_time(in->terbit_tanggal, tm, terbit) < 0)
		e_set(errors, "terbit_tanggal", "Tanggal terbit tidak valid.");
	else
		ok_start = 1;
	if (!*bt && *bj)
		e_set(errors, "berakhir_tanggal", "Isi tanggal berakhir, atau kosongkan jam berakhir.");
	else if (*bt && bm < 0)
		e_set(errors, "berakhir_jam", "Jam berakhir harus berformat JJ:MM, misalnya 16:00.");
	else if (*bt && wib_time(bt, bm, berakhir) < 0)
		e_set(errors, "berakhir_tanggal", "Tanggal berakhir tidak valid.");
	else if (*bt && ok_start && *berakhir <= *terbit)
		e_set(errors, "berakhir_tanggal", "Waktu berakhir harus setelah waktu terbit.");
	return json_object_size(errors);
}

/* After a statement meant to change exactly one row (q: its outcome):
 * INFO_OK to go on, otherwise INFO_ERR or INFO_NOT_FOUND, rolled back. */
static enum info_rc one_row(struct db *db, enum db_rc q)
{
	if (q != DB_DONE) {
		db_rollback(db);
		return INFO_ERR;
	}
	if (db_changes(db) != 1) {
		db_rollback(db);
		return INFO_NOT_FOUND;
	}
	return INFO_OK;
}

/* Audits aksi on "kind:id" (with detail) and commits: INFO_OK, or
 * INFO_ERR rolled back. */
static enum info_rc audit_commit(struct db *db, int64_t staf_id, const char *aksi, const char *kind, int64_t id,
				 const char *detail)
{
	char objek[40];

	snprintf(objek, sizeof objek, "%s:%lld", kind, (long long)id);
	if (audit_log(db, staf_id, aksi, objek, detail) < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		return INFO_ERR;
	}
	return INFO_OK;
}

enum info_rc info_save(struct db *db, int64_t staf_id, int64_t id, const struct info_input *in, json_t *errors,
		       int64_t *out_id)
{
	int64_t terbit, berakhir, new_id = id;
	char detail[260];
	enum info_rc done;
	enum db_rc rc;

	if (post_check(in, errors, &terbit, &berakhir))
		return INFO_INVALID;
	if (db_begin(db) != DB_OK)
		return INFO_ERR;
	if (id)
		rc = db_exec(db,
			     "UPDATE informasi SET jenis = ?, judul = ?, isi = ?, terbit_at = ?, berakhir_at = NULLIF(?, 0)"
			     " WHERE id = ?",
			     "sssiii", in->jenis, in->judul, in->isi, terbit, berakhir, id);
	else
		rc = db_insert_id(db,
				  "INSERT INTO informasi (jenis, judul, isi, terbit_at, berakhir_at, created_at)"
				  " VALUES (?, ?, ?, ?, NULLIF(?, 0), ?) RETURNING id",
				  &new_id, "sssiii", in->jenis, in->judul, in->isi, terbit, berakhir, (int64_t)time(NULL));
	if (rc != DB_DONE) {
		db_rollback(db);
		return INFO_ERR;
	}
	if (id && db_changes(db) != 1) {
		db_rollback(db);
		return INFO_NOT_FOUND;
	}
	snprintf(detail, sizeof detail, "%s: %.200s", in->jenis, in->judul);
	done = audit_commit(db, staf_id, id ? "informasi.ubah" : "informasi.tambah", "informasi", new_id, detail);
	if (done == INFO_OK && out_id)
		*out_id = new_id;
	return done;
}

enum info_rc info_end(struct db *db, int64_t staf_id, int64_t id, time_t now)
{
	struct db_stmt *st;
	int exists;

	if (db_begin(db) != DB_OK)
		return INFO_ERR;
	if (db_exec(db, "UPDATE informasi SET berakhir_at = ? WHERE id = ? AND (berakhir_at IS NULL OR berakhir_at > ?)",
		    "iii", (int64_t)now, id, (int64_t)now) != DB_DONE) {
		db_rollback(db);
		return INFO_ERR;
	}
	if (db_changes(db) != 1) {
		db_rollback(db);
		st = db_query(db, "SELECT 1 FROM informasi WHERE id = ?", "i", id);
		exists = st && db_next(st) == DB_ROW;
		db_end(st);
		return !st ? INFO_ERR : exists ? INFO_ALREADY : INFO_NOT_FOUND;
	}
	return audit_commit(db, staf_id, "informasi.akhiri", "informasi", id, NULL);
}

/* ---- back office: forms ---------------------------------------------------- */

/* The one active-content rule for PDFs (lib/pdfcheck.h), in a form's words. */
static enum info_pdf form_active_content(const void *data, size_t len)
{
	struct pdfcheck_why why;

	switch (pdf_check(data, len, &why)) {
	case PDFCHECK_CLEAN:
		return INFO_PDF_OK;
	case PDFCHECK_ACTIVE:
		log_info("formulir: refused a PDF with active content (%s in object %d)", why.what, why.obj);
		return INFO_PDF_ACTIVE;
	case PDFCHECK_UNREADABLE:
		log_info("formulir: refused a PDF qpdf cannot read (%s)", why.what);
		return INFO_PDF_TYPE;
	default:
		log_error("formulir: cannot check a PDF (%s)", why.what);
		return INFO_PDF_INTERNAL;
	}
}

enum info_pdf info_pdf_check(const void *data, size_t len, const char *filename, size_t max)
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	enum info_pdf rc = INFO_PDF_TYPE;
	const char *mime;
	magic_t m;

	if (!len)
		return INFO_PDF_EMPTY;
	if (len > max)
		return INFO_PDF_TOO_LARGE;
	if (!dot || strcasecmp(dot, ".pdf"))
		return INFO_PDF_EXT;
	if (len < 5 || memcmp(data, "%PDF-", 5))
		return INFO_PDF_TYPE;
	/* libmagic handles are not shared between threads: one per check
	 * (forms are uploaded rarely) */
	if (!(m = magic_open(MAGIC_MIME_TYPE)))
		return INFO_PDF_INTERNAL;
	if (magic_load(m, NULL) != 0) {
		log_error("formulir: cannot load the libmagic database: %s", magic_error(m));
		magic_close(m);
		return INFO_PDF_INTERNAL;
	}
	mime = magic_buffer(m, data, len);
	if (mime && !strcmp(mime, "application/pdf"))
		rc = INFO_PDF_OK;
	magic_close(m);
	return rc == INFO_PDF_OK ? form_active_content(data, len) : rc;
}

const char *info_pdf_message(enum info_pdf e, size_t max, char *buf, size_t bufsz)
{
	switch (e) {
	case INFO_PDF_OK:
		return "";
	case INFO_PDF_EMPTY:
		return "File kosong. Pilih file formulir (PDF) yang akan diunggah.";
	case INFO_PDF_TOO_LARGE:
		snprintf(buf, bufsz, "Ukuran file terlalu besar. Batas ukuran file formulir adalah %zu MB.",
			 (max + 1048575) / 1048576);
		return buf;
	case INFO_PDF_EXT:
		return "Formulir harus berupa file PDF (berakhiran .pdf).";
	case INFO_PDF_TYPE:
		return "Isi file bukan PDF yang sah. Simpan ulang formulir sebagai PDF, lalu unggah kembali.";
	case INFO_PDF_ACTIVE:
		return "File PDF ini berisi skrip, tindakan otomatis atau lampiran tersembunyi yang tidak diizinkan. Simpan ulang "
		       "sebagai PDF biasa (misalnya melalui Cetak ke PDF), lalu unggah kembali.";
	default:
		return "File tidak dapat diperiksa saat ini. Silakan coba lagi.";
	}
}

static json_t *form_admin_row(struct db_stmt *st, const void *ctx)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:s}", "id", (json_int_t)db_int(st, 0), "layanan_id",
			 (json_int_t)db_int(st, 1), "judul", db_text(st, 2), "berkas", db_text(st, 3), "ukuran",
			 (json_int_t)db_int(st, 4), "urutan", (json_int_t)db_int(st, 5), "dipakai", (json_int_t)db_int(st, 6),
			 "layanan", db_text(st, 7));
}

json_t *info_form_admin_list(struct db *db)
{
	return collect(db_query(db,
				"SELECT f.id, coalesce(f.layanan_id, 0), f.judul, f.berkas, f.ukuran, f.urutan,"
				" (SELECT count(*) FROM formulir g WHERE g.berkas = f.berkas), coalesce(l.nama, '')"
				" FROM formulir f LEFT JOIN layanan l ON l.id = f.layanan_id"
				" ORDER BY coalesce(l.urutan, 1000000), f.urutan, f.id",
				""),
		       form_admin_row, NULL);
}

/* Checks the typed form fields; *urutan gets the order (-1: after the
 * others). Number of errors, or -1 on a storage error. */
static int form_check(struct db *db, const struct info_form_input *in, json_t *errors, int *urutan)
{
	const char *judul = in->judul ? in->judul : "", *u = in->urutan ? in->urutan : "";

	*urutan = -1;
	judul_check(errors, judul, "Judul formulir wajib diisi.");
	if (*u) {
		size_t n = strspn(u, "0123456789");

		if (n != strlen(u) || n > 4)
			e_set(errors, "urutan", "Urutan harus bilangan bulat 0 sampai 9999.");
		else
			*urutan = atoi(u);
	}
	if (in->layanan_id < 0) {
		e_set(errors, "layanan", "Pilih layanan, atau Umum untuk semua layanan.");
	} else if (in->layanan_id > 0) {
		struct db_stmt *st = db_query(db, "SELECT 1 FROM layanan WHERE id = ?", "i", in->layanan_id);
		enum db_rc rc = st ? db_next(st) : DB_ERR;

		db_end(st);
		if (rc == DB_ERR)
			return -1;
		if (rc != DB_ROW)
			e_set(errors, "layanan", "Layanan tidak ditemukan.");
	}
	return (int)json_object_size(errors);
}

/* The next order among the forms of the same service. */
static int next_order(struct db *db, int64_t layanan_id)
{
	struct db_stmt *st = db_query(db, "SELECT coalesce(max(urutan), -1) + 1 FROM formulir WHERE coalesce(layanan_id, 0) = ?",
				      "i", layanan_id);
	int n = st && db_next(st) == DB_ROW ? (int)db_int(st, 0) : 0;

	db_end(st);
	return n;
}

/* Writes a form file with a name made of its title; 0 or -1. */
static int form_store(const char *files_dir, const char *judul, const void *pdf, size_t len, char *name, size_t namesz)
{
	char stem[64];

	catalog_slug(judul, 0, 50, stem, sizeof stem);
	return catalog_store_file(files_dir, *stem ? stem : "formulir", "pdf", pdf, len, name, namesz);
}

static void form_unlink(const char *files_dir, const char *name)
{
	char *path = catalog_file_path(files_dir, name);

	if (path && unlink(path) < 0 && errno != ENOENT)
		log_error("formulir: cannot remove a replaced file: %s", strerror(errno));
	free(path);
}

/* Removes name when no form row names it any more. */
static void form_unlink_unused(struct db *db, const char *files_dir, const char *name)
{
	struct db_stmt *st = db_query(db, "SELECT count(*) FROM formulir WHERE berkas = ?", "s", name);
	int64_t n = st && db_next(st) == DB_ROW ? db_int(st, 0) : -1;

	db_end(st);
	if (n == 0)
		form_unlink(files_dir, name);
}

/* layanan_id 0 binds NULL ("Umum"). */
#define LAYANAN_OR_NULL "NULLIF(?, 0)"

enum info_rc info_form_add(struct db *db, int64_t staf_id, const struct info_form_input *in, const void *pdf,
			   size_t len, const char *files_dir, json_t *errors, int64_t *id)
{
	char name[128];
	int urutan, n = form_check(db, in, errors, &urutan);
	int64_t new_id;

	if (n)
		return n < 0 ? INFO_ERR : INFO_INVALID;
	if (form_store(files_dir, in->judul, pdf, len, name, sizeof name) < 0) {
		log_error("formulir: cannot write a form file: %s", strerror(errno));
		return INFO_ERR;
	}
	if (db_begin(db) != DB_OK)
		goto fail;
	if (urutan < 0)
		urutan = next_order(db, in->layanan_id);
	if (db_insert_id(db,
			 "INSERT INTO formulir (layanan_id, judul, berkas, ukuran, urutan) VALUES (" LAYANAN_OR_NULL
			 ", ?, ?, ?, ?) RETURNING id",
			 &new_id, "issid", in->layanan_id, in->judul, name, (int64_t)len, urutan) != DB_DONE)
		goto rollback;
	if (audit_commit(db, staf_id, "formulir.tambah", "formulir", new_id, in->judul) != INFO_OK)
		goto fail;
	if (id)
		*id = new_id;
	return INFO_OK;
rollback:
	db_rollback(db);
fail:
	form_unlink(files_dir, name);
	return INFO_ERR;
}

enum info_rc info_form_update(struct db *db, int64_t staf_id, int64_t id, const struct info_form_input *in,
			      json_t *errors)
{
	int urutan, n = form_check(db, in, errors, &urutan);
	enum info_rc rc;

	if (n)
		return n < 0 ? INFO_ERR : INFO_INVALID;
	if (db_begin(db) != DB_OK)
		return INFO_ERR;
	if (urutan < 0)
		urutan = next_order(db, in->layanan_id);
	rc = one_row(db, db_exec(db, "UPDATE formulir SET layanan_id = " LAYANAN_OR_NULL ", judul = ?, urutan = ? WHERE id = ?",
				 "isdi", in->layanan_id, in->judul, urutan, id));
	return rc == INFO_OK ? audit_commit(db, staf_id, "formulir.ubah", "formulir", id, in->judul) : rc;
}

/* berkas and judul of form id; 0, 1 when unknown, -1. */
static int form_file(struct db *db, int64_t id, char *berkas, size_t bsz, char *judul, size_t jsz)
{
	struct db_stmt *st = db_query(db, "SELECT berkas, judul FROM formulir WHERE id = ?", "i", id);
	enum db_rc rc = st ? db_next(st) : DB_ERR;

	if (rc == DB_ROW) {
		snprintf(berkas, bsz, "%s", db_text(st, 0));
		snprintf(judul, jsz, "%s", db_text(st, 1));
	}
	db_end(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

enum info_rc info_form_replace(struct db *db, int64_t staf_id, int64_t id, const void *pdf, size_t len, int all,
			       const char *files_dir)
{
	char old[256], judul[512], name[128];
	int rc = form_file(db, id, old, sizeof old, judul, sizeof judul);
	enum db_rc q;

	if (rc)
		return rc > 0 ? INFO_NOT_FOUND : INFO_ERR;
	if (form_store(files_dir, judul, pdf, len, name, sizeof name) < 0) {
		log_error("formulir: cannot write a form file: %s", strerror(errno));
		return INFO_ERR;
	}
	if (db_begin(db) != DB_OK)
		goto fail;
	/* the file is matched too: a replacement that lost a race changes nothing */
	if (all)
		q = db_exec(db, "UPDATE formulir SET berkas = ?, ukuran = ? WHERE berkas = ? AND EXISTS"
				" (SELECT 1 FROM formulir g WHERE g.id = ? AND g.berkas = ?)",
			    "sisis", name, (int64_t)len, old, id, old);
	else
		q = db_exec(db, "UPDATE formulir SET berkas = ?, ukuran = ? WHERE id = ? AND berkas = ?", "siis", name,
			    (int64_t)len, id, old);
	if (q != DB_DONE)
		goto rollback;
	if (db_changes(db) < 1) {
		db_rollback(db);
		form_unlink(files_dir, name);
		return INFO_NOT_FOUND;
	}
	if (audit_commit(db, staf_id, "formulir.ganti", "formulir", id,
			 all ? "semua formulir yang memakai berkas yang sama" : NULL) != INFO_OK)
		goto fail;
	form_unlink_unused(db, files_dir, old);
	return INFO_OK;
rollback:
	db_rollback(db);
fail:
	form_unlink(files_dir, name);
	return INFO_ERR;
}

enum info_rc info_form_delete(struct db *db, int64_t staf_id, int64_t id, const char *files_dir)
{
	char berkas[256], judul[512];
	int found = form_file(db, id, berkas, sizeof berkas, judul, sizeof judul);
	enum info_rc rc;

	if (found)
		return found > 0 ? INFO_NOT_FOUND : INFO_ERR;
	if (db_begin(db) != DB_OK)
		return INFO_ERR;
	rc = one_row(db, db_exec(db, "DELETE FROM formulir WHERE id = ?", "i", id));
	if (rc == INFO_OK && (rc = audit_commit(db, staf_id, "formulir.hapus", "formulir", id, judul)) == INFO_OK)
		form_unlink_unused(db, files_dir, berkas);
	return rc;
}
