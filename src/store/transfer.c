// SPDX-License-Identifier: MIT
// loket export / loket import: every application table through db.h to one JSON-lines file and back.
#include "store/transfer.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <libgen.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/log.h"

/*
 * Every application table, parents before children, so that inserting in
 * this order satisfies the foreign keys. A migration that adds a table must
 * add it here too (after the tables it references): export and import
 * refuse a database holding a table this list lacks, rather than leave its
 * rows behind. schema_migrations is not copied: the target has its own.
 */
const struct transfer_table transfer_tables[] = {
	{ "provinsi", "kode" },
	{ "kabupaten", "kode" },
	{ "kecamatan", "kode" },
	{ "desa", "kode" },
	{ "staf", "id" },
	{ "pemohon", "id" },
	{ "sesi", "id_hash" },
	{ "captcha", "id_hash" },
	{ "token", "hash" },
	{ "kode_verifikasi", "id" },
	{ "throttle", "kunci" },
	{ "outbox", "id" },
	{ "audit", "id" },
	{ "sequences", "name" },
	{ "layanan", "id" },
	{ "layanan_definisi", "id" },
	{ "formulir", "id" },
	{ "informasi", "id" },
	{ "pengajuan", "id" },
	{ "dokumen", "id" },
	{ "pengajuan_dokumen", "id" },
	{ "pengajuan_riwayat", "id" },
	{ "chat", "id" },
	{ "staf_layanan", "id" },
	{ "pengajuan_langkah", "id" },
	{ "dokumen_jadi", "id" },
	{ "pengaturan", "kunci" },
	{ "rekap_pengajuan", "id" },
	{ "rekap_langkah", "id" },
	{ "rekap_pendaftaran", "id" },
	{ "staf_pemulihan", "id" },
	{ "kunci_server", "nama" },
	{ "grup", "id" },
	{ "grup_wilayah", "id" },
	{ "grup_layanan", "id" },
	{ "grup_anggota", "id" },
};
const size_t transfer_tables_count = sizeof transfer_tables / sizeof *transfer_tables;

#define FORMAT_NAME "loket-export"
/* Rows per SELECT of an export: PostgreSQL hands a whole result over at
 * once, so a table is read in key-ordered pages, never all of it. */
#define PAGE_ROWS 1000
#define STR_(x) #x
#define STR(x) STR_(x)

__attribute__((format(printf, 2, 3)))
static int fail(char **err, const char *fmt, ...)
{
	va_list ap;

	if (err && !*err) {
		va_start(ap, fmt);
		if (vasprintf(err, fmt, ap) < 0)
			*err = NULL;
		va_end(ap);
	}
	return -1;
}

/*
 * db.h caches prepared statements by the address of their SQL text for the
 * connection's life, so a built text must never be freed: malloc could hand
 * its address to different SQL, which would then find the old statement.
 * Built texts are kept here for the process's life instead, one copy of
 * each distinct text (a few per table).
 */
static pthread_mutex_t sql_lock = PTHREAD_MUTEX_INITIALIZER;
static char **sql_texts;
static size_t sql_count, sql_cap;

/* The lasting copy of b's text; releases b. */
static const char *sql_keep(struct buf *b)
{
	const char *r = NULL;
	size_t i;

	pthread_mutex_lock(&sql_lock);
	for (i = 0; i < sql_count && !r; i++)
		if (!strcmp(sql_texts[i], b->ptr))
			r = sql_texts[i];
	if (!r) {
		if (sql_count == sql_cap) {
			sql_cap = sql_cap ? 2 * sql_cap : 32;
			sql_texts = realloc(sql_texts, sql_cap * sizeof *sql_texts);
			if (!sql_texts)
				fatal("out of memory");
		}
		r = sql_texts[sql_count++] = buf_detach(b, NULL);
	}
	pthread_mutex_unlock(&sql_lock);
	buf_release(b);
	return r;
}

enum select_kind { SEL_PROBE, SEL_FIRST, SEL_NEXT, SEL__MAX };

/* SEL_PROBE: "SELECT * FROM t LIMIT 1"; SEL_FIRST: the first page in key
 * order; SEL_NEXT: the page after key ?. Names come from transfer_tables,
 * never from input. */
