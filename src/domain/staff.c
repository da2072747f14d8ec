// SPDX-License-Identifier: MIT
// Staff account creation and role parsing.
#include "domain/staff.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/secret.h"

const char *const staff_role_names[ROLE__MAX] = { "admin", "verifikator", "operator", "penandatangan" };

int staff_roles_parse(const char *s)
{
	int mask = 0;

	while (s && *s) {
		size_t n = strcspn(s, ",");
		int i, found = 0;

		for (i = 0; i < ROLE__MAX; i++) {
			if (strlen(staff_role_names[i]) == n && !strncmp(s, staff_role_names[i], n)) {
				mask |= 1 << i;
				found = 1;
			}
		}
		if (!found)
			return -1;
		s += n;
		if (*s == ',')
			s++;
	}
	return mask ? mask : -1;
}

void staff_roles_format(int mask, char *out, size_t outsz)
{
	int i;
	size_t len = 0;

	out[0] = '\0';
	for (i = 0; i < ROLE__MAX; i++)
		if (mask & (1 << i))
			len += (size_t)snprintf(out + len, len < outsz ? outsz - len : 0, "%s%s",
						len ? "," : "", staff_role_names[i]);
}

void staff_generate_password(char out[21])
{
	static const char *const classes[] = {
		"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "-.@#%+=",
	};
	static const char all[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-.@#%+=";
	int i;

	for (i = 0; i < 20; i++)
		out[i] = all[secret_uniform(sizeof all - 1)];
	/* one of each class at random distinct positions 0..3 shuffled in */
	for (i = 0; i < 4; i++) {
		unsigned pos = (unsigned)i * 5 + secret_uniform(5);

		out[pos] = classes[i][secret_uniform((unsigned)strlen(classes[i]))];
	}
	out[20] = '\0';
}

int staff_add(struct db *db, const char *username, const char *nama, int roles,
	      const char *password, int64_t *id)
{
	char hash[128], rl[64];
	const char *p;
	enum db_rc rc;

	if (!username || strlen(username) < 3 || strlen(username) > 32)
		return 2;
	for (p = username; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
			return 2;
	if (secret_password_hash(password, hash, sizeof hash) < 0)
		return -1;
	staff_roles_format(roles, rl, sizeof rl);
	rc = db_insert_id(db, "INSERT INTO staf (username, nama, password_hash, roles, aktif, "
			  "ganti_password, created_at) VALUES (?, ?, ?, ?, 1, 1, ?) RETURNING id",
			  id, "ssssi", username, nama && *nama ? nama : username, hash, rl,
			  (int64_t)time(NULL));
	if (rc == DB_CONSTRAINT)
		return 1;
	return rc == DB_DONE ? 0 : -1;
}
