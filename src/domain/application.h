// SPDX-License-Identifier: MIT
// Applications (pengajuan): the status model, codes, field rules and the applicant's moves.
#ifndef LOKET_APPLICATION_H
#define LOKET_APPLICATION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "domain/catalog.h"
#include "domain/grup.h"
#include "domain/staff.h"
#include "store/db.h"

/* ---- status model ------------------------------------------------------ */

enum app_status {
	APP_DRAFT,
	APP_DIKIRIM,
	APP_DIKEMBALIKAN,
	APP_DISETUJUI,
	APP_DIBATALKAN,
	APP_DIPROSES,
	APP_TERBIT_TTE,
	APP_SELESAI,
	APP__MAX
};
extern const char *const app_status_names[APP__MAX];  /* stored: "DRAFT" */
extern const char *const app_status_labels[APP__MAX]; /* shown: "Pengajuan Draft" */
/* APP__MAX when s is not a status name. */
enum app_status app_status_from(const char *s);
/* The one place a status gets its words: the service definition's own
 * label (def["label_status"][NAME], catalog/README.md) when it names one,
 * else app_status_labels[s]; "" for APP__MAX. def may be NULL. Borrowed
 * from def or static. Callers pass the definition in force (svc->def), so
 * every page, notice and answer uses the same words. */
const char *app_status_label(const json_t *def, enum app_status s);

/* Who may make a move: staff roles are the bits 1 << ROLE_x of staff.h;
 * the applicant is the bit above them. */
#define ACTOR_PEMOHON (1u << ROLE__MAX)
#define ACTOR_STAF(role) (1u << (role))

enum app_move {
	MOVE_KIRIM,        /* applicant sends (again) */
	MOVE_KEMBALIKAN,   /* verifier returns it for correction */
	MOVE_SETUJUI,      /* verifier approves */
	MOVE_BATALKAN,     /* verifier cancels */
	MOVE_PROSES,       /* operator records a process step */
	MOVE_TERBIT_TTE,   /* signer signs the finished document */
	MOVE_SELESAI,      /* operator finishes */
	MOVE__MAX
};
extern const char *const app_move_names[MOVE__MAX];

struct app_transition {
	enum app_move move;
	enum app_status from, to;
	unsigned actors;   /* ACTOR_* mask allowed to make it */
};

/* The one transition table of the domain. */
extern const struct app_transition app_transitions[];
extern const size_t app_transitions_count;

/* The status move m leads to from `from` when made by someone holding any
 * of the actor bits; APP__MAX when the table does not allow it. The admin
 * role may make every staff move. */
enum app_status app_next(enum app_move m, enum app_status from, unsigned actors);
/* 1 while the applicant may edit: DRAFT or DIKEMBALIKAN. */
int app_editable(enum app_status s);

/* ---- codes and fields -------------------------------------------------- */

#define APP_CODE_MAX 32

/* 1 when s can be an application code: 4 to APP_CODE_MAX - 1 capitals and
 * digits (codes in URLs are checked before any lookup). */
int app_code_ok(const char *s);
/* prefix + regency digits ("33.26" -> "3326") + seq zero-padded to 4
 * digits: AKL33268296. 0, or -1 when it does not fit. */
int app_code(char *out, size_t outsz, const char *prefix, const char *regency, int64_t seq);

/*
 * Checks the service's own fields (def["isian"]) in `in`, an object of
 * kode -> string (other members are ignored), at instant now. Fills out
 * with the normalised values of the fields given and errors with
 * "isian.KODE" -> message. With for_send, a missing required field is an
 * error; without, too (the form asks for them) — the flag only changes the
 * wording. Returns the number of errors.
 */
int app_check_isian(const json_t *def, const json_t *in, time_t now, json_t *out, json_t *errors);

/* ---- the applicant's moves --------------------------------------------- */

enum app_rc {
	APP_OK,
	APP_INVALID,      /* see errors */
	APP_NOT_FOUND,    /* unknown, or someone else's: the same answer */
	APP_UNAVAILABLE,  /* the service takes no new application now: see reason */
	APP_STATE,        /* not allowed in the current status */
	APP_ERR,
	APP_RC__MAX
};

/* The common fields and the service's own. In personal mode no_kk, no_hp,
 * email and kode_desa are the applicant's own and the given ones are
 * ignored (Tabel 2); in group mode they are the resident's, required and
 * checked, the village within the group's scope. */
struct app_input {
	const char *nik, *nama, *no_kk, *no_hp, *email, *kode_desa, *detail;
	const json_t *isian;   /* kode -> string; NULL = none */
};

/* Creates a DRAFT in mode m (recording the mode, its group and the member
 * acting): checks availability in that mode (reason filled on
 * APP_UNAVAILABLE), the fields (errors), then gives it a code. */
enum app_rc app_create(struct db *db, const struct pemohon_mode *m, const struct cat_service *svc,
		       const struct app_input *in, json_t *errors, char *reason, size_t reasonsz,
		       char kode[APP_CODE_MAX]);
