// SPDX-License-Identifier: MIT
// Unit tests of the Grup Pemohon back office rules (domain/grup_admin.c) on a fresh SQLite store with the default catalog.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/catalog.h"
#include "domain/grup.h"
#include "lib/config.h"
#include "lib/secret.h"
#include "store/db.h"

#define STAF 1
#define NIK_AKTIF "3326071505900001"
#define NIK_MENUNGGU "3326071505900002"

static char dir[64];

static long long count(const char *sql)
{
	struct db_stmt *st = db_query(db_thread(), sql, "");
	long long n = st && db_next(st) == DB_ROW ? db_int(st, 0) : -1;

	db_end(st);
	return n;
}

static void add_pemohon(const char *nik, const char *status)
{
	assert_int_equal(db_exec(db_thread(),
				 "INSERT INTO pemohon (nik, nama, no_kk, tempat_lahir, tanggal_lahir, nama_ibu, kode_desa, "
				 "no_hp, email, password_hash, status, created_at, updated_at) VALUES (?, 'Siti Aminah', "
				 "'3326071409230009', 'Pekalongan', '1990-05-15', 'Sri Wahyuni', '33.26.07.2008', "
				 "'6281234567890', 'siti@example.com', 'x', ?, 0, 0)",
				 "ss", nik, status),
			 DB_DONE);
}

static int setup(void **st)
{
	char *err = NULL, files[128];
	struct db *db;

	(void)st;
	snprintf(dir, sizeof dir, "/tmp/loket-unit-XXXXXX");
	if (!mkdtemp(dir) || secret_init() < 0 || config_load(&g_cfg, "/dev/null", &err) < 0)
		return -1;
	snprintf(files, sizeof files, "%s/files", dir);
	if (db_setup(dir, NULL) < 0 || db_migrate(db_thread(), 0) < 0 ||
	    catalog_seed(db_thread(), LOKET_SOURCE_DIR "/catalog", files) < 0)
		return -1;
	db = db_thread();
	if (db_exec(db, "INSERT INTO provinsi (kode, nama) VALUES ('33', 'Jawa Tengah')", "") != DB_DONE ||
	    db_exec(db, "INSERT INTO kabupaten (kode, provinsi_kode, nama) VALUES ('33.26', '33', 'Kab. Pekalongan')", "") !=
		    DB_DONE ||
	    db_exec(db, "INSERT INTO kecamatan (kode, kabupaten_kode, nama) VALUES ('33.26.07', '33.26', 'Karanganyar')",
		    "") != DB_DONE ||
	    db_exec(db, "INSERT INTO desa (kode, kecamatan_kode, nama) VALUES ('33.26.07.2008', '33.26.07', 'Karangsari')",
		    "") != DB_DONE ||
	    db_exec(db, "INSERT INTO staf (username, nama, password_hash, roles, aktif, ganti_password, created_at) "
			"VALUES ('adm', 'Admin', 'x', 'admin', 1, 0, 0)", "") != DB_DONE)
		return -1;
	return 0;
}

