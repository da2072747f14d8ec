// SPDX-License-Identifier: MIT
// Staff account creation and role parsing.
#include "domain/staff.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/session.h"
#include "domain/throttle.h"
#include "domain/validate.h"
#include "lib/config.h"
#include "lib/log.h"
#include "lib/secret.h"

/* A hash no typed password matches: unknown usernames cost the same time. */
static char dummy_hash[128];

static void dummy_init(void)
{
	char pw[SECRET_TOKEN_LEN + 1];

	secret_token(pw);
	if (secret_password_hash(pw, dummy_hash, sizeof dummy_hash) < 0)
		fatal("cannot hash a password");
}

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

enum staff_login_rc staff_login(struct db *db, const char *username, const char *password, const char *ip,
				int64_t *id, int *must_change)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	char key_user[96], key_ip[96], *hash = NULL;
	struct db_stmt *st;
	int64_t sid = 0;
	int mc = 0, good;

	*id = 0;
	*must_change = 0;
	if (!username || !*username || strlen(username) > 32 || !password)
		return STAFF_BAD;
	snprintf(key_user, sizeof key_user, "staf:user:%s", username);
	snprintf(key_ip, sizeof key_ip, "login:ip:%s", ip ? ip : "");
	if (throttle_locked(db, key_user) || throttle_locked(db, key_ip))
		return STAFF_LOCKED;
	st = db_query(db, "SELECT id, password_hash, ganti_password FROM staf WHERE username = ? AND aktif = 1",
		      "s", username);
	if (db_next(st) == DB_ROW) {
		sid = db_int(st, 0);
		hash = strdup(db_text(st, 1));
		mc = (int)db_int(st, 2);
	}
	db_end(st);
	pthread_once(&once, dummy_init);
	good = secret_password_verify(hash ? hash : dummy_hash, password) && hash;
	free(hash);
	if (!good) {
		throttle_fail(db, key_user, g_cfg.login_max_account, g_cfg.login_window, g_cfg.login_lockout);
		throttle_fail(db, key_ip, g_cfg.login_max_ip, g_cfg.login_window, g_cfg.login_lockout);
		return STAFF_BAD;
	}
	throttle_clear(db, key_user);
	*id = sid;
	*must_change = mc;
	return STAFF_OK;
}

json_t *staff_brief(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT username, nama, roles FROM staf WHERE id = ? AND aktif = 1", "i", id);
	json_t *o = NULL;

	if (db_next(st) == DB_ROW) {
		int mask = staff_roles_parse(db_text(st, 2));

		o = json_pack("{s:s, s:s, s:i}", "username", db_text(st, 0), "nama", db_text(st, 1),
			      "role_mask", mask < 0 ? 0 : mask);
	}
	db_end(st);
	return o;
}

int staff_roles(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT roles FROM staf WHERE id = ? AND aktif = 1", "i", id);
	int mask = 0;

	if (db_next(st) == DB_ROW) {
		mask = staff_roles_parse(db_text(st, 0));
		if (mask < 0)
			mask = 0;
	}
	db_end(st);
	return mask;
}

int staff_set_password(struct db *db, int64_t id, const char *password)
{
	char hash[128];

	if (secret_password_hash(password, hash, sizeof hash) < 0)
		return -1;
	return db_exec(db, "UPDATE staf SET password_hash = ?, ganti_password = 0 WHERE id = ?", "si", hash, id) == DB_DONE &&
	       db_changes(db) == 1 ? 0 : -1;
}

int staff_reset_password(struct db *db, const char *username, const char *password)
{
	char hash[128];
	int64_t id = 0;

	if (secret_password_hash(password, hash, sizeof hash) < 0 || db_begin(db) != DB_OK)
		return -1;
	if (db_insert_id(db, "UPDATE staf SET password_hash = ?, ganti_password = 1 WHERE username = ? AND aktif = 1 "
			 "RETURNING id", &id, "ss", hash, username) != DB_DONE) {
		db_rollback(db);
		return -1;
	}
	if (!id) {
		db_rollback(db);
		return 1;
	}
	session_destroy_subject(db, SESS_STAF, id);
	return db_commit(db) == DB_OK ? 0 : -1;
}

int staff_check_password(struct db *db, int64_t id, const char *password)
{
	struct db_stmt *st = db_query(db, "SELECT password_hash FROM staf WHERE id = ? AND aktif = 1", "i", id);
	char *hash = NULL;
	int ok;

	if (db_next(st) == DB_ROW)
		hash = strdup(db_text(st, 0));
	db_end(st);
	ok = hash && password && secret_password_verify(hash, password);
	free(hash);
	return ok;
}

int staff_must_change(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT ganti_password FROM staf WHERE id = ?", "i", id);
	int mc = 0;

	if (db_next(st) == DB_ROW)
		mc = (int)db_int(st, 0);
	db_end(st);
	return mc;
}

json_t *staff_outbox_page(struct db *db, long page, long page_size, long *total)
{
	struct db_stmt *st;
	json_t *rows = json_array();

	if (page < 1)
		page = 1;
	if (page_size < 1)
		page_size = 20;
	st = db_query(db, "SELECT COUNT(*) FROM outbox", "");
	*total = db_next(st) == DB_ROW ? (long)db_int(st, 0) : 0;
	db_end(st);
	st = db_query(db, "SELECT id, channel, recipient, subject, body, status, attempts, created_at, sent_at "
		      "FROM outbox ORDER BY id DESC LIMIT ? OFFSET ?", "ii", (int64_t)page_size,
		      (int64_t)((page - 1) * page_size));
	while (db_next(st) == DB_ROW) {
		const char *channel = db_text(st, 1), *to = db_text(st, 2);
		char masked[EMAIL_MAX + 1];

		/* the list is for helping residents, not for harvesting contacts */
		if (channel && !strcmp(channel, "whatsapp"))
			phone_mask(to, masked);
		else
			email_mask(to, masked, sizeof masked);
		json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I}",
						      "id", (json_int_t)db_int(st, 0), "channel", channel ? channel : "",
						      "recipient", masked, "subject", db_text(st, 3) ? db_text(st, 3) : "",
						      "body", db_text(st, 4) ? db_text(st, 4) : "",
						      "status", db_text(st, 5) ? db_text(st, 5) : "",
						      "attempts", (json_int_t)db_int(st, 6),
						      "created_at", (json_int_t)db_int(st, 7),
						      "sent_at", (json_int_t)(db_is_null(st, 8) ? 0 : db_int(st, 8))));
	}
	db_end(st);
	return rows;
}
