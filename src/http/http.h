// SPDX-License-Identifier: MIT
// HTTP layer: request/response types, routing and the server entry points.
#ifndef LOKET_HTTP_H
#define LOKET_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "http/body.h"
#include "http/params.h"
#include "lib/arena.h"
#include "lib/buf.h"

struct MHD_Connection;

enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_HEAD = 1 << 1,
	HTTP_POST = 1 << 2,
	HTTP_PUT = 1 << 3,
	HTTP_DELETE = 1 << 4,
	HTTP_PATCH = 1 << 5,
	HTTP_OTHER = 1 << 6,
};

enum body_kind { BODY_NONE, BODY_FORM, BODY_MULTIPART, BODY_JSON, BODY_OTHER, BODY__MAX };

#define HTTP_MAX_ARGS 4

struct http_header {
	const char *name;
	const char *value;
	struct http_header *next;
};

/*
 * One request. Everything hanging off it (strings, params, the parsed JSON
 * through arena_defer) is borrowed until the request ends, when the arena
 * is freed at once.
 */
struct req {
	struct MHD_Connection *conn;
	struct arena *a;
	enum http_method method;
	const char *path;              /* without the query string */
	const char *route;             /* matched pattern: logged instead of path */
	const char *args[HTTP_MAX_ARGS]; /* {} segments of the matched route */
	int nargs;
	const char *client_ip;
	struct params query;
	struct params form;            /* urlencoded or multipart text fields */
	struct upload_list files;
	enum body_kind body_kind;
	json_t *json;                  /* parsed JSON body, or NULL */
	const char *body;              /* the whole body (read-only, maybe a file mapping), set before parsing */
	size_t body_len;
	void *user;                    /* the web layer's state (session, ...) */

	/* response, filled by the handler */
	int status;
	const char *content_type;
	struct buf out;
	struct http_header *headers;
	const void *static_body;       /* persistent body (static files) */
	size_t static_len;

	/* server internals */
	struct body in;                /* the body as it arrives (memory, then a temporary file) */
	size_t in_seen;                /* body bytes received, kept or not (the body rate) */
	int in_over;                   /* body exceeded max_in */
	size_t max_in;                 /* body limit of the route */
	int upload;                    /* the route takes a file (ROUTE_UPLOAD) */
	int form_413;                  /* ... and answers one over the limit with its form (ROUTE_FORM_413) */
	char *tail;                    /* the last bytes of a body over the limit (a ring of HTTP_TAIL_MAX), or NULL */
	size_t tail_len;               /* bytes in the ring */
	int early_status;              /* error decided before the body was read */
	struct timespec t0;
	void (*on_done)(struct req *r, int complete, void *arg);
	void *on_done_arg;
};

typedef void (*http_handler)(struct req *r);

/* Route flags: what the route accepts beyond a plain request. */
enum route_flag {
	ROUTE_JSON = 1 << 0,      /* JSON API: errors answered in JSON */
	ROUTE_UPLOAD = 1 << 1,    /* takes a file: body up to upload_max + max_body */
	/* An upload page that answers a body over the limit itself, with its
	 * form: the server reads such a body to its end (up to
	 * HTTP_DRAIN_FACTOR times the limit, else it refuses it unread),
	 * keeps the text fields it can recover (those before the file, from
	 * the kept head, and those after it, from the last HTTP_TAIL_MAX
	 * bytes), drops the files, and runs the handler, where
	 * http_too_large gives the message for the file field. Its 422 goes
	 * out as 413. Without the flag (or when no field could be kept),
	 * such a body gets the plain 413 page. */
	ROUTE_FORM_413 = 1 << 2,
};

#define HTTP_DRAIN_FACTOR 4
#define HTTP_TAIL_MAX 65536

struct route {
	unsigned methods;         /* bit mask of enum http_method */
	const char *pattern;      /* "/a/{}/b": {} is one segment; a final "*" matches the rest */
	http_handler fn;
	unsigned flags;
};

/* Hooks the web layer gives the server. */
struct http_hooks {
	const struct route *routes;
	size_t nroutes;
	/* Renders the error page for 400/404/405/413/500/503 (JSON for API routes). */
	void (*error)(struct req *r, int status, const char *message);
	/* Runs after the body is parsed and before the handler; returns 0 after
	 * answering itself (e.g. a failed CSRF check) to skip the handler. */
	int (*before)(struct req *r, const struct route *rt);
};

/* Starts serving on addr:port and blocks until SIGINT/SIGTERM. */
int http_serve(const char *listen, const struct http_hooks *hooks);

/* Router: finds the route for method+path. Returns it and fills args, or
 * NULL with *status 404 (no such path) or 405 (path exists, not method;
 * *allow then holds the allowed methods mask). Exposed for unit tests. */
const struct route *http_route(const struct route *routes, size_t n, enum http_method m,
			       const char *path, struct req *r, int *status, unsigned *allow);
enum http_method http_method_from(const char *s);

/* Request accessors. Values are borrowed until the request ends. */
const char *http_header(struct req *r, const char *name);
const char *http_cookie(struct req *r, const char *name);
const char *http_form(struct req *r, const char *name);   /* NULL when absent */
const char *http_query(struct req *r, const char *name);

/* Response helpers. */
/* On a ROUTE_FORM_413 route: the message for the file field when the body
 * was over the limit (its files are gone then; the text fields that could
 * be kept are in form), else NULL. */
const char *http_too_large(struct req *r);
/* Answers with the error page (or JSON error on API routes) for status. */
void http_error(struct req *r, int status, const char *message);
void http_add_header(struct req *r, const char *name, const char *value);
/* Answers 503 with STORAGE_FAILED_TEXT and a Retry-After: the disk or the
 * database refused a write (disk full, read-only). The server does it by
 * itself after a handler met a storage fault (lib/fileio.h). */
#define STORAGE_FAILED_TEXT "Layanan sedang mengalami gangguan penyimpanan, silakan coba lagi nanti."
void http_storage_failed(struct req *r);
void http_set_cookie(struct req *r, const char *name, const char *value, long max_age, int secure);
void http_redirect(struct req *r, const char *location);          /* 303 */
void http_text(struct req *r, int status, const char *type, const char *body);
/* Answers 200 with the file at path (read whole; files here are bounded
 * by upload_max) as type, with a Content-Disposition naming it `name`
 * (inline, or attachment to download). -1 when it cannot be read (nothing
 * is answered then). */
int http_file(struct req *r, const char *path, const char *type, const char *name, int attachment);
/*
 * Calls fn once the request is over, on the thread that served it, before
 * the request's memory is freed: complete is 1 when libmicrohttpd handed
 * the whole response to the operating system (the client may still not
 * have read it all), 0 when the connection ended early (client gone,
 * timeout, error). One callback per request; a later call replaces it.
 */
void http_on_done(struct req *r, void (*fn)(struct req *r, int complete, void *arg), void *arg);
/* Sends j (and drops a reference to it). */
void http_json(struct req *r, int status, json_t *j);

/* Static files: load every file under dir, served under prefix. */
int http_static_mount(const char *prefix, const char *dir);
/* Handler for a "/prefix/" + "*" route: answers with ETag/Cache-Control, 304 on
 * If-None-Match, 404 when unknown. */
void http_static(struct req *r);
/* A short content hash of a mounted file by URL ("/static/css/loket.css"),
 * for cache-busting query strings; "" when unknown. */
const char *http_static_version(const char *url);

#endif
