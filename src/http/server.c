// SPDX-License-Identifier: MIT
// libmicrohttpd glue: limits, body collection, routing, response, access log.
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/conn.h"
#include "http/http.h"
#include "lib/config.h"
#include "lib/fileio.h"
#include "lib/log.h"

static const struct http_hooks *hooks;

static void fail(struct req *r, int status, const char *message);

static const char csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
	"form-action 'self'; frame-ancestors 'none'";

/* Where bodies too long for memory wait for their handler: files_dir/tmp. */
static char body_dir[4096];

/* Indexed by the bit position of enum http_method. */
static const char *const method_names[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH" };
#define NMETHODS (sizeof method_names / sizeof method_names[0])

enum http_method http_method_from(const char *s)
{
	size_t i;

	for (i = 0; i < NMETHODS; i++)
		if (!strcmp(s, method_names[i]))
			return (enum http_method)(1u << i);
	return HTTP_OTHER;
}

static const char *method_name(enum http_method m)
{
	size_t i;

	for (i = 0; i < NMETHODS; i++)
		if (m == (enum http_method)(1u << i))
			return method_names[i];
	return "OTHER";
}

static enum MHD_Result header_size(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	size_t *sum = cls;

	(void)kind;
	*sum += strlen(k) + (v ? strlen(v) : 0) + 4;
	return MHD_YES;
}

static const char *client_ip(struct req *r)
{
	const union MHD_ConnectionInfo *ci;
	char ip[INET6_ADDRSTRLEN] = "";

	if (g_cfg.trust_proxy) {
		const char *xff = http_header(r, "X-Forwarded-For");

		if (xff && *xff) {
			const char *last = strrchr(xff, ',');

			last = last ? last + 1 : xff;
			while (*last == ' ')
				last++;
			return arena_strndup(r->a, last, strnlen(last, 64));
		}
	}
	ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip, sizeof ip);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip, sizeof ip);
	}
	return arena_strdup(r->a, ip);
}

const char *http_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *http_form(struct req *r, const char *name)
{
	return params_get(&r->form, name);
}

const char *http_query(struct req *r, const char *name)
{
	return params_get(&r->query, name);
}

void http_add_header(struct req *r, const char *name, const char *value)
{
	struct http_header *h = arena_alloc(r->a, sizeof *h), **tail = &r->headers;

	h->name = name;
	h->value = arena_strdup(r->a, value);
	/* sent in call order: of two Set-Cookie for one name (logout, then a
	 * fresh session for the flash) the browser keeps the last */
	while (*tail)
		tail = &(*tail)->next;
	*tail = h;
}

void http_set_cookie(struct req *r, const char *name, const char *value, long max_age, int secure)
{
	http_add_header(r, MHD_HTTP_HEADER_SET_COOKIE,
			arena_printf(r->a, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
				     name, value, max_age, secure ? "; Secure" : ""));
}

void http_redirect(struct req *r, const char *location)
{
	r->status = 303;
	http_add_header(r, MHD_HTTP_HEADER_LOCATION, location);
	buf_reset(&r->out);
}

void http_text(struct req *r, int status, const char *type, const char *body)
{
	r->status = status;
	r->content_type = type;
	buf_reset(&r->out);
	buf_adds(&r->out, body);
}

int http_file(struct req *r, const char *path, const char *type, const char *name, int attachment)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char block[65536], ascii[128];
	size_t n, i, k = 0;

	if (!f)
		return -1;
	buf_reset(&r->out);
	while ((n = fread(block, 1, sizeof block, f)) > 0)
		buf_add(&r->out, block, n);
	if (ferror(f)) {
		fclose(f);
		buf_reset(&r->out);
		return -1;
	}
	fclose(f);
	r->status = 200;
	r->content_type = type;
	/* a plain ASCII fallback name plus the exact one (RFC 6266) */
	for (i = 0; name && name[i] && k + 1 < sizeof ascii; i++)
		ascii[k++] = (name[i] >= 0x20 && name[i] < 0x7f && name[i] != '"' && name[i] != '\\') ? name[i] : '_';
	ascii[k] = '\0';
	buf_addf(&b, "%s; filename=\"%s\"", attachment ? "attachment" : "inline", k ? ascii : "berkas");
	if (name && *name) {
		buf_adds(&b, "; filename*=UTF-8''");
		for (i = 0; name[i]; i++) {
			unsigned char c = (unsigned char)name[i];

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c))
				buf_addc(&b, (char)c);
			else
				buf_addf(&b, "%%%02X", c);
		}
	}
	http_add_header(r, "Content-Disposition", arena_strdup(r->a, b.ptr));
	buf_release(&b);
	return 0;
}