static const char *select_sql(const struct transfer_table *t, enum select_kind kind)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "SELECT * FROM ");
	buf_adds(&b, t->name);
	if (kind == SEL_NEXT) {
		buf_adds(&b, " WHERE ");
		buf_adds(&b, t->key);
		buf_adds(&b, " > ?");
	}
	if (kind != SEL_PROBE) {
		buf_adds(&b, " ORDER BY ");
		buf_adds(&b, t->key);
	}
	buf_adds(&b, kind == SEL_PROBE ? " LIMIT 1" : " LIMIT " STR(PAGE_ROWS));
	return sql_keep(&b);
}

/* Runs a bound statement to its end: DB_DONE, DB_CONSTRAINT or DB_ERR. */
static enum db_rc finish(struct db_stmt *st)
{
	enum db_rc rc;

	if (!st)
		return DB_ERR;
	while ((rc = db_next(st)) == DB_ROW)
		;
	db_end(st);
	return rc;
}

static const struct transfer_table *find_table(const char *name)
{
	size_t i;

	for (i = 0; i < transfer_tables_count; i++)
		if (!strcmp(transfer_tables[i].name, name))
			return &transfer_tables[i];
	return NULL;
}

/* Every table of the database is in transfer_tables and the other way
 * round (schema_migrations aside). */
static int check_tables(struct db *db, const char *what, char **err)
{
	struct db_stmt *st = db_tables(db);
	struct buf unknown = BUF_INIT;
	char seen[sizeof transfer_tables / sizeof *transfer_tables] = { 0 };
	enum db_rc rc = DB_ERR;
	size_t i;
	int ret = 0;

	while (st && (rc = db_next(st)) == DB_ROW) {
		const char *name = db_text(st, 0);
		const struct transfer_table *t = name ? find_table(name) : NULL;

		if (t) {
			seen[t - transfer_tables] = 1;
		} else if (name && strcmp(name, "schema_migrations")) {
			buf_adds(&unknown, unknown.len ? ", " : "");
			buf_adds(&unknown, name);
		}
	}
	db_end(st);
	for (i = 0; i < transfer_tables_count && seen[i]; i++)
		;
	if (rc != DB_DONE)
		ret = fail(err, "cannot list the tables of the %s database (see the log)", what);
	else if (unknown.len)
		ret = fail(err, "the %s database has tables that loket export does not know: %s; "
			   "add them to transfer_tables in src/store/transfer.c", what, unknown.ptr);
	else if (i < transfer_tables_count)
		ret = fail(err, "the %s database lacks table %s: is its schema older than this loket?", what,
			   transfer_tables[i].name);
	buf_release(&unknown);
	return ret;
}

/* Highest migration applied to the database. */
static int schema_version(struct db *db, int64_t *version, const char *what, char **err)
{
	struct db_stmt *st = db_query(db, "SELECT MAX(version) FROM schema_migrations", "");
	enum db_rc rc = db_next(st);

	*version = rc == DB_ROW && !db_is_null(st, 0) ? db_int(st, 0) : 0;
	db_end(st);
	if (rc != DB_ROW || *version <= 0)
		return fail(err, "cannot read the schema version of the %s database (see the log)", what);
	return 0;
}

/* Writes one JSON value as one line; 0 or -1. */
static int put_line(FILE *f, json_t *j)
{
	int rc;

	if (!j)
		return -1;
	rc = json_dumpf(j, f, JSON_COMPACT) < 0 || fputc('\n', f) == EOF ? -1 : 0;
	json_decref(j);
	return rc;
}

/* ---- export ------------------------------------------------------------- */

struct export_table {
	const struct transfer_table *t;
	int ncols;
	int *is_int;
	int key_col;
	int64_t rows;
};

