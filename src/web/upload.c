// SPDX-License-Identifier: MIT
// The one path a supporting-document file takes from a request into storage (pages and API).
#include <string.h>

#include "domain/document.h"
#include "lib/config.h"
#include "lib/image.h"
#include "web/web.h"

const struct upload *web_upload(struct req *r, const char *field)
{
	for (size_t i = 0; i < r->files.count; i++)
		if (!strcmp(r->files.items[i].field, field))
			return &r->files.items[i];
	return NULL;
}

enum app_rc web_store_upload(struct req *r, const struct pemohon_mode *md, const char *kode, const char *jenis,
			     const struct upload *file, const struct doc_meta *m, json_t *errors, int64_t *link_id)
{
	struct image_limits lim = {
		.max_bytes = (size_t)g_cfg.upload_max,
		.max_pixels = g_cfg.upload_max_pixels,
		.max_side = IMAGE_DEFAULT_MAX_SIDE,
		.thumb_side = IMAGE_DEFAULT_THUMB_SIDE,
		.allow_pdf = g_cfg.upload_pdf,
		.max_pages = IMAGE_DEFAULT_MAX_PAGES,
	};
	struct image_out img;
	struct db *db = db_thread();
	enum image_err ie;
	enum app_rc rc;

	/* the cheap checks first: a wrong form costs no decoding */
	rc = doc_precheck(db, md, kode, jenis, m, errors);
	if (rc == APP_INVALID && !file)
		json_object_set_new(errors, "file", json_string("Pilih file dokumen yang akan diunggah."));
	if (rc != APP_OK)
		return rc;
	if (!file) {
		json_object_set_new(errors, "file", json_string("Pilih file dokumen yang akan diunggah."));
		return APP_INVALID;
	}
	memset(&img, 0, sizeof img);
	ie = image_ingest(file->data, file->len, file->filename, &lim, &img);
	if (ie != IMAGE_OK) {
		json_object_set_new(errors, "file", json_string(image_err_message(ie)));
		image_out_free(&img);
		return ie == IMAGE_E_INTERNAL ? APP_ERR : APP_INVALID;
	}
	rc = doc_add_upload(db, md, kode, jenis, m, file->filename, &img, g_cfg.files_dir, errors, link_id);
	image_out_free(&img);
	return rc;
}
