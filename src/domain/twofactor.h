// SPDX-License-Identifier: MIT
// Two-factor login of staff: TOTP enrolment, codes with replay protection, recovery codes, who must use it.
#ifndef LOKET_TWOFACTOR_H
#define LOKET_TWOFACTOR_H

#include <stdint.h>

#include "lib/otp.h"
#include "store/db.h"

#define TWOFA_WINDOW 1                  /* steps of clock skew accepted either side */
#define TWOFA_PENDING_TTL 300           /* seconds the web login's code step stays open */
#define TWOFA_RECOVERY_COUNT 10
#define TWOFA_RECOVERY_CHARS 16         /* Crockford base32: 80 random bits */
#define TWOFA_RECOVERY_TEXT 20          /* "xxxx-xxxx-xxxx-xxxx" and its NUL */
#define TWOFA_CODE_MAX 64               /* longer input is a wrong code */

/*
 * Invariants of the storage (migration 008): an officer is enrolled when
 * staf.totp_rahasia is set; the secret is never stored or logged in clear
 * (sealed with totp_key_file, bound to "staf:ID"); staf.totp_langkah only
 * grows while an enrolment lasts, so a time step is accepted at most once
 * per officer; recovery codes exist only while enrolled, hashed, and each
 * is deleted by its one use. Every check-then-act is a conditional write.
 */
enum twofa_rc {
	TWOFA_OK,               /* a right code of the authenticator app */
	TWOFA_RECOVERY,         /* a right recovery code, now used up */
	TWOFA_WRONG,            /* not a right code */
	TWOFA_REPLAYED,         /* the app's code of a step already used */
	TWOFA_LOCKED,           /* too many failed logins: refused unchecked */
	TWOFA_STATE,            /* enrolled / not enrolled / required, as the call needs */
	TWOFA_ERR,
	TWOFA__MAX
};

/* 1 when an officer holding roles (staff.h bits) must use two-factor
 * login: admin and penandatangan always, everyone while the office
 * setting wajib_2fa is on. */
int twofa_required(struct db *db, int roles);
/* 1 when staf_id has enrolled, 0 when not, -1 on error. */
int twofa_enrolled(struct db *db, int64_t staf_id);

/* ---- enrolment ----------------------------------------------------------- */

/* The secret to show on the enrolment page, base32 in b32: made (160
 * random bits) and kept sealed as the pending secret on the first call,
 * the same one on the next (reloading the page changes nothing). OK, or
 * STATE when already enrolled, ERR. */
enum twofa_rc twofa_enrol_secret(struct db *db, int64_t staf_id, char b32[OTP_KEY_B32_LEN + 1]);
/*
 * Confirms the enrolment with the first code of the app. OK: the pending
 * secret is in force, the code's step counts as used, codes holds the new
 * recovery codes (to be shown once; only their hashes are kept), audited
 * staf.2fa_aktif. WRONG (nothing stored), STATE (no pending secret, or
 * enrolled already), ERR.
 */
enum twofa_rc twofa_enrol_confirm(struct db *db, int64_t staf_id, const char *code,
				  char codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT]);

/* ---- the second step of a login ------------------------------------------ */

/*
 * Checks the code an enrolled officer typed: six digits are the app's code
 * (within TWOFA_WINDOW steps, never a step used before), anything else a
 * recovery code (used up by this call, audited staf.2fa_pemulihan). LOCKED
 * (wait *retry seconds) while the login guard makes username from ip wait
 * (staff_login_wait) or the officer's wrong codes do (after login_free of
 * them, growing delays); a WRONG or REPLAYED code counts as a failed login
 * (staff_login_failed) and as a wrong code, a counter the right password
 * alone does not reset. OK, RECOVERY, WRONG, REPLAYED, LOCKED, ERR.
 */
enum twofa_rc twofa_login(struct db *db, int64_t staf_id, const char *username, const char *ip, const char *code,
			  long *retry);

/* ---- afterwards ---------------------------------------------------------- */

/* Recovery codes staf_id has left, -1 on error. */
int twofa_recovery_left(struct db *db, int64_t staf_id);
/* New recovery codes in codes; the old ones no longer work; audited
 * staf.2fa_kode_baru. OK, STATE (not enrolled), ERR. */
enum twofa_rc twofa_recovery_renew(struct db *db, int64_t staf_id,
				   char codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT]);
/* Turns two-factor login off for an officer who proved password and code
 * (the caller's checks): secret and recovery codes gone, audited
 * staf.2fa_nonaktif. STATE when required for roles or not enrolled, ERR. */
enum twofa_rc twofa_disable(struct db *db, int64_t staf_id, int roles);
/* `loket admin reset-2fa`: clears the enrolment and recovery codes of the
 * active account username, ends its sessions and pending login steps, and
 * audits staf.2fa_reset without an officer (origin "cli"). 0, 1 when there
 * is no such active account, -1 on error. */
int twofa_reset(struct db *db, const char *username);

#endif
