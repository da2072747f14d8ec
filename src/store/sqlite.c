// SPDX-License-Identifier: MIT
// SQLite backend of db.h: WAL, one connection per thread, write transactions taken up front.
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend.h"
#include "lib/fileio.h"
#include "lib/log.h"

struct lite_db {
	struct db base;
	sqlite3 *h;
};

struct lite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
};

static sqlite3 *handle(struct db *db)
{
	return ((struct lite_db *)db)->h;
}

static sqlite3_stmt *stmt(struct db_stmt *st)
{
	return ((struct lite_stmt *)st)->st;
}

/* Disk full, read-only, I/O errors: the request that met one is answered
 * 503 (storage_fault), not as whatever the failed write looked like. */
static void lite_fault(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
		storage_fault_set();
		break;
	default:
		break;
	}
}

static enum db_rc lite_script(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(handle(db), sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		lite_fault(rc);
		log_error("database: %s", msg ? msg : "script failed");
		sqlite3_free(msg);
		return DB_ERR;
	}
	return DB_DONE;
}

/*
 * The database holds personal data: its files are for the owner and the
 * group only (0640). The process umask (027) covers a new database, but
 * SQLite gives a new -wal and -shm the database file's own mode whatever
 * the umask, so a database made by an older version (0644 under the
 * shell's umask) is tightened before it is opened, with any -wal and -shm
 * left from then. A failure is logged, not fatal: a file owned by another
 * user may still be ours to write.
 */
static void lite_private(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char p[4200];
	size_t i;

	for (i = 0; i < sizeof suffix / sizeof *suffix; i++)
		if ((size_t)snprintf(p, sizeof p, "%s%s", path, suffix[i]) < sizeof p &&
		    file_restrict(p, 0640) < 0)
			log_warn("database: cannot restrict %s to mode 0640: %s", p, strerror(errno));
}

static struct db *lite_open(const char *path)
{
	struct lite_db *ldb = calloc(1, sizeof *ldb);

	if (!ldb)
		fatal("out of memory");
	lite_private(path);
	if (sqlite3_open_v2(path, &ldb->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		fatal("database: cannot open %s: %s", path, sqlite3_errmsg(ldb->h));
	sqlite3_busy_timeout(ldb->h, 10000);
	sqlite3_extended_result_codes(ldb->h, 1);
	if (lite_script(&ldb->base, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
			"PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;") != DB_DONE)
		fatal("database: cannot configure %s", path);
	return &ldb->base;
}

static void lite_close(struct db *db)
{
	sqlite3_close(handle(db));
	free(db);
}

static struct db_stmt *lite_prepare(struct db *db, const char *sql, const char *fmt)
{
	struct lite_stmt *ls = calloc(1, sizeof *ls);

	(void)fmt; /* SQLite types each value as it is bound */
	if (!ls)
		fatal("out of memory");
	if (sqlite3_prepare_v2(handle(db), sql, -1, &ls->st, NULL) != SQLITE_OK) {
		log_error("database: prepare failed: %s in: %s", sqlite3_errmsg(handle(db)), sql);
		sqlite3_finalize(ls->st);
		free(ls);
		return NULL;
	}
	ls->base.nparams = sqlite3_bind_parameter_count(ls->st);
	return &ls->base;
}

static void lite_finalize(struct db_stmt *st)
{
	sqlite3_finalize(stmt(st));
	free(st);
}

static int bind_rc(struct db_stmt *st, int rc)
{
	if (rc == SQLITE_OK)
		return 0;
	log_error("database: bind failed: %s in: %s", sqlite3_errmsg(handle(st->db)), st->sql);
	return -1;
}

static int lite_bind_text(struct db_stmt *st, int idx, const char *v)
{
	return bind_rc(st, v ? sqlite3_bind_text(stmt(st), idx + 1, v, -1, SQLITE_TRANSIENT)
			     : sqlite3_bind_null(stmt(st), idx + 1));
}

static int lite_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return bind_rc(st, sqlite3_bind_int64(stmt(st), idx + 1, v));
}

static enum db_rc lite_step(struct db_stmt *st)
{
	int rc = sqlite3_step(stmt(st));

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return DB_CONSTRAINT;
	lite_fault(rc);
	log_error("database: step failed (%d): %s in: %s", rc, sqlite3_errmsg(handle(st->db)), st->sql);
	return DB_ERR;
}

static const char *lite_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(stmt(st), col);
}

static int64_t lite_integer(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(stmt(st), col);
}

static int lite_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(stmt(st), col) == SQLITE_NULL;
}

static void lite_reset(struct db_stmt *st)
{
	sqlite3_reset(stmt(st));
	sqlite3_clear_bindings(stmt(st));
}

static int64_t lite_changes(struct db *db)
{
	return sqlite3_changes64(handle(db));
}

static int lite_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(stmt(st));
}

static const char *lite_column_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(stmt(st), col);
}

/* The column's declared type decides, by SQLite's own affinity rule (a type
 * name containing "INT"), so that an empty result or a NULL still tells;
 * an expression has no declared type, and then the current value does. */
static int lite_column_is_integer(struct db_stmt *st, int col)
{
	const char *decl = sqlite3_column_decltype(stmt(st), col);
	size_t i;

	if (!decl)
		return sqlite3_column_type(stmt(st), col) == SQLITE_INTEGER;
	for (i = 0; decl[i]; i++)
		if (!strncasecmp(decl + i, "INT", 3))
			return 1;
	return 0;
}

static enum db_rc lite_tx(struct db *db, enum db_tx op)
{
	/* IMMEDIATE takes the write lock now: a read-then-write transaction
	 * can then neither deadlock nor fail with SQLITE_BUSY on its write */
	static const char *const sql[] = { "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" };

	/* a failed write (disk full, I/O error) may have rolled the whole
	 * transaction back already: nothing is left to roll back */
	if (op == DB_TX_ROLLBACK && sqlite3_get_autocommit(handle(db)))
		return DB_OK;
	return lite_script(db, sql[op]) == DB_DONE ? DB_OK : DB_ERR;
}

/* SQLite opens a file it may not write read-only without a word. */
static int lite_read_only(struct db *db)
{
	return sqlite3_db_readonly(handle(db), "main") == 1;
}

const struct db_backend db_sqlite_backend = {
	.name = "sqlite",
	.open = lite_open,
	.close = lite_close,
	.prepare = lite_prepare,
	.finalize = lite_finalize,
	.bind_text = lite_bind_text,
	.bind_int = lite_bind_int,
	.step = lite_step,
	.text = lite_text,
	.integer = lite_integer,
	.is_null = lite_is_null,
	.reset = lite_reset,
	.changes = lite_changes,
	.column_count = lite_column_count,
	.column_name = lite_column_name,
	.column_is_integer = lite_column_is_integer,
	.script = lite_script,
	.tx = lite_tx,
	.dialect = NULL,      /* the migrations are written in SQLite's types */
	.migrate_lock = NULL, /* BEGIN IMMEDIATE already excludes other writers */
	.tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table' "
		      "AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name",
	.snapshot = NULL,       /* BEGIN IMMEDIATE: no writer can change what is read */
	.read_only = lite_read_only,
	.identity_reset = NULL, /* a new rowid is one past the highest */
};
