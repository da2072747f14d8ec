// SPDX-License-Identifier: MIT
// Unit tests for the streaming RFC 4180 CSV reader in src/lib/csv.c.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/csv.h"

struct fixture {
	FILE *f;
	struct csv_reader *r;
	char **fields;
	size_t n;
};

/* Reader over len bytes of s (which may hold NUL bytes). */
static void open_mem(struct fixture *x, const char *s, size_t len)
{
	x->f = fmemopen((void *)(uintptr_t)s, len, "r");
	assert_non_null(x->f);
	x->r = csv_open(x->f);
	assert_non_null(x->r);
}

static void open_str(struct fixture *x, const char *s)
{
	open_mem(x, s, strlen(s));
}

static void close_fx(struct fixture *x)
{
	csv_close(x->r);
	fclose(x->f);
}

static int next(struct fixture *x)
{
	x->fields = NULL;
	x->n = 0;
	return csv_next(x->r, &x->fields, &x->n);
}

/* The next row must be exactly the given fields (NULL-terminated list). */
static void expect_row(struct fixture *x, unsigned long line, ...)
{
	va_list ap;
	const char *want;
	size_t i = 0;

	assert_int_equal(next(x), 1);
	assert_int_equal(csv_line(x->r), line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < x->n);
		assert_string_equal(x->fields[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(x->n, i);
	assert_null(x->fields[x->n]);
}

static void expect_eof(struct fixture *x)
{
	assert_int_equal(next(x), 0);
	assert_int_equal(csv_error(x->r), CSV_OK);
	assert_int_equal(next(x), 0); /* sticky */
}

static void expect_fail(struct fixture *x, enum csv_err e, unsigned long line)
{
	assert_int_equal(next(x), -1);
	assert_int_equal(csv_error(x->r), e);
	assert_int_equal(csv_line(x->r), line);
	assert_int_equal(next(x), -1); /* sticky */
	assert_int_equal(csv_error(x->r), e);
}

/* Whole input must fail with e on the row starting at line. */
static void expect_input_fails(const char *s, size_t len, enum csv_err e, unsigned long line)
{
	struct fixture x;
	int rc;

	open_mem(&x, s, len);
	while ((rc = next(&x)) == 1)
		;
	assert_int_equal(rc, -1);
	assert_int_equal(csv_error(x.r), e);
	assert_int_equal(csv_line(x.r), line);
	close_fx(&x);
}

#define END ((const char *)NULL)

static void test_regions_examples(void **state)
{
	struct fixture x;

	(void)state;
	open_str(&x,
		 "code,province_code,name\n"
		 "12.07,12,Kabupaten Deli Serdang\n"
		 "12.07.28.1007,12.07.28,\"Lubuk Pakam I,II\"\n"
		 "35.13.15.2017,35.13.15,\"Soka\"\"an\"\n");
	assert_int_equal(csv_line(x.r), 0);
	expect_row(&x, 1, "code", "province_code", "name", END);
	expect_row(&x, 2, "12.07", "12", "Kabupaten Deli Serdang", END);
	expect_row(&x, 3, "12.07.28.1007", "12.07.28", "Lubuk Pakam I,II", END);
	expect_row(&x, 4, "35.13.15.2017", "35.13.15", "Soka\"an", END);
	expect_eof(&x);
	close_fx(&x);
}

static void test_crlf(void **state)
{
	struct fixture x;

	(void)state;
	open_str(&x, "code,name\r\n11,Aceh\r\n12,\"Sumatera Utara\"\r\n");
	expect_row(&x, 1, "code", "name", END);
	expect_row(&x, 2, "11", "Aceh", END);
	expect_row(&x, 3, "12", "Sumatera Utara", END);
	expect_eof(&x);
	close_fx(&x);
}

static void test_mixed_line_endings(void **state)
{
	struct fixture x;

	(void)state;
	open_str(&x, "a,b\r\nc,d\ne,f\r\n");
	expect_row(&x, 1, "a", "b", END);
	expect_row(&x, 2, "c", "d", END);
	expect_row(&x, 3, "e", "f", END);
	expect_eof(&x);
	close_fx(&x);
}

static void test_bom(void **state)
{
	struct fixture x;

	(void)state;
	open_str(&x, "\xef\xbb\xbf" "code,name\r\n11,Aceh\r\n");
	expect_row(&x, 1, "code", "name", END);
	expect_row(&x, 2, "11", "Aceh", END);
	expect_eof(&x);
	close_fx(&x);
	/* BOM then a quoted field */
	open_str(&x, "\xef\xbb\xbf\"code\",name");
	expect_row(&x, 1, "code", "name", END);
	expect_eof(&x);
	close_fx(&x);
	/* only a BOM */
	open_str(&x, "\xef\xbb\xbf");
	expect_eof(&x);
	close_fx(&x);
	/* a BOM later on is data */
	open_str(&x, "a\n\xef\xbb\xbf" "b\n");
	expect_row(&x, 1, "a", END);
	expect_row(&x, 2, "\xef\xbb\xbf" "b", END);
	expect_eof(&x);
	close_fx(&x);
	/* a partial BOM is data */
	open_str(&x, "\xef\xbb" "x\n");
	expect_row(&x, 1, "\xef\xbb" "x", END);
	expect_eof(&x);
	close_fx(&x);
	open_str(&x, "\xef");
	expect_row(&x, 1, "\xef", END);
	expect_eof(&x);
	close_fx(&x);
}

static void test_no_final_newline(void **state)
{
	struct fixture x;

	(void)state;
	open_str(&x, "a,b\nc,d");
	expect_row(&x, 1, "a", "b", END);
	expect_row(&x, 2, "c", "d", END);
	expect_eof(&x);
	close_fx(&x);
	open_str(&x, "a,\"b\"");
	expect_row(&x, 1, "a", "b", END);
	expect_eof(&x);
	close_fx(&x);
	open_str(&x, "a,");
	expect_row(&x, 1, "a", "", END);
	expect_eof(&x);
	close_fx(&x);
}

static void test_empty_input(void **state)
{
	struct fixture x;

	(void)state;
	open_str(&x, "");
	expect_eof(&x);
	close_fx(&x);
	open_str(&x, "\n\r\n\n");
	expect_eof(&x);
	close_fx(&x);
}

static void test_empty_fields_and_lines(void **state)
{
	struct fixture x;

	(void)state;
	open_str(&x, "a,,c\n\n,\n\r\n\"\"\nx,\"\",\n");
	expect_row(&x, 1, "a", "", "c", END);
	expect_row(&x, 3, "", "", END);
	expect_row(&x, 5, "", END);
	expect_row(&x, 6, "x", "", "", END);
	expect_eof(&x);
	close_fx(&x);
}

static void test_quoted_newlines(void **state)
{
	struct fixture x;

	(void)state;
	open_str(&x,
		 "1,\"Jl. Merdeka\nNo. 5\",x\r\n"
		 "2,\"baris\r\ndua\"\r\n"
		 "3,\",\"\"\r\n,\"\n"
		 "4,akhir\n");
	expect_row(&x, 1, "1", "Jl. Merdeka\nNo. 5", "x", END);
	expect_row(&x, 3, "2", "baris\r\ndua", END);
	expect_row(&x, 5, "3", ",\"\r\n,", END);
	expect_row(&x, 7, "4", "akhir", END);
	expect_eof(&x);
	close_fx(&x);
}

static void test_quotes_kept_verbatim(void **state)
{
	struct fixture x;

	(void)state;
	open_str(&x, "\"\"\"\",\" spaced \",\"\"\"a\"\"\", raw space \n");
	expect_row(&x, 1, "\"", " spaced ", "\"a\"", " raw space ", END);
	expect_eof(&x);
	close_fx(&x);
}

static void test_unterminated_quote(void **state)
{
	struct fixture x;

	(void)state;
	open_str(&x, "a,b\nc,\"Lubuk Pakam\nd,e\nf,g\n");
	expect_row(&x, 1, "a", "b", END);
	expect_fail(&x, CSV_E_UNTERMINATED, 2);
	close_fx(&x);
	expect_input_fails("\"", 1, CSV_E_UNTERMINATED, 1);
	expect_input_fails("a,\"b\"\"", 6, CSV_E_UNTERMINATED, 1);
}

static void test_quote_errors(void **state)
{
	(void)state;
	expect_input_fails("ab\"c\n", 5, CSV_E_QUOTE, 1);
	expect_input_fails("x\nab,c\"\n", 8, CSV_E_QUOTE, 2);
	expect_input_fails("\"ab\"c,d\n", 8, CSV_E_AFTER_QUOTE, 1);
	expect_input_fails("\"ab\" ,d\n", 8, CSV_E_AFTER_QUOTE, 1);
	expect_input_fails("a\nb\n\"c\"x\n", 9, CSV_E_AFTER_QUOTE, 3);
}

static void test_bare_cr(void **state)
{
	(void)state;
	expect_input_fails("a\rb\n", 4, CSV_E_BARE_CR, 1);
	expect_input_fails("a,b\r", 4, CSV_E_BARE_CR, 1);
	expect_input_fails("a\n\rb\n", 5, CSV_E_BARE_CR, 2);
	expect_input_fails("a\n\r", 3, CSV_E_BARE_CR, 2);
	expect_input_fails("\"a\"\rb", 5, CSV_E_BARE_CR, 1);
}

static void test_nul(void **state)
{
	static const char s1[] = "a,b\0c\n";
	static const char s2[] = "a,\"b\0c\"\n";

	(void)state;
	expect_input_fails(s1, sizeof s1 - 1, CSV_E_NUL, 1);
	expect_input_fails(s2, sizeof s2 - 1, CSV_E_NUL, 1);
}

static void test_field_length_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct fixture x;
	size_t i;

	(void)state;
	for (i = 0; i < CSV_MAX_FIELD_LEN; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, ",\"");
	for (i = 0; i < CSV_MAX_FIELD_LEN - 1; i++)
		buf_addc(&b, 'y');
	buf_adds(&b, "\"\"\"\n");
	open_mem(&x, b.ptr, b.len);
	assert_int_equal(next(&x), 1);
	assert_int_equal(x.n, 2);
	assert_int_equal(strlen(x.fields[0]), CSV_MAX_FIELD_LEN);
	assert_int_equal(strlen(x.fields[1]), CSV_MAX_FIELD_LEN);
	assert_int_equal(x.fields[1][CSV_MAX_FIELD_LEN - 1], '"');
	expect_eof(&x);
	close_fx(&x);

	buf_reset(&b);
	for (i = 0; i < CSV_MAX_FIELD_LEN + 1; i++)
		buf_addc(&b, 'x');
	buf_addc(&b, '\n');
	expect_input_fails(b.ptr, b.len, CSV_E_FIELD_TOO_LONG, 1);

	buf_reset(&b);
	buf_adds(&b, "ok\n\"");
	for (i = 0; i < CSV_MAX_FIELD_LEN + 1; i++)
		buf_addc(&b, 'y');
	buf_adds(&b, "\"\n");
	expect_input_fails(b.ptr, b.len, CSV_E_FIELD_TOO_LONG, 2);
	buf_release(&b);
}

static void test_field_count_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct fixture x;
	int i;

	(void)state;
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		buf_addf(&b, "%s%d", i ? "," : "", i);
	buf_addc(&b, '\n');
	open_mem(&x, b.ptr, b.len);
	assert_int_equal(next(&x), 1);
	assert_int_equal(x.n, CSV_MAX_FIELDS);
	assert_string_equal(x.fields[63], "63");
	expect_eof(&x);
	close_fx(&x);

	buf_truncate(&b, b.len - 1);
	buf_adds(&b, ",64\n");
	expect_input_fails(b.ptr, b.len, CSV_E_TOO_MANY_FIELDS, 1);
	/* 64 commas: the 65th field is empty but still one too many */
	buf_reset(&b);
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		buf_addc(&b, ',');
	expect_input_fails(b.ptr, b.len, CSV_E_TOO_MANY_FIELDS, 1);
	buf_release(&b);
}

