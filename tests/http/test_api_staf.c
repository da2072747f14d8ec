// SPDX-License-Identifier: MIT
// Staff JSON API for applications: queues, detail, dashboard, every officer move and every refusal (role, status, hold, service).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

static struct srv S;
static char *tok_a;                                   /* the applicant */
static char *tok_ver, *tok_ver2, *tok_op, *tok_op2, *tok_ttd, *tok_adm, *tok_lim;
static long long id_ver, id_ver2, id_op, id_op2, id_adm;
static long long lib_doc;                             /* the applicant's library file */

#define PW "Feb1702."
#define NIK_A "3326071505900001"
#define HP_A "6281299990001"           /* the applicant's own contact data (set-up) */
#define MAIL_A "pemohon.a@example.com"
#define UPLOAD_MAX 300000              /* LOKET_UPLOAD_MAX of this server */

/* A signed-output service: one finished document (Kartu Keluarga). */
#define KKH "kk-hilang-rusak"
#define KKH_JADI "kartu-keluarga"
/* Sinkronisasi Data: two steps, no finished document. */
#define SND "sinkronisasi-data"

/* ---- helpers ------------------------------------------------------------ */

/* Asserts a 409 naming the current status; frees j. */
static void expect_conflict(json_t *j, long status, const char *current)
{
	assert_int_equal(status, 409);
	assert_non_null(j);
	assert_string_equal(err_code(j), "status_tidak_sesuai");
	assert_non_null(err_msg(j));
	assert_true(strlen(err_msg(j)) > 10);
	assert_string_equal(jstr(json_object_get(j, "error"), "status"), current);
	json_decref(j);
}

/* Asserts a 422 data_tidak_valid with an error on field; frees j. */
static void expect_invalid(json_t *j, long status, const char *field)
{
	assert_int_equal(status, 422);
	assert_non_null(j);
	assert_string_equal(err_code(j), "data_tidak_valid");
	if (!field_msg(j, field))
		fail_msg("no error on field %s", field);
	json_decref(j);
}

/* Links the applicant's library file (uploaded once) to jenis. */
static void attach_doc(const char *kode, const char *jenis)
{
	long st;
	json_t *j;

	if (!lib_doc) {
		assert_int_equal(api_upload(&S, tok_a, kode, jenis, "dokumen.jpg", NULL, &j), 0);
		lib_doc = jint(j, "dokumen_id");
		assert_true(lib_doc > 0);
		json_decref(j);
		return;
	}
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", kode),
			 json_pack("{s:s, s:I}", "jenis", jenis, "dokumen_id", (json_int_t)lib_doc), tok_a, &st);
	assert_int_equal(st, 201);
	json_decref(j);
}

/* A DRAFT of service svc for the person nik/nama (caller frees). */
static char *draft(const char *svc, const char *nik, const char *nama)
{
	json_t *b;
	char *kode;

	if (!strcmp(svc, KKH))
		b = json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", KKH, "nik", nik, "nama", nama, "detail",
			      "Kartu Keluarga saya hilang saat pindah rumah.", "isian", "jenis", "Hilang");
	else
		b = json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SND, "nik", nik, "nama", nama, "detail",
			      "Data saya tidak terbaca di BPJS Kesehatan.", "isian", "permasalahan_data",
			      "NIK tidak ditemukan di BPJS Kesehatan.");
	kode = api_create(&S, tok_a, b);
	assert_non_null(kode);
	if (!strcmp(svc, KKH)) {
		attach_doc(kode, "ktp-el");
		attach_doc(kode, "formulir");
	} else {
		attach_doc(kode, "foto-kartu-keluarga");
		attach_doc(kode, "foto-ktp-el");
	}
	return kode;
}

/* A sent (DIKIRIM) application of svc, for nik/nama (caller frees). */
static char *sent_as(const char *svc, const char *nik, const char *nama, const char *pilihan)
{
	char *kode = draft(svc, nik, nama);

	assert_int_equal(api_kirim(&S, tok_a, kode, pilihan), 0);
	return kode;
}

static char *sent(const char *svc)
{
	return sent_as(svc, NIK_A, "Siti Aminah", "ambil_kantor");
}

/* POST /api/v1/staf/pengajuan/{kode}/{action} with body (consumed, may be NULL). */
static json_t *move(const char *tok, const char *kode, const char *action, json_t *body, long *status)
{
	return api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/%s", kode, action), body, tok, status);
}

/* A move that must succeed: 200 with the fresh detail, in status want
 * (NULL: not checked). Returns the detail. */
static json_t *move_ok(const char *tok, const char *kode, const char *action, json_t *body, const char *want)
{
	long st;
	json_t *j = move(tok, kode, action, body, &st);

	if (st != 200)
		fail_msg("%s %s: %ld %s", action, kode, st, j ? json_dumps(j, 0) : "");
	assert_string_equal(jstr(j, "kode"), kode);
	if (want)
		assert_string_equal(jstr(j, "status"), want);
	assert_null(json_object_get(j, "id"));
	return j;
}

/* GET the officer's detail (must be 200). */
static json_t *detail(const char *tok, const char *kode)
{
	long st;
	json_t *j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s", kode), NULL, tok, &st);

	if (st != 200)
		fail_msg("detail %s: %ld", kode, st);
	return j;
}

/* A small valid PDF, with a comment of pad bytes (caller frees). */
static char *make_pdf(size_t pad, size_t *len)
{
	static const char *const objs[] = {
		"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
		"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
		"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n",
	};
	size_t cap = pad + 2048, n = 0, off[3], i, xref;
	char *b = malloc(cap);

	assert_non_null(b);
	n += (size_t)snprintf(b + n, cap - n, "%%PDF-1.4\n");
	if (pad) {
		b[n++] = '%';
		memset(b + n, 'x', pad);
		n += pad;
		b[n++] = '\n';
	}
	for (i = 0; i < 3; i++) {
		off[i] = n;
		n += (size_t)snprintf(b + n, cap - n, "%s", objs[i]);
	}
	xref = n;
	n += (size_t)snprintf(b + n, cap - n, "xref\n0 4\n0000000000 65535 f \n");
	for (i = 0; i < 3; i++)
		n += (size_t)snprintf(b + n, cap - n, "%010zu 00000 n \n", off[i]);
	n += (size_t)snprintf(b + n, cap - n, "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
	*len = n;
	return b;
}

/* POSTs a finished document; the answer (NULL: empty). */
static json_t *post_jadi(const char *tok, const char *kode, const char *jenis, const char *data, size_t len,
			 const char *filename, const char *type, long *status)
{
	struct part parts[3];
	int n = 0;

	memset(parts, 0, sizeof parts);
	if (jenis)
		parts[n++] = (struct part){ "jenis", jenis, 0, NULL, NULL };
	if (data)
		parts[n++] = (struct part){ "file", data, len, filename, type };
	return api_multipart(&S, pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi", kode), parts, tok, status);
}

/* Attaches a valid PDF as KKH_JADI; returns its id. */
static long long attach_jadi(const char *tok, const char *kode)
{
	size_t len;
	char *pdf = make_pdf(0, &len);
	long st;
	json_t *j = post_jadi(tok, kode, KKH_JADI, pdf, len, "kk-final.pdf", "application/pdf", &st);
	long long id;

	if (st != 201)
		fail_msg("dokumen-jadi %s: %ld %s", kode, st, j ? json_dumps(j, 0) : "");
	id = jint(j, "id");
	assert_true(id > 0);
	json_decref(j);
	free(pdf);
	return id;
}

/* What storage holds about one application and around it. */
struct snap {
	char *state;          /* status, antrean, holder, choice, updated_at */
	long long riwayat, outbox, audit, langkah, jadi, files;
};

static void snap_take(const char *kode, struct snap *s)
{
	s->state = srv_db_text(&S, "SELECT status || '/' || COALESCE(antrean, '-') || '/' || COALESCE(ditangani_oleh, 0)"
				   " || '/' || pilihan_dokumen_jadi || '/' || updated_at || '/' || COALESCE(cara_selesai, '-')"
				   " FROM pengajuan WHERE kode = '%s'", kode);
	assert_non_null(s->state);
	s->riwayat = srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat r JOIN pengajuan p ON p.id = r.pengajuan_id"
				    " WHERE p.kode = '%s'", kode);
	s->outbox = srv_count(&S, "outbox");
	s->audit = srv_count(&S, "audit");
	s->langkah = srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_langkah l JOIN pengajuan p ON p.id = l.pengajuan_id"
				    " WHERE p.kode = '%s'", kode);
	s->jadi = srv_count(&S, "dokumen_jadi");
	s->files = srv_files(&S, "jadi");
}

/* Asserts nothing changed since before; frees before. */
static void snap_same(const char *kode, struct snap *before)
{
	struct snap now;

	snap_take(kode, &now);
	assert_string_equal(now.state, before->state);
	assert_int_equal(now.riwayat, before->riwayat);
	assert_int_equal(now.outbox, before->outbox);
	assert_int_equal(now.audit, before->audit);
	assert_int_equal(now.langkah, before->langkah);
	assert_int_equal(now.jadi, before->jadi);
	assert_int_equal(now.files, before->files);
	free(now.state);
	free(before->state);
}

static long long riwayat_of(const char *kode)
{
	return srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat r JOIN pengajuan p ON p.id = r.pengajuan_id"
			      " WHERE p.kode = '%s'", kode);
}

/*
 * Checks what one successful move left behind: one more timeline row for
 * officer staf with status and (when not NULL) the note; one WhatsApp and
 * one e-mail to the applicant, whose texts name the code; one more audit
 * row by staf from the client's address, on this application.
 */
struct trail {
	long long riwayat, wa, mail, audit;
};

static void trail_take(const char *kode, struct trail *t)
{
	t->riwayat = riwayat_of(kode);
	t->wa = srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND recipient = '%s'", HP_A);
	t->mail = srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND recipient = '%s'", MAIL_A);
	t->audit = srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE objek = 'pengajuan:%lld'",
			      srv_id(&S, "pengajuan", "kode", kode));
}

