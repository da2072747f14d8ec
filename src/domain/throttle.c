// SPDX-License-Identifier: MIT
// Failure and request counters in the database, shared by every instance, and the login guard.
#include "domain/throttle.h"

#include <stdio.h>
#include <time.h>

#include "lib/config.h"
#include "lib/secret.h"

static int64_t row_int(struct db *db, const char *sql, const char *h)
{
	struct db_stmt *st = db_query(db, sql, "s", h);
	int64_t v = 0;

	if (db_next(st) == DB_ROW)
		v = db_int(st, 0);
	db_end(st);
	return v;
}

long throttle_wait(struct db *db, const char *key)
{
	char h[SECRET_HASH_LEN + 1];
	int64_t until, now = time(NULL);

	secret_hash("throttle:", key, h);
	until = row_int(db, "SELECT locked_until FROM throttle WHERE kunci = ?", h);
	return until > now ? (long)(until - now) : 0;
}

int throttle_locked(struct db *db, const char *key)
{
	return throttle_wait(db, key) > 0;
}

/* One event of key h in a fixed window: a window that has passed starts
 * again at one. One upsert, so concurrent events all count. Returns the
 * count, 0 on a storage error. */
static int64_t count_one(struct db *db, const char *h, long window, int64_t now)
{
	int64_t n = 0;

	if (db_insert_id(db, "INSERT INTO throttle (kunci, jumlah, window_start, locked_until) VALUES (?, 1, ?, 0) "
			 "ON CONFLICT (kunci) DO UPDATE SET "
			 "jumlah = CASE WHEN throttle.window_start <= ? THEN 1 ELSE throttle.jumlah + 1 END, "
			 "window_start = CASE WHEN throttle.window_start <= ? THEN ? ELSE throttle.window_start END "
			 "RETURNING jumlah", &n, "siiii", h, now, now - window, now - window, now) != DB_DONE)
		return 0;
	return n;
}

/* Makes key h wait until at least until (a wait already longer stays). */
static void lock_until(struct db *db, const char *h, int64_t until)
{
	db_exec(db, "UPDATE throttle SET locked_until = ? WHERE kunci = ? AND locked_until < ?", "isi", until, h,
		until);
}

int throttle_fail(struct db *db, const char *key, long max, long window, long lockout)
{
	char h[SECRET_HASH_LEN + 1];
	int64_t now = time(NULL);

	secret_hash("throttle:", key, h);
	if (count_one(db, h, window, now) < max)
		return 0;
	/* the lockout starts a fresh window: max more events after it */
	db_exec(db, "UPDATE throttle SET locked_until = ?, jumlah = 0, window_start = ? WHERE kunci = ?", "iis",
		now + lockout, now, h);
	return 1;
}

long throttle_delay(struct db *db, const char *key, long free, long window, long cap)
{
	char h[SECRET_HASH_LEN + 1];
	int64_t now = time(NULL), n, wait = 1;

	secret_hash("throttle:", key, h);
	n = count_one(db, h, window, now);
	if (n > free) {
		for (int64_t k = n - free - 1; k > 0 && wait < cap; k--)
			wait *= 2;
		/* times are whole seconds: one more, so that the wait is never
		 * shorter than promised when the clock ticks right after */
		lock_until(db, h, now + (wait < cap ? wait : cap) + 1);
	}
	return (long)n;
}

long throttle_hit(struct db *db, const char *key, long window)
{
	char h[SECRET_HASH_LEN + 1];

	secret_hash("throttle:", key, h);
	return (long)count_one(db, h, window, time(NULL));
}

long throttle_count(struct db *db, const char *key, long window)
{
	char h[SECRET_HASH_LEN + 1];
	struct db_stmt *st;
	long n = 0;

	secret_hash("throttle:", key, h);
	st = db_query(db, "SELECT jumlah FROM throttle WHERE kunci = ? AND window_start > ?", "si", h,
		      (int64_t)time(NULL) - window);
	if (db_next(st) == DB_ROW)
		n = (long)db_int(st, 0);
	db_end(st);
	return n;
}

void throttle_clear(struct db *db, const char *key)
{
	char h[SECRET_HASH_LEN + 1];

	secret_hash("throttle:", key, h);
	db_exec(db, "DELETE FROM throttle WHERE kunci = ?", "s", h);
}

void throttle_sweep(struct db *db)
{
	int64_t day_ago = (int64_t)time(NULL) - 86400;

	db_exec(db, "DELETE FROM throttle WHERE window_start < ? AND locked_until < ?", "ii", day_ago, day_ago);
}

/* ---- the login guard ---------------------------------------------------- */

void login_guard_init(struct login_guard *g, const char *kind, const char *account, const char *ip)
{
	snprintf(g->pair, sizeof g->pair, "login:pasangan:%s:%s:%s", kind, account, ip ? ip : "");
	snprintf(g->account, sizeof g->account, "login:akun:%s:%s", kind, account);
	snprintf(g->address, sizeof g->address, "login:ip:%s", ip ? ip : "");
}

long login_guard_wait(struct db *db, const struct login_guard *g)
{
	long a = throttle_wait(db, g->pair), b = throttle_wait(db, g->address);

	return a > b ? a : b;
}

int login_guard_step_up(struct db *db, const struct login_guard *g)
{
	return throttle_count(db, g->account, g_cfg.login_window) >= g_cfg.login_step_up;
}

void login_guard_fail_address(struct db *db, const char *ip)
{
	char key[96];

	snprintf(key, sizeof key, "login:ip:%s", ip ? ip : "");
	throttle_delay(db, key, g_cfg.login_max_ip, g_cfg.login_window, g_cfg.login_lockout);
}

void login_guard_fail(struct db *db, const struct login_guard *g)
{
	throttle_delay(db, g->pair, g_cfg.login_free, g_cfg.login_window, g_cfg.login_lockout);
	throttle_delay(db, g->address, g_cfg.login_max_ip, g_cfg.login_window, g_cfg.login_lockout);
	/* counted only: an account is never made to wait as a whole */
	throttle_hit(db, g->account, g_cfg.login_window);
}

void login_guard_ok(struct db *db, const struct login_guard *g)
{
	throttle_clear(db, g->pair);
}
