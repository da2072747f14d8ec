// SPDX-License-Identifier: MIT
// The officers' side of applications: work queues, the hold, and the moves of the transition table.
#ifndef LOKET_WORKFLOW_H
#define LOKET_WORKFLOW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/application.h"
#include "store/db.h"

/*
 * Work queues. An application is in at most one (pengajuan.antrean):
 *   verifikasi  DIKIRIM, waiting for a verifier
 *   proses      DISETUJUI, or DIPROSES without the finished documents a
 *               signed-output service needs
 *   tte         DIPROSES with finished documents, waiting for the signer
 *   serah       TERBIT_TTE: signed, to be handed over (SELESAI)
 */
enum wf_queue { Q_VERIFIKASI, Q_PROSES, Q_TTE, Q_SERAH, Q__MAX };
extern const char *const wf_queue_names[Q__MAX];   /* "verifikasi", ... */
extern const char *const wf_queue_labels[Q__MAX];  /* "Antrean Verifikasi", ... */
/* Q__MAX when s is not a queue name. */
enum wf_queue wf_queue_from(const char *s);
/* The role bits (1 << ROLE_x) whose officers work queue q. */
int wf_queue_roles(enum wf_queue q);
/* 1 when an officer with roles may make move m in some status (the admin
 * may make every officer move). The web layer answers 403 otherwise. */
int wf_may(enum app_move m, int roles);

/* The officer making a request. */
struct wf_actor {
	int64_t id;
	int roles;           /* 1 << ROLE_x bits */
	const char *ip;      /* for the audit log; may be NULL */
};

/* 1 when the officer may see applications of service layanan_id (no
 * service limit, or the service is among theirs). */
int wf_serves(struct db *db, int64_t staf_id, int64_t layanan_id);

/* ---- queues and dashboard --------------------------------------------- */

#define WF_SEARCH_MAX 100
#define WF_TOTAL_CAP 10000   /* queue totals are counted up to here */
#define WF_TOTAL_CAP_SQL "10001"  /* the same + 1, for a LIMIT in SQL text */

enum wf_sort { SORT_LAMA, SORT_BARU, SORT_TENGGAT, SORT__MAX };
extern const char *const wf_sort_names[SORT__MAX];  /* "lama", "baru", "tenggat" */

struct wf_filter {
	enum wf_queue queue;   /* Q__MAX: every status (see status) */
	const char *status;    /* with Q__MAX: one status name, or NULL/"" for all but DRAFT */
	int64_t layanan_id;    /* 0: all (always within the officer's services) */
	const char *q;         /* exact code, exact 16-digit NIK, or name prefix */
	enum wf_sort sort;
	int terlambat;         /* only those past their standard time */
	int by_grup;           /* 0: every mode; 1: only the mode grup_id */
	int64_t grup_id;       /* with by_grup: 0 Pemohon Pribadi, else that Grup Pemohon */
};

/*
 * Sets f's Grup Pemohon filter from a query value: NULL or "" every mode,
 * "0" Pemohon Pribadi only, a group's id that group only. -1 (f unchanged)
 * when s is none of these: not a number, or no such group.
 */
int wf_grup_filter(struct db *db, const char *s, struct wf_filter *f);
/* Every Grup Pemohon for the queue's filter, by name: [{id, nama, aktif}]
 * (inactive groups too: their applications stay). Caller owns; NULL on a
 * storage error. */
json_t *wf_grup_options(struct db *db);

/*
 * One page of applications for the officer, within their services:
 * [{kode, layanan, layanan_kode, nik (masked), nama, status, status_label,
 * antrean, dikirim_at, tenggat_at (0 = none), terlambat (bool),
 * ditangani_oleh (name or null), ditangani_id, chat_belum_dibaca, grup
 * ({id, nama} of the Grup Pemohon it was made for, or null: personal mode)}].
 * *total counts matches up to WF_TOTAL_CAP + 1. Caller owns it; NULL on
 * a database error.
 */
json_t *wf_queue_page(struct db *db, const struct wf_actor *a, const struct wf_filter *f, long page,
		      long page_size, long *total);

