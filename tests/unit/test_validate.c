// SPDX-License-Identifier: MIT
// Unit tests for the domain validators: every rule, every kind of bad input.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/validate.h"
#include "lib/buf.h"

/* ---- NIK --------------------------------------------------------------- */

static void nik_expect(const char *s, enum nik_err want)
{
	struct nik_info ni;

	memset(&ni, 0x5a, sizeof ni);
	assert_int_equal(nik_parse(s, &ni), want);
	if (want != NIK_OK) {
		/* *out is zeroed on failure */
		assert_string_equal(ni.digits, "");
		assert_int_equal(ni.province, 0);
		assert_int_equal(ni.serial, 0);
	}
}

static void test_nik_valid_male(void **state)
{
	struct nik_info ni;

	(void)state;
	assert_int_equal(nik_parse("3326161409230001", &ni), NIK_OK);
	assert_string_equal(ni.digits, "3326161409230001");
	assert_int_equal(ni.province, 33);
	assert_int_equal(ni.regency, 26);
	assert_int_equal(ni.district, 16);
	assert_int_equal(ni.day, 14);
	assert_int_equal(ni.month, 9);
	assert_int_equal(ni.year2, 23);
	assert_int_equal(ni.female, 0);
	assert_int_equal(ni.serial, 1);
}

static void test_nik_valid_female(void **state)
{
	struct nik_info ni;

	(void)state;
	assert_int_equal(nik_parse("3326165409230012", &ni), NIK_OK);
	assert_int_equal(ni.day, 14);
	assert_int_equal(ni.month, 9);
	assert_int_equal(ni.female, 1);
	assert_int_equal(ni.serial, 12);
	/* 41 is the 1st, 71 the 31st */
	assert_int_equal(nik_parse("3326164101000001", &ni), NIK_OK);
	assert_int_equal(ni.day, 1);
	assert_int_equal(ni.female, 1);
	assert_int_equal(nik_parse("3326167112999999", &ni), NIK_OK);
	assert_int_equal(ni.day, 31);
	assert_int_equal(ni.month, 12);
	assert_int_equal(ni.year2, 99);
	assert_int_equal(ni.serial, 9999);
}

static void test_nik_trimmed(void **state)
{
	struct nik_info ni;

	(void)state;
	assert_int_equal(nik_parse(" \t3326161409230001 \r\n", &ni), NIK_OK);
	assert_string_equal(ni.digits, "3326161409230001");
}

static void test_nik_empty(void **state)
{
	(void)state;
	nik_expect("", NIK_ERR_EMPTY);
	nik_expect("   \t", NIK_ERR_EMPTY);
	nik_expect(NULL, NIK_ERR_EMPTY);
}

static void test_nik_bad_length(void **state)
{
	(void)state;
	nik_expect("332616140923001", NIK_ERR_FORMAT);	/* 15 */
	nik_expect("33261614092300011", NIK_ERR_FORMAT);	/* 17 */
	nik_expect("3", NIK_ERR_FORMAT);
}

static void test_nik_non_digits(void **state)
{
	(void)state;
	nik_expect("33261614092300a1", NIK_ERR_FORMAT);
	nik_expect("332616140923 001", NIK_ERR_FORMAT);	/* embedded space, 16 chars */
	nik_expect("3326 1614 0923 0001", NIK_ERR_FORMAT);
	nik_expect("33.26.16.140923.0001", NIK_ERR_FORMAT);
	nik_expect("+326161409230001", NIK_ERR_FORMAT);
	nik_expect("-326161409230001", NIK_ERR_FORMAT);
	nik_expect("332616140923000\xd9", NIK_ERR_FORMAT);
	nik_expect("3326161409230001\x01", NIK_ERR_FORMAT);
}

static void test_nik_province(void **state)
{
	static const int known[] = {
		11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36,
		51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82,
		91, 92, 93, 94, 95, 96,
	};
	int code, count = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		assert_true(nik_province_known(known[i]));
	for (code = -5; code < 120; code++)
		count += nik_province_known(code);
	assert_int_equal(count, 38);

	nik_expect("0026161409230001", NIK_ERR_PROVINCE);
	nik_expect("1026161409230001", NIK_ERR_PROVINCE);
	nik_expect("2026161409230001", NIK_ERR_PROVINCE);
	nik_expect("3726161409230001", NIK_ERR_PROVINCE);
	nik_expect("9726161409230001", NIK_ERR_PROVINCE);
	nik_expect("9926161409230001", NIK_ERR_PROVINCE);
	/* the newest Papua provinces are known */
	nik_expect("9601161409230001", NIK_OK);
}

static void test_nik_regency_district(void **state)
{
	(void)state;
	nik_expect("3300161409230001", NIK_ERR_REGENCY);
	nik_expect("3326001409230001", NIK_ERR_DISTRICT);
	nik_expect("3301011409230001", NIK_OK);
}

static void test_nik_date(void **state)
{
	(void)state;
	nik_expect("3326160009230001", NIK_ERR_DATE);	/* day 00 */
	nik_expect("3326163209230001", NIK_ERR_DATE);	/* day 32 */
	nik_expect("3326164009230001", NIK_ERR_DATE);	/* day 40 */
	nik_expect("3326163509230001", NIK_ERR_DATE);	/* day 35 */
	nik_expect("3326167209230001", NIK_ERR_DATE);	/* 72 - 40 = 32 */
	nik_expect("3326169909230001", NIK_ERR_DATE);
	nik_expect("3326161400230001", NIK_ERR_DATE);	/* month 00 */
	nik_expect("3326161413230001", NIK_ERR_DATE);	/* month 13 */
	nik_expect("3326163104230001", NIK_ERR_DATE);	/* 31 April */
	nik_expect("3326167104230001", NIK_ERR_DATE);	/* woman, 31 April */
	nik_expect("3326163002230001", NIK_ERR_DATE);	/* 30 February */
	nik_expect("3326166902230001", NIK_OK);		/* woman, 29+40 = 69 is fine, */
	nik_expect("3326167002230001", NIK_ERR_DATE);	/* but 30 February is not */
	nik_expect("3326163101230001", NIK_OK);
	nik_expect("3326163112230001", NIK_OK);
	/* 29 February: the century is unknown, so any year may be a leap year */
	nik_expect("3326162902010001", NIK_OK);
	nik_expect("3326162902230001", NIK_OK);
}

