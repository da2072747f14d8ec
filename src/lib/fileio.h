// SPDX-License-Identifier: MIT
// Files written whole or not at all, and the directories they go in.
#ifndef LOKET_FILEIO_H
#define LOKET_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* Writes data to path through path.tmp, fsync and a rename, so that no
 * reader (or crash) ever sees half a file under the final name. The file
 * must not exist yet under path.tmp. 0, or -1 with errno set. */
int file_write_atomic(const char *path, const void *data, size_t len);

/*
 * A file that a database row names becomes visible with the row: stage it
 * (written and synced under path.tmp), commit the row, then publish it
 * (renamed to path); discard it when the row is not committed. A crash
 * leaves at most a path.tmp, which the file sweep (jobs/sweep.c) renames
 * when a committed row names path, and removes otherwise.
 */
int file_stage(const char *path, const void *data, size_t len);   /* 0 or -1, errno */
int file_publish(const char *path);                                 /* 0 or -1, errno */
void file_discard(const char *path);

/*
 * Storage failures: a write the disk refused (full, read-only, quota, I/O
 * error) on the calling thread since storage_fault_clear. The file and
 * database layers record them; the server answers such a request with 503
 * instead of whatever the failure looked like to the code above.
 */
void storage_fault_clear(void);
/* Records the failure when err is a storage errno (ENOSPC, EDQUOT, EROFS,
 * EIO, EFBIG); returns err. */
int storage_fault_errno(int err);
void storage_fault_set(void);
int storage_fault(void);
/* Creates dir (mode 0750) and its parent when missing. 0 or -1. */
int file_mkdirs(const char *parent, const char *dir);
/* Takes away from the permission bits of path (followed if a symlink)
 * every bit that max does not allow, e.g. 0644 -> 0640 for max 0640; other
 * bits (setgid on a shared directory) stay. Never widens. A missing path
 * is fine. 0, or -1 with errno set. */
int file_restrict(const char *path, mode_t max);
/* The same for an open file. */
int file_restrict_fd(int fd, mode_t max);
/* Creates directory path with mode 0750 when missing (not its parents),
 * else restricts it to 0750 (file_restrict). 0, or -1 with errno set. */
int file_private_dir(const char *path);

#endif
