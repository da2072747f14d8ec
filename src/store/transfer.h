// SPDX-License-Identifier: MIT
// Moving an office between databases: every application table to one line-oriented file and back.
#ifndef LOKET_TRANSFER_H
#define LOKET_TRANSFER_H

#include <stddef.h>
#include <stdio.h>

#include "store/db.h"

/* Version of the file layout below, written into the header line. */
#define TRANSFER_VERSION 1

/*
 * The file (UTF-8, one JSON value per line, written with jansson):
 *
 *   {"format":"loket-export","version":1,"schema":3,"created_at":"2025-01-31T08:00:00Z","backend":"sqlite"}
 *   {"table":"provinsi","columns":["kode","nama"]}
 *   ["33","JAWA TENGAH"]                    one array per row, in column order
 *   ...                                     every table of transfer_tables, in that order
 *   {"end":true,"rows":12345}               all rows of the file; missing = cut short
 *
 * "schema" is the highest migration applied to the source. Values are JSON
 * strings, integers or null: integers only for integer columns, so a NIK
 * stays text. The file holds personal data: it is created mode 0600.
 */

/* One application table and the column its rows are ordered by. */
struct transfer_table {
	const char *name;
	const char *key;
};

/* Every application table, parents before children (see transfer.c). */
extern const struct transfer_table transfer_tables[];
extern const size_t transfer_tables_count;

/*
 * Writes every table of transfer_tables to path, reading in one snapshot
 * transaction and streaming rows. The file is written as path.tmp and
 * renamed once complete. Refuses a database holding a table that
 * transfer_tables lacks. Prints a row count per table to out (may be NULL).
 * 0, or -1 with *err set to a message for people (caller frees); the
 * messages name tables, rows and columns, never values.
 */
int transfer_export(struct db *db, const char *path, FILE *out, char **err);

/* A check of the values of one text column on import, for what the store
 * cannot judge (a service definition): 0 when value is acceptable, -1
 * with a message for people in err (never quoting personal data). */
struct transfer_check {
	const char *table;
	const char *column;
	int (*check)(const char *value, char *err, size_t errsz);
};

/*
 * Migrates db, then copies the rows of an export file into it with their
 * ids, in one transaction, and moves the id generators past the highest
 * id. Refuses, changing nothing, a target whose tables are not all empty,
 * a file of another schema version, and a file that is damaged or cut
 * short (its end line missing or its count wrong). Prints a row count per
 * table to out (may be NULL). checks (may be NULL; ended by an entry whose
 * table is NULL) are run on every non-null value of their column, and a
 * value one refuses refuses the whole file. 0, or -1 with *err as for
 * transfer_export.
 */
int transfer_import(struct db *db, const char *path, const struct transfer_check *checks, FILE *out, char **err);

#endif
