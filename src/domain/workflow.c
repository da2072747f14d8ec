// SPDX-License-Identifier: MIT
// The officers' side of applications: work queues, the hold, and the moves of the transition table.
#include "domain/workflow.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/grup.h"
#include "domain/notify.h"
#include "domain/rekap.h"
#include "domain/validate.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/fileio.h"
#include "lib/log.h"
#include "lib/pdfcheck.h"
#include "lib/secret.h"

const char *const wf_queue_names[Q__MAX] = { "verifikasi", "proses", "tte", "serah" };
const char *const wf_queue_labels[Q__MAX] = {
	"Antrean Verifikasi", "Antrean Proses", "Antrean Tanda Tangan", "Antrean Penyerahan",
};
const char *const wf_sort_names[SORT__MAX] = { "lama", "baru", "tenggat" };
const char *const wf_cara_names[CARA__MAX] = { "diambil", "diantar", "cetak_mandiri", "tanpa_dokumen" };
const char *const wf_cara_labels[CARA__MAX] = {
	"Diambil di kantor", "Diantar ke alamat pemohon", "Dicetak mandiri oleh pemohon",
	"Tanpa dokumen (layanan tanpa dokumen jadi)",
};

#define BIT(role) (1 << (role))
#define ALL_STAFF (BIT(ROLE_ADMIN) | BIT(ROLE_VERIFIKATOR) | BIT(ROLE_OPERATOR) | BIT(ROLE_PENANDATANGAN))

/* The catalog's step signed by the head of office: recorded by the signing
 * move (TTE), never by an operator. */
#define STEP_TTE "tte-kepala-dinas"

enum wf_queue wf_queue_from(const char *s)
{
	for (int i = 0; s && i < Q__MAX; i++)
		if (!strcmp(s, wf_queue_names[i]))
			return (enum wf_queue)i;
	return Q__MAX;
}

int wf_queue_roles(enum wf_queue q)
{
	switch (q) {
	case Q_VERIFIKASI: return BIT(ROLE_ADMIN) | BIT(ROLE_VERIFIKATOR);
	case Q_PROSES:
	case Q_SERAH: return BIT(ROLE_ADMIN) | BIT(ROLE_OPERATOR);
	case Q_TTE: return BIT(ROLE_ADMIN) | BIT(ROLE_PENANDATANGAN);
	default: return 0;
	}
}

int wf_may(enum app_move m, int roles)
{
	unsigned eff = (unsigned)roles & ALL_STAFF;

	if (roles & BIT(ROLE_ADMIN))
		eff = ALL_STAFF;
	for (size_t i = 0; i < app_transitions_count; i++)
		if (app_transitions[i].move == m && (app_transitions[i].actors & eff))
			return 1;
	return 0;
}

int wf_serves(struct db *db, int64_t staf_id, int64_t layanan_id)
{
	struct db_stmt *st = db_query(db,
				      "SELECT count(*), coalesce(sum(CASE WHEN layanan_id = ? THEN 1 ELSE 0 END), 0)"
				      " FROM staf_layanan WHERE staf_id = ?",
				      "ii", layanan_id, staf_id);
	int ok = 0;

	if (st && db_next(st) == DB_ROW)
		ok = db_int(st, 0) == 0 || db_int(st, 1) > 0;
	db_end(st);
	return ok;
}

/* The service limit as a condition on p.layanan_id; binds "ii": whether
 * the officer is limited (limited()), then their id. An officer without a
 * limit skips the subquery at its first operand. */
#define SERVES_SQL " (? = 0 OR p.layanan_id IN (SELECT sl.layanan_id FROM staf_layanan sl WHERE sl.staf_id = ?))"

/* 1 when the officer is limited to some services. */
static int64_t limited(struct db *db, int64_t staf_id)
{
	struct db_stmt *st = db_query(db, "SELECT 1 FROM staf_layanan WHERE staf_id = ? LIMIT 1", "i", staf_id);
	int64_t v = st && db_next(st) == DB_ROW;

	db_end(st);
	return v;
}

static const struct cat_service *service_of(struct db *db, int64_t layanan_id)
{
	return catalog_by_id(catalog_get(db), layanan_id);
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static const char *str_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void err_set(json_t *errors, const char *key, const char *msg)
{
	if (errors && !json_object_get(errors, key))
		json_object_set_new(errors, key, json_string(msg));
}

static void why(struct wf_out *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why(struct wf_out *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->why, sizeof out->why, fmt, ap);
	va_end(ap);
}

/* ---- queues and dashboard --------------------------------------------- */

/*
 * The queue statements. The statement cache keys on the SQL string's
 * address, so a statement built per request would be prepared anew each
 * time (and an address reused by malloc would find another query's plan):
 * every variant is built once, here, and kept for the process's life.
 * Variants: scope (every status but DRAFT | one queue | one status |
 * every status but DRAFT of one Grup Pemohon, which walks the index on
 * (grup_id, id) instead of every application) x
 * search (none | exact code or NIK | name prefix) x statement (count |
 * list by each sort). The service, overdue and Grup Pemohon filters bind
 * a neutral value when unused ("? = 0 OR ..."): they narrow what an index
 * on the queue or status already found.
 */
enum { SCOPE_ALL, SCOPE_QUEUE, SCOPE_STATUS, SCOPE_GRUP, SCOPE__MAX };
enum { SEARCH_NONE, SEARCH_EXACT, SEARCH_NAME, SEARCH_NAME_RANGE, SEARCH__MAX };
#define QUEUE_STMTS (1 + SORT__MAX)   /* count, then one list per sort */

static const char *queue_sql[SCOPE__MAX][SEARCH__MAX][QUEUE_STMTS];
static pthread_once_t queue_sql_once = PTHREAD_ONCE_INIT;

static void build_queue_sql(void)
{
	static const char *const scope[SCOPE__MAX] = {
		" AND p.status <> 'DRAFT'", " AND p.antrean = ?", " AND p.status = ?",
		" AND p.grup_id = ? AND p.status <> 'DRAFT'",
	};
	static const char *const search[SEARCH__MAX] = {
		"", " AND (p.kode = ? OR p.nik = ?)", " AND lower(p.nama) LIKE ? ESCAPE '!'",
		/* the range lets the index on lower(nama) find the prefix; LIKE
		 * keeps the answer exact */
		" AND lower(p.nama) >= ? AND lower(p.nama) < ? AND lower(p.nama) LIKE ? ESCAPE '!'",
	};
	static const char *const order[SORT__MAX] = {
		"p.id", "p.id DESC", "CASE WHEN p.tenggat_at IS NULL THEN 1 ELSE 0 END, p.tenggat_at, p.id",
	};

	for (int sc = 0; sc < SCOPE__MAX; sc++)
		for (int se = 0; se < SEARCH__MAX; se++)
			for (int k = 0; k < QUEUE_STMTS; k++) {
				struct buf b = BUF_INIT;

				if (k == 0)
					buf_adds(&b, "SELECT count(*) FROM (SELECT 1 FROM pengajuan p");
				else
					buf_adds(&b, "SELECT p.kode, p.layanan_id, p.nik, p.nama, p.status, p.antrean,"
						     " p.dikirim_at, p.tenggat_at, s.nama, p.ditangani_oleh,"
						     " (SELECT count(*) FROM chat c WHERE c.pengajuan_id = p.id AND"
						     " c.dari = 'pemohon' AND c.id > p.chat_baca_staf), p.grup_id, g.nama"
						     " FROM pengajuan p LEFT JOIN staf s ON s.id = p.ditangani_oleh"
						     " LEFT JOIN grup g ON g.id = p.grup_id");
				buf_addf(&b, " WHERE%s%s%s AND (? = 0 OR p.layanan_id = ?)"
					 " AND (? = 0 OR (p.tenggat_at IS NOT NULL AND p.tenggat_at < ?))"
					 " AND (? = 0 OR p.grup_id = ?)",
					 SERVES_SQL, scope[sc], search[se]);
				if (k == 0)
					buf_addf(&b, " LIMIT %d) x", WF_TOTAL_CAP + 1);
				else
					buf_addf(&b, " ORDER BY %s LIMIT ? OFFSET ?", order[k - 1]);
				queue_sql[sc][se][k] = buf_detach(&b, NULL);
			}
}

int wf_grup_filter(struct db *db, const char *s, struct wf_filter *f)
{
	struct db_stmt *st;
	int64_t id = 0;
	size_t n;
	int found;

	if (!s || !*s) {
		f->by_grup = 0;
		return 0;
	}
	n = strlen(s);
	if (n > 18 || strspn(s, "0123456789") != n)
		return -1;
	for (size_t i = 0; i < n; i++)
		id = id * 10 + (s[i] - '0');
	if (id) {
		st = db_query(db, "SELECT 1 FROM grup WHERE id = ?", "i", id);
		found = st && db_next(st) == DB_ROW;
		db_end(st);
		if (!found)
			return -1;
	}
	f->by_grup = 1;
	f->grup_id = id;
	return 0;
}

json_t *wf_grup_options(struct db *db)
{
	struct db_stmt *st = db_query(db, "SELECT id, nama, aktif FROM grup ORDER BY nama, id", "");
	json_t *out = json_array();
	enum db_rc rc = DB_ERR;

	while (st && (rc = db_next(st)) == DB_ROW)
		json_array_append_new(out, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)db_int(st, 0), "nama",
						     db_text(st, 1), "aktif", (int)db_int(st, 2)));
	db_end(st);
	if (rc != DB_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* The name of a group row gone from storage (never deleted today), as grup_name says it. */
static const char grup_unknown[] = "(grup tidak dikenal)";

/* A queue row's Grup Pemohon: {id, nama}, or null in personal mode. */
static json_t *grup_ref(int64_t id, const char *nama)
{
	if (!id)
		return json_null();
	return json_pack("{s:I, s:s}", "id", (json_int_t)id, "nama", nama ? nama : grup_unknown);
}

json_t *wf_queue_page(struct db *db, const struct wf_actor *a, const struct wf_filter *f, long page,
		      long page_size, long *total)
{
	union db_arg args[20];
	char fmt[20], qv[WF_SEARCH_MAX * 2 + 8] = "", lo[WF_SEARCH_MAX + 8], hi[WF_SEARCH_MAX + 8];
	json_t *rows = json_array();
	struct db_stmt *st;
	const char *q = f->q ? f->q : "";
	int64_t now = now_s();
	int sc = SCOPE_ALL, se = SEARCH_NONE, sort = f->sort < SORT__MAX ? (int)f->sort : SORT_LAMA;
	size_t n = 0, base;

	pthread_once(&queue_sql_once, build_queue_sql);
	*total = 0;
	args[n].integer = limited(db, a->id);
	fmt[n++] = 'i';
	args[n].integer = a->id;
	fmt[n++] = 'i';
	if (f->queue < Q__MAX) {
		sc = SCOPE_QUEUE;
		args[n].text = wf_queue_names[f->queue];
		fmt[n++] = 's';
	} else if (f->status && *f->status) {
		sc = SCOPE_STATUS;
		args[n].text = f->status;
		fmt[n++] = 's';
	} else if (f->by_grup && f->grup_id) {
		sc = SCOPE_GRUP;
		args[n].integer = f->grup_id;
		fmt[n++] = 'i';
	}
	if (*q) {
		size_t len = strlen(q), k, o = 0;
		int digits = len == NIK_LEN && strspn(q, "0123456789") == len;
		char up[APP_CODE_MAX] = "";

		for (k = 0; k < len && k + 1 < sizeof up; k++)
			up[k] = (char)(q[k] >= 'a' && q[k] <= 'z' ? q[k] - 32 : q[k]);
		up[k] = '\0';
		/* a code has digits; a one-word name ("Siti") would pass
		 * app_code_ok once in capitals */
		if (digits || (len < sizeof up && app_code_ok(up) && strpbrk(up, "0123456789"))) {
			se = SEARCH_EXACT;
			snprintf(qv, sizeof qv, "%s", digits ? q : up);
			args[n].text = qv;
			fmt[n++] = 's';
			args[n].text = qv;
			fmt[n++] = 's';
		} else {
			/* a name: case-insensitive prefix; the user's % and _ are
			 * literal */
			for (k = 0; q[k] && o + 3 < sizeof qv; k++) {
				if (q[k] == '%' || q[k] == '_' || q[k] == '!')
					qv[o++] = '!';
				qv[o++] = (char)(q[k] >= 'A' && q[k] <= 'Z' ? q[k] + 32 : q[k]);
			}
			qv[o++] = '%';
			qv[o] = '\0';
			se = SEARCH_NAME;
			/* [prefix, prefix with its last byte + 1): only for an ASCII
			 * last character, where the bound stays valid UTF-8 */
			for (k = 0; q[k] && k + 1 < sizeof lo; k++)
				lo[k] = (char)(q[k] >= 'A' && q[k] <= 'Z' ? q[k] + 32 : q[k]);
			lo[k] = '\0';
			if (k && (unsigned char)lo[k - 1] < 0x7e && !q[k]) {
				snprintf(hi, sizeof hi, "%s", lo);
				hi[k - 1]++;
				se = SEARCH_NAME_RANGE;
				args[n].text = lo;
				fmt[n++] = 's';
				args[n].text = hi;
				fmt[n++] = 's';
			}
			args[n].text = qv;
			fmt[n++] = 's';
		}
	}
	args[n].integer = f->layanan_id;
	fmt[n++] = 'i';
	args[n].integer = f->layanan_id;
	fmt[n++] = 'i';
	args[n].integer = f->terlambat ? 1 : 0;
	fmt[n++] = 'i';
	args[n].integer = now;
	fmt[n++] = 'i';
	args[n].integer = f->by_grup ? 1 : 0;
	fmt[n++] = 'i';
	args[n].integer = f->grup_id;
	fmt[n++] = 'i';
	fmt[n] = '\0';
	base = n;

	st = db_query_args(db, queue_sql[sc][se][0], fmt, args);
	if (!st) {
		json_decref(rows);
		return NULL;
	}
	*total = db_next(st) == DB_ROW ? (long)db_int(st, 0) : 0;
	db_end(st);

	if (page_size < 1)
		page_size = 1;
	if (page < 1)
		page = 1;
	if (page > 100000)
		page = 100000;
	args[base].integer = page_size;
	fmt[base] = 'i';
	args[base + 1].integer = (int64_t)(page - 1) * page_size;
	fmt[base + 1] = 'i';
	fmt[base + 2] = '\0';
	st = db_query_args(db, queue_sql[sc][se][1 + sort], fmt, args);
	if (!st) {
		json_decref(rows);
		return NULL;
	}
	while (db_next(st) == DB_ROW) {
		const struct cat_service *svc = service_of(db, db_int(st, 1));
		enum app_status s = app_status_from(db_text(st, 4));
		char masked[NIK_LEN + 1] = "";
		int64_t tenggat = db_is_null(st, 7) ? 0 : db_int(st, 7);
		json_t *row;

		if (*db_text(st, 2))
			nik_mask(db_text(st, 2), masked);
		if (s == APP__MAX)
			s = APP_DRAFT;
		row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:b, s:I, s:I}", "kode", db_text(st, 0),
				"layanan", svc ? svc->nama : "", "layanan_kode", svc ? svc->kode : "", "nik", masked,
				"nama", db_text(st, 3), "status", app_status_names[s], "status_label",
				app_status_label(svc ? svc->def : NULL, s), "dikirim_at", (json_int_t)db_int(st, 6), "tenggat_at",
				(json_int_t)tenggat, "terlambat", tenggat && tenggat < now, "ditangani_id",
				(json_int_t)db_int(st, 9), "chat_belum_dibaca", (json_int_t)db_int(st, 10));
		json_object_set_new(row, "antrean", db_is_null(st, 5) ? json_null() : json_string(db_text(st, 5)));
		json_object_set_new(row, "ditangani_oleh", db_is_null(st, 8) ? json_null() : json_string(db_text(st, 8)));
		json_object_set_new(row, "grup", grup_ref(db_int(st, 11), db_is_null(st, 12) ? NULL : db_text(st, 12)));
		json_array_append_new(rows, row);
	}
	db_end(st);
	return rows;
}

