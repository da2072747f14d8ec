// SPDX-License-Identifier: MIT
// Mustache engine: lexer and whitespace pass build an immutable node tree, rendered against jansson values.
#include "view/mustache.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"

/*
 * Overview.
 *
 * Parsing runs in four passes over the source:
 *  1. lex: split into text tokens (never longer than one line, so a token
 *     ends at the latest right after '\n') and tag tokens, following
 *     set-delimiter tags as they come;
 *  2. pair: match opening and closing tags, reject what does not balance;
 *  3. whitespace: decide which tags are standalone and trim the text
 *     tokens around them, remove the intrinsic indentation of blocks, and
 *     record the indentation of partials, parents and blocks;
 *  4. build: turn the tokens into a tree of nodes allocated in the
 *     template's arena, pointing into the arena's copy of the source.
 *
 * Standalone rules (spec, plus the inheritance rules of mustache/spec#131):
 *  - a section, inverted section, closing, comment, partial or
 *    set-delimiter tag alone on its line (only blanks around it) removes
 *    that whole line, line end included; a standalone partial renders
 *    with the removed blanks as indentation;
 *  - a parent pair {{<p}}...{{/p}} whose opening tag starts its line and
 *    whose closing tag ends its line is standalone as a whole, like a
 *    partial; text inside a parent outside its blocks is ignored;
 *  - a block {{$b}} directly inside a parent (an argument) owns the line
 *    end right after it when only blanks follow it; its closing tag
 *    swallows the blanks before it when only blanks precede it;
 *  - a block elsewhere (a parameter) follows the ordinary rule; a block
 *    pair alone on its line with nothing between the tags
 *    ("  {{$b}}{{/b}}\n") takes the blanks before it as indentation and
 *    keeps the line end;
 *  - a block whose opening tag owns its line end has intrinsic
 *    indentation: the blanks starting the next line. It is removed from
 *    every line of the block's content at parse time, and added again
 *    where the block is expanded (blocks nest: removal is cumulative).
 *
 * Rendering keeps the current indentation (the concatenation of the
 * indentation of the enclosing standalone partials, parents and blocks) in
 * a buffer. After a newline of template text, the indentation becomes
 * "pending" and is written before the next byte of output, so it never
 * trails at the end of a partial and never goes into interpolated values.
 */

#define NPOS ((size_t)-1)
#define NAME_MAX_SHOWN 40	/* longest name quoted in an error message */

/* ---- tree --------------------------------------------------------------- */

enum node_type { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL, N_PARENT, N_BLOCK };

struct node {
	enum node_type type;
	struct node *next;
	struct node *kids;	/* SECTION/INVERTED/BLOCK: body; PARENT: its arguments */
	const char *str;	/* TEXT: the text; PARTIAL/PARENT/BLOCK: the name (NUL-terminated) */
	size_t len;		/* length of str */
	const char **parts;	/* VAR/SECTION/INVERTED: dotted name split at '.' */
	size_t nparts;		/* 0 for the implicit iterator "." */
	const char *indent;	/* PARTIAL/PARENT/BLOCK: indentation added to each line */
	size_t indent_len;
	bool raw;		/* VAR: no HTML escaping */
	bool standalone;	/* PARTIAL/PARENT/BLOCK: its content starts on a fresh line */
	bool eats_line;		/* BLOCK: the line of its closing tag was removed */
};

struct tpl {
	struct arena *arena;
	struct node *root;
};

/* ---- lexer -------------------------------------------------------------- */

enum tok_type {
	T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_COMMENT,
	T_PARTIAL, T_PARENT, T_BLOCK, T_DELIM
};

struct tok {
	enum tok_type type;
	size_t start, end;	/* the whole token in the source */
	size_t nstart, nlen;	/* tags: the trimmed name */
	size_t kstart, kend;	/* text: the part kept by the whitespace pass */
	size_t match;		/* opening <-> closing tag */
	size_t indent, indent_len;	/* offset and length in the source */
	bool lclear, rclear;	/* only blanks between the tag and line start / end */
	bool arg;		/* T_BLOCK directly inside a T_PARENT */
	bool standalone, eats_line;
};

struct parser {
	const char *src;
	size_t len;
	struct tok *toks;
	size_t ntoks, cap;
	char *err;
};

static char *msgf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *msgf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b, NULL);
}

