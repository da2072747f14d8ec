-- Named counters behind human-facing numbers such as application codes
-- (AKL33268296): db_sequence_next() bumps one row with a single upsert.
-- BIGINT rather than INTEGER: a counter never needs the identity rewrite.

CREATE TABLE sequences (
	name TEXT PRIMARY KEY,
	value BIGINT NOT NULL
);