json_t *wf_dashboard(struct db *db, const struct wf_actor *a, time_t now)
{
	json_t *d = json_object(), *per_status = json_array(), *per_layanan = json_object(), *antrean = json_object();
	json_t *late = json_array(), *list;
	int64_t counts[APP__MAX] = { 0 }, lim = limited(db, a->id);
	struct db_stmt *st;
	const char *k;
	json_t *v;
	int i;

	/* counts come from the roll-up: a few hundred rows whatever the size */
	st = db_query(db,
		      "SELECT p.layanan_id, p.status, sum(p.jumlah) FROM rekap_pengajuan p WHERE" SERVES_SQL
		      " GROUP BY p.layanan_id, p.status",
		      "ii", lim, a->id);
	while (st && db_next(st) == DB_ROW) {
		const struct cat_service *svc = service_of(db, db_int(st, 0));
		enum app_status s = app_status_from(db_text(st, 1));
		int64_t nrow = db_int(st, 2);
		json_t *l;

		if (s == APP__MAX || s == APP_DRAFT || !svc || nrow <= 0)
			continue;
		counts[s] += nrow;
		l = json_object_get(per_layanan, svc->kode);
		if (!l) {
			l = json_pack("{s:I, s:s, s:s, s:I, s:{}}", "layanan_id", (json_int_t)svc->id, "kode", svc->kode,
				      "nama", svc->nama, "jumlah", (json_int_t)0, "per_status");
			json_object_set_new(per_layanan, svc->kode, l);
		}
		json_object_set_new(l, "jumlah", json_integer(json_integer_value(json_object_get(l, "jumlah")) + nrow));
		json_object_set_new(json_object_get(l, "per_status"), app_status_names[s], json_integer(nrow));
	}
	db_end(st);
	for (i = APP_DIKIRIM; i < APP__MAX; i++)
		json_array_append_new(per_status, json_pack("{s:s, s:s, s:I}", "status", app_status_names[i], "label",
							    app_status_labels[i], "jumlah", (json_int_t)counts[i]));
	json_object_set_new(d, "per_status", per_status);
	list = json_array();
	json_object_foreach(per_layanan, k, v)
		json_array_append(list, v);
	json_decref(per_layanan);
	json_object_set_new(d, "per_layanan", list);

	/* queue sizes and the overdue count walk an index each, up to the cap
	 * of the queue pages */
	for (i = 0; i < Q__MAX; i++) {
		st = db_query(db, "SELECT count(*) FROM (SELECT 1 FROM pengajuan p WHERE p.antrean = ? AND" SERVES_SQL
			      " LIMIT " WF_TOTAL_CAP_SQL ") x", "sii", wf_queue_names[i], lim, a->id);
		json_object_set_new(antrean, wf_queue_names[i], json_integer(st && db_next(st) == DB_ROW ? db_int(st, 0) : 0));
		db_end(st);
	}
	json_object_set_new(d, "antrean", antrean);

	st = db_query(db, "SELECT count(*) FROM (SELECT 1 FROM pengajuan p WHERE p.dikirim_at >= ? AND" SERVES_SQL
		      " LIMIT " WF_TOTAL_CAP_SQL ") x", "iii", (int64_t)catalog_day_start(now), lim, a->id);
	json_object_set_new(d, "hari_ini", json_integer(st && db_next(st) == DB_ROW ? db_int(st, 0) : 0));
	db_end(st);

	st = db_query(db, "SELECT count(*) FROM (SELECT 1 FROM pengajuan p WHERE p.tenggat_at IS NOT NULL AND"
		      " p.tenggat_at < ? AND" SERVES_SQL " LIMIT " WF_TOTAL_CAP_SQL ") x", "iii", (int64_t)now, lim, a->id);
	json_object_set_new(d, "terlambat", json_integer(st && db_next(st) == DB_ROW ? db_int(st, 0) : 0));
	db_end(st);

	st = db_query(db,
		      "SELECT p.kode, p.layanan_id, p.status, p.antrean, p.tenggat_at FROM pengajuan p"
		      " WHERE p.tenggat_at IS NOT NULL AND p.tenggat_at < ? AND" SERVES_SQL
		      " ORDER BY p.tenggat_at LIMIT 20",
		      "iii", (int64_t)now, lim, a->id);
	while (st && db_next(st) == DB_ROW) {
		const struct cat_service *svc = service_of(db, db_int(st, 1));
		enum app_status s = app_status_from(db_text(st, 2));
		enum wf_queue q = wf_queue_from(db_text(st, 3));

		json_array_append_new(late, json_pack("{s:s, s:s, s:s, s:s, s:I}", "kode", db_text(st, 0), "layanan",
						      svc ? svc->nama : "", "status_label",
						      app_status_label(svc ? svc->def : NULL, s), "langkah",
						      q < Q__MAX ? wf_queue_labels[q] : "", "tenggat_at",
						      (json_int_t)db_int(st, 4)));
	}
	db_end(st);
	json_object_set_new(d, "terlambat_list", late);
	return d;
}

