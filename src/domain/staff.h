// SPDX-License-Identifier: MIT
// Staff accounts (admin, verifikator, operator, penandatangan).
#ifndef LOKET_STAFF_H
#define LOKET_STAFF_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

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

/* Username + password through the login guard (domain/throttle.h), like
 * applicant logins: STAFF_LOCKED means wait *retry seconds, and a
 * stranger's failures never lock the officer out on their own address.
 * On STAFF_OK *id is set and *must_change tells whether the one-time
 * password is still in force. */
enum staff_login_rc staff_login(struct db *db, const char *username, const char *password, const char *ip,
				int64_t *id, int *must_change, long *retry);
/* The login guard of staff_login, for a later step of the same login (the
 * two-factor code): the seconds username from ip must wait (0: go on); a
 * failed step counts as a failed login. */
long staff_login_wait(struct db *db, const char *username, const char *ip);
void staff_login_failed(struct db *db, const char *username, const char *ip);
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

/* ---- administration (pages under /staf/petugas, admin only) ------------- */

#define STAFF_USERNAME_MIN 3
#define STAFF_USERNAME_MAX 32
#define STAFF_NAMA_MAX 100
/* Services one officer may be limited to, at most. */
#define STAFF_LAYANAN_MAX 200

enum staff_edit_rc {
	STAFF_EDIT_OK = 0,
	STAFF_EDIT_INVALID,     /* errors holds a message per field */
	STAFF_EDIT_NOT_FOUND,
	STAFF_EDIT_LAST_ADMIN,  /* would leave no active admin */
	STAFF_EDIT_SELF,        /* not on one's own account (reset: use Ganti Kata Sandi) */
	STAFF_EDIT_ERR,
	STAFF_EDIT__MAX
};

/* What the admin typed: username (creation only), nama, roles (mask of
 * 1 << enum staff_role), and the service ids the account is limited to
 * (n 0: every service). Strings borrowed. */
struct staff_input {
	const char *username;
	const char *nama;
	int roles;
	const int64_t *layanan;
	size_t nlayanan;
};

/* Every staff account, by username: {id, username, nama, roles (array of
 * role names), role_mask, aktif, ganti_password, created_at, layanan
 * (array of service ids; empty = every service)}. Caller owns it; NULL on
 * error. */
json_t *staff_list(struct db *db);
/* One account in the shape of staff_list, active or not; NULL when unknown. */
json_t *staff_get(struct db *db, int64_t id);
/* The ids of the services staf_id is limited to, up to max, ascending;
 * returns how many (0: every service), or -1 on error. */
int staff_services(struct db *db, int64_t staf_id, int64_t *ids, size_t max);
/* 1 when staf_id may work on service layanan_id (no limit, or in it). */
int staff_may_serve(struct db *db, int64_t staf_id, int64_t layanan_id);
/* Checks in (username only when creating), writing Indonesian messages
 * under username, nama, peran, layanan into errors; 1 when valid. */
int staff_input_check(struct db *db, const struct staff_input *in, int creating, json_t *errors);
/*
 * Creates an account with a fresh one-time password (password, to be shown
 * once) and its service limits; audited as staf.tambah by actor.
 * STAFF_EDIT_INVALID with errors (a taken username too), or OK with *id.
 */
enum staff_edit_rc staff_create(struct db *db, int64_t actor, const struct staff_input *in, json_t *errors,
				char password[21], int64_t *id);
/* Replaces nama, roles and service limits (in->username is ignored);
 * audited as staf.ubah with what changed (a save that changes nothing
 * writes nothing). Refuses (LAST_ADMIN) to leave no active admin. */
enum staff_edit_rc staff_update(struct db *db, int64_t actor, int64_t id, const struct staff_input *in,
				json_t *errors);
/* Disables (ending every session: staf.nonaktif) or enables (staf.aktif)
 * an account. Refuses (LAST_ADMIN) to disable the last active admin. */
enum staff_edit_rc staff_set_active(struct db *db, int64_t actor, int64_t id, int aktif);
/* Gives the account a new one-time password (password, shown once), to be
 * changed at the next login, and ends its sessions (staf.reset_password).
 * SELF for the actor's own account. */
enum staff_edit_rc staff_reset_by_id(struct db *db, int64_t actor, int64_t id, char password[21]);

#endif
