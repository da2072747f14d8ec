// SPDX-License-Identifier: MIT
// Applicant pages of applications: list, new, detail, edit, delete, send, chat.
#include "web/web.h"

void page_pengajuan_list(struct req *r) { http_error(r, 404, NULL); }
void page_pengajuan_baru(struct req *r) { http_error(r, 404, NULL); }
void page_pengajuan_detail(struct req *r) { http_error(r, 404, NULL); }
void page_pengajuan_edit(struct req *r) { http_error(r, 404, NULL); }
void page_pengajuan_hapus(struct req *r) { http_error(r, 404, NULL); }
void page_pengajuan_kirim(struct req *r) { http_error(r, 404, NULL); }
void page_pengajuan_chat(struct req *r) { http_error(r, 404, NULL); }
