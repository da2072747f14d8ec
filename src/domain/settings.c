// SPDX-License-Identifier: MIT
// Office settings edited by the admin (pengaturan), falling back to loket.ini.
#include "domain/settings.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/notify.h"
#include "domain/validate.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/fileio.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/waktu.h"
#include "store/snapshot.h"

/* Bumped in every transaction that saves settings. */
#define GEN_SEQUENCE "pengaturan"
#define LOGO_DIR "pengaturan"
#define LOGO_HASH_LEN 16

const char *const settings_keys[SET__MAX] = {
	[SET_NAMA_KANTOR] = "nama_kantor",
	[SET_FOOTER] = "footer",
	[SET_JAM_LAYANAN] = "jam_layanan",
	[SET_LOGO] = "logo",
	[SET_WA_TRANSPORT] = "whatsapp_transport",
	[SET_WA_FORMAT] = "whatsapp_format",
	[SET_WA_URL] = "whatsapp_url",
	[SET_WA_TOKEN] = "whatsapp_token",
	[SET_EMAIL_TRANSPORT] = "email_transport",
	[SET_SMTP_URL] = "smtp_url",
	[SET_SMTP_USER] = "smtp_user",
	[SET_SMTP_PASSWORD] = "smtp_password",
	[SET_SMTP_FROM] = "smtp_from",
	[SET_WAJIB_2FA] = "wajib_2fa",
};

static const char *nz(const char *s)
{
	return s ? s : "";
}

const char *settings_ini(enum setting_key k)
{
	switch (k) {
	case SET_NAMA_KANTOR: return nz(g_cfg.office_name);
	case SET_WA_TRANSPORT: return nz(g_cfg.whatsapp_transport);
	case SET_WA_FORMAT: return nz(g_cfg.whatsapp_format);
	case SET_WA_URL: return nz(g_cfg.whatsapp_url);
	case SET_WA_TOKEN: return nz(g_cfg.whatsapp_token);
	case SET_EMAIL_TRANSPORT: return nz(g_cfg.email_transport);
	case SET_SMTP_URL: return nz(g_cfg.smtp_url);
	case SET_SMTP_USER: return nz(g_cfg.smtp_user);
	case SET_SMTP_PASSWORD: return nz(g_cfg.smtp_password);
	case SET_SMTP_FROM: return nz(g_cfg.smtp_from);
	case SET_WAJIB_2FA: return "0";
	default: return "";
	}
}

int settings_secret(enum setting_key k)
{
	return k == SET_WA_TOKEN || k == SET_SMTP_PASSWORD;
}

int settings_on(const struct settings *s, enum setting_key k)
{
	return !strcmp(s->v[k], "1");
}

static enum setting_key key_from(const char *name)
{
	int k;

	for (k = 0; k < SET__MAX; k++)
		if (name && !strcmp(name, settings_keys[k]))
			return (enum setting_key)k;
	return SET__MAX;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		fatal("out of memory");
	return p;
}

/* "logo-0123456789abcdef.png": the only names settings_save writes. */
static int logo_name_ok(const char *name)
{
	size_t i;

	if (!name || strncmp(name, "logo-", 5))
		return 0;
	for (i = 0; i < LOGO_HASH_LEN; i++)
		if (!isxdigit((unsigned char)name[5 + i]) || isupper((unsigned char)name[5 + i]))
			return 0;
	return !strcmp(name + 5 + LOGO_HASH_LEN, ".png") || !strcmp(name + 5 + LOGO_HASH_LEN, ".jpg");
}

/* ---- snapshot ------------------------------------------------------------ */

static void *build(struct db *db)
{
	struct settings *s = calloc(1, sizeof *s);
	struct db_stmt *st;
	enum db_rc rc = DB_ERR;
	int k;

	if (!s)
		fatal("out of memory");
	st = db_query(db, "SELECT kunci, nilai FROM pengaturan", "");
	while (st && (rc = db_next(st)) == DB_ROW) {
		enum setting_key key = key_from(db_text(st, 0));

		if (key == SET__MAX || s->v[key])
			continue;
		s->v[key] = xstrdup(db_text(st, 1));
		s->saved |= 1u << key;
	}
	db_end(st);
	if (rc != DB_DONE)
		log_error("settings: cannot read pengaturan, using loket.ini");
	for (k = 0; k < SET__MAX; k++)
		if (!s->v[k])
			s->v[k] = xstrdup(settings_ini((enum setting_key)k));
	if (logo_name_ok(s->v[SET_LOGO]))
		snprintf(s->logo_url, sizeof s->logo_url, "/logo?v=%.*s", LOGO_HASH_LEN, s->v[SET_LOGO] + 5);
	return s;
}

