// SPDX-License-Identifier: MIT
// Session cookie, CSRF, captcha, page rendering and the small pieces (paths, pages, files) shared by every handler.
#include "web/web.h"

#include <ctype.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "domain/account.h"
#include "domain/captcha.h"
#include "domain/catalog.h"
#include "domain/chat.h"
#include "domain/csrf.h"
#include "domain/document.h"
#include "domain/settings.h"
#include "domain/staff.h"
#include "domain/twofactor.h"
#include "domain/validate.h"
#include "lib/config.h"
#include "lib/log.h"
#include "lib/waktu.h"
#include "view/markdown.h"
#include "view/mustache.h"

static struct tpl_set *templates;

int web_init(void)
{
	char *err = NULL;
	char prefix[64];

	templates = tpl_set_new();
	if (tpl_set_load_dir(templates, g_cfg.templates_dir, &err) < 0) {
		log_error("templates: %s", err ? err : g_cfg.templates_dir);
		free(err);
		return -1;
	}
	snprintf(prefix, sizeof prefix, "/static/");
	if (http_static_mount(prefix, g_cfg.static_dir) < 0)
		return -1;
	if (http_static_mount("/vendor/bootstrap/", g_cfg.bootstrap_dir) < 0)
		log_warn("static: Bootstrap not found in %s", g_cfg.bootstrap_dir);
	if (http_static_mount("/vendor/icons/", g_cfg.icons_dir) < 0)
		log_warn("static: bootstrap-icons not found in %s", g_cfg.icons_dir);
	if (http_static_mount("/vendor/chart/", g_cfg.chartjs_dir) < 0)
		log_warn("static: Chart.js not found in %s", g_cfg.chartjs_dir);
	return csrf_init(db_thread());
}

static struct web *state(struct req *r)
{
	if (!r->user)
		r->user = arena_alloc(r->a, sizeof(struct web));
	return r->user;
}

struct session *web_session(struct req *r, int create)
{
	struct web *w = state(r);
	struct db *db = db_thread();
	char raw[SECRET_TOKEN_LEN + 1];

	if (!w->loaded) {
		w->loaded = 1;
		w->has_sess = session_load(db, r->a, http_cookie(r, WEB_COOKIE), 0, &w->sess) == 0;
	}
	if (!w->has_sess && create) {
		if (session_create(db, SESS_ANON, 0, 0, raw, &w->sess) < 0)
			return NULL;
		w->has_sess = 1;
		http_set_cookie(r, WEB_COOKIE, raw, g_cfg.session_max, g_cfg.secure_cookies);
	}
	return w->has_sess ? &w->sess : NULL;
}

int web_login(struct req *r, enum sess_kind kind, int64_t subject)
{
	struct web *w = state(r);
	struct db *db = db_thread();
	char raw[SECRET_TOKEN_LEN + 1];

	if (web_session(r, 0))
		session_destroy(db, &w->sess);
	if (session_create(db, kind, subject, 0, raw, &w->sess) < 0) {
		w->has_sess = 0;
		return -1;
	}
	w->has_sess = 1;
	http_set_cookie(r, WEB_COOKIE, raw, g_cfg.session_max, g_cfg.secure_cookies);
	return 0;
}

void web_logout(struct req *r)
{
	struct web *w = state(r);

	if (web_session(r, 0))
		session_destroy(db_thread(), &w->sess);
	w->has_sess = 0;
	http_set_cookie(r, WEB_COOKIE, "", 0, g_cfg.secure_cookies);
}

int64_t web_pemohon(struct req *r)
{
	struct session *s = web_session(r, 0);

	return s && s->kind == SESS_PEMOHON ? s->subject : 0;
}

int64_t web_staf(struct req *r)
{
	struct session *s = web_session(r, 0);

	return s && s->kind == SESS_STAF ? s->subject : 0;
}

