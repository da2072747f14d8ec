// SPDX-License-Identifier: MIT
// Connection guard: header deadlines kept by a monitor thread, the body rate, the file limit, a summary log.
#include "http/conn.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "lib/config.h"
#include "lib/log.h"

/* Descriptors the process needs beside its connections: the database
 * (SQLite keeps three a thread, PostgreSQL one), the listening socket, the
 * epoll and wake-up descriptors of each thread, files being read or
 * written, outbound HTTP and SMTP. */
#define FD_RESERVE 256
/* How late a header deadline can be noticed. */
#define TICK_MS 250
/* The summary line comes at most this often, and the burst of other
 * libmicrohttpd messages is counted over the same window. */
#define REPORT_MS 10000
#define LOG_BURST 10

struct conn {
	struct conn *prev, *next; /* the list: under list_lock */
	int fd;
	int cut;                  /* shut down already: monitor only, under list_lock */
	atomic_llong deadline;    /* monotonic ms by which a header must be complete; 0: none */
	atomic_int served;        /* a request ended on it: it is an idle keep-alive */
};

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn *head;

static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t run_cond;
static int running;
static pthread_t monitor;

static atomic_long n_header_late, n_body_slow, n_refused, n_gone, n_suppressed;

/* libmicrohttpd messages that come once per connection, in floods under
 * load or attack: counted for the summary instead of logged. */
static const struct {
	const char *prefix;
	atomic_long *count;
} counted[] = {
	{ "Server reached connection limit", &n_refused },       /* max_conns, max_conns_per_ip */
	{ "Connection was closed by remote side", &n_gone },     /* client left mid-request */
	{ "Connection socket is closed when reading", &n_gone }, /* same, or a header cut */
};
/* set by a body cut, so that libmicrohttpd's message about it is dropped */
static _Thread_local int body_cut_pending;

static long long mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

unsigned conn_fd_budget(long max_conns, int threads)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)max_conns + FD_RESERVE, old;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return (unsigned)max_conns;
	if (rl.rlim_cur < need) {
		old = rl.rlim_cur;
		rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need ? rl.rlim_max : need;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			rl.rlim_cur = old;
	}
	if (rl.rlim_cur >= need)
		return (unsigned)max_conns;
	/* accept() failing with EMFILE would stall the listener: the cap must
	 * stay under the limit */
	need = rl.rlim_cur > FD_RESERVE + (rlim_t)threads ? rl.rlim_cur - FD_RESERVE : (rlim_t)threads;
	log_warn("server: the open-file limit (%llu) allows %llu connections, not max_conns %ld; "
		 "raise the hard limit (LimitNOFILE in systemd)",
		 (unsigned long long)rl.rlim_cur, (unsigned long long)need, max_conns);
	return (unsigned)need;
}

static struct conn *record_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* NULL when out of memory: the connection then has only the idle timeout. */
static struct conn *track(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct conn *k;

	if (!ci || !(k = calloc(1, sizeof *k)))
		return NULL;
	k->fd = ci->connect_fd;
	atomic_init(&k->deadline, mono_ms() + g_cfg.header_timeout * 1000);
	atomic_init(&k->served, 0);
	pthread_mutex_lock(&list_lock);
	k->next = head;
	if (head)
		head->prev = k;
	head = k;
	pthread_mutex_unlock(&list_lock);
	return k;
}

static void untrack(struct conn *k)
{
	pthread_mutex_lock(&list_lock);
	if (k->prev)
		k->prev->next = k->next;
	else
		head = k->next;
	if (k->next)
		k->next->prev = k->prev;
	pthread_mutex_unlock(&list_lock);
	free(k);
}

void conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		 enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = track(c);
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
		untrack(*socket_context);
		*socket_context = NULL;
	}
}

void conn_header_done(struct MHD_Connection *c)
{
	struct conn *k = record_of(c);

	body_cut_pending = 0;
	if (k)
		atomic_store_explicit(&k->deadline, 0, memory_order_relaxed);
}

void conn_request_done(struct MHD_Connection *c)
{
	struct conn *k = record_of(c);

	if (!k)
		return;
	atomic_store_explicit(&k->served, 1, memory_order_relaxed);
	atomic_store_explicit(&k->deadline, mono_ms() + g_cfg.header_timeout * 1000, memory_order_relaxed);
}

