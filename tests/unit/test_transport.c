// SPDX-License-Identifier: MIT
// Unit tests for the outbox transports' pure builders and the log transport's file output.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "jobs/transport.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "readfile.h"

/* 2026-11-21T10:00:00Z, a Saturday */
#define T0 1795255200

/* ---- helpers ------------------------------------------------------------ */

static int b64val(char c)
{
	const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;

	return p ? (int)(p - a) : -1;
}

/* Decodes base64 text of length n onto out; returns the bytes added. */
static size_t b64dec(struct buf *out, const char *s, size_t n)
{
	size_t i, added = 0;
	int v[4], k;

	assert_int_equal(n % 4, 0);
	for (i = 0; i < n; i += 4) {
		for (k = 0; k < 4; k++)
			v[k] = s[i + k] == '=' ? 0 : b64val(s[i + k]);
		for (k = 0; k < 4; k++)
			assert_true(v[k] >= 0);
		buf_addc(out, (char)((v[0] << 2) | (v[1] >> 4)));
		added++;
		if (s[i + 2] != '=') {
			buf_addc(out, (char)(((v[1] & 15) << 4) | (v[2] >> 2)));
			added++;
		}
		if (s[i + 3] != '=') {
			buf_addc(out, (char)(((v[2] & 3) << 6) | v[3]));
			added++;
		}
	}
	return added;
}

/* Decodes a folded run of encoded-words and checks each word's shape. */
static void decode_words(const char *enc, struct buf *out)
{
	const char *p = enc, *end;
	size_t before;

	for (;;) {
		assert_memory_equal(p, "=?UTF-8?B?", 10);
		end = strstr(p + 10, "?=");
		assert_non_null(end);
		assert_true(end + 2 - p <= 75);
		before = out->len;
		b64dec(out, p + 10, (size_t)(end - (p + 10)));
		/* a word never starts inside a UTF-8 sequence */
		assert_true(((unsigned char)out->ptr[before] & 0xc0) != 0x80);
		p = end + 2;
		if (!*p)
			break;
		assert_memory_equal(p, "\r\n ", 3);
		p += 3;
	}
}

/* ---- time formats ------------------------------------------------------- */

static void test_iso_time(void **state)
{
	char s[32];

	(void)state;
	transport_iso_time(s, T0);
	assert_string_equal(s, "2026-11-21T10:00:00Z");
	transport_iso_time(s, 0);
	assert_string_equal(s, "1970-01-01T00:00:00Z");
}

static void test_rfc5322_date(void **state)
{
	char s[40];

	(void)state;
	transport_rfc5322_date(s, T0);
	assert_string_equal(s, "Sat, 21 Nov 2026 10:00:00 +0000");
	transport_rfc5322_date(s, T0 + 86400 * 40 + 3661);
	assert_string_equal(s, "Thu, 31 Dec 2026 11:01:01 +0000");
}

/* ---- RFC 2047 ----------------------------------------------------------- */

static void test_rfc2047_ascii_as_is(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	transport_rfc2047(&b, "Permohonan AKL33268296 diterima");
	assert_string_equal(b.ptr, "Permohonan AKL33268296 diterima");
	buf_reset(&b);
	transport_rfc2047(&b, "");
	assert_string_equal(b.ptr, "");
	buf_release(&b);
}

static void test_rfc2047_non_ascii(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	transport_rfc2047(&b, "\xc3\xa9");
	assert_string_equal(b.ptr, "=?UTF-8?B?w6k=?=");
	buf_reset(&b);
	transport_rfc2047(&b, "Pengajuan \xe2\x80\x93 selesai");
	assert_string_equal(b.ptr, "=?UTF-8?B?UGVuZ2FqdWFuIOKAkyBzZWxlc2Fp?=");
	buf_release(&b);
}

static void test_rfc2047_encodes_lookalike_and_controls(void **state)
{
	struct buf b = BUF_INIT, d = BUF_INIT;

	(void)state;
	/* a literal "=?" would be read as an encoded-word by mail clients */
	transport_rfc2047(&b, "a =?x?= b");
	decode_words(b.ptr, &d);
	assert_string_equal(d.ptr, "a =?x?= b");
	buf_reset(&b);
	buf_reset(&d);
	transport_rfc2047(&b, "tab\there");
	assert_memory_equal(b.ptr, "=?UTF-8?B?", 10);
	decode_words(b.ptr, &d);
	assert_string_equal(d.ptr, "tab\there");
	buf_release(&b);
	buf_release(&d);
}

