// SPDX-License-Identifier: MIT
// Static files loaded into memory at start-up, served with ETag and caching.
#include <dirent.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "http/http.h"
#include "lib/log.h"

#define STATIC_MAX_FILE (4 * 1024 * 1024)

struct sfile {
	char *url;
	char *etag;        /* quoted strong validator */
	char ver[17];      /* short content hash for ?v= cache-busting */
	const char *type;
	unsigned char *data;
	size_t len;
};

static struct sfile *files;
static size_t nfiles, capfiles;

static const char *mime_of(const char *name)
{
	static const struct { const char *ext, *type; } tab[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < sizeof tab / sizeof tab[0]; i++)
		if (!strcmp(dot, tab[i].ext))
			return tab[i].type;
	return NULL;
}

static int add_file(const char *url, const char *path, const char *type)
{
	struct sfile *f;
	FILE *fp;
	struct stat st;
	unsigned char h[16];
	char hex[33];

	if (stat(path, &st) < 0 || st.st_size > STATIC_MAX_FILE)
		return -1;
	if (nfiles == capfiles) {
		capfiles = capfiles ? capfiles * 2 : 256;
		files = realloc(files, capfiles * sizeof *files);
		if (!files)
			fatal("out of memory");
	}
	f = &files[nfiles];
	f->data = malloc((size_t)st.st_size + 1);
	fp = fopen(path, "rb");
	if (!f->data || !fp || fread(f->data, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
		if (fp)
			fclose(fp);
		free(f->data);
		return -1;
	}
	fclose(fp);
	f->len = (size_t)st.st_size;
	f->url = strdup(url);
	f->type = type;
	crypto_generichash(h, sizeof h, f->data, f->len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	memcpy(f->ver, hex, 16);
	f->ver[16] = '\0';
	if (asprintf(&f->etag, "\"%s\"", hex) < 0 || !f->url)
		fatal("out of memory");
	nfiles++;
	return 0;
}

static int walk(const char *prefix, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[4096], url[4096];
		struct stat st;
		const char *type;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		snprintf(url, sizeof url, "%s%s", prefix, e->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < 4) {
				strncat(url, "/", sizeof url - strlen(url) - 1);
				n += walk(url, path, depth + 1) > 0;
			}
			continue;
		}
		type = mime_of(e->d_name);
		if (type && add_file(url, path, type) == 0)
			n++;
	}
	closedir(d);
	return n;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct sfile *)a)->url, ((const struct sfile *)b)->url);
}

int http_static_mount(const char *prefix, const char *dir)
{
	int n = walk(prefix, dir, 0);

	if (n < 0) {
		log_warn("static: cannot read %s", dir);
		return -1;
	}
	qsort(files, nfiles, sizeof *files, cmp_file);
	return 0;
}

static const struct sfile *find(const char *url)
{
	struct sfile key = { .url = (char *)(uintptr_t)url };

	return nfiles ? bsearch(&key, files, nfiles, sizeof *files, cmp_file) : NULL;
}

const char *http_static_version(const char *url)
{
	const struct sfile *f = find(url);

	return f ? f->ver : "";
}

void http_static(struct req *r)
{
	const struct sfile *f = find(r->path);
	const char *inm;

	if (!f) {
		http_error(r, 404, NULL);
		return;
	}
	http_add_header(r, MHD_HTTP_HEADER_ETAG, f->etag);
	http_add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
			http_query(r, "v") ? "public, max-age=31536000, immutable" : "public, max-age=3600");
	inm = http_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm && strstr(inm, f->etag)) {
		r->status = 304;
		return;
	}
	r->status = 200;
	r->content_type = f->type;
	r->static_body = f->data;
	r->static_len = f->len;
}
