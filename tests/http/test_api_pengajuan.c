// SPDX-License-Identifier: MIT
// JSON API of applications: create, list, detail, edit, delete, documents, sending, chat, ownership.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

static struct srv S;
static char *tok_a, *tok_b;                     /* applicants A and B */
static char *tok_ver, *tok_op, *tok_ttd, *tok_adm;  /* officers by role */

#define PW "Feb1702."
#define NIK_A "3326071505900001"
#define NIK_B "3326072001850002"
#define HP "6281234567890"   /* register_pemohon's number, as stored */

/* The service of most tests: one field, two required documents
 * (catalog/layanan/16-SND.json). */
#define SVC "sinkronisasi-data"
#define ISIAN "permasalahan_data"
#define DOC_KK "foto-kartu-keluarga"
#define DOC_KTP "foto-ktp-el"
/* A service for one audience only: never open to a general applicant. */
#define SVC_GROUP "aldino-4in1"
/* A second general service, for the layanan filter. */
#define SVC_KK "kk-hilang-rusak"

#define MSG_EDIT_STATE "Pengajuan hanya dapat diubah saat berstatus Draft atau Dikembalikan."

/* ---- helpers ------------------------------------------------------------ */

/* A valid body for SVC. */
static json_t *app_body(const char *nik, const char *nama)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SVC, "nik", nik, "nama", nama, "detail",
			 "Data saya tidak terbaca di BPJS Kesehatan.", "isian", ISIAN,
			 "NIK tidak ditemukan di BPJS Kesehatan.");
}

/* Creates an application from body (consumed); returns its code (caller frees). */
static char *create_with(const char *tok, json_t *body)
{
	char *kode = api_create(&S, tok, body);

	assert_non_null(kode);
	return kode;
}

static char *create(const char *tok)
{
	return create_with(tok, app_body(NIK_A, "Siti Aminah"));
}

static json_t *detail(const char *tok, const char *kode)
{
	long st;
	json_t *j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s", kode), NULL, tok, &st);

	assert_int_equal(st, 200);
	return j;
}

/* Uploads the test JPEG as jenis; returns the answer (link entry). */
static json_t *upload(const char *tok, const char *kode, const char *jenis)
{
	json_t *j;

	assert_int_equal(api_upload(&S, tok, kode, jenis, "kk.jpg", "Halaman depan", &j), 0);
	return j;
}

/* The files linked to jenis in a detail answer. */
static json_t *files_of(const json_t *d, const char *jenis)
{
	json_t *types = json_object_get(d, "dokumen"), *t;
	size_t i;

	json_array_foreach(types, i, t)
		if (!strcmp(jstr(t, "kode"), jenis))
			return json_object_get(t, "file");
	fail_msg("no document type %s", jenis);
	return NULL;
}

/* Marks a draft as sent, in storage (set-up for the officer's side of the
 * chat: officers see no drafts). */
static void mark_sent(const char *kode)
{
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET status = 'DIKIRIM', antrean = 'verifikasi' WHERE kode = '%s'",
				     kode), 0);
}

static json_t *kirim_body(const char *pilihan, json_t *setuju)
{
	json_t *b = json_object();

	if (pilihan)
		json_object_set_new(b, "pilihan_dokumen_jadi", json_string(pilihan));
	if (setuju)
		json_object_set_new(b, "setuju", setuju);
	return b;
}

/* Every queued outbox message delivered to DATA/outbox.jsonl; returns the
 * lines (caller frees with outbox_free). */
static size_t delivered(char ***lines)
{
	long long queued = srv_count(&S, "outbox");
	size_t n = outbox_lines(&S, (size_t)queued, lines);

	assert_true(n >= (size_t)queued);
	return n;
}

/* Outbox lines (delivered) that contain needle. */
static size_t lines_with(const char *needle)
{
	char **lines;
	size_t n = delivered(&lines), i, hits = 0;

	for (i = 0; i < n; i++)
		if (strstr(lines[i], needle))
			hits++;
	outbox_free(lines, n);
	return hits;
}

/* ---- set-up --------------------------------------------------------------- */

static int setup(void **st)
{
	/* many logins come from one address; an explicit chat window */
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", "LOKET_CHAT_NOTIFY_WINDOW=600", NULL };

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	tok_a = pemohon_active_token(&S, NIK_A, PW);
	tok_b = pemohon_active_token(&S, NIK_B, PW);
	tok_ver = staf_api_token(&S, "ver1", "verifikator", NULL);
	tok_op = staf_api_token(&S, "op1", "operator", NULL);
	tok_ttd = staf_api_token(&S, "ttd1", "penandatangan", NULL);
	tok_adm = staf_api_token(&S, "adm1", "admin", NULL);
	return tok_a && tok_b && tok_ver && tok_op && tok_ttd && tok_adm ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	free(tok_a);
	free(tok_b);
	free(tok_ver);
	free(tok_op);
	free(tok_ttd);
	free(tok_adm);
	return srv_stop(&S);
}

/* ---- login ---------------------------------------------------------------- */

