// SPDX-License-Identifier: MIT
// Strict parsers for urlencoded forms, cookies and multipart/form-data with hard limits.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "http/params.h"

#include <string.h>
#include <strings.h>

#include "lib/arena.h"

const struct params_limits params_limits_default = PARAMS_LIMITS_DEFAULT;

static const char *const err_messages[PARAMS__MAX] = {
	[PARAMS_OK] = "Berhasil.",
	[PARAMS_E_SYNTAX] = "Format data tidak sah.",
	[PARAMS_E_TOO_MANY] = "Terlalu banyak isian.",
	[PARAMS_E_KEY_TOO_LONG] = "Nama isian terlalu panjang.",
	[PARAMS_E_VALUE_TOO_LONG] = "Isian terlalu panjang.",
	[PARAMS_E_NUL] = "Isian mengandung karakter yang tidak sah.",
	[PARAMS_E_UTF8] = "Isian mengandung karakter yang tidak dapat dibaca.",
	[PARAMS_E_TOO_MANY_FILES] = "Terlalu banyak berkas yang diunggah.",
	[PARAMS_E_FILE_TOO_LARGE] = "Berkas yang diunggah terlalu besar.",
	[PARAMS_E_TOO_LARGE] = "Data yang dikirim terlalu besar.",
	[PARAMS_E_CONTENT_TYPE] = "Jenis data yang dikirim tidak didukung.",
};

static const char *const err_names[PARAMS__MAX] = {
	[PARAMS_OK] = "ok",
	[PARAMS_E_SYNTAX] = "syntax",
	[PARAMS_E_TOO_MANY] = "too_many",
	[PARAMS_E_KEY_TOO_LONG] = "key_too_long",
	[PARAMS_E_VALUE_TOO_LONG] = "value_too_long",
	[PARAMS_E_NUL] = "nul",
	[PARAMS_E_UTF8] = "utf8",
	[PARAMS_E_TOO_MANY_FILES] = "too_many_files",
	[PARAMS_E_FILE_TOO_LARGE] = "file_too_large",
	[PARAMS_E_TOO_LARGE] = "too_large",
	[PARAMS_E_CONTENT_TYPE] = "content_type",
};

static const bool err_too_large[PARAMS__MAX] = {
	[PARAMS_E_TOO_MANY] = true,
	[PARAMS_E_KEY_TOO_LONG] = true,
	[PARAMS_E_VALUE_TOO_LONG] = true,
	[PARAMS_E_TOO_MANY_FILES] = true,
	[PARAMS_E_FILE_TOO_LARGE] = true,
	[PARAMS_E_TOO_LARGE] = true,
};

const char *params_err_message(enum params_err e)
{
	if ((unsigned)e >= PARAMS__MAX)
		return err_messages[PARAMS_E_SYNTAX];
	return err_messages[e];
}

const char *params_err_name(enum params_err e)
{
	if ((unsigned)e >= PARAMS__MAX)
		return "unknown";
	return err_names[e];
}

bool params_err_too_large(enum params_err e)
{
	return (unsigned)e < PARAMS__MAX && err_too_large[e];
}

int params_err_http_status(enum params_err e)
{
	if (e == PARAMS_OK)
		return 200;
	return params_err_too_large(e) ? 413 : 400;
}

/* ---- lookup ---- */

const struct param *params_find(const struct params *p, const char *key)
{
	size_t i;

	if (!p || !key)
		return NULL;
	for (i = 0; i < p->count; i++)
		if (strcmp(p->items[i].key, key) == 0)
			return &p->items[i];
	return NULL;
}

const char *params_get(const struct params *p, const char *key)
{
	const struct param *f = params_find(p, key);

	return f ? f->value : NULL;
}

