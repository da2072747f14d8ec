-- Abuse resistance (issue 11). A message that carries a secret (an
-- activation or reset link, a code) keeps in `body` only the text with the
-- secret masked, which is all staff can read; the full text waits in
-- `rahasia` until the message is delivered or fails for good.
ALTER TABLE outbox ADD COLUMN rahasia TEXT;
-- Messages queued before: their links and codes are hidden the same way.
UPDATE outbox SET rahasia = body, body = '(Isi pesan disembunyikan: memuat tautan atau kode rahasia.)'
	WHERE status = 'pending' AND (body LIKE '%/pemohon/aktivasi/%' OR body LIKE '%/pemohon/reset/%'
	OR body LIKE '%gunakan kode%');
UPDATE outbox SET body = '(Isi pesan disembunyikan: memuat tautan atau kode rahasia.)'
	WHERE status <> 'pending' AND (body LIKE '%/pemohon/aktivasi/%' OR body LIKE '%/pemohon/reset/%'
	OR body LIKE '%gunakan kode%');
-- The applicant whose login in this browser waits for the code sent to
-- their WhatsApp and e-mail (an account under a password-guessing attack).
ALTER TABLE sesi ADD COLUMN masuk_pemohon_id INTEGER;
