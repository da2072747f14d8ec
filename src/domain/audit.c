// SPDX-License-Identifier: MIT
// Audit rows are append-only; nothing in the product deletes them.
#include "domain/audit.h"

#include <time.h>

int audit_log(struct db *db, int64_t staf_id, const char *aksi, const char *objek,
	      const char *detail)
{
	return db_exec(db, "INSERT INTO audit (staf_id, aksi, objek, detail, created_at) "
		       "VALUES (?, ?, ?, ?, ?)", "isssi", staf_id, aksi, objek, detail,
		       (int64_t)time(NULL)) == DB_DONE ? 0 : -1;
}
