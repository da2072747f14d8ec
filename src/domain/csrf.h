// SPDX-License-Identifier: MIT
// CSRF tokens of forms shown without a session: signed double-submit tokens under a key every instance shares.
#ifndef LOKET_CSRF_H
#define LOKET_CSRF_H

#include <stdint.h>

#include "store/db.h"

/*
 * A form shown to a visitor who has no session (verifying a signed PDF,
 * the password reset link opened in a new browser) carries a token that
 * the server can check without storing anything per visitor: base64url of
 * 16 random bytes, the 8-byte issue time and an HMAC-SHA256 of both under
 * the office's key. The web layer puts the same token in a cookie and the
 * form (double submit); this module only makes and checks tokens. A
 * session's own token (session.h) is a different thing and always wins.
 */

/* Text length of a token, without the NUL. */
#define CSRF_ANON_LEN 75

/* Loads the shared key (kunci_server 'csrf'), making it when no instance
 * has yet; race-free across instances. Once at start-up, before threads
 * use the functions below. 0 or -1 (logged). */
int csrf_init(struct db *db);
/* A fresh token issued at now. */
void csrf_anon_issue(int64_t now, char out[CSRF_ANON_LEN + 1]);
/* 1 when token is one of ours (the HMAC checks out) issued less than
 * g_cfg.session_max seconds before now and not more than a few minutes
 * after it (clocks of instances differ); 0 otherwise, NULL included. */
int csrf_anon_valid(const char *token, int64_t now);

#endif