static void perr(struct parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(struct parser *p, size_t off, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	size_t i, line = 1;
	va_list ap;

	if (p->err)
		return;
	for (i = 0; i < off && i < p->len; i++)
		if (p->src[i] == '\n')
			line++;
	buf_addf(&b, "line %zu: ", line);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	p->err = buf_detach(&b, NULL);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* First occurrence of pat[0..plen) in s[from..len), or NPOS. */
static size_t find(const char *s, size_t from, size_t len, const char *pat,
		   size_t plen)
{
	const char *q;

	while (from < len && len - from >= plen) {
		q = memchr(s + from, pat[0], len - from - plen + 1);
		if (!q)
			return NPOS;
		from = (size_t)(q - s);
		if (memcmp(q, pat, plen) == 0)
			return from;
		from++;
	}
	return NPOS;
}

static struct tok *push_tok(struct parser *p, enum tok_type type, size_t start,
			    size_t end)
{
	struct tok *t;

	if (p->ntoks == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 64;

		t = realloc(p->toks, ncap * sizeof *t);
		if (!t)
			fatal("out of memory");
		p->toks = t;
		p->cap = ncap;
	}
	t = &p->toks[p->ntoks++];
	memset(t, 0, sizeof *t);
	t->type = type;
	t->start = start;
	t->end = end;
	t->match = NPOS;
	return t;
}

/* Text tokens end at the latest right after a '\n'. */
static void add_text(struct parser *p, size_t a, size_t b)
{
	const char *nl;

	while (a < b) {
		nl = memchr(p->src + a, '\n', b - a);
		if (!nl) {
			push_tok(p, T_TEXT, a, b);
			return;
		}
		push_tok(p, T_TEXT, a, (size_t)(nl - p->src) + 1);
		a = (size_t)(nl - p->src) + 1;
	}
}

/* {{=open close=}}: new delimiters, pointing into the source. */
static int set_delims(struct parser *p, size_t at, size_t a, size_t b,
		      const char **otag, size_t *olen, const char **ctag,
		      size_t *clen)
{
	const char *s = p->src;
	size_t i = a, j;

	while (i < b && !is_space(s[i]))
		i++;
	j = i;
	while (j < b && is_space(s[j]))
		j++;
	if (i == a || j == b || j == i) {
		perr(p, at, "set-delimiter tag needs two delimiters");
		return -1;
	}
	if (memchr(s + a, '=', i - a) || memchr(s + j, '=', b - j)) {
		perr(p, at, "delimiters must not contain '='");
		return -1;
	}
	for (size_t k = j; k < b; k++) {
		if (is_space(s[k])) {
			perr(p, at, "delimiters must not contain white space");
			return -1;
		}
	}
	*otag = s + a;
	*olen = i - a;
	*ctag = s + j;
	*clen = b - j;
	return 0;
}

static int lex(struct parser *p)
{
	const char *s = p->src, *otag = "{{", *ctag = "}}";
	size_t len = p->len, olen = 2, clen = 2, pos = 0;

	while (pos < len) {
		size_t o, c, nb, ne, q, end;
		enum tok_type type;
		struct tok *t;
		char sig, want;

		o = find(s, pos, len, otag, olen);
		if (o == NPOS) {
			add_text(p, pos, len);
			break;
		}
		add_text(p, pos, o);
		c = o + olen;
		sig = c < len ? s[c] : '\0';
		switch (sig) {
		case '{': type = T_RAW; break;
		case '&': type = T_RAW; break;
		case '#': type = T_SECTION; break;
		case '^': type = T_INVERTED; break;
		case '/': type = T_CLOSE; break;
		case '!': type = T_COMMENT; break;
		case '>': type = T_PARTIAL; break;
		case '<': type = T_PARENT; break;
		case '$': type = T_BLOCK; break;
		case '=': type = T_DELIM; break;
		default: type = T_VAR; break;
		}
		nb = type == T_VAR ? c : c + 1;
		if (sig == '{' || sig == '=') {
			/* needs '}' or '=' right before the closing delimiter */
			want = sig == '{' ? '}' : '=';
			q = nb;
			for (;;) {
				q = find(s, q, len, ctag, clen);
				if (q == NPOS || (q > nb && s[q - 1] == want))
					break;
				q++;
			}
			ne = q == NPOS ? q : q - 1;
		} else {
			q = find(s, nb, len, ctag, clen);
			ne = q;
		}
		if (q == NPOS) {
			perr(p, o, "unclosed tag");
			return -1;
		}
		end = q + clen;
		while (nb < ne && is_space(s[nb]))
			nb++;
		while (ne > nb && is_space(s[ne - 1]))
			ne--;
		if (type == T_DELIM) {
			if (set_delims(p, o, nb, ne, &otag, &olen, &ctag, &clen))
				return -1;
		} else if (type != T_COMMENT && nb == ne) {
			perr(p, o, "empty tag name");
			return -1;
		}
		t = push_tok(p, type, o, end);
		t->nstart = nb;
		t->nlen = ne - nb;
		pos = end;
	}
	return 0;
}

/* ---- pairing ------------------------------------------------------------ */

static char sigil(enum tok_type type)
{
	switch (type) {
	case T_SECTION: return '#';
	case T_INVERTED: return '^';
	case T_PARENT: return '<';
	case T_BLOCK: return '$';
	default: return '?';
	}
}

static int shown(size_t n)
{
	return n > NAME_MAX_SHOWN ? NAME_MAX_SHOWN : (int)n;
}

static int pair(struct parser *p)
{
	size_t stack[TPL_MAX_NEST], sp = 0, i, o;
	struct tok *t, *ot;

	for (i = 0; i < p->ntoks; i++) {
		t = &p->toks[i];
		switch (t->type) {
		case T_SECTION:
		case T_INVERTED:
		case T_PARENT:
		case T_BLOCK:
			if (sp == TPL_MAX_NEST) {
				perr(p, t->start, "sections nested deeper than %d",
				     TPL_MAX_NEST);
				return -1;
			}
			t->arg = t->type == T_BLOCK && sp &&
				 p->toks[stack[sp - 1]].type == T_PARENT;
			stack[sp++] = i;
			break;
		case T_CLOSE:
			if (sp == 0) {
				perr(p, t->start, "closing tag {{/%.*s}} without an opening tag",
				     shown(t->nlen), p->src + t->nstart);
				return -1;
			}
			o = stack[--sp];
			ot = &p->toks[o];
			if (ot->nlen != t->nlen ||
			    memcmp(p->src + ot->nstart, p->src + t->nstart, t->nlen)) {
				perr(p, t->start, "closing tag {{/%.*s}} does not match {{%c%.*s}}",
				     shown(t->nlen), p->src + t->nstart, sigil(ot->type),
				     shown(ot->nlen), p->src + ot->nstart);
				return -1;
			}
			ot->match = i;
			t->match = o;
			break;
		default:
			break;
		}
	}
	if (sp) {
		ot = &p->toks[stack[sp - 1]];
		perr(p, ot->start, "unclosed tag {{%c%.*s}}", sigil(ot->type),
		     shown(ot->nlen), p->src + ot->nstart);
		return -1;
	}
	return 0;
}

/* ---- whitespace --------------------------------------------------------- */

/* The blanks-only text token before tag i on its line, or NPOS. */
static size_t prev_blank(const struct parser *p, size_t i)
{
	const struct tok *t;

	if (!p->toks[i].lclear || i == 0)
		return NPOS;
	t = &p->toks[i - 1];
	if (t->type != T_TEXT || p->src[t->end - 1] == '\n')
		return NPOS;
	return i - 1;
}

/* The text token holding the blanks and line end after tag i, or NPOS. */
static size_t next_eol(const struct parser *p, size_t i)
{
	if (!p->toks[i].rclear || i + 1 >= p->ntoks ||
	    p->toks[i + 1].type != T_TEXT)
		return NPOS;
	return i + 1;
}

static void drop(struct parser *p, size_t i)
{
	if (i != NPOS)
		p->toks[i].kstart = p->toks[i].kend;
}

static void take_indent(struct parser *p, struct tok *t, size_t i)
{
	if (i == NPOS)
		return;
	t->indent = p->toks[i].kstart;
	t->indent_len = p->toks[i].kend - p->toks[i].kstart;
}

/*
 * Intrinsic indentation of the block opening at token i, which owns its
 * line end: the blanks starting the next line, less what the enclosing
 * blocks already remove (strip).
 */
static void intrinsic(const struct parser *p, size_t i, const struct buf *strip,
		      size_t *off, size_t *len)
{
	const char *s = p->src;
	size_t a = p->toks[i].end, b, k = 0;

	*off = 0;
	*len = 0;
	while (a < p->len && s[a] != '\n')
		a++;
	if (a >= p->len)
		return;
	a++;
	while (k < strip->len && a < p->len && s[a] == strip->ptr[k]) {
		a++;
		k++;
	}
	b = a;
	while (b < p->len && is_blank(s[b]))
		b++;
	*off = a;
	*len = b - a;
}

static void mark_clear(struct parser *p)
{
	const char *s = p->src;
	struct tok *t;
	size_t i, k;

	for (i = 0; i < p->ntoks; i++) {
		t = &p->toks[i];
		if (t->type == T_TEXT) {
			t->kstart = t->start;
			t->kend = t->end;
			continue;
		}
		k = t->start;
		while (k > 0 && is_blank(s[k - 1]))
			k--;
		t->lclear = k == 0 || s[k - 1] == '\n';
		k = t->end;
		while (k < p->len && is_blank(s[k]))
			k++;
		t->rclear = k == p->len || s[k] == '\n' ||
			    (s[k] == '\r' && k + 1 < p->len && s[k + 1] == '\n');
	}
}

static void whitespace(struct parser *p)
{
	struct buf strip = BUF_INIT;	/* indentation removed from each line */
	size_t stack[TPL_MAX_NEST], sp = 0, i, k, off, len, pv, nx;
	const char *s = p->src;
	struct tok *t, *o;
	bool alone;

	mark_clear(p);
	for (i = 0; i < p->ntoks; i++) {
		t = &p->toks[i];
		if (t->type == T_TEXT) {
			if (strip.len && (t->start == 0 || s[t->start - 1] == '\n')) {
				k = 0;
				while (k < strip.len && t->kstart < t->kend &&
				       s[t->kstart] == strip.ptr[k]) {
					t->kstart++;
					k++;
				}
			}
			continue;
		}
		alone = t->lclear && t->rclear;
		pv = prev_blank(p, i);
		nx = next_eol(p, i);
		switch (t->type) {
		case T_SECTION:
		case T_INVERTED:
		case T_COMMENT:
		case T_DELIM:
		case T_PARTIAL:
			if (alone) {
				t->standalone = true;
				take_indent(p, t, pv);
				drop(p, pv);
				drop(p, nx);
			}
			break;
		case T_BLOCK:
			stack[sp++] = strip.len;
			if (t->arg) {
				if (t->rclear) {
					drop(p, nx);
					intrinsic(p, i, &strip, &off, &len);
					buf_add(&strip, s + off, len);
				}
			} else if (alone) {
				t->standalone = true;
				drop(p, pv);
				drop(p, nx);
				intrinsic(p, i, &strip, &off, &len);
				t->indent = off;
				t->indent_len = len;
				buf_add(&strip, s + off, len);
			} else if (t->lclear && i + 1 < p->ntoks &&
				   p->toks[i + 1].match == i &&
				   p->toks[i + 1].rclear) {
				t->standalone = true;
				take_indent(p, t, pv);
				drop(p, pv);
			}
			break;
		case T_CLOSE:
			o = &p->toks[t->match];
			if (o->type == T_PARENT) {
				if (o->lclear && t->rclear) {
					o->standalone = true;
					k = prev_blank(p, t->match);
					take_indent(p, o, k);
					drop(p, k);
					drop(p, nx);
				}
			} else if (o->type == T_BLOCK) {
				buf_truncate(&strip, stack[--sp]);
				if (o->arg) {
					if (t->lclear)
						drop(p, pv);
				} else if (alone) {
					o->eats_line = true;
					drop(p, pv);
					drop(p, nx);
				}
			} else if (alone) {
				drop(p, pv);
				drop(p, nx);
			}
			break;
		default:
			break;
		}
	}
	buf_release(&strip);
}

/* ---- tree building ------------------------------------------------------ */

static struct node *new_node(struct arena *a, enum node_type type)
{
	struct node *n = arena_alloc(a, sizeof *n);

	n->type = type;
	return n;
}

static void set_name(struct arena *a, struct node *n, const char *s,
		     size_t len)
{
	n->str = arena_strndup(a, s, len);
	n->len = len;
}

static void set_path(struct arena *a, struct node *n, const char *s,
		     size_t len)
{
	size_t i, k, cnt = 1;

	if (len == 1 && s[0] == '.')
		return;		/* implicit iterator: nparts 0 */
	for (i = 0; i < len; i++)
		if (s[i] == '.')
			cnt++;
	n->parts = arena_alloc(a, cnt * sizeof *n->parts);
	n->nparts = cnt;
	for (i = 0, k = 0; k < cnt; k++) {
		size_t j = i;

		while (j < len && s[j] != '.')
			j++;
		n->parts[k] = arena_strndup(a, s + i, j - i);
		i = j + 1;
	}
}

static struct node *build(const struct parser *p, struct arena *a,
			  size_t from, size_t to);

/* A parent keeps only the blocks directly inside it. */
static struct node *build_args(const struct parser *p, struct arena *a,
			       size_t from, size_t to)
{
	struct node *head = NULL, **tail = &head, *n;
	const struct tok *t;
	size_t i = from;

	while (i < to) {
		t = &p->toks[i];
		if (t->type == T_BLOCK) {
			n = new_node(a, N_BLOCK);
			set_name(a, n, p->src + t->nstart, t->nlen);
			n->kids = build(p, a, i + 1, t->match);
			*tail = n;
			tail = &n->next;
		}
		if (t->match != NPOS && t->match > i)
			i = t->match + 1;
		else
			i++;
	}
	return head;
}

static struct node *build(const struct parser *p, struct arena *a,
			  size_t from, size_t to)
{
	struct node *head = NULL, **tail = &head, *n, *text = NULL;
	const char *s = p->src;
	const struct tok *t;
	size_t i = from;

	while (i < to) {
		t = &p->toks[i];
		n = NULL;
		switch (t->type) {
		case T_TEXT:
			if (t->kstart == t->kend)
				break;
			if (text && text->str + text->len == s + t->kstart) {
				text->len += t->kend - t->kstart;
				break;
			}
			n = new_node(a, N_TEXT);
			n->str = s + t->kstart;
			n->len = t->kend - t->kstart;
			break;
		case T_VAR:
		case T_RAW:
			n = new_node(a, N_VAR);
			n->raw = t->type == T_RAW;
			set_path(a, n, s + t->nstart, t->nlen);
			break;
		case T_SECTION:
		case T_INVERTED:
			n = new_node(a, t->type == T_SECTION ? N_SECTION : N_INVERTED);
			set_path(a, n, s + t->nstart, t->nlen);
			n->kids = build(p, a, i + 1, t->match);
			break;
		case T_PARTIAL:
		case T_PARENT:
		case T_BLOCK:
			n = new_node(a, t->type == T_PARTIAL ? N_PARTIAL :
				     t->type == T_PARENT ? N_PARENT : N_BLOCK);
			set_name(a, n, s + t->nstart, t->nlen);
			n->indent = s + t->indent;
			n->indent_len = t->indent_len;
			n->standalone = t->standalone;
			n->eats_line = t->eats_line;
			if (t->type == T_PARENT)
				n->kids = build_args(p, a, i + 1, t->match);
			else if (t->type == T_BLOCK)
				n->kids = build(p, a, i + 1, t->match);
			break;
		default:
			break;
		}
		if (n) {
			*tail = n;
			tail = &n->next;
			text = n->type == N_TEXT ? n : NULL;
		}
		if (t->match != NPOS && t->match > i)
			i = t->match + 1;
		else
			i++;
	}
	return head;
}

struct tpl *tpl_parse(const char *src, size_t len, char **err)
{
	struct parser p = { 0 };
	struct arena *a = arena_new();
	struct tpl *t;
	char *copy;

	copy = arena_alloc(a, len + 1);
	if (len)
		memcpy(copy, src, len);
	p.src = copy;
	p.len = len;
	if (lex(&p) || pair(&p)) {
		if (err)
			*err = p.err;
		else
			free(p.err);
		free(p.toks);
		arena_free(a);
		return NULL;
	}
	whitespace(&p);
	t = arena_alloc(a, sizeof *t);
	t->arena = a;
	t->root = build(&p, a, 0, p.ntoks);
	free(p.toks);
	return t;
}

void tpl_free(struct tpl *t)
{
	if (t)
		arena_free(t->arena);
}

/* ---- template sets ------------------------------------------------------ */

struct entry {
	struct entry *next;
	char *name;
	struct tpl *tpl;
};

struct tpl_set {
	struct entry **tab;
	size_t nbuckets, count;
};

static size_t hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

struct tpl_set *tpl_set_new(void)
{
	struct tpl_set *set = calloc(1, sizeof *set);

	if (!set)
		fatal("out of memory");
	set->nbuckets = 64;
	set->tab = calloc(set->nbuckets, sizeof *set->tab);
	if (!set->tab)
		fatal("out of memory");
	return set;
}

void tpl_set_free(struct tpl_set *set)
{
	struct entry *e, *ne;
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->nbuckets; i++) {
		for (e = set->tab[i]; e; e = ne) {
			ne = e->next;
			tpl_free(e->tpl);
			free(e->name);
			free(e);
		}
	}
	free(set->tab);
	free(set);
}

const struct tpl *tpl_set_get(const struct tpl_set *set, const char *name)
{
	const struct entry *e;

	if (!set || !name)
		return NULL;
	for (e = set->tab[hash(name) & (set->nbuckets - 1)]; e; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e->tpl;
	return NULL;
}

static void set_grow(struct tpl_set *set)
{
	size_t n = set->nbuckets * 2, i;
	struct entry **tab = calloc(n, sizeof *tab), *e, *ne;

	if (!tab)
		fatal("out of memory");
	for (i = 0; i < set->nbuckets; i++) {
		for (e = set->tab[i]; e; e = ne) {
			ne = e->next;
			e->next = tab[hash(e->name) & (n - 1)];
			tab[hash(e->name) & (n - 1)] = e;
		}
	}
	free(set->tab);
	set->tab = tab;
	set->nbuckets = n;
}

/* Takes ownership of t. */
static void set_put(struct tpl_set *set, const char *name, struct tpl *t)
{
	struct entry *e, **slot;

	slot = &set->tab[hash(name) & (set->nbuckets - 1)];
	for (e = *slot; e; e = e->next) {
		if (strcmp(e->name, name) == 0) {
			tpl_free(e->tpl);
			e->tpl = t;
			return;
		}
	}
	e = calloc(1, sizeof *e);
	if (!e)
		fatal("out of memory");
	e->name = strdup(name);
	if (!e->name)
		fatal("out of memory");
	e->tpl = t;
	e->next = *slot;
	*slot = e;
	if (++set->count > set->nbuckets)
		set_grow(set);
}

int tpl_set_add(struct tpl_set *set, const char *name, const char *src,
		size_t len, char **err)
{
	char *perr_msg = NULL;
	struct tpl *t = tpl_parse(src, len, &perr_msg);

	if (!t) {
		if (err)
			*err = msgf("%s: %s", name, perr_msg);
		free(perr_msg);
		return -1;
	}
	set_put(set, name, t);
	return 0;
}

static int read_file(const char *path, struct buf *b, char **err)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		if (err)
			*err = msgf("%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		buf_grow(b, 4096);
		n = fread(b->ptr + b->len, 1, 4096, f);
		b->len += n;
		b->ptr[b->len] = '\0';
		if (n < 4096)
			break;
	}
	if (ferror(f)) {
		if (err)
			*err = msgf("%s: read error", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

#define EXT ".mustache"
#define EXT_LEN (sizeof EXT - 1)
#define MAX_DIR_DEPTH 32

/* Walks dir/rel (rel is "" or ends with '/'). */
static int load_dir(struct tpl_set *set, const char *dir, struct buf *rel,
		    int depth, char **err)
{
	struct buf path = BUF_INIT, src = BUF_INIT;
	size_t rlen = rel->len, nlen;
	struct dirent *de;
	struct stat st;
	int rc = 0;
	DIR *d;

	buf_addf(&path, "%s/%s", dir, rel->ptr);
	d = opendir(path.ptr);
	if (!d) {
		if (err)
			*err = msgf("%s: %s", path.ptr, strerror(errno));
		buf_release(&path);
		return -1;
	}
	while (rc == 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		nlen = strlen(de->d_name);
		buf_truncate(rel, rlen);
		buf_adds(rel, de->d_name);
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, rel->ptr);
		if (stat(path.ptr, &st)) {
			if (err)
				*err = msgf("%s: %s", path.ptr, strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (depth >= MAX_DIR_DEPTH) {
				if (err)
					*err = msgf("%s: directories nested too deep", path.ptr);
				rc = -1;
			} else {
				buf_addc(rel, '/');
				rc = load_dir(set, dir, rel, depth + 1, err);
			}
		} else if (S_ISREG(st.st_mode) && nlen > EXT_LEN &&
			   strcmp(de->d_name + nlen - EXT_LEN, EXT) == 0) {
			char *msg = NULL;
			struct tpl *t;

			buf_reset(&src);
			rc = read_file(path.ptr, &src, err);
			if (rc == 0) {
				t = tpl_parse(src.ptr, src.len, &msg);
				if (!t) {
					if (err)
						*err = msgf("%s: %s", path.ptr, msg);
					free(msg);
					rc = -1;
				} else {
					buf_truncate(rel, rel->len - EXT_LEN);
					set_put(set, rel->ptr, t);
				}
			}
		}
	}
	closedir(d);
	buf_truncate(rel, rlen);
	buf_release(&path);
	buf_release(&src);
	return rc;
}

int tpl_set_load_dir(struct tpl_set *set, const char *dir, char **err)
{
	struct buf rel = BUF_INIT;
	int rc = load_dir(set, dir, &rel, 0, err);

	buf_release(&rel);
	return rc;
}

/* ---- rendering ---------------------------------------------------------- */

struct ctx {
	json_t *v;
	const struct ctx *up;
};

/* Parents being expanded, innermost first; the outermost override wins. */
struct chain {
	const struct node *parent;
	const struct chain *up;
};

struct rs {
	const struct tpl_set *set;
	struct buf *out;
	size_t out_start;
	struct buf ind;		/* ind.ptr[ind_start..ind.len) is the indentation */
	size_t ind_start;
	bool pend;		/* write ind.ptr[pend_off..+pend_len) before the next byte */
	size_t pend_off, pend_len;
	unsigned depth, nest;
	unsigned long steps;
	bool failed;
};

struct frame {
	size_t ind_start, ind_len;
};

enum frame_exit { EXIT_KEEP, EXIT_CLEAR, EXIT_OUTER };

static void set_pending(struct rs *rs)
{
	rs->pend = rs->ind.len > rs->ind_start;
	rs->pend_off = rs->ind_start;
	rs->pend_len = rs->ind.len - rs->ind_start;
}

/*
 * Enters a partial, parent or block. reset: its indentation does not
 * build on the current one (a partial that is not standalone); linestart:
 * its first line starts a fresh line.
 */
static void frame_enter(struct rs *rs, struct frame *f, bool reset,
			const char *add, size_t addlen, bool linestart)
{
	f->ind_start = rs->ind_start;
	f->ind_len = rs->ind.len;
	if (reset)
		rs->ind_start = rs->ind.len;
	buf_add(&rs->ind, add, addlen);
	if (linestart)
		set_pending(rs);
}

static void frame_leave(struct rs *rs, const struct frame *f,
			enum frame_exit how)
{
	buf_truncate(&rs->ind, f->ind_len);
	rs->ind_start = f->ind_start;
	switch (how) {
	case EXIT_OUTER:
		set_pending(rs);	/* the enclosing template goes on on a new line */
		break;
	case EXIT_CLEAR:
		rs->pend = false;
		break;
	case EXIT_KEEP:
		if (rs->pend && rs->pend_off + rs->pend_len > rs->ind.len)
			rs->pend = false;
		break;
	}
}

static bool enter(struct rs *rs, bool expansion)
{
	if (rs->nest >= TPL_MAX_STACK ||
	    (expansion && rs->depth >= TPL_MAX_DEPTH)) {
		rs->failed = true;
		return false;
	}
	rs->nest++;
	if (expansion)
		rs->depth++;
	return true;
}

static void leave(struct rs *rs, bool expansion)
{
	rs->nest--;
	if (expansion)
		rs->depth--;
}

static void put(struct rs *rs, const char *s, size_t n, bool html)
{
	if (n == 0 || rs->failed)
		return;
	if (rs->pend) {
		buf_add(rs->out, rs->ind.ptr + rs->pend_off, rs->pend_len);
		rs->pend = false;
	}
	if (html)
		buf_add_html(rs->out, s, n);
	else
		buf_add(rs->out, s, n);
	if (rs->out->len - rs->out_start > TPL_MAX_OUTPUT)
		rs->failed = true;
}

/* Template text: every line end makes the indentation pending. */
static void put_text(struct rs *rs, const char *s, size_t n)
{
	const char *nl;
	size_t k;

	if (!rs->pend && rs->ind.len == rs->ind_start) {
		put(rs, s, n, false);
		return;
	}
	while (n) {
		nl = memchr(s, '\n', n);
		k = nl ? (size_t)(nl - s) + 1 : n;
		put(rs, s, k, false);
		s += k;
		n -= k;
		if (nl)
			set_pending(rs);
	}
}

/* Shortest "%g" form that reads back as the same double. */
static int fmt_real(char *b, size_t size, double d)
{
	int prec, n = 0;

	for (prec = 1; prec <= 17; prec++) {
		n = snprintf(b, size, "%.*g", prec, d);
		if (strtod(b, NULL) == d)
			break;
	}
	return n;
}

static void put_value(struct rs *rs, json_t *v, bool raw)
{
	char tmp[64];
	const char *s;
	int n;

	switch (json_typeof(v)) {
	case JSON_STRING:
		put(rs, json_string_value(v), json_string_length(v), !raw);
		return;
	case JSON_INTEGER:
		n = snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT,
			     json_integer_value(v));
		s = tmp;
		break;
	case JSON_REAL:
		n = fmt_real(tmp, sizeof tmp, json_real_value(v));
		s = tmp;
		break;
	case JSON_TRUE:
		s = "true";
		n = 4;
		break;
	case JSON_FALSE:
		s = "false";
		n = 5;
		break;
	default:
		return;
	}
	if (n > 0)
		put(rs, s, (size_t)n, !raw);
}

static bool truthy(json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE:
		return false;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	default:
		return true;
	}
}

/*
 * The first part of a dotted name is searched up the context stack; the
 * others only inside what it found.
 */
static json_t *lookup(const struct ctx *cx, const struct node *n)
{
	json_t *v = NULL;
	size_t i;

	if (n->nparts == 0)
		return cx ? cx->v : NULL;
	for (; cx; cx = cx->up)
		if (json_is_object(cx->v) &&
		    (v = json_object_get(cx->v, n->parts[0])))
			break;
	for (i = 1; v && i < n->nparts; i++)
		v = json_is_object(v) ? json_object_get(v, n->parts[i]) : NULL;
	return v;
}

static void render_list(struct rs *rs, const struct node *n,
			const struct ctx *cx, const struct chain *ch);

static void render_section(struct rs *rs, const struct node *n,
			   const struct ctx *cx, const struct chain *ch)
{
	json_t *v = lookup(cx, n), *e;
	struct ctx sub;
	size_t i;

	if (n->type == N_INVERTED) {
		if (!truthy(v) && enter(rs, false)) {
			render_list(rs, n->kids, cx, ch);
			leave(rs, false);
		}
		return;
	}
	if (!truthy(v) || !enter(rs, false))
		return;
	sub.up = cx;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			sub.v = e;
			render_list(rs, n->kids, &sub, ch);
			if (rs->failed)
				break;
		}
	} else {
		sub.v = v;
		render_list(rs, n->kids, &sub, ch);
	}
	leave(rs, false);
}