static void test_nik_woman_feb29(void **state)
{
	struct nik_info ni;

	(void)state;
	assert_int_equal(nik_parse("3326166902230001", &ni), NIK_OK);
	assert_int_equal(ni.day, 29);
	assert_int_equal(ni.month, 2);
	assert_int_equal(ni.female, 1);
}

static void test_nik_serial(void **state)
{
	(void)state;
	nik_expect("3326161409230000", NIK_ERR_SERIAL);
	nik_expect("3326161409230010", NIK_OK);
	nik_expect("3326161409231000", NIK_OK);
}

static void test_nik_error_order(void **state)
{
	(void)state;
	/* everything wrong: the first rule in enum order wins */
	nik_expect("0000000000000000", NIK_ERR_PROVINCE);
	nik_expect("3300000000000000", NIK_ERR_REGENCY);
	nik_expect("3326000000000000", NIK_ERR_DISTRICT);
	nik_expect("3326160000000000", NIK_ERR_DATE);
}

static void test_nik_messages(void **state)
{
	int e;

	(void)state;
	assert_string_equal(nik_strerror(NIK_OK), "");
	assert_string_equal(nik_strerror(NIK_ERR_FORMAT), "NIK harus 16 digit angka.");
	assert_string_equal(nik_strerror(NIK_ERR_PROVINCE),
			    "Kode provinsi pada NIK tidak dikenal.");
	assert_string_equal(nik_strerror(NIK_ERR_DATE),
			    "Tanggal lahir pada NIK tidak mungkin.");
	assert_string_equal(nik_strerror(NIK_ERR_SERIAL),
			    "Nomor urut pada NIK tidak boleh 0000.");
	for (e = NIK_OK + 1; e < NIK__MAX; e++) {
		const char *t = nik_err_text[e];

		assert_non_null(t);
		assert_true(strlen(t) > 10);
		assert_int_equal(t[strlen(t) - 1], '.');
		assert_ptr_equal(nik_strerror((enum nik_err)e), t);
	}
	assert_non_null(nik_strerror(NIK__MAX));
	assert_non_null(nik_strerror((enum nik_err)-1));
	assert_string_equal(nik_strerror(NIK__MAX), "NIK tidak valid.");
}

static void test_nik_birth_mismatch(void **state)
{
	struct nik_info ni;

	(void)state;
	assert_int_equal(nik_parse("3326161409230001", &ni), NIK_OK);
	assert_false(nik_birth_mismatch(&ni, 2023, 9, 14));
	assert_false(nik_birth_mismatch(&ni, 1923, 9, 14));	/* century unknown */
	assert_true(nik_birth_mismatch(&ni, 2023, 9, 15));
	assert_true(nik_birth_mismatch(&ni, 2023, 10, 14));
	assert_true(nik_birth_mismatch(&ni, 2022, 9, 14));
	assert_true(nik_birth_mismatch(&ni, 2024, 9, 14));
	assert_true(nik_birth_mismatch(&ni, -1, 9, 14));	/* no crash on nonsense */

	/* women: compared after removing the 40 */
	assert_int_equal(nik_parse("3326165409230012", &ni), NIK_OK);
	assert_false(nik_birth_mismatch(&ni, 2023, 9, 14));
	assert_true(nik_birth_mismatch(&ni, 2023, 9, 54));
}

static void test_nik_birth_warning(void **state)
{
	struct nik_info ni;
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(nik_parse("3326161409230001", &ni), NIK_OK);
	nik_birth_warning(&ni, 2023, 9, 14, &b);
	assert_int_equal(b.len, 0);
	nik_birth_warning(&ni, 2023, 9, 15, &b);
	assert_string_equal(b.ptr,
		"Tanggal lahir pada NIK (14-09-23) berbeda dengan Tanggal Lahir "
		"yang diisi (15-09-2023).");
	buf_reset(&b);
	assert_int_equal(nik_parse("3326164501050001", &ni), NIK_OK);
	nik_birth_warning(&ni, 1999, 1, 5, &b);
	assert_string_equal(b.ptr,
		"Tanggal lahir pada NIK (05-01-05) berbeda dengan Tanggal Lahir "
		"yang diisi (05-01-1999).");
	buf_release(&b);
}

static void test_nik_mask(void **state)
{
	char out[NIK_LEN + 1];

	(void)state;
	nik_mask("3326161409230012", out);
	assert_string_equal(out, "3326********0012");
	nik_mask("  3326161409230012 ", out);
	assert_string_equal(out, "3326********0012");
	nik_mask("332616140923001", out);
	assert_string_equal(out, "****************");
	nik_mask("33261614092300123", out);
	assert_string_equal(out, "****************");
	nik_mask("3326x61409230012", out);
	assert_string_equal(out, "****************");
	nik_mask("", out);
	assert_string_equal(out, "****************");
	nik_mask(NULL, out);
	assert_string_equal(out, "****************");
}

/* ---- KK ---------------------------------------------------------------- */

static void kk_expect(const char *s, enum kk_err want)
{
	struct kk_info ki;

	memset(&ki, 0x5a, sizeof ki);
	assert_int_equal(kk_parse(s, &ki), want);
	if (want != KK_OK) {
		assert_string_equal(ki.digits, "");
		assert_int_equal(ki.day, 0);
	}
}

static void test_kk_valid(void **state)
{
	struct kk_info ki;

	(void)state;
	assert_int_equal(kk_parse(" 3326161203150007 ", &ki), KK_OK);
	assert_string_equal(ki.digits, "3326161203150007");
	assert_int_equal(ki.province, 33);
	assert_int_equal(ki.regency, 26);
	assert_int_equal(ki.district, 16);
	assert_int_equal(ki.day, 12);
	assert_int_equal(ki.month, 3);
	assert_int_equal(ki.year2, 15);
	assert_int_equal(ki.serial, 7);
	kk_expect("3326162902010001", KK_OK);	/* 29 Feb, century unknown */
}

