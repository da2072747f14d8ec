// SPDX-License-Identifier: MIT
// Schema migrations compiled into the binary from src/store/migrations/*.sql.
#ifndef LOKET_MIGRATIONS_H
#define LOKET_MIGRATIONS_H

#include <stddef.h>

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const size_t migrations_count;

#endif
