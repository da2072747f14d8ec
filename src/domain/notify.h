// SPDX-License-Identifier: MIT
// Notifications: queued in the outbox inside the caller's transaction.
#ifndef LOKET_NOTIFY_H
#define LOKET_NOTIFY_H

#include "store/db.h"

enum notify_channel { NOTIFY_WHATSAPP, NOTIFY_EMAIL, NOTIFY__MAX };

extern const char *const notify_channel_names[NOTIFY__MAX];

/* Queues one message; delivery happens later in jobs/outbox. 0 or -1. */
int notify_queue(struct db *db, enum notify_channel ch, const char *to, const char *subject,
		 const char *body);
/* Queues the same text to a WhatsApp number (628...) and an e-mail address. */
int notify_both(struct db *db, const char *phone, const char *email, const char *subject,
		const char *body);

#endif
