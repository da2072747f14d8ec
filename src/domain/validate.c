// SPDX-License-Identifier: MIT
// Pure validators and normalizers for the domain's inputs: see validate.h for the rules.
#include "validate.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"

/*
 * <ctype.h> is avoided on purpose: it depends on the locale and is undefined
 * for negative chars; the rules here are about ASCII bytes.
 */
static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static int is_alpha(unsigned char c)
{
	return is_upper(c) || is_lower(c);
}

static int is_alnum(unsigned char c)
{
	return is_alpha(c) || is_digit(c);
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static unsigned char to_lower(unsigned char c)
{
	return is_upper(c) ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Bounds of s with ASCII white space trimmed at both ends. */
static void trim(const char *s, const char **start, const char **end)
{
	const char *e;

	if (!s)
		s = "";
	while (is_space((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_space((unsigned char)e[-1]))
		e--;
	*start = s;
	*end = e;
}

static size_t copy_str(char *out, size_t outsz, const char *s)
{
	size_t n = strlen(s);

	if (outsz == 0)
		return 0;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return n;
}

/*
 * Decodes one code point at s[*i] (len bytes in all), strictly: no overlong
 * forms, no surrogates, nothing above U+10FFFF. Returns 0 and advances *i,
 * or -1 and leaves *i alone.
 */
static int utf8_next(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
{
	size_t p = *i, n, k;
	unsigned char c = s[p];
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		*i = p + 1;
		return 0;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (len - p < n)
		return -1;
	for (k = 1; k < n; k++) {
		if ((s[p + k] & 0xC0) != 0x80)
			return -1;
		v = (v << 6) | (s[p + k] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return -1;
	*cp = v;
	*i = p + n;
	return 0;
}

/* ---- Dates (shared by NIK, KK and the date parsers) -------------------- */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m of year y; y < 0 means "unknown century": Feb has 29. */
static int days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && (y < 0 || is_leap(y)))
		return 29;
	return dim[m - 1];
}

int date_valid(int y, int m, int d)
{
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX)
		return 0;
	return d >= 1 && d <= days_in_month(y, m);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long long)yoe + era * 400 + (*m <= 2);
}

#define WIB_OFFSET (7 * 3600)

/* Day number (days since 1970-01-01) of "today" in WIB; no overflow. */
static long long today_wib_days(time_t now)
{
	long long secs = (long long)now;
	long long days = secs / 86400;
	long long rem = secs % 86400;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	if (rem + WIB_OFFSET >= 86400)
		days++;
	return days;
}

void date_today_wib(time_t now, int *y, int *m, int *d)
{
	long long yy;
	unsigned mm, dd;

	civil_from_days(today_wib_days(now), &yy, &mm, &dd);
	if (yy > INT_MAX)
		yy = INT_MAX;
	else if (yy < INT_MIN)
		yy = INT_MIN;
	*y = (int)yy;
	*m = (int)mm;
	*d = (int)dd;
}

int date_not_future(int y, int m, int d, time_t now)
{
	if (!date_valid(y, m, d))
		return 0;
	return days_from_civil(y, (unsigned)m, (unsigned)d) <= today_wib_days(now);
}

/* Reads min..max ASCII digits at *p (not past end) into *val. */
static int read_num(const char **p, const char *end, int min, int max, int *val)
{
	const char *s = *p;
	int n = 0, v = 0;

	while (s < end && n < max && is_digit((unsigned char)*s)) {
		v = v * 10 + (*s - '0');
		s++;
		n++;
	}
	if (n < min || (s < end && is_digit((unsigned char)*s)))
		return -1;
	*p = s;
	*val = v;
	return 0;
}

static int parse_iso(const char *s, const char *end, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (end - s != 10)
		return -1;
	if (read_num(&s, end, 4, 4, &yy) || *s++ != '-' ||
	    read_num(&s, end, 2, 2, &mm) || *s++ != '-' ||
	    read_num(&s, end, 2, 2, &dd) || s != end)
		return -1;
	if (!date_valid(yy, mm, dd))
		return -1;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

static int parse_dmy(const char *s, const char *end, int *y, int *m, int *d)
{
	int yy, mm, dd;
	char sep;

	if (read_num(&s, end, 1, 2, &dd) || s == end)
		return -1;
	sep = *s++;
	if (sep != '-' && sep != '/')
		return -1;
	if (read_num(&s, end, 1, 2, &mm) || s == end || *s++ != sep ||
	    read_num(&s, end, 4, 4, &yy) || s != end)
		return -1;
	if (!date_valid(yy, mm, dd))
		return -1;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

int date_parse(const char *s, int *y, int *m, int *d)
{
	const char *start, *end;

	trim(s, &start, &end);
	if (end - start == 10 && start[4] == '-')
		return parse_iso(start, end, y, m, d);
	return parse_dmy(start, end, y, m, d);
}

int date_parse_iso(const char *s, int *y, int *m, int *d)
{
	if (!s)
		return -1;
	return parse_iso(s, s + strlen(s), y, m, d);
}

/* ---- NIK and KK -------------------------------------------------------- */

const char *const nik_err_text[NIK__MAX] = {
	[NIK_OK] = "",
	[NIK_ERR_EMPTY] = "NIK wajib diisi.",
	[NIK_ERR_FORMAT] = "NIK harus 16 digit angka.",
	[NIK_ERR_PROVINCE] = "Kode provinsi pada NIK tidak dikenal.",
	[NIK_ERR_REGENCY] = "Kode kabupaten/kota pada NIK tidak boleh 00.",
	[NIK_ERR_DISTRICT] = "Kode kecamatan pada NIK tidak boleh 00.",
	[NIK_ERR_DATE] = "Tanggal lahir pada NIK tidak mungkin.",
	[NIK_ERR_SERIAL] = "Nomor urut pada NIK tidak boleh 0000.",
};

const char *const kk_err_text[KK__MAX] = {
	[KK_OK] = "",
	[KK_ERR_EMPTY] = "Nomor KK wajib diisi.",
	[KK_ERR_FORMAT] = "Nomor KK harus 16 digit angka.",
	[KK_ERR_PROVINCE] = "Kode provinsi pada Nomor KK tidak dikenal.",
	[KK_ERR_REGENCY] = "Kode kabupaten/kota pada Nomor KK tidak boleh 00.",
	[KK_ERR_DISTRICT] = "Kode kecamatan pada Nomor KK tidak boleh 00.",
	[KK_ERR_DATE] = "Tanggal pada Nomor KK tidak mungkin.",
	[KK_ERR_SERIAL] = "Nomor urut pada Nomor KK tidak boleh 0000.",
};

const char *nik_strerror(enum nik_err e)
{
	if ((unsigned)e >= NIK__MAX)
		return "NIK tidak valid.";
	return nik_err_text[e];
}

const char *kk_strerror(enum kk_err e)
{
	if ((unsigned)e >= KK__MAX)
		return "Nomor KK tidak valid.";
	return kk_err_text[e];
}

int nik_province_known(int code)
{
	/* Kemendagri codes, including the four Papua provinces of 2022. */
	static const unsigned char codes[] = {
		11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36,
		51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82,
		91, 92, 93, 94, 95, 96,
	};
	size_t i;

	for (i = 0; i < sizeof codes; i++)
		if (codes[i] == code)
			return 1;
	return 0;
}

/* The fields both numbers share. */
struct reg16 {
	char digits[NIK_LEN + 1];
	int province, regency, district, dd, mm, yy, serial;
};

enum reg16_err { R16_OK, R16_EMPTY, R16_FORMAT, R16_PROVINCE, R16_REGENCY, R16_DISTRICT };

static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static enum reg16_err reg16_parse(const char *s, struct reg16 *r)
{
	const char *start, *end, *p;

	trim(s, &start, &end);
	if (start == end)
		return R16_EMPTY;
	if (end - start != NIK_LEN)
		return R16_FORMAT;
	for (p = start; p < end; p++)
		if (!is_digit((unsigned char)*p))
			return R16_FORMAT;
	memcpy(r->digits, start, NIK_LEN);
	r->digits[NIK_LEN] = '\0';
	p = r->digits;
	r->province = two(p);
	r->regency = two(p + 2);
	r->district = two(p + 4);
	r->dd = two(p + 6);
	r->mm = two(p + 8);
	r->yy = two(p + 10);
	r->serial = two(p + 12) * 100 + two(p + 14);
	if (!nik_province_known(r->province))
		return R16_PROVINCE;
	if (r->regency == 0)
		return R16_REGENCY;
	if (r->district == 0)
		return R16_DISTRICT;
	return R16_OK;
}

/* The century is not in the number, so 29 February is always possible. */
static int day_month_possible(int day, int month)
{
	return day >= 1 && day <= days_in_month(-1, month);
}

enum nik_err nik_parse(const char *s, struct nik_info *out)
{
	static const enum nik_err map[] = {
		[R16_OK] = NIK_OK, [R16_EMPTY] = NIK_ERR_EMPTY,
		[R16_FORMAT] = NIK_ERR_FORMAT, [R16_PROVINCE] = NIK_ERR_PROVINCE,
		[R16_REGENCY] = NIK_ERR_REGENCY, [R16_DISTRICT] = NIK_ERR_DISTRICT,
	};
	struct reg16 r;
	enum reg16_err re;
	int day, female;

	memset(out, 0, sizeof *out);
	re = reg16_parse(s, &r);
	if (re != R16_OK)
		return map[re];
	female = r.dd > 40;
	day = female ? r.dd - 40 : r.dd;
	if (!day_month_possible(day, r.mm))
		return NIK_ERR_DATE;
	if (r.serial == 0)
		return NIK_ERR_SERIAL;
	memcpy(out->digits, r.digits, sizeof out->digits);
	out->province = r.province;
	out->regency = r.regency;
	out->district = r.district;
	out->day = day;
	out->month = r.mm;
	out->year2 = r.yy;
	out->female = female;
	out->serial = r.serial;
	return NIK_OK;
}

enum kk_err kk_parse(const char *s, struct kk_info *out)
{
	static const enum kk_err map[] = {
		[R16_OK] = KK_OK, [R16_EMPTY] = KK_ERR_EMPTY,
		[R16_FORMAT] = KK_ERR_FORMAT, [R16_PROVINCE] = KK_ERR_PROVINCE,
		[R16_REGENCY] = KK_ERR_REGENCY, [R16_DISTRICT] = KK_ERR_DISTRICT,
	};
	struct reg16 r;
	enum reg16_err re;

	memset(out, 0, sizeof *out);
	re = reg16_parse(s, &r);
	if (re != R16_OK)
		return map[re];
	if (!day_month_possible(r.dd, r.mm))
		return KK_ERR_DATE;
	if (r.serial == 0)
		return KK_ERR_SERIAL;
	memcpy(out->digits, r.digits, sizeof out->digits);
	out->province = r.province;
	out->regency = r.regency;
	out->district = r.district;
	out->day = r.dd;
	out->month = r.mm;
	out->year2 = r.yy;
	out->serial = r.serial;
	return KK_OK;
}

int nik_birth_mismatch(const struct nik_info *nik, int year, int month, int day)
{
	int y2 = year % 100;

	if (y2 < 0)
		y2 += 100;
	return nik->day != day || nik->month != month || nik->year2 != y2;
}

void nik_birth_warning(const struct nik_info *nik, int year, int month, int day,
		       struct buf *out)
{
	if (!nik_birth_mismatch(nik, year, month, day))
		return;
	buf_addf(out, "Tanggal lahir pada NIK (%02d-%02d-%02d) berbeda dengan "
		 "Tanggal Lahir yang diisi (%02d-%02d-%04d).",
		 nik->day, nik->month, nik->year2, day, month, year);
}

void nik_mask(const char *nik, char out[NIK_LEN + 1])
{
	const char *start, *end, *p;

	memset(out, '*', NIK_LEN);
	out[NIK_LEN] = '\0';
	trim(nik, &start, &end);
	if (end - start != NIK_LEN)
		return;
	for (p = start; p < end; p++)
		if (!is_digit((unsigned char)*p))
			return;
	memcpy(out, start, 4);
	memcpy(out + NIK_LEN - 4, end - 4, 4);
}

/* ---- Phone ------------------------------------------------------------- */

const char phone_err_text[] =
	"Nomor HP harus nomor seluler Indonesia, misalnya 081234567890.";

static int phone_sep(unsigned char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
}

int phone_normalize(const char *in, char out[PHONE_BUF])
{
	char dig[32];
	const char *start, *end, *p, *rest;
	size_t n = 0, restlen;
	int plus = 0;

	out[0] = '\0';
	trim(in, &start, &end);
	if (start < end && *start == '+') {
		plus = 1;
		start++;
	}
	for (p = start; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (is_digit(c)) {
			if (n >= sizeof dig - 1)
				return -1;
			dig[n++] = (char)c;
		} else if (!phone_sep(c)) {
			return -1;
		}
	}
	dig[n] = '\0';
	/* rest = what follows the mobile prefix 8 */
	if (!plus && strncmp(dig, "08", 2) == 0)
		rest = dig + 2;
	else if (strncmp(dig, "628", 3) == 0)
		rest = dig + 3;
	else if (strncmp(dig, "6208", 4) == 0)	/* "+62 (0)812…" */
		rest = dig + 4;
	else
		return -1;
	restlen = strlen(rest);
	if (restlen < 7 || restlen > 12 || rest[0] == '0')
		return -1;
	memcpy(out, "628", 3);
	memcpy(out + 3, rest, restlen + 1);
	return 0;
}

void phone_display(const char *stored, char out[PHONE_BUF])
{
	if (!stored)
		stored = "";
	if (strncmp(stored, "62", 2) == 0 && strlen(stored) - 2 + 1 < PHONE_BUF) {
		out[0] = '0';
		copy_str(out + 1, PHONE_BUF - 1, stored + 2);
		return;
	}
	copy_str(out, PHONE_BUF, stored);
}

void phone_mask(const char *stored, char out[PHONE_BUF])
{
	char local[PHONE_BUF];
	size_t n;

	phone_display(stored, local);
	n = strlen(local);
	if (n < 9) {
		copy_str(out, PHONE_BUF, "****");
		return;
	}
	memcpy(out, local, 4);
	memset(out + 4, '*', n - 8);
	memcpy(out + n - 4, local + n - 4, 4);
	out[n] = '\0';
}

/* ---- E-mail ------------------------------------------------------------ */

const char email_err_text[] =
	"Alamat email tidak valid, misalnya nama@gmail.com.";

static int email_atext(unsigned char c)
{
	return is_alnum(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

static int email_local_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 1 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (s[i + 1] == '.')
				return 0;
		} else if (!email_atext(c)) {
			return 0;
		}
	}
	return 1;
}

static int email_domain_ok(const char *s, size_t n)
{
	size_t i, lab = 0, labels = 0;
	int alpha_only = 1;

	for (i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)s[i] : '.';

		if (c == '.') {
			if (lab < 1 || lab > 63 || s[i - 1] == '-')
				return 0;
			labels++;
			if (i == n)
				break;
			lab = 0;
			alpha_only = 1;
			continue;
		}
		if (!is_alnum(c) && c != '-')
			return 0;
		if (c == '-' && lab == 0)
			return 0;
		if (!is_alpha(c))
			alpha_only = 0;
		lab++;
	}
	/* the last label is the TLD */
	return labels >= 2 && alpha_only && lab >= 2;
}

int email_valid(const char *s)
{
	const char *at;
	size_t n;

	if (!s)
		return 0;
	n = strlen(s);
	if (n == 0 || n > EMAIL_MAX)
		return 0;
	at = strchr(s, '@');
	if (!at || strchr(at + 1, '@'))
		return 0;
	return email_local_ok(s, (size_t)(at - s)) &&
	       email_domain_ok(at + 1, n - (size_t)(at - s) - 1);
}

int email_smtp_ok(const char *s)
{
	const char *at = NULL, *p;
	size_t n;

	if (!s)
		return 0;
	n = strlen(s);
	if (n < 3 || n > EMAIL_MAX)
		return 0;
	for (p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c >= 0x7f || strchr("<>()[],;:\\\"", c))
			return 0;
		if (c == '@') {
			if (at)
				return 0;
			at = p;
		}
	}
	return at && at != s && at - s <= 64 && at[1] && at[1] != '.' && s[n - 1] != '.';
}

void email_normalize(const char *in, char *out, size_t outsz)
{
	const char *start, *end;
	size_t n, i, at = (size_t)-1;

	if (outsz == 0)
		return;
	trim(in, &start, &end);		/* before any write: in may be out */
	n = (size_t)(end - start);
	if (n >= outsz) {
		out[0] = '\0';
		return;
	}
	memmove(out, start, n);
	out[n] = '\0';
	for (i = 0; i < n; i++)
		if (out[i] == '@')
			at = i;
	if (at == (size_t)-1)
		return;
	for (i = at + 1; i < n; i++)
		out[i] = (char)to_lower((unsigned char)out[i]);
}

void email_mask(const char *email, char *out, size_t outsz)
{
	const char *at;
	size_t local, show, need;

	if (outsz == 0)
		return;
	if (!email)
		email = "";
	at = strrchr(email, '@');
	if (!at || at == email) {
		copy_str(out, outsz, "***");
		return;
	}
	local = (size_t)(at - email);
	show = local >= 4 ? 2 : local >= 2 ? 1 : 0;
	/* never cut a multi-byte character in half: show only ASCII */
	while (show > 0 && ((unsigned char)email[0] >= 0x80 ||
			    (unsigned char)email[show - 1] >= 0x80))
		show--;
	need = show + 3 + strlen(at) + 1;
	if (need > outsz) {
		copy_str(out, outsz, "***");
		return;
	}
	memcpy(out, email, show);
	memcpy(out + show, "***", 3);
	memcpy(out + show + 3, at, strlen(at) + 1);
}

/* ---- Password ---------------------------------------------------------- */

const char *const password_rule_texts[PW_RULE__MAX] = {
	[PW_RULE_MIN_LEN] = "Minimal 8 karakter.",
	[PW_RULE_UPPER] = "Mengandung huruf besar / kapital.",
	[PW_RULE_LOWER] = "Mengandung huruf kecil.",
	[PW_RULE_DIGIT] = "Mengandung angka (0-9).",
	[PW_RULE_SYMBOL] = "Mengandung simbol khusus seperti titik, strip, dsb.",
	[PW_RULE_MAX_LEN] = "Maksimal 128 karakter.",
	[PW_RULE_CONTROL] = "Tidak mengandung karakter kontrol (tab, baris baru, dsb.).",
};

unsigned password_check(const char *pw)
{
	const unsigned char *p;
	size_t bytes = 0, chars = 0;
	int upper = 0, lower = 0, digit = 0, symbol = 0, control = 0;
	unsigned fail = 0;

	if (!pw)
		pw = "";
	for (p = (const unsigned char *)pw; *p; p++) {
		bytes++;
		if ((*p & 0xC0) != 0x80)
			chars++;
		if (is_upper(*p))
			upper = 1;
		else if (is_lower(*p))
			lower = 1;
		else if (is_digit(*p))
			digit = 1;
		else if (*p >= 0x20 && *p < 0x7F)
			symbol = 1;
		else if (*p < 0x20 || *p == 0x7F)
			control = 1;
	}
	if (chars < PASSWORD_MIN)
		fail |= PW_BIT(PW_RULE_MIN_LEN);
	if (!upper)
		fail |= PW_BIT(PW_RULE_UPPER);
	if (!lower)
		fail |= PW_BIT(PW_RULE_LOWER);
	if (!digit)
		fail |= PW_BIT(PW_RULE_DIGIT);
	if (!symbol)
		fail |= PW_BIT(PW_RULE_SYMBOL);
	if (bytes > PASSWORD_MAX)
		fail |= PW_BIT(PW_RULE_MAX_LEN);
	if (control)
		fail |= PW_BIT(PW_RULE_CONTROL);
	return fail;
}

const char *password_rule_text(unsigned bit)
{
	unsigned r;

	for (r = 0; r < PW_RULE__MAX; r++)
		if (bit == PW_BIT(r))
			return password_rule_texts[r];
	return NULL;
}

void password_message(unsigned mask, struct buf *out)
{
	unsigned r;
	int first = 1;

	for (r = 0; r < PW_RULE__MAX; r++) {
		const char *t = password_rule_texts[r];
		size_t n = strlen(t);

		if (!(mask & PW_BIT(r)))
			continue;
		buf_adds(out, first ? "Kata kunci belum memenuhi ketentuan: " : ", ");
		first = 0;
		/* the rule texts are sentences: lower-case the first letter
		 * and drop the final period to make them list items */
		buf_addc(out, (char)to_lower((unsigned char)t[0]));
		if (n > 1 && t[n - 1] == '.')
			n--;
		buf_add(out, t + 1, n - 1);
	}
	if (!first)
		buf_addc(out, '.');
}

/* ---- Text and names ---------------------------------------------------- */

const char date_err_text[] =
	"Tanggal tidak valid; gunakan format HH-BB-TTTT, misalnya 17-08-2000.";
const char date_future_text[] = "Tanggal tidak boleh melewati hari ini.";
const char person_name_err_text[] =
	"Nama hanya boleh berisi huruf, spasi, titik, koma, tanda petik (') "
	"dan strip (-), paling banyak 100 karakter.";
const char code6_err_text[] = "Kode harus 6 digit angka.";

int utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	if (!s)
		return len == 0;
	while (i < len) {
		if (u[i] == 0 || utf8_next(u, len, &i, &cp))
			return 0;
	}
	return 1;
}

static int is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static int text_ok(const char *s, size_t maxlen, int block)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i = 0, chars = 0;
	uint32_t cp;

	if (!s)
		return 1;
	len = strlen(s);
	while (i < len) {
		if (utf8_next(u, len, &i, &cp))
			return 0;
		if (is_control(cp) &&
		    !(block && (cp == '\t' || cp == '\n' || cp == '\r')))
			return 0;
		if (++chars > maxlen)
			return 0;
	}
	return 1;
}