static void test_kk_bad(void **state)
{
	(void)state;
	kk_expect("", KK_ERR_EMPTY);
	kk_expect(NULL, KK_ERR_EMPTY);
	kk_expect("332616120315007", KK_ERR_FORMAT);
	kk_expect("33261612031500071", KK_ERR_FORMAT);
	kk_expect("3326161203 50007", KK_ERR_FORMAT);
	kk_expect("33261612031500O7", KK_ERR_FORMAT);	/* letter O */
	kk_expect("2026161203150007", KK_ERR_PROVINCE);
	kk_expect("3300161203150007", KK_ERR_REGENCY);
	kk_expect("3326001203150007", KK_ERR_DISTRICT);
	kk_expect("3326160003150007", KK_ERR_DATE);
	kk_expect("3326163203150007", KK_ERR_DATE);
	kk_expect("3326161200150007", KK_ERR_DATE);
	kk_expect("3326161213150007", KK_ERR_DATE);
	kk_expect("3326163106150007", KK_ERR_DATE);	/* 31 June */
	kk_expect("3326163002150007", KK_ERR_DATE);
	/* no +40 rule on the KK: a woman's NIK date is not a KK date */
	kk_expect("3326165409230001", KK_ERR_DATE);
	kk_expect("3326161203150000", KK_ERR_SERIAL);
}

static void test_kk_messages(void **state)
{
	int e;

	(void)state;
	assert_string_equal(kk_strerror(KK_OK), "");
	assert_string_equal(kk_strerror(KK_ERR_FORMAT), "Nomor KK harus 16 digit angka.");
	for (e = KK_OK + 1; e < KK__MAX; e++) {
		assert_non_null(kk_err_text[e]);
		assert_non_null(strstr(kk_err_text[e], "KK"));
		assert_ptr_equal(kk_strerror((enum kk_err)e), kk_err_text[e]);
	}
	assert_string_equal(kk_strerror(KK__MAX), "Nomor KK tidak valid.");
}

/* ---- Phone ------------------------------------------------------------- */

static void phone_ok(const char *in, const char *want)
{
	char out[PHONE_BUF];

	assert_int_equal(phone_normalize(in, out), 0);
	assert_string_equal(out, want);
}

static void phone_bad(const char *in)
{
	char out[PHONE_BUF];

	memset(out, 'x', sizeof out);
	assert_int_equal(phone_normalize(in, out), -1);
	assert_string_equal(out, "");
}

static void test_phone_forms(void **state)
{
	(void)state;
	phone_ok("081234567890", "6281234567890");
	phone_ok("6281234567890", "6281234567890");
	phone_ok("+6281234567890", "6281234567890");
	phone_ok("+62 812-3456-7890", "6281234567890");
	phone_ok("0812.3456.7890", "6281234567890");
	phone_ok("(0812) 3456 7890", "6281234567890");
	phone_ok("+62 (0)812 3456 7890", "6281234567890");
	phone_ok("  0812 3456 7890\t", "6281234567890");
	phone_ok("+(62) 812 3456 7890", "6281234567890");
}

static void test_phone_length(void **state)
{
	(void)state;
	phone_ok("081234567", "6281234567");		/* 7 after the 8 */
	phone_ok("0812345678901", "62812345678901");
	phone_ok("08123456789012", "628123456789012");	/* 12 after the 8: 15 */
	phone_bad("08123456");				/* 6 after the 8 */
	phone_bad("081234567890123");			/* 13 after the 8 */
	phone_bad("+62812345678901234");
	phone_bad("0812345678901234567890123456789012345678901234567890");
}

static void test_phone_bad(void **state)
{
	(void)state;
	phone_bad("");
	phone_bad("   ");
	phone_bad(NULL);
	phone_bad("+");
	phone_bad("0712345678");	/* landline area code */
	phone_bad("0213456789");
	phone_bad("8123456789");	/* missing 0 */
	phone_bad("+081234567890");	/* + with the trunk 0 */
	phone_bad("++6281234567890");
	phone_bad("62+81234567890");
	phone_bad("081234567890+");
	phone_bad("0812345678a0");
	phone_bad("0812/3456/7890");
	phone_bad("0812_3456_7890");
	phone_bad("0812\t3456\t7890");
	phone_bad("65812345678");	/* Singapore */
	phone_bad("+1 812 345 6789");
	phone_bad("08001234567");	/* toll-free, not mobile */
	phone_bad("62801234567");
	phone_bad("0812\xef\xbc\x93" "4567890");	/* full-width digit */
	phone_bad("---");
}

static void test_phone_display(void **state)
{
	char out[PHONE_BUF];

	(void)state;
	phone_display("6281234567890", out);
	assert_string_equal(out, "081234567890");
	phone_display("628123456789012", out);
	assert_string_equal(out, "08123456789012");
	phone_display("12345", out);
	assert_string_equal(out, "12345");
	phone_display("", out);
	assert_string_equal(out, "");
	phone_display(NULL, out);
	assert_string_equal(out, "");
	phone_display("1234567890123456789012345", out);
	assert_int_equal(strlen(out), PHONE_BUF - 1);
	phone_display("621234567890123456789012345", out);
	assert_int_equal(strlen(out), PHONE_BUF - 1);
}

static void test_phone_mask(void **state)
{
	char out[PHONE_BUF];

	(void)state;
	phone_mask("6281234567890", out);
	assert_string_equal(out, "0812****7890");
	phone_mask("6281234567", out);
	assert_string_equal(out, "0812*4567");
	phone_mask("628123456789012", out);
	assert_string_equal(out, "0812******9012");
	phone_mask("62812345", out);
	assert_string_equal(out, "****");
	phone_mask(NULL, out);
	assert_string_equal(out, "****");
}

/* ---- E-mail ------------------------------------------------------------ */

static void test_email_valid(void **state)
{
	(void)state;
	assert_true(email_valid("nama@gmail.com"));
	assert_true(email_valid("a@b.co"));
	assert_true(email_valid("first.last+tag@sub.example.co.id"));
	assert_true(email_valid("o'brien@x.id"));
	assert_true(email_valid("user_name-1@my-domain.org"));
	assert_true(email_valid("ALLCAPS@GMAIL.COM"));
	assert_true(email_valid("!#$%&'*+/=?^_`{|}~-@x1.id"));
	assert_true(email_valid("disdukcapil@pekalongankab.go.id"));
	assert_true(email_valid("a@1.2.com"));
}

