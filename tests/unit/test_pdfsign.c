// SPDX-License-Identifier: MIT
// Unit tests for src/lib/pdfsign.c: stamp, PAdES signature, verification (ours and poppler's pdfsig), dev CA.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/pdfsign.h"
#include "readfile.h"

#define FIXTURES LOKET_SOURCE_DIR "/tests/fixtures/pdf"
#define PASS "rahasia-dev-123"
#define RESERVE 16384

static char tmpdir[] = "/tmp/loket-pdfsign-XXXXXX";
static char tte_dir[64], other_dir[64], nss_dir[64];
static struct pdf_key *key;

static const struct pdf_stamp stamp = {
	.qr_text = "https://loket.example.go.id/verifikasi/AbCdEf0123456789",
	.lines = { "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang "
		   "diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), BSSN",
		   "Kepala Dinas Kependudukan & Pencatatan Sipil", "Drs. Bambang Sürya, M.Si. — \\ (uji)",
		   "Ditandatangani 1 Januari 2024", NULL },
};

static int run(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* pdfsig's report on path (trusting the dev CA), into out. */
static void pdfsig(const char *path, struct buf *out)
{
	char cmd[4096];
	FILE *p;
	char chunk[4096];
	size_t n;

	snprintf(cmd, sizeof cmd, "pdfsig -nssdir sql:%s '%s' 2>&1", nss_dir, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	buf_reset(out);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(out, chunk, n);
	pclose(p);
}

static void sign_file(const char *name, struct buf *in, struct buf *out)
{
	char path[512], err[256] = "";

	snprintf(path, sizeof path, "%s/%s", FIXTURES, name);
	read_file(path, in);
	buf_reset(out);
	if (pdf_sign(in->ptr, in->len, &stamp, pdf_cms_sign, key, RESERVE, out, err, sizeof err) != 0)
		fail_msg("signing %s: %s", name, err);
}

static int setup(void **state)
{
	char err[256] = "", cmd[4096], path[512];
	int bad = 0;

	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(tte_dir, sizeof tte_dir, "%s/tte", tmpdir);
	snprintf(other_dir, sizeof other_dir, "%s/other/tte", tmpdir); /* the parent is made too */
	snprintf(nss_dir, sizeof nss_dir, "%s/nss", tmpdir);
	if (pdf_dev_ca_org(tte_dir, PASS, "Drs. Bambang Surya, M.Si.", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Contoh, Provinsi Contoh", err,
			   sizeof err) != 0 ||
	    pdf_dev_ca(other_dir, PASS, "Orang Lain", err, sizeof err) != 0) {
		fprintf(stderr, "dev CA: %s\n", err);
		return -1;
	}
	snprintf(path, sizeof path, "%s/signer.p12", tte_dir);
	key = pdf_key_load(path, PASS, &bad, err, sizeof err);
	if (!key) {
		fprintf(stderr, "key: %s\n", err);
		return -1;
	}
	snprintf(cmd, sizeof cmd,
		 "mkdir -p %s && certutil -N -d sql:%s --empty-password && "
		 "certutil -A -d sql:%s -n loket-dev-ca -t CT,C,C -i %s/ca.pem",
		 nss_dir, nss_dir, nss_dir, tte_dir);
	if (run(cmd) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];

	pdf_key_free(key);
	if (getenv("LOKET_TEST_KEEP")) { /* to look at the signed files */
		fprintf(stderr, "kept %s\n", tmpdir);
		return 0;
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return run(cmd);
}

static void test_dev_ca_files(void **state)
{
	char path[512], err[256] = "";
	struct stat sb;

	assert_int_equal(stat(tte_dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/signer.p12", tte_dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(path, sizeof path, "%s/ca.pem", tte_dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	snprintf(path, sizeof path, "%s/signer.pem", tte_dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_string_equal(pdf_key_name(key), "Drs. Bambang Surya, M.Si.");
	/* an office name longer than the 64 characters X.520 allows is cut */
	{
		char cmd[4096];

		snprintf(cmd, sizeof cmd,
			 "openssl x509 -in %s/signer.pem -noout -subject -nameopt utf8,sep_multiline | "
			 "grep -qx '    O=Dinas Kependudukan dan Pencatatan Sipil Kabupaten Contoh, Provin'",
			 tte_dir);
		assert_int_equal(run(cmd), 0);
	}
	/* the signer certificate chains to the CA and can sign documents */
	{
		char cmd[4096];

		snprintf(cmd, sizeof cmd,
			 "openssl verify -CAfile %s/ca.pem %s/signer.pem >/dev/null 2>&1 && "
			 "openssl x509 -in %s/signer.pem -noout -ext keyUsage | grep -q 'Non Repudiation'",
			 tte_dir, tte_dir, tte_dir);
		assert_int_equal(run(cmd), 0);
	}
	/* never overwritten */
	assert_int_equal(pdf_dev_ca(tte_dir, PASS, "X", err, sizeof err), -1);
	assert_non_null(strstr(err, "already exists"));
	/* too short a passphrase */
	snprintf(path, sizeof path, "%s/short", tmpdir);
	assert_int_equal(pdf_dev_ca(path, "pendek", "X", err, sizeof err), -1);
}

static void test_bad_passphrase(void **state)
{
	char path[512], err[256] = "";
	int bad = 0;
	struct pdf_key *k;

	snprintf(path, sizeof path, "%s/signer.p12", tte_dir);
	k = pdf_key_load(path, "salah-sekali", &bad, err, sizeof err);
	assert_null(k);
	assert_int_equal(bad, 1);
	k = pdf_key_load(path, "", &bad, err, sizeof err);
	assert_null(k);
	assert_int_equal(bad, 1);
	/* not a PKCS#12 file: an error, not a wrong passphrase */
	snprintf(path, sizeof path, "%s/ca.pem", tte_dir);
	k = pdf_key_load(path, PASS, &bad, err, sizeof err);
	assert_null(k);
	assert_int_equal(bad, 0);
	assert_true(err[0] != '\0');
}

static void check_signed(const char *name)
{
	struct buf in = BUF_INIT, out = BUF_INIT, rep = BUF_INIT;
	char path[512], signer[128], cmd[4096];
	char ca[512];
	int rc;

	sign_file(name, &in, &out);
	/* an incremental update: the original bytes are a prefix */
	assert_true(out.len > in.len);
	assert_memory_equal(out.ptr, in.ptr, in.len);
	snprintf(ca, sizeof ca, "%s/ca.pem", tte_dir);
	assert_int_equal(pdf_verify(out.ptr, out.len, ca, signer, sizeof signer), PDF_SIG_VALID);
	assert_string_equal(signer, "Drs. Bambang Surya, M.Si.");
	snprintf(path, sizeof path, "%s/signed-%s", tmpdir, name);
	write_file(path, out.ptr, out.len);
	/* poppler's verifier agrees */
	pdfsig(path, &rep);
	if (!strstr(rep.ptr, "Signature is Valid.") || !strstr(rep.ptr, "Certificate is Trusted.") ||
	    !strstr(rep.ptr, "Total document signed") || !strstr(rep.ptr, "ETSI.CAdES.detached"))
		fail_msg("pdfsig on %s:\n%s", name, rep.ptr);
	/* qpdf still reads it (0: fine, 3: warnings only) */
	if (run("command -v qpdf >/dev/null") == 0) {
		snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
		rc = run(cmd);
		assert_true(rc == 0 || rc == 3);
	}
	/* the page count did not change and the stamp text is there */
	snprintf(cmd, sizeof cmd, "test \"$(pdfinfo '%s' | awk '/^Pages:/ {print $2}')\" = "
				  "\"$(pdfinfo '%s/%s' | awk '/^Pages:/ {print $2}')\"",
		 path, FIXTURES, name);
	assert_int_equal(run(cmd), 0);
	buf_release(&in);
	buf_release(&out);
	buf_release(&rep);
}

static void test_sign_minimal(void **state) { check_signed("minimal.pdf"); }
static void test_sign_objstm(void **state) { check_signed("objstm.pdf"); }
static void test_sign_twopage(void **state) { check_signed("twopage.pdf"); }
static void test_sign_siak(void **state) { check_signed("siak.pdf"); }

static const char *has(const struct buf *b, const char *s)
{
	return memmem(b->ptr, b->len, s, strlen(s));
}

static void test_stamp_content(void **state)
{
	struct buf in = BUF_INIT, out = BUF_INIT;

	sign_file("twopage.pdf", &in, &out);
	/* WinAnsi text, escaped: ü is \374, the em dash \227, ( ) \ escaped */
	assert_non_null(has(&out, "(Drs. Bambang S\\374rya, M.Si. \\227 \\\\ \\(uji\\)) Tj"));
	assert_non_null(has(&out, "/SubFilter /ETSI.CAdES.detached"));
	assert_non_null(has(&out, "/SigFlags 3"));
	/* the old annotation stays in the last page's /Annots, next to the widget */
	assert_non_null(has(&out, "/Annots [ 9 0 R 11 0 R ]"));
	buf_release(&in);
	buf_release(&out);
}

/* an empty stamp and an overfull one both sign and verify */
static void test_stamp_extremes(void **state)
{
	static const char long_line[] = "Sangat panjang sekali kalimat ini sehingga harus dipotong menjadi beberapa baris "
					"Sangat panjang sekali kalimat ini sehingga harus dipotong menjadi beberapa baris "
					"TanpaSpasiTanpaSpasiTanpaSpasiTanpaSpasiTanpaSpasiTanpaSpasiTanpaSpasiTanpaSpasi";
	const struct pdf_stamp no_qr = { .qr_text = NULL, .lines = { "x", NULL } };
	const struct pdf_stamp empty = { .qr_text = "https://x.example/v/1", .lines = { NULL } };
	const struct pdf_stamp full = { .qr_text = long_line,
					.lines = { long_line, long_line, long_line, long_line, long_line, "" } };
	struct buf in = BUF_INIT, out = BUF_INIT;
	char ca[512], err[256] = "";

	read_file(FIXTURES "/minimal.pdf", &in);
	snprintf(ca, sizeof ca, "%s/ca.pem", tte_dir);
	assert_int_equal(pdf_sign(in.ptr, in.len, &no_qr, pdf_cms_sign, key, RESERVE, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "QR"));
	assert_int_equal(out.len, 0);
	assert_int_equal(pdf_sign(in.ptr, in.len, &empty, pdf_cms_sign, key, RESERVE, &out, err, sizeof err), 0);
	assert_int_equal(pdf_verify(out.ptr, out.len, ca, NULL, 0), PDF_SIG_VALID);
	buf_reset(&out);
	assert_int_equal(pdf_sign(in.ptr, in.len, &full, pdf_cms_sign, key, RESERVE, &out, err, sizeof err), 0);
	assert_int_equal(pdf_verify(out.ptr, out.len, ca, NULL, 0), PDF_SIG_VALID);
	assert_null(has(&out, "/F1 7.5 Tf")); /* shrunk to fit */
	assert_non_null(has(&out, "TanpaSpasiTanpaSpasi"));
	buf_release(&in);
	buf_release(&out);
}

static void test_sign_twice(void **state)
{
	struct buf in = BUF_INIT, once = BUF_INIT, twice = BUF_INIT, rep = BUF_INIT;
	char ca[512], path[512], err[256] = "";

	sign_file("siak.pdf", &in, &once);
	assert_int_equal(pdf_sign(once.ptr, once.len, &stamp, pdf_cms_sign, key, RESERVE, &twice, err, sizeof err),
			 0);
	snprintf(ca, sizeof ca, "%s/ca.pem", tte_dir);
	assert_int_equal(pdf_verify(twice.ptr, twice.len, ca, NULL, 0), PDF_SIG_VALID);
	snprintf(path, sizeof path, "%s/twice.pdf", tmpdir);
	write_file(path, twice.ptr, twice.len);
	pdfsig(path, &rep);
	assert_non_null(strstr(rep.ptr, "Signature #2"));
	buf_release(&in);
	buf_release(&once);
	buf_release(&twice);
	buf_release(&rep);
}

static void test_bad_flipped_byte(void **state)
{
	struct buf in = BUF_INIT, out = BUF_INIT, rep = BUF_INIT;
	char ca[512], path[512];
	const char *p;

	sign_file("minimal.pdf", &in, &out);
	/* a letter of the page's text, inside the signed range */
	p = memmem(out.ptr, out.len, "one page", 8);
	assert_non_null(p);
	out.ptr[p - out.ptr] = 'O';
	snprintf(ca, sizeof ca, "%s/ca.pem", tte_dir);
	assert_int_equal(pdf_verify(out.ptr, out.len, ca, NULL, 0), PDF_SIG_BROKEN);
	snprintf(path, sizeof path, "%s/flipped.pdf", tmpdir);
	write_file(path, out.ptr, out.len);
	pdfsig(path, &rep);
	assert_non_null(strstr(rep.ptr, "Signature #1"));
	assert_null(strstr(rep.ptr, "Signature is Valid."));
	/* a byte of the stamp, added by the update, too */
	sign_file("minimal.pdf", &in, &out);
	p = memmem(out.ptr + in.len, out.len - in.len, "/Helvetica", 10);
	assert_non_null(p);
	out.ptr[p - out.ptr + 1] = 'X';
	assert_int_equal(pdf_verify(out.ptr, out.len, ca, NULL, 0), PDF_SIG_BROKEN);
	write_file(path, out.ptr, out.len);
	pdfsig(path, &rep);
	assert_null(strstr(rep.ptr, "Signature is Valid."));
	buf_release(&in);
	buf_release(&out);
	buf_release(&rep);
}

static void test_bad_appended(void **state)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	char ca[512];

	sign_file("siak.pdf", &in, &out);
	snprintf(ca, sizeof ca, "%s/ca.pem", tte_dir);
	buf_adds(&out, "\n\r\n");
	assert_int_equal(pdf_verify(out.ptr, out.len, ca, NULL, 0), PDF_SIG_VALID);
	buf_adds(&out, "1 0 obj\n<< >>\nendobj\n");
	assert_int_equal(pdf_verify(out.ptr, out.len, ca, NULL, 0), PDF_SIG_PARTIAL);
	buf_release(&in);
	buf_release(&out);
}

static void test_bad_untrusted(void **state)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	char ca[512], signer[128];

	sign_file("siak.pdf", &in, &out);
	snprintf(ca, sizeof ca, "%s/ca.pem", other_dir);
	assert_int_equal(pdf_verify(out.ptr, out.len, ca, signer, sizeof signer), PDF_SIG_UNTRUSTED);
	assert_string_equal(signer, "Drs. Bambang Surya, M.Si.");
	snprintf(ca, sizeof ca, "%s/missing.pem", tmpdir);
	assert_int_equal(pdf_verify(out.ptr, out.len, ca, NULL, 0), PDF_SIG_UNTRUSTED);
	buf_release(&in);
	buf_release(&out);
}

static void test_bad_input(void **state)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	char err[256], ca[512];
	static const char junk[] = "Ini bukan PDF, hanya teks biasa yang cukup panjang.";

	snprintf(ca, sizeof ca, "%s/ca.pem", tte_dir);
	err[0] = '\0';
	assert_int_equal(pdf_sign(junk, sizeof junk - 1, &stamp, pdf_cms_sign, key, RESERVE, &out, err, sizeof err),
			 -1);
	assert_true(err[0] != '\0');
	assert_int_equal(out.len, 0);
	assert_int_equal(pdf_verify(junk, sizeof junk - 1, ca, NULL, 0), PDF_SIG_ERR);
	/* truncated: half of a PDF */
	read_file(FIXTURES "/siak.pdf", &in);
	err[0] = '\0';
	assert_int_equal(pdf_sign(in.ptr, in.len / 2, &stamp, pdf_cms_sign, key, RESERVE, &out, err, sizeof err),
			 -1);
	assert_true(err[0] != '\0');
	assert_int_equal(out.len, 0);
	/* an unsigned PDF has no signature */
	assert_int_equal(pdf_verify(in.ptr, in.len, ca, NULL, 0), PDF_SIG_NONE);
	/* the reserve is too small for the CMS: an error, nothing written */
	err[0] = '\0';
	assert_int_equal(pdf_sign(in.ptr, in.len, &stamp, pdf_cms_sign, key, 1024, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "does not fit"));
	assert_int_equal(out.len, 0);
	buf_release(&in);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dev_ca_files),     cmocka_unit_test(test_bad_passphrase),
		cmocka_unit_test(test_sign_minimal),     cmocka_unit_test(test_sign_objstm),
		cmocka_unit_test(test_sign_twopage),     cmocka_unit_test(test_sign_siak),
		cmocka_unit_test(test_stamp_content),    cmocka_unit_test(test_sign_twice),
		cmocka_unit_test(test_stamp_extremes),
		cmocka_unit_test(test_bad_flipped_byte), cmocka_unit_test(test_bad_appended),
		cmocka_unit_test(test_bad_untrusted),    cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
