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

/* A 24x16 baseline JPEG (vips jpegsave --strip). */
static const unsigned char JPEG[] = {
	0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x0a, 0x07, 0x07, 0x08, 0x07,
	0x06, 0x0a, 0x08, 0x08, 0x08, 0x0b, 0x0a, 0x0a, 0x0b, 0x0e, 0x18, 0x10,
	0x0e, 0x0d, 0x0d, 0x0e, 0x1d, 0x15, 0x16, 0x11, 0x18, 0x23, 0x1f, 0x25,
	0x24, 0x22, 0x1f, 0x22, 0x21, 0x26, 0x2b, 0x37, 0x2f, 0x26, 0x29, 0x34,
	0x29, 0x21, 0x22, 0x30, 0x41, 0x31, 0x34, 0x39, 0x3b, 0x3e, 0x3e, 0x3e,
	0x25, 0x2e, 0x44, 0x49, 0x43, 0x3c, 0x48, 0x37, 0x3d, 0x3e, 0x3b, 0xff,
	0xdb, 0x00, 0x43, 0x01, 0x0a, 0x0b, 0x0b, 0x0e, 0x0d, 0x0e, 0x1c, 0x10,
	0x10, 0x1c, 0x3b, 0x28, 0x22, 0x28, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b,
	0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b,
	0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b,
	0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b,
	0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0x3b, 0xff, 0xc0, 0x00, 0x11,
	0x08, 0x00, 0x10, 0x00, 0x18, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01,
	0x03, 0x11, 0x01, 0xff, 0xc4, 0x00, 0x1f, 0x00, 0x00, 0x01, 0x05, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0xff, 0xc4, 0x00, 0xb5, 0x10, 0x00, 0x02, 0x01, 0x03, 0x03, 0x02, 0x04,
	0x03, 0x05, 0x05, 0x04, 0x04, 0x00, 0x00, 0x01, 0x7d, 0x01, 0x02, 0x03,
	0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61,
	0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1,
	0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a,
	0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34,
	0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
	0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64,
	0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78,
	0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93,
	0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
	0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9,
	0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3,
	0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5,
	0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	0xf8, 0xf9, 0xfa, 0xff, 0xc4, 0x00, 0x1f, 0x01, 0x00, 0x03, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0xff, 0xc4, 0x00, 0xb5, 0x11, 0x00, 0x02, 0x01, 0x02, 0x04, 0x04, 0x03,
	0x04, 0x07, 0x05, 0x04, 0x04, 0x00, 0x01, 0x02, 0x77, 0x00, 0x01, 0x02,
	0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61,
	0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1,
	0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24,
	0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29,
	0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63,
	0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a,
	0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4,
	0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
	0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4,
	0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	0xf8, 0xf9, 0xfa, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11,
	0x03, 0x11, 0x00, 0x3f, 0x00, 0xf6, 0x6a, 0x28, 0xa2, 0x80, 0x0a, 0x28,
	0xa2, 0x80, 0x3f, 0xff, 0xd9
};

/* ---- helpers ------------------------------------------------------------ */

/* A path built printf-style, in one of a few rotating buffers. */
static const char *P(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static const char *P(const char *fmt, ...)
{
	static char buf[8][256];
	static int slot;
	char *b = buf[slot++ % 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof buf[0], fmt, ap);
	va_end(ap);
	return b;
}

/* One API call; body (may be NULL) is consumed. Returns the parsed answer,
 * NULL for an empty body (204); every non-empty answer must be JSON. */
static json_t *api(const char *method, const char *path, json_t *body, const char *bearer, long *status)
{
	struct client *c = client_new(&S);
	char *txt = body ? json_dumps(body, JSON_COMPACT) : NULL;
	struct resp r;
	json_t *j = NULL;

	json_decref(body);
	assert_int_equal(client_json(c, method, path, txt, bearer, &r), 0);
	*status = r.status;
	if (r.len) {
		char *ct = resp_header(&r, "Content-Type");

		j = json_loads(r.body, 0, NULL);
		assert_non_null(j);
		assert_non_null(ct);
		assert_non_null(strstr(ct, "application/json"));
		free(ct);
	}
	free(txt);
	resp_free(&r);
	client_free(c);
	return j;
}

/* A raw request with a bearer token (binary answers); caller frees out. */
static void raw(const char *method, const char *path, const char *ctype, const char *body, size_t len,
		const char *bearer, struct resp *out)
{
	struct client *c = client_new(&S);
	char auth[128];
	const char *hdrs[] = { auth, NULL };

	snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer ? bearer : "-");
	assert_int_equal(client_request(c, method, path, ctype, body, len, hdrs, out), 0);
	client_free(c);
}

/* A multipart POST with a bearer token; the answer parsed (NULL: empty). */
static json_t *multipart(const char *path, const struct part *parts, const char *bearer, long *status)
{
	struct client *c = client_new(&S);
	char auth[128];
	const char *hdrs[] = { auth, NULL };
	struct resp r;
	json_t *j = NULL;

	snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer);
	client_set_headers(c, hdrs);
	assert_int_equal(client_multipart(c, path, parts, &r), 0);
	*status = r.status;
	if (r.len) {
		j = json_loads(r.body, 0, NULL);
		assert_non_null(j);
	}
	resp_free(&r);
	client_free(c);
	return j;
}