/* The table line, and what the rows need from the statement's columns. */
static int export_columns(struct db_stmt *st, struct export_table *x, FILE *f, char **err)
{
	json_t *cols = json_array();
	int c;

	x->ncols = db_column_count(st);
	x->is_int = calloc((size_t)x->ncols + 1, sizeof *x->is_int);
	if (!cols || !x->is_int)
		fatal("out of memory");
	x->key_col = -1;
	for (c = 0; c < x->ncols; c++) {
		const char *name = db_column_name(st, c);

		if (!name) {
			json_decref(cols);
			return fail(err, "table %s: column %d has no name", x->t->name, c + 1);
		}
		x->is_int[c] = db_column_is_integer(st, c);
		if (!strcmp(name, x->t->key))
			x->key_col = c;
		json_array_append_new(cols, json_string(name));
	}
	if (x->key_col < 0) {
		json_decref(cols);
		return fail(err, "table %s has no column %s to order its rows by", x->t->name, x->t->key);
	}
	if (put_line(f, json_pack("{s:s, s:o}", "table", x->t->name, "columns", cols)) < 0)
		return fail(err, "writing the export file failed");
	return 0;
}

/* One row as a JSON array; values are never put into the message. */
static int export_row(struct db_stmt *st, struct export_table *x, FILE *f, char **err)
{
	json_t *row = json_array();
	char num[24];
	int c;

	if (!row)
		fatal("out of memory");
	for (c = 0; c < x->ncols; c++) {
		const char *text = db_text(st, c);
		json_t *v;

		if (db_is_null(st, c) || !text) {
			v = json_null();
		} else if (x->is_int[c]) {
			/* SQLite keeps whatever it was given: an integer column
			 * may hold text, which must not silently become 0 */
			snprintf(num, sizeof num, "%" PRId64, db_int(st, c));
			if (strcmp(num, text)) {
				json_decref(row);
				return fail(err, "table %s, row %" PRId64 ": column %s is an integer column "
					    "but holds another value", x->t->name, x->rows, db_column_name(st, c));
			}
			v = json_integer(db_int(st, c));
		} else {
			v = json_string(text);
			if (!v) {
				json_decref(row);
				return fail(err, "table %s, row %" PRId64 ": column %s is not valid UTF-8 text",
					    x->t->name, x->rows, db_column_name(st, c));
			}
		}
		json_array_append_new(row, v);
	}
	if (put_line(f, row) < 0)
		return fail(err, "writing the export file failed");
	return 0;
}

/*
 * Streams one table: keyset pages in key order, so that neither backend
 * holds the whole table in memory and no row is read twice or skipped (the
 * snapshot transaction keeps the pages consistent with each other).
 */
static int export_table(struct db *db, struct export_table *x, FILE *f, char **err)
{
	const char *first = select_sql(x->t, SEL_FIRST);
	const char *next = select_sql(x->t, SEL_NEXT);
	struct db_stmt *st;
	char *last = NULL;
	int64_t last_int = 0;
	int page, ret = -1;
	enum db_rc rc;

	st = db_query(db, first, "");
	rc = db_next(st);
	if (rc != DB_ROW && rc != DB_DONE)
		goto db_error;
	if (export_columns(st, x, f, err) < 0)
		goto out;
	for (;;) {
		for (page = 0; rc == DB_ROW; page++, rc = db_next(st)) {
			x->rows++;
			if (export_row(st, x, f, err) < 0)
				goto out;
			if (db_is_null(st, x->key_col)) {
				fail(err, "table %s, row %" PRId64 ": its key %s is NULL", x->t->name, x->rows,
				     x->t->key);
				goto out;
			}
			if (x->is_int[x->key_col]) {
				last_int = db_int(st, x->key_col);
			} else {
				free(last);
				last = strdup(db_text(st, x->key_col));
				if (!last)
					fatal("out of memory");
			}
		}
		if (rc != DB_DONE)
			goto db_error;
		db_end(st);
		st = NULL;
		if (page < PAGE_ROWS)
			break;
		st = x->is_int[x->key_col] ? db_query(db, next, "i", last_int) : db_query(db, next, "s", last);
		rc = db_next(st);
		if (rc != DB_ROW && rc != DB_DONE)
			goto db_error;
	}
	ret = 0;
	goto out;
db_error:
	fail(err, "reading table %s failed (see the log)", x->t->name);
out:
	db_end(st);
	free(last);
	return ret;
}

static int write_header(FILE *f, int64_t schema)
{
	char stamp[32];
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return put_line(f, json_pack("{s:s, s:i, s:I, s:s, s:s}", "format", FORMAT_NAME, "version",
				     TRANSFER_VERSION, "schema", (json_int_t)schema, "created_at", stamp,
				     "backend", db_backend_name()));
}

