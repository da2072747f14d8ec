// SPDX-License-Identifier: MIT
// The harness's client as its own files see it (tests use struct client through harness.h only).
#ifndef LOKET_TEST_HARNESS_CLIENT_H
#define LOKET_TEST_HARNESS_CLIENT_H

#include <curl/curl.h>

#include "harness.h"

struct client {
	CURL *h;
	struct srv *s;
	const char *const *extra_headers;  /* client_multipart only */
	int manual_2fa;                    /* staf_* helpers leave the two-factor steps to the test */
	char user[40];                     /* the officer of the last staf_login_post */
};

/* harness_totp.c: what staf_login_post and staf_password_post do after
 * the server answered (see harness.h). */
int totp_after_login(struct client *c, const char *user, const char *password, struct resp *out);
int totp_after_password(struct client *c, const char *password, const struct resp *out);

/* Runs loket with argv on the server's data directory and database; the
 * last line of its output (caller frees), or NULL when it failed. */
char *srv_run_last_line(struct srv *s, char *const argv[]);
/* The "token" of a 201 answer (caller frees), or NULL (printing why);
 * frees j. */
char *token_of(const char *path, json_t *j, long st);

#endif
