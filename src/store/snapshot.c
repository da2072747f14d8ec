// SPDX-License-Identifier: MIT
// Database-built values shared by every thread and refreshed when their counter in sequences moves.
#include "store/snapshot.h"

#include <stdlib.h>

#include "lib/log.h"

struct db_snapshot_version {
	void *value;
	int64_t gen;                          /* the counter it was built at */
	struct db_snapshot_version *retired;  /* the older ones, kept until exit */
};

static int64_t generation(struct db *db, const char *sequence)
{
	struct db_stmt *st = db_query(db, "SELECT value FROM sequences WHERE name = ?", "s", sequence);
	int64_t g = 0;

	if (st && db_next(st) == DB_ROW)
		g = db_int(st, 0);
	db_end(st);
	return g;
}

const void *db_snapshot_get(struct db_snapshot *s, struct db *db)
{
	time_t now = time(NULL);
	const void *value;

	pthread_mutex_lock(&s->lock);
	if (!s->current || now != s->checked) {
		int64_t gen;

		/* one look a second is enough for a change to show everywhere;
		 * the query is cheap */
		s->checked = now;
		gen = generation(db, s->sequence);
		if (!s->current || gen != s->current->gen) {
			struct db_snapshot_version *fresh = calloc(1, sizeof *fresh);

			if (!fresh)
				fatal("out of memory");
			fresh->value = s->build(db);
			fresh->gen = gen;
			fresh->retired = s->current;
			s->current = fresh;
		}
	}
	value = s->current->value;
	pthread_mutex_unlock(&s->lock);
	return value;
}

void db_snapshot_recheck(struct db_snapshot *s)
{
	pthread_mutex_lock(&s->lock);
	s->checked = 0;
	pthread_mutex_unlock(&s->lock);
}

void db_snapshot_free_all(struct db_snapshot *s)
{
	pthread_mutex_lock(&s->lock);
	while (s->current) {
		struct db_snapshot_version *next = s->current->retired;

		if (s->release)
			s->release(s->current->value);
		free(s->current);
		s->current = next;
	}
	pthread_mutex_unlock(&s->lock);
}
