// SPDX-License-Identifier: MIT
// PDF signatures: a visible QR stamp and a PAdES (ETSI.CAdES.detached) signature as an incremental update.
#include "lib/pdfsign.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <qpdf/qpdf-c.h>
#include <qrencode.h>

#include "lib/fileio.h"

#define BR_WIDTH 10 /* digits reserved for each ByteRange number */

static void seterr(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* The last OpenSSL error as text (and the queue cleared). */
static const char *ossl_err(void)
{
	static _Thread_local char msg[256];
	unsigned long e = ERR_peek_last_error();

	if (!e)
		snprintf(msg, sizeof msg, "unknown OpenSSL error");
	else
		ERR_error_string_n(e, msg, sizeof msg);
	ERR_clear_error();
	return msg;
}

/* ---- text: UTF-8 to WinAnsi, Helvetica widths ---- */

static int winansi(uint32_t cp)
{
	static const struct {
		uint16_t cp;
		unsigned char b;
	} map[] = {
		{ 0x20AC, 0x80 }, { 0x201A, 0x82 }, { 0x0192, 0x83 }, { 0x201E, 0x84 }, { 0x2026, 0x85 },
		{ 0x2020, 0x86 }, { 0x2021, 0x87 }, { 0x02C6, 0x88 }, { 0x2030, 0x89 }, { 0x0160, 0x8A },
		{ 0x2039, 0x8B }, { 0x0152, 0x8C }, { 0x017D, 0x8E }, { 0x2018, 0x91 }, { 0x2019, 0x92 },
		{ 0x201C, 0x93 }, { 0x201D, 0x94 }, { 0x2022, 0x95 }, { 0x2013, 0x96 }, { 0x2014, 0x97 },
		{ 0x02DC, 0x98 }, { 0x2122, 0x99 }, { 0x0161, 0x9A }, { 0x203A, 0x9B }, { 0x0153, 0x9C },
		{ 0x017E, 0x9E }, { 0x0178, 0x9F },
	};

	if (cp >= 0x20 && cp <= 0x7E)
		return (int)cp;
	if (cp >= 0xA0 && cp <= 0xFF)
		return (int)cp;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].cp == cp)
			return map[i].b;
	return -1;
}

/* s (UTF-8) as WinAnsi bytes into out (NUL-terminated); what WinAnsi cannot
 * show is dropped, control characters become spaces. */
static void to_winansi(const char *s, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t cp;
		int n, b;

		if (*p < 0x80) {
			cp = *p;
			n = 1;
		} else if ((*p & 0xE0) == 0xC0) {
			cp = *p & 0x1F;
			n = 2;
		} else if ((*p & 0xF0) == 0xE0) {
			cp = *p & 0x0F;
			n = 3;
		} else if ((*p & 0xF8) == 0xF0) {
			cp = *p & 0x07;
			n = 4;
		} else {
			p++;
			continue;
		}
		for (int i = 1; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80) {
				n = i;
				cp = 0xFFFD;
				break;
			}
			cp = cp << 6 | (p[i] & 0x3F);
		}
		p += n;
		if (cp < 0x20 || cp == 0x7F)
			cp = ' ';
		b = winansi(cp);
		if (b >= 0)
			buf_addc(out, (char)b);
	}
}

/* Helvetica advance widths (1/1000 em) for WinAnsi 32..126; others ~556. */
static int helv_width(unsigned char c)
{
	static const short w[95] = {
		278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
		556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
		611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
		667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
		222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
	};

	if (c >= 32 && c <= 126)
		return w[c - 32];
	return 556;
}

static double text_width(const char *s, size_t n, double size)
{
	double w = 0;

	for (size_t i = 0; i < n; i++)
		w += helv_width((unsigned char)s[i]);
	return w * size / 1000.0;
}

/* A PDF literal string of n WinAnsi bytes. */
static void add_pdf_string(struct buf *b, const char *s, size_t n)
{
	buf_addc(b, '(');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '(' || c == ')' || c == '\\')
			buf_addf(b, "\\%c", c);
		else if (c < 0x20 || c >= 0x7F)
			buf_addf(b, "\\%03o", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, ')');
}

/* A UTF-8 string as a PDF text string (UTF-16BE with BOM, hex). */
static void add_text_string(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_adds(b, "<FEFF");
	while (*p) {
		uint32_t cp = *p;
		int n = 1;

		if (*p >= 0xF0 && p[1] && p[2] && p[3]) {
			cp = (uint32_t)(p[0] & 7) << 18 | (uint32_t)(p[1] & 63) << 12 | (uint32_t)(p[2] & 63) << 6 |
			     (p[3] & 63);
			n = 4;
		} else if (*p >= 0xE0 && p[1] && p[2]) {
			cp = (uint32_t)(p[0] & 15) << 12 | (uint32_t)(p[1] & 63) << 6 | (p[2] & 63);
			n = 3;
		} else if (*p >= 0xC0 && p[1]) {
			cp = (uint32_t)(p[0] & 31) << 6 | (p[1] & 63);
			n = 2;
		} else if (*p >= 0x80) {
			cp = 0xFFFD;
		}
		p += n;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			buf_addf(b, "%04X%04X", 0xD800 + (unsigned)(cp >> 10), 0xDC00 + (unsigned)(cp & 0x3FF));
		} else {
			buf_addf(b, "%04X", (unsigned)cp);
		}
	}
	buf_addc(b, '>');
}

