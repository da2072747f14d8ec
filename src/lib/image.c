// SPDX-License-Identifier: MIT
// Upload check and re-encode with libmagic and libvips: see image.h for the rules.
#include "lib/image.h"

#include <magic.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <vips/vips.h>

#include "lib/log.h"
#include "lib/pdfcheck.h"

#define JPEG_QUALITY 85
#define THUMB_QUALITY 80
#define PNG_COMPRESSION 6

enum kind { K_JPEG, K_PNG, K_PDF, K__MAX };

static const struct {
	const char *mime;	/* what libmagic must say */
	const char *ext;	/* what we store under */
} kinds[K__MAX] = {
	[K_JPEG] = { "image/jpeg", "jpg" },
	[K_PNG] = { "image/png", "png" },
	[K_PDF] = { "application/pdf", "pdf" },
};

static const struct {
	const char *ext;
	enum kind kind;
} extensions[] = {
	{ "jpg", K_JPEG }, { "jpeg", K_JPEG }, { "jfif", K_JPEG },
	{ "png", K_PNG },
	{ "pdf", K_PDF },
};

static int started;
static int have_pdf;

/* libmagic handles are not thread-safe: one per thread, closed at thread exit. */
static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;
static __thread magic_t thread_magic;

static void magic_thread_exit(void *p)
{
	magic_close(p);
}

static void magic_make_key(void)
{
	if (pthread_key_create(&magic_key, magic_thread_exit))
		fatal("pthread_key_create failed");
}

static magic_t magic_get(void)
{
	magic_t m;

	if (thread_magic)
		return thread_magic;
	pthread_once(&magic_once, magic_make_key);
	m = magic_open(MAGIC_MIME_TYPE);
	if (!m)
		return NULL;
	if (magic_load(m, NULL) != 0) {
		log_error("image: cannot load the libmagic database: %s", magic_error(m));
		magic_close(m);
		return NULL;
	}
	if (pthread_setspecific(magic_key, m)) {
		magic_close(m);
		return NULL;
	}
	thread_magic = m;
	return m;
}

/* libvips warnings (decoder complaints about a bad upload) are debug noise, not stderr spam. */
static void vips_log_handler(const char *domain, GLogLevelFlags level, const char *msg, void *user)
{
	(void)domain;
	(void)level;
	(void)user;
	log_debug("image: libvips: %s", msg);
}

int image_init(void)
{
	if (started)
		return 0;
	if (VIPS_INIT("loket")) {
		log_error("image: libvips failed to start");
		return -1;
	}
	/* the server has its own thread pool; nothing of one upload may stay cached */
	vips_concurrency_set(1);
	vips_cache_set_max(0);
	vips_cache_set_max_mem(0);
	vips_cache_set_max_files(0);
	/* we call the JPEG, PNG and PDF loaders by name; block the rest (SVG,
	 * TIFF, ImageMagick, ...) in case anything ever sniffs a buffer */
	vips_operation_block_set("VipsForeignLoad", TRUE);
	vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
	vips_operation_block_set("VipsForeignLoadPng", FALSE);
	have_pdf = vips_type_find("VipsOperation", "pdfload_source") != 0;
	if (have_pdf)
		vips_operation_block_set("VipsForeignLoadPdf", FALSE);
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO,
			  vips_log_handler, NULL);
	pthread_once(&magic_once, magic_make_key);
	started = 1;
	return 0;
}

int image_pdf_supported(void)
{
	return have_pdf;
}

void image_shutdown(void)
{
	if (thread_magic) {
		pthread_setspecific(magic_key, NULL);
		magic_close(thread_magic);
		thread_magic = NULL;
	}
	if (started)
		vips_shutdown();
}

static void out_init(struct image_out *out)
{
	buf_init(&out->file);
	buf_init(&out->thumb);
	out->mime = NULL;
	out->ext = NULL;
	out->width = 0;
	out->height = 0;
}

void image_out_free(struct image_out *out)
{
	buf_release(&out->file);
	buf_release(&out->thumb);
	out_init(out);
}

static void limits_fill(struct image_limits *l, const struct image_limits *in)
{
	if (in)
		*l = *in;
	else
		memset(l, 0, sizeof *l);
	if (!l->max_bytes)
		l->max_bytes = IMAGE_DEFAULT_MAX_BYTES;
	if (l->max_pixels <= 0)
		l->max_pixels = IMAGE_DEFAULT_MAX_PIXELS;
	if (l->max_side <= 0)
		l->max_side = IMAGE_DEFAULT_MAX_SIDE;
	if (l->thumb_side <= 0)
		l->thumb_side = IMAGE_DEFAULT_THUMB_SIDE;
	if (l->max_pages <= 0)
		l->max_pages = IMAGE_DEFAULT_MAX_PAGES;
}

