// SPDX-License-Identifier: MIT
// Signed documents (TTE): signing (local key or BSrE), the one-time download, re-issue, revocation, verification.
#include "domain/tte.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <qrencode.h>
#include <sodium.h>
#include <vips/vips.h>

#include "domain/application.h"
#include "domain/audit.h"
#include "domain/notify.h"
#include "domain/staff.h"
#include "domain/throttle.h"
#include "domain/validate.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/fileio.h"
#include "lib/log.h"
#include "lib/pdfcheck.h"
#include "lib/pdfsign.h"
#include "lib/secret.h"
#include "lib/waktu.h"

#define CODE_LEN 24                  /* base32: 120 random bits */
#define CODE_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#define PASS_MAX 256
#define SIG_RESERVE 32768            /* bytes of DER reserved in /Contents */
#define BSRE_TIMEOUT 60L
#define BSRE_ANSWER_MAX (64L * 1024 * 1024)
#define HEX_SHA (crypto_hash_sha256_BYTES * 2 + 1)

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static void say(char *out, size_t outsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *out, size_t outsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, outsz, fmt, ap);
	va_end(ap);
}

static void sha256_hex(const void *data, size_t len, char out[HEX_SHA])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, HEX_SHA, h, sizeof h);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char tmp[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	if (ferror(f)) {
		fclose(f);
		buf_release(&b);
		return NULL;
	}
	fclose(f);
	return buf_detach(&b, len);
}

int tte_code_ok(const char *code)
{
	size_t i;

	if (!code)
		return 0;
	for (i = 0; code[i]; i++)
		if (i >= CODE_LEN || !strchr(CODE_ALPHABET, code[i]))
			return 0;
	return i == CODE_LEN;
}

static void new_code(char out[CODE_LEN + 1])
{
	for (int i = 0; i < CODE_LEN; i++)
		out[i] = CODE_ALPHABET[secret_uniform(32)];
	out[CODE_LEN] = '\0';
}

int tte_may_reissue(int roles)
{
	return (roles & ((1 << ROLE_ADMIN) | (1 << ROLE_OPERATOR))) != 0;
}

int tte_may_revoke(int roles)
{
	return (roles & ((1 << ROLE_ADMIN) | (1 << ROLE_PENANDATANGAN))) != 0;
}

/* "Siti Aminah" -> "S*** A*****": each word keeps its first character. */
void tte_name_mask(const char *name, char *out, size_t outsz)
{
	size_t o = 0;
	int first = 1;

	for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p && o + 5 < outsz;) {
		size_t n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 1;

		if (isspace(*p)) {
			if (o && out[o - 1] != ' ')
				out[o++] = ' ';
			first = 1;
			p++;
			continue;
		}
		if (first) {
			for (size_t i = 0; i < n && p[i]; i++)
				out[o++] = (char)p[i];
			first = 0;
		} else {
			out[o++] = '*';
		}
		for (size_t i = 0; i < n && *p; i++)
			p++;
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* ---- the stamp image (BSrE) -------------------------------------------------- */

/* A PNG of the QR code of text (4 px a module, 4 modules of quiet zone);
 * caller frees with g_free. NULL on failure. */
static void *qr_png(const char *text, size_t *len)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	const int scale = 4, quiet = 4;
	unsigned char *px;
	void *png = NULL;
	int w;
	VipsImage *img;

	if (!q)
		return NULL;
	w = (q->width + 2 * quiet) * scale;
	px = malloc((size_t)w * (size_t)w);
	if (!px) {
		QRcode_free(q);
		return NULL;
	}
	memset(px, 255, (size_t)w * (size_t)w);
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				for (int dy = 0; dy < scale; dy++)
					memset(px + (size_t)((y + quiet) * scale + dy) * (size_t)w +
						       (size_t)((x + quiet) * scale), 0, (size_t)scale);
	QRcode_free(q);
	img = vips_image_new_from_memory(px, (size_t)w * (size_t)w, w, w, 1, VIPS_FORMAT_UCHAR);
	if (img) {
		if (vips_pngsave_buffer(img, &png, len, NULL))
			png = NULL;
		g_object_unref(img);
	}
	free(px);
	return png;
}

/* ---- the BSrE signer ---------------------------------------------------------- */

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (b->len + size * n > (size_t)BSRE_ANSWER_MAX)
		return 0;
	buf_add(b, p, size * n);
	return size * n;
}