static void test_bad_every_route_needs_applicant_token_401(void **st)
{
	static const char *const routes[][2] = {
		{ "GET", "/api/v1/pengajuan" },
		{ "POST", "/api/v1/pengajuan" },
		{ "GET", "/api/v1/pengajuan/SND33260001" },
		{ "PUT", "/api/v1/pengajuan/SND33260001" },
		{ "DELETE", "/api/v1/pengajuan/SND33260001" },
		{ "POST", "/api/v1/pengajuan/SND33260001/dokumen" },
		{ "DELETE", "/api/v1/pengajuan/SND33260001/dokumen/1" },
		{ "POST", "/api/v1/pengajuan/SND33260001/kirim" },
		{ "GET", "/api/v1/pengajuan/SND33260001/chat" },
		{ "POST", "/api/v1/pengajuan/SND33260001/chat" },
		{ "GET", "/api/v1/dokumen" },
		{ "GET", "/api/v1/dokumen/1/berkas" },
	};
	const char *const tokens[] = { NULL, "not-a-token", tok_op };
	long status;
	size_t i, k;

	(void)st;
	for (i = 0; i < sizeof routes / sizeof routes[0]; i++)
		for (k = 0; k < sizeof tokens / sizeof tokens[0]; k++) {
			int has_body = !strcmp(routes[i][0], "POST") || !strcmp(routes[i][0], "PUT");
			json_t *j = api_json(&S, routes[i][0], routes[i][1], has_body ? json_object() : NULL,
					     tokens[k], &status);

			assert_true(api_error_is(j, status, 401, "perlu_login"));
		}
}

/* ---- create --------------------------------------------------------------- */

static void test_create_201_draft(void **st)
{
	long long before = srv_count(&S, "pengajuan");
	json_t *b = app_body(NIK_A, "Siti Aminah"), *j;
	char *kode, *hp;
	long status;

	(void)st;
	/* personal mode: the account's own contact data, whatever is sent */
	json_object_set_new(b, "no_hp", json_string("089999999999"));
	json_object_set_new(b, "email", json_string("lain@example.com"));
	json_object_set_new(b, "no_kk", json_string("3326070101010001"));
	kode = create_with(tok_a, b);
	assert_int_equal(strncmp(kode, "SND3326", 7), 0);
	assert_int_equal(srv_count(&S, "pengajuan"), before + 1);
	hp = srv_db_text(&S, "SELECT no_hp FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(hp, HP);
	free(hp);

	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "kode"), kode);
	assert_string_equal(jstr(j, "status"), "DRAFT");
	assert_null(json_object_get(j, "id"));
	assert_string_equal(jstr(j, "nik"), NIK_A);
	assert_string_equal(jstr(j, "nama"), "Siti Aminah");
	assert_string_equal(jstr(j, "email"), "siti@example.com");
	/* the account's KK number is not editable here: masked */
	assert_string_equal(jstr(j, "no_kk"), "3326********0009");
	assert_string_equal(jstr(json_object_get(j, "layanan"), "kode"), SVC);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "isian"), 0), "kode"), ISIAN);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "isian"), 0), "nilai"),
			    "NIK tidak ditemukan di BPJS Kesehatan.");
	assert_true(json_is_true(json_object_get(j, "dapat_diedit")));
	assert_true(json_is_true(json_object_get(j, "dapat_dihapus")));
	assert_int_equal(json_array_size(json_object_get(j, "dokumen")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "riwayat")), 1);
	json_decref(j);
	free(kode);
}

static void test_create_isian_number_as_text(void **st)
{
	json_t *b = app_body(NIK_A, "Siti Aminah"), *d;
	char *kode;

	(void)st;
	json_object_set_new(json_object_get(b, "isian"), ISIAN, json_integer(12345));
	kode = create_with(tok_a, b);
	d = detail(tok_a, kode);
	assert_string_equal(jstr(json_array_get(json_object_get(d, "isian"), 0), "nilai"), "12345");
	json_decref(d);
	free(kode);
}

static void test_bad_create_missing_fields(void **st)
{
	long long before = srv_count(&S, "pengajuan");
	long status;
	json_t *j;

	(void)st;
	j = api_json(&S, "POST", "/api/v1/pengajuan", json_pack("{s:s}", "layanan", SVC), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "nik"));
	assert_non_null(field_msg(j, "nama"));
	assert_non_null(field_msg(j, "detail"));
	assert_non_null(field_msg(j, "isian." ISIAN));
	assert_non_null(strstr(field_msg(j, "isian." ISIAN), "wajib diisi"));
	json_decref(j);
	assert_int_equal(srv_count(&S, "pengajuan"), before);
}

