// SPDX-License-Identifier: MIT
// PLACEHOLDER: being written; every handler answers 404 until then.
#include "web/web.h"

void page_login(struct req *r)
{
	http_error(r, 404, NULL);
}

void page_logout(struct req *r)
{
	http_error(r, 404, NULL);
}

void page_akun(struct req *r)
{
	http_error(r, 404, NULL);
}

void page_ganti_hp(struct req *r)
{
	http_error(r, 404, NULL);
}

void page_ganti_email(struct req *r)
{
	http_error(r, 404, NULL);
}

void page_ganti_password(struct req *r)
{
	http_error(r, 404, NULL);
}

void page_lupa(struct req *r)
{
	http_error(r, 404, NULL);
}

void page_reset(struct req *r)
{
	http_error(r, 404, NULL);
}

