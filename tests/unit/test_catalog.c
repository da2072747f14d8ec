// SPDX-License-Identifier: MIT
// Unit tests of the catalog and application rules: availability, codes, the transition table, fields, schema.
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/application.h"
#include "domain/catalog.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "store/db.h"

/* Instants (UTC) and what they are in WIB. */
#define MON_0800 1795395600  /* Monday 2026-11-23 08:00 WIB */
#define MON_0729 1795393740  /* Monday 07:29 WIB */
#define MON_1600 1795424400  /* Monday 16:00 WIB */
#define FRI_1131 1795753860  /* Friday 2026-11-27 11:31 WIB */
#define SUN_1000 1795316400  /* Sunday 2026-11-22 10:00 WIB */

static json_t *rules(const char *json)
{
	json_t *j = json_loads(json, 0, NULL);

	assert_non_null(j);
	return j;
}

static void test_no_rules_always_open(void **st)
{
	char why[300] = "x";

	(void)st;
	assert_int_equal(catalog_rules_open(NULL, SUN_1000, 1000000, why, sizeof why), 1);
	assert_string_equal(why, "");
}

static void test_hours(void **st)
{
	json_t *r = rules("{\"jam\":{\"senin\":[\"07:30\",\"16:00\"],\"selasa\":[\"07:30\",\"16:00\"],"
			  "\"jumat\":[\"07:30\",\"11:30\"]}}");
	char why[300];

	(void)st;
	assert_int_equal(catalog_rules_open(r, MON_0800, 0, why, sizeof why), 1);
	assert_int_equal(catalog_rules_open(r, MON_0729, 0, why, sizeof why), 0);
	/* closing time itself is closed */
	assert_int_equal(catalog_rules_open(r, MON_1600, 0, why, sizeof why), 0);
	assert_int_equal(catalog_rules_open(r, FRI_1131, 0, why, sizeof why), 0);
	/* a day not listed is closed, and the reason states the schedule */
	assert_int_equal(catalog_rules_open(r, SUN_1000, 0, why, sizeof why), 0);
	assert_string_equal(why, "Pengajuan hanya dapat dibuat pada jam layanan: Senin–Selasa 07.30–16.00 WIB, "
				 "Jumat 07.30–11.30 WIB.");
	json_decref(r);
}

static void test_closed_date(void **st)
{
	json_t *r = rules("{\"tutup\":[{\"tanggal\":\"2026-11-23\",\"alasan\":\"Cuti bersama\"}]}");
	char why[300];

	(void)st;
	assert_int_equal(catalog_rules_open(r, MON_0800, 0, why, sizeof why), 0);
	assert_string_equal(why, "Layanan tutup hari ini (23-11-2026): Cuti bersama.");
	/* the day before (WIB) is open: 2026-11-22 */
	assert_int_equal(catalog_rules_open(r, SUN_1000, 0, why, sizeof why), 1);
	/* 00:29 UTC on the 23rd is already the 23rd in WIB */
	assert_int_equal(catalog_rules_open(r, MON_0729, 0, why, sizeof why), 0);
	json_decref(r);
}

static void test_quota(void **st)
{
	json_t *r = rules("{\"kuota_harian\":3}");
	char why[300];

	(void)st;
	assert_int_equal(catalog_rules_open(r, MON_0800, 2, why, sizeof why), 1);
	assert_int_equal(catalog_rules_open(r, MON_0800, 3, why, sizeof why), 0);
	assert_non_null(strstr(why, "Kuota harian (3 pengajuan) sudah terpenuhi"));
	json_decref(r);
}

static void test_day_start(void **st)
{
	(void)st;
	/* 00:00 WIB of Monday 23 November = 17:00 UTC of the 22nd */
	assert_int_equal(catalog_day_start(MON_0800), 1795395600 - 8 * 3600);
	assert_int_equal(catalog_day_start(MON_0729), 1795395600 - 8 * 3600);
}

static void test_app_code(void **st)
{
	char out[APP_CODE_MAX];

	(void)st;
	assert_int_equal(app_code(out, sizeof out, "AKL", "33.26", 8296), 0);
	assert_string_equal(out, "AKL33268296");
	assert_int_equal(app_code(out, sizeof out, "KIA", "33.26", 7), 0);
	assert_string_equal(out, "KIA33260007");
	assert_int_equal(app_code(out, sizeof out, "AKL", "33.26", 123456), 0);
	assert_string_equal(out, "AKL3326123456");
	assert_int_equal(app_code(out, sizeof out, "AKL", "33.26", 0), -1);
	assert_int_equal(app_code(out, 8, "AKL", "33.26", 1), -1);
}

