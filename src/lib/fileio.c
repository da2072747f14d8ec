// SPDX-License-Identifier: MIT
// Files written whole or not at all, and the directories they go in.
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int file_write_atomic(const char *path, const void *data, size_t len)
{
	char tmp[4200];
	int fd, rc = -1, saved;
	size_t done = 0;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	while (done < len) {
		ssize_t w = write(fd, (const char *)data + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto out;
		done += (size_t)w;
	}
	if (fsync(fd) < 0)
		goto out;
	rc = 0;
out:
	saved = errno;
	if (close(fd) < 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -1;
	if (rc < 0) {
		unlink(tmp);
		errno = saved;
	}
	return rc;
}

int file_mkdirs(const char *parent, const char *dir)
{
	if (mkdir(parent, 0750) < 0 && errno != EEXIST)
		return -1;
	if (mkdir(dir, 0750) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* 1 when st_mode has a permission bit beyond max; *to is then the mode
 * without those bits. */
static int too_open(mode_t st_mode, mode_t max, mode_t *to)
{
	*to = (st_mode & 07000) | (st_mode & 0777 & max);
	return (st_mode & 0777 & ~max) != 0;
}

int file_restrict(const char *path, mode_t max)
{
	struct stat st;
	mode_t to;

	if (stat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	return too_open(st.st_mode, max, &to) ? chmod(path, to) : 0;
}

int file_restrict_fd(int fd, mode_t max)
{
	struct stat st;
	mode_t to;

	if (fstat(fd, &st) < 0)
		return -1;
	return too_open(st.st_mode, max, &to) ? fchmod(fd, to) : 0;
}

int file_private_dir(const char *path)
{
	if (mkdir(path, 0750) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	return file_restrict(path, 0750);
}
