// SPDX-License-Identifier: MIT
// Unit tests of loket export/import: a SQLite office moved to SQLite and, with LOKET_TEST_DATABASE_URL, to PostgreSQL and back.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "domain/application.h"
#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/captcha.h"
#include "domain/csrf.h"
#include "domain/notify.h"
#include "domain/region.h"
#include "domain/rekap.h"
#include "domain/session.h"
#include "domain/staff.h"
#include "domain/throttle.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "store/db.h"
#include "store/migrations.h"
#include "store/transfer.h"
#include "pg_scratch.h"

#define MAX_TABLES 48
#define NIK_LIKE "0012345678901234"
#define ODD_NAME "Sri Wahyuni \xE2\x80\x94 \xE2\x80\x99 \xC3\xA9" /* "Sri Wahyuni — ’ é" */
#define BIG_TIME INT64_C(5000000000123)    /* > 2^32 */
#define BIG_EXACT INT64_C(9007199254740993) /* 2^53 + 1: no double holds it */

static char dir[64];
static char src_url[128], export_path[128];
/* The source's canonical dump, one string per table of transfer_tables. */
static char *src_dump[MAX_TABLES];
/* SQL texts stay put: db.h caches statements by their address. */
static char dump_sql[MAX_TABLES][64], count_sql[MAX_TABLES][64], max_sql[MAX_TABLES][64];

/* A target pair per backend: one that receives the office, one that every
 * refused import must leave empty. */
struct target {
	const char *name;
	char full[1024];
	char empty[1024];
	char back[128]; /* SQLite file the full target is exported back into */
};

