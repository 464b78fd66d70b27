-- A bulk load writes one change-log row per block of records instead of one per record (issue 14): the row's
-- record_ids are the block's records in order, and they own the sequences seq - cardinality(record_ids) + 1 .. seq
-- (the block row sits at the last of them, so a pull cursor inside the block still finds it). entity 'records',
-- entity_id the table. A pull expands the block into one change per record (SyncRepository.changes).
ALTER TABLE change_log ADD COLUMN record_ids uuid[];
