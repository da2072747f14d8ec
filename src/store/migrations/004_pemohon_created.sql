-- The officers' "semua" (all statuses) list walks registrations oldest first;
-- this index keeps its first page flat however many there are.
CREATE INDEX pemohon_created ON pemohon (created_at, id);
