// SPDX-License-Identifier: MIT
// Signed documents (TTE) through the real server: signing (local key and BSrE stand-in), one download, expiry, re-issue, revocation, verification.
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

#ifndef LOKET_SOURCE_DIR
#define LOKET_SOURCE_DIR "."
#endif

#define PW "Feb1702."
#define PASS "Rahasia-TTE-2024"         /* the dev CA's signer passphrase */
#define NIK_A "3326071505900001"
#define NIK_B "3326071505900002"
#define HP_A "6281299990001"
#define KKH "kk-hilang-rusak"
#define KKH_JADI "kartu-keluarga"
#define BSRE_USER "loket"
#define BSRE_PW "bsre-rahasia"

static struct srv S;           /* local signer */
static char *tok_a, *tok_b, *tok_ver, *tok_op, *tok_ttd, *tok_ttd2, *tok_adm;
static char *pdf_src;          /* tests/fixtures/pdf/siak.pdf */
static size_t pdf_src_len;

/* ---- helpers ------------------------------------------------------------ */

/* A sent application of the signed-output service KKH for applicant tok. */
static char *sent(struct srv *s, const char *tok, const char *nik, const char *nama)
{
	json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", KKH, "nik", nik, "nama", nama, "detail",
			      "Kartu Keluarga saya hilang saat pindah rumah.", "isian", "jenis", "Hilang");
	char *kode = api_create(s, tok, b);

	assert_non_null(kode);
	assert_int_equal(api_upload(s, tok, kode, "ktp-el", "ktp.jpg", NULL, NULL), 0);
	assert_int_equal(api_upload(s, tok, kode, "formulir", "f101.jpg", NULL, NULL), 0);
	assert_int_equal(api_kirim(s, tok, kode, "cetak_mandiri"), 0);
	return kode;
}

static json_t *move(struct srv *s, const char *tok, const char *kode, const char *action, json_t *body, long *st)
{
	return api_json(s, "POST", pathf("/api/v1/staf/pengajuan/%s/%s", kode, action), body, tok, st);
}

