// SPDX-License-Identifier: MIT
// Unit tests of the router: literal, {} and * segments, 404 versus 405.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/http.h"

static void h_a(struct req *r) { (void)r; }
static void h_b(struct req *r) { (void)r; }
static void h_c(struct req *r) { (void)r; }
static void h_d(struct req *r) { (void)r; }

static const struct route routes[] = {
	{ HTTP_GET, "/", h_a, 0 },
	{ HTTP_GET | HTTP_POST, "/pemohon/aktivasi/{}", h_b, 0 },
	{ HTTP_POST, "/staf/pendaftaran/{}/setujui", h_c, 0 },
	{ HTTP_GET, "/static/*", h_d, 0 },
};
#define N (sizeof routes / sizeof routes[0])

static struct req *new_req(void)
{
	struct arena *a = arena_new();
	struct req *r = arena_alloc(a, sizeof *r);

	r->a = a;
	return r;
}

static void test_root(void **st)
{
	struct req *r = new_req();
	int status;
	unsigned allow;
	const struct route *rt = http_route(routes, N, HTTP_GET, "/", r, &status, &allow);

	(void)st;
	assert_non_null(rt);
	assert_ptr_equal(rt->fn, h_a);
	assert_int_equal(status, 200);
	arena_free(r->a);
}

static void test_param_segment(void **st)
{
	struct req *r = new_req();
	int status;
	unsigned allow;
	const struct route *rt = http_route(routes, N, HTTP_POST, "/pemohon/aktivasi/abc_DEF-1", r,
					    &status, &allow);

	(void)st;
	assert_non_null(rt);
	assert_ptr_equal(rt->fn, h_b);
	assert_int_equal(r->nargs, 1);
	assert_string_equal(r->args[0], "abc_DEF-1");
	arena_free(r->a);
}

static void test_middle_segment(void **st)
{
	struct req *r = new_req();
	int status;
	unsigned allow;
	const struct route *rt = http_route(routes, N, HTTP_POST, "/staf/pendaftaran/42/setujui", r,
					    &status, &allow);

	(void)st;
	assert_non_null(rt);
	assert_string_equal(r->args[0], "42");
	arena_free(r->a);
}

static void test_empty_segment_is_404(void **st)
{
	struct req *r = new_req();
	int status;
	unsigned allow;

	(void)st;
	assert_null(http_route(routes, N, HTTP_GET, "/pemohon/aktivasi/", r, &status, &allow));
	assert_int_equal(status, 404);
	assert_null(http_route(routes, N, HTTP_POST, "/staf/pendaftaran//setujui", r, &status, &allow));
	assert_int_equal(status, 404);
	arena_free(r->a);
}

static void test_extra_segment_is_404(void **st)
{
	struct req *r = new_req();
	int status;
	unsigned allow;

	(void)st;
	assert_null(http_route(routes, N, HTTP_GET, "/pemohon/aktivasi/x/y", r, &status, &allow));
	assert_int_equal(status, 404);
	assert_null(http_route(routes, N, HTTP_GET, "/nope", r, &status, &allow));
	assert_int_equal(status, 404);
	arena_free(r->a);
}

static void test_wrong_method_is_405(void **st)
{
	struct req *r = new_req();
	int status;
	unsigned allow;

	(void)st;
	assert_null(http_route(routes, N, HTTP_GET, "/staf/pendaftaran/1/setujui", r, &status, &allow));
	assert_int_equal(status, 405);
	assert_int_equal(allow, HTTP_POST);
	assert_null(http_route(routes, N, HTTP_DELETE, "/", r, &status, &allow));
	assert_int_equal(status, 405);
	assert_true(allow & HTTP_GET);
	assert_true(allow & HTTP_HEAD);
	arena_free(r->a);
}

static void test_head_follows_get(void **st)
{
	struct req *r = new_req();
	int status;
	unsigned allow;

	(void)st;
	assert_non_null(http_route(routes, N, HTTP_HEAD, "/", r, &status, &allow));
	arena_free(r->a);
}

static void test_star_rest(void **st)
{
	struct req *r = new_req();
	int status;
	unsigned allow;
	const struct route *rt = http_route(routes, N, HTTP_GET, "/static/css/loket.css", r, &status, &allow);

	(void)st;
	assert_non_null(rt);
	assert_ptr_equal(rt->fn, h_d);
	assert_string_equal(r->args[0], "css/loket.css");
	arena_free(r->a);
}

static void test_method_names(void **st)
{
	(void)st;
	assert_int_equal(http_method_from("GET"), HTTP_GET);
	assert_int_equal(http_method_from("POST"), HTTP_POST);
	assert_int_equal(http_method_from("DELETE"), HTTP_DELETE);
	assert_int_equal(http_method_from("get"), HTTP_OTHER);
	assert_int_equal(http_method_from("BREW"), HTTP_OTHER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root),
		cmocka_unit_test(test_param_segment),
		cmocka_unit_test(test_middle_segment),
		cmocka_unit_test(test_empty_segment_is_404),
		cmocka_unit_test(test_extra_segment_is_404),
		cmocka_unit_test(test_wrong_method_is_405),
		cmocka_unit_test(test_head_follows_get),
		cmocka_unit_test(test_star_rest),
		cmocka_unit_test(test_method_names),
	};

	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
