// SPDX-License-Identifier: MIT
// Connection guard: the header deadline, body rate and file limit that libmicrohttpd leaves to us.
#ifndef LOKET_HTTP_CONN_H
#define LOKET_HTTP_CONN_H

#include <microhttpd.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>

/*
 * libmicrohttpd caps connections in all and per address
 * (MHD_OPTION_CONNECTION_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT), but its
 * only clock is an idle timeout that every byte resets. This guard adds:
 *
 * - a deadline for each request header (header_timeout seconds from the
 *   connection's start, or from the end of the previous request on a
 *   keep-alive connection): a monitor thread shuts down the socket of a
 *   connection whose header is late, however many bytes trickle in;
 * - a minimum body rate (body_min_rate bytes/s on average, after
 *   body_grace seconds), checked as the body arrives;
 * - an open-file limit high enough for max_conns connections;
 * - one summary log line every 10 s instead of a line per cut or refused
 *   connection.
 *
 * Every connection has one record, created in conn_notify(STARTED) and freed
 * in conn_notify(CLOSED). libmicrohttpd 0.9.75 calls CLOSED before it closes
 * the socket (daemon.c, MHD_cleanup_connections), and the monitor only
 * touches the socket of a record still in its list, under the list's lock:
 * it never shuts down a descriptor that was closed and reused.
 */

/* Raises the soft RLIMIT_NOFILE to what max_conns connections and the
 * process's own files need, as far as the hard limit allows. Returns the
 * connection cap to give libmicrohttpd: max_conns, or less (with a warning)
 * when the hard limit is lower. */
unsigned conn_fd_budget(long max_conns, int threads);

/* Starts the monitor thread (header deadlines, the 10 s summary). 0 or -1. */
int conn_guard_start(void);
/* Stops and joins it. Records of connections still open stay valid: they
 * are freed as libmicrohttpd closes the connections. */
void conn_guard_stop(void);

/* MHD_OPTION_NOTIFY_CONNECTION callback: tracks every connection. */
void conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		 enum MHD_ConnectionNotificationCode code);

/* The header of a request on c is complete (the first call of the access
 * handler): no deadline while the request is served. O(1), no lock. */
void conn_header_done(struct MHD_Connection *c);
/* The request on c is over: the deadline of the next header starts now.
 * O(1), no lock. */
void conn_request_done(struct MHD_Connection *c);

/* 1 when bytes of body received since t0 (the header was complete) are too
 * few: more than body_grace seconds plus one second per body_min_rate
 * bytes have passed. The caller then ends the connection (MHD_NO); the cut
 * is counted for the summary. */
int conn_body_too_slow(const struct timespec *t0, size_t bytes);

/* Filters a libmicrohttpd log message: 1 when it should be logged. Refusals
 * at the caps are counted for the summary, the message that follows a body
 * cut on this thread is dropped, and other messages pass at most 10 per
 * 10 s (the rest are counted). */
int conn_log_filter(const char *msg);

#endif
