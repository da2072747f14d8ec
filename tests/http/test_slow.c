// SPDX-License-Identifier: MIT
// Slow and many clients: per-address cap, header deadline, body rate, keep-alive, quiet log.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

/* The limits of every server here, lowered so that a test takes seconds.
 * The caps of an unchanged server (about 1,020 connections in all, none
 * per address, no header deadline, no body rate) fail these tests. */
#define PER_IP 20
#define HEADER_S 2
#define BODY_RATE 1000
#define BODY_GRACE_S 1

static const char *const limits_env[] = {
	"LOKET_MAX_CONNS_PER_IP=20", "LOKET_HEADER_TIMEOUT=2", "LOKET_BODY_MIN_RATE=1000",
	"LOKET_BODY_GRACE=1", NULL,
};

/* The attacker and the ordinary visitor: two loopback addresses. */
static const char attacker[] = "127.0.0.1";
static const char visitor[] = "127.0.0.2";

static struct srv S;

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int setup(void **st)
{
	(void)st;
	if (srv_start(&S, limits_env) < 0)
		return -1;
	/* the start-up check's connections must be gone: they count towards
	 * the per-address cap */
	usleep(300000);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	return srv_stop(&S);
}

/* A blocking TCP connection to the server from address from; -1 on error. */
static int connect_from(const char *from)
{
	struct sockaddr_in src = { .sin_family = AF_INET }, dst = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, from, &src.sin_addr);
	inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
	dst.sin_port = htons((uint16_t)S.port);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0 ||
	    connect(fd, (struct sockaddr *)&dst, sizeof dst) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_str(int fd, const char *s)
{
	size_t len = strlen(s);

	return send(fd, s, len, MSG_NOSIGNAL) == (ssize_t)len ? 0 : -1;
}

/* 1 when the server closed fd (end of input or reset) within ms (0: has
 * closed it already), reading and dropping whatever came before; 0 when it
 * is still open. */
static int closed_within(int fd, int ms)
{
	long long end = now_ms() + ms;
	char buf[4096];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = end - now_ms();
		ssize_t n;

		if (poll(&p, 1, left > 0 ? (int)left : 0) <= 0)
			return 0;
		n = recv(fd, buf, sizeof buf, 0);
		if (n == 0 || (n < 0 && errno == ECONNRESET))
			return 1;
		if (now_ms() >= end)
			return 0;
	}
}

/* Reads one response (headers and a Content-Length body) within ms; its
 * status, or -1 (closed, timed out, malformed). */
static int read_response(int fd, int ms)
{
	static char buf[262144];
	size_t len = 0;
	long long end = now_ms() + ms;
	char *eoh, *cl;
	int status;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = end - now_ms();
		ssize_t n;

		buf[len] = '\0';
		eoh = strstr(buf, "\r\n\r\n");
		if (eoh) {
			cl = strcasestr(buf, "\r\nContent-Length:");
			if (!cl || cl > eoh || len >= (size_t)(eoh + 4 - buf) + strtoul(cl + 17, NULL, 10))
				break;
		}
		if (left <= 0 || len + 1 >= sizeof buf || poll(&p, 1, (int)left) <= 0)
			return -1;
		n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
		if (n <= 0)
			return -1;
		len += (size_t)n;
	}
	return sscanf(buf, "HTTP/1.%*d %d", &status) == 1 ? status : -1;
}

/* GETs path on fd (kept alive); the status, or -1. */
static int get_on(int fd, const char *path, int ms)
{
	char req[256];

	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
	if (send_str(fd, req) < 0)
		return -1;
	return read_response(fd, ms);
}

/* An ordinary visitor from address from: one GET on a fresh connection;
 * the status, or -1 when nothing came within ms. */
static int visit(const char *from, const char *path, int ms)
{
	int fd = connect_from(from), status;

	if (fd < 0)
		return -1;
	status = get_on(fd, path, ms);
	close(fd);
	return status;
}

/* ---- many slow connections --------------------------------------------- */

struct crowd {
	int *fd;
	int n;
	volatile int stop;
};

/* Opens n connections from the attacker's address, each starting a request
 * it never finishes. The server may close any of them at once (cap). */
static void crowd_open(struct crowd *c, int n)
{
	struct rlimit rl;
	int i;

	/* this process holds them all */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)n + 64) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	c->fd = calloc((size_t)n, sizeof *c->fd);
	c->n = n;
	c->stop = 0;
	for (i = 0; i < n; i++) {
		c->fd[i] = connect_from(attacker);
		if (c->fd[i] >= 0 && send_str(c->fd[i], "GET / HTTP/1.1\r\n") < 0) {
			close(c->fd[i]);
			c->fd[i] = -1;
		}
	}
}

