// SPDX-License-Identifier: MIT
// Grup Pemohon (manual B.4, Tabel 2): groups, their members, and the mode an applicant acts in.
#ifndef LOKET_GRUP_H
#define LOKET_GRUP_H

#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Kinds of group. Their codes are also the audience codes a group-only
 * service names in its definition (def["kelompok"]). */
enum grup_jenis { GRUP_SEKOLAH, GRUP_FASKES, GRUP_DESA, GRUP_KECAMATAN, GRUP_LAINNYA, GRUP__MAX };
extern const char *const grup_jenis_codes[GRUP__MAX];   /* sekolah, faskes, desa, kecamatan, lainnya */
extern const char *const grup_jenis_names[GRUP__MAX];   /* Sekolah, Fasilitas Kesehatan, ... */
/* GRUP__MAX when s is not a kind's code. */
enum grup_jenis grup_jenis_from(const char *s);

#define GRUP_NAMA_MAX 100        /* characters of a group's name */
#define GRUP_WILAYAH_MAX 50      /* region codes in one group's scope */

/*
 * The mode an applicant acts in. Invariant: grup_id is 0 (Pemohon Pribadi)
 * or a group that was active and held pemohon_id as a member when the mode
 * was resolved (grup_mode_check) at the start of this request; jenis is
 * that group's kind (GRUP__MAX in personal mode). Every domain call that
 * names an application or a document by code or id takes the mode, never
 * a bare applicant id: what is not in the mode is "not found".
 */
struct pemohon_mode {
	int64_t pemohon_id;      /* the account acting */
	int64_t grup_id;         /* 0: personal */
	enum grup_jenis jenis;
};

/* Personal mode of applicant pemohon_id. */
struct pemohon_mode grup_mode_pribadi(int64_t pemohon_id);

/* 1 when a record (an application, a library file) made by pemohon_id in
 * mode grup_id is within mode m: personal records are their maker's own,
 * a group's records belong to every member acting in that group's mode.
 * m NULL stands for staff, who see every record (their own checks apply).
 * Pure: the one ownership rule of the resident side. */
int grup_mode_owns(const struct pemohon_mode *m, int64_t pemohon_id, int64_t grup_id);

/* Outcome of the group calls. */
enum grup_rc {
	GRUP_OK,
	GRUP_INVALID,      /* see errors */
	GRUP_NOT_FOUND,    /* unknown group (or applicant) */
	GRUP_NOT_MEMBER,   /* the applicant is not (or no longer) a member */
	GRUP_INACTIVE,     /* the group is deactivated */
	GRUP_ERR,
	GRUP_RC__MAX
};
/* What a resident reads when a mode cannot be used (NOT_FOUND, NOT_MEMBER,
 * INACTIVE): one Indonesian sentence. */
const char *grup_rc_message(enum grup_rc rc);

/*
 * The mode "group grup_id" for applicant pemohon_id, checked now: GRUP_OK
 * and *m filled; GRUP_NOT_FOUND, GRUP_NOT_MEMBER or GRUP_INACTIVE (then *m
 * is personal mode). grup_id 0 is personal mode and always GRUP_OK.
 */
enum grup_rc grup_mode_check(struct db *db, int64_t pemohon_id, int64_t grup_id, struct pemohon_mode *m);

/* The active groups applicant pemohon_id may act for, by name: [{id, nama,
 * jenis, jenis_label, wilayah_teks}] (wilayah_teks: the scope's region
 * names joined, "Kec. Kajen, Desa Wonopringgo"). Caller owns; NULL on a
 * storage error. */
json_t *grup_of_member(struct db *db, int64_t pemohon_id);

/* 1 when applicant pemohon_id belongs to an active group (the header then
 * offers Ganti Mode). */
int grup_member_any(struct db *db, int64_t pemohon_id);

/* A group's region scope with names: [{kode, nama: "Kec. KAJEN" |
 * "Desa X" | "Kel. Y"}], by code. Caller owns. */
json_t *grup_scope(struct db *db, int64_t grup_id);

/* The header line of a mode: "Pemohon" or "NAMA — WILAYAH"; arena-free,
 * into out. */