static void test_rfc2047_long_folded_no_split(void **state)
{
	struct buf s = BUF_INIT, b = BUF_INIT, d = BUF_INIT;
	int i;

	(void)state;
	/* 3-byte characters at every offset, so some word boundary falls inside one */
	for (i = 0; i < 40; i++)
		buf_adds(&s, i % 3 ? "ab\xe2\x80\x93" : "\xf0\x9f\x93\x84x");
	transport_rfc2047(&b, s.ptr);
	assert_non_null(strstr(b.ptr, "\r\n "));
	decode_words(b.ptr, &d);
	assert_int_equal(d.len, s.len);
	assert_memory_equal(d.ptr, s.ptr, s.len);
	buf_release(&s);
	buf_release(&b);
	buf_release(&d);
}

/* ---- addresses and header injection -------------------------------------- */

static void test_has_crlf(void **state)
{
	(void)state;
	assert_int_equal(transport_has_crlf("Subjek biasa"), 0);
	assert_int_equal(transport_has_crlf(NULL), 0);
	assert_int_equal(transport_has_crlf("a\r\nBcc: x@y"), 1);
	assert_int_equal(transport_has_crlf("a\nb"), 1);
	assert_int_equal(transport_has_crlf("a\rb"), 1);
}

static void test_email_ok(void **state)
{
	(void)state;
	assert_int_equal(transport_email_ok("warga@example.co.id"), 1);
	assert_int_equal(transport_email_ok("loket@localhost"), 1);
	assert_int_equal(transport_email_ok("a.b+tag@sub.example.id"), 1);
	assert_int_equal(transport_email_ok(NULL), 0);
	assert_int_equal(transport_email_ok(""), 0);
	assert_int_equal(transport_email_ok("tanpa-at"), 0);
	assert_int_equal(transport_email_ok("@example.id"), 0);
	assert_int_equal(transport_email_ok("a@"), 0);
	assert_int_equal(transport_email_ok("a@b@c"), 0);
	assert_int_equal(transport_email_ok("a b@example.id"), 0);
	assert_int_equal(transport_email_ok("a@example.id\r\nBcc: x@y.id"), 0);
	assert_int_equal(transport_email_ok("a@example.id,b@example.id"), 0);
	assert_int_equal(transport_email_ok("<a@example.id>"), 0);
	assert_int_equal(transport_email_ok("\"a\"@example.id"), 0);
	assert_int_equal(transport_email_ok("a@.example.id"), 0);
	assert_int_equal(transport_email_ok("a@example.id."), 0);
	assert_int_equal(transport_email_ok("w\xc3\xa9@example.id"), 0);
}

static void test_parse_from(void **state)
{
	char name[64], addr[64];

	(void)state;
	assert_int_equal(transport_parse_from("loket@localhost", name, sizeof name, addr,
					      sizeof addr), 0);
	assert_string_equal(name, "");
	assert_string_equal(addr, "loket@localhost");
	assert_int_equal(transport_parse_from(" Loket Dukcapil <noreply@dukcapil.go.id> ", name,
					      sizeof name, addr, sizeof addr), 0);
	assert_string_equal(name, "Loket Dukcapil");
	assert_string_equal(addr, "noreply@dukcapil.go.id");
	assert_int_equal(transport_parse_from("\"Dinas, Kab.\" <a@b.id>", name, sizeof name, addr,
					      sizeof addr), 0);
	assert_string_equal(name, "Dinas, Kab.");
	assert_string_equal(addr, "a@b.id");
	assert_int_equal(transport_parse_from("Nama <a@b.id", name, sizeof name, addr,
					      sizeof addr), -1);
	assert_int_equal(transport_parse_from("Nama <bukan alamat>", name, sizeof name, addr,
					      sizeof addr), -1);
	assert_int_equal(transport_parse_from("a@b.id\nBcc: c@d.id", name, sizeof name, addr,
					      sizeof addr), -1);
	assert_int_equal(transport_parse_from(NULL, name, sizeof name, addr, sizeof addr), -1);
}

