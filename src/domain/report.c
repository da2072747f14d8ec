// SPDX-License-Identifier: MIT
// Reports over the roll-ups: applications, step times, registrations.
#include "domain/report.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "domain/application.h"
#include "domain/catalog.h"
#include "domain/rekap.h"
#include "domain/validate.h"
#include "lib/log.h"
#include "lib/waktu.h"

/* ---- dates ---------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil); the WIB day number, as rekap counts WIB days. */
int64_t report_day(int y, int m, int d)
{
	int64_t yy = y - (m <= 2), era, yoe, doy, doe;

	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void report_ymd(int64_t hari, int *y, int *m, int *d)
{
	int64_t z = hari + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void report_date(int64_t hari, char out[11])
{
	char tmp[40];
	int y, m, d;

	report_ymd(hari, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

const char *report_period_text(const char *periode, char out[11])
{
	if (periode && strlen(periode) == 7)
		return waktu_bulan(periode, out);
	return waktu_tanggal(periode, out);
}

/* ---- parameters ------------------------------------------------------------ */

#define MSG_DATE_DARI "Tanggal awal tidak valid. Tulis dengan format TTTT-BB-HH, misalnya 2024-01-31."
#define MSG_DATE_SAMPAI "Tanggal akhir tidak valid. Tulis dengan format TTTT-BB-HH, misalnya 2024-01-31."
#define MSG_ORDER "Tanggal akhir tidak boleh sebelum tanggal awal."
#define MSG_TOO_LONG "Periode laporan paling panjang 5 tahun. Persingkat rentang tanggalnya."
#define MSG_LAYANAN "Jenis layanan tidak ditemukan. Pilih dari daftar layanan."

/* The day number of s, or -1 when s is not a date. */
static int64_t parse_day(const char *s, int strict)
{
	int y, m, d;

	if ((strict ? date_parse_iso(s, &y, &m, &d) : date_parse(s, &y, &m, &d)) < 0)
		return -1;
	return report_day(y, m, d);
}

int report_allowed(const struct report_query *q, int64_t id)
{
	size_t i;

	if (!q->nbatas)
		return 1;
	for (i = 0; i < q->nbatas; i++)
		if (q->batas[i] == id)
			return 1;
	return 0;
}

int report_params(struct db *db, const char *dari, const char *sampai, const char *layanan, int strict,
		  time_t now, const int64_t *batas, size_t nbatas, struct report_query *q, json_t *errors)
{
	int64_t today = REKAP_HARI(now);
	int y, m, d, bad = 0;

	memset(q, 0, sizeof *q);
	q->batas = batas;
	q->nbatas = batas ? nbatas : 0;
	report_ymd(today, &y, &m, &d);
	q->dari = report_day(y, m, 1);
	q->sampai = today;
	if (dari && *dari && (q->dari = parse_day(dari, strict)) < 0) {
		json_object_set_new(errors, "dari", json_string(MSG_DATE_DARI));
		bad = 1;
	}
	if (sampai && *sampai && (q->sampai = parse_day(sampai, strict)) < 0) {
		json_object_set_new(errors, "sampai", json_string(MSG_DATE_SAMPAI));
		bad = 1;
	}
	if (!bad && q->sampai < q->dari) {
		json_object_set_new(errors, "sampai", json_string(MSG_ORDER));
		bad = 1;
	} else if (!bad && q->sampai - q->dari + 1 > REPORT_MAX_DAYS) {
		json_object_set_new(errors, "sampai", json_string(MSG_TOO_LONG));
		bad = 1;
	}
	if (layanan && *layanan) {
		const struct cat_service *s = catalog_find(catalog_get(db), layanan);

		if (!s || !report_allowed(q, s->id)) {
			json_object_set_new(errors, "layanan", json_string(MSG_LAYANAN));
			bad = 1;
		} else {
			q->layanan_id = s->id;
			q->layanan_kode = s->kode;
			q->layanan_nama = s->nama;
		}
	}
	return bad ? -1 : 0;
}

/* ---- building ---------------------------------------------------------------- */

static const char sql_status_all[] =
	"SELECT layanan_id, status, SUM(jumlah) FROM rekap_pengajuan WHERE hari >= ? AND hari <= ?"
	" GROUP BY layanan_id, status";
static const char sql_status_one[] =
	"SELECT layanan_id, status, SUM(jumlah) FROM rekap_pengajuan WHERE hari >= ? AND hari <= ?"
	" AND layanan_id = ? GROUP BY layanan_id, status";
static const char sql_hari_all[] =
	"SELECT hari, SUM(jumlah) FROM rekap_pengajuan WHERE hari >= ? AND hari <= ? GROUP BY hari";
static const char sql_hari_one[] =
	"SELECT hari, SUM(jumlah) FROM rekap_pengajuan WHERE hari >= ? AND hari <= ? AND layanan_id = ?"
	" GROUP BY hari";
static const char sql_langkah_all[] =
	"SELECT layanan_id, langkah, ember, SUM(jumlah), SUM(total_detik), SUM(terlambat) FROM rekap_langkah"
	" WHERE hari >= ? AND hari <= ? GROUP BY layanan_id, langkah, ember ORDER BY layanan_id, langkah, ember";
static const char sql_langkah_one[] =
	"SELECT layanan_id, langkah, ember, SUM(jumlah), SUM(total_detik), SUM(terlambat) FROM rekap_langkah"
	" WHERE hari >= ? AND hari <= ? AND layanan_id = ? GROUP BY layanan_id, langkah, ember"
	" ORDER BY layanan_id, langkah, ember";
static const char sql_daftar[] =
	"SELECT hari, hasil, SUM(jumlah) FROM rekap_pendaftaran WHERE hari >= ? AND hari <= ? GROUP BY hari, hasil";

/* The query of one service (lid) or of all (0). */
static struct db_stmt *run(struct db *db, const struct report_query *q, int64_t lid, const char *all, const char *one)
{
	if (lid)
		return db_query(db, one, "iii", q->dari, q->sampai, lid);
	return db_query(db, all, "ii", q->dari, q->sampai);
}

size_t report_scope(const struct report_query *q, int64_t *ids)
{
	size_t i;

	if (q->layanan_id) {
		ids[0] = q->layanan_id;
		return 1;
	}
	if (!q->nbatas) {
		ids[0] = 0;
		return 1;
	}
	for (i = 0; i < q->nbatas; i++)
		ids[i] = q->batas[i];
	return q->nbatas;
}

/* Time series: one slot per day, or per month for long periods. */
struct series {
	int monthly;
	int64_t n;
	int y0, m0;          /* first month (monthly) */
};

static void series_init(struct series *s, const struct report_query *q)
{
	int d, y1, m1;

	s->monthly = q->sampai - q->dari + 1 > REPORT_DAILY_MAX;
	if (!s->monthly) {
		s->n = q->sampai - q->dari + 1;
		return;
	}
	report_ymd(q->dari, &s->y0, &s->m0, &d);
	report_ymd(q->sampai, &y1, &m1, &d);
	s->n = (int64_t)(y1 * 12 + m1) - (s->y0 * 12 + s->m0) + 1;
}

/* The slot of day hari (within the period). */
static int64_t series_slot(const struct series *s, const struct report_query *q, int64_t hari)
{
	int y, m, d;

	if (!s->monthly)
		return hari - q->dari;
	report_ymd(hari, &y, &m, &d);
	return (int64_t)(y * 12 + m) - (s->y0 * 12 + s->m0);
}

/* "2024-01-31" (daily) or "2024-01" (monthly) for slot i. */
static json_t *series_label(const struct series *s, const struct report_query *q, int64_t i)
{
	char out[16];

	if (!s->monthly) {
		report_date(q->dari + i, out);
	} else {
		int64_t k = (int64_t)s->y0 * 12 + (s->m0 - 1) + i;

		snprintf(out, sizeof out, "%04d-%02d", (int)(k / 12) % 10000, (int)(k % 12) + 1);
	}
	return json_string(out);
}

struct svc_row {
	int64_t id;
	const char *kode, *nama;
	char fallback[40];
	int64_t n[APP__MAX], total;
};

struct svc_table {
	struct svc_row *rows;
	size_t n, cap;
};

static struct svc_row *svc_add(struct svc_table *t, int64_t id, const struct cat_service *s)
{
	struct svc_row *r;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->rows = realloc(t->rows, t->cap * sizeof *t->rows);
		if (!t->rows)
			fatal("out of memory");
	}
	r = &t->rows[t->n++];
	memset(r, 0, sizeof *r);
	r->id = id;
	if (s) {
		r->kode = s->kode;
		r->nama = s->nama;
	} else {
		/* a service gone from the catalog (never deleted today, but the
		 * roll-up must not depend on that) */
		snprintf(r->fallback, sizeof r->fallback, "Layanan #%lld", (long long)id);
		r->kode = "";
		r->nama = r->fallback;
	}
	return r;
}

static struct svc_row *svc_find(struct svc_table *t, const struct catalog *c, int64_t id)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->rows[i].id == id)
			return &t->rows[i];
	return svc_add(t, id, catalog_by_id(c, id));
}

static json_t *build_pengajuan(struct db *db, const struct report_query *q, const struct catalog *c)
{
	struct svc_table t = { 0 };
	struct series s;
	struct db_stmt *st;
	int64_t per_status[APP__MAX] = { 0 }, total = 0, *slots = NULL, *ids;
	json_t *out = NULL, *arr;
	enum db_rc rc = DB_ERR;
	size_t i, nids, j;
	int k;

	ids = malloc((q->nbatas + 1) * sizeof *ids);
	if (!ids)
		fatal("out of memory");
	nids = report_scope(q, ids);
	if (q->layanan_id) {
		svc_add(&t, q->layanan_id, catalog_by_id(c, q->layanan_id));
	} else {
		for (i = 0; i < c->n; i++)
			if (report_allowed(q, c->items[i].id))
				svc_add(&t, c->items[i].id, &c->items[i]);
	}
	series_init(&s, q);
	slots = calloc((size_t)s.n, sizeof *slots);
	if (!slots)
		fatal("out of memory");
	for (j = 0; j < nids; j++) {
		st = run(db, q, ids[j], sql_status_all, sql_status_one);
		while (st && (rc = db_next(st)) == DB_ROW) {
			enum app_status a = app_status_from(db_text(st, 1));
			struct svc_row *r;

			if (a == APP__MAX)
				continue;
			r = svc_find(&t, c, db_int(st, 0));
			r->n[a] += db_int(st, 2);
			r->total += db_int(st, 2);
			per_status[a] += db_int(st, 2);
			total += db_int(st, 2);
		}
		db_end(st);
		if (!st || rc != DB_DONE)
			goto out;

		st = run(db, q, ids[j], sql_hari_all, sql_hari_one);
		while (st && (rc = db_next(st)) == DB_ROW) {
			int64_t slot = series_slot(&s, q, db_int(st, 0));

			if (slot >= 0 && slot < s.n)
				slots[slot] += db_int(st, 1);
		}
		db_end(st);
		if (!st || rc != DB_DONE)
			goto out;
	}

	out = json_pack("{s:I}", "total", (json_int_t)total);
	arr = json_array();
	for (k = 0; k < APP__MAX; k++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I}", "status", app_status_names[k], "label",
						     app_status_labels[k], "jumlah", (json_int_t)per_status[k]));
	json_object_set_new(out, "per_status", arr);
	arr = json_array();
	for (i = 0; i < t.n; i++) {
		json_t *ps = json_object();

		for (k = 0; k < APP__MAX; k++)
			json_object_set_new(ps, app_status_names[k], json_integer((json_int_t)t.rows[i].n[k]));
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:o}", "kode", t.rows[i].kode, "nama",
						     t.rows[i].nama, "total", (json_int_t)t.rows[i].total,
						     "per_status", ps));
	}
	json_object_set_new(out, "per_layanan", arr);
	if (!(arr = report_per_grup(db, q, json_object_get(out, "per_status")))) {
		json_decref(out);
		out = NULL;
		goto out;
	}
	json_object_set_new(out, "per_grup", arr);
	arr = json_array();
	for (i = 0; i < (size_t)s.n; i++)
		json_array_append_new(arr, json_pack("{s:o, s:I}", "periode", series_label(&s, q, (int64_t)i),
						     "jumlah", (json_int_t)slots[i]));
	json_object_set_new(out, "per_waktu", arr);
