// SPDX-License-Identifier: MIT
// Unit tests for the urlencoded, cookie and multipart parsers in src/http/params.c.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/params.h"
#include "lib/arena.h"
#include "lib/buf.h"

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	A = NULL;
	return 0;
}

static struct params_limits small_limits(void)
{
	struct params_limits l = PARAMS_LIMITS_DEFAULT;

	return l;
}

/* ---- helpers ---- */

static int url(const char *s, const struct params_limits *lim, struct params *out)
{
	return params_parse_urlencoded(A, s, strlen(s), lim, out);
}

static void expect_url_err(const char *s, const struct params_limits *lim, int err)
{
	struct params p = { (struct param *)1, 99 };

	assert_int_equal(url(s, lim, &p), err);
	assert_null(p.items);
	assert_int_equal(p.count, 0);
}

static void expect_url_value(const char *s, const char *key, const char *value)
{
	struct params p;

	assert_int_equal(url(s, NULL, &p), PARAMS_OK);
	assert_non_null(params_get(&p, key));
	assert_string_equal(params_get(&p, key), value);
	assert_int_equal(params_find(&p, key)->value_len, strlen(value));
}

/* a string of n copies of c, in the arena */
static char *rep(char c, size_t n)
{
	char *s = arena_alloc(A, n + 1);

	memset(s, c, n);
	return s;
}

/* ---- error API ---- */

static void test_err_messages(void **state)
{
	int e;

	(void)state;
	assert_string_equal(params_err_message(PARAMS_E_SYNTAX), "Format data tidak sah.");
	assert_string_equal(params_err_message(PARAMS_E_TOO_MANY), "Terlalu banyak isian.");
	assert_string_equal(params_err_message(PARAMS_E_VALUE_TOO_LONG), "Isian terlalu panjang.");
	assert_string_equal(params_err_message(PARAMS_E_NUL),
			    "Isian mengandung karakter yang tidak sah.");
	for (e = 0; e < PARAMS__MAX; e++) {
		assert_non_null(params_err_message((enum params_err)e));
		assert_true(strlen(params_err_message((enum params_err)e)) > 0);
		assert_non_null(params_err_name((enum params_err)e));
	}
	assert_non_null(params_err_message(PARAMS__MAX));
	assert_string_equal(params_err_name(PARAMS__MAX), "unknown");
	assert_string_equal(params_err_name(PARAMS_E_UTF8), "utf8");
}

static void test_err_status(void **state)
{
	(void)state;
	assert_int_equal(params_err_http_status(PARAMS_OK), 200);
	assert_int_equal(params_err_http_status(PARAMS_E_SYNTAX), 400);
	assert_int_equal(params_err_http_status(PARAMS_E_NUL), 400);
	assert_int_equal(params_err_http_status(PARAMS_E_UTF8), 400);
	assert_int_equal(params_err_http_status(PARAMS_E_CONTENT_TYPE), 400);
	assert_int_equal(params_err_http_status(PARAMS_E_TOO_MANY), 413);
	assert_int_equal(params_err_http_status(PARAMS_E_KEY_TOO_LONG), 413);
	assert_int_equal(params_err_http_status(PARAMS_E_VALUE_TOO_LONG), 413);
	assert_int_equal(params_err_http_status(PARAMS_E_TOO_MANY_FILES), 413);
	assert_int_equal(params_err_http_status(PARAMS_E_FILE_TOO_LARGE), 413);
	assert_int_equal(params_err_http_status(PARAMS_E_TOO_LARGE), 413);
	assert_int_equal(params_err_http_status(PARAMS__MAX), 400);
	assert_false(params_err_too_large(PARAMS_OK));
	assert_false(params_err_too_large(PARAMS_E_SYNTAX));
	assert_true(params_err_too_large(PARAMS_E_TOO_MANY));
	assert_false(params_err_too_large(PARAMS__MAX));
}

/* ---- urlencoded ---- */