int64_t web_need_pemohon(struct req *r)
{
	int64_t id = web_pemohon(r);

	if (!id) {
		web_flash(r, "Silakan login terlebih dahulu.");
		http_redirect(r, "/pemohon/login");
	}
	return id;
}

/* Resolves the session's mode once per request (grup_mode_check). A mode
 * no longer allowed (removed member, deactivated or unknown group) falls
 * back to personal mode in the session; *why receives the reason then. */
static int resolve_mode(struct req *r, struct pemohon_mode *m, const char **why)
{
	struct web *w = state(r);
	struct session *s = web_session(r, 0);
	enum grup_rc rc;

	*why = NULL;
	if (!s || s->kind != SESS_PEMOHON)
		return 0;
	if (!w->mode_done) {
		rc = grup_mode_check(db_thread(), s->subject, s->grup_id, &w->mode);
		if (rc != GRUP_OK) {
			session_set_grup(db_thread(), s, 0);
			w->mode_why = grup_rc_message(rc);
			/* the page says why it shows personal mode */
			if (!s->flash)
				s->flash = w->mode_why;
		}
		w->mode_done = 1;
	}
	*m = w->mode;
	*why = w->mode_why;
	return 1;
}

int web_mode(struct req *r, struct pemohon_mode *m)
{
	const char *why;

	return resolve_mode(r, m, &why);
}

int web_need_mode(struct req *r, struct pemohon_mode *m)
{
	const char *why;

	if (!resolve_mode(r, m, &why)) {
		web_need_pemohon(r);
		return 0;
	}
	/* a form meant for a group is never carried out in personal mode; a
	 * page is shown in personal mode, saying why */
	if (why && r->method != HTTP_GET && r->method != HTTP_HEAD) {
		web_error(r, 403, why);
		return 0;
	}
	return 1;
}

/* The group id the call states (0: personal), or -1 when malformed. */
static int64_t api_mode_header(struct req *r)
{
	const char *h = http_header(r, API_MODE_HEADER);
	int64_t id;

	if (!h || !*h || !strcmp(h, "0"))
		return 0;
	return (id = web_positive_int(h, 15)) ? id : -1;
}

int api_mode(struct req *r, struct pemohon_mode *m)
{
	struct session *s = api_session(r);
	int64_t grup_id = api_mode_header(r);

	return s && s->kind == SESS_PEMOHON && grup_id >= 0 &&
	       grup_mode_check(db_thread(), s->subject, grup_id, m) == GRUP_OK;
}

int api_need_mode(struct req *r, struct pemohon_mode *m)
{
	struct session *s = api_session(r);
	int64_t grup_id = api_mode_header(r);
	enum grup_rc rc;

	if (!s || s->kind != SESS_PEMOHON) {
		api_error(r, 401, "perlu_login", "Silakan login terlebih dahulu.", NULL);
		http_add_header(r, "WWW-Authenticate", "Bearer");
		return 0;
	}
	if (grup_id < 0) {
		api_error(r, 400, "permintaan_tidak_sah",
			  "Header " API_MODE_HEADER " harus berisi id grup (angka), atau 0 untuk mode Pemohon Pribadi.", NULL);
		return 0;
	}
	rc = grup_mode_check(db_thread(), s->subject, grup_id, m);
	if (rc == GRUP_ERR) {
		http_error(r, 500, NULL);
		return 0;
	}
	if (rc != GRUP_OK) {
		api_error(r, 403, rc == GRUP_INACTIVE ? "grup_tidak_aktif" : "bukan_anggota_grup", grup_rc_message(rc), NULL);
		return 0;
	}
	return 1;
}

int64_t web_staf_active(struct req *r, int *roles)
{
	int64_t id = web_staf(r);

	if (id && !(*roles = staff_roles(db_thread(), id))) {
		/* account disabled since login: the session is worthless */
		web_logout(r);
		id = 0;
	}
	if (!id)
		http_redirect(r, "/staf/login");
	return id;
}

