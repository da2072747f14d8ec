// SPDX-License-Identifier: MIT
// Public JSON API of the catalog and information posts.
#include "web/web.h"

void api_layanan_list(struct req *r) { http_error(r, 404, NULL); }
void api_layanan_detail(struct req *r) { http_error(r, 404, NULL); }
void api_informasi(struct req *r) { http_error(r, 404, NULL); }
