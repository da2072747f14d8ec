// SPDX-License-Identifier: MIT
// HTTP tests of the public pages (manual A): Home, Persyaratan, Formulir, Informasi, catalog files and their JSON API.
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

/* Jenis Layanan of the default catalog (kelompok []): the twelve of
 * Gambar 9 without the group ones, plus Sinkronisasi Data. */
#define GENERAL_SERVICES 13
#define GROUP_ONLY "Khusus Grup Pemohon"
#define NO_OUTPUT "Layanan ini tidak menghasilkan dokumen yang dapat diunduh."
#define NO_FORMS "Layanan ini tidak membutuhkan formulir."
#define PAGE_SIZE 5
#define NIK "3326071505900001"
#define PW "Feb1702."

static struct srv S;
static struct client *logged_in;  /* the applicant of NIK, see applicant() */

/* ---- helpers ------------------------------------------------------------- */

/* The catalog snapshot reloads when its generation changes, checked at
 * most once a second: bump it, then wait until path shows (or stops
 * showing) needle. */
static void catalog_changed(const char *path, const char *needle, int present)
{
	int i;

	assert_int_equal(srv_db_exec(&S, "UPDATE sequences SET value = value + 1 WHERE name = 'katalog'"), 0);
	for (i = 0; i < 50; i++) {
		if (visitor_has(&S, path, needle) == present)
			return;
		usleep(100000);
	}
	fail_msg("%s did not %s \"%s\" after the catalog changed", path, present ? "show" : "drop", needle);
}

/* Today in WIB as DD-MM-YYYY (dmy) and YYYY-MM-DD (iso). */
static void today_wib(char dmy[11], char iso[11])
{
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(dmy, 11, "%d-%m-%Y", &tm);
	strftime(iso, 11, "%Y-%m-%d", &tm);
}

/* An information post written straight into storage; its id. berakhir 0:
 * no end. judul must be unique among the posts and free of quotes. */
static long long add_post(const char *jenis, const char *judul, const char *isi, long long terbit, long long berakhir)
{
	char end[32];

	if (berakhir)
		snprintf(end, sizeof end, "%lld", berakhir);
	else
		snprintf(end, sizeof end, "NULL");
	assert_int_equal(srv_db_exec(&S,
				     "INSERT INTO informasi (jenis, judul, isi, terbit_at, berakhir_at, created_at)"
				     " VALUES ('%s', '%s', '%s', %lld, %s, %lld)",
				     jenis, judul, isi, terbit, end, terbit), 0);
	/* Home reads its newest posts at most once a second */
	usleep(1100000);
	return srv_db_int(&S, "SELECT id FROM informasi WHERE judul = '%s'", judul);
}

/* The object of array a whose "kode" is kode (borrowed), or NULL. */
static json_t *by_kode(const json_t *a, const char *kode)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
		if (jstr(e, "kode") && !strcmp(jstr(e, "kode"), kode))
			return e;
	return NULL;
}

static json_t *informasi_with(const json_t *list, const char *judul)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(list, "informasi"), i, e)
		if (!strcmp(jstr(e, "judul"), judul))
			return e;
	return NULL;
}

/* The applicant of NIK, logged in once for the whole group. */
static struct client *applicant(void)
{
	if (!logged_in) {
		logged_in = client_new(&S);
		assert_int_equal(pemohon_active(&S, logged_in, NIK, PW), 0);
	}
	return logged_in;
}

static int setup(void **st)
{
	static const char *const env[] = { "LOKET_PAGE_SIZE=5", NULL };

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	/* opening hours would make the Baru buttons depend on the clock:
	 * rename the rules away (the schema lets an unknown member pass) */
	if (srv_db_exec(&S, "UPDATE layanan_definisi SET definisi = replace(definisi, '\"ketersediaan\":', "
			"'\"tanpa_ketersediaan\":')") < 0)
		return -1;
	catalog_changed("/", "/pengajuan/baru/ktp-el", 1);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	client_free(logged_in);
	logged_in = NULL;
	return srv_stop(&S);
}

/* ---- Home ---------------------------------------------------------------- */

static void test_home_lists_services(void **st)
{
	static const char *const group[] = { "aldino-4in1", "aldino-2in1", "pandu-ceria" };
	long long general = srv_db_int(&S, "SELECT count(*) FROM layanan l JOIN layanan_definisi d ON d.id = l.definisi_id"
				       " WHERE d.definisi LIKE '%%\"kelompok\":[]%%'");
	struct resp r;
	const char *other;
	size_t i;

	(void)st;
	assert_int_equal(general, GENERAL_SERVICES);
	assert_int_equal(page_get(&S, NULL, "/", 200, &r), 0);
	assert_true(resp_has(&r, "Jenis Layanan"));
	assert_int_equal(str_count(r.body, "href=\"/pengajuan/baru/"), GENERAL_SERVICES);
	assert_int_equal(str_count(r.body, "> Baru</a>"), GENERAL_SERVICES);
	assert_true(resp_has(&r, "href=\"/pengajuan/baru/akta-kelahiran\""));
	assert_true(resp_has(&r, "href=\"/pengajuan/baru/sinkronisasi-data\""));
	assert_true(resp_has(&r, "href=\"/persyaratan/akta-kelahiran\""));
	assert_true(resp_has(&r, "/vendor/icons/balloon-heart.svg"));
	assert_false(resp_has(&r, "belum tersedia"));
	/* the group services come after the general ones, without Baru */
	other = strstr(r.body, "Kelompok Pelayanan Lainnya");
	assert_non_null(other);
	assert_non_null(strstr(other, "Pandu Ceria"));
	assert_non_null(strstr(other, "Aldino"));
	assert_int_equal(str_count(other, GROUP_ONLY), 3);
	assert_int_equal(str_count(other, "/pengajuan/baru/"), 0);
	for (i = 0; i < sizeof group / sizeof group[0]; i++) {
		char href[80];

		snprintf(href, sizeof href, "href=\"/persyaratan/%s\"", group[i]);
		assert_non_null(strstr(other, href));
	}
	/* a visitor still sees how to register */
	assert_true(resp_has(&r, "href=\"/pemohon/daftar\""));
	resp_free(&r);
}

