// SPDX-License-Identifier: MIT
// Random tokens, codes and hashes for secrets that are stored hashed.
#ifndef LOKET_SECRET_H
#define LOKET_SECRET_H

#include <stddef.h>

#define SECRET_TOKEN_LEN 43   /* base64url of 32 random bytes, no padding */
#define SECRET_HASH_LEN 64    /* hex SHA-256 */

/* Must be called once before any other function (initialises libsodium). */
int secret_init(void);
/* 256-bit random token as base64url text in out[SECRET_TOKEN_LEN + 1]. */
void secret_token(char out[SECRET_TOKEN_LEN + 1]);
/* Uniform random number in [0, upper). */
unsigned secret_uniform(unsigned upper);
/* Six random digits in out[7]. */
void secret_code6(char out[7]);
/* Hex SHA-256 of s (with an optional domain-separating prefix). */
void secret_hash(const char *prefix, const char *s, char out[SECRET_HASH_LEN + 1]);
/* Constant-time equality of two NUL-terminated strings. */
int secret_equal(const char *a, const char *b);
/* Argon2id (interactive limits); out is a NUL-terminated encoded string. */
int secret_password_hash(const char *pw, char *out, size_t outsz);
/* 1 when pw matches the stored Argon2id string, 0 otherwise. */
int secret_password_verify(const char *stored, const char *pw);

/* ---- sealing with a key kept outside the database ------------------------ */

#define SECRET_KEY_BYTES 32

/* Loads the 256-bit key kept as 64 hex digits (and a newline) in path,
 * creating the file first when it does not exist: mode 0600 in a directory
 * created 0700 when missing, written under a temporary name and linked in
 * place, so two processes starting together end up reading the same key.
 * 0, or -1 (errno set; EINVAL for a file that holds no key). */
int secret_key_file(const char *path, unsigned char key[SECRET_KEY_BYTES]);
/* Encrypts n bytes of msg with key (XChaCha20-Poly1305, random nonce),
 * bound to ad: what was sealed for one ad ("staf:12") does not open for
 * another. Base64url text (nonce, ciphertext, tag); caller frees. */
char *secret_seal(const unsigned char key[SECRET_KEY_BYTES], const char *ad, const void *msg, size_t n);
/* Opens what secret_seal made with the same key and ad into out; the byte
 * count, or -1 (another key or ad, altered, malformed or longer than
 * outsz). out is wiped on failure. */
int secret_open(const unsigned char key[SECRET_KEY_BYTES], const char *ad, const char *sealed, void *out,
		size_t outsz);

#endif