int64_t web_need_staf(struct req *r, int need, int *roles_out)
{
	struct db *db = db_thread();
	int roles;
	int64_t id = web_staf_active(r, &roles);

	if (!id)
		return 0;
	if (staff_must_change(db, id)) {
		http_redirect(r, "/staf/password");
		return 0;
	}
	if (twofa_required(db, roles) && twofa_enrolled(db, id) != 1) {
		struct session *s = web_session(r, 0);

		/* the message of the page that sent here is for the next page */
		if (s && s->flash)
			web_flash(r, s->flash);
		http_redirect(r, "/staf/dua-langkah");
		return 0;
	}
	if (need && !(roles & need)) {
		http_error(r, 403, "Halaman ini tidak tersedia untuk peran Anda.");
		return 0;
	}
	if (roles_out)
		*roles_out = roles;
	return id;
}

int api_staf_must_enrol(struct req *r, int64_t id, int roles)
{
	struct db *db = db_thread();

	if (!twofa_required(db, roles) || twofa_enrolled(db, id) == 1)
		return 0;
	api_error(r, 403, "perlu_2fa",
		  arena_printf(r->a, "Akun Anda wajib memakai verifikasi dua langkah. Aktifkan terlebih dahulu di situs "
			       "web: login di %s/staf/login, lalu ikuti halaman Verifikasi Dua Langkah.", g_cfg.base_url),
		  NULL);
	return 1;
}

int64_t api_need_staf(struct req *r, int need, int *roles_out)
{
	struct session *s = api_session(r);
	int roles;

	if (!s) {
		api_error(r, 401, "perlu_login", "Silakan login sebagai petugas terlebih dahulu.", NULL);
		http_add_header(r, "WWW-Authenticate", "Bearer");
		return 0;
	}
	roles = s->kind == SESS_STAF ? staff_roles(db_thread(), s->subject) : 0;
	if (!roles || (need && !(roles & need))) {
		api_error(r, 403, "akses_ditolak", "Anda tidak memiliki akses untuk permintaan ini.", NULL);
		return 0;
	}
	if (api_staf_must_enrol(r, s->subject, roles))
		return 0;
	if (roles_out)
		*roles_out = roles;
	return s->subject;
}

const char *web_csrf_token(struct req *r)
{
	struct web *w = state(r);
	struct session *s = web_session(r, 0);
	const char *c = http_cookie(r, WEB_CSRF_COOKIE);
	int64_t now = time(NULL);
	char fresh[CSRF_ANON_LEN + 1];

	if (s)
		return s->csrf;
	if (w->anon_csrf)
		return w->anon_csrf;
	/* keep the visitor's token while it is good for half its life more,
	 * so a form left open in another tab still matches the cookie */
	if (csrf_anon_valid(c, now + g_cfg.session_max / 2)) {
		w->anon_csrf = c;
	} else {
		csrf_anon_issue(now, fresh);
		w->anon_csrf = arena_strdup(r->a, fresh);
		w->anon_new = 1;
	}
	return w->anon_csrf;
}

int web_csrf_ok(struct req *r)
{
	struct session *s = web_session(r, 0);
	const char *t = http_form(r, "csrf"), *c;

	if (!t)
		return 0;
	/* a logged-in user's forms answer to the session alone: a cookie
	 * planted by someone else can never stand in for it */
	if (s)
		return secret_equal(s->csrf, t);
	c = http_cookie(r, WEB_CSRF_COOKIE);
	return c && secret_equal(c, t) && csrf_anon_valid(t, time(NULL));
}

void web_flash(struct req *r, const char *msg)
{
	struct session *s = web_session(r, 1);

	if (s)
		session_flash(db_thread(), s, msg);
}

int64_t web_positive_int(const char *s, size_t max_digits)
{
	int64_t v = 0;
	size_t n;

	if (!s || *s < '1' || *s > '9')
		return 0;
	n = strspn(s, "0123456789");
	if (s[n] || n > max_digits || n > 18)
		return 0;
	for (; *s; s++)
		v = v * 10 + (*s - '0');
	return v;
}

