// SPDX-License-Identifier: MIT
// Reports over the roll-ups: applications, step times, registrations.
#ifndef LOKET_REPORT_H
#define LOKET_REPORT_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "lib/buf.h"
#include "store/db.h"

/* Longest period a report covers: five years of days, leap days included. */
#define REPORT_MAX_DAYS 1827
/* Periods up to this many days are charted per day, longer ones per month. */
#define REPORT_DAILY_MAX 92

/* What a report covers. Days are WIB day numbers (rekap.h: REKAP_HARI),
 * i.e. days since 1970-01-01 in Asia/Jakarta. */
struct report_query {
	int64_t dari, sampai;        /* inclusive */
	int64_t layanan_id;          /* 0: every service the officer may see */
	const char *layanan_kode;    /* NULL for every service; borrowed from the catalog snapshot */
	const char *layanan_nama;
	const int64_t *batas;        /* the services the officer is limited to (staff_services), */
	size_t nbatas;               /* borrowed; 0: no limit */
};

/* The WIB day number of the date y-m-d (proleptic Gregorian). */
int64_t report_day(int y, int m, int d);
/* The date of WIB day number hari as "YYYY-MM-DD" (out: 11 bytes). */
void report_date(int64_t hari, char out[11]);
/* The date of WIB day number hari. */
void report_ymd(int64_t hari, int *y, int *m, int *d);
/* A period of a report (periode.dari/sampai, per_waktu[].periode: a day
 * "YYYY-MM-DD" or a month "YYYY-MM") as people read it, "DD-MM-YYYY" or
 * "MM-YYYY" (lib/waktu.h); out: 11 bytes. The JSON keeps ISO. */
const char *report_period_text(const char *periode, char out[11]);

/*
 * Checks the parameters of a report and fills q. dari and sampai are
 * "YYYY-MM-DD" (strict) or, unless strict, also "DD-MM-YYYY"; NULL or ""
 * take the defaults: the first day of the current month (WIB) and today.
 * layanan is a service slug of the catalog (inactive ones too); NULL or ""
 * means every service. batas/nbatas: the services the officer is limited
 * to (nbatas 0: none); the report then covers only those, and any other
 * service is unknown to them. Each problem goes to errors[field] in
 * Indonesian (dari, sampai, layanan): an invalid date, sampai before dari,
 * a period longer than REPORT_MAX_DAYS, an unknown service. 0 when valid,
 * -1 otherwise.
 */
int report_params(struct db *db, const char *dari, const char *sampai, const char *layanan, int strict,
		  time_t now, const int64_t *batas, size_t nbatas, struct report_query *q, json_t *errors);
/* 1 when the officer of q may see service id (q->batas). */
int report_allowed(const struct report_query *q, int64_t id);

/*
 * The report of q, read from the roll-up tables only (caller decrefs);
 * NULL on a database error (logged). Shape (docs/api.md):
 *   periode {dari, sampai, jumlah_hari, satuan: "hari"|"bulan"},
 *   layanan {kode, nama} or null (every service the officer may see),
 *   pengajuan {total, per_status [{status, label, jumlah}] (every status,
 *     in the order of the status model), per_layanan [{kode, nama, total,
 *     per_status {STATUS: n}}] (every service of the catalog the officer
 *     may see, or the one asked for, plus any other that has rows when
 *     there is no limit), per_grup (report_per_grup), per_waktu [{periode, jumlah}]
 *     (every day, or every month for periods over REPORT_DAILY_MAX days)},
 *   langkah [{layanan_kode, layanan_nama, kode, nama, jumlah, total_detik,
 *     rata_rata_detik, p90_detik, waktu_baku_detik (null when the step is
 *     no longer in the service's definition), terlambat, persen_terlambat}],
 *   pendaftaran {disetujui, ditolak, per_waktu [{periode, disetujui, ditolak}]}.
 * Applications are counted by the day they were made, with their current
 * status; steps by the day they were recorded; registrations by the day of
 * the decision. The average is exact; p90 is the geometric middle of the
 * 5 % bucket in which 90 % of the steps are reached (within 2.5 %).
 */
json_t *report_build(struct db *db, const struct report_query *q);

/* What a query of q covers: one service, each service of the officer's
 * limit, or all at once (one entry 0). Writes up to q->nbatas + 1 ids;
 * returns how many. */
size_t report_scope(const struct report_query *q, int64_t *ids);

/* The table per Grup Pemohon (report_grup.c): [{id (0: Pemohon Pribadi),
 * nama, jenis, jenis_label (null for personal mode), total, per_status
 * {STATUS: n}}], personal mode first, then every group by name; counted
 * like pengajuan.per_layanan (applications made in the period, within the
 * services of q, with their current status). per_status: the report's
 * pengajuan.per_status, of which personal mode is the rest. Caller owns;
 * NULL on a storage error. */
json_t *report_per_grup(struct db *db, const struct report_query *q, const json_t *per_status);

/* Forgets the step buckets kept per month (report.c explains the cache),
 * e.g. after rekap_langkah rows of past days were rewritten. Only while no
 * report runs (start-up, tests, benchmarks): it frees what they read. */
void report_cache_clear(void);

/* The value reported for bucket b (rekap_ember): its geometric middle in
 * seconds, 0 for bucket 0. */
double report_ember_tengah(int b);

/*
 * Appends the report as CSV: UTF-8 with a byte-order mark, ';' between
 * fields and CRLF line ends (what Excel set to Indonesian opens directly:
 * its list separator is ';' because ',' is the decimal mark), decimals
 * with a comma, text quoted when it holds ';', '"', CR or LF, and text
 * starting with = + - @ TAB or CR prefixed with a single quote so that a
 * spreadsheet never runs it as a formula. Sections: applications per
 * service and status, per Grup Pemohon and status, per day/month, step
 * times, registrations.
 */
void report_csv(const json_t *rep, struct buf *out);

/* Writes the report as an XLSX workbook at path (sheets Pengajuan,
 * Langkah, Pendaftaran), libxlsxwriter's own temporary files in tmpdir.
 * 0 or -1. */
int report_xlsx(const json_t *rep, const char *path, const char *tmpdir);

#endif
