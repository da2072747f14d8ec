// SPDX-License-Identifier: MIT
// libFuzzer harness: parses the input as a Mustache template and renders it against a fixed context.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/buf.h"
#include "view/mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char context_json[] =
	"{\"name\": \"<b>&'\\\"\", \"n\": 42, \"r\": 1.25, \"t\": true, "
	"\"f\": false, \"z\": null, \"e\": \"\", \"o\": {\"a\": {\"b\": \"deep\"}}, "
	"\"list\": [1, \"two\", {\"name\": \"three\", \"list\": [4]}, [5, 6]], "
	"\"empty\": []}";

/* Fixed partials that reach back into the input ("self"). */
static const struct {
	const char *name, *src;
} partials[] = {
	{ "p", "[{{name}}]\n  {{>self}}\n" },
	{ "layout", "<h>{{$title}}T{{/title}}</h>\n  {{$body}}\n  {{/body}}\n" },
	{ "wrap", "{{<layout}}{{$body}}\n    {{>self}}\n{{/body}}{{/layout}}" },
	{ "loop", "{{#list}}{{>self}}{{/list}}" },
};

static json_t *context(void)
{
	static json_t *ctx;

	/* built once; rendering only reads it */
	if (!ctx)
		ctx = json_loads(context_json, 0, NULL);
	return ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	struct buf out = BUF_INIT;
	struct tpl_set *set;
	struct tpl *t;
	char *err = NULL;
	size_t i;

	/* parse-only path, with and without an error message */
	t = tpl_parse(src, size, &err);
	if (!t) {
		if (!err)
			abort();	/* failure must come with a message */
		free(err);
		return 0;
	}
	tpl_render_tpl(t, NULL, context(), &out);
	buf_reset(&out);
	tpl_free(t);

	/* the same input as a named template among partials */
	set = tpl_set_new();
	if (tpl_set_add(set, "self", src, size, NULL))
		abort();	/* parsed above, must parse again */
	for (i = 0; i < sizeof partials / sizeof partials[0]; i++)
		if (tpl_set_add(set, partials[i].name, partials[i].src,
				strlen(partials[i].src), NULL))
			abort();
	tpl_render(set, "self", context(), &out);
	buf_reset(&out);
	tpl_render(set, "wrap", context(), &out);
	buf_reset(&out);
	tpl_render(set, "p", NULL, &out);
	buf_release(&out);
	tpl_set_free(set);
	return 0;
}