/* Edits a DRAFT or DIKEMBALIKAN application under its own definition. */
enum app_rc app_update(struct db *db, const struct pemohon_mode *m, const char *kode, const struct app_input *in,
		       json_t *errors);
/* Deletes a DRAFT (its documents stay in the applicant's library). */
enum app_rc app_delete(struct db *db, const struct pemohon_mode *m, const char *kode);

enum app_delivery { DELIV_OTOMATIS, DELIV_CETAK_MANDIRI, DELIV_AMBIL_KANTOR, DELIV_DIANTAR, DELIV__MAX };
extern const char *const app_delivery_names[DELIV__MAX];  /* otomatis, cetak_mandiri, ... */
extern const char *const app_delivery_labels[DELIV__MAX];
/* 1 when the service hands over a finished document, downloadable or not
 * (a KTP-el card is one): 0 when the definition says "tanpa_dokumen_jadi"
 * and lists no "dokumen_jadi" (catalog/README.md). "dokumen_jadi" lists
 * only downloadable documents, so an empty list alone does not decide it;
 * a listed one wins over the flag (the editor has no switch for it). Only
 * with an output is there a Pilihan Dokumen Jadi to make. */
int app_has_output(const json_t *def);

/* Sends: consent, delivery choice, every required field and document. On
 * APP_INVALID errors lists what is missing ("dokumen.KODE", "isian.KODE",
 * "setuju", "pilihan_dokumen_jadi"). A service without a finished document
 * (!app_has_output) asks no delivery choice: pilihan is ignored and
 * 'otomatis' stored. Notifies the resident and, in group mode, the member
 * (app_notify). The timeline names the account that sent (the pemohon's
 * own name), not the application's subject. */
enum app_rc app_send(struct db *db, const struct pemohon_mode *m, const char *kode, const char *pilihan,
		     int setuju, json_t *errors);

/* ---- reading ----------------------------------------------------------- */

/* The application as the detail page and the API show it, when it lies in
 * mode m (grup_mode_owns; NULL: any, for staff): kode, status, status_label, layanan
 * {kode, nama, prefix}, labels, common fields, isian [{kode, label, jenis,
 * nilai}] (a date as ISO "YYYY-MM-DD"), detail, pilihan_dokumen_jadi(+_label; both null
 * when the service has no finished document), ada_pilihan_dokumen_jadi, dapat_diedit,
 * dapat_dihapus, dapat_dikirim, dokumen [{kode, nama, wajib, keterangan,
 * contoh, file:[{id, dokumen_id, nama, tanggal (ISO), lembar, keterangan, mime}]}],
 * riwayat [{status, status_label, aktor, aktor_nama (the account that acted;
 * "Petugas Dinas" for an officer when m is set), waktu, catatan}], chat_belum_dibaca,
 * diajukan_oleh {nama, nik (masked)} of the account that made it, mode
 * {grup_id, nama ("Pemohon Pribadi" or the group's), jenis, jenis_label},
 * created_at, updated_at, dikirim_at. *id receives its id. NULL when not
 * found. Caller owns it. */
json_t *app_detail(struct db *db, const struct pemohon_mode *m, const char *kode, int64_t *id);

/* The raw values the edit form starts from: nik, nama, no_kk, no_hp,
 * email, kode_desa, detail, isian {kode: value}; NULL when not found. */
json_t *app_values(struct db *db, const struct pemohon_mode *m, const char *kode);

struct app_filter {
	int64_t layanan_id;    /* 0: all */
	const char *status;    /* "" or NULL: all */
	const char *kode, *nik, *nama;
};
/* One page of the applications of mode m, newest first: [{kode, layanan,
 * layanan_kode, nik (masked), nama, status, status_label, created_at,
 * chat_belum_dibaca}]. *total: rows matching. Caller owns it. */
json_t *app_list(struct db *db, const struct pemohon_mode *m, const struct app_filter *f, long page, long page_size,
		 long *total);

/* Id of an application by code when it lies in mode m (NULL: any); 0 when
 * unknown or outside the mode (the same answer). */
int64_t app_id_of(struct db *db, const char *kode, const struct pemohon_mode *m);

/* Queues a status notice about application app_id (inside the caller's
 * transaction) to the resident it names, on the number and address the
 * application holds, and, when a group member made it, to that member's own
 * number and address too. 0 or -1. */
int app_notify(struct db *db, int64_t app_id, const char *subject, const char *body);

/* Standard time in seconds of step i of definition def (0 when there is
 * no such step). */
int64_t app_step_seconds(const json_t *def, size_t i);

/* Appends a history entry (inside the caller's transaction). */
int app_history(struct db *db, int64_t app_id, enum app_status s, const char *aktor, int64_t aktor_id,
		const char *aktor_nama, const char *catatan);

#endif