static void test_bad_create_invalid_fields(void **st)
{
	long long before = srv_count(&S, "pengajuan");
	json_t *b = app_body("3326071505900000", "Siti 4minah"), *j;
	long status;

	(void)st;
	j = api_json(&S, "POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "nik"));
	assert_non_null(field_msg(j, "nama"));
	assert_int_equal(nfields(j), 2);
	json_decref(j);
	/* a number where text is expected */
	b = app_body(NIK_A, "Siti Aminah");
	json_object_set_new(b, "nik", json_integer(3326071505900001LL));
	j = api_json(&S, "POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "nik"));
	json_decref(j);
	assert_int_equal(srv_count(&S, "pengajuan"), before);
}

static void test_bad_create_unknown_layanan(void **st)
{
	long long before = srv_count(&S, "pengajuan");
	json_t *b = app_body(NIK_A, "Siti Aminah"), *j;
	long status;

	(void)st;
	json_object_set_new(b, "layanan", json_string("tidak-ada"));
	j = api_json(&S, "POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "layanan"));
	assert_int_equal(nfields(j), 1);
	json_decref(j);
	b = app_body(NIK_A, "Siti Aminah");
	json_object_del(b, "layanan");
	j = api_json(&S, "POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "layanan"));
	json_decref(j);
	assert_int_equal(srv_count(&S, "pengajuan"), before);
}

static void test_bad_create_isian_wrong_type(void **st)
{
	json_t *const wrong[] = { json_true(), json_pack("[s]", "a"), json_pack("{s:s}", "a", "b") };
	long long before = srv_count(&S, "pengajuan");
	json_t *b, *j;
	long status;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		b = app_body(NIK_A, "Siti Aminah");
		json_object_set_new(json_object_get(b, "isian"), ISIAN, wrong[i]);
		j = api_json(&S, "POST", "/api/v1/pengajuan", b, tok_a, &status);
		assert_int_equal(status, 422);
		assert_string_equal(err_code(j), "data_tidak_valid");
		assert_non_null(field_msg(j, "isian." ISIAN));
		assert_non_null(strstr(field_msg(j, "isian." ISIAN), "teks atau angka"));
		json_decref(j);
	}
	/* isian itself must be an object */
	b = app_body(NIK_A, "Siti Aminah");
	json_object_set_new(b, "isian", json_string("x"));
	j = api_json(&S, "POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isian"));
	json_decref(j);
	assert_int_equal(srv_count(&S, "pengajuan"), before);
}

static void test_bad_create_group_only_403(void **st)
{
	long long before = srv_count(&S, "pengajuan");
	char *nama = srv_db_text(&S, "SELECT nama FROM layanan WHERE kode = '%s'", SVC_GROUP);
	json_t *b = app_body(NIK_A, "Siti Aminah"), *j;
	char msg[200];
	long status;

	(void)st;
	assert_non_null(nama);
	json_object_set_new(b, "layanan", json_string(SVC_GROUP));
	j = api_json(&S, "POST", "/api/v1/pengajuan", b, tok_a, &status);
	/* a group-only service in personal mode: not for this mode at all */
	assert_int_equal(status, 403);
	assert_string_equal(err_code(j), "khusus_grup_pemohon");
	snprintf(msg, sizeof msg, "Pengajuan %s belum tersedia.", nama);
	assert_string_equal(err_msg(j), msg);
	assert_non_null(jstr(json_object_get(j, "error"), "alasan"));
	assert_non_null(strstr(jstr(json_object_get(j, "error"), "alasan"), "Khusus Grup Pemohon"));
	json_decref(j);
	free(nama);
	assert_int_equal(srv_count(&S, "pengajuan"), before);
}

static void test_bad_create_without_json_body(void **st)
{
	long long before = srv_count(&S, "pengajuan");
	struct resp r;

	(void)st;
	assert_int_equal(bearer_request(&S, "POST", "/api/v1/pengajuan", "application/x-www-form-urlencoded",
					"layanan=" SVC, strlen("layanan=" SVC), tok_a,
					    &r), 0);
	assert_int_equal(r.status, 400);
	assert_true(resp_has(&r, "permintaan_tidak_sah"));
	resp_free(&r);
	assert_int_equal(bearer_request(&S, "POST", "/api/v1/pengajuan", "application/json", "{\"layanan\":", 11,
					tok_a, &r), 0);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	assert_int_equal(srv_count(&S, "pengajuan"), before);
}

/* ---- list ----------------------------------------------------------------- */

static json_t *list(const char *tok, const char *query, long want_total)
{
	long status;
	json_t *j = api_json(&S, "GET", pathf("/api/v1/pengajuan%s", query), NULL, tok, &status);

	assert_int_equal(status, 200);
	assert_true(json_is_array(json_object_get(j, "pengajuan")));
	if (want_total >= 0) {
		assert_int_equal(jint(j, "total"), want_total);
		if (jint(j, "halaman") == 1)
			assert_int_equal(json_array_size(json_object_get(j, "pengajuan")), (size_t)want_total);
	}
	return j;
}

static void test_list_filters(void **st)
{
	char *tok = pemohon_active_token(&S, "3326075506920003", PW);
	char *k1 = create_with(tok, app_body("3326071505900001", "Budi Santoso"));
	char *k2 = create_with(tok, app_body("3326072001850002", "Ani Lestari"));
	char *k3 = create_with(tok, json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SVC_KK, "nik",
					      "3326075506920003", "nama", "Rina Wati", "detail", "KK saya hilang.",
					      "isian", "jenis", "Hilang"));
	json_t *j, *row;

	(void)st;
	/* a sent one, for the status filter (set-up: sending has its own test) */
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET status = 'DIKIRIM' WHERE kode = '%s'", k2), 0);

	j = list(tok, "", 3);
	assert_int_equal(jint(j, "halaman"), 1);
	/* newest first, NIK masked, never in full */
	row = json_array_get(json_object_get(j, "pengajuan"), 0);
	assert_string_equal(jstr(row, "kode"), k3);
	assert_string_equal(jstr(row, "nik"), "3326********0003");
	assert_string_equal(jstr(row, "layanan_kode"), SVC_KK);
	assert_string_equal(jstr(row, "status"), "DRAFT");
	assert_non_null(jstr(row, "status_label"));
	{
		char *all = json_dumps(j, 0);

		assert_null(strstr(all, "3326075506920003"));
		free(all);
	}
	json_decref(j);

	j = list(tok, "?layanan=" SVC, 2);
	json_decref(j);
	j = list(tok, "?layanan=" SVC_KK, 1);
	json_decref(j);
	j = list(tok, "?status=DIKIRIM", 1);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k2);
	json_decref(j);
	j = list(tok, "?status=DRAFT", 2);
	json_decref(j);
	j = list(tok, pathf("?kode=%s", k1), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k1);
	json_decref(j);
	j = list(tok, "?nik=3326072001850002", 1);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k2);
	json_decref(j);
	j = list(tok, "?nama=lestari", 1);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k2);
	json_decref(j);
	j = list(tok, "?layanan=" SVC "&status=DRAFT", 1);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k1);
	json_decref(j);
	/* past the last page: empty, total still counted */
	j = list(tok, "?halaman=2", 3);
	assert_int_equal(jint(j, "halaman"), 2);
	assert_int_equal(json_array_size(json_object_get(j, "pengajuan")), 0);
	json_decref(j);
	/* another applicant's list does not hold them */
	j = list(tok_b, pathf("?kode=%s", k1), 0);
	json_decref(j);
	free(k1);
	free(k2);
	free(k3);
	free(tok);
}

