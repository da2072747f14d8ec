// SPDX-License-Identifier: MIT
// Background thread of `loket serve`: outbox delivery every 200 ms, expiry sweep and closed-service notices every minute, the file sweep every hour.
#include "jobs/jobs.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "domain/catalog.h"
#include "domain/session.h"
#include "domain/throttle.h"
#include "jobs/outbox.h"
#include "jobs/sweep.h"
#include "lib/config.h"
#include "lib/log.h"
#include "store/db.h"

#define TICK_MS 200
#define SWEEP_SECONDS 60
#define FILE_SWEEP_SECONDS 3600
/* Pause after a database error, so a broken database does not flood the log. */
#define ERROR_PAUSE_MS 5000

static pthread_t worker;
static int running;
static atomic_int stopping;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;

/* Sleeps ms milliseconds or until jobs_stop wakes us. */
static void nap(long ms)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&lock);
	while (!atomic_load(&stopping))
		if (pthread_cond_timedwait(&wake, &lock, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&lock);
}

static void *run(void *arg)
{
	struct db *db = db_thread();
	time_t next_sweep = 0, next_files = 0, now;
	int n;

	(void)arg;
	while (!atomic_load(&stopping)) {
		now = time(NULL);
		if (now >= next_sweep) {
			session_sweep(db);
			throttle_sweep(db);
			catalog_post_closures(db, now);
			next_sweep = now + SWEEP_SECONDS;
		}
		/* at start-up (what a crash left) and every hour */
		if (now >= next_files) {
			sweep_files(db, g_cfg.files_dir, now, NULL);
			next_files = now + FILE_SWEEP_SECONDS;
		}
		n = outbox_run(db, &stopping);
		if (n == OUTBOX_BATCH)
			continue; /* more may be due: no pause */
		nap(n < 0 ? ERROR_PAUSE_MS : TICK_MS);
	}
	outbox_close();
	db_thread_close();
	return NULL;
}

int jobs_start(void)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	CURLcode cc;
	int rc;

	if (running)
		return 0;
	cc = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (cc != CURLE_OK) {
		log_error("jobs: curl_global_init: %s", curl_easy_strerror(cc));
		return -1;
	}
	if (outbox_init() < 0) {
		curl_global_cleanup();
		return -1;
	}
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&wake, &ca);
	pthread_condattr_destroy(&ca);
	atomic_store(&stopping, 0);

	/* SIGINT/SIGTERM must reach the main thread (it waits in pause()), and
	 * SIGPIPE from a dropped SMTP/HTTPS peer must not end the process */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&worker, NULL, run, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		log_error("jobs: cannot start the delivery thread: %s", strerror(rc));
		pthread_cond_destroy(&wake);
		curl_global_cleanup();
		return -1;
	}
	running = 1;
	log_info("jobs: delivery thread started");
	return 0;
}

void jobs_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	atomic_store(&stopping, 1);
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(worker, NULL);
	pthread_cond_destroy(&wake);
	curl_global_cleanup();
	running = 0;
	log_info("jobs: delivery thread stopped");
}
