// SPDX-License-Identifier: MIT
// Failure counters with a lockout window, for login and guessable secrets.
#ifndef LOKET_THROTTLE_H
#define LOKET_THROTTLE_H

#include "store/db.h"

/* Keys are hashed before storage, so callers may pass "login:nik:<NIK>".
 * throttle_locked: 1 while the key is locked out. */
int throttle_locked(struct db *db, const char *key);
/* Counts one failure; locks the key for lockout seconds once max failures
 * happened within window seconds. Returns 1 when this failure locked it. */
int throttle_fail(struct db *db, const char *key, long max, long window, long lockout);
void throttle_clear(struct db *db, const char *key);

#endif