const char *params_get_nth(const struct params *p, const char *key, size_t n)
{
	size_t i;

	if (!p || !key)
		return NULL;
	for (i = 0; i < p->count; i++) {
		if (strcmp(p->items[i].key, key) != 0)
			continue;
		if (n == 0)
			return p->items[i].value;
		n--;
	}
	return NULL;
}

size_t params_count_key(const struct params *p, const char *key)
{
	size_t i, n = 0;

	if (!p || !key)
		return 0;
	for (i = 0; i < p->count; i++)
		if (strcmp(p->items[i].key, key) == 0)
			n++;
	return n;
}

/* ---- shared helpers ---- */

/* Strict UTF-8: no overlongs, no surrogates, nothing past U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t n);

bool params_utf8_valid(const char *s, size_t n)
{
	return utf8_valid((const unsigned char *)s, n);
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;
	unsigned c, lo, hi;

	while (i < n) {
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c == 0xE0) {
			need = 2;
			lo = 0xA0;
		} else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
			need = 2;
		} else if (c == 0xED) {
			need = 2;
			hi = 0x9F;
		} else if (c == 0xF0) {
			need = 3;
			lo = 0x90;
		} else if (c >= 0xF1 && c <= 0xF3) {
			need = 3;
		} else if (c == 0xF4) {
			need = 3;
			hi = 0x8F;
		} else {
			return false;
		}
		if (n - i - 1 < need)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (k = 2; k <= need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		i += need + 1;
	}
	return true;
}

/* NUL and UTF-8 rules shared by every decoded key and value. */
static enum params_err check_text(const char *s, size_t n)
{
	if (memchr(s, '\0', n))
		return PARAMS_E_NUL;
	if (!utf8_valid((const unsigned char *)s, n))
		return PARAMS_E_UTF8;
	return PARAMS_OK;
}

/* Append a slot to p, growing the arena array by doubling up to max entries; the caller checked p->count < max. */
static struct param *params_push(struct arena *a, struct params *p, size_t *cap, size_t max)
{
	if (p->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct param *n;

		if (ncap > max || ncap < *cap)
			ncap = max;
		n = arena_alloc(a, ncap * sizeof *n);
		if (p->count)
			memcpy(n, p->items, p->count * sizeof *n);
		p->items = n;
		*cap = ncap;
	}
	return &p->items[p->count++];
}

