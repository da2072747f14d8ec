// SPDX-License-Identifier: MIT
// Dates and times as people read them: DD-MM-YYYY, and HH:MM WIB in the office's zone.
#include "lib/waktu.h"

#include <stdio.h>
#include <string.h>

/* Calendar arithmetic by hand (H. Hinnant's civil_from_days), not gmtime:
 * no time_t range limits, no locale, no global state. */

struct civil {
	int64_t y;
	int m, d, hh, mm, ss;
};

static int leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

static void civil_from_days(int64_t z, struct civil *c)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	c->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->y = yoe + era * 400 + (c->m <= 2);
}

/* The WIB wall clock of UTC instant t; 0, or -1 outside years 1..9999.
 * The day and the second are split before the offset is added: no
 * overflow at the ends of int64_t. */
static int wib_civil(int64_t t, struct civil *c)
{
	int64_t days = t / 86400, rem = t % 86400;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	rem += WAKTU_WIB_OFFSET;
	if (rem >= 86400) {
		rem -= 86400;
		days++;
	}
	civil_from_days(days, c);
	c->hh = (int)(rem / 3600);
	c->mm = (int)(rem % 3600 / 60);
	c->ss = (int)(rem % 60);
	return c->y >= 1 && c->y <= 9999 ? 0 : -1;
}

/* n digits at s into *v; 0 or -1. */
static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static const char *kosong(char *out, size_t outsz)
{
	snprintf(out, outsz, "%s", WAKTU_KOSONG);
	return out;
}

/* n decimal digits of v (0 <= v < 10^n) at p; returns the end. By hand:
 * the values are range-checked, and the sizes stay exact. */
static char *put(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* "DD-MM-YYYY" at p (10 characters); returns the end. */
static char *put_date(char *p, int d, int m, int y)
{
	p = put(p, d, 2);
	*p++ = '-';
	p = put(p, m, 2);
	*p++ = '-';
	return put(p, y, 4);
}

/* The WIB text of c at out: the date, " HH:MM", ":SS" when asked, " WIB". */
static const char *put_wib(const struct civil *c, int seconds, char *out)
{
	char *p = put_date(out, c->d, c->m, (int)c->y);

	*p++ = ' ';
	p = put(p, c->hh, 2);
	*p++ = ':';
	p = put(p, c->mm, 2);
	if (seconds) {
		*p++ = ':';
		p = put(p, c->ss, 2);
	}
	memcpy(p, " WIB", 5);
	return out;
}

const char *waktu_tanggal(const char *iso, char out[WAKTU_TANGGAL_LEN])
{
	int y, m, d;

	if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-' || digits(iso, 4, &y) < 0 ||
	    digits(iso + 5, 2, &m) < 0 || digits(iso + 8, 2, &d) < 0 || y < 1 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return kosong(out, WAKTU_TANGGAL_LEN);
	*put_date(out, d, m, y) = '\0';
	return out;
}

const char *waktu_bulan(const char *iso, char out[WAKTU_BULAN_LEN])
{
	int y, m;

	if (!iso || strlen(iso) != 7 || iso[4] != '-' || digits(iso, 4, &y) < 0 || digits(iso + 5, 2, &m) < 0 ||
	    y < 1 || m < 1 || m > 12)
		return kosong(out, WAKTU_BULAN_LEN);
	out[2] = '-';
	put(out, m, 2);
	*put(out + 3, y, 4) = '\0';
	return out;
}

const char *waktu_wib(int64_t t, char out[WAKTU_WIB_LEN])
{
	struct civil c;

	if (wib_civil(t, &c) < 0)
		return kosong(out, WAKTU_WIB_LEN);
	return put_wib(&c, 0, out);
}

const char *waktu_wib_tanggal(int64_t t, char out[WAKTU_TANGGAL_LEN])
{
	struct civil c;

	if (wib_civil(t, &c) < 0)
		return kosong(out, WAKTU_TANGGAL_LEN);
	*put_date(out, c.d, c.m, (int)c.y) = '\0';
	return out;
}

const char *waktu_wib_detik(int64_t t, char out[WAKTU_WIB_DETIK_LEN])
{
	struct civil c;

	if (wib_civil(t, &c) < 0)
		return kosong(out, WAKTU_WIB_DETIK_LEN);
	return put_wib(&c, 1, out);
}