/* never freed: a value may be in use until exit */
static struct db_snapshot snapshot = DB_SNAPSHOT_INIT(GEN_SEQUENCE, build, NULL);

const struct settings *settings_get(struct db *db)
{
	return db_snapshot_get(&snapshot, db);
}

/* text as an array of its non-blank lines */
static json_t *lines_of(const char *text)
{
	json_t *a = json_array();
	const char *p = text;

	while (p && *p) {
		size_t n = strcspn(p, "\n"), m = n;

		while (m && isspace((unsigned char)p[m - 1]))
			m--;
		if (m)
			json_array_append_new(a, json_stringn(p, m));
		p += n;
		if (*p)
			p++;
	}
	return a;
}

void settings_ctx(struct db *db, json_t *app)
{
	const struct settings *s;

	if (!app)
		return;
	s = settings_get(db);
	if (*s->v[SET_NAMA_KANTOR])
		json_object_set_new(app, "office", json_string(s->v[SET_NAMA_KANTOR]));
	json_object_set_new(app, "footer", json_string(s->v[SET_FOOTER]));
	json_object_set_new(app, "footer_baris", lines_of(s->v[SET_FOOTER]));
	json_object_set_new(app, "jam_layanan", json_string(s->v[SET_JAM_LAYANAN]));
	json_object_set_new(app, "jam_layanan_baris", lines_of(s->v[SET_JAM_LAYANAN]));
	if (s->logo_url[0])
		json_object_set_new(app, "logo", json_string(s->logo_url));
}

char *settings_logo_path(const struct settings *s, const char *files_dir, const char **mime)
{
	const char *name = s->v[SET_LOGO];
	char *p;

	if (!logo_name_ok(name))
		return NULL;
	if (asprintf(&p, "%s/%s/%s", files_dir, LOGO_DIR, name) < 0)
		return NULL;
	if (mime)
		*mime = strstr(name, ".png") ? "image/png" : "image/jpeg";
	return p;
}

/* ---- saving -------------------------------------------------------------- */

static void set_error(json_t *errors, enum setting_key k, const char *msg)
{
	if (!json_object_get(errors, settings_keys[k]))
		json_object_set_new(errors, settings_keys[k], json_string(msg));
}

static int one_of(const char *v, const char *a, const char *b, const char *c)
{
	return !strcmp(v, a) || !strcmp(v, b) || (c && !strcmp(v, c));
}

static int has_space(const char *s)
{
	for (; *s; s++)
		if (isspace((unsigned char)*s))
			return 1;
	return 0;
}

/* "Name <addr>" or "addr" with a plain address. */
static int from_ok(const char *v)
{
	char addr[EMAIL_MAX + 1];
	const char *lt = strchr(v, '<'), *gt, *p;
	size_t n;

	if (!lt)
		return email_smtp_ok(v);
	gt = strchr(lt, '>');
	if (!gt || gt[1])
		return 0;
	n = (size_t)(gt - lt - 1);
	if (n > EMAIL_MAX)
		return 0;
	memcpy(addr, lt + 1, n);
	addr[n] = '\0';
	for (p = v; p < lt; p++)
		if (*p == '\\' || *p == '>')
			return 0;
	return email_smtp_ok(addr);
}

static int prefix_ci(const char *s, const char *p)
{
	return !strncasecmp(s, p, strlen(p));
}