/* ---- e-mail message ----------------------------------------------------- */

static struct email sample_email(void)
{
	return (struct email){
		.from_name = "Loket",
		.from_addr = "noreply@dukcapil.example.id",
		.to = "warga@example.id",
		.subject = "Permohonan diterima",
		.body = "Yth. Bapak/Ibu,\nPermohonan Anda diterima.\n.\nTerima kasih",
		.id = 42,
		.created_at = T0,
		.date = T0 + 5,
	};
}

static void test_email_build_exact(void **state)
{
	struct email e = sample_email();
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(transport_email_build(&b, &e), 0);
	assert_string_equal(b.ptr,
			    "Date: Sat, 21 Nov 2026 10:00:05 +0000\r\n"
			    "From: \"Loket\" <noreply@dukcapil.example.id>\r\n"
			    "To: warga@example.id\r\n"
			    "Subject: Permohonan diterima\r\n"
			    "Message-ID: <loket.42.1795255200@dukcapil.example.id>\r\n"
			    "MIME-Version: 1.0\r\n"
			    "Content-Type: text/plain; charset=UTF-8\r\n"
			    "Content-Transfer-Encoding: 8bit\r\n"
			    "Auto-Submitted: auto-generated\r\n"
			    "\r\n"
			    "Yth. Bapak/Ibu,\r\n"
			    "Permohonan Anda diterima.\r\n"
			    ".\r\n"
			    "Terima kasih\r\n");
	buf_release(&b);
}

static void test_email_build_encoded_headers(void **state)
{
	struct email e = sample_email();
	struct buf b = BUF_INIT;

	(void)state;
	e.from_name = "Dukcapil \"Kab\\Pekalongan\"";
	e.subject = "Dokumen siap \xe2\x80\x93 KTP-el";
	assert_int_equal(transport_email_build(&b, &e), 0);
	assert_non_null(strstr(b.ptr, "From: \"Dukcapil \\\"Kab\\\\Pekalongan\\\"\" "
				      "<noreply@dukcapil.example.id>\r\n"));
	assert_non_null(strstr(b.ptr, "Subject: =?UTF-8?B?RG9rdW1lbiBzaWFwIOKAkyBLVFAtZWw=?=\r\n"));
	buf_reset(&b);
	e.from_addr = "loket@localhost";
	e.from_name = NULL;
	assert_int_equal(transport_email_build(&b, &e), 0);
	assert_non_null(strstr(b.ptr, "From: loket@localhost\r\n"));
	buf_reset(&b);
	e.from_name = "D\xc3\xa9mo";
	assert_int_equal(transport_email_build(&b, &e), 0);
	assert_non_null(strstr(b.ptr, "From: =?UTF-8?B?RMOpbW8=?= <loket@localhost>\r\n"));
	buf_release(&b);
}

static void test_email_build_bad_header_injection(void **state)
{
	struct email e;
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "untouched");
	e = sample_email();
	e.subject = "Halo\r\nBcc: korban@example.id";
	assert_int_equal(transport_email_build(&b, &e), -1);
	e = sample_email();
	e.subject = "Halo\nX: y";
	assert_int_equal(transport_email_build(&b, &e), -1);
	e = sample_email();
	e.to = "warga@example.id\r\nBcc: korban@example.id";
	assert_int_equal(transport_email_build(&b, &e), -1);
	e = sample_email();
	e.to = "warga@example.id, korban@example.id";
	assert_int_equal(transport_email_build(&b, &e), -1);
	e = sample_email();
	e.from_name = "Loket\r\nBcc: korban@example.id";
	assert_int_equal(transport_email_build(&b, &e), -1);
	e = sample_email();
	e.from_addr = "bukan alamat";
	assert_int_equal(transport_email_build(&b, &e), -1);
	e = sample_email();
	e.body = NULL;
	assert_int_equal(transport_email_build(&b, &e), -1);
	assert_string_equal(b.ptr, "untouched");
	buf_release(&b);
}

static const char *body_of(const char *msg)
{
	const char *p = strstr(msg, "\r\n\r\n");

	assert_non_null(p);
	return p + 4;
}

