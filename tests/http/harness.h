// SPDX-License-Identifier: MIT
// HTTP test harness: a real `loket serve` on a free port, driven by libcurl.
#ifndef LOKET_TEST_HARNESS_H
#define LOKET_TEST_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

struct srv {
	pid_t pid;
	int port;
	char dir[256];        /* temporary data directory */
	char base[64];        /* http://127.0.0.1:PORT */
	char dburl[256];      /* PostgreSQL database of this server, or "" (SQLite) */
	int peer;             /* shares another server's database and directory */
};

/* Starts a server with a fresh data directory, migrated and loaded with the
 * region fixture (tests/fixtures/regions). env: extra "LOKET_X=value"
 * strings, NULL-terminated, or NULL. 0 or -1. When LOKET_TEST_DATABASE_URL
 * names a PostgreSQL maintenance database, the server runs on a fresh
 * database created there (dropped by srv_stop); otherwise on SQLite. */
int srv_start(struct srv *s, const char *const *env);
/* Stops the server; -1 when it did not exit cleanly (crash, sanitizer
 * report), after printing the end of its log. */
int srv_stop(struct srv *s);
/* Starts a second instance on the same database and data directory as
 * first (a stateless scale-out peer), on its own port. 0 or -1. */
int srv_start_peer(struct srv *s, const struct srv *first, const char *const *env);
/* Runs `loket admin add USER --role ROLES` on the server's data directory;
 * returns the generated password (caller frees) or NULL. */
char *srv_admin_add(struct srv *s, const char *user, const char *roles);
/* `loket admin reset-password USER`: the new one-time password, or NULL. */
char *srv_admin_reset(struct srv *s, const char *user);
/* First column of the first row of a query (printf-style) on the server's
 * database (SQLite or PostgreSQL), as a number (-1 on error). For asserting what storage holds. */
long long srv_db_int(struct srv *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same, text (caller frees; NULL when no row). */
char *srv_db_text(struct srv *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs a write statement (printf-style) on the server's database (test
 * set-up only, e.g. to age a token). 0 or -1. */
int srv_db_exec(struct srv *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct resp {
	long status;
	char *body;
	size_t len;
	char *headers;        /* raw response headers */
};

struct client;

/* A browser-like client with its own cookie jar. */
struct client *client_new(struct srv *s);
void client_free(struct client *c);
/* Points the client (and its cookie jar) at another server, e.g. a peer
 * instance or the proxy in front of both. */
void client_use(struct client *c, struct srv *s);
/* method: "GET", "POST", ...; ctype/body may be NULL; headers is a
 * NULL-terminated list of "Name: value" or NULL. Redirects are not
 * followed. 0 or -1 (transport error). */
int client_request(struct client *c, const char *method, const char *path, const char *ctype,
		   const char *body, size_t len, const char *const *headers, struct resp *out);
int client_get(struct client *c, const char *path, struct resp *out);
/* POSTs application/x-www-form-urlencoded from NULL-terminated name, value
 * pairs (values are escaped here). */
int client_post(struct client *c, const char *path, struct resp *out, ...) __attribute__((sentinel));
/* Same with a NULL-terminated array of name, value pairs. */
int client_post_arr(struct client *c, const char *path, const char *const *kv, struct resp *out);
/* JSON request; bearer may be NULL. */
int client_json(struct client *c, const char *method, const char *path, const char *json,
		const char *bearer, struct resp *out);
/* One part of a multipart/form-data body: a text field (filename NULL,
 * data NUL-terminated) or a file (data/len, filename, type). A list ends
 * with a part whose name is NULL. */
struct part {
	const char *name;
	const char *data;
	size_t len;
	const char *filename;
	const char *type;
};
/* POSTs parts as multipart/form-data (with the headers of
 * client_set_headers, e.g. a bearer token). */
int client_multipart(struct client *c, const char *path, const struct part *parts, struct resp *out);
/* Extra request headers of client_multipart (NULL-terminated, borrowed). */
void client_set_headers(struct client *c, const char *const *headers);
void resp_free(struct resp *r);
/* Value of a response header (case-insensitive name), malloc'd, or NULL. */
char *resp_header(const struct resp *r, const char *name);
/* 1 when the body contains needle. */
int resp_has(const struct resp *r, const char *needle);

/* Parts of a JSON API error answer {"error":{"code","message","fields"}}
 * (borrowed from j; NULL or 0 when absent). */
const char *err_code(const json_t *j);
const char *err_msg(const json_t *j);
const char *field_msg(const json_t *j, const char *field);
size_t nfields(const json_t *j);

/* HTML helpers (caller frees results). */
/* value="" of the first <input> or <textarea> named name (HTML entities
 * decoded), or NULL when there is no such field. */
char *html_field(const char *html, const char *name);
/* Answer of the "Berapa A ditambah|dikurangi|dikali B ?" captcha, or NULL. */
char *html_captcha_answer(const char *html);

/* A form as fetched from a page: hidden csrf/captcha_id and the answer. */
struct form {
	char *csrf;
	char *captcha_id;
	char *captcha;
};
/* GETs path and collects the form's csrf, captcha_id and captcha answer. */
int form_fetch(struct client *c, const char *path, struct form *f);
void form_free(struct form *f);

/* Lines of DATA/outbox.jsonl (waits up to 5 s for at least min lines).
 * Returns the count; *lines is a malloc'd array of malloc'd strings. */
size_t outbox_lines(struct srv *s, size_t min, char ***lines);
void outbox_free(char **lines, size_t n);
/* The first URL in the newest outbox message whose body contains marker,
 * waiting up to 5 s; caller frees; NULL when none. */
char *outbox_link(struct srv *s, const char *marker);
/* The newest 6-digit code sent to recipient (waits up to 5 s), or NULL. */
char *outbox_code(struct srv *s, const char *recipient);

/* A registration that passes every rule, with a given NIK; the fields are
 * posted after a fresh form_fetch of /pemohon/daftar. */
int register_pemohon(struct client *c, const char *nik, const char *password, struct resp *out);
/* Registers nik (register_pemohon), marks the account active in storage
 * (set-up: verification has its own tests) and logs c in through the
 * login page. 0 or -1. */
int pemohon_active(struct srv *s, struct client *c, const char *nik, const char *password);

#endif
