// SPDX-License-Identifier: MIT
// Audit rows are append-only; nothing in the product updates or deletes them. Reading them: audit_list.
#include "domain/audit.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/log.h"

/* a request is served start to end on one thread */
static _Thread_local char origin[64];

void audit_origin(const char *asal)
{
	snprintf(origin, sizeof origin, "%s", asal ? asal : "");
}

int audit_log(struct db *db, int64_t staf_id, const char *aksi, const char *objek,
	      const char *detail)
{
	return db_exec(db, "INSERT INTO audit (staf_id, aksi, objek, detail, asal, created_at) "
		       "VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?)", "issssi", staf_id, aksi, objek, detail,
		       origin[0] ? origin : NULL, (int64_t)time(NULL)) == DB_DONE ? 0 : -1;
}

/* ---- reading ------------------------------------------------------------- */

int audit_aksi_ok(const char *aksi)
{
	size_t n = aksi ? strlen(aksi) : 0;
	const char *p;

	if (!n || n > AUDIT_AKSI_MAX)
		return 0;
	for (p = aksi; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && !strchr("._-", *p))
			return 0;
	return 1;
}

/*
 * The query with the optional filters present in a bit mask. Each variant
 * is built once and never freed: statements are cached by the address of
 * their text. The time range and the keyset are always bound (wide open
 * when not asked for), so every variant walks one index in order: audit_staf
 * (staf_id, created_at) for an officer, audit_objek (objek, created_at) for
 * an object, audit_waktu (created_at, id) otherwise.
 */
enum { F_STAF = 1, F_AKSI = 2, F_OBJEK = 4, F_ASAL = 8, F__ALL = 16 };

static char *variants[F__ALL];
static pthread_once_t variants_once = PTHREAD_ONCE_INIT;

static void build_variants(void)
{
	int m;

	for (m = 0; m < F__ALL; m++) {
		struct buf b = BUF_INIT;

		buf_adds(&b, "SELECT a.id, a.created_at, a.staf_id, s.username, s.nama, a.aksi, a.objek, "
			     "a.detail, a.asal FROM audit a LEFT JOIN staf s ON s.id = a.staf_id "
			     "WHERE a.created_at >= ? AND a.created_at < ? AND (a.created_at, a.id) < (?, ?)");
		if (m & F_STAF)
			buf_adds(&b, " AND a.staf_id = ?");
		if (m & F_AKSI)
			buf_adds(&b, " AND a.aksi LIKE ? ESCAPE '!'");
		if (m & F_OBJEK)
			buf_adds(&b, " AND a.objek = ?");
		if (m & F_ASAL)
			buf_adds(&b, " AND a.asal = ?");
		buf_adds(&b, " ORDER BY a.created_at DESC, a.id DESC LIMIT ?");
		variants[m] = buf_detach(&b, NULL);
	}
}

/* An application code typed as the object stands for its row. */
static const char *resolve_objek(struct db *db, const char *objek, char *out, size_t outsz)
{
	char kode[AUDIT_OBJEK_MAX + 1];
	struct db_stmt *st;
	size_t i;

	if (strchr(objek, ':') || strlen(objek) > AUDIT_OBJEK_MAX)
		return objek;
	for (i = 0; objek[i]; i++)
		kode[i] = (char)toupper((unsigned char)objek[i]);
	kode[i] = '\0';
	st = db_query(db, "SELECT id FROM pengajuan WHERE kode = ?", "s", kode);
	if (db_next(st) == DB_ROW) {
		snprintf(out, outsz, "pengajuan:%lld", (long long)db_int(st, 0));
		objek = out;
	}
	db_end(st);
	return objek;
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *audit_list(struct db *db, const struct audit_filter *f, int64_t *berikutnya)
{
	union db_arg args[10];
	char fmt[12], objek_buf[48], like[2 * AUDIT_AKSI_MAX + 2];
	const char *objek = NULL;
	struct db_stmt *st;
	json_t *rows;
	int64_t key_t = INT64_MAX, key_id = INT64_MAX;
	int mask = 0, n = 0, batas = f->batas, count = 0;
	enum db_rc rc;
	size_t i, k;

	*berikutnya = 0;
	pthread_once(&variants_once, build_variants);
	if (batas < 1 || batas > AUDIT_BATAS_MAX)
		batas = batas < 1 ? 1 : AUDIT_BATAS_MAX;
	if (f->sebelum > 0) {
		st = db_query(db, "SELECT created_at FROM audit WHERE id = ?", "i", f->sebelum);
		rc = db_next(st);
		if (rc == DB_ROW)
			key_t = db_int(st, 0);
		db_end(st);
		if (rc == DB_DONE)
			*berikutnya = -1;
		if (rc != DB_ROW)
			return NULL;
		key_id = f->sebelum;
	}
	args[n].integer = f->dari;
	fmt[n++] = 'i';
	args[n].integer = f->sampai > 0 ? f->sampai : INT64_MAX;
	fmt[n++] = 'i';
	args[n].integer = key_t;
	fmt[n++] = 'i';
	args[n].integer = key_id;
	fmt[n++] = 'i';
	if (f->staf_id > 0) {
		mask |= F_STAF;
		args[n].integer = f->staf_id;
		fmt[n++] = 'i';
	}
	if (f->aksi && *f->aksi) {
		/* validated to [a-z0-9._-]: only '_' is a LIKE wildcard */
		for (i = 0, k = 0; f->aksi[i] && k + 3 < sizeof like; i++) {
			if (f->aksi[i] == '_' || f->aksi[i] == '%' || f->aksi[i] == '!')
				like[k++] = '!';
			like[k++] = f->aksi[i];
		}
		like[k++] = '%';
		like[k] = '\0';
		mask |= F_AKSI;
		args[n].text = like;
		fmt[n++] = 's';
	}
	if (f->objek && *f->objek) {
		objek = resolve_objek(db, f->objek, objek_buf, sizeof objek_buf);
		mask |= F_OBJEK;
		args[n].text = objek;
		fmt[n++] = 's';
	}
	if (f->asal && *f->asal) {
		mask |= F_ASAL;
		args[n].text = f->asal;
		fmt[n++] = 's';
	}
	/* one more than asked: tells whether a next page exists */
	args[n].integer = batas + 1;
	fmt[n++] = 'i';
	fmt[n] = '\0';
	st = db_query_args(db, variants[mask], fmt, args);
	if (!st)
		return NULL;
	rows = json_array();
	while ((rc = db_next(st)) == DB_ROW) {
		if (++count > batas) {
			*berikutnya = (int64_t)json_integer_value(json_object_get(json_array_get(rows, (size_t)batas - 1), "id"));
			break;
		}
		json_array_append_new(rows, json_pack("{s:I, s:I, s:o, s:o, s:o, s:s, s:s, s:o, s:o}",
			"id", (json_int_t)db_int(st, 0), "created_at", (json_int_t)db_int(st, 1),
			"staf_id", db_is_null(st, 2) ? json_null() : json_integer(db_int(st, 2)),
			"staf_username", text_or_null(db_text(st, 3)), "staf_nama", text_or_null(db_text(st, 4)),
			"aksi", db_text(st, 5) ? db_text(st, 5) : "", "objek", db_text(st, 6) ? db_text(st, 6) : "",
			"detail", text_or_null(db_text(st, 7)), "asal", text_or_null(db_text(st, 8))));
	}
	db_end(st);
	if (rc != DB_ROW && rc != DB_DONE) {
		log_error("audit: list query failed");
		json_decref(rows);
		*berikutnya = 0;
		return NULL;
	}
	return rows;
}
