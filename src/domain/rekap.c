// SPDX-License-Identifier: MIT
// Report roll-ups: one upsert per counted change, so reports read days, not rows.
#include "domain/rekap.h"

#include <math.h>

static int bump(struct db *db, int64_t hari, int64_t layanan_id, const char *status, int64_t by)
{
	return db_exec(db, "INSERT INTO rekap_pengajuan (hari, layanan_id, status, jumlah) VALUES (?, ?, ?, ?) "
		       "ON CONFLICT (hari, layanan_id, status) DO UPDATE SET jumlah = rekap_pengajuan.jumlah + ?",
		       "iisii", hari, layanan_id, status, by, by) == DB_DONE ? 0 : -1;
}

int rekap_status(struct db *db, int64_t created_at, int64_t layanan_id, const char *from, const char *to)
{
	int64_t hari = REKAP_HARI(created_at);

	if (from && bump(db, hari, layanan_id, from, -1) < 0)
		return -1;
	if (to && bump(db, hari, layanan_id, to, 1) < 0)
		return -1;
	return 0;
}

int rekap_ember(int64_t durasi)
{
	if (durasi <= 0)
		return 0;
	return 1 + (int)floor(log((double)durasi) / log(1.05));
}

int64_t rekap_ember_bawah(int b)
{
	if (b <= 0)
		return 0;
	return (int64_t)ceil(pow(1.05, b - 1));
}

int rekap_langkah(struct db *db, int64_t t, int64_t layanan_id, const char *langkah, int64_t durasi,
		  int64_t baku)
{
	int64_t late = durasi > baku ? 1 : 0;

	return db_exec(db, "INSERT INTO rekap_langkah (hari, layanan_id, langkah, ember, jumlah, total_detik, "
		       "terlambat) VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (hari, layanan_id, langkah, ember) DO "
		       "UPDATE SET jumlah = rekap_langkah.jumlah + 1, total_detik = rekap_langkah.total_detik + ?, "
		       "terlambat = rekap_langkah.terlambat + ?",
		       "iisiiiii", REKAP_HARI(t), layanan_id, langkah, (int64_t)rekap_ember(durasi), durasi, late,
		       durasi, late) == DB_DONE ? 0 : -1;
}

int rekap_pendaftaran(struct db *db, int64_t t, const char *hasil)
{
	return db_exec(db, "INSERT INTO rekap_pendaftaran (hari, hasil, jumlah) VALUES (?, ?, 1) "
		       "ON CONFLICT (hari, hasil) DO UPDATE SET jumlah = rekap_pendaftaran.jumlah + 1",
		       "is", REKAP_HARI(t), hasil) == DB_DONE ? 0 : -1;
}
