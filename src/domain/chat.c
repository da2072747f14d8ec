// SPDX-License-Identifier: MIT
// Chat between an applicant and the officers on one application.
#include "domain/chat.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/audit.h"
#include "domain/notify.h"
#include "domain/throttle.h"
#include "domain/validate.h"
#include "lib/buf.h"
#include "lib/config.h"

const char *const chat_side_names[CHAT__MAX] = { "pemohon", "staf" };

json_t *chat_list(struct db *db, int64_t app_id, enum chat_side side, int64_t sebelum, int64_t *lebih_lama)
{
	json_t *out = json_array();
	int64_t newest = 0, n = 0;
	struct db_stmt *st = db_query(db,
				      "SELECT c.id, c.dari, COALESCE(s.nama, p.nama), c.isi, c.created_at FROM chat c"
				      " JOIN pengajuan a ON a.id = c.pengajuan_id JOIN pemohon p ON p.id = a.pemohon_id"
				      " LEFT JOIN staf s ON s.id = c.staf_id WHERE c.pengajuan_id = ? AND c.id < ?"
				      " ORDER BY c.id DESC LIMIT ?",
				      "iii", app_id, sebelum > 0 ? sebelum : INT64_MAX, (int64_t)CHAT_PAGE + 1);

	*lebih_lama = 0;
	while (st && db_next(st) == DB_ROW) {
		int from_staf = !strcmp(db_text(st, 1), "staf");
		int64_t id = db_int(st, 0);

		if (++n > CHAT_PAGE) {
			/* one row more than the page: an older page exists */
			*lebih_lama = json_integer_value(json_object_get(json_array_get(out, 0), "id"));
			break;
		}
		if (!newest)
			newest = id;
		/* officers speak for the office: their own names stay inside */
		json_array_insert_new(out, 0, json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)id, "dari",
							db_text(st, 1), "nama",
							from_staf && side == CHAT_PEMOHON ? "Petugas Dinas" : db_text(st, 2),
							"isi", db_text(st, 3), "waktu", (json_int_t)db_int(st, 4)));
	}
	db_end(st);
	if (newest && sebelum <= 0)
		db_exec(db,
			side == CHAT_PEMOHON ? "UPDATE pengajuan SET chat_baca_pemohon = ? WHERE id = ? AND chat_baca_pemohon < ?"
					     : "UPDATE pengajuan SET chat_baca_staf = ? WHERE id = ? AND chat_baca_staf < ?",
			"iii", newest, app_id, newest);
	return out;
}

/* Queues the WhatsApp notice of an officer's message unless one went out
 * within the window; the conditional update lets only one writer win. */
static int notify_applicant(struct db *db, int64_t app_id, time_t now)
{
	struct db_stmt *st;
	char kode[40] = "", hp[PHONE_BUF] = "";
	int rc = 0;

	if (db_exec(db, "UPDATE pengajuan SET chat_wa_at = ? WHERE id = ? AND chat_wa_at <= ?", "iii", (int64_t)now,
		    app_id, (int64_t)now - g_cfg.chat_notify_window) != DB_DONE)
		return -1;
	if (!db_changes(db))
		return 0;
	/* the one who reads the chat: the applicant, or in group mode the
	 * member who made the application (the resident cannot open it) */
	st = db_query(db, "SELECT p.kode, CASE WHEN p.grup_id = 0 THEN p.no_hp ELSE a.no_hp END FROM pengajuan p"
		      " JOIN pemohon a ON a.id = p.pemohon_id WHERE p.id = ?", "i", app_id);
	if (st && db_next(st) == DB_ROW) {
		snprintf(kode, sizeof kode, "%s", db_text(st, 0));
		snprintf(hp, sizeof hp, "%s", db_text(st, 1));
	}
	db_end(st);
	if (*hp) {
		struct buf body = BUF_INIT;

		buf_addf(&body,
			 "Ada pesan baru dari petugas %s tentang pengajuan %s. Baca dan balas di %s/pengajuan/%s#chat",
			 g_cfg.office_name, kode, g_cfg.base_url, kode);
		rc = notify_queue(db, NOTIFY_WHATSAPP, hp, "Pesan baru tentang pengajuan Anda", body.ptr);
		buf_release(&body);
	}
	return rc;
}

/* An officer's message is an action on the record: audited with it. */
static int officer_audit(struct db *db, int64_t staf_id, int64_t app_id)
{
	char objek[48];

	snprintf(objek, sizeof objek, "pengajuan:%lld", (long long)app_id);
	return audit_log(db, staf_id, "pengajuan.chat", objek, NULL);
}

/* One more message of side on the application within the hour: 0 when
 * it may go (and is counted), else the seconds to wait. */
static long hourly_cap(struct db *db, int64_t app_id, enum chat_side side)
{
	char key[64];
	long wait;

	snprintf(key, sizeof key, "chat:%lld:%s", (long long)app_id, chat_side_names[side]);
	if ((wait = throttle_wait(db, key)) > 0)
		return wait;
	throttle_fail(db, key, g_cfg.chat_max_hour, 3600, 3600);
	return 0;
}

enum chat_rc chat_post(struct db *db, int64_t app_id, enum chat_side side, int64_t staf_id, const char *isi,
		       json_t *errors, long *retry)
{
	time_t now = time(NULL);
	size_t a = 0, b = isi ? strlen(isi) : 0;

	*retry = 0;
	/* a message of white space only is no message */
	while (a < b && strchr(" \t\r\n", isi[a]))
		a++;
	if (a == b) {
		json_object_set_new(errors, "isi", json_string("Tulis pesan terlebih dahulu."));
		return CHAT_INVALID;
	}
	if (!text_block_ok(isi, (size_t)g_cfg.chat_max)) {
		char msg[120];

		snprintf(msg, sizeof msg, "Pesan paling banyak %ld karakter, tanpa karakter kendali.", g_cfg.chat_max);
		json_object_set_new(errors, "isi", json_string(msg));
		return CHAT_INVALID;
	}
	if (db_begin(db) != DB_OK)
		return CHAT_ERR;
	if ((*retry = hourly_cap(db, app_id, side)) > 0) {
		char msg[160];

		db_rollback(db);
		snprintf(msg, sizeof msg, "Batas %ld pesan per jam untuk pengajuan ini sudah tercapai. Silakan kirim "
			 "lagi dalam %ld menit.", g_cfg.chat_max_hour, (*retry + 59) / 60);
		json_object_set_new(errors, "isi", json_string(msg));
		return CHAT_LIMIT;
	}
	if ((side == CHAT_STAF
		     ? db_exec(db, "INSERT INTO chat (pengajuan_id, dari, staf_id, isi, created_at) VALUES (?, 'staf', ?, ?, ?)",
			       "iisi", app_id, staf_id, isi, (int64_t)now)
		     : db_exec(db, "INSERT INTO chat (pengajuan_id, dari, isi, created_at) VALUES (?, 'pemohon', ?, ?)", "isi",
			       app_id, isi, (int64_t)now)) != DB_DONE ||
	    (side == CHAT_STAF && (notify_applicant(db, app_id, now) < 0 || officer_audit(db, staf_id, app_id) < 0)) ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		return CHAT_ERR;
	}
	return CHAT_OK;
}