static void test_email_structure(void **state)
{
	(void)state;
	assert_false(email_valid(""));
	assert_false(email_valid(NULL));
	assert_false(email_valid("nama"));
	assert_false(email_valid("nama.gmail.com"));
	assert_false(email_valid("@gmail.com"));
	assert_false(email_valid("nama@"));
	assert_false(email_valid("a@@b.com"));
	assert_false(email_valid("a@b@c.com"));
	assert_false(email_valid("nama@gmail"));		/* no dot */
}

static void test_email_local(void **state)
{
	(void)state;
	assert_false(email_valid(".nama@gmail.com"));
	assert_false(email_valid("nama.@gmail.com"));
	assert_false(email_valid("na..ma@gmail.com"));
	assert_false(email_valid("na ma@gmail.com"));
	assert_false(email_valid("\"na ma\"@gmail.com"));
	assert_false(email_valid("na(ma)@gmail.com"));
	assert_false(email_valid("na,ma@gmail.com"));
	assert_false(email_valid("na\\ma@gmail.com"));
	assert_false(email_valid("na\x01ma@gmail.com"));
	assert_false(email_valid("n\xc3\xa4ma@gmail.com"));	/* ä */
}

static void test_email_domain(void **state)
{
	(void)state;
	assert_false(email_valid("nama@gmail.c"));		/* TLD of 1 */
	assert_false(email_valid("nama@gmail.c0m"));		/* digit in TLD */
	assert_false(email_valid("nama@gmail.co-id"));
	assert_false(email_valid("nama@-gmail.com"));
	assert_false(email_valid("nama@gmail-.com"));
	assert_false(email_valid("nama@gmail..com"));
	assert_false(email_valid("nama@.gmail.com"));
	assert_false(email_valid("nama@gmail.com."));
	assert_false(email_valid("nama@gm ail.com"));
	assert_false(email_valid("nama@gma_il.com"));
	assert_false(email_valid("nama@[127.0.0.1]"));
	assert_false(email_valid("nama@127.0.0.1"));
	assert_false(email_valid("nama@gm\xc3\xa4il.com"));
	assert_false(email_valid("nama@gmail.com\n"));
	assert_false(email_valid(" nama@gmail.com"));		/* not trimmed here */
	assert_false(email_valid("nama@gmail.com "));
}

static void test_email_lengths(void **state)
{
	char s[400], l63[64], l64[65];

	(void)state;
	memset(l63, 'a', 63);
	l63[63] = '\0';
	memset(l64, 'a', 64);
	l64[64] = '\0';

	/* local part: 64 ok, 65 not */
	snprintf(s, sizeof s, "%s@x.id", l64);
	assert_true(email_valid(s));
	snprintf(s, sizeof s, "%sb@x.id", l64);
	assert_false(email_valid(s));
	/* label: 63 ok, 64 not */
	snprintf(s, sizeof s, "a@%s.id", l63);
	assert_true(email_valid(s));
	snprintf(s, sizeof s, "a@%s.id", l64);
	assert_false(email_valid(s));
	/* whole address: 254 ok, 255 not (each part within its own limit) */
	snprintf(s, sizeof s, "%s@%s.%s.%.61s", l64, l63, l63, l63);
	assert_int_equal(strlen(s), 254);
	assert_true(email_valid(s));
	snprintf(s, sizeof s, "%s@%s.%s.%.62s", l64, l63, l63, l63);
	assert_int_equal(strlen(s), 255);
	assert_false(email_valid(s));
}

static void test_email_normalize(void **state)
{
	char out[64], small[8];

	(void)state;
	email_normalize("  Nama.Saya@GMAIL.Com \t", out, sizeof out);
	assert_string_equal(out, "Nama.Saya@gmail.com");
	assert_true(email_valid(out));
	email_normalize("NoAt.Here ", out, sizeof out);
	assert_string_equal(out, "NoAt.Here");
	email_normalize(NULL, out, sizeof out);
	assert_string_equal(out, "");
	email_normalize("nama@gmail.com", small, sizeof small);
	assert_string_equal(small, "");			/* never truncated */
	strcpy(out, "  Ab@Cd.EF  ");
	email_normalize(out, out, sizeof out);		/* in place */
	assert_string_equal(out, "Ab@cd.ef");
	email_normalize("x", out, 0);			/* no write */
	assert_string_equal(out, "Ab@cd.ef");
}

static void test_email_mask(void **state)
{
	char out[64], small[8];

	(void)state;
	email_mask("nama@gmail.com", out, sizeof out);
	assert_string_equal(out, "na***@gmail.com");
	email_mask("abc@x.id", out, sizeof out);
	assert_string_equal(out, "a***@x.id");
	email_mask("a@x.id", out, sizeof out);
	assert_string_equal(out, "***@x.id");
	email_mask("noat", out, sizeof out);
	assert_string_equal(out, "***");
	email_mask("@x.id", out, sizeof out);
	assert_string_equal(out, "***");
	email_mask(NULL, out, sizeof out);
	assert_string_equal(out, "***");
	email_mask("nama@gmail.com", small, sizeof small);
	assert_string_equal(small, "***");
	email_mask("\xc3\xa4nna@x.id", out, sizeof out);	/* no half character */
	assert_string_equal(out, "***@x.id");
}

/* ---- Password ---------------------------------------------------------- */

static void test_password_manual_examples(void **state)
{
	(void)state;
	assert_int_equal(password_check("Feb1702."), 0);
	assert_int_equal(password_check("Agus-2024"), 0);
	assert_int_equal(password_check("M@ret2025"), 0);
}

static void test_password_each_rule(void **state)
{
	(void)state;
	assert_int_equal(password_check("Fe1702."), PW_BIT(PW_RULE_MIN_LEN));
	assert_int_equal(password_check("feb1702."), PW_BIT(PW_RULE_UPPER));
	assert_int_equal(password_check("FEB1702."), PW_BIT(PW_RULE_LOWER));
	assert_int_equal(password_check("Febbbbb."), PW_BIT(PW_RULE_DIGIT));
	assert_int_equal(password_check("Feb17020"), PW_BIT(PW_RULE_SYMBOL));
	assert_int_equal(password_check("Feb\t1702."), PW_BIT(PW_RULE_CONTROL));
	assert_int_equal(password_check("Feb1702.\x7f"), PW_BIT(PW_RULE_CONTROL));
	assert_int_equal(password_check("ab"),
			 PW_BIT(PW_RULE_MIN_LEN) | PW_BIT(PW_RULE_UPPER) |
			 PW_BIT(PW_RULE_DIGIT) | PW_BIT(PW_RULE_SYMBOL));
}