/* ---- loading one application -------------------------------------------- */

struct app_row {
	int64_t id, layanan_id, definisi_id, pemohon_id, created_at, holder, status_at;
	enum app_status status;
	char kode[APP_CODE_MAX];
	char objek[48];          /* "pengajuan:ID", for the audit log */
	char holder_nama[128], nama[256], pilihan[32], antrean[16];
	json_t *def;   /* owned */
	const struct cat_service *svc;
};

static void row_free(struct app_row *r)
{
	json_decref(r->def);
	r->def = NULL;
}

/* Loads kode for officer a: APP_OK, APP_NOT_FOUND (unknown, malformed or
 * outside the officer's services) or APP_ERR. */
static enum app_rc load(struct db *db, const struct wf_actor *a, const char *kode, struct app_row *r)
{
	struct db_stmt *st;

	memset(r, 0, sizeof *r);
	if (!kode || !app_code_ok(kode))
		return APP_NOT_FOUND;
	st = db_query(db,
		      "SELECT p.id, p.layanan_id, p.definisi_id, p.pemohon_id, p.created_at, p.status,"
		      " coalesce(p.ditangani_oleh, 0), coalesce(s.nama, ''), p.nama,"
		      " p.pilihan_dokumen_jadi, coalesce(p.antrean, ''), coalesce(p.status_at, p.created_at)"
		      " FROM pengajuan p LEFT JOIN staf s ON s.id = p.ditangani_oleh WHERE p.kode = ?",
		      "s", kode);
	if (!st || db_next(st) != DB_ROW) {
		db_end(st);
		return APP_NOT_FOUND;
	}
	r->id = db_int(st, 0);
	r->layanan_id = db_int(st, 1);
	r->definisi_id = db_int(st, 2);
	r->pemohon_id = db_int(st, 3);
	r->created_at = db_int(st, 4);
	r->status = app_status_from(db_text(st, 5));
	r->holder = db_int(st, 6);
	snprintf(r->holder_nama, sizeof r->holder_nama, "%s", db_text(st, 7));
	snprintf(r->nama, sizeof r->nama, "%s", db_text(st, 8));
	snprintf(r->pilihan, sizeof r->pilihan, "%s", db_text(st, 9));
	snprintf(r->antrean, sizeof r->antrean, "%s", db_text(st, 10));
	r->status_at = db_int(st, 11);
	snprintf(r->kode, sizeof r->kode, "%s", kode);
	snprintf(r->objek, sizeof r->objek, "pengajuan:%lld", (long long)r->id);
	db_end(st);
	if (r->status == APP__MAX || r->status == APP_DRAFT || !wf_serves(db, a->id, r->layanan_id))
		return APP_NOT_FOUND;
	r->svc = service_of(db, r->layanan_id);
	r->def = catalog_definition(db, r->definisi_id);
	return r->def ? APP_OK : APP_ERR;
}

int64_t wf_app_id(struct db *db, const struct wf_actor *a, const char *kode)
{
	struct app_row r;
	int64_t id = load(db, a, kode, &r) == APP_OK ? r.id : 0;

	row_free(&r);
	return id;
}

/* 1 when the definition has finished documents to sign. */
static int signed_output(const json_t *def)
{
	return json_array_size(json_object_get(def, "dokumen_jadi")) > 0;
}

/* The officer's name for the timeline. */
static void staff_name(struct db *db, int64_t id, char *out, size_t outsz)
{
	struct db_stmt *st = db_query(db, "SELECT nama FROM staf WHERE id = ?", "i", id);

	snprintf(out, outsz, "%s", st && db_next(st) == DB_ROW ? db_text(st, 0) : "Petugas");
	db_end(st);
}

/* APP_STATE with a reason when another officer holds the application. */
static enum app_rc check_hold(const struct app_row *r, const struct wf_actor *a, struct wf_out *out)
{
	if (r->holder && r->holder != a->id) {
		why(out, "Pengajuan %s sedang ditangani oleh %s. Tunggu sampai dilepas, atau pilih \"Ambil Alih\" "
		    "bila memang perlu.", r->kode, r->holder_nama);
		return APP_STATE;
	}
	return APP_OK;
}

static void state_why(struct wf_out *out, const struct app_row *r, const char *what)
{
	why(out, "%s tidak dapat dilakukan karena status pengajuan %s saat ini \"%s\". Muat ulang halaman untuk "
	    "melihat keadaan terbaru.", what, r->kode, app_status_label(r->svc ? r->svc->def : r->def, r->status));
}

/* Which kode steps are already recorded (a JSON object kode -> count). */
static json_t *recorded_steps(struct db *db, int64_t id)
{
	json_t *o = json_object();
	struct db_stmt *st = db_query(db, "SELECT langkah, count(*) FROM pengajuan_langkah WHERE pengajuan_id = ?"
				      " GROUP BY langkah", "i", id);

	while (st && db_next(st) == DB_ROW)
		json_object_set_new(o, db_text(st, 0), json_integer(db_int(st, 1)));
	db_end(st);
	return o;
}

/* When the next unrecorded step of def runs late, counted from `from`;
 * 0 when every step is recorded. extra: a step being recorded now. */
static int64_t deadline(struct db *db, const struct app_row *r, int64_t from, const char *extra)
{
	json_t *done = recorded_steps(db, r->id), *steps = json_object_get(r->def, "langkah");
	int64_t t = 0;

	if (extra)
		json_object_set_new(done, extra, json_integer(1));
	for (size_t i = 0; i < json_array_size(steps); i++) {
		const json_t *s = json_array_get(steps, i);

		if (!json_object_get(done, str_of(s, "kode"))) {
			t = from + app_step_seconds(r->def, i);
			break;
		}
	}
	json_decref(done);
	return t;
}

/* ---- the common end of every move ------------------------------------------ */

struct change {
	enum app_status to;
	const char *antrean;      /* NULL: out of the queues */
	int keep_hold;            /* the officer keeps it (same queue) */
	int64_t tenggat;          /* 0: none */
	const char *catatan;      /* timeline note */
	const char *aksi;         /* audit action */
	const char *audit_detail;
	const char *subject;      /* notice; NULL: none */
	const char *body;
	/* what else the move writes, in the same transaction; 0 or -1 */
	int (*then)(struct db *db, const struct app_row *r, const void *arg);
	const void *arg;
};

/*
 * Applies a status move in the caller's transaction: a conditional UPDATE
 * (the status read and the hold must still hold), the roll-up, the
 * timeline, the notice and the audit row. APP_STATE when another request
 * was faster.
 */
static enum app_rc apply(struct db *db, const struct wf_actor *a, const struct app_row *r, const struct change *c)
{
	char nama[128];
	int64_t now = now_s();
	struct buf body = BUF_INIT;
	int bad;

	if (db_exec(db,
		    "UPDATE pengajuan SET status = ?, antrean = ?, ditangani_oleh = NULLIF(?, 0),"
		    " ditangani_at = NULLIF(?, 0), status_at = ?, tenggat_at = NULLIF(?, 0), updated_at = ?"
		    " WHERE id = ? AND status = ? AND coalesce(ditangani_oleh, 0) IN (0, ?)",
		    "ssiiiiiisi", app_status_names[c->to], c->antrean, c->keep_hold ? a->id : (int64_t)0,
		    c->keep_hold ? now : (int64_t)0, c->to == r->status ? r->status_at : now, c->tenggat, now, r->id,
		    app_status_names[r->status], a->id) != DB_DONE)
		return APP_ERR;
	if (db_changes(db) != 1)
		return APP_STATE;
	staff_name(db, a->id, nama, sizeof nama);
	/* every notice ends with the status in the service's own words */
	if (c->subject)
		buf_addf(&body, "%s\n\nStatus pengajuan: %s", c->body,
			 app_status_label(r->svc ? r->svc->def : r->def, c->to));
	bad = (c->to != r->status &&
	       rekap_status(db, r->created_at, r->layanan_id, app_status_names[r->status], app_status_names[c->to]) < 0) ||
	      app_history(db, r->id, c->to, "staf", a->id, nama, c->catatan) < 0 ||
	      (c->subject && app_notify(db, r->id, c->subject, body.ptr) < 0) ||
	      audit_log(db, a->id, c->aksi, r->objek, c->audit_detail) < 0;
	buf_release(&body);
	return bad ? APP_ERR : APP_OK;
}

/* The answer when another request changed the application first. */
static void raced(struct wf_out *out, const struct app_row *r)
{
	why(out, "Pengajuan %s baru saja diubah oleh petugas lain. Muat ulang halaman untuk melihat keadaan terbaru.",
	    r->kode);
}

/* Runs apply() and the move's own writes in one transaction. */
static enum app_rc apply_tx(struct db *db, const struct wf_actor *a, const struct app_row *r, const struct change *c,
			    struct wf_out *out)
{
	enum app_rc rc;

	if (db_begin(db) != DB_OK)
		return APP_ERR;
	rc = apply(db, a, r, c);
	if (rc == APP_OK && c->then && c->then(db, r, c->arg) < 0)
		rc = APP_ERR;
	if (rc != APP_OK) {
		db_rollback(db);
		if (rc == APP_STATE)
			raced(out, r);
		return rc;
	}
	return db_commit(db) == DB_OK ? APP_OK : APP_ERR;
}

/* A note of at most WF_NOTE_MAX characters, one block of text; squashed
 * into out. required: an empty note is an error with msg_empty. */
static int note_ok(const char *in, const char *key, int required, const char *msg_empty, char *out, size_t outsz,
		   json_t *errors)
{
	out[0] = '\0';
	if (!in || !*in) {
		if (required) {
			err_set(errors, key, msg_empty);
			return 0;
		}
		return 1;
	}
	if (!text_block_ok(in, WF_NOTE_MAX)) {
		err_set(errors, key, "Catatan maksimal 1000 karakter tanpa karakter kontrol.");
		return 0;
	}
	text_squash(in, out, outsz);
	return 1;
}

/* The start of every move: load, status allowed for the move and role,
 * hold. */
static enum app_rc begin_move(struct db *db, const struct wf_actor *a, const char *kode, enum app_move m,
			      const char *what, struct app_row *r, enum app_status *to, struct wf_out *out)
{
	enum app_rc rc = load(db, a, kode, r);

	if (rc != APP_OK)
		return rc;
	*to = app_next(m, r->status, (unsigned)a->roles);
	if (*to == APP__MAX) {
		state_why(out, r, what);
		return APP_STATE;
	}
	return check_hold(r, a, out);
}

