// SPDX-License-Identifier: MIT
// QR codes (libqrencode) drawn as SVG, for pages that show one as an image.
#ifndef LOKET_QRSVG_H
#define LOKET_QRSVG_H

#include "lib/buf.h"

/* Appends to out the QR code of text (error correction level M, 8-bit
 * mode) as an SVG document: one path of the dark modules on a white
 * square with 4 modules of quiet zone, sized by the page (viewBox in
 * modules). 0, or -1 when text cannot be encoded (out unchanged). */
int qr_svg(const char *text, struct buf *out);
/* The same as a "data:image/svg+xml;base64,..." URI for <img src>: an
 * image the CSP's img-src 'self' data: allows, with no script. 0 or -1. */
int qr_svg_data_uri(const char *text, struct buf *out);

#endif