static int teardown(void **st)
{
	char cmd[128];

	(void)st;
	catalog_free_all();
	db_thread_close();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* grup_create of these fields: the rc; errors (caller frees) in *errors. */
static enum grup_rc create(const char *nama, const char *jenis, json_t *wilayah, json_t *layanan, json_t **errors,
			   int64_t *id)
{
	struct grup_input in = { nama, jenis, wilayah, layanan, 1 };
	enum grup_rc rc;

	*errors = json_object();
	rc = grup_create(db_thread(), STAF, &in, *errors, id);
	json_decref(wilayah);
	json_decref(layanan);
	return rc;
}

static void refused(const char *field, const char *nama, const char *jenis, json_t *wilayah, json_t *layanan)
{
	long long before = count("SELECT count(*) FROM grup"), audits = count("SELECT count(*) FROM audit");
	json_t *errors;
	int64_t id = -1;

	assert_int_equal(create(nama, jenis, wilayah, layanan, &errors, &id), GRUP_INVALID);
	assert_non_null(json_string_value(json_object_get(errors, field)));
	assert_int_equal(id, 0);
	json_decref(errors);
	assert_int_equal(count("SELECT count(*) FROM grup"), before);
	assert_int_equal(count("SELECT count(*) FROM audit"), audits);
}

static void test_bad_fields(void **st)
{
	char nama[GRUP_NAMA_MAX + 2];
	json_t *many = json_array();

	(void)st;
	memset(nama, 'a', sizeof nama - 1);
	nama[sizeof nama - 1] = '\0';
	for (int i = 0; i <= GRUP_WILAYAH_MAX; i++)
		json_array_append_new(many, json_string("33.26.07"));
	refused("nama", "", "sekolah", json_pack("[s]", "33.26.07"), NULL);
	refused("nama", NULL, "sekolah", json_pack("[s]", "33.26.07"), NULL);
	refused("nama", nama, "sekolah", json_pack("[s]", "33.26.07"), NULL);
	refused("nama", "SD\nSatu", "sekolah", json_pack("[s]", "33.26.07"), NULL);
	refused("jenis", "SD 1", "universitas", json_pack("[s]", "33.26.07"), NULL);
	refused("jenis", "SD 1", NULL, json_pack("[s]", "33.26.07"), NULL);
	refused("wilayah", "SD 1", "sekolah", json_array(), NULL);
	refused("wilayah", "SD 1", "sekolah", NULL, NULL);
	refused("wilayah", "SD 1", "sekolah", many, NULL);
	refused("wilayah", "SD 1", "sekolah", json_pack("[s]", "33.26"), NULL);          /* a regency */
	refused("wilayah", "SD 1", "sekolah", json_pack("[s]", "33.26.07.2009"), NULL);  /* unknown village */
	refused("wilayah", "SD 1", "sekolah", json_pack("[i]", 5), NULL);
	refused("layanan", "SD 1", "sekolah", json_pack("[s]", "33.26.07"), json_pack("[s]", "akta-kelahiran"));
	refused("layanan", "SD 1", "sekolah", json_pack("[s]", "33.26.07"), json_pack("[s]", "aldino-4in1"));
	refused("layanan", "SD 1", "faskes", json_pack("[s]", "33.26.07"), json_pack("[s]", "pandu-ceria"));
	refused("layanan", "SD 1", "desa", json_pack("[s]", "33.26.07"), json_pack("[s]", "tidak-ada"));
}

static void test_create_update_get(void **st)
{
	json_t *errors, *g, *wil = json_pack("[s]", "33.26.07"), *lay = json_pack("[s]", "aldino-2in1");
	int64_t id;
	struct grup_input in;

	(void)st;
	assert_int_equal(create("SD Negeri 1 Kajen", "sekolah", json_pack("[s, s, s]", "33.26.07.2008", "33.26.07", "33.26.07"),
				json_pack("[s, s]", "pandu-ceria", "pandu-ceria"), &errors, &id), GRUP_OK);
	json_decref(errors);
	assert_true(id > 0);
	g = grup_get(db_thread(), id);
	assert_non_null(g);
	assert_string_equal(json_string_value(json_object_get(g, "jenis_label")), "Sekolah");
	/* a repeated code is stored once; names as people read them */
	assert_int_equal(json_array_size(json_object_get(g, "wilayah")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(g, "wilayah"), 0), "nama")),
			    "Kec. Karanganyar");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(g, "wilayah"), 1), "nama")),
			    "Desa Karangsari");
	assert_int_equal(json_array_size(json_object_get(g, "layanan")), 1);
	json_decref(g);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE aksi = 'grup.tambah'"), 1);

	in = (struct grup_input){ "Puskesmas Kajen", "faskes", wil, lay, 0 };
	errors = json_object();
	assert_int_equal(grup_update(db_thread(), STAF, id, &in, errors), GRUP_OK);
	assert_int_equal(grup_update(db_thread(), STAF, id + 100, &in, errors), GRUP_NOT_FOUND);
	json_decref(errors);
	json_decref(wil);
	json_decref(lay);
	g = grup_get(db_thread(), id);
	assert_string_equal(json_string_value(json_object_get(g, "nama")), "Puskesmas Kajen");
	assert_true(json_is_false(json_object_get(g, "aktif")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(g, "layanan"), 0), "kode")),
			    "aldino-2in1");
	json_decref(g);
	assert_null(grup_get(db_thread(), id + 100));
	assert_int_equal(count("SELECT count(*) FROM audit WHERE aksi = 'grup.ubah'"), 1);
}