/* One header line to every connection still open every 500 ms: each byte
 * would reset an idle timeout. */
static void *crowd_trickle(void *arg)
{
	struct crowd *c = arg;
	int i;

	while (!c->stop) {
		for (i = 0; i < c->n; i++)
			if (c->fd[i] >= 0 && send_str(c->fd[i], "X-Lambat: 1\r\n") < 0) {
				close(c->fd[i]);
				c->fd[i] = -1;
			}
		usleep(500000);
	}
	return NULL;
}

static int crowd_open_count(const struct crowd *c)
{
	int i, k = 0;

	for (i = 0; i < c->n; i++)
		k += c->fd[i] >= 0 && !closed_within(c->fd[i], 0);
	return k;
}

static void crowd_close(struct crowd *c)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->fd[i] >= 0)
			close(c->fd[i]);
	free(c->fd);
}

/* More slow connections from one address than an uncapped server holds in
 * all: a visitor from another address is still served. */
static void test_slowloris_other_address_served(void **st)
{
	struct crowd c;
	pthread_t t;
	long long t0;
	int status;

	(void)st;
	crowd_open(&c, 1100);
	pthread_create(&t, NULL, crowd_trickle, &c);
	t0 = now_ms();
	status = visit(visitor, "/", 10000);
	c.stop = 1;
	pthread_join(t, NULL);
	crowd_close(&c);
	assert_int_equal(status, 200);
	assert_true(now_ms() - t0 < 10000);
}

/* Connections past the cap from one address are closed at once, those
 * under it are kept, and another address is served meanwhile. */
static void test_per_address_cap(void **st)
{
	struct crowd c;
	int extra;

	(void)st;
	crowd_open(&c, PER_IP);
	usleep(300000); /* all accepted before the next one */
	extra = connect_from(attacker);
	assert_true(extra >= 0);
	assert_int_equal(closed_within(extra, 2000), 1);
	close(extra);
	assert_int_equal(crowd_open_count(&c), PER_IP);
	/* one under the cap gets its answer (before its header deadline) */
	assert_int_equal(send_str(c.fd[0], "Host: 127.0.0.1\r\n\r\n"), 0);
	assert_int_equal(read_response(c.fd[0], 5000), 200);
	assert_int_equal(visit(visitor, "/", 5000), 200);
	crowd_close(&c);
}

/* A header sent one line every 300 ms, never finished: the server closes
 * the connection at the deadline although bytes keep coming. */
static void test_trickled_header_closed_at_deadline(void **st)
{
	int fd = connect_from(attacker), closed = 0;
	long long t0 = now_ms(), took;

	(void)st;
	assert_true(fd >= 0);
	assert_int_equal(send_str(fd, "GET / HTTP/1.1\r\n"), 0);
	while (!closed && now_ms() - t0 < 10000) {
		closed = closed_within(fd, 300);
		if (!closed && send_str(fd, "X-Lambat: 1\r\n") < 0)
			closed = 1;
	}
	took = now_ms() - t0;
	close(fd);
	assert_true(closed);
	assert_true(took >= HEADER_S * 1000 - 300);
	assert_true(took < HEADER_S * 1000 + 3000);
}

static int post_head(int fd, long content_length)
{
	char req[256];

	snprintf(req, sizeof req,
		 "POST /pemohon/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		 "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %ld\r\n\r\n",
		 content_length);
	return send_str(fd, req);
}

/* Sends len body bytes in pieces of piece bytes every gap_ms, stopping
 * early when the server closes; 1 when it closed, 0 when all was sent. */
static int post_body_paced(int fd, long len, int piece, int gap_ms)
{
	char chunk[4096];
	long sent = 0;

	memset(chunk, 'a', sizeof chunk);
	while (sent < len) {
		int n = (int)(len - sent < piece ? len - sent : piece);

		/* after the last piece the answer is the caller's to read */
		if (sent && closed_within(fd, gap_ms))
			return 1;
		if (send(fd, chunk, (size_t)n, MSG_NOSIGNAL) != n)
			return 1;
		sent += n;
	}
	return 0;
}

/* A body at 50 B/s (the minimum is 1000 B/s after 1 s) is cut well before
 * it ends, with no answer. */
