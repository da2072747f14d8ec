// SPDX-License-Identifier: MIT
// Children of the test harness (servers, stand-ins, proxies) never outlive the test program that started them.
#include "harness.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * How a test program can end, and what kills its children then:
 * - it returns or calls exit (a failed group set-up, a leftover server of a
 *   test that failed half-way): the atexit handler;
 * - it is killed by a signal it can catch (abort(), an assertion of the C
 *   library, SIGSEGV, SIGTERM from a time-out, ^C): the signal handlers
 *   below, which then let the signal do what it would have done;
 * - a sanitizer report (which ends the process through _exit, skipping
 *   atexit, unless abort_on_error is set): the sanitizer's death callback;
 * - SIGKILL, or anything else: each child has PR_SET_PDEATHSIG(SIGKILL).
 * Each child leads its own process group, so what it started itself (nginx
 * workers, an isolated decoder of the server) goes with it.
 */

#define MAX_CHILDREN 256

struct child {
	pid_t pid;
	pid_t owner; /* the process that forked it: a fork of a test program does not inherit its children */
};

static struct child children[MAX_CHILDREN];

static const int fatal_signals[] = { SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGINT, SIGHUP };
#define NFATAL (sizeof fatal_signals / sizeof fatal_signals[0])
static struct sigaction previous[NFATAL];

/* Sanitizer runtimes define it; without one the weak reference is NULL. */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

/* Async-signal-safe: kill, waitpid, getpid, write only. */
static void kill_children(int quiet)
{
	pid_t me = getpid();

	for (size_t i = 0; i < MAX_CHILDREN; i++) {
		pid_t pid = children[i].pid;

		if (pid <= 0 || children[i].owner != me)
			continue;
		children[i].pid = 0;
		/* reaped by the test itself (its number may be another
		 * process's by now), or dead and reaped here: nothing to kill */
		if (waitpid(pid, NULL, WNOHANG) != 0)
			continue;
		if (!quiet) {
			static const char msg[] = "harness: killing a child left running\n";

			(void)!write(2, msg, sizeof msg - 1);
		}
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
}

static void at_exit(void)
{
	kill_children(0);
}

static void on_death(void)
{
	kill_children(1);
}

static void on_fatal_signal(int sig, siginfo_t *info, void *uc)
{
	const struct sigaction *old = NULL;
	int saved = errno;

	for (size_t i = 0; i < NFATAL; i++)
		if (fatal_signals[i] == sig)
			old = &previous[i];
	/* a handler was there before (a sanitizer's SIGSEGV report, cmocka's):
	 * it decides; if it ends the process, the death callback or atexit
	 * handler still runs */
	if (old && (old->sa_flags & SA_SIGINFO)) {
		old->sa_sigaction(sig, info, uc);
		errno = saved;
		return;
	}
	if (old && old->sa_handler == SIG_IGN)
		return;
	if (old && old->sa_handler != SIG_DFL) {
		old->sa_handler(sig);
		errno = saved;
		return;
	}
	kill_children(1);
	{
		struct sigaction dfl;

		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigemptyset(&dfl.sa_mask);
		sigaction(sig, &dfl, NULL);
	}
	/* blocked until this handler returns, then the default action */
	raise(sig);
	errno = saved;
}

/* Before main: cmocka saves this process's handlers before each test and
 * restores them after, so handlers installed in a fixture would not last. */
__attribute__((constructor)) static void children_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fatal_signal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &sa, &previous[i]);
	atexit(at_exit);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(on_death);
}

pid_t harness_fork(void)
{
	pid_t parent = getpid(), pid;
	size_t slot;

	for (slot = 0; slot < MAX_CHILDREN; slot++)
		if (children[slot].pid <= 0 || children[slot].owner != parent)
			break;
	/* full: take back the slots of children the test reaped itself */
	if (slot == MAX_CHILDREN)
		for (slot = 0; slot < MAX_CHILDREN; slot++)
			if (waitpid(children[slot].pid, NULL, WNOHANG) != 0)
				break;
	if (slot == MAX_CHILDREN) {
		fprintf(stderr, "harness: more than %d children at once\n", MAX_CHILDREN);
		return -1;
	}
	/* a signal between fork and recording the child must not miss it */
	{
		sigset_t all, old;

		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, &old);
		pid = fork();
		if (pid > 0) {
			children[slot].pid = pid;
			children[slot].owner = parent;
			setpgid(pid, pid);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (pid == 0) {
		/* the child owns none of its parent's children */
		memset(children, 0, sizeof children);
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* the parent may have died before prctl */
		if (getppid() != parent)
			_exit(127);
	}
	return pid;
}

int harness_reap(pid_t pid, int sig, int wait_seconds)
{
	int status = -1;
	pid_t got = 0;

	if (pid <= 0)
		return -1;
	if (sig)
		kill(pid, sig);
	if (wait_seconds < 0) {
		while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
			;
		wait_seconds = 0; /* no polling below */
	}
	for (long waited = 0; got == 0 && waited < wait_seconds * 1000L; waited += 20) {
		got = waitpid(pid, &status, WNOHANG);
		if (got < 0 && errno == EINTR)
			got = 0;
		if (got == 0)
			usleep(20000);
	}
	if (got == 0) {
		fprintf(stderr, "harness: child %d did not end within %d s; killed\n", (int)pid, wait_seconds);
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		status = -1;
	} else if (got < 0) {
		status = -1;
	}
	for (size_t i = 0; i < MAX_CHILDREN; i++)
		if (children[i].pid == pid && children[i].owner == getpid())
			children[i].pid = 0;
	return status;
}
