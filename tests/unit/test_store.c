// SPDX-License-Identifier: MIT
// Unit tests of the store: the same cases on SQLite and, with LOKET_TEST_DATABASE_URL, on PostgreSQL.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/backend.h"
#include "store/db.h"
#include "pg_scratch.h"
#include "store/migrations.h"

#define SEQ_THREADS 8
#define SEQ_CALLS 500

static char dir[64];

static int64_t count(const char *sql, const char *aksi)
{
	struct db_stmt *st = db_query(db_thread(), sql, "s", aksi);
	int64_t n = -1;

	if (db_next(st) == DB_ROW)
		n = db_int(st, 0);
	db_end(st);
	return n;
}

static int64_t audit_count(const char *aksi)
{
	return count("SELECT COUNT(*) FROM audit WHERE aksi = ?", aksi);
}

static enum db_rc audit_add(const char *aksi, const char *detail, int64_t at)
{
	return db_exec(db_thread(), "INSERT INTO audit (staf_id, aksi, objek, detail, created_at) "
		       "VALUES (NULL, ?, 'test', ?, ?)", "ssi", aksi, detail, at);
}

/* The connection answers after an error (PostgreSQL keeps no broken state). */
static void assert_usable(void)
{
	struct db_stmt *st = db_query(db_thread(), "SELECT 1", "");

	assert_non_null(st);
	assert_int_equal(db_next(st), DB_ROW);
	assert_int_equal(db_int(st, 0), 1);
	db_end(st);
}

/* ---- groups ------------------------------------------------------------- */

static int setup_sqlite(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/loket-store-XXXXXX");
	if (!mkdtemp(dir) || db_setup(dir, NULL) < 0)
		return -1;
	return db_migrate(db_thread(), 0);
}

