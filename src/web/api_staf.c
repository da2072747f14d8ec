// SPDX-License-Identifier: MIT
// PLACEHOLDER: being written; every handler answers 404 until then.
#include "web/web.h"

void api_staf_sesi(struct req *r)
{
	http_error(r, 404, NULL);
}

void api_staf_pendaftaran(struct req *r)
{
	http_error(r, 404, NULL);
}

void api_staf_setujui(struct req *r)
{
	http_error(r, 404, NULL);
}

void api_staf_tolak(struct req *r)
{
	http_error(r, 404, NULL);
}

