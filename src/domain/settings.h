// SPDX-License-Identifier: MIT
// Office settings edited by the admin (pengaturan), falling back to loket.ini.
#ifndef LOKET_SETTINGS_H
#define LOKET_SETTINGS_H

#include <jansson.h>
#include <stdint.h>

#include "lib/image.h"
#include "store/db.h"

/* The keys of table pengaturan. The notification keys are named as in
 * loket.ini ([notify]); a key without a row takes loket.ini's value. */
enum setting_key {
	SET_NAMA_KANTOR,        /* office name (loket.ini office_name) */
	SET_FOOTER,             /* footer text, several lines (none in loket.ini) */
	SET_JAM_LAYANAN,        /* working hours text, several lines */
	SET_LOGO,               /* stored logo file name under files_dir/pengaturan/ */
	SET_WA_TRANSPORT,       /* log | whatsapp | none */
	SET_WA_FORMAT,          /* fonnte | cloud */
	SET_WA_URL,
	SET_WA_TOKEN,           /* secret */
	SET_EMAIL_TRANSPORT,    /* log | smtp | none */
	SET_SMTP_URL,
	SET_SMTP_USER,
	SET_SMTP_PASSWORD,      /* secret */
	SET_SMTP_FROM,
	SET_WAJIB_2FA,          /* "1": every officer must use two-factor login; "0" (default): admin and penandatangan only */
	SET__MAX
};

extern const char *const settings_keys[SET__MAX];

#define SETTINGS_NAMA_MAX 150
#define SETTINGS_TEXT_MAX 1000      /* footer, working hours (characters) */
#define SETTINGS_TEXT_LINES 12
#define SETTINGS_LINE_MAX 500       /* URLs, tokens, addresses */
#define SETTINGS_LOGO_MAX_BYTES ((size_t)2 * 1024 * 1024)
#define SETTINGS_LOGO_SIDE 512

/*
 * The settings in force: every value is set (a row of pengaturan, else
 * loket.ini, else ""). A snapshot is never freed while the process runs,
 * so the pointer and its strings stay valid for the caller.
 */
struct settings {
	char *v[SET__MAX];
	unsigned saved;                 /* bit 1 << key: the value comes from a row */
	char logo_url[64];              /* "/logo?v=..." or "" without a logo */
};

/* The current snapshot: re-read when the 'pengaturan' counter in sequences
 * moved (another process or thread saved), checked at most once a second. */
const struct settings *settings_get(struct db *db);
/* The value loket.ini (or LOKET_* env) gives a key, "" when none. */
const char *settings_ini(enum setting_key k);
/* 1 for the keys whose value is never shown again (tokens, passwords). */
int settings_secret(enum setting_key k);
/* 1 when the yes/no setting k ("0" or "1") is on. */
int settings_on(const struct settings *s, enum setting_key k);

/* Overrides the members of a page context's "app" object (office, footer,
 * jam_layanan, logo) with the settings in force. Cheap: reads a snapshot
 * refreshed within a second of a change. Adds footer_baris and
 * jam_layanan_baris (the texts as arrays of lines). */
void settings_ctx(struct db *db, json_t *app);

/*
 * What the admin posted. v[k] NULL leaves k as it is. For a secret an
 * empty value also keeps the saved one and clear[k] removes it; for the
 * logo, clear[SET_LOGO] removes it and logo (non-NULL: an image already
 * checked and re-encoded by image_ingest) replaces it.
 */
struct settings_form {
	const char *v[SET__MAX];
	int clear[SET__MAX];
	const struct image_out *logo;
};

enum settings_rc { SETTINGS_OK, SETTINGS_INVALID, SETTINGS_ERR, SETTINGS__MAX };

/*
 * Checks the form (messages under the key names in errors), writes the
 * logo file under files_dir/pengaturan/, stores the changed keys (a value
 * equal to loket.ini's drops the row, so loket.ini governs it again),
 * bumps the counter and audits pengaturan.ubah with the names of the
 * changed keys (never their values), in one transaction. Nothing is stored
 * unless SETTINGS_OK. *changed (may be NULL) receives how many keys changed.
 */
enum settings_rc settings_save(struct db *db, int64_t actor, const struct settings_form *f,
			       const char *files_dir, json_t *errors, int *changed);

/*
 * Queues a test message to tujuan (a WhatsApp number 08.../628... or an
 * e-mail address) through the outbox and audits pengaturan.pesan_uji.
 * SETTINGS_INVALID with errors.tujuan; on OK shown (>= 32 bytes) receives
 * the masked recipient and *channel the notify channel.
 */
enum settings_rc settings_test_message(struct db *db, int64_t actor, const char *tujuan, json_t *errors,
				       char *shown, size_t shownsz, int *channel);

/* The path of the stored logo file (caller frees) and its MIME type, or
 * NULL when no logo is set or the name is not one we write. */
char *settings_logo_path(const struct settings *s, const char *files_dir, const char **mime);

#endif
