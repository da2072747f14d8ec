-- Two-factor login for staff (TOTP, RFC 6238).
--
-- totp_rahasia: the 160-bit secret of the officer's authenticator app,
-- sealed with the key of totp_key_file (XChaCha20-Poly1305, bound to
-- "staf:ID"), never in clear; NULL while the officer has not enrolled.
-- totp_calon: the sealed secret shown on the enrolment page and not yet
-- confirmed with a code. totp_langkah: the last accepted time step; a code
-- of that step or an earlier one is refused (RFC 6238 section 5.2), decided
-- by a conditional UPDATE. totp_sejak: when the enrolment was confirmed.
ALTER TABLE staf ADD COLUMN totp_rahasia TEXT;
ALTER TABLE staf ADD COLUMN totp_calon TEXT;
ALTER TABLE staf ADD COLUMN totp_langkah INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staf ADD COLUMN totp_sejak INTEGER;

-- One-time recovery codes (SHA-256 of the code only); a code is deleted
-- when used, and all of them when the officer makes new ones.
CREATE TABLE staf_pemulihan (
	id INTEGER PRIMARY KEY,
	staf_id INTEGER NOT NULL REFERENCES staf (id),
	kode_hash TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (staf_id, kode_hash)
);

-- The web login's second step: the officer who gave the right password in
-- this (anonymous) browser session and must still give a code, until when.
ALTER TABLE sesi ADD COLUMN staf_kode_id INTEGER;
ALTER TABLE sesi ADD COLUMN staf_kode_sampai INTEGER;
