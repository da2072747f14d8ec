// SPDX-License-Identifier: MIT
// HOTP/TOTP codes with OpenSSL's HMAC-SHA1 and the base32 text authenticator apps read.
#include "lib/otp.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/log.h"

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

size_t otp_base32_encode(const unsigned char *in, size_t n, char *out, size_t outsz)
{
	size_t need = (n * 8 + 4) / 5, len = 0, i;
	unsigned acc = 0;
	int bits = 0;

	if (outsz < need + 1) {
		if (outsz)
			out[0] = '\0';
		return 0;
	}
	for (i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[len++] = b32_alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits)
		out[len++] = b32_alphabet[(acc << (5 - bits)) & 31];
	out[len] = '\0';
	return len;
}

int otp_base32_decode(const char *in, unsigned char *out, size_t outsz)
{
	unsigned acc = 0;
	int bits = 0;
	size_t len = 0;
	const char *p, *pad = NULL;

	for (p = in; *p; p++) {
		const char *at;
		int c = toupper((unsigned char)*p);

		if (c == '=') {
			pad = pad ? pad : p;
			continue;
		}
		if (c == ' ' || c == '-')
			continue;
		if (pad || !c || !(at = strchr(b32_alphabet, c)))
			return -1;
		acc = (acc << 5) | (unsigned)(at - b32_alphabet);
		bits += 5;
		if (bits >= 8) {
			if (len == outsz)
				return -1;
			out[len++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
		acc &= (1u << bits) - 1;
	}
	/* at most 4 bits of zero padding are left over by a canonical encoding */
	if (bits >= 5 || (acc & ((1u << bits) - 1)))
		return -1;
	return (int)len;
}

uint32_t otp_hotp(const unsigned char *key, size_t keylen, uint64_t counter, int digits)
{
	static const uint32_t pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
					   1000000000 };
	unsigned char msg[8], md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	uint32_t bin;
	int i, off;

	if (digits < 1 || digits > 9)
		fatal("otp_hotp: %d digits", digits);
	for (i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xff);
		counter >>= 8;
	}
	if (!HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof msg, md, &mdlen) || mdlen != 20)
		fatal("HMAC-SHA1 failed");
	/* dynamic truncation, RFC 4226 section 5.3 */
	off = md[19] & 0x0f;
	bin = ((uint32_t)(md[off] & 0x7f) << 24) | ((uint32_t)md[off + 1] << 16) | ((uint32_t)md[off + 2] << 8) |
	      md[off + 3];
	return bin % pow10[digits];
}

int64_t otp_step(int64_t t)
{
	/* floor, also for times before 1970 */
	return t >= 0 ? t / OTP_PERIOD : -((-t + OTP_PERIOD - 1) / OTP_PERIOD);
}

void otp_totp_text(const unsigned char *key, size_t keylen, int64_t step, char out[OTP_DIGITS + 1])
{
	snprintf(out, OTP_DIGITS + 1, "%0*u", OTP_DIGITS, (unsigned)otp_hotp(key, keylen, (uint64_t)step, OTP_DIGITS));
}

/* Constant-time equality of two OTP_DIGITS-character codes. */
static int same_code(const char *a, const char *b)
{
	unsigned diff = 0;
	int i;

	for (i = 0; i < OTP_DIGITS; i++)
		diff |= (unsigned)(a[i] ^ b[i]);
	return diff == 0;
}

int otp_totp_match(const unsigned char *key, size_t keylen, const char *code, int64_t now, int window,
		   int64_t *step)
{
	int64_t base = otp_step(now), s, found = 0;
	char want[OTP_DIGITS + 1];
	int ok = 0, i;

	if (!code || strlen(code) != OTP_DIGITS)
		return 0;
	for (i = 0; i < OTP_DIGITS; i++)
		if (!isdigit((unsigned char)code[i]))
			return 0;
	for (s = base - window; s <= base + window; s++) {
		int m;

		otp_totp_text(key, keylen, s, want);
		m = same_code(want, code);
		ok |= m;
		found = m ? s : found;
	}
	if (ok && step)
		*step = found;
	return ok;
}

/* RFC 3986 unreserved characters as they are, everything else %XX. */
static void add_escaped(struct buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			buf_addc(out, (char)c);
		else
			buf_addf(out, "%%%02X", c);
	}
}

void otp_uri(struct buf *out, const char *issuer, const char *account, const char *b32)
{
	buf_adds(out, "otpauth://totp/");
	add_escaped(out, issuer);
	buf_addc(out, ':');
	add_escaped(out, account);
	buf_addf(out, "?secret=%s&issuer=", b32);
	add_escaped(out, issuer);
	buf_addf(out, "&algorithm=SHA1&digits=%d&period=%d", OTP_DIGITS, OTP_PERIOD);
}
