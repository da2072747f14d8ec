// SPDX-License-Identifier: MIT
// The backend-neutral half of db.h: backend choice, connections, statement cache, binding, migrations.
#include "db.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "lib/log.h"
#include "migrations.h"

static const struct db_backend *backend = &db_sqlite_backend;
static char *target;
static pthread_key_t thread_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static __thread struct db *thread_db;

static void db_close(struct db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < DB_STMT_CACHE; i++)
		if (db->cache[i].st)
			db->be->finalize(db->cache[i].st);
	db->be->close(db);
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

/* "scheme://" of a URL this build does not know: better refused than
 * taken for a relative file name. */
static int has_scheme(const char *p)
{
	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return !strncmp(p, "://", 3);
}

int db_setup(const char *data_dir, const char *database_url)
{
	const struct db_backend *be = &db_sqlite_backend;
	const char *p = database_url ? database_url : "";
	char *t = NULL;

	/* a second setup (the store tests) starts this thread afresh */
	db_thread_close();
	if (!strncmp(p, "postgres://", 11) || !strncmp(p, "postgresql://", 13)) {
		be = &db_postgres_backend;
		t = strdup(p);
	} else {
		if (!strncmp(p, "sqlite:", 7)) {
			p += 7;
			while (*p == '/' && p[1] == '/')
				p++;
		} else if (has_scheme(p)) {
			/* the URL is not echoed: it may hold a password */
			log_error("database: unsupported database_url; use sqlite:PATH or postgresql://...");
			return -1;
		}
		if (*p) {
			t = strdup(p);
		} else if (data_dir) {
			mkdir(data_dir, 0750);
			if (asprintf(&t, "%s/loket.db", data_dir) < 0)
				t = NULL;
		} else {
			log_error("database: no data directory and no database_url");
			return -1;
		}
	}
	if (!t)
		fatal("out of memory");
	free(target);
	target = t;
	backend = be;
	return 0;
}

const char *db_backend_name(void)
{
	return backend->name;
}

struct db *db_thread(void)
{
	if (thread_db)
		return thread_db;
	if (!target)
		fatal("db_thread before db_setup");
	pthread_once(&key_once, make_key);
	thread_db = backend->open(target);
	thread_db->be = backend;
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

/* The cache is keyed by the literal's address: no hashing of the text, and
 * one SQL string is one prepared statement for the connection's life. */
static struct db_stmt *prepare(struct db *db, const char *sql, const char *fmt)
{
	uintptr_t h = (uintptr_t)sql;
	size_t i, n;

	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	i = (size_t)(h >> 40) % DB_STMT_CACHE;
	for (n = 0; n < DB_STMT_CACHE; n++, i = (i + 1) % DB_STMT_CACHE) {
		struct db_cache_slot *slot = &db->cache[i];
		struct db_stmt *st;

		if (slot->sql == sql)
			return slot->st;
		if (slot->sql)
			continue;
		st = db->be->prepare(db, sql, fmt);
		if (!st)
			return NULL;
		st->sql = sql;
		st->db = db;
		slot->sql = sql;
		slot->st = st;
		return st;
	}
	fatal("database: statement cache full");
}

#define MAX_PARAMS 64

/* The variadic front end: collects the arguments, then db_query_args. */
static struct db_stmt *vquery(struct db *db, const char *sql, const char *fmt, va_list ap)
{
	union db_arg args[MAX_PARAMS];
	size_t i, n = fmt ? strlen(fmt) : 0;

	if (n > MAX_PARAMS)
		fatal("database: more than %d parameters", MAX_PARAMS);
	for (i = 0; i < n; i++) {
		switch (fmt[i]) {
		case 's':
			args[i].text = va_arg(ap, const char *);
			break;
		case 'i':
			args[i].integer = va_arg(ap, int64_t);
			break;
		case 'd':
			args[i].integer = va_arg(ap, int);
			break;
		default:
			fatal("database: bad bind format '%c'", fmt[i]);
		}
	}
	return db_query_args(db, sql, fmt, args);
}

struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...)
{
	struct db_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = vquery(db, sql, fmt, ap);
	va_end(ap);
	return st;
}