static void trail_check(const char *kode, const struct trail *before, long long staf, const char *status,
			const char *catatan, const char *aksi, const char *words)
{
	struct trail now;
	long long id = srv_id(&S, "pengajuan", "kode", kode);
	char *s;

	trail_take(kode, &now);
	assert_int_equal(now.riwayat, before->riwayat + 1);
	s = srv_db_text(&S, "SELECT status || '|' || aktor || '|' || aktor_id FROM pengajuan_riwayat"
			    " WHERE pengajuan_id = %lld ORDER BY id DESC LIMIT 1", id);
	assert_non_null(s);
	assert_string_equal(s, pathf("%s|staf|%lld", status, staf));
	free(s);
	s = srv_db_text(&S, "SELECT r.aktor_nama FROM pengajuan_riwayat r JOIN staf s ON s.nama = r.aktor_nama"
			    " WHERE r.pengajuan_id = %lld AND s.id = %lld AND r.id = (SELECT max(id) FROM pengajuan_riwayat"
			    " WHERE pengajuan_id = %lld)", id, staf, id);
	assert_non_null(s);   /* the officer's name is on the timeline */
	free(s);
	s = srv_db_text(&S, "SELECT COALESCE(catatan, '') FROM pengajuan_riwayat WHERE pengajuan_id = %lld"
			    " ORDER BY id DESC LIMIT 1", id);
	assert_non_null(s);
	if (catatan && !strstr(s, catatan))
		fail_msg("timeline note of %s lacks \"%s\": %s", aksi, catatan, s);
	free(s);
	/* the applicant is told by WhatsApp and e-mail, in words that say what happened */
	assert_int_equal(now.wa, before->wa + 1);
	assert_int_equal(now.mail, before->mail + 1);
	s = srv_db_text(&S, "SELECT body FROM outbox WHERE channel = 'whatsapp' AND recipient = '%s' ORDER BY id DESC LIMIT 1",
			HP_A);
	assert_non_null(s);
	assert_non_null(strstr(s, kode));
	if (words && !strstr(s, words))
		fail_msg("WhatsApp text of %s lacks \"%s\": %s", aksi, words, s);
	free(s);
	s = srv_db_text(&S, "SELECT subject || ' ' || body FROM outbox WHERE channel = 'email' AND recipient = '%s'"
			    " ORDER BY id DESC LIMIT 1", MAIL_A);
	assert_non_null(s);
	assert_non_null(strstr(s, kode));
	if (words && !strstr(s, words))
		fail_msg("e-mail of %s lacks \"%s\": %s", aksi, words, s);
	free(s);
	/* and the audit log has the officer, the action and where it came from */
	assert_int_equal(now.audit, before->audit + 1);
	s = srv_db_text(&S, "SELECT staf_id || '|' || aksi || '|' || COALESCE(asal, '') FROM audit"
			    " WHERE objek = 'pengajuan:%lld' ORDER BY id DESC LIMIT 1", id);
	assert_non_null(s);
	assert_string_equal(s, pathf("%lld|%s|127.0.0.1", staf, aksi));
	free(s);
}

/* The newest audit row on the application: "staf_id|aksi|detail". */
static char *last_audit(const char *kode)
{
	return srv_db_text(&S, "SELECT staf_id || '|' || aksi || '|' || COALESCE(detail, '') FROM audit"
			       " WHERE objek = 'pengajuan:%lld' ORDER BY id DESC LIMIT 1",
			       srv_id(&S, "pengajuan", "kode", kode));
}

/* Set-up for the signing step (another module's move): DIPROSES ->
 * TERBIT_TTE in storage, the roll-up moved with it. */
static void force_signed(const char *kode)
{
	long long id = srv_id(&S, "pengajuan", "kode", kode);

	assert_int_equal(srv_db_exec(&S, "UPDATE rekap_pengajuan SET jumlah = jumlah - 1 WHERE status = 'DIPROSES' AND"
				     " (hari, layanan_id) IN (SELECT (created_at + 25200) / 86400, layanan_id FROM pengajuan"
				     " WHERE id = %lld)", id), 0);
	assert_int_equal(srv_db_exec(&S, "INSERT INTO rekap_pengajuan (hari, layanan_id, status, jumlah)"
				     " SELECT (created_at + 25200) / 86400, layanan_id, 'TERBIT_TTE', 1 FROM pengajuan"
				     " WHERE id = %lld ON CONFLICT (hari, layanan_id, status) DO UPDATE"
				     " SET jumlah = rekap_pengajuan.jumlah + 1", id), 0);
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET status = 'TERBIT_TTE', antrean = 'serah',"
				     " ditangani_oleh = NULL, ditangani_at = NULL WHERE id = %lld AND status = 'DIPROSES'",
				     id), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE id = %lld AND status = 'TERBIT_TTE'", id), 1);
}

/* The queue for tok with query; asserts 200. */
static json_t *queue(const char *tok, const char *query)
{
	long st;
	json_t *j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan%s", query), NULL, tok, &st);

	if (st != 200)
		fail_msg("queue %s: %ld %s", query, st, j ? json_dumps(j, 0) : "");
	assert_true(json_is_array(json_object_get(j, "pengajuan")));
	return j;
}

/* Position of kode in a queue answer, -1 when absent. */
static int pos_in(const json_t *j, const char *kode)
{
	json_t *rows = json_object_get(j, "pengajuan"), *row;
	size_t i;

	json_array_foreach(rows, i, row)
		if (!strcmp(jstr(row, "kode"), kode))
			return (int)i;
	return -1;
}

/* ---- set-up --------------------------------------------------------------- */

static int setup(void **st)
{
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", "LOKET_UPLOAD_MAX=300000", "LOKET_PAGE_SIZE=2",
					   NULL };

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	tok_a = pemohon_active_token(&S, NIK_A, PW);
	/* the applicant's own contact data, to find their notices */
	if (!tok_a ||
	    srv_db_exec(&S, "UPDATE pemohon SET no_hp = '%s', email = '%s' WHERE nik = '%s'", HP_A, MAIL_A, NIK_A) < 0)
		return -1;
	tok_ver = staf_api_token(&S, "ver1", "verifikator", "Vera Verifikator");
	tok_ver2 = staf_api_token(&S, "ver2", "verifikator", "Wawan Verifikator");
	tok_op = staf_api_token(&S, "op1", "operator", "Oki Operator");
	tok_op2 = staf_api_token(&S, "op2", "operator", "Putri Operator");
	tok_ttd = staf_api_token(&S, "ttd1", "penandatangan", "Kepala Dinas");
	tok_adm = staf_api_token(&S, "adm1", "admin", "Adi Admin");
	/* an officer limited to another service (set-up: the admin pages have their own tests) */
	tok_lim = staf_api_token(&S, "lim1", "verifikator,operator", "Lina Terbatas");
	if (!tok_ver || !tok_ver2 || !tok_op || !tok_op2 || !tok_ttd || !tok_adm || !tok_lim)
		return -1;
	id_ver = srv_id(&S, "staf", "username", "ver1");
	id_ver2 = srv_id(&S, "staf", "username", "ver2");
	id_op = srv_id(&S, "staf", "username", "op1");
	id_op2 = srv_id(&S, "staf", "username", "op2");
	id_adm = srv_id(&S, "staf", "username", "adm1");
	if (srv_db_exec(&S, "INSERT INTO staf_layanan (staf_id, layanan_id) SELECT s.id, l.id FROM staf s, layanan l"
			    " WHERE s.username = 'lim1' AND l.kode = 'akta-kelahiran'") < 0)
		return -1;
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	free(tok_a);
	free(tok_ver);
	free(tok_ver2);
	free(tok_op);
	free(tok_op2);
	free(tok_ttd);
	free(tok_adm);
	free(tok_lim);
	return srv_stop(&S);
}


/* ---- happy paths ------------------------------------------------------------- */