int text_field_ok(const char *s, size_t maxlen)
{
	return text_ok(s, maxlen, 0);
}

int text_block_ok(const char *s, size_t maxlen)
{
	return text_ok(s, maxlen, 1);
}

/* Length of the white space (ASCII or U+00A0) at p, 0 if none. */
static size_t ws_len(const unsigned char *p)
{
	if (is_space(*p))
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	return 0;
}

/* Length of the character at p: its UTF-8 length, or 1 if malformed. */
static size_t char_len(const unsigned char *p)
{
	size_t n = strnlen((const char *)p, 4), i = 0;
	uint32_t cp;

	if (utf8_next(p, n, &i, &cp))
		return 1;
	return i;
}

void text_squash(const char *in, char *out, size_t outsz)
{
	const unsigned char *r;
	size_t w = 0, n;
	int pending = 0;

	if (outsz == 0)
		return;
	if (!in)
		in = "";
	r = (const unsigned char *)in;
	/* writes never overtake reads (a run of >= 1 byte becomes 1 byte),
	 * which is what makes in == out safe */
	while (*r) {
		n = ws_len(r);
		if (n) {
			r += n;
			pending = w > 0;
			continue;
		}
		n = char_len(r);
		if (w + (size_t)pending + n > outsz - 1)
			break;
		if (pending)
			out[w++] = ' ';
		pending = 0;
		memmove(out + w, r, n);
		w += n;
		r += n;
	}
	out[w] = '\0';
}

