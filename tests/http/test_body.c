// SPDX-License-Identifier: MIT
// Request bodies: large uploads held open cost the server no memory, still work, 413 and 503 answers.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

static struct srv S;
static char *tok;   /* an active applicant */
static char *kode;  /* the applicant's draft */

#define PW "Feb1702."
#define NIK "3326071505900001"
/* a service with two required documents (catalog/layanan/16-SND.json) */
#define SVC "sinkronisasi-data"
#define DOC_KK "foto-kartu-keluarga"
#define DOC_KTP "foto-ktp-el"

#define BOUNDARY "loketbodytestboundary"
#define MIB (1024 * 1024)
/* Uploads held open at once, each about STALL_SIZE bytes: a server that
 * keeps bodies in its heap grows by more than STALLED * STALL_SIZE. */
#define STALLED 16
#define STALL_SIZE (9 * MIB)
/* What the server may grow by while they are held: the heap of 16
 * connections (64 KiB of body each, libmicrohttpd's buffer, the arena),
 * with room for a sanitizer build's allocator. */
#define GROWTH_MAX (48 * MIB)
/* Bytes of each held upload not sent until the end. */
#define REST 4096

static const char storage_msg[] = "Layanan sedang mengalami gangguan penyimpanan, silakan coba lagi nanti.";

/* ---- raw connections -------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A blocking connection to server s; -1 on error. */
static int connect_to(const struct srv *s)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
	dst.sin_port = htons((uint16_t)s->port);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&dst, sizeof dst) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = send(fd, c, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads one response (headers and a Content-Length body) within ms into
 * out (body malloc'd, NUL-terminated; headers not kept). 0 or -1. */
static int read_response(int fd, int ms, struct resp *out)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap), *eoh, *cl;
	long long end = now_ms() + ms;

	memset(out, 0, sizeof *out);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = end - now_ms();
		ssize_t n;

		buf[len] = '\0';
		eoh = strstr(buf, "\r\n\r\n");
		if (eoh) {
			size_t hlen = (size_t)(eoh + 4 - buf);

			cl = strcasestr(buf, "\r\nContent-Length:");
			if (cl && cl < eoh && len >= hlen + strtoul(cl + 17, NULL, 10)) {
				if (sscanf(buf, "HTTP/1.%*d %ld", &out->status) != 1)
					break;
				out->len = len - hlen;
				out->body = malloc(out->len + 1);
				memcpy(out->body, buf + hlen, out->len);
				out->body[out->len] = '\0';
				free(buf);
				return 0;
			}
		}
		if (len + 1 >= cap)
			buf = realloc(buf, cap *= 2);
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		n = recv(fd, buf + len, cap - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	free(buf);
	return -1;
}

/* The server's resident set in bytes (VmRSS of /proc/PID/status), -1. */
static long long server_rss(const struct srv *s)
{
	char path[64], line[256];
	long long kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)s->pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

/* ---- bodies --------------------------------------------------------- */

/* A multipart body for the document upload of the API: jenis, the test
 * JPEG as "file" and, when pad is not 0, a second file part "lampiran" of
 * pad bytes first (a field no handler reads: it only makes the body
 * large). *len receives its length (caller frees). */
static char *upload_body(const char *jenis, size_t pad, size_t *len)
{
	char *p = malloc(pad + 4096), head[512];
	size_t at = 0;
	int n;

#define ADD(s, l) (memcpy(p + at, (s), (l)), at += (l))
	if (pad) {
		n = snprintf(head, sizeof head,
			     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"lampiran\"; "
			     "filename=\"lampiran.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n");
		ADD(head, (size_t)n);
		memset(p + at, 'x', pad);
		at += pad;
		ADD("\r\n", 2);
	}
	n = snprintf(head, sizeof head,
		     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"jenis\"\r\n\r\n%s\r\n"
		     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"tanggal\"\r\n\r\n2024-01-15\r\n"
		     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"lembar\"\r\n\r\n1\r\n"
		     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"kk.jpg\"\r\n"
		     "Content-Type: image/jpeg\r\n\r\n", jenis);
	ADD(head, (size_t)n);
	ADD(jpeg_24x16, jpeg_24x16_len);
	ADD("\r\n--" BOUNDARY "--\r\n", strlen("\r\n--" BOUNDARY "--\r\n"));
#undef ADD
	*len = at;
	return p;
}

/* The request head of a multipart POST of len bytes to path (bearer may be
 * NULL; len 0: chunked). Static, overwritten by the next call. */
static const char *post_head(const char *path, const char *bearer, size_t len)
{
	static char head[1024];
	char auth[300] = "", length[64];

	if (bearer)
		snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", bearer);
	if (len)
		snprintf(length, sizeof length, "Content-Length: %zu\r\n", len);
	else
		snprintf(length, sizeof length, "Transfer-Encoding: chunked\r\n");
	snprintf(head, sizeof head,
		 "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%sContent-Type: multipart/form-data; boundary=" BOUNDARY
		 "\r\n%s\r\n", path, auth, length);
	return head;
}

/* The stored file of document dok, as downloaded (caller frees). */
static char *stored(const char *dok, size_t *len)
{
	struct resp r;
	char *p;

	assert_int_equal(bearer_request(&S, "GET", pathf("/api/v1/dokumen/%s/berkas", dok), NULL, NULL, 0, tok, &r),
			 0);
	assert_int_equal(r.status, 200);
	p = r.body;
	*len = r.len;
	r.body = NULL;
	resp_free(&r);
	return p;
}

/* ---- set-up ----------------------------------------------------------- */

static int setup(void **st)
{
	static const char *const env[] = { "LOKET_LOGIN_MAX_IP=1000", NULL };
	json_t *b;

	(void)st;
	if (srv_start(&S, env) < 0)
		return -1;
	tok = pemohon_active_token(&S, NIK, PW);
	if (!tok)
		return -1;
	b = json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "layanan", SVC, "nik", NIK, "nama", "Siti Aminah", "detail",
		      "Data saya tidak terbaca di BPJS Kesehatan.", "isian", "permasalahan_data",
		      "NIK tidak ditemukan di BPJS Kesehatan.");
	kode = api_create(&S, tok, b);
	return kode ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	free(tok);
	free(kode);
	return srv_stop(&S);
}