static void test_home_shows_latest_informasi(void **st)
{
	long long now = (long long)time(NULL);
	long long old = add_post("umum", "Pengumuman Lama Sekali", "Isi lama.", now - 86400 * 400, 0);
	long long id = add_post("umum", "Libur Cuti Bersama Akhir Tahun",
				"Pelayanan **tatap muka** libur pada tanggal 24 dan 26 Desember. Pengajuan daring "
				"tetap dapat dikirim melalui [Loket](https://loket.example/) dan akan diproses pada "
				"hari kerja berikutnya. Terima kasih atas pengertian Bapak/Ibu semua. KALIMAT-TERAKHIR",
				now, 0);
	char href[64];
	struct resp r;
	const char *item;

	(void)st;
	assert_true(id > 0 && old > 0);
	assert_int_equal(page_get(&S, NULL, "/", 200, &r), 0);
	assert_int_equal(str_count(r.body, "class=\"list-group-item home-info\""), 3);
	item = strstr(r.body, "Libur Cuti Bersama Akhir Tahun");
	assert_non_null(item);
	/* the newest comes first, as plain text cut before the end */
	assert_true(item < strstr(r.body, "class=\"list-group-item home-info\"") + 200);
	assert_non_null(strstr(item, "Pelayanan tatap muka libur"));
	assert_null(strstr(r.body, "**tatap muka**"));
	assert_null(strstr(r.body, "](https://loket.example/)"));
	assert_null(strstr(r.body, "KALIMAT-TERAKHIR"));
	assert_non_null(strstr(item, "…"));
	snprintf(href, sizeof href, "href=\"/informasi/%lld\"", id);
	assert_non_null(strstr(item, href));
	assert_non_null(strstr(item, "[detail]</a>"));
	assert_false(resp_has(&r, "Pengumuman Lama Sekali"));
	resp_free(&r);
}

static void test_home_service_unavailable(void **st)
{
	long long def = srv_db_int(&S, "SELECT definisi_id FROM layanan WHERE kode = 'kia'");
	char dmy[11], iso[11], reason[120];
	json_t *j, *kia;
	long status;
	struct resp r;

	(void)st;
	today_wib(dmy, iso);
	assert_true(def > 0);
	assert_int_equal(srv_db_exec(&S,
				     "UPDATE layanan_definisi SET definisi = replace(definisi, '\"kelompok\":[]', "
				     "'\"kelompok\":[],\"ketersediaan\":{\"tutup\":[{\"alasan\":\"Cuti bersama\",\"tanggal\":\"%s\"}]}')"
				     " WHERE id = %lld", iso, def), 0);
	assert_int_equal(srv_db_int(&S, "SELECT count(*) FROM layanan_definisi WHERE id = %lld AND definisi LIKE '%%Cuti bersama%%'",
				    def), 1);
	catalog_changed("/", "Pengajuan KIA belum tersedia.", 1);

	snprintf(reason, sizeof reason, "Layanan tutup hari ini (%s): Cuti bersama.", dmy);
	assert_int_equal(page_get(&S, NULL, "/", 200, &r), 0);
	assert_true(resp_has(&r, reason));
	assert_false(resp_has(&r, "href=\"/pengajuan/baru/kia\""));
	assert_true(resp_has(&r, "href=\"/persyaratan/kia\""));
	assert_int_equal(str_count(r.body, "href=\"/pengajuan/baru/"), GENERAL_SERVICES - 1);
	resp_free(&r);
	assert_int_equal(page_get(&S, NULL, "/persyaratan/kia", 200, &r), 0);
	assert_true(resp_has(&r, "Pengajuan KIA belum tersedia."));
	assert_true(resp_has(&r, reason));
	resp_free(&r);

	j = api_json(&S, "GET", "/api/v1/layanan", NULL, NULL, &status);
	assert_int_equal(status, 200);
	kia = by_kode(json_object_get(j, "layanan"), "kia");
	assert_non_null(kia);
	assert_true(json_is_false(json_object_get(kia, "tersedia")));
	assert_string_equal(jstr(kia, "alasan"), reason);
	assert_null(json_object_get(by_kode(json_object_get(j, "layanan"), "akta-kelahiran"), "alasan"));
	json_decref(j);

	assert_int_equal(srv_db_exec(&S,
				     "UPDATE layanan_definisi SET definisi = replace(definisi, "
				     "',\"ketersediaan\":{\"tutup\":[{\"alasan\":\"Cuti bersama\",\"tanggal\":\"%s\"}]}', '')"
				     " WHERE id = %lld", iso, def), 0);
	catalog_changed("/", "href=\"/pengajuan/baru/kia\"", 1);
}

/* ---- Persyaratan ----------------------------------------------------------- */

