// SPDX-License-Identifier: MIT
// The loket command: serve, migrate, admin (add, reset-password, reset-2fa), import-regions, export, import.
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/region.h"
#include "domain/staff.h"
#include "domain/twofactor.h"
#include "jobs/jobs.h"
#include "jobs/transport.h"
#include "lib/config.h"
#include "lib/fileio.h"
#include "lib/image.h"
#include "lib/log.h"
#include "lib/pdfsign.h"
#include "lib/secret.h"
#include "store/db.h"
#include "store/transfer.h"
#include "web/web.h"

#ifndef LOKET_VERSION
#define LOKET_VERSION "0.0.0"
#endif

static void usage(FILE *f)
{
	fputs("Usage: loket [--help] [--version] COMMAND [OPTIONS]\n"
	      "\n"
	      "Online service counter of a Dinas Kependudukan dan Pencatatan Sipil.\n"
	      "\n"
	      "Commands:\n"
	      "  serve [--listen ADDR:PORT]          serve the site (migrates first)\n"
	      "  migrate                             apply pending database migrations\n"
	      "  admin add USERNAME --role ROLES [--nama NAME]\n"
	      "                                      create a staff account; ROLES is a comma list of\n"
	      "                                      admin, verifikator, operator, penandatangan;\n"
	      "                                      prints the one-time password as the last line\n"
	      "  admin reset-password USERNAME       a new one-time password for a staff account\n"
	      "  admin reset-2fa USERNAME            clear a staff account's two-factor login (lost\n"
	      "                                      phone): its recovery codes and sessions end\n"
	      "                                      (audited); a new phone is enrolled after the\n"
	      "                                      next password login\n"
	      "  import-regions DIR                  import provinces.csv, regencies.csv, districts.csv\n"
	      "                                      and villages.csv (idn-area-data layout)\n"
	      "  export FILE                         write every table to FILE (JSON lines) to move\n"
	      "                                      the office to another database\n"
	      "  import FILE                         load an export FILE into a new, empty database\n"
	      "                                      (database_url), ids and all, in one transaction\n"
	      "  config                              print the effective configuration\n"
	      "  tte dev-ca --passphrase P [--nama NAME]\n"
	      "                                      create a development CA and signer certificate in\n"
	      "                                      tte_dir (P may come from LOKET_TTE_PASSPHRASE)\n"
	      "\n"
	      "Options for every command:\n"
	      "  --config FILE   settings file (default: ./loket.ini when present)\n"
	      "  --data DIR      data directory (default: var)\n"
	      "\n"
	      "Settings can also be given as LOKET_* environment variables, e.g. LOKET_LISTEN,\n"
	      "LOKET_DATA_DIR, LOKET_OFFICE_NAME, LOKET_BASE_URL (see README.md).\n", f);
}

/*
 * The data directory holds the database, the outbox log and (by default)
 * files_dir: 0750 for the service's user and group. A directory more open
 * than that (made by hand, or by an older version under the shell's umask)
 * is tightened, as is outbox.jsonl; SQLite's files are the store's
 * (sqlite.c). files_dir is not created here: a shared mount that is not
 * there yet must not be replaced by a local directory.
 */
static int private_data_dir(void)
{
	if (file_private_dir(g_cfg.data_dir) < 0) {
		log_error("data directory %s: %s", g_cfg.data_dir, strerror(errno));
		return -1;
	}
	if (file_restrict(g_cfg.files_dir, 0750) < 0)
		log_warn("files_dir %s: cannot restrict it to mode 0750: %s", g_cfg.files_dir, strerror(errno));
	return transport_log_private();
}

/* Exit code of `loket serve` on storage it cannot write (sysexits.h's
 * EX_CANTCREAT): systemd and the operator see why it did not start. */
#define EXIT_STORAGE 73

/* 0 when a file can be created, written and synced in dir; -1 (errno)
 * when not: read-only, full, or not this user's. */