/* The rename is durable only once the directory is on disk too. */
static void sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		fatal("out of memory");
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int transfer_export(struct db *db, const char *path, FILE *out, char **err)
{
	struct export_table x[sizeof transfer_tables / sizeof *transfer_tables];
	char *tmp = NULL;
	FILE *f = NULL;
	int64_t schema, total = 0;
	int fd, created = 0, ret = -1;
	size_t i;

	memset(x, 0, sizeof x);
	if (asprintf(&tmp, "%s.tmp", path) < 0)
		fatal("out of memory");
	if (db_begin_snapshot(db) != DB_OK) {
		fail(err, "cannot start a read transaction on the database (see the log)");
		goto out;
	}
	if (check_tables(db, "source", err) < 0 || schema_version(db, &schema, "source", err) < 0)
		goto out;
	/* personal data: readable by the owner only */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fail(err, "cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	created = 1;
	f = fdopen(fd, "w");
	if (!f) {
		fail(err, "cannot create %s: %s", tmp, strerror(errno));
		close(fd);
		goto out;
	}
	if (write_header(f, schema) < 0) {
		fail(err, "writing %s failed: %s", tmp, strerror(errno));
		goto out;
	}
	for (i = 0; i < transfer_tables_count; i++) {
		x[i].t = &transfer_tables[i];
		if (export_table(db, &x[i], f, err) < 0)
			goto out;
		total += x[i].rows;
	}
	if (put_line(f, json_pack("{s:b, s:I}", "end", 1, "rows", (json_int_t)total)) < 0 || fflush(f) ||
	    fsync(fileno(f))) {
		fail(err, "writing %s failed: %s", tmp, strerror(errno));
		goto out;
	}
	if (fclose(f)) {
		f = NULL;
		fail(err, "writing %s failed: %s", tmp, strerror(errno));
		goto out;
	}
	f = NULL;
	if (rename(tmp, path) < 0) {
		fail(err, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
		goto out;
	}
	sync_dir(path);
	for (i = 0; out && i < transfer_tables_count; i++)
		fprintf(out, "%-16s %10" PRId64 " rows\n", x[i].t->name, x[i].rows);
	if (out)
		fprintf(out, "exported %" PRId64 " rows (schema %" PRId64 ") to %s\n", total, schema, path);
	ret = 0;
out:
	db_rollback(db);
	if (f)
		fclose(f);
	if (created && ret < 0)
		unlink(tmp); /* half-written, or not renamed */
	for (i = 0; i < transfer_tables_count; i++)
		free(x[i].is_int);
	free(tmp);
	return ret;
}

/* ---- import ------------------------------------------------------------- */

/* A table of the target, as its (empty) SELECT * describes it. */
struct import_table {
	const struct transfer_table *t;
	int ncols;
	char **names;
	int *is_int;
	int seen;
	int64_t rows;
	/* from the file's table line: */
	const char *insert;   /* kept by sql_keep */
	char *fmt;
	int *col;             /* file column -> target column */
	union db_arg *args;   /* one row's parameters */
	const struct transfer_check *checks;   /* the caller's, may be NULL */
};

/* The caller's check of this table's column c, NULL when none. */
static const struct transfer_check *column_check(const struct import_table *it, int c)
{
	for (const struct transfer_check *k = it->checks; k && k->table; k++)
		if (!strcmp(k->table, it->t->name) && !strcmp(k->column, it->names[c]))
			return k;
	return NULL;
}

static void import_tables_free(struct import_table *it, size_t n)
{
	size_t i;
	int c;

	for (i = 0; i < n; i++) {
		for (c = 0; c < it[i].ncols; c++)
			free(it[i].names[c]);
		free(it[i].names);
		free(it[i].is_int);
		free(it[i].fmt);
		free(it[i].col);
		free(it[i].args);
	}
}

/* Refuses a table with rows; learns the target's columns and their types. */
static int import_probe(struct db *db, struct import_table *it, char **err)
{
	struct db_stmt *st = db_query(db, select_sql(it->t, SEL_PROBE), "");
	enum db_rc rc = db_next(st);
	int c, ret = 0;

	if (rc == DB_ROW) {
		ret = fail(err, "the target database is not empty (table %s has rows); "
			   "import only into a new, empty database", it->t->name);
	} else if (rc != DB_DONE) {
		ret = fail(err, "reading table %s of the target failed (see the log)", it->t->name);
	} else {
		it->ncols = db_column_count(st);
		it->names = calloc((size_t)it->ncols + 1, sizeof *it->names);
		it->is_int = calloc((size_t)it->ncols + 1, sizeof *it->is_int);
		if (!it->names || !it->is_int)
			fatal("out of memory");
		for (c = 0; c < it->ncols; c++) {
			const char *name = db_column_name(st, c);

			it->names[c] = strdup(name ? name : "");
			if (!it->names[c])
				fatal("out of memory");
			it->is_int[c] = db_column_is_integer(st, c);
		}
	}
	db_end(st);
	return ret;
}

static struct import_table *import_find(struct import_table *it, const char *name)
{
	size_t i;

	for (i = 0; i < transfer_tables_count; i++)
		if (!strcmp(it[i].t->name, name))
			return &it[i];
	return NULL;
}

/*
 * Starts a table from its line: its columns must be exactly the target's
 * (same schema version, so anything else is a damaged file). The INSERT
 * names the target's columns in the file's order. db.h binds NULL only as
 * text and PostgreSQL types each parameter once, so an integer column
 * takes two integer parameters: "is NULL" and the value.
 */
static int import_start(struct import_table *it, json_t *cols, long line, char **err)
{
	struct buf sql = BUF_INIT, vals = BUF_INIT;
	size_t n = json_array_size(cols), i, k = 0;
	int c;

	if (it->seen)
		return fail(err, "line %ld: table %s appears twice: the file is damaged", line, it->t->name);
	it->seen = 1;
	if (!json_is_array(cols) || n != (size_t)it->ncols)
		return fail(err, "line %ld: table %s has %zu columns in the file and %d in the target database",
			    line, it->t->name, n, it->ncols);
	it->col = calloc(n + 1, sizeof *it->col);
	it->fmt = calloc(2 * n + 1, 1);
	it->args = calloc(2 * n + 1, sizeof *it->args);
	if (!it->col || !it->fmt || !it->args)
		fatal("out of memory");
	buf_adds(&sql, "INSERT INTO ");
	buf_adds(&sql, it->t->name);
	buf_adds(&sql, " (");
	for (i = 0; i < n; i++) {
		const char *name = json_string_value(json_array_get(cols, i));

		for (c = 0; name && c < it->ncols; c++)
			if (!strcmp(name, it->names[c]))
				break;
		if (!name || c == it->ncols) {
			buf_release(&sql);
			buf_release(&vals);
			return fail(err, "line %ld: column %zu of table %s is not a column of the target database",
				    line, i + 1, it->t->name);
		}
		for (k = 0; k < i; k++)
			if (it->col[k] == c) {
				buf_release(&sql);
				buf_release(&vals);
				return fail(err, "line %ld: table %s names column %s twice", line, it->t->name,
					    it->names[c]);
			}
		it->col[i] = c;
		buf_adds(&sql, i ? ", " : "");
		buf_adds(&sql, it->names[c]);
		buf_adds(&vals, i ? ", " : "");
		buf_adds(&vals, it->is_int[c] ? "CASE WHEN ? = 1 THEN NULL ELSE ? END" : "?");
		strcat(it->fmt, it->is_int[c] ? "ii" : "s");
	}
	buf_adds(&sql, ") VALUES (");
	buf_add(&sql, vals.ptr, vals.len);
	buf_adds(&sql, ")");
	buf_release(&vals);
	it->insert = sql_keep(&sql);
	return 0;
}

static int import_row(struct db *db, struct import_table *it, json_t *row, long line, char **err)
{
	union db_arg *args = it->args;
	size_t i, a = 0;
	enum db_rc rc;

	it->rows++;
	if (json_array_size(row) != (size_t)it->ncols)
		return fail(err, "table %s, row %" PRId64 " (line %ld): %zu values for %d columns", it->t->name,
			    it->rows, line, json_array_size(row), it->ncols);
	for (i = 0; i < (size_t)it->ncols; i++) {
		json_t *v = json_array_get(row, i);
		int c = it->col[i];

		if (!json_is_null(v) && (it->is_int[c] ? !json_is_integer(v) : !json_is_string(v)))
			return fail(err, "table %s, row %" PRId64 " (line %ld): column %s must be %s or null",
				    it->t->name, it->rows, line, it->names[c], it->is_int[c] ? "an integer" : "a string");
		if (!it->is_int[c] && !json_is_null(v) && column_check(it, c)) {
			char why[256];

			if (column_check(it, c)->check(json_string_value(v), why, sizeof why) < 0)
				return fail(err, "table %s, row %" PRId64 " (line %ld): column %s is refused: %s",
					    it->t->name, it->rows, line, it->names[c], why);
		}
		if (it->is_int[c]) {
			args[a++].integer = json_is_null(v);
			args[a++].integer = json_is_null(v) ? 0 : (int64_t)json_integer_value(v);
		} else {
			args[a++].text = json_string_value(v);
		}
	}
	rc = finish(db_query_args(db, it->insert, it->fmt, args));
	if (rc == DB_CONSTRAINT)
		return fail(err, "table %s, row %" PRId64 " (line %ld): violates a constraint of the target "
			    "(duplicate key, missing parent row or missing value)", it->t->name, it->rows, line);
	if (rc != DB_DONE)
		return fail(err, "table %s, row %" PRId64 " (line %ld): the target database refused it (see the log)",
			    it->t->name, it->rows, line);
	return 0;
}

/* The next line without its newline: its length, or -1 at the end. */
static ssize_t read_line(FILE *f, char **line, size_t *cap, long *lineno)
{
	ssize_t n = getline(line, cap, f);

	if (n < 0)
		return -1;
	(*lineno)++;
	if (n && (*line)[n - 1] == '\n')
		(*line)[--n] = '\0';
	return n;
}

static int check_header(json_t *h, const char *path, int64_t *schema, char **err)
{
	const char *format = json_string_value(json_object_get(h, "format"));
	json_t *version = json_object_get(h, "version");
	json_t *sch = json_object_get(h, "schema");

	if (!format || strcmp(format, FORMAT_NAME))
		return fail(err, "%s is not a loket export file", path);
	if (!json_is_integer(version) || json_integer_value(version) != TRANSFER_VERSION)
		return fail(err, "%s has format version %" JSON_INTEGER_FORMAT "; this loket reads version %d",
			    path, json_integer_value(version), TRANSFER_VERSION);
	if (!json_is_integer(sch) || json_integer_value(sch) <= 0)
		return fail(err, "the header of %s has no schema version: the file is damaged", path);
	*schema = (int64_t)json_integer_value(sch);
	return 0;
}

/* One line after the header: a table line, a row or the end line. */
static int import_line(struct db *db, struct import_table *it, struct import_table **cur, json_t *j,
		       long line, int64_t *total, int *ended, char **err)
{
	const char *name = json_string_value(json_object_get(j, "table"));
	json_t *rows;

	if (json_is_array(j)) {
		if (!*cur)
			return fail(err, "line %ld: a row before the first table line: the file is damaged", line);
		if (import_row(db, *cur, j, line, err) < 0)
			return -1;
		(*total)++;
		return 0;
	}
	if (name) {
		*cur = import_find(it, name);
		if (!*cur)
			return fail(err, "line %ld: table %.64s is not a table of this loket: the file is damaged",
				    line, name);
		return import_start(*cur, json_object_get(j, "columns"), line, err);
	}
	if (json_is_true(json_object_get(j, "end"))) {
		rows = json_object_get(j, "rows");
		if (!json_is_integer(rows) || json_integer_value(rows) != *total)
			return fail(err, "the end line counts %" JSON_INTEGER_FORMAT " rows but the file holds %"
				    PRId64 ": the file is damaged", json_integer_value(rows), *total);
		*ended = 1;
		return 0;
	}
	return fail(err, "line %ld is neither a table line, a row nor the end line: the file is damaged", line);
}

/* Key column of a table when it is an integer one: its ids were copied. */
static int integer_key(const struct import_table *it)
{
	int c;

	for (c = 0; c < it->ncols; c++)
		if (!strcmp(it->names[c], it->t->key))
			return it->is_int[c];
	return 0;
}

int transfer_import(struct db *db, const char *path, const struct transfer_check *checks, FILE *out, char **err)
{
	struct import_table it[sizeof transfer_tables / sizeof *transfer_tables], *cur = NULL;
	char *line = NULL, *msg = NULL;
	size_t cap = 0, i;
	ssize_t len;
	long lineno = 0;
	json_t *j = NULL;
	json_error_t jerr;
	int64_t file_schema = 0, schema = 0, total = 0;
	int ret = -1, ended = 0;
	FILE *f;

	memset(it, 0, sizeof it);
	for (i = 0; i < transfer_tables_count; i++) {
		it[i].t = &transfer_tables[i];
		it[i].checks = checks;
	}
	f = fopen(path, "r");
	if (!f) {
		fail(&msg, "cannot open %s: %s", path, strerror(errno));
		goto out;
	}
	len = read_line(f, &line, &cap, &lineno);
	j = len < 0 ? NULL : json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(j)) {
		fail(&msg, "%s is not a loket export file", path);
		goto out;
	}
	if (check_header(j, path, &file_schema, &msg) < 0)
		goto out;
	json_decref(j);
	j = NULL;
	if (db_migrate(db, 0) < 0) {
		fail(&msg, "migrating the target database failed (see the log)");
		goto out;
	}
	if (check_tables(db, "target", &msg) < 0 || schema_version(db, &schema, "target", &msg) < 0)
		goto out;
	if (schema != file_schema) {
		fail(&msg, "%s has schema version %" PRId64 " and the target database %" PRId64 "; export and "
		     "import with the same loket version (on an older source: loket migrate, then export again)",
		     path, file_schema, schema);
		goto out;
	}
	if (db_begin(db) != DB_OK) {
		fail(&msg, "cannot start a transaction on the target database (see the log)");
		goto out;
	}
	for (i = 0; i < transfer_tables_count; i++)
		if (import_probe(db, &it[i], &msg) < 0)
			goto out;
	while ((len = read_line(f, &line, &cap, &lineno)) >= 0) {
		if (ended) {
			fail(&msg, "line %ld: text after the end line: the file is damaged", lineno);
			goto out;
		}
		j = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &jerr);
		if (!j) {
			/* jerr.text may quote the line, which may be personal data */
			fail(&msg, "line %ld is not valid JSON (column %d): the file is damaged", lineno, jerr.column);
			goto out;
		}
		if (import_line(db, it, &cur, j, lineno, &total, &ended, &msg) < 0)
			goto out;
		json_decref(j);
		j = NULL;
	}
	if (ferror(f)) {
		fail(&msg, "reading %s failed: %s", path, strerror(errno));
		goto out;
	}
	if (!ended) {
		fail(&msg, "%s is cut short (its end line is missing after line %ld)", path, lineno);
		goto out;
	}
	for (i = 0; i < transfer_tables_count; i++) {
		if (!it[i].seen) {
			fail(&msg, "table %s is missing from %s: the file is damaged", it[i].t->name, path);
			goto out;
		}
		if (integer_key(&it[i]) && db_identity_reset(db, it[i].t->name, it[i].t->key) != DB_DONE) {
			fail(&msg, "moving the id sequence of table %s failed (see the log)", it[i].t->name);
			goto out;
		}
	}
	if (db_commit(db) != DB_OK) {
		fail(&msg, "committing the import failed (see the log)");
		goto out;
	}
	for (i = 0; out && i < transfer_tables_count; i++)
		fprintf(out, "%-16s %10" PRId64 " rows\n", it[i].t->name, it[i].rows);
	if (out)
		fprintf(out, "imported %" PRId64 " rows (schema %" PRId64 ") from %s\n", total, schema, path);
	ret = 0;
out:
	if (ret < 0) {
		db_rollback(db);
		fail(err, "%s; nothing was imported", msg ? msg : "import failed");
	}
	free(msg);
	json_decref(j);
	free(line);
	if (f)
		fclose(f);
	import_tables_free(it, transfer_tables_count);
	return ret;
}
