// SPDX-License-Identifier: MIT
// Captcha rows hold only the hash of the id and the expected number.
#include "domain/captcha.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/config.h"

int captcha_new(struct db *db, const char *sesi_hash, char id[SECRET_TOKEN_LEN + 1],
		char question[64])
{
	char hash[SECRET_HASH_LEN + 1];
	unsigned a = 1 + secret_uniform(9), b = 1 + secret_uniform(9), op = secret_uniform(3);
	long answer;

	if (op == 1 && b > a) {
		unsigned t = a;

		a = b;
		b = t;
	}
	switch (op) {
	case 0:
		answer = a + b;
		snprintf(question, 64, "Berapa %u ditambah %u ?", a, b);
		break;
	case 1:
		answer = (long)a - (long)b;
		snprintf(question, 64, "Berapa %u dikurangi %u ?", a, b);
		break;
	default:
		answer = a * b;
		snprintf(question, 64, "Berapa %u dikali %u ?", a, b);
	}
	secret_token(id);
	secret_hash("captcha:", id, hash);
	return db_exec(db, "INSERT INTO captcha (id_hash, sesi_hash, jawaban, expires_at) "
		       "VALUES (?, ?, ?, ?)", "ssii", hash, sesi_hash, (int64_t)answer,
		       (int64_t)time(NULL) + g_cfg.captcha_ttl) == DB_DONE ? 0 : -1;
}

enum captcha_result captcha_check(struct db *db, const char *id, const char *sesi_hash,
				  const char *answer)
{
	char hash[SECRET_HASH_LEN + 1];
	struct db_stmt *st;
	int64_t expected, expires;
	const char *owner;
	int bound_ok;
	char *end;
	long got;

	if (!id || strlen(id) != SECRET_TOKEN_LEN)
		return CAPTCHA_INVALID;
	secret_hash("captcha:", id, hash);
	st = db_query(db, "SELECT jawaban, expires_at, sesi_hash FROM captcha WHERE id_hash = ?",
		      "s", hash);
	if (db_next(st) != DB_ROW) {
		db_end(st);
		return CAPTCHA_INVALID;
	}
	expected = db_int(st, 0);
	expires = db_int(st, 1);
	owner = db_text(st, 2);
	bound_ok = (!owner && !sesi_hash) || (owner && sesi_hash && !strcmp(owner, sesi_hash));
	db_end(st);
	/* single use: whatever happens next, this captcha is gone */
	if (db_exec(db, "DELETE FROM captcha WHERE id_hash = ?", "s", hash) != DB_DONE ||
	    db_changes(db) != 1)
		return CAPTCHA_INVALID;
	if (!bound_ok || expires <= time(NULL))
		return CAPTCHA_INVALID;
	if (!answer)
		return CAPTCHA_WRONG;
	while (*answer == ' ')
		answer++;
	got = strtol(answer, &end, 10);
	while (*end == ' ')
		end++;
	if (end == answer || *end || got != expected)
		return CAPTCHA_WRONG;
	return CAPTCHA_OK;
}

const char *captcha_message(enum captcha_result r)
{
	static const char *const msg[CAPTCHA__MAX] = {
		"",
		"Jawaban hitungan salah. Silakan coba lagi dengan soal yang baru.",
		"Soal hitungan sudah tidak berlaku. Silakan jawab soal yang baru.",
	};

	return msg[r];
}