const char *web_field(struct req *r, const char *name)
{
	const char *v = http_form(r, name);
	size_t n;

	if (!v)
		return "";
	while (isspace((unsigned char)*v))
		v++;
	n = strlen(v);
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	return arena_strndup(r->a, v, n);
}

int64_t web_path_id(struct req *r, int i)
{
	return web_positive_int(r->nargs > i ? r->args[i] : NULL, 15);
}

long web_page_size(void)
{
	return g_cfg.page_size > 0 ? g_cfg.page_size : 20;
}

long web_page_count(long total)
{
	long n = (total + web_page_size() - 1) / web_page_size();

	return n > 0 ? n : 1;
}

long web_page(struct req *r, const char *name)
{
	int64_t v = web_positive_int(http_query(r, name), 6);

	return v ? (long)v : 1;
}

void web_url_encode(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			buf_addc(b, (char)c);
		else
			buf_addf(b, "%%%02X", c);
	}
}

void web_pager(struct req *r, json_t *ctx, const char *base, long page, long pages, int more, int capped)
{
	json_t *p = json_pack("{s:I, s:I}", "page", (json_int_t)page, "pages", (json_int_t)pages);

	if (page > 1)
		json_object_set_new(p, "prev", json_string(arena_printf(r->a, "%spage=%ld", base, page - 1)));
	if (more)
		json_object_set_new(p, "next", json_string(arena_printf(r->a, "%spage=%ld", base, page + 1)));
	json_object_set_new(p, "many", json_boolean(pages > 1 || more || page > 1));
	if (capped)
		json_object_set_new(p, "lebih", json_true());
	json_object_set_new(ctx, "pager", p);
}

const char *web_markdown(struct req *r, const char *md)
{
	char *h = md_to_html(md ? md : "", md ? strlen(md) : 0);
	const char *out;

	if (!h)
		fatal("out of memory");
	out = arena_strdup(r->a, h);
	free(h);
	return out;
}

void web_send_document(struct req *r, const struct pemohon_mode *md, int64_t doc, int thumb, int api)
{
	char *path = NULL, *mime = NULL, *name = NULL;
	int sent = 0;

	/* http_file keeps the type pointer until the answer is sent; a page
	 * downloads a PDF (stored as uploaded) rather than render it */
	if (doc && doc_file(db_thread(), md, doc, thumb, g_cfg.files_dir, &path, &mime, &name) == 0)
		sent = http_file(r, path, arena_strdup(r->a, mime), name,
				 !api && !thumb && !strcmp(mime, "application/pdf")) == 0;
	if (!sent && api)
		api_not_found(r, "Dokumen tidak ditemukan.");
	else if (!sent)
		http_error(r, 404, "Dokumen tidak ditemukan.");
	else
		/* personal data: never in a shared cache */
		http_add_header(r, "Cache-Control", api ? "private, no-store" : "private, max-age=600");
	free(path);
	free(mime);
	free(name);
}

json_t *web_values(struct req *r, const char *const *names)
{
	json_t *o = json_object();

	for (; *names; names++)
		json_object_set_new(o, *names, json_string(web_field(r, *names)));
	return o;
}

void web_chat(struct req *r, json_t *ctx, int64_t app_id, int side, const char *page)
{
	int64_t sebelum = web_positive_int(http_query(r, "chat_sebelum"), 18), older;
	json_t *chat = chat_list(db_thread(), app_id, (enum chat_side)side, sebelum, &older), *e;
	size_t i;

	json_array_foreach(chat, i, e) {
		json_object_set_new(e, "waktu_tampil",
				    json_string(web_time_wib(r, json_integer_value(json_object_get(e, "waktu")))));
		json_object_set_new(e, "saya", json_boolean(!strcmp(json_string_value(json_object_get(e, "dari")),
								  chat_side_names[side])));
	}
	json_object_set_new(ctx, "chat", chat);
	if (older)
		json_object_set_new(ctx, "chat_lebih_lama",
				    json_string(arena_printf(r->a, "%s?chat_sebelum=%lld#chat", page, (long long)older)));
	if (sebelum)
		json_object_set_new(ctx, "chat_terbaru", json_string(arena_printf(r->a, "%s#chat", page)));
}

