// SPDX-License-Identifier: MIT
// Dates and times as people read them: DD-MM-YYYY, and HH:MM WIB in the office's zone.
#ifndef LOKET_WAKTU_H
#define LOKET_WAKTU_H

#include <stdint.h>

/*
 * The one format for people (pages, messages, PDF stamps, CSV/XLSX
 * exports): a date is "07-12-2026", an instant is "07-12-2026 14:05 WIB".
 * Machines keep ISO 8601: the JSON API, <input type="date"> values, URLs,
 * file names and `loket export`. Instants are stored as UTC seconds and
 * shown in the office's zone, Asia/Jakarta (WIB): UTC+7 all year, no
 * daylight saving. Every function writes into out, never past its size,
 * and returns out; what is not a date or time people can read (NULL,
 * damaged or hand-edited values, years outside 1..9999) becomes
 * WAKTU_KOSONG. None allocates; all are thread-safe.
 */

#define WAKTU_WIB_OFFSET (7 * 3600)

#define WAKTU_KOSONG "-"
#define WAKTU_TANGGAL_LEN 11   /* "07-12-2026" and its NUL */
#define WAKTU_BULAN_LEN 8      /* "12-2026" */
#define WAKTU_WIB_LEN 21       /* "07-12-2026 14:05 WIB" */
#define WAKTU_WIB_DETIK_LEN 24 /* "07-12-2026 14:05:09 WIB" */

/* A stored date "YYYY-MM-DD" (strict: ten characters, a real calendar
 * date) as "DD-MM-YYYY". */
const char *waktu_tanggal(const char *iso, char out[WAKTU_TANGGAL_LEN]);

/* A month "YYYY-MM" (the report's monthly periods) as "MM-YYYY". */
const char *waktu_bulan(const char *iso, char out[WAKTU_BULAN_LEN]);

/* UTC instant t (Unix seconds) as "DD-MM-YYYY HH:MM WIB". 17:00 UTC is
 * 00:00 WIB of the next day. */
const char *waktu_wib(int64_t t, char out[WAKTU_WIB_LEN]);

/* The WIB date of UTC instant t, "DD-MM-YYYY" (a post's date). */
const char *waktu_wib_tanggal(int64_t t, char out[WAKTU_TANGGAL_LEN]);

/* "DD-MM-YYYY HH:MM:SS WIB": only the audit log, whose rows are evidence
 * and are matched with the process log to the second. */
const char *waktu_wib_detik(int64_t t, char out[WAKTU_WIB_DETIK_LEN]);

#endif