static void use(const char *url)
{
	assert_int_equal(db_setup(NULL, url), 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Rows of table i as sorted JSON objects with sorted keys, one per line:
 * integer columns as integers, text as strings, NULL as null. */
static char *dump_table(size_t i, int64_t *nrows)
{
	struct db_stmt *st = db_query(db_thread(), dump_sql[i], "");
	struct buf out = BUF_INIT;
	char **lines = NULL;
	size_t n = 0, k;
	enum db_rc rc;
	int c;

	assert_non_null(st);
	while ((rc = db_next(st)) == DB_ROW) {
		json_t *row = json_object();

		for (c = 0; c < db_column_count(st); c++) {
			json_t *v = db_is_null(st, c) ? json_null()
				  : db_column_is_integer(st, c) ? json_integer(db_int(st, c))
				  : json_string(db_text(st, c));

			assert_non_null(v);
			json_object_set_new(row, db_column_name(st, c), v);
		}
		lines = realloc(lines, (n + 1) * sizeof *lines);
		assert_non_null(lines);
		lines[n++] = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(row);
	}
	assert_int_equal(rc, DB_DONE);
	db_end(st);
	qsort(lines, n, sizeof *lines, cmp_str);
	for (k = 0; k < n; k++) {
		buf_adds(&out, lines[k]);
		buf_addc(&out, '\n');
		free(lines[k]);
	}
	free(lines);
	if (nrows)
		*nrows = (int64_t)n;
	return buf_detach(&out, NULL);
}

/* Every table of the current database holds what the source holds. */
static void assert_same_as_source(void)
{
	size_t i;

	for (i = 0; i < transfer_tables_count; i++) {
		char *d = dump_table(i, NULL);

		if (strcmp(d, src_dump[i]))
			fail_msg("table %s differs from the source", transfer_tables[i].name);
		free(d);
	}
}

static int64_t scalar(const char *sql)
{
	struct db_stmt *st = db_query(db_thread(), sql, "");
	int64_t v = -1;

	assert_non_null(st);
	if (db_next(st) == DB_ROW)
		v = db_int(st, 0);
	db_end(st);
	return v;
}

static void assert_all_empty(void)
{
	size_t i;

	for (i = 0; i < transfer_tables_count; i++)
		if (scalar(count_sql[i]) != 0)
			fail_msg("table %s is not empty", transfer_tables[i].name);
}

static size_t table_index(const char *name)
{
	size_t i;

	for (i = 0; i < transfer_tables_count; i++)
		if (!strcmp(transfer_tables[i].name, name))
			return i;
	fail_msg("no table %s", name);
	return 0;
}

/* ---- the source office --------------------------------------------------- */

static const char pemohon_sql[] =
	"INSERT INTO pemohon (id, nik, nama, no_kk, tempat_lahir, tanggal_lahir, nama_ibu, kode_desa, no_hp, email, "
	"password_hash, status, peringatan, alasan_tolak, diverifikasi_oleh, diverifikasi_at, aktif_at, created_at, "
	"updated_at) VALUES (?, ?, ?, ?, ?, '1990-01-31', ?, '33.26.01.2001', '6281234567890', ?, 'x', ?, ?, ?, "
	"?, ?, ?, 1700000000, 1700000001)";

/* The catalog, one application with a document, its history and a chat. */
static int build_applications(struct db *db)
{
	char files[300], kode[APP_CODE_MAX], why[300];
	const struct cat_service *svc;
	json_t *errors = json_object(), *isian = json_pack("{s:s}", "permasalahan_data", "NIK \"tidak\" ditemukan\ndi BPJS");
	struct app_input in = { .nik = "3326071505900001", .nama = "Siti Aminah", .detail = "Baris 1\nBaris 2", .isian = isian };
	struct pemohon_mode m = grup_mode_pribadi(7);
	int rc = -1;

	snprintf(files, sizeof files, "%s/files", dir);
	if (catalog_seed(db, LOKET_SOURCE_DIR "/catalog", files) < 0 ||
	    !(svc = catalog_find(catalog_get(db), "sinkronisasi-data")) ||
	    app_create(db, &m, svc, &in, errors, why, sizeof why, kode) != APP_OK)
		goto out;
	if (db_exec(db, "INSERT INTO dokumen (id, pemohon_id, berkas, ext, mime, nama_asli, ukuran, lebar, tinggi, tanggal,"
		    " lembar, keterangan, created_at) VALUES (3, 7, 'abc', 'jpg', 'image/jpeg', ?, 10, 1, 1, '2026-01-02', 1,"
		    " '', 5)", "s", "KK \"asli\".jpg") != DB_DONE ||
	    db_exec(db, "INSERT INTO pengajuan_dokumen (pengajuan_id, jenis, dokumen_id, created_at) SELECT id,"
		    " 'foto-kartu-keluarga', 3, 6 FROM pengajuan", "") != DB_DONE ||
	    db_exec(db, "INSERT INTO chat (pengajuan_id, dari, isi, created_at) SELECT id, 'pemohon', ?, 7 FROM pengajuan",
		    "s", "Halo\n\tpetugas") != DB_DONE)
		goto out;
	/* the back office: a service limit, a step, a finished document, a
	 * setting and the roll-ups (app_create wrote rekap_pengajuan) */
	if (db_exec(db, "INSERT INTO staf_layanan (staf_id, layanan_id) SELECT 40, id FROM layanan WHERE kode = 'sinkronisasi-data'",
		    "") != DB_DONE ||
	    db_exec(db, "INSERT INTO pengajuan_langkah (pengajuan_id, layanan_id, langkah, nama, catatan, staf_id, durasi, baku,"
		    " created_at) SELECT id, layanan_id, 'konsolidasi-manual', 'Konsolidasi Manual', ?, 40, 3600, 3600, 9"
		    " FROM pengajuan", "s", "catatan \"x\"\nbaris") != DB_DONE ||
	    db_exec(db, "INSERT INTO dokumen_jadi (pengajuan_id, berkas, nama, nama_asli, ukuran, sha256, staf_id, created_at)"
		    " SELECT id, 'jadi1', 'Kartu Keluarga', 'kk.pdf', 1234, 'ab', 40, 10 FROM pengajuan", "") != DB_DONE ||
	    db_exec(db, "INSERT INTO pengaturan (kunci, nilai, updated_at) VALUES ('footer', ?, 11)", "s",
		    "Jl. \"Merdeka\" 1\nKajen") != DB_DONE ||
	    rekap_langkah(db, 1700000000, 1, "konsolidasi-manual", 3600, 1800) < 0 ||
	    rekap_pendaftaran(db, 1700000000, "disetujui") < 0)
		goto out;
	/* a Grup Pemohon with its scope, a service and a member (migration 011) */
	if (db_exec(db, "INSERT INTO grup (id, nama, jenis, aktif, created_at, updated_at) VALUES (3, ?, 'sekolah', 1, 12, 13)",
		    "s", "SMA \"Negeri\" 1 Kajen") != DB_DONE ||
	    db_exec(db, "INSERT INTO grup_wilayah (grup_id, kode) VALUES (3, '33.26.01')", "") != DB_DONE ||
	    db_exec(db, "INSERT INTO grup_layanan (grup_id, layanan_id) SELECT 3, id FROM layanan WHERE kode = 'pandu-ceria'",
		    "") != DB_DONE ||
	    db_exec(db, "INSERT INTO grup_anggota (grup_id, pemohon_id, oleh, created_at) VALUES (3, 7, 40, 14)", "") != DB_DONE)
		goto out;
	rc = 0;
out:
	json_decref(errors);
	json_decref(isian);
	return rc;
}

static int build_source(void)
{
	char raw[SECRET_TOKEN_LEN + 1], cid[SECRET_TOKEN_LEN + 1], q[64];
	struct session s1, s2;
	struct db *db;
	int64_t staf1, staf2, id;
	struct buf body = BUF_INIT;
	int i;

	if (db_setup(NULL, src_url) < 0)
		return -1;
	db = db_thread();
	if (db_migrate(db, 0) < 0 || region_import(db, LOKET_SOURCE_DIR "/tests/fixtures/regions") < 0)
		return -1;
	if (staff_add(db, "kepala", ODD_NAME, 1 << ROLE_ADMIN, "Rahasia-123!", &staf1) ||
	    staff_add(db, "verif.1", "123", (1 << ROLE_VERIFIKATOR) | (1 << ROLE_OPERATOR), "Rahasia-456!",
		      &staf2))
		return -1;
	/* a gap in the ids, which the import must keep */
	if (db_exec(db, "INSERT INTO staf (id, username, nama, password_hash, roles, aktif, ganti_password, "
		    "created_at) VALUES (40, 'lama', ?, 'x', 'operator', 0, 0, ?)", "si",
		    "O'Brien \"Budi\"\nbaris dua", BIG_TIME) != DB_DONE)
		return -1;
	/* NIK-like text with leading zeros; NULL and "" apart; an int64 */
	if (db_exec(db, pemohon_sql, "isssssssssiii", (int64_t)7, NIK_LIKE, ODD_NAME, "0000000000000001",
		    "Kab. \"Pekalongan\"\n'Kajen'\r\n", "Ibu \xE2\x80\x99" "Ani\xE2\x80\x99", "sri@example.id",
		    "aktif", (const char *)NULL, "", staf1, BIG_TIME, BIG_EXACT) != DB_DONE)
		return -1;
	if (db_exec(db, "INSERT INTO pemohon (id, nik, nama, no_kk, tempat_lahir, tanggal_lahir, nama_ibu, "
		    "kode_desa, no_hp, email, password_hash, status, peringatan, created_at, updated_at) VALUES "
		    "(42, '3326074501900012', 'null', '3326070101900001', 'Kajen', '1990-01-05', 'Ibu', "
		    "'33.26.01.2002', '6281', '', 'x', 'menunggu', ?, 1, 2)", "s",
		    "tab\there \\ backslash \xE2\x80\xA8 line separator \x01 control") != DB_DONE)
		return -1;
	if (session_create(db, SESS_STAF, staf1, 0, raw, &s1) || session_create(db, SESS_ANON, 0, 1, raw, &s2) ||
	    csrf_init(db) < 0)
		return -1;
	session_flash(db, &s1, "Selamat datang, " ODD_NAME);
	if (session_set_reregister(db, &s2, 42) < 0)
		return -1;
	/* two-factor login: an enrolment, a recovery code and a pending code step */
	if (db_exec(db, "UPDATE staf SET totp_rahasia = 'sealed-secret', totp_langkah = ?, totp_sejak = 3 WHERE id = ?",
		    "ii", BIG_TIME, staf1) != DB_DONE ||
	    db_exec(db, "INSERT INTO staf_pemulihan (staf_id, kode_hash, created_at) VALUES (?, 'h', 4)", "i", staf1) != DB_DONE ||
	    session_set_staf_pending(db, &s2, staf1, BIG_TIME) < 0)
		return -1;
	if (captcha_new(db, s1.id_hash, cid, q) || captcha_new(db, NULL, cid, q))
		return -1;
	if (db_exec(db, "INSERT INTO token (hash, jenis, pemohon_id, percobaan, created_at, expires_at, used_at) "
		    "VALUES ('h1', 'aktivasi', 7, 0, 1, ?, NULL), ('h2', 'reset', 42, 3, 1, 2, 1)", "i",
		    BIG_TIME) != DB_DONE)
		return -1;
	if (db_exec(db, "INSERT INTO kode_verifikasi (id, pemohon_id, jenis, nilai_baru, kode_hash, created_at, "
		    "expires_at) VALUES (5, 7, 'hp', '6281', 'k', 1, 2)", "") != DB_DONE)
		return -1;
	throttle_fail(db, "login:nik:" NIK_LIKE, 5, 900, 900);
	if (notify_queue(db, NOTIFY_EMAIL, "sri@example.id", "Subjek \"kutip\"", "Baris 1\nBaris 2 " ODD_NAME "\n\ttab"))
		return -1;
	/* a long line */
	for (i = 0; i < 20000; i++)
		buf_adds(&body, "isi \xE2\x80\x94 ");
	if (db_insert_id(db, "INSERT INTO outbox (channel, recipient, subject, body, status, attempts, next_attempt_at, "
			 "last_error, created_at, sent_at) VALUES ('whatsapp', '6281', 's', ?, 'sent', 2, 1, "
			 "'timeout', 1, ?) RETURNING id", &id, "si", body.ptr, BIG_TIME) != DB_DONE)
		return -1;
	buf_release(&body);
	if (audit_log(db, staf1, "setujui", "pemohon:7", "catatan \"x\"") || audit_log(db, staf2, "tolak", "pemohon:42", NULL))
		return -1;
	if (db_exec(db, "INSERT INTO audit (id, staf_id, aksi, objek, created_at) VALUES (90, NULL, 'sistem', 'x', ?)",
		    "i", BIG_EXACT) != DB_DONE)
		return -1;
	if (db_sequence_next(db, "AKL3326") != 1 || db_sequence_next(db, "AKL3326") != 2)
		return -1;
	if (db_exec(db, "INSERT INTO sequences (name, value) VALUES ('besar', ?)", "i", BIG_TIME) != DB_DONE)
		return -1;
	return build_applications(db);
}

/* Builds the source, exports it, and keeps its dump. */
static int prepare(void)
{
	char *err = NULL;
	size_t i;

	snprintf(dir, sizeof dir, "/tmp/loket-xfer-XXXXXX");
	if (!mkdtemp(dir) || secret_init() < 0 || config_load(&g_cfg, "/dev/null", &err) < 0)
		return -1;
	if (transfer_tables_count > MAX_TABLES)
		return -1;
	for (i = 0; i < transfer_tables_count; i++) {
		snprintf(dump_sql[i], sizeof dump_sql[i], "SELECT * FROM %s", transfer_tables[i].name);
		snprintf(count_sql[i], sizeof count_sql[i], "SELECT COUNT(*) FROM %s", transfer_tables[i].name);
		snprintf(max_sql[i], sizeof max_sql[i], "SELECT MAX(%s) FROM %s", transfer_tables[i].key,
			 transfer_tables[i].name);
	}
	snprintf(src_url, sizeof src_url, "sqlite:%s/source.db", dir);
	snprintf(export_path, sizeof export_path, "%s/office.jsonl", dir);
	if (build_source() < 0)
		return -1;
	if (transfer_export(db_thread(), export_path, NULL, &err) < 0) {
		fprintf(stderr, "export: %s\n", err);
		free(err);
		return -1;
	}
	for (i = 0; i < transfer_tables_count; i++)
		src_dump[i] = dump_table(i, NULL);
	db_thread_close();
	return 0;
}

/* A copy of the export with its lines passed through edit (which returns
 * the replacement line, or NULL to drop it). */
static void write_variant(const char *path, char *(*edit)(char *line, long n, void *arg), void *arg)
{
	FILE *in = fopen(export_path, "r"), *out = fopen(path, "w");
	char *line = NULL, *r;
	size_t cap = 0;
	long n = 0;

	assert_non_null(in);
	assert_non_null(out);
	while (getline(&line, &cap, in) > 0) {
		line[strcspn(line, "\n")] = '\0';
		r = edit(line, ++n, arg);
		if (r)
			fprintf(out, "%s\n", r);
		if (r != line)
			free(r);
	}
	free(line);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static long count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	long n = 0;
	int c;

	assert_non_null(f);
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/* Imports path into url, expecting a refusal whose message holds want. */
static void assert_refused(const char *url, const char *path, const char *want)
{
	char *err = NULL;

	use(url);
	assert_int_equal(transfer_import(db_thread(), path, catalog_import_checks, NULL, &err), -1);
	assert_non_null(err);
	if (!strstr(err, want) || !strstr(err, "nothing was imported"))
		fail_msg("unexpected message: %s", err);
	free(err);
}

/* ---- the file --------------------------------------------------------------- */

static void test_source_fills_every_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < transfer_tables_count; i++)
		if (!*src_dump[i])
			fail_msg("the source fixture leaves table %s empty", transfer_tables[i].name);
}

static void test_file_format(void **state)
{
	FILE *f = fopen(export_path, "r");
	char *line = NULL, tmp[160];
	size_t cap = 0, table = 0;
	long n = 0, rows = 0;
	json_t *j, *row;
	const char *current = NULL;
	struct stat sb;
	int ended = 0, saw_nik = 0;

	(void)state;
	assert_non_null(f);
	assert_int_equal(stat(export_path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(tmp, sizeof tmp, "%s.tmp", export_path);
	assert_int_not_equal(access(tmp, F_OK), 0);
	while (getline(&line, &cap, f) > 0) {
		j = json_loads(line, 0, NULL);
		assert_non_null(j);
		assert_false(ended);
		if (++n == 1) {
			assert_string_equal(json_string_value(json_object_get(j, "format")), "loket-export");
			assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
			assert_int_equal(json_integer_value(json_object_get(j, "schema")),
					 migrations[migrations_count - 1].version);
			assert_string_equal(json_string_value(json_object_get(j, "backend")), "sqlite");
			assert_int_equal(strlen(json_string_value(json_object_get(j, "created_at"))), 20);
			assert_int_equal(json_string_value(json_object_get(j, "created_at"))[19], 'Z');
		} else if (json_is_object(j) && json_object_get(j, "table")) {
			/* every table, in the list's (foreign-key) order */
			assert_true(table < transfer_tables_count);
			current = transfer_tables[table++].name;
			assert_string_equal(json_string_value(json_object_get(j, "table")), current);
			assert_true(json_array_size(json_object_get(j, "columns")) > 1);
		} else if (json_is_array(j)) {
			rows++;
			row = j;
			/* pemohon: id, nik, ..., diverifikasi_at (16th) */
			if (!strcmp(current, "pemohon") && json_integer_value(json_array_get(row, 0)) == 7) {
				saw_nik = 1;
				assert_true(json_is_string(json_array_get(row, 1)));
				assert_string_equal(json_string_value(json_array_get(row, 1)), NIK_LIKE);
				assert_string_equal(json_string_value(json_array_get(row, 2)), ODD_NAME);
				assert_true(json_is_integer(json_array_get(row, 15)));
				assert_true(json_integer_value(json_array_get(row, 15)) == BIG_TIME);
				assert_true(json_integer_value(json_array_get(row, 16)) == BIG_EXACT);
				assert_true(json_is_null(json_array_get(row, 12)));
				assert_string_equal(json_string_value(json_array_get(row, 13)), "");
			}
			if (!strcmp(current, "staf") && json_integer_value(json_array_get(row, 0)) == 40)
				assert_string_equal(json_string_value(json_array_get(row, 2)), "O'Brien \"Budi\"\nbaris dua");
		} else {
			assert_true(json_is_true(json_object_get(j, "end")));
			assert_int_equal(json_integer_value(json_object_get(j, "rows")), rows);
			ended = 1;
		}
		json_decref(j);
	}
	free(line);
	fclose(f);
	assert_true(ended);
	assert_true(saw_nik);
	assert_int_equal(table, transfer_tables_count);
}

static void test_unknown_table_refused(void **state)
{
	char url[128], path[128], *err = NULL;

	(void)state;
	snprintf(url, sizeof url, "sqlite:%s/surplus.db", dir);
	snprintf(path, sizeof path, "%s/surplus.jsonl", dir);
	use(url);
	assert_int_equal(db_migrate(db_thread(), 0), 0);
	assert_int_equal(db_script(db_thread(), "CREATE TABLE lampiran (id INTEGER PRIMARY KEY, nama TEXT)"), DB_DONE);
	assert_int_equal(transfer_export(db_thread(), path, NULL, &err), -1);
	assert_non_null(strstr(err, "lampiran"));
	assert_non_null(strstr(err, "transfer_tables"));
	free(err);
	assert_int_not_equal(access(path, F_OK), 0);
	/* nor is one imported into such a database */
	assert_refused(url, export_path, "lampiran");
	db_thread_close();
}

/* ---- cases run on each target backend ----------------------------------- */

static void test_column_metadata(void **state)
{
	struct target *t = *state;
	struct db_stmt *st;

	use(t->empty);
	assert_int_equal(db_migrate(db_thread(), 0), 0);
	/* known from an empty result too: the import reads types this way */
	st = db_query(db_thread(), "SELECT id, nik, diverifikasi_at FROM pemohon LIMIT 1", "");
	assert_int_equal(db_next(st), DB_DONE);
	assert_int_equal(db_column_count(st), 3);
	assert_string_equal(db_column_name(st, 0), "id");
	assert_string_equal(db_column_name(st, 1), "nik");
	assert_true(db_column_is_integer(st, 0));
	assert_false(db_column_is_integer(st, 1));
	assert_true(db_column_is_integer(st, 2));
	db_end(st);
	st = db_query(db_thread(), "SELECT 1 + ? AS two, 'x' AS s, value FROM sequences", "i", (int64_t)1);
	assert_int_equal(db_next(st), DB_DONE);
	assert_int_equal(db_column_count(st), 3);
	assert_string_equal(db_column_name(st, 0), "two");
	assert_true(db_column_is_integer(st, 2)); /* BIGINT */
	assert_false(db_column_is_integer(st, 1));
	db_end(st);
}

static void test_import(void **state)
{
	struct target *t = *state;
	char *err = NULL;
	struct db_stmt *st;

	use(t->full);
	assert_int_equal(transfer_import(db_thread(), export_path, catalog_import_checks, NULL, &err), 0);
	assert_null(err);
	assert_same_as_source();
	/* text stays text with its leading zeros, integers stay 64-bit */
	st = db_query(db_thread(), "SELECT nik, diverifikasi_at, aktif_at, peringatan, alasan_tolak FROM pemohon "
		      "WHERE id = 7", "");
	assert_int_equal(db_next(st), DB_ROW);
	assert_string_equal(db_text(st, 0), NIK_LIKE);
	assert_true(db_int(st, 1) == BIG_TIME);
	assert_true(db_int(st, 2) == BIG_EXACT);
	assert_true(db_is_null(st, 3));
	assert_false(db_is_null(st, 4));
	assert_string_equal(db_text(st, 4), "");
	db_end(st);
	if (!strcmp(db_backend_name(), "sqlite")) {
		st = db_query(db_thread(), "SELECT typeof(nik), typeof(diverifikasi_at) FROM pemohon WHERE id = 7", "");
		assert_int_equal(db_next(st), DB_ROW);
		assert_string_equal(db_text(st, 0), "text");
		assert_string_equal(db_text(st, 1), "integer");
		db_end(st);
	}
}

static void test_second_import_refused(void **state)
{
	struct target *t = *state;

	assert_refused(t->full, export_path, "not empty");
	assert_same_as_source();
}

static char *drop_last(char *line, long n, void *arg)
{
	return n == *(long *)arg ? NULL : line;
}

static void test_truncated_refused(void **state)
{
	struct target *t = *state;
	char path[128];
	long last = count_lines(export_path);

	snprintf(path, sizeof path, "%s/truncated.jsonl", dir);
	write_variant(path, drop_last, &last);
	assert_refused(t->empty, path, "cut short");
	assert_all_empty();
	/* a last line cut in the middle */
	{
		FILE *f = fopen(path, "a");

		assert_non_null(f);
		fputs("{\"end\":tr", f);
		fclose(f);
	}
	assert_refused(t->empty, path, "not valid JSON");
	assert_all_empty();
}

static char *bump_schema(char *line, long n, void *arg)
{
	json_t *j;
	char *r;

	(void)arg;
	if (n != 1)
		return line;
	j = json_loads(line, 0, NULL);
	json_object_set_new(j, "schema", json_integer(json_integer_value(json_object_get(j, "schema")) + 1));
	r = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return r;
}

static void test_schema_mismatch_refused(void **state)
{
	struct target *t = *state;
	char path[128];

	snprintf(path, sizeof path, "%s/schema.jsonl", dir);
	write_variant(path, bump_schema, NULL);
	assert_refused(t->empty, path, "schema version");
	assert_all_empty();
}

struct row_edit {
	const char *table;
	int in_table, done;
	int how; /* 0: the id becomes text; 1: the row appears twice (with the end count fixed) */
};

static char *edit_row(char *line, long n, void *arg)
{
	struct row_edit *e = arg;
	json_t *j = json_loads(line, 0, NULL);
	char *r = line;

	(void)n;
	if (json_is_object(j) && json_object_get(j, "table")) {
		e->in_table = !strcmp(json_string_value(json_object_get(j, "table")), e->table);
	} else if (json_is_array(j) && e->in_table && !e->done) {
		e->done = 1;
		if (e->how == 0) {
			json_array_set_new(j, 0, json_string("7"));
			r = json_dumps(j, JSON_COMPACT);
		} else if (asprintf(&r, "%s\n%s", line, line) < 0) {
			r = NULL;
		}
	} else if (json_is_object(j) && json_object_get(j, "end") && e->how == 1) {
		json_object_set_new(j, "rows", json_integer(json_integer_value(json_object_get(j, "rows")) + 1));
		r = json_dumps(j, JSON_COMPACT);
	}
	json_decref(j);
	return r;
}

static void test_bad_rows_refused(void **state)
{
	struct target *t = *state;
	struct row_edit text_id = { "pemohon", 0, 0, 0 }, twice = { "desa", 0, 0, 1 };
	char path[128];

	snprintf(path, sizeof path, "%s/bad.jsonl", dir);
	write_variant(path, edit_row, &text_id);
	assert_refused(t->empty, path, "table pemohon, row 1 ");
	assert_all_empty();
	write_variant(path, edit_row, &twice);
	assert_refused(t->empty, path, "table desa, row 2 ");
	assert_all_empty();
}

struct def_edit {
	int in_table, done;
	size_t col;   /* of layanan_definisi.definisi */
};

/* The first service definition gets a Monday of one malformed time, as a
 * hand-edited database could hold it (the rules once crashed on it). */
static char *bad_definition(char *line, long n, void *arg)
{
	struct def_edit *e = arg;
	json_t *j = json_loads(line, 0, NULL), *def, *cols;
	char *r = line, *text;

	(void)n;
	if (json_is_object(j) && (cols = json_object_get(j, "columns"))) {
		e->in_table = !strcmp(json_string_value(json_object_get(j, "table")), "layanan_definisi");
		for (size_t i = 0; e->in_table && i < json_array_size(cols); i++)
			if (!strcmp(json_string_value(json_array_get(cols, i)), "definisi"))
				e->col = i;
	} else if (json_is_array(j) && e->in_table && !e->done) {
		e->done = 1;
		def = json_loads(json_string_value(json_array_get(j, e->col)), 0, NULL);
		assert_non_null(def);
		json_object_set_new(def, "ketersediaan", json_pack("{s:{s:[s]}}", "jam", "senin", "16:+00"));
		text = json_dumps(def, JSON_COMPACT);
		json_array_set_new(j, e->col, json_string(text));
		r = json_dumps(j, JSON_COMPACT);
		free(text);
		json_decref(def);
	}
	json_decref(j);
	return r;
}

static void test_bad_definition_refused(void **state)
{
	struct target *t = *state;
	struct def_edit e = { 0, 0, 0 };
	char path[128];

	snprintf(path, sizeof path, "%s/baddef.jsonl", dir);
	write_variant(path, bad_definition, &e);
	assert_true(e.done);
	/* the message names the row and what is wrong, and nothing is kept */
	assert_refused(t->empty, path, "table layanan_definisi, row 1 ");
	assert_refused(t->empty, path, "column definisi is refused: ketersediaan.jam.senin must be");
	assert_all_empty();
	/* not JSON at all */
	{
		char err[256];

		assert_int_equal(catalog_check_text("{\"kode\":", err, sizeof err), -1);
		assert_non_null(strstr(err, "not valid JSON"));
		assert_int_equal(catalog_check_text("[]", err, sizeof err), -1);
		assert_int_equal(catalog_check_text(NULL, err, sizeof err), -1);
	}
}

/* The full target, exported again and imported into a fresh SQLite file:
 * the move works back, from PostgreSQL too. */
static void test_export_back(void **state)
{
	struct target *t = *state;
	char path[128], *err = NULL;
	FILE *a, *b;
	char *la = NULL, *lb = NULL;
	size_t ca = 0, cb = 0;
	long n = 0;

	snprintf(path, sizeof path, "%s/back-%s.jsonl", dir, t->name);
	use(t->full);
	assert_int_equal(transfer_export(db_thread(), path, NULL, &err), 0);
	if (!strcmp(t->name, "sqlite")) {
		/* the same rows in the same order: byte for byte after the header */
		a = fopen(export_path, "r");
		b = fopen(path, "r");
		while (getline(&la, &ca, a) > 0) {
			assert_true(getline(&lb, &cb, b) > 0);
			if (++n > 1)
				assert_string_equal(la, lb);
		}
		assert_true(getline(&lb, &cb, b) < 0);
		free(la);
		free(lb);
		fclose(a);
		fclose(b);
	}
	use(t->back);
	assert_int_equal(transfer_import(db_thread(), path, catalog_import_checks, NULL, &err), 0);
	assert_null(err);
	assert_same_as_source();
	db_thread_close();
}

/* New rows after the move get ids above the imported ones. */
static void test_new_ids_after_import(void **state)
{
	struct target *t = *state;
	struct db *db;
	int64_t id, max;
	int must_change = 0;
	long retry = 0;

	use(t->full);
	db = db_thread();
	max = scalar(max_sql[table_index("pemohon")]);
	assert_int_equal(max, 42);
	assert_int_equal(db_insert_id(db, "INSERT INTO pemohon (nik, nama, no_kk, tempat_lahir, tanggal_lahir, nama_ibu, "
				      "kode_desa, no_hp, email, password_hash, status, created_at, updated_at) VALUES "
				      "('3326070101900002', 'Baru', '1', 'x', '1990-01-01', 'x', '33.26.01.2001', '6282', "
				      "'', 'x', 'menunggu', 1, 1) RETURNING id", &id, ""), DB_DONE);
	assert_true(id > max);
	max = scalar(max_sql[table_index("staf")]);
	assert_int_equal(max, 40);
	assert_int_equal(staff_add(db, "baru", "Baru", 1 << ROLE_OPERATOR, "Rahasia-789!", &id), 0);
	assert_true(id > max);
	max = scalar(max_sql[table_index("audit")]);
	assert_int_equal(max, 90);
	assert_int_equal(db_insert_id(db, "INSERT INTO audit (staf_id, aksi, objek, created_at) VALUES (NULL, 'a', 'b', 1) "
				      "RETURNING id", &id, ""), DB_DONE);
	assert_true(id > max);
	max = scalar(max_sql[table_index("outbox")]);
	assert_int_equal(db_insert_id(db, "INSERT INTO outbox (channel, recipient, subject, body, next_attempt_at, "
				      "created_at) VALUES ('email', 'a', 'b', 'c', 1, 1) RETURNING id", &id, ""), DB_DONE);
	assert_true(id > max);
	max = scalar(max_sql[table_index("kode_verifikasi")]);
	assert_int_equal(db_insert_id(db, "INSERT INTO kode_verifikasi (pemohon_id, jenis, nilai_baru, kode_hash, "
				      "created_at, expires_at) VALUES (7, 'hp', '6281', 'k', 1, 2) RETURNING id", &id, ""),
			 DB_DONE);
	assert_true(id > max);
	/* what was imported still works: the one-time password logs in */
	assert_int_equal(staff_login(db, "kepala", "Rahasia-123!", "127.0.0.1", &id, &must_change, &retry), STAFF_OK);
	assert_int_equal(must_change, 1);
	/* the named counters carry on */
	assert_int_equal(db_sequence_next(db, "AKL3326"), 3);
	assert_true(db_sequence_next(db, "besar") == BIG_TIME + 1);
}

/* The target's table check runs on this backend's catalog too. */
static void test_unknown_target_table_refused(void **state)
{
	struct target *t = *state;

	use(t->empty);
	assert_int_equal(db_script(db_thread(), "CREATE TABLE lampiran (id INTEGER, nama TEXT)"), DB_DONE);
	assert_refused(t->empty, export_path, "lampiran");
	assert_int_equal(db_script(db_thread(), "DROP TABLE lampiran"), DB_DONE);
	assert_all_empty();
}

/* ---- groups -------------------------------------------------------------- */

static struct target sqlite_target = { .name = "sqlite" };
static struct target pg_target = { .name = "postgresql" };

static int setup_sqlite(void **state)
{
	snprintf(sqlite_target.full, sizeof sqlite_target.full, "sqlite:%s/target.db", dir);
	snprintf(sqlite_target.empty, sizeof sqlite_target.empty, "sqlite:%s/empty.db", dir);
	snprintf(sqlite_target.back, sizeof sqlite_target.back, "sqlite:%s/back-sqlite.db", dir);
	*state = &sqlite_target;
	return 0;
}

static int teardown_any(void **state)
{
	(void)state;
	db_thread_close();
	return 0;
}

/*
 * LOKET_TEST_DATABASE_URL names a maintenance database on a server where
 * the tests may create databases (as in test_store.c): the targets are
 * fresh databases next to it, dropped afterwards (kept with LOKET_TEST_KEEP).
 */
static char pg_full_name[64], pg_empty_name[64];

static int setup_postgres(void **state)
{
	snprintf(pg_full_name, sizeof pg_full_name, "loket_xfer_%d", (int)getpid());
	snprintf(pg_empty_name, sizeof pg_empty_name, "loket_xfer_%d_empty", (int)getpid());
	snprintf(pg_target.back, sizeof pg_target.back, "sqlite:%s/back-postgresql.db", dir);
	if (pg_scratch_create(pg_full_name, pg_target.full, sizeof pg_target.full) < 0 ||
	    pg_scratch_create(pg_empty_name, pg_target.empty, sizeof pg_target.empty) < 0)
		return -1;
	*state = &pg_target;
	return 0;
}

static int teardown_postgres(void **state)
{
	(void)state;
	return pg_scratch_drop(pg_full_name) < 0 || pg_scratch_drop(pg_empty_name) < 0 ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest file[] = {
		cmocka_unit_test(test_source_fills_every_table),
		cmocka_unit_test(test_file_format),
		cmocka_unit_test(test_unknown_table_refused),
	};
	/* in this order: each case finds the target as the one before left it */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_column_metadata),
		cmocka_unit_test(test_import),
		cmocka_unit_test(test_second_import_refused),
		cmocka_unit_test(test_truncated_refused),
		cmocka_unit_test(test_schema_mismatch_refused),
		cmocka_unit_test(test_bad_rows_refused),
		cmocka_unit_test(test_bad_definition_refused),
		cmocka_unit_test(test_export_back),
		cmocka_unit_test(test_new_ids_after_import),
		cmocka_unit_test(test_unknown_target_table_refused),
	};
	char cmd[128];
	const char *pg = getenv("LOKET_TEST_DATABASE_URL");
	int failed = 0;
	size_t i;

	if (prepare() < 0) {
		fprintf(stderr, "cannot build the source office in %s\n", dir);
		return 1;
	}
	failed += cmocka_run_group_tests_name("transfer_file", file, NULL, teardown_any);
	/* db_setup is process-wide: one group per backend, one after the other */
	failed += cmocka_run_group_tests_name("transfer_sqlite", tests, setup_sqlite, teardown_any);
	if (pg && *pg)
		failed += cmocka_run_group_tests_name("transfer_postgresql", tests, setup_postgres, teardown_postgres);
	else
		printf("transfer_postgresql: skipped (LOKET_TEST_DATABASE_URL is not set)\n");
	for (i = 0; i < transfer_tables_count; i++)
		free(src_dump[i]);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (!failed && system(cmd) != 0)
		failed++;
	return failed;
}
