// SPDX-License-Identifier: MIT
// Service catalog: definitions, the in-memory snapshot, availability rules, seeding.
#include "domain/catalog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/application.h"
#include "domain/audit.h"
#include "domain/validate.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/fileio.h"
#include "lib/log.h"
#include "store/snapshot.h"
#include "view/markdown.h"

#define WIB_OFFSET (7 * 3600)
#define MAX_STEP_MINUTES 43200   /* 30 days: a standard time of a step */
#define GEN_SEQUENCE "katalog"
#define STATUS_LABEL_MAX 60      /* characters of a label_status value */

static const char *const day_keys[7] = { "minggu", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu" };
static const char *const day_names[7] = { "Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu" };

/* ---- schema ------------------------------------------------------------ */

static int slug_ok(const char *s, size_t max, int underscore)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 1 || n > max)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == (underscore ? '_' : '-')))
			return 0;
	return 1;
}

static const char *str_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* "HH:MM" -> minutes since midnight, -1 when malformed. */
static int hhmm(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');

	return h > 24 || m > 59 || (h == 24 && m) ? -1 : h * 60 + m;
}

static int date_bound_ok(const json_t *v)
{
	int y, m, d;
	const char *s = json_string_value(v);

	return !v || (s && (!strcmp(s, "hari_ini") || date_parse_iso(s, &y, &m, &d) == 0));
}

#define FAIL(...) do { snprintf(err, errsz, __VA_ARGS__); return -1; } while (0)

static int check_field(const json_t *f, size_t i, char *err, size_t errsz)
{
	static const char *const types[] = { "text", "textarea", "number", "date", "select", "nik", "kk" };
	const char *jenis = str_of(f, "jenis");
	size_t t;

	if (!json_is_object(f) || !slug_ok(str_of(f, "kode"), 40, 1))
		FAIL("isian[%zu]: kode must match [a-z0-9_]{1,40}", i);
	if (!str_of(f, "label") || !*str_of(f, "label"))
		FAIL("isian[%zu]: label is required", i);
	if (!json_is_boolean(json_object_get(f, "wajib")))
		FAIL("isian[%zu]: wajib must be true or false", i);
	for (t = 0; t < sizeof types / sizeof *types; t++)
		if (jenis && !strcmp(jenis, types[t]))
			break;
	if (t == sizeof types / sizeof *types)
		FAIL("isian[%zu]: unknown jenis", i);
	if (!strcmp(jenis, "select")) {
		const json_t *p = json_object_get(f, "pilihan");

		if (!json_is_array(p) || !json_array_size(p))
			FAIL("isian[%zu]: select needs pilihan", i);
		for (size_t k = 0; k < json_array_size(p); k++)
			if (!json_is_string(json_array_get(p, k)))
				FAIL("isian[%zu]: pilihan must be strings", i);
	}
	if (!strcmp(jenis, "date") &&
	    (!date_bound_ok(json_object_get(f, "min")) || !date_bound_ok(json_object_get(f, "max"))))
		FAIL("isian[%zu]: min/max must be YYYY-MM-DD or hari_ini", i);
	if (!strcmp(jenis, "number")) {
		const json_t *mn = json_object_get(f, "min"), *mx = json_object_get(f, "max");

		if ((mn && !json_is_integer(mn)) || (mx && !json_is_integer(mx)))
			FAIL("isian[%zu]: min/max must be integers", i);
	}
	if (json_object_get(f, "maks") && json_integer_value(json_object_get(f, "maks")) < 1)
		FAIL("isian[%zu]: maks must be a positive integer", i);
	return 0;
}

/* Checks that every entry of def[list] is an object with a unique slug kode
 * and a non-empty nama. */
static int check_list(const json_t *def, const char *list, int slug_underscore, char *err, size_t errsz)
{
	const json_t *a = json_object_get(def, list);

	if (!json_is_array(a))
		FAIL("%s must be an array", list);
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *e = json_array_get(a, i);
		const char *k = str_of(e, "kode");

		if (!json_is_object(e) || !slug_ok(k, 40, slug_underscore))
			FAIL("%s[%zu]: kode is missing or malformed", list, i);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(k, str_of(json_array_get(a, j), "kode")))
				FAIL("%s[%zu]: kode is not unique", list, i);
	}
	return 0;
}