static char *b64(const void *data, size_t len)
{
	size_t n = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	char *s = malloc(n);

	if (s)
		sodium_bin2base64(s, n, data, len, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

/* 1 when BSrE's error answer says the passphrase is wrong. */
static int says_passphrase(const json_t *j, const char *raw)
{
	const char *msg = json_string_value(json_object_get(j, "error"));
	json_int_t code = json_integer_value(json_object_get(j, "status_code"));
	char low[512];
	size_t i;

	if (code == 2031)
		return 1;
	if (!msg)
		msg = json_string_value(json_object_get(j, "message"));
	if (!msg)
		msg = raw;
	for (i = 0; msg && msg[i] && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)msg[i]);
	low[i] = '\0';
	return strstr(low, "passphrase") != NULL;
}

/*
 * POST {bsre_url}/api/v2/sign/pdf: the PDF and the QR image go out in
 * base64 JSON, the signed PDF comes back in data.file[0]. TTE_OK with
 * out filled; TTE_BAD_PASSPHRASE when BSrE says so; TTE_SIGNER_DOWN for
 * everything else (unreachable, refused, malformed answer).
 */
static enum tte_rc bsre_sign(const void *pdf, size_t len, const char *qr_text, const char *passphrase,
			     const char *location, struct buf *out)
{
	char url[1024], *file64 = b64(pdf, len), *img64 = NULL, *body = NULL;
	size_t png_len = 0;
	void *png = qr_png(qr_text, &png_len);
	struct buf ans = BUF_INIT;
	enum tte_rc rc = TTE_SIGNER_DOWN;
	CURL *c = curl_easy_init();
	struct curl_slist *hdr = NULL;
	json_t *req = NULL, *j = NULL;
	long status = 0;
	CURLcode cc;

	if (png)
		img64 = b64(png, png_len);
	if (!c || !file64 || !img64 || !*g_cfg.bsre_url) {
		log_error("tte: bsre: %s", !*g_cfg.bsre_url ? "bsre_url is not configured" : "cannot prepare the request");
		goto out;
	}
	req = json_pack("{s:s, s:s, s:[{s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:s, s:s}], s:[s]}", "nik", g_cfg.bsre_nik,
			"passphrase", passphrase, "signatureProperties", "tampilan", "VISIBLE", "imageBase64", img64,
			"page", 1, "originX", 420, "originY", 40, "width", 120, "height", 120, "location", location,
			"reason", "Dokumen kependudukan ditandatangani secara elektronik", "file", file64);
	body = req ? json_dumps(req, JSON_COMPACT) : NULL;
	if (!body)
		goto out;
	snprintf(url, sizeof url, "%s/api/v2/sign/pdf", g_cfg.bsre_url);
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	hdr = curl_slist_append(hdr, "Accept: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
	curl_easy_setopt(c, CURLOPT_USERNAME, g_cfg.bsre_user);
	curl_easy_setopt(c, CURLOPT_PASSWORD, g_cfg.bsre_password);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, BSRE_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &ans);
	cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		log_error("tte: bsre: %s", curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	j = json_loadb(ans.ptr, ans.len, 0, NULL);
	if (status != 200) {
		if (status >= 400 && status < 500 && says_passphrase(j, j ? NULL : ans.ptr))
			rc = TTE_BAD_PASSPHRASE;
		else
			log_error("tte: bsre: answered %ld", status);
		goto out;
	}
	{
		const char *f = json_string_value(json_array_get(json_object_get(json_object_get(j, "data"), "file"), 0));
		size_t flen = f ? strlen(f) : 0, bin_len = 0;
		unsigned char *bin = flen ? malloc(flen) : NULL;

		if (!bin || sodium_base642bin(bin, flen, f, flen, "\r\n", &bin_len, NULL,
					      sodium_base64_VARIANT_ORIGINAL) != 0 || bin_len < 5 ||
		    memcmp(bin, "%PDF-", 5)) {
			log_error("tte: bsre: the answer holds no signed PDF");
			free(bin);
			goto out;
		}
		buf_add(out, bin, bin_len);
		free(bin);
		rc = TTE_OK;
	}
out:
	json_decref(j);
	json_decref(req);
	free(body);
	free(file64);
	free(img64);
	if (png)
		g_free(png);
	buf_release(&ans);
	curl_slist_free_all(hdr);
	if (c)
		curl_easy_cleanup(c);
	return rc;
}

/* ---- signing ------------------------------------------------------------------ */

#define SIGN_MAX 16   /* finished documents of one application signed at once */

struct signed_doc {
	int64_t id;
	char nama[128];
	char stem[SECRET_TOKEN_LEN + 1];
	char path[4200];
	char sha[HEX_SHA];
	char code[CODE_LEN + 1];
	int written;
};

struct sign_batch {
	struct signed_doc d[SIGN_MAX];
	int n;
	int64_t staf_id, at, sampai;
	const char *nama, *jabatan;
};

static int write_signed(struct db *db, int64_t app_id, const void *arg)
{
	const struct sign_batch *b = arg;

	for (int i = 0; i < b->n; i++) {
		if (db_exec(db,
			    "UPDATE dokumen_jadi SET berkas_ttd = ?, sha256_ttd = ?, kode_verifikasi = ?, ditandatangani_at = ?,"
			    " penandatangan_id = ?, penandatangan_nama = ?, penandatangan_jabatan = ?, unduh_sampai = ?,"
			    " diunduh_at = NULL, dicabut_at = NULL, alasan_cabut = NULL"
			    " WHERE id = ? AND pengajuan_id = ? AND berkas_ttd IS NULL",
			    "sssiissiii", b->d[i].stem, b->d[i].sha, b->d[i].code, b->at, b->staf_id, b->nama, b->jabatan,
			    b->sampai, b->d[i].id, app_id) != DB_DONE ||
		    db_changes(db) != 1)
			return -1;
	}
	return 0;
}

static enum tte_rc from_app(enum app_rc rc)
{
	switch (rc) {
	case APP_OK: return TTE_OK;
	case APP_INVALID: return TTE_INVALID;
	case APP_NOT_FOUND: return TTE_NOT_FOUND;
	case APP_STATE: return TTE_STATE;
	default: return TTE_ERR;
	}
}

static void throttle_key(int64_t staf_id, char *out, size_t outsz)
{
	snprintf(out, outsz, "tte:staf:%lld", (long long)staf_id);
}

enum tte_rc tte_sign(struct db *db, const struct wf_actor *a, const char *kode, const char *passphrase,
		     struct wf_out *out)
{
	struct sign_batch *b = calloc(1, sizeof *b);
	struct pdfcheck_why pw;
	char key[64], nama[128] = "", dir[4096], src[8400], qr[512], date[64], line[5][256], extra[256];
	struct pdf_key *k = NULL;
	int64_t app_id = 0;
	int bsre = !strcmp(g_cfg.tte_signer, "bsre");
	enum tte_rc rc;
	struct db_stmt *st;

	if (!b)
		return TTE_ERR;
	throttle_key(a->id, key, sizeof key);
	if (throttle_locked(db, key)) {
		rc = TTE_LOCKED;
		goto out;
	}
	rc = from_app(wf_sign_check(db, a, kode, &app_id, out));
	if (rc != TTE_OK)
		goto out;
	if (!passphrase || !*passphrase) {
		json_object_set_new(out->errors, "passphrase",
				    json_string("Masukkan passphrase sertifikat elektronik Anda untuk menandatangani."));
		rc = TTE_INVALID;
		goto out;
	}
	if (strlen(passphrase) > PASS_MAX) {
		json_object_set_new(out->errors, "passphrase", json_string("Passphrase terlalu panjang."));
		rc = TTE_INVALID;
		goto out;
	}
	st = db_query(db, "SELECT id, berkas, nama FROM dokumen_jadi WHERE pengajuan_id = ? AND berkas_ttd IS NULL"
		      " ORDER BY id", "i", app_id);
	while (st && db_next(st) == DB_ROW && b->n < SIGN_MAX) {
		struct signed_doc *d = &b->d[b->n++];

		d->id = db_int(st, 0);
		snprintf(d->nama, sizeof d->nama, "%s", db_text(st, 2));
		/* the source stem rides in path until the file is read */
		snprintf(d->path, sizeof d->path, "%s", db_text(st, 1));
	}
	db_end(st);
	if (!b->n) {
		say(out->why, sizeof out->why, "Pengajuan %s tidak memiliki dokumen jadi yang belum ditandatangani.", kode);
		rc = TTE_STATE;
		goto out;
	}
	st = db_query(db, "SELECT nama FROM staf WHERE id = ?", "i", a->id);
	snprintf(nama, sizeof nama, "%s", st && db_next(st) == DB_ROW ? db_text(st, 0) : "");
	db_end(st);
	if (!bsre) {
		char p12[4200], err[256] = "";
		int bad = 0;

		snprintf(p12, sizeof p12, "%s/signer.p12", g_cfg.tte_dir);
		k = pdf_key_load(p12, passphrase, &bad, err, sizeof err);
		if (!k) {
			if (bad) {
				rc = TTE_BAD_PASSPHRASE;
				goto bad_pass;
			}
			log_error("tte: local signer: %s", err);
			rc = TTE_SIGNER_DOWN;
			goto out;
		}
	}
	b->staf_id = a->id;
	b->at = now_s();
	b->sampai = b->at + g_cfg.tte_download_days * 86400;
	b->nama = nama;
	b->jabatan = g_cfg.tte_jabatan;
	waktu_wib(b->at, date);
	snprintf(dir, sizeof dir, "%s/ttd", g_cfg.files_dir);
	if (file_mkdirs(g_cfg.files_dir, dir) < 0) {
		log_error("tte: cannot create %s: %s", dir, strerror(errno));
		rc = TTE_ERR;
		goto out;
	}
	for (int i = 0; i < b->n; i++) {
		struct signed_doc *d = &b->d[i];
		struct buf signed_pdf = BUF_INIT;
		size_t len = 0;
		char *pdf;
		char err[256] = "";

		snprintf(src, sizeof src, "%s/jadi/%s.pdf", g_cfg.files_dir, d->path);
		pdf = read_all(src, &len);
		if (!pdf) {
			log_error("tte: cannot read %s: %s", src, strerror(errno));
			rc = TTE_ERR;
			goto out;
		}
		/* attached before uploads were checked for active content: never
		 * signed and handed to a resident as it is */
		if (pdf_check(pdf, len, &pw) != PDFCHECK_CLEAN) {
			log_info("tte: a finished document did not pass the PDF check (%s)", pw.what);
			free(pdf);
			say(out->why, sizeof out->why, "Dokumen jadi \"%s\" memuat JavaScript, tindakan otomatis atau "
			    "lampiran tersembunyi, atau tidak dapat dibaca. Hapus dokumen itu, cetak ulang dari SIAK "
			    "sebagai PDF biasa, lalu unggah kembali.", d->nama);
			rc = TTE_STATE;
			goto out;
		}
		new_code(d->code);
		snprintf(qr, sizeof qr, "%s/verifikasi/%s", g_cfg.base_url, d->code);
		if (bsre) {
			rc = bsre_sign(pdf, len, qr, passphrase, g_cfg.office_name, &signed_pdf);
		} else {
			struct pdf_stamp stamp = { .qr_text = qr };

			/* the wording of Permendagri 104/2019: signed electronically,
			 * with an electronic certificate */
			snprintf(line[0], sizeof line[0], "Dokumen ini telah ditandatangani secara elektronik "
				 "menggunakan sertifikat elektronik oleh:");
			snprintf(line[1], sizeof line[1], "%s", nama);
			snprintf(line[2], sizeof line[2], "%s", g_cfg.tte_jabatan);
			snprintf(line[3], sizeof line[3], "Tanggal: %s", date);
			snprintf(line[4], sizeof line[4], "Kode verifikasi: %s", d->code);
			for (int l = 0; l < 5; l++)
				stamp.lines[l] = line[l];
			stamp.lines[5] = NULL;
			rc = pdf_sign(pdf, len, &stamp, pdf_cms_sign, k, SIG_RESERVE, &signed_pdf, err, sizeof err) == 0
				     ? TTE_OK : TTE_ERR;
			if (rc != TTE_OK)
				log_error("tte: signing %s: %s", src, err);
		}
		free(pdf);
		if (rc == TTE_BAD_PASSPHRASE) {
			buf_release(&signed_pdf);
			goto bad_pass;
		}
		if (rc != TTE_OK) {
			buf_release(&signed_pdf);
			goto out;
		}
		sha256_hex(signed_pdf.ptr, signed_pdf.len, d->sha);
		secret_token(d->stem);
		{
			/* a buffer of its own: d->path held the source's stem */
			char dst[sizeof d->path];

			snprintf(dst, sizeof dst, "%s/%s.pdf", dir, d->stem);
			memcpy(d->path, dst, sizeof dst);
		}
		/* staged: published once the signatures are committed */
		if (file_stage(d->path, signed_pdf.ptr, signed_pdf.len) < 0) {
			log_error("tte: cannot store %s: %s", d->path, strerror(errno));
			buf_release(&signed_pdf);
			rc = TTE_ERR;
			goto out;
		}
		d->written = 1;
		buf_release(&signed_pdf);
	}
	waktu_wib(b->sampai, date);
	snprintf(extra, sizeof extra, "Dokumen dapat diunduh SATU KALI sampai %s.", date);
	rc = from_app(wf_sign_commit(db, a, kode, extra, write_signed, b, out));
	if (rc == TTE_OK) {
		for (int i = 0; i < b->n; i++) {
			b->d[i].written = 0;
			if (file_publish(b->d[i].path) < 0)
				log_error("tte: cannot publish a signed file (the sweep finishes it): %s", strerror(errno));
		}
		throttle_clear(db, key);
	}
	goto out;
bad_pass:
	if (throttle_fail(db, key, g_cfg.login_max_account, g_cfg.login_window, g_cfg.login_lockout))
		log_warn("tte: signer %lld locked out after wrong passphrases", (long long)a->id);
	rc = TTE_BAD_PASSPHRASE;
out:
	for (int i = 0; b && i < b->n; i++)
		if (b->d[i].written)
			file_discard(b->d[i].path);
	pdf_key_free(k);
	free(b);
	return rc;
}

/* ---- the applicant's side ------------------------------------------------------ */

enum doc_state { DS_TERSEDIA, DS_DIUNDUH, DS_KEDALUWARSA, DS_DICABUT, DS__MAX };
static const char *const ds_names[DS__MAX] = { "tersedia", "diunduh", "kedaluwarsa", "dicabut" };
static const char *const ds_labels[DS__MAX] = {
	"Siap diunduh (satu kali)", "Sudah diunduh", "Masa unduh berakhir", "Dicabut",
};

static enum doc_state state_of(int64_t diunduh_at, int64_t unduh_sampai, int64_t dicabut_at, int64_t now)
{
	if (dicabut_at)
		return DS_DICABUT;
	if (diunduh_at)
		return DS_DIUNDUH;
	if (now >= unduh_sampai)
		return DS_KEDALUWARSA;
	return DS_TERSEDIA;
}

/* The application id of kode when it lies in mode m (NULL: an officer);
 * 0 otherwise. */
static int64_t own(struct db *db, const struct pemohon_mode *m, const char *kode)
{
	return kode && app_code_ok(kode) ? app_id_of(db, kode, m) : 0;
}

static json_t *opt_int(int64_t v)
{
	return v ? json_integer(v) : json_null();
}

json_t *tte_documents(struct db *db, const struct pemohon_mode *m, const char *kode)
{
	/* NULL: an officer, whose right to see the application the caller checked */
	int64_t app = own(db, m, kode);
	int64_t now = now_s();
	struct db_stmt *st;
	json_t *list;

	if (!app)
		return NULL;
	list = json_array();
	st = db_query(db,
		      "SELECT id, nama, ditandatangani_at, unduh_sampai, coalesce(diunduh_at, 0), coalesce(dicabut_at, 0),"
		      " kode_verifikasi FROM dokumen_jadi WHERE pengajuan_id = ? AND berkas_ttd IS NOT NULL ORDER BY id",
		      "i", app);
	while (st && db_next(st) == DB_ROW) {
		enum doc_state s = state_of(db_int(st, 4), db_int(st, 3), db_int(st, 5), now);

		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o, s:s}", "id",
						      (json_int_t)db_int(st, 0), "nama", db_text(st, 1), "status",
						      ds_names[s], "status_label", ds_labels[s], "ditandatangani_at",
						      (json_int_t)db_int(st, 2), "unduh_sampai", (json_int_t)db_int(st, 3),
						      "diunduh_at", opt_int(db_int(st, 4)), "kode_verifikasi",
						      db_text(st, 6)));
	}
	db_end(st);
	return list;
}

