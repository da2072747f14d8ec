// SPDX-License-Identifier: MIT
// HTTP tests of abuse resistance: the login guard and its code step, the limits of the public forms, messages and chat.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

#define PW "Feb1702."
#define STAF_PW "Petugas-2024"
#define HP "6281234567890"      /* every applicant of register_pemohon */
#define MASK "••••••"

/* Low limits, so that each can be reached in a test. */
static const char *const env[] = {
	"LOKET_LOGIN_STEP_UP=4", "LOKET_LOGIN_MAX_IP=6", "LOKET_PUBLIC_MAX_NIK=3", "LOKET_SEND_MAX_HOUR=2",
	"LOKET_CHAT_MAX_HOUR=3", NULL,
};

static struct srv S;

static int setup(void **st)
{
	(void)st;
	return srv_start(&S, env);
}

static int teardown(void **st)
{
	(void)st;
	return srv_stop(&S);
}

/* ---- helpers ------------------------------------------------------------- */

/* An active applicant nik (registered and activated in storage). */
static void active(const char *nik)
{
	struct client *c = client_new(&S);

	assert_int_equal(pemohon_active(&S, c, nik, PW), 0);
	client_free(c);
}

/* POSTs the applicants' login form (fresh csrf and captcha); the status. */
static long web_login(struct client *c, const char *nik, const char *pw, struct resp *r)
{
	struct form f;

	assert_int_equal(form_fetch(c, "/pemohon/login", &f), 0);
	assert_int_equal(client_post(c, "/pemohon/login", r, "csrf", f.csrf, "captcha_id", f.captcha_id, "captcha",
				     f.captcha, "nik", nik, "password", pw, NULL), 0);
	form_free(&f);
	return r->status;
}

/* One wrong password for nik from address ip: 422. */
static void wrong_from(const char *ip, const char *nik)
{
	struct client *c = client_new(&S);
	struct resp r;

	client_from(c, ip);
	assert_int_equal(web_login(c, nik, "Salah-1234", &r), 422);
	resp_free(&r);
	client_free(c);
}

/* The newest 6-digit code sent to recipient, once every queued message went. */
static char *newest_code(const char *recipient)
{
	long long queued = srv_count(&S, "outbox");
	char **lines;
	size_t n = outbox_lines(&S, (size_t)queued, &lines);

	outbox_free(lines, n);
	assert_true(n >= (size_t)queued);
	return outbox_code(&S, recipient);
}

/* The seconds of the Retry-After header in raw headers, 0 when none. */
static long retry_after(const char *headers)
{
	const char *p = headers ? strcasestr(headers, "\nRetry-After:") : NULL;

	return p ? atol(p + strlen("\nRetry-After:")) : 0;
}

static long long sessions_of(const char *nik)
{
	return srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'pemohon' AND subjek_id = "
			  "(SELECT id FROM pemohon WHERE nik = '%s')", nik);
}

/* The JSON login of the API with a fresh captcha; kode may be NULL. */
static json_t *api_login(const char *nik, const char *pw, const char *kode, long *status, char **headers)
{
	char *id;
	int answer;
	json_t *b;

	assert_int_equal(api_captcha(&S, &id, &answer), 0);
	b = json_pack("{s:s, s:s, s:s, s:i}", "nik", nik, "password", pw, "captcha_id", id, "captcha_jawaban", answer);
	free(id);
	if (kode)
		json_object_set_new(b, "kode", json_string(kode));
	return api_json_headers(&S, "POST", "/api/v1/sesi", b, NULL, status, headers);
}

/* POSTs a public form (fresh csrf and captcha) with kv pairs. */
static long public_post(struct client *c, const char *path, const char *const *kv, struct resp *r)
{
	const char *all[40];
	struct form f;
	size_t n = 0;

	assert_int_equal(form_fetch(c, path, &f), 0);
	all[n++] = "csrf";
	all[n++] = f.csrf;
	all[n++] = "captcha_id";
	all[n++] = f.captcha_id;
	all[n++] = "captcha";
	all[n++] = f.captcha;
	for (; *kv && n < 38; kv++)
		all[n++] = *kv;
	all[n] = NULL;
	assert_int_equal(client_post_arr(c, path, all, r), 0);
	form_free(&f);
	return r->status;
}

/* Blanks every value="…" of the hidden inputs csrf and captcha_id and the
 * captcha question: what differs between two visits of a form. */
