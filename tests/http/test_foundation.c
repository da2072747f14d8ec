// SPDX-License-Identifier: MIT
// HTTP foundation: pages, headers, static files, limits, errors, regions API.
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

static int setup(void **st)
{
	(void)st;
	return srv_start(&S, NULL);
}

static int teardown(void **st)
{
	(void)st;
	return srv_stop(&S);
}

static void test_home_has_layout(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	assert_int_equal(client_get(c, "/", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "<html lang=\"id\">"));
	assert_true(resp_has(&r, "Daftar / Login Pemohon"));
	assert_true(resp_has(&r, ">Home</a>"));
	assert_true(resp_has(&r, ">Pemohon</a>"));
	assert_true(resp_has(&r, ">Persyaratan</a>"));
	assert_true(resp_has(&r, ">Formulir</a>"));
	assert_true(resp_has(&r, ">Informasi</a>"));
	assert_true(resp_has(&r, "© Dinas Kependudukan dan Pencatatan Sipil Kabupaten Pekalongan"));
	assert_true(resp_has(&r, "name=\"viewport\""));
	resp_free(&r);
	client_free(c);
}

static void test_security_headers(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	char *csp, *nosniff, *ref, *cache;

	(void)st;
	assert_int_equal(client_get(c, "/", &r), 0);
	csp = resp_header(&r, "Content-Security-Policy");
	nosniff = resp_header(&r, "X-Content-Type-Options");
	ref = resp_header(&r, "Referrer-Policy");
	cache = resp_header(&r, "Cache-Control");
	assert_non_null(csp);
	assert_non_null(strstr(csp, "frame-ancestors 'none'"));
	assert_non_null(strstr(csp, "script-src 'self'"));
	assert_null(strstr(csp, "unsafe-inline"));
	assert_null(strstr(csp, "unsafe-eval"));
	assert_string_equal(nosniff, "nosniff");
	assert_non_null(ref);
	assert_string_equal(cache, "no-store");
	/* no inline script or style in the page itself */
	assert_false(resp_has(&r, "<script>"));
	assert_false(resp_has(&r, " style=\""));
	assert_false(resp_has(&r, " onclick="));
	free(csp);
	free(nosniff);
	free(ref);
	free(cache);
	resp_free(&r);
	client_free(c);
}

static void test_static_etag_and_304(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	char *etag, *cc, *ct, hdr[200];
	const char *h[2] = { hdr, NULL };

	(void)st;
	assert_int_equal(client_get(c, "/static/css/loket.css", &r), 0);
	assert_int_equal(r.status, 200);
	etag = resp_header(&r, "ETag");
	cc = resp_header(&r, "Cache-Control");
	ct = resp_header(&r, "Content-Type");
	assert_non_null(etag);
	assert_non_null(cc);
	assert_non_null(strstr(cc, "max-age="));
	assert_non_null(strstr(ct, "text/css"));
	resp_free(&r);
	snprintf(hdr, sizeof hdr, "If-None-Match: %s", etag);
	assert_int_equal(client_request(c, "GET", "/static/css/loket.css", NULL, NULL, 0, h, &r), 0);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.len, 0);
	resp_free(&r);
	free(etag);
	free(cc);
	free(ct);
	client_free(c);
}

