// SPDX-License-Identifier: MIT
// Strict, limit-bounded parsers for query strings, form bodies, cookies and multipart uploads.
#ifndef LOKET_PARAMS_H
#define LOKET_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/*
 * Every parser returns one of these (as an int). Whatever a parser hands out
 * lives in the arena given to it, valid until the request (the arena) ends;
 * upload data points into the caller's body buffer instead (no copy).
 */
enum params_err {
	PARAMS_OK,
	PARAMS_E_SYNTAX,		/* bad %-escape, bad multipart framing, ... */
	PARAMS_E_TOO_MANY,		/* more fields (or multipart parts, cookies) than allowed */
	PARAMS_E_KEY_TOO_LONG,		/* decoded key / field name / cookie name too long */
	PARAMS_E_VALUE_TOO_LONG,	/* decoded value / cookie value too long */
	PARAMS_E_NUL,			/* a NUL byte (raw or %00) in a key or value */
	PARAMS_E_UTF8,			/* invalid UTF-8 in a key, value, name or filename */
	PARAMS_E_TOO_MANY_FILES,	/* more uploaded files than lim->max_files */
	PARAMS_E_FILE_TOO_LARGE,	/* one uploaded file longer than lim->max_file_len */
	PARAMS_E_TOO_LARGE,		/* header line too long, too many part headers, Cookie header too long */
	PARAMS_E_CONTENT_TYPE,		/* not multipart/form-data or a missing/bad boundary */
	PARAMS__MAX
};

/* Indonesian sentence for people, e.g. "Isian terlalu panjang.". Never NULL. */
const char *params_err_message(enum params_err e);
/* Short ASCII identifier for logs, e.g. "syntax". Never NULL. */
const char *params_err_name(enum params_err e);
/* True for errors about size or count (HTTP 413), false for malformed input (HTTP 400). */
bool params_err_too_large(enum params_err e);
/* 200 for PARAMS_OK, 413 when params_err_too_large(), else 400. */
int params_err_http_status(enum params_err e);

/*
 * Limits. Lengths are in bytes after decoding. Pass NULL to a parser to use
 * params_limits_default. A limit of 0 means "none allowed" (e.g. max_files = 0
 * rejects every upload), not "unlimited".
 */
struct params_limits {
	size_t max_fields;	/* key/value pairs (urlencoded) or text parts (multipart) */
	size_t max_key_len;	/* decoded key / multipart field name */
	size_t max_value_len;	/* decoded value / multipart text part body */
	size_t max_parts;	/* multipart: all parts, text and file */
	size_t max_files;	/* multipart: parts carrying a file */
	size_t max_file_len;	/* multipart: bytes of one file */
	size_t max_header_len;	/* multipart: one part header line, without CRLF */
	size_t max_headers;	/* multipart: header lines of one part */
};

#define PARAMS_LIMITS_DEFAULT {			\
	.max_fields = 200,			\
	.max_key_len = 64,			\
	.max_value_len = 8192,			\
	.max_parts = 210,			\
	.max_files = 10,			\
	.max_file_len = 10u * 1024 * 1024,	\
	.max_header_len = 1024,			\
	.max_headers = 8,			\
}

extern const struct params_limits params_limits_default;

/* Fixed limits of params_parse_cookies (RFC 6265 asks user agents for >= 50). */
#define PARAMS_COOKIE_MAX_COUNT 50
#define PARAMS_COOKIE_MAX_NAME 128
#define PARAMS_COOKIE_MAX_VALUE 4096
#define PARAMS_COOKIE_MAX_HEADER 8192

/* RFC 2046: a boundary is 1..70 characters. */
#define PARAMS_BOUNDARY_MAX 70
/* Longest sanitised upload filename, in bytes (cut on a UTF-8 character boundary). */
#define PARAMS_FILENAME_MAX 255
/* Filename used when sanitising leaves nothing usable (e.g. "..", "dir/", "\t"). */
#define PARAMS_FILENAME_FALLBACK "berkas"

/*
 * One key/value pair. key and value are NUL-terminated and allocated in the
 * arena, valid until the request ends. value_len == strlen(value): decoded
 * keys and values never contain a NUL byte and are valid UTF-8.
 */
struct param {
	const char *key;
	const char *value;
	size_t value_len;
};

/*
 * Ordered pairs as they appeared; repeated keys are all kept (multi-selects).
 * items is an arena array of count entries (NULL when count is 0). Iterate
 * with items[i] for i < count. A zero-initialised struct params is empty.
 */
struct params {
	struct param *items;
	size_t count;
};

/* First value for key (exact, case-sensitive byte match) or NULL. */
/* True when s[0..n) is well-formed UTF-8 (also checked by every parser). */
bool params_utf8_valid(const char *s, size_t n);

