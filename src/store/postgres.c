// SPDX-License-Identifier: MIT
// PostgreSQL backend of db.h (libpq): one connection per thread, statements prepared once per connection.
#include <ctype.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend.h"
#include "lib/buf.h"
#include "lib/fileio.h"
#include "lib/log.h"

/* pg_type OIDs (server/catalog/pg_type_d.h is not in libpq-dev) */
#define INT8OID 20
#define INT2OID 21
#define INT4OID 23
#define TEXTOID 25

struct pg_db {
	struct db base;
	PGconn *conn;
	int64_t changes;   /* of the last INSERT/UPDATE/DELETE, as SQLite counts */
	unsigned names;    /* statements prepared on this connection: "s<N>" */
	unsigned gen;      /* bumped by a reconnect, which forgets every statement */
};

enum { P_NULL, P_TEXT, P_INT };

struct pg_stmt {
	struct db_stmt base;
	char name[16];
	char *pgsql;          /* the SQL with $1..$n */
	unsigned gen;         /* connection generation it is prepared in */
	Oid *types;           /* from the bind letters of the first db_query */
	unsigned char *kind;  /* P_* per parameter of the current binding */
	size_t *off;          /* P_TEXT: offset of the copy in args */
	char (*ints)[24];     /* P_INT: the decimal text */
	const char **values;  /* assembled just before execution */
	struct buf args;      /* copies of bound texts, reused: no malloc per query */
	PGresult *res;
	int row, nrows;
	int executed;         /* stepped since the last reset */
	enum db_rc failed;    /* the execution's error, returned by later steps */
};

static struct pg_db *pdb(struct db *db)
{
	return (struct pg_db *)db;
}

static struct pg_stmt *pst(struct db_stmt *st)
{
	return (struct pg_stmt *)st;
}

/* libpq's text, flattened onto one log line. */
static const char *oneline(const char *s, char *out, size_t n)
{
	size_t i = 0;

	for (; s && *s && i + 1 < n; s++) {
		char c = *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s;

		if (c != ' ' || (i && out[i - 1] != ' '))
			out[i++] = c;
	}
	while (i && out[i - 1] == ' ')
		i--;
	out[i] = '\0';
	return out;
}

/*
 * Maps a failed result to DB_CONSTRAINT (class 23: unique, foreign key,
 * not null, check) or DB_ERR, logging the latter. Only the SQLSTATE, the
 * primary message and the SQL are logged: values live in DETAIL, and class
 * 22 (data exception) quotes the offending value even in the primary
 * message, so that one is not logged at all.
 */
static enum db_rc failure(struct pg_db *p, const PGresult *res, const char *what, const char *sql,
			  int log_constraint)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char line[512];

	if (state && !strncmp(state, "23", 2) && !log_constraint)
		return DB_CONSTRAINT;
	/* disk full (class 53), I/O error (58), a read-only server or
	 * transaction (25006), a lost connection (no SQLSTATE): the request
	 * is answered 503 (storage_fault), not as what the write looked like */
	if (!state || !strncmp(state, "53", 2) || !strncmp(state, "58", 2) || !strcmp(state, "25006") ||
	    !strncmp(state, "08", 2))
		storage_fault_set();
	if (state && !strncmp(state, "22", 2))
		msg = "data exception (message withheld: it may quote a value)";
	else if (!msg)
		msg = PQerrorMessage(p->conn); /* connection-level: no values */
	oneline(msg, line, sizeof line);
	if (sql)
		log_error("database: %s failed (SQLSTATE %s): %s in: %s", what, state ? state : "-", line, sql);
	else
		log_error("database: %s failed (SQLSTATE %s): %s", what, state ? state : "-", line);
	return state && !strncmp(state, "23", 2) ? DB_CONSTRAINT : DB_ERR;
}

