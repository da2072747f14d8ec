// SPDX-License-Identifier: MIT
// A value built from the database and shared by every thread, built again when its counter in sequences moves.
#ifndef LOKET_SNAPSHOT_H
#define LOKET_SNAPSHOT_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"

/*
 * Every transaction that changes what the value is built from bumps the
 * counter `sequence` of the sequences table (db_sequence_next). A process
 * looks at the counter at most once a second and builds a fresh value when
 * it moved, so a change made by any process shows everywhere within a
 * second. A value is never freed while the process runs: callers keep the
 * pointer without a lock. Define one with DB_SNAPSHOT_INIT.
 */
struct db_snapshot_version;

struct db_snapshot {
	const char *sequence;              /* the counter's name in sequences */
	void *(*build)(struct db *db);     /* a fresh value (never NULL) */
	void (*release)(void *value);      /* frees a value (db_snapshot_free_all); NULL: never */
	/* private */
	pthread_mutex_t lock;
	struct db_snapshot_version *current;  /* newest first, then the retired ones */
	time_t checked;
};

#define DB_SNAPSHOT_INIT(sequence, build, release) \
	{ (sequence), (build), (release), PTHREAD_MUTEX_INITIALIZER, NULL, 0 }

/* The current value, built on first use. */
const void *db_snapshot_get(struct db_snapshot *s, struct db *db);
/* The next db_snapshot_get looks at the counter again (after a save in
 * this process). */
void db_snapshot_recheck(struct db_snapshot *s);
/* Frees every value with release (exit, tests). */
void db_snapshot_free_all(struct db_snapshot *s);

#endif