static void test_vendor_bootstrap_served(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	assert_int_equal(client_get(c, "/vendor/bootstrap/css/bootstrap.min.css", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 10000);
	resp_free(&r);
	assert_int_equal(client_get(c, "/vendor/bootstrap/js/bootstrap.bundle.min.js", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(client_get(c, "/vendor/icons/person-circle.svg", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	client_free(c);
}

static void test_404_page(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	assert_int_equal(client_get(c, "/tidak-ada", &r), 0);
	assert_int_equal(r.status, 404);
	assert_true(resp_has(&r, "Halaman tidak ditemukan"));
	assert_true(resp_has(&r, "Kembali ke Home"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/static/../../etc/passwd", &r), 0);
	assert_true(r.status == 404 || r.status == 400);
	assert_false(resp_has(&r, "root:"));
	resp_free(&r);
	client_free(c);
}

static void test_405_page(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	char *allow;

	(void)st;
	assert_int_equal(client_request(c, "DELETE", "/", NULL, NULL, 0, NULL, &r), 0);
	assert_int_equal(r.status, 405);
	allow = resp_header(&r, "Allow");
	assert_non_null(allow);
	assert_non_null(strstr(allow, "GET"));
	assert_true(resp_has(&r, "Metode tidak diizinkan"));
	free(allow);
	resp_free(&r);
	client_free(c);
}

static void test_bad_oversize_body_413(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	size_t n = 2 * 1024 * 1024;
	char *big = malloc(n);

	(void)st;
	memset(big, 'a', n);
	memcpy(big, "x=", 2);
	assert_int_equal(client_request(c, "POST", "/pemohon/daftar", "application/x-www-form-urlencoded",
					big, n, NULL, &r), 0);
	assert_int_equal(r.status, 413);
	resp_free(&r);
	free(big);
	client_free(c);
}

static void test_bad_oversize_header_413(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	size_t n = 20000;
	char *h = malloc(n + 16);
	const char *hs[2] = { h, NULL };

	(void)st;
	strcpy(h, "X-Big: ");
	memset(h + 7, 'b', n);
	h[n + 7] = '\0';
	assert_int_equal(client_request(c, "GET", "/", NULL, NULL, 0, hs, &r), 0);
	assert_true(r.status == 413 || r.status == 400 || r.status == 431);
	resp_free(&r);
	free(h);
	client_free(c);
}

static void test_bad_field_too_long_413(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	/* one byte over the default max_field_len (128 KiB) */
	char *v = malloc(131074);

	(void)st;
	memset(v, 'a', 131073);
	v[131073] = '\0';
	assert_int_equal(client_post(c, "/pemohon/login", &r, "nik", v, NULL), 0);
	assert_true(r.status == 413 || r.status == 400);
	resp_free(&r);
	free(v);
	client_free(c);
}

static void test_bad_too_many_fields(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	char body[4000];
	size_t len = 0;
	int i;

	(void)st;
	for (i = 0; i < 150; i++)
		len += (size_t)snprintf(body + len, sizeof body - len, "%sf%d=1", i ? "&" : "", i);
	assert_int_equal(client_request(c, "POST", "/pemohon/login", "application/x-www-form-urlencoded",
					body, len, NULL, &r), 0);
	assert_int_equal(r.status, 413);
	resp_free(&r);
	client_free(c);
}

static void test_bad_nul_in_field_400(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	const char body[] = "nik=3326%00&password=x";

	(void)st;
	assert_int_equal(client_request(c, "POST", "/pemohon/login", "application/x-www-form-urlencoded",
					body, sizeof body - 1, NULL, &r), 0);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	client_free(c);
}

static void test_wilayah_provinces(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	json_t *j;

	(void)st;
	assert_int_equal(client_get(c, "/api/v1/wilayah", &r), 0);
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	assert_true(json_is_array(j));
	assert_int_equal(json_array_size(j), 38);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "kode")), "11");
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "nama")), "Aceh");
	json_decref(j);
	resp_free(&r);
	client_free(c);
}

static void test_wilayah_children(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	json_t *j;
	size_t i;
	int found = 0;

	(void)st;
	assert_int_equal(client_get(c, "/api/v1/wilayah?induk=33.26", &r), 0);
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	assert_true(json_array_size(j) >= 19);
	for (i = 0; i < json_array_size(j); i++) {
		const char *k = json_string_value(json_object_get(json_array_get(j, i), "kode"));

		assert_int_equal(strncmp(k, "33.26.", 6), 0);
		if (!strcmp(k, "33.26.07"))
			found = 1;
	}
	assert_true(found);
	json_decref(j);
	resp_free(&r);
	assert_int_equal(client_get(c, "/api/v1/wilayah?induk=33.26.07", &r), 0);
	assert_true(resp_has(&r, "\"kode\":\"33.26.07.2008\""));
	assert_true(resp_has(&r, "Karangsari"));
	resp_free(&r);
	client_free(c);
}

static void test_bad_wilayah_code(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	json_t *j;

	(void)st;
	assert_int_equal(client_get(c, "/api/v1/wilayah?induk=33'%20OR%201=1", &r), 0);
	assert_int_equal(r.status, 400);
	j = json_loads(r.body, 0, NULL);
	assert_non_null(json_object_get(json_object_get(j, "error"), "code"));
	assert_non_null(json_object_get(json_object_get(j, "error"), "message"));
	json_decref(j);
	resp_free(&r);
	/* a well-formed but unknown code: an empty list */
	assert_int_equal(client_get(c, "/api/v1/wilayah?induk=99.99", &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "[]");
	resp_free(&r);
	client_free(c);
}

static void test_api_404_is_json(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	json_t *j;

	(void)st;
	assert_int_equal(client_get(c, "/api/v1/tidak-ada", &r), 0);
	assert_int_equal(r.status, 404);
	j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "tidak_ditemukan");
	json_decref(j);
	resp_free(&r);
	client_free(c);
}

static void test_access_log_has_no_path_secrets(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	char path[300], *log = NULL;
	FILE *f;
	long n;

	(void)st;
	assert_int_equal(client_get(c, "/api/v1/wilayah?induk=3326071505900001", &r), 0);
	resp_free(&r);
	assert_int_equal(client_get(c, "/pemohon/aktivasi/SECRETTOKENSECRETTOKENSECRETTOKENSECRETTOK", &r), 0);
	resp_free(&r);
	snprintf(path, sizeof path, "%s/server.log", S.dir);
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	log = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(log, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_non_null(strstr(log, "route=/api/v1/wilayah"));
	assert_null(strstr(log, "3326071505900001"));
	assert_null(strstr(log, "SECRETTOKEN"));
	free(log);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_home_has_layout),
		cmocka_unit_test(test_security_headers),
		cmocka_unit_test(test_static_etag_and_304),
		cmocka_unit_test(test_vendor_bootstrap_served),
		cmocka_unit_test(test_404_page),
		cmocka_unit_test(test_405_page),
		cmocka_unit_test(test_bad_oversize_body_413),
		cmocka_unit_test(test_bad_oversize_header_413),
		cmocka_unit_test(test_bad_field_too_long_413),
		cmocka_unit_test(test_bad_too_many_fields),
		cmocka_unit_test(test_bad_nul_in_field_400),
		cmocka_unit_test(test_wilayah_provinces),
		cmocka_unit_test(test_wilayah_children),
		cmocka_unit_test(test_bad_wilayah_code),
		cmocka_unit_test(test_api_404_is_json),
		cmocka_unit_test(test_access_log_has_no_path_secrets),
	};

	return cmocka_run_group_tests_name("http_foundation", tests, setup, teardown);
}