static int ok_status(const PGresult *res)
{
	ExecStatusType s = PQresultStatus(res);

	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

/* Runs a parameterless command; 0 or -1 (logged). */
static int simple(struct pg_db *p, const char *sql)
{
	PGresult *res = PQexec(p->conn, sql);
	int rc = 0;

	if (!ok_status(res)) {
		failure(p, res, "command", sql, 1);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/* CREATE TABLE IF NOT EXISTS and friends report through notices on
 * stderr by default; nothing in them is worth a log line. */
static void ignore_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static int session_setup(struct pg_db *p)
{
	PQsetNoticeProcessor(p->conn, ignore_notice, NULL);
	/* times are Unix seconds, but anything the server formats is UTC */
	return simple(p, "SET TIME ZONE 'UTC'");
}

/* "host H port P database D user U" from the URL, never its password;
 * -1 when libpq cannot parse it. */
static int describe(const char *url, char *out, size_t n)
{
	PQconninfoOption *opts = PQconninfoParse(url, NULL), *o;
	const char *host = NULL, *addr = NULL, *port = NULL, *dbname = NULL, *user = NULL;

	if (!opts)
		return -1;
	for (o = opts; o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (!strcmp(o->keyword, "host"))
			host = o->val;
		else if (!strcmp(o->keyword, "hostaddr"))
			addr = o->val;
		else if (!strcmp(o->keyword, "port"))
			port = o->val;
		else if (!strcmp(o->keyword, "dbname"))
			dbname = o->val;
		else if (!strcmp(o->keyword, "user"))
			user = o->val;
	}
	snprintf(out, n, "host %s port %s database %s user %s",
		 host ? host : addr ? addr : "(default)", port ? port : "(default)",
		 dbname ? dbname : "(default)", user ? user : "(default)");
	PQconninfoFree(opts);
	return 0;
}

static struct db *pg_open(const char *url)
{
	/* processed in order: the URL may name another application, but the
	 * encoding is ours to choose */
	static const char *const keys[] = { "application_name", "dbname", "client_encoding", NULL };
	const char *vals[] = { "loket", url, "UTF8", NULL };
	struct pg_db *p = calloc(1, sizeof *p);
	char where[512], why[512];

	if (!p)
		fatal("out of memory");
	/* libpq's parse errors quote the offending part, maybe the password */
	if (describe(url, where, sizeof where) < 0)
		fatal("database: database_url is not a valid PostgreSQL URL");
	p->conn = PQconnectdbParams(keys, vals, 1);
	if (!p->conn)
		fatal("out of memory");
	if (PQstatus(p->conn) != CONNECTION_OK)
		fatal("database: cannot connect to PostgreSQL at %s: %s", where,
		      oneline(PQerrorMessage(p->conn), why, sizeof why));
	if (session_setup(p) < 0)
		fatal("database: cannot configure the PostgreSQL session at %s", where);
	return &p->base;
}

static void pg_close(struct db *db)
{
	PQfinish(pdb(db)->conn);
	free(db);
}

/*
 * A lost connection is re-established on the next use, but never inside a
 * transaction: the statements after the loss would commit one by one. The
 * caller's rollback ends the transaction, and the use after it reconnects.
 */
static int pg_alive(struct pg_db *p)
{
	char why[512];

	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	if (p->base.in_tx) {
		storage_fault_set();
		log_error("database: connection lost inside a transaction; it is rolled back");
		return -1;
	}
	PQreset(p->conn);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		storage_fault_set();
		log_error("database: reconnecting to PostgreSQL failed: %s",
			  oneline(PQerrorMessage(p->conn), why, sizeof why));
		return -1;
	}
	if (session_setup(p) < 0)
		return -1;
	p->gen++;
	log_warn("database: reconnected to PostgreSQL");
	return 0;
}

/*
 * '?' -> $1..$n outside quoted literals, quoted identifiers and comments.
 * Returns the number of placeholders; writes the result when out is set
 * (the caller sizes it: each '?' grows by at most five bytes).
 */
static int placeholders(const char *sql, char *out)
{
	const char *p = sql;
	size_t len;
	int n = 0;

	while (*p) {
		if (*p == '?') {
			p++;
			n++;
			if (out)
				out += sprintf(out, "$%d", n);
			continue;
		}
		if (*p == '\'' || *p == '"') {
			/* '' inside a literal closes and reopens it: same result */
			const char *e = strchr(p + 1, *p);

			len = e ? (size_t)(e + 1 - p) : strlen(p);
		} else if (p[0] == '-' && p[1] == '-') {
			len = strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			len = e ? (size_t)(e + 2 - p) : strlen(p);
		} else {
			len = 1;
		}
		if (out) {
			memcpy(out, p, len);
			out += len;
		}
		p += len;
	}
	if (out)
		*out = '\0';
	return n;
}

/* PQprepare under this connection generation's name. */
static int server_prepare(struct pg_db *p, struct pg_stmt *ps)
{
	PGresult *res = PQprepare(p->conn, ps->name, ps->pgsql, ps->base.nparams, ps->types);
	int rc = 0;

	if (ok_status(res)) {
		ps->gen = p->gen;
	} else {
		failure(p, res, "prepare", ps->pgsql, 1);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

static void pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *ps = pst(st);

	/* the server drops the prepared statement with the connection */
	PQclear(ps->res);
	buf_release(&ps->args);
	free(ps->pgsql);
	free(ps->types);
	free(ps->kind);
	free(ps->off);
	free(ps->ints);
	free(ps->values);
	free(ps);
}

/*
 * Parameter types come from the bind letters: the server cannot infer one
 * for "? IS NOT NULL" or "CASE WHEN ? >= ?", and a statement is always
 * bound with the letters of its call site.
 */
static struct db_stmt *pg_prepare(struct db *db, const char *sql, const char *fmt)
{
	struct pg_db *p = pdb(db);
	struct pg_stmt *ps;
	size_t n, i, len = strlen(sql);

	if (pg_alive(p) < 0)
		return NULL;
	n = (size_t)placeholders(sql, NULL);
	if (n > 65535) { /* the protocol's limit; also keeps "$n" within 6 bytes */
		log_error("database: too many placeholders in: %.80s", sql);
		return NULL;
	}
	if (strlen(fmt) != n) {
		log_error("database: %zu parameters for %zu placeholders in: %s", strlen(fmt), n, sql);
		return NULL;
	}
	ps = calloc(1, sizeof *ps);
	if (!ps)
		fatal("out of memory");
	ps->pgsql = malloc(len + 5 * n + 1);
	ps->types = calloc(n + 1, sizeof *ps->types);
	ps->kind = calloc(n + 1, sizeof *ps->kind);
	ps->off = calloc(n + 1, sizeof *ps->off);
	ps->ints = calloc(n + 1, sizeof *ps->ints);
	ps->values = calloc(n + 1, sizeof *ps->values);
	if (!ps->pgsql || !ps->types || !ps->kind || !ps->off || !ps->ints || !ps->values)
		fatal("out of memory");
	buf_init(&ps->args);
	placeholders(sql, ps->pgsql);
	for (i = 0; i < n; i++)
		ps->types[i] = fmt[i] == 's' ? TEXTOID : INT8OID;
	ps->base.nparams = (int)n;
	ps->row = -1;
	snprintf(ps->name, sizeof ps->name, "s%u", p->names++);
	if (server_prepare(p, ps) < 0) {
		pg_finalize(&ps->base);
		return NULL;
	}
	return &ps->base;
}

static int bindable(struct pg_stmt *ps, int idx, Oid type)
{
	if (ps->executed) {
		log_error("database: statement bound again before db_end: %s", ps->base.sql);
		return 0;
	}
	if (ps->types[idx] != type) {
		log_error("database: parameter %d bound as %s but prepared as %s: %s", idx + 1,
			  type == TEXTOID ? "text" : "integer", type == TEXTOID ? "integer" : "text",
			  ps->base.sql);
		return 0;
	}
	return 1;
}

static int pg_bind_text(struct db_stmt *st, int idx, const char *v)
{
	struct pg_stmt *ps = pst(st);

	if (!bindable(ps, idx, TEXTOID))
		return -1;
	if (!v) {
		ps->kind[idx] = P_NULL;
		return 0;
	}
	ps->kind[idx] = P_TEXT;
	ps->off[idx] = ps->args.len;
	buf_add(&ps->args, v, strlen(v) + 1);
	return 0;
}

static int pg_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	struct pg_stmt *ps = pst(st);

	if (!bindable(ps, idx, INT8OID))
		return -1;
	ps->kind[idx] = P_INT;
	snprintf(ps->ints[idx], sizeof ps->ints[idx], "%" PRId64, v);
	return 0;
}

/* Counts rows the way sqlite3_changes does: SELECTs leave it alone. */
static void count_changes(struct pg_db *p, PGresult *res)
{
	const char *tag = PQcmdStatus(res);

	if (!strncmp(tag, "INSERT ", 7) || !strncmp(tag, "UPDATE ", 7) || !strncmp(tag, "DELETE ", 7) ||
	    !strncmp(tag, "MERGE ", 6))
		p->changes = strtoll(PQcmdTuples(res), NULL, 10);
}

static enum db_rc execute(struct pg_db *p, struct pg_stmt *ps)
{
	PGresult *res;
	enum db_rc rc;
	int i;

	if (pg_alive(p) < 0)
		return DB_ERR;
	if (ps->gen != p->gen && server_prepare(p, ps) < 0)
		return DB_ERR;
	/* args may have moved while it grew: offsets become pointers now */
	for (i = 0; i < ps->base.nparams; i++)
		ps->values[i] = ps->kind[i] == P_TEXT ? ps->args.ptr + ps->off[i]
				: ps->kind[i] == P_INT ? ps->ints[i] : NULL;
	res = PQexecPrepared(p->conn, ps->name, ps->base.nparams, ps->values, NULL, NULL, 0);
	if (ok_status(res)) {
		count_changes(p, res);
		ps->res = res;
		ps->nrows = PQntuples(res);
		ps->row = -1;
		return DB_OK;
	}
	rc = failure(p, res, "statement", ps->base.sql, 0);
	PQclear(res);
	return rc;
}

static enum db_rc pg_step(struct db_stmt *st)
{
	struct pg_stmt *ps = pst(st);

	if (!ps->executed) {
		ps->executed = 1;
		ps->failed = execute(pdb(st->db), ps);
	}
	if (ps->failed)
		return ps->failed;
	if (ps->row < ps->nrows)
		ps->row++;
	return ps->row < ps->nrows ? DB_ROW : DB_DONE;
}

/* NULL unless a row is current and col is one of its columns. */
static const char *cell(struct pg_stmt *ps, int col)
{
	if (!ps->res || ps->row < 0 || ps->row >= ps->nrows || col < 0 || col >= PQnfields(ps->res) ||
	    PQgetisnull(ps->res, ps->row, col))
		return NULL;
	return PQgetvalue(ps->res, ps->row, col);
}

static const char *pg_text(struct db_stmt *st, int col)
{
	return cell(pst(st), col);
}

static int64_t pg_integer(struct db_stmt *st, int col)
{
	const char *v = cell(pst(st), col);

	/* a boolean expression reads as 1 or 0, as it does in SQLite */
	if (v && (*v == 't' || *v == 'f') && !v[1])
		return *v == 't';
	return v ? strtoll(v, NULL, 10) : 0;
}

static int pg_is_null(struct db_stmt *st, int col)
{
	return !cell(pst(st), col);
}

static void pg_reset(struct db_stmt *st)
{
	struct pg_stmt *ps = pst(st);

	PQclear(ps->res);
	ps->res = NULL;
	ps->row = -1;
	ps->nrows = 0;
	ps->executed = 0;
	ps->failed = DB_OK;
	buf_reset(&ps->args);
	memset(ps->kind, P_NULL, (size_t)ps->base.nparams);
}

/* The field descriptions come with the result, so a statement that has
 * not run yet (or failed) has no columns. */
static int pg_column_count(struct db_stmt *st)
{
	return pst(st)->res ? PQnfields(pst(st)->res) : 0;
}

static const char *pg_column_name(struct db_stmt *st, int col)
{
	struct pg_stmt *ps = pst(st);

	return ps->res && col >= 0 && col < PQnfields(ps->res) ? PQfname(ps->res, col) : NULL;
}

static int pg_column_is_integer(struct db_stmt *st, int col)
{
	struct pg_stmt *ps = pst(st);
	Oid t;

	if (!ps->res || col < 0 || col >= PQnfields(ps->res))
		return 0;
	t = PQftype(ps->res, col);
	return t == INT8OID || t == INT4OID || t == INT2OID;
}

static int64_t pg_changes(struct db *db)
{
	return pdb(db)->changes;
}

static enum db_rc pg_script(struct db *db, const char *sql)
{
	struct pg_db *p = pdb(db);
	PGresult *res;
	enum db_rc rc = DB_DONE;

	if (pg_alive(p) < 0)
		return DB_ERR;
	/* the simple query protocol runs every ';'-separated statement */
	res = PQexec(p->conn, sql);
	if (!ok_status(res)) {
		failure(p, res, "script", NULL, 1);
		rc = DB_ERR;
	}
	PQclear(res);
	return rc;
}

static enum db_rc pg_tx(struct db *db, enum db_tx op)
{
	struct pg_db *p = pdb(db);
	PGTransactionStatusType ts;
	PGresult *res;
	enum db_rc rc;

	switch (op) {
	case DB_TX_BEGIN:
		if (pg_alive(p) < 0)
			return DB_ERR;
		return simple(p, "BEGIN ISOLATION LEVEL READ COMMITTED") < 0 ? DB_ERR : DB_OK;
	case DB_TX_COMMIT:
		/* an error inside the transaction aborted it, and a lost
		 * connection lost it: either way COMMIT must not report success */
		ts = PQtransactionStatus(p->conn);
		if (ts == PQTRANS_INERROR) {
			log_warn("database: commit of a transaction that had failed: rolled back");
			simple(p, "ROLLBACK");
			return DB_ERR;
		}
		if (ts != PQTRANS_INTRANS) {
			log_error("database: commit without a transaction (connection lost?)");
			return DB_ERR;
		}
		res = PQexec(p->conn, "COMMIT");
		rc = ok_status(res) && !strcmp(PQcmdStatus(res), "COMMIT") ? DB_OK : DB_ERR;
		if (rc != DB_OK)
			failure(p, res, "commit", NULL, 1);
		PQclear(res);
		return rc;
	case DB_TX_ROLLBACK:
		ts = PQtransactionStatus(p->conn);
		if (ts != PQTRANS_INTRANS && ts != PQTRANS_INERROR)
			return DB_OK;
		return simple(p, "ROLLBACK") < 0 ? DB_ERR : DB_OK;
	}
	return DB_ERR;
}

/*
 * An import gives every row its old id, which an identity column's sequence
 * does not see: without this the next INSERT would be handed id 1 again.
 * Identifiers cannot be parameters, so the trusted names are quoted; a
 * column without a sequence makes pg_get_serial_sequence NULL, and setval
 * of NULL is NULL, not an error.
 */
static enum db_rc pg_identity_reset(struct db *db, const char *table, const char *column)
{
	struct pg_db *p = pdb(db);
	struct buf sql = BUF_INIT;
	char *qtable = NULL, *qcolumn = NULL;
	const char *params[2];
	PGresult *res;
	enum db_rc rc = DB_ERR;

	if (pg_alive(p) < 0)
		return DB_ERR;
	qtable = PQescapeIdentifier(p->conn, table, strlen(table));
	qcolumn = PQescapeIdentifier(p->conn, column, strlen(column));
	if (!qtable || !qcolumn) {
		log_error("database: identity reset of %s.%s: out of memory", table, column);
		goto out;
	}
	buf_adds(&sql, "SELECT setval(pg_get_serial_sequence($1, $2), (SELECT COALESCE(MAX(");
	buf_adds(&sql, qcolumn);
	buf_adds(&sql, "), 0) + 1 FROM ");
	buf_adds(&sql, qtable);
	buf_adds(&sql, "), false)");
	/* the table as SQL would name it, the column literally */
	params[0] = qtable;
	params[1] = column;
	res = PQexecParams(p->conn, sql.ptr, 2, NULL, params, NULL, NULL, 0);
	if (ok_status(res))
		rc = DB_DONE;
	else
		failure(p, res, "identity reset", sql.ptr, 1);
	PQclear(res);
out:
	PQfreemem(qtable);
	PQfreemem(qcolumn);
	buf_release(&sql);
	return rc;
}

static int word_at(const char *p, const char *w, size_t *len)
{
	size_t n = strlen(w);

	if (strncasecmp(p, w, n) || isalnum((unsigned char)p[n]) || p[n] == '_')
		return 0;
	*len = n;
	return 1;
}

static const char *skip_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/*
 * SQLite's "INTEGER" is 64-bit, PostgreSQL's 32-bit, and its rowid alias
 * "INTEGER PRIMARY KEY" is an identity column there: the migrations are
 * written for SQLite and rewritten here, outside literals and comments.
 */
static char *pg_dialect(const char *sql)
{
	static const char identity[] = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
	struct buf b = BUF_INIT;
	const char *p = sql;
	size_t n;

	while (*p) {
		if (*p == '\'' || *p == '"') {
			const char *e = strchr(p + 1, *p);

			e = e ? e + 1 : p + strlen(p);
			buf_add(&b, p, (size_t)(e - p));
			p = e;
		} else if (p[0] == '-' && p[1] == '-') {
			n = strcspn(p, "\n");
			buf_add(&b, p, n);
			p += n;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			e = e ? e + 2 : p + strlen(p);
			buf_add(&b, p, (size_t)(e - p));
			p = e;
		} else if (isalpha((unsigned char)*p) || *p == '_') {
			const char *q;

			n = 0;
			while (isalnum((unsigned char)p[n]) || p[n] == '_')
				n++;
			if (!word_at(p, "INTEGER", &n)) {
				buf_add(&b, p, n);
				p += n;
				continue;
			}
			p += n;
			q = skip_space(p);
			if (word_at(q, "PRIMARY", &n) && (q = skip_space(q + n), word_at(q, "KEY", &n))) {
				buf_adds(&b, identity);
				p = q + n;
				q = skip_space(p);
				if (word_at(q, "AUTOINCREMENT", &n))
					p = q + n;
			} else {
				buf_adds(&b, "BIGINT");
			}
		} else {
			buf_addc(&b, *p++);
		}
	}
	return buf_detach(&b, NULL);
}

/* A hot standby, or default_transaction_read_only set for the role or
 * the database. */
static int pg_read_only(struct db *db)
{
	struct db_stmt *st = db_query(db, "SELECT current_setting('transaction_read_only')", "");
	int rc = -1;

	if (st && db_next(st) == DB_ROW)
		rc = !strcmp(db_text(st, 0), "on");
	db_end(st);
	return rc;
}

const struct db_backend db_postgres_backend = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.step = pg_step,
	.text = pg_text,
	.integer = pg_integer,
	.is_null = pg_is_null,
	.reset = pg_reset,
	.changes = pg_changes,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.column_is_integer = pg_column_is_integer,
	.script = pg_script,
	.tx = pg_tx,
	.dialect = pg_dialect,
	/* "loket" in ASCII; transaction-scoped: COMMIT or ROLLBACK releases it */
	.migrate_lock = "SELECT pg_advisory_xact_lock(465725777268)",
	.tables_sql = "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
		      "ORDER BY tablename",
	/* allowed as the first statement after BEGIN, before any query */
	.snapshot = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	.identity_reset = pg_identity_reset,
	.read_only = pg_read_only,
};
