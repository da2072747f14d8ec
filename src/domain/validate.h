// SPDX-License-Identifier: MIT
// Pure validators and normalizers for the domain's inputs: NIK, KK, phone, e-mail, password, dates, names and codes.
#ifndef LOKET_DOMAIN_VALIDATE_H
#define LOKET_DOMAIN_VALIDATE_H

#include <stddef.h>
#include <time.h>

struct buf;

/*
 * Conventions for the whole module:
 *  - no I/O, no allocation (except appending to a caller's struct buf), no
 *    global state; every function is safe to call from any thread;
 *  - NULL input strings are treated as empty (and therefore rejected where
 *    emptiness is invalid); output buffers must never be NULL;
 *  - predicates (`*_ok`, `*_valid`, `*_equal_*`) return 1 for yes and 0 for
 *    no; converters return 0 on success and -1 on bad input and then leave
 *    an empty string in their output buffer;
 *  - "trim" means removing ASCII white space (space, tab, CR, LF, VT, FF)
 *    at both ends;
 *  - messages are Indonesian and meant for people; none echoes the input,
 *    so they are safe to log (NIK and KK must never be logged themselves).
 */

/* ---- NIK and No. KK ---------------------------------------------------- */

#define NIK_LEN 16

/*
 * NIK = province(2) regency(2) district(2) DDMMYY serial(4); women have
 * 40 added to the day. nik_parse trims the input, then rejects what is
 * structurally impossible, checking in the order of the enum.
 */
enum nik_err {
	NIK_OK,
	NIK_ERR_EMPTY,		/* nothing but white space */
	NIK_ERR_FORMAT,		/* not exactly 16 ASCII digits */
	NIK_ERR_PROVINCE,	/* not a Kemendagri province code */
	NIK_ERR_REGENCY,	/* regency code 00 */
	NIK_ERR_DISTRICT,	/* district code 00 */
	NIK_ERR_DATE,		/* DDMMYY cannot be a birth date */
	NIK_ERR_SERIAL,		/* serial 0000 */
	NIK__MAX
};

/* Indonesian message per error; nik_err_text[NIK_OK] is "". */
extern const char *const nik_err_text[NIK__MAX];

struct nik_info {
	char digits[NIK_LEN + 1];	/* the trimmed 16 digits, for storing */
	int province;		/* 11..96 */
	int regency;		/* 1..99 */
	int district;		/* 1..99 */
	int day;		/* 1..31, the 40 for women already removed */
	int month;		/* 1..12 */
	int year2;		/* 0..99; the century is not in the NIK */
	int female;		/* 1 when the day part was 41..71 */
	int serial;		/* 1..9999 */
};

/* On anything but NIK_OK *out is zeroed. */
enum nik_err nik_parse(const char *s, struct nik_info *out);

/* Message for e; out-of-range values get a generic message, never NULL. */
const char *nik_strerror(enum nik_err e);

/* 1 when code is one of the 38 Kemendagri province codes (11 .. 96). */
int nik_province_known(int code);

/*
 * Nonzero when the NIK's date part disagrees with a stated birth date
 * (day, month and year % 100). A warning only, never a reason to reject:
 * people keep their NIK after a corrected birth date.
 */
int nik_birth_mismatch(const struct nik_info *nik, int year, int month, int day);

/*
 * Appends the warning shown to the verifier, e.g. "Tanggal lahir pada NIK
 * (14-09-23) berbeda dengan Tanggal Lahir yang diisi (15-09-2023)." Appends
 * nothing when the dates agree.
 */
void nik_birth_warning(const struct nik_info *nik, int year, int month, int day,
		       struct buf *out);

/*
 * Masks a NIK or KK for lists: "3326********0012". Input is trimmed; anything
 * that is not 16 digits becomes 16 asterisks, so nothing leaks.
 */
void nik_mask(const char *nik, char out[NIK_LEN + 1]);

/*
 * No. KK: same layout as the NIK, but the date part is the issue date DDMMYY
 * without the +40 rule.
 */
