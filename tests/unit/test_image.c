// SPDX-License-Identifier: MIT
// Unit tests for the upload check and re-encode pipeline in src/lib/image.c.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <vips/vips.h>

#include "lib/buf.h"
#include "lib/image.h"
#include "lib/log.h"

/* ---- fixtures made in memory ---------------------------------------- */

/* 3-band smooth image (a ramp), like a photographed page. Caller unrefs. */
static VipsImage *make_ramp(int w, int h)
{
	VipsImage *g = NULL, *l = NULL, *c = NULL, *rgb = NULL;

	assert_int_equal(vips_grey(&g, w, h, NULL), 0);
	assert_int_equal(vips_linear1(g, &l, 255.0, 0.0, NULL), 0);
	assert_int_equal(vips_cast_uchar(l, &c, NULL), 0);
	assert_int_equal(vips_colourspace(c, &rgb, VIPS_INTERPRETATION_sRGB, NULL), 0);
	g_object_unref(c);
	g_object_unref(l);
	g_object_unref(g);
	return rgb;
}

/* 3-band noise: big entropy-coded data, so a cut lands in the pixels. */
static VipsImage *make_noise(int w, int h)
{
	VipsImage *n = NULL, *c = NULL, *rgb = NULL;

	assert_int_equal(vips_gaussnoise(&n, w, h, "mean", 128.0, "sigma", 40.0, NULL), 0);
	assert_int_equal(vips_cast_uchar(n, &c, NULL), 0);
	assert_int_equal(vips_colourspace(c, &rgb, VIPS_INTERPRETATION_sRGB, NULL), 0);
	g_object_unref(c);
	g_object_unref(n);
	return rgb;
}

static void take(struct buf *b, void *p, size_t n)
{
	buf_add(b, p, n);
	g_free(p);
}

static void save_jpeg(VipsImage *im, int progressive, struct buf *b)
{
	void *p = NULL;
	size_t n = 0;

	assert_int_equal(vips_jpegsave_buffer(im, &p, &n, "Q", 90, "interlace", progressive, NULL), 0);
	take(b, p, n);
}

static void save_png(VipsImage *im, struct buf *b)
{
	void *p = NULL;
	size_t n = 0;

	assert_int_equal(vips_pngsave_buffer(im, &p, &n, NULL), 0);
	take(b, p, n);
}

static void jpeg_of(int w, int h, struct buf *b)
{
	VipsImage *im = make_ramp(w, h);

	save_jpeg(im, 0, b);
	g_object_unref(im);
}

static void png_of(int w, int h, struct buf *b)
{
	VipsImage *im = make_ramp(w, h);

	save_png(im, b);
	g_object_unref(im);
}

/* Decode an output buffer as the given kind; caller unrefs. */
static VipsImage *load(const struct buf *b, const char *mime)
{
	VipsImage *im = NULL;
	int rc;

	if (!strcmp(mime, "image/png"))
		rc = vips_pngload_buffer(b->ptr, b->len, &im, NULL);
	else
		rc = vips_jpegload_buffer(b->ptr, b->len, &im, NULL);
	assert_int_equal(rc, 0);
	return im;
}