static void test_url_basic(void **state)
{
	struct params p;

	(void)state;
	assert_int_equal(url("nama=Budi&kota=Medan", NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 2);
	assert_string_equal(p.items[0].key, "nama");
	assert_string_equal(p.items[0].value, "Budi");
	assert_int_equal(p.items[0].value_len, 4);
	assert_string_equal(p.items[1].key, "kota");
	assert_string_equal(params_get(&p, "kota"), "Medan");
	assert_null(params_get(&p, "Kota"));
	assert_null(params_get(&p, "tidak"));
	assert_null(params_find(&p, "tidak"));
}

static void test_url_decoding(void **state)
{
	(void)state;
	expect_url_value("alamat=Jl.+Merdeka+%2B+No%2E5", "alamat", "Jl. Merdeka + No.5");
	expect_url_value("na%6De=x", "name", "x");
	expect_url_value("a+b=c", "a b", "c");
	expect_url_value("e=%c3%a9", "e", "\xc3\xa9");
	expect_url_value("e=%C3%A9", "e", "\xc3\xa9");
	expect_url_value("p=%25", "p", "%");
	expect_url_value("a=b=c", "a", "b=c");
	expect_url_value("raw=caf\xc3\xa9", "raw", "caf\xc3\xa9");
	expect_url_value("emoji=%F0%9F%98%80", "emoji", "\xf0\x9f\x98\x80");
	expect_url_value("max=%F4%8F%BF%BF", "max", "\xf4\x8f\xbf\xbf");
	expect_url_value("nl=a%0D%0Ab", "nl", "a\r\nb");
}

static void test_url_empty_pairs(void **state)
{
	struct params p;

	(void)state;
	assert_int_equal(url("a=1&&b=2", NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 2);
	assert_string_equal(p.items[1].key, "b");
	assert_int_equal(url("&a=1&", NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 1);
	assert_int_equal(url("&&&", NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 0);
	assert_null(p.items);
	assert_int_equal(url("", NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 0);
	assert_int_equal(params_parse_urlencoded(A, NULL, 0, NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 0);
	assert_null(params_get(&p, "a"));
	assert_int_equal(params_count_key(&p, "a"), 0);
}

static void test_url_no_equals(void **state)
{
	struct params p;

	(void)state;
	assert_int_equal(url("flag&x=1&y=", NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 3);
	assert_string_equal(p.items[0].key, "flag");
	assert_string_equal(p.items[0].value, "");
	assert_int_equal(p.items[0].value_len, 0);
	assert_string_equal(params_get(&p, "y"), "");
	/* empty key is kept, as the URL standard does */
	assert_int_equal(url("=v", NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].key, "");
	assert_string_equal(p.items[0].value, "v");
}

static void test_url_repeated_keys(void **state)
{
	struct params p;

	(void)state;
	assert_int_equal(url("kab=1&x=9&kab=2&kab=3", NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 4);
	assert_string_equal(params_get(&p, "kab"), "1");
	assert_int_equal(params_count_key(&p, "kab"), 3);
	assert_int_equal(params_count_key(&p, "x"), 1);
	assert_int_equal(params_count_key(&p, "y"), 0);
	assert_string_equal(params_get_nth(&p, "kab", 0), "1");
	assert_string_equal(params_get_nth(&p, "kab", 1), "2");
	assert_string_equal(params_get_nth(&p, "kab", 2), "3");
	assert_null(params_get_nth(&p, "kab", 3));
	assert_string_equal(p.items[1].key, "x");
	assert_string_equal(p.items[3].value, "3");
}

static void test_url_length_not_nul_terminated(void **state)
{
	struct params p;
	const char s[] = "a=1&b=2";

	(void)state;
	assert_int_equal(params_parse_urlencoded(A, s, 3, NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 1);
	assert_string_equal(params_get(&p, "a"), "1");
	assert_int_equal(params_parse_urlencoded(A, s, 5, NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 2);
	assert_string_equal(params_get(&p, "b"), "");
}

static void test_url_bad_percent(void **state)
{
	(void)state;
	expect_url_err("a=%", NULL, PARAMS_E_SYNTAX);
	expect_url_err("a=%2", NULL, PARAMS_E_SYNTAX);
	expect_url_err("a=%zz", NULL, PARAMS_E_SYNTAX);
	expect_url_err("a=%2G", NULL, PARAMS_E_SYNTAX);
	expect_url_err("a=%G2", NULL, PARAMS_E_SYNTAX);
	expect_url_err("a=%%41", NULL, PARAMS_E_SYNTAX);
	expect_url_err("a=% 1", NULL, PARAMS_E_SYNTAX);
	expect_url_err("%=1", NULL, PARAMS_E_SYNTAX);
	expect_url_err("k%4=1", NULL, PARAMS_E_SYNTAX);
	expect_url_err("ok=1&a=%", NULL, PARAMS_E_SYNTAX);
	/* '%' at the end of a length-limited buffer whose next bytes would be hex */
	{
		struct params p;

		assert_int_equal(params_parse_urlencoded(A, "a=%41", 4, NULL, &p), PARAMS_E_SYNTAX);
	}
}

static void test_url_nul(void **state)
{
	struct params p;
	const char raw[] = "a=x\0y";

	(void)state;
	expect_url_err("a=%00", NULL, PARAMS_E_NUL);
	expect_url_err("a=x%00y", NULL, PARAMS_E_NUL);
	expect_url_err("%00=1", NULL, PARAMS_E_NUL);
	expect_url_err("k%00=1", NULL, PARAMS_E_NUL);
	assert_int_equal(params_parse_urlencoded(A, raw, sizeof raw - 1, NULL, &p), PARAMS_E_NUL);
	assert_int_equal(p.count, 0);
}

static void test_url_utf8(void **state)
{
	(void)state;
	expect_url_err("a=%C3", NULL, PARAMS_E_UTF8);		/* truncated */
	expect_url_err("a=%C3%28", NULL, PARAMS_E_UTF8);	/* bad continuation */
	expect_url_err("a=%FF", NULL, PARAMS_E_UTF8);
	expect_url_err("a=%80", NULL, PARAMS_E_UTF8);		/* lone continuation */
	expect_url_err("a=%C0%AF", NULL, PARAMS_E_UTF8);	/* overlong '/' */
	expect_url_err("a=%C1%BF", NULL, PARAMS_E_UTF8);
	expect_url_err("a=%E0%80%AF", NULL, PARAMS_E_UTF8);	/* overlong */
	expect_url_err("a=%F0%80%80%AF", NULL, PARAMS_E_UTF8);	/* overlong */
	expect_url_err("a=%ED%A0%80", NULL, PARAMS_E_UTF8);	/* surrogate */
	expect_url_err("a=%F4%90%80%80", NULL, PARAMS_E_UTF8);	/* > U+10FFFF */
	expect_url_err("a=%F5%80%80%80", NULL, PARAMS_E_UTF8);
	expect_url_err("a=%E2%82", NULL, PARAMS_E_UTF8);
	expect_url_err("a=caf\xe9", NULL, PARAMS_E_UTF8);	/* raw Latin-1 */
	expect_url_err("%FF=1", NULL, PARAMS_E_UTF8);		/* in a key */
	expect_url_value("a=%ED%9F%BF", "a", "\xed\x9f\xbf");	/* U+D7FF is fine */
	expect_url_value("a=%EE%80%80", "a", "\xee\x80\x80");	/* U+E000 is fine */
}

static void test_url_max_fields(void **state)
{
	struct params_limits l = small_limits();
	struct params p;

	(void)state;
	l.max_fields = 3;
	assert_int_equal(url("a=1&b=2&c=3", &l, &p), PARAMS_OK);
	assert_int_equal(p.count, 3);
	expect_url_err("a=1&b=2&c=3&d=4", &l, PARAMS_E_TOO_MANY);
	expect_url_err("a&b&c&d", &l, PARAMS_E_TOO_MANY);
	/* empty pairs are not fields */
	assert_int_equal(url("a&&b&&c&&", &l, &p), PARAMS_OK);
	assert_int_equal(p.count, 3);
	l.max_fields = 0;
	expect_url_err("a=1", &l, PARAMS_E_TOO_MANY);
	assert_int_equal(url("", &l, &p), PARAMS_OK);
}

static void test_url_key_len(void **state)
{
	struct params_limits l = small_limits();
	struct params p;

	(void)state;
	l.max_key_len = 4;
	assert_int_equal(url("abcd=1", &l, &p), PARAMS_OK);
	expect_url_err("abcde=1", &l, PARAMS_E_KEY_TOO_LONG);
	expect_url_err("abcde", &l, PARAMS_E_KEY_TOO_LONG);
	/* decoded length counts, not raw length */
	assert_int_equal(url("%61%62%63%64=1", &l, &p), PARAMS_OK);
	assert_string_equal(p.items[0].key, "abcd");
	expect_url_err("%61%62%63%64%65=1", &l, PARAMS_E_KEY_TOO_LONG);
	expect_url_err("+++++=1", &l, PARAMS_E_KEY_TOO_LONG);
}

static void test_url_value_len(void **state)
{
	struct params_limits l = small_limits();
	struct params p;

	(void)state;
	l.max_value_len = 5;
	assert_int_equal(url("a=12345", &l, &p), PARAMS_OK);
	assert_int_equal(p.items[0].value_len, 5);
	expect_url_err("a=123456", &l, PARAMS_E_VALUE_TOO_LONG);
	assert_int_equal(url("a=%41%41%41%41%41", &l, &p), PARAMS_OK);
	expect_url_err("a=%41%41%41%41%41%41", &l, PARAMS_E_VALUE_TOO_LONG);
	l.max_value_len = 0;
	assert_int_equal(url("a=&b", &l, &p), PARAMS_OK);
	expect_url_err("a=1", &l, PARAMS_E_VALUE_TOO_LONG);
}

static void test_url_default_limits(void **state)
{
	struct buf b = BUF_INIT;
	struct params p;
	size_t i;
	char key[16];

	(void)state;
	assert_int_equal(params_limits_default.max_fields, 200);
	assert_int_equal(params_limits_default.max_key_len, 64);
	for (i = 0; i < 200; i++)
		buf_addf(&b, "%sk%zu=%zu", i ? "&" : "", i, i);
	assert_int_equal(url(b.ptr, NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 200);
	for (i = 0; i < 200; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		assert_string_equal(p.items[i].key, key);
	}
	assert_string_equal(params_get(&p, "k199"), "199");
	buf_adds(&b, "&one=more");
	expect_url_err(b.ptr, NULL, PARAMS_E_TOO_MANY);

	buf_reset(&b);
	buf_add(&b, rep('k', 64), 64);
	buf_adds(&b, "=1");
	assert_int_equal(url(b.ptr, NULL, &p), PARAMS_OK);
	buf_reset(&b);
	buf_add(&b, rep('k', 65), 65);
	expect_url_err(b.ptr, NULL, PARAMS_E_KEY_TOO_LONG);

	buf_reset(&b);
	buf_adds(&b, "v=");
	buf_add(&b, rep('v', params_limits_default.max_value_len),
		params_limits_default.max_value_len);
	assert_int_equal(url(b.ptr, NULL, &p), PARAMS_OK);
	buf_addc(&b, 'v');
	expect_url_err(b.ptr, NULL, PARAMS_E_VALUE_TOO_LONG);
	buf_release(&b);
}

/* ---- cookies ---- */

static void expect_cookie_err(const char *h, int err)
{
	struct params p = { (struct param *)1, 99 };

	assert_int_equal(params_parse_cookies(A, h, &p), err);
	assert_null(p.items);
	assert_int_equal(p.count, 0);
}

static void test_cookie_basic(void **state)
{
	struct params p;

	(void)state;
	assert_int_equal(params_parse_cookies(A, "sid=abc123; theme=gelap", &p), PARAMS_OK);
	assert_int_equal(p.count, 2);
	assert_string_equal(params_get(&p, "sid"), "abc123");
	assert_string_equal(params_get(&p, "theme"), "gelap");
	assert_int_equal(p.items[1].value_len, 5);
	assert_int_equal(params_parse_cookies(A, "a=b=c", &p), PARAMS_OK);
	assert_string_equal(params_get(&p, "a"), "b=c");
	assert_int_equal(params_parse_cookies(A, "empty=", &p), PARAMS_OK);
	assert_int_equal(p.count, 1);
	assert_string_equal(params_get(&p, "empty"), "");
	/* no %-decoding */
	assert_int_equal(params_parse_cookies(A, "x=a%20b", &p), PARAMS_OK);
	assert_string_equal(params_get(&p, "x"), "a%20b");
}

static void test_cookie_empty(void **state)
{
	struct params p;

	(void)state;
	assert_int_equal(params_parse_cookies(A, NULL, &p), PARAMS_OK);
	assert_int_equal(p.count, 0);
	assert_int_equal(params_parse_cookies(A, "", &p), PARAMS_OK);
	assert_int_equal(p.count, 0);
	assert_int_equal(params_parse_cookies(A, " ; ;; ", &p), PARAMS_OK);
	assert_int_equal(p.count, 0);
}

static void test_cookie_quotes(void **state)
{
	struct params p;

	(void)state;
	assert_int_equal(params_parse_cookies(A, "a=\"xyz\"; b=\"\"; c=\"; d=\"q\"q\"; e=1", &p),
			 PARAMS_OK);
	assert_string_equal(params_get(&p, "a"), "xyz");
	assert_int_equal(params_find(&p, "a")->value_len, 3);
	assert_string_equal(params_get(&p, "b"), "");
	assert_null(params_get(&p, "c"));	/* a lone quote is not a cookie-octet */
	assert_null(params_get(&p, "d"));	/* nor an inner quote */
	assert_string_equal(params_get(&p, "e"), "1");
	assert_int_equal(p.count, 3);
}

static void test_cookie_whitespace(void **state)
{
	struct params p;

	(void)state;
	assert_int_equal(params_parse_cookies(A, "  a=1 ;b=2;\tc = 3  ;  ", &p), PARAMS_OK);
	assert_int_equal(p.count, 3);
	assert_string_equal(params_get(&p, "a"), "1");
	assert_string_equal(params_get(&p, "b"), "2");
	assert_string_equal(params_get(&p, "c"), "3");
}

static void test_cookie_malformed_skipped(void **state)
{
	struct params p;

	(void)state;
	assert_int_equal(params_parse_cookies(A,
		"noequals; =v; bad name=1; ok=1; c=has space; d=a,b; e=back\\slash; "
		"f=\x01; g=caf\xc3\xa9; h(x)=1; ok2=2", &p), PARAMS_OK);
	assert_int_equal(p.count, 2);
	assert_string_equal(p.items[0].key, "ok");
	assert_string_equal(p.items[1].key, "ok2");
}

static void test_cookie_repeated(void **state)
{
	struct params p;

	(void)state;
	assert_int_equal(params_parse_cookies(A, "sid=first; x=1; sid=second", &p), PARAMS_OK);
	assert_int_equal(params_count_key(&p, "sid"), 2);
	assert_string_equal(params_get(&p, "sid"), "first");
	assert_string_equal(params_get_nth(&p, "sid", 1), "second");
}

static void test_cookie_count_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct params p;
	int i;

	(void)state;
	for (i = 0; i < PARAMS_COOKIE_MAX_COUNT; i++)
		buf_addf(&b, "%sc%d=%d", i ? "; " : "", i, i);
	assert_int_equal(params_parse_cookies(A, b.ptr, &p), PARAMS_OK);
	assert_int_equal(p.count, 50);
	assert_string_equal(params_get(&p, "c49"), "49");
	buf_adds(&b, "; c50=50");
	expect_cookie_err(b.ptr, PARAMS_E_TOO_MANY);
	/* skipped (malformed) pairs still count */
	buf_reset(&b);
	for (i = 0; i < PARAMS_COOKIE_MAX_COUNT + 1; i++)
		buf_addf(&b, "%sjunk%d", i ? "; " : "", i);
	expect_cookie_err(b.ptr, PARAMS_E_TOO_MANY);
	buf_release(&b);
}

static void test_cookie_length_limits(void **state)
{
	struct buf b = BUF_INIT;
	struct params p;

	(void)state;
	buf_add(&b, rep('n', PARAMS_COOKIE_MAX_NAME), PARAMS_COOKIE_MAX_NAME);
	buf_adds(&b, "=1");
	assert_int_equal(params_parse_cookies(A, b.ptr, &p), PARAMS_OK);
	assert_int_equal(p.count, 1);
	buf_reset(&b);
	buf_add(&b, rep('n', PARAMS_COOKIE_MAX_NAME + 1), PARAMS_COOKIE_MAX_NAME + 1);
	buf_adds(&b, "=1");
	expect_cookie_err(b.ptr, PARAMS_E_KEY_TOO_LONG);

	buf_reset(&b);
	buf_adds(&b, "v=");
	buf_add(&b, rep('v', PARAMS_COOKIE_MAX_VALUE), PARAMS_COOKIE_MAX_VALUE);
	assert_int_equal(params_parse_cookies(A, b.ptr, &p), PARAMS_OK);
	assert_int_equal(p.items[0].value_len, PARAMS_COOKIE_MAX_VALUE);
	buf_addc(&b, 'v');
	expect_cookie_err(b.ptr, PARAMS_E_VALUE_TOO_LONG);

	/* the quotes do not count */
	buf_reset(&b);
	buf_adds(&b, "v=\"");
	buf_add(&b, rep('v', PARAMS_COOKIE_MAX_VALUE), PARAMS_COOKIE_MAX_VALUE);
	buf_adds(&b, "\"");
	assert_int_equal(params_parse_cookies(A, b.ptr, &p), PARAMS_OK);
	assert_int_equal(p.items[0].value_len, PARAMS_COOKIE_MAX_VALUE);

	/* whole header */
	buf_reset(&b);
	buf_adds(&b, "a=");
	buf_add(&b, rep('x', 4000), 4000);
	buf_adds(&b, "; b=");
	buf_add(&b, rep('x', 4000), 4000);
	buf_adds(&b, "; c=");
	buf_add(&b, rep('y', PARAMS_COOKIE_MAX_HEADER - b.len), PARAMS_COOKIE_MAX_HEADER - b.len);
	assert_int_equal(b.len, PARAMS_COOKIE_MAX_HEADER);
	assert_int_equal(params_parse_cookies(A, b.ptr, &p), PARAMS_OK);
	assert_int_equal(p.count, 3);
	buf_addc(&b, 'y');
	expect_cookie_err(b.ptr, PARAMS_E_TOO_LARGE);
	buf_release(&b);
}

/* ---- multipart ---- */

#define CT "multipart/form-data; boundary=XyZ"

static int mp(const char *ct, const char *body, const struct params_limits *lim,
	      struct params *f, struct upload_list *u)
{
	return params_parse_multipart(A, ct, body, strlen(body), lim, f, u);
}

static void expect_mp_err(const char *ct, const char *body, size_t len,
			  const struct params_limits *lim, int err)
{
	struct params f = { (struct param *)1, 99 };
	struct upload_list u = { (struct upload *)1, 99 };

	assert_int_equal(params_parse_multipart(A, ct, body, len, lim, &f, &u), err);
	assert_null(f.items);
	assert_int_equal(f.count, 0);
	assert_null(u.items);
	assert_int_equal(u.count, 0);
}

static void expect_mp_errs(const char *body, int err)
{
	expect_mp_err(CT, body, strlen(body), NULL, err);
}

static void expect_ct_err(const char *ct)
{
	expect_mp_err(ct, "--XyZ--\r\n", 9, NULL, PARAMS_E_CONTENT_TYPE);
}

static void expect_ct_ok(const char *ct, const char *boundary)
{
	struct buf b = BUF_INIT;
	struct params f;
	struct upload_list u;

	buf_addf(&b, "--%s\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--%s--\r\n",
		 boundary, boundary);
	assert_int_equal(params_parse_multipart(A, ct, b.ptr, b.len, NULL, &f, &u), PARAMS_OK);
	assert_int_equal(f.count, 1);
	assert_string_equal(params_get(&f, "a"), "1");
	buf_release(&b);
}

static void test_mp_content_type(void **state)
{
	(void)state;
	expect_ct_ok("multipart/form-data; boundary=XyZ", "XyZ");
	expect_ct_ok("multipart/form-data;boundary=XyZ", "XyZ");
	expect_ct_ok("Multipart/Form-Data; BOUNDARY=XyZ", "XyZ");
	expect_ct_ok("multipart/form-data; boundary=\"XyZ\"", "XyZ");
	expect_ct_ok("multipart/form-data; boundary=\"a b:c\"", "a b:c");
	expect_ct_ok("multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxk",
		     "----WebKitFormBoundary7MA4YWxk");
	expect_ct_ok("  multipart/form-data ; boundary=q ; charset=\"utf-8\"  ", "q");

	expect_ct_err(NULL);
	expect_ct_err("");
	expect_ct_err("application/x-www-form-urlencoded");
	expect_ct_err("multipart/mixed; boundary=XyZ");
	expect_ct_err("multipart/form-dataX; boundary=XyZ");
	expect_ct_err("multipart/form-data");
	expect_ct_err("multipart/form-data;");
	expect_ct_err("multipart/form-data; charset=utf-8");
	expect_ct_err("multipart/form-data; boundary=");
	expect_ct_err("multipart/form-data; boundary=\"\"");
	expect_ct_err("multipart/form-data; boundary=\"XyZ");
	expect_ct_err("multipart/form-data; boundary=XyZ; boundary=XyZ");
	expect_ct_err("multipart/form-data; boundary=\"ab \"");	/* ends in space */
	expect_ct_err("multipart/form-data; boundary=\"a@b\"");	/* not a bchar */
	expect_ct_err("multipart/form-data; boundary=a!b");	/* token, not a bchar */
	expect_ct_err("multipart/form-data; boundary = XyZ");
	expect_ct_err("multipart/form-data boundary=XyZ");
	expect_ct_err("multipart/form-data; boundary=XyZ junk");
	expect_ct_err("multipart/form-data; boundary=\"a\x01\"");
}

static void test_mp_boundary_length(void **state)
{
	char ct[128];

	(void)state;
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", rep('b', 70));
	expect_ct_ok(ct, rep('b', 70));
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=\"%s\"", rep('b', 70));
	expect_ct_ok(ct, rep('b', 70));
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", rep('b', 71));
	expect_ct_err(ct);
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=\"%s\"", rep('b', 71));
	expect_ct_err(ct);
	expect_ct_ok("multipart/form-data; boundary=b", "b");
}

static void test_mp_fields(void **state)
{
	struct params f;
	struct upload_list u;

	(void)state;
	assert_int_equal(mp(CT,
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"nama\"\r\n"
		"\r\n"
		"Budi Santoso\r\n"
		"--XyZ\r\n"
		"content-disposition: FORM-DATA; name=catatan\r\n"
		"Content-Type: text/plain; charset=UTF-8\r\n"
		"X-Ignored: yes\r\n"
		"\r\n"
		"baris 1\r\nbaris 2\r\n\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"kosong\"\r\n"
		"\r\n"
		"\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"pilih\"\r\n\r\nA\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"pilih\"\r\n\r\nB\r\n"
		"--XyZ--\r\n", NULL, &f, &u), PARAMS_OK);
	assert_int_equal(u.count, 0);
	assert_null(u.items);
	assert_int_equal(f.count, 5);
	assert_string_equal(params_get(&f, "nama"), "Budi Santoso");
	assert_string_equal(params_get(&f, "catatan"), "baris 1\r\nbaris 2\r\n");
	assert_int_equal(params_find(&f, "catatan")->value_len, 18);
	assert_string_equal(params_get(&f, "kosong"), "");
	assert_int_equal(params_count_key(&f, "pilih"), 2);
	assert_string_equal(params_get_nth(&f, "pilih", 1), "B");
	assert_string_equal(f.items[4].key, "pilih");
}

static void test_mp_preamble_epilogue(void **state)
{
	struct params f;
	struct upload_list u;

	(void)state;
	assert_int_equal(mp(CT,
		"This is a preamble with --XyZ inside a line\r\nand more\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
		"--XyZ--\r\n"
		"epilogue --XyZ anything\r\n", NULL, &f, &u), PARAMS_OK);
	assert_int_equal(f.count, 1);
	assert_string_equal(params_get(&f, "a"), "1");
	/* no final CRLF, transport padding after the delimiters */
	assert_int_equal(mp(CT,
		"--XyZ \t\r\n"
		"Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
		"--XyZ  \r\n"
		"Content-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
		"--XyZ--  ", NULL, &f, &u), PARAMS_OK);
	assert_int_equal(f.count, 2);
	assert_string_equal(params_get(&f, "b"), "2");
	assert_int_equal(mp(CT, "--XyZ--", NULL, &f, &u), PARAMS_OK);
	assert_int_equal(f.count, 0);
	assert_int_equal(mp(CT, "preamble\r\n--XyZ--\r\n", NULL, &f, &u), PARAMS_OK);
	assert_int_equal(f.count, 0);
	assert_int_equal(u.count, 0);
}

static void test_mp_file(void **state)
{
	static const char pdf_data[] = "%PDF\0\r\n-\r\n--XyQ--XyZ\xff";
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"judul\"\r\n\r\nLaporan\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"berkas\"; filename=\"laporan.pdf\"\r\n"
		"Content-Type: application/pdf\r\n"
		"Content-Transfer-Encoding: binary\r\n"
		"\r\n"
		"%PDF\0\r\n-\r\n--XyQ--XyZ\xff\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"lampiran\"; filename=data.csv\r\n"
		"\r\n"
		"a,b\n"
		"\r\n--XyZ--\r\n";
	struct params f;
	struct upload_list u;
	const char *pdf;

	(void)state;
	assert_int_equal(params_parse_multipart(A, CT, body, sizeof body - 1, NULL, &f, &u),
			 PARAMS_OK);
	assert_int_equal(f.count, 1);
	assert_string_equal(params_get(&f, "judul"), "Laporan");
	assert_null(params_get(&f, "berkas"));
	assert_int_equal(u.count, 2);
	assert_string_equal(u.items[0].field, "berkas");
	assert_string_equal(u.items[0].filename, "laporan.pdf");
	assert_string_equal(u.items[0].content_type, "application/pdf");
	pdf = memchr(body, '%', sizeof body - 1);
	assert_ptr_equal(u.items[0].data, pdf); /* points into the body, no copy */
	assert_int_equal(u.items[0].len, sizeof pdf_data - 1);
	assert_memory_equal(u.items[0].data, pdf_data, sizeof pdf_data - 1);
	assert_string_equal(u.items[1].field, "lampiran");
	assert_string_equal(u.items[1].filename, "data.csv");
	assert_string_equal(u.items[1].content_type, "application/octet-stream");
	assert_int_equal(u.items[1].len, 4);
	assert_memory_equal(u.items[1].data, "a,b\n", 4);
	assert_true(u.items[1].data > body && u.items[1].data + u.items[1].len < body + sizeof body);
}

static void test_mp_empty_file_input(void **state)
{
	struct params f;
	struct upload_list u;

	(void)state;
	/* a file input left empty: dropped */
	assert_int_equal(mp(CT,
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"foto\"; filename=\"\"\r\n"
		"Content-Type: application/octet-stream\r\n\r\n"
		"\r\n--XyZ--\r\n", NULL, &f, &u), PARAMS_OK);
	assert_int_equal(u.count, 0);
	assert_int_equal(f.count, 0);
	/* an empty file with a name is kept */
	assert_int_equal(mp(CT,
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"foto\"; filename=\"kosong.txt\"\r\n\r\n"
		"\r\n--XyZ--\r\n", NULL, &f, &u), PARAMS_OK);
	assert_int_equal(u.count, 1);
	assert_int_equal(u.items[0].len, 0);
	assert_string_equal(u.items[0].filename, "kosong.txt");
	/* data without a name gets the fallback name */
	assert_int_equal(mp(CT,
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"foto\"; filename=\"\"\r\n\r\n"
		"isi\r\n--XyZ--\r\n", NULL, &f, &u), PARAMS_OK);
	assert_int_equal(u.count, 1);
	assert_string_equal(u.items[0].filename, PARAMS_FILENAME_FALLBACK);
}

static const char *upload_name(const char *disposition_filename)
{
	struct buf b = BUF_INIT;
	struct params f;
	struct upload_list u;
	int rc;

	buf_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=%s\r\n\r\n"
		 "x\r\n--XyZ--\r\n", disposition_filename);
	rc = params_parse_multipart(A, CT, b.ptr, b.len, NULL, &f, &u);
	buf_release(&b);
	if (rc != PARAMS_OK)
		return params_err_name(rc);
	assert_int_equal(u.count, 1);
	return u.items[0].filename;
}

static void test_mp_filename_sanitise(void **state)
{
	char quoted[300];

	(void)state;
	assert_string_equal(upload_name("\"C:\\Users\\siti\\laporan akhir.pdf\""),
			    "laporan akhir.pdf");
	assert_string_equal(upload_name("\"../../etc/passwd\""), "passwd");
	assert_string_equal(upload_name("\"/var/www/../x.txt\""), "x.txt");
	assert_string_equal(upload_name("\"a\\\\b.txt\""), "b.txt");
	assert_string_equal(upload_name("\"say \\\"hi\\\".txt\""), "say \"hi\".txt");
	assert_string_equal(upload_name("\"a\tb.txt\""), "ab.txt");
	assert_string_equal(upload_name("\"a\xc2\x85\xc2\x9f" "b.txt\""), "ab.txt");	/* C1 */
	assert_string_equal(upload_name("\"\xe2\x80\xae" "fdp.exe\""), "fdp.exe");	/* RLO */
	assert_string_equal(upload_name("\"x\xe2\x81\xa6y\xe2\x80\x8fz\""), "xyz");
	assert_string_equal(upload_name("\"caf\xc3\xa9 \xe2\x82\xac.txt\""),
			    "caf\xc3\xa9 \xe2\x82\xac.txt");
	assert_string_equal(upload_name("\"..\""), PARAMS_FILENAME_FALLBACK);
	assert_string_equal(upload_name("\".\""), PARAMS_FILENAME_FALLBACK);
	assert_string_equal(upload_name("\"dir/\""), PARAMS_FILENAME_FALLBACK);
	assert_string_equal(upload_name("\"a/..\""), PARAMS_FILENAME_FALLBACK);
	assert_string_equal(upload_name("\".\t.\""), PARAMS_FILENAME_FALLBACK);
	assert_string_equal(upload_name("\"\t\""), PARAMS_FILENAME_FALLBACK);
	assert_string_equal(upload_name("\"...\""), "...");
	assert_string_equal(upload_name("plain.txt"), "plain.txt");
	/* control characters other than HTAB cannot appear in a header line */
	assert_string_equal(upload_name("\"a\x01" "b\""), "syntax");
	assert_string_equal(upload_name("\"a\x7f" "b\""), "syntax");
	/* invalid UTF-8 */
	assert_string_equal(upload_name("\"caf\xe9.txt\""), "utf8");

	/* 255 bytes kept, longer cut, never inside a UTF-8 sequence */
	snprintf(quoted, sizeof quoted, "\"%s\"", rep('a', 255));
	assert_int_equal(strlen(upload_name(quoted)), 255);
	snprintf(quoted, sizeof quoted, "\"%s\"", rep('a', 256));
	assert_string_equal(upload_name(quoted), rep('a', 255));
	snprintf(quoted, sizeof quoted, "\"%s\xc3\xa9\"", rep('a', 253));
	assert_int_equal(strlen(upload_name(quoted)), 255);
	snprintf(quoted, sizeof quoted, "\"%s\xc3\xa9" "b\"", rep('a', 254));
	assert_string_equal(upload_name(quoted), rep('a', 254));
	snprintf(quoted, sizeof quoted, "\"dir/%s\"", rep('z', 255));
	assert_string_equal(upload_name(quoted), rep('z', 255));
}

static void test_mp_disposition_params(void **state)
{
	struct params f;
	struct upload_list u;

	(void)state;
	assert_int_equal(mp(CT,
		"--XyZ\r\n"
		"Content-Disposition: form-data ; NAME=\"a\" ;filename*=UTF-8''x.txt\r\n\r\n"
		"1\r\n--XyZ--\r\n", NULL, &f, &u), PARAMS_OK);
	assert_int_equal(f.count, 1); /* filename* is ignored: a text field */
	assert_string_equal(params_get(&f, "a"), "1");
	assert_int_equal(mp(CT,
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"a;b=c\"\r\n\r\n"
		"1\r\n--XyZ--\r\n", NULL, &f, &u), PARAMS_OK);
	assert_string_equal(params_get(&f, "a;b=c"), "1");
}

static void test_mp_bad_disposition(void **state)
{
	(void)state;
	/* no Content-Disposition, no headers at all */
	expect_mp_errs("--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\n\r\n1\r\n--XyZ--\r\n", PARAMS_E_SYNTAX);
	/* twice */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
		       "Content-Disposition: form-data; name=b\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
		       "Content-Disposition: form-data\r\n\r\n1\r\n--XyZ--\r\n", PARAMS_E_SYNTAX);
	/* wrong type */
	expect_mp_errs("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-datax; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: ; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	/* name missing, empty, twice */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; filename=\"a.txt\"\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a; filename=x; filename=y\r\n"
		       "\r\n1\r\n--XyZ--\r\n", PARAMS_E_SYNTAX);
	/* parameter syntax */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=\"a\";\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name = \"a\"\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=\"a\" x\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; =\"a\"\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=\"a\\\"\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
}

static void test_mp_bad_headers(void **state)
{
	(void)state;
	/* no colon, space before colon, empty name */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Junk\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition : form-data; name=a\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\n: x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	/* obsolete folding */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	/* Content-Type twice or empty */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Type: text/plain\r\n"
		       "Content-Type: text/html\r\n\r\n1\r\n--XyZ--\r\n", PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Type:  \r\n"
		       "\r\n1\r\n--XyZ--\r\n", PARAMS_E_SYNTAX);
	/* transfer encodings other than identity */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
		       "Content-Transfer-Encoding: base64\r\n\r\nMQ==\r\n--XyZ--\r\n", PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
		       "Content-Transfer-Encoding: quoted-printable\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	/* control characters */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-A: \x01\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	{
		static const char nul[] =
			"--XyZ\r\nContent-Disposition: form-data; name=\"a\0b\"\r\n\r\n1\r\n--XyZ--\r\n";

		expect_mp_err(CT, nul, sizeof nul - 1, NULL, PARAMS_E_NUL);
	}
}

static void test_mp_line_endings(void **state)
{
	(void)state;
	/* LF-only everywhere */
	expect_mp_errs("--XyZ\nContent-Disposition: form-data; name=a\n\n1\n--XyZ--\n",
		       PARAMS_E_SYNTAX);
	/* bare LF in the header block */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	/* a bare LF is a syntax error even where the line reaches the length limit */
	{
		struct buf b = BUF_INIT;

		buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: ");
		buf_add(&b, rep('p', 1024 - 7), 1024 - 7);
		buf_adds(&b, "\nmore\r\n\r\n1\r\n--XyZ--\r\n");
		expect_mp_err(CT, b.ptr, b.len, NULL, PARAMS_E_SYNTAX);
		buf_release(&b);
	}
	/* bare CR */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\rX: y\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	/* LF before the closing delimiter: not a delimiter, so no close is found */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
	/* the delimiter line must end in CRLF */
	expect_mp_errs("--XyZ\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_SYNTAX);
}

static void test_mp_framing(void **state)
{
	struct params f;
	struct upload_list u;

	(void)state;
	expect_mp_err(CT, "", 0, NULL, PARAMS_E_SYNTAX);
	expect_mp_err(CT, NULL, 0, NULL, PARAMS_E_SYNTAX);
	expect_mp_errs("no boundary here", PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ", PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\n", PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ-", PARAMS_E_SYNTAX);
	expect_mp_errs("preamble--XyZ--\r\n", PARAMS_E_SYNTAX);
	/* truncated in the headers, in the body, in the close */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; na", PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n", PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r", PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1", PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ\r\n",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ-",
		       PARAMS_E_SYNTAX);
	/* the boundary as a prefix of a longer word is not a delimiter: strict error */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZW\r\n--XyZ--",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZW\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--",
		       PARAMS_E_SYNTAX);
	/* junk after the close delimiter other than CRLF epilogue */
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--junk",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--\r",
		       PARAMS_E_SYNTAX);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--\n",
		       PARAMS_E_SYNTAX);
	/* a body for a different boundary */
	{
		static const char other[] =
			"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--\r\n";

		expect_mp_err("multipart/form-data; boundary=Other", other, sizeof other - 1, NULL,
			      PARAMS_E_SYNTAX);
	}
	/* an empty part body right before the delimiter */
	assert_int_equal(mp(CT, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n--XyZ--",
			    NULL, &f, &u), PARAMS_OK);
	assert_string_equal(params_get(&f, "a"), "");
	/* the body is given by length: bytes past it are not read */
	{
		static const char junk[] =
			"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--\r\nJUNK";
		size_t full = sizeof junk - 1 - 4;

		assert_int_equal(params_parse_multipart(A, CT, junk, full, NULL, &f, &u), PARAMS_OK);
		assert_string_equal(params_get(&f, "a"), "1");
		assert_int_equal(params_parse_multipart(A, CT, junk, full - 2, NULL, &f, &u),
				 PARAMS_OK);
		assert_int_equal(params_parse_multipart(A, CT, junk, full - 1, NULL, &f, &u),
				 PARAMS_E_SYNTAX);
		assert_int_equal(params_parse_multipart(A, CT, junk, full - 4, NULL, &f, &u),
				 PARAMS_E_SYNTAX);
	}
}

static void test_mp_text_rules(void **state)
{
	static const char nul[] =
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx\0y\r\n--XyZ--\r\n";
	static const char filenul[] =
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename=b\r\n\r\nx\0y\r\n--XyZ--\r\n";
	struct params f;
	struct upload_list u;

	(void)state;
	expect_mp_err(CT, nul, sizeof nul - 1, NULL, PARAMS_E_NUL);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\ncaf\xe9\r\n--XyZ--\r\n",
		       PARAMS_E_UTF8);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n\xed\xa0\x80\r\n--XyZ--\r\n",
		       PARAMS_E_UTF8);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=\"n\xff\"\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_UTF8);
	expect_mp_errs("--XyZ\r\nContent-Disposition: form-data; name=\"n\xff\"; filename=a\r\n\r\n1\r\n--XyZ--\r\n",
		       PARAMS_E_UTF8);
	/* file data may hold anything */
	assert_int_equal(params_parse_multipart(A, CT, filenul, sizeof filenul - 1, NULL, &f, &u),
			 PARAMS_OK);
	assert_int_equal(u.items[0].len, 3);
	/* UTF-8 names and values are fine */
	assert_int_equal(mp(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"kota\xc3\xa9\"\r\n\r\n"
			    "Bogor \xe2\x80\x94 \xf0\x9f\x8c\xb3\r\n--XyZ--\r\n", NULL, &f, &u), PARAMS_OK);
	assert_string_equal(params_get(&f, "kota\xc3\xa9"), "Bogor \xe2\x80\x94 \xf0\x9f\x8c\xb3");
}

