// SPDX-License-Identifier: MIT
// Streaming RFC 4180 CSV reader: one row at a time, bounded memory.
#include "lib/csv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/log.h"

#define CSV_INBUF 65536
#define CSV_EOF (-1)

enum csv_state { CSV_FRESH, CSV_READING, CSV_DONE, CSV_FAILED };

struct csv_reader {
	FILE *f;
	size_t ipos, ilen;
	bool read_err, eof;
	enum csv_state state;
	enum csv_err err;
	unsigned long line;	/* physical line of the read position */
	unsigned long row_line;	/* line the current row started on */
	struct buf data;	/* the row's fields, each NUL-terminated */
	size_t offs[CSV_MAX_FIELDS];
	char *ptrs[CSV_MAX_FIELDS + 1];
	unsigned char in[CSV_INBUF];
};

static const char *const err_messages[CSV__MAX] = {
	[CSV_OK] = "Berhasil.",
	[CSV_E_QUOTE] = "Tanda kutip di tengah kolom yang tidak dikutip.",
	[CSV_E_AFTER_QUOTE] = "Ada teks setelah tanda kutip penutup.",
	[CSV_E_UNTERMINATED] = "Tanda kutip tidak ditutup.",
	[CSV_E_BARE_CR] = "Akhir baris tidak sah (CR tanpa LF).",
	[CSV_E_NUL] = "Berkas mengandung karakter NUL.",
	[CSV_E_FIELD_TOO_LONG] = "Kolom terlalu panjang.",
	[CSV_E_TOO_MANY_FIELDS] = "Terlalu banyak kolom dalam satu baris.",
	[CSV_E_READ] = "Gagal membaca berkas.",
};

const char *csv_err_message(enum csv_err e)
{
	if ((unsigned)e >= CSV__MAX)
		return "Kesalahan tidak dikenal.";
	return err_messages[e];
}

struct csv_reader *csv_open(FILE *f)
{
	struct csv_reader *r = calloc(1, sizeof *r);

	if (!r)
		fatal("out of memory");
	r->f = f;
	r->state = CSV_FRESH;
	buf_init(&r->data);
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	buf_release(&r->data);
	free(r);
}

unsigned long csv_line(const struct csv_reader *r)
{
	return r->row_line;
}

enum csv_err csv_error(const struct csv_reader *r)
{
	return r->err;
}

/* Top the input buffer up; false at end of file or on a read error. */
static bool refill(struct csv_reader *r)
{
	size_t n;

	if (r->ipos > 0) {
		memmove(r->in, r->in + r->ipos, r->ilen - r->ipos);
		r->ilen -= r->ipos;
		r->ipos = 0;
	}
	if (r->read_err || r->eof || r->ilen == sizeof r->in)
		return false;
	n = fread(r->in + r->ilen, 1, sizeof r->in - r->ilen, r->f);
	if (n == 0) {
		if (ferror(r->f))
			r->read_err = true;
		else
			r->eof = true;
	}
	r->ilen += n;
	return n > 0;
}

static inline int get(struct csv_reader *r)
{
	if (r->ipos == r->ilen && !refill(r))
		return CSV_EOF;
	return r->in[r->ipos++];
}

static int fail(struct csv_reader *r, enum csv_err e)
{
	r->err = e;
	r->state = CSV_FAILED;
	return -1;
}

/* At end of input: a read error, or a plain end of file. */
static int at_eof(struct csv_reader *r, enum csv_err plain)
{
	return fail(r, r->read_err ? CSV_E_READ : plain);
}

static void skip_bom(struct csv_reader *r)
{
	static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };

	while (r->ilen < sizeof bom && refill(r))
		;
	if (r->ilen >= sizeof bom && memcmp(r->in, bom, sizeof bom) == 0)
		r->ipos = sizeof bom;
}

int csv_next(struct csv_reader *r, char ***fields, size_t *nfields)
{
	size_t nf = 0, i;
	int c;

	if (r->state == CSV_DONE)
		return 0;
	if (r->state == CSV_FAILED)
		return -1;
	if (r->state == CSV_FRESH) {
		r->state = CSV_READING;
		r->line = 1;
		skip_bom(r);
	}

	/* skip empty lines */
	for (;;) {
		buf_reset(&r->data);
		r->row_line = r->line;
		c = get(r);
		if (c == CSV_EOF) {
			if (r->read_err)
				return fail(r, CSV_E_READ);
			r->state = CSV_DONE;
			return 0;
		}
		if (c == '\r') {
			c = get(r);
			if (c != '\n')
				return c == CSV_EOF ? at_eof(r, CSV_E_BARE_CR) : fail(r, CSV_E_BARE_CR);
		}
		if (c != '\n')
			break;
		r->line++;
	}

	for (;;) {
		size_t start = r->data.len;

		if (nf == CSV_MAX_FIELDS)
			return fail(r, CSV_E_TOO_MANY_FIELDS);
		if (c == '"') {
			for (;;) {
				c = get(r);
				if (c == CSV_EOF)
					return at_eof(r, CSV_E_UNTERMINATED);
				if (c == '"') {
					c = get(r);
					if (c != '"')
						break;
				} else if (c == '\0') {
					return fail(r, CSV_E_NUL);
				} else if (c == '\n') {
					r->line++;
				}
				if (r->data.len - start >= CSV_MAX_FIELD_LEN)
					return fail(r, CSV_E_FIELD_TOO_LONG);
				buf_addc(&r->data, (char)c);
			}
			if (c != ',' && c != '\r' && c != '\n' && c != CSV_EOF)
				return fail(r, CSV_E_AFTER_QUOTE);
		} else {
			while (c != ',' && c != '\r' && c != '\n' && c != CSV_EOF) {
				if (c == '"')
					return fail(r, CSV_E_QUOTE);
				if (c == '\0')
					return fail(r, CSV_E_NUL);
				if (r->data.len - start >= CSV_MAX_FIELD_LEN)
					return fail(r, CSV_E_FIELD_TOO_LONG);
				buf_addc(&r->data, (char)c);
				c = get(r);
			}
		}
		buf_addc(&r->data, '\0');
		r->offs[nf++] = start;
		if (c != ',')
			break;
		c = get(r);
	}
	if (c == '\r') {
		c = get(r);
		if (c != '\n')
			return c == CSV_EOF ? at_eof(r, CSV_E_BARE_CR) : fail(r, CSV_E_BARE_CR);
	}
	if (c == '\n')
		r->line++;
	else if (r->read_err)
		return fail(r, CSV_E_READ);

	for (i = 0; i < nf; i++)
		r->ptrs[i] = r->data.ptr + r->offs[i];
	r->ptrs[nf] = NULL;
	*fields = r->ptrs;
	*nfields = nf;
	return 1;
}
