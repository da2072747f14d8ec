// SPDX-License-Identifier: MIT
// Outbox delivery: claim one due row at a time, send it, record the outcome.
#include "jobs/outbox.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/settings.h"
#include "jobs/transport.h"
#include "lib/config.h"
#include "lib/log.h"

typedef enum transport_rc send_fn(const struct outmsg *m, const atomic_int *cancel, char *err,
				  size_t errlen);

/* NULL: transport "none", rows are marked sent without sending. */
static send_fn *senders[NOTIFY__MAX];

static const char *const rc_names[TRANSPORT__MAX] = { "sent", "retry", "down", "reject" };

/* Circuit breaker: a channel whose transport is down rests for a while
 * (doubling up to BREAKER_MAX) instead of costing every queued message an
 * attempt. Delivery thread only. */
#define BREAKER_MIN 15
#define BREAKER_MAX 300
static int64_t pause_for[NOTIFY__MAX];
static int64_t resume_at[NOTIFY__MAX];

struct transport_cfg transport_cfg;

/* Stands in for a transport whose settings are unusable: its messages are
 * retried later like those of a transport that is down, never marked sent. */
static enum transport_rc misconfigured(const struct outmsg *m, const atomic_int *cancel, char *err,
				       size_t errlen)
{
	(void)m;
	(void)cancel;
	snprintf(err, errlen, "transport misconfigured");
	return TRANSPORT_DOWN;
}

static int pick(enum notify_channel ch, const char *name)
{
	const char *chn = notify_channel_names[ch];
	int rc;

	if (!name)
		name = "";
	senders[ch] = misconfigured;
	if (!strcmp(name, "none")) {
		senders[ch] = NULL;
		log_warn("outbox: %s transport is \"none\": messages are marked sent "
			 "without being sent", chn);
		return 0;
	}
	if (!strcmp(name, "log")) {
		senders[ch] = transport_log_send;
		log_info("outbox: %s messages go to %s/outbox.jsonl", chn, g_cfg.data_dir);
		return 0;
	}
	if (ch == NOTIFY_WHATSAPP && !strcmp(name, "whatsapp")) {
		if ((rc = transport_whatsapp_check()) == 0)
			senders[ch] = transport_whatsapp_send;
		return rc;
	}
	if (ch == NOTIFY_EMAIL && !strcmp(name, "smtp")) {
		if ((rc = transport_smtp_check()) == 0)
			senders[ch] = transport_smtp_send;
		return rc;
	}
	log_error("outbox: unknown %s transport \"%s\" (use %s)", chn, name,
		  ch == NOTIFY_WHATSAPP ? "log, whatsapp or none" : "log, smtp or none");
	return -1;
}

/* The transport values in force, to notice a change of the settings. */
enum { A_WA, A_EMAIL, A_WA_URL, A_WA_TOKEN, A_WA_FORMAT, A_SMTP_URL, A_SMTP_USER, A_SMTP_PASSWORD,
       A_SMTP_FROM, A__MAX };
static const char *applied[A__MAX];
static const struct settings *applied_from;

/* Takes the values (borrowed until exit) and picks both transports again
 * when any differs from those in force. -1 when a transport is unusable. */
static int apply(const char *const v[A__MAX], int force)
{
	int i, same = !force, rc = 0;

	for (i = 0; i < A__MAX && same; i++)
		same = !strcmp(applied[i] ? applied[i] : "", v[i] ? v[i] : "");
	if (same)
		return 0;
	for (i = 0; i < A__MAX; i++)
		applied[i] = v[i];
	transport_cfg = (struct transport_cfg){
		.whatsapp_url = v[A_WA_URL],
		.whatsapp_token = v[A_WA_TOKEN],
		.whatsapp_format = v[A_WA_FORMAT],
		.smtp_url = v[A_SMTP_URL],
		.smtp_user = v[A_SMTP_USER],
		.smtp_password = v[A_SMTP_PASSWORD],
		.smtp_from = v[A_SMTP_FROM],
	};
	/* new servers or credentials: no connection of the old ones is reused */
	transport_smtp_close();
	transport_whatsapp_close();
	memset(pause_for, 0, sizeof pause_for);
	memset(resume_at, 0, sizeof resume_at);
	if (pick(NOTIFY_WHATSAPP, v[A_WA]) < 0)
		rc = -1;
	if (pick(NOTIFY_EMAIL, v[A_EMAIL]) < 0)
		rc = -1;
	return rc;
}

int outbox_init(void)
{
	const char *v[A__MAX] = {
		[A_WA] = g_cfg.whatsapp_transport, [A_EMAIL] = g_cfg.email_transport,
		[A_WA_URL] = g_cfg.whatsapp_url, [A_WA_TOKEN] = g_cfg.whatsapp_token,
		[A_WA_FORMAT] = g_cfg.whatsapp_format, [A_SMTP_URL] = g_cfg.smtp_url,
		[A_SMTP_USER] = g_cfg.smtp_user, [A_SMTP_PASSWORD] = g_cfg.smtp_password,
		[A_SMTP_FROM] = g_cfg.smtp_from,
	};

	applied_from = NULL;
	return apply(v, 1);
}