static void test_members(void **st)
{
	json_t *errors, *m;
	int64_t id, pid;

	(void)st;
	add_pemohon(NIK_AKTIF, "aktif");
	add_pemohon(NIK_MENUNGGU, "menunggu");
	assert_int_equal(create("Kantor Desa Karangsari", "desa", json_pack("[s]", "33.26.07.2008"), NULL, &errors, &id),
			 GRUP_OK);
	json_decref(errors);
	errors = json_object();
	assert_int_equal(grup_member_add(db_thread(), STAF, id, "3326071505900099", errors), GRUP_INVALID);
	assert_string_equal(json_string_value(json_object_get(errors, "nik")), "Tidak ada pemohon aktif dengan NIK tersebut.");
	assert_int_equal(grup_member_add(db_thread(), STAF, id, NIK_MENUNGGU, errors), GRUP_INVALID);
	assert_string_equal(json_string_value(json_object_get(errors, "nik")), "Tidak ada pemohon aktif dengan NIK tersebut.");
	assert_int_equal(grup_member_add(db_thread(), STAF, id, "12ab", errors), GRUP_INVALID);
	assert_int_equal(grup_member_add(db_thread(), STAF, id + 100, NIK_AKTIF, errors), GRUP_NOT_FOUND);
	assert_int_equal(count("SELECT count(*) FROM outbox"), 0);
	json_decref(errors);

	errors = json_object();
	assert_int_equal(grup_member_add(db_thread(), STAF, id, NIK_AKTIF, errors), GRUP_OK);
	assert_int_equal(json_object_size(errors), 0);
	assert_int_equal(grup_member_add(db_thread(), STAF, id, NIK_AKTIF, errors), GRUP_INVALID);
	assert_non_null(strstr(json_string_value(json_object_get(errors, "nik")), "sudah menjadi anggota"));
	json_decref(errors);
	assert_int_equal(count("SELECT count(*) FROM outbox WHERE body LIKE '%Grup Pemohon Kantor Desa Karangsari%'"), 2);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE aksi = 'grup.anggota_tambah' AND detail NOT LIKE '%"
			       NIK_AKTIF "%'"), 1);

	m = grup_members(db_thread(), id);
	assert_int_equal(json_array_size(m), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "nik")), "3326********0001");
	pid = json_integer_value(json_object_get(json_array_get(m, 0), "pemohon_id"));
	json_decref(m);

	assert_int_equal(grup_member_remove(db_thread(), STAF, id, pid), GRUP_OK);
	assert_int_equal(grup_member_remove(db_thread(), STAF, id, pid), GRUP_NOT_MEMBER);
	assert_int_equal(grup_member_remove(db_thread(), STAF, id + 100, pid), GRUP_NOT_FOUND);
	assert_int_equal(count("SELECT count(*) FROM outbox WHERE channel = 'whatsapp'"), 2);
	assert_int_equal(count("SELECT count(*) FROM outbox WHERE channel = 'email'"), 2);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE aksi = 'grup.anggota_hapus'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_create_update_get),
		cmocka_unit_test(test_members),
	};

	return cmocka_run_group_tests_name("grup_admin", tests, setup, teardown);
}