static void test_bad_list_params(void **st)
{
	static const char *const bad[][2] = {
		{ "?status=BARU", "status" },
		{ "?status=draft", "status" },
		{ "?layanan=tidak-ada", "layanan" },
		{ "?halaman=0", "halaman" },
		{ "?halaman=abc", "halaman" },
		{ "?nik=12345", "nik" },
		{ "?kode=SND%25", "kode" },
	};
	long status;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = api_json(&S, "GET", pathf("/api/v1/pengajuan%s", bad[i][0]), NULL, tok_a, &status);

		assert_int_equal(status, 400);
		assert_string_equal(err_code(j), "permintaan_tidak_sah");
		assert_non_null(field_msg(j, bad[i][1]));
		json_decref(j);
	}
}

/* ---- detail, edit, delete --------------------------------------------------- */

static void test_bad_detail_unknown_or_malformed_404(void **st)
{
	static const char *const paths[] = {
		"/api/v1/pengajuan/SND33269999",
		"/api/v1/pengajuan/snd33260001",
		"/api/v1/pengajuan/SND-3326",
		"/api/v1/pengajuan/SND3326000000000000000000000000001",
	};
	long status;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		json_t *j = api_json(&S, "GET", paths[i], NULL, tok_a, &status);

		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	}
}

static void test_update_200(void **st)
{
	char *kode = create(tok_a);
	json_t *b = app_body("3326072001850002", "Ahmad Fauzi"), *j;
	long status;

	(void)st;
	/* layanan is ignored on PUT */
	json_object_set_new(b, "layanan", json_string(SVC_KK));
	json_object_set_new(json_object_get(b, "isian"), ISIAN, json_string("Data tidak ditemukan di Bank."));
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode), b, tok_a, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "kode"), kode);
	assert_string_equal(jstr(j, "nama"), "Ahmad Fauzi");
	assert_string_equal(jstr(j, "nik"), "3326072001850002");
	assert_string_equal(jstr(json_object_get(j, "layanan"), "kode"), SVC);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "isian"), 0), "nilai"),
			    "Data tidak ditemukan di Bank.");
	assert_null(json_object_get(j, "id"));
	json_decref(j);
	free(kode);
}

static void test_bad_update_invalid(void **st)
{
	char *kode = create(tok_a), *nama;
	json_t *b = app_body("33260715", "Ahmad Fauzi"), *j;
	long status;

	(void)st;
	json_object_set_new(json_object_get(b, "isian"), ISIAN, json_false());
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode), b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isian." ISIAN));
	json_decref(j);
	b = app_body("33260715", "Ahmad Fauzi");
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode), b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "nik"));
	json_decref(j);
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_true(api_error_is(j, status, 400, "permintaan_tidak_sah"));
	nama = srv_db_text(&S, "SELECT nama FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(nama, "Siti Aminah");
	free(nama);
	free(kode);
}

static void test_delete_204(void **st)
{
	char *kode = create(tok_a);
	long long before = srv_count(&S, "pengajuan");
	long status;
	json_t *j;

	(void)st;
	json_decref(upload(tok_a, kode, DOC_KK));
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_int_equal(status, 204);
	assert_null(j);
	assert_int_equal(srv_count(&S, "pengajuan"), before - 1);
	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	free(kode);
}

/* ---- documents -------------------------------------------------------------- */

static void test_upload_multipart_and_library(void **st)
{
	char *kode = create(tok_a);
	json_t *up = upload(tok_a, kode, DOC_KK), *d, *files, *lib, *row;
	long long dok = jint(up, "dokumen_id");
	struct resp r;
	char *ct;
	long status;
	size_t i;
	int found = 0;

	(void)st;
	assert_string_equal(jstr(up, "jenis"), DOC_KK);
	assert_string_equal(jstr(up, "mime"), "image/jpeg");
	assert_string_equal(jstr(up, "tanggal"), "2024-01-15");
	assert_string_equal(jstr(up, "keterangan"), "Halaman depan");
	assert_int_equal(jint(up, "lembar"), 1);

	d = detail(tok_a, kode);
	files = files_of(d, DOC_KK);
	assert_int_equal(json_array_size(files), 1);
	assert_int_equal(jint(json_array_get(files, 0), "id"), jint(up, "id"));
	assert_int_equal(json_array_size(files_of(d, DOC_KTP)), 0);
	json_decref(d);

	lib = api_json(&S, "GET", "/api/v1/dokumen", NULL, tok_a, &status);
	assert_int_equal(status, 200);
	json_array_foreach(json_object_get(lib, "dokumen"), i, row)
		if (jint(row, "id") == dok) {
			found = 1;
			assert_string_equal(jstr(row, "mime"), "image/jpeg");
			assert_true(jint(row, "ukuran") > 0);
		}
	assert_true(found);
	json_decref(lib);

	assert_int_equal(bearer_request(&S, "GET", pathf("/api/v1/dokumen/%lld/berkas", dok), NULL, NULL, 0,
					tok_a, &r), 0);
	assert_int_equal(r.status, 200);
	ct = resp_header(&r, "Content-Type");
	assert_string_equal(ct, "image/jpeg");
	free(ct);
	ct = resp_header(&r, "Content-Disposition");
	assert_non_null(ct);
	assert_int_equal(strncmp(ct, "inline", 6), 0);
	free(ct);
	assert_true(r.len > 100);
	assert_int_equal((unsigned char)r.body[0], 0xff);
	assert_int_equal((unsigned char)r.body[1], 0xd8);
	resp_free(&r);

	assert_int_equal(bearer_request(&S, "GET", pathf("/api/v1/dokumen/%lld/berkas?thumb=1", dok), NULL, NULL, 0,
					tok_a, &r), 0);
	assert_int_equal(r.status, 200);
	ct = resp_header(&r, "Content-Type");
	assert_string_equal(ct, "image/jpeg");
	free(ct);
	assert_int_equal((unsigned char)r.body[0], 0xff);
	resp_free(&r);
	json_decref(up);
	free(kode);
}