/* ---- the stamp appearance ---- */

struct wline {
	size_t off, n;
};

/* Wraps the stamp lines to width w at font size fs. Returns the count. */
static size_t wrap_lines(const struct pdf_stamp *st, double w, double fs, struct wline *out, size_t max,
			 struct buf *store)
{
	size_t count = 0;

	for (int i = 0; i < 6 && st->lines[i]; i++) {
		struct buf t = BUF_INIT;
		size_t pos = 0;

		to_winansi(st->lines[i], &t);
		if (!t.len && count < max) {
			out[count].off = 0;
			out[count++].n = 0;
		}
		while (pos < t.len && count < max) {
			size_t end = pos, last_space = 0, n;

			while (end < t.len && text_width(t.ptr + pos, end - pos + 1, fs) <= w) {
				if (t.ptr[end] == ' ')
					last_space = end;
				end++;
			}
			if (end < t.len && last_space > pos)
				end = last_space;
			if (end == pos)
				end = pos + 1;
			n = end - pos;
			out[count].off = store->len;
			buf_add(store, t.ptr + pos, n);
			out[count++].n = n;
			pos = end;
			while (pos < t.len && t.ptr[pos] == ' ')
				pos++;
		}
		buf_release(&t);
	}
	return count;
}

/* The appearance stream content of a stamp w x h points. */
static int stamp_content(const struct pdf_stamp *st, double w, double h, struct buf *c, char *err, size_t errsz)
{
	QRcode *qr = st->qr_text && *st->qr_text ? QRcode_encodeString(st->qr_text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) : NULL;
	double pad = 4, qs = h - 2 * pad, mod, tx, tw, fs = 7.5;
	struct wline lines[24];
	struct buf store = BUF_INIT;
	size_t nl = 0;
	int qw;

	if (!qr) {
		seterr(err, errsz, "QR encoding failed: %s",
		       st->qr_text && *st->qr_text ? strerror(errno) : "no text to encode");
		return -1;
	}
	qw = qr->width;
	mod = qs / (qw + 4); /* two modules of quiet zone on each side, inside the white box */
	buf_adds(c, "q 1 g 0 0 ");
	buf_addf(c, "%.2f %.2f re f 0.5 w 0.45 G 0.25 0.25 %.2f %.2f re S Q\n", w, h, w - 0.5, h - 0.5);
	buf_adds(c, "q 0 g\n");
	for (int y = 0; y < qw; y++) {
		for (int x = 0; x < qw; x++) {
			int x1 = x;

			if (!(qr->data[y * qw + x] & 1))
				continue;
			while (x1 + 1 < qw && (qr->data[y * qw + x1 + 1] & 1))
				x1++;
			buf_addf(c, "%.3f %.3f %.3f %.3f re\n", pad + mod * (x + 2), pad + qs - mod * (y + 3),
				 mod * (x1 - x + 1), mod);
			x = x1;
		}
	}
	buf_adds(c, "f Q\n");
	QRcode_free(qr);

	tx = pad + qs + 8;
	tw = w - tx - pad;
	for (;;) {
		buf_reset(&store);
		nl = wrap_lines(st, tw, fs, lines, sizeof lines / sizeof lines[0], &store);
		if (nl * fs * 1.2 <= qs || fs <= 5)
			break;
		fs -= 0.5;
	}
	if (nl) {
		double lead = fs * 1.2, y = h - pad - fs;

		if (nl * lead < qs)
			y = h / 2 + nl * lead / 2 - fs; /* centred beside the QR code */
		buf_addf(c, "BT /F1 %.1f Tf 0 g %.2f TL %.2f %.2f Td\n", fs, lead, tx, y);
		for (size_t i = 0; i < nl; i++) {
			if (y - (double)i * lead < pad - 1)
				break;
			add_pdf_string(c, store.ptr + lines[i].off, lines[i].n);
			buf_adds(c, " Tj T*\n");
		}
		buf_adds(c, "ET\n");
	}
	buf_release(&store);
	return 0;
}

/* ---- reading the original with qpdf ---- */

/* Appends "<< ... >>" of dictionary oh, leaving out the keys in skip
 * (NULL-terminated); the closing ">>" is not written. */
static void dict_open(qpdf_data q, qpdf_oh oh, const char *const *skip, struct buf *b)
{
	buf_adds(b, "<<");
	qpdf_oh_begin_dict_key_iter(q, oh);
	while (qpdf_oh_dict_more_keys(q)) {
		char *key = strdup(qpdf_oh_dict_next_key(q));
		int skipped = 0;

		if (!key)
			abort();
		for (size_t i = 0; skip && skip[i]; i++)
			if (!strcmp(key, skip[i]))
				skipped = 1;
		if (!skipped) {
			qpdf_oh name = qpdf_oh_new_name(q, key);
			qpdf_oh val = qpdf_oh_get_key(q, oh, key);

			buf_addf(b, " %s ", qpdf_oh_unparse(q, name));
			buf_adds(b, qpdf_oh_unparse(q, val));
			qpdf_oh_release(q, name);
			qpdf_oh_release(q, val);
		}
		free(key);
	}
}

