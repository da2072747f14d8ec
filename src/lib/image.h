// SPDX-License-Identifier: MIT
// Check an uploaded supporting document and re-encode it clean, in memory.
#ifndef LOKET_IMAGE_H
#define LOKET_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/*
 * A zero field takes the default given in its comment, so a caller may set
 * only what it cares about; a NULL limits pointer means all defaults.
 */
struct image_limits {
	size_t max_bytes;	/* refuse larger input (10 MiB) */
	int64_t max_pixels;	/* refuse when width * height from the header exceeds this,
				   before any pixel is decoded (40e6) */
	int max_side;		/* scale the output down so its longer side is at most this (2480) */
	int thumb_side;		/* thumbnail longer side, at most (320) */
	int allow_pdf;		/* accept application/pdf too (0: no) */
	int max_pages;		/* refuse a PDF with more pages (50) */
};

#define IMAGE_DEFAULT_MAX_BYTES ((size_t)10 * 1024 * 1024)
#define IMAGE_DEFAULT_MAX_PIXELS ((int64_t)40000000)
#define IMAGE_DEFAULT_MAX_SIDE 2480	/* A4 at 300 dpi */
#define IMAGE_DEFAULT_THUMB_SIDE 320
#define IMAGE_DEFAULT_MAX_PAGES 50

enum image_err {
	IMAGE_OK = 0,
	IMAGE_E_EMPTY,		/* zero bytes */
	IMAGE_E_TOO_LARGE,	/* over max_bytes */
	IMAGE_E_TYPE,		/* extension not allowed, or content is not what the extension says */
	IMAGE_E_DAMAGED,	/* does not decode fully, truncated, too many pixels or pages,
				   or otherwise suspicious (PDF with scripts, attachments...) */
	IMAGE_E_PIXELS,		/* width x height over max_pixels (header only, nothing decoded) */
	IMAGE_E_INTERNAL,	/* our fault (out of memory, libmagic database missing...) */
	IMAGE__MAX
};

struct image_out {
	struct buf file;	/* the re-encoded file (a PDF: the uploaded bytes, unchanged) */
	struct buf thumb;	/* JPEG thumbnail */
	const char *mime;	/* "image/jpeg", "image/png" or "application/pdf" (static) */
	const char *ext;	/* "jpg", "png" or "pdf" (static) */
	int width, height;	/* of the stored file; a PDF: page 1 at 72 dpi (1 px = 1 pt) */
};

/*
 * Once at start-up, before any thread calls image_ingest: starts libvips
 * with one worker thread and no operation cache, and blocks every libvips
 * loader except JPEG, PNG and PDF (process-wide). 0 ok, -1 when libvips
 * cannot start. Calling it again is harmless.
 */
int image_init(void);

/* 1 when this libvips can read PDF (poppler); without it PDFs are IMAGE_E_TYPE. */
int image_pdf_supported(void);

/*
 * Check len bytes at data, uploaded under filename (only what follows its
 * last dot is used, case-insensitively), and re-encode them.
 * Nothing touches the disk: the caller writes out->file and out->thumb.
 *
 * Order of checks: empty, size, extension (jpg, jpeg, jfif, png; pdf when
 * allowed), content type by libmagic (must match the extension), header
 * dimensions against max_pixels (and page count for a PDF), full decode that
 * fails on truncation or decoder errors.
 *
 * Images: EXIF orientation applied, colour converted to 8-bit sRGB (or grey)
 * using an embedded ICC profile, scaled down to max_side (never up), saved
 * with ALL metadata stripped (EXIF incl. GPS, XMP, ICC, comments, PNG text).
 * JPEG stays JPEG (quality 85); PNG stays PNG (lossless: screenshots and
 * scans of small print keep sharp edges, transparency is kept).
 *
 * PDFs are NOT re-encoded: out->file holds the uploaded bytes, so their
 * metadata stays. First pdf_check (lib/pdfcheck.h) walks every object: a
 * PDF with active content (JavaScript, automatic actions, Launch, embedded
 * files, RichMedia, XFA...) or one qpdf cannot read is IMAGE_E_DAMAGED.
 * Page 1 is then rendered to prove the file parses and to make the
 * thumbnail. This refuses, it does not sanitise: serve stored PDFs as
 * attachments.
 *
 * Thread-safe (libmagic handles are per thread). On IMAGE_OK the caller owns
 * out and frees it with image_out_free; on any error out is left empty (and
 * image_out_free on it is still safe). lim NULL means the defaults.
 */
enum image_err image_ingest(const void *data, size_t len, const char *filename,
			    const struct image_limits *lim, struct image_out *out);

/* Free both buffers and reset out to empty; safe to call twice. */
void image_out_free(struct image_out *out);

/*
 * Indonesian message for the resident, in the words of the manual's Tabel 4
 * with a hint what to do. Never NULL; static.
 */
const char *image_err_message(enum image_err e);

/*
 * At exit, from the thread that called image_init, after every other thread
 * has stopped: closes this thread's libmagic handle and shuts libvips down.
 * Only needed for a clean leak report; image_init cannot be called again.
 */
void image_shutdown(void);

#endif
