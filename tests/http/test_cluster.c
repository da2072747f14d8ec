// SPDX-License-Identifier: MIT
// Two loket instances on one PostgreSQL database behind nginx behave as one site.
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define NIK "3326071505900301"
#define PASSWORD "Feb1702."
#define STAFF_PW "Petugas-Baru-2026"
#define MESSAGES 200

static struct srv A, B, proxy;   /* proxy: only base/port are used */
static pid_t nginx_pid;
static int enabled;

static int free_port_via_srv(void)
{
	FILE *p = popen("python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\",0)); "
			"print(s.getsockname()[1])'", "r");
	int port = -1;

	if (p) {
		if (fscanf(p, "%d", &port) != 1)
			port = -1;
		pclose(p);
	}
	return port;
}

/* nginx on a free loopback port, round-robin over both instances. */
static int start_nginx(void)
{
	char conf[400], cmd[600];
	FILE *f;
	int i;

	proxy.port = free_port_via_srv();
	snprintf(proxy.base, sizeof proxy.base, "http://127.0.0.1:%d", proxy.port);
	snprintf(conf, sizeof conf, "%s/nginx.conf", A.dir);
	snprintf(cmd, sizeof cmd, "mkdir -p %s/nginx-tmp", A.dir);
	if (system(cmd) != 0)
		return -1;
	f = fopen(conf, "w");
	if (!f)
		return -1;
	fprintf(f,
		"worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/nginx-error.log;\n"
		"events { worker_connections 256; }\n"
		"http {\n access_log off;\n"
		" client_body_temp_path %s/nginx-tmp; proxy_temp_path %s/nginx-tmp;\n"
		" fastcgi_temp_path %s/nginx-tmp; uwsgi_temp_path %s/nginx-tmp; scgi_temp_path %s/nginx-tmp;\n"
		" upstream loket { server 127.0.0.1:%d; server 127.0.0.1:%d; }\n"
		" server {\n  listen 127.0.0.1:%d;\n  client_max_body_size 2m;\n"
		"  location / { proxy_pass http://loket; proxy_set_header Host $host;\n"
		"   proxy_set_header X-Forwarded-For $remote_addr; }\n }\n}\n",
		A.dir, A.dir, A.dir, A.dir, A.dir, A.dir, A.dir, A.port, B.port, proxy.port);
	fclose(f);
	nginx_pid = harness_fork();
	if (nginx_pid == 0) {
		execlp("nginx", "nginx", "-c", conf, "-g", "daemon off;", (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100; i++) {
		struct client *c = client_new(&proxy);
		struct resp r;
		int ok = client_get(c, "/static/css/loket.css", &r) == 0 && r.status == 200;

		resp_free(&r);
		client_free(c);
		if (ok)
			return 0;
		usleep(50000);
	}
	return -1;
}

static int setup(void **st)
{
	static const char *const env[] = { "LOKET_TRUST_PROXY=1", "LOKET_LOGIN_MAX_IP=1000", NULL };

	(void)st;
	/* scale-out runs on PostgreSQL; the SQLite pass has nothing to test here */
	enabled = getenv("LOKET_TEST_DATABASE_URL") && system("command -v nginx >/dev/null 2>&1") == 0;
	if (!enabled)
		return 0;
	if (srv_start(&A, env) < 0 || srv_start_peer(&B, &A, env) < 0)
		return -1;
	return start_nginx();
}

static int teardown(void **st)
{
	int rc = 0;

	(void)st;
	if (!enabled)
		return 0;
	if (nginx_pid > 0) {
		harness_reap(nginx_pid, SIGQUIT, 30);
	}
	rc |= srv_stop(&B);
	rc |= srv_stop(&A);
	return rc;
}

static void post_form(struct client *c, struct srv *via, const char *page, struct resp *r, ...)
{
	const char *kv[64];
	struct form f;
	size_t n = 0;
	va_list ap;

	client_use(c, via);
	assert_int_equal(form_fetch(c, page, &f), 0);
	kv[n++] = "csrf";
	kv[n++] = f.csrf ? f.csrf : "";
	if (f.captcha_id) {
		kv[n++] = "captcha_id";
		kv[n++] = f.captcha_id;
		kv[n++] = "captcha";
		kv[n++] = f.captcha ? f.captcha : "";
	}
	va_start(ap, r);
	while (n < 62 && (kv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	kv[n] = kv[n + 1] = NULL;
	assert_int_equal(client_post_arr(c, page, kv, r), 0);
	form_free(&f);
}

/* A session started on one instance is honoured by the other: captcha,
 * CSRF token, login and the one-time flash message all live in the
 * database. */
static void test_session_moves_between_instances(void **st)
{
	struct client *staff, *res;
	char *pw = NULL, *link = NULL, path[96];
	long long id;
	struct resp r;

	(void)st;
	if (!enabled)
		skip();
	staff = client_new(&A);
	res = client_new(&proxy);
	/* the resident registers through the proxy */
	assert_int_equal(register_pemohon(res, NIK, PASSWORD, &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);

	/* the officer fetches the login form from A and posts it to B */
	pw = srv_admin_add(&A, "petugas", "verifikator");
	assert_non_null(pw);
	{
		struct form f;

		assert_int_equal(form_fetch(staff, "/staf/login", &f), 0);
		client_use(staff, &B);
		assert_int_equal(client_post(staff, "/staf/login", &r, "csrf", f.csrf, "captcha_id", f.captcha_id,
					     "captcha", f.captcha, "username", "petugas", "password", pw, NULL), 0);
		assert_int_equal(r.status, 303);
		resp_free(&r);
		form_free(&f);
	}
	/* ... sets a new password on A, and carries on on B */
	post_form(staff, &A, "/staf/password", &r, "password_lama", pw, "password", STAFF_PW, "password2", STAFF_PW, NULL);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	client_use(staff, &B);
	assert_int_equal(client_get(staff, "/staf/pendaftaran", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Kata sandi berhasil diganti."));
	assert_true(resp_has(&r, "3326********0301"));
	resp_free(&r);
	id = srv_db_int(&A, "SELECT id FROM pemohon WHERE nik = '%s'", NIK);
	snprintf(path, sizeof path, "/staf/pendaftaran/%lld/setujui", id);
	{
		struct form f;

		client_use(staff, &A);
		assert_int_equal(form_fetch(staff, "/staf/pendaftaran", &f), 0);
		client_use(staff, &B);
		assert_int_equal(client_post(staff, path, &r, "csrf", f.csrf, NULL), 0);
		assert_int_equal(r.status, 303);
		resp_free(&r);
		form_free(&f);
	}
	assert_int_equal(srv_db_int(&A, "SELECT COUNT(*) FROM pemohon WHERE id = %lld AND status = 'disetujui'", id), 1);

	/* activation and login through the proxy, account page on each instance */
	link = outbox_link(&A, "/pemohon/aktivasi/");
	assert_non_null(link);
	post_form(res, &proxy, strstr(link, "/pemohon/"), &r, "nama_ibu", "Sri Wahyuni", NULL);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "berhasil"));
	resp_free(&r);
	post_form(res, &proxy, "/pemohon/login", &r, "nik", NIK, "password", PASSWORD, NULL);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	client_use(res, &A);
	assert_int_equal(client_get(res, "/pemohon/akun", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Siti Aminah"));
	resp_free(&r);
	client_use(res, &B);
	assert_int_equal(client_get(res, "/pemohon/akun", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Siti Aminah"));
	resp_free(&r);
	free(link);
	free(pw);
	client_free(staff);
	client_free(res);
}

/* Both instances run a delivery worker on the same outbox: every message
 * goes out exactly once. */
static void test_outbox_delivered_exactly_once(void **st)
{
	char **lines, subject[32];
	size_t n, i;
	int k, seen[MESSAGES + 1];
	long long before;

	(void)st;
	if (!enabled)
		skip();
	before = srv_db_int(&A, "SELECT COUNT(*) FROM outbox");
	assert_int_equal(srv_db_exec(&A,
		"INSERT INTO outbox (channel, recipient, subject, body, status, attempts, next_attempt_at, created_at) "
		"SELECT 'whatsapp', '6281234567890', 'uji-' || g, 'pesan uji ' || g, 'pending', 0, 0, 0 "
		"FROM generate_series(1, %d) AS g", MESSAGES), 0);
	for (k = 0; k < 300 && srv_db_int(&A, "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'") != 0; k++)
		usleep(100000);
	assert_int_equal(srv_db_int(&A, "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'"), 0);
	assert_int_equal(srv_db_int(&A, "SELECT COUNT(*) FROM outbox"), before + MESSAGES);

	memset(seen, 0, sizeof seen);
	n = outbox_lines(&A, 0, &lines);
	for (i = 0; i < n; i++) {
		const char *p = strstr(lines[i], "\"subject\":\"uji-");

		if (p && sscanf(p, "\"subject\":\"uji-%d\"", &k) == 1 && k >= 1 && k <= MESSAGES)
			seen[k]++;
	}
	outbox_free(lines, n);
	for (k = 1; k <= MESSAGES; k++) {
		snprintf(subject, sizeof subject, "uji-%d", k);
		if (seen[k] != 1)
			fail_msg("%s delivered %d times", subject, seen[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_moves_between_instances),
		cmocka_unit_test(test_outbox_delivered_exactly_once),
	};

	return cmocka_run_group_tests_name("http_cluster", tests, setup, teardown);
}