/* Items of array oh, unparsed, separated by spaces. */
static void array_items(qpdf_data q, qpdf_oh oh, struct buf *b)
{
	int n = qpdf_oh_get_array_n_items(q, oh);

	for (int i = 0; i < n; i++) {
		qpdf_oh it = qpdf_oh_get_array_item(q, oh, i);

		buf_addf(b, "%s ", qpdf_oh_unparse(q, it));
		qpdf_oh_release(q, it);
	}
}

/* The page box of page (inherited through /Parent): 0 or -1. */
static int page_box(qpdf_data q, qpdf_oh page, double box[4])
{
	qpdf_oh cur = page;

	for (int depth = 0; depth < 32; depth++) {
		const char *keys[] = { "/CropBox", "/MediaBox" };

		for (int k = 0; k < 2; k++) {
			qpdf_oh a = qpdf_oh_get_key(q, cur, keys[k]);

			if (qpdf_oh_is_array(q, a) && qpdf_oh_get_array_n_items(q, a) == 4) {
				int ok = 1;

				for (int i = 0; i < 4; i++) {
					qpdf_oh v = qpdf_oh_get_array_item(q, a, i);

					if (!qpdf_oh_is_number(q, v))
						ok = 0;
					else
						box[i] = qpdf_oh_get_numeric_value(q, v);
				}
				if (ok) {
					if (box[0] > box[2]) {
						double t = box[0];
						box[0] = box[2];
						box[2] = t;
					}
					if (box[1] > box[3]) {
						double t = box[1];
						box[1] = box[3];
						box[3] = t;
					}
					return 0;
				}
			}
		}
		cur = qpdf_oh_get_key(q, cur, "/Parent");
		if (!qpdf_oh_is_dictionary(q, cur))
			break;
	}
	box[0] = box[1] = 0; /* default: A4 */
	box[2] = 595.28;
	box[3] = 841.89;
	return 0;
}

/* The offset after the last "startxref" keyword: the previous xref. */
static long long find_startxref(const char *p, size_t len)
{
	size_t from = len > 2048 ? len - 2048 : 0;

	for (size_t i = len >= 9 ? len - 9 : 0; i + 1 > from; i--) {
		if (!memcmp(p + i, "startxref", 9)) {
			long long v = 0;
			size_t j = i + 9;
			int digits = 0;

			while (j < len && (p[j] == ' ' || p[j] == '\r' || p[j] == '\n' || p[j] == '\t'))
				j++;
			while (j < len && p[j] >= '0' && p[j] <= '9' && digits < 15) {
				v = v * 10 + (p[j++] - '0');
				digits++;
			}
			return digits && (size_t)v < len ? v : -1;
		}
		if (i == 0)
			break;
	}
	return -1;
}

