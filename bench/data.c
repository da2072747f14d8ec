// SPDX-License-Identifier: MIT
// Grows the applicant and application tables to N applicants (about 10 N applications) with their report roll-ups and times the lookups of login, the queue, the status check, the application pages and the Home page, or the reports, at each size.
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "domain/account.h"
#include "domain/application.h"
#include "domain/catalog.h"
#include "domain/info.h"
#include "domain/rekap.h"
#include "domain/report.h"
#include "domain/workflow.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "store/db.h"

#define BATCH 10000
#define MAX_STEPS 16
#define PASSWORD "Bench-Pemohon-2024"
#define CREATED_BASE INT64_C(1700000000)
#define APPS_MAX_DEFAULT INT64_C(2000000)
#define APP_CHUNK 50000      /* applicants per application INSERT ... SELECT */
#define APP_GAP 30           /* default seconds between two generated applications */
#define HOME_POSTS 3         /* as web/public.c */
#define EXCERPT_CHARS 160    /* as web/public.c */

/*
 * Row i gets NIK 33 26 07 DDMMYY SSSS built from j = i * PERM mod NIK_SPACE,
 * a bijection on [0, NIK_SPACE), so NIKs are unique and arrive in the unique
 * index in scattered order, as real registrations do. NIK_SPACE = serial
 * 9999 x day 28 x sex 2 x month 12 x year 10; PERM is a prime that shares no
 * factor with it.
 */
#define NIK_SPACE (INT64_C(9999) * 28 * 2 * 12 * 10)
#define PERM INT64_C(2654435761)

/* Statuses by i % 20: 80 % aktif, 10 % menunggu, 5 % disetujui, 5 % ditolak. */
static const char *status_of(int64_t i)
{
	int c = (int)(i % 20);

	return c < 16 ? "aktif" : c < 18 ? "menunggu" : c < 19 ? "disetujui" : "ditolak";
}

struct person {
	char nik[24];         /* 16 digits */
	char lahir_iso[16];   /* YYYY-MM-DD, as stored */
	char lahir_form[16];  /* DD-MM-YYYY, as typed */
};

static void person_of(int64_t i, struct person *p)
{
	uint64_t j = (uint64_t)i * (uint64_t)PERM % (uint64_t)NIK_SPACE;
	unsigned serial, day, female, month, year;

	serial = (unsigned)(j % 9999) + 1;
	j /= 9999;
	day = (unsigned)(j % 28) + 1;
	j /= 28;
	female = (unsigned)(j % 2);
	j /= 2;
	month = (unsigned)(j % 12) + 1;
	j /= 12;
	year = 80 + (unsigned)(j % 10);
	snprintf(p->nik, sizeof p->nik, "332607%02u%02u%02u%04u", day + 40 * female, month, year, serial);
	snprintf(p->lahir_iso, sizeof p->lahir_iso, "19%02u-%02u-%02u", year, month, day);
	snprintf(p->lahir_form, sizeof p->lahir_form, "%02u-%02u-19%02u", day, month, year);
}

static const char *const first_names[] = {
	"Budi", "Siti", "Agus", "Dewi", "Joko", "Sri", "Ahmad", "Rina", "Slamet", "Wati",
	"Eko", "Nur", "Hadi", "Lestari", "Bambang", "Yuni",
};
static const char *const last_names[] = {
	"Santoso", "Aminah", "Wibowo", "Rahayu", "Susanto", "Handayani", "Prasetyo", "Lestari",
	"Hidayat", "Kurniawan", "Setiawan", "Purnomo", "Saputra", "Maulana", "Nugroho", "Fitriani",
	"Suryani", "Hartono", "Gunawan", "Wijaya",
};
#define NFIRST (uint64_t)(sizeof first_names / sizeof first_names[0])
#define NLAST (uint64_t)(sizeof last_names / sizeof last_names[0])

/* Names scattered over the rows, not in step with the statuses. */
static void name_of(int64_t i, char *out, size_t outsz, const char **last)
{
	uint64_t h = (uint64_t)i * UINT64_C(0x9e3779b97f4a7c15);

	snprintf(out, outsz, "%s %s", first_names[(h >> 33) % NFIRST], last_names[(h >> 45) % NLAST]);
	if (last)
		*last = last_names[(h >> 45) % NLAST];
}

static void die(const char *what)
{
	fprintf(stderr, "data: %s\n", what);
	exit(1);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static uint64_t rng = 0x9e3779b97f4a7c15u;

static int64_t rand_below(int64_t n)
{
	/* xorshift64: fixed seed, so every run asks for the same rows */
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int64_t)(rng % (uint64_t)n);
}

/* A random row below n whose status is st. */
static int64_t pick(int64_t n, const char *st)
{
	int64_t i;

	do
		i = rand_below(n);
	while (strcmp(status_of(i), st));
	return i;
}

/* The village every generated applicant lives in; region rows are created
 * when the tables are empty, so that the foreign key holds. */
static void village(struct db *db, char out[16])
{
	struct db_stmt *st = db_query(db, "SELECT kode FROM desa ORDER BY kode LIMIT 1", "");

	out[0] = '\0';
	if (db_next(st) == DB_ROW)
		snprintf(out, 16, "%s", db_text(st, 0));
	db_end(st);
	if (out[0])
		return;
	if (db_begin(db) != DB_OK ||
	    db_exec(db, "INSERT INTO provinsi (kode, nama) VALUES ('33', 'Jawa Tengah')", "") != DB_DONE ||
	    db_exec(db, "INSERT INTO kabupaten (kode, provinsi_kode, nama) VALUES ('33.26', '33', "
		    "'Kabupaten Pekalongan')", "") != DB_DONE ||
	    db_exec(db, "INSERT INTO kecamatan (kode, kabupaten_kode, nama) VALUES ('33.26.07', '33.26', "
		    "'Kajen')", "") != DB_DONE ||
	    db_exec(db, "INSERT INTO desa (kode, kecamatan_kode, nama) VALUES ('33.26.07.2001', '33.26.07', "
		    "'Kutorejo')", "") != DB_DONE ||
	    db_commit(db) != DB_OK)
		die("cannot create the region rows");
	snprintf(out, 16, "%s", "33.26.07.2001");
}