static void test_email_build_line_endings(void **state)
{
	struct email e = sample_email();
	struct buf b = BUF_INIT;

	(void)state;
	e.body = "a\r\nb\rc\n\nd";
	assert_int_equal(transport_email_build(&b, &e), 0);
	assert_string_equal(body_of(b.ptr), "a\r\nb\r\nc\r\n\r\nd\r\n");
	buf_reset(&b);
	e.body = "ends with newline\n";
	assert_int_equal(transport_email_build(&b, &e), 0);
	assert_string_equal(body_of(b.ptr), "ends with newline\r\n");
	buf_reset(&b);
	e.body = "";
	assert_int_equal(transport_email_build(&b, &e), 0);
	assert_string_equal(body_of(b.ptr), "");
	buf_release(&b);
}

static void test_email_build_long_lines(void **state)
{
	struct email e = sample_email();
	struct buf body = BUF_INIT, b = BUF_INIT, joined = BUF_INIT;
	const char *p, *eol;
	int i;

	(void)state;
	for (i = 0; i < 1500; i++)
		buf_adds(&body, i % 2 ? "x" : "\xe2\x80\x93");
	e.body = body.ptr;
	assert_int_equal(transport_email_build(&b, &e), 0);
	for (p = body_of(b.ptr); *p; p = eol + 2) {
		eol = strstr(p, "\r\n");
		assert_non_null(eol);
		assert_true(eol - p <= 998);
		/* a break never lands inside a UTF-8 sequence */
		assert_true(((unsigned char)*p & 0xc0) != 0x80);
		buf_add(&joined, p, (size_t)(eol - p));
	}
	assert_int_equal(joined.len, body.len);
	assert_memory_equal(joined.ptr, body.ptr, body.len);
	buf_release(&body);
	buf_release(&b);
	buf_release(&joined);
}

/* ---- log transport ------------------------------------------------------ */

static void test_log_line_exact(void **state)
{
	struct outmsg m = {
		.id = 7,
		.channel = NOTIFY_WHATSAPP,
		.to = "6281234567890",
		.subject = "Akun aktif",
		.body = "Kode: 123456\n\"Jangan bagikan\" \xe2\x80\x93 Loket",
		.created_at = T0,
	};
	char *line;

	(void)state;
	line = transport_log_line(&m);
	assert_non_null(line);
	assert_string_equal(line,
			    "{\"channel\":\"whatsapp\",\"to\":\"6281234567890\","
			    "\"subject\":\"Akun aktif\","
			    "\"body\":\"Kode: 123456\\n\\\"Jangan bagikan\\\" \xe2\x80\x93 Loket\","
			    "\"created_at\":\"2026-11-21T10:00:00Z\"}\n");
	free(line);
	m.channel = NOTIFY_EMAIL;
	m.to = "warga@example.id";
	m.body = "";
	line = transport_log_line(&m);
	assert_non_null(line);
	assert_string_equal(line,
			    "{\"channel\":\"email\",\"to\":\"warga@example.id\","
			    "\"subject\":\"Akun aktif\",\"body\":\"\","
			    "\"created_at\":\"2026-11-21T10:00:00Z\"}\n");
	free(line);
}

static void test_log_line_bad_utf8(void **state)
{
	struct outmsg m = {
		.channel = NOTIFY_EMAIL,
		.to = "warga@example.id",
		.subject = "ok",
		.body = "\xff\xfe",
		.created_at = T0,
	};

	(void)state;
	assert_null(transport_log_line(&m));
	m.body = NULL;
	assert_null(transport_log_line(&m));
	m.body = "ok";
	m.channel = NOTIFY__MAX;
	assert_null(transport_log_line(&m));
}