static struct upload *uploads_push(struct arena *a, struct upload_list *l, size_t *cap, size_t max)
{
	if (l->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		struct upload *n;

		if (ncap > max || ncap < *cap)
			ncap = max;
		n = arena_alloc(a, ncap * sizeof *n);
		if (l->count)
			memcpy(n, l->items, l->count * sizeof *n);
		l->items = n;
		*cap = ncap;
	}
	return &l->items[l->count++];
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_tchar(unsigned char c)
{
	/* RFC 7230 token characters */
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* ---- application/x-www-form-urlencoded ---- */

/*
 * Decode one form component into the arena. Measures first so that nothing
 * longer than max is ever allocated; too_long is the error for that case.
 */
static enum params_err form_component(struct arena *a, const char *s, size_t n, size_t max,
				      enum params_err too_long, const char **out, size_t *outlen)
{
	size_t i, m = 0, o = 0;
	char *d;

	for (i = 0; i < n; i++, m++) {
		if (s[i] != '%')
			continue;
		if (n - i < 3 || hexval((unsigned char)s[i + 1]) < 0 ||
		    hexval((unsigned char)s[i + 2]) < 0)
			return PARAMS_E_SYNTAX;
		i += 2;
	}
	if (m > max)
		return too_long;
	d = arena_alloc(a, m + 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			d[o++] = (char)(hexval((unsigned char)s[i + 1]) * 16 +
					hexval((unsigned char)s[i + 2]));
			i += 2;
		} else if (s[i] == '+') {
			d[o++] = ' ';
		} else {
			d[o++] = s[i];
		}
	}
	d[o] = '\0';
	*out = d;
	*outlen = o;
	return check_text(d, o);
}

int params_parse_urlencoded(struct arena *a, const char *s, size_t len,
			    const struct params_limits *lim, struct params *out)
{
	struct params res = { NULL, 0 };
	size_t cap = 0, i = 0;
	enum params_err rc;

	out->items = NULL;
	out->count = 0;
	if (!lim)
		lim = &params_limits_default;
	if (!s)
		len = 0;
	while (i < len) {
		const char *pair = s + i;
		const char *amp = memchr(pair, '&', len - i);
		size_t plen = amp ? (size_t)(amp - pair) : len - i;
		const char *eq, *key, *val;
		size_t klen, vlen, dklen, dvlen;
		struct param *p;

		i += plen + 1;
		if (plen == 0)
			continue;
		if (res.count >= lim->max_fields)
			return PARAMS_E_TOO_MANY;
		eq = memchr(pair, '=', plen);
		klen = eq ? (size_t)(eq - pair) : plen;
		vlen = eq ? plen - klen - 1 : 0;
		rc = form_component(a, pair, klen, lim->max_key_len, PARAMS_E_KEY_TOO_LONG,
				    &key, &dklen);
		if (rc != PARAMS_OK)
			return rc;
		rc = form_component(a, eq ? eq + 1 : pair + plen, vlen, lim->max_value_len,
				    PARAMS_E_VALUE_TOO_LONG, &val, &dvlen);
		if (rc != PARAMS_OK)
			return rc;
		p = params_push(a, &res, &cap, lim->max_fields);
		p->key = key;
		p->value = val;
		p->value_len = dvlen;
	}
	*out = res;
	return PARAMS_OK;
}

/* ---- Cookie header ---- */

static bool is_cookie_octet(unsigned char c)
{
	/* RFC 6265 cookie-octet: visible ASCII except DQUOTE , ; \ */
	return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
	       (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

int params_parse_cookies(struct arena *a, const char *header, struct params *out)
{
	struct params res = { NULL, 0 };
	size_t cap = 0, i = 0, hlen, seen = 0;

	out->items = NULL;
	out->count = 0;
	if (!header)
		return PARAMS_OK;
	hlen = strnlen(header, PARAMS_COOKIE_MAX_HEADER + 1);
	if (hlen > PARAMS_COOKIE_MAX_HEADER)
		return PARAMS_E_TOO_LARGE;
	while (i < hlen) {
		const char *seg = header + i;
		const char *semi = memchr(seg, ';', hlen - i);
		size_t n = semi ? (size_t)(semi - seg) : hlen - i;
		const char *eq, *v;
		size_t nlen, vlen, k;
		bool ok = true;
		struct param *p;

		i += n + 1;
		while (n && is_ows(*seg)) {
			seg++;
			n--;
		}
		while (n && is_ows(seg[n - 1]))
			n--;
		if (n == 0)
			continue;
		if (++seen > PARAMS_COOKIE_MAX_COUNT)
			return PARAMS_E_TOO_MANY;
		eq = memchr(seg, '=', n);
		if (!eq)
			continue;
		nlen = (size_t)(eq - seg);
		while (nlen && is_ows(seg[nlen - 1]))
			nlen--;
		v = eq + 1;
		vlen = n - (size_t)(v - seg);
		while (vlen && is_ows(*v)) {
			v++;
			vlen--;
		}
		if (nlen > PARAMS_COOKIE_MAX_NAME)
			return PARAMS_E_KEY_TOO_LONG;
		if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
			v++;
			vlen -= 2;
		}
		if (vlen > PARAMS_COOKIE_MAX_VALUE)
			return PARAMS_E_VALUE_TOO_LONG;
		if (nlen == 0)
			continue;
		for (k = 0; k < nlen && ok; k++)
			ok = is_tchar((unsigned char)seg[k]);
		for (k = 0; k < vlen && ok; k++)
			ok = is_cookie_octet((unsigned char)v[k]);
		if (!ok)
			continue;
		p = params_push(a, &res, &cap, PARAMS_COOKIE_MAX_COUNT);
		p->key = arena_strndup(a, seg, nlen);
		p->value = arena_strndup(a, v, vlen);
		p->value_len = vlen;
	}
	*out = res;
	return PARAMS_OK;
}

/* ---- multipart/form-data ---- */

/* RFC 2046 bchars: DIGIT / ALPHA / ' ( ) + _ , - . / : = ? and space (not last). */
static bool is_bchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

/* Header-ish text: no control characters except HTAB. */
static bool is_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7F;
}

/*
 * Find the boundary parameter of a multipart/form-data Content-Type. bnd must
 * hold PARAMS_BOUNDARY_MAX + 1 bytes.
 */
static enum params_err parse_boundary(const char *ct, char *bnd, size_t *blen)
{
	static const char mt[] = "multipart/form-data";
	const char *p = ct;
	bool found = false;
	size_t i;