/* Inserts rows [from, to) in transactions of BATCH rows. */
static void grow(struct db *db, int64_t from, int64_t to, const char *desa, const char *hash)
{
	int64_t i;

	for (i = from; i < to;) {
		int64_t end = i + BATCH < to ? i + BATCH : to;

		if (db_begin(db) != DB_OK)
			die("cannot begin a transaction");
		for (; i < end; i++) {
			struct person p;
			char nama[64], kk[24], hp[24], email[48];
			const char *st = status_of(i);

			person_of(i, &p);
			name_of(i, nama, sizeof nama, NULL);
			snprintf(kk, sizeof kk, "33260715069%05d", (int)(i % 99999) + 1);
			snprintf(hp, sizeof hp, "62812%08d", (int)(i % 100000000));
			snprintf(email, sizeof email, "pemohon%" PRId64 "@contoh.id", i);
			/* decided registrations: 1 to 25 hours after registering */
			if (db_exec(db, "INSERT INTO pemohon (nik, nama, no_kk, tempat_lahir, tanggal_lahir, nama_ibu, "
				    "kode_desa, no_hp, email, password_hash, status, peringatan, alasan_tolak, "
				    "created_at, updated_at, diverifikasi_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
				    "?, ?, NULLIF(?, 0))",
				    "sssssssssssssiii", p.nik, nama, kk, "Pekalongan", p.lahir_iso, "Siti Aminah", desa,
				    hp, email, hash, st,
				    i % 50 == 0 ? "Tanggal lahir pada NIK berbeda dengan tanggal lahir yang diisi." : NULL,
				    !strcmp(st, "ditolak") ? "Foto KTP tidak terbaca." : NULL,
				    CREATED_BASE + i * 30, CREATED_BASE + i * 30,
				    !strcmp(st, "menunggu") ? INT64_C(0) : CREATED_BASE + i * 30 + 3600 + (i % 48) * 1800) != DB_DONE) {
				db_rollback(db);
				die("insert failed (the pemohon table must start empty)");
			}
		}
		if (db_commit(db) != DB_OK)
			die("commit failed");
	}
	/* the registration roll-up, as acct_approve/acct_reject keep it */
	if (db_begin(db) != DB_OK ||
	    db_exec(db, "INSERT INTO rekap_pendaftaran (hari, hasil, jumlah)"
		    " SELECT (diverifikasi_at + 25200) / 86400, CASE WHEN status = 'ditolak' THEN 'ditolak' ELSE 'disetujui' END,"
		    " COUNT(*) FROM pemohon WHERE id > ? AND id <= ? AND diverifikasi_at IS NOT NULL"
		    " GROUP BY (diverifikasi_at + 25200) / 86400, CASE WHEN status = 'ditolak' THEN 'ditolak' ELSE 'disetujui' END"
		    " ON CONFLICT (hari, hasil) DO UPDATE SET jumlah = rekap_pendaftaran.jumlah + excluded.jumlah",
		    "ii", from, to) != DB_DONE ||
	    db_commit(db) != DB_OK)
		die("cannot fill rekap_pendaftaran");
}

/* ---- applications --------------------------------------------------------- */

/*
 * One statement inserts the applications of the aktif applicants with ids in
 * (lo, hi]: 12 or 13 each (10 per applicant on average, as 80 % are aktif),
 * in rounds (round k of every applicant, then round k + 1), so that one
 * applicant's rows lie far apart in the table and only the (pemohon_id, id)
 * index brings them together. Ids are explicit (base + k * span + offset,
 * with gaps) so that the code can be made from them: PREFIX + regency +
 * id, which app_code never makes once the code counters start above the
 * highest id (see set_counters). Service by (applicant, round) over the 16
 * services of the seeded catalog; statuses mixed (65 % SELESAI, 5 % each of
 * the others); created_at runs backwards from t0, the last second of
 * today (WIB), APP_GAP seconds per id, so that every size and every hour
 * of a run holds the same day (ids 1 to 2,879: about 2,300 applications,
 * 144 per service) and a bigger table is a longer history (2,000,000 rows:
 * about 2.5 years).
 */
static const char sql_apps[] =
	"WITH RECURSIVE r(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM r WHERE k < 12),"
	" a AS (SELECT ? + r.k * ? + (p.id - ?) AS id, r.k AS k, p.id AS pid, p.nik, p.nama, p.no_kk, p.no_hp,"
	"  p.email, p.kode_desa FROM r CROSS JOIN pemohon p"
	"  WHERE p.id > ? AND p.id <= ? AND p.status = 'aktif' AND r.k < 12 + p.id % 2)"
	" INSERT INTO pengajuan (id, kode, pemohon_id, layanan_id, definisi_id, status, nik, nama, no_kk, no_hp,"
	"  email, kode_desa, detail, isian, pilihan_dokumen_jadi, created_at, updated_at, dikirim_at, antrean,"
	"  tenggat_at)"
	" SELECT a.id, l.prefix || ? || CAST(a.id AS TEXT), a.pid, l.id, l.definisi_id,"
	"  CASE (a.pid + a.k) % 20 WHEN 0 THEN 'DRAFT' WHEN 1 THEN 'DIKIRIM' WHEN 2 THEN 'DIKEMBALIKAN'"
	"  WHEN 3 THEN 'DISETUJUI' WHEN 4 THEN 'DIBATALKAN' WHEN 5 THEN 'DIPROSES' WHEN 6 THEN 'TERBIT_TTE'"
	"  ELSE 'SELESAI' END,"
	"  a.nik, a.nama, a.no_kk, a.no_hp, a.email, a.kode_desa,"
	"  'Mohon diproses ' || l.nama || ' atas nama ' || a.nama || '. Berkas pendukung sudah saya unggah.',"
	"  '{}', 'otomatis', ? - a.id * ?, ? - a.id * ? + 3600,"
	"  CASE WHEN (a.pid + a.k) % 20 = 0 THEN NULL ELSE ? - a.id * ? + 600 END,"
	"  CASE (a.pid + a.k) % 20 WHEN 1 THEN 'verifikasi' WHEN 3 THEN 'proses' WHEN 5 THEN 'proses'"
	"  WHEN 6 THEN 'serah' ELSE NULL END,"
	"  CASE WHEN (a.pid + a.k) % 20 IN (1, 3, 5) THEN ? - a.id * ? + 1200 ELSE NULL END"
	" FROM a JOIN layanan l ON l.urutan = 1 + (a.pid * 7 + a.k * 3) % ? ORDER BY a.id";

/* One history entry per generated application ("Pengajuan dibuat."). */
/* The roll-up of applications by creation day, service and status, as
 * app_create and every move keep it (rekap_status); by = -1 takes rows out. */
static const char sql_apps_rekap[] =
	"INSERT INTO rekap_pengajuan (hari, layanan_id, status, jumlah)"
	" SELECT (created_at + 25200) / 86400, layanan_id, status, ? * COUNT(*) FROM pengajuan"
	" WHERE id > ? AND id <= ? GROUP BY (created_at + 25200) / 86400, layanan_id, status"
	" ON CONFLICT (hari, layanan_id, status) DO UPDATE SET jumlah = rekap_pengajuan.jumlah + excluded.jumlah";

static const char sql_apps_history[] =
	"INSERT INTO pengajuan_riwayat (pengajuan_id, status, aktor, aktor_id, aktor_nama, catatan, created_at)"
	" SELECT id, 'DRAFT', 'pemohon', pemohon_id, nama, 'Pengajuan dibuat.', created_at FROM pengajuan"
	" WHERE id > ? AND id <= ? ORDER BY id";

static int64_t scalar(struct db *db, const char *sql)
{
	struct db_stmt *st = db_query(db, sql, "");
	int64_t v = -1;

	if (st && db_next(st) == DB_ROW)
		v = db_int(st, 0);
	db_end(st);
	return v;
}

/* The code counters continue above the highest id, so that app_create's
 * codes (PREFIX + regency + counter) never meet a generated one. */
static void set_counters(struct db *db)
{
	int64_t top = scalar(db, "SELECT COALESCE(MAX(id), 0) FROM pengajuan");

	if (top < 0 || db_begin(db) != DB_OK ||
	    db_exec(db, "DELETE FROM sequences WHERE name LIKE 'pengajuan:%'", "") != DB_DONE ||
	    db_exec(db, "INSERT INTO sequences (name, value) SELECT 'pengajuan:' || prefix, ? FROM layanan", "i",
		    top) != DB_DONE ||
	    db_commit(db) != DB_OK)
		die("cannot set the code counters");
}