enum db_rc db_next(struct db_stmt *st)
{
	return st ? st->db->be->step(st) : DB_ERR;
}

const char *db_text(struct db_stmt *st, int col)
{
	return st->db->be->text(st, col);
}

int64_t db_int(struct db_stmt *st, int col)
{
	return st->db->be->integer(st, col);
}

int db_is_null(struct db_stmt *st, int col)
{
	return st->db->be->is_null(st, col);
}

void db_end(struct db_stmt *st)
{
	if (st)
		st->db->be->reset(st);
}

struct db_stmt *db_query_args(struct db *db, const char *sql, const char *fmt, const union db_arg *args)
{
	const struct db_backend *be = db->be;
	struct db_stmt *st;
	int idx, rc = 0;

	if (!fmt)
		fmt = "";
	st = prepare(db, sql, fmt);
	if (!st)
		return NULL;
	if ((int)strlen(fmt) != st->nparams) {
		/* SQLite would bind NULL to the rest, PostgreSQL refuses: refuse
		 * on both, so a mistake shows on the default backend too */
		log_error("database: %zu parameters for %d placeholders in: %s", strlen(fmt),
			  st->nparams, sql);
		return NULL;
	}
	for (idx = 0; fmt[idx] && !rc; idx++) {
		switch (fmt[idx]) {
		case 's':
			rc = be->bind_text(st, idx, args[idx].text);
			break;
		case 'i':
		case 'd':
			rc = be->bind_int(st, idx, args[idx].integer);
			break;
		default:
			fatal("database: bad bind format '%c'", fmt[idx]);
		}
	}
	if (rc) {
		db_end(st);
		return NULL;
	}
	return st;
}

int db_column_count(struct db_stmt *st)
{
	return st->db->be->column_count(st);
}

const char *db_column_name(struct db_stmt *st, int col)
{
	return st->db->be->column_name(st, col);
}

int db_column_is_integer(struct db_stmt *st, int col)
{
	return st->db->be->column_is_integer(st, col);
}

static enum db_rc run(struct db_stmt *st, int64_t *id)
{
	enum db_rc rc = db_next(st);

	if (rc == DB_ROW) {
		if (id)
			*id = db_int(st, 0);
		while ((rc = db_next(st)) == DB_ROW)
			;
	}
	db_end(st);
	return rc;
}

enum db_rc db_exec(struct db *db, const char *sql, const char *fmt, ...)
{
	struct db_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = vquery(db, sql, fmt, ap);
	va_end(ap);
	return st ? run(st, NULL) : DB_ERR;
}

enum db_rc db_insert_id(struct db *db, const char *sql, int64_t *id, const char *fmt, ...)
{
	struct db_stmt *st;
	va_list ap;

	*id = 0;
	va_start(ap, fmt);
	st = vquery(db, sql, fmt, ap);
	va_end(ap);
	return st ? run(st, id) : DB_ERR;
}

int64_t db_changes(struct db *db)
{
	return db->be->changes(db);
}

enum db_rc db_script(struct db *db, const char *sql)
{
	return db->be->script(db, sql);
}

enum db_rc db_begin(struct db *db)
{
	if (db->in_tx)
		fatal("database: nested transaction");
	if (db->be->tx(db, DB_TX_BEGIN) != DB_OK)
		return DB_ERR;
	db->in_tx = 1;
	return DB_OK;
}

enum db_rc db_commit(struct db *db)
{
	db->in_tx = 0;
	if (db->be->tx(db, DB_TX_COMMIT) != DB_OK) {
		/* SQLite keeps a transaction whose COMMIT failed open */
		db->be->tx(db, DB_TX_ROLLBACK);
		return DB_ERR;
	}
	return DB_OK;
}

void db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	db->in_tx = 0;
	db->be->tx(db, DB_TX_ROLLBACK);
}