void api_chat(struct req *r, int status, int64_t app_id, int side)
{
	const char *q = http_query(r, "sebelum");
	int64_t sebelum = 0, older;
	json_t *chat;

	if (q && *q && !(sebelum = web_positive_int(q, 18))) {
		api_invalid(r, json_pack("{s:s}", "sebelum", "Nilai sebelum harus berupa nomor pesan (bilangan bulat positif)."));
		return;
	}
	chat = chat_list(db_thread(), app_id, (enum chat_side)side, sebelum, &older);
	http_json(r, status, json_pack("{s:o, s:o}", "chat", chat, "sebelumnya",
				       older ? json_integer(older) : json_null()));
}

const char *web_retry(struct req *r, long secs)
{
	if (secs < 1)
		secs = 1;
	http_add_header(r, "Retry-After", arena_printf(r->a, "%ld", secs));
	return secs < 120 ? arena_printf(r->a, "%ld detik", secs) : arena_printf(r->a, "%ld menit", (secs + 59) / 60);
}

const char *web_time_wib(struct req *r, int64_t t)
{
	char s[WAKTU_WIB_LEN];

	return arena_strdup(r->a, waktu_wib(t, s));
}

const char *web_date_wib(struct req *r, int64_t t)
{
	char s[WAKTU_TANGGAL_LEN];

	return arena_strdup(r->a, waktu_wib_tanggal(t, s));
}

const char *web_date(struct req *r, const char *iso)
{
	char s[WAKTU_TANGGAL_LEN];

	return arena_strdup(r->a, waktu_tanggal(iso, s));
}

/* o[key], an ISO date, as people read it; an empty value stays empty. */
static void date_in_place(struct req *r, json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	if (v && *v)
		json_object_set_new(o, key, json_string(web_date(r, v)));
}

static int is_date_field(const json_t *v)
{
	const char *j = json_string_value(json_object_get(v, "jenis"));

	return j && !strcmp(j, "date");
}

void web_app_dates(struct req *r, json_t *d)
{
	json_t *v, *f;
	size_t i, k;

	json_array_foreach(json_object_get(d, "isian"), i, v)
		if (is_date_field(v))
			date_in_place(r, v, "nilai");
	json_array_foreach(json_object_get(d, "dokumen"), i, v)
		json_array_foreach(json_object_get(v, "file"), k, f)
			date_in_place(r, f, "tanggal");
	json_array_foreach(json_object_get(d, "perubahan"), i, v)
		if (is_date_field(v)) {
			date_in_place(r, v, "lama");
			date_in_place(r, v, "baru");
		}
}

static void add_user(struct req *r, json_t *ctx)
{
	struct session *s = web_session(r, 0);
	struct db *db = db_thread();

	if (!s || s->kind == SESS_ANON)
		return;
	if (s->kind == SESS_PEMOHON) {
		char *nama = acct_active_name(db, s->subject), label[600];
		struct pemohon_mode m;

		/* under the name, the mode (Gambar 21): "Pemohon", or the group
		 * and its region */
		if (nama && web_mode(r, &m)) {
			grup_mode_label(db, &m, label, sizeof label);
			json_object_set_new(ctx, "pemohon", json_pack("{s:s, s:s, s:b}", "nama", nama, "mode", label, "ada_grup",
								      m.grup_id != 0 || grup_member_any(db, s->subject)));
		}
		free(nama);
	} else {
		json_t *u = staff_brief(db, s->subject);
		int roles;

		if (!u)
			return;
		roles = (int)json_integer_value(json_object_get(u, "role_mask"));
		json_object_set_new(u, "is_admin", json_boolean(roles & (1 << ROLE_ADMIN)));
		json_object_set_new(u, "can_verify", json_boolean(roles & (STAF_ADMIN | STAF_VERIFIKATOR)));
		json_object_set_new(u, "can_process", json_boolean(roles & (STAF_ADMIN | STAF_OPERATOR)));
		json_object_set_new(u, "can_sign", json_boolean(roles & (STAF_ADMIN | STAF_PENANDATANGAN)));
		json_object_set_new(u, "can_report", json_boolean(roles & STAF_LAPORAN));
		json_object_set_new(ctx, "staf", u);
	}
}

