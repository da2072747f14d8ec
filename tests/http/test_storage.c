// SPDX-License-Identifier: MIT
/*
 * Storage failures through the real server: a disk that fills up or turns
 * read-only (tests/http/faultfs.c, preloaded into `loket serve`), and a
 * read-only PostgreSQL database. Writes answer 503 with a clear message and
 * change nothing, reads keep working, nothing is reported as a user error,
 * /readyz says so, and `loket serve` refuses to start on storage it cannot
 * write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define PW "Feb1702."
#define NIK_A "3326071505900001"
#define NIK_B "3326072001850002"
#define NIK_C "3326074107950003"
#define NIK_D "3326070101800004"
#define SVC "sinkronisasi-data"
#define DOC_KTP "foto-ktp-el"
#define MSG "Layanan sedang mengalami gangguan penyimpanan, silakan coba lagi nanti."

static struct srv S;
static const char *const *env;

static int pg(void)
{
	return S.dburl[0] != '\0';
}

static int setup(void **st)
{
	(void)st;
	fault_set(NULL);
	env = fault_env(NULL);
	return srv_start(&S, env);
}

static int teardown(void **st)
{
	(void)st;
	fault_set(NULL);
	return srv_stop(&S);
}

static json_t *app_body(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SVC, "nik", NIK_A, "nama", "Siti Aminah",
			 "detail", "Data saya tidak terbaca.", "isian", "permasalahan_data", "NIK tidak ditemukan.");
}

/* A 503 page with the message and a Retry-After. */
static void assert_storage_page(struct resp *r)
{
	char *ra = resp_header(r, "Retry-After");

	if (r->status != 503)
		print_error("status %ld: %.300s\n", r->status, r->body ? r->body : "");
	assert_int_equal(r->status, 503);
	assert_true(resp_has(r, MSG));
	assert_non_null(ra);
	free(ra);
	resp_free(r);
}

static void assert_storage_json(json_t *j, long status)
{
	assert_true(api_error_is(j, status, 503, "gangguan_penyimpanan"));
}

static long long readyz(int *siap, int *penyimpanan)
{
	long status;
	json_t *j = api_json(&S, "GET", "/readyz", NULL, NULL, &status);

	assert_non_null(j);
	*siap = json_is_true(json_object_get(j, "siap"));
	*penyimpanan = json_is_true(json_object_get(j, "penyimpanan"));
	json_decref(j);
	return status;
}

/*
 * A full disk. Everything that writes (registration, with a captcha
 * fetched before the disk filled; a fresh captcha; an upload; a chat
 * message) answers 503 and stores nothing; the pages a resident reads
 * still open; /healthz is alive and /readyz is not ready. On PostgreSQL the
 * database is elsewhere: only the files fail there (uploads).
 */
