// SPDX-License-Identifier: MIT
// libFuzzer harness for the streaming CSV reader, checking row invariants.
#define _GNU_SOURCE /* fmemopen */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader *r;
	char **fields;
	size_t n, i, total = 0;
	unsigned long last = 0;
	char *copy;
	FILE *f;
	int rc;

	copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	f = fmemopen(copy, size ? size : 1, "r");
	if (!f) {
		free(copy);
		return 0;
	}
	if (size == 0)
		fgetc(f); /* fmemopen needs size >= 1: consume the one byte */
	r = csv_open(f);
	while ((rc = csv_next(r, &fields, &n)) == 1) {
		CHECK(n >= 1 && n <= CSV_MAX_FIELDS);
		CHECK(fields[n] == NULL);
		for (i = 0; i < n; i++) {
			size_t len = strlen(fields[i]);

			CHECK(len <= CSV_MAX_FIELD_LEN);
			total += len;
		}
		CHECK(csv_line(r) > last);
		last = csv_line(r);
		CHECK(total <= size);
	}
	CHECK(rc == 0 || rc == -1);
	CHECK((rc == 0) == (csv_error(r) == CSV_OK));
	CHECK(csv_next(r, &fields, &n) == rc);
	csv_close(r);
	fclose(f);
	free(copy);
	return 0;
}
