// SPDX-License-Identifier: MIT
// The file sweep: finishes or removes what a crash left in files_dir, and removes files no row names.
#include "jobs/sweep.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/log.h"

/* One directory of stored files and the row that names a file in it. */
struct area {
	const char *dir;
	/* bound with the file's stem (its name up to the first '.', the random
	 * part), or its whole name when whole is set; NULL: no row names
	 * files there (temporary request bodies) */
	const char *sql;
	int whole;
	int twice;      /* sql binds the name twice */
};

static const struct area areas[] = {
	{ "dokumen", "SELECT 1 FROM dokumen WHERE berkas = ?", 0, 0 },
	{ "jadi", "SELECT 1 FROM dokumen_jadi WHERE berkas = ?", 0, 0 },
	{ "ttd", "SELECT 1 FROM dokumen_jadi WHERE berkas_ttd = ?", 0, 0 },
	/* forms are rows; example images are named inside the service
	 * definitions, every version of them (a '%' or '_' in a name can
	 * only make the match wider: a file is kept, never lost) */
	{ "katalog", "SELECT 1 FROM formulir WHERE berkas = ? UNION ALL SELECT 1 FROM layanan_definisi"
		     " WHERE definisi LIKE '%\"' || ? || '\"%'", 1, 1 },
	{ "pengaturan", "SELECT 1 FROM pengaturan WHERE kunci = 'logo' AND nilai = ?", 1, 0 },
	{ "tmp", NULL, 1, 0 },
};

/* 1 when a row names the file called name in area a, 0 when none, -1 on a
 * database error. */
static int named(struct db *db, const struct area *a, const char *name)
{
	char key[256];
	struct db_stmt *st;
	int rc;

	if (!a->sql)
		return 0;
	snprintf(key, sizeof key, "%.*s", (int)(a->whole ? strlen(name) : strcspn(name, ".")), name);
	st = a->twice ? db_query(db, a->sql, "ss", key, key) : db_query(db, a->sql, "s", key);
	if (!st)
		return -1;
	rc = db_next(st);
	db_end(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static void remove_at(int dfd, const char *name, int *count, struct sweep_counts *c)
{
	if (unlinkat(dfd, name, 0) == 0)
		(*count)++;
	else if (errno != ENOENT)
		c->errors++;
}

static int sweep_area(struct db *db, int dfd, const struct area *a, time_t now, struct sweep_counts *c)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		close(dfd);
		c->errors++;
		return 0;
	}
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		size_t len = strlen(name);
		int tmp = len > 4 && !strcmp(name + len - 4, ".tmp"), n;
		char final[256];
		struct stat st;

		if (name[0] == '.' || fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode) ||
		    len >= sizeof final)
			continue;
		snprintf(final, sizeof final, "%.*s", (int)(tmp ? len - 4 : len), name);
		if (tmp && a->sql && faccessat(dfd, final, F_OK, AT_SYMLINK_NOFOLLOW) < 0) {
			/* committed, then the process died before the rename */
			n = named(db, a, final);
			if (n < 0) {
				rc = -1;
				break;
			}
			if (n) {
				if (renameat(dfd, name, dfd, final) == 0)
					c->finished++;
				else if (errno != ENOENT)
					c->errors++;
				continue;
			}
		}
		if (now - st.st_mtime < (tmp ? SWEEP_TMP_AGE : SWEEP_ORPHAN_AGE))
			continue;
		if (tmp || !a->sql) {
			remove_at(dfd, name, tmp ? &c->unfinished : &c->orphans, c);
			continue;
		}
		n = named(db, a, final);
		if (n < 0) {
			rc = -1;
			break;
		}
		if (!n)
			remove_at(dfd, name, &c->orphans, c);
	}
	closedir(d);
	return rc;
}

int sweep_files(struct db *db, const char *files_dir, time_t now, struct sweep_counts *out)
{
	struct sweep_counts c = { 0, 0, 0, 0 };
	int top = open(files_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (top >= 0) {
		for (size_t i = 0; i < sizeof areas / sizeof *areas && rc == 0; i++) {
			int dfd = openat(top, areas[i].dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (dfd >= 0)
				rc = sweep_area(db, dfd, &areas[i], now, &c);
		}
		close(top);
	}
	if (c.finished || c.unfinished || c.orphans || c.errors || rc < 0)
		log_info("sweep: files: %d finished, %d unfinished removed, %d unnamed removed, %d not removable%s",
			 c.finished, c.unfinished, c.orphans, c.errors, rc < 0 ? "; stopped: the database did not answer" : "");
	if (out)
		*out = c;
	return rc;
}