static int teardown_sqlite(void **state)
{
	char cmd[128];

	(void)state;
	db_thread_close();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * LOKET_TEST_DATABASE_URL names a database on a server where the tests may
 * create databases (the HTTP harness reads it the same way): the cases run
 * in a fresh database of their own, dropped afterwards (kept with
 * LOKET_TEST_KEEP), so nothing that already exists there is touched.
 */
static char pg_name[64], pg_url[1024];

static int setup_postgres(void **state)
{
	(void)state;
	snprintf(pg_name, sizeof pg_name, "loket_store_%d", (int)getpid());
	if (pg_scratch_create(pg_name, pg_url, sizeof pg_url) < 0)
		return -1;
	if (db_setup(NULL, pg_url) < 0 || strcmp(db_backend_name(), "postgresql"))
		return -1;
	return db_migrate(db_thread(), 0);
}

static int teardown_postgres(void **state)
{
	(void)state;
	return pg_scratch_drop(pg_name);
}

/* ---- cases run on each backend ----------------------------------------- */

static void test_migrate_twice(void **state)
{
	struct db *db = db_thread();
	struct db_stmt *st;

	(void)state;
	assert_int_equal(db_migrate(db, 0), 0);
	assert_int_equal(db_migrate(db, 0), 0);
	st = db_query(db, "SELECT COUNT(*), MAX(version), MIN(applied_at) FROM schema_migrations", "");
	assert_int_equal(db_next(st), DB_ROW);
	assert_int_equal(db_int(st, 0), (int64_t)migrations_count);
	assert_int_equal(db_int(st, 1), migrations[migrations_count - 1].version);
	assert_true(db_int(st, 2) > 1700000000); /* bound from time(), not a SQL clock */
	db_end(st);
}

static void test_insert_returning_id(void **state)
{
	struct db *db = db_thread();
	int64_t a = 0, b = 0;

	(void)state;
	assert_int_equal(db_insert_id(db, "INSERT INTO staf (username, nama, password_hash, roles, created_at) "
				      "VALUES (?, ?, 'x', 'admin', ?) RETURNING id", &a, "ssi",
				      "ret-a", "A", (int64_t)1), DB_DONE);
	assert_int_equal(db_insert_id(db, "INSERT INTO staf (username, nama, password_hash, roles, created_at) "
				      "VALUES (?, ?, 'x', 'admin', ?) RETURNING id", &b, "ssi",
				      "ret-b", "B", (int64_t)1), DB_DONE);
	assert_true(a > 0);
	assert_true(b > a);
	/* the defaults of the schema apply */
	assert_int_equal(count("SELECT aktif + ganti_password FROM staf WHERE username = ?", "ret-a"), 2);
}

static void test_constraints(void **state)
{
	struct db *db = db_thread();
	int64_t id;

	(void)state;
	assert_int_equal(db_insert_id(db, "INSERT INTO staf (username, nama, password_hash, roles, created_at) "
				      "VALUES (?, 'U', 'x', 'admin', 1) RETURNING id", &id, "s", "uniq"), DB_DONE);
	/* unique (23505) */
	assert_int_equal(db_insert_id(db, "INSERT INTO staf (username, nama, password_hash, roles, created_at) "
				      "VALUES (?, 'U', 'x', 'admin', 1) RETURNING id", &id, "s", "uniq"),
			 DB_CONSTRAINT);
	assert_usable();
	/* foreign key (23503) */
	assert_int_equal(db_exec(db, "INSERT INTO audit (staf_id, aksi, objek, created_at) VALUES (?, 'fk', 'x', 1)",
				 "i", (int64_t)987654321), DB_CONSTRAINT);
	assert_usable();
	/* not null (23502) */
	assert_int_equal(db_exec(db, "INSERT INTO staf (username, nama, password_hash, roles, created_at) "
				 "VALUES (?, ?, 'x', 'admin', 1)", "ss", "nonull", (const char *)NULL), DB_CONSTRAINT);
	assert_usable();
	assert_int_equal(count("SELECT COUNT(*) FROM staf WHERE username = ?", "uniq"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM staf WHERE username = ?", "nonull"), 0);
}

static void test_errors(void **state)
{
	struct db *db = db_thread();

	(void)state;
	/* both are logged; the connection carries on */
	assert_null(db_query(db, "SELECT nothing FROM nowhere WHERE x = ?", "s", "a"));
	assert_usable();
	assert_null(db_query(db, "SELECT ? + ?", "i", (int64_t)1));
	assert_int_equal(db_next(NULL), DB_ERR);
	db_end(NULL);
	assert_int_equal(db_exec(db, "SELECT ? + ?", "ii", (int64_t)1, (int64_t)2), DB_DONE);
	assert_usable();
}

static void test_null_text(void **state)
{
	struct db_stmt *st;

	(void)state;
	assert_int_equal(audit_add("null-text", NULL, 1), DB_DONE);
	assert_int_equal(audit_add("empty-text", "", 2), DB_DONE);
	st = db_query(db_thread(), "SELECT detail, aksi FROM audit WHERE aksi = ? OR aksi = ? ORDER BY created_at",
		      "ss", "null-text", "empty-text");
	assert_int_equal(db_next(st), DB_ROW);
	assert_null(db_text(st, 0));
	assert_true(db_is_null(st, 0));
	assert_string_equal(db_text(st, 1), "null-text");
	assert_int_equal(db_next(st), DB_ROW);
	assert_non_null(db_text(st, 0));
	assert_string_equal(db_text(st, 0), "");
	assert_false(db_is_null(st, 0));
	assert_int_equal(db_next(st), DB_DONE);
	db_end(st);
}

static void test_int64(void **state)
{
	static const int64_t values[] = { 5000000000123LL, -1099511627776LL, INT64_MAX, INT64_MIN + 1, 0, 2147483648LL };
	struct db *db = db_thread();
	struct db_stmt *st;
	char text[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof values / sizeof *values; i++)
		assert_int_equal(audit_add("int64", NULL, values[i]), DB_DONE);
	st = db_query(db, "SELECT created_at FROM audit WHERE aksi = ? ORDER BY id", "s", "int64");
	for (i = 0; i < sizeof values / sizeof *values; i++) {
		assert_int_equal(db_next(st), DB_ROW);
		assert_true(db_int(st, 0) == values[i]);
		snprintf(text, sizeof text, "%lld", (long long)values[i]);
		assert_string_equal(db_text(st, 0), text);
	}
	assert_int_equal(db_next(st), DB_DONE);
	db_end(st);
	/* 'd' binds a C int */
	st = db_query(db, "SELECT ? - 1", "d", -2147483647 - 1);
	assert_int_equal(db_next(st), DB_ROW);
	assert_true(db_int(st, 0) == -2147483649LL);
	db_end(st);
	/* a comparison in 64 bits on the server too */
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE aksi = ? AND created_at > 4294967296", "int64"), 2);
}

static void test_placeholders_in_literals(void **state)
{
	struct db_stmt *st;

	(void)state;
	st = db_query(db_thread(), "SELECT '?', ?, 'it''s ? here', '-- ?' AS \"col?\", ? /* ? */ -- ?\n",
		      "si", "bound", (int64_t)7);
	assert_non_null(st);
	assert_int_equal(db_next(st), DB_ROW);
	assert_string_equal(db_text(st, 0), "?");
	assert_string_equal(db_text(st, 1), "bound");
	assert_string_equal(db_text(st, 2), "it's ? here");
	assert_string_equal(db_text(st, 3), "-- ?");
	assert_int_equal(db_int(st, 4), 7);
	db_end(st);
}

static void test_rollback(void **state)
{
	struct db *db = db_thread();

	(void)state;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_add("rolled-back", NULL, 1), DB_DONE);
	assert_int_equal(audit_add("rolled-back", "x", 2), DB_DONE);
	assert_int_equal(audit_count("rolled-back"), 2); /* visible inside */
	db_rollback(db);
	assert_int_equal(audit_count("rolled-back"), 0);
	db_rollback(db); /* no transaction: nothing happens */

	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_add("committed", NULL, 1), DB_DONE);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(audit_count("committed"), 1);

	/* a constraint violation, then the caller's rollback: nothing stays */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_add("rolled-back", NULL, 1), DB_DONE);
	assert_int_equal(db_exec(db, "INSERT INTO audit (staf_id, aksi, objek, created_at) VALUES (?, 'fk', 'x', 1)",
				 "i", (int64_t)987654321), DB_CONSTRAINT);
	db_rollback(db);
	assert_int_equal(audit_count("rolled-back"), 0);
	assert_int_equal(db_begin(db), DB_OK); /* in_tx was cleared */
	db_rollback(db);
}