/* body with n text parts named f0.., and m file parts named u0.. */
static void build_parts(struct buf *b, size_t n, size_t m)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < n; i++)
		buf_addf(b, "--XyZ\r\nContent-Disposition: form-data; name=\"f%zu\"\r\n\r\n%zu\r\n", i, i);
	for (i = 0; i < m; i++)
		buf_addf(b, "--XyZ\r\nContent-Disposition: form-data; name=\"u%zu\"; filename=\"%zu.txt\"\r\n"
			 "Content-Type: text/plain\r\n\r\nfile %zu\r\n", i, i, i);
	buf_adds(b, "--XyZ--\r\n");
}

static void test_mp_limits_counts(void **state)
{
	struct params_limits l = small_limits();
	struct buf b = BUF_INIT;
	struct params f;
	struct upload_list u;

	(void)state;
	l.max_fields = 3;
	l.max_files = 2;
	l.max_parts = 5;
	build_parts(&b, 3, 2);
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, &l, &f, &u), PARAMS_OK);
	assert_int_equal(f.count, 3);
	assert_int_equal(u.count, 2);
	assert_string_equal(params_get(&f, "f2"), "2");
	assert_string_equal(u.items[1].field, "u1");
	assert_string_equal(u.items[1].filename, "1.txt");
	assert_string_equal(u.items[1].content_type, "text/plain");
	assert_memory_equal(u.items[1].data, "file 1", 6);

	build_parts(&b, 4, 0);
	expect_mp_err(CT, b.ptr, b.len, &l, PARAMS_E_TOO_MANY);
	build_parts(&b, 0, 3);
	expect_mp_err(CT, b.ptr, b.len, &l, PARAMS_E_TOO_MANY_FILES);
	l.max_parts = 4;
	build_parts(&b, 3, 2);
	expect_mp_err(CT, b.ptr, b.len, &l, PARAMS_E_TOO_MANY);
	build_parts(&b, 2, 2);
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, &l, &f, &u), PARAMS_OK);
	l.max_files = 0;
	build_parts(&b, 1, 1);
	expect_mp_err(CT, b.ptr, b.len, &l, PARAMS_E_TOO_MANY_FILES);
	build_parts(&b, 1, 0);
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, &l, &f, &u), PARAMS_OK);

	/* dropped empty file inputs count as parts, not files */
	l = small_limits();
	l.max_parts = 2;
	l.max_files = 0;
	buf_reset(&b);
	buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=a; filename=\"\"\r\n\r\n\r\n"
		 "--XyZ\r\nContent-Disposition: form-data; name=b; filename=\"\"\r\n\r\n\r\n--XyZ--");
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, &l, &f, &u), PARAMS_OK);
	assert_int_equal(u.count, 0);
	l.max_parts = 1;
	expect_mp_err(CT, b.ptr, b.len, &l, PARAMS_E_TOO_MANY);

	/* defaults: 200 text fields and 10 files */
	build_parts(&b, 200, 10);
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, NULL, &f, &u), PARAMS_OK);
	assert_int_equal(f.count, 200);
	assert_int_equal(u.count, 10);
	assert_string_equal(params_get(&f, "f199"), "199");
	build_parts(&b, 201, 0);
	expect_mp_err(CT, b.ptr, b.len, NULL, PARAMS_E_TOO_MANY);
	build_parts(&b, 0, 11);
	expect_mp_err(CT, b.ptr, b.len, NULL, PARAMS_E_TOO_MANY_FILES);
	buf_release(&b);
}

