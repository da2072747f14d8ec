// SPDX-License-Identifier: MIT
// Session rows keyed by the SHA-256 of a 256-bit random id.
#include "domain/session.h"

#include <string.h>
#include <time.h>

#include "lib/config.h"

static const char *const kind_names[SESS__MAX] = { "anon", "pemohon", "staf" };

static enum sess_kind kind_from(const char *s)
{
	int i;

	for (i = 0; i < SESS__MAX; i++)
		if (s && !strcmp(s, kind_names[i]))
			return (enum sess_kind)i;
	return SESS_ANON;
}

static int load(struct db *db, struct arena *a, const char *raw, int api, int touch, struct session *out)
{
	struct db_stmt *st;
	int64_t now = time(NULL), last_seen;
	const char *flash;

	memset(out, 0, sizeof *out);
	if (!raw || strlen(raw) != SECRET_TOKEN_LEN)
		return -1;
	secret_hash("sesi:", raw, out->id_hash);
	st = db_query(db, "SELECT jenis, subjek_id, csrf, flash, last_seen, grup_id FROM sesi "
		      "WHERE id_hash = ? AND api = ? AND expires_at > ? AND last_seen > ?",
		      "sdii", out->id_hash, api, now, now - g_cfg.session_idle);
	if (db_next(st) != DB_ROW) {
		db_end(st);
		return -1;
	}
	out->kind = kind_from(db_text(st, 0));
	out->subject = db_int(st, 1);
	out->api = api;
	strncpy(out->csrf, db_text(st, 2), SECRET_TOKEN_LEN);
	flash = touch ? db_text(st, 3) : NULL;
	out->flash = flash ? arena_strdup(a, flash) : NULL;
	last_seen = db_int(st, 4);
	out->grup_id = db_int(st, 5);
	db_end(st);
	/* touch at most once a minute: keeps reads from becoming writes */
	if (touch && (out->flash || now - last_seen > 60))
		db_exec(db, "UPDATE sesi SET last_seen = ?, flash = NULL WHERE id_hash = ?",
			"is", now, out->id_hash);
	return 0;
}

int session_load(struct db *db, struct arena *a, const char *raw, int api, struct session *out)
{
	return load(db, a, raw, api, 1, out);
}

int session_peek(struct db *db, struct arena *a, const char *raw, struct session *out)
{
	return load(db, a, raw, 0, 0, out);
}

int session_create(struct db *db, enum sess_kind kind, int64_t subject, int api,
		   char raw[SECRET_TOKEN_LEN + 1], struct session *out)
{
	int64_t now = time(NULL);

	memset(out, 0, sizeof *out);
	secret_token(raw);
	secret_hash("sesi:", raw, out->id_hash);
	secret_token(out->csrf);
	out->kind = kind;
	out->subject = subject;
	out->api = api;
	return db_exec(db, "INSERT INTO sesi (id_hash, jenis, subjek_id, api, csrf, created_at, "
		       "last_seen, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       "ssidsiii", out->id_hash, kind_names[kind], subject, api, out->csrf,
		       now, now, now + g_cfg.session_max) == DB_DONE ? 0 : -1;
}

void session_destroy(struct db *db, const struct session *s)
{
	db_exec(db, "DELETE FROM sesi WHERE id_hash = ?", "s", s->id_hash);
	db_exec(db, "DELETE FROM captcha WHERE sesi_hash = ?", "s", s->id_hash);
}

void session_destroy_subject(struct db *db, enum sess_kind kind, int64_t subject)
{
	db_exec(db, "DELETE FROM sesi WHERE jenis = ? AND subjek_id = ?", "si",
		kind_names[kind], subject);
}

void session_flash(struct db *db, const struct session *s, const char *msg)
{
	db_exec(db, "UPDATE sesi SET flash = ? WHERE id_hash = ?", "ss", msg, s->id_hash);
}

/* Sets (id) or clears (0) a per-session id column: set_sql binds the id
 * and the session, clear_sql the session only. */
