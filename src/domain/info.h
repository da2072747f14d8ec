// SPDX-License-Identifier: MIT
// What the office publishes: information posts (umum, rahasia, sistem) and downloadable forms.
#ifndef LOKET_INFO_H
#define LOKET_INFO_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"

/*
 * Kinds of post: umum is for everyone; rahasia only for logged-in readers
 * (applicants, and officers); sistem is written by the program itself
 * (catalog_post_closures) and usually ends (berakhir_at).
 */
enum info_jenis { INFO_UMUM, INFO_RAHASIA, INFO_SISTEM, INFO__MAX };

extern const char *const info_jenis_names[INFO__MAX];

/* INFO__MAX when s names no kind. */
enum info_jenis info_jenis_from(const char *s);

/*
 * The posts a reader sees at instant now (UTC): published (terbit_at <= now),
 * not ended (berakhir_at NULL or later than now), and rahasia ones only when
 * rahasia is non-zero. Newest first, offset skipped, at most limit, as
 * [{id, jenis, judul, isi (Markdown), terbit_at}]. *total, when total is
 * not NULL, receives the number of such posts (one more query: pass NULL
 * on the Home page). NULL on a storage error (logged). Caller owns.
 */
json_t *info_list(struct db *db, int rahasia, time_t now, long offset, long limit, int64_t *total);

/*
 * Home's newest posts: the first n of info_list, each with "ringkasan"
 * (info_excerpt of its text, max characters) in place of "isi":
 * [{id, jenis, judul, ringkasan, terbit_at}]. Excerpts are remembered per
 * post and text, so a busy Home parses no Markdown. NULL on a storage
 * error. Caller owns.
 */
json_t *info_latest(struct db *db, int rahasia, time_t now, long n, size_t max);

/*
 * One post under the rules of info_list, same shape. Returns 0 and sets
 * *out (caller owns), 1 when there is no such post for this reader (an
 * unknown id and a hidden one read the same), -1 on a storage error.
 */
int info_get(struct db *db, int64_t id, int rahasia, time_t now, json_t **out);

/*
 * Plain text of the start of Markdown md: markup, raw HTML and link
 * targets dropped, white space collapsed, cut at a word boundary after at
 * most max characters (not bytes) with "…" appended when something was
 * left out. Caller frees. Pure.
 */
char *info_excerpt(const char *md, size_t max);

/*
 * The downloadable forms (table formulir), of one service (layanan_id > 0)
 * or of all (0), in catalog order, as [{id, layanan_id, judul, berkas,
 * ukuran (bytes)}]. NULL on a storage error. Caller owns.
 */
json_t *info_forms(struct db *db, int64_t layanan_id);

/* One form by id: 0 and *out = {id, layanan_id, judul, berkas, ukuran}
 * (caller owns), 1 when unknown, -1 on a storage error. */
int info_form(struct db *db, int64_t id, json_t **out);

#endif
