// SPDX-License-Identifier: MIT
// What the office publishes: information posts (umum, rahasia, sistem) and downloadable forms.
#include "domain/info.h"

#include <cmark.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/log.h"

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

static json_t *post_row(struct db_stmt *st)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)db_int(st, 0), "jenis", db_text(st, 1),
			 "judul", db_text(st, 2), "isi", db_text(st, 3), "terbit_at", (json_int_t)db_int(st, 4));
}

json_t *info_list(struct db *db, int rahasia, time_t now, long offset, long limit, int64_t *total)
{
	struct db_stmt *st;
	json_t *rows = json_array(), *row;
	enum db_rc rc = DB_DONE;

	if (total) {
		*total = 0;
		st = db_query(db, sql_count, "iid", (int64_t)now, (int64_t)now, rahasia ? 1 : 0);
		if (!st || db_next(st) != DB_ROW) {
			db_end(st);
			goto fail;
		}
		*total = db_int(st, 0);
		db_end(st);
	}
	st = db_query(db, sql_list, "iidii", (int64_t)now, (int64_t)now, rahasia ? 1 : 0, (int64_t)limit,
		      (int64_t)(offset > 0 ? offset : 0));
	while (st && (rc = db_next(st)) == DB_ROW) {
		if (!(row = post_row(st)))
			fatal("out of memory");
		json_array_append_new(rows, row);
	}
	db_end(st);
	if (!st || rc != DB_DONE)
		goto fail;
	return rows;
fail:
	json_decref(rows);
	return NULL;
}

int info_get(struct db *db, int64_t id, int rahasia, time_t now, json_t **out)
{
	struct db_stmt *st = db_query(db, sql_get, "iiid", id, (int64_t)now, (int64_t)now, rahasia ? 1 : 0);
	enum db_rc rc = st ? db_next(st) : DB_ERR;

	*out = NULL;
	if (rc == DB_ROW && !(*out = post_row(st)))
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

json_t *info_latest(struct db *db, int rahasia, time_t now, long n, size_t max)
{
	struct db_stmt *st = db_query(db, sql_list, "iidii", (int64_t)now, (int64_t)now, rahasia ? 1 : 0, (int64_t)n,
				      (int64_t)0);
	json_t *rows = json_array(), *row;
	enum db_rc rc = DB_DONE;

	while (st && (rc = db_next(st)) == DB_ROW) {
		int64_t id = db_int(st, 0);

		row = json_pack("{s:I, s:s, s:s, s:o, s:I}", "id", (json_int_t)id, "jenis", db_text(st, 1), "judul",
				db_text(st, 2), "ringkasan", excerpt_of(id, db_text(st, 3), max), "terbit_at",
				(json_int_t)db_int(st, 4));
		if (!row)
			fatal("out of memory");
		json_array_append_new(rows, row);
	}
	db_end(st);
	if (!st || rc != DB_DONE) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

/* ---- forms --------------------------------------------------------------- */

static json_t *form_row(struct db_stmt *st)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I}", "id", (json_int_t)db_int(st, 0), "layanan_id",
			 (json_int_t)db_int(st, 1), "judul", db_text(st, 2), "berkas", db_text(st, 3), "ukuran",
			 (json_int_t)db_int(st, 4));
}

json_t *info_forms(struct db *db, int64_t layanan_id)
{
	struct db_stmt *st;
	json_t *rows = json_array(), *row;
	enum db_rc rc = DB_DONE;

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
	while (st && (rc = db_next(st)) == DB_ROW) {
		if (!(row = form_row(st)))
			fatal("out of memory");
		json_array_append_new(rows, row);
	}
	db_end(st);
	if (!st || rc != DB_DONE) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

int info_form(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_query(db,
				      "SELECT id, coalesce(layanan_id, 0), judul, berkas, ukuran FROM formulir WHERE id = ?",
				      "i", id);
	enum db_rc rc = st ? db_next(st) : DB_ERR;

	*out = NULL;
	if (rc == DB_ROW && !(*out = form_row(st)))
		fatal("out of memory");
	db_end(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}