out:
	free(ids);
	free(slots);
	free(t.rows);
	return out;
}

double report_ember_tengah(int b)
{
	if (b <= 0)
		return 0;
	/* bucket b holds [1.05^(b-1), 1.05^b) */
	return pow(1.05, b - 0.5);
}

/*
 * Step times. rekap_langkah holds one row per day, service, step and
 * bucket, and at a few thousand steps a day most buckets of a day hold one
 * step: a year is some 700,000 rows to add up (bench/report.sh). But a row
 * changes only on the day it counts (a step is counted when the officer
 * records it), so the buckets of a month that is over never change again:
 * each process keeps them, summed per month, the first time a report
 * covers that month, and a report reads from the table only the days of
 * the period outside such months (at most two partial months). A month
 * counts as over two days after its last day, so that an instance whose
 * clock runs ahead cannot keep a month another instance still adds to.
 */
#define CLOSED_AFTER 2          /* days after its last day */
#define MAX_NAMES 4096          /* distinct step codes a process can report on */

struct hkey {
	int64_t lid;
	int32_t name;               /* index into names[] */
	int32_t ember;
};

struct hrow {
	struct hkey k;
	int64_t n, total, late;
};

struct month_hist {
	int64_t bulan;              /* y * 12 + m - 1 */
	size_t n;
	struct hrow *rows;
	struct month_hist *next;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static char *names[MAX_NAMES];
static int nnames;
static struct month_hist *months;

void report_cache_clear(void)
{
	struct month_hist *m, *next;

	pthread_mutex_lock(&cache_lock);
	for (m = months; m; m = next) {
		next = m->next;
		free(m->rows);
		free(m);
	}
	months = NULL;
	pthread_mutex_unlock(&cache_lock);
}

/* The index of step code s (added when new), or -1 when the table is full. */
static int intern(const char *s)
{
	int i;

	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < nnames; i++)
		if (!strcmp(names[i], s))
			break;
	if (i == nnames) {
		if (nnames == MAX_NAMES) {
			i = -1;
		} else if (!(names[nnames] = strdup(s))) {
			fatal("out of memory");
		} else {
			nnames++;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	return i;
}

static const char *name_of(int i)
{
	const char *s;

	pthread_mutex_lock(&cache_lock);
	s = names[i];
	pthread_mutex_unlock(&cache_lock);
	return s;
}

/* Open-addressing sum of rows by key. */
struct hmap {
	struct hrow *t;
	size_t cap, n;
};

static uint64_t hkey_hash(const struct hkey *k)
{
	uint64_t h = (uint64_t)k->lid * UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)(uint32_t)k->name << 20 ^
		     (uint64_t)(uint32_t)k->ember;

	h ^= h >> 29;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	return h ^ (h >> 32);
}

static void hmap_init(struct hmap *m, size_t cap)
{
	size_t i;

	m->cap = cap;
	m->n = 0;
	m->t = calloc(cap, sizeof *m->t);
	if (!m->t)
		fatal("out of memory");
	for (i = 0; i < cap; i++)
		m->t[i].k.name = -1;   /* free */
}

static void hmap_add(struct hmap *m, const struct hrow *r)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct hmap old = *m;

