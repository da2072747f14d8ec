// SPDX-License-Identifier: MIT
// Service catalog (jenis layanan): definitions, the in-memory snapshot, availability rules, seeding.
#ifndef LOKET_CATALOG_H
#define LOKET_CATALOG_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "domain/grup.h"
#include "store/db.h"
#include "store/transfer.h"

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
/* catalog_check of a stored definition's JSON text (which must be one
 * object). 0 ok, -1 with a message in err. */
int catalog_check_text(const char *text, char *err, size_t errsz);
/* What loket import checks beyond the store: every service definition
 * (layanan_definisi.definisi) passes catalog_check. */
extern const struct transfer_check catalog_import_checks[];

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
/*
 * The one decision whether service s takes a new application now in mode m
 * (NULL: a visitor, as personal mode): open or closed, group access
 * (catalog_group_access), closed days, hours and the daily quota
 * (catalog_quota_used). 1 when it does; 0 with the reason in Indonesian.
 * Home, the service pages, the form and the create call (page and API)
 * all ask this.
 */
int catalog_available(struct db *db, const struct cat_service *s, const struct pemohon_mode *m, time_t now,
		      char *reason, size_t reasonsz);
/* 1 when s is for everyone, or is a group-only service whose kelompok
 * names kind jenis. Pure. */
int catalog_serves(const struct cat_service *s, enum grup_jenis jenis);
/* 1 when mode m may use s: a general service, or a group-only service
 * serving the group's kind that the group has been given (Tabel 2). */
int catalog_group_access(struct db *db, const struct cat_service *s, const struct pemohon_mode *m);
/* Applications of s made today (WIB) that count against its daily quota:
 * the rows that exist, so deleting a draft frees its place. 0 without a
 * quota. The pages and the create call count with this one function. */
int64_t catalog_quota_used(struct db *db, const struct cat_service *s, time_t now);
/* 1 when s has a daily quota, with the name of today's lock row (a
 * sequence the create call takes inside its transaction before it
 * counts, so two creates cannot both take the last place); 0 otherwise. */
int catalog_quota_lock(const struct cat_service *s, time_t now, char *name, size_t namesz);
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

/* ---- back office: editing the catalog (admin) ---------------------------- */

/* Outcome of an edit. */
enum cat_rc {
	CAT_OK,
	CAT_INVALID,    /* see errors */
	CAT_CONFLICT,   /* the definition in force is no longer the one edited */
	CAT_NOT_FOUND,
	CAT_UNCHANGED,  /* nothing differs: no new definition */
	CAT_ERR,
	CAT__MAX
};

/* The audience groups a service can be limited to (def["kelompok"]) are
 * the kinds of Grup Pemohon: grup_jenis_codes and grup_jenis_names of
 * domain/grup.h, the one list of them. */
/* Days of ketersediaan.jam, Monday first, and their names. */
extern const char *const catalog_day_codes[7];   /* senin ... minggu */
extern const char *const catalog_day_names[7];   /* Senin ... Minggu */
/* Field types (isian.jenis) and their names for officers. */
#define CATALOG_FIELD_TYPES 7
extern const char *const catalog_field_types[CATALOG_FIELD_TYPES];
extern const char *const catalog_field_type_names[CATALOG_FIELD_TYPES];

/*
 * Every service for the admin list, in catalog order, read from storage
 * (not the snapshot): [{id, kode, prefix, nama, urutan, aktif, umum,
 * kelompok [codes], definisi_id, berlaku_at (when the definition in force
 * was made), versi (how many definitions the service has had), lama
 * (applications still in progress under an older definition)}]. NULL on a
 * storage error. Caller owns.
 */
json_t *catalog_admin_list(struct db *db);

/*
 * One service by kode as catalog_admin_list shows it, plus "def" (its
 * definition in force, a copy the caller may change). 0 and *out (caller
 * owns), 1 when unknown, -1 on a storage error.
 */
int catalog_admin_get(struct db *db, const char *kode, json_t **out);

/* The newest limit definitions of a service: [{id, created_at}], newest
 * first. NULL on a storage error. Caller owns. */
json_t *catalog_versions(struct db *db, int64_t layanan_id, long limit);

/*
 * Checks a definition for an officer: everything catalog_check does plus
 * lengths, non-empty names, sensible limits and ranges, with one Indonesian
 * message per problem in errors, keyed by the path of the value ("nama",
 * "isian.2.kode", "langkah.0.waktu_baku_menit", "ketersediaan.jam.senin",
 * "ketersediaan.tutup.1.tanggal", ...). A value of the wrong JSON type
 * (e.g. a string where a number belongs) gets a message too, so callers may
 * pass what was typed when it does not convert. Returns the number of
 * problems. Pure.
 */
int catalog_validate(const json_t *def, json_t *errors);

/* A slug of text for a kode: lower-case ASCII letters and digits, other
 * runs become one '-' (or '_' with underscore), at most max characters.
 * out[0] is '\0' when nothing usable is left. */
void catalog_slug(const char *text, int underscore, size_t max, char *out, size_t outsz);

/*
 * Puts def in force for service layanan_id as a new immutable definition,
 * with the service's aktif flag and order (urutan), if the definition in
 * force is still based_on (optimistic: two officers editing at once cannot
 * overwrite each other unseen). kode and prefix cannot change (application
 * codes carry the prefix). In one transaction: the definition row, the
 * service row, the catalog generation (every process reloads within a
 * second; this one at once) and the audit entry "layanan.ubah" on
 * "layanan:ID" naming what changed. Applications keep the definition they
 * were made under. *definisi_id receives the new id.
 */
enum cat_rc catalog_save(struct db *db, int64_t staf_id, int64_t layanan_id, int64_t based_on, const json_t *def,
			 int aktif, int urutan, json_t *errors, int64_t *definisi_id);

/*
 * A new service from def (kode and prefix must be unused: errors "kode" /
 * "prefix" otherwise), placed last, audited "layanan.tambah". *layanan_id
 * receives its id.
 */
enum cat_rc catalog_create(struct db *db, int64_t staf_id, const json_t *def, int aktif, json_t *errors,
			   int64_t *layanan_id);

/*
 * Writes a catalog file (example image) under files_dir/katalog/ with a
 * new random name "STEM-HEX.EXT" (temporary file, fsync, rename), put in
 * name. 0, or -1 with errno set (nothing left behind).
 */
int catalog_store_file(const char *files_dir, const char *stem, const char *ext, const void *data, size_t len,
		       char *name, size_t namesz);

/* Makes this process's next catalog_get look at the generation at once
 * (after a change committed here); other processes follow within a second. */
void catalog_reload(void);

#endif
