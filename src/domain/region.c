// SPDX-License-Identifier: MIT
// Region import from idn-area-data CSV files and the lookups the forms use.
#include "domain/region.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "lib/csv.h"
#include "lib/log.h"

struct level {
	const char *file;
	const char *upsert;
	int code_len;          /* strlen of a well-formed code at this level */
	int parent_len;
};

static const struct level levels[] = {
	{ "provinces.csv", "INSERT INTO provinsi (kode, nama) VALUES (?, ?) "
	  "ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama", 2, 0 },
	{ "regencies.csv", "INSERT INTO kabupaten (kode, provinsi_kode, nama) VALUES (?, ?, ?) "
	  "ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama, provinsi_kode = excluded.provinsi_kode", 5, 2 },
	{ "districts.csv", "INSERT INTO kecamatan (kode, kabupaten_kode, nama) VALUES (?, ?, ?) "
	  "ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama, kabupaten_kode = excluded.kabupaten_kode", 8, 5 },
	{ "villages.csv", "INSERT INTO desa (kode, kecamatan_kode, nama) VALUES (?, ?, ?) "
	  "ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama, kecamatan_kode = excluded.kecamatan_kode", 13, 8 },
};

/* Code shape per level: 33 / 33.26 / 33.26.07 / 33.26.07.2008. */
static int code_ok(const char *s, int len)
{
	static const char shape[] = "NN.NN.NN.NNNN";
	int i;

	if ((int)strlen(s) != len)
		return 0;
	for (i = 0; i < len; i++)
		if (shape[i] == 'N' ? !isdigit((unsigned char)s[i]) : s[i] != '.')
			return 0;
	return 1;
}

static int import_level(struct db *db, const char *dir, const struct level *lv)
{
	char path[4096];
	struct csv_reader *cr;
	FILE *f;
	char **fld;
	size_t nf;
	long rows = 0;
	int rc, first = 1;

	snprintf(path, sizeof path, "%s/%s", dir, lv->file);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		return -1;
	}
	cr = csv_open(f);
	while ((rc = csv_next(cr, &fld, &nf)) == 1) {
		enum db_rc drc;

		if (first) {
			first = 0;
			if (nf && !strcmp(fld[0], "code"))
				continue; /* header row */
		}
		if (nf != (lv->parent_len ? 3u : 2u) || !code_ok(fld[0], lv->code_len) ||
		    (lv->parent_len && (!code_ok(fld[1], lv->parent_len) ||
					strncmp(fld[0], fld[1], (size_t)lv->parent_len))) ||
		    !*fld[nf - 1]) {
			fprintf(stderr, "%s:%ld: malformed row\n", path, csv_line(cr));
			rc = -1;
			break;
		}
		drc = lv->parent_len ? db_exec(db, lv->upsert, "sss", fld[0], fld[1], fld[2])
				     : db_exec(db, lv->upsert, "ss", fld[0], fld[1]);
		if (drc != DB_DONE) {
			fprintf(stderr, "%s:%ld: %s\n", path, csv_line(cr),
				drc == DB_CONSTRAINT ? "unknown parent code" : "database error");
			rc = -1;
			break;
		}
		rows++;
	}
	if (rc < 0 && cr && rows >= 0)
		fprintf(stderr, "%s:%ld: import stopped\n", path, csv_line(cr));
	csv_close(cr);
	fclose(f);
	if (rc < 0)
		return -1;
	printf("%s: %ld rows\n", lv->file, rows);
	return 0;
}

int region_import(struct db *db, const char *dir)
{
	size_t i;

	if (db_begin(db) != DB_OK)
		return -1;
	for (i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		if (import_level(db, dir, &levels[i]) < 0) {
			db_rollback(db);
			return -1;
		}
	}
	return db_commit(db) == DB_OK ? 0 : -1;
}