static void pdf_date(struct buf *b, time_t t)
{
	struct tm tm;
	long off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff;
	buf_addf(b, "(D:%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
	if (!off)
		buf_adds(b, "Z)");
	else
		buf_addf(b, "%c%02ld'%02ld')", off < 0 ? '-' : '+', labs(off) / 3600, labs(off) % 3600 / 60);
}

/* ---- pdf_sign ---- */

struct newobj {
	int id, gen;
	size_t off;
};

static void obj_begin(struct buf *out, struct newobj *o, int id, int gen)
{
	o->id = id;
	o->gen = gen;
	o->off = out->len;
	buf_addf(out, "%d %d obj\n", id, gen);
}

static int cmp_obj(const void *a, const void *b)
{
	return ((const struct newobj *)a)->id - ((const struct newobj *)b)->id;
}

int pdf_sign(const void *pdf, size_t len, const struct pdf_stamp *st, pdf_signer_fn signer, void *arg,
	     size_t reserve, struct buf *out, char *err, size_t errsz)
{
	static const char bad[] = "Berkas bukan PDF yang dapat dibaca";
	const char *src = pdf;
	qpdf_data q = NULL;
	qpdf_oh trailer, root, page, annots, acro, idarr, info;
	long long prev;
	int size, root_id, root_gen, page_id, page_gen, npages, xref_stream;
	int o_sig, o_widget, o_ap, o_font;
	double box[4], sw, sh, rx, ry;
	struct newobj objs[7];
	size_t nobj = 0, base = out->len, br_pos, br_len, c_start, c_end, xref_off;
	struct buf ap = BUF_INIT, der = BUF_INIT, tmp = BUF_INIT;
	int rc = -1;

	if (len < 16 || memcmp(src, "%PDF-", 5) != 0) {
		seterr(err, errsz, "%s: tidak diawali tanda %%PDF.", bad);
		return -1;
	}
	if (reserve < 1024 || reserve > 1024 * 1024) {
		seterr(err, errsz, "signature reserve %zu out of range", reserve);
		return -1;
	}
	prev = find_startxref(src, len);
	if (prev < 0) {
		seterr(err, errsz, "%s: penanda startxref tidak ditemukan (berkas terpotong?).", bad);
		return -1;
	}
	q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, "dokumen", src, len, "") & QPDF_ERRORS) {
		seterr(err, errsz, "%s: %s", bad,
		       qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "galat");
		goto out;
	}
	if (qpdf_is_encrypted(q)) {
		seterr(err, errsz, "PDF terenkripsi atau dilindungi kata sandi tidak dapat ditandatangani.");
		goto out;
	}
	trailer = qpdf_get_trailer(q);
	root = qpdf_get_root(q);
	npages = qpdf_get_num_pages(q);
	if (qpdf_has_error(q) || npages <= 0 || !qpdf_oh_is_dictionary(q, root) || !qpdf_oh_is_indirect(q, root)) {
		seterr(err, errsz, "%s: tidak ada halaman.", bad);
		goto out;
	}
	page = qpdf_get_page_n(q, (size_t)npages - 1);
	if (qpdf_has_error(q) || !qpdf_oh_is_indirect(q, page)) {
		seterr(err, errsz, "%s: halaman terakhir rusak.", bad);
		goto out;
	}
	size = qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_key(q, trailer, "/Size"));
	root_id = qpdf_oh_get_object_id(q, root);
	root_gen = qpdf_oh_get_generation(q, root);
	page_id = qpdf_oh_get_object_id(q, page);
	page_gen = qpdf_oh_get_generation(q, page);
	if (size <= root_id || size <= page_id || size > 8000000) {
		seterr(err, errsz, "%s: /Size pada trailer tidak sah.", bad);
		goto out;
	}
	/* the kind of the newest cross-reference section decides ours */
	{
		size_t i = (size_t)prev;

		while (i < len && (src[i] == ' ' || src[i] == '\r' || src[i] == '\n'))
			i++;
		xref_stream = !(len - i >= 4 && !memcmp(src + i, "xref", 4));
	}
	page_box(q, page, box);

	o_sig = size;
	o_widget = size + 1;
	o_ap = size + 2;
	o_font = size + 3;
	sw = box[2] - box[0] - 72;
	if (sw > 460)
		sw = 460;
	sh = 92;
	if (sw < 160 || box[3] - box[1] < sh + 40) {
		seterr(err, errsz, "Halaman terakhir terlalu kecil untuk cap tanda tangan.");
		goto out;
	}
	rx = box[0] + 36;
	ry = box[1] + 28;
	if (stamp_content(st, sw, sh, &ap, err, errsz) < 0)
		goto out;

	/* the update begins on a new line after the original bytes */
	buf_add(out, src, len);
	if (src[len - 1] != '\n' && src[len - 1] != '\r')
		buf_addc(out, '\n');

	/* 1. the signature dictionary */
	obj_begin(out, &objs[nobj++], o_sig, 0);
	buf_adds(out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ");
	br_pos = out->len;
	buf_addf(out, "[0 %0*d %0*d %0*d]", BR_WIDTH, 0, BR_WIDTH, 0, BR_WIDTH, 0);
	br_len = out->len - br_pos;
	buf_adds(out, "\n/Contents ");
	c_start = out->len;
	buf_addc(out, '<');
	buf_grow(out, reserve * 2 + 1);
	memset(out->ptr + out->len, '0', reserve * 2);
	out->len += reserve * 2;
	out->ptr[out->len] = '\0';
	buf_addc(out, '>');
	c_end = out->len;
	buf_adds(out, "\n/M ");
	pdf_date(out, time(NULL));
	if (st->lines[0]) {
		buf_adds(out, " /Reason ");
		add_text_string(out, st->lines[0]);
	}
	buf_adds(out, " >>\nendobj\n");

	/* 2. the widget: the signature field on the last page */
	obj_begin(out, &objs[nobj++], o_widget, 0);
	buf_addf(out,
		 "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature%d) /V %d 0 R /F 132 /Rect [%.2f %.2f "
		 "%.2f %.2f] /P %d %d R /AP << /N %d 0 R >> >>\nendobj\n",
		 o_sig, o_sig, rx, ry, rx + sw, ry + sh, page_id, page_gen, o_ap);

	/* 3. the appearance: QR code and text */
	obj_begin(out, &objs[nobj++], o_ap, 0);
	buf_addf(out,
		 "<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources << /Font << /F1 %d 0 R >> >> "
		 "/Length %zu >>\nstream\n",
		 sw, sh, o_font, ap.len);
	buf_add(out, ap.ptr, ap.len);
	buf_adds(out, "\nendstream\nendobj\n");

	/* 4. the font */
	obj_begin(out, &objs[nobj++], o_font, 0);
	buf_adds(out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n");

	/* 5. the last page again, with the widget in /Annots */
	{
		static const char *const skip[] = { "/Annots", NULL };

		obj_begin(out, &objs[nobj++], page_id, page_gen);
		dict_open(q, page, skip, out);
		buf_adds(out, " /Annots [ ");
		annots = qpdf_oh_get_key(q, page, "/Annots");
		if (qpdf_oh_is_array(q, annots))
			array_items(q, annots, out);
		buf_addf(out, "%d 0 R ] >>\nendobj\n", o_widget);
	}

	/* 6. the catalog again, with the field in /AcroForm */
	{
		static const char *const skip[] = { "/AcroForm", NULL };
		static const char *const askip[] = { "/Fields", "/SigFlags", NULL };

		obj_begin(out, &objs[nobj++], root_id, root_gen);
		dict_open(q, root, skip, out);
		buf_adds(out, " /AcroForm ");
		acro = qpdf_oh_get_key(q, root, "/AcroForm");
		if (qpdf_oh_is_dictionary(q, acro)) {
			qpdf_oh fields = qpdf_oh_get_key(q, acro, "/Fields");

			dict_open(q, acro, askip, out);
			buf_adds(out, " /Fields [ ");
			if (qpdf_oh_is_array(q, fields))
				array_items(q, fields, out);
		} else {
			buf_adds(out, "<< /Fields [ ");
		}
		buf_addf(out, "%d 0 R ] /SigFlags 3 >> >>\nendobj\n", o_widget);
	}
	if (qpdf_has_error(q)) {
		seterr(err, errsz, "%s: %s", bad, qpdf_get_error_full_text(q, qpdf_get_error(q)));
		goto fail;
	}

	/* the cross-reference section and trailer */
	qsort(objs, nobj, sizeof objs[0], cmp_obj);
	idarr = qpdf_oh_get_key(q, trailer, "/ID");
	info = qpdf_oh_get_key(q, trailer, "/Info");
	buf_reset(&tmp);
	buf_addf(&tmp, "/Root %d %d R /Prev %lld", root_id, root_gen, prev);
	if (qpdf_oh_is_array(q, idarr))
		buf_addf(&tmp, " /ID %s", qpdf_oh_unparse(q, idarr));
	if (qpdf_oh_is_indirect(q, info))
		buf_addf(&tmp, " /Info %s", qpdf_oh_unparse(q, info));
	xref_off = out->len - base;
	if (!xref_stream) {
		buf_adds(out, "xref\n");
		for (size_t i = 0; i < nobj;) {
			size_t j = i;

			while (j + 1 < nobj && objs[j + 1].id == objs[j].id + 1)
				j++;
			buf_addf(out, "%d %zu\n", objs[i].id, j - i + 1);
			for (; i <= j; i++)
				buf_addf(out, "%010zu %05d n \n", objs[i].off - base, objs[i].gen);
		}
		buf_addf(out, "trailer\n<< /Size %d %s >>\n", o_font + 1, tmp.ptr);
	} else {
		/* an uncompressed cross-reference stream: 1 type byte, 4 offset bytes, 2 generation bytes */
		int o_xref = o_font + 1;
		struct buf idx = BUF_INIT, data = BUF_INIT;

		objs[nobj].id = o_xref;
		objs[nobj].gen = 0;
		objs[nobj++].off = out->len;
		qsort(objs, nobj, sizeof objs[0], cmp_obj);
		for (size_t i = 0; i < nobj;) {
			size_t j = i;

			while (j + 1 < nobj && objs[j + 1].id == objs[j].id + 1)
				j++;
			buf_addf(&idx, "%d %zu ", objs[i].id, j - i + 1);
			for (; i <= j; i++) {
				size_t off = objs[i].off - base;
				unsigned char rec[7] = { 1, (unsigned char)(off >> 24), (unsigned char)(off >> 16),
							 (unsigned char)(off >> 8), (unsigned char)off,
							 (unsigned char)(objs[i].gen >> 8), (unsigned char)objs[i].gen };

				if (off > 0xFFFFFFFFu) {
					buf_release(&idx);
					buf_release(&data);
					seterr(err, errsz, "PDF terlalu besar.");
					goto fail;
				}
				buf_add(&data, rec, sizeof rec);
			}
		}
		buf_addf(out, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] %s /Length %zu >>\nstream\n",
			 o_xref, o_xref + 1, idx.ptr, tmp.ptr, data.len);
		buf_add(out, data.ptr, data.len);
		buf_adds(out, "\nendstream\nendobj\n");
		buf_release(&idx);
		buf_release(&data);
	}
	buf_addf(out, "startxref\n%zu\n%%%%EOF\n", xref_off);

	/* the byte range, then the signature over it */
	{
		size_t total = out->len - base, a = c_start - base, b = c_end - base;
		char br[64];
		int n = snprintf(br, sizeof br, "[0 %zu %zu %zu]", a, b, total - b);

		if (n < 0 || (size_t)n > br_len) {
			seterr(err, errsz, "PDF terlalu besar.");
			goto fail;
		}
		memset(out->ptr + br_pos, ' ', br_len);
		memcpy(out->ptr + br_pos, br, (size_t)n);
		/* the data signed: [0, a) and [b, total) */
		buf_add(&tmp, "", 0);
		buf_reset(&tmp);
		buf_add(&tmp, out->ptr + base, a);
		buf_add(&tmp, out->ptr + base + b, total - b);
		if (signer((const unsigned char *)tmp.ptr, tmp.len, &der, arg, err, errsz) < 0)
			goto fail;
		if (der.len > reserve) {
			seterr(err, errsz, "signature of %zu bytes does not fit the %zu reserved", der.len, reserve);
			goto fail;
		}
		for (size_t i = 0; i < der.len; i++) {
			static const char hex[] = "0123456789abcdef";
			unsigned char c = (unsigned char)der.ptr[i];

			out->ptr[c_start + 1 + 2 * i] = hex[c >> 4];
			out->ptr[c_start + 2 + 2 * i] = hex[c & 15];
		}
	}
	rc = 0;
	goto out;
fail:
	buf_truncate(out, base);
out:
	buf_release(&ap);
	buf_release(&der);
	buf_release(&tmp);
	if (q)
		qpdf_cleanup(&q);
	return rc;
}