enum kk_err {
	KK_OK,
	KK_ERR_EMPTY,
	KK_ERR_FORMAT,
	KK_ERR_PROVINCE,
	KK_ERR_REGENCY,
	KK_ERR_DISTRICT,
	KK_ERR_DATE,
	KK_ERR_SERIAL,
	KK__MAX
};

extern const char *const kk_err_text[KK__MAX];

struct kk_info {
	char digits[NIK_LEN + 1];
	int province;
	int regency;
	int district;
	int day;		/* issue date, 1..31 */
	int month;		/* 1..12 */
	int year2;		/* 0..99 */
	int serial;		/* 1..9999 */
};

/* On anything but KK_OK *out is zeroed. */
enum kk_err kk_parse(const char *s, struct kk_info *out);
const char *kk_strerror(enum kk_err e);

/* ---- Phone ------------------------------------------------------------- */

/* Size of every phone output buffer: 15 digits + NUL, with room to spare. */
#define PHONE_BUF 20

extern const char phone_err_text[];	/* "Nomor HP harus nomor seluler ..." */

/*
 * Indonesian mobile number typed as 08…, 628… or +628… (also "+62 (0)8…"),
 * with spaces, dashes, dots and parentheses as separators; a '+' is only
 * allowed first. Stored form: "628" + 7..12 digits (10..15 digits in all).
 * The digit after the 8 may not be 0 (0800 is toll-free, not mobile).
 * Returns 0 and the stored form, or -1 and "".
 */
int phone_normalize(const char *in, char out[PHONE_BUF]);

/* Stored "6281234567890" -> local "081234567890"; other input is copied (truncated). */
void phone_display(const char *stored, char out[PHONE_BUF]);

/* Stored form -> "0812****7890" (first and last 4 of the local form); "****" when too short. */
void phone_mask(const char *stored, char out[PHONE_BUF]);

/* ---- E-mail ------------------------------------------------------------ */

#define EMAIL_MAX 254

extern const char email_err_text[];

/*
 * Pragmatic check of an already normalized address (no trimming here):
 * at most 254 bytes, one '@', local part 1..64 of the RFC 5322 atext set
 * and dots (not first, last or doubled), domain of at least two labels of
 * 1..63 [A-Za-z0-9-] not starting or ending with '-', last label letters
 * only and at least 2 long. Quoted local parts, IP literals and non-ASCII
 * are rejected on purpose.
 */
int email_valid(const char *s);

/*
 * One plain address local@domain as an SMTP server takes it (the sender
 * and recipient of the SMTP transport, the sender in the settings): 3..254
 * bytes of printable ASCII without spaces, angle brackets, commas, quotes
 * and the like; one '@' after a local part of 1..64 and before a domain
 * that does not start with '.'; no final '.'. Looser than email_valid:
 * loket@localhost passes (a relay on the same machine). NULL is not one.
 */
int email_smtp_ok(const char *s);

/*
 * Trims and lower-cases the domain (after the last '@'); the local part is
 * kept as typed. out gets "" when the trimmed input does not fit in outsz
 * (never a cut address). in and out may be the same buffer.
 */
void email_normalize(const char *in, char *out, size_t outsz);

/* "nama@gmail.com" -> "na***@gmail.com"; "***" when no '@' or it does not fit. */
void email_mask(const char *email, char *out, size_t outsz);

/* ---- Password (Tabel 1 of the applicant manual) ------------------------ */

#define PASSWORD_MIN 8		/* characters (UTF-8 code points) */
#define PASSWORD_MAX 128	/* bytes */

enum pw_rule {
	PW_RULE_MIN_LEN,	/* "Minimal 8 karakter." */
	PW_RULE_UPPER,		/* "Mengandung huruf besar / kapital." */
	PW_RULE_LOWER,		/* "Mengandung huruf kecil." */
	PW_RULE_DIGIT,		/* "Mengandung angka (0-9)." */
	PW_RULE_SYMBOL,		/* "Mengandung simbol khusus seperti titik, strip, dsb." */
	PW_RULE_MAX_LEN,	/* "Maksimal 128 karakter." */
	PW_RULE_CONTROL,	/* "Tidak mengandung karakter kontrol (tab, baris baru, dsb.)." */
	PW_RULE__MAX
};

#define PW_BIT(rule) (1u << (rule))

