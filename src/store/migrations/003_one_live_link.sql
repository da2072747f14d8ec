-- At most one live link of a kind per account, also when two officers send
-- an activation link at the same moment: the second insert fails.
CREATE UNIQUE INDEX token_live ON token (pemohon_id, jenis) WHERE used_at IS NULL;