int catalog_check(const json_t *def, char *err, size_t errsz)
{
	static const char *const texts[] = { "nama", "ikon", "ringkasan", "persyaratan", "proses" };
	const char *prefix = str_of(def, "prefix");
	const json_t *a, *rules;
	size_t i;

	if (!json_is_object(def))
		FAIL("the definition must be a JSON object");
	if (!slug_ok(str_of(def, "kode"), 40, 0))
		FAIL("kode must match [a-z0-9-]{1,40}");
	if (!prefix || strlen(prefix) < 2 || strlen(prefix) > 4 || strspn(prefix, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(prefix))
		FAIL("prefix must be 2-4 capital letters");
	for (i = 0; i < sizeof texts / sizeof *texts; i++)
		if (!str_of(def, texts[i]) || !*str_of(def, texts[i]) || !utf8_valid(str_of(def, texts[i]), strlen(str_of(def, texts[i]))))
			FAIL("%s is required", texts[i]);
	if (strlen(str_of(def, "nama")) > 80 || strlen(str_of(def, "ringkasan")) > 300)
		FAIL("nama or ringkasan too long");
	if (!slug_ok(str_of(def, "ikon"), 60, 0))
		FAIL("ikon must be a Bootstrap Icons name");
	if (!json_is_array(json_object_get(def, "kelompok")))
		FAIL("kelompok must be an array");
	if (check_list(def, "isian", 1, err, errsz) || check_list(def, "dokumen", 0, err, errsz) ||
	    check_list(def, "langkah", 0, err, errsz) || check_list(def, "dokumen_jadi", 0, err, errsz))
		return -1;
	a = json_object_get(def, "isian");
	for (i = 0; i < json_array_size(a); i++)
		if (check_field(json_array_get(a, i), i, err, errsz) < 0)
			return -1;
	a = json_object_get(def, "dokumen");
	for (i = 0; i < json_array_size(a); i++)
		if (!str_of(json_array_get(a, i), "nama") || !json_is_boolean(json_object_get(json_array_get(a, i), "wajib")))
			FAIL("dokumen[%zu]: nama and wajib are required", i);
	a = json_object_get(def, "langkah");
	for (i = 0; i < json_array_size(a); i++)
		if (!str_of(json_array_get(a, i), "nama") ||
		    json_integer_value(json_object_get(json_array_get(a, i), "waktu_baku_menit")) < 1 ||
		    json_integer_value(json_object_get(json_array_get(a, i), "waktu_baku_menit")) > MAX_STEP_MINUTES)
			FAIL("langkah[%zu]: nama and waktu_baku_menit (1 to %d) are required", i, MAX_STEP_MINUTES);
	a = json_object_get(def, "dokumen_jadi");
	for (i = 0; i < json_array_size(a); i++)
		if (!str_of(json_array_get(a, i), "nama"))
			FAIL("dokumen_jadi[%zu]: nama is required", i);
	if (json_object_get(def, "tanpa_dokumen_jadi") && !json_is_boolean(json_object_get(def, "tanpa_dokumen_jadi")))
		FAIL("tanpa_dokumen_jadi must be a boolean");
	if (json_object_get(def, "label_status")) {
		json_t *labels = json_object_get(def, "label_status"), *v;
		const char *key;

		if (!json_is_object(labels))
			FAIL("label_status must be an object");
		json_object_foreach(labels, key, v) {
			const char *l = json_string_value(v);

			if (app_status_from(key) == APP__MAX)
				FAIL("label_status.%s: not a status name", key);
			if (!l || !*l || !utf8_valid(l, strlen(l)) || !text_field_ok(l, STATUS_LABEL_MAX))
				FAIL("label_status.%s must be a one-line text of 1 to %d characters", key, STATUS_LABEL_MAX);
		}
	}
	a = json_object_get(def, "formulir");
	if (a && !json_is_array(a))
		FAIL("formulir must be an array");
	for (i = 0; i < json_array_size(a); i++)
		if (!str_of(json_array_get(a, i), "judul") || !str_of(json_array_get(a, i), "berkas"))
			FAIL("formulir[%zu]: judul and berkas are required", i);
	rules = json_object_get(def, "ketersediaan");
	if (rules) {
		json_t *jam = json_object_get(rules, "jam"), *v;
		const json_t *tutup = json_object_get(rules, "tutup");
		const char *key;

		if (!json_is_object(rules))
			FAIL("ketersediaan must be an object");
		if (jam && !json_is_object(jam))
			FAIL("ketersediaan.jam must be an object");
		json_object_foreach(jam, key, v) {
			int d, o, c;

			for (d = 0; d < 7 && strcmp(key, day_keys[d]); d++)
				;
			o = hhmm(json_string_value(json_array_get(v, 0)));
			c = hhmm(json_string_value(json_array_get(v, 1)));
			if (d == 7 || json_array_size(v) != 2 || o < 0 || c <= o)
				FAIL("ketersediaan.jam.%s must be [\"HH:MM\", \"HH:MM\"] on a known day", key);
		}
		if (json_object_get(rules, "kuota_harian") && json_integer_value(json_object_get(rules, "kuota_harian")) < 0)
			FAIL("ketersediaan.kuota_harian must be 0 or more");
		if (tutup && !json_is_array(tutup))
			FAIL("ketersediaan.tutup must be an array");
		for (i = 0; i < json_array_size(tutup); i++) {
			int y, m, d;

			if (date_parse_iso(str_of(json_array_get(tutup, i), "tanggal"), &y, &m, &d) < 0 ||
			    !str_of(json_array_get(tutup, i), "alasan"))
				FAIL("ketersediaan.tutup[%zu]: tanggal (YYYY-MM-DD) and alasan are required", i);
		}
	}
	return 0;
}

#undef FAIL

int catalog_check_text(const char *text, char *err, size_t errsz)
{
	json_error_t jerr;
	json_t *def = text ? json_loads(text, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	int rc;

	if (!def) {
		/* jerr.text may quote the value; a definition holds no personal
		 * data, but the position is all anyone needs */
		snprintf(err, errsz, "the definition is not valid JSON (column %d)", text ? jerr.column : 0);
		return -1;
	}
	rc = catalog_check(def, err, errsz);
	json_decref(def);
	return rc;
}

const struct transfer_check catalog_import_checks[] = {
	{ "layanan_definisi", "definisi", catalog_check_text },
	{ NULL, NULL, NULL },
};

json_t *catalog_entry(const json_t *def, const char *list, const char *kode)
{
	const json_t *a = json_object_get(def, list);

	for (size_t i = 0; kode && i < json_array_size(a); i++) {
		json_t *e = json_array_get(a, i);

		if (!strcmp(str_of(e, "kode"), kode))
			return e;
	}
	return NULL;
}

/* ---- availability ------------------------------------------------------ */

time_t catalog_day_start(time_t now)
{
	time_t local = now + WIB_OFFSET;

	return local - local % 86400 - WIB_OFFSET;
}

/* "07:30" is written 07.30 in Indonesian. The value comes from a stored
 * definition: anything but a well-formed "HH:MM" (a definition that
 * skipped catalog_check) is written "--.--", never read past its end. */
static void fmt_hhmm(struct buf *b, const char *s)
{
	int m = hhmm(s);

	if (m < 0)
		buf_adds(b, "--.--");
	else
		buf_addf(b, "%02d.%02d", m / 60, m % 60);
}

/* "Senin–Kamis 07.30–16.00 WIB, Jumat 07.30–11.00 WIB" */
static void schedule_text(const json_t *jam, struct buf *b)
{
	/* Monday first, as people read a week */
	static const int order[7] = { 1, 2, 3, 4, 5, 6, 0 };
	int i = 0;

	while (i < 7) {
		const json_t *h = json_object_get(jam, day_keys[order[i]]);
		int j = i;

		if (!h) {
			i++;
			continue;
		}
		while (j + 1 < 7 && json_equal(json_object_get(jam, day_keys[order[j + 1]]), json_object_get(jam, day_keys[order[i]])))
			j++;
		if (b->len)
			buf_adds(b, ", ");
		buf_adds(b, day_names[order[i]]);
		if (j > i)
			buf_addf(b, "–%s", day_names[order[j]]);
		buf_addc(b, ' ');
		fmt_hhmm(b, json_string_value(json_array_get(h, 0)));
		buf_adds(b, "–");
		fmt_hhmm(b, json_string_value(json_array_get(h, 1)));
		buf_adds(b, " WIB");
		i = j + 1;
	}
}

int catalog_rules_open(const json_t *rules, time_t now, int64_t today_count, char *reason, size_t reasonsz)
{
	const json_t *tutup = json_object_get(rules, "tutup"), *jam = json_object_get(rules, "jam");
	json_int_t quota = json_integer_value(json_object_get(rules, "kuota_harian"));
	time_t local = now + WIB_OFFSET;
	int y, m, d, minute = (int)(local % 86400) / 60, wday = (int)((local / 86400 + 4) % 7);
	char today[11];

	date_today_wib(now, &y, &m, &d);
	snprintf(today, sizeof today, "%04d-%02d-%02d", y, m, d);
	for (size_t i = 0; i < json_array_size(tutup); i++) {
		const json_t *t = json_array_get(tutup, i);

		if (!strcmp(str_of(t, "tanggal") ? str_of(t, "tanggal") : "", today)) {
			snprintf(reason, reasonsz, "Layanan tutup hari ini (%02d-%02d-%04d): %s.", d, m, y,
				 str_of(t, "alasan") ? str_of(t, "alasan") : "hari libur");
			return 0;
		}
	}
	if (jam && json_object_size(jam)) {
		const json_t *h = json_object_get(jam, day_keys[wday]);
		int open = h ? hhmm(json_string_value(json_array_get(h, 0))) : -1;
		int close = h ? hhmm(json_string_value(json_array_get(h, 1))) : -1;

		/* a malformed day (a definition that skipped catalog_check) is closed */
		if (!h || open < 0 || close <= open || minute < open || minute >= close) {
			struct buf b = BUF_INIT;

			schedule_text(jam, &b);
			snprintf(reason, reasonsz, "Pengajuan hanya dapat dibuat pada jam layanan: %s.", b.ptr);
			buf_release(&b);
			return 0;
		}
	}
	if (quota > 0 && today_count >= quota) {
		snprintf(reason, reasonsz,
			 "Kuota harian (%lld pengajuan) sudah terpenuhi. Silakan mengajukan kembali besok.",
			 (long long)quota);
		return 0;
	}
	if (reasonsz)
		reason[0] = '\0';
	return 1;
}

static json_int_t quota_of(const struct cat_service *s)
{
	return json_integer_value(json_object_get(json_object_get(s->def, "ketersediaan"), "kuota_harian"));
}

int64_t catalog_quota_used(struct db *db, const struct cat_service *s, time_t now)
{
	struct db_stmt *st;
	int64_t n = 0;

	if (quota_of(s) <= 0)
		return 0;
	st = db_query(db, "SELECT count(*) FROM pengajuan WHERE layanan_id = ? AND created_at >= ?", "ii", s->id,
		      (int64_t)catalog_day_start(now));
	if (st && db_next(st) == DB_ROW)
		n = db_int(st, 0);
	db_end(st);
	return n;
}

int catalog_quota_lock(const struct cat_service *s, time_t now, char *name, size_t namesz)
{
	int y, m, d;

	if (quota_of(s) <= 0)
		return 0;
	date_today_wib(now, &y, &m, &d);
	snprintf(name, namesz, "kuota:%lld:%04d-%02d-%02d", (long long)s->id, y, m, d);
	return 1;
}

int catalog_serves(const struct cat_service *s, enum grup_jenis jenis)
{
	const json_t *k = json_object_get(s->def, "kelompok");

	if (s->umum)
		return 1;
	for (size_t i = 0; jenis < GRUP__MAX && i < json_array_size(k); i++)
		if (!strcmp(json_string_value(json_array_get(k, i)) ? json_string_value(json_array_get(k, i)) : "",
			    grup_jenis_codes[jenis]))
			return 1;
	return 0;
}

int catalog_group_access(struct db *db, const struct cat_service *s, const struct pemohon_mode *m)
{
	return s->umum || (m && m->grup_id && catalog_serves(s, m->jenis) && grup_may_use(db, m->grup_id, s->id));
}

int catalog_available(struct db *db, const struct cat_service *s, const struct pemohon_mode *m, time_t now,
		      char *reason, size_t reasonsz)
{
	if (!s->aktif) {
		snprintf(reason, reasonsz, "Layanan ini sedang tidak dibuka.");
		return 0;
	}
	if (!catalog_group_access(db, s, m)) {
		if (m && m->grup_id)
			snprintf(reason, reasonsz, "Grup Anda belum diberi akses ke layanan ini. Hubungi petugas %s.",
				 g_cfg.office_name);
		else
			snprintf(reason, reasonsz, "Layanan ini Khusus Grup Pemohon. Anggota grup yang diberi akses "
				 "dapat mengajukannya setelah memilih mode grup di menu Ganti Mode.");
		return 0;
	}
	return catalog_rules_open(json_object_get(s->def, "ketersediaan"), now, catalog_quota_used(db, s, now), reason,
				  reasonsz);
}

/* ---- snapshot ---------------------------------------------------------- */

int catalog_touch(struct db *db)
{
	return db_sequence_next(db, GEN_SEQUENCE) < 0 ? -1 : 0;
}

static const char *text_or(const json_t *def, const char *key, const char *dflt)
{
	const char *s = str_of(def, key);

	return s && *s ? s : dflt;
}

static void free_snapshot(void *snapshot)
{
	struct catalog *c = snapshot;

	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].persyaratan_html);
		free(c->items[i].proses_html);
		json_decref(c->items[i].def);
	}
	free(c->items);
	free(c);
}