extern const char *const password_rule_texts[PW_RULE__MAX];

/*
 * Returns the PW_BIT()s of the rules pw breaks, 0 when it is acceptable.
 * Upper/lower/digit are ASCII; a symbol is any printable ASCII that is not
 * a letter or digit (space included). Non-ASCII bytes are allowed but count
 * for no class; ASCII control characters are refused.
 */
unsigned password_check(const char *pw);

/* Text for a single PW_BIT(); NULL when bit is not exactly one known rule. */
const char *password_rule_text(unsigned bit);

/*
 * Appends one sentence for the failed rules, e.g. "Kata kunci belum memenuhi
 * ketentuan: mengandung huruf besar / kapital, mengandung angka (0-9)."
 * Appends nothing for mask 0; unknown bits are ignored.
 */
void password_message(unsigned mask, struct buf *out);

/* ---- Dates ------------------------------------------------------------- */

#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2100

extern const char date_err_text[];
extern const char date_future_text[];

/* 1 for a real Gregorian date with the year in 1900..2100. */
int date_valid(int y, int m, int d);

/*
 * Trims, then accepts "DD-MM-YYYY" or "DD/MM/YYYY" (day and month may have
 * one digit; both separators the same) and ISO "YYYY-MM-DD". Returns 0 and
 * fills y, m, d only for a valid date (see date_valid); -1 otherwise.
 */
int date_parse(const char *s, int *y, int *m, int *d);

/* Strict "YYYY-MM-DD" for the JSON API and <input type=date>: no trimming. */
int date_parse_iso(const char *s, int *y, int *m, int *d);
/* Dates and times shown to people: lib/waktu.h. */

/* Today's date in Asia/Jakarta (WIB, UTC+7, no DST) at instant now. */
void date_today_wib(time_t now, int *y, int *m, int *d);

/* 1 when y-m-d is a valid date not after today in WIB; 0 otherwise. */
int date_not_future(int y, int m, int d, time_t now);

/* ---- Text and names ---------------------------------------------------- */

/*
 * 1 when s[0..len) is well-formed UTF-8: no overlong forms, no surrogates,
 * nothing above U+10FFFF, and no NUL byte (embedded NULs are refused
 * everywhere in Loket).
 */
int utf8_valid(const char *s, size_t len);

/*
 * One-line text field: valid UTF-8, no control characters at all (C0, DEL,
 * C1; tab and newline included) and at most maxlen characters (code
 * points). The empty string is ok; "required" is the caller's rule.
 */
int text_field_ok(const char *s, size_t maxlen);

/* Like text_field_ok but allows tab, CR and LF (textarea, e.g. an address). */
int text_block_ok(const char *s, size_t maxlen);

/*
 * Trims and collapses every run of white space (ASCII white space and the
 * no-break space U+00A0) to one ASCII space. in and out may be the same
 * buffer. If outsz is smaller than strlen(in) + 1 the result may be cut,
 * always at a character boundary. Invalid UTF-8 is copied, not repaired.
 */
void text_squash(const char *in, char *out, size_t outsz);

/*
 * 1 when two names are equal ignoring ASCII case, leading/trailing and
 * repeated white space, and ’ or ‘ versus ' (phones type curly
 * apostrophes). Used for Nama Ibu Kandung at activation, so two blank names
 * never match. Non-ASCII letters must match byte for byte.
 */
int name_equal_loose(const char *a, const char *b);

#define PERSON_NAME_MAX 100

extern const char person_name_err_text[];

/*
 * A person's name: valid UTF-8 and, once squashed, 1..100 characters of
 * letters, spaces and . , ' - (’ and ‘ too) with at least one letter.
 * Letters are ASCII A-Z/a-z and non-ASCII code points other than obvious
 * non-letters (C1 controls, Latin-1 symbols, × ÷, general punctuation and
 * symbol blocks, emoji, private use, variation selectors).
 */
int person_name_ok(const char *s);

/* ---- Codes ------------------------------------------------------------- */

extern const char code6_err_text[];

/* Exactly 6 ASCII digits, no trimming (activation / OTP codes). */
int code6_ok(const char *s);

#endif
