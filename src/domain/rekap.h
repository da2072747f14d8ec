// SPDX-License-Identifier: MIT
// Report roll-ups, written in the same transaction as the change they count.
#ifndef LOKET_REKAP_H
#define LOKET_REKAP_H

#include <stdint.h>

#include "store/db.h"

/* The WIB day number of UTC instant t: (t + 7 h) / 1 day. */
#define REKAP_HARI(t) (((int64_t)(t) + 25200) / 86400)

/* An application created at created_at, of service layanan_id, changes
 * status from `from` to `to` (NULL from: created; NULL to: deleted).
 * 0 or -1. */
int rekap_status(struct db *db, int64_t created_at, int64_t layanan_id, const char *from, const char *to);

/* Bucket of a duration in seconds on a 5 % geometric scale: 0 for 0 s,
 * then 1 + floor(ln(durasi) / ln(1.05)). */
int rekap_ember(int64_t durasi);
/* Lower bound (seconds) of bucket b: the inverse of rekap_ember. */
int64_t rekap_ember_bawah(int b);

/* A step of service layanan_id took durasi seconds against a standard of
 * baku seconds, recorded at t. 0 or -1. */
int rekap_langkah(struct db *db, int64_t t, int64_t layanan_id, const char *langkah, int64_t durasi,
		  int64_t baku);

/* A registration decision at t: hasil "disetujui" or "ditolak". 0 or -1. */
int rekap_pendaftaran(struct db *db, int64_t t, const char *hasil);

#endif