/* ---- keys and CMS ---- */

struct pdf_key {
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) *chain;
	char name[256];
};

static void cert_cn(X509 *c, char *out, size_t outsz)
{
	X509_NAME *n = X509_get_subject_name(c);
	int i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);

	if (!outsz)
		return;
	out[0] = '\0';
	if (i >= 0) {
		ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i));
		unsigned char *u = NULL;
		int l = ASN1_STRING_to_UTF8(&u, s);

		if (l >= 0) {
			snprintf(out, outsz, "%.*s", l, (char *)u);
			OPENSSL_free(u);
		}
	}
}

struct pdf_key *pdf_key_load(const char *p12_path, const char *passphrase, int *bad_passphrase, char *err,
			     size_t errsz)
{
	FILE *f = fopen(p12_path, "rb");
	PKCS12 *p12;
	struct pdf_key *k;

	if (bad_passphrase)
		*bad_passphrase = 0;
	if (!f) {
		seterr(err, errsz, "%s: %s", p12_path, strerror(errno));
		return NULL;
	}
	p12 = d2i_PKCS12_fp(f, NULL);
	fclose(f);
	if (!p12) {
		seterr(err, errsz, "%s: not a PKCS#12 file (%s)", p12_path, ossl_err());
		return NULL;
	}
	if (!passphrase)
		passphrase = "";
	if (!PKCS12_verify_mac(p12, passphrase, -1)) {
		ERR_clear_error();
		PKCS12_free(p12);
		if (bad_passphrase)
			*bad_passphrase = 1;
		seterr(err, errsz, "Frasa sandi sertifikat salah.");
		return NULL;
	}
	k = calloc(1, sizeof *k);
	if (!k)
		abort();
	if (!PKCS12_parse(p12, passphrase, &k->key, &k->cert, &k->chain) || !k->key || !k->cert) {
		seterr(err, errsz, "%s: %s", p12_path, k->key ? "no certificate" : ossl_err());
		PKCS12_free(p12);
		pdf_key_free(k);
		return NULL;
	}
	PKCS12_free(p12);
	if (!X509_check_private_key(k->cert, k->key)) {
		seterr(err, errsz, "%s: the key does not match the certificate", p12_path);
		pdf_key_free(k);
		return NULL;
	}
	cert_cn(k->cert, k->name, sizeof k->name);
	return k;
}