void grup_mode_label(struct db *db, const struct pemohon_mode *m, char *out, size_t outsz);

/* 1 when scope code `scope` (a district "33.26.07" or a village
 * "33.26.07.2008") covers village code kode_desa. Pure. */
int grup_scope_covers(const char *scope, const char *kode_desa);
/* 1 when village kode_desa lies within group grup_id's scope. */
int grup_in_scope(struct db *db, int64_t grup_id, const char *kode_desa);
/* The villages of group grup_id's scope, by district then village:
 * [{kode, nama: "Desa X, Kec. Y"}] (a district stands for all its
 * villages). Caller owns; NULL on a storage error. */
json_t *grup_villages(struct db *db, int64_t grup_id);
/* 1 when group grup_id has been given service layanan_id. */
int grup_may_use(struct db *db, int64_t grup_id, int64_t layanan_id);

/* ---- back office (admin; members also verifikator) ---------------------- */

/* A group as an officer edits it (borrowed for the call). wilayah: array
 * of 1..GRUP_WILAYAH_MAX region codes, each a known district ("33.26.07")
 * or village ("33.26.07.2008"); a code given twice is stored once.
 * layanan: array (or NULL: none) of service kode, each a group-only
 * service whose def["kelompok"] names the group's kind. nama: 1..
 * GRUP_NAMA_MAX characters on one line; jenis: one of grup_jenis_codes. */
struct grup_input {
	const char *nama, *jenis;
	const json_t *wilayah, *layanan;
	int aktif;
};

/* Creates a group (audited "grup.tambah", object "grup:ID"; one
 * transaction). GRUP_INVALID with Indonesian messages keyed nama, jenis,
 * wilayah, layanan in errors, and nothing stored. *id receives its id (0
 * unless GRUP_OK). */
enum grup_rc grup_create(struct db *db, int64_t staf_id, const struct grup_input *in, json_t *errors, int64_t *id);
/* Replaces every field of group id, scope and services included (audited
 * "grup.ubah"), checked as grup_create; GRUP_NOT_FOUND for an unknown id.
 * Deactivating one sends its members back to personal mode on their next
 * request. */
enum grup_rc grup_update(struct db *db, int64_t staf_id, int64_t id, const struct grup_input *in, json_t *errors);
/* Every group, by name: [{id, nama, jenis, jenis_label, aktif, wilayah
 * [{kode, nama ("Kec. Kajen", "Desa Bodas", "Kel. Kajen")}], layanan
 * [{kode, nama}], anggota (count), pengajuan (count)}]. Caller owns; NULL
 * on a storage error. */
json_t *grup_list(struct db *db);
/* One group as grup_list shows it; NULL when unknown. Caller owns. */
json_t *grup_get(struct db *db, int64_t id);
/* The members of a group by name: [{pemohon_id, nik (masked), nama,
 * sejak (Unix seconds)}]. Caller owns; NULL on a storage error. */
json_t *grup_members(struct db *db, int64_t grup_id);
/*
 * Raises the active applicant with this NIK (16 digits, as typed) into
 * group grup_id (audited "grup.anggota_tambah", detail "pemohon:ID", never
 * the NIK); they are told by WhatsApp and e-mail in the same transaction.
 * GRUP_INVALID with errors.nik when the NIK is malformed, when no active
 * applicant has it (one message whether unknown or not active, so nobody
 * learns who has an account), or they are a member already. A person may
 * belong to several groups. GRUP_NOT_FOUND for an unknown group.
 */
enum grup_rc grup_member_add(struct db *db, int64_t staf_id, int64_t grup_id, const char *nik, json_t *errors);
/* Removes a member (audited "grup.anggota_hapus"; told likewise).
 * GRUP_NOT_MEMBER when they were not one, GRUP_NOT_FOUND for an unknown
 * group. */
enum grup_rc grup_member_remove(struct db *db, int64_t staf_id, int64_t grup_id, int64_t pemohon_id);
/* Group id -> name for officers' lists (id 0: "Pemohon Pribadi"). Arena-
 * free: into out. */
void grup_name(struct db *db, int64_t grup_id, char *out, size_t outsz);

#endif