enum tte_rc tte_download_begin(struct db *db, const struct pemohon_mode *m, const char *kode, int64_t id, char *path,
			       size_t pathsz, char *name, size_t namesz, char *why, size_t whysz)
{
	int64_t app = m ? own(db, m, kode) : 0, now = now_s();
	struct db_stmt *st;
	enum tte_rc rc = TTE_NOT_FOUND;
	char when[64];

	if (!app)
		return TTE_NOT_FOUND;
	st = db_query(db,
		      "SELECT berkas_ttd, nama, unduh_sampai, coalesce(diunduh_at, 0), coalesce(dicabut_at, 0)"
		      " FROM dokumen_jadi WHERE id = ? AND pengajuan_id = ? AND berkas_ttd IS NOT NULL",
		      "ii", id, app);
	if (st && db_next(st) == DB_ROW) {
		enum doc_state s = state_of(db_int(st, 3), db_int(st, 2), db_int(st, 4), now);

		switch (s) {
		case DS_DICABUT:
			say(why, whysz, "Dokumen %s ini telah dicabut dan tidak dapat diunduh. Hubungi kantor %s bila "
			    "memerlukan penjelasan.", db_text(st, 1), g_cfg.office_name);
			rc = TTE_STATE;
			break;
		case DS_DIUNDUH:
			waktu_wib(db_int(st, 3), when);
			say(why, whysz, "Dokumen %s ini sudah diunduh pada %s. Setiap dokumen hanya dapat diunduh satu kali; "
			    "bila perlu mengunduh lagi, mintalah petugas menerbitkannya ulang melalui Chat.",
			    db_text(st, 1), when);
			rc = TTE_STATE;
			break;
		case DS_KEDALUWARSA:
			waktu_wib(db_int(st, 2), when);
			say(why, whysz, "Masa unduh dokumen %s ini telah berakhir pada %s. Mintalah petugas menerbitkannya "
			    "ulang melalui Chat.", db_text(st, 1), when);
			rc = TTE_STATE;
			break;
		default: {
			char slug[128];
			size_t o = 0;

			for (const char *p = db_text(st, 1); *p && o + 1 < sizeof slug; p++)
				if (isalnum((unsigned char)*p))
					slug[o++] = (char)tolower((unsigned char)*p);
				else if (o && slug[o - 1] != '-')
					slug[o++] = '-';
			while (o && slug[o - 1] == '-')
				o--;
			slug[o] = '\0';
			snprintf(path, pathsz, "%s/ttd/%s.pdf", g_cfg.files_dir, db_text(st, 0));
			snprintf(name, namesz, "%s-%s.pdf", kode, *slug ? slug : "dokumen");
			rc = TTE_OK;
		}
		}
	}
	db_end(st);
	return rc;
}

