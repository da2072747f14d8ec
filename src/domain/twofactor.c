// SPDX-License-Identifier: MIT
// Two-factor login of staff: sealed TOTP secrets, one use per time step, hashed one-time recovery codes.
#include "domain/twofactor.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/audit.h"
#include "domain/session.h"
#include "domain/settings.h"
#include "domain/staff.h"
#include "domain/throttle.h"
#include "lib/config.h"
#include "lib/log.h"
#include "lib/secret.h"

/* Crockford's base32: no i, l, o or u to misread on paper. */
static const char recovery_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

int twofa_required(struct db *db, int roles)
{
	if (roles & ((1 << ROLE_ADMIN) | (1 << ROLE_PENANDATANGAN)))
		return 1;
	return settings_on(settings_get(db), SET_WAJIB_2FA);
}

int twofa_enrolled(struct db *db, int64_t staf_id)
{
	struct db_stmt *st = db_query(db, "SELECT totp_rahasia FROM staf WHERE id = ?", "i", staf_id);
	enum db_rc rc = db_next(st);
	int on = rc == DB_ROW && !db_is_null(st, 0);

	db_end(st);
	return rc == DB_ROW || rc == DB_DONE ? on : -1;
}

/* ---- the sealing key and sealed secrets ---------------------------------- */

static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char seal_key[SECRET_KEY_BYTES];
static int seal_key_loaded;

/* The key of totp_key_file, read (or created) once per process; NULL when
 * it cannot be had (logged). */
static const unsigned char *key_get(void)
{
	const unsigned char *k;

	pthread_mutex_lock(&key_lock);
	if (!seal_key_loaded) {
		if (g_cfg.totp_key_file && *g_cfg.totp_key_file && secret_key_file(g_cfg.totp_key_file, seal_key) == 0)
			seal_key_loaded = 1;
		else
			log_error("two-factor: no key in totp_key_file %s: %s", g_cfg.totp_key_file ? g_cfg.totp_key_file : "",
				  strerror(errno));
	}
	k = seal_key_loaded ? seal_key : NULL;
	pthread_mutex_unlock(&key_lock);
	return k;
}

static void seal_ad(int64_t staf_id, char ad[32])
{
	snprintf(ad, 32, "staf:%lld", (long long)staf_id);
}

/* A fresh secret sealed for staf_id (caller frees), its bytes in raw. */
static char *secret_new(int64_t staf_id, unsigned char raw[OTP_KEY_BYTES])
{
	const unsigned char *k = key_get();
	char ad[32];

	if (!k)
		return NULL;
	randombytes_buf(raw, OTP_KEY_BYTES);
	seal_ad(staf_id, ad);
	return secret_seal(k, ad, raw, OTP_KEY_BYTES);
}

/* Opens a sealed secret of staf_id into raw. 0, or -1 (logged: the key
 * file was replaced, or the row altered). */
static int secret_unseal(int64_t staf_id, const char *sealed, unsigned char raw[OTP_KEY_BYTES])
{
	const unsigned char *k = key_get();
	char ad[32];

	seal_ad(staf_id, ad);
	if (k && secret_open(k, ad, sealed, raw, OTP_KEY_BYTES) == OTP_KEY_BYTES)
		return 0;
	if (k)
		log_error("two-factor: the secret of staf:%lld does not open with totp_key_file (replaced key?)",
			  (long long)staf_id);
	sodium_memzero(raw, OTP_KEY_BYTES);
	return -1;
}

/* The two sealed secrets of an active officer (caller frees; NULL when
 * unset). 0, 1 when there is no such active officer, -1 on error. */