/* ---- tests ------------------------------------------------------------ */

/* STALLED uploads of 9 MiB, each held open just before its end, leave the
 * server's resident set within GROWTH_MAX of what it was (a heap buffer
 * per body grew it by more than STALLED * 9 MiB); none leaves a named
 * file; the first, finished, is stored as the same upload sent small is. */
static void test_stalled_uploads_bounded_memory(void **st)
{
	int fd[STALLED];
	size_t len, small_len, big_len;
	char *body = upload_body(DOC_KK, STALL_SIZE, &len), *small, *big;
	const char *head = post_head(pathf("/api/v1/pengajuan/%s/dokumen", kode), tok, len);
	long long base, rss, peak = 0;
	json_t *j, *small_j;
	struct resp r;
	char dok[32];
	int i;

	(void)st;
	/* a small upload first: the heap it takes is there before and after */
	assert_int_equal(api_upload(&S, tok, kode, DOC_KTP, "ktp.jpg", NULL, &small_j), 0);
	base = server_rss(&S);
	assert_true(base > 0);
	for (i = 0; i < STALLED; i++) {
		fd[i] = connect_to(&S);
		assert_true(fd[i] >= 0);
		assert_int_equal(send_all(fd[i], head, strlen(head)), 0);
		assert_int_equal(send_all(fd[i], body, len - REST), 0);
	}
	/* the server reads what is still in the sockets */
	for (i = 0; i < 10; i++) {
		usleep(150000);
		rss = server_rss(&S);
		if (rss > peak)
			peak = rss;
	}
	fprintf(stderr, "server resident set: %lld MiB before, %lld MiB with %d uploads of %d MiB held\n",
		base / MIB, peak / MIB, STALLED, STALL_SIZE / MIB);
	assert_true(peak - base < GROWTH_MAX);
	/* the bodies' files have no name */
	assert_int_equal(srv_files(&S, "tmp"), 0);

	/* the first upload ends: stored like the small one */
	assert_int_equal(send_all(fd[0], body + len - REST, REST), 0);
	assert_int_equal(read_response(fd[0], 60000, &r), 0);
	assert_int_equal(r.status, 201);
	j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	snprintf(dok, sizeof dok, "%lld", jint(j, "dokumen_id"));
	big = stored(dok, &big_len);
	snprintf(dok, sizeof dok, "%lld", jint(small_j, "dokumen_id"));
	small = stored(dok, &small_len);
	assert_true(small_len > 100);
	assert_int_equal(big_len, small_len);
	assert_memory_equal(big, small, small_len);
	for (i = 0; i < STALLED; i++)
		close(fd[i]);
	free(big);
	free(small);
	json_decref(j);
	json_decref(small_j);
	resp_free(&r);
	free(body);
}

