// SPDX-License-Identifier: MIT
// Outbox producer side: one row per message, same transaction as the event.
#include "domain/notify.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"

const char *const notify_channel_names[NOTIFY__MAX] = { "whatsapp", "email" };

char *notify_text(const char *body, int shown)
{
	struct buf b = BUF_INIT;
	const char *p = body;

	while (*p) {
		size_t n = strcspn(p, NOTIFY_SECRET_BEGIN);

		buf_add(&b, p, n);
		p += n;
		if (!*p)
			break;
		n = strcspn(++p, NOTIFY_SECRET_END);
		if (shown)
			buf_adds(&b, NOTIFY_MASK);
		else
			buf_add(&b, p, n);
		p += n;
		if (*p)
			p++;
	}
	return buf_detach(&b, NULL);
}

int notify_queue(struct db *db, enum notify_channel ch, const char *to, const char *subject,
		 const char *body)
{
	int64_t now = time(NULL);
	char *shown = NULL, *sent = NULL;
	int rc;

	if (strpbrk(body, NOTIFY_SECRET_BEGIN)) {
		shown = notify_text(body, 1);
		sent = notify_text(body, 0);
		if (!shown || !sent) {
			free(shown);
			free(sent);
			return -1;
		}
	}
	rc = db_exec(db, "INSERT INTO outbox (channel, recipient, subject, body, rahasia, status, attempts, "
		     "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
		     "sssssii", notify_channel_names[ch], to, subject, shown ? shown : body, sent, now, now) == DB_DONE
	     ? 0 : -1;
	free(shown);
	free(sent);
	return rc;
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
