// SPDX-License-Identifier: MIT
// HTTP test harness: a real `loket serve` on a free port, driven by libcurl.
#ifndef LOKET_TEST_HARNESS_H
#define LOKET_TEST_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

struct srv {
	pid_t pid;
	int port;
	char dir[256];        /* temporary data directory */
	char base[64];        /* http://127.0.0.1:PORT */
	char dburl[256];      /* PostgreSQL database of this server, or "" (SQLite) */
	int peer;             /* shares another server's database and directory */
};

/* Starts a server with a fresh data directory, migrated and loaded with the
 * region fixture (tests/fixtures/regions). env: extra "LOKET_X=value"
 * strings, NULL-terminated, or NULL; LOKET_PUBLIC_MAX_IP is 100000 unless
 * env sets it (every test client is 127.0.0.1). 0 or -1. When LOKET_TEST_DATABASE_URL
 * names a PostgreSQL maintenance database, the server runs on a fresh
 * database created there (dropped by srv_stop); otherwise on SQLite. */
int srv_start(struct srv *s, const char *const *env);
/* Stops the server; -1 when it did not exit cleanly (crash, sanitizer
 * report), after printing the end of its log. */
int srv_stop(struct srv *s);
/* Forks a child the harness answers for (fork() otherwise): if this
 * program ends without reaping it (returns, exits, aborts, crashes, is
 * killed, a sanitizer report), the child and its process group are killed.
 * The child leads its own process group and dies with its parent
 * (PR_SET_PDEATHSIG). 0 in the child, its PID here, or -1. */
pid_t harness_fork(void);
/* Sends sig (unless 0) to a child of harness_fork and waits for it, at most
 * wait_seconds (< 0: without limit; then it is killed). Its wait status, or
 * -1 when it had to be killed or could not be waited for. */
int harness_reap(pid_t pid, int sig, int wait_seconds);
/* Starts a second instance on the same database and data directory as
 * first (a stateless scale-out peer), on its own port. 0 or -1. */
int srv_start_peer(struct srv *s, const struct srv *first, const char *const *env);
/* Runs loket with argv (argv[0] names it; the binary is LOKET_BIN) in the
 * server's environment (its data directory and database), env
 * ("LOKET_X=value", NULL-terminated, or NULL) added after, so it may
 * override them. Its exit status, -1 when it did not exit; *out (when out
 * is not NULL) receives its standard output (caller frees). */
int srv_run(struct srv *s, const char *const *env, char *const argv[], char **out);
/* Runs `loket admin add USER --role ROLES` on the server's data directory;
 * returns the generated password (caller frees) or NULL. */
char *srv_admin_add(struct srv *s, const char *user, const char *roles);
/* `loket admin reset-password USER`: the new one-time password, or NULL. */
char *srv_admin_reset(struct srv *s, const char *user);
/* First column of the first row of a query (printf-style) on the server's
 * database (SQLite or PostgreSQL), as a number (-1 on error). For asserting what storage holds. */