static void test_disk_full(void **st)
{
	struct client *res = client_new(&S), *v = client_new(&S);
	char *tok = pemohon_active_token(&S, NIK_A, PW), *kode, *draft, *cid = NULL, *log;
	json_t *j;
	struct form f;
	struct resp r;
	long long pemohon, dokumen, chat, captcha;
	int files, siap, penyimpanan, ans = 0;
	size_t loglen;
	long status;

	(void)st;
	assert_non_null(tok);
	assert_int_equal(pemohon_active(&S, res, NIK_C, PW), 0);
	kode = api_create(&S, tok, app_body());
	draft = api_create(&S, tok, app_body());
	assert_non_null(kode);
	assert_non_null(draft);
	assert_int_equal(srv_db_exec(&S, "UPDATE pengajuan SET status = 'DIKIRIM', antrean = 'verifikasi' WHERE kode = '%s'",
				     kode), 0);
	/* forms and captchas fetched while the disk still had room */
	assert_int_equal(form_fetch(v, "/pemohon/daftar", &f), 0);
	assert_int_equal(api_captcha(&S, &cid, &ans), 0);
	assert_int_equal(readyz(&siap, &penyimpanan), 200);
	assert_true(siap && penyimpanan);
	pemohon = srv_count(&S, "pemohon");
	dokumen = srv_count(&S, "dokumen");
	chat = srv_count(&S, "chat");
	captcha = srv_count(&S, "captcha");
	files = srv_files(&S, "dokumen");

	fault_set("nospc");
	/* uploads fail on both backends: the files are ours */
	j = api_multipart(&S, pathf("/api/v1/pengajuan/%s/dokumen", draft),
			  (const struct part[]){ { "jenis", DOC_KTP, 0, NULL, NULL },
						 { "file", (const char *)jpeg_24x16, jpeg_24x16_len, "ktp.jpg", "image/jpeg" },
						 { NULL, NULL, 0, NULL, NULL } },
			  tok, &status);
	assert_storage_json(j, status);
	assert_int_equal(srv_count(&S, "dokumen"), dokumen);
	assert_int_equal(srv_files(&S, "dokumen"), files);
	assert_int_equal(readyz(&siap, &penyimpanan), 503);
	assert_false(siap || penyimpanan);
	assert_int_equal(page_get(&S, NULL, "/healthz", 200, &r), 0);
	resp_free(&r);

	if (!pg()) {
		/* the form fetched before: its right answer is not "captcha salah" */
		assert_int_equal(client_post(v, "/pemohon/daftar", &r, "csrf", f.csrf, "captcha_id", f.captcha_id,
					     "captcha", f.captcha, "nik", NIK_B, "nama", "Ahmad Fauzi",
					     "no_kk", "3326071409230009", "tempat_lahir", "Pekalongan",
					     "tanggal_lahir", "20-01-1985", "nama_ibu", "Sri Wahyuni", "provinsi", "33",
					     "kabupaten", "33.26", "kecamatan", "33.26.07", "kode_desa", "33.26.07.2008",
					     "no_hp", "081234567891", "email", "ahmad@example.com", "password", PW,
					     "password2", PW, NULL), 0);
		assert_storage_page(&r);
		j = api_json(&S, "POST", "/api/v1/pendaftaran",
			     json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}",
				       "nik", NIK_B, "nama", "Ahmad Fauzi", "no_kk", "3326071409230009",
				       "tempat_lahir", "Pekalongan", "tanggal_lahir", "20-01-1985",
				       "nama_ibu", "Sri Wahyuni", "kode_desa", "33.26.07.2008",
				       "no_hp", "081234567891", "email", "ahmad@example.com", "password", PW,
				       "password2", PW, "kabupaten", "33.26", "kecamatan", "33.26.07",
				       "provinsi", "33", "captcha_id", cid, "captcha", ans),
			     NULL, &status);
		assert_storage_json(j, status);
		/* a new captcha is a write too */
		j = api_json(&S, "GET", "/api/v1/captcha", NULL, NULL, &status);
		assert_storage_json(j, status);
		j = api_json(&S, "POST", pathf("/api/v1/pengajuan/%s/chat", kode), json_pack("{s:s}", "isi", "Halo"),
			     tok, &status);
		assert_storage_json(j, status);
		assert_int_equal(srv_count(&S, "pemohon"), pemohon);
		assert_int_equal(srv_count(&S, "chat"), chat);
		assert_int_equal(srv_count(&S, "captcha"), captcha);
	}
	/* reads: the home page, the resident's account and application */
	assert_int_equal(page_get(&S, NULL, "/", 200, &r), 0);
	resp_free(&r);
	assert_int_equal(page_get(&S, res, "/pemohon/akun", 200, &r), 0);
	resp_free(&r);
	j = api_json(&S, "GET", pathf("/api/v1/pengajuan/%s", kode), NULL, tok, &status);
	assert_int_equal(status, 200);
	json_decref(j);

	/* room again: the same upload goes through, /readyz is ready */
	fault_set(NULL);
	assert_int_equal(api_upload(&S, tok, draft, DOC_KTP, "ktp.jpg", NULL, NULL), 0);
	assert_int_equal(srv_count(&S, "dokumen"), dokumen + 1);
	assert_int_equal(readyz(&siap, &penyimpanan), 200);
	assert_int_equal(register_pemohon(v, NIK_B, PW, &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	/* SQLite's failed writes ended their transactions themselves: the
	 * store never tried to roll back one that was not open */
	log = file_read(pathf("%s/server.log", S.dir), &loglen);
	assert_non_null(log);
	assert_null(strstr(log, "no transaction is active"));
	free(log);
	form_free(&f);
	free(cid);
	free(kode);
	free(draft);
	free(tok);
	client_free(res);
	client_free(v);
}

static void put_file(const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("sisa", f);
	fclose(f);
}

/*
 * A crash in the middle of an upload (SIGKILL while its file is being
 * written), with what earlier crashes left: a file whose row was committed
 * just before the rename, and an old file no row names. After the restart
 * the sweep has finished the first, removed the unfinished upload and the
 * unnamed file, and kept a young unnamed file (its request may still run).
 * Every file left is named by a row, every row has its files, and the log
 * holds counts, no names.
 */
static void test_crash_mid_upload(void **st)
{
	char *tok = pemohon_active_token(&S, NIK_D, PW), *draft, *stem, *ext, *names, *line, *log, *save;
	const char *dok = pathf("%s/files/dokumen", S.dir);
	char path[600], tmp[610];
	size_t n, len;
	pid_t child;
	int i;

	(void)st;
	assert_non_null(tok);
	draft = api_create(&S, tok, app_body());
	assert_non_null(draft);
	assert_int_equal(api_upload(&S, tok, draft, DOC_KTP, "ktp.jpg", NULL, NULL), 0);
	stem = srv_db_text(&S, "SELECT berkas FROM dokumen ORDER BY id DESC LIMIT 1");
	ext = srv_db_text(&S, "SELECT ext FROM dokumen ORDER BY id DESC LIMIT 1");
	assert_non_null(stem);
	assert_non_null(ext);
	/* committed, then the crash came before the rename */
	snprintf(path, sizeof path, "%s/%s.%s", dok, stem, ext);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	assert_int_equal(rename(path, tmp), 0);
	put_file(pathf("%s/tidakbertuan.jpg", dok));

	/* an upload whose file is being written when the server dies */
	fault_set("slow");
	child = harness_fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(api_upload(&S, tok, draft, DOC_KTP, "ktp2.jpg", NULL, NULL) == 0 ? 0 : 1);
	for (i = 0; i < 200; i++) {
		names = srv_file_names(&S, "dokumen");
		n = str_count(names, ".tmp\n");
		free(names);
		if (n >= 2)
			break;
		usleep(50000);
	}
	srv_crash(&S);
	harness_reap(child, SIGKILL, 10);
	fault_set(NULL);
	assert_true(n >= 2);

	assert_true(srv_age_files(&S, 2 * 24 * 3600) >= 4);
	put_file(pathf("%s/masihbaru.jpg", dok));
	assert_int_equal(srv_respawn_swept(&S, env), 0);

	names = srv_file_names(&S, "dokumen");
	assert_null(strstr(names, ".tmp"));
	assert_null(strstr(names, "tidakbertuan.jpg"));
	assert_non_null(strstr(names, "masihbaru.jpg"));
	assert_non_null(strstr(names, pathf("%s.%s\n", stem, ext)));
	assert_non_null(strstr(names, pathf("%s.thumb.jpg\n", stem)));
	/* every other file is named by a row, and every row has both files */
	n = 0;
	for (line = strtok_r(names, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(line, "masihbaru.jpg"))
			continue;
		assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen WHERE berkas = '%.*s'",
					    (int)strcspn(line, "."), line), 1);
		n++;
	}
	assert_int_equal(n, 2 * (size_t)srv_count(&S, "dokumen"));
	log = file_read(pathf("%s/server.log", S.dir), &len);
	assert_non_null(log);
	assert_non_null(strstr(log, "sweep: files: 1 finished"));
	assert_null(strstr(log, stem));
	assert_null(strstr(log, "tidakbertuan"));
	free(log);
	free(names);
	free(stem);
	free(ext);
	free(draft);
	free(tok);
}

