// SPDX-License-Identifier: MIT
// Signed documents (TTE): signing, the one-time download, re-issue, revocation and public verification.
#ifndef LOKET_TTE_H
#define LOKET_TTE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/workflow.h"
#include "store/db.h"

enum tte_rc {
	TTE_OK,
	TTE_INVALID,         /* see out->errors */
	TTE_NOT_FOUND,       /* unknown, someone else's, or outside the officer's services */
	TTE_STATE,           /* not allowed now: out->why (nothing changed) */
	TTE_BAD_PASSPHRASE,  /* wrong passphrase: nothing signed */
	TTE_LOCKED,          /* too many wrong passphrases: try later */
	TTE_SIGNER_DOWN,     /* the signer (BSrE) cannot be reached or refused */
	TTE_ERR,
	TTE__MAX
};

/*
 * The penandatangan signs every finished document of application kode
 * (DIPROSES, in the signing queue) with passphrase: for each, a
 * verification code, the visible stamp (QR code to
 * base_url/verifikasi/CODE, "ditandatangani secara elektronik menggunakan
 * sertifikat elektronik", signer's name and position, date), the PAdES
 * signature from the configured signer (local: the PKCS#12 in tte_dir
 * unlocked by passphrase; bsre: the BSrE API), the signed file under
 * files_dir/ttd/ with its SHA-256, and a download window of
 * tte_download_days. Then, in one transaction: TERBIT_TTE (queue serah),
 * the step tte-kepala-dinas, a timeline row, the applicant's notice with
 * the link, an audit row. A wrong passphrase signs nothing and counts
 * against the signer (throttled like logins). Files written for a failed
 * attempt are removed.
 */
enum tte_rc tte_sign(struct db *db, const struct wf_actor *a, const char *kode, const char *passphrase,
		     struct wf_out *out);

/* The signed documents of application kode in mode m: [{id,
 * nama, status: "tersedia" | "diunduh" | "kedaluwarsa" | "dicabut",
 * status_label, ditandatangani_at, unduh_sampai, diunduh_at,
 * kode_verifikasi}], [] before signing; NULL when not in the mode. m
 * NULL: for an officer whose right to see the application (wf_app_id) the
 * caller has checked. */
json_t *tte_documents(struct db *db, const struct pemohon_mode *m, const char *kode);

/* Opens the one download of signed document id of application kode in
 * mode m (a group's document is downloaded once, by any member): TTE_OK with path and the file name to send;
 * TTE_STATE with why (already downloaded — when —, expired, revoked);
 * TTE_NOT_FOUND. Marks nothing: see tte_download_done. */
enum tte_rc tte_download_begin(struct db *db, const struct pemohon_mode *m, const char *kode, int64_t id, char *path,
			       size_t pathsz, char *name, size_t namesz, char *why, size_t whysz);
/* The whole file was handed over: records the download (once). 0 or -1. */
int tte_download_done(struct db *db, int64_t id);

/* An officer re-issues the signed documents of application kode: a new
 * download window for every one not revoked; alasan (required) goes to
 * the audit log and the timeline; the applicant is notified. */
enum tte_rc tte_reissue(struct db *db, const struct wf_actor *a, const char *kode, const char *alasan,
			struct wf_out *out);
/* An officer revokes signed document id with alasan (required):
 * verification then says "dicabut". Audited; the applicant is notified. */
enum tte_rc tte_revoke(struct db *db, const struct wf_actor *a, int64_t id, const char *alasan, struct wf_out *out);

/* Public verification by code: {asli: true, status: "aktif" | "dicabut",
 * status_label, jenis (document type), nomor (application code),
 * ditandatangani_at, penandatangan, jabatan, nama (holder, masked),
 * dicabut_at, alasan_cabut}; NULL for an unknown code (the page then says
 * it is not a document of ours). */
json_t *tte_verify_code(struct db *db, const char *code);

/* tte_verify_code() of signed document id (an officer's answer after
 * revoking it, plus its id); NULL when it is not signed. */
json_t *tte_verify_code_of(struct db *db, int64_t id);

/* Public verification of an uploaded file: {dikenal: the SHA-256 is one
 * of our signed files, tanda_tangan: "valid" | "tidak_ada" | "rusak" |
 * "tidak_dipercaya" | "diubah", plus the tte_verify_code object as
 * "dokumen" when dikenal}. */
json_t *tte_verify_file(struct db *db, const void *pdf, size_t len);

/* 1 when code has the shape of a verification code (checked before any
 * lookup). */
int tte_code_ok(const char *code);

/* Who may re-issue (admin, operator) and revoke (admin, penandatangan):
 * role bits (1 << ROLE_x). Pages and the API ask these, so both agree. */
int tte_may_reissue(int roles);
int tte_may_revoke(int roles);

/* A holder's name for the public: each word keeps its first character,
 * the rest are asterisks ("Siti Aminah" -> "S*** A*****"). */
void tte_name_mask(const char *name, char *out, size_t outsz);

#endif