static void test_persyaratan_default_first_service(void **st)
{
	long long services = srv_db_int(&S, "SELECT count(*) FROM layanan");
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, NULL, "/persyaratan", 200, &r), 0);
	/* the side menu lists every service, the first one selected */
	assert_int_equal(str_count(r.body, "class=\"list-group-item list-group-item-action"), services);
	assert_int_equal(str_count(r.body, "aria-current=\"page\">"), 1);
	assert_true(resp_has(&r, "list-group-item-action active\" href=\"/persyaratan/akta-kelahiran\" aria-current=\"page\">Akta Kelahiran</a>"));
	assert_true(resp_has(&r, "<option value=\"akta-kelahiran\" selected>"));
	assert_true(resp_has(&r, "<h1 class=\"h5 mb-0\">Akta Kelahiran</h1>"));
	/* requirements and process rendered from Markdown */
	assert_true(resp_has(&r, "<strong>Pasal 33 Perpres 96/2018</strong>"));
	assert_true(resp_has(&r, "<h2 class=\"h5\">Proses</h2>"));
	assert_true(resp_has(&r, "<ol>"));
	resp_free(&r);
	/* the phone's select lands on the canonical URL */
	assert_int_equal(page_get(&S, NULL, "/persyaratan?layanan=pandu-ceria", 303, &r), 0);
	{
		char *loc = resp_header(&r, "Location");

		assert_non_null(loc);
		assert_string_equal(loc, "/persyaratan/pandu-ceria");
		free(loc);
	}
	resp_free(&r);
	assert_int_equal(page_get(&S, NULL, "/persyaratan/pandu-ceria", 200, &r), 0);
	assert_true(resp_has(&r, "href=\"/persyaratan/pandu-ceria\" aria-current=\"page\">"));
	assert_true(resp_has(&r, GROUP_ONLY));
	assert_false(resp_has(&r, "/pengajuan/baru/"));
	resp_free(&r);
}

static void test_persyaratan_sinkronisasi_data(void **st)
{
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, NULL, "/persyaratan/sinkronisasi-data", 200, &r), 0);
	assert_true(resp_has(&r, "<span class=\"fw-semibold\">Konsolidasi Manual</span> <span class=\"small text-body-secondary text-nowrap\">Standar waktu: 1 jam</span>"));
	assert_true(resp_has(&r, "<span class=\"fw-semibold\">Sinkronisasi DWH</span> <span class=\"small text-body-secondary text-nowrap\">Standar waktu: 30 menit</span>"));
	assert_int_equal(str_count(r.body, "class=\"langkah"), 2);
	assert_true(resp_has(&r, "Total standar waktu: <strong>1 jam 30 menit</strong>"));
	assert_true(resp_has(&r, NO_OUTPUT));
	assert_true(resp_has(&r, NO_FORMS));
	assert_true(resp_has(&r, "Permasalahan Data"));
	resp_free(&r);
	/* a service with output names it instead of the sentence */
	assert_int_equal(page_get(&S, NULL, "/persyaratan/akta-kelahiran", 200, &r), 0);
	assert_false(resp_has(&r, NO_OUTPUT));
	assert_true(resp_has(&r, "<li class=\"list-group-item dokumen-jadi\">Kutipan Akta Kelahiran</li>"));
	resp_free(&r);
	/* a step of a working day */
	assert_int_equal(page_get(&S, NULL, "/persyaratan/pandu-ceria", 200, &r), 0);
	assert_true(resp_has(&r, "Standar waktu: 1 hari kerja"));
	resp_free(&r);
}

static void test_persyaratan_akta_kelahiran_documents(void **st)
{
	/* Gambar 41: name and whether it is required */
	static const struct { const char *nama; int wajib; } docs[] = {
		{ "KTP Elektronik", 1 },
		{ "Surat Keterangan Kelahiran", 1 },
		{ "Buku Nikah/Kutipan Akta Perkawinan", 1 },
		{ "SPTTM Kebenaran Data Kelahiran", 0 },
		{ "SPTTM Kebenaran sebagai Pasangan Suami Istri", 0 },
		{ "Formulir", 1 },
	};
	long long forms = srv_db_int(&S, "SELECT count(*) FROM formulir f JOIN layanan l ON l.id = f.layanan_id"
				     " WHERE l.kode = 'akta-kelahiran'");
	struct resp r;
	const char *prev = NULL;
	size_t i;

	(void)st;
	assert_int_equal(page_get(&S, NULL, "/persyaratan/akta-kelahiran", 200, &r), 0);
	assert_int_equal(str_count(r.body, "class=\"list-group-item dokumen\""), 6);
	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		char want[160];
		const char *at;

		snprintf(want, sizeof want, "<span class=\"fw-semibold\">%s</span>%s", docs[i].nama,
			 docs[i].wajib ? " <span class=\"badge text-bg-danger\">wajib</span>" : "\n");
		at = strstr(r.body, want);
		if (!at)
			fail_msg("document \"%s\" (wajib %d) not shown as such", docs[i].nama, docs[i].wajib);
		assert_true(!prev || at > prev);
		prev = at;
	}
	assert_true(resp_has(&r, "href=\"/katalog/contoh/ktp-el.svg\""));
	/* its forms, each with a download link */
	assert_true(forms >= 1);
	assert_int_equal(str_count(r.body, "/unduh\"><img src=\"/vendor/icons/download.svg\""), forms);
	assert_true(resp_has(&r, "(F-2.01)"));
	resp_free(&r);
}

