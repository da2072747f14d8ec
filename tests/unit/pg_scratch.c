// SPDX-License-Identifier: MIT
// Creates and drops scratch PostgreSQL databases through the store layer.
#include "pg_scratch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

/* "<what> <name> <how>" on the maintenance connection. */
static int admin(const char *what, const char *name, const char *how)
{
	char sql[160];
	int rc;

	if (db_setup(NULL, getenv("LOKET_TEST_DATABASE_URL")) < 0)
		return -1;
	snprintf(sql, sizeof sql, "%s %s %s", what, name, how);
	rc = db_script(db_thread(), sql) == DB_DONE ? 0 : -1;
	db_thread_close();
	return rc;
}

int pg_scratch_create(const char *name, char *url, size_t urlsz)
{
	const char *base = getenv("LOKET_TEST_DATABASE_URL");
	const char *slash = base ? strrchr(base, '/') : NULL;

	if (!slash || slash[1] == '\0' || strchr(slash, '?')) {
		fprintf(stderr, "LOKET_TEST_DATABASE_URL must end in /DATABASE\n");
		return -1;
	}
	snprintf(url, urlsz, "%.*s/%s", (int)(slash - base), base, name);
	if (admin("DROP DATABASE IF EXISTS", name, "") < 0)
		return -1;
	return admin("CREATE DATABASE", name, "");
}

int pg_scratch_drop(const char *name)
{
	db_thread_close();
	if (getenv("LOKET_TEST_KEEP")) {
		printf("kept database %s\n", name);
		return 0;
	}
	return admin("DROP DATABASE", name, "WITH (FORCE)");
}