int tte_download_done(struct db *db, int64_t id)
{
	/* once: a second complete transfer (two at the same time) keeps the first time */
	return db_exec(db, "UPDATE dokumen_jadi SET diunduh_at = ? WHERE id = ? AND diunduh_at IS NULL",
		       "ii", now_s(), id) == DB_DONE ? 0 : -1;
}

/* ---- the officers' side --------------------------------------------------------- */

/* alasan: required, one block of at most WF_NOTE_MAX characters. */
static int reason_ok(const char *in, char *out, size_t outsz, json_t *errors, const char *msg_empty)
{
	if (!in || !*in) {
		json_object_set_new(errors, "alasan", json_string(msg_empty));
		return 0;
	}
	if (!text_block_ok(in, WF_NOTE_MAX)) {
		json_object_set_new(errors, "alasan", json_string("Alasan maksimal 1000 karakter tanpa karakter kontrol."));
		return 0;
	}
	text_squash(in, out, outsz);
	return 1;
}

struct app_brief {
	int64_t id;
	enum app_status status;
	char kode[APP_CODE_MAX], nama[256];
};

static int brief(struct db *db, int64_t id, struct app_brief *b)
{
	struct db_stmt *st = db_query(db, "SELECT kode, status, nama FROM pengajuan WHERE id = ?", "i", id);
	int ok = 0;

	memset(b, 0, sizeof *b);
	if (st && db_next(st) == DB_ROW) {
		b->id = id;
		snprintf(b->kode, sizeof b->kode, "%s", db_text(st, 0));
		b->status = app_status_from(db_text(st, 1));
		snprintf(b->nama, sizeof b->nama, "%s", db_text(st, 2));
		ok = 1;
	}
	db_end(st);
	return ok;
}

