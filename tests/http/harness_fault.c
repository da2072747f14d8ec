// SPDX-License-Identifier: MIT
// HTTP test harness: crashes (SIGKILL and restart) and the fault disk (faultfs.c).
#include "harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char flag[64];

static const char *flag_path(void)
{
	if (!flag[0])
		snprintf(flag, sizeof flag, "/tmp/loket-fault-%ld", (long)getpid());
	return flag;
}

const char *const *fault_env(const char *const *env)
{
	static char preload[600], flagenv[100], asan[600];
	static const char *all[32];
	const char *a = getenv("ASAN_OPTIONS");
	size_t n = 0;

	snprintf(preload, sizeof preload, "LD_PRELOAD=%s", LOKET_FAULTFS);
	snprintf(flagenv, sizeof flagenv, "LOKET_TEST_FAULT=%s", flag_path());
	/* a sanitizer runtime wants to come first; the fault disk is plain
	 * system calls and may come before it */
	snprintf(asan, sizeof asan, "ASAN_OPTIONS=%s%sverify_asan_link_order=0", a ? a : "", a && *a ? ":" : "");
	all[n++] = preload;
	all[n++] = flagenv;
	all[n++] = "LOKET_TEST_FAULT_DIR=/tmp/loket-test-";
	all[n++] = asan;
	for (; env && *env && n + 1 < sizeof all / sizeof *all; env++)
		all[n++] = *env;
	all[n] = NULL;
	return all;
}

void fault_set(const char *mode)
{
	FILE *f;

	if (!mode) {
		unlink(flag_path());
		return;
	}
	f = fopen(flag_path(), "w");
	if (f) {
		fputs(mode, f);
		fclose(f);
	}
}

void srv_crash(struct srv *s)
{
	if (s->pid <= 0)
		return;
	harness_reap(s->pid, SIGKILL, 30);
	s->pid = 0;
}

/* Occurrences of the file sweep's log line in the server's log. */
static size_t sweeps(struct srv *s)
{
	size_t len, n;
	char path[300], *log;

	snprintf(path, sizeof path, "%s/server.log", s->dir);
	log = file_read(path, &len);
	n = str_count(log, "sweep: files:");
	free(log);
	return n;
}

int srv_respawn_swept(struct srv *s, const char *const *env)
{
	size_t before = sweeps(s);

	if (srv_respawn(s, env) < 0)
		return -1;
	for (int i = 0; i < 100; i++) {
		if (sweeps(s) > before)
			return 0;
		usleep(50000);
	}
	fprintf(stderr, "the restarted server's file sweep logged nothing\n");
	return -1;
}

static time_t aged_to;
static int aged;

static int age_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct timespec t[2] = { { aged_to, 0 }, { aged_to, 0 } };

	(void)st;
	(void)ftw;
	if (type == FTW_F && utimensat(AT_FDCWD, path, t, AT_SYMLINK_NOFOLLOW) == 0)
		aged++;
	return 0;
}

int srv_age_files(struct srv *s, long secs)
{
	char dir[300];

	snprintf(dir, sizeof dir, "%s/files", s->dir);
	aged_to = time(NULL) - secs;
	aged = 0;
	nftw(dir, age_one, 16, FTW_PHYS);
	return aged;
}

char *srv_file_names(struct srv *s, const char *sub)
{
	char dir[400];
	DIR *d;
	struct dirent *e;
	size_t len = 0, cap = 256;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	out[0] = '\0';
	snprintf(dir, sizeof dir, "%s/files/%s", s->dir, sub);
	d = opendir(dir);
	if (!d)
		return out;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		if (len + n + 2 > cap) {
			char *grown = realloc(out, cap = 2 * (len + n + 2));

			if (!grown)
				break;
			out = grown;
		}
		memcpy(out + len, e->d_name, n);
		len += n;
		out[len++] = '\n';
		out[len] = '\0';
	}
	closedir(d);
	return out;
}
