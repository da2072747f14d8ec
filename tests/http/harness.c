// SPDX-License-Identifier: MIT
// Test harness: spawns loket, speaks HTTP with libcurl, reads the outbox.
#include "harness.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef LOKET_BIN
#define LOKET_BIN "build/loket"
#endif
#ifndef LOKET_SOURCE_DIR
#define LOKET_SOURCE_DIR "."
#endif

/* Runs one statement on the PostgreSQL maintenance database. */
static int pg_admin(const char *sql)
{
	const char *admin = getenv("LOKET_TEST_DATABASE_URL");
	PGconn *c = PQconnectdb(admin);
	PGresult *res;
	int ok;

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "cannot connect to %s: %s", admin, PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	res = PQexec(c, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
	return ok ? 0 : -1;
}

/* With LOKET_TEST_DATABASE_URL: a fresh database for this server. */
static int pg_create(struct srv *s)
{
	static int serial;
	const char *admin = getenv("LOKET_TEST_DATABASE_URL");
	char name[64], sql[128];
	const char *slash;

	if (!admin || !*admin)
		return 0;
	snprintf(name, sizeof name, "loket_t%d_%d", (int)getpid(), serial++);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	if (pg_admin(sql) < 0)
		return -1;
	slash = strrchr(admin, '/');
	if (!slash || strchr(slash, '?'))
		return -1;
	snprintf(s->dburl, sizeof s->dburl, "%.*s/%s", (int)(slash - admin), admin, name);
	return 0;
}

static int free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

/* Runs loket with args in the server's environment; captures stdout. */
static int run_loket(struct srv *s, const char *const *env, char *const argv[], char **out)
{
	int pfd[2];
	pid_t pid;
	int status;
	size_t len = 0, cap = 0;
	char *buf = NULL, tmp[4096];
	ssize_t n;

	if (pipe(pfd) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char dd[300];

		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		snprintf(dd, sizeof dd, "LOKET_DATA_DIR=%s", s->dir);
		putenv(dd);
		if (s->dburl[0])
			setenv("LOKET_DATABASE_URL", s->dburl, 1);
		for (; env && *env; env++)
			putenv((char *)(uintptr_t)*env);
		execv(LOKET_BIN, argv);
		_exit(127);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], tmp, sizeof tmp)) > 0) {
		if (len + (size_t)n + 1 > cap) {
			cap = (len + (size_t)n + 1) * 2;
			buf = realloc(buf, cap);
		}
		memcpy(buf + len, tmp, (size_t)n);
		len += (size_t)n;
	}
	close(pfd[0]);
	if (buf)
		buf[len] = '\0';
	waitpid(pid, &status, 0);
	if (out)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Forks `loket serve` on a free port for s and waits until it answers. */
static int spawn_server(struct srv *s, const char *const *env)
{
	char listen[40], logpath[300];
	int i;

	s->port = free_port();
	snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
	snprintf(s->base, sizeof s->base, "http://%s", listen);
	snprintf(logpath, sizeof logpath, "%s/server.log", s->dir);
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		char dd[300], bu[128];
		int fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		snprintf(dd, sizeof dd, "LOKET_DATA_DIR=%s", s->dir);
		snprintf(bu, sizeof bu, "LOKET_BASE_URL=%s", s->base);
		putenv(dd);
		putenv(bu);
		if (s->dburl[0])
			setenv("LOKET_DATABASE_URL", s->dburl, 1);
		for (; env && *env; env++)
			putenv((char *)(uintptr_t)*env);
		execl(LOKET_BIN, LOKET_BIN, "serve", "--listen", listen, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200; i++) {
		struct client *c = client_new(s);
		struct resp r;
		int ok = client_get(c, "/static/css/loket.css", &r) == 0 && r.status == 200;

		resp_free(&r);
		client_free(c);
		if (ok)
			return 0;
		usleep(50000);
	}
	srv_stop(s);
	return -1;
}

