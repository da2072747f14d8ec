// SPDX-License-Identifier: MIT
// A request body as it arrives: small in memory, larger in an anonymous temporary file.
#ifndef LOKET_HTTP_BODY_H
#define LOKET_HTTP_BODY_H

#include <stddef.h>

#include "lib/arena.h"
#include "lib/buf.h"

/* Bodies up to this many bytes stay in memory; a longer one moves to a
 * temporary file, so a connection holds at most this much of its body in
 * the heap however large the body is. */
#define BODY_MEM_MAX 65536

/*
 * Invariants: bytes == what body_add accepted so far. While fd is -1 they
 * are all in mem; once fd >= 0 they are all in the file (mem released) and
 * the file has no name (O_TMPFILE, or unlinked at once), so it disappears
 * with the process whatever happens. After a storage error (err != 0)
 * nothing more is kept and body_view fails. Everything (buffer, file,
 * mapping) is released when the arena given to body_init is freed.
 */
struct body {
	struct buf mem;
	int fd;
	const char *dir;         /* where the file goes (borrowed) */
	size_t bytes;
	size_t disk;             /* bytes counted against the limit of body_limit_disk */
	int err;                 /* errno of the storage failure, or 0 */
	void *map;               /* body_view's mapping of the file, or NULL */
	size_t map_len;
};

/* Bytes that bodies in temporary files may hold, all requests together
 * (the process's share of the disk; default: no limit). A body that would
 * go past it is a storage failure (EDQUOT). Call before serving. */
void body_limit_disk(size_t max);

/* Starts an empty body whose temporary file, if it needs one, is created
 * in dir (made 0750 on first use, its parent too when missing). dir is
 * borrowed for the body's life. Cleanup is deferred on a. */
void body_init(struct body *b, struct arena *a, const char *dir);
/* Appends n bytes. 0, or -1 when they could not be stored (the file could
 * not be created or written: disk full, read-only, I/O error, the limit of
 * body_limit_disk); b->err then
 * holds errno and later calls do nothing but return -1. */
int body_add(struct body *b, const void *data, size_t n);
/* The whole body, read-only, valid until the arena is freed (a mapping of
 * the file for a long body; *ptr is "" for an empty one). 0, or -1 after a
 * storage error or when the file cannot be mapped (b->err set). */
int body_view(struct body *b, const char **ptr, size_t *len);

#endif
