// SPDX-License-Identifier: MIT
// Mustache templates (spec with inheritance, no lambdas): parsed once, rendered often against jansson values.
#ifndef LOKET_VIEW_MUSTACHE_H
#define LOKET_VIEW_MUSTACHE_H

#include <stddef.h>

#include <jansson.h>

struct buf;

/*
 * Conventions for the whole module:
 *  - a parsed template (struct tpl) and a filled template set (struct
 *    tpl_set) are immutable while rendering: any number of threads may
 *    render from the same set at once; the render functions keep all their
 *    state on the caller's stack and only read the json_t context;
 *  - functions that can fail return NULL or -1 and, when err is not NULL,
 *    store a malloc'd message in *err that the caller frees (on success
 *    *err is left alone); parse messages carry the 1-based line number;
 *  - the parser never crashes on bad input: unclosed tags, unbalanced or
 *    mismatched sections, bad set-delimiter tags, empty names and nesting
 *    deeper than TPL_MAX_NEST are reported as errors;
 *  - {{name}} is HTML-escaped (buf_add_html); {{{name}}} and {{&name}} are
 *    the explicit opt-in for raw output;
 *  - values: strings as they are, integers as "%lld", reals in the shortest
 *    "%g" form that reads back to the same double (1.210 -> "1.21"), true
 *    and false as "true"/"false", null, objects and arrays as "";
 *  - sections: null, false, "" and [] are falsey and a missing name is
 *    falsey; arrays iterate; any other value is pushed once on the context
 *    stack (numbers, including 0, are truthy);
 *  - partials {{>name}} and parents {{<name}} are looked up by name in the
 *    set at render time; an unknown name renders as "" (as the spec wants);
 *  - rendering is bounded: partials/parents/blocks nest at most
 *    TPL_MAX_DEPTH deep, sections and expansions together TPL_MAX_STACK
 *    deep, and one render may visit at most TPL_MAX_STEPS nodes and append
 *    at most TPL_MAX_OUTPUT bytes; past a bound the render fails with -1
 *    (so recursive partials cannot overflow the stack or run forever).
 */

#define TPL_MAX_NEST 100		/* sections/blocks/parents in one template */
#define TPL_MAX_DEPTH 64		/* nested partial/parent/block expansions */
#define TPL_MAX_STACK 512		/* nested sections plus expansions */
#define TPL_MAX_STEPS 20000000UL	/* nodes visited in one render */
#define TPL_MAX_OUTPUT (256UL << 20)	/* bytes appended by one render */

struct tpl;
struct tpl_set;

/* Parses src[0..len) (NUL bytes allowed). NULL on error with *err set. */
struct tpl *tpl_parse(const char *src, size_t len, char **err);
/* NULL is a no-op. */
void tpl_free(struct tpl *t);

struct tpl_set *tpl_set_new(void);
/* Frees the set and every template in it. NULL is a no-op. */
void tpl_set_free(struct tpl_set *set);
/*
 * Parses src and stores it under name, replacing (and freeing) a template
 * of the same name. Returns 0, or -1 with *err = "NAME: line N: ..." and
 * the set unchanged.
 */
int tpl_set_add(struct tpl_set *set, const char *name, const char *src,
		size_t len, char **err);
/*
 * Adds every regular file named *.mustache below dir, recursively (names
 * starting with '.' are skipped), under its path relative to dir without
 * the extension: dir/layout.mustache is "layout", dir/pemohon/login.mustache
 * is "pemohon/login". Stops at the first unreadable file or parse error and
 * returns -1 with *err naming it; templates added before stay in the set.
 */
int tpl_set_load_dir(struct tpl_set *set, const char *dir, char **err);
/* The template stored under name, or NULL. */
const struct tpl *tpl_set_get(const struct tpl_set *set, const char *name);

/*
 * Appends the template called name, rendered against ctx (may be NULL), to
 * out. Returns 0, or -1 when name is not in the set or a render bound was
 * hit; on -1 out is cut back to its length at the call.
 */
int tpl_render(const struct tpl_set *set, const char *name, json_t *ctx,
	       struct buf *out);
/* Same for an already parsed template; partials come from set (may be NULL). */
int tpl_render_tpl(const struct tpl *t, const struct tpl_set *set,
		   json_t *ctx, struct buf *out);
/*
 * Convenience for tests and one-off strings: parses the NUL-terminated src
 * and each string member of partials (an object name -> template source, or
 * NULL) and renders src against ctx. Returns 0 or -1 with *err set (parse
 * error, a partial that is not a string, or a render bound).
 */
int tpl_render_string(const char *src, json_t *ctx, json_t *partials,
		      struct buf *out, char **err);

#endif