/* Partials and parents: a parent adds its argument blocks to the chain. */
static void render_partial(struct rs *rs, const struct node *n,
			   const struct ctx *cx, const struct chain *ch)
{
	const struct tpl *t = tpl_set_get(rs->set, n->str);
	struct chain link = { n, ch };
	struct frame f;

	if (!t || !enter(rs, true))
		return;
	frame_enter(rs, &f, !n->standalone, n->indent, n->indent_len,
		    n->standalone);
	render_list(rs, t->root, cx, n->type == N_PARENT ? &link : ch);
	frame_leave(rs, &f, n->standalone ? EXIT_OUTER : EXIT_KEEP);
	leave(rs, true);
}

static void render_block(struct rs *rs, const struct node *n,
			 const struct ctx *cx, const struct chain *ch)
{
	const struct node *body = n->kids, *a;
	const struct chain *c;
	struct frame f;

	for (c = ch; c; c = c->up) {
		for (a = c->parent->kids; a; a = a->next) {
			if (strcmp(a->str, n->str) == 0) {
				body = a->kids;
				break;
			}
		}
	}
	if (!enter(rs, true))
		return;
	frame_enter(rs, &f, false, n->indent, n->indent_len, n->standalone);
	render_list(rs, body, cx, ch);
	frame_leave(rs, &f, n->eats_line ? EXIT_OUTER :
			    n->standalone ? EXIT_CLEAR : EXIT_KEEP);
	leave(rs, true);
}

