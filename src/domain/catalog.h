// SPDX-License-Identifier: MIT
// Service catalog (jenis layanan): definitions, the in-memory snapshot, availability rules, seeding.
#ifndef LOKET_CATALOG_H
#define LOKET_CATALOG_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"

/* One service of the snapshot. Everything is read-only and lives as long as
 * the process (retired snapshots are kept, see catalog_get). */
struct cat_service {
	int64_t id;
	int64_t definisi_id;     /* definition in force */
	const char *kode;        /* URL slug */
	const char *prefix;      /* application-code prefix */
	const char *nama, *ikon, *ringkasan;
	const char *label_nik, *label_nama;
	int nik_wajib;           /* 0: the NIK may be left empty (a newborn) */
	int umum;                /* 1: every applicant; 0: certain groups only */
	int aktif;
	char *persyaratan_html, *proses_html;       /* rendered Markdown (read-only) */
	json_t *def;             /* the whole definition (catalog/README.md) */
};

struct catalog {
	size_t n;
	struct cat_service *items;   /* ordered by urutan */
	int64_t gen;                 /* catalog generation it was built from */
	struct catalog *retired;     /* older snapshots, freed at exit */
};

/*
 * The current snapshot. Built on first use and rebuilt when another process
 * or thread changed the catalog (catalog_touch; checked at most once a
 * second). A snapshot is never freed while the process runs, so the pointer
 * and everything under it stays valid for the caller.
 */
const struct catalog *catalog_get(struct db *db);
/* Bumps the catalog generation (call inside the transaction that changed it). */
int catalog_touch(struct db *db);
/* Frees every snapshot (exit, tests). */
void catalog_free_all(void);

const struct cat_service *catalog_find(const struct catalog *c, const char *kode);
const struct cat_service *catalog_by_id(const struct catalog *c, int64_t id);

/* The definition an application was made under: a new reference (caller
 * decrefs, never modifies: it may be the snapshot's), NULL when unknown. */
json_t *catalog_definition(struct db *db, int64_t definisi_id);

/* Checks a service definition against the schema of catalog/README.md.
 * 0 ok, -1 with a message in err. */
int catalog_check(const json_t *def, char *err, size_t errsz);

/* Finds the entry of def[list] ("isian", "dokumen", "langkah",
 * "dokumen_jadi") whose "kode" is kode; NULL when none (borrowed). */
json_t *catalog_entry(const json_t *def, const char *list, const char *kode);

/*
 * Availability rules (def["ketersediaan"]) at instant now (UTC), given the
 * number of applications already made today (WIB). 1 when open; 0 with the
 * reason, in Indonesian, in reason. Pure: no I/O.
 */
int catalog_rules_open(const json_t *rules, time_t now, int64_t today_count, char *reason,
		       size_t reasonsz);
/* The rules plus the service's state and audience, counting today's
 * applications only when the service has a quota. */
int catalog_available(struct db *db, const struct cat_service *s, time_t now, char *reason,
		      size_t reasonsz);
/* Unix time of 00:00 WIB of the day that contains now. */
time_t catalog_day_start(time_t now);

/*
 * Loads the default catalog from dir (catalog/README.md) when the database
 * has no service yet: services, forms and example images (copied to
 * files_dir/katalog/) and information posts. 0 when loaded or nothing to
 * do, -1 with a message on stderr.
 */
int catalog_seed(struct db *db, const char *dir, const char *files_dir);

/*
 * Writes a "sistem" information post for every service closed today (a
 * closed date or no opening hours today), once per service and day, ending
 * at midnight WIB. Run by the jobs thread.
 */
int catalog_post_closures(struct db *db, time_t now);

/* Path of a catalog file (form, example image) by its stored name; NULL
 * when the name is not a plain file name. Caller frees. */
char *catalog_file_path(const char *files_dir, const char *name);

#endif