/* Removes what app_create added during a step (the rows above the highest
 * generated id), so that every step starts with the same day. */
static void drop_created(struct db *db, int64_t top)
{
	if (db_begin(db) != DB_OK ||
	    db_exec(db, sql_apps_rekap, "iii", INT64_C(-1), top, INT64_MAX) != DB_DONE ||
	    db_exec(db, "DELETE FROM pengajuan_riwayat WHERE pengajuan_id > ?", "i", top) != DB_DONE ||
	    db_exec(db, "DELETE FROM pengajuan WHERE id > ?", "i", top) != DB_DONE ||
	    db_exec(db, "DELETE FROM sequences WHERE name LIKE 'kuota:%'", "") != DB_DONE ||
	    db_commit(db) != DB_OK)
		die("cannot remove the applications made by the timing");
}

static int64_t app_gap = APP_GAP;

/* Applications for the applicants with ids in (lo, hi], in chunks of
 * APP_CHUNK applicants, each chunk in its own transaction. */
static void grow_apps(struct db *db, int64_t lo, int64_t hi, int64_t nservices, const char *regency, int64_t t0)
{
	while (lo < hi) {
		int64_t end = lo + APP_CHUNK < hi ? lo + APP_CHUNK : hi, span = end - lo;
		int64_t base = scalar(db, "SELECT COALESCE(MAX(id), 0) FROM pengajuan");

		if (base < 0 || db_begin(db) != DB_OK)
			die("cannot begin a transaction");
		if (db_exec(db, sql_apps, "iiiiisiiiiiiiii", base, span, lo, lo, end, regency, t0, app_gap, t0,
			    app_gap, t0, app_gap, t0, app_gap, nservices) != DB_DONE ||
		    db_exec(db, sql_apps_history, "ii", base, base + 13 * span) != DB_DONE ||
		    db_exec(db, sql_apps_rekap, "iii", INT64_C(1), base, base + 13 * span) != DB_DONE) {
			db_rollback(db);
			die("application insert failed");
		}
		if (db_commit(db) != DB_OK)
			die("commit failed");
		lo = end;
	}
}

/* ---- process steps (--report) -------------------------------------------- */

/*
 * Applications that reached processing (DIPROSES: the first half of their
 * service's steps; TERBIT_TTE and SELESAI: every step) get one
 * pengajuan_langkah row per step and the matching rekap_langkah counts, as
 * an officer recording the step would (rekap_langkah with the same bucket
 * function). Durations are log-normal around the step's standard time
 * (median 0.6 x standard, about a quarter of the steps late), plus a night
 * (16 h) for one step in five that waits for the next working day; the
 * first step starts 1 to 48 hours after the application was sent. Steps
 * that would lie after t0 are not recorded yet.
 */
#define STEP_IDS 20000       /* application ids per transaction */
#define ROWS 100             /* rows per multi-row INSERT */
#define MAX_SVC 256          /* layanan ids below this */
#define MAX_LANGKAH 16

struct svc_steps {
	int n;
	const char *kode[MAX_LANGKAH], *nama[MAX_LANGKAH];
	int64_t baku[MAX_LANGKAH];   /* seconds */
};

static struct svc_steps svc_steps[MAX_SVC];

static void load_steps(struct db *db)
{
	const struct catalog *c = catalog_get(db);
	size_t i, k;

	for (i = 0; i < c->n; i++) {
		json_t *list = json_object_get(c->items[i].def, "langkah");
		struct svc_steps *s;

		if (c->items[i].id <= 0 || c->items[i].id >= MAX_SVC)
			die("a layanan id is out of the generator's range");
		s = &svc_steps[c->items[i].id];
		for (k = 0; k < json_array_size(list) && k < MAX_LANGKAH; k++) {
			json_t *e = json_array_get(list, k);

			s->kode[k] = json_string_value(json_object_get(e, "kode"));
			s->nama[k] = json_string_value(json_object_get(e, "nama"));
			s->baku[k] = (int64_t)json_integer_value(json_object_get(e, "waktu_baku_menit")) * 60;
		}
		s->n = (int)k;
	}
}