static void test_signed_service_every_move(void **st)
{
	char *kode = sent(KKH), *s;
	struct trail t;
	json_t *j, *d;
	long long audits, outbox, jid, jid2;
	size_t len;
	char *pdf = make_pdf(0, &len);
	struct resp r;
	long status;
	int files;

	(void)st;
	/* in the verifiers' queue, not the operators' */
	j = queue(tok_ver, pathf("?antrean=verifikasi&q=%s", kode));
	assert_int_equal(pos_in(j, kode), 0);
	d = json_array_get(json_object_get(j, "pengajuan"), 0);
	assert_string_equal(jstr(d, "nik"), "3326********0001");
	assert_string_equal(jstr(d, "layanan_kode"), KKH);
	assert_string_equal(jstr(d, "status"), "DIKIRIM");
	assert_string_equal(jstr(d, "antrean"), "verifikasi");
	json_decref(j);
	j = queue(tok_op, pathf("?antrean=proses&q=%s", kode));
	assert_int_equal(pos_in(j, kode), -1);
	json_decref(j);

	/* the detail shows the NIK in full and is audited as a view */
	audits = srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.lihat'");
	d = detail(tok_ver, kode);
	assert_string_equal(jstr(d, "status"), "DIKIRIM");
	assert_string_equal(jstr(d, "antrean"), "verifikasi");
	assert_string_equal(jstr(d, "nik"), NIK_A);
	assert_null(json_object_get(d, "id"));
	assert_true(json_is_true(json_object_get(d, "tte_wajib")));
	assert_true(json_is_true(json_object_get(json_object_get(d, "boleh"), "setujui")));
	assert_true(json_is_false(json_object_get(json_object_get(d, "boleh"), "langkah")));
	assert_true(json_is_null(json_object_get(d, "ditangani")));
	assert_int_equal(json_array_size(json_object_get(d, "langkah")), 4);
	assert_int_equal(json_array_size(json_object_get(d, "dokumen_jadi")), 0);
	assert_string_equal(jstr(json_array_get(json_object_get(d, "dokumen_jadi_jenis"), 0), "kode"), KKH_JADI);
	assert_int_equal(json_array_size(json_object_get(d, "perubahan")), 0);
	json_decref(d);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.lihat'"), audits + 1);

	/* taking it: "sedang ditangani oleh" the verifier, audited */
	j = move_ok(tok_ver, kode, "ambil", NULL, "DIKIRIM");
	assert_int_equal(jint(json_object_get(j, "ditangani"), "id"), id_ver);
	assert_string_equal(jstr(json_object_get(j, "ditangani"), "nama"), "Vera Verifikator");
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT ditangani_oleh FROM pengajuan WHERE kode = '%s'", kode), id_ver);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.ambil' AND staf_id = %lld"
				    " AND objek = 'pengajuan:%lld'", id_ver, srv_id(&S, "pengajuan", "kode", kode)), 1);
	j = queue(tok_ver, pathf("?antrean=verifikasi&q=%s", kode));
	assert_string_equal(jstr(json_array_get(json_object_get(j, "pengajuan"), 0), "ditangani_oleh"),
			    "Vera Verifikator");
	json_decref(j);

	/* setujui: DIKIRIM -> DISETUJUI, to the operators' queue; the hold ends */
	trail_take(kode, &t);
	j = move_ok(tok_ver, kode, "setujui", json_pack("{s:s}", "catatan", "Berkas lengkap."), "DISETUJUI");
	assert_string_equal(jstr(j, "antrean"), "proses");
	assert_true(json_is_null(json_object_get(j, "ditangani")));
	json_decref(j);
	trail_check(kode, &t, id_ver, "DISETUJUI", "Berkas lengkap.", "pengajuan.setujui", "DISETUJUI");
	j = queue(tok_op, pathf("?antrean=proses&q=%s", kode));
	assert_int_equal(pos_in(j, kode), 0);
	json_decref(j);
	j = queue(tok_ver, pathf("?antrean=verifikasi&q=%s", kode));
	assert_int_equal(pos_in(j, kode), -1);
	json_decref(j);

	/* langkah: a process step, DISETUJUI -> DIPROSES; the operator holds it */
	trail_take(kode, &t);
	j = move_ok(tok_op, kode, "langkah",
		    json_pack("{s:s, s:s}", "langkah", "verifikasi-berkas", "catatan", "Berkas diverifikasi."), "DIPROSES");
	assert_string_equal(jstr(j, "antrean"), "proses");
	assert_int_equal(jint(json_object_get(j, "ditangani"), "id"), id_op);
	d = json_array_get(json_object_get(j, "langkah"), 0);
	assert_string_equal(jstr(d, "kode"), "verifikasi-berkas");
	assert_int_equal(json_array_size(json_object_get(d, "dicatat")), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(d, "dicatat"), 0), "catatan"), "Berkas diverifikasi.");
	assert_string_equal(jstr(json_array_get(json_object_get(d, "dicatat"), 0), "staf"), "Oki Operator");
	json_decref(j);
	trail_check(kode, &t, id_op, "DIPROSES", "Berkas diverifikasi.", "pengajuan.langkah", "DIPROSES");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_langkah WHERE pengajuan_id = %lld AND"
				    " langkah = 'verifikasi-berkas' AND staf_id = %lld AND durasi >= 0 AND baku = 600",
				    srv_id(&S, "pengajuan", "kode", kode), id_op), 1);

	/* a second step keeps DIPROSES */
	trail_take(kode, &t);
	j = move_ok(tok_op, kode, "langkah", json_pack("{s:s, s:s}", "langkah", "input-siak", "catatan", "Data masuk SIAK."),
		    "DIPROSES");
	json_decref(j);
	trail_check(kode, &t, id_op, "DIPROSES", "Data masuk SIAK.", "pengajuan.langkah", "Input Data SIAK");

	/* the finished document: stored, and the application waits for the signer */
	trail_take(kode, &t);
	outbox = srv_count(&S, "outbox");
	files = srv_files(&S, "jadi");
	j = post_jadi(tok_op, kode, KKH_JADI, pdf, len, "kk-final.pdf", "application/pdf", &status);
	assert_int_equal(status, 201);
	jid = jint(j, "id");
	assert_true(jid > 0);
	assert_string_equal(jstr(j, "nama"), "Kartu Keluarga");
	assert_string_equal(jstr(j, "nama_asli"), "kk-final.pdf");
	assert_int_equal(jint(j, "ukuran"), (long long)len);
	json_decref(j);
	assert_int_equal(srv_files(&S, "jadi"), files + 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE id = %lld AND pengajuan_id = %lld AND"
				    " staf_id = %lld", jid, srv_id(&S, "pengajuan", "kode", kode), id_op), 1);
	/* a timeline entry and an audit row; the applicant hears of it when it is signed */
	assert_int_equal(riwayat_of(kode), t.riwayat + 1);
	assert_int_equal(srv_count(&S, "outbox"), outbox);
	s = last_audit(kode);
	assert_string_equal(s, pathf("%lld|pengajuan.dokumen_jadi|" KKH_JADI, id_op));
	free(s);
	d = detail(tok_ttd, kode);
	assert_string_equal(jstr(d, "status"), "DIPROSES");
	assert_string_equal(jstr(d, "antrean"), "tte");
	/* the operator's hold ends with their queue */
	assert_true(json_is_null(json_object_get(d, "ditangani")));
	assert_int_equal(jint(json_array_get(json_object_get(d, "dokumen_jadi"), 0), "id"), jid);
	json_decref(d);
	j = queue(tok_ttd, pathf("?antrean=tte&q=%s", kode));
	assert_int_equal(pos_in(j, kode), 0);
	json_decref(j);
	j = queue(tok_op, pathf("?antrean=proses&q=%s", kode));
	assert_int_equal(pos_in(j, kode), -1);
	json_decref(j);

	/* the signer reads it */
	assert_int_equal(bearer_request(&S, "GET", pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi/%lld", kode, jid),
					NULL, NULL, 0, tok_ttd, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, len);
	assert_memory_equal(r.body, pdf, len);
	s = resp_header(&r, "Content-Type");
	assert_non_null(s);
	assert_non_null(strstr(s, "application/pdf"));
	free(s);
	resp_free(&r);

	/* removed again (a wrong file): back to the operators' queue, file gone */
	trail_take(kode, &t);
	j = api_json(&S, "DELETE", pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi/%lld", kode, jid), NULL,
		     tok_op, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "antrean"), "proses");
	assert_int_equal(json_array_size(json_object_get(j, "dokumen_jadi")), 0);
	json_decref(j);
	assert_int_equal(srv_files(&S, "jadi"), files);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE id = %lld", jid), 0);
	s = last_audit(kode);
	assert_string_equal(s, pathf("%lld|pengajuan.dokumen_jadi_hapus|", id_op));
	free(s);
	assert_int_equal(riwayat_of(kode), t.riwayat + 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_riwayat WHERE pengajuan_id = %lld AND"
				    " catatan LIKE 'Dokumen jadi dihapus%%' AND aktor_id = %lld",
				    srv_id(&S, "pengajuan", "kode", kode), id_op), 1);
	assert_int_equal(bearer_request(&S, "GET", pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi/%lld", kode, jid),
					NULL, NULL, 0, tok_ttd, &r), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	jid2 = attach_jadi(tok_op, kode);
	assert_true(jid2 > 0);

	/* signed (another module's move), then handed over: SELESAI */
	force_signed(kode);
	j = queue(tok_op, pathf("?antrean=serah&q=%s", kode));
	assert_int_equal(pos_in(j, kode), 0);
	json_decref(j);
	trail_take(kode, &t);
	j = move_ok(tok_op, kode, "selesai", json_pack("{s:s, s:s}", "cara", "diambil", "catatan", "Diambil oleh ibu."),
		    "SELESAI");
	assert_string_equal(jstr(j, "cara_selesai"), "diambil");
	assert_true(json_is_null(json_object_get(j, "antrean")));
	json_decref(j);
	trail_check(kode, &t, id_op, "SELESAI", "Diambil oleh ibu.", "pengajuan.selesai", "SELESAI");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND cara_selesai = 'diambil'"
				    " AND selesai_at > 0 AND antrean IS NULL AND ditangani_oleh IS NULL", kode), 1);
	free(kode);
	free(pdf);
}

static void test_sinkronisasi_data_every_move(void **st)
{
	char *kode = sent(SND);
	struct trail t;
	json_t *j, *d;
	long status;

	(void)st;
	d = detail(tok_op, kode);
	assert_true(json_is_false(json_object_get(d, "tte_wajib")));
	assert_int_equal(json_array_size(json_object_get(d, "dokumen_jadi_jenis")), 0);
	json_decref(d);

	trail_take(kode, &t);
	j = move_ok(tok_ver, kode, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	trail_check(kode, &t, id_ver, "DISETUJUI", NULL, "pengajuan.setujui", "tidak perlu melakukan apa pun");

	trail_take(kode, &t);
	j = move_ok(tok_op, kode, "langkah",
		    json_pack("{s:s, s:s}", "langkah", "konsolidasi-manual", "catatan", "Dikirim ke Ditjen Dukcapil."),
		    "DIPROSES");
	json_decref(j);
	trail_check(kode, &t, id_op, "DIPROSES", "Dikirim ke Ditjen Dukcapil.", "pengajuan.langkah", "Konsolidasi Manual");

	/* not finished before its steps are done? it may: the operator decides */
	trail_take(kode, &t);
	j = move_ok(tok_op, kode, "langkah", json_pack("{s:s}", "langkah", "sinkronisasi-dwh"), "DIPROSES");
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(j, "langkah"), 1), "selesai")));
	/* without a signed output it stays with the operators */
	assert_string_equal(jstr(j, "antrean"), "proses");
	json_decref(j);
	trail_check(kode, &t, id_op, "DIPROSES", "Sinkronisasi DWH", "pengajuan.langkah", "Sinkronisasi DWH");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_langkah WHERE pengajuan_id = %lld",
				    srv_id(&S, "pengajuan", "kode", kode)), 2);
	assert_int_equal(srv_db_int(&S, "SELECT baku FROM pengajuan_langkah WHERE pengajuan_id = %lld AND"
				    " langkah = 'konsolidasi-manual'", srv_id(&S, "pengajuan", "kode", kode)), 3600);
	assert_int_equal(srv_db_int(&S, "SELECT baku FROM pengajuan_langkah WHERE pengajuan_id = %lld AND"
				    " langkah = 'sinkronisasi-dwh'", srv_id(&S, "pengajuan", "kode", kode)), 1800);

	/* finished without a document */
	d = detail(tok_op, kode);
	assert_true(json_is_true(json_object_get(json_object_get(d, "boleh"), "selesai")));
	assert_true(json_is_false(json_object_get(json_object_get(d, "boleh"), "dokumen_jadi")));
	json_decref(d);
	trail_take(kode, &t);
	j = move_ok(tok_op, kode, "selesai", json_pack("{s:s}", "cara", "tanpa_dokumen"), "SELESAI");
	assert_string_equal(jstr(j, "cara_selesai"), "tanpa_dokumen");
	json_decref(j);
	trail_check(kode, &t, id_op, "SELESAI", "Tanpa dokumen", "pengajuan.selesai", "SELESAI");
	/* the applicant sees the whole timeline */
	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "status"), "SELESAI");
	assert_int_equal(json_array_size(json_object_get(j, "riwayat")), 6);
	json_decref(j);
	free(kode);
}

