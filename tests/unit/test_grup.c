// SPDX-License-Identifier: MIT
// Unit tests of Grup Pemohon: region scope, the ownership rule of modes, group access and availability (Tabel 2).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/catalog.h"
#include "domain/grup.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "store/db.h"

static void test_scope_covers(void **st)
{
	(void)st;
	/* a district covers its own villages, desa and kelurahan alike */
	assert_true(grup_scope_covers("33.26.07", "33.26.07.2008"));
	assert_true(grup_scope_covers("33.26.07", "33.26.07.1001"));
	assert_false(grup_scope_covers("33.26.07", "33.26.08.2008"));
	assert_false(grup_scope_covers("33.26.07", "33.26.070.200"));
	/* a village covers only itself */
	assert_true(grup_scope_covers("33.26.07.2008", "33.26.07.2008"));
	assert_false(grup_scope_covers("33.26.07.2008", "33.26.07.2009"));
	/* nothing else is a scope */
	assert_false(grup_scope_covers("33.26", "33.26.07.2008"));
	assert_false(grup_scope_covers("", "33.26.07.2008"));
	assert_false(grup_scope_covers(NULL, "33.26.07.2008"));
	assert_false(grup_scope_covers("33.26.07", NULL));
	assert_false(grup_scope_covers("33.26.07", "33.26.07"));
}

static void test_mode_owns(void **st)
{
	struct pemohon_mode pribadi = grup_mode_pribadi(5), grup = { .pemohon_id = 5, .grup_id = 9, .jenis = GRUP_SEKOLAH };

	(void)st;
	assert_int_equal(pribadi.grup_id, 0);
	assert_int_equal(pribadi.jenis, GRUP__MAX);
	/* personal: one's own personal records only */
	assert_true(grup_mode_owns(&pribadi, 5, 0));
	assert_false(grup_mode_owns(&pribadi, 6, 0));
	assert_false(grup_mode_owns(&pribadi, 5, 9));
	/* group: every member's records of that group, nothing else */
	assert_true(grup_mode_owns(&grup, 5, 9));
	assert_true(grup_mode_owns(&grup, 6, 9));
	assert_false(grup_mode_owns(&grup, 5, 0));
	assert_false(grup_mode_owns(&grup, 5, 8));
	/* staff (NULL) see every record */
	assert_true(grup_mode_owns(NULL, 6, 8));
}

static void test_jenis_codes(void **st)
{
	(void)st;
	for (int i = 0; i < GRUP__MAX; i++)
		assert_int_equal(grup_jenis_from(grup_jenis_codes[i]), i);
	assert_int_equal(grup_jenis_from("Sekolah"), GRUP__MAX);
	assert_int_equal(grup_jenis_from(""), GRUP__MAX);
	assert_int_equal(grup_jenis_from(NULL), GRUP__MAX);
}

static void test_service_serves_kind(void **st)
{
	json_t *def = json_loads("{\"kelompok\":[\"sekolah\",\"desa\"]}", 0, NULL);
	struct cat_service special = { .umum = 0, .def = def }, general = { .umum = 1, .def = def };

	(void)st;
	assert_true(catalog_serves(&special, GRUP_SEKOLAH));
	assert_true(catalog_serves(&special, GRUP_DESA));
	assert_false(catalog_serves(&special, GRUP_FASKES));
	assert_false(catalog_serves(&special, GRUP__MAX));
	assert_true(catalog_serves(&general, GRUP__MAX));
	json_decref(def);
}

/* ---- with a store: the one availability decision ------------------------- */

static char dbdir[64];
static int64_t sekolah, faskes, member;

