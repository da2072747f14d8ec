// SPDX-License-Identifier: MIT
// Chat between an applicant and the officers on one application.
#ifndef LOKET_CHAT_H
#define LOKET_CHAT_H

#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

enum chat_side { CHAT_PEMOHON, CHAT_STAF, CHAT__MAX };
extern const char *const chat_side_names[CHAT__MAX];

/* Messages of an application, oldest first: [{id, dari, nama, isi, waktu}].
 * Reading as `side` marks the other side's messages as seen. */
json_t *chat_list(struct db *db, int64_t app_id, enum chat_side side);

/*
 * Posts a message (1..chat_max characters; errors.isi otherwise). A message
 * from an officer tells the applicant by WhatsApp, at most once per
 * chat_notify_window seconds for one application, and is written to the
 * audit log in the same transaction. 0, 1 when invalid, -1
 * on error.
 */
int chat_post(struct db *db, int64_t app_id, enum chat_side side, int64_t staf_id, const char *isi,
	      json_t *errors);

#endif
