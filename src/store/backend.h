// SPDX-License-Identifier: MIT
// The contract between db.c (everything backend-neutral) and one database engine.
#ifndef LOKET_BACKEND_H
#define LOKET_BACKEND_H

#include <stdint.h>

#include "db.h"

/* Prepared statements per connection; every SQL literal in the program
 * fits many times over, so running out is a bug (fatal). */
#define DB_STMT_CACHE 512

/*
 * Head of every backend's statement: the backend allocates its own struct
 * with this as the first member, db.c fills in sql and db after prepare.
 */
struct db_stmt {
	const char *sql;   /* the caller's literal: its address is the cache key */
	struct db *db;
	int nparams;       /* '?' placeholders, set by the backend's prepare */
};

struct db_cache_slot {
	const char *sql;
	struct db_stmt *st;
};

/*
 * Head of every backend's connection, first member of the backend's struct.
 * The backend callocs it in open; db.c owns be, in_tx and the cache.
 */
struct db {
	const struct db_backend *be; /* the backend that opened it: a later
					* db_setup must not change how it closes */
	int in_tx;
	struct db_cache_slot cache[DB_STMT_CACHE];
};

enum db_tx { DB_TX_BEGIN, DB_TX_COMMIT, DB_TX_ROLLBACK };

/*
 * One database engine. Parameter and column indexes are 0-based here.
 * Errors are logged by the backend, never with parameter values.
 */
struct db_backend {
	const char *name;
	/* Connects to target (a file path or a URL). Never NULL: failure is
	 * fatal, with a message naming the target but no password. */
	struct db *(*open)(const char *target);
	/* Closes a connection whose statements db.c has finalized. */
	void (*close)(struct db *db);

	/* Compiles sql for this connection; fmt holds one bind letter per
	 * placeholder ('s', 'i' or 'd') for engines that type parameters at
	 * prepare time. NULL on error (logged). */
	struct db_stmt *(*prepare)(struct db *db, const char *sql, const char *fmt);
	void (*finalize)(struct db_stmt *st);
	/* 0 or -1 (logged). v == NULL binds SQL NULL. The value is copied. */
	int (*bind_text)(struct db_stmt *st, int idx, const char *v);
	int (*bind_int)(struct db_stmt *st, int idx, int64_t v);
	/* Runs the statement on the first call, then walks its rows. */
	enum db_rc (*step)(struct db_stmt *st);
	const char *(*text)(struct db_stmt *st, int col);
	int64_t (*integer)(struct db_stmt *st, int col);
	int (*is_null)(struct db_stmt *st, int col);
	/* Drops the result and the bindings; the statement stays prepared. */
	void (*reset)(struct db_stmt *st);
	/* Rows changed by the last INSERT, UPDATE or DELETE. */
	int64_t (*changes)(struct db *db);

	/* Runs several ';'-separated statements without parameters. */
	enum db_rc (*script)(struct db *db, const char *sql);
	/* Starts, commits or rolls back a transaction (DB_OK or DB_ERR).
	 * A commit that the engine turned into a rollback is DB_ERR. */
	enum db_rc (*tx)(struct db *db, enum db_tx op);

	/* Result metadata (db_column_*), valid once the statement ran. */
	int (*column_count)(struct db_stmt *st);
	const char *(*column_name)(struct db_stmt *st, int col);
	int (*column_is_integer)(struct db_stmt *st, int col);

	/* Rewrites migration DDL into this engine's dialect: a malloc'd copy
	 * the caller frees, or NULL when the SQL runs as written. */
	char *(*dialect)(const char *sql);
	/* Run first inside every migration transaction so that instances
	 * starting together apply each migration once; NULL when beginning
	 * the transaction already excludes other writers. */
	const char *migrate_lock;
	/* Lists the database's own tables, one name per row (db_tables). */
	const char *tables_sql;
	/* Run right after BEGIN by db_begin_snapshot so that all reads of the
	 * transaction see one snapshot; NULL when BEGIN already gives that. */
	const char *snapshot;
	/* Moves the id generator of table.column past its highest value
	 * (db_identity_reset); NULL when the engine needs nothing. */
	enum db_rc (*identity_reset)(struct db *db, const char *table, const char *column);
	/* 1 when this connection cannot write (a read-only file or server), 0
	 * when it can, -1 on error (logged). */
	int (*read_only)(struct db *db);
};

extern const struct db_backend db_sqlite_backend;
extern const struct db_backend db_postgres_backend;

#endif
