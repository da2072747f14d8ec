// SPDX-License-Identifier: MIT
// The route table: every URL the server answers, in one place.
#include "web/web.h"

static const struct route routes[] = {
	{ HTTP_GET, "/", page_home, 0 },
	{ HTTP_GET, "/static/*", http_static, 0 },
	{ HTTP_GET, "/vendor/*", http_static, 0 },
	{ HTTP_GET, "/api/v1/wilayah", api_wilayah, ROUTE_JSON },
};

const struct http_hooks web_hooks = {
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
	.error = web_error,
};
