-- Back office: service limits of staff, the officers' hold on an
-- application, process steps, finished documents, office settings, the
-- report roll-ups and where an audited action came from.

-- A staff member limited to some services; no row = every service.
CREATE TABLE staf_layanan (
	id INTEGER PRIMARY KEY,
	staf_id INTEGER NOT NULL REFERENCES staf (id),
	layanan_id INTEGER NOT NULL REFERENCES layanan (id),
	UNIQUE (staf_id, layanan_id)
);

-- Client address of the request behind an audited action ("cli" for the
-- command line). The audit table stays append-only: nothing updates or
-- deletes its rows.
ALTER TABLE audit ADD COLUMN asal TEXT;
CREATE INDEX audit_waktu ON audit (created_at, id);
CREATE INDEX audit_staf ON audit (staf_id, created_at);

-- antrean: which work queue holds the application (verifikasi | proses |
-- tte | serah; NULL when it is not the office's turn). ditangani_oleh/_at:
-- the officer who took it ("sedang ditangani oleh X"), cleared when it
-- moves to another queue. tenggat_at: when the current step runs past its
-- standard time (NULL outside the queues). kembali_data: what the
-- application held when it was last returned (JSON), for the officer's
-- "what changed" view. cara_selesai: how the document left the office.
ALTER TABLE pengajuan ADD COLUMN antrean TEXT;
ALTER TABLE pengajuan ADD COLUMN ditangani_oleh INTEGER REFERENCES staf (id);
ALTER TABLE pengajuan ADD COLUMN ditangani_at INTEGER;
ALTER TABLE pengajuan ADD COLUMN status_at INTEGER;
ALTER TABLE pengajuan ADD COLUMN tenggat_at INTEGER;
ALTER TABLE pengajuan ADD COLUMN kembali_data TEXT;
ALTER TABLE pengajuan ADD COLUMN cara_selesai TEXT;
ALTER TABLE pengajuan ADD COLUMN selesai_at INTEGER;
UPDATE pengajuan SET status_at = COALESCE(dikirim_at, created_at);
UPDATE pengajuan SET antrean = 'verifikasi' WHERE status = 'DIKIRIM';
CREATE INDEX pengajuan_antrean ON pengajuan (antrean, id);
CREATE INDEX pengajuan_tenggat ON pengajuan (tenggat_at) WHERE tenggat_at IS NOT NULL;
CREATE INDEX pengajuan_dikirim ON pengajuan (dikirim_at);
-- officers search by exact NIK, and by the start of a name
CREATE INDEX pengajuan_nik ON pengajuan (nik);
CREATE INDEX pengajuan_nama ON pengajuan (lower(nama));

-- Process steps recorded by officers. durasi: seconds since the previous
-- milestone (the last step, or the approval); baku: the step's standard
-- time in seconds, copied from the application's definition.
CREATE TABLE pengajuan_langkah (
	id INTEGER PRIMARY KEY,
	pengajuan_id INTEGER NOT NULL REFERENCES pengajuan (id),
	layanan_id INTEGER NOT NULL REFERENCES layanan (id),
	langkah TEXT NOT NULL,
	nama TEXT NOT NULL,
	catatan TEXT NOT NULL,
	staf_id INTEGER REFERENCES staf (id),
	durasi INTEGER NOT NULL,
	baku INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX pengajuan_langkah_pengajuan ON pengajuan_langkah (pengajuan_id, id);

-- Finished documents (PDFs from SIAK) attached by the operator, stored
-- under FILES_DIR/jadi/BERKAS.pdf. AUTOINCREMENT: SQLite would otherwise
-- give a removed document's id to the next one, and an old link would open
-- it.
CREATE TABLE dokumen_jadi (
	id INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: links name it
	pengajuan_id INTEGER NOT NULL REFERENCES pengajuan (id),
	berkas TEXT NOT NULL UNIQUE,
	nama TEXT NOT NULL,             -- what the document is: "Kartu Keluarga"
	nama_asli TEXT NOT NULL,
	ukuran INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	staf_id INTEGER REFERENCES staf (id),
	created_at INTEGER NOT NULL
);
CREATE INDEX dokumen_jadi_pengajuan ON dokumen_jadi (pengajuan_id, id);

-- Office settings edited by the admin (name, logo, footer, hours text,
-- notification transports); a key absent here falls back to loket.ini.
CREATE TABLE pengaturan (
	kunci TEXT PRIMARY KEY,
	nilai TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);

-- Report roll-ups, kept in the same transaction as the change they count.
-- hari: the WIB day number, (t + 25200) / 86400. Every table has a single
-- id column so that `loket export` can page through it by key.
-- Applications by the day they were created, service and current status.
CREATE TABLE rekap_pengajuan (
	id INTEGER PRIMARY KEY,
	hari INTEGER NOT NULL,
	layanan_id INTEGER NOT NULL,
	status TEXT NOT NULL,
	jumlah BIGINT NOT NULL,
	UNIQUE (hari, layanan_id, status)
);
INSERT INTO rekap_pengajuan (hari, layanan_id, status, jumlah)
	SELECT (created_at + 25200) / 86400, layanan_id, status, COUNT(*) FROM pengajuan
	GROUP BY (created_at + 25200) / 86400, layanan_id, status;

-- Step times as a histogram: ember is the bucket of durasi on a 5 %
-- geometric scale (report.h), so averages are exact and percentiles within
-- one bucket.
CREATE TABLE rekap_langkah (
	id INTEGER PRIMARY KEY,
	hari INTEGER NOT NULL,
	layanan_id INTEGER NOT NULL,
	langkah TEXT NOT NULL,
	ember INTEGER NOT NULL,
	jumlah BIGINT NOT NULL,
	total_detik BIGINT NOT NULL,
	terlambat BIGINT NOT NULL,      -- how many ran past the standard time
	UNIQUE (hari, layanan_id, langkah, ember)
);

-- Registration decisions by day: hasil disetujui | ditolak.
CREATE TABLE rekap_pendaftaran (
	id INTEGER PRIMARY KEY,
	hari INTEGER NOT NULL,
	hasil TEXT NOT NULL,
	jumlah BIGINT NOT NULL,
	UNIQUE (hari, hasil)
);
INSERT INTO rekap_pendaftaran (hari, hasil, jumlah)
	SELECT (diverifikasi_at + 25200) / 86400, 'disetujui', COUNT(*) FROM pemohon
	WHERE diverifikasi_at IS NOT NULL AND status IN ('disetujui', 'aktif')
	GROUP BY (diverifikasi_at + 25200) / 86400;
INSERT INTO rekap_pendaftaran (hari, hasil, jumlah)
	SELECT (diverifikasi_at + 25200) / 86400, 'ditolak', COUNT(*) FROM pemohon
	WHERE diverifikasi_at IS NOT NULL AND status = 'ditolak'
	GROUP BY (diverifikasi_at + 25200) / 86400;
