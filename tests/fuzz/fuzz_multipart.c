// SPDX-License-Identifier: MIT
// libFuzzer harness for params_parse_multipart, checking field and upload invariants.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/params.h"
#include "lib/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check(const struct params *f, const struct upload_list *u,
		  const struct params_limits *lim, const char *body, size_t len)
{
	size_t i, k, n;

	CHECK(f->count <= lim->max_fields);
	CHECK(u->count <= lim->max_files);
	CHECK(f->count + u->count <= lim->max_parts);
	for (i = 0; i < f->count; i++) {
		CHECK(strlen(f->items[i].key) >= 1);
		CHECK(strlen(f->items[i].key) <= lim->max_key_len);
		CHECK(strlen(f->items[i].value) == f->items[i].value_len);
		CHECK(f->items[i].value_len <= lim->max_value_len);
	}
	for (i = 0; i < u->count; i++) {
		const struct upload *up = &u->items[i];

		CHECK(strlen(up->field) >= 1 && strlen(up->field) <= lim->max_key_len);
		CHECK(up->content_type && up->content_type[0]);
		CHECK(up->len <= lim->max_file_len);
		CHECK(up->data >= body && up->len <= len && (size_t)(up->data - body) <= len - up->len);
		n = strlen(up->filename);
		CHECK(n >= 1 && n <= PARAMS_FILENAME_MAX);
		CHECK(strcmp(up->filename, ".") != 0 && strcmp(up->filename, "..") != 0);
		for (k = 0; k < n; k++) {
			unsigned char c = (unsigned char)up->filename[k];

			CHECK(c >= 0x20 && c != 0x7F && c != '/' && c != '\\');
		}
	}
}

/*
 * Input: byte 0 picks limits and the Content-Type source. With bit 0 set the
 * Content-Type is fixed and everything after byte 0 is the body (best for
 * exploring the body); otherwise the Content-Type runs to the first '\n'.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct params_limits lim = PARAMS_LIMITS_DEFAULT;
	struct arena *a;
	struct params f;
	struct upload_list u;
	const uint8_t *nl;
	char *ct, *body;
	size_t ctlen, blen;
	int rc;

	if (size < 1)
		return 0;
	if (data[0] & 2) {
		lim.max_fields = 2;
		lim.max_files = 1;
		lim.max_parts = 3;
		lim.max_key_len = 4;
		lim.max_value_len = 8;
		lim.max_file_len = 8;
		lim.max_header_len = 48;
		lim.max_headers = 2;
	}
	data++;
	size--;
	if (data[-1] & 1) {
		ct = strdup("multipart/form-data; boundary=XyZ");
		if (!ct)
			abort();
	} else {
		nl = memchr(data, '\n', size);
		ctlen = nl ? (size_t)(nl - data) : size;
		ct = malloc(ctlen + 1);
		if (!ct)
			abort();
		memcpy(ct, data, ctlen);
		ct[ctlen] = '\0';
		data += nl ? ctlen + 1 : ctlen;
		size -= nl ? ctlen + 1 : ctlen;
	}
	blen = size;
	body = malloc(blen ? blen : 1);
	if (!body)
		abort();
	memcpy(body, data, blen);

	a = arena_new();
	rc = params_parse_multipart(a, ct, body, blen, &lim, &f, &u);
	CHECK(rc >= 0 && rc < PARAMS__MAX);
	if (rc == PARAMS_OK)
		check(&f, &u, &lim, body, blen);
	else
		CHECK(f.count == 0 && u.count == 0 && !f.items && !u.items);
	arena_free(a);
	free(body);
	free(ct);
	return 0;
}