void http_json(struct req *r, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);

	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	buf_reset(&r->out);
	if (s)
		buf_adds(&r->out, s);
	free(s);
	json_decref(j);
}

static void release_out(void *p)
{
	buf_release(p);
}

static void decref_json(void *p)
{
	json_decref(p);
}

void http_error(struct req *r, int status, const char *message)
{
	r->status = 0;
	fail(r, status, message);
}

static void fail(struct req *r, int status, const char *message)
{
	r->headers = NULL;
	r->static_body = NULL;
	hooks->error(r, status, message);
}

/* The 413 text of a route that takes a file (the manual's Tabel 4, 1). */
static const char *too_large_upload(struct req *r)
{
	return arena_printf(r->a,
			    "Ukuran file terlalu besar. Batas ukuran satu file adalah %ld MB. Jika file hasil scan, "
			    "pilih resolusi yang lebih rendah (misalnya 150 atau 200 DPI), lalu unggah kembali.",
			    (g_cfg.upload_max + 1048575) / 1048576);
}

const char *http_too_large(struct req *r)
{
	return r->in_over ? too_large_upload(r) : NULL;
}

/* Keeps the last HTTP_TAIL_MAX bytes of a body over the limit: the text
 * fields a form sends after its file are there. */
static void keep_tail(struct req *r, const char *data, size_t n)
{
	size_t at;

	if (!r->tail)
		r->tail = arena_alloc(r->a, HTTP_TAIL_MAX);
	if (n >= HTTP_TAIL_MAX) {
		memcpy(r->tail, data + n - HTTP_TAIL_MAX, HTTP_TAIL_MAX);
		r->tail_len = HTTP_TAIL_MAX;
		return;
	}
	if (r->tail_len + n > HTTP_TAIL_MAX) {
		at = r->tail_len + n - HTTP_TAIL_MAX;
		memmove(r->tail, r->tail + at, r->tail_len - at);
		r->tail_len -= at;
	}
	memcpy(r->tail + r->tail_len, data, n);
	r->tail_len += n;
}

/*
 * The text fields of a multipart body over the limit (ROUTE_FORM_413): the
 * kept head up to the part the cut went through, joined to the tail from
 * the first delimiter after that part, parsed as one body; the files are
 * dropped. 1 when it gave fields, 0 when nothing could be recovered.
 */
static int salvage_form(struct req *r)
{
	const char *ct = http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), *head, *hit;
	char delim[PARAMS_BOUNDARY_MAX + 5];
	size_t head_len, dlen, cut = 0, tail_at, i, len;
	char *joined;
	struct params_limits lim = {
		.max_fields = (size_t)g_cfg.max_fields,
		.max_key_len = 64,
		.max_value_len = (size_t)g_cfg.max_field_len,
		.max_parts = (size_t)g_cfg.max_fields + 10,
		.max_files = 10,
		.max_file_len = (size_t)g_cfg.max_body,
		.max_header_len = 1024,
		.max_headers = 8,
	};

	if (!r->tail || !ct || strncasecmp(ct, "multipart/form-data", 19) ||
	    body_view(&r->in, &head, &head_len) < 0)
		return 0;
	/* the delimiter: CRLF and the body's first line, "--" boundary */
	for (dlen = 0; dlen < head_len && dlen < PARAMS_BOUNDARY_MAX + 3 && head[dlen] != '\r'; dlen++)
		;
	if (dlen < 3 || dlen > PARAMS_BOUNDARY_MAX + 2 || dlen + 1 >= head_len || head[dlen + 1] != '\n' ||
	    strncmp(head, "--", 2))
		return 0;
	memcpy(delim, "\r\n", 2);
	memcpy(delim + 2, head, dlen);
	dlen += 2;
	/* the head's complete parts: a few small fields before the file */
	for (hit = head; (hit = memmem(hit, head_len - (size_t)(hit - head), delim, dlen)); hit++)
		cut = (size_t)(hit - head);
	if (cut > (size_t)g_cfg.max_body)
		return 0;
	/* the first delimiter of the tail past that part (they may overlap) */
	tail_at = r->in_seen - r->tail_len;
	for (i = cut + 1 > tail_at ? cut + 1 - tail_at : 0; i + dlen <= r->tail_len; i++)
		if (!memcmp(r->tail + i, delim, dlen))
			break;
	if (i + dlen > r->tail_len)
		return 0;
	len = cut + r->tail_len - i;
	joined = arena_alloc(r->a, len + 1);
	memcpy(joined, head, cut);
	memcpy(joined + cut, r->tail + i, r->tail_len - i);
	if (params_parse_multipart(r->a, ct, joined, len, &lim, &r->form, &r->files) != PARAMS_OK ||
	    !r->form.count)
		return 0;
	r->files.items = NULL;
	r->files.count = 0;
	r->body_kind = BODY_MULTIPART;
	return 1;
}