static void *build(struct db *db)
{
	struct catalog *c = calloc(1, sizeof *c);
	size_t cap = 0;
	struct db_stmt *st;
	enum db_rc rc;

	if (!c)
		fatal("out of memory");
	st = db_query(db,
		      "SELECT l.id, l.definisi_id, l.aktif, d.definisi FROM layanan l"
		      " JOIN layanan_definisi d ON d.id = l.definisi_id ORDER BY l.urutan, l.id",
		      "");
	while (st && (rc = db_next(st)) == DB_ROW) {
		json_error_t jerr;
		json_t *def = json_loads(db_text(st, 3), 0, &jerr);
		char err[256];
		struct cat_service *s;
		const char *md;

		if (!json_is_object(def)) {
			log_error("catalog: definition %lld is not a JSON object", (long long)db_int(st, 1));
			json_decref(def);
			continue;
		}
		/* every way in checks a definition; one that got past (a hand-edited
		 * database) leaves its service out rather than reach the rules */
		if (catalog_check(def, err, sizeof err) < 0) {
			log_error("catalog: definition %lld of service %lld is invalid, service left out: %s",
				  (long long)db_int(st, 1), (long long)db_int(st, 0), err);
			json_decref(def);
			continue;
		}
		if (c->n == cap) {
			cap = cap ? cap * 2 : 32;
			c->items = realloc(c->items, cap * sizeof *c->items);
			if (!c->items)
				fatal("out of memory");
		}
		s = &c->items[c->n++];
		memset(s, 0, sizeof *s);
		s->id = db_int(st, 0);
		s->definisi_id = db_int(st, 1);
		s->aktif = (int)db_int(st, 2);
		s->def = def;
		s->kode = text_or(def, "kode", "");
		s->prefix = text_or(def, "prefix", "");
		s->nama = text_or(def, "nama", "");
		s->ikon = text_or(def, "ikon", "file-earmark-text");
		s->ringkasan = text_or(def, "ringkasan", "");
		s->label_nik = text_or(def, "label_nik", "NIK");
		s->label_nama = text_or(def, "label_nama", "Nama Lengkap");
		s->nik_wajib = !json_is_false(json_object_get(def, "nik_wajib"));
		s->umum = json_array_size(json_object_get(def, "kelompok")) == 0;
		md = text_or(def, "persyaratan", "");
		s->persyaratan_html = md_to_html(md, strlen(md));
		md = text_or(def, "proses", "");
		s->proses_html = md_to_html(md, strlen(md));
		if (!s->persyaratan_html || !s->proses_html)
			fatal("out of memory");
	}
	db_end(st);
	return c;
}

static struct db_snapshot snapshot = DB_SNAPSHOT_INIT(GEN_SEQUENCE, build, free_snapshot);

const struct catalog *catalog_get(struct db *db)
{
	return db_snapshot_get(&snapshot, db);
}

void catalog_free_all(void)
{
	db_snapshot_free_all(&snapshot);
}

const struct cat_service *catalog_find(const struct catalog *c, const char *kode)
{
	for (size_t i = 0; kode && i < c->n; i++)
		if (!strcmp(c->items[i].kode, kode))
			return &c->items[i];
	return NULL;
}

const struct cat_service *catalog_by_id(const struct catalog *c, int64_t id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].id == id)
			return &c->items[i];
	return NULL;
}

json_t *catalog_definition(struct db *db, int64_t definisi_id)
{
	const struct catalog *c = catalog_get(db);
	struct db_stmt *st;
	json_t *def = NULL;
	char err[256];

	/* the definition in force is already parsed in the snapshot (shared:
	 * callers only read it; jansson counts references atomically) */
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].definisi_id == definisi_id)
			return json_incref(c->items[i].def);
	st = db_query(db, "SELECT definisi FROM layanan_definisi WHERE id = ?", "i", definisi_id);
	if (st && db_next(st) == DB_ROW)
		def = json_loads(db_text(st, 0), 0, NULL);
	db_end(st);
	if (def && catalog_check(def, err, sizeof err) < 0) {
		log_error("catalog: stored definition %lld is invalid: %s", (long long)definisi_id, err);
		json_decref(def);
		def = NULL;
	}
	return def;
}

/* ---- files ------------------------------------------------------------- */

static int plain_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > 100 || name[0] == '.')
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

char *catalog_file_path(const char *files_dir, const char *name)
{
	char *p;

	if (!plain_name(name))
		return NULL;
	if (asprintf(&p, "%s/katalog/%s", files_dir, name) < 0)
		fatal("out of memory");
	return p;
}

static int mkdirs(const char *path)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (n >= sizeof tmp)
		return -1;
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0750) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0750) < 0 && errno != EEXIST ? -1 : 0;
}

/* Copies src into files_dir/katalog/name (temporary file + rename, so a
 * reader never sees half a file). Size in *size. */