static void one_part(struct buf *b, const char *name, const char *filename, const char *data,
		     size_t dlen)
{
	buf_reset(b);
	buf_addf(b, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"", name);
	if (filename)
		buf_addf(b, "; filename=\"%s\"", filename);
	buf_adds(b, "\r\n\r\n");
	buf_add(b, data, dlen);
	buf_adds(b, "\r\n--XyZ--\r\n");
}

static void test_mp_limits_lengths(void **state)
{
	struct params_limits l = small_limits();
	struct buf b = BUF_INIT;
	struct params f;
	struct upload_list u;

	(void)state;
	l.max_key_len = 4;
	l.max_value_len = 5;
	l.max_file_len = 6;
	one_part(&b, "abcd", NULL, "12345", 5);
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, &l, &f, &u), PARAMS_OK);
	assert_string_equal(params_get(&f, "abcd"), "12345");
	one_part(&b, "abcde", NULL, "1", 1);
	expect_mp_err(CT, b.ptr, b.len, &l, PARAMS_E_KEY_TOO_LONG);
	one_part(&b, "abcde", "x.txt", "1", 1);	/* file field names too */
	expect_mp_err(CT, b.ptr, b.len, &l, PARAMS_E_KEY_TOO_LONG);
	one_part(&b, "a", NULL, "123456", 6);
	expect_mp_err(CT, b.ptr, b.len, &l, PARAMS_E_VALUE_TOO_LONG);
	one_part(&b, "a", "x.bin", "123456", 6);
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, &l, &f, &u), PARAMS_OK);
	assert_int_equal(u.items[0].len, 6);
	one_part(&b, "a", "x.bin", "1234567", 7);
	expect_mp_err(CT, b.ptr, b.len, &l, PARAMS_E_FILE_TOO_LARGE);

	/* defaults: 64-byte names */
	one_part(&b, rep('n', 64), NULL, "1", 1);
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, NULL, &f, &u), PARAMS_OK);
	one_part(&b, rep('n', 65), NULL, "1", 1);
	expect_mp_err(CT, b.ptr, b.len, NULL, PARAMS_E_KEY_TOO_LONG);
	buf_release(&b);
}