/* Kind named by what follows the last dot of filename, or -1: "x.jpg.php" is php. */
static int kind_from_name(const char *filename, int allow_pdf)
{
	const char *dot;
	size_t i;

	if (!filename)
		return -1;
	dot = strrchr(filename, '.');
	if (!dot)
		return -1;
	for (i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
		if (strcasecmp(dot + 1, extensions[i].ext))
			continue;
		if (extensions[i].kind == K_PDF && !allow_pdf)
			return -1;
		return (int)extensions[i].kind;
	}
	return -1;
}

/* Append a g_malloc'd libvips buffer to b and free it. */
static void take_vips_buf(struct buf *b, void *p, size_t n)
{
	buf_add(b, p, n);
	g_free(p);
}

/*
 * A lazy pipeline that turns in into 8-bit sRGB, or 8-bit grey for grey
 * input, through the embedded ICC profile when there is one (so colours
 * survive stripping the profile). Alpha is kept.
 */
static int to_srgb8(VipsImage *in, VipsImage **out)
{
	VipsInterpretation interp = vips_image_get_interpretation(in);
	int grey = interp == VIPS_INTERPRETATION_B_W || interp == VIPS_INTERPRETATION_GREY16;
	VipsImage *icc = NULL;
	int rc;

	if (!grey && vips_image_get_typeof(in, VIPS_META_ICC_NAME)) {
		/* a broken profile is not worth refusing the upload for */
		if (vips_icc_transform(in, &icc, "srgb", "embedded", TRUE, NULL) == 0)
			in = icc;
		else
			vips_error_clear();
	}
	rc = vips_colourspace(in, out, grey ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB, NULL);
	if (icc)
		g_object_unref(icc);
	return rc;
}

/* Alpha flattened onto white (JPEG has none). in is borrowed; *out is a new reference. */
static int flatten_white(VipsImage *in, VipsImage **out)
{
	VipsArrayDouble *bg;
	double white[3] = { 255, 255, 255 };
	int rc;

	if (!vips_image_hasalpha(in)) {
		*out = in;
		g_object_ref(in);
		return 0;
	}
	bg = vips_array_double_new(white, vips_image_get_bands(in) - 1);
	rc = vips_flatten(in, out, "background", bg, NULL);
	vips_area_unref(VIPS_AREA(bg));
	return rc;
}

/* JPEG thumbnail of img (already upright), longer side at most side. */
static int make_thumb(VipsImage *img, int side, struct buf *thumb)
{
	VipsImage *flat = NULL, *small = NULL;
	void *p = NULL;
	size_t n = 0;
	int rc = -1;

	if (flatten_white(img, &flat))
		goto out;
	if (vips_thumbnail_image(flat, &small, side, "height", side, "size", VIPS_SIZE_DOWN, NULL))
		goto out;
	if (vips_jpegsave_buffer(small, &p, &n, "Q", THUMB_QUALITY, "strip", TRUE,
				 "optimize_coding", TRUE, NULL))
		goto out;
	take_vips_buf(thumb, p, n);
	rc = 0;
out:
	if (small)
		g_object_unref(small);
	if (flat)
		g_object_unref(flat);
	return rc;
}

/* One short line, never the file name nor anything read from the file. */
static void log_outcome(const char *ext, enum image_err err, const char *why)
{
	if (err == IMAGE_E_INTERNAL)
		log_error("image: %s upload failed on our side (%s)", ext, why ? why : "?");
	else if (err != IMAGE_OK)
		log_info("image: refused %s upload (%s)", ext, why ? why : "?");
}

