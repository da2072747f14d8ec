// SPDX-License-Identifier: MIT
// PLACEHOLDER: being written; every handler answers 404 until then.
#include "web/web.h"

void staf_login(struct req *r)
{
	http_error(r, 404, NULL);
}

void staf_logout(struct req *r)
{
	http_error(r, 404, NULL);
}

void staf_password(struct req *r)
{
	http_error(r, 404, NULL);
}

void staf_home(struct req *r)
{
	http_error(r, 404, NULL);
}

void staf_pendaftaran_list(struct req *r)
{
	http_error(r, 404, NULL);
}

void staf_pendaftaran_detail(struct req *r)
{
	http_error(r, 404, NULL);
}

void staf_pendaftaran_setujui(struct req *r)
{
	http_error(r, 404, NULL);
}

void staf_pendaftaran_tolak(struct req *r)
{
	http_error(r, 404, NULL);
}

void staf_pesan(struct req *r)
{
	http_error(r, 404, NULL);
}

