// SPDX-License-Identifier: MIT
// SMTP transport: builds an RFC 5322 plain-text message and sends it with libcurl.
#include "jobs/transport.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "domain/validate.h"
#include "lib/config.h"
#include "lib/log.h"

/* Raw bytes per encoded-word: 42 bytes = 56 base64 characters, so that
 * "Subject: =?UTF-8?B?...?=" stays within the recommended 78 columns. */
#define EW_RAW 42
/* Hard limit of a message line without its CRLF (RFC 5322 2.1.1). */
#define LINE_MAX_OCTETS 998

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void add_base64(struct buf *out, const unsigned char *p, size_t n)
{
	char q[4];

	for (; n >= 3; p += 3, n -= 3) {
		q[0] = b64[p[0] >> 2];
		q[1] = b64[((p[0] & 3) << 4) | (p[1] >> 4)];
		q[2] = b64[((p[1] & 15) << 2) | (p[2] >> 6)];
		q[3] = b64[p[2] & 63];
		buf_add(out, q, 4);
	}
	if (n) {
		q[0] = b64[p[0] >> 2];
		q[1] = b64[((p[0] & 3) << 4) | (n > 1 ? p[1] >> 4 : 0)];
		q[2] = n > 1 ? b64[(p[1] & 15) << 2] : '=';
		q[3] = '=';
		buf_add(out, q, 4);
	}
}

int transport_has_crlf(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

int transport_email_ok(const char *s)
{
	return email_smtp_ok(s);
}

/* Printable ASCII that needs no encoding in an unstructured header. */
static int plain_ascii(const char *s)
{
	const unsigned char *p;

	if (strstr(s, "=?") || strlen(s) > 900)
		return 0;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	return 1;
}

static void add_encoded_words(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), take;

	while (n) {
		take = n < EW_RAW ? n : EW_RAW;
		/* never cut a UTF-8 sequence: back off over continuation bytes */
		while (take < n && take > 1 && (p[take] & 0xc0) == 0x80)
			take--;
		if (p != (const unsigned char *)s)
			buf_adds(out, "\r\n ");
		buf_adds(out, "=?UTF-8?B?");
		add_base64(out, p, take);
		buf_adds(out, "?=");
		p += take;
		n -= take;
	}
}

void transport_rfc2047(struct buf *out, const char *s)
{
	if (!s)
		return;
	if (plain_ascii(s))
		buf_adds(out, s);
	else
		add_encoded_words(out, s);
}

/* A display name as a phrase: quoted-string when ASCII, else encoded-words. */
static void add_display_name(struct buf *out, const char *name)
{
	const char *p;

	if (!plain_ascii(name)) {
		add_encoded_words(out, name);
		return;
	}
	buf_addc(out, '"');
	for (p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(out, '\\');
		buf_addc(out, *p);
	}
	buf_addc(out, '"');
}

void transport_rfc5322_date(char out[40], int64_t t)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, 40, "Thu, 01 Jan 1970 00:00:00 +0000");
		return;
	}
	/* by hand: strftime's %a and %b follow the locale */
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7],
		 tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
}

static void add_body(struct buf *out, const char *body)
{
	const unsigned char *p = (const unsigned char *)body;
	size_t line = 0;

	for (; *p; p++) {
		if (*p == '\r' || *p == '\n') {
			if (*p == '\r' && p[1] == '\n')
				p++;
			buf_adds(out, "\r\n");
			line = 0;
			continue;
		}
		/* break over-long lines before a character start, or hard at the limit */
		if ((line >= LINE_MAX_OCTETS - 8 && (*p & 0xc0) != 0x80) || line >= LINE_MAX_OCTETS) {
			buf_adds(out, "\r\n");
			line = 0;
		}
		buf_addc(out, (char)*p);
		line++;
	}
	if (line) /* the last line is CRLF-terminated too */
		buf_adds(out, "\r\n");
}