static void test_bad_persyaratan_unknown_404(void **st)
{
	static const char *const paths[] = {
		"/persyaratan/tidak-ada", "/persyaratan?layanan=tidak-ada", "/persyaratan/AKTA-KELAHIRAN",
		"/persyaratan/%3Cscript%3E",
	};
	struct resp r;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(page_get(&S, NULL, paths[i], 404, &r), 0);
		assert_true(resp_has(&r, "Jenis layanan tidak ditemukan."));
		assert_false(resp_has(&r, "<script>"));
		resp_free(&r);
	}
}

/* ---- Markdown safety ----------------------------------------------------- */

static void test_bad_markdown_is_safe(void **st)
{
	long long id = add_post("umum", "Uji Keamanan Markdown",
				"Halo <script>alert(1)</script> dunia.\n\n<img src=x onerror=alert(2)>\n\n"
				"[klik di sini](javascript:alert(3)) dan [data](data:text/html;base64,PHNjcmlwdD4=)",
				(long long)time(NULL), 0);
	const char *paths[3];
	char detail[64];
	struct resp r;
	size_t i;

	(void)st;
	snprintf(detail, sizeof detail, "/informasi/%lld", id);
	paths[0] = detail;
	paths[1] = "/informasi";
	paths[2] = "/";
	for (i = 0; i < 3; i++) {
		assert_int_equal(page_get(&S, NULL, paths[i], 200, &r), 0);
		assert_true(resp_has(&r, "Uji Keamanan Markdown"));
		assert_false(resp_has(&r, "<script>alert"));
		assert_false(resp_has(&r, "onerror"));
		assert_false(resp_has(&r, "javascript:"));
		assert_false(resp_has(&r, "href=\"data:"));
		resp_free(&r);
	}
	/* the link text is kept, only its target is dropped */
	assert_int_equal(page_get(&S, NULL, detail, 200, &r), 0);
	assert_true(resp_has(&r, "klik di sini</a>"));
	assert_true(resp_has(&r, "Halo "));
	resp_free(&r);
}

/* ---- Formulir ------------------------------------------------------------ */

static void test_formulir_lists_and_filters(void **st)
{
	long long files = srv_db_int(&S, "SELECT count(DISTINCT berkas) FROM formulir");
	long long akl = srv_db_int(&S, "SELECT count(*) FROM formulir f JOIN layanan l ON l.id = f.layanan_id"
				   " WHERE l.kode = 'akta-kelahiran'");
	long long first = srv_db_int(&S, "SELECT min(f.id) FROM formulir f JOIN layanan l ON l.id = f.layanan_id"
				     " WHERE l.kode = 'akta-kelahiran'");
	char href[64];
	struct resp r;

	(void)st;
	assert_true(files > 1 && akl >= 1 && akl < files);
	assert_int_equal(page_get(&S, NULL, "/formulir", 200, &r), 0);
	assert_true(resp_has(&r, "list-group-item-action active\" href=\"/formulir\" aria-current=\"page\">Semua Formulir</a>"));
	assert_true(resp_has(&r, "<option value=\"\" selected>Semua Formulir</option>"));
	/* one row per file; the services that use it are named */
	assert_int_equal(str_count(r.body, "class=\"list-group-item formulir\""), files);
	assert_true(resp_has(&r, "Layanan: Akta Kelahiran"));
	assert_true(resp_has(&r, " KB"));
	resp_free(&r);

	assert_int_equal(page_get(&S, NULL, "/formulir?layanan=akta-kelahiran", 200, &r), 0);
	assert_true(resp_has(&r, "href=\"/formulir?layanan=akta-kelahiran\" aria-current=\"page\">Akta Kelahiran</a>"));
	assert_int_equal(str_count(r.body, "class=\"list-group-item formulir\""), akl);
	snprintf(href, sizeof href, "href=\"/formulir/%lld/unduh\"", first);
	assert_true(resp_has(&r, href));
	resp_free(&r);

	assert_int_equal(page_get(&S, NULL, "/formulir?layanan=sinkronisasi-data", 200, &r), 0);
	assert_int_equal(str_count(r.body, "class=\"list-group-item formulir\""), 0);
	assert_true(resp_has(&r, NO_FORMS));
	resp_free(&r);

	assert_int_equal(page_get(&S, NULL, "/formulir?layanan=tidak-ada", 404, &r), 0);
	resp_free(&r);
}

static void test_formulir_download_pdf(void **st)
{
	long long id = srv_db_int(&S, "SELECT min(id) FROM formulir WHERE berkas LIKE '%%.pdf'");
	long long size = srv_db_int(&S, "SELECT ukuran FROM formulir WHERE id = %lld", id);
	char *berkas = srv_db_text(&S, "SELECT berkas FROM formulir WHERE id = %lld", id);
	char path[64], *ct, *cd, *cc;
	struct resp r;

	(void)st;
	assert_true(id > 0);
	assert_non_null(berkas);
	snprintf(path, sizeof path, "/formulir/%lld/unduh", id);
	assert_int_equal(page_get(&S, NULL, path, 200, &r), 0);
	ct = resp_header(&r, "Content-Type");
	cd = resp_header(&r, "Content-Disposition");
	cc = resp_header(&r, "Cache-Control");
	assert_non_null(ct);
	assert_string_equal(ct, "application/pdf");
	assert_non_null(cd);
	assert_true(!strncmp(cd, "attachment;", 11));
	assert_non_null(strstr(cd, berkas));
	assert_non_null(cc);
	assert_string_equal(cc, "no-cache");
	assert_true(r.len > 5);
	assert_memory_equal(r.body, "%PDF-", 5);
	assert_int_equal((long long)r.len, size);
	free(ct);
	free(cd);
	free(cc);
	free(berkas);
	resp_free(&r);
}

