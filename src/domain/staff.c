// SPDX-License-Identifier: MIT
// Staff accounts: creation, login, roles, service limits and their administration.
#include "domain/staff.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/audit.h"
#include "domain/session.h"
#include "domain/throttle.h"
#include "domain/validate.h"
#include "lib/buf.h"
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
				int64_t *id, int *must_change, long *retry)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct login_guard g;
	char *hash = NULL;
	struct db_stmt *st;
	int64_t sid = 0;
	int mc = 0, good;

	*id = 0;
	*must_change = 0;
	*retry = 0;
	if (!username || !*username || strlen(username) > 32 || !password)
		return STAFF_BAD;
	login_guard_init(&g, "staf", username, ip);
	if ((*retry = login_guard_wait(db, &g)) > 0)
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
		login_guard_fail(db, &g);
		return STAFF_BAD;
	}
	login_guard_ok(db, &g);
	*id = sid;
	*must_change = mc;
	return STAFF_OK;
}

long staff_login_wait(struct db *db, const char *username, const char *ip)
{
	struct login_guard g;

	login_guard_init(&g, "staf", username, ip);
	return login_guard_wait(db, &g);
}

void staff_login_failed(struct db *db, const char *username, const char *ip)
{
	struct login_guard g;

	login_guard_init(&g, "staf", username, ip);
	login_guard_fail(db, &g);
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

/* ---- administration ------------------------------------------------------ */

/* Held by every transaction that may change who is an active admin: on
 * PostgreSQL the counter's row stays locked until commit, so two admins
 * disabling each other take turns and the second sees the first's change. */
#define ADMIN_LOCK "staf_admin"

static json_t *roles_array(int mask)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < ROLE__MAX; i++)
		if (mask & (1 << i))
			json_array_append_new(a, json_string(staff_role_names[i]));
	return a;
}

static json_t *row_object(struct db_stmt *st)
{
	int mask = staff_roles_parse(db_text(st, 3));

	if (mask < 0)
		mask = 0;
	return json_pack("{s:I, s:s, s:s, s:o, s:i, s:b, s:b, s:I, s:[]}", "id", (json_int_t)db_int(st, 0),
			 "username", db_text(st, 1), "nama", db_text(st, 2), "roles", roles_array(mask),
			 "role_mask", mask, "aktif", (int)db_int(st, 4) != 0, "ganti_password",
			 (int)db_int(st, 5) != 0, "created_at", (json_int_t)db_int(st, 6), "layanan");
}

json_t *staff_list(struct db *db)
{
	struct db_stmt *st;
	json_t *rows = json_array(), *byid = json_object(), *o;
	char key[24];
	enum db_rc rc;

	st = db_query(db, "SELECT id, username, nama, roles, aktif, ganti_password, created_at FROM staf "
		      "ORDER BY username", "");
	while ((rc = db_next(st)) == DB_ROW) {
		o = row_object(st);
		json_array_append_new(rows, o);
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(o, "id")));
		json_object_set(byid, key, o);
	}
	db_end(st);
	if (rc != DB_DONE)
		goto fail;
	st = db_query(db, "SELECT staf_id, layanan_id FROM staf_layanan ORDER BY staf_id, layanan_id", "");
	while ((rc = db_next(st)) == DB_ROW) {
		snprintf(key, sizeof key, "%lld", (long long)db_int(st, 0));
		o = json_object_get(byid, key);
		if (o)
			json_array_append_new(json_object_get(o, "layanan"), json_integer(db_int(st, 1)));
	}
	db_end(st);
	if (rc != DB_DONE)
		goto fail;
	json_decref(byid);
	return rows;
fail:
	json_decref(byid);
	json_decref(rows);
	return NULL;
}

json_t *staff_get(struct db *db, int64_t id)
{
	struct db_stmt *st;
	json_t *o = NULL;
	int64_t ids[STAFF_LAYANAN_MAX];
	int n, i;

	st = db_query(db, "SELECT id, username, nama, roles, aktif, ganti_password, created_at FROM staf "
		      "WHERE id = ?", "i", id);
	if (db_next(st) == DB_ROW)
		o = row_object(st);
	db_end(st);
	if (!o)
		return NULL;
	n = staff_services(db, id, ids, STAFF_LAYANAN_MAX);
	if (n < 0) {
		json_decref(o);
		return NULL;
	}
	for (i = 0; i < n; i++)
		json_array_append_new(json_object_get(o, "layanan"), json_integer(ids[i]));
	return o;
}

