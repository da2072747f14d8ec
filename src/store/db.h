// SPDX-License-Identifier: MIT
// Database interface the domain layer uses; one backend per process.
#ifndef LOKET_DB_H
#define LOKET_DB_H

#include <stdint.h>

/*
 * SQL is written in the portable subset SQLite and PostgreSQL share, with
 * '?' placeholders (the backend rewrites them). Statements are prepared once
 * per connection and cached by their SQL text, so pass string literals.
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

/* Opens the process-wide database given by the URL or file path (empty:
 * DATA_DIR/loket.db). Call once at start-up before db_thread. */
int db_setup(const char *data_dir, const char *database_url);
/* The calling thread's connection, opened on first use. Never NULL: a
 * failure to open is fatal, as nothing can be served without it. */
struct db *db_thread(void);
/* Closes the calling thread's connection (thread exit). */
void db_thread_close(void);

/*
 * db_query prepares (or fetches from the cache) and binds. fmt has one
 * letter per '?': 's' text (NULL binds NULL), 'i' int64_t, 'd' int.
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

/* Transactions; nested calls are not supported. db_begin starts a write
 * transaction immediately (BEGIN IMMEDIATE on SQLite). */
enum db_rc db_begin(struct db *db);
enum db_rc db_commit(struct db *db);
void db_rollback(struct db *db);

/* Applies pending migrations; prints what it did to stdout if verbose. */
int db_migrate(struct db *db, int verbose);
/* Runs a multi-statement script (migrations, tests). */
enum db_rc db_script(struct db *db, const char *sql);

#endif
