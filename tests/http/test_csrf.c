// SPDX-License-Identifier: MIT
// CSRF of forms shown without a session (the signed loket_csrf double-submit token) and of a logged-in user's forms.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define PW "Feb1702."
#define NIK "3326071505900031"
/* what /verifikasi answers for a PDF without a signature: the handler ran */
#define RESULT "File ini tidak memuat tanda tangan elektronik."
#define TOKEN_LEN 75

static struct srv S;
static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

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

/* The csrf field of /verifikasi as c sees it (caller frees). */
static char *verify_token(struct client *c)
{
	char *t = page_field(c, "/verifikasi", "csrf");

	assert_non_null(t);
	return t;
}

/* POSTs the PDF to /verifikasi with csrf (none when NULL); the status, and
 * whether the answer is the verification result. */
static long verify_post(struct client *c, const char *csrf, int *result)
{
	struct part with[] = {
		{ "csrf", csrf, 0, NULL, NULL },
		{ "file", pdf, sizeof pdf - 1, "cek.pdf", "application/pdf" },
		{ NULL, NULL, 0, NULL, NULL },
	};
	struct resp r;
	long status;

	assert_int_equal(client_multipart(c, "/verifikasi", csrf ? with : with + 1, &r), 0);
	status = r.status;
	*result = resp_has(&r, RESULT);
	resp_free(&r);
	return status;
}

/* A refused POST: 403, and the handler never ran. */
static void assert_refused(struct client *c, const char *csrf)
{
	int result;

	assert_int_equal(verify_post(c, csrf, &result), 403);
	assert_false(result);
}

/* An accepted POST: the verification result. */
static void assert_accepted(struct client *c, const char *csrf)
{
	int result;

	assert_int_equal(verify_post(c, csrf, &result), 200);
	assert_true(result);
}

/* A fresh client whose only cookie is loket_csrf=value. */
static struct client *client_with_cookie(const char *value, char header[200])
{
	struct client *c = client_new(&S);
	static const char *headers[2];

	snprintf(header, 200, "Cookie: loket_csrf=%s", value);
	headers[0] = header;
	headers[1] = NULL;
	client_set_headers(c, headers);
	return c;
}

static void test_anonymous_visitor_verifies_without_session(void **st)
{
	struct client *c = client_new(&S);
	long long sessions = srv_count(&S, "sesi");
	struct resp r;
	char *cookie, *t;

	(void)st;
	assert_int_equal(client_get(c, "/verifikasi", &r), 0);
	assert_int_equal(r.status, 200);
	cookie = resp_header(&r, "Set-Cookie");
	assert_non_null(cookie);
	t = html_field(r.body, "csrf");
	assert_non_null(t);
	assert_int_equal(strlen(t), TOKEN_LEN);
	/* the cookie holds the form's token, for this site only, out of scripts' reach */
	assert_int_equal(strncmp(cookie, "loket_csrf=", 11), 0);
	assert_int_equal(strncmp(cookie + 11, t, TOKEN_LEN), 0);
	assert_non_null(strstr(cookie, "; Path=/"));
	assert_non_null(strstr(cookie, "; HttpOnly"));
	assert_non_null(strstr(cookie, "; SameSite=Lax"));
	assert_null(strstr(r.headers, "loket_sid"));
	resp_free(&r);

	assert_accepted(c, t);
	/* again, and the page after it keeps the same token: no new cookie */
	assert_accepted(c, t);
	assert_int_equal(client_get(c, "/verifikasi", &r), 0);
	assert_null(resp_header(&r, "Set-Cookie"));
	free(cookie);
	cookie = html_field(r.body, "csrf");
	assert_string_equal(cookie, t);
	resp_free(&r);
	/* no row per visitor */
	assert_int_equal(srv_count(&S, "sesi"), sessions);
	free(cookie);
	free(t);
	client_free(c);
}

static void test_bad_anonymous_post_without_token(void **st)
{
	struct client *c = client_new(&S);
	char *t = verify_token(c);

	(void)st;
	assert_refused(c, NULL);
	assert_refused(c, "");
	assert_accepted(c, t);
	free(t);
	client_free(c);
}