/*
 * The dashboard, within the officer's services: {per_status: [{status,
 * label, jumlah}], per_layanan: [{layanan_id, kode, nama, jumlah,
 * per_status: {STATUS: n}}], antrean: {verifikasi: n, proses: n, tte: n,
 * serah: n}, hari_ini: n (sent today, WIB), terlambat: n (the queue sizes,
 * hari_ini and terlambat are counted up to WF_TOTAL_CAP + 1), terlambat_list:
 * first 20 overdue [{kode, layanan, status_label, langkah, tenggat_at}]}.
 */
json_t *wf_dashboard(struct db *db, const struct wf_actor *a, time_t now);

/* ---- one application --------------------------------------------------- */

/*
 * app_detail() plus what officers need: nik (in full), peringatan (NIK
 * warnings), antrean (or null), antrean_label, ditangani {id, nama, at,
 * saya} or null, chat_belum_dibaca (the applicant's messages no officer
 * has read yet), langkah [{kode, nama, baku_menit, oleh_penandatangan,
 * selesai, dicatat: [{catatan, staf, waktu, durasi, terlambat}]}],
 * dokumen_jadi [{id, nama, nama_asli, ukuran, created_at}], perubahan
 * (what changed since the last return: [{bagian: "data"|"isian"|"dokumen",
 * label, jenis (isian only: the field type), lama, baru}]; [] when none), cara_selesai, tte_wajib (the service has a
 * signed output), dokumen_jadi_jenis [{kode, nama}], boleh {ambil,
 * setujui, kembalikan, batalkan, langkah, pilihan, dokumen_jadi, selesai,
 * chat} for this officer, cara_pilihan [{kode, label}], diajukan_oleh
 * {nama, nik (masked)} (the account that made it: in group mode a member
 * acting for the resident), mode {grup_id (0: Pemohon Pribadi), nama,
 * jenis, jenis_label (null in personal mode)}. Writes the audit
 * row "pengajuan.lihat" (officers who view personal data are logged); no
 * row, no data: NULL then too. NULL when unknown or outside the officer's
 * services. *id receives the id.
 */
json_t *wf_detail(struct db *db, const struct wf_actor *a, const char *kode, int64_t *id);
/* wf_detail() as the answer to the officer's own successful move: the
 * move's audit row already records the action, so no "pengajuan.lihat"
 * row is added. */
json_t *wf_detail_after_move(struct db *db, const struct wf_actor *a, const char *kode);

/* Id of application kode when the officer may see it (not a draft, one of
 * their services); 0 otherwise. */
int64_t wf_app_id(struct db *db, const struct wf_actor *a, const char *kode);

/* ---- moves ------------------------------------------------------------- */

/* What a refused move leaves behind: errors (caller-created object) for
 * APP_INVALID, why (a sentence for the officer) for APP_STATE. */
struct wf_out {
	json_t *errors;
	char why[256];
};

#define WF_NOTE_MAX 1000

/*
 * Every move returns APP_OK, APP_INVALID (out->errors), APP_NOT_FOUND
 * (unknown or outside the officer's services), APP_STATE (the status does
 * not allow it, or another officer holds it: out->why; nothing changed) or
 * APP_ERR. The caller has checked wf_may() for the role. A move by an
 * officer when nobody holds the application takes it for them; a move
 * while another officer holds it is APP_STATE. Every successful move
 * writes a timeline entry, notifies the applicant (WhatsApp and e-mail)
 * and writes an audit row, in one transaction.
 */

/* Takes the application ("sedang ditangani oleh X"); with force, takes it
 * over from another officer (audited). */
enum app_rc wf_take(struct db *db, const struct wf_actor *a, const char *kode, int force, struct wf_out *out);
/* Lets go of it (only the holder, or an admin). */
enum app_rc wf_release(struct db *db, const struct wf_actor *a, const char *kode, struct wf_out *out);
/* DIKIRIM -> DISETUJUI; catatan optional. */
enum app_rc wf_approve(struct db *db, const struct wf_actor *a, const char *kode, const char *catatan,
		       struct wf_out *out);
/* DIKIRIM -> DIKEMBALIKAN; catatan (what to fix) required. Keeps a copy
 * of the application for the "what changed" view. */
