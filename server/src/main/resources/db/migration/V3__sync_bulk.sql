-- A bulk record create (one pushed mutation inserting many rows) owns a block of change-log sequences:
-- seq .. seq_last. A client's own writes are left out of its conflict checks, the rows of its bulk creates too.
ALTER TABLE sync_mutations ADD COLUMN seq_last bigint;
CREATE INDEX sync_mutations_seq_ranges ON sync_mutations (company_id, client_id, seq_last)
    WHERE seq_last IS NOT NULL;