static void test_bad_upload_refused_file(void **st)
{
	char *kode = create(tok_a);
	long long before = srv_count(&S, "dokumen");
	const struct part not_image[] = {
		{ "jenis", DOC_KK, 0, NULL, NULL },
		{ "file", "bukan gambar sama sekali", 24, "kk.jpg", "image/jpeg" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	const struct part no_file[] = {
		{ "jenis", DOC_KK, 0, NULL, NULL },
		{ NULL, NULL, 0, NULL, NULL },
	};
	const struct part bad_jenis[] = {
		{ "jenis", "akta-nikah", 0, NULL, NULL },
		{ "lembar", "100", 0, NULL, NULL },
		{ "file", (const char *)jpeg_24x16, jpeg_24x16_len, "kk.jpg", "image/jpeg" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	const struct part wrong_ext[] = {
		{ "jenis", DOC_KK, 0, NULL, NULL },
		{ "file", (const char *)jpeg_24x16, jpeg_24x16_len, "kk.gif", "image/gif" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	long status;
	json_t *j;

	(void)st;
	j = api_multipart(&S, pathf("/api/v1/pengajuan/%s/dokumen", kode), not_image, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "file"));
	assert_true(strlen(field_msg(j, "file")) > 20);
	json_decref(j);
	j = api_multipart(&S, pathf("/api/v1/pengajuan/%s/dokumen", kode), wrong_ext, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "file"));
	json_decref(j);
	j = api_multipart(&S, pathf("/api/v1/pengajuan/%s/dokumen", kode), no_file, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "file"));
	json_decref(j);
	j = api_multipart(&S, pathf("/api/v1/pengajuan/%s/dokumen", kode), bad_jenis, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "jenis"));
	assert_non_null(field_msg(j, "lembar"));
	json_decref(j);
	assert_int_equal(srv_count(&S, "dokumen"), before);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen d JOIN pengajuan p ON p.id = d.pengajuan_id"
				    " WHERE p.kode = '%s'", kode), 0);
	free(kode);
}

static void test_bad_upload_too_large_413(void **st)
{
	char *kode = create(tok_a);
	long long before = srv_count(&S, "dokumen");
	size_t len = (size_t)12 * 1024 * 1024;
	char *big = malloc(len);
	struct part parts[] = {
		{ "jenis", DOC_KK, 0, NULL, NULL },
		{ "file", NULL, 0, "kk.jpg", "image/jpeg" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	long status;
	json_t *j;

	(void)st;
	assert_non_null(big);
	memset(big, 'x', len);
	memcpy(big, jpeg_24x16, jpeg_24x16_len);
	parts[1].data = big;
	parts[1].len = len;
	j = api_multipart(&S, pathf("/api/v1/pengajuan/%s/dokumen", kode), parts, tok_a, &status);
	assert_int_equal(status, 413);
	assert_string_equal(err_code(j), "terlalu_besar");
	assert_non_null(strstr(err_msg(j), "Ukuran file terlalu besar"));
	json_decref(j);
	free(big);
	assert_int_equal(srv_count(&S, "dokumen"), before);
	free(kode);
}

static void test_reuse_library_document(void **st)
{
	char *k1 = create(tok_a), *k2 = create(tok_a);
	json_t *up = upload(tok_a, k1, DOC_KK), *j, *d;
	long long dok = jint(up, "dokumen_id"), docs = srv_count(&S, "dokumen");
	long status;

	(void)st;
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", k2),
		     json_pack("{s:s, s:I}", "jenis", DOC_KK, "dokumen_id", dok),
			 tok_a, &status);
	assert_int_equal(status, 201);
	assert_true(jint(j, "id") > 0);
	assert_int_equal(jint(j, "dokumen_id"), dok);
	assert_string_equal(jstr(j, "jenis"), DOC_KK);
	json_decref(j);
	/* the same file under another type, id given as text */
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", k2),
			 json_pack("{s:s, s:s}", "jenis", DOC_KTP, "dokumen_id", pathf("%lld", dok)), tok_a, &status);
	assert_int_equal(status, 201);
	json_decref(j);
	/* no new file in the library */
	assert_int_equal(srv_count(&S, "dokumen"), docs);
	d = detail(tok_a, k2);
	assert_int_equal(json_array_size(files_of(d, DOC_KK)), 1);
	assert_int_equal(json_array_size(files_of(d, DOC_KTP)), 1);
	json_decref(d);
	json_decref(up);
	free(k1);
	free(k2);
}

static void test_bad_reuse_library_document(void **st)
{
	char *kode = create(tok_a);
	json_t *up = upload(tok_a, kode, DOC_KK), *j;
	long long dok = jint(up, "dokumen_id");
	long status;

	(void)st;
	/* already there */
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", kode),
		     json_pack("{s:s, s:I}", "jenis", DOC_KK, "dokumen_id", dok),
			 tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "dokumen_id"));
	json_decref(j);
	/* unknown file, malformed id, unknown type */
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", kode),
			 json_pack("{s:s, s:I}", "jenis", DOC_KTP, "dokumen_id", (json_int_t)999999), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "dokumen_id"));
	json_decref(j);
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", kode),
			 json_pack("{s:s, s:s}", "jenis", DOC_KTP, "dokumen_id", "1x"), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "dokumen_id"));
	json_decref(j);
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", kode),
			 json_pack("{s:s, s:I}", "jenis", "akta-nikah", "dokumen_id", dok), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "jenis"));
	json_decref(j);
	/* neither multipart nor JSON */
	{
		struct resp r;

		assert_int_equal(bearer_request(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", kode), "text/plain",
						"x", 1, tok_a, &r), 0);
		assert_int_equal(r.status, 400);
		assert_true(resp_has(&r, "permintaan_tidak_sah"));
		resp_free(&r);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen d JOIN pengajuan p ON p.id = d.pengajuan_id"
				    " WHERE p.kode = '%s'", kode), 1);
	json_decref(up);
	free(kode);
}

