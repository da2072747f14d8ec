// SPDX-License-Identifier: MIT
// HTTP tests of the admin's content pages: catalog editor, information posts, downloadable forms.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

#define NEW_PW "Petugas-2024"
#define PW "Feb1702."
#define NIK_A "3326071505900001"
#define NIK_B "3326072001850002"

/* The service most tests edit (catalog/layanan/16-SND.json): one field,
 * two documents, two steps, open at every hour. */
#define SVC "sinkronisasi-data"
#define SVC_PAGE "/staf/layanan/" SVC

static struct srv S;
static struct client *adm;   /* the admin, logged in */

/* A small PDF libmagic calls application/pdf. */
static const char PDF1[] = "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";
static const char PDF2[] = "%PDF-1.4\n% versi kedua\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";
/* An HTML page renamed to .pdf (or .jpg). */
static const char HTML[] = "<html><body><script>alert(1)</script>Formulir</body></html>\n";

/* ---- helpers ------------------------------------------------------------ */

/* POSTs name/value pairs (NULL-terminated) to path with the form's csrf
 * and, for catalog tabs, the version the form was shown with. */
static void post_form(struct client *c, const char *page, const char *path, struct resp *r, const char *const *kv)
{
	const char *all[200];
	char *csrf = page_field(c, page, "csrf"), *versi = NULL;
	size_t n = 0;

	assert_non_null(csrf);
	all[n++] = "csrf";
	all[n++] = csrf;
	if (!strncmp(path, "/staf/layanan/", 14) && strcmp(path, "/staf/layanan/baru")) {
		versi = page_field(c, page, "versi");
		assert_non_null(versi);
		all[n++] = "versi";
		all[n++] = versi;
	}
	for (; *kv; kv++)
		all[n++] = *kv;
	all[n] = NULL;
	assert_int_equal(client_post_arr(c, path, all, r), 0);
	free(csrf);
	free(versi);
}

/* Definitions stored for SVC, and the one in force. */
static long long defs(void)
{
	return srv_db_int(&S, "SELECT count(*) FROM layanan_definisi d JOIN layanan l ON l.id = d.layanan_id WHERE l.kode = '" SVC "'");
}

static long long def_in_force(void)
{
	return srv_db_int(&S, "SELECT definisi_id FROM layanan WHERE kode = '" SVC "'");
}

static long long svc_id(void)
{
	return srv_db_int(&S, "SELECT id FROM layanan WHERE kode = '" SVC "'");
}

/* The definition in force of SVC, parsed. */
static json_t *def_now(void)
{
	char *text = srv_db_text(&S, "SELECT d.definisi FROM layanan_definisi d JOIN layanan l ON d.id = l.definisi_id"
				     " WHERE l.kode = '" SVC "'");
	json_t *j;

	assert_non_null(text);
	j = json_loads(text, 0, NULL);
	assert_non_null(j);
	free(text);
	return j;
}

static json_t *entry(const json_t *def, const char *list, const char *kode)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(def, list), i, e)
		if (!strcmp(json_string_value(json_object_get(e, "kode")), kode))
			return e;
	return NULL;
}

static long long audits(const char *aksi, const char *objek)
{
	return srv_db_int(&S, "SELECT count(*) FROM audit WHERE aksi = '%s' AND objek = '%s'", aksi, objek);
}

static int katalog_has(const char *name)
{
	char path[600];

	snprintf(path, sizeof path, "%s/files/katalog/%s", S.dir, name);
	return access(path, F_OK) == 0;
}

/* Files under the catalog's directory, which must exist. */
static int katalog_files(void)
{
	assert_true(katalog_has("."));
	return srv_files(&S, "katalog");
}

/* ---- JSON API (applications) -------------------------------------------- */

static json_t *app_body(json_t *isian)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o}", "layanan", SVC, "nik", NIK_A, "nama", "Siti Aminah", "detail",
			 "Data saya tidak terbaca di BPJS Kesehatan.", "isian", isian);
}

/* Labels of the isian list of an application's detail, joined by "|". */
static void labels_of(const json_t *app, char *out, size_t outsz)
{
	const json_t *f;
	size_t i, n = 0;

	out[0] = '\0';
	json_array_foreach(json_object_get(app, "isian"), i, f)
		n += (size_t)snprintf(out + n, outsz - n, "%s|", json_string_value(json_object_get(f, "label")));
}

/* ---- set-up ------------------------------------------------------------- */

static int setup(void **st)
{
	/* information posts may be 20000 characters: more than the default
	 * 4096 bytes a form field may carry */
	static const char *const env[] = { "LOKET_MAX_FIELD_LEN=100000", NULL };

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	adm = staf_ready(&S, "admin1", "admin", NULL, NEW_PW);
	return adm ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	client_free(adm);
	return srv_stop(&S);
}

/* ---- catalog ------------------------------------------------------------ */

static void test_layanan_list(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, adm, "/staf/layanan", 200, &r), 0);
	assert_true(resp_has(&r, "Sinkronisasi Data"));
	assert_true(resp_has(&r, "Akta Kelahiran"));
	assert_true(resp_has(&r, ">SND<"));
	assert_true(resp_has(&r, "Khusus Fasilitas Kesehatan"));
	assert_true(resp_has(&r, "href=\"/staf/layanan/baru\""));
	resp_free(&r);
	/* every tab of the editor answers */
	for (const char *const *t = (const char *const[]){ "", "/teks", "/isian", "/dokumen", "/langkah", "/dokumen-jadi",
							   "/ketersediaan", NULL }; *t; t++) {
		assert_int_equal(page_get(&S, adm, pathf(SVC_PAGE "%s", *t), 200, &r), 0);
		assert_true(resp_has(&r, "name=\"versi\""));
		resp_free(&r);
	}
	assert_int_equal(page_get(&S, adm, "/staf/layanan/tidak-ada", 404, &r), 0);
	resp_free(&r);
	assert_int_equal(page_get(&S, adm, SVC_PAGE "/tidak-ada", 404, &r), 0);
	resp_free(&r);
}

/* Adds a field and changes a step's standard time: both show on the
 * Persyaratan page and in the API at once. */
