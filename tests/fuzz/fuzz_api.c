// SPDX-License-Identifier: MIT
// libFuzzer harness: JSON API bodies as the handlers take them (registration through acct_register, application isian through api_body_isian and app_check_isian against every catalog service) on a SQLite store opened once.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "domain/account.h"
#include "domain/application.h"
#include "domain/catalog.h"
#include "domain/region.h"
#include "domain/validate.h"
#include "http/http.h"
#include "lib/arena.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "store/db.h"
#include "web/web.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)
#define NOW 1795395600 /* Monday 2026-11-23 08:00 WIB */

static char dir[64];
static const struct catalog *cat;

static void cleanup(void)
{
	char cmd[128];

	db_thread_close();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_api: cannot remove %s\n", dir);
}

/* One database for the whole run: migrated, with the test regions and the
 * default catalog, so a body can get as far as the real handlers let it. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *err = NULL, files[128];

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "/tmp/loket-fuzz-api-XXXXXX");
	if (!mkdtemp(dir) || secret_init() < 0 || config_load(&g_cfg, "/dev/null", &err) < 0) {
		fprintf(stderr, "fuzz_api: setup failed: %s\n", err ? err : "mkdtemp/secret_init");
		exit(1);
	}
	atexit(cleanup);
	snprintf(files, sizeof files, "%s/files", dir);
	if (db_setup(dir, NULL) < 0 || db_migrate(db_thread(), 0) < 0 ||
	    region_import(db_thread(), LOKET_SOURCE_DIR "/tests/fixtures/regions") < 0 ||
	    catalog_seed(db_thread(), LOKET_SOURCE_DIR "/catalog", files) < 0) {
		fprintf(stderr, "fuzz_api: cannot prepare the database in %s\n", dir);
		exit(1);
	}
	/* the per-address limit would end every registration after a few */
	g_cfg.public_max_ip = g_cfg.public_max_nik = 1000000000L;
	cat = catalog_get(db_thread());
	CHECK(cat->n > 0);
	return 0;
}

/* Every error is a non-empty message under a non-empty key. */
static void check_errors(const json_t *errors)
{
	const char *k;
	json_t *v;

	CHECK(json_is_object(errors));
	json_object_foreach((json_t *)errors, k, v) {
		CHECK(*k);
		CHECK(json_is_string(v) && json_string_length(v) > 0);
	}
}

/* POST /api/v1/daftar: the fields as api_pemohon.c reads them. */
static void registration(struct req *r)
{
	json_t *errors = json_object();
	struct reg_input in;
	enum acct_rc rc;
	long retry = 0;
	int y, m, d;

	memset(&in, 0, sizeof in);
	in.nik = api_in(r, "nik", 0, errors);
	in.nama = api_in(r, "nama", 0, errors);
	in.no_kk = api_in(r, "no_kk", 0, errors);
	in.tempat_lahir = api_in(r, "tempat_lahir", 0, errors);
	in.tanggal_lahir = api_in(r, "tanggal_lahir", 0, errors);
	/* api_pemohon.c's iso_date: the API takes YYYY-MM-DD only */
	if (in.tanggal_lahir && *in.tanggal_lahir && date_parse_iso(in.tanggal_lahir, &y, &m, &d) < 0) {
		in.tanggal_lahir = NULL;
		if (!json_object_get(errors, "tanggal_lahir"))
			json_object_set_new(errors, "tanggal_lahir", json_string("Tanggal harus TTTT-BB-HH."));
	}
	in.nama_ibu = api_in(r, "nama_ibu", 0, errors);
	in.kode_desa = api_in(r, "kode_desa", 0, errors);
	in.no_hp = api_in(r, "no_hp", 0, errors);
	in.email = api_in(r, "email", 0, errors);
	in.password = in.password2 = api_in(r, "password", 0, errors);
	/* every field with an error above reaches the domain as NULL */
	rc = acct_register(db_thread(), &in, "192.0.2.1", errors, &retry);
	if (getenv("FUZZ_API_DEBUG")) /* to see how far a seed gets */
		fprintf(stderr, "acct_register: %d, %zu errors\n", (int)rc, json_object_size(errors));
	CHECK(rc == ACCT_OK || rc == ACCT_INVALID || rc == ACCT_LOCKED);
	CHECK(rc != ACCT_INVALID || json_object_size(errors) > 0);
	/* the API answers 201 on ACCT_OK: nothing it refused may be registered */
	CHECK(rc != ACCT_OK || json_object_size(errors) == 0);
	check_errors(errors);
	json_decref(errors);
}

/* POST/PUT /api/v1/pengajuan: the body's isian against every service. */
static void application(struct req *r)
{
	json_t *errors = json_object(), *isian = api_body_isian(r->json, errors);
	const char *k;
	json_t *v;

	CHECK(json_is_object(isian));
	json_object_foreach(isian, k, v)
		CHECK(json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v));
	for (size_t i = 0; i < cat->n; i++) {
		json_t *out = json_object(), *errs = json_object();
		int n = app_check_isian(cat->items[i].def, isian, NOW, out, errs);

		CHECK(n >= 0 && (size_t)n >= json_object_size(errs));
		/* a value is either kept (normalised) or an error, never both */
		json_object_foreach(out, k, v) {
			char ek[64];

			snprintf(ek, sizeof ek, "isian.%s", k);
			CHECK(json_is_string(v));
			CHECK(!json_object_get(errs, ek));
			CHECK(catalog_entry(cat->items[i].def, "isian", k));
		}
		check_errors(errs);
		json_decref(out);
		json_decref(errs);
	}
	(void)api_in(r, "nik", 0, errors);
	(void)api_in(r, "nama", 0, errors);
	(void)api_in(r, "detail", 0, errors);
	check_errors(errors);
	json_decref(isian);
	json_decref(errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r;

	memset(&r, 0, sizeof r);
	/* as the server parses a body (src/http/server.c) */
	r.json = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!r.json)
		return 0;
	r.a = arena_new();
	registration(&r);
	application(&r);
	arena_free(r.a);
	json_decref(r.json);
	return 0;
}
