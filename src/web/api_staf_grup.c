// SPDX-License-Identifier: MIT
// JSON API for officers: Grup Pemohon, their scope, services and members (the pages' actions, rendered as JSON).
#include <string.h>

#include "domain/grup.h"
#include "web/web.h"

/* The group of the path's first id for an officer holding need: its id,
 * or 0 after answering (401, 403, 404). */
static int64_t group_id(struct req *r, int need, int64_t *me)
{
	json_t *g;
	int64_t id;

	if (!(*me = api_need_staf(r, need, NULL)) || !(id = api_path_id(r, 0, MSG_NO_GRUP)))
		return 0;
	if (!(g = grup_get(db_thread(), id))) {
		api_not_found(r, MSG_NO_GRUP);
		return 0;
	}
	json_decref(g);
	return id;
}

/* A list member of the body: an array of strings, or NULL (absent; the
 * domain says what is missing). Another type sets errors[key]. */
static const json_t *list_in(struct req *r, const char *key, json_t *errors)
{
	json_t *v = json_object_get(r->json, key), *x;
	size_t i;

	if (!v || json_is_null(v))
		return NULL;
	json_array_foreach(v, i, x)
		if (!json_is_string(x))
			break;
	if (json_is_array(v) && i == json_array_size(v))
		return v;
	json_object_set_new(errors, key, json_string("Isian ini harus berupa daftar teks."));
	return NULL;
}

/* The body {nama, jenis, wilayah [..], layanan [..], aktif (default
 * true)} saved as a new group (id 0) or over group id; answers with the
 * group (201 new, 200 changed) or the field errors. */
static void save(struct req *r, int64_t me, int64_t id)
{
	json_t *errors = json_object(), *aktif;
	struct grup_input in;
	enum grup_rc rc;

	if (!api_need_body(r)) {
		json_decref(errors);
		return;
	}
	aktif = json_object_get(r->json, "aktif");
	in.nama = api_in(r, "nama", 0, errors);
	in.jenis = api_in(r, "jenis", 0, errors);
	in.wilayah = list_in(r, "wilayah", errors);
	in.layanan = list_in(r, "layanan", errors);
	in.aktif = !json_is_false(aktif);
	if (aktif && !json_is_boolean(aktif))
		json_object_set_new(errors, "aktif", json_string("aktif harus true atau false."));
	if (json_object_size(errors)) {
		api_invalid(r, errors);
		return;
	}
	rc = id ? grup_update(db_thread(), me, id, &in, errors) : grup_create(db_thread(), me, &in, errors, &id);
	if (rc == GRUP_INVALID) {
		api_invalid(r, errors);
		return;
	}
	json_decref(errors);
	if (rc == GRUP_NOT_FOUND)
		api_not_found(r, MSG_NO_GRUP);
	else if (rc != GRUP_OK)
		http_error(r, 500, NULL);
	else
		http_json(r, r->method == HTTP_POST ? 201 : 200, grup_get(db_thread(), id));
}

void api_staf_grup(struct req *r)
{
	json_t *rows;
	int64_t me;

	if (r->method == HTTP_POST) {
		if ((me = api_need_staf(r, STAF_ADMIN, NULL)))
			save(r, me, 0);
		return;
	}
	if (!api_need_staf(r, STAF_GRUP, NULL))
		return;
	if (!(rows = grup_list(db_thread()))) {
		http_error(r, 500, NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:o}", "grup", rows));
}

void api_staf_grup_item(struct req *r)
{
	int64_t me, id = group_id(r, r->method == HTTP_PUT ? STAF_ADMIN : STAF_GRUP, &me);

	if (!id)
		return;
	if (r->method == HTTP_PUT)
		save(r, me, id);
	else
		http_json(r, 200, grup_get(db_thread(), id));
}

/* {anggota: [...]} of group id with status. */
static void members(struct req *r, int status, int64_t id)
{
	json_t *rows = grup_members(db_thread(), id);

	if (!rows)
		http_error(r, 500, NULL);
	else
		http_json(r, status, json_pack("{s:o}", "anggota", rows));
}

void api_staf_grup_anggota(struct req *r)
{
	int64_t me, id = group_id(r, STAF_GRUP, &me);
	json_t *errors;
	const char *nik;
	enum grup_rc rc;

	if (!id)
		return;
	if (r->method != HTTP_POST) {
		members(r, 200, id);
		return;
	}
	if (!api_need_body(r))
		return;
	errors = json_object();
	nik = api_in(r, "nik", 0, errors);
	rc = json_object_size(errors) ? GRUP_INVALID : grup_member_add(db_thread(), me, id, nik, errors);
	if (rc == GRUP_INVALID) {
		api_invalid(r, errors);
		return;
	}
	json_decref(errors);
	if (rc != GRUP_OK)
		http_error(r, 500, NULL);
	else
		members(r, 201, id);
}

void api_staf_grup_anggota_item(struct req *r)
{
	int64_t me, pid, id = group_id(r, STAF_GRUP, &me);

	if (!id || !(pid = api_path_id(r, 1, MSG_NO_ANGGOTA)))
		return;
	switch (grup_member_remove(db_thread(), me, id, pid)) {
	case GRUP_OK:
		buf_reset(&r->out);
		r->content_type = NULL;
		r->status = 204;
		return;
	case GRUP_NOT_MEMBER:
	case GRUP_NOT_FOUND:
		api_not_found(r, MSG_NO_ANGGOTA);
		return;
	default:
		http_error(r, 500, NULL);
	}
}
