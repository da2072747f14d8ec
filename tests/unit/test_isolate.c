// SPDX-License-Identifier: MIT
// Unit tests for src/lib/isolate.c: the answer comes back, and a child over a limit or crashing is killed and reaped.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/isolate.h"

static const struct isolate_limits lim = { (size_t)64 << 20, 2, 5 };

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* No child is left behind: waitpid finds none. */
static void assert_no_child(void)
{
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* runs in the child: no cmocka assertion there */
static void add_one(void *arg, void *out, size_t outsz)
{
	*(int *)out = outsz == sizeof(int) ? *(int *)arg + 1 : -1;
	*(int *)arg = 0;
}

static void test_answer(void **state)
{
	int in = 41, out = 0;

	(void)state;
	assert_int_equal(isolate_run(add_one, &in, &out, sizeof out, &lim), ISOLATE_OK);
	assert_int_equal(out, 42);
	/* the parent's memory is its own: the child changed only its copy */
	assert_int_equal(in, 41);
	assert_no_child();
}

static void crash(void *arg, void *out, size_t outsz)
{
	(void)arg, (void)out, (void)outsz;
	abort();
}

static void test_bad_crash(void **state)
{
	int out;

	(void)state;
	assert_int_equal(isolate_run(crash, NULL, &out, sizeof out, &lim), ISOLATE_DIED);
	assert_no_child();
}

static void spin(void *arg, void *out, size_t outsz)
{
	volatile unsigned long n = 0;

	(void)arg, (void)out, (void)outsz;
	for (;;)
		n++;
}

static void test_bad_cpu_limit(void **state)
{
	struct isolate_limits l = lim;
	double t0 = now_s();
	int out;

	(void)state;
	l.cpu_seconds = 1;
	l.wall_seconds = 30;
	assert_int_equal(isolate_run(spin, NULL, &out, sizeof out, &l), ISOLATE_DIED);
	assert_true(now_s() - t0 < 20);
	assert_no_child();
}

static void nap(void *arg, void *out, size_t outsz)
{
	(void)arg, (void)out, (void)outsz;
	for (;;)
		pause();
}

/* sleeping takes no CPU: the parent's clock ends it */
static void test_bad_wall_limit(void **state)
{
	struct isolate_limits l = lim;
	double t0 = now_s();
	int out;

	(void)state;
	l.wall_seconds = 1;
	assert_int_equal(isolate_run(nap, NULL, &out, sizeof out, &l), ISOLATE_DIED);
	assert_true(now_s() - t0 < 5);
	assert_no_child();
}

/* 1: the child got and touched 256 MB; 0: it was refused the memory */
static void grab(void *arg, void *out, size_t outsz)
{
	size_t n = (size_t)256 << 20;
	char *p = malloc(n);

	(void)arg, (void)outsz;
	if (p)
		memset(p, 1, n);
	*(int *)out = p != NULL;
}

static void test_bad_memory_limit(void **state)
{
	int out = -1;
	enum isolate_rc rc;

	(void)state;
	if (!ISOLATE_LIMITS_MEMORY)
		skip();
	rc = isolate_run(grab, NULL, &out, sizeof out, &lim);
	assert_true(rc == ISOLATE_DIED || (rc == ISOLATE_OK && out == 0));
	assert_no_child();
}

/* 1 when descriptor *arg is open in the child */
static void fd_open(void *arg, void *out, size_t outsz)
{
	(void)outsz;
	*(int *)out = fcntl(*(int *)arg, F_GETFD) != -1;
}

static void test_descriptors_closed(void **state)
{
	int fd = open("/dev/null", O_RDONLY), in = 0, out = -1;

	(void)state;
	assert_true(fd > 2);
	assert_int_equal(isolate_run(fd_open, &fd, &out, sizeof out, &lim), ISOLATE_OK);
	assert_int_equal(out, 0);
	/* stdin stays (a library may expect 0, 1 and 2 to be taken) */
	assert_int_equal(isolate_run(fd_open, &in, &out, sizeof out, &lim), ISOLATE_OK);
	assert_int_equal(out, 1);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_bad_crash),
		cmocka_unit_test(test_bad_cpu_limit),
		cmocka_unit_test(test_bad_wall_limit),
		cmocka_unit_test(test_bad_memory_limit),
		cmocka_unit_test(test_descriptors_closed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