static void test_kembalikan_and_what_changed(void **st)
{
	char *kode = sent(KKH);
	struct trail t;
	struct snap sn;
	json_t *j, *ch, *c;
	char longer[1200];
	long status;
	size_t i;
	int found = 0;

	(void)st;
	/* a note is required, and must be text of at most 1000 characters */
	snap_take(kode, &sn);
	j = move(tok_ver, kode, "kembalikan", json_object(), &status);
	expect_invalid(j, status, "catatan");
	j = move(tok_ver, kode, "kembalikan", json_pack("{s:s}", "catatan", "   "), &status);
	expect_invalid(j, status, "catatan");
	j = move(tok_ver, kode, "kembalikan", json_pack("{s:i}", "catatan", 5), &status);
	expect_invalid(j, status, "catatan");
	memset(longer, 'a', 1001);
	longer[1001] = '\0';
	j = move(tok_ver, kode, "kembalikan", json_pack("{s:s}", "catatan", longer), &status);
	expect_invalid(j, status, "catatan");
	j = move(tok_ver, kode, "kembalikan", NULL, &status);
	assert_true(api_error_is(j, status, 400, "permintaan_tidak_sah"));
	snap_same(kode, &sn);

	trail_take(kode, &t);
	j = move_ok(tok_ver, kode, "kembalikan", json_pack("{s:s}", "catatan", "Foto KTP-el buram, mohon unggah ulang."),
		    "DIKEMBALIKAN");
	assert_true(json_is_null(json_object_get(j, "antrean")));
	json_decref(j);
	trail_check(kode, &t, id_ver, "DIKEMBALIKAN", "Foto KTP-el buram", "pengajuan.kembalikan", "Yang perlu diperbaiki");
	/* the notice says what to do next */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE recipient = '%s' AND body LIKE '%%Foto KTP-el"
				    " buram%%' AND body LIKE '%%Kirim%%'", HP_A), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND kembali_data IS NOT NULL",
				    kode), 1);
	/* out of every queue */
	j = queue(tok_ver, pathf("?antrean=verifikasi&q=%s", kode));
	assert_int_equal(pos_in(j, kode), -1);
	json_decref(j);

	/* the applicant corrects it and sends it again */
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode),
			 json_pack("{s:s, s:s, s:s, s:{s:s}}", "nik", NIK_A, "nama", "Siti Aminah", "detail",
				   "Kartu Keluarga saya rusak terkena banjir.", "isian", "jenis", "Rusak"),
			 tok_a, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	assert_int_equal(api_kirim(&S, tok_a, kode, "ambil_kantor"), 0);

	/* the verifier sees what changed since the return */
	j = detail(tok_ver, kode);
	assert_string_equal(jstr(j, "antrean"), "verifikasi");
	ch = json_object_get(j, "perubahan");
	assert_true(json_array_size(ch) >= 2);
	json_array_foreach(ch, i, c)
		if (!strcmp(jstr(c, "bagian"), "isian")) {
			assert_string_equal(jstr(c, "label"), "Jenis Permohonan");
			assert_string_equal(jstr(c, "lama"), "Hilang");
			assert_string_equal(jstr(c, "baru"), "Rusak");
			found++;
		}
	assert_int_equal(found, 1);
	json_decref(j);

	/* and approves it this time; a return is then too late */
	j = move_ok(tok_ver, kode, "setujui", NULL, "DISETUJUI");
	assert_int_equal(json_array_size(json_object_get(j, "perubahan")), 0);
	json_decref(j);
	snap_take(kode, &sn);
	j = move(tok_ver, kode, "kembalikan", json_pack("{s:s}", "catatan", "Terlambat."), &status);
	expect_conflict(j, status, "DISETUJUI");
	snap_same(kode, &sn);
	free(kode);
}

