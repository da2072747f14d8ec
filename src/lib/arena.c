// SPDX-License-Identifier: MIT
// Bump allocator in linked blocks, with deferred cleanups.
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define ARENA_BLOCK 8192

struct block {
	struct block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

struct deferred {
	struct deferred *next;
	void (*fn)(void *);
	void *arg;
};

struct arena {
	struct block *head;
	struct deferred *defers;
};

struct arena *arena_new(void)
{
	struct arena *a = calloc(1, sizeof *a);

	if (!a)
		fatal("out of memory");
	return a;
}

void arena_free(struct arena *a)
{
	struct block *b, *nb;
	struct deferred *d;

	if (!a)
		return;
	for (d = a->defers; d; d = d->next)
		d->fn(d->arg);
	for (b = a->head; b; b = nb) {
		nb = b->next;
		free(b);
	}
	free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct block *b = a->head;
	size_t need = (n + 15) & ~(size_t)15;
	void *p;

	if (need < n)
		fatal("arena size overflow");
	if (!b || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;

		b = malloc(sizeof *b + size);
		if (!b)
			fatal("out of memory");
		b->used = 0;
		b->size = size;
		if (need > ARENA_BLOCK / 2 && a->head) {
			/* big one-off: keep the current block as head for small allocations */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("vsnprintf failed");
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct deferred *d = arena_alloc(a, sizeof *d);

	d->fn = fn;
	d->arg = arg;
	d->next = a->defers;
	a->defers = d;
}
