// SPDX-License-Identifier: MIT
// Chat between an applicant and the officers on one application.
#ifndef LOKET_CHAT_H
#define LOKET_CHAT_H

#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

enum chat_side { CHAT_PEMOHON, CHAT_STAF, CHAT__MAX };
extern const char *const chat_side_names[CHAT__MAX];

/* Messages a page shows at most: a page never grows with the chat. */
#define CHAT_PAGE 50

/*
 * One page of an application's messages, oldest first: the CHAT_PAGE
 * newest with an id below sebelum (0: the newest), as [{id, dari, nama,
 * isi, waktu}]. *lebih_lama receives the id to pass as sebelum for the
 * page before it, 0 when there is none. Reading the newest page as `side`
 * marks the other side's messages as seen.
 */
json_t *chat_list(struct db *db, int64_t app_id, enum chat_side side, int64_t sebelum, int64_t *lebih_lama);

enum chat_rc { CHAT_OK, CHAT_INVALID, CHAT_LIMIT, CHAT_ERR, CHAT_RC__MAX };

/*
 * Posts a message (1..chat_max characters; errors.isi otherwise). Each side
 * of an application sends at most chat_max_hour messages an hour
 * (CHAT_LIMIT, errors.isi and *retry the seconds to wait). A message from
 * an officer tells the applicant by WhatsApp, at most once per
 * chat_notify_window seconds for one application, and is written to the
 * audit log in the same transaction.
 */
enum chat_rc chat_post(struct db *db, int64_t app_id, enum chat_side side, int64_t staf_id, const char *isi,
		       json_t *errors, long *retry);

#endif
