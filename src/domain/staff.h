// SPDX-License-Identifier: MIT
// Staff accounts (admin, verifikator, operator, penandatangan).
#ifndef LOKET_STAFF_H
#define LOKET_STAFF_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "store/db.h"

enum staff_role { ROLE_ADMIN, ROLE_VERIFIKATOR, ROLE_OPERATOR, ROLE_PENANDATANGAN, ROLE__MAX };

extern const char *const staff_role_names[ROLE__MAX];

/* Parses "admin,verifikator" into a bit mask (1 << role); -1 when a name is
 * unknown or the list is empty. */
int staff_roles_parse(const char *s);
/* Writes the canonical comma list of a mask into out. */
void staff_roles_format(int mask, char *out, size_t outsz);
/* Generates a one-time password that satisfies the password policy. */
void staff_generate_password(char out[21]);
/* Creates a staff account whose password must be changed at first login.
 * 0 ok, 1 username taken, 2 bad username, -1 error. */
int staff_add(struct db *db, const char *username, const char *nama, int roles,
	      const char *password, int64_t *id);

enum staff_login_rc { STAFF_OK, STAFF_BAD, STAFF_LOCKED, STAFF_ERR, STAFF__MAX };

/* Username + password, throttled per username and per client address like
 * applicant logins. On STAFF_OK *id is set and *must_change tells whether
 * the one-time password is still in force. */
enum staff_login_rc staff_login(struct db *db, const char *username, const char *password, const char *ip,
				int64_t *id, int *must_change);
/* {username, nama, role_mask} of an active staff member, or NULL. */
json_t *staff_brief(struct db *db, int64_t id);
/* Role mask of an active staff member; 0 when unknown or disabled. */
int staff_roles(struct db *db, int64_t id);
/* Gives an active staff member a new one-time password (to be changed at
 * the next login) and ends their sessions: the CLI's way back in. 0 ok,
 * 1 no such active account, -1 error. */
int staff_reset_password(struct db *db, const char *username, const char *password);
/* Replaces the password (policy checked by the caller) and clears the
 * one-time flag. 0 or -1. */
int staff_set_password(struct db *db, int64_t id, const char *password);
/* 1 when password is the staff member's current password. */
int staff_check_password(struct db *db, int64_t id, const char *password);
/* 1 while the one-time password must still be changed. */
int staff_must_change(struct db *db, int64_t id);

/* One page (1-based) of the notification outbox, newest first, for the
 * staff page "Pesan Terkirim": rows of {id, channel, recipient (masked),
 * subject, body, status (pending|sent|failed), attempts, created_at,
 * sent_at (0 while unsent)}. *total receives the row count. Caller owns
 * the array. The bodies hold live links: show them to staff only. */
json_t *staff_outbox_page(struct db *db, long page, long page_size, long *total);

#endif
