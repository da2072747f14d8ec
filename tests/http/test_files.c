// SPDX-License-Identifier: MIT
// Files on disk: the data directory 0750, the database files 0640 at most, outbox.jsonl 0600, uploads 0640 at most, whatever the umask of whoever started loket.
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

#define PW "Feb1702."

static struct srv S;

static int setup(void **st)
{
	(void)st;
	/* the most permissive shell: what is tested is loket's own umask */
	umask(0);
	return srv_start(&S, NULL);
}

static int teardown(void **st)
{
	(void)st;
	return srv_stop(&S);
}

/* The permission bits of path; -1 when it does not exist. */
static int mode_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) < 0 ? -1 : (int)(sb.st_mode & 07777);
}

/* Fails unless path exists with no permission bit beyond max. */
static void assert_at_most(const char *path, int max)
{
	int m = mode_of(path);

	if (m < 0)
		fail_msg("%s does not exist", path);
	if (m & ~max)
		fail_msg("%s has mode %04o, more than %04o", path, m, max);
}

static void assert_mode(const char *path, int want)
{
	int m = mode_of(path);

	if (m != want)
		fail_msg("%s has mode %04o, not %04o", path, m, want);
}

/* Every directory under dir (itself included) is 0750 and every file at most
 * 0640; the number of files seen. */
static int assert_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	assert_non_null(d);
	assert_mode(dir, 0750);
	while ((e = readdir(d))) {
		char path[1024];
		struct stat sb;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		assert_int_equal(lstat(path, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			files += assert_tree(path);
		} else {
			assert_at_most(path, 0640);
			files++;
		}
	}
	closedir(d);
	return files;
}

/* The database's files in dir: SQLite's three while a server has it open. */
static void assert_db_files(const char *dir, int open)
{
	static const char *const names[] = { "loket.db", "loket.db-wal", "loket.db-shm" };
	size_t i;

	if (S.dburl[0])
		return; /* PostgreSQL keeps nothing in the data directory */
	for (i = 0; i < (open ? 3 : 1); i++)
		assert_at_most(pathf("%s/%s", dir, names[i]), 0640);
}

/* A registration approved through the staff API: its activation message
 * goes through the log transport. */
static void deliver_a_message(const char *nik, const char *officer)
{
	struct client *c = client_new(&S);
	char *tok = staf_api_token(&S, officer, "verifikator", NULL), **lines;
	size_t before, n;
	struct resp r;
	json_t *j;
	long st;

	assert_non_null(tok);
	assert_int_equal(register_pemohon(c, nik, PW, &r), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	before = outbox_lines(&S, 0, &lines);
	outbox_free(lines, before);
	j = api_json(&S, "POST", pathf("/api/v1/staf/pendaftaran/%lld/setujui", srv_id(&S, "pemohon", "nik", nik)),
		     NULL, tok, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	n = outbox_lines(&S, before + 1, &lines);
	outbox_free(lines, n);
	assert_true(n > before);
	free(tok);
	client_free(c);
}

static void test_new_data_dir_is_0750_and_its_database_0640(void **st)
{
	char *const migrate[] = { LOKET_BIN, "migrate", NULL };
	char dd[400];
	const char *const env[] = { dd, NULL };
	const char *dir = pathf("%s/baru", S.dir);

	(void)st;
	snprintf(dd, sizeof dd, "LOKET_DATA_DIR=%s", dir);
	assert_int_equal(srv_run(&S, env, migrate, NULL), 0);
	assert_mode(dir, 0750);
	assert_db_files(dir, 0);
	/* the catalog's forms and images, copied in when the database is new
	 * (on PostgreSQL this one is the server's, seeded already) */
	if (!S.dburl[0])
		assert_true(assert_tree(pathf("%s/files", dir)) > 0);
}

static void test_running_server_database_files_0640(void **st)
{
	(void)st;
	assert_at_most(S.dir, 0750);
	assert_db_files(S.dir, 1);
}

static void test_outbox_log_is_0600(void **st)
{
	(void)st;
	deliver_a_message("3326071505900041", "ver41");
	assert_mode(pathf("%s/outbox.jsonl", S.dir), 0600);
}

static void test_uploaded_files_0640_in_0750_directories(void **st)
{
	char *tok = pemohon_active_token(&S, "3326071505900042", PW), *kode;
	json_t *body;

	(void)st;
	assert_non_null(tok);
	body = json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", "sinkronisasi-data", "nik", "3326071505900042",
			 "nama", "Siti Aminah", "detail", "Data saya tidak terbaca di BPJS Kesehatan.", "isian",
			 "permasalahan_data", "NIK tidak ditemukan di BPJS Kesehatan.");
	kode = api_create(&S, tok, body);
	assert_non_null(kode);
	assert_int_equal(api_upload(&S, tok, kode, "foto-kartu-keluarga", "kk.jpg", NULL, NULL), 0);
	assert_true(srv_files(&S, "dokumen") > 0);
	assert_tree(pathf("%s/files", S.dir));
	free(kode);
	free(tok);
}

static void test_open_modes_of_an_older_version_tightened_at_start(void **st)
{
	const char *log = pathf("%s/outbox.jsonl", S.dir);
	static const char *const db[] = { "loket.db", "loket.db-wal", "loket.db-shm" };
	struct srv peer;
	size_t i;
	int fd;

	(void)st;
	/* what a deployment of the version before looks like */
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(log, 0644), 0);
	assert_int_equal(chmod(S.dir, 0755), 0);
	assert_int_equal(chmod(pathf("%s/files", S.dir), 0755), 0);
	for (i = 0; !S.dburl[0] && i < 3; i++)
		assert_int_equal(chmod(pathf("%s/%s", S.dir, db[i]), 0644), 0);

	/* the new version starts on it */
	assert_int_equal(srv_start_peer(&peer, &S, NULL), 0);
	assert_mode(S.dir, 0750);
	assert_mode(pathf("%s/files", S.dir), 0750);
	assert_mode(log, 0600);
	for (i = 0; !S.dburl[0] && i < 3; i++)
		assert_mode(pathf("%s/%s", S.dir, db[i]), 0640);
	assert_int_equal(srv_stop(&peer), 0);
}

/* A file made more open while the server runs (an older peer instance
 * appending to it) is tightened before the next message goes in. */
static void test_log_transport_tightens_an_open_outbox(void **st)
{
	const char *log = pathf("%s/outbox.jsonl", S.dir);
	int fd;

	(void)st;
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0640);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(log, 0640), 0);
	deliver_a_message("3326071505900043", "ver43");
	assert_mode(log, 0600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_data_dir_is_0750_and_its_database_0640),
		cmocka_unit_test(test_running_server_database_files_0640),
		cmocka_unit_test(test_outbox_log_is_0600),
		cmocka_unit_test(test_uploaded_files_0640_in_0750_directories),
		cmocka_unit_test(test_open_modes_of_an_older_version_tightened_at_start),
		cmocka_unit_test(test_log_transport_tightens_an_open_outbox),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
