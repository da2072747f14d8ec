// SPDX-License-Identifier: MIT
// Outbox producer side: one row per message, same transaction as the event.
#include "domain/notify.h"

#include <time.h>

const char *const notify_channel_names[NOTIFY__MAX] = { "whatsapp", "email" };

int notify_queue(struct db *db, enum notify_channel ch, const char *to, const char *subject,
		 const char *body)
{
	int64_t now = time(NULL);

	return db_exec(db, "INSERT INTO outbox (channel, recipient, subject, body, status, attempts, "
		       "next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
		       "ssssii", notify_channel_names[ch], to, subject, body, now, now) == DB_DONE ? 0 : -1;
}

int notify_both(struct db *db, const char *phone, const char *email, const char *subject,
		const char *body)
{
	if (phone && *phone && notify_queue(db, NOTIFY_WHATSAPP, phone, subject, body) < 0)
		return -1;
	if (email && *email && notify_queue(db, NOTIFY_EMAIL, email, subject, body) < 0)
		return -1;
	return 0;
}