struct name_cursor {
	const unsigned char *p;
	int started;
};

/* Next byte of the squashed, ASCII-lower-cased name, or -1 at the end. */
static int name_next(struct name_cursor *c)
{
	const unsigned char *p = c->p;
	size_t n;
	int saw_ws = 0;

	while ((n = ws_len(p)) > 0) {
		p += n;
		saw_ws = 1;
	}
	c->p = p;
	if (!*p)
		return -1;
	if (saw_ws && c->started)
		return ' ';
	c->started = 1;
	if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {
		c->p = p + 3;
		return '\'';
	}
	c->p = p + 1;
	return to_lower(*p);
}

int name_equal_loose(const char *a, const char *b)
{
	struct name_cursor ca = { (const unsigned char *)(a ? a : ""), 0 };
	struct name_cursor cb = { (const unsigned char *)(b ? b : ""), 0 };
	int x, y;

	for (;;) {
		x = name_next(&ca);
		y = name_next(&cb);
		if (x != y)
			return 0;
		if (x < 0)
			return ca.started;	/* two blank names never match */
	}
}

/*
 * Rough "is a letter" for non-ASCII code points: real Unicode categories
 * would need a library, and names here are mostly Latin; this refuses the
 * blocks that are clearly not letters.
 */
static int nonascii_letter(uint32_t cp)
{
	static const struct { uint32_t lo, hi; } deny[] = {
		{ 0x0080, 0x00BF },	/* C1 controls, Latin-1 symbols */
		{ 0x00D7, 0x00D7 },	/* × */
		{ 0x00F7, 0x00F7 },	/* ÷ */
		{ 0x2000, 0x2BFF },	/* punctuation, symbols, arrows, … */
		{ 0x2E00, 0x2E7F },	/* supplemental punctuation */
		{ 0x3000, 0x303F },	/* CJK symbols and punctuation */
		{ 0xE000, 0xF8FF },	/* private use */
		{ 0xFE00, 0xFE0F },	/* variation selectors */
		{ 0xFE10, 0xFE6F },	/* vertical and small forms */
		{ 0xFEFF, 0xFEFF },	/* BOM */
		{ 0xFF00, 0xFF20 },	/* full-width punctuation, digits */
		{ 0xFF3B, 0xFF40 },
		{ 0xFF5B, 0xFF65 },
		{ 0xFFF0, 0xFFFF },	/* specials */
		{ 0x1F000, 0x1FBFF },	/* emoji and symbols */
		{ 0xE0000, 0xE0FFF },	/* tags, variation selectors */
		{ 0xF0000, 0x10FFFF },	/* private use */
	};
	size_t i;

	for (i = 0; i < sizeof deny / sizeof deny[0]; i++)
		if (cp >= deny[i].lo && cp <= deny[i].hi)
			return 0;
	return 1;
}

