// SPDX-License-Identifier: MIT
/*
 * The crash run: the server is killed (SIGKILL) three times while 200
 * writers post chat messages, create applications and upload documents.
 * Every write the server acknowledged is still there after the restart,
 * the database is sound, and once the sweep has run no file is left that
 * no row names, and no row lacks its files. Runs on SQLite and, with
 * LOKET_TEST_DATABASE_URL, on PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define PW "Feb1702."
#define SVC "sinkronisasi-data"
#define DOC_KTP "foto-ktp-el"
#define WRITERS 200
#define ROUNDS 3
#define RESIDENTS 10
/* acknowledged writes per round before the kill */
#define ACKS_BEFORE_KILL 150

static struct srv S;
static const char *const env[] = { "LOKET_CHAT_MAX_HOUR=100000", "LOKET_MAX_CONNS_PER_IP=0", NULL };
static char *tok[RESIDENTS], *sent[RESIDENTS], acks[64];

static json_t *app_body(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SVC, "nik", "3326071505900001", "nama",
			 "Siti Aminah", "detail", "Data saya tidak terbaca.", "isian", "permasalahan_data",
			 "NIK tidak ditemukan.");
}

static int setup(void **st)
{
	(void)st;
	snprintf(acks, sizeof acks, "/tmp/loket-acks-%ld", (long)getpid());
	unlink(acks);
	if (srv_start(&S, env) < 0)
		return -1;
	for (int i = 0; i < RESIDENTS; i++) {
		char nik[17];

		snprintf(nik, sizeof nik, "33260715059%05d", i + 1);
		tok[i] = pemohon_active_token(&S, nik, PW);
		sent[i] = tok[i] ? api_create(&S, tok[i], app_body()) : NULL;
		if (!sent[i] ||
		    srv_db_exec(&S, "UPDATE pengajuan SET status = 'DIKIRIM', antrean = 'verifikasi' WHERE kode = '%s'",
				sent[i]) < 0)
			return -1;
	}
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	for (int i = 0; i < RESIDENTS; i++) {
		free(tok[i]);
		free(sent[i]);
	}
	unlink(acks);
	return srv_stop(&S);
}

__attribute__((format(printf, 1, 2)))
static void ack(const char *fmt, ...)
{
	char line[200];
	va_list ap;
	int fd, n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fd = open(acks, O_WRONLY | O_APPEND | O_CREAT, 0600);
	if (fd >= 0) {
		/* one write per line: whole lines whatever the other writers do */
		if (write(fd, line, (size_t)n) != n)
			_exit(2);
		close(fd);
	}
}

/* One writer: chat messages, new applications and uploads in turn, each
 * acknowledged write noted in the acks file, until it is killed. */
static void writer(int round, int k)
{
	const char *t = tok[k % RESIDENTS];
	char *kode = NULL, path[200], isi[64];
	json_t *j = NULL;
	long status;

	for (int i = 0;; i++) {
		switch (i % 3) {
		case 0:
			snprintf(path, sizeof path, "/api/v1/pengajuan/%s/chat", sent[k % RESIDENTS]);
			snprintf(isi, sizeof isi, "pesan %d-%d-%d", round, k, i);
			j = api_json(&S, "POST", path, json_pack("{s:s}", "isi", isi), t, &status);
			if (status == 201)
				ack("chat %s\n", isi);
			break;
		case 1:
			free(kode);
			kode = api_create(&S, t, app_body());
			if (kode)
				ack("app %s\n", kode);
			break;
		default:
			if (kode && api_upload(&S, t, kode, DOC_KTP, "ktp.jpg", NULL, &j) == 0)
				ack("doc %lld\n", jint(j, "dokumen_id"));
			break;
		}
		json_decref(j);
		j = NULL;
	}
}

static size_t lines(void)
{
	size_t len;
	char *text = file_read(acks, &len);
	size_t n = str_count(text, "\n");

	free(text);
	return n;
}

/* Lines "\n"-separated, with a "\n" before and after: the values of one
 * column (expr) of table, one query whatever the number of rows. */
static char *column(const char *expr, const char *table)
{
	char *v = S.dburl[0] ? srv_db_text(&S, "SELECT string_agg(%s, chr(10)) FROM %s", expr, table)
			     : srv_db_text(&S, "SELECT group_concat(%s, char(10)) FROM %s", expr, table);
	char *out = NULL;

	assert_true(asprintf(&out, "\n%s\n", v ? v : "") > 0);
	free(v);
	return out;
}

