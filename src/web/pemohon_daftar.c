// SPDX-License-Identifier: MIT
// PLACEHOLDER: being written; every handler answers 404 until then.
#include "web/web.h"

void page_daftar(struct req *r)
{
	http_error(r, 404, NULL);
}

void page_status(struct req *r)
{
	http_error(r, 404, NULL);
}

void page_aktivasi(struct req *r)
{
	http_error(r, 404, NULL);
}

