// SPDX-License-Identifier: MIT
// Per-request bump allocator: everything is freed at once by arena_free.
#ifndef LOKET_ARENA_H
#define LOKET_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Frees every block; pointers handed out become invalid. NULL is a no-op. */
void arena_free(struct arena *a);
/* Zeroed memory, 16-byte aligned, lives until arena_free. Never NULL. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Run fn(arg) when the arena is freed (LIFO), e.g. to json_decref. */
void arena_defer(struct arena *a, void (*fn)(void *), void *arg);

#endif
