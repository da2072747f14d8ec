// SPDX-License-Identifier: MIT
// Files written whole or not at all, and the directories they go in.
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static _Thread_local int fault;

void storage_fault_clear(void)
{
	fault = 0;
}

void storage_fault_set(void)
{
	fault = 1;
}

int storage_fault(void)
{
	return fault;
}

int storage_fault_errno(int err)
{
	if (err == ENOSPC || err == EDQUOT || err == EROFS || err == EIO || err == EFBIG)
		fault = 1;
	return err;
}

static int tmp_name(char tmp[4200], const char *path)
{
	if ((size_t)snprintf(tmp, 4200, "%s.tmp", path) < 4200)
		return 0;
	errno = ENAMETOOLONG;
	return -1;
}

int file_stage(const char *path, const void *data, size_t len)
{
	char tmp[4200];
	int fd, rc = -1, saved;
	size_t done = 0;

	if (tmp_name(tmp, path) < 0)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0) {
		storage_fault_errno(errno);
		return -1;
	}
	while (done < len) {
		ssize_t w = write(fd, (const char *)data + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w == 0)
			errno = ENOSPC;
		if (w <= 0)
			goto out;
		done += (size_t)w;
	}
	if (fsync(fd) < 0)
		goto out;
	rc = 0;
out:
	saved = errno;
	if (close(fd) < 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc < 0) {
		unlink(tmp);
		errno = storage_fault_errno(saved);
	}
	return rc;
}

int file_publish(const char *path)
{
	char tmp[4200];

	if (tmp_name(tmp, path) < 0)
		return -1;
	if (rename(tmp, path) == 0)
		return 0;
	/* the sweep may have completed it already */
	if (errno == ENOENT && access(path, F_OK) == 0)
		return 0;
	storage_fault_errno(errno);
	return -1;
}

void file_discard(const char *path)
{
	char tmp[4200];

	if (tmp_name(tmp, path) == 0)
		unlink(tmp);
}

int file_write_atomic(const char *path, const void *data, size_t len)
{
	if (file_stage(path, data, len) < 0)
		return -1;
	if (file_publish(path) < 0) {
		int saved = errno;

		file_discard(path);
		errno = saved;
		return -1;
	}
	return 0;
}

int file_mkdirs(const char *parent, const char *dir)
{
	if ((mkdir(parent, 0750) < 0 && errno != EEXIST) || (mkdir(dir, 0750) < 0 && errno != EEXIST)) {
		storage_fault_errno(errno);
		return -1;
	}
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
