// SPDX-License-Identifier: MIT
// libsodium wrappers: tokens, codes, SHA-256 hex and Argon2id passwords.
#include "lib/secret.h"

#include <sodium.h>
#include <string.h>

#include "lib/log.h"

int secret_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void secret_token(char out[SECRET_TOKEN_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SECRET_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

unsigned secret_uniform(unsigned upper)
{
	return randombytes_uniform(upper);
}

void secret_code6(char out[7])
{
	unsigned i;

	for (i = 0; i < 6; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[6] = '\0';
}

void secret_hash(const char *prefix, const char *s, char out[SECRET_HASH_LEN + 1])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	if (prefix)
		crypto_hash_sha256_update(&st, (const unsigned char *)prefix, strlen(prefix));
	crypto_hash_sha256_update(&st, (const unsigned char *)s, strlen(s));
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, SECRET_HASH_LEN + 1, h, sizeof h);
}

int secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}

int secret_password_hash(const char *pw, char *out, size_t outsz)
{
	if (outsz < crypto_pwhash_STRBYTES)
		fatal("password hash buffer too small");
	return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

int secret_password_verify(const char *stored, const char *pw)
{
	return stored && crypto_pwhash_str_verify(stored, pw, strlen(pw)) == 0;
}
