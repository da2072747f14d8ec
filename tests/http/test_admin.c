// SPDX-License-Identifier: MIT
// HTTP tests of the admin back office: staff accounts, settings (logo, transports, test message), audit log and its API, role refusals.
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
#include <vips/vips.h>

#include "harness.h"

#define NEW_PW "Petugas-2024"
#define OFFICE "Dinas Dukcapil Kabupaten Uji Coba"

static struct srv S;
static struct client *ADM;           /* the admin who works the pages */
static struct client *ROLE[3];       /* verifikator, operator, penandatangan */
static char *TOKEN_ADM, *TOKEN_ROLE[3];
static long long ADM_ID;
static void *png;
static size_t png_len;

static const char *const role_names[3] = { "verifikator", "operator", "penandatangan" };

/* ---- helpers ------------------------------------------------------------- */

static void relogin(struct client *c, const char *user)
{
	struct resp r;

	assert_int_equal(staf_login_post(c, user, NEW_PW, &r), 0);
	assert_true(redirect_is(&r, "/staf"));
	resp_free(&r);
}

/* The one-time password on the page shown after creation or reset. */
static char *shown_password(const char *html)
{
	const char *p = strstr(html, "id=\"password\">"), *e;

	if (!p)
		return NULL;
	p += strlen("id=\"password\">");
	e = strchr(p, '<');
	return e ? strndup(p, (size_t)(e - p)) : NULL;
}

/* Posts the account form at path with NULL-terminated extra name/value pairs. */
static void post_form(struct client *c, const char *page, const char *path, struct resp *out, ...)
{
	const char *kv[64];
	char *csrf = page_field(c, page, "csrf");
	size_t n = 0;
	va_list ap;
	const char *k;

	assert_non_null(csrf);
	kv[n++] = "csrf";
	kv[n++] = csrf;
	va_start(ap, out);
	while ((k = va_arg(ap, const char *)) && n < 62) {
		kv[n++] = k;
		kv[n++] = va_arg(ap, const char *);
	}
	va_end(ap);
	kv[n] = NULL;
	assert_int_equal(client_post_arr(c, path, kv, out), 0);
	free(csrf);
}

static long long layanan_id(int nth)
{
	return srv_db_int(&S, "SELECT id FROM layanan ORDER BY id LIMIT 1 OFFSET %d", nth);
}

/* Creates an account through the page; returns its one-time password. */
static char *create_staff(const char *user, const char *nama, const char *peran, const char *layanan)
{
	struct resp r;
	char *pw;

	if (layanan)
		post_form(ADM, "/staf/petugas/baru", "/staf/petugas/baru", &r, "username", user, "nama", nama, "peran",
			  peran, "layanan", layanan, NULL);
	else
		post_form(ADM, "/staf/petugas/baru", "/staf/petugas/baru", &r, "username", user, "nama", nama, "peran",
			  peran, NULL);
	assert_int_equal(r.status, 200);
	pw = shown_password(r.body);
	assert_non_null(pw);
	assert_int_equal(strlen(pw), 20);
	resp_free(&r);
	return pw;
}

/* ---- setup --------------------------------------------------------------- */

static int setup(void **st)
{
	VipsImage *img = NULL;
	int i;

	(void)st;
	if (VIPS_INIT("test") != 0 || srv_start(&S, NULL) < 0)
		return -1;
	if (vips_black(&img, 48, 48, "bands", 3, NULL) || vips_pngsave_buffer(img, &png, &png_len, NULL))
		return -1;
	g_object_unref(img);
	ADM = staf_ready(&S, "adm", "admin", NULL, NEW_PW);
	ADM_ID = srv_id(&S, "staf", "username", "adm");
	TOKEN_ADM = staf_token(&S, "adm", NEW_PW);
	if (!ADM || !TOKEN_ADM)
		return -1;
	for (i = 0; i < 3; i++) {
		char user[32];

		snprintf(user, sizeof user, "role%d", i);
		ROLE[i] = staf_ready(&S, user, role_names[i], NULL, NEW_PW);
		TOKEN_ROLE[i] = staf_token(&S, user, NEW_PW);
		if (!ROLE[i] || !TOKEN_ROLE[i])
			return -1;
	}
	return 0;
}

static int teardown(void **st)
{
	int i;

	(void)st;
	client_free(ADM);
	free(TOKEN_ADM);
	for (i = 0; i < 3; i++) {
		client_free(ROLE[i]);
		free(TOKEN_ROLE[i]);
	}
	g_free(png);
	return srv_stop(&S);
}

/* ---- staff accounts ------------------------------------------------------ */