void pdf_key_free(struct pdf_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->key);
	X509_free(k->cert);
	sk_X509_pop_free(k->chain, X509_free);
	free(k);
}

const char *pdf_key_name(const struct pdf_key *k)
{
	return k->name;
}

int pdf_cms_sign(const unsigned char *data, size_t len, struct buf *der, void *key, char *err, size_t errsz)
{
	struct pdf_key *k = key;
	unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_CADES | CMS_NOSMIMECAP | CMS_PARTIAL;
	BIO *in = BIO_new_mem_buf(data, (int)len);
	CMS_ContentInfo *cms = NULL;
	unsigned char *p = NULL;
	int n, rc = -1;

	if (!in || len > INT32_MAX)
		goto out;
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	if (!cms || !CMS_add1_signer(cms, k->cert, k->key, EVP_sha256(), flags))
		goto out;
	for (int i = 0; k->chain && i < sk_X509_num(k->chain); i++)
		if (!CMS_add1_cert(cms, sk_X509_value(k->chain, i)))
			goto out;
	if (!CMS_final(cms, in, NULL, flags))
		goto out;
	n = i2d_CMS_ContentInfo(cms, &p);
	if (n <= 0)
		goto out;
	buf_add(der, p, (size_t)n);
	OPENSSL_free(p);
	rc = 0;
out:
	if (rc < 0)
		seterr(err, errsz, "CMS signing failed: %s", ossl_err());
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return rc;
}

/* ---- pdf_verify ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The signed bytes as CMS_verify's content. Behind a buffering filter, not
 * a bare memory BIO: for a memory BIO OpenSSL 3.0's CMS_verify makes a
 * read-only copy that it does not free when the signature's content cannot
 * be set up (a malformed signature, found by fuzz_pdfsign). NULL on error.
 */
static BIO *signed_content(const unsigned char *bytes, size_t len)
{
	BIO *mem = BIO_new_mem_buf(bytes, (int)len), *buf = mem ? BIO_new(BIO_f_buffer()) : NULL;

	if (!buf) {
		BIO_free(mem);
		return NULL;
	}
	return BIO_push(buf, mem);
}

enum pdf_verify_rc pdf_verify(const void *pdf, size_t len, const char *ca_pem, char *signer, size_t signersz)
{
	const char *p = pdf, *br = NULL;
	long long v[4];
	size_t a, b, c, d, end;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	const unsigned char *sp;
	CMS_ContentInfo *cms = NULL;
	X509_STORE *store = NULL;
	BIO *data = NULL;
	unsigned char *signed_bytes = NULL;
	enum pdf_verify_rc rc = PDF_SIG_ERR;