static void test_read_error(void **state)
{
	struct fixture x;

	(void)state;
	/* reading a directory fails with EISDIR */
	x.f = fopen("/", "r");
	if (!x.f)
		skip();
	x.r = csv_open(x.f);
	expect_fail(&x, CSV_E_READ, 1);
	close_fx(&x);
}

static void test_err_messages(void **state)
{
	int e;

	(void)state;
	for (e = 0; e < CSV__MAX; e++)
		assert_true(strlen(csv_err_message((enum csv_err)e)) > 0);
	assert_string_equal(csv_err_message(CSV_E_UNTERMINATED), "Tanda kutip tidak ditutup.");
	assert_non_null(csv_err_message(CSV__MAX));
	csv_close(NULL);
}

/* 83,000 villages-like rows through a real file, crossing many buffer refills. */
static void test_large_stream(void **state)
{
	struct fixture x;
	unsigned long i, rows = 0;
	char want[64];

	(void)state;
	x.f = tmpfile();
	assert_non_null(x.f);
	fputs("\xef\xbb\xbf" "code,district_code,name\r\n", x.f);
	for (i = 0; i < 83000; i++) {
		if (i % 7 == 0)
			fprintf(x.f, "%lu,%lu,\"Desa \"\"%lu\"\",\r\nSatu\"\r\n", i, i / 10, i);
		else
			fprintf(x.f, "%lu,%lu,Desa %lu\r\n", i, i / 10, i);
	}
	rewind(x.f);
	x.r = csv_open(x.f);
	expect_row(&x, 1, "code", "district_code", "name", END);
	while (next(&x) == 1) {
		assert_int_equal(x.n, 3);
		assert_int_equal(strtoul(x.fields[0], NULL, 10), rows);
		if (rows % 7 == 0)
			snprintf(want, sizeof want, "Desa \"%lu\",\r\nSatu", rows);
		else
			snprintf(want, sizeof want, "Desa %lu", rows);
		assert_string_equal(x.fields[2], want);
		rows++;
	}
	assert_int_equal(csv_error(x.r), CSV_OK);
	assert_int_equal(rows, 83000);
	/* end of file is on the line after: header, 83,000 rows, one extra line for each i % 7 == 0 */
	assert_int_equal(csv_line(x.r), 1 + 83000 + (83000 + 6) / 7 + 1);
	close_fx(&x);
}