static const char *link_of(const struct app_row *r, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s/pengajuan/%s", g_cfg.base_url, r->kode);
	return buf;
}

/* ---- the hold ------------------------------------------------------------ */

enum app_rc wf_take(struct db *db, const struct wf_actor *a, const char *kode, int force, struct wf_out *out)
{
	struct app_row r;
	enum app_rc rc = load(db, a, kode, &r);
	enum wf_queue q;

	if (rc != APP_OK)
		goto out;
	q = wf_queue_from(r.antrean);
	if (q == Q__MAX) {
		state_why(out, &r, "Mengambil pengajuan");
		rc = APP_STATE;
		goto out;
	}
	if (!(a->roles & wf_queue_roles(q))) {
		why(out, "Pengajuan %s berada di %s, yang bukan tugas peran Anda.", r.kode, wf_queue_labels[q]);
		rc = APP_STATE;
		goto out;
	}
	if (r.holder == a->id) {
		rc = APP_OK;
		goto out;
	}
	if (r.holder && !force) {
		rc = check_hold(&r, a, out);
		goto out;
	}
	if (db_begin(db) != DB_OK) {
		rc = APP_ERR;
		goto out;
	}
	if (db_exec(db, "UPDATE pengajuan SET ditangani_oleh = ?, ditangani_at = ? WHERE id = ? AND status = ?"
		    " AND coalesce(ditangani_oleh, 0) = ?", "iiisi", a->id, now_s(), r.id,
		    app_status_names[r.status], r.holder) != DB_DONE) {
		db_rollback(db);
		rc = APP_ERR;
		goto out;
	}
	if (db_changes(db) != 1) {
		db_rollback(db);
		why(out, "Pengajuan %s baru saja diambil atau diubah oleh petugas lain. Muat ulang halaman.", r.kode);
		rc = APP_STATE;
		goto out;
	}
	if (audit_log(db, a->id, r.holder ? "pengajuan.ambil_alih" : "pengajuan.ambil", r.objek,
		      r.holder ? r.holder_nama : NULL) < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		rc = APP_ERR;
		goto out;
	}
	rc = APP_OK;
out:
	row_free(&r);
	return rc;
}

enum app_rc wf_release(struct db *db, const struct wf_actor *a, const char *kode, struct wf_out *out)
{
	struct app_row r;
	enum app_rc rc = load(db, a, kode, &r);

	if (rc != APP_OK)
		goto out;
	if (!r.holder) {
		rc = APP_OK;
		goto out;
	}
	if (r.holder != a->id && !(a->roles & BIT(ROLE_ADMIN))) {
		rc = check_hold(&r, a, out);
		goto out;
	}
	rc = APP_ERR;
	if (db_begin(db) != DB_OK)
		goto out;
	if (db_exec(db, "UPDATE pengajuan SET ditangani_oleh = NULL, ditangani_at = NULL WHERE id = ?"
		    " AND ditangani_oleh = ?", "ii", r.id, r.holder) != DB_DONE ||
	    audit_log(db, a->id, "pengajuan.lepas", r.objek, NULL) < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		goto out;
	}
	rc = APP_OK;
out:
	row_free(&r);
	return rc;
}

/* ---- verification -------------------------------------------------------- */

enum app_rc wf_approve(struct db *db, const struct wf_actor *a, const char *kode, const char *catatan,
		       struct wf_out *out)
{
	struct app_row r;
	enum app_status to;
	char note[WF_NOTE_MAX * 4 + 1], subject[160], link[512];
	struct buf body = BUF_INIT;
	enum app_rc rc = begin_move(db, a, kode, MOVE_SETUJUI, "Persetujuan", &r, &to, out);

	if (rc != APP_OK)
		goto out;
	if (!note_ok(catatan, "catatan", 0, NULL, note, sizeof note, out->errors)) {
		rc = APP_INVALID;
		goto out;
	}
	snprintf(subject, sizeof subject, "Pengajuan %s disetujui", r.kode);
	buf_addf(&body,
		 "Pengajuan %s (%s) atas nama %s telah DISETUJUI oleh Verifikator %s dan akan segera diproses. "
		 "Anda tidak perlu melakukan apa pun saat ini; kami akan memberi tahu setiap tahap berikutnya.%s%s\n\n"
		 "Pantau statusnya di %s",
		 r.kode, r.svc ? r.svc->nama : "", r.nama, g_cfg.office_name, *note ? "\n\nCatatan petugas: " : "", note,
		 link_of(&r, link, sizeof link));
	{
		struct change c = {
			.to = to, .antrean = wf_queue_names[Q_PROSES], .tenggat = deadline(db, &r, now_s(), NULL),
			.catatan = *note ? note : "Pengajuan disetujui oleh Verifikator.", .aksi = "pengajuan.setujui",
			.subject = subject, .body = body.ptr,
		};

		rc = apply_tx(db, a, &r, &c, out);
	}
out:
	buf_release(&body);
	row_free(&r);
	return rc;
}

/* What the application holds now, for the "what changed" view. */
static json_t *snapshot(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT nik, nama, no_kk, no_hp, email, detail, isian FROM pengajuan WHERE id = ?",
				      "i", id);
	json_t *j = NULL, *docs;

	if (st && db_next(st) == DB_ROW) {
		json_t *isian = json_loads(db_text(st, 6), 0, NULL);

		j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "nik", db_text(st, 0), "nama", db_text(st, 1),
			      "no_kk", db_text(st, 2), "no_hp", db_text(st, 3), "email", db_text(st, 4), "detail",
			      db_text(st, 5), "isian", isian ? isian : json_object());
	}
	db_end(st);
	if (!j)
		return NULL;
	docs = json_object();
	st = db_query(db, "SELECT pd.jenis, d.nama_asli, d.id FROM pengajuan_dokumen pd JOIN dokumen d ON d.id = pd.dokumen_id"
		      " WHERE pd.pengajuan_id = ? ORDER BY pd.jenis, d.id", "i", id);
	while (st && db_next(st) == DB_ROW) {
		json_t *l = json_object_get(docs, db_text(st, 0));

		if (!l) {
			l = json_array();
			json_object_set_new(docs, db_text(st, 0), l);
		}
		json_array_append_new(l, json_pack("{s:I, s:s}", "id", (json_int_t)db_int(st, 2), "nama", db_text(st, 1)));
	}
	db_end(st);
	json_object_set_new(j, "dokumen", docs);
	return j;
}

/* Keeps the copy made at a return (arg: its JSON text). */
static int keep_copy(struct db *db, const struct app_row *r, const void *arg)
{
	return db_exec(db, "UPDATE pengajuan SET kembali_data = ? WHERE id = ?", "si", (const char *)arg, r->id) == DB_DONE
		       ? 0 : -1;
}

enum app_rc wf_return(struct db *db, const struct wf_actor *a, const char *kode, const char *catatan,
		      struct wf_out *out)
{
	struct app_row r;
	enum app_status to;
	char note[WF_NOTE_MAX * 4 + 1], subject[160], link[512];
	struct buf body = BUF_INIT;
	json_t *snap = NULL;
	char *snap_s = NULL;
	enum app_rc rc = begin_move(db, a, kode, MOVE_KEMBALIKAN, "Pengembalian", &r, &to, out);

	if (rc != APP_OK)
		goto out;
	if (!note_ok(catatan, "catatan", 1,
		     "Tuliskan apa yang harus diperbaiki pemohon, agar pemohon tahu apa yang perlu diubah.", note,
		     sizeof note, out->errors)) {
		rc = APP_INVALID;
		goto out;
	}
	snprintf(subject, sizeof subject, "Pengajuan %s dikembalikan untuk diperbaiki", r.kode);
	buf_addf(&body,
		 "Pengajuan %s (%s) atas nama %s DIKEMBALIKAN oleh Verifikator %s untuk diperbaiki.\n\n"
		 "Yang perlu diperbaiki: %s\n\n"
		 "Silakan login, buka pengajuan di %s, perbaiki data atau dokumen sesuai catatan, lalu pilih "
		 "\"Kirim\" kembali. Pertanyaan dapat disampaikan melalui Chat pada pengajuan tersebut.",
		 r.kode, r.svc ? r.svc->nama : "", r.nama, g_cfg.office_name, note, link_of(&r, link, sizeof link));
	rc = APP_ERR;
	if (!(snap = snapshot(db, r.id)) || !(snap_s = json_dumps(snap, JSON_COMPACT)))
		goto out;
	{
		struct change c = {
			.to = to, .antrean = NULL, .catatan = note, .aksi = "pengajuan.kembalikan",
			.audit_detail = note, .subject = subject, .body = body.ptr, .then = keep_copy, .arg = snap_s,
		};

		rc = apply_tx(db, a, &r, &c, out);
	}
out:
	free(snap_s);
	json_decref(snap);
	buf_release(&body);
	row_free(&r);
	return rc;
}

enum app_rc wf_cancel(struct db *db, const struct wf_actor *a, const char *kode, const char *alasan,
		      struct wf_out *out)
{
	struct app_row r;
	enum app_status to;
	char note[WF_NOTE_MAX * 4 + 1], subject[160], link[512];
	struct buf body = BUF_INIT;
	enum app_rc rc = begin_move(db, a, kode, MOVE_BATALKAN, "Pembatalan", &r, &to, out);

	if (rc != APP_OK)
		goto out;
	if (!note_ok(alasan, "alasan", 1, "Alasan pembatalan wajib diisi agar pemohon mengetahuinya.", note,
		     sizeof note, out->errors)) {
		rc = APP_INVALID;
		goto out;
	}
	snprintf(subject, sizeof subject, "Pengajuan %s dibatalkan", r.kode);
	buf_addf(&body,
		 "Pengajuan %s (%s) atas nama %s DIBATALKAN oleh %s.\n\nAlasan: %s\n\n"
		 "Bila Anda masih memerlukan layanan ini, silakan membuat pengajuan baru dengan data dan dokumen yang "
		 "benar. Rincian dapat dilihat di %s",
		 r.kode, r.svc ? r.svc->nama : "", r.nama, g_cfg.office_name, note, link_of(&r, link, sizeof link));
	{
		struct change c = {
			.to = to, .antrean = NULL, .catatan = note, .aksi = "pengajuan.batalkan", .audit_detail = note,
			.subject = subject, .body = body.ptr,
		};

		rc = apply_tx(db, a, &r, &c, out);
	}
out:
	buf_release(&body);
	row_free(&r);
	return rc;
}