static uint64_t mix64(uint64_t z)
{
	z += UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A uniform number in (0, 1) from a hash. */
static double unit(uint64_t h)
{
	return ((double)(h >> 11) + 0.5) / 9007199254740992.0;
}

static int64_t step_duration(int64_t app, int j, int64_t baku)
{
	uint64_t h1 = mix64((uint64_t)app * 64 + (uint64_t)j), h2 = mix64(h1), h3 = mix64(h2);
	double z = sqrt(-2 * log(unit(h1))) * cos(2 * M_PI * unit(h2));
	int64_t d = (int64_t)((double)baku * exp(0.9 * z - 0.5));

	if (unit(h3) < 0.2)
		d += 16 * 3600;
	return d < 30 ? 30 : d;
}

/* The per-chunk roll-up: (hari, layanan, step, bucket) -> counts. */
struct agg_e {
	uint64_t key;        /* 0: empty */
	int64_t n, total, late;
};
#define AGG_BITS 20
static struct agg_e *agg;
static size_t agg_used;

static uint64_t agg_key(int64_t hari, int64_t lid, int j, int ember)
{
	return (uint64_t)hari << 40 | (uint64_t)lid << 24 | (uint64_t)j << 16 | (uint64_t)ember;
}

static void agg_add(uint64_t key, int64_t d, int late)
{
	size_t mask = ((size_t)1 << AGG_BITS) - 1, i = (size_t)mix64(key) & mask;

	while (agg[i].key && agg[i].key != key)
		i = (i + 1) & mask;
	if (!agg[i].key) {
		if (++agg_used > mask / 2)
			die("the step roll-up of one chunk is too large");
		agg[i].key = key;
	}
	agg[i].n++;
	agg[i].total += d;
	agg[i].late += late;
}

/* "INSERT INTO table (cols) VALUES (?, ...), ... tail" for k rows of ncol
 * columns; built once per (k, table), kept for the statement cache. */
static const char *multi_sql(char **slot, const char *head, int ncol, int k, const char *tail)
{
	struct buf b = BUF_INIT;
	int r, c;

	if (*slot)
		return *slot;
	buf_adds(&b, head);
	for (r = 0; r < k; r++) {
		buf_adds(&b, r ? ", (" : " VALUES (");
		for (c = 0; c < ncol; c++)
			buf_adds(&b, c ? ", ?" : "?");
		buf_addc(&b, ')');
	}
	buf_adds(&b, tail);
	*slot = buf_detach(&b, NULL);
	return *slot;
}

/* Runs a multi-row INSERT of k rows (k == ROWS or 1). */
static void multi_run(struct db *db, char **slots, const char *head, const char *rowfmt, int k, const char *tail,
		      const union db_arg *args, const char *what)
{
	int ncol = (int)strlen(rowfmt), r;
	char fmt[ROWS * 8 + 1];
	const char *sql = multi_sql(&slots[k == 1], head, ncol, k, tail);
	struct db_stmt *st;
	enum db_rc rc;

	for (r = 0; r < k; r++)
		memcpy(fmt + r * ncol, rowfmt, (size_t)ncol);
	fmt[k * ncol] = '\0';
	st = db_query_args(db, sql, fmt, args);
	rc = db_next(st);
	db_end(st);
	if (rc != DB_DONE)
		die(what);
}

static char *ins_langkah[2], *ins_rekap[2];
static const char head_langkah[] =
	"INSERT INTO pengajuan_langkah (pengajuan_id, layanan_id, langkah, nama, catatan, durasi, baku, created_at)";
static const char head_rekap[] =
	"INSERT INTO rekap_langkah (hari, layanan_id, langkah, ember, jumlah, total_detik, terlambat)";
static const char tail_rekap[] =
	" ON CONFLICT (hari, layanan_id, langkah, ember) DO UPDATE SET jumlah = rekap_langkah.jumlah + excluded.jumlah,"
	" total_detik = rekap_langkah.total_detik + excluded.total_detik,"
	" terlambat = rekap_langkah.terlambat + excluded.terlambat";

static void flush_rekap(struct db *db)
{
	union db_arg args[ROWS * 7];
	size_t i, cap = (size_t)1 << AGG_BITS;
	int k = 0;

	for (i = 0; i < cap; i++) {
		struct agg_e *e = &agg[i];
		int j = (int)(e->key >> 16 & 0xff);
		int64_t lid = (int64_t)(e->key >> 24 & 0xffff);

		if (!e->key)
			continue;
		args[k * 7 + 0].integer = (int64_t)(e->key >> 40);
		args[k * 7 + 1].integer = lid;
		args[k * 7 + 2].text = svc_steps[lid].kode[j];
		args[k * 7 + 3].integer = (int64_t)(e->key & 0xffff);
		args[k * 7 + 4].integer = e->n;
		args[k * 7 + 5].integer = e->total;
		args[k * 7 + 6].integer = e->late;
		if (++k == ROWS) {
			multi_run(db, ins_rekap, head_rekap, "iisiiii", ROWS, tail_rekap, args, "rekap_langkah insert failed");
			k = 0;
		}
	}
	for (i = 0; i < (size_t)k; i++)
		multi_run(db, ins_rekap, head_rekap, "iisiiii", 1, tail_rekap, args + i * 7, "rekap_langkah insert failed");
	memset(agg, 0, cap * sizeof *agg);
	agg_used = 0;
}

struct app_row {
	int64_t id, lid, created;
	int partial;
};

/* Steps of the applications with ids in (lo, hi]. */
static void grow_steps(struct db *db, int64_t lo, int64_t hi, int64_t t0)
{
	static struct app_row apps[STEP_IDS];
	union db_arg args[ROWS * 8];

	if (!agg && !(agg = calloc((size_t)1 << AGG_BITS, sizeof *agg)))
		die("out of memory");
	while (lo < hi) {
		int64_t end = lo + STEP_IDS < hi ? lo + STEP_IDS : hi;
		struct db_stmt *st = db_query(db, "SELECT id, layanan_id, status, created_at FROM pengajuan"
					      " WHERE id > ? AND id <= ? AND status IN ('DIPROSES', 'TERBIT_TTE', 'SELESAI')"
					      " ORDER BY id", "ii", lo, end);
		size_t n = 0, a;
		int k = 0, i;

		while (db_next(st) == DB_ROW && n < STEP_IDS) {
			apps[n].id = db_int(st, 0);
			apps[n].lid = db_int(st, 1);
			apps[n].partial = !strcmp(db_text(st, 2), "DIPROSES");
			apps[n].created = db_int(st, 3);
			n++;
		}
		db_end(st);
		if (db_begin(db) != DB_OK)
			die("cannot begin a transaction");
		for (a = 0; a < n; a++) {
			const struct svc_steps *s = &svc_steps[apps[a].lid];
			int m = apps[a].partial ? (s->n + 1) / 2 : s->n;
			int64_t t = apps[a].created + 600 + 3600 + (int64_t)(mix64((uint64_t)apps[a].id) % (47 * 3600));

			for (i = 0; i < m; i++) {
				int64_t d = step_duration(apps[a].id, i, s->baku[i]);

				t += d;
				if (t > t0)
					break;
				args[k * 8 + 0].integer = apps[a].id;
				args[k * 8 + 1].integer = apps[a].lid;
				args[k * 8 + 2].text = s->kode[i];
				args[k * 8 + 3].text = s->nama[i];
				args[k * 8 + 4].text = "Selesai sesuai prosedur.";
				args[k * 8 + 5].integer = d;
				args[k * 8 + 6].integer = s->baku[i];
				args[k * 8 + 7].integer = t;
				if (++k == ROWS) {
					multi_run(db, ins_langkah, head_langkah, "iisssiii", ROWS, "", args,
						  "pengajuan_langkah insert failed");
					k = 0;
				}
				agg_add(agg_key(REKAP_HARI(t), apps[a].lid, i, rekap_ember(d)), d, d > s->baku[i]);
			}
		}
		for (i = 0; i < k; i++)
			multi_run(db, ins_langkah, head_langkah, "iisssiii", 1, "", args + i * 8,
				  "pengajuan_langkah insert failed");
		flush_rekap(db);
		if (db_commit(db) != DB_OK)
			die("commit failed");
		lo = end;
	}
}

/* The roll-ups hold what the rows hold. */
static void check_rollups(struct db *db, int steps)
{
	int64_t a = scalar(db, "SELECT COUNT(*) FROM pengajuan");
	int64_t b = scalar(db, "SELECT COALESCE(SUM(jumlah), 0) FROM rekap_pengajuan");

	if (a != b)
		die("rekap_pengajuan does not add up to the pengajuan rows");
	if (scalar(db, "SELECT COUNT(*) FROM pemohon WHERE diverifikasi_at IS NOT NULL") !=
	    scalar(db, "SELECT COALESCE(SUM(jumlah), 0) FROM rekap_pendaftaran"))
		die("rekap_pendaftaran does not add up to the decided registrations");
	if (steps && (scalar(db, "SELECT COUNT(*) FROM pengajuan_langkah") !=
		      scalar(db, "SELECT COALESCE(SUM(jumlah), 0) FROM rekap_langkah") ||
		      scalar(db, "SELECT COALESCE(SUM(durasi), 0) FROM pengajuan_langkah") !=
		      scalar(db, "SELECT COALESCE(SUM(total_detik), 0) FROM rekap_langkah")))
		die("rekap_langkah does not add up to the pengajuan_langkah rows");
}

/* ---- the timed operations ------------------------------------------------ */

struct ctx {
	struct db *db;
	int64_t n;          /* rows in the pemohon table */
	int64_t app_rows;   /* applicant rows [0, app_rows) have applications */
	long page_size;
	long middle_page;   /* of the menunggu queue */
	const struct cat_service *snd;        /* Sinkronisasi Data, as seeded */
	const struct cat_service *snd_quota;  /* the same with a daily quota */
	/* chosen by a prep function, outside the timing */
	int64_t row, pid;
	char kode[APP_CODE_MAX];
	/* --report: last 31 days, last 365 days, all data (at most five
	 * years); every service, one service */
	struct report_query rq[3][2];
	char xlsx[4200], tmpdir[4096];
};

static void fail(const char *op)
{
	fprintf(stderr, "data: %s gave an unexpected result\n", op);
	exit(1);
}

static void op_login(struct ctx *c)
{
	struct person p;
	enum acct_status st;
	int64_t id;
	char *alasan;

	person_of(pick(c->n, "aktif"), &p);
	if (acct_login(c->db, p.nik, PASSWORD, "127.0.0.1", &id, &st, &alasan) != ACCT_OK)
		fail("acct_login");
	free(alasan);
}

/* The row lookup of acct_login alone, without Argon2id. */
static void op_login_select(struct ctx *c)
{
	struct person p;
	struct db_stmt *st;
	char *hash = NULL;

	person_of(pick(c->n, "aktif"), &p);
	st = db_query(c->db, "SELECT id, password_hash, status, alasan_tolak FROM pemohon WHERE nik = ?", "s", p.nik);
	if (db_next(st) == DB_ROW)
		hash = strdup(db_text(st, 1));
	db_end(st);
	if (!hash)
		fail("SELECT by NIK");
	free(hash);
}

static void queue(struct ctx *c, const char *status, const char *q, long page, long want_total)
{
	long total = 0;
	json_t *rows = acct_queue(c->db, status, q, page, c->page_size, &total);

	if (!rows || json_array_size(rows) == 0 || (want_total && total != want_total))
		fail("acct_queue");
	json_decref(rows);
}

static void op_queue_first(struct ctx *c)
{
	queue(c, "menunggu", NULL, 1, 0);
}

static void op_queue_middle(struct ctx *c)
{
	queue(c, "menunggu", NULL, c->middle_page, 0);
}

static void op_queue_nik(struct ctx *c)
{
	struct person p;

	person_of(pick(c->n, "menunggu"), &p);
	queue(c, "menunggu", p.nik, 1, 1);
}

static void op_queue_name(struct ctx *c)
{
	queue(c, "menunggu", "santoso", 1, 0);
}

static void op_queue_all(struct ctx *c)
{
	queue(c, NULL, NULL, 1, 0);
}

/* What the pager's total would cost without the cap. */
static void op_count_exact(struct ctx *c)
{
	struct db_stmt *st = db_query(c->db, "SELECT COUNT(*) FROM pemohon WHERE status = ?", "s", "menunggu");

	if (db_next(st) != DB_ROW || db_int(st, 0) <= 0)
		fail("COUNT(*)");
	db_end(st);
}

static void op_status(struct ctx *c)
{
	struct person p;
	enum acct_status st;
	char *alasan = NULL;
	json_t *errors = json_object();

	person_of(rand_below(c->n), &p);
	if (acct_status(c->db, p.nik, p.lahir_form, errors, &st, &alasan) != ACCT_OK)
		fail("acct_status");
	free(alasan);
	json_decref(errors);
}

/* -- applications: one random aktif applicant that has applications -- */

static void prep_applicant(struct ctx *c)
{
	c->row = pick(c->app_rows, "aktif");
	c->pid = c->row + 1;   /* checked in main: row i has id i + 1 */
}

/* ... and one of its applications */
static void prep_application(struct ctx *c)
{
	struct db_stmt *st;

	prep_applicant(c);
	st = db_query(c->db, "SELECT kode FROM pengajuan WHERE pemohon_id = ? ORDER BY id LIMIT 1 OFFSET ?", "ii",
		      c->pid, rand_below(12));
	c->kode[0] = '\0';
	if (db_next(st) == DB_ROW)
		snprintf(c->kode, sizeof c->kode, "%s", db_text(st, 0));
	db_end(st);
	if (!c->kode[0])
		fail("SELECT kode of an application");
}

static void list(struct ctx *c, const struct app_filter *f, int want_rows)
{
	long total = -1;
	json_t *rows = app_list(c->db, c->pid, f, 1, c->page_size, &total);

	if (!rows || total < 0 || (want_rows && json_array_size(rows) == 0))
		fail("app_list");
	json_decref(rows);
}

static void op_app_list(struct ctx *c)
{
	struct app_filter f = { 0 };

	list(c, &f, 1);
}

static void op_app_list_status(struct ctx *c)
{
	struct app_filter f = { 0 };

	f.status = "SELESAI";
	list(c, &f, 0);
}

/* A part of the applicant's own name, as one would type it. */
static void op_app_list_nama(struct ctx *c)
{
	struct app_filter f = { 0 };
	char nama[64], q[32];
	const char *last;
	size_t i;

	name_of(c->row, nama, sizeof nama, &last);
	for (i = 0; last[i] && i + 1 < sizeof q; i++)
		q[i] = (char)(last[i] >= 'A' && last[i] <= 'Z' ? last[i] + 32 : last[i]);
	q[i] = '\0';
	f.nama = q;
	list(c, &f, 1);
}

static void op_app_detail(struct ctx *c)
{
	json_t *d = app_detail(c->db, c->pid, c->kode, NULL);

	if (!d)
		fail("app_detail");
	json_decref(d);
}

static void create(struct ctx *c, const struct cat_service *svc)
{
	struct person p;
	struct app_input in = { 0 };
	char nama[64], reason[400], kode[APP_CODE_MAX];
	json_t *isian = json_pack("{s:s}", "permasalahan_data", "NIK tidak ditemukan di BPJS Kesehatan.");
	json_t *errors = json_object();
	enum app_rc rc;

	person_of(c->row, &p);
	name_of(c->row, nama, sizeof nama, NULL);
	in.nik = p.nik;
	in.nama = nama;
	in.detail = "Data kependudukan saya tidak ditemukan saat mendaftar BPJS Kesehatan.";
	in.isian = isian;
	rc = app_create(c->db, c->pid, svc, &in, errors, reason, sizeof reason, kode);
	if (rc != APP_OK) {
		char *e = json_dumps(errors, JSON_COMPACT);

		fprintf(stderr, "data: app_create: rc %d, %s %s\n", (int)rc, reason, e ? e : "");
		free(e);
		fail("app_create");
	}
	json_decref(isian);
	json_decref(errors);
}

static void op_app_create(struct ctx *c)
{
	create(c, c->snd);
}

static void op_app_create_quota(struct ctx *c)
{
	create(c, c->snd_quota);
}

/* What the Home page asks of the store: the catalog snapshot, the latest
 * posts with their excerpts and the availability of every general
 * service. */
static void op_home(struct ctx *c)
{
	time_t now = time(NULL);
	const struct catalog *cat = catalog_get(c->db);
	json_t *posts = info_latest(c->db, 0, now, HOME_POSTS, EXCERPT_CHARS);
	char reason[400];
	size_t i;

	if (!posts || !cat->n)
		fail("Home");
	for (i = 0; i < cat->n; i++)
		if (cat->items[i].umum)
			catalog_available(c->db, &cat->items[i], now, reason, sizeof reason);
	json_decref(posts);
}

/* Availability of a service with a daily quota: counts today's rows. */
static void op_quota(struct ctx *c)
{
	char reason[400];

	if (!catalog_available(c->db, c->snd_quota, time(NULL), reason, sizeof reason))
		fail("catalog_available with a quota");
}

/* -- the officers' side: queues and the dashboard, for an officer without
 * a service limit (they see everything) -- */

static void wf_page(struct ctx *c, enum wf_queue q, const char *search, int terlambat)
{
	struct wf_actor a = { .id = 1, .roles = 1 << ROLE_ADMIN };
	struct wf_filter f = { .queue = q, .q = search, .terlambat = terlambat };
	long total = 0;
	json_t *rows = wf_queue_page(c->db, &a, &f, 1, c->page_size, &total);

	if (!rows || (!search && !json_array_size(rows)))
		fail("wf_queue_page");
	json_decref(rows);
}

static void op_wf_verifikasi(struct ctx *c) { wf_page(c, Q_VERIFIKASI, NULL, 0); }
static void op_wf_all(struct ctx *c) { wf_page(c, Q__MAX, NULL, 0); }
static void op_wf_late(struct ctx *c) { wf_page(c, Q__MAX, NULL, 1); }
static void op_wf_name(struct ctx *c) { wf_page(c, Q__MAX, "santoso", 0); }

static void op_wf_nik(struct ctx *c)
{
	struct person p;

	person_of(rand_below(c->app_rows), &p);
	wf_page(c, Q__MAX, p.nik, 0);
}

static void op_wf_dashboard(struct ctx *c)
{
	struct wf_actor a = { .id = 1, .roles = 1 << ROLE_ADMIN };
	json_t *d = wf_dashboard(c->db, &a, time(NULL));

	if (!d)
		fail("wf_dashboard");
	json_decref(d);
}

/* -- reports (--report): what the page, the API and the downloads cost -- */

static json_t *build(struct ctx *c, int period, int one)
{
	json_t *r = report_build(c->db, &c->rq[period][one]);

	if (!r || !json_array_size(json_object_get(json_object_get(r, "pengajuan"), "per_waktu")))
		fail("report_build");
	return r;
}

static void report_op(struct ctx *c, int period, int one)
{
	json_decref(build(c, period, one));
}

static void op_rep_month(struct ctx *c) { report_op(c, 0, 0); }
static void op_rep_month_one(struct ctx *c) { report_op(c, 0, 1); }
static void op_rep_year(struct ctx *c) { report_op(c, 1, 0); }
static void op_rep_year_one(struct ctx *c) { report_op(c, 1, 1); }
static void op_rep_all(struct ctx *c) { report_op(c, 2, 0); }
static void op_rep_all_one(struct ctx *c) { report_op(c, 2, 1); }

/* The first report of a process, before it keeps any month's step buckets. */
static void prep_cold(struct ctx *c)
{
	(void)c;
	report_cache_clear();
}

static void csv(struct ctx *c, int period)
{
	json_t *r = build(c, period, 0);
	struct buf b = BUF_INIT;

	report_csv(r, &b);
	if (b.len < 1000)
		fail("report_csv");
	buf_release(&b);
	json_decref(r);
}

static void op_csv_month(struct ctx *c) { csv(c, 0); }
static void op_csv_year(struct ctx *c) { csv(c, 1); }
static void op_csv_all(struct ctx *c) { csv(c, 2); }

/* As the download does: a file under DATA_DIR/tmp, written, removed. */
static void xlsx(struct ctx *c, int period)
{
	json_t *r = build(c, period, 0);
	struct stat st;

	if (report_xlsx(r, c->xlsx, c->tmpdir) < 0 || stat(c->xlsx, &st) < 0 || st.st_size < 1000)
		fail("report_xlsx");
	unlink(c->xlsx);
	json_decref(r);
}

static void op_xlsx_month(struct ctx *c) { xlsx(c, 0); }
static void op_xlsx_year(struct ctx *c) { xlsx(c, 1); }
static void op_xlsx_all(struct ctx *c) { xlsx(c, 2); }

/* The periods of the report timings, ending on t0's day: 31 days, 365
 * days, and everything there is (at most REPORT_MAX_DAYS); every service,
 * and one (Akta Kelahiran, 4 steps). */
static void report_periods(struct ctx *c, int64_t t0)
{
	int64_t today = REKAP_HARI(t0), first = REKAP_HARI(scalar(c->db, "SELECT MIN(created_at) FROM pengajuan"));
	int64_t from[3] = { today - 30, today - 364, today - REPORT_MAX_DAYS + 1 };
	const struct cat_service *one = catalog_find(catalog_get(c->db), "akta-kelahiran");
	int p;

	if (!one)
		die("the default catalog has no akta-kelahiran service");
	if (first > from[2])
		from[2] = first;
	for (p = 0; p < 3; p++) {
		memset(c->rq[p], 0, sizeof c->rq[p]);
		c->rq[p][0].dari = c->rq[p][1].dari = from[p];
		c->rq[p][0].sampai = c->rq[p][1].sampai = today;
		c->rq[p][1].layanan_id = one->id;
		c->rq[p][1].layanan_kode = one->kode;
		c->rq[p][1].layanan_nama = one->nama;
	}
}

struct op {
	const char *name;
	int runs;
	void (*fn)(struct ctx *);
	void (*prep)(struct ctx *);   /* untimed, before each call; NULL: none */
	int apps;                     /* 1: needs applications */
	int report;                   /* 1: timed with --report (and only those then) */
};

static const struct op ops[] = {
	{ "login (acct_login, Argon2id included)", 20, op_login, NULL, 0, 0 },
	{ "login: its SELECT by NIK alone", 200, op_login_select, NULL, 0, 0 },
	{ "status check (acct_status)", 200, op_status, NULL, 0, 0 },
	{ "queue, exact NIK search", 200, op_queue_nik, NULL, 0, 0 },
	{ "queue menunggu, page 1", 200, op_queue_first, NULL, 0, 0 },
	{ "queue menunggu, middle page", 200, op_queue_middle, NULL, 0, 0 },
	{ "queue menunggu, name search, page 1", 20, op_queue_name, NULL, 0, 0 },
	{ "queue semua, page 1", 20, op_queue_all, NULL, 0, 0 },
	{ "COUNT(*) menunggu, uncapped", 20, op_count_exact, NULL, 0, 0 },
	{ "app_list, own, page 1", 500, op_app_list, prep_applicant, 1, 0 },
	{ "app_list, own, status SELESAI", 500, op_app_list_status, prep_applicant, 1, 0 },
	{ "app_list, own, nama search", 500, op_app_list_nama, prep_applicant, 1, 0 },
	{ "app_detail", 500, op_app_detail, prep_application, 1, 0 },
	{ "catalog_available, daily quota (today's count)", 500, op_quota, NULL, 1, 0 },
	{ "Home: catalog_get + availability + 3 posts", 500, op_home, NULL, 0, 0 },
	{ "officer queue verifikasi, page 1", 200, op_wf_verifikasi, NULL, 1, 0 },
	{ "officer list, every status, page 1", 200, op_wf_all, NULL, 1, 0 },
	{ "officer list, overdue only, page 1", 200, op_wf_late, NULL, 1, 0 },
	{ "officer list, exact NIK search", 200, op_wf_nik, NULL, 1, 0 },
	{ "officer list, name search (prefix), page 1", 20, op_wf_name, NULL, 1, 0 },
	{ "officer dashboard (wf_dashboard)", 200, op_wf_dashboard, NULL, 1, 0 },
	/* last: they add rows to today */
	{ "app_create (code counter)", 200, op_app_create, prep_applicant, 1, 0 },
	{ "app_create, daily quota (+ counter, count)", 200, op_app_create_quota, prep_applicant, 1, 0 },
	{ "report, last 31 days, every service", 100, op_rep_month, NULL, 1, 1 },
	{ "report, last 31 days, one service", 100, op_rep_month_one, NULL, 1, 1 },
	{ "report, last 365 days, every service", 20, op_rep_year, NULL, 1, 1 },
	{ "report, last 365 days, one service", 20, op_rep_year_one, NULL, 1, 1 },
	{ "report, all data (up to 5 years), every service", 20, op_rep_all, NULL, 1, 1 },
	{ "report, all data (up to 5 years), one service", 20, op_rep_all_one, NULL, 1, 1 },
	{ "report, last 365 days, every service, no month kept yet", 5, op_rep_year, prep_cold, 1, 1 },
	{ "report, all data, every service, no month kept yet", 5, op_rep_all, prep_cold, 1, 1 },
	{ "CSV download, last 31 days (report + CSV)", 20, op_csv_month, NULL, 1, 1 },
	{ "CSV download, last 365 days", 20, op_csv_year, NULL, 1, 1 },
	{ "CSV download, all data", 20, op_csv_all, NULL, 1, 1 },
	{ "XLSX download, last 31 days (report + file)", 20, op_xlsx_month, NULL, 1, 1 },
	{ "XLSX download, last 365 days", 20, op_xlsx_year, NULL, 1, 1 },
	{ "XLSX download, all data", 20, op_xlsx_all, NULL, 1, 1 },
};
#define NOPS (sizeof ops / sizeof ops[0])
#define MAX_RUNS 500

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct timing {
	double median, p99;   /* microseconds; p99 of 20 runs is their maximum */
};

/* Median and 99th percentile of runs calls, after one untimed call that
 * warms the caches. */
static struct timing measure(const struct op *o, struct ctx *c)
{
	double t[MAX_RUNS];
	struct timing r;
	int k, n = o->runs;

	if (o->prep)
		o->prep(c);
	o->fn(c);
	for (k = 0; k < n; k++) {
		double t0;

		if (o->prep)
			o->prep(c);
		t0 = now_us();
		o->fn(c);
		t[k] = now_us() - t0;
	}
	qsort(t, (size_t)n, sizeof t[0], cmp_double);
	r.median = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	r.p99 = t[(99 * n + 99) / 100 - 1];
	return r;
}

/* ---- command line ---------------------------------------------------------- */

static void usage(FILE *f)
{
	fputs("Usage: data [--max N] [--steps 10000,100000,1000000] [--apps-max M] [--app-gap S] [--report]\n"
	      "\n"
	      "Grows the pemohon table of an EMPTY loket database (chosen like loket does:\n"
	      "LOKET_DATABASE_URL, or LOKET_DATA_DIR/loket.db) to each step, up to N rows\n"
	      "(default 1000000), with about 10 applications per applicant up to M\n"
	      "applications in all (default 2000000; 0: none), made S seconds apart going\n"
	      "back from today (default 30), with their report roll-ups, and prints the\n"
	      "median and 99th percentile of each lookup in microseconds.\n"
	      "--report also records the process steps of every application that reached\n"
	      "processing (pengajuan_langkah, rekap_langkah) and times the reports and\n"
	      "their CSV/XLSX downloads instead of the lookups.\n", f);
}

static int64_t parse_count(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (end == s || (*end && *end != ',') || v < 1 || v > NIK_SPACE)
		return -1;
	return v;
}

static int parse_steps(const char *s, int64_t *steps)
{
	int n = 0;

	while (*s) {
		int64_t v = parse_count(s);

		if (v < 0 || n == MAX_STEPS || (n && v <= steps[n - 1]))
			return -1;
		steps[n++] = v;
		s = strchr(s, ',');
		if (!s)
			break;
		s++;
	}
	return n;
}

static const char *count_text(int64_t v, char out[32])
{
	char d[24];
	int len = snprintf(d, sizeof d, "%" PRId64, v), i, o = 0;

	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = d[i];
	}
	out[o] = '\0';
	return out;
}