/* The backends differ after a failed statement: SQLite undoes only that
 * statement, PostgreSQL the whole transaction, and then COMMIT must fail. */
static void test_commit_after_error(void **state)
{
	struct db *db = db_thread();
	int pg = !strcmp(db_backend_name(), "postgresql");

	(void)state;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_add("after-error", NULL, 1), DB_DONE);
	assert_int_equal(db_exec(db, "INSERT INTO audit (staf_id, aksi, objek, created_at) VALUES (?, 'fk', 'x', 1)",
				 "i", (int64_t)987654321), DB_CONSTRAINT);
	assert_int_equal(db_commit(db), pg ? DB_ERR : DB_OK);
	assert_int_equal(audit_count("after-error"), pg ? 0 : 1);
	assert_usable();
}

static void test_changes(void **state)
{
	struct db *db = db_thread();

	(void)state;
	assert_int_equal(audit_add("chg", NULL, 1), DB_DONE);
	assert_int_equal(db_changes(db), 1);
	assert_int_equal(audit_add("chg", NULL, 2), DB_DONE);
	assert_int_equal(audit_add("chg", NULL, 3), DB_DONE);
	assert_int_equal(db_exec(db, "UPDATE audit SET detail = ? WHERE aksi = ?", "ss", "d", "chg"), DB_DONE);
	assert_int_equal(db_changes(db), 3);
	/* a SELECT leaves the count of the last change alone, as in SQLite */
	assert_int_equal(audit_count("chg"), 3);
	assert_int_equal(db_changes(db), 3);
	assert_int_equal(db_exec(db, "UPDATE audit SET detail = ? WHERE aksi = ? AND created_at > ?", "ssi", "e",
				 "chg", (int64_t)1), DB_DONE);
	assert_int_equal(db_changes(db), 2);
	assert_int_equal(db_exec(db, "DELETE FROM audit WHERE aksi = ?", "s", "no-such"), DB_DONE);
	assert_int_equal(db_changes(db), 0);
}

