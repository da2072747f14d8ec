// SPDX-License-Identifier: MIT
// Fixed-window failure counting in the database, shared by every instance.
#include "domain/throttle.h"

#include <time.h>

#include "lib/secret.h"

int throttle_locked(struct db *db, const char *key)
{
	char h[SECRET_HASH_LEN + 1];
	struct db_stmt *st;
	int locked = 0;

	secret_hash("throttle:", key, h);
	st = db_query(db, "SELECT locked_until FROM throttle WHERE kunci = ?", "s", h);
	if (db_next(st) == DB_ROW)
		locked = db_int(st, 0) > time(NULL);
	db_end(st);
	return locked;
}

int throttle_fail(struct db *db, const char *key, long max, long window, long lockout)
{
	char h[SECRET_HASH_LEN + 1];
	int64_t now = time(NULL);
	struct db_stmt *st;
	int64_t count = 0;

	secret_hash("throttle:", key, h);
	/* a window that has passed starts again at one */
	db_exec(db, "INSERT INTO throttle (kunci, jumlah, window_start, locked_until) VALUES (?, 0, ?, 0) "
		"ON CONFLICT (kunci) DO NOTHING", "si", h, now);
	db_exec(db, "UPDATE throttle SET jumlah = CASE WHEN window_start <= ? THEN 1 ELSE jumlah + 1 END, "
		"window_start = CASE WHEN window_start <= ? THEN ? ELSE window_start END WHERE kunci = ?",
		"iiis", now - window, now - window, now, h);
	st = db_query(db, "SELECT jumlah FROM throttle WHERE kunci = ?", "s", h);
	if (db_next(st) == DB_ROW)
		count = db_int(st, 0);
	db_end(st);
	if (count >= max) {
		db_exec(db, "UPDATE throttle SET locked_until = ?, jumlah = 0, window_start = ? WHERE kunci = ?",
			"iis", now + lockout, now, h);
		return 1;
	}
	return 0;
}

void throttle_clear(struct db *db, const char *key)
{
	char h[SECRET_HASH_LEN + 1];

	secret_hash("throttle:", key, h);
	db_exec(db, "DELETE FROM throttle WHERE kunci = ?", "s", h);
}
