// SPDX-License-Identifier: MIT
// Server-side sessions: browser cookies and API bearer tokens alike.
#ifndef LOKET_SESSION_H
#define LOKET_SESSION_H

#include <stdint.h>

#include "lib/arena.h"
#include "lib/secret.h"
#include "store/db.h"

enum sess_kind { SESS_ANON, SESS_PEMOHON, SESS_STAF, SESS__MAX };

struct session {
	char id_hash[SECRET_HASH_LEN + 1];
	enum sess_kind kind;
	int64_t subject;            /* pemohon.id or staf.id; 0 for anon */
	int64_t grup_id;            /* an applicant's web mode (0: personal), as
				       stored: web_mode checks it is still allowed */
	int api;
	char csrf[SECRET_TOKEN_LEN + 1];
	const char *flash;          /* one-time message, arena copy or NULL */
};

/* Loads the live session whose raw id (cookie or bearer) is given; 0 ok,
 * -1 when absent or expired. Takes a pending flash message off the row. */
int session_load(struct db *db, struct arena *a, const char *raw, int api, struct session *out);
/* The same for a browser cookie, read-only: writes nothing (no last_seen
 * refresh) and leaves a pending flash message for the next page (flash is
 * NULL). For error pages, which show who is logged in. */
int session_peek(struct db *db, struct arena *a, const char *raw, struct session *out);
/* Creates a session; raw receives the id to hand to the client. */
int session_create(struct db *db, enum sess_kind kind, int64_t subject, int api,
		   char raw[SECRET_TOKEN_LEN + 1], struct session *out);
void session_destroy(struct db *db, const struct session *s);
/* Ends every session of one account (password reset). */
void session_destroy_subject(struct db *db, enum sess_kind kind, int64_t subject);
/* Stores a one-time message shown on the next page of this session. */
void session_flash(struct db *db, const struct session *s, const char *msg);
/* Stores the applicant's web mode (Ganti Mode; 0: personal) in the
 * session and in s. 0 or -1. */
int session_set_grup(struct db *db, struct session *s, int64_t grup_id);
/* "Daftar Ulang": the rejected account whose owner proved the password in
 * this session (0 = none, which also clears it). */
int session_set_reregister(struct db *db, const struct session *s, int64_t pemohon_id);
int64_t session_reregister(struct db *db, const struct session *s);
/* A login in this browser that waits for the code sent to the owner of
 * account pemohon_id (0 = none, which also clears it). */
int session_set_login_wait(struct db *db, const struct session *s, int64_t pemohon_id);
int64_t session_login_wait(struct db *db, const struct session *s);
/*
 * The staff web login's second step, kept in the (anonymous) session of the
 * browser that gave the right password: staf_id must still give a code,
 * until Unix time until. Setting replaces what was pending.
 * session_staf_pending: the officer while the step is live, else 0.
 * session_take_staf_pending: ends the step for staf_id if it is still live,
 * as one conditional UPDATE; 0 when this call ended it, -1 when it was
 * gone already (used, replaced or expired), so one step logs in once.
 * session_drop_staf_pending: ends every pending step of staf_id (their
 * enrolment was reset).
 */
int session_set_staf_pending(struct db *db, const struct session *s, int64_t staf_id, int64_t until);
int64_t session_staf_pending(struct db *db, const struct session *s);
int session_take_staf_pending(struct db *db, const struct session *s, int64_t staf_id);
void session_drop_staf_pending(struct db *db, int64_t staf_id);
/* Deletes expired sessions, captchas and used/expired tokens. */
void session_sweep(struct db *db);

#endif