static void test_typed_params(void **state)
{
	static const char *const args[] = { NULL, "x" };
	struct db *db = db_thread();
	struct db_stmt *st;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		st = db_query(db, "SELECT CASE WHEN ? IS NOT NULL THEN 1 ELSE 0 END", "s", args[i]);
		assert_int_equal(db_next(st), DB_ROW);
		assert_int_equal(db_int(st, 0), i);
		db_end(st);
	}
	/* the shape of the officer queue's filter */
	assert_int_equal(audit_add("typed", NULL, 1), DB_DONE);
	assert_int_equal(audit_add("typed-other", NULL, 1), DB_DONE);
	st = db_query(db, "SELECT COUNT(*) FROM audit WHERE (? IS NOT NULL OR aksi = ?) AND lower(aksi) LIKE lower(?)",
		      "sss", (const char *)NULL, "typed", "TYPED%");
	assert_int_equal(db_next(st), DB_ROW);
	assert_int_equal(db_int(st, 0), 1);
	db_end(st);
	/* a boolean reads as an integer on both */
	st = db_query(db, "SELECT ? IS NULL, ? IS NULL", "si", (const char *)NULL, (int64_t)3);
	assert_int_equal(db_next(st), DB_ROW);
	assert_int_equal(db_int(st, 0), 1);
	assert_int_equal(db_int(st, 1), 0);
	db_end(st);
	/* the shape of the code-attempt update */
	st = db_query(db, "SELECT CASE WHEN ? >= ? THEN ? ELSE NULL END", "iii", (int64_t)5, (int64_t)5,
		      (int64_t)42);
	assert_int_equal(db_next(st), DB_ROW);
	assert_int_equal(db_int(st, 0), 42);
	db_end(st);
	st = db_query(db, "SELECT id FROM audit WHERE aksi LIKE ? ORDER BY id LIMIT ? OFFSET ?", "sii", "typed%",
		      (int64_t)1, (int64_t)1);
	assert_int_equal(db_next(st), DB_ROW);
	assert_int_equal(db_next(st), DB_DONE);
	db_end(st);
}

struct seq_run {
	int64_t values[SEQ_CALLS];
	int failures;
};

static void *seq_worker(void *arg)
{
	struct seq_run *r = arg;
	struct db *db = db_thread();
	int i;

	for (i = 0; i < SEQ_CALLS; i++) {
		r->values[i] = db_sequence_next(db, "concurrent");
		if (r->values[i] < 1)
			r->failures++;
	}
	db_thread_close();
	return NULL;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void test_sequence_concurrent(void **state)
{
	static struct seq_run runs[SEQ_THREADS];
	static int64_t all[SEQ_THREADS * SEQ_CALLS];
	pthread_t th[SEQ_THREADS];
	size_t i, n = 0;
	int t;

	(void)state;
	memset(runs, 0, sizeof runs);
	for (t = 0; t < SEQ_THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, seq_worker, &runs[t]), 0);
	for (t = 0; t < SEQ_THREADS; t++) {
		assert_int_equal(pthread_join(th[t], NULL), 0);
		assert_int_equal(runs[t].failures, 0);
		memcpy(all + n, runs[t].values, sizeof runs[t].values);
		n += SEQ_CALLS;
	}
	qsort(all, n, sizeof *all, cmp64);
	for (i = 0; i < n; i++)
		assert_true(all[i] == (int64_t)i + 1); /* no duplicate, no gap */
	assert_true(all[n - 1] == SEQ_THREADS * SEQ_CALLS);
	/* counters are independent */
	assert_int_equal(db_sequence_next(db_thread(), "other"), 1);
	assert_int_equal(db_sequence_next(db_thread(), "other"), 2);
	assert_int_equal(db_sequence_next(db_thread(), "concurrent"), SEQ_THREADS * SEQ_CALLS + 1);
}

static int64_t server_statements(void)
{
	struct db_stmt *st;
	int64_t n = 0;

	if (strcmp(db_backend_name(), "postgresql"))
		return 0;
	st = db_query(db_thread(), "SELECT COUNT(*) FROM pg_prepared_statements", "");
	if (db_next(st) == DB_ROW)
		n = db_int(st, 0);
	db_end(st);
	return n;
}

static void test_statement_reuse(void **state)
{
	struct db *db = db_thread();
	struct db_stmt *first = NULL, *st;
	int64_t before, i;

	(void)state;
	before = server_statements();
	for (i = 0; i < 1000; i++) {
		st = db_query(db, "SELECT ? + 1, ?", "is", i, i % 2 ? "odd" : (const char *)NULL);
		assert_non_null(st);
		if (!first)
			first = st;
		assert_ptr_equal(st, first); /* one cached statement */
		assert_int_equal(db_next(st), DB_ROW);
		assert_int_equal(db_int(st, 0), i + 1);
		if (i % 2)
			assert_string_equal(db_text(st, 1), "odd");
		else
			assert_null(db_text(st, 1));
		db_end(st);
	}
	/* prepared once on the server: the loop's and the count's own */
	assert_true(server_statements() - before <= 2);
}