/* A chunked body (no Content-Length to refuse early) past max_body +
 * upload_max: 413 with the manual's words, in JSON and on the page. */
static void test_bad_upload_too_large_chunked_413(void **st)
{
	static const char *const paths[] = { "/api/v1/verifikasi", "/verifikasi" };
	size_t chunk = MIB, i, k;
	char *data = malloc(chunk);
	char size_line[32];

	(void)st;
	memset(data, 'x', chunk);
	snprintf(size_line, sizeof size_line, "%zx\r\n", chunk);
	for (k = 0; k < 2; k++) {
		int fd = connect_to(&S);
		const char *head = post_head(paths[k], NULL, 0);
		struct resp r;

		assert_true(fd >= 0);
		assert_int_equal(send_all(fd, head, strlen(head)), 0);
		/* 12 MiB: more than the 11 MiB of an upload route */
		for (i = 0; i < 12; i++) {
			assert_int_equal(send_all(fd, size_line, strlen(size_line)), 0);
			assert_int_equal(send_all(fd, data, chunk), 0);
			assert_int_equal(send_all(fd, "\r\n", 2), 0);
		}
		assert_int_equal(send_all(fd, "0\r\n\r\n", 5), 0);
		assert_int_equal(read_response(fd, 60000, &r), 0);
		assert_int_equal(r.status, 413);
		assert_true(resp_has(&r, "Ukuran file terlalu besar. Batas ukuran satu file adalah 10 MB."));
		if (k == 0) {
			json_t *j = json_loads(r.body, 0, NULL);

			assert_true(api_error_is(j, r.status, 413, "terlalu_besar"));
		}
		resp_free(&r);
		close(fd);
	}
	assert_int_equal(srv_files(&S, "tmp"), 0);
	free(data);
}

/* A second server, started with a file size limit of 4 MiB (inherited
 * from this process while it starts): its database and log stay far
 * below, a body of 6 MiB does not. */
static struct srv s2;

static int setup_limited(void **st)
{
	struct rlimit old, lim;
	int rc;

	(void)st;
	if (getrlimit(RLIMIT_FSIZE, &old) < 0)
		return -1;
	lim = old;
	lim.rlim_cur = 4 * MIB;
	if (setrlimit(RLIMIT_FSIZE, &lim) < 0)
		return -1;
	rc = srv_start(&s2, NULL);
	if (setrlimit(RLIMIT_FSIZE, &old) < 0)
		return -1;
	return rc;
}

static int teardown_s2(void **st)
{
	(void)st;
	return srv_stop(&s2);
}

/* A body that cannot be written (here: past a file size limit the server
 * was started with, EFBIG) is answered 503 with the storage message, in
 * JSON and on the page; the server goes on serving small bodies. */