static void test_mp_limits_headers(void **state)
{
	struct params_limits l = small_limits();
	struct buf b = BUF_INIT;
	struct params f;
	struct upload_list u;
	size_t pad;
	int i;

	(void)state;
	assert_int_equal(l.max_header_len, 1024);
	assert_int_equal(l.max_headers, 8);
	/* a header line of exactly 1024 bytes (without CRLF) */
	pad = 1024 - strlen("X-Pad: ");
	buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: ");
	buf_add(&b, rep('p', pad), pad);
	buf_adds(&b, "\r\n\r\n1\r\n--XyZ--\r\n");
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, NULL, &f, &u), PARAMS_OK);
	buf_reset(&b);
	buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: ");
	buf_add(&b, rep('p', pad + 1), pad + 1);
	buf_adds(&b, "\r\n\r\n1\r\n--XyZ--\r\n");
	expect_mp_err(CT, b.ptr, b.len, NULL, PARAMS_E_TOO_LARGE);
	/* an unterminated long line is too large, not just truncated */
	buf_reset(&b);
	buf_adds(&b, "--XyZ\r\nX-Pad: ");
	buf_add(&b, rep('p', 5000), 5000);
	expect_mp_err(CT, b.ptr, b.len, NULL, PARAMS_E_TOO_LARGE);

	/* 8 header lines, then 9 */
	buf_reset(&b);
	buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n");
	for (i = 0; i < 7; i++)
		buf_addf(&b, "X-H%d: v\r\n", i);
	buf_adds(&b, "\r\n1\r\n--XyZ--\r\n");
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, NULL, &f, &u), PARAMS_OK);
	buf_reset(&b);
	buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n");
	for (i = 0; i < 8; i++)
		buf_addf(&b, "X-H%d: v\r\n", i);
	buf_adds(&b, "\r\n1\r\n--XyZ--\r\n");
	expect_mp_err(CT, b.ptr, b.len, NULL, PARAMS_E_TOO_LARGE);

	/* smaller custom limits */
	l.max_header_len = 50;
	l.max_headers = 1;
	buf_reset(&b);
	buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"");
	buf_add(&b, rep('n', 50 - 38 - 1), 50 - 38 - 1);
	buf_adds(&b, "\"\r\n\r\n1\r\n--XyZ--\r\n");
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, &l, &f, &u), PARAMS_OK);
	buf_reset(&b);
	buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"");
	buf_add(&b, rep('n', 50 - 38), 50 - 38);
	buf_adds(&b, "\"\r\n\r\n1\r\n--XyZ--\r\n");
	expect_mp_err(CT, b.ptr, b.len, &l, PARAMS_E_TOO_LARGE);
	buf_release(&b);
}