/* `loket serve` on a read-only data directory: a clear message and exit
 * code 73, nothing served. */
static void test_read_only_refuses_to_start(void **st)
{
	char listen[40];
	char *const argv[] = { "loket", "serve", "--listen", listen, NULL };
	char *out = NULL;

	(void)st;
	snprintf(listen, sizeof listen, "127.0.0.1:%d", S.port + 1);
	fault_set("rofs");
	assert_int_equal(srv_run(&S, env, argv, &out), 73);
	free(out);
	fault_set(NULL);
}

/* A read-only PostgreSQL database (a standby, or read-only by setting):
 * writes answer 503, reads work, and a new `loket serve` refuses to start.
 * Last: the database stays read-only. */
static void test_read_only_database(void **st)
{
	char listen[40], *db, *const argv[] = { "loket", "serve", "--listen", listen, NULL };
	struct resp r;
	json_t *j;
	long status;
	int i;

	(void)st;
	if (!pg())
		skip();
	db = strrchr(S.dburl, '/') + 1;
	assert_int_equal(srv_db_exec(&S, "ALTER DATABASE %s SET default_transaction_read_only = on", db), 0);
	assert_int_equal(srv_db_exec(&S, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s'"
				     " AND pid <> pg_backend_pid()", db), 0);
	/* the server's connections were cut: it reconnects, read-only now */
	for (i = 0; i < 8; i++) {
		j = api_json(&S, "GET", "/api/v1/captcha", NULL, NULL, &status);
		json_decref(j);
	}
	j = api_json(&S, "GET", "/api/v1/captcha", NULL, NULL, &status);
	assert_storage_json(j, status);
	assert_int_equal(page_get(&S, NULL, "/persyaratan", 200, &r), 0);
	resp_free(&r);
	snprintf(listen, sizeof listen, "127.0.0.1:%d", S.port + 1);
	assert_int_equal(srv_run(&S, NULL, argv, NULL), 73);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_crash_mid_upload),
		cmocka_unit_test(test_read_only_refuses_to_start),
		cmocka_unit_test(test_read_only_database),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