static int db_group_setup(void **st)
{
	char *err = NULL, files[128];
	struct db *db;

	(void)st;
	snprintf(dbdir, sizeof dbdir, "/tmp/loket-unit-XXXXXX");
	if (!mkdtemp(dbdir) || secret_init() < 0 || config_load(&g_cfg, "/dev/null", &err) < 0)
		return -1;
	snprintf(files, sizeof files, "%s/files", dbdir);
	if (db_setup(dbdir, NULL) < 0 || db_migrate(db = db_thread(), 0) < 0 ||
	    catalog_seed(db, LOKET_SOURCE_DIR "/catalog", files) < 0)
		return -1;
	/* a school given Pandu Ceria, a health facility given nothing */
	if (db_insert_id(db, "INSERT INTO grup (nama, jenis, aktif, created_at, updated_at) VALUES ('SMA 1', 'sekolah', 1, 1, 1)"
			 " RETURNING id", &sekolah, "") != DB_DONE ||
	    db_insert_id(db, "INSERT INTO grup (nama, jenis, aktif, created_at, updated_at) VALUES ('RSUD', 'faskes', 1, 1, 1)"
			 " RETURNING id", &faskes, "") != DB_DONE ||
	    db_exec(db, "INSERT INTO grup_layanan (grup_id, layanan_id) SELECT ?, id FROM layanan WHERE kode = 'pandu-ceria'",
		    "i", sekolah) != DB_DONE ||
	    db_exec(db, "INSERT INTO grup_wilayah (grup_id, kode) VALUES (?, '33.26.07')", "i", sekolah) != DB_DONE)
		return -1;
	member = 1;
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

static void test_group_access_and_availability(void **st)
{
	struct db *db = db_thread();
	const struct catalog *c = catalog_get(db);
	const struct cat_service *pdc = catalog_find(c, "pandu-ceria"), *snd = catalog_find(c, "sinkronisasi-data");
	struct pemohon_mode pribadi = grup_mode_pribadi(member), di_sekolah = { member, sekolah, GRUP_SEKOLAH },
			    di_faskes = { member, faskes, GRUP_FASKES };
	char why[400];

	(void)st;
	assert_non_null(pdc);
	assert_non_null(snd);
	/* general services: every mode, a visitor too */
	assert_true(catalog_group_access(db, snd, NULL));
	assert_true(catalog_group_access(db, snd, &pribadi));
	assert_true(catalog_group_access(db, snd, &di_faskes));
	assert_int_equal(catalog_available(db, snd, &di_sekolah, 1795395600, why, sizeof why), 1);
	/* a special service: only the mode of a group of its kind given it */
	assert_false(catalog_group_access(db, pdc, NULL));
	assert_false(catalog_group_access(db, pdc, &pribadi));
	assert_false(catalog_group_access(db, pdc, &di_faskes));
	assert_true(catalog_group_access(db, pdc, &di_sekolah));
	assert_int_equal(catalog_available(db, pdc, &pribadi, 1795395600, why, sizeof why), 0);
	assert_non_null(strstr(why, "Khusus Grup Pemohon"));
	assert_int_equal(catalog_available(db, pdc, &di_faskes, 1795395600, why, sizeof why), 0);
	assert_non_null(strstr(why, "belum diberi akses"));
	assert_int_equal(catalog_available(db, pdc, &di_sekolah, 1795395600, why, sizeof why), 1);
	/* a group given the service but not of its kind gets nothing */
	assert_int_equal(db_exec(db, "INSERT INTO grup_layanan (grup_id, layanan_id) VALUES (?, ?)", "ii", faskes, pdc->id),
			 DB_DONE);
	assert_false(catalog_group_access(db, pdc, &di_faskes));
	/* scope */
	assert_true(grup_in_scope(db, sekolah, "33.26.07.2008"));
	assert_false(grup_in_scope(db, sekolah, "33.26.01.2001"));
	assert_false(grup_in_scope(db, faskes, "33.26.07.2008"));
}

static void test_quota_counts_rows(void **st)
{
	struct db *db = db_thread();
	const struct cat_service *snd = catalog_find(catalog_get(db), "sinkronisasi-data");
	char name[96];

	(void)st;
	/* no quota: nothing counted, no lock */
	assert_int_equal(catalog_quota_used(db, snd, 1795395600), 0);
	assert_int_equal(catalog_quota_lock(snd, 1795395600, name, sizeof name), 0);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_scope_covers),
		cmocka_unit_test(test_mode_owns),
		cmocka_unit_test(test_jenis_codes),
		cmocka_unit_test(test_service_serves_kind),
	};
	const struct CMUnitTest stored[] = {
		cmocka_unit_test(test_group_access_and_availability),
		cmocka_unit_test(test_quota_counts_rows),
	};

	return cmocka_run_group_tests(pure, NULL, NULL) | cmocka_run_group_tests(stored, db_group_setup, db_group_teardown);
}