static void test_password_empty(void **state)
{
	unsigned all = PW_BIT(PW_RULE_MIN_LEN) | PW_BIT(PW_RULE_UPPER) |
		       PW_BIT(PW_RULE_LOWER) | PW_BIT(PW_RULE_DIGIT) |
		       PW_BIT(PW_RULE_SYMBOL);

	(void)state;
	assert_int_equal(password_check(""), all);
	assert_int_equal(password_check(NULL), all);
}

static void test_password_max_len(void **state)
{
	char pw[200];

	(void)state;
	memset(pw, 'a', sizeof pw);
	memcpy(pw, "Aa1.", 4);
	pw[128] = '\0';
	assert_int_equal(password_check(pw), 0);
	pw[128] = 'a';
	pw[129] = '\0';
	assert_int_equal(password_check(pw), PW_BIT(PW_RULE_MAX_LEN));
}

static void test_password_classes(void **state)
{
	(void)state;
	/* every printable ASCII punctuation is a symbol; so is space */
	assert_int_equal(password_check("Agus 2024"), 0);
	assert_int_equal(password_check("Agus~2024"), 0);
	assert_int_equal(password_check("Agus\\2024"), 0);
	assert_int_equal(password_check("Agus\"2024"), 0);
	/* non-ASCII is allowed but counts for no class... */
	assert_int_equal(password_check("Agus\xc3\xa9" "2024"), PW_BIT(PW_RULE_SYMBOL));
	assert_int_equal(password_check("\xc3\x89gus-2024"), PW_BIT(PW_RULE_UPPER));
	/* ...and the minimum counts characters, not bytes */
	assert_int_equal(password_check("Fe1702.\xc3\xa9"), 0);
	assert_int_equal(password_check("Fe170.\xc3\xa9"), PW_BIT(PW_RULE_MIN_LEN));
	/* invalid UTF-8 is not rejected: the password is only hashed */
	assert_int_equal(password_check("Feb1702.\xff"), 0);
}

static void test_password_rule_text(void **state)
{
	unsigned r;

	(void)state;
	assert_string_equal(password_rule_text(PW_BIT(PW_RULE_MIN_LEN)), "Minimal 8 karakter.");
	assert_string_equal(password_rule_text(PW_BIT(PW_RULE_UPPER)),
			    "Mengandung huruf besar / kapital.");
	assert_string_equal(password_rule_text(PW_BIT(PW_RULE_LOWER)), "Mengandung huruf kecil.");
	assert_string_equal(password_rule_text(PW_BIT(PW_RULE_DIGIT)), "Mengandung angka (0-9).");
	assert_string_equal(password_rule_text(PW_BIT(PW_RULE_SYMBOL)),
			    "Mengandung simbol khusus seperti titik, strip, dsb.");
	assert_string_equal(password_rule_text(PW_BIT(PW_RULE_MAX_LEN)), "Maksimal 128 karakter.");
	for (r = 0; r < PW_RULE__MAX; r++) {
		assert_non_null(password_rule_texts[r]);
		assert_ptr_equal(password_rule_text(PW_BIT(r)), password_rule_texts[r]);
	}
	assert_null(password_rule_text(0));
	assert_null(password_rule_text(PW_BIT(PW_RULE_UPPER) | PW_BIT(PW_RULE_LOWER)));
	assert_null(password_rule_text(PW_BIT(PW_RULE__MAX)));
	assert_null(password_rule_text(0x80000000u));
}

static void test_password_message(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	password_message(PW_BIT(PW_RULE_UPPER) | PW_BIT(PW_RULE_DIGIT), &b);
	assert_string_equal(b.ptr, "Kata kunci belum memenuhi ketentuan: mengandung huruf "
			    "besar / kapital, mengandung angka (0-9).");
	buf_reset(&b);
	password_message(PW_BIT(PW_RULE_MIN_LEN), &b);
	assert_string_equal(b.ptr, "Kata kunci belum memenuhi ketentuan: minimal 8 karakter.");
	buf_reset(&b);
	password_message(PW_BIT(PW_RULE_SYMBOL) | PW_BIT(PW_RULE_MIN_LEN), &b);
	assert_string_equal(b.ptr, "Kata kunci belum memenuhi ketentuan: minimal 8 karakter, "
			    "mengandung simbol khusus seperti titik, strip, dsb.");
	buf_reset(&b);
	password_message(0, &b);
	assert_int_equal(b.len, 0);
	password_message(1u << 30, &b);
	assert_int_equal(b.len, 0);
	password_message(password_check("feb1702."), &b);
	assert_string_equal(b.ptr, "Kata kunci belum memenuhi ketentuan: mengandung huruf "
			    "besar / kapital.");
	buf_release(&b);
}

/* ---- Dates ------------------------------------------------------------- */

static void test_date_valid(void **state)
{
	(void)state;
	assert_true(date_valid(2024, 2, 29));
	assert_true(date_valid(2000, 2, 29));
	assert_false(date_valid(2023, 2, 29));
	assert_false(date_valid(1900, 2, 29));
	assert_false(date_valid(2100, 2, 29));
	assert_false(date_valid(2024, 2, 30));
	assert_false(date_valid(2023, 4, 31));
	assert_false(date_valid(2023, 6, 31));
	assert_false(date_valid(2023, 9, 31));
	assert_false(date_valid(2023, 11, 31));
	assert_true(date_valid(2023, 12, 31));
	assert_false(date_valid(2023, 0, 1));
	assert_false(date_valid(2023, 13, 1));
	assert_false(date_valid(2023, 1, 0));
	assert_false(date_valid(2023, 1, 32));
	assert_true(date_valid(1900, 1, 1));
	assert_true(date_valid(2100, 12, 31));
	assert_false(date_valid(1899, 12, 31));
	assert_false(date_valid(2101, 1, 1));
}

static void date_ok(const char *s, int wy, int wm, int wd)
{
	int y = 0, m = 0, d = 0;

	assert_int_equal(date_parse(s, &y, &m, &d), 0);
	assert_int_equal(y, wy);
	assert_int_equal(m, wm);
	assert_int_equal(d, wd);
}

