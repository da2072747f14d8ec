// SPDX-License-Identifier: MIT
// Staff accounts (admin, verifikator, operator, penandatangan).
#ifndef LOKET_STAFF_H
#define LOKET_STAFF_H

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

#endif
