// SPDX-License-Identifier: MIT
// Database interface the domain layer uses; one backend per process.
#ifndef LOKET_DB_H
#define LOKET_DB_H

#include <stddef.h>
#include <stdint.h>

/*
 * SQL is written in the portable subset SQLite and PostgreSQL share, with
 * '?' placeholders (the backend rewrites them). Statements are prepared once
 * per connection and cached by the address of their SQL text, so pass
 * string literals (or pointers that never change).
 * A connection belongs to one thread: db_thread() hands each thread its own.
 */
struct db;
struct db_stmt;

enum db_rc {
	DB_OK = 0,
	DB_ROW,        /* db_next: a row is ready */
	DB_DONE,       /* no (more) rows */
	DB_CONSTRAINT, /* unique/foreign-key violation */
	DB_ERR,        /* anything else: logged, without parameters */
	DB__MAX
};

/* Chooses the process-wide database: empty or NULL database_url is SQLite
 * in DATA_DIR/loket.db, "sqlite:PATH" (or a bare path) another SQLite file,
 * "postgresql://..." or "postgres://..." a PostgreSQL server (libpq URL).
 * Connects lazily (db_thread). Call at start-up before db_thread; calling
 * it again closes the calling thread's connection first (tests). -1 on an
 * unsupported URL (logged without the URL, which may hold a password). */
int db_setup(const char *data_dir, const char *database_url);
/* "sqlite" or "postgresql": the backend db_setup chose. */
const char *db_backend_name(void);
/* The calling thread's connection, opened on first use. Never NULL: a
 * failure to open is fatal, as nothing can be served without it. */
struct db *db_thread(void);
/* Closes the calling thread's connection (thread exit). */
void db_thread_close(void);

/*
 * db_query prepares (or fetches from the cache) and binds. fmt has one
 * letter per '?' (a count mismatch is an error): 's' text (NULL binds
 * NULL), 'i' int64_t, 'd' int. A statement is typed by the letters of its
 * first use on PostgreSQL, so one SQL text always takes the same letters.
 * Returns NULL on error (logged). The statement stays busy until db_end.
 */
struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...);
/* Steps: DB_ROW, DB_DONE, DB_CONSTRAINT or DB_ERR. */
enum db_rc db_next(struct db_stmt *st);
/* Column accessors for the current row; text is borrowed until the next
 * db_next/db_end (copy it into the arena to keep it). NULL text -> NULL. */
const char *db_text(struct db_stmt *st, int col);
int64_t db_int(struct db_stmt *st, int col);
int db_is_null(struct db_stmt *st, int col);
/* Resets the statement for reuse. Safe on NULL. */
void db_end(struct db_stmt *st);

/* Runs a statement with no result rows (or ignores them): DB_DONE on
 * success, DB_CONSTRAINT or DB_ERR. */
enum db_rc db_exec(struct db *db, const char *sql, const char *fmt, ...);
/* Runs "... RETURNING id" and stores the first column in *id. */
enum db_rc db_insert_id(struct db *db, const char *sql, int64_t *id, const char *fmt, ...);
/* Rows changed by the last statement on this connection. */
int64_t db_changes(struct db *db);

/* Transactions; nested calls are not supported (fatal). db_begin starts a
 * write transaction immediately on SQLite (BEGIN IMMEDIATE: writers take
 * turns) and a READ COMMITTED one on PostgreSQL, so guard every
 * check-then-act with a conditional write or a constraint (see
 * docs/architecture.md). After a failed statement PostgreSQL has already
 * aborted the transaction: roll back, as db_commit would fail (DB_ERR). */
enum db_rc db_begin(struct db *db);
enum db_rc db_commit(struct db *db);
void db_rollback(struct db *db);

/*
 * Next value (1, 2, 3, ...) of the named counter, created at 1 on first use;
 * -1 on error (logged). Unique across threads and processes on both
 * backends. Inside a transaction the increment commits or rolls back with
 * it (and holds the counter's row until then on PostgreSQL), so a rolled-
 * back value is handed out again; outside one it is its own transaction.
 */
int64_t db_sequence_next(struct db *db, const char *name);

/*
 * Result metadata, for code that handles tables it does not know column by
 * column (loket export/import). Valid once db_next has run the statement
 * (PostgreSQL learns the columns from the server), also when it returned
 * DB_DONE, until db_end. col is 0-based.
 */
int db_column_count(struct db_stmt *st);
/* The column's name as the result spells it; borrowed until db_end. */
const char *db_column_name(struct db_stmt *st, int col);
/* 1 for an integer column: one declared with INTEGER or BIGINT (SQLite's
 * integer affinity; an expression without a declared type: the current
 * value is an integer), smallint, integer or bigint on PostgreSQL. 0 for
 * anything else. SQLite may still hold a non-integer value in such a
 * column: compare db_text with db_int to be sure. */
int db_column_is_integer(struct db_stmt *st, int col);

/* One parameter of db_query_args: .text for 's' (NULL binds NULL),
 * .integer for 'i' or 'd'. */
union db_arg {
	const char *text;
	int64_t integer;
};
/* db_query with the values in an array, for statements built at run time
 * whose parameter count is not known at compile time (db_query collects its
 * arguments and comes here). fmt as for db_query, one args entry per letter. */
struct db_stmt *db_query_args(struct db *db, const char *sql, const char *fmt, const union db_arg *args);

/* Names of the tables of the database (the engine's own excluded), one per
 * row in column 0, sorted; end with db_end. NULL on error (logged). */
struct db_stmt *db_tables(struct db *db);
/* db_begin for a transaction whose reads all see one snapshot of the whole
 * database (REPEATABLE READ READ ONLY on PostgreSQL; on SQLite BEGIN
 * IMMEDIATE already holds writers off). End it with db_rollback. */
enum db_rc db_begin_snapshot(struct db *db);
/* After rows were inserted with explicit ids: moves the id generator of
 * table.column past the column's highest value, so that later inserts get
 * new ids (PostgreSQL's identity sequence; nothing to do on SQLite, whose
 * rowid continues after the highest). A no-op for a column without a
 * generator. table and column are trusted names, never input. DB_DONE or
 * DB_ERR (logged). */
enum db_rc db_identity_reset(struct db *db, const char *table, const char *column);

/* For `loket serve` at start-up, after db_setup: 0 when the calling
 * thread's connection may write, -1 with the reason in why (no URL, no
 * password) when the database is read-only: a SQLite file or directory
 * this user may not write, a read-only PostgreSQL server or role. */
int db_check_writable(char *why, size_t n);

/* Applies pending migrations, each in its own transaction; safe when
 * several instances start at once. Prints what it did to stdout if verbose. */
int db_migrate(struct db *db, int verbose);
/* Runs a multi-statement script without parameters, as written (only
 * db_migrate rewrites DDL for the backend). */
enum db_rc db_script(struct db *db, const char *sql);

#endif