	if (!ct)
		return PARAMS_E_CONTENT_TYPE;
	while (is_ows(*p))
		p++;
	if (strncasecmp(p, mt, sizeof mt - 1) != 0)
		return PARAMS_E_CONTENT_TYPE;
	p += sizeof mt - 1;
	for (;;) {
		const char *name;
		size_t nlen, vlen = 0;
		bool is_bnd;

		while (is_ows(*p))
			p++;
		if (*p == '\0')
			break;
		if (*p != ';')
			return PARAMS_E_CONTENT_TYPE;
		p++;
		while (is_ows(*p))
			p++;
		name = p;
		while (is_tchar((unsigned char)*p))
			p++;
		nlen = (size_t)(p - name);
		if (nlen == 0 || *p != '=')
			return PARAMS_E_CONTENT_TYPE;
		p++;
		is_bnd = nlen == 8 && strncasecmp(name, "boundary", 8) == 0;
		if (is_bnd) {
			if (found)
				return PARAMS_E_CONTENT_TYPE;
			found = true;
		}
		if (*p == '"') {
			p++;
			while (*p != '"') {
				if (*p == '\\')
					p++;
				if (*p == '\0' || is_ctl((unsigned char)*p))
					return PARAMS_E_CONTENT_TYPE;
				if (is_bnd) {
					if (vlen >= PARAMS_BOUNDARY_MAX)
						return PARAMS_E_CONTENT_TYPE;
					bnd[vlen] = *p;
				}
				vlen++;
				p++;
			}
			p++;
		} else {
			while (is_tchar((unsigned char)*p)) {
				if (is_bnd) {
					if (vlen >= PARAMS_BOUNDARY_MAX)
						return PARAMS_E_CONTENT_TYPE;
					bnd[vlen] = *p;
				}
				vlen++;
				p++;
			}
			if (vlen == 0)
				return PARAMS_E_CONTENT_TYPE;
		}
		if (is_bnd)
			*blen = vlen;
	}
	if (!found || *blen == 0 || bnd[*blen - 1] == ' ')
		return PARAMS_E_CONTENT_TYPE;
	for (i = 0; i < *blen; i++)
		if (!is_bchar((unsigned char)bnd[i]))
			return PARAMS_E_CONTENT_TYPE;
	bnd[*blen] = '\0';
	return PARAMS_OK;
}

struct part_hdr {
	const char *name;
	size_t name_len;
	const char *filename;	/* NULL: no filename parameter */
	size_t filename_len;
	const char *ctype;	/* NULL: no Content-Type header */
	bool has_cd;
};

static bool ieq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/*
 * Content-Disposition value: form-data *( OWS ";" OWS token "=" ( token / quoted-string ) ).
 * In quoted strings a backslash only escapes '"' and '\\'; any other
 * backslash is kept, as old browsers send raw Windows paths as filenames.
 */
static enum params_err parse_disposition(struct arena *a, const char *v, size_t n, struct part_hdr *h)
{
	size_t p = 0;

