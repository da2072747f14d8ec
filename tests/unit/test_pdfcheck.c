// SPDX-License-Identifier: MIT
// Unit tests for src/lib/pdfcheck.c: clean PDFs pass, each kind of active content is found, hostile input ends.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <qpdf/qpdf-c.h>

#include "lib/buf.h"
#include "lib/pdfcheck.h"
#include "readfile.h"

#define FIXTURES LOKET_SOURCE_DIR "/tests/fixtures/pdf"

/* Not a speed measure (bench/pdfcheck.sh is): a hang guard for hostile input. */
#define HANG_SECONDS 10.0

/* Objects objs[0..n) as 1..n with a classic cross-reference table; the
 * trailer holds /Size (unless trailer_extra has one), /Root 1 0 R and
 * trailer_extra. */
static void build(struct buf *b, const char *const *objs, size_t n, const char *trailer_extra)
{
	size_t off[64], xref, i;

	assert_true(n < 64);
	buf_reset(b);
	buf_adds(b, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
	for (i = 0; i < n; i++) {
		off[i] = b->len;
		buf_addf(b, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	xref = b->len;
	buf_addf(b, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (i = 0; i < n; i++)
		buf_addf(b, "%010zu 00000 n \n", off[i]);
	buf_adds(b, "trailer\n<< ");
	if (!trailer_extra || !strstr(trailer_extra, "/Size"))
		buf_addf(b, "/Size %zu ", n + 1);
	buf_addf(b, "/Root 1 0 R%s >>\nstartxref\n%zu\n%%%%EOF\n", trailer_extra ? trailer_extra : "", xref);
}

/*
 * A one-page document: the catalog (1) holds cat, the page (3) holds page,
 * objects 6, 7, ... are the NULL-terminated rest.
 */
static void doc(struct buf *b, const char *cat, const char *page, ...)
{
	static const char text[] = "BT /F1 12 Tf 60 780 Td (Loket uji) Tj ET";
	struct buf catalog = BUF_INIT, pg = BUF_INIT;
	char content[128];
	const char *objs[64] = { NULL, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", NULL,
				 "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", content };
	size_t n = 5;
	const char *o;
	va_list ap;

	buf_addf(&catalog, "<< /Type /Catalog /Pages 2 0 R %s >>", cat ? cat : "");
	buf_addf(&pg, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
		 " /Contents 5 0 R %s >>", page ? page : "");
	snprintf(content, sizeof content, "<< /Length %zu >>\nstream\n%s\nendstream", sizeof text - 1, text);
	objs[0] = catalog.ptr;
	objs[2] = pg.ptr;
	va_start(ap, page);
	while ((o = va_arg(ap, const char *)) && n < 63)
		objs[n++] = o;
	va_end(ap);
	build(b, objs, n, NULL);
	buf_release(&catalog);
	buf_release(&pg);
}

/* Appends an incremental update holding objects first.. (objs, n of
 * them), with a cross-reference section that points back to the last one;
 * size is the new trailer's /Size. */
static void update(struct buf *b, int first, const char *const *objs, size_t n, int size)
{
	const char *sx = NULL, *p;
	size_t prev, off[16], xref, i;

	for (p = b->ptr; (p = strstr(p, "startxref")); p++)
		sx = p;
	assert_non_null(sx);
	prev = strtoul(sx + 9, NULL, 10);
	for (i = 0; i < n; i++) {
		off[i] = b->len;
		buf_addf(b, "%d 0 obj\n%s\nendobj\n", first + (int)i, objs[i]);
	}
	xref = b->len;
	buf_addf(b, "xref\n%d %zu\n", first, n);
	for (i = 0; i < n; i++)
		buf_addf(b, "%010zu 00000 n \n", off[i]);
	buf_addf(b, "trailer\n<< /Size %d /Root 1 0 R /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", size, prev, xref);
}

/* qpdf writes b again: every object it can into compressed object streams,
 * and encrypted (AES-256) when user_pw is not NULL. */
static void rewrite(struct buf *b, const char *user_pw)
{
	qpdf_data q = qpdf_init();

	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	assert_false(qpdf_read_memory(q, "uji", b->ptr, b->len, "") & QPDF_ERRORS);
	assert_false(qpdf_init_write_memory(q) & QPDF_ERRORS);
	qpdf_set_object_stream_mode(q, qpdf_o_generate);
	qpdf_set_compress_streams(q, QPDF_TRUE);
	if (user_pw)
		qpdf_set_r6_encryption_parameters2(q, user_pw, "pemilik", QPDF_TRUE, QPDF_TRUE, QPDF_TRUE, QPDF_TRUE,
						   QPDF_TRUE, QPDF_TRUE, qpdf_r3p_full, QPDF_TRUE);
	assert_false(qpdf_write(q) & QPDF_ERRORS);
	buf_reset(b);
	buf_add(b, qpdf_get_buffer(q), qpdf_get_buffer_length(q));
	qpdf_cleanup(&q);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The verdict on len bytes at p, which comes before the hang guard. */
static enum pdfcheck ends(const char *p, size_t len)
{
	struct timespec t0;
	enum pdfcheck r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = pdf_check(p, len, NULL);
	if (seconds_since(&t0) > HANG_SECONDS)
		fail_msg("pdf_check took %.1f s", seconds_since(&t0));
	assert_true(r < PDFCHECK__MAX);
	return r;
}

/*
 * b's verdict is want and, when what is not NULL, the finding names it;
 * in the child (what uploads use) and in this process (what sanitizers
 * see) alike.
 */
static void expect(const struct buf *b, enum pdfcheck want, const char *what)
{
	struct pdfcheck_why why = { NULL, -1 }, here = { NULL, -1 };
	struct timespec t0;
	enum pdfcheck got;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	got = pdf_check(b->ptr, b->len, &why);
	if (got != want || (what && strcmp(why.what, what)))
		fail_msg("pdf_check: %s (%s, object %d), expected %s (%s)", pdf_check_name(got), why.what, why.obj,
			 pdf_check_name(want), what ? what : "any");
	assert_non_null(why.what);
	if (seconds_since(&t0) > HANG_SECONDS)
		fail_msg("pdf_check took %.1f s", seconds_since(&t0));
	assert_int_equal(pdf_check_in_process(b->ptr, b->len, &here), got);
	assert_string_equal(here.what, why.what);
	assert_int_equal(here.obj, why.obj);
}

/* ---- clean ------------------------------------------------------------------ */

static void test_clean_fixtures(void **state)
{
	static const char *const names[] = { "minimal.pdf", "objstm.pdf", "siak.pdf", "twopage.pdf" };
	struct buf b = BUF_INIT;
	char path[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", FIXTURES, names[i]);
		read_file(path, &b);
		expect(&b, PDFCHECK_CLEAN, "");
	}
	buf_release(&b);
}

/* SIAK-like printers open the document at its first page: a destination, not an action */
static void test_clean_open_action_destination(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/OpenAction [3 0 R /Fit]", NULL, NULL);
	expect(&b, PDFCHECK_CLEAN, "");
	doc(&b, "/OpenAction 6 0 R", NULL, "[3 0 R /XYZ 0 842 1]", NULL);
	expect(&b, PDFCHECK_CLEAN, "");
	buf_release(&b);
}

/* hyperref (LaTeX) writes the same as a lone GoTo action */
static void test_clean_open_action_goto(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/OpenAction << /S /GoTo /D (page.1) >>", NULL, NULL);
	expect(&b, PDFCHECK_CLEAN, "");
	doc(&b, NULL, "/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>", NULL);
	expect(&b, PDFCHECK_CLEAN, "");
	doc(&b, NULL, "/AA << >>", NULL);
	expect(&b, PDFCHECK_CLEAN, "");
	buf_release(&b);
}

/* a link the reader clicks, to a web address or a page, runs nothing by itself */
static void test_clean_links(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, NULL, "/Annots [6 0 R 7 0 R]",
	    "<< /Type /Annot /Subtype /Link /Rect [60 700 200 720] /A << /S /URI /URI (https://dukcapil.example.go.id/) >> >>",
	    "<< /Type /Annot /Subtype /Link /Rect [60 600 200 620] /Dest [3 0 R /Fit] >>", NULL);
	expect(&b, PDFCHECK_CLEAN, "");
	buf_release(&b);
}

/* names that only start like a refused one, and refused words in strings */
static void test_clean_lookalikes(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/JSX (1) /Launcher (2) /Info (/JavaScript /Launch /EmbeddedFiles) /Kind /JavaScripts", NULL, NULL);
	expect(&b, PDFCHECK_CLEAN, "");
	buf_release(&b);
}

/* references that go round end, and are walked once */
static void test_clean_reference_cycle(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/Loop 6 0 R", NULL, "<< /Next 7 0 R /Me 6 0 R /Up 1 0 R >>", "[6 0 R 7 0 R << /Back 6 0 R >>]", NULL);
	expect(&b, PDFCHECK_CLEAN, "");
	buf_release(&b);
}

/* ---- active content --------------------------------------------------------- */

static void test_bad_open_action_javascript(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>", NULL, NULL);
	expect(&b, PDFCHECK_ACTIVE, NULL);
	/* the rule on /OpenAction alone: a script held in a stream under a
	 * key this check does not know still runs */
	doc(&b, "/OpenAction 6 0 R", NULL, "<< /S /Rendition /OP 0 >>", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/OpenAction");
	/* the fixture of issue 11 */
	read_file(FIXTURES "/javascript.pdf", &b);
	expect(&b, PDFCHECK_ACTIVE, NULL);
	buf_release(&b);
}

/* any other automatic action: a web page, printing, a GoTo that goes on */
static void test_bad_open_action_other(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/OpenAction << /S /URI /URI (https://contoh.example/) >>", NULL, NULL);
	expect(&b, PDFCHECK_ACTIVE, "/OpenAction");
	doc(&b, "/OpenAction << /S /Named /N /Print >>", NULL, NULL);
	expect(&b, PDFCHECK_ACTIVE, "/OpenAction");
	doc(&b, "/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /Named /N /Print >> >>", NULL, NULL);
	expect(&b, PDFCHECK_ACTIVE, "/OpenAction");
	doc(&b, "/OpenAction (halaman-1)", NULL, NULL);
	expect(&b, PDFCHECK_ACTIVE, "/OpenAction");
	buf_release(&b);
}

static void test_bad_names_javascript_tree(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/Names << /JavaScript 6 0 R >>", NULL, "<< /Names [(a) 7 0 R] >>", "<< /S /JavaScript /JS 8 0 R >>",
	    "<< /Length 12 >>\nstream\napp.alert(1)\nendstream", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/JavaScript");
	buf_release(&b);
}

/* a Launch action on a link: refused even though a click is needed */
static void test_bad_launch(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, NULL, "/Annots [6 0 R]",
	    "<< /Type /Annot /Subtype /Link /Rect [60 700 200 720] /A << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) >> >> >>",
	    NULL);
	expect(&b, PDFCHECK_ACTIVE, "/Launch");
	buf_release(&b);
}

static void test_bad_page_additional_actions(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* on opening the page, a web address: only the /AA rule sees it */
	doc(&b, NULL, "/AA << /O << /S /URI /URI (https://contoh.example/) >> >>", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/AA");
	doc(&b, NULL, "/AA 6 0 R", "<< /C << /S /GoTo /D [3 0 R /Fit] >> /O [3 0 R /Fit] >>", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/AA");
	doc(&b, NULL, "/AA << /O << /S /JavaScript /JS (this.print\\(\\)) >> >>", NULL);
	expect(&b, PDFCHECK_ACTIVE, NULL);
	buf_release(&b);
}

static void test_bad_embedded_files(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/Names << /EmbeddedFiles << /Names [(data.exe) 6 0 R] >> >>", NULL,
	    "<< /Type /Filespec /F (data.exe) /EF << /F 7 0 R >> >>",
	    "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/EmbeddedFiles");
	/* the file alone, named by nothing: its stream type */
	doc(&b, NULL, NULL, "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/EmbeddedFile");
	buf_release(&b);
}

static void test_bad_file_attachment_annotation(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* the annotation type alone (its file specification carries no file) */
	doc(&b, NULL, "/Annots [6 0 R]",
	    "<< /Type /Annot /Subtype /FileAttachment /Rect [60 700 80 720] /FS << /Type /Filespec /F (a.txt) >> >>", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/FileAttachment");
	/* a file specification carrying a file, under a key of no meaning */
	doc(&b, NULL, "/Extra << /FS << /Type /Filespec /F (a.txt) /EF << /F 6 0 R >> >> >>",
	    "<< /Length 2 >>\nstream\nhi\nendstream", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/EF");
	buf_release(&b);
}

/* the fixture: every object in a compressed object stream, invisible to a byte scan */
static void test_bad_object_stream_javascript(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	read_file(FIXTURES "/objstm-javascript.pdf", &b);
	assert_null(memmem(b.ptr, b.len, "JavaScript", 10));
	expect(&b, PDFCHECK_ACTIVE, NULL);
	/* a script on a link, put into an object stream by qpdf here */
	doc(&b, NULL, "/Annots [6 0 R]", "<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A 7 0 R >>",
	    "<< /S /JavaScript /JS (app.alert\\(1\\)) >>", NULL);
	rewrite(&b, NULL);
	assert_null(memmem(b.ptr, b.len, "/JS", 3));
	expect(&b, PDFCHECK_ACTIVE, NULL);
	buf_release(&b);
}

static void test_bad_escaped_names(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* on a link (no automatic trigger): only the names tell */
	doc(&b, NULL, "/Annots [6 0 R]",
	    "<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >>", NULL);
	expect(&b, PDFCHECK_ACTIVE, NULL);
	doc(&b, NULL, "/Annots [6 0 R]", "<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /#4c#61unch >> >>", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/Launch");
	doc(&b, "/Names << /#45mbeddedFiles 6 0 R >>", NULL, "<< /Names [] >>", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/EmbeddedFiles");
	buf_release(&b);
}

/* every key and name of the rule, one at a time, where no other rule fires */
static void test_bad_each_key_and_name(void **state)
{
	static const struct {
		const char *page, *what;
	} cases[] = {
		{ "/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /JS (x) >> >>]", "/JS" },
		{ "/X << /JavaScript 6 0 R >>", "/JavaScript" },
		{ "/X << /EmbeddedFiles 6 0 R >>", "/EmbeddedFiles" },
		{ "/X << /EF 6 0 R >>", "/EF" },
		{ "/X << /RichMediaContent 6 0 R >>", "/RichMediaContent" },
		{ "/X << /XFA 6 0 R >>", "/XFA" },
		{ "/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /JavaScript >> >>]", "/JavaScript" },
		{ "/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /Launch >> >>]", "/Launch" },
		{ "/Annots [<< /Subtype /Widget /Rect [0 0 9 9] /A << /S /SubmitForm /F (https://x.example/) >> >>]",
		  "/SubmitForm" },
		{ "/Annots [<< /Subtype /Widget /Rect [0 0 9 9] /A << /S /ImportData /F (a.fdf) >> >>]", "/ImportData" },
		{ "/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /GoToR /F (lain.pdf) /D [0 /Fit] >> >>]", "/GoToR" },
		{ "/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /GoToE /T << /R /C /N (a) >> >> >>]", "/GoToE" },
		{ "/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /RichMediaExecute >> >>]", "/RichMediaExecute" },
		{ "/X [/EmbeddedFile]", "/EmbeddedFile" },
		{ "/Annots [<< /Subtype /FileAttachment /Rect [0 0 9 9] >>]", "/FileAttachment" },
		{ "/Annots [<< /Subtype /RichMedia /Rect [0 0 9 9] >>]", "/RichMedia" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		doc(&b, NULL, cases[i].page, "<< >>", NULL);
		expect(&b, PDFCHECK_ACTIVE, cases[i].what);
	}
	buf_release(&b);
}

static void test_bad_xfa_form(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/AcroForm << /Fields [] /XFA 6 0 R >>", NULL,
	    "<< /Length 27 >>\nstream\n<xdp:xdp>skrip</xdp:xdp>\n\nendstream", NULL);
	expect(&b, PDFCHECK_ACTIVE, "/XFA");
	buf_release(&b);
}

/* a script no page or catalog names: refused all the same (object numbers are walked too) */
static void test_bad_unreferenced_javascript(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, NULL, NULL, "<< /S /JavaScript /JS (app.alert\\(1\\)) >>", NULL);
	expect(&b, PDFCHECK_ACTIVE, NULL);
	buf_release(&b);
}

/* a clean file with an update appended that adds a script */
static void test_bad_incremental_update(void **state)
{
	static const char *const upd[] = {
		"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
	};
	static const char *const js[] = { "<< /S /JavaScript /JS (app.alert\\(1\\)) >>" };
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, NULL, NULL, NULL);
	expect(&b, PDFCHECK_CLEAN, "");
	update(&b, 6, js, 1, 7);
	update(&b, 1, upd, 1, 7);
	expect(&b, PDFCHECK_ACTIVE, NULL);
	buf_release(&b);
}

/* an update that replaces a scripted catalog: what every viewer following
 * the cross-reference table sees is clean, and so is the verdict (the old
 * catalog's bytes are dead; see pdfcheck.h) */
static void test_clean_replaced_revision(void **state)
{
	static const char *const upd[] = { "<< /Type /Catalog /Pages 2 0 R >>" };
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>", NULL, NULL);
	update(&b, 1, upd, 1, 6);
	expect(&b, PDFCHECK_CLEAN, "");
	buf_release(&b);
}

/* offsets that point nowhere: qpdf rebuilds the table and finds the script */
static void test_bad_broken_xref_javascript(void **state)
{
	struct buf b = BUF_INIT;
	char *x;
	int i;

	(void)state;
	doc(&b, "/OpenAction 6 0 R", NULL, "<< /S /JavaScript /JS (app.alert\\(1\\)) >>", NULL);
	x = strstr(b.ptr, "xref\n0 7\n");
	assert_non_null(x);
	/* each entry is 20 bytes, the free one first */
	for (i = 1; i <= 6; i++)
		memcpy(x + 9 + 20 * i, "0000000003", 10);
	expect(&b, PDFCHECK_ACTIVE, NULL);
	/* no table at all */
	doc(&b, "/OpenAction 6 0 R", NULL, "<< /S /JavaScript /JS (app.alert\\(1\\)) >>", NULL);
	x = strstr(b.ptr, "xref\n0 7\n");
	buf_truncate(&b, (size_t)(x - b.ptr));
	buf_adds(&b, "trailer\n<< /Root 1 0 R >>\n%%EOF\n");
	expect(&b, PDFCHECK_ACTIVE, NULL);
	buf_release(&b);
}

/* encrypted with an empty user password: viewers open it without asking,
 * so it is read, and the script found */
static void test_bad_encrypted_javascript(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/OpenAction 6 0 R", NULL, "<< /S /JavaScript /JS (app.alert\\(1\\)) >>", NULL);
	rewrite(&b, "");
	expect(&b, PDFCHECK_ACTIVE, NULL);
	doc(&b, NULL, NULL, NULL);
	rewrite(&b, "");
	expect(&b, PDFCHECK_CLEAN, "");
	/* one that needs a password cannot be looked into */
	doc(&b, NULL, NULL, NULL);
	rewrite(&b, "sandi");
	expect(&b, PDFCHECK_UNREADABLE, NULL);
	buf_release(&b);
}

/* ---- broken and hostile input ------------------------------------------------ */

static void test_bad_not_a_pdf(void **state)
{
	struct buf b = BUF_INIT;
	unsigned int seed = 11;
	size_t i;

	(void)state;
	assert_int_equal(pdf_check(NULL, 0, NULL), PDFCHECK_UNREADABLE);
	assert_int_equal(pdf_check("", 0, NULL), PDFCHECK_UNREADABLE);
	buf_adds(&b, "%PDF-1.4\nthis is no pdf at all\n%%EOF\n");
	expect(&b, PDFCHECK_UNREADABLE, NULL);
	buf_reset(&b);
	buf_adds(&b, "<!doctype html><html><body><script>alert(1)</script></body></html>\n");
	expect(&b, PDFCHECK_UNREADABLE, NULL);
	/* the old Formulir test input: a script, but no PDF around it */
	buf_reset(&b);
	buf_adds(&b, "%PDF-1.4\n1 0 obj <</S /JavaScript /JS (app.alert(1))>> endobj\n%%EOF\n");
	expect(&b, PDFCHECK_UNREADABLE, NULL);
	buf_reset(&b);
	buf_adds(&b, "%PDF-1.7\n");
	for (i = 0; i < 65536; i++)
		buf_addc(&b, (char)(rand_r(&seed) & 0xff));
	expect(&b, PDFCHECK_UNREADABLE, NULL);
	buf_release(&b);
}

static void test_bad_truncated(void **state)
{
	struct buf b = BUF_INIT;
	size_t cut;

	(void)state;
	read_file(FIXTURES "/javascript.pdf", &b);
	/* the catalog names the script: cut anywhere, it is never called clean */
	for (cut = 0; cut < b.len; cut += 7)
		assert_int_not_equal(ends(b.ptr, cut), PDFCHECK_CLEAN);
	buf_truncate(&b, b.len / 2);
	expect(&b, PDFCHECK_UNREADABLE, NULL);
	buf_release(&b);
}

static void nested(struct buf *inner, int levels, const char *open, const char *close)
{
	int i;

	buf_reset(inner);
	buf_adds(inner, "/Deep ");
	for (i = 0; i < levels; i++)
		buf_adds(inner, open);
	buf_adds(inner, "/JavaScript");
	for (i = 0; i < levels; i++)
		buf_adds(inner, close);
}

static void test_bad_deep_nesting(void **state)
{
	struct buf b = BUF_INIT, inner = BUF_INIT;

	(void)state;
	/* past our limit (200), within qpdf's own (500): refused */
	nested(&inner, 300, "[", "]");
	doc(&b, inner.ptr, NULL, NULL);
	expect(&b, PDFCHECK_UNREADABLE, "nested too deep");
	nested(&inner, 300, "<< /K ", " >>");
	doc(&b, inner.ptr, NULL, NULL);
	expect(&b, PDFCHECK_UNREADABLE, "nested too deep");
	/* within it: walked to the bottom */
	nested(&inner, 150, "[", "]");
	doc(&b, inner.ptr, NULL, NULL);
	expect(&b, PDFCHECK_ACTIVE, "/JavaScript");
	/* far past qpdf's limit (it drops what is deeper): ends, either way */
	nested(&inner, 200000, "[", "]");
	doc(&b, inner.ptr, NULL, NULL);
	ends(b.ptr, b.len);
	buf_release(&inner);
	buf_release(&b);
}

static void test_bad_huge_size(void **state)
{
	struct buf b = BUF_INIT;
	char size[32];

	(void)state;
	build(&b, (const char *const[]){ "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>" }, 2,
	      " /Size 2147483647");
	expect(&b, PDFCHECK_UNREADABLE, "/Size over the limit");
	snprintf(size, sizeof size, " /Size %d", PDFCHECK_MAX_OBJECTS + 1);
	build(&b, (const char *const[]){ "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>" }, 2,
	      size);
	expect(&b, PDFCHECK_UNREADABLE, "/Size over the limit");
	/* at the limit, with nearly all numbers free: every one is asked for, and it ends */
	snprintf(size, sizeof size, " /Size %d", PDFCHECK_MAX_OBJECTS);
	build(&b, (const char *const[]){ "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>" }, 2,
	      size);
	expect(&b, PDFCHECK_CLEAN, "");
	buf_release(&b);
}

/* more values than the limit in one object */
static void test_bad_too_many_values(void **state)
{
	struct buf b = BUF_INIT, arr = BUF_INIT;
	struct pdfcheck_why why;
	int i;

	(void)state;
	buf_adds(&arr, "/Many [");
	for (i = 0; i < PDFCHECK_MAX_VALUES; i++)
		buf_adds(&arr, "0 ");
	buf_adds(&arr, "]");
	doc(&b, arr.ptr, NULL, NULL);
	/* in the child only: qpdf takes some 250 MB to hold it */
	assert_int_equal(pdf_check(b.ptr, b.len, &why), PDFCHECK_UNREADABLE);
	/* (an unoptimised ASan build may reach the CPU limit first) */
	if (ISOLATE_LIMITS_MEMORY)
		assert_string_equal(why.what, "too many values");
	buf_release(&arr);
	buf_release(&b);
}

/* references to more objects than the limit, none of them numbered by /Size */
static void test_bad_too_many_references(void **state)
{
	struct buf b = BUF_INIT, arr = BUF_INIT;
	int i;

	(void)state;
	buf_adds(&arr, "/Many [");
	for (i = 0; i <= PDFCHECK_MAX_OBJECTS; i++)
		buf_addf(&arr, "%d 0 R ", 1000 + i);
	buf_adds(&arr, "]");
	doc(&b, arr.ptr, NULL, NULL);
	expect(&b, PDFCHECK_UNREADABLE, "too many objects");
	buf_release(&arr);
	buf_release(&b);
}

/* damage qpdf reads past by taking objects for null or strings: a viewer
 * may read those bytes otherwise, so the file is not called clean */
static void test_bad_damaged_object_stream(void **state)
{
	static const struct {
		const char *from, *to;
	} damage[] = {
		{ "/N 5", "/N 9" },			/* a header of pairs that runs short */
		{ "/FlateDecode", "/FlateDecodX" },	/* a filter no one has */
		{ "/First 2", "/First 9" },		/* objects read from the wrong place */
	};
	struct buf b = BUF_INIT, orig = BUF_INIT;
	size_t i;
	char *t;

	(void)state;
	read_file(FIXTURES "/objstm-javascript.pdf", &orig);
	for (i = 0; i < sizeof damage / sizeof damage[0]; i++) {
		buf_reset(&b);
		buf_add(&b, orig.ptr, orig.len);
		t = memmem(b.ptr, b.len, damage[i].from, strlen(damage[i].from));
		assert_non_null(t);
		memcpy(t, damage[i].to, strlen(damage[i].to));
		expect(&b, PDFCHECK_UNREADABLE, "damaged beyond repair");
	}
	/* deflated bytes zeroed */
	buf_reset(&b);
	buf_add(&b, orig.ptr, orig.len);
	t = memmem(b.ptr, b.len, "stream\n", 7);
	assert_non_null(t);
	memset(t + 17, 0, 30);
	expect(&b, PDFCHECK_UNREADABLE, "damaged beyond repair");
	buf_release(&orig);
	buf_release(&b);
}

/* a key given twice: viewers differ on which one counts */
static void test_bad_duplicate_key(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	doc(&b, "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> /OpenAction [3 0 R /Fit]", NULL, NULL);
	assert_int_not_equal(pdf_check(b.ptr, b.len, NULL), PDFCHECK_CLEAN);
	doc(&b, "/OpenAction [3 0 R /Fit] /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>", NULL, NULL);
	assert_int_not_equal(pdf_check(b.ptr, b.len, NULL), PDFCHECK_CLEAN);
	buf_release(&b);
}

/* what qpdf repairs without loss, as viewers do, is no reason to refuse */
static void test_clean_repaired(void **state)
{
	struct buf b = BUF_INIT;
	char *x;
	int i;

	(void)state;
	/* every offset wrong: the table is rebuilt */
	doc(&b, NULL, NULL, NULL);
	x = strstr(b.ptr, "xref\n0 6\n");
	assert_non_null(x);
	for (i = 1; i <= 5; i++)
		memcpy(x + 9 + 20 * i, "0000000003", 10);
	expect(&b, PDFCHECK_CLEAN, "");
	/* a wrong stream /Length: counted again */
	doc(&b, NULL, NULL, NULL);
	x = strstr(b.ptr, "/Length 40 >>");
	assert_non_null(x);
	memcpy(x, "/Length 30 >>", 13);
	expect(&b, PDFCHECK_CLEAN, "");
	/* no table, or startxref pointing nowhere: rebuilt */
	doc(&b, NULL, NULL, NULL);
	x = strstr(b.ptr, "xref\n0 6\n");
	buf_truncate(&b, (size_t)(x - b.ptr));
	buf_adds(&b, "trailer\n<< /Root 1 0 R >>\n%%EOF\n");
	expect(&b, PDFCHECK_CLEAN, "");
	doc(&b, NULL, NULL, NULL);
	x = strstr(b.ptr, "startxref\n");
	memcpy(x + 10, "12", 2);
	expect(&b, PDFCHECK_CLEAN, "");
	/* a /Size below the highest object number (poppler's pdfunite) */
	doc(&b, NULL, NULL, NULL);
	x = strstr(b.ptr, "/Size 6");
	memcpy(x, "/Size 4", 7);
	expect(&b, PDFCHECK_CLEAN, "");
	buf_release(&b);
}

/* 3 KB that qpdf inflates and holds in some 400 MB: over a small memory
 * limit, the file is unreadable, never clean */
static void test_bad_compressed_bomb(void **state)
{
	static const struct isolate_limits small = { (size_t)64 << 20, 10, 20 };
	struct buf b = BUF_INIT;
	struct pdfcheck_why why;
	struct timespec t0;

	(void)state;
	if (!ISOLATE_LIMITS_MEMORY)
		skip();	/* an ASan build sets none (lib/isolate.h) */
	read_file(FIXTURES "/objstm-bomb.pdf", &b);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(pdf_check_limits(b.ptr, b.len, &small, &why), PDFCHECK_UNREADABLE);
	assert_true(seconds_since(&t0) < HANG_SECONDS);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_fixtures),
		cmocka_unit_test(test_clean_open_action_destination),
		cmocka_unit_test(test_clean_open_action_goto),
		cmocka_unit_test(test_clean_links),
		cmocka_unit_test(test_clean_lookalikes),
		cmocka_unit_test(test_clean_reference_cycle),
		cmocka_unit_test(test_clean_replaced_revision),
		cmocka_unit_test(test_clean_repaired),
		cmocka_unit_test(test_bad_open_action_javascript),
		cmocka_unit_test(test_bad_open_action_other),
		cmocka_unit_test(test_bad_names_javascript_tree),
		cmocka_unit_test(test_bad_launch),
		cmocka_unit_test(test_bad_page_additional_actions),
		cmocka_unit_test(test_bad_embedded_files),
		cmocka_unit_test(test_bad_file_attachment_annotation),
		cmocka_unit_test(test_bad_object_stream_javascript),
		cmocka_unit_test(test_bad_escaped_names),
		cmocka_unit_test(test_bad_each_key_and_name),
		cmocka_unit_test(test_bad_xfa_form),
		cmocka_unit_test(test_bad_unreferenced_javascript),
		cmocka_unit_test(test_bad_incremental_update),
		cmocka_unit_test(test_bad_broken_xref_javascript),
		cmocka_unit_test(test_bad_encrypted_javascript),
		cmocka_unit_test(test_bad_not_a_pdf),
		cmocka_unit_test(test_bad_truncated),
		cmocka_unit_test(test_bad_deep_nesting),
		cmocka_unit_test(test_bad_huge_size),
		cmocka_unit_test(test_bad_too_many_references),
		cmocka_unit_test(test_bad_too_many_values),
		cmocka_unit_test(test_bad_damaged_object_stream),
		cmocka_unit_test(test_bad_duplicate_key),
		cmocka_unit_test(test_bad_compressed_bomb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
