// SPDX-License-Identifier: MIT
// Audit rows are append-only; nothing in the product updates or deletes them.
#include "domain/audit.h"

#include <stdio.h>
#include <time.h>

/* a request is served start to end on one thread */
static _Thread_local char origin[64];

void audit_origin(const char *asal)
{
	snprintf(origin, sizeof origin, "%s", asal ? asal : "");
}

int audit_log(struct db *db, int64_t staf_id, const char *aksi, const char *objek,
	      const char *detail)
{
	return db_exec(db, "INSERT INTO audit (staf_id, aksi, objek, detail, asal, created_at) "
		       "VALUES (?, ?, ?, ?, ?, ?)", "issssi", staf_id, aksi, objek, detail,
		       origin[0] ? origin : NULL, (int64_t)time(NULL)) == DB_DONE ? 0 : -1;
}