/* ---- processing ---------------------------------------------------------- */

/* How many finished documents are attached. */
static int64_t attachments(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT count(*) FROM dokumen_jadi WHERE pengajuan_id = ?", "i", id);
	int64_t n = st && db_next(st) == DB_ROW ? db_int(st, 0) : 0;

	db_end(st);
	return n;
}

/* The queue of a DIPROSES application: signing once a signed-output service
 * has its documents. */
static const char *processing_queue(struct db *db, const struct app_row *r)
{
	return signed_output(r->def) && attachments(db, r->id) > 0 ? wf_queue_names[Q_TTE] : wf_queue_names[Q_PROSES];
}

/* A recorded step, with its time against the standard. */
struct step_rec {
	const char *langkah, *nama, *catatan;
	int64_t staf_id, durasi, baku, at;
};

static int record_step(struct db *db, const struct app_row *r, const void *arg)
{
	const struct step_rec *s = arg;

	if (db_exec(db, "INSERT INTO pengajuan_langkah (pengajuan_id, layanan_id, langkah, nama, catatan, staf_id, durasi,"
		    " baku, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "iisssiiii", r->id, r->layanan_id, s->langkah,
		    s->nama, s->catatan, s->staf_id, s->durasi, s->baku, s->at) != DB_DONE)
		return -1;
	return rekap_langkah(db, s->at, r->layanan_id, s->langkah, s->durasi, s->baku);
}

enum app_rc wf_step(struct db *db, const struct wf_actor *a, const char *kode, const char *langkah,
		    const char *catatan, struct wf_out *out)
{
	struct app_row r;
	enum app_status to;
	char note[WF_NOTE_MAX * 4 + 1], subject[160], link[512], line[WF_NOTE_MAX * 4 + 256];
	struct buf body = BUF_INIT;
	const json_t *step = NULL;
	int64_t now = now_s(), from = 0, durasi, baku = 0;
	struct db_stmt *st;
	size_t idx = 0;
	enum app_rc rc = begin_move(db, a, kode, MOVE_PROSES, "Pencatatan langkah", &r, &to, out);

	if (rc != APP_OK)
		goto out;
	if (langkah && *langkah && strcmp(langkah, STEP_TTE)) {
		const json_t *steps = json_object_get(r.def, "langkah");

		for (idx = 0; idx < json_array_size(steps); idx++)
			if (!strcmp(str_of(json_array_get(steps, idx), "kode"), langkah)) {
				step = json_array_get(steps, idx);
				break;
			}
	}
	if (!step)
		err_set(out->errors, "langkah", "Pilih salah satu langkah proses layanan ini.");
	if (!note_ok(catatan, "catatan", 0, NULL, note, sizeof note, out->errors) || !step) {
		rc = APP_INVALID;
		goto out;
	}
	baku = app_step_seconds(r.def, idx);
	/* the step took the time since the last one (or the approval) */
	st = db_query(db, "SELECT max(created_at) FROM pengajuan_langkah WHERE pengajuan_id = ?", "i", r.id);
	if (st && db_next(st) == DB_ROW && !db_is_null(st, 0))
		from = db_int(st, 0);
	db_end(st);
	if (from < r.status_at)
		from = r.status_at;
	durasi = now > from ? now - from : 0;
	snprintf(subject, sizeof subject, "Pengajuan %s: %s", r.kode, str_of(step, "nama"));
	buf_addf(&body,
		 "Pengajuan %s (%s) atas nama %s sedang DIPROSES. Tahap \"%s\" telah dikerjakan oleh petugas %s.%s%s\n\n"
		 "Anda tidak perlu melakukan apa pun saat ini. Pantau statusnya di %s",
		 r.kode, r.svc ? r.svc->nama : "", r.nama, str_of(step, "nama"), g_cfg.office_name,
		 *note ? "\n\nCatatan petugas: " : "", note, link_of(&r, link, sizeof link));
	snprintf(line, sizeof line, "%s%s%s", str_of(step, "nama"), *note ? ": " : "", note);
	{
		/* the officer keeps it while it stays in their queue; a step that
		 * sends it to the signer lets go (the hold is per queue) */
		const char *q = processing_queue(db, &r);
		struct step_rec rec = {
			.langkah = langkah, .nama = str_of(step, "nama"), .catatan = note, .staf_id = a->id,
			.durasi = durasi, .baku = baku, .at = now,
		};
		struct change c = {
			.to = to, .antrean = q, .keep_hold = !strcmp(q, r.antrean),
			.tenggat = deadline(db, &r, now, langkah), .catatan = line, .aksi = "pengajuan.langkah",
			.audit_detail = langkah, .subject = subject, .body = body.ptr, .then = record_step, .arg = &rec,
		};

		rc = apply_tx(db, a, &r, &c, out);
	}
out:
	buf_release(&body);
	row_free(&r);
	return rc;
}

/* DISETUJUI or DIPROSES, by someone who may process: the precondition of
 * the operator's side moves that do not change the status. */
static enum app_rc begin_side_move(struct db *db, const struct wf_actor *a, const char *kode, const char *what,
				   struct app_row *r, struct wf_out *out)
{
	enum app_rc rc = load(db, a, kode, r);

	if (rc != APP_OK)
		return rc;
	if (r->status != APP_DISETUJUI && r->status != APP_DIPROSES) {
		state_why(out, r, what);
		return APP_STATE;
	}
	return check_hold(r, a, out);
}

enum app_rc wf_set_delivery(struct db *db, const struct wf_actor *a, const char *kode, const char *pilihan,
			    struct wf_out *out)
{
	struct app_row r;
	char subject[160], link[512], line[160];
	struct buf body = BUF_INIT;
	int d;
	enum app_rc rc = begin_side_move(db, a, kode, "Menetapkan pilihan dokumen jadi", &r, out);

	if (rc != APP_OK)
		goto out;
	if (!app_has_output(r.def)) {
		why(out, "Layanan %s tidak menghasilkan dokumen jadi, sehingga tidak ada Pilihan Dokumen Jadi.",
		    r.svc ? r.svc->nama : "ini");
		rc = APP_STATE;
		goto out;
	}
	if (strcmp(r.pilihan, app_delivery_names[DELIV_OTOMATIS])) {
		why(out, "Pemohon sudah memilih \"%s\" sebagai Pilihan Dokumen Jadi; pilihan pemohon tidak diubah.",
		    r.pilihan);
		rc = APP_STATE;
		goto out;
	}
	for (d = DELIV_CETAK_MANDIRI; d < DELIV__MAX && strcmp(pilihan ? pilihan : "", app_delivery_names[d]); d++)
		;
	if (d == DELIV__MAX) {
		err_set(out->errors, "pilihan", "Pilih Cetak Mandiri, Ambil di Kantor, atau Diantar/COD.");
		rc = APP_INVALID;
		goto out;
	}
	snprintf(subject, sizeof subject, "Pengajuan %s: pilihan dokumen jadi", r.kode);
	buf_addf(&body,
		 "Untuk pengajuan %s (%s) atas nama %s, petugas %s menetapkan Pilihan Dokumen Jadi: %s. "
		 "Bila ingin cara lain, sampaikan melalui Chat di %s",
		 r.kode, r.svc ? r.svc->nama : "", r.nama, g_cfg.office_name, app_delivery_labels[d],
		 link_of(&r, link, sizeof link));
	snprintf(line, sizeof line, "Pilihan Dokumen Jadi ditetapkan: %s.", app_delivery_labels[d]);
	rc = APP_ERR;
	if (db_begin(db) != DB_OK)
		goto out;
	if (db_exec(db, "UPDATE pengajuan SET pilihan_dokumen_jadi = ?, updated_at = ? WHERE id = ? AND status = ?"
		    " AND pilihan_dokumen_jadi = 'otomatis'", "siis", app_delivery_names[d], now_s(), r.id,
		    app_status_names[r.status]) != DB_DONE)
		goto fail;
	if (db_changes(db) != 1) {
		db_rollback(db);
		raced(out, &r);
		rc = APP_STATE;
		goto out;
	}
	{
		char nama[128];

		staff_name(db, a->id, nama, sizeof nama);
			if (app_history(db, r.id, r.status, "staf", a->id, nama, line) < 0 ||
		    app_notify(db, r.id, subject, body.ptr) < 0 ||
		    audit_log(db, a->id, "pengajuan.pilihan", r.objek, app_delivery_names[d]) < 0 || db_commit(db) != DB_OK)
			goto fail;
	}
	rc = APP_OK;
	goto out;
fail:
	db_rollback(db);
out:
	buf_release(&body);
	row_free(&r);
	return rc;
}

/* A PDF as far as its bytes say: the header, libmagic-free (the header and
 * the trailer are what every reader needs), and an end-of-file marker in
 * the last kilobyte (a truncated upload has none). */
static int pdf_ok(const unsigned char *p, size_t len)
{
	size_t from;

	if (len < 16 || memcmp(p, "%PDF-", 5))
		return 0;
	from = len > 1024 ? len - 1024 : 0;
	for (size_t i = from; i + 5 <= len; i++)
		if (!memcmp(p + i, "%%EOF", 5))
			return 1;
	return 0;
}

/*
 * Why a finished document's file cannot be attached, in the operator's
 * words; NULL when it can. It is signed and handed to the resident as it
 * is, so a PDF with active content is refused here (pdf_check, the rule
 * every PDF upload shares), before anything is stored.
 */
static const char *jadi_file_refusal(const void *data, size_t len)
{
	static const char not_pdf[] = "File harus berupa dokumen PDF yang utuh (hasil cetak SIAK).";
	struct pdfcheck_why pw;

	if (!data || !len)
		return "Pilih file PDF dokumen jadi yang akan diunggah.";
	if (len > (size_t)g_cfg.upload_max)
		return "Ukuran file melebihi batas yang diizinkan.";
	if (!pdf_ok(data, len))
		return not_pdf;
	switch (pdf_check(data, len, &pw)) {
	case PDFCHECK_CLEAN:
		return NULL;
	case PDFCHECK_ACTIVE:
		log_info("workflow: refused a finished document with active content (%s in object %d)", pw.what, pw.obj);
		return "File PDF memuat JavaScript, tindakan otomatis atau lampiran tersembunyi, sehingga tidak dapat "
		       "diterbitkan. Cetak ulang dokumen dari SIAK sebagai PDF biasa, lalu unggah kembali.";
	case PDFCHECK_UNREADABLE:
		log_info("workflow: refused a finished document qpdf cannot read (%s)", pw.what);
		return not_pdf;
	default:
		log_error("workflow: cannot check a finished document (%s)", pw.what);
		return "File tidak dapat diperiksa saat ini. Silakan coba lagi.";
	}
}