static void test_bad_formulir_ids_404(void **st)
{
	long long max = srv_db_int(&S, "SELECT max(id) FROM formulir");
	char unknown[32];
	const char *ids[] = { "0", "-1", "abc", "99999999999999999999", "01", "1.0", "%201", unknown };
	char path[80], *cc;
	struct resp r;
	size_t i;

	(void)st;
	snprintf(unknown, sizeof unknown, "%lld", max + 1);
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		snprintf(path, sizeof path, "/formulir/%s/unduh", ids[i]);
		assert_int_equal(page_get(&S, NULL, path, 404, &r), 0);
		assert_false(resp_has(&r, "%PDF-"));
		/* an error is not kept by caches */
		cc = resp_header(&r, "Cache-Control");
		assert_non_null(cc);
		assert_string_equal(cc, "no-store");
		free(cc);
		resp_free(&r);
	}
}

static void test_katalog_contoh_serves_images(void **st)
{
	char *ct, *cc;
	struct resp r;

	(void)st;
	assert_int_equal(page_get(&S, NULL, "/katalog/contoh/ktp-el.svg", 200, &r), 0);
	ct = resp_header(&r, "Content-Type");
	cc = resp_header(&r, "Cache-Control");
	assert_non_null(ct);
	assert_string_equal(ct, "image/svg+xml");
	assert_non_null(cc);
	assert_string_equal(cc, "no-cache");
	assert_true(resp_has(&r, "<svg"));
	free(ct);
	free(cc);
	resp_free(&r);
}

static void test_bad_katalog_contoh_paths(void **st)
{
	static const char *const paths[] = {
		"/katalog/contoh/../../etc/passwd", "/katalog/contoh/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
		"/katalog/contoh/..%2Frahasia.svg", "/katalog/contoh/%2e%2e", "/katalog/contoh/.hidden",
		"/katalog/contoh/.hidden.svg", "/katalog/contoh/catatan.txt", "/katalog/contoh/ktp-el",
		"/katalog/contoh/F-2.01-pelaporan-pencatatan-sipil.pdf", "/katalog/contoh/tidak-ada.svg",
	};
	char file[400];
	struct resp r;
	FILE *f;
	size_t i;

	(void)st;
	/* files that exist, so only the checks stand between them and a visitor */
	snprintf(file, sizeof file, "%s/files/rahasia.svg", S.dir);
	assert_non_null(f = fopen(file, "w"));
	fputs("<svg>RAHASIA</svg>", f);
	fclose(f);
	snprintf(file, sizeof file, "%s/files/katalog/.hidden", S.dir);
	assert_non_null(f = fopen(file, "w"));
	fputs("RAHASIA", f);
	fclose(f);
	snprintf(file, sizeof file, "%s/files/katalog/.hidden.svg", S.dir);
	assert_non_null(f = fopen(file, "w"));
	fputs("<svg>RAHASIA</svg>", f);
	fclose(f);
	snprintf(file, sizeof file, "%s/files/katalog/catatan.txt", S.dir);
	assert_non_null(f = fopen(file, "w"));
	fputs("RAHASIA", f);
	fclose(f);
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(page_get(&S, NULL, paths[i], 404, &r), 0);
		assert_false(resp_has(&r, "RAHASIA"));
		assert_false(resp_has(&r, "root:"));
		assert_false(resp_has(&r, "%PDF-"));
		resp_free(&r);
	}
}

/* ---- Informasi ------------------------------------------------------------- */

static void test_informasi_list_and_detail(void **st)
{
	long long t = (long long)time(NULL) - 60;
	long long id = add_post("umum", "Jam Layanan Bulan Ramadan",
				"Selama Ramadan pelayanan dibuka **08.00 - 14.00 WIB**.", t, 0);
	char path[64], date[16], href[80];
	time_t wib = (time_t)t + 7 * 3600;
	struct tm tm;
	struct resp r;

	(void)st;
	gmtime_r(&wib, &tm);
	strftime(date, sizeof date, "%d-%m-%Y", &tm);
	snprintf(path, sizeof path, "/informasi/%lld", id);
	snprintf(href, sizeof href, "href=\"%s\"", path);
	assert_int_equal(page_get(&S, NULL, "/informasi", 200, &r), 0);
	assert_true(resp_has(&r, "Jam Layanan Bulan Ramadan"));
	assert_true(resp_has(&r, "<strong>08.00 - 14.00 WIB</strong>"));
	assert_true(resp_has(&r, href));
	resp_free(&r);
	assert_int_equal(page_get(&S, NULL, path, 200, &r), 0);
	assert_true(resp_has(&r, "<h1 class=\"h5 mb-0\">Jam Layanan Bulan Ramadan</h1>"));
	assert_true(resp_has(&r, "<strong>08.00 - 14.00 WIB</strong>"));
	assert_true(resp_has(&r, date));
	assert_true(resp_has(&r, "href=\"/informasi\""));
	assert_true(resp_has(&r, "Kembali</a>"));
	resp_free(&r);
}

static void test_bad_informasi_ids_404(void **st)
{
	static const char *const paths[] = {
		"/informasi/0", "/informasi/-1", "/informasi/abc", "/informasi/99999999999999999999", "/informasi/999999",
	};
	struct resp r;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(page_get(&S, NULL, paths[i], 404, &r), 0);
		assert_true(resp_has(&r, "Informasi tidak ditemukan."));
		resp_free(&r);
	}
}

