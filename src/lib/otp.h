// SPDX-License-Identifier: MIT
// One-time passwords: HOTP (RFC 4226), TOTP (RFC 6238) with HMAC-SHA1, and base32 (RFC 4648).
#ifndef LOKET_OTP_H
#define LOKET_OTP_H

#include <stddef.h>
#include <stdint.h>

#define OTP_PERIOD 30           /* seconds per time step (RFC 6238 X) */
#define OTP_DIGITS 6
#define OTP_KEY_BYTES 20        /* 160-bit secrets, RFC 4226 section 4 R6 */
#define OTP_KEY_B32_LEN 32      /* base32 of OTP_KEY_BYTES, no padding */

/* Base32 (RFC 4648 alphabet, upper case, no padding) of n bytes into out,
 * which needs (n * 8 + 4) / 5 + 1 bytes; returns the text length, or 0
 * (out set to "") when outsz is too small. */
size_t otp_base32_encode(const unsigned char *in, size_t n, char *out, size_t outsz);
/* Decodes base32 text, ignoring case, spaces, '-' and trailing '='; the
 * byte count, or -1 on any other character, leftover bits that are not
 * zero padding, or more than outsz bytes. */
int otp_base32_decode(const char *in, unsigned char *out, size_t outsz);

/* HOTP(K, C) truncated to digits (1..9) decimal digits: the number, to be
 * printed zero-padded. */
uint32_t otp_hotp(const unsigned char *key, size_t keylen, uint64_t counter, int digits);
/* The time step of Unix time t: floor(t / OTP_PERIOD) (T0 = 0). */
int64_t otp_step(int64_t t);
/* The OTP_DIGITS-digit TOTP of step as text in out[OTP_DIGITS + 1]. */
void otp_totp_text(const unsigned char *key, size_t keylen, int64_t step, char out[OTP_DIGITS + 1]);
/*
 * 1 when code (exactly OTP_DIGITS digits) is the TOTP of a step within
 * window steps of now's step (clock skew, RFC 6238 section 5.2), with
 * *step set to the latest such step; 0 otherwise. Every step of the window
 * is computed and compared without an early exit, whatever matches. Replay
 * protection is the caller's: it must refuse a step it accepted before.
 */
int otp_totp_match(const unsigned char *key, size_t keylen, const char *code, int64_t now, int window,
		   int64_t *step);

/* Appends the otpauth:// URI authenticator apps read from a QR code
 * (Key Uri Format): otpauth://totp/ISSUER:ACCOUNT?secret=B32&issuer=ISSUER
 * &algorithm=SHA1&digits=6&period=30, issuer and account percent-encoded. */
struct buf;
void otp_uri(struct buf *out, const char *issuer, const char *account, const char *b32);

#endif