int staff_services(struct db *db, int64_t staf_id, int64_t *ids, size_t max)
{
	struct db_stmt *st = db_query(db, "SELECT layanan_id FROM staf_layanan WHERE staf_id = ? ORDER BY layanan_id",
				      "i", staf_id);
	enum db_rc rc;
	size_t n = 0;

	while ((rc = db_next(st)) == DB_ROW)
		if (n < max)
			ids[n++] = db_int(st, 0);
	db_end(st);
	return rc == DB_DONE ? (int)n : -1;
}

int staff_may_serve(struct db *db, int64_t staf_id, int64_t layanan_id)
{
	struct db_stmt *st = db_query(db, "SELECT COUNT(*), SUM(CASE WHEN layanan_id = ? THEN 1 ELSE 0 END) "
				      "FROM staf_layanan WHERE staf_id = ?", "ii", layanan_id, staf_id);
	int ok = 0;

	if (db_next(st) == DB_ROW)
		ok = db_int(st, 0) == 0 || db_int(st, 1) > 0;
	db_end(st);
	return ok;
}

static int username_ok(const char *u)
{
	size_t n = u ? strlen(u) : 0;
	const char *p;

	if (n < STAFF_USERNAME_MIN || n > STAFF_USERNAME_MAX)
		return 0;
	for (p = u; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
			return 0;
	return 1;
}

static int layanan_exists(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT 1 FROM layanan WHERE id = ?", "i", id);
	int found = db_next(st) == DB_ROW;

	db_end(st);
	return found;
}

/* The first message per field wins: the web layer's come first. */
static void set_once(json_t *errors, const char *key, json_t *msg)
{
	if (json_object_get(errors, key))
		json_decref(msg);
	else
		json_object_set_new(errors, key, msg);
}

int staff_input_check(struct db *db, const struct staff_input *in, int creating, json_t *errors)
{
	size_t before = json_object_size(errors), i;

	if (creating) {
		if (!in->username || !*in->username)
			set_once(errors, "username", json_string("Nama pengguna wajib diisi."));
		else if (!username_ok(in->username))
			set_once(errors, "username",
					    json_string("Nama pengguna 3 sampai 32 karakter, hanya huruf kecil, angka, "
							"titik (.), garis bawah (_) atau tanda hubung (-)."));
	}
	if (!in->nama || !*in->nama)
		set_once(errors, "nama", json_string("Nama petugas wajib diisi."));
	else if (!text_field_ok(in->nama, STAFF_NAMA_MAX))
		set_once(errors, "nama",
				    json_string("Nama petugas maksimal 100 karakter dalam satu baris, tanpa karakter khusus."));
	if (in->roles <= 0 || in->roles >= (1 << ROLE__MAX))
		set_once(errors, "peran", json_string("Pilih minimal satu peran."));
	if (in->nlayanan > STAFF_LAYANAN_MAX)
		set_once(errors, "layanan", json_string("Terlalu banyak layanan yang dipilih."));
	for (i = 0; i < in->nlayanan && !json_object_get(errors, "layanan"); i++)
		if (in->layanan[i] <= 0 || !layanan_exists(db, in->layanan[i]))
			set_once(errors, "layanan",
					    json_string("Layanan yang dipilih tidak dikenal. Muat ulang halaman lalu pilih kembali."));
	return json_object_size(errors) == before;
}

/* Replaces the service limits of id with in's (duplicates dropped). */
static int set_services(struct db *db, int64_t id, const struct staff_input *in)
{
	size_t i, j;

	if (db_exec(db, "DELETE FROM staf_layanan WHERE staf_id = ?", "i", id) != DB_DONE)
		return -1;
	for (i = 0; i < in->nlayanan; i++) {
		for (j = 0; j < i && in->layanan[j] != in->layanan[i]; j++)
			;
		if (j < i)
			continue;
		if (db_exec(db, "INSERT INTO staf_layanan (staf_id, layanan_id) VALUES (?, ?)", "ii", id,
			    in->layanan[i]) != DB_DONE)
			return -1;
	}
	return 0;
}

/* Ascending service ids of in as "1,4,7", or "semua" (for audit details). */
static void services_text(const int64_t *ids, size_t n, char *out, size_t outsz)
{
	size_t len = 0, i;

	out[0] = '\0';
	if (!n) {
		snprintf(out, outsz, "semua");
		return;
	}
	for (i = 0; i < n && len < outsz; i++)
		len += (size_t)snprintf(out + len, outsz - len, "%s%lld", i ? "," : "", (long long)ids[i]);
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* in's services sorted and without duplicates, into ids; returns the count. */
static size_t services_sorted(const struct staff_input *in, int64_t *ids)
{
	size_t n = 0, i;

	for (i = 0; i < in->nlayanan && i < STAFF_LAYANAN_MAX; i++)
		ids[n++] = in->layanan[i];
	qsort(ids, n, sizeof *ids, cmp_id);
	for (i = 1; n && i < n;) {
		if (ids[i] == ids[i - 1]) {
			memmove(ids + i, ids + i + 1, (n - i - 1) * sizeof *ids);
			n--;
		} else {
			i++;
		}
	}
	return n;
}

static int active_admins(struct db *db)
{
	struct db_stmt *st = db_query(db, "SELECT COUNT(*) FROM staf WHERE aktif = 1 AND "
				      "(',' || roles || ',') LIKE '%,admin,%'", "");
	int n = -1;

	if (db_next(st) == DB_ROW)
		n = (int)db_int(st, 0);
	db_end(st);
	return n;
}

static void objek_of(int64_t id, char out[32])
{
	snprintf(out, 32, "staf:%lld", (long long)id);
}

enum staff_edit_rc staff_create(struct db *db, int64_t actor, const struct staff_input *in, json_t *errors,
				char password[21], int64_t *id)
{
	char hash[128], rl[64], objek[32], svc[STAFF_LAYANAN_MAX * 21 + 8], detail[sizeof svc + 200];
	int64_t ids[STAFF_LAYANAN_MAX];
	size_t n;
	enum db_rc rc;

	*id = 0;
	password[0] = '\0';
	if (!staff_input_check(db, in, 1, errors))
		return STAFF_EDIT_INVALID;
	staff_generate_password(password);
	/* Argon2 before the transaction: writers wait for no hashing */
	if (secret_password_hash(password, hash, sizeof hash) < 0)
		return STAFF_EDIT_ERR;
	staff_roles_format(in->roles, rl, sizeof rl);
	n = services_sorted(in, ids);
	services_text(ids, n, svc, sizeof svc);
	if (db_begin(db) != DB_OK)
		return STAFF_EDIT_ERR;
	rc = db_insert_id(db, "INSERT INTO staf (username, nama, password_hash, roles, aktif, ganti_password, "
			  "created_at) VALUES (?, ?, ?, ?, 1, 1, ?) RETURNING id", id, "ssssi", in->username,
			  in->nama, hash, rl, (int64_t)time(NULL));
	if (rc == DB_CONSTRAINT) {
		db_rollback(db);
		*id = 0;
		password[0] = '\0';
		json_object_set_new(errors, "username", json_string("Nama pengguna sudah dipakai. Pilih nama pengguna lain."));
		return STAFF_EDIT_INVALID;
	}
	objek_of(*id, objek);
	snprintf(detail, sizeof detail, "username=%s; peran=%s; layanan=%s", in->username, rl, svc);
	if (rc != DB_DONE || set_services(db, *id, in) < 0 || audit_log(db, actor, "staf.tambah", objek, detail) < 0 ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		*id = 0;
		password[0] = '\0';
		return STAFF_EDIT_ERR;
	}
	return STAFF_EDIT_OK;
}

enum staff_edit_rc staff_update(struct db *db, int64_t actor, int64_t id, const struct staff_input *in,
				json_t *errors)
{
	char rl[64], objek[32], svc_old[STAFF_LAYANAN_MAX * 21 + 8], svc_new[sizeof svc_old];
	char *old_nama = NULL, old_rl[64] = "";
	int64_t ids_old[STAFF_LAYANAN_MAX], ids_new[STAFF_LAYANAN_MAX];
	struct buf detail = BUF_INIT;
	struct db_stmt *st;
	enum staff_edit_rc ret = STAFF_EDIT_ERR;
	int n_old, admins;
	size_t n_new;

	if (!staff_input_check(db, in, 0, errors))
		return STAFF_EDIT_INVALID;
	staff_roles_format(in->roles, rl, sizeof rl);
	n_new = services_sorted(in, ids_new);
	services_text(ids_new, n_new, svc_new, sizeof svc_new);
	objek_of(id, objek);
	if (db_begin(db) != DB_OK)
		return STAFF_EDIT_ERR;
	if (db_sequence_next(db, ADMIN_LOCK) < 0)
		goto out;
	st = db_query(db, "SELECT nama, roles FROM staf WHERE id = ?", "i", id);
	if (db_next(st) == DB_ROW) {
		int m = staff_roles_parse(db_text(st, 1));

		old_nama = strdup(db_text(st, 0));
		staff_roles_format(m < 0 ? 0 : m, old_rl, sizeof old_rl);
	}
	db_end(st);
	if (!old_nama) {
		ret = STAFF_EDIT_NOT_FOUND;
		goto out;
	}
	n_old = staff_services(db, id, ids_old, STAFF_LAYANAN_MAX);
	if (n_old < 0)
		goto out;
	services_text(ids_old, (size_t)n_old, svc_old, sizeof svc_old);
	if (db_exec(db, "UPDATE staf SET nama = ?, roles = ? WHERE id = ?", "ssi", in->nama, rl, id) != DB_DONE ||
	    set_services(db, id, in) < 0)
		goto out;
	admins = active_admins(db);
	if (admins < 0)
		goto out;
	if (admins == 0) {
		ret = STAFF_EDIT_LAST_ADMIN;
		goto out;
	}
	/* what changed, never more */
	if (strcmp(old_nama, in->nama))
		buf_addf(&detail, "nama: %s -> %s", old_nama, in->nama);
	if (strcmp(old_rl, rl))
		buf_addf(&detail, "%speran: %s -> %s", detail.len ? "; " : "", old_rl, rl);
	if (strcmp(svc_old, svc_new))
		buf_addf(&detail, "%slayanan: %s -> %s", detail.len ? "; " : "", svc_old, svc_new);
	if (!detail.len) {
		/* saved as it was: nothing to record */
		ret = STAFF_EDIT_OK;
		goto out;
	}
	if (audit_log(db, actor, "staf.ubah", objek, detail.ptr) < 0)
		goto out;
	if (db_commit(db) != DB_OK)
		goto out;
	ret = STAFF_EDIT_OK;
	free(old_nama);
	buf_release(&detail);
	return ret;
out:
	db_rollback(db);
	free(old_nama);
	buf_release(&detail);
	return ret;
}

enum staff_edit_rc staff_set_active(struct db *db, int64_t actor, int64_t id, int aktif)
{
	char objek[32];
	struct db_stmt *st;
	int exists = 0, admins;

	aktif = aktif ? 1 : 0;
	objek_of(id, objek);
	if (db_begin(db) != DB_OK)
		return STAFF_EDIT_ERR;
	if (db_sequence_next(db, ADMIN_LOCK) < 0 ||
	    db_exec(db, "UPDATE staf SET aktif = ? WHERE id = ? AND aktif <> ?", "iii", (int64_t)aktif, id,
		    (int64_t)aktif) != DB_DONE)
		goto err;
	if (db_changes(db) != 1) {
		/* already so (a second click): nothing to record */
		st = db_query(db, "SELECT 1 FROM staf WHERE id = ?", "i", id);
		exists = db_next(st) == DB_ROW;
		db_end(st);
		db_rollback(db);
		return exists ? STAFF_EDIT_OK : STAFF_EDIT_NOT_FOUND;
	}
	if (!aktif) {
		if ((admins = active_admins(db)) < 0)
			goto err;
		if (admins == 0) {
			db_rollback(db);
			return STAFF_EDIT_LAST_ADMIN;
		}
		session_destroy_subject(db, SESS_STAF, id);
	}
	if (audit_log(db, actor, aktif ? "staf.aktif" : "staf.nonaktif", objek, NULL) < 0 ||
	    db_commit(db) != DB_OK)
		goto err;
	return STAFF_EDIT_OK;
err:
	db_rollback(db);
	return STAFF_EDIT_ERR;
}

enum staff_edit_rc staff_reset_by_id(struct db *db, int64_t actor, int64_t id, char password[21])
{
	char hash[128], objek[32];

	password[0] = '\0';
	if (id == actor)
		return STAFF_EDIT_SELF;
	staff_generate_password(password);
	if (secret_password_hash(password, hash, sizeof hash) < 0 || db_begin(db) != DB_OK) {
		password[0] = '\0';
		return STAFF_EDIT_ERR;
	}
	objek_of(id, objek);
	if (db_exec(db, "UPDATE staf SET password_hash = ?, ganti_password = 1 WHERE id = ?", "si", hash, id) != DB_DONE)
		goto err;
	if (db_changes(db) != 1) {
		db_rollback(db);
		password[0] = '\0';
		return STAFF_EDIT_NOT_FOUND;
	}
	session_destroy_subject(db, SESS_STAF, id);
	if (audit_log(db, actor, "staf.reset_password", objek, NULL) < 0 || db_commit(db) != DB_OK)
		goto err;
	return STAFF_EDIT_OK;
err:
	db_rollback(db);
	password[0] = '\0';
	return STAFF_EDIT_ERR;
}
