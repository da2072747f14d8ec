// SPDX-License-Identifier: MIT
// Unit tests of lib/otp: RFC 4226 and RFC 6238 (SHA-1) vectors, base32 (RFC 4648), the skew window, otpauth URIs.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/otp.h"

/* The key of the RFC appendices: ASCII "12345678901234567890". */
static const unsigned char rfc_key[] = "12345678901234567890";
#define RFC_KEY_LEN 20

static void test_rfc4226_hotp_vectors(void **st)
{
	static const uint32_t want[] = { 755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489 };
	uint64_t c;

	(void)st;
	for (c = 0; c < 10; c++)
		assert_int_equal(otp_hotp(rfc_key, RFC_KEY_LEN, c, 6), want[c]);
}

/* RFC 6238 Appendix B, the SHA-1 rows: 8 digits as printed there, and the
 * 6 digits an authenticator app shows (the same number modulo 10^6). */
static void test_rfc6238_sha1_vectors(void **st)
{
	static const struct { int64_t t; const char *eight, *six; } v[] = {
		{ 59, "94287082", "287082" },
		{ 1111111109, "07081804", "081804" },
		{ 1111111111, "14050471", "050471" },
		{ 1234567890, "89005924", "005924" },
		{ 2000000000, "69279037", "279037" },
		{ 20000000000LL, "65353130", "353130" },
	};
	char text[OTP_DIGITS + 1], eight[9];
	size_t i;

	(void)st;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		snprintf(eight, sizeof eight, "%08u", (unsigned)otp_hotp(rfc_key, RFC_KEY_LEN, (uint64_t)otp_step(v[i].t), 8));
		assert_string_equal(eight, v[i].eight);
		otp_totp_text(rfc_key, RFC_KEY_LEN, otp_step(v[i].t), text);
		assert_string_equal(text, v[i].six);
	}
	/* T = floor(t / 30): the boundary belongs to the next step */
	assert_int_equal(otp_step(59), 1);
	assert_int_equal(otp_step(60), 2);
	assert_int_equal(otp_step(0), 0);
	assert_int_equal(otp_step(-1), -1);
}

static void test_base32_rfc4648_vectors(void **st)
{
	static const char *const plain[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const enc[] = { "", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI" };
	unsigned char back[16];
	char out[32];
	size_t i;

	(void)st;
	for (i = 0; i < 7; i++) {
		assert_int_equal(otp_base32_encode((const unsigned char *)plain[i], strlen(plain[i]), out, sizeof out),
				 strlen(enc[i]));
		assert_string_equal(out, enc[i]);
		assert_int_equal(otp_base32_decode(enc[i], back, sizeof back), (int)strlen(plain[i]));
		assert_memory_equal(back, plain[i], strlen(plain[i]));
	}
	/* what people type: lower case, groups, padding */
	assert_int_equal(otp_base32_decode("mzxw 6ytb-oi======", back, sizeof back), 6);
	assert_memory_equal(back, "foobar", 6);
	/* a 160-bit secret is 32 characters, and needs room for 33 */
	assert_int_equal(otp_base32_encode(rfc_key, RFC_KEY_LEN, out, sizeof out), 0);
	{
		char big[OTP_KEY_B32_LEN + 1];

		assert_int_equal(otp_base32_encode(rfc_key, RFC_KEY_LEN, big, sizeof big), OTP_KEY_B32_LEN);
		assert_string_equal(big, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	}
}

static void test_base32_bad_input(void **st)
{
	unsigned char back[4];
	char small[3];

	(void)st;
	assert_int_equal(otp_base32_decode("MZXW1", back, sizeof back), -1);       /* 1 is not base32 */
	assert_int_equal(otp_base32_decode("M", back, sizeof back), -1);           /* 5 bits are no byte */
	assert_int_equal(otp_base32_decode("MZX", back, sizeof back), -1);         /* 15 bits: 7 left over */
	assert_int_equal(otp_base32_decode("MZ", back, sizeof back), -1);          /* left-over bits not zero */
	assert_int_equal(otp_base32_decode("MY=A", back, sizeof back), -1);        /* text after padding */
	assert_int_equal(otp_base32_decode("MZXW6YTBOI", back, sizeof back), -1);  /* more than 4 bytes */
	assert_int_equal(otp_base32_encode((const unsigned char *)"fo", 2, small, sizeof small), 0);
	assert_string_equal(small, "");
}

/* Clock skew: one step either side is accepted and reported, two are not. */
static void test_totp_skew_window(void **st)
{
	const int64_t now = 1111111111; /* step 37037037, 1 s into it */
	char code[OTP_DIGITS + 1];
	int64_t step = 0, d;

	(void)st;
	for (d = -1; d <= 1; d++) {
		otp_totp_text(rfc_key, RFC_KEY_LEN, otp_step(now) + d, code);
		step = 0;
		assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, code, now, 1, &step), 1);
		assert_int_equal(step, otp_step(now) + d);
	}
	otp_totp_text(rfc_key, RFC_KEY_LEN, otp_step(now) - 2, code);
	assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, code, now, 1, &step), 0);
	otp_totp_text(rfc_key, RFC_KEY_LEN, otp_step(now) + 2, code);
	assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, code, now, 1, &step), 0);
	/* without a window only the current step */
	otp_totp_text(rfc_key, RFC_KEY_LEN, otp_step(now) + 1, code);
	assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, code, now, 0, &step), 0);
}

static void test_totp_bad_codes(void **st)
{
	const int64_t now = 59;
	int64_t step = 42;

	(void)st;
	assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, NULL, now, 1, &step), 0);
	assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, "", now, 1, &step), 0);
	assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, "28708", now, 1, &step), 0);
	assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, "2870820", now, 1, &step), 0);
	assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, "28708a", now, 1, &step), 0);
	assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, "94287082", now, 1, &step), 0);
	assert_int_equal(step, 42);
	assert_int_equal(otp_totp_match(rfc_key, RFC_KEY_LEN, "287082", now, 1, &step), 1);
}

static void test_otpauth_uri(void **st)
{
	struct buf b = BUF_INIT;

	(void)st;
	otp_uri(&b, "LOKET Kab. X", "budi.s", "GEZDGNBV");
	assert_string_equal(b.ptr, "otpauth://totp/LOKET%20Kab.%20X:budi.s?secret=GEZDGNBV&issuer=LOKET%20Kab.%20X"
				   "&algorithm=SHA1&digits=6&period=30");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4226_hotp_vectors),
		cmocka_unit_test(test_rfc6238_sha1_vectors),
		cmocka_unit_test(test_base32_rfc4648_vectors),
		cmocka_unit_test(test_base32_bad_input),
		cmocka_unit_test(test_totp_skew_window),
		cmocka_unit_test(test_totp_bad_codes),
		cmocka_unit_test(test_otpauth_uri),
	};

	return cmocka_run_group_tests_name("otp", tests, NULL, NULL);
}