static void date_bad(const char *s)
{
	int y = -1, m = -1, d = -1;

	assert_int_equal(date_parse(s, &y, &m, &d), -1);
	/* outputs untouched on failure */
	assert_int_equal(y, -1);
	assert_int_equal(m, -1);
	assert_int_equal(d, -1);
}

static void test_date_parse_forms(void **state)
{
	(void)state;
	date_ok("15-09-2023", 2023, 9, 15);
	date_ok("15/09/2023", 2023, 9, 15);
	date_ok("2023-09-15", 2023, 9, 15);
	date_ok(" 1-9-2023 ", 2023, 9, 1);
	date_ok("1/12/2023", 2023, 12, 1);
	date_ok("29-02-2024", 2024, 2, 29);
	date_ok("2024-02-29", 2024, 2, 29);
	date_ok("01-01-1900", 1900, 1, 1);
	date_ok("31-12-2100", 2100, 12, 31);
}

static void test_date_parse_bad_format(void **state)
{
	(void)state;
	date_bad("");
	date_bad("   ");
	date_bad(NULL);
	date_bad("x");
	date_bad("15-09/2023");		/* mixed separators */
	date_bad("2023/09/15");
	date_bad("15.09.2023");
	date_bad("15 09 2023");
	date_bad("15-09-23");		/* two-digit year */
	date_bad("2023-9-15");		/* ISO needs two digits */
	date_bad("2023-09-5");
	date_bad("123-09-2023");
	date_bad("15-09-20234");
	date_bad("15-009-2023");
	date_bad("15--09-2023");
	date_bad("-15-09-2023");
	date_bad("15-09-2023x");
	date_bad("15-09-2023-");
	date_bad("2023-09-15T00:00");
	date_bad("+5-09-2023");
	date_bad("15-09-");
	date_bad("15-");
	date_bad("15");
	date_bad("2023-09-1\xd9");
}

static void test_date_parse_bad_date(void **state)
{
	(void)state;
	date_bad("31-04-2023");
	date_bad("29-02-2023");
	date_bad("2023-02-29");
	date_bad("29-02-1900");
	date_bad("00-01-2000");
	date_bad("01-00-2000");
	date_bad("01-13-2000");
	date_bad("32-01-2000");
	date_bad("31-12-1899");
	date_bad("01-01-2101");
	date_bad("1899-12-31");
	date_bad("0000-01-01");
}

static void test_date_parse_iso(void **state)
{
	int y = 0, m = 0, d = 0;

	(void)state;
	assert_int_equal(date_parse_iso("2023-09-15", &y, &m, &d), 0);
	assert_int_equal(y, 2023);
	assert_int_equal(m, 9);
	assert_int_equal(d, 15);
	assert_int_equal(date_parse_iso("15-09-2023", &y, &m, &d), -1);
	assert_int_equal(date_parse_iso("15/09/2023", &y, &m, &d), -1);
	assert_int_equal(date_parse_iso(" 2023-09-15", &y, &m, &d), -1);
	assert_int_equal(date_parse_iso("2023-09-15 ", &y, &m, &d), -1);
	assert_int_equal(date_parse_iso("2023-02-29", &y, &m, &d), -1);
	assert_int_equal(date_parse_iso("2023-13-01", &y, &m, &d), -1);
	assert_int_equal(date_parse_iso("20230915", &y, &m, &d), -1);
	assert_int_equal(date_parse_iso("", &y, &m, &d), -1);
	assert_int_equal(date_parse_iso(NULL, &y, &m, &d), -1);
	assert_int_equal(y, 2023);
	assert_int_equal(m, 9);
	assert_int_equal(d, 15);
}

static void test_date_today_wib(void **state)
{
	int y, m, d;

	(void)state;
	date_today_wib((time_t)1694710799, &y, &m, &d);	/* 2023-09-14 16:59:59Z */
	assert_int_equal(y, 2023);
	assert_int_equal(m, 9);
	assert_int_equal(d, 14);
	date_today_wib((time_t)1694710800, &y, &m, &d);	/* 17:00Z = 00:00 WIB */
	assert_int_equal(y, 2023);
	assert_int_equal(m, 9);
	assert_int_equal(d, 15);
	date_today_wib((time_t)1709139600, &y, &m, &d);	/* 2024-02-28 17:00Z */
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	date_today_wib((time_t)-25200, &y, &m, &d);
	assert_int_equal(y, 1970);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	date_today_wib((time_t)-25201, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	date_today_wib((time_t)0, &y, &m, &d);
	assert_int_equal(y, 1970);
	assert_int_equal(d, 1);
}

static void test_date_not_future(void **state)
{
	time_t now = (time_t)1694710800;	/* 2023-09-15 00:00 WIB */

	(void)state;
	assert_true(date_not_future(2023, 9, 15, now));
	assert_true(date_not_future(2023, 9, 14, now));
	assert_true(date_not_future(1900, 1, 1, now));
	assert_false(date_not_future(2023, 9, 16, now));
	assert_false(date_not_future(2024, 1, 1, now));
	/* one second earlier it is still the 14th in Jakarta */
	assert_false(date_not_future(2023, 9, 15, now - 1));
	/* invalid dates are never "not in the future" */
	assert_false(date_not_future(2023, 2, 29, now));
	assert_false(date_not_future(1800, 1, 1, now));
}

/* ---- Text -------------------------------------------------------------- */

static int u8(const char *s)
{
	return utf8_valid(s, strlen(s));
}

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(u8("abc"));
	assert_true(u8(""));
	assert_true(utf8_valid(NULL, 0));
	assert_true(u8("\xc5\x9aiti"));			/* Śiti */
	assert_true(u8("\xe4\xb8\xad\xe6\x96\x87"));	/* 中文 */
	assert_true(u8("\xf0\x9f\x98\x80"));		/* U+1F600 */
	assert_true(u8("\xf4\x8f\xbf\xbf"));		/* U+10FFFF */
	assert_true(u8("\xef\xbf\xbf"));
	assert_false(u8("\xc3"));			/* truncated */
	assert_false(u8("\xe4\xb8"));
	assert_false(u8("\xc3x"));
	assert_false(u8("\x80"));			/* lone continuation */
	assert_false(u8("\xc0\x80"));			/* overlong NUL */
	assert_false(u8("\xc1\xbf"));
	assert_false(u8("\xe0\x80\x80"));		/* overlong */
	assert_false(u8("\xf0\x80\x80\x80"));
	assert_false(u8("\xed\xa0\x80"));		/* surrogate */
	assert_false(u8("\xf4\x90\x80\x80"));		/* above U+10FFFF */
	assert_false(u8("\xf5\x80\x80\x80"));
	assert_false(u8("\xfe"));
	assert_false(u8("\xff"));
	assert_false(utf8_valid("a\0b", 3));		/* embedded NUL */
	assert_true(utf8_valid("a\0b", 1));
	/* a sequence cut by len is invalid even if the bytes go on */
	assert_false(utf8_valid("\xc3\xa9", 1));
}

