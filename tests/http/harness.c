// SPDX-License-Identifier: MIT
// Test harness: spawns loket, speaks HTTP with libcurl, reads the outbox.
#include "harness.h"
#include "harness_client.h"

#include <ctype.h>
#include <curl/curl.h>
#include <dirent.h>
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

int srv_run(struct srv *s, const char *const *env, char *const argv[], char **out)
{
	int pfd[2];
	pid_t pid;
	int status;
	size_t len = 0, cap = 0;
	char *buf = NULL, tmp[4096];
	ssize_t n;

	if (pipe(pfd) < 0)
		return -1;
	pid = harness_fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
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
	status = harness_reap(pid, 0, -1);
	if (out)
		*out = buf;
	else
		free(buf);
	return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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
	s->pid = harness_fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		char dd[300];
		int fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		snprintf(dd, sizeof dd, "LOKET_DATA_DIR=%s", s->dir);
		/* no LOKET_BASE_URL: links follow the listen address */
		putenv(dd);
		/* every test client comes from 127.0.0.1 and registers many
		 * applicants: the per-address limit of the public forms is
		 * raised unless the test sets it (the tests of that limit do) */
		putenv((char *)(uintptr_t)"LOKET_PUBLIC_MAX_IP=100000");
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
	/* a directory name may come round again: nothing enrolled there yet */
	totp_forget_dir(s->dir);
	if (pg_create(s) < 0)
		return -1;
	{
		char *const mig[] = { LOKET_BIN, "migrate", NULL };
		char *const imp[] = { LOKET_BIN, "import-regions", LOKET_SOURCE_DIR "/tests/fixtures/regions", NULL };

		if (srv_run(s, env, mig, NULL) != 0 || srv_run(s, env, imp, NULL) != 0)
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

int srv_respawn(struct srv *s, const char *const *env)
{
	return spawn_server(s, env);
}

int srv_stop(struct srv *s)
{
	char cmd[300];
	int status = 0, rc = 0;

	if (s->pid > 0) {
		/* a leak check under ASan takes seconds on a busy machine */
		status = harness_reap(s->pid, SIGTERM, 120);
		s->pid = 0;
		/* a crash, a sanitizer report or a hang on shutdown fails the run */
		if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
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

char *srv_run_last_line(struct srv *s, char *const argv[])
{
	char *out = NULL, *last, *end;

	if (srv_run(s, NULL, argv, &out) != 0 || !out) {
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

	return srv_run_last_line(s, argv);
}

char *srv_admin_reset(struct srv *s, const char *user)
{
	char *const argv[] = { LOKET_BIN, "admin", "reset-password", (char *)(uintptr_t)user, NULL };

	return srv_run_last_line(s, argv);
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

void client_from(struct client *c, const char *ip)
{
	/* a connection kept alive from the old address must not be reused */
	curl_easy_setopt(c->h, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(c->h, CURLOPT_INTERFACE, ip);
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
	size_t cap;
};

static size_t on_data(char *ptr, size_t size, size_t n, void *ud)
{
	struct sink *k = ud;
	size_t add = size * n;

	/* doubling: a 30 MB answer must not be copied at every 16 KB chunk */
	if (k->len + add + 1 > k->cap) {
		size_t cap = k->cap ? k->cap : 4096;
		char *np;

		while (cap < k->len + add + 1)
			cap *= 2;
		if (!(np = realloc(k->p, cap)))
			return 0;
		k->p = np;
		k->cap = cap;
	}
	memcpy(k->p + k->len, ptr, add);
	k->len += add;
	k->p[k->len] = '\0';
	return add;
}

int client_request(struct client *c, const char *method, const char *path, const char *ctype,
		   const char *body, size_t len, const char *const *headers, struct resp *out)
{
	struct sink b = { NULL, 0, 0 }, h = { NULL, 0, 0 };
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
	/* why a request failed (a server still starting refuses: not news) */
	if (rc != CURLE_OK && rc != CURLE_COULDNT_CONNECT)
		fprintf(stderr, "%s %s: %s (%zu bytes received)\n", method, path, curl_easy_strerror(rc), b.len);
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
	struct sink b = { NULL, 0, 0 }, h = { NULL, 0, 0 };
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

/* ---- helpers shared by the test programs ---------------------------------- */

const char *pathf(const char *fmt, ...)
{
	static char buf[16][512];
	static int slot;
	char *b = buf[slot++ % 16];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof buf[0], fmt, ap);
	va_end(ap);
	return b;
}

const unsigned char jpeg_24x16[] = {
	0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x0a, 0x07, 0x07, 0x08, 0x07,
	0x06, 0x0a, 0x08, 0x08, 0x08, 0x0b, 0x0a, 0x0a, 0x0b, 0x0e, 0x18, 0x10,
	0x0e, 0x0d, 0x0d, 0x0e, 0x1d, 0x15, 0x16, 0x11, 0x18, 0x23, 0x1f, 0x25,
	0x24, 0x22, 0x1f, 0x22, 0x21, 0x26, 0x2b, 0x37, 0x2f, 0x26, 0x29, 0x34,
	0x29, 0x21, 0x22, 0x30, 0x41, 0x31, 0x34, 0x39, 0x3b, 0x3e, 0x3e, 0x3e,
	0x25, 0x2e, 0x44, 0x49, 0x43, 0x3c, 0x48, 0x37, 0x3d, 0x3e, 0x3b, 0xff,
	0xdb, 0x00, 0x43, 0x01, 0x0a, 0x0b, 0x0b, 0x0e, 0x0d, 0x0e, 0x1c, 0x10,
	0x10, 0x1c, 0x3b, 0x28, 0x22, 0x28, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b,
	0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b,
	0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b,
	0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b,
	0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0xff, 0xc0, 0x00, 0x11,
	0x08, 0x00, 0x10, 0x00, 0x18, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01,
	0x03, 0x11, 0x01, 0xff, 0xc4, 0x00, 0x1f, 0x00, 0x00, 0x01, 0x05, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0xff, 0xc4, 0x00, 0xb5, 0x10, 0x00, 0x02, 0x01, 0x03, 0x03, 0x02, 0x04,
	0x03, 0x05, 0x05, 0x04, 0x04, 0x00, 0x00, 0x01, 0x7d, 0x01, 0x02, 0x03,
	0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61,
	0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1,
	0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a,
	0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34,
	0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
	0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64,
	0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78,
	0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93,
	0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
	0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9,
	0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3,
	0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5,
	0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	0xf8, 0xf9, 0xfa, 0xff, 0xc4, 0x00, 0x1f, 0x01, 0x00, 0x03, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0xff, 0xc4, 0x00, 0xb5, 0x11, 0x00, 0x02, 0x01, 0x02, 0x04, 0x04, 0x03,
	0x04, 0x07, 0x05, 0x04, 0x04, 0x00, 0x01, 0x02, 0x77, 0x00, 0x01, 0x02,
	0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61,
	0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1,
	0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24,
	0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29,
	0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63,
	0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a,
	0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4,
	0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
	0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4,
	0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	0xf8, 0xf9, 0xfa, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11,
	0x03, 0x11, 0x00, 0x3f, 0x00, 0xf6, 0x6a, 0x28, 0xa2, 0x80, 0x0a, 0x28,
	0xa2, 0x80, 0x3f, 0xff, 0xd9
};
const size_t jpeg_24x16_len = sizeof jpeg_24x16;

char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0) {
		rewind(f);
		b = malloc((size_t)n + 1);
		if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
			free(b);
			b = NULL;
		}
		if (b) {
			b[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return b;
}

size_t str_count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while (p && (p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

int srv_files(struct srv *s, const char *sub)
{
	char dir[512];
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(dir, sizeof dir, "%s/files/%s", s->dir, sub);
	if (!(d = opendir(dir)))
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

long long srv_count(struct srv *s, const char *table)
{
	return srv_db_int(s, "SELECT COUNT(*) FROM %s", table);
}

long long srv_id(struct srv *s, const char *table, const char *column, const char *value)
{
	return srv_db_int(s, "SELECT id FROM %s WHERE %s = '%s'", table, column, value);
}

/* The answer r parsed for api_json and api_multipart: NULL when empty; sets
 * *status to -1 when it is not JSON served as application/json. */
static json_t *json_answer(const char *method, const char *path, const struct resp *r, long *status)
{
	char *ct;
	json_t *j;

	*status = r->status;
	if (!r->len)
		return NULL;
	ct = resp_header(r, "Content-Type");
	j = json_loads(r->body, 0, NULL);
	if (!j || !ct || !strstr(ct, "application/json")) {
		fprintf(stderr, "%s %s: %ld answer is not JSON (Content-Type %s): %.300s\n", method, path, r->status,
			ct ? ct : "none", r->body);
		json_decref(j);
		j = NULL;
		*status = -1;
	}
	free(ct);
	return j;
}

json_t *api_json_headers(struct srv *s, const char *method, const char *path, json_t *body, const char *bearer,
			 long *status, char **headers)
{
	struct client *c = client_new(s);
	char *txt = body ? json_dumps(body, JSON_COMPACT) : NULL;
	struct resp r;
	json_t *j = NULL;

	json_decref(body);
	if (headers)
		*headers = NULL;
	if (client_json(c, method, path, txt, bearer, &r) < 0) {
		fprintf(stderr, "%s %s: transport error\n", method, path);
		*status = -1;
	} else {
		j = json_answer(method, path, &r, status);
		if (headers)
			*headers = strdup(r.headers);
	}
	free(txt);
	resp_free(&r);
	client_free(c);
	return j;
}

json_t *api_json(struct srv *s, const char *method, const char *path, json_t *body, const char *bearer,
		 long *status)
{
	return api_json_headers(s, method, path, body, bearer, status, NULL);
}

json_t *api_json_grup(struct srv *s, const char *method, const char *path, json_t *body, const char *bearer,
		      const char *grup, long *status)
{
	struct client *c = client_new(s);
	char *txt = body ? json_dumps(body, JSON_COMPACT) : NULL;
	char auth[256], mode[128];
	const char *hdrs[] = { auth, mode, NULL };
	struct resp r;
	json_t *j = NULL;

	json_decref(body);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer ? bearer : "");
	snprintf(mode, sizeof mode, "X-Loket-Grup: %s", grup ? grup : "");
	if (client_request(c, method, path, txt ? "application/json" : NULL, txt, txt ? strlen(txt) : 0, hdrs, &r) < 0) {
		fprintf(stderr, "%s %s: transport error\n", method, path);
		*status = -1;
	} else {
		j = json_answer(method, path, &r, status);
	}
	free(txt);
	resp_free(&r);
	client_free(c);
	return j;
}

json_t *api_multipart(struct srv *s, const char *path, const struct part *parts, const char *bearer, long *status)
{
	struct client *c = client_new(s);
	char auth[256];
	const char *hdrs[] = { auth, NULL };
	struct resp r;
	json_t *j = NULL;

	if (bearer) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer);
		client_set_headers(c, hdrs);
	}
	if (client_multipart(c, path, parts, &r) < 0) {
		fprintf(stderr, "POST %s: transport error\n", path);
		*status = -1;
	} else {
		j = json_answer("POST", path, &r, status);
	}
	resp_free(&r);
	client_free(c);
	return j;
}

int bearer_request(struct srv *s, const char *method, const char *path, const char *ctype, const char *body,
		   size_t len, const char *bearer, struct resp *out)
{
	struct client *c = client_new(s);
	char auth[256];
	const char *hdrs[] = { auth, NULL };
	int rc;

	snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer ? bearer : "");
	rc = client_request(c, method, path, ctype, body, len, bearer ? hdrs : NULL, out);
	client_free(c);
	return rc;
}

const char *jstr(const json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

long long jint(const json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

int api_error_is(json_t *j, long status, long want, const char *code)
{
	const char *got = err_code(j), *msg = err_msg(j);
	int ok = status == want && j && got && !strcmp(got, code) && msg && strlen(msg) > 10;

	if (!ok) {
		char *txt = j ? json_dumps(j, JSON_COMPACT) : NULL;

		fprintf(stderr, "wanted error %ld %s, got %ld %s\n", want, code, status, txt ? txt : "(no body)");
		free(txt);
	}
	json_decref(j);
	return ok;
}

int captcha_solve(const char *question, int *answer)
{
	int a, b;
	char op[16];

	if (!question || sscanf(question, "Berapa %d %15s %d ?", &a, op, &b) != 3)
		return -1;
	if (!strcmp(op, "ditambah"))
		*answer = a + b;
	else if (!strcmp(op, "dikurangi"))
		*answer = a - b;
	else if (!strcmp(op, "dikali"))
		*answer = a * b;
	else
		return -1;
	return 0;
}

int api_captcha(struct srv *s, char **id, int *answer)
{
	long st;
	json_t *j = api_json(s, "GET", "/api/v1/captcha", NULL, NULL, &st);
	int rc = -1;

	*id = NULL;
	if (st == 200 && jstr(j, "id") && captcha_solve(jstr(j, "question"), answer) == 0) {
		*id = strdup(jstr(j, "id"));
		rc = 0;
	} else {
		fprintf(stderr, "GET /api/v1/captcha: %ld, no usable captcha\n", st);
	}
	json_decref(j);
	return rc;
}

char *token_of(const char *path, json_t *j, long st)
{
	char *t = NULL;

	if (st == 201 && jstr(j, "token"))
		t = strdup(jstr(j, "token"));
	else
		fprintf(stderr, "POST %s: %ld, no token\n", path, st);
	json_decref(j);
	return t;
}

char *pemohon_token(struct srv *s, const char *nik, const char *password)
{
	char *id;
	int answer;
	long st;
	json_t *j;

	if (api_captcha(s, &id, &answer) < 0)
		return NULL;
	j = api_json(s, "POST", "/api/v1/sesi",
		     json_pack("{s:s, s:s, s:s, s:i}", "nik", nik, "password", password, "captcha_id", id,
			       "captcha_jawaban", answer),
		     NULL, &st);
	free(id);
	return token_of("/api/v1/sesi", j, st);
}

char *pemohon_active_token(struct srv *s, const char *nik, const char *password)
{
	struct client *c = client_new(s);
	int rc = pemohon_active(s, c, nik, password);

	client_free(c);
	if (rc < 0) {
		fprintf(stderr, "pemohon_active %s failed\n", nik);
		return NULL;
	}
	return pemohon_token(s, nik, password);
}

char *staf_api_token(struct srv *s, const char *user, const char *roles, const char *nama)
{
	char *pw = srv_admin_add(s, user, roles), *t = NULL;
	int rc;

	if (!pw)
		return NULL;
	/* the API refuses one-time passwords: pretend it was changed */
	if (nama)
		rc = srv_db_exec(s, "UPDATE staf SET ganti_password = 0, nama = '%s' WHERE username = '%s'", nama,
				 user);
	else
		rc = srv_db_exec(s, "UPDATE staf SET ganti_password = 0 WHERE username = '%s'", user);
	if (rc == 0)
		t = staf_token(s, user, pw);
	free(pw);
	return t;
}

char *api_create(struct srv *s, const char *bearer, json_t *body)
{
	long st;
	json_t *j = api_json(s, "POST", "/api/v1/pengajuan", body, bearer, &st);
	char *kode = NULL;

	if (st == 201 && jstr(j, "kode") && jstr(j, "status") && !strcmp(jstr(j, "status"), "DRAFT"))
		kode = strdup(jstr(j, "kode"));
	else
		fprintf(stderr, "POST /api/v1/pengajuan: %ld, no new draft\n", st);
	json_decref(j);
	return kode;
}

int api_upload(struct srv *s, const char *bearer, const char *kode, const char *jenis, const char *filename,
	       const char *keterangan, json_t **answer)
{
	struct part parts[6] = {
		{ "jenis", jenis, 0, NULL, NULL },
		{ "tanggal", "2024-01-15", 0, NULL, NULL },
		{ "lembar", "1", 0, NULL, NULL },
	};
	size_t n = 3;
	long st;
	json_t *j;

	if (answer)
		*answer = NULL;
	if (keterangan)
		parts[n++] = (struct part){ "keterangan", keterangan, 0, NULL, NULL };
	parts[n++] = (struct part){ "file", (const char *)jpeg_24x16, jpeg_24x16_len, filename, "image/jpeg" };
	parts[n] = (struct part){ NULL, NULL, 0, NULL, NULL };
	j = api_multipart(s, pathf("/api/v1/pengajuan/%s/dokumen", kode), parts, bearer, &st);
	if (st != 201 || jint(j, "id") <= 0 || jint(j, "dokumen_id") <= 0) {
		fprintf(stderr, "upload %s to %s: %ld\n", jenis, kode, st);
		json_decref(j);
		return -1;
	}
	if (answer)
		*answer = j;
	else
		json_decref(j);
	return 0;
}

int api_kirim(struct srv *s, const char *bearer, const char *kode, const char *pilihan)
{
	long st;
	json_t *j = api_json(s, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode),
			     json_pack("{s:s, s:b}", "pilihan_dokumen_jadi", pilihan, "setuju", 1), bearer, &st);
	int ok = st == 200 && jstr(j, "status") && !strcmp(jstr(j, "status"), "DIKIRIM");

	if (!ok)
		fprintf(stderr, "kirim %s: %ld\n", kode, st);
	json_decref(j);
	return ok ? 0 : -1;
}

int page_get(struct srv *s, struct client *c, const char *path, long want, struct resp *out)
{
	struct client *own = c ? NULL : client_new(s);
	int rc = client_get(c ? c : own, path, out);

	client_free(own);
	if (rc < 0 || out->status != want) {
		fprintf(stderr, "GET %s: %ld, wanted %ld\n", path, rc < 0 ? -1L : out->status, want);
		return -1;
	}
	return 0;
}

int visitor_has(struct srv *s, const char *path, const char *needle)
{
	struct resp r;
	int has = -1;

	if (page_get(s, NULL, path, 200, &r) == 0)
		has = resp_has(&r, needle);
	resp_free(&r);
	return has;
}

char *page_field(struct client *c, const char *path, const char *name)
{
	struct resp r;
	char *v = NULL;

	if (client_get(c, path, &r) == 0 && r.status == 200)
		v = html_field(r.body, name);
	if (!v)
		fprintf(stderr, "GET %s: %ld, no field %s\n", path, r.status, name);
	resp_free(&r);
	return v;
}

int redirect_is(const struct resp *r, const char *to)
{
	char *loc = resp_header(r, "Location");
	int ok = r->status == 303 && loc && !strcmp(loc, to);

	if (!ok)
		fprintf(stderr, "wanted 303 to %s, got %ld to %s\n", to, r->status, loc ? loc : "(none)");
	free(loc);
	return ok;
}

int staf_login_post(struct client *c, const char *user, const char *password, struct resp *out)
{
	struct form f;
	int rc = -1;

	memset(out, 0, sizeof *out);
	snprintf(c->user, sizeof c->user, "%s", user);
	if (form_fetch(c, "/staf/login", &f) == 0 && f.csrf && f.captcha_id && f.captcha)
		rc = client_post(c, "/staf/login", out, "csrf", f.csrf, "captcha_id", f.captcha_id, "captcha",
				 f.captcha, "username", user, "password", password, NULL);
	else
		fprintf(stderr, "GET /staf/login: no login form with a captcha\n");
	form_free(&f);
	if (rc == 0 && !c->manual_2fa)
		rc = totp_after_login(c, user, password, out);
	return rc;
}

int staf_password_post(struct client *c, const char *old, const char *password, const char *password2,
		       struct resp *out)
{
	char *csrf = page_field(c, "/staf/password", "csrf");
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (csrf)
		rc = client_post(c, "/staf/password", out, "csrf", csrf, "password_lama", old, "password", password,
				 "password2", password2, NULL);
	free(csrf);
	if (rc == 0 && !c->manual_2fa && out->status == 303)
		rc = totp_after_password(c, password, out);
	return rc;
}

int staf_first_login(struct client *c, const char *user, const char *otp, const char *password)
{
	struct resp r;
	int ok;

	ok = staf_login_post(c, user, otp, &r) == 0 && redirect_is(&r, "/staf/password");
	resp_free(&r);
	if (!ok)
		return -1;
	ok = staf_password_post(c, otp, password, password, &r) == 0 && r.status == 303;
	if (!ok)
		fprintf(stderr, "password change of %s: %ld\n", user, r.status);
	resp_free(&r);
	return ok ? 0 : -1;
}

struct client *staf_ready(struct srv *s, const char *user, const char *roles, const char *nama,
			  const char *password)
{
	struct client *c = client_new(s);
	char *pw = srv_admin_add(s, user, roles);
	int rc = -1;

	if (pw && (!nama || srv_db_exec(s, "UPDATE staf SET nama = '%s' WHERE username = '%s'", nama, user) == 0))
		rc = staf_first_login(c, user, pw, password);
	free(pw);
	if (rc < 0) {
		fprintf(stderr, "officer %s not ready\n", user);
		client_free(c);
		return NULL;
	}
	return c;
}

char *fixture(const char *name, size_t *len)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/tests/fixtures/%s", LOKET_SOURCE_DIR, name);
	return file_read(path, len);
}