static void parse_body(struct req *r)
{
	const char *ct = http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	struct params_limits lim = {
		.max_fields = (size_t)g_cfg.max_fields,
		.max_key_len = 64,
		.max_value_len = (size_t)g_cfg.max_field_len,
		.max_parts = (size_t)g_cfg.max_fields + 10,
		.max_files = 10,
		.max_file_len = r->max_in,
		.max_header_len = 1024,
		.max_headers = 8,
	};
	enum params_err e = PARAMS_OK;

	if (r->body_len == 0 && !ct) {
		r->body_kind = BODY_NONE;
		return;
	}
	if (!ct)
		ct = "";
	if (!strncasecmp(ct, "application/x-www-form-urlencoded", 33)) {
		r->body_kind = BODY_FORM;
		e = params_parse_urlencoded(r->a, r->body, r->body_len, &lim, &r->form);
	} else if (!strncasecmp(ct, "multipart/form-data", 19)) {
		r->body_kind = BODY_MULTIPART;
		e = params_parse_multipart(r->a, ct, r->body, r->body_len, &lim, &r->form, &r->files);
	} else if (!strncasecmp(ct, "application/json", 16)) {
		json_error_t jerr;

		r->body_kind = BODY_JSON;
		r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
		if (!r->json || !json_is_object(r->json)) {
			json_decref(r->json);
			r->json = NULL;
			fail(r, 400, "Data JSON tidak sah.");
			return;
		}
		arena_defer(r->a, decref_json, r->json);
	} else {
		r->body_kind = r->body_len ? BODY_OTHER : BODY_NONE;
	}
	if (e != PARAMS_OK)
		fail(r, params_err_too_large(e) ? 413 : 400, params_err_message(e));
}

static void dispatch(struct req *r)
{
	int status = 404;
	unsigned allow = 0;
	const struct route *rt;

	rt = http_route(hooks->routes, hooks->nroutes, r->method, r->path, r, &status, &allow);
	if (!rt) {
		r->route = status == 405 ? r->path : "-";
		if (status == 405) {
			struct buf b = BUF_INIT;
			size_t i;

			for (i = 0; i < NMETHODS; i++)
				if (allow & (1u << i))
					buf_addf(&b, "%s%s", b.len ? ", " : "", method_names[i]);
			fail(r, 405, NULL);
			http_add_header(r, MHD_HTTP_HEADER_ALLOW, b.ptr);
			buf_release(&b);
		} else {
			fail(r, 404, NULL);
		}
		return;
	}
	r->route = rt->pattern;
	if (r->early_status) {
		fail(r, r->early_status, NULL);
		return;
	}
	if (r->in_over && !(rt->flags & ROUTE_FORM_413 && salvage_form(r))) {
		fail(r, 413, rt->flags & ROUTE_UPLOAD ? too_large_upload(r) : NULL);
		return;
	}
	if (!r->in_over) {
		/* a body that could not be kept (disk full, read-only, I/O
		 * error, body_disk_max reached) */
		if (body_view(&r->in, &r->body, &r->body_len) < 0) {
			http_storage_failed(r);
			return;
		}
		parse_body(r);
		if (r->status)
			return;
	}
	storage_fault_clear();
	if (hooks->before && !hooks->before(r, rt))
		return;
	rt->fn(r);
	if (!r->status)
		fail(r, 500, NULL);
	/* the form with the file field's error, as what it is */
	if (r->in_over && r->status == 422)
		r->status = 413;
	/* a write the disk refused is answered as what it is, never as a user
	 * error (a captcha "wrong" because its row could not be updated); a
	 * page that answered anyway (an incidental write failed) still shows */
	if (storage_fault() && (r->status >= 500 || (r->method != HTTP_GET && r->method != HTTP_HEAD)))
		http_storage_failed(r);
}

