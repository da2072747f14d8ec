// SPDX-License-Identifier: MIT
// Health endpoints for the proxy and systemd: /healthz (the process answers) and /readyz (it can serve).
#include <errno.h>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "lib/config.h"
#include "store/db.h"
#include "web/web.h"

/* Liveness: the process and its HTTP threads answer. Touches nothing, so
 * a slow disk or database never makes a supervisor restart a healthy
 * process. */
void page_healthz(struct req *r)
{
	http_text(r, 200, "text/plain; charset=utf-8", "ok\n");
}

/* 1 when dir is on a writable file system, may be written by this user,
 * and has more than min_free_mb left; asked without writing, so polling
 * costs no disk work. */
static int dir_ready(const char *dir)
{
	struct statvfs vs;

	if (statvfs(dir, &vs) < 0 || (vs.f_flag & ST_RDONLY) || faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) < 0)
		return 0;
	return (unsigned long long)vs.f_bavail * vs.f_frsize >= (unsigned long long)g_cfg.min_free_mb * 1048576ULL;
}

/*
 * Readiness: the database answers, and the data directory and files_dir
 * are writable with more than min_free_mb free. 503 takes the instance out
 * of the proxy's rotation until it is ready again. The answer says which
 * part failed, never a path or a figure.
 */
void page_readyz(struct req *r)
{
	struct db_stmt *st = db_query(db_thread(), "SELECT 1", "");
	int db_ok = st && db_next(st) == DB_ROW;
	int disk_ok;

	db_end(st);
	disk_ok = dir_ready(g_cfg.data_dir) && (access(g_cfg.files_dir, F_OK) < 0 || dir_ready(g_cfg.files_dir));
	http_json(r, db_ok && disk_ok ? 200 : 503,
		  json_pack("{s:b, s:b, s:b}", "siap", db_ok && disk_ok, "basis_data", db_ok, "penyimpanan", disk_ok));
}
