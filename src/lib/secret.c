// SPDX-License-Identifier: MIT
// libsodium wrappers: tokens, codes, SHA-256 hex, Argon2id passwords and sealing with a key file.
#include "lib/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* ---- sealing ------------------------------------------------------------- */

/* Reads a key file: 64 hex digits, optionally followed by white space. */
static int read_key(const char *path, unsigned char key[SECRET_KEY_BYTES])
{
	char text[2 * SECRET_KEY_BYTES + 8];
	size_t binlen = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;

	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n >= 2 * SECRET_KEY_BYTES) {
		text[n] = '\0';
		if (sodium_hex2bin(key, SECRET_KEY_BYTES, text, 2 * SECRET_KEY_BYTES, NULL, &binlen, NULL) == 0 &&
		    binlen == SECRET_KEY_BYTES && !text[2 * SECRET_KEY_BYTES + strspn(text + 2 * SECRET_KEY_BYTES, " \t\r\n")])
			rc = 0;
	}
	sodium_memzero(text, sizeof text);
	if (rc < 0) {
		sodium_memzero(key, SECRET_KEY_BYTES);
		errno = EINVAL;
	}
	return rc;
}

/* Writes a fresh key to path unless a file is there already (then that one
 * wins). 0 or -1. */
static int create_key(const char *path)
{
	unsigned char raw[SECRET_KEY_BYTES];
	char text[2 * SECRET_KEY_BYTES + 2], tmp[4200], dir[4096], *slash;
	int fd, rc = -1;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return -1;
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(text, sizeof text - 1, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
	strcat(text, "\n");
	snprintf(tmp, sizeof tmp, "%s.%u.tmp", path, randombytes_random());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	if (write(fd, text, strlen(text)) == (ssize_t)strlen(text) && fsync(fd) == 0)
		/* link() never replaces: a key another process put there first stays */
		rc = link(tmp, path) == 0 || errno == EEXIST ? 0 : -1;
	close(fd);
	unlink(tmp);
out:
	sodium_memzero(text, sizeof text);
	return rc;
}

int secret_key_file(const char *path, unsigned char key[SECRET_KEY_BYTES])
{
	if (read_key(path, key) == 0)
		return 0;
	if (errno != ENOENT || create_key(path) < 0)
		return -1;
	return read_key(path, key);
}

#define SEAL_NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEAL_TAG crypto_aead_xchacha20poly1305_ietf_ABYTES

char *secret_seal(const unsigned char key[SECRET_KEY_BYTES], const char *ad, const void *msg, size_t n)
{
	size_t rawlen = SEAL_NONCE + n + SEAL_TAG, textlen;
	unsigned char *raw = malloc(rawlen);
	unsigned long long clen = 0;
	char *text;

	if (!raw)
		fatal("out of memory");
	randombytes_buf(raw, SEAL_NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(raw + SEAL_NONCE, &clen, msg, n, (const unsigned char *)ad,
						   strlen(ad), NULL, raw, key);
	textlen = sodium_base64_encoded_len(rawlen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	text = malloc(textlen);
	if (!text)
		fatal("out of memory");
	sodium_bin2base64(text, textlen, raw, rawlen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(raw);
	return text;
}

int secret_open(const unsigned char key[SECRET_KEY_BYTES], const char *ad, const char *sealed, void *out,
		size_t outsz)
{
	size_t maxraw = SEAL_NONCE + outsz + SEAL_TAG, rawlen = 0;
	unsigned char *raw;
	unsigned long long mlen = 0;
	int rc = -1;

	if (!sealed || strlen(sealed) > sodium_base64_encoded_len(maxraw, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	raw = malloc(maxraw);
	if (!raw)
		fatal("out of memory");
	if (sodium_base642bin(raw, maxraw, sealed, strlen(sealed), NULL, &rawlen, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	    rawlen >= SEAL_NONCE + SEAL_TAG && rawlen - SEAL_NONCE - SEAL_TAG <= outsz &&
	    crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen, NULL, raw + SEAL_NONCE, rawlen - SEAL_NONCE,
						       (const unsigned char *)ad, strlen(ad), raw, key) == 0)
		rc = (int)mlen;
	else
		sodium_memzero(out, outsz);
	free(raw);
	return rc;
}