int srv_start(struct srv *s, const char *const *env)
{
	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/loket-test-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	if (pg_create(s) < 0)
		return -1;
	{
		char *const mig[] = { LOKET_BIN, "migrate", NULL };
		char *const imp[] = { LOKET_BIN, "import-regions", LOKET_SOURCE_DIR "/tests/fixtures/regions", NULL };

		if (run_loket(s, env, mig, NULL) != 0 || run_loket(s, env, imp, NULL) != 0)
			return -1;
	}
	return spawn_server(s, env);
}

int srv_start_peer(struct srv *s, const struct srv *first, const char *const *env)
{
	memset(s, 0, sizeof *s);
	memcpy(s->dir, first->dir, sizeof s->dir);
	memcpy(s->dburl, first->dburl, sizeof s->dburl);
	s->peer = 1;
	return spawn_server(s, env);
}

int srv_stop(struct srv *s)
{
	char cmd[300];
	int status = 0, rc = 0;

	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, &status, 0);
		s->pid = 0;
		/* a crash, a sanitizer report or a hang on shutdown fails the run */
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "server did not stop cleanly (status %d); its log:\n", status);
			snprintf(cmd, sizeof cmd, "tail -n 60 '%s/server.log' >&2", s->dir);
			if (system(cmd) != 0)
				fprintf(stderr, "(no log)\n");
			rc = -1;
		}
	}
	if (s->peer)
		return rc; /* the first instance owns the database and directory */
	if (s->dburl[0] && !getenv("LOKET_TEST_KEEP")) {
		char sql[160];

		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", strrchr(s->dburl, '/') + 1);
		pg_admin(sql);
		s->dburl[0] = '\0';
	}
	if (s->dir[0] && !getenv("LOKET_TEST_KEEP")) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", s->dir);
	}
	return rc;
}

/* Runs loket with argv; the last line of its output (caller frees), or
 * NULL when it failed. */
static char *last_line_of(struct srv *s, char *const argv[])
{
	char *out = NULL, *last, *end;

	if (run_loket(s, NULL, argv, &out) != 0 || !out) {
		free(out);
		return NULL;
	}
	end = out + strlen(out);
	while (end > out && end[-1] == '\n')
		*--end = '\0';
	last = strrchr(out, '\n');
	last = strdup(last ? last + 1 : out);
	free(out);
	return last;
}

char *srv_admin_add(struct srv *s, const char *user, const char *roles)
{
	char *const argv[] = { LOKET_BIN, "admin", "add", (char *)(uintptr_t)user, "--role",
			       (char *)(uintptr_t)roles, NULL };

	return last_line_of(s, argv);
}

char *srv_admin_reset(struct srv *s, const char *user)
{
	char *const argv[] = { LOKET_BIN, "admin", "reset-password", (char *)(uintptr_t)user, NULL };

	return last_line_of(s, argv);
}

static sqlite3 *open_db(struct srv *s)
{
	char path[300];
	sqlite3 *db = NULL;

	snprintf(path, sizeof path, "%s/loket.db", s->dir);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* Formats a statement into sql[4096]; fatal for the test when too long. */
#define FORMAT_SQL(sql, fmt) do { \
		va_list ap_; \
		int n_; \
		va_start(ap_, fmt); \
		n_ = vsnprintf(sql, sizeof sql, fmt, ap_); \
		va_end(ap_); \
		if (n_ < 0 || (size_t)n_ >= sizeof sql) \
			abort(); \
	} while (0)

/* First value of a query on the server's PostgreSQL database, malloc'd;
 * NULL when no row, SQL NULL or error. For commands, *ok tells success. */
static char *pg_query(struct srv *s, const char *sql, int *ok)
{
	PGconn *c = PQconnectdb(s->dburl);
	PGresult *res;
	char *v = NULL;

	*ok = 0;
	if (PQstatus(c) == CONNECTION_OK) {
		res = PQexec(c, sql);
		*ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
		if (!*ok)
			fprintf(stderr, "test query failed: %s", PQerrorMessage(c));
		if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
			v = strdup(PQgetvalue(res, 0, 0));
		PQclear(res);
	}
	PQfinish(c);
	return v;
}