int db_check_writable(char *why, size_t n)
{
	int ro;

	/* SQLite writes the database's directory too (-wal, -shm, journals);
	 * asked before opening, as a WAL database it may not write can fail
	 * to open at all */
	if (backend == &db_sqlite_backend) {
		char *dir = strdup(target), *slash;
		const char *paths[2];

		if (!dir)
			fatal("out of memory");
		slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		paths[0] = target;
		paths[1] = slash ? (*dir ? dir : "/") : ".";
		for (int i = 0; i < 2; i++)
			if (faccessat(AT_FDCWD, paths[i], W_OK, AT_EACCESS) < 0 && (i == 1 || errno != ENOENT)) {
				snprintf(why, n, "%s: %s", paths[i], strerror(errno));
				free(dir);
				return -1;
			}
		free(dir);
	}
	ro = backend->read_only(db_thread());
	if (ro) {
		snprintf(why, n, "%s", ro < 0 ? "the database does not answer" : "the database is read-only");
		return -1;
	}
	return 0;
}

enum db_rc db_begin_snapshot(struct db *db)
{
	if (db_begin(db) != DB_OK)
		return DB_ERR;
	if (db->be->snapshot && db_script(db, db->be->snapshot) != DB_DONE) {
		db_rollback(db);
		return DB_ERR;
	}
	return DB_OK;
}

struct db_stmt *db_tables(struct db *db)
{
	return db_query(db, db->be->tables_sql, "");
}

enum db_rc db_identity_reset(struct db *db, const char *table, const char *column)
{
	return db->be->identity_reset ? db->be->identity_reset(db, table, column) : DB_DONE;
}

int64_t db_sequence_next(struct db *db, const char *name)
{
	int64_t v = 0;

	/* one atomic statement: the row lock (PostgreSQL) or the write lock
	 * (SQLite) orders concurrent callers in every process */
	if (db_insert_id(db, "INSERT INTO sequences (name, value) VALUES (?, 1) "
			 "ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value",
			 &v, "s", name) != DB_DONE || v < 1)
		return -1;
	return v;
}

/* Opens one migration step's transaction, holding the backend's
 * migration lock until it ends. */
static int migrate_begin(struct db *db)
{
	if (db_begin(db) != DB_OK)
		return -1;
	if (db->be->migrate_lock && db_script(db, db->be->migrate_lock) != DB_DONE) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* Runs DDL written in the shared dialect, rewritten for the backend. */
static enum db_rc script_ddl(struct db *db, const char *sql)
{
	char *own = db->be->dialect ? db->be->dialect(sql) : NULL;
	enum db_rc rc = db_script(db, own ? own : sql);

	free(own);
	return rc;
}

int db_migrate(struct db *db, int verbose)
{
	size_t i;

	/* "INTEGER NOT NULL PRIMARY KEY": the version is given, never
	 * generated, so the dialect rewrite must not make it an identity */
	if (migrate_begin(db) < 0)
		return -1;
	if (script_ddl(db, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, "
		       "name TEXT NOT NULL, applied_at INTEGER NOT NULL)") != DB_DONE) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != DB_OK)
		return -1;
	for (i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		struct db_stmt *st;
		enum db_rc rc;

		/* checked inside the locked transaction: another instance may
		 * have applied it while this one waited */
		if (migrate_begin(db) < 0)
			return -1;
		st = db_query(db, "SELECT 1 FROM schema_migrations WHERE version = ?", "d", m->version);
		rc = db_next(st);
		db_end(st);
		if (rc == DB_ROW) {
			db_rollback(db);
			continue;
		}
		if (rc != DB_DONE || script_ddl(db, m->sql) != DB_DONE ||
		    db_exec(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			    "dsi", m->version, m->name, (int64_t)time(NULL)) != DB_DONE) {
			db_rollback(db);
			log_error("database: migration %s failed", m->name);
			return -1;
		}
		if (db_commit(db) != DB_OK) {
			log_error("database: migration %s failed", m->name);
			return -1;
		}
		if (verbose)
			printf("applied migration %s\n", m->name);
	}
	return 0;
}
