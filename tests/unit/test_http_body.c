// SPDX-License-Identifier: MIT
// Unit tests of request bodies: memory up to 64 KiB, then a nameless file; the disk limit; storage failures.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/body.h"

static char root[64];   /* a fresh directory of each test */
static char dir[128];   /* root/tmp: where bodies go (missing at first) */

static int setup(void **st)
{
	(void)st;
	snprintf(root, sizeof root, "/tmp/loket-body-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	snprintf(dir, sizeof dir, "%s/tmp", root);
	body_limit_disk((size_t)-1);
	return 0;
}

static int teardown(void **st)
{
	char cmd[128];

	(void)st;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* Entries of path (dot files aside), -1 when it cannot be read. */
static int entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* n bytes of a pattern that differs from one offset to the next. */
static char *pattern(size_t n)
{
	char *p = malloc(n);
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (char)(i * 7 + i / 251);
	return p;
}

/* Adds data to b in chunks of at most step bytes. 0 or -1. */
static int add_chunks(struct body *b, const char *data, size_t n, size_t step)
{
	size_t at;

	for (at = 0; at < n; at += step)
		if (body_add(b, data + at, n - at < step ? n - at : step) < 0)
			return -1;
	return 0;
}

static void test_small_body_stays_in_memory(void **st)
{
	struct arena *a = arena_new();
	struct body *b = arena_alloc(a, sizeof *b);
	char *data = pattern(BODY_MEM_MAX);
	const char *p;
	size_t len;

	(void)st;
	body_init(b, a, dir);
	assert_int_equal(body_view(b, &p, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	assert_int_equal(add_chunks(b, data, BODY_MEM_MAX, 1000), 0);
	assert_int_equal(b->fd, -1);
	assert_int_equal(body_view(b, &p, &len), 0);
	assert_int_equal(len, BODY_MEM_MAX);
	assert_memory_equal(p, data, len);
	/* no file, no directory */
	assert_int_equal(entries(root), 0);
	arena_free(a);
	free(data);
}

static void test_large_body_goes_to_a_nameless_file(void **st)
{
	size_t n = 3 * 1024 * 1024 + 17;
	struct arena *a = arena_new();
	struct body *b = arena_alloc(a, sizeof *b);
	char *data = pattern(n);
	struct stat sb;
	const char *p;
	size_t len;

	(void)st;
	body_init(b, a, dir);
	assert_int_equal(add_chunks(b, data, n, 16384), 0);
	assert_true(b->fd >= 0);
	/* the heap holds none of it */
	assert_int_equal(b->mem.cap, 0);
	assert_int_equal(body_view(b, &p, &len), 0);
	assert_int_equal(len, n);
	assert_memory_equal(p, data, n);
	/* the directory was made 0750 (at most), and shows no file */
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0027, 0);
	assert_int_equal(entries(dir), 0);
	arena_free(a);
	free(data);
}

/* One chunk longer than the memory part goes straight to the file. */
static void test_one_large_chunk(void **st)
{
	size_t n = BODY_MEM_MAX * 2 + 1;
	struct arena *a = arena_new();
	struct body *b = arena_alloc(a, sizeof *b);
	char *data = pattern(n);
	const char *p;
	size_t len;

	(void)st;
	body_init(b, a, dir);
	assert_int_equal(body_add(b, data, 10), 0);
	assert_int_equal(body_add(b, data + 10, n - 10), 0);
	assert_true(b->fd >= 0);
	assert_int_equal(body_view(b, &p, &len), 0);
	assert_int_equal(len, n);
	assert_memory_equal(p, data, n);
	arena_free(a);
	free(data);
}

/* Past the disk limit a body fails with EDQUOT and gives back what it took
 * at once; an ended request gives back its share. */
static void test_bad_disk_limit(void **st)
{
	size_t n = 300000;
	struct arena *a1 = arena_new(), *a2 = arena_new(), *a3 = arena_new();
	struct body *b1 = arena_alloc(a1, sizeof *b1), *b2 = arena_alloc(a2, sizeof *b2),
		    *b3 = arena_alloc(a3, sizeof *b3);
	char *data = pattern(n);
	const char *p;
	size_t len;

	(void)st;
	body_limit_disk(500000);
	body_init(b1, a1, dir);
	body_init(b2, a2, dir);
	body_init(b3, a3, dir);
	assert_int_equal(add_chunks(b1, data, n, 8192), 0);
	assert_int_equal(add_chunks(b2, data, n, 8192), -1);
	assert_int_equal(b2->err, EDQUOT);
	assert_int_equal(b2->fd, -1);
	assert_int_equal(body_add(b2, data, 1), -1);
	assert_int_equal(body_view(b2, &p, &len), -1);
	/* b2's share is back already: room for 200,000 bytes */
	assert_int_equal(add_chunks(b3, data, 190000, 8192), 0);
	arena_free(a3);
	arena_free(a1);
	a3 = arena_new();
	b3 = arena_alloc(a3, sizeof *b3);
	body_init(b3, a3, dir);
	assert_int_equal(add_chunks(b3, data, n, 8192), 0);
	assert_int_equal(body_view(b3, &p, &len), 0);
	assert_memory_equal(p, data, n);
	arena_free(a3);
	arena_free(a2);
	free(data);
}

/* A directory that cannot be made (its parent is a file): the body fails
 * when it leaves memory, and stays failed. */
static void test_bad_directory(void **st)
{
	char file[160], bad[200];
	struct arena *a = arena_new();
	struct body *b = arena_alloc(a, sizeof *b);
	char *data = pattern(BODY_MEM_MAX + 1);
	FILE *f;
	const char *p;
	size_t len;

	(void)st;
	snprintf(file, sizeof file, "%s/file", root);
	snprintf(bad, sizeof bad, "%s/tmp", file);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	body_init(b, a, bad);
	assert_int_equal(body_add(b, data, BODY_MEM_MAX), 0);
	assert_int_equal(body_add(b, data + BODY_MEM_MAX, 1), -1);
	assert_int_equal(b->err, ENOTDIR);
	assert_int_equal(body_view(b, &p, &len), -1);
	arena_free(a);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_small_body_stays_in_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_body_goes_to_a_nameless_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_large_chunk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_disk_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_directory, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