enum app_rc wf_return(struct db *db, const struct wf_actor *a, const char *kode, const char *catatan,
		      struct wf_out *out);
/* DIKIRIM or DISETUJUI -> DIBATALKAN; alasan required. */
enum app_rc wf_cancel(struct db *db, const struct wf_actor *a, const char *kode, const char *alasan,
		      struct wf_out *out);
/* Records process step langkah (a step kode of the application's
 * definition) with catatan: DISETUJUI or DIPROSES -> DIPROSES. */
enum app_rc wf_step(struct db *db, const struct wf_actor *a, const char *kode, const char *langkah,
		    const char *catatan, struct wf_out *out);
/* Sets the finished-document choice (app_delivery_names) while the
 * applicant left it on "otomatis"; DISETUJUI or DIPROSES. */
enum app_rc wf_set_delivery(struct db *db, const struct wf_actor *a, const char *kode, const char *pilihan,
			    struct wf_out *out);
/* Attaches a finished document (a PDF of at most g_cfg.upload_max bytes)
 * of type jenis (a dokumen_jadi kode of the definition) while DISETUJUI or
 * DIPROSES; the service must have a signed output. Stored under
 * files_dir/jadi/. errors.file / errors.jenis on APP_INVALID. */
enum app_rc wf_attach(struct db *db, const struct wf_actor *a, const char *kode, const char *jenis,
		      const void *data, size_t len, const char *filename, const char *files_dir,
		      struct wf_out *out, int64_t *id);
/* Removes a finished document again while not yet signed. */
enum app_rc wf_detach(struct db *db, const struct wf_actor *a, const char *kode, int64_t id,
		      const char *files_dir, struct wf_out *out);

enum wf_cara { CARA_DIAMBIL, CARA_DIANTAR, CARA_CETAK_MANDIRI, CARA_TANPA_DOKUMEN, CARA__MAX };
extern const char *const wf_cara_names[CARA__MAX];   /* diambil, diantar, cetak_mandiri, tanpa_dokumen */
extern const char *const wf_cara_labels[CARA__MAX];
/* DIPROSES (service without a signed output) or TERBIT_TTE -> SELESAI,
 * recording how the document left the office. cetak_mandiri needs a
 * signed document; tanpa_dokumen only for a service without outputs. */
enum app_rc wf_finish(struct db *db, const struct wf_actor *a, const char *kode, const char *cara,
		      const char *catatan, struct wf_out *out);

/* ---- the signing move (used by tte.c) --------------------------------------- */

/* May officer a sign application kode now: MOVE_TERBIT_TTE allowed from
 * its status for their role, in the signing queue, not held by another
 * officer. APP_OK with *id; APP_NOT_FOUND; APP_STATE with out->why.
 * Changes nothing. */
enum app_rc wf_sign_check(struct db *db, const struct wf_actor *a, const char *kode, int64_t *id,
			  struct wf_out *out);
/* The signing move, in one transaction: DIPROSES -> TERBIT_TTE (queue
 * serah, no hold), the step tte-kepala-dinas (when the definition has it),
 * the roll-up, a timeline row, the applicant's notice (the application's
 * link and the line `extra`), the audit row "pengajuan.tte" and then(db,
 * application id, arg) (0 or -1) for the caller's own writes. The same
 * checks as wf_sign_check run again inside. */
enum app_rc wf_sign_commit(struct db *db, const struct wf_actor *a, const char *kode, const char *extra,
			   int (*then)(struct db *db, int64_t app_id, const void *arg), const void *arg,
			   struct wf_out *out);

/* Path of finished document id of application kode for the officer
 * (files_dir/jadi/...), with its original name; 0 or -1 (unknown or
 * outside their services). */
int wf_attachment_file(struct db *db, const struct wf_actor *a, const char *kode, int64_t id,
		       const char *files_dir, char *path, size_t pathsz, char *name, size_t namesz);
/* May the officer see supporting document dokumen_id (it belongs to an
 * application of a service they serve)? 1 or 0. */
int wf_may_see_document(struct db *db, const struct wf_actor *a, int64_t dokumen_id);

#endif