		hmap_init(m, old.cap * 2);
		for (i = 0; i < old.cap; i++)
			if (old.t[i].k.name >= 0)
				hmap_add(m, &old.t[i]);
		free(old.t);
	}
	i = (size_t)hkey_hash(&r->k) & (m->cap - 1);
	while (m->t[i].k.name >= 0 && (m->t[i].k.lid != r->k.lid || m->t[i].k.name != r->k.name ||
				       m->t[i].k.ember != r->k.ember))
		i = (i + 1) & (m->cap - 1);
	if (m->t[i].k.name < 0) {
		m->t[i].k = r->k;
		m->n++;
	}
	m->t[i].n += r->n;
	m->t[i].total += r->total;
	m->t[i].late += r->late;
}

/* Adds the table's rows of days [dari, sampai] (one service or all). 0 or -1. */
static int add_days(struct db *db, struct hmap *m, int64_t dari, int64_t sampai, int64_t lid)
{
	struct db_stmt *st = lid ? db_query(db, sql_langkah_one, "iii", dari, sampai, lid)
				 : db_query(db, sql_langkah_all, "ii", dari, sampai);
	enum db_rc rc = DB_ERR;
	char last[256] = "";
	int last_id = -1;

	while (st && (rc = db_next(st)) == DB_ROW) {
		const char *kode = db_text(st, 1);
		struct hrow r;

		if (!kode)
			continue;
		if (last_id < 0 || strcmp(kode, last)) {
			if ((last_id = intern(kode)) < 0) {
				log_error("report: more than %d distinct step codes", MAX_NAMES);
				rc = DB_ERR;
				break;
			}
			/* a longer code is simply looked up on every row */
			snprintf(last, sizeof last, "%s", kode);
		}
		r.k.lid = db_int(st, 0);
		r.k.name = last_id;
		r.k.ember = (int32_t)db_int(st, 2);
		r.n = db_int(st, 3);
		r.total = db_int(st, 4);
		r.late = db_int(st, 5);
		hmap_add(m, &r);
	}
	db_end(st);
	return st && rc == DB_DONE ? 0 : -1;
}