enum app_rc wf_attach(struct db *db, const struct wf_actor *a, const char *kode, const char *jenis,
		      const void *data, size_t len, const char *filename, const char *files_dir,
		      struct wf_out *out, int64_t *id)
{
	struct app_row r;
	const json_t *doc = NULL;
	char stem[SECRET_TOKEN_LEN + 1], dir[4096], path[4200], hex[crypto_hash_sha256_BYTES * 2 + 1];
	char nama[128], line[400], name[256];
	unsigned char hash[crypto_hash_sha256_BYTES];
	const char *refusal;
	int written = 0;
	enum app_rc rc = begin_side_move(db, a, kode, "Mengunggah dokumen jadi", &r, out);

	if (rc != APP_OK)
		goto out;
	if (!signed_output(r.def)) {
		why(out, "Layanan %s tidak menghasilkan dokumen jadi yang diunduh pemohon.", r.svc ? r.svc->nama : "ini");
		rc = APP_STATE;
		goto out;
	}
	doc = catalog_entry(r.def, "dokumen_jadi", jenis ? jenis : "");
	if (!doc)
		err_set(out->errors, "jenis", "Pilih jenis dokumen jadi.");
	if ((refusal = jadi_file_refusal(data, len)))
		err_set(out->errors, "file", refusal);
	if (json_object_size(out->errors)) {
		rc = APP_INVALID;
		goto out;
	}
	snprintf(name, sizeof name, "%s", filename && *filename ? filename : "dokumen.pdf");
	if (!utf8_valid(name, strlen(name)))
		snprintf(name, sizeof name, "dokumen.pdf");
	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	secret_token(stem);
	snprintf(dir, sizeof dir, "%s/jadi", files_dir);
	snprintf(path, sizeof path, "%s/%s.pdf", dir, stem);
	rc = APP_ERR;
	if (file_mkdirs(files_dir, dir) < 0 || file_stage(path, data, len) < 0) {
		log_error("workflow: cannot store a finished document: %s", strerror(errno));
		goto out;
	}
	written = 1;
	staff_name(db, a->id, nama, sizeof nama);
	snprintf(line, sizeof line, "Dokumen jadi diunggah: %s.", str_of(doc, "nama"));
	if (db_begin(db) != DB_OK)
		goto out;
	/* the status guard: the application must still be where it was; in
	 * DIPROSES it now waits for the signer, and the hold (per queue) ends */
	if (db_exec(db, "UPDATE pengajuan SET updated_at = ?, antrean = CASE WHEN status = 'DIPROSES' THEN 'tte'"
		    " ELSE antrean END, ditangani_oleh = CASE WHEN status = 'DIPROSES' THEN NULL ELSE ditangani_oleh END,"
		    " ditangani_at = CASE WHEN status = 'DIPROSES' THEN NULL ELSE ditangani_at END"
		    " WHERE id = ? AND status = ? AND coalesce(ditangani_oleh, 0) IN (0, ?)", "iisi",
		    now_s(), r.id, app_status_names[r.status], a->id) != DB_DONE)
		goto fail;
	if (db_changes(db) != 1) {
		db_rollback(db);
		raced(out, &r);
		rc = APP_STATE;
		goto out;
	}
	if (db_insert_id(db, "INSERT INTO dokumen_jadi (pengajuan_id, berkas, nama, nama_asli, ukuran, sha256, staf_id,"
			 " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", id, "isssisii", r.id, stem,
			 str_of(doc, "nama"), name, (int64_t)len, hex, a->id, now_s()) != DB_DONE ||
	    app_history(db, r.id, r.status, "staf", a->id, nama, line) < 0 ||
	    audit_log(db, a->id, "pengajuan.dokumen_jadi", r.objek, str_of(doc, "kode")) < 0 || db_commit(db) != DB_OK)
		goto fail;
	written = 0;
	if (file_publish(path) < 0)
		log_error("workflow: cannot publish a finished document (the sweep finishes it): %s", strerror(errno));
	rc = APP_OK;
	goto out;
fail:
	db_rollback(db);
out:
	if (written)
		file_discard(path);
	row_free(&r);
	return rc;
}

enum app_rc wf_detach(struct db *db, const struct wf_actor *a, const char *kode, int64_t id,
		      const char *files_dir, struct wf_out *out)
{
	struct app_row r;
	char stem[SECRET_TOKEN_LEN + 8] = "", path[4200], nama[128], line[400];
	struct db_stmt *st;
	enum app_rc rc = begin_side_move(db, a, kode, "Menghapus dokumen jadi", &r, out);

	if (rc != APP_OK)
		goto out;
	st = db_query(db, "SELECT berkas, nama FROM dokumen_jadi WHERE id = ? AND pengajuan_id = ?", "ii", id, r.id);
	if (st && db_next(st) == DB_ROW) {
		snprintf(stem, sizeof stem, "%s", db_text(st, 0));
		/* the timeline showed the upload: it shows the removal too */
		snprintf(line, sizeof line, "Dokumen jadi dihapus: %s.", db_text(st, 1));
	}
	db_end(st);
	if (!*stem) {
		rc = APP_NOT_FOUND;
		goto out;
	}
	staff_name(db, a->id, nama, sizeof nama);
	rc = APP_ERR;
	if (db_begin(db) != DB_OK)
		goto out;
	/* the guard first: still before the signature, and nobody else's */
	if (db_exec(db, "UPDATE pengajuan SET updated_at = ? WHERE id = ? AND status IN ('DISETUJUI', 'DIPROSES')"
		    " AND coalesce(ditangani_oleh, 0) IN (0, ?)", "iii", now_s(), r.id, a->id) != DB_DONE) {
		db_rollback(db);
		goto out;
	}
	if (db_changes(db) != 1) {
		db_rollback(db);
		raced(out, &r);
		rc = APP_STATE;
		goto out;
	}
	if (db_exec(db, "DELETE FROM dokumen_jadi WHERE id = ? AND pengajuan_id = ?", "ii", id, r.id) != DB_DONE) {
		db_rollback(db);
		goto out;
	}
	if (db_changes(db) != 1) {
		/* removed by a request that was faster */
		db_rollback(db);
		rc = APP_NOT_FOUND;
		goto out;
	}
	if (db_exec(db, "UPDATE pengajuan SET antrean = CASE WHEN status = 'DIPROSES' AND NOT EXISTS"
		    " (SELECT 1 FROM dokumen_jadi j WHERE j.pengajuan_id = pengajuan.id) THEN 'proses' ELSE antrean END"
		    " WHERE id = ?", "i", r.id) != DB_DONE ||
	    app_history(db, r.id, r.status, "staf", a->id, nama, line) < 0 ||
	    audit_log(db, a->id, "pengajuan.dokumen_jadi_hapus", r.objek, NULL) < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		goto out;
	}
	snprintf(path, sizeof path, "%s/jadi/%s.pdf", files_dir, stem);
	if (unlink(path) < 0)
		log_warn("workflow: a removed finished document stays on disk: %s", strerror(errno));
	rc = APP_OK;
out:
	row_free(&r);
	return rc;
}

/* ---- finishing ------------------------------------------------------------- */

/* How the document left the office (arg: a wf_cara_names entry). */
static int record_handover(struct db *db, const struct app_row *r, const void *arg)
{
	return db_exec(db, "UPDATE pengajuan SET cara_selesai = ?, selesai_at = ? WHERE id = ?", "sii", (const char *)arg,
		       now_s(), r->id) == DB_DONE ? 0 : -1;
}

enum app_rc wf_finish(struct db *db, const struct wf_actor *a, const char *kode, const char *cara,
		      const char *catatan, struct wf_out *out)
{
	struct app_row r;
	enum app_status to;
	char note[WF_NOTE_MAX * 4 + 1], subject[160], link[512], line[WF_NOTE_MAX * 4 + 200];
	struct buf body = BUF_INIT;
	int k;
	enum app_rc rc = begin_move(db, a, kode, MOVE_SELESAI, "Penyelesaian", &r, &to, out);

	if (rc != APP_OK)
		goto out;
	if (r.status == APP_DIPROSES && signed_output(r.def)) {
		why(out, "Layanan %s menghasilkan dokumen bertanda tangan elektronik. Pengajuan dapat diselesaikan "
		    "setelah dokumennya terbit TTE.", r.svc ? r.svc->nama : "ini");
		rc = APP_STATE;
		goto out;
	}
	for (k = 0; k < CARA__MAX && strcmp(cara ? cara : "", wf_cara_names[k]); k++)
		;
	/* printing at home needs the signed document: a matter of where the
	 * application is, like finishing before the signature */
	if (k == CARA_CETAK_MANDIRI && r.status != APP_TERBIT_TTE) {
		why(out, "Cetak mandiri hanya untuk dokumen yang sudah terbit TTE, sedangkan pengajuan %s belum memiliki "
		    "dokumen bertanda tangan elektronik. Pilih cara penyerahan lain.", r.kode);
		rc = APP_STATE;
		goto out;
	}
	if (k == CARA__MAX)
		err_set(out->errors, "cara", "Pilih cara dokumen diserahkan kepada pemohon.");
	else if (k == CARA_TANPA_DOKUMEN && signed_output(r.def))
		err_set(out->errors, "cara", "Layanan ini menghasilkan dokumen; pilih cara dokumen diserahkan.");
	if (!note_ok(catatan, "catatan", 0, NULL, note, sizeof note, out->errors) || k == CARA__MAX ||
	    json_object_size(out->errors)) {
		rc = APP_INVALID;
		goto out;
	}
	snprintf(subject, sizeof subject, "Pengajuan %s selesai", r.kode);
	buf_addf(&body, "Pengajuan %s (%s) atas nama %s telah SELESAI. ", r.kode, r.svc ? r.svc->nama : "", r.nama);
	switch (k) {
	case CARA_DIAMBIL: buf_adds(&body, "Dokumen telah diambil di kantor. "); break;
	case CARA_DIANTAR: buf_adds(&body, "Dokumen telah diantar ke alamat Anda. "); break;
	case CARA_CETAK_MANDIRI:
		buf_adds(&body, "Dokumen bertanda tangan elektronik dicetak sendiri oleh pemohon pada kertas HVS A4. ");
		break;
	default: buf_adds(&body, "Tidak ada dokumen yang perlu diambil: perubahan data sudah diterapkan. "); break;
	}
	buf_addf(&body, "%s%s\n\nTerima kasih telah menggunakan layanan %s. Rincian: %s", *note ? "\n\nCatatan petugas: " : "",
		 note, g_cfg.office_name, link_of(&r, link, sizeof link));
	snprintf(line, sizeof line, "Selesai: %s.%s%s", wf_cara_labels[k], *note ? " " : "", note);
	{
		struct change c = {
			.to = to, .antrean = NULL, .catatan = line, .aksi = "pengajuan.selesai",
			.audit_detail = wf_cara_names[k], .subject = subject, .body = body.ptr, .then = record_handover,
			.arg = wf_cara_names[k],
		};

		rc = apply_tx(db, a, &r, &c, out);
	}
out:
	buf_release(&body);
	row_free(&r);
	return rc;
}

