// SPDX-License-Identifier: MIT
// libFuzzer harness: the PDF signer's reading of a finished document (pdf_sign's startxref/trailer/page walk and incremental update, pdf_verify's ByteRange and Contents parser) on arbitrary bytes.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/pdfsign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)
#define RESERVE 2048

/* Stands in for the CMS signer: fixed bytes, so the run stays about the
 * parser and the update, not the cryptography. */
static int fake_signer(const unsigned char *bytes, size_t len, struct buf *der, void *arg, char *err, size_t errsz)
{
	static const unsigned char cms[] = { 0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };

	(void)bytes;
	(void)arg;
	(void)err;
	(void)errsz;
	CHECK(len > 0);
	buf_add(der, cms, sizeof cms);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pdf_stamp stamp = {
		"https://loket.example/verifikasi/AKL33260000001",
		{ "Ditandatangani secara elektronik oleh", "Kepala Dinas", "Disdukcapil Kab. Pekalongan", NULL },
	};
	struct buf out = BUF_INIT;
	char err[512] = "";
	char signer[128];
	enum pdf_verify_rc v;
	int rc;

	/* the signature already in the input, if any */
	v = pdf_verify(data, size, NULL, signer, sizeof signer);
	CHECK(v < PDF_SIG__MAX);
	rc = pdf_sign(data, size, &stamp, fake_signer, NULL, RESERVE, &out, err, sizeof err);
	if (rc == 0) {
		/* the original bytes stay as they were, the update follows them */
		CHECK(out.len > size);
		CHECK(memcmp(out.ptr, data, size) == 0);
		/* and the verifier finds the new (fake) signature: never "none" */
		v = pdf_verify(out.ptr, out.len, NULL, signer, sizeof signer);
		CHECK(v != PDF_SIG_NONE && v < PDF_SIG__MAX);
	} else {
		CHECK(err[0] != '\0');
	}
	buf_release(&out);
	return 0;
}
