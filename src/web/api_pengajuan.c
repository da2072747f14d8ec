// SPDX-License-Identifier: MIT
// JSON API of applications for the applicant: services, applications, documents, sending, chat.
#include "web/web.h"

void api_pengajuan(struct req *r) { http_error(r, 404, NULL); }
void api_pengajuan_item(struct req *r) { http_error(r, 404, NULL); }
void api_pengajuan_dokumen(struct req *r) { http_error(r, 404, NULL); }
void api_pengajuan_dokumen_hapus(struct req *r) { http_error(r, 404, NULL); }
void api_pengajuan_kirim(struct req *r) { http_error(r, 404, NULL); }
void api_pengajuan_chat(struct req *r) { http_error(r, 404, NULL); }
void api_dokumen(struct req *r) { http_error(r, 404, NULL); }
void api_dokumen_berkas(struct req *r) { http_error(r, 404, NULL); }
void api_staf_chat(struct req *r) { http_error(r, 404, NULL); }
