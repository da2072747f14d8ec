// SPDX-License-Identifier: MIT
// Files written whole or not at all, and the directories they go in.
#ifndef LOKET_FILEIO_H
#define LOKET_FILEIO_H

#include <stddef.h>

/* Writes data to path through path.tmp, fsync and a rename, so that no
 * reader (or crash) ever sees half a file under the final name. The file
 * must not exist yet under path.tmp. 0, or -1 with errno set. */
int file_write_atomic(const char *path, const void *data, size_t len);
/* Creates dir (mode 0750) and its parent when missing. 0 or -1. */
int file_mkdirs(const char *parent, const char *dir);

#endif
