// SPDX-License-Identifier: MIT
// Failure and request counters in the database: lockout windows, growing delays, hourly caps, and the login guard built on them.
#ifndef LOKET_THROTTLE_H
#define LOKET_THROTTLE_H

#include "store/db.h"

/* Keys are hashed before storage, so callers may pass "login:nik:<NIK>".
 * Every count is one atomic upsert, so concurrent requests (threads,
 * instances, PostgreSQL at READ COMMITTED) each count. */

/* 1 while the key is locked out (throttle_fail, throttle_delay). */
int throttle_locked(struct db *db, const char *key);
/* Seconds the key still has to wait; 0 when it may go now. */
long throttle_wait(struct db *db, const char *key);
/* Counts one event; locks the key for lockout seconds once max events
 * happened within window seconds. Returns 1 when this event locked it. */
int throttle_fail(struct db *db, const char *key, long max, long window, long lockout);
/* Counts one failure within window; beyond `free` failures each further
 * one makes the key wait 1 s, then 2, 4, … at most cap seconds (a delay
 * that grows, never a lockout of fixed length; counted in whole seconds
 * and rounded up, so throttle_wait says one second more at first). Returns
 * the failures counted in the current window. */
long throttle_delay(struct db *db, const char *key, long free, long window, long cap);
/* Counts one event of key within window; returns the events counted in
 * the current window (0 on a storage error). Never makes the key wait. */
long throttle_hit(struct db *db, const char *key, long window);
/* Failures counted for key in the current window (0 once it passed). */
long throttle_count(struct db *db, const char *key, long window);
void throttle_clear(struct db *db, const char *key);
/* Deletes counters idle for a day (the jobs thread's sweep). */
void throttle_sweep(struct db *db);

/*
 * The login guard, shared by applicants and staff. Failures are counted
 * per account and address pair (growing delays after login_free), per
 * address over all accounts (growing delays after login_max_ip), and per
 * account over all addresses. No counter ever refuses the owner on an
 * address of their own: many failures on an account only make its login
 * ask for a second factor (login_step_up), which the owner has.
 */
struct login_guard {
	char pair[192];
	char account[128];
	char address[96];
};

/* kind: "pemohon" or "staf"; account: the NIK or the username. */
void login_guard_init(struct login_guard *g, const char *kind, const char *account, const char *ip);
/* Seconds this attempt must wait before it is looked at; 0: go on. */
long login_guard_wait(struct db *db, const struct login_guard *g);
/* 1 when the account saw login_step_up failures within login_window. */
int login_guard_step_up(struct db *db, const struct login_guard *g);
/* A wrong password (or a wrong second factor). */
void login_guard_fail(struct db *db, const struct login_guard *g);
/* A complete login: the pair starts again. */
void login_guard_ok(struct db *db, const struct login_guard *g);
/* A failure that names no account (a malformed NIK): the address only. */
void login_guard_fail_address(struct db *db, const char *ip);

#endif