int transport_email_build(struct buf *out, const struct email *e)
{
	char date[40];
	const char *domain;

	if (!e->from_addr || !e->to || !e->subject || !e->body)
		return -1;
	if (transport_has_crlf(e->from_name) || transport_has_crlf(e->subject) ||
	    !transport_email_ok(e->from_addr) || !transport_email_ok(e->to))
		return -1;
	domain = strchr(e->from_addr, '@') + 1;
	transport_rfc5322_date(date, e->date);

	buf_addf(out, "Date: %s\r\n", date);
	buf_adds(out, "From: ");
	if (e->from_name && *e->from_name) {
		add_display_name(out, e->from_name);
		buf_addf(out, " <%s>\r\n", e->from_addr);
	} else {
		buf_addf(out, "%s\r\n", e->from_addr);
	}
	buf_addf(out, "To: %s\r\n", e->to);
	buf_adds(out, "Subject: ");
	transport_rfc2047(out, e->subject);
	buf_adds(out, "\r\n");
	buf_addf(out, "Message-ID: <loket.%lld.%lld@%s>\r\n", (long long)e->id,
		 (long long)e->created_at, domain);
	buf_adds(out, "MIME-Version: 1.0\r\n"
		      "Content-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: 8bit\r\n"
		      "Auto-Submitted: auto-generated\r\n"
		      "\r\n");
	add_body(out, e->body);
	return 0;
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

static int copy_span(char *dst, size_t len, const char *s, const char *e)
{
	if ((size_t)(e - s) >= len)
		return -1;
	memcpy(dst, s, (size_t)(e - s));
	dst[e - s] = '\0';
	return 0;
}

int transport_parse_from(const char *from, char *name, size_t namelen, char *addr, size_t addrlen)
{
	const char *s, *e, *lt, *gt;

	if (!from || transport_has_crlf(from) || !namelen || !addrlen)
		return -1;
	s = from;
	e = from + strlen(from);
	trim(&s, &e);
	lt = memchr(s, '<', (size_t)(e - s));
	if (!lt) {
		name[0] = '\0';
		if (copy_span(addr, addrlen, s, e) < 0)
			return -1;
		return transport_email_ok(addr) ? 0 : -1;
	}
	gt = e - 1;
	if (gt <= lt || *gt != '>')
		return -1;
	if (copy_span(addr, addrlen, lt + 1, gt) < 0 || !transport_email_ok(addr))
		return -1;
	e = lt;
	trim(&s, &e);
	if (e - s >= 2 && *s == '"' && e[-1] == '"') {
		s++;
		e--;
	}
	return copy_span(name, namelen, s, e);
}

/* ---- delivery ----------------------------------------------------------- */

static CURL *smtp_h;

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;

	if (n > u->left)
		n = u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

int transport_curl_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	const atomic_int *cancel = arg;

	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return cancel && atomic_load(cancel) ? 1 : 0;
}

static int is_smtps(const char *url)
{
	return !strncasecmp(url, "smtps://", 8);
}

int transport_smtp_check(void)
{
	char name[256], addr[256];
	const char *url = transport_cfg.smtp_url ? transport_cfg.smtp_url : "";

	if (strncasecmp(url, "smtp://", 7) && !is_smtps(url)) {
		log_error("smtp: smtp_url must start with smtp:// or smtps://");
		return -1;
	}
	if (transport_parse_from(transport_cfg.smtp_from, name, sizeof name, addr, sizeof addr) < 0) {
		log_error("smtp: smtp_from is not an address (\"Name <addr>\" or \"addr\")");
		return -1;
	}
	if (transport_has_crlf(transport_cfg.smtp_user) || transport_has_crlf(transport_cfg.smtp_password)) {
		log_error("smtp: smtp_user and smtp_password must be one line");
		return -1;
	}
	if (transport_cfg.smtp_user && *transport_cfg.smtp_user && !is_smtps(url))
		log_info("smtp: credentials set, STARTTLS will be required");
	return 0;
}

void transport_smtp_close(void)
{
	if (smtp_h)
		curl_easy_cleanup(smtp_h);
	smtp_h = NULL;
}

static enum transport_rc classify(CURLcode cc, long code, const char *curlerr, char *err,
				  size_t errlen)
{
	switch (cc) {
	case CURLE_OK:
		snprintf(err, errlen, "ok");
		return TRANSPORT_SENT;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_WEIRD_SERVER_REPLY:
		if (code >= 400) {
			/* a 5xx to RCPT TO is about this recipient; anything else
			 * (MAIL FROM, DATA, 4xx) may pass on another try */
			int rcpt = !strncmp(curlerr, "RCPT", 4);

			snprintf(err, errlen, "smtp %s%ld", rcpt ? "rcpt " : "", code);
			return rcpt && code >= 500 ? TRANSPORT_REJECT : TRANSPORT_RETRY;
		}
		break;
	default:
		break;
	}
	/* curl_easy_strerror gives fixed texts: no addresses, no server replies */
	snprintf(err, errlen, "smtp: %s", curl_easy_strerror(cc));
	return TRANSPORT_DOWN;
}

