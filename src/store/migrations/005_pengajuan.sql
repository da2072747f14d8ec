-- Service catalog, information posts, forms, applications (pengajuan),
-- supporting documents, status history and chat.

-- One row per service. definisi_id points at the definition in force; an
-- application keeps the definition it was made under.
CREATE TABLE layanan (
	id INTEGER PRIMARY KEY,
	kode TEXT NOT NULL UNIQUE,      -- URL slug: akta-kelahiran
	prefix TEXT NOT NULL UNIQUE,    -- application-code prefix: AKL
	nama TEXT NOT NULL,
	urutan INTEGER NOT NULL,
	aktif INTEGER NOT NULL DEFAULT 1,
	definisi_id INTEGER,            -- layanan_definisi (id)
	updated_at INTEGER NOT NULL
);

-- Immutable snapshots of a service's definition (catalog/README.md: the
-- whole JSON object: texts, fields, documents, steps, outputs, rules).
CREATE TABLE layanan_definisi (
	id INTEGER PRIMARY KEY,
	layanan_id INTEGER NOT NULL REFERENCES layanan (id),
	definisi TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

-- Files the catalog serves (forms, example images), stored under
-- FILES_DIR/katalog/berkas.
CREATE TABLE formulir (
	id INTEGER PRIMARY KEY,
	layanan_id INTEGER REFERENCES layanan (id),
	judul TEXT NOT NULL,
	berkas TEXT NOT NULL,
	ukuran INTEGER NOT NULL,
	urutan INTEGER NOT NULL
);
CREATE INDEX formulir_layanan ON formulir (layanan_id, urutan);

CREATE TABLE informasi (
	id INTEGER PRIMARY KEY,
	jenis TEXT NOT NULL,            -- umum | rahasia | sistem
	judul TEXT NOT NULL,
	isi TEXT NOT NULL,              -- Markdown
	kunci TEXT UNIQUE,              -- sistem posts: one per event (tutup:KODE:DATE)
	terbit_at INTEGER NOT NULL,
	berakhir_at INTEGER,            -- NULL: no end
	created_at INTEGER NOT NULL
);
CREATE INDEX informasi_terbit ON informasi (terbit_at);

CREATE TABLE pengajuan (
	id INTEGER PRIMARY KEY,
	kode TEXT NOT NULL UNIQUE,      -- AKL33268296
	pemohon_id INTEGER NOT NULL REFERENCES pemohon (id),
	layanan_id INTEGER NOT NULL REFERENCES layanan (id),
	definisi_id INTEGER NOT NULL REFERENCES layanan_definisi (id),
	status TEXT NOT NULL,           -- DRAFT, DIKIRIM, ... (domain/application.h)
	nik TEXT NOT NULL,
	nama TEXT NOT NULL,
	no_kk TEXT NOT NULL,
	no_hp TEXT NOT NULL,
	email TEXT NOT NULL,
	kode_desa TEXT NOT NULL,
	detail TEXT NOT NULL,
	isian TEXT NOT NULL,            -- JSON object: the service's own fields
	pilihan_dokumen_jadi TEXT NOT NULL DEFAULT 'otomatis',
	chat_baca_pemohon INTEGER NOT NULL DEFAULT 0, -- last chat id the applicant saw
	chat_baca_staf INTEGER NOT NULL DEFAULT 0,
	chat_wa_at INTEGER NOT NULL DEFAULT 0,        -- last chat WhatsApp notice
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	dikirim_at INTEGER
);
CREATE INDEX pengajuan_pemohon ON pengajuan (pemohon_id, id);
CREATE INDEX pengajuan_status ON pengajuan (status, id);
CREATE INDEX pengajuan_layanan ON pengajuan (layanan_id, created_at);

-- The applicant's library of uploaded files, reusable across applications.
CREATE TABLE dokumen (
	id INTEGER PRIMARY KEY,
	pemohon_id INTEGER NOT NULL REFERENCES pemohon (id),
	berkas TEXT NOT NULL UNIQUE,    -- random stem under FILES_DIR/dokumen/
	ext TEXT NOT NULL,              -- jpg | png | pdf
	mime TEXT NOT NULL,
	nama_asli TEXT NOT NULL,
	ukuran INTEGER NOT NULL,
	lebar INTEGER NOT NULL,
	tinggi INTEGER NOT NULL,
	tanggal TEXT NOT NULL,          -- Tanggal Dokumen, YYYY-MM-DD
	lembar INTEGER NOT NULL,
	keterangan TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX dokumen_pemohon ON dokumen (pemohon_id, id);

CREATE TABLE pengajuan_dokumen (
	id INTEGER PRIMARY KEY,
	pengajuan_id INTEGER NOT NULL REFERENCES pengajuan (id),
	jenis TEXT NOT NULL,            -- document type kode of the definition
	dokumen_id INTEGER NOT NULL REFERENCES dokumen (id),
	created_at INTEGER NOT NULL,
	UNIQUE (pengajuan_id, jenis, dokumen_id)
);

CREATE TABLE pengajuan_riwayat (
	id INTEGER PRIMARY KEY,
	pengajuan_id INTEGER NOT NULL REFERENCES pengajuan (id),
	status TEXT NOT NULL,
	aktor TEXT NOT NULL,            -- pemohon | staf | sistem
	aktor_id INTEGER,
	aktor_nama TEXT NOT NULL,
	catatan TEXT,
	created_at INTEGER NOT NULL
);
CREATE INDEX pengajuan_riwayat_pengajuan ON pengajuan_riwayat (pengajuan_id, id);

CREATE TABLE chat (
	id INTEGER PRIMARY KEY,
	pengajuan_id INTEGER NOT NULL REFERENCES pengajuan (id),
	dari TEXT NOT NULL,             -- pemohon | staf
	staf_id INTEGER REFERENCES staf (id),
	isi TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX chat_pengajuan ON chat (pengajuan_id, id);