void http_storage_failed(struct req *r)
{
	fail(r, 503, STORAGE_FAILED_TEXT);
	http_add_header(r, "Retry-After", "60");
}

struct query_walk {
	struct req *r;
	size_t n, cap;
};

/* MHD has already split and decoded the query string; enforce our limits
 * on it (count, lengths, NUL bytes, UTF-8) and copy it into the arena. */
static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *k, size_t klen,
				     const char *v, size_t vlen)
{
	struct query_walk *w = cls;
	struct req *r = w->r;
	struct param *p;

	(void)kind;
	if (!v) {
		v = "";
		vlen = 0;
	}
	if (w->n >= w->cap || klen > 64 || vlen > (size_t)g_cfg.max_field_len ||
	    strlen(k) != klen || strlen(v) != vlen || !params_utf8_valid(k, klen) ||
	    !params_utf8_valid(v, vlen)) {
		r->early_status = w->n >= w->cap || vlen > (size_t)g_cfg.max_field_len ? 413 : 400;
		return MHD_NO;
	}
	p = &r->query.items[w->n++];
	p->key = arena_strndup(r->a, k, klen);
	p->value = arena_strndup(r->a, v, vlen);
	p->value_len = vlen;
	r->query.count = w->n;
	return MHD_YES;
}

static enum MHD_Result send_response(struct req *r)
{
	struct MHD_Response *resp;
	struct http_header *h;
	enum MHD_Result ret;