long long srv_db_int(struct srv *s, const char *fmt, ...)
{
	char sql[4096];
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	FORMAT_SQL(sql, fmt);
	if (s->dburl[0]) {
		int ok;
		char *t = pg_query(s, sql, &ok);

		v = t ? strtoll(t, NULL, 10) : -1;
		free(t);
		return v;
	}
	db = open_db(s);
	if (db && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

char *srv_db_text(struct srv *s, const char *fmt, ...)
{
	char sql[4096];
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	FORMAT_SQL(sql, fmt);
	if (s->dburl[0]) {
		int ok;

		return pg_query(s, sql, &ok);
	}
	db = open_db(s);
	if (db && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

int srv_db_exec(struct srv *s, const char *fmt, ...)
{
	char sql[4096];
	sqlite3 *db;
	int rc;

	FORMAT_SQL(sql, fmt);
	if (s->dburl[0]) {
		int ok;

		free(pg_query(s, sql, &ok));
		return ok ? 0 : -1;
	}
	db = open_db(s);
	rc = db && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;

	sqlite3_close(db);
	return rc;
}

struct client {
	CURL *h;
	struct srv *s;
	const char *const *extra_headers;  /* client_multipart only */
};

struct client *client_new(struct srv *s)
{
	struct client *c = calloc(1, sizeof *c);

	c->s = s;
	c->h = curl_easy_init();
	curl_easy_setopt(c->h, CURLOPT_COOKIEFILE, "");   /* in-memory cookie jar */
	curl_easy_setopt(c->h, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
	return c;
}

void client_use(struct client *c, struct srv *s)
{
	c->s = s;
}

void client_free(struct client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->h);
	free(c);
}

struct sink {
	char *p;
	size_t len;
};

static size_t on_data(char *ptr, size_t size, size_t n, void *ud)
{
	struct sink *k = ud;
	size_t add = size * n;
	char *np = realloc(k->p, k->len + add + 1);

	if (!np)
		return 0;
	k->p = np;
	memcpy(k->p + k->len, ptr, add);
	k->len += add;
	k->p[k->len] = '\0';
	return add;
}

int client_request(struct client *c, const char *method, const char *path, const char *ctype,
		   const char *body, size_t len, const char *const *headers, struct resp *out)
{
	struct sink b = { NULL, 0 }, h = { NULL, 0 };
	struct curl_slist *hl = NULL;
	char url[4096], ct[256];
	CURLcode rc;

	memset(out, 0, sizeof *out);
	snprintf(url, sizeof url, "%s%s", c->s->base, path);
	curl_easy_setopt(c->h, CURLOPT_URL, url);
	curl_easy_setopt(c->h, CURLOPT_CUSTOMREQUEST, NULL);
	curl_easy_setopt(c->h, CURLOPT_NOBODY, 0L);
	if (!strcmp(method, "GET")) {
		curl_easy_setopt(c->h, CURLOPT_HTTPGET, 1L);
	} else if (!strcmp(method, "HEAD")) {
		curl_easy_setopt(c->h, CURLOPT_NOBODY, 1L);
	} else {
		curl_easy_setopt(c->h, CURLOPT_POST, 1L);
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? len : 0));
		if (strcmp(method, "POST"))
			curl_easy_setopt(c->h, CURLOPT_CUSTOMREQUEST, method);
	}
	if (ctype) {
		snprintf(ct, sizeof ct, "Content-Type: %s", ctype);
		hl = curl_slist_append(hl, ct);
	}
	hl = curl_slist_append(hl, "Expect:");
	for (; headers && *headers; headers++)
		hl = curl_slist_append(hl, *headers);
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c->h, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c->h, CURLOPT_HEADERDATA, &h);
	rc = curl_easy_perform(c->h);
	curl_slist_free_all(hl);
	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = b.p ? b.p : strdup("");
	out->len = b.len;
	out->headers = h.p ? h.p : strdup("");
	return rc == CURLE_OK ? 0 : -1;
}

int client_get(struct client *c, const char *path, struct resp *out)
{
	return client_request(c, "GET", path, NULL, NULL, 0, NULL, out);
}

int client_post_arr(struct client *c, const char *path, const char *const *kv, struct resp *out)
{
	char *body = calloc(1, 1);
	size_t len = 0;
	int rc;

	for (; kv[0] && kv[1]; kv += 2) {
		char *k = curl_easy_escape(c->h, kv[0], 0), *v = curl_easy_escape(c->h, kv[1], 0);
		size_t add = strlen(k) + strlen(v) + 2;

		body = realloc(body, len + add + 1);
		len += (size_t)sprintf(body + len, "%s%s=%s", len ? "&" : "", k, v);
		curl_free(k);
		curl_free(v);
	}
	rc = client_request(c, "POST", path, "application/x-www-form-urlencoded", body, len, NULL, out);
	free(body);
	return rc;
}

int client_post(struct client *c, const char *path, struct resp *out, ...)
{
	const char *kv[256];
	size_t n = 0;
	va_list ap;

	va_start(ap, out);
	while (n < 254 && (kv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	kv[n] = kv[n + 1] = NULL;
	return client_post_arr(c, path, kv, out);
}

int client_json(struct client *c, const char *method, const char *path, const char *json,
		const char *bearer, struct resp *out)
{
	char auth[256];
	const char *hdr[2] = { NULL, NULL };

	if (bearer) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer);
		hdr[0] = auth;
	}
	return client_request(c, method, path, json ? "application/json" : NULL, json,
			      json ? strlen(json) : 0, hdr, out);
}

void resp_free(struct resp *r)
{
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof *r);
}

