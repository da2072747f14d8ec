// SPDX-License-Identifier: MIT
// Scratch PostgreSQL databases for the store tests, beside LOKET_TEST_DATABASE_URL.
#ifndef LOKET_TEST_PG_SCRATCH_H
#define LOKET_TEST_PG_SCRATCH_H

#include <stddef.h>

/*
 * LOKET_TEST_DATABASE_URL names a maintenance database on a server where
 * the tests may create databases (the HTTP harness reads it the same way).
 * pg_scratch_create makes a fresh database `name` beside it (dropping a
 * leftover of the same name) and writes its URL; pg_scratch_drop removes it
 * unless LOKET_TEST_KEEP is set. Both use the store layer and leave no
 * connection open. 0 or -1.
 */
int pg_scratch_create(const char *name, char *url, size_t urlsz);
int pg_scratch_drop(const char *name);

#endif
