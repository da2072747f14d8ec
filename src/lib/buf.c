// SPDX-License-Identifier: MIT
// Growable byte buffer: see buf.h for the invariants.
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

char buf_empty_slot[1];

void buf_init(struct buf *b)
{
	b->ptr = buf_empty_slot;
	b->len = 0;
	b->cap = 0;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->ptr);
	buf_init(b);
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (b->cap == 0) {
		p = calloc(1, 1);
		if (!p)
			fatal("out of memory");
	} else {
		p = b->ptr;
	}
	buf_init(b);
	return p;
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t want, ncap;
	char *p;

	if (extra > ((size_t)-1) / 2 - b->len)
		fatal("buffer size overflow");
	want = b->len + extra;
	if (want <= b->cap)
		return;
	ncap = b->cap ? b->cap : 64;
	while (ncap < want)
		ncap *= 2;
	p = b->cap ? realloc(b->ptr, ncap + 1) : malloc(ncap + 1);
	if (!p)
		fatal("out of memory");
	if (b->cap == 0)
		p[0] = '\0';
	b->ptr = p;
	b->cap = ncap;
}

void buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	if (len == 0)
		return;
	buf_grow(b, len);
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->ptr + b->len, b->cap - b->len + 1, fmt, cp);
	va_end(cp);
	if (n < 0)
		fatal("vsnprintf failed");
	if ((size_t)n > b->cap - b->len) {
		buf_grow(b, (size_t)n);
		n = vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_add_html(struct buf *b, const char *s, size_t len)
{
	size_t i, start = 0;
	const char *rep;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + start, i - start);
		buf_adds(b, rep);
		start = i + 1;
	}
	buf_add(b, s + start, len - start);
}