/* The server ends this session, as a restart or a failover would. */
static void kill_own_session(void)
{
	assert_int_equal(db_exec(db_thread(), "SELECT pg_terminate_backend(pg_backend_pid())", ""), DB_ERR);
}

static void test_reconnect(void **state)
{
	struct db *db = db_thread();

	(void)state;
	if (strcmp(db_backend_name(), "postgresql"))
		skip();
	assert_int_equal(audit_count("reconnect"), 0); /* prepared before the loss */
	kill_own_session();
	/* a new session, where the cached statements are prepared again */
	assert_int_equal(audit_count("reconnect"), 0);
	assert_int_equal(audit_add("reconnect", NULL, 1), DB_DONE);
	assert_int_equal(audit_count("reconnect"), 1);

	/* lost inside a transaction: nothing runs until the rollback, so no
	 * statement of it can commit on its own in the new session */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_add("reconnect", NULL, 2), DB_DONE);
	kill_own_session();
	assert_int_equal(audit_add("reconnect", NULL, 3), DB_ERR);
	assert_int_equal(db_commit(db), DB_ERR);
	assert_int_equal(audit_count("reconnect"), 1);
	assert_int_equal(db_begin(db), DB_OK);
	kill_own_session();
	db_rollback(db);
	assert_usable();
}

/* ---- without a database ------------------------------------------------ */

static void test_dialect(void **state)
{
	char *s;

	(void)state;
	s = db_postgres_backend.dialect("CREATE TABLE t (\n\tid INTEGER PRIMARY KEY,\n\tn integer NOT NULL DEFAULT 0, "
					"-- an INTEGER in a comment\n\ts TEXT DEFAULT 'INTEGER', integers INTEGER, "
					"v INTEGER NOT NULL PRIMARY KEY, w INTEGER  primary\n key AUTOINCREMENT);");
	assert_string_equal(s, "CREATE TABLE t (\n\tid BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n\t"
			    "n BIGINT NOT NULL DEFAULT 0, -- an INTEGER in a comment\n\ts TEXT DEFAULT 'INTEGER', "
			    "integers BIGINT, v BIGINT NOT NULL PRIMARY KEY, "
			    "w BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);");
	free(s);
	assert_null(db_sqlite_backend.dialect);
}

static void test_setup_urls(void **state)
{
	(void)state;
	assert_int_equal(db_setup(NULL, "mysql://u:secret@h/db"), -1);
	assert_int_equal(db_setup(NULL, ""), -1); /* SQLite needs a directory */
	assert_int_equal(db_setup(NULL, "postgres://u@h/db"), 0);
	assert_string_equal(db_backend_name(), "postgresql");
	assert_int_equal(db_setup(NULL, "sqlite:/tmp/x.db"), 0);
	assert_string_equal(db_backend_name(), "sqlite");
	assert_int_equal(db_setup(NULL, "postgresql://u@h/db"), 0);
	assert_string_equal(db_backend_name(), "postgresql");
	assert_int_equal(db_setup("/tmp", NULL), 0);
	assert_string_equal(db_backend_name(), "sqlite");
}

int main(void)
{
	const struct CMUnitTest offline[] = {
		cmocka_unit_test(test_dialect),
		cmocka_unit_test(test_setup_urls),
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_twice),
		cmocka_unit_test(test_insert_returning_id),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_null_text),
		cmocka_unit_test(test_int64),
		cmocka_unit_test(test_placeholders_in_literals),
		cmocka_unit_test(test_rollback),
		cmocka_unit_test(test_commit_after_error),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_typed_params),
		cmocka_unit_test(test_sequence_concurrent),
		cmocka_unit_test(test_statement_reuse),
		cmocka_unit_test(test_reconnect),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("store_offline", offline, NULL, NULL);
	/* db_setup is process-wide: one group per backend, one after the other */
	failed += cmocka_run_group_tests_name("store_sqlite", tests, setup_sqlite, teardown_sqlite);
	if (getenv("LOKET_TEST_DATABASE_URL") && *getenv("LOKET_TEST_DATABASE_URL"))
		failed += cmocka_run_group_tests_name("store_postgresql", tests, setup_postgres, teardown_postgres);
	else
		printf("store_postgresql: skipped (LOKET_TEST_DATABASE_URL is not set)\n");
	return failed;
}