static void move_ok(struct srv *s, const char *tok, const char *kode, const char *action, json_t *body)
{
	long st;
	json_t *j = move(s, tok, kode, action, body, &st);

	if (st != 200)
		fail_msg("%s %s: %ld %s", action, kode, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

/* An application of applicant tok waiting in the signing queue. */
static char *in_tte_queue(struct srv *s, const char *tok, const char *tver, const char *top, const char *nik,
			  const char *nama)
{
	char *kode = sent(s, tok, nik, nama);
	struct part parts[] = {
		{ "jenis", KKH_JADI, 0, NULL, NULL },
		{ "file", pdf_src, pdf_src_len, "kk-siak.pdf", "application/pdf" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	long st;
	json_t *j;

	move_ok(s, tver, kode, "setujui", NULL);
	move_ok(s, top, kode, "langkah", json_pack("{s:s}", "langkah", "verifikasi-berkas"));
	j = api_multipart(s, pathf("/api/v1/staf/pengajuan/%s/dokumen-jadi", kode), parts, top, &st);
	if (st != 201)
		fail_msg("dokumen-jadi: %ld %s", st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	assert_int_equal(srv_db_int(s, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND antrean = 'tte'", kode), 1);
	return kode;
}

/* 1 when the JSON text of j contains needle. */
static int json_holds(const json_t *j, const char *needle)
{
	char *text = json_dumps(j, 0);
	int found = text && strstr(text, needle);

	free(text);
	return found;
}

static json_t *sign(struct srv *s, const char *tok, const char *kode, const char *pass, long *st)
{
	return move(s, tok, kode, "tandatangani", pass ? json_pack("{s:s}", "passphrase", pass) : json_object(), st);
}

/* The applicant's dokumen_ttd list of kode (new reference). */
static json_t *ttd_list(struct srv *s, const char *tok, const char *kode)
{
	long st;
	json_t *j = api_json(s, "GET", pathf("/api/v1/pengajuan/%s", kode), NULL, tok, &st), *l;

	assert_int_equal(st, 200);
	l = json_incref(json_object_get(j, "dokumen_ttd"));
	json_decref(j);
	assert_true(json_is_array(l));
	return l;
}

static long long doc_id(struct srv *s, const char *kode)
{
	return srv_db_int(s, "SELECT j.id FROM dokumen_jadi j JOIN pengajuan p ON p.id = j.pengajuan_id"
			     " WHERE p.kode = '%s' ORDER BY j.id LIMIT 1", kode);
}

static const char *unduh_path(struct srv *s, const char *kode)
{
	return pathf("/api/v1/pengajuan/%s/dokumen-jadi/%lld/unduh", kode, doc_id(s, kode));
}

/*
 * A one-page PDF of about n bytes: its content stream is n bytes of
 * comment lines, so the signed file is larger than what loopback sockets
 * buffer and an aborted download cannot have been handed over whole.
 */
static char *big_pdf(size_t n, size_t *len)
{
	struct { char *p; size_t len; } b = { 0 };
	size_t off[5], i, body = n;
	FILE *f = open_memstream(&b.p, &b.len);

	assert_non_null(f);
	fputs("%PDF-1.4\n", f);
	fflush(f);
	off[1] = b.len;
	fputs("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n", f);
	fflush(f);
	off[2] = b.len;
	fputs("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n", f);
	fflush(f);
	off[3] = b.len;
	fputs("3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n", f);
	fflush(f);
	off[4] = b.len;
	fprintf(f, "4 0 obj << /Length %zu >> stream\n", body);
	for (i = 0; i + 64 <= body; i += 64)
		fputs("% padding line of a large test document ......................\n", f);
	for (; i < body; i++)
		fputc(i + 1 == body ? '\n' : ' ', f);
	fputs("\nendstream endobj\n", f);
	fflush(f);
	{
		size_t xref = b.len;

		fputs("xref\n0 5\n0000000000 65535 f \n", f);
		for (i = 1; i < 5; i++)
			fprintf(f, "%010zu 00000 n \n", off[i]);
		fprintf(f, "trailer << /Size 5 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
	}
	fclose(f);
	*len = b.len;
	return b.p;
}

/* Starts the download of path with bearer tok, reads a few kilobytes and
 * resets the connection: a transfer cut off by the client. */
static void cut_download(struct srv *s, const char *path, const char *tok)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)s->port) };
	struct linger lg = { 1, 0 };
	char req[1024], buf[4096];
	size_t got = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
		 "Connection: close\r\n\r\n", path, tok);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	while (got < 16384) {
		ssize_t k = read(fd, buf, sizeof buf - 1);

		if (k <= 0)
			break;
		if (!got) {
			buf[k] = '\0';
			assert_true(!strncmp(buf, "HTTP/1.1 200", 12));
		}
		got += (size_t)k;
	}
	assert_true(got > 0);
	/* RST, not FIN: the server's next write fails */
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(fd);
}

/* Waits (up to 3 s) until the download of kode's document is recorded. */
static int wait_downloaded(struct srv *s, const char *kode)
{
	for (int i = 0; i < 60; i++) {
		if (srv_db_int(s, "SELECT COUNT(*) FROM dokumen_jadi WHERE id = %lld AND diunduh_at IS NOT NULL",
			       doc_id(s, kode)) == 1)
			return 1;
		usleep(50000);
	}
	return 0;
}

/* 1 when the newest outbox message holding marker also holds a and b
 * (waits up to 5 s for the outbox delivery). */
static int notice_has(struct srv *s, const char *marker, const char *a, const char *b)
{
	for (int tries = 0; tries < 100; tries++) {
		char **lines;
		size_t n = outbox_lines(s, 0, &lines), i;
		int found = -1;

		for (i = n; i-- > 0 && found < 0;)
			if (strstr(lines[i], marker))
				found = strstr(lines[i], a) && strstr(lines[i], b);
		outbox_free(lines, n);
		if (found >= 0)
			return found;
		usleep(50000);
	}
	return 0;
}

/* POST /api/v1/verifikasi with pdf; the answer (200 asserted). */
static json_t *verify_upload(struct srv *s, const char *pdf, size_t len)
{
	struct part parts[] = {
		{ "file", pdf, len, "cek.pdf", "application/pdf" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	long st;
	json_t *j = api_multipart(s, "/api/v1/verifikasi", parts, NULL, &st);

	if (st != 200)
		fail_msg("verifikasi: %ld %s", st, j ? json_dumps(j, 0) : "");
	return j;
}

/* ---- set-up --------------------------------------------------------------- */

static int setup(void **state)
{
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", "LOKET_LOGIN_MAX_ACCOUNT=3",
					    "LOKET_UPLOAD_MAX=41943040", NULL };
	static const char *const ca_env[] = { "LOKET_TTE_PASSPHRASE=" PASS, NULL };
	char *const dev_ca[] = { LOKET_BIN, "tte", "dev-ca", NULL };

	(void)state;
	pdf_src = file_read(LOKET_SOURCE_DIR "/tests/fixtures/pdf/siak.pdf", &pdf_src_len);
	/* the fault disk stays idle until test_crash_mid_sign */
	fault_set(NULL);
	if (!pdf_src || srv_start(&S, fault_env(env)) < 0)
		return -1;
	if (srv_run(&S, ca_env, dev_ca, NULL) != 0) {
		fprintf(stderr, "loket tte dev-ca failed\n");
		return -1;
	}
	tok_a = pemohon_active_token(&S, NIK_A, PW);
	tok_b = pemohon_active_token(&S, NIK_B, PW);
	if (!tok_a || !tok_b ||
	    srv_db_exec(&S, "UPDATE pemohon SET no_hp = '%s' WHERE nik = '%s'", HP_A, NIK_A) < 0)
		return -1;
	tok_ver = staf_api_token(&S, "ver1", "verifikator", "Vera Verifikator");
	tok_op = staf_api_token(&S, "op1", "operator", "Oki Operator");
	tok_ttd = staf_api_token(&S, "ttd1", "penandatangan", "Dr. Kepala Dinas");
	tok_ttd2 = staf_api_token(&S, "ttd2", "penandatangan", "Wakil Kepala");
	tok_adm = staf_api_token(&S, "adm1", "admin", "Adi Admin");
	return tok_ver && tok_op && tok_ttd && tok_ttd2 && tok_adm ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(tok_a);
	free(tok_b);
	free(tok_ver);
	free(tok_op);
	free(tok_ttd);
	free(tok_ttd2);
	free(tok_adm);
	free(pdf_src);
	return srv_stop(&S);
}

/* ---- local signer ---------------------------------------------------------- */

static void test_sign_download_once_verify(void **state)
{
	char *kode = in_tte_queue(&S, tok_a, tok_ver, tok_op, NIK_A, "Siti Aminah"), *code, *cmd, *h;
	long long outbox, audit, files = srv_files(&S, "ttd");
	json_t *j, *l, *d;
	struct resp r;
	long st;
	char nss[300];

	(void)state;
	/* the signing queue lists it for the signer, oldest first */
	j = api_json(&S, "GET", "/api/v1/staf/tte", NULL, tok_ttd, &st);
	assert_int_equal(st, 200);
	assert_true(json_holds(json_object_get(j, "pengajuan"), kode));
	json_decref(j);
	/* before signing: no signed documents */
	l = ttd_list(&S, tok_a, kode);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);

	outbox = srv_count(&S, "outbox");
	audit = srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.tte'");
	j = sign(&S, tok_ttd, kode, PASS, &st);
	if (st != 200)
		fail_msg("sign: %ld %s", st, j ? json_dumps(j, 0) : "");
	assert_string_equal(jstr(j, "status"), "TERBIT_TTE");
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'TERBIT_TTE'"
				    " AND antrean = 'serah' AND ditangani_oleh IS NULL", kode), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.tte'"), audit + 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_langkah l JOIN pengajuan p ON p.id ="
				    " l.pengajuan_id WHERE p.kode = '%s' AND l.langkah = 'tte-kepala-dinas'", kode), 1);
	assert_true(srv_count(&S, "outbox") > outbox);
	assert_true(notice_has(&S, "DITANDATANGANI SECARA ELEKTRONIK", pathf("/pengajuan/%s", kode), "SATU KALI"));
	assert_int_equal(srv_files(&S, "ttd"), files + 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE id = %lld AND length(sha256_ttd) = 64"
				    " AND length(kode_verifikasi) = 24 AND penandatangan_nama = 'Dr. Kepala Dinas'"
				    " AND unduh_sampai > ditandatangani_at", doc_id(&S, kode)), 1);
	code = srv_db_text(&S, "SELECT kode_verifikasi FROM dokumen_jadi WHERE id = %lld", doc_id(&S, kode));
	assert_non_null(code);

	/* the applicant sees it available */
	l = ttd_list(&S, tok_a, kode);
	d = json_array_get(l, 0);
	assert_string_equal(jstr(d, "status"), "tersedia");
	assert_string_equal(jstr(d, "kode_verifikasi"), code);
	assert_true(json_is_null(json_object_get(d, "diunduh_at")));
	json_decref(l);

	/* another applicant: as unknown */
	assert_int_equal(bearer_request(&S, "GET", unduh_path(&S, kode), NULL, NULL, 0, tok_b, &r), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	/* no token */
	assert_int_equal(bearer_request(&S, "GET", unduh_path(&S, kode), NULL, NULL, 0, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE id = %lld AND diunduh_at IS NULL",
				    doc_id(&S, kode)), 1);

	/* the one download */
	assert_int_equal(bearer_request(&S, "GET", unduh_path(&S, kode), NULL, NULL, 0, tok_a, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.len > pdf_src_len);
	assert_memory_equal(r.body, pdf_src, pdf_src_len);   /* an incremental update */
	h = resp_header(&r, "Content-Disposition");
	assert_non_null(h);
	assert_true(strstr(h, "attachment") != NULL);
	free(h);
	h = resp_header(&r, "Cache-Control");
	assert_non_null(h);
	assert_true(strstr(h, "no-store") != NULL);
	free(h);
	assert_true(wait_downloaded(&S, kode));

	/* the signature validates with the dev CA trusted (poppler + NSS) */
	{
		char pdfpath[300], ca[300];
		FILE *f;

		snprintf(nss, sizeof nss, "%s/nss", S.dir);
		snprintf(pdfpath, sizeof pdfpath, "%s/signed.pdf", S.dir);
		snprintf(ca, sizeof ca, "%s/tte/ca.pem", S.dir);
		f = fopen(pdfpath, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(r.body, 1, r.len, f), r.len);
		fclose(f);
		assert_int_equal(asprintf(&cmd, "mkdir -p %s && certutil -N -d sql:%s --empty-password >/dev/null 2>&1 &&"
					  " certutil -A -d sql:%s -n ca -t CT,C,C -i %s && pdfsig -nssdir sql:%s %s"
					  " > %s/pdfsig.txt 2>&1", nss, nss, nss, ca, nss, pdfpath, S.dir) > 0, 1);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		assert_int_equal(asprintf(&cmd, "grep -q 'Signature is Valid' %s/pdfsig.txt && grep -q 'Certificate is"
					  " Trusted' %s/pdfsig.txt", S.dir, S.dir) > 0, 1);
		if (system(cmd) != 0) {
			free(cmd);
			assert_int_equal(asprintf(&cmd, "cat %s/pdfsig.txt >&2", S.dir) > 0, 1);
			(void)!system(cmd);
			fail_msg("pdfsig does not accept the signature");
		}
		free(cmd);
	}

	/* the upload check: ours and intact; a flipped byte is not */
	j = verify_upload(&S, r.body, r.len);
	assert_true(json_is_true(json_object_get(j, "dikenal")));
	assert_string_equal(jstr(j, "tanda_tangan"), "valid");
	assert_string_equal(jstr(json_object_get(j, "dokumen"), "nomor"), kode);
	json_decref(j);
	r.body[pdf_src_len / 2] ^= 0x01;
	j = verify_upload(&S, r.body, r.len);
	assert_true(json_is_false(json_object_get(j, "dikenal")));
	assert_string_equal(jstr(j, "tanda_tangan"), "rusak");
	json_decref(j);
	j = verify_upload(&S, pdf_src, pdf_src_len);
	assert_string_equal(jstr(j, "tanda_tangan"), "tidak_ada");
	json_decref(j);
	resp_free(&r);

	/* the second download is refused and says when */
	j = api_json(&S, "GET", unduh_path(&S, kode), NULL, tok_a, &st);
	assert_int_equal(st, 409);
	assert_string_equal(err_code(j), "tidak_dapat_diunduh");
	assert_true(strstr(err_msg(j), "sudah diunduh pada") != NULL);
	json_decref(j);
	l = ttd_list(&S, tok_a, kode);
	assert_string_equal(jstr(json_array_get(l, 0), "status"), "diunduh");
	assert_true(jint(json_array_get(l, 0), "diunduh_at") > 0);
	json_decref(l);

	/* public verification by code: genuine, masked name */
	j = api_json(&S, "GET", pathf("/api/v1/verifikasi/%s", code), NULL, NULL, &st);
	assert_int_equal(st, 200);
	assert_true(json_is_true(json_object_get(j, "asli")));
	assert_string_equal(jstr(j, "status"), "aktif");
	assert_string_equal(jstr(j, "nama"), "S*** A*****");
	assert_string_equal(jstr(j, "nomor"), kode);
	assert_string_equal(jstr(j, "jenis"), "Kartu Keluarga");
	assert_string_equal(jstr(j, "penandatangan"), "Dr. Kepala Dinas");
	assert_false(json_holds(j, NIK_A));
	json_decref(j);
	free(code);
	free(kode);
}

static void test_reissue_and_expiry(void **state)
{
	char *kode = in_tte_queue(&S, tok_a, tok_ver, tok_op, NIK_A, "Siti Aminah"), *s;
	json_t *j;
	struct resp r;
	long st;

	(void)state;
	j = sign(&S, tok_ttd, kode, PASS, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	/* the window passes without a download */
	assert_int_equal(srv_db_exec(&S, "UPDATE dokumen_jadi SET unduh_sampai = %lld WHERE id = %lld",
				     (long long)time(NULL) - 10, doc_id(&S, kode)), 0);
	j = api_json(&S, "GET", unduh_path(&S, kode), NULL, tok_a, &st);
	assert_int_equal(st, 409);
	assert_true(strstr(err_msg(j), "berakhir") != NULL);
	json_decref(j);
	j = ttd_list(&S, tok_a, kode);
	assert_string_equal(jstr(json_array_get(j, 0), "status"), "kedaluwarsa");
	json_decref(j);

	/* only operator/admin re-issue; the reason is required */
	j = move(&S, tok_ttd, kode, "terbitkan-ulang", json_pack("{s:s}", "alasan", "x"), &st);
	assert_true(api_error_is(j, st, 403, "akses_ditolak"));
	j = move(&S, tok_op, kode, "terbitkan-ulang", json_object(), &st);
	assert_true(api_error_is(j, st, 422, "data_tidak_valid"));
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'tte.terbitkan_ulang'"), 0);

	j = move(&S, tok_op, kode, "terbitkan-ulang", json_pack("{s:s}", "alasan", "Pemohon belum sempat mengunduh."), &st);
	assert_int_equal(st, 200);
	json_decref(j);
	s = srv_db_text(&S, "SELECT detail FROM audit WHERE aksi = 'tte.terbitkan_ulang' AND objek = 'pengajuan:%lld'",
			srv_id(&S, "pengajuan", "kode", kode));
	assert_non_null(s);
	assert_string_equal(s, "Pemohon belum sempat mengunduh.");
	free(s);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE id = %lld AND unduh_sampai > %lld",
				    doc_id(&S, kode), (long long)time(NULL) + 86400), 1);
	/* a new window: one download again */
	assert_int_equal(bearer_request(&S, "GET", unduh_path(&S, kode), NULL, NULL, 0, tok_a, &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_true(wait_downloaded(&S, kode));
	j = api_json(&S, "GET", unduh_path(&S, kode), NULL, tok_a, &st);
	assert_int_equal(st, 409);
	json_decref(j);
	free(kode);
}

/* The QR link's visitor: a browser with no cookie and no session checks
 * the signed PDF on the page. */
static void test_anonymous_visitor_verifies_signed_pdf_on_page(void **state)
{
	char *kode = in_tte_queue(&S, tok_a, tok_ver, tok_op, NIK_A, "Siti Aminah"), *stem, *pdf, *csrf;
	struct client *c = client_new(&S);
	long long sessions;
	struct resp r;
	size_t len;
	long st;
	json_t *j;

	(void)state;
	j = sign(&S, tok_ttd, kode, PASS, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	stem = srv_db_text(&S, "SELECT berkas_ttd FROM dokumen_jadi WHERE id = %lld", doc_id(&S, kode));
	assert_non_null(stem);
	pdf = file_read(pathf("%s/files/ttd/%s.pdf", S.dir, stem), &len);
	assert_non_null(pdf);

	sessions = srv_count(&S, "sesi");
	assert_int_equal(client_get(c, "/verifikasi", &r), 0);
	assert_int_equal(r.status, 200);
	csrf = html_field(r.body, "csrf");
	assert_non_null(csrf);
	assert_true(strlen(csrf) > 0);
	resp_free(&r);
	{
		struct part parts[] = {
			{ "csrf", csrf, 0, NULL, NULL },
			{ "file", pdf, len, "kk.pdf", "application/pdf" },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_int_equal(client_multipart(c, "/verifikasi", parts, &r), 0);
	}
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "File ini asli dan berlaku"));
	assert_true(resp_has(&r, "Tanda tangan elektronik pada file ini utuh dan sah."));
	assert_true(resp_has(&r, kode));
	assert_true(resp_has(&r, "S*** A*****"));
	resp_free(&r);
	/* the visitor left no row behind */
	assert_int_equal(srv_count(&S, "sesi"), sessions);
	free(csrf);
	free(pdf);
	free(stem);
	free(kode);
	client_free(c);
}

static void test_revoke(void **state)
{
	char *kode = in_tte_queue(&S, tok_a, tok_ver, tok_op, NIK_A, "Siti Aminah"), *code;
	long long id;
	json_t *j;
	long st;

	(void)state;
	j = sign(&S, tok_ttd, kode, PASS, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	id = doc_id(&S, kode);
	code = srv_db_text(&S, "SELECT kode_verifikasi FROM dokumen_jadi WHERE id = %lld", id);
	/* the operator may not revoke; the reason is required */
	j = api_json(&S, "POST", pathf("/api/v1/staf/dokumen/%lld/cabut", id), json_pack("{s:s}", "alasan", "x"), tok_op,
		     &st);
	assert_true(api_error_is(j, st, 403, "akses_ditolak"));
	j = api_json(&S, "POST", pathf("/api/v1/staf/dokumen/%lld/cabut", id), json_pack("{s:s}", "alasan", ""), tok_ttd,
		     &st);
	assert_true(api_error_is(j, st, 422, "data_tidak_valid"));
	j = api_json(&S, "POST", "/api/v1/staf/dokumen/999999/cabut", json_pack("{s:s}", "alasan", "x"), tok_ttd, &st);
	assert_true(api_error_is(j, st, 404, "tidak_ditemukan"));

	j = api_json(&S, "POST", pathf("/api/v1/staf/dokumen/%lld/cabut", id),
		     json_pack("{s:s}", "alasan", "Data kepala keluarga salah ketik."), tok_ttd, &st);
	assert_int_equal(st, 200);
	assert_string_equal(jstr(j, "status"), "dicabut");
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'tte.cabut' AND objek ="
				    " 'dokumen_jadi:%lld'", id), 1);
	j = api_json(&S, "GET", pathf("/api/v1/verifikasi/%s", code), NULL, NULL, &st);
	assert_int_equal(st, 200);
	assert_string_equal(jstr(j, "status"), "dicabut");
	assert_string_equal(jstr(j, "alasan_cabut"), "Data kepala keluarga salah ketik.");
	json_decref(j);
	j = api_json(&S, "GET", unduh_path(&S, kode), NULL, tok_a, &st);
	assert_int_equal(st, 409);
	assert_true(strstr(err_msg(j), "dicabut") != NULL);
	json_decref(j);
	/* twice: refused */
	j = api_json(&S, "POST", pathf("/api/v1/staf/dokumen/%lld/cabut", id), json_pack("{s:s}", "alasan", "lagi"),
		     tok_adm, &st);
	assert_true(api_error_is(j, st, 409, "status_tidak_sesuai"));
	/* a revoked document is not re-issued */
	j = move(&S, tok_op, kode, "terbitkan-ulang", json_pack("{s:s}", "alasan", "Coba."), &st);
	assert_true(api_error_is(j, st, 409, "status_tidak_sesuai"));
	free(code);
	free(kode);
}

static void test_bad_passphrase_signs_nothing_and_throttles(void **state)
{
	char *kode = in_tte_queue(&S, tok_a, tok_ver, tok_op, NIK_A, "Siti Aminah");
	long long files = srv_files(&S, "ttd"), outbox = srv_count(&S, "outbox"), riwayat = srv_count(&S, "pengajuan_riwayat");
	json_t *j;
	long st;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		j = sign(&S, tok_ttd2, kode, "salah-sekali", &st);
		assert_int_equal(st, 422);
		assert_string_equal(err_code(j), "passphrase_salah");
		assert_non_null(field_msg(j, "passphrase"));
		json_decref(j);
	}
	/* nothing signed, nothing moved */
	assert_int_equal(srv_files(&S, "ttd"), files);
	assert_int_equal(srv_count(&S, "outbox"), outbox);
	assert_int_equal(srv_count(&S, "pengajuan_riwayat"), riwayat);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DIPROSES'"
				    " AND antrean = 'tte'", kode), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE id = %lld AND berkas_ttd IS NULL"
				    " AND kode_verifikasi IS NULL", doc_id(&S, kode)), 1);
	/* locked now: even the right one waits */
	j = sign(&S, tok_ttd2, kode, PASS, &st);
	assert_true(api_error_is(j, st, 429, "terlalu_banyak_percobaan"));
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DIPROSES'", kode), 1);
	/* another signer is not affected */
	j = sign(&S, tok_ttd, kode, PASS, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	free(kode);
}

