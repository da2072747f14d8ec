-- Foundation schema: regions, applicant and staff accounts, sessions,
-- captchas, tokens, throttling, notification outbox and audit log.
-- Portable subset of SQLite and PostgreSQL; times are Unix seconds (UTC).

CREATE TABLE provinsi (
	kode TEXT PRIMARY KEY,
	nama TEXT NOT NULL
);

CREATE TABLE kabupaten (
	kode TEXT PRIMARY KEY,
	provinsi_kode TEXT NOT NULL REFERENCES provinsi (kode),
	nama TEXT NOT NULL
);
CREATE INDEX kabupaten_induk ON kabupaten (provinsi_kode, kode);

CREATE TABLE kecamatan (
	kode TEXT PRIMARY KEY,
	kabupaten_kode TEXT NOT NULL REFERENCES kabupaten (kode),
	nama TEXT NOT NULL
);
CREATE INDEX kecamatan_induk ON kecamatan (kabupaten_kode, kode);

CREATE TABLE desa (
	kode TEXT PRIMARY KEY,
	kecamatan_kode TEXT NOT NULL REFERENCES kecamatan (kode),
	nama TEXT NOT NULL
);
CREATE INDEX desa_induk ON desa (kecamatan_kode, kode);

CREATE TABLE staf (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	nama TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	roles TEXT NOT NULL,            -- comma-separated: admin,verifikator,...
	aktif INTEGER NOT NULL DEFAULT 1,
	ganti_password INTEGER NOT NULL DEFAULT 1, -- one-time password in force
	created_at INTEGER NOT NULL
);

-- One row per NIK. A rejected applicant who registers again overwrites it.
CREATE TABLE pemohon (
	id INTEGER PRIMARY KEY,
	nik TEXT NOT NULL UNIQUE,
	nama TEXT NOT NULL,
	no_kk TEXT NOT NULL,
	tempat_lahir TEXT NOT NULL,
	tanggal_lahir TEXT NOT NULL,    -- YYYY-MM-DD
	nama_ibu TEXT NOT NULL,
	kode_desa TEXT NOT NULL REFERENCES desa (kode),
	no_hp TEXT NOT NULL,            -- 628...
	email TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	status TEXT NOT NULL,           -- menunggu | disetujui | ditolak | aktif
	peringatan TEXT,                -- NIK warnings shown to the verifier
	alasan_tolak TEXT,
	diverifikasi_oleh INTEGER REFERENCES staf (id),
	diverifikasi_at INTEGER,
	aktif_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX pemohon_status ON pemohon (status, created_at);

-- Server-side sessions; the cookie or bearer token holds the id, the row
-- holds only its SHA-256.
CREATE TABLE sesi (
	id_hash TEXT PRIMARY KEY,
	jenis TEXT NOT NULL,            -- anon | pemohon | staf
	subjek_id INTEGER,
	api INTEGER NOT NULL DEFAULT 0, -- 1: bearer token of the JSON API
	csrf TEXT NOT NULL,
	flash TEXT,
	daftar_ulang_id INTEGER,        -- rejected account whose owner proved the password
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sesi_subjek ON sesi (jenis, subjek_id);
CREATE INDEX sesi_expiry ON sesi (expires_at);

CREATE TABLE captcha (
	id_hash TEXT PRIMARY KEY,
	sesi_hash TEXT,                 -- NULL for the API's captchas
	jawaban INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX captcha_expiry ON captcha (expires_at);

-- Single-use links (aktivasi, reset); only the hash is stored.
CREATE TABLE token (
	hash TEXT PRIMARY KEY,
	jenis TEXT NOT NULL,            -- aktivasi | reset
	pemohon_id INTEGER NOT NULL REFERENCES pemohon (id),
	percobaan INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
);
CREATE INDEX token_pemohon ON token (pemohon_id, jenis);

-- 6-digit codes confirming a new phone number or e-mail address.
CREATE TABLE kode_verifikasi (
	id INTEGER PRIMARY KEY,
	pemohon_id INTEGER NOT NULL REFERENCES pemohon (id),
	jenis TEXT NOT NULL,            -- hp | email
	nilai_baru TEXT NOT NULL,
	kode_hash TEXT NOT NULL,
	percobaan INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
);
CREATE INDEX kode_verifikasi_pemohon ON kode_verifikasi (pemohon_id, jenis);

-- Failure counters for login and other guessable secrets; the key is a
-- hash, never a NIK or an address in clear.
CREATE TABLE throttle (
	kunci TEXT PRIMARY KEY,
	jumlah INTEGER NOT NULL,
	window_start INTEGER NOT NULL,
	locked_until INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	channel TEXT NOT NULL,          -- whatsapp | email
	recipient TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending', -- pending | sent | failed
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	locked_until INTEGER NOT NULL DEFAULT 0,
	last_error TEXT,
	created_at INTEGER NOT NULL,
	sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	staf_id INTEGER REFERENCES staf (id),
	aksi TEXT NOT NULL,
	objek TEXT NOT NULL,            -- e.g. pemohon:12
	detail TEXT,
	created_at INTEGER NOT NULL
);
CREATE INDEX audit_objek ON audit (objek, created_at);