char *resp_header(const struct resp *r, const char *name)
{
	size_t nl = strlen(name);
	const char *p = r->headers;

	while (p && *p) {
		const char *eol = strstr(p, "\r\n");

		if (!eol)
			break;
		if ((size_t)(eol - p) > nl && !strncasecmp(p, name, nl) && p[nl] == ':') {
			const char *v = p + nl + 1;

			while (*v == ' ')
				v++;
			return strndup(v, (size_t)(eol - v));
		}
		p = eol + 2;
	}
	return NULL;
}

int resp_has(const struct resp *r, const char *needle)
{
	return r->body && strstr(r->body, needle) != NULL;
}

static char *html_unescape(const char *s, size_t n)
{
	char *o = malloc(n + 1);
	size_t i = 0, j = 0;

	while (i < n) {
		static const struct { const char *e; char c; } ents[] = {
			{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
		};
		size_t k, done = 0;

		for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
			size_t el = strlen(ents[k].e);

			if (i + el <= n && !strncmp(s + i, ents[k].e, el)) {
				o[j++] = ents[k].c;
				i += el;
				done = 1;
				break;
			}
		}
		if (!done)
			o[j++] = s[i++];
	}
	o[j] = '\0';
	return o;
}

char *html_field(const char *html, const char *name)
{
	char pat[128];
	const char *p = html;

	snprintf(pat, sizeof pat, "name=\"%s\"", name);
	while ((p = strstr(p, pat))) {
		const char *tag = p, *end, *v;

		while (tag > html && *tag != '<')
			tag--;
		end = strchr(p, '>');
		if (!end)
			return NULL;
		if (!strncmp(tag, "<textarea", 9)) {
			const char *close = strstr(end, "</textarea>");

			return close ? html_unescape(end + 1, (size_t)(close - end - 1)) : NULL;
		}
		if (!strncmp(tag, "<input", 6)) {
			v = strstr(tag, " value=\"");
			if (v && v < end) {
				const char *q = strchr(v + 8, '"');

				return q ? html_unescape(v + 8, (size_t)(q - v - 8)) : NULL;
			}
			return strdup("");
		}
		p += strlen(pat);
	}
	return NULL;
}