json_t *region_children(struct db *db, const char *parent)
{
	struct db_stmt *st;
	json_t *arr;
	size_t len = parent ? strlen(parent) : 0;

	if (len == 0)
		st = db_query(db, "SELECT kode, nama FROM provinsi ORDER BY kode", "");
	else if (code_ok(parent, 2))
		st = db_query(db, "SELECT kode, nama FROM kabupaten WHERE provinsi_kode = ? ORDER BY kode", "s", parent);
	else if (code_ok(parent, 5))
		st = db_query(db, "SELECT kode, nama FROM kecamatan WHERE kabupaten_kode = ? ORDER BY kode", "s", parent);
	else if (code_ok(parent, 8))
		st = db_query(db, "SELECT kode, nama FROM desa WHERE kecamatan_kode = ? ORDER BY kode", "s", parent);
	else
		return NULL;
	arr = json_array();
	while (db_next(st) == DB_ROW)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "kode", db_text(st, 0),
						     "nama", db_text(st, 1)));
	db_end(st);
	return arr;
}

/* Cache of children lists by parent code: at most one entry per province,
 * regency and district that has children (about 7,800), since empty lists
 * are not kept and codes are checked before lookup. */
#define CACHE_SLOTS 16384

struct cached {
	char code[9];
	const char *json;
};

static struct cached cache[CACHE_SLOTS];
static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;

static size_t slot_of(const char *code)
{
	size_t h = 5381;

	for (; *code; code++)
		h = h * 33 + (unsigned char)*code;
	return h % CACHE_SLOTS;
}

const char *region_children_json(struct db *db, const char *parent)
{
	const char *code = parent ? parent : "";
	const char *hit = NULL;
	size_t i, n;
	json_t *list;
	char *json;

	pthread_rwlock_rdlock(&cache_lock);
	for (i = slot_of(code), n = 0; n < CACHE_SLOTS && cache[i].json; i = (i + 1) % CACHE_SLOTS, n++) {
		if (!strcmp(cache[i].code, code)) {
			hit = cache[i].json;
			break;
		}
	}
	pthread_rwlock_unlock(&cache_lock);
	if (hit)
		return hit;
	list = region_children(db, parent);
	if (!list)
		return NULL;
	if (json_array_size(list) == 0) {
		/* not cached: any well-formed code would otherwise add an entry */
		json_decref(list);
		return "[]";
	}
	json = json_dumps(list, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(list);
	if (!json)
		fatal("out of memory");
	pthread_rwlock_wrlock(&cache_lock);
	for (i = slot_of(code), n = 0; n < CACHE_SLOTS; i = (i + 1) % CACHE_SLOTS, n++) {
		if (!cache[i].json) {
			memcpy(cache[i].code, code, strlen(code) + 1);
			cache[i].json = json;
			json = NULL;
			break;
		}
		if (!strcmp(cache[i].code, code)) {
			hit = cache[i].json;    /* another thread was first */
			break;
		}
	}
	pthread_rwlock_unlock(&cache_lock);
	if (json && hit) {
		free(json);
		return hit;
	}
	return json ? json : cache[i].json;
}

int region_village_exists(struct db *db, const char *kode)
{
	struct db_stmt *st;
	int found;

	if (!kode || !code_ok(kode, 13))
		return 0;
	st = db_query(db, "SELECT 1 FROM desa WHERE kode = ?", "s", kode);
	found = db_next(st) == DB_ROW;
	db_end(st);
	return found;
}

json_t *region_describe(struct db *db, const char *village)
{
	struct db_stmt *st;
	json_t *o = NULL;

	if (!village || !code_ok(village, 13))
		return NULL;
	st = db_query(db, "SELECT p.kode, p.nama, k.kode, k.nama, c.kode, c.nama, d.kode, d.nama "
		      "FROM desa d JOIN kecamatan c ON c.kode = d.kecamatan_kode "
		      "JOIN kabupaten k ON k.kode = c.kabupaten_kode "
		      "JOIN provinsi p ON p.kode = k.provinsi_kode WHERE d.kode = ?", "s", village);
	if (db_next(st) == DB_ROW)
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "kode_provinsi", db_text(st, 0), "provinsi", db_text(st, 1),
			      "kode_kabupaten", db_text(st, 2), "kabupaten", db_text(st, 3),
			      "kode_kecamatan", db_text(st, 4), "kecamatan", db_text(st, 5),
			      "kode_desa", db_text(st, 6), "desa", db_text(st, 7));
	db_end(st);
	return o;
}
