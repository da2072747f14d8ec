// SPDX-License-Identifier: MIT
// Unit tests for src/view/mustache.c: every mustache spec case, plus API, error and limit checks.
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "lib/buf.h"
#include "view/mustache.h"

/* meson passes the absolute path of ../shared/mustache-spec */
#ifdef MUSTACHE_SPEC_DIR
#define DEFAULT_SPEC_DIR MUSTACHE_SPEC_DIR
#else
#define DEFAULT_SPEC_DIR "../shared/mustache-spec"
#endif

/* ---- helpers ------------------------------------------------------------ */

/* s as a C string literal, for failure messages. */
static void add_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		switch (*s) {
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		default: buf_addc(b, *s); break;
		}
	}
	buf_addc(b, '"');
}

/* Renders src with data/partials given as JSON text; returns the output. */
static char *render(const char *src, const char *data_json,
		    const char *partials_json)
{
	json_t *data = NULL, *partials = NULL;
	struct buf out = BUF_INIT;
	char *err = NULL;
	int rc;

	if (data_json) {
		data = json_loads(data_json, JSON_DECODE_ANY, NULL);
		assert_non_null(data);
	}
	if (partials_json) {
		partials = json_loads(partials_json, 0, NULL);
		assert_non_null(partials);
	}
	rc = tpl_render_string(src, data, partials, &out, &err);
	json_decref(data);
	json_decref(partials);
	if (rc) {
		print_error("render failed: %s\n", err ? err : "(no message)");
		free(err);
		buf_release(&out);
		fail();
	}
	return buf_detach(&out, NULL);
}

static void check_render(const char *src, const char *data_json,
			 const char *partials_json, const char *expected)
{
	char *got = render(src, data_json, partials_json);
	struct buf msg = BUF_INIT;

	if (strcmp(got, expected) != 0) {
		buf_adds(&msg, "template: ");
		add_quoted(&msg, src);
		buf_adds(&msg, "\nexpected: ");
		add_quoted(&msg, expected);
		buf_adds(&msg, "\ngot:      ");
		add_quoted(&msg, got);
		print_error("%s\n", msg.ptr);
		buf_release(&msg);
		free(got);
		fail();
	}
	free(got);
}

/* ---- spec files --------------------------------------------------------- */

struct spec_case {
	const char *file;
	json_t *test;		/* borrowed from the file's document */
};

static void run_spec_case(void **state)
{
	const struct spec_case *sc = *state;
	json_t *t = sc->test;
	const char *name = json_string_value(json_object_get(t, "name"));
	const char *desc = json_string_value(json_object_get(t, "desc"));
	const char *src = json_string_value(json_object_get(t, "template"));
	const char *expected = json_string_value(json_object_get(t, "expected"));
	json_t *data = json_object_get(t, "data");
	json_t *partials = json_object_get(t, "partials");
	struct buf out = BUF_INIT, msg = BUF_INIT;
	char *err = NULL;
	int rc;

	assert_non_null(src);
	assert_non_null(expected);
	rc = tpl_render_string(src, data, partials, &out, &err);
	if (rc == 0 && strcmp(out.ptr, expected) == 0) {
		buf_release(&out);
		return;
	}
	buf_addf(&msg, "SPEC FAILURE %s: %s\n  desc:     %s\n  template: ",
		 sc->file, name ? name : "?", desc ? desc : "");
	add_quoted(&msg, src);
	if (partials) {
		char *pj = json_dumps(partials, JSON_SORT_KEYS | JSON_ENCODE_ANY);

		buf_addf(&msg, "\n  partials: %s", pj ? pj : "?");
		free(pj);
	}
	buf_adds(&msg, "\n  expected: ");
	add_quoted(&msg, expected);
	if (rc == 0) {
		buf_adds(&msg, "\n  got:      ");
		add_quoted(&msg, out.ptr);
	} else {
		buf_addf(&msg, "\n  error:    %s", err ? err : "(no message)");
	}
	print_error("%s\n", msg.ptr);
	free(err);
	buf_release(&out);
	buf_release(&msg);
	fail_msg("spec case \"%s\" failed", name ? name : "?");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs one cmocka group per spec file; returns the number of failures. */
static int run_spec_dir(const char *dir, int *nfiles)
{
	char **names = NULL;
	size_t n = 0, cap = 0, i, j, len;
	struct dirent *de;
	int failures = 0;
	DIR *d;

	*nfiles = 0;
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "cannot open spec dir %s\n", dir);
		return 1;
	}
	while ((de = readdir(d))) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (strncmp(de->d_name, "~lambdas", 8) == 0)
			continue;	/* lambdas are not supported */
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof *names);
			assert_non_null(names);
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		struct buf path = BUF_INIT;
		struct CMUnitTest *tests;
		struct spec_case *cases;
		json_error_t jerr;
		json_t *doc, *arr;
		size_t count;

		buf_addf(&path, "%s/%s", dir, names[i]);
		doc = json_load_file(path.ptr, 0, &jerr);
		if (!doc) {
			fprintf(stderr, "%s: %s\n", path.ptr, jerr.text);
			failures++;
			buf_release(&path);
			continue;
		}
		arr = json_object_get(doc, "tests");
		count = json_array_size(arr);
		tests = calloc(count ? count : 1, sizeof *tests);
		cases = calloc(count ? count : 1, sizeof *cases);
		assert_non_null(tests);
		assert_non_null(cases);
		for (j = 0; j < count; j++) {
			json_t *t = json_array_get(arr, j);
			struct buf label = BUF_INIT;

			cases[j].file = names[i];
			cases[j].test = t;
			buf_addf(&label, "%s: %s", names[i],
				 json_string_value(json_object_get(t, "name")));
			tests[j].name = buf_detach(&label, NULL);
			tests[j].test_func = run_spec_case;
			tests[j].initial_state = &cases[j];
		}
		failures += _cmocka_run_group_tests(names[i], tests, count,
						    NULL, NULL);
		(*nfiles)++;
		for (j = 0; j < count; j++)
			free((char *)(uintptr_t)tests[j].name);
		free(tests);
		free(cases);
		json_decref(doc);
		buf_release(&path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return failures;
}