static void print_us(double v)
{
	if (v < 100)
		printf("%.1f", v);
	else {
		char b[32];

		printf("%s", count_text((int64_t)(v + 0.5), b));
	}
}

/* The pemohon row i must have id i + 1 (a fresh table, no failed insert):
 * the application generator and the prep functions rely on it. */
static void check_ids(struct db *db, int64_t i)
{
	struct person p;
	struct db_stmt *st;
	int64_t id = 0;

	person_of(i, &p);
	st = db_query(db, "SELECT id FROM pemohon WHERE nik = ?", "s", p.nik);
	if (db_next(st) == DB_ROW)
		id = db_int(st, 0);
	db_end(st);
	if (id != i + 1)
		die("pemohon ids do not follow the rows (give a fresh database)");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "max", required_argument, NULL, 'm' },
		{ "steps", required_argument, NULL, 's' },
		{ "apps-max", required_argument, NULL, 'a' },
		{ "app-gap", required_argument, NULL, 'g' },
		{ "report", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	int64_t steps[MAX_STEPS + 1] = { 10000, 100000, 1000000 }, max = 1000000, have = 0;
	int64_t apps_max = APPS_MAX_DEFAULT, napps[MAX_STEPS + 1], nservices;
	int64_t t0 = (int64_t)catalog_day_start(time(NULL)) + 86400 - 1, top;
	int64_t nsteprows[MAX_STEPS + 1] = { 0 }, nrekap[MAX_STEPS + 1][3], ndays[MAX_STEPS + 1] = { 0 };
	static struct timing result[MAX_STEPS + 1][NOPS];
	static struct cat_service quota_svc;
	int nsteps = 3, i, c, pg, report = 0;
	char *err = NULL, hash[128], desa[16], regency[16], num[32], num2[32];
	struct ctx cx;
	struct db_stmt *st;
	size_t k, o;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'm':
			if ((max = parse_count(optarg)) < 0 || strchr(optarg, ',')) {
				fprintf(stderr, "data: --max wants a count from 1 to %" PRId64 "\n", NIK_SPACE);
				return 2;
			}
			break;
		case 's':
			if ((nsteps = parse_steps(optarg, steps)) <= 0) {
				fputs("data: --steps wants increasing counts separated by commas\n", stderr);
				return 2;
			}
			break;
		case 'a':
			if (!strcmp(optarg, "0"))
				apps_max = 0;
			else if ((apps_max = parse_count(optarg)) < 0 || strchr(optarg, ',')) {
				fputs("data: --apps-max wants a count (0: no applications)\n", stderr);
				return 2;
			}
			break;
		case 'g':
			if ((app_gap = parse_count(optarg)) < 0 || strchr(optarg, ',') || app_gap > 86400) {
				fputs("data: --app-gap wants seconds from 1 to 86400\n", stderr);
				return 2;
			}
			break;
		case 'r':
			report = 1;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	/* the steps up to max, and max itself as the last one */
	for (i = 0; i < nsteps && steps[i] < max; i++)
		;
	steps[i] = max;
	nsteps = i + 1;

	if (secret_init() < 0)
		die("libsodium initialisation failed");
	if (config_load(&g_cfg, NULL, &err) < 0) {
		fprintf(stderr, "data: configuration: %s\n", err ? err : "error");
		return 2;
	}
	if (!*g_cfg.files_dir) {
		char files[4096];

		snprintf(files, sizeof files, "%s/files", g_cfg.data_dir);
		config_set(&g_cfg, "files_dir", files);
	}
	for (i = 0, k = 0; g_cfg.regency_code[k] && i + 1 < (int)sizeof regency; k++)
		if (g_cfg.regency_code[k] != '.')
			regency[i++] = g_cfg.regency_code[k];
	regency[i] = '\0';
	pg = !strncmp(g_cfg.database_url, "postgres://", 11) || !strncmp(g_cfg.database_url, "postgresql://", 13);
	if (db_setup(g_cfg.data_dir, g_cfg.database_url) < 0) {
		fputs("data: this build cannot open that database\n", stderr);
		return 3;
	}
	cx.db = db_thread();
	if (db_migrate(cx.db, 0) < 0)
		die("migration failed");
	/* the default catalog, as loket migrate loads it */
	if (catalog_seed(cx.db, g_cfg.catalog_dir, g_cfg.files_dir) < 0)
		die("cannot load the default catalog");
	st = db_query(cx.db, "SELECT COUNT(*) FROM pemohon", "");
	if (db_next(st) == DB_ROW)
		have = db_int(st, 0);
	db_end(st);
	if (have || scalar(cx.db, "SELECT COUNT(*) FROM pengajuan"))
		die("the pemohon table is not empty: give a fresh database");
	nservices = scalar(cx.db, "SELECT COUNT(*) FROM layanan");
	if (nservices < 1 || scalar(cx.db, "SELECT COUNT(DISTINCT urutan) FROM layanan") != nservices ||
	    scalar(cx.db, "SELECT MIN(urutan) FROM layanan") != 1 || scalar(cx.db, "SELECT MAX(urutan) FROM layanan") != nservices)
		die("the seeded services are not numbered 1..n");
	cx.snd = catalog_find(catalog_get(cx.db), "sinkronisasi-data");
	if (!cx.snd)
		die("the default catalog has no sinkronisasi-data service");
	/* the same service with a daily quota no run reaches */
	quota_svc = *cx.snd;
	quota_svc.def = json_deep_copy(cx.snd->def);
	json_object_set_new(quota_svc.def, "ketersediaan", json_pack("{s:I}", "kuota_harian", (json_int_t)1000000000));
	cx.snd_quota = &quota_svc;
	village(cx.db, desa);
	if (secret_password_hash(PASSWORD, hash, sizeof hash) < 0)
		die("cannot hash the password");
	cx.page_size = g_cfg.page_size > 0 ? g_cfg.page_size : 20;
	cx.app_rows = 0;
	if (report) {
		load_steps(cx.db);
		snprintf(cx.tmpdir, sizeof cx.tmpdir, "%s/tmp", g_cfg.data_dir);
		snprintf(cx.xlsx, sizeof cx.xlsx, "%s/laporan-bench.xlsx", cx.tmpdir);
		if (mkdir(cx.tmpdir, 0700) < 0 && errno != EEXIST)
			die("cannot create DATA_DIR/tmp");
	}

	fprintf(stderr, "data: %s, page size %ld, %" PRId64 " services, at most %" PRId64 " applications\n",
		pg ? "PostgreSQL" : "SQLite", cx.page_size, nservices, apps_max);
	for (i = 0; i < nsteps; i++) {
		double ta = now_us(), tb;
		int64_t want_rows = apps_max / 10 < steps[i] ? apps_max / 10 : steps[i];

		grow(cx.db, have, steps[i], desa, hash);
		have = steps[i];
		check_ids(cx.db, have - 1);
		tb = now_us();
		if (want_rows > cx.app_rows) {
			int64_t below = scalar(cx.db, "SELECT COALESCE(MAX(id), 0) FROM pengajuan");

			grow_apps(cx.db, cx.app_rows, want_rows, nservices, regency, t0);
			if (report)
				grow_steps(cx.db, below, scalar(cx.db, "SELECT COALESCE(MAX(id), 0) FROM pengajuan"), t0);
			cx.app_rows = want_rows;
			set_counters(cx.db);
			if (db_identity_reset(cx.db, "pengajuan", "id") != DB_DONE)
				die("cannot move the id generator of pengajuan");
		}
		/* PostgreSQL's autovacuum visits a table that grew (statistics,
		 * visibility map for index-only scans); do it now. SQLite gets no
		 * ANALYZE, as loket never runs one. */
		if (pg && db_exec(cx.db, "VACUUM ANALYZE pemohon, pengajuan, pengajuan_riwayat, pengajuan_langkah, "
				  "rekap_pengajuan, rekap_langkah, rekap_pendaftaran", "") != DB_DONE)
			die("VACUUM ANALYZE failed");
		check_rollups(cx.db, report);
		napps[i] = scalar(cx.db, "SELECT COUNT(*) FROM pengajuan");
		nsteprows[i] = scalar(cx.db, "SELECT COUNT(*) FROM pengajuan_langkah");
		nrekap[i][0] = scalar(cx.db, "SELECT COUNT(*) FROM rekap_pengajuan");
		nrekap[i][1] = scalar(cx.db, "SELECT COUNT(*) FROM rekap_langkah");
		nrekap[i][2] = scalar(cx.db, "SELECT COUNT(*) FROM rekap_pendaftaran");
		ndays[i] = napps[i] ? REKAP_HARI(t0) - REKAP_HARI(scalar(cx.db, "SELECT MIN(created_at) FROM pengajuan")) + 1 : 0;
		top = scalar(cx.db, "SELECT COALESCE(MAX(id), 0) FROM pengajuan");
		fprintf(stderr, "data: %" PRId64 " applicants (inserted in %.1f s), %" PRId64
			" applications (with history, inserted in %.1f s), timing...\n",
			have, (tb - ta) / 1e6, napps[i], (now_us() - tb) / 1e6);
		cx.n = have;
		cx.middle_page = (long)((have / 10) / cx.page_size / 2);
		if (cx.middle_page < 1)
			cx.middle_page = 1;
		if (report && cx.app_rows)
			report_periods(&cx, t0);
		for (k = 0; k < NOPS; k++)
			if ((!ops[k].apps || cx.app_rows) && ops[k].report == report)
				result[i][k] = measure(&ops[k], &cx);
		drop_created(cx.db, top);
	}

	/* one row per operation, one column per size: median / p99 */
	printf("| operation (runs) |");
	for (i = 0; i < nsteps; i++)
		printf(" %s |", count_text(steps[i], num));
	if (nsteps > 1)
		printf(" median %s / %s |", count_text(steps[nsteps - 1], num), count_text(steps[0], num2));
	printf("\n| --- |");
	for (i = 0; i <= nsteps - (nsteps > 1 ? 0 : 1); i++)
		printf(" ---: |");
	printf("\n| applications in the table |");
	for (i = 0; i < nsteps; i++)
		printf(" %s |", count_text(napps[i], num));
	printf("%s\n", nsteps > 1 ? " |" : "");
	if (report) {
		static const char *const what[] = {
			"days they span", "process steps (pengajuan_langkah)", "rekap_pengajuan rows",
			"rekap_langkah rows", "rekap_pendaftaran rows",
		};
		size_t w;

		for (w = 0; w < sizeof what / sizeof what[0]; w++) {
			printf("| %s |", what[w]);
			for (i = 0; i < nsteps; i++)
				printf(" %s |", count_text(w == 0 ? ndays[i] : w == 1 ? nsteprows[i] : nrekap[i][w - 2], num));
			printf("%s\n", nsteps > 1 ? " |" : "");
		}
	}
	for (o = 0; o < NOPS; o++) {
		if ((ops[o].apps && !cx.app_rows) || ops[o].report != report)
			continue;
		printf("| %s (%d) |", ops[o].name, ops[o].runs);
		for (i = 0; i < nsteps; i++) {
			putchar(' ');
			print_us(result[i][o].median);
			printf(" / ");
			print_us(result[i][o].p99);
			printf(" |");
		}
		if (nsteps > 1)
			printf(" %.2f |", result[nsteps - 1][o].median / result[0][o].median);
		putchar('\n');
	}
	json_decref(quota_svc.def);
	catalog_free_all();
	db_thread_close();
	config_free(&g_cfg);
	return 0;
}