/* The kept buckets of month bulan (every service), read once. NULL on error. */
static const struct month_hist *month_get(struct db *db, int64_t bulan)
{
	struct month_hist *h;
	struct hmap m;
	int y = (int)(bulan / 12), mo = (int)(bulan % 12) + 1;
	int64_t from = report_day(y, mo, 1), to = report_day(mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1, 1) - 1;
	size_t i, k = 0;

	pthread_mutex_lock(&cache_lock);
	for (h = months; h && h->bulan != bulan; h = h->next)
		;
	pthread_mutex_unlock(&cache_lock);
	if (h)
		return h;
	/* read outside the lock: two threads may both read a month, one keeps it */
	hmap_init(&m, 1024);
	if (add_days(db, &m, from, to, 0) < 0) {
		free(m.t);
		return NULL;
	}
	h = calloc(1, sizeof *h);
	if (!h || !(h->rows = malloc((m.n ? m.n : 1) * sizeof *h->rows)))
		fatal("out of memory");
	for (i = 0; i < m.cap; i++)
		if (m.t[i].k.name >= 0)
			h->rows[k++] = m.t[i];
	free(m.t);
	h->n = k;
	h->bulan = bulan;
	pthread_mutex_lock(&cache_lock);
	{
		struct month_hist *o;

		for (o = months; o && o->bulan != bulan; o = o->next)
			;
		if (o) {
			free(h->rows);
			free(h);
			h = o;
		} else {
			h->next = months;
			months = h;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	return h;
}

static int64_t month_of(int64_t hari)
{
	int y, m, d;

	report_ymd(hari, &y, &m, &d);
	return (int64_t)y * 12 + m - 1;
}

static int64_t month_first(int64_t bulan)
{
	return report_day((int)(bulan / 12), (int)(bulan % 12) + 1, 1);
}

/* The table's rows of days [dari, sampai] for the services of q. */
static int add_scope(struct db *db, struct hmap *m, int64_t dari, int64_t sampai, const struct report_query *q)
{
	int64_t *ids = malloc((q->nbatas + 1) * sizeof *ids);
	size_t n, i;
	int rc = 0;

	if (!ids)
		fatal("out of memory");
	n = report_scope(q, ids);
	for (i = 0; i < n && !rc; i++)
		rc = add_days(db, m, dari, sampai, ids[i]);
	free(ids);
	return rc;
}

/* Sums the buckets of the period into m: kept months, then the days outside them. */
static int collect_steps(struct db *db, const struct report_query *q, struct hmap *m)
{
	int64_t today = REKAP_HARI(time(NULL));
	int64_t first = month_of(q->dari), last = month_of(q->sampai), b;
	size_t i;

	/* the whole months of the period that are over */
	if (month_first(first) < q->dari)
		first++;
	if (month_first(last + 1) - 1 > q->sampai)
		last--;
	while (last >= first && month_first(last + 1) - 1 + CLOSED_AFTER >= today)
		last--;
	if (last < first)
		return add_scope(db, m, q->dari, q->sampai, q);
	if (q->dari < month_first(first) && add_scope(db, m, q->dari, month_first(first) - 1, q) < 0)
		return -1;
	if (month_first(last + 1) <= q->sampai && add_scope(db, m, month_first(last + 1), q->sampai, q) < 0)
		return -1;
	for (b = first; b <= last; b++) {
		const struct month_hist *h = month_get(db, b);

		if (!h)
			return -1;
		for (i = 0; i < h->n; i++)
			if (q->layanan_id ? h->rows[i].k.lid == q->layanan_id : report_allowed(q, h->rows[i].k.lid))
				hmap_add(m, &h->rows[i]);
	}
	return 0;
}

struct step {
	int64_t layanan_id;
	const char *langkah;
	int64_t jumlah, total, late;
	int p90;             /* bucket */
	int svc_order, step_order;
};

struct bucket {
	const char *langkah;
	int64_t lid;
	int ember;
	int64_t n, total, late;
};

static int bucket_cmp(const void *pa, const void *pb)
{
	const struct bucket *a = pa, *b = pb;
	int c;

	if (a->lid != b->lid)
		return a->lid < b->lid ? -1 : 1;
	if ((c = strcmp(a->langkah, b->langkah)))
		return c;
	return (a->ember > b->ember) - (a->ember < b->ember);
}

/* The bucket in which the cumulative count first reaches 90 % of n. */
static int p90_bucket(const struct bucket *b, size_t nb, int64_t n)
{
	int64_t want = (n * 9 + 9) / 10, cum = 0;   /* ceil(0.9 n) */
	size_t i;

	for (i = 0; i < nb; i++) {
		cum += b[i].n;
		if (cum >= want)
			return b[i].ember;
	}
	return nb ? b[nb - 1].ember : 0;
}

static int step_cmp(const void *pa, const void *pb)
{
	const struct step *a = pa, *b = pb;

	if (a->svc_order != b->svc_order)
		return a->svc_order < b->svc_order ? -1 : 1;
	if (a->layanan_id != b->layanan_id)
		return a->layanan_id < b->layanan_id ? -1 : 1;
	if (a->step_order != b->step_order)
		return a->step_order < b->step_order ? -1 : 1;
	return strcmp(a->langkah, b->langkah);
}

/* Position of the service in the catalog (services gone from it last). */
static int svc_order(const struct catalog *c, int64_t id)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->items[i].id == id)
			return (int)i;
	return (int)c->n;
}

