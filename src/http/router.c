// SPDX-License-Identifier: MIT
// Route matching: literal segments, {} for one segment, a final * for the rest.
#include <string.h>

#include "http/http.h"

/* Matches path against pattern; on success stores {} and * captures. */
static int match(const char *pat, const char *path, struct req *r)
{
	int nargs = 0;

	while (*pat && *path) {
		if (pat[0] == '*' && pat[1] == '\0') {
			if (nargs < HTTP_MAX_ARGS && r)
				r->args[nargs] = arena_strdup(r->a, path);
			nargs++;
			path += strlen(path);
			pat++;
			break;
		}
		if (pat[0] == '{' && pat[1] == '}') {
			size_t n = strcspn(path, "/");

			if (n == 0)
				return 0;
			if (nargs < HTTP_MAX_ARGS && r)
				r->args[nargs] = arena_strndup(r->a, path, n);
			nargs++;
			path += n;
			pat += 2;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	if (*pat || *path)
		return 0;
	if (r)
		r->nargs = nargs < HTTP_MAX_ARGS ? nargs : HTTP_MAX_ARGS;
	return nargs <= HTTP_MAX_ARGS;
}

const struct route *http_route(const struct route *routes, size_t n, enum http_method m,
			       const char *path, struct req *r, int *status, unsigned *allow)
{
	size_t i;

	*allow = 0;
	for (i = 0; i < n; i++) {
		unsigned methods = routes[i].methods;

		if (methods & HTTP_GET)
			methods |= HTTP_HEAD;
		if (!match(routes[i].pattern, path, NULL))
			continue;
		if (methods & m) {
			match(routes[i].pattern, path, r);
			*status = 200;
			return &routes[i];
		}
		*allow |= methods;
	}
	*status = *allow ? 405 : 404;
	return NULL;
}