static int is_combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF);
}

int person_name_ok(const char *s)
{
	const unsigned char *u;
	size_t len, i = 0, n, chars = 0;
	int letter = 0, pending = 0;
	uint32_t cp;

	if (!s)
		return 0;
	u = (const unsigned char *)s;
	len = strlen(s);
	while (i < len) {
		n = ws_len(u + i);
		if (n) {
			i += n;
			pending = chars > 0;
			continue;
		}
		if (utf8_next(u, len, &i, &cp))
			return 0;
		chars += 1 + (size_t)pending;
		pending = 0;
		if (chars > PERSON_NAME_MAX)
			return 0;
		if (cp < 0x80) {
			if (is_alpha((unsigned char)cp))
				letter = 1;
			else if (!strchr(".,'-", (int)cp))
				return 0;
		} else if (cp == 0x2018 || cp == 0x2019) {
			continue;	/* curly apostrophes from phones */
		} else if (!nonascii_letter(cp)) {
			return 0;
		} else if (!is_combining(cp)) {
			letter = 1;
		}
	}
	return letter;
}

/* ---- Codes ------------------------------------------------------------- */

int code6_ok(const char *s)
{
	int i;

	if (!s)
		return 0;
	for (i = 0; i < 6; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return s[6] == '\0';
}
