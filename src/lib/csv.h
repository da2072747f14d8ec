// SPDX-License-Identifier: MIT
// Streaming RFC 4180 CSV reader with hard limits on field length and count.
#ifndef LOKET_CSV_H
#define LOKET_CSV_H

#include <stdio.h>

#define CSV_MAX_FIELD_LEN 4096	/* bytes of one field after unquoting */
#define CSV_MAX_FIELDS 64	/* fields of one row */

/*
 * Accepted input: fields separated by ',', rows ended by CRLF or LF (a bare
 * CR outside quotes is an error), an optional UTF-8 BOM at the very start
 * (skipped), and a last row with or without a line ending. A quoted field
 * may hold ',', CR, LF and doubled quotes ("Soka""an" is Soka"an). Errors: a
 * quote inside an unquoted field, text after a closing quote, an
 * unterminated quote, a NUL byte, a field longer than CSV_MAX_FIELD_LEN, more
 * than CSV_MAX_FIELDS fields, a read error. Empty lines are skipped. Bytes
 * are returned as they are: no UTF-8 check, no trimming.
 */
enum csv_err {
	CSV_OK,
	CSV_E_QUOTE,		/* '"' inside an unquoted field */
	CSV_E_AFTER_QUOTE,	/* something other than , or a line end after a closing quote */
	CSV_E_UNTERMINATED,	/* end of file inside a quoted field */
	CSV_E_BARE_CR,		/* CR not followed by LF outside quotes */
	CSV_E_NUL,		/* NUL byte */
	CSV_E_FIELD_TOO_LONG,	/* field longer than CSV_MAX_FIELD_LEN */
	CSV_E_TOO_MANY_FIELDS,	/* more than CSV_MAX_FIELDS fields */
	CSV_E_READ,		/* ferror() on the stream */
	CSV__MAX
};

struct csv_reader;

/*
 * Start reading f (not taken over: csv_close does not fclose it). Never NULL
 * (out of memory is fatal). The reader buffers ahead, so do not read f
 * yourself while the reader is in use.
 */
struct csv_reader *csv_open(FILE *f);

/*
 * Next row: 1 with *fields an array of *nfields NUL-terminated strings (at
 * least one), 0 at end of file, -1 on error (see csv_line, csv_error). The
 * array and strings belong to the reader and stay valid until the next
 * csv_next or csv_close. After 0 or -1 every later call returns the same.
 */
int csv_next(struct csv_reader *r, char ***fields, size_t *nfields);

/*
 * 1-based physical line on which the last returned row, or the row that
 * failed, starts (a quoted field spanning lines makes a row span several).
 * 0 before the first csv_next.
 */
unsigned long csv_line(const struct csv_reader *r);

/* Why the last csv_next returned -1 (CSV_OK otherwise). */
enum csv_err csv_error(const struct csv_reader *r);
/* Indonesian description for people, e.g. "Tanda kutip tidak ditutup.". Never NULL. */
const char *csv_err_message(enum csv_err e);

/* Free the reader (NULL is a no-op); the FILE stays open. */
void csv_close(struct csv_reader *r);

#endif
