// SPDX-License-Identifier: MIT
// Audit log of officer actions on records (UU 27/2022).
#ifndef LOKET_AUDIT_H
#define LOKET_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Where the actions of this thread come from until the next call: the
 * client address of the request being served, or "cli". The web layer
 * sets it before every handler; NULL clears it. */
void audit_origin(const char *asal);

/* Records that staff member staf_id did aksi on objek ("pemohon:12"),
 * from the thread's origin; staf_id 0: no officer did it (the command
 * line, which the origin "cli" names). detail must not hold NIK, KK, mother's names
 * or secrets. The log is append-only: nothing in the product updates or
 * deletes its rows. 0 or -1. */
int audit_log(struct db *db, int64_t staf_id, const char *aksi, const char *objek,
	      const char *detail);

/* ---- reading the log (admin only) ---------------------------------------- */

#define AUDIT_BATAS_MAX 200
#define AUDIT_AKSI_MAX 64
#define AUDIT_OBJEK_MAX 100
#define AUDIT_ASAL_MAX 64

/* Filters of audit_list; zero/NULL/"" members filter nothing. */
struct audit_filter {
	int64_t staf_id;        /* one officer */
	const char *aksi;       /* action prefix: "pengajuan." or "staf.tambah" */
	const char *objek;      /* exact object ("pengajuan:12"); an application
				   code (AKL33268296) stands for its pengajuan:ID */
	const char *asal;       /* exact origin address */
	int64_t dari;           /* created_at >= dari (Unix seconds) */
	int64_t sampai;         /* created_at < sampai (0: open) */
	int64_t sebelum;        /* keyset: only rows after this id in the
				   newest-first order (the last id of the
				   previous page) */
	int batas;              /* rows per page, 1..AUDIT_BATAS_MAX */
};

/* 1 when aksi is a usable action prefix: 1..AUDIT_AKSI_MAX of a-z, 0-9,
 * '.', '_' and '-'. */
int audit_aksi_ok(const char *aksi);

/*
 * One page of the log, newest first (created_at, then id, descending):
 * rows {id, created_at, staf_id (null for none), staf_username, staf_nama,
 * aksi, objek, detail (null), asal (null)}. *berikutnya receives the id to
 * pass as sebelum for the next page, 0 on the last page. NULL on a
 * database error, or with *berikutnya = -1 when sebelum names no row.
 * Caller owns the array. Read-only: nothing here changes the log.
 */
json_t *audit_list(struct db *db, const struct audit_filter *f, int64_t *berikutnya);

#endif