static void officer_name(struct db *db, int64_t id, char *out, size_t outsz)
{
	struct db_stmt *st = db_query(db, "SELECT nama FROM staf WHERE id = ?", "i", id);

	snprintf(out, outsz, "%s", st && db_next(st) == DB_ROW ? db_text(st, 0) : "Petugas");
	db_end(st);
}

enum tte_rc tte_reissue(struct db *db, const struct wf_actor *a, const char *kode, const char *alasan,
			struct wf_out *out)
{
	char note[WF_NOTE_MAX * 4 + 1], line[WF_NOTE_MAX * 4 + 200], subject[160], date[64], objek[48], nama[128];
	struct buf body = BUF_INIT;
	int64_t id = wf_app_id(db, a, kode), sampai = now_s() + g_cfg.tte_download_days * 86400;
	struct app_brief b;
	enum tte_rc rc = TTE_ERR;
	int n;

	if (!id || !brief(db, id, &b))
		return TTE_NOT_FOUND;
	if (!reason_ok(alasan, note, sizeof note, out->errors, "Tuliskan alasan penerbitan ulang (tercatat di log audit)."))
		return TTE_INVALID;
	if (b.status != APP_TERBIT_TTE && b.status != APP_SELESAI) {
		say(out->why, sizeof out->why, "Penerbitan ulang hanya untuk pengajuan yang dokumennya sudah terbit TTE; "
		    "status pengajuan %s saat ini \"%s\".", b.kode, app_status_labels[b.status]);
		return TTE_STATE;
	}
	waktu_wib(sampai, date);
	snprintf(objek, sizeof objek, "pengajuan:%lld", (long long)id);
	snprintf(subject, sizeof subject, "Pengajuan %s: dokumen diterbitkan ulang", b.kode);
	buf_addf(&body, "Dokumen bertanda tangan elektronik pengajuan %s atas nama %s telah DITERBITKAN ULANG oleh %s. "
		 "Dokumen dapat diunduh SATU KALI sampai %s.\n\nAlasan: %s\n\nUnduh di %s/pengajuan/%s",
		 b.kode, b.nama, g_cfg.office_name, date, note, g_cfg.base_url, b.kode);
	snprintf(line, sizeof line, "Dokumen TTE diterbitkan ulang (dapat diunduh sampai %s). Alasan: %s", date, note);
	officer_name(db, a->id, nama, sizeof nama);
	if (db_begin(db) != DB_OK)
		goto out;
	if (db_exec(db, "UPDATE dokumen_jadi SET diunduh_at = NULL, unduh_sampai = ? WHERE pengajuan_id = ?"
		    " AND berkas_ttd IS NOT NULL AND dicabut_at IS NULL", "ii", sampai, id) != DB_DONE)
		goto fail;
	n = db_changes(db);
	if (n < 1) {
		db_rollback(db);
		say(out->why, sizeof out->why, "Pengajuan %s tidak memiliki dokumen bertanda tangan elektronik yang "
		    "dapat diterbitkan ulang (belum ada, atau semuanya sudah dicabut).", b.kode);
		rc = TTE_STATE;
		goto out;
	}
	if (app_history(db, id, b.status, "staf", a->id, nama, line) < 0 ||
	    app_notify(db, id, subject, body.ptr) < 0 ||
	    audit_log(db, a->id, "tte.terbitkan_ulang", objek, note) < 0 || db_commit(db) != DB_OK)
		goto fail;
	rc = TTE_OK;
	goto out;
fail:
	db_rollback(db);
out:
	buf_release(&body);
	return rc;
}

