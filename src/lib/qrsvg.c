// SPDX-License-Identifier: MIT
// QR codes as SVG paths: each row's runs of dark modules become one rectangle each.
#include "lib/qrsvg.h"

#include <qrencode.h>
#include <sodium.h>
#include <string.h>

#define QUIET 4 /* modules of white border the QR specification asks for */

int qr_svg(const char *text, struct buf *out)
{
	QRcode *q = text && *text ? QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) : NULL;
	int w, x, y;

	if (!q)
		return -1;
	w = q->width;
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
		 "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/><path fill=\"#000\" d=\"", w + 2 * QUIET,
		 w + 2 * QUIET);
	for (y = 0; y < w; y++) {
		for (x = 0; x < w; x++) {
			int run = 0;

			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			if (!run)
				continue;
			buf_addf(out, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	}
	buf_adds(out, "\"/></svg>");
	QRcode_free(q);
	return 0;
}

int qr_svg_data_uri(const char *text, struct buf *out)
{
	struct buf svg = BUF_INIT;
	size_t n;

	if (qr_svg(text, &svg) < 0)
		return -1;
	n = sodium_base64_encoded_len(svg.len, sodium_base64_VARIANT_ORIGINAL);
	buf_adds(out, "data:image/svg+xml;base64,");
	buf_grow(out, n);
	sodium_bin2base64(out->ptr + out->len, n, (const unsigned char *)svg.ptr, svg.len,
			  sodium_base64_VARIANT_ORIGINAL);
	out->len += n - 1;
	buf_release(&svg);
	return 0;
}