static enum image_err ingest_raster(const void *data, size_t len, enum kind kind,
				    const struct image_limits *lim, struct image_out *out)
{
	enum image_err err = IMAGE_E_DAMAGED;
	const char *why = NULL;
	VipsSource *src = NULL;
	VipsImage *t[6] = { NULL };
	VipsImage *img;
	void *p = NULL;
	size_t n = 0, i;
	int w, h, longer, rc;

	src = vips_source_new_from_memory(data, len);
	if (!src) {
		err = IMAGE_E_INTERNAL;
		why = "no source";
		goto out;
	}
	/* reads the header only: nothing is decoded before the size check */
	if (kind == K_JPEG)
		rc = vips_jpegload_source(src, &t[0], "access", VIPS_ACCESS_SEQUENTIAL,
					  "fail_on", VIPS_FAIL_ON_ERROR, NULL);
	else
		rc = vips_pngload_source(src, &t[0], "access", VIPS_ACCESS_SEQUENTIAL,
					 "fail_on", VIPS_FAIL_ON_ERROR, NULL);
	if (rc) {
		why = "unreadable header";
		goto out;
	}
	w = vips_image_get_width(t[0]);
	h = vips_image_get_height(t[0]);
	if (w < 1 || h < 1 || (int64_t)w * h > lim->max_pixels) {
		why = "over the pixel limit";
		err = w < 1 || h < 1 ? IMAGE_E_DAMAGED : IMAGE_E_PIXELS;
		goto out;
	}
	if (to_srgb8(t[0], &t[1])) {
		why = "unsupported colour space";
		goto out;
	}
	/* the one full decode: truncation and decoder errors fail here */
	t[2] = vips_image_copy_memory(t[1]);
	if (!t[2]) {
		why = "does not decode";
		goto out;
	}
	err = IMAGE_E_INTERNAL;
	if (vips_autorot(t[2], &t[3], NULL)) {
		why = "autorot";
		goto out;
	}
	img = t[3];
	longer = vips_image_get_width(img) > vips_image_get_height(img) ? vips_image_get_width(img)
									 : vips_image_get_height(img);
	if (longer > lim->max_side) {
		if (vips_thumbnail_image(img, &t[4], lim->max_side, "height", lim->max_side,
					 "size", VIPS_SIZE_DOWN, NULL)) {
			why = "resize";
			goto out;
		}
		/* computed once, used by both the file and the thumbnail */
		t[5] = vips_image_copy_memory(t[4]);
		if (!t[5]) {
			why = "resize";
			goto out;
		}
		img = t[5];
	}
	if (kind == K_JPEG)
		rc = vips_jpegsave_buffer(img, &p, &n, "Q", JPEG_QUALITY, "strip", TRUE,
					  "optimize_coding", TRUE, NULL);
	else
		rc = vips_pngsave_buffer(img, &p, &n, "compression", PNG_COMPRESSION, "strip", TRUE, NULL);
	if (rc) {
		why = "encode";
		goto out;
	}
	take_vips_buf(&out->file, p, n);
	if (make_thumb(img, lim->thumb_side, &out->thumb)) {
		why = "thumbnail";
		goto out;
	}
	out->mime = kinds[kind].mime;
	out->ext = kinds[kind].ext;
	out->width = vips_image_get_width(img);
	out->height = vips_image_get_height(img);
	err = IMAGE_OK;
out:
	log_outcome(kinds[kind].ext, err, why);
	for (i = sizeof t / sizeof t[0]; i-- > 0;)
		if (t[i])
			g_object_unref(t[i]);
	if (src)
		g_object_unref(src);
	vips_error_clear();
	return err;
}

static enum image_err ingest_pdf(const void *data, size_t len, const struct image_limits *lim,
				 struct image_out *out)
{
	enum image_err err = IMAGE_E_DAMAGED;
	const char *why = NULL;
	VipsSource *src = NULL, *src2 = NULL;
	VipsImage *head = NULL, *page = NULL, *mem = NULL;
	int w, h, pages;
	double scale;
	struct pdfcheck_why pw;

	/* before poppler sees it: scripts, actions, attachments (lib/pdfcheck.h) */
	switch (pdf_check(data, len, &pw)) {
	case PDFCHECK_CLEAN:
		break;
	case PDFCHECK_FAILED:
		err = IMAGE_E_INTERNAL;
		why = pw.what;
		goto out;
	default:
		why = pw.what;
		goto out;
	}
	src = vips_source_new_from_memory(data, len);
	if (!src) {
		err = IMAGE_E_INTERNAL;
		why = "no source";
		goto out;
	}
	/* header: page 1 size at 72 dpi and the page count, nothing rendered */
	if (vips_pdfload_source(src, &head, "fail_on", VIPS_FAIL_ON_ERROR, NULL)) {
		why = "unreadable";
		goto out;
	}
	w = vips_image_get_width(head);
	h = vips_image_get_height(head);
	if (vips_image_get_int(head, VIPS_META_N_PAGES, &pages) || pages < 1 || pages > lim->max_pages) {
		why = "page count";
		goto out;
	}
	if (w < 1 || h < 1 || (int64_t)w * h > lim->max_pixels) {
		why = "page size";
		err = w < 1 || h < 1 ? IMAGE_E_DAMAGED : IMAGE_E_PIXELS;
		goto out;
	}
	scale = (double)lim->thumb_side / (w > h ? w : h);
	src2 = vips_source_new_from_memory(data, len);
	if (!src2) {
		err = IMAGE_E_INTERNAL;
		why = "no source";
		goto out;
	}
	if (vips_pdfload_source(src2, &page, "scale", scale, "fail_on", VIPS_FAIL_ON_ERROR, NULL)) {
		why = "unreadable";
		goto out;
	}
	mem = vips_image_copy_memory(page);
	if (!mem) {
		why = "does not render";
		goto out;
	}
	err = IMAGE_E_INTERNAL;
	if (make_thumb(mem, lim->thumb_side, &out->thumb)) {
		why = "thumbnail";
		goto out;
	}
	buf_add(&out->file, data, len);
	out->mime = kinds[K_PDF].mime;
	out->ext = kinds[K_PDF].ext;
	out->width = w;
	out->height = h;
	err = IMAGE_OK;
out:
	log_outcome("pdf", err, why);
	if (mem)
		g_object_unref(mem);
	if (page)
		g_object_unref(page);
	if (head)
		g_object_unref(head);
	if (src2)
		g_object_unref(src2);
	if (src)
		g_object_unref(src);
	vips_error_clear();
	return err;
}