static void test_layanan_edit_shows_everywhere(void **st)
{
	const char *field[] = { "asal", "", "kode", "nomor_bpjs", "label", "Nomor Kartu BPJS", "jenis", "text", "wajib", "1",
				"maks", "13", "bantuan", "13 digit pada kartu BPJS.", "min", "", "pilihan", "", "posisi", "",
				"aksi", "simpan", NULL };
	const char *steps[] = { "l0_kode", "konsolidasi-manual", "l0_nama", "Konsolidasi Manual", "l0_menit", "90",
				"l0_urutan", "1", "l1_kode", "sinkronisasi-dwh", "l1_nama", "Sinkronisasi DWH", "l1_menit", "30",
				"l1_urutan", "2", "l2_kode", "", "l2_nama", "", "l2_menit", "", "l2_urutan", "", NULL };
	long long before = defs(), old = def_in_force();
	json_t *j, *f;
	struct resp r;
	long status;

	(void)st;
	assert_int_equal(visitor_has(&S, "/persyaratan/" SVC, "Nomor Kartu BPJS"), 0);
	post_form(adm, SVC_PAGE "/isian", SVC_PAGE "/isian", &r, field);
	assert_true(redirect_is(&r, SVC_PAGE "/isian"));
	resp_free(&r);
	assert_int_equal(defs(), before + 1);
	assert_true(def_in_force() > old);
	post_form(adm, SVC_PAGE "/langkah", SVC_PAGE "/langkah", &r, steps);
	assert_true(redirect_is(&r, SVC_PAGE "/langkah"));
	resp_free(&r);
	assert_int_equal(defs(), before + 2);
	assert_int_equal(page_get(&S, adm, SVC_PAGE "/langkah", 200, &r), 0);
	assert_true(resp_has(&r, "Perubahan disimpan"));
	resp_free(&r);

	assert_int_equal(visitor_has(&S, "/persyaratan/" SVC, "Nomor Kartu BPJS"), 1);
	assert_int_equal(visitor_has(&S, "/persyaratan/" SVC, "1 jam 30 menit"), 1);
	j = api_json(&S, "GET", "/api/v1/layanan/" SVC, NULL, NULL, &status);
	assert_int_equal(status, 200);
	f = entry(j, "isian", "nomor_bpjs");
	assert_non_null(f);
	assert_string_equal(json_string_value(json_object_get(f, "label")), "Nomor Kartu BPJS");
	assert_int_equal(json_integer_value(json_object_get(f, "maks")), 13);
	assert_true(json_is_true(json_object_get(f, "wajib")));
	assert_int_equal(json_integer_value(json_object_get(entry(j, "langkah", "konsolidasi-manual"), "waktu_baku_menit")), 90);
	json_decref(j);
	assert_int_equal(audits("layanan.ubah", pathf("layanan:%lld", svc_id())), 2);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM audit WHERE aksi = 'layanan.ubah' AND detail LIKE '%%isian%%'"), 1);

	/* the same form again changes nothing and stores no version */
	post_form(adm, SVC_PAGE "/langkah", SVC_PAGE "/langkah", &r, steps);
	assert_true(redirect_is(&r, SVC_PAGE "/langkah"));
	resp_free(&r);
	assert_int_equal(defs(), before + 2);
	assert_int_equal(page_get(&S, adm, SVC_PAGE "/langkah", 200, &r), 0);
	assert_true(resp_has(&r, "Tidak ada perubahan"));
	resp_free(&r);
}

/* An application keeps the definition it was made under; a new one gets
 * the new definition. */
static void test_layanan_old_definition_kept(void **st)
{
	const char *field[] = { "asal", "", "kode", "", "label", "Nama Instansi", "jenis", "select", "wajib", "1", "min", "",
				"maks", "", "bantuan", "", "pilihan", "BPJS Kesehatan\nBank\n\nImigrasi", "posisi", "1",
				"aksi", "simpan", NULL };
	char *tok = pemohon_active_token(&S, NIK_A, PW), *kode_lama, labels[1024];
	long long def_lama = def_in_force(), def_baru;
	json_t *j, *isian;
	long status;

	(void)st;
	assert_non_null(tok);
	j = api_json(&S, "POST", "/api/v1/pengajuan",
			 app_body(json_pack("{s:s, s:s}", "permasalahan_data", "NIK tidak ditemukan di BPJS.",
					    "nomor_bpjs", "0001234567890")),
			 tok, &status);
	assert_int_equal(status, 201);
	kode_lama = strdup(json_string_value(json_object_get(j, "kode")));
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT definisi_id FROM pengajuan WHERE kode = '%s'", kode_lama), def_lama);

	{
		struct resp r;

		post_form(adm, SVC_PAGE "/isian", SVC_PAGE "/isian", &r, field);
		assert_true(redirect_is(&r, SVC_PAGE "/isian"));
		resp_free(&r);
	}
	def_baru = def_in_force();
	assert_true(def_baru > def_lama);
	/* kode made from the label, options one per line, placed first */
	j = def_now();
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "isian"), 0), "kode")), "nama_instansi");
	assert_int_equal(json_array_size(json_object_get(entry(j, "isian", "nama_instansi"), "pilihan")), 3);
	json_decref(j);

	/* the old application: same definition, same fields, still editable */
	assert_int_equal(srv_db_int(&S, "SELECT definisi_id FROM pengajuan WHERE kode = '%s'", kode_lama), def_lama);
	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s", kode_lama), NULL, tok, &status);
	assert_int_equal(status, 200);
	labels_of(j, labels, sizeof labels);
	assert_non_null(strstr(labels, "Permasalahan Data|"));
	assert_non_null(strstr(labels, "Nomor Kartu BPJS|"));
	assert_null(strstr(labels, "Nama Instansi"));
	json_decref(j);
	j = api_json(&S, "PUT", pathf("/api/v1/pengajuan/%s", kode_lama),
			 app_body(json_pack("{s:s, s:s}", "permasalahan_data", "Data tidak ditemukan di Bank.",
					    "nomor_bpjs", "0001234567890")),
			 tok, &status);
	assert_int_equal(status, 200);
	json_decref(j);
	assert_int_equal(srv_db_int(&S, "SELECT definisi_id FROM pengajuan WHERE kode = '%s'", kode_lama), def_lama);

	/* a new one must answer the new field, and records the new definition */
	j = api_json(&S, "POST", "/api/v1/pengajuan",
			 app_body(json_pack("{s:s, s:s}", "permasalahan_data", "NIK tidak ditemukan.", "nomor_bpjs",
					    "0001234567890")),
			 tok, &status);
	assert_int_equal(status, 422);
	assert_non_null(field_msg(j, "isian.nama_instansi"));
	json_decref(j);
	j = api_json(&S, "POST", "/api/v1/pengajuan",
			 app_body(json_pack("{s:s, s:s, s:s}", "permasalahan_data", "NIK tidak ditemukan.",
					    "nomor_bpjs", "0001234567890",
					    "nama_instansi", "Bank")),
			 tok, &status);
	assert_int_equal(status, 201);
	assert_int_equal(srv_db_int(&S, "SELECT definisi_id FROM pengajuan WHERE kode = '%s'",
				    json_string_value(json_object_get(j, "kode"))),
			 def_baru);
	isian = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s", json_string_value(json_object_get(j, "kode"))), NULL,
			 tok, &status);
	assert_int_equal(status, 200);
	labels_of(isian, labels, sizeof labels);
	assert_int_equal(strncmp(labels, "Nama Instansi|Permasalahan Data|Nomor Kartu BPJS|", 48), 0);
	json_decref(isian);
	json_decref(j);

	/* the staff list counts the application still on the old definition */
	{
		struct resp r;

		assert_int_equal(page_get(&S, adm, SVC_PAGE, 200, &r), 0);
		assert_true(resp_has(&r, "1 pengajuan dalam proses masih memakai versi lama"));
		resp_free(&r);
	}
	free(kode_lama);
	free(tok);
}