static void test_transition_table(void **st)
{
	(void)st;
	assert_int_equal(app_next(MOVE_KIRIM, APP_DRAFT, ACTOR_PEMOHON), APP_DIKIRIM);
	assert_int_equal(app_next(MOVE_KIRIM, APP_DIKEMBALIKAN, ACTOR_PEMOHON), APP_DIKIRIM);
	assert_int_equal(app_next(MOVE_KIRIM, APP_DIKIRIM, ACTOR_PEMOHON), APP__MAX);
	assert_int_equal(app_next(MOVE_KIRIM, APP_DRAFT, ACTOR_STAF(ROLE_ADMIN)), APP__MAX);
	assert_int_equal(app_next(MOVE_SETUJUI, APP_DIKIRIM, ACTOR_STAF(ROLE_VERIFIKATOR)), APP_DISETUJUI);
	assert_int_equal(app_next(MOVE_SETUJUI, APP_DIKIRIM, ACTOR_PEMOHON), APP__MAX);
	assert_int_equal(app_next(MOVE_SETUJUI, APP_DIKIRIM, ACTOR_STAF(ROLE_OPERATOR)), APP__MAX);
	assert_int_equal(app_next(MOVE_SETUJUI, APP_DIKIRIM, ACTOR_STAF(ROLE_ADMIN)), APP_DISETUJUI);
	assert_int_equal(app_next(MOVE_KEMBALIKAN, APP_DIKIRIM, ACTOR_STAF(ROLE_VERIFIKATOR)), APP_DIKEMBALIKAN);
	assert_int_equal(app_next(MOVE_BATALKAN, APP_DISETUJUI, ACTOR_STAF(ROLE_VERIFIKATOR)), APP_DIBATALKAN);
	assert_int_equal(app_next(MOVE_PROSES, APP_DISETUJUI, ACTOR_STAF(ROLE_OPERATOR)), APP_DIPROSES);
	assert_int_equal(app_next(MOVE_PROSES, APP_DRAFT, ACTOR_STAF(ROLE_OPERATOR)), APP__MAX);
	assert_int_equal(app_next(MOVE_TERBIT_TTE, APP_DIPROSES, ACTOR_STAF(ROLE_PENANDATANGAN)), APP_TERBIT_TTE);
	assert_int_equal(app_next(MOVE_TERBIT_TTE, APP_DIPROSES, ACTOR_STAF(ROLE_OPERATOR)), APP__MAX);
	assert_int_equal(app_next(MOVE_SELESAI, APP_TERBIT_TTE, ACTOR_STAF(ROLE_OPERATOR)), APP_SELESAI);
	assert_int_equal(app_next(MOVE_SELESAI, APP_SELESAI, ACTOR_STAF(ROLE_ADMIN)), APP__MAX);
	/* nothing leaves a final state */
	for (int m = 0; m < MOVE__MAX; m++) {
		assert_int_equal(app_next((enum app_move)m, APP_SELESAI, ~0u), APP__MAX);
		assert_int_equal(app_next((enum app_move)m, APP_DIBATALKAN, ~0u), APP__MAX);
	}
	assert_true(app_editable(APP_DRAFT));
	assert_true(app_editable(APP_DIKEMBALIKAN));
	assert_false(app_editable(APP_DIKIRIM));
	assert_int_equal(app_status_from("TERBIT_TTE"), APP_TERBIT_TTE);
	assert_int_equal(app_status_from("draft"), APP__MAX);
}

static json_t *def(void)
{
	return rules("{\"isian\":["
		     "{\"kode\":\"anak_ke\",\"label\":\"Anak ke-\",\"jenis\":\"number\",\"wajib\":true,\"min\":1,\"max\":20},"
		     "{\"kode\":\"lahir\",\"label\":\"Tanggal Lahir\",\"jenis\":\"date\",\"wajib\":true,\"max\":\"hari_ini\"},"
		     "{\"kode\":\"jk\",\"label\":\"Jenis Kelamin\",\"jenis\":\"select\",\"wajib\":true,\"pilihan\":[\"Laki-laki\",\"Perempuan\"]},"
		     "{\"kode\":\"nama\",\"label\":\"Nama Ayah\",\"jenis\":\"text\",\"wajib\":false,\"maks\":5},"
		     "{\"kode\":\"catatan\",\"label\":\"Catatan\",\"jenis\":\"textarea\",\"wajib\":false},"
		     "{\"kode\":\"nik\",\"label\":\"NIK Ayah\",\"jenis\":\"nik\",\"wajib\":false},"
		     "{\"kode\":\"kk\",\"label\":\"No KK\",\"jenis\":\"kk\",\"wajib\":false}]}");
}