static void test_bad_sign_requests(void **state)
{
	char *kode = sent(&S, tok_a, NIK_A, "Siti Aminah");
	json_t *j;
	long st;

	(void)state;
	/* the operator does not sign; the queue is not theirs */
	j = sign(&S, tok_op, kode, PASS, &st);
	assert_true(api_error_is(j, st, 403, "akses_ditolak"));
	j = api_json(&S, "GET", "/api/v1/staf/tte", NULL, tok_op, &st);
	assert_true(api_error_is(j, st, 403, "akses_ditolak"));
	j = api_json(&S, "GET", "/api/v1/staf/tte", NULL, NULL, &st);
	assert_int_equal(st, 401);
	json_decref(j);
	/* not in the signing queue yet */
	j = sign(&S, tok_ttd, kode, PASS, &st);
	assert_true(api_error_is(j, st, 409, "status_tidak_sesuai"));
	/* no passphrase; a passphrase of another type */
	j = sign(&S, tok_ttd, kode, NULL, &st);
	assert_int_equal(st, 409);   /* the state is checked first */
	json_decref(j);
	j = move(&S, tok_ttd, "BUKAN-KODE", "tandatangani", json_pack("{s:s}", "passphrase", PASS), &st);
	assert_true(api_error_is(j, st, 404, "tidak_ditemukan"));
	free(kode);
	kode = in_tte_queue(&S, tok_a, tok_ver, tok_op, NIK_A, "Siti Aminah");
	j = sign(&S, tok_ttd, kode, NULL, &st);
	assert_true(api_error_is(j, st, 422, "data_tidak_valid"));
	j = move(&S, tok_ttd, kode, "tandatangani", json_pack("{s:i}", "passphrase", 5), &st);
	assert_true(api_error_is(j, st, 422, "data_tidak_valid"));
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DIPROSES'", kode), 1);
	/* verification: unknown and malformed codes */
	j = api_json(&S, "GET", "/api/v1/verifikasi/AAAAAAAAAAAAAAAAAAAAAAAA", NULL, NULL, &st);
	assert_true(api_error_is(j, st, 404, "tidak_ditemukan"));
	j = api_json(&S, "GET", "/api/v1/verifikasi/abc'--", NULL, NULL, &st);
	assert_true(api_error_is(j, st, 404, "tidak_ditemukan"));
	/* an upload check without a PDF */
	{
		struct part parts[] = { { "file", "hello", 5, "a.txt", "text/plain" }, { NULL, NULL, 0, NULL, NULL } };

		j = api_multipart(&S, "/api/v1/verifikasi", parts, NULL, &st);
		assert_true(api_error_is(j, st, 422, "data_tidak_valid"));
	}
	free(kode);
}