static json_t *build_langkah(struct db *db, const struct report_query *q, const struct catalog *c)
{
	struct hmap m;
	struct bucket *bk = NULL;
	struct step *steps = NULL;
	size_t nb = 0, n = 0, i, g;
	json_t *out = NULL;

	hmap_init(&m, 1024);
	if (collect_steps(db, q, &m) < 0)
		goto out;
	bk = malloc((m.n ? m.n : 1) * sizeof *bk);
	steps = malloc((m.n ? m.n : 1) * sizeof *steps);
	if (!bk || !steps)
		fatal("out of memory");
	for (i = 0; i < m.cap; i++) {
		const struct hrow *r = &m.t[i];

		if (r->k.name < 0 || !r->n)
			continue;
		bk[nb].langkah = name_of(r->k.name);
		bk[nb].lid = r->k.lid;
		bk[nb].ember = r->k.ember;
		bk[nb].n = r->n;
		bk[nb].total = r->total;
		bk[nb].late = r->late;
		nb++;
	}
	qsort(bk, nb, sizeof *bk, bucket_cmp);
	/* one step per run of (service, code), its buckets in order */
	for (i = 0; i < nb; i = g) {
		struct step *p = &steps[n++];

		memset(p, 0, sizeof *p);
		p->layanan_id = bk[i].lid;
		p->langkah = bk[i].langkah;
		for (g = i; g < nb && bk[g].lid == bk[i].lid && !strcmp(bk[g].langkah, bk[i].langkah); g++) {
			p->jumlah += bk[g].n;
			p->total += bk[g].total;
			p->late += bk[g].late;
		}
		p->p90 = p90_bucket(bk + i, g - i, p->jumlah);
	}

	/* names, standard times and order from the service's current definition */
	for (i = 0; i < n; i++) {
		const struct cat_service *s = catalog_by_id(c, steps[i].layanan_id);
		json_t *list = s ? json_object_get(s->def, "langkah") : NULL;
		size_t k;

		steps[i].svc_order = svc_order(c, steps[i].layanan_id);
		steps[i].step_order = INT32_MAX;
		for (k = 0; k < json_array_size(list); k++) {
			const char *kode = json_string_value(json_object_get(json_array_get(list, k), "kode"));

			if (kode && !strcmp(kode, steps[i].langkah))
				steps[i].step_order = (int)k;
		}
	}
	qsort(steps, n, sizeof *steps, step_cmp);

	out = json_array();
	for (i = 0; i < n; i++) {
		const struct step *p = &steps[i];
		const struct cat_service *s = catalog_by_id(c, p->layanan_id);
		json_t *e = s ? catalog_entry(s->def, "langkah", p->langkah) : NULL;
		json_t *baku = json_object_get(e, "waktu_baku_menit");
		const char *nama = json_string_value(json_object_get(e, "nama"));
		char fallback[40];
		json_t *row;

		snprintf(fallback, sizeof fallback, "Layanan #%lld", (long long)p->layanan_id);
		row = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:f, s:I, s:I, s:f}",
				"layanan_kode", s ? s->kode : "", "layanan_nama", s ? s->nama : fallback,
				"kode", p->langkah, "nama", nama ? nama : p->langkah,
				"jumlah", (json_int_t)p->jumlah, "total_detik", (json_int_t)p->total,
				"rata_rata_detik", p->jumlah ? round((double)p->total / (double)p->jumlah * 10) / 10 : 0.0,
				"p90_detik", (json_int_t)llround(report_ember_tengah(p->p90)),
				"terlambat", (json_int_t)p->late,
				"persen_terlambat", p->jumlah ? round((double)p->late * 1000 / (double)p->jumlah) / 10 : 0.0);
		json_object_set_new(row, "waktu_baku_detik",
				    json_is_integer(baku) ? json_integer(json_integer_value(baku) * 60) : json_null());
		json_array_append_new(out, row);
	}
out:
	free(m.t);
	free(bk);
	free(steps);
	return out;
}

static json_t *build_pendaftaran(struct db *db, const struct report_query *q)
{
	struct series s;
	struct db_stmt *st;
	int64_t *ok, *no, t_ok = 0, t_no = 0;
	json_t *out = NULL, *arr;
	enum db_rc rc = DB_ERR;
	int64_t i;

	series_init(&s, q);
	ok = calloc((size_t)s.n, sizeof *ok);
	no = calloc((size_t)s.n, sizeof *no);
	if (!ok || !no)
		fatal("out of memory");
	st = db_query(db, sql_daftar, "ii", q->dari, q->sampai);
	while (st && (rc = db_next(st)) == DB_ROW) {
		int64_t slot = series_slot(&s, q, db_int(st, 0)), v = db_int(st, 2);
		const char *hasil = db_text(st, 1);

		if (slot < 0 || slot >= s.n || !hasil)
			continue;
		if (!strcmp(hasil, "disetujui")) {
			ok[slot] += v;
			t_ok += v;
		} else if (!strcmp(hasil, "ditolak")) {
			no[slot] += v;
			t_no += v;
		}
	}
	db_end(st);
	if (!st || rc != DB_DONE)
		goto out;
	arr = json_array();
	for (i = 0; i < s.n; i++)
		json_array_append_new(arr, json_pack("{s:o, s:I, s:I}", "periode", series_label(&s, q, i),
						     "disetujui", (json_int_t)ok[i], "ditolak", (json_int_t)no[i]));
	out = json_pack("{s:I, s:I, s:o}", "disetujui", (json_int_t)t_ok, "ditolak", (json_int_t)t_no,
			"per_waktu", arr);
out:
	free(ok);
	free(no);
	return out;
}

