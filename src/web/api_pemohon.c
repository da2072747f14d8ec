// SPDX-License-Identifier: MIT
// PLACEHOLDER: being written; every handler answers 404 until then.
#include "web/web.h"

void api_captcha(struct req *r)
{
	http_error(r, 404, NULL);
}

void api_pendaftaran(struct req *r)
{
	http_error(r, 404, NULL);
}

void api_pendaftaran_status(struct req *r)
{
	http_error(r, 404, NULL);
}

void api_aktivasi(struct req *r)
{
	http_error(r, 404, NULL);
}

void api_sesi(struct req *r)
{
	http_error(r, 404, NULL);
}

void api_saya(struct req *r)
{
	http_error(r, 404, NULL);
}

void api_lupa_password(struct req *r)
{
	http_error(r, 404, NULL);
}

void api_reset_password(struct req *r)
{
	http_error(r, 404, NULL);
}