static const char *str(const json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

static long long num(const json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

/* Asserts status, error code and a non-empty message; frees j. */
static void expect_error(json_t *j, long status, long want, const char *code)
{
	assert_int_equal(status, want);
	assert_non_null(j);
	assert_non_null(err_code(j));
	assert_string_equal(err_code(j), code);
	assert_non_null(err_msg(j));
	assert_true(strlen(err_msg(j)) > 10);
	json_decref(j);
}

static long long count(const char *sql)
{
	return srv_db_int(&S, "%s", sql);
}

static long long apps(void)
{
	return count("SELECT COUNT(*) FROM pengajuan");
}

/* The answer of "Berapa A ditambah|dikurangi|dikali B ?". */
static int solve(const char *q)
{
	int a, b;
	char op[16];

	assert_non_null(q);
	assert_int_equal(sscanf(q, "Berapa %d %15s %d ?", &a, op, &b), 3);
	if (!strcmp(op, "ditambah"))
		return a + b;
	if (!strcmp(op, "dikurangi"))
		return a - b;
	assert_string_equal(op, "dikali");
	return a * b;
}

/* Applicant token through POST /sesi (caller frees). */
static char *login_api(const char *nik)
{
	long st;
	json_t *c = api("GET", "/api/v1/captcha", NULL, NULL, &st), *j;
	char *t;

	assert_int_equal(st, 200);
	j = api("POST", "/api/v1/sesi",
		json_pack("{s:s, s:s, s:s, s:i}", "nik", nik, "password", PW, "captcha_id", str(c, "id"),
			  "captcha_jawaban", solve(str(c, "question"))),
		NULL, &st);
	json_decref(c);
	assert_int_equal(st, 201);
	t = strdup(str(j, "token"));
	json_decref(j);
	return t;
}

/* An active applicant (registered on the page, activated in storage) and
 * their API token. */
static char *applicant(const char *nik)
{
	struct client *c = client_new(&S);

	assert_int_equal(pemohon_active(&S, c, nik, PW), 0);
	client_free(c);
	return login_api(nik);
}

static char *staff_token(const char *user, const char *roles)
{
	char *pw = srv_admin_add(&S, user, roles), *t;
	long st;
	json_t *j;

	assert_non_null(pw);
	/* the API refuses one-time passwords: pretend it was changed */
	assert_int_equal(srv_db_exec(&S, "UPDATE staf SET ganti_password = 0 WHERE username = '%s'", user), 0);
	j = api("POST", "/api/v1/staf/sesi", json_pack("{s:s, s:s}", "username", user, "password", pw), NULL, &st);
	assert_int_equal(st, 201);
	t = strdup(str(j, "token"));
	json_decref(j);
	free(pw);
	return t;
}

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
	long st;
	json_t *j = api("POST", "/api/v1/pengajuan", body, tok, &st);
	char *k;

	assert_int_equal(st, 201);
	assert_non_null(str(j, "kode"));
	assert_string_equal(str(j, "status"), "DRAFT");
	k = strdup(str(j, "kode"));
	json_decref(j);
	return k;
}

static char *create(const char *tok)
{
	return create_with(tok, app_body(NIK_A, "Siti Aminah"));
}

static json_t *detail(const char *tok, const char *kode)
{
	long st;
	json_t *j = api("GET", P("/api/v1/pengajuan/%s", kode), NULL, tok, &st);

	assert_int_equal(st, 200);
	return j;
}

/* Uploads the test JPEG as jenis; returns the answer (link entry). */
static json_t *upload(const char *tok, const char *kode, const char *jenis)
{
	const struct part parts[] = {
		{ "jenis", jenis, 0, NULL, NULL },
		{ "tanggal", "2024-01-15", 0, NULL, NULL },
		{ "lembar", "1", 0, NULL, NULL },
		{ "keterangan", "Halaman depan", 0, NULL, NULL },
		{ "file", (const char *)JPEG, sizeof JPEG, "kk.jpg", "image/jpeg" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	long st;
	json_t *j = multipart(P("/api/v1/pengajuan/%s/dokumen", kode), parts, tok, &st);

	assert_int_equal(st, 201);
	assert_true(num(j, "id") > 0);
	assert_true(num(j, "dokumen_id") > 0);
	return j;
}

/* The files linked to jenis in a detail answer. */
static json_t *files_of(const json_t *d, const char *jenis)
{
	json_t *types = json_object_get(d, "dokumen"), *t;
	size_t i;

	json_array_foreach(types, i, t)
		if (!strcmp(str(t, "kode"), jenis))
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
	long long queued = count("SELECT COUNT(*) FROM outbox");
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
	tok_a = applicant(NIK_A);
	tok_b = applicant(NIK_B);
	tok_ver = staff_token("ver1", "verifikator");
	tok_op = staff_token("op1", "operator");
	tok_ttd = staff_token("ttd1", "penandatangan");
	tok_adm = staff_token("adm1", "admin");
	return 0;
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
			json_t *j = api(routes[i][0], routes[i][1], has_body ? json_object() : NULL, tokens[k], &status);

			expect_error(j, status, 401, "perlu_login");
		}
}

/* ---- create --------------------------------------------------------------- */

static void test_create_201_draft(void **st)
{
	long long before = apps();
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
	assert_int_equal(apps(), before + 1);
	hp = srv_db_text(&S, "SELECT no_hp FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(hp, HP);
	free(hp);

	j = api("GET", P("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_int_equal(status, 200);
	assert_string_equal(str(j, "kode"), kode);
	assert_string_equal(str(j, "status"), "DRAFT");
	assert_null(json_object_get(j, "id"));
	assert_string_equal(str(j, "nik"), NIK_A);
	assert_string_equal(str(j, "nama"), "Siti Aminah");
	assert_string_equal(str(j, "email"), "siti@example.com");
	/* the account's KK number is not editable here: masked */
	assert_string_equal(str(j, "no_kk"), "3326********0009");
	assert_string_equal(str(json_object_get(j, "layanan"), "kode"), SVC);
	assert_string_equal(str(json_array_get(json_object_get(j, "isian"), 0), "kode"), ISIAN);
	assert_string_equal(str(json_array_get(json_object_get(j, "isian"), 0), "nilai"),
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
	assert_string_equal(str(json_array_get(json_object_get(d, "isian"), 0), "nilai"), "12345");
	json_decref(d);
	free(kode);
}

static void test_bad_create_missing_fields(void **st)
{
	long long before = apps();
	long status;
	json_t *j;

	(void)st;
	j = api("POST", "/api/v1/pengajuan", json_pack("{s:s}", "layanan", SVC), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "nik"));
	assert_non_null(field_msg(j, "nama"));
	assert_non_null(field_msg(j, "detail"));
	assert_non_null(field_msg(j, "isian." ISIAN));
	assert_non_null(strstr(field_msg(j, "isian." ISIAN), "wajib diisi"));
	json_decref(j);
	assert_int_equal(apps(), before);
}

static void test_bad_create_invalid_fields(void **st)
{
	long long before = apps();
	json_t *b = app_body("3326071505900000", "Siti 4minah"), *j;
	long status;

	(void)st;
	j = api("POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "nik"));
	assert_non_null(field_msg(j, "nama"));
	assert_int_equal(nfields(j), 2);
	json_decref(j);
	/* a number where text is expected */
	b = app_body(NIK_A, "Siti Aminah");
	json_object_set_new(b, "nik", json_integer(3326071505900001LL));
	j = api("POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "nik"));
	json_decref(j);
	assert_int_equal(apps(), before);
}

static void test_bad_create_unknown_layanan(void **st)
{
	long long before = apps();
	json_t *b = app_body(NIK_A, "Siti Aminah"), *j;
	long status;

	(void)st;
	json_object_set_new(b, "layanan", json_string("tidak-ada"));
	j = api("POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "layanan"));
	assert_int_equal(nfields(j), 1);
	json_decref(j);
	b = app_body(NIK_A, "Siti Aminah");
	json_object_del(b, "layanan");
	j = api("POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "layanan"));
	json_decref(j);
	assert_int_equal(apps(), before);
}

static void test_bad_create_isian_wrong_type(void **st)
{
	json_t *const wrong[] = { json_true(), json_pack("[s]", "a"), json_pack("{s:s}", "a", "b") };
	long long before = apps();
	json_t *b, *j;
	long status;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		b = app_body(NIK_A, "Siti Aminah");
		json_object_set_new(json_object_get(b, "isian"), ISIAN, wrong[i]);
		j = api("POST", "/api/v1/pengajuan", b, tok_a, &status);
		assert_int_equal(status, 422);
		assert_string_equal(err_code(j), "data_tidak_valid");
		assert_non_null(field_msg(j, "isian." ISIAN));
		assert_non_null(strstr(field_msg(j, "isian." ISIAN), "teks atau angka"));
		json_decref(j);
	}
	/* isian itself must be an object */
	b = app_body(NIK_A, "Siti Aminah");
	json_object_set_new(b, "isian", json_string("x"));
	j = api("POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isian"));
	json_decref(j);
	assert_int_equal(apps(), before);
}

static void test_bad_create_unavailable_409(void **st)
{
	long long before = apps();
	char *nama = srv_db_text(&S, "SELECT nama FROM layanan WHERE kode = '%s'", SVC_GROUP);
	json_t *b = app_body(NIK_A, "Siti Aminah"), *j;
	char msg[200];
	long status;

	(void)st;
	assert_non_null(nama);
	json_object_set_new(b, "layanan", json_string(SVC_GROUP));
	j = api("POST", "/api/v1/pengajuan", b, tok_a, &status);
	assert_int_equal(status, 409);
	assert_string_equal(err_code(j), "layanan_tidak_tersedia");
	snprintf(msg, sizeof msg, "Pengajuan %s belum tersedia.", nama);
	assert_string_equal(err_msg(j), msg);
	assert_non_null(str(json_object_get(j, "error"), "alasan"));
	assert_non_null(strstr(str(json_object_get(j, "error"), "alasan"), "khusus"));
	json_decref(j);
	free(nama);
	assert_int_equal(apps(), before);
}

static void test_bad_create_without_json_body(void **st)
{
	long long before = apps();
	struct resp r;

	(void)st;
	raw("POST", "/api/v1/pengajuan", "application/x-www-form-urlencoded", "layanan=" SVC, strlen("layanan=" SVC), tok_a,
	    &r);
	assert_int_equal(r.status, 400);
	assert_true(resp_has(&r, "permintaan_tidak_sah"));
	resp_free(&r);
	raw("POST", "/api/v1/pengajuan", "application/json", "{\"layanan\":", 11, tok_a, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	assert_int_equal(apps(), before);
}

/* ---- list ----------------------------------------------------------------- */

static json_t *list(const char *tok, const char *query, long want_total)
{
	long status;
	json_t *j = api("GET", P("/api/v1/pengajuan%s", query), NULL, tok, &status);

	assert_int_equal(status, 200);
	assert_true(json_is_array(json_object_get(j, "pengajuan")));
	if (want_total >= 0) {
		assert_int_equal(num(j, "total"), want_total);
		if (num(j, "halaman") == 1)
			assert_int_equal(json_array_size(json_object_get(j, "pengajuan")), (size_t)want_total);
	}
	return j;
}

static void test_list_filters(void **st)
{
	char *tok = applicant("3326075506920003");
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
	assert_int_equal(num(j, "halaman"), 1);
	/* newest first, NIK masked, never in full */
	row = json_array_get(json_object_get(j, "pengajuan"), 0);
	assert_string_equal(str(row, "kode"), k3);
	assert_string_equal(str(row, "nik"), "3326********0003");
	assert_string_equal(str(row, "layanan_kode"), SVC_KK);
	assert_string_equal(str(row, "status"), "DRAFT");
	assert_non_null(str(row, "status_label"));
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
	assert_string_equal(str(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k2);
	json_decref(j);
	j = list(tok, "?status=DRAFT", 2);
	json_decref(j);
	j = list(tok, P("?kode=%s", k1), 1);
	assert_string_equal(str(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k1);
	json_decref(j);
	j = list(tok, "?nik=3326072001850002", 1);
	assert_string_equal(str(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k2);
	json_decref(j);
	j = list(tok, "?nama=lestari", 1);
	assert_string_equal(str(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k2);
	json_decref(j);
	j = list(tok, "?layanan=" SVC "&status=DRAFT", 1);
	assert_string_equal(str(json_array_get(json_object_get(j, "pengajuan"), 0), "kode"), k1);
	json_decref(j);
	/* past the last page: empty, total still counted */
	j = list(tok, "?halaman=2", 3);
	assert_int_equal(num(j, "halaman"), 2);
	assert_int_equal(json_array_size(json_object_get(j, "pengajuan")), 0);
	json_decref(j);
	/* another applicant's list does not hold them */
	j = list(tok_b, P("?kode=%s", k1), 0);
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
		json_t *j = api("GET", P("/api/v1/pengajuan%s", bad[i][0]), NULL, tok_a, &status);

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
		json_t *j = api("GET", paths[i], NULL, tok_a, &status);

		expect_error(j, status, 404, "tidak_ditemukan");
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
	j = api("PUT", P("/api/v1/pengajuan/%s", kode), b, tok_a, &status);
	assert_int_equal(status, 200);
	assert_string_equal(str(j, "kode"), kode);
	assert_string_equal(str(j, "nama"), "Ahmad Fauzi");
	assert_string_equal(str(j, "nik"), "3326072001850002");
	assert_string_equal(str(json_object_get(j, "layanan"), "kode"), SVC);
	assert_string_equal(str(json_array_get(json_object_get(j, "isian"), 0), "nilai"), "Data tidak ditemukan di Bank.");
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
	j = api("PUT", P("/api/v1/pengajuan/%s", kode), b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isian." ISIAN));
	json_decref(j);
	b = app_body("33260715", "Ahmad Fauzi");
	j = api("PUT", P("/api/v1/pengajuan/%s", kode), b, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "nik"));
	json_decref(j);
	j = api("PUT", P("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	expect_error(j, status, 400, "permintaan_tidak_sah");
	nama = srv_db_text(&S, "SELECT nama FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(nama, "Siti Aminah");
	free(nama);
	free(kode);
}

static void test_delete_204(void **st)
{
	char *kode = create(tok_a);
	long long before = apps();
	long status;
	json_t *j;

	(void)st;
	json_decref(upload(tok_a, kode, DOC_KK));
	j = api("DELETE", P("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	assert_int_equal(status, 204);
	assert_null(j);
	assert_int_equal(apps(), before - 1);
	j = api("GET", P("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("DELETE", P("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	free(kode);
}

/* ---- documents -------------------------------------------------------------- */

static void test_upload_multipart_and_library(void **st)
{
	char *kode = create(tok_a);
	json_t *up = upload(tok_a, kode, DOC_KK), *d, *files, *lib, *row;
	long long dok = num(up, "dokumen_id");
	struct resp r;
	char *ct;
	long status;
	size_t i;
	int found = 0;

	(void)st;
	assert_string_equal(str(up, "jenis"), DOC_KK);
	assert_string_equal(str(up, "mime"), "image/jpeg");
	assert_string_equal(str(up, "tanggal"), "2024-01-15");
	assert_string_equal(str(up, "keterangan"), "Halaman depan");
	assert_int_equal(num(up, "lembar"), 1);

	d = detail(tok_a, kode);
	files = files_of(d, DOC_KK);
	assert_int_equal(json_array_size(files), 1);
	assert_int_equal(num(json_array_get(files, 0), "id"), num(up, "id"));
	assert_int_equal(json_array_size(files_of(d, DOC_KTP)), 0);
	json_decref(d);

	lib = api("GET", "/api/v1/dokumen", NULL, tok_a, &status);
	assert_int_equal(status, 200);
	json_array_foreach(json_object_get(lib, "dokumen"), i, row)
		if (num(row, "id") == dok) {
			found = 1;
			assert_string_equal(str(row, "mime"), "image/jpeg");
			assert_true(num(row, "ukuran") > 0);
		}
	assert_true(found);
	json_decref(lib);

	raw("GET", P("/api/v1/dokumen/%lld/berkas", dok), NULL, NULL, 0, tok_a, &r);
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

	raw("GET", P("/api/v1/dokumen/%lld/berkas?thumb=1", dok), NULL, NULL, 0, tok_a, &r);
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
	long long before = count("SELECT COUNT(*) FROM dokumen");
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
		{ "file", (const char *)JPEG, sizeof JPEG, "kk.jpg", "image/jpeg" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	const struct part wrong_ext[] = {
		{ "jenis", DOC_KK, 0, NULL, NULL },
		{ "file", (const char *)JPEG, sizeof JPEG, "kk.gif", "image/gif" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	long status;
	json_t *j;

	(void)st;
	j = multipart(P("/api/v1/pengajuan/%s/dokumen", kode), not_image, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "file"));
	assert_true(strlen(field_msg(j, "file")) > 20);
	json_decref(j);
	j = multipart(P("/api/v1/pengajuan/%s/dokumen", kode), wrong_ext, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "file"));
	json_decref(j);
	j = multipart(P("/api/v1/pengajuan/%s/dokumen", kode), no_file, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "file"));
	json_decref(j);
	j = multipart(P("/api/v1/pengajuan/%s/dokumen", kode), bad_jenis, tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "jenis"));
	assert_non_null(field_msg(j, "lembar"));
	json_decref(j);
	assert_int_equal(count("SELECT COUNT(*) FROM dokumen"), before);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen d JOIN pengajuan p ON p.id = d.pengajuan_id"
				    " WHERE p.kode = '%s'", kode), 0);
	free(kode);
}

static void test_bad_upload_too_large_413(void **st)
{
	char *kode = create(tok_a);
	long long before = count("SELECT COUNT(*) FROM dokumen");
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
	memcpy(big, JPEG, sizeof JPEG);
	parts[1].data = big;
	parts[1].len = len;
	j = multipart(P("/api/v1/pengajuan/%s/dokumen", kode), parts, tok_a, &status);
	assert_int_equal(status, 413);
	assert_string_equal(err_code(j), "terlalu_besar");
	assert_non_null(strstr(err_msg(j), "Ukuran file terlalu besar"));
	json_decref(j);
	free(big);
	assert_int_equal(count("SELECT COUNT(*) FROM dokumen"), before);
	free(kode);
}

static void test_reuse_library_document(void **st)
{
	char *k1 = create(tok_a), *k2 = create(tok_a);
	json_t *up = upload(tok_a, k1, DOC_KK), *j, *d;
	long long dok = num(up, "dokumen_id"), docs = count("SELECT COUNT(*) FROM dokumen");
	long status;

	(void)st;
	j = api("POST", P("/api/v1/pengajuan/%s/dokumen", k2), json_pack("{s:s, s:I}", "jenis", DOC_KK, "dokumen_id", dok),
		tok_a, &status);
	assert_int_equal(status, 201);
	assert_true(num(j, "id") > 0);
	assert_int_equal(num(j, "dokumen_id"), dok);
	assert_string_equal(str(j, "jenis"), DOC_KK);
	json_decref(j);
	/* the same file under another type, id given as text */
	j = api("POST", P("/api/v1/pengajuan/%s/dokumen", k2),
		json_pack("{s:s, s:s}", "jenis", DOC_KTP, "dokumen_id", P("%lld", dok)), tok_a, &status);
	assert_int_equal(status, 201);
	json_decref(j);
	/* no new file in the library */
	assert_int_equal(count("SELECT COUNT(*) FROM dokumen"), docs);
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
	long long dok = num(up, "dokumen_id");
	long status;

	(void)st;
	/* already there */
	j = api("POST", P("/api/v1/pengajuan/%s/dokumen", kode), json_pack("{s:s, s:I}", "jenis", DOC_KK, "dokumen_id", dok),
		tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "dokumen_id"));
	json_decref(j);
	/* unknown file, malformed id, unknown type */
	j = api("POST", P("/api/v1/pengajuan/%s/dokumen", kode),
		json_pack("{s:s, s:I}", "jenis", DOC_KTP, "dokumen_id", (json_int_t)999999), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "dokumen_id"));
	json_decref(j);
	j = api("POST", P("/api/v1/pengajuan/%s/dokumen", kode),
		json_pack("{s:s, s:s}", "jenis", DOC_KTP, "dokumen_id", "1x"), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "dokumen_id"));
	json_decref(j);
	j = api("POST", P("/api/v1/pengajuan/%s/dokumen", kode),
		json_pack("{s:s, s:I}", "jenis", "akta-nikah", "dokumen_id", dok), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "jenis"));
	json_decref(j);
	/* neither multipart nor JSON */
	{
		struct resp r;

		raw("POST", P("/api/v1/pengajuan/%s/dokumen", kode), "text/plain", "x", 1, tok_a, &r);
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
	long long link = num(up, "id"), dok = num(up, "dokumen_id");
	long status;
	size_t i;
	json_t *row;
	int found = 0;

	(void)st;
	j = api("DELETE", P("/api/v1/pengajuan/%s/dokumen/%lld", kode, link), NULL, tok_a, &status);
	assert_int_equal(status, 204);
	assert_null(j);
	d = detail(tok_a, kode);
	assert_int_equal(json_array_size(files_of(d, DOC_KK)), 0);
	json_decref(d);
	/* the library keeps the file */
	lib = api("GET", "/api/v1/dokumen", NULL, tok_a, &status);
	json_array_foreach(json_object_get(lib, "dokumen"), i, row)
		found |= num(row, "id") == dok;
	assert_true(found);
	json_decref(lib);
	json_decref(up);
	free(kode);
}

static void test_bad_delete_document_404(void **st)
{
	char *kode = create(tok_a), *other = create(tok_a);
	json_t *up = upload(tok_a, kode, DOC_KK), *j;
	long long link = num(up, "id");
	static const char *const bad_ids[] = { "0", "abc", "-1", "01", "99999999" };
	long status;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
		j = api("DELETE", P("/api/v1/pengajuan/%s/dokumen/%s", kode, bad_ids[i]), NULL, tok_a, &status);
		expect_error(j, status, 404, "tidak_ditemukan");
	}
	/* a link of another application */
	j = api("DELETE", P("/api/v1/pengajuan/%s/dokumen/%lld", other, link), NULL, tok_a, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("DELETE", P("/api/v1/pengajuan/%s/dokumen/%lld", kode, link), NULL, tok_a, &status);
	assert_int_equal(status, 204);
	j = api("DELETE", P("/api/v1/pengajuan/%s/dokumen/%lld", kode, link), NULL, tok_a, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
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
		j = api("GET", paths[i], NULL, tok_a, &status);
		expect_error(j, status, 404, "tidak_ditemukan");
	}
	j = api("GET", "/api/v1/dokumen/1/berkas?thumb=ya", NULL, tok_a, &status);
	expect_error(j, status, 400, "permintaan_tidak_sah");
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
	j = api("POST", P("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", json_true()), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "belum_lengkap");
	assert_non_null(field_msg(j, "dokumen." DOC_KK));
	assert_non_null(field_msg(j, "dokumen." DOC_KTP));
	assert_int_equal(nfields(j), 2);
	json_decref(j);

	json_decref(upload(tok_a, kode, DOC_KK));
	j = api("POST", P("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", json_true()), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "belum_lengkap");
	assert_null(field_msg(j, "dokumen." DOC_KK));
	assert_non_null(field_msg(j, "dokumen." DOC_KTP));
	assert_int_equal(nfields(j), 1);
	json_decref(j);

	up = upload(tok_a, kode, DOC_KTP);
	link = num(up, "id");
	json_decref(up);
	/* consent must be JSON true */
	j = api("POST", P("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", NULL), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "belum_lengkap");
	assert_non_null(field_msg(j, "setuju"));
	assert_int_equal(nfields(j), 1);
	json_decref(j);
	j = api("POST", P("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", json_string("true")), tok_a,
		&status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "belum_lengkap");
	assert_non_null(field_msg(j, "setuju"));
	json_decref(j);
	/* a delivery choice is needed */
	j = api("POST", P("/api/v1/pengajuan/%s/kirim", kode), kirim_body("lewat-pos", json_true()), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "belum_lengkap");
	assert_non_null(field_msg(j, "pilihan_dokumen_jadi"));
	json_decref(j);
	j = api("POST", P("/api/v1/pengajuan/%s/kirim", kode), NULL, tok_a, &status);
	expect_error(j, status, 400, "permintaan_tidak_sah");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DRAFT'", kode), 1);

	j = api("POST", P("/api/v1/pengajuan/%s/kirim", kode), kirim_body("ambil_kantor", json_true()), tok_a, &status);
	assert_int_equal(status, 200);
	assert_string_equal(str(j, "kode"), kode);
	assert_string_equal(str(j, "status"), "DIKIRIM");
	assert_string_equal(str(j, "pilihan_dokumen_jadi"), "ambil_kantor");
	assert_true(json_is_false(json_object_get(j, "dapat_diedit")));
	assert_true(num(j, "dikirim_at") > 0);
	json_decref(j);
	/* the applicant is told, by WhatsApp and e-mail */
	snprintf(subject, sizeof subject, "Pengajuan %s telah dikirim", kode);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND recipient = '%s'"
				    " AND subject = '%s'", HP, subject), 1);
	{
		char *link_url = outbox_link(&S, P("/pengajuan/%s", kode));

		assert_non_null(link_url);
		free(link_url);
	}

	/* locked now */
	j = api("PUT", P("/api/v1/pengajuan/%s", kode), app_body(NIK_A, "Siti Aminah"), tok_a, &status);
	assert_int_equal(status, 409);
	assert_string_equal(err_code(j), "status_tidak_sesuai");
	assert_string_equal(err_msg(j), MSG_EDIT_STATE);
	json_decref(j);
	j = api("DELETE", P("/api/v1/pengajuan/%s", kode), NULL, tok_a, &status);
	expect_error(j, status, 409, "status_tidak_sesuai");
	j = api("POST", P("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", json_true()), tok_a, &status);
	expect_error(j, status, 409, "status_tidak_sesuai");
	j = api("POST", P("/api/v1/pengajuan/%s/dokumen", kode), json_pack("{s:s, s:i}", "jenis", DOC_KK, "dokumen_id", 1),
		tok_a, &status);
	expect_error(j, status, 409, "status_tidak_sesuai");
	j = api("DELETE", P("/api/v1/pengajuan/%s/dokumen/%lld", kode, link), NULL, tok_a, &status);
	expect_error(j, status, 409, "status_tidak_sesuai");
	/* a bad body changes nothing either: still 409 first */
	j = api("PUT", P("/api/v1/pengajuan/%s", kode), json_pack("{s:b}", "nik", 1), tok_a, &status);
	expect_error(j, status, 409, "status_tidak_sesuai");
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan WHERE kode = '%s' AND status = 'DIKIRIM'", kode), 1);
	free(kode);
}

/* ---- ownership -------------------------------------------------------------- */

static void test_bad_other_applicant_gets_404(void **st)
{
	char *kode = create(tok_a), *before, *after;
	json_t *up = upload(tok_a, kode, DOC_KK), *j;
	long long link = num(up, "id"), dok = num(up, "dokumen_id");
	char *mine = create_with(tok_b, app_body(NIK_B, "Ahmad Fauzi"));
	const struct part parts[] = {
		{ "jenis", DOC_KTP, 0, NULL, NULL },
		{ "file", (const char *)JPEG, sizeof JPEG, "ktp.jpg", "image/jpeg" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	struct resp r;
	long status;

	(void)st;
	assert_int_equal(srv_db_exec(&S, "INSERT INTO chat (pengajuan_id, dari, isi, created_at)"
				     " SELECT id, 'pemohon', 'Pesan rahasia A', 1 FROM pengajuan WHERE kode = '%s'", kode), 0);
	before = srv_db_text(&S, "SELECT nama || status || updated_at FROM pengajuan WHERE kode = '%s'", kode);

	j = api("GET", P("/api/v1/pengajuan/%s", kode), NULL, tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("PUT", P("/api/v1/pengajuan/%s", kode), app_body(NIK_B, "Ahmad Fauzi"), tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("PUT", P("/api/v1/pengajuan/%s", kode), json_pack("{s:b}", "nik", 1), tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("DELETE", P("/api/v1/pengajuan/%s", kode), NULL, tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("POST", P("/api/v1/pengajuan/%s/kirim", kode), kirim_body("otomatis", json_true()), tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = multipart(P("/api/v1/pengajuan/%s/dokumen", kode), parts, tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("POST", P("/api/v1/pengajuan/%s/dokumen", kode), json_pack("{s:s, s:I}", "jenis", DOC_KTP, "dokumen_id", dok),
		tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("DELETE", P("/api/v1/pengajuan/%s/dokumen/%lld", kode, link), NULL, tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("GET", P("/api/v1/pengajuan/%s/chat", kode), NULL, tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("POST", P("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"), tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("GET", P("/api/v1/dokumen/%lld/berkas", dok), NULL, tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("GET", P("/api/v1/dokumen/%lld/berkas?thumb=1", dok), NULL, tok_b, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	/* A's file cannot be linked to B's own application either */
	j = api("POST", P("/api/v1/pengajuan/%s/dokumen", mine), json_pack("{s:s, s:I}", "jenis", DOC_KTP, "dokumen_id", dok),
		tok_b, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "dokumen_id"));
	json_decref(j);
	/* nor seen in B's library or list */
	raw("GET", "/api/v1/dokumen", NULL, NULL, 0, tok_b, &r);
	assert_int_equal(r.status, 200);
	assert_false(resp_has(&r, P("\"id\":%lld,", dok)));
	resp_free(&r);
	raw("GET", "/api/v1/pengajuan", NULL, NULL, 0, tok_b, &r);
	assert_false(resp_has(&r, kode));
	resp_free(&r);

	/* and A's application is untouched */
	after = srv_db_text(&S, "SELECT nama || status || updated_at FROM pengajuan WHERE kode = '%s'", kode);
	assert_string_equal(before, after);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM chat c JOIN pengajuan p ON p.id = c.pengajuan_id"
				    " WHERE p.kode = '%s'", kode), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengajuan_dokumen d JOIN pengajuan p ON p.id = d.pengajuan_id"
				    " WHERE p.kode = '%s'", kode), 1);
	raw("GET", P("/api/v1/dokumen/%lld/berkas", dok), NULL, NULL, 0, tok_a, &r);
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
	j = api("GET", P("/api/v1/pengajuan/%s/chat", kode), NULL, tok_a, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 0);
	json_decref(j);

	j = api("POST", P("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "  Kapan diproses?  "), tok_a,
		&status);
	assert_int_equal(status, 201);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 1);
	m = json_array_get(json_object_get(j, "chat"), 0);
	assert_string_equal(str(m, "dari"), "pemohon");
	assert_string_equal(str(m, "isi"), "Kapan diproses?");
	assert_true(num(m, "id") > 0);
	assert_true(num(m, "waktu") > 0);
	json_decref(j);

	audits = count("SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.chat'");
	j = api("POST", P("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Mohon unggah KTP-el."), tok_op,
		&status);
	assert_int_equal(status, 201);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 2);
	m = json_array_get(json_object_get(j, "chat"), 1);
	assert_string_equal(str(m, "dari"), "staf");
	json_decref(j);
	/* an officer's action on a record is audited */
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE aksi = 'pengajuan.chat'"), audits + 1);

	/* unread until the applicant reads the chat */
	j = list(tok_a, P("?kode=%s", kode), 1);
	rows = json_object_get(j, "pengajuan");
	assert_int_equal(num(json_array_get(rows, 0), "chat_belum_dibaca"), 1);
	json_decref(j);
	j = detail(tok_a, kode);
	assert_int_equal(num(j, "chat_belum_dibaca"), 1);
	json_decref(j);

	j = api("GET", P("/api/v1/pengajuan/%s/chat", kode), NULL, tok_a, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 2);
	m = json_array_get(json_object_get(j, "chat"), 1);
	assert_string_equal(str(m, "isi"), "Mohon unggah KTP-el.");
	/* officers speak for the office */
	assert_string_equal(str(m, "nama"), "Petugas Dinas");
	json_decref(j);
	j = detail(tok_a, kode);
	assert_int_equal(num(j, "chat_belum_dibaca"), 0);
	json_decref(j);
	free(kode);
}

static void test_chat_whatsapp_throttled(void **st)
{
	char *kode = create(tok_a);
	const char *like = P("%%/pengajuan/%s#chat%%", kode);
	const char *marker = P("/pengajuan/%s#chat", kode);
	long status;
	json_t *j;
	int i;

	(void)st;
	mark_sent(kode);
	for (i = 0; i < 2; i++) {
		j = api("POST", P("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Pesan petugas."),
			i ? tok_adm : tok_ver, &status);
		assert_int_equal(status, 201);
		json_decref(j);
	}
	/* two officer messages within the window: one WhatsApp notice */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND recipient = '%s'"
				    " AND body LIKE '%s'", HP, like), 1);
	assert_int_equal(lines_with(marker), 1);
	/* the applicant's own messages never notify */
	j = api("POST", P("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Baik."), tok_a, &status);
	assert_int_equal(status, 201);
	json_decref(j);
	/* once the window has passed, the next officer message notifies again */
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET chat_wa_at = chat_wa_at - 601 WHERE kode = '%s'", kode), 0);
	j = api("POST", P("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Sudah kami terima."), tok_op,
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
	j = api("POST", P("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", " \n "), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isi"));
	json_decref(j);
	j = api("POST", P("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:i}", "isi", 5), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isi"));
	json_decref(j);
	j = api("POST", P("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", longer), tok_a, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isi"));
	json_decref(j);
	j = api("POST", P("/api/v1/staf/pengajuan/%s/chat", kode), json_object(), tok_op, &status);
	assert_int_equal(status, 422);
	assert_string_equal(err_code(j), "data_tidak_valid");
	assert_non_null(field_msg(j, "isi"));
	json_decref(j);
	j = api("POST", P("/api/v1/pengajuan/%s/chat", kode), NULL, tok_a, &status);
	expect_error(j, status, 400, "permintaan_tidak_sah");
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
	j = api("POST", P("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"), tok_op, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	mark_sent(kode);
	j = api("POST", P("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"), NULL, &status);
	expect_error(j, status, 401, "perlu_login");
	j = api("POST", P("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"), "salah", &status);
	expect_error(j, status, 401, "perlu_login");
	/* an applicant, and a signer without another role */
	j = api("POST", P("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"), tok_a, &status);
	assert_non_null(strstr(err_msg(j), "tidak memiliki akses"));
	expect_error(j, status, 403, "akses_ditolak");
	j = api("POST", P("/api/v1/staf/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"), tok_ttd, &status);
	expect_error(j, status, 403, "akses_ditolak");
	/* unknown or malformed codes */
	j = api("POST", "/api/v1/staf/pengajuan/SND33269999/chat", json_pack("{s:s}", "isi", "Halo"), tok_op, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
	j = api("POST", "/api/v1/staf/pengajuan/snd1/chat", json_pack("{s:s}", "isi", "Halo"), tok_op, &status);
	expect_error(j, status, 404, "tidak_ditemukan");
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
		cmocka_unit_test(test_bad_create_unavailable_409),
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
