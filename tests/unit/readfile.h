// SPDX-License-Identifier: MIT
// Reads a whole file into a buf, for unit tests that load fixtures and their own output.
#ifndef LOKET_TEST_READFILE_H
#define LOKET_TEST_READFILE_H

#include "lib/buf.h"

/* Replaces b's content with the bytes of path; a cmocka failure when the
 * file cannot be opened. b stays the caller's. */
void read_file(const char *path, struct buf *b);

#endif