static void test_batalkan_needs_alasan(void **st)
{
	char *k1 = sent(SND), *k2 = sent(KKH);
	struct trail t;
	struct snap sn;
	json_t *j;
	long status;

	(void)st;
	snap_take(k1, &sn);
	j = move(tok_ver, k1, "batalkan", json_object(), &status);
	expect_invalid(j, status, "alasan");
	j = move(tok_ver, k1, "batalkan", json_pack("{s:s}", "alasan", ""), &status);
	expect_invalid(j, status, "alasan");
	j = move(tok_ver, k1, "batalkan", json_pack("{s:b}", "alasan", 1), &status);
	expect_invalid(j, status, "alasan");
	/* a note is not a reason */
	j = move(tok_ver, k1, "batalkan", json_pack("{s:s}", "catatan", "Data ganda."), &status);
	expect_invalid(j, status, "alasan");
	snap_same(k1, &sn);

	/* from DIKIRIM */
	trail_take(k1, &t);
	j = move_ok(tok_ver, k1, "batalkan", json_pack("{s:s}", "alasan", "Data sudah sinkron di BPJS."), "DIBATALKAN");
	assert_true(json_is_null(json_object_get(j, "antrean")));
	json_decref(j);
	trail_check(k1, &t, id_ver, "DIBATALKAN", "Data sudah sinkron di BPJS.", "pengajuan.batalkan",
		    "Data sudah sinkron di BPJS.");
	/* and from DISETUJUI */
	j = move_ok(tok_ver, k2, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	trail_take(k2, &t);
	j = move_ok(tok_ver, k2, "batalkan", json_pack("{s:s}", "alasan", "Pemohon meninggal dunia."), "DIBATALKAN");
	json_decref(j);
	trail_check(k2, &t, id_ver, "DIBATALKAN", "Pemohon meninggal dunia.", "pengajuan.batalkan", "DIBATALKAN");

	/* nothing moves a cancelled application */
	snap_take(k1, &sn);
	j = move(tok_ver, k1, "batalkan", json_pack("{s:s}", "alasan", "Lagi."), &status);
	expect_conflict(j, status, "DIBATALKAN");
	j = move(tok_ver, k1, "setujui", NULL, &status);
	expect_conflict(j, status, "DIBATALKAN");
	j = move(tok_op, k1, "langkah", json_pack("{s:s}", "langkah", "konsolidasi-manual"), &status);
	expect_conflict(j, status, "DIBATALKAN");
	j = move(tok_ver, k1, "ambil", NULL, &status);
	expect_conflict(j, status, "DIBATALKAN");
	snap_same(k1, &sn);
	free(k1);
	free(k2);
}

static void test_pilihan_while_otomatis(void **st)
{
	char *kode = sent_as(KKH, NIK_A, "Siti Aminah", "otomatis"), *k2 = sent(KKH);
	struct trail t;
	struct snap sn;
	json_t *j;
	long status;

	(void)st;
	/* not before approval */
	snap_take(kode, &sn);
	j = move(tok_op, kode, "pilihan", json_pack("{s:s}", "pilihan", "ambil_kantor"), &status);
	expect_conflict(j, status, "DIKIRIM");
	snap_same(kode, &sn);
	j = move_ok(tok_ver, kode, "setujui", NULL, "DISETUJUI");
	assert_true(json_is_true(json_object_get(json_object_get(j, "boleh"), "pilihan")) ||
		    json_is_false(json_object_get(json_object_get(j, "boleh"), "pilihan")));
	json_decref(j);

	snap_take(kode, &sn);
	j = move(tok_op, kode, "pilihan", json_pack("{s:s}", "pilihan", "lewat-pos"), &status);
	expect_invalid(j, status, "pilihan");
	j = move(tok_op, kode, "pilihan", json_pack("{s:s}", "pilihan", "otomatis"), &status);
	expect_invalid(j, status, "pilihan");
	j = move(tok_op, kode, "pilihan", json_object(), &status);
	expect_invalid(j, status, "pilihan");
	snap_same(kode, &sn);

	trail_take(kode, &t);
	j = move_ok(tok_op, kode, "pilihan", json_pack("{s:s}", "pilihan", "diantar"), "DISETUJUI");
	assert_string_equal(jstr(j, "pilihan_dokumen_jadi"), "diantar");
	json_decref(j);
	trail_check(kode, &t, id_op, "DISETUJUI", "Pilihan Dokumen Jadi", "pengajuan.pilihan", "Pilihan Dokumen Jadi");

	/* the applicant's own choice is never overridden */
	snap_take(kode, &sn);
	j = move(tok_op, kode, "pilihan", json_pack("{s:s}", "pilihan", "ambil_kantor"), &status);
	expect_conflict(j, status, "DISETUJUI");
	snap_same(kode, &sn);
	j = move_ok(tok_ver, k2, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	snap_take(k2, &sn);
	j = move(tok_op, k2, "pilihan", json_pack("{s:s}", "pilihan", "diantar"), &status);
	expect_conflict(j, status, "DISETUJUI");
	snap_same(k2, &sn);
	free(kode);
	free(k2);
}

/* ---- illegal moves by status -------------------------------------------------- */

/* A move that must answer 409 in status current and change nothing. */
static void refused_409(const char *tok, const char *kode, const char *action, json_t *body, const char *current)
{
	struct snap sn;
	long status;
	json_t *j;

	snap_take(kode, &sn);
	j = move(tok, kode, action, body, &status);
	if (status != 409)
		fail_msg("%s on %s (%s): %ld", action, kode, current, status);
	expect_conflict(j, status, current);
	snap_same(kode, &sn);
}

static void test_bad_illegal_moves_409(void **st)
{
	char *kk = sent(KKH), *kk2 = sent(KKH), *snd = sent(SND), *kk3 = sent(KKH);
	size_t len;
	char *pdf = make_pdf(0, &len);
	struct snap sn;
	json_t *j;
	long status;
	long long jid;

	(void)st;
	/* DIKIRIM: nothing of the operator's yet */
	refused_409(tok_op, kk, "langkah", json_pack("{s:s}", "langkah", "verifikasi-berkas"), "DIKIRIM");
	refused_409(tok_op, kk, "selesai", json_pack("{s:s}", "cara", "diambil"), "DIKIRIM");
	refused_409(tok_op, kk, "pilihan", json_pack("{s:s}", "pilihan", "diantar"), "DIKIRIM");
	snap_take(kk, &sn);
	j = post_jadi(tok_op, kk, KKH_JADI, pdf, len, "kk.pdf", "application/pdf", &status);
	expect_conflict(j, status, "DIKIRIM");
	snap_same(kk, &sn);

	/* approving twice */
	j = move_ok(tok_ver, kk, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	refused_409(tok_ver, kk, "setujui", NULL, "DISETUJUI");
	refused_409(tok_ver, kk, "kembalikan", json_pack("{s:s}", "catatan", "Ada yang kurang."), "DISETUJUI");
	/* a signed-output service is finished only after the signature */
	j = move_ok(tok_op, kk, "langkah", json_pack("{s:s}", "langkah", "verifikasi-berkas"), "DIPROSES");
	json_decref(j);
	refused_409(tok_op, kk, "selesai", json_pack("{s:s}", "cara", "diambil"), "DIPROSES");
	refused_409(tok_ver, kk, "batalkan", json_pack("{s:s}", "alasan", "Terlambat."), "DIPROSES");
	refused_409(tok_ver, kk, "setujui", NULL, "DIPROSES");
	/* once signed, no more steps or documents */
	jid = attach_jadi(tok_op, kk);
	force_signed(kk);
	refused_409(tok_op, kk, "langkah", json_pack("{s:s}", "langkah", "input-siak"), "TERBIT_TTE");
	snap_take(kk, &sn);
	j = api_json(&S, "DELETE", pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi/%lld", kk, jid), NULL,
		     tok_op, &status);
	expect_conflict(j, status, "TERBIT_TTE");
	j = post_jadi(tok_op, kk, KKH_JADI, pdf, len, "kk.pdf", "application/pdf", &status);
	expect_conflict(j, status, "TERBIT_TTE");
	/* a service with a document cannot end "without a document" */
	j = move(tok_op, kk, "selesai", json_pack("{s:s}", "cara", "tanpa_dokumen"), &status);
	expect_invalid(j, status, "cara");
	j = move(tok_op, kk, "selesai", json_pack("{s:s}", "cara", "dibuang"), &status);
	expect_invalid(j, status, "cara");
	j = move(tok_op, kk, "selesai", json_object(), &status);
	expect_invalid(j, status, "cara");
	snap_same(kk, &sn);
	j = move_ok(tok_op, kk, "selesai", json_pack("{s:s}", "cara", "cetak_mandiri"), "SELESAI");
	json_decref(j);
	refused_409(tok_op, kk, "selesai", json_pack("{s:s}", "cara", "diambil"), "SELESAI");
	refused_409(tok_ver, kk, "batalkan", json_pack("{s:s}", "alasan", "x"), "SELESAI");

	/* Sinkronisasi Data has no finished document, so nothing to print */
	j = move_ok(tok_ver, snd, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	snap_take(snd, &sn);
	j = post_jadi(tok_op, snd, KKH_JADI, pdf, len, "kk.pdf", "application/pdf", &status);
	expect_conflict(j, status, "DISETUJUI");
	snap_same(snd, &sn);
	refused_409(tok_op, snd, "selesai", json_pack("{s:s}", "cara", "diambil"), "DISETUJUI");
	j = move_ok(tok_op, snd, "langkah", json_pack("{s:s}", "langkah", "konsolidasi-manual"), "DIPROSES");
	json_decref(j);
	refused_409(tok_op, snd, "selesai", json_pack("{s:s}", "cara", "cetak_mandiri"), "DIPROSES");

	/* a returned application waits for the applicant */
	j = move_ok(tok_ver, kk2, "kembalikan", json_pack("{s:s}", "catatan", "Formulir belum ditandatangani."),
		    "DIKEMBALIKAN");
	json_decref(j);
	refused_409(tok_ver, kk2, "setujui", NULL, "DIKEMBALIKAN");
	refused_409(tok_ver, kk2, "kembalikan", json_pack("{s:s}", "catatan", "Lagi."), "DIKEMBALIKAN");
	refused_409(tok_ver, kk2, "ambil", NULL, "DIKEMBALIKAN");
	refused_409(tok_op, kk2, "langkah", json_pack("{s:s}", "langkah", "verifikasi-berkas"), "DIKEMBALIKAN");

	/* bad steps are field errors: unknown, the signer's own, missing */
	j = move_ok(tok_ver, kk3, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	snap_take(kk3, &sn);
	j = move(tok_op, kk3, "langkah", json_pack("{s:s}", "langkah", "tidak-ada"), &status);
	expect_invalid(j, status, "langkah");
	j = move(tok_op, kk3, "langkah", json_pack("{s:s}", "langkah", "tte-kepala-dinas"), &status);
	expect_invalid(j, status, "langkah");
	j = move(tok_op, kk3, "langkah", json_pack("{s:s}", "catatan", "Tanpa langkah."), &status);
	expect_invalid(j, status, "langkah");
	j = move(tok_op, kk3, "langkah", json_pack("{s:[]}", "langkah"), &status);
	expect_invalid(j, status, "langkah");
	snap_same(kk3, &sn);

	/* a draft is the applicant's alone: not found for officers */
	{
		char *dr = draft(KKH, NIK_A, "Siti Aminah");
		long long audits = srv_count(&S, "audit");

		j = move(tok_ver, dr, "setujui", NULL, &status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
		j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s", dr), NULL, tok_ver, &status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
		j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s/chat", dr), NULL, tok_ver, &status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
		j = move(tok_ver, dr, "ambil", NULL, &status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
		assert_int_equal(srv_count(&S, "audit"), audits);
		assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DRAFT'", dr),
				 1);
		free(dr);
	}
	free(kk);
	free(kk2);
	free(kk3);
	free(snd);
	free(pdf);
}

/* ---- the hold ---------------------------------------------------------------- */

static void test_hold_and_takeover(void **st)
{
	char *kode = sent(KKH), *nama_ver, *s;
	struct snap sn;
	json_t *j;
	long status;

	(void)st;
	nama_ver = srv_db_text(&S, "SELECT nama FROM staf WHERE id = %lld", id_ver);
	j = move_ok(tok_ver, kode, "ambil", NULL, "DIKIRIM");
	json_decref(j);
	/* taking it again is harmless */
	j = move_ok(tok_ver, kode, "ambil", json_object(), "DIKIRIM");
	json_decref(j);

	/* officer B's move while A holds it: 409 naming A, nothing changed */
	snap_take(kode, &sn);
	j = move(tok_ver2, kode, "setujui", NULL, &status);
	assert_int_equal(status, 409);
	assert_string_equal(err_code(j), "status_tidak_sesuai");
	assert_non_null(strstr(err_msg(j), nama_ver));
	assert_string_equal(jstr(json_object_get(j, "error"), "status"), "DIKIRIM");
	json_decref(j);
	j = move(tok_ver2, kode, "kembalikan", json_pack("{s:s}", "catatan", "Kurang."), &status);
	assert_int_equal(status, 409);
	assert_non_null(strstr(err_msg(j), nama_ver));
	json_decref(j);
	j = move(tok_ver2, kode, "batalkan", json_pack("{s:s}", "alasan", "Ganda."), &status);
	assert_int_equal(status, 409);
	json_decref(j);
	j = move(tok_ver2, kode, "ambil", NULL, &status);
	assert_int_equal(status, 409);
	assert_non_null(strstr(err_msg(j), nama_ver));
	json_decref(j);
	j = move(tok_ver2, kode, "lepas", NULL, &status);
	assert_int_equal(status, 409);
	json_decref(j);
	j = move(tok_ver2, kode, "ambil", json_pack("{s:s}", "paksa", "ya"), &status);
	expect_invalid(j, status, "paksa");
	j = move(tok_ver2, kode, "ambil", json_pack("{s:b}", "paksa", 0), &status);
	assert_int_equal(status, 409);
	json_decref(j);
	snap_same(kode, &sn);

	/* the operators' queue is not theirs to take */
	snap_take(kode, &sn);
	j = move(tok_op, kode, "ambil", json_pack("{s:b}", "paksa", 1), &status);
	expect_conflict(j, status, "DIKIRIM");
	snap_same(kode, &sn);

	/* paksa: B takes it over, audited with the previous holder */
	j = move_ok(tok_ver2, kode, "ambil", json_pack("{s:b}", "paksa", 1), "DIKIRIM");
	assert_int_equal(jint(json_object_get(j, "ditangani"), "id"), id_ver2);
	json_decref(j);
	s = last_audit(kode);
	assert_string_equal(s, pathf("%lld|pengajuan.ambil_alih|%s", id_ver2, nama_ver));
	free(s);
	assert_int_equal(srv_db_int(&S, "SELECT ditangani_oleh FROM pengajuan WHERE kode = '%s'", kode), id_ver2);
	/* now A is the one refused */
	snap_take(kode, &sn);
	j = move(tok_ver, kode, "setujui", NULL, &status);
	assert_int_equal(status, 409);
	assert_non_null(strstr(err_msg(j), "Wawan Verifikator"));
	json_decref(j);
	snap_same(kode, &sn);

	/* B lets go; then anyone may act */
	j = move_ok(tok_ver2, kode, "lepas", NULL, "DIKIRIM");
	assert_true(json_is_null(json_object_get(j, "ditangani")));
	json_decref(j);
	s = last_audit(kode);
	assert_string_equal(s, pathf("%lld|pengajuan.lepas|", id_ver2));
	free(s);
	/* an admin may release someone else's hold */
	j = move_ok(tok_ver, kode, "ambil", NULL, "DIKIRIM");
	json_decref(j);
	j = move_ok(tok_adm, kode, "lepas", NULL, "DIKIRIM");
	json_decref(j);
	s = last_audit(kode);
	assert_string_equal(s, pathf("%lld|pengajuan.lepas|", id_adm));
	free(s);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND ditangani_oleh IS NULL", kode),
			 1);
	/* a move by an officer when nobody holds it */
	j = move_ok(tok_ver2, kode, "setujui", NULL, "DISETUJUI");
	json_decref(j);

	/* an operator's hold in the operators' queue */
	j = move_ok(tok_op, kode, "langkah", json_pack("{s:s}", "langkah", "verifikasi-berkas"), "DIPROSES");
	json_decref(j);
	refused_409(tok_op2, kode, "langkah", json_pack("{s:s}", "langkah", "input-siak"), "DIPROSES");
	snap_take(kode, &sn);
	{
		size_t len;
		char *pdf = make_pdf(0, &len);

		j = post_jadi(tok_op2, kode, KKH_JADI, pdf, len, "kk.pdf", "application/pdf", &status);
		assert_int_equal(status, 409);
		assert_non_null(strstr(err_msg(j), "Oki Operator"));
		json_decref(j);
		free(pdf);
	}
	snap_same(kode, &sn);
	free(nama_ver);
	free(kode);
}

/* ---- refusals by role ------------------------------------------------------------ */

struct call {
	const char *method, *action;   /* action: "" = the detail itself */
	const char *body;              /* JSON text, or NULL */
};

static const struct call MOVES[] = {
	{ "GET", "", NULL },
	{ "POST", "ambil", NULL },
	{ "POST", "lepas", NULL },
	{ "POST", "setujui", "{}" },
	{ "POST", "kembalikan", "{\"catatan\":\"Kurang lengkap.\"}" },
	{ "POST", "batalkan", "{\"alasan\":\"Ganda.\"}" },
	{ "POST", "langkah", "{\"langkah\":\"verifikasi-berkas\"}" },
	{ "POST", "pilihan", "{\"pilihan\":\"diantar\"}" },
	{ "POST", "selesai", "{\"cara\":\"diambil\"}" },
	{ "POST", "dokumen-jadi", "{}" },
	{ "GET", "dokumen-jadi/1", NULL },
	{ "DELETE", "dokumen-jadi/1", NULL },
	{ "GET", "chat", NULL },
};

static json_t *call(const struct call *c, const char *kode, const char *tok, long *status)
{
	const char *path = *c->action ? pathf("/api/v1/staf/pengajuan/%s/%s", kode, c->action)
				      : pathf("/api/v1/staf/pengajuan/%s", kode);

	return api_json(&S, c->method, path, c->body ? json_loads(c->body, 0, NULL) : NULL, tok, status);
}

/* Asserts that tok is refused with want/code on action (a MOVES entry). */
static void refused_role(const char *tok, const char *kode, const char *action, long want, const char *code)
{
	size_t i;
	long status;
	json_t *j;

	for (i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++)
		if (!strcmp(MOVES[i].action, action) && strcmp(MOVES[i].method, "DELETE")) {
			j = call(&MOVES[i], kode, tok, &status);
			if (status != want)
				fail_msg("%s %s: %ld, want %ld", MOVES[i].method, action, status, want);
			assert_true(api_error_is(j, status, want, code));
			return;
		}
	fail_msg("no call %s", action);
}

static void test_bad_roles_refused(void **st)
{
	char *kode = sent(KKH);
	struct snap sn;
	size_t i;
	long status;
	json_t *j;
	const char *const tokens[] = { NULL, "bukan-token", tok_a };
	const long want[] = { 401, 401, 403 };
	const char *const codes[] = { "perlu_login", "perlu_login", "akses_ditolak" };
	static const char *const verifier_moves[] = { "setujui", "kembalikan", "batalkan" };
	static const char *const operator_moves[] = { "langkah", "pilihan", "selesai", "dokumen-jadi" };
	size_t k;

	(void)st;
	snap_take(kode, &sn);
	/* no token, a dead one, an applicant's: every endpoint */
	for (k = 0; k < 3; k++) {
		for (i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++) {
			j = call(&MOVES[i], kode, tokens[k], &status);
			if (status != want[k])
				fail_msg("%s %s with token %zu: %ld", MOVES[i].method, MOVES[i].action, k, status);
			assert_true(api_error_is(j, status, want[k], codes[k]));
		}
		j = api_json(&S, "GET", "/api/v1/staf/pengajuan", NULL, tokens[k], &status);
		assert_true(api_error_is(j, status, want[k], codes[k]));
		j = api_json(&S, "GET", "/api/v1/staf/dasbor", NULL, tokens[k], &status);
		assert_true(api_error_is(j, status, want[k], codes[k]));
		j = api_json(&S, "GET", pathf("/api/v1/staf/dokumen/%lld/berkas", lib_doc), NULL, tokens[k], &status);
		assert_true(api_error_is(j, status, want[k], codes[k]));
	}
	/* operators and signers do not verify */
	for (i = 0; i < 3; i++) {
		refused_role(tok_op, kode, verifier_moves[i], 403, "akses_ditolak");
		refused_role(tok_ttd, kode, verifier_moves[i], 403, "akses_ditolak");
	}
	/* verifiers and signers do not process */
	for (i = 0; i < 4; i++) {
		refused_role(tok_ver, kode, operator_moves[i], 403, "akses_ditolak");
		refused_role(tok_ttd, kode, operator_moves[i], 403, "akses_ditolak");
	}
	j = api_json(&S, "DELETE", pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi/1", kode), NULL, tok_ver, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	{
		size_t len;
		char *pdf = make_pdf(0, &len);

		j = post_jadi(tok_ver, kode, KKH_JADI, pdf, len, "kk.pdf", "application/pdf", &status);
		assert_true(api_error_is(j, status, 403, "akses_ditolak"));
		j = post_jadi(tok_ttd, kode, KKH_JADI, pdf, len, "kk.pdf", "application/pdf", &status);
		assert_true(api_error_is(j, status, 403, "akses_ditolak"));
		free(pdf);
	}
	/* the message names who may */
	j = move(tok_op, kode, "setujui", NULL, &status);
	assert_non_null(strstr(err_msg(j), "verifikator"));
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	/* the signer does not chat either (like POST .../chat) */
	refused_role(tok_ttd, kode, "chat", 403, "akses_ditolak");
	/* queues belong to their roles */
	j = api_json(&S, "GET", "/api/v1/staf/pengajuan?antrean=verifikasi", NULL, tok_op, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	j = api_json(&S, "GET", "/api/v1/staf/pengajuan?antrean=proses", NULL, tok_ver, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	j = api_json(&S, "GET", "/api/v1/staf/pengajuan?antrean=tte", NULL, tok_op, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	j = api_json(&S, "GET", "/api/v1/staf/pengajuan?antrean=serah", NULL, tok_ttd, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	snap_same(kode, &sn);
	/* the role refusals changed nothing; the role's own moves still work */
	j = move_ok(tok_adm, kode, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	j = queue(tok_ttd, "?antrean=tte");
	json_decref(j);
	j = queue(tok_adm, "?antrean=verifikasi");
	json_decref(j);
	free(kode);
}

/* ---- officers limited to some services ---------------------------------------------- */

static void test_bad_other_services_404(void **st)
{
	char *kode = sent(KKH);
	long long jid;
	struct snap sn;
	size_t i;
	long status;
	json_t *j;

	(void)st;
	j = move_ok(tok_ver, kode, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	jid = attach_jadi(tok_op, kode);
	snap_take(kode, &sn);
	for (i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++) {
		const char *path = *MOVES[i].action ? pathf("/api/v1/staf/pengajuan/%s/%s", kode, MOVES[i].action)
						    : pathf("/api/v1/staf/pengajuan/%s", kode);

		if (strstr(MOVES[i].action, "dokumen-jadi/"))
			path = pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi/%lld", kode, jid);
		j = api_json(&S, MOVES[i].method, path, MOVES[i].body ? json_loads(MOVES[i].body, 0, NULL) : NULL,
			     tok_lim, &status);
		if (!strcmp(MOVES[i].action, "dokumen-jadi")) {
			/* not multipart: refused before any lookup */
			assert_true(api_error_is(j, status, 400, "permintaan_tidak_sah"));
			continue;
		}
		if (status != 404)
			fail_msg("%s %s: %ld", MOVES[i].method, MOVES[i].action, status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	}
	{
		size_t len;
		char *pdf = make_pdf(0, &len);

		j = post_jadi(tok_lim, kode, KKH_JADI, pdf, len, "kk.pdf", "application/pdf", &status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
		free(pdf);
	}
	j = api_json(&S, "GET", pathf("/api/v1/staf/dokumen/%lld/berkas", lib_doc), NULL, tok_lim, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	/* not in their queues or counts */
	j = queue(tok_lim, pathf("?q=%s", kode));
	assert_int_equal(jint(j, "total"), 0);
	assert_int_equal(pos_in(j, kode), -1);
	json_decref(j);
	j = queue(tok_lim, "?antrean=proses");
	assert_int_equal(jint(j, "total"), 0);
	json_decref(j);
	j = queue(tok_lim, "");
	assert_int_equal(jint(j, "total"), 0);
	json_decref(j);
	j = api_json(&S, "GET", "/api/v1/staf/dasbor", NULL, tok_lim, &status);
	assert_int_equal(status, 200);
	assert_int_equal(jint(json_object_get(j, "antrean"), "proses"), 0);
	assert_int_equal(json_array_size(json_object_get(j, "per_layanan")), 0);
	json_decref(j);
	/* nothing changed, nothing was logged as seen */
	snap_same(kode, &sn);

	/* given the service, they see it */
	assert_int_equal(srv_db_exec(&S, "INSERT INTO staf_layanan (staf_id, layanan_id) SELECT s.id, l.id FROM staf s,"
				     " layanan l WHERE s.username = 'lim1' AND l.kode = '" KKH "'"), 0);
	j = detail(tok_lim, kode);
	assert_string_equal(jstr(j, "status"), "DISETUJUI");
	json_decref(j);
	j = queue(tok_lim, pathf("?q=%s", kode));
	assert_int_equal(jint(j, "total"), 1);
	json_decref(j);
	assert_int_equal(srv_db_exec(&S, "DELETE FROM staf_layanan WHERE layanan_id = (SELECT id FROM layanan WHERE kode ="
				     " '" KKH "')"), 0);
	free(kode);
}

/* ---- finished-document uploads ----------------------------------------------------- */

/* The file of issue 11 through the API: 422 on "file" with the reason, and
 * nothing stored (no row, no file, no timeline, audit or outbox entry). */
static void test_bad_dokumen_jadi_javascript_pdf(void **st)
{
	static const char *const files[] = { "pdf/javascript.pdf", "pdf/objstm-javascript.pdf" };
	char *kode = sent(KKH);
	struct snap sn;
	size_t i, len;
	long status;
	json_t *j;

	(void)st;
	j = move_ok(tok_ver, kode, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	snap_take(kode, &sn);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *pdf = fixture(files[i], &len);

		assert_non_null(pdf);
		j = post_jadi(tok_op, kode, KKH_JADI, pdf, len, "kk-siak.pdf", "application/pdf", &status);
		assert_non_null(field_msg(j, "file"));
		if (!strstr(field_msg(j, "file"), "File PDF memuat JavaScript"))
			fail_msg("%s: %s", files[i], field_msg(j, "file"));
		expect_invalid(j, status, "file");
		free(pdf);
	}
	snap_same(kode, &sn);
	free(kode);
}

static void test_bad_dokumen_jadi_uploads(void **st)
{
	char *kode = sent(KKH), *big, *cut;
	struct snap sn;
	size_t len, blen;
	char *pdf = make_pdf(0, &len);
	long status;
	json_t *j;
	struct resp r;

	(void)st;
	j = move_ok(tok_ver, kode, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	snap_take(kode, &sn);
	/* not a PDF: an image named .pdf, plain text, a PDF cut short */
	j = post_jadi(tok_op, kode, KKH_JADI, (const char *)jpeg_24x16, jpeg_24x16_len, "kk.pdf",
		      "application/pdf", &status);
	expect_invalid(j, status, "file");
	j = post_jadi(tok_op, kode, KKH_JADI, "Ini bukan PDF sama sekali.", 26, "kk.pdf", "application/pdf", &status);
	expect_invalid(j, status, "file");
	cut = malloc(len);
	memcpy(cut, pdf, len);
	j = post_jadi(tok_op, kode, KKH_JADI, cut, len - 10, "kk.pdf", "application/pdf", &status);
	expect_invalid(j, status, "file");
	free(cut);
	/* over the limit */
	big = make_pdf(UPLOAD_MAX, &blen);
	assert_true(blen > UPLOAD_MAX);
	j = post_jadi(tok_op, kode, KKH_JADI, big, blen, "kk.pdf", "application/pdf", &status);
	assert_int_equal(status, 422);
	assert_non_null(field_msg(j, "file"));
	assert_non_null(strstr(field_msg(j, "file"), "Ukuran"));
	expect_invalid(j, status, "file");
	free(big);
	/* far over it: refused before the body is read */
	big = make_pdf(2 * 1024 * 1024, &blen);
	j = post_jadi(tok_op, kode, KKH_JADI, big, blen, "kk.pdf", "application/pdf", &status);
	assert_int_equal(status, 413);
	json_decref(j);
	free(big);
	/* empty, missing */
	j = post_jadi(tok_op, kode, KKH_JADI, "", 0, "kk.pdf", "application/pdf", &status);
	expect_invalid(j, status, "file");
	j = post_jadi(tok_op, kode, KKH_JADI, NULL, 0, NULL, NULL, &status);
	expect_invalid(j, status, "file");
	/* unknown or missing jenis */
	j = post_jadi(tok_op, kode, "akta-nikah", pdf, len, "kk.pdf", "application/pdf", &status);
	expect_invalid(j, status, "jenis");
	j = post_jadi(tok_op, kode, NULL, pdf, len, "kk.pdf", "application/pdf", &status);
	expect_invalid(j, status, "jenis");
	/* not multipart */
	j = move(tok_op, kode, "dokumen-jadi", json_pack("{s:s}", "jenis", KKH_JADI), &status);
	assert_true(api_error_is(j, status, 400, "permintaan_tidak_sah"));
	assert_int_equal(bearer_request(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi", kode),
					"application/pdf", pdf, len, tok_op, &r), 0);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	/* nothing stored: no row, no file, no trail */
	snap_same(kode, &sn);

	/* unknown ids and codes */
	j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi/999999", kode), NULL, tok_op, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi/abc", kode), NULL, tok_op, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "DELETE", pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi/999999", kode), NULL, tok_op, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = post_jadi(tok_op, "KKH33269999", KKH_JADI, pdf, len, "kk.pdf", "application/pdf", &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	free(pdf);
	free(kode);
}

/* ---- detail, chat, supporting documents --------------------------------------------- */

static void test_bad_detail_unknown_404(void **st)
{
	long long audits = srv_count(&S, "audit");
	static const char *const codes[] = { "KKH33269999", "kkh3326", "AB", "KKH-1", "%2e%2e" };
	long status;
	json_t *j;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s", codes[i]), NULL, tok_ver, &status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
		j = move(tok_ver, codes[i], "setujui", NULL, &status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
		j = move(tok_op, codes[i], "langkah", json_pack("{s:s}", "langkah", "input-siak"), &status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	}
	/* a JSON body that is not an object or not JSON */
	{
		char *kode = sent(SND);
		struct resp r;

		assert_int_equal(bearer_request(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/setujui", kode),
						"application/json", "[1]", 3, tok_ver, &r), 0);
		assert_int_equal(r.status, 400);
		resp_free(&r);
		assert_int_equal(bearer_request(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/setujui", kode),
						"text/plain", "ok", 2, tok_ver, &r), 0);
		assert_int_equal(r.status, 400);
		resp_free(&r);
		assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DIKIRIM'",
					    kode), 1);
		free(kode);
	}
	assert_int_equal(srv_count(&S, "audit"), audits);
}

static void test_chat_and_supporting_documents(void **st)
{
	char *kode = sent(SND);
	long status;
	json_t *j;
	struct resp r;
	char *ct;

	(void)st;
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Kapan selesai?"),
		     tok_a, &status);
	assert_int_equal(status, 201);
	json_decref(j);
	j = queue(tok_ver, pathf("?q=%s", kode));
	assert_int_equal(jint(json_array_get(json_object_get(j, "pengajuan"), 0), "chat_belum_dibaca"), 1);
	json_decref(j);
	j = detail(tok_ver, kode);
	assert_int_equal(jint(j, "chat_belum_dibaca"), 1);
	json_decref(j);
	j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan/%s/chat", kode), NULL, tok_op, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "chat"), 0), "isi"), "Kapan selesai?");
	json_decref(j);
	/* read now */
	j = queue(tok_ver, pathf("?q=%s", kode));
	assert_int_equal(jint(json_array_get(json_object_get(j, "pengajuan"), 0), "chat_belum_dibaca"), 0);
	json_decref(j);
	j = detail(tok_ver, kode);
	assert_int_equal(jint(j, "chat_belum_dibaca"), 0);
	json_decref(j);

	/* the supporting documents of the detail, for officers */
	assert_int_equal(bearer_request(&S, "GET", pathf("/api/v1/staf/dokumen/%lld/berkas", lib_doc), NULL, NULL, 0,
					tok_ver, &r), 0);
	assert_int_equal(r.status, 200);
	ct = resp_header(&r, "Content-Type");
	assert_non_null(ct);
	assert_non_null(strstr(ct, "image/"));
	free(ct);
	resp_free(&r);
	assert_int_equal(bearer_request(&S, "GET", pathf("/api/v1/staf/dokumen/%lld/berkas?thumb=1", lib_doc), NULL,
					NULL, 0, tok_ttd, &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	j = api_json(&S, "GET", pathf("/api/v1/staf/dokumen/%lld/berkas?thumb=x", lib_doc), NULL, tok_ver, &status);
	expect_invalid(j, status, "thumb");
	j = api_json(&S, "GET", "/api/v1/staf/dokumen/99999999/berkas", NULL, tok_ver, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "GET", "/api/v1/staf/dokumen/0/berkas", NULL, tok_ver, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	free(kode);
}

/* ---- queues ------------------------------------------------------------------- */

static void test_queue_filters_search_sort_pages(void **st)
{
	char *k1 = sent_as(SND, "3326071203880011", "Zulfa Satu", "ambil_kantor");
	char *k2 = sent_as(SND, "3326074506950012", "Zulfa Dua", "ambil_kantor");
	char *k3 = sent_as(SND, "3326070101000013", "Zulfa Tiga", "ambil_kantor");
	json_t *j, *rows;
	long long now;

	(void)st;
	/* a page of two (LOKET_PAGE_SIZE), oldest first by default */
	j = queue(tok_ver, "?antrean=verifikasi&q=zulfa");
	assert_int_equal(jint(j, "total"), 3);
	assert_int_equal(jint(j, "per_halaman"), 2);
	assert_int_equal(jint(j, "halaman"), 1);
	assert_int_equal(jint(j, "jumlah_halaman"), 2);
	assert_true(json_is_false(json_object_get(j, "total_lebih")));
	rows = json_object_get(j, "pengajuan");
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(pos_in(j, k1), 0);
	assert_int_equal(pos_in(j, k2), 1);
	/* masked NIKs only */
	{
		char *all = json_dumps(j, 0);

		assert_null(strstr(all, "3326071203880011"));
		assert_non_null(strstr(all, "3326********0011"));
		free(all);
	}
	json_decref(j);
	j = queue(tok_ver, "?antrean=verifikasi&q=zulfa&halaman=2");
	assert_int_equal(json_array_size(json_object_get(j, "pengajuan")), 1);
	assert_int_equal(pos_in(j, k3), 0);
	json_decref(j);
	j = queue(tok_ver, "?antrean=verifikasi&q=zulfa&halaman=3");
	assert_int_equal(json_array_size(json_object_get(j, "pengajuan")), 0);
	assert_int_equal(jint(j, "total"), 3);
	json_decref(j);
	j = queue(tok_ver, "?antrean=verifikasi&q=zulfa&urut=baru");
	assert_int_equal(pos_in(j, k3), 0);
	assert_int_equal(pos_in(j, k2), 1);
	json_decref(j);
	j = queue(tok_ver, "?antrean=verifikasi&q=zulfa&urut=lama");
	assert_int_equal(pos_in(j, k1), 0);
	json_decref(j);

	/* search: name prefix in any case, exact NIK, exact code (any case) */
	j = queue(tok_ver, "?q=ZULFA");
	assert_int_equal(jint(j, "total"), 3);
	json_decref(j);
	j = queue(tok_ver, "?q=Zulfa%20D");
	assert_int_equal(jint(j, "total"), 1);
	assert_int_equal(pos_in(j, k2), 0);
	json_decref(j);
	j = queue(tok_ver, "?q=ulfa");
	assert_int_equal(jint(j, "total"), 0);
	json_decref(j);
	j = queue(tok_ver, "?q=3326074506950012");
	assert_int_equal(jint(j, "total"), 1);
	assert_int_equal(pos_in(j, k2), 0);
	json_decref(j);
	j = queue(tok_ver, "?q=332607450695");
	assert_int_equal(jint(j, "total"), 0);
	json_decref(j);
	j = queue(tok_ver, pathf("?q=%s", k3));
	assert_int_equal(jint(j, "total"), 1);
	assert_int_equal(pos_in(j, k3), 0);
	json_decref(j);
	{
		char lower[32];
		size_t i;

		for (i = 0; k3[i] && i + 1 < sizeof lower; i++)
			lower[i] = (char)(k3[i] >= 'A' && k3[i] <= 'Z' ? k3[i] + 32 : k3[i]);
		lower[i] = '\0';
		j = queue(tok_ver, pathf("?q=%s", lower));
		assert_int_equal(pos_in(j, k3), 0);
		json_decref(j);
	}
	/* the user's wildcards are literal */
	j = queue(tok_ver, "?q=Zul%25");
	assert_int_equal(jint(j, "total"), 0);
	json_decref(j);

	/* deadlines: sort and the overdue filter (set-up: the times) */
	now = srv_db_int(&S, "SELECT MAX(dikirim_at) FROM pengajuan");
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET tenggat_at = %lld WHERE kode = '%s'", now + 30000, k1), 0);
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET tenggat_at = %lld WHERE kode = '%s'", now - 600, k2), 0);
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET tenggat_at = %lld WHERE kode = '%s'", now + 20000, k3), 0);
	j = queue(tok_ver, "?antrean=verifikasi&q=zulfa&urut=tenggat");
	assert_int_equal(pos_in(j, k2), 0);
	assert_int_equal(pos_in(j, k3), 1);
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(j, "pengajuan"), 0), "terlambat")));
	assert_true(json_is_false(json_object_get(json_array_get(json_object_get(j, "pengajuan"), 1), "terlambat")));
	json_decref(j);
	j = queue(tok_ver, "?q=zulfa&terlambat=1");
	assert_int_equal(jint(j, "total"), 1);
	assert_int_equal(pos_in(j, k2), 0);
	json_decref(j);
	j = queue(tok_ver, "?q=zulfa&terlambat=0");
	assert_int_equal(jint(j, "total"), 3);
	json_decref(j);
	j = api_json(&S, "GET", "/api/v1/staf/dasbor", NULL, tok_ver, &(long){ 0 });
	{
		json_t *late = json_object_get(j, "terlambat_list");
		size_t i, hit = 0;
		json_t *e;

		assert_true(jint(j, "terlambat") >= 1);
		json_array_foreach(late, i, e)
			hit += !strcmp(jstr(e, "kode"), k2);
		assert_int_equal(hit, 1);
	}
	json_decref(j);

	/* status and service filters */
	j = move_ok(tok_ver, k1, "setujui", NULL, "DISETUJUI");
	json_decref(j);
	j = queue(tok_ver, "?q=zulfa&status=DISETUJUI");
	assert_int_equal(jint(j, "total"), 1);
	assert_int_equal(pos_in(j, k1), 0);
	json_decref(j);
	j = queue(tok_ver, "?q=zulfa&status=DIKIRIM");
	assert_int_equal(jint(j, "total"), 2);
	json_decref(j);
	j = queue(tok_ver, "?q=zulfa&antrean=verifikasi");
	assert_int_equal(jint(j, "total"), 2);
	json_decref(j);
	j = queue(tok_op, "?q=zulfa&antrean=proses");
	assert_int_equal(jint(j, "total"), 1);
	json_decref(j);
	j = queue(tok_ver, "?q=zulfa&layanan=" SND);
	assert_int_equal(jint(j, "total"), 3);
	json_decref(j);
	j = queue(tok_ver, "?q=zulfa&layanan=" KKH);
	assert_int_equal(jint(j, "total"), 0);
	json_decref(j);
	/* the holder's name in the row */
	j = move_ok(tok_ver, k2, "ambil", NULL, "DIKIRIM");
	json_decref(j);
	j = queue(tok_ver, pathf("?q=%s", k2));
	assert_string_equal(jstr(json_array_get(json_object_get(j, "pengajuan"), 0), "ditangani_oleh"),
			    "Vera Verifikator");
	assert_int_equal(jint(json_array_get(json_object_get(j, "pengajuan"), 0), "ditangani_id"), id_ver);
	json_decref(j);
	j = move_ok(tok_ver, k2, "lepas", NULL, "DIKIRIM");
	json_decref(j);
	/* drafts never show */
	j = queue(tok_adm, "?q=zulfa");
	assert_int_equal(jint(j, "total"), 3);
	json_decref(j);
	free(k1);
	free(k2);
	free(k3);
}

static void test_bad_queue_params_422(void **st)
{
	static const char *const bad[][2] = {
		{ "?status=SELESAI_SEMUA", "status" },
		{ "?status=DRAFT", "status" },
		{ "?status=dikirim", "status" },
		{ "?status=DIKIRIM&antrean=verifikasi", "status" },
		{ "?antrean=arsip", "antrean" },
		{ "?urut=acak", "urut" },
		{ "?layanan=tidak-ada", "layanan" },
		{ "?terlambat=2", "terlambat" },
		{ "?terlambat=ya", "terlambat" },
		{ "?halaman=0", "halaman" },
		{ "?halaman=-1", "halaman" },
		{ "?halaman=abc", "halaman" },
		{ "?halaman=01", "halaman" },
		{ "?halaman=99999999", "halaman" },
	};
	char q[160] = "?q=";
	long status;
	json_t *j;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan%s", bad[i][0]), NULL, tok_adm, &status);
		if (status != 422)
			fail_msg("%s: %ld", bad[i][0], status);
		expect_invalid(j, status, bad[i][1]);
	}
	memset(q + 3, 'a', 101);
	q[104] = '\0';
	j = api_json(&S, "GET", pathf("/api/v1/staf/pengajuan%s", q), NULL, tok_adm, &status);
	expect_invalid(j, status, "q");
	/* several at once */
	j = api_json(&S, "GET", "/api/v1/staf/pengajuan?status=X&urut=Y&halaman=0", NULL, tok_adm, &status);
	assert_int_equal(status, 422);
	assert_int_equal(nfields(j), 3);
	json_decref(j);
	/* 100 characters are fine, even when they take more bytes */
	q[103] = '\0';
	j = queue(tok_adm, q);
	assert_int_equal(jint(j, "total"), 0);
	json_decref(j);
	{
		char wide[40 + 101 * 6] = "/api/v1/staf/pengajuan?q=";

		for (i = 0; i < 100; i++)
			strcat(wide, "%C3%A9");   /* é */
		j = api_json(&S, "GET", wide, NULL, tok_adm, &status);
		assert_int_equal(status, 200);
		assert_int_equal(jint(j, "total"), 0);
		json_decref(j);
		strcat(wide, "%C3%A9");
		j = api_json(&S, "GET", wide, NULL, tok_adm, &status);
		expect_invalid(j, status, "q");
	}
}

/* ---- dashboard and roll-up ------------------------------------------------------ */

static void test_dasbor_counts(void **st)
{
	long status;
	json_t *j, *e;
	size_t i;

	(void)st;
	j = api_json(&S, "GET", "/api/v1/staf/dasbor", NULL, tok_ver, &status);
	assert_int_equal(status, 200);
	assert_int_equal(jint(json_object_get(j, "antrean"), "verifikasi"),
			 srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE antrean = 'verifikasi'"));
	assert_int_equal(jint(json_object_get(j, "antrean"), "proses"),
			 srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE antrean = 'proses'"));
	assert_int_equal(jint(json_object_get(j, "antrean"), "tte"),
			 srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE antrean = 'tte'"));
	assert_true(jint(j, "hari_ini") >= 1);
	json_array_foreach(json_object_get(j, "per_status"), i, e)
		assert_int_equal(jint(e, "jumlah"),
				 srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE status = '%s'",
					    jstr(e, "status")));
	assert_int_equal(json_array_size(json_object_get(j, "per_status")), 7);
	json_decref(j);
}

/* Last: the report roll-up follows every status change made above. */
static void test_rekap_follows_status(void **st)
{
	(void)st;
	/* the tests above left applications in most statuses */
	assert_true(srv_db_int(&S, "SELECT COUNT(DISTINCT status) FROM pengajuan") >= 7);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM (SELECT status, COUNT(*) AS n FROM pengajuan GROUP BY status) p"
					" LEFT JOIN (SELECT status, SUM(jumlah) AS j FROM rekap_pengajuan GROUP BY status) r"
					" ON r.status = p.status WHERE r.j IS NULL OR r.j <> p.n"), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM (SELECT status, SUM(jumlah) AS j FROM rekap_pengajuan GROUP BY status) r"
					" LEFT JOIN (SELECT status, COUNT(*) AS n FROM pengajuan GROUP BY status) p"
					" ON p.status = r.status WHERE r.j <> COALESCE(p.n, 0)"), 0);
	assert_int_equal(srv_db_int(&S, "SELECT SUM(jumlah) FROM rekap_pengajuan"), srv_count(&S, "pengajuan"));
	/* and per service and day */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM (SELECT (created_at + 25200) / 86400 AS hari, layanan_id, status,"
					" COUNT(*) AS n FROM pengajuan GROUP BY (created_at + 25200) / 86400, layanan_id, status) p"
					" LEFT JOIN rekap_pengajuan r ON r.hari = p.hari AND r.layanan_id = p.layanan_id"
					" AND r.status = p.status WHERE r.jumlah IS NULL OR r.jumlah <> p.n"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signed_service_every_move),
		cmocka_unit_test(test_sinkronisasi_data_every_move),
		cmocka_unit_test(test_kembalikan_and_what_changed),
		cmocka_unit_test(test_batalkan_needs_alasan),
		cmocka_unit_test(test_pilihan_while_otomatis),
		cmocka_unit_test(test_bad_illegal_moves_409),
		cmocka_unit_test(test_hold_and_takeover),
		cmocka_unit_test(test_bad_roles_refused),
		cmocka_unit_test(test_bad_other_services_404),
		cmocka_unit_test(test_bad_dokumen_jadi_uploads),
		cmocka_unit_test(test_bad_dokumen_jadi_javascript_pdf),
		cmocka_unit_test(test_bad_detail_unknown_404),
		cmocka_unit_test(test_chat_and_supporting_documents),
		cmocka_unit_test(test_queue_filters_search_sort_pages),
		cmocka_unit_test(test_bad_queue_params_422),
		cmocka_unit_test(test_dasbor_counts),
		cmocka_unit_test(test_rekap_follows_status),
	};

	return cmocka_run_group_tests_name("http_api_staf", tests, setup, teardown);
}