/* Follows the admin's Pengaturan: a new snapshot (at most one look a
 * second, see settings_get) with other transport values re-picks them. */
static void follow_settings(struct db *db)
{
	const struct settings *s = settings_get(db);
	const char *v[A__MAX];

	if (s == applied_from)
		return;
	applied_from = s;
	v[A_WA] = s->v[SET_WA_TRANSPORT];
	v[A_EMAIL] = s->v[SET_EMAIL_TRANSPORT];
	v[A_WA_URL] = s->v[SET_WA_URL];
	v[A_WA_TOKEN] = s->v[SET_WA_TOKEN];
	v[A_WA_FORMAT] = s->v[SET_WA_FORMAT];
	v[A_SMTP_URL] = s->v[SET_SMTP_URL];
	v[A_SMTP_USER] = s->v[SET_SMTP_USER];
	v[A_SMTP_PASSWORD] = s->v[SET_SMTP_PASSWORD];
	v[A_SMTP_FROM] = s->v[SET_SMTP_FROM];
	if (apply(v, 0) < 0)
		log_error("outbox: the notification settings saved in Pengaturan are unusable; "
			  "messages of the affected channel wait until they are corrected");
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		fatal("out of memory");
	return p;
}

static enum notify_channel channel_of(const char *s)
{
	int i;

	for (i = 0; i < NOTIFY__MAX; i++)
		if (s && !strcmp(s, notify_channel_names[i]))
			return (enum notify_channel)i;
	return NOTIFY__MAX;
}

/* The claim query excludes up to two channels by name. */
_Static_assert(NOTIFY__MAX == 2, "outbox_claim excludes at most two channels");

/* Excluded channel names for the claim query; "" matches no channel. */
static const char *skipped(unsigned mask, int which)
{
	int i, n = 0;

	for (i = 0; i < NOTIFY__MAX; i++)
		if (mask & (1u << i) && n++ == which)
			return notify_channel_names[i];
	return "";
}

int outbox_claim(struct db *db, int64_t now, int64_t after_id, unsigned skip_mask,
		 struct outbox_row *out)
{
	struct db_stmt *st;
	enum db_rc rc;
	int64_t id;

	memset(out, 0, sizeof *out);
	for (;;) {
		st = db_query(db, "SELECT id FROM outbox WHERE status = 'pending' "
			      "AND next_attempt_at <= ? AND locked_until <= ? AND id > ? "
			      "AND channel <> ? AND channel <> ? ORDER BY id LIMIT 1",
			      "iiiss", now, now, after_id, skipped(skip_mask, 0),
			      skipped(skip_mask, 1));
		rc = db_next(st);
		id = rc == DB_ROW ? db_int(st, 0) : 0;
		db_end(st);
		if (rc == DB_DONE)
			return 0;
		if (rc != DB_ROW)
			return -1;
		/* only one process sees its UPDATE change the row */
		if (db_exec(db, "UPDATE outbox SET locked_until = ? WHERE id = ? "
			    "AND status = 'pending' AND locked_until <= ?", "iii",
			    now + OUTBOX_LOCK_SECONDS, id, now) != DB_DONE)
			return -1;
		if (db_changes(db) == 1)
			break;
		after_id = id; /* another instance won it: look further */
	}

	st = db_query(db, "SELECT channel, recipient, subject, COALESCE(rahasia, body), attempts, created_at "
		      "FROM outbox WHERE id = ?", "i", id);
	if (db_next(st) != DB_ROW) {
		db_end(st);
		return -1;
	}
	out->id = id;
	out->channel = channel_of(db_text(st, 0));
	out->to = xstrdup(db_text(st, 1));
	out->subject = xstrdup(db_text(st, 2));
	out->body = xstrdup(db_text(st, 3));
	out->attempts = db_int(st, 4);
	out->created_at = db_int(st, 5);
	db_end(st);
	return 1;
}

void outbox_row_free(struct outbox_row *r)
{
	free(r->to);
	free(r->subject);
	free(r->body);
	memset(r, 0, sizeof *r);
}

int64_t outbox_backoff(int64_t attempts)
{
	int64_t d = OUTBOX_BACKOFF_BASE;

	while (attempts-- > 0 && d < OUTBOX_BACKOFF_MAX)
		d *= 2;
	return d < OUTBOX_BACKOFF_MAX ? d : OUTBOX_BACKOFF_MAX;
}

static int record_sent(struct db *db, int64_t id, int64_t now)
{
	return db_exec(db, "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
		       "last_error = NULL, locked_until = 0, rahasia = NULL WHERE id = ?", "ii", now, id) == DB_DONE
		       ? 0 : -1;
}