/* Checks one input: the number of errors and, when ok, the stored value. */
static void check(const char *json_in, int errors, const char *key, const char *want)
{
	json_t *d = def(), *in = rules(json_in), *out = json_object(), *err = json_object();

	assert_int_equal(app_check_isian(d, in, MON_0800, out, err), errors);
	assert_int_equal((int)json_object_size(err), errors);
	if (key)
		assert_string_equal(json_string_value(json_object_get(out, key)), want);
	json_decref(d);
	json_decref(in);
	json_decref(out);
	json_decref(err);
}

#define OK_BASE "\"anak_ke\":\" 2 \",\"lahir\":\"01-11-2026\",\"jk\":\"Perempuan\""

static void test_fields(void **st)
{
	(void)st;
	check("{" OK_BASE "}", 0, "anak_ke", "2");
	check("{" OK_BASE "}", 0, "lahir", "2026-11-01");
	check("{}", 3, NULL, NULL);                                        /* required */
	check("{\"anak_ke\":\"0\",\"lahir\":\"2026-11-01\",\"jk\":\"Perempuan\"}", 1, NULL, NULL);
	check("{\"anak_ke\":\"21\",\"lahir\":\"2026-11-01\",\"jk\":\"Perempuan\"}", 1, NULL, NULL);
	check("{\"anak_ke\":\"2a\",\"lahir\":\"2026-11-01\",\"jk\":\"Perempuan\"}", 1, NULL, NULL);
	check("{\"anak_ke\":\"1\",\"lahir\":\"2026-11-24\",\"jk\":\"Perempuan\"}", 1, NULL, NULL); /* future */
	check("{\"anak_ke\":\"1\",\"lahir\":\"2026-11-23\",\"jk\":\"Perempuan\"}", 0, "lahir", "2026-11-23");
	check("{\"anak_ke\":\"1\",\"lahir\":\"30-02-2026\",\"jk\":\"Perempuan\"}", 1, NULL, NULL);
	check("{\"anak_ke\":\"1\",\"lahir\":\"2026-11-01\",\"jk\":\"perempuan\"}", 1, NULL, NULL); /* exact choice */
	check("{" OK_BASE ",\"nama\":\"Ahmad\"}", 0, "nama", "Ahmad");
	check("{" OK_BASE ",\"nama\":\"Ahmadi\"}", 1, NULL, NULL);        /* maks 5 */
	check("{" OK_BASE ",\"nama\":\"Ah\\nmad\"}", 1, NULL, NULL);      /* one line */
	check("{" OK_BASE ",\"catatan\":\"baris 1\\nbaris 2\"}", 0, "catatan", "baris 1\nbaris 2");
	check("{" OK_BASE ",\"nik\":\"3326071203850003\"}", 0, "nik", "3326071203850003");
	check("{" OK_BASE ",\"nik\":\"3326071203850000\"}", 1, NULL, NULL); /* serial 0000 */
	check("{" OK_BASE ",\"kk\":\"33260714092300\"}", 1, NULL, NULL);
	/* unknown members are ignored, not stored */
	{
		json_t *d = def(), *in = rules("{" OK_BASE ",\"lain\":\"x\"}"), *out = json_object(), *err = json_object();

		assert_int_equal(app_check_isian(d, in, MON_0800, out, err), 0);
		assert_null(json_object_get(out, "lain"));
		json_decref(d);
		json_decref(in);
		json_decref(out);
		json_decref(err);
	}
}

static void test_schema_check(void **st)
{
	static const char *const bad[] = {
		"[]",
		"{\"kode\":\"Akta\"}",
		"{\"kode\":\"a\",\"prefix\":\"akl\"}",
	};
	char err[256];

	(void)st;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *j = json_loads(bad[i], 0, NULL);

		assert_int_equal(catalog_check(j, err, sizeof err), -1);
		json_decref(j);
	}
}

/* label_status and tanpa_dokumen_jadi of Sinkronisasi Data: the default
 * passes; each broken value is refused by the schema and, with a message
 * under its path, by the officer's check. */
