// SPDX-License-Identifier: MIT
// Service catalog: definitions, the in-memory snapshot, availability rules, seeding.
#include "domain/catalog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/validate.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "view/markdown.h"

#define WIB_OFFSET (7 * 3600)
#define GEN_SEQUENCE "katalog"

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
		    json_integer_value(json_object_get(json_array_get(a, i), "waktu_baku_menit")) < 1)
			FAIL("langkah[%zu]: nama and waktu_baku_menit are required", i);
	a = json_object_get(def, "dokumen_jadi");
	for (i = 0; i < json_array_size(a); i++)
		if (!str_of(json_array_get(a, i), "nama"))
			FAIL("dokumen_jadi[%zu]: nama is required", i);
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

static void fmt_hhmm(struct buf *b, const char *s)
{
	/* "07:30" is written 07.30 in Indonesian */
	buf_addf(b, "%.2s.%.2s", s, s + 3);
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

		if (!h || minute < open || minute >= close) {
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

int catalog_available(struct db *db, const struct cat_service *s, time_t now, char *reason, size_t reasonsz)
{
	const json_t *rules = json_object_get(s->def, "ketersediaan");
	int64_t count = 0;

	if (!s->aktif) {
		snprintf(reason, reasonsz, "Layanan ini sedang tidak dibuka.");
		return 0;
	}
	if (!s->umum) {
		snprintf(reason, reasonsz, "Layanan ini khusus untuk Grup Pemohon tertentu (sekolah atau fasilitas kesehatan).");
		return 0;
	}
	if (json_integer_value(json_object_get(rules, "kuota_harian")) > 0) {
		struct db_stmt *st = db_query(db, "SELECT count(*) FROM pengajuan WHERE layanan_id = ? AND created_at >= ?",
					      "ii", s->id, (int64_t)catalog_day_start(now));

		if (st && db_next(st) == DB_ROW)
			count = db_int(st, 0);
		db_end(st);
	}
	return catalog_rules_open(rules, now, count, reason, reasonsz);
}

/* ---- snapshot ---------------------------------------------------------- */

static pthread_mutex_t snap_lock = PTHREAD_MUTEX_INITIALIZER;
static struct catalog *current;
static time_t checked;

static int64_t generation(struct db *db)
{
	struct db_stmt *st = db_query(db, "SELECT value FROM sequences WHERE name = ?", "s", GEN_SEQUENCE);
	int64_t g = 0;

	if (st && db_next(st) == DB_ROW)
		g = db_int(st, 0);
	db_end(st);
	return g;
}

int catalog_touch(struct db *db)
{
	return db_sequence_next(db, GEN_SEQUENCE) < 0 ? -1 : 0;
}

static const char *text_or(const json_t *def, const char *key, const char *dflt)
{
	const char *s = str_of(def, key);

	return s && *s ? s : dflt;
}

static void free_snapshot(struct catalog *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].persyaratan_html);
		free(c->items[i].proses_html);
		json_decref(c->items[i].def);
	}
	free(c->items);
	free(c);
}

static struct catalog *build(struct db *db, int64_t gen)
{
	struct catalog *c = calloc(1, sizeof *c);
	size_t cap = 0;
	struct db_stmt *st;
	enum db_rc rc;

	if (!c)
		fatal("out of memory");
	c->gen = gen;
	st = db_query(db,
		      "SELECT l.id, l.definisi_id, l.aktif, d.definisi FROM layanan l"
		      " JOIN layanan_definisi d ON d.id = l.definisi_id ORDER BY l.urutan, l.id",
		      "");
	while (st && (rc = db_next(st)) == DB_ROW) {
		json_error_t jerr;
		json_t *def = json_loads(db_text(st, 3), 0, &jerr);
		struct cat_service *s;
		const char *md;

		if (!json_is_object(def)) {
			log_error("catalog: definition %lld is not a JSON object", (long long)db_int(st, 1));
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

const struct catalog *catalog_get(struct db *db)
{
	time_t now = time(NULL);
	struct catalog *c;

	pthread_mutex_lock(&snap_lock);
	if (!current || now != checked) {
		int64_t gen;

		/* one check a second is enough for an edit to show everywhere;
		 * the query runs outside no lock of ours but is cheap */
		checked = now;
		gen = generation(db);
		if (!current || gen != current->gen) {
			struct catalog *fresh = build(db, gen);

			fresh->retired = current;
			current = fresh;
		}
	}
	c = current;
	pthread_mutex_unlock(&snap_lock);
	return c;
}

void catalog_free_all(void)
{
	pthread_mutex_lock(&snap_lock);
	while (current) {
		struct catalog *next = current->retired;

		free_snapshot(current);
		current = next;
	}
	pthread_mutex_unlock(&snap_lock);
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

	/* the definition in force is already parsed in the snapshot (shared:
	 * callers only read it; jansson counts references atomically) */
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].definisi_id == definisi_id)
			return json_incref(c->items[i].def);
	st = db_query(db, "SELECT definisi FROM layanan_definisi WHERE id = ?", "i", definisi_id);
	if (st && db_next(st) == DB_ROW)
		def = json_loads(db_text(st, 0), 0, NULL);
	db_end(st);
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
	    db_insert_id(db, "INSERT INTO layanan_definisi (layanan_id, definisi, created_at) VALUES (?, ?, ?) RETURNING id",
			 &def_id, "isi", id, text, (int64_t)now) != DB_DONE ||
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