static void test_delete_document_204(void **st)
{
	char *kode = create(tok_a);
	json_t *up = upload(tok_a, kode, DOC_KK), *j, *d, *lib;
	long long link = jint(up, "id"), dok = jint(up, "dokumen_id");
	long status;
	size_t i;
	json_t *row;
	int found = 0;

	(void)st;
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s/dokumen/%lld", kode, link), NULL, tok_a, &status);
	assert_int_equal(status, 204);
	assert_null(j);
	d = detail(tok_a, kode);
	assert_int_equal(json_array_size(files_of(d, DOC_KK)), 0);
	json_decref(d);
	/* the library keeps the file */
	lib = api_json(&S, "GET", "/api/v1/dokumen", NULL, tok_a, &status);
	json_array_foreach(json_object_get(lib, "dokumen"), i, row)
		found |= jint(row, "id") == dok;
	assert_true(found);
	json_decref(lib);
	json_decref(up);
	free(kode);
}

static void test_bad_delete_document_404(void **st)
{
	char *kode = create(tok_a), *other = create(tok_a);
	json_t *up = upload(tok_a, kode, DOC_KK), *j;
	long long link = jint(up, "id");
	static const char *const bad_ids[] = { "0", "abc", "-1", "01", "99999999" };
	long status;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
		j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s/dokumen/%s", kode, bad_ids[i]), NULL,
			     tok_a, &status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	}
	/* a link of another application */
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s/dokumen/%lld", other, link), NULL, tok_a, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s/dokumen/%lld", kode, link), NULL, tok_a, &status);
	assert_int_equal(status, 204);
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s/dokumen/%lld", kode, link), NULL, tok_a, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	json_decref(up);
	free(kode);
	free(other);
}

static void test_bad_berkas_404(void **st)
{
	static const char *const paths[] = {
		"/api/v1/dokumen/0/berkas", "/api/v1/dokumen/abc/berkas", "/api/v1/dokumen/99999999/berkas",
		"/api/v1/dokumen/99999999/berkas?thumb=1",
	};
	long status;
	size_t i;
	json_t *j;

	(void)st;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		j = api_json(&S, "GET", paths[i], NULL, tok_a, &status);
		assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	}
	j = api_json(&S, "GET", "/api/v1/dokumen/1/berkas?thumb=ya", NULL, tok_a, &status);
	assert_true(api_error_is(j, status, 400, "permintaan_tidak_sah"));
}

/* ---- sending ---------------------------------------------------------------- */

static void test_kirim_flow(void **st)
{
	char *kode = create(tok_a);
	json_t *j, *up;
	long long link;
	char subject[80];
	long status;

	(void)st;
	/* nothing uploaded: both required documents are listed */
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", json_true()),
		     tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "belum_lengkap");
	assert_non_null(field_msg(j, "dokumen." DOC_KK));
	assert_non_null(field_msg(j, "dokumen." DOC_KTP));
	assert_int_equal(nfields(j), 2);
	json_decref(j);

	json_decref(upload(tok_a, kode, DOC_KK));
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", json_true()),
		     tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "belum_lengkap");
	assert_null(field_msg(j, "dokumen." DOC_KK));
	assert_non_null(field_msg(j, "dokumen." DOC_KTP));
	assert_int_equal(nfields(j), 1);
	json_decref(j);

	up = upload(tok_a, kode, DOC_KTP);
	link = jint(up, "id");
	json_decref(up);
	/* consent must be JSON true */
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", NULL),
		     tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "belum_lengkap");
	assert_non_null(field_msg(j, "setuju"));
	assert_int_equal(nfields(j), 1);
	json_decref(j);
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", json_string("true")),
		     tok_a,
			 &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "belum_lengkap");
	assert_non_null(field_msg(j, "setuju"));
	json_decref(j);
	/* Sinkronisasi Data hands over no document: no delivery choice is
	 * asked (a service that does: test_pengajuan_tampilan) */
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode), NULL, tok_a, &status);
	assert_true(api_error_is(j, status, 400, "permintaan_tidak_sah"));
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DRAFT'", kode), 1);

	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode), kirim_body("ambil_kantor", json_true()),
		     tok_a, &status);
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "kode"), kode);
	assert_string_equal(jstr(j, "status"), "DIKIRIM");
	assert_true(json_is_null(json_object_get(j, "pilihan_dokumen_jadi")));
	assert_true(json_is_false(json_object_get(j, "dapat_diedit")));
	assert_true(jint(j, "dikirim_at") > 0);
	json_decref(j);
	/* the applicant is told, by WhatsApp and e-mail */
	snprintf(subject, sizeof subject, "Pengajuan %s telah dikirim", kode);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND recipient = '%s'"
				    " AND subject = '%s'", HP, subject), 1);
	{
		char *link_url = outbox_link(&S, pathf("/pengajuan/%s", kode));

		assert_non_null(link_url);
		free(link_url);
	}

	/* locked now */
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode), app_body(NIK_A, "Siti Aminah"), tok_a, &status);
	assert_int_equal(status, 409);
	assert_string_equal(err_code(j), "status_tidak_sesuai");
	assert_string_equal(err_msg(j), MSG_EDIT_STATE);
	json_decref(j);
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_true(api_error_is(j, status, 409, "status_tidak_sesuai"));
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", json_true()),
		     tok_a, &status);
	assert_true(api_error_is(j, status, 409, "status_tidak_sesuai"));
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", kode),
		     json_pack("{s:s, s:i}", "jenis", DOC_KK, "dokumen_id", 1),
			 tok_a, &status);
	assert_true(api_error_is(j, status, 409, "status_tidak_sesuai"));
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s/dokumen/%lld", kode, link), NULL, tok_a, &status);
	assert_true(api_error_is(j, status, 409, "status_tidak_sesuai"));
	/* a bad body changes nothing either: still 409 first */
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode), json_pack("{s:b}", "nik", 1), tok_a, &status);
	assert_true(api_error_is(j, status, 409, "status_tidak_sesuai"));
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DIKIRIM'", kode), 1);
	free(kode);
}