	if (r->static_body)
		resp = MHD_create_response_from_buffer(r->static_len, (void *)(uintptr_t)r->static_body,
						       MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_buffer(r->out.len, r->out.ptr, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	if (g_cfg.secure_cookies)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	for (h = r->headers; h; h = h->next)
		MHD_add_response_header(resp, h->name, h->value);
	if (!MHD_get_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)version;
	if (!r) {
		struct arena *a = arena_new();
		size_t hsize = strlen(url) + strlen(method);
		const char *cl;

		conn_header_done(conn);
		r = arena_alloc(a, sizeof *r);
		r->a = a;
		r->conn = conn;
		buf_init(&r->out);
		arena_defer(a, release_out, &r->out);
		body_init(&r->in, a, body_dir);
		clock_gettime(CLOCK_MONOTONIC, &r->t0);
		r->method = http_method_from(method);
		r->path = url;
		r->route = "-";
		r->client_ip = client_ip(r);
		*con_cls = r;
		MHD_get_connection_values(conn, MHD_HEADER_KIND, header_size, &hsize);
		if (hsize > (size_t)g_cfg.max_header)
			r->early_status = 413;
		{
			struct query_walk w = { r, 0, (size_t)g_cfg.max_fields };

			r->query.items = arena_alloc(a, w.cap * sizeof *r->query.items);
			MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_query, &w);
		}
		/* a route that takes a file may receive one file more */
		{
			int st;
			unsigned allow;
			const struct route *rt = http_route(hooks->routes, hooks->nroutes, r->method, r->path, r, &st, &allow);

			r->upload = rt && (rt->flags & ROUTE_UPLOAD);
			r->form_413 = r->upload && (rt->flags & ROUTE_FORM_413);
			r->max_in = (size_t)g_cfg.max_body + (r->upload ? (size_t)g_cfg.upload_max : 0);
		}
		cl = http_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
		/* an upload page reads a body somewhat over the limit to its end,
		 * to answer with its form and the fields typed (ROUTE_FORM_413) */
		if (cl && strtoull(cl, NULL, 10) > (unsigned long long)r->max_in *
			  (r->form_413 && !r->early_status ? HTTP_DRAIN_FACTOR : 1)) {
			/* refuse before reading the body */
			r->route = "-";
			fail(r, 413, r->upload ? too_large_upload(r) : NULL);
			return send_response(r);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		r->in_seen += *upload_size;
		if (conn_body_too_slow(&r->t0, r->in_seen))
			return MHD_NO; /* ends the connection: a slow body holds it no longer */
		/* a failure to store is answered (503) once the body is in */
		if (!r->in_over && r->in.bytes + *upload_size <= r->max_in) {
			body_add(&r->in, upload_data, *upload_size);
		} else {
			r->in_over = 1;
			if (r->form_413)
				keep_tail(r, upload_data, *upload_size);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->status)
		return MHD_YES; /* already answered (early 413) */
	dispatch(r);
	if (r->method == HTTP_HEAD)
		buf_reset(&r->out);
	return send_response(r);
}

void http_on_done(struct req *r, void (*fn)(struct req *r, int complete, void *arg), void *arg)
{
	r->on_done = fn;
	r->on_done_arg = arg;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;
	struct timespec t1;
	long us;

	(void)cls;
	conn_request_done(conn);
	if (!r)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = (t1.tv_sec - r->t0.tv_sec) * 1000000L + (t1.tv_nsec - r->t0.tv_nsec) / 1000;
	if (r->on_done)
		r->on_done(r, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK, r->on_done_arg);
	/* the route pattern, never the path: paths carry tokens and codes */
	log_info("access method=%s route=%s status=%d bytes=%zu us=%ld%s",
		 method_name(r->method), r->route, r->status, r->static_body ? r->static_len : r->out.len, us,
		 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
	arena_free(r->a);
	*con_cls = NULL;
}

/* fmt comes from libmicrohttpd: the attribute tells clang it is a format */
__attribute__((format(printf, 2, 0)))
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	/* refusals and cuts come in floods: counted, not logged one by one */
	if (conn_log_filter(msg))
		log_warn("http: %s", msg);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	long port;
	char *end;

	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (!*host || !strcmp(host, "*"))
		sa->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (!strcmp(host, "localhost"))
		sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return -1;
	return 0;
}

int http_serve(const char *listen, const struct http_hooks *h)
{
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	sigset_t set;
	int sig;
	size_t mem = (size_t)g_cfg.max_header * 2 + 16384;
	unsigned threads = (unsigned)(g_cfg.threads > 0 ? g_cfg.threads : 1), max_conns;

	hooks = h;
	/* every thread (the pool, the jobs) inherits these blocked; only the
	 * main thread takes them, in sigwait below */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* a file size limit makes a write fail (EFBIG), not the process die */
	signal(SIGXFSZ, SIG_IGN);
	snprintf(body_dir, sizeof body_dir, "%s/tmp", g_cfg.files_dir);
	body_limit_disk((size_t)g_cfg.body_disk_max);
	if (parse_listen(listen, &sa) < 0) {
		log_error("server: cannot parse listen address %s", listen);
		return -1;
	}
	/* without an explicit cap libmicrohttpd stops at FD_SETSIZE - 4 */
	max_conns = conn_fd_budget(g_cfg.max_conns, (int)threads);
	if (conn_guard_start() < 0) {
		log_error("server: cannot start the connection guard");
		return -1;
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
			     0, NULL, NULL, on_request, NULL,
			     MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_THREAD_POOL_SIZE, threads,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, mem,
			     MHD_OPTION_CONNECTION_LIMIT, max_conns,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)g_cfg.max_conns_per_ip,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)g_cfg.idle_timeout,
			     MHD_OPTION_NOTIFY_CONNECTION, conn_notify, NULL,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_END);
	if (!d) {
		log_error("server: cannot listen on %s", listen);
		conn_guard_stop();
		return -1;
	}
	log_info("server: listening on http://%s (connections: %u in all, %ld per address; header %ld s, "
		 "body %ld B/s after %ld s, idle %ld s)", listen, max_conns, g_cfg.max_conns_per_ip,
		 g_cfg.header_timeout, g_cfg.body_min_rate, g_cfg.body_grace, g_cfg.idle_timeout);
	while (sigwait(&set, &sig) != 0)
		;
	log_info("server: stopping on signal %d", sig);
	conn_guard_stop();
	MHD_stop_daemon(d);
	return 0;
}
