// SPDX-License-Identifier: MIT
// The harness itself: a test program that dies leaves no server or stand-in running.
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

enum ending { END_ABORT, END_EXIT, END_SIGTERM, END_SIGKILL };

struct started {
	pid_t server;
	pid_t standin; /* a stand-in like tests/http/bsre_standin.py: any other program */
	char dir[256];
};

/* In a forked "test program": a server and a stand-in, then the end. */
static _Noreturn void doomed_program(int fd, enum ending how)
{
	struct started st = { 0 };
	struct srv s;
	pid_t p;

	/* on SQLite whatever the suite runs on: nothing to drop afterwards */
	unsetenv("LOKET_TEST_DATABASE_URL");
	if (srv_start(&s, NULL) < 0)
		_exit(2);
	st.server = s.pid;
	memcpy(st.dir, s.dir, sizeof st.dir);
	p = harness_fork();
	if (p == 0) {
		execlp("sleep", "sleep", "300", (char *)NULL);
		_exit(127);
	}
	st.standin = p;
	if (write(fd, &st, sizeof st) != (ssize_t)sizeof st)
		_exit(3);
	close(fd);
	switch (how) {
	case END_ABORT:
		abort(); /* what an assert() of the C library or ASan's abort_on_error does */
	case END_EXIT:
		exit(1); /* e.g. a failed group set-up: servers were never stopped */
	case END_SIGTERM:
		raise(SIGTERM); /* a time-out of the CI job */
		break;
	case END_SIGKILL:
		raise(SIGKILL); /* nothing runs: PR_SET_PDEATHSIG */
		break;
	}
	_exit(4);
}

/* 1 when pid is gone within seconds. This process is a subreaper, so an
 * orphan of the doomed program becomes its child and can be reaped here. */
static int gone(pid_t pid, int seconds, int *status)
{
	for (int i = 0; i < seconds * 50; i++) {
		pid_t got = waitpid(pid, status, WNOHANG);

		if (got == pid)
			return 1;
		if (got < 0 && errno == ECHILD && kill(pid, 0) < 0 && errno == ESRCH)
			return 1;
		usleep(20000);
	}
	return 0;
}

static void check_ending(enum ending how, int want_signal, int want_exit)
{
	struct started st = { 0 };
	int pfd[2], status = 0;
	pid_t prog;
	ssize_t n;

	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	assert_int_equal(pipe(pfd), 0);
	prog = fork();
	assert_true(prog >= 0);
	if (prog == 0) {
		close(pfd[0]);
		doomed_program(pfd[1], how);
	}
	close(pfd[1]);
	n = read(pfd[0], &st, sizeof st);
	close(pfd[0]);
	/* the program itself ended as it was told to (a server under ASan
	 * takes a while to start) */
	if (!gone(prog, 120, &status)) {
		kill(prog, SIGKILL);
		waitpid(prog, NULL, 0);
		fail_msg("the doomed program did not end");
	}
	if (want_signal)
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == want_signal);
	else
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == want_exit);
	assert_int_equal(n, (ssize_t)sizeof st);
	assert_true(st.server > 0);
	assert_true(st.standin > 0);
	{
		char cmd[300];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", st.dir);
		(void)!system(cmd);
	}
	if (!gone(st.server, 30, NULL) || !gone(st.standin, 30, NULL)) {
		kill(st.server, SIGKILL);
		kill(st.standin, SIGKILL);
		waitpid(st.server, NULL, 0);
		waitpid(st.standin, NULL, 0);
		fail_msg("a child of the harness outlived its test program (server %d, stand-in %d)", (int)st.server,
			 (int)st.standin);
	}
}

static void test_abort_kills_children(void **state)
{
	(void)state;
	check_ending(END_ABORT, SIGABRT, -1);
}

static void test_exit_kills_children(void **state)
{
	(void)state;
	check_ending(END_EXIT, 0, 1);
}

static void test_sigterm_kills_children(void **state)
{
	(void)state;
	check_ending(END_SIGTERM, SIGTERM, -1);
}

static void test_sigkill_kills_children(void **state)
{
	(void)state;
	check_ending(END_SIGKILL, SIGKILL, -1);
}

/* A child that does not stop (a server hung on shutdown) is killed after
 * the wait, and the caller learns it did not stop. */
static void test_reap_kills_hung_child(void **state)
{
	int pfd[2];
	char c;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(pfd), 0);
	pid = harness_fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGTERM, SIG_IGN);
		(void)!write(pfd[1], "x", 1);
		for (;;)
			pause();
	}
	close(pfd[1]);
	assert_int_equal(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	assert_int_equal(harness_reap(pid, SIGTERM, 1), -1);
	assert_true(kill(pid, 0) < 0 && errno == ESRCH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abort_kills_children),
		cmocka_unit_test(test_exit_kills_children),
		cmocka_unit_test(test_sigterm_kills_children),
		cmocka_unit_test(test_sigkill_kills_children),
		cmocka_unit_test(test_reap_kills_hung_child),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