/* ---- ownership -------------------------------------------------------------- */

static void test_bad_other_applicant_gets_404(void **st)
{
	char *kode = create(tok_a), *before, *after;
	json_t *up = upload(tok_a, kode, DOC_KK), *j;
	long long link = jint(up, "id"), dok = jint(up, "dokumen_id");
	char *mine = create_with(tok_b, app_body(NIK_B, "Ahmad Fauzi"));
	const struct part parts[] = {
		{ "jenis", DOC_KTP, 0, NULL, NULL },
		{ "file", (const char *)jpeg_24x16, jpeg_24x16_len, "ktp.jpg", "image/jpeg" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	struct resp r;
	long status;

	(void)st;
	assert_int_equal(srv_db_exec(&S, "INSERT INTO chat (pengajuan_id, dari, isi, created_at)"
				     " SELECT id, 'pemohon', 'Pesan rahasia A', 1 FROM pengajuan WHERE kode = '%s'", kode), 0);
	before = srv_db_text(&S, "SELECT nama || status || updated_at FROM pengajuan WHERE kode = '%s'", kode);

	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode), app_body(NIK_B, "Ahmad Fauzi"), tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode), json_pack("{s:b}", "nik", 1), tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s", kode), NULL, tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", json_true()),
		     tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_multipart(&S, pathf("/api/v1/pengajuan/%s/dokumen", kode), parts, tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", kode),
		     json_pack("{s:s, s:I}", "jenis", DOC_KTP, "dokumen_id", dok),
			 tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "DELETE", pathf("/api/v1/pengajuan/%s/dokumen/%lld", kode, link), NULL, tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s/chat", kode), NULL, tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"),
		     tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "GET", pathf("/api/v1/dokumen/%lld/berkas", dok), NULL, tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "GET", pathf("/api/v1/dokumen/%lld/berkas?thumb=1", dok), NULL, tok_b, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	/* A's file cannot be linked to B's own application either */
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/dokumen", mine),
		     json_pack("{s:s, s:I}", "jenis", DOC_KTP, "dokumen_id", dok),
			 tok_b, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "dokumen_id"));
	json_decref(j);
	/* nor seen in B's library or list */
	assert_int_equal(bearer_request(&S, "GET", "/api/v1/dokumen", NULL, NULL, 0, tok_b, &r), 0);
	assert_int_equal(r.status, 200);
	assert_false(resp_has(&r, pathf("\"id\":%lld,", dok)));
	resp_free(&r);
	assert_int_equal(bearer_request(&S, "GET", "/api/v1/pengajuan", NULL, NULL, 0, tok_b, &r), 0);
	assert_false(resp_has(&r, kode));
	resp_free(&r);

	/* and A's application is untouched */
	after = srv_db_text(&S, "SELECT nama || status || updated_at FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(before, after);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM chat c JOIN pengajuan p ON p.id = c.pengajuan_id"
				    " WHERE p.kode = '%s'", kode), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen d JOIN pengajuan p ON p.id = d.pengajuan_id"
				    " WHERE p.kode = '%s'", kode), 1);
	assert_int_equal(bearer_request(&S, "GET", pathf("/api/v1/dokumen/%lld/berkas", dok), NULL, NULL, 0,
					tok_a, &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	free(before);
	free(after);
	json_decref(up);
	free(kode);
	free(mine);
}

/* ---- chat ------------------------------------------------------------------- */

static void test_chat_both_ways(void **st)
{
	char *kode = create(tok_a);
	json_t *j, *m, *rows;
	long long audits;
	long status;

	(void)st;
	mark_sent(kode);
	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s/chat", kode), NULL, tok_a, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 0);
	json_decref(j);

	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode),
		     json_pack("{s:s}", "isi", "  Kapan diproses?  "), tok_a,
			 &status);
	assert_int_equal(status, 201);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 1);
	m = json_array_get(json_object_get(j, "chat"), 0);
	assert_string_equal(jstr(m, "dari"), "pemohon");
	assert_string_equal(jstr(m, "isi"), "Kapan diproses?");
	assert_true(jint(m, "id") > 0);
	assert_true(jint(m, "waktu") > 0);
	json_decref(j);

	audits = srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.chat'");
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/chat", kode),
		     json_pack("{s:s}", "isi", "Mohon unggah KTP-el."), tok_op,
			 &status);
	assert_int_equal(status, 201);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 2);
	m = json_array_get(json_object_get(j, "chat"), 1);
	assert_string_equal(jstr(m, "dari"), "staf");
	json_decref(j);
	/* an officer's action on a record is audited */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.chat'"), audits + 1);

	/* unread until the applicant reads the chat */
	j = list(tok_a, pathf("?kode=%s", kode), 1);
	rows = json_object_get(j, "pengajuan");
	assert_int_equal(jint(json_array_get(rows, 0), "chat_belum_dibaca"), 1);
	json_decref(j);
	j = detail(tok_a, kode);
	assert_int_equal(jint(j, "chat_belum_dibaca"), 1);
	json_decref(j);

	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s/chat", kode), NULL, tok_a, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 2);
	m = json_array_get(json_object_get(j, "chat"), 1);
	assert_string_equal(jstr(m, "isi"), "Mohon unggah KTP-el.");
	/* officers speak for the office */
	assert_string_equal(jstr(m, "nama"), "Petugas Dinas");
	json_decref(j);
	j = detail(tok_a, kode);
	assert_int_equal(jint(j, "chat_belum_dibaca"), 0);
	json_decref(j);
	free(kode);
}