enum tte_rc tte_revoke(struct db *db, const struct wf_actor *a, int64_t id, const char *alasan, struct wf_out *out)
{
	char note[WF_NOTE_MAX * 4 + 1], line[WF_NOTE_MAX * 4 + 200], subject[160], objek[48], nama[128], jenis[128] = "";
	struct buf body = BUF_INIT;
	int64_t app = 0, dicabut = 0;
	struct app_brief b;
	struct db_stmt *st;
	enum tte_rc rc = TTE_ERR;

	st = db_query(db, "SELECT j.pengajuan_id, j.nama, coalesce(j.dicabut_at, 0), p.kode FROM dokumen_jadi j"
		      " JOIN pengajuan p ON p.id = j.pengajuan_id WHERE j.id = ? AND j.berkas_ttd IS NOT NULL", "i", id);
	if (st && db_next(st) == DB_ROW) {
		/* outside the officer's services: as unknown */
		if (wf_app_id(db, a, db_text(st, 3)) == db_int(st, 0))
			app = db_int(st, 0);
		snprintf(jenis, sizeof jenis, "%s", db_text(st, 1));
		dicabut = db_int(st, 2);
	}
	db_end(st);
	if (!app || !brief(db, app, &b))
		return TTE_NOT_FOUND;
	if (!reason_ok(alasan, note, sizeof note, out->errors, "Tuliskan alasan pencabutan (tercatat di log audit)."))
		return TTE_INVALID;
	if (dicabut) {
		say(out->why, sizeof out->why, "Dokumen %s pengajuan %s sudah dicabut sebelumnya.", jenis, b.kode);
		return TTE_STATE;
	}
	snprintf(objek, sizeof objek, "dokumen_jadi:%lld", (long long)id);
	snprintf(subject, sizeof subject, "Pengajuan %s: dokumen dicabut", b.kode);
	buf_addf(&body, "Dokumen %s bertanda tangan elektronik pada pengajuan %s atas nama %s telah DICABUT oleh %s "
		 "dan tidak berlaku lagi.\n\nAlasan: %s\n\nRincian: %s/pengajuan/%s",
		 jenis, b.kode, b.nama, g_cfg.office_name, note, g_cfg.base_url, b.kode);
	snprintf(line, sizeof line, "Dokumen TTE %s dicabut. Alasan: %s", jenis, note);
	officer_name(db, a->id, nama, sizeof nama);
	if (db_begin(db) != DB_OK)
		goto out;
	if (db_exec(db, "UPDATE dokumen_jadi SET dicabut_at = ?, alasan_cabut = ? WHERE id = ? AND dicabut_at IS NULL",
		    "isi", now_s(), note, id) != DB_DONE)
		goto fail;
	if (db_changes(db) != 1) {
		db_rollback(db);
		say(out->why, sizeof out->why, "Dokumen %s pengajuan %s baru saja dicabut oleh petugas lain.", jenis, b.kode);
		rc = TTE_STATE;
		goto out;
	}
	if (app_history(db, app, b.status, "staf", a->id, nama, line) < 0 ||
	    app_notify(db, app, subject, body.ptr) < 0 ||
	    audit_log(db, a->id, "tte.cabut", objek, note) < 0 || db_commit(db) != DB_OK)
		goto fail;
	rc = TTE_OK;
	goto out;
fail:
	db_rollback(db);
out:
	buf_release(&body);
	return rc;
}

