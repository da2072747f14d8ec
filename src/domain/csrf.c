// SPDX-License-Identifier: MIT
// Signed CSRF tokens for forms without a session, under a key kept in kunci_server and cached in the process.
#include "domain/csrf.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "lib/config.h"
#include "lib/log.h"

#define NONCE_LEN 16
#define TIME_LEN 8
#define MAC_LEN crypto_auth_hmacsha256_BYTES
#define RAW_LEN (NONCE_LEN + TIME_LEN + MAC_LEN)
/* how far ahead of this instance's clock another instance's may run */
#define CLOCK_SKEW 300

/* Written once by csrf_init before the worker threads start, then only
 * read: no lock. */
static unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
static int have_key;

int csrf_init(struct db *db)
{
	unsigned char fresh[sizeof key];
	char hex[2 * sizeof key + 1];
	struct db_stmt *st;
	size_t len = 0;
	int ok = 0;

	/* whoever inserts first wins; everyone then reads the winner's key */
	randombytes_buf(fresh, sizeof fresh);
	sodium_bin2hex(hex, sizeof hex, fresh, sizeof fresh);
	sodium_memzero(fresh, sizeof fresh);
	if (db_exec(db, "INSERT INTO kunci_server (nama, nilai, created_at) VALUES ('csrf', ?, ?) "
		    "ON CONFLICT (nama) DO NOTHING", "si", hex, (int64_t)time(NULL)) != DB_DONE) {
		sodium_memzero(hex, sizeof hex);
		return -1;
	}
	sodium_memzero(hex, sizeof hex);
	st = db_query(db, "SELECT nilai FROM kunci_server WHERE nama = 'csrf'", "");
	if (db_next(st) == DB_ROW) {
		const char *v = db_text(st, 0);

		ok = v && strlen(v) == 2 * sizeof key &&
		     sodium_hex2bin(key, sizeof key, v, strlen(v), NULL, &len, NULL) == 0 && len == sizeof key;
	}
	db_end(st);
	if (!ok) {
		log_error("csrf: the key in kunci_server is missing or malformed");
		return -1;
	}
	have_key = 1;
	return 0;
}

/* The HMAC of nonce and time, domain-separated from any other use of the key. */
static void sign(const unsigned char *data, unsigned char mac[MAC_LEN])
{
	static const char purpose[] = "loket csrf anon v1";
	crypto_auth_hmacsha256_state s;

	if (!have_key)
		fatal("csrf_init was not called");
	crypto_auth_hmacsha256_init(&s, key, sizeof key);
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)purpose, sizeof purpose);
	crypto_auth_hmacsha256_update(&s, data, NONCE_LEN + TIME_LEN);
	crypto_auth_hmacsha256_final(&s, mac);
}

void csrf_anon_issue(int64_t now, char out[CSRF_ANON_LEN + 1])
{
	unsigned char raw[RAW_LEN];
	uint64_t t = (uint64_t)now;
	int i;

	randombytes_buf(raw, NONCE_LEN);
	for (i = 0; i < TIME_LEN; i++)
		raw[NONCE_LEN + i] = (unsigned char)(t >> (8 * (TIME_LEN - 1 - i)));
	sign(raw, raw + NONCE_LEN + TIME_LEN);
	sodium_bin2base64(out, CSRF_ANON_LEN + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int csrf_anon_valid(const char *token, int64_t now)
{
	unsigned char raw[RAW_LEN], mac[MAC_LEN];
	uint64_t t = 0;
	size_t len = 0;
	int i;

	if (!token || strlen(token) != CSRF_ANON_LEN ||
	    sodium_base642bin(raw, sizeof raw, token, CSRF_ANON_LEN, NULL, &len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != sizeof raw)
		return 0;
	sign(raw, mac);
	if (sodium_memcmp(mac, raw + NONCE_LEN + TIME_LEN, MAC_LEN) != 0)
		return 0;
	for (i = 0; i < TIME_LEN; i++)
		t = t << 8 | raw[NONCE_LEN + i];
	if (now < 0 || t > (uint64_t)now + CLOCK_SKEW)
		return 0;
	return now - (int64_t)t < g_cfg.session_max;
}
