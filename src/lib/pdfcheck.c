// SPDX-License-Identifier: MIT
// Walks every object qpdf reads from a PDF and reports scripts, automatic actions and attachments.
#include "lib/pdfcheck.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

#include "lib/isolate.h"

/* Keys that exist only for active content, wherever they appear. */
static const char *const bad_keys[] = {
	"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/RichMediaContent", "/XFA",
};

/* Name values that exist only for active content: action types (/S),
 * stream and annotation types (/Type, /Subtype). */
static const char *const bad_names[] = {
	"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/RichMediaExecute",
	"/EmbeddedFile", "/FileAttachment", "/RichMedia",
};

static const char *const check_names[PDFCHECK__MAX] = {
	[PDFCHECK_CLEAN] = "clean",
	[PDFCHECK_ACTIVE] = "active",
	[PDFCHECK_UNREADABLE] = "unreadable",
	[PDFCHECK_FAILED] = "failed",
};

/*
 * Objects walked or waiting, as (number, generation) keys: an
 * open-addressing table, doubled at half full. Marking an object when it is
 * queued (not when walked) is what ends reference cycles.
 */
struct seen {
	uint64_t *slot;		/* cap entries, SEEN_EMPTY where free */
	size_t cap, n;
};

#define SEEN_EMPTY UINT64_MAX

struct walk {
	qpdf_data q;
	struct seen seen;
	uint64_t *todo;		/* queued objects not walked yet (a stack) */
	size_t ntodo, captodo;
	size_t objects;		/* objects queued in all, at most PDFCHECK_MAX_OBJECTS */
	size_t values;		/* values walked in all, at most PDFCHECK_MAX_VALUES */
	char *keys;		/* a stack of the keys of the dictionaries being walked,
				   each ended by a NUL (see push_keys) */
	size_t nkeys, capkeys;
	int obj;		/* the object being walked, for why */
	enum pdfcheck rc;	/* the first finding; the walk stops once it is set */
	struct pdfcheck_why why;
};

static uint64_t obj_key(int id, int gen)
{
	return (uint64_t)(uint32_t)id << 32 | (uint32_t)gen;
}

