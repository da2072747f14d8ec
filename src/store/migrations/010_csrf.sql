-- Secrets every instance shares, made once by whichever instance needs one
-- first (INSERT ... ON CONFLICT DO NOTHING, then SELECT): today 'csrf', the
-- key that signs the CSRF tokens of forms shown without a session
-- (src/domain/csrf.c). nilai is the key in hex.

CREATE TABLE kunci_server (
	nama TEXT PRIMARY KEY,
	nilai TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