/* A finished document stored before uploads were checked for active content
 * (here: its file replaced on disk) is not signed, and nothing else is. */
static void test_bad_sign_refuses_stored_javascript_pdf(void **state)
{
	char *kode = in_tte_queue(&S, tok_a, tok_ver, tok_op, NIK_A, "Siti Aminah"), *stem, path[600], *js;
	size_t len;
	long st;
	json_t *j;
	FILE *f;

	(void)state;
	stem = srv_db_text(&S, "SELECT d.berkas FROM dokumen_jadi d JOIN pengajuan p ON p.id = d.pengajuan_id "
			   "WHERE p.kode = '%s'", kode);
	assert_non_null(stem);
	snprintf(path, sizeof path, "%s/files/jadi/%s.pdf", S.dir, stem);
	js = fixture("pdf/javascript.pdf", &len);
	assert_non_null(js);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(js, 1, len, f), len);
	fclose(f);
	j = sign(&S, tok_ttd, kode, PASS, &st);
	assert_int_equal(st, 409);
	assert_non_null(strstr(err_msg(j), "memuat JavaScript"));
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi d JOIN pengajuan p ON p.id = d.pengajuan_id "
				    "WHERE p.kode = '%s' AND d.berkas_ttd IS NOT NULL", kode), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DIPROSES'", kode), 1);
	free(js);
	free(stem);
	free(kode);
}