static int record_failure(struct db *db, const struct outbox_row *r, enum transport_rc rc,
			  const char *err, int64_t now)
{
	int64_t attempts = r->attempts + 1;
	int64_t max = g_cfg.notify_max_attempts > 0 ? g_cfg.notify_max_attempts : 1;
	int64_t delay = outbox_backoff(attempts);
	int failed = rc == TRANSPORT_REJECT || attempts >= max;
	const char *chn = r->channel < NOTIFY__MAX ? notify_channel_names[r->channel] : "unknown";

	if (failed)
		log_error("outbox: #%lld %s failed for good after %lld attempt(s): %s",
			  (long long)r->id, chn, (long long)attempts, err);
	else
		log_warn("outbox: #%lld %s attempt %lld failed (%s): %s, retry in %llds",
			 (long long)r->id, chn, (long long)attempts, rc_names[rc], err,
			 (long long)delay);
	/* a message that will not go any more keeps no secret */
	return db_exec(db, failed ? "UPDATE outbox SET status = ?, attempts = ?, last_error = ?, "
		       "next_attempt_at = ?, locked_until = 0, rahasia = NULL WHERE id = ?"
		       : "UPDATE outbox SET status = ?, attempts = ?, last_error = ?, "
		       "next_attempt_at = ?, locked_until = 0 WHERE id = ?", "sisii",
		       failed ? "failed" : "pending", attempts, err, now + delay, r->id) == DB_DONE
		       ? 0 : -1;
}

/* Sends one claimed row and records the outcome; returns the transport's
 * verdict, or -1 when the outcome could not be stored. */
static int deliver(struct db *db, const struct outbox_row *r, const atomic_int *cancel)
{
	char err[TRANSPORT_ERR_LEN];
	struct outmsg m = {
		.id = r->id,
		.channel = r->channel,
		.to = r->to,
		.subject = r->subject,
		.body = r->body,
		.created_at = r->created_at,
	};
	enum transport_rc rc;
	int64_t now;

	if (r->channel >= NOTIFY__MAX) {
		rc = TRANSPORT_REJECT;
		strcpy(err, "unknown channel");
	} else if (!senders[r->channel]) {
		rc = TRANSPORT_SENT;
		strcpy(err, "ok");
		log_debug("outbox: #%lld %s dropped (transport none)", (long long)r->id,
			  notify_channel_names[r->channel]);
	} else {
		rc = senders[r->channel](&m, cancel, err, sizeof err);
	}
	now = time(NULL);
	if (rc != TRANSPORT_SENT && cancel && atomic_load(cancel)) {
		/* cut short by shutdown: not the message's fault, free it at once */
		log_info("outbox: #%lld interrupted by shutdown", (long long)r->id);
		if (db_exec(db, "UPDATE outbox SET locked_until = 0 WHERE id = ?", "i", r->id) != DB_DONE)
			goto lost;
		return TRANSPORT_RETRY;
	}
	if (rc == TRANSPORT_SENT) {
		if (senders[r->channel])
			log_info("outbox: #%lld %s sent", (long long)r->id,
				 notify_channel_names[r->channel]);
		if (record_sent(db, r->id, now) < 0)
			goto lost;
	} else if (record_failure(db, r, rc, err, now) < 0) {
		goto lost;
	}
	return rc;
lost:
	/* the claim expires and the row is tried again: at-least-once */
	log_error("outbox: #%lld outcome not stored, the claim will expire", (long long)r->id);
	return -1;
}

static void breaker(enum notify_channel ch, enum transport_rc rc, int64_t now)
{
	if (rc == TRANSPORT_SENT) {
		if (pause_for[ch])
			log_info("outbox: %s transport is back", notify_channel_names[ch]);
		pause_for[ch] = 0;
		return;
	}
	if (rc != TRANSPORT_DOWN)
		return;
	pause_for[ch] = pause_for[ch] ? pause_for[ch] * 2 : BREAKER_MIN;
	if (pause_for[ch] > BREAKER_MAX)
		pause_for[ch] = BREAKER_MAX;
	resume_at[ch] = now + pause_for[ch];
	log_warn("outbox: %s transport down, pausing it for %llds",
		 notify_channel_names[ch], (long long)pause_for[ch]);
}

int outbox_run(struct db *db, const atomic_int *cancel)
{
	struct outbox_row r;
	unsigned down = 0, all = (1u << NOTIFY__MAX) - 1;
	int64_t after = 0, now = time(NULL);
	int n = 0, c, rc, i;

	follow_settings(db);
	for (i = 0; i < NOTIFY__MAX; i++)
		if (now < resume_at[i])
			down |= 1u << i;
	while (n < OUTBOX_BATCH && down != all && !(cancel && atomic_load(cancel))) {
		c = outbox_claim(db, (int64_t)time(NULL), after, down, &r);
		if (c <= 0)
			return c < 0 ? -1 : n;
		n++;
		after = r.id;
		rc = deliver(db, &r, cancel);
		if (r.channel < NOTIFY__MAX && rc >= 0) {
			breaker(r.channel, (enum transport_rc)rc, (int64_t)time(NULL));
			if (rc == TRANSPORT_DOWN)
				down |= 1u << r.channel;
		}
		outbox_row_free(&r);
		if (rc < 0)
			return -1;
	}
	return n;
}

void outbox_close(void)
{
	transport_smtp_close();
	transport_whatsapp_close();
}
