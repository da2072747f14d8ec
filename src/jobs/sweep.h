// SPDX-License-Identifier: MIT
// The file sweep: what a crash or a failed request left in files_dir.
#ifndef LOKET_SWEEP_H
#define LOKET_SWEEP_H

#include <time.h>

#include "store/db.h"

/* Files younger than these are left alone: their request may still run. */
#define SWEEP_TMP_AGE (60 * 60)        /* an unfinished NAME.tmp */
#define SWEEP_ORPHAN_AGE (24 * 60 * 60) /* a stored file no row names */

struct sweep_counts {
	int finished;   /* NAME.tmp renamed to NAME: its row was committed */
	int unfinished; /* NAME.tmp removed: no row names NAME */
	int orphans;    /* stored files removed: no row names them */
	int errors;     /* files that could not be examined or removed */
};

/*
 * Walks the directories of stored files under files_dir (dokumen, jadi,
 * ttd, katalog, pengaturan, tmp). A staged NAME.tmp whose NAME a committed
 * row names is renamed to NAME (the crash came between the commit and the
 * rename); one older than SWEEP_TMP_AGE that no row names is removed, as
 * is a stored file older than SWEEP_ORPHAN_AGE that no row names. Nothing
 * else is touched (totp.key, outbox.jsonl, the signer's files). Logs the
 * counts, never a name. 0, or -1 when the database could not be asked
 * (nothing is removed then).
 */
int sweep_files(struct db *db, const char *files_dir, time_t now, struct sweep_counts *out);

#endif