static void test_text_field_ok(void **state)
{
	(void)state;
	assert_true(text_field_ok("Jl. Merdeka No. 1, RT 02/RW 03", 100));
	assert_true(text_field_ok("", 0));
	assert_true(text_field_ok(NULL, 10));
	assert_false(text_field_ok("a\tb", 10));
	assert_false(text_field_ok("a\nb", 10));
	assert_false(text_field_ok("a\rb", 10));
	assert_false(text_field_ok("a\x7f", 10));
	assert_false(text_field_ok("a\x1b[31m", 10));
	assert_false(text_field_ok("a\xc2\x85", 10));	/* C1 NEL */
	assert_false(text_field_ok("a\xc3", 10));
	/* maxlen counts characters, not bytes */
	assert_true(text_field_ok("\xc3\xa9\xc3\xa9\xc3\xa9", 3));
	assert_false(text_field_ok("\xc3\xa9\xc3\xa9\xc3\xa9", 2));
	assert_true(text_field_ok("abc", 3));
	assert_false(text_field_ok("abcd", 3));
}

static void test_text_block_ok(void **state)
{
	(void)state;
	assert_true(text_block_ok("Jl. Merdeka\r\nNo. 1\tRT 02", 100));
	assert_false(text_block_ok("a\x01", 10));
	assert_false(text_block_ok("a\x7f", 10));
	assert_false(text_block_ok("a\xc2\x9f", 10));
	assert_false(text_block_ok("a\xff", 10));
	assert_false(text_block_ok("a\nb", 2));
}

static void test_text_squash(void **state)
{
	char out[64], small[4];

	(void)state;
	text_squash("  siti   AMINAH ", out, sizeof out);
	assert_string_equal(out, "siti AMINAH");
	text_squash("\t a \n\r b \xc2\xa0 c\xc2\xa0", out, sizeof out);
	assert_string_equal(out, "a b c");
	text_squash("", out, sizeof out);
	assert_string_equal(out, "");
	text_squash(" \t\n ", out, sizeof out);
	assert_string_equal(out, "");
	text_squash(NULL, out, sizeof out);
	assert_string_equal(out, "");
	text_squash("abc", out, sizeof out);
	assert_string_equal(out, "abc");
	/* in place */
	strcpy(out, "   Budi    \xc2\xa0  Santoso   ");
	text_squash(out, out, sizeof out);
	assert_string_equal(out, "Budi Santoso");
	/* cut at a character boundary, never mid-sequence */
	text_squash("\xc3\xa9\xc3\xa9\xc3\xa9", small, sizeof small);
	assert_string_equal(small, "\xc3\xa9");
	text_squash("ab  cd", small, sizeof small);
	assert_string_equal(small, "ab");
	text_squash("abc", small, 1);
	assert_string_equal(small, "");
	text_squash("abc", small, 0);		/* no write */
	assert_string_equal(small, "");
	/* malformed bytes are copied through, not repaired */
	text_squash(" a\xff  b", out, sizeof out);
	assert_string_equal(out, "a\xff b");
}

static void test_name_equal_loose(void **state)
{
	(void)state;
	assert_true(name_equal_loose("  siti   AMINAH ", "Siti Aminah"));
	assert_true(name_equal_loose("Siti Aminah", "siti aminah"));
	assert_true(name_equal_loose("Siti\tAminah\n", "Siti\xc2\xa0" "Aminah"));
	assert_true(name_equal_loose("Ma\xe2\x80\x99rufah", "ma'rufah"));	/* ’ */
	assert_true(name_equal_loose("Ma\xe2\x80\x98rufah", "Ma'rufah"));	/* ‘ */
	assert_true(name_equal_loose("\xc5\x9aiti", "\xc5\x9aITI"));
	assert_false(name_equal_loose("Siti Aminah", "Siti Aminahh"));
	assert_false(name_equal_loose("Siti Aminah", "Siti Amina"));
	assert_false(name_equal_loose("SitiAminah", "Siti Aminah"));
	assert_false(name_equal_loose("Siti", "Siti A"));
	assert_false(name_equal_loose("Siti", "Sita"));
	assert_false(name_equal_loose("Siti-Aminah", "Siti Aminah"));
	assert_false(name_equal_loose("\xc3\x89lise", "\xc3\xa9lise"));	/* only ASCII case */
	/* two blank names are never equal */
	assert_false(name_equal_loose("", ""));
	assert_false(name_equal_loose("  ", "\t"));
	assert_false(name_equal_loose(NULL, NULL));
	assert_false(name_equal_loose("Siti", ""));
	assert_false(name_equal_loose(NULL, "Siti"));
}

static void test_person_name_ok(void **state)
{
	(void)state;
	assert_true(person_name_ok("Siti Aminah"));
	assert_true(person_name_ok("Muh. Ali, S.Kom"));
	assert_true(person_name_ok("O'Neil"));
	assert_true(person_name_ok("Abdul-Rahman"));
	assert_true(person_name_ok("Ma\xe2\x80\x99ruf"));
	assert_true(person_name_ok("Nguy\xe1\xbb\x85n V\xc4\x83n A"));	/* Nguyễn Văn */
	assert_true(person_name_ok("Jos\x65\xcc\x81"));			/* e + combining acute */
	assert_true(person_name_ok("  siti   aminah  "));
	assert_true(person_name_ok("Siti\n Aminah"));			/* squashed */
	assert_true(person_name_ok("A"));
	assert_true(person_name_ok("\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0"));	/* Анна */
}