/* A refused save: status, message, what was typed, and nothing stored. */
static void expect_refused(const char *tab, const char *const *kv, long status, const char *message, const char *name,
			   const char *typed)
{
	long long before = defs(), logged = srv_db_int(&S, "SELECT count(*) FROM audit");
	struct resp r;
	char *v;

	post_form(adm, pathf(SVC_PAGE "%s", tab), pathf(SVC_PAGE "%s", tab), &r, kv);
	if (r.status != status || !resp_has(&r, message))
		fail_msg("%s: status %ld, wanted %ld and \"%s\"", tab, r.status, status, message);
	if (name) {
		v = html_field(r.body, name);
		assert_non_null(v);
		assert_string_equal(v, typed);
		free(v);
	} else if (typed && !resp_has(&r, typed)) {
		fail_msg("%s: the answer does not keep %s", tab, typed);
	}
	resp_free(&r);
	assert_int_equal(defs(), before);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM audit"), logged);
}

static void test_bad_layanan_input(void **st)
{
	const char *dup[] = { "asal", "", "kode", "permasalahan_data", "label", "Permasalahan Lain", "jenis", "text", "aksi",
			      "simpan", NULL };
	const char *negative[] = { "l0_kode", "konsolidasi-manual", "l0_nama", "Konsolidasi Manual", "l0_menit", "-5",
				   "l0_urutan", "1", NULL };
	const char *no_name[] = { "l0_kode", "konsolidasi-manual", "l0_nama", "", "l0_menit", "60", "l0_urutan", "1", NULL };
	const char *weekday[] = { "jam_senin_buka", "07:30", "jam_senin_tutup", "16:00", "jam_sabtuu_buka", "08:00",
				  "jam_sabtuu_tutup", "12:00", "kuota", "", NULL };
	const char *range[] = { "jam_senin_buka", "16:00", "jam_senin_tutup", "08:00", "kuota", "", NULL };
	const char *half[] = { "jam_selasa_buka", "08:00", "jam_selasa_tutup", "", "kuota", "", NULL };
	const char *closed[] = { "kuota", "-3", "t0_tanggal", "2026-02-30", "t0_alasan", "Libur", "t1_tanggal", "2026-12-25",
				 "t1_alasan", "", NULL };
	const char *umum[] = { "nama", "", "ringkasan", "Sinkronisasi data kependudukan.", "ikon", "arrow-repeat", "urutan",
			       "16", "label_nik", "", "label_nama", "", "nik_wajib", "1", "aktif", "1", NULL };
	const char *icon[] = { "nama", "Sinkronisasi Data", "ringkasan", "Sinkronisasi data kependudukan.", "ikon",
			       "bukan-ikon-sungguhan", "urutan", "16", "nik_wajib", "1", "aktif", "1", NULL };
	const char *number[] = { "asal", "", "kode", "umur", "label", "Umur", "jenis", "number", "min", "90", "maks", "10",
				 "aksi", "simpan", NULL };
	const char *select[] = { "asal", "", "kode", "pilih", "label", "Pilih Salah Satu", "jenis", "select", "pilihan", "",
				 "aksi", "simpan", NULL };
	const char *gone[] = { "asal", "tidak_ada", "kode", "tidak_ada", "label", "Tidak Ada", "jenis", "text", "aksi",
			       "simpan", NULL };

	(void)st;
	expect_refused("/isian", dup, 422, "sudah dipakai isian lain", NULL, "value=\"Permasalahan Lain\"");
	expect_refused("/langkah", negative, 422, "Waktu baku harus bilangan bulat 1 sampai 43200 menit.", "l0_menit", "-5");
	expect_refused("/langkah", no_name, 422, "Nama langkah wajib diisi.", "l0_kode", "konsolidasi-manual");
	expect_refused("/ketersediaan", weekday, 422, "&quot;sabtuu&quot; tidak dikenal", NULL, NULL);
	expect_refused("/ketersediaan", range, 422, "Jam tutup hari Senin harus lebih lambat dari jam buka.", "jam_senin_buka",
		       "16:00");
	expect_refused("/ketersediaan", half, 422, "Isi jam buka dan jam tutup hari Selasa", "jam_selasa_buka", "08:00");
	expect_refused("/ketersediaan", closed, 422, "Tanggal tutup tidak valid", "t0_tanggal", "2026-02-30");
	expect_refused("/ketersediaan", closed, 422, "Alasan tutup wajib diisi.", "kuota", "-3");
	expect_refused("/ketersediaan", closed, 422, "Kuota harian harus bilangan bulat", NULL, NULL);
	expect_refused("", umum, 422, "Nama layanan wajib diisi.", "ringkasan", "Sinkronisasi data kependudukan.");
	expect_refused("", icon, 422, "Ikon tidak ditemukan", "ikon", "bukan-ikon-sungguhan");
	expect_refused("/isian", number, 422, "Nilai maksimal tidak boleh lebih kecil dari nilai minimal.", NULL,
		       "value=\"90\"");
	expect_refused("/isian", select, 422, "Isi minimal satu pilihan", NULL, "value=\"Pilih Salah Satu\"");
	expect_refused("/isian", gone, 409, "baru saja diubah oleh petugas lain", NULL, NULL);
}

/* A form shown before someone else saved cannot overwrite their change. */
static void test_bad_layanan_stale_version(void **st)
{
	const char *steps[] = { "csrf", NULL, "versi", NULL, "l0_kode", "konsolidasi-manual", "l0_nama", "Konsolidasi Manual",
				"l0_menit", "45", "l0_urutan", "1", NULL };
	char *csrf = page_field(adm, SVC_PAGE "/langkah", "csrf"), *versi = page_field(adm, SVC_PAGE "/langkah", "versi");
	const char *jadi[] = { "j0_kode", "surat-keterangan", "j0_nama", "Surat Keterangan", "j0_urutan", "1", NULL };
	long long before;
	struct resp r;
	char *now;

	(void)st;
	assert_non_null(csrf);
	assert_non_null(versi);
	post_form(adm, SVC_PAGE "/dokumen-jadi", SVC_PAGE "/dokumen-jadi", &r, jadi);
	assert_true(redirect_is(&r, SVC_PAGE "/dokumen-jadi"));
	resp_free(&r);
	before = defs();
	steps[1] = csrf;
	steps[3] = versi;
	assert_int_equal(client_post_arr(adm, SVC_PAGE "/langkah", steps, &r), 0);
	assert_int_equal(r.status, 409);
	assert_true(resp_has(&r, "baru saja diubah oleh petugas lain"));
	now = html_field(r.body, "l0_menit");
	assert_string_equal(now, "45");
	free(now);
	/* the form moved on to the version in force: a second save is deliberate */
	now = html_field(r.body, "versi");
	assert_int_equal(atoll(now), def_in_force());
	free(now);
	resp_free(&r);
	assert_int_equal(defs(), before);
	free(csrf);
	free(versi);
}