static int year_wib(void)
{
	int y, m, d;

	date_today_wib(time(NULL), &y, &m, &d);
	return y;
}

json_t *web_ctx(struct req *r, const char *title)
{
	struct session *s = web_session(r, 0);
	json_t *ctx;

	ctx = json_pack("{s:{s:s, s:s, s:s, s:i, s:s}, s:s, s:s, s:s}",
			"app", "name", g_cfg.app_name, "tagline", g_cfg.app_tagline,
			"office", g_cfg.office_name, "year", year_wib(),
			"support_phone", g_cfg.support_phone,
			"title", title ? title : g_cfg.app_name,
			"css_v", http_static_version("/static/css/loket.css"),
			"js_v", http_static_version("/static/js/loket.js"));
	json_object_set_new(ctx, "tema_v", json_string(http_static_version("/static/css/tema.css")));
	json_object_set_new(ctx, "csrf", json_string(web_csrf_token(r)));
	settings_ctx(db_thread(), json_object_get(ctx, "app"));
	if (!strncmp(r->path, "/staf", 5))
		json_object_set_new(ctx, "nav_staf", json_true());
	/* the user first: resolving an applicant's mode may bring a message */
	add_user(r, ctx);
	if (s && s->flash)
		json_object_set_new(ctx, "flash", json_string(s->flash));
	return ctx;
}

void web_captcha(struct req *r, json_t *ctx)
{
	struct session *s = web_session(r, 1);
	char id[SECRET_TOKEN_LEN + 1], q[64];

	if (!s || captcha_new(db_thread(), s->id_hash, id, q) < 0)
		return;
	json_object_set_new(ctx, "captcha_id", json_string(id));
	json_object_set_new(ctx, "captcha_question", json_string(q));
	/* the form needs the token of the session the captcha is bound to */
	json_object_set_new(ctx, "csrf", json_string(web_csrf_token(r)));
}

int web_captcha_ok(struct req *r, json_t *errors)
{
	struct session *s = web_session(r, 0);
	enum captcha_result res;

	res = captcha_check(db_thread(), http_form(r, "captcha_id"), s ? s->id_hash : "",
			    http_form(r, "captcha"));
	if (res == CAPTCHA_OK)
		return 1;
	json_object_set_new(errors, "captcha", json_string(captcha_message(res)));
	return 0;
}

void web_render(struct req *r, int status, const char *tpl, json_t *ctx)
{
	struct web *w = state(r);

	buf_reset(&r->out);
	if (tpl_render(templates, tpl, ctx, &r->out) < 0) {
		log_error("render: unknown template %s", tpl);
		json_decref(ctx);
		http_text(r, 500, "text/plain; charset=utf-8", "Terjadi kesalahan pada server.");
		return;
	}
	json_decref(ctx);
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	/* a fresh anonymous token goes into the cookie only when a form of
	 * the page carries it: the login page's forms carry the session's
	 * token (web_captcha), a page without a form none */
	if (w->anon_new && strstr(r->out.ptr, w->anon_csrf)) {
		http_set_cookie(r, WEB_CSRF_COOKIE, w->anon_csrf, g_cfg.session_max, g_cfg.secure_cookies);
		w->anon_new = 0;
	}
}

