// SPDX-License-Identifier: MIT
// Runs one function in a forked child under memory, CPU and time limits, and reads back its answer.
#include "lib/isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The address space this process holds (VmSize), 0 when unknown. */
static size_t vm_size(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long pages = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%lu", &pages) != 1)
		pages = 0;
	fclose(f);
	return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

static void set_limit(int which, rlim_t v)
{
	struct rlimit r = { v, v };

	(void)setrlimit(which, &r);
}

static void write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static _Noreturn void child(int fd, isolate_fn fn, void *arg, void *out, size_t outsz,
			    const struct isolate_limits *lim, size_t vm)
{
	/* whatever the server had open (client sockets, the database) is
	 * not the child's: closing it here keeps a socket from outliving
	 * its connection while the child runs */
	if (fd > 3)
		close_range(3, (unsigned)fd - 1, 0);
	close_range((unsigned)fd + 1, ~0U, 0);
	set_limit(RLIMIT_CORE, 0);
	set_limit(RLIMIT_CPU, (rlim_t)lim->cpu_seconds);
	if (ISOLATE_LIMITS_MEMORY && vm)
		set_limit(RLIMIT_AS, (rlim_t)(vm + lim->memory));
	fn(arg, out, outsz);
	write_all(fd, out, outsz);
	_exit(0);
}

static long ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

/* Reads up to n bytes before the deadline; how many came. */
static size_t read_until(int fd, unsigned char *p, size_t n, const struct timespec *deadline)
{
	size_t got = 0;

	while (got < n) {
		struct pollfd pf = { fd, POLLIN, 0 };
		long ms = ms_left(deadline);
		ssize_t r;
		int rc;

		if (ms <= 0)
			break;
		rc = poll(&pf, 1, (int)ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			break;
		r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;	/* the child is gone */
		got += (size_t)r;
	}
	return got;
}

enum isolate_rc isolate_run(isolate_fn fn, void *arg, void *out, size_t outsz, const struct isolate_limits *lim)
{
	struct timespec deadline;
	int p[2], st;
	size_t got, vm = vm_size();	/* read here: the child takes no stdio lock */
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return ISOLATE_FAILED;
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close(p[0]);
		close(p[1]);
		errno = e;
		return ISOLATE_FAILED;
	}
	if (pid == 0) {
		close(p[0]);
		child(p[1], fn, arg, out, outsz, lim, vm);
	}
	close(p[1]);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += lim->wall_seconds;
	got = read_until(p[0], out, outsz, &deadline);
	close(p[0]);
	if (got != outsz)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return got == outsz ? ISOLATE_OK : ISOLATE_DIED;
}