static void test_log_send_appends(void **state)
{
	char dir[] = "/tmp/loket-test-XXXXXX", path[256], err[TRANSPORT_ERR_LEN], line[512];
	struct outmsg m = {
		.id = 1,
		.channel = NOTIFY_EMAIL,
		.to = "warga@example.id",
		.subject = "Satu",
		.body = "isi",
		.created_at = T0,
	};
	char *saved = g_cfg.data_dir;
	FILE *f;
	int n = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	g_cfg.data_dir = dir;
	assert_int_equal(transport_log_send(&m, NULL, err, sizeof err), TRANSPORT_SENT);
	m.subject = "Dua";
	assert_int_equal(transport_log_send(&m, NULL, err, sizeof err), TRANSPORT_SENT);
	m.body = "\xc0";
	assert_int_equal(transport_log_send(&m, NULL, err, sizeof err), TRANSPORT_REJECT);
	assert_string_equal(err, "invalid text");

	snprintf(path, sizeof path, "%s/outbox.jsonl", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		assert_non_null(strstr(line, n ? "\"subject\":\"Dua\"" : "\"subject\":\"Satu\""));
		assert_int_equal(line[strlen(line) - 1], '\n');
		n++;
	}
	fclose(f);
	assert_int_equal(n, 2);
	unlink(path);
	rmdir(dir);

	g_cfg.data_dir = "/nonexistent/loket";
	assert_int_equal(transport_log_send(&m, NULL, err, sizeof err), TRANSPORT_REJECT);
	m.body = "isi";
	assert_int_equal(transport_log_send(&m, NULL, err, sizeof err), TRANSPORT_DOWN);
	assert_memory_equal(err, "open: ", 6);
	g_cfg.data_dir = saved;
}

/* A full disk (here: the file size limit, which makes write() stop part
 * way like ENOSPC does) never leaves half a line: the failed line is cut
 * off, and the retry appends it whole after the last good one. */
static void test_log_send_whole_lines_on_full_disk(void **state)
{
	char dir[] = "/tmp/loket-test-XXXXXX", path[256], err[TRANSPORT_ERR_LEN];
	struct outmsg m = {
		.id = 1,
		.channel = NOTIFY_WHATSAPP,
		.to = "6281234567890",
		.subject = "",
		.body = "Kode Anda: 123456",
		.created_at = T0,
	};
	char *saved = g_cfg.data_dir, *line = transport_log_line(&m);
	struct rlimit old, lim;
	struct buf b = BUF_INIT;
	size_t first;

	(void)state;
	assert_non_null(mkdtemp(dir));
	g_cfg.data_dir = dir;
	snprintf(path, sizeof path, "%s/outbox.jsonl", dir);
	assert_int_equal(transport_log_send(&m, NULL, err, sizeof err), TRANSPORT_SENT);
	first = strlen(line);
	/* room for 10 more bytes: the next line is written in part, then refused */
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_IGN);
	lim = old;
	lim.rlim_cur = first + 10;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	m.body = "Kode Anda: 654321";
	assert_int_equal(transport_log_send(&m, NULL, err, sizeof err), TRANSPORT_DOWN);
	assert_memory_equal(err, "write: ", 7);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	read_file(path, &b);
	assert_int_equal(b.len, first);
	assert_memory_equal(b.ptr, line, first);
	/* the retry: both lines whole */
	assert_int_equal(transport_log_send(&m, NULL, err, sizeof err), TRANSPORT_SENT);
	read_file(path, &b);
	assert_int_equal(b.len, 2 * first);
	assert_int_equal(b.ptr[b.len - 1], '\n');
	assert_non_null(memmem(b.ptr + first, first, "654321", 6));
	assert_memory_equal(b.ptr + first, "{\"channel\":\"whatsapp\",", 22);
	buf_release(&b);
	free(line);
	unlink(path);
	rmdir(dir);
	g_cfg.data_dir = saved;
}

/* ---- WhatsApp ------------------------------------------------------------ */

static void test_phone_ok(void **state)
{
	(void)state;
	assert_int_equal(transport_phone_ok("6281234567890"), 1);
	assert_int_equal(transport_phone_ok("628123456"), 0);     /* too short */
	assert_int_equal(transport_phone_ok("6281234567890123"), 0);
	assert_int_equal(transport_phone_ok("081234567890"), 0);  /* not normalised */
	assert_int_equal(transport_phone_ok("+6281234567890"), 0);
	assert_int_equal(transport_phone_ok("6221234567890"), 0); /* not mobile */
	assert_int_equal(transport_phone_ok("62812345678a0"), 0);
	assert_int_equal(transport_phone_ok(NULL), 0);
}