static void test_create_staff(void **st)
{
	char lay[24], *pw, *roles;
	struct client *c = client_new(&S);
	long long id, before = srv_count(&S, "audit");
	struct resp r;

	(void)st;
	assert_int_equal(client_get(ADM, "/staf/petugas/baru", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "name=\"peran\" value=\"penandatangan\""));
	assert_true(resp_has(&r, "name=\"layanan\""));
	resp_free(&r);
	snprintf(lay, sizeof lay, "%lld", layanan_id(0));
	pw = create_staff("budi.s", "Budi Santoso", "verifikator", lay);
	id = srv_id(&S, "staf", "username", "budi.s");
	assert_true(id > 0);
	roles = srv_db_text(&S, "SELECT roles FROM staf WHERE id = %lld", id);
	assert_string_equal(roles, "verifikator");
	free(roles);
	assert_int_equal(srv_db_int(&S, "SELECT ganti_password FROM staf WHERE id = %lld", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf_layanan WHERE staf_id = %lld AND layanan_id = %s", id, lay), 1);
	assert_int_equal(srv_count(&S, "audit"), before + 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'staf.tambah' AND objek = 'staf:%lld' "
				    "AND staf_id = %lld AND asal IS NOT NULL AND detail NOT LIKE '%%%s%%'", id, ADM_ID, pw), 1);
	/* the one-time password works once and must be replaced */
	assert_int_equal(staf_login_post(c, "budi.s", pw, &r), 0);
	assert_true(redirect_is(&r, "/staf/password"));
	resp_free(&r);
	assert_int_equal(client_get(c, "/staf", &r), 0);
	assert_true(redirect_is(&r, "/staf/password"));
	resp_free(&r);
	/* the list shows name, role, service limit and status */
	assert_int_equal(client_get(ADM, "/staf/petugas", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Budi Santoso"));
	assert_true(resp_has(&r, "Wajib ganti kata sandi"));
	assert_false(resp_has(&r, pw));
	resp_free(&r);
	free(pw);
	client_free(c);
}

static void test_bad_create_staff(void **st)
{
	long long staf = srv_db_int(&S, "SELECT COUNT(*) FROM staf"), before = srv_count(&S, "audit");
	char longname[160];
	struct resp r;
	char *v;

	(void)st;
	memset(longname, 'a', 101);
	longname[101] = '\0';
	/* taken username: values kept */
	post_form(ADM, "/staf/petugas/baru", "/staf/petugas/baru", &r, "username", "adm", "nama", "Nama Dipakai", "peran",
		  "operator", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Nama pengguna sudah dipakai"));
	v = html_field(r.body, "nama");
	assert_string_equal(v, "Nama Dipakai");
	free(v);
	assert_true(resp_has(&r, "value=\"operator\" id=\"peran-operator\" checked"));
	resp_free(&r);
	/* a username with characters outside the rule */
	post_form(ADM, "/staf/petugas/baru", "/staf/petugas/baru", &r, "username", "budi santoso!", "nama", "Budi", "peran",
		  "operator", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "hanya huruf kecil"));
	resp_free(&r);
	/* no role */
	post_form(ADM, "/staf/petugas/baru", "/staf/petugas/baru", &r, "username", "tanpa.peran", "nama", "Tanpa Peran", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Pilih minimal satu peran."));
	v = html_field(r.body, "username");
	assert_string_equal(v, "tanpa.peran");
	free(v);
	resp_free(&r);
	/* unknown role, unknown and malformed service ids */
	post_form(ADM, "/staf/petugas/baru", "/staf/petugas/baru", &r, "username", "x.role", "nama", "X", "peran", "superadmin", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Peran yang dipilih tidak dikenal."));
	resp_free(&r);
	post_form(ADM, "/staf/petugas/baru", "/staf/petugas/baru", &r, "username", "x.svc", "nama", "X", "peran", "operator",
		  "layanan", "999999", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Layanan yang dipilih tidak dikenal."));
	resp_free(&r);
	post_form(ADM, "/staf/petugas/baru", "/staf/petugas/baru", &r, "username", "x.svc2", "nama", "X", "peran", "operator",
		  "layanan", "abc", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Layanan yang dipilih tidak dikenal."));
	resp_free(&r);
	/* too long a name, and an empty one */
	post_form(ADM, "/staf/petugas/baru", "/staf/petugas/baru", &r, "username", "x.long", "nama", longname, "peran",
		  "operator", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "maksimal 100 karakter"));
	resp_free(&r);
	post_form(ADM, "/staf/petugas/baru", "/staf/petugas/baru", &r, "username", "x.empty", "nama", "  ", "peran",
		  "operator", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Nama petugas wajib diisi."));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf"), staf);
	assert_int_equal(srv_count(&S, "audit"), before);
}

static void test_edit_staff(void **st)
{
	char lay0[24], lay1[24], page[64], *pw, *s;
	long long id, before;
	struct resp r;

	(void)st;
	snprintf(lay0, sizeof lay0, "%lld", layanan_id(0));
	snprintf(lay1, sizeof lay1, "%lld", layanan_id(1));
	pw = create_staff("citra", "Citra", "operator", NULL);
	free(pw);
	id = srv_id(&S, "staf", "username", "citra");
	snprintf(page, sizeof page, "/staf/petugas/%lld", id);
	assert_int_equal(client_get(ADM, page, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "value=\"operator\" id=\"peran-operator\" checked"));
	resp_free(&r);
	post_form(ADM, page, page, &r, "nama", "Citra Lestari", "peran", "operator", "peran", "penandatangan", "layanan", lay0,
		  "layanan", lay1, NULL);
	assert_true(redirect_is(&r, "/staf/petugas"));
	resp_free(&r);
	s = srv_db_text(&S, "SELECT nama || '|' || roles FROM staf WHERE id = %lld", id);
	assert_string_equal(s, "Citra Lestari|operator,penandatangan");
	free(s);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf_layanan WHERE staf_id = %lld", id), 2);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'staf.ubah' AND objek = 'staf:%lld' "
				    "AND detail LIKE '%%peran: operator -> operator,penandatangan%%'", id), 1);
	/* back to every service */
	post_form(ADM, page, page, &r, "nama", "Citra Lestari", "peran", "operator", NULL);
	assert_true(redirect_is(&r, "/staf/petugas"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf_layanan WHERE staf_id = %lld", id), 0);
	/* saved unchanged: nothing to audit */
	before = srv_count(&S, "audit");
	post_form(ADM, page, page, &r, "nama", "Citra Lestari", "peran", "operator", NULL);
	assert_true(redirect_is(&r, "/staf/petugas"));
	resp_free(&r);
	assert_int_equal(srv_count(&S, "audit"), before);
	assert_int_equal(client_get(ADM, "/staf/petugas", &r), 0);
	assert_true(resp_has(&r, "Citra Lestari"));
	assert_true(resp_has(&r, "Semua layanan"));
	resp_free(&r);
}

static void test_bad_edit_staff(void **st)
{
	char page[64], *pw, *s, *v;
	long long id, before;
	struct resp r;

	(void)st;
	pw = create_staff("dodi", "Dodi", "operator", NULL);
	free(pw);
	id = srv_id(&S, "staf", "username", "dodi");
	before = srv_count(&S, "audit");
	snprintf(page, sizeof page, "/staf/petugas/%lld", id);
	post_form(ADM, page, page, &r, "nama", "Dodi Baru", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Pilih minimal satu peran."));
	v = html_field(r.body, "nama");
	assert_string_equal(v, "Dodi Baru");
	free(v);
	resp_free(&r);
	post_form(ADM, page, page, &r, "nama", "Dodi", "peran", "operator", "layanan", "0", NULL);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	s = srv_db_text(&S, "SELECT nama || '|' || roles FROM staf WHERE id = %lld", id);
	assert_string_equal(s, "Dodi|operator");
	free(s);
	assert_int_equal(srv_count(&S, "audit"), before);
	/* unknown and malformed ids */
	assert_int_equal(client_get(ADM, "/staf/petugas/999999", &r), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_int_equal(client_get(ADM, "/staf/petugas/01", &r), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	post_form(ADM, "/staf/petugas", "/staf/petugas/999999/nonaktif", &r, NULL);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

static void test_disable_and_enable(void **st)
{
	struct client *c = client_new(&S), *d = client_new(&S);
	char page[64], path[80], *pw;
	long long id;
	struct resp r;

	(void)st;
	pw = create_staff("eko", "Eko", "verifikator", NULL);
	assert_int_equal(staf_first_login(c, "eko", pw, NEW_PW), 0);
	free(pw);
	id = srv_id(&S, "staf", "username", "eko");
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	snprintf(page, sizeof page, "/staf/petugas/%lld", id);
	snprintf(path, sizeof path, "%s/nonaktif", page);
	post_form(ADM, page, path, &r, NULL);
	assert_true(redirect_is(&r, page));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT aktif FROM staf WHERE id = %lld", id), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM sesi WHERE jenis = 'staf' AND subjek_id = %lld", id), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'staf.nonaktif' AND objek = 'staf:%lld'", id), 1);
	/* the open session is worthless, and so is the password */
	assert_int_equal(client_get(c, "/staf/pendaftaran", &r), 0);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	assert_int_equal(staf_login_post(d, "eko", NEW_PW, &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Nama pengguna atau kata sandi salah."));
	resp_free(&r);
	assert_int_equal(client_get(ADM, page, &r), 0);
	assert_true(resp_has(&r, "Nonaktif"));
	assert_true(resp_has(&r, "Aktifkan Kembali"));
	resp_free(&r);
	/* enabled again: the same password works */
	snprintf(path, sizeof path, "%s/aktif", page);
	post_form(ADM, page, path, &r, NULL);
	assert_true(redirect_is(&r, page));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT aktif FROM staf WHERE id = %lld", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'staf.aktif' AND objek = 'staf:%lld'", id), 1);
	relogin(d, "eko");
	client_free(c);
	client_free(d);
}

static void test_reset_password(void **st)
{
	struct client *c = client_new(&S), *d = client_new(&S);
	char page[64], path[96], *pw, *pw2;
	long long id;
	struct resp r;

	(void)st;
	pw = create_staff("fajar", "Fajar", "operator", NULL);
	assert_int_equal(staf_first_login(c, "fajar", pw, NEW_PW), 0);
	id = srv_id(&S, "staf", "username", "fajar");
	assert_int_equal(srv_db_int(&S, "SELECT ganti_password FROM staf WHERE id = %lld", id), 0);
	snprintf(page, sizeof page, "/staf/petugas/%lld", id);
	snprintf(path, sizeof path, "%s/reset-password", page);
	post_form(ADM, page, path, &r, NULL);
	assert_int_equal(r.status, 200);
	assert_true(resp_has(&r, "Kata Sandi Berhasil Direset"));
	pw2 = shown_password(r.body);
	assert_non_null(pw2);
	assert_string_not_equal(pw2, pw);
	{
		char *cc = resp_header(&r, "Cache-Control");

		assert_non_null(cc);
		assert_non_null(strstr(cc, "no-store"));
		free(cc);
	}
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT ganti_password FROM staf WHERE id = %lld", id), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'staf.reset_password' AND objek = 'staf:%lld'", id), 1);
	/* sessions ended; the old password is gone; the new one forces a change */
	assert_int_equal(client_get(c, "/staf", &r), 0);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	assert_int_equal(staf_login_post(d, "fajar", NEW_PW, &r), 0);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(staf_login_post(d, "fajar", pw2, &r), 0);
	assert_true(redirect_is(&r, "/staf/password"));
	resp_free(&r);
	assert_int_equal(client_get(d, "/staf/pengajuan", &r), 0);
	assert_true(redirect_is(&r, "/staf/password"));
	resp_free(&r);
	free(pw);
	free(pw2);
	client_free(c);
	client_free(d);
}

static void test_bad_reset_own_password(void **st)
{
	char page[64], path[96];
	long long before = srv_count(&S, "audit");
	struct resp r;
	char *hash = srv_db_text(&S, "SELECT password_hash FROM staf WHERE id = %lld", ADM_ID), *after;

	(void)st;
	snprintf(page, sizeof page, "/staf/petugas/%lld", ADM_ID);
	snprintf(path, sizeof path, "%s/reset-password", page);
	post_form(ADM, page, path, &r, NULL);
	assert_int_equal(r.status, 409);
	assert_true(resp_has(&r, "Ganti Kata Sandi"));
	resp_free(&r);
	after = srv_db_text(&S, "SELECT password_hash FROM staf WHERE id = %lld", ADM_ID);
	assert_string_equal(after, hash);
	free(after);
	free(hash);
	assert_int_equal(srv_count(&S, "audit"), before);
}

static void test_bad_last_admin_guard(void **st)
{
	struct client *c2;
	char page[64], path[96], page2[64], path2[96], *roles;
	long long id2, before;
	struct resp r;

	(void)st;
	/* adm is the only active admin */
	assert_int_equal(srv_db_exec(&S, "UPDATE staf SET aktif = 0 WHERE id <> %lld AND roles LIKE '%%admin%%'", ADM_ID), 0);
	before = srv_count(&S, "audit");
	snprintf(page, sizeof page, "/staf/petugas/%lld", ADM_ID);
	snprintf(path, sizeof path, "%s/nonaktif", page);
	post_form(ADM, page, path, &r, NULL);
	assert_int_equal(r.status, 409);
	assert_true(resp_has(&r, "minimal satu admin"));
	resp_free(&r);
	post_form(ADM, page, page, &r, "nama", "Admin", "peran", "verifikator", NULL);
	assert_int_equal(r.status, 409);
	assert_true(resp_has(&r, "minimal satu admin"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT aktif FROM staf WHERE id = %lld", ADM_ID), 1);
	roles = srv_db_text(&S, "SELECT roles FROM staf WHERE id = %lld", ADM_ID);
	assert_string_equal(roles, "admin");
	free(roles);
	assert_int_equal(srv_count(&S, "audit"), before);
	/* with a second admin, one may go; then that one is the last */
	c2 = staf_ready(&S, "adm2", "admin", NULL, NEW_PW);
	assert_non_null(c2);
	id2 = srv_id(&S, "staf", "username", "adm2");
	post_form(c2, page, path, &r, NULL);
	assert_true(redirect_is(&r, page));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT aktif FROM staf WHERE id = %lld", ADM_ID), 0);
	snprintf(page2, sizeof page2, "/staf/petugas/%lld", id2);
	snprintf(path2, sizeof path2, "%s/nonaktif", page2);
	post_form(c2, page2, path2, &r, NULL);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT aktif FROM staf WHERE id = %lld", id2), 1);
	/* adm back; adm2 disables itself and is logged out */
	snprintf(path, sizeof path, "%s/aktif", page);
	post_form(c2, page, path, &r, NULL);
	assert_true(redirect_is(&r, page));
	resp_free(&r);
	post_form(c2, page2, path2, &r, NULL);
	assert_true(redirect_is(&r, "/staf/login"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT aktif FROM staf WHERE id = %lld", id2), 0);
	client_free(c2);
	relogin(ADM, "adm");
	free(TOKEN_ADM);
	TOKEN_ADM = staf_token(&S, "adm", NEW_PW);
	assert_non_null(TOKEN_ADM);
}

static void test_bad_other_roles_refused(void **st)
{
	static const char *const pages[] = { "/staf/petugas", "/staf/petugas/baru", "/staf/petugas/1", "/staf/pengaturan",
					     "/staf/audit", "/staf/audit?aksi=staf." };
	static const char *const posts[] = { "/staf/petugas/baru", "/staf/petugas/1", "/staf/petugas/1/nonaktif",
					     "/staf/petugas/1/aktif", "/staf/petugas/1/reset-password",
					     "/staf/pengaturan", "/staf/pengaturan/pesan-uji" };
	long long staf = srv_db_int(&S, "SELECT COUNT(*) FROM staf"), before = srv_count(&S, "audit");
	long long outbox = srv_db_int(&S, "SELECT COUNT(*) FROM outbox");
	struct client *anon = client_new(&S);
	struct resp r;
	size_t i, k;

	(void)st;
	for (k = 0; k < 3; k++) {
		char *csrf = page_field(ROLE[k], "/staf/password", "csrf");

		assert_non_null(csrf);
		for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
			assert_int_equal(client_get(ROLE[k], pages[i], &r), 0);
			if (r.status != 403)
				fail_msg("%s GET %s: %ld", role_names[k], pages[i], r.status);
			resp_free(&r);
		}
		for (i = 0; i < sizeof posts / sizeof posts[0]; i++) {
			assert_int_equal(client_post(ROLE[k], posts[i], &r, "csrf", csrf, "username", "penyusup", "nama", "X",
						     "peran", "admin", "nama_kantor", "Diretas", "tujuan", "081234567890", NULL), 0);
			if (r.status != 403)
				fail_msg("%s POST %s: %ld", role_names[k], posts[i], r.status);
			resp_free(&r);
		}
		free(csrf);
		/* the menu does not offer them either */
		assert_int_equal(client_get(ROLE[k], "/staf", &r), 0);
		assert_false(resp_has(&r, "href=\"/staf/audit\""));
		assert_false(resp_has(&r, "href=\"/staf/petugas\""));
		resp_free(&r);
	}
	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		assert_int_equal(client_get(anon, pages[i], &r), 0);
		assert_true(redirect_is(&r, "/staf/login"));
		resp_free(&r);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM staf"), staf);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), outbox);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan WHERE nilai = 'Diretas'"), 0);
	assert_int_equal(srv_count(&S, "audit"), before);
	client_free(anon);
}

/* ---- settings ------------------------------------------------------------ */

/* Posts the settings form (multipart) with the current values of the page
 * for every field not named in extra (NULL-terminated name, value pairs). */
static void post_settings(struct resp *out, const struct part *file, ...)
{
	static const char *const fields[] = { "nama_kantor", "footer", "jam_layanan", "whatsapp_url",
					      "smtp_url", "smtp_user", "smtp_from" };
	struct part parts[40];
	char *owned[20];
	size_t n = 0, no = 0, i;
	const char *k, *extra[40];
	size_t ne = 0;
	struct resp r;
	va_list ap;

	va_start(ap, file);
	while ((k = va_arg(ap, const char *)) && ne < 38) {
		extra[ne++] = k;
		extra[ne++] = va_arg(ap, const char *);
	}
	va_end(ap);
	assert_int_equal(client_get(ADM, "/staf/pengaturan", &r), 0);
	assert_int_equal(r.status, 200);
	owned[no] = html_field(r.body, "csrf");
	parts[n++] = (struct part){ "csrf", owned[no++], 0, NULL, NULL };
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		size_t j;
		int given = 0;

		for (j = 0; j < ne; j += 2)
			given |= !strcmp(extra[j], fields[i]);
		if (given)
			continue;
		owned[no] = html_field(r.body, fields[i]);
		assert_non_null(owned[no]);
		parts[n++] = (struct part){ fields[i], owned[no++], 0, NULL, NULL };
	}
	/* the selects: what is selected now, unless given */
	{
		static const char *const sel[] = { "whatsapp_transport", "whatsapp_format", "email_transport" };
		static const char *const dflt[] = { "log", "fonnte", "log" };

		for (i = 0; i < 3; i++) {
			size_t j;
			int given = 0;

			for (j = 0; j < ne; j += 2)
				given |= !strcmp(extra[j], sel[i]);
			if (!given)
				parts[n++] = (struct part){ sel[i], dflt[i], 0, NULL, NULL };
		}
	}
	for (i = 0; i < ne; i += 2)
		parts[n++] = (struct part){ extra[i], extra[i + 1], 0, NULL, NULL };
	if (file)
		parts[n++] = *file;
	parts[n] = (struct part){ NULL, NULL, 0, NULL, NULL };
	resp_free(&r);
	assert_int_equal(client_multipart(ADM, "/staf/pengaturan", parts, out), 0);
	for (i = 0; i < no; i++)
		free(owned[i]);
}

/* GETs / as a visitor until it contains needle (Home is cached for a second). */
static int home_shows(const char *needle)
{
	struct client *c = client_new(&S);
	struct resp r;
	int i, hit = 0;

	for (i = 0; i < 40 && !hit; i++) {
		assert_int_equal(client_get(c, "/", &r), 0);
		assert_int_equal(r.status, 200);
		hit = resp_has(&r, needle);
		resp_free(&r);
		if (!hit)
			usleep(100000);
	}
	client_free(c);
	return hit;
}

static void test_settings_saved_and_shown(void **st)
{
	long long before;
	struct resp r;
	char *v;

	(void)st;
	post_settings(&r, NULL, "nama_kantor", OFFICE, "footer", "Jl. Merdeka No. 1, Kajen\r\nTelp. (0285) 381234",
		      "jam_layanan", "Senin-Kamis 08.00-15.00 WIB  \r\nJumat 08.00-11.00 WIB\r\n\r\n", NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	v = srv_db_text(&S, "SELECT nilai FROM pengaturan WHERE kunci = 'jam_layanan'");
	assert_string_equal(v, "Senin-Kamis 08.00-15.00 WIB\nJumat 08.00-11.00 WIB");
	free(v);
	v = srv_db_text(&S, "SELECT nilai FROM pengaturan WHERE kunci = 'nama_kantor'");
	assert_string_equal(v, OFFICE);
	free(v);
	/* what equals loket.ini is not pinned */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan WHERE kunci IN ('whatsapp_transport', 'smtp_from')"), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengaturan.ubah' AND objek = 'pengaturan' "
				    "AND detail LIKE '%%nama_kantor%%' AND detail LIKE '%%jam_layanan%%'"), 1);
	assert_int_equal(client_get(ADM, "/staf/pengaturan", &r), 0);
	assert_true(resp_has(&r, "Pengaturan berhasil disimpan."));
	v = html_field(r.body, "nama_kantor");
	assert_string_equal(v, OFFICE);
	free(v);
	resp_free(&r);
	/* the public Home page shows them */
	assert_true(home_shows(OFFICE));
	assert_true(home_shows("<span class=\"d-block\">Jumat 08.00-11.00 WIB</span>"));
	assert_true(home_shows("<span class=\"d-block\">Telp. (0285) 381234</span>"));
	/* the same again changes nothing and audits nothing */
	before = srv_count(&S, "audit");
	post_settings(&r, NULL, NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	assert_int_equal(srv_count(&S, "audit"), before);
	assert_int_equal(client_get(ADM, "/staf/pengaturan", &r), 0);
	assert_true(resp_has(&r, "Tidak ada perubahan pengaturan."));
	resp_free(&r);
}

static void test_bad_settings(void **st)
{
	long long rows = srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan"), before = srv_count(&S, "audit");
	struct resp r;
	char *v;

	(void)st;
	post_settings(&r, NULL, "nama_kantor", "", "footer", "Footer baru yang tidak tersimpan", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Nama kantor wajib diisi."));
	v = html_field(r.body, "footer");
	assert_string_equal(v, "Footer baru yang tidak tersimpan");
	free(v);
	resp_free(&r);
	post_settings(&r, NULL, "email_transport", "smtp", "smtp_url", "", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Alamat server SMTP wajib diisi"));
	resp_free(&r);
	post_settings(&r, NULL, "whatsapp_url", "ftp://gateway.example", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "https://"));
	resp_free(&r);
	post_settings(&r, NULL, "whatsapp_transport", "merpati", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Pilih cara pengiriman WhatsApp"));
	resp_free(&r);
	post_settings(&r, NULL, "smtp_from", "bukan alamat", NULL);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	post_settings(&r, NULL, "smtp_user", "a\tb", NULL);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan"), rows);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan WHERE nilai LIKE 'Footer baru%%'"), 0);
	assert_int_equal(srv_count(&S, "audit"), before);
}

static void test_secrets_never_echoed(void **st)
{
	struct resp r;
	char *v;

	(void)st;
	post_settings(&r, NULL, "smtp_password", "Rahasia-SMTP-77", "whatsapp_token", "tok-rahasia-99", NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	v = srv_db_text(&S, "SELECT nilai FROM pengaturan WHERE kunci = 'smtp_password'");
	assert_string_equal(v, "Rahasia-SMTP-77");
	free(v);
	assert_int_equal(client_get(ADM, "/staf/pengaturan", &r), 0);
	assert_false(resp_has(&r, "Rahasia-SMTP-77"));
	assert_false(resp_has(&r, "tok-rahasia-99"));
	assert_true(resp_has(&r, "name=\"smtp_password_hapus\""));
	assert_true(resp_has(&r, "Tersimpan"));
	resp_free(&r);
	/* the audit names the key, never the value */
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE detail LIKE '%%Rahasia-SMTP%%' OR detail LIKE '%%tok-rahasia%%'"), 0);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengaturan.ubah' AND detail LIKE '%%smtp_password%%'"), 1);
	/* empty keeps the saved value */
	post_settings(&r, NULL, "smtp_password", "", "footer", "Footer kedua", NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	v = srv_db_text(&S, "SELECT nilai FROM pengaturan WHERE kunci = 'smtp_password'");
	assert_string_equal(v, "Rahasia-SMTP-77");
	free(v);
	/* "hapus" clears it (loket.ini has none: the row goes) */
	post_settings(&r, NULL, "smtp_password_hapus", "1", "whatsapp_token_hapus", "1", NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan WHERE kunci IN ('smtp_password', 'whatsapp_token')"), 0);
	assert_int_equal(client_get(ADM, "/staf/pengaturan", &r), 0);
	assert_true(resp_has(&r, "Belum ada kata sandi tersimpan."));
	assert_false(resp_has(&r, "name=\"smtp_password_hapus\""));
	resp_free(&r);
}

static void test_logo_upload(void **st)
{
	struct part file = { "logo", png, png_len, "logo kantor.png", "image/png" };
	struct client *anon = client_new(&S);
	char *name, url[64], *cc, *ct;
	struct resp r;

	(void)st;
	post_settings(&r, &file, NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	name = srv_db_text(&S, "SELECT nilai FROM pengaturan WHERE kunci = 'logo'");
	assert_non_null(name);
	assert_int_equal(strncmp(name, "logo-", 5), 0);
	assert_int_equal(srv_files(&S, "pengaturan"), 1);
	snprintf(url, sizeof url, "/logo?v=%.16s", name + 5);
	assert_true(home_shows(url));
	/* versioned: cached for long; otherwise revalidated */
	assert_int_equal(client_get(anon, url, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 8 && !memcmp(r.body, "\x89PNG", 4));
	cc = resp_header(&r, "Cache-Control");
	ct = resp_header(&r, "Content-Type");
	assert_non_null(strstr(cc, "max-age=31536000"));
	assert_string_equal(ct, "image/png");
	free(cc);
	free(ct);
	resp_free(&r);
	assert_int_equal(client_get(anon, "/logo?v=0000000000000000", &r), 0);
	assert_int_equal(r.status, 200);
	cc = resp_header(&r, "Cache-Control");
	assert_null(strstr(cc, "max-age=31536000"));
	free(cc);
	resp_free(&r);
	/* a new logo replaces the old file */
	post_settings(&r, &file, NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	assert_int_equal(srv_files(&S, "pengaturan"), 1);
	/* removed: back to the default */
	post_settings(&r, NULL, "logo_hapus", "1", NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan WHERE kunci = 'logo'"), 0);
	assert_int_equal(srv_files(&S, "pengaturan"), 0);
	assert_int_equal(client_get(anon, "/logo", &r), 0);
	assert_true(redirect_is(&r, "/static/img/logo.svg"));
	resp_free(&r);
	assert_true(home_shows("src=\"/static/img/logo.svg\""));
	free(name);
	client_free(anon);
}

static void test_bad_logo_upload(void **st)
{
	static const char html[] = "<!doctype html><html><body><script>alert(1)</script></body></html>";
	struct part fake = { "logo", html, sizeof html - 1, "logo.png", "image/png" };
	struct part pdf = { "logo", "%PDF-1.4\n%%EOF\n", 15, "logo.pdf", "application/pdf" };
	long long before = srv_count(&S, "audit");
	struct resp r;
	char *v;

	(void)st;
	post_settings(&r, &fake, "nama_kantor", "Kantor Tidak Tersimpan", NULL);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Logo harus berupa gambar PNG atau JPG"));
	v = html_field(r.body, "nama_kantor");
	assert_string_equal(v, "Kantor Tidak Tersimpan");
	free(v);
	resp_free(&r);
	post_settings(&r, &pdf, NULL);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM pengaturan WHERE kunci = 'logo' OR nilai = 'Kantor Tidak Tersimpan'"), 0);
	assert_true(srv_files(&S, "pengaturan") <= 0);
	assert_int_equal(srv_count(&S, "audit"), before);
}

static void test_test_message_queued(void **st)
{
	long long before = srv_db_int(&S, "SELECT COUNT(*) FROM outbox");
	struct resp r;

	(void)st;
	post_form(ADM, "/staf/pengaturan", "/staf/pengaturan/pesan-uji", &r, "tujuan", "0812-3456-7890", NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND recipient = '6281234567890' "
				    "AND subject = 'Pesan Uji'"), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM audit WHERE aksi = 'pengaturan.pesan_uji' AND detail LIKE 'whatsapp %%'"), 1);
	assert_int_equal(client_get(ADM, "/staf/pengaturan", &r), 0);
	assert_true(resp_has(&r, "Pesan uji sudah dimasukkan ke antrean pengiriman WhatsApp ke 0812****7890"));
	resp_free(&r);
	post_form(ADM, "/staf/pengaturan", "/staf/pengaturan/pesan-uji", &r, "tujuan", "admin@Example.go.id", NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND recipient = 'admin@example.go.id'"), 1);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), before + 2);
}

static void test_bad_test_message(void **st)
{
	long long before = srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), audits = srv_count(&S, "audit");
	static const char *const bad[] = { "", "bukan nomor", "0212345678", "nama@", "a\tb@example.com" };
	struct resp r;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		post_form(ADM, "/staf/pengaturan", "/staf/pengaturan/pesan-uji", &r, "tujuan", bad[i], NULL);
		assert_int_equal(r.status, 422);
		assert_true(resp_has(&r, "is-invalid\" id=\"tujuan\""));
		resp_free(&r);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox"), before);
	assert_int_equal(srv_count(&S, "audit"), audits);
}

/* The delivery thread takes the transport from the saved settings: an SMTP
 * server nobody listens on makes the test e-mail fail with an SMTP error. */
static void test_transports_follow_settings(void **st)
{
	long long id;
	struct resp r;
	int i;

	(void)st;
	/* earlier messages delivered first: the first e-mail tried is ours */
	for (i = 0; i < 100 && srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") > 0; i++)
		usleep(100000);
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"), 0);
	post_settings(&r, NULL, "email_transport", "smtp", "smtp_url", "smtp://127.0.0.1:9", "smtp_from",
		      "Loket Uji <loket@example.go.id>", NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	post_form(ADM, "/staf/pengaturan", "/staf/pengaturan/pesan-uji", &r, "tujuan", "smtp.uji@example.go.id", NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	id = srv_db_int(&S, "SELECT id FROM outbox WHERE recipient = 'smtp.uji@example.go.id'");
	assert_true(id > 0);
	for (i = 0; i < 100; i++) {
		if (srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE id = %lld AND attempts > 0", id) == 1)
			break;
		usleep(100000);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE id = %lld AND attempts > 0 AND status <> 'sent' "
				    "AND last_error LIKE 'smtp%%'", id), 1);
	/* back to the log transport: the next e-mail is delivered to the file */
	post_settings(&r, NULL, "email_transport", "log", "smtp_url", "", NULL);
	assert_true(redirect_is(&r, "/staf/pengaturan"));
	resp_free(&r);
	post_form(ADM, "/staf/pengaturan", "/staf/pengaturan/pesan-uji", &r, "tujuan", "log.uji@example.go.id", NULL);
	resp_free(&r);
	for (i = 0; i < 100; i++) {
		if (srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE recipient = 'log.uji@example.go.id' AND status = 'sent'") == 1)
			break;
		usleep(100000);
	}
	assert_int_equal(srv_db_int(&S, "SELECT COUNT(*) FROM outbox WHERE recipient = 'log.uji@example.go.id' AND status = 'sent'"), 1);
}

/* ---- audit log ----------------------------------------------------------- */

/* 2026-11-10 00:00 WIB */
#define DAY0 1794243600LL

/* 120 rows "uji.langkah" on objects uji:0..119, one hour apart from DAY0,
 * by adm for even i and role0 for odd i, from 10.9.0.(i % 3). */
static void seed_audit(void)
{
	static int done;
	long long r0 = srv_id(&S, "staf", "username", "role0");
	int i;

	if (done)
		return;
	done = 1;
	for (i = 0; i < 120; i++)
		assert_int_equal(srv_db_exec(&S, "INSERT INTO audit (staf_id, aksi, objek, detail, asal, created_at) "
					     "VALUES (%lld, 'uji.langkah', 'uji:%d', 'baris %d', '10.9.0.%d', %lld)",
					     i % 2 ? r0 : ADM_ID, i, i, i % 3, DAY0 + 3600LL * i), 0);
	/* one with the same time as another: the id breaks the tie */
	assert_int_equal(srv_db_exec(&S, "INSERT INTO audit (staf_id, aksi, objek, detail, asal, created_at) "
				     "VALUES (NULL, 'uji.kembar', 'uji:kembar', NULL, NULL, %lld)", DAY0 + 3600LL * 60), 0);
}

static void test_audit_api_paging_and_filters(void **st)
{
	char path[256], seen[121];
	json_int_t next, prev_t = INT64_MAX, prev_id = INT64_MAX;
	long status;
	json_t *j, *a, *row;
	size_t i, total = 0;
	int pages = 0;

	(void)st;
	seed_audit();
	memset(seen, 0, sizeof seen);
	snprintf(path, sizeof path, "/api/v1/staf/audit?aksi=uji.&batas=50");
	for (;;) {
		j = api_json(&S, "GET", path, NULL, TOKEN_ADM, &status);
		assert_int_equal(status, 200);
		a = json_object_get(j, "audit");
		assert_true(json_is_array(a));
		json_array_foreach(a, i, row) {
			json_int_t t = json_integer_value(json_object_get(row, "created_at"));
			json_int_t id = json_integer_value(json_object_get(row, "id"));
			const char *o = json_string_value(json_object_get(row, "objek"));
			int n;

			/* newest first, strictly */
			assert_true(t < prev_t || (t == prev_t && id < prev_id));
			prev_t = t;
			prev_id = id;
			if (sscanf(o, "uji:%d", &n) == 1) {
				assert_false(seen[n]);
				seen[n] = 1;
			}
			total++;
		}
		pages++;
		if (json_is_null(json_object_get(j, "berikutnya"))) {
			json_decref(j);
			break;
		}
		next = json_integer_value(json_object_get(j, "berikutnya"));
		assert_true(next > 0);
		assert_int_equal(json_array_size(a), 50);
		json_decref(j);
		snprintf(path, sizeof path, "/api/v1/staf/audit?aksi=uji.&batas=50&sebelum=%lld", (long long)next);
	}
	assert_int_equal(total, 121);
	assert_int_equal(pages, 3);
	for (i = 0; i < 120; i++)
		assert_true(seen[i]);
	/* filters */
	j = api_json(&S, "GET", "/api/v1/staf/audit?aksi=uji.langkah&objek=uji:7", NULL, TOKEN_ADM, &status);
	assert_int_equal(status, 200);
	a = json_object_get(j, "audit");
	assert_int_equal(json_array_size(a), 1);
	row = json_array_get(a, 0);
	assert_string_equal(json_string_value(json_object_get(row, "detail")), "baris 7");
	assert_string_equal(json_string_value(json_object_get(row, "asal")), "10.9.0.1");
	assert_string_equal(json_string_value(json_object_get(row, "staf_username")), "role0");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/staf/audit?aksi=uji.langkah&staf=%lld&batas=200",
		 srv_id(&S, "staf", "username", "role0"));
	j = api_json(&S, "GET", path, NULL, TOKEN_ADM, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "audit")), 60);
	assert_true(json_is_null(json_object_get(j, "berikutnya")));
	json_decref(j);
	/* one WIB day: rows 0..23 of 2026-11-10 */
	j = api_json(&S, "GET", "/api/v1/staf/audit?aksi=uji.&dari=2026-11-10&sampai=2026-11-10&batas=200", NULL,
		     TOKEN_ADM, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "audit")), 24);
	json_decref(j);
	j = api_json(&S, "GET", "/api/v1/staf/audit?aksi=uji.&asal=10.9.0.2&batas=200", NULL, TOKEN_ADM, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "audit")), 40);
	json_decref(j);
	/* '_' is not a wildcard */
	j = api_json(&S, "GET", "/api/v1/staf/audit?aksi=uji_", NULL, TOKEN_ADM, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(json_object_get(j, "audit")), 0);
	json_decref(j);
}

static void test_bad_audit_api(void **st)
{
	static const char *const bad[][2] = {
		{ "/api/v1/staf/audit?dari=2026-13-01", "dari" },
		{ "/api/v1/staf/audit?sampai=21-11-2026", "sampai" },
		{ "/api/v1/staf/audit?dari=2026-11-20&sampai=2026-11-10", "sampai" },
		{ "/api/v1/staf/audit?batas=0", "batas" },
		{ "/api/v1/staf/audit?batas=500", "batas" },
		{ "/api/v1/staf/audit?staf=abc", "staf" },
		{ "/api/v1/staf/audit?aksi=Bad%20Aksi!", "aksi" },
		{ "/api/v1/staf/audit?sebelum=x", "sebelum" },
		{ "/api/v1/staf/audit?sebelum=999999999", "sebelum" },
	};
	long status;
	json_t *j;
	size_t i;
	int k;

	(void)st;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = api_json(&S, "GET", bad[i][0], NULL, TOKEN_ADM, &status);
		if (status != 422)
			fail_msg("%s: %ld", bad[i][0], status);
		assert_string_equal(err_code(j), "data_tidak_valid");
		assert_non_null(field_msg(j, bad[i][1]));
		json_decref(j);
	}
	j = api_json(&S, "GET", "/api/v1/staf/audit", NULL, NULL, &status);
	assert_int_equal(status, 401);
	json_decref(j);
	j = api_json(&S, "GET", "/api/v1/staf/audit", NULL, "bukan-token", &status);
	assert_int_equal(status, 401);
	json_decref(j);
	for (k = 0; k < 3; k++) {
		j = api_json(&S, "GET", "/api/v1/staf/audit", NULL, TOKEN_ROLE[k], &status);
		assert_int_equal(status, 403);
		assert_string_equal(err_code(j), "akses_ditolak");
		assert_null(json_object_get(j, "audit"));
		json_decref(j);
	}
}

/* The href of the "Lebih Lama" link, HTML-unescaped enough for a GET. */
static char *next_link(const char *html)
{
	const char *p = strstr(html, "rel=\"next\""), *h;
	char *out, *w;

	if (!p)
		return NULL;
	h = p;
	while (h > html && strncmp(h, "href=\"", 6))
		h--;
	h += 6;
	out = strndup(h, (size_t)(strchr(h, '"') - h));
	for (w = out; (w = strstr(w, "&amp;"));)
		memmove(w + 1, w + 5, strlen(w + 5) + 1);
	return out;
}

static void test_audit_page_filters_and_paging(void **st)
{
	struct resp r;
	char *link, path[160];
	size_t total = 0;
	int pages = 0;

	(void)st;
	seed_audit();
	link = strdup("/staf/audit?aksi=uji.langkah");
	while (link) {
		assert_int_equal(client_get(ADM, link, &r), 0);
		assert_int_equal(r.status, 200);
		total += str_count(r.body, ">uji:");
		pages++;
		free(link);
		link = next_link(r.body);
		if (link)
			assert_non_null(strstr(link, "aksi=uji.langkah&sebelum="));
		if (pages > 1)
			assert_true(resp_has(&r, "Terbaru"));
		resp_free(&r);
		assert_true(pages < 5);
	}
	assert_int_equal(pages, 3);
	assert_int_equal(total, 120);
	/* newest first, WIB times, officer names */
	assert_int_equal(client_get(ADM, "/staf/audit?aksi=uji.langkah&objek=uji:119", &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(str_count(r.body, ">uji:"), 1);
	/* DAY0 + 119 h = 2026-11-14 23:00 WIB */
	assert_true(resp_has(&r, "14-11-2026 23:00:00 WIB"));
	assert_true(resp_has(&r, "(role0)"));
	assert_true(resp_has(&r, "10.9.0.2"));
	resp_free(&r);
	snprintf(path, sizeof path, "/staf/audit?aksi=uji.&staf=%lld&dari=2026-11-10&sampai=2026-11-10&asal=10.9.0.0", ADM_ID);
	assert_int_equal(client_get(ADM, path, &r), 0);
	assert_int_equal(r.status, 200);
	/* even hours of day 0 with i % 3 == 0: i = 0, 6, 12, 18 */
	assert_int_equal(str_count(r.body, ">uji:"), 4);
	assert_true(resp_has(&r, "value=\"2026-11-10\""));
	resp_free(&r);
	/* the system row shows as such */
	assert_int_equal(client_get(ADM, "/staf/audit?objek=uji:kembar", &r), 0);
	assert_true(resp_has(&r, "Sistem"));
	resp_free(&r);
	/* the page's own actions are there too */
	assert_int_equal(client_get(ADM, "/staf/audit?aksi=staf.tambah", &r), 0);
	assert_true(resp_has(&r, "staf.tambah"));
	assert_false(resp_has(&r, "uji.langkah"));
	resp_free(&r);
}

static void test_bad_audit_page(void **st)
{
	struct resp r;
	char *v;

	(void)st;
	assert_int_equal(client_get(ADM, "/staf/audit?dari=2026-02-30&objek=uji:1", &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Tanggal harus berformat TTTT-BB-HH"));
	v = html_field(r.body, "objek");
	assert_string_equal(v, "uji:1");
	free(v);
	assert_int_equal(str_count(r.body, ">uji:"), 0);
	resp_free(&r);
	assert_int_equal(client_get(ADM, "/staf/audit?aksi=%3Cscript%3E", &r), 0);
	assert_int_equal(r.status, 422);
	assert_false(resp_has(&r, "<script>"));
	resp_free(&r);
	assert_int_equal(client_get(ADM, "/staf/audit?sebelum=999999999", &r), 0);
	assert_int_equal(r.status, 422);
	assert_true(resp_has(&r, "Mulai lagi dari yang terbaru"));
	resp_free(&r);
}

/* Nothing in the product edits or deletes audit rows. */
static void test_bad_no_route_changes_audit(void **st)
{
	long long before = srv_count(&S, "audit");
	struct client *c = client_new(&S);
	struct resp r;
	char *csrf = page_field(ADM, "/staf/audit", "csrf");

	(void)st;
	assert_non_null(csrf);
	assert_int_equal(client_post(ADM, "/staf/audit", &r, "csrf", csrf, NULL), 0);
	assert_int_equal(r.status, 405);
	resp_free(&r);
	free(csrf);
	assert_int_equal(client_json(c, "DELETE", "/api/v1/staf/audit", NULL, TOKEN_ADM, &r), 0);
	assert_int_equal(r.status, 405);
	resp_free(&r);
	assert_int_equal(client_json(c, "PUT", "/api/v1/staf/audit", "{}", TOKEN_ADM, &r), 0);
	assert_int_equal(r.status, 405);
	resp_free(&r);
	assert_int_equal(client_json(c, "DELETE", "/api/v1/staf/audit/1", NULL, TOKEN_ADM, &r), 0);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_true(srv_count(&S, "audit") >= before);
	client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_staff),
		cmocka_unit_test(test_bad_create_staff),
		cmocka_unit_test(test_edit_staff),
		cmocka_unit_test(test_bad_edit_staff),
		cmocka_unit_test(test_disable_and_enable),
		cmocka_unit_test(test_reset_password),
		cmocka_unit_test(test_bad_reset_own_password),
		cmocka_unit_test(test_bad_last_admin_guard),
		cmocka_unit_test(test_bad_other_roles_refused),
		cmocka_unit_test(test_settings_saved_and_shown),
		cmocka_unit_test(test_bad_settings),
		cmocka_unit_test(test_secrets_never_echoed),
		cmocka_unit_test(test_logo_upload),
		cmocka_unit_test(test_bad_logo_upload),
		cmocka_unit_test(test_test_message_queued),
		cmocka_unit_test(test_bad_test_message),
		cmocka_unit_test(test_transports_follow_settings),
		cmocka_unit_test(test_audit_api_paging_and_filters),
		cmocka_unit_test(test_bad_audit_api),
		cmocka_unit_test(test_audit_page_filters_and_paging),
		cmocka_unit_test(test_bad_audit_page),
		cmocka_unit_test(test_bad_no_route_changes_audit),
	};

	return cmocka_run_group_tests_name("http_admin", tests, setup, teardown);
}
