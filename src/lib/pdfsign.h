// SPDX-License-Identifier: MIT
// PDF signatures: a visible QR stamp and a PAdES (ETSI.CAdES.detached) signature as an incremental update.
#ifndef LOKET_PDFSIGN_H
#define LOKET_PDFSIGN_H

#include <stddef.h>

#include "lib/buf.h"

/* The visible stamp placed on the last page. */
struct pdf_stamp {
	const char *qr_text;      /* encoded in the QR code: the verification URL */
	const char *lines[6];     /* text beside it, NULL-terminated (UTF-8; shown in WinAnsi) */
};

/* A signer: given the bytes covered by the ByteRange, appends the DER CMS
 * SignedData (detached) to der. 0, or -1 with err filled. */
typedef int (*pdf_signer_fn)(const unsigned char *data, size_t len, struct buf *der, void *arg, char *err,
			     size_t errsz);

/*
 * Appends to pdf an incremental update holding the visible stamp and a
 * signature field (/SubFilter /ETSI.CAdES.detached) whose /Contents
 * reserves `reserve` bytes of DER, asks signer for the CMS over the
 * ByteRange and writes it in. The original bytes stay unchanged at the
 * start of out. Reads any PDF qpdf reads (xref tables or streams). 0, or
 * -1 with err (Indonesian for an unusable PDF, else technical).
 */
int pdf_sign(const void *pdf, size_t len, const struct pdf_stamp *st, pdf_signer_fn signer, void *arg,
	     size_t reserve, struct buf *out, char *err, size_t errsz);

/* A signing key and certificate chain (the local signer). */
struct pdf_key;
/* Opens a PKCS#12 file with passphrase. NULL with *bad_passphrase = 1 when
 * the passphrase is wrong; NULL with err for anything else. */
struct pdf_key *pdf_key_load(const char *p12_path, const char *passphrase, int *bad_passphrase, char *err,
			     size_t errsz);
void pdf_key_free(struct pdf_key *k);
/* The certificate subject's common name (the signer's name). */
const char *pdf_key_name(const struct pdf_key *k);
/* pdf_signer_fn of a struct pdf_key: CMS detached, binary, with the
 * signing-certificate-v2 attribute (CAdES), SHA-256, the chain included. */
int pdf_cms_sign(const unsigned char *data, size_t len, struct buf *der, void *key, char *err, size_t errsz);

enum pdf_verify_rc {
	PDF_SIG_VALID,      /* intact, by a certificate chaining to the trusted CA, covers the whole file */
	PDF_SIG_NONE,       /* no signature found */
	PDF_SIG_BROKEN,     /* the bytes do not match the signature */
	PDF_SIG_UNTRUSTED,  /* intact, but not by the trusted CA */
	PDF_SIG_PARTIAL,    /* intact, but the file was changed after signing */
	PDF_SIG_ERR,        /* unreadable */
	PDF_SIG__MAX
};
/* Checks the last signature of pdf against the CA certificate(s) in the
 * PEM file ca_pem; signer (may be NULL) receives the signer's name. */
enum pdf_verify_rc pdf_verify(const void *pdf, size_t len, const char *ca_pem, char *signer, size_t signersz);

/*
 * Creates a development CA and a signer certificate for a fresh install in
 * dir: ca.pem (the CA certificate to trust), signer.p12 (the signer's key
 * and certificate chain, encrypted with passphrase) and signer.pem (its
 * certificate). Refuses to overwrite an existing signer.p12. 0, or -1
 * with err.
 */
int pdf_dev_ca(const char *dir, const char *passphrase, const char *signer_name, char *err, size_t errsz);
/* The same with the organisation (O=, the office name) of both certificates;
 * org NULL or empty: a development placeholder. */
int pdf_dev_ca_org(const char *dir, const char *passphrase, const char *signer_name, const char *org, char *err,
		   size_t errsz);

#endif