static int copy_in(const char *src, const char *files_dir, const char *name, int64_t *size)
{
	char *dst = catalog_file_path(files_dir, name), *tmp = NULL, dir[4096];
	FILE *in = NULL, *out = NULL;
	char block[65536];
	size_t n;
	int rc = -1;

	if (!dst)
		goto out;
	snprintf(dir, sizeof dir, "%s/katalog", files_dir);
	if (mkdirs(dir) < 0 || asprintf(&tmp, "%s.tmp", dst) < 0)
		goto out;
	if (!(in = fopen(src, "rb")) || !(out = fopen(tmp, "wb")))
		goto out;
	*size = 0;
	while ((n = fread(block, 1, sizeof block, in)) > 0) {
		if (fwrite(block, 1, n, out) != n)
			goto out;
		*size += (int64_t)n;
	}
	if (ferror(in) || fclose(out) != 0) {
		out = NULL;
		goto out;
	}
	out = NULL;
	rc = rename(tmp, dst);
out:
	if (rc < 0)
		fprintf(stderr, "catalog: cannot copy %s into %s/katalog: %s\n", src, files_dir, strerror(errno));
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	if (rc < 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(dst);
	return rc;
}

/* Stores text as a new definition of service layanan_id (its id in *id). */
static enum db_rc insert_definition(struct db *db, int64_t layanan_id, const char *text, time_t now, int64_t *id)
{
	return db_insert_id(db, "INSERT INTO layanan_definisi (layanan_id, definisi, created_at) VALUES (?, ?, ?) RETURNING id",
			    id, "isi", layanan_id, text, (int64_t)now);
}

/* ---- seeding ----------------------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int seed_service(struct db *db, const char *dir, const char *files_dir, const char *file, int urutan,
			time_t now)
{
	char path[4096], err[256];
	json_error_t jerr;
	json_t *def;
	char *text = NULL;
	int64_t id, def_id, fid;
	const json_t *a;
	int rc = -1;

	snprintf(path, sizeof path, "%s/layanan/%s", dir, file);
	def = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!def) {
		fprintf(stderr, "catalog: %s: %s (line %d)\n", path, jerr.text, jerr.line);
		return -1;
	}
	if (catalog_check(def, err, sizeof err) < 0) {
		fprintf(stderr, "catalog: %s: %s\n", path, err);
		goto out;
	}
	text = json_dumps(def, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text ||
	    db_insert_id(db, "INSERT INTO layanan (kode, prefix, nama, urutan, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			 &id, "sssdi", str_of(def, "kode"), str_of(def, "prefix"), str_of(def, "nama"), urutan,
			 (int64_t)now) != DB_DONE ||
	    insert_definition(db, id, text, now, &def_id) != DB_DONE ||
	    db_exec(db, "UPDATE layanan SET definisi_id = ? WHERE id = ?", "ii", def_id, id) != DB_DONE)
		goto out;
	a = json_object_get(def, "formulir");
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *f = json_array_get(a, i);
		int64_t size;

		snprintf(path, sizeof path, "%s/formulir/%s", dir, str_of(f, "berkas"));
		if (copy_in(path, files_dir, str_of(f, "berkas"), &size) < 0 ||
		    db_insert_id(db, "INSERT INTO formulir (layanan_id, judul, berkas, ukuran, urutan) VALUES (?, ?, ?, ?, ?) RETURNING id",
				 &fid, "issid", id, str_of(f, "judul"), str_of(f, "berkas"), size, (int)i) != DB_DONE)
			goto out;
	}
	a = json_object_get(def, "dokumen");
	for (size_t i = 0; i < json_array_size(a); i++) {
		const char *contoh = str_of(json_array_get(a, i), "contoh");
		int64_t size;

		snprintf(path, sizeof path, "%s/contoh/%s", dir, contoh ? contoh : "");
		if (contoh && copy_in(path, files_dir, contoh, &size) < 0)
			goto out;
	}
	rc = 0;
out:
	free(text);
	json_decref(def);
	return rc;
}

static int seed_info(struct db *db, const char *dir, time_t now)
{
	char path[4096];
	json_error_t jerr;
	json_t *posts;
	int rc = -1;

	snprintf(path, sizeof path, "%s/informasi.json", dir);
	posts = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_array(posts)) {
		fprintf(stderr, "catalog: %s: %s\n", path, posts ? "not an array" : jerr.text);
		goto out;
	}
	for (size_t i = 0; i < json_array_size(posts); i++) {
		const json_t *p = json_array_get(posts, i);
		const char *jenis = str_of(p, "jenis");
		int y, m, d;
		struct tm tm = { 0 };

		if (!jenis || (strcmp(jenis, "umum") && strcmp(jenis, "rahasia") && strcmp(jenis, "sistem")) ||
		    !str_of(p, "judul") || !str_of(p, "isi") || date_parse_iso(str_of(p, "terbit"), &y, &m, &d) < 0) {
			fprintf(stderr, "catalog: %s: post %zu needs jenis, judul, isi and terbit\n", path, i);
			goto out;
		}
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d;
		if (db_exec(db, "INSERT INTO informasi (jenis, judul, isi, terbit_at, created_at) VALUES (?, ?, ?, ?, ?)",
			    "sssii", jenis, str_of(p, "judul"), str_of(p, "isi"), (int64_t)timegm(&tm) - WIB_OFFSET,
			    (int64_t)now) != DB_DONE)
			goto out;
	}
	rc = 0;
out:
	json_decref(posts);
	return rc;
}

int catalog_seed(struct db *db, const char *dir, const char *files_dir)
{
	char path[4096];
	struct db_stmt *st;
	DIR *dh = NULL;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int64_t have = 0;
	time_t now = time(NULL);
	int rc = -1;

	st = db_query(db, "SELECT count(*) FROM layanan", "");
	if (st && db_next(st) == DB_ROW)
		have = db_int(st, 0);
	db_end(st);
	if (!st)
		return -1;
	if (have)
		return 0;
	snprintf(path, sizeof path, "%s/layanan", dir);
	if (!(dh = opendir(path))) {
		fprintf(stderr, "catalog: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(dh))) {
		size_t len = strlen(e->d_name);

		if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		if (n == cap && !(names = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof *names)))
			fatal("out of memory");
		if (!(names[n++] = strdup(e->d_name)))
			fatal("out of memory");
	}
	closedir(dh);
	qsort(names, n, sizeof *names, name_cmp);
	if (db_begin(db) != DB_OK)
		goto out;
	for (i = 0; i < n; i++)
		if (seed_service(db, dir, files_dir, names[i], (int)i + 1, now) < 0)
			break;
	if (i < n || seed_info(db, dir, now) < 0 || catalog_touch(db) < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		/* another instance seeding at the same time wins the unique kode */
		st = db_query(db, "SELECT count(*) FROM layanan", "");
		have = st && db_next(st) == DB_ROW ? db_int(st, 0) : 0;
		db_end(st);
		rc = have ? 0 : -1;
		goto out;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* ---- sistem posts ------------------------------------------------------ */

int catalog_post_closures(struct db *db, time_t now)
{
	const struct catalog *c = catalog_get(db);
	time_t day = catalog_day_start(now);
	int y, m, d, rc = 0;

	date_today_wib(now, &y, &m, &d);
	for (size_t i = 0; i < c->n; i++) {
		const struct cat_service *s = &c->items[i];
		const json_t *rules = json_object_get(s->def, "ketersediaan");
		const json_t *jam = json_object_get(rules, "jam");
		char reason[400], kunci[80], judul[160];
		time_t local = now + WIB_OFFSET;
		int wday = (int)((local / 86400 + 4) % 7);
		struct buf body = BUF_INIT;
		json_t *dates_only;
		int open;

		if (!s->aktif || !rules)
			continue;
		/* closed all day: a closed date, or no opening hours on this day
		 * of the week (ordinary closing hours are not news) */
		dates_only = json_pack("{s:O?}", "tutup", json_object_get(rules, "tutup"));
		open = catalog_rules_open(dates_only, now, 0, reason, sizeof reason);
		json_decref(dates_only);
		if (open && jam && json_object_size(jam) && !json_object_get(jam, day_keys[wday])) {
			struct buf b = BUF_INIT;

			schedule_text(jam, &b);
			snprintf(reason, sizeof reason, "Jam layanan: %s.", b.ptr);
			buf_release(&b);
			open = 0;
		}
		if (open)
			continue;
		snprintf(kunci, sizeof kunci, "tutup:%s:%04d-%02d-%02d", s->kode, y, m, d);
		snprintf(judul, sizeof judul, "Layanan %s tutup hari ini (%02d-%02d-%04d)", s->nama, d, m, y);
		buf_addf(&body, "Pengajuan %s tidak dapat dibuat hari ini. %s", s->nama, reason);
		if (db_exec(db,
			    "INSERT INTO informasi (jenis, judul, isi, kunci, terbit_at, berakhir_at, created_at)"
			    " VALUES ('sistem', ?, ?, ?, ?, ?, ?) ON CONFLICT (kunci) DO NOTHING",
			    "sssiii", judul, body.ptr, kunci, (int64_t)day, (int64_t)day + 86400, (int64_t)now) != DB_DONE)
			rc = -1;
		buf_release(&body);
	}
	return rc;
}

/* ---- back office: editing the catalog ------------------------------------ */

const char *const catalog_day_codes[7] = { "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu" };
const char *const catalog_day_names[7] = { "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu" };
const char *const catalog_field_types[CATALOG_FIELD_TYPES] = { "text", "textarea", "number", "date", "select", "nik", "kk" };
const char *const catalog_field_type_names[CATALOG_FIELD_TYPES] = {
	"Teks satu baris", "Teks panjang", "Angka", "Tanggal", "Pilihan", "NIK", "Nomor KK",
};

/* Limits of what an officer may write (README: nama <= 80, ringkasan <= 200). */
#define MAX_NAMA 80
#define MAX_RINGKASAN 200
#define MAX_LABEL 100
#define MAX_HELP 300
#define MAX_MARKDOWN 20000
#define MAX_ROWS 60
#define MAX_OPTIONS 100
#define MAX_QUOTA 100000
#define MAX_TEXT_LEN 1000        /* isian text: maks characters */
#define MAX_TEXTAREA_LEN 4000    /* isian textarea: the request's field limit is 4096 bytes */

/* Services still "in progress": every status but the two final ones. */
#define IN_PROGRESS "('DRAFT', 'DIKIRIM', 'DIKEMBALIKAN', 'DISETUJUI', 'DIPROSES', 'TERBIT_TTE')"

static void verr(json_t *errors, const char *key, const char *msg)
{
	if (!json_object_get(errors, key))
		json_object_set_new(errors, key, json_string(msg));
}

static void verrf(json_t *errors, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void verrf(json_t *errors, const char *key, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	verr(errors, key, msg);
}

/*
 * o[key] as text: required or optional, one line (or a block with line
 * breaks), at most max characters (and, for what catalog_check counts in
 * bytes, at most maxbytes bytes when non-zero). label names it in messages.
 */
static void v_text(const json_t *o, const char *key, const char *path, int required, int block, size_t max,
		   size_t maxbytes, const char *label, json_t *errors)
{
	const json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	if (!v || (s && !*s)) {
		if (required)
			verrf(errors, path, "%s wajib diisi.", label);
		return;
	}
	if (!s) {
		verrf(errors, path, "%s harus berupa teks.", label);
		return;
	}
	if (!utf8_valid(s, strlen(s)) || !(block ? text_block_ok(s, (size_t)-1) : text_field_ok(s, (size_t)-1)))
		verrf(errors, path, "%s berisi karakter yang tidak diizinkan%s.", label, block ? "" : " (misalnya baris baru)");
	else if (!(block ? text_block_ok(s, max) : text_field_ok(s, max)) || (maxbytes && strlen(s) > maxbytes))
		verrf(errors, path, "%s maksimal %zu karakter.", label, max);
}

static int v_int(const json_t *v, json_int_t lo, json_int_t hi)
{
	return json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi;
}

/* "YYYY-MM-DD" -> days comparable with each other; -1 when not a date. */
static long date_key(const char *s)
{
	int y, m, d;

	if (!s || date_parse_iso(s, &y, &m, &d) < 0)
		return -1;
	return (long)y * 372 + m * 31 + d;
}

/* Checks the kode of every entry of def[list]: present, a slug, unique. */
static void v_codes(const json_t *a, const char *list, int underscore, const char *what, json_t *errors)
{
	char path[64];

	for (size_t i = 0; i < json_array_size(a); i++) {
		const char *k = str_of(json_array_get(a, i), "kode");

		snprintf(path, sizeof path, "%s.%zu.kode", list, i);
		if (!k || !*k) {
			verrf(errors, path, "Kode %s wajib diisi.", what);
			continue;
		}
		if (!slug_ok(k, 40, underscore)) {
			verrf(errors, path, "Kode %s hanya boleh berisi huruf kecil, angka dan tanda %s, maksimal 40 karakter.",
			      what, underscore ? "garis bawah (_)" : "hubung (-)");
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(k, str_of(json_array_get(a, j), "kode") ? str_of(json_array_get(a, j), "kode") : "")) {
				verrf(errors, path, "Kode %s \"%s\" sudah dipakai %s lain.", what, k, what);
				break;
			}
	}
}

/* def[list] must be an array of objects of at most MAX_ROWS entries. */
static const json_t *v_list(const json_t *def, const char *list, const char *label, json_t *errors)
{
	const json_t *a = json_object_get(def, list);

	if (!json_is_array(a)) {
		verrf(errors, list, "Daftar %s tidak sah.", label);
		return NULL;
	}
	if (json_array_size(a) > MAX_ROWS) {
		verrf(errors, list, "Daftar %s paling banyak %d baris.", label, MAX_ROWS);
		return NULL;
	}
	for (size_t i = 0; i < json_array_size(a); i++)
		if (!json_is_object(json_array_get(a, i))) {
			verrf(errors, list, "Daftar %s tidak sah.", label);
			return NULL;
		}
	return a;
}

static void v_field(const json_t *f, size_t i, json_t *errors)
{
	const char *jenis = str_of(f, "jenis");
	const json_t *mn = json_object_get(f, "min"), *mx = json_object_get(f, "max");
	char path[64], p2[64];
	size_t t;

#define PATH(k) (snprintf(path, sizeof path, "isian.%zu.%s", i, k), path)
	v_text(f, "label", PATH("label"), 1, 0, MAX_LABEL, 0, "Label isian", errors);
	v_text(f, "bantuan", PATH("bantuan"), 0, 0, MAX_HELP, 0, "Teks bantuan", errors);
	if (!json_is_boolean(json_object_get(f, "wajib")))
		verr(errors, PATH("wajib"), "Tentukan apakah isian ini wajib.");
	for (t = 0; t < CATALOG_FIELD_TYPES; t++)
		if (jenis && !strcmp(jenis, catalog_field_types[t]))
			break;
	if (t == CATALOG_FIELD_TYPES) {
		verr(errors, PATH("jenis"), "Pilih jenis isian.");
		return;
	}
	if (!strcmp(jenis, "text") || !strcmp(jenis, "textarea")) {
		json_int_t top = !strcmp(jenis, "text") ? MAX_TEXT_LEN : MAX_TEXTAREA_LEN;
		const json_t *maks = json_object_get(f, "maks");

		if (maks && !v_int(maks, 1, top))
			verrf(errors, PATH("maks"), "Panjang maksimal harus bilangan bulat 1 sampai %lld karakter.", (long long)top);
	} else if (!strcmp(jenis, "number")) {
		if (mn && !v_int(mn, -1000000000, 1000000000))
			verr(errors, PATH("min"), "Nilai minimal harus bilangan bulat.");
		if (mx && !v_int(mx, -1000000000, 1000000000))
			verr(errors, PATH("max"), "Nilai maksimal harus bilangan bulat.");
		if (v_int(mn, -1000000000, 1000000000) && v_int(mx, -1000000000, 1000000000) &&
		    json_integer_value(mn) > json_integer_value(mx))
			verr(errors, PATH("max"), "Nilai maksimal tidak boleh lebih kecil dari nilai minimal.");
	} else if (!strcmp(jenis, "date")) {
		long a = -2, b = -2;

		if (mn && !date_bound_ok(mn))
			verr(errors, PATH("min"), "Tanggal minimal harus berformat TTTT-BB-HH (misalnya 1900-01-01) atau hari_ini.");
		else if (mn)
			a = date_key(json_string_value(mn));
		if (mx && !date_bound_ok(mx))
			verr(errors, PATH("max"), "Tanggal maksimal harus berformat TTTT-BB-HH (misalnya 2030-12-31) atau hari_ini.");
		else if (mx)
			b = date_key(json_string_value(mx));
		if (a >= 0 && b >= 0 && a > b)
			verr(errors, PATH("max"), "Tanggal maksimal tidak boleh sebelum tanggal minimal.");
	} else if (!strcmp(jenis, "select")) {
		const json_t *p = json_object_get(f, "pilihan");

		snprintf(p2, sizeof p2, "isian.%zu.pilihan", i);
		if (!json_is_array(p) || !json_array_size(p)) {
			verr(errors, p2, "Isi minimal satu pilihan (satu pilihan per baris).");
		} else if (json_array_size(p) > MAX_OPTIONS) {
			verrf(errors, p2, "Pilihan paling banyak %d.", MAX_OPTIONS);
		} else {
			for (size_t k = 0; k < json_array_size(p); k++) {
				const char *o = json_string_value(json_array_get(p, k));

				if (!o || !*o || !text_field_ok(o, MAX_LABEL)) {
					verrf(errors, p2, "Setiap pilihan harus berupa teks 1 sampai %d karakter.", MAX_LABEL);
					break;
				}
				for (size_t j = 0; j < k; j++)
					if (!strcmp(o, json_string_value(json_array_get(p, j)) ? json_string_value(json_array_get(p, j)) : ""))
						verrf(errors, p2, "Pilihan \"%s\" tertulis lebih dari sekali.", o);
			}
		}
	}
#undef PATH
}

static void v_rules(const json_t *rules, json_t *errors)
{
	json_t *jam, *v;
	const json_t *tutup, *kuota;
	const char *key;
	char path[96];

	if (!json_is_object(rules)) {
		verr(errors, "ketersediaan", "Aturan ketersediaan tidak sah.");
		return;
	}
	jam = json_object_get(rules, "jam");
	if (jam && !json_is_object(jam))
		verr(errors, "ketersediaan.jam", "Jam layanan tidak sah.");
	json_object_foreach(jam, key, v) {
		int d, o, c;

		for (d = 0; d < 7 && strcmp(key, catalog_day_codes[d]); d++)
			;
		snprintf(path, sizeof path, "ketersediaan.jam.%.60s", key);
		if (d == 7) {
			verrf(errors, path, "Hari \"%.40s\" tidak dikenal. Gunakan senin, selasa, rabu, kamis, jumat, sabtu atau minggu.", key);
			continue;
		}
		o = hhmm(json_string_value(json_array_get(v, 0)));
		c = hhmm(json_string_value(json_array_get(v, 1)));
		if (!json_is_array(v) || json_array_size(v) != 2 || o < 0 || c < 0)
			verrf(errors, path, "Jam layanan hari %s harus berformat JJ:MM, misalnya 07:30.", catalog_day_names[d]);
		else if (c <= o)
			verrf(errors, path, "Jam tutup hari %s harus lebih lambat dari jam buka.", catalog_day_names[d]);
	}
	kuota = json_object_get(rules, "kuota_harian");
	if (kuota && !v_int(kuota, 0, MAX_QUOTA))
		verrf(errors, "ketersediaan.kuota_harian", "Kuota harian harus bilangan bulat 0 sampai %d (0 = tanpa kuota).", MAX_QUOTA);
	tutup = json_object_get(rules, "tutup");
	if (tutup && (!json_is_array(tutup) || json_array_size(tutup) > 366)) {
		verr(errors, "ketersediaan.tutup", "Daftar tanggal tutup tidak sah (paling banyak 366 tanggal).");
		return;
	}
	for (size_t i = 0; i < json_array_size(tutup); i++) {
		const json_t *t = json_array_get(tutup, i);
		const char *tgl = str_of(t, "tanggal");

		snprintf(path, sizeof path, "ketersediaan.tutup.%zu.tanggal", i);
		if (!tgl || !*tgl)
			verr(errors, path, "Tanggal tutup wajib diisi.");
		else if (date_key(tgl) < 0)
			verr(errors, path, "Tanggal tutup tidak valid (format TTTT-BB-HH).");
		else
			for (size_t j = 0; j < i; j++)
				if (!strcmp(tgl, str_of(json_array_get(tutup, j), "tanggal") ? str_of(json_array_get(tutup, j), "tanggal") : "")) {
					verr(errors, path, "Tanggal ini sudah ada di daftar tanggal tutup.");
					break;
				}
		snprintf(path, sizeof path, "ketersediaan.tutup.%zu.alasan", i);
		v_text(t, "alasan", path, 1, 0, 200, 0, "Alasan tutup", errors);
	}
}

/* label_status: status name -> the service's own label of that status. */
static void v_status_labels(json_t *labels, json_t *errors)
{
	const char *key;
	json_t *v;
	char path[96], label[96];

	if (!json_is_object(labels)) {
		verr(errors, "label_status", "Label status harus berupa pasangan nama status dan labelnya.");
		return;
	}
	json_object_foreach(labels, key, v) {
		snprintf(path, sizeof path, "label_status.%.60s", key);
		if (app_status_from(key) == APP__MAX) {
			verrf(errors, path, "Status \"%.60s\" tidak dikenal. Gunakan nama status: DRAFT, DIKIRIM, "
			      "DIKEMBALIKAN, DISETUJUI, DIBATALKAN, DIPROSES, TERBIT_TTE atau SELESAI.", key);
			continue;
		}
		snprintf(label, sizeof label, "Label status %s", key);
		v_text(labels, key, path, 1, 0, STATUS_LABEL_MAX, 0, label, errors);
	}
}

int catalog_validate(const json_t *def, json_t *errors)
{
	size_t before = json_object_size(errors), i;
	const char *prefix = str_of(def, "prefix"), *ikon = str_of(def, "ikon");
	const json_t *a, *v;
	char path[64];

	if (!json_is_object(def)) {
		verr(errors, "definisi", "Definisi layanan tidak sah.");
		return (int)(json_object_size(errors) - before);
	}
	if (!str_of(def, "kode") || !*str_of(def, "kode"))
		verr(errors, "kode", "Kode layanan wajib diisi.");
	else if (!slug_ok(str_of(def, "kode"), 40, 0) || strlen(str_of(def, "kode")) < 2)
		verr(errors, "kode", "Kode layanan hanya boleh berisi huruf kecil, angka dan tanda hubung (-), 2 sampai 40 karakter.");
	if (!prefix || !*prefix)
		verr(errors, "prefix", "Prefix kode pengajuan wajib diisi.");
	else if (strlen(prefix) < 2 || strlen(prefix) > 4 || strspn(prefix, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(prefix))
		verr(errors, "prefix", "Prefix harus 2 sampai 4 huruf kapital, misalnya AKL.");
	v_text(def, "nama", "nama", 1, 0, MAX_NAMA, 80, "Nama layanan", errors);
	v_text(def, "ringkasan", "ringkasan", 1, 0, MAX_RINGKASAN, 300, "Ringkasan", errors);
	if (!ikon || !*ikon)
		verr(errors, "ikon", "Ikon wajib diisi (nama ikon Bootstrap Icons, misalnya file-earmark-text).");
	else if (!slug_ok(ikon, 60, 0))
		verr(errors, "ikon", "Nama ikon hanya boleh berisi huruf kecil, angka dan tanda hubung, misalnya file-earmark-text.");
	v_text(def, "label_nik", "label_nik", 0, 0, 60, 0, "Label NIK", errors);
	v_text(def, "label_nama", "label_nama", 0, 0, 60, 0, "Label Nama", errors);
	if (json_object_get(def, "nik_wajib") && !json_is_boolean(json_object_get(def, "nik_wajib")))
		verr(errors, "nik_wajib", "Tentukan apakah NIK wajib diisi.");
	v_text(def, "persyaratan", "persyaratan", 1, 1, MAX_MARKDOWN, 0, "Persyaratan", errors);
	v_text(def, "proses", "proses", 1, 1, MAX_MARKDOWN, 0, "Proses", errors);
	a = json_object_get(def, "kelompok");
	if (!json_is_array(a) || json_array_size(a) > 10) {
		verr(errors, "kelompok", "Kelompok pemohon tidak sah.");
	} else {
		json_array_foreach(a, i, v) {
			const char *k = json_string_value(v);

			if (!k || !slug_ok(k, 40, 0))
				verr(errors, "kelompok", "Kelompok pemohon tidak sah.");
			for (size_t j = 0; k && j < i; j++)
				if (!strcmp(k, json_string_value(json_array_get(a, j)) ? json_string_value(json_array_get(a, j)) : ""))
					verr(errors, "kelompok", "Kelompok pemohon tertulis lebih dari sekali.");
		}
	}

	if ((a = v_list(def, "isian", "isian", errors))) {
		v_codes(a, "isian", 1, "isian", errors);
		json_array_foreach(a, i, v)
			v_field(v, i, errors);
	}
	if ((a = v_list(def, "dokumen", "dokumen persyaratan", errors))) {
		v_codes(a, "dokumen", 0, "dokumen", errors);
		json_array_foreach(a, i, v) {
			const char *contoh = str_of(v, "contoh");

			snprintf(path, sizeof path, "dokumen.%zu.nama", i);
			v_text(v, "nama", path, 1, 0, MAX_LABEL, 0, "Nama dokumen", errors);
			snprintf(path, sizeof path, "dokumen.%zu.keterangan", i);
			v_text(v, "keterangan", path, 0, 0, MAX_HELP, 0, "Keterangan", errors);
			snprintf(path, sizeof path, "dokumen.%zu.wajib", i);
			if (!json_is_boolean(json_object_get(v, "wajib")))
				verr(errors, path, "Tentukan apakah dokumen ini wajib.");
			snprintf(path, sizeof path, "dokumen.%zu.contoh", i);
			if (json_object_get(v, "contoh") && !plain_name(contoh))
				verr(errors, path, "Nama file contoh tidak sah.");
		}
	}
	if ((a = v_list(def, "langkah", "langkah", errors))) {
		v_codes(a, "langkah", 0, "langkah", errors);
		json_array_foreach(a, i, v) {
			snprintf(path, sizeof path, "langkah.%zu.nama", i);
			v_text(v, "nama", path, 1, 0, MAX_LABEL, 0, "Nama langkah", errors);
			snprintf(path, sizeof path, "langkah.%zu.waktu_baku_menit", i);
			if (!v_int(json_object_get(v, "waktu_baku_menit"), 1, MAX_STEP_MINUTES))
				verrf(errors, path, "Waktu baku harus bilangan bulat 1 sampai %d menit.", MAX_STEP_MINUTES);
		}
	}
	if ((a = v_list(def, "dokumen_jadi", "dokumen jadi", errors))) {
		v_codes(a, "dokumen_jadi", 0, "dokumen jadi", errors);
		json_array_foreach(a, i, v) {
			snprintf(path, sizeof path, "dokumen_jadi.%zu.nama", i);
			v_text(v, "nama", path, 1, 0, MAX_LABEL, 0, "Nama dokumen jadi", errors);
		}
	}
	if ((v = json_object_get(def, "ketersediaan")))
		v_rules(v, errors);
	if (json_object_get(def, "label_status"))
		v_status_labels(json_object_get(def, "label_status"), errors);
	v = json_object_get(def, "tanpa_dokumen_jadi");
	if (v && !json_is_boolean(v))
		verr(errors, "tanpa_dokumen_jadi", "Tentukan apakah layanan ini tanpa dokumen jadi.");
	if (json_object_size(errors) == before) {
		char err[256];

		/* the officer's rules include the schema's; should they ever
		 * disagree, the schema wins and nothing is stored */
		if (catalog_check(def, err, sizeof err) < 0) {
			log_error("catalog: a definition passed catalog_validate but not catalog_check: %s", err);
			verr(errors, "definisi", "Definisi layanan tidak memenuhi skema katalog.");
		}
	}
	return (int)(json_object_size(errors) - before);
}

void catalog_slug(const char *text, int underscore, size_t max, char *out, size_t outsz)
{
	size_t n = 0;
	int sep = 0;

	if (!outsz)
		return;
	for (const char *s = text ? text : ""; *s && n < max && n + 1 < outsz; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (sep && n && n + 2 < outsz && n + 1 < max)
				out[n++] = underscore ? '_' : '-';
			sep = 0;
			out[n++] = c;
		} else {
			sep = 1;
		}
	}
	out[n] = '\0';
}

/* ---- back office: reading ------------------------------------------------ */

#define ADMIN_COLUMNS \
	"SELECT l.id, l.kode, l.prefix, l.nama, l.urutan, l.aktif, l.definisi_id, d.created_at, d.definisi," \
	" (SELECT count(*) FROM layanan_definisi x WHERE x.layanan_id = l.id)" \
	" FROM layanan l LEFT JOIN layanan_definisi d ON d.id = l.definisi_id"

static json_t *admin_row(struct db_stmt *st, int with_def)
{
	json_t *def = json_loads(db_text(st, 8) ? db_text(st, 8) : "", 0, NULL);
	json_t *kel = json_object_get(def, "kelompok");
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:i, s:b, s:b, s:o, s:I, s:I, s:I, s:I}", "id", (json_int_t)db_int(st, 0),
			      "kode", db_text(st, 1), "prefix", db_text(st, 2), "nama", db_text(st, 3), "urutan",
			      (int)db_int(st, 4), "aktif", (int)db_int(st, 5), "umum", json_array_size(kel) == 0,
			      "kelompok", json_is_array(kel) ? json_incref(kel) : json_array(), "definisi_id", (json_int_t)db_int(st, 6),
			      "berlaku_at", (json_int_t)db_int(st, 7), "versi", (json_int_t)db_int(st, 9), "lama", (json_int_t)0);

	if (!o)
		fatal("out of memory");
	if (with_def)
		json_object_set_new(o, "def", json_is_object(def) ? json_incref(def) : json_object());
	json_decref(def);
	return o;
}