/* Checks the values the settings would have; messages into errors. */
static void check_values(char *const *v, json_t *errors)
{
	static const enum setting_key lines[] = { SET_WA_URL, SET_WA_TOKEN, SET_SMTP_URL, SET_SMTP_USER,
						   SET_SMTP_PASSWORD, SET_SMTP_FROM };
	size_t i;

	if (!*v[SET_NAMA_KANTOR])
		set_error(errors, SET_NAMA_KANTOR, "Nama kantor wajib diisi.");
	else if (!text_field_ok(v[SET_NAMA_KANTOR], SETTINGS_NAMA_MAX))
		set_error(errors, SET_NAMA_KANTOR, "Nama kantor maksimal 150 karakter dalam satu baris, tanpa karakter khusus.");
	for (i = 0; i < 2; i++) {
		enum setting_key k = i ? SET_JAM_LAYANAN : SET_FOOTER;
		json_t *l = lines_of(v[k]);

		if (!text_block_ok(v[k], SETTINGS_TEXT_MAX) || json_array_size(l) > SETTINGS_TEXT_LINES)
			set_error(errors, k, "Teks maksimal 1000 karakter dan 12 baris, tanpa karakter khusus.");
		json_decref(l);
	}
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (!text_field_ok(v[lines[i]], SETTINGS_LINE_MAX))
			set_error(errors, lines[i], "Isian maksimal 500 karakter dalam satu baris, tanpa karakter khusus.");
	if (!one_of(v[SET_WA_TRANSPORT], "log", "whatsapp", "none"))
		set_error(errors, SET_WA_TRANSPORT, "Pilih cara pengiriman WhatsApp yang tersedia.");
	if (!one_of(v[SET_WA_FORMAT], "fonnte", "cloud", NULL))
		set_error(errors, SET_WA_FORMAT, "Pilih jenis gateway WhatsApp: Fonnte atau Cloud API.");
	if (*v[SET_WA_URL] && ((!prefix_ci(v[SET_WA_URL], "https://") && !prefix_ci(v[SET_WA_URL], "http://")) ||
			       has_space(v[SET_WA_URL]) || strlen(v[SET_WA_URL]) < 10))
		set_error(errors, SET_WA_URL, "Alamat gateway harus diawali https:// (atau http://) tanpa spasi.");
	if (!strcmp(v[SET_WA_TRANSPORT], "whatsapp") && !*v[SET_WA_URL])
		set_error(errors, SET_WA_URL, "Alamat gateway WhatsApp wajib diisi bila pengiriman memakai gateway.");
	if (!one_of(v[SET_EMAIL_TRANSPORT], "log", "smtp", "none"))
		set_error(errors, SET_EMAIL_TRANSPORT, "Pilih cara pengiriman email yang tersedia.");
	if (*v[SET_SMTP_URL] && ((!prefix_ci(v[SET_SMTP_URL], "smtp://") && !prefix_ci(v[SET_SMTP_URL], "smtps://")) ||
				 has_space(v[SET_SMTP_URL]) || strlen(v[SET_SMTP_URL]) < 9))
		set_error(errors, SET_SMTP_URL, "Alamat server SMTP harus diawali smtp:// atau smtps://, contoh smtp://mail.example.go.id:587.");
	if (!strcmp(v[SET_EMAIL_TRANSPORT], "smtp") && !*v[SET_SMTP_URL])
		set_error(errors, SET_SMTP_URL, "Alamat server SMTP wajib diisi bila pengiriman memakai SMTP.");
	if (*v[SET_SMTP_FROM] && !from_ok(v[SET_SMTP_FROM]))
		set_error(errors, SET_SMTP_FROM, "Pengirim harus berupa alamat email, atau Nama <alamat@email>.");
	if (!strcmp(v[SET_EMAIL_TRANSPORT], "smtp") && !*v[SET_SMTP_FROM])
		set_error(errors, SET_SMTP_FROM, "Alamat pengirim wajib diisi bila pengiriman memakai SMTP.");
	if (!one_of(v[SET_WAJIB_2FA], "0", "1", NULL))
		set_error(errors, SET_WAJIB_2FA, "Pilih apakah verifikasi dua langkah wajib untuk semua petugas.");
}

/* Copy of a posted text: CR LF and CR become LF, trailing blanks of each
 * line and blank lines at the end go (text areas). */
