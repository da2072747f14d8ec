// SPDX-License-Identifier: MIT
// SQLite backend of db.h: WAL, one connection per thread, cached statements.
#include "db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/log.h"
#include "migrations.h"

#define STMT_CACHE 512

struct db_stmt {
	const char *sql;   /* the caller's literal: identity is the cache key */
	sqlite3_stmt *st;
	struct db *db;
};

struct db {
	sqlite3 *h;
	struct db_stmt cache[STMT_CACHE];
	int in_tx;
};

static char *db_path;
static pthread_key_t thread_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static __thread struct db *thread_db;

static void db_close(struct db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < STMT_CACHE; i++)
		if (db->cache[i].st)
			sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->h);
	free(db);
}

static void thread_exit(void *p)
{
	db_close(p);
}

static void make_key(void)
{
	if (pthread_key_create(&thread_key, thread_exit))
		fatal("pthread_key_create failed");
}

int db_setup(const char *data_dir, const char *database_url)
{
	const char *p = database_url;

	if (p && !strncmp(p, "sqlite:", 7)) {
		p += 7;
		while (*p == '/' && p[1] == '/')
			p++;
	}
	if (p && (!strncmp(p, "postgres://", 11) || !strncmp(p, "postgresql://", 13))) {
		log_error("database: PostgreSQL is not supported by this build");
		return -1;
	}
	free(db_path);
	if (p && *p) {
		db_path = strdup(p);
	} else {
		mkdir(data_dir, 0750);
		if (asprintf(&db_path, "%s/loket.db", data_dir) < 0)
			db_path = NULL;
	}
	if (!db_path)
		fatal("out of memory");
	return 0;
}

static struct db *db_open_path(const char *path)
{
	struct db *db = calloc(1, sizeof *db);

	if (!db)
		fatal("out of memory");
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		fatal("database: cannot open %s: %s", path, sqlite3_errmsg(db->h));
	sqlite3_busy_timeout(db->h, 10000);
	sqlite3_extended_result_codes(db->h, 1);
	if (db_script(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
		      "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;") != DB_DONE)
		fatal("database: cannot configure %s", path);
	return db;
}

struct db *db_thread(void)
{
	if (thread_db)
		return thread_db;
	if (!db_path)
		fatal("db_thread before db_setup");
	pthread_once(&key_once, make_key);
	thread_db = db_open_path(db_path);
	pthread_setspecific(thread_key, thread_db);
	return thread_db;
}

void db_thread_close(void)
{
	if (!thread_db)
		return;
	pthread_setspecific(thread_key, NULL);
	db_close(thread_db);
	thread_db = NULL;
}

static struct db_stmt *prepare(struct db *db, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	size_t i, n;

	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	i = (size_t)(h >> 40) % STMT_CACHE;
	for (n = 0; n < STMT_CACHE; n++, i = (i + 1) % STMT_CACHE) {
		struct db_stmt *s = &db->cache[i];

		if (s->sql == sql)
			return s;
		if (!s->sql) {
			if (sqlite3_prepare_v2(db->h, sql, -1, &s->st, NULL) != SQLITE_OK) {
				log_error("database: prepare failed: %s", sqlite3_errmsg(db->h));
				s->st = NULL;
				return NULL;
			}
			s->sql = sql;
			s->db = db;
			return s;
		}
	}
	fatal("database: statement cache full");
}

static struct db_stmt *vquery(struct db *db, const char *sql, const char *fmt, va_list ap)
{
	struct db_stmt *s = prepare(db, sql);
	int idx = 1, rc = SQLITE_OK;

	if (!s)
		return NULL;
	for (; fmt && *fmt && rc == SQLITE_OK; fmt++, idx++) {
		switch (*fmt) {
		case 's': {
			const char *v = va_arg(ap, const char *);

			rc = v ? sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(s->st, idx);
			break;
		}
		case 'i':
			rc = sqlite3_bind_int64(s->st, idx, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = sqlite3_bind_int64(s->st, idx, va_arg(ap, int));
			break;
		default:
			fatal("database: bad bind format '%c'", *fmt);
		}
	}
	if (rc != SQLITE_OK) {
		log_error("database: bind failed: %s", sqlite3_errmsg(db->h));
		db_end(s);
		return NULL;
	}
	return s;
}

struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...)
{
	struct db_stmt *s;
	va_list ap;

	va_start(ap, fmt);
	s = vquery(db, sql, fmt, ap);
	va_end(ap);
	return s;
}

enum db_rc db_next(struct db_stmt *s)
{
	int rc;

	if (!s)
		return DB_ERR;
	rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return DB_CONSTRAINT;
	log_error("database: step failed (%d): %s", rc, sqlite3_errmsg(s->db->h));
	return DB_ERR;
}

const char *db_text(struct db_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s->st, col);
}

int64_t db_int(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

int db_is_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

void db_end(struct db_stmt *s)
{
	if (!s)
		return;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

static enum db_rc run(struct db_stmt *s, int64_t *id)
{
	enum db_rc rc = db_next(s);

	if (rc == DB_ROW) {
		if (id)
			*id = db_int(s, 0);
		while ((rc = db_next(s)) == DB_ROW)
			;
	}
	db_end(s);
	return rc;
}

enum db_rc db_exec(struct db *db, const char *sql, const char *fmt, ...)
{
	struct db_stmt *s;
	va_list ap;

	va_start(ap, fmt);
	s = vquery(db, sql, fmt, ap);
	va_end(ap);
	return s ? run(s, NULL) : DB_ERR;
}

enum db_rc db_insert_id(struct db *db, const char *sql, int64_t *id, const char *fmt, ...)
{
	struct db_stmt *s;
	va_list ap;

	*id = 0;
	va_start(ap, fmt);
	s = vquery(db, sql, fmt, ap);
	va_end(ap);
	return s ? run(s, id) : DB_ERR;
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

enum db_rc db_script(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("database: %s", msg ? msg : "script failed");
		sqlite3_free(msg);
		return DB_ERR;
	}
	return DB_DONE;
}

enum db_rc db_begin(struct db *db)
{
	if (db->in_tx)
		fatal("database: nested transaction");
	if (db_script(db, "BEGIN IMMEDIATE") != DB_DONE)
		return DB_ERR;
	db->in_tx = 1;
	return DB_OK;
}

enum db_rc db_commit(struct db *db)
{
	db->in_tx = 0;
	if (db_script(db, "COMMIT") != DB_DONE) {
		db_script(db, "ROLLBACK");
		return DB_ERR;
	}
	return DB_OK;
}

void db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	db->in_tx = 0;
	db_script(db, "ROLLBACK");
}

int db_migrate(struct db *db, int verbose)
{
	size_t i;

	if (db_script(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
		      "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)") != DB_DONE)
		return -1;
	for (i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		struct db_stmt *s = db_query(db, "SELECT 1 FROM schema_migrations WHERE version = ?", "d", m->version);
		enum db_rc rc = db_next(s);

		db_end(s);
		if (rc == DB_ROW)
			continue;
		if (rc != DB_DONE || db_begin(db) != DB_OK)
			return -1;
		if (db_script(db, m->sql) != DB_DONE ||
		    db_exec(db, "INSERT INTO schema_migrations (version, name, applied_at) "
			    "VALUES (?, ?, strftime('%s','now'))", "ds", m->version, m->name) != DB_DONE) {
			db_rollback(db);
			log_error("database: migration %s failed", m->name);
			return -1;
		}
		if (db_commit(db) != DB_OK)
			return -1;
		if (verbose)
			printf("applied migration %s\n", m->name);
	}
	return 0;
}