static void strip_visit(char *html)
{
	static const char *const marks[] = { "class=\"captcha-q\">", "name=\"captcha_id\" value=\"",
					     "name=\"csrf\" value=\"", NULL };
	size_t i;

	for (i = 0; marks[i]; i++) {
		char *p = strstr(html, marks[i]), *e;

		if (!p)
			continue;
		p += strlen(marks[i]);
		e = p + strcspn(p, "<\"");
		memmove(p, e, strlen(e) + 1);
	}
}

/* ---- the login guard ----------------------------------------------------- */

/* Failures from many addresses never lock the owner out: the right
 * password then asks for the code sent to the owner, and logs in with it. */
static void test_login_under_attack_asks_owner_for_code(void **st)
{
	const char *nik = "3326071505900101";
	struct client *c = client_new(&S);
	struct resp r;
	char *code, *shown, *csrf;
	long long before;

	(void)st;
	active(nik);
	before = sessions_of(nik);
	wrong_from("127.0.0.11", nik);
	wrong_from("127.0.0.12", nik);
	wrong_from("127.0.0.13", nik);
	wrong_from("127.0.0.14", nik);
	assert_int_equal(web_login(c, nik, PW, &r), 200);
	assert_true(resp_has(&r, "Kode Masuk"));
	assert_true(resp_has(&r, "autocomplete=\"one-time-code\""));
	resp_free(&r);
	assert_int_equal(sessions_of(nik), before);
	code = newest_code(HP);
	assert_non_null(code);
	/* staff never read the code: the stored text is masked */
	shown = srv_db_text(&S, "SELECT body FROM outbox WHERE subject = 'Kode Masuk Akun' ORDER BY id DESC LIMIT 1");
	assert_non_null(strstr(shown, MASK));
	assert_null(strstr(shown, code));
	free(shown);
	/* a wrong code is refused, the right one logs in */
	csrf = page_field(c, "/pemohon/login/kode", "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(c, "/pemohon/login/kode", &r, "csrf", csrf, "kode",
				     strcmp(code, "000000") ? "000000" : "111111", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Kode salah."));
	assert_true(resp_has(&r, "aria-invalid=\"true\""));
	resp_free(&r);
	assert_int_equal(sessions_of(nik), before);
	assert_int_equal(client_post(c, "/pemohon/login/kode", &r, "csrf", csrf, "kode", code, NULL), 0);
	assert_true(redirect_is(&r, "/"));
	resp_free(&r);
	assert_int_equal(sessions_of(nik), before + 1);
	free(csrf);
	free(code);
	client_free(c);
}

static void test_login_under_attack_api_asks_kode(void **st)
{
	const char *nik = "3326071505900102";
	long status;
	char *code, *hdr = NULL;
	json_t *j;
	int i;

	(void)st;
	active(nik);
	for (i = 0; i < 4; i++) {
		j = api_login(nik, "Salah-1234", NULL, &status, NULL);
		assert_true(api_error_is(j, status, 401, "login_salah"));
	}
	/* this address (the attacker's too) waits a second after the fourth */
	j = api_login(nik, PW, NULL, &status, &hdr);
	assert_true(api_error_is(j, status, 429, "terlalu_banyak_percobaan"));
	assert_in_range(retry_after(hdr), 1, 2);
	usleep((useconds_t)(retry_after(hdr) * 1000000L + 200000L));
	free(hdr);
	j = api_login(nik, PW, NULL, &status, NULL);
	assert_true(api_error_is(j, status, 401, "perlu_kode"));
	code = newest_code(HP);
	assert_non_null(code);
	j = api_login(nik, PW, strcmp(code, "000000") ? "000000" : "111111", &status, NULL);
	assert_true(api_error_is(j, status, 401, "kode_salah"));
	/* a wrong code is a failure of this pair too: two seconds now */
	j = api_login(nik, PW, code, &status, &hdr);
	assert_true(api_error_is(j, status, 429, "terlalu_banyak_percobaan"));
	assert_in_range(retry_after(hdr), 2, 3);
	usleep((useconds_t)(retry_after(hdr) * 1000000L + 200000L));
	free(hdr);
	j = api_login(nik, PW, code, &status, NULL);
	assert_int_equal(status, 201);
	assert_non_null(jstr(j, "token"));
	json_decref(j);
	free(code);
}

static void test_bad_login_code_page_without_login(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;

	(void)st;
	assert_int_equal(client_get(c, "/pemohon/login/kode", &r), 0);
	assert_true(redirect_is(&r, "/pemohon/login"));
	resp_free(&r);
	client_free(c);
}

/* Many failures from one address slow that address only, and only once
 * login_max_ip failures happened there. */
static void test_bad_login_address_failures_slow_that_address(void **st)
{
	static const char *const niks[] = {
		"3326071505900111", "3326071505900112", "3326071505900113", "3326071505900114",
		"3326071505900115", "3326071505900116", "3326071505900117",
	};
	struct client *c = client_new(&S), *other = client_new(&S);
	struct resp r;
	size_t i;

	(void)st;
	client_from(c, "127.0.0.60");
	client_from(other, "127.0.0.61");
	for (i = 0; i < sizeof niks / sizeof niks[0]; i++) {
		assert_int_equal(web_login(c, niks[i], "Salah-1234", &r), 422);
		resp_free(&r);
	}
	assert_int_equal(web_login(c, "3326071505900118", "Salah-1234", &r), 429);
	assert_true(resp_has(&r, "Silakan coba lagi dalam"));
	resp_free(&r);
	assert_int_equal(web_login(other, "3326071505900118", "Salah-1234", &r), 422);
	resp_free(&r);
	client_free(c);
	client_free(other);
}

/* ---- the public forms ------------------------------------------------------ */

/* Cek Status: the limit per NIK answers the same for a registered NIK and
 * an unknown one, keeps what was typed and says when to come back. */
static void test_bad_status_limit_per_nik_same_answer(void **st)
{
	const char *known = "3326071505900121", *unknown = "3326071505909121";
	const char *kv_known[] = { "nik", known, "no_hp", "081234567890", NULL };
	const char *kv_unknown[] = { "nik", unknown, "no_hp", "081234567890", NULL };
	struct client *c = client_new(&S);
	struct resp a, b;
	char *retry;
	int i;

	(void)st;
	active(known);
	for (i = 0; i < 3; i++) {
		assert_int_equal(public_post(c, "/pemohon/status", kv_known, &a), 200);
		resp_free(&a);
		assert_int_equal(public_post(c, "/pemohon/status", kv_unknown, &b), 200);
		resp_free(&b);
	}
	assert_int_equal(public_post(c, "/pemohon/status", kv_known, &a), 429);
	assert_int_equal(public_post(c, "/pemohon/status", kv_unknown, &b), 429);
	retry = resp_header(&a, "Retry-After");
	assert_non_null(retry);
	assert_true(atol(retry) > 0);
	free(retry);
	assert_true(resp_has(&a, "Terlalu banyak permintaan"));
	/* typed values are kept; apart from them the pages are the same */
	assert_true(resp_has(&a, known));
	assert_true(resp_has(&b, unknown));
	strip_visit(a.body);
	strip_visit(b.body);
	{
		char *p = strstr(a.body, known);

		memcpy(p, unknown, 16);
	}
	assert_string_equal(a.body, b.body);
	resp_free(&a);
	resp_free(&b);
	client_free(c);
}

/* Lupa Password: reset links to one account are capped per hour (nothing
 * more goes out, the answer stays), and the NIK's requests are limited. */
static void test_bad_forgot_capped_then_limited(void **st)
{
	const char *nik = "3326071505900131";
	json_t *body, *j;
	long status;
	char *hdr = NULL, *id;
	long long sent;
	int i, answer;

	(void)st;
	active(nik);
	sent = srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Reset Password%%'");
	for (i = 0; i < 4; i++) {
		assert_int_equal(api_captcha(&S, &id, &answer), 0);
		body = json_pack("{s:s, s:s, s:s, s:s, s:i}", "nik", nik, "nama", "Siti Aminah", "no_hp", "081234567890",
				 "captcha_id", id, "captcha_jawaban", answer);
		free(id);
		free(hdr);
		hdr = NULL;
		j = api_json_headers(&S, "POST", "/api/v1/lupa-password", body, NULL, &status, &hdr);
		if (i < 3) {
			assert_int_equal(status, 202);
			json_decref(j);
		} else {
			assert_true(api_error_is(j, status, 429, "terlalu_banyak_percobaan"));
			assert_non_null(strstr(hdr, "Retry-After:"));
		}
	}
	free(hdr);
	/* two links (WhatsApp and e-mail each), the third request sent nothing */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Reset Password%%'"), sent + 4);
}

/* Registration: one NIK at most public_max_nik times an hour, whether or
 * not it has an account; what was typed is kept and nothing is stored. */
static void test_bad_register_limit_per_nik(void **st)
{
	const char *nik = "3326071505900141";
	struct client *c = client_new(&S);
	struct resp r;
	long long rows, sent;
	int i;

	(void)st;
	for (i = 0; i < 3; i++) {
		assert_int_equal(register_pemohon(c, nik, "Rahasia-Ku9", &r), 0);
		assert_true(redirect_is(&r, "/pemohon/status"));
		resp_free(&r);
	}
	rows = srv_count(&S, "pemohon");
	sent = srv_count(&S, "outbox");
	assert_int_equal(register_pemohon(c, nik, "Rahasia-Ku9", &r), 0);
	assert_int_equal(r.status, 429);
	assert_true(resp_has(&r, "Terlalu banyak permintaan"));
	assert_true(resp_has(&r, "value=\"Siti Aminah\""));
	assert_false(resp_has(&r, "Rahasia-Ku9"));
	resp_free(&r);
	assert_int_equal(srv_count(&S, "pemohon"), rows);
	assert_int_equal(srv_count(&S, "outbox"), sent);
	client_free(c);
}

/* Registration from one address: a server of its own with a low limit. */
static void test_bad_register_limit_per_address(void **st)
{
	static const char *const low[] = { "LOKET_PUBLIC_MAX_IP=2", NULL };
	struct srv T;
	struct client *c, *other;
	struct resp r;

	(void)st;
	assert_int_equal(srv_start(&T, low), 0);
	c = client_new(&T);
	other = client_new(&T);
	client_from(other, "127.0.0.2");
	assert_int_equal(register_pemohon(c, "3326071505900151", PW, &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(register_pemohon(c, "3326071505900152", PW, &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(register_pemohon(c, "3326071505900153", PW, &r), 0);
	assert_int_equal(r.status, 429);
	resp_free(&r);
	assert_int_equal(srv_db_int(&T, "SELECT COUNT(*) FROM pemohon WHERE nik = '3326071505900153'"), 0);
	assert_int_equal(register_pemohon(other, "3326071505900153", PW, &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	client_free(c);
	client_free(other);
	assert_int_equal(srv_stop(&T), 0);
}

/* ---- messages ------------------------------------------------------------- */

/* Activation links: the approval's and one more within the hour; the
 * officer is told when the next may go. */
static void test_bad_activation_resend_capped(void **st)
{
	struct client *ver = staf_ready(&S, "ver1", "verifikator", NULL, STAF_PW), *c = client_new(&S);
	struct resp r;
	long long id;
	char *csrf, *retry;

	(void)st;
	assert_non_null(ver);
	assert_int_equal(register_pemohon(c, "3326071505900161", PW, &r), 0);
	resp_free(&r);
	id = srv_id(&S, "pemohon", "nik", "3326071505900161");
	csrf = page_field(ver, pathf("/staf/pendaftaran/%lld", id), "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(ver, pathf("/staf/pendaftaran/%lld/setujui", id), &r, "csrf", csrf, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(client_post(ver, pathf("/staf/pendaftaran/%lld/kirim-ulang", id), &r, "csrf", csrf, NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(client_post(ver, pathf("/staf/pendaftaran/%lld/kirim-ulang", id), &r, "csrf", csrf, NULL), 0);
	assert_int_equal(r.status, 429);
	assert_true(resp_has(&r, "sudah dikirim 2 kali dalam 1 jam"));
	retry = resp_header(&r, "Retry-After");
	assert_non_null(retry);
	free(retry);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM token WHERE jenis = 'aktivasi' AND pemohon_id = %lld", id), 2);
	free(csrf);
	client_free(ver);
	client_free(c);
}

/* ---- chat ------------------------------------------------------------------ */

/* An application of an active applicant, sent (the officer sees it). */
static char *sent_application(const char *nik, char **tok)
{
	char *kode;

	*tok = pemohon_active_token(&S, nik, PW);
	assert_non_null(*tok);
	kode = api_create(&S, *tok, json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", "sinkronisasi-data", "nik", nik,
					      "nama", "Siti Aminah", "detail", "Data tidak terbaca di BPJS.", "isian",
					      "permasalahan_data", "NIK tidak ditemukan."));
	assert_non_null(kode);
	assert_int_equal(api_upload(&S, *tok, kode, "foto-kartu-keluarga", "foto.jpg", NULL, NULL), 0);
	assert_int_equal(api_upload(&S, *tok, kode, "foto-ktp-el", "foto.jpg", NULL, NULL), 0);
	assert_int_equal(api_kirim(&S, *tok, kode, "otomatis"), 0);
	return kode;
}

static void test_bad_chat_capped_per_hour(void **st)
{
	char *tok, *kode = sent_application("3326071505900171", &tok), *hdr = NULL, *csrf;
	struct client *c = client_new(&S);
	struct resp r;
	long status;
	json_t *j;
	int i;

	(void)st;
	for (i = 0; i < 3; i++) {
		j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"), tok,
			     &status);
		assert_int_equal(status, 201);
		json_decref(j);
	}
	j = api_json_headers(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo lagi"),
			     tok, &status, &hdr);
	assert_true(api_error_is(j, status, 429, "terlalu_banyak_pesan"));
	assert_non_null(strstr(hdr, "Retry-After:"));
	free(hdr);
	/* the page says so too and keeps the text */
	assert_int_equal(web_login(c, "3326071505900171", PW, &r), 303);
	resp_free(&r);
	csrf = page_field(c, pathf("/pengajuan/%s", kode), "csrf");
	assert_non_null(csrf);
	assert_int_equal(client_post(c, pathf("/pengajuan/%s/chat", kode), &r, "csrf", csrf, "isi", "Mohon dibantu", NULL), 0);
	assert_int_equal(r.status, 429);
	assert_true(resp_has(&r, "Batas 3 pesan per jam"));
	assert_true(resp_has(&r, "Mohon dibantu"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM chat c JOIN pengajuan p ON p.id = c.pengajuan_id "
				    "WHERE p.kode = '%s'", kode), 3);
	free(csrf);
	free(kode);
	free(tok);
	client_free(c);
}

/* A long chat is read a page at a time, on the officer's screen and in the
 * API, never all at once. */
static void test_chat_paged(void **st)
{
	char *tok, *kode = sent_application("3326071505900181", &tok), *older, *v;
	struct client *op = staf_ready(&S, "op1", "operator", NULL, STAF_PW);
	long long app = srv_id(&S, "pengajuan", "kode", kode), first;
	struct resp r;
	long status;
	json_t *j;
	int i;

	(void)st;
	assert_non_null(op);
	for (i = 1; i <= 120; i++)
		assert_int_equal(srv_db_exec(&S, "INSERT INTO chat (pengajuan_id, dari, isi, created_at) "
					     "VALUES (%lld, 'pemohon', 'pesan-%03d', %d)", app, i, 1700000000 + i), 0);
	first = srv_db_int(&S, "SELECT MIN(id) FROM chat WHERE pengajuan_id = %lld", app);
	assert_int_equal(client_get(op, pathf("/staf/pengajuan/%s", kode), &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(str_count(r.body, "pesan-"), 50);
	assert_true(resp_has(&r, "pesan-120"));
	assert_false(resp_has(&r, "pesan-070<"));
	assert_true(resp_has(&r, "Tampilkan pesan sebelumnya"));
	older = strstr(r.body, "?chat_sebelum=");
	assert_non_null(older);
	v = strndup(older, strcspn(older, "\"#"));
	resp_free(&r);
	assert_int_equal(client_get(op, pathf("/staf/pengajuan/%s%s", kode, v), &r), 0);
	assert_true(resp_has(&r, "pesan-070"));
	assert_false(resp_has(&r, "pesan-071"));
	assert_true(resp_has(&r, "Kembali ke pesan terbaru"));
	resp_free(&r);
	free(v);
	/* the API pages the same way, and refuses a malformed page */
	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s/chat", kode), NULL, tok, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 50);
	assert_true(jint(j, "sebelumnya") > first);
	json_decref(j);
	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s/chat?sebelum=%lld", kode, first + 20), NULL, tok, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "chat")), 20);
	assert_true(json_is_null(json_object_get(j, "sebelumnya")));
	json_decref(j);
	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s/chat?sebelum=abc", kode), NULL, tok, &status);
	assert_true(api_error_is(j, status, 422, "data_tidak_valid"));
	free(kode);
	free(tok);
	client_free(op);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_under_attack_asks_owner_for_code),
		cmocka_unit_test(test_login_under_attack_api_asks_kode),
		cmocka_unit_test(test_bad_login_code_page_without_login),
		cmocka_unit_test(test_bad_login_address_failures_slow_that_address),
		cmocka_unit_test(test_bad_status_limit_per_nik_same_answer),
		cmocka_unit_test(test_bad_forgot_capped_then_limited),
		cmocka_unit_test(test_bad_register_limit_per_nik),
		cmocka_unit_test(test_bad_register_limit_per_address),
		cmocka_unit_test(test_bad_activation_resend_capped),
		cmocka_unit_test(test_bad_chat_capped_per_hour),
		cmocka_unit_test(test_chat_paged),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