int conn_body_too_slow(const struct timespec *t0, size_t bytes)
{
	struct timespec now;
	long long elapsed_ms, allowed_ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed_ms = (long long)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
	allowed_ms = g_cfg.body_grace * 1000 + (long long)bytes * 1000 / g_cfg.body_min_rate;
	if (elapsed_ms <= allowed_ms)
		return 0;
	atomic_fetch_add(&n_body_slow, 1);
	body_cut_pending = 1;
	return 1;
}

int conn_log_filter(const char *msg)
{
	static pthread_mutex_t window_lock = PTHREAD_MUTEX_INITIALIZER;
	static long long window;
	static int used;
	long long now;
	size_t i;
	int ok;

	for (i = 0; i < sizeof counted / sizeof counted[0]; i++)
		if (!strncmp(msg, counted[i].prefix, strlen(counted[i].prefix))) {
			atomic_fetch_add(counted[i].count, 1);
			return 0;
		}
	if (body_cut_pending && !strncmp(msg, "Application reported internal error", 35)) {
		body_cut_pending = 0;
		return 0;
	}
	pthread_mutex_lock(&window_lock);
	now = mono_ms();
	if (now - window >= REPORT_MS) {
		window = now;
		used = 0;
	}
	ok = used++ < LOG_BURST;
	pthread_mutex_unlock(&window_lock);
	if (!ok)
		atomic_fetch_add(&n_suppressed, 1);
	return ok;
}

/* Shuts down the socket of each connection whose header is late; the
 * worker thread then reads the end of input and closes it. The record is
 * listed, so libmicrohttpd has not closed the descriptor yet. */
static void sweep(long long now)
{
	struct conn *k;

	pthread_mutex_lock(&list_lock);
	for (k = head; k; k = k->next) {
		long long d = atomic_load_explicit(&k->deadline, memory_order_relaxed);

		if (k->cut || !d || now < d)
			continue;
		shutdown(k->fd, SHUT_RDWR);
		k->cut = 1;
		/* an idle keep-alive reaching its deadline is ordinary */
		if (!atomic_load_explicit(&k->served, memory_order_relaxed))
			atomic_fetch_add(&n_header_late, 1);
	}
	pthread_mutex_unlock(&list_lock);
}

static void report(void)
{
	long late = atomic_exchange(&n_header_late, 0), slow = atomic_exchange(&n_body_slow, 0),
	     refused = atomic_exchange(&n_refused, 0), gone = atomic_exchange(&n_gone, 0),
	     suppressed = atomic_exchange(&n_suppressed, 0);

	if (late || slow || refused || gone || suppressed)
		log_warn("http: connections in the last %d s: header_late=%ld body_slow=%ld refused=%ld "
			 "ended_mid_request=%ld messages_suppressed=%ld",
			 REPORT_MS / 1000, late, slow, refused, gone, suppressed);
}

static void *monitor_main(void *arg)
{
	long long next_report = mono_ms() + REPORT_MS, now;
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&run_lock);
	while (running) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += TICK_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&run_cond, &run_lock, &until);
		if (!running)
			break;
		pthread_mutex_unlock(&run_lock);
		now = mono_ms();
		sweep(now);
		if (now >= next_report) {
			report();
			next_report = now + REPORT_MS;
		}
		pthread_mutex_lock(&run_lock);
	}
	pthread_mutex_unlock(&run_lock);
	report();
	return NULL;
}

int conn_guard_start(void)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&run_cond, &attr);
	pthread_condattr_destroy(&attr);
	running = 1;
	if (pthread_create(&monitor, NULL, monitor_main, NULL) != 0) {
		running = 0;
		pthread_cond_destroy(&run_cond);
		return -1;
	}
	return 0;
}

void conn_guard_stop(void)
{
	pthread_mutex_lock(&run_lock);
	running = 0;
	pthread_cond_signal(&run_cond);
	pthread_mutex_unlock(&run_lock);
	pthread_join(monitor, NULL);
	pthread_cond_destroy(&run_cond);
}
