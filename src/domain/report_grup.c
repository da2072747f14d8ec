// SPDX-License-Identifier: MIT
// The report's table per Grup Pemohon: applications made in the period by each group and in personal mode.
#include "domain/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/application.h"
#include "domain/grup.h"
#include "lib/log.h"

/*
 * The roll-up has no mode, so the groups' applications are counted from
 * pengajuan itself: grup_id > 0 walks the index on (grup_id, id), only the
 * applications made for groups, a small part of all of them; one service
 * walks the index on (layanan_id, created_at). Personal mode is what the
 * roll-up counted minus the groups' share, per status.
 */
static const char sql_grup_all[] =
	"SELECT grup_id, status, count(*) FROM pengajuan WHERE grup_id > 0 AND created_at >= ? AND created_at < ?"
	" GROUP BY grup_id, status";
static const char sql_grup_one[] =
	"SELECT grup_id, status, count(*) FROM pengajuan WHERE grup_id > 0 AND created_at >= ? AND created_at < ?"
	" AND layanan_id = ? GROUP BY grup_id, status";

/* One row of the table: per_status as report_build's per_layanan. */
static json_t *grup_row(json_int_t id, const char *nama, const char *jenis)
{
	enum grup_jenis j = grup_jenis_from(jenis);
	json_t *ps = json_object();

	for (int k = 0; k < APP__MAX; k++)
		json_object_set_new(ps, app_status_names[k], json_integer(0));
	return json_pack("{s:I, s:s, s:o, s:o, s:I, s:o}", "id", id, "nama", nama, "jenis",
			 j < GRUP__MAX ? json_string(grup_jenis_codes[j]) : json_null(), "jenis_label",
			 j < GRUP__MAX ? json_string(grup_jenis_names[j]) : json_null(), "total", (json_int_t)0,
			 "per_status", ps);
}

static void row_add(json_t *row, const char *status, json_int_t n)
{
	json_t *ps = json_object_get(row, "per_status");

	json_object_set_new(ps, status, json_integer(json_integer_value(json_object_get(ps, status)) + n));
	json_object_set_new(row, "total", json_integer(json_integer_value(json_object_get(row, "total")) + n));
}

/* Every group, by name, after the personal row; NULL on a storage error. */
static json_t *grup_rows(struct db *db)
{
	struct db_stmt *st = db_query(db, "SELECT id, nama, jenis FROM grup ORDER BY nama, id", "");
	json_t *rows = json_array();
	enum db_rc rc = DB_ERR;

	json_array_append_new(rows, grup_row(0, "Pemohon Pribadi", NULL));
	while (st && (rc = db_next(st)) == DB_ROW)
		json_array_append_new(rows, grup_row((json_int_t)db_int(st, 0), db_text(st, 1), db_text(st, 2)));
	db_end(st);
	if (rc != DB_DONE) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

static json_t *row_of(json_t *rows, json_int_t id)
{
	json_t *v;
	size_t i;
	char nama[32];

	json_array_foreach(rows, i, v)
		if (json_integer_value(json_object_get(v, "id")) == id)
			return v;
	/* a group row gone from storage (never deleted today) */
	snprintf(nama, sizeof nama, "Grup #%lld", (long long)id);
	json_array_append_new(rows, grup_row(id, nama, NULL));
	return json_array_get(rows, json_array_size(rows) - 1);
}

json_t *report_per_grup(struct db *db, const struct report_query *q, const json_t *per_status)
{
	/* the period's UTC instants: WIB days [dari, sampai] (REKAP_HARI) */
	int64_t from = q->dari * 86400 - 25200, to = (q->sampai + 1) * 86400 - 25200, *ids;
	json_t *rows = grup_rows(db), *pribadi, *v;
	enum db_rc rc = DB_DONE;
	size_t nids, i, k;

	if (!rows)
		return NULL;
	ids = malloc((q->nbatas + 1) * sizeof *ids);
	if (!ids)
		fatal("out of memory");
	nids = report_scope(q, ids);
	for (i = 0; i < nids && rc == DB_DONE; i++) {
		struct db_stmt *st = ids[i] ? db_query(db, sql_grup_one, "iii", from, to, ids[i])
					    : db_query(db, sql_grup_all, "ii", from, to);

		rc = DB_ERR;
		while (st && (rc = db_next(st)) == DB_ROW)
			if (app_status_from(db_text(st, 1)) < APP__MAX)
				row_add(row_of(rows, (json_int_t)db_int(st, 0)), db_text(st, 1), (json_int_t)db_int(st, 2));
		db_end(st);
	}
	free(ids);
	if (rc != DB_DONE) {
		json_decref(rows);
		return NULL;
	}
	/* personal mode: the roll-up's count of each status less the groups' */
	pribadi = json_array_get(rows, 0);
	json_array_foreach(per_status, k, v) {
		const char *status = json_string_value(json_object_get(v, "status"));
		json_int_t n = json_integer_value(json_object_get(v, "jumlah"));

		for (i = 1; i < json_array_size(rows); i++)
			n -= json_integer_value(json_object_get(json_object_get(json_array_get(rows, i), "per_status"), status));
		if (status && n > 0)
			row_add(pribadi, status, n);
	}
	return rows;
}
