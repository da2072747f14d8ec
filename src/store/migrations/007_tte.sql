-- Signed documents (TTE): a finished document, once signed, has a signed
-- file, a public verification code (the QR code's URL) and a one-time
-- download window.
ALTER TABLE dokumen_jadi ADD COLUMN berkas_ttd TEXT;          -- FILES_DIR/ttd/STEM.pdf
ALTER TABLE dokumen_jadi ADD COLUMN sha256_ttd TEXT;          -- of the signed file, hex
ALTER TABLE dokumen_jadi ADD COLUMN kode_verifikasi TEXT;     -- /verifikasi/{kode}
ALTER TABLE dokumen_jadi ADD COLUMN ditandatangani_at INTEGER;
ALTER TABLE dokumen_jadi ADD COLUMN penandatangan_id INTEGER REFERENCES staf (id);
ALTER TABLE dokumen_jadi ADD COLUMN penandatangan_nama TEXT;
ALTER TABLE dokumen_jadi ADD COLUMN penandatangan_jabatan TEXT;
ALTER TABLE dokumen_jadi ADD COLUMN unduh_sampai INTEGER;     -- end of the download window
ALTER TABLE dokumen_jadi ADD COLUMN diunduh_at INTEGER;       -- the one download, when complete
ALTER TABLE dokumen_jadi ADD COLUMN dicabut_at INTEGER;
ALTER TABLE dokumen_jadi ADD COLUMN alasan_cabut TEXT;
CREATE UNIQUE INDEX dokumen_jadi_kode ON dokumen_jadi (kode_verifikasi);
CREATE INDEX dokumen_jadi_sha ON dokumen_jadi (sha256_ttd);
