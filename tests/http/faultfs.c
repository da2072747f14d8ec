// SPDX-License-Identifier: MIT
/*
 * A disk that fills up or turns read-only on demand, for the storage
 * tests: preloaded into `loket serve` (LD_PRELOAD), it reads the file
 * named by LOKET_TEST_FAULT at every write and, when that file holds
 *   "nospc"  writes to regular files fail with ENOSPC, new directories
 *            too, and statvfs reports no free space;
 *   "rofs"   besides, opening for writing, creating, renaming and making
 *            directories under LOKET_TEST_FAULT_DIR fail with EROFS, and
 *            statvfs reports a read-only file system;
 *   "slow"   every write to a regular file first waits 3 s (a test kills
 *            the server in the middle of one: a crash mid-upload).
 * Absent or empty: the calls pass through. Standard output and error (the
 * server's log) are never failed. The real work is done with raw system
 * calls, so that no other interposer (a sanitizer runtime) is needed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

enum fault { NONE, NOSPC, ROFS, SLOW };

static enum fault current(void)
{
	const char *flag = getenv("LOKET_TEST_FAULT");
	char text[8] = "";
	long fd, n;

	if (!flag)
		return NONE;
	fd = syscall(SYS_openat, AT_FDCWD, flag, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NONE;
	n = syscall(SYS_read, fd, text, sizeof text - 1);
	syscall(SYS_close, fd);
	if (n <= 0)
		return NONE;
	return !strncmp(text, "rofs", 4) ? ROFS : !strncmp(text, "nospc", 5) ? NOSPC : !strncmp(text, "slow", 4) ? SLOW : NONE;
}

/* A regular file other than standard output and error. */
static int failing_fd(int fd)
{
	struct stat st;

	return fd > 2 && syscall(SYS_fstat, fd, &st) == 0 && S_ISREG(st.st_mode);
}

static int write_fault(int fd)
{
	enum fault f;

	if (!failing_fd(fd) || (f = current()) == NONE)
		return 0;
	if (f == SLOW) {
		struct timespec t = { 3, 0 };

		nanosleep(&t, NULL);
		return 0;
	}
	errno = f == ROFS ? EROFS : ENOSPC;
	return -1;
}

static int under_dir(int dirfd, const char *path)
{
	const char *dir = getenv("LOKET_TEST_FAULT_DIR");

	if (!dir || !*dir)
		return 0;
	if (*path == '/')
		return !strncmp(path, dir, strlen(dir));
	return dirfd == AT_FDCWD; /* relative: the server runs in the test's directory */
}

static int path_fault(int dirfd, const char *path, int writing, int creating)
{
	enum fault f;

	if (!writing && !creating)
		return 0;
	f = current();
	if (f == ROFS && under_dir(dirfd, path)) {
		errno = EROFS;
		return -1;
	}
	return 0;
}

static int opening(int dirfd, const char *path, int flags, mode_t mode)
{
	if (path_fault(dirfd, path, (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC), flags & O_CREAT) < 0)
		return -1;
	return (int)syscall(SYS_openat, dirfd, path, flags, mode);
}

#define MODE_ARG(flags, mode)                                      \
	do {                                                       \
		if ((flags) & (O_CREAT | O_TMPFILE)) {             \
			va_list ap;                                \
			va_start(ap, flags);                       \
			mode = (mode_t)va_arg(ap, unsigned int);   \
			va_end(ap);                                \
		}                                                  \
	} while (0)

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return opening(AT_FDCWD, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return opening(AT_FDCWD, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return opening(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return opening(dirfd, path, flags, mode);
}

ssize_t write(int fd, const void *b, size_t n)
{
	return write_fault(fd) < 0 ? -1 : syscall(SYS_write, fd, b, n);
}

ssize_t pwrite(int fd, const void *b, size_t n, off_t off)
{
	return write_fault(fd) < 0 ? -1 : syscall(SYS_pwrite64, fd, b, n, off);
}

ssize_t pwrite64(int fd, const void *b, size_t n, off_t off)
{
	return write_fault(fd) < 0 ? -1 : syscall(SYS_pwrite64, fd, b, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
	return write_fault(fd) < 0 ? -1 : syscall(SYS_writev, fd, iov, n);
}

int ftruncate(int fd, off_t len)
{
	struct stat st;

	/* growing takes space; shrinking (cutting off a failed write) does not */
	if (syscall(SYS_fstat, fd, &st) == 0 && len > st.st_size && write_fault(fd) < 0)
		return -1;
	return (int)syscall(SYS_ftruncate, fd, len);
}

int ftruncate64(int fd, off_t len)
{
	return ftruncate(fd, len);
}

int fallocate(int fd, int mode, off_t off, off_t len)
{
	return write_fault(fd) < 0 ? -1 : (int)syscall(SYS_fallocate, fd, mode, off, len);
}

int fallocate64(int fd, int mode, off_t off, off_t len)
{
	return fallocate(fd, mode, off, len);
}

int posix_fallocate(int fd, off_t off, off_t len)
{
	return write_fault(fd) < 0 ? errno : (syscall(SYS_fallocate, fd, 0, off, len) < 0 ? errno : 0);
}

int posix_fallocate64(int fd, off_t off, off_t len)
{
	return posix_fallocate(fd, off, len);
}

int mkdir(const char *path, mode_t mode)
{
	enum fault f = current();

	/* as the kernel: an existing directory is EEXIST whatever the disk */
	if ((f == NOSPC || f == ROFS) && access(path, F_OK) == 0) {
		errno = EEXIST;
		return -1;
	}
	if (f == ROFS && under_dir(AT_FDCWD, path)) {
		errno = EROFS;
		return -1;
	}
	if (f == NOSPC) {
		errno = ENOSPC;
		return -1;
	}
	return (int)syscall(SYS_mkdirat, AT_FDCWD, path, mode);
}

int rename(const char *from, const char *to)
{
	if (current() == ROFS && under_dir(AT_FDCWD, to)) {
		errno = EROFS;
		return -1;
	}
	return (int)syscall(SYS_renameat, AT_FDCWD, from, AT_FDCWD, to);
}

static void vfs_fault(struct statvfs *vs)
{
	enum fault f = current();

	if (f == ROFS)
		vs->f_flag |= ST_RDONLY;
	if (f == NOSPC || f == ROFS)
		vs->f_bavail = vs->f_bfree = 0;
}

int statvfs(const char *path, struct statvfs *vs)
{
	struct statfs sf;

	if (syscall(SYS_statfs, path, &sf) < 0)
		return -1;
	memset(vs, 0, sizeof *vs);
	vs->f_bsize = (unsigned long)sf.f_bsize;
	vs->f_frsize = sf.f_frsize ? (unsigned long)sf.f_frsize : (unsigned long)sf.f_bsize;
	vs->f_blocks = sf.f_blocks;
	vs->f_bfree = sf.f_bfree;
	vs->f_bavail = sf.f_bavail;
	vs->f_files = sf.f_files;
	vs->f_ffree = sf.f_ffree;
	vs->f_favail = sf.f_ffree;
	vs->f_namemax = (unsigned long)sf.f_namelen;
	vs->f_flag = (unsigned long)sf.f_flags & ST_RDONLY;
	vfs_fault(vs);
	return 0;
}

int statvfs64(const char *path, struct statvfs64 *vs)
{
	return statvfs(path, (struct statvfs *)(void *)vs);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	if ((mode & W_OK) && current() == ROFS && under_dir(dirfd, path)) {
		errno = EROFS;
		return -1;
	}
	return (int)syscall(SYS_faccessat, dirfd, path, mode);
}
