// SPDX-License-Identifier: MIT
// Outbox consumer side: claims due rows and delivers them through their channel's transport.
#ifndef LOKET_OUTBOX_H
#define LOKET_OUTBOX_H

#include <stdatomic.h>
#include <stdint.h>

#include "domain/notify.h"
#include "store/db.h"

/* Rows handled per outbox_run call. */
#define OUTBOX_BATCH 50
/* Seconds a claim holds a row; longer than one transfer may take. */
#define OUTBOX_LOCK_SECONDS 60
/* Retry delays: OUTBOX_BACKOFF_BASE * 2^attempts, at most OUTBOX_BACKOFF_MAX. */
#define OUTBOX_BACKOFF_BASE 5
#define OUTBOX_BACKOFF_MAX 3600

/* A claimed row; the strings are owned by it (outbox_row_free). */
struct outbox_row {
	int64_t id;
	enum notify_channel channel;  /* NOTIFY__MAX: unknown channel name */
	char *to;
	char *subject;
	char *body;
	int64_t attempts;             /* attempts made before this one */
	int64_t created_at;
};

/* Picks the transport of each channel from g_cfg (whatsapp_transport,
 * email_transport) and checks its settings; 0, or -1 (logged) on an unknown
 * transport name or unusable settings. Warns once about "none". Later the
 * delivery thread follows the admin's Pengaturan (settings_get): when its
 * transport values change both transports are picked again, and a channel
 * whose new settings are unusable holds its messages back (logged). */
int outbox_init(void);

/*
 * Claims the first due row (status 'pending', next_attempt_at and
 * locked_until <= now) with id > after_id whose channel is not in
 * skip_mask (bit 1 << channel), by moving its locked_until to
 * now + OUTBOX_LOCK_SECONDS with a conditional UPDATE that only one
 * process can win. Returns 1 with *out filled, 0 when nothing is due, -1 on
 * a database error. The one place to swap for FOR UPDATE SKIP LOCKED.
 */
int outbox_claim(struct db *db, int64_t now, int64_t after_id, unsigned skip_mask,
		 struct outbox_row *out);
void outbox_row_free(struct outbox_row *r);

/* Delay before the next try after the given number of failed attempts. */
int64_t outbox_backoff(int64_t attempts);

/*
 * Claims and delivers up to OUTBOX_BATCH due messages, recording each
 * outcome (sent, retry with backoff, failed after notify_max_attempts).
 * A channel whose transport is down (unreachable, 5xx, 429, bad token)
 * rests 15 s, doubling up to 5 min while it stays down, so an outage does
 * not use up the attempts of every queued message or delay the other
 * channel by a connect timeout per message.
 * Stops early when *cancel becomes non-zero. Returns the number of rows
 * handled, or -1 on a database error. Delivery thread only.
 */
int outbox_run(struct db *db, const atomic_int *cancel);

/* Releases the transports' resources; call from the delivery thread. */
void outbox_close(void);

#endif