json_t *report_build(struct db *db, const struct report_query *q)
{
	const struct catalog *c = catalog_get(db);
	json_t *rep, *p, *l, *d;
	char dari[11], sampai[11];

	if (q->sampai < q->dari || q->sampai - q->dari + 1 > REPORT_MAX_DAYS)
		return NULL;
	p = build_pengajuan(db, q, c);
	l = p ? build_langkah(db, q, c) : NULL;
	d = l ? build_pendaftaran(db, q) : NULL;
	if (!d) {
		json_decref(p);
		json_decref(l);
		return NULL;
	}
	report_date(q->dari, dari);
	report_date(q->sampai, sampai);
	rep = json_pack("{s:{s:s, s:s, s:I, s:s}, s:o, s:o, s:o, s:o}",
			"periode", "dari", dari, "sampai", sampai, "jumlah_hari", (json_int_t)(q->sampai - q->dari + 1),
			"satuan", q->sampai - q->dari + 1 > REPORT_DAILY_MAX ? "bulan" : "hari",
			"layanan", q->layanan_id ? json_pack("{s:s, s:s}", "kode", q->layanan_kode ? q->layanan_kode : "",
							      "nama", q->layanan_nama ? q->layanan_nama : "")
						 : json_null(),
			"pengajuan", p, "langkah", l, "pendaftaran", d);
	return rep;
}

