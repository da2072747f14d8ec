// SPDX-License-Identifier: MIT
// Ganti Mode (manual B.4, Gambar 21): the applicant chooses personal mode or one of their groups.
#include <string.h>

#include "domain/grup.h"
#include "web/web.h"

/* The applicant's choices: Pemohon Pribadi, then each active group they
 * belong to, the current one marked. NULL on a storage error. */
static json_t *choices(struct db *db, const struct pemohon_mode *m)
{
	json_t *groups = grup_of_member(db, m->pemohon_id), *g;
	size_t i;

	if (!groups)
		return NULL;
	json_array_foreach(groups, i, g)
		json_object_set_new(g, "aktif", json_boolean(json_integer_value(json_object_get(g, "id")) == m->grup_id));
	return json_pack("{s:b, s:o}", "pribadi_aktif", m->grup_id == 0, "grup", groups);
}

static void render(struct req *r, int status, const struct pemohon_mode *m, const char *alert)
{
	json_t *ctx, *c = choices(db_thread(), m);

	if (!c) {
		http_error(r, 500, NULL);
		return;
	}
	ctx = web_ctx(r, "Ganti Mode");
	json_object_set_new(ctx, "nav_pemohon", json_true());
	json_object_set_new(ctx, "menu_mode", json_true());
	json_object_set_new(ctx, "pilihan", c);
	if (alert)
		json_object_set_new(ctx, "alert", json_string(alert));
	web_render(r, status, "pemohon/mode", ctx);
}

/* GET/POST /pemohon/mode. A refused choice (not a member, an inactive or
 * unknown group) changes nothing and says why. */
void page_ganti_mode(struct req *r)
{
	struct pemohon_mode m, want;
	const char *v;
	int64_t grup_id = 0;
	enum grup_rc rc;
	char label[600];

	if (!web_mode(r, &m)) {
		web_need_pemohon(r);
		return;
	}
	if (r->method == HTTP_GET) {
		render(r, 200, &m, NULL);
		return;
	}
	v = web_field(r, "grup_id");
	if (strcmp(v, "0") && !(grup_id = web_positive_int(v, 15))) {
		render(r, 422, &m, "Pilih Pemohon Pribadi atau salah satu grup Anda.");
		return;
	}
	rc = grup_mode_check(db_thread(), m.pemohon_id, grup_id, &want);
	if (rc == GRUP_ERR) {
		http_error(r, 500, NULL);
		return;
	}
	if (rc != GRUP_OK) {
		render(r, 403, &m, grup_id ? "Anda tidak dapat memakai mode grup ini: Anda bukan anggotanya atau grup "
				   "sedang tidak aktif." : "Mode tidak dapat diganti.");
		return;
	}
	if (session_set_grup(db_thread(), web_session(r, 0), grup_id) < 0) {
		http_error(r, 500, NULL);
		return;
	}
	grup_mode_label(db_thread(), &want, label, sizeof label);
	web_flash(r, arena_printf(r->a, "Mode sekarang: %s.", label));
	http_redirect(r, "/");
}

/* GET /api/v1/saya/grup: the groups the applicant may act for, and how a
 * call states its mode. */
void api_saya_grup(struct req *r)
{
	struct pemohon_mode m;
	json_t *groups;

	if (!api_need_mode(r, &m))
		return;
	if (!(groups = grup_of_member(db_thread(), m.pemohon_id))) {
		http_error(r, 500, NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:o, s:s}", "grup", groups, "header_mode", API_MODE_HEADER));
}

/* POST /api/v1/saya/mode {grup_id}: checks a mode before the app uses it
 * (the API keeps no mode: each call states it in X-Loket-Grup). 200 with
 * the mode, 403 when it may not be used, 422 for a malformed grup_id. */
void api_saya_mode(struct req *r)
{
	struct pemohon_mode m, want;
	const json_t *v;
	json_int_t grup_id;
	enum grup_rc rc;
	char label[600];

	if (!api_need_mode(r, &m) || !api_need_body(r))
		return;
	v = json_object_get(r->json, "grup_id");
	if (!json_is_integer(v) || (grup_id = json_integer_value(v)) < 0) {
		api_invalid(r, json_pack("{s:s}", "grup_id", "Isi grup_id dengan id grup Anda, atau 0 untuk Pemohon Pribadi."));
		return;
	}
	rc = grup_mode_check(db_thread(), m.pemohon_id, (int64_t)grup_id, &want);
	if (rc == GRUP_ERR) {
		http_error(r, 500, NULL);
		return;
	}
	if (rc != GRUP_OK) {
		api_error(r, 403, rc == GRUP_INACTIVE ? "grup_tidak_aktif" : "bukan_anggota_grup", grup_rc_message(rc), NULL);
		return;
	}
	grup_mode_label(db_thread(), &want, label, sizeof label);
	http_json(r, 200, json_pack("{s:I, s:s, s:s, s:s}", "grup_id", (json_int_t)want.grup_id, "mode",
				    want.grup_id ? "grup" : "pribadi", "label", label, "header",
				    arena_printf(r->a, "%s: %lld", API_MODE_HEADER, (long long)want.grup_id)));
}