/* Where "\n" value end (end: '\n' for a whole line, ' ' for its first
 * word) is in lines, or NULL. */
static const char *find_line(const char *lines, const char *value, char end)
{
	char want[300];

	snprintf(want, sizeof want, "\n%s%c", value, end);
	return strstr(lines, want);
}

/* Every acknowledged write is stored: the chat message, the application,
 * the document with both its files on disk. */
static void check_acks(void)
{
	size_t len, n = 0;
	char *text = file_read(acks, &len), *line, *save;
	char *chats = column("isi", "chat"), *apps = column("kode", "pengajuan");
	char *docs = column("id || ' ' || berkas || ' ' || ext", "dokumen");

	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		if (!strncmp(line, "chat ", 5)) {
			assert_non_null(find_line(chats, line + 5, '\n'));
		} else if (!strncmp(line, "app ", 4)) {
			assert_non_null(find_line(apps, line + 4, '\n'));
		} else {
			const char *at;
			char stem[100], ext[16];

			at = find_line(docs, line + 4, ' ');
			assert_non_null(at);
			at += strlen(line + 4) + 2;
			assert_int_equal(sscanf(at, "%99s %15s", stem, ext), 2);
			assert_int_equal(access(pathf("%s/files/dokumen/%s.%s", S.dir, stem, ext), F_OK), 0);
			assert_int_equal(access(pathf("%s/files/dokumen/%s.thumb.jpg", S.dir, stem), F_OK), 0);
		}
	}
	print_message("%zu acknowledged writes, all stored\n", n);
	free(text);
	free(chats);
	free(apps);
	free(docs);
}

static void check_database(void)
{
	char *ok;

	if (S.dburl[0]) {
		/* every row of the written tables is readable end to end */
		assert_true(srv_db_int(&S, "SELECT COUNT(*) FROM chat") >= 0);
		assert_true(srv_db_int(&S, "SELECT COUNT(*) FROM dokumen") >= 0);
		return;
	}
	ok = srv_db_text(&S, "PRAGMA integrity_check");
	assert_non_null(ok);
	assert_string_equal(ok, "ok");
	free(ok);
}

static void test_crash_run(void **st)
{
	pid_t pids[WRITERS];
	char *names = NULL, *line, *save, *stems;
	size_t files = 0;
	long long rows;

	(void)st;
	for (int round = 0; round < ROUNDS; round++) {
		size_t before = lines();
		int i;

		for (int k = 0; k < WRITERS; k++) {
			pids[k] = harness_fork();
			assert_true(pids[k] >= 0);
			if (pids[k] == 0) {
				int null = open("/dev/null", O_WRONLY);

				/* the kill cuts requests: their transport errors are expected */
				if (null >= 0)
					dup2(null, 2);
				writer(round, k);
				_exit(0);
			}
		}
		for (i = 0; i < 400 && lines() < before + ACKS_BEFORE_KILL; i++)
			usleep(25000);
		srv_crash(&S);
		for (int k = 0; k < WRITERS; k++)
			harness_reap(pids[k], SIGKILL, 10);
		assert_true(lines() > before);
		assert_int_equal(srv_respawn(&S, env), 0);
		check_acks();
		check_database();
	}
	/* what the crashes left, once it is old enough for the sweep */
	srv_crash(&S);
	srv_age_files(&S, 2 * 24 * 3600);
	assert_int_equal(srv_respawn(&S, env), 0);
	for (int i = 0; i < 100; i++) {
		names = srv_file_names(&S, "dokumen");
		if (!strstr(names, ".tmp"))
			break;
		free(names);
		names = NULL;
		usleep(50000);
	}
	assert_non_null(names);
	rows = srv_count(&S, "dokumen");
	stems = column("berkas", "dokumen");
	for (line = strtok_r(names, "\n", &save); line; line = strtok_r(NULL, "\n", &save), files++) {
		char stem[100];

		snprintf(stem, sizeof stem, "%.*s", (int)strcspn(line, "."), line);
		assert_non_null(find_line(stems, stem, '\n'));
	}
	assert_int_equal(files, 2 * (size_t)rows);
	free(names);
	free(stems);
	check_acks();
	check_database();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crash_run),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