/* Example images: a real JPEG is stored re-encoded under a new name; an
 * HTML page renamed .jpg is refused and nothing is stored. */
static void test_layanan_contoh_upload(void **st)
{
	char *csrf = page_field(adm, SVC_PAGE "/dokumen", "csrf"), *versi = page_field(adm, SVC_PAGE "/dokumen", "versi");
	struct part good[] = {
		{ "csrf", csrf, 0, NULL, NULL },
		{ "versi", versi, 0, NULL, NULL },
		{ "d0_asal", "foto-kartu-keluarga", 0, NULL, NULL },
		{ "d0_kode", "foto-kartu-keluarga", 0, NULL, NULL },
		{ "d0_nama", "Foto Kartu Keluarga Pemohon", 0, NULL, NULL },
		{ "d0_wajib", "1", 0, NULL, NULL },
		{ "d0_urutan", "1", 0, NULL, NULL },
		{ "d0_contoh", (const char *)jpeg_24x16, jpeg_24x16_len, "contoh kk.jpg", "image/jpeg" },
		{ "d1_asal", "foto-ktp-el", 0, NULL, NULL },
		{ "d1_kode", "foto-ktp-el", 0, NULL, NULL },
		{ "d1_nama", "Foto KTP-El Pemohon", 0, NULL, NULL },
		{ "d1_wajib", "1", 0, NULL, NULL },
		{ "d1_urutan", "2", 0, NULL, NULL },
		{ "d2_asal", "", 0, NULL, NULL },
		{ "d2_kode", "", 0, NULL, NULL },
		{ "d2_nama", "Surat Keterangan Instansi", 0, NULL, NULL },
		{ "d2_keterangan", "Bila ada.", 0, NULL, NULL },
		{ "d2_urutan", "3", 0, NULL, NULL },
		{ NULL, NULL, 0, NULL, NULL },
	};
	long long before = defs();
	int files = katalog_files();
	const char *contoh;
	json_t *def;
	struct resp r;
	char *ct;

	(void)st;
	assert_non_null(csrf);
	assert_non_null(versi);
	assert_int_equal(client_multipart(adm, SVC_PAGE "/dokumen", good, &r), 0);
	assert_true(redirect_is(&r, SVC_PAGE "/dokumen"));
	resp_free(&r);
	assert_int_equal(defs(), before + 1);
	assert_int_equal(katalog_files(), files + 1);
	def = def_now();
	contoh = json_string_value(json_object_get(entry(def, "dokumen", "foto-kartu-keluarga"), "contoh"));
	assert_non_null(contoh);
	assert_int_equal(strncmp(contoh, "contoh-foto-kartu-keluarga-", 27), 0);
	assert_non_null(strstr(contoh, ".jpg"));
	assert_true(katalog_has(contoh));
	/* the other row kept its image; the new row got a kode from its name */
	assert_string_equal(json_string_value(json_object_get(entry(def, "dokumen", "foto-ktp-el"), "contoh")), "ktp-el.svg");
	assert_false(json_is_true(json_object_get(entry(def, "dokumen", "surat-keterangan-instansi"), "wajib")));
	{
		struct client *c = client_new(&S);

		assert_int_equal(page_get(&S, c, pathf("/katalog/contoh/%s", contoh), 200, &r), 0);
		ct = resp_header(&r, "Content-Type");
		assert_non_null(ct);
		assert_non_null(strstr(ct, "image/jpeg"));
		free(ct);
		resp_free(&r);
		client_free(c);
	}
	assert_int_equal(visitor_has(&S, "/persyaratan/" SVC, pathf("/katalog/contoh/%s", contoh)), 1);
	assert_int_equal(visitor_has(&S, "/persyaratan/" SVC, "Surat Keterangan Instansi"), 1);
	json_decref(def);
	free(versi);

	/* an HTML page renamed .jpg */
	versi = page_field(adm, SVC_PAGE "/dokumen", "versi");
	assert_non_null(versi);
	good[1].data = versi;
	good[7].data = HTML;
	good[7].len = strlen(HTML);
	good[7].filename = "kk.jpg";
	before = defs();
	files = katalog_files();
	assert_int_equal(client_multipart(adm, SVC_PAGE "/dokumen", good, &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Contoh file ditolak"));
	/* what was typed comes back */
	ct = html_field(r.body, "d2_nama");
	assert_string_equal(ct, "Surat Keterangan Instansi");
	free(ct);
	resp_free(&r);
	assert_int_equal(defs(), before);
	assert_int_equal(katalog_files(), files);
	free(csrf);
	free(versi);
}

static void test_layanan_umum_and_baru(void **st)
{
	const char *umum[] = { "nama", "Sinkronisasi Data Kependudukan", "ringkasan", "Sinkronisasi data yang belum terbaca.",
			       "ikon", "arrow-repeat", "urutan", "16", "label_nik", "NIK Pemohon", "label_nama", "Nama Pemohon",
			       "nik_wajib", "1", NULL };
	const char *baru[] = { "kode", "legalisir-dokumen", "prefix", "LGD", "nama", "Legalisir Dokumen", "ringkasan",
			       "Legalisir salinan dokumen kependudukan.", "ikon", "file-earmark-check", "persyaratan",
			       "1. Dokumen asli;\n2. Fotokopi.", "proses", "Diproses pada hari kerja.", "aktif", "1", NULL };
	const char *dup[] = { "kode", "legalisir-akta", "prefix", "AKL", "nama", "Legalisir Akta", "ringkasan", "Legalisir.",
			      "ikon", "file-earmark-check", "persyaratan", "Dokumen asli.", "proses", "Hari kerja.", NULL };
	long long services = srv_db_int(&S, "SELECT count(*) FROM layanan");
	struct resp r;
	json_t *j;
	long status;
	char *v;

	(void)st;
	/* closing the service (aktif not ticked) */
	post_form(adm, SVC_PAGE, SVC_PAGE, &r, umum);
	assert_true(redirect_is(&r, SVC_PAGE));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT aktif FROM layanan WHERE kode = '" SVC "'"), 0);
	assert_int_equal(srv_db_int(&S,
				    "SELECT count(*) FROM layanan WHERE nama = 'Sinkronisasi Data Kependudukan'"), 1);
	j = api_json(&S, "GET", "/api/v1/layanan/" SVC, NULL, NULL, &status);
	assert_int_equal(status, 200);
	assert_string_equal(json_string_value(json_object_get(j, "nama")), "Sinkronisasi Data Kependudukan");
	assert_true(json_is_false(json_object_get(j, "tersedia")));
	json_decref(j);
	assert_true(srv_db_int(&S, "SELECT count(*) FROM audit WHERE objek = 'layanan:%lld' AND detail LIKE '%%dinonaktifkan%%'",
			       svc_id()) == 1);

	/* a new service */
	post_form(adm, "/staf/layanan/baru", "/staf/layanan/baru", &r, baru);
	assert_true(redirect_is(&r, "/staf/layanan/legalisir-dokumen/isian"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM layanan"), services + 1);
	assert_int_equal(visitor_has(&S, "/persyaratan/legalisir-dokumen", "Legalisir Dokumen"), 1);
	j = api_json(&S, "GET", "/api/v1/layanan/legalisir-dokumen", NULL, NULL, &status);
	assert_int_equal(status, 200);
	assert_string_equal(json_string_value(json_object_get(j, "prefix")), "LGD");
	assert_true(json_is_true(json_object_get(j, "tersedia")));
	json_decref(j);
	assert_int_equal(audits("layanan.tambah",
				pathf("layanan:%lld",
				      srv_db_int(&S, "SELECT id FROM layanan WHERE kode = 'legalisir-dokumen'"))), 1);

	/* a prefix already taken */
	post_form(adm, "/staf/layanan/baru", "/staf/layanan/baru", &r, dup);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Prefix ini sudah dipakai layanan lain."));
	v = html_field(r.body, "nama");
	assert_string_equal(v, "Legalisir Akta");
	free(v);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM layanan"), services + 1);
}

/* ---- information posts -------------------------------------------------- */

/* Today and yesterday in WIB as YYYY-MM-DD. */
static void days_wib(char today[11], char yesterday[11], char tomorrow[11])
{
	time_t t = time(NULL) + 7 * 3600, y = t - 86400, m = t + 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(today, 11, "%Y-%m-%d", &tm);
	gmtime_r(&y, &tm);
	strftime(yesterday, 11, "%Y-%m-%d", &tm);
	gmtime_r(&m, &tm);
	strftime(tomorrow, 11, "%Y-%m-%d", &tm);
}

/* Creates a post through the page; returns its id. */
static long long add_post(const char *jenis, const char *judul, const char *isi, const char *terbit)
{
	const char *kv[] = { "jenis", jenis, "judul", judul, "isi", isi, "terbit_tanggal", terbit, "terbit_jam", "07:00",
			     "berakhir_tanggal", "", "berakhir_jam", "", NULL };
	struct resp r;
	long long id;

	post_form(adm, "/staf/informasi/baru", "/staf/informasi/baru", &r, kv);
	id = srv_db_int(&S, "SELECT max(id) FROM informasi WHERE judul = '%s'", judul);
	assert_true(id > 0);
	assert_true(redirect_is(&r, pathf("/staf/informasi/%lld", id)));
	resp_free(&r);
	return id;
}

static void test_informasi_create_edit_end(void **st)
{
	char today[11], yesterday[11], tomorrow[11];
	const char *edit[] = { "jenis", "umum", "judul", "Jadwal Layanan Sabtu Diperbarui", "isi", "**Mohon perhatian**: jadwal berubah.",
			       "terbit_tanggal", NULL, "terbit_jam", "07:00", "berakhir_tanggal", NULL, "berakhir_jam", "", NULL };
	long long id, later;
	struct resp r;
	char *v;

	(void)st;
	days_wib(today, yesterday, tomorrow);
	id = add_post("umum", "Jadwal Layanan Sabtu", "**Mohon perhatian**: layanan Sabtu dibuka.", yesterday);
	assert_int_equal(page_get(&S, adm, pathf("/staf/informasi/%lld", id), 200, &r), 0);
	assert_true(resp_has(&r, "<strong>Mohon perhatian</strong>"));
	assert_true(resp_has(&r, "Aktif"));
	v = html_field(r.body, "terbit_tanggal");
	assert_string_equal(v, yesterday);
	free(v);
	resp_free(&r);
	assert_int_equal(visitor_has(&S, "/informasi", "Jadwal Layanan Sabtu"), 1);
	assert_int_equal(visitor_has(&S, pathf("/informasi/%lld", id), "layanan Sabtu dibuka"), 1);
	assert_int_equal(page_get(&S, adm, "/staf/informasi", 200, &r), 0);
	assert_true(resp_has(&r, "Jadwal Layanan Sabtu"));
	resp_free(&r);

	/* edit: new title, an end date */
	edit[7] = yesterday;
	edit[11] = tomorrow;
	post_form(adm, pathf("/staf/informasi/%lld", id), pathf("/staf/informasi/%lld", id), &r, edit);
	assert_true(redirect_is(&r, pathf("/staf/informasi/%lld", id)));
	resp_free(&r);
	assert_int_equal(visitor_has(&S, "/informasi", "Jadwal Layanan Sabtu Diperbarui"), 1);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM informasi WHERE id = %lld AND berakhir_at IS NOT NULL", id), 1);

	/* scheduled: not shown before it is published */
	later = add_post("umum", "Pengumuman Besok", "Terbit besok.", tomorrow);
	assert_int_equal(visitor_has(&S, "/informasi", "Pengumuman Besok"), 0);
	assert_int_equal(page_get(&S, adm, "/staf/informasi", 200, &r), 0);
	assert_true(resp_has(&r, "Terjadwal"));
	resp_free(&r);

	/* Akhiri: gone from the public pages at once */
	post_form(adm, pathf("/staf/informasi/%lld", id), pathf("/staf/informasi/%lld/akhiri", id), &r,
		  (const char *[]){ NULL });
	assert_true(redirect_is(&r, pathf("/staf/informasi/%lld", id)));
	resp_free(&r);
	assert_int_equal(visitor_has(&S, "/informasi", "Jadwal Layanan Sabtu"), 0);
	{
		struct client *c = client_new(&S);

		assert_int_equal(page_get(&S, c, pathf("/informasi/%lld", id), 404, &r), 0);
		resp_free(&r);
		client_free(c);
	}
	assert_int_equal(page_get(&S, adm, pathf("/staf/informasi/%lld", id), 200, &r), 0);
	assert_true(resp_has(&r, "Berakhir"));
	assert_false(resp_has(&r, "Akhiri Sekarang"));
	resp_free(&r);
	/* a second Akhiri changes nothing */
	post_form(adm, pathf("/staf/informasi/%lld", id), pathf("/staf/informasi/%lld/akhiri", id), &r,
		  (const char *[]){ NULL });
	assert_true(redirect_is(&r, pathf("/staf/informasi/%lld", id)));
	resp_free(&r);
	assert_int_equal(audits("informasi.tambah", pathf("informasi:%lld", id)), 1);
	assert_int_equal(audits("informasi.ubah", pathf("informasi:%lld", id)), 1);
	assert_int_equal(audits("informasi.akhiri", pathf("informasi:%lld", id)), 1);
	assert_int_equal(audits("informasi.tambah", pathf("informasi:%lld", later)), 1);
	assert_int_equal(page_get(&S, adm, "/staf/informasi/999999", 404, &r), 0);
	resp_free(&r);
}

static void test_informasi_rahasia_hidden(void **st)
{
	char today[11], yesterday[11], tomorrow[11];
	struct client *c = client_new(&S);
	long long id;
	struct resp r;

	(void)st;
	days_wib(today, yesterday, tomorrow);
	id = add_post("rahasia", "Khusus Pemohon Terdaftar", "Hanya untuk pemohon yang login.", yesterday);
	assert_int_equal(visitor_has(&S, "/informasi", "Khusus Pemohon Terdaftar"), 0);
	assert_int_equal(page_get(&S, c, pathf("/informasi/%lld", id), 404, &r), 0);
	resp_free(&r);
	assert_int_equal(pemohon_active(&S, c, NIK_B, PW), 0);
	assert_int_equal(page_get(&S, c, "/informasi", 200, &r), 0);
	assert_true(resp_has(&r, "Khusus Pemohon Terdaftar"));
	resp_free(&r);
	client_free(c);
}

static void expect_post_refused(const char *const *kv, const char *message, const char *name, const char *typed)
{
	long long posts = srv_db_int(&S, "SELECT count(*) FROM informasi"), logged = srv_db_int(&S, "SELECT count(*) FROM audit");
	struct resp r;
	char *v;

	post_form(adm, "/staf/informasi/baru", "/staf/informasi/baru", &r, kv);
	if (r.status != 422 || !resp_has(&r, message))
		fail_msg("status %ld, wanted 422 and \"%s\"", r.status, message);
	v = html_field(r.body, name);
	assert_non_null(v);
	assert_string_equal(v, typed);
	free(v);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM informasi"), posts);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM audit"), logged);
}

static void test_bad_informasi_input(void **st)
{
	char long_title[202], *long_body = malloc(20002);
	const char *kv[] = { "jenis", "umum", "judul", "Judul Uji", "isi", "Isi uji.", "terbit_tanggal", "2026-01-10",
			     "terbit_jam", "08:00", "berakhir_tanggal", "", "berakhir_jam", "", NULL };

	(void)st;
	memset(long_title, 'a', 201);
	long_title[201] = '\0';
	memset(long_body, 'b', 20001);
	long_body[20001] = '\0';
	kv[3] = "";
	expect_post_refused(kv, "Judul wajib diisi.", "isi", "Isi uji.");
	kv[3] = long_title;
	expect_post_refused(kv, "Judul maksimal 200 karakter.", "isi", "Isi uji.");
	kv[3] = "Judul Uji";
	kv[5] = "";
	expect_post_refused(kv, "Isi informasi wajib diisi.", "judul", "Judul Uji");
	kv[5] = long_body;
	expect_post_refused(kv, "Isi informasi maksimal 20.000 karakter.", "judul", "Judul Uji");
	kv[5] = "Isi uji.";
	kv[7] = "2026-02-30";
	expect_post_refused(kv, "Tanggal terbit tidak valid.", "judul", "Judul Uji");
	kv[7] = "2026-01-10";
	kv[9] = "25:00";
	expect_post_refused(kv, "Jam terbit harus berformat JJ:MM", "terbit_jam", "25:00");
	kv[9] = "08:00";
	kv[11] = "2026-01-09";
	expect_post_refused(kv, "Waktu berakhir harus setelah waktu terbit.", "berakhir_tanggal", "2026-01-09");
	kv[11] = "2026-01-10";
	kv[13] = "07:00";
	expect_post_refused(kv, "Waktu berakhir harus setelah waktu terbit.", "berakhir_jam", "07:00");
	kv[11] = "";
	kv[13] = "";
	kv[1] = "pribadi";
	expect_post_refused(kv, "Pilih jenis informasi", "judul", "Judul Uji");
	free(long_body);
}

/* ---- forms -------------------------------------------------------------- */

/* Posts the upload form; the answer in r. */
static void upload_form(const char *judul, const char *layanan, const char *data, size_t len, const char *filename,
			struct resp *r)
{
	char *csrf = page_field(adm, "/staf/formulir/baru", "csrf");
	const struct part parts[] = {
		{ "csrf", csrf, 0, NULL, NULL },
		{ "judul", judul, 0, NULL, NULL },
		{ "layanan", layanan, 0, NULL, NULL },
		{ "urutan", "", 0, NULL, NULL },
		{ "file", data, len, filename, "application/pdf" },
		{ NULL, NULL, 0, NULL, NULL },
	};

	assert_non_null(csrf);
	assert_int_equal(client_multipart(adm, "/staf/formulir/baru", data ? parts : (const struct part[]){
		{ "csrf", csrf, 0, NULL, NULL }, { "judul", judul, 0, NULL, NULL }, { "layanan", layanan, 0, NULL, NULL },
		{ NULL, NULL, 0, NULL, NULL } }, r), 0);
	free(csrf);
}

static void download(long long id, long want, const char *body)
{
	struct client *c = client_new(&S);
	struct resp r;

	assert_int_equal(page_get(&S, c, pathf("/formulir/%lld/unduh", id), want, &r), 0);
	if (body) {
		assert_int_equal(r.len, strlen(body));
		assert_memory_equal(r.body, body, r.len);
	}
	resp_free(&r);
	client_free(c);
}

static void test_formulir_upload_replace_delete(void **st)
{
	char sid[24], *berkas, *lama;
	long long id, forms = srv_db_int(&S, "SELECT count(*) FROM formulir");
	int files = katalog_files();
	struct resp r;

	(void)st;
	snprintf(sid, sizeof sid, "%lld", svc_id());
	assert_int_equal(visitor_has(&S, "/formulir?layanan=" SVC, "Layanan ini tidak membutuhkan formulir."), 1);
	upload_form("Formulir Uji Coba F-9.99", sid, PDF1, strlen(PDF1), "F-9.99 uji.pdf", &r);
	assert_true(redirect_is(&r, "/staf/formulir"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM formulir"), forms + 1);
	assert_int_equal(katalog_files(), files + 1);
	id = srv_db_int(&S, "SELECT id FROM formulir WHERE judul = 'Formulir Uji Coba F-9.99'");
	berkas = srv_db_text(&S, "SELECT berkas FROM formulir WHERE id = %lld", id);
	assert_non_null(berkas);
	assert_int_equal(strncmp(berkas, "formulir-uji-coba-f-9-99-", 25), 0);
	assert_true(katalog_has(berkas));
	assert_int_equal(visitor_has(&S, "/formulir?layanan=" SVC, "Formulir Uji Coba F-9.99"), 1);
	assert_int_equal(visitor_has(&S, "/formulir", "Formulir Uji Coba F-9.99"), 1);
	download(id, 200, PDF1);
	assert_int_equal(page_get(&S, adm, "/staf/formulir", 200, &r), 0);
	assert_true(resp_has(&r, "Formulir Uji Coba F-9.99"));
	resp_free(&r);

	/* replace the file */
	{
		char *csrf = page_field(adm, pathf("/staf/formulir/%lld", id), "csrf");
		const struct part parts[] = {
			{ "csrf", csrf, 0, NULL, NULL },
			{ "file", PDF2, strlen(PDF2), "F-9.99 revisi.PDF", "application/pdf" },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_non_null(csrf);
		assert_int_equal(client_multipart(adm, pathf("/staf/formulir/%lld/ganti", id), parts, &r), 0);
		assert_true(redirect_is(&r, pathf("/staf/formulir/%lld", id)));
		resp_free(&r);
		free(csrf);
	}
	download(id, 200, PDF2);
	lama = berkas;
	assert_false(katalog_has(lama));
	berkas = srv_db_text(&S, "SELECT berkas FROM formulir WHERE id = %lld", id);
	assert_true(katalog_has(berkas));
	assert_int_equal(srv_db_int(&S, "SELECT ukuran FROM formulir WHERE id = %lld", id), (long long)strlen(PDF2));
	assert_int_equal(katalog_files(), files + 1);

	/* edit title, move to Umum */
	{
		const char *kv[] = { "judul", "Formulir Uji Coba F-9.99 (Revisi)", "layanan", "0", "urutan", "5", NULL };

		post_form(adm, pathf("/staf/formulir/%lld", id), pathf("/staf/formulir/%lld", id), &r, kv);
		assert_true(redirect_is(&r, pathf("/staf/formulir/%lld", id)));
		resp_free(&r);
	}
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM formulir WHERE id = %lld AND layanan_id IS NULL AND urutan = 5", id), 1);
	assert_int_equal(visitor_has(&S, "/formulir", "Formulir Uji Coba F-9.99 (Revisi)"), 1);
	assert_int_equal(visitor_has(&S, "/formulir?layanan=" SVC, "Formulir Uji Coba"), 0);

	/* delete: row, then file */
	post_form(adm, pathf("/staf/formulir/%lld", id), pathf("/staf/formulir/%lld/hapus", id), &r,
		  (const char *[]){ NULL });
	assert_true(redirect_is(&r, "/staf/formulir"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM formulir"), forms);
	assert_false(katalog_has(berkas));
	assert_int_equal(katalog_files(), files);
	assert_int_equal(visitor_has(&S, "/formulir", "Formulir Uji Coba"), 0);
	download(id, 404, NULL);
	assert_int_equal(audits("formulir.tambah", pathf("formulir:%lld", id)), 1);
	assert_int_equal(audits("formulir.ganti", pathf("formulir:%lld", id)), 1);
	assert_int_equal(audits("formulir.ubah", pathf("formulir:%lld", id)), 1);
	assert_int_equal(audits("formulir.hapus", pathf("formulir:%lld", id)), 1);
	free(berkas);
	free(lama);
}

/* A form shared by several services (F-1.01 in the default catalog) is
 * replaced for all of them at once. */
static void test_formulir_replace_shared(void **st)
{
	long long id = srv_db_int(&S, "SELECT min(id) FROM formulir f WHERE (SELECT count(*) FROM formulir g WHERE g.berkas = f.berkas) > 1");
	long long sharing;
	char *old, *csrf;
	struct resp r;

	(void)st;
	assert_true(id > 0);
	old = srv_db_text(&S, "SELECT berkas FROM formulir WHERE id = %lld", id);
	sharing = srv_db_int(&S, "SELECT count(*) FROM formulir WHERE berkas = '%s'", old);
	assert_int_equal(page_get(&S, adm, pathf("/staf/formulir/%lld", id), 200, &r), 0);
	assert_true(resp_has(&r, "name=\"semua\""));
	resp_free(&r);
	csrf = page_field(adm, pathf("/staf/formulir/%lld", id), "csrf");
	assert_non_null(csrf);
	{
		const struct part parts[] = {
			{ "csrf", csrf, 0, NULL, NULL },
			{ "semua", "1", 0, NULL, NULL },
			{ "file", PDF2, strlen(PDF2), "baru.pdf", "application/pdf" },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_int_equal(client_multipart(adm, pathf("/staf/formulir/%lld/ganti", id), parts, &r), 0);
		assert_true(redirect_is(&r, pathf("/staf/formulir/%lld", id)));
		resp_free(&r);
	}
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM formulir WHERE berkas = '%s'", old), 0);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM formulir WHERE berkas = (SELECT berkas FROM formulir WHERE id = %lld)", id),
			 sharing);
	assert_false(katalog_has(old));
	download(id, 200, PDF2);
	free(csrf);
	free(old);
}

static void test_bad_formulir_upload(void **st)
{
	long long forms = srv_db_int(&S, "SELECT count(*) FROM formulir"), logged = srv_db_int(&S, "SELECT count(*) FROM audit");
	long long id = srv_db_int(&S, "SELECT min(id) FROM formulir");
	int files = katalog_files();
	char *before = srv_db_text(&S, "SELECT berkas FROM formulir WHERE id = %lld", id), *v, *csrf;
	struct resp r;

	(void)st;
	upload_form("Formulir Palsu", "0", HTML, strlen(HTML), "formulir.pdf", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Isi file bukan PDF yang sah."));
	v = html_field(r.body, "judul");
	assert_string_equal(v, "Formulir Palsu");
	free(v);
	resp_free(&r);
	upload_form("Formulir Teks", "0", PDF1, strlen(PDF1), "formulir.txt", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Formulir harus berupa file PDF (berakhiran .pdf)."));
	resp_free(&r);
	upload_form("Formulir Tanpa File", "0", NULL, 0, NULL, &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Pilih file formulir (PDF) yang akan diunggah."));
	resp_free(&r);
	upload_form("", "0", PDF1, strlen(PDF1), "formulir.pdf", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Judul formulir wajib diisi."));
	resp_free(&r);
	upload_form("Formulir Layanan Hilang", "999999", PDF1, strlen(PDF1), "formulir.pdf", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Layanan tidak ditemukan."));
	resp_free(&r);
	/* a script run on opening, plain or in a compressed object stream
	 * (the same check as finished documents: lib/pdfcheck.h) */
	for (size_t i = 0; i < 2; i++) {
		size_t len;
		char *js = fixture(i ? "pdf/objstm-javascript.pdf" : "pdf/javascript.pdf", &len);

		assert_non_null(js);
		upload_form("Formulir Berskrip", "0", js, len, "skrip.pdf", &r);
		assert_int_equal(r.status, 422);
		assert_true(resp_has(&r, "File PDF ini berisi skrip, tindakan otomatis atau lampiran tersembunyi"));
		v = html_field(r.body, "judul");
		assert_string_equal(v, "Formulir Berskrip");
		free(v);
		resp_free(&r);
		free(js);
	}
	/* the words of a script with no PDF around them: not a PDF */
	upload_form("Formulir Berskrip", "0", "%PDF-1.4\n1 0 obj <</S /JavaScript /JS (app.alert(1))>> endobj\n%%EOF\n", 63,
		    "skrip.pdf", &r);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Isi file bukan PDF yang sah."));
	resp_free(&r);

	/* replacing with HTML renamed .pdf */
	csrf = page_field(adm, pathf("/staf/formulir/%lld", id), "csrf");
	assert_non_null(csrf);
	{
		const struct part parts[] = {
			{ "csrf", csrf, 0, NULL, NULL },
			{ "file", HTML, strlen(HTML), "F-1.01.pdf", "application/pdf" },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_int_equal(client_multipart(adm, pathf("/staf/formulir/%lld/ganti", id), parts, &r), 0);
		assert_int_equal(r.status, 422);
		assert_true(resp_has(&r, "Isi file bukan PDF yang sah."));
		resp_free(&r);
	}
	/* replacing with a scripted PDF */
	{
		size_t len;
		char *js = fixture("pdf/javascript.pdf", &len);
		const struct part parts[] = {
			{ "csrf", csrf, 0, NULL, NULL },
			{ "file", js, len, "F-1.01.pdf", "application/pdf" },
			{ NULL, NULL, 0, NULL, NULL },
		};

		assert_non_null(js);
		assert_int_equal(client_multipart(adm, pathf("/staf/formulir/%lld/ganti", id), parts, &r), 0);
		assert_int_equal(r.status, 422);
		assert_true(resp_has(&r, "berisi skrip"));
		resp_free(&r);
		free(js);
	}
	free(csrf);
	v = srv_db_text(&S, "SELECT berkas FROM formulir WHERE id = %lld", id);
	assert_string_equal(v, before);
	free(v);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM formulir"), forms);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM audit"), logged);
	assert_int_equal(katalog_files(), files);
	free(before);
}

/* ---- access ------------------------------------------------------------- */

static void test_bad_other_roles_forbidden(void **st)
{
	static const char *const pages[] = { "/staf/layanan", "/staf/layanan/baru", SVC_PAGE, SVC_PAGE "/isian",
					     SVC_PAGE "/dokumen", SVC_PAGE "/ketersediaan", "/staf/informasi",
					     "/staf/informasi/baru", "/staf/informasi/1", "/staf/formulir", "/staf/formulir/baru",
					     "/staf/formulir/1", NULL };
	static const char *const posts[] = { SVC_PAGE, SVC_PAGE "/langkah", SVC_PAGE "/isian", SVC_PAGE "/dokumen",
					     "/staf/layanan/baru", "/staf/informasi/baru", "/staf/informasi/1",
					     "/staf/informasi/1/akhiri", "/staf/formulir/baru", "/staf/formulir/1",
					     "/staf/formulir/1/ganti", "/staf/formulir/1/hapus", NULL };
	static const char *const roles[][2] = { { "ver1", "verifikator" }, { "op1", "operator" }, { "ttd1", "penandatangan" } };
	long long d = srv_db_int(&S, "SELECT count(*) FROM layanan_definisi"), f = srv_db_int(&S, "SELECT count(*) FROM formulir");
	long long n = srv_db_int(&S, "SELECT count(*) FROM informasi WHERE berakhir_at IS NULL");
	struct client *anon = client_new(&S);
	struct resp r;

	(void)st;
	for (size_t k = 0; k < 3; k++) {
		struct client *c = staf_ready(&S, roles[k][0], roles[k][1], NULL, NEW_PW);
		char *csrf;
		struct resp menu;

		assert_non_null(c);
		csrf = page_field(c, "/staf/password", "csrf");
		assert_non_null(csrf);
		assert_int_equal(page_get(&S, c, "/staf", 200, &menu), 0);
		assert_false(resp_has(&menu, "href=\"/staf/layanan\""));
		resp_free(&menu);
		for (size_t i = 0; pages[i]; i++) {
			assert_int_equal(page_get(&S, c, pages[i], 403, &r), 0);
			resp_free(&r);
		}
		for (size_t i = 0; posts[i]; i++) {
			assert_int_equal(client_post(c, posts[i], &r, "csrf", csrf, "versi", "1", "nama", "X", "judul", "X",
						     "jenis", "umum", "isi", "X", "terbit_tanggal", "2026-01-01", NULL), 0);
			if (r.status != 403)
				fail_msg("%s POST %s: %ld", roles[k][1], posts[i], r.status);
			resp_free(&r);
		}
		free(csrf);
		client_free(c);
	}
	/* no session: the login page */
	assert_int_equal(page_get(&S, anon, "/staf/layanan", 303, &r), 0);
	resp_free(&r);
	client_free(anon);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM layanan_definisi"), d);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM formulir"), f);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM informasi WHERE berakhir_at IS NULL"), n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_other_roles_forbidden),
		cmocka_unit_test(test_layanan_list),
		cmocka_unit_test(test_layanan_edit_shows_everywhere),
		cmocka_unit_test(test_layanan_old_definition_kept),
		cmocka_unit_test(test_bad_layanan_input),
		cmocka_unit_test(test_bad_layanan_stale_version),
		cmocka_unit_test(test_layanan_contoh_upload),
		cmocka_unit_test(test_layanan_umum_and_baru),
		cmocka_unit_test(test_informasi_create_edit_end),
		cmocka_unit_test(test_informasi_rahasia_hidden),
		cmocka_unit_test(test_bad_informasi_input),
		cmocka_unit_test(test_formulir_upload_replace_delete),
		cmocka_unit_test(test_formulir_replace_shared),
		cmocka_unit_test(test_bad_formulir_upload),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