static void test_slow_body_cut(void **st)
{
	int fd = connect_from(attacker), cut;
	long long t0 = now_ms();

	(void)st;
	assert_true(fd >= 0);
	assert_int_equal(post_head(fd, 1000), 0);
	cut = post_body_paced(fd, 1000, 10, 200); /* 20 s if not cut */
	close(fd);
	assert_int_equal(cut, 1);
	assert_true(now_ms() - t0 < BODY_GRACE_S * 1000 + 5000);
}

/* A body slow to start and then above the minimum rate is not cut: 3 s of
 * 4,000 B/s, past the grace period. */
static void test_body_above_rate_answered(void **st)
{
	int fd = connect_from(attacker);

	(void)st;
	assert_true(fd >= 0);
	assert_int_equal(post_head(fd, 12000), 0);
	usleep(500000);
	assert_int_equal(send_str(fd, "x="), 0);
	assert_int_equal(post_body_paced(fd, 12000 - 2, 400, 100), 0);
	/* the handler's answer (the form has no CSRF token: 403) */
	assert_int_equal(read_response(fd, 5000), 403);
	close(fd);
}

/* Four requests one second apart on one connection (longer than the header
 * deadline in all): each request has a deadline of its own. */
static void test_keepalive_requests_served(void **st)
{
	int fd = connect_from(visitor), i;

	(void)st;
	assert_true(fd >= 0);
	for (i = 0; i < 4; i++) {
		if (i)
			sleep(1);
		assert_int_equal(get_on(fd, "/static/css/loket.css", 5000), 200);
	}
	close(fd);
}

/* The harness's client (libcurl, one kept-alive connection) still works
 * after idling past the deadline: the server closed the connection and the
 * client opened a new one. */
static void test_keepalive_client_after_idle(void **st)
{
	struct client *c = client_new(&S);
	struct resp r;
	int i;

	(void)st;
	for (i = 0; i < 3; i++) {
		if (i == 2)
			sleep(HEADER_S + 1);
		assert_int_equal(client_get(c, "/", &r), 0);
		assert_int_equal(r.status, 200);
		resp_free(&r);
	}
	client_free(c);
}

/* An idle keep-alive connection is closed at the header deadline, not at
 * the much longer idle timeout. */
static void test_idle_keepalive_closed_at_deadline(void **st)
{
	int fd = connect_from(visitor);
	long long t0;

	(void)st;
	assert_true(fd >= 0);
	assert_int_equal(get_on(fd, "/static/css/loket.css", 5000), 200);
	t0 = now_ms();
	assert_int_equal(closed_within(fd, HEADER_S * 1000 + 3000), 1);
	assert_true(now_ms() - t0 >= HEADER_S * 1000 - 300);
	close(fd);
}

static char *read_log(void)
{
	char path[300], *text;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/server.log", S.dir);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = calloc(1, (size_t)n + 1);
	if (fread(text, 1, (size_t)n, f) != (size_t)n)
		text[0] = '\0';
	fclose(f);
	return text;
}

/* 1 when a line of the server's libmicrohttpd messages contains needle. */
static int http_line_has(const char *log, const char *needle)
{
	const char *line;

	for (line = strstr(log, " http: "); line; line = strstr(line + 1, " http: ")) {
		const char *eol = strchr(line, '\n'), *hit = strstr(line, needle);

		if (hit && (!eol || hit < eol))
			return 1;
	}
	return 0;
}

/* 180 refused connections and 20 cut at the deadline make a few log
 * lines, then one summary line with the counts, free of addresses. */
static void test_cuts_logged_as_summary(void **st)
{
	struct crowd c;
	char *log = NULL;
	long long t0 = now_ms();

	(void)st;
	crowd_open(&c, 200);
	while (now_ms() - t0 < 12000) {
		free(log);
		log = read_log();
		if (log && strstr(log, "header_late="))
			break;
		usleep(250000);
	}
	crowd_close(&c);
	assert_non_null(log);
	assert_non_null(strstr(log, "refused="));
	assert_null(strstr(log, "refused=0 "));
	assert_non_null(strstr(log, "header_late="));
	assert_true(str_count(log, " http: ") < 5);
	assert_false(http_line_has(log, "127.0.0."));
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_slowloris_other_address_served, setup, teardown),
		cmocka_unit_test_setup_teardown(test_per_address_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trickled_header_closed_at_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slow_body_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_body_above_rate_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keepalive_requests_served, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keepalive_client_after_idle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_keepalive_closed_at_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cuts_logged_as_summary, setup, teardown),
	};

	return cmocka_run_group_tests_name("slow", tests, NULL, NULL);
}
