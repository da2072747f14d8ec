// SPDX-License-Identifier: MIT
// Grows the applicant table to N rows through the store layer and times login, the registration queue and the status check at each size.
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/account.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "store/db.h"

#define BATCH 10000
#define MAX_STEPS 16
#define PASSWORD "Bench-Pemohon-2024"
#define CREATED_BASE INT64_C(1700000000)

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
			uint64_t h;

			person_of(i, &p);
			/* names scattered over the rows, not in step with the statuses */
			h = (uint64_t)i * UINT64_C(0x9e3779b97f4a7c15);
			snprintf(nama, sizeof nama, "%s %s", first_names[(h >> 33) % NFIRST], last_names[(h >> 45) % NLAST]);
			snprintf(kk, sizeof kk, "33260715069%05d", (int)(i % 99999) + 1);
			snprintf(hp, sizeof hp, "62812%08d", (int)(i % 100000000));
			snprintf(email, sizeof email, "pemohon%" PRId64 "@contoh.id", i);
			if (db_exec(db, "INSERT INTO pemohon (nik, nama, no_kk, tempat_lahir, tanggal_lahir, nama_ibu, "
				    "kode_desa, no_hp, email, password_hash, status, peringatan, alasan_tolak, "
				    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				    "sssssssssssssii", p.nik, nama, kk, "Pekalongan", p.lahir_iso, "Siti Aminah", desa,
				    hp, email, hash, st,
				    i % 50 == 0 ? "Tanggal lahir pada NIK berbeda dengan tanggal lahir yang diisi." : NULL,
				    !strcmp(st, "ditolak") ? "Foto KTP tidak terbaca." : NULL,
				    CREATED_BASE + i * 30, CREATED_BASE + i * 30) != DB_DONE) {
				db_rollback(db);
				die("insert failed (the pemohon table must start empty)");
			}
		}
		if (db_commit(db) != DB_OK)
			die("commit failed");
	}
}

/* ---- the timed operations ------------------------------------------------ */

struct ctx {
	struct db *db;
	int64_t n;          /* rows in the table */
	long page_size;
	long middle_page;   /* of the menunggu queue */
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

struct op {
	const char *name;
	int runs;
	void (*fn)(struct ctx *);
};

static const struct op ops[] = {
	{ "login (Argon2id)", 20, op_login },
	{ "login: SELECT by NIK", 200, op_login_select },
	{ "queue menunggu p.1", 200, op_queue_first },
	{ "queue menunggu middle page", 200, op_queue_middle },
	{ "queue exact NIK", 200, op_queue_nik },
	{ "status check", 200, op_status },
	{ "queue name search p.1", 20, op_queue_name },
	{ "queue semua p.1", 20, op_queue_all },
	{ "COUNT(*) menunggu, uncapped", 20, op_count_exact },
};
#define NOPS (sizeof ops / sizeof ops[0])

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of runs calls, after one untimed call that warms the caches. */
static double median_us(const struct op *o, struct ctx *c)
{
	double t[256];
	int k;

	o->fn(c);
	for (k = 0; k < o->runs; k++) {
		double t0 = now_us();

		o->fn(c);
		t[k] = now_us() - t0;
	}
	qsort(t, (size_t)o->runs, sizeof t[0], cmp_double);
	return o->runs % 2 ? t[o->runs / 2] : (t[o->runs / 2 - 1] + t[o->runs / 2]) / 2;
}

/* ---- command line ---------------------------------------------------------- */

static void usage(FILE *f)
{
	fputs("Usage: data [--max N] [--steps 10000,100000,1000000]\n"
	      "\n"
	      "Grows the pemohon table of an EMPTY loket database (chosen like loket does:\n"
	      "LOKET_DATABASE_URL, or LOKET_DATA_DIR/loket.db) to each step, up to N rows\n"
	      "(default 1000000), and prints the median time of each lookup in microseconds.\n", f);
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

static void print_count(int64_t v)
{
	char d[24], out[32];
	int len = snprintf(d, sizeof d, "%" PRId64, v), i, o = 0;

	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = d[i];
	}
	out[o] = '\0';
	printf("| %s |", out);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "max", required_argument, NULL, 'm' },
		{ "steps", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int64_t steps[MAX_STEPS + 1] = { 10000, 100000, 1000000 }, max = 1000000, have = 0;
	double result[MAX_STEPS + 1][NOPS];
	int nsteps = 3, i, c, pg;
	char *err = NULL, hash[128], desa[16];
	struct ctx cx;
	struct db_stmt *st;
	size_t k;

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
	pg = !strncmp(g_cfg.database_url, "postgres://", 11) || !strncmp(g_cfg.database_url, "postgresql://", 13);
	if (db_setup(g_cfg.data_dir, g_cfg.database_url) < 0) {
		fputs("data: this build cannot open that database\n", stderr);
		return 3;
	}
	cx.db = db_thread();
	if (db_migrate(cx.db, 0) < 0)
		die("migration failed");
	st = db_query(cx.db, "SELECT COUNT(*) FROM pemohon", "");
	if (db_next(st) == DB_ROW)
		have = db_int(st, 0);
	db_end(st);
	if (have)
		die("the pemohon table is not empty: give a fresh database");
	village(cx.db, desa);
	if (secret_password_hash(PASSWORD, hash, sizeof hash) < 0)
		die("cannot hash the password");
	cx.page_size = g_cfg.page_size > 0 ? g_cfg.page_size : 20;

	fprintf(stderr, "data: %s, page size %ld, medians in microseconds\n",
		pg ? "PostgreSQL" : "SQLite", cx.page_size);
	for (i = 0; i < nsteps; i++) {
		double t0 = now_us();

		grow(cx.db, have, steps[i], desa, hash);
		have = steps[i];
		/* PostgreSQL's autovacuum visits a table that grew (statistics,
		 * visibility map for index-only scans); do it now. SQLite gets no
		 * ANALYZE, as loket never runs one. */
		if (pg && db_exec(cx.db, "VACUUM ANALYZE pemohon", "") != DB_DONE)
			die("VACUUM ANALYZE failed");
		fprintf(stderr, "data: %" PRId64 " rows (inserted in %.1f s), timing...\n", have, (now_us() - t0) / 1e6);
		cx.n = have;
		cx.middle_page = (long)((have / 10) / cx.page_size / 2);
		if (cx.middle_page < 1)
			cx.middle_page = 1;
		for (k = 0; k < NOPS; k++)
			result[i][k] = median_us(&ops[k], &cx);
	}

	printf("| rows |");
	for (k = 0; k < NOPS; k++)
		printf(" %s |", ops[k].name);
	printf("\n| ---: |");
	for (k = 0; k < NOPS; k++)
		printf(" ---: |");
	putchar('\n');
	for (i = 0; i < nsteps; i++) {
		print_count(steps[i]);
		for (k = 0; k < NOPS; k++)
			printf(" %.1f |", result[i][k]);
		putchar('\n');
	}
	if (nsteps > 1) {
		printf("| ratio %" PRId64 " / %" PRId64 " |", steps[nsteps - 1], steps[0]);
		for (k = 0; k < NOPS; k++)
			printf(" %.2f |", result[nsteps - 1][k] / result[0][k]);
		putchar('\n');
	}
	db_thread_close();
	config_free(&g_cfg);
	return 0;
}
