// SPDX-License-Identifier: MIT
// The route table: every URL the server answers, in one place.
#include "web/web.h"

#define GP (HTTP_GET | HTTP_POST)

static const struct route routes[] = {
	/* public */
	{ HTTP_GET, "/", page_home, 0 },
	{ HTTP_GET, "/persyaratan", page_persyaratan, 0 },
	{ HTTP_GET, "/formulir", page_formulir, 0 },
	{ HTTP_GET, "/informasi", page_informasi, 0 },
	{ HTTP_GET, "/static/*", http_static, 0 },
	{ HTTP_GET, "/vendor/*", http_static, 0 },

	/* applicants: registration, status, activation */
	{ GP, "/pemohon/daftar", page_daftar, 0 },
	{ GP, "/pemohon/status", page_status, 0 },
	{ GP, "/pemohon/aktivasi/{}", page_aktivasi, 0 },

	/* applicants: login and account self-service */
	{ GP, "/pemohon/login", page_login, 0 },
	{ HTTP_POST, "/pemohon/logout", page_logout, 0 },
	{ HTTP_GET, "/pemohon/akun", page_akun, 0 },
	{ GP, "/pemohon/akun/hp", page_ganti_hp, 0 },
	{ GP, "/pemohon/akun/email", page_ganti_email, 0 },
	{ GP, "/pemohon/akun/password", page_ganti_password, 0 },
	{ GP, "/pemohon/lupa-password", page_lupa, 0 },
	{ GP, "/pemohon/reset/{}", page_reset, 0 },

	/* staff */
	{ GP, "/staf/login", staf_login, 0 },
	{ HTTP_POST, "/staf/logout", staf_logout, 0 },
	{ GP, "/staf/password", staf_password, 0 },
	{ HTTP_GET, "/staf", staf_home, 0 },
	{ HTTP_GET, "/staf/pendaftaran", staf_pendaftaran_list, 0 },
	{ HTTP_GET, "/staf/pendaftaran/{}", staf_pendaftaran_detail, 0 },
	{ HTTP_POST, "/staf/pendaftaran/{}/setujui", staf_pendaftaran_setujui, 0 },
	{ HTTP_POST, "/staf/pendaftaran/{}/tolak", staf_pendaftaran_tolak, 0 },
	{ HTTP_POST, "/staf/pendaftaran/{}/kirim-ulang", staf_pendaftaran_kirim_ulang, 0 },
	{ HTTP_GET, "/staf/pesan", staf_pesan, 0 },

	/* JSON API for the mobile app */
	{ HTTP_GET, "/api/v1/wilayah", api_wilayah, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/captcha", api_captcha, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/pendaftaran", api_pendaftaran, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/pendaftaran/status", api_pendaftaran_status, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/aktivasi", api_aktivasi, ROUTE_JSON },
	{ HTTP_POST | HTTP_DELETE, "/api/v1/sesi", api_sesi, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/saya", api_saya, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/lupa-password", api_lupa_password, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/reset-password", api_reset_password, ROUTE_JSON },
	{ HTTP_POST | HTTP_DELETE, "/api/v1/staf/sesi", api_staf_sesi, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/staf/pendaftaran", api_staf_pendaftaran, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pendaftaran/{}/setujui", api_staf_setujui, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pendaftaran/{}/tolak", api_staf_tolak, ROUTE_JSON },
};

/*
 * Every state-changing browser request carries the session's CSRF token;
 * the JSON API authenticates with bearer tokens only (no cookies), so it
 * has nothing a cross-site form could ride on.
 */
static int before(struct req *r, const struct route *rt)
{
	if (rt->flags & ROUTE_JSON)
		return 1;
	if (r->method != HTTP_POST)
		return 1;
	if (web_csrf_ok(r))
		return 1;
	http_error(r, 403, "Formulir sudah kedaluwarsa atau tidak sah. Muat ulang halaman, lalu kirim kembali.");
	return 0;
}

const struct http_hooks web_hooks = {
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
	.error = web_error,
	.before = before,
};