static int read_secrets(struct db *db, int64_t staf_id, char **active, char **pending)
{
	struct db_stmt *st = db_query(db, "SELECT totp_rahasia, totp_calon FROM staf WHERE id = ? AND aktif = 1", "i",
				      staf_id);
	enum db_rc rc = db_next(st);

	*active = *pending = NULL;
	if (rc == DB_ROW) {
		*active = db_is_null(st, 0) ? NULL : strdup(db_text(st, 0));
		*pending = db_is_null(st, 1) ? NULL : strdup(db_text(st, 1));
	}
	db_end(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* ---- recovery codes ------------------------------------------------------ */

/* Makes the codes to show and the hashes to keep. */
static void recovery_make(char codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT],
			  char hashes[TWOFA_RECOVERY_COUNT][SECRET_HASH_LEN + 1])
{
	char raw[TWOFA_RECOVERY_CHARS + 1];
	int i, j, o;

	for (i = 0; i < TWOFA_RECOVERY_COUNT; i++) {
		for (j = 0, o = 0; j < TWOFA_RECOVERY_CHARS; j++) {
			raw[j] = recovery_alphabet[secret_uniform(32)];
			if (j && j % 4 == 0)
				codes[i][o++] = '-';
			codes[i][o++] = raw[j];
		}
		raw[TWOFA_RECOVERY_CHARS] = codes[i][o] = '\0';
		secret_hash("pemulihan:", raw, hashes[i]);
	}
	sodium_memzero(raw, sizeof raw);
}

/* A typed recovery code in its stored form (lower case, no separators;
 * o read as 0, i and l as 1, as Crockford's base32 reads them). 0, or -1
 * when it cannot be one. */
static int recovery_norm(const char *in, char out[TWOFA_RECOVERY_CHARS + 1])
{
	size_t n = 0;

	for (; *in; in++) {
		int c = tolower((unsigned char)*in);

		if (c == ' ' || c == '-')
			continue;
		c = c == 'o' ? '0' : c == 'i' || c == 'l' ? '1' : c;
		if (n == TWOFA_RECOVERY_CHARS || !c || !strchr(recovery_alphabet, c))
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == TWOFA_RECOVERY_CHARS ? 0 : -1;
}

/* Replaces the recovery codes of staf_id (inside the caller's transaction). */
static int recovery_store(struct db *db, int64_t staf_id, char hashes[TWOFA_RECOVERY_COUNT][SECRET_HASH_LEN + 1])
{
	int64_t now = time(NULL);
	int i;

	if (db_exec(db, "DELETE FROM staf_pemulihan WHERE staf_id = ?", "i", staf_id) != DB_DONE)
		return -1;
	for (i = 0; i < TWOFA_RECOVERY_COUNT; i++)
		if (db_exec(db, "INSERT INTO staf_pemulihan (staf_id, kode_hash, created_at) VALUES (?, ?, ?)", "isi",
			    staf_id, hashes[i], now) != DB_DONE)
			return -1;
	return 0;
}

int twofa_recovery_left(struct db *db, int64_t staf_id)
{
	struct db_stmt *st = db_query(db, "SELECT COUNT(*) FROM staf_pemulihan WHERE staf_id = ?", "i", staf_id);
	int n = db_next(st) == DB_ROW ? (int)db_int(st, 0) : -1;

	db_end(st);
	return n;
}

static void objek_of(int64_t staf_id, char out[32])
{
	snprintf(out, 32, "staf:%lld", (long long)staf_id);
}

/* Uses a recovery code up: one DELETE decides, so a code logs in once. */
static enum twofa_rc recovery_use(struct db *db, int64_t staf_id, const char *code)
{
	char norm[TWOFA_RECOVERY_CHARS + 1], hash[SECRET_HASH_LEN + 1], objek[32], detail[32];
	int left;

	if (recovery_norm(code, norm) < 0)
		return TWOFA_WRONG;
	secret_hash("pemulihan:", norm, hash);
	sodium_memzero(norm, sizeof norm);
	if (db_begin(db) != DB_OK)
		return TWOFA_ERR;
	if (db_exec(db, "DELETE FROM staf_pemulihan WHERE staf_id = ? AND kode_hash = ?", "is", staf_id, hash) != DB_DONE)
		goto err;
	if (db_changes(db) != 1) {
		db_rollback(db);
		return TWOFA_WRONG;
	}
	left = twofa_recovery_left(db, staf_id);
	objek_of(staf_id, objek);
	snprintf(detail, sizeof detail, "sisa=%d", left);
	if (left < 0 || audit_log(db, staf_id, "staf.2fa_pemulihan", objek, detail) < 0 || db_commit(db) != DB_OK)
		goto err;
	return TWOFA_RECOVERY;
err:
	db_rollback(db);
	return TWOFA_ERR;
}

/* ---- the app's codes ----------------------------------------------------- */

/* Checks a six-digit code against the enrolled secret and takes its step
 * with one conditional UPDATE: of two logins racing with the same code,
 * or with codes of the same step, one wins (READ COMMITTED re-checks the
 * WHERE on the row the winner changed). */
static enum twofa_rc totp_use(struct db *db, int64_t staf_id, const char *code)
{
	unsigned char raw[OTP_KEY_BYTES];
	struct db_stmt *st;
	char *sealed = NULL;
	int64_t last = 0, step = 0;
	enum twofa_rc rc = TWOFA_WRONG;
	int match;

	st = db_query(db, "SELECT totp_rahasia, totp_langkah FROM staf WHERE id = ? AND aktif = 1", "i", staf_id);
	if (db_next(st) == DB_ROW && !db_is_null(st, 0)) {
		sealed = strdup(db_text(st, 0));
		last = db_int(st, 1);
	}
	db_end(st);
	if (!sealed)
		return TWOFA_WRONG;
	if (secret_unseal(staf_id, sealed, raw) < 0) {
		free(sealed);
		return TWOFA_WRONG;
	}
	match = otp_totp_match(raw, sizeof raw, code, time(NULL), TWOFA_WINDOW, &step);
	sodium_memzero(raw, sizeof raw);
	if (match && step <= last) {
		rc = TWOFA_REPLAYED;
	} else if (match) {
		if (db_exec(db, "UPDATE staf SET totp_langkah = ? WHERE id = ? AND totp_langkah < ? AND totp_rahasia = ?",
			    "iiis", step, staf_id, step, sealed) != DB_DONE)
			rc = TWOFA_ERR;
		else
			rc = db_changes(db) == 1 ? TWOFA_OK : TWOFA_REPLAYED;
	}
	free(sealed);
	return rc;
}

/* The typed code without spaces and dashes, when it is six digits. */
static int is_app_code(const char *code, char out[OTP_DIGITS + 1])
{
	size_t n = 0;

	for (; *code; code++) {
		if (*code == ' ' || *code == '-')
			continue;
		if (n == OTP_DIGITS || !isdigit((unsigned char)*code))
			return 0;
		out[n++] = *code;
	}
	out[n] = '\0';
	return n == OTP_DIGITS;
}

enum twofa_rc twofa_login(struct db *db, int64_t staf_id, const char *username, const char *ip, const char *code,
			  long *retry)
{
	char key_code[48], six[OTP_DIGITS + 1];
	enum twofa_rc rc;
	long w;

	/* counted per officer too: the right password clears the pair's
	 * counter of staff_login, and must not reopen guessing the code */
	snprintf(key_code, sizeof key_code, "staf:kode:%lld", (long long)staf_id);
	*retry = staff_login_wait(db, username, ip);
	if ((w = throttle_wait(db, key_code)) > *retry)
		*retry = w;
	if (*retry > 0)
		return TWOFA_LOCKED;
	if (!code || strlen(code) > TWOFA_CODE_MAX)
		rc = TWOFA_WRONG;
	else if (is_app_code(code, six))
		rc = totp_use(db, staf_id, six);
	else
		rc = recovery_use(db, staf_id, code);
	if (rc == TWOFA_WRONG || rc == TWOFA_REPLAYED) {
		staff_login_failed(db, username, ip);
		throttle_delay(db, key_code, g_cfg.login_free, g_cfg.login_window, g_cfg.login_lockout);
	} else if (rc == TWOFA_OK || rc == TWOFA_RECOVERY) {
		throttle_clear(db, key_code);
	}
	return rc;
}

/* ---- enrolment ----------------------------------------------------------- */

/* Stores a fresh pending secret for staf_id in place of old (NULL: none),
 * its bytes into raw. 1 stored; 0 when another request stored one first
 * (read it again); -1 on error. */
static int pending_store(struct db *db, int64_t staf_id, const char *old, unsigned char raw[OTP_KEY_BYTES])
{
	char *fresh = secret_new(staf_id, raw);
	enum db_rc rc;

	if (!fresh)
		return -1;
	if (old)
		rc = db_exec(db, "UPDATE staf SET totp_calon = ? WHERE id = ? AND totp_rahasia IS NULL AND totp_calon = ?",
			     "sis", fresh, staf_id, old);
	else
		rc = db_exec(db, "UPDATE staf SET totp_calon = ? WHERE id = ? AND totp_rahasia IS NULL AND "
			     "totp_calon IS NULL", "si", fresh, staf_id);
	free(fresh);
	if (rc != DB_DONE)
		return -1;
	return db_changes(db) == 1;
}

enum twofa_rc twofa_enrol_secret(struct db *db, int64_t staf_id, char b32[OTP_KEY_B32_LEN + 1])
{
	unsigned char raw[OTP_KEY_BYTES];
	char *active, *pending;
	enum twofa_rc rc = TWOFA_ERR;
	int tries, stored = 0;

	b32[0] = '\0';
	/* of two first views at once, one stores its secret and the other
	 * reads the winner's on its next turn */
	for (tries = 0; tries < 3 && rc == TWOFA_ERR && stored == 0; tries++) {
		if (read_secrets(db, staf_id, &active, &pending) != 0)
			return TWOFA_ERR;
		if (active)
			rc = TWOFA_STATE;
		else if (pending && secret_unseal(staf_id, pending, raw) == 0)
			rc = TWOFA_OK;
		else if ((stored = pending_store(db, staf_id, pending, raw)) == 1)
			rc = TWOFA_OK;
		free(active);
		free(pending);
	}
	if (rc == TWOFA_OK)
		otp_base32_encode(raw, sizeof raw, b32, OTP_KEY_B32_LEN + 1);
	sodium_memzero(raw, sizeof raw);
	return rc;
}

enum twofa_rc twofa_enrol_confirm(struct db *db, int64_t staf_id, const char *code,
				  char codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT])
{
	char hashes[TWOFA_RECOVERY_COUNT][SECRET_HASH_LEN + 1], *active, *pending, six[OTP_DIGITS + 1], objek[32];
	unsigned char raw[OTP_KEY_BYTES];
	int64_t step = 0;
	int match;

	if (read_secrets(db, staf_id, &active, &pending) != 0)
		return TWOFA_ERR;
	if (active || !pending) {
		free(active);
		free(pending);
		return TWOFA_STATE;
	}
	match = code && is_app_code(code, six) && secret_unseal(staf_id, pending, raw) == 0 &&
		otp_totp_match(raw, sizeof raw, six, time(NULL), TWOFA_WINDOW, &step);
	sodium_memzero(raw, sizeof raw);
	if (!match) {
		free(pending);
		return TWOFA_WRONG;
	}
	recovery_make(codes, hashes);
	objek_of(staf_id, objek);
	if (db_begin(db) != DB_OK)
		goto err;
	/* the secret the code was checked against, and only if still pending */
	if (db_exec(db, "UPDATE staf SET totp_rahasia = totp_calon, totp_calon = NULL, totp_langkah = ?, totp_sejak = ? "
		    "WHERE id = ? AND totp_rahasia IS NULL AND totp_calon = ?", "iiis", step, (int64_t)time(NULL), staf_id,
		    pending) != DB_DONE)
		goto err;
	if (db_changes(db) != 1) {
		db_rollback(db);
		free(pending);
		return TWOFA_STATE;
	}
	if (recovery_store(db, staf_id, hashes) < 0 || audit_log(db, staf_id, "staf.2fa_aktif", objek, NULL) < 0 ||
	    db_commit(db) != DB_OK)
		goto err;
	free(pending);
	return TWOFA_OK;
err:
	db_rollback(db);
	free(pending);
	memset(codes, 0, sizeof(char[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT]));
	return TWOFA_ERR;
}

/* ---- afterwards ---------------------------------------------------------- */

enum twofa_rc twofa_recovery_renew(struct db *db, int64_t staf_id,
				   char codes[TWOFA_RECOVERY_COUNT][TWOFA_RECOVERY_TEXT])
{
	char hashes[TWOFA_RECOVERY_COUNT][SECRET_HASH_LEN + 1], objek[32];

	recovery_make(codes, hashes);
	objek_of(staf_id, objek);
	if (db_begin(db) != DB_OK)
		return TWOFA_ERR;
	/* takes the officer's row first: two renewals at once run one after
	 * the other, and the second deletes the first one's codes */
	if (db_exec(db, "UPDATE staf SET totp_langkah = totp_langkah WHERE id = ? AND totp_rahasia IS NOT NULL", "i",
		    staf_id) != DB_DONE)
		goto err;
	if (db_changes(db) != 1) {
		db_rollback(db);
		return TWOFA_STATE;
	}
	if (recovery_store(db, staf_id, hashes) < 0 || audit_log(db, staf_id, "staf.2fa_kode_baru", objek, NULL) < 0 ||
	    db_commit(db) != DB_OK)
		goto err;
	return TWOFA_OK;
err:
	db_rollback(db);
	return TWOFA_ERR;
}

/* Clears the enrolment of staf_id inside the caller's transaction; 1 when
 * there was one, 0 when not, -1 on error. */
static int clear_enrolment(struct db *db, int64_t staf_id)
{
	if (db_exec(db, "UPDATE staf SET totp_rahasia = NULL, totp_calon = NULL, totp_langkah = 0, totp_sejak = NULL "
		    "WHERE id = ? AND (totp_rahasia IS NOT NULL OR totp_calon IS NOT NULL)", "i", staf_id) != DB_DONE)
		return -1;
	if (db_changes(db) != 1)
		return 0;
	return db_exec(db, "DELETE FROM staf_pemulihan WHERE staf_id = ?", "i", staf_id) == DB_DONE ? 1 : -1;
}

enum twofa_rc twofa_disable(struct db *db, int64_t staf_id, int roles)
{
	char objek[32];
	int n;

	if (twofa_required(db, roles))
		return TWOFA_STATE;
	objek_of(staf_id, objek);
	if (db_begin(db) != DB_OK)
		return TWOFA_ERR;
	n = twofa_enrolled(db, staf_id) == 1 ? clear_enrolment(db, staf_id) : 0;
	if (n <= 0) {
		db_rollback(db);
		return n < 0 ? TWOFA_ERR : TWOFA_STATE;
	}
	if (audit_log(db, staf_id, "staf.2fa_nonaktif", objek, NULL) < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		return TWOFA_ERR;
	}
	return TWOFA_OK;
}

int twofa_reset(struct db *db, const char *username)
{
	struct db_stmt *st;
	char objek[32];
	int64_t id = 0;

	if (db_begin(db) != DB_OK)
		return -1;
	st = db_query(db, "SELECT id FROM staf WHERE username = ? AND aktif = 1", "s", username);
	if (db_next(st) == DB_ROW)
		id = db_int(st, 0);
	db_end(st);
	if (!id) {
		db_rollback(db);
		return 1;
	}
	objek_of(id, objek);
	if (clear_enrolment(db, id) < 0)
		goto err;
	session_destroy_subject(db, SESS_STAF, id);
	session_drop_staf_pending(db, id);
	/* no officer did it: the audit row names the command line as origin */
	if (audit_log(db, 0, "staf.2fa_reset", objek, NULL) < 0 || db_commit(db) != DB_OK)
		goto err;
	return 0;
err:
	db_rollback(db);
	return -1;
}
