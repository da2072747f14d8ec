// SPDX-License-Identifier: MIT
// Public pages and lookups: Home and the region API behind cascading selects.
#include <string.h>

#include "domain/region.h"
#include "lib/config.h"
#include "web/web.h"

void page_home(struct req *r)
{
	json_t *ctx = web_ctx(r, NULL);

	json_object_set_new(ctx, "nav_home", json_true());
	web_render(r, 200, "home", ctx);
}

void api_wilayah(struct req *r)
{
	const char *induk = http_query(r, "induk");
	const char *list = region_children_json(db_thread(), induk);

	if (!list) {
		api_error(r, 400, "kode_tidak_sah",
			  "Kode wilayah induk tidak sah. Contoh: 33 atau 33.26 atau 33.26.07.",
			  json_pack("{s:s}", "induk", "Format kode wilayah tidak sah."));
		return;
	}
	/* region lists change only on import: let the browser keep them */
	http_add_header(r, "Cache-Control", "public, max-age=86400");
	http_text(r, 200, "application/json; charset=utf-8", list);
}

/* Requirements, forms and information arrive with the service catalog; until
 * then these menu entries say so plainly instead of leading to a 404. */
static void page_pending(struct req *r, const char *title, const char *nav)
{
	json_t *ctx = web_ctx(r, title);

	json_object_set_new(ctx, nav, json_true());
	web_render(r, 200, "segera", ctx);
}

void page_persyaratan(struct req *r)
{
	page_pending(r, "Persyaratan", "nav_persyaratan");
}

void page_formulir(struct req *r)
{
	page_pending(r, "Formulir", "nav_formulir");
}

void page_informasi(struct req *r)
{
	page_pending(r, "Informasi", "nav_informasi");
}

void page_formulir_unduh(struct req *r) { http_error(r, 404, NULL); }
void page_informasi_detail(struct req *r) { http_error(r, 404, NULL); }
void page_katalog_contoh(struct req *r) { http_error(r, 404, NULL); }