char *html_captcha_answer(const char *html)
{
	const char *p = strstr(html, "Berapa ");
	int a, b;
	char op[16];
	char *out;

	if (!p || sscanf(p, "Berapa %d %15s %d", &a, op, &b) != 3)
		return NULL;
	out = malloc(16);
	if (!strcmp(op, "ditambah"))
		snprintf(out, 16, "%d", a + b);
	else if (!strcmp(op, "dikurangi"))
		snprintf(out, 16, "%d", a - b);
	else if (!strcmp(op, "dikali"))
		snprintf(out, 16, "%d", a * b);
	else {
		free(out);
		return NULL;
	}
	return out;
}

int form_fetch(struct client *c, const char *path, struct form *f)
{
	struct resp r;
	int rc;

	memset(f, 0, sizeof *f);
	rc = client_get(c, path, &r);
	if (rc == 0 && r.status == 200) {
		f->csrf = html_field(r.body, "csrf");
		f->captcha_id = html_field(r.body, "captcha_id");
		f->captcha = html_captcha_answer(r.body);
	} else {
		rc = -1;
	}
	resp_free(&r);
	return rc;
}

void form_free(struct form *f)
{
	free(f->csrf);
	free(f->captcha_id);
	free(f->captcha);
	memset(f, 0, sizeof *f);
}

size_t outbox_lines(struct srv *s, size_t min, char ***lines)
{
	char path[300];
	size_t n = 0;
	int tries;

	*lines = NULL;
	snprintf(path, sizeof path, "%s/outbox.jsonl", s->dir);
	for (tries = 0; tries < 100; tries++) {
		FILE *f = fopen(path, "r");
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;

		outbox_free(*lines, n);
		*lines = NULL;
		n = 0;
		if (f) {
			while ((len = getline(&line, &cap, f)) > 0) {
				if (line[len - 1] == '\n')
					line[len - 1] = '\0';
				*lines = realloc(*lines, (n + 1) * sizeof **lines);
				(*lines)[n++] = strdup(line);
			}
			free(line);
			fclose(f);
		}
		if (n >= min)
			break;
		usleep(50000);
	}
	return n;
}

void outbox_free(char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* Unescapes the JSON string escapes the outbox uses for URLs (\/ and \uXXXX
 * are not expected in links). */
char *outbox_link(struct srv *s, const char *marker)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		char **lines;
		size_t n = outbox_lines(s, 0, &lines), i;
		char *found = NULL;

		for (i = n; i-- > 0 && !found;) {
			const char *p;

			if (!strstr(lines[i], marker))
				continue;
			p = strstr(lines[i], "http://");
			while (p) {
				size_t len = strcspn(p, " \"\\\n");

				if (memmem(p, len, marker, strlen(marker))) {
					found = strndup(p, len);
					break;
				}
				p = strstr(p + len, "http://");
			}
		}
		outbox_free(lines, n);
		if (found)
			return found;
		usleep(50000);
	}
	return NULL;
}

char *outbox_code(struct srv *s, const char *recipient)
{
	int tries;
	char to[200];

	snprintf(to, sizeof to, "\"to\":\"%s\"", recipient);
	for (tries = 0; tries < 100; tries++) {
		char **lines;
		size_t n = outbox_lines(s, 0, &lines), i;
		char *found = NULL;

		for (i = n; i-- > 0 && !found;) {
			const char *p = lines[i];

			if (!strstr(p, to))
				continue;
			for (; *p && !found; p++) {
				if (isdigit((unsigned char)p[0]) && !isdigit((unsigned char)p[-1]) &&
				    strspn(p, "0123456789") == 6)
					found = strndup(p, 6);
			}
		}
		outbox_free(lines, n);
		if (found)
			return found;
		usleep(50000);
	}
	return NULL;
}