static void test_wa_text(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	transport_wa_text(&b, "Permohonan diterima", "Nomor: AKL33268296");
	assert_string_equal(b.ptr, "*Permohonan diterima*\n\nNomor: AKL33268296");
	buf_reset(&b);
	transport_wa_text(&b, "", "Hanya isi");
	assert_string_equal(b.ptr, "Hanya isi");
	buf_release(&b);
}

static void test_wa_cloud_json(void **state)
{
	char *s;

	(void)state;
	s = transport_wa_cloud_json("6281234567890", "*Judul*\n\n\"Isi\" \xe2\x80\x93 ok");
	assert_non_null(s);
	assert_string_equal(s, "{\"messaging_product\":\"whatsapp\",\"to\":\"6281234567890\","
			       "\"type\":\"text\",\"text\":{\"body\":"
			       "\"*Judul*\\n\\n\\\"Isi\\\" \xe2\x80\x93 ok\"}}");
	free(s);
	assert_null(transport_wa_cloud_json("6281234567890", "\xff"));
}

static void test_wa_fonnte_form(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(transport_wa_fonnte_form(&b, "6281234567890",
						  "*Judul*\n\nA&B=C d+e \xc3\xa9"), 0);
	assert_string_equal(b.ptr, "target=6281234567890&message="
				   "%2AJudul%2A%0A%0AA%26B%3DC%20d%2Be%20%C3%A9");
	buf_release(&b);
}

static void test_wa_reply_ok(void **state)
{
	const char *t = "{\"detail\":\"success! message in queue\",\"id\":[\"1\"],\"status\":true}";
	const char *f = "{\"reason\":\"target invalid\",\"status\":false}";

	(void)state;
	assert_int_equal(transport_wa_reply_ok(1, 200, t, strlen(t)), 1);
	assert_int_equal(transport_wa_reply_ok(1, 200, f, strlen(f)), 0);
	assert_int_equal(transport_wa_reply_ok(1, 200, "{\"status\":\"ok\"}", 15), 0);
	assert_int_equal(transport_wa_reply_ok(1, 200, "{\"detail\":1}", 12), 1);
	assert_int_equal(transport_wa_reply_ok(1, 200, "OK", 2), 1);
	assert_int_equal(transport_wa_reply_ok(1, 200, NULL, 0), 1);
	assert_int_equal(transport_wa_reply_ok(1, 500, t, strlen(t)), 0);
	assert_int_equal(transport_wa_reply_ok(1, 0, NULL, 0), 0);
	/* the Cloud API has no "status": 2xx is the whole answer */
	assert_int_equal(transport_wa_reply_ok(0, 200, f, strlen(f)), 1);
	assert_int_equal(transport_wa_reply_ok(0, 201, "", 0), 1);
	assert_int_equal(transport_wa_reply_ok(0, 400, "{}", 2), 0);
	assert_int_equal(transport_wa_reply_ok(0, 302, "", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_time),
		cmocka_unit_test(test_rfc5322_date),
		cmocka_unit_test(test_rfc2047_ascii_as_is),
		cmocka_unit_test(test_rfc2047_non_ascii),
		cmocka_unit_test(test_rfc2047_encodes_lookalike_and_controls),
		cmocka_unit_test(test_rfc2047_long_folded_no_split),
		cmocka_unit_test(test_has_crlf),
		cmocka_unit_test(test_email_ok),
		cmocka_unit_test(test_parse_from),
		cmocka_unit_test(test_email_build_exact),
		cmocka_unit_test(test_email_build_encoded_headers),
		cmocka_unit_test(test_email_build_bad_header_injection),
		cmocka_unit_test(test_email_build_line_endings),
		cmocka_unit_test(test_email_build_long_lines),
		cmocka_unit_test(test_log_line_exact),
		cmocka_unit_test(test_log_line_bad_utf8),
		cmocka_unit_test(test_log_send_appends),
		cmocka_unit_test(test_log_send_whole_lines_on_full_disk),
		cmocka_unit_test(test_phone_ok),
		cmocka_unit_test(test_wa_text),
		cmocka_unit_test(test_wa_cloud_json),
		cmocka_unit_test(test_wa_fonnte_form),
		cmocka_unit_test(test_wa_reply_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