static int contains(const struct buf *b, const char *s)
{
	return memmem(b->ptr, b->len, s, strlen(s)) != NULL;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t crc32_png(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

/* Append a PNG chunk with a correct CRC. */
static void png_chunk(struct buf *b, const char *type, const void *data, size_t n)
{
	unsigned char len[4], crc[4];
	size_t start;

	put_be32(len, (uint32_t)n);
	buf_add(b, len, 4);
	start = b->len;
	buf_add(b, type, 4);
	buf_add(b, data, n);
	put_be32(crc, crc32_png((const unsigned char *)b->ptr + start, 4 + n));
	buf_add(b, crc, 4);
}

/* Deflate bit writer (RFC 1951: values LSB first). */
struct bits {
	struct buf *b;
	uint32_t acc;
	int n;
};

static void put_bits(struct bits *w, uint32_t v, int n)
{
	w->acc |= v << w->n;
	w->n += n;
	while (w->n >= 8) {
		buf_addc(w->b, (char)(w->acc & 0xff));
		w->acc >>= 8;
		w->n -= 8;
	}
}

static uint32_t reverse_bits(uint32_t v, int n)
{
	uint32_t r = 0;
	int i;

	for (i = 0; i < n; i++)
		r |= ((v >> i) & 1u) << (n - 1 - i);
	return r;
}

/*
 * zlib stream of n zero bytes, one fixed-Huffman block: a literal 0, then
 * copies of 258 bytes at distance 1 (13 bits each), then literals.
 */
static void zlib_zeros(struct buf *b, uint64_t n)
{
	struct bits w = { b, 0, 0 };
	uint32_t lit0 = reverse_bits(0x30, 8);			/* literal 0: 00110000 */
	uint32_t len258 = reverse_bits(0xc5, 8);		/* code 285: 11000101; distance code 0: 00000 */
	uint64_t i, copies, rest;
	unsigned char adler[4];

	buf_addc(b, 0x78);
	buf_addc(b, 0x01);
	put_bits(&w, 1, 1);	/* BFINAL */
	put_bits(&w, 1, 2);	/* BTYPE = fixed Huffman */
	put_bits(&w, lit0, 8);
	copies = (n - 1) / 258;
	rest = (n - 1) % 258;
	for (i = 0; i < copies; i++)
		put_bits(&w, len258, 13);
	for (i = 0; i < rest; i++)
		put_bits(&w, lit0, 8);
	put_bits(&w, 0, 7);	/* end of block */
	if (w.n)
		put_bits(&w, 0, 8 - w.n);
	/* Adler-32 of zeros: a stays 1, b adds 1 per byte */
	put_be32(adler, (uint32_t)((n % 65521) << 16) | 1u);
	buf_add(b, adler, 4);
}

/* A valid 1-bit greyscale PNG of w x h black pixels: tiny file, any size claimed. */
static void png_zeros(uint32_t w, uint32_t h, struct buf *b)
{
	unsigned char ihdr[13];
	struct buf z = BUF_INIT;

	buf_add(b, "\x89PNG\r\n\x1a\n", 8);
	put_be32(ihdr, w);
	put_be32(ihdr + 4, h);
	ihdr[8] = 1;	/* bit depth */
	ihdr[9] = 0;	/* greyscale */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	png_chunk(b, "IHDR", ihdr, sizeof ihdr);
	zlib_zeros(&z, (uint64_t)h * (1 + (w + 7) / 8));	/* filter byte 0 + packed row */
	png_chunk(b, "IDAT", z.ptr, z.len);
	png_chunk(b, "IEND", "", 0);
	buf_release(&z);
}

/* Offset just after SOI and a JFIF APP0, where metadata segments go. */
static size_t jpeg_meta_pos(const struct buf *j)
{
	const unsigned char *p = (const unsigned char *)j->ptr;
	size_t at = 2;

	assert_true(j->len > 4 && p[0] == 0xff && p[1] == 0xd8);
	if (p[2] == 0xff && p[3] == 0xe0)
		at += 2 + (size_t)(p[4] << 8 | p[5]);
	return at;
}

static void jpeg_segment(struct buf *b, unsigned char marker, const void *data, size_t n)
{
	unsigned char hdr[4] = { 0xff, marker, (unsigned char)((n + 2) >> 8), (unsigned char)(n + 2) };

	buf_add(b, hdr, 4);
	buf_add(b, data, n);
}

static void le16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void le32(unsigned char *p, uint32_t v)
{
	le16(p, v & 0xffff);
	le16(p + 2, v >> 16);
}

static void ifd_entry(unsigned char *p, unsigned tag, unsigned type, uint32_t count, uint32_t value)
{
	le16(p, tag);
	le16(p + 2, type);
	le32(p + 4, count);
	le32(p + 8, value);
}

/*
 * EXIF (little-endian TIFF): IFD0 with Orientation = 6 (turn 90 degrees
 * clockwise to view) and a GPS IFD at 6 deg 53' S, 109 deg 40' E.
 */
static size_t make_exif(unsigned char *e)
{
	static const uint32_t lat[6] = { 6, 1, 53, 1, 0, 1 }, lon[6] = { 109, 1, 40, 1, 0, 1 };
	unsigned char *t = e + 6;
	int i;

	memcpy(e, "Exif\0\0", 6);
	memcpy(t, "II*\0", 4);
	le32(t + 4, 8);
	le16(t + 8, 2);				/* IFD0 at 8: 2 entries */
	ifd_entry(t + 10, 0x0112, 3, 1, 6);	/* Orientation SHORT 6 */
	ifd_entry(t + 22, 0x8825, 4, 1, 38);	/* GPSInfo IFD at 38 */
	le32(t + 34, 0);
	le16(t + 38, 4);			/* GPS IFD: 4 entries */
	ifd_entry(t + 40, 0x0001, 2, 2, 'S');	/* GPSLatitudeRef "S" */
	ifd_entry(t + 52, 0x0002, 5, 3, 92);	/* GPSLatitude at 92 */
	ifd_entry(t + 64, 0x0003, 2, 2, 'E');	/* GPSLongitudeRef "E" */
	ifd_entry(t + 76, 0x0004, 5, 3, 116);	/* GPSLongitude at 116 */
	le32(t + 88, 0);
	for (i = 0; i < 6; i++) {
		le32(t + 92 + 4 * i, lat[i]);
		le32(t + 116 + 4 * i, lon[i]);
	}
	return 6 + 140;
}

/* A JPEG of w x h, left half black, right half white, carrying ICC, EXIF
 * (orientation 6 and GPS), XMP and a comment. */
static void jpeg_with_metadata(int w, int h, struct buf *out)
{
	static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0"
				  "<x:xmpmeta xmlns:x='adobe:ns:meta/'>SECRET-XMP</x:xmpmeta>";
	static const char com[] = "SECRET-COMMENT";
	VipsImage *b = NULL, *white = NULL, *half = NULL, *rgb = NULL, *icc = NULL;
	struct buf plain = BUF_INIT;
	unsigned char exif[160];
	size_t at, n;

	assert_int_equal(vips_black(&b, w / 2, h, NULL), 0);
	assert_int_equal(vips_linear1(b, &white, 1.0, 255.0, NULL), 0);
	assert_int_equal(vips_join(b, white, &half, VIPS_DIRECTION_HORIZONTAL, NULL), 0);
	{
		VipsImage *c = NULL;

		assert_int_equal(vips_cast_uchar(half, &c, NULL), 0);
		assert_int_equal(vips_colourspace(c, &rgb, VIPS_INTERPRETATION_sRGB, NULL), 0);
		g_object_unref(c);
	}
	/* attaches an sRGB ICC profile, which jpegsave writes as APP2 */
	assert_int_equal(vips_icc_transform(rgb, &icc, "srgb", "input_profile", "srgb", NULL), 0);
	save_jpeg(icc, 0, &plain);
	at = jpeg_meta_pos(&plain);
	buf_add(out, plain.ptr, at);
	n = make_exif(exif);
	jpeg_segment(out, 0xe1, exif, n);
	jpeg_segment(out, 0xe1, xmp, sizeof xmp - 1);
	jpeg_segment(out, 0xfe, com, sizeof com - 1);
	buf_add(out, plain.ptr + at, plain.len - at);
	buf_release(&plain);
	g_object_unref(icc);
	g_object_unref(rgb);
	g_object_unref(half);
	g_object_unref(white);
	g_object_unref(b);
}

/* A hand-made PDF of npages A4 pages, each with a black rectangle; extra goes into the catalog. */
static void make_pdf(struct buf *b, int npages, const char *extra)
{
	static const char content[] = "0 0 0 rg 100 100 200 300 re f\n";
	size_t off[2 + 2 * 8];
	int nobj = 2 + 2 * npages, i;
	size_t xref;

	assert_true(npages >= 1 && npages <= 8);
	buf_adds(b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	off[0] = b->len;
	buf_addf(b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R %s >>\nendobj\n", extra ? extra : "");
	off[1] = b->len;
	buf_adds(b, "2 0 obj\n<< /Type /Pages /Kids [");
	for (i = 0; i < npages; i++)
		buf_addf(b, " %d 0 R", 3 + 2 * i);
	buf_addf(b, " ] /Count %d >>\nendobj\n", npages);
	for (i = 0; i < npages; i++) {
		off[2 + 2 * i] = b->len;
		buf_addf(b, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
			 "/Resources << >> /Contents %d 0 R >>\nendobj\n", 3 + 2 * i, 4 + 2 * i);
		off[3 + 2 * i] = b->len;
		buf_addf(b, "%d 0 obj\n<< /Length %zu >>\nstream\n%sendstream\nendobj\n",
			 4 + 2 * i, sizeof content - 1, content);
	}
	xref = b->len;
	buf_addf(b, "xref\n0 %d\n0000000000 65535 f \n", nobj + 1);
	for (i = 0; i < nobj; i++)
		buf_addf(b, "%010zu 00000 n \n", off[i]);
	buf_addf(b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", nobj + 1, xref);
}

/* ---- helpers over image_ingest -------------------------------------- */

static enum image_err ingest(const struct buf *in, const char *name, const struct image_limits *lim,
			     struct image_out *out)
{
	return image_ingest(in->ptr, in->len, name, lim, out);
}

/* Ingest must fail with e, leaving out empty. */
static void expect_refused(const struct buf *in, const char *name, const struct image_limits *lim,
			   enum image_err e)
{
	struct image_out out;

	assert_int_equal(ingest(in, name, lim, &out), e);
	assert_int_equal(out.file.len, 0);
	assert_int_equal(out.thumb.len, 0);
	assert_null(out.mime);
	image_out_free(&out);
}

static void expect_size(VipsImage *im, int w, int h)
{
	assert_int_equal(vips_image_get_width(im), w);
	assert_int_equal(vips_image_get_height(im), h);
}

/* The thumbnail decodes as a JPEG of w x h. */
static void expect_thumb(const struct image_out *out, int w, int h)
{
	VipsImage *t = load(&out->thumb, "image/jpeg");

	expect_size(t, w, h);
	g_object_unref(t);
}

/* ---- tests ------------------------------------------------------------ */

static void test_jpeg_small_kept_size(void **state)
{
	struct buf in = BUF_INIT;
	struct image_out out;
	VipsImage *im;

	(void)state;
	jpeg_of(640, 480, &in);
	assert_int_equal(ingest(&in, "ktp.jpg", NULL, &out), IMAGE_OK);
	assert_string_equal(out.mime, "image/jpeg");
	assert_string_equal(out.ext, "jpg");
	assert_int_equal(out.width, 640);
	assert_int_equal(out.height, 480);
	im = load(&out.file, out.mime);
	expect_size(im, 640, 480);	/* never scaled up */
	g_object_unref(im);
	expect_thumb(&out, 320, 240);
	image_out_free(&out);
	image_out_free(&out);	/* twice is safe */
	assert_int_equal(out.file.len, 0);
	buf_release(&in);
}

static void test_extensions(void **state)
{
	static const char *const good[] = {
		"scan.jpg", "scan.JPG", "scan.jpeg", "scan.Jpeg", "foto.jfif", "foto.JFIF",
		"C:\\Users\\warga\\KK.JPG", "dir/sub/ktp.jpg", "ktp.scan.2024.jpg",
	};
	static const char *const bad[] = {
		"x.jpg.php", "x.php", "noext", "x.", "x.gif", "x.jpg ", "x.jpgx", "x.jp", "x.pdf",
		"x.jpg/", "x.jpg\\y",
	};
	struct buf in = BUF_INIT;
	struct image_out out;
	size_t i;

	(void)state;
	jpeg_of(40, 30, &in);
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(ingest(&in, good[i], NULL, &out), IMAGE_OK);
		image_out_free(&out);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_refused(&in, bad[i], NULL, IMAGE_E_TYPE);
	expect_refused(&in, NULL, NULL, IMAGE_E_TYPE);
	buf_release(&in);
}

static void test_content_must_match_extension(void **state)
{
	static const char html[] = "<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n";
	static const char svg[] = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
				  "width=\"10\" height=\"10\"><script>alert(1)</script></svg>\n";
	static const char php[] = "<?php system($_GET['c']); ?>\n";
	static const char text[] = "ini bukan gambar\n";
	static const char gif[] = "GIF89a\x01\x00\x01\x00\x00\x00\x00;";
	struct buf jpg = BUF_INIT, png = BUF_INIT, pdf = BUF_INIT, b = BUF_INIT;
	struct image_limits lim = { .allow_pdf = 1 };

	(void)state;
	jpeg_of(40, 30, &jpg);
	png_of(40, 30, &png);
	make_pdf(&pdf, 1, NULL);
	expect_refused(&png, "x.jpg", NULL, IMAGE_E_TYPE);
	expect_refused(&jpg, "x.png", NULL, IMAGE_E_TYPE);
	expect_refused(&pdf, "x.jpg", &lim, IMAGE_E_TYPE);
	expect_refused(&jpg, "x.pdf", &lim, IMAGE_E_TYPE);
	buf_adds(&b, html);
	expect_refused(&b, "x.jpg", NULL, IMAGE_E_TYPE);
	buf_reset(&b);
	buf_adds(&b, svg);
	expect_refused(&b, "x.jpg", NULL, IMAGE_E_TYPE);
	expect_refused(&b, "x.png", NULL, IMAGE_E_TYPE);
	buf_reset(&b);
	buf_adds(&b, php);
	expect_refused(&b, "x.jpg", NULL, IMAGE_E_TYPE);
	buf_reset(&b);
	buf_adds(&b, text);
	expect_refused(&b, "x.jpeg", NULL, IMAGE_E_TYPE);
	buf_reset(&b);
	buf_add(&b, gif, sizeof gif - 1);
	expect_refused(&b, "x.jpg", NULL, IMAGE_E_TYPE);
	buf_release(&b);
	buf_release(&pdf);
	buf_release(&png);
	buf_release(&jpg);
}

static void test_other_loaders_blocked(void **state)
{
	static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
				  "<rect width=\"10\" height=\"10\"/></svg>";
	static const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
				  "!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00"
				  "\x00\x02\x02D\x01\x00;";
	struct buf jpg = BUF_INIT;
	VipsImage *im;

	(void)state;
	/* whatever sniffs a buffer after image_init can only reach JPEG, PNG, PDF */
	im = vips_image_new_from_buffer(svg, sizeof svg - 1, "", NULL);
	assert_null(im);
	im = vips_image_new_from_buffer(gif, sizeof gif - 1, "", NULL);
	assert_null(im);
	vips_error_clear();
	jpeg_of(8, 8, &jpg);
	im = vips_image_new_from_buffer(jpg.ptr, jpg.len, "", NULL);
	assert_non_null(im);
	g_object_unref(im);
	buf_release(&jpg);
}

static void test_empty_and_too_large(void **state)
{
	struct buf in = BUF_INIT;
	struct image_limits lim = { 0 };
	struct image_out out;

	(void)state;
	assert_int_equal(image_ingest("", 0, "x.jpg", NULL, &out), IMAGE_E_EMPTY);
	assert_int_equal(image_ingest(NULL, 0, NULL, NULL, &out), IMAGE_E_EMPTY);
	image_out_free(&out);
	jpeg_of(200, 100, &in);
	lim.max_bytes = in.len - 1;
	expect_refused(&in, "x.jpg", &lim, IMAGE_E_TOO_LARGE);
	lim.max_bytes = in.len;
	assert_int_equal(ingest(&in, "x.jpg", &lim, &out), IMAGE_OK);
	image_out_free(&out);
	/* size is checked before the name */
	lim.max_bytes = 10;
	expect_refused(&in, "x.exe", &lim, IMAGE_E_TOO_LARGE);
	buf_release(&in);
}

static void test_truncated_refused(void **state)
{
	VipsImage *noise = make_noise(400, 300);
	struct buf jpg = BUF_INIT, prog = BUF_INIT, png = BUF_INIT, cut = BUF_INIT;
	struct image_out out;

	(void)state;
	save_jpeg(noise, 0, &jpg);
	save_jpeg(noise, 1, &prog);
	save_png(noise, &png);
	g_object_unref(noise);
	/* the whole files pass */
	assert_int_equal(ingest(&jpg, "a.jpg", NULL, &out), IMAGE_OK);
	image_out_free(&out);
	assert_int_equal(ingest(&prog, "a.jpg", NULL, &out), IMAGE_OK);
	image_out_free(&out);
	assert_int_equal(ingest(&png, "a.png", NULL, &out), IMAGE_OK);
	image_out_free(&out);

	buf_add(&cut, jpg.ptr, jpg.len * 6 / 10);
	expect_refused(&cut, "a.jpg", NULL, IMAGE_E_DAMAGED);
	buf_reset(&cut);
	/* EOI and the last bytes of the scan missing (without EOI alone, libjpeg
	 * may have every pixel already and rightly not complain) */
	buf_add(&cut, jpg.ptr, jpg.len - 16);
	expect_refused(&cut, "a.jpg", NULL, IMAGE_E_DAMAGED);
	buf_reset(&cut);
	buf_add(&cut, prog.ptr, prog.len * 6 / 10);
	expect_refused(&cut, "a.jpg", NULL, IMAGE_E_DAMAGED);
	buf_reset(&cut);
	buf_add(&cut, png.ptr, png.len * 6 / 10);
	expect_refused(&cut, "a.png", NULL, IMAGE_E_DAMAGED);
	buf_reset(&cut);
	buf_add(&cut, png.ptr, 60);	/* in the middle of the first chunks */
	expect_refused(&cut, "a.png", NULL, IMAGE_E_DAMAGED);
	buf_reset(&cut);
	/* a JPEG signature followed by junk */
	buf_add(&cut, "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
	buf_adds(&cut, "junk junk junk junk junk junk junk junk");
	expect_refused(&cut, "a.jpg", NULL, IMAGE_E_DAMAGED);
	buf_release(&cut);
	buf_release(&png);
	buf_release(&prog);
	buf_release(&jpg);
}

static void test_pixel_limit(void **state)
{
	struct buf jpg = BUF_INIT, png = BUF_INIT;
	struct image_limits lim = { 0 };
	struct image_out out;

	(void)state;
	jpeg_of(100, 80, &jpg);
	lim.max_pixels = 100 * 80 - 1;
	expect_refused(&jpg, "a.jpg", &lim, IMAGE_E_PIXELS);
	lim.max_pixels = 100 * 80;
	assert_int_equal(ingest(&jpg, "a.jpg", &lim, &out), IMAGE_OK);
	image_out_free(&out);
	/* the hand-made PNG below is valid: it passes at its limit */
	png_zeros(3000, 2000, &png);
	lim.max_pixels = 3000 * 2000 - 1;
	expect_refused(&png, "a.png", &lim, IMAGE_E_PIXELS);
	lim.max_pixels = 3000 * 2000;
	assert_int_equal(ingest(&png, "a.png", &lim, &out), IMAGE_OK);
	assert_int_equal(out.width, 2480);
	image_out_free(&out);
	buf_release(&png);
	buf_release(&jpg);
}

static void test_header_claims_60000x60000(void **state)
{
	struct buf png = BUF_INIT, jpg = BUF_INIT;
	unsigned char *p;
	size_t i;

	(void)state;
	/* a valid 1-bit PNG of 3.6 gigapixels in under 3 MB: decoding it would
	 * need 3.6 GB; it must be refused from the header */
	png_zeros(60000, 60000, &png);
	assert_true(png.len < 3 * 1024 * 1024);
	expect_refused(&png, "bom.png", NULL, IMAGE_E_PIXELS);
	/* a JPEG whose frame header is patched to claim 60000 x 60000 */
	jpeg_of(64, 48, &jpg);
	p = (unsigned char *)jpg.ptr;
	for (i = 2; i + 9 < jpg.len; i++)
		if (p[i] == 0xff && p[i + 1] == 0xc0)
			break;
	assert_true(i + 9 < jpg.len);
	p[i + 5] = p[i + 7] = 0xea;	/* 0xea60 = 60000 */
	p[i + 6] = p[i + 8] = 0x60;
	expect_refused(&jpg, "bom.jpg", NULL, IMAGE_E_PIXELS);
	buf_release(&jpg);
	buf_release(&png);
}

static void test_metadata_stripped_and_rotated(void **state)
{
	struct buf in = BUF_INIT;
	struct image_out out;
	VipsImage *im;
	double *v = NULL;
	int n = 0, orient = 0;

	(void)state;
	jpeg_with_metadata(64, 32, &in);
	/* the input really carries it all (libexif and libjpeg agree) */
	im = load(&in, "image/jpeg");
	assert_true(vips_image_get_typeof(im, VIPS_META_EXIF_NAME) != 0);
	assert_true(vips_image_get_typeof(im, "exif-ifd3-GPSLatitude") != 0);
	assert_true(vips_image_get_typeof(im, VIPS_META_XMP_NAME) != 0);
	assert_true(vips_image_get_typeof(im, VIPS_META_ICC_NAME) != 0);
	assert_int_equal(vips_image_get_int(im, VIPS_META_ORIENTATION, &orient), 0);
	assert_int_equal(orient, 6);
	g_object_unref(im);
	assert_true(contains(&in, "SECRET-COMMENT"));

	assert_int_equal(ingest(&in, "ktp.jpg", NULL, &out), IMAGE_OK);
	/* upright: 90 degrees clockwise, so the black left half is now on top */
	assert_int_equal(out.width, 32);
	assert_int_equal(out.height, 64);
	im = load(&out.file, out.mime);
	expect_size(im, 32, 64);
	assert_int_equal(vips_getpoint(im, &v, &n, 16, 8, NULL), 0);
	assert_true(v[0] < 64);
	g_free(v);
	assert_int_equal(vips_getpoint(im, &v, &n, 16, 56, NULL), 0);
	assert_true(v[0] > 192);
	g_free(v);
	assert_int_equal(vips_image_get_typeof(im, VIPS_META_EXIF_NAME), 0);
	assert_int_equal(vips_image_get_typeof(im, VIPS_META_XMP_NAME), 0);
	assert_int_equal(vips_image_get_typeof(im, VIPS_META_ICC_NAME), 0);
	assert_int_equal(vips_image_get_typeof(im, VIPS_META_ORIENTATION), 0);
	g_object_unref(im);
	assert_false(contains(&out.file, "Exif"));
	assert_false(contains(&out.file, "SECRET"));
	assert_false(contains(&out.file, "ns.adobe.com"));
	assert_false(contains(&out.file, "ICC_PROFILE"));
	assert_false(contains(&out.thumb, "Exif"));
	assert_false(contains(&out.thumb, "SECRET"));
	assert_false(contains(&out.thumb, "ICC_PROFILE"));
	expect_thumb(&out, 32, 64);
	image_out_free(&out);
	buf_release(&in);
}

static void test_icc_profile_applied(void **state)
{
	double one[3] = { 1, 1, 1 }, red[3] = { 200, 50, 50 };
	VipsImage *b = NULL, *l = NULL, *c = NULL, *p3 = NULL, *im;
	struct buf in = BUF_INIT;
	struct image_out out;
	double *v = NULL;
	int n = 0;

	(void)state;
	/* sRGB (200, 50, 50) stored as Display P3 numbers with a P3 profile,
	 * as an iPhone does: read naively it would come out as about (184, 63, 57) */
	assert_int_equal(vips_black(&b, 32, 32, "bands", 3, NULL), 0);
	assert_int_equal(vips_linear(b, &l, one, red, 3, NULL), 0);
	assert_int_equal(vips_cast_uchar(l, &c, NULL), 0);
	c->Type = VIPS_INTERPRETATION_sRGB;
	assert_int_equal(vips_icc_transform(c, &p3, "p3", "input_profile", "srgb", NULL), 0);
	assert_int_equal(vips_getpoint(p3, &v, &n, 5, 5, NULL), 0);
	assert_true(v[0] < 190);
	g_free(v);
	save_png(p3, &in);
	g_object_unref(p3);
	g_object_unref(c);
	g_object_unref(l);
	g_object_unref(b);

	assert_int_equal(ingest(&in, "ktp.png", NULL, &out), IMAGE_OK);
	im = load(&out.file, out.mime);
	assert_int_equal(vips_image_get_typeof(im, VIPS_META_ICC_NAME), 0);
	assert_int_equal(vips_getpoint(im, &v, &n, 5, 5, NULL), 0);
	assert_int_equal(n, 3);
	assert_true(v[0] >= 197 && v[0] <= 203);
	assert_true(v[1] >= 47 && v[1] <= 53);
	assert_true(v[2] >= 47 && v[2] <= 53);
	g_free(v);
	g_object_unref(im);
	image_out_free(&out);
	buf_release(&in);
}

/* Ingest in, expect OK and an output of the given bands, 8 bits each. */
static void expect_bands(const struct buf *in, const char *name, int bands)
{
	struct image_out out;
	VipsImage *im;

	assert_int_equal(ingest(in, name, NULL, &out), IMAGE_OK);
	im = load(&out.file, out.mime);
	assert_int_equal(vips_image_get_bands(im), bands);
	assert_int_equal(vips_image_get_format(im), VIPS_FORMAT_UCHAR);
	g_object_unref(im);
	expect_thumb(&out, out.width, out.height);	/* small: not scaled */
	image_out_free(&out);
}

static void test_colour_kinds(void **state)
{
	VipsImage *rgb = make_ramp(64, 48), *x = NULL, *y = NULL;
	struct buf in = BUF_INIT;

	(void)state;
	/* CMYK JPEG (print workflows, some scanners) becomes RGB */
	assert_int_equal(vips_colourspace(rgb, &x, VIPS_INTERPRETATION_CMYK, NULL), 0);
	assert_int_equal(vips_image_get_bands(x), 4);
	save_jpeg(x, 0, &in);
	g_object_unref(x);
	expect_bands(&in, "cmyk.jpg", 3);
	buf_reset(&in);
	/* 16-bit PNG becomes 8-bit */
	assert_int_equal(vips_colourspace(rgb, &x, VIPS_INTERPRETATION_RGB16, NULL), 0);
	assert_int_equal(vips_image_get_format(x), VIPS_FORMAT_USHORT);
	save_png(x, &in);
	g_object_unref(x);
	expect_bands(&in, "deep.png", 3);
	buf_reset(&in);
	/* grey stays grey (a third of the size), with or without alpha */
	assert_int_equal(vips_colourspace(rgb, &x, VIPS_INTERPRETATION_B_W, NULL), 0);
	save_jpeg(x, 0, &in);
	expect_bands(&in, "grey.jpg", 1);
	buf_reset(&in);
	assert_int_equal(vips_bandjoin_const1(x, &y, 255.0, NULL), 0);
	save_png(y, &in);
	expect_bands(&in, "grey.png", 2);
	g_object_unref(y);
	g_object_unref(x);
	g_object_unref(rgb);
	buf_release(&in);
}

static void test_png_stays_png_stripped(void **state)
{
	static const char text[] = "Comment\0SECRET-PNG-TEXT";
	VipsImage *rgb, *a = NULL, *rgba = NULL, *im;
	struct buf plain = BUF_INIT, in = BUF_INIT;
	struct image_out out;
	double *v = NULL;
	int n = 0;

	(void)state;
	/* black and fully transparent */
	rgb = make_ramp(50, 40);
	{
		VipsImage *z = NULL;

		assert_int_equal(vips_linear1(rgb, &z, 0.0, 0.0, NULL), 0);
		g_object_unref(rgb);
		assert_int_equal(vips_cast_uchar(z, &rgb, NULL), 0);
		g_object_unref(z);
	}
	assert_int_equal(vips_black(&a, 50, 40, NULL), 0);
	{
		VipsImage *ac = NULL;

		assert_int_equal(vips_cast_uchar(a, &ac, NULL), 0);
		assert_int_equal(vips_bandjoin2(rgb, ac, &rgba, NULL), 0);
		g_object_unref(ac);
	}
	save_png(rgba, &plain);
	g_object_unref(rgba);
	g_object_unref(a);
	g_object_unref(rgb);
	/* tEXt right after IHDR (8 + 25 bytes) */
	buf_add(&in, plain.ptr, 33);
	png_chunk(&in, "tEXt", text, sizeof text - 1);
	buf_add(&in, plain.ptr + 33, plain.len - 33);
	buf_release(&plain);
	assert_true(contains(&in, "SECRET-PNG-TEXT"));

	assert_int_equal(ingest(&in, "kk.PNG", NULL, &out), IMAGE_OK);
	assert_string_equal(out.mime, "image/png");
	assert_string_equal(out.ext, "png");
	assert_false(contains(&out.file, "SECRET"));
	assert_false(contains(&out.file, "tEXt"));
	im = load(&out.file, out.mime);
	expect_size(im, 50, 40);
	assert_int_equal(vips_image_get_bands(im), 4);	/* alpha kept in the PNG */
	g_object_unref(im);
	/* the JPEG thumbnail is flattened onto white, not black */
	im = load(&out.thumb, "image/jpeg");
	assert_int_equal(vips_getpoint(im, &v, &n, 10, 10, NULL), 0);
	assert_int_equal(n, 3);
	assert_true(v[0] > 240 && v[1] > 240 && v[2] > 240);
	g_free(v);
	g_object_unref(im);
	image_out_free(&out);
	buf_release(&in);
}

static void test_scaled_to_max_side(void **state)
{
	struct buf in = BUF_INIT;
	struct image_limits lim = { 0 };
	struct image_out out;
	VipsImage *im;

	(void)state;
	jpeg_of(4000, 3000, &in);
	assert_int_equal(ingest(&in, "foto.jpg", NULL, &out), IMAGE_OK);
	assert_int_equal(out.width, 2480);
	assert_int_equal(out.height, 1860);
	im = load(&out.file, out.mime);
	expect_size(im, 2480, 1860);
	g_object_unref(im);
	expect_thumb(&out, 320, 240);
	image_out_free(&out);
	buf_release(&in);

	jpeg_of(3000, 4000, &in);
	assert_int_equal(ingest(&in, "foto.jpg", NULL, &out), IMAGE_OK);
	assert_int_equal(out.width, 1860);
	assert_int_equal(out.height, 2480);
	expect_thumb(&out, 240, 320);
	image_out_free(&out);
	buf_release(&in);

	/* the limits are the caller's */
	png_of(1000, 500, &in);
	lim.max_side = 600;
	lim.thumb_side = 100;
	assert_int_equal(ingest(&in, "s.png", &lim, &out), IMAGE_OK);
	assert_int_equal(out.width, 600);
	assert_int_equal(out.height, 300);
	im = load(&out.file, out.mime);
	expect_size(im, 600, 300);
	g_object_unref(im);
	expect_thumb(&out, 100, 50);
	image_out_free(&out);
	buf_release(&in);
}

static void test_trailing_payload_dropped(void **state)
{
	struct buf in = BUF_INIT;
	struct image_out out;

	(void)state;
	jpeg_of(60, 40, &in);
	buf_adds(&in, "<?php system($_GET['c']); ?>");
	assert_int_equal(ingest(&in, "a.jpg", NULL, &out), IMAGE_OK);
	assert_false(contains(&out.file, "<?php"));
	image_out_free(&out);
	buf_release(&in);
}

static void test_pdf(void **state)
{
	struct buf in = BUF_INIT;
	struct image_limits lim = { 0 };
	struct image_out out;

	(void)state;
	make_pdf(&in, 1, NULL);
	expect_refused(&in, "akta.pdf", &lim, IMAGE_E_TYPE);
	lim.allow_pdf = 1;
	if (!image_pdf_supported()) {
		expect_refused(&in, "akta.pdf", &lim, IMAGE_E_TYPE);
		buf_release(&in);
		skip();
	}
	assert_int_equal(ingest(&in, "akta.PDF", &lim, &out), IMAGE_OK);
	assert_string_equal(out.mime, "application/pdf");
	assert_string_equal(out.ext, "pdf");
	assert_int_equal(out.width, 595);
	assert_int_equal(out.height, 842);
	/* kept byte for byte */
	assert_int_equal(out.file.len, in.len);
	assert_memory_equal(out.file.ptr, in.ptr, in.len);
	expect_thumb(&out, 226, 320);
	{
		/* page 1 was rendered: the black rectangle is in the thumbnail */
		VipsImage *t = load(&out.thumb, "image/jpeg");
		double *v = NULL;
		int n = 0;

		/* rectangle x 100..300, y from the top 842-400..842-100 (points) */
		assert_int_equal(vips_getpoint(t, &v, &n, (int)(200 * 320.0 / 842), (int)(600 * 320.0 / 842), NULL), 0);
		assert_true(v[0] < 64);
		g_free(v);
		assert_int_equal(vips_getpoint(t, &v, &n, 10, 10, NULL), 0);
		assert_true(v[0] > 192);
		g_free(v);
		g_object_unref(t);
	}
	image_out_free(&out);
	buf_release(&in);
}

static void test_pdf_bad(void **state)
{
	struct buf in = BUF_INIT;
	struct image_limits lim = { .allow_pdf = 1 };
	struct image_out out;

	(void)state;
	if (!image_pdf_supported())
		skip();
	make_pdf(&in, 3, NULL);
	lim.max_pages = 2;
	expect_refused(&in, "a.pdf", &lim, IMAGE_E_DAMAGED);
	lim.max_pages = 3;
	assert_int_equal(ingest(&in, "a.pdf", &lim, &out), IMAGE_OK);
	image_out_free(&out);
	buf_reset(&in);

	make_pdf(&in, 1, "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>");
	expect_refused(&in, "a.pdf", &lim, IMAGE_E_DAMAGED);
	buf_reset(&in);
	make_pdf(&in, 1, "/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>");
	expect_refused(&in, "a.pdf", &lim, IMAGE_E_DAMAGED);
	buf_reset(&in);
	make_pdf(&in, 1, "/OpenAction << /S /Launch /F (cmd.exe) >>");
	expect_refused(&in, "a.pdf", &lim, IMAGE_E_DAMAGED);
	buf_reset(&in);
	/* a name that merely starts like one is fine */
	make_pdf(&in, 1, "/JSX (1) /Launcher (2)");
	assert_int_equal(ingest(&in, "a.pdf", &lim, &out), IMAGE_OK);
	image_out_free(&out);
	buf_reset(&in);

	buf_adds(&in, "%PDF-1.4\nthis is no pdf at all\n%%EOF\n");
	expect_refused(&in, "a.pdf", &lim, IMAGE_E_DAMAGED);
	buf_release(&in);
}

/* libmagic is where a shared handle would break: small images keep the
 * threads in it often */
#define THREADS 8
#define ROUNDS 20

struct worker {
	const struct buf *in;
	int ok;
	size_t len;
};

static void *work(void *p)
{
	struct worker *w = p;
	struct image_out out;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		if (image_ingest(w->in->ptr, w->in->len, "x.jpg", NULL, &out) == IMAGE_OK &&
		    (w->len == 0 || w->len == out.file.len))
			w->ok++;
		w->len = out.file.len;
		image_out_free(&out);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct buf in = BUF_INIT;
	pthread_t th[THREADS];
	struct worker w[THREADS];
	int i;

	(void)state;
	jpeg_of(48, 32, &in);
	for (i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ &in, 0, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(w[i].ok, ROUNDS);
		assert_int_equal(w[i].len, w[0].len);
	}
	buf_release(&in);
}

static void test_messages(void **state)
{
	int e;

	(void)state;
	for (e = 0; e < IMAGE__MAX; e++) {
		assert_non_null(image_err_message((enum image_err)e));
		assert_true(strlen(image_err_message((enum image_err)e)) > 10);
	}
	assert_non_null(strstr(image_err_message(IMAGE_E_TOO_LARGE), "Ukuran file terlalu besar"));
	assert_non_null(strstr(image_err_message(IMAGE_E_TOO_LARGE), "150 DPI"));
	assert_non_null(strstr(image_err_message(IMAGE_E_TYPE), "Ekstensi file tidak sesuai"));
	assert_non_null(strstr(image_err_message(IMAGE_E_TYPE), "jpg, jpeg, png atau jfif"));
	assert_non_null(strstr(image_err_message(IMAGE_E_DAMAGED), "rusak"));
	assert_non_null(strstr(image_err_message(IMAGE_E_DAMAGED), "kode berbahaya"));
	assert_non_null(strstr(image_err_message(IMAGE_E_PIXELS), "Resolusi gambar terlalu besar"));
	assert_ptr_equal(image_err_message(IMAGE__MAX), image_err_message(IMAGE_E_INTERNAL));
	assert_ptr_equal(image_err_message((enum image_err)-1), image_err_message(IMAGE_E_INTERNAL));
}

static int setup(void **state)
{
	(void)state;
	log_set_level(LOG_WARN);
	return image_init();
}

static int teardown(void **state)
{
	(void)state;
	image_shutdown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jpeg_small_kept_size),
		cmocka_unit_test(test_extensions),
		cmocka_unit_test(test_content_must_match_extension),
		cmocka_unit_test(test_other_loaders_blocked),
		cmocka_unit_test(test_empty_and_too_large),
		cmocka_unit_test(test_truncated_refused),
		cmocka_unit_test(test_pixel_limit),
		cmocka_unit_test(test_header_claims_60000x60000),
		cmocka_unit_test(test_metadata_stripped_and_rotated),
		cmocka_unit_test(test_icc_profile_applied),
		cmocka_unit_test(test_colour_kinds),
		cmocka_unit_test(test_png_stays_png_stripped),
		cmocka_unit_test(test_scaled_to_max_side),
		cmocka_unit_test(test_trailing_payload_dropped),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_pdf_bad),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