	while (p < n && is_tchar((unsigned char)v[p]))
		p++;
	if (!ieq(v, p, "form-data"))
		return PARAMS_E_SYNTAX;
	for (;;) {
		const char *pname;
		size_t pnlen, vs, ve, vlen, k;
		bool quoted, is_name;
		char *val;

		while (p < n && is_ows(v[p]))
			p++;
		if (p == n)
			break;
		if (v[p] != ';')
			return PARAMS_E_SYNTAX;
		p++;
		while (p < n && is_ows(v[p]))
			p++;
		pname = v + p;
		vs = p;
		while (p < n && is_tchar((unsigned char)v[p]))
			p++;
		pnlen = p - vs;
		if (pnlen == 0 || p == n || v[p] != '=')
			return PARAMS_E_SYNTAX;
		p++;
		if (p < n && v[p] == '"') {
			quoted = true;
			vs = ++p;
			while (p < n && v[p] != '"') {
				if (v[p] == '\\' && p + 1 < n && (v[p + 1] == '"' || v[p + 1] == '\\'))
					p++;
				p++;
			}
			if (p == n)
				return PARAMS_E_SYNTAX;
			ve = p++;
		} else {
			quoted = false;
			vs = p;
			while (p < n && is_tchar((unsigned char)v[p]))
				p++;
			ve = p;
			if (ve == vs)
				return PARAMS_E_SYNTAX;
		}
		is_name = ieq(pname, pnlen, "name");
		if (!is_name && !ieq(pname, pnlen, "filename"))
			continue; /* other parameters (filename*, ...) are ignored */
		if (is_name ? h->name != NULL : h->filename != NULL)
			return PARAMS_E_SYNTAX;
		val = arena_alloc(a, ve - vs + 1);
		for (vlen = 0, k = vs; k < ve; k++) {
			if (quoted && v[k] == '\\' && (v[k + 1] == '"' || v[k + 1] == '\\'))
				k++;
			val[vlen++] = v[k];
		}
		val[vlen] = '\0';
		if (is_name) {
			h->name = val;
			h->name_len = vlen;
		} else {
			h->filename = val;
			h->filename_len = vlen;
		}
	}
	if (!h->name)
		return PARAMS_E_SYNTAX;
	return PARAMS_OK;
}

static enum params_err parse_header_line(struct arena *a, const char *line, size_t n, struct part_hdr *h)
{
	size_t p = 0, vs, ve, k;

	while (p < n && is_tchar((unsigned char)line[p]))
		p++;
	if (p == 0 || p == n || line[p] != ':')
		return PARAMS_E_SYNTAX; /* also catches obsolete folding (leading SP/HTAB) */
	vs = p + 1;
	for (k = vs; k < n; k++) {
		if (line[k] == '\0')
			return PARAMS_E_NUL;
		if (is_ctl((unsigned char)line[k]))
			return PARAMS_E_SYNTAX;
	}
	while (vs < n && is_ows(line[vs]))
		vs++;
	ve = n;
	while (ve > vs && is_ows(line[ve - 1]))
		ve--;
	if (ieq(line, p, "content-disposition")) {
		if (h->has_cd)
			return PARAMS_E_SYNTAX;
		h->has_cd = true;
		return parse_disposition(a, line + vs, ve - vs, h);
	}
	if (ieq(line, p, "content-type")) {
		if (h->ctype || ve == vs)
			return PARAMS_E_SYNTAX;
		h->ctype = arena_strndup(a, line + vs, ve - vs);
		return PARAMS_OK;
	}
	if (ieq(line, p, "content-transfer-encoding")) {
		if (ieq(line + vs, ve - vs, "7bit") || ieq(line + vs, ve - vs, "8bit") ||
		    ieq(line + vs, ve - vs, "binary"))
			return PARAMS_OK;
		return PARAMS_E_SYNTAX;
	}
	return PARAMS_OK;
}

/* Header block of one part, starting at *pos; leaves *pos at the first body byte. */
static enum params_err parse_part_headers(struct arena *a, const char *body, size_t len,
					  const struct params_limits *lim, size_t *pos,
					  struct part_hdr *h)
{
	size_t p = *pos, nhdr = 0;
	enum params_err rc;