	if (signer && signersz)
		signer[0] = '\0';
	if (len < 16 || memcmp(p, "%PDF-", 5) != 0)
		return PDF_SIG_ERR;
	for (size_t i = len - 10; i > 0; i--)
		if (!memcmp(p + i, "/ByteRange", 10)) {
			br = p + i + 10;
			break;
		}
	if (!br)
		return PDF_SIG_NONE;
	/* [a b c d] */
	while (br < p + len && (*br == ' ' || *br == '\r' || *br == '\n'))
		br++;
	if (br >= p + len || *br != '[')
		return PDF_SIG_ERR;
	br++;
	for (int i = 0; i < 4; i++) {
		int digits = 0;

		while (br < p + len && (*br == ' ' || *br == '\r' || *br == '\n'))
			br++;
		v[i] = 0;
		while (br < p + len && *br >= '0' && *br <= '9' && digits < 15) {
			v[i] = v[i] * 10 + (*br++ - '0');
			digits++;
		}
		if (!digits)
			return PDF_SIG_ERR;
	}
	a = (size_t)v[0];
	b = (size_t)v[1];
	c = (size_t)v[2];
	d = (size_t)v[3];
	if (a != 0 || b >= c || c > len || d > len - c || c - b < 2 || p[b] != '<' || p[c - 1] != '>')
		return PDF_SIG_ERR;
	/* the hex string between b and c is the DER */
	sig = malloc((c - b) / 2 + 1);
	if (!sig)
		abort();
	for (size_t i = b + 1; i + 1 < c - 1 + 1 && i + 1 < c;) {
		int h, l;

		if (p[i] == ' ' || p[i] == '\r' || p[i] == '\n') {
			i++;
			continue;
		}
		h = hexval(p[i]);
		l = hexval(p[i + 1]);
		if (h < 0 || l < 0)
			break;
		sig[siglen++] = (unsigned char)(h << 4 | l);
		i += 2;
	}
	sp = sig;
	cms = d2i_CMS_ContentInfo(NULL, &sp, (long)siglen);
	if (!cms) {
		rc = PDF_SIG_BROKEN;
		goto out;
	}
	signed_bytes = malloc(b + d + 1);
	if (!signed_bytes)
		abort();
	memcpy(signed_bytes, p, b);
	memcpy(signed_bytes + b, p + c, d);
	data = signed_content(signed_bytes, b + d);
	/* 1: do the bytes match the signature at all? */
	if (!data || CMS_verify(cms, NULL, NULL, data, NULL, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
		rc = PDF_SIG_BROKEN;
		goto out;
	}
	{
		STACK_OF(X509) *signers = CMS_get0_signers(cms);

		if (signers && sk_X509_num(signers) > 0 && signer)
			cert_cn(sk_X509_value(signers, 0), signer, signersz);
		sk_X509_free(signers);
	}
	/* 2: by a certificate chaining to the trusted CA? */
	store = X509_STORE_new();
	if (!store || !ca_pem || X509_STORE_load_file(store, ca_pem) != 1) {
		rc = PDF_SIG_UNTRUSTED;
		goto out;
	}
	X509_STORE_set_purpose(store, X509_PURPOSE_ANY);
	BIO_free_all(data);
	data = signed_content(signed_bytes, b + d);
	if (!data || CMS_verify(cms, NULL, store, data, NULL, CMS_BINARY) != 1) {
		rc = PDF_SIG_UNTRUSTED;
		goto out;
	}
	/* 3: does it cover the whole file (trailing whitespace aside)? */
	end = len;
	while (end > c + d && (p[end - 1] == ' ' || p[end - 1] == '\r' || p[end - 1] == '\n' ||
			       p[end - 1] == '\t' || p[end - 1] == '\0'))
		end--;
	rc = end == c + d ? PDF_SIG_VALID : PDF_SIG_PARTIAL;
out:
	ERR_clear_error();
	BIO_free_all(data);
	X509_STORE_free(store);
	CMS_ContentInfo_free(cms);
	free(signed_bytes);
	free(sig);
	return rc;
}

/* ---- pdf_dev_ca ---- */

static EVP_PKEY *new_key(void)
{
	return EVP_RSA_gen(3072);
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ex;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	ex = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ex)
		return -1;
	X509_add_ext(cert, ex, -1);
	X509_EXTENSION_free(ex);
	return 0;
}

/* s cut to at most 64 characters (the X.520 upper bound of CN and O),
 * at a UTF-8 character boundary. */
static void cut64(const char *s, char *out, size_t outsz)
{
	size_t i = 0, chars = 0;

	while (s[i] && chars < 64 && i + 4 < outsz) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	memcpy(out, s, i);
	out[i] = '\0';
}

