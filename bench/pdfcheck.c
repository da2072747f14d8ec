// SPDX-License-Identifier: MIT
// Times pdf_check (the active-content check every PDF upload runs once) on given files, or writes 10 MB test PDFs.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/pdfcheck.h"

#define TARGET ((size_t)10 * 1024 * 1024)

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int read_file(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f)
		return -1;
	buf_reset(b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
	return 0;
}

/* Objects objs[0..n) as 1..n with a classic cross-reference table. */
static void write_pdf(const char *path, struct buf *objs, size_t n)
{
	struct buf out = BUF_INIT;
	size_t *off = calloc(n, sizeof *off), xref, i;
	FILE *f;

	if (!off) {
		perror("calloc");
		exit(1);
	}
	buf_adds(&out, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
	for (i = 0; i < n; i++) {
		off[i] = out.len;
		buf_addf(&out, "%zu 0 obj\n", i + 1);
		buf_add(&out, objs[i].ptr, objs[i].len);
		buf_adds(&out, "\nendobj\n");
	}
	xref = out.len;
	buf_addf(&out, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (i = 0; i < n; i++)
		buf_addf(&out, "%010zu 00000 n \n", off[i]);
	buf_addf(&out, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1, xref);
	if (!(f = fopen(path, "wb")) || fwrite(out.ptr, 1, out.len, f) != out.len || fclose(f)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(1);
	}
	free(off);
	buf_release(&out);
}

/* A scan: one page whose 10 MB image stream qpdf never decodes. */
static void write_scan(const char *path)
{
	struct buf o[5] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	unsigned int seed = 1;
	size_t i;

	buf_adds(&o[0], "<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>");
	buf_adds(&o[1], "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
	buf_adds(&o[2], "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >>"
			" /Contents 5 0 R >>");
	buf_addf(&o[3], "<< /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceRGB"
			" /BitsPerComponent 8 /Filter /DCTDecode /Length %zu >>\nstream\n", TARGET);
	for (i = 0; i < TARGET; i++)
		buf_addc(&o[3], (char)(rand_r(&seed) & 0xff));
	buf_adds(&o[3], "\nendstream");
	buf_adds(&o[4], "<< /Length 35 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\n\nendstream");
	write_pdf(path, o, 5);
	for (i = 0; i < 5; i++)
		buf_release(&o[i]);
}

/*
 * A long text document: pages of about 4 KB of text each, every page with
 * its own font resources, a link and a note, until the file is 10 MB.
 */
static void write_pages(const char *path)
{
	size_t npages = TARGET / 4900, per = 5, n = 3 + npages * per, i, p;
	struct buf *o = calloc(n, sizeof *o), kids = BUF_INIT;

	if (!o) {
		perror("calloc");
		exit(1);
	}
	for (i = 0; i < n; i++)
		buf_init(&o[i]);
	buf_adds(&o[0], "<< /Type /Catalog /Pages 2 0 R /OpenAction [4 0 R /Fit] /PageMode /UseNone >>");
	buf_adds(&o[2], "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
	for (p = 0; p < npages; p++) {
		size_t page = 4 + p * per, content = page + 1, link = page + 2, note = page + 3, widths = page + 4;
		struct buf text = BUF_INIT;

		buf_addf(&kids, "%zu 0 R ", page);
		buf_adds(&text, "BT /F1 10 Tf 50 800 Td 12 TL\n");
		for (i = 0; i < 60; i++)
			buf_addf(&text, "(Halaman %zu baris %zu: dokumen uji Loket untuk mengukur pemeriksaan PDF.) '\n", p + 1, i + 1);
		buf_adds(&text, "ET");
		buf_addf(&o[page - 1], "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R"
				       " /F2 << /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 32 /LastChar 126"
				       " /Widths %zu 0 R >> >> >> /Contents %zu 0 R /Annots [%zu 0 R %zu 0 R] >>",
			 widths, content, link, note);
		buf_addf(&o[content - 1], "<< /Length %zu >>\nstream\n", text.len);
		buf_add(&o[content - 1], text.ptr, text.len);
		buf_adds(&o[content - 1], "\nendstream");
		buf_addf(&o[link - 1], "<< /Type /Annot /Subtype /Link /Rect [50 40 200 60] /Border [0 0 0]"
				       " /A << /S /URI /URI (https://dukcapil.example.go.id/halaman/%zu) >> >>", p + 1);
		buf_addf(&o[note - 1], "<< /Type /Annot /Subtype /Text /Rect [500 800 520 820] /Contents (Catatan %zu) >>",
			 p + 1);
		buf_adds(&o[widths - 1], "[");
		for (i = 32; i <= 126; i++)
			buf_addf(&o[widths - 1], "%zu ", 250 + (i * 7) % 500);
		buf_adds(&o[widths - 1], "]");
		buf_release(&text);
	}
	buf_addf(&o[1], "<< /Type /Pages /Kids [%s] /Count %zu >>", kids.ptr, npages);
	write_pdf(path, o, n);
	for (i = 0; i < n; i++)
		buf_release(&o[i]);
	free(o);
	buf_release(&kids);
}

/* Times pdf_check and the in-process walk on the file, runs times each; one table row. */
static void time_one(const char *path, int runs)
{
	struct buf b = BUF_INIT;
	struct pdfcheck_why why;
	double *child = calloc((size_t)runs, sizeof *child), *here = calloc((size_t)runs, sizeof *here), t;
	enum pdfcheck r = PDFCHECK_FAILED;
	int i;

	if (!child || !here || read_file(path, &b) < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(1);
	}
	for (i = 0; i < runs; i++) {
		t = now_ms();
		r = pdf_check(b.ptr, b.len, &why);
		child[i] = now_ms() - t;
		t = now_ms();
		(void)pdf_check_in_process(b.ptr, b.len, NULL);
		here[i] = now_ms() - t;
	}
	qsort(child, (size_t)runs, sizeof *child, cmp_double);
	qsort(here, (size_t)runs, sizeof *here, cmp_double);
	printf("| %s | %.1f MB | %s%s%s | %.1f / %.1f / %.1f | %.1f / %.1f |\n", strrchr(path, '/') ? strrchr(path, '/') + 1 : path,
	       (double)b.len / 1048576, pdf_check_name(r), *why.what ? ": " : "", why.what, child[runs / 2],
	       child[(runs * 95) / 100 < runs ? (runs * 95) / 100 : runs - 1], child[runs - 1], here[runs / 2], here[runs - 1]);
	fflush(stdout);
	free(child);
	free(here);
	buf_release(&b);
}

int main(int argc, char **argv)
{
	int runs = 20, i = 1;

	if (argc == 3 && !strcmp(argv[1], "--write")) {
		char path[4096];

		snprintf(path, sizeof path, "%s/scan-10mb.pdf", argv[2]);
		write_scan(path);
		snprintf(path, sizeof path, "%s/pages-10mb.pdf", argv[2]);
		write_pages(path);
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "--runs")) {
		runs = atoi(argv[2]);
		i = 3;
	}
	if (runs < 1 || i >= argc) {
		fprintf(stderr, "usage: bench-pdfcheck [--runs N] FILE.pdf...  |  bench-pdfcheck --write DIR\n");
		return 2;
	}
	printf("| file | size | verdict | pdf_check ms (median / p95 / max) | in process ms (median / max) |\n");
	printf("| --- | --- | --- | --- | --- |\n");
	for (; i < argc; i++)
		time_one(argv[i], runs);
	return 0;
}
