// SPDX-License-Identifier: MIT
// libFuzzer harness for params_parse_urlencoded and params_parse_cookies, checking output invariants.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/params.h"
#include "lib/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

/* Independent strict UTF-8 check (shortest form, no surrogates, <= U+10FFFF). */
static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k, len;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xE0) == 0xC0) {
			len = 2;
			cp = s[i] & 0x1F;
		} else if ((s[i] & 0xF0) == 0xE0) {
			len = 3;
			cp = s[i] & 0x0F;
		} else if ((s[i] & 0xF8) == 0xF0) {
			len = 4;
			cp = s[i] & 0x07;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
			return 0;
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

static void check_form(const struct params *p, const struct params_limits *lim)
{
	size_t i;

	CHECK(p->count <= lim->max_fields);
	CHECK((p->count == 0) == (p->items == NULL));
	for (i = 0; i < p->count; i++) {
		const struct param *f = &p->items[i];
		size_t klen = strlen(f->key);

		CHECK(klen <= lim->max_key_len);
		CHECK(strlen(f->value) == f->value_len);
		CHECK(f->value_len <= lim->max_value_len);
		CHECK(utf8_ok((const unsigned char *)f->key, klen));
		CHECK(utf8_ok((const unsigned char *)f->value, f->value_len));
		CHECK(params_find(p, f->key) != NULL);
		CHECK(params_count_key(p, f->key) >= 1);
	}
}

static void check_cookies(const struct params *p)
{
	size_t i, k;

	CHECK(p->count <= PARAMS_COOKIE_MAX_COUNT);
	for (i = 0; i < p->count; i++) {
		const struct param *f = &p->items[i];
		size_t nlen = strlen(f->key);

		CHECK(nlen >= 1 && nlen <= PARAMS_COOKIE_MAX_NAME);
		CHECK(strlen(f->value) == f->value_len);
		CHECK(f->value_len <= PARAMS_COOKIE_MAX_VALUE);
		for (k = 0; k < nlen; k++)
			CHECK(f->key[k] > 0x20 && f->key[k] < 0x7F && !strchr("\"(),/:;<=>?@[\\]{}", f->key[k]));
		for (k = 0; k < f->value_len; k++)
			CHECK(f->value[k] > 0x20 && f->value[k] < 0x7F && !strchr("\",;\\", f->value[k]));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct params_limits def = PARAMS_LIMITS_DEFAULT, small = PARAMS_LIMITS_DEFAULT;
	struct arena *a = arena_new();
	struct params p;
	char *copy, *str;
	int rc;

	/* exact-size heap copy so any over-read is caught */
	copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);

	rc = params_parse_urlencoded(a, copy, size, NULL, &p);
	CHECK(rc >= 0 && rc < PARAMS__MAX);
	if (rc == PARAMS_OK)
		check_form(&p, &def);
	else
		CHECK(p.count == 0 && p.items == NULL);

	if (size > 0) {
		small.max_fields = data[0] & 7;
		small.max_key_len = (data[0] >> 3) & 7;
		small.max_value_len = data[0] >> 5;
		rc = params_parse_urlencoded(a, copy + 1, size - 1, &small, &p);
		CHECK(rc >= 0 && rc < PARAMS__MAX);
		if (rc == PARAMS_OK)
			check_form(&p, &small);
	}

	str = malloc(size + 1);
	if (!str)
		abort();
	memcpy(str, data, size);
	str[size] = '\0';
	rc = params_parse_cookies(a, str, &p);
	CHECK(rc >= 0 && rc < PARAMS__MAX);
	if (rc == PARAMS_OK)
		check_cookies(&p);
	else
		CHECK(p.count == 0 && p.items == NULL);
	CHECK(params_err_message((enum params_err)rc) != NULL);

	free(str);
	free(copy);
	arena_free(a);
	return 0;
}