/* Applications in progress under an older definition, per service id. */
static int count_old(struct db *db, json_t *by_id)
{
	struct db_stmt *st = db_query(db,
				      "SELECT p.layanan_id, count(*) FROM pengajuan p JOIN layanan l ON l.id = p.layanan_id"
				      " WHERE p.status IN " IN_PROGRESS " AND p.definisi_id <> l.definisi_id GROUP BY p.layanan_id",
				      "");
	enum db_rc rc = DB_DONE;
	char key[24];

	while (st && (rc = db_next(st)) == DB_ROW) {
		snprintf(key, sizeof key, "%lld", (long long)db_int(st, 0));
		json_object_set_new(by_id, key, json_integer(db_int(st, 1)));
	}
	db_end(st);
	return st && rc == DB_DONE ? 0 : -1;
}

json_t *catalog_admin_list(struct db *db)
{
	struct db_stmt *st = db_query(db, ADMIN_COLUMNS " ORDER BY l.urutan, l.id", "");
	json_t *rows = json_array(), *old = json_object(), *row;
	enum db_rc rc = DB_DONE;
	char key[24];
	size_t i;

	while (st && (rc = db_next(st)) == DB_ROW)
		json_array_append_new(rows, admin_row(st, 0));
	db_end(st);
	if (!st || rc != DB_DONE || count_old(db, old) < 0) {
		json_decref(rows);
		json_decref(old);
		return NULL;
	}
	json_array_foreach(rows, i, row) {
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
		if (json_object_get(old, key))
			json_object_set(row, "lama", json_object_get(old, key));
	}
	json_decref(old);
	return rows;
}