/* ---- the signing move ------------------------------------------------------ */

/* The checks of the signing move on a loaded application. */
static enum app_rc sign_ok(const struct wf_actor *a, const struct app_row *r, struct wf_out *out)
{
	if (app_next(MOVE_TERBIT_TTE, r->status, (unsigned)a->roles) == APP__MAX) {
		state_why(out, r, "Penandatanganan");
		return APP_STATE;
	}
	if (strcmp(r->antrean, wf_queue_names[Q_TTE])) {
		why(out, "Pengajuan %s belum berada di %s: dokumen jadinya belum lengkap.", r->kode,
		    wf_queue_labels[Q_TTE]);
		return APP_STATE;
	}
	return check_hold(r, a, out);
}

enum app_rc wf_sign_check(struct db *db, const struct wf_actor *a, const char *kode, int64_t *id,
			  struct wf_out *out)
{
	struct app_row r;
	enum app_rc rc = load(db, a, kode, &r);

	if (rc == APP_OK)
		rc = sign_ok(a, &r, out);
	if (rc == APP_OK && id)
		*id = r.id;
	row_free(&r);
	return rc;
}

struct sign_then {
	int (*then)(struct db *db, int64_t app_id, const void *arg);
	const void *arg;
	struct step_rec rec;
	int has_step;
};

static int sign_writes(struct db *db, const struct app_row *r, const void *arg)
{
	const struct sign_then *t = arg;

	if (t->has_step && record_step(db, r, &t->rec) < 0)
		return -1;
	return t->then ? t->then(db, r->id, t->arg) : 0;
}

enum app_rc wf_sign_commit(struct db *db, const struct wf_actor *a, const char *kode, const char *extra,
			   int (*then)(struct db *db, int64_t app_id, const void *arg), const void *arg,
			   struct wf_out *out)
{
	struct app_row r;
	char subject[160], link[512];
	struct buf body = BUF_INIT;
	const json_t *steps;
	struct sign_then t = { .then = then, .arg = arg };
	int64_t now = now_s(), from = 0;
	struct db_stmt *st;
	enum app_rc rc = load(db, a, kode, &r);

	if (rc == APP_OK)
		rc = sign_ok(a, &r, out);
	if (rc != APP_OK)
		goto out;
	steps = json_object_get(r.def, "langkah");
	for (size_t i = 0; i < json_array_size(steps); i++)
		if (!strcmp(str_of(json_array_get(steps, i), "kode"), STEP_TTE)) {
			st = db_query(db, "SELECT max(created_at) FROM pengajuan_langkah WHERE pengajuan_id = ?", "i", r.id);
			if (st && db_next(st) == DB_ROW && !db_is_null(st, 0))
				from = db_int(st, 0);
			db_end(st);
			if (from < r.status_at)
				from = r.status_at;
			t.has_step = 1;
			t.rec = (struct step_rec){
				.langkah = STEP_TTE, .nama = str_of(json_array_get(steps, i), "nama"),
				.catatan = "Ditandatangani secara elektronik.", .staf_id = a->id,
				.durasi = now > from ? now - from : 0, .baku = app_step_seconds(r.def, i), .at = now,
			};
			break;
		}
	snprintf(subject, sizeof subject, "Pengajuan %s: dokumen sudah terbit TTE", r.kode);
	buf_addf(&body,
		 "Dokumen pengajuan %s (%s) atas nama %s telah DITANDATANGANI SECARA ELEKTRONIK oleh %s.%s%s\n\n"
		 "Unduh dokumen Anda di %s",
		 r.kode, r.svc ? r.svc->nama : "", r.nama, g_cfg.office_name, extra && *extra ? " " : "",
		 extra ? extra : "", link_of(&r, link, sizeof link));
	{
		struct change c = {
			.to = APP_TERBIT_TTE, .antrean = wf_queue_names[Q_SERAH],
			.catatan = "Dokumen ditandatangani secara elektronik (TTE).", .aksi = "pengajuan.tte",
			.subject = subject, .body = body.ptr,
			.then = sign_writes, .arg = &t,
		};

		rc = apply_tx(db, a, &r, &c, out);
	}
out:
	buf_release(&body);
	row_free(&r);
	return rc;
}

/* ---- the application screen ---------------------------------------------- */

/* NIK warnings for the verifier: structure, region, birth date against a
 * date field of the service, the account's own NIK, other open
 * applications for the same NIK and service. */
static json_t *nik_warnings(struct db *db, const struct app_row *r, const json_t *detail)
{
	json_t *w = json_array();
	const char *nik = str_of(detail, "nik");
	struct nik_info info;
	enum nik_err e;
	struct db_stmt *st;
	char regency[8];

	if (!*nik) {
		json_array_append_new(w, json_string("NIK tidak diisi (misalnya bayi yang belum memiliki NIK)."));
		return w;
	}
	e = nik_parse(nik, &info);
	if (e != NIK_OK) {
		json_array_append_new(w, json_string(nik_strerror(e)));
		return w;
	}
	snprintf(regency, sizeof regency, "%.2s.%.2s", nik, nik + 2);
	if (strcmp(regency, g_cfg.regency_code))
		json_array_append_new(w, json_sprintf("Kode wilayah NIK (%s) berbeda dengan wilayah kantor (%s).", regency,
						      g_cfg.regency_code));
	for (size_t i = 0; i < json_array_size(json_object_get(r->def, "isian")); i++) {
		const json_t *f = json_array_get(json_object_get(r->def, "isian"), i);
		const json_t *vals = json_object_get(detail, "isian");
		int y, m, d;

		if (!strstr(str_of(f, "kode"), "tanggal_lahir") && !strstr(str_of(f, "kode"), "tgl_lahir"))
			continue;
		for (size_t k = 0; k < json_array_size(vals); k++) {
			const json_t *v = json_array_get(vals, k);

			if (!strcmp(str_of(v, "kode"), str_of(f, "kode")) && date_parse(str_of(v, "nilai"), &y, &m, &d) == 0 &&
			    nik_birth_mismatch(&info, y, m, d)) {
				struct buf msg = BUF_INIT;

				nik_birth_warning(&info, y, m, d, &msg);
				json_array_append_new(w, json_string(msg.ptr));
				buf_release(&msg);
			}
		}
	}
	st = db_query(db, "SELECT nik FROM pemohon WHERE id = ?", "i", r->pemohon_id);
	if (st && db_next(st) == DB_ROW && strcmp(db_text(st, 0), nik))
		json_array_append_new(w, json_string("NIK pada pengajuan berbeda dengan NIK akun pemohon (pengajuan "
						     "untuk anggota keluarga atau orang lain)."));
	db_end(st);
	st = db_query(db, "SELECT kode FROM pengajuan WHERE nik = ? AND layanan_id = ? AND id <> ? AND status IN"
		      " ('DIKIRIM', 'DISETUJUI', 'DIPROSES', 'TERBIT_TTE', 'DIKEMBALIKAN') LIMIT 3",
		      "sii", nik, r->layanan_id, r->id);
	while (st && db_next(st) == DB_ROW)
		json_array_append_new(w, json_sprintf("Ada pengajuan lain yang masih berjalan untuk NIK ini pada layanan "
						      "yang sama: %s.", db_text(st, 0)));
	db_end(st);
	return w;
}

/* Label of a common field for the change list. */
static const char *common_label(const struct app_row *r, const char *k)
{
	if (!strcmp(k, "nik"))
		return r->svc ? r->svc->label_nik : "NIK";
	if (!strcmp(k, "nama"))
		return r->svc ? r->svc->label_nama : "Nama Lengkap";
	if (!strcmp(k, "no_kk"))
		return "Nomor KK";
	if (!strcmp(k, "no_hp"))
		return "Nomor HP";
	if (!strcmp(k, "email"))
		return "Email";
	return "Keterangan";
}

/* jenis: the field type of an isian change (dates are ISO), else NULL. */
static void change(json_t *list, const char *bagian, const char *label, const char *jenis, const char *lama,
		   const char *baru)
{
	json_array_append_new(list, json_pack("{s:s, s:s, s:s?, s:s, s:s}", "bagian", bagian, "label", label, "jenis",
					      jenis, "lama", lama, "baru", baru));
}

/* Names of the files of one document type in a snapshot, comma-separated. */
static void names_of(const json_t *files, struct buf *b)
{
	for (size_t i = 0; i < json_array_size(files); i++)
		buf_addf(b, "%s%s", i ? ", " : "", str_of(json_array_get(files, i), "nama"));
}

static int same_files(const json_t *x, const json_t *y)
{
	if (json_array_size(x) != json_array_size(y))
		return 0;
	for (size_t i = 0; i < json_array_size(x); i++)
		if (json_integer_value(json_object_get(json_array_get(x, i), "id")) !=
		    json_integer_value(json_object_get(json_array_get(y, i), "id")))
			return 0;
	return 1;
}