static void render_list(struct rs *rs, const struct node *n,
			const struct ctx *cx, const struct chain *ch)
{
	json_t *v;

	for (; n && !rs->failed; n = n->next) {
		if (++rs->steps > TPL_MAX_STEPS) {
			rs->failed = true;
			return;
		}
		switch (n->type) {
		case N_TEXT:
			put_text(rs, n->str, n->len);
			break;
		case N_VAR:
			v = lookup(cx, n);
			if (v)
				put_value(rs, v, n->raw);
			break;
		case N_SECTION:
		case N_INVERTED:
			render_section(rs, n, cx, ch);
			break;
		case N_PARTIAL:
		case N_PARENT:
			render_partial(rs, n, cx, ch);
			break;
		case N_BLOCK:
			render_block(rs, n, cx, ch);
			break;
		}
	}
}

int tpl_render_tpl(const struct tpl *t, const struct tpl_set *set,
		   json_t *ctx, struct buf *out)
{
	struct ctx root = { ctx, NULL };
	struct rs rs = { 0 };

	rs.set = set;
	rs.out = out;
	rs.out_start = out->len;
	buf_init(&rs.ind);
	render_list(&rs, t->root, ctx ? &root : NULL, NULL);
	buf_release(&rs.ind);
	if (rs.failed) {
		buf_truncate(out, rs.out_start);
		return -1;
	}
	return 0;
}

