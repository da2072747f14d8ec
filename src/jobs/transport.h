// SPDX-License-Identifier: MIT
// Message transports of the outbox (log file, SMTP, WhatsApp gateway) and their pure builders.
#ifndef LOKET_TRANSPORT_H
#define LOKET_TRANSPORT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <curl/curl.h>

#include "domain/notify.h"
#include "lib/buf.h"

/*
 * The send functions are called from the delivery thread only: the curl
 * transports keep one easy handle each (connection reuse) that is not safe
 * to share. They never log recipients, subjects, bodies or secrets; err
 * receives a short error class ("connect", "timeout", "http 503",
 * "smtp 550", "bad recipient") that may be stored in outbox.last_error.
 */

/*
 * The settings of the curl transports: loket.ini's at start-up
 * (outbox_init), then the admin's Pengaturan whenever they change
 * (outbox_run). Delivery thread only. The strings are borrowed from g_cfg or
 * a settings snapshot, both alive until exit; NULL reads as "".
 */
struct transport_cfg {
	const char *whatsapp_url;
	const char *whatsapp_token;
	const char *whatsapp_format;   /* fonnte | cloud */
	const char *smtp_url;
	const char *smtp_user;
	const char *smtp_password;
	const char *smtp_from;
};

extern struct transport_cfg transport_cfg;

/* One message taken off the outbox; strings borrowed from the caller. */
struct outmsg {
	int64_t id;
	enum notify_channel channel;
	const char *to;          /* 628... or an e-mail address */
	const char *subject;
	const char *body;
	int64_t created_at;      /* Unix seconds, UTC */
};

enum transport_rc {
	TRANSPORT_SENT = 0,  /* accepted by the next hop */
	TRANSPORT_RETRY,     /* this message failed, try it again later */
	TRANSPORT_DOWN,      /* the transport is unreachable: retry later and
			      * skip its other messages for now */
	TRANSPORT_REJECT,    /* can never succeed (bad recipient, header
			      * injection, misconfiguration): give up now */
	TRANSPORT__MAX
};

/* Smallest useful size of the err argument of the send functions. */
#define TRANSPORT_ERR_LEN 64

/* Connect and whole-transfer limits of the curl transports, seconds. */
#define TRANSPORT_CONNECT_TIMEOUT 10L
#define TRANSPORT_TOTAL_TIMEOUT 30L

/*
 * cancel, when non-NULL and set, aborts a transfer in flight (shutdown).
 * err has room for errlen bytes (>= TRANSPORT_ERR_LEN) and is always set.
 */
typedef enum transport_rc transport_send_fn(const struct outmsg *m, const atomic_int *cancel,
					    char *err, size_t errlen);

/* log (development only: every message, links and codes included, in
 * clear): appends one JSON line per message to DATA_DIR/outbox.jsonl, mode
 * 0600, with one O_APPEND write(), so several processes may share the file. */
enum transport_rc transport_log_send(const struct outmsg *m, const atomic_int *cancel, char *err,
				     size_t errlen);
/* Restricts an existing DATA_DIR/outbox.jsonl to mode 0600 (start-up: a
 * file of an older version was 0640). 0 or -1 (logged). */
int transport_log_private(void);
/* smtp: transport_cfg.smtp_url / smtp_user / smtp_password / smtp_from. */
enum transport_rc transport_smtp_send(const struct outmsg *m, const atomic_int *cancel, char *err,
				      size_t errlen);
/* whatsapp: transport_cfg.whatsapp_url / whatsapp_token / whatsapp_format. */
enum transport_rc transport_whatsapp_send(const struct outmsg *m, const atomic_int *cancel,
					  char *err, size_t errlen);

/* Checks the settings a transport needs at start-up; 0 or -1 (logged). */
int transport_smtp_check(void);
int transport_whatsapp_check(void);
/* Frees the cached curl handles; call from the delivery thread on exit. */
void transport_smtp_close(void);
void transport_whatsapp_close(void);

/* ---- pure builders, exposed for the unit tests -------------------------- */

/* Formats t as "2026-11-21T10:00:00Z" (UTC) into out. */
void transport_iso_time(char out[32], int64_t t);

/* The JSON line of the log transport, newline included (caller frees), or
 * NULL when a string is not valid UTF-8 or allocation fails. */
char *transport_log_line(const struct outmsg *m);

/* 1 when s holds a CR or LF (header injection), else 0. */
int transport_has_crlf(const char *s);
/* 1 when s is one plain e-mail address local@domain as an SMTP server
 * takes it (email_smtp_ok of domain/validate.h), else 0. */
int transport_email_ok(const char *s);
/* Appends s as an unstructured header value: as is when it is printable
 * ASCII that needs no encoding, otherwise as RFC 2047 encoded-words
 * =?UTF-8?B?...?= of at most 75 characters, folded with CRLF SP, never
 * splitting a UTF-8 sequence. */
void transport_rfc2047(struct buf *out, const char *s);
/* Formats t as an RFC 5322 date "Sat, 21 Nov 2026 10:00:00 +0000" (UTC,
 * locale-independent) into out. */
void transport_rfc5322_date(char out[40], int64_t t);

struct email {
	const char *from_name;   /* display name, may be NULL or empty */
	const char *from_addr;   /* plain address */
	const char *to;          /* plain address */
	const char *subject;
	const char *body;        /* UTF-8 text, any line endings */
	int64_t id;              /* outbox id, for the Message-ID */
	int64_t created_at;      /* for the Message-ID */
	int64_t date;            /* Date: header */
};

/* Builds the whole RFC 5322 message (headers, blank line, body with CRLF
 * line endings, lines over 998 octets broken) into out. The Message-ID is
 * derived from id and created_at, so a retried message keeps it. Returns 0,
 * or -1 without touching out when from, to or subject hold CR/LF or an
 * address is not plain. Dot-stuffing is left to curl. */
int transport_email_build(struct buf *out, const struct email *e);
/* Splits g_cfg-style "Name <addr>" or "addr" into a display name and an
 * address (copies into name/addr, both caller-sized); 0 or -1. */
int transport_parse_from(const char *from, char *name, size_t namelen, char *addr,
			 size_t addrlen);

/* 1 when s is a WhatsApp number in the stored form 62 + 8..13 digits. */
int transport_phone_ok(const char *s);
/* The WhatsApp text: "*subject*\n\nbody" (just body when subject is empty). */
void transport_wa_text(struct buf *out, const char *subject, const char *body);
/* Cloud API request body (caller frees) or NULL on invalid UTF-8. */
char *transport_wa_cloud_json(const char *to, const char *text);
/* Fonnte form body "target=...&message=..." into out; 0 or -1. */
int transport_wa_fonnte_form(struct buf *out, const char *to, const char *text);
/* Judges a gateway reply: 1 delivered (2xx and, for fonnte, "status" not
 * false when the body is a JSON object holding it), else 0. */
int transport_wa_reply_ok(int fonnte, long http_code, const char *body, size_t len);

/* libcurl transfer-progress callback shared by the HTTP and SMTP transports:
 * aborts the transfer once *arg (an atomic_int cancel flag) is set. */
int transport_curl_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un);

#endif