static size_t slot_of(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

static void seen_put(struct seen *s, uint64_t key)
{
	size_t i = slot_of(key, s->cap);

	while (s->slot[i] != SEEN_EMPTY && s->slot[i] != key)
		i = (i + 1) & (s->cap - 1);
	if (s->slot[i] == SEEN_EMPTY) {
		s->slot[i] = key;
		s->n++;
	}
}

static int seen_has(const struct seen *s, uint64_t key)
{
	size_t i;

	if (!s->cap)
		return 0;
	for (i = slot_of(key, s->cap); s->slot[i] != SEEN_EMPTY; i = (i + 1) & (s->cap - 1))
		if (s->slot[i] == key)
			return 1;
	return 0;
}

/* Adds key; 0, or -1 when memory runs out. */
static int seen_add(struct seen *s, uint64_t key)
{
	if ((s->n + 1) * 2 > s->cap) {
		struct seen bigger = { NULL, s->cap ? s->cap * 2 : 1024, 0 };
		size_t i;

		bigger.slot = malloc(bigger.cap * sizeof *bigger.slot);
		if (!bigger.slot)
			return -1;
		memset(bigger.slot, 0xff, bigger.cap * sizeof *bigger.slot);
		for (i = 0; i < s->cap; i++)
			if (s->slot[i] != SEEN_EMPTY)
				seen_put(&bigger, s->slot[i]);
		free(s->slot);
		*s = bigger;
	}
	seen_put(s, key);
	return 0;
}

static void found(struct walk *w, enum pdfcheck rc, const char *what)
{
	if (w->rc != PDFCHECK_CLEAN)
		return;
	w->rc = rc;
	w->why.what = what;
	w->why.obj = w->obj;
}

/* Queues object id gen unless it was seen; counts it against the cap. */
static void queue(struct walk *w, int id, int gen)
{
	uint64_t key = obj_key(id, gen);

	if (id <= 0 || gen < 0 || seen_has(&w->seen, key))
		return;
	if (++w->objects > PDFCHECK_MAX_OBJECTS) {
		found(w, PDFCHECK_UNREADABLE, "too many objects");
		return;
	}
	if (w->ntodo == w->captodo) {
		size_t cap = w->captodo ? w->captodo * 2 : 256;
		uint64_t *t = realloc(w->todo, cap * sizeof *t);

		if (!t) {
			found(w, PDFCHECK_UNREADABLE, "out of memory");
			return;
		}
		w->todo = t;
		w->captodo = cap;
	}
	if (seen_add(&w->seen, key) < 0) {
		found(w, PDFCHECK_UNREADABLE, "out of memory");
		return;
	}
	w->todo[w->ntodo++] = key;
}

static const char *listed(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return list[i];
	return NULL;
}

#define LISTED(name, list) listed(name, list, sizeof list / sizeof list[0])

/*
 * Pushes the keys of dictionary oh on the walk's key stack and returns
 * where they start; the caller pops them by setting nkeys back to that. They
 * are copied before any value is looked at: qpdf has one key iterator per
 * document, which looking into a nested dictionary would restart. Being
 * one array, the stack may move: hold offsets into it, not pointers,
 * across a nested walk.
 */
static size_t push_keys(struct walk *w, qpdf_oh oh)
{
	size_t start = w->nkeys;

	qpdf_oh_begin_dict_key_iter(w->q, oh);
	while (qpdf_oh_dict_more_keys(w->q)) {
		const char *k = qpdf_oh_dict_next_key(w->q);
		size_t n = strlen(k) + 1;

		if (w->nkeys + n > w->capkeys) {
			size_t cap = (w->capkeys ? w->capkeys : 1024) * 2 + n;
			char *p = realloc(w->keys, cap);

			if (!p) {
				found(w, PDFCHECK_UNREADABLE, "out of memory");
				w->nkeys = start;
				break;
			}
			w->keys = p;
			w->capkeys = cap;
		}
		memcpy(w->keys + w->nkeys, k, n);
		w->nkeys += n;
	}
	return start;
}

/*
 * What an automatic trigger (/OpenAction, an entry of /AA) may do: go to a
 * place in this document, as a destination array or a lone /GoTo action
 * (hyperref writes /OpenAction << /S /GoTo /D (page.1) >>). Anything else
 * runs without a click: a script, a program, a web address, printing.
 */
static int goes_to_a_page(qpdf_data q, qpdf_oh v)
{
	qpdf_oh s, next;
	int ok;

	if (qpdf_oh_is_array(q, v) || qpdf_oh_is_null(q, v))
		return 1;
	if (!qpdf_oh_is_dictionary(q, v))
		return 0;
	s = qpdf_oh_get_key(q, v, "/S");
	next = qpdf_oh_get_key(q, v, "/Next");
	ok = qpdf_oh_is_name_and_equals(q, s, "/GoTo") && qpdf_oh_is_null(q, next);
	qpdf_oh_release(q, s);
	qpdf_oh_release(q, next);
	return ok;
}

/* Every entry of an /AA dictionary is an action that goes to a page (an
 * empty /AA is fine). Entries must be actions: a bare destination, valid
 * only for /OpenAction, is refused here rather than guessed at. */
static int triggers_go_to_a_page(struct walk *w, qpdf_oh aa)
{
	size_t start, off;
	int ok = 1;

	if (!qpdf_oh_is_dictionary(w->q, aa))
		return qpdf_oh_is_null(w->q, aa);
	start = push_keys(w, aa);
	for (off = start; ok && off < w->nkeys; off += strlen(w->keys + off) + 1) {
		qpdf_oh v = qpdf_oh_get_key(w->q, aa, w->keys + off);

		ok = goes_to_a_page(w->q, v) && !qpdf_oh_is_array(w->q, v);
		qpdf_oh_release(w->q, v);
	}
	w->nkeys = start;
	return ok;
}

/* The rules that look at a key together with its value. */
static void check_key(struct walk *w, const char *key, qpdf_oh v)
{
	const char *bad = LISTED(key, bad_keys);

	if (bad)
		found(w, PDFCHECK_ACTIVE, bad);
	else if (!strcmp(key, "/OpenAction") && !goes_to_a_page(w->q, v))
		found(w, PDFCHECK_ACTIVE, "/OpenAction");
	else if (!strcmp(key, "/AA") && !triggers_go_to_a_page(w, v))
		found(w, PDFCHECK_ACTIVE, "/AA");
}

static void walk_value(struct walk *w, qpdf_oh oh, int depth);

static void walk_dict(struct walk *w, qpdf_oh oh, int depth)
{
	size_t start = push_keys(w, oh), end = w->nkeys, off;

	for (off = start; off < end && w->rc == PDFCHECK_CLEAN; off += strlen(w->keys + off) + 1) {
		/* qpdf keeps #00 in a name as written, so every key is a C
		 * string and is found again by it */
		qpdf_oh v = qpdf_oh_get_key(w->q, oh, w->keys + off);

		check_key(w, w->keys + off, v);
		walk_value(w, v, depth + 1);
		qpdf_oh_release(w->q, v);
	}
	w->nkeys = start;
}

static void walk_array(struct walk *w, qpdf_oh oh, int depth)
{
	int i, n = qpdf_oh_get_array_n_items(w->q, oh);

	for (i = 0; i < n && w->rc == PDFCHECK_CLEAN; i++) {
		qpdf_oh it = qpdf_oh_get_array_item(w->q, oh, i);

		walk_value(w, it, depth + 1);
		qpdf_oh_release(w->q, it);
	}
}

/* depth 0 is an object itself; below it a reference is queued, not followed. */
static void walk_value(struct walk *w, qpdf_oh oh, int depth)
{
	const char *bad;

	if (w->rc != PDFCHECK_CLEAN)
		return;
	if (++w->values > PDFCHECK_MAX_VALUES) {
		found(w, PDFCHECK_UNREADABLE, "too many values");
		return;
	}
	if (depth > 0 && qpdf_oh_is_indirect(w->q, oh)) {
		queue(w, qpdf_oh_get_object_id(w->q, oh), qpdf_oh_get_generation(w->q, oh));
		return;
	}
	if (depth > PDFCHECK_MAX_DEPTH) {
		found(w, PDFCHECK_UNREADABLE, "nested too deep");
		return;
	}
	switch (qpdf_oh_get_type_code(w->q, oh)) {
	case ot_name:
		if ((bad = LISTED(qpdf_oh_get_name(w->q, oh), bad_names)))
			found(w, PDFCHECK_ACTIVE, bad);
		break;
	case ot_array:
		walk_array(w, oh, depth);
		break;
	case ot_dictionary:
		walk_dict(w, oh, depth);
		break;
	case ot_stream: {
		qpdf_oh d = qpdf_oh_get_dict(w->q, oh);

		walk_dict(w, d, depth);
		qpdf_oh_release(w->q, d);
		break;
	}
	default:
		break;
	}
}

/*
 * Repairs after which qpdf has lost nothing: the cross-reference table
 * rebuilt from the objects in the file (as viewers do), a stream length
 * counted again, a wrong /Size (poppler's pdfunite writes one). Matched at
 * the start of qpdf's warning text (qpdf 11).
 */
static const char *const repairs[] = {
	"file is damaged", "xref not found", "can't find startxref", "Attempting to reconstruct cross-reference table",
	"expected n n obj", "expected endstream", "attempting to recover stream length", "recovered stream length",
	"reported number of objects",
};

/*
 * 1 when qpdf reported damage other than those repairs since the last call.
 * It does not fail then: it reads what it cannot parse as null, an empty
 * array or a string and warns, also when an object stream does not decode
 * or memory ran out ("error reading object: std::bad_alloc"). A viewer may
 * read those bytes otherwise, so they count against the file; so does a
 * warning this qpdf words differently (failing closed). Taking the warnings
 * also frees them as the walk goes.
 */
static int damaged(qpdf_data q)
{
	int bad = qpdf_has_error(q);

	while (qpdf_more_warnings(q)) {
		const char *d = qpdf_get_error_message_detail(q, qpdf_next_warning(q));
		size_t i, n = sizeof repairs / sizeof repairs[0];

		for (i = 0; i < n && strncmp(d ? d : "", repairs[i], strlen(repairs[i])); i++)
			;
		if (i == n)
			bad = 1;
	}
	return bad;
}

/* Walks the queued objects, the last queued first. */
static void drain(struct walk *w)
{
	while (w->ntodo && w->rc == PDFCHECK_CLEAN) {
		uint64_t key = w->todo[--w->ntodo];
		qpdf_oh oh;

		w->obj = (int)(key >> 32);
		oh = qpdf_get_object_by_id(w->q, w->obj, (int)(uint32_t)key);
		walk_value(w, oh, 0);
		qpdf_oh_release(w->q, oh);
		if (damaged(w->q))
			found(w, PDFCHECK_UNREADABLE, "damaged beyond repair");
	}
}

/* The trailer's /Size: one more than the highest object number. */
static long long trailer_size(qpdf_data q, qpdf_oh trailer)
{
	qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
	long long n = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value(q, size) : 0;

	qpdf_oh_release(q, size);
	return n;
}

enum pdfcheck pdf_check_in_process(const void *data, size_t len, struct pdfcheck_why *why)
{
	struct walk w;
	qpdf_oh trailer;
	long long size, id;

	memset(&w, 0, sizeof w);
	w.q = qpdf_init();
	qpdf_silence_errors(w.q);
	qpdf_set_suppress_warnings(w.q, QPDF_TRUE);
	if (!data || !len || (qpdf_read_memory(w.q, "upload", data, len, "") & QPDF_ERRORS)) {
		found(&w, PDFCHECK_UNREADABLE, "not a PDF qpdf can read");
		goto out;
	}
	trailer = qpdf_get_trailer(w.q);
	size = trailer_size(w.q, trailer);
	if (size > PDFCHECK_MAX_OBJECTS) {
		found(&w, PDFCHECK_UNREADABLE, "/Size over the limit");
		goto out;
	}
	/* what a viewer reaches, then whatever else the file numbers */
	walk_value(&w, trailer, 0);
	qpdf_oh_release(w.q, trailer);
	drain(&w);
	for (id = 1; id < size && w.rc == PDFCHECK_CLEAN; id++) {
		queue(&w, (int)id, 0);
		drain(&w);
	}
	if (damaged(w.q))
		found(&w, PDFCHECK_UNREADABLE, "damaged beyond repair");
out:
	if (why)
		*why = w.rc == PDFCHECK_CLEAN ? (struct pdfcheck_why){ "", 0 } : w.why;
	/* taking the error clears it; qpdf_cleanup would print it otherwise */
	if (qpdf_has_error(w.q))
		(void)qpdf_get_error(w.q);
	qpdf_cleanup(&w.q);
	free(w.seen.slot);
	free(w.todo);
	free(w.keys);
	return w.rc;
}

/* What the child sends back; why.what points into the image both share. */
struct verdict {
	enum pdfcheck rc;
	struct pdfcheck_why why;
};

struct job {
	const void *data;
	size_t len;
};

static void check_in_child(void *arg, void *out, size_t outsz)
{
	const struct job *j = arg;
	struct verdict *v = out;

	(void)outsz;
	v->rc = pdf_check_in_process(j->data, j->len, &v->why);
}

enum pdfcheck pdf_check(const void *data, size_t len, struct pdfcheck_why *why)
{
	static const struct isolate_limits lim = { PDFCHECK_MEMORY, PDFCHECK_CPU_SECONDS, PDFCHECK_WALL_SECONDS };

	return pdf_check_limits(data, len, &lim, why);
}

enum pdfcheck pdf_check_limits(const void *data, size_t len, const struct isolate_limits *lim,
			       struct pdfcheck_why *why)
{
	struct job j = { data, len };
	struct verdict v;
	enum isolate_rc r;

	r = isolate_run(check_in_child, &j, &v, sizeof v, lim);
	if (r == ISOLATE_FAILED)
		v = (struct verdict){ PDFCHECK_FAILED, { "no child process", 0 } };
	else if (r != ISOLATE_OK || v.rc < PDFCHECK_CLEAN || v.rc >= PDFCHECK_FAILED)
		v = (struct verdict){ PDFCHECK_UNREADABLE, { "over the memory or time limit, or crashed", 0 } };
	if (why)
		*why = v.why;
	return v.rc;
}

const char *pdf_check_name(enum pdfcheck r)
{
	return r >= 0 && r < PDFCHECK__MAX ? check_names[r] : "?";
}
