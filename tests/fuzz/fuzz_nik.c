// SPDX-License-Identifier: MIT
// libFuzzer harness: every parser in domain/validate.c on arbitrary bytes, checking their promises.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/validate.h"
#include "lib/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[n] == '\0';
}

static void fuzz_nik_kk(const char *s)
{
	struct nik_info ni;
	struct kk_info ki;
	enum nik_err ne;
	enum kk_err ke;
	char mask[NIK_LEN + 1];
	struct buf b = BUF_INIT;

	ne = nik_parse(s, &ni);
	CHECK((unsigned)ne < NIK__MAX);
	CHECK(nik_strerror(ne) != NULL);
	if (ne == NIK_OK) {
		CHECK(all_digits(ni.digits, NIK_LEN));
		CHECK(nik_province_known(ni.province));
		CHECK(ni.regency >= 1 && ni.district >= 1);
		CHECK(ni.day >= 1 && ni.day <= 31 && ni.month >= 1 && ni.month <= 12);
		CHECK(ni.year2 >= 0 && ni.year2 <= 99);
		CHECK(ni.serial >= 1 && ni.serial <= 9999);
		/* the stored digits parse to the same thing */
		{
			struct nik_info again;

			CHECK(nik_parse(ni.digits, &again) == NIK_OK);
			CHECK(memcmp(&again, &ni, sizeof ni) == 0);
		}
		CHECK(!nik_birth_mismatch(&ni, 2000 + ni.year2, ni.month, ni.day));
		nik_birth_warning(&ni, 2000 + ni.year2, ni.month, ni.day, &b);
		CHECK(b.len == 0);
		nik_birth_warning(&ni, 1901, 13, 0, &b);
		CHECK(b.len > 0);
		buf_release(&b);
		nik_mask(s, mask);
		CHECK(strlen(mask) == NIK_LEN);
		CHECK(memcmp(mask, ni.digits, 4) == 0);
		CHECK(memcmp(mask + 4, "********", 8) == 0);
	} else {
		CHECK(ni.digits[0] == '\0');
	}

	ke = kk_parse(s, &ki);
	CHECK((unsigned)ke < KK__MAX);
	CHECK(kk_strerror(ke) != NULL);
	if (ke == KK_OK) {
		CHECK(all_digits(ki.digits, NIK_LEN));
		CHECK(ki.day >= 1 && ki.day <= 31 && ki.serial >= 1);
		/* a KK date is a possible NIK date for a man */
		CHECK(nik_parse(ki.digits, &ni) == NIK_OK && !ni.female);
	}
	nik_mask(s, mask);
	CHECK(strlen(mask) == NIK_LEN);
}

static void fuzz_phone(const char *s)
{
	char out[PHONE_BUF], again[PHONE_BUF], disp[PHONE_BUF], mask[PHONE_BUF];
	size_t n;

	if (phone_normalize(s, out) != 0) {
		CHECK(out[0] == '\0');
		phone_display(s, disp);
		phone_mask(s, mask);
		CHECK(strlen(disp) < PHONE_BUF && strlen(mask) < PHONE_BUF);
		return;
	}
	n = strlen(out);
	CHECK(n >= 10 && n <= 15 && all_digits(out, n));
	CHECK(memcmp(out, "628", 3) == 0);
	/* idempotent, and the display form reads back to the stored one */
	CHECK(phone_normalize(out, again) == 0 && strcmp(out, again) == 0);
	phone_display(out, disp);
	CHECK(disp[0] == '0' && disp[1] == '8');
	CHECK(phone_normalize(disp, again) == 0 && strcmp(out, again) == 0);
	phone_mask(out, mask);
	CHECK(strlen(mask) == n - 1);
	CHECK(memcmp(mask, disp, 4) == 0 && strcmp(mask + n - 5, disp + n - 5) == 0);
}

static void fuzz_email(const char *s)
{
	char norm[EMAIL_MAX + 8], again[EMAIL_MAX + 8], mask[EMAIL_MAX + 8];
	const char *at;

	if (email_valid(s)) {
		CHECK(strlen(s) <= EMAIL_MAX);
		at = strchr(s, '@');
		CHECK(at && at != s && !strchr(at + 1, '@'));
		email_mask(s, mask, sizeof mask);
		CHECK(strstr(mask, "***@") != NULL);
	}
	email_normalize(s, norm, sizeof norm);
	if (email_valid(norm)) {
		email_normalize(norm, again, sizeof again);
		CHECK(strcmp(norm, again) == 0);
	}
	email_mask(s, mask, 8);
	CHECK(strlen(mask) < 8);
}

static void fuzz_dates(const char *s)
{
	int y, m, d, y2, m2, d2;
	char iso[16];

	if (date_parse(s, &y, &m, &d) == 0) {
		CHECK(date_valid(y, m, d));
		snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
		CHECK(date_parse_iso(iso, &y2, &m2, &d2) == 0);
		CHECK(y == y2 && m == m2 && d == d2);
		(void)date_not_future(y, m, d, (time_t)1700000000);
	}
	if (date_parse_iso(s, &y, &m, &d) == 0) {
		CHECK(date_valid(y, m, d));
		CHECK(date_parse(s, &y2, &m2, &d2) == 0);
	}
}

static void fuzz_text(const char *s, const uint8_t *data, size_t size)
{
	char sq[512], sq2[512], small[7];
	size_t n = strlen(s);
	int valid = utf8_valid((const char *)data, size);

	if (valid)
		CHECK(n == size);	/* NUL bytes are invalid */
	if (text_field_ok(s, (size_t)-1))
		CHECK(utf8_valid(s, n) && text_block_ok(s, (size_t)-1));
	if (n < sizeof sq) {
		text_squash(s, sq, sizeof sq);
		CHECK(strlen(sq) <= n);
		CHECK(sq[0] != ' ' && (sq[0] == '\0' || sq[strlen(sq) - 1] != ' '));
		CHECK(strstr(sq, "  ") == NULL);
		text_squash(sq, sq2, sizeof sq2);
		CHECK(strcmp(sq, sq2) == 0);
		if (utf8_valid(s, n))
			CHECK(utf8_valid(sq, strlen(sq)));
		if (sq[0])
			CHECK(name_equal_loose(s, sq));
		else
			CHECK(!name_equal_loose(s, sq));
		CHECK(person_name_ok(s) == person_name_ok(sq));
		/* in place gives the same result */
		memcpy(sq2, s, n + 1);
		text_squash(sq2, sq2, sizeof sq2);
		CHECK(strcmp(sq, sq2) == 0);
	}
	text_squash(s, small, sizeof small);
	CHECK(strlen(small) < sizeof small);
	if (utf8_valid(s, n))
		CHECK(utf8_valid(small, strlen(small)));
	if (person_name_ok(s))
		CHECK(utf8_valid(s, n));
	(void)code6_ok(s);
}

static void fuzz_password(const char *s)
{
	unsigned mask = password_check(s);
	struct buf b = BUF_INIT;

	CHECK((mask & ~((1u << PW_RULE__MAX) - 1)) == 0);
	password_message(mask, &b);
	CHECK((mask == 0) == (b.len == 0));
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 4096)
		return 0;
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';	/* parsers see up to the first NUL, like C callers */

	fuzz_nik_kk(s);
	fuzz_phone(s);
	fuzz_email(s);
	fuzz_dates(s);
	fuzz_text(s, data, size);
	fuzz_password(s);
	free(s);
	return 0;
}
