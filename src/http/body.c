// SPDX-License-Identifier: MIT
// A request body as it arrives: small in memory, larger in an anonymous temporary file.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/body.h"
#include "lib/fileio.h"
#include "lib/log.h"

/* Bytes held in body files now, and the most they may hold. */
static size_t disk_used;
static size_t disk_max = (size_t)-1;
/* When a storage failure was last logged, and how many since (a full disk
 * or a crowd of uploads fails every body: one line per 10 s). */
static time_t fail_logged;
static unsigned fails_unlogged;

void body_limit_disk(size_t max)
{
	disk_max = max;
}

/* Counts n more bytes of b against disk_max. 0, or -1 (EDQUOT) when they
 * do not fit. */
static int disk_take(struct body *b, size_t n)
{
	if (__atomic_add_fetch(&disk_used, n, __ATOMIC_RELAXED) > disk_max) {
		__atomic_sub_fetch(&disk_used, n, __ATOMIC_RELAXED);
		errno = EDQUOT;
		return -1;
	}
	b->disk += n;
	return 0;
}

static void body_release(void *p)
{
	struct body *b = p;

	__atomic_sub_fetch(&disk_used, b->disk, __ATOMIC_RELAXED);
	if (b->map)
		munmap(b->map, b->map_len);
	if (b->fd >= 0)
		close(b->fd);
	buf_release(&b->mem);
}

void body_init(struct body *b, struct arena *a, const char *dir)
{
	memset(b, 0, sizeof *b);
	buf_init(&b->mem);
	b->fd = -1;
	b->dir = dir;
	arena_defer(a, body_release, b);
}

/* A file without a name in dir, open for reading and writing: O_TMPFILE,
 * or where the file system lacks it a mkostemp name removed at once. -1
 * with errno set. */
static int tmpfile_in(const char *dir)
{
	char path[4096];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
	if (snprintf(path, sizeof path, "%s/body-XXXXXX", dir) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

/* Creates the file (and its directory on first use). 0 or -1. */
static int body_open(struct body *b)
{
	const char *slash = strrchr(b->dir, '/');

	b->fd = tmpfile_in(b->dir);
	if (b->fd < 0 && errno == ENOENT && slash && slash > b->dir) {
		char *parent = strndup(b->dir, (size_t)(slash - b->dir));

		if (parent && file_mkdirs(parent, b->dir) == 0)
			b->fd = tmpfile_in(b->dir);
		free(parent);
	}
	return b->fd < 0 ? -1 : 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int body_failed(struct body *b)
{
	time_t now = time(NULL), last = __atomic_load_n(&fail_logged, __ATOMIC_RELAXED);
	unsigned more;

	b->err = errno ? errno : EIO;
	/* the body is lost: its memory, file and share of disk_max go now,
	 * not when its request ends */
	buf_release(&b->mem);
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
	__atomic_sub_fetch(&disk_used, b->disk, __ATOMIC_RELAXED);
	b->disk = 0;
	if (now - last < 10 || !__atomic_compare_exchange_n(&fail_logged, &last, now, 0, __ATOMIC_RELAXED,
							     __ATOMIC_RELAXED)) {
		__atomic_add_fetch(&fails_unlogged, 1, __ATOMIC_RELAXED);
		return -1;
	}
	more = __atomic_exchange_n(&fails_unlogged, 0, __ATOMIC_RELAXED);
	/* the directory, never the body: it is the resident's data */
	if (b->err == EDQUOT)
		log_error("body: request bodies under %s reached body_disk_max (%zu bytes); answered 503 "
			  "(%u more since the last line)", b->dir, disk_max, more);
	else
		log_error("body: cannot keep a request body under %s: %s; answered 503 (%u more since the last line)",
			  b->dir, strerror(b->err), more);
	return -1;
}

int body_add(struct body *b, const void *data, size_t n)
{
	if (b->err)
		return -1;
	if (b->fd < 0 && b->mem.len + n <= BODY_MEM_MAX) {
		buf_add(&b->mem, data, n);
		b->bytes += n;
		return 0;
	}
	if (b->fd < 0) {
		if (disk_take(b, b->mem.len) < 0 || body_open(b) < 0 || write_all(b->fd, b->mem.ptr, b->mem.len) < 0)
			return body_failed(b);
		buf_release(&b->mem);
	}
	if (disk_take(b, n) < 0 || write_all(b->fd, data, n) < 0)
		return body_failed(b);
	b->bytes += n;
	return 0;
}

int body_view(struct body *b, const char **ptr, size_t *len)
{
	if (b->err)
		return -1;
	if (b->fd < 0) {
		*ptr = b->mem.ptr;
		*len = b->mem.len;
		return 0;
	}
	if (!b->map) {
		void *m = mmap(NULL, b->bytes, PROT_READ, MAP_PRIVATE, b->fd, 0);

		if (m == MAP_FAILED)
			return body_failed(b);
		madvise(m, b->bytes, MADV_SEQUENTIAL);
		b->map = m;
		b->map_len = b->bytes;
	}
	*ptr = b->map;
	*len = b->map_len;
	return 0;
}