static void test_bad_upload_storage_failure_503(void **st)
{
	static const char *const paths[] = { "/api/v1/verifikasi", "/verifikasi" };
	size_t len, k;
	char *body = upload_body(DOC_KK, 6 * MIB, &len);
	struct resp r;

	(void)st;
	for (k = 0; k < 2; k++) {
		int fd = connect_to(&s2);
		const char *head = post_head(paths[k], NULL, len);

		assert_true(fd >= 0);
		assert_int_equal(send_all(fd, head, strlen(head)), 0);
		assert_int_equal(send_all(fd, body, len), 0);
		assert_int_equal(read_response(fd, 60000, &r), 0);
		assert_int_equal(r.status, 503);
		assert_true(resp_has(&r, storage_msg));
		if (k == 0) {
			json_t *j = json_loads(r.body, 0, NULL);

			assert_true(api_error_is(j, r.status, 503, "gangguan_penyimpanan"));
		}
		resp_free(&r);
		close(fd);
	}
	/* a small body never touches the disk */
	assert_int_equal(bearer_request(&s2, "POST", "/api/v1/verifikasi", "application/json", "{}", 2, NULL, &r), 0);
	assert_true(r.status != 503 && r.status > 0);
	resp_free(&r);
	assert_int_equal(page_get(&s2, NULL, "/", 200, &r), 0);
	resp_free(&r);
	free(body);
}

/* A server whose bodies may hold 8 MiB of disk in all. */
static int setup_disk_max(void **st)
{
	static const char *const env[] = { "LOKET_BODY_DISK_MAX=8388608", NULL };

	(void)st;
	return srv_start(&s2, env);
}

/* POSTs body (len bytes) to /api/v1/verifikasi on s2 and reads the answer
 * into r. 0 or -1. */
static int post_body(const char *body, size_t len, struct resp *r)
{
	int fd = connect_to(&s2), rc = -1;
	const char *head = post_head("/api/v1/verifikasi", NULL, len);

	if (fd >= 0 && send_all(fd, head, strlen(head)) == 0 && send_all(fd, body, len) == 0)
		rc = read_response(fd, 60000, r);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* body_disk_max: while one body of 6 MiB waits in its file, a second one
 * does not fit in 8 MiB and is answered 503; once the first is over, the
 * room is back. */
static void test_bad_upload_body_disk_max_503(void **st)
{
	size_t len;
	char *body = upload_body(DOC_KK, 6 * MIB, &len);
	const char *head = post_head("/api/v1/verifikasi", NULL, len);
	int fd = connect_to(&s2), i;
	struct resp r;

	(void)st;
	assert_true(fd >= 0);
	assert_int_equal(send_all(fd, head, strlen(head)), 0);
	assert_int_equal(send_all(fd, body, len - REST), 0);
	usleep(300000);
	assert_int_equal(post_body(body, len, &r), 0);
	assert_int_equal(r.status, 503);
	assert_true(api_error_is(json_loads(r.body, 0, NULL), r.status, 503, "gangguan_penyimpanan"));
	assert_true(resp_has(&r, storage_msg));
	resp_free(&r);
	/* the first one ends (its answer is not the point: a PDF is wanted);
	 * the second gave its room back when it failed */
	assert_int_equal(send_all(fd, body + len - REST, REST), 0);
	assert_int_equal(read_response(fd, 60000, &r), 0);
	assert_true(r.status != 503);
	resp_free(&r);
	close(fd);
	/* its request is over a moment after its answer */
	for (i = 0; i < 20; i++) {
		assert_int_equal(post_body(body, len, &r), 0);
		if (r.status != 503)
			break;
		resp_free(&r);
		usleep(100000);
	}
	assert_true(r.status != 503 && r.status > 0);
	resp_free(&r);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stalled_uploads_bounded_memory),
		cmocka_unit_test(test_bad_upload_too_large_chunked_413),
		cmocka_unit_test_setup_teardown(test_bad_upload_storage_failure_503, setup_limited, teardown_s2),
		cmocka_unit_test_setup_teardown(test_bad_upload_body_disk_max_503, setup_disk_max, teardown_s2),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
