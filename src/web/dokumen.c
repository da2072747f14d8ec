// SPDX-License-Identifier: MIT
// Applicant pages of supporting documents: add (library or upload), remove, view.
#include "web/web.h"

void page_dokumen_tambah(struct req *r) { http_error(r, 404, NULL); }
void page_dokumen_hapus(struct req *r) { http_error(r, 404, NULL); }
void page_dokumen_file(struct req *r) { http_error(r, 404, NULL); }
void page_dokumen_thumb(struct req *r) { http_error(r, 404, NULL); }