	for (;;) {
		size_t ls = p, n = 0;

		for (;;) {
			if (p >= len)
				return PARAMS_E_SYNTAX;
			if (body[p] == '\r') {
				if (p + 1 >= len || body[p + 1] != '\n')
					return PARAMS_E_SYNTAX;
				break;
			}
			if (body[p] == '\n')
				return PARAMS_E_SYNTAX;
			if (n >= lim->max_header_len)
				return PARAMS_E_TOO_LARGE;
			n++;
			p++;
		}
		p += 2;
		if (n == 0)
			break;
		if (++nhdr > lim->max_headers)
			return PARAMS_E_TOO_LARGE;
		rc = parse_header_line(a, body + ls, n, h);
		if (rc != PARAMS_OK)
			return rc;
	}
	if (!h->has_cd)
		return PARAMS_E_SYNTAX;
	*pos = p;
	return PARAMS_OK;
}

/*
 * Right after "--boundary": "--" closes (returns 1), transport padding and
 * CRLF start another part (returns 0); anything else is an error (-1).
 */
static int after_delimiter(const char *body, size_t len, size_t *pos)
{
	size_t p = *pos;

	if (len - p >= 2 && body[p] == '-' && body[p + 1] == '-') {
		*pos = p + 2;
		return 1;
	}
	while (p < len && is_ows(body[p]))
		p++;
	if (len - p >= 2 && body[p] == '\r' && body[p + 1] == '\n') {
		*pos = p + 2;
		return 0;
	}
	return -1;
}

static bool skip_filename_char(const unsigned char *s, size_t clen)
{
	if (clen == 1)
		return s[0] < 0x20 || s[0] == 0x7F;
	if (clen == 2) /* C1 controls U+0080..U+009F */
		return s[0] == 0xC2 && s[1] <= 0x9F;
	if (clen == 3 && s[0] == 0xE2 && s[1] == 0x80) /* U+200E/F, U+202A..U+202E */
		return s[2] == 0x8E || s[2] == 0x8F || (s[2] >= 0xAA && s[2] <= 0xAE);
	if (clen == 3 && s[0] == 0xE2 && s[1] == 0x81) /* U+2066..U+2069 */
		return s[2] >= 0xA6 && s[2] <= 0xA9;
	return false;
}

/* s is valid UTF-8 (checked by the caller). */
static const char *sanitize_filename(struct arena *a, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, start = 0, o = 0;
	char *out;

	for (i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == '\\')
			start = i + 1;
	out = arena_alloc(a, n - start + 1);
	i = start;
	while (i < n) {
		size_t clen = u[i] < 0x80 ? 1 : u[i] < 0xE0 ? 2 : u[i] < 0xF0 ? 3 : 4;

		if (skip_filename_char(u + i, clen)) {
			i += clen;
			continue;
		}
		if (o + clen > PARAMS_FILENAME_MAX)
			break;
		memcpy(out + o, s + i, clen);
		o += clen;
		i += clen;
	}
	out[o] = '\0';
	if (o == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		return PARAMS_FILENAME_FALLBACK;
	return out;
}

static enum params_err add_part(struct arena *a, const struct params_limits *lim,
				const struct part_hdr *h, const char *data, size_t dlen,
				struct params *fields, size_t *fcap,
				struct upload_list *files, size_t *ucap)
{
	enum params_err rc;

	if (h->name_len == 0)
		return PARAMS_E_SYNTAX;
	if (h->name_len > lim->max_key_len)
		return PARAMS_E_KEY_TOO_LONG;
	rc = check_text(h->name, h->name_len);
	if (rc != PARAMS_OK)
		return rc;
	if (h->filename) {
		struct upload *u;

		if (h->filename_len == 0 && dlen == 0)
			return PARAMS_OK; /* file input left empty */
		if (files->count >= lim->max_files)
			return PARAMS_E_TOO_MANY_FILES;
		if (dlen > lim->max_file_len)
			return PARAMS_E_FILE_TOO_LARGE;
		rc = check_text(h->filename, h->filename_len);
		if (rc != PARAMS_OK)
			return rc;
		u = uploads_push(a, files, ucap, lim->max_files);
		u->field = h->name;
		u->filename = sanitize_filename(a, h->filename, h->filename_len);
		u->content_type = h->ctype ? h->ctype : "application/octet-stream";
		u->data = data;
		u->len = dlen;
	} else {
		struct param *p;

		if (fields->count >= lim->max_fields)
			return PARAMS_E_TOO_MANY;
		if (dlen > lim->max_value_len)
			return PARAMS_E_VALUE_TOO_LONG;
		rc = check_text(data, dlen);
		if (rc != PARAMS_OK)
			return rc;
		p = params_push(a, fields, fcap, lim->max_fields);
		p->key = h->name;
		p->value = arena_strndup(a, data, dlen);
		p->value_len = dlen;
	}
	return PARAMS_OK;
}

int params_parse_multipart(struct arena *a, const char *content_type_header,
			   const char *body, size_t len,
			   const struct params_limits *lim,
			   struct params *fields, struct upload_list *files)
{
	char delim[4 + PARAMS_BOUNDARY_MAX + 1] = "\r\n--";
	struct params fres = { NULL, 0 };
	struct upload_list ures = { NULL, 0 };
	size_t blen = 0, dlen, pos, fcap = 0, ucap = 0, nparts = 0;
	const char *hit;
	enum params_err rc;
	int r;

	fields->items = NULL;
	fields->count = 0;
	files->items = NULL;
	files->count = 0;
	if (!lim)
		lim = &params_limits_default;
	rc = parse_boundary(content_type_header, delim + 4, &blen);
	if (rc != PARAMS_OK)
		return rc;
	dlen = 4 + blen;
	if (!body || len < dlen - 2)
		return PARAMS_E_SYNTAX;

	/* [preamble CRLF] "--" boundary */
	if (memcmp(body, delim + 2, dlen - 2) == 0) {
		pos = dlen - 2;
	} else {
		hit = memmem(body, len, delim, dlen);
		if (!hit)
			return PARAMS_E_SYNTAX;
		pos = (size_t)(hit - body) + dlen;
	}

	while ((r = after_delimiter(body, len, &pos)) == 0) {
		struct part_hdr h = { 0 };
		const char *data;

		if (nparts >= lim->max_parts)
			return PARAMS_E_TOO_MANY;
		nparts++;
		rc = parse_part_headers(a, body, len, lim, &pos, &h);
		if (rc != PARAMS_OK)
			return rc;
		data = body + pos;
		hit = memmem(data, len - pos, delim, dlen);
		if (!hit)
			return PARAMS_E_SYNTAX; /* truncated: no closing delimiter */
		rc = add_part(a, lim, &h, data, (size_t)(hit - data), &fres, &fcap, &ures, &ucap);
		if (rc != PARAMS_OK)
			return rc;
		pos = (size_t)(hit - body) + dlen;
	}
	if (r < 0)
		return PARAMS_E_SYNTAX;

	/* close-delimiter transport-padding [CRLF epilogue] */
	while (pos < len && is_ows(body[pos]))
		pos++;
	if (pos != len && (len - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n'))
		return PARAMS_E_SYNTAX;

	*fields = fres;
	*files = ures;
	return PARAMS_OK;
}