/* ---- API and behaviour beyond the spec ---------------------------------- */

static void test_parse_errors(void **state)
{
	static const struct {
		const char *src;
		const char *needle;
	} bad[] = {
		{ "{{", "line 1: unclosed tag" },
		{ "abc {{name", "unclosed tag" },
		{ "{{{name}}", "unclosed tag" },
		{ "a\nb\n{{#sec}}", "line 3: unclosed tag {{#sec}}" },
		{ "{{/sec}}", "without an opening tag" },
		{ "{{#a}}\n{{/b}}", "line 2: closing tag {{/b}} does not match {{#a}}" },
		{ "{{#a}}{{^b}}{{/a}}{{/b}}", "does not match" },
		{ "{{<p}}{{$b}}{{/p}}", "does not match {{$b}}" },
		{ "{{=<% %>", "unclosed tag" },
		{ "{{= x =}}", "two delimiters" },
		{ "{{=a= b=}}", "'='" },
		{ "{{}}", "empty tag name" },
		{ "{{# }}x{{/ }}", "empty tag name" },
		{ "{{>}}", "empty tag name" },
		{ "{{=<% %>=}}<%x", "unclosed tag" },
	};
	struct buf deep = BUF_INIT;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = NULL;
		if (tpl_parse(bad[i].src, strlen(bad[i].src), &err) != NULL)
			fail_msg("parsed bad template %s", bad[i].src);
		assert_non_null(err);
		if (!strstr(err, bad[i].needle))
			fail_msg("template %s: error \"%s\" lacks \"%s\"",
				 bad[i].src, err, bad[i].needle);
		free(err);
	}
	/* too deep */
	for (i = 0; i <= TPL_MAX_NEST; i++)
		buf_adds(&deep, "{{#a}}");
	for (i = 0; i <= TPL_MAX_NEST; i++)
		buf_adds(&deep, "{{/a}}");
	err = NULL;
	assert_null(tpl_parse(deep.ptr, deep.len, &err));
	assert_non_null(strstr(err, "nested deeper"));
	free(err);
	/* NULL err is allowed */
	assert_null(tpl_parse("{{#a}}", 6, NULL));
	buf_release(&deep);
}

