// SPDX-License-Identifier: MIT
// Test harness: the officers' authenticator app (TOTP with libcrypto) and the two-factor steps of staff logins.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "harness_client.h"

#define PERIOD 30
#define MAX_APPS 512
#define KEY_MAX 64
#define RECOVERY_MAX 10
/* t-1 is offered only this many seconds into a step: the server checks a
 * moment later and must still count t-1 inside its window */
#define PREVIOUS_STEP_UNTIL 22

struct app {
	char dir[256];
	char user[40];
	char b32[128];
	unsigned char key[KEY_MAX];
	int keylen;
	long long last;                 /* last time step handed out */
	char recovery[RECOVERY_MAX][24];
	int nrecovery, next_recovery;
};

static struct app apps[MAX_APPS];
static int napps;

static struct app *find(struct srv *s, const char *user)
{
	int i;

	for (i = 0; i < napps; i++)
		if (!strcmp(apps[i].dir, s->dir) && !strcmp(apps[i].user, user))
			return &apps[i];
	return NULL;
}

void totp_forget(struct srv *s, const char *user)
{
	struct app *a = find(s, user);

	if (a)
		*a = apps[--napps];
}

void totp_forget_dir(const char *dir)
{
	int i;

	for (i = 0; i < napps;)
		if (!strcmp(apps[i].dir, dir))
			apps[i] = apps[--napps];
		else
			i++;
}