int tpl_render(const struct tpl_set *set, const char *name, json_t *ctx,
	       struct buf *out)
{
	const struct tpl *t = tpl_set_get(set, name);

	if (!t)
		return -1;
	return tpl_render_tpl(t, set, ctx, out);
}

int tpl_render_string(const char *src, json_t *ctx, json_t *partials,
		      struct buf *out, char **err)
{
	struct tpl_set *set = tpl_set_new();
	struct tpl *t = NULL;
	const char *key;
	char *msg = NULL;
	json_t *val;
	int rc = -1;

	if (partials && !json_is_object(partials)) {
		if (err)
			*err = msgf("partials must be an object");
		goto out;
	}
	if (partials) {
		json_object_foreach(partials, key, val) {
			if (!json_is_string(val)) {
				if (err)
					*err = msgf("%s: partial is not a string", key);
				goto out;
			}
			if (tpl_set_add(set, key, json_string_value(val),
					json_string_length(val), err))
				goto out;
		}
	}
	t = tpl_parse(src, strlen(src), &msg);
	if (!t) {
		if (err)
			*err = msgf("template: %s", msg);
		free(msg);
		goto out;
	}
	rc = tpl_render_tpl(t, set, ctx, out);
	if (rc && err)
		*err = msgf("template: render bound exceeded");
out:
	tpl_free(t);
	tpl_set_free(set);
	return rc;
}