static void test_bad_anonymous_token_without_cookie(void **st)
{
	struct client *a = client_new(&S), *b = client_new(&S);
	char *t = verify_token(a);

	(void)st;
	/* b never had a cookie: a token alone is not enough */
	assert_refused(b, t);
	assert_accepted(a, t);
	free(t);
	client_free(a);
	client_free(b);
}

static void test_bad_anonymous_token_of_another_visitor(void **st)
{
	struct client *a = client_new(&S), *b = client_new(&S);
	char *ta = verify_token(a), *tb = verify_token(b);

	(void)st;
	assert_string_not_equal(ta, tb);
	/* both genuine, but not the pair of one browser */
	assert_refused(a, tb);
	assert_refused(b, ta);
	assert_accepted(a, ta);
	assert_accepted(b, tb);
	free(ta);
	free(tb);
	client_free(a);
	client_free(b);
}

static void test_bad_anonymous_token_forged(void **st)
{
	struct client *a = client_new(&S), *c;
	char *t = verify_token(a), header[200], forged[TOKEN_LEN + 1];
	const char *const fakes[] = {
		forged,                                          /* a genuine token, its signature touched */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", /* right shape */
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",   /* a session token's shape */
		"x",
	};
	size_t i;

	(void)st;
	memcpy(forged, t, sizeof forged);
	forged[TOKEN_LEN - 5] = forged[TOKEN_LEN - 5] == 'A' ? 'B' : 'A';
	/* cookie and field agree, as an attacker who can set a cookie makes
	 * them: only the signature tells */
	for (i = 0; i < sizeof fakes / sizeof *fakes; i++) {
		c = client_with_cookie(fakes[i], header);
		assert_refused(c, fakes[i]);
		client_free(c);
	}
	c = client_with_cookie(t, header);
	assert_accepted(c, t);
	client_free(c);
	free(t);
	client_free(a);
}

/* Instances share only the database: the key comes from there, so a form
 * shown by one instance is accepted by another. */
static void test_anonymous_token_good_on_another_instance(void **st)
{
	struct client *c = client_new(&S);
	char *t = verify_token(c);
	struct srv peer;

	(void)st;
	assert_int_equal(srv_start_peer(&peer, &S, NULL), 0);
	client_use(c, &peer);
	assert_accepted(c, t);
	assert_int_equal(srv_stop(&peer), 0);
	free(t);
	client_free(c);
}

static void test_logged_in_form_needs_session_token(void **st)
{
	struct client *c = client_new(&S);
	char *anon = verify_token(c), *own;
	struct resp r;

	(void)st;
	assert_int_equal(strlen(anon), TOKEN_LEN);
	assert_int_equal(pemohon_active(&S, c, NIK, PW), 0);
	/* the browser still holds a genuine anonymous pair; logged in, it counts for nothing */
	assert_refused(c, anon);
	assert_int_equal(client_post(c, "/pemohon/logout", &r, "csrf", anon, NULL), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(page_get(&S, c, "/pemohon/akun", 200, &r), 0);
	resp_free(&r);
	/* the session's token does */
	own = page_field(c, "/pemohon/akun", "csrf");
	assert_non_null(own);
	assert_string_not_equal(own, anon);
	assert_accepted(c, own);
	assert_int_equal(client_post(c, "/pemohon/logout", &r, "csrf", own, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(client_get(c, "/pemohon/akun", &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	free(own);
	free(anon);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anonymous_visitor_verifies_without_session),
		cmocka_unit_test(test_bad_anonymous_post_without_token),
		cmocka_unit_test(test_bad_anonymous_token_without_cookie),
		cmocka_unit_test(test_bad_anonymous_token_of_another_visitor),
		cmocka_unit_test(test_bad_anonymous_token_forged),
		cmocka_unit_test(test_anonymous_token_good_on_another_instance),
		cmocka_unit_test(test_logged_in_form_needs_session_token),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