static char *tidy_block(const char *in)
{
	struct buf b = BUF_INIT;
	const char *p;

	for (p = in; *p; p++) {
		if (*p == '\r') {
			if (p[1] == '\n')
				p++;
			while (b.len && (b.ptr[b.len - 1] == ' ' || b.ptr[b.len - 1] == '\t'))
				b.len--;
			buf_addc(&b, '\n');
			continue;
		}
		if (*p == '\n')
			while (b.len && (b.ptr[b.len - 1] == ' ' || b.ptr[b.len - 1] == '\t'))
				b.len--;
		buf_addc(&b, *p);
	}
	while (b.len && isspace((unsigned char)b.ptr[b.len - 1]))
		b.len--;
	buf_addc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* Reads the values in force inside the transaction (rows, else loket.ini). */
static int read_current(struct db *db, char **cur)
{
	struct db_stmt *st = db_query(db, "SELECT kunci, nilai FROM pengaturan", "");
	enum db_rc rc;
	int k;

	while ((rc = db_next(st)) == DB_ROW) {
		enum setting_key key = key_from(db_text(st, 0));

		if (key != SET__MAX && !cur[key])
			cur[key] = xstrdup(db_text(st, 1));
	}
	db_end(st);
	for (k = 0; k < SET__MAX; k++)
		if (!cur[k])
			cur[k] = xstrdup(settings_ini((enum setting_key)k));
	return rc == DB_DONE ? 0 : -1;
}

static void free_values(char **v)
{
	int k;

	for (k = 0; k < SET__MAX; k++) {
		free(v[k]);
		v[k] = NULL;
	}
}

/* Writes the logo under files_dir/pengaturan/ with a fresh random name. */
static int write_logo(const struct image_out *img, const char *files_dir, char name[40])
{
	char token[SECRET_TOKEN_LEN + 1], hash[SECRET_HASH_LEN + 1], dir[4096], path[4200];

	/* a new name per upload: "/logo?v=NAME" may be cached for a year */
	secret_token(token);
	secret_hash("logo:", token, hash);
	snprintf(name, 40, "logo-%.*s.%s", LOGO_HASH_LEN, hash, strcmp(img->ext, "png") ? "jpg" : "png");
	snprintf(dir, sizeof dir, "%s/%s", files_dir, LOGO_DIR);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	/* staged: it appears under its name once the setting is committed */
	if (file_mkdirs(files_dir, dir) < 0 || file_stage(path, img->file.ptr, img->file.len) < 0) {
		log_error("settings: cannot write the logo: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Publishes (publish) or discards the staged logo name. */
static void staged_logo(const char *files_dir, const char *name, int publish)
{
	char path[4200];

	snprintf(path, sizeof path, "%s/%s/%s", files_dir, LOGO_DIR, name);
	if (!publish)
		file_discard(path);
	else if (file_publish(path) < 0)
		log_error("settings: cannot publish the logo (the sweep finishes it): %s", strerror(errno));
}

static void remove_logo(const char *files_dir, const char *name)
{
	char path[4200];

	if (!logo_name_ok(name))
		return;
	snprintf(path, sizeof path, "%s/%s/%s", files_dir, LOGO_DIR, name);
	if (unlink(path) < 0 && errno != ENOENT)
		log_warn("settings: cannot remove an old logo: %s", strerror(errno));
}

enum settings_rc settings_save(struct db *db, int64_t actor, const struct settings_form *f,
			       const char *files_dir, json_t *errors, int *changed)
{
	char *cur[SET__MAX] = { 0 }, *nv[SET__MAX] = { 0 }, logo[40] = "";
	struct buf detail = BUF_INIT;
	enum settings_rc ret = SETTINGS_ERR;
	int k, nchanged = 0, wrote_logo = 0;
	int64_t now = (int64_t)time(NULL);

	if (changed)
		*changed = 0;
	/* the file first: no fsync while holding the database's write lock */
	if (f->logo) {
		if (write_logo(f->logo, files_dir, logo) < 0)
			return SETTINGS_ERR;
		wrote_logo = 1;
	}
	if (db_begin(db) != DB_OK)
		goto out;
	if (read_current(db, cur) < 0)
		goto out;
	for (k = 0; k < SET__MAX; k++) {
		const char *v = f->v[k];

		if (k == SET_LOGO)
			nv[k] = xstrdup(f->clear[k] ? "" : cur[k]);
		else if (settings_secret((enum setting_key)k) && f->clear[k])
			nv[k] = xstrdup("");
		else if (!v || (settings_secret((enum setting_key)k) && !*v))
			nv[k] = xstrdup(cur[k]);
		else if (k == SET_FOOTER || k == SET_JAM_LAYANAN)
			nv[k] = tidy_block(v);
		else
			nv[k] = xstrdup(v);
	}
	check_values(nv, errors);
	if (json_object_size(errors)) {
		ret = SETTINGS_INVALID;
		goto out;
	}
	if (f->logo) {
		free(nv[SET_LOGO]);
		nv[SET_LOGO] = xstrdup(logo);
	}
	for (k = 0; k < SET__MAX; k++) {
		enum db_rc rc;

		if (!strcmp(nv[k], cur[k]))
			continue;
		if (!strcmp(nv[k], settings_ini((enum setting_key)k)))
			rc = db_exec(db, "DELETE FROM pengaturan WHERE kunci = ?", "s", settings_keys[k]);
		else
			rc = db_exec(db, "INSERT INTO pengaturan (kunci, nilai, updated_at) VALUES (?, ?, ?) "
				     "ON CONFLICT (kunci) DO UPDATE SET nilai = excluded.nilai, "
				     "updated_at = excluded.updated_at", "ssi", settings_keys[k], nv[k], now);
		if (rc != DB_DONE)
			goto out;
		buf_addf(&detail, "%s%s", nchanged++ ? ", " : "diubah: ", settings_keys[k]);
	}
	if (!nchanged) {
		ret = SETTINGS_OK;
		goto out; /* nothing to write: no audit row either */
	}
	if (db_sequence_next(db, GEN_SEQUENCE) < 0 || audit_log(db, actor, "pengaturan.ubah", "pengaturan", detail.ptr) < 0 ||
	    db_commit(db) != DB_OK)
		goto out;
	if (wrote_logo)
		staged_logo(files_dir, logo, 1);
	if (strcmp(cur[SET_LOGO], nv[SET_LOGO]))
		remove_logo(files_dir, cur[SET_LOGO]);
	wrote_logo = 0;
	db_snapshot_recheck(&snapshot);
	if (changed)
		*changed = nchanged;
	ret = SETTINGS_OK;
out:
	db_rollback(db);
	if (wrote_logo)
		staged_logo(files_dir, logo, 0);
	free_values(cur);
	free_values(nv);
	buf_release(&detail);
	return ret;
}

/* ---- test message -------------------------------------------------------- */

enum settings_rc settings_test_message(struct db *db, int64_t actor, const char *tujuan, json_t *errors,
				       char *shown, size_t shownsz, int *channel)
{
	char to[EMAIL_MAX + 1], masked[EMAIL_MAX + 1], detail[EMAIL_MAX + 32], waktu[WAKTU_WIB_LEN];
	struct buf body = BUF_INIT;
	enum notify_channel ch;

	shown[0] = '\0';
	if (!tujuan || !*tujuan) {
		json_object_set_new(errors, "tujuan", json_string("Isi nomor WhatsApp atau alamat email tujuan pesan uji."));
		return SETTINGS_INVALID;
	}
	if (strchr(tujuan, '@')) {
		ch = NOTIFY_EMAIL;
		email_normalize(tujuan, to, sizeof to);
		if (!*to || !email_valid(to)) {
			json_object_set_new(errors, "tujuan", json_string(email_err_text));
			return SETTINGS_INVALID;
		}
		email_mask(to, masked, sizeof masked);
	} else {
		char phone[PHONE_BUF];

		ch = NOTIFY_WHATSAPP;
		if (phone_normalize(tujuan, phone) < 0) {
			json_object_set_new(errors, "tujuan", json_string(phone_err_text));
			return SETTINGS_INVALID;
		}
		snprintf(to, sizeof to, "%s", phone);
		phone_mask(phone, masked);
	}
	waktu_wib((int64_t)time(NULL), waktu);
	buf_addf(&body, "Ini adalah pesan uji dari %s (%s), dikirim %s. Jika pesan ini sampai, pengaturan "
		 "pengiriman %s sudah benar. Pesan ini tidak perlu dibalas.",
		 nz(g_cfg.app_name), settings_get(db)->v[SET_NAMA_KANTOR], waktu,
		 ch == NOTIFY_EMAIL ? "email" : "WhatsApp");
	snprintf(detail, sizeof detail, "%s %s", notify_channel_names[ch], masked);
	if (db_begin(db) != DB_OK) {
		buf_release(&body);
		return SETTINGS_ERR;
	}
	if (notify_queue(db, ch, to, "Pesan Uji", body.ptr) < 0 ||
	    audit_log(db, actor, "pengaturan.pesan_uji", "pengaturan", detail) < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		buf_release(&body);
		return SETTINGS_ERR;
	}
	buf_release(&body);
	snprintf(shown, shownsz, "%s", masked);
	if (channel)
		*channel = (int)ch;
	return SETTINGS_OK;
}