static int dir_writable(const char *dir)
{
	char probe[4200];
	int fd, rc = -1, saved;

	snprintf(probe, sizeof probe, "%s/.loket-write-test-%ld", dir, (long)getpid());
	fd = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	errno = ENOSPC; /* a short write sets none */
	if (write(fd, "loket\n", 6) == 6 && fsync(fd) == 0)
		rc = 0;
	saved = errno;
	close(fd);
	unlink(probe);
	errno = saved;
	return rc;
}

/*
 * `loket serve` on storage it cannot write would answer every change with
 * an error: it refuses to start instead, saying what to fix. Checked: the
 * data directory, files_dir when it exists (a mount of its own), and the
 * database (a read-only file or server).
 */
static int storage_writable(void)
{
	const char *dirs[] = { g_cfg.data_dir, g_cfg.files_dir };
	char why[4300];
	struct stat st;

	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		if (i && stat(dirs[i], &st) < 0)
			continue;
		if (dir_writable(dirs[i]) < 0) {
			snprintf(why, sizeof why, "cannot write in %s: %s", dirs[i], strerror(errno));
			goto refuse;
		}
	}
	if (db_check_writable(why, sizeof why) == 0)
		return 0;
refuse:
	fprintf(stderr, "loket serve: %s\n"
		"Loket keeps its database, uploads and signed documents there and cannot serve without "
		"writing them. Make it writable by this user (or free some space), then start again.\n", why);
	log_error("serve: storage is not writable; not starting");
	return -1;
}

/* The commands that open the database or write under the data directory. */
static int writes_data(const char *cmd)
{
	static const char *const cmds[] = { "serve", "migrate", "admin", "import-regions", "export", "import", "tte" };
	size_t i;

	for (i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (!strcmp(cmd, cmds[i]))
			return 1;
	return 0;
}

static int open_db(int verbose)
{
	if (db_setup(g_cfg.data_dir, g_cfg.database_url) < 0)
		return -1;
	return db_migrate(db_thread(), verbose);
}

/* Migrates, then loads the default catalog on first run (serve, migrate). */
static int open_db_seeded(int verbose)
{
	if (open_db(verbose) < 0)
		return -1;
	return catalog_seed(db_thread(), g_cfg.catalog_dir, g_cfg.files_dir);
}

static int cmd_serve(void)
{
	sigset_t set;

	/* block before any thread starts, so that all inherit it and the
	 * server's sigwait is the one place that takes the signals */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (db_setup(g_cfg.data_dir, g_cfg.database_url) < 0)
		return 1;
	if (storage_writable() < 0)
		return EXIT_STORAGE;
	if (open_db_seeded(0) < 0 || image_init() < 0 || web_init() < 0)
		return 1;
	if (jobs_start() < 0)
		return 1;
	if (http_serve(g_cfg.listen, &web_hooks) < 0) {
		jobs_stop();
		return 1;
	}
	jobs_stop();
	catalog_free_all();
	return 0;
}

static int cmd_admin(int argc, char **argv, const char *role, const char *nama)
{
	char pw[21];
	int64_t id;
	int roles, rc;

	if (argc == 2 && !strcmp(argv[0], "reset-password")) {
		/* the way back in for an officer who lost the password (also the
		 * first admin's one-time password): a new one-time password */
		if (open_db(0) < 0)
			return 1;
		staff_generate_password(pw);
		rc = staff_reset_password(db_thread(), argv[1], pw);
		if (rc == 1) {
			fprintf(stderr, "no active staff account '%s'\n", argv[1]);
			return 1;
		}
		if (rc < 0)
			return 1;
		printf("new one-time password for '%s'; it must be changed at the next login, "
		       "and the account's sessions were ended\n%s\n", argv[1], pw);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[0], "reset-2fa")) {
		/* the way back for an officer who lost the phone and the codes */
		if (open_db(0) < 0)
			return 1;
		rc = twofa_reset(db_thread(), argv[1]);
		if (rc == 1) {
			fprintf(stderr, "no active staff account '%s'\n", argv[1]);
			return 1;
		}
		if (rc < 0)
			return 1;
		printf("two-factor login of '%s' cleared: recovery codes deleted, sessions ended; "
		       "the officer may enrol a new phone after the next password login (admin and "
		       "penandatangan must)\n", argv[1]);
		return 0;
	}
	if (argc < 2 || strcmp(argv[0], "add") || !role) {
		fputs("usage: loket admin add USERNAME --role admin|verifikator|operator|penandatangan\n"
		      "       loket admin reset-password USERNAME\n"
		      "       loket admin reset-2fa USERNAME\n", stderr);
		return 2;
	}
	roles = staff_roles_parse(role);
	if (roles < 0) {
		fprintf(stderr, "unknown role in '%s': use admin, verifikator, operator, penandatangan\n", role);
		return 2;
	}
	if (open_db(0) < 0)
		return 1;
	staff_generate_password(pw);
	rc = staff_add(db_thread(), argv[1], nama, roles, pw, &id);
	if (rc == 1) {
		fprintf(stderr, "username '%s' already exists\n", argv[1]);
		return 1;
	}
	if (rc == 2) {
		fputs("username must be 3-32 characters of a-z, 0-9, '.', '_' or '-'\n", stderr);
		return 2;
	}
	if (rc < 0)
		return 1;
	printf("created staff account '%s' (%s); the password below must be changed at first login\n",
	       argv[1], role);
	printf("%s\n", pw);
	return 0;
}