enum transport_rc transport_smtp_send(const struct outmsg *m, const atomic_int *cancel, char *err,
				      size_t errlen)
{
	char name[256], addr[256], rcpt[300], from[300], curlerr[CURL_ERROR_SIZE];
	struct buf msg = BUF_INIT;
	struct curl_slist *to = NULL;
	struct upload up;
	enum transport_rc rc = TRANSPORT_DOWN;
	const char *user = transport_cfg.smtp_user ? transport_cfg.smtp_user : "";
	const char *url = transport_cfg.smtp_url ? transport_cfg.smtp_url : "";
	struct email e;
	CURLcode cc;
	long code = 0;

	if (transport_parse_from(transport_cfg.smtp_from, name, sizeof name, addr, sizeof addr) < 0) {
		snprintf(err, errlen, "bad smtp_from");
		return TRANSPORT_DOWN;
	}
	if (!transport_email_ok(m->to)) {
		snprintf(err, errlen, "bad recipient");
		return TRANSPORT_REJECT;
	}
	e = (struct email){
		.from_name = *name ? name : g_cfg.app_name,
		.from_addr = addr,
		.to = m->to,
		.subject = m->subject,
		.body = m->body,
		.id = m->id,
		.created_at = m->created_at,
		.date = (int64_t)time(NULL),
	};
	if (transport_email_build(&msg, &e) < 0) {
		snprintf(err, errlen, "header injection");
		return TRANSPORT_REJECT;
	}
	snprintf(from, sizeof from, "<%s>", addr);
	snprintf(rcpt, sizeof rcpt, "<%s>", m->to);
	to = curl_slist_append(NULL, rcpt);
	if (!to) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}

	if (smtp_h)
		curl_easy_reset(smtp_h); /* keeps the connection for the next message */
	else
		smtp_h = curl_easy_init();
	if (!smtp_h) {
		snprintf(err, errlen, "curl init");
		goto out;
	}
	up.p = msg.ptr;
	up.left = msg.len;
	curlerr[0] = '\0';
	curl_easy_setopt(smtp_h, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(smtp_h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	curl_easy_setopt(smtp_h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	curl_easy_setopt(smtp_h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(smtp_h, CURLOPT_CONNECTTIMEOUT, TRANSPORT_CONNECT_TIMEOUT);
	curl_easy_setopt(smtp_h, CURLOPT_TIMEOUT, TRANSPORT_TOTAL_TIMEOUT);
	curl_easy_setopt(smtp_h, CURLOPT_ERRORBUFFER, curlerr);
	if (!is_smtps(url))
		/* never send a password in clear: STARTTLS becomes mandatory then */
		curl_easy_setopt(smtp_h, CURLOPT_USE_SSL, *user ? (long)CURLUSESSL_ALL
							       : (long)CURLUSESSL_TRY);
	if (*user) {
		curl_easy_setopt(smtp_h, CURLOPT_USERNAME, user);
		curl_easy_setopt(smtp_h, CURLOPT_PASSWORD,
				 transport_cfg.smtp_password ? transport_cfg.smtp_password : "");
	}
	curl_easy_setopt(smtp_h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(smtp_h, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(smtp_h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(smtp_h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(smtp_h, CURLOPT_READDATA, &up);
	curl_easy_setopt(smtp_h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
	curl_easy_setopt(smtp_h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(smtp_h, CURLOPT_XFERINFOFUNCTION, transport_curl_progress);
	/* the callback only reads the flag */
	curl_easy_setopt(smtp_h, CURLOPT_XFERINFODATA, (void *)(uintptr_t)cancel);

	cc = curl_easy_perform(smtp_h);
	curl_easy_getinfo(smtp_h, CURLINFO_RESPONSE_CODE, &code);
	rc = classify(cc, code, curlerr, err, errlen);
	/* the handle must not keep pointers into this frame */
	curl_easy_setopt(smtp_h, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(smtp_h, CURLOPT_MAIL_RCPT, NULL);
out:
	curl_slist_free_all(to);
	buf_release(&msg);
	return rc;
}
