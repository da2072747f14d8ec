-- Grup Pemohon (manual B.4, Tabel 2): schools, health facilities, village
-- and district offices that apply on behalf of residents. A member works in
-- personal mode or in one of their groups' modes; an application records
-- the mode it was made in (grup_id 0 = personal), and pemohon_id stays the
-- member who made it.

CREATE TABLE grup (
	id INTEGER PRIMARY KEY,
	nama TEXT NOT NULL,
	jenis TEXT NOT NULL,            -- sekolah | faskes | desa | kecamatan | lainnya
	aktif INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

-- The region scope: district (33.26.07) or village (33.26.07.2008) codes.
CREATE TABLE grup_wilayah (
	id INTEGER PRIMARY KEY,
	grup_id INTEGER NOT NULL REFERENCES grup (id),
	kode TEXT NOT NULL,
	UNIQUE (grup_id, kode)
);

-- The special (group-only) services the group may use, by service id.
CREATE TABLE grup_layanan (
	id INTEGER PRIMARY KEY,
	grup_id INTEGER NOT NULL REFERENCES grup (id),
	layanan_id INTEGER NOT NULL REFERENCES layanan (id),
	UNIQUE (grup_id, layanan_id)
);

CREATE TABLE grup_anggota (
	id INTEGER PRIMARY KEY,
	grup_id INTEGER NOT NULL REFERENCES grup (id),
	pemohon_id INTEGER NOT NULL REFERENCES pemohon (id),
	oleh INTEGER REFERENCES staf (id),   -- the officer who raised them
	created_at INTEGER NOT NULL,
	UNIQUE (grup_id, pemohon_id)
);
CREATE INDEX grup_anggota_pemohon ON grup_anggota (pemohon_id);

ALTER TABLE pengajuan ADD COLUMN grup_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX pengajuan_grup ON pengajuan (grup_id, id);

-- A supporting document belongs to the mode it was uploaded in: a group's
-- library is shared by its members, a personal one is the member's own.
ALTER TABLE dokumen ADD COLUMN grup_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX dokumen_grup ON dokumen (grup_id, id);

-- The web session's mode (0 = personal). The API states it per call.
ALTER TABLE sesi ADD COLUMN grup_id INTEGER NOT NULL DEFAULT 0;