/* ---- CSV ------------------------------------------------------------------------ */

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static json_int_t jint(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* A text cell: formula guard, then quoting when needed. */
static void csv_text(struct buf *b, const char *s)
{
	int guard = s[0] && strchr("=+-@\t\r", s[0]);
	int quote = 0;
	const char *p;

	for (p = s; *p; p++)
		if (*p == ';' || *p == '"' || *p == '\r' || *p == '\n')
			quote = 1;
	if (quote)
		buf_addc(b, '"');
	if (guard)
		buf_addc(b, '\'');
	for (p = s; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	if (quote)
		buf_addc(b, '"');
}

static void csv_sep(struct buf *b)
{
	buf_addc(b, ';');
}

static void csv_end(struct buf *b)
{
	buf_adds(b, "\r\n");
}

static void csv_int(struct buf *b, json_int_t v)
{
	buf_addf(b, "%lld", (long long)v);
}

/* v with one decimal and a decimal comma. */
static void csv_dec(struct buf *b, double v)
{
	char s[64], *dot;

	snprintf(s, sizeof s, "%.1f", v);
	if ((dot = strchr(s, '.')))
		*dot = ',';
	buf_adds(b, s);
}

static void csv_row(struct buf *b, const char *a, const char *c)
{
	csv_text(b, a);
	if (c) {
		csv_sep(b);
		csv_text(b, c);
	}
	csv_end(b);
}

/* A table of p[key] (per_layanan or per_grup) by status, with its total
 * row and a blank line after. */
static void csv_status_table(struct buf *out, const char *title, const char *first, const json_t *p, const char *key)
{
	const json_t *sts = json_object_get(p, "per_status"), *v, *w;
	size_t i, k;

	csv_row(out, title, NULL);
	csv_text(out, first);
	json_array_foreach(sts, k, w) {
		csv_sep(out);
		csv_text(out, jstr(w, "label"));
	}
	csv_sep(out);
	csv_text(out, "Jumlah");
	csv_end(out);
	json_array_foreach(json_object_get(p, key), i, v) {
		const json_t *ps = json_object_get(v, "per_status");

		csv_text(out, jstr(v, "nama"));
		json_array_foreach(sts, k, w) {
			csv_sep(out);
			csv_int(out, jint(ps, jstr(w, "status")));
		}
		csv_sep(out);
		csv_int(out, jint(v, "total"));
		csv_end(out);
	}
	csv_text(out, "Jumlah");
	json_array_foreach(sts, k, w) {
		csv_sep(out);
		csv_int(out, jint(w, "jumlah"));
	}
	csv_sep(out);
	csv_int(out, jint(p, "total"));
	csv_end(out);
	csv_end(out);
}

void report_csv(const json_t *rep, struct buf *out)
{
	const json_t *per = json_object_get(rep, "periode"), *lay = json_object_get(rep, "layanan");
	const json_t *p = json_object_get(rep, "pengajuan"), *d = json_object_get(rep, "pendaftaran"), *v;
	int monthly = !strcmp(jstr(per, "satuan"), "bulan");
	char tgl[WAKTU_TANGGAL_LEN];
	size_t i;

	buf_adds(out, "\xEF\xBB\xBF");
	csv_row(out, "Laporan Layanan", NULL);
	csv_text(out, "Periode");
	csv_sep(out);
	csv_text(out, report_period_text(jstr(per, "dari"), tgl));
	csv_sep(out);
	csv_text(out, report_period_text(jstr(per, "sampai"), tgl));
	csv_end(out);
	csv_row(out, "Layanan", json_is_object(lay) ? jstr(lay, "nama") : "Semua layanan");
	csv_end(out);

	csv_status_table(out, "Pengajuan per layanan dan status", "Layanan", p, "per_layanan");
	csv_status_table(out, "Pengajuan per Grup Pemohon dan status", "Grup", p, "per_grup");

	csv_row(out, monthly ? "Pengajuan per bulan" : "Pengajuan per hari", NULL);
	csv_row(out, monthly ? "Bulan" : "Tanggal", "Jumlah");
	json_array_foreach(json_object_get(p, "per_waktu"), i, v) {
		csv_text(out, report_period_text(jstr(v, "periode"), tgl));
		csv_sep(out);
		csv_int(out, jint(v, "jumlah"));
		csv_end(out);
	}
	csv_end(out);

	csv_row(out, "Waktu per langkah", NULL);
	buf_adds(out, "Layanan;Langkah;Jumlah;Rata-rata (menit);P90 (menit);Waktu baku (menit);Terlambat;"
		      "Terlambat (%)\r\n");
	json_array_foreach(json_object_get(rep, "langkah"), i, v) {
		const json_t *baku = json_object_get(v, "waktu_baku_detik");

		csv_text(out, jstr(v, "layanan_nama"));
		csv_sep(out);
		csv_text(out, jstr(v, "nama"));
		csv_sep(out);
		csv_int(out, jint(v, "jumlah"));
		csv_sep(out);
		csv_dec(out, json_number_value(json_object_get(v, "rata_rata_detik")) / 60);
		csv_sep(out);
		csv_dec(out, (double)jint(v, "p90_detik") / 60);
		csv_sep(out);
		if (json_is_integer(baku))
			csv_dec(out, (double)json_integer_value(baku) / 60);
		csv_sep(out);
		csv_int(out, jint(v, "terlambat"));
		csv_sep(out);
		csv_dec(out, json_number_value(json_object_get(v, "persen_terlambat")));
		csv_end(out);
	}
	csv_end(out);

	csv_row(out, "Pendaftaran pemohon", NULL);
	csv_text(out, monthly ? "Bulan" : "Tanggal");
	buf_adds(out, ";Disetujui;Ditolak\r\n");
	json_array_foreach(json_object_get(d, "per_waktu"), i, v) {
		csv_text(out, report_period_text(jstr(v, "periode"), tgl));
		csv_sep(out);
		csv_int(out, jint(v, "disetujui"));
		csv_sep(out);
		csv_int(out, jint(v, "ditolak"));
		csv_end(out);
	}
	csv_text(out, "Jumlah");
	csv_sep(out);
	csv_int(out, jint(d, "disetujui"));
	csv_sep(out);
	csv_int(out, jint(d, "ditolak"));
	csv_end(out);
}

/* ---- XLSX ----------------------------------------------------------------------- */

struct xl {
	lxw_workbook *wb;
	lxw_format *bold, *title, *head, *num, *dec;
};

static void xl_header(struct xl *x, lxw_worksheet *ws, lxw_row_t row, const char *const *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		worksheet_write_string(ws, row, (lxw_col_t)i, cols[i], x->head);
}

static void xl_period(struct xl *x, lxw_worksheet *ws, const json_t *rep, const char *title)
{
	const json_t *per = json_object_get(rep, "periode"), *lay = json_object_get(rep, "layanan");
	char tgl[WAKTU_TANGGAL_LEN];

	worksheet_write_string(ws, 0, 0, title, x->title);
	worksheet_write_string(ws, 1, 0, "Periode", x->bold);
	worksheet_write_string(ws, 1, 1, report_period_text(jstr(per, "dari"), tgl), NULL);
	worksheet_write_string(ws, 1, 2, report_period_text(jstr(per, "sampai"), tgl), NULL);
	worksheet_write_string(ws, 2, 0, "Layanan", x->bold);
	worksheet_write_string(ws, 2, 1, json_is_object(lay) ? jstr(lay, "nama") : "Semua layanan", NULL);
}

/* A table of p[key] (per_layanan or per_grup) by status from row on, with
 * its total row; the row after it. */
static lxw_row_t xl_status_table(struct xl *x, lxw_worksheet *ws, lxw_row_t row, const char *first, const json_t *p,
				 const char *key)
{
	const json_t *sts = json_object_get(p, "per_status"), *v, *w;
	lxw_col_t last = (lxw_col_t)(json_array_size(sts) + 1);
	size_t i, k;

	worksheet_write_string(ws, row, 0, first, x->head);
	json_array_foreach(sts, k, w)
		worksheet_write_string(ws, row, (lxw_col_t)(k + 1), jstr(w, "label"), x->head);
	worksheet_write_string(ws, row++, last, "Jumlah", x->head);
	json_array_foreach(json_object_get(p, key), i, v) {
		const json_t *ps = json_object_get(v, "per_status");

		worksheet_write_string(ws, row, 0, jstr(v, "nama"), NULL);
		json_array_foreach(sts, k, w)
			worksheet_write_number(ws, row, (lxw_col_t)(k + 1), (double)jint(ps, jstr(w, "status")), x->num);
		worksheet_write_number(ws, row++, last, (double)jint(v, "total"), x->num);
	}
	worksheet_write_string(ws, row, 0, "Jumlah", x->bold);
	json_array_foreach(sts, k, w)
		worksheet_write_number(ws, row, (lxw_col_t)(k + 1), (double)jint(w, "jumlah"), x->num);
	worksheet_write_number(ws, row++, last, (double)jint(p, "total"), x->num);
	return row;
}

static void xl_pengajuan(struct xl *x, const json_t *rep)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Pengajuan");
	const json_t *p = json_object_get(rep, "pengajuan"), *sts = json_object_get(p, "per_status"), *v;
	int monthly = !strcmp(jstr(json_object_get(rep, "periode"), "satuan"), "bulan");
	char tgl[WAKTU_TANGGAL_LEN];
	lxw_row_t row = 4;
	size_t i;

	xl_period(x, ws, rep, "Pengajuan per layanan dan status");
	worksheet_set_column(ws, 0, 0, 36, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)json_array_size(sts) + 1, 14, NULL);
	row = xl_status_table(x, ws, row, "Layanan", p, "per_layanan") + 2;
	worksheet_write_string(ws, row++, 0, "Pengajuan per Grup Pemohon dan status", x->title);
	row = xl_status_table(x, ws, row, "Grup", p, "per_grup") + 2;
	worksheet_write_string(ws, row++, 0, monthly ? "Pengajuan per bulan" : "Pengajuan per hari", x->title);
	worksheet_write_string(ws, row, 0, monthly ? "Bulan" : "Tanggal", x->head);
	worksheet_write_string(ws, row++, 1, "Jumlah", x->head);
	json_array_foreach(json_object_get(p, "per_waktu"), i, v) {
		worksheet_write_string(ws, row, 0, report_period_text(jstr(v, "periode"), tgl), NULL);
		worksheet_write_number(ws, row++, 1, (double)jint(v, "jumlah"), x->num);
	}
}