static void test_person_name_bad(void **state)
{
	(void)state;
	assert_false(person_name_ok(""));
	assert_false(person_name_ok("   "));
	assert_false(person_name_ok(NULL));
	assert_false(person_name_ok("Siti2"));
	assert_false(person_name_ok("Siti@Aminah"));
	assert_false(person_name_ok("Siti_Aminah"));
	assert_false(person_name_ok("Siti (Ami)"));
	assert_false(person_name_ok("<script>"));
	assert_false(person_name_ok("..."));
	assert_false(person_name_ok("- , '"));
	assert_false(person_name_ok("Siti \xf0\x9f\x98\x80"));		/* emoji */
	assert_false(person_name_ok("Siti\x01"));
	assert_false(person_name_ok("Siti\x7f"));
	assert_false(person_name_ok("Siti\xc2\x85"));			/* C1 */
	assert_false(person_name_ok("Siti\xc3"));			/* bad UTF-8 */
	assert_false(person_name_ok("Siti\xc2\xa9"));			/* © */
	assert_false(person_name_ok("Siti \xc3\x97 Ami"));		/* × */
	assert_false(person_name_ok("Siti\xe2\x80\x8b"));		/* zero-width space */
	assert_false(person_name_ok("Siti\xee\x80\x80"));		/* private use */
	assert_false(person_name_ok("\xcc\x81"));			/* lone combining mark */
	assert_false(person_name_ok("\xef\xbc\x91"));			/* full-width 1 */
}

static void test_person_name_length(void **state)
{
	char s[300];

	(void)state;
	memset(s, 'a', 100);
	s[100] = '\0';
	assert_true(person_name_ok(s));
	s[100] = 'a';
	s[101] = '\0';
	assert_false(person_name_ok(s));
	/* counted after squashing: 98 letters + runs of spaces = 99 */
	memset(s, ' ', 120);
	memset(s + 10, 'b', 49);
	memset(s + 70, 'c', 49);
	s[120] = '\0';
	assert_true(person_name_ok(s));
	/* and the kept spaces count: 50 + 1 + 50 = 101 */
	memset(s, 'a', 50);
	memset(s + 50, ' ', 3);
	memset(s + 53, 'b', 50);
	s[103] = '\0';
	assert_false(person_name_ok(s));
	/* characters, not bytes: 100 two-byte letters */
	for (int i = 0; i < 100; i++)
		memcpy(s + 2 * i, "\xc3\xa9", 2);
	s[200] = '\0';
	assert_true(person_name_ok(s));
	memcpy(s + 200, "\xc3\xa9", 3);
	assert_false(person_name_ok(s));
}

/* ---- Codes ------------------------------------------------------------- */

static void test_code6(void **state)
{
	(void)state;
	assert_true(code6_ok("123456"));
	assert_true(code6_ok("000000"));
	assert_false(code6_ok("12345"));
	assert_false(code6_ok("1234567"));
	assert_false(code6_ok("12345a"));
	assert_false(code6_ok("a23456"));
	assert_false(code6_ok(" 123456"));
	assert_false(code6_ok("123456 "));
	assert_false(code6_ok("123 456"));
	assert_false(code6_ok("-12345"));
	assert_false(code6_ok(""));
	assert_false(code6_ok(NULL));
	assert_false(code6_ok("\xd9\xa1\xd9\xa2\xd9\xa3"));	/* Arabic-Indic digits */
}

static void test_messages_present(void **state)
{
	(void)state;
	assert_string_equal(phone_err_text,
			    "Nomor HP harus nomor seluler Indonesia, misalnya 081234567890.");
	assert_true(strlen(email_err_text) > 10);
	assert_true(strlen(date_err_text) > 10);
	assert_true(strlen(date_future_text) > 10);
	assert_true(strlen(person_name_err_text) > 10);
	assert_true(strlen(code6_err_text) > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nik_valid_male),
		cmocka_unit_test(test_nik_valid_female),
		cmocka_unit_test(test_nik_trimmed),
		cmocka_unit_test(test_nik_empty),
		cmocka_unit_test(test_nik_bad_length),
		cmocka_unit_test(test_nik_non_digits),
		cmocka_unit_test(test_nik_province),
		cmocka_unit_test(test_nik_regency_district),
		cmocka_unit_test(test_nik_date),
		cmocka_unit_test(test_nik_woman_feb29),
		cmocka_unit_test(test_nik_serial),
		cmocka_unit_test(test_nik_error_order),
		cmocka_unit_test(test_nik_messages),
		cmocka_unit_test(test_nik_birth_mismatch),
		cmocka_unit_test(test_nik_birth_warning),
		cmocka_unit_test(test_nik_mask),
		cmocka_unit_test(test_kk_valid),
		cmocka_unit_test(test_kk_bad),
		cmocka_unit_test(test_kk_messages),
		cmocka_unit_test(test_phone_forms),
		cmocka_unit_test(test_phone_length),
		cmocka_unit_test(test_phone_bad),
		cmocka_unit_test(test_phone_display),
		cmocka_unit_test(test_phone_mask),
		cmocka_unit_test(test_email_valid),
		cmocka_unit_test(test_email_structure),
		cmocka_unit_test(test_email_local),
		cmocka_unit_test(test_email_domain),
		cmocka_unit_test(test_email_lengths),
		cmocka_unit_test(test_email_normalize),
		cmocka_unit_test(test_email_mask),
		cmocka_unit_test(test_password_manual_examples),
		cmocka_unit_test(test_password_each_rule),
		cmocka_unit_test(test_password_empty),
		cmocka_unit_test(test_password_max_len),
		cmocka_unit_test(test_password_classes),
		cmocka_unit_test(test_password_rule_text),
		cmocka_unit_test(test_password_message),
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_date_parse_forms),
		cmocka_unit_test(test_date_parse_bad_format),
		cmocka_unit_test(test_date_parse_bad_date),
		cmocka_unit_test(test_date_parse_iso),
		cmocka_unit_test(test_date_today_wib),
		cmocka_unit_test(test_date_not_future),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_text_field_ok),
		cmocka_unit_test(test_text_block_ok),
		cmocka_unit_test(test_text_squash),
		cmocka_unit_test(test_name_equal_loose),
		cmocka_unit_test(test_person_name_ok),
		cmocka_unit_test(test_person_name_bad),
		cmocka_unit_test(test_person_name_length),
		cmocka_unit_test(test_code6),
		cmocka_unit_test(test_messages_present),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
