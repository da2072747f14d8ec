// SPDX-License-Identifier: MIT
// Applicant accounts: registration, verification, activation, login, self-service.
#ifndef LOKET_ACCOUNT_H
#define LOKET_ACCOUNT_H

#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/*
 * Every function that validates input fills `errors`, a JSON object mapping
 * the field name (as in the web form and the API) to an Indonesian message,
 * and changes nothing in storage when it returns ACCT_INVALID.
 */
enum acct_rc {
	ACCT_OK,
	ACCT_INVALID,      /* see errors */
	ACCT_NOT_FOUND,    /* unknown, or data that do not match: same answer */
	ACCT_PENDING,      /* login: account waits for verification/activation */
	ACCT_REJECTED,     /* login: account was not approved */
	ACCT_BAD_LOGIN,    /* wrong NIK or password */
	ACCT_LOCKED,       /* too many failures or requests: try later (see *retry) */
	ACCT_NEED_CODE,    /* login: the right password, but the account is under
			      attack: the code sent to the owner is needed too */
	ACCT_CODE_BAD,     /* login: that code is wrong or no longer valid */
	ACCT_TOKEN_BAD,    /* link unknown, used or expired */
	ACCT_STATE,        /* the record is not in a state that allows this */
	ACCT_ERR,          /* storage failure */
	ACCT__MAX
};

enum acct_status { ST_MENUNGGU, ST_DISETUJUI, ST_DITOLAK, ST_AKTIF, ST__MAX };
extern const char *const acct_status_names[ST__MAX];   /* stored values */
extern const char *const acct_status_labels[ST__MAX];  /* shown to people */
enum acct_status acct_status_from(const char *s);

/* Registration form/API fields (NULL treated as ""). tanggal_lahir accepts
 * DD-MM-YYYY or YYYY-MM-DD. */
struct reg_input {
	const char *nik, *nama, *no_kk, *tempat_lahir, *tanggal_lahir, *nama_ibu;
	const char *kode_desa, *no_hp, *email, *password, *password2;
};

/*
 * The public forms (registration, status check, forgotten password) are
 * limited per client address ip and per NIK (public_max_ip, public_max_nik
 * within public_window, each form on its own): beyond, ACCT_LOCKED with
 * *retry the seconds to wait. Only well-formed requests count, and the
 * limit answers the same whether or not the NIK has an account.
 */

/* Registers (or re-registers a rejected NIK). A NIK that already has an
 * account gets the same ACCT_OK, and nothing changes but two notices: the
 * contacts typed are told the NIK already has an account and how to
 * recover it, the account's owner that someone tried to register it. */
enum acct_rc acct_register(struct db *db, const struct reg_input *in, const char *ip, json_t *errors,
			   long *retry);

/* Registration stage by NIK + the registered phone number (both must
 * match; an unknown NIK and a wrong pair are the same ACCT_NOT_FOUND). On
 * ACCT_OK, *status; the reason of a rejection is never given here. */
enum acct_rc acct_status(struct db *db, const char *nik, const char *no_hp, const char *ip, json_t *errors,
			 enum acct_status *status, long *retry);

/* Officer verification. Approve sends the activation link, reject sends
 * the reason; both write the audit log. ACCT_STATE when not pending.
 * Activation links count towards send_max_hour (ACCT_LOCKED, *retry). */
enum acct_rc acct_approve(struct db *db, int64_t staf_id, int64_t pemohon_id, long *retry);
enum acct_rc acct_reject(struct db *db, int64_t staf_id, int64_t pemohon_id, const char *alasan,
			 json_t *errors);

/* Sends a fresh activation link to an approved account whose link expired,
 * was lost or burnt by wrong answers (earlier links die). ACCT_STATE when
 * the account is not in status disetujui; ACCT_LOCKED with *retry beyond
 * send_max_hour links an hour. */
enum acct_rc acct_resend_activation(struct db *db, int64_t staf_id, int64_t pemohon_id, long *retry);

/* Activation link: ACCT_OK when token is live; *masked_nik gets the NIK
 * masked for display (caller frees). */
enum acct_rc acct_activation_check(struct db *db, const char *token, char **masked_nik);
/* Activates when nama_ibu matches (case and extra spaces ignored). Wrong
 * answers count; after activation_tries the link is burnt (ACCT_LOCKED). */
enum acct_rc acct_activate(struct db *db, const char *token, const char *nama_ibu, json_t *errors);