/* ---- public verification ------------------------------------------------------------ */

static json_t *verify_where(struct db *db, const char *col, const char *value)
{
	/* col is one of two literals: the statement text stays fixed per column */
	const char *sql = !strcmp(col, "kode")
				  ? "SELECT j.nama, p.kode, j.ditandatangani_at, j.penandatangan_nama, j.penandatangan_jabatan,"
				    " p.nama, coalesce(j.dicabut_at, 0), coalesce(j.alasan_cabut, ''), l.nama, j.kode_verifikasi"
				    " FROM dokumen_jadi j JOIN pengajuan p ON p.id = j.pengajuan_id JOIN layanan l"
				    " ON l.id = p.layanan_id WHERE j.kode_verifikasi = ?"
				  : "SELECT j.nama, p.kode, j.ditandatangani_at, j.penandatangan_nama, j.penandatangan_jabatan,"
				    " p.nama, coalesce(j.dicabut_at, 0), coalesce(j.alasan_cabut, ''), l.nama, j.kode_verifikasi"
				    " FROM dokumen_jadi j JOIN pengajuan p ON p.id = j.pengajuan_id JOIN layanan l"
				    " ON l.id = p.layanan_id WHERE j.sha256_ttd = ?"
				    " ORDER BY j.id DESC";
	struct db_stmt *st = db_query(db, sql, "s", value);
	json_t *j = NULL;

	if (st && db_next(st) == DB_ROW) {
		char masked[512];
		int64_t cabut = db_int(st, 6);

		tte_name_mask(db_text(st, 5), masked, sizeof masked);
		j = json_pack("{s:b, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:s}", "asli", 1, "status",
			      cabut ? "dicabut" : "aktif", "status_label",
			      cabut ? "Dokumen ini telah DICABUT dan tidak berlaku lagi"
				    : "Dokumen asli dan berlaku, ditandatangani secara elektronik",
			      "jenis", db_text(st, 0), "nomor", db_text(st, 1), "ditandatangani_at",
			      (json_int_t)db_int(st, 2), "penandatangan", db_text(st, 3), "jabatan", db_text(st, 4), "nama",
			      masked, "dicabut_at", opt_int(cabut), "alasan_cabut",
			      cabut ? json_string(db_text(st, 7)) : json_null(), "kode_verifikasi", db_text(st, 9));
		json_object_set_new(j, "layanan", json_string(db_text(st, 8)));
	}
	db_end(st);
	return j;
}