/* ---- BSrE signer against the stand-in -------------------------------------------- */

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t l = sizeof a;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &l) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static pid_t standin_start(int port, const char *log)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	char ports[16];
	pid_t pid;

	snprintf(ports, sizeof ports, "%d", port);
	/* killed with this program should a test abort before it stops it */
	pid = harness_fork();
	if (pid == 0) {
		execlp("python3", "python3", LOKET_SOURCE_DIR "/tests/http/bsre_standin.py", ports, BSRE_USER, BSRE_PW, log,
		       (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	/* ready when it accepts a connection (up to 10 s) */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < 200; i++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

		ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
		if (fd >= 0)
			close(fd);
		if (ok)
			return pid;
		usleep(50000);
	}
	harness_reap(pid, SIGTERM, 10);
	return -1;
}

static void test_bsre_signer(void **state)
{
	struct srv B;
	char env_url[128], log[300], *tok_pa, *tver, *top, *tsig, *kode, *kode2;
	const char *env[] = { "LOKET_LOGIN_MAX_IP=1000", "LOKET_TTE_SIGNER=bsre", env_url, "LOKET_BSRE_USER=" BSRE_USER,
			      "LOKET_BSRE_PASSWORD=" BSRE_PW, "LOKET_BSRE_NIK=3326000000000001", NULL };
	int port = free_port();
	pid_t py;
	json_t *j;
	struct resp r;
	long st;

	(void)state;
	assert_true(port > 0);
	snprintf(env_url, sizeof env_url, "LOKET_BSRE_URL=http://127.0.0.1:%d", port);
	/* the stand-in takes its port before the server looks for one */
	snprintf(log, sizeof log, "%s/bsre.jsonl", S.dir);
	py = standin_start(port, log);
	assert_true(py > 0);
	assert_int_equal(srv_start(&B, env), 0);
	tok_pa = pemohon_active_token(&B, NIK_A, PW);
	tver = staf_api_token(&B, "ver1", "verifikator", "Vera");
	top = staf_api_token(&B, "op1", "operator", "Oki");
	tsig = staf_api_token(&B, "ttd1", "penandatangan", "Kepala Dinas BSrE");
	assert_non_null(tok_pa);
	assert_non_null(tsig);
	kode = in_tte_queue(&B, tok_pa, tver, top, NIK_A, "Siti Aminah");

	/* BSrE refuses the passphrase: nothing signed */
	j = sign(&B, tsig, kode, "salah", &st);
	assert_int_equal(st, 422);
	assert_string_equal(err_code(j), "passphrase_salah");
	json_decref(j);
	assert_int_equal(srv_db_int(&B, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DIPROSES'", kode), 1);
	assert_int_equal(srv_files(&B, "ttd"), 0);

	j = sign(&B, tsig, kode, "benar", &st);
	if (st != 200)
		fail_msg("bsre sign: %ld %s", st, j ? json_dumps(j, 0) : "");
	assert_string_equal(jstr(j, "status"), "TERBIT_TTE");
	json_decref(j);
	/* the client contract as the stand-in saw it */
	{
		size_t n;
		char *txt = file_read(log, &n);

		assert_non_null(txt);
		assert_int_equal(str_count(txt, "\"shape\": true"), 2);
		assert_int_equal(str_count(txt, "\"auth\": false"), 0);
		assert_true(strstr(txt, "\"nik\": \"3326000000000001\"") != NULL);
		free(txt);
	}
	assert_int_equal(bearer_request(&B, "GET", unduh_path(&B, kode), NULL, NULL, 0, tok_pa, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.len == pdf_src_len + strlen("\n%BSrE-standin-signed\n"));
	assert_memory_equal(r.body, pdf_src, pdf_src_len);
	/* the recorded SHA-256 is that of the file BSrE returned */
	j = verify_upload(&B, r.body, r.len);
	assert_true(json_is_true(json_object_get(j, "dikenal")));
	json_decref(j);
	resp_free(&r);

	/* BSrE unreachable: 503, nothing changed */
	kode2 = in_tte_queue(&B, tok_pa, tver, top, NIK_A, "Siti Aminah");
	harness_reap(py, SIGTERM, 10);
	j = sign(&B, tsig, kode2, "benar", &st);
	assert_true(api_error_is(j, st, 503, "penanda_tangan_tidak_tersedia"));
	assert_int_equal(srv_db_int(&B, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DIPROSES'", kode2),
			 1);
	assert_int_equal(srv_files(&B, "ttd"), 1);
	free(kode);
	free(kode2);
	free(tok_pa);
	free(tver);
	free(top);
	free(tsig);
	assert_int_equal(srv_stop(&B), 0);
}

/* A download cut off by the client does not burn the single download. */
static void test_cut_download_does_not_count(void **state)
{
	size_t big_len, keep_len = pdf_src_len;
	char *big = big_pdf(30u << 20, &big_len), *keep = pdf_src, *kode;
	json_t *j;
	struct resp r;
	long st;

	(void)state;
	pdf_src = big;
	pdf_src_len = big_len;
	kode = in_tte_queue(&S, tok_b, tok_ver, tok_op, NIK_B, "Budi Santoso");
	pdf_src = keep;
	pdf_src_len = keep_len;
	j = sign(&S, tok_ttd, kode, PASS, &st);
	assert_int_equal(st, 200);
	json_decref(j);

	cut_download(&S, unduh_path(&S, kode), tok_b);
	sleep(1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE id = %lld AND diunduh_at IS NULL",
				    doc_id(&S, kode)), 1);
	/* still available, and a whole download counts */
	assert_int_equal(bearer_request(&S, "GET", unduh_path(&S, kode), NULL, NULL, 0, tok_b, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.len > big_len);
	resp_free(&r);
	assert_true(wait_downloaded(&S, kode));
	free(big);
	free(kode);
}

/* ---- a crash while signing ------------------------------------------------- */

/*
 * The server is killed (SIGKILL) while it writes a signed document. After
 * the restart nothing is signed, the sweep has removed the half-written
 * file, and signing again works.
 */
static void test_crash_mid_sign(void **state)
{
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", "LOKET_LOGIN_MAX_ACCOUNT=3",
					    "LOKET_UPLOAD_MAX=41943040", NULL };
	char *kode = in_tte_queue(&S, tok_a, tok_ver, tok_op, NIK_A, "Siti Aminah"), *names, *line, *save;
	size_t n = 0;
	json_t *j;
	pid_t child;
	long st;
	int i;

	(void)state;
	fault_set("slow");
	child = harness_fork();
	assert_true(child >= 0);
	if (child == 0) {
		json_decref(sign(&S, tok_ttd, kode, PASS, &st));
		_exit(0);
	}
	for (i = 0; i < 300 && !n; i++) {
		names = srv_file_names(&S, "ttd");
		n = str_count(names, ".tmp\n");
		free(names);
		usleep(50000);
	}
	srv_crash(&S);
	harness_reap(child, SIGKILL, 10);
	fault_set(NULL);
	assert_true(n >= 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi j JOIN pengajuan p ON p.id = j.pengajuan_id"
				       " WHERE p.kode = '%s' AND j.berkas_ttd IS NOT NULL", kode), 0);

	assert_true(srv_age_files(&S, 2 * 3600) > 0);
	assert_int_equal(srv_respawn_swept(&S, fault_env(env)), 0);
	names = srv_file_names(&S, "ttd");
	assert_null(strstr(names, ".tmp"));
	for (line = strtok_r(names, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi WHERE berkas_ttd = '%.*s'",
					    (int)strcspn(line, "."), line), 1);
	free(names);

	j = sign(&S, tok_ttd, kode, PASS, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen_jadi j JOIN pengajuan p ON p.id = j.pengajuan_id"
				       " WHERE p.kode = '%s' AND j.berkas_ttd IS NOT NULL", kode), 1);
	free(kode);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_download_once_verify),
		cmocka_unit_test(test_reissue_and_expiry),
		cmocka_unit_test(test_anonymous_visitor_verifies_signed_pdf_on_page),
		cmocka_unit_test(test_revoke),
		cmocka_unit_test(test_bad_passphrase_signs_nothing_and_throttles),
		cmocka_unit_test(test_bad_sign_requests),
		cmocka_unit_test(test_bad_sign_refuses_stored_javascript_pdf),
		cmocka_unit_test(test_bsre_signer),
		cmocka_unit_test(test_cut_download_does_not_count),
		cmocka_unit_test(test_crash_mid_sign),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