static void test_chat_whatsapp_throttled(void **st)
{
	char *kode = create(tok_a);
	const char *like = pathf("%%/pengajuan/%s#chat%%", kode);
	const char *marker = pathf("/pengajuan/%s#chat", kode);
	long status;
	json_t *j;
	int i;

	(void)st;
	mark_sent(kode);
	for (i = 0; i < 2; i++) {
		j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/chat", kode),
			     json_pack("{s:s}", "isi", "Pesan petugas."),
				 i ? tok_adm : tok_ver, &status);
		assert_int_equal(status, 201);
		json_decref(j);
	}
	/* two officer messages within the window: one WhatsApp notice */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND recipient = '%s'"
				    " AND body LIKE '%s'", HP, like), 1);
	assert_int_equal(lines_with(marker), 1);
	/* the applicant's own messages never notify */
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Baik."),
		     tok_a, &status);
	assert_int_equal(status, 201);
	json_decref(j);
	/* once the window has passed, the next officer message notifies again */
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET chat_wa_at = chat_wa_at - 601 WHERE kode = '%s'", kode), 0);
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/chat", kode),
		     json_pack("{s:s}", "isi", "Sudah kami terima."), tok_op,
			 &status);
	assert_int_equal(status, 201);
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND body LIKE '%s'", like), 2);
	assert_int_equal(lines_with(marker), 2);
	free(kode);
}

static void test_bad_chat_message(void **st)
{
	char *kode = create(tok_a);
	char *longer = malloc(2002);
	long status;
	json_t *j;

	(void)st;
	mark_sent(kode);
	memset(longer, 'a', 2001);
	longer[2001] = '\0';
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", " \n "),
		     tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isi"));
	json_decref(j);
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:i}", "isi", 5),
		     tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isi"));
	json_decref(j);
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", longer),
		     tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isi"));
	json_decref(j);
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/chat", kode), json_object(), tok_op, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isi"));
	json_decref(j);
	j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode), NULL, tok_a, &status);
	assert_true(api_error_is(j, status, 400, "permintaan_tidak_sah"));
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM chat c JOIN pengajuan p ON p.id = c.pengajuan_id"
				    " WHERE p.kode = '%s'", kode), 0);
	free(longer);
	free(kode);
}

static void test_bad_staff_chat_access(void **st)
{
	char *kode = create(tok_a);
	long status;
	json_t *j;

	(void)st;
	/* officers see no drafts */
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"),
		     tok_op, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	mark_sent(kode);
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"),
		     NULL, &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"),
		     "salah", &status);
	assert_true(api_error_is(j, status, 401, "perlu_login"));
	/* an applicant, and a signer without another role */
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"),
		     tok_a, &status);
	assert_non_null(strstr(err_msg(j), "tidak memiliki akses"));
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	j = api_json(&S, "POST", pathf("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"),
		     tok_ttd, &status);
	assert_true(api_error_is(j, status, 403, "akses_ditolak"));
	/* unknown or malformed codes */
	j = api_json(&S, "POST", "/api/v1/staf/pengajuan/SND33269999/chat", json_pack("{s:s}", "isi", "Halo"),
		     tok_op, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	j = api_json(&S, "POST", "/api/v1/staf/pengajuan/snd1/chat", json_pack("{s:s}", "isi", "Halo"),
		     tok_op, &status);
	assert_true(api_error_is(j, status, 404, "tidak_ditemukan"));
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM chat c JOIN pengajuan p ON p.id = c.pengajuan_id"
				    " WHERE p.kode = '%s'", kode), 0);
	free(kode);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_every_route_needs_applicant_token_401),
		cmocka_unit_test(test_create_201_draft),
		cmocka_unit_test(test_create_isian_number_as_text),
		cmocka_unit_test(test_bad_create_missing_fields),
		cmocka_unit_test(test_bad_create_invalid_fields),
		cmocka_unit_test(test_bad_create_unknown_layanan),
		cmocka_unit_test(test_bad_create_isian_wrong_type),
		cmocka_unit_test(test_bad_create_group_only_403),
		cmocka_unit_test(test_bad_create_without_json_body),
		cmocka_unit_test(test_list_filters),
		cmocka_unit_test(test_bad_list_params),
		cmocka_unit_test(test_bad_detail_unknown_or_malformed_404),
		cmocka_unit_test(test_update_200),
		cmocka_unit_test(test_bad_update_invalid),
		cmocka_unit_test(test_delete_204),
		cmocka_unit_test(test_upload_multipart_and_library),
		cmocka_unit_test(test_bad_upload_refused_file),
		cmocka_unit_test(test_bad_upload_too_large_413),
		cmocka_unit_test(test_reuse_library_document),
		cmocka_unit_test(test_bad_reuse_library_document),
		cmocka_unit_test(test_delete_document_204),
		cmocka_unit_test(test_bad_delete_document_404),
		cmocka_unit_test(test_bad_berkas_404),
		cmocka_unit_test(test_kirim_flow),
		cmocka_unit_test(test_bad_other_applicant_gets_404),
		cmocka_unit_test(test_chat_both_ways),
		cmocka_unit_test(test_chat_whatsapp_throttled),
		cmocka_unit_test(test_bad_chat_message),
		cmocka_unit_test(test_bad_staff_chat_access),
	};

	return cmocka_run_group_tests_name("http_api_pengajuan", tests, setup, teardown);
}
