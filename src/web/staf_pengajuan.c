// SPDX-License-Identifier: MIT
// Officer pages for applications: dashboard, work queues, the application screen and its moves.
#include "web/web.h"

void staf_dasbor(struct req *r)
{
	json_t *ctx;

	if (!web_need_staf(r, 0, NULL))
		return;
	ctx = web_ctx(r, "Beranda Petugas");
	json_object_set_new(ctx, "menu_beranda", json_true());
	web_render(r, 200, "staf/home", ctx);
}