json_t *tte_verify_code(struct db *db, const char *code)
{
	if (!tte_code_ok(code))
		return NULL;
	return verify_where(db, "kode", code);
}

json_t *tte_verify_code_of(struct db *db, int64_t id)
{
	struct db_stmt *st = db_query(db, "SELECT kode_verifikasi FROM dokumen_jadi WHERE id = ? AND kode_verifikasi"
				      " IS NOT NULL", "i", id);
	char code[CODE_LEN + 1] = "";
	json_t *j;

	if (st && db_next(st) == DB_ROW)
		snprintf(code, sizeof code, "%s", db_text(st, 0));
	db_end(st);
	j = *code ? verify_where(db, "kode", code) : NULL;
	if (j)
		json_object_set_new(j, "id", json_integer(id));
	return j;
}

json_t *tte_verify_file(struct db *db, const void *pdf, size_t len)
{
	static const char *const names[PDF_SIG__MAX] = {
		"valid", "tidak_ada", "rusak", "tidak_dipercaya", "diubah", "rusak",
	};
	char sha[HEX_SHA], ca[4200], signer[256] = "";
	enum pdf_verify_rc v;
	json_t *doc, *j;

	sha256_hex(pdf, len, sha);
	doc = verify_where(db, "sha", sha);
	snprintf(ca, sizeof ca, "%s/ca.pem", g_cfg.tte_dir);
	v = pdf_verify(pdf, len, ca, signer, sizeof signer);
	if (v < 0 || v >= PDF_SIG__MAX)
		v = PDF_SIG_ERR;
	j = json_pack("{s:b, s:s}", "dikenal", doc != NULL, "tanda_tangan", names[v]);
	if (v == PDF_SIG_VALID || v == PDF_SIG_PARTIAL || v == PDF_SIG_UNTRUSTED)
		json_object_set_new(j, "penandatangan_sertifikat", json_string(signer));
	if (doc)
		json_object_set_new(j, "dokumen", doc);
	return j;
}