int register_pemohon(struct client *c, const char *nik, const char *password, struct resp *out)
{
	struct form f;
	int rc;

	if (form_fetch(c, "/pemohon/daftar", &f) < 0)
		return -1;
	rc = client_post(c, "/pemohon/daftar", out,
			 "csrf", f.csrf ? f.csrf : "", "captcha_id", f.captcha_id ? f.captcha_id : "",
			 "captcha", f.captcha ? f.captcha : "",
			 "nik", nik, "nama", "Siti Aminah", "no_kk", "3326071409230009",
			 "tempat_lahir", "Pekalongan", "tanggal_lahir", "15-05-1990",
			 "nama_ibu", "Sri Wahyuni", "provinsi", "33", "kabupaten", "33.26",
			 "kecamatan", "33.26.07", "kode_desa", "33.26.07.2008",
			 "no_hp", "081234567890", "email", "siti@example.com",
			 "password", password, "password2", password, NULL);
	form_free(&f);
	return rc;
}

int client_multipart(struct client *c, const char *path, const struct part *parts, struct resp *out)
{
	struct sink b = { NULL, 0 }, h = { NULL, 0 };
	struct curl_slist *hl = NULL;
	curl_mime *mime = curl_mime_init(c->h);
	char url[4096];
	CURLcode rc;

	memset(out, 0, sizeof *out);
	for (; parts && parts->name; parts++) {
		curl_mimepart *p = curl_mime_addpart(mime);

		curl_mime_name(p, parts->name);
		if (parts->filename) {
			curl_mime_data(p, parts->data, parts->len);
			curl_mime_filename(p, parts->filename);
			curl_mime_type(p, parts->type ? parts->type : "application/octet-stream");
		} else {
			curl_mime_data(p, parts->data, CURL_ZERO_TERMINATED);
		}
	}
	snprintf(url, sizeof url, "%s%s", c->s->base, path);
	curl_easy_setopt(c->h, CURLOPT_URL, url);
	curl_easy_setopt(c->h, CURLOPT_CUSTOMREQUEST, NULL);
	curl_easy_setopt(c->h, CURLOPT_NOBODY, 0L);
	curl_easy_setopt(c->h, CURLOPT_MIMEPOST, mime);
	hl = curl_slist_append(hl, "Expect:");
	for (const char *const *hd = c->extra_headers; hd && *hd; hd++)
		hl = curl_slist_append(hl, *hd);
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c->h, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c->h, CURLOPT_HEADERDATA, &h);
	rc = curl_easy_perform(c->h);
	curl_easy_setopt(c->h, CURLOPT_MIMEPOST, NULL);
	curl_mime_free(mime);
	curl_slist_free_all(hl);
	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = b.p ? b.p : strdup("");
	out->len = b.len;
	out->headers = h.p ? h.p : strdup("");
	return rc == CURLE_OK ? 0 : -1;
}

void client_set_headers(struct client *c, const char *const *headers)
{
	c->extra_headers = headers;
}

int pemohon_active(struct srv *s, struct client *c, const char *nik, const char *password)
{
	struct resp r;
	struct form f;
	int rc = -1;

	if (register_pemohon(c, nik, password, &r) < 0 || r.status != 303) {
		resp_free(&r);
		return -1;
	}
	resp_free(&r);
	/* verification and activation have their own tests; here they are set-up */
	if (srv_db_exec(s, "UPDATE pemohon SET status = 'aktif' WHERE nik = '%s'", nik) < 0)
		return -1;
	if (form_fetch(c, "/pemohon/login", &f) < 0)
		return -1;
	if (client_post(c, "/pemohon/login", &r, "csrf", f.csrf ? f.csrf : "", "captcha_id",
			f.captcha_id ? f.captcha_id : "", "captcha", f.captcha ? f.captcha : "", "nik", nik,
			"password", password, NULL) == 0 && r.status == 303)
		rc = 0;
	resp_free(&r);
	form_free(&f);
	return rc;
}

const char *err_code(const json_t *j)
{
	return json_string_value(json_object_get(json_object_get(j, "error"), "code"));
}

const char *err_msg(const json_t *j)
{
	return json_string_value(json_object_get(json_object_get(j, "error"), "message"));
}

const char *field_msg(const json_t *j, const char *field)
{
	return json_string_value(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), field));
}

size_t nfields(const json_t *j)
{
	return json_object_size(json_object_get(json_object_get(j, "error"), "fields"));
}