static void test_values(void **state)
{
	(void)state;
	check_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
		     "{\"a\": 1.210, \"b\": 100, \"c\": 3.0, \"d\": -42, "
		     "\"e\": 0.1, \"f\": 1e21, \"g\": 2.5e-7}",
		     NULL, "1.21 100 3 -42 0.1 1e+21 2.5e-07");
	check_render("{{t}} {{f}} [{{n}}] [{{o}}] [{{l}}]",
		     "{\"t\": true, \"f\": false, \"n\": null, \"o\": {\"x\": 1}, \"l\": [1]}",
		     NULL, "true false [] [] []");
	check_render("{{x}}|{{{x}}}|{{&x}}", "{\"x\": \"<a href='q'>&\\\"</a>\"}",
		     NULL,
		     "&lt;a href=&#39;q&#39;&gt;&amp;&quot;&lt;/a&gt;"
		     "|<a href='q'>&\"</a>|<a href='q'>&\"</a>");
	/* falsey: "", [], null, false, missing; truthy: 0, {} */
	check_render("{{#s}}S{{/s}}{{#a}}A{{/a}}{{#n}}N{{/n}}{{#f}}F{{/f}}{{#m}}M{{/m}}"
		     "{{#z}}Z{{/z}}{{#o}}O{{/o}}",
		     "{\"s\": \"\", \"a\": [], \"n\": null, \"f\": false, \"z\": 0, \"o\": {}}",
		     NULL, "ZO");
	/* NULL context */
	check_render("[{{x}}]{{^x}}none{{/x}}", NULL, NULL, "[]none");
	/* a null value masks the same key further up the stack */
	check_render("{{#a}}[{{x}}]{{/a}}", "{\"x\": \"out\", \"a\": {\"x\": null}}",
		     NULL, "[]");
}

static void test_indentation(void **state)
{
	(void)state;
	/* nested standalone partials accumulate indentation */
	check_render("<\n  {{>a}}\n>\n", "{}",
		     "{\"a\": \"a1\\n  {{>b}}\\na2\\n\", \"b\": \"b1\\nb2\\n\"}",
		     "<\n  a1\n    b1\n    b2\n  a2\n>\n");
	/* an inline partial inside an indented one is not re-indented */
	check_render("  {{>a}}\n", "{}",
		     "{\"a\": \"x {{>b}}\\ny\\n\", \"b\": \"1\\n2\"}",
		     "  x 1\n2\n  y\n");
	/* sections repeat indented lines */
	check_render(" {{>a}}\n", "{\"l\": [1, 2]}",
		     "{\"a\": \"{{#l}}\\n<{{.}}>\\n{{/l}}\\n\"}",
		     " <1>\n <2>\n");
	/* blank lines of a partial are indented too, the end is not */
	check_render("\t{{>a}}", "{}", "{\"a\": \"x\\n\\ny\\n\"}",
		     "\tx\n\t\n\ty\n");
	/* layout with blocks, as the application uses it */
	check_render("{{<layout}}\n{{$title}}Hi{{/title}}\n"
		     "{{$body}}\n<p>{{msg}}</p>\n{{/body}}\n{{/layout}}\n",
		     "{\"msg\": \"a<b\"}",
		     "{\"layout\": \"<title>{{$title}}{{/title}}</title>\\n"
		     "<main>\\n  {{$body}}\\n  {{/body}}\\n</main>\\n\"}",
		     "<title>Hi</title>\n<main>\n  <p>a&lt;b</p>\n</main>\n");
}