static void test_status_labels_and_no_output_checked(void **st)
{
	static const struct { const char *member, *json, *path; } bad[] = {
		{ "label_status", "[\"Baru\"]", "label_status" },
		{ "label_status", "{\"TERKIRIM\": \"Baru\"}", "label_status.TERKIRIM" },
		{ "label_status", "{\"DIKIRIM\": \"\"}", "label_status.DIKIRIM" },
		{ "label_status", "{\"DIKIRIM\": 1}", "label_status.DIKIRIM" },
		{ "label_status", "{\"DIKIRIM\": \"Baru\\nsekali\"}", "label_status.DIKIRIM" },
		{ "label_status", "{\"SELESAI\": \"Selesai dan sudah disinkronkan ke seluruh instansi terkait hari ini\"}",
		  "label_status.SELESAI" },
		{ "tanpa_dokumen_jadi", "\"ya\"", "tanpa_dokumen_jadi" },
	};
	char path[1024], err[256];
	json_t *def, *errors;

	(void)st;
	snprintf(path, sizeof path, "%s/catalog/layanan/16-SND.json", LOKET_SOURCE_DIR);
	def = json_load_file(path, 0, NULL);
	assert_non_null(def);
	assert_int_equal(catalog_check(def, err, sizeof err), 0);
	errors = json_object();
	assert_int_equal(catalog_validate(def, errors), 0);
	json_decref(errors);
	assert_string_equal(app_status_label(def, APP_DIKIRIM), "Baru");
	assert_string_equal(app_status_label(def, APP_DIKEMBALIKAN), app_status_labels[APP_DIKEMBALIKAN]);
	assert_string_equal(app_status_label(NULL, APP_SELESAI), "Selesai");
	assert_false(app_has_output(def));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *copy = json_deep_copy(def);

		json_object_set_new(copy, bad[i].member, json_loads(bad[i].json, JSON_DECODE_ANY, NULL));
		if (catalog_check(copy, err, sizeof err) != -1)
			fail_msg("catalog_check accepted %s = %s", bad[i].member, bad[i].json);
		errors = json_object();
		assert_true(catalog_validate(copy, errors) >= 1);
		if (!json_string_value(json_object_get(errors, bad[i].path)))
			fail_msg("catalog_validate: no message at %s for %s", bad[i].path, bad[i].json);
		json_decref(errors);
		json_decref(copy);
	}
	/* a downloadable document added later (the editor has no switch for
	 * the flag) wins over it */
	json_array_append_new(json_object_get(def, "dokumen_jadi"), json_pack("{s:s, s:s}", "kode", "surat", "nama", "Surat"));
	assert_int_equal(catalog_check(def, err, sizeof err), 0);
	assert_true(app_has_output(def));
	json_decref(def);
}

/* Every service of the default catalog passes the schema, and one broken
 * detail in it is caught. */
static void test_default_catalog_passes_schema(void **st)
{
	char dir[512], path[1024], err[256];
	DIR *d;
	struct dirent *e;
	int n = 0;

	(void)st;
	snprintf(dir, sizeof dir, "%s/catalog/layanan", LOKET_SOURCE_DIR);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		json_t *j;

		if (!strstr(e->d_name, ".json"))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		j = json_load_file(path, 0, NULL);
		assert_non_null(j);
		if (catalog_check(j, err, sizeof err) < 0)
			fail_msg("%s: %s", e->d_name, err);
		/* break one thing: an unknown field type */
		if (json_array_size(json_object_get(j, "isian"))) {
			json_object_set_new(json_array_get(json_object_get(j, "isian"), 0), "jenis", json_string("warna"));
			assert_int_equal(catalog_check(j, err, sizeof err), -1);
		}
		json_decref(j);
		n++;
	}
	closedir(d);
	assert_int_equal(n, 16);
}

/* Hours stored without catalog_check (an import, a hand-edited database):
 * the rules call such a day closed and write what they cannot read as
 * "--.--", never reading past a short string or a missing closing time. */