/* RFC 4648 base32, spaces ignored; the byte count or -1. */
static int base32_decode(const char *in, unsigned char *out, int max)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned acc = 0;
	int bits = 0, n = 0;

	for (; *in; in++) {
		const char *at;

		if (*in == ' ')
			continue;
		at = strchr(alphabet, *in);
		if (!at || !*in || n == max)
			return -1;
		acc = (acc << 5) | (unsigned)(at - alphabet);
		bits += 5;
		if (bits >= 8) {
			out[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
		acc &= (1u << bits) - 1;
	}
	return n;
}

/* The six-digit TOTP of a time step (RFC 6238 with HMAC-SHA1). */
static void code_of(const struct app *a, long long step, char out[7])
{
	unsigned char msg[8], md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, bin;
	int i, off;

	for (i = 7; i >= 0; i--, step >>= 8)
		msg[i] = (unsigned char)(step & 0xff);
	HMAC(EVP_sha1(), a->key, a->keylen, msg, sizeof msg, md, &mdlen);
	off = md[mdlen - 1] & 0x0f;
	bin = ((unsigned)(md[off] & 0x7f) << 24) | ((unsigned)md[off + 1] << 16) | ((unsigned)md[off + 2] << 8) |
	      md[off + 3];
	snprintf(out, 7, "%06u", bin % 1000000);
}

int totp_code(struct srv *s, const char *user, char out[7])
{
	struct app *a = find(s, user);

	if (!a) {
		fprintf(stderr, "no authenticator app for %s\n", user);
		return -1;
	}
	for (;;) {
		time_t now = time(NULL);
		long long cur = now / PERIOD, step = now % PERIOD < PREVIOUS_STEP_UNTIL ? cur - 1 : cur;

		if (step <= a->last)
			step = a->last + 1;
		if (step <= cur + 1) {
			a->last = step;
			code_of(a, step, out);
			return 0;
		}
		/* t-1, t and t+1 are used: the next step brings a new t+1 */
		sleep((unsigned)(PERIOD - now % PERIOD));
	}
}

int totp_code_at(struct srv *s, const char *user, long long t, char out[7])
{
	struct app *a = find(s, user);

	if (!a)
		return -1;
	code_of(a, t / PERIOD, out);
	return 0;
}

const char *totp_secret(struct srv *s, const char *user)
{
	struct app *a = find(s, user);

	return a ? a->b32 : NULL;
}

const char *totp_recovery(struct srv *s, const char *user)
{
	struct app *a = find(s, user);

	return a && a->next_recovery < a->nrecovery ? a->recovery[a->next_recovery++] : NULL;
}

int totp_keep_recovery(struct srv *s, const char *user, const char *html)
{
	static const char mark[] = "class=\"kode-pemulihan";
	struct app *a = find(s, user);
	const char *p = html;

	if (!a)
		return 0;
	a->nrecovery = a->next_recovery = 0;
	while (a->nrecovery < RECOVERY_MAX && (p = strstr(p, mark)) && (p = strchr(p, '>'))) {
		size_t n = strcspn(++p, "<");

		snprintf(a->recovery[a->nrecovery++], sizeof a->recovery[0], "%.*s", (int)n, p);
	}
	return a->nrecovery;
}

/* The secret shown for manual entry on an enrolment page (spaces kept). */
static int secret_of(const char *html, char *out, size_t outsz)
{
	const char *p = strstr(html, "id=\"rahasia\"");
	size_t n;

	if (!p || !(p = strchr(p, '>')))
		return -1;
	n = strcspn(++p, "<");
	if (!n || n >= outsz)
		return -1;
	snprintf(out, outsz, "%.*s", (int)n, p);
	return 0;
}

int staf_enrol(struct client *c, const char *user)
{
	struct app fresh, *a;
	struct resp r;
	char code[7], *csrf = NULL;
	int ok = 0;

	memset(&fresh, 0, sizeof fresh);
	if (client_get(c, "/staf/dua-langkah", &r) == 0 && r.status == 200 &&
	    secret_of(r.body, fresh.b32, sizeof fresh.b32) == 0 &&
	    (fresh.keylen = base32_decode(fresh.b32, fresh.key, KEY_MAX)) > 0)
		csrf = html_field(r.body, "csrf");
	if (!csrf)
		fprintf(stderr, "GET /staf/dua-langkah: %ld, no enrolment form for %s\n", r.status, user);
	resp_free(&r);
	if (!csrf)
		return -1;
	totp_forget(c->s, user);
	if (napps == MAX_APPS) {
		free(csrf);
		return -1;
	}
	snprintf(fresh.dir, sizeof fresh.dir, "%s", c->s->dir);
	snprintf(fresh.user, sizeof fresh.user, "%s", user);
	fresh.last = -1;
	a = &apps[napps++];
	*a = fresh;
	if (totp_code(c->s, user, code) == 0 &&
	    client_post(c, "/staf/dua-langkah", &r, "csrf", csrf, "kode", code, NULL) == 0) {
		ok = r.status == 200 && totp_keep_recovery(c->s, user, r.body) == RECOVERY_MAX;
		if (!ok)
			fprintf(stderr, "enrolment of %s: %ld\n", user, r.status);
		resp_free(&r);
	}
	free(csrf);
	if (!ok)
		totp_forget(c->s, user);
	return ok ? 0 : -1;
}

void client_manual_2fa(struct client *c, int on)
{
	c->manual_2fa = on;
}

int staf_code_post(struct client *c, const char *field, const char *code, struct resp *out)
{
	char *csrf = page_field(c, "/staf/login/kode", "csrf");
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (csrf)
		rc = client_post(c, "/staf/login/kode", out, "csrf", csrf, field, code, NULL);
	free(csrf);
	return rc;
}

/* 1 when out is a 303 to path. */
static int sent_to(const struct resp *out, const char *path)
{
	char *loc = out->status == 303 ? resp_header(out, "Location") : NULL;
	int yes = loc && !strcmp(loc, path);

	free(loc);
	return yes;
}

/* Logs c's officer out (the logout button of any staff page). */
static void logout(struct client *c)
{
	char *csrf = page_field(c, "/staf/password", "csrf");
	struct resp r;

	if (csrf && client_post(c, "/staf/logout", &r, "csrf", csrf, NULL) == 0)
		resp_free(&r);
	free(csrf);
}

int totp_after_login(struct client *c, const char *user, const char *password, struct resp *out)
{
	char code[7];

	if (sent_to(out, "/staf/login/kode")) {
		if (totp_code(c->s, user, code) < 0)
			return 0; /* the test sees the code step itself */
		resp_free(out);
		return staf_code_post(c, "kode", code, out);
	}
	if (sent_to(out, "/staf/dua-langkah")) {
		if (staf_enrol(c, user) < 0)
			return -1;
		/* and in again, the way an enrolled officer logs in */
		logout(c);
		resp_free(out);
		return staf_login_post(c, user, password, out);
	}
	return 0;
}

/* Logs user in with a client of its own and enrols them when the server
 * sends them to enrolment; that client logs out again, so no session of
 * the officer is left beside the test's. 0 or -1. */
static int enrol_aside(struct srv *s, const char *user, const char *password)
{
	struct client *d = client_new(s);
	struct resp r;
	int rc = -1;

	client_manual_2fa(d, 1);
	if (staf_login_post(d, user, password, &r) == 0 && r.status == 303) {
		rc = sent_to(&r, "/staf/dua-langkah") ? staf_enrol(d, user) : 0;
		if (!sent_to(&r, "/staf/login/kode"))
			logout(d);
	} else {
		fprintf(stderr, "login of %s to enrol: %ld\n", user, r.status);
	}
	resp_free(&r);
	client_free(d);
	return rc;
}

int totp_after_password(struct client *c, const char *password, const struct resp *out)
{
	(void)out;
	if (!c->user[0] || find(c->s, c->user))
		return 0;
	return enrol_aside(c->s, c->user, password);
}

char *staf_token(struct srv *s, const char *user, const char *password)
{
	char code[7];
	json_t *j;
	long st;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		json_t *body = json_pack("{s:s, s:s}", "username", user, "password", password);

		if (find(s, user) && totp_code(s, user, code) == 0)
			json_object_set_new(body, "kode", json_string(code));
		j = api_json(s, "POST", "/api/v1/staf/sesi", body, NULL, &st);
		if (st != 403 || !err_code(j) || strcmp(err_code(j), "perlu_2fa") || tries)
			break;
		/* the officer must enrol first, on the web site */
		json_decref(j);
		j = NULL;
		if (enrol_aside(s, user, password) < 0)
			break;
	}
	return token_of("/api/v1/staf/sesi", j, st);
}

int srv_admin_reset_2fa(struct srv *s, const char *user)
{
	char *const argv[] = { LOKET_BIN, "admin", "reset-2fa", (char *)(uintptr_t)user, NULL };
	char *out = srv_run_last_line(s, argv);

	if (!out)
		return -1;
	free(out);
	totp_forget(s, user);
	return 0;
}