const char *params_get(const struct params *p, const char *key);
/* n-th (0-based) value for key or NULL: for multi-selects. */
const char *params_get_nth(const struct params *p, const char *key, size_t n);
/* First pair for key (gives value_len too) or NULL. */
const struct param *params_find(const struct params *p, const char *key);
/* How many pairs have this key. */
size_t params_count_key(const struct params *p, const char *key);

/*
 * application/x-www-form-urlencoded body or query string (without the '?').
 * s need not be NUL-terminated; a raw NUL byte in it is PARAMS_E_NUL.
 * Pairs are split on '&' and then on the first '='; empty pairs are skipped,
 * a pair without '=' has the empty value, an empty key ("=x") is kept (as the
 * URL standard does). '+' decodes to a space, "%XX" (hex, either case) to
 * that byte; '%' followed by anything else is PARAMS_E_SYNTAX. Returns
 * PARAMS_OK and fills *out, or an error and leaves *out empty.
 */
int params_parse_urlencoded(struct arena *a, const char *s, size_t len,
			    const struct params_limits *lim, struct params *out);

/*
 * Cookie request header ("a=1; b=2"), NULL or "" giving no cookies. Names and
 * values are not %-decoded; one pair of surrounding double quotes is removed
 * from a value. A pair that is not RFC 6265 syntax (no '=', name not a token,
 * value with spaces, commas, backslashes, ...) is skipped rather than failing
 * the request, since other software on the same host may set such cookies.
 * Limits: more than PARAMS_COOKIE_MAX_COUNT pairs is PARAMS_E_TOO_MANY, a name
 * or value past PARAMS_COOKIE_MAX_NAME / _VALUE bytes is PARAMS_E_KEY_TOO_LONG
 * / PARAMS_E_VALUE_TOO_LONG, a header longer than PARAMS_COOKIE_MAX_HEADER is
 * PARAMS_E_TOO_LARGE (answer 431 rather than 413 for those if you like).
 * Repeated names are kept in order (the browser sends the most specific first).
 */
int params_parse_cookies(struct arena *a, const char *header, struct params *out);

/*
 * One uploaded file. field, filename and content_type are NUL-terminated and
 * allocated in the arena (valid until the request ends). filename is
 * sanitised: the part after the last '/' or '\\', with control characters
 * (HTAB, C1, Unicode bidi marks/overrides) removed (other C0 bytes and DEL
 * are already PARAMS_E_SYNTAX in a header line), at most PARAMS_FILENAME_MAX
 * bytes, never "", "." or ".." (PARAMS_FILENAME_FALLBACK instead); it is still
 * untrusted text, never use it as a path. content_type is the part's
 * Content-Type, "application/octet-stream" when absent. data points into the
 * body buffer given to params_parse_multipart (not copied, not terminated):
 * valid as long as that buffer is.
 */
struct upload {
	const char *field;
	const char *filename;
	const char *content_type;
	const char *data;
	size_t len;
};

/* items is an arena array of count entries (NULL when count is 0). */
struct upload_list {
	struct upload *items;
	size_t count;
};

/*
 * multipart/form-data (RFC 7578 over RFC 2046). content_type_header is the
 * request's Content-Type value; its boundary parameter (quoted or not,
 * 1..PARAMS_BOUNDARY_MAX characters of the RFC 2046 set) is required, anything
 * else there is PARAMS_E_CONTENT_TYPE. The body must use CRLF line breaks
 * throughout; a preamble before the first boundary and an epilogue after
 * "--boundary--" are ignored; transport padding (spaces/tabs) after a boundary
 * is allowed. Every part needs exactly one
 * 'Content-Disposition: form-data; name="..."' (token or quoted values; other
 * parameters such as filename* are ignored); Content-Type is optional;
 * Content-Transfer-Encoding must be absent or 7bit/8bit/binary; other headers
 * are ignored; obsolete header folding is an error.
 * A part without a filename parameter is a text field for *fields, with the
 * urlencoded rules (max_fields, max_key_len, max_value_len, no NUL, UTF-8).
 * A part with a filename goes to *files (max_files, max_file_len), except an
 * empty filename with an empty body (a file input left unfilled), which is
 * dropped. The field name of any part obeys max_key_len, no NUL, UTF-8.
 * Part count obeys max_parts; each part's header lines obey max_header_len
 * and max_headers (PARAMS_E_TOO_LARGE). A body without the closing delimiter
 * is PARAMS_E_SYNTAX. On error *fields and *files are left empty.
 */
int params_parse_multipart(struct arena *a, const char *content_type_header,
			   const char *body, size_t len,
			   const struct params_limits *lim,
			   struct params *fields, struct upload_list *files);

#endif