static void test_mp_arena_bounded(void **state)
{
	struct buf b = BUF_INIT;
	struct params f;
	struct upload_list u;
	int i;

	(void)state;
	/* many ignored quoted parameters must not each allocate the line length */
	buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=a");
	for (i = 0; i < 100; i++)
		buf_adds(&b, "; x=\"\"");
	buf_adds(&b, "\r\n\r\n1\r\n--XyZ--\r\n");
	assert_int_equal(params_parse_multipart(A, CT, b.ptr, b.len, NULL, &f, &u), PARAMS_OK);
	assert_string_equal(params_get(&f, "a"), "1");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_err_messages),
		T(test_err_status),
		T(test_url_basic),
		T(test_url_decoding),
		T(test_url_empty_pairs),
		T(test_url_no_equals),
		T(test_url_repeated_keys),
		T(test_url_length_not_nul_terminated),
		T(test_url_bad_percent),
		T(test_url_nul),
		T(test_url_utf8),
		T(test_url_max_fields),
		T(test_url_key_len),
		T(test_url_value_len),
		T(test_url_default_limits),
		T(test_cookie_basic),
		T(test_cookie_empty),
		T(test_cookie_quotes),
		T(test_cookie_whitespace),
		T(test_cookie_malformed_skipped),
		T(test_cookie_repeated),
		T(test_cookie_count_limit),
		T(test_cookie_length_limits),
		T(test_mp_content_type),
		T(test_mp_boundary_length),
		T(test_mp_fields),
		T(test_mp_preamble_epilogue),
		T(test_mp_file),
		T(test_mp_empty_file_input),
		T(test_mp_filename_sanitise),
		T(test_mp_disposition_params),
		T(test_mp_bad_disposition),
		T(test_mp_bad_headers),
		T(test_mp_line_endings),
		T(test_mp_framing),
		T(test_mp_text_rules),
		T(test_mp_limits_counts),
		T(test_mp_limits_lengths),
		T(test_mp_limits_headers),
		T(test_mp_arena_bounded),
#undef T
	};

	return cmocka_run_group_tests_name("params", tests, NULL, NULL);
}