int catalog_admin_get(struct db *db, const char *kode, json_t **out)
{
	struct db_stmt *st = db_query(db, ADMIN_COLUMNS " WHERE l.kode = ?", "s", kode ? kode : "");
	enum db_rc rc = st ? db_next(st) : DB_ERR;
	json_t *old;
	char key[24];

	*out = NULL;
	if (rc == DB_ROW)
		*out = admin_row(st, 1);
	db_end(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 1 : -1;
	old = json_object();
	if (count_old(db, old) < 0) {
		json_decref(old);
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(*out, "id")));
	if (json_object_get(old, key))
		json_object_set(*out, "lama", json_object_get(old, key));
	json_decref(old);
	return 0;
}

json_t *catalog_versions(struct db *db, int64_t layanan_id, long limit)
{
	struct db_stmt *st = db_query(db,
				      "SELECT id, created_at FROM layanan_definisi WHERE layanan_id = ? ORDER BY id DESC LIMIT ?",
				      "ii", layanan_id, (int64_t)limit);
	json_t *rows = json_array();
	enum db_rc rc = DB_DONE;

	while (st && (rc = db_next(st)) == DB_ROW)
		json_array_append_new(rows, json_pack("{s:I, s:I}", "id", (json_int_t)db_int(st, 0), "created_at",
						      (json_int_t)db_int(st, 1)));
	db_end(st);
	if (!st || rc != DB_DONE) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

/* ---- back office: writing ------------------------------------------------ */

void catalog_reload(void)
{
	db_snapshot_recheck(&snapshot);
}

/* Names of the top-level members that differ between a and b, as
 * "isian, langkah" (for the audit entry). */
static void diff_keys(json_t *a, json_t *b, struct buf *out)
{
	json_t *keys = json_array(), *v;
	const char *k;
	size_t i, j;

	json_object_foreach(a, k, v)
		if (!json_equal(v, json_object_get(b, k)))
			json_array_append_new(keys, json_string(k));
	json_object_foreach(b, k, v)
		if (!json_object_get(a, k))
			json_array_append_new(keys, json_string(k));
	/* sorted, so the entry reads the same whatever the object order */
	for (i = 1; i < json_array_size(keys); i++)
		for (j = i; j > 0 && strcmp(json_string_value(json_array_get(keys, j - 1)), json_string_value(json_array_get(keys, j))) > 0; j--) {
			json_t *t = json_incref(json_array_get(keys, j));

			json_array_set(keys, j, json_array_get(keys, j - 1));
			json_array_set_new(keys, j - 1, t);
		}
	json_array_foreach(keys, i, v)
		buf_addf(out, "%s%s", i ? ", " : "", json_string_value(v));
	json_decref(keys);
}

/*
 * The start of catalog_save and catalog_create: def checked (CAT_INVALID
 * with errors), as text (*text, the caller frees it) and a transaction
 * begun. CAT_OK to go on; otherwise nothing is left to free.
 */
static enum cat_rc save_begin(struct db *db, const json_t *def, json_t *errors, char **text)
{
	if (catalog_validate(def, errors))
		return CAT_INVALID;
	if (!(*text = json_dumps(def, JSON_COMPACT | JSON_SORT_KEYS)))
		fatal("out of memory");
	if (db_begin(db) != DB_OK) {
		free(*text);
		*text = NULL;
		return CAT_ERR;
	}
	return CAT_OK;
}

enum cat_rc catalog_save(struct db *db, int64_t staf_id, int64_t layanan_id, int64_t based_on, const json_t *def,
			 int aktif, int urutan, json_t *errors, int64_t *definisi_id)
{
	struct db_stmt *st;
	json_t *old = NULL;
	char *text = NULL, objek[40];
	const char *kode, *prefix;
	int64_t cur = 0, new_id = 0;
	int old_aktif = 0, old_urutan = 0;
	struct buf detail = BUF_INIT;
	enum cat_rc rc = CAT_ERR, begun;
	enum db_rc q;
	time_t now = time(NULL);

	if ((begun = save_begin(db, def, errors, &text)) != CAT_OK)
		return begun;
	st = db_query(db,
		      "SELECT l.kode, l.prefix, l.definisi_id, l.aktif, l.urutan, d.definisi FROM layanan l"
		      " LEFT JOIN layanan_definisi d ON d.id = l.definisi_id WHERE l.id = ?",
		      "i", layanan_id);
	q = st ? db_next(st) : DB_ERR;
	if (q == DB_ROW) {
		kode = str_of(def, "kode");
		prefix = str_of(def, "prefix");
		if (strcmp(kode, db_text(st, 0)) || strcmp(prefix, db_text(st, 1))) {
			verr(errors, strcmp(kode, db_text(st, 0)) ? "kode" : "prefix",
			     "Kode dan prefix layanan tidak dapat diubah, karena kode pengajuan memakai prefix ini.");
			rc = CAT_INVALID;
		}
		cur = db_int(st, 2);
		old_aktif = (int)db_int(st, 3);
		old_urutan = (int)db_int(st, 4);
		old = json_loads(db_text(st, 5) ? db_text(st, 5) : "{}", 0, NULL);
	}
	db_end(st);
	if (q != DB_ROW || rc == CAT_INVALID) {
		db_rollback(db);
		rc = q == DB_DONE ? CAT_NOT_FOUND : rc == CAT_INVALID ? CAT_INVALID : CAT_ERR;
		goto out;
	}
	if (cur != based_on) {
		db_rollback(db);
		rc = CAT_CONFLICT;
		goto out;
	}
	if (json_equal(old, def) && (!aktif) == (!old_aktif) && urutan == old_urutan) {
		db_rollback(db);
		rc = CAT_UNCHANGED;
		goto out;
	}
	if (insert_definition(db, layanan_id, text, now, &new_id) != DB_DONE ||
	    db_exec(db,
		    "UPDATE layanan SET definisi_id = ?, nama = ?, aktif = ?, urutan = ?, updated_at = ?"
		    " WHERE id = ? AND definisi_id = ?",
		    "isddiii", new_id, str_of(def, "nama"), aktif ? 1 : 0, urutan, (int64_t)now, layanan_id, based_on) != DB_DONE) {
		db_rollback(db);
		goto out;
	}
	if (db_changes(db) != 1) {
		/* another officer's save won meanwhile */
		db_rollback(db);
		rc = CAT_CONFLICT;
		goto out;
	}
	buf_addf(&detail, "definisi %lld -> %lld", (long long)based_on, (long long)new_id);
	if (!json_equal(old, def)) {
		json_t *copy = json_deep_copy(def);

		buf_adds(&detail, "; diubah: ");
		diff_keys(old, copy, &detail);
		json_decref(copy);
	}
	if ((!aktif) != (!old_aktif))
		buf_addf(&detail, "; %s", aktif ? "diaktifkan" : "dinonaktifkan");
	if (urutan != old_urutan)
		buf_addf(&detail, "; urutan %d -> %d", old_urutan, urutan);
	snprintf(objek, sizeof objek, "layanan:%lld", (long long)layanan_id);
	if (catalog_touch(db) < 0 || audit_log(db, staf_id, "layanan.ubah", objek, detail.ptr) < 0 ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		goto out;
	}
	catalog_reload();
	if (definisi_id)
		*definisi_id = new_id;
	rc = CAT_OK;
out:
	buf_release(&detail);
	json_decref(old);
	free(text);
	return rc;
}

enum cat_rc catalog_create(struct db *db, int64_t staf_id, const json_t *def, int aktif, json_t *errors,
			   int64_t *layanan_id)
{
	struct db_stmt *st;
	char *text = NULL, objek[40];
	int64_t id = 0, def_id = 0;
	int urutan = 1, taken = 0;
	enum cat_rc rc = CAT_ERR, begun;
	enum db_rc q;
	time_t now = time(NULL);

	if ((begun = save_begin(db, def, errors, &text)) != CAT_OK)
		return begun;
	st = db_query(db, "SELECT kode, prefix FROM layanan WHERE kode = ? OR prefix = ?", "ss", str_of(def, "kode"),
		      str_of(def, "prefix"));
	while (st && (q = db_next(st)) == DB_ROW) {
		if (!strcmp(db_text(st, 0), str_of(def, "kode")))
			verr(errors, "kode", "Kode layanan ini sudah dipakai layanan lain.");
		if (!strcmp(db_text(st, 1), str_of(def, "prefix")))
			verr(errors, "prefix", "Prefix ini sudah dipakai layanan lain.");
		taken = 1;
	}
	db_end(st);
	if (!st || taken) {
		db_rollback(db);
		rc = st ? CAT_INVALID : CAT_ERR;
		goto out;
	}
	st = db_query(db, "SELECT coalesce(max(urutan), 0) + 1 FROM layanan", "");
	if (st && db_next(st) == DB_ROW)
		urutan = (int)db_int(st, 0);
	db_end(st);
	q = db_insert_id(db,
			 "INSERT INTO layanan (kode, prefix, nama, urutan, aktif, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			 &id, "sssddi", str_of(def, "kode"), str_of(def, "prefix"), str_of(def, "nama"), urutan, aktif ? 1 : 0,
			 (int64_t)now);
	if (q == DB_CONSTRAINT) {
		/* created by someone else between the check and the insert */
		db_rollback(db);
		verr(errors, "kode", "Kode atau prefix layanan ini sudah dipakai layanan lain.");
		rc = CAT_INVALID;
		goto out;
	}
	snprintf(objek, sizeof objek, "layanan:%lld", (long long)id);
	if (q != DB_DONE ||
	    insert_definition(db, id, text, now, &def_id) != DB_DONE ||
	    db_exec(db, "UPDATE layanan SET definisi_id = ? WHERE id = ?", "ii", def_id, id) != DB_DONE ||
	    catalog_touch(db) < 0 || audit_log(db, staf_id, "layanan.tambah", objek, str_of(def, "prefix")) < 0 ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		goto out;
	}
	catalog_reload();
	if (layanan_id)
		*layanan_id = id;
	rc = CAT_OK;
out:
	free(text);
	return rc;
}

int catalog_store_file(const char *files_dir, const char *stem, const char *ext, const void *data, size_t len,
		       char *name, size_t namesz)
{
	unsigned char rnd[8];
	char hex[17], dir[4096], *path;
	int rc;

	randombytes_buf(rnd, sizeof rnd);
	for (size_t i = 0; i < sizeof rnd; i++)
		snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
	if ((size_t)snprintf(name, namesz, "%s-%s.%s", stem, hex, ext) >= namesz) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(dir, sizeof dir, "%s/katalog", files_dir);
	if (mkdirs(dir) < 0 || !(path = catalog_file_path(files_dir, name)))
		return -1;
	rc = file_write_atomic(path, data, len);
	free(path);
	return rc;
}
