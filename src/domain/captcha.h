// SPDX-License-Identifier: MIT
// Math captcha ("Berapa 3 dikali 5 ?"): single-use, expiring, session-bound.
#ifndef LOKET_CAPTCHA_H
#define LOKET_CAPTCHA_H

#include "lib/secret.h"
#include "store/db.h"

enum captcha_result { CAPTCHA_OK, CAPTCHA_WRONG, CAPTCHA_INVALID, CAPTCHA__MAX };

/* Creates a captcha bound to a session hash (NULL for API captchas).
 * id receives the public id, question the text to show. */
int captcha_new(struct db *db, const char *sesi_hash, char id[SECRET_TOKEN_LEN + 1],
		char question[64]);
/* Checks and consumes the captcha whatever the answer: a second use of the
 * same id is CAPTCHA_INVALID, as is an expired one or another session's. */
enum captcha_result captcha_check(struct db *db, const char *id, const char *sesi_hash,
				  const char *answer);
/* Indonesian message for a failed check. */
const char *captcha_message(enum captcha_result r);

#endif