/* The shipped region fixtures read cleanly with a constant column count. */
static void test_fixture_files(void **state)
{
	static const char *const files[] = {
		"provinces.csv", "regencies.csv", "districts.csv", "villages.csv",
	};
	char path[512];
	const char *dir = getenv("LOKET_FIXTURES");
	size_t i, cols;
	int read = 0, rc;
	struct fixture x;

	(void)state;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/regions/%s", dir ? dir : "tests/fixtures", files[i]);
		x.f = fopen(path, "r");
		if (!x.f)
			continue;
		read++;
		x.r = csv_open(x.f);
		assert_int_equal(next(&x), 1);
		assert_string_equal(x.fields[0], "code");
		cols = x.n;
		while ((rc = next(&x)) == 1)
			assert_int_equal(x.n, cols);
		assert_int_equal(rc, 0);
		close_fx(&x);
	}
	if (!read)
		skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regions_examples),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_mixed_line_endings),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_empty_fields_and_lines),
		cmocka_unit_test(test_quoted_newlines),
		cmocka_unit_test(test_quotes_kept_verbatim),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_quote_errors),
		cmocka_unit_test(test_bare_cr),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_field_length_limit),
		cmocka_unit_test(test_field_count_limit),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_err_messages),
		cmocka_unit_test(test_large_stream),
		cmocka_unit_test(test_fixture_files),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