static void test_informasi_rahasia_only_after_login(void **st)
{
	long long id = add_post("rahasia", "Catatan Khusus Pemohon Terdaftar", "Hanya untuk pemohon yang sudah login.",
				(long long)time(NULL), 0);
	struct client *c;
	char path[64];
	struct resp r, unknown;

	(void)st;
	snprintf(path, sizeof path, "/informasi/%lld", id);
	/* a visitor: not listed, not on Home, and its detail reads like an unknown id */
	assert_int_equal(visitor_has(&S, "/informasi", "Catatan Khusus Pemohon Terdaftar"), 0);
	assert_int_equal(visitor_has(&S, "/", "Catatan Khusus Pemohon Terdaftar"), 0);
	assert_int_equal(page_get(&S, NULL, path, 404, &r), 0);
	assert_int_equal(page_get(&S, NULL, "/informasi/999999", 404, &unknown), 0);
	assert_int_equal(r.len, unknown.len);
	assert_memory_equal(r.body, unknown.body, r.len);
	resp_free(&r);
	resp_free(&unknown);

	c = applicant();
	assert_int_equal(page_get(&S, c, "/informasi", 200, &r), 0);
	assert_true(resp_has(&r, "Catatan Khusus Pemohon Terdaftar"));
	assert_true(resp_has(&r, "Khusus Pemohon</span>"));
	resp_free(&r);
	assert_int_equal(page_get(&S, c, path, 200, &r), 0);
	assert_true(resp_has(&r, "Hanya untuk pemohon yang sudah login."));
	resp_free(&r);
	assert_int_equal(page_get(&S, c, "/", 200, &r), 0);
	assert_true(resp_has(&r, "Catatan Khusus Pemohon Terdaftar"));
	resp_free(&r);
}

static void test_informasi_expired_sistem_hidden(void **st)
{
	long long now = (long long)time(NULL);
	long long gone = add_post("sistem", "Layanan Uji Tutup Kemarin", "Sudah lewat.", now - 7200, now - 60);
	long long live = add_post("sistem", "Layanan Uji Tutup Hari Ini", "Masih berlaku.", now - 30, now + 3600);
	char path[64];
	struct resp r;
	const char *at;

	(void)st;
	assert_int_equal(page_get(&S, NULL, "/informasi", 200, &r), 0);
	assert_false(resp_has(&r, "Layanan Uji Tutup Kemarin"));
	at = strstr(r.body, "Layanan Uji Tutup Hari Ini");
	assert_non_null(at);
	assert_non_null(strstr(at, "Sistem</span>"));
	resp_free(&r);
	snprintf(path, sizeof path, "/informasi/%lld", gone);
	assert_int_equal(page_get(&S, NULL, path, 404, &r), 0);
	resp_free(&r);
	snprintf(path, sizeof path, "/informasi/%lld", live);
	assert_int_equal(page_get(&S, NULL, path, 200, &r), 0);
	assert_true(resp_has(&r, "Sistem</span>"));
	resp_free(&r);
	/* a post not yet published is not shown either */
	add_post("umum", "Pengumuman Minggu Depan", "Belum terbit.", now + 7 * 86400, 0);
	assert_int_equal(visitor_has(&S, "/informasi", "Pengumuman Minggu Depan"), 0);
}

static void test_informasi_pagination(void **st)
{
	long long now = (long long)time(NULL), visible;
	char name[64], sql[200];
	struct resp r, r2;
	int i;

	(void)st;
	for (i = 0; i < PAGE_SIZE + 1; i++) {
		snprintf(name, sizeof name, "Informasi Berurutan Nomor %02d", i);
		add_post("umum", name, "Isi.", now - 100 + i, 0);
	}
	snprintf(sql, sizeof sql, "SELECT count(*) FROM informasi WHERE jenis <> 'rahasia' AND terbit_at <= %lld"
		 " AND (berakhir_at IS NULL OR berakhir_at > %lld)", now, now);
	visible = srv_db_int(&S, "%s", sql);
	assert_true(visible > PAGE_SIZE);
	assert_int_equal(page_get(&S, NULL, "/informasi", 200, &r), 0);
	assert_int_equal(str_count(r.body, "<article class=\"card mb-3 informasi\">"), PAGE_SIZE);
	assert_true(resp_has(&r, "href=\"/informasi?halaman=2\""));
	assert_false(resp_has(&r, "rel=\"prev\""));
	resp_free(&r);
	assert_int_equal(page_get(&S, NULL, "/informasi?halaman=2", 200, &r2), 0);
	assert_true(resp_has(&r2, "href=\"/informasi?halaman=1\" rel=\"prev\""));
	assert_true(str_count(r2.body, "<article class=\"card mb-3 informasi\">") >= 1);
	resp_free(&r2);
	/* past the end: an empty page that leads back */
	assert_int_equal(page_get(&S, NULL, "/informasi?halaman=999", 200, &r), 0);
	assert_int_equal(str_count(r.body, "<article class=\"card mb-3 informasi\">"), 0);
	assert_true(resp_has(&r, "rel=\"prev\""));
	resp_free(&r);
	/* a malformed page number is the first page */
	assert_int_equal(page_get(&S, NULL, "/informasi?halaman=abc", 200, &r), 0);
	assert_int_equal(str_count(r.body, "<article class=\"card mb-3 informasi\">"), PAGE_SIZE);
	resp_free(&r);
}

/* ---- JSON API ------------------------------------------------------------ */