/* Login by NIK + password through the login guard (domain/throttle.h).
 * ACCT_OK: *id set. ACCT_REJECTED: *id set, *alasan malloc'd. ACCT_PENDING:
 * *status says which. Status is revealed only with the right password.
 * ACCT_LOCKED: wait *retry seconds. When the account saw many failures,
 * the right password alone gives ACCT_NEED_CODE (*id set): a 6-digit code
 * goes to the owner's WhatsApp and e-mail (send_max_hour at most), and the
 * login succeeds with it as kode (ACCT_CODE_BAD when wrong). */
enum acct_rc acct_login(struct db *db, const char *nik, const char *password, const char *kode,
			const char *ip, int64_t *id, enum acct_status *status, char **alasan, long *retry);
/* The second step of a login that got ACCT_NEED_CODE for id: ACCT_OK,
 * ACCT_CODE_BAD, ACCT_LOCKED (*retry), or ACCT_TOKEN_BAD when no code is
 * live any more (log in again for a new one). */
enum acct_rc acct_login_code(struct db *db, int64_t id, const char *kode, const char *ip, long *retry);

/* Name of an active account (malloc'd), or NULL. */
char *acct_active_name(struct db *db, int64_t id);

/* Detail Pemohon as a JSON object (NIK masked, region names, tanggal_lahir
 * ISO "YYYY-MM-DD" as stored: pages show it with web_date); NULL when the
 * account is not active. */
json_t *acct_detail(struct db *db, int64_t id);
/* Fields of a rejected account for the "Daftar Ulang" form (no secrets). */
json_t *acct_reregister_values(struct db *db, int64_t id);

/* Wrong old passwords are throttled like logins (ACCT_LOCKED). Success ends
 * every session of the account, the caller's too. */
enum acct_rc acct_change_password(struct db *db, int64_t id, const char *old, const char *pw,
				  const char *pw2, json_t *errors);

enum contact_kind { CONTACT_HP, CONTACT_EMAIL, CONTACT__MAX };
/* Sends a 6-digit code to the NEW number (WhatsApp) or address (e-mail);
 * at most send_max_hour codes an hour (ACCT_LOCKED beyond, with the
 * message in errors). */
enum acct_rc acct_contact_start(struct db *db, int64_t id, enum contact_kind kind, const char *value,
				json_t *errors);
/* The pending new value awaiting its code (malloc'd, display form), or NULL. */
char *acct_contact_pending(struct db *db, int64_t id, enum contact_kind kind);
/* Confirms with the code: at most code_tries tries within code_ttl. */
enum acct_rc acct_contact_confirm(struct db *db, int64_t id, enum contact_kind kind, const char *code,
				  json_t *errors);

/* Lupa Password: always ACCT_OK for well-formed input, whether or not the
 * data matched; on a match a reset link goes out by WhatsApp and e-mail.
 * Limited as a public form (ACCT_LOCKED, *retry); the per-NIK limit is
 * also the cap of reset links to one account. */
enum acct_rc acct_forgot(struct db *db, const char *nik, const char *nama, const char *no_hp, const char *ip,
			 json_t *errors, long *retry);
enum acct_rc acct_reset_check(struct db *db, const char *token);
/* Sets the new password when no_kk matches; ends every session. */
enum acct_rc acct_reset(struct db *db, const char *token, const char *no_kk, const char *pw,
			const char *pw2, json_t *errors);

/* Registration queue for officers: rows of {id, nik (masked), nama, desa,
 * status, created_at, peringatan}, oldest first. status NULL = all; q is an
 * exact NIK when it parses as one, else a part of the name. *total receives
 * the count for pagination, exact up to ACCT_QUEUE_TOTAL_CAP; above it
 * *total is ACCT_QUEUE_TOTAL_CAP + 1, meaning "more than 10,000" (counting
 * further would cost one step per row). Reads stay flat in the table size,
 * except for a name search, a deep page (OFFSET) and the all-status list. */
#define ACCT_QUEUE_TOTAL_CAP 10000
json_t *acct_queue(struct db *db, const char *status, const char *q, long page, long page_size,
		   long *total);
/* Full record for the verifier (NIK unmasked, warnings, tanggal_lahir ISO
 * "YYYY-MM-DD"). NULL if unknown. */
json_t *acct_review(struct db *db, int64_t id);

#endif