static void test_set_and_render(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct buf out = BUF_INIT;
	json_t *ctx = json_pack("{s:s}", "who", "dunia");
	char *err = NULL;
	const char *page = "{{<layout}}{{$main}}Halo {{who}}{{/main}}{{/layout}}";

	(void)state;
	assert_int_equal(tpl_set_add(set, "layout", "<b>{{$main}}-{{/main}}</b>", 26, &err), 0);
	assert_int_equal(tpl_set_add(set, "page", page, strlen(page), &err), 0);
	assert_non_null(tpl_set_get(set, "page"));
	assert_null(tpl_set_get(set, "nope"));
	assert_int_equal(tpl_render(set, "page", ctx, &out), 0);
	assert_string_equal(out.ptr, "<b>Halo dunia</b>");
	/* unknown template: -1, out untouched */
	assert_int_equal(tpl_render(set, "nope", ctx, &out), -1);
	assert_string_equal(out.ptr, "<b>Halo dunia</b>");
	/* replacing a template */
	assert_int_equal(tpl_set_add(set, "layout", "[{{$main}}{{/main}}]", 20, &err), 0);
	buf_reset(&out);
	assert_int_equal(tpl_render(set, "page", ctx, &out), 0);
	assert_string_equal(out.ptr, "[Halo dunia]");
	/* a bad template leaves the set unchanged */
	assert_int_equal(tpl_set_add(set, "layout", "{{#x}}", 6, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, "layout: line 1: unclosed tag {{#x}}");
	free(err);
	buf_reset(&out);
	assert_int_equal(tpl_render(set, "page", ctx, &out), 0);
	assert_string_equal(out.ptr, "[Halo dunia]");
	/* many templates: the table grows */
	for (int i = 0; i < 300; i++) {
		char name[32], src[64];

		snprintf(name, sizeof name, "t%d", i);
		snprintf(src, sizeof src, "<%d>", i);
		assert_int_equal(tpl_set_add(set, name, src, strlen(src), NULL), 0);
	}
	buf_reset(&out);
	assert_int_equal(tpl_render(set, "t123", NULL, &out), 0);
	assert_string_equal(out.ptr, "<123>");
	json_decref(ctx);
	buf_release(&out);
	tpl_set_free(set);
	tpl_set_free(NULL);
	tpl_free(NULL);
}

static void test_limits(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct buf out = BUF_INIT;
	json_t *ctx = json_pack("{s:[i,i]}", "l", 1, 2);
	char *err = NULL;

	(void)state;
	/* endless recursion stops at the depth bound, output cut back */
	assert_int_equal(tpl_set_add(set, "r", "x{{>r}}", 7, NULL), 0);
	assert_int_equal(tpl_set_add(set, "p", "{{<p}}{{/p}}", 12, NULL), 0);
	assert_int_equal(tpl_set_add(set, "b", "{{<q}}{{$a}}<{{$a}}{{/a}}>{{/a}}{{/q}}", 38, NULL), 0);
	assert_int_equal(tpl_set_add(set, "q", "{{$a}}{{/a}}", 12, NULL), 0);
	buf_adds(&out, "keep");
	assert_int_equal(tpl_render(set, "r", ctx, &out), -1);
	assert_string_equal(out.ptr, "keep");
	assert_int_equal(tpl_render(set, "p", ctx, &out), -1);
	assert_int_equal(tpl_render(set, "b", ctx, &out), -1);
	assert_string_equal(out.ptr, "keep");
	/* data-bounded recursion is fine */
	assert_int_equal(tpl_render_string("{{#l}}{{#l}}{{.}}{{/l}}{{/l}}", ctx, NULL, &out, &err), 0);
	assert_string_equal(out.ptr, "keep1212");
	json_t *rec = json_pack("{s:s}", "r", "{{>r}}");
	assert_int_equal(tpl_render_string("{{>r}}", ctx, rec, &out, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	json_decref(rec);
	json_t *bad = json_pack("{s:i}", "p", 1);
	assert_int_equal(tpl_render_string("{{>p}}", ctx, bad, &out, &err), -1);
	assert_non_null(strstr(err, "not a string"));
	free(err);
	json_decref(bad);
	json_decref(ctx);
	buf_release(&out);
	tpl_set_free(set);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_load_dir(void **state)
{
	char dir[] = "/tmp/test_mustache.XXXXXX";
	struct tpl_set *set = tpl_set_new();
	struct buf p = BUF_INIT, out = BUF_INIT;
	char *err = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	buf_addf(&p, "%s/pemohon", dir);
	assert_int_equal(mkdir(p.ptr, 0700), 0);
	buf_reset(&p);
	buf_addf(&p, "%s/.hidden", dir);
	assert_int_equal(mkdir(p.ptr, 0700), 0);
	buf_reset(&p);
	buf_addf(&p, "%s/layout.mustache", dir);
	write_file(p.ptr, "<html>\n  {{$body}}{{/body}}\n</html>\n");
	buf_reset(&p);
	buf_addf(&p, "%s/pemohon/login.mustache", dir);
	write_file(p.ptr, "{{<layout}}{{$body}}<form>{{>pemohon/field}}</form>{{/body}}{{/layout}}\n");
	buf_reset(&p);
	buf_addf(&p, "%s/pemohon/field.mustache", dir);
	write_file(p.ptr, "<input name=\"{{name}}\">");
	buf_reset(&p);
	buf_addf(&p, "%s/notes.txt", dir);
	write_file(p.ptr, "{{#not a template");
	buf_reset(&p);
	buf_addf(&p, "%s/.hidden/x.mustache", dir);
	write_file(p.ptr, "{{#broken");

	assert_int_equal(tpl_set_load_dir(set, dir, &err), 0);
	assert_non_null(tpl_set_get(set, "layout"));
	assert_non_null(tpl_set_get(set, "pemohon/login"));
	assert_non_null(tpl_set_get(set, "pemohon/field"));
	assert_null(tpl_set_get(set, "notes"));
	assert_null(tpl_set_get(set, ".hidden/x"));
	json_t *ctx = json_pack("{s:s}", "name", "nik");
	assert_int_equal(tpl_render(set, "pemohon/login", ctx, &out), 0);
	assert_string_equal(out.ptr, "<html>\n  <form><input name=\"nik\"></form>\n</html>\n");
	json_decref(ctx);

	/* a broken file names itself */
	buf_reset(&p);
	buf_addf(&p, "%s/pemohon/bad.mustache", dir);
	write_file(p.ptr, "ok\n{{/x}}");
	assert_int_equal(tpl_set_load_dir(set, dir, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "pemohon/bad.mustache: line 2: closing tag {{/x}}"));
	free(err);
	err = NULL;
	assert_int_equal(tpl_set_load_dir(set, "/nonexistent/dir", &err), -1);
	assert_non_null(err);
	free(err);

	/* clean up */
	static const char *const files[] = {
		"pemohon/bad.mustache", "pemohon/field.mustache",
		"pemohon/login.mustache", "layout.mustache", "notes.txt",
		".hidden/x.mustache", "pemohon", ".hidden",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		buf_reset(&p);
		buf_addf(&p, "%s/%s", dir, files[i]);
		assert_int_equal(remove(p.ptr), 0);
	}
	assert_int_equal(rmdir(dir), 0);
	buf_release(&p);
	buf_release(&out);
	tpl_set_free(set);
}

struct thread_arg {
	const struct tpl_set *set;
	json_t *ctx;
	const char *expected;
	int bad;
};

static void *render_thread(void *p)
{
	struct thread_arg *a = p;
	struct buf out = BUF_INIT;

	for (int i = 0; i < 300; i++) {
		buf_reset(&out);
		if (tpl_render(a->set, "page", a->ctx, &out) != 0 ||
		    strcmp(out.ptr, a->expected) != 0)
			a->bad++;
	}
	buf_release(&out);
	return NULL;
}

static void test_threads(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct thread_arg args[8];
	pthread_t th[8];
	json_t *ctx = json_loads("{\"rows\": [{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]}", 0, NULL);
	const char *page = "{{<layout}}{{$body}}\n    {{#rows}}\n"
			   "    <li>{{n}}</li>\n    {{/rows}}\n{{/body}}{{/layout}}";
	const char *layout = "<ul>\n  {{$body}}\n  {{/body}}\n</ul>\n";

	(void)state;
	assert_int_equal(tpl_set_add(set, "page", page, strlen(page), NULL), 0);
	assert_int_equal(tpl_set_add(set, "layout", layout, strlen(layout), NULL), 0);
	for (int i = 0; i < 8; i++) {
		args[i] = (struct thread_arg){ set, ctx,
			"<ul>\n  <li>1</li>\n  <li>2</li>\n  <li>3</li>\n</ul>\n", 0 };
		assert_int_equal(pthread_create(&th[i], NULL, render_thread, &args[i]), 0);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 8; i++)
		assert_int_equal(args[i].bad, 0);
	json_decref(ctx);
	tpl_set_free(set);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest api_tests[] = {
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_indentation),
		cmocka_unit_test(test_set_and_render),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_threads),
	};
	const char *dir = argc > 1 ? argv[1] : getenv("MUSTACHE_SPEC_DIR");
	int failures, nfiles;

	if (!dir || !*dir)
		dir = DEFAULT_SPEC_DIR;
	failures = cmocka_run_group_tests_name("mustache api", api_tests, NULL, NULL);
	failures += run_spec_dir(dir, &nfiles);
	if (nfiles == 0) {
		fprintf(stderr, "no spec files found in %s\n", dir);
		failures++;
	}
	if (failures)
		fprintf(stderr, "test_mustache: %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
