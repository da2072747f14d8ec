// SPDX-License-Identifier: MIT
// Growable byte buffer used everywhere text or bytes are assembled.
#ifndef LOKET_BUF_H
#define LOKET_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Invariants (after buf_init or BUF_INIT):
 *  - ptr is never NULL; it points at a static "" while nothing was allocated;
 *  - ptr[len] == '\0' always, so ptr is usable as a C string (the content may
 *    itself hold NUL bytes; len is the truth);
 *  - cap is the allocated size minus the terminator, 0 for the static slot.
 * buf_detach hands the heap string to the caller (caller frees) and resets
 * the buffer; buf_release frees and resets. Allocation failure is fatal.
 */
struct buf {
	char *ptr;
	size_t len;
	size_t cap;
};

extern char buf_empty_slot[1];
#define BUF_INIT { buf_empty_slot, 0, 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *len);
void buf_grow(struct buf *b, size_t extra);
void buf_reset(struct buf *b);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Append s with &, <, >, ", ' escaped for HTML text and attributes. */
void buf_add_html(struct buf *b, const char *s, size_t len);
void buf_truncate(struct buf *b, size_t len);

#endif