/* export FILE / import FILE: moving the office to another database. */
static int cmd_transfer(const char *cmd, int argc, char **argv)
{
	int export = !strcmp(cmd, "export");
	char *err = NULL;
	int rc;

	if (argc < 1) {
		fprintf(stderr, "usage: loket %s FILE\n", cmd);
		return 2;
	}
	/* import migrates the target itself, once the file's header is read */
	if (export ? open_db(0) < 0 : db_setup(g_cfg.data_dir, g_cfg.database_url) < 0)
		return 1;
	rc = export ? transfer_export(db_thread(), argv[0], stdout, &err)
		    : transfer_import(db_thread(), argv[0], catalog_import_checks, stdout, &err);
	if (rc < 0) {
		fprintf(stderr, "loket %s: %s\n", cmd, err ? err : "failed");
		free(err);
		return 1;
	}
	return 0;
}

/* loket tte dev-ca: a development CA and the first signer's certificate. */
static int cmd_tte(int argc, char **argv, const char *passphrase, const char *nama)
{
	char err[512] = "";

	if (argc < 1 || strcmp(argv[0], "dev-ca") != 0) {
		fputs("usage: loket tte dev-ca --passphrase P [--nama NAME]\n", stderr);
		return 2;
	}
	if (!passphrase)
		passphrase = getenv("LOKET_TTE_PASSPHRASE");
	if (!passphrase || strlen(passphrase) < 8) {
		fputs("tte dev-ca: give a passphrase of at least 8 characters (--passphrase or "
		      "LOKET_TTE_PASSPHRASE)\n",
		      stderr);
		return 2;
	}
	if (pdf_dev_ca_org(g_cfg.tte_dir, passphrase, nama, g_cfg.office_name, err, sizeof err) < 0) {
		fprintf(stderr, "tte dev-ca: %s\n", err);
		return 1;
	}
	printf("development CA and signer certificate written to %s:\n"
	       "  ca.pem      the CA certificate (trust it in a verifier, e.g. pdfsig's NSS database)\n"
	       "  signer.pem  the signer's certificate\n"
	       "  signer.p12  the signer's key, encrypted with the passphrase (give it to the signer)\n"
	       "FOR TESTING ONLY: documents signed with it are not legally valid TTE.\n"
	       "next: create the signer's account:\n"
	       "  loket admin add USERNAME --role penandatangan --nama \"%s\"\n",
	       g_cfg.tte_dir, nama && *nama ? nama : "Penandatangan Pengembangan");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "data", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },
		{ "nama", required_argument, NULL, 'n' },
		{ "passphrase", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *listen = NULL, *data = NULL, *role = NULL, *nama = NULL;
	const char *passphrase = NULL;
	char *err = NULL;
	const char *cmd;
	int c;

	/* whatever the shell's umask: every file and directory Loket makes
	 * (database, uploads, signed documents, exports, logs) is for its own
	 * user and group, never for others */
	umask(027);
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return 0;
		case 'V': printf("loket %s\n", LOKET_VERSION); return 0;
		case 'c': config = optarg; break;
		case 'l': listen = optarg; break;
		case 'd': data = optarg; break;
		default: usage(stderr); return 2;
		}
	}
	/* audited actions of the command line (the server sets the client
	 * address per request) */
	audit_origin("cli");
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind];
	/* options may also follow the command: parse the rest as its own argv */
	argc -= optind;
	argv += optind;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return 0;
		case 'c': config = optarg; break;
		case 'l': listen = optarg; break;
		case 'd': data = optarg; break;
		case 'r': role = optarg; break;
		case 'n': nama = optarg; break;
		case 'P': passphrase = optarg; break;
		default: usage(stderr); return 2;
		}
	}
	if (secret_init() < 0) {
		fputs("libsodium initialisation failed\n", stderr);
		return 1;
	}
	if (config_load(&g_cfg, config, &err) < 0) {
		fprintf(stderr, "configuration: %s\n", err ? err : "error");
		free(err);
		return 2;
	}
	if (listen)
		config_set(&g_cfg, "listen", listen);
	if (data)
		config_set(&g_cfg, "data_dir", data);
	if (config_base_url_from_listen(&g_cfg) < 0)
		return 1;
	if (!*g_cfg.files_dir) {
		char *files;

		if (asprintf(&files, "%s/files", g_cfg.data_dir) < 0)
			return 1;
		config_set(&g_cfg, "files_dir", files);
		free(files);
	}
	if (!*g_cfg.totp_key_file) {
		char *key;

		if (asprintf(&key, "%s/totp.key", g_cfg.files_dir) < 0)
			return 1;
		config_set(&g_cfg, "totp_key_file", key);
		free(key);
	}
	if (!*g_cfg.tte_dir) {
		char *tte;

		if (asprintf(&tte, "%s/tte", g_cfg.data_dir) < 0)
			return 1;
		config_set(&g_cfg, "tte_dir", tte);
		free(tte);
	}

	if (writes_data(cmd) && private_data_dir() < 0)
		return strcmp(cmd, "serve") ? 1 : EXIT_STORAGE;
	if (!strcmp(cmd, "serve"))
		return cmd_serve();
	if (!strcmp(cmd, "migrate"))
		return open_db_seeded(1) < 0 ? 1 : (puts("database is up to date"), 0);
	if (!strcmp(cmd, "admin"))
		return cmd_admin(argc - optind, argv + optind, role, nama);
	if (!strcmp(cmd, "import-regions")) {
		if (optind >= argc) {
			fputs("usage: loket import-regions DIR\n", stderr);
			return 2;
		}
		return open_db(0) < 0 || region_import(db_thread(), argv[optind]) < 0 ? 1 : 0;
	}
	if (!strcmp(cmd, "export") || !strcmp(cmd, "import"))
		return cmd_transfer(cmd, argc - optind, argv + optind);
	if (!strcmp(cmd, "tte"))
		return cmd_tte(argc - optind, argv + optind, passphrase, nama);
	if (!strcmp(cmd, "config")) {
		config_dump(&g_cfg, stdout);
		return 0;
	}
	fprintf(stderr, "unknown command '%s'\n\n", cmd);
	usage(stderr);
	return 2;
}