long long srv_db_int(struct srv *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same, text (caller frees; NULL when no row). */
char *srv_db_text(struct srv *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs a write statement (printf-style) on the server's database (test
 * set-up only, e.g. to age a token). 0 or -1. */
int srv_db_exec(struct srv *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct resp {
	long status;
	char *body;
	size_t len;
	char *headers;        /* raw response headers */
};

struct client;

/* A browser-like client with its own cookie jar. */
struct client *client_new(struct srv *s);
void client_free(struct client *c);
/* Makes the client connect from another loopback address (e.g.
 * "127.0.0.2": Linux routes all of 127/8 to lo), as a visitor on another
 * network would; the server sees it as the client address. */
void client_from(struct client *c, const char *ip);
/* Points the client (and its cookie jar) at another server, e.g. a peer
 * instance or the proxy in front of both. */
void client_use(struct client *c, struct srv *s);
/* method: "GET", "POST", ...; ctype/body may be NULL; headers is a
 * NULL-terminated list of "Name: value" or NULL. Redirects are not
 * followed. 0 or -1 (transport error). */
int client_request(struct client *c, const char *method, const char *path, const char *ctype,
		   const char *body, size_t len, const char *const *headers, struct resp *out);
int client_get(struct client *c, const char *path, struct resp *out);
/* POSTs application/x-www-form-urlencoded from NULL-terminated name, value
 * pairs (values are escaped here). */
int client_post(struct client *c, const char *path, struct resp *out, ...) __attribute__((sentinel));
/* Same with a NULL-terminated array of name, value pairs. */
int client_post_arr(struct client *c, const char *path, const char *const *kv, struct resp *out);
/* JSON request; bearer may be NULL. */
int client_json(struct client *c, const char *method, const char *path, const char *json,
		const char *bearer, struct resp *out);
/* One part of a multipart/form-data body: a text field (filename NULL,
 * data NUL-terminated) or a file (data/len, filename, type). A list ends
 * with a part whose name is NULL. */
struct part {
	const char *name;
	const char *data;
	size_t len;
	const char *filename;
	const char *type;
};
/* POSTs parts as multipart/form-data (with the headers of
 * client_set_headers, e.g. a bearer token). */
int client_multipart(struct client *c, const char *path, const struct part *parts, struct resp *out);
/* Extra request headers of client_multipart (NULL-terminated, borrowed). */
void client_set_headers(struct client *c, const char *const *headers);
void resp_free(struct resp *r);
/* Value of a response header (case-insensitive name), malloc'd, or NULL. */
char *resp_header(const struct resp *r, const char *name);
/* 1 when the body contains needle. */
int resp_has(const struct resp *r, const char *needle);

/* Parts of a JSON API error answer {"error":{"code","message","fields"}}
 * (borrowed from j; NULL or 0 when absent). */
const char *err_code(const json_t *j);
const char *err_msg(const json_t *j);
const char *field_msg(const json_t *j, const char *field);
size_t nfields(const json_t *j);

/* HTML helpers (caller frees results). */
/* value="" of the first <input> or <textarea> named name (HTML entities
 * decoded), or NULL when there is no such field. */
char *html_field(const char *html, const char *name);
/* Answer of the "Berapa A ditambah|dikurangi|dikali B ?" captcha, or NULL. */
char *html_captcha_answer(const char *html);

/* A form as fetched from a page: hidden csrf/captcha_id and the answer. */
struct form {
	char *csrf;
	char *captcha_id;
	char *captcha;
};
/* GETs path and collects the form's csrf, captcha_id and captcha answer. */
int form_fetch(struct client *c, const char *path, struct form *f);
void form_free(struct form *f);

/* Lines of DATA/outbox.jsonl (waits up to 5 s for at least min lines).
 * Returns the count; *lines is a malloc'd array of malloc'd strings. */
size_t outbox_lines(struct srv *s, size_t min, char ***lines);
void outbox_free(char **lines, size_t n);
/* The first URL in the newest outbox message whose body contains marker,
 * waiting up to 5 s; caller frees; NULL when none. */
char *outbox_link(struct srv *s, const char *marker);
/* The newest 6-digit code sent to recipient (waits up to 5 s), or NULL. */
char *outbox_code(struct srv *s, const char *recipient);

/* A registration that passes every rule, with a given NIK; the fields are
 * posted after a fresh form_fetch of /pemohon/daftar. */
int register_pemohon(struct client *c, const char *nik, const char *password, struct resp *out);
/* Registers nik (register_pemohon), marks the account active in storage
 * (set-up: verification has its own tests) and logs c in through the
 * login page. 0 or -1. */
int pemohon_active(struct srv *s, struct client *c, const char *nik, const char *password);

/* ---- helpers shared by the test programs ----------------------------------
 * The harness does not link cmocka: a helper that checks something reports
 * a failure through its return value (printing the reason on stderr) and
 * the test asserts on it. */

/* A string built printf-style in one of 16 rotating static buffers of 512
 * bytes (borrowed: valid until 16 more calls). For request paths. */
const char *pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A 24x16 baseline JPEG (vips jpegsave --strip), a valid document photo
 * (static, jpeg_24x16_len bytes). */
extern const unsigned char jpeg_24x16[];
extern const size_t jpeg_24x16_len;
/* The whole file at path (caller frees; a NUL follows the *len bytes), or
 * NULL. */
char *file_read(const char *path, size_t *len);
/* Occurrences of needle in hay, not overlapping (0 when hay is NULL). */
size_t str_count(const char *hay, const char *needle);
/* Entries (dot files aside) of the server's DATA/files/sub; 0 when the
 * directory does not exist (yet). */
int srv_files(struct srv *s, const char *sub);
/* Rows of a table (SELECT COUNT(*)), -1 on error. */
long long srv_count(struct srv *s, const char *table);
/* Id of the row of table whose column equals value, -1 when none. */
long long srv_id(struct srv *s, const char *table, const char *column, const char *value);

/* One JSON API call with a fresh client; body (may be NULL) is consumed,
 * bearer may be NULL. Returns the parsed answer (caller frees), NULL for an
 * empty body (204). *status is the HTTP status, or -1 (and NULL) on a
 * transport error or a non-empty answer that is not JSON served as
 * application/json. */
json_t *api_json(struct srv *s, const char *method, const char *path, json_t *body, const char *bearer,
		 long *status);
/* Same; *headers receives the raw response headers (caller frees; NULL on
 * a transport error). */
json_t *api_json_headers(struct srv *s, const char *method, const char *path, json_t *body, const char *bearer,
			 long *status, char **headers);
/* api_json stating the mode of the call in X-Loket-Grup (grup: a group id
 * as text, "0" or "" for personal mode, or anything else to test the
 * header's check). */
json_t *api_json_grup(struct srv *s, const char *method, const char *path, json_t *body, const char *bearer,
		      const char *grup, long *status);
/* POSTs parts as multipart/form-data with a fresh client and, when bearer
 * is not NULL, its bearer token; answer and *status as api_json. */
json_t *api_multipart(struct srv *s, const char *path, const struct part *parts, const char *bearer, long *status);
/* A request as client_request with a fresh client and, when bearer is not
 * NULL, its bearer token: for binary answers and malformed bodies. out as
 * client_request (caller frees). 0 or -1 (transport error). */
int bearer_request(struct srv *s, const char *method, const char *path, const char *ctype, const char *body,
		   size_t len, const char *bearer, struct resp *out);
/* Member key of object j as a string (borrowed) or integer; NULL or 0 when
 * absent or of another type. */
const char *jstr(const json_t *j, const char *key);
long long jint(const json_t *j, const char *key);
/* 1 when (j, status) is an API error answer with status want, error code
 * code and a message of more than 10 characters; otherwise 0, printing what
 * differs. Frees j either way. */
int api_error_is(json_t *j, long status, long want, const char *code);
/* *answer of a "Berapa A ditambah|dikurangi|dikali B ?" question. 0 or -1
 * (NULL or malformed question). */
int captcha_solve(const char *question, int *answer);
/* A fresh captcha from GET /api/v1/captcha: its id (caller frees) and the
 * answer. 0 or -1. */
int api_captcha(struct srv *s, char **id, int *answer);
/* Logs an active applicant in through POST /api/v1/sesi (fresh captcha,
 * answered as a number); the token (caller frees), or NULL unless 201. */
char *pemohon_token(struct srv *s, const char *nik, const char *password);
/* pemohon_active (with a fresh client) and then pemohon_token: an active
 * applicant's API token (caller frees), or NULL. */
char *pemohon_active_token(struct srv *s, const char *nik, const char *password);
/* Logs an officer in through POST /api/v1/staf/sesi; the token (caller
 * frees), or NULL unless 201. Two-factor login is answered as the
 * officer's phone would (see staf_enrol): with the code when the officer
 * has enrolled, and after enrolling on the web site first when the server
 * answers 403 perlu_2fa. */
char *staf_token(struct srv *s, const char *user, const char *password);
/* Creates an officer with `loket admin add`, marks the one-time password
 * as changed in storage (the API refuses one-time passwords), sets nama
 * when not NULL, and logs in through the API (staf_token, enrolling admins
 * and signers on the way): the token (caller frees), or NULL. */
char *staf_api_token(struct srv *s, const char *user, const char *roles, const char *nama);
/* POST /api/v1/pengajuan with body (consumed): the new DRAFT's code
 * (caller frees), or NULL unless 201 with status DRAFT. */
char *api_create(struct srv *s, const char *bearer, json_t *body);
/* Uploads jpeg_24x16 as filename for document type jenis of application
 * kode (tanggal 2024-01-15, lembar 1, keterangan unless NULL). 0 when it
 * answered 201 with an id and a dokumen_id, else -1. *answer (when answer
 * is not NULL) receives the answer (caller frees; NULL on -1). */
int api_upload(struct srv *s, const char *bearer, const char *kode, const char *jenis, const char *filename,
	       const char *keterangan, json_t **answer);
/* Sends application kode (POST .../kirim, consent given) with delivery
 * choice pilihan. 0 when it answered 200 with status DIKIRIM, else -1. */
int api_kirim(struct srv *s, const char *bearer, const char *kode, const char *pilihan);

/* GETs path with c, or with a fresh visitor of s when c is NULL. 0 when it
 * answered want, else -1 (printing both). out as client_get (caller frees). */
int page_get(struct srv *s, struct client *c, const char *path, long want, struct resp *out);
/* 1 when the page at path, fetched by a fresh visitor, contains needle; 0
 * when not; -1 when it did not answer 200. */
int visitor_has(struct srv *s, const char *path, const char *needle);
/* The value of field name (html_field) on the page at path (caller frees),
 * or NULL when the page did not answer 200 or has no such field. With
 * "csrf": the form's CSRF token. */
char *page_field(struct client *c, const char *path, const char *name);
/* 1 when r is a 303 to exactly to; otherwise 0, printing what came. */
int redirect_is(const struct resp *r, const char *to);
/* POSTs the staff login form (fresh csrf and correctly answered captcha).
 * out as client_post (caller frees). 0 or -1 (no form or captcha, or a
 * transport error). Unless client_manual_2fa: when the server asks for the
 * two-factor code (303 to /staf/login/kode), the code step is answered and
 * out is its answer; when it sends the officer to enrol (303 to
 * /staf/dua-langkah), c enrols (staf_enrol) and logs in again, and out is
 * that login's answer. */
int staf_login_post(struct client *c, const char *user, const char *password, struct resp *out);
/* POSTs the staff password change form with its csrf. out as client_post
 * (caller frees). 0 or -1. Unless client_manual_2fa: after a 303, an
 * officer the server then sends to enrol (the officer of c's last
 * staf_login_post) is enrolled through a client of its own, which leaves
 * c's session and its pending message alone. */
int staf_password_post(struct client *c, const char *old, const char *password, const char *password2,
		       struct resp *out);
/* Logs c in with a one-time password otp (must be sent on to
 * /staf/password) and replaces it with password (must answer 303). 0 or -1. */
int staf_first_login(struct client *c, const char *user, const char *otp, const char *password);
/* A client of an officer created with `loket admin add` (named nama when
 * not NULL), logged in, one-time password replaced with password, and
 * enrolled in two-factor login when the server requires it (caller frees
 * with client_free), or NULL. */
struct client *staf_ready(struct srv *s, const char *user, const char *roles, const char *nama,
			  const char *password);

/* The bytes of tests/fixtures/name (e.g. "pdf/javascript.pdf") and their
 * length in *len; NUL-terminated; the caller frees. NULL when unreadable. */
char *fixture(const char *name, size_t *len);
/* ---- two-factor login (TOTP, RFC 6238) --------------------------------------
 * The harness plays each officer's authenticator app: it reads the secret
 * from the enrolment page, keeps it per (server directory, username) with
 * the recovery codes shown, and computes codes itself (HMAC-SHA1 of
 * libcrypto). The server accepts a time step once per officer, so codes
 * come from the steps t-1, t and t+1 in turn, and the harness sleeps into
 * the next step only when those are used. */

/* Makes c's staf_* helpers leave the two-factor steps to the test (on) or
 * answer them (off, the default). */
void client_manual_2fa(struct client *c, int on);
/* Enrols the officer user logged in on c: GET /staf/dua-langkah, reads the
 * secret shown for manual entry, POSTs a code, keeps the recovery codes of
 * the answer. 0 when the answer was the recovery codes page, else -1. */
int staf_enrol(struct client *c, const char *user);
/* The next unused code of user (marked used), sleeping into the next time
 * step when needed; 0, or -1 when the harness holds no secret for user. */
int totp_code(struct srv *s, const char *user, char out[7]);
/* The code of user for Unix time t, without marking anything used (for
 * replays and clock skew); 0 or -1. */
int totp_code_at(struct srv *s, const char *user, long long t, char out[7]);
/* The secret of user as the enrolment page showed it (base32, borrowed),
 * or NULL. */
const char *totp_secret(struct srv *s, const char *user);
/* The next recovery code of user's last enrolment or renewal that this
 * function has not handed out yet (borrowed), or NULL. */
const char *totp_recovery(struct srv *s, const char *user);
/* Remembers recovery codes shown in page html for user (after a renewal);
 * the number found. */
int totp_keep_recovery(struct srv *s, const char *user, const char *html);
/* Forgets what the harness holds for user (after a reset), or for every
 * user of directory dir. */
void totp_forget(struct srv *s, const char *user);
void totp_forget_dir(const char *dir);
/* `loket admin reset-2fa USER`: 0 when it succeeded (the harness forgets
 * the user's secret), else -1. */
int srv_admin_reset_2fa(struct srv *s, const char *user);
/* GETs /staf/login/kode for its csrf and POSTs code (in field, "kode" or
 * "kode_pemulihan"); out as client_post (caller frees). 0 or -1. */
int staf_code_post(struct client *c, const char *field, const char *code, struct resp *out);

/* ---- crashes and storage faults (harness_fault.c) ---------------------------
 * The fault disk (tests/http/faultfs.c) is preloaded into a server started
 * with fault_env; fault_set then makes its disk fill up or turn read-only. */

/* env (NULL-terminated, may be NULL) plus the entries that preload the
 * fault disk: a static array, valid until the next call. */
const char *const *fault_env(const char *const *env);
/* "nospc", "rofs", "slow" (every write waits 3 s), or NULL: a working disk. */
void fault_set(const char *mode);
/* Kills the server with SIGKILL, as a crash or a power cut would, and
 * reaps it; its directory and database stay. */
void srv_crash(struct srv *s);
/* Starts the server again on its directory and database (after
 * srv_crash), on a new port. 0 or -1. */
int srv_respawn(struct srv *s, const char *const *env);
/* srv_respawn, then waits up to 5 s for the file sweep at start to log
 * what it did ("sweep: files: ..."; it logs only when it did something).
 * 0 or -1. */
int srv_respawn_swept(struct srv *s, const char *const *env);
/* Sets the modification time of every file under DATA/files back by secs
 * (files a crash left long ago). The number of files. */
int srv_age_files(struct srv *s, long secs);
/* Names of the regular files under DATA/files/sub, one per line (caller
 * frees; "" when none). */
char *srv_file_names(struct srv *s, const char *sub);

#endif