static X509 *make_cert(EVP_PKEY *key, const char *cn, const char *org, X509 *issuer, EVP_PKEY *issuer_key,
		       int days, int ca)
{
	X509 *x = X509_new();
	X509_NAME *n;
	unsigned char serial[16];
	char cn64[300], org64[300];
	BIGNUM *bn = NULL;

	if (!x || RAND_bytes(serial, sizeof serial) != 1)
		goto fail;
	serial[0] &= 0x7F;
	serial[0] |= 0x01;
	bn = BN_bin2bn(serial, sizeof serial, NULL);
	if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)))
		goto fail;
	X509_set_version(x, 2);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_time_adj_ex(X509_getm_notAfter(x), days, 0, NULL);
	X509_set_pubkey(x, key);
	n = X509_get_subject_name(x);
	cut64(cn, cn64, sizeof cn64);
	cut64(org, org64, sizeof org64);
	cn = cn64;
	org = org64;
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8, (const unsigned char *)"ID", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)org, -1, -1, 0);
	if (!X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0))
		goto fail;
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	if (add_ext(x, issuer ? issuer : x, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE") ||
	    add_ext(x, issuer ? issuer : x, NID_key_usage,
		    ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation") ||
	    add_ext(x, issuer ? issuer : x, NID_subject_key_identifier, "hash") ||
	    add_ext(x, issuer ? issuer : x, NID_authority_key_identifier, "keyid:always"))
		goto fail;
	if (!X509_sign(x, issuer_key, EVP_sha256()))
		goto fail;
	BN_free(bn);
	return x;
fail:
	BN_free(bn);
	X509_free(x);
	return NULL;
}

static int write_file(const char *dir, const char *name, const void *data, size_t len, mode_t mode, char *err,
		      size_t errsz)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (file_write_atomic(path, data, len) < 0 || chmod(path, mode) < 0) {
		seterr(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int pem_of(X509 *x, struct buf *b)
{
	BIO *m = BIO_new(BIO_s_mem());
	char *p;
	long n;

	if (!m || !PEM_write_bio_X509(m, x)) {
		BIO_free(m);
		return -1;
	}
	n = BIO_get_mem_data(m, &p);
	buf_add(b, p, (size_t)n);
	BIO_free(m);
	return 0;
}

int pdf_dev_ca_org(const char *dir, const char *passphrase, const char *signer_name, const char *org, char *err,
		   size_t errsz)
{
	EVP_PKEY *ca_key = NULL, *key = NULL;
	X509 *ca = NULL, *cert = NULL;
	PKCS12 *p12 = NULL;
	STACK_OF(X509) *chain = NULL;
	struct buf ca_pem = BUF_INIT, cert_pem = BUF_INIT;
	unsigned char *der = NULL;
	char path[4096], ca_cn[256];
	struct stat sb;
	int n, rc = -1;

	if (!passphrase || strlen(passphrase) < 8) {
		seterr(err, errsz, "the passphrase must have at least 8 characters");
		return -1;
	}
	if (!signer_name || !*signer_name)
		signer_name = "Penandatangan Pengembangan";
	if (!org || !*org)
		org = "Loket (pengembangan)";
	for (int i = 0; i < 3; i++) {
		static const char *const names[] = { "signer.p12", "signer.pem", "ca.pem" };

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (stat(path, &sb) == 0) {
			seterr(err, errsz, "%s already exists; not overwriting it", path);
			return -1;
		}
	}
	/* the parent (the data directory of a fresh install) may not exist yet */
	snprintf(path, sizeof path, "%s", dir);
	if (strrchr(path, '/') && strrchr(path, '/') != path) {
		*strrchr(path, '/') = '\0';
		if (mkdir(path, 0750) < 0 && errno != EEXIST) {
			seterr(err, errsz, "%s: %s", path, strerror(errno));
			return -1;
		}
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		seterr(err, errsz, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (chmod(dir, 0700) < 0) {
		seterr(err, errsz, "%s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(ca_cn, sizeof ca_cn, "Loket Development CA");
	ca_key = new_key();
	key = new_key();
	if (!ca_key || !key)
		goto ossl;
	ca = make_cert(ca_key, ca_cn, org, NULL, ca_key, 3653, 1);
	cert = ca ? make_cert(key, signer_name, org, ca, ca_key, 731, 0) : NULL;
	if (!cert)
		goto ossl;
	chain = sk_X509_new_null();
	if (!chain || !sk_X509_push(chain, ca))
		goto ossl;
	p12 = PKCS12_create(passphrase, signer_name, key, cert, chain, NID_aes_256_cbc, NID_aes_256_cbc,
			    PKCS12_DEFAULT_ITER, PKCS12_DEFAULT_ITER, 0);
	if (!p12)
		goto ossl;
	n = i2d_PKCS12(p12, &der);
	if (n <= 0 || pem_of(ca, &ca_pem) < 0 || pem_of(cert, &cert_pem) < 0)
		goto ossl;
	if (write_file(dir, "ca.pem", ca_pem.ptr, ca_pem.len, 0644, err, errsz) < 0 ||
	    write_file(dir, "signer.pem", cert_pem.ptr, cert_pem.len, 0644, err, errsz) < 0 ||
	    write_file(dir, "signer.p12", der, (size_t)n, 0600, err, errsz) < 0)
		goto out;
	rc = 0;
	goto out;
ossl:
	seterr(err, errsz, "creating the development CA failed: %s", ossl_err());
out:
	OPENSSL_free(der);
	PKCS12_free(p12);
	sk_X509_free(chain);
	X509_free(ca);
	X509_free(cert);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(key);
	buf_release(&ca_pem);
	buf_release(&cert_pem);
	return rc;
}

int pdf_dev_ca(const char *dir, const char *passphrase, const char *signer_name, char *err, size_t errsz)
{
	return pdf_dev_ca_org(dir, passphrase, signer_name, NULL, err, errsz);
}