/* What changed between the copy kept at the return and now. */
static json_t *changes(struct db *db, const struct app_row *r, const char *kept)
{
	static const char *const common[] = { "nik", "nama", "no_kk", "no_hp", "email", "detail" };
	json_t *out = json_array(), *old = kept ? json_loads(kept, 0, NULL) : NULL, *now = NULL, *defs;
	size_t i;

	if (!old || !(now = snapshot(db, r->id)))
		goto done;
	for (i = 0; i < sizeof common / sizeof *common; i++)
		if (strcmp(str_of(old, common[i]), str_of(now, common[i])))
			change(out, "data", common_label(r, common[i]), NULL, str_of(old, common[i]), str_of(now, common[i]));
	defs = json_object_get(r->def, "isian");
	for (i = 0; i < json_array_size(defs); i++) {
		const char *k = str_of(json_array_get(defs, i), "kode");
		const char *a = str_of(json_object_get(old, "isian"), k), *b = str_of(json_object_get(now, "isian"), k);

		if (strcmp(a, b))
			change(out, "isian", str_of(json_array_get(defs, i), "label"), str_of(json_array_get(defs, i), "jenis"), a,
			       b);
	}
	defs = json_object_get(r->def, "dokumen");
	for (i = 0; i < json_array_size(defs); i++) {
		const char *k = str_of(json_array_get(defs, i), "kode");
		const json_t *x = json_object_get(json_object_get(old, "dokumen"), k);
		const json_t *y = json_object_get(json_object_get(now, "dokumen"), k);

		if (!same_files(x, y)) {
			struct buf a = BUF_INIT, b = BUF_INIT;

			names_of(x, &a);
			names_of(y, &b);
			change(out, "dokumen", str_of(json_array_get(defs, i), "nama"), NULL, a.len ? a.ptr : "(tidak ada)",
			       b.len ? b.ptr : "(tidak ada)");
			buf_release(&a);
			buf_release(&b);
		}
	}
done:
	json_decref(old);
	json_decref(now);
	return out;
}

static json_t *detail(struct db *db, const struct wf_actor *a, const char *kode, int64_t *id_out, int audit)
{
	struct app_row r;
	json_t *j = NULL, *steps, *done_list, *att, *boleh, *cara, *types;
	struct db_stmt *st;
	char *kept = NULL, *cara_selesai = NULL;
	int64_t held_at = 0;
	enum wf_queue q;
	int may_process, own_or_free, k;

	if (load(db, a, kode, &r) != APP_OK)
		goto out;
	/* no audit row, no personal data on screen */
	if (audit && audit_log(db, a->id, "pengajuan.lihat", r.objek, NULL) < 0)
		goto out;
	if (!(j = app_detail(db, NULL, kode, NULL)))
		goto out;
	st = db_query(db, "SELECT kembali_data, cara_selesai, coalesce(ditangani_at, 0), (SELECT count(*) FROM chat c"
		      " WHERE c.pengajuan_id = p.id AND c.dari = 'pemohon' AND c.id > p.chat_baca_staf) FROM pengajuan p"
		      " WHERE p.id = ?", "i", r.id);
	if (st && db_next(st) == DB_ROW) {
		if (!db_is_null(st, 0))
			kept = strdup(db_text(st, 0));
		if (!db_is_null(st, 1))
			cara_selesai = strdup(db_text(st, 1));
		held_at = db_int(st, 2);
		/* app_detail counts what the applicant has not read; officers
		 * need their own side, as in the queue */
		json_object_set_new(j, "chat_belum_dibaca", json_integer(db_int(st, 3)));
	}
	db_end(st);
	json_object_set_new(j, "peringatan", nik_warnings(db, &r, j));
	json_object_set_new(j, "antrean", *r.antrean ? json_string(r.antrean) : json_null());
	q = wf_queue_from(r.antrean);
	json_object_set_new(j, "antrean_label", json_string(q < Q__MAX ? wf_queue_labels[q] : ""));
	json_object_set_new(j, "ditangani", r.holder ? json_pack("{s:I, s:s, s:I, s:b}", "id", (json_int_t)r.holder, "nama",
								  r.holder_nama, "at", (json_int_t)held_at, "saya",
								  r.holder == a->id)
						  : json_null());

	/* steps with what was recorded */
	steps = json_array();
	for (size_t i = 0; i < json_array_size(json_object_get(r.def, "langkah")); i++) {
		const json_t *s = json_array_get(json_object_get(r.def, "langkah"), i);

		json_array_append_new(steps, json_pack("{s:s, s:s, s:I, s:b, s:[]}", "kode", str_of(s, "kode"), "nama",
						       str_of(s, "nama"), "baku_menit",
						       (json_int_t)(app_step_seconds(r.def, i) / 60), "oleh_penandatangan",
						       !strcmp(str_of(s, "kode"), STEP_TTE), "dicatat"));
	}
	st = db_query(db,
		      "SELECT l.langkah, l.catatan, coalesce(s.nama, ''), l.created_at, l.durasi, l.baku FROM pengajuan_langkah l"
		      " LEFT JOIN staf s ON s.id = l.staf_id WHERE l.pengajuan_id = ? ORDER BY l.id", "i", r.id);
	while (st && db_next(st) == DB_ROW) {
		for (size_t i = 0; i < json_array_size(steps); i++) {
			json_t *s = json_array_get(steps, i);

			if (strcmp(str_of(s, "kode"), db_text(st, 0)))
				continue;
			json_array_append_new(json_object_get(s, "dicatat"),
					      json_pack("{s:s, s:s, s:I, s:I, s:b}", "catatan", db_text(st, 1), "staf",
							db_text(st, 2), "waktu", (json_int_t)db_int(st, 3), "durasi",
							(json_int_t)db_int(st, 4), "terlambat", db_int(st, 4) > db_int(st, 5)));
		}
	}
	db_end(st);
	for (size_t i = 0; i < json_array_size(steps); i++) {
		json_t *s = json_array_get(steps, i);

		done_list = json_object_get(s, "dicatat");
		json_object_set_new(s, "selesai", json_boolean(json_array_size(done_list) > 0));
	}
	json_object_set_new(j, "langkah", steps);

	/* finished documents */
	att = json_array();
	st = db_query(db, "SELECT id, nama, nama_asli, ukuran, created_at FROM dokumen_jadi WHERE pengajuan_id = ? ORDER BY id",
		      "i", r.id);
	while (st && db_next(st) == DB_ROW)
		json_array_append_new(att, json_pack("{s:I, s:s, s:s, s:I, s:I}", "id", (json_int_t)db_int(st, 0), "nama",
						     db_text(st, 1), "nama_asli", db_text(st, 2), "ukuran",
						     (json_int_t)db_int(st, 3), "created_at", (json_int_t)db_int(st, 4)));
	db_end(st);
	/* app_detail's "dokumen_jadi" is the definition's list: keep it as the types */
	types = json_object_get(j, "dokumen_jadi");
	json_object_set_new(j, "dokumen_jadi_jenis", types ? json_incref(types) : json_array());
	json_object_set_new(j, "dokumen_jadi", att);
	json_object_set_new(j, "tte_wajib", json_boolean(signed_output(r.def)));
	json_object_set_new(j, "perubahan", r.status == APP_DIKIRIM ? changes(db, &r, kept) : json_array());
	json_object_set_new(j, "cara_selesai", cara_selesai ? json_string(cara_selesai) : json_null());

	/* what this officer may do now */
	own_or_free = !r.holder || r.holder == a->id;
	may_process = (a->roles & (BIT(ROLE_ADMIN) | BIT(ROLE_OPERATOR))) &&
		      (r.status == APP_DISETUJUI || r.status == APP_DIPROSES) && own_or_free;
	boleh = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b}",
			  "ambil", q < Q__MAX && (a->roles & wf_queue_roles(q)) && r.holder != a->id,
			  "lepas", r.holder && (r.holder == a->id || (a->roles & BIT(ROLE_ADMIN))),
			  "setujui", own_or_free && app_next(MOVE_SETUJUI, r.status, (unsigned)a->roles) != APP__MAX,
			  "kembalikan", own_or_free && app_next(MOVE_KEMBALIKAN, r.status, (unsigned)a->roles) != APP__MAX,
			  "batalkan", own_or_free && app_next(MOVE_BATALKAN, r.status, (unsigned)a->roles) != APP__MAX,
			  "langkah", own_or_free && app_next(MOVE_PROSES, r.status, (unsigned)a->roles) != APP__MAX,
			  "pilihan", may_process && app_has_output(r.def) && !strcmp(r.pilihan, app_delivery_names[DELIV_OTOMATIS]),
			  "dokumen_jadi", may_process && signed_output(r.def),
			  "selesai", own_or_free && app_next(MOVE_SELESAI, r.status, (unsigned)a->roles) != APP__MAX &&
					     !(r.status == APP_DIPROSES && signed_output(r.def)),
			  "chat", (a->roles & (BIT(ROLE_ADMIN) | BIT(ROLE_VERIFIKATOR) | BIT(ROLE_OPERATOR))) != 0);
	json_object_set_new(j, "boleh", boleh);
	cara = json_array();
	for (k = 0; k < CARA__MAX; k++) {
		if (k == CARA_CETAK_MANDIRI && r.status != APP_TERBIT_TTE)
			continue;
		if (k == CARA_TANPA_DOKUMEN && signed_output(r.def))
			continue;
		json_array_append_new(cara, json_pack("{s:s, s:s}", "kode", wf_cara_names[k], "label", wf_cara_labels[k]));
	}
	json_object_set_new(j, "cara_pilihan", cara);
	if (id_out)
		*id_out = r.id;
out:
	free(kept);
	free(cara_selesai);
	row_free(&r);
	return j;
}

json_t *wf_detail(struct db *db, const struct wf_actor *a, const char *kode, int64_t *id)
{
	return detail(db, a, kode, id, 1);
}

json_t *wf_detail_after_move(struct db *db, const struct wf_actor *a, const char *kode)
{
	return detail(db, a, kode, NULL, 0);
}

/* ---- files for officers ------------------------------------------------------ */

int wf_attachment_file(struct db *db, const struct wf_actor *a, const char *kode, int64_t id,
		       const char *files_dir, char *path, size_t pathsz, char *name, size_t namesz)
{
	struct app_row r;
	struct db_stmt *st;
	int rc = -1;

	if (load(db, a, kode, &r) != APP_OK)
		goto out;
	st = db_query(db, "SELECT berkas, nama_asli FROM dokumen_jadi WHERE id = ? AND pengajuan_id = ?", "ii", id, r.id);
	if (st && db_next(st) == DB_ROW) {
		snprintf(path, pathsz, "%s/jadi/%s.pdf", files_dir, db_text(st, 0));
		snprintf(name, namesz, "%s", db_text(st, 1));
		rc = 0;
	}
	db_end(st);
out:
	row_free(&r);
	return rc;
}

int wf_may_see_document(struct db *db, const struct wf_actor *a, int64_t dokumen_id)
{
	struct db_stmt *st = db_query(db,
				      "SELECT 1 FROM pengajuan_dokumen pd JOIN pengajuan p ON p.id = pd.pengajuan_id"
				      " WHERE pd.dokumen_id = ? AND p.status <> 'DRAFT' AND" SERVES_SQL " LIMIT 1",
				      "iii", dokumen_id, limited(db, a->id), a->id);
	int ok = st && db_next(st) == DB_ROW;

	db_end(st);
	return ok;
}