static void test_api_layanan_list(void **st)
{
	long long services = srv_db_int(&S, "SELECT count(*) FROM layanan");
	long status;
	json_t *j = api_json(&S, "GET", "/api/v1/layanan", NULL, NULL, &status), *a, *e;
	size_t i, general = 0;

	(void)st;
	assert_int_equal(status, 200);
	a = json_object_get(j, "layanan");
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), services);
	json_array_foreach(a, i, e) {
		assert_non_null(jstr(e, "kode"));
		assert_non_null(jstr(e, "prefix"));
		assert_non_null(jstr(e, "nama"));
		assert_non_null(jstr(e, "ikon"));
		assert_non_null(jstr(e, "ringkasan"));
		assert_true(json_is_boolean(json_object_get(e, "umum")));
		assert_true(json_is_boolean(json_object_get(e, "tersedia")));
		/* alasan exactly when not available */
		assert_int_equal(json_is_false(json_object_get(e, "tersedia")), jstr(e, "alasan") != NULL);
		general += json_is_true(json_object_get(e, "umum"));
	}
	assert_int_equal(general, GENERAL_SERVICES);
	e = by_kode(a, "akta-kelahiran");
	assert_string_equal(jstr(e, "prefix"), "AKL");
	assert_true(json_is_true(json_object_get(e, "tersedia")));
	e = by_kode(a, "pandu-ceria");
	assert_non_null(e);
	assert_true(json_is_false(json_object_get(e, "umum")));
	assert_true(json_is_false(json_object_get(e, "tersedia")));
	assert_non_null(jstr(e, "alasan"));
	json_decref(j);
}

static void test_api_layanan_detail(void **st)
{
	long long forms = srv_db_int(&S, "SELECT count(*) FROM formulir f JOIN layanan l ON l.id = f.layanan_id"
				     " WHERE l.kode = 'akta-kelahiran'");
	long status;
	json_t *j = api_json(&S, "GET", "/api/v1/layanan/akta-kelahiran", NULL, NULL, &status), *a, *e;
	struct resp r;
	size_t i;

	(void)st;
	assert_int_equal(status, 200);
	assert_string_equal(jstr(j, "kode"), "akta-kelahiran");
	assert_string_equal(jstr(j, "prefix"), "AKL");
	assert_string_equal(jstr(j, "label_nik"), "NIK Bayi/Anak");
	assert_string_equal(jstr(j, "label_nama"), "Nama Bayi/Anak");
	assert_true(json_is_boolean(json_object_get(j, "nik_wajib")));
	assert_true(json_is_true(json_object_get(j, "umum")));
	assert_true(json_is_true(json_object_get(j, "tersedia")));
	assert_null(json_object_get(j, "alasan"));
	/* texts stay Markdown */
	assert_non_null(strstr(jstr(j, "persyaratan"), "**Pasal 33 Perpres 96/2018**"));
	assert_non_null(jstr(j, "proses"));
	a = json_object_get(j, "isian");
	assert_true(json_array_size(a) > 0);
	e = by_kode(a, "nik_ayah");
	assert_non_null(e);
	assert_string_equal(jstr(e, "jenis"), "nik");
	assert_true(json_is_true(json_object_get(e, "wajib")));
	a = json_object_get(j, "dokumen");
	assert_int_equal(json_array_size(a), 6);
	e = by_kode(a, "ktp-elektronik");
	assert_non_null(e);
	assert_string_equal(jstr(e, "nama"), "KTP Elektronik");
	assert_true(json_is_true(json_object_get(e, "wajib")));
	assert_non_null(jstr(e, "keterangan"));
	assert_string_equal(jstr(e, "contoh_url"), "/katalog/contoh/ktp-el.svg");
	assert_true(json_array_size(json_object_get(j, "langkah")) > 0);
	e = json_array_get(json_object_get(j, "langkah"), 0);
	assert_non_null(jstr(e, "kode"));
	assert_non_null(jstr(e, "nama"));
	assert_true(json_integer_value(json_object_get(e, "waktu_baku_menit")) > 0);
	assert_non_null(by_kode(json_object_get(j, "dokumen_jadi"), "kutipan-akta-kelahiran"));
	a = json_object_get(j, "formulir");
	assert_int_equal(json_array_size(a), forms);
	json_array_foreach(a, i, e) {
		char want[64];

		assert_true(json_integer_value(json_object_get(e, "id")) > 0);
		assert_non_null(jstr(e, "judul"));
		snprintf(want, sizeof want, "/formulir/%lld/unduh", (long long)json_integer_value(json_object_get(e, "id")));
		assert_string_equal(jstr(e, "url"), want);
	}
	/* the URLs it gives work */
	assert_int_equal(page_get(&S, NULL, jstr(json_array_get(a, 0), "url"), 200, &r), 0);
	resp_free(&r);
	assert_int_equal(page_get(&S, NULL,
				  jstr(by_kode(json_object_get(j, "dokumen"), "ktp-elektronik"), "contoh_url"),
				  200, &r), 0);
	resp_free(&r);
	json_decref(j);

	/* a service without output or forms */
	j = api_json(&S, "GET", "/api/v1/layanan/sinkronisasi-data", NULL, NULL, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "dokumen_jadi")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "formulir")), 0);
	assert_non_null(by_kode(json_object_get(j, "langkah"), "konsolidasi-manual"));
	json_decref(j);
}

static void test_bad_api_layanan_unknown_404(void **st)
{
	long status;
	json_t *j = api_json(&S, "GET", "/api/v1/layanan/tidak-ada", NULL, NULL, &status), *e;

	(void)st;
	assert_int_equal(status, 404);
	e = json_object_get(j, "error");
	assert_string_equal(jstr(e, "code"), "tidak_ditemukan");
	assert_string_equal(jstr(e, "message"), "Layanan tidak ditemukan.");
	json_decref(j);
}