enum image_err image_ingest(const void *data, size_t len, const char *filename,
			    const struct image_limits *lim_in, struct image_out *out)
{
	struct image_limits lim;
	enum image_err err;
	const char *mime;
	magic_t m;
	int kind;

	out_init(out);
	limits_fill(&lim, lim_in);
	if (len == 0 || !data) {
		err = IMAGE_E_EMPTY;
		goto out;
	}
	if (len > lim.max_bytes) {
		err = IMAGE_E_TOO_LARGE;
		goto out;
	}
	kind = kind_from_name(filename, lim.allow_pdf && have_pdf);
	if (kind < 0) {
		log_info("image: refused upload (extension not allowed)");
		err = IMAGE_E_TYPE;
		goto out;
	}
	if (!started || !(m = magic_get())) {
		err = IMAGE_E_INTERNAL;
		goto out;
	}
	mime = magic_buffer(m, data, len);
	if (!mime) {
		log_error("image: libmagic failed: %s", magic_error(m));
		err = IMAGE_E_INTERNAL;
		goto out;
	}
	if (strcmp(mime, kinds[kind].mime)) {
		log_info("image: refused upload (.%s holds %.40s)", kinds[kind].ext, mime);
		err = IMAGE_E_TYPE;
		goto out;
	}
	if (kind == K_PDF)
		err = ingest_pdf(data, len, &lim, out);
	else
		err = ingest_raster(data, len, (enum kind)kind, &lim, out);
out:
	if (err != IMAGE_OK)
		image_out_free(out);
	return err;
}

static const char *const messages[IMAGE__MAX] = {
	[IMAGE_OK] = "File berhasil diunggah.",
	[IMAGE_E_EMPTY] = "File kosong (0 byte). Pilih kembali file hasil scan atau foto dokumen, "
			  "lalu unggah ulang.",
	[IMAGE_E_TOO_LARGE] = "Ukuran file terlalu besar. Pastikan ukuran file yang diunggah tidak "
			      "terlalu besar. Jika file tersebut hasil scan, pada pengaturan scan pilih "
			      "DPI yang lebih rendah, misalnya 200 atau 150 DPI.",
	[IMAGE_E_TYPE] = "Ekstensi file tidak sesuai. Saat melakukan scan atau foto pastikan ekstensi "
			 "file yang dihasilkan adalah jpg, jpeg, png atau jfif, dan isinya memang "
			 "gambar jenis itu (mengganti nama file saja tidak cukup). Jika ekstensi belum "
			 "sesuai, cek kembali pengaturan scanner atau kameranya.",
	[IMAGE_E_PIXELS] = "Resolusi gambar terlalu besar. Atur kamera atau scanner ke resolusi standar "
			   "(misalnya 12 megapiksel, atau 150-200 DPI untuk hasil scan), lalu unggah kembali.",
	[IMAGE_E_DAMAGED] = "File rusak atau berisi kode berbahaya. "
			    "Pastikan proses foto atau scan tidak menggunakan aplikasi pihak ketiga "
			    "yang mencurigakan. Jika sudah menggunakan aplikasi bawaan tetapi masih "
			    "gagal, lakukan pengambilan gambar kembali (dengan resolusi standar) agar "
			    "tercipta file yang baru.",
	[IMAGE_E_INTERNAL] = "Terjadi gangguan pada sistem saat memproses file. File Anda tidak "
			     "bermasalah; silakan coba unggah kembali beberapa saat lagi.",
};

const char *image_err_message(enum image_err e)
{
	if ((unsigned)e >= IMAGE__MAX)
		return messages[IMAGE_E_INTERNAL];
	return messages[e];
}
