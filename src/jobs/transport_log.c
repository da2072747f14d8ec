// SPDX-License-Identifier: MIT
// Log transport: appends each message as one JSON line to DATA_DIR/outbox.jsonl.
#include "jobs/transport.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "lib/config.h"
#include "lib/fileio.h"
#include "lib/log.h"

/* Every message in clear, links and codes included: the owner's alone. */
#define LOG_MODE 0600

static int log_path(char path[PATH_MAX])
{
	if ((size_t)snprintf(path, PATH_MAX, "%s/outbox.jsonl", g_cfg.data_dir) < PATH_MAX)
		return 0;
	errno = ENAMETOOLONG;
	return -1;
}

int transport_log_private(void)
{
	char path[PATH_MAX];

	if (log_path(path) < 0 || file_restrict(path, LOG_MODE) < 0) {
		log_error("outbox.jsonl: cannot restrict it to mode 0600: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void transport_iso_time(char out[32], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

char *transport_log_line(const struct outmsg *m)
{
	char ts[32];
	json_t *o;
	char *s, *line;
	size_t n;

	if ((unsigned)m->channel >= NOTIFY__MAX)
		return NULL;
	transport_iso_time(ts, m->created_at);
	/* json_pack fails on NULL or invalid UTF-8 strings: nothing half-written */
	o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "channel", notify_channel_names[m->channel],
		      "to", m->to, "subject", m->subject, "body", m->body, "created_at", ts);
	if (!o)
		return NULL;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		return NULL;
	n = strlen(s);
	line = malloc(n + 2);
	if (line) {
		memcpy(line, s, n);
		line[n] = '\n';
		line[n + 1] = '\0';
	}
	free(s);
	return line;
}

/*
 * Appends line whole or not at all. Under an exclusive lock (other Loket
 * processes may share the file), a short or failed write (a full disk) is
 * cut off again, so that the retry does not append after half a line.
 */
static int append_whole(int fd, const char *line, size_t len, char *err, size_t errlen)
{
	struct stat st;
	size_t done = 0;
	int rc = -1;

	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			snprintf(err, errlen, "lock: %s", strerror(errno));
			return -1;
		}
	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "stat: %s", strerror(errno));
		goto out;
	}
	while (done < len) {
		ssize_t w = write(fd, line + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errlen, "write: %s", w < 0 ? strerror(errno) : "nothing written");
			break;
		}
		done += (size_t)w;
	}
	if (done == len) {
		rc = 0;
	} else if (done && ftruncate(fd, st.st_size) < 0) {
		log_error("outbox.jsonl: cannot cut off a partly written line: %s", strerror(errno));
	}
out:
	flock(fd, LOCK_UN);
	return rc;
}

enum transport_rc transport_log_send(const struct outmsg *m, const atomic_int *cancel, char *err,
				     size_t errlen)
{
	char path[PATH_MAX];
	enum transport_rc rc = TRANSPORT_DOWN;
	char *line = NULL;
	size_t len;
	int fd = -1;

	(void)cancel;
	snprintf(err, errlen, "ok");
	line = transport_log_line(m);
	if (!line) {
		snprintf(err, errlen, "invalid text");
		return TRANSPORT_REJECT;
	}
	len = strlen(line);
	if (log_path(path) < 0) {
		snprintf(err, errlen, "path too long");
		goto out;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, LOG_MODE);
	/* a file an older version (or peer) made 0640 is tightened before
	 * another message goes into it */
	if (fd < 0 || file_restrict_fd(fd, LOG_MODE) < 0) {
		snprintf(err, errlen, "%s: %s", fd < 0 ? "open" : "chmod", strerror(errno));
		goto out;
	}
	if (append_whole(fd, line, len, err, errlen) < 0)
		goto out;
	rc = TRANSPORT_SENT;
out:
	/* once the line is written a close error must not cause a duplicate */
	if (fd >= 0)
		close(fd);
	free(line);
	return rc;
}
