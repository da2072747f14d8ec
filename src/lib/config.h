// SPDX-License-Identifier: MIT
// Runtime configuration: built-in defaults, then loket.ini, then LOKET_* env.
#ifndef LOKET_CONFIG_H
#define LOKET_CONFIG_H

#include <stddef.h>
#include <stdio.h>

struct config {
	/* [app] */
	char *app_name;          /* short application name in the header */
	char *app_tagline;       /* line under the name */
	char *office_name;       /* "Dinas Kependudukan dan Pencatatan Sipil Kabupaten ..." */
	char *regency_code;      /* Kemendagri code of the office's regency, "33.26" */
	char *base_url;          /* public URL used in links sent by WhatsApp/e-mail (unset: http://LISTEN) */
	char *support_phone;     /* help line shown to residents */
	/* [server] */
	char *listen;            /* ADDR:PORT */
	char *data_dir;
	char *database_url;      /* empty: DATA_DIR/loket.db (SQLite) */
	char *files_dir;         /* uploads and generated documents; empty: DATA_DIR/files.
	                          * With several instances, a directory all of them mount. */
	char *catalog_dir;       /* default service catalog loaded on first run */
	char *templates_dir;
	char *static_dir;
	char *bootstrap_dir;
	char *icons_dir;
	char *chartjs_dir;
	int threads;
	int secure_cookies;      /* 1 when served over TLS (behind a proxy) */
	int trust_proxy;         /* take the client address from X-Forwarded-For */
	char *totp_key_file;     /* key sealing the officers' TOTP secrets; empty:
	                          * FILES_DIR/totp.key (created on first use).
	                          * Every instance needs the same key. */
	/* [limits] */
	long max_body;           /* bytes */
	long max_header;         /* bytes, all request headers together */
	long max_fields;
	long max_field_len;      /* bytes of one field value */
	long max_conns;          /* open connections in all, >= threads */
	long max_conns_per_ip;   /* open connections from one address; 0: no cap */
	long header_timeout;     /* seconds to read a whole request header */
	long body_min_rate;      /* bytes per second a request body must average */
	long body_grace;         /* seconds of body before body_min_rate applies */
	long idle_timeout;       /* seconds without a byte before a connection closes */
	long session_idle;       /* seconds */
	long session_max;        /* seconds */
	long captcha_ttl;        /* seconds */
	long activation_ttl;     /* seconds */
	long activation_tries;
	long reset_ttl;          /* seconds */
	long code_ttl;           /* seconds, phone/e-mail change codes */
	long code_tries;
	long login_max_account;  /* wrong signing passphrases / old passwords per account within login_window */
	long login_max_ip;       /* login failures from one address (any account) within login_window
	                          * before each further one makes the address wait */
	long login_window;       /* seconds */
	long login_lockout;      /* seconds: the longest wait a failure can cause */
	long login_free;         /* login failures of one account from one address before each
	                          * further one makes that pair wait (1 s, doubling) */
	long login_step_up;      /* login failures of one account (any address) within login_window
	                          * after which its login also asks for a second factor */
	long public_max_ip;      /* registrations, status checks, password-reset requests from one
	                          * address within public_window (each form counts on its own) */
	long public_max_nik;     /* the same for one NIK */
	long public_window;      /* seconds */
	long send_max_hour;      /* reset, activation, login and change-code messages per account per hour */
	long chat_max_hour;      /* chat messages per application and side per hour */
	long page_size;
	long upload_max;         /* bytes of one supporting-document file */
	long min_free_mb;        /* /readyz: free space (MiB) the data and files directories keep */
	long body_disk_max;      /* bytes of request bodies waiting in FILES_DIR/tmp, all together */
	long upload_max_pixels;  /* width x height refused before decoding */
	int upload_pdf;          /* accept PDF supporting documents */
	long chat_max;           /* characters of one chat message */
	long chat_notify_window; /* seconds: at most one chat WhatsApp per window */
	/* TTE (signed documents) */
	char *tte_signer;        /* local | bsre */
	char *tte_dir;           /* local signer: signer.p12, ca.pem; empty: DATA_DIR/tte */
	char *tte_jabatan;       /* the signer's position printed on the stamp */
	long tte_download_days;  /* days a signed document can be downloaded (once) */
	char *bsre_url, *bsre_user, *bsre_password, *bsre_nik; /* bsre signer */
	/* [notify] */
	char *whatsapp_transport;  /* log | whatsapp | none */
	char *email_transport;     /* log | smtp | none */
	char *whatsapp_url;
	char *whatsapp_token;
	char *whatsapp_format;     /* fonnte | cloud */
	char *smtp_url;            /* smtp://host:587 */
	char *smtp_user;
	char *smtp_password;
	char *smtp_from;
	long notify_max_attempts;
};

/* Fills cfg with defaults, then the INI file (if path is non-NULL, or
 * "loket.ini" when it exists), then LOKET_* variables. Returns 0, or -1 with
 * a message in err (caller frees). */
int config_load(struct config *cfg, const char *path, char **err);
/* Sets one key by name as the INI and env layers do ("listen", "data_dir"). */
int config_set(struct config *cfg, const char *key, const char *value);
/* When base_url is unset: the address the server listens on
 * (http://LISTEN; a wildcard host becomes 127.0.0.1), so links work on
 * the first run. Returns 1 when it set base_url, 0 when it was set, -1. */
int config_base_url_from_listen(struct config *cfg);
void config_free(struct config *cfg);
/* Writes "key = value" lines of every setting, secrets masked. */
void config_dump(const struct config *cfg, FILE *f);

/* The process-wide configuration, set once at start-up, read-only after. */
extern struct config g_cfg;

#endif
