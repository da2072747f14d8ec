// SPDX-License-Identifier: MIT
// Notifications: queued in the outbox inside the caller's transaction.
#ifndef LOKET_NOTIFY_H
#define LOKET_NOTIFY_H

#include "store/db.h"

enum notify_channel { NOTIFY_WHATSAPP, NOTIFY_EMAIL, NOTIFY__MAX };

extern const char *const notify_channel_names[NOTIFY__MAX];

/*
 * A secret sent to a resident (a link's token, a code) is written into the
 * body between NOTIFY_SECRET_BEGIN and NOTIFY_SECRET_END, e.g.
 *   buf_addf(&b, "%s/pemohon/reset/" NOTIFY_SECRET("%s"), base, token);
 * The outbox row's body keeps the text with every secret masked, which is
 * all staff can ever read (pages, exports); the full text waits in a
 * column of its own for delivery and is dropped once the message has gone
 * or failed for good. The markers are control characters that validated
 * input never holds.
 */
#define NOTIFY_SECRET_BEGIN "\x1e"
#define NOTIFY_SECRET_END "\x1f"
#define NOTIFY_SECRET(s) NOTIFY_SECRET_BEGIN s NOTIFY_SECRET_END
/* What staff see in place of a secret. */
#define NOTIFY_MASK "••••••"

/* Queues one message; delivery happens later in jobs/outbox. 0 or -1. */
int notify_queue(struct db *db, enum notify_channel ch, const char *to, const char *subject,
		 const char *body);
/* Queues the same text to a WhatsApp number (628...) and an e-mail address. */
int notify_both(struct db *db, const char *phone, const char *email, const char *subject,
		const char *body);
/* The body with its secrets masked (shown) or with the markers removed
 * (sent). Caller frees; NULL when out of memory. */
char *notify_text(const char *body, int shown);

#endif
