// SPDX-License-Identifier: MIT
// WhatsApp transport: posts a text message to a Fonnte-style or Cloud API HTTP gateway.
#include "jobs/transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "lib/config.h"
#include "lib/log.h"

/* A gateway reply larger than this is cut: only its status is of interest. */
#define REPLY_MAX 65536

int transport_phone_ok(const char *s)
{
	size_t n;

	if (!s || strncmp(s, "628", 3))
		return 0;
	n = strspn(s, "0123456789");
	return !s[n] && n >= 10 && n <= 15;
}

void transport_wa_text(struct buf *out, const char *subject, const char *body)
{
	if (subject && *subject) {
		buf_addc(out, '*');
		buf_adds(out, subject);
		buf_adds(out, "*\n\n");
	}
	buf_adds(out, body ? body : "");
}

char *transport_wa_cloud_json(const char *to, const char *text)
{
	json_t *o;
	char *s;

	o = json_pack("{s:s, s:s, s:s, s:{s:s}}", "messaging_product", "whatsapp", "to", to,
		      "type", "text", "text", "body", text);
	if (!o)
		return NULL;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

int transport_wa_fonnte_form(struct buf *out, const char *to, const char *text)
{
	char *t, *m;
	int rc = -1;

	/* the handle argument of curl_easy_escape is unused since 7.82 */
	t = curl_easy_escape(NULL, to, 0);
	m = curl_easy_escape(NULL, text, 0);
	if (t && m) {
		buf_adds(out, "target=");
		buf_adds(out, t);
		buf_adds(out, "&message=");
		buf_adds(out, m);
		rc = 0;
	}
	curl_free(t);
	curl_free(m);
	return rc;
}

int transport_wa_reply_ok(int fonnte, long http_code, const char *body, size_t len)
{
	json_t *o, *st;
	int ok = 1;

	if (http_code < 200 || http_code > 299)
		return 0;
	if (!fonnte || !body || !len)
		return 1;
	/* Fonnte answers 200 with {"status":false,"reason":...} on refusal */
	o = json_loadb(body, len, 0, NULL);
	if (json_is_object(o)) {
		st = json_object_get(o, "status");
		if (st)
			ok = json_is_true(st);
	}
	json_decref(o);
	return ok;
}

/* ---- delivery ----------------------------------------------------------- */

static CURL *wa_h;

static int is_fonnte(void)
{
	return !transport_cfg.whatsapp_format || strcasecmp(transport_cfg.whatsapp_format, "cloud");
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;
	size_t n = size * nmemb;

	if (b->len < REPLY_MAX)
		buf_add(b, data, n < REPLY_MAX - b->len ? n : REPLY_MAX - b->len);
	return n;
}

int transport_whatsapp_check(void)
{
	const char *url = transport_cfg.whatsapp_url ? transport_cfg.whatsapp_url : "";
	const char *fmt = transport_cfg.whatsapp_format ? transport_cfg.whatsapp_format : "";

	if (strncasecmp(url, "https://", 8) && strncasecmp(url, "http://", 7)) {
		log_error("whatsapp: whatsapp_url must start with https:// or http://");
		return -1;
	}
	if (strcasecmp(fmt, "fonnte") && strcasecmp(fmt, "cloud")) {
		log_error("whatsapp: whatsapp_format must be fonnte or cloud");
		return -1;
	}
	if (transport_has_crlf(transport_cfg.whatsapp_token)) {
		log_error("whatsapp: whatsapp_token must be one line");
		return -1;
	}
	if (!transport_cfg.whatsapp_token || !*transport_cfg.whatsapp_token)
		log_warn("whatsapp: whatsapp_token is empty");
	if (!strncasecmp(url, "http://", 7))
		log_warn("whatsapp: whatsapp_url is not https, the token travels in clear");
	return 0;
}

void transport_whatsapp_close(void)
{
	if (wa_h)
		curl_easy_cleanup(wa_h);
	wa_h = NULL;
}

static enum transport_rc classify(CURLcode cc, long code, int reply_ok, char *err, size_t errlen)
{
	if (cc != CURLE_OK) {
		/* curl_easy_strerror gives fixed texts: no URL, no token */
		snprintf(err, errlen, "whatsapp: %s", curl_easy_strerror(cc));
		return TRANSPORT_DOWN;
	}
	if (reply_ok) {
		snprintf(err, errlen, "ok");
		return TRANSPORT_SENT;
	}
	if (code >= 200 && code <= 299) {
		snprintf(err, errlen, "gateway refused");
		return TRANSPORT_RETRY;
	}
	snprintf(err, errlen, "http %ld", code);
	/* overload, outage or a bad token hit every message alike */
	if (code == 401 || code == 403 || code == 408 || code == 429 || code >= 500)
		return TRANSPORT_DOWN;
	return TRANSPORT_RETRY;
}

enum transport_rc transport_whatsapp_send(const struct outmsg *m, const atomic_int *cancel,
					  char *err, size_t errlen)
{
	struct buf text = BUF_INIT, body = BUF_INIT, reply = BUF_INIT, auth = BUF_INIT;
	struct curl_slist *hdr = NULL, *h2;
	const char *token = transport_cfg.whatsapp_token ? transport_cfg.whatsapp_token : "";
	enum transport_rc rc = TRANSPORT_DOWN;
	int fonnte = is_fonnte();
	char *json;
	CURLcode cc;
	long code = 0;

	if (!transport_phone_ok(m->to)) {
		snprintf(err, errlen, "bad recipient");
		return TRANSPORT_REJECT;
	}
	transport_wa_text(&text, m->subject, m->body);
	if (fonnte) {
		if (transport_wa_fonnte_form(&body, m->to, text.ptr) < 0) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		buf_addf(&auth, "Authorization: %s", token);
	} else {
		json = transport_wa_cloud_json(m->to, text.ptr);
		if (!json) {
			snprintf(err, errlen, "invalid text");
			rc = TRANSPORT_REJECT;
			goto out;
		}
		buf_adds(&body, json);
		free(json);
		buf_addf(&auth, "Authorization: Bearer %s", token);
	}
	hdr = curl_slist_append(NULL, auth.ptr);
	h2 = hdr;
	if (h2)
		h2 = curl_slist_append(hdr, fonnte ? "Content-Type: application/x-www-form-urlencoded"
						   : "Content-Type: application/json");
	if (h2)
		h2 = curl_slist_append(hdr, "Expect:"); /* no 100-continue round trip */
	if (!h2) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}

	if (wa_h)
		curl_easy_reset(wa_h); /* keeps the connection for the next message */
	else
		wa_h = curl_easy_init();
	if (!wa_h) {
		snprintf(err, errlen, "curl init");
		goto out;
	}
	curl_easy_setopt(wa_h, CURLOPT_URL, transport_cfg.whatsapp_url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(wa_h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(wa_h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(wa_h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(wa_h, CURLOPT_CONNECTTIMEOUT, TRANSPORT_CONNECT_TIMEOUT);
	curl_easy_setopt(wa_h, CURLOPT_TIMEOUT, TRANSPORT_TOTAL_TIMEOUT);
	curl_easy_setopt(wa_h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(wa_h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(wa_h, CURLOPT_POST, 1L);
	curl_easy_setopt(wa_h, CURLOPT_POSTFIELDS, body.ptr);
	curl_easy_setopt(wa_h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body.len);
	curl_easy_setopt(wa_h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(wa_h, CURLOPT_WRITEDATA, &reply);
	curl_easy_setopt(wa_h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(wa_h, CURLOPT_XFERINFOFUNCTION, transport_curl_progress);
	/* the callback only reads the flag */
	curl_easy_setopt(wa_h, CURLOPT_XFERINFODATA, (void *)(uintptr_t)cancel);

	cc = curl_easy_perform(wa_h);
	curl_easy_getinfo(wa_h, CURLINFO_RESPONSE_CODE, &code);
	rc = classify(cc, code, cc == CURLE_OK && transport_wa_reply_ok(fonnte, code, reply.ptr,
									 reply.len), err, errlen);
	/* the handle must not keep pointers into this frame */
	curl_easy_setopt(wa_h, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(wa_h, CURLOPT_POSTFIELDS, NULL);
	curl_easy_setopt(wa_h, CURLOPT_WRITEDATA, NULL);
out:
	curl_slist_free_all(hdr);
	buf_release(&auth);
	buf_release(&text);
	buf_release(&body);
	buf_release(&reply);
	return rc;
}