void api_error(struct req *r, int status, const char *code, const char *message, json_t *fields)
{
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);

	if (fields && json_object_size(fields))
		json_object_set(e, "fields", fields);
	json_decref(fields);
	http_json(r, status, json_pack("{s:o}", "error", e));
}

void api_invalid(struct req *r, json_t *errors)
{
	api_error(r, 422, "data_tidak_valid", "Data yang dikirim belum benar. Periksa kembali isian yang ditandai.", errors);
}

void api_not_found(struct req *r, const char *message)
{
	api_error(r, 404, "tidak_ditemukan", message, NULL);
}

const char *api_str(struct req *r, const char *key)
{
	json_t *v = r->json ? json_object_get(r->json, key) : NULL;
	const char *s;
	size_t n;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return NULL; /* embedded NUL */
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(r->a, s, n);
}

int64_t api_layanan_param(struct req *r, json_t *errors)
{
	const char *kode = http_query(r, "layanan");
	const struct cat_service *svc;

	if (!kode || !*kode)
		return 0;
	if ((svc = catalog_find(catalog_get(db_thread()), kode)))
		return svc->id;
	json_object_set_new(errors, "layanan", json_string("Jenis layanan tidak dikenal."));
	return 0;
}

long api_page(const char *s)
{
	return !s || !*s ? 1 : (long)web_positive_int(s, 6);
}

int64_t api_path_id(struct req *r, int i, const char *message)
{
	int64_t v = web_path_id(r, i);

	if (!v)
		api_not_found(r, message);
	return v;
}

const char *api_path_kode(struct req *r, int i)
{
	const char *k = r->nargs > i ? r->args[i] : "";

	if (!app_code_ok(k)) {
		api_not_found(r, "Pengajuan tidak ditemukan.");
		return NULL;
	}
	return k;
}

int api_need_body(struct req *r)
{
	if (r->json)
		return 1;
	api_error(r, 400, "permintaan_tidak_sah", "Body harus JSON (Content-Type: application/json).", NULL);
	return 0;
}

const char *api_in(struct req *r, const char *key, int raw, json_t *errors)
{
	json_t *v = json_object_get(r->json, key);

	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v))
		return raw ? json_string_value(v) : api_str(r, key);
	if (!json_object_get(errors, key))
		json_object_set_new(errors, key, json_string("Isian ini harus berupa teks."));
	return NULL;
}

void api_need(json_t *errors, const char *key, const char *value, const char *msg)
{
	if ((!value || !*value) && !json_object_get(errors, key))
		json_object_set_new(errors, key, json_string(msg));
}

struct session *api_session(struct req *r)
{
	struct web *w = state(r);
	const char *auth = http_header(r, MHD_HTTP_HEADER_AUTHORIZATION);

	if (!w->loaded) {
		w->loaded = 1;
		w->has_sess = auth && !strncmp(auth, "Bearer ", 7) &&
			      session_load(db_thread(), r->a, auth + 7, 1, &w->sess) == 0;
	}
	return w->has_sess ? &w->sess : NULL;
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Permintaan tidak sah";
	case 403: return "Akses ditolak";
	case 404: return "Halaman tidak ditemukan";
	case 405: return "Metode tidak diizinkan";
	case 413: return "Data terlalu besar";
	case 429: return "Terlalu banyak percobaan";
	case 503: return "Layanan sedang terganggu";
	default: return "Terjadi kesalahan pada server";
	}
}