static void test_bad_stored_hours(void **st)
{
	static const char *const bad[] = {
		"{\"jam\":{\"senin\":[\"16:+00\"]}}",
		"{\"jam\":{\"senin\":[\"7\",\"1\"]}}",
		"{\"jam\":{\"senin\":[\"\",\"\"]}}",
		"{\"jam\":{\"senin\":[7,\"16:00\"]}}",
		"{\"jam\":{\"senin\":[\"07:30\",16]}}",
		"{\"jam\":{\"senin\":\"07:30\"}}",
		"{\"jam\":{\"senin\":{\"buka\":\"07:30\"}}}",
		"{\"jam\":{\"senin\":[\"16:00\",\"07:30\"]}}",
		"{\"jam\":{\"senin\":[\"99:99\",\"24:01\"]}}",
		"{\"jam\":{\"senin\":[]}}",
	};
	char why[300];

	(void)st;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *r = rules(bad[i]);

		assert_int_equal(catalog_rules_open(r, MON_0800, 0, why, sizeof why), 0);
		if (!strstr(why, "Pengajuan hanya dapat dibuat pada jam layanan: Senin "))
			fail_msg("%s: %s", bad[i], why);
		json_decref(r);
	}
	{
		json_t *r = rules("{\"jam\":{\"senin\":[\"16:+00\"],\"selasa\":[\"07:30\",\"16:00\"]}}");

		assert_int_equal(catalog_rules_open(r, MON_0800, 0, why, sizeof why), 0);
		assert_string_equal(why, "Pengajuan hanya dapat dibuat pada jam layanan: Senin --.--–--.-- WIB, "
					 "Selasa 07.30–16.00 WIB.");
		json_decref(r);
	}
}

/* ---- stored definitions (a database of its own) ------------------------- */

static char dbdir[64];

static int db_group_setup(void **st)
{
	char *err = NULL, files[128];

	(void)st;
	snprintf(dbdir, sizeof dbdir, "/tmp/loket-unit-XXXXXX");
	if (!mkdtemp(dbdir) || secret_init() < 0 || config_load(&g_cfg, "/dev/null", &err) < 0)
		return -1;
	snprintf(files, sizeof files, "%s/files", dbdir);
	if (db_setup(dbdir, NULL) < 0 || db_migrate(db_thread(), 0) < 0 ||
	    catalog_seed(db_thread(), LOKET_SOURCE_DIR "/catalog", files) < 0)
		return -1;
	return 0;
}

static int db_group_teardown(void **st)
{
	char cmd[128];

	(void)st;
	catalog_free_all();
	db_thread_close();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dbdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A definition stored without catalog_check leaves its service out of the
 * snapshot (and catalog_definition answers NULL for it) instead of reaching
 * the rules; the other services stay. */
static void test_invalid_stored_definition_left_out(void **st)
{
	struct db *db = db_thread();
	const struct catalog *c;
	const struct cat_service *s;
	int64_t def_id, layanan_id;
	size_t before;
	json_t *def;
	char *text;

	(void)st;
	c = catalog_get(db);
	before = c->n;
	assert_true(before > 1);
	s = &c->items[0];
	def_id = s->definisi_id;
	layanan_id = s->id;
	def = json_deep_copy(s->def);
	json_object_set_new(def, "ketersediaan", json_pack("{s:{s:[s]}}", "jam", "senin", "16:+00"));
	text = json_dumps(def, JSON_COMPACT);
	assert_int_equal(db_exec(db, "UPDATE layanan_definisi SET definisi = ? WHERE id = ?", "si", text, def_id), DB_DONE);
	assert_int_equal(catalog_touch(db), 0);
	catalog_reload();
	c = catalog_get(db);
	assert_int_equal(c->n, before - 1);
	assert_null(catalog_by_id(c, layanan_id));
	assert_null(catalog_definition(db, def_id));
	/* the jobs thread's walk over the snapshot still runs */
	assert_int_equal(catalog_post_closures(db, MON_0800), 0);
	/* not JSON at all: left out too */
	assert_int_equal(db_exec(db, "UPDATE layanan_definisi SET definisi = '{' WHERE id = ?", "i", def_id), DB_DONE);
	assert_null(catalog_definition(db, def_id));
	free(text);
	json_decref(def);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_rules_always_open),
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_closed_date),
		cmocka_unit_test(test_quota),
		cmocka_unit_test(test_day_start),
		cmocka_unit_test(test_app_code),
		cmocka_unit_test(test_transition_table),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_schema_check),
		cmocka_unit_test(test_status_labels_and_no_output_checked),
		cmocka_unit_test(test_default_catalog_passes_schema),
		cmocka_unit_test(test_bad_stored_hours),
	};
	const struct CMUnitTest stored[] = {
		cmocka_unit_test(test_invalid_stored_definition_left_out),
	};
	int failed = cmocka_run_group_tests_name("catalog", tests, NULL, NULL);

	return failed + cmocka_run_group_tests_name("catalog_stored", stored, db_group_setup, db_group_teardown);
}