static void xl_langkah(struct xl *x, const json_t *rep)
{
	static const char *const cols[] = {
		"Layanan", "Langkah", "Jumlah", "Rata-rata (menit)", "P90 (menit)", "Waktu baku (menit)",
		"Terlambat", "Terlambat (%)",
	};
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Langkah");
	const json_t *v;
	lxw_row_t row = 4;
	size_t i;

	xl_period(x, ws, rep, "Waktu per langkah");
	worksheet_set_column(ws, 0, 1, 32, NULL);
	worksheet_set_column(ws, 2, 7, 16, NULL);
	xl_header(x, ws, row++, cols, sizeof cols / sizeof cols[0]);
	json_array_foreach(json_object_get(rep, "langkah"), i, v) {
		const json_t *baku = json_object_get(v, "waktu_baku_detik");

		worksheet_write_string(ws, row, 0, jstr(v, "layanan_nama"), NULL);
		worksheet_write_string(ws, row, 1, jstr(v, "nama"), NULL);
		worksheet_write_number(ws, row, 2, (double)jint(v, "jumlah"), x->num);
		worksheet_write_number(ws, row, 3, json_number_value(json_object_get(v, "rata_rata_detik")) / 60, x->dec);
		worksheet_write_number(ws, row, 4, (double)jint(v, "p90_detik") / 60, x->dec);
		if (json_is_integer(baku))
			worksheet_write_number(ws, row, 5, (double)json_integer_value(baku) / 60, x->dec);
		worksheet_write_number(ws, row, 6, (double)jint(v, "terlambat"), x->num);
		worksheet_write_number(ws, row, 7, json_number_value(json_object_get(v, "persen_terlambat")), x->dec);
		row++;
	}
}

static void xl_pendaftaran(struct xl *x, const json_t *rep)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Pendaftaran");
	const json_t *d = json_object_get(rep, "pendaftaran"), *v;
	int monthly = !strcmp(jstr(json_object_get(rep, "periode"), "satuan"), "bulan");
	const char *cols[] = { monthly ? "Bulan" : "Tanggal", "Disetujui", "Ditolak" };
	char tgl[WAKTU_TANGGAL_LEN];
	lxw_row_t row = 4;
	size_t i;

	xl_period(x, ws, rep, "Pendaftaran pemohon");
	worksheet_set_column(ws, 0, 0, 16, NULL);
	worksheet_set_column(ws, 1, 2, 14, NULL);
	xl_header(x, ws, row++, cols, 3);
	json_array_foreach(json_object_get(d, "per_waktu"), i, v) {
		worksheet_write_string(ws, row, 0, report_period_text(jstr(v, "periode"), tgl), NULL);
		worksheet_write_number(ws, row, 1, (double)jint(v, "disetujui"), x->num);
		worksheet_write_number(ws, row++, 2, (double)jint(v, "ditolak"), x->num);
	}
	worksheet_write_string(ws, row, 0, "Jumlah", x->bold);
	worksheet_write_number(ws, row, 1, (double)jint(d, "disetujui"), x->num);
	worksheet_write_number(ws, row, 2, (double)jint(d, "ditolak"), x->num);
}

int report_xlsx(const json_t *rep, const char *path, const char *tmpdir)
{
	lxw_workbook_options opt = { .constant_memory = LXW_FALSE, .tmpdir = (char *)(uintptr_t)tmpdir };
	struct xl x;
	lxw_error rc;

	x.wb = workbook_new_opt(path, &opt);
	if (!x.wb) {
		log_error("report: cannot create the workbook");
		return -1;
	}
	x.bold = workbook_add_format(x.wb);
	format_set_bold(x.bold);
	x.title = workbook_add_format(x.wb);
	format_set_bold(x.title);
	format_set_font_size(x.title, 13);
	x.head = workbook_add_format(x.wb);
	format_set_bold(x.head);
	format_set_bottom(x.head, LXW_BORDER_THIN);
	format_set_text_wrap(x.head);
	x.num = workbook_add_format(x.wb);
	format_set_num_format(x.num, "#,##0");
	x.dec = workbook_add_format(x.wb);
	format_set_num_format(x.dec, "#,##0.0");
	xl_pengajuan(&x, rep);
	xl_langkah(&x, rep);
	xl_pendaftaran(&x, rep);
	rc = workbook_close(x.wb);
	if (rc != LXW_NO_ERROR) {
		log_error("report: writing the workbook failed: %s", lxw_strerror(rc));
		return -1;
	}
	return 0;
}