static const char *status_text(int status)
{
	switch (status) {
	case 400: return "Permintaan yang dikirim tidak dapat diproses. Periksa kembali isian Anda.";
	case 403: return "Anda tidak memiliki akses ke halaman ini, atau formulir sudah kedaluwarsa. Muat ulang halaman lalu coba lagi.";
	case 404: return "Halaman yang Anda cari tidak ada atau sudah dipindahkan.";
	case 405: return "Alamat ini tidak menerima cara permintaan tersebut.";
	case 413: return "Data yang dikirim melebihi batas ukuran yang diizinkan.";
	case 429: return "Terlalu banyak percobaan. Silakan tunggu beberapa saat lalu coba lagi.";
	case 503: return STORAGE_FAILED_TEXT;
	default: return "Maaf, terjadi kesalahan pada server. Silakan coba beberapa saat lagi.";
	}
}

static const char *status_code(int status)
{
	switch (status) {
	case 400: return "permintaan_tidak_sah";
	case 401: return "perlu_login";
	case 403: return "akses_ditolak";
	case 404: return "tidak_ditemukan";
	case 405: return "metode_tidak_diizinkan";
	case 413: return "terlalu_besar";
	case 429: return "terlalu_banyak_percobaan";
	case 503: return "gangguan_penyimpanan";
	default: return "kesalahan_server";
	}
}

/*
 * The page the visitor came from, as a path on this site, when the Referer
 * names one: same scheme, host and port as base_url (Referrer-Policy
 * same-origin sends nothing else, but a client may send anything). NULL
 * otherwise: a foreign address is never offered back.
 */
static const char *came_from(struct req *r)
{
	const char *ref = http_header(r, "Referer"), *p;
	size_t n = strlen(g_cfg.base_url);

	while (n && g_cfg.base_url[n - 1] == '/')
		n--;
	if (!ref || !n || strncasecmp(ref, g_cfg.base_url, n) || ref[n] != '/' || ref[n + 1] == '/' ||
	    ref[n + 1] == '\\' || strlen(ref) > 2048)
		return NULL;
	for (p = ref + n; *p; p++)
		if ((unsigned char)*p < 0x21 || *p == 0x7f || *p == '\\')
			return NULL;
	/* the page in error itself is no way back (a GET of it failed) */
	p = ref + n;
	if (r->method == HTTP_GET && !strncmp(p, r->path, strlen(r->path)) &&
	    (!p[strlen(r->path)] || p[strlen(r->path)] == '?' || p[strlen(r->path)] == '#'))
		return NULL;
	return arena_strdup(r->a, p);
}

void web_error(struct req *r, int status, const char *message)
{
	struct web *w = state(r);
	json_t *ctx;
	const char *back;

	if (!strncmp(r->path, "/api/", 5)) {
		api_error(r, status, status_code(status), message ? message : status_text(status), NULL);
		return;
	}
	/* Who is logged in shows in the header as on every page, but an error
	 * page never starts a session nor writes: the session is read as it
	 * is (no refresh, its flash kept for the next page), unless the
	 * handler already loaded it. */
	if (!w->loaded) {
		w->loaded = 1;
		w->has_sess = session_peek(db_thread(), r->a, http_cookie(r, WEB_COOKIE), &w->sess) == 0;
	}
	ctx = web_ctx(r, status_title(status));
	json_object_set_new(ctx, "status", json_integer(status));
	json_object_set_new(ctx, "message", json_string(message ? message : status_text(status)));
	if ((back = came_from(r)))
		json_object_set_new(ctx, "kembali", json_string(back));
	if (json_object_get(ctx, "pemohon"))
		json_object_set_new(ctx, "beranda", json_pack("{s:s, s:s}", "href", "/pengajuan", "label", "Ke Pengajuan Saya"));
	else if (json_object_get(ctx, "staf"))
		json_object_set_new(ctx, "beranda", json_pack("{s:s, s:s}", "href", "/staf", "label", "Ke Dasbor Petugas"));
	else
		json_object_set_new(ctx, "beranda", json_pack("{s:s, s:s}", "href", "/", "label", "Kembali ke Home"));
	web_render(r, status, "error", ctx);
	if (r->status != status) {
		r->status = status;
		r->content_type = "text/plain; charset=utf-8";
	}
}