static int set_id(struct db *db, const struct session *s, const char *set_sql, const char *clear_sql, int64_t id)
{
	return (id ? db_exec(db, set_sql, "is", id, s->id_hash) : db_exec(db, clear_sql, "s", s->id_hash)) == DB_DONE
	       ? 0 : -1;
}

/* The id in the column sql selects from the session's row (0: NULL). */
static int64_t get_id(struct db *db, const struct session *s, const char *sql)
{
	struct db_stmt *st = db_query(db, sql, "s", s->id_hash);
	int64_t id = 0;

	if (db_next(st) == DB_ROW && !db_is_null(st, 0))
		id = db_int(st, 0);
	db_end(st);
	return id;
}

int session_set_grup(struct db *db, struct session *s, int64_t grup_id)
{
	if (db_exec(db, "UPDATE sesi SET grup_id = ? WHERE id_hash = ?", "is", grup_id, s->id_hash) != DB_DONE)
		return -1;
	s->grup_id = grup_id;
	return 0;
}

int session_set_reregister(struct db *db, const struct session *s, int64_t pemohon_id)
{
	return set_id(db, s, "UPDATE sesi SET daftar_ulang_id = ? WHERE id_hash = ?",
		      "UPDATE sesi SET daftar_ulang_id = NULL WHERE id_hash = ?", pemohon_id);
}

int64_t session_reregister(struct db *db, const struct session *s)
{
	return get_id(db, s, "SELECT daftar_ulang_id FROM sesi WHERE id_hash = ?");
}

int session_set_login_wait(struct db *db, const struct session *s, int64_t pemohon_id)
{
	return set_id(db, s, "UPDATE sesi SET masuk_pemohon_id = ? WHERE id_hash = ?",
		      "UPDATE sesi SET masuk_pemohon_id = NULL WHERE id_hash = ?", pemohon_id);
}

int64_t session_login_wait(struct db *db, const struct session *s)
{
	return get_id(db, s, "SELECT masuk_pemohon_id FROM sesi WHERE id_hash = ?");
}

int session_set_staf_pending(struct db *db, const struct session *s, int64_t staf_id, int64_t until)
{
	return db_exec(db, "UPDATE sesi SET staf_kode_id = ?, staf_kode_sampai = ? WHERE id_hash = ?", "iis", staf_id,
		       until, s->id_hash) == DB_DONE && db_changes(db) == 1 ? 0 : -1;
}

int64_t session_staf_pending(struct db *db, const struct session *s)
{
	struct db_stmt *st = db_query(db, "SELECT staf_kode_id FROM sesi WHERE id_hash = ? AND staf_kode_id IS NOT NULL "
				      "AND staf_kode_sampai > ?", "si", s->id_hash, (int64_t)time(NULL));
	int64_t id = 0;

	if (db_next(st) == DB_ROW)
		id = db_int(st, 0);
	db_end(st);
	return id;
}

int session_take_staf_pending(struct db *db, const struct session *s, int64_t staf_id)
{
	return db_exec(db, "UPDATE sesi SET staf_kode_id = NULL, staf_kode_sampai = NULL WHERE id_hash = ? AND "
		       "staf_kode_id = ? AND staf_kode_sampai > ?", "sii", s->id_hash, staf_id,
		       (int64_t)time(NULL)) == DB_DONE && db_changes(db) == 1 ? 0 : -1;
}

void session_drop_staf_pending(struct db *db, int64_t staf_id)
{
	db_exec(db, "UPDATE sesi SET staf_kode_id = NULL, staf_kode_sampai = NULL WHERE staf_kode_id = ?", "i", staf_id);
}

void session_sweep(struct db *db)
{
	int64_t now = time(NULL);

	db_exec(db, "DELETE FROM sesi WHERE expires_at <= ? OR last_seen <= ?", "ii",
		now, now - g_cfg.session_idle);
	db_exec(db, "DELETE FROM captcha WHERE expires_at <= ?", "i", now);
	db_exec(db, "DELETE FROM kode_verifikasi WHERE expires_at <= ?", "i", now - 86400);
}