static void test_api_informasi(void **st)
{
	long long now = (long long)time(NULL);
	long status;
	json_t *j, *e;
	char *tok;

	(void)st;
	/* more than a page, older than the posts below */
	for (int i = 0; i < PAGE_SIZE; i++) {
		char judul[64];

		snprintf(judul, sizeof judul, "Informasi Lama Untuk Aplikasi %d", i);
		add_post("umum", judul, "Lama.", now - 1000 - i, 0);
	}
	add_post("rahasia", "Rahasia Untuk Aplikasi", "Rahasia.", now, 0);
	add_post("umum", "Umum Untuk Aplikasi", "Isi **umum**.", now, 0);
	add_post("sistem", "Sistem Sudah Berakhir Untuk Aplikasi", "Lewat.", now - 100, now - 1);

	j = api_json(&S, "GET", "/api/v1/informasi", NULL, NULL, &status);
	assert_int_equal(status, 200);
	assert_true(json_is_array(json_object_get(j, "informasi")));
	assert_true(json_array_size(json_object_get(j, "informasi")) <= PAGE_SIZE);
	assert_int_equal(json_integer_value(json_object_get(j, "total")),
			 srv_db_int(&S, "SELECT count(*) FROM informasi WHERE jenis <> 'rahasia' AND terbit_at <= %lld"
				    " AND (berakhir_at IS NULL OR berakhir_at > %lld)", now, now));
	e = informasi_with(j, "Umum Untuk Aplikasi");
	assert_non_null(e);
	assert_true(json_integer_value(json_object_get(e, "id")) > 0);
	assert_string_equal(jstr(e, "jenis"), "umum");
	assert_string_equal(jstr(e, "isi"), "Isi **umum**.");
	assert_int_equal(json_integer_value(json_object_get(e, "terbit_at")), now);
	assert_null(informasi_with(j, "Rahasia Untuk Aplikasi"));
	assert_null(informasi_with(j, "Sistem Sudah Berakhir Untuk Aplikasi"));
	json_decref(j);

	applicant();
	tok = pemohon_token(&S, NIK, PW);
	assert_non_null(tok);
	j = api_json(&S, "GET", "/api/v1/informasi", NULL, tok, &status);
	assert_int_equal(status, 200);
	e = informasi_with(j, "Rahasia Untuk Aplikasi");
	assert_non_null(e);
	assert_string_equal(jstr(e, "jenis"), "rahasia");
	assert_null(informasi_with(j, "Sistem Sudah Berakhir Untuk Aplikasi"));
	json_decref(j);
	free(tok);

	/* the second page holds the older posts */
	j = api_json(&S, "GET", "/api/v1/informasi?halaman=2", NULL, NULL, &status);
	assert_int_equal(status, 200);
	assert_true(json_array_size(json_object_get(j, "informasi")) > 0);
	assert_null(informasi_with(j, "Umum Untuk Aplikasi"));
	json_decref(j);
}

static void test_bad_api_informasi_params(void **st)
{
	static const char *const pages[] = { "0", "-1", "abc", "99999999999999999999" };
	char path[120];
	long status;
	json_t *j;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		snprintf(path, sizeof path, "/api/v1/informasi?halaman=%s", pages[i]);
		j = api_json(&S, "GET", path, NULL, NULL, &status);
		assert_int_equal(status, 400);
		assert_string_equal(jstr(json_object_get(j, "error"), "code"), "permintaan_tidak_sah");
		assert_non_null(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), "halaman"));
		json_decref(j);
	}
	/* a token that does not work says so instead of hiding rahasia posts */
	j = api_json(&S, "GET", "/api/v1/informasi", NULL, "bukan-token-yang-sah", &status);
	assert_int_equal(status, 401);
	assert_string_equal(jstr(json_object_get(j, "error"), "code"), "perlu_login");
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_home_lists_services),
		cmocka_unit_test(test_home_shows_latest_informasi),
		cmocka_unit_test(test_home_service_unavailable),
		cmocka_unit_test(test_persyaratan_default_first_service),
		cmocka_unit_test(test_persyaratan_sinkronisasi_data),
		cmocka_unit_test(test_persyaratan_akta_kelahiran_documents),
		cmocka_unit_test(test_bad_persyaratan_unknown_404),
		cmocka_unit_test(test_bad_markdown_is_safe),
		cmocka_unit_test(test_formulir_lists_and_filters),
		cmocka_unit_test(test_formulir_download_pdf),
		cmocka_unit_test(test_bad_formulir_ids_404),
		cmocka_unit_test(test_katalog_contoh_serves_images),
		cmocka_unit_test(test_bad_katalog_contoh_paths),
		cmocka_unit_test(test_informasi_list_and_detail),
		cmocka_unit_test(test_bad_informasi_ids_404),
		cmocka_unit_test(test_informasi_rahasia_only_after_login),
		cmocka_unit_test(test_informasi_expired_sistem_hidden),
		cmocka_unit_test(test_informasi_pagination),
		cmocka_unit_test(test_api_layanan_list),
		cmocka_unit_test(test_api_layanan_detail),
		cmocka_unit_test(test_bad_api_layanan_unknown_404),
		cmocka_unit_test(test_api_informasi),
		cmocka_unit_test(test_bad_api_informasi_params),
	};

	return cmocka_run_group_tests_name("http_catalog", tests, setup, teardown);
}
